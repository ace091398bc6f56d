//! The `vum` format: VUM (Verbeteren Uitwisseling Matchingsgegevens) data standard 1.5, as the
//! source contracts of koppelvlak 3.0.0 define it (`VUM-Bron-WerkzoekendeProfielen.yaml`,
//! `VUM-Bron-Vacatures.yaml`).
//!
//! Reads the detail profile (`Werkzoekende`) and the matching profile (`MPWerkzoekendeMatch`),
//! and `Vacature` and its matching form; writes the detail forms. The element-by-element mapping
//! is `schema/v1/vum-mapping.csv`, documented in `docs/formats/vum.md`.
//!
//! What VUM cannot carry (identity, home address, metadata, most municipal support data, CEFR
//! precision, salary ranges, ...) is reported as lost when encoding; what the canonical model
//! lacks (codes outside VUM's own lists, malformed postcodes or URIs) when decoding.

mod decode;
mod encode;
pub mod types;

use serde_json::Value;
use werkbrug_model::DocumentType;

use crate::loss::{self, LossKind, LossReport, Reasons};
use crate::tree::{Node, to_node};
use crate::{
    CanonicalDocument, DecodeContext, Decoded, Encoded, Format, FormatError, FormatInfo, Support,
    json,
};

const ID: &str = "vum";

/// The VUM format adapter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Vum;

const SHAPES: json::Shapes = json::Shapes {
    family: "VUM",
    profile: ("Werkzoekende", &["idWerkzoekende"]),
    vacancy: ("Vacature", &["idVacature"]),
};

/// Why values are lost when a canonical document becomes VUM; keys are canonical paths.
static DECODE_REASONS: std::sync::LazyLock<Reasons> =
    std::sync::LazyLock::new(|| Reasons::new("the canonical model cannot hold this value"));

static ENCODE_REASONS: std::sync::LazyLock<Reasons> = std::sync::LazyLock::new(encode_reasons);

fn encode_reasons() -> Reasons {
    Reasons::new("VUM has no element for this property")
        .with("/metadata", "VUM documents carry no metadata: provenance travels in the X-VUM-* headers")
        .with("/person", "VUM profiles carry no identity data (name, birth date, BSN)")
        .with("/contact/address", "VUM profiles carry no home address; the mediation postcode is desiredWork.mobility.postcode")
        .with("/contact/contactPersons/*/role", "VUM contact persons have a name, one e-mail address and one number")
        .with("/contact/contactPersons/*/emails", "a VUM contact person in a profile has one e-mail address")
        .with("/contact/contactPersons/*/phones", "a VUM contact person in a profile has one telephone number")
        .with("/contact/contactPersons/*/name", "VUM allows 35 characters for a contact name")
        .with("/identifiers", "VUM carries one identifier, the source's own")
        .with("/support", "of the support data VUM carries only the target group register indication")
        .with("/desiredWork/remoteWork", "VUM has no remote-work preference")
        .with("/desiredWork/workingHours/times", "VUM has only the office-hours and irregular-hours indications")
        .with("/desiredWork/occupations", "VUM identifies occupations by CompetentNL URI only")
        .with("/desiredWork/sectors/*/label", "VUM identifies sectors by SBI code only")
        .with("/desiredWork/sectors/*/sbiCode", "VUM sends SBI codes as integers, which loses leading zeros")
        .with("/qualifications/competences", "VUM competences are CompetentNL URIs, without label or level")
        .with("/qualifications/languages", "VUM's proficiency scale is coarser than CEFR: the nearest VUM level was used")
        .with("/qualifications/education/*/level", "VUM has one education level of its own; ISCED and Dutch levels are derived from it")
        .with("/qualifications/education/*/name", "VUM names an education only by its SuwiML code")
        .with("/qualifications/education/*/field", "VUM names an education only by its SuwiML code")
        .with("/qualifications/drivingLicences/*/validUntil", "VUM has no validity date for a driving licence")
        .with("/qualifications/certificates", "VUM has no certificates besides courses")
        .with("/qualifications/workExperience/*/occupation", "VUM identifies occupations by CompetentNL URI only")
        .with("/qualifications/workExperience/*/organisationName", "VUM allows 70 characters for an organisation name")
        .with("/status", "VUM has no vacancy status: it exchanges only open vacancies")
        .with("/positions", "VUM has no number of positions")
        .with("/datePosted", "VUM has no publication date")
        .with("/inclusion", "VUM has no inclusive-hiring flags")
        .with("/employer/kvkNumber", "VUM has no KvK number")
        .with("/employer/address", "VUM has only the workplace address")
        .with("/employer/contactPersons/*/role", "VUM contact persons have a name, e-mail addresses and numbers")
        .with("/location/region", "VUM locates a vacancy by its address only")
        .with("/location/remoteWork", "VUM has no remote-work indication")
        .with("/location/address/city", "a VUM address has postcode, street and number only")
        .with("/location/address/municipalityCode", "a VUM address has postcode, street and number only")
        .with("/location/address/region", "a VUM address has postcode, street and number only")
        .with("/location/address/countryCode", "a VUM address has postcode, street and number only")
        .with("/location/address/street", "VUM allows 24 characters for a street name")
        .with("/occupation", "VUM identifies occupations by CompetentNL URI only")
        .with("/sector/label", "VUM identifies sectors by SBI code only")
        .with("/terms/salary", "VUM has only a free-text salary indication of 100 characters")
        .with("/terms/workingHours/times", "VUM has only the office-hours and irregular-hours indications")
        .with("/requirements/optionalCompetences", "VUM does not distinguish optional competences")
        .with("/requirements/requiredCompetences", "VUM competences are CompetentNL URIs, without label or level")
        .with("/requirements/languages", "VUM's proficiency scale is coarser than CEFR: the nearest VUM level was used")
        .with("/requirements/education/*/level", "VUM has one education level of its own; ISCED and Dutch levels are derived from it")
        .with("/requirements/education", "a VUM vacancy's education has code, level, diploma and explanation only")
        .with("/requirements/courses", "a VUM vacancy's course has name, certificate and explanation only")
        .with("/requirements/workExperience/*/occupation", "VUM asks for years of experience in the vacancy's own occupation only")
        .with("/requirements/certificates", "VUM has no certificates besides courses")
        .with("/requirements/drivingLicences/*/validUntil", "VUM has no validity date for a driving licence")
        .with("/applicationMethods", "a VUM application method has its code and a web address only")
        .with("/title", "VUM allows 120 characters for a vacancy title")
        .with("/vacancyNumber", "VUM allows 11 characters for a vacancy number")
}

/// A VUM document read into its types.
enum Source {
    Profile(types::Werkzoekende),
    Vacancy(types::Vacature),
}

impl Vum {
    fn decode_value(
        &self,
        value: &Value,
        document_type: DocumentType,
        context: &DecodeContext,
    ) -> Result<Decoded, FormatError> {
        let source = match document_type {
            DocumentType::JobseekerProfile => Source::Profile(json::typed(ID, value)?),
            DocumentType::Vacancy => Source::Vacancy(json::typed(ID, value)?),
        };
        Ok(self.decode_source(&Node::borrow(value), source, context))
    }

    /// The quick path for a plain good document: the text read once into a borrowing tree (for
    /// the loss report and the document type) and once into the VUM types, instead of into a
    /// `Value` and from there into both. `None` whenever the full path could say something
    /// else: a document that is not plain, or that does not fit the types, takes the full path
    /// and gets its errors from there.
    fn decode_plain(
        &self,
        bytes: &[u8],
        expected: Option<DocumentType>,
        context: &DecodeContext,
    ) -> Option<Decoded> {
        if bytes.len() > crate::MAX_DOCUMENT_BYTES {
            return None;
        }
        let input = crate::tree::parse_plain(bytes)?;
        let Node::Object(members) = &input else {
            return None;
        };
        let has = |key: &str| members.iter().any(|(k, _)| k == key);
        let document_type = SHAPES.document_type_of(ID, Some(&has), expected).ok()?;
        let source = match document_type {
            DocumentType::JobseekerProfile => Source::Profile(serde_json::from_slice(bytes).ok()?),
            DocumentType::Vacancy => Source::Vacancy(serde_json::from_slice(bytes).ok()?),
        };
        Some(self.decode_source(&input, source, context))
    }

    fn decode_source(&self, input: &Node<'_>, source: Source, context: &DecodeContext) -> Decoded {
        let mut decoder = decode::Decoder {
            context,
            reasons: Reasons::on(&DECODE_REASONS),
        };
        let mut losses = LossReport::received_as_last_modified("VUM documents carry");
        let (document, round_trip) = match source {
            Source::Profile(source) => {
                let profile = decoder.profile(&source);
                let round_trip = to_node(&encode::profile(&profile));
                (
                    CanonicalDocument::JobseekerProfile(Box::new(profile)),
                    round_trip,
                )
            }
            Source::Vacancy(source) => {
                let vacancy = decoder.vacancy(&source);
                losses.push(
                    "",
                    LossKind::Defaulted,
                    "VUM has no vacancy status: status is 'open', as VUM exchanges only current vacancies",
                    "code",
                );
                let round_trip = to_node(&encode::vacancy(&vacancy));
                (CanonicalDocument::Vacancy(Box::new(vacancy)), round_trip)
            }
        };
        loss::diff_nodes(input, &round_trip, &decoder.reasons, &mut losses);
        Decoded { document, losses }
    }
}

impl Format for Vum {
    fn id(&self) -> &'static str {
        ID
    }

    fn info(&self) -> FormatInfo {
        FormatInfo {
            id: ID,
            name: "VUM 1.5 (koppelvlak 3.0.0)",
            media_type: "application/json",
            specification: "VUM data standard 1.5, source contracts VUM-Bron-WerkzoekendeProfielen and VUM-Bron-Vacatures 3.0.0",
            supports: DocumentType::ALL
                .into_iter()
                .map(|document_type| Support {
                    document_type,
                    native_name: SHAPES.native(document_type),
                    decode: true,
                    encode: true,
                })
                .collect(),
        }
    }

    fn decode(
        &self,
        bytes: &[u8],
        expected: Option<DocumentType>,
        context: &DecodeContext,
    ) -> Result<Decoded, FormatError> {
        if let Some(decoded) = self.decode_plain(bytes, expected, context) {
            return Ok(decoded);
        }
        let value = json::parse(ID, bytes)?;
        let document_type = SHAPES.document_type(ID, &value, expected)?;
        self.decode_value(&value, document_type, context)
    }

    fn encode(&self, document: &CanonicalDocument) -> Result<Encoded, FormatError> {
        let (bytes, round_trip) = match document {
            CanonicalDocument::JobseekerProfile(profile) => {
                let vum = encode::profile(profile);
                let bytes = json::to_bytes(&vum);
                let mut decoder = decode::Decoder {
                    context: &DecodeContext::of(document),
                    reasons: Reasons::default(),
                };
                (
                    bytes,
                    CanonicalDocument::JobseekerProfile(Box::new(decoder.profile(&vum))),
                )
            }
            CanonicalDocument::Vacancy(vacancy) => {
                let vum = encode::vacancy(vacancy);
                let bytes = json::to_bytes(&vum);
                let mut decoder = decode::Decoder {
                    context: &DecodeContext::of(document),
                    reasons: Reasons::default(),
                };
                (
                    bytes,
                    CanonicalDocument::Vacancy(Box::new(decoder.vacancy(&vum))),
                )
            }
        };
        let mut losses = LossReport::default();
        loss::diff_typed(document, &round_trip, &ENCODE_REASONS, &mut losses);
        Ok(Encoded { bytes, losses })
    }
}

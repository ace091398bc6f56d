//! The SETU formats: `setu-xml` and `setu-json`, Purchase-to-Pay v2 (December 2024, on HR Open
//! 4.3) as `standards/setu/*.xsd` and `*.yml` define it.
//!
//! `HumanResource` (a candidate a supplier offers) is read and written as a jobseeker profile,
//! `StaffingOrder` (a request for staff) as a vacancy. Both wire forms share the structs in
//! [`types`] and the mapping; they differ only in parsing and writing. The mapping is documented
//! in `docs/formats/setu.md`.
//!
//! SETU messages are staffing transactions, not profiles: they carry identity and contact data
//! (privacy staging aside) but little of what a jobseeker looks for or brings; what they cannot
//! carry is reported as lost. Required elements the canonical model has no value for (the
//! customer of a `HumanResource`, the order type) are written with a placeholder and reported as
//! defaulted.

mod characters;
mod mapping;
pub mod types;
mod xml;

use werkbrug_model::DocumentType;

use crate::loss::{self, LossKind, LossReport, Reasons};
use crate::tree::{Node, to_node};
use crate::{
    CanonicalDocument, DecodeContext, Decoded, Encoded, ErrorKind, Format, FormatError, FormatInfo,
    Location, MAX_DOCUMENT_BYTES, Support, json,
};

/// A SETU message of either kind.
enum Message {
    HumanResource(Box<types::HumanResource>),
    StaffingOrder(Box<types::StaffingOrder>),
}

impl Message {
    fn root(&self) -> &'static str {
        match self {
            Message::HumanResource(_) => "HumanResource",
            Message::StaffingOrder(_) => "StaffingOrder",
        }
    }

    fn to_node(&self) -> Node<'static> {
        match self {
            Message::HumanResource(m) => to_node(m),
            Message::StaffingOrder(m) => to_node(m),
        }
    }
}

fn root_of(document_type: DocumentType) -> &'static str {
    match document_type {
        DocumentType::JobseekerProfile => "HumanResource",
        DocumentType::Vacancy => "StaffingOrder",
    }
}

fn type_of(root: &str) -> DocumentType {
    if root == "StaffingOrder" {
        DocumentType::Vacancy
    } else {
        DocumentType::JobseekerProfile
    }
}

fn supports() -> Vec<Support> {
    DocumentType::ALL
        .into_iter()
        .map(|document_type| Support {
            document_type,
            native_name: root_of(document_type),
            decode: true,
            encode: true,
        })
        .collect()
}

fn wrong_type(format: &'static str, expected: DocumentType, root: &str) -> FormatError {
    FormatError::new(
        format,
        ErrorKind::WrongDocumentType,
        format!(
            "expected a SETU {} ({expected}), got a {root} ({})",
            root_of(expected),
            type_of(root)
        ),
    )
}

/// Why values are lost when a canonical document becomes SETU; keys are canonical paths.
static ENCODE_REASONS: std::sync::LazyLock<Reasons> = std::sync::LazyLock::new(encode_reasons);

fn encode_reasons() -> Reasons {
    Reasons::new("SETU has no element for this property")
        .with("/metadata", "SETU messages carry no werkbrug metadata; the supplier is the source system")
        .with("/identifiers", "a SETU message carries the source's own identifier only")
        .with("/personalPresentation", "HumanResource has no personal presentation")
        .with("/desiredWork", "HumanResource carries availability and hours per week only, not what work is sought")
        .with("/desiredWork/workingHours", "HumanResource has one number of hours per week: the maximum")
        .with("/qualifications", "HumanResource carries competences and certifications only")
        .with("/qualifications/competences", "a SETU qualification has a competency id and name, no level")
        .with("/support", "SETU has no municipal support data")
        .with("/contact/contactPersons", "HumanResource has no contact persons for the candidate")
        .with("/contact/websites", "HumanResource has no web addresses")
        .with("/contact/available", "HumanResource has no contact-availability indication")
        .with("/contact/address/municipalityCode", "a SETU address has no municipality or region")
        .with("/contact/address/region", "a SETU address has no municipality or region")
        .with("/employer/name", "a StaffingOrder identifies the customer by KvK number, not by name")
        .with("/employer", "a StaffingOrder's customer has ids and contact persons only")
        .with("/occupation", "StaffingOrder has no occupation code")
        .with("/sector", "StaffingOrder has no sector")
        .with("/location/region", "a SETU position location is an address")
        .with("/location/remoteWork", "StaffingOrder has no remote-work indication")
        .with("/location/address/municipalityCode", "a SETU address has no municipality or region")
        .with("/location/address/region", "a SETU address has no municipality or region")
        .with("/requirements", "StaffingOrder carries required certifications only")
        .with("/terms/salary", "SETU pay rates need an amount, a period and the currency EUR; the free-text indication has no place")
        .with("/terms/contractForms", "StaffingOrder has one position offering type")
        .with("/terms/workingHours", "StaffingOrder working periods carry hours per week only")
        .with("/terms/description", "StaffingOrder has no description of the terms")
        .with("/terms/availableUntil", "StaffingOrder has no availability end")
        .with("/status", "SETU orders have no status: an order is open")
        .with("/datePosted", "StaffingOrder has no publication date")
        .with("/validThrough", "StaffingOrder has no closing date")
        .with("/applicationMethods", "staffing orders are answered with HumanResource messages, not applications")
        .with("/inclusion", "SETU has no inclusive-hiring flags")
}

static DECODE_REASONS: std::sync::LazyLock<Reasons> = std::sync::LazyLock::new(decode_reasons);

fn decode_reasons() -> Reasons {
    Reasons::new("the canonical model cannot hold this value")
        .with(
            "/person/gender",
            "not an ISO 5218 code (0, 1, 2, 9): the canonical gender is a code of the list 'gender'",
        )
        .with(
            "/person/legalId",
            "only a BSN (scheme 'BSN', passing the elfproef) is kept as a legal id",
        )
        .with(
            "/person/legalDocuments",
            "identity documents are not part of the canonical model",
        )
        .with(
            "/person/residenceAddress",
            "the canonical profile has one address, the communication address",
        )
        .with(
            "/person/name/given",
            "given names are kept joined by spaces: a name with a space in it comes back as two",
        )
        .with(
            "/person/name/initials",
            "the canonical model keeps initials up to 20 characters",
        )
        .with(
            "/person/name/familyPrefix",
            "the canonical model keeps a family name prefix up to 20 characters",
        )
        .with(
            "/person/communication/address/houseNumberAddition",
            "the canonical model keeps a house number addition up to 10 characters",
        )
        .with(
            "/positionProfile/positionLocation/houseNumberAddition",
            "the canonical model keeps a house number addition up to 10 characters",
        )
        .with(
            "/person/communication/address/postalCode",
            "a Dutch postcode is written without a space, in capitals",
        )
        .with(
            "/positionProfile/positionLocation/postalCode",
            "a Dutch postcode is written without a space, in capitals",
        )
        .with(
            "/person/name",
            "the canonical name has given names, initials, a family name prefix and a family name",
        )
        .with(
            "/documentId",
            "the canonical model keeps the person's or order's identifier, not the message id",
        )
        .with(
            "/supplier",
            "the source system comes from the caller's configuration, not from the message",
        )
        .with(
            "/customer/id",
            "the canonical model has no identifier for the receiving party",
        )
        .with("/customer", "the canonical model has no receiving party")
        .with("/payRates", "the canonical model keeps a salary range (minimum and maximum in EUR per period) for vacancies only; pay-rate codes, billing flags and allowances are not kept")
        .with(
            "/resourceClassificationInclusion",
            "cost centres and projects are transaction data outside the canonical model",
        )
        .with(
            "/staffingIds",
            "order references are transaction data outside the canonical model",
        )
        .with(
            "/person/communication/phone",
            "the canonical model keeps the number only",
        )
        .with(
            "/person/communication/email",
            "the canonical model keeps the address only",
        )
        .with(
            "/person/name/formattedName",
            "the canonical model keeps the name parts; the formatted name is derived from them",
        )
        .with(
            "/person/id",
            "the canonical model keeps the supplier's identifier of the person",
        )
        .with(
            "/profiles/attachments",
            "attachments (CV, ID) are not part of the canonical model",
        )
        .with(
            "/profiles/qualifications",
            "the canonical competence has a URI and a label",
        )
        .with("/orderType", "the canonical model has no order type")
        .with(
            "/positionProfile/requestedWorker",
            "a vacancy names no worker",
        )
        .with(
            "/positionProfile/workingPeriods",
            "the canonical model keeps hours per week",
        )
        .with(
            "/positionProfile/collectiveLabourAgreement",
            "the canonical model has no collective labour agreement element",
        )
}

/// Reads a message into a canonical document; `original` is the message as JSON (the parsed
/// input for `setu-json`, the deserialised message for `setu-xml`), against which losses are found.
fn decode_message(
    format: &'static str,
    message: &Message,
    original: &Node<'_>,
    context: &DecodeContext,
    element_paths: bool,
) -> Decoded {
    let mut decoder = mapping::Decoder {
        context,
        reasons: Reasons::on(&DECODE_REASONS),
    };
    let mut losses = LossReport::received_as_last_modified("SETU messages carry");
    let (document, round_trip, cut) = match message {
        Message::HumanResource(m) => {
            let mut document = CanonicalDocument::JobseekerProfile(Box::new(decoder.profile(m)));
            let cut = crate::limits::fit(&mut document);
            let CanonicalDocument::JobseekerProfile(profile) = &document else {
                unreachable!("a profile was decoded")
            };
            let round_trip = to_node(&mapping::profile(profile).0);
            (document, round_trip, cut)
        }
        Message::StaffingOrder(m) => {
            let mut document = CanonicalDocument::Vacancy(Box::new(decoder.vacancy(m)));
            let cut = crate::limits::fit(&mut document);
            let CanonicalDocument::Vacancy(vacancy) = &document else {
                unreachable!("a vacancy was decoded")
            };
            losses.push(
                "",
                LossKind::Defaulted,
                "SETU orders have no status: status is 'open'",
                "code",
            );
            let round_trip = to_node(&mapping::vacancy(vacancy).0);
            (document, round_trip, cut)
        }
    };
    let start = losses.entries.len();
    loss::diff_nodes(original, &round_trip, &decoder.reasons, &mut losses);
    crate::limits::explain_cuts(&mut losses, start, cut);
    if element_paths {
        for entry in &mut losses.entries[start..] {
            entry.path = xml::element_path(message.root(), &entry.path);
        }
    }
    let _ = format;
    Decoded { document, losses }
}

/// Writes a canonical document as a message; the losses are found by reading it back.
fn encode_message(document: &CanonicalDocument) -> (Message, LossReport) {
    let mut losses = LossReport::default();
    let context = DecodeContext::of(document);
    let mut decoder = mapping::Decoder {
        context: &context,
        reasons: Reasons::default(),
    };
    let (message, defaulted, round_trip) = match document {
        CanonicalDocument::JobseekerProfile(p) => {
            let (message, defaulted) = mapping::profile(p);
            let back = decoder.profile(&message);
            (
                Message::HumanResource(Box::new(message)),
                defaulted,
                CanonicalDocument::JobseekerProfile(Box::new(back)),
            )
        }
        CanonicalDocument::Vacancy(v) => {
            let (message, defaulted) = mapping::vacancy(v);
            let back = decoder.vacancy(&message);
            (
                Message::StaffingOrder(Box::new(message)),
                defaulted,
                CanonicalDocument::Vacancy(Box::new(back)),
            )
        }
    };
    loss::diff_typed(document, &round_trip, &ENCODE_REASONS, &mut losses);
    for path in defaulted {
        losses.push(
            format!("{}{path}", message.root()),
            LossKind::Defaulted,
            format!("SETU requires {path} and the canonical document has no value for it: a placeholder was written"),
            "string",
        );
    }
    (message, losses)
}

const JSON_SHAPES: json::Shapes = json::Shapes {
    family: "SETU",
    profile: ("HumanResource", &["person"]),
    vacancy: ("StaffingOrder", &["positionProfile"]),
};

/// The `setu-json` format adapter.
#[derive(Debug, Clone, Copy, Default)]
pub struct SetuJson;

const JSON_ID: &str = "setu-json";

impl Format for SetuJson {
    fn id(&self) -> &'static str {
        JSON_ID
    }

    fn info(&self) -> FormatInfo {
        FormatInfo {
            id: JSON_ID,
            name: "SETU Purchase-to-Pay v2 (JSON)",
            media_type: "application/json",
            specification: "SETU Purchase-to-Pay v2, HumanResource.yml and StaffingOrder.yml (JSON Schema 2020-12)",
            supports: supports(),
        }
    }

    fn decode(
        &self,
        bytes: &[u8],
        expected: Option<DocumentType>,
        context: &DecodeContext,
    ) -> Result<Decoded, FormatError> {
        let value = json::parse(JSON_ID, bytes)?;
        let root = root_of(JSON_SHAPES.document_type(JSON_ID, &value, expected)?);
        let message = if root == "HumanResource" {
            Message::HumanResource(Box::new(json::typed(JSON_ID, &value)?))
        } else {
            Message::StaffingOrder(Box::new(json::typed(JSON_ID, &value)?))
        };
        Ok(decode_message(
            JSON_ID,
            &message,
            &Node::borrow(&value),
            context,
            false,
        ))
    }

    fn encode(&self, document: &CanonicalDocument) -> Result<Encoded, FormatError> {
        let (message, losses) = encode_message(document);
        let bytes = match &message {
            Message::HumanResource(m) => json::to_bytes(m),
            Message::StaffingOrder(m) => json::to_bytes(m),
        };
        Ok(Encoded { bytes, losses })
    }
}

/// The `setu-xml` format adapter.
#[derive(Debug, Clone, Copy, Default)]
pub struct SetuXml;

const XML_ID: &str = "setu-xml";

impl Format for SetuXml {
    fn id(&self) -> &'static str {
        XML_ID
    }

    fn info(&self) -> FormatInfo {
        FormatInfo {
            id: XML_ID,
            name: "SETU Purchase-to-Pay v2 (XML)",
            media_type: "application/xml",
            specification: "SETU Purchase-to-Pay v2, HumanResource.xsd and StaffingOrder.xsd, namespace https://ontology.setu.nl/messages",
            supports: supports(),
        }
    }

    fn decode(
        &self,
        bytes: &[u8],
        expected: Option<DocumentType>,
        context: &DecodeContext,
    ) -> Result<Decoded, FormatError> {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(FormatError::new(
                XML_ID,
                ErrorKind::TooLarge,
                format!(
                    "the document is {} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                    bytes.len()
                ),
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            FormatError::new(XML_ID, ErrorKind::Syntax, "the document is not UTF-8").at(
                Location::Xml {
                    line,
                    column,
                    path: String::new(),
                },
            )
        })?;
        let roots = &[
            ("HumanResource", types::HUMAN_RESOURCE_CHILDREN),
            ("StaffingOrder", types::STAFFING_ORDER_CHILDREN),
        ];
        xml::refuse_forbidden_bytes(XML_ID, text)?;
        // The full event pass costs as much as reading the message; a message as systems write
        // it is vouched for by a cheap scan, and any document that then fails gets the full pass
        // first, so that errors are the same either way.
        let quick = xml::quick_preflight(text, roots);
        let root = match quick {
            Some(root) => root,
            None => xml::preflight(XML_ID, text, roots)?,
        };
        let precise = || match quick {
            Some(_) => xml::preflight(XML_ID, text, roots).map(|_| ()),
            None => Ok(()),
        };
        if let Some(expected) = expected
            && type_of(root) != expected
        {
            precise()?;
            return Err(wrong_type(XML_ID, expected, root).at(Location::Xml {
                line: 1,
                column: 1,
                path: format!("/{root}"),
            }));
        }
        let structure = |e: quick_xml::DeError| {
            if let Err(error) = precise() {
                return error;
            }
            FormatError::new(
                XML_ID,
                ErrorKind::Structure,
                format!(
                    "not a valid {root}: {}",
                    json::without_values(&e.to_string())
                ),
            )
            .at(Location::Xml {
                line: 1,
                column: 1,
                path: format!("/{root}"),
            })
        };
        let message = if root == "HumanResource" {
            let mut m: types::HumanResource = quick_xml::de::from_str(text).map_err(structure)?;
            m.xmlns = None;
            Message::HumanResource(Box::new(m))
        } else {
            let mut m: types::StaffingOrder = quick_xml::de::from_str(text).map_err(structure)?;
            m.xmlns = None;
            Message::StaffingOrder(Box::new(m))
        };
        let original = message.to_node();
        Ok(decode_message(XML_ID, &message, &original, context, true))
    }

    fn encode(&self, document: &CanonicalDocument) -> Result<Encoded, FormatError> {
        let encoded = self.write(document)?;
        // quick-xml escapes markup but writes control characters as they are, and XML 1.0
        // allows them in no form: a document holding one would be refused by every parser. One
        // scan of the output finds them; only then is the document cleaned and written again.
        let Some(text) = std::str::from_utf8(&encoded.bytes).ok() else {
            return Ok(encoded);
        };
        if werkbrug_model::text::first_non_xml_char(text).is_none() {
            return Ok(encoded);
        }
        let unwritable = |why: &str| {
            FormatError::new(
                XML_ID,
                ErrorKind::Structure,
                format!("cannot write well-formed XML: {why}"),
            )
        };
        let (cleaned, mut losses) = match characters::without_forbidden_characters(document) {
            Some(Ok(cleaned)) => cleaned,
            Some(Err(_)) => {
                return Err(unwritable(
                    "a text without the characters XML 1.0 forbids is no longer a valid value",
                ));
            }
            None => return Err(unwritable("the output holds a character XML 1.0 forbids")),
        };
        let mut rewritten = self.write(&cleaned)?;
        // Never a document that no XML parser reads: the cleaned one is checked again.
        if std::str::from_utf8(&rewritten.bytes).map_or(true, |t| {
            werkbrug_model::text::first_non_xml_char(t).is_some()
        }) {
            return Err(unwritable("the output holds a character XML 1.0 forbids"));
        }
        losses.entries.append(&mut rewritten.losses.entries);
        rewritten.losses = losses;
        Ok(rewritten)
    }
}

impl SetuXml {
    /// The message for `document` as XML, with the losses of the mapping.
    fn write(&self, document: &CanonicalDocument) -> Result<Encoded, FormatError> {
        let (message, losses) = encode_message(document);
        let namespace = Some(types::NAMESPACE.to_owned());
        let body = match message {
            Message::HumanResource(mut m) => {
                m.xmlns = namespace;
                quick_xml::se::to_string_with_root("HumanResource", &m)
            }
            Message::StaffingOrder(mut m) => {
                m.xmlns = namespace;
                quick_xml::se::to_string_with_root("StaffingOrder", &m)
            }
        }
        .map_err(|e| {
            FormatError::new(
                XML_ID,
                ErrorKind::Structure,
                format!("cannot write XML: {e}"),
            )
        })?;
        let mut bytes = br#"<?xml version="1.0" encoding="UTF-8"?>"#.to_vec();
        bytes.extend_from_slice(body.as_bytes());
        Ok(Encoded { bytes, losses })
    }
}

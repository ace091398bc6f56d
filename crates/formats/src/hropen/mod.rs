//! The `hropen` format: HR Open Standards 4.x `Candidate` (a jobseeker profile) and
//! `PositionOpening` (a vacancy), JSON, as `standards/hropen/recruiting/json/` defines them.
//!
//! HR Open requires almost nothing, so this adapter writes what it has and reads the subset
//! listed in `docs/formats/hropen.md`; what it does not read is reported as lost. Conventions of
//! werkbrug's own, where HR Open leaves a choice: the first profile of a candidate and the first
//! position profile of an opening are the ones read; occupations are `jobCategories` entities
//! whose `id.schemeId` names the taxonomy (`CompetentNL`, `ESCO`, `ISCO-08`); a competence with
//! weight below 1 is optional.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use werkbrug_model::codes::*;
use werkbrug_model::common::*;
use werkbrug_model::jobseeker::*;
use werkbrug_model::vacancy::*;
use werkbrug_model::{DocumentType, codelists};

use crate::loss::{self, LossKind, LossReport, Reasons};
use crate::patterns::{join_street, matches, split_street};
use crate::{
    CanonicalDocument, DecodeContext, Decoded, Encoded, Format, FormatError, FormatInfo, Support,
    json,
};

mod candidate;
mod opening;
mod shared;

use candidate::{decode_candidate, encode_candidate};
use opening::{decode_opening, encode_opening};
use shared::*;

const ID: &str = "hropen";

const SHAPES: json::Shapes = json::Shapes {
    family: "HR Open",
    profile: ("Candidate", &["person", "profiles"]),
    vacancy: ("PositionOpening", &["positionProfiles"]),
};

/// The HR Open format adapter.
#[derive(Debug, Clone, Copy, Default)]
pub struct HrOpen;

fn text(value: Option<&Value>) -> Option<String> {
    value?
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

fn list(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn date(value: Option<&Value>) -> Option<NaiveDate> {
    value?.as_str()?.get(..10)?.parse().ok()
}

/// An `EffectiveTimePeriod` bound is a DateTimeType: a date at midnight UTC.
fn date_time(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

fn insert(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value.filter(|v| match v {
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }) {
        map.insert(key.to_owned(), value);
    }
}

fn object(pairs: Vec<(&str, Option<Value>)>) -> Value {
    let mut map = Map::new();
    for (key, value) in pairs {
        insert(&mut map, key, value);
    }
    Value::Object(map)
}

fn code<T: From<String>>(
    list: &'static codelists::CodeList,
    system: &str,
    foreign: &str,
) -> Option<T> {
    list.from_mapping(system, foreign)
        .map(|c| T::from(c.code.clone()))
}

fn mapped(list: &'static codelists::CodeList, code: &str, system: &str) -> Option<String> {
    list.get(code)?.mappings.get(system).cloned()
}

/// Why a job category's own scheme name is not kept: the value is, and its scheme is read from it.
const SCHEME_FROM_VALUE: &str = "under a scheme name werkbrug does not know, the taxonomy is read from the id's value: a CompetentNL or ESCO URI in its field, any other id as a code with the scheme its value shows";

static DECODE_REASONS: std::sync::LazyLock<Reasons> = std::sync::LazyLock::new(|| {
    Reasons::new("werkbrug does not read this HR Open element")
        .with(
            "/documentId/schemeAgencyId",
            "the issuer of the identifier comes from the caller's source configuration",
        )
        .with(
            "/person/name/formattedName",
            "the formatted name is derived from the name parts",
        )
        .with(
            "/profiles/0/employment/0/current",
            "an experience without an end date is current",
        )
        .with(
            "/postingRequester/id",
            "the requester's id is its KvK number",
        )
        .with(
            "/profiles/1",
            "werkbrug reads the first profile of a candidate",
        )
        .with(
            "/positionProfiles/1",
            "werkbrug reads the first position profile of an opening",
        )
        .with(
            "/profiles/*/positionPreferences/*/jobCategories/*/id/schemeId",
            SCHEME_FROM_VALUE,
        )
        .with(
            "/profiles/*/employment/*/positionHistories/*/jobCategories/*/id/schemeId",
            SCHEME_FROM_VALUE,
        )
        .with(
            "/positionProfiles/*/jobCategories/*/id/schemeId",
            SCHEME_FROM_VALUE,
        )
        .with(
            "/profiles/0/licenses",
            "werkbrug reads licences whose type code is a driving licence category",
        )
        .with(
            "/positionProfiles/0/workingPeriods",
            "the canonical model keeps hours per week",
        )
        .with(
            "/positionProfiles/0/offeredRemunerationPackage/ranges",
            "the canonical salary is a range in EUR per hour, week, four weeks, month or year",
        )
});

static ENCODE_REASONS: std::sync::LazyLock<Reasons> = std::sync::LazyLock::new(encode_reasons);

fn encode_reasons() -> Reasons {
    Reasons::new("HR Open has no element for this property in werkbrug's use of it")
        .with("/metadata", "HR Open documents carry no werkbrug metadata")
        .with("/identifiers", "an HR Open document carries one document id")
        .with("/contact/websites", "HR Open web addresses have no kind")
        .with(
            "/contact/websites/*/asGiven",
            "HR Open's web address is a URI: an address in another form is not written",
        )
        .with(
            "/employer/websites/*/asGiven",
            "HR Open's web address is a URI: an address in another form is not written",
        )
        .with(
            "/contact/emails",
            "HR Open's e-mail address has the e-mail format: an address in another form is not written",
        )
        .with("/contact/contactPersons", "a Candidate has no contact persons")
        .with("/contact/available", "HR Open has no contact-availability indication")
        .with("/contact/address/municipalityCode", "an HR Open address has no municipality or region")
        .with("/contact/address/region", "an HR Open address has no municipality or region")
        .with("/desiredWork/workingHours", "werkbrug does not write candidate hours into HR Open")
        .with("/desiredWork/sectors", "werkbrug does not write preferred sectors into HR Open")
        .with("/desiredWork/mobility", "HR Open preferred locations are not written by werkbrug")
        .with("/desiredWork/requirements", "HR Open has no work requirements of a candidate")
        .with("/desiredWork/remoteWork", "HR Open says only whether remote work is wanted")
        .with("/qualifications/workAndThinkingLevel", "HR Open has no work and thinking level")
        .with("/qualifications/education", "an HR Open education carries its ISCED level and no VUM or Dutch level or diploma indication")
        .with("/qualifications/courses", "werkbrug writes no courses into HR Open")
        .with("/qualifications/languages", "werkbrug writes no language skills into HR Open")
        .with("/qualifications/competences", "HR Open competences are written without a level")
        .with(
            "/qualifications/competences/*/label",
            "HR Open has one competencyName: a label equal to the competence's code or URI is read as that id",
        )
        .with("/qualifications/interests", "HR Open has no interests")
        .with("/support", "HR Open has no municipal support data")
        .with("/status", "HR Open status codes are coarser than the canonical ones")
        .with("/employer/contactPersons", "werkbrug does not write contact persons into HR Open")
        .with("/employer/sectors", "werkbrug does not write sectors into HR Open")
        .with("/employer/address", "the posting requester's address is not written")
        .with("/sector", "werkbrug does not write sectors into HR Open")
        .with("/location/region", "HR Open locates a position by address")
        .with("/location/address/municipalityCode", "an HR Open address has no municipality or region")
        .with("/location/address/region", "an HR Open address has no municipality or region")
        .with("/desiredWork/occupations", "an HR Open job category carries one taxonomy id: CompetentNL, else ESCO, else ISCO-08")
        .with("/occupation", "an HR Open job category carries one taxonomy id: CompetentNL, else ESCO, else ISCO-08")
        .with("/qualifications/workExperience/*/occupation", "an HR Open job category carries one taxonomy id: CompetentNL, else ESCO, else ISCO-08")
        .with("/desiredWork/contractForms", "HR Open position types are coarser than contract forms")
        .with("/requirements", "werkbrug writes competences, one education level, years of experience and licences into HR Open")
        .with("/terms/workingHours", "werkbrug writes the maximum hours per week into HR Open")
        .with("/terms/contractForms", "HR Open position types are coarser than contract forms")
        .with("/terms/description", "werkbrug does not write a terms description into HR Open")
        .with("/terms/availableUntil", "HR Open has no availability end for a position")
        .with("/datePosted", "dates of publication belong to HR Open postings, not to position openings")
        .with("/validThrough", "dates of publication belong to HR Open postings, not to position openings")
        .with("/applicationMethods", "werkbrug writes no application methods into HR Open")
        .with("/inclusion", "HR Open has no inclusive-hiring flags")
}

impl Format for HrOpen {
    fn id(&self) -> &'static str {
        ID
    }

    fn info(&self) -> FormatInfo {
        FormatInfo {
            id: ID,
            name: "HR Open Standards 4.x (JSON)",
            media_type: "application/json",
            specification: "HR Open Standards 4.4, recruiting/json/CandidateType.json and PositionOpeningType.json",
            supports: vec![
                Support {
                    document_type: DocumentType::JobseekerProfile,
                    native_name: "Candidate",
                    decode: true,
                    encode: true,
                },
                Support {
                    document_type: DocumentType::Vacancy,
                    native_name: "PositionOpening",
                    decode: true,
                    encode: true,
                },
            ],
        }
    }

    fn decode(
        &self,
        bytes: &[u8],
        expected: Option<DocumentType>,
        context: &DecodeContext,
    ) -> Result<Decoded, FormatError> {
        let value = json::parse(ID, bytes)?;
        let detected = SHAPES.document_type(ID, &value, expected)?;
        let reasons = Reasons::on(&DECODE_REASONS);
        let mut losses = LossReport::received_as_last_modified("HR Open documents carry");
        let (document, round_trip, cut) = match detected {
            DocumentType::JobseekerProfile => {
                let mut document = CanonicalDocument::JobseekerProfile(Box::new(decode_candidate(
                    &value, context,
                )));
                let cut = crate::limits::fit(&mut document);
                let CanonicalDocument::JobseekerProfile(profile) = &document else {
                    unreachable!("a candidate was decoded")
                };
                let round_trip = encode_candidate(profile);
                (document, round_trip, cut)
            }
            DocumentType::Vacancy => {
                let mut document =
                    CanonicalDocument::Vacancy(Box::new(decode_opening(&value, context)));
                let cut = crate::limits::fit(&mut document);
                let CanonicalDocument::Vacancy(vacancy) = &document else {
                    unreachable!("an opening was decoded")
                };
                if value.get("statusCode").is_none() {
                    losses.push(
                        "/statusCode",
                        LossKind::Defaulted,
                        "the opening has no status: status is 'open'",
                        "code",
                    );
                }
                let round_trip = encode_opening(vacancy);
                (document, round_trip, cut)
            }
        };
        let start = losses.entries.len();
        loss::diff(&value, &round_trip, &reasons, &mut losses);
        crate::limits::explain_cuts(&mut losses, start, cut);
        Ok(Decoded { document, losses })
    }

    fn encode(&self, document: &CanonicalDocument) -> Result<Encoded, FormatError> {
        let context = DecodeContext::of(document);
        let (output, back) = match document {
            CanonicalDocument::JobseekerProfile(p) => {
                let output = encode_candidate(p);
                let back = CanonicalDocument::JobseekerProfile(Box::new(decode_candidate(
                    &output, &context,
                )));
                (output, back)
            }
            CanonicalDocument::Vacancy(v) => {
                let output = encode_opening(v);
                let back = decode_opening(&output, &context);
                (output, CanonicalDocument::Vacancy(Box::new(back)))
            }
        };
        let mut losses = LossReport::default();
        loss::diff_typed(document, &back, &ENCODE_REASONS, &mut losses);
        Ok(Encoded {
            bytes: json::to_bytes(&output),
            losses,
        })
    }
}

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

// --- shared parts -------------------------------------------------------------------------

fn occupation_entity(o: &Occupation) -> Option<Value> {
    let (scheme, id) = if let Some(uri) = &o.competent_nl_uri {
        ("CompetentNL", uri.as_str())
    } else if let Some(uri) = &o.esco_uri {
        ("ESCO", uri.as_str())
    } else if let Some(code) = &o.isco_code {
        ("ISCO-08", code.as_str())
    } else if let Some(code) = &o.code {
        // A code in another scheme (a legacy UWV code, another taxonomy's URI) keeps its
        // value; the scheme is written as the canonical name, which reads back the same.
        (code_scheme_name(code.scheme), code.value.as_str())
    } else {
        return o.label.as_ref().map(|l| json!({"name": l}));
    };
    Some(object(vec![
        ("id", Some(json!({"value": id, "schemeId": scheme}))),
        ("name", o.label.clone().map(Value::from)),
    ]))
}

fn occupation_of(entity: &Value) -> Option<Occupation> {
    let id = entity.get("id");
    let value = text(id.and_then(|i| i.get("value")));
    let scheme = text(id.and_then(|i| i.get("schemeId")));
    let mut occupation = Occupation {
        label: text(entity.get("name")),
        ..Occupation::default()
    };
    let own = scheme
        .as_deref()
        .zip(value.as_deref())
        .and_then(|(n, v)| own_scheme(n, v));
    match (scheme.as_deref(), value) {
        // werkbrug's own scheme name (as werkbrug writes a code) is read back as that code.
        (_, Some(v)) if let Some(scheme) = own => {
            occupation.code = Some(SchemeCode { scheme, value: v })
        }
        (Some("CompetentNL"), Some(v)) if matches::<HttpUri>(&v) => {
            occupation.competent_nl_uri = Some(HttpUri(v))
        }
        (Some("ESCO"), Some(v)) if matches::<HttpUri>(&v) => occupation.esco_uri = Some(HttpUri(v)),
        (Some("ISCO-08"), Some(v)) if matches::<IscoCode>(&v) => {
            occupation.isco_code = Some(IscoCode(v))
        }
        // Any other id is carried as a code with the scheme its value shows (HR Open's
        // identifier is any string): a CompetentNL or ESCO URI under another scheme name
        // still lands where it belongs.
        (_, Some(v)) => match SchemeCode::classify(&v) {
            SchemeCode {
                scheme: CodeScheme::CompetentNl,
                value,
            } => occupation.competent_nl_uri = Some(HttpUri(value)),
            SchemeCode {
                scheme: CodeScheme::Esco,
                value,
            } => occupation.esco_uri = Some(HttpUri(value)),
            code => occupation.code = Some(code),
        },
        (_, None) => {}
    }
    (occupation != Occupation::default()).then_some(occupation)
}

fn address_value(a: &Address) -> Value {
    object(vec![
        (
            "line",
            join_street(
                a.street.as_deref(),
                a.house_number,
                a.house_number_addition.as_deref(),
            )
            .map(Value::from),
        ),
        (
            "countryCode",
            Some(json!(
                a.country_code.as_ref().map_or("NL", CountryCode::as_str)
            )),
        ),
        ("city", a.city.clone().map(Value::from)),
        (
            "postalCode",
            a.postcode
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .or(a.foreign_postal_code.clone())
                .map(Value::from),
        ),
    ])
}

fn address_of(value: &Value) -> Option<Address> {
    let (street, house_number, house_number_addition) = split_street(text(value.get("line")));
    let country = text(value.get("countryCode")).filter(|c| matches::<CountryCode>(c));
    let dutch = country.as_deref().is_none_or(|c| c == "NL");
    let postal = text(value.get("postalCode"));
    let compact = postal
        .as_ref()
        .map(|p| p.replace(' ', "").to_ascii_uppercase());
    let address = Address {
        street,
        house_number,
        house_number_addition,
        postcode: compact
            .filter(|p| dutch && matches::<Postcode>(p))
            .map(Postcode),
        foreign_postal_code: if dutch { None } else { postal },
        city: text(value.get("city")),
        country_code: country.map(CountryCode),
        ..Address::default()
    };
    (address != Address::default()
        && address
            != Address {
                country_code: Some(CountryCode::from("NL")),
                ..Address::default()
            })
    .then_some(address)
}

/// The canonical scheme that `name` (an HR Open `schemeId`) is werkbrug's own name of, when
/// `value` fits it: what [`code_scheme_name`] wrote reads back as it was.
fn own_scheme(name: &str, value: &str) -> Option<CodeScheme> {
    let scheme = [
        CodeScheme::CompetentNl,
        CodeScheme::Esco,
        CodeScheme::OtherUri,
        CodeScheme::UwvLegacy,
        CodeScheme::FreeText,
    ]
    .into_iter()
    .find(|s| code_scheme_name(*s) == name)?;
    let uri = matches::<HttpUri>(value);
    match scheme {
        CodeScheme::CompetentNl | CodeScheme::Esco | CodeScheme::OtherUri if !uri => None,
        _ => Some(scheme),
    }
}

/// The name of a canonical code scheme (`uwv-legacy`), as an HR Open `schemeId`.
fn code_scheme_name(scheme: CodeScheme) -> &'static str {
    match scheme {
        CodeScheme::CompetentNl => "competent-nl",
        CodeScheme::Esco => "esco",
        CodeScheme::OtherUri => "other-uri",
        CodeScheme::UwvLegacy => "uwv-legacy",
        CodeScheme::FreeText => "free-text",
    }
}

fn competence_value(c: &Competence, optional: bool) -> Option<Value> {
    let id = c
        .uri
        .as_ref()
        .map(|u| json!({"value": u.as_str()}))
        .or(c.code.as_ref().map(|code| {
            // A code keeps its scheme, under werkbrug's name for it.
            json!({"value": code.value, "schemeId": code_scheme_name(code.scheme)})
        }));
    let name = c.label.clone().or_else(|| {
        id.as_ref()
            .and_then(|i| i["value"].as_str())
            .map(str::to_owned)
    })?;
    Some(object(vec![
        ("competencyIds", id.map(|id| json!([id]))),
        ("competencyName", Some(json!(name))),
        ("weight", optional.then(|| json!({"value": 0.5, "schemeName": "werkbrug", "minimumScore": 0, "maximumScore": 1}))),
    ]))
}

fn competence_of(value: &Value) -> Option<(Competence, bool)> {
    // An id that is not an http(s) URI (a legacy code) is carried as a code with its scheme.
    let first = list(value.get("competencyIds")).first().cloned();
    let scheme_id = first.as_ref().and_then(|i| text(i.get("schemeId")));
    let id = first.as_ref().and_then(|i| text(i.get("value")));
    let own = scheme_id
        .as_deref()
        .zip(id.as_deref())
        .and_then(|(n, v)| own_scheme(n, v));
    let (uri, code) = match id {
        // werkbrug's own scheme name (as werkbrug writes a code) is read back as that code.
        Some(id) if let Some(scheme) = own => (None, Some(SchemeCode { scheme, value: id })),
        Some(id) if matches::<HttpUri>(&id) => (Some(HttpUri(id)), None),
        Some(id) => (None, Some(SchemeCode::classify(&id))),
        None => (None, None),
    };
    let id = uri
        .as_ref()
        .map(HttpUri::as_str)
        .or(code.as_ref().map(|c| c.value.as_str()));
    let name = text(value.get("competencyName"));
    let label = name.filter(|n| id.is_none_or(|id| id != n));
    let optional = value
        .get("weight")
        .and_then(|w| w.get("value"))
        .and_then(Value::as_f64)
        .is_some_and(|w| w < 1.0);
    if uri.is_none() && code.is_none() && label.is_none() {
        return None;
    }
    Some((
        Competence {
            uri,
            label,
            level: None,
            code,
        },
        optional,
    ))
}

fn local_id<'a>(
    identifiers: &'a [SourceIdentifier],
    metadata: &DocumentMetadata,
) -> Option<&'a SourceIdentifier> {
    identifiers
        .iter()
        .find(|i| i.source == metadata.source_system.id)
        .or_else(|| identifiers.first())
}

fn identifiers_of(document: &Value, context: &DecodeContext) -> Vec<SourceIdentifier> {
    // No identifier is invented: a document without one is carried with the finding
    // identifiers.present, so that two such documents never share an id.
    text(document.get("documentId").and_then(|d| d.get("value")))
        .map(|v| v.trim().to_owned())
        .filter(|v| SourceIdentifier::accepts_local_id(v))
        .map(|local_id| SourceIdentifier {
            source: context.source.id.clone(),
            local_id,
        })
        .into_iter()
        .collect()
}

/// The HR Open position types of contract forms, through the code lists' `hropen` mappings.
fn offering_types(forms: &[ContractForm]) -> Vec<Value> {
    forms
        .iter()
        .filter_map(|f| {
            f.contract_type
                .as_ref()
                .and_then(|c| mapped(ContractType::code_list(), c.as_str(), "hropen"))
                .or_else(|| {
                    f.agreement_type
                        .as_ref()
                        .and_then(|a| mapped(AgreementType::code_list(), a.as_str(), "hropen"))
                })
        })
        .map(Value::from)
        .collect()
}

/// The contract forms of HR Open position types; a type with no canonical equivalent is left out.
fn contract_forms_of(types: &[Value]) -> Vec<ContractForm> {
    types
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|o| {
            let form = ContractForm {
                contract_type: code(ContractType::code_list(), "hropen", o),
                agreement_type: code(AgreementType::code_list(), "hropen", o),
            };
            (form != ContractForm::default()).then_some(form)
        })
        .collect()
}

// --- Candidate ----------------------------------------------------------------------------

fn encode_candidate(p: &JobseekerProfile) -> Value {
    let person = p.person.clone().unwrap_or_default();
    let contact = p.contact.clone().unwrap_or_default();
    let work = p.desired_work.clone().unwrap_or_default();
    let q = p.qualifications.clone().unwrap_or_default();
    let own = local_id(&p.identifiers, &p.metadata);

    let mut formatted: Vec<&str> = Vec::new();
    formatted.extend(person.given_names.as_deref());
    formatted.extend(person.family_name_prefix.as_deref());
    formatted.extend(person.family_name.as_deref());
    let name = object(vec![
        (
            "formattedName",
            (!formatted.is_empty()).then(|| json!(formatted.join(" "))),
        ),
        ("given", person.given_names.clone().map(Value::from)),
        ("family", person.family_name.clone().map(Value::from)),
        (
            "familyPrefix",
            person.family_name_prefix.clone().map(Value::from),
        ),
        ("initials", person.initials.clone().map(Value::from)),
    ]);
    let communication = object(vec![
        (
            "address",
            contact.address.as_ref().map(|a| json!([address_value(a)])),
        ),
        (
            "phone",
            Some(Value::Array(
                contact
                    .phones
                    .iter()
                    .map(|p| json!({"formattedNumber": p.as_given()}))
                    .collect(),
            )),
        ),
        (
            "email",
            Some(Value::Array(
                contact
                    .emails
                    .iter()
                    .filter_map(|e| e.address().map(|a| json!({"address": a.as_str()})))
                    .collect(),
            )),
        ),
        (
            "web",
            Some(Value::Array(
                contact
                    .websites
                    .iter()
                    .filter_map(|w| w.url.as_ref().map(|url| json!({"url": url.as_str()})))
                    .collect(),
            )),
        ),
    ]);
    let hr_person = object(vec![
        ("name", Some(name)),
        ("communication", Some(communication)),
        (
            "legalId",
            person
                .bsn
                .as_ref()
                .map(|b| json!({"value": b.as_str(), "schemeId": "BSN"})),
        ),
        ("birthDate", person.birth_date.map(|d| json!(d.to_string()))),
        (
            "gender",
            person
                .gender
                .as_ref()
                .and_then(|g| g.mapping("hropen"))
                .map(Value::from),
        ),
        (
            "nationality",
            Some(Value::Array(
                person.nationalities.iter().map(|n| json!(n)).collect(),
            )),
        ),
        ("birthPlace", person.birth_place.clone().map(Value::from)),
    ]);

    let education: Vec<Value> = q
        .education
        .iter()
        .map(|e| {
            let status = e.status.as_ref().and_then(|s| match s.as_str() {
                "completed" => Some("Granted"),
                "ongoing" => Some("InProgress"),
                "discontinued" => Some("NotGranted"),
                _ => None,
            });
            let isced = e
                .level
                .as_ref()
                .and_then(|l| l.isced.as_ref())
                .map(|i| json!(i.as_str()));
            let degree = object(vec![
                ("name", e.name.clone().map(Value::from)),
                ("date", e.diploma_date.map(|d| json!(d.to_string()))),
                ("degreeGrantedStatus", status.map(Value::from)),
                ("iscedEducationLevelCode", isced),
            ]);
            object(vec![
                ("start", e.start_date.map(|d| json!(d.to_string()))),
                ("end", e.end_date.map(|d| json!(d.to_string()))),
                ("descriptions", e.description.clone().map(|d| json!([d]))),
                (
                    "institution",
                    e.institution.clone().map(|n| json!({"name": n})),
                ),
                ("programs", e.field.clone().map(|f| json!([f]))),
                ("educationDegrees", Some(json!([degree]))),
            ])
        })
        .collect();
    let employment: Vec<Value> = q
        .work_experience
        .iter()
        .map(|w| {
            let history = object(vec![
                (
                    "title",
                    w.occupation
                        .as_ref()
                        .and_then(|o| o.label.clone())
                        .map(Value::from),
                ),
                (
                    "jobCategories",
                    w.occupation
                        .as_ref()
                        .and_then(occupation_entity)
                        .map(|e| json!([e])),
                ),
            ]);
            object(vec![
                ("start", w.start_date.map(|d| json!(d.to_string()))),
                ("end", w.end_date.map(|d| json!(d.to_string()))),
                ("current", w.start_date.map(|_| json!(w.end_date.is_none()))),
                ("descriptions", w.description.clone().map(|d| json!([d]))),
                (
                    "organization",
                    w.organisation_name.clone().map(|n| json!({"name": n})),
                ),
                ("positionHistories", Some(json!([history]))),
            ])
        })
        .collect();
    let licenses: Vec<Value> = q
        .driving_licences
        .iter()
        .map(|l| {
            object(vec![
                ("name", Some(json!(format!("Rijbewijs {}", l.category)))),
                (
                    "type",
                    Some(json!({"code": l.category.as_str(), "name": "driving-licence"})),
                ),
                (
                    "effectiveTimePeriod",
                    l.valid_until.map(|d| json!({"validTo": date_time(d)})),
                ),
            ])
        })
        .collect();
    let certifications: Vec<Value> = q
        .certificates
        .iter()
        .map(|c| {
            object(vec![
                ("name", Some(json!(c.name))),
                (
                    "effectiveTimePeriod",
                    c.valid_until.map(|d| json!({"validTo": date_time(d)})),
                ),
                ("firstIssued", c.issued.map(|d| json!(d.to_string()))),
                (
                    "issuingAuthority",
                    c.issuer.clone().map(|n| json!({"name": n})),
                ),
            ])
        })
        .collect();
    let qualifications: Vec<Value> = q
        .competences
        .iter()
        .filter_map(|c| competence_value(c, false))
        .collect();
    let availability = work.availability.as_ref().map(|a| {
        json!({"availabilityDates": [object(vec![
            ("startDateTime", a.available_from.map(|d| json!(d.to_string()))),
            ("endDateTime", a.available_until.map(|d| json!(d.to_string()))),
        ])]})
    });
    let offering = offering_types(&work.contract_forms);
    let preference = object(vec![
        (
            "jobCategories",
            Some(Value::Array(
                work.occupations
                    .iter()
                    .filter_map(occupation_entity)
                    .collect(),
            )),
        ),
        ("positionOfferingTypeCodes", Some(Value::Array(offering))),
        (
            "remoteWork",
            work.remote_work
                .as_ref()
                .filter(|r| r.as_str() != "noPreference")
                .map(|r| json!({"remoteWorkIndicator": r.as_str() != "onSite"})),
        ),
    ]);
    let profile = object(vec![
        ("education", Some(Value::Array(education))),
        ("employment", Some(Value::Array(employment))),
        ("licenses", Some(Value::Array(licenses))),
        ("certifications", Some(Value::Array(certifications))),
        ("qualifications", Some(Value::Array(qualifications))),
        ("personAvailability", availability),
        (
            "executiveSummary",
            p.personal_presentation.clone().map(Value::from),
        ),
        ("positionPreferences", Some(json!([preference]))),
    ]);
    object(vec![
        (
            "documentId",
            own.map(|i| json!({"value": i.local_id, "schemeAgencyId": i.source})),
        ),
        ("person", Some(hr_person)),
        ("profiles", Some(json!([profile]))),
    ])
}

fn decode_candidate(c: &Value, context: &DecodeContext) -> JobseekerProfile {
    let person_value = c.get("person").cloned().unwrap_or_default();
    let name = person_value.get("name").cloned().unwrap_or_default();
    let communication = person_value
        .get("communication")
        .cloned()
        .unwrap_or_default();
    let bsn = person_value
        .get("legalId")
        .filter(|l| l.get("schemeId").and_then(Value::as_str) == Some("BSN"))
        .and_then(|l| text(l.get("value")))
        .filter(|b| matches::<Bsn>(b))
        .map(Bsn);
    let person = Person {
        given_names: text(name.get("given")),
        initials: text(name.get("initials")),
        family_name_prefix: text(name.get("familyPrefix")),
        family_name: text(name.get("family")),
        birth_date: date(person_value.get("birthDate")),
        bsn,
        gender: text(person_value.get("gender")).and_then(|g| Gender::from_mapping("hropen", &g)),
        nationalities: list(person_value.get("nationality"))
            .iter()
            .filter_map(|n| text(Some(n)))
            .collect(),
        birth_place: text(person_value.get("birthPlace")),
        primary_language: None,
    };
    let contact = ContactDetails {
        emails: list(communication.get("email"))
            .iter()
            .filter_map(|e| text(e.get("address")))
            .filter_map(|e| Email::from_source(&e))
            .collect(),
        phones: list(communication.get("phone"))
            .iter()
            .filter_map(|p| text(p.get("formattedNumber")))
            .filter_map(|p| Telephone::from_source(&p))
            .collect(),
        address: list(communication.get("address"))
            .first()
            .and_then(address_of),
        websites: list(communication.get("web"))
            .iter()
            .filter_map(|w| text(w.get("url")))
            .filter_map(|url| WebAddress::from_source(Some(WebAddressType::from("profile")), &url))
            .collect(),
        ..ContactDetails::default()
    };
    let profile = list(c.get("profiles")).first().cloned().unwrap_or_default();
    let education = list(profile.get("education"))
        .iter()
        .map(|e| {
            let degree = list(e.get("educationDegrees"))
                .first()
                .cloned()
                .unwrap_or_default();
            let isced = text(degree.get("iscedEducationLevelCode"))
                .filter(|i| IscedLevel::code_list().contains(i))
                .map(IscedLevel);
            Education {
                name: text(degree.get("name")),
                level: isced.map(|isced| EducationLevel {
                    isced: Some(isced),
                    ..EducationLevel::default()
                }),
                field: list(e.get("programs")).first().and_then(|p| text(Some(p))),
                institution: text(e.get("institution").and_then(|i| i.get("name"))),
                status: text(degree.get("degreeGrantedStatus")).and_then(|s| match s.as_str() {
                    "Granted" => Some(EducationStatus::from("completed")),
                    "InProgress" => Some(EducationStatus::from("ongoing")),
                    "NotGranted" => Some(EducationStatus::from("discontinued")),
                    _ => None,
                }),
                diploma_date: date(degree.get("date")),
                start_date: date(e.get("start")),
                end_date: date(e.get("end")),
                description: list(e.get("descriptions"))
                    .first()
                    .and_then(|d| text(Some(d))),
                ..Education::default()
            }
        })
        .filter(|e| *e != Education::default())
        .collect();
    let work_experience = list(profile.get("employment"))
        .iter()
        .map(|w| {
            let history = list(w.get("positionHistories"))
                .first()
                .cloned()
                .unwrap_or_default();
            let mut occupation = list(history.get("jobCategories"))
                .first()
                .and_then(occupation_of);
            if let Some(title) = text(history.get("title")) {
                occupation.get_or_insert_with(Occupation::default).label = Some(title);
            }
            WorkExperience {
                occupation,
                organisation_name: text(w.get("organization").and_then(|o| o.get("name"))),
                start_date: date(w.get("start")),
                end_date: date(w.get("end")),
                description: list(w.get("descriptions"))
                    .first()
                    .and_then(|d| text(Some(d))),
            }
        })
        .filter(|w| *w != WorkExperience::default())
        .collect();
    let driving_licences = list(profile.get("licenses"))
        .iter()
        .filter_map(|l| {
            let category = text(l.get("type").and_then(|t| t.get("code")))
                .filter(|c| DrivingLicenceCategory::code_list().contains(c))?;
            Some(DrivingLicence {
                category: DrivingLicenceCategory(category),
                valid_until: date(l.get("effectiveTimePeriod").and_then(|p| p.get("validTo"))),
            })
        })
        .collect();
    let certificates = list(profile.get("certifications"))
        .iter()
        .filter_map(|c| {
            Some(Certificate {
                name: text(c.get("name"))?,
                issuer: text(c.get("issuingAuthority").and_then(|a| a.get("name"))),
                issued: date(c.get("firstIssued")),
                valid_until: date(c.get("effectiveTimePeriod").and_then(|p| p.get("validTo"))),
            })
        })
        .collect();
    let competences = list(profile.get("qualifications"))
        .iter()
        .filter_map(competence_of)
        .map(|(c, _)| c)
        .collect();
    let availability = profile
        .get("personAvailability")
        .and_then(|a| list(a.get("availabilityDates")).first().cloned())
        .map(|d| Availability {
            available_from: date(d.get("startDateTime")),
            available_until: date(d.get("endDateTime")),
        })
        .filter(|a| *a != Availability::default());
    let preference = list(profile.get("positionPreferences"))
        .first()
        .cloned()
        .unwrap_or_default();
    let contract_forms = contract_forms_of(list(preference.get("positionOfferingTypeCodes")));
    let remote_work = preference
        .get("remoteWork")
        .and_then(|r| r.get("remoteWorkIndicator"))
        .and_then(Value::as_bool)
        .map(|remote| RemoteWork::from(if remote { "remote" } else { "onSite" }));
    let desired_work = DesiredWork {
        occupations: list(preference.get("jobCategories"))
            .iter()
            .filter_map(occupation_of)
            .collect(),
        contract_forms,
        availability,
        remote_work,
        ..DesiredWork::default()
    };
    let qualifications = Qualifications {
        education,
        work_experience,
        competences,
        driving_licences,
        certificates,
        ..Qualifications::default()
    };
    JobseekerProfile {
        document_type: JobseekerProfileType::JobseekerProfile,
        identifiers: identifiers_of(c, context),
        metadata: context.metadata(),
        person: (person != Person::default()).then_some(person),
        contact: (contact != ContactDetails::default()).then_some(contact),
        personal_presentation: text(profile.get("executiveSummary")),
        desired_work: (desired_work != DesiredWork::default()).then_some(desired_work),
        qualifications: (qualifications != Qualifications::default()).then_some(qualifications),
        support: None,
    }
}

// --- PositionOpening ----------------------------------------------------------------------

fn encode_opening(v: &Vacancy) -> Value {
    let employer = v.employer.clone().unwrap_or_default();
    let requirements = v.requirements.clone().unwrap_or_default();
    let terms = v.terms.clone().unwrap_or_default();
    let own = local_id(&v.identifiers, &v.metadata);
    let requester = object(vec![
        (
            "id",
            Some(
                json!({"value": employer.kvk_number.as_ref().map_or("employer", KvkNumber::as_str)}),
            ),
        ),
        ("name", employer.name.clone().map(Value::from)),
        (
            "legalId",
            employer
                .kvk_number
                .as_ref()
                .map(|k| json!({"value": k.as_str(), "schemeId": "KvK"})),
        ),
        (
            "communication",
            Some(object(vec![(
                "web",
                Some(Value::Array(
                    employer
                        .websites
                        .iter()
                        .filter_map(|w| w.url.as_ref().map(|url| json!({"url": url.as_str()})))
                        .collect(),
                )),
            )])),
        ),
    ]);
    let mut competencies: Vec<Value> = requirements
        .required_competences
        .iter()
        .filter_map(|c| competence_value(c, false))
        .collect();
    competencies.extend(
        requirements
            .optional_competences
            .iter()
            .filter_map(|c| competence_value(c, true)),
    );
    let education = requirements.education.first().map(|e| {
        object(vec![
            (
                "iscedEducationLevelCode",
                e.level
                    .as_ref()
                    .and_then(|l| l.isced.as_ref())
                    .map(|i| json!(i.as_str())),
            ),
            ("programs", e.field.clone().map(|f| json!([f]))),
        ])
    });
    let qualification = object(vec![
        ("positionCompetencies", Some(Value::Array(competencies))),
        ("educationRequirement", education),
        (
            "experienceSummary",
            requirements
                .work_experience
                .iter()
                .find_map(|w| w.min_years)
                .map(|y| json!([{"measure": {"value": y, "unitCode": "ANN"}}])),
        ),
        (
            "licences",
            Some(Value::Array(
                requirements
                    .driving_licences
                    .iter()
                    .map(|l| json!(l.category.as_str()))
                    .collect(),
            )),
        ),
    ]);
    let offering = offering_types(&terms.contract_forms);
    let hours = terms
        .working_hours
        .as_ref()
        .and_then(|h| h.hours_per_week_max);
    let salary = terms.salary.clone().unwrap_or_default();
    let range = object(vec![
        (
            "minimumAmount",
            salary
                .min
                .clone()
                .map(|m| json!({"value": m, "currency": "EUR"})),
        ),
        (
            "maximumAmount",
            salary
                .max
                .clone()
                .map(|m| json!({"value": m, "currency": "EUR"})),
        ),
        (
            "intervalCode",
            salary
                .period
                .as_ref()
                .and_then(|p| mapped(SalaryPeriod::code_list(), p.as_str(), "hropen"))
                .map(Value::from),
        ),
    ]);
    let has_amount =
        salary.currency == Some(Currency::Eur) && (salary.min.is_some() || salary.max.is_some());
    let package = object(vec![
        ("ranges", has_amount.then(|| json!([range]))),
        (
            "descriptions",
            salary.indication.clone().map(|i| json!([i])),
        ),
    ]);
    let location = v.location.clone().unwrap_or_default();
    let profile = object(vec![
        ("positionId", v.vacancy_number.clone().map(|n| json!({"value": n}))),
        ("positionTitle", v.title.as_ref().map(|t| json!(t))),
        ("positionLocation", location.address.as_ref().map(|a| json!([address_value(a)]))),
        ("positionOpenQuantity", v.positions.map(Value::from)),
        ("jobCategories", v.occupation.as_ref().and_then(occupation_entity).map(|e| json!([e]))),
        ("positionOfferingTypes", Some(Value::Array(offering))),
        ("positionQualifications", Some(json!([qualification]))),
        ("positionFormattedDescriptions", v.description.clone().map(|d| json!([{"content": d}]))),
        (
            "positionPeriod",
            Some(object(vec![
                ("start", terms.start_date.map(|d| json!(d.to_string()))),
                ("end", terms.end_date.map(|d| json!(d.to_string()))),
            ])),
        ),
        (
            "workingPeriods",
            hours.map(|h| json!([{"workDuration": {"value": h, "unitCode": "HUR"}, "baseDuration": {"value": 1, "unitCode": "WEE"}}])),
        ),
        (
            "remoteWork",
            location.remote_work.as_ref().map(|r| json!({"remoteWorkIndicator": r.as_str() != "onSite"})),
        ),
        ("offeredRemunerationPackage", Some(package)),
    ]);
    object(vec![
        (
            "documentId",
            own.map(|i| json!({"value": i.local_id, "schemeAgencyId": i.source})),
        ),
        (
            "statusCode",
            mapped(VacancyStatus::code_list(), v.status.as_str(), "hropen").map(Value::from),
        ),
        ("postingRequester", Some(requester)),
        ("positionProfiles", Some(json!([profile]))),
    ])
}

fn decode_opening(o: &Value, context: &DecodeContext) -> Vacancy {
    let requester = o.get("postingRequester").cloned().unwrap_or_default();
    let kvk = requester
        .get("legalId")
        .filter(|l| l.get("schemeId").and_then(Value::as_str) == Some("KvK"))
        .and_then(|l| text(l.get("value")))
        .filter(|k| matches::<KvkNumber>(k))
        .map(KvkNumber);
    let employer = Employer {
        name: text(requester.get("name")),
        kvk_number: kvk,
        websites: list(requester.get("communication").and_then(|c| c.get("web")))
            .iter()
            .filter_map(|w| text(w.get("url")))
            .filter_map(|url| WebAddress::from_source(Some(WebAddressType::from("employer")), &url))
            .collect(),
        ..Employer::default()
    };
    let profile = list(o.get("positionProfiles"))
        .first()
        .cloned()
        .unwrap_or_default();
    let qualification = list(profile.get("positionQualifications"))
        .first()
        .cloned()
        .unwrap_or_default();
    let (mut required, mut optional) = (Vec::new(), Vec::new());
    for (competence, is_optional) in list(qualification.get("positionCompetencies"))
        .iter()
        .filter_map(competence_of)
    {
        if is_optional {
            optional.push(competence);
        } else {
            required.push(competence);
        }
    }
    let education = qualification
        .get("educationRequirement")
        .map(|e| Education {
            level: text(e.get("iscedEducationLevelCode"))
                .filter(|i| IscedLevel::code_list().contains(i))
                .map(|i| EducationLevel {
                    isced: Some(IscedLevel(i)),
                    ..EducationLevel::default()
                }),
            field: list(e.get("programs")).first().and_then(|p| text(Some(p))),
            ..Education::default()
        });
    let years = list(qualification.get("experienceSummary"))
        .iter()
        .filter_map(|e| e.get("measure"))
        .find(|m| m.get("unitCode").and_then(Value::as_str) == Some("ANN"))
        .and_then(|m| m.get("value"))
        .and_then(Value::as_u64)
        .and_then(|y| u8::try_from(y).ok());
    let requirements = VacancyRequirements {
        education: education
            .filter(|e| *e != Education::default())
            .into_iter()
            .collect(),
        work_experience: years
            .map(|y| ExperienceRequirement {
                occupation: None,
                min_years: Some(y.min(99)),
            })
            .into_iter()
            .collect(),
        required_competences: required,
        optional_competences: optional,
        driving_licences: list(qualification.get("licences"))
            .iter()
            .filter_map(|l| l.as_str())
            .filter(|l| DrivingLicenceCategory::code_list().contains(l))
            .map(|l| DrivingLicence {
                category: DrivingLicenceCategory::from(l),
                valid_until: None,
            })
            .collect(),
        ..VacancyRequirements::default()
    };
    let hours = list(profile.get("workingPeriods")).first().and_then(|w| {
        let work = w.get("workDuration")?;
        let base = w.get("baseDuration")?;
        let per_week = work.get("unitCode")?.as_str()? == "HUR"
            && base.get("unitCode")?.as_str()? == "WEE"
            && base.get("value")?.as_f64()? == 1.0;
        let value = work.get("value")?.as_f64()?;
        (per_week && value.fract() == 0.0 && (0.0..=99.0).contains(&value)).then_some(value as u8)
    });
    let package = profile
        .get("offeredRemunerationPackage")
        .cloned()
        .unwrap_or_default();
    let range = list(package.get("ranges"))
        .first()
        .cloned()
        .unwrap_or_default();
    let amount = |key: &str| {
        range
            .get(key)
            .filter(|a| a.get("currency").and_then(Value::as_str) == Some("EUR"))
            .and_then(|a| a.get("value"))
            .and_then(Value::as_number)
            .cloned()
    };
    let salary = Salary {
        min: amount("minimumAmount"),
        max: amount("maximumAmount"),
        currency: None,
        period: text(range.get("intervalCode"))
            .and_then(|i| code(SalaryPeriod::code_list(), "hropen", &i)),
        indication: list(package.get("descriptions"))
            .first()
            .and_then(|d| text(Some(d))),
    };
    let salary = Salary {
        currency: (salary.min.is_some() || salary.max.is_some()).then_some(Currency::Eur),
        ..salary
    };
    let contract_forms = contract_forms_of(list(profile.get("positionOfferingTypes")));
    let period = profile.get("positionPeriod").cloned().unwrap_or_default();
    let terms = EmploymentTerms {
        working_hours: hours.map(|h| WorkingHours {
            hours_per_week_max: Some(h),
            ..WorkingHours::default()
        }),
        contract_forms,
        salary: (salary != Salary::default()).then_some(salary),
        start_date: date(period.get("start")),
        end_date: date(period.get("end")),
        ..EmploymentTerms::default()
    };
    let address = list(profile.get("positionLocation"))
        .first()
        .and_then(address_of);
    let remote = profile
        .get("remoteWork")
        .and_then(|r| r.get("remoteWorkIndicator"))
        .and_then(Value::as_bool)
        .map(|r| {
            RemoteWork::from(if !r {
                "onSite"
            } else if address.is_some() {
                "hybrid"
            } else {
                "remote"
            })
        });
    let location = WorkLocation {
        address,
        region: None,
        remote_work: remote,
    };
    Vacancy {
        document_type: VacancyType::Vacancy,
        identifiers: identifiers_of(o, context),
        metadata: context.metadata(),
        vacancy_number: text(profile.get("positionId").and_then(|p| p.get("value")))
            .filter(|n| n.len() <= 50),
        title: text(profile.get("positionTitle")),
        description: list(profile.get("positionFormattedDescriptions"))
            .first()
            .and_then(|d| text(d.get("content"))),
        status: text(o.get("statusCode"))
            .and_then(|s| code(VacancyStatus::code_list(), "hropen", &s))
            .unwrap_or_else(|| VacancyStatus::from("open")),
        employer: (employer != Employer::default()).then_some(employer),
        occupation: list(profile.get("jobCategories"))
            .first()
            .and_then(occupation_of),
        sector: None,
        location: (location != WorkLocation::default()).then_some(location),
        requirements: (requirements != VacancyRequirements::default()).then_some(requirements),
        terms: (terms != EmploymentTerms::default()).then_some(terms),
        positions: profile
            .get("positionOpenQuantity")
            .and_then(Value::as_u64)
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| (1..=10_000).contains(n)),
        date_posted: None,
        valid_through: None,
        application_methods: Vec::new(),
        inclusion: None,
    }
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
        let mut losses = LossReport::default();
        losses.push("", LossKind::Defaulted, "HR Open documents carry no modification time: metadata.lastModified is the time of receipt", "timestamp");
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

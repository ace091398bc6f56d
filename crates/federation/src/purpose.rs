//! The purpose register (doelbinding) and the views it allows.
//!
//! The register is data (`schema/purposes/register.json`, or a file the configuration names):
//! per purpose and document type, the canonical fields a search result and a detail may show,
//! and which derived values (an age band instead of a birth date, a four-digit postcode area
//! instead of an address) it may carry. Some fields are never shown, whatever a register says:
//! a register that lists them is refused at startup.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use werkbrug_model::DocumentType;

use crate::path::{FieldPath, project};

/// The register carried in the project.
const BUILTIN: &str = include_str!("../../../schema/purposes/register.json");

/// Fields no purpose may disclose: identity numbers, the sources' own ids, the provenance
/// metadata (which names the source system's local details), the exact birth date and the home
/// address beyond the city.
pub const NEVER_DISCLOSED: [&str; 8] = [
    "/person/bsn",
    "/identifiers",
    "/metadata",
    "/person/birthDate",
    "/contact/address/street",
    "/contact/address/houseNumber",
    "/contact/address/houseNumberAddition",
    "/contact/address/postcode",
];

/// A value derived from a document instead of one of its fields.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum Derived {
    /// A ten-year age band (`25-34`) from the birth date.
    AgeBand,
    /// The four digits of the mediation postcode (or the address's).
    PostcodeArea,
}

/// What a purpose shows of one document type.
#[derive(
    Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ViewRule {
    /// Fields of a search result.
    pub search: Vec<String>,
    /// Fields of a detail.
    pub detail: Vec<String>,
    /// Derived values both may carry.
    #[serde(default)]
    pub derived: Vec<Derived>,
}

/// The views of a purpose, per document type.
#[derive(
    Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Views {
    /// Jobseeker profiles.
    pub jobseeker_profile: ViewRule,
    /// Vacancies.
    pub vacancy: ViewRule,
}

/// One purpose.
#[derive(
    Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Purpose {
    /// Short id, used in requests (`matching`).
    pub id: String,
    /// URI of the processing activity, used in processing logs.
    pub uri: String,
    /// Title.
    pub title: String,
    /// What the purpose is.
    pub description: String,
    /// The legal ground for it.
    pub legal_basis: String,
    /// Whether every view of it is anonymous (a matching view): then no view may show what the
    /// schema marks sensitive, in a detail either. `matching` is always anonymous.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
    /// What it shows.
    pub views: Views,
}

/// The register.
#[derive(
    Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PurposeRegister {
    /// Id of the register.
    pub id: String,
    /// Its version.
    pub version: String,
    /// What it is.
    pub description: String,
    /// The purposes.
    pub purposes: Vec<Purpose>,
}

/// Why a register cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// Not JSON of the register's shape.
    #[error("the purpose register is not valid: {0}")]
    Malformed(String),
    /// A path is not a field path.
    #[error("purpose '{purpose}': {error}")]
    Path {
        /// The purpose.
        purpose: String,
        /// What is wrong.
        error: crate::path::PathError,
    },
    /// A purpose discloses a field that is never disclosed.
    #[error("purpose '{purpose}' lists {path}, which werkbrug never discloses")]
    Forbidden {
        /// The purpose.
        purpose: String,
        /// The path.
        path: String,
    },
    /// Two purposes share an id.
    #[error("purpose '{0}' is listed twice")]
    Duplicate(String),
    /// A matching view (a search view of any purpose, or any view of an anonymous purpose such
    /// as `matching`) lists a field the schema marks sensitive.
    #[error(
        "purpose '{purpose}' shows {path} in a matching view, and the standard marks it sensitive"
    )]
    Sensitive {
        /// The purpose.
        purpose: String,
        /// The path.
        path: String,
    },
}

/// The purpose whose every view is a matching view, whether or not the register marks it
/// `anonymous`.
pub const MATCHING_PURPOSE: &str = "matching";

/// Whether the request is a search or a detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// A search result.
    Search,
    /// A detail.
    Detail,
}

/// A view of one document type for one stage: the parsed field paths and derived values.
#[derive(Debug, Clone)]
pub struct View {
    fields: Vec<FieldPath>,
    derived: Vec<Derived>,
}

/// A caller's `fields` do not fit the purpose.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldsError {
    /// Not a field path.
    #[error("fields/{index}: {error}")]
    Malformed {
        /// Position in the list.
        index: usize,
        /// What is wrong.
        error: crate::path::PathError,
    },
    /// Outside what the purpose allows.
    #[error("the purpose '{purpose}' does not allow the field {field}")]
    NotAllowed {
        /// The purpose.
        purpose: String,
        /// The field.
        field: String,
    },
}

impl PurposeRegister {
    /// The register carried in the project.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN).expect("the built-in purpose register is valid")
    }

    /// Reads and checks a register.
    pub fn parse(text: &str) -> Result<Self, RegisterError> {
        let register: PurposeRegister =
            serde_json::from_str(text).map_err(|e| RegisterError::Malformed(e.to_string()))?;
        let never: Vec<FieldPath> = NEVER_DISCLOSED
            .iter()
            .map(|p| FieldPath::parse(p).expect("valid"))
            .collect();
        // What the schema marks sensitive (gender, nationality, birth place, ...) may be shown
        // to a purpose with a legal basis for it, in a detail; never where matching happens.
        let sensitive: Vec<(DocumentType, Vec<FieldPath>)> = DocumentType::ALL
            .into_iter()
            .map(|t| {
                let paths = werkbrug_model::schema::sensitive_paths(t)
                    .iter()
                    .map(|p| FieldPath::parse(p).expect("schema paths are field paths"))
                    .collect();
                (t, paths)
            })
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        for purpose in &register.purposes {
            if !seen.insert(purpose.id.as_str()) {
                return Err(RegisterError::Duplicate(purpose.id.clone()));
            }
            for rule in [&purpose.views.jobseeker_profile, &purpose.views.vacancy] {
                for text in rule.search.iter().chain(&rule.detail) {
                    let path = FieldPath::parse(text).map_err(|error| RegisterError::Path {
                        purpose: purpose.id.clone(),
                        error,
                    })?;
                    if never.iter().any(|n| overlaps(&path, n)) {
                        return Err(RegisterError::Forbidden {
                            purpose: purpose.id.clone(),
                            path: text.clone(),
                        });
                    }
                }
            }
            for (document_type, sensitive) in &sensitive {
                let rule = match document_type {
                    DocumentType::JobseekerProfile => &purpose.views.jobseeker_profile,
                    DocumentType::Vacancy => &purpose.views.vacancy,
                };
                let matching: Vec<&String> = if purpose.is_anonymous() {
                    rule.search.iter().chain(&rule.detail).collect()
                } else {
                    rule.search.iter().collect()
                };
                for text in matching {
                    if let Ok(path) = FieldPath::parse(text)
                        && sensitive.iter().any(|s| overlaps(&path, s))
                    {
                        return Err(RegisterError::Sensitive {
                            purpose: purpose.id.clone(),
                            path: text.clone(),
                        });
                    }
                }
            }
        }
        Ok(register)
    }

    /// A purpose by id.
    pub fn get(&self, id: &str) -> Option<&Purpose> {
        self.purposes.iter().find(|p| p.id == id)
    }

    /// Ids of all purposes.
    pub fn ids(&self) -> Vec<&str> {
        self.purposes.iter().map(|p| p.id.as_str()).collect()
    }
}

/// Whether one path lies on or under the other.
fn overlaps(a: &FieldPath, b: &FieldPath) -> bool {
    let (a, b) = (segments(a), segments(b));
    a.iter()
        .zip(&b)
        .all(|(x, y)| x == y || *x == "*" || *y == "*")
}

fn segments(p: &FieldPath) -> Vec<&str> {
    p.as_str()[1..].split('/').collect()
}

impl Purpose {
    /// Whether every view of the purpose is a matching view (`anonymous`, or `matching`).
    pub fn is_anonymous(&self) -> bool {
        self.anonymous || self.id == MATCHING_PURPOSE
    }

    /// The view of `document_type` at `stage`.
    pub fn view(&self, document_type: DocumentType, stage: Stage) -> View {
        let rule = match document_type {
            DocumentType::JobseekerProfile => &self.views.jobseeker_profile,
            DocumentType::Vacancy => &self.views.vacancy,
        };
        let texts = match stage {
            Stage::Search => &rule.search,
            Stage::Detail => &rule.detail,
        };
        View {
            fields: texts
                .iter()
                .map(|t| FieldPath::parse(t).expect("checked when the register was read"))
                .collect(),
            derived: rule.derived.clone(),
        }
    }
}

impl View {
    /// Narrows the view to the caller's `fields` (all of them must lie within the view; an empty
    /// list keeps the whole view).
    pub fn narrow(self, purpose: &str, fields: &[String]) -> Result<View, FieldsError> {
        if fields.is_empty() {
            return Ok(self);
        }
        let mut narrowed = Vec::new();
        for (index, text) in fields.iter().enumerate() {
            let path =
                FieldPath::parse(text).map_err(|error| FieldsError::Malformed { index, error })?;
            let requested = segments(&path);
            // The requested field lies under an allowed one: take it as asked.
            let under = self.fields.iter().any(|allowed| {
                let allowed = segments(allowed);
                allowed.len() <= requested.len()
                    && allowed
                        .iter()
                        .zip(&requested)
                        .all(|(a, r)| a == r || *a == "*")
            });
            if under {
                narrowed.push(path);
                continue;
            }
            // It lies above allowed ones: it means those of them under it.
            let below: Vec<FieldPath> = self
                .fields
                .iter()
                .filter(|allowed| {
                    let allowed = segments(allowed);
                    allowed.len() > requested.len()
                        && allowed
                            .iter()
                            .zip(&requested)
                            .all(|(a, r)| a == r || *r == "*")
                })
                .cloned()
                .collect();
            if below.is_empty() {
                return Err(FieldsError::NotAllowed {
                    purpose: purpose.to_owned(),
                    field: text.clone(),
                });
            }
            narrowed.extend(below);
        }
        Ok(View {
            fields: narrowed,
            derived: self.derived,
        })
    }

    /// The fields this view shows.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(FieldPath::as_str)
    }

    /// Applies the view to a canonical document (as JSON): the fields it may show, and the
    /// derived values it may carry, computed on `today`.
    pub fn apply(&self, document: &Value, today: NaiveDate) -> (Value, DerivedValues) {
        let refs: Vec<&FieldPath> = self.fields.iter().collect();
        let shown = project(document, &refs);
        let mut derived = DerivedValues::default();
        for d in &self.derived {
            match d {
                Derived::AgeBand => derived.age_band = age_band(document, today),
                Derived::PostcodeArea => derived.postcode_area = postcode_area(document),
            }
        }
        (shown, derived)
    }
}

/// Values derived from a document.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct DerivedValues {
    /// Ten-year age band (`15-24`, `25-34`, ..., `65+`) on the day of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<String>,
    /// The four digits of the mediation postcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode_area: Option<String>,
}

fn age_band(document: &Value, today: NaiveDate) -> Option<String> {
    let born: NaiveDate = document
        .pointer("/person/birthDate")?
        .as_str()?
        .parse()
        .ok()?;
    let mut age = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    Some(match age {
        ..15 => "<15".to_owned(),
        65.. => "65+".to_owned(),
        a => {
            let low = 15 + (a - 15) / 10 * 10;
            format!("{low}-{}", low + 9)
        }
    })
}

fn postcode_area(document: &Value) -> Option<String> {
    [
        "/desiredWork/mobility/postcode",
        "/contact/address/postcode",
    ]
    .iter()
    .find_map(|p| document.pointer(p).and_then(Value::as_str))
    .and_then(|p| p.get(..4))
    .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_builtin_register_reads_and_its_matching_view_hides_identity() {
        let register = PurposeRegister::builtin();
        assert_eq!(
            register.ids(),
            ["matching", "kansenregister", "bemiddeling", "re-integratie"]
        );
        let view = register
            .get("matching")
            .unwrap()
            .view(DocumentType::JobseekerProfile, Stage::Search);
        let doc = json!({
            "identifiers": [{"source": "s", "localId": "L1"}],
            "person": {"familyName": "Voorbeeld", "birthDate": "1990-06-15", "bsn": "999990019"},
            "contact": {"emails": ["a@example.org"], "address": {"postcode": "3511AA"}},
            "desiredWork": {"occupations": [{"label": "Kok"}], "mobility": {"postcode": "3511AA", "maxDistanceKm": 20}},
            "support": {"benefits": [{"type": "bijstand"}]}
        });
        let (shown, derived) = view.apply(&doc, day("2026-11-24"));
        assert_eq!(
            shown,
            json!({"desiredWork": {"occupations": [{"label": "Kok"}], "mobility": {"maxDistanceKm": 20}}})
        );
        assert_eq!(
            derived,
            DerivedValues {
                age_band: Some("35-44".into()),
                postcode_area: Some("3511".into())
            }
        );
    }

    #[test]
    fn age_bands_turn_on_the_birthday() {
        let doc = |b: &str| json!({"person": {"birthDate": b}});
        assert_eq!(
            age_band(&doc("2001-11-24"), day("2026-11-24")).unwrap(),
            "25-34"
        );
        assert_eq!(
            age_band(&doc("2001-11-25"), day("2026-11-24")).unwrap(),
            "15-24"
        );
        assert_eq!(
            age_band(&doc("1950-01-01"), day("2026-11-24")).unwrap(),
            "65+"
        );
        assert_eq!(age_band(&json!({}), day("2026-11-24")), None);
    }

    #[test]
    fn sensitive_fields_stay_out_of_every_matching_view() {
        let sensitive = werkbrug_model::schema::sensitive_paths(DocumentType::JobseekerProfile);
        for path in [
            "/person/bsn",
            "/person/gender",
            "/person/nationalities",
            "/person/birthPlace",
            "/person/primaryLanguage",
        ] {
            assert!(
                sensitive.iter().any(|s| s == path),
                "{path} in {sensitive:?}"
            );
        }
        let register = |purpose: &str, search: &str, detail: &str| {
            json!({"id": "r", "version": "1", "description": "d", "purposes": [{
                "id": purpose, "uri": "https://example.org/p", "title": "t", "description": "d",
                "legalBasis": "b",
                "views": {
                    "jobseekerProfile": {"search": [search], "detail": [detail]},
                    "vacancy": {"search": ["/title"], "detail": ["/title"]}
                }
            }]})
            .to_string()
        };
        // A search view of any purpose, and the matching purpose's detail, never show them.
        let error =
            PurposeRegister::parse(&register("placement", "/person/gender", "/desiredWork"))
                .unwrap_err();
        assert_eq!(
            error.to_string(),
            "purpose 'placement' shows /person/gender in a matching view, and the standard marks it sensitive"
        );
        let error =
            PurposeRegister::parse(&register("matching", "/desiredWork", "/person/birthPlace"))
                .unwrap_err();
        assert_eq!(
            error.to_string(),
            "purpose 'matching' shows /person/birthPlace in a matching view, and the standard marks it sensitive"
        );
        // Nor does any view of a purpose the register marks anonymous (kansenregister).
        let mut anonymous: Value =
            serde_json::from_str(&register("employer", "/desiredWork", "/person/gender")).unwrap();
        anonymous["purposes"][0]["anonymous"] = json!(true);
        let error = PurposeRegister::parse(&anonymous.to_string()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "purpose 'employer' shows /person/gender in a matching view, and the standard marks it sensitive"
        );
        let builtin = PurposeRegister::builtin();
        assert!(builtin.get("kansenregister").unwrap().is_anonymous());
        assert!(builtin.get("matching").unwrap().is_anonymous());
        assert!(!builtin.get("bemiddeling").unwrap().is_anonymous());
        // A purpose with a legal basis for it may show them in a detail.
        PurposeRegister::parse(&register(
            "work-permit-check",
            "/desiredWork",
            "/person/nationalities",
        ))
        .unwrap();
    }

    #[test]
    fn registers_that_disclose_forbidden_fields_are_refused() {
        let base = serde_json::to_value(PurposeRegister::builtin()).unwrap();
        for forbidden in [
            "/person/bsn",
            "/person",
            "/identifiers/*/localId",
            "/metadata",
            "/contact/address",
            "/contact",
        ] {
            let mut r = base.clone();
            r["purposes"][0]["views"]["jobseekerProfile"]["detail"] = json!([forbidden]);
            let error = PurposeRegister::parse(&r.to_string()).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("purpose 'matching' lists {forbidden}, which werkbrug never discloses")
            );
        }
        let mut twice = base.clone();
        twice["purposes"][1]["id"] = json!("matching");
        assert_eq!(
            PurposeRegister::parse(&twice.to_string())
                .unwrap_err()
                .to_string(),
            "purpose 'matching' is listed twice"
        );
    }

    #[test]
    fn fields_narrow_the_view_and_cannot_widen_it() {
        let register = PurposeRegister::builtin();
        let purpose = register.get("matching").unwrap();
        let view = || purpose.view(DocumentType::JobseekerProfile, Stage::Search);
        let narrowed = view()
            .narrow(
                "matching",
                &[
                    "/desiredWork/occupations/*/label".into(),
                    "/qualifications".into(),
                ],
            )
            .unwrap();
        let fields: Vec<&str> = narrowed.fields().collect();
        assert!(fields.contains(&"/desiredWork/occupations/*/label"));
        assert!(fields.contains(&"/qualifications/languages"));
        assert!(!fields.iter().any(|f| f.starts_with("/desiredWork/sectors")));
        assert_eq!(
            view()
                .narrow("matching", &["/person/familyName".into()])
                .unwrap_err()
                .to_string(),
            "the purpose 'matching' does not allow the field /person/familyName"
        );
        assert_eq!(
            view()
                .narrow("matching", &["person".into()])
                .unwrap_err()
                .to_string(),
            "fields/0: 'person' is not a field path: it must start with '/' and name a property, e.g. /desiredWork/occupations"
        );
    }
}

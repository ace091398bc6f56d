//! Search criteria: what an integrator asks for, how the gateway applies it to canonical
//! documents, and how much of it each connector can hand to its source.
//!
//! The gateway applies every criterion itself, to the canonical translation of every answer, so
//! results mean the same whatever a source can evaluate. Connectors push down what their
//! protocol expresses ([`SearchCriteria::vum_query`] for VUM sources), which only makes answers
//! smaller. The criteria describe the other side of the match: for a jobseeker search, the work
//! on offer; for a vacancy search, the candidate.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use werkbrug_model::DocumentType;
use werkbrug_model::codelists;
use werkbrug_model::codes::{
    ContractType, DrivingLicenceCategory, HttpUri, IscedLevel, LabourMarketRegion, LanguageCode,
    Postcode, WorkAndThinkingLevel,
};

use crate::geo::PostcodeTable;
use crate::path::FieldPath;

/// A circle around a postcode.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Area {
    /// Centre of the circle.
    pub postcode: Postcode,
    /// Radius in kilometres (VUM's `afstand`), straight line between postcode centroids.
    #[schemars(range(min = 0, max = 1000))]
    pub distance_km: u16,
}

/// A range of hours per week; either end may be open.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HoursRange {
    /// At least this many hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 99))]
    pub min: Option<u8>,
    /// At most this many hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 99))]
    pub max: Option<u8>,
}

/// What to search for. Every criterion given must hold; lists ask for "any of" (occupations,
/// contract types) or "all of" (competences, languages, driving licences) as documented per field.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchCriteria {
    /// Occupations as CompetentNL or ESCO URIs. Jobseekers: wanting any of them
    /// (`desiredWork.occupations`); vacancies: for any of them (`occupation`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 20))]
    pub occupations: Vec<HttpUri>,
    /// Competences as CompetentNL or ESCO URIs. Jobseekers: having all of them; vacancies: asking
    /// for (required or optional) any of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 20))]
    pub competences: Vec<HttpUri>,
    /// Around a postcode: a jobseeker's mediation postcode (`desiredWork.mobility.postcode`, or
    /// the home postcode where a source has none) or a vacancy's workplace
    /// (`location.address.postcode`) lies within the distance. VUM sources
    /// need this criterion (their `selectiegebied` is mandatory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Area>,
    /// In a labour-market region: a jobseeker's address region, a vacancy's location region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<LabourMarketRegion>,
    /// Hours per week that overlap this range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_week: Option<HoursRange>,
    /// Contract types, any of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 10))]
    pub contract_types: Vec<ContractType>,
    /// ISCED level. Jobseekers: with an education of at least this level; vacancies: asking no
    /// education above it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education_level: Option<IscedLevel>,
    /// Work and thinking level. Jobseekers: at least this level; vacancies: asking at most it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_and_thinking_level: Option<WorkAndThinkingLevel>,
    /// Languages (ISO 639-3). Jobseekers: speaking all of them; vacancies: asking no others.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 10))]
    pub languages: Vec<LanguageCode>,
    /// Driving licences. Jobseekers: holding all of them; vacancies: asking no others.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 16))]
    pub driving_licences: Vec<DrivingLicenceCategory>,
    /// A date. Jobseekers: available for work on it (available from it or earlier); vacancies:
    /// starting on it or later (or with no start date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_from: Option<NaiveDate>,
}

/// How a document relates to the criteria.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Distance in kilometres from the area's postcode, when an area was asked for.
    pub distance_km: Option<f64>,
}

/// Why a connector cannot put the criteria to its source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unsupported(pub String);

fn p(text: &str) -> FieldPath {
    FieldPath::parse(text).expect("paths in code are valid")
}

fn level(code: &str) -> Option<u8> {
    code.parse().ok()
}

impl SearchCriteria {
    /// Whether `document` (a canonical document of `document_type`, as JSON) meets every
    /// criterion, and how far away it is.
    pub fn matches(
        &self,
        document_type: DocumentType,
        document: &Value,
        geo: &PostcodeTable,
    ) -> Option<Match> {
        let jobseeker = document_type == DocumentType::JobseekerProfile;
        let strings = |path: &str| p(path).strings(document);
        let any_in = |have: &[&str], wanted: &[&str]| wanted.iter().any(|w| have.contains(w));
        let all_in = |have: &[&str], wanted: &[&str]| wanted.iter().all(|w| have.contains(w));

        if !self.occupations.is_empty() {
            let base = if jobseeker {
                "/desiredWork/occupations/*"
            } else {
                "/occupation"
            };
            let mut have = strings(&format!("{base}/competentNlUri"));
            have.extend(strings(&format!("{base}/escoUri")));
            let wanted: Vec<&str> = self.occupations.iter().map(HttpUri::as_str).collect();
            if !any_in(&have, &wanted) {
                return None;
            }
        }
        if !self.competences.is_empty() {
            let wanted: Vec<&str> = self.competences.iter().map(HttpUri::as_str).collect();
            let ok = if jobseeker {
                all_in(&strings("/qualifications/competences/*/uri"), &wanted)
            } else {
                let mut have = strings("/requirements/requiredCompetences/*/uri");
                have.extend(strings("/requirements/optionalCompetences/*/uri"));
                any_in(&have, &wanted)
            };
            if !ok {
                return None;
            }
        }
        let mut distance_km = None;
        if let Some(area) = &self.area {
            // The mediation postcode, or where the format has none, the home postcode.
            let candidates: &[&str] = if jobseeker {
                &[
                    "/desiredWork/mobility/postcode",
                    "/contact/address/postcode",
                ]
            } else {
                &["/location/address/postcode"]
            };
            let postcode = candidates
                .iter()
                .find_map(|at| strings(at).into_iter().next())?;
            let d = geo.distance_km(area.postcode.as_str(), postcode)?;
            if d > f64::from(area.distance_km) {
                return None;
            }
            distance_km = Some(d);
        }
        if let Some(region) = &self.region {
            let paths: &[&str] = if jobseeker {
                &["/contact/address/region"]
            } else {
                &["/location/region", "/location/address/region"]
            };
            if !paths
                .iter()
                .any(|at| strings(at).contains(&region.as_str()))
            {
                return None;
            }
        }
        if let Some(hours) = &self.hours_per_week {
            let at = if jobseeker {
                "/desiredWork/workingHours"
            } else {
                "/terms/workingHours"
            };
            let number = |key: &str| {
                p(&format!("{at}/{key}"))
                    .values(document)
                    .first()
                    .and_then(|v| v.as_u64())
            };
            let (low, high) = (number("hoursPerWeekMin"), number("hoursPerWeekMax"));
            if low.is_none() && high.is_none() {
                return None;
            }
            if let (Some(max), Some(low)) = (hours.max, low.or(high))
                && low > u64::from(max)
            {
                return None;
            }
            if let (Some(min), Some(high)) = (hours.min, high.or(low))
                && high < u64::from(min)
            {
                return None;
            }
        }
        if !self.contract_types.is_empty() {
            let at = if jobseeker {
                "/desiredWork/contractForms/*/contractType"
            } else {
                "/terms/contractForms/*/contractType"
            };
            let wanted: Vec<&str> = self.contract_types.iter().map(|c| c.as_str()).collect();
            if !any_in(&strings(at), &wanted) {
                return None;
            }
        }
        if let Some(wanted) = self
            .education_level
            .as_ref()
            .and_then(|l| level(l.as_str()))
        {
            let at = if jobseeker {
                "/qualifications/education/*/level/isced"
            } else {
                "/requirements/education/*/level/isced"
            };
            let levels: Vec<u8> = strings(at).into_iter().filter_map(level).collect();
            let ok = if jobseeker {
                levels.iter().any(|l| *l >= wanted)
            } else {
                levels.iter().all(|l| *l <= wanted)
            };
            if !ok {
                return None;
            }
        }
        if let Some(wanted) = self
            .work_and_thinking_level
            .as_ref()
            .and_then(|l| level(l.as_str()))
        {
            let ok = if jobseeker {
                strings("/qualifications/workAndThinkingLevel")
                    .into_iter()
                    .filter_map(level)
                    .any(|l| l >= wanted)
            } else {
                strings("/requirements/workAndThinkingLevelMin")
                    .into_iter()
                    .filter_map(level)
                    .all(|l| l <= wanted)
            };
            if !ok {
                return None;
            }
        }
        for (wanted, jobseeker_path, vacancy_path) in [
            (
                self.languages
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>(),
                "/qualifications/languages/*/language",
                "/requirements/languages/*/language",
            ),
            (
                self.driving_licences.iter().map(|l| l.as_str()).collect(),
                "/qualifications/drivingLicences/*/category",
                "/requirements/drivingLicences/*/category",
            ),
        ] {
            if wanted.is_empty() {
                continue;
            }
            let ok = if jobseeker {
                all_in(&strings(jobseeker_path), &wanted)
            } else {
                all_in(&wanted, &strings(vacancy_path))
            };
            if !ok {
                return None;
            }
        }
        if let Some(date) = self.available_from {
            let date = date.to_string();
            let ok = if jobseeker {
                strings("/desiredWork/availability/availableFrom")
                    .first()
                    .is_some_and(|from| **from <= *date)
            } else {
                strings("/terms/startDate")
                    .first()
                    .is_none_or(|start| **start >= *date)
            };
            if !ok {
                return None;
            }
        }
        Some(Match { distance_km })
    }

    /// The VUM selection query (`vraagObject`) for these criteria, with what VUM can express:
    /// the area (mandatory: without it VUM sources cannot be asked), occupations, contract types,
    /// driving licences, languages, hours and availability for jobseekers; the area, a single
    /// occupation, hours and the start date for vacancies. The rest is applied by the gateway.
    pub fn vum_query(&self, document_type: DocumentType) -> Result<Value, Unsupported> {
        let Some(area) = &self.area else {
            return Err(Unsupported(
                "VUM sources need an area (postcode and distance): their selectiegebied is mandatory"
                    .into(),
            ));
        };
        let mut query = Map::new();
        query.insert(
            "selectiegebied".into(),
            // VUM's afstand is Integer1000 (0 to 999); the gateway applies the exact distance to
            // every answer itself, so a wider circle is asked for as VUM's widest.
            json!({"postcode": area.postcode.as_str(), "afstand": area.distance_km.min(999)}),
        );
        let vum_code = |list: &str, code: &str| {
            codelists::get(list)
                .and_then(|l| l.get(code))
                .and_then(|c| c.mappings.get("vum"))
                .cloned()
        };
        let competent_nl: Vec<&str> = self
            .occupations
            .iter()
            .map(HttpUri::as_str)
            .filter(|u| u.starts_with("https://linkeddata.competentnl.nl/"))
            .collect();
        let hours = self.hours_per_week.as_ref();
        match document_type {
            DocumentType::JobseekerProfile => {
                // Only when every occupation has a CompetentNL URI: VUM cannot ask for ESCO ones,
                // and asking for a subset would drop matches.
                if !competent_nl.is_empty() && competent_nl.len() == self.occupations.len() {
                    let any: Vec<Value> = competent_nl
                        .iter()
                        .map(|u| json!({"beroep.codeBeroepsnaam": {"$eq": u}}))
                        .collect();
                    query.insert(
                        "bemiddelingsberoep".into(),
                        json!({"$elemMatch": {"$or": any}}),
                    );
                }
                let contracts: Vec<String> = self
                    .contract_types
                    .iter()
                    .filter_map(|c| vum_code("contract-type", c.as_str()))
                    .collect();
                if !contracts.is_empty() && contracts.len() == self.contract_types.len() {
                    let any: Vec<Value> = contracts
                        .iter()
                        .map(|c| json!({"codeTypeArbeidscontract": {"$eq": c}}))
                        .collect();
                    query.insert("contractvorm".into(), json!({"$elemMatch": {"$or": any}}));
                }
                let licences: Vec<Value> = self
                    .driving_licences
                    .iter()
                    .filter_map(|l| vum_code("driving-licence", l.as_str()))
                    .map(|c| json!({"$elemMatch": {"codeSoortRijbewijs": {"$eq": c}}}))
                    .collect();
                if !licences.is_empty() {
                    query.insert(
                        "arbeidsmarktkwalificatie.rijbewijs".into(),
                        json!({ "$all": licences }),
                    );
                }
                let languages: Vec<Value> = self
                    .languages
                    .iter()
                    .map(|l| json!({"$elemMatch": {"codeTaal": {"$eq": l.as_str()}}}))
                    .collect();
                if !languages.is_empty() {
                    query.insert(
                        "arbeidsmarktkwalificatie.taalbeheersing".into(),
                        json!({ "$all": languages }),
                    );
                }
                if let Some(date) = self.available_from {
                    query.insert(
                        "datumAanvangBeschikbaarVoorWerk".into(),
                        json!({"$lte": date.to_string()}),
                    );
                }
                if let Some(max) = hours.and_then(|h| h.max) {
                    query.insert(
                        "werktijden.aantalWerkurenPerWeekMinimaal".into(),
                        json!({ "$lte": max }),
                    );
                }
                if let Some(min) = hours.and_then(|h| h.min) {
                    query.insert(
                        "werktijden.aantalWerkurenPerWeekMaximaal".into(),
                        json!({ "$gte": min }),
                    );
                }
            }
            DocumentType::Vacancy => {
                if let [one] = competent_nl.as_slice()
                    && self.occupations.len() == 1
                {
                    query.insert("beroep.codeBeroepsnaam".into(), json!({ "$eq": one }));
                }
                if let Some(date) = self.available_from {
                    query.insert(
                        "datumAanvangWerkzaamheden".into(),
                        json!({"$gte": date.to_string()}),
                    );
                }
                if let Some(max) = hours.and_then(|h| h.max) {
                    query.insert(
                        "werktijden.aantalWerkurenPerWeekMinimaal".into(),
                        json!({ "$lte": max }),
                    );
                }
                if let Some(min) = hours.and_then(|h| h.min) {
                    query.insert(
                        "werktijden.aantalWerkurenPerWeekMaximaal".into(),
                        json!({ "$gte": min }),
                    );
                }
            }
        }
        Ok(Value::Object(query))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria(value: Value) -> SearchCriteria {
        serde_json::from_value(value).unwrap()
    }

    fn jobseeker() -> Value {
        json!({
            "desiredWork": {
                "occupations": [{"competentNlUri": "https://linkeddata.competentnl.nl/uwv/id/occupation/8321001"}],
                "workingHours": {"hoursPerWeekMin": 24, "hoursPerWeekMax": 32},
                "contractForms": [{"contractType": "fixedTerm"}],
                "availability": {"availableFrom": "2026-12-01"},
                "mobility": {"postcode": "3511AA"}
            },
            "qualifications": {
                "workAndThinkingLevel": "3",
                "education": [{"level": {"isced": "3"}}],
                "competences": [{"uri": "https://linkeddata.competentnl.nl/uwv/id/skill/4711"}],
                "languages": [{"language": "nld"}, {"language": "eng"}],
                "drivingLicences": [{"category": "B"}]
            }
        })
    }

    #[test]
    fn a_jobseeker_meets_criteria_that_fit_and_fails_each_that_does_not() {
        let geo = PostcodeTable::builtin();
        let fits = criteria(json!({
            "occupations": ["https://linkeddata.competentnl.nl/uwv/id/occupation/8321001", "https://data.europa.eu/esco/occupation/x"],
            "competences": ["https://linkeddata.competentnl.nl/uwv/id/skill/4711"],
            "area": {"postcode": "3521AZ", "distanceKm": 10},
            "hoursPerWeek": {"min": 30, "max": 40},
            "contractTypes": ["permanent", "fixedTerm"],
            "educationLevel": "3",
            "workAndThinkingLevel": "2",
            "languages": ["nld"],
            "drivingLicences": ["B"],
            "availableFrom": "2027-01-01"
        }));
        let m = fits
            .matches(DocumentType::JobseekerProfile, &jobseeker(), &geo)
            .unwrap();
        // Utrecht centre (3511) to Jaarbeurs (3521): under a kilometre.
        let d = m.distance_km.unwrap();
        assert!((d - 0.82).abs() < 0.05, "{d}");
        for (key, value) in [
            (
                "occupations",
                json!(["https://linkeddata.competentnl.nl/uwv/id/occupation/1"]),
            ),
            (
                "competences",
                json!(["https://linkeddata.competentnl.nl/uwv/id/skill/1"]),
            ),
            ("area", json!({"postcode": "9711AA", "distanceKm": 50})),
            ("region", json!("14")),
            ("hoursPerWeek", json!({"min": 36})),
            ("hoursPerWeek", json!({"max": 16})),
            ("contractTypes", json!(["permanent"])),
            ("educationLevel", json!("5")),
            ("workAndThinkingLevel", json!("4")),
            ("languages", json!(["deu"])),
            ("drivingLicences", json!(["C"])),
            ("availableFrom", json!("2026-11-30")),
        ] {
            let mut c = serde_json::to_value(&fits).unwrap();
            c[key] = value;
            assert!(
                criteria(c)
                    .matches(DocumentType::JobseekerProfile, &jobseeker(), &geo)
                    .is_none(),
                "{key}"
            );
        }
    }

    #[test]
    fn vacancy_criteria_describe_the_candidate() {
        let geo = PostcodeTable::builtin();
        let vacancy = json!({
            "occupation": {"competentNlUri": "https://linkeddata.competentnl.nl/uwv/id/occupation/8321001"},
            "location": {"address": {"postcode": "1012AB"}},
            "requirements": {"languages": [{"language": "nld"}], "drivingLicences": [{"category": "B"}],
                             "workAndThinkingLevelMin": "3", "education": [{"level": {"isced": "3"}}]},
            "terms": {"startDate": "2027-01-01"}
        });
        let candidate = criteria(json!({
            "area": {"postcode": "1011AA", "distanceKm": 5},
            "languages": ["nld", "eng"], "drivingLicences": ["B", "C"],
            "workAndThinkingLevel": "4", "educationLevel": "4", "availableFrom": "2026-12-01"
        }));
        assert!(
            candidate
                .matches(DocumentType::Vacancy, &vacancy, &geo)
                .is_some()
        );
        let weaker = criteria(json!({"languages": ["eng"], "workAndThinkingLevel": "2"}));
        assert!(
            weaker
                .matches(DocumentType::Vacancy, &vacancy, &geo)
                .is_none()
        );
        let later = criteria(json!({"availableFrom": "2027-02-01"}));
        assert!(
            later
                .matches(DocumentType::Vacancy, &vacancy, &geo)
                .is_none()
        );
    }

    #[test]
    fn the_vum_query_carries_what_vum_can_express() {
        let c = criteria(json!({
            "occupations": ["https://linkeddata.competentnl.nl/uwv/id/occupation/8321001"],
            "area": {"postcode": "3521AZ", "distanceKm": 10},
            "hoursPerWeek": {"min": 20, "max": 32},
            "contractTypes": ["permanent"],
            "languages": ["nld"], "drivingLicences": ["B"], "availableFrom": "2027-01-01",
            "competences": ["https://linkeddata.competentnl.nl/uwv/id/skill/4711"]
        }));
        assert_eq!(
            c.vum_query(DocumentType::JobseekerProfile).unwrap(),
            json!({
                "selectiegebied": {"postcode": "3521AZ", "afstand": 10},
                "bemiddelingsberoep": {"$elemMatch": {"$or": [{"beroep.codeBeroepsnaam": {"$eq": "https://linkeddata.competentnl.nl/uwv/id/occupation/8321001"}}]}},
                "contractvorm": {"$elemMatch": {"$or": [{"codeTypeArbeidscontract": {"$eq": "O"}}]}},
                "arbeidsmarktkwalificatie.rijbewijs": {"$all": [{"$elemMatch": {"codeSoortRijbewijs": {"$eq": "B"}}}]},
                "arbeidsmarktkwalificatie.taalbeheersing": {"$all": [{"$elemMatch": {"codeTaal": {"$eq": "nld"}}}]},
                "datumAanvangBeschikbaarVoorWerk": {"$lte": "2027-01-01"},
                "werktijden.aantalWerkurenPerWeekMinimaal": {"$lte": 32},
                "werktijden.aantalWerkurenPerWeekMaximaal": {"$gte": 20}
            })
        );
        assert_eq!(
            c.vum_query(DocumentType::Vacancy).unwrap(),
            json!({
                "selectiegebied": {"postcode": "3521AZ", "afstand": 10},
                "beroep.codeBeroepsnaam": {"$eq": "https://linkeddata.competentnl.nl/uwv/id/occupation/8321001"},
                "datumAanvangWerkzaamheden": {"$gte": "2027-01-01"},
                "werktijden.aantalWerkurenPerWeekMinimaal": {"$lte": 32},
                "werktijden.aantalWerkurenPerWeekMaximaal": {"$gte": 20}
            })
        );
        let no_area = criteria(json!({"region": "14"}));
        assert_eq!(
            no_area
                .vum_query(DocumentType::Vacancy)
                .unwrap_err()
                .to_string(),
            "VUM sources need an area (postcode and distance): their selectiegebied is mandatory"
        );
    }
}

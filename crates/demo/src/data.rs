//! Deterministic synthetic jobseekers and vacancies, as canonical documents.
//!
//! Everything here is made up, but shaped like the real thing: Dutch given and family names (with
//! prefixes such as "van der"), postcodes inside the right municipalities and labour-market
//! regions, occupations with their ISCO-08 codes and labels, competences, education on the Dutch
//! levels with their ISCED and VUM equivalents (from the code lists), and distributions of hours,
//! contract types and levels in the spirit of UWV's labour-market figures. BSNs only from the
//! 9999xxxxx test range and valid under the elfproef; e-mail addresses only at `.example` domains.
//! One seed gives one data set, on every machine.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use werkbrug_model::codelists;

pub use crate::tables::City;
use crate::tables::{
    CITIES, COMPETENCES, EMPLOYER_SUFFIXES, FAMILY_NAMES, GIVEN_NAMES, OCCUPATIONS, Occupation,
    STREETS,
};

/// What kind of organisation a data set belongs to; it shapes who is in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// UWV: jobseekers with WW or WIA benefits, vacancies from all over the country.
    Uwv,
    /// A municipality: bijstand (Participatiewet) clients with participation-ladder steps,
    /// target-group registrations and job coaches; local vacancies.
    Municipality,
    /// A staffing agency: candidates ready for work, temporary and fixed-term jobs.
    StaffingAgency,
    /// A re-integration company: clients in trajectories.
    Reintegration,
}

/// A generator of one data set.
pub struct Generator {
    rng: ChaCha8Rng,
    holder: Holder,
    source_id: String,
    organisation: String,
    cities: Vec<&'static City>,
}

fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random_range(0..total);
    for (item, weight) in items {
        if pick < *weight {
            return item;
        }
        pick -= weight;
    }
    &items[items.len() - 1].0
}

/// A BSN from the 9999 test range that passes the elfproef (the model's own check).
pub fn test_bsn(rng: &mut impl Rng) -> String {
    loop {
        let bsn = format!("9999{:05}", rng.random_range(0..100_000u32));
        if werkbrug_model::rules::is_valid_bsn(&bsn) {
            return bsn;
        }
    }
}

impl Generator {
    /// A generator for one source. `cities` narrows where the data lives (a municipality's own
    /// city and its region); empty for the whole country.
    pub fn new(
        seed: u64,
        holder: Holder,
        source_id: &str,
        organisation: &str,
        cities: &[&str],
    ) -> Self {
        // Mix the source id into the seed, so two sources with one seed differ.
        let mixed = source_id
            .bytes()
            .fold(seed ^ 0x5eed_5eed, |h, b| h.rotate_left(5) ^ u64::from(b));
        let chosen: Vec<&'static City> = CITIES
            .iter()
            .filter(|c| cities.is_empty() || cities.contains(&c.name))
            .collect();
        Self {
            rng: ChaCha8Rng::seed_from_u64(mixed),
            holder,
            source_id: source_id.to_owned(),
            organisation: organisation.to_owned(),
            cities: if chosen.is_empty() {
                CITIES.iter().collect()
            } else {
                chosen
            },
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn postcode(&mut self, city: &City) -> String {
        let (low, high) = *self.pick(&city.postcodes);
        let digits = self.rng.random_range(low..=high);
        // Letter pairs SA, SD and SS are not used in Dutch postcodes.
        loop {
            let a = char::from(b'A' + self.rng.random_range(0..26u8));
            let b = char::from(b'A' + self.rng.random_range(0..26u8));
            if a == 'S' && matches!(b, 'A' | 'D' | 'S') {
                continue;
            }
            return format!("{digits}{a}{b}");
        }
    }

    fn occupation_value(o: &Occupation) -> Value {
        json!({
            "competentNlUri": format!("https://linkeddata.competentnl.nl/uwv/id/occupation/{}", o.competent_nl),
            "iscoCode": o.isco,
            "label": o.label,
        })
    }

    fn education_level(dutch: &str) -> Value {
        let code = codelists::expect("nl-education-level")
            .get(dutch)
            .expect("levels in the generator are in the code list");
        json!({
            "dutch": dutch,
            "isced": code.mappings.get("isced"),
            "vum": code.mappings.get("vum"),
        })
    }

    fn competences(&mut self, n: usize) -> Vec<Value> {
        let mut chosen: Vec<&(&str, &str)> = Vec::new();
        while chosen.len() < n {
            let c = self.pick(&COMPETENCES);
            if !chosen.contains(&c) {
                chosen.push(c);
            }
        }
        chosen
            .into_iter()
            .map(|(id, label)| {
                json!({"uri": format!("https://linkeddata.competentnl.nl/uwv/id/skill/{id}"), "label": label})
            })
            .collect()
    }

    fn hours(&mut self) -> (u8, u8) {
        *weighted(
            &mut self.rng,
            &[
                ((32, 40), 35),
                ((24, 32), 30),
                ((16, 24), 20),
                ((36, 40), 10),
                ((8, 16), 5),
            ],
        )
    }

    // The explicit `*` is needed for the 'static lifetime, whatever clippy says.
    #[allow(clippy::explicit_auto_deref)]
    fn contract(&mut self) -> &'static str {
        let staffing = self.holder == Holder::StaffingAgency;
        *weighted(
            &mut self.rng,
            &[
                ("permanent", if staffing { 10 } else { 40 }),
                ("fixedTerm", 40),
                ("temporaryAgency", if staffing { 45 } else { 10 }),
                ("onCall", 5),
            ],
        )
    }

    fn metadata(&mut self, day: u32) -> Value {
        json!({
            "schemaVersion": werkbrug_model::SCHEMA_VERSION,
            "sourceSystem": {"id": self.source_id, "organisation": self.organisation},
            "lastModified": format!("2026-{:02}-{:02}T09:00:00+01:00", 9 + day / 28 % 3, 1 + day % 28),
        })
    }

    /// The `n`th jobseeker profile (local id `{prefix}-{n:06}`).
    pub fn jobseeker(&mut self, prefix: &str, n: usize) -> Value {
        let occupation = self.pick(&OCCUPATIONS);
        let second = self.pick(&OCCUPATIONS);
        let city = *self.pick(&self.cities.clone());
        let postcode = self.postcode(city);
        let given = *self.pick(&GIVEN_NAMES);
        let (prefix_name, family) = *self.pick(&FAMILY_NAMES);
        let birth_year = self.rng.random_range(1962..=2006);
        let birth = format!(
            "{birth_year}-{:02}-{:02}",
            self.rng.random_range(1..=12),
            self.rng.random_range(1..=28)
        );
        let (low, high) = self.hours();
        let contract = self.contract();
        let mut occupations = vec![Self::occupation_value(occupation)];
        if second.isco != occupation.isco && self.rng.random_bool(0.4) {
            occupations.push(Self::occupation_value(second));
        }
        let mut person = json!({"givenNames": given, "familyName": family, "birthDate": birth});
        if !prefix_name.is_empty() {
            person["familyNamePrefix"] = json!(prefix_name);
        }
        if matches!(
            self.holder,
            Holder::Municipality | Holder::Uwv | Holder::Reintegration
        ) {
            person["bsn"] = json!(test_bsn(&mut self.rng));
        }
        let mail_name = format!(
            "{}.{}{}",
            given.to_lowercase(),
            prefix_name.replace(' ', ""),
            family.to_lowercase()
        )
        .replace(['ş', 'ë'], "s");
        let mut languages = vec![
            json!({"language": "nld", "speaking": *self.pick(&["B1", "B2", "C1", "C2"]), "writing": *self.pick(&["A2", "B1", "B2", "C1"])}),
        ];
        if self.rng.random_bool(0.5) {
            languages.push(json!({"language": "eng", "speaking": *self.pick(&["A2", "B1", "B2"])}));
        }
        if self.rng.random_bool(0.15) {
            languages.push(
                json!({"language": *self.pick(&["ara", "tur", "pol", "deu"]), "speaking": "C2"}),
            );
        }
        let mut licences = Vec::new();
        if self.rng.random_bool(0.7) {
            licences.push(json!({"category": "B"}));
            if occupation.isco.starts_with("83") && self.rng.random_bool(0.6) {
                licences.push(json!({"category": "C"}));
                licences.push(json!({"category": "CE"}));
            }
        }
        let available = format!(
            "2026-{:02}-{:02}",
            self.rng.random_range(10..=12),
            self.rng.random_range(1..=28)
        );
        let started = 2026 - self.rng.random_range(1..=12);
        let mut qualifications = json!({
            "workAndThinkingLevel": occupation.level,
            "education": [{"name": format!("Opleiding {}", occupation.label.to_lowercase()), "level": Self::education_level(occupation.education), "status": "completed", "diploma": "yes"}],
            "workExperience": [{"occupation": Self::occupation_value(occupation), "startDate": format!("{started}-03-01"), "endDate": "2026-06-30"}],
            "competences": self.competences(3),
            "languages": languages,
        });
        if !licences.is_empty() {
            qualifications["drivingLicences"] = json!(licences);
        }
        let street = *self.pick(&STREETS);
        let mut doc = json!({
            "documentType": "jobseekerProfile",
            "identifiers": [{"source": self.source_id, "localId": format!("{prefix}-{n:06}")}],
            "metadata": self.metadata(n as u32),
            "person": person,
            "contact": {
                "available": true,
                "emails": [format!("{mail_name}@voorbeeld.example")],
                "phones": [format!("06{:08}", self.rng.random_range(10_000_000..99_999_999u32))],
                "address": {"street": street, "houseNumber": self.rng.random_range(1..=250), "postcode": postcode, "city": city.name, "municipalityCode": city.municipality, "region": city.region}
            },
            "desiredWork": {
                "occupations": occupations,
                "workingHours": {"hoursPerWeekMin": low, "hoursPerWeekMax": high, "officeHours": "yes", "irregularHoursOrShifts": if self.rng.random_bool(0.3) { "yes" } else { "no" }},
                "contractForms": [{"contractType": contract}],
                "availability": {"availableFrom": available},
                "mobility": {"postcode": postcode, "maxDistanceKm": *self.pick(&[5, 10, 15, 25, 40]), "transport": [{"mode": *self.pick(&["car", "bicycle", "publicTransport"]), "forCommute": "yes"}]}
            },
            "qualifications": qualifications,
        });
        match self.holder {
            Holder::Uwv => {
                let benefit = *weighted(
                    &mut self.rng,
                    &[("ww", 80), ("wia-wga", 15), ("ziektewet", 5)],
                );
                doc["support"] = json!({"benefits": [{"type": benefit, "startDate": format!("2026-{:02}-01", self.rng.random_range(1..=10))}], "responsibleOrganisation": {"name": "UWV"}});
            }
            Holder::Municipality => {
                let step = *weighted(
                    &mut self.rng,
                    &[("2", 10), ("3", 20), ("4", 35), ("5", 25), ("6", 10)],
                );
                let registered = self.rng.random_bool(0.25);
                let mut support = json!({
                    "benefits": [{"type": "bijstand", "startDate": format!("{}-01-01", self.rng.random_range(2019..=2026))}],
                    "responsibleOrganisation": {"name": self.organisation},
                    "participationLadder": {"step": step, "assessedOn": "2026-09-15"},
                    "targetGroupRegister": {"registered": registered},
                });
                if registered {
                    support["wageValue"] = json!({"percentage": self.rng.random_range(40..=90), "assessedOn": "2026-09-20", "method": "Dariuz"});
                    support["jobCoach"] = json!({"organisation": {"name": "Jobcoach Voorbeeld B.V."}, "startDate": "2026-10-01"});
                }
                doc["support"] = support;
            }
            Holder::Reintegration => {
                doc["support"] = json!({
                    "benefits": [{"type": *self.pick(&["ww", "bijstand", "wia-wga"]), "startDate": "2026-01-01"}],
                    "trajectories": [{"name": "Van werk naar werk", "status": "active", "startDate": "2026-08-01",
                                       "instruments": [{"type": "jobCoaching", "status": "active", "startDate": "2026-08-01"}]}]
                });
            }
            Holder::StaffingAgency => {}
        }
        doc
    }

    /// The `n`th vacancy (local id `{prefix}-{n:06}`).
    pub fn vacancy(&mut self, prefix: &str, n: usize) -> Value {
        let occupation = self.pick(&OCCUPATIONS);
        let city = *self.pick(&self.cities.clone());
        let postcode = self.postcode(city);
        let (low, high) = self.hours();
        let contract = self.contract();
        let (family_prefix, family) = *self.pick(&FAMILY_NAMES);
        let employer = format!(
            "{}{} {}",
            if family_prefix.is_empty() {
                String::new()
            } else {
                format!("{} ", capitalise(family_prefix))
            },
            family,
            self.pick(&EMPLOYER_SUFFIXES)
        );
        let domain = family.to_lowercase();
        let base_salary = match occupation.level {
            "1" => 2_200,
            "2" => 2_500,
            "3" => 2_900,
            "4" => 3_400,
            "5" => 3_900,
            _ => 4_600,
        };
        let posted_day = self.rng.random_range(1..=20);
        let mut requirements = json!({
            "workAndThinkingLevelMin": occupation.level,
            "education": [{"level": Self::education_level(occupation.education), "diploma": "yes"}],
            "requiredCompetences": self.competences(2),
            "languages": [{"language": "nld", "speaking": *self.pick(&["fair", "good"])}],
        });
        if occupation.isco.starts_with("83") {
            requirements["drivingLicences"] =
                json!([{"category": if occupation.isco == "8332" { "CE" } else { "B" }}]);
        }
        json!({
            "documentType": "vacancy",
            "identifiers": [{"source": self.source_id, "localId": format!("{prefix}-{n:06}")}],
            "metadata": self.metadata(n as u32),
            "vacancyNumber": format!("V{n:06}"),
            "title": format!("{} in {}", occupation.label, city.name),
            "description": format!("{employer} zoekt een {} voor {}-{} uur per week in {}.", occupation.label.to_lowercase(), low, high, city.name),
            "status": "open",
            "employer": {
                "name": employer,
                "sectors": [{"sbiCode": occupation.sbi.0, "label": occupation.sbi.1}],
                "websites": [{"kind": "employer", "url": format!("https://{domain}.example")}],
                "contactPersons": [{"name": "Afdeling HR", "emails": [format!("werken@{domain}.example")]}]
            },
            "occupation": Self::occupation_value(occupation),
            "sector": {"sbiCode": occupation.sbi.0, "label": occupation.sbi.1},
            "location": {"address": {"street": *self.pick(&STREETS), "houseNumber": self.rng.random_range(1..=300), "postcode": postcode, "city": city.name, "municipalityCode": city.municipality, "region": city.region}},
            "requirements": requirements,
            "terms": {
                "workingHours": {"hoursPerWeekMin": low, "hoursPerWeekMax": high},
                "contractForms": [{"contractType": contract}],
                "salary": {"min": base_salary, "max": base_salary + 600, "currency": "EUR", "period": "month"},
                "startDate": format!("2027-01-{:02}", self.rng.random_range(4..=28))
            },
            "positions": self.rng.random_range(1..=3),
            "datePosted": format!("2026-11-{posted_day:02}"),
            "validThrough": "2027-01-31",
            "applicationMethods": [{"method": "email", "email": format!("werken@{domain}.example")}],
            "inclusion": {"openToTargetGroupRegister": self.holder == Holder::Municipality || self.rng.random_bool(0.1)}
        })
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_seed_gives_one_data_set_on_every_machine() {
        // FNV-1a over the documents of every holder: the tables (data/*.tsv, *.txt) and the
        // draws together. A change to either changes every demo and test that uses the data.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for holder in [
            Holder::Uwv,
            Holder::Municipality,
            Holder::StaffingAgency,
            Holder::Reintegration,
        ] {
            let mut generator = Generator::new(7, holder, "golden", "Golden", &[]);
            let mut documents: Vec<Value> = (0..40).map(|n| generator.jobseeker("W", n)).collect();
            documents.extend((0..10).map(|n| generator.vacancy("V", n)));
            for byte in serde_json::to_vec(&documents).unwrap() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        assert_eq!(format!("{hash:016x}"), "3bcc5778a56d05a9");
    }

    use super::*;
    use werkbrug_model::{DocumentType, Validator};

    #[test]
    fn every_generated_document_is_valid_canonical() {
        for holder in [
            Holder::Uwv,
            Holder::Municipality,
            Holder::StaffingAgency,
            Holder::Reintegration,
        ] {
            let mut g = Generator::new(7, holder, "test-bron", "Testbron", &[]);
            for n in 0..200 {
                let profile = g.jobseeker("W", n);
                let report = Validator::shared().validate(&profile, DocumentType::JobseekerProfile);
                assert!(
                    report.valid,
                    "{holder:?} profile {n}: {:?}",
                    report.findings
                );
                let vacancy = g.vacancy("V", n);
                let report = Validator::shared().validate(&vacancy, DocumentType::Vacancy);
                assert!(
                    report.valid,
                    "{holder:?} vacancy {n}: {:?}",
                    report.findings
                );
            }
        }
    }

    #[test]
    fn one_seed_gives_one_data_set_and_sources_differ() {
        let make = |seed, source: &str| {
            Generator::new(seed, Holder::Uwv, source, "X", &[]).jobseeker("W", 1)
        };
        assert_eq!(make(1, "a"), make(1, "a"));
        assert_ne!(make(1, "a"), make(1, "b"));
        assert_ne!(make(1, "a"), make(2, "a"));
    }

    #[test]
    fn bsns_are_test_numbers_that_pass_the_elfproef() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..100 {
            let bsn = test_bsn(&mut rng);
            assert!(bsn.starts_with("9999"));
            assert!(werkbrug_model::rules::is_valid_bsn(&bsn), "{bsn}");
        }
    }

    #[test]
    fn a_municipality_keeps_to_its_cities() {
        let mut g = Generator::new(
            1,
            Holder::Municipality,
            "gemeente-rotterdam",
            "Gemeente Rotterdam",
            &["Rotterdam", "Schiedam"],
        );
        for n in 0..50 {
            let doc = g.jobseeker("R", n);
            let city = doc
                .pointer("/contact/address/city")
                .unwrap()
                .as_str()
                .unwrap();
            assert!(city == "Rotterdam" || city == "Schiedam");
            assert_eq!(doc.pointer("/contact/address/region").unwrap(), "22");
        }
    }
}

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

/// A municipality: name, CBS code, labour-market region, four-digit postcode ranges.
#[derive(Debug, Clone, Copy)]
pub struct City {
    /// Name.
    pub name: &'static str,
    /// CBS municipality code.
    pub municipality: &'static str,
    /// Labour-market region code (`labour-market-region` code list).
    pub region: &'static str,
    /// Its four-digit postcodes (inclusive ranges).
    pub postcodes: &'static [(u16, u16)],
}

/// The municipalities the demo data lives in.
pub const CITIES: &[City] = &[
    City {
        name: "Amsterdam",
        municipality: "GM0363",
        region: "10",
        postcodes: &[(1011, 1109)],
    },
    City {
        name: "Rotterdam",
        municipality: "GM0599",
        region: "22",
        postcodes: &[(3011, 3089)],
    },
    City {
        name: "Schiedam",
        municipality: "GM0606",
        region: "22",
        postcodes: &[(3111, 3125)],
    },
    City {
        name: "Vlaardingen",
        municipality: "GM0622",
        region: "22",
        postcodes: &[(3131, 3138)],
    },
    City {
        name: "Utrecht",
        municipality: "GM0344",
        region: "14",
        postcodes: &[(3511, 3585)],
    },
    City {
        name: "Delft",
        municipality: "GM0503",
        region: "20",
        postcodes: &[(2611, 2629)],
    },
    City {
        name: "Eindhoven",
        municipality: "GM0772",
        region: "33",
        postcodes: &[(5611, 5658)],
    },
    City {
        name: "Groningen",
        municipality: "GM0014",
        region: "01",
        postcodes: &[(9711, 9747)],
    },
    City {
        name: "Assen",
        municipality: "GM0106",
        region: "01",
        postcodes: &[(9401, 9409)],
    },
    City {
        name: "Tilburg",
        municipality: "GM0855",
        region: "30",
        postcodes: &[(5011, 5049)],
    },
    City {
        name: "Almere",
        municipality: "GM0034",
        region: "06",
        postcodes: &[(1311, 1363)],
    },
    City {
        name: "Breda",
        municipality: "GM0758",
        region: "28",
        postcodes: &[(4811, 4839)],
    },
    City {
        name: "Nijmegen",
        municipality: "GM0268",
        region: "25",
        postcodes: &[(6511, 6546)],
    },
    City {
        name: "Enschede",
        municipality: "GM0153",
        region: "09",
        postcodes: &[(7511, 7548)],
    },
    City {
        name: "Apeldoorn",
        municipality: "GM0200",
        region: "11",
        postcodes: &[(7311, 7339)],
    },
    City {
        name: "Haarlem",
        municipality: "GM0392",
        region: "08",
        postcodes: &[(2011, 2037)],
    },
    City {
        name: "Arnhem",
        municipality: "GM0202",
        region: "21",
        postcodes: &[(6811, 6846)],
    },
    City {
        name: "Zwolle",
        municipality: "GM0193",
        region: "05",
        postcodes: &[(8011, 8043)],
    },
    City {
        name: "Leeuwarden",
        municipality: "GM0080",
        region: "02",
        postcodes: &[(8911, 8939)],
    },
    City {
        name: "Maastricht",
        municipality: "GM0935",
        region: "35",
        postcodes: &[(6211, 6229)],
    },
    City {
        name: "Amersfoort",
        municipality: "GM0307",
        region: "15",
        postcodes: &[(3811, 3829)],
    },
    City {
        name: "Leiden",
        municipality: "GM0546",
        region: "13",
        postcodes: &[(2311, 2334)],
    },
    City {
        name: "Dordrecht",
        municipality: "GM0505",
        region: "26",
        postcodes: &[(3311, 3329)],
    },
];

/// An occupation: CompetentNL id, ISCO-08 code, Dutch label, a typical Dutch education level,
/// a typical work and thinking level, and its SBI sector.
struct Occupation {
    competent_nl: &'static str,
    isco: &'static str,
    label: &'static str,
    education: &'static str,
    level: &'static str,
    sbi: (&'static str, &'static str),
}

const OCCUPATIONS: &[Occupation] = &[
    Occupation {
        competent_nl: "8344001",
        isco: "8344",
        label: "Heftruckchauffeur",
        education: "mbo-2",
        level: "2",
        sbi: ("5210", "Opslag en distributie"),
    },
    Occupation {
        competent_nl: "9321001",
        isco: "9321",
        label: "Orderpicker",
        education: "mbo-1",
        level: "1",
        sbi: ("5210", "Opslag en distributie"),
    },
    Occupation {
        competent_nl: "8322001",
        isco: "8322",
        label: "Bezorger",
        education: "vmbo-bb",
        level: "1",
        sbi: ("5320", "Post- en koeriersdiensten"),
    },
    Occupation {
        competent_nl: "8332001",
        isco: "8332",
        label: "Vrachtwagenchauffeur",
        education: "mbo-2",
        level: "2",
        sbi: ("4941", "Goederenvervoer over de weg"),
    },
    Occupation {
        competent_nl: "5223001",
        isco: "5223",
        label: "Verkoopmedewerker detailhandel",
        education: "mbo-2",
        level: "2",
        sbi: ("4719", "Warenhuizen"),
    },
    Occupation {
        competent_nl: "5230001",
        isco: "5230",
        label: "Kassamedewerker",
        education: "vmbo-kb",
        level: "1",
        sbi: ("4711", "Supermarkten"),
    },
    Occupation {
        competent_nl: "5120001",
        isco: "5120",
        label: "Kok",
        education: "mbo-3",
        level: "3",
        sbi: ("5610", "Restaurants"),
    },
    Occupation {
        competent_nl: "9412001",
        isco: "9412",
        label: "Keukenhulp",
        education: "mbo-1",
        level: "1",
        sbi: ("5610", "Restaurants"),
    },
    Occupation {
        competent_nl: "5131001",
        isco: "5131",
        label: "Bediening horeca",
        education: "mbo-2",
        level: "2",
        sbi: ("5630", "Cafés"),
    },
    Occupation {
        competent_nl: "9112001",
        isco: "9112",
        label: "Schoonmaker",
        education: "vmbo-bb",
        level: "1",
        sbi: ("8121", "Interieurreiniging"),
    },
    Occupation {
        competent_nl: "6113001",
        isco: "6113",
        label: "Hovenier",
        education: "mbo-2",
        level: "2",
        sbi: ("8130", "Landschapsverzorging"),
    },
    Occupation {
        competent_nl: "5322001",
        isco: "5322",
        label: "Helpende zorg en welzijn",
        education: "mbo-2",
        level: "2",
        sbi: ("8710", "Verpleeghuizen"),
    },
    Occupation {
        competent_nl: "3221001",
        isco: "3221",
        label: "Verzorgende IG",
        education: "mbo-3",
        level: "3",
        sbi: ("8710", "Verpleeghuizen"),
    },
    Occupation {
        competent_nl: "2221001",
        isco: "2221",
        label: "Verpleegkundige",
        education: "hbo-bachelor",
        level: "5",
        sbi: ("8610", "Ziekenhuizen"),
    },
    Occupation {
        competent_nl: "5311001",
        isco: "5311",
        label: "Pedagogisch medewerker kinderopvang",
        education: "mbo-3",
        level: "3",
        sbi: ("8891", "Kinderopvang"),
    },
    Occupation {
        competent_nl: "2341001",
        isco: "2341",
        label: "Leraar basisonderwijs",
        education: "hbo-bachelor",
        level: "5",
        sbi: ("8520", "Basisonderwijs"),
    },
    Occupation {
        competent_nl: "7411001",
        isco: "7411",
        label: "Elektricien",
        education: "mbo-3",
        level: "3",
        sbi: ("4321", "Elektrotechnische bouwinstallatie"),
    },
    Occupation {
        competent_nl: "7126001",
        isco: "7126",
        label: "Installatiemonteur",
        education: "mbo-3",
        level: "3",
        sbi: ("4322", "Loodgieters- en fitterswerk"),
    },
    Occupation {
        competent_nl: "7115001",
        isco: "7115",
        label: "Timmerman",
        education: "mbo-2",
        level: "2",
        sbi: ("4120", "Algemene burgerlijke en utiliteitsbouw"),
    },
    Occupation {
        competent_nl: "7233001",
        isco: "7233",
        label: "Monteur werktuigbouw",
        education: "mbo-4",
        level: "3",
        sbi: ("3312", "Reparatie van machines"),
    },
    Occupation {
        competent_nl: "8189001",
        isco: "8189",
        label: "Productiemedewerker",
        education: "vmbo-kb",
        level: "1",
        sbi: ("1089", "Vervaardiging van voedingsmiddelen"),
    },
    Occupation {
        competent_nl: "4110001",
        isco: "4110",
        label: "Administratief medewerker",
        education: "mbo-3",
        level: "3",
        sbi: ("8211", "Administratieve dienstverlening"),
    },
    Occupation {
        competent_nl: "4222001",
        isco: "4222",
        label: "Klantenservicemedewerker",
        education: "mbo-3",
        level: "3",
        sbi: ("8220", "Callcenters"),
    },
    Occupation {
        competent_nl: "3313001",
        isco: "3313",
        label: "Boekhouder",
        education: "mbo-4",
        level: "4",
        sbi: ("6920", "Accountancy en administratie"),
    },
    Occupation {
        competent_nl: "2512001",
        isco: "2512",
        label: "Softwareontwikkelaar",
        education: "hbo-bachelor",
        level: "5",
        sbi: ("6201", "Ontwikkelen van software"),
    },
    Occupation {
        competent_nl: "2511001",
        isco: "2511",
        label: "Data-analist",
        education: "wo-master",
        level: "6",
        sbi: ("6202", "Advisering op het gebied van informatietechnologie"),
    },
    Occupation {
        competent_nl: "5414001",
        isco: "5414",
        label: "Beveiliger",
        education: "mbo-2",
        level: "2",
        sbi: ("8010", "Particuliere beveiliging"),
    },
    Occupation {
        competent_nl: "9622001",
        isco: "9622",
        label: "Medewerker groenvoorziening",
        education: "mbo-1",
        level: "1",
        sbi: ("8130", "Landschapsverzorging"),
    },
];

const COMPETENCES: &[(&str, &str)] = &[
    ("1101", "Samenwerken"),
    ("1102", "Klantgericht werken"),
    ("1103", "Plannen en organiseren"),
    ("1104", "Veiligheidsbewust werken"),
    ("1105", "Nauwkeurig werken"),
    ("1106", "Communiceren"),
    ("1107", "Omgaan met verandering"),
    ("1108", "Digitale vaardigheden"),
    ("1109", "Problemen oplossen"),
    ("1110", "Zelfstandig werken"),
    ("2201", "Heftruck besturen"),
    ("2202", "Werken met een handscanner"),
    ("2203", "Persoonlijke verzorging bieden"),
    ("2204", "Kassasysteem bedienen"),
    ("2205", "Gerechten bereiden"),
    ("2206", "Elektrische installaties aanleggen"),
    ("2207", "Boekhouding bijhouden"),
    ("2208", "Programmeren"),
];

const GIVEN_NAMES: &[&str] = &[
    "Daan", "Sem", "Lucas", "Levi", "Noah", "Finn", "Mohammed", "Bram", "Jesse", "Thomas", "Ruben",
    "Tim", "Kevin", "Mark", "Peter", "Hans", "Emma", "Julia", "Sophie", "Tess", "Anna", "Fleur",
    "Sara", "Lotte", "Eva", "Fatima", "Nora", "Yasmina", "Linda", "Sandra", "Ingrid", "Marieke",
    "Ayşe", "Dewi", "Priya", "Kofi", "Mila", "Jan", "Willem", "Femke",
];

const FAMILY_NAMES: &[(&str, &str)] = &[
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("van", "Dijk"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("van der", "Meer"),
    ("", "Yilmaz"),
    ("el", "Amrani"),
    ("", "Boateng"),
    ("", "Kaya"),
    ("", "Nguyen"),
    ("van der", "Linden"),
    ("", "Postma"),
    ("", "Kuipers"),
    ("van", "Beek"),
];

const STREETS: &[&str] = &[
    "Dorpsstraat",
    "Kerkstraat",
    "Molenweg",
    "Stationsweg",
    "Schoolstraat",
    "Julianalaan",
    "Beatrixstraat",
    "Industrieweg",
    "Parallelweg",
    "Eikenlaan",
    "Lindelaan",
    "Nieuwstraat",
];

const EMPLOYER_SUFFIXES: &[&str] = &[
    "B.V.",
    "Groep",
    "& Zonen B.V.",
    "Nederland B.V.",
    "Zorg",
    "Logistiek B.V.",
];

/// A generator of one data set.
pub struct Generator {
    rng: ChaCha8Rng,
    holder: Holder,
    source_id: String,
    organisation: String,
    cities: Vec<City>,
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

/// A BSN from the 9999 test range that passes the elfproef.
pub fn test_bsn(rng: &mut impl Rng) -> String {
    loop {
        let rest: u32 = rng.random_range(0..100_000);
        let digits: Vec<u32> = format!("9999{rest:05}")
            .bytes()
            .map(|b| u32::from(b - b'0'))
            .collect();
        let sum: i64 = digits[..8]
            .iter()
            .enumerate()
            .map(|(i, d)| i64::from(*d) * (9 - i as i64))
            .sum::<i64>()
            - i64::from(digits[8]);
        if sum % 11 == 0 {
            return digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
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
        let chosen: Vec<City> = CITIES
            .iter()
            .filter(|c| cities.is_empty() || cities.contains(&c.name))
            .copied()
            .collect();
        Self {
            rng: ChaCha8Rng::seed_from_u64(mixed),
            holder,
            source_id: source_id.to_owned(),
            organisation: organisation.to_owned(),
            cities: if chosen.is_empty() {
                CITIES.to_vec()
            } else {
                chosen
            },
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn postcode(&mut self, city: &City) -> String {
        let (low, high) = *self.pick(city.postcodes);
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
            let c = self.pick(COMPETENCES);
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
        let occupation = self.pick(OCCUPATIONS);
        let second = self.pick(OCCUPATIONS);
        let city = *self.pick(&self.cities.clone());
        let postcode = self.postcode(&city);
        let given = *self.pick(GIVEN_NAMES);
        let (prefix_name, family) = *self.pick(FAMILY_NAMES);
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
        let street = *self.pick(STREETS);
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
        let occupation = self.pick(OCCUPATIONS);
        let city = *self.pick(&self.cities.clone());
        let postcode = self.postcode(&city);
        let (low, high) = self.hours();
        let contract = self.contract();
        let (family_prefix, family) = *self.pick(FAMILY_NAMES);
        let employer = format!(
            "{}{} {}",
            if family_prefix.is_empty() {
                String::new()
            } else {
                format!("{} ", capitalise(family_prefix))
            },
            family,
            self.pick(EMPLOYER_SUFFIXES)
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
            "location": {"address": {"street": *self.pick(STREETS), "houseNumber": self.rng.random_range(1..=300), "postcode": postcode, "city": city.name, "municipalityCode": city.municipality, "region": city.region}},
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

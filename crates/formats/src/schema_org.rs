//! The `schema-org` format: a vacancy as a schema.org `JobPosting` in JSON-LD, what job boards
//! and search engines read. Vacancies only; a jobseeker profile has no schema.org equivalent.
//!
//! Writes `title`, `description`, `datePosted`, `validThrough`, `hiringOrganization` and
//! `jobLocation` always (the properties job boards require), filling in what the vacancy lacks and
//! reporting it as defaulted; reads the common shapes of those properties (a string or an object,
//! one value or a list).

use chrono::{Days, NaiveDate};
use serde_json::{Map, Value, json};
use werkbrug_model::DocumentType;
use werkbrug_model::codes::*;
use werkbrug_model::common::*;
use werkbrug_model::vacancy::*;

use crate::loss::{self, LossKind, LossReport, Reasons};
use crate::{
    CanonicalDocument, DecodeContext, Decoded, Encoded, ErrorKind, Format, FormatError, FormatInfo,
    Location, Support, json,
};

const ID: &str = "schema-org";

/// Days a posting stays valid when the vacancy has no closing date (schema.org wants one).
const DEFAULT_VALIDITY_DAYS: u64 = 60;

/// The schema.org format adapter.
#[derive(Debug, Clone, Copy, Default)]
pub struct SchemaOrg;

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Object(o) => text(o.get("name").or_else(|| o.get("@value"))),
        _ => None,
    }
}

/// The first item of a value that may be a list.
fn first(value: Option<&Value>) -> Option<&Value> {
    match value? {
        Value::Array(items) => items.first(),
        other => Some(other),
    }
}

fn all(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

fn date(value: Option<&Value>) -> Option<NaiveDate> {
    value?.as_str()?.get(..10)?.parse().ok()
}

fn is_job_posting(value: &Value) -> bool {
    all(value.get("@type"))
        .iter()
        .any(|t| t.as_str() == Some("JobPosting"))
}

/// The canonical vacancy of a `JobPosting`, and what had to be made up for it.
fn decode_posting(posting: &Value, context: &DecodeContext, reasons: &mut Reasons) -> Vacancy {
    let organisation = first(posting.get("hiringOrganization"));
    let employer = organisation.map(|o| Employer {
        name: text(Some(o)),
        kvk_number: text(o.get("identifier"))
            .filter(|k| crate::patterns::matches::<KvkNumber>(k))
            .map(KvkNumber),
        websites: text(o.get("sameAs").or_else(|| o.get("url")))
            .and_then(|url| WebAddress::from_source(Some(WebAddressType::from("employer")), &url))
            .into_iter()
            .collect(),
        ..Employer::default()
    });
    let place = first(posting.get("jobLocation"));
    let postal = place.and_then(|p| p.get("address"));
    let address = postal.map(|a| {
        let country =
            text(a.get("addressCountry")).filter(|c| crate::patterns::matches::<CountryCode>(c));
        let code = text(a.get("postalCode")).map(|p| p.replace(' ', "").to_ascii_uppercase());
        let dutch = country.as_deref().is_none_or(|c| c == "NL");
        let (street, house_number, house_number_addition) =
            crate::patterns::split_street(text(a.get("streetAddress")));
        Address {
            street,
            house_number,
            house_number_addition,
            postcode: code
                .clone()
                .filter(|c| dutch && crate::patterns::matches::<Postcode>(c))
                .map(Postcode),
            foreign_postal_code: if dutch {
                None
            } else {
                text(a.get("postalCode"))
            },
            city: text(a.get("addressLocality")),
            country_code: country.map(CountryCode),
            ..Address::default()
        }
    });
    let remote = all(posting.get("jobLocationType"))
        .iter()
        .any(|t| t.as_str() == Some("TELECOMMUTE"));
    let region = postal
        .and_then(|a| text(a.get("addressRegion")))
        .and_then(|name| {
            LabourMarketRegion::code_list()
                .codes
                .iter()
                .find(|c| c.label == name)
        })
        .map(|c| LabourMarketRegion(c.code.clone()));
    let location = WorkLocation {
        address: address.filter(|a| {
            *a != Address::default()
                && *a
                    != Address {
                        country_code: Some(CountryCode::from("NL")),
                        ..Address::default()
                    }
        }),
        region,
        remote_work: remote
            .then(|| RemoteWork::from(if place.is_some() { "hybrid" } else { "remote" })),
    };

    let salary = first(posting.get("baseSalary")).map(|s| {
        let value = s.get("value").unwrap_or(&Value::Null);
        let number = |key: &str| value.get(key).and_then(Value::as_number).cloned();
        let (min, max) = match (number("minValue"), number("maxValue"), number("value")) {
            (None, None, Some(v)) => (Some(v.clone()), Some(v)),
            (min, max, _) => (min, max),
        };
        Salary {
            min,
            max,
            currency: (s.get("currency").and_then(Value::as_str) == Some("EUR"))
                .then_some(Currency::Eur),
            period: text(value.get("unitText")).and_then(|u| {
                SalaryPeriod::code_list()
                    .from_mapping("schemaorg", &u)
                    .map(|c| SalaryPeriod(c.code.clone()))
            }),
            indication: None,
        }
    });
    let salary = salary.filter(|s| s.currency.is_some() && (s.min.is_some() || s.max.is_some()));

    let mut contract_forms = Vec::new();
    for kind in all(posting.get("employmentType"))
        .iter()
        .filter_map(|t| t.as_str())
    {
        let contract = ContractType::code_list().from_mapping("schemaorg", kind);
        let agreement = AgreementType::code_list().from_mapping("schemaorg", kind);
        if contract.is_some() || agreement.is_some() {
            contract_forms.push(ContractForm {
                contract_type: contract.map(|c| ContractType(c.code.clone())),
                agreement_type: agreement.map(|c| AgreementType(c.code.clone())),
            });
        }
    }
    let kinds = all(posting.get("employmentType"));
    for (i, kind) in kinds.iter().enumerate() {
        let at = if matches!(posting.get("employmentType"), Some(Value::Array(_))) {
            format!("/employmentType/{i}")
        } else {
            "/employmentType".to_owned()
        };
        match kind.as_str() {
            Some("FULL_TIME" | "PART_TIME") => reasons.note(
                at,
                "full or part time says no number of hours; the canonical model keeps hours per week",
            ),
            Some(k) if ContractType::code_list().from_mapping("schemaorg", k).is_none()
                && AgreementType::code_list().from_mapping("schemaorg", k).is_none() =>
            {
                reasons.note(at, "an employment type with no canonical contract form")
            }
            _ => {}
        }
    }
    let terms = EmploymentTerms {
        contract_forms,
        salary,
        start_date: date(posting.get("jobStartDate")),
        ..EmploymentTerms::default()
    };
    let occupation = text(posting.get("occupationalCategory"))
        .filter(|c| crate::patterns::matches::<IscoCode>(c))
        .map(|code| Occupation {
            isco_code: Some(IscoCode(code)),
            ..Occupation::default()
        });
    let skills: Vec<Competence> = all(posting.get("skills"))
        .iter()
        .filter_map(|s| text(Some(s)))
        .map(|label| Competence {
            label: Some(label),
            ..Competence::default()
        })
        .collect();
    let months = posting
        .get("experienceRequirements")
        .and_then(|e| e.get("monthsOfExperience"))
        .and_then(Value::as_u64);
    let requirements = VacancyRequirements {
        required_competences: skills,
        work_experience: months
            .map(|m| ExperienceRequirement {
                occupation: None,
                min_years: u8::try_from(m / 12).ok(),
            })
            .into_iter()
            .collect(),
        ..VacancyRequirements::default()
    };
    let identifier = posting.get("identifier");
    let local_id = text(identifier.and_then(|i| i.get("value")))
        .or_else(|| text(identifier))
        .map(|i| i.trim().to_owned())
        .filter(|i| SourceIdentifier::accepts_local_id(i));
    let apply = text(posting.get("url"));

    Vacancy {
        document_type: VacancyType::Vacancy,
        // No identifier is invented: a posting without one is carried with the finding
        // identifiers.present, so that two such postings never share an id.
        identifiers: local_id
            .map(|local_id| SourceIdentifier {
                source: context.source.id.clone(),
                local_id,
            })
            .into_iter()
            .collect(),
        metadata: context.metadata(),
        vacancy_number: None,
        title: text(posting.get("title")),
        description: text(posting.get("description")),
        status: VacancyStatus::from("open"),
        employer: employer.filter(|e| *e != Employer::default()),
        occupation,
        sector: None,
        location: (location != WorkLocation::default()).then_some(location),
        requirements: (requirements != VacancyRequirements::default()).then_some(requirements),
        terms: (terms != EmploymentTerms::default()).then_some(terms),
        positions: posting
            .get("totalJobOpenings")
            .and_then(Value::as_u64)
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| (1..=10_000).contains(n)),
        date_posted: date(posting.get("datePosted")),
        valid_through: date(posting.get("validThrough")),
        application_methods: apply
            .map(|url| ApplicationMethod {
                method: Some(ApplicationMethodCode::from("online")),
                website: WebAddress::from_source(
                    Some(WebAddressType::from("applicationForm")),
                    &url,
                ),
                email: None,
                phone: None,
                instructions: None,
            })
            .into_iter()
            .collect(),
        inclusion: None,
    }
}

/// A vacancy as a `JobPosting`, with the paths of the required properties it had to make up.
fn encode_posting(v: &Vacancy) -> (Value, Vec<(&'static str, &'static str)>) {
    let mut defaulted = Vec::new();
    let mut posting = Map::new();
    posting.insert("@context".into(), json!("https://schema.org"));
    posting.insert("@type".into(), json!("JobPosting"));
    if let Some(title) = &v.title {
        posting.insert("title".into(), json!(title));
    }
    let description = v.description.clone().or_else(|| {
        let title = v.title.clone()?;
        defaulted.push((
            "/description",
            "schema.org requires a description: the title was used",
        ));
        Some(title)
    });
    if let Some(description) = description {
        posting.insert("description".into(), json!(description));
    }
    if let Some(own) = v
        .identifiers
        .iter()
        .find(|i| i.source == v.metadata.source_system.id)
        .or(v.identifiers.first())
    {
        posting.insert(
            "identifier".into(),
            json!({"@type": "PropertyValue", "name": own.source, "value": own.local_id}),
        );
    }
    let posted = v.date_posted.unwrap_or_else(|| {
        defaulted.push((
            "/datePosted",
            "schema.org requires datePosted: the vacancy's last modification date was used",
        ));
        v.metadata.last_modified.date_naive()
    });
    posting.insert("datePosted".into(), json!(posted.to_string()));
    let valid_through = v.valid_through.unwrap_or_else(|| {
        defaulted.push((
            "/validThrough",
            "schema.org requires validThrough: sixty days after datePosted was used",
        ));
        posted + Days::new(DEFAULT_VALIDITY_DAYS)
    });
    posting.insert("validThrough".into(), json!(valid_through.to_string()));

    let employer = v.employer.clone().unwrap_or_default();
    let mut organisation = Map::new();
    organisation.insert("@type".into(), json!("Organization"));
    let name = employer.name.clone().unwrap_or_else(|| {
        defaulted.push(("/hiringOrganization/name", "schema.org requires the hiring organisation's name and the vacancy is anonymous: 'Vertrouwelijk' was used"));
        "Vertrouwelijk".to_owned()
    });
    organisation.insert("name".into(), json!(name));
    if let Some(kvk) = &employer.kvk_number {
        organisation.insert("identifier".into(), json!(kvk.as_str()));
    }
    if let Some(site) = employer
        .websites
        .iter()
        .find(|w| w.kind.as_ref().is_some_and(|k| k.as_str() == "employer"))
        .and_then(WebAddress::address)
    {
        organisation.insert("sameAs".into(), json!(site));
    }
    posting.insert("hiringOrganization".into(), Value::Object(organisation));

    let location = v.location.clone().unwrap_or_default();
    let remote = location.remote_work.as_ref().map(RemoteWork::as_str);
    let address = location.address.clone();
    if let Some(a) = &address {
        let mut postal = Map::new();
        postal.insert("@type".into(), json!("PostalAddress"));
        let street = crate::patterns::join_street(
            a.street.as_deref(),
            a.house_number,
            a.house_number_addition.as_deref(),
        );
        if let Some(street) = street {
            postal.insert("streetAddress".into(), json!(street));
        }
        if let Some(p) = a
            .postcode
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .or(a.foreign_postal_code.clone())
        {
            postal.insert("postalCode".into(), json!(p));
        }
        if let Some(city) = &a.city {
            postal.insert("addressLocality".into(), json!(city));
        }
        postal.insert(
            "addressCountry".into(),
            json!(a.country_code.as_ref().map_or("NL", CountryCode::as_str)),
        );
        posting.insert(
            "jobLocation".into(),
            json!({"@type": "Place", "address": postal}),
        );
    }
    if matches!(remote, Some("remote" | "hybrid")) {
        posting.insert("jobLocationType".into(), json!("TELECOMMUTE"));
        posting.insert(
            "applicantLocationRequirements".into(),
            json!({"@type": "Country", "name": "NL"}),
        );
    }
    if address.is_none() {
        let region = location
            .region
            .as_ref()
            .and_then(|r| LabourMarketRegion::code_list().get(r.as_str()));
        let mut postal = json!({"@type": "PostalAddress", "addressCountry": "NL"});
        match region {
            Some(region) => {
                postal["addressRegion"] = json!(region.label);
            }
            None => defaulted.push((
                "/jobLocation",
                "schema.org requires a job location and the vacancy has no address or region: the Netherlands was used",
            )),
        }
        posting.insert(
            "jobLocation".into(),
            json!({"@type": "Place", "address": postal}),
        );
    }
    let terms = v.terms.clone().unwrap_or_default();
    let mut types: Vec<String> = Vec::new();
    if let Some(hours) = terms
        .working_hours
        .as_ref()
        .and_then(|h| h.hours_per_week_max.or(h.hours_per_week_min))
    {
        types.push(
            if hours >= 36 {
                "FULL_TIME"
            } else {
                "PART_TIME"
            }
            .into(),
        );
    }
    for form in &terms.contract_forms {
        let mapped = form
            .contract_type
            .as_ref()
            .and_then(|c| {
                c.code_list_entry()
                    .and_then(|e| e.mappings.get("schemaorg").cloned())
            })
            .or_else(|| {
                form.agreement_type.as_ref().and_then(|a| {
                    a.code_list_entry()
                        .and_then(|e| e.mappings.get("schemaorg").cloned())
                })
            });
        if let Some(kind) = mapped.filter(|k| !types.contains(k)) {
            types.push(kind);
        }
    }
    if !types.is_empty() {
        posting.insert("employmentType".into(), json!(types));
    }
    if let Some(start) = terms.start_date {
        posting.insert("jobStartDate".into(), json!(start.to_string()));
    }
    if let Some(salary) = &terms.salary
        && salary.currency == Some(Currency::Eur)
        && (salary.min.is_some() || salary.max.is_some())
    {
        let mut value = Map::new();
        value.insert("@type".into(), json!("QuantitativeValue"));
        match (&salary.min, &salary.max) {
            (Some(min), Some(max)) if min == max => {
                value.insert("value".into(), Value::Number(min.clone()));
            }
            (min, max) => {
                if let Some(min) = min {
                    value.insert("minValue".into(), Value::Number(min.clone()));
                }
                if let Some(max) = max {
                    value.insert("maxValue".into(), Value::Number(max.clone()));
                }
            }
        }
        if let Some(unit) = salary.period.as_ref().and_then(|p| {
            p.code_list_entry()
                .and_then(|e| e.mappings.get("schemaorg").cloned())
        }) {
            value.insert("unitText".into(), json!(unit));
        }
        posting.insert(
            "baseSalary".into(),
            json!({"@type": "MonetaryAmount", "currency": "EUR", "value": value}),
        );
    }
    if let Some(isco) = v.occupation.as_ref().and_then(|o| o.isco_code.as_ref()) {
        posting.insert("occupationalCategory".into(), json!(isco.as_str()));
    }
    let requirements = v.requirements.clone().unwrap_or_default();
    let skills: Vec<&str> = requirements
        .required_competences
        .iter()
        .filter_map(|c| c.label.as_deref())
        .collect();
    if !skills.is_empty() {
        posting.insert("skills".into(), json!(skills));
    }
    if let Some(years) = requirements
        .work_experience
        .iter()
        .find_map(|w| w.min_years)
    {
        posting.insert(
            "experienceRequirements".into(),
            json!({"@type": "OccupationalExperienceRequirements", "monthsOfExperience": u32::from(years) * 12}),
        );
    }
    if let Some(n) = v.positions {
        posting.insert("totalJobOpenings".into(), json!(n));
    }
    if let Some(url) = v
        .application_methods
        .iter()
        .find_map(|a| a.website.as_ref().and_then(WebAddress::address))
    {
        posting.insert("url".into(), json!(url));
    }
    (Value::Object(posting), defaulted)
}

/// Code list entries for coded values, for the schema.org mappings.
trait Entry {
    fn code_list_entry(&self) -> Option<&'static werkbrug_model::codelists::Code>;
}

macro_rules! entry {
    ($($ty:ty),*) => {
        $(impl Entry for $ty {
            fn code_list_entry(&self) -> Option<&'static werkbrug_model::codelists::Code> {
                <$ty>::code_list().get(self.as_str())
            }
        })*
    };
}
entry!(ContractType, AgreementType, SalaryPeriod);

static DECODE_REASONS: std::sync::LazyLock<Reasons> = std::sync::LazyLock::new(|| {
    Reasons::new("the canonical model has no property for this")
        .with(
            "/@context",
            "the JSON-LD context is always written as https://schema.org",
        )
        .with(
            "/validThrough",
            "the canonical closing date is a date: the time of day is not kept",
        )
        .with(
            "/datePosted",
            "the canonical publication date is a date: the time of day is not kept",
        )
        .with(
            "/jobStartDate",
            "the canonical start date is a date: the time of day is not kept",
        )
        .with(
            "/jobLocation",
            "the canonical vacancy has one work location: the first is kept",
        )
        .with(
            "/jobLocation/address/postalCode",
            "a Dutch postcode is written in capitals without a space in the canonical model",
        )
        .with(
            "/hiringOrganization/url",
            "the employer's website is kept, and written back as sameAs",
        )
        .with(
            "/identifier/name",
            "the issuer of an identifier comes from the caller's source configuration",
        )
        .with(
            "/hiringOrganization",
            "the canonical employer has name, KvK number and website",
        )
        .with(
            "/baseSalary",
            "the canonical salary is a range in EUR per hour, week, month or year",
        )
});

static ENCODE_REASONS: std::sync::LazyLock<Reasons> = std::sync::LazyLock::new(encode_reasons);

fn encode_reasons() -> Reasons {
    Reasons::new("schema.org JobPosting has no property for this")
        .with("/metadata", "a JobPosting carries no werkbrug metadata")
        .with("/identifiers", "a JobPosting carries one identifier")
        .with("/status", "a published JobPosting is open")
        .with("/vacancyNumber", "a JobPosting carries one identifier")
        .with(
            "/employer/contactPersons",
            "a JobPosting has no contact persons",
        )
        .with(
            "/employer/sectors",
            "a JobPosting's hiring organisation has name, KvK number and website only",
        )
        .with(
            "/employer/address",
            "a JobPosting's hiring organisation has name, KvK number and website only",
        )
        .with(
            "/occupation",
            "a JobPosting names its occupation by ISCO code (occupationalCategory) only",
        )
        .with(
            "/location/address",
            "a JobPosting address has street, postcode, place and country",
        )
        .with(
            "/location/region",
            "a JobPosting locates the job by address",
        )
        .with(
            "/requirements",
            "a JobPosting carries skills (as text) and months of experience only",
        )
        .with(
            "/terms/contractForms",
            "schema.org employment types are coarser than contract forms",
        )
        .with(
            "/terms/workingHours",
            "schema.org has full time or part time, not hours",
        )
        .with(
            "/terms/salary/indication",
            "baseSalary has amounts, not a free-text indication",
        )
        .with(
            "/applicationMethods",
            "a JobPosting has one application URL",
        )
        .with("/inclusion", "schema.org has no inclusive-hiring flags")
        .with("/sector", "a JobPosting has no SBI sector")
}

impl Format for SchemaOrg {
    fn id(&self) -> &'static str {
        ID
    }

    fn info(&self) -> FormatInfo {
        FormatInfo {
            id: ID,
            name: "schema.org JobPosting (JSON-LD)",
            media_type: "application/ld+json",
            specification: "https://schema.org/JobPosting",
            supports: vec![
                Support {
                    document_type: DocumentType::Vacancy,
                    native_name: "JobPosting",
                    decode: true,
                    encode: true,
                },
                Support {
                    document_type: DocumentType::JobseekerProfile,
                    native_name: "-",
                    decode: false,
                    encode: false,
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
        if expected == Some(DocumentType::JobseekerProfile) {
            return Err(FormatError::new(
                ID,
                ErrorKind::Unsupported,
                "schema.org has no jobseeker profile; JobPosting is a vacancy",
            ));
        }
        let value = json::parse(ID, bytes)?;
        if !is_job_posting(&value) {
            return Err(FormatError::new(
                ID,
                ErrorKind::WrongRoot,
                "not a schema.org JobPosting: @type must be JobPosting",
            )
            .at(Location::pointer("/@type")));
        }
        let mut reasons = Reasons::on(&DECODE_REASONS);
        let mut document =
            CanonicalDocument::Vacancy(Box::new(decode_posting(&value, context, &mut reasons)));
        let cut = crate::limits::fit(&mut document);
        let CanonicalDocument::Vacancy(vacancy) = &document else {
            unreachable!("a posting was decoded")
        };
        let mut losses = LossReport::received_as_last_modified("a JobPosting carries");
        let (round_trip, _) = encode_posting(vacancy);
        let start = losses.entries.len();
        loss::diff(&value, &round_trip, &reasons, &mut losses);
        crate::limits::explain_cuts(&mut losses, start, cut);
        Ok(Decoded { document, losses })
    }

    fn encode(&self, document: &CanonicalDocument) -> Result<Encoded, FormatError> {
        let CanonicalDocument::Vacancy(vacancy) = document else {
            return Err(FormatError::new(
                ID,
                ErrorKind::Unsupported,
                "schema.org has no jobseeker profile: only vacancies can be written as a JobPosting",
            ));
        };
        let (posting, defaulted) = encode_posting(vacancy);
        let mut reasons = Reasons::default();
        let back = decode_posting(&posting, &DecodeContext::of(document), &mut reasons);
        let mut losses = LossReport::default();
        loss::diff_typed(document, &back, &ENCODE_REASONS, &mut losses);
        for (path, reason) in defaulted {
            losses.push(
                format!("JobPosting{path}"),
                LossKind::Defaulted,
                reason,
                "string",
            );
        }
        Ok(Encoded {
            bytes: json::to_bytes(&posting),
            losses,
        })
    }
}

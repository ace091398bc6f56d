//! The canonical vacancy ("vacature").

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::codes::*;
use crate::common::*;

/// Marks a document as a vacancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub enum VacancyType {
    /// The only value.
    #[default]
    #[serde(rename = "vacancy")]
    Vacancy,
}

/// A vacancy: work an employer offers and what it asks of candidates. The canonical hub between
/// VUM Vacature, SETU StaffingOrder, HR Open PositionOpening and schema.org JobPosting.
/// NL: vacature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "werkbrug vacancy")]
pub struct Vacancy {
    /// Always `vacancy`: tells vacancies and profiles apart. NL: documentsoort.
    pub document_type: VacancyType,
    /// Identifiers of the vacancy in the systems that hold it; at least the source's own
    /// (rule `identifiers.present`; since 1.1 the schema lets a translation carry a document whose
    /// source gave none).
    /// NL: identificaties. VUM: idVacature.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<SourceIdentifier>,
    /// Administrative data about this document. NL: metagegevens.
    pub metadata: DocumentMetadata,
    /// The employer's own number for the vacancy. NL: nummer vacature. VUM: nummerVacature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 50))]
    pub vacancy_number: Option<String>,
    /// Title of the vacancy; a source may leave it out, and then it is absent rather than
    /// invented (optional since 1.1). NL: naam vacature. VUM: naamVacature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub title: Option<String>,
    /// Description of the work. NL: omschrijving vacature. VUM: omschrijvingVacature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 20000))]
    pub description: Option<String>,
    /// Where the vacancy stands. NL: status vacature.
    pub status: VacancyStatus,
    /// The employer offering the work; absent for an anonymous vacancy (e.g. a staffing agency's
    /// order that does not name its client). NL: werkgever. VUM: werkgever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<Employer>,
    /// The occupation of the vacancy. NL: beroep. VUM: beroep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<Occupation>,
    /// The sector the work is in. NL: sector beroeps- en bedrijfsleven. VUM: sector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    /// Where the work is done. NL: werklocatie. VUM: adres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<WorkLocation>,
    /// What the vacancy asks of candidates. NL: functie-eisen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirements: Option<VacancyRequirements>,
    /// Terms of employment offered. NL: arbeidsvoorwaarden. VUM: arbeidsVoorwaarden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<EmploymentTerms>,
    /// Number of positions to fill. NL: aantal plaatsen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 10000))]
    pub positions: Option<u16>,
    /// Date the vacancy was published. NL: publicatiedatum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_posted: Option<NaiveDate>,
    /// Last day to apply; not before `datePosted`. NL: sluitingsdatum vacature.
    /// VUM: sluitingsdatumVacature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_through: Option<NaiveDate>,
    /// Ways to apply. NL: sollicitatiewijze. VUM: sollicitatiewijze.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub application_methods: Vec<ApplicationMethod>,
    /// Inclusive hiring: whether the vacancy is open to people with a distance to the labour
    /// market. NL: inclusief werkgeverschap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclusion: Option<InclusiveHiring>,
}

/// The employer offering a vacancy. NL: werkgever.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Employer {
    /// Trade name of the employer; absent when the employer stays anonymous.
    /// NL: handelsnaam organisatie. VUM: handelsnaamOrganisatie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub name: Option<String>,
    /// Chamber of Commerce number. NL: KvK-nummer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kvk_number: Option<KvkNumber>,
    /// Sectors the employer is active in. NL: sector werkgever. VUM: sector.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<Sector>,
    /// The employer's web addresses. NL: webadres werkgever. VUM: webadres.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub websites: Vec<WebAddress>,
    /// Contact persons for the vacancy. NL: contactpersoon/-afdeling. VUM: contactpersoon.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_persons: Vec<ContactPerson>,
    /// Visiting or postal address of the employer. NL: adres werkgever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
}

/// Where the work of a vacancy is done. NL: werklocatie.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkLocation {
    /// Address of the workplace. NL: adres. VUM: adres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Labour-market region of the workplace, when no address is given. NL: arbeidsmarktregio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<LabourMarketRegion>,
    /// Whether the work is on site, hybrid or remote. NL: thuiswerken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_work: Option<RemoteWork>,
}

/// What a vacancy asks of candidates. NL: functie-eisen.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VacancyRequirements {
    /// Minimum work and thinking level. NL: werk- en denkniveau minimaal.
    /// VUM: codeWerkEnDenkniveauMinimaal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_and_thinking_level_min: Option<WorkAndThinkingLevel>,
    /// Education asked for. NL: opleiding. VUM: opleiding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub education: Vec<Education>,
    /// Courses asked for. NL: cursus. VUM: cursus.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<Course>,
    /// Work experience asked for. NL: werkervaring. VUM: werkervaring.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub work_experience: Vec<ExperienceRequirement>,
    /// Competences a candidate must have. NL: vereiste competenties. VUM: competentiebeheersing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_competences: Vec<Competence>,
    /// Competences that are an advantage. NL: gewenste competenties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub optional_competences: Vec<Competence>,
    /// Languages asked for, with the command of each. NL: taalbeheersing. VUM: taalbeheersing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<LanguageSkill>,
    /// Driving licences asked for. NL: rijbewijs. VUM: rijbewijs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub driving_licences: Vec<DrivingLicence>,
    /// Means of transport the candidate must have. NL: vervoermiddel. VUM: vervoermiddel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transport: Vec<Transport>,
    /// Certificates asked for. NL: certificaten.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
}

/// Experience a vacancy asks for. NL: gevraagde werkervaring.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExperienceRequirement {
    /// Occupation the experience must be in; the vacancy's own when absent. NL: beroep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<Occupation>,
    /// Minimum number of years worked in the occupation. NL: aantal jaren werkzaam in beroep.
    /// VUM: aantalJarenWerkzaamInBeroep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 99))]
    pub min_years: Option<u8>,
}

/// Terms of employment. NL: arbeidsvoorwaarden.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EmploymentTerms {
    /// Hours and times of work. NL: werktijden. VUM: werktijden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_hours: Option<WorkingHours>,
    /// Contract forms offered. NL: contractvorm. VUM: contractvorm.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contract_forms: Vec<ContractForm>,
    /// Salary offered. NL: salaris.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary: Option<Salary>,
    /// Start of the work. NL: datum aanvang werkzaamheden. VUM: datumAanvangWerkzaamheden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// End of the work, for temporary work. NL: datum einde werkzaamheden.
    /// VUM: datumEindeWerkzaamheden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// Last day the position must be staffed, for flexible work. NL: datum einde beschikbaar voor
    /// werk. VUM: datumEindeBeschikbaarVoorWerk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_until: Option<NaiveDate>,
    /// Description of the terms of employment. NL: omschrijving arbeidsvoorwaarden.
    /// VUM: omschrijvingArbeidsvoorwaarden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 4000))]
    pub description: Option<String>,
}

/// Currency of an amount.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, ToSchema,
)]
pub enum Currency {
    /// Euro.
    #[default]
    #[serde(rename = "EUR")]
    Eur,
}

/// An amount of money, kept exactly as written (`2750`, `14.40`): converting through a binary
/// float would change how it reads.
pub type Amount = serde_json::Number;

/// A salary range. NL: salaris.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Salary {
    /// Lowest gross amount per period. NL: salaris minimaal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10000000))]
    #[schema(value_type = Option<f64>)]
    pub min: Option<Amount>,
    /// Highest gross amount per period; not below `min`. NL: salaris maximaal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10000000))]
    #[schema(value_type = Option<f64>)]
    pub max: Option<Amount>,
    /// Currency of the amounts. NL: valuta.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// Period the amounts refer to. NL: periode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<SalaryPeriod>,
    /// Salary indication as free text (e.g. "schaal 8 cao Gemeenten"). NL: salarisindicatie.
    /// VUM: salarisIndicatie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub indication: Option<String>,
}

/// A way to apply for a vacancy. NL: sollicitatiewijze.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApplicationMethod {
    /// How to apply; a source may give only the web address (optional since 1.1).
    /// NL: sollicitatiewijze. VUM: codeSollicitatiewijze.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ApplicationMethodCode>,
    /// Web address to apply at. NL: webadres. VUM: webadres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<WebAddress>,
    /// E-mail address to apply to. NL: e-mailadres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    /// Telephone number to call. NL: telefoonnummer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Telephone>,
    /// Instructions for applicants. NL: sollicitatie-instructie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2000))]
    pub instructions: Option<String>,
}

/// Inclusive hiring flags. NL: inclusief werkgeverschap.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InclusiveHiring {
    /// Open to candidates from the target group register (banenafspraak).
    /// NL: geschikt voor doelgroepregister.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_to_target_group_register: Option<bool>,
    /// The employer trains candidates who do not yet meet every requirement.
    /// NL: opleiding aangeboden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_offered: Option<bool>,
    /// Support on the job is available (job coach, buddy). NL: begeleiding op de werkplek.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support_available: Option<bool>,
    /// Wage cost subsidy or a trial placement is possible. NL: loonkostensubsidie of
    /// proefplaatsing mogelijk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidised_placement_possible: Option<bool>,
}

crate::codes::discriminator_schema!(VacancyType, "vacancy");

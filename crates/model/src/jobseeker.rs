//! The canonical jobseeker profile ("werkzoekendeprofiel").

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::codes::*;
use crate::common::*;

/// Marks a document as a jobseeker profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub enum JobseekerProfileType {
    /// The only value.
    #[default]
    #[serde(rename = "jobseekerProfile")]
    JobseekerProfile,
}

/// A jobseeker's profile: who the person is (where the purpose allows), what work they look for,
/// what they bring and what support they get. The canonical hub between VUM, SETU HumanResource,
/// HR Open Candidate and municipal client systems. NL: werkzoekendeprofiel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "werkbrug jobseeker profile")]
pub struct JobseekerProfile {
    /// Always `jobseekerProfile`: tells profiles and vacancies apart. NL: documentsoort.
    pub document_type: JobseekerProfileType,
    /// Identifiers of the profile in the systems that hold it; at least the source's own
    /// (rule `identifiers.present`; since 1.1 the schema lets a translation carry a document whose
    /// source gave none).
    /// NL: identificaties. VUM: idWerkzoekende.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<SourceIdentifier>,
    /// Administrative data about this document. NL: metagegevens.
    pub metadata: DocumentMetadata,
    /// Identity of the jobseeker. Absent in views whose purpose does not allow it. NL: persoon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Person>,
    /// How to reach the jobseeker. NL: contactgegevens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactDetails>,
    /// The jobseeker's own presentation of themselves. NL: persoonlijke presentatie.
    /// VUM: persoonlijkePresentatie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 4000))]
    pub personal_presentation: Option<String>,
    /// The work the jobseeker looks for. NL: gewenst werk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_work: Option<DesiredWork>,
    /// What the jobseeker brings: education, experience, competences, languages, licences.
    /// NL: arbeidsmarktkwalificatie. VUM: arbeidsmarktkwalificatie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifications: Option<Qualifications>,
    /// Support the jobseeker receives (benefits, municipal instruments, trajectories).
    /// NL: ondersteuning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<Support>,
}

/// Identity of a person. NL: persoonsgegevens.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Person {
    /// Given names. NL: voornamen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub given_names: Option<String>,
    /// Initials. NL: voorletters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 20))]
    pub initials: Option<String>,
    /// Prefix of the family name, such as "van der" or "de". NL: voorvoegsel geslachtsnaam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 20))]
    pub family_name_prefix: Option<String>,
    /// Family name without its prefix. NL: geslachtsnaam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub family_name: Option<String>,
    /// Date of birth; lies in the past. NL: geboortedatum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Citizen service number. Sensitive: only present where the receiving party has a legal
    /// basis to process it; VUM profiles never carry it. NL: burgerservicenummer (BSN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-werkbrug-sensitive" = true))]
    pub bsn: Option<Bsn>,
    /// Gender (since 1.1). Sensitive: held because SETU and HR Open carry it, disclosed to no
    /// purpose's matching view. NL: geslacht. SETU: person/gender. HR Open: person/gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-werkbrug-sensitive" = true))]
    pub gender: Option<Gender>,
    /// Nationalities, as the source wrote them: an ISO 3166-1 code (`NL`) or a name (since 1.1).
    /// Sensitive: a work-permit check needs it, matching never does. NL: nationaliteit.
    /// SETU: person/nationality. HR Open: person/nationality.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-werkbrug-sensitive" = true), inner(length(min = 1, max = 100)))]
    pub nationalities: Vec<String>,
    /// Place or country of birth, as the source wrote it (since 1.1). Sensitive.
    /// NL: geboorteplaats. SETU: person/birthPlace. HR Open: person/birthPlace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-werkbrug-sensitive" = true), length(min = 1, max = 200))]
    pub birth_place: Option<String>,
    /// The language the person prefers to be addressed in, as the source wrote it: an ISO 639
    /// code or an IETF language tag (`nl`, `NL`, `nl-NL`) (since 1.1). Sensitive, as it can
    /// reveal origin; the languages a person speaks for work are in `qualifications.languages`.
    /// NL: voorkeurstaal. SETU: person/primaryLanguage/value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-werkbrug-sensitive" = true), length(min = 1, max = 35))]
    pub primary_language: Option<String>,
}

/// How to reach a jobseeker. NL: contactgegevens.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactDetails {
    /// Whether the jobseeker's contact details may be made available to employers and
    /// intermediaries. NL: indicatie beschikbaarheid contactgegevens.
    /// VUM: indicatieBeschikbaarheidContactgegevens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<bool>,
    /// E-mail addresses. NL: e-mailadres. VUM: emailadres.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<Email>,
    /// Telephone numbers. NL: telefoonnummer. VUM: telefoonnummer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Telephone>,
    /// Home address. NL: woonadres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Web pages with the jobseeker's profile or CV. NL: webadres. VUM: webadres.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub websites: Vec<WebAddress>,
    /// Contact persons for the jobseeker, such as a consultant. NL: contactpersoon/-afdeling.
    /// VUM: contactpersoon.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_persons: Vec<ContactPerson>,
}

/// The work a jobseeker looks for. NL: gewenst werk (zoekprofiel).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DesiredWork {
    /// Occupations the jobseeker wants to be placed in. NL: bemiddelingsberoep.
    /// VUM: bemiddelingsberoep.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occupations: Vec<Occupation>,
    /// Sectors the jobseeker wants to work in. NL: sector beroeps- en bedrijfsleven. VUM: sector.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<Sector>,
    /// Hours and times of work wanted. NL: werktijden. VUM: werktijden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_hours: Option<WorkingHours>,
    /// Contract forms wanted. NL: contractvorm. VUM: contractvorm.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contract_forms: Vec<ContractForm>,
    /// From when and until when the jobseeker is available. NL: flexibiliteit. VUM: flexibiliteit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    /// Where the jobseeker can work and how they travel. NL: mobiliteit. VUM: mobiliteit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobility: Option<Mobility>,
    /// Preference for on-site, hybrid or remote work. NL: voorkeur thuiswerken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_work: Option<RemoteWork>,
    /// Conditions the work must meet for the jobseeker to be able to do it. NL: eis aan werk.
    /// VUM: eisAanWerk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirements: Option<WorkRequirements>,
}

/// Availability for work. NL: flexibiliteit / beschikbaarheid.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Availability {
    /// First day the person is available for work. NL: datum aanvang beschikbaar voor werk.
    /// VUM: datumAanvangBeschikbaarVoorWerk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_from: Option<NaiveDate>,
    /// Last day the person is available for work. NL: datum einde beschikbaar voor werk.
    /// VUM: datumEindeBeschikbaarVoorWerk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_until: Option<NaiveDate>,
}

/// Where a jobseeker can work and how they get there. NL: mobiliteit.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Mobility {
    /// Postcode from which distances to work are measured. NL: bemiddelingspostcode.
    /// VUM: bemiddelingspostcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<Postcode>,
    /// Maximum travel distance in kilometres. NL: maximale reisafstand. VUM: maximaleReisafstand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 999))]
    pub max_distance_km: Option<u16>,
    /// Maximum travel time in minutes. NL: maximale reistijd. VUM: maximaleReistijd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 999))]
    pub max_travel_time_minutes: Option<u16>,
    /// Means of transport available. NL: vervoermiddel. VUM: vervoermiddel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transport: Vec<Transport>,
}

/// Conditions the work must meet. NL: eis aan werk.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkRequirements {
    /// The workplace needs adjusting. NL: indicatie aanpassing werkomgeving.
    /// VUM: indicatieAanpassingWerkomgeving.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace_adjustment: Option<Indication>,
    /// Supervision or guidance at work is needed. NL: indicatie begeleiding.
    /// VUM: indicatieBegeleiding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervision: Option<Indication>,
    /// Variety in the work is needed. NL: indicatie werkvariatie. VUM: indicatieWerkvariatie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_variety: Option<Indication>,
}

/// What a jobseeker brings to the labour market. NL: arbeidsmarktkwalificatie.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Qualifications {
    /// Level of work and thinking, based on education and experience. NL: werk- en denkniveau.
    /// VUM: codeWerkEnDenkniveauWerkzoekende.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_and_thinking_level: Option<WorkAndThinkingLevel>,
    /// Educations followed or being followed. NL: opleiding. VUM: opleiding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub education: Vec<Education>,
    /// Courses followed, being followed or planned. NL: cursus. VUM: cursus.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<Course>,
    /// Work done in the past or now. NL: werkervaring. VUM: werkervaring.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub work_experience: Vec<WorkExperience>,
    /// Competences and skills. NL: competentiebeheersing. VUM: competentiebeheersing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competences: Vec<Competence>,
    /// Languages and the command of each. NL: taalbeheersing. VUM: taalbeheersing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<LanguageSkill>,
    /// Driving licences held. NL: rijbewijs. VUM: rijbewijs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub driving_licences: Vec<DrivingLicence>,
    /// Certificates, licences and registrations. NL: certificaten.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    /// Subjects the jobseeker is interested in. NL: interesse. VUM: naamInteresse.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interests: Vec<String>,
}

/// Work done by a jobseeker. NL: werkervaring.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkExperience {
    /// The occupation practised. NL: beroep. VUM: beroep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<Occupation>,
    /// Name of the organisation worked for. NL: naam organisatie. VUM: naamOrganisatie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub organisation_name: Option<String>,
    /// Start of the work. NL: datum aanvang werkzaamheden. VUM: datumAanvangWerkzaamheden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// End of the work; absent while it goes on. NL: datum einde werkzaamheden.
    /// VUM: datumEindeWerkzaamheden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// Explanation of the work. NL: toelichting werkervaring. VUM: toelichtingWerkervaring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 4000))]
    pub description: Option<String>,
}

/// Support a jobseeker receives from UWV, a municipality or a private provider.
/// NL: ondersteuning.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Support {
    /// Benefits the jobseeker receives. NL: uitkeringen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub benefits: Vec<Benefit>,
    /// The organisation responsible for guiding the jobseeker to work (UWV or a municipality).
    /// NL: regievoerder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_organisation: Option<Organisation>,
    /// Latest assessment on the participation ladder. NL: participatieladder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participation_ladder: Option<ParticipationLadderAssessment>,
    /// Registration in the target group register of the jobs agreement (banenafspraak).
    /// NL: doelgroepregister. VUM: indicatieLdrRegistratie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_register: Option<TargetGroupRegistration>,
    /// Latest wage value assessment. NL: loonwaarde.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wage_value: Option<WageValue>,
    /// The job coach supporting the jobseeker at work. NL: jobcoach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_coach: Option<JobCoach>,
    /// Trajectories: ordered trains of services towards work. NL: trajecten.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trajectories: Vec<Trajectory>,
}

/// A benefit received. NL: uitkering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Benefit {
    /// Kind of benefit. NL: soort uitkering.
    #[serde(rename = "type")]
    pub benefit_type: BenefitType,
    /// Start of the benefit. NL: datum aanvang uitkering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// End of the benefit. NL: datum einde uitkering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
}

/// An assessment on the participation ladder. NL: participatieladder-meting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParticipationLadderAssessment {
    /// Step on the ladder (1 isolated .. 6 paid work). NL: trede.
    pub step: ParticipationLadderStep,
    /// Date of the assessment. NL: datum meting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_on: Option<NaiveDate>,
}

/// Registration in the target group register. NL: registratie doelgroepregister.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TargetGroupRegistration {
    /// Whether the jobseeker is registered. NL: indicatie LDR-registratie.
    /// VUM: indicatieLdrRegistratie.
    pub registered: bool,
    /// Date of registration. NL: datum registratie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
}

/// A wage value assessment: the productivity of a person as a share of the normal wage.
/// NL: loonwaarde.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WageValue {
    /// Wage value as a percentage (0-100). NL: loonwaardepercentage.
    #[schemars(range(min = 0, max = 100))]
    pub percentage: u8,
    /// Date of the assessment. NL: datum vaststelling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_on: Option<NaiveDate>,
    /// Method used to assess it (e.g. Dariuz, Loonwaarde.nl). NL: methode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub method: Option<String>,
}

/// A job coach. NL: jobcoach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobCoach {
    /// Organisation the job coach works for. NL: jobcoachorganisatie.
    pub organisation: Organisation,
    /// Contact details of the job coach. NL: contactgegevens jobcoach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactPerson>,
    /// Start of the job coaching. NL: datum aanvang.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// End of the job coaching. NL: datum einde.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
}

/// A trajectory: a train of services that together lead a jobseeker towards work.
/// NL: traject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Trajectory {
    /// Name of the trajectory. NL: naam traject.
    #[schemars(length(max = 500))]
    pub name: String,
    /// Status of the trajectory. NL: status traject.
    pub status: InstrumentStatus,
    /// Start of the trajectory. NL: datum aanvang.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// End of the trajectory. NL: datum einde.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// The instruments of the trajectory, in order. NL: instrumenten.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<Instrument>,
}

/// One service or measure in a trajectory. NL: instrument (voorziening).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Instrument {
    /// Kind of instrument. NL: soort instrument.
    #[serde(rename = "type")]
    pub instrument_type: InstrumentType,
    /// Name of the instrument as the provider calls it. NL: naam instrument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub name: Option<String>,
    /// Organisation that provides the instrument. NL: aanbieder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Organisation>,
    /// Status of the instrument. NL: status.
    pub status: InstrumentStatus,
    /// Start of the instrument. NL: datum aanvang.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// End of the instrument. NL: datum einde.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
}

crate::codes::discriminator_schema!(JobseekerProfileType, "jobseekerProfile");

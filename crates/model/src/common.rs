//! Parts shared by jobseeker profiles and vacancies.
//!
//! Every property's documentation says what it means, gives the Dutch term (`NL:`) and, where VUM
//! 1.5 has the element, its name in the VUM contracts (`VUM:`). These texts become the
//! descriptions in the generated JSON Schemas and in `schema/v1/README.md`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::codes::*;
pub use crate::given::*;

/// The version of the werkbrug standard this crate implements.
pub const SCHEMA_VERSION: &str = "1.1.0";

/// Administrative data about a document: which version of the standard it follows, where it comes
/// from, when it changed and which consents cover it. NL: metagegevens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentMetadata {
    /// Version of the werkbrug standard the document follows (semantic versioning, major 1).
    /// NL: versie van de standaard.
    #[schemars(regex(pattern = r"^1\.[0-9]+\.[0-9]+$"))]
    pub schema_version: String,
    /// The system that holds the document and is responsible for it. NL: bronsysteem.
    pub source_system: SourceSystem,
    /// When the document was first recorded in the source system (RFC 3339). NL: datum aanmaak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<FixedOffset>>,
    /// When the document last changed in the source system (RFC 3339). NL: datum laatste wijziging.
    pub last_modified: DateTime<FixedOffset>,
    /// Consents given by the data subject, each for one purpose. NL: toestemmingen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<Consent>,
}

/// The system and organisation a document comes from. NL: bronsysteem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceSystem {
    /// Stable identifier of the source system, lower-case with hyphens (e.g. `uwv-werkzoekenden`).
    /// NL: identificatie bronsysteem.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9.-]{0,62}$"))]
    pub id: String,
    /// Name of the organisation that owns the source system. NL: naam bronhouder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub organisation: Option<String>,
    /// OIN of the organisation that owns the source system. NL: OIN bronhouder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oin: Option<Oin>,
}

/// An identifier that is only meaningful within one source system. NL: bronidentificatie.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceIdentifier {
    /// Id of the source system that issued the identifier (as in `metadata.sourceSystem.id`).
    /// NL: identificatie bronsysteem.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9.-]{0,62}$"))]
    pub source: String,
    /// The identifier within that source, as the source gives it: up to 200 characters, no
    /// control characters and no blanks at either end (since 1.1; 1.0 allowed only letters,
    /// digits and `_.:-`, which SETU's ids such as `39fc74 8a3ac` break). NL: lokale
    /// identificatie. VUM: idWerkzoekende, idVacature.
    #[schemars(regex(
        pattern = r"^[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]{0,198}[^\s\x00-\x1f\x7f])?$"
    ))]
    pub local_id: String,
}

impl SourceIdentifier {
    /// Whether `value` can be a [`local_id`](Self::local_id): 1 to 200 characters, no control
    /// characters and no blanks at either end, the pattern of the schema.
    pub fn accepts_local_id(value: &str) -> bool {
        let count = value.chars().count();
        (1..=200).contains(&count) && !value.chars().any(char::is_control) && value.trim() == value
    }
}

/// Consent of the data subject for one purpose. NL: toestemming.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Consent {
    /// The purpose the consent is for: a code or URI from a purpose register (e.g. `matching`).
    /// NL: doel (doelbinding).
    #[schemars(length(max = 500))]
    pub purpose: String,
    /// When the consent was given (RFC 3339). NL: datum verlening.
    pub granted: DateTime<FixedOffset>,
    /// When the consent ends, if it was given for a limited time. NL: datum einde geldigheid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<DateTime<FixedOffset>>,
}

/// A postal address. NL: adres.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    /// Street name. NL: straatnaam. VUM: straatnaam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub street: Option<String>,
    /// House number. NL: huisnummer. VUM: huisnummer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 99999))]
    pub house_number: Option<u32>,
    /// House letter and/or addition to the house number. NL: huisnummertoevoeging.
    /// VUM: huisnummertoevoeging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 10))]
    pub house_number_addition: Option<String>,
    /// Dutch postcode, for addresses in the Netherlands. NL: postcode. VUM: postcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<Postcode>,
    /// Postal code of an address outside the Netherlands. NL: buitenlandse postcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 20))]
    pub foreign_postal_code: Option<String>,
    /// City or town. NL: woonplaats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub city: Option<String>,
    /// CBS code of the municipality. NL: gemeentecode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality_code: Option<MunicipalityCode>,
    /// Labour-market region the address lies in. NL: arbeidsmarktregio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<LabourMarketRegion>,
    /// Country; `NL` when absent. NL: land.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<CountryCode>,
}

/// A contact person or department. NL: contactpersoon/-afdeling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactPerson {
    /// Name of the person or department. NL: naam contactpersoon/-afdeling.
    /// VUM: naamContactpersoonAfdeling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub name: Option<String>,
    /// Role or job title of the contact. NL: functie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub role: Option<String>,
    /// E-mail addresses. NL: e-mailadres. VUM: emailadres.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<Email>,
    /// Telephone numbers. NL: telefoonnummer. VUM: telefoonnummer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Telephone>,
}

/// A web address and what it points to. NL: webadres.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebAddress {
    /// What the address points to; a source may leave it out (optional since 1.1).
    /// NL: soort webadres. VUM: codeWebadres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<WebAddressType>,
    /// The address, an absolute http(s) URI; absent when the source gave one in another form
    /// (`asGiven`) or none (optional since 1.1). NL: URL. VUM: url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2000))]
    pub url: Option<HttpUri>,
    /// The address as the source wrote it, when it is not an absolute http(s) URI, such as
    /// `www.example.nl` (since 1.1). NL: webadres zoals aangeleverd. VUM: url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 2000))]
    pub as_given: Option<String>,
}

impl WebAddress {
    /// A web address read from a source: an absolute http(s) URI in `url`, anything else as
    /// given. `None` for a value with no characters but blanks.
    pub fn from_source(kind: Option<WebAddressType>, value: &str) -> Option<Self> {
        if value.trim().is_empty() {
            return None;
        }
        let (url, as_given) = if crate::codes::matches_pattern::<HttpUri>(value) {
            (Some(HttpUri(value.to_owned())), None)
        } else {
            (None, Some(value.to_owned()))
        };
        Some(Self {
            kind,
            url,
            as_given,
        })
    }

    /// The address as a source should receive it back: the URI, or the text it was given as.
    pub fn address(&self) -> Option<&str> {
        self.url
            .as_ref()
            .map(HttpUri::as_str)
            .or(self.as_given.as_deref())
    }
}

/// An occupation, identified in one or more taxonomies. At least one property is present.
/// NL: beroep.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Occupation {
    /// CompetentNL occupation URI (`https://linkeddata.competentnl.nl/uwv/id/occupation/...`).
    /// NL: beroepscode CompetentNL. VUM: codeBeroepsnaam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competent_nl_uri: Option<HttpUri>,
    /// ESCO occupation URI (`http://data.europa.eu/esco/occupation/...`). NL: ESCO-beroep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esco_uri: Option<HttpUri>,
    /// ISCO-08 occupation code. NL: ISCO-beroepscode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isco_code: Option<IscoCode>,
    /// Occupation name as free text. NL: beroepsnaam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub label: Option<String>,
    /// A code that is not one of the URIs or the ISCO code above, such as a legacy UWV code,
    /// marked with its scheme (since 1.1). NL: beroepscode overig. VUM: codeBeroepsnaam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<SchemeCode>,
}

/// An industry sector. NL: sector beroeps- en bedrijfsleven.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sector {
    /// SBI code of the sector. NL: SBI-code. VUM: codeSbi.
    pub sbi_code: SbiCode,
    /// Sector name as free text. NL: sectornaam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub label: Option<String>,
}

/// A competence or skill, identified by a taxonomy URI and/or a label. NL: competentie.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Competence {
    /// URI of the competence in CompetentNL or ESCO. NL: competentiecode. VUM: codeCompetentie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<HttpUri>,
    /// Name of the competence as free text. NL: competentienaam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub label: Option<String>,
    /// How well the competence is mastered, or is required. NL: beheersingsniveau.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<ProficiencyLevel>,
    /// A code that is not an http(s) URI, such as a legacy UWV code, marked with its scheme
    /// (since 1.1). NL: competentiecode overig. VUM: codeCompetentie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<SchemeCode>,
}

/// Command of one language, per skill. NL: taalbeheersing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LanguageSkill {
    /// The language; a source may give the levels without it (optional since 1.1).
    /// NL: taal. VUM: codeTaal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageCode>,
    /// Reading. NL: lezen. VUM: codeNiveauTaalbeheersingLezen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<LanguageProficiency>,
    /// Listening. NL: luisteren. VUM: codeNiveauTaalbeheersingLuisteren.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listening: Option<LanguageProficiency>,
    /// Speaking. NL: mondeling. VUM: codeNiveauTaalbeheersingMondeling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaking: Option<LanguageProficiency>,
    /// Writing. NL: schriftelijk. VUM: codeNiveauTaalbeheersingSchriftelijk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writing: Option<LanguageProficiency>,
}

/// A level of education on one or more scales; at least one is present. NL: opleidingsniveau.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EducationLevel {
    /// ISCED 2011 level. NL: ISCED-niveau.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isced: Option<IscedLevel>,
    /// Dutch education level (CBS SOI 2021). NL: Nederlands onderwijsniveau.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dutch: Option<DutchEducationLevel>,
    /// VUM education level. NL: code niveau opleiding. VUM: codeNiveauOpleiding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vum: Option<VumEducationLevel>,
}

/// An education followed, being followed or (in a vacancy) asked for. NL: opleiding.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Education {
    /// Name of the education. NL: naam opleiding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub name: Option<String>,
    /// Code of the education in the SuwiML table of educations (CdOpleidingsnaam).
    /// NL: code opleidingsnaam. VUM: codeOpleidingsnaam.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{1,10}$"))]
    pub programme_code: Option<String>,
    /// Level of the education. NL: niveau opleiding. VUM: codeNiveauOpleiding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<EducationLevel>,
    /// Field of study as free text. NL: studierichting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub field: Option<String>,
    /// Name of the school or institute. NL: naam opleidingsinstituut. VUM: naamOpleidingsinstituut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub institution: Option<String>,
    /// Status of the education. NL: status opleiding. VUM: codeStatusOpleiding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EducationStatus>,
    /// Whether a diploma was obtained (profile) or is required (vacancy). NL: indicatie diploma.
    /// VUM: indicatieDiploma.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diploma: Option<IndicationWithNa>,
    /// Date of the diploma. NL: datum diploma. VUM: datumDiploma.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diploma_date: Option<NaiveDate>,
    /// Start of the education. NL: datum aanvang volgen opleiding. VUM: datumAanvangVolgenOpleiding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// End of the education. NL: datum einde volgen opleiding. VUM: datumEindeVolgenOpleiding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// Explanation of the education. NL: toelichting opleiding. VUM: toelichtingOpleiding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 4000))]
    pub description: Option<String>,
}

/// A course followed, being followed or planned, or (in a vacancy) asked for. NL: cursus.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Course {
    /// Name of the course. NL: naam cursus. VUM: naamCursus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub name: Option<String>,
    /// Name of the training provider. NL: naam opleidingsinstituut. VUM: naamOpleidingsinstituut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub institution: Option<String>,
    /// Explanation of the course. NL: toelichting cursus. VUM: toelichtingCursus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 4000))]
    pub description: Option<String>,
    /// Start of the course. NL: datum aanvang volgen cursus. VUM: datumAanvangVolgenCursus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// End of the course. NL: datum einde volgen cursus. VUM: datumEindeVolgenCursus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// Whether a certificate was obtained (profile) or is required (vacancy).
    /// NL: indicatie certificaat. VUM: indicatieCertificaat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<IndicationWithNa>,
    /// Date of the certificate. NL: datum certificaat. VUM: datumCertificaat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_date: Option<NaiveDate>,
}

/// A driving licence held or required. NL: rijbewijs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DrivingLicence {
    /// Category of the licence. NL: soort rijbewijs. VUM: codeSoortRijbewijs.
    pub category: DrivingLicenceCategory,
    /// Date until which the licence is valid. NL: geldig tot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
}

/// A certificate, licence or registration other than a diploma (e.g. VCA, BIG registration).
/// NL: certificaat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Certificate {
    /// Name of the certificate. NL: naam certificaat.
    #[schemars(length(max = 500))]
    pub name: String,
    /// Organisation that issued it. NL: uitgevende instantie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 500))]
    pub issuer: Option<String>,
    /// Date of issue. NL: datum afgifte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
    /// Date until which it is valid. NL: geldig tot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
}

/// A means of transport and what it can be used for. NL: vervoermiddel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Transport {
    /// The means of transport; a source may give only what it is available for (optional since
    /// 1.1). NL: vervoermiddel. VUM: codeVervoermiddel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<TransportMode>,
    /// Available for travel between home and work. NL: beschikbaar voor woon-werkverkeer.
    /// VUM: indicatieBeschikbaarVoorWoonWerkverkeer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_commute: Option<Indication>,
    /// Available for use while doing the work. NL: beschikbaar voor uitvoering werk.
    /// VUM: indicatieBeschikbaarVoorUitvoeringWerk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_work: Option<Indication>,
}

/// Hours and times of work: wanted by a jobseeker or offered by a vacancy. NL: werktijden.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkingHours {
    /// Minimum number of hours per week. NL: aantal werkuren per week minimaal.
    /// VUM: aantalWerkurenPerWeekMinimaal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 99))]
    pub hours_per_week_min: Option<u8>,
    /// Maximum number of hours per week. NL: aantal werkuren per week maximaal.
    /// VUM: aantalWerkurenPerWeekMaximaal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 99))]
    pub hours_per_week_max: Option<u8>,
    /// Work during office hours. NL: indicatie kantoortijden. VUM: indicatieKantoortijden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_hours: Option<Indication>,
    /// Irregular hours or shift work. NL: indicatie onregelmatig werk of ploegendienst.
    /// VUM: indicatieOnregelmatigWerkOfPloegendienst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub irregular_hours_or_shifts: Option<Indication>,
    /// Parts of the week in which the work takes place or the person is available.
    /// NL: werktijdvoorkeuren.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub times: Vec<WorkingTime>,
}

/// A form of contract wanted or offered. At least one property is present. NL: contractvorm.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContractForm {
    /// Type of employment contract. NL: type arbeidscontract. VUM: codeTypeArbeidscontract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_type: Option<ContractType>,
    /// Type of agreement. NL: type overeenkomst. VUM: codeTypeOvereenkomst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement_type: Option<AgreementType>,
}

/// An organisation, such as a provider of an instrument. NL: organisatie.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Organisation {
    /// Name of the organisation. NL: naam organisatie.
    #[schemars(length(max = 500))]
    pub name: String,
    /// Chamber of Commerce number. NL: KvK-nummer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kvk_number: Option<KvkNumber>,
    /// OIN, for government organisations. NL: OIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oin: Option<Oin>,
}

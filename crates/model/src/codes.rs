//! Coded and constrained values: newtypes whose schema comes from data or from one rule.
//!
//! A coded value (`ContractType`, `DrivingLicenceCategory`, ...) is a string from one code list in
//! `schema/codelists/`. Its JSON Schema is generated from that list, so the list stays the one
//! source of truth; the schema node carries `x-werkbrug-codelist` so that a validator can name the
//! list and the rule (`code.known`) when a value is not in it.
//!
//! A constrained string (`Postcode`, `Bsn`, `KvkNumber`, ...) has a pattern and, where a semantic
//! rule is attached to it, `x-werkbrug-rule` with the rule id.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{RefOr, schema::Schema as OpenApiSchema};

use crate::codelists;

/// JSON Schema keyword naming the code list a value must come from.
pub const CODELIST_KEYWORD: &str = "x-werkbrug-codelist";
/// JSON Schema keyword naming the werkbrug rule a pattern implements.
pub const RULE_KEYWORD: &str = "x-werkbrug-rule";
/// JSON Schema keyword marking a property as sensitive personal data (e.g. the BSN).
pub const SENSITIVE_KEYWORD: &str = "x-werkbrug-sensitive";

/// A string newtype whose values must match a pattern.
pub trait ConstrainedString: From<String> {
    /// The pattern (ECMA 262 and Rust `regex` compatible) every value must match.
    const PATTERN: &'static str;
    /// The werkbrug rule id reported when the pattern does not match.
    const RULE: &'static str;
}

thread_local! {
    /// Compiled patterns, per thread: gateway workers translate in parallel and must not queue
    /// for one lock. Few patterns exist, so a list searched by the pattern text will do.
    static COMPILED: std::cell::RefCell<Vec<(&'static str, regex::Regex)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether `value` matches the pattern of the constrained type `T`.
pub fn matches_pattern<T: ConstrainedString>(value: &str) -> bool {
    COMPILED.with_borrow_mut(|compiled| {
        let index = match compiled.iter().position(|(p, _)| *p == T::PATTERN) {
            Some(index) => index,
            None => {
                let regex =
                    regex::Regex::new(T::PATTERN).expect("model patterns are valid regexes");
                compiled.push((T::PATTERN, regex));
                compiled.len() - 1
            }
        };
        compiled[index].1.is_match(value)
    })
}

macro_rules! string_newtype_common {
    ($name:ident) => {
        impl $name {
            /// The value as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

macro_rules! coded_value {
    ($(#[$doc:meta])* $name:ident => $list:literal) => {
        $(#[$doc])*
        #[doc = concat!("\n\nValues come from the code list `", $list, "` (`schema/codelists/", $list, ".json`).")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Id of the code list this value comes from.
            pub const CODE_LIST: &'static str = $list;

            /// The code list this value comes from.
            pub fn code_list() -> &'static codelists::CodeList {
                // Looked up once: coded values ask for their list for every value read.
                static LIST: std::sync::LazyLock<&'static codelists::CodeList> =
                    std::sync::LazyLock::new(|| codelists::expect($list));
                *LIST
            }

            /// Whether the value is a code in its list.
            pub fn is_known(&self) -> bool {
                Self::code_list().contains(&self.0)
            }

            /// The code whose mapping in `system` (`vum`, `setu`, `hropen`, ...) is `foreign`.
            pub fn from_mapping(system: &str, foreign: &str) -> Option<Self> {
                Self::code_list()
                    .from_mapping(system, foreign)
                    .map(|c| Self(c.code.clone()))
            }

            /// The equivalent of this code in `system`, where the list maps it.
            pub fn mapping(&self, system: &str) -> Option<&'static str> {
                Self::code_list()
                    .get(&self.0)?
                    .mappings
                    .get(system)
                    .map(String::as_str)
            }
        }

        string_newtype_common!($name);

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let list = Self::code_list();
                let codes: Vec<&str> = list.code_values().collect();
                let description = format!(
                    "{}: a code from the werkbrug code list `{}` version {} ({}).",
                    list.title, list.id, list.version, list.source.name
                );
                json_schema!({
                    "type": "string",
                    "description": description,
                    "enum": codes,
                    CODELIST_KEYWORD: $list,
                })
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<OpenApiSchema> {
                let list = Self::code_list();
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some(format!("{} (code list `{}`)", list.title, list.id)))
                    .enum_values(Some(list.code_values().map(str::to_owned)))
                    .build()
                    .into()
            }
        }
    };
}

macro_rules! constrained_string {
    ($(#[$doc:meta])* $name:ident {
        pattern: $pattern:literal,
        rule: $rule:literal,
        description: $description:literal,
        example: $example:literal $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        string_newtype_common!($name);

        impl ConstrainedString for $name {
            const PATTERN: &'static str = $pattern;
            const RULE: &'static str = $rule;
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "description": $description,
                    "pattern": $pattern,
                    "examples": [$example],
                    RULE_KEYWORD: $rule,
                })
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<OpenApiSchema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some($description))
                    .pattern(Some($pattern))
                    .examples([$example])
                    .build()
                    .into()
            }
        }
    };
}

/// Implements `JsonSchema` for a single-valued document type marker as `{"const": ...}`.
macro_rules! discriminator_schema {
    ($name:ident, $value:literal) => {
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "const": $value,
                    "description": concat!("Document type marker: always `", $value, "`."),
                })
            }
        }
    };
}
pub(crate) use discriminator_schema;

coded_value!(
    /// A VUM work and thinking level ("werk- en denkniveau", 0-7).
    WorkAndThinkingLevel => "vum-work-and-thinking-level"
);
coded_value!(
    /// A VUM education level ("code niveau opleiding").
    VumEducationLevel => "vum-education-level"
);
coded_value!(
    /// An ISCED 2011 level of education (0-8).
    IscedLevel => "isced-2011"
);
coded_value!(
    /// A Dutch education level (CBS SOI 2021: vmbo, mbo-1..4, havo, vwo, hbo, wo, ...).
    DutchEducationLevel => "nl-education-level"
);
coded_value!(
    /// Status of an education ("code status opleiding").
    EducationStatus => "education-status"
);
coded_value!(
    /// A yes / no / unknown indication ("Code JaNeeOnbekend").
    Indication => "indication"
);
coded_value!(
    /// A yes / no / unknown / not applicable indication ("Code JaNeeOnbekendNVT").
    IndicationWithNa => "indication-with-na"
);
coded_value!(
    /// Proficiency in a language skill, on the VUM scale or as a CEFR level.
    LanguageProficiency => "language-proficiency"
);
coded_value!(
    /// A driving licence category ("code soort rijbewijs").
    DrivingLicenceCategory => "driving-licence"
);
coded_value!(
    /// A type of employment contract ("code type arbeidscontract").
    ContractType => "contract-type"
);
coded_value!(
    /// A type of work agreement ("code type overeenkomst").
    AgreementType => "agreement-type"
);
coded_value!(
    /// A means of transport ("code vervoermiddel").
    TransportMode => "transport-mode"
);
coded_value!(
    /// What a web address points to ("code webadres").
    WebAddressType => "web-address-type"
);
coded_value!(
    /// How to apply for a vacancy ("code sollicitatiewijze").
    ApplicationMethodCode => "application-method"
);
coded_value!(
    /// A step on the participation ladder ("participatieladder", 1-6).
    ParticipationLadderStep => "participation-ladder"
);
coded_value!(
    /// A labour-market region ("arbeidsmarktregio").
    LabourMarketRegion => "labour-market-region"
);
coded_value!(
    /// A kind of benefit ("uitkering").
    BenefitType => "benefit-type"
);
coded_value!(
    /// A kind of support instrument ("instrument", "voorziening").
    InstrumentType => "instrument-type"
);
coded_value!(
    /// Status of an instrument or trajectory.
    InstrumentStatus => "instrument-status"
);
coded_value!(
    /// Status of a vacancy.
    VacancyStatus => "vacancy-status"
);
coded_value!(
    /// Where the work is done: on site, hybrid or remote.
    RemoteWork => "remote-work"
);
coded_value!(
    /// The period a salary amount refers to.
    SalaryPeriod => "salary-period"
);
coded_value!(
    /// A part of the week in which work takes place.
    WorkingTime => "working-time"
);
coded_value!(
    /// The gender of a person (ISO/IEC 5218, with HR Open's `X`). Sensitive.
    Gender => "gender"
);
coded_value!(
    /// How well a competence is mastered.
    ProficiencyLevel => "proficiency-level"
);

constrained_string!(
    /// A Dutch postcode ("postcode"), four digits and two capital letters without a space.
    Postcode {
        pattern: "^[0-9]{4}[A-Z]{2}$",
        rule: "postcode.format",
        description: "Dutch postcode: four digits and two capital letters, no space. Since 1.1 the schema takes every postcode VUM takes; that the digits do not start with 0 and the letter pairs SA, SD and SS are not used is the semantic rule postcode.range.",
        example: "3511AB",
    }
);
constrained_string!(
    /// A citizen service number ("burgerservicenummer", BSN): nine digits passing the elfproef.
    Bsn {
        pattern: "^[0-9]{9}$",
        rule: "bsn.format",
        description: "Citizen service number (burgerservicenummer, BSN): nine digits that pass the elfproef. Sensitive: only parties with a legal basis may process it; never part of a VUM profile.",
        example: "999990019",
    }
);
constrained_string!(
    /// A Chamber of Commerce number ("KvK-nummer"), eight digits.
    KvkNumber {
        pattern: "^[0-9]{8}$",
        rule: "kvk.format",
        description: "Chamber of Commerce registration number (KvK-nummer): eight digits.",
        example: "12345678",
    }
);
constrained_string!(
    /// A CBS municipality code ("gemeentecode"), `GM` and four digits.
    MunicipalityCode {
        pattern: "^GM[0-9]{4}$",
        rule: "municipality.format",
        description: "CBS municipality code (gemeentecode): 'GM' followed by four digits, e.g. GM0344 for Utrecht.",
        example: "GM0344",
    }
);
constrained_string!(
    /// An ISO 639-3 language code ("taalcode"), three lower-case letters.
    LanguageCode {
        pattern: "^[a-z]{3}$",
        rule: "language.format",
        description: "ISO 639-3 language code: three lower-case letters, e.g. 'nld' for Dutch, 'eng' for English.",
        example: "nld",
    }
);
constrained_string!(
    /// An ISO 3166-1 alpha-2 country code.
    CountryCode {
        pattern: "^[A-Z]{2}$",
        rule: "country.format",
        description: "ISO 3166-1 alpha-2 country code, e.g. 'NL'.",
        example: "NL",
    }
);
constrained_string!(
    /// An Organisation Identification Number ("OIN") of the Dutch government, twenty digits.
    Oin {
        pattern: "^[0-9]{20}$",
        rule: "oin.format",
        description: "Organisation Identification Number (OIN): twenty digits.",
        example: "00000001003214345000",
    }
);
constrained_string!(
    /// An SBI code ("Standaard Bedrijfsindeling") of CBS: two to five digits.
    SbiCode {
        pattern: "^[0-9]{2,5}$",
        rule: "sbi.format",
        description: "Dutch Standard Industrial Classification (SBI 2008, CBS): two to five digits, e.g. '7810' for employment agencies.",
        example: "7810",
    }
);
constrained_string!(
    /// An ISCO-08 occupation code: one to four digits.
    IscoCode {
        pattern: "^[0-9]{1,4}$",
        rule: "isco.format",
        description: "ISCO-08 occupation code (ILO): one to four digits.",
        example: "2512",
    }
);
constrained_string!(
    /// A telephone number in national or international notation.
    PhoneNumber {
        pattern: "^\\+?[0-9][0-9 ()-]{5,19}$",
        rule: "phone.format",
        description: "Telephone number, national (0612345678) or international (+31612345678) notation; spaces, hyphens and brackets allowed.",
        example: "+31201234567",
    }
);
constrained_string!(
    /// A telephone number in E.164: `+`, a country code and the subscriber number, fifteen digits
    /// at most, without spaces.
    E164Number {
        pattern: "^\\+[1-9][0-9]{6,14}$",
        rule: "phone.e164",
        description: "Telephone number in E.164 (ITU-T): '+', the country code and the number, at most fifteen digits, no spaces.",
        example: "+31886414792",
    }
);

#[cfg(test)]
mod e164_tests {
    use super::E164Number;

    #[test]
    fn common_notations_have_their_e164_form_and_others_none() {
        let e164 = |v: &str| E164Number::from_notation(v).map(|n| n.0);
        assert_eq!(e164("(088)-6414792").as_deref(), Some("+31886414792"));
        assert_eq!(e164("0375-306375").as_deref(), Some("+31375306375"));
        assert_eq!(e164("+3148-6025964").as_deref(), Some("+31486025964"));
        assert_eq!(e164("+31 (0)20 123 4567").as_deref(), Some("+31201234567"));
        assert_eq!(e164("0031 6 12345678").as_deref(), Some("+31612345678"));
        assert_eq!(e164("0800-1234").as_deref(), Some("+318001234"));
        // Too short for a Dutch number, a short code, or not a number at all.
        assert_eq!(e164("(030) 123456"), None);
        assert_eq!(e164("14 020"), None);
        assert_eq!(e164("bel na 17u"), None);
    }
}

impl E164Number {
    /// The E.164 form of a number in a common notation: separators (spaces, hyphens, dots,
    /// slashes, brackets) are dropped, `00` is read as the international prefix and a leading
    /// `0` as the Dutch trunk prefix (`+31`). `None` when what remains is not E.164.
    pub fn from_notation(value: &str) -> Option<Self> {
        let mut digits = String::with_capacity(value.len());
        let mut plus = false;
        // `+31 (0)20 ...`: the bracketed trunk prefix is not dialled from abroad.
        let value = value.trim().replace("(0)", "");
        for (i, c) in value.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 || (digits.is_empty() && !plus) => plus = true,
                ' ' | '-' | '.' | '/' | '(' | ')' | '\u{a0}' => {}
                _ => return None,
            }
        }
        let international = if plus {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_owned()
        } else if let Some(rest) = digits.strip_prefix('0') {
            // A Dutch number has nine digits after the trunk 0, or is a 0800/0900-style
            // service number (four to seven digits after its prefix); anything else is not
            // read as one.
            let service = (rest.starts_with("800") || rest.starts_with("90"))
                && (7..=10).contains(&rest.len());
            if rest.len() != 9 && !service {
                return None;
            }
            format!("31{rest}")
        } else {
            return None;
        };
        let candidate = format!("+{international}");
        matches_pattern::<E164Number>(&candidate).then_some(E164Number(candidate))
    }
}

constrained_string!(
    /// An e-mail address.
    EmailAddress {
        pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
        rule: "email.format",
        description: "E-mail address.",
        example: "contact@example.org",
    }
);
constrained_string!(
    /// An absolute http(s) URI, used for taxonomy concepts and web addresses.
    HttpUri {
        pattern: "^https?://[^\\s]+$",
        rule: "uri.format",
        description: "Absolute http or https URI.",
        example: "https://linkeddata.competentnl.nl/uwv/id/occupation/1",
    }
);

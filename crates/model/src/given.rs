//! Values as a source gave them, beside the forms the standard recognises (since 1.1): a
//! telephone number in any notation with its E.164 form, an e-mail address that is not of the
//! recognised form, and a taxonomy code that is not a URI, marked with its scheme.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::codes::*;

/// A telephone number: in a notation the standard recognises (1.0), or, since 1.1, as the source
/// wrote it, beside its E.164 form where one can be derived. NL: telefoonnummer.
///
/// Sources write numbers as people do: `(088)-6414792`, `0375-306375`, `+3148-6025964`. VUM
/// accepts any string of at most 14 characters, so the canonical model keeps the notation the
/// source gave and adds the normalised form that a dialler or a duplicate check needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(untagged)]
pub enum Telephone {
    /// A number in national or international notation (`0612345678`, `+31 20 123 4567`).
    Recognised(PhoneNumber),
    /// A number in any other notation, as the source gave it (since 1.1).
    AsGiven(PhoneAsGiven),
}

/// A telephone number as the source wrote it, with its E.164 form. NL: telefoonnummer zoals
/// aangeleverd.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhoneAsGiven {
    /// The number exactly as the source gave it. NL: telefoonnummer zoals aangeleverd.
    /// VUM: telefoonnummer.
    #[schemars(length(min = 1, max = 50))]
    pub as_given: String,
    /// The number in E.164 (`+` and up to fifteen digits), where it can be derived: a national
    /// notation is read as Dutch. NL: telefoonnummer internationaal (E.164).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e164: Option<E164Number>,
}

impl Telephone {
    /// The number as a source should receive it back: the notation it was given in.
    pub fn as_given(&self) -> &str {
        match self {
            Telephone::Recognised(number) => number.as_str(),
            Telephone::AsGiven(given) => &given.as_given,
        }
    }

    /// The number in E.164, where it can be derived.
    pub fn e164(&self) -> Option<E164Number> {
        match self {
            Telephone::Recognised(number) => E164Number::from_notation(number.as_str()),
            Telephone::AsGiven(given) => given
                .e164
                .clone()
                .or_else(|| E164Number::from_notation(&given.as_given)),
        }
    }

    /// A number read from a source: kept as a recognised notation where it is one, otherwise as
    /// given beside its E.164 form. `None` for a value with no characters but blanks.
    pub fn from_source(value: &str) -> Option<Self> {
        if value.trim().is_empty() {
            return None;
        }
        if crate::codes::matches_pattern::<PhoneNumber>(value) {
            return Some(Telephone::Recognised(PhoneNumber(value.to_owned())));
        }
        Some(Telephone::AsGiven(PhoneAsGiven {
            as_given: value.to_owned(),
            e164: E164Number::from_notation(value),
        }))
    }
}

/// An e-mail address: one in the form the standard recognises (1.0), or, since 1.1, any other
/// text a source sends in its e-mail field, as given (VUM: any string of at most 320 characters).
/// NL: e-mailadres.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(untagged)]
pub enum Email {
    /// An address of the form `name@domain.tld`.
    Recognised(EmailAddress),
    /// Anything else the source sent as an e-mail address, as given (since 1.1).
    AsGiven(EmailAsGiven),
}

/// An e-mail address as the source wrote it, when it is not of the recognised form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EmailAsGiven {
    /// The value exactly as the source gave it. NL: e-mailadres zoals aangeleverd.
    #[schemars(length(min = 1, max = 500))]
    pub as_given: String,
}

impl Email {
    /// The address as a source should receive it back: as it was given.
    pub fn as_given(&self) -> &str {
        match self {
            Email::Recognised(address) => address.as_str(),
            Email::AsGiven(given) => &given.as_given,
        }
    }

    /// The address, when it is of the recognised form.
    pub fn address(&self) -> Option<&EmailAddress> {
        match self {
            Email::Recognised(address) => Some(address),
            Email::AsGiven(_) => None,
        }
    }

    /// An address read from a source. `None` for a value with no characters but blanks.
    pub fn from_source(value: &str) -> Option<Self> {
        if value.trim().is_empty() {
            return None;
        }
        Some(if crate::codes::matches_pattern::<EmailAddress>(value) {
            Email::Recognised(EmailAddress(value.to_owned()))
        } else {
            Email::AsGiven(EmailAsGiven {
                as_given: value.to_owned(),
            })
        })
    }
}

/// A classification code in a named scheme: what a source sends where a taxonomy URI is expected
/// but gives something else. NL: code in een classificatie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SchemeCode {
    /// The scheme the code belongs to. NL: classificatie.
    pub scheme: CodeScheme,
    /// The code exactly as the source gave it. NL: code.
    #[schemars(length(min = 1, max = 500))]
    pub value: String,
}

/// The scheme of a [`SchemeCode`].
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CodeScheme {
    /// A CompetentNL URI.
    CompetentNl,
    /// An ESCO URI.
    Esco,
    /// A URI of another taxonomy.
    OtherUri,
    /// A code of an older UWV list (digits, such as `0000000006`).
    UwvLegacy,
    /// Free text in a code field: neither a URI nor a legacy code.
    FreeText,
}

impl SchemeCode {
    /// Classifies a value a source gave as a taxonomy code: CompetentNL and ESCO URIs by their
    /// host, other http(s) URIs, digit strings as legacy UWV codes, anything else (a `urn:` too)
    /// as free text.
    ///
    /// A value classified `competent-nl` or `esco` is always a valid [`HttpUri`], so an adapter
    /// may hold it in a URI field.
    pub fn classify(value: &str) -> Self {
        let uri = crate::codes::matches_pattern::<HttpUri>(value);
        let scheme = if uri
            && (value.starts_with("https://linkeddata.competentnl.nl/")
                || value.starts_with("http://linkeddata.competentnl.nl/"))
        {
            CodeScheme::CompetentNl
        } else if uri
            && (value.starts_with("http://data.europa.eu/esco/")
                || value.starts_with("https://data.europa.eu/esco/"))
        {
            CodeScheme::Esco
        } else if uri {
            CodeScheme::OtherUri
        } else if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            CodeScheme::UwvLegacy
        } else {
            CodeScheme::FreeText
        };
        Self {
            scheme,
            value: value.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(value: &str) -> CodeScheme {
        SchemeCode::classify(value).scheme
    }

    #[test]
    fn a_code_is_classified_by_what_its_value_shows() {
        assert_eq!(
            scheme("https://linkeddata.competentnl.nl/uwv/id/occupation/BEROEP_1"),
            CodeScheme::CompetentNl
        );
        assert_eq!(
            scheme("http://data.europa.eu/esco/skill/abc-123"),
            CodeScheme::Esco
        );
        assert_eq!(
            scheme("https://example.org/taxonomy/4711"),
            CodeScheme::OtherUri
        );
        assert_eq!(scheme("0000000006"), CodeScheme::UwvLegacy);
        assert_eq!(scheme("heftruck rijden"), CodeScheme::FreeText);
        assert_eq!(SchemeCode::classify("0000000006").value, "0000000006");
    }

    #[test]
    fn a_taxonomy_host_without_a_valid_uri_is_not_that_taxonomy() {
        // The URI fields hold only valid URIs: a CompetentNL prefix followed by a space is text.
        assert_eq!(
            scheme("https://linkeddata.competentnl.nl/uwv/id/skill/a b"),
            CodeScheme::FreeText
        );
    }
}

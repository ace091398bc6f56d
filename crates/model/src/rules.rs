//! The semantic rules: what a JSON Schema cannot say.
//!
//! Rules work on the raw JSON value, not on the typed model, so they still run (and report) when
//! the document does not match the schema; a value of the wrong type is left to the schema layer.
//! Every rule has a stable id, listed in [`RULES`] and in `schema/v1/README.md`.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::schema::DocumentType;
use crate::validate::{Finding, Severity};

/// A rule of the standard: its stable id, its severity and what it demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id; never reused for another meaning.
    pub id: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// Which layer checks it.
    pub layer: &'static str,
    /// What the rule demands.
    pub description: &'static str,
}

const fn rule(
    id: &'static str,
    severity: Severity,
    layer: &'static str,
    description: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        layer,
        description,
    }
}

use Severity::{Error, Warning};

/// Every named rule of the werkbrug v1 standard. Structural schema errors are reported as
/// `schema.<keyword>` (e.g. `schema.required`, `schema.type`) besides these.
pub const RULES: &[Rule] = &[
    rule(
        "json.syntax",
        Error,
        "parser",
        "The document is well-formed JSON (RFC 8259).",
    ),
    rule(
        "json.duplicate-key",
        Error,
        "parser",
        "No object has the same key twice: a parser would silently keep only one value.",
    ),
    rule(
        "document.type",
        Error,
        "validator",
        "The document declares its type in `documentType`: `jobseekerProfile` or `vacancy`.",
    ),
    rule(
        "value.non-empty",
        Error,
        "schema",
        "No empty strings, arrays or objects (VUM): leave a property out instead. Marked by `minLength`/`minItems`/`minProperties` of 1.",
    ),
    rule(
        "code.known",
        Error,
        "schema",
        "A coded value is a code of its code list (the `enum` of a node with `x-werkbrug-codelist`).",
    ),
    rule(
        "postcode.format",
        Error,
        "schema",
        "A Dutch postcode is four digits and two capital letters, no space.",
    ),
    rule("bsn.format", Error, "schema", "A BSN is nine digits."),
    rule(
        "bsn.elfproef",
        Error,
        "semantic",
        "A BSN passes the elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (and is not 0).",
    ),
    rule(
        "kvk.format",
        Error,
        "schema",
        "A KvK number is eight digits.",
    ),
    rule(
        "municipality.format",
        Error,
        "schema",
        "A municipality code is 'GM' and four digits.",
    ),
    rule(
        "language.format",
        Error,
        "schema",
        "A language is an ISO 639-3 code of three lower-case letters.",
    ),
    rule(
        "country.format",
        Error,
        "schema",
        "A country is an ISO 3166-1 alpha-2 code.",
    ),
    rule("oin.format", Error, "schema", "An OIN is twenty digits."),
    rule(
        "sbi.format",
        Error,
        "schema",
        "An SBI code is two to five digits.",
    ),
    rule(
        "isco.format",
        Error,
        "schema",
        "An ISCO-08 code is one to four digits.",
    ),
    rule(
        "phone.format",
        Error,
        "schema",
        "A telephone number is in national or international notation.",
    ),
    rule(
        "postcode.range",
        Error,
        "semantic",
        "A Dutch postcode does not start with 0 and does not use the letter pairs SA, SD or SS.",
    ),
    rule(
        "identifiers.present",
        Error,
        "semantic",
        "A document has at least one identifier (1.0 required it in the schema; since 1.1 a translation carries a document without one, with this finding).",
    ),
    rule(
        "phone.e164",
        Error,
        "schema",
        "The E.164 form of a telephone number is '+' and at most fifteen digits, without spaces.",
    ),
    rule(
        "email.format",
        Error,
        "schema",
        "An e-mail address has one '@' and a domain.",
    ),
    rule(
        "uri.format",
        Error,
        "schema",
        "Taxonomy concepts and web addresses are absolute http(s) URIs.",
    ),
    rule(
        "date.order",
        Error,
        "semantic",
        "A period does not end before it starts (startDate/endDate, availableFrom/availableUntil, granted/expires, issued/validUntil, created/lastModified).",
    ),
    rule(
        "date.birth-in-past",
        Error,
        "semantic",
        "A birth date lies in the past.",
    ),
    rule(
        "date.birth-plausible",
        Warning,
        "semantic",
        "A jobseeker is between 13 and 100 years old.",
    ),
    rule(
        "vacancy.valid-through",
        Error,
        "semantic",
        "A vacancy's validThrough is not before its datePosted.",
    ),
    rule(
        "hours.min-le-max",
        Error,
        "semantic",
        "Minimum hours per week do not exceed the maximum.",
    ),
    rule(
        "salary.min-le-max",
        Error,
        "semantic",
        "A salary's minimum does not exceed its maximum.",
    ),
    rule(
        "address.postcode-country",
        Error,
        "semantic",
        "A Dutch postcode is only given for an address in the Netherlands; use foreignPostalCode otherwise.",
    ),
    rule(
        "identifiers.source",
        Warning,
        "semantic",
        "One of the identifiers is issued by the document's own source system.",
    ),
    rule(
        "language.dutch",
        Warning,
        "semantic",
        "A jobseeker's languages include Dutch (nld), as VUM requires whenever languages are given.",
    ),
    rule(
        "text.xml-character",
        Error,
        "semantic",
        "Text holds only characters XML 1.0 allows: no control characters other than tab, line feed and carriage return, and not U+FFFE or U+FFFF. XML formats cannot carry any other.",
    ),
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The start of the period that `end_key` ends, and the rule a reversed pair breaks.
fn period_start(end_key: &str) -> Option<(&'static str, &'static str)> {
    Some(match end_key {
        "endDate" => ("startDate", "date.order"),
        "availableUntil" => ("availableFrom", "date.order"),
        "expires" => ("granted", "date.order"),
        "validUntil" => ("issued", "date.order"),
        "lastModified" => ("created", "date.order"),
        "validThrough" => ("datePosted", "vacancy.valid-through"),
        _ => return None,
    })
}

/// One step of the path from the document root to a value.
#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// The JSON Pointer of `leaf` in the object at `path`. Only built when there is a finding, so
/// that validating a valid document allocates nothing for paths.
fn pointer(path: &[Segment<'_>], leaf: &str) -> String {
    let mut out = String::new();
    for segment in path {
        out.push('/');
        match segment {
            Segment::Key(key) => out.push_str(&crate::pointer::escape(key)),
            Segment::Index(index) => out.push_str(&index.to_string()),
        }
    }
    if !leaf.is_empty() {
        out.push('/');
        out.push_str(leaf);
    }
    out
}

/// A read-only view of a JSON document. The rules run on it, so that they check a
/// `serde_json::Value` (validation) and the format adapters' lighter trees (every translation)
/// alike, from one definition.
pub trait JsonView {
    /// The string, if this is one.
    fn as_str(&self) -> Option<&str>;
    /// The number, if this is one.
    fn as_f64(&self) -> Option<f64>;
    /// The member `key`, if this is an object that has it.
    fn member(&self, key: &str) -> Option<&Self>;
    /// The members in document order, if this is an object.
    fn members(&self) -> Option<impl Iterator<Item = (&str, &Self)>>;
    /// The items, if this is an array.
    fn items(&self) -> Option<&[Self]>
    where
        Self: Sized;
}

impl JsonView for Value {
    fn as_str(&self) -> Option<&str> {
        Value::as_str(self)
    }

    fn as_f64(&self) -> Option<f64> {
        Value::as_f64(self)
    }

    fn member(&self, key: &str) -> Option<&Self> {
        self.get(key)
    }

    fn members(&self) -> Option<impl Iterator<Item = (&str, &Self)>> {
        self.as_object()
            .map(|members| members.iter().map(|(k, v)| (k.as_str(), v)))
    }

    fn items(&self) -> Option<&[Self]> {
        self.as_array().map(Vec::as_slice)
    }
}

/// Runs every semantic rule on `document`, appending findings.
pub fn check<J: JsonView>(document: &J, document_type: DocumentType, findings: &mut Vec<Finding>) {
    let today = Utc::now().date_naive();
    walk(document, &mut Vec::new(), &mut |path, object| {
        check_object(path, object, today, findings);
    });
    check_document(document, document_type, findings);
}

/// Calls `visit` for every object in `value`, depth first, with its path.
fn walk<'a, J: JsonView, F>(value: &'a J, path: &mut Vec<Segment<'a>>, visit: &mut F)
where
    F: FnMut(&[Segment<'a>], &'a J),
{
    if let Some(members) = value.members() {
        visit(path, value);
        for (key, child) in members {
            if child.members().is_some() || child.items().is_some() {
                path.push(Segment::Key(key));
                walk(child, path, visit);
                path.pop();
            }
        }
    } else if let Some(items) = value.items() {
        for (index, child) in items.iter().enumerate() {
            if child.members().is_some() || child.items().is_some() {
                path.push(Segment::Index(index));
                walk(child, path, visit);
                path.pop();
            }
        }
    }
}

/// Checks the rules that concern one object, dispatching on the keys it has: one pass over the
/// keys, and look-ups only where a rule's key is present.
fn check_object<J: JsonView>(
    path: &[Segment<'_>],
    object: &J,
    today: NaiveDate,
    findings: &mut Vec<Finding>,
) {
    for (key, value) in object.members().into_iter().flatten() {
        check_text(path, key, value, findings);
        match key {
            "bsn" => {
                if let Some(bsn) = value.as_str()
                    && bsn.len() == 9
                    && bsn.bytes().all(|b| b.is_ascii_digit())
                    && !is_valid_bsn(bsn)
                {
                    findings.push(Finding::error(
                        "bsn.elfproef",
                        pointer(path, "bsn"),
                        "not a valid BSN: the elfproef fails",
                    ));
                }
            }
            "birthDate" => check_birth_date(path, value, today, findings),
            "hoursPerWeekMin" => {
                if let (Some(min), Some(max)) = (
                    value.as_f64(),
                    object.member("hoursPerWeekMax").and_then(J::as_f64),
                ) && min > max
                {
                    findings.push(Finding::error(
                        "hours.min-le-max",
                        pointer(path, "hoursPerWeekMin"),
                        "hoursPerWeekMin is greater than hoursPerWeekMax",
                    ));
                }
            }
            "min" if matches!(path.last(), Some(Segment::Key("salary"))) => {
                if let (Some(min), Some(max)) =
                    (value.as_f64(), object.member("max").and_then(J::as_f64))
                    && min > max
                {
                    findings.push(Finding::error(
                        "salary.min-le-max",
                        pointer(path, "min"),
                        "the salary minimum is greater than the maximum",
                    ));
                }
            }
            "postcode" => {
                // Bytes, not characters: only an ASCII value of six is a postcode at all (the
                // schema refuses the others); slicing anything else could split a character.
                if let Some(code) = value.as_str()
                    && code.len() == 6
                    && code.is_ascii()
                    && (code.starts_with('0') || matches!(&code[4..], "SA" | "SD" | "SS"))
                {
                    findings.push(Finding::error(
                        "postcode.range",
                        pointer(path, "postcode"),
                        "not a postcode PostNL issues: the digits start with 0, or the letters are SA, SD or SS",
                    ));
                }
                if let Some(country) = object.member("countryCode").and_then(J::as_str)
                    && country != "NL"
                {
                    findings.push(Finding::error(
                        "address.postcode-country",
                        pointer(path, "postcode"),
                        "a Dutch postcode on an address outside the Netherlands: use foreignPostalCode",
                    ));
                }
            }
            end_key => {
                if let Some((start_key, rule)) = period_start(end_key)
                    && let (Some(start), Some(end)) =
                        (object.member(start_key).and_then(date_of), date_of(value))
                    && end < start
                {
                    findings.push(Finding::error(
                        rule,
                        pointer(path, end_key),
                        format!("{end_key} is before {start_key}"),
                    ));
                }
            }
        }
    }
}

/// `text.xml-character` on a string member, or on the strings of an array member.
fn check_text<J: JsonView>(
    path: &[Segment<'_>],
    key: &str,
    value: &J,
    findings: &mut Vec<Finding>,
) {
    let mut check = |text: &str, leaf: String| {
        if let Some((position, c)) = crate::text::first_non_xml_char(text) {
            findings.push(Finding::error(
                "text.xml-character",
                pointer(path, &leaf),
                format!(
                    "the text holds U+{:04X} at character {position}, which XML 1.0 does not allow: XML formats cannot carry the value",
                    u32::from(c)
                ),
            ));
        }
    };
    let escaped = || crate::pointer::escape(key).into_owned();
    if let Some(text) = value.as_str() {
        check(text, escaped());
    } else if let Some(items) = value.items() {
        for (index, item) in items.iter().enumerate() {
            if let Some(text) = item.as_str() {
                check(text, format!("{}/{index}", escaped()));
            }
        }
    }
}

fn check_birth_date<J: JsonView>(
    path: &[Segment<'_>],
    value: &J,
    today: NaiveDate,
    findings: &mut Vec<Finding>,
) {
    let Some(birth) = date_of(value) else {
        return;
    };
    if birth >= today {
        findings.push(Finding::error(
            "date.birth-in-past",
            pointer(path, "birthDate"),
            "the birth date is not in the past",
        ));
    } else if !(13..=100).contains(&today.years_since(birth).unwrap_or(0)) {
        findings.push(Finding::warning(
            "date.birth-plausible",
            pointer(path, "birthDate"),
            "the birth date gives an age outside 13-100 years",
        ));
    }
}

fn check_document<J: JsonView>(
    document: &J,
    document_type: DocumentType,
    findings: &mut Vec<Finding>,
) {
    if document
        .member("identifiers")
        .and_then(J::items)
        .is_none_or(<[J]>::is_empty)
    {
        findings.push(Finding::error(
            "identifiers.present",
            "",
            "the document has no identifier: nobody can ask its source for it again",
        ));
    }
    let source = document
        .member("metadata")
        .and_then(|m| m.member("sourceSystem"))
        .and_then(|s| s.member("id"))
        .and_then(J::as_str);
    if let (Some(source), Some(identifiers)) =
        (source, document.member("identifiers").and_then(J::items))
        && !identifiers.is_empty()
        && !identifiers
            .iter()
            .any(|i| i.member("source").and_then(J::as_str) == Some(source))
    {
        findings.push(Finding::warning(
            "identifiers.source",
            "/identifiers",
            "no identifier is issued by the document's own source system (metadata.sourceSystem.id)",
        ));
    }

    if document_type == DocumentType::JobseekerProfile
        && let Some(languages) = document
            .member("qualifications")
            .and_then(|q| q.member("languages"))
            .and_then(J::items)
        && !languages.is_empty()
        && !languages
            .iter()
            .any(|l| l.member("language").and_then(J::as_str) == Some("nld"))
    {
        findings.push(Finding::warning(
            "language.dutch",
            "/qualifications/languages",
            "the languages do not include Dutch (nld), which VUM requires",
        ));
    }
}

/// A date, or the date part of an RFC 3339 timestamp.
fn date_of<J: JsonView>(value: &J) -> Option<NaiveDate> {
    let text = value.as_str()?;
    text.parse::<NaiveDate>().ok().or_else(|| {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc).date_naive())
    })
}

/// Whether `bsn` is nine digits that pass the elfproef (and are not all zero).
pub fn is_valid_bsn(bsn: &str) -> bool {
    let digits: Vec<u32> = bsn.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 9 || bsn.len() != 9 || digits.iter().all(|&d| d == 0) {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let weight = if i == 8 { -1 } else { 9 - i as i64 };
            weight * i64::from(d)
        })
        .sum();
    sum % 11 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elfproef_accepts_test_range_numbers_and_rejects_others() {
        for good in ["999990019", "999990020", "999990032", "999998456"] {
            assert!(is_valid_bsn(good), "{good}");
        }
        for bad in [
            "999990018",
            "123456789",
            "000000000",
            "99999001",
            "99999001x",
        ] {
            assert!(!is_valid_bsn(bad), "{bad}");
        }
    }

    #[test]
    fn rule_ids_are_unique() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }
}

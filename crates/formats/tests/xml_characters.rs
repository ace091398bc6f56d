//! Well-formed XML whatever the input: characters XML 1.0 forbids are refused on the way in,
//! with their place, and never written on the way out (they are reported as losses). An
//! independent parser (roxmltree, which checks XML 1.0's `Char` production) judges the output.

use std::path::PathBuf;

use proptest::prelude::*;
use serde_json::Value;
use werkbrug_formats::{
    CanonicalDocument, DecodeContext, ErrorKind, FormatError, Location, LossKind, registry,
};
use werkbrug_model::{JobseekerProfile, Vacancy};

fn context() -> DecodeContext {
    DecodeContext::new("test", "2026-11-01T12:00:00Z".parse().unwrap())
}

fn example(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/documents")
        .join(name);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn typed(value: &Value) -> Option<CanonicalDocument> {
    match value["documentType"].as_str()? {
        "jobseekerProfile" => serde_json::from_value::<JobseekerProfile>(value.clone())
            .ok()
            .map(|p| CanonicalDocument::JobseekerProfile(Box::new(p))),
        "vacancy" => serde_json::from_value::<Vacancy>(value.clone())
            .ok()
            .map(|v| CanonicalDocument::Vacancy(Box::new(v))),
        _ => None,
    }
}

fn setu_xml(document: &CanonicalDocument) -> werkbrug_formats::Encoded {
    registry::get("setu-xml").unwrap().encode(document).unwrap()
}

fn decode_xml(bytes: &[u8]) -> Result<CanonicalDocument, FormatError> {
    registry::get("setu-xml")
        .unwrap()
        .decode(bytes, None, &context())
        .map(|d| d.document)
}

/// The example profile as SETU XML, as werkbrug writes it (one line).
fn profile_xml() -> String {
    let document = typed(&example("jobseeker-ww-logistics.json")).unwrap();
    String::from_utf8(setu_xml(&document).bytes).unwrap()
}

#[test]
fn forbidden_characters_in_xml_input_are_refused_with_their_place() {
    let xml = profile_xml();
    let anchor = "<family>Testpersoon";
    let at = xml.find(anchor).unwrap() + anchor.len();
    // The quick scan vouches for messages as systems write them, a comment sends a message
    // through the full event pass: both must refuse the same way.
    let with_comment = |text: &str| text.replacen("<documentId>", "<!-- c --><documentId>", 1);
    for (inserted, message) in [
        (
            "\u{1}",
            "not well-formed XML: the character U+0001 is not allowed in XML 1.0",
        ),
        (
            "\u{0}",
            "not well-formed XML: the character U+0000 is not allowed in XML 1.0",
        ),
        (
            "\u{1F}",
            "not well-formed XML: the character U+001F is not allowed in XML 1.0",
        ),
        (
            "\u{FFFE}",
            "not well-formed XML: the character U+FFFE is not allowed in XML 1.0",
        ),
        (
            "\u{FFFF}",
            "not well-formed XML: the character U+FFFF is not allowed in XML 1.0",
        ),
    ] {
        for text in [xml.clone(), with_comment(&xml)] {
            let shift = text.len() - xml.len();
            let broken = format!("{}{inserted}{}", &text[..at + shift], &text[at + shift..]);
            let error = decode_xml(broken.as_bytes()).unwrap_err();
            assert_eq!(error.kind, ErrorKind::Syntax, "{inserted:?}");
            assert_eq!(error.message, message);
            let column = broken[..at + shift].chars().count() + 1;
            assert_eq!(
                error.location,
                Some(Location::Xml {
                    line: 1,
                    column,
                    path: String::new()
                }),
                "{inserted:?}"
            );
        }
    }
    for (reference, shown) in [
        ("&#1;", "U+0001"),
        ("&#x0;", "U+0000"),
        ("&#X1;", ""),
        ("&#xFFFE;", "U+FFFE"),
        ("&#65535;", "U+FFFF"),
        ("&#xD800;", "&#xD800;"),
        ("&#1114112;", "&#1114112;"),
        ("&#x99999999999;", "&#x99999999999;"),
    ] {
        for text in [xml.clone(), with_comment(&xml)] {
            let shift = text.len() - xml.len();
            let broken = format!("{}{reference}{}", &text[..at + shift], &text[at + shift..]);
            let error = decode_xml(broken.as_bytes()).unwrap_err();
            if shown.is_empty() {
                // `&#X1;` is not a character reference at all (the x is lower case in XML).
                assert_eq!(error.kind, ErrorKind::Syntax, "{reference}: {error}");
                assert_eq!(
                    error.message,
                    "not well-formed XML: &#X1; is not a character reference (&#digits; or &#xhex;)"
                );
                continue;
            }
            assert_eq!(error.kind, ErrorKind::Syntax, "{reference}: {error}");
            assert_eq!(
                error.message,
                format!(
                    "not well-formed XML: the character reference to {shown} names a character XML 1.0 does not allow"
                ),
                "{reference}"
            );
            match &error.location {
                Some(Location::Xml { line: 1, path, .. }) => {
                    assert_eq!(path, "/HumanResource/person/name/family", "{reference}")
                }
                other => panic!("{reference}: {other:?}"),
            }
        }
    }
    // In an attribute value.
    let broken = xml.replacen(
        "<HumanResource xmlns",
        "<HumanResource note=\"a&#2;b\" xmlns",
        1,
    );
    let error = decode_xml(broken.as_bytes()).unwrap_err();
    assert_eq!(
        error.message,
        "not well-formed XML: an attribute holds a character reference to U+0002, which XML 1.0 does not allow"
    );
    let broken = xml.replacen(
        "<HumanResource xmlns",
        "<HumanResource note=\"a&#X1;b\" xmlns",
        1,
    );
    assert_eq!(
        decode_xml(broken.as_bytes()).unwrap_err().message,
        "not well-formed XML: an attribute holds &#X1;, which is not a character reference (&#digits; or &#xhex;)"
    );
    // What XML allows still passes: tab, line feed, carriage return, and the top of Unicode.
    for allowed in ["&#9;", "&#xA;", "&#13;", "&#x10FFFF;", "&#65;", "\t"] {
        let text = format!("{}{allowed}{}", &xml[..at], &xml[at..]);
        assert!(decode_xml(text.as_bytes()).is_ok(), "{allowed}");
    }
}

#[test]
fn encoding_never_writes_a_character_xml_forbids_and_reports_each_value() {
    let mut value = example("jobseeker-ww-logistics.json");
    value["person"]["familyName"] = Value::from("Test\u{1}per\u{0}soon");
    value["qualifications"]["interests"][0] = Value::from("voorraad\u{FFFF}beheer");
    let document = typed(&value).unwrap();
    let encoded = setu_xml(&document);
    let text = std::str::from_utf8(&encoded.bytes).unwrap();
    roxmltree::Document::parse(text).expect("well-formed XML");
    assert!(text.contains("<family>Testpersoon</family>"), "{text}");
    let losses: Vec<(&str, LossKind, &str)> = encoded
        .losses
        .entries
        .iter()
        .filter(|e| e.reason.contains("XML 1.0"))
        .map(|e| (e.path.as_str(), e.kind, e.reason.as_str()))
        .collect();
    assert_eq!(
        losses,
        [
            (
                "/person/familyName",
                LossKind::Approximated,
                "the text holds U+0001 at character 5 (2 such characters in all), which XML 1.0 cannot carry: it was written without them"
            ),
            (
                "/qualifications/interests/0",
                LossKind::Approximated,
                "the text holds U+FFFF at character 9 (1 such character in all), which XML 1.0 cannot carry: it was written without it"
            ),
        ]
    );
    // The rest of the report is the report of the clean document: nothing else changed.
    let mut clean = value.clone();
    clean["person"]["familyName"] = Value::from("Testpersoon");
    clean["qualifications"]["interests"][0] = Value::from("voorraadbeheer");
    let expected = setu_xml(&typed(&clean).unwrap());
    assert_eq!(encoded.bytes, expected.bytes);
    assert_eq!(
        encoded.losses.entries.len(),
        expected.losses.entries.len() + 2
    );
    // The document says what it holds: validation reports each value under its rule.
    let findings = werkbrug_formats::findings(&document);
    let found: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f.rule == "text.xml-character")
        .map(|f| (f.pointer.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "/person/familyName",
                "the text holds U+0001 at character 5, which XML 1.0 does not allow: XML formats cannot carry the value"
            ),
            (
                "/qualifications/interests/0",
                "the text holds U+FFFF at character 9, which XML 1.0 does not allow: XML formats cannot carry the value"
            ),
        ]
    );
}

/// The pointers of the example's string values that hold any text (free text, not codes or
/// dates): a value with a control character still deserialises there.
fn free_text_leaves(value: &Value) -> Vec<String> {
    fn leaves(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::String(_) => out.push(at),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    leaves(item, format!("{at}/{i}"), out);
                }
            }
            Value::Object(members) => {
                for (k, v) in members {
                    leaves(v, format!("{at}/{k}"), out);
                }
            }
            _ => {}
        }
    }
    let mut all = Vec::new();
    leaves(value, String::new(), &mut all);
    all.into_iter()
        .filter(|pointer| {
            let mut probe = value.clone();
            *probe.pointer_mut(pointer).unwrap() = Value::from("x\u{1}\u{FFFE}y");
            typed(&probe).is_some()
        })
        .collect()
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\\x7f a-z<>&'\"\\]\\u{fffe}\\u{ffff}\\u{d7ff}\\u{e000}\\u{10ffff}é€]{0,16}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every `setu-xml` output, for arbitrary strings in every free-text field of every example,
    /// parses as well-formed XML.
    #[test]
    fn every_setu_xml_output_is_well_formed(texts in prop::collection::vec(text(), 1..40)) {
        for name in [
            "jobseeker-ww-logistics.json",
            "jobseeker-bijstand-step4.json",
            "jobseeker-student.json",
            "vacancy-warehouse-utrecht.json",
            "vacancy-care-doelgroep.json",
            "vacancy-developer-remote.json",
        ] {
            let mut value = example(name);
            let leaves = free_text_leaves(&value);
            prop_assert!(leaves.len() > 10, "{name}: {}", leaves.len());
            for (i, pointer) in leaves.iter().enumerate() {
                *value.pointer_mut(pointer).unwrap() = Value::from(texts[i % texts.len()].clone());
            }
            let document = typed(&value).expect("free text takes any string");
            let encoded = setu_xml(&document);
            let text = std::str::from_utf8(&encoded.bytes).expect("UTF-8");
            if let Err(e) = roxmltree::Document::parse(text) {
                return Err(TestCaseError::fail(format!("{name}: {e}")));
            }
        }
    }
}

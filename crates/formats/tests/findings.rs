//! The findings a translation reports are the semantic rules validation reports, as warnings:
//! the rules run on the adapters' light tree there and on a `serde_json::Value` here, and must
//! agree on every canonical document the project holds: the suite's document cases, the
//! expected outputs of its decode vectors and the examples.

use werkbrug_formats::{DecodeContext, registry};
use werkbrug_model::{Severity, Validator};

#[test]
fn translation_findings_are_the_validators_rules_as_warnings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "conformance/v1/documents/valid",
        "conformance/v1/documents/invalid",
        "examples/documents",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    for format in std::fs::read_dir(root.join("conformance/v1/translation")).unwrap() {
        let decode = format.unwrap().path().join("decode");
        for entry in std::fs::read_dir(decode).into_iter().flatten() {
            let expected = entry.unwrap().path().join("expected.json");
            if expected.is_file() {
                files.push(expected);
            }
        }
    }
    let canonical = registry::get("canonical").unwrap();
    let context = DecodeContext::new("unused", "2026-11-01T12:00:00Z".parse().unwrap());
    let (mut compared, mut with_findings) = (0, 0);
    {
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            // Documents that break the schema are refused; the rest are carried.
            let Ok(decoded) = canonical.decode(&bytes, None, &context) else {
                continue;
            };
            let value = decoded.document.to_value();
            let schema: Vec<_> =
                Validator::shared().schema_findings(&value, decoded.document.document_type());
            let mut expected: Vec<_> = Validator::shared()
                .validate(&value, decoded.document.document_type())
                .findings
                .into_iter()
                .filter(|f| !schema.contains(f))
                .map(|mut f| {
                    f.severity = Severity::Warning;
                    f
                })
                .collect();
            expected.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.rule.cmp(&b.rule)));
            let found = werkbrug_formats::findings(&decoded.document);
            assert_eq!(found, expected, "{}", path.display());
            compared += 1;
            with_findings += usize::from(!found.is_empty());
        }
    }
    assert!(compared >= 60, "{compared} documents compared");
    assert!(
        with_findings >= 8,
        "{with_findings} documents with findings"
    );
}

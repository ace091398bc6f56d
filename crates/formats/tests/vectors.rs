//! The translation vectors of the conformance suite (`conformance/v1/translation/`): for each
//! format, decode vectors (input in the format → expected canonical document and loss report) and
//! encode vectors (canonical input → expected output and loss report).
//!
//! `WERKBRUG_BLESS=1 cargo test -p werkbrug-formats --test vectors` rewrites the expectations
//! from the current code; review the diff before committing it.

use std::path::{Path, PathBuf};

use serde_json::Value;
use werkbrug_formats::{DecodeContext, registry};
use werkbrug_model::{DocumentType, Validator};

fn suite() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance/v1/translation")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bless() -> bool {
    std::env::var_os("WERKBRUG_BLESS").is_some()
}

fn check(path: &Path, actual: &Value, problems: &mut Vec<String>) {
    if bless() {
        let mut text = serde_json::to_string_pretty(actual).unwrap();
        text.push('\n');
        std::fs::write(path, text).unwrap();
    } else if !path.exists() {
        problems.push(format!(
            "{} is missing (WERKBRUG_BLESS=1 writes it)",
            path.display()
        ));
    } else if read_json(path) != *actual {
        problems.push(format!(
            "{} differs:\n{}",
            path.display(),
            serde_json::to_string_pretty(actual).unwrap()
        ));
    }
}

fn check_text(path: &Path, actual: &[u8], problems: &mut Vec<String>) {
    if bless() {
        std::fs::write(path, actual).unwrap();
    } else if std::fs::read(path).ok().as_deref() != Some(actual) {
        problems.push(format!(
            "{} differs or is missing:\n{}",
            path.display(),
            String::from_utf8_lossy(actual)
        ));
    }
}

/// Every vector directory of one direction, over all formats.
fn vectors(direction: &str) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for format in std::fs::read_dir(suite()).unwrap() {
        let format = format.unwrap().path();
        let dir = format.join(direction);
        if !dir.is_dir() {
            continue;
        }
        let id = format.file_name().unwrap().to_string_lossy().into_owned();
        for vector in std::fs::read_dir(dir).unwrap() {
            out.push((id.clone(), vector.unwrap().path()));
        }
    }
    out.sort();
    out
}

/// The input file of a decode vector: `input.xml` for XML formats, `input.json` otherwise.
fn input_name(format: &dyn werkbrug_formats::Format) -> &'static str {
    if format.info().media_type == "application/xml" {
        "input.xml"
    } else {
        "input.json"
    }
}

fn context(vector: &Value) -> DecodeContext {
    DecodeContext::new(
        vector["context"]["sourceId"].as_str().unwrap(),
        vector["context"]["received"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap(),
    )
}

#[test]
fn decode_vectors() {
    let mut problems = Vec::new();
    let mut count = 0;
    for (format_id, dir) in vectors("decode") {
        let format = registry::get(&format_id).expect("the folder names a registered format");
        let vector = read_json(&dir.join("vector.json"));
        let expected_type: DocumentType = vector["documentType"].as_str().unwrap().parse().unwrap();
        let input = std::fs::read(dir.join(input_name(format))).unwrap();
        let decoded = match format.decode(&input, Some(expected_type), &context(&vector)) {
            Ok(decoded) => decoded,
            Err(e) => {
                problems.push(format!("{}: {e}", dir.display()));
                continue;
            }
        };
        let canonical = decoded.document.to_value();
        // A document that breaks a semantic rule is carried with findings; the schema holds.
        let errors = Validator::shared().schema_findings(&canonical, expected_type);
        if !errors.is_empty() {
            problems.push(format!(
                "{}: the decoded document breaks the canonical schema: {errors:?}",
                dir.display(),
            ));
        }
        check(&dir.join("expected.json"), &canonical, &mut problems);
        check(
            &dir.join("losses.json"),
            &serde_json::to_value(&decoded.losses.entries).unwrap(),
            &mut problems,
        );
        count += 1;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(count >= 45, "only {count} decode vectors");
}

#[test]
fn encode_vectors() {
    let mut problems = Vec::new();
    let mut count = 0;
    for (format_id, dir) in vectors("encode") {
        let format = registry::get(&format_id).expect("the folder names a registered format");
        let input = std::fs::read(dir.join("input.json")).unwrap();
        let canonical = registry::get("canonical")
            .unwrap()
            .decode(
                &input,
                None,
                &DecodeContext::new("unused", "2026-01-01T00:00:00Z".parse().unwrap()),
            )
            .unwrap_or_else(|e| panic!("{}: the input is not valid canonical: {e}", dir.display()))
            .document;
        let encoded = format.encode(&canonical).unwrap();
        if format.info().media_type == "application/xml" {
            check_text(&dir.join("expected.xml"), &encoded.bytes, &mut problems);
        } else {
            let output: Value = serde_json::from_slice(&encoded.bytes).unwrap();
            check(&dir.join("expected.json"), &output, &mut problems);
        }
        check(
            &dir.join("losses.json"),
            &serde_json::to_value(&encoded.losses.entries).unwrap(),
            &mut problems,
        );
        // What the format wrote reads back as a document of the same type; that it holds what
        // the input held, less the reported losses, is the property tested in roundtrip.rs.
        let again = format
            .decode(
                &encoded.bytes,
                Some(canonical.document_type()),
                &DecodeContext::of(&canonical),
            )
            .unwrap();
        assert_eq!(
            again.document.document_type(),
            canonical.document_type(),
            "{}",
            dir.display()
        );
        count += 1;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(count >= 27, "only {count} encode vectors");
}

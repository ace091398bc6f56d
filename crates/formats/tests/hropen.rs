//! The HR Open adapter writes documents that validate against the HR Open 4.x JSON Schemas, each
//! reference resolved from `../shared/standards/hropen/` (never from the network).

use std::path::PathBuf;

use jsonschema::{Retrieve, Uri};
use serde_json::Value;
use werkbrug_formats::{DecodeContext, ErrorKind, registry};
use werkbrug_model::DocumentType;

/// `hropen` in the public standards (`WERKBRUG_STANDARDS`); the tests that read it call
/// [`werkbrug_testkit::standards`] first, which skips them without the standards.
fn standards() -> PathBuf {
    werkbrug_testkit::standards_dir().join("hropen")
}

/// Reads `file://` references from disk; anything else is refused.
struct LocalFiles;

impl Retrieve for LocalFiles {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri.scheme().as_str() != "file" {
            return Err(format!("refusing to fetch {uri}").into());
        }
        let text = std::fs::read_to_string(uri.path().as_str())?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn validator(file: &str) -> jsonschema::Validator {
    let path = standards().join("recruiting/json").join(file);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::draft4::options()
        .with_base_uri(format!("file://{}", path.display()))
        .with_retriever(LocalFiles)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{file} does not compile: {e}"))
}

fn errors(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn context() -> DecodeContext {
    DecodeContext::new("test", "2026-11-01T12:00:00Z".parse().unwrap())
}

#[test]
fn hropen_output_validates_against_the_hropen_schemas() {
    if werkbrug_testkit::standards(
        "hropen_output_validates_against_the_hropen_schemas (the HR Open JSON Schemas)",
    )
    .is_none()
    {
        return;
    }
    let candidate = validator("CandidateType.json");
    let opening = validator("PositionOpeningType.json");
    let canonical = registry::get("canonical").unwrap();
    let hropen = registry::get("hropen").unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/documents");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let document = canonical
            .decode(&std::fs::read(&path).unwrap(), None, &context())
            .unwrap()
            .document;
        let output: Value =
            serde_json::from_slice(&hropen.encode(&document).unwrap().bytes).unwrap();
        let validator = match document.document_type() {
            DocumentType::JobseekerProfile => &candidate,
            DocumentType::Vacancy => &opening,
        };
        let found = errors(validator, &output);
        assert!(found.is_empty(), "{}: {found:#?}\n{output}", path.display());
        checked += 1;
    }
    assert_eq!(checked, 6);
}

#[test]
fn the_hropen_validator_is_not_toothless() {
    if werkbrug_testkit::standards(
        "the_hropen_validator_is_not_toothless (the HR Open JSON Schemas)",
    )
    .is_none()
    {
        return;
    }
    let candidate = validator("CandidateType.json");
    assert!(
        errors(
            &candidate,
            &serde_json::json!({"person": {"name": {"given": "A"}}})
        )
        .is_empty()
    );
    assert!(
        !errors(
            &candidate,
            &serde_json::json!({"person": {"birthDate": "gisteren"}})
        )
        .is_empty()
    );
    assert!(
        !errors(
            &candidate,
            &serde_json::json!({"documentId": {"schemeId": "x"}})
        )
        .is_empty()
    );
}

#[test]
fn decode_vectors_use_schema_valid_input() {
    if werkbrug_testkit::standards(
        "decode_vectors_use_schema_valid_input (the HR Open JSON Schemas)",
    )
    .is_none()
    {
        return;
    }
    let candidate = validator("CandidateType.json");
    let opening = validator("PositionOpeningType.json");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../conformance/v1/translation/hropen/decode");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let dir = entry.unwrap().path();
        let vector: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("vector.json")).unwrap())
                .unwrap();
        let input: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("input.json")).unwrap())
                .unwrap();
        let validator = if vector["documentType"] == "vacancy" {
            &opening
        } else {
            &candidate
        };
        let found = errors(validator, &input);
        assert!(found.is_empty(), "{}: {found:#?}", dir.display());
        checked += 1;
    }
    assert_eq!(checked, 11);
}

#[test]
fn hropen_refuses_documents_it_cannot_tell_apart() {
    let hropen = registry::get("hropen").unwrap();
    let error = hropen
        .decode(br#"{"documentId": {"value": "1"}}"#, None, &context())
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::WrongRoot);
    let error = hropen
        .decode(
            br#"{"positionProfiles": []}"#,
            Some(DocumentType::JobseekerProfile),
            &context(),
        )
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::WrongDocumentType);
}

/// The example student profile, as canonical JSON.
fn student() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/documents/jobseeker-student.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn codes_outside_the_taxonomies_come_back_with_their_scheme() {
    // Codes whose value would classify otherwise: the scheme werkbrug writes is read back.
    let mut document = student();
    document["qualifications"]["competences"] = serde_json::json!([
        {"code": {"scheme": "uwv-legacy", "value": "ABC-7"}},
        {"label": "plannen", "code": {"scheme": "free-text", "value": "0000000123"}}
    ]);
    document["desiredWork"]["occupations"] = serde_json::json!([
        {"label": "programmeur", "code": {"scheme": "uwv-legacy", "value": "ISCO 2512"}},
        {"code": {"scheme": "other-uri", "value": "https://example.org/beroepen/4711"}}
    ]);
    let canonical = registry::get("canonical").unwrap();
    let hropen = registry::get("hropen").unwrap();
    let decoded = canonical
        .decode(&serde_json::to_vec(&document).unwrap(), None, &context())
        .unwrap();
    let encoded = hropen.encode(&decoded.document).unwrap();
    let back = hropen.decode(&encoded.bytes, None, &context()).unwrap();
    let back = serde_json::to_value(&back.document).unwrap();
    assert_eq!(
        back["qualifications"]["competences"],
        document["qualifications"]["competences"]
    );
    assert_eq!(
        back["desiredWork"]["occupations"],
        document["desiredWork"]["occupations"]
    );
}

#[test]
fn a_label_equal_to_its_code_is_reported_with_why() {
    let mut document = student();
    document["qualifications"]["competences"] = serde_json::json!([
        {"label": "0000000123", "code": {"scheme": "uwv-legacy", "value": "0000000123"}}
    ]);
    let decoded = registry::get("canonical")
        .unwrap()
        .decode(&serde_json::to_vec(&document).unwrap(), None, &context())
        .unwrap();
    let encoded = registry::get("hropen")
        .unwrap()
        .encode(&decoded.document)
        .unwrap();
    let entry = encoded
        .losses
        .entries
        .iter()
        .find(|e| e.path == "/qualifications/competences/0/label")
        .expect("the label is reported");
    assert_eq!(
        entry.reason,
        "HR Open has one competencyName: a label equal to the competence's code or URI is read as that id"
    );
}

//! What the VUM adapter writes conforms to the official VUM source contracts
//! (`../shared/standards/vum/VUM-Bron-*.yaml`, OpenAPI 3.0), checked with their own schemas.

use std::path::PathBuf;

use serde_json::{Value, json};
use werkbrug_formats::{DecodeContext, registry};
use werkbrug_model::DocumentType;

/// `vum` in the public standards (`WERKBRUG_STANDARDS`); the tests that read it call
/// [`werkbrug_testkit::standards`] first, which skips them without the standards.
fn standards() -> PathBuf {
    werkbrug_testkit::standards_dir().join("vum")
}

/// A validator for one schema of a VUM contract.
fn contract_validator(file: &str, schema: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(standards().join(file)).unwrap();
    let contract: Value = serde_norway::from_str(&text).unwrap();
    // OpenAPI 3.0 schemas are a draft-04 dialect; keep the components where the contract's
    // `#/components/schemas/...` references expect them.
    let root = json!({
        "$ref": format!("#/components/schemas/{schema}"),
        "components": contract["components"],
    });
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap()
}

fn errors(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn encoded_documents_conform_to_the_vum_contracts() {
    if werkbrug_testkit::standards(
        "encoded_documents_conform_to_the_vum_contracts (the VUM Bron contracts)",
    )
    .is_none()
    {
        return;
    }
    let profile = contract_validator("VUM-Bron-WerkzoekendeProfielen.yaml", "Werkzoekende");
    let vacancy = contract_validator("VUM-Bron-Vacatures.yaml", "Vacature");
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/documents");
    let canonical = registry::get("canonical").unwrap();
    let vum = registry::get("vum").unwrap();
    let context = DecodeContext::new("unused", "2026-01-01T00:00:00Z".parse().unwrap());
    let mut checked = 0;
    for entry in std::fs::read_dir(examples).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let document = canonical
            .decode(&std::fs::read(&path).unwrap(), None, &context)
            .unwrap()
            .document;
        let output: Value = serde_json::from_slice(&vum.encode(&document).unwrap().bytes).unwrap();
        let validator = match document.document_type() {
            DocumentType::JobseekerProfile => &profile,
            DocumentType::Vacancy => &vacancy,
        };
        let found = errors(validator, &output);
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
        checked += 1;
    }
    assert!(checked >= 6);
}

#[test]
fn the_contract_validator_is_not_toothless() {
    if werkbrug_testkit::standards(
        "the_contract_validator_is_not_toothless (the VUM Bron contracts)",
    )
    .is_none()
    {
        return;
    }
    let profile = contract_validator("VUM-Bron-WerkzoekendeProfielen.yaml", "Werkzoekende");
    assert!(errors(&profile, &json!({"idWerkzoekende": "A-1"})).is_empty());
    assert!(!errors(&profile, &json!({"idWerkzoekende": "A-1", "extra": 1})).is_empty());
    assert!(
        !errors(
            &profile,
            &json!({"werktijden": {"indicatieKantoortijden": 5}})
        )
        .is_empty()
    );
    assert!(
        !errors(
            &profile,
            &json!({"mobiliteit": {"bemiddelingspostcode": "123"}})
        )
        .is_empty()
    );
}

#[test]
fn decode_vectors_use_contract_valid_input_unless_they_say_otherwise() {
    if werkbrug_testkit::standards("decode_vectors_use_contract_valid_input_unless_they_say_otherwise (the VUM Bron contracts)").is_none() {
        return;
    }
    let profile = contract_validator("VUM-Bron-WerkzoekendeProfielen.yaml", "Werkzoekende");
    let vacancy = contract_validator("VUM-Bron-Vacatures.yaml", "Vacature");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../conformance/v1/translation/vum/decode");
    for entry in std::fs::read_dir(dir).unwrap() {
        let dir = entry.unwrap().path();
        let vector: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("vector.json")).unwrap())
                .unwrap();
        let input: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("input.json")).unwrap())
                .unwrap();
        let validator = match vector["documentType"].as_str().unwrap() {
            "jobseeker-profile" => &profile,
            _ => &vacancy,
        };
        let found = errors(validator, &input);
        let deliberately_invalid = vector["validAgainstSpecification"] == false;
        assert_eq!(
            found.is_empty(),
            !deliberately_invalid,
            "{}: {found:#?}",
            dir.display()
        );
    }
}

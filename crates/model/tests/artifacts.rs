//! The checked-in artifacts under `schema/v1/` are exactly what the code generates, they are valid
//! JSON Schema 2020-12, and they document every property.

mod common;

use serde_json::Value;
use werkbrug_model::{DocumentType, reference, schema};

const REGENERATE: &str = "regenerate with `cargo run -p werkbrug-cli -- schema --write schema/v1`";

#[test]
fn checked_in_schemas_match_the_model() {
    for document_type in DocumentType::ALL {
        let file = format!("schema/v1/{}", document_type.schema_file_name());
        assert!(
            common::read(&file) == schema::generate_pretty(document_type),
            "{file} differs from the model: {REGENERATE}"
        );
    }
}

#[test]
fn checked_in_reference_matches_the_model() {
    assert!(
        common::read("schema/v1/README.md") == reference::markdown(),
        "schema/v1/README.md differs from the model: {REGENERATE}"
    );
}

#[test]
fn schemas_are_valid_draft_2020_12() {
    for document_type in DocumentType::ALL {
        let schema = schema::generate(document_type);
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if let Err(error) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{document_type} schema is not valid 2020-12: {error}");
        }
        assert_eq!(schema["$id"], document_type.schema_id());
    }
}

#[test]
fn code_lists_conform_to_their_schema() {
    let meta: Value = serde_json::from_str(&common::read("schema/codelists/codelist.schema.json"))
        .expect("codelist.schema.json is JSON");
    let validator = jsonschema::draft202012::new(&meta).expect("codelist.schema.json compiles");
    for list in werkbrug_model::codelists::all() {
        let text = common::read(&format!("schema/codelists/{}.json", list.id));
        let value: Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", list.id);
    }
}

/// Every property of every type has a description that gives its Dutch term.
#[test]
fn every_property_is_documented_with_its_dutch_term() {
    let mut undocumented = Vec::new();
    for document_type in DocumentType::ALL {
        let schema = schema::generate(document_type);
        let mut types = vec![("(root)".to_owned(), &schema)];
        for (name, def) in schema["$defs"].as_object().unwrap() {
            types.push((name.clone(), def));
        }
        for (type_name, def) in types {
            for (property, node) in def["properties"].as_object().into_iter().flatten() {
                let description = node["description"].as_str().unwrap_or_default();
                if !description.contains("NL: ") || description.len() < 20 {
                    undocumented.push(format!("{document_type} {type_name}.{property}"));
                }
            }
            if type_name != "(root)" && def["description"].as_str().is_none_or(str::is_empty) {
                undocumented.push(format!("{document_type} {type_name} (type)"));
            }
        }
    }
    assert!(undocumented.is_empty(), "undocumented: {undocumented:#?}");
}

#[test]
fn the_bsn_is_marked_sensitive_and_optional() {
    let schema = schema::generate(DocumentType::JobseekerProfile);
    let person = &schema["$defs"]["Person"];
    assert_eq!(person["properties"]["bsn"]["x-werkbrug-sensitive"], true);
    assert!(
        !person["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|p| p == "bsn"))
    );
}

/// The gateway reuses the types in its OpenAPI document through utoipa.
#[test]
fn types_carry_openapi_schemas_for_the_gateway() {
    use utoipa::PartialSchema;
    let profile = serde_json::to_value(werkbrug_model::JobseekerProfile::schema()).unwrap();
    assert_eq!(profile["type"], "object");
    for required in ["documentType", "metadata"] {
        assert!(
            profile["required"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == required),
            "{required}"
        );
    }
    let contract = serde_json::to_value(werkbrug_model::codes::ContractType::schema()).unwrap();
    assert_eq!(contract["enum"][0], "permanent");
}

//! The werkbrug source contract (`schema/werkbrug-source.openapi.json`) carries the search
//! criteria exactly as the code reads them: the schemas under `components/schemas` that describe
//! `SearchCriteria` are generated, and this test fails when the checked-in file drifts.
//! `WERKBRUG_BLESS=1 cargo test -p werkbrug-federation --test contract` rewrites them.

use std::path::PathBuf;

use serde_json::{Map, Value, json};
use werkbrug_federation::SearchCriteria;

fn contract_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema/werkbrug-source.openapi.json")
}

fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref")
                && let Some(name) = target.strip_prefix("#/$defs/")
            {
                *target = format!("#/components/schemas/{name}");
            }
            map.values_mut().for_each(rewrite_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// The contract with its criteria schemas generated from the code.
fn generated(mut contract: Value) -> Value {
    let mut criteria = werkbrug_model::schema::request_schema::<SearchCriteria>();
    rewrite_refs(&mut criteria);
    let root = criteria.as_object_mut().unwrap();
    let definitions = root
        .remove("$defs")
        .and_then(|d| d.as_object().cloned())
        .unwrap_or_default();
    root.remove("$schema");
    root.remove("title");
    let schemas = contract["components"]["schemas"].as_object_mut().unwrap();
    let mut kept: Map<String, Value> = schemas
        .iter()
        .filter(|(k, _)| ["Search", "Matches", "Problem"].contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    kept.insert("SearchCriteria".into(), Value::Object(root.clone()));
    kept.extend(definitions);
    *schemas = kept;
    contract["components"]["schemas"]["Search"]["properties"]["criteria"] = json!({
        "$ref": "#/components/schemas/SearchCriteria",
        "description": "werkbrug's search criteria, as in the gateway's OpenAPI document. A source applies what it can; the gateway applies all of them to what comes back."
    });
    contract
}

#[test]
fn the_contract_carries_the_criteria_the_code_reads() {
    let text = std::fs::read_to_string(contract_path()).unwrap();
    let checked_in: Value = serde_json::from_str(&text).unwrap();
    let expected = generated(checked_in.clone());
    if std::env::var_os("WERKBRUG_BLESS").is_some() {
        let mut out = serde_json::to_string_pretty(&expected).unwrap();
        out.push('\n');
        std::fs::write(contract_path(), out).unwrap();
        return;
    }
    assert!(
        checked_in == expected,
        "schema/werkbrug-source.openapi.json drifted from the code; regenerate with WERKBRUG_BLESS=1 cargo test -p werkbrug-federation --test contract"
    );
}

#[test]
fn the_contract_is_an_openapi_3_1_document_whose_references_resolve() {
    let contract: Value =
        serde_json::from_str(&std::fs::read_to_string(contract_path()).unwrap()).unwrap();
    assert_eq!(contract["openapi"], "3.1.0");
    let text = contract.to_string();
    for reference in text
        .split("\"$ref\":\"")
        .skip(1)
        .map(|r| &r[..r.find('"').unwrap()])
    {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external reference {reference}"));
        assert!(
            contract.pointer(pointer).is_some(),
            "{reference} does not resolve"
        );
    }
    // A search the gateway sends validates against the contract's Search schema.
    let search = json!({"purpose": "matching", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 10}, "contractTypes": ["permanent"]}, "limit": 100});
    let root = json!({"$ref": "#/components/schemas/Search", "components": contract["components"]});
    let validator = jsonschema::draft202012::options().build(&root).unwrap();
    assert!(validator.is_valid(&search));
    assert!(
        !validator
            .is_valid(&json!({"purpose": "matching", "criteria": {"area": {"postcode": "35"}}}))
    );
}

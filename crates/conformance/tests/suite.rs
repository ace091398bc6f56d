//! The suite is consistent: every file conforms to its schema, every requirement it names is
//! defined and every requirement is exercised, the document cases hold for werkbrug's validator,
//! the contracts are the published ones, and the embedded copy is the directory.
//!
//! `WERKBRUG_BLESS=1 cargo test -p werkbrug-conformance --test suite` regenerates the contracts
//! in `api/contracts/` from `schema/` and `../shared/standards/vum/`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use werkbrug_conformance::documents::{self, check_case};
use werkbrug_conformance::requirements::Actor;
use werkbrug_conformance::{Suite, api};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn suite_dir() -> PathBuf {
    root().join("conformance/v1")
}

fn dir_suite() -> Suite {
    Suite::Dir(suite_dir())
}

fn json(relative: &str) -> Value {
    let path = suite_dir().join(relative);
    serde_json::from_slice(&std::fs::read(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(schema: &str) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&json(&format!("schemas/{schema}")))
        .unwrap()
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_suite_file_conforms_to_its_schema() {
    let suite = dir_suite();
    let scenario = validator("scenario.schema.json");
    let profile = validator("profile.schema.json");
    let vector = validator("vector.schema.json");
    let losses = validator("losses.schema.json");
    let requirement = validator("requirement.schema.json");
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in suite.files_under("").unwrap() {
        let which = if file.starts_with("api/contracts/") || file.starts_with("schemas/") {
            None
        } else if file.starts_with("api/") && file.ends_with("/profile.json") {
            Some(&profile)
        } else if file.starts_with("api/") {
            Some(&scenario)
        } else if file.ends_with("/vector.json") {
            Some(&vector)
        } else if file.ends_with("/losses.json") {
            Some(&losses)
        } else {
            None
        };
        if let Some(validator) = which {
            let found = errors(validator, &json(&file));
            if !found.is_empty() {
                problems.push(format!("{file}: {found:#?}"));
            }
            checked += 1;
        }
    }
    let found = errors(
        &validator("document-cases.schema.json"),
        &json("documents/cases.json"),
    );
    assert!(found.is_empty(), "documents/cases.json: {found:#?}");
    let found = errors(&validator("suite.schema.json"), &json("suite.json"));
    assert!(found.is_empty(), "suite.json: {found:#?}");
    let mut reader = csv::Reader::from_path(suite_dir().join("requirements.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    for record in reader.records() {
        let record = record.unwrap();
        let row: serde_json::Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
            .collect();
        let found = errors(&requirement, &Value::Object(row));
        if !found.is_empty() {
            problems.push(format!("requirements.csv {record:?}: {found:#?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 100, "only {checked} files checked");
}

#[test]
fn scenarios_parse_and_name_defined_requirements() {
    let suite = dir_suite();
    let requirements = suite.requirements().unwrap();
    let mut ids = BTreeSet::new();
    for profile in api::PROFILES {
        let (loaded, scenarios) = api::load(&suite, profile).unwrap();
        assert_eq!(loaded.profile, *profile);
        assert!(
            scenarios.len() >= 5,
            "{profile}: {} scenarios",
            scenarios.len()
        );
        for scenario in scenarios {
            assert!(
                scenario.id.starts_with(&format!("{profile}/")),
                "{} is not in {profile}",
                scenario.id
            );
            assert!(ids.insert(scenario.id.clone()), "{} twice", scenario.id);
            for step in &scenario.steps {
                for expectation in &step.expect {
                    let requirement =
                        requirements
                            .get(&expectation.requirement)
                            .unwrap_or_else(|| {
                                panic!(
                                    "{}: {} is not defined",
                                    scenario.id, expectation.requirement
                                )
                            });
                    assert_eq!(
                        serde_json::to_value(requirement.actor).unwrap(),
                        Value::from(*profile),
                        "{}: {} binds another actor",
                        scenario.id,
                        expectation.requirement
                    );
                }
            }
        }
    }
}

#[test]
fn every_requirement_is_exercised() {
    let suite = dir_suite();
    let requirements = suite.requirements().unwrap();
    let mut used = BTreeSet::new();
    for profile in api::PROFILES {
        for scenario in api::load(&suite, profile).unwrap().1 {
            for step in scenario.steps {
                used.extend(step.expect.into_iter().map(|e| e.requirement));
            }
        }
    }
    // Adapter requirements are checked by the runner on every vector (adapter.rs).
    let adapter_source =
        std::fs::read_to_string(root().join("crates/conformance/src/adapter.rs")).unwrap();
    for requirement in requirements.iter() {
        let exercised = match requirement.actor {
            Actor::Document => true,
            Actor::Adapter => adapter_source.contains(&format!("\"{}\"", requirement.id)),
            _ => used.contains(&requirement.id),
        };
        assert!(
            exercised,
            "{} is exercised by nothing in the suite",
            requirement.id
        );
    }
}

#[test]
fn document_requirements_are_the_validation_rules() {
    let requirements = dir_suite().requirements().unwrap();
    let mut expected: BTreeSet<String> = werkbrug_model::rules::RULES
        .iter()
        .map(|r| documents::requirement_of(r.id))
        .collect();
    expected.insert("document/schema".to_owned());
    let defined: BTreeSet<String> = requirements
        .of(Actor::Document)
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(defined, expected);
    for rule in werkbrug_model::rules::RULES {
        let requirement = requirements
            .get(&documents::requirement_of(rule.id))
            .unwrap();
        let level = match rule.severity {
            werkbrug_model::validate::Severity::Error => "MUST",
            werkbrug_model::validate::Severity::Warning => "SHOULD",
        };
        assert_eq!(requirement.level.as_str(), level, "{}", rule.id);
    }
}

#[test]
fn document_cases_hold_for_werkbrugs_validator() {
    let suite = dir_suite();
    let cases = documents::cases(&suite).unwrap();
    let mut listed = BTreeSet::new();
    let mut problems = Vec::new();
    for case in &cases {
        let bytes = suite.file(&format!("documents/{}", case.file)).unwrap();
        if let Err(e) = check_case(case, &bytes) {
            problems.push(e);
        }
        listed.insert(format!("documents/{}", case.file));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let files: BTreeSet<String> = suite
        .files_under("documents/")
        .unwrap()
        .into_iter()
        .filter(|f| f != "documents/cases.json")
        .collect();
    assert_eq!(
        files, listed,
        "every document is a case, every case a document"
    );
    assert!(cases.iter().filter(|c| !c.valid).count() >= 20);
}

#[test]
fn the_embedded_suite_is_the_directory() {
    let embedded = Suite::Embedded;
    let dir = dir_suite();
    let files = dir.files_under("").unwrap();
    assert_eq!(embedded.files_under("").unwrap(), files);
    for file in files {
        assert_eq!(
            embedded.file(&file).unwrap(),
            dir.file(&file).unwrap(),
            "{file}"
        );
    }
}

/// The contracts in `api/contracts/`: werkbrug's own as published in `schema/`, VUM's converted
/// from the YAML of `../shared/standards/vum/` (kept, so the suite runs without it).
#[test]
fn contracts_are_the_published_ones() {
    let bless = std::env::var_os("WERKBRUG_BLESS").is_some();
    let mut sources: Vec<(&str, Option<Value>)> = vec![(
        "werkbrug-source",
        Some(
            serde_json::from_slice(
                &std::fs::read(root().join("schema/werkbrug-source.openapi.json")).unwrap(),
            )
            .unwrap(),
        ),
    )];
    let vum = werkbrug_testkit::standards_dir().join("vum");
    for (name, file) in [
        (
            "vum-bron-werkzoekendeprofielen",
            "VUM-Bron-WerkzoekendeProfielen.yaml",
        ),
        ("vum-bron-vacatures", "VUM-Bron-Vacatures.yaml"),
    ] {
        let converted = std::fs::read_to_string(vum.join(file))
            .ok()
            .map(|text| serde_norway::from_str::<Value>(&text).unwrap());
        if converted.is_none() {
            eprintln!(
                "{} is absent: {name} is checked for presence only",
                vum.display()
            );
        }
        sources.push((name, converted));
    }
    for (name, published) in sources {
        let path = suite_dir().join(format!("api/contracts/{name}.json"));
        match published {
            Some(published) if bless => {
                let mut text = serde_json::to_string_pretty(&published).unwrap();
                text.push('\n');
                std::fs::write(&path, text).unwrap();
            }
            Some(published) => assert_eq!(
                json(&format!("api/contracts/{name}.json")),
                published,
                "{} differs from its source; WERKBRUG_BLESS=1 regenerates it",
                path.display()
            ),
            None => assert!(path.exists(), "{} is missing", path.display()),
        }
    }
}

#[test]
fn the_suite_schemas_are_not_toothless() {
    let scenario = validator("scenario.schema.json");
    let mut broken = json("api/vum-bron/profiles-unknown-id.json");
    assert!(errors(&scenario, &broken).is_empty());
    broken["steps"][0]["expect"][0]["check"] = Value::from("statuz");
    assert!(!errors(&scenario, &broken).is_empty(), "an unknown check");
    let mut broken = json("api/vum-bron/profiles-unknown-id.json");
    broken["steps"][0]["expect"][0]["requirement"] = Value::from("gateway");
    assert!(
        !errors(&scenario, &broken).is_empty(),
        "a requirement without a name"
    );
    let mut broken = json("api/vum-bron/profiles-unknown-id.json");
    broken["steps"][0]["expect"][0]["equal"] = Value::from(404);
    assert!(
        !errors(&scenario, &broken).is_empty(),
        "a misspelt property"
    );
    let cases = validator("document-cases.schema.json");
    let broken = serde_json::json!([{"file": "invalid/x.json", "description": "d", "valid": false, "findings": []}]);
    assert!(
        !errors(&cases, &broken).is_empty(),
        "an invalid case without findings"
    );
}

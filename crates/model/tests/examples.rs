//! The example documents: the valid ones validate cleanly and round-trip through the typed model;
//! each invalid one breaks exactly the rule it was written to break, at the right place.

mod common;

use serde_json::Value;
use werkbrug_model::{DocumentType, JobseekerProfile, Vacancy, Validator};

fn examples() -> Vec<(String, Value)> {
    let dir = common::root().join("examples/documents");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect()
}

#[test]
fn valid_examples_have_no_findings() {
    let validator = Validator::new();
    let examples = examples();
    assert!(examples.len() >= 6);
    for (name, document) in examples {
        let report = validator.validate_any(&document, None).unwrap();
        assert!(report.valid, "{name}: {:#?}", report.findings);
        assert!(report.findings.is_empty(), "{name}: {:#?}", report.findings);
    }
}

#[test]
fn valid_examples_round_trip_through_the_typed_model() {
    for (name, document) in examples() {
        let again = match DocumentType::declared_by(&document).unwrap() {
            DocumentType::JobseekerProfile => serde_json::to_value(
                serde_json::from_value::<JobseekerProfile>(document.clone()).unwrap(),
            ),
            DocumentType::Vacancy => {
                serde_json::to_value(serde_json::from_value::<Vacancy>(document.clone()).unwrap())
            }
        }
        .unwrap();
        assert_eq!(again, document, "{name} changed in a round trip");
    }
}

#[test]
fn examples_cover_the_personas_the_standard_is_for() {
    let examples = examples();
    let find = |needle: &str| examples.iter().any(|(_, d)| d.to_string().contains(needle));
    assert!(find(r#""type":"ww""#), "a WW client");
    assert!(
        find(r#""step":"4""#) && find(r#""jobCoach""#),
        "a bijstand client on step 4 with a job coach"
    );
    assert!(find(r#""status":"ongoing""#), "a student");
    assert!(
        find(r#""openToTargetGroupRegister":true"#),
        "a vacancy open to the doelgroepregister"
    );
}

#[test]
fn findings_never_repeat_personal_values() {
    let validator = Validator::new();
    let mut document: Value = serde_json::from_str(&common::read(
        "examples/documents/jobseeker-ww-logistics.json",
    ))
    .unwrap();
    document["person"]["bsn"] = "999990018".into();
    document["person"]["familyName"] = Value::from(12345);
    document["contact"]["emails"][0] = "sanne.testpersoon-at-example.org".into();
    document["contact"]["address"]["postcode"] = "3511 XY".into();
    let report = validator.validate(&document, DocumentType::JobseekerProfile);
    assert_eq!(report.findings.len(), 4, "{:#?}", report.findings);
    let text = serde_json::to_string(&report).unwrap();
    for personal in ["999990018", "12345", "sanne.testpersoon", "3511 XY"] {
        assert!(!text.contains(personal), "a finding repeats {personal}");
    }
}

#[test]
fn a_vacancy_validated_as_a_profile_is_refused_at_document_type() {
    let validator = Validator::new();
    let vacancy: Value = serde_json::from_str(&common::read(
        "examples/documents/vacancy-warehouse-utrecht.json",
    ))
    .unwrap();
    let report = validator.validate(&vacancy, DocumentType::JobseekerProfile);
    assert!(!report.valid);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "schema.const" && f.pointer == "/documentType"),
        "{:#?}",
        report.findings
    );
}

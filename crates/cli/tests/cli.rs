//! The `werkbrug` binary as a user runs it: exit codes, output, stdin.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn werkbrug() -> Command {
    let mut command = Command::cargo_bin("werkbrug").unwrap();
    command.current_dir(root());
    command
}

#[test]
fn validate_valid_documents_exits_0() {
    werkbrug()
        .args([
            "validate",
            "examples/documents/jobseeker-ww-logistics.json",
            "examples/documents/vacancy-care-doelgroep.json",
        ])
        .assert()
        .code(0)
        .stdout(
            "examples/documents/jobseeker-ww-logistics.json: valid (jobseeker-profile)\n\
             examples/documents/vacancy-care-doelgroep.json: valid (vacancy)\n",
        );
}

#[test]
fn validate_invalid_document_exits_1_and_names_rule_and_pointer() {
    werkbrug()
        .args([
            "validate",
            "examples/documents/jobseeker-student.json",
            "conformance/v1/documents/invalid/profile-bsn-elfproef.json",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "conformance/v1/documents/invalid/profile-bsn-elfproef.json: invalid (jobseeker-profile), 1 error(s), 0 warning(s)\n  \
             error bsn.elfproef at /person/bsn: not a valid BSN: the elfproef fails\n",
        ))
        .stdout(predicate::str::contains("jobseeker-student.json: valid"));
}

#[test]
fn validate_json_output_is_machine_readable() {
    let output = werkbrug()
        .args([
            "validate",
            "--format",
            "json",
            "conformance/v1/documents/invalid/vacancy-salary-min-max.json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        results,
        serde_json::json!([{
            "file": "conformance/v1/documents/invalid/vacancy-salary-min-max.json",
            "documentType": "vacancy",
            "valid": false,
            "findings": [{
                "rule": "salary.min-le-max",
                "severity": "error",
                "pointer": "/terms/salary/min",
                "message": "the salary minimum is greater than the maximum"
            }],
            "findingCount": 1,
            "findingsTruncated": false
        }])
    );
}

#[test]
fn validate_reads_stdin_and_reports_syntax_errors_with_position() {
    werkbrug()
        .args(["validate", "-"])
        .write_stdin("{\n  \"documentType\": \"vacancy\",\n  \"title\": \n}")
        .assert()
        .code(1)
        .stdout(
            "<stdin>: invalid (unknown type), 1 error(s), 0 warning(s)\n  \
             error json.syntax at (document): not valid JSON: expected value at line 4, column 1\n",
        );
}

#[test]
fn validate_with_explicit_type_checks_against_that_type() {
    werkbrug()
        .args([
            "validate",
            "--type",
            "jobseeker-profile",
            "examples/documents/vacancy-warehouse-utrecht.json",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error schema.const at /documentType: must be \"jobseekerProfile\"",
        ));
}

#[test]
fn validate_missing_file_exits_2() {
    werkbrug()
        .args(["validate", "no/such/file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "werkbrug: error: cannot read no/such/file.json:",
        ));
}

#[test]
fn validate_without_files_is_a_usage_error() {
    werkbrug().arg("validate").assert().code(2);
}

#[test]
fn schema_prints_the_checked_in_schema() {
    let expected = std::fs::read_to_string(root().join("schema/v1/vacancy.schema.json")).unwrap();
    werkbrug()
        .args(["schema", "vacancy"])
        .assert()
        .code(0)
        .stdout(expected);
}

#[test]
fn codelists_lists_and_prints_lists() {
    werkbrug()
        .arg("codelists")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "driving-licence                1.5     16 codes  Driving licence categories",
        ));
    let output = werkbrug()
        .args(["codelists", "contract-type", "--format", "json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list["codes"][0]["code"], "permanent");
    assert_eq!(list["codes"][0]["mappings"]["vum"], "O");
    werkbrug()
        .args(["codelists", "no-such-list"])
        .assert()
        .code(2)
        .stderr(
            "werkbrug: error: no code list \"no-such-list\"; `werkbrug codelists` lists them\n",
        );
}

#[test]
fn validate_refuses_duplicate_keys() {
    werkbrug()
        .args(["validate", "-"])
        .write_stdin("{\"documentType\": \"vacancy\",\n \"title\": \"a\", \"title\": \"b\"}")
        .assert()
        .code(1)
        .stdout(
            "<stdin>: invalid (unknown type), 1 error(s), 0 warning(s)\n  \
             error json.duplicate-key at (document): the key 'title' occurs twice in one object at line 2, column 22\n",
        );
}

#[test]
fn translate_one_document_writes_the_target_and_reports_losses_as_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let losses = dir.path().join("losses.jsonl");
    let output = werkbrug()
        .args([
            "translate",
            "--from",
            "vum",
            "--to",
            "canonical",
            "--source-id",
            "vum-testbron",
        ])
        .arg("conformance/v1/translation/vum/decode/vacancy-03-no-title/input.json")
        .arg("--losses")
        .arg(&losses)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let canonical: Value = serde_json::from_slice(&output.stdout).unwrap();
    // No title is invented: the vacancy has none, and neither has its canonical form.
    assert_eq!(canonical.get("title"), None);
    assert_eq!(canonical["identifiers"][0]["source"], "vum-testbron");
    let lines: Vec<Value> = std::fs::read_to_string(&losses)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[1],
        serde_json::json!({
            "document": 1, "step": "decode", "format": "vum", "path": "",
            "kind": "defaulted",
            "reason": "VUM has no vacancy status: status is 'open', as VUM exchanges only current vacancies",
            "valueKind": "code"
        })
    );
}

#[test]
fn translate_carries_a_document_that_breaks_a_rule_and_streams_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("profile.json");
    // A work experience that ends before it starts: real registrations have them.
    std::fs::write(
        &input,
        r#"{"idWerkzoekende": "WZ-1", "mobiliteit": {"bemiddelingspostcode": "3511AB"},
            "arbeidsmarktkwalificatie": {"werkervaring": [{"naamOrganisatie": "Voorbeeld BV",
              "datumAanvangWerkzaamheden": "2020-05-01", "datumEindeWerkzaamheden": "2019-04-30"}]}}"#,
    )
    .unwrap();
    let losses = dir.path().join("losses.jsonl");
    for to in ["canonical", "setu-json"] {
        let output = werkbrug()
            .args(["translate", "--from", "vum", "--to", to])
            .arg(&input)
            .arg("--losses")
            .arg(&losses)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let findings: Vec<Value> = std::fs::read_to_string(&losses)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|l| l["step"] == "rules")
            .collect();
        assert_eq!(
            findings,
            vec![serde_json::json!({
                "document": 1, "step": "rules", "rule": "date.order", "severity": "warning",
                "pointer": "/qualifications/workExperience/0/endDate",
                "message": "endDate is before startDate"
            })],
            "to {to}"
        );
    }
}

#[test]
fn translate_strict_fails_on_any_loss() {
    werkbrug()
        .args([
            "translate",
            "--from",
            "canonical",
            "--to",
            "vum",
            "--strict",
        ])
        .arg("examples/documents/jobseeker-student.json")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "werkbrug: --strict: the translation lost information (see the loss report)",
        ))
        .stderr(predicate::str::contains(
            r#""path":"/person","kind":"dropped""#,
        ));
}

#[test]
fn translate_reports_a_bad_document_with_its_place() {
    werkbrug()
        .args(["translate", "--from", "vum", "--to", "canonical", "--type", "jobseeker-profile", "-"])
        .write_stdin(r#"{"idVacature": "V-1"}"#)
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "werkbrug: vum: at (document): expected a VUM Werkzoekende (jobseeker-profile), got a Vacature (vacancy)\n",
        );
}

#[test]
fn translate_bulk_streams_ndjson_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.ndjson");
    let mut lines = String::new();
    for name in [
        "profile-01-detail-logistics",
        "profile-02-matching-profile",
        "profile-05-target-group-register",
    ] {
        let text = std::fs::read_to_string(root().join(format!(
            "conformance/v1/translation/vum/decode/{name}/input.json"
        )))
        .unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        lines.push_str(&value.to_string());
        lines.push('\n');
    }
    lines.push_str("{\"idWerkzoekende\": 5}\n\n");
    std::fs::write(&input, lines).unwrap();
    let losses = dir.path().join("losses.jsonl");
    let output = werkbrug()
        .args(["translate", "--bulk", "--from", "vum", "--to", "canonical"])
        .arg(&input)
        .arg("--losses")
        .arg(&losses)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failed document makes the run fail"
    );
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(out.lines().count(), 3);
    for line in out.lines() {
        let document: Value = serde_json::from_str(line).unwrap();
        assert_eq!(document["documentType"], "jobseekerProfile");
    }
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "4 document(s): 3 translated, 1 failed; losses: 0 dropped, 0 truncated, 0 approximated, 3 defaulted; findings: 0\n"
    );
    let error = std::fs::read_to_string(&losses)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|l| l.get("error").is_some())
        .unwrap();
    assert_eq!(error["document"], 4);
    assert_eq!(error["error"]["kind"], "structure");
    assert_eq!(error["error"]["location"]["pointer"], "/idWerkzoekende");
}

#[test]
fn translate_rejects_unknown_formats() {
    werkbrug()
        .args(["translate", "--from", "vum", "--to", "xml", "-"])
        .assert()
        .code(2)
        .stderr(format!(
            "werkbrug: error: unknown format \"xml\"; formats: {}\n",
            werkbrug_formats::registry::ids().join(", ")
        ));
}

#[test]
fn fidelity_reports_per_path_what_an_export_would_lose() {
    let dir = tempfile::tempdir().unwrap();
    let ndjson = dir.path().join("export.ndjson");
    std::fs::write(
        &ndjson,
        concat!(
            r#"{"idWerkzoekende": "WZ-1", "telefoonnummer": ["(088)-6414792"], "mobiliteit": {"bemiddelingspostcode": "3511ab"}}"#,
            "\n",
            r#"{"idWerkzoekende": "WZ-2", "mobiliteit": {"bemiddelingspostcode": "3511AB"}, "arbeidsmarktkwalificatie": {"werkervaring": [{"datumAanvangWerkzaamheden": "2020-01-01", "datumEindeWerkzaamheden": "2019-01-01"}]}}"#,
            "\n",
            "{\"idWerkzoekende\": \n",
        ),
    )
    .unwrap();
    let output = werkbrug()
        .args(["fidelity", "--from", "vum", "--type", "jobseeker-profile"])
        .arg(&ndjson)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(
        table.starts_with(
            "3 document(s) read as vum: 2 decoded, 1 failed; 7 value(s), 6 carried (85.7%)\n"
        ),
        "{table}"
    );
    assert!(table.contains("\n          1 approximated: postcode written in capitals, as the canonical model requires\n"), "{table}");
    assert!(
        table.contains(
            "\nfindings (semantic rules broken; the documents are carried):\n        1 date.order\n"
        ),
        "{table}"
    );
    assert!(
        table.contains("\ndocuments that could not be read:\n        1 syntax: "),
        "{table}"
    );

    // A JSON array, as JSON: the same counts.
    let array = dir.path().join("export.json");
    let documents: Vec<Value> = std::fs::read_to_string(&ndjson)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    std::fs::write(&array, serde_json::to_vec_pretty(&documents).unwrap()).unwrap();
    let output = werkbrug()
        .args(["fidelity", "--from", "vum", "--format", "json"])
        .arg(&array)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["documents"], 2);
    assert_eq!(report["values"], 7);
    assert_eq!(report["carried"], 6);
    assert_eq!(
        report["paths"]["/telefoonnummer/*"],
        serde_json::json!({"seen": 1, "carried": 1, "lost": []})
    );
    assert_eq!(
        report["findings"],
        serde_json::json!([{"rule": "date.order", "count": 1}])
    );

    // SETU XML, a pretty-printed document in a file of its own.
    let output = werkbrug()
        .args(["fidelity", "--from", "setu-xml", "--format", "json"])
        .arg("conformance/v1/translation/setu-xml/decode/hr-04-residence-address-and-documents/input.xml")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (report["documents"].as_u64(), report["decoded"].as_u64()),
        (Some(1), Some(1))
    );
    let residence = report["paths"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(path, _)| path.starts_with("/HumanResource/person/residenceAddress/"))
        .map(|(_, counts)| counts["lost"][0]["reason"].clone());
    assert_eq!(
        residence,
        Some(serde_json::json!(
            "the canonical profile has one address, the communication address"
        ))
    );
}

/// Two small VUM profiles, one per line.
const TWO_PROFILES: &str = concat!(
    r#"{"idWerkzoekende": "WZ-1", "mobiliteit": {"bemiddelingspostcode": "3511AB"}}"#,
    "\n",
    r#"{"idWerkzoekende": "WZ-2", "mobiliteit": {"bemiddelingspostcode": "3512CD"}}"#,
    "\n",
);

/// The first line of `werkbrug fidelity`'s table for `input`.
fn fidelity_summary(input: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.ndjson");
    std::fs::write(&file, input).unwrap();
    let output = werkbrug()
        .args(["fidelity", "--from", "vum"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let table = String::from_utf8(output.stdout).unwrap();
    table.lines().next().unwrap().to_owned()
}

#[test]
fn fidelity_reads_a_byte_order_mark_blank_lines_and_a_broken_first_record_as_an_export_means_them()
{
    let both = "2 document(s) read as vum: 2 decoded, 0 failed; 4 value(s), 4 carried (100.0%)";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(TWO_PROFILES.as_bytes());
    assert_eq!(fidelity_summary(&bom), both);
    assert_eq!(
        fidelity_summary(format!("\n\n{TWO_PROFILES}").as_bytes()),
        both
    );
    // A broken first record is one failed document, not a file of one broken document.
    let broken = format!("{{\"idWerkzoekende\": \n{TWO_PROFILES}");
    assert_eq!(
        fidelity_summary(broken.as_bytes()),
        "3 document(s) read as vum: 2 decoded, 1 failed; 4 value(s), 4 carried (100.0%)"
    );
    // A pretty-printed document after blank lines is still one document.
    let pretty = "\n\n{\n  \"idWerkzoekende\": \"WZ-3\",\n  \"mobiliteit\": {\"bemiddelingspostcode\": \"3511AB\"}\n}\n";
    assert_eq!(
        fidelity_summary(pretty.as_bytes()),
        "1 document(s) read as vum: 1 decoded, 0 failed; 2 value(s), 2 carried (100.0%)"
    );
}

#[test]
fn a_line_over_the_document_limit_fails_as_one_document_and_the_rest_are_read() {
    let limit = werkbrug_formats::MAX_DOCUMENT_BYTES;
    let long = format!("{{\"naamVacature\": \"{}\"}}\n", "a".repeat(limit + 10));
    let (first, second) = TWO_PROFILES.split_at(TWO_PROFILES.find('\n').unwrap() + 1);
    let input = format!("{first}{long}{second}");
    let size = long.len();
    assert_eq!(
        fidelity_summary(input.as_bytes()),
        "3 document(s) read as vum: 2 decoded, 1 failed; 4 value(s), 4 carried (100.0%)"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.ndjson");
    std::fs::write(&file, &input).unwrap();
    let losses = dir.path().join("losses.ndjson");
    let output = werkbrug()
        .args(["translate", "--bulk", "--from", "vum", "--to", "canonical"])
        .arg(&file)
        .arg("--losses")
        .arg(&losses)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let translated = String::from_utf8(output.stdout).unwrap();
    assert_eq!(translated.lines().count(), 2, "{translated}");
    assert!(translated.contains("WZ-1") && translated.contains("WZ-2"));
    let errors: Vec<Value> = std::fs::read_to_string(&losses)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l.get("error").is_some())
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["document"], 2);
    assert_eq!(errors[0]["error"]["kind"], "too-large");
    assert_eq!(
        errors[0]["error"]["message"],
        format!("a document of more than {limit} bytes ({size} bytes)")
    );
}

#[test]
fn translate_skips_a_byte_order_mark() {
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(TWO_PROFILES.as_bytes());
    werkbrug()
        .args([
            "translate",
            "--bulk",
            "--from",
            "vum",
            "--to",
            "canonical",
            "-",
        ])
        .write_stdin(bom.clone())
        .assert()
        .code(0);
    let single = &bom[..bom.iter().position(|&b| b == b'\n').unwrap()];
    werkbrug()
        .args(["translate", "--from", "vum", "--to", "canonical", "-"])
        .write_stdin(single.to_vec())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"localId\":\"WZ-1\""));
}

#[test]
fn validation_of_a_document_with_more_findings_than_are_listed_keeps_its_verdict() {
    // 1,200 findings: 1,000 are listed, all are counted, and the verdict is the validator's
    // over all of them (not recomputed from the list).
    let mut document: Value = serde_json::from_slice(
        &std::fs::read(root().join("examples/documents/jobseeker-ww-logistics.json")).unwrap(),
    )
    .unwrap();
    document["qualifications"]["interests"] = (0..1_200)
        .map(|i| Value::from(format!("interesse {i}\u{1}")))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.json");
    std::fs::write(&file, document.to_string()).unwrap();
    let output = werkbrug()
        .args(["validate", "--format", "json", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results[0]["valid"], false);
    assert_eq!(results[0]["findingCount"], 1_200);
    assert_eq!(results[0]["findingsTruncated"], true);
    assert_eq!(results[0]["findings"].as_array().unwrap().len(), 1_000);
    let human = werkbrug()
        .args(["validate", file.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("(the first 1000 of 1200 findings; the counts above are of those listed)"),
        "{}",
        &text[..300.min(text.len())]
    );
}

//! The SETU adapters: output valid against SETU's own schemas (XSD with xmllint, JSON Schema
//! 2020-12), hostile XML refused cleanly, XML and JSON forms equivalent.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use werkbrug_formats::{CanonicalDocument, DecodeContext, ErrorKind, Location, registry};
use werkbrug_model::DocumentType;

/// `setu` in the public standards (`WERKBRUG_STANDARDS`); the tests that read it call
/// [`werkbrug_testkit::standards`] first, which skips them without the standards.
fn standards() -> PathBuf {
    werkbrug_testkit::standards_dir().join("setu")
}

fn context() -> DecodeContext {
    DecodeContext::new("test", "2026-11-01T12:00:00Z".parse().unwrap())
}

fn examples() -> Vec<(String, CanonicalDocument)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/documents");
    let canonical = registry::get("canonical").unwrap();
    let mut out: Vec<(String, CanonicalDocument)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let document = canonical
                .decode(&std::fs::read(&p).unwrap(), None, &context())
                .unwrap()
                .document;
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                document,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn root(document_type: DocumentType) -> &'static str {
    match document_type {
        DocumentType::JobseekerProfile => "HumanResource",
        DocumentType::Vacancy => "StaffingOrder",
    }
}

/// xmllint's verdict on `xml` against the message's XSD.
fn xmllint(xml: &[u8], document_type: DocumentType) -> Result<(), String> {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = tempfile_dir().join(format!("{}-{n}.xml", root(document_type)));
    std::fs::write(&file, xml).unwrap();
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(standards().join(format!("{}.xsd", root(document_type))))
        .arg(&file)
        .output()
        .expect("xmllint (Debian package libxml2-utils) is needed; .ci/run installs it");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("werkbrug-setu-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn setu_xml_output_is_valid_against_the_xsds() {
    if werkbrug_testkit::standards("setu_xml_output_is_valid_against_the_xsds (the SETU XSDs)")
        .is_none()
    {
        return;
    }
    let setu = registry::get("setu-xml").unwrap();
    for (name, document) in examples() {
        let encoded = setu.encode(&document).unwrap();
        if let Err(e) = xmllint(&encoded.bytes, document.document_type()) {
            panic!("{name}: {e}\n{}", String::from_utf8_lossy(&encoded.bytes));
        }
    }
}

#[test]
fn the_xsd_check_is_not_toothless() {
    if werkbrug_testkit::standards("the_xsd_check_is_not_toothless (the SETU XSDs)").is_none() {
        return;
    }
    let broken = br#"<?xml version="1.0"?><HumanResource xmlns="https://ontology.setu.nl/messages"><documentId><value>1</value></documentId></HumanResource>"#;
    assert!(xmllint(broken, DocumentType::JobseekerProfile).is_err());
}

fn json_schema(message: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(standards().join(format!("{message}.yml"))).unwrap();
    let schema: Value = serde_norway::from_str(&text).unwrap();
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

#[test]
fn setu_json_output_is_valid_against_the_json_schemas() {
    if werkbrug_testkit::standards(
        "setu_json_output_is_valid_against_the_json_schemas (the SETU JSON Schemas)",
    )
    .is_none()
    {
        return;
    }
    let setu = registry::get("setu-json").unwrap();
    let human_resource = json_schema("HumanResource");
    let staffing_order = json_schema("StaffingOrder");
    for (name, document) in examples() {
        let output: Value = serde_json::from_slice(&setu.encode(&document).unwrap().bytes).unwrap();
        let validator = match document.document_type() {
            DocumentType::JobseekerProfile => &human_resource,
            DocumentType::Vacancy => &staffing_order,
        };
        let errors: Vec<String> = validator
            .iter_errors(&output)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn xml_and_json_forms_decode_to_the_same_document() {
    let xml = registry::get("setu-xml").unwrap();
    let json = registry::get("setu-json").unwrap();
    for (name, document) in examples() {
        let from_xml = xml
            .decode(&xml.encode(&document).unwrap().bytes, None, &context())
            .unwrap();
        let from_json = json
            .decode(&json.encode(&document).unwrap().bytes, None, &context())
            .unwrap();
        assert_eq!(from_xml.document, from_json.document, "{name}");
        assert_eq!(
            from_xml.losses.entries.len(),
            from_json.losses.entries.len(),
            "{name}"
        );
    }
}

fn xml_error(input: &str) -> werkbrug_formats::FormatError {
    match registry::get("setu-xml")
        .unwrap()
        .decode(input.as_bytes(), None, &context())
    {
        Ok(_) => panic!("accepted: {input}"),
        Err(e) => e,
    }
}

fn xml_place(error: &werkbrug_formats::FormatError) -> (usize, usize, &str) {
    match &error.location {
        Some(Location::Xml { line, column, path }) => (*line, *column, path.as_str()),
        other => panic!("expected an XML location, got {other:?}"),
    }
}

#[test]
fn doctypes_and_entities_are_refused_without_expansion() {
    let billion_laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<HumanResource xmlns="https://ontology.setu.nl/messages"><documentId><value>&lol2;</value></documentId></HumanResource>"#;
    let error = xml_error(billion_laughs);
    assert_eq!(error.kind, ErrorKind::Forbidden);
    assert_eq!(xml_place(&error), (2, 1, "/"));
    assert_eq!(
        error.message,
        "a DOCTYPE is not allowed: DTDs and entity declarations are never processed"
    );

    let external = r#"<HumanResource xmlns="https://ontology.setu.nl/messages"><documentId><value>&xxe;</value></documentId></HumanResource>"#;
    let error = xml_error(external);
    assert_eq!(error.kind, ErrorKind::Forbidden);
    assert_eq!(xml_place(&error).2, "/HumanResource/documentId/value");
}

#[test]
fn wrong_roots_namespaces_and_documents_are_refused() {
    let error = xml_error(r#"<HumanResource><documentId/></HumanResource>"#);
    assert_eq!(error.kind, ErrorKind::WrongRoot);
    assert_eq!(
        error.message,
        "element HumanResource is not in the SETU namespace https://ontology.setu.nl/messages"
    );
    let error = xml_error(r#"<Candidate xmlns="https://ontology.setu.nl/messages"/>"#);
    assert_eq!(error.kind, ErrorKind::WrongRoot);
    assert_eq!(
        error.message,
        "the root element is Candidate; expected HumanResource or StaffingOrder"
    );
    let error = xml_error(
        r#"<HumanResource xmlns="https://ontology.setu.nl/messages"><documentId><value>1</value><schemeAgencyId>Supplier</schemeAgencyId></documentId><salary/></HumanResource>"#,
    );
    assert_eq!(error.kind, ErrorKind::Structure);
    assert_eq!(xml_place(&error).2, "/HumanResource/salary");
    let order = br#"<StaffingOrder xmlns="https://ontology.setu.nl/messages"/>"#;
    let error = registry::get("setu-xml")
        .unwrap()
        .decode(order, Some(DocumentType::JobseekerProfile), &context())
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::WrongDocumentType);
}

#[test]
fn malformed_xml_is_a_syntax_error_with_line_and_column() {
    let error = xml_error(
        "<HumanResource xmlns=\"https://ontology.setu.nl/messages\">\n  <documentId>\n</HumanResource>",
    );
    assert_eq!(error.kind, ErrorKind::Syntax);
    let (line, _, path) = xml_place(&error);
    assert_eq!(line, 3);
    assert_eq!(path, "/HumanResource/documentId");
    let error = registry::get("setu-xml")
        .unwrap()
        .decode(b"<HumanResource>\xff</HumanResource>", None, &context())
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Syntax);
    assert_eq!(error.message, "the document is not UTF-8");
    let deep = format!(
        "<HumanResource xmlns=\"https://ontology.setu.nl/messages\">{}",
        "<person>".repeat(10_000)
    );
    assert_eq!(xml_error(&deep).kind, ErrorKind::Structure);
}

#[test]
fn prefixed_namespaces_are_read_like_default_ones() {
    let xml = registry::get("setu-xml").unwrap();
    let (_, document) = examples()
        .into_iter()
        .find(|(n, _)| n == "jobseeker-student.json")
        .unwrap();
    let plain = String::from_utf8(xml.encode(&document).unwrap().bytes).unwrap();
    let prefixed = plain
        .replace("xmlns=", "xmlns:s=")
        .replace('<', "<s:")
        .replace("<s:/", "</s:")
        .replace("<s:?xml", "<?xml");
    let a = xml.decode(plain.as_bytes(), None, &context()).unwrap();
    let b = xml.decode(prefixed.as_bytes(), None, &context()).unwrap();
    assert_eq!(a.document, b.document);
}

#[test]
fn decode_vectors_use_specification_valid_input() {
    if werkbrug_testkit::standards(
        "decode_vectors_use_specification_valid_input (the SETU XSDs and JSON Schemas)",
    )
    .is_none()
    {
        return;
    }
    let suite = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance/v1/translation");
    let human_resource = json_schema("HumanResource");
    let staffing_order = json_schema("StaffingOrder");
    let mut checked = 0;
    for format in ["setu-json", "setu-xml"] {
        for entry in std::fs::read_dir(suite.join(format).join("decode")).unwrap() {
            let dir = entry.unwrap().path();
            let vector: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join("vector.json")).unwrap())
                    .unwrap();
            let document_type: DocumentType =
                vector["documentType"].as_str().unwrap().parse().unwrap();
            let verdict = if format == "setu-xml" {
                xmllint(
                    &std::fs::read(dir.join("input.xml")).unwrap(),
                    document_type,
                )
            } else {
                let input: Value =
                    serde_json::from_str(&std::fs::read_to_string(dir.join("input.json")).unwrap())
                        .unwrap();
                let validator = match document_type {
                    DocumentType::JobseekerProfile => &human_resource,
                    DocumentType::Vacancy => &staffing_order,
                };
                let errors: Vec<String> = validator
                    .iter_errors(&input)
                    .map(|e| format!("{}: {e}", e.instance_path()))
                    .collect();
                if errors.is_empty() {
                    Ok(())
                } else {
                    Err(errors.join("\n"))
                }
            };
            let expected_valid = vector["validAgainstSpecification"] != false;
            assert_eq!(
                verdict.is_ok(),
                expected_valid,
                "{}: {verdict:?}",
                dir.display()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 22);
}

#[test]
fn xml_structure_errors_do_not_repeat_values() {
    let error = xml_error(
        r#"<HumanResource xmlns="https://ontology.setu.nl/messages"><documentId><value>1</value><schemeAgencyId>Supplier</schemeAgencyId></documentId><supplier/><customer/><person><id><value>C-1</value><schemeAgencyId>Supplier</schemeAgencyId></id><name><formattedName>Jansen</formattedName></name><communication/></person><profiles><workingPeriods><workDuration><value>Testpersoon</value><unitCode><value>Hours</value></unitCode></workDuration><baseDuration><value>1</value><unitCode><value>Weekly</value></unitCode></baseDuration></workingPeriods></profiles></HumanResource>"#,
    );
    assert_eq!(error.kind, ErrorKind::Structure);
    assert!(!error.to_string().contains("Testpersoon"), "{error}");
    assert!(
        error
            .message
            .starts_with("not a valid HumanResource: invalid"),
        "{error}"
    );
}

//! Malformed and hostile input gets a clean error with a location, never a panic or a hang, and
//! errors never repeat the document's values.

use werkbrug_formats::{
    DecodeContext, ErrorKind, FormatError, Location, MAX_DOCUMENT_BYTES, registry,
};
use werkbrug_model::DocumentType;

fn context() -> DecodeContext {
    DecodeContext::new("test", "2026-11-01T12:00:00Z".parse().unwrap())
}

fn decode(format: &str, bytes: &[u8], expected: Option<DocumentType>) -> FormatError {
    match registry::get(format)
        .unwrap()
        .decode(bytes, expected, &context())
    {
        Ok(_) => panic!(
            "{format} accepted {:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
        ),
        Err(e) => e,
    }
}

fn pointer(error: &FormatError) -> &str {
    match &error.location {
        Some(Location::Json { pointer, .. }) => pointer,
        other => panic!("expected a JSON location, got {other:?}"),
    }
}

/// Every adapter whose wire format is JSON.
const JSON_FORMATS: [&str; 5] = ["canonical", "vum", "setu-json", "hropen", "schema-org"];

#[test]
fn malformed_json_is_a_syntax_error_with_line_and_column() {
    for format in JSON_FORMATS {
        for (input, line, column) in [
            (&b""[..], 1, 0),
            (b"{", 1, 1),
            (b"{\"idWerkzoekende\": \"a\",\n \"x\": }", 2, 7),
            (b"{\"a\": 1} trailing", 1, 10),
            (b"\xff\xfe{}", 1, 1),
        ] {
            let error = decode(format, input, None);
            assert_eq!(error.kind, ErrorKind::Syntax, "{format} {input:?}: {error}");
            assert_eq!(
                error.location,
                Some(Location::Json {
                    pointer: String::new(),
                    line: Some(line),
                    column: Some(column)
                }),
                "{format} {input:?}"
            );
        }
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!(
        "{{\"idWerkzoekende\": \"a\", \"x\": {}}}",
        "[".repeat(200_000)
    );
    for format in JSON_FORMATS {
        assert_eq!(
            decode(format, deep.as_bytes(), None).kind,
            ErrorKind::Syntax
        );
    }
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let huge = format!(
        "{{\"idWerkzoekende\": \"a\", \"persoonlijkePresentatie\": \"{}\"}}",
        "x".repeat(MAX_DOCUMENT_BYTES)
    );
    for format in JSON_FORMATS {
        let error = decode(format, huge.as_bytes(), None);
        assert_eq!(error.kind, ErrorKind::TooLarge);
        assert_eq!(
            error.message,
            format!(
                "the document is {} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                huge.len()
            )
        );
    }
}

#[test]
fn wrong_types_name_the_place_and_not_the_value() {
    let error = decode(
        "vum",
        br#"{"idWerkzoekende": "a", "werktijden": {"aantalWerkurenPerWeekMinimaal": "Jansen"}}"#,
        None,
    );
    assert_eq!(error.kind, ErrorKind::Structure);
    assert_eq!(pointer(&error), "/werktijden/aantalWerkurenPerWeekMinimaal");
    assert!(!error.to_string().contains("Jansen"), "{error}");
    assert_eq!(error.message, "invalid type: found string, expected i64");

    let error = decode(
        "vum",
        br#"{"idVacature": "a", "sollicitatiewijze": [{"codeSollicitatiewijze": "1"}, {"email": "x"}]}"#,
        None,
    );
    assert_eq!(error.kind, ErrorKind::Structure);
    assert_eq!(pointer(&error), "/sollicitatiewijze/1/email");
    assert!(
        error.message.starts_with("unknown field `email`"),
        "{}",
        error.message
    );

    let error = decode("vum", br#"{"idWerkzoekende": "a", "flexibiliteit": {"datumAanvangBeschikbaarVoorWerk": "31-12-2026"}}"#, None);
    assert_eq!(
        pointer(&error),
        "/flexibiliteit/datumAanvangBeschikbaarVoorWerk"
    );
}

#[test]
fn a_document_of_the_other_type_is_refused() {
    let error = decode(
        "vum",
        br#"{"idVacature": "V-1", "naamVacature": "Kok"}"#,
        Some(DocumentType::JobseekerProfile),
    );
    assert_eq!(error.kind, ErrorKind::WrongDocumentType);
    assert_eq!(
        error.message,
        "expected a VUM Werkzoekende (jobseeker-profile), got a Vacature (vacancy)"
    );
    let vacancy = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/documents/vacancy-care-doelgroep.json"),
    )
    .unwrap();
    let error = decode("canonical", &vacancy, Some(DocumentType::JobseekerProfile));
    assert_eq!(error.kind, ErrorKind::WrongDocumentType);
    assert_eq!(pointer(&error), "/documentType");
}

#[test]
fn documents_that_are_not_vum_documents_are_refused() {
    for input in [&b"[]"[..], b"null", b"\"text\"", b"42"] {
        assert_eq!(decode("vum", input, None).kind, ErrorKind::WrongRoot);
    }
    let error = decode("vum", br#"{"naam": "x"}"#, None);
    assert_eq!(error.kind, ErrorKind::WrongRoot);
    assert_eq!(
        error.message,
        "not a VUM Werkzoekende or Vacature: it has neither idWerkzoekende nor idVacature"
    );
}

#[test]
fn duplicate_keys_are_refused() {
    let error = decode(
        "vum",
        br#"{"idWerkzoekende": "a", "idWerkzoekende": "b"}"#,
        None,
    );
    assert_eq!(error.kind, ErrorKind::Syntax);
    assert_eq!(
        error.message,
        "the key 'idWerkzoekende' occurs twice in one object"
    );
}

#[test]
fn canonical_documents_that_break_the_schema_are_refused_and_rule_breaches_are_carried() {
    let mut document: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../conformance/v1/documents/invalid/profile-bsn-elfproef.json"),
        )
        .unwrap(),
    )
    .unwrap();
    // A semantic rule broken: the document is what a source sent, so a translation carries it
    // whole, with the finding as a warning; validation (not decoding) is where it is an error.
    let canonical = registry::get("canonical").unwrap();
    let translation = werkbrug_formats::translate(
        canonical,
        canonical,
        document.to_string().as_bytes(),
        None,
        &context(),
    )
    .unwrap();
    assert_eq!(translation.canonical.to_value(), document);
    assert_eq!(
        translation.findings,
        vec![werkbrug_model::Finding::warning(
            "bsn.elfproef",
            "/person/bsn",
            "not a valid BSN: the elfproef fails"
        )]
    );
    // The schema broken: not a werkbrug document at all, refused with the first finding.
    document["person"]["bsn"] = "12345".into();
    document["person"]["nickname"] = "x".into();
    let error = decode("canonical", document.to_string().as_bytes(), None);
    assert_eq!(error.kind, ErrorKind::Invalid);
    assert_eq!(pointer(&error), "/person");
    assert!(
        error
            .message
            .starts_with("not a valid werkbrug jobseeker-profile: ")
            && error.message.ends_with(" and 1 more error(s)"),
        "{}",
        error.message
    );
    assert!(!error.message.contains("12345"), "{}", error.message);
}

#[test]
fn schema_org_refuses_what_is_not_a_job_posting() {
    let error = decode(
        "schema-org",
        br#"{"@context": "https://schema.org", "@type": "Person", "name": "x"}"#,
        None,
    );
    assert_eq!(error.kind, ErrorKind::WrongRoot);
    assert_eq!(pointer(&error), "/@type");
    let error = decode(
        "schema-org",
        br#"{"@type": "JobPosting"}"#,
        Some(DocumentType::JobseekerProfile),
    );
    assert_eq!(error.kind, ErrorKind::Unsupported);
}

#[test]
fn schema_org_writes_the_required_properties_of_every_vacancy() {
    let canonical = registry::get("canonical").unwrap();
    let schema_org = registry::get("schema-org").unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/documents");
    for name in [
        "vacancy-care-doelgroep",
        "vacancy-developer-remote",
        "vacancy-warehouse-utrecht",
    ] {
        let bytes = std::fs::read(dir.join(format!("{name}.json"))).unwrap();
        let mut document: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        // Also without the optional properties that schema.org requires.
        for strip in [false, true] {
            if strip {
                for key in [
                    "description",
                    "datePosted",
                    "validThrough",
                    "employer",
                    "location",
                ] {
                    document.as_object_mut().unwrap().remove(key);
                }
            }
            let decoded = canonical
                .decode(document.to_string().as_bytes(), None, &context())
                .unwrap();
            let posting: serde_json::Value =
                serde_json::from_slice(&schema_org.encode(&decoded.document).unwrap().bytes)
                    .unwrap();
            for required in [
                "title",
                "description",
                "datePosted",
                "validThrough",
                "hiringOrganization",
                "jobLocation",
            ] {
                assert!(
                    posting.get(required).is_some(),
                    "{name} (stripped: {strip}): no {required}"
                );
            }
        }
    }
    let profile = std::fs::read(dir.join("jobseeker-student.json")).unwrap();
    let decoded = canonical.decode(&profile, None, &context()).unwrap();
    assert_eq!(
        schema_org.encode(&decoded.document).unwrap_err().kind,
        ErrorKind::Unsupported
    );
}

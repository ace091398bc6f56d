//! The gateway over real HTTP: `werkbrug serve` on a free loopback port, spoken to with plain
//! HTTP/1.1 so that the test sees exactly what a client sees.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

use common::Server;
use serde_json::{Value, json};

/// `werkbrug serve` on a free loopback port with a small body limit.
struct Gateway;

impl Gateway {
    fn start() -> Server {
        Self::start_with(&[])
    }

    fn start_with(extra: &[&str]) -> Server {
        let mut args = vec![
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--max-body-bytes",
            "65536",
        ];
        args.extend_from_slice(extra);
        Server::start(&args)
    }
}

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(root().join(relative)).unwrap()
}

#[test]
fn every_route_answers_with_api_version() {
    let gateway = Gateway::start();
    for path in [
        "/health/live",
        "/health/ready",
        "/v1/openapi.json",
        "/v1/formats",
        "/v1/formats/setu-xml",
        "/v1/codelists",
        "/v1/codelists/driving-licence",
        "/v1/schemas",
        "/v1/schemas/vacancy.schema.json",
        "/v1/schemas/jobseeker-profile",
    ] {
        let response = gateway.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("api-version"), Some("1.0.0"), "{path}");
    }
    let formats = gateway.get("/v1/formats").json();
    assert_eq!(
        formats.as_array().unwrap().len(),
        werkbrug_formats::registry::all().len()
    );
    let schema = gateway.get("/v1/schemas/vacancy.schema.json");
    assert_eq!(
        schema.header("content-type"),
        Some("application/schema+json")
    );
    assert_eq!(schema.body, read("schema/v1/vacancy.schema.json"));
    let list = gateway.get("/v1/codelists/driving-licence").json();
    assert_eq!(list["codes"].as_array().unwrap().len(), 16);
}

#[test]
fn the_served_openapi_document_is_the_checked_in_one() {
    let gateway = Gateway::start();
    let served = gateway.get("/v1/openapi.json");
    assert_eq!(served.header("access-control-allow-origin"), Some("*"));
    let checked_in: Value = serde_json::from_slice(&read("schema/openapi.json")).unwrap();
    assert!(
        served.json() == checked_in,
        "schema/openapi.json is stale: run `cargo run -p werkbrug-cli -- openapi > schema/openapi.json`"
    );
    assert_eq!(checked_in["openapi"], "3.1.0");
}

#[test]
fn translation_returns_the_pure_target_document_and_counts_losses() {
    let gateway = Gateway::start();
    let input =
        read("conformance/v1/translation/vum/decode/profile-05-target-group-register/input.json");
    let response = gateway.request(
        "POST",
        "/v1/translations?from=vum&to=setu-xml&sourceId=gemeente-voorbeeldstad",
        &[("Content-Type", "application/json")],
        &input,
    );
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/xml"));
    assert!(response.body.starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><HumanResource xmlns=\"https://ontology.setu.nl/messages\">"));
    let count: usize = response
        .header("werkbrug-loss-count")
        .unwrap()
        .parse()
        .unwrap();

    // The envelope carries the same translation with both loss reports.
    let envelope = gateway.request(
        "POST",
        "/v1/translations?from=vum&to=setu-xml&sourceId=gemeente-voorbeeldstad&envelope=true",
        &[("Content-Type", "application/json")],
        &input,
    );
    let body = envelope.json();
    assert_eq!(body["format"], "setu-xml");
    let total = body["decodeLosses"].as_array().unwrap().len()
        + body["encodeLosses"].as_array().unwrap().len();
    assert_eq!(total, count);
    assert_eq!(
        body["document"].as_str().unwrap().as_bytes(),
        response.body.as_slice()
    );

    // And back: the SETU XML reads as a profile.
    let back = gateway.request(
        "POST",
        "/v1/translations?from=setu-xml&to=canonical",
        &[("Content-Type", "application/xml")],
        &response.body,
    );
    assert_eq!(back.status, 200);
    assert_eq!(back.json()["documentType"], "jobseekerProfile");
}

#[test]
fn translation_carries_a_document_that_breaks_a_rule_with_its_findings() {
    let gateway = Gateway::start();
    // Real registrations contain errors: a work experience that ends before it starts.
    let input = br#"{"idWerkzoekende": "WZ-7", "mobiliteit": {"bemiddelingspostcode": "3511AB"},
        "arbeidsmarktkwalificatie": {"werkervaring": [{"naamOrganisatie": "Voorbeeld BV",
          "datumAanvangWerkzaamheden": "2020-05-01", "datumEindeWerkzaamheden": "2019-04-30"}]}}"#;
    let finding = json!({
        "rule": "date.order", "severity": "warning",
        "pointer": "/qualifications/workExperience/0/endDate",
        "message": "endDate is before startDate"
    });
    // Directly to SETU, and in two steps through the canonical model: the same document.
    let direct = gateway.request(
        "POST",
        "/v1/translations?from=vum&to=setu-json&sourceId=gemeente-voorbeeldstad",
        &[("Content-Type", "application/json")],
        input,
    );
    assert_eq!(direct.status, 200);
    assert_eq!(direct.header("werkbrug-finding-count"), Some("1"));
    let canonical = gateway.request(
        "POST",
        "/v1/translations?from=vum&to=canonical&sourceId=gemeente-voorbeeldstad&envelope=true",
        &[("Content-Type", "application/json")],
        input,
    );
    assert_eq!(canonical.status, 200);
    assert_eq!(canonical.header("werkbrug-finding-count"), Some("1"));
    let envelope = canonical.json();
    assert_eq!(envelope["findings"], json!([finding]));
    let second = gateway.request(
        "POST",
        "/v1/translations?from=canonical&to=setu-json",
        &[("Content-Type", "application/json")],
        envelope["document"].to_string().as_bytes(),
    );
    assert_eq!(
        second.status,
        200,
        "{}",
        String::from_utf8_lossy(&second.body)
    );
    assert_eq!(second.header("werkbrug-finding-count"), Some("1"));
    assert_eq!(second.json(), direct.json());
    // And the same losses: what the direct route loses is what the two steps lose together.
    let count = |r: &common::Response| -> usize {
        r.header("werkbrug-loss-count").unwrap().parse().unwrap()
    };
    assert_eq!(
        count(&direct),
        envelope["decodeLosses"].as_array().unwrap().len() + count(&second)
    );
    assert_eq!(envelope["encodeLosses"], json!([]));
    // Validation stays strict: the same document is not valid, in either form.
    let mut error = finding.clone();
    error["severity"] = json!("error");
    for (path, body) in [
        (
            "/v1/validations/jobseeker-profile",
            envelope["document"].to_string().into_bytes(),
        ),
        (
            "/v1/validations/jobseeker-profile?format=vum",
            input.to_vec(),
        ),
    ] {
        let validation =
            gateway.request("POST", path, &[("Content-Type", "application/json")], &body);
        assert_eq!(validation.json()["valid"], false, "{path}");
        assert_eq!(validation.json()["findings"], json!([error]), "{path}");
    }
}

#[test]
fn validation_reports_findings_with_pointers() {
    let gateway = Gateway::start();
    let response = gateway.request(
        "POST",
        "/v1/validations/jobseeker-profile",
        &[("Content-Type", "application/json")],
        &read("conformance/v1/documents/invalid/profile-bsn-elfproef.json"),
    );
    assert_eq!(response.status, 200);
    assert_eq!(
        response.json(),
        serde_json::json!({"documentType": "jobseeker-profile", "valid": false, "findings": [{
            "rule": "bsn.elfproef", "severity": "error", "pointer": "/person/bsn",
            "message": "not a valid BSN: the elfproef fails"}],
            "findingCount": 1, "findingsTruncated": false})
    );
    let valid = gateway.request(
        "POST",
        "/v1/validations/vacancy?format=vum",
        &[("Content-Type", "application/json")],
        &read("conformance/v1/translation/vum/decode/vacancy-01-detail-warehouse/input.json"),
    );
    assert_eq!(valid.json()["valid"], true);
}

#[test]
fn findings_are_capped_per_document_with_a_flag_and_the_total() {
    let gateway = Gateway::start();
    let mut document: Value =
        serde_json::from_slice(&read("examples/documents/jobseeker-ww-logistics.json")).unwrap();
    // 1,500 texts that each break a rule: the answer lists the first 1,000 and counts them all.
    document["qualifications"]["interests"] = (0..1_500)
        .map(|i| Value::from(format!("interesse {i}\u{1}")))
        .collect();
    let body = document.to_string();
    let response = gateway.request(
        "POST",
        "/v1/validations/jobseeker-profile",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    );
    assert_eq!(response.status, 200);
    let report = response.json();
    assert_eq!(report["valid"], false);
    assert_eq!(report["findingCount"], 1_500);
    assert_eq!(report["findingsTruncated"], true);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1_000);
    assert_eq!(findings[0]["pointer"], "/qualifications/interests/0");
    assert!(findings.iter().all(|f| f["rule"] == "text.xml-character"));
    // A translation carries the document with the same cap in its envelope and the total in
    // its header.
    let translated = gateway.request(
        "POST",
        "/v1/translations?from=canonical&to=vum&envelope=true",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    );
    assert_eq!(
        translated.status,
        200,
        "{}",
        String::from_utf8_lossy(&translated.body)
    );
    assert_eq!(translated.header("werkbrug-finding-count"), Some("1500"));
    let envelope = translated.json();
    assert_eq!(envelope["findings"].as_array().unwrap().len(), 1_000);
    assert_eq!(
        (&envelope["findingCount"], &envelope["findingsTruncated"]),
        (&Value::from(1_500), &Value::from(true))
    );
}

#[test]
fn errors_are_problem_details_with_the_right_status() {
    let gateway = Gateway::start();
    gateway.get("/v1/formats/").assert_problem(404, "not-found");
    gateway
        .get("/v1/nothing-here")
        .assert_problem(404, "not-found");
    gateway
        .get("/v1/formats/xml")
        .assert_problem(404, "not-found");
    gateway
        .get("/v1/codelists/nope")
        .assert_problem(404, "not-found");
    gateway
        .request("DELETE", "/v1/formats", &[], b"")
        .assert_problem(405, "method-not-allowed");
    gateway
        .get("/v1/translations")
        .assert_problem(405, "method-not-allowed");
    gateway
        .request(
            "POST",
            "/v1/validations/vacancy",
            &[("Content-Type", "text/plain")],
            b"{}",
        )
        .assert_problem(415, "unsupported-media-type");
    gateway
        .request(
            "POST",
            "/v1/translations?from=setu-xml&to=vum",
            &[("Content-Type", "application/json")],
            b"{}",
        )
        .assert_problem(415, "unsupported-media-type");
    gateway
        .request(
            "POST",
            "/v1/translations?from=vum",
            &[("Content-Type", "application/json")],
            b"{}",
        )
        .assert_problem(400, "invalid-query");
    let big = vec![b' '; 70_000];
    gateway
        .request(
            "POST",
            "/v1/validations/vacancy",
            &[("Content-Type", "application/json")],
            &big,
        )
        .assert_problem(413, "payload-too-large");
    let bad = gateway.request(
        "POST",
        "/v1/translations?from=vum&to=canonical&documentType=jobseeker-profile",
        &[("Content-Type", "application/json")],
        br#"{"idVacature": "V-1"}"#,
    );
    bad.assert_problem(400, "invalid-input");
    assert_eq!(
        bad.json()["invalidParams"][0]["rule"],
        "format.wrong-document-type"
    );
    let malformed = gateway.request(
        "POST",
        "/v1/validations/vacancy",
        &[("Content-Type", "application/json")],
        b"{\"a\": }",
    );
    malformed.assert_problem(400, "invalid-input");
    assert_eq!(malformed.json()["invalidParams"][0]["rule"], "json.syntax");
}

#[test]
fn api_keys_guard_translation_and_validation() {
    let dir = std::env::temp_dir().join(format!("werkbrug-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("werkbrug.toml");
    let translator = "translator-key-0123456789";
    let validator = "validator-key-0123456789";
    std::fs::write(
        &config,
        format!(
            "[access]\nrequire_keys = true\n\n[[access.api_keys]]\nhash = \"{}\"\norganisation = \"Uitzendbureau Voorbeeld\"\nroles = [\"translate\"]\n\n[[access.api_keys]]\nhash = \"{}\"\norganisation = \"Gemeente Voorbeeldstad\"\noin = \"00000001001234567000\"\nroles = [\"validate\"]\n",
            werkbrug_gateway::access::hash_key(translator),
            werkbrug_gateway::access::hash_key(validator),
        ),
    )
    .unwrap();
    let gateway = Gateway::start_with(&["--config", config.to_str().unwrap()]);
    let body = read("examples/documents/vacancy-care-doelgroep.json");
    let json = ("Content-Type", "application/json");
    let validate = |key: Option<&str>| {
        let mut headers = vec![json];
        if let Some(key) = key {
            headers.push(("X-Api-Key", key));
        }
        gateway.request("POST", "/v1/validations/vacancy", &headers, &body)
    };
    let missing = validate(None);
    missing.assert_problem(401, "unauthorized");
    assert_eq!(
        missing.header("www-authenticate"),
        Some("ApiKey header=\"X-Api-Key\"")
    );
    validate(Some("no-such-key-0123456789")).assert_problem(401, "unauthorized");
    let forbidden = validate(Some(translator));
    forbidden.assert_problem(403, "forbidden");
    assert!(
        !String::from_utf8_lossy(&forbidden.body).contains(translator),
        "a key never appears in a response"
    );
    assert_eq!(validate(Some(validator)).status, 200);
    let translated = gateway.request(
        "POST",
        "/v1/translations?from=canonical&to=schema-org",
        &[json, ("X-Api-Key", translator)],
        &body,
    );
    assert_eq!(translated.status, 200);
    assert_eq!(
        translated.header("content-type"),
        Some("application/ld+json")
    );
    // Public operations need no key.
    assert_eq!(gateway.get("/v1/formats").status, 200);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn trace_context_and_request_ids_are_on_every_response() {
    let gateway = Gateway::start();
    let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let response = gateway.request("GET", "/v1/formats", &[("traceparent", incoming)], b"");
    let traceparent = response.header("traceparent").unwrap();
    assert!(
        traceparent.starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-"),
        "{traceparent}"
    );
    assert!(
        !traceparent.contains("00f067aa0ba902b7"),
        "a new span, not the caller's"
    );
    let a = gateway
        .get("/v1/nothing")
        .header("x-request-id")
        .unwrap()
        .to_owned();
    let b = gateway
        .get("/v1/nothing")
        .header("x-request-id")
        .unwrap()
        .to_owned();
    assert_eq!(a.len(), 32);
    assert_ne!(a, b);
}

#[test]
fn log_lines_say_what_was_asked_but_never_what_was_in_it() {
    let gateway = Gateway::start();
    let profile = read("examples/documents/jobseeker-ww-logistics.json");
    let response = gateway.request(
        "POST",
        "/v1/translations?from=canonical&to=vum&sourceId=uwv-werkzoekenden",
        &[("Content-Type", "application/json")],
        &profile,
    );
    assert_eq!(response.status, 200);
    let logs = gateway.stop();
    let line: Value = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| l["fields"]["route"] == "/v1/translations")
        .unwrap_or_else(|| panic!("no access log line for the translation in:\n{logs}"));
    assert_eq!(line["fields"]["status"], 200);
    assert_eq!(line["fields"]["method"], "POST");
    for personal in [
        "Sanne",
        "Testpersoon",
        "999990019",
        "sanne.testpersoon@example.org",
        "WZ-2026-000417",
        "uwv-werkzoekenden",
        "3511AB",
    ] {
        assert!(
            !logs.contains(personal),
            "the log contains {personal}:\n{logs}"
        );
    }
}

#[test]
fn swagger_ui_is_served_from_the_binary() {
    let gateway = Gateway::start();
    let redirect = gateway.get("/docs");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), Some("/docs/"));
    let page = gateway.get("/docs/");
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let html = String::from_utf8_lossy(&page.body);
    assert!(
        !html.contains("https://"),
        "the page loads nothing from elsewhere"
    );
    let initializer = gateway.get("/docs/swagger-initializer.js");
    assert!(String::from_utf8_lossy(&initializer.body).contains("\"url\": \"/v1/openapi.json\""));
}

#[test]
fn requests_over_the_rate_limit_get_429_with_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("werkbrug.toml");
    let key = "a-valid-key-of-the-translator-0123";
    std::fs::write(
        &config,
        format!(
            "[rate_limit]\nper_second = 1\nburst = 2\nanonymous_per_second = 1\nanonymous_burst = 3\n\n[[access.api_keys]]\nhash = \"{}\"\norganisation = \"Vertaler\"\nroles = [\"translate\"]\n",
            werkbrug_gateway::access::hash_key(key)
        ),
    )
    .unwrap();
    let gateway = Gateway::start_with(&["--config", config.to_str().unwrap()]);
    let with_key = |k: &str| gateway.request("GET", "/v1/formats", &[("X-Api-Key", k)], b"");
    // Without a key: the address's lower budget.
    let statuses: Vec<u16> = (0..4).map(|_| gateway.get("/v1/formats").status).collect();
    assert_eq!(statuses, [200, 200, 200, 429]);
    let limited = gateway.get("/v1/formats");
    limited.assert_problem(429, "too-many-requests");
    let retry: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    assert_eq!(limited.header("api-version"), Some("1.0.0"));
    // Random keys buy nothing: a key that is not known counts against the address.
    for i in 0..5 {
        with_key(&format!("random-key-{i}-0123456789")).assert_problem(429, "too-many-requests");
    }
    // A valid key has its own budget.
    let statuses: Vec<u16> = (0..3).map(|_| with_key(key).status).collect();
    assert_eq!(statuses, [200, 200, 429]);

    // Behind a trusted proxy, each forwarded client has a budget of its own; the same header
    // from an untrusted peer is ignored (unit tests in crates/gateway/src/client.rs).
    let proxied = dir.path().join("proxied.toml");
    std::fs::write(
        &proxied,
        "trusted_proxies = [\"127.0.0.0/8\"]\n\n[rate_limit]\nanonymous_per_second = 1\nanonymous_burst = 2\n",
    )
    .unwrap();
    let gateway = Gateway::start_with(&["--config", proxied.to_str().unwrap()]);
    let from = |client: &str| {
        gateway
            .request("GET", "/v1/formats", &[("X-Forwarded-For", client)], b"")
            .status
    };
    assert_eq!(
        [
            from("203.0.113.1"),
            from("203.0.113.1"),
            from("203.0.113.1")
        ],
        [200, 200, 429]
    );
    assert_eq!(from("203.0.113.2"), 200);
}

#[test]
fn metrics_count_requests_translations_and_losses() {
    let gateway = Gateway::start();
    let input = read(
        "conformance/v1/translation/vum/decode/profile-03-student-lowercase-postcode/input.json",
    );
    for _ in 0..2 {
        let response = gateway.request(
            "POST",
            "/v1/translations?from=vum&to=canonical",
            &[("Content-Type", "application/json")],
            &input,
        );
        assert_eq!(response.status, 200);
    }
    gateway.get("/v1/formats/nope");
    let metrics = gateway.get("/metrics");
    assert_eq!(metrics.status, 200);
    assert!(
        metrics
            .header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = String::from_utf8(metrics.body).unwrap();
    for expected in [
        r#"werkbrug_translations_total{from="vum",outcome="translated",to="canonical"} 2"#,
        r#"werkbrug_translation_losses_total{kind="approximated"} 2"#,
        r#"werkbrug_translation_losses_total{kind="defaulted"} 2"#,
        r#"werkbrug_http_requests_total{method="POST",route="/v1/translations",status="200"} 2"#,
        r#"werkbrug_http_requests_total{method="GET",route="/v1/formats/{id}",status="404"} 1"#,
        r#"werkbrug_http_request_duration_seconds_count{method="POST",route="/v1/translations"} 2"#,
    ] {
        assert!(text.contains(expected), "missing {expected} in\n{text}");
    }
}

#[test]
fn accept_headers_are_honoured() {
    let gateway = Gateway::start();
    let input =
        read("conformance/v1/translation/vum/decode/profile-02-matching-profile/input.json");
    let post = |accept: &str, query: &str| {
        gateway.request(
            "POST",
            &format!("/v1/translations?from=vum&to=setu-xml{query}"),
            &[("Content-Type", "application/json"), ("Accept", accept)],
            &input,
        )
    };
    assert_eq!(post("application/xml", "").status, 200);
    assert_eq!(post("text/html;q=0.9, */*;q=0.1", "").status, 200);
    assert_eq!(post("application/*", "").status, 200);
    post("application/json", "").assert_problem(406, "not-acceptable");
    post("application/xml;q=0", "").assert_problem(406, "not-acceptable");
    assert_eq!(post("application/json", "&envelope=true").status, 200);
    gateway
        .request(
            "POST",
            "/v1/validations/vacancy",
            &[("Content-Type", "application/json"), ("Accept", "text/csv")],
            b"{}",
        )
        .assert_problem(406, "not-acceptable");
}

#[test]
fn the_load_test_echo_route_exists_only_when_configured() {
    let gateway = Gateway::start();
    gateway
        .request(
            "POST",
            "/internal/echo",
            &[("Content-Type", "application/json")],
            b"{}",
        )
        .assert_problem(404, "not-found");
    drop(gateway);
    let dir = std::env::temp_dir().join(format!("werkbrug-echo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("werkbrug.toml");
    std::fs::write(&config, "load_test_echo = true\n").unwrap();
    let gateway = Gateway::start_with(&["--config", config.to_str().unwrap()]);
    let echoed = gateway.request(
        "POST",
        "/internal/echo",
        &[("Content-Type", "application/json")],
        b"{\"a\":1}",
    );
    assert_eq!(echoed.status, 200);
    assert_eq!(echoed.body, b"{\"a\":1}");
    assert!(
        gateway.get("/v1/openapi.json").json()["paths"]
            .get("/internal/echo")
            .is_none()
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Reads one response with a `content-length` body from a kept-alive connection.
fn read_one_response(stream: &mut TcpStream) -> String {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        raw.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&raw).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap();
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).unwrap();
    head + &String::from_utf8_lossy(&body)
}

#[test]
fn sigterm_lets_requests_in_flight_finish() {
    let mut gateway = Gateway::start();
    let body = read("examples/documents/vacancy-care-doelgroep.json");
    let mut stream = TcpStream::connect(&gateway.address).unwrap();
    let request = |close: &str| {
        format!(
            "POST /v1/validations/vacancy HTTP/1.1\r\nHost: x\r\n{close}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
    };
    // A first request answered on this connection: the server has taken it (it is no longer in
    // the listener's backlog), which a stop would not serve.
    stream.write_all(request("").as_bytes()).unwrap();
    stream.write_all(&body).unwrap();
    assert!(read_one_response(&mut stream).starts_with("HTTP/1.1 200 OK"));
    // The second is still arriving when SIGTERM comes.
    stream
        .write_all(request("Connection: close\r\n").as_bytes())
        .unwrap();
    stream.write_all(&body[..body.len() / 2]).unwrap();
    // The shell's built-in kill, so that no procps package is needed.
    let status = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", gateway.child.id())])
        .status()
        .unwrap();
    assert!(status.success());
    // The stop has begun once the gateway takes no new connections.
    let mut refused = false;
    for _ in 0..10_000 {
        if TcpStream::connect(&gateway.address).is_err() {
            refused = true;
            break;
        }
        std::thread::yield_now();
    }
    assert!(refused, "the gateway still takes connections after SIGTERM");
    stream.write_all(&body[body.len() / 2..]).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200 OK"), "{text}");
    assert!(text.contains("\"valid\":true"), "{text}");
    // And then the gateway is gone.
    let exit = gateway.child.wait().unwrap();
    assert!(exit.success() || exit.code().is_none(), "{exit:?}");
    assert!(TcpStream::connect(&gateway.address).is_err());
}

/// The worker threads (`actix-rt|system`) of a running gateway.
fn workers_of(server: &Server) -> usize {
    std::fs::read_dir(format!("/proc/{}/task", server.child.id()))
        .unwrap()
        .filter(|task| {
            let comm = task.as_ref().unwrap().path().join("comm");
            std::fs::read_to_string(comm).is_ok_and(|name| name.starts_with("actix-rt|system"))
        })
        .count()
}

#[test]
fn the_number_of_workers_is_a_setting_and_one_per_cpu_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("werkbrug.toml");
    std::fs::write(&config, "workers = 3\n").unwrap();
    let three = Gateway::start_with(&["--config", config.to_str().unwrap()]);
    assert_eq!(three.get("/health/live").status, 200);
    assert_eq!(workers_of(&three), 3);
    let default = Gateway::start();
    assert_eq!(default.get("/health/live").status, 200);
    assert_eq!(
        workers_of(&default),
        std::thread::available_parallelism().unwrap().get()
    );
}

/// A connection from `local` (another loopback address, so that the attack and the normal
/// traffic come from different clients) that sends its headers and then one byte of a body.
fn slow_body_from(local: &str, gateway: &Server) -> TcpStream {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket
        .bind(
            &format!("{local}:0")
                .parse::<std::net::SocketAddr>()
                .unwrap()
                .into(),
        )
        .unwrap();
    socket
        .connect(
            &gateway
                .address
                .parse::<std::net::SocketAddr>()
                .unwrap()
                .into(),
        )
        .unwrap();
    let mut stream: TcpStream = socket.into();
    stream
        .write_all(b"POST /v1/validations/vacancy HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        .unwrap();
    stream
}

#[test]
fn slow_bodies_are_cut_off_and_normal_requests_keep_answering() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("werkbrug.toml");
    std::fs::write(
        &config,
        "[connections]\nbody_timeout_secs = 2\nmax_per_address = 50\n\n[rate_limit]\nanonymous_per_second = 1000\nanonymous_burst = 1000\n",
    )
    .unwrap();
    // Warnings only: a request log line for each of the 300 would fill the stderr pipe that
    // this test does not read, and block the server.
    let gateway = Server::start_in(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--config",
            config.to_str().unwrap(),
        ],
        Some((dir.path(), &[("RUST_LOG", "warn")])),
    );
    // 300 slow bodies from one address: 50 are held until the body deadline, the other 250
    // are refused as soon as their headers are read, and every one is closed.
    let started = std::time::Instant::now();
    let mut slow: Vec<TcpStream> = (0..300)
        .map(|_| slow_body_from("127.0.0.2", &gateway))
        .collect();
    // Meanwhile, another client is answered as usual.
    let mut latencies = Vec::new();
    for _ in 0..20 {
        let asked = std::time::Instant::now();
        let response = gateway.request(
            "POST",
            "/v1/validations/vacancy",
            &[("Content-Type", "application/json")],
            &read("examples/documents/vacancy-warehouse-utrecht.json"),
        );
        assert_eq!(response.status, 200);
        latencies.push(asked.elapsed());
    }
    let mut statuses = std::collections::BTreeMap::new();
    for stream in &mut slow {
        // A bound on the wait, so that a regression fails instead of hanging.
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .expect("the gateway closes a slow connection");
        let text = String::from_utf8_lossy(&raw);
        let status = text.split(' ').nth(1).unwrap_or("closed").to_owned();
        let problem = text.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
        *statuses
            .entry((
                status,
                problem.contains("request-timeout"),
                problem.contains("too-many-connections"),
            ))
            .or_insert(0) += 1;
    }
    // Every slow connection was answered and closed: 408 at the deadline, or 429 at once for
    // those beyond the address's 50. (On a machine so loaded that opening the 300 takes longer
    // than the deadline, early ones close first and free places for later ones: more 408s.)
    let timed_out = statuses
        .get(&("408".to_owned(), true, false))
        .copied()
        .unwrap_or(0);
    let refused = statuses
        .get(&("429".to_owned(), false, true))
        .copied()
        .unwrap_or(0);
    assert_eq!(timed_out + refused, 300, "{statuses:?}");
    assert!(timed_out >= 50 && refused >= 150, "{statuses:?}");
    latencies.sort();
    eprintln!(
        "300 slow bodies ({timed_out} held to the deadline, {refused} refused at once): 20 normal requests answered, median {:?}, slowest {:?}; every slow connection closed after {:?}",
        latencies[10],
        latencies[19],
        started.elapsed()
    );
}

/// Sends raw bytes and reads until the gateway closes the connection.
fn raw_exchange(gateway: &Server, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(&gateway.address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    stream.write_all(bytes).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    String::from_utf8_lossy(&raw).into_owned()
}

#[test]
fn malformed_request_heads_get_problem_details_too() {
    let gateway = Gateway::start();
    let many: String = (0..100).map(|i| format!("X-Header-{i}: v\r\n")).collect();
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (
            format!("GET /v1/formats HTTP/1.1\r\nHost: x\r\n{many}\r\n").into_bytes(),
            "431 Request Header Fields Too Large",
            "request-header-fields-too-large",
        ),
        (
            b"POST /v1/translations?from=vum&to=canonical HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".to_vec(),
            "400 Bad Request",
            "malformed-request",
        ),
        (
            b"POST /v1/translations?from=vum&to=canonical HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".to_vec(),
            "400 Bad Request",
            "malformed-request",
        ),
        (
            b"GET /v1/formats HTTP/1.1\r\nHost: x\r\nX-Note: a\x01b\r\n\r\n".to_vec(),
            "400 Bad Request",
            "malformed-request",
        ),
    ];
    for (request, status, slug) in cases {
        let answer = raw_exchange(&gateway, &request);
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with(&format!("HTTP/1.1 {status}")), "{answer}");
        assert!(
            head.contains("content-type: application/problem+json"),
            "{head}"
        );
        assert!(head.contains("api-version: 1.0.0"), "{head}");
        assert!(head.contains("connection: close"), "{head}");
        let problem: Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            problem["type"],
            format!("https://werkbrug.nl/problems/{slug}"),
            "{body}"
        );
        assert!(problem["detail"].as_str().unwrap().len() > 10);
        // The internal route never shows.
        assert!(!answer.contains(".werkbrug"), "{answer}");
    }
    // A good request before a malformed one on the same connection is answered as usual.
    let answer = raw_exchange(
        &gateway,
        b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/formats HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(
        answer.contains("HTTP/1.1 400 Bad Request")
            && answer.contains("Content-Length is not one number of bytes"),
        "{answer}"
    );
    // Pipelined requests with bodies still arrive whole.
    let body = read("examples/documents/vacancy-warehouse-utrecht.json");
    let mut pipelined = Vec::new();
    for close in [false, true] {
        pipelined.extend_from_slice(
            format!(
                "POST /v1/validations/vacancy HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{}\r\n",
                body.len(),
                if close { "Connection: close\r\n" } else { "" }
            )
            .as_bytes(),
        );
        pipelined.extend_from_slice(&body);
    }
    let answer = raw_exchange(&gateway, &pipelined);
    assert_eq!(answer.matches("\"valid\":true").count(), 2, "{answer}");
}

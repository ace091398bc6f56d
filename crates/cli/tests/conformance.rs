//! `werkbrug conformance` as a vendor runs it: against werkbrug itself (documents, adapters
//! through the harness protocol, demo sources, a gateway), where everything must pass, and
//! against deliberately broken variants, each of which must fail with the right requirement.
//!
//! The broken variants are werkbrug's own servers behind a small HTTP proxy that breaks one
//! thing (drops a header, turns 404 into 200, ...), or werkbrug's harness behind a filter.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use common::{Response, Server};
use serde_json::{Value, json};

const KEY: &str = "conformance-test-key-1";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A finished conformance run.
struct Run {
    code: i32,
    stdout: String,
    lines: Vec<Value>,
    report: tempfile::TempDir,
}

impl Run {
    fn results(&self) -> impl Iterator<Item = &Value> {
        self.lines.iter().filter(|l| l["type"] == "result")
    }

    /// The requirements with a result of this outcome.
    fn with(&self, outcome: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .results()
            .filter(|r| r["outcome"] == outcome)
            .map(|r| r["requirement"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    fn assert_all_pass(&self) {
        assert_eq!(self.code, 0, "{}", self.stdout);
        let total = self.results().count();
        assert!(total > 0);
        assert_eq!(self.with("fail"), Vec::<String>::new(), "{}", self.stdout);
        assert_eq!(self.with("error"), Vec::<String>::new(), "{}", self.stdout);
        assert_eq!(self.with("skip"), Vec::<String>::new(), "{}", self.stdout);
        let summary = self.lines.last().unwrap();
        assert_eq!(summary["type"], "summary");
        assert_eq!(summary["counts"]["pass"], total);
        assert_eq!(summary["conforms"], true);
    }

    /// Asserts the run failed, and that `requirement` is among the failures.
    fn assert_fails(&self, requirement: &str) {
        assert_eq!(self.code, 1, "{}", self.stdout);
        assert!(
            self.with("fail").contains(&requirement.to_owned()),
            "{requirement} did not fail: {}",
            self.stdout
        );
        assert_eq!(self.lines.last().unwrap()["conforms"], false);
    }

    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.report.path().join(name)).unwrap()
    }
}

fn conformance(args: &[&str]) -> Run {
    let report = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_werkbrug"))
        .arg("conformance")
        .args(args)
        .arg("--report")
        .arg(report.path())
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let lines = std::fs::read_to_string(report.path().join("report.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout,
        lines,
        report,
    }
}

fn vum_source() -> Server {
    // More than 100 jobseekers and vacancies in the country, so the limit is exercised.
    Server::start(&[
        "demo-source",
        "--kind",
        "vum-bron",
        "--format",
        "vum",
        "--count",
        "480",
        "--vacancies",
        "440",
    ])
}

fn werkbrug_source() -> Server {
    common::demo_source(
        "uitzend",
        "Uitzendbureau Test",
        "werkbrug-source",
        "setu-json",
        "staffing-agency",
        7,
    )
}

fn gateway(dir: &Path) -> Server {
    let config = dir.join("werkbrug.toml");
    std::fs::write(
        &config,
        format!(
            "[access]\nrequire_keys = true\n\n[[access.api_keys]]\nhash = \"{}\"\norganisation = \"Conformance\"\nroles = [\"translate\", \"validate\"]\n",
            werkbrug_gateway::access::hash_key(KEY)
        ),
    )
    .unwrap();
    Server::start(&[
        "serve",
        "--config",
        config.to_str().unwrap(),
        "--bind",
        "127.0.0.1:0",
    ])
}

fn api(profile: &str, address: &str, extra: &[&str]) -> Run {
    let target = format!("http://{address}");
    let mut args = vec!["api", "--profile", profile, "--target", &target];
    args.extend_from_slice(extra);
    conformance(&args)
}

// --- a proxy that breaks one thing -------------------------------------------------------------

/// A request as the proxy received it.
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

type OnRequest = dyn Fn(&mut Request) -> Option<Response> + Send + Sync;
type OnResponse = dyn Fn(&Request, &mut Response) + Send + Sync;

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

fn write_response(stream: &mut TcpStream, response: &Response) {
    let mut head = format!("HTTP/1.1 {} X\r\n", response.status);
    for (name, value) in &response.headers {
        if !matches!(
            name.as_str(),
            "content-length" | "transfer-encoding" | "connection"
        ) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        response.body.len()
    ));
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&response.body);
}

/// Starts a proxy to `upstream`; returns its address.
fn proxy(upstream: &str, on_request: Arc<OnRequest>, on_response: Arc<OnResponse>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let upstream = upstream.to_owned();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (upstream, on_request, on_response) =
                (upstream.clone(), on_request.clone(), on_response.clone());
            std::thread::spawn(move || {
                let Some(mut request) = read_request(&mut stream) else {
                    return;
                };
                let response = match on_request(&mut request) {
                    Some(response) => response,
                    None => {
                        let headers: Vec<(&str, &str)> = request
                            .headers
                            .iter()
                            .filter(|(n, _)| {
                                !matches!(n.as_str(), "host" | "connection" | "content-length")
                            })
                            .map(|(n, v)| (n.as_str(), v.as_str()))
                            .collect();
                        let mut response = common::request(
                            &upstream,
                            &request.method,
                            &request.path,
                            &headers,
                            &request.body,
                        );
                        on_response(&request, &mut response);
                        response
                    }
                };
                write_response(&mut stream, &response);
            });
        }
    });
    address
}

fn pass_request() -> Arc<OnRequest> {
    Arc::new(|_| None)
}

fn pass_response() -> Arc<OnResponse> {
    Arc::new(|_, _| {})
}

/// Rewrites a JSON response body.
fn edit_json(response: &mut Response, edit: impl FnOnce(&mut Value)) {
    if let Ok(mut body) = serde_json::from_slice::<Value>(&response.body) {
        edit(&mut body);
        response.body = body.to_string().into_bytes();
    }
}

/// Runs the vum-bron profile against a VUM demo source behind a proxy that breaks something.
fn broken_vum_source(
    on_request: Arc<OnRequest>,
    on_response: Arc<OnResponse>,
    extra: &[&str],
) -> Run {
    let source = vum_source();
    let proxy = proxy(&source.address, on_request, on_response);
    api("vum-bron", &proxy, extra)
}

/// Runs the gateway profile against a gateway behind a proxy that breaks something.
fn broken_gateway(on_request: Arc<OnRequest>, on_response: Arc<OnResponse>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let server = gateway(dir.path());
    let proxy = proxy(&server.address, on_request, on_response);
    let header = format!("X-Api-Key: {KEY}");
    api("gateway", &proxy, &["--header", &header])
}

// --- werkbrug itself passes ---------------------------------------------------------------------

#[test]
fn werkbrugs_documents_conform_and_broken_ones_fail_their_requirement() {
    let run = conformance(&[
        "documents",
        "conformance/v1/documents/valid",
        "examples/documents",
    ]);
    run.assert_all_pass();
    assert!(run.stdout.contains("CONFORMS"), "{}", run.stdout);

    let run = conformance(&["documents", "conformance/v1/documents/invalid"]);
    assert_eq!(run.code, 1);
    let cases: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("conformance/v1/documents/cases.json")).unwrap(),
    )
    .unwrap();
    for case in cases.iter().filter(|c| c["valid"] == false) {
        let file = format!(
            "conformance/v1/documents/{}",
            case["file"].as_str().unwrap()
        );
        let requirement = &case["findings"][0]["requirement"];
        let failed: Vec<&Value> = run
            .results()
            .filter(|r| r["id"] == file.as_str() && r["outcome"] == "fail")
            .collect();
        assert_eq!(failed.len(), 1, "{file}: {failed:?}");
        assert_eq!(&failed[0]["requirement"], requirement, "{file}");
    }
}

#[test]
fn werkbrugs_adapters_pass_through_the_harness_protocol() {
    let harness = format!("{} conformance harness", env!("CARGO_BIN_EXE_werkbrug"));
    for format in ["vum", "setu-xml", "setu-json", "hropen", "schema-org"] {
        let run = conformance(&["adapter", "--format", format, "--command", &harness]);
        run.assert_all_pass();
        let vectors: std::collections::BTreeSet<&str> =
            run.results().filter_map(|r| r["id"].as_str()).collect();
        assert!(vectors.len() > 5, "{format}: {vectors:?}");
        assert_eq!(
            run.lines[0]["subject"]["harness"]["implementation"]["name"],
            "werkbrug"
        );
    }
}

#[test]
fn a_vum_demo_source_passes_the_vum_bron_profile() {
    let source = vum_source();
    let run = api("vum-bron", &source.address, &[]);
    run.assert_all_pass();
    // Every requirement of the profile was checked.
    for requirement in [
        "vum-bron/matches.contract",
        "vum-bron/matches.limit",
        "vum-bron/selectiegebied.required",
        "vum-bron/selection.applied",
        "vum-bron/detail.contract",
        "vum-bron/detail.not-found",
        "vum-bron/headers.api-version",
        "vum-bron/headers.vum",
        "vum-bron/headers.required",
        "vum-bron/error.format",
        "vum-bron/no-empty-values",
    ] {
        assert!(
            run.with("pass").contains(&requirement.to_owned()),
            "{requirement}"
        );
    }
}

#[test]
fn a_werkbrug_demo_source_passes_the_werkbrug_source_profile() {
    let source = werkbrug_source();
    let run = api(
        "werkbrug-source",
        &source.address,
        &[
            "--var",
            "jobseekerId=DEMO-W-000000",
            "--var",
            "vacancyId=DEMO-V-000000",
        ],
    );
    run.assert_all_pass();
    // Without the ids the detail checks are skipped, and a skip is not a pass.
    let run = api("werkbrug-source", &source.address, &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.with("skip"),
        [
            "werkbrug-source/api-version",
            "werkbrug-source/detail.found"
        ]
    );
    assert!(
        !run.with("pass")
            .contains(&"werkbrug-source/detail.found".to_owned())
    );
    assert!(
        run.stdout.contains("set --var jobseekerId=..."),
        "{}",
        run.stdout
    );
}

#[test]
fn a_werkbrug_gateway_passes_the_gateway_profile() {
    let dir = tempfile::tempdir().unwrap();
    let server = gateway(dir.path());
    let header = format!("X-Api-Key: {KEY}");
    let run = api("gateway", &server.address, &["--header", &header]);
    run.assert_all_pass();
    // The key is never in the report.
    for file in ["report.jsonl", "junit.xml", "report.html"] {
        assert!(!run.file(file).contains(KEY), "{file}");
    }
    assert!(run.file("report.jsonl").contains("X-Api-Key: [redacted]"));
}

// --- broken sources -----------------------------------------------------------------------------

#[test]
fn a_source_that_ignores_the_selectiegebied_fails() {
    let run = broken_vum_source(
        Arc::new(|request: &mut Request| {
            // Answers searches without an area as if they had one.
            if let Ok(mut body) = serde_json::from_slice::<Value>(&request.body)
                && body["vraagObject"].is_object()
                && body["vraagObject"]["selectiegebied"].is_null()
            {
                body["vraagObject"]["selectiegebied"] =
                    json!({"postcode": "3511AB", "afstand": 300});
                request.body = body.to_string().into_bytes();
            }
            None
        }),
        pass_response(),
        &[],
    );
    run.assert_fails("vum-bron/selectiegebied.required");
    assert_eq!(
        run.with("fail"),
        ["vum-bron/error.format", "vum-bron/selectiegebied.required"]
    );
}

#[test]
fn a_source_without_api_version_fails() {
    let run = broken_vum_source(
        pass_request(),
        Arc::new(|_: &Request, response: &mut Response| {
            response.headers.retain(|(n, _)| n != "api-version");
        }),
        &[],
    );
    run.assert_fails("vum-bron/headers.api-version");
    assert_eq!(run.with("fail"), ["vum-bron/headers.api-version"]);
}

#[test]
fn a_source_that_sends_empty_arrays_fails_and_the_report_shows_no_personal_data() {
    let run = broken_vum_source(
        pass_request(),
        Arc::new(|request: &Request, response: &mut Response| {
            if request.path.ends_with("/matches") {
                edit_json(response, |body| {
                    if let Some(first) = body["matches"].get_mut(0) {
                        first["sector"] = json!([]);
                    }
                });
            }
        }),
        &[],
    );
    run.assert_fails("vum-bron/no-empty-values");
    let failure = run
        .results()
        .find(|r| r["requirement"] == "vum-bron/no-empty-values" && r["outcome"] == "fail")
        .unwrap();
    assert!(
        failure["message"]
            .as_str()
            .unwrap()
            .contains("/matches/0/sector"),
        "{failure}"
    );
    // The evidence holds the response's shape, not its values: no string of the matches that
    // the source sent appears in any report (a source of the same seed holds the same people).
    let source = vum_source();
    let matches = common::request(
        &source.address,
        "POST",
        "/werkzoekendeProfielen/matches",
        &[
            ("API-Version", "3.0.0"),
            ("X-VUM-berichtVersie", "3.0.0"),
            ("X-VUM-fromParty", "00000009999000000001"),
            ("X-VUM-toParty", "00000009999000000002"),
            ("X-VUM-viaParty", "00000009999000000001"),
            ("X-VUM-SUWIparty", "false"),
            ("Content-Type", "application/json"),
        ],
        br#"{"vraagObject":{"selectiegebied":{"postcode":"3511AB","afstand":300}}}"#,
    )
    .json();
    let mut strings = Vec::new();
    collect_strings(&matches["matches"], &mut strings);
    // Dates may coincide with the run's own timestamps; names, ids, postcodes, URIs may not.
    strings.retain(|s| s.len() >= 6 && !s.chars().all(|c| c.is_ascii_digit() || c == '-'));
    assert!(strings.len() > 50);
    let reports = ["report.jsonl", "junit.xml", "report.html"]
        .map(|f| run.file(f))
        .join("\n");
    for value in &strings {
        assert!(
            !reports.contains(value.as_str()),
            "the report shows {value:?}"
        );
    }
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[test]
fn a_source_that_answers_200_for_an_unknown_id_fails() {
    let run = broken_vum_source(
        pass_request(),
        Arc::new(|_: &Request, response: &mut Response| {
            if response.status == 404 {
                response.status = 200;
                response.body = br#"{"idWerkzoekende":"onbekend"}"#.to_vec();
            }
        }),
        &[],
    );
    run.assert_fails("vum-bron/detail.not-found");
}

#[test]
fn a_source_that_returns_101_matches_without_the_limit_flag_fails() {
    let run = broken_vum_source(
        pass_request(),
        Arc::new(|request: &Request, response: &mut Response| {
            if request.path.ends_with("/matches") {
                edit_json(response, |body| {
                    let matches = body["matches"].as_array_mut().unwrap();
                    while !matches.is_empty() && matches.len() < 101 {
                        matches.push(matches[0].clone());
                    }
                    body["maximumAantalResultatenBereikt"] = json!(false);
                });
            }
        }),
        &[],
    );
    run.assert_fails("vum-bron/matches.limit");
    assert_eq!(run.with("fail"), ["vum-bron/matches.limit"]);
}

// --- broken adapters ----------------------------------------------------------------------------

#[test]
fn an_adapter_that_drops_a_field_without_a_loss_entry_fails() {
    // werkbrug's harness, with every decoded document losing one property on the way out.
    let filter = "import json, sys\n\
for line in sys.stdin:\n    answer = json.loads(line)\n    document = answer.get('document')\n    if isinstance(document, dict):\n        for key in list(document):\n            if key not in ('documentType', 'identifiers', 'metadata', 'title', 'status'):\n                del document[key]\n                break\n    print(json.dumps(answer), flush=True)\n";
    let script = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(script.path(), filter).unwrap();
    let command = format!(
        "{} conformance harness | python3 -u {}",
        env!("CARGO_BIN_EXE_werkbrug"),
        script.path().display()
    );
    let run = conformance(&["adapter", "--format", "vum", "--command", &command]);
    run.assert_fails("adapter/losses.no-silent-drop");
    assert!(
        run.with("fail")
            .contains(&"adapter/decode.document".to_owned())
    );
    // Encoding is untouched, so its vectors still pass.
    assert!(
        run.results()
            .filter(|r| r["requirement"] == "adapter/encode.output")
            .all(|r| r["outcome"] == "pass")
    );
}

#[test]
fn a_harness_that_never_answers_is_an_error_not_a_hang() {
    let run = conformance(&[
        "adapter",
        "--format",
        "vum",
        "--command",
        "cat > /dev/null",
        "--timeout",
        "1",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.with("pass"), Vec::<String>::new());
    assert!(run.with("error").len() >= 5);
    assert!(
        run.stdout.contains("did not answer within 1 s"),
        "{}",
        run.stdout
    );
}

// --- broken gateways ----------------------------------------------------------------------------

#[test]
fn a_gateway_that_redirects_trailing_slashes_fails() {
    let run = broken_gateway(
        Arc::new(|request: &mut Request| {
            let path = request.path.split('?').next().unwrap_or("");
            (path.len() > 1 && path.ends_with('/')).then(|| Response {
                status: 308,
                headers: vec![("location".into(), path.trim_end_matches('/').into())],
                body: Vec::new(),
            })
        }),
        pass_response(),
    );
    run.assert_fails("gateway/no-trailing-slash");
}

#[test]
fn a_gateway_that_answers_422_for_invalid_input_fails() {
    let run = broken_gateway(
        pass_request(),
        Arc::new(|_: &Request, response: &mut Response| {
            if response.status == 400 {
                response.status = 422;
                edit_json(response, |body| body["status"] = json!(422));
            }
        }),
    );
    run.assert_fails("gateway/bad-request");
}

// --- selection and reports ----------------------------------------------------------------------

#[test]
fn skips_need_a_reason_and_are_never_a_pass() {
    let source = vum_source();
    let proxy = proxy(
        &source.address,
        pass_request(),
        Arc::new(|_: &Request, response: &mut Response| {
            response.headers.retain(|(n, _)| n != "api-version");
        }),
    );
    let dir = tempfile::tempdir().unwrap();
    let skip_file = dir.path().join("skip.txt");
    std::fs::write(
        &skip_file,
        "# known gaps\nvum-bron/headers.api-version  our load balancer strips it; ticket 12\n",
    )
    .unwrap();
    let run = api(
        "vum-bron",
        &proxy,
        &["--skip-file", skip_file.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.with("skip"), ["vum-bron/headers.api-version"]);
    let skipped = run.results().find(|r| r["outcome"] == "skip").unwrap();
    assert_eq!(skipped["message"], "our load balancer strips it; ticket 12");
    assert_eq!(run.lines.last().unwrap()["counts"]["skip"], 12);
    assert!(
        run.file("junit.xml")
            .contains("<skipped message=\"our load balancer strips it; ticket 12\"/>")
    );

    std::fs::write(&skip_file, "vum-bron/headers.api-version\n").unwrap();
    let run = api(
        "vum-bron",
        &proxy,
        &["--skip-file", skip_file.to_str().unwrap()],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("line 1: 'vum-bron/headers.api-version' has no reason"),
        "{}",
        run.stdout
    );

    // --only runs what it names; naming nothing that exists runs nothing, which is an error.
    let run = api("vum-bron", &proxy, &["--only", "vum-bron/detail.not-found"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.with("pass"), ["vum-bron/detail.not-found"]);
    let run = api("vum-bron", &proxy, &["--only", "vum-bron/no-such-thing"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("nothing ran"), "{}", run.stdout);
}

#[test]
fn reports_say_what_was_tested_and_by_what() {
    let run = conformance(&[
        "documents",
        "conformance/v1/documents/invalid/vacancy-kvk-format.json",
    ]);
    assert_eq!(run.code, 1);
    let header = &run.lines[0];
    assert_eq!(header["type"], "header");
    assert_eq!(header["suite"]["suite"], "werkbrug conformance suite");
    assert_eq!(header["suite"]["version"], "1.0.0");
    assert_eq!(header["tool"]["name"], "werkbrug");
    assert_eq!(header["mode"], "documents");
    let failure = run.results().find(|r| r["outcome"] == "fail").unwrap();
    assert_eq!(failure["requirement"], "document/kvk.format");
    assert_eq!(failure["level"], "MUST");
    assert_eq!(
        failure["evidence"]["findings"][0]["pointer"],
        "/employer/kvkNumber"
    );
    let junit = run.file("junit.xml");
    assert!(
        junit.contains("<testsuite name=\"document/kvk.format\" tests=\"1\" failures=\"1\""),
        "{junit}"
    );
    let html = run.file("report.html");
    assert!(html.contains("Verdict: does not conform"));
    assert!(html.contains(&format!("<td>werkbrug {}</td>", env!("CARGO_PKG_VERSION"))));
    assert!(html.contains("document/kvk.format"));
    assert!(!html.contains("<script"));
}

#[test]
fn report_lines_follow_the_published_schema_and_level_filters() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("conformance/v1/schemas/report-line.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let source = werkbrug_source();
    // Without the ids some steps are skipped; with --level must the SHOULD requirements of the
    // documents (date.birth-plausible, identifiers.source, language.dutch) are left out.
    for run in [
        api("werkbrug-source", &source.address, &[]),
        conformance(&["documents", "conformance/v1/documents", "--level", "must"]),
        conformance(&["documents", "conformance/v1/documents"]),
    ] {
        assert!(run.lines.len() > 10);
        for line in &run.lines {
            let errors: Vec<String> = validator.iter_errors(line).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{line}: {errors:?}");
        }
    }
    let must = conformance(&["documents", "conformance/v1/documents", "--level", "must"]);
    assert!(must.results().all(|r| r["level"] == "MUST"));
    let all = conformance(&["documents", "conformance/v1/documents"]);
    assert!(
        all.results()
            .any(|r| r["requirement"] == "document/language.dutch")
    );
}

#[test]
fn the_requirements_can_be_listed_by_actor() {
    let output = Command::new(env!("CARGO_BIN_EXE_werkbrug"))
        .args([
            "conformance",
            "requirements",
            "--actor",
            "gateway",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let listed: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(listed.len() >= 10);
    assert!(listed.iter().all(|r| r["actor"] == "gateway"));
    let trailing = listed
        .iter()
        .find(|r| r["id"] == "gateway/no-trailing-slash")
        .unwrap();
    assert_eq!(trailing["level"], "MUST");
    assert!(
        trailing["source"]
            .as_str()
            .unwrap()
            .contains("/core/no-trailing-slash")
    );
    let output = Command::new(env!("CARGO_BIN_EXE_werkbrug"))
        .args(["conformance", "requirements", "--actor", "nobody"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

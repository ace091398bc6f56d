//! The processing log over real HTTP: every disclosure of a person has its record, written before
//! the response, with the right purpose, caller and source, a stable pseudonym and nothing
//! personal in it; refusals are recorded too; auditors read it by trace and by subject.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Response, Server};
use serde_json::{Value, json};

const KEY: &str = "logbook-test-key-werkgeversservicepunt";
const AUDITOR: &str = "logbook-test-key-auditor-of-the-log";
const OTHER: &str = "logbook-test-key-matching-only-org";

fn demo_source(id: &str, kind: &str, format: &str, holder: &str) -> Server {
    common::demo_source(id, &format!("Organisatie {id}"), kind, format, holder, 21)
}

fn gateway(dir: &Path, sources: &[(&str, &str, &str, &Server)], log_url: &str) -> Server {
    let hash = werkbrug_gateway::access::hash_key;
    let mut config = format!(
        r#"[[access.api_keys]]
hash = "{}"
organisation = "Werkgeversservicepunt Test"
oin = "00000001000000000999"
roles = ["search"]
purposes = ["matching", "bemiddeling"]

[[access.api_keys]]
hash = "{}"
organisation = "Functionaris Gegevensbescherming"
roles = ["audit"]

[[access.api_keys]]
hash = "{}"
organisation = "Alleen Matching B.V."
roles = ["search"]
purposes = ["matching"]

[logbook]
url = "{log_url}"
subject_key = "2222222222222222222222222222222222222222222222222222222222222222"

[federation]
pseudonym_key = "1111111111111111111111111111111111111111111111111111111111111111"

"#,
        hash(KEY),
        hash(AUDITOR),
        hash(OTHER)
    );
    for (id, kind, format, server) in sources {
        let format_line = if *kind == "werkbrug-source" {
            format!("format = \"{format}\"\n")
        } else {
            String::new()
        };
        config.push_str(&format!(
            "[[federation.sources]]\nid = \"{id}\"\norganisation = \"Organisatie {id}\"\nkind = \"{kind}\"\n{format_line}base_url = \"http://{}\"\ndocument_types = [\"jobseeker-profile\", \"vacancy\"]\ntimeout_ms = 10000\n\n",
            server.address
        ));
    }
    let path = dir.join("werkbrug.toml");
    std::fs::write(&path, config).unwrap();
    Server::start(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--config",
        path.to_str().unwrap(),
    ])
}

fn traced(
    gateway: &Server,
    method: &str,
    path: &str,
    key: &str,
    trace: &str,
    body: &[u8],
) -> Response {
    let traceparent = format!("00-{trace}-00f067aa0ba902b7-01");
    gateway.request(
        method,
        path,
        &[
            ("Content-Type", "application/json"),
            ("X-Api-Key", key),
            ("traceparent", &traceparent),
        ],
        body,
    )
}

fn log_by(gateway: &Server, query: Value) -> Vec<Value> {
    let response = gateway.request(
        "POST",
        "/v1/processing-log-searches",
        &[("Content-Type", "application/json"), ("X-Api-Key", AUDITOR)],
        query.to_string().as_bytes(),
    );
    assert_eq!(
        response.status,
        200,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    response.json()["records"].as_array().unwrap().clone()
}

#[test]
fn every_disclosure_is_logged_in_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let log_file = dir.path().join("log").join("werkbrug-log.db");
    std::fs::create_dir_all(log_file.parent().unwrap()).unwrap();
    disclosures_are_logged(
        dir.path(),
        &format!("sqlite://{}", log_file.display()),
        Some(&log_file),
    );
}

#[test]
fn every_disclosure_is_logged_in_postgres() {
    let Some(postgres) = PrivatePostgres::start_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    disclosures_are_logged(dir.path(), &postgres.url(), None);
}

/// After a search returning k people and d details, the log holds exactly k + d subject records
/// with the right purpose, caller and source; pseudonyms are stable per subject and differ between
/// subjects; refusals are recorded; auditors and `werkbrug audit` read it; nothing personal is in
/// the log (the SQLite file is scanned) or in the gateway's log lines.
fn disclosures_are_logged(dir: &Path, log_url: &str, log_file: Option<&Path>) {
    let uwv = demo_source("uwv", "vum-bron", "vum", "uwv");
    let agency = demo_source(
        "uitzendbureau",
        "werkbrug-source",
        "setu-xml",
        "staffing-agency",
    );
    let gateway = gateway(
        dir,
        &[
            ("uwv", "vum-bron", "vum", &uwv),
            ("uitzendbureau", "werkbrug-source", "setu-xml", &agency),
        ],
        log_url,
    );
    let search = json!({"purpose": "bemiddeling", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 60}}});
    let trace_search = "11111111111111111111111111111111";
    let answer = traced(
        &gateway,
        "POST",
        "/v1/jobseeker-searches",
        KEY,
        trace_search,
        search.to_string().as_bytes(),
    );
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let answer = answer.json();
    let results = answer["results"].as_array().unwrap();
    let k = results.len();
    assert!(k > 10, "{k}");

    // k subject records for the search, one per result, with the right purpose, caller and source.
    let records = log_by(&gateway, json!({"traceId": trace_search}));
    assert_eq!(records.len(), k);
    let mut by_source: BTreeMap<String, usize> = BTreeMap::new();
    for result in results {
        *by_source
            .entry(result["source"]["id"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let mut logged: BTreeMap<String, usize> = BTreeMap::new();
    for record in &records {
        assert_eq!(
            record["activity"],
            "https://werkbrug.nl/purposes/v1/bemiddeling"
        );
        assert_eq!(record["operation"], "search");
        assert_eq!(record["status"], "disclosed");
        assert_eq!(record["callerOrganisation"], "Werkgeversservicepunt Test");
        assert_eq!(record["callerOin"], "00000001000000000999");
        assert_eq!(record["parentOperationId"], "00f067aa0ba902b7");
        assert!(record["callerKey"].as_str().unwrap().starts_with("sha256:"));
        assert_eq!(
            record["sourceOrganisation"],
            format!("Organisatie {}", record["sourceId"].as_str().unwrap())
        );
        assert!(!record["fields"].as_array().unwrap().is_empty());
        assert_eq!(record["subject"].as_str().unwrap().len(), 32);
        *logged
            .entry(record["sourceId"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    assert_eq!(logged, by_source);
    let subjects: std::collections::BTreeSet<&str> = records
        .iter()
        .map(|r| r["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects.len(),
        k,
        "one pseudonym per subject, different between subjects"
    );

    // d detail calls: d more records, one each.
    let d = 3;
    let mut personal = Vec::new();
    for (n, result) in results.iter().take(d).enumerate() {
        let trace = format!("2222222222222222222222222222222{n}");
        let id = result["id"].as_str().unwrap();
        let detail = traced(
            &gateway,
            "GET",
            &format!("/v1/jobseekers/{id}?purpose=bemiddeling"),
            KEY,
            &trace,
            b"",
        );
        assert_eq!(detail.status, 200);
        let view = detail.json();
        for pointer in [
            "/document/person/familyName",
            "/document/person/givenNames",
            "/document/contact/emails/0",
            "/document/contact/phones/0",
        ] {
            if let Some(v) = view.pointer(pointer).and_then(Value::as_str) {
                personal.push(v.to_owned());
            }
        }
        let records = log_by(&gateway, json!({"traceId": trace}));
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["operation"], "detail");
        assert_eq!(records[0]["sourceId"], result["source"]["id"]);
    }
    assert!(!personal.is_empty());
    let everything = log_by(&gateway, json!({"since": "2000-01-01T00:00:00Z"}));
    assert_eq!(everything.len(), k + d);

    // The same search again: new ids, the same pseudonyms.
    let trace_again = "33333333333333333333333333333333";
    let again = traced(
        &gateway,
        "POST",
        "/v1/jobseeker-searches",
        KEY,
        trace_again,
        search.to_string().as_bytes(),
    )
    .json();
    assert_ne!(again["results"][0]["id"], answer["results"][0]["id"]);
    let again_subjects: std::collections::BTreeSet<String> =
        log_by(&gateway, json!({"traceId": trace_again}))
            .iter()
            .map(|r| r["subject"].as_str().unwrap().to_owned())
            .collect();
    assert_eq!(
        again_subjects,
        subjects.iter().map(|s| s.to_string()).collect()
    );

    // An auditor finds one subject's records by the source's own id (in the body, not the URL).
    let uwv_total = everything.iter().filter(|r| r["sourceId"] == "uwv").count()
        + log_by(&gateway, json!({"traceId": trace_again}))
            .iter()
            .filter(|r| r["sourceId"] == "uwv")
            .count();
    let mut found = 0;
    for n in 0..120 {
        found += log_by(
            &gateway,
            json!({"subject": {"source": "uwv", "localId": format!("DEMO-W-{n:06}")}}),
        )
        .len();
    }
    assert_eq!(found, uwv_total);

    // Refusals are recorded, without a subject.
    let refused_trace = "44444444444444444444444444444444";
    let refusal = traced(
        &gateway,
        "POST",
        "/v1/jobseeker-searches",
        OTHER,
        refused_trace,
        search.to_string().as_bytes(),
    );
    refusal.assert_problem(403, "forbidden");
    let unknown_trace = "55555555555555555555555555555555";
    traced(
        &gateway,
        "POST",
        "/v1/jobseeker-searches",
        "not-a-key-anyone-has",
        unknown_trace,
        b"{}",
    )
    .assert_problem(401, "unauthorized");
    let refused = log_by(&gateway, json!({"traceId": refused_trace}));
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["status"], "refused-403");
    assert_eq!(refused[0]["callerOrganisation"], "Alleen Matching B.V.");
    assert!(refused[0].get("subject").is_none());
    // A refusal without a valid key is counted, not written at once: it becomes one record per
    // address and minute (refusals_without_a_valid_key_are_counted_per_address_not_written_per_request).
    assert!(log_by(&gateway, json!({"traceId": unknown_trace})).is_empty());

    // Only auditors read the log, and only with a criterion.
    gateway
        .request(
            "POST",
            "/v1/processing-log-searches",
            &[("Content-Type", "application/json"), ("X-Api-Key", KEY)],
            b"{\"since\": \"2000-01-01T00:00:00Z\"}",
        )
        .assert_problem(403, "forbidden");
    gateway
        .request(
            "POST",
            "/v1/processing-log-searches",
            &[("Content-Type", "application/json"), ("X-Api-Key", AUDITOR)],
            b"{}",
        )
        .assert_problem(400, "invalid-input");

    // Nothing personal in the log or in the gateway's own log lines.
    let logs = gateway.stop();
    let mut stored = Vec::new();
    if let Some(log_file) = log_file {
        for suffix in ["", "-wal", "-shm"] {
            if let Ok(bytes) = std::fs::read(format!("{}{suffix}", log_file.display())) {
                stored.extend(bytes);
            }
        }
    }
    let stored = String::from_utf8_lossy(&stored).into_owned();
    assert!(
        log_file.is_none() || stored.contains("werkbrug.nl/purposes/v1/bemiddeling"),
        "the database holds the records"
    );
    for value in personal.iter().map(String::as_str).chain(["DEMO-W-"]) {
        assert!(!stored.contains(value), "the processing log holds {value}");
        assert!(
            !logs.contains(value),
            "the gateway's log lines hold {value}"
        );
    }
    assert!(
        !has_test_bsn(&stored) && !has_test_bsn(&logs),
        "a BSN was logged"
    );

    // The same records from the command line, with the gateway's settings file; then pruned.
    let config = dir.join("werkbrug.toml");
    let audit = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_werkbrug"))
            .arg("audit")
            .args(args)
            .args(["--config", config.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let lines = audit(&["--trace", trace_search, "--format", "json"]);
    assert_eq!(lines.lines().count(), k);
    let record: Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(record["traceId"], trace_search);
    let total = 2 * k + d + 1;
    let table = audit(&["--since", "2000-01-01T00:00:00Z"]);
    assert!(table.starts_with("started (UTC)"), "{table}");
    assert!(
        table.contains("bemiddeling") && table.contains("refused-403"),
        "{table}"
    );
    assert!(
        table.trim_end().ends_with(&format!("\n{total} record(s)")),
        "{table}"
    );
    let subject = audit(&["--subject", "uwv:DEMO-W-000000", "--format", "json"]);
    assert!(subject.lines().all(|l| l.contains("\"sourceId\":\"uwv\"")));
    let pruned = audit(&["prune", "--before", "2100-01-01T00:00:00Z"]);
    assert!(
        pruned.starts_with(&format!("deleted {total} record(s)")),
        "{pruned}"
    );
    assert!(
        audit(&["--since", "2000-01-01T00:00:00Z"])
            .trim_end()
            .ends_with("\n0 record(s)")
    );
}

/// Whether a text holds a nine-digit number of the 9999 test range (a BSN of the demo data).
/// Whether `text` holds a test-range BSN: nine digits on their own, starting 9999, that pass the
/// elfproef (every demo BSN does). Without the elfproef, a logged duration whose decimals happen
/// to read 9999xxxxx made the test fail now and then.
fn has_test_bsn(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(11).any(|w| {
        !w[0].is_ascii_digit()
            && !w[10].is_ascii_digit()
            && w[1..5] == *b"9999"
            && w[5..10].iter().all(u8::is_ascii_digit)
            && werkbrug_model::rules::is_valid_bsn(std::str::from_utf8(&w[1..10]).unwrap_or(""))
    })
}

/// A PostgreSQL server of this test's own, on a free loopback port, in a temporary directory,
/// stopped when dropped. `None` when the machine has no PostgreSQL (`.ci/run` installs it).
struct PrivatePostgres {
    bin: std::path::PathBuf,
    data: tempfile::TempDir,
    port: u16,
    as_postgres_user: bool,
}

impl PrivatePostgres {
    /// A server, or `None` with a message where the machine has no PostgreSQL; in CI
    /// (`CI_REQUIRES_POSTGRES`) a missing server fails the test instead of skipping it.
    fn start_or_skip() -> Option<Self> {
        let server = Self::start();
        if server.is_none() {
            eprintln!("skipped: no PostgreSQL on this machine (.ci/run installs it)");
            assert!(
                std::env::var_os("CI_REQUIRES_POSTGRES").is_none(),
                "CI needs PostgreSQL for this test"
            );
        }
        server
    }

    fn start() -> Option<Self> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .find(|b| b.join("initdb").is_file())?;
        let data = tempfile::tempdir().ok()?;
        // PostgreSQL refuses to run as root: then it runs as the package's postgres user.
        let as_postgres_user = std::process::Command::new("id")
            .arg("-u")
            .output()
            .ok()?
            .stdout
            == b"0\n";
        if as_postgres_user {
            std::process::Command::new("chown")
                .args(["-R", "postgres"])
                .arg(data.path())
                .status()
                .ok()?;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let server = Self {
            bin,
            data,
            port,
            as_postgres_user,
        };
        let pgdata = server.data.path().join("pg");
        server.run(&format!(
            "{}/initdb -D {} -A trust -U werkbrug",
            server.bin.display(),
            pgdata.display()
        ));
        server.ctl("start");
        Some(server)
    }

    fn run(&self, command: &str) {
        assert!(self.try_run(command), "{command}");
    }

    /// Runs a shell command as the server's user; whether it succeeded.
    fn try_run(&self, command: &str) -> bool {
        let quiet = format!("{command} >/dev/null 2>&1");
        let status = if self.as_postgres_user {
            std::process::Command::new("su")
                .args(["postgres", "-s", "/bin/sh", "-c", &quiet])
                .status()
        } else {
            std::process::Command::new("sh")
                .args(["-c", &quiet])
                .status()
        };
        status.is_ok_and(|s| s.success())
    }

    fn ctl(&self, action: &str) {
        let pgdata = self.data.path().join("pg");
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.data.path().display()
        );
        self.run(&format!(
            "{}/pg_ctl -D {} -o '{options}' -l {}/log -w -m fast {action}",
            self.bin.display(),
            pgdata.display(),
            self.data.path().display()
        ));
    }

    fn url(&self) -> String {
        format!("postgres://werkbrug@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let pgdata = self.data.path().join("pg");
        self.try_run(&format!(
            "{}/pg_ctl -D {} -m immediate stop",
            self.bin.display(),
            pgdata.display()
        ));
    }
}

#[test]
fn two_gateways_share_a_postgres_log_and_without_it_nothing_is_disclosed() {
    let Some(postgres) = PrivatePostgres::start_or_skip() else {
        return;
    };
    let uwv = demo_source("uwv", "vum-bron", "vum", "uwv");
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let sources = [("uwv", "vum-bron", "vum", &uwv)];
    let a = gateway(dir_a.path(), &sources, &postgres.url());
    let b = gateway(dir_b.path(), &sources, &postgres.url());
    let search = json!({"purpose": "matching", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 60}}});
    let body = search.to_string();
    let via_a = traced(
        &a,
        "POST",
        "/v1/jobseeker-searches",
        KEY,
        "a0000000000000000000000000000000",
        body.as_bytes(),
    )
    .json();
    let k = via_a["results"].as_array().unwrap().len();
    assert!(k > 0);
    traced(
        &b,
        "POST",
        "/v1/jobseeker-searches",
        KEY,
        "b0000000000000000000000000000000",
        body.as_bytes(),
    );
    // Each instance sees what the other logged: one log.
    assert_eq!(
        log_by(&b, json!({"traceId": "a0000000000000000000000000000000"})).len(),
        k
    );
    assert_eq!(
        log_by(&a, json!({"traceId": "b0000000000000000000000000000000"})).len(),
        k
    );

    // The database stops: searches and details are refused with 503 and disclose nothing.
    let id = via_a["results"][0]["id"].as_str().unwrap().to_owned();
    postgres.ctl("stop");
    let refused = traced(
        &a,
        "POST",
        "/v1/jobseeker-searches",
        KEY,
        "c0000000000000000000000000000000",
        body.as_bytes(),
    );
    refused.assert_problem(503, "processing-log-unavailable");
    assert!(refused.json().get("results").is_none());
    let detail = traced(
        &b,
        "GET",
        &format!("/v1/jobseekers/{id}?purpose=matching"),
        KEY,
        "d0000000000000000000000000000000",
        b"",
    );
    detail.assert_problem(503, "processing-log-unavailable");
    assert!(!String::from_utf8_lossy(&detail.body).contains("desiredWork"));

    // It comes back: the same gateways answer again, without a restart.
    postgres.ctl("start");
    let mut answered = None;
    for _ in 0..50 {
        let response = traced(
            &a,
            "POST",
            "/v1/jobseeker-searches",
            KEY,
            "e0000000000000000000000000000000",
            body.as_bytes(),
        );
        if response.status == 200 {
            answered = Some(response);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let answered = answered.expect("the gateway answers again once the log is back");
    assert_eq!(answered.json()["results"].as_array().unwrap().len(), k);
    assert_eq!(
        log_by(&b, json!({"traceId": "e0000000000000000000000000000000"})).len(),
        k
    );
    // Nothing was logged for the refused requests' subjects: they were not disclosed.
    assert!(log_by(&a, json!({"traceId": "c0000000000000000000000000000000"})).is_empty());
}

#[test]
fn after_a_crash_every_answer_a_client_received_has_its_records() {
    let uwv = demo_source("uwv", "vum-bron", "vum", "uwv");
    let dir = tempfile::tempdir().unwrap();
    let log_file = dir.path().join("werkbrug-log.db");
    let gateway = gateway(
        dir.path(),
        &[("uwv", "vum-bron", "vum", &uwv)],
        &format!("sqlite://{}", log_file.display()),
    );
    let address = gateway.address.clone();
    let search = json!({"purpose": "matching", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 40}}}).to_string();
    // Four clients search as fast as they can; each remembers the traces it got an answer for,
    // with the number of people in it.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|client| {
            let (address, search, stop) = (address.clone(), search.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut received = Vec::new();
                let mut n = 0u64;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    n += 1;
                    let trace = format!("{client:08x}{n:024x}");
                    let traceparent = format!("00-{trace}-00f067aa0ba902b7-01");
                    let headers = [
                        ("Content-Type", "application/json"),
                        ("X-Api-Key", KEY),
                        ("traceparent", traceparent.as_str()),
                    ];
                    // A request cut off by the crash is not an answer: only complete 200s count.
                    let Ok(response) = std::panic::catch_unwind(|| {
                        common::request(
                            &address,
                            "POST",
                            "/v1/jobseeker-searches",
                            &headers,
                            search.as_bytes(),
                        )
                    }) else {
                        break;
                    };
                    if response.status != 200 {
                        break;
                    }
                    let Ok(body) = serde_json::from_slice::<Value>(&response.body) else {
                        break;
                    };
                    received.push((trace, body["results"].as_array().map_or(0, Vec::len)));
                }
                received
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(1_500));
    // kill -9, with requests in flight.
    let mut gateway = gateway;
    kill9(&mut gateway.child);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let received: Vec<(String, usize)> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    assert!(
        received.len() > 10,
        "the load was too light: {}",
        received.len()
    );
    drop(gateway);

    // After the restart (the CLI opens the same log), every received answer has its records.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_werkbrug"))
        .args([
            "audit",
            "--since",
            "2000-01-01T00:00:00Z",
            "--format",
            "json",
            "--config",
        ])
        .arg(dir.path().join("werkbrug.toml"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut per_trace: BTreeMap<String, usize> = BTreeMap::new();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        *per_trace
            .entry(record["traceId"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    for (trace, people) in &received {
        assert_eq!(
            per_trace.get(trace).copied().unwrap_or(0),
            *people,
            "trace {trace}"
        );
    }
}

/// SIGKILL: the process gets no chance to flush or finish anything.
fn kill9(child: &mut std::process::Child) {
    // `Child::kill` sends SIGKILL on Unix.
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Files made immutable (`chattr +i`, which stops root too) until dropped.
struct Immutable(Vec<std::path::PathBuf>);

impl Immutable {
    /// Makes the files immutable; `None` where the filesystem or the user cannot.
    fn set(files: &[std::path::PathBuf]) -> Option<Self> {
        for file in files {
            let done = std::process::Command::new("chattr")
                .arg("+i")
                .arg(file)
                .output()
                .is_ok_and(|o| o.status.success());
            if !done {
                Immutable(files.to_vec()).clear();
                return None;
            }
        }
        Some(Immutable(files.to_vec()))
    }

    fn clear(&self) {
        for file in &self.0 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(file)
                .output();
        }
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        self.clear();
    }
}

#[test]
fn an_unwritable_sqlite_log_discloses_nothing_until_it_is_writable_again() {
    let uwv = demo_source("uwv", "vum-bron", "vum", "uwv");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.db");
    let gateway = gateway(
        dir.path(),
        &[("uwv", "vum-bron", "vum", &uwv)],
        &format!("sqlite://{}", log.display()),
    );
    let body = json!({"purpose": "matching", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 60}}}).to_string();
    let search = |trace: &str| {
        traced(
            &gateway,
            "POST",
            "/v1/jobseeker-searches",
            KEY,
            trace,
            body.as_bytes(),
        )
    };
    let first = search("f0000000000000000000000000000000");
    assert_eq!(first.status, 200);
    let k = first.json()["results"].as_array().unwrap().len();
    assert!(k > 0);

    let files = [log.clone(), dir.path().join("log.db-wal")];
    let Some(immutable) = Immutable::set(&files) else {
        eprintln!("skipped: chattr +i is not available here (filesystem or capabilities)");
        return;
    };
    let refused = search("f1000000000000000000000000000000");
    refused.assert_problem(503, "processing-log-unavailable");
    assert!(refused.json().get("results").is_none());

    // Writable again: the same gateway answers, without a restart, and logs.
    drop(immutable);
    let again = search("f2000000000000000000000000000000");
    assert_eq!(
        again.status,
        200,
        "{}",
        String::from_utf8_lossy(&again.body)
    );
    assert_eq!(again.json()["results"].as_array().unwrap().len(), k);
    assert_eq!(
        log_by(
            &gateway,
            json!({"traceId": "f2000000000000000000000000000000"})
        )
        .len(),
        k
    );
    assert!(
        log_by(
            &gateway,
            json!({"traceId": "f1000000000000000000000000000000"})
        )
        .is_empty()
    );
}

/// `n` records of one searching organisation, one a millisecond from 2026-11-01 on, written
/// straight into the log at `url`.
fn fill_log(url: &str, n: u32) {
    let log = werkbrug_logbook::Logbook::open(url).unwrap();
    let start: chrono::DateTime<chrono::Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
    let records: Vec<werkbrug_logbook::Record> = (0..n)
        .map(|i| {
            let at = start + chrono::Duration::milliseconds(i64::from(i));
            werkbrug_logbook::Record {
                id: format!("{i:032x}"),
                trace_id: format!("{:032x}", i + 1),
                operation_id: format!("{:016x}", i + 1),
                parent_operation_id: None,
                activity: "https://werkbrug.nl/purposes/v1/matching".into(),
                operation: "search".into(),
                caller_organisation: "Werkgeversservicepunt Test".into(),
                caller_oin: None,
                caller_key: Some("sha256:0123456789abcdef".into()),
                source_id: Some("uwv".into()),
                source_organisation: Some("UWV".into()),
                subject: Some(format!("{:064x}", i % 97)),
                fields: vec!["/desiredWork".into()],
                started: at,
                ended: at,
                status: "disclosed".into(),
                caller_address: None,
                occurrences: 1,
            }
        })
        .collect();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            for chunk in records.chunks(2_000) {
                log.write(chunk.to_vec()).await.unwrap();
            }
        });
}

#[test]
fn audits_read_every_record_in_range_page_after_page() {
    let dir = tempfile::tempdir().unwrap();
    let log_file = dir.path().join("log.db");
    let url = format!("sqlite://{}", log_file.display());
    // More than one page of the command line (10,000) and many pages of the API.
    let total = werkbrug_logbook::MAX_PAGE + 37;
    fill_log(&url, total);
    let source = demo_source("uwv", "vum-bron", "vum", "uwv");
    let gateway = gateway(dir.path(), &[("uwv", "vum-bron", "vum", &source)], &url);

    // The API: pages of 4,000 with a cursor, until an answer has no `next`.
    let ask = |query: Value| {
        gateway.request(
            "POST",
            "/v1/processing-log-searches",
            &[("Content-Type", "application/json"), ("X-Api-Key", AUDITOR)],
            query.to_string().as_bytes(),
        )
    };
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut query = json!({"since": "2026-11-01T00:00:00Z", "limit": 4000});
        if let Some(cursor) = &cursor {
            query["cursor"] = Value::from(cursor.clone());
        }
        let answer = ask(query).json();
        pages += 1;
        ids.extend(
            answer["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_owned()),
        );
        match answer["next"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..total).rev().map(|i| format!("{i:032x}")).collect();
    assert_eq!(ids, expected);
    // Without a limit, a page is 1,000 records.
    let first = ask(json!({"since": "2026-11-01T00:00:00Z"})).json();
    assert_eq!(first["records"].as_array().unwrap().len(), 1_000);
    assert!(first["next"].is_string());

    // The query is read strictly: each mistake with its place and its rule.
    for (query, pointer, rule) in [
        (
            json!({"traceId": "not-a-trace"}),
            "/traceId",
            "schema.pattern",
        ),
        (
            json!({"subject": {"source": "uwv", "localId": "x".repeat(201)}}),
            "/subject/localId",
            "schema.maxLength",
        ),
        (
            json!({"since": "2026-11-01T00:00:00Z", "limit": 0}),
            "/limit",
            "schema.minimum",
        ),
        (
            json!({"since": "2026-11-01T00:00:00Z", "limit": 10_001}),
            "/limit",
            "schema.maximum",
        ),
        (
            json!({"since": "2026-11-01T00:00:00Z", "cursor": "x"}),
            "/cursor",
            "schema.pattern",
        ),
        (
            json!({"since": "2026-11-01T00:00:00Z", "cursor": "99999999999999999999_ab"}),
            "/cursor",
            "log-query.cursor",
        ),
        (
            json!({"since": "2026-11-01T00:00:00Z", "sinse": 1}),
            "",
            "schema.additionalProperties",
        ),
    ] {
        let response = ask(query.clone());
        response.assert_problem(400, "invalid-input");
        let problem = response.json();
        assert_eq!(
            (
                problem["invalidParams"][0]["pointer"].as_str(),
                problem["invalidParams"][0]["rule"].as_str()
            ),
            (Some(pointer), Some(rule)),
            "{query}: {problem}"
        );
    }
    let broken = gateway.request(
        "POST",
        "/v1/processing-log-searches",
        &[("Content-Type", "application/json"), ("X-Api-Key", AUDITOR)],
        b"{\"since\": ",
    );
    broken.assert_problem(400, "invalid-input");
    assert_eq!(broken.json()["invalidParams"][0]["rule"], "json.syntax");

    // The command line streams every record, page after page.
    let config = dir.path().join("werkbrug.toml");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_werkbrug"))
        .args([
            "audit",
            "--since",
            "2026-11-01T00:00:00Z",
            "--format",
            "json",
        ])
        .args(["--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(lines, expected);
    let table = std::process::Command::new(env!("CARGO_BIN_EXE_werkbrug"))
        .args(["audit", "--since", "2026-11-01T00:00:00Z"])
        .args(["--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.trim_end().ends_with(&format!("\n{total} record(s)")));

    // A reader that stops (`| head -1`) ends the command quietly: no panic, success.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_werkbrug"))
        .args([
            "audit",
            "--since",
            "2026-11-01T00:00:00Z",
            "--format",
            "json",
        ])
        .args(["--config", config.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::BufRead;
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert!(line.contains(&expected[0]));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn refusals_without_a_valid_key_are_counted_per_address_not_written_per_request() {
    let dir = tempfile::tempdir().unwrap();
    let log_file = dir.path().join("log.db");
    let source = demo_source("uwv", "vum-bron", "vum", "uwv");
    let config = dir.path().join("werkbrug.toml");
    std::fs::write(
        &config,
        format!(
            "[rate_limit]\nanonymous_per_second = 100000\nanonymous_burst = 100000\n\n[logbook]\nurl = \"sqlite://{}\"\n\n[[federation.sources]]\nid = \"uwv\"\norganisation = \"UWV\"\nkind = \"vum-bron\"\nbase_url = \"http://{}\"\ndocument_types = [\"jobseeker-profile\"]\n",
            log_file.display(),
            source.address
        ),
    )
    .unwrap();
    let mut gateway = Server::start_in(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--config",
            config.to_str().unwrap(),
        ],
        Some((dir.path(), &[("RUST_LOG", "warn")])),
    );
    // 400 searches with random keys and 100 without one: 500 refusals.
    for i in 0..500 {
        let key = format!("random-key-{i:04}-abcdefghij");
        let mut headers = vec![("Content-Type", "application/json")];
        if i < 400 {
            headers.push(("X-Api-Key", key.as_str()));
        }
        gateway
            .request(
                "POST",
                "/v1/jobseeker-searches",
                &headers,
                br#"{"purpose": "matching"}"#,
            )
            .assert_problem(401, "unauthorized");
    }
    // The window still open when the gateway stops is recorded as it stops.
    let status = std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", gateway.child.id())])
        .status()
        .unwrap();
    assert!(status.success());
    gateway.child.wait().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_werkbrug"))
        .args([
            "audit",
            "--since",
            "2000-01-01T00:00:00Z",
            "--format",
            "json",
        ])
        .args(["--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // One record per minute the requests spanned (one, or two across a minute's turn).
    assert!((1..=2).contains(&records.len()), "{records:?}");
    let total: u64 = records
        .iter()
        .map(|r| r["occurrences"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 500);
    for record in &records {
        assert_eq!(record["status"], "refused-401");
        assert_eq!(record["operation"], "refused");
        assert_eq!(record["callerOrganisation"], "unknown");
        assert_eq!(record["callerAddress"], "127.0.0.1");
        assert!(record.get("callerKey").is_none() && record.get("subject").is_none());
    }
}

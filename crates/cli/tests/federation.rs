//! Federated search over real HTTP: five `werkbrug demo-source` processes (three VUM Bron, a
//! SETU XML and an HR Open werkbrug source) and `werkbrug serve` in front of them, all on
//! loopback; and sources that fail in every way a source can.

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Response, Server};
use serde_json::{Value, json};

const KEY_A: &str = "test-key-a-werkgeversservicepunt";
const KEY_B: &str = "test-key-b-uitzendbureau-elders";
const KEY_C: &str = "test-key-c-translation-only";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The demo sources of these tests: id, organisation, kind, format, holder.
const SOURCES: [(&str, &str, &str, &str, &str); 5] = [
    ("uwv", "UWV", "vum-bron", "vum", "uwv"),
    (
        "gemeente-rotterdam",
        "Gemeente Rotterdam",
        "vum-bron",
        "vum",
        "municipality",
    ),
    (
        "gemeente-groningen",
        "Gemeente Groningen",
        "vum-bron",
        "vum",
        "municipality",
    ),
    (
        "uitzendbureau",
        "Uitzendbureau Test B.V.",
        "werkbrug-source",
        "setu-xml",
        "staffing-agency",
    ),
    (
        "reintegratie",
        "Re-integratie Test B.V.",
        "werkbrug-source",
        "hropen",
        "reintegration",
    ),
];

fn demo_source(
    id: &str,
    organisation: &str,
    kind: &str,
    format: &str,
    holder: &str,
    seed: u32,
) -> Server {
    common::demo_source(id, organisation, kind, format, holder, seed)
}

fn source_toml(
    id: &str,
    organisation: &str,
    kind: &str,
    format: &str,
    address: &str,
    timeout_ms: u64,
) -> String {
    let format = if kind == "werkbrug-source" {
        format!("format = \"{format}\"\n")
    } else {
        String::new()
    };
    format!(
        "[[federation.sources]]\nid = \"{id}\"\norganisation = \"{organisation}\"\nkind = \"{kind}\"\n{format}base_url = \"http://{address}\"\ndocument_types = [\"jobseeker-profile\", \"vacancy\"]\ntimeout_ms = {timeout_ms}\nmax_response_bytes = 1048576\n\n"
    )
}

fn keys_toml() -> String {
    let hash = werkbrug_gateway::access::hash_key;
    format!(
        r#"[[access.api_keys]]
hash = "{}"
organisation = "Werkgeversservicepunt Test"
oin = "00000001000000000999"
roles = ["search"]
purposes = ["matching", "kansenregister", "bemiddeling"]
suwi = true

[[access.api_keys]]
hash = "{}"
organisation = "Uitzendbureau Elders"
roles = ["search"]
purposes = ["matching"]

[[access.api_keys]]
hash = "{}"
organisation = "Vertaler"
roles = ["translate"]
purposes = ["matching"]

"#,
        hash(KEY_A),
        hash(KEY_B),
        hash(KEY_C)
    )
}

fn gateway(dir: &Path, federation: &str, sources: &str) -> Server {
    let config = dir.join("werkbrug.toml");
    // The processing log lives outside the working directory, which must stay empty.
    let log = dir.join("log");
    std::fs::write(
        &config,
        format!(
            "{}[logbook]\ndata_dir = \"{}\"\n\n[federation]\n{federation}\n{sources}",
            keys_toml(),
            log.display()
        ),
    )
    .unwrap();
    let work = dir.join("work");
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    Server::start_in(
        &[
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--config",
            config.to_str().unwrap(),
        ],
        Some((
            &work,
            &[("TMPDIR", tmp.to_str().unwrap()), ("RUST_LOG", "info")],
        )),
    )
}

fn post(gateway: &Server, path: &str, key: &str, body: &Value) -> Response {
    gateway.request(
        "POST",
        path,
        &[("Content-Type", "application/json"), ("X-Api-Key", key)],
        body.to_string().as_bytes(),
    )
}

fn get(gateway: &Server, path: &str, key: &str) -> Response {
    gateway.request("GET", path, &[("X-Api-Key", key)], b"")
}

/// Every leaf of a JSON value as a path with `*` for array indices.
fn leaf_paths(value: &Value, prefix: String, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| leaf_paths(v, format!("{prefix}/{k}"), out)),
        Value::Array(items) => items
            .iter()
            .for_each(|v| leaf_paths(v, format!("{prefix}/*"), out)),
        _ => {
            out.insert(prefix);
        }
    }
}

/// The fields a purpose's view allows, from the register the gateway serves.
fn allowed(register: &Value, purpose: &str, document_type: &str, stage: &str) -> Vec<String> {
    let purpose = register["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == purpose)
        .unwrap();
    let key = if document_type == "jobseeker-profile" {
        "jobseekerProfile"
    } else {
        "vacancy"
    };
    purpose["views"][key][stage]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect()
}

fn covered(path: &str, allowed: &[String]) -> bool {
    let segments: Vec<&str> = path[1..].split('/').collect();
    allowed.iter().any(|a| {
        let a: Vec<&str> = a[1..].split('/').collect();
        a.len() <= segments.len()
            && a.iter()
                .zip(&segments)
                .all(|(x, y)| x == y || *x == "*" || *y == "*")
    })
}

fn assert_view(result: &Value, register: &Value, stage: &str) {
    let purpose = result["purpose"].as_str().unwrap();
    let document_type = result["documentType"].as_str().unwrap();
    let fields = allowed(register, purpose, document_type, stage);
    let mut leaves = BTreeSet::new();
    leaf_paths(&result["document"], String::new(), &mut leaves);
    for leaf in &leaves {
        assert!(
            covered(leaf, &fields),
            "{purpose} {stage} view of a {document_type} shows {leaf}"
        );
    }
    for never in [
        "/identifiers",
        "/metadata",
        "/person/bsn",
        "/person/birthDate",
        "/contact/address/postcode",
        "/contact/address/street",
    ] {
        assert!(
            !leaves.iter().any(|l| l.starts_with(never)),
            "{never} disclosed"
        );
    }
}

#[test]
fn a_search_across_five_sources_shows_what_the_purpose_allows_and_details_come_live() {
    let sources: Vec<(&str, Server)> = SOURCES
        .iter()
        .enumerate()
        .map(|(i, (id, org, kind, format, holder))| {
            (
                *id,
                demo_source(id, org, kind, format, holder, 100 + i as u32),
            )
        })
        .collect();
    let mut toml = String::new();
    for ((id, org, kind, format, _), (_, server)) in SOURCES.iter().zip(&sources) {
        toml.push_str(&source_toml(id, org, kind, format, &server.address, 10_000));
    }
    let dir = tempfile::tempdir().unwrap();
    let gateway = gateway(
        dir.path(),
        "pseudonym_key = \"0101010101010101010101010101010101010101010101010101010101010101\"\nmax_details_per_search = 6",
        &toml,
    );
    let register = gateway.get("/v1/purposes").json();

    // A search across the country reaches all five and translates every answer.
    let search = json!({"purpose": "matching", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 300}}});
    let response = post(&gateway, "/v1/jobseeker-searches", KEY_A, &search);
    assert_eq!(
        response.status,
        200,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    assert_eq!(response.header("api-version"), Some("1.0.0"));
    let answer = response.json();
    let statuses = answer["sources"].as_array().unwrap();
    assert_eq!(statuses.len(), 5);
    for status in statuses {
        assert_eq!(status["status"], "ok", "{status}");
        assert!(status["latencyMs"].is_u64());
        // Each source holds 120 jobseekers, all within 300 km: it sends its 100 and says there
        // were more, and all 100 meet the criteria again at the gateway.
        assert_eq!(status["limitReached"], true, "{status}");
        assert_eq!(status["count"], 100, "{status}");
    }
    let results = answer["results"].as_array().unwrap();
    let seen: BTreeSet<&str> = results
        .iter()
        .map(|r| r["source"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert_eq!(
        results.len() as u64,
        statuses
            .iter()
            .map(|s| s["count"].as_u64().unwrap())
            .sum::<u64>()
    );
    let distances: Vec<f64> = results
        .iter()
        .map(|r| r["distanceKm"].as_f64().unwrap())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "nearest first");
    for result in results {
        assert_view(result, &register, "search");
        assert_eq!(result["purpose"], "matching");
        assert!(
            result["document"].get("person").is_none()
                && result["document"].get("contact").is_none()
        );
    }
    // Local ids never leave the gateway.
    let text = String::from_utf8_lossy(&response.body).into_owned();
    assert!(!text.contains("DEMO-W-"), "a local id left the gateway");

    // The caller narrows the view with fields; it cannot widen it.
    let narrowed = post(&gateway, "/v1/jobseeker-searches", KEY_A, &json!({"purpose": "matching", "criteria": search["criteria"], "fields": ["/desiredWork/occupations"]})).json();
    for result in narrowed["results"].as_array().unwrap() {
        let mut leaves = BTreeSet::new();
        leaf_paths(&result["document"], String::new(), &mut leaves);
        assert!(
            leaves
                .iter()
                .all(|l| l.starts_with("/desiredWork/occupations/")),
            "{leaves:?}"
        );
    }
    post(
        &gateway,
        "/v1/jobseeker-searches",
        KEY_A,
        &json!({"purpose": "matching", "fields": ["/person/familyName"]}),
    )
    .assert_problem(403, "forbidden");
    // The purpose must be granted, the key must be known and present, the body valid.
    post(
        &gateway,
        "/v1/jobseeker-searches",
        KEY_B,
        &json!({"purpose": "bemiddeling"}),
    )
    .assert_problem(403, "forbidden");
    post(
        &gateway,
        "/v1/jobseeker-searches",
        KEY_C,
        &json!({"purpose": "matching"}),
    )
    .assert_problem(403, "forbidden");
    post(
        &gateway,
        "/v1/jobseeker-searches",
        "no-such-key-at-all",
        &json!({"purpose": "matching"}),
    )
    .assert_problem(401, "unauthorized");
    gateway
        .request(
            "POST",
            "/v1/jobseeker-searches",
            &[("Content-Type", "application/json")],
            br#"{"purpose": "matching"}"#,
        )
        .assert_problem(401, "unauthorized");
    let invalid = post(
        &gateway,
        "/v1/jobseeker-searches",
        KEY_A,
        &json!({"purpose": "matching", "criteria": {"area": {"postcode": "35", "distanceKm": 5}}}),
    );
    invalid.assert_problem(400, "invalid-input");
    assert_eq!(
        invalid.json()["invalidParams"][0]["pointer"],
        "/criteria/area/postcode"
    );
    gateway
        .request(
            "POST",
            "/v1/jobseeker-searches",
            &[("Content-Type", "text/plain"), ("X-Api-Key", KEY_A)],
            b"{}",
        )
        .assert_problem(415, "unsupported-media-type");

    // Details: the bemiddeling view, fetched live from each kind of source.
    let bemiddeling = post(
        &gateway,
        "/v1/jobseeker-searches",
        KEY_A,
        &json!({"purpose": "bemiddeling", "criteria": search["criteria"]}),
    )
    .json();
    let mut one_per_source = std::collections::BTreeMap::new();
    for result in bemiddeling["results"].as_array().unwrap() {
        one_per_source
            .entry(result["source"]["id"].as_str().unwrap().to_owned())
            .or_insert(result["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(one_per_source.len(), 5);
    let mut personal = Vec::new();
    for (source, id) in &one_per_source {
        let detail = get(
            &gateway,
            &format!("/v1/jobseekers/{id}?purpose=bemiddeling"),
            KEY_A,
        );
        assert_eq!(
            detail.status,
            200,
            "{source}: {}",
            String::from_utf8_lossy(&detail.body)
        );
        assert_eq!(detail.header("cache-control"), Some("no-store"));
        let view = detail.json();
        assert_eq!(view["source"]["id"], source.as_str());
        assert_eq!(view["id"], id.as_str());
        assert_view(&view, &register, "detail");
        let text = String::from_utf8_lossy(&detail.body).into_owned();
        assert!(
            !text.contains("DEMO-W-") && !text.contains("9999"),
            "{source}: a local id or BSN left the gateway"
        );
        for pointer in [
            "/document/person/familyName",
            "/document/contact/emails/0",
            "/document/contact/phones/0",
        ] {
            if let Some(value) = view.pointer(pointer).and_then(Value::as_str) {
                personal.push(value.to_owned());
            }
        }
        if source == "uitzendbureau" {
            assert!(
                view.pointer("/document/person/familyName").is_some(),
                "SETU carries names: {view}"
            );
        }
    }
    assert!(!personal.is_empty());
    // Narrower views for the same id: fields in the query.
    let (_, first) = one_per_source.iter().next().unwrap();
    let only = get(&gateway, &format!("/v1/jobseekers/{first}?purpose=bemiddeling&fields=/desiredWork/occupations,/qualifications/languages"), KEY_A).json();
    let keys: Vec<&String> = only["document"].as_object().unwrap().keys().collect();
    assert!(
        keys.iter()
            .all(|k| *k == "desiredWork" || *k == "qualifications"),
        "{keys:?}"
    );

    // Ids are bound to the purpose of their search: an id from a matching search does not
    // open the bemiddeling view, even for a key that holds both purposes.
    let matching_id = narrowed["results"][0]["id"].as_str().unwrap();
    let mismatch = get(
        &gateway,
        &format!("/v1/jobseekers/{matching_id}?purpose=bemiddeling"),
        KEY_A,
    );
    mismatch.assert_problem(403, "purpose-mismatch");
    assert!(
        !String::from_utf8_lossy(&mismatch.body).contains('@'),
        "no contact data in the refusal"
    );
    assert_eq!(
        get(
            &gateway,
            &format!("/v1/jobseekers/{matching_id}?purpose=matching"),
            KEY_A,
        )
        .status,
        200
    );

    // Ids are bound to the key, the type and this gateway.
    get(
        &gateway,
        &format!("/v1/jobseekers/{first}?purpose=matching"),
        KEY_B,
    )
    .assert_problem(403, "forbidden");
    get(
        &gateway,
        &format!("/v1/vacancies/{first}?purpose=bemiddeling"),
        KEY_A,
    )
    .assert_problem(404, "not-found");
    let mut forged = first.clone().into_bytes();
    let last = forged.len() - 2;
    forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
    get(
        &gateway,
        &format!(
            "/v1/jobseekers/{}?purpose=bemiddeling",
            String::from_utf8(forged).unwrap()
        ),
        KEY_A,
    )
    .assert_problem(404, "not-found");
    get(
        &gateway,
        "/v1/jobseekers/made-up-id?purpose=bemiddeling",
        KEY_A,
    )
    .assert_problem(404, "not-found");
    get(&gateway, &format!("/v1/jobseekers/{first}"), KEY_A).assert_problem(400, "invalid-query");

    // At most six details per search (configured; VUM's default is ten).
    let ids: Vec<&str> = bemiddeling["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let used = one_per_source.len() + 1;
    for id in &ids[..6 - used] {
        assert_eq!(
            get(
                &gateway,
                &format!("/v1/jobseekers/{id}?purpose=bemiddeling"),
                KEY_A
            )
            .status,
            200
        );
    }
    get(
        &gateway,
        &format!("/v1/jobseekers/{}?purpose=bemiddeling", ids[10]),
        KEY_A,
    )
    .assert_problem(429, "detail-limit");

    // Vacancies too.
    let vacancies = post(&gateway, "/v1/vacancy-searches", KEY_A, &json!({"purpose": "matching", "criteria": {"area": {"postcode": "9711AA", "distanceKm": 300}}})).json();
    assert!(vacancies["results"].as_array().unwrap().len() > 10);
    for result in vacancies["results"].as_array().unwrap() {
        assert_eq!(result["documentType"], "vacancy");
        assert_view(result, &register, "search");
    }

    // No central copy: with a source gone, its documents are gone too.
    let uwv_id = one_per_source["uwv"].clone();
    let fresh = post(
        &gateway,
        "/v1/jobseeker-searches",
        KEY_A,
        &json!({"purpose": "bemiddeling", "criteria": search["criteria"]}),
    )
    .json();
    let fresh_uwv = fresh["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"]["id"] == "uwv")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    drop(sources.into_iter().find(|(id, _)| *id == "uwv"));
    let gone = get(
        &gateway,
        &format!("/v1/jobseekers/{fresh_uwv}?purpose=bemiddeling"),
        KEY_A,
    );
    gone.assert_problem(502, "source-error");
    let _ = uwv_id;
    let after = post(&gateway, "/v1/jobseeker-searches", KEY_A, &search).json();
    let uwv_status = after["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "uwv")
        .unwrap()
        .clone();
    assert_eq!(uwv_status["status"], "error", "{uwv_status}");
    assert_eq!(uwv_status["count"], 0);
    assert!(
        after["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["source"]["id"] != "uwv")
    );
    // Nothing written to disk: not in the working directory, not in the temporary directory.
    let logs = gateway.stop();
    for sub in ["work", "tmp"] {
        let entries: Vec<_> = std::fs::read_dir(dir.path().join(sub)).unwrap().collect();
        assert!(
            entries.is_empty(),
            "the gateway wrote to {sub}: {entries:?}"
        );
    }
    // And nothing personal in the logs.
    assert!(
        logs.contains("jobseeker-searches"),
        "no access log lines:\n{logs}"
    );
    for value in personal
        .iter()
        .map(String::as_str)
        .chain(["DEMO-W-", "3511AB", "9711AA"])
    {
        assert!(!logs.contains(value), "the log contains {value}");
    }
}

/// A fake source that misbehaves in one way, on its own thread.
fn misbehaving(behaviour: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    if behaviour == "down" {
        // Nothing listens here any more.
        drop(listener);
        return address;
    }
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buffer = [0u8; 65536];
                let _ = stream.read(&mut buffer);
                let _ = match behaviour {
                    "hang" => {
                        std::thread::sleep(Duration::from_secs(30));
                        Ok(())
                    }
                    "garbage" => {
                        let body = "{\"matches\": [1, 2 ]]";
                        stream.write_all(format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
                    }
                    "500" => {
                        let body = "{\"code\": \"500\", \"message\": \"database down\"}";
                        stream.write_all(format!("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
                    }
                    "huge" => {
                        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
                        let chunk = format!("{:x}\r\n{}\r\n", 65536, "x".repeat(65536));
                        for _ in 0..400 {
                            if stream.write_all(chunk.as_bytes()).is_err() {
                                break;
                            }
                        }
                        Ok(())
                    }
                    _ => Ok(()),
                };
            });
        }
    });
    address
}

#[test]
fn failing_sources_never_fail_the_search() {
    let good = demo_source("uwv", "UWV", "vum-bron", "vum", "uwv", 5);
    let mut toml = source_toml("uwv", "UWV", "vum-bron", "vum", &good.address, 1_000);
    for behaviour in ["down", "hang", "garbage", "500", "huge"] {
        toml.push_str(&source_toml(
            &format!("bron-{behaviour}"),
            "Storingsbron",
            "vum-bron",
            "vum",
            &misbehaving(behaviour),
            1_000,
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let gateway = gateway(
        dir.path(),
        "[federation.breaker]\nfailures = 2\ncool_down_secs = 600",
        &toml,
    );
    let search = json!({"purpose": "matching", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 300}}});
    let status_of = |answer: &Value, id: &str| {
        answer["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["source"] == id)
            .unwrap()
            .clone()
    };

    let started = Instant::now();
    let response = post(&gateway, "/v1/jobseeker-searches", KEY_A, &search);
    let took = started.elapsed();
    assert_eq!(response.status, 200);
    // The hanging source would hold the search for 30 s; the 1 s timeout ends it. The bound only
    // tells the two apart, with room for a debug build on a loaded machine; the benchmark
    // (crates/federation/benches/fanout.rs) measures the margin precisely.
    assert!(took < Duration::from_secs(10), "the search took {took:?}");
    let answer = response.json();
    assert_eq!(status_of(&answer, "uwv")["status"], "ok");
    assert!(status_of(&answer, "uwv")["count"].as_u64().unwrap() > 0);
    let expect = [
        ("bron-down", "error", "cannot reach the source"),
        ("bron-hang", "timeout", "no answer within 1000 ms"),
        ("bron-garbage", "error", "the answer is malformed: not JSON"),
        (
            "bron-500",
            "error",
            "the source answered 500: database down",
        ),
        (
            "bron-huge",
            "error",
            "the answer is larger than 1048576 bytes",
        ),
    ];
    for (id, state, reason) in expect {
        let status = status_of(&answer, id);
        assert_eq!(status["status"], state, "{status}");
        assert_eq!(status["count"], 0);
        assert!(
            status["reason"].as_str().unwrap().starts_with(reason),
            "{status}"
        );
    }
    // A second failure opens each breaker: from then on the sources are not asked at all, so
    // none can be "timeout" (the hanging one would be, had it been asked). Status, not wall
    // time, shows it: a loaded CI machine may take longer than a timeout for anything.
    post(&gateway, "/v1/jobseeker-searches", KEY_A, &search);
    let third = post(&gateway, "/v1/jobseeker-searches", KEY_A, &search).json();
    for (id, _, _) in expect {
        let status = status_of(&third, id);
        assert_eq!(status["status"], "unavailable", "{status}");
        assert!(
            status["reason"]
                .as_str()
                .unwrap()
                .starts_with("skipped after repeated failures")
        );
    }
    assert_eq!(status_of(&third, "uwv")["status"], "ok");
    let metrics = String::from_utf8(gateway.get("/metrics").body).unwrap();
    assert!(
        metrics.contains(
            "werkbrug_source_requests_total{source=\"bron-hang\",status=\"unavailable\"} 1"
        ),
        "{metrics}"
    );
}

#[test]
fn sources_that_cannot_express_the_criteria_are_skipped_not_failed() {
    let vum = demo_source("uwv", "UWV", "vum-bron", "vum", "uwv", 9);
    let setu = demo_source(
        "uitzendbureau",
        "Uitzendbureau",
        "werkbrug-source",
        "setu-json",
        "staffing-agency",
        9,
    );
    let mut toml = source_toml("uwv", "UWV", "vum-bron", "vum", &vum.address, 5_000);
    toml.push_str(&source_toml(
        "uitzendbureau",
        "Uitzendbureau",
        "werkbrug-source",
        "setu-json",
        &setu.address,
        5_000,
    ));
    let dir = tempfile::tempdir().unwrap();
    let gateway = gateway(dir.path(), "", &toml);
    // A region without an area: VUM needs its selectiegebied.
    let answer = post(
        &gateway,
        "/v1/jobseeker-searches",
        KEY_A,
        &json!({"purpose": "matching", "criteria": {"region": "22"}}),
    )
    .json();
    let uwv = &answer["sources"][0];
    assert_eq!(uwv["status"], "skipped");
    assert_eq!(
        uwv["reason"],
        "VUM sources need an area (postcode and distance): their selectiegebied is mandatory"
    );
    assert_eq!(answer["sources"][1]["status"], "ok");
}

/// A validator for one schema of the VUM source contract.
fn vum_contract(file: &str, schema: &str) -> jsonschema::Validator {
    let path = werkbrug_testkit::standards_dir().join("vum").join(file);
    let contract: Value = serde_norway::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let root = json!({"$ref": format!("#/components/schemas/{schema}"), "components": contract["components"]});
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap()
}

fn vum_headers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Content-Type", "application/json"),
        ("X-VUM-berichtVersie", "3.0.0"),
        ("API-Version", "3.0.0"),
        ("X-VUM-fromParty", "00000001000000000999"),
        ("X-VUM-toParty", "00000001003214345000"),
        ("X-VUM-viaParty", "00000009000000000100"),
        ("X-VUM-SUWIparty", "true"),
    ]
}

#[test]
fn the_demo_vum_source_follows_the_vum_contract() {
    if werkbrug_testkit::standards(
        "the_demo_vum_source_follows_the_vum_contract (the VUM Bron contracts)",
    )
    .is_none()
    {
        return;
    }
    let source = Server::start(&[
        "demo-source",
        "--kind",
        "vum-bron",
        "--count",
        "300",
        "--vacancies",
        "150",
        "--seed",
        "4",
    ]);
    let error = vum_contract("VUM-Bron-WerkzoekendeProfielen.yaml", "Error");
    for (path, detail_path, matching, detail) in [
        (
            "/werkzoekendeProfielen/matches",
            "/werkzoekendeProfielen",
            "MPWerkzoekendeMatch",
            "Werkzoekende",
        ),
        (
            "/vacatures/matches",
            "/vacatures",
            "MPVacatureMatch",
            "Vacature",
        ),
    ] {
        let file = if path.starts_with("/werk") {
            "VUM-Bron-WerkzoekendeProfielen.yaml"
        } else {
            "VUM-Bron-Vacatures.yaml"
        };
        let (matching, detail) = (vum_contract(file, matching), vum_contract(file, detail));
        let ask = |query: Value| {
            source.request(
                "POST",
                path,
                &vum_headers(),
                json!({"vraagObject": query}).to_string().as_bytes(),
            )
        };
        // The whole country: more than 100 matches, so 100 and the flag.
        let all = ask(json!({"selectiegebied": {"postcode": "3511AB", "afstand": 1000}}));
        assert_eq!(all.status, 200);
        for header in [
            "x-vum-berichtversie",
            "api-version",
            "x-vum-fromparty",
            "x-vum-toparty",
            "x-vum-viaparty",
        ] {
            assert!(
                all.header(header).is_some_and(|v| !v.is_empty()),
                "{header} missing"
            );
        }
        let body = all.json();
        assert_eq!(body["maximumAantalResultatenBereikt"], true);
        let matches = body["matches"].as_array().unwrap();
        assert_eq!(matches.len(), 100);
        for m in matches {
            let errors: Vec<String> = matching
                .iter_errors(m)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{errors:#?}");
            assert!(
                m.get("contactpersoon").is_none() && m.get("emailadres").is_none(),
                "no contact data in matches"
            );
        }
        // Near one postcode with a condition: fewer, and each meets it.
        let near = ask(json!({"selectiegebied": {"postcode": "3511AB", "afstand": 40}, "werktijden.aantalWerkurenPerWeekMinimaal": {"$lte": 24}})).json();
        assert_eq!(near["maximumAantalResultatenBereikt"], false);
        for m in near["matches"].as_array().unwrap() {
            assert!(
                m["werktijden"]["aantalWerkurenPerWeekMinimaal"]
                    .as_u64()
                    .unwrap()
                    <= 24
            );
        }
        // The detail of a match, and 404 in VUM's error format for an unknown id.
        let id_key = if path.starts_with("/werk") {
            "idWerkzoekende"
        } else {
            "idVacature"
        };
        let id = matches[0][id_key].as_str().unwrap();
        let one = source.request("GET", &format!("{detail_path}/{id}"), &vum_headers(), b"");
        assert_eq!(one.status, 200);
        let errors: Vec<String> = detail
            .iter_errors(&one.json())
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let missing = source.request(
            "GET",
            &format!("{detail_path}/ONBEKEND-1"),
            &vum_headers(),
            b"",
        );
        assert_eq!(missing.status, 404);
        assert!(error.is_valid(&missing.json()));
        // The selectiegebied is mandatory; headers are required.
        let without = ask(json!({"werktijden.aantalWerkurenPerWeekMinimaal": {"$lte": 24}}));
        assert_eq!(without.status, 400);
        assert!(error.is_valid(&without.json()));
        assert_eq!(without.json()["message"], "selectiegebied is mandatory");
        let no_headers = source.request(
            "POST",
            path,
            &[("Content-Type", "application/json")],
            br#"{"vraagObject": {"selectiegebied": {"postcode": "3511AB", "afstand": 5}}}"#,
        );
        assert_eq!(no_headers.status, 400);
        assert!(error.is_valid(&no_headers.json()));
    }
}

#[test]
fn the_demo_werkbrug_source_follows_its_contract() {
    let contract: Value = serde_json::from_slice(
        &std::fs::read(root().join("schema/werkbrug-source.openapi.json")).unwrap(),
    )
    .unwrap();
    let validator = |schema: &str| {
        let root = json!({"$ref": format!("#/components/schemas/{schema}"), "components": contract["components"]});
        jsonschema::draft202012::options().build(&root).unwrap()
    };
    let (matches, problem) = (validator("Matches"), validator("Problem"));
    for format in ["setu-json", "setu-xml", "hropen", "canonical"] {
        let source = Server::start(&[
            "demo-source",
            "--kind",
            "werkbrug-source",
            "--format",
            format,
            "--count",
            "150",
            "--seed",
            "2",
        ]);
        let headers = [
            ("Content-Type", "application/json"),
            ("API-Version", "1.0.0"),
        ];
        let all = source.request(
            "POST",
            "/jobseekers/matches",
            &headers,
            br#"{"purpose": "matching", "criteria": {}, "limit": 100}"#,
        );
        assert_eq!(all.status, 200);
        assert_eq!(all.header("api-version"), Some("1.0.0"));
        let body = all.json();
        assert!(matches.is_valid(&body), "{format}");
        assert_eq!(body["limitReached"], true);
        assert_eq!(body["matches"].as_array().unwrap().len(), 100);
        let few = source
            .request(
                "POST",
                "/vacancies/matches",
                &headers,
                br#"{"purpose": "matching", "limit": 3}"#,
            )
            .json();
        assert_eq!(few["matches"].as_array().unwrap().len(), 3);
        let missing = source.request("GET", "/jobseekers/NOPE-1", &headers, b"");
        assert_eq!(missing.status, 404);
        assert_eq!(
            missing.header("content-type"),
            Some("application/problem+json")
        );
        assert!(problem.is_valid(&missing.json()));
        let old = source.request(
            "POST",
            "/jobseekers/matches",
            &[
                ("Content-Type", "application/json"),
                ("API-Version", "2.0.0"),
            ],
            b"{}",
        );
        assert_eq!(old.status, 400);
    }
}

#[test]
fn werkbrug_demo_starts_five_sources_and_a_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Server::start(&[
        "demo",
        "--port",
        "0",
        "--data-dir",
        dir.path().to_str().unwrap(),
    ]);
    let answer = post(&demo, "/v1/jobseeker-searches", "werkbrug-demo-key-not-for-production", &json!({"purpose": "matching", "criteria": {"area": {"postcode": "3011AB", "distanceKm": 15}, "hoursPerWeek": {"min": 24}}})).json();
    let statuses = answer["sources"].as_array().unwrap();
    assert_eq!(statuses.len(), 5);
    assert!(statuses.iter().all(|s| s["status"] == "ok"), "{statuses:?}");
    assert!(answer["results"].as_array().unwrap().len() > 100);
    assert_eq!(demo.get("/docs/").status, 200);
    // The demo keeps a processing log, and its key may read it.
    let log = demo.request(
        "POST",
        "/v1/processing-log-searches",
        &[
            ("Content-Type", "application/json"),
            ("X-Api-Key", "werkbrug-demo-key-not-for-production"),
        ],
        br#"{"since": "2000-01-01T00:00:00Z"}"#,
    );
    assert_eq!(
        log.json()["records"].as_array().unwrap().len(),
        answer["results"].as_array().unwrap().len()
    );
    assert!(dir.path().join("werkbrug-log.db").is_file());
}

#[test]
fn a_demo_source_serves_exactly_the_documents_of_a_file() {
    let vectors = root().join("conformance/v1/translation/vum/decode");
    let mut profiles = Vec::new();
    for entry in std::fs::read_dir(&vectors).unwrap() {
        let dir = entry.unwrap().path();
        if dir
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("profile-")
        {
            let document: Value =
                serde_json::from_slice(&std::fs::read(dir.join("input.json")).unwrap()).unwrap();
            profiles.push(document);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bron.ndjson");
    let lines: Vec<String> = profiles.iter().map(Value::to_string).collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let source = Server::start(&[
        "demo-source",
        "--kind",
        "vum-bron",
        "--data",
        file.to_str().unwrap(),
    ]);
    let all = source
        .request(
            "POST",
            "/werkzoekendeProfielen/matches",
            &vum_headers(),
            br#"{"vraagObject": {"selectiegebied": {"postcode": "3511AB", "afstand": 1000}}}"#,
        )
        .json();
    let mut served: Vec<&str> = all["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["idWerkzoekende"].as_str().unwrap())
        .collect();
    let mut given: Vec<&str> = profiles
        .iter()
        .map(|p| p["idWerkzoekende"].as_str().unwrap())
        .collect();
    served.sort();
    given.sort();
    assert_eq!(served, given);
    for profile in &profiles {
        let id = profile["idWerkzoekende"].as_str().unwrap();
        let detail = source.request(
            "GET",
            &format!("/werkzoekendeProfielen/{id}"),
            &vum_headers(),
            b"",
        );
        assert_eq!(&detail.json(), profile, "{id} is served as it was given");
    }
    // A file the source cannot read stops it with the reason, before it listens.
    std::fs::write(&file, "{\"idWerkzoekende\": \"X\", \"onbekend\": [\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_werkbrug"))
        .args([
            "demo-source",
            "--kind",
            "vum-bron",
            "--data",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("cannot be served"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn distances_are_precise_without_any_flag() {
    let query = br#"{"vraagObject": {"selectiegebied": {"postcode": "3511AB", "afstand": 3}}}"#;
    let args = [
        "demo-source",
        "--kind",
        "vum-bron",
        "--count",
        "600",
        "--seed",
        "12",
    ];
    let near = |s: &Server| {
        s.request(
            "POST",
            "/werkzoekendeProfielen/matches",
            &vum_headers(),
            query,
        )
        .json()["matches"]
            .as_array()
            .unwrap()
            .clone()
    };
    // No flag: the built-in four-digit table.
    let default = near(&Server::start(&args));
    let postcodes: Vec<String> = default
        .iter()
        .map(|m| {
            m["mobiliteit"]["bemiddelingspostcode"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(!postcodes.is_empty());
    assert!(
        postcodes.iter().all(|p| p.starts_with("35")),
        "{postcodes:?}"
    );
    let Some(table) = werkbrug_testkit::standard(
        "geo/nl-pc4-places.csv",
        "distances_are_precise_without_any_flag (the GeoNames table, to compare with)",
    ) else {
        return;
    };
    // Every match lies within 3 km of 3511 by GeoNames' own coordinates, measured here.
    let mut places: std::collections::HashMap<String, Vec<(f64, f64)>> = Default::default();
    for line in std::fs::read_to_string(&table).unwrap().lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (lat, lon) = (cells[cells.len() - 2], cells[cells.len() - 1]);
        places
            .entry(cells[0].to_owned())
            .or_default()
            .push((lat.parse().unwrap(), lon.parse().unwrap()));
    }
    let centre = |pc4: &str| {
        let v = &places[pc4];
        let n = v.len() as f64;
        (
            v.iter().map(|p| p.0).sum::<f64>() / n,
            v.iter().map(|p| p.1).sum::<f64>() / n,
        )
    };
    let km = |a: (f64, f64), b: (f64, f64)| {
        let (la1, lo1, la2, lo2) = (
            a.0.to_radians(),
            a.1.to_radians(),
            b.0.to_radians(),
            b.1.to_radians(),
        );
        let h = ((la2 - la1) / 2.0).sin().powi(2)
            + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
        2.0 * 6371.0088 * h.sqrt().asin()
    };
    // (A synthetic postcode GeoNames does not list is placed at its area's centre, as the
    // built-in table does: those are left out here.)
    let listed: Vec<&String> = postcodes
        .iter()
        .filter(|p| places.contains_key(&p[..4]))
        .collect();
    assert!(!listed.is_empty(), "{postcodes:?}");
    for postcode in listed {
        let d = km(centre("3511"), centre(&postcode[..4]));
        assert!(d <= 3.01, "{postcode} is {d} km from 3511");
    }
}

#[test]
fn a_key_with_an_unknown_purpose_stops_the_gateway_at_startup() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("werkbrug.toml");
    std::fs::write(
        &config,
        "[[access.api_keys]]\nhash = \"sha256:00\"\norganisation = \"Tikfout B.V.\"\nroles = [\"search\"]\npurposes = [\"maching\"]\n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_werkbrug"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--config",
            config.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the API key of Tikfout B.V. lists the purpose 'maching', which the purpose register does not know (matching, kansenregister, bemiddeling, re-integratie)"),
        "{stderr}"
    );
}

#[test]
fn disclosure_budgets_hold_against_repeated_searches_rotated_ids_and_parallel_clients() {
    let source = demo_source("uwv", "UWV", "vum-bron", "vum", "uwv", 31);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("werkbrug.toml");
    std::fs::write(
        &config,
        format!(
            "{}[logbook]\ndata_dir = \"{}\"\n\n[budget]\ndetails_per_hour = 30\ndetails_per_day = 40\npeople_per_day = 25\n\n[rate_limit]\nper_second = 100000\nburst = 100000\n\n[federation]\npseudonym_key = \"0202020202020202020202020202020202020202020202020202020202020202\"\n\n{}",
            keys_toml(),
            dir.path().join("log").display(),
            source_toml("uwv", "UWV", "vum-bron", "vum", &source.address, 10_000)
        ),
    )
    .unwrap();
    // Warnings only: the request log lines of this many requests would fill the stderr pipe.
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
    let search = json!({"purpose": "bemiddeling", "criteria": {"area": {"postcode": "3511AB", "distanceKm": 300}}});
    #[derive(Default, Debug)]
    struct Tally {
        searches: u32,
        shown: u32,
        budget: u32,
        per_search: u32,
        people: u32,
        other: Vec<u16>,
        renews: Option<(String, u64)>,
    }
    // Eight parallel clients of one organisation: each searches six times (fresh ids for the
    // same people each time) and reads every id it gets, also long after the budget said no.
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|worker| {
                let search = &search;
                let gateway = &gateway;
                scope.spawn(move || {
                    let mut tally = Tally::default();
                    for _ in 0..6 {
                        let answer = post(gateway, "/v1/jobseeker-searches", KEY_A, search);
                        assert_eq!(answer.status, 200);
                        tally.searches += 1;
                        let answer = answer.json();
                        // Each client starts elsewhere in the results: many people, some twice.
                        let results = answer["results"].as_array().unwrap();
                        for result in results.iter().cycle().skip(worker * 4).take(11) {
                            let id = result["id"].as_str().unwrap();
                            let detail = get(
                                gateway,
                                &format!("/v1/jobseekers/{id}?purpose=bemiddeling"),
                                KEY_A,
                            );
                            match detail.status {
                                200 => tally.shown += 1,
                                429 => {
                                    let problem = detail.json();
                                    if problem["type"]
                                        == "https://werkbrug.nl/problems/detail-limit"
                                    {
                                        tally.per_search += 1;
                                        continue;
                                    }
                                    detail.assert_problem(429, "disclosure-budget");
                                    tally.budget += 1;
                                    let text = problem["detail"].as_str().unwrap().to_owned();
                                    let retry =
                                        detail.header("retry-after").unwrap().parse().unwrap();
                                    if text.contains("25 of 25 people")
                                        && !text.contains("30 of 30")
                                    {
                                        tally.people += 1;
                                    }
                                    if text.contains("30 of 30 details in the last hour") {
                                        tally.renews = Some((text, retry));
                                    }
                                }
                                other => tally.other.push(other),
                            }
                        }
                    }
                    tally
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let shown: u32 = tallies.iter().map(|t| t.shown).sum();
    let refused: u32 = tallies.iter().map(|t| t.budget).sum();
    let searches: u32 = tallies.iter().map(|t| t.searches).sum();
    assert!(tallies.iter().all(|t| t.other.is_empty()), "{tallies:?}");
    assert_eq!(shown, 30, "{tallies:?}");
    let (text, retry) = tallies.iter().find_map(|t| t.renews.clone()).unwrap();
    assert!(
        text.starts_with("the disclosure budget of Werkgeversservicepunt Test is spent: 30 of 30 details in the last hour, 30 of 40 in the last day, ")
            && text.contains(" of 25 people in the last day; it renews at 20"),
        "{text}"
    );
    assert!((1..=3600).contains(&retry), "{retry}");

    // The log holds exactly what was shown, no more than 25 people, and the refusals.
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
    let records: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let details: Vec<&Value> = records
        .iter()
        .filter(|r| r["operation"] == "detail" && r["status"] == "disclosed")
        .collect();
    assert_eq!(details.len(), 30);
    let people: BTreeSet<&str> = details
        .iter()
        .map(|r| r["subject"].as_str().unwrap())
        .collect();
    assert!(people.len() <= 25, "{}", people.len());
    let people_refusals: u32 = tallies.iter().map(|t| t.people).sum();
    let refusals = records
        .iter()
        .filter(|r| r["status"] == "refused-429")
        .count();
    assert_eq!(refusals as u32, refused);

    // Another organisation has a budget of its own.
    let other = post(
        &gateway,
        "/v1/jobseeker-searches",
        KEY_B,
        &json!({"purpose": "matching", "criteria": search["criteria"]}),
    )
    .json();
    let id = other["results"][0]["id"].as_str().unwrap();
    assert_eq!(
        get(
            &gateway,
            &format!("/v1/jobseekers/{id}?purpose=matching"),
            KEY_B
        )
        .status,
        200
    );
    eprintln!(
        "budget 30/hour, 40/day, 25 people/day; 8 parallel clients, {searches} searches, {} detail calls: {shown} shown, {refused} refused for the budget ({people_refusals} of them for a 26th person), {} for the per-search limit; {} distinct people",
        shown + refused + tallies.iter().map(|t| t.per_search).sum::<u32>(),
        tallies.iter().map(|t| t.per_search).sum::<u32>(),
        people.len()
    );
}

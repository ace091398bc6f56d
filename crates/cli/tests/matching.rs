//! The kansenregister's matching over real HTTP: `werkbrug demo` (five live sources, one of them
//! UWV with 2,000 jobseekers, so that a 25 km area reaches VUM's limit of 100), and a gateway
//! with a source that is down. What a client sees: the ranking, its explanations checked against
//! both documents, pages, must-haves, weights, errors, and the processing log.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use common::{Response, Server};
use serde_json::{Value, json};

const DEMO_KEY: &str = "werkbrug-demo-key-not-for-production";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn demo(dir: &std::path::Path) -> Server {
    Server::start(&["demo", "--port", "0", "--data-dir", dir.to_str().unwrap()])
}

fn post(server: &Server, path: &str, key: &str, body: &Value) -> Response {
    server.request(
        "POST",
        path,
        &[("Content-Type", "application/json"), ("X-Api-Key", key)],
        body.to_string().as_bytes(),
    )
}

fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("examples/documents").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn ok(response: Response) -> Value {
    assert_eq!(
        response.status,
        200,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    response.json()
}

fn criterion<'a>(result: &'a Value, name: &str) -> &'a Value {
    result["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["criterion"] == name)
        .unwrap_or_else(|| panic!("no criterion {name} in {result}"))
}

/// What a result shows that identifies nobody: the ranking's own fields and the source.
fn ranking_key(result: &Value) -> Value {
    json!([
        result["rank"],
        result["score"],
        result["completeness"],
        result["criteria"],
        result["result"]["source"],
        result["result"]["distanceKm"],
        result["result"]["document"],
    ])
}

fn leaf_paths(value: &Value, prefix: String, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                leaf_paths(v, format!("{prefix}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for v in items {
                leaf_paths(v, format!("{prefix}/*"), out);
            }
        }
        _ => {
            out.insert(prefix);
        }
    }
}

/// Whether `path` lies on or under one of the view's paths.
fn covered(path: &str, allowed: &[String]) -> bool {
    allowed.iter().any(|a| {
        let (p, a) = (
            path[1..].split('/').collect::<Vec<_>>(),
            a[1..].split('/').collect::<Vec<_>>(),
        );
        a.len() <= p.len() && a.iter().zip(&p).all(|(x, y)| x == y || *x == "*")
    })
}

/// Every result shows only what the purpose's search view allows and nothing that identifies:
/// no person, contact, identifiers or metadata, and only the derived values the view names.
fn assert_anonymous(answer: &Value, register: &Value, document_type: &str) {
    let purpose = register["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "kansenregister")
        .unwrap();
    let rule = &purpose["views"][document_type];
    let allowed: Vec<String> = rule["search"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    // A view without derived values names none, and a result without them shows none.
    let derived: Vec<&str> = rule["derived"]
        .as_array()
        .map(|d| d.iter().map(|d| d.as_str().unwrap()).collect())
        .unwrap_or_default();
    for result in answer["results"].as_array().unwrap() {
        let mut paths = BTreeSet::new();
        leaf_paths(&result["result"]["document"], String::new(), &mut paths);
        for path in &paths {
            assert!(covered(path, &allowed), "{path} is outside the view");
            for identifying in ["/person", "/contact", "/identifiers", "/metadata"] {
                assert!(!path.starts_with(identifying), "{path} identifies");
            }
        }
        let shown = result["result"]["derived"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for key in shown.keys() {
            assert!(derived.contains(&key.as_str()), "derived {key}");
        }
        let fields: BTreeSet<&str> = result
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            fields,
            BTreeSet::from(["rank", "score", "completeness", "criteria", "result"])
        );
    }
}

/// Every record of the processing log, all pages.
fn log_records(server: &Server) -> Vec<Value> {
    let mut records = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut query = json!({"since": "2000-01-01T00:00:00Z", "limit": 10000});
        if let Some(c) = &cursor {
            query["cursor"] = json!(c);
        }
        let page = ok(post(
            server,
            "/v1/processing-log-searches",
            DEMO_KEY,
            &query,
        ));
        records.extend(page["records"].as_array().unwrap().iter().cloned());
        match page["next"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return records,
        }
    }
}

#[test]
fn matches_rank_explain_page_and_log_in_both_directions() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo(dir.path());
    let register = ok(demo.get("/v1/purposes"));
    let vacancy = example("vacancy-warehouse-utrecht.json");
    let body = |start: Value| json!({"purpose": "kansenregister", "start": start});
    // Every disclosure a match answers with, to hold against the log at the end.
    let mut disclosed = 0;

    // A vacancy in, ranked jobseekers out, best first, across the five sources.
    let answer = ok(post(
        &demo,
        "/v1/jobseeker-matches",
        DEMO_KEY,
        &body(json!({"document": vacancy})),
    ));
    let results = answer["results"].as_array().unwrap();
    disclosed += results.len();
    assert_eq!(answer["purpose"], "kansenregister");
    assert_eq!(answer["conceptsVersion"], "1.0.0");
    assert_eq!(results.len(), 20, "the default page");
    let ranked = answer["ranked"].as_u64().unwrap();
    assert!(ranked > 100, "{ranked}");
    assert!(answer["nextCursor"].is_string());
    for (i, result) in results.iter().enumerate() {
        assert_eq!(result["rank"], i + 1);
        assert_eq!(result["result"]["documentType"], "jobseeker-profile");
        assert_eq!(result["criteria"].as_array().unwrap().len(), 11);
        if i > 0 {
            assert!(results[i - 1]["score"].as_f64() >= result["score"].as_f64());
        }
    }
    let sources = answer["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 5);
    assert!(sources.iter().all(|s| s["status"] == "ok"), "{sources:?}");
    let from: BTreeSet<&str> = results
        .iter()
        .map(|r| r["result"]["source"]["id"].as_str().unwrap())
        .collect();
    assert!(from.len() >= 2, "{from:?}");
    // UWV has more than its limit of 100 within 25 km: the match narrowed its query and says so.
    let uwv = sources.iter().find(|s| s["source"] == "uwv").unwrap();
    assert_eq!(uwv["limitReached"], true);
    let refinement = uwv["refinement"].as_str().unwrap();
    assert!(
        refinement.starts_with(
            "at its limit with the area alone; asked again for the starting document's occupations ("
        ),
        "{refinement}"
    );
    assert!(uwv["count"].as_u64().unwrap() >= 100);
    assert_anonymous(&answer, &register, "jobseekerProfile");

    // The same vacancy in three other formats, translated by the gateway on the way in.
    for (format, media_type) in [
        ("vum", "application/json"),
        ("setu-xml", "application/xml"),
        ("hropen", "application/json"),
    ] {
        let translated = demo.request(
            "POST",
            &format!("/v1/translations?from=canonical&to={format}"),
            &[
                ("Content-Type", "application/json"),
                ("X-Api-Key", DEMO_KEY),
            ],
            vacancy.to_string().as_bytes(),
        );
        assert_eq!(translated.status, 200);
        let document = if media_type == "application/xml" {
            json!(String::from_utf8(translated.body.clone()).unwrap())
        } else {
            translated.json()
        };
        let answer = ok(post(
            &demo,
            "/v1/jobseeker-matches",
            DEMO_KEY,
            &json!({"purpose": "kansenregister", "start": {"format": format, "document": document}, "limit": 5}),
        ));
        disclosed += answer["results"].as_array().unwrap().len();
        assert_eq!(answer["results"].as_array().unwrap().len(), 5, "{format}");
        assert!(answer["ranked"].as_u64().unwrap() > 5, "{format}");
        assert_anonymous(&answer, &register, "jobseekerProfile");
    }

    // Pages: two pages of 5 are the first 10, in order; a cursor with another body is refused.
    let ten = ok(post(
        &demo,
        "/v1/jobseeker-matches",
        DEMO_KEY,
        &json!({"purpose": "kansenregister", "start": {"document": vacancy}, "limit": 10}),
    ));
    disclosed += 10;
    let first = ok(post(
        &demo,
        "/v1/jobseeker-matches",
        DEMO_KEY,
        &json!({"purpose": "kansenregister", "start": {"document": vacancy}, "limit": 5}),
    ));
    disclosed += 5;
    let cursor = first["nextCursor"].as_str().unwrap();
    let second = ok(post(
        &demo,
        "/v1/jobseeker-matches",
        DEMO_KEY,
        &json!({"purpose": "kansenregister", "start": {"document": vacancy}, "limit": 5, "cursor": cursor}),
    ));
    disclosed += 5;
    let paged: Vec<Value> = first["results"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["results"].as_array().unwrap())
        .map(ranking_key)
        .collect();
    let whole: Vec<Value> = ten["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(ranking_key)
        .collect();
    assert_eq!(paged, whole);
    assert_eq!(second["results"][0]["rank"], 6);
    let other = post(
        &demo,
        "/v1/jobseeker-matches",
        DEMO_KEY,
        &json!({"purpose": "kansenregister", "start": {"document": vacancy}, "limit": 6, "cursor": cursor}),
    );
    other.assert_problem(400, "invalid-input");
    assert_eq!(other.json()["invalidParams"][0]["pointer"], "/cursor");
    // The last page has no cursor.
    let last = ok(post(
        &demo,
        "/v1/jobseeker-matches",
        DEMO_KEY,
        &json!({"purpose": "kansenregister", "start": {"document": vacancy}, "limit": 100, "mustHave": ["competences"]}),
    ));
    disclosed += last["results"].as_array().unwrap().len();
    assert!(last["ranked"].as_u64().unwrap() <= 100);
    assert!(last.get("nextCursor").is_none());

    // Must-haves filter: every result meets them in full, and fewer are ranked.
    let strict = ok(post(
        &demo,
        "/v1/jobseeker-matches",
        DEMO_KEY,
        &json!({"purpose": "kansenregister", "start": {"document": vacancy}, "mustHave": ["hours", "drivingLicences"], "limit": 100}),
    ));
    let strict_results = strict["results"].as_array().unwrap();
    disclosed += strict_results.len();
    assert!(!strict_results.is_empty());
    assert!(strict["ranked"].as_u64().unwrap() < ranked);
    for result in strict_results {
        assert_eq!(criterion(result, "hours")["status"], "match");
        assert_eq!(criterion(result, "drivingLicences")["status"], "match");
    }

    // Weights change the order: distance alone sorts by distance; occupation alone does not.
    let only = |name: &str| {
        let mut weights = serde_json::Map::new();
        for c in [
            "occupation",
            "competences",
            "distance",
            "hours",
            "workAndThinkingLevel",
            "education",
            "languages",
            "drivingLicences",
            "availability",
            "contractType",
            "targetGroup",
        ] {
            weights.insert(c.into(), json!(if c == name { 10 } else { 0 }));
        }
        let answer = ok(post(
            &demo,
            "/v1/jobseeker-matches",
            DEMO_KEY,
            &json!({"purpose": "kansenregister", "start": {"document": vacancy}, "weights": weights, "limit": 30}),
        ));
        answer["results"].as_array().unwrap().clone()
    };
    let by_distance = only("distance");
    let by_occupation = only("occupation");
    disclosed += by_distance.len() + by_occupation.len();
    let distances: Vec<f64> = by_distance
        .iter()
        .map(|r| r["result"]["distanceKm"].as_f64().unwrap())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    let keys = |results: &[Value]| -> Vec<Value> {
        results
            .iter()
            .map(|r| {
                json!([
                    r["result"]["source"],
                    r["result"]["document"],
                    r["result"]["distanceKm"]
                ])
            })
            .collect()
    };
    assert_ne!(keys(&by_distance), keys(&by_occupation));
    // Occupation alone: the best on occupation first (an unknown one counts at half).
    let occupation_values: Vec<f64> = by_occupation
        .iter()
        .map(|r| criterion(r, "occupation")["value"].as_f64().unwrap_or(0.5))
        .collect();
    assert!(
        occupation_values.windows(2).all(|w| w[0] >= w[1]),
        "{occupation_values:?}"
    );
    assert!(occupation_values[0] >= 0.8, "{occupation_values:?}");
    for result in &by_occupation {
        for c in result["criteria"].as_array().unwrap() {
            if c["criterion"] != "occupation" {
                assert_eq!(c["contribution"], 0.0, "{c}");
            }
        }
    }

    // A jobseeker in, ranked vacancies out.
    let jobseeker = example("jobseeker-ww-logistics.json");
    let vacancies = ok(post(
        &demo,
        "/v1/vacancy-matches",
        DEMO_KEY,
        &body(json!({"document": jobseeker})),
    ));
    let vacancy_results = vacancies["results"].as_array().unwrap();
    disclosed += vacancy_results.len();
    assert!(!vacancy_results.is_empty());
    assert!(
        vacancy_results
            .iter()
            .all(|r| r["result"]["documentType"] == "vacancy")
    );
    assert_anonymous(&vacancies, &register, "vacancy");

    // By result id: a jobseeker of the first match starts a vacancy match, fetched live from
    // its source and logged; a jobseeker's id does not start a jobseeker match.
    let id = results[0]["result"]["id"].as_str().unwrap();
    let by_id = ok(post(
        &demo,
        "/v1/vacancy-matches",
        DEMO_KEY,
        &body(json!({"id": id})),
    ));
    disclosed += by_id["results"].as_array().unwrap().len() + 1;
    assert!(!by_id["results"].as_array().unwrap().is_empty());
    assert_eq!(
        post(
            &demo,
            "/v1/jobseeker-matches",
            DEMO_KEY,
            &body(json!({"id": id}))
        )
        .status,
        404
    );
    // An id from a search under another purpose is refused as such.
    let search = ok(post(
        &demo,
        "/v1/vacancy-searches",
        DEMO_KEY,
        &json!({"purpose": "bemiddeling", "criteria": {"area": {"postcode": "3542AD", "distanceKm": 10}}}),
    ));
    disclosed += search["results"].as_array().unwrap().len();
    let bemiddeling_id = search["results"][0]["id"].as_str().unwrap();
    post(
        &demo,
        "/v1/jobseeker-matches",
        DEMO_KEY,
        &body(json!({"id": bemiddeling_id})),
    )
    .assert_problem(403, "purpose-mismatch");

    // Bad starts say what and where.
    for (start, pointer, detail) in [
        (
            json!({"id": id, "document": vacancy}),
            "/start",
            "the starting document cannot be used: give either an id or a document, not both and not neither",
        ),
        (
            json!({}),
            "/start",
            "the starting document cannot be used: give either an id or a document, not both and not neither",
        ),
        (
            json!({"format": "excel", "document": vacancy}),
            "/start/format",
            "",
        ),
        (json!({"document": {"title": 5}}), "/start/document", ""),
        (
            json!({"format": "setu-xml", "document": "<PositionOpening"}),
            "/start/document",
            "",
        ),
    ] {
        let refused = post(
            &demo,
            "/v1/jobseeker-matches",
            DEMO_KEY,
            &body(start.clone()),
        );
        refused.assert_problem(400, "invalid-input");
        let problem = refused.json();
        assert_eq!(problem["invalidParams"][0]["pointer"], pointer, "{start}");
        if !detail.is_empty() {
            assert_eq!(problem["detail"], detail);
        }
    }
    let unknown = post(
        &demo,
        "/v1/jobseeker-matches",
        DEMO_KEY,
        &json!({"purpose": "kansenregister", "start": {"document": vacancy}, "weight": {}}),
    );
    unknown.assert_problem(400, "invalid-input");
    let no_key = demo.request(
        "POST",
        "/v1/jobseeker-matches",
        &[("Content-Type", "application/json")],
        body(json!({"document": vacancy})).to_string().as_bytes(),
    );
    no_key.assert_problem(401, "unauthorized");

    // Every disclosure is in the processing log before it was sent: one record per result of
    // every match (and search), and one for the jobseeker fetched by id.
    let records = log_records(&demo);
    let disclosures: Vec<&Value> = records
        .iter()
        .filter(|r| r["status"] == "disclosed")
        .collect();
    assert_eq!(disclosures.len(), disclosed);
    let matches = disclosures
        .iter()
        .filter(|r| r["operation"] == "match")
        .count();
    assert_eq!(
        matches,
        disclosed - search["results"].as_array().unwrap().len()
    );
    assert!(
        disclosures
            .iter()
            .filter(|r| r["operation"] == "match")
            .all(|r| r["activity"] == "https://werkbrug.nl/purposes/v1/kansenregister")
    );
    assert!(records.iter().any(|r| r["status"] == "refused-403"));
}

/// Centroids of the four-digit postcodes, and of the two-digit areas for the postcodes that
/// table lacks (as the gateway does), read independently of the gateway's geo code.
fn centroids() -> BTreeMap<String, (f64, f64)> {
    let mut table = BTreeMap::new();
    for file in ["nl-pc2-centroids.csv", "nl-pc4-centroids.csv"] {
        let text =
            std::fs::read_to_string(root().join("crates/federation/data").join(file)).unwrap();
        table.extend(
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with("pc"))
                .filter_map(|l| {
                    let mut parts = l.split(',');
                    Some((
                        parts.next()?.to_owned(),
                        (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?),
                    ))
                }),
        );
    }
    table
}

fn centroid(table: &BTreeMap<String, (f64, f64)>, area: &str) -> (f64, f64) {
    *table
        .get(area)
        .or_else(|| table.get(&area[..2]))
        .unwrap_or_else(|| panic!("no centroid for {area}"))
}

fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

/// The concept table as sets of names that stand for one concept (URIs, crosswalk URIs, codes
/// and labels), read from the data file itself.
fn concept_names() -> Vec<BTreeSet<String>> {
    let text =
        std::fs::read_to_string(root().join("crates/federation/data/concepts.json")).unwrap();
    let table: Value = serde_json::from_str(&text).unwrap();
    table["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut names = BTreeSet::from([s["uri"].as_str().unwrap().to_owned()]);
            for m in s["exactMatch"].as_array().into_iter().flatten() {
                names.insert(m.as_str().unwrap().to_owned());
            }
            for c in s["codes"].as_array().into_iter().flatten() {
                names.insert(format!(
                    "{}:{}",
                    c["scheme"].as_str().unwrap(),
                    c["value"].as_str().unwrap()
                ));
            }
            for l in s["labels"].as_object().unwrap().values() {
                names.insert(l.as_str().unwrap().to_lowercase());
            }
            names
        })
        .collect()
}

/// The names a competence in a document goes by.
fn names_of(competence: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if let Some(uri) = competence["uri"].as_str() {
        names.insert(uri.to_owned());
    }
    if let (Some(s), Some(v)) = (
        competence["code"]["scheme"].as_str(),
        competence["code"]["value"].as_str(),
    ) {
        names.insert(format!("{s}:{v}"));
    }
    if let Some(label) = competence["label"].as_str() {
        names.insert(label.to_lowercase());
    }
    names
}

fn same_competence(a: &Value, b: &Value, concepts: &[BTreeSet<String>]) -> bool {
    let (a, b) = (names_of(a), names_of(b));
    if !a.is_disjoint(&b) {
        return true;
    }
    concepts
        .iter()
        .any(|c| !c.is_disjoint(&a) && !c.is_disjoint(&b))
}

fn hours_text(low: f64, high: f64) -> String {
    if low == high {
        format!("{low}")
    } else {
        format!("{low}-{high}")
    }
}

#[test]
fn explanations_are_true_for_every_result_of_twenty_one_matches() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo(dir.path());
    let centroids = centroids();
    let concepts = concept_names();
    let skill = |code: &str, label: &str| json!({"uri": format!("https://linkeddata.competentnl.nl/uwv/id/skill/{code}"), "label": label});
    let competence_sets = [
        vec![
            skill("2201", "Heftruck besturen"),
            skill("1104", "Veiligheidsbewust werken"),
        ],
        vec![
            skill("2202", "Werken met een handscanner"),
            json!({"code": {"scheme": "uwv-legacy", "value": "0000001101"}}),
            json!({"label": "Orderpicken met spraaksturing"}),
        ],
        vec![
            skill("1107", "Klantgericht werken"),
            skill("2206", "Voorraadbeheer"),
        ],
    ];
    let postcodes = [
        "3542AD", "3011AB", "9711AA", "1012AB", "5611AA", "2511AA", "6811AA",
    ];
    let base = example("vacancy-warehouse-utrecht.json");
    let (mut matches, mut checked) = (0, 0);
    for postcode in postcodes {
        for competences in &competence_sets {
            let mut vacancy = base.clone();
            vacancy["location"]["address"]["postcode"] = json!(postcode);
            vacancy["requirements"]["requiredCompetences"] = json!(competences);
            let answer = ok(post(
                &demo,
                "/v1/jobseeker-matches",
                DEMO_KEY,
                &json!({"purpose": "kansenregister", "start": {"document": vacancy}, "limit": 25}),
            ));
            matches += 1;
            let here = centroid(&centroids, &postcode[..4]);
            for result in answer["results"].as_array().unwrap() {
                let candidate = &result["result"]["document"];
                // Distance: the gateway's figure is the centroids' distance, and the reason says it.
                let area = result["result"]["derived"]["postcodeArea"]
                    .as_str()
                    .unwrap();
                let expected = (haversine(here, centroid(&centroids, area)) * 10.0).round() / 10.0;
                let shown = result["result"]["distanceKm"].as_f64().unwrap();
                assert!((shown - expected).abs() < 0.051, "{shown} vs {expected}");
                let distance = criterion(result, "distance");
                assert!(
                    distance["reason"]["en"]
                        .as_str()
                        .unwrap()
                        .starts_with(&format!("{shown} km; the value halves every 15 km")),
                    "{distance}"
                );
                // Hours: the ranges in the reason are those of both documents.
                let hours = criterion(result, "hours");
                let offered = (36.0, 40.0);
                match (
                    candidate["desiredWork"]["workingHours"]["hoursPerWeekMin"].as_f64(),
                    candidate["desiredWork"]["workingHours"]["hoursPerWeekMax"].as_f64(),
                ) {
                    (Some(low), Some(high)) => {
                        let wanted = hours_text(low, high);
                        let overlap = low <= offered.1 && offered.0 <= high;
                        let en = hours["reason"]["en"].as_str().unwrap();
                        assert!(
                            en.starts_with(&format!(
                                "{wanted} hours a week wanted, 36-40 offered: "
                            )),
                            "{en}"
                        );
                        assert_eq!(en.contains("they overlap"), overlap, "{en}");
                        if overlap && !en.contains("irregular") {
                            assert_eq!(hours["status"], "match");
                        }
                    }
                    (None, None) => assert_eq!(hours["status"], "unknown"),
                    _ => {}
                }
                // Competences: matched and missing are the vacancy's required ones, each
                // claimed match is held by the candidate, each claimed gap is not.
                let c = criterion(result, "competences");
                let held = candidate["qualifications"]["competences"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if held.is_empty() {
                    assert_eq!(c["status"], "unknown", "{c}");
                    continue;
                }
                let list = |k: &str| -> Vec<String> {
                    c[k].as_array()
                        .into_iter()
                        .flatten()
                        .map(|v| v.as_str().unwrap().to_owned())
                        .collect()
                };
                let (matched, missing) = (list("matched"), list("missing"));
                assert_eq!(matched.len() + missing.len(), competences.len(), "{c}");
                for wanted in competences {
                    let key = wanted["uri"]
                        .as_str()
                        .map(str::to_owned)
                        .or_else(|| {
                            wanted["code"]["scheme"].as_str().map(|s| {
                                format!("{s}:{}", wanted["code"]["value"].as_str().unwrap())
                            })
                        })
                        .unwrap_or_else(|| wanted["label"].as_str().unwrap().to_owned());
                    let has = held.iter().any(|h| same_competence(wanted, h, &concepts));
                    if matched.contains(&key) {
                        assert!(has, "{key} claimed matched, not held: {held:?}");
                    } else {
                        assert!(missing.contains(&key), "{key} in neither list: {c}");
                        assert!(!has, "{key} claimed missing, but held: {held:?}");
                    }
                }
                assert!(
                    c["reason"]["en"].as_str().unwrap().starts_with(&format!(
                        "{} of {} required competences",
                        matched.len(),
                        competences.len()
                    )),
                    "{c}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(matches, 21);
    assert!(checked >= 200, "{checked} results checked");
}

fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

#[test]
fn a_source_down_never_fails_a_match_and_the_purpose_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let municipality = common::demo_source(
        "gemeente",
        "Gemeente Test",
        "vum-bron",
        "vum",
        "municipality",
        3,
    );
    let agency = common::demo_source(
        "uitzendbureau",
        "Uitzendbureau Test B.V.",
        "werkbrug-source",
        "setu-xml",
        "staffing-agency",
        4,
    );
    let down = free_address();
    let hash = werkbrug_gateway::access::hash_key;
    let source = |id: &str, kind: &str, format: &str, address: &str| {
        let format = if kind == "werkbrug-source" {
            format!("format = \"{format}\"\n")
        } else {
            String::new()
        };
        format!(
            "[[federation.sources]]\nid = \"{id}\"\norganisation = \"{id}\"\nkind = \"{kind}\"\n{format}base_url = \"http://{address}\"\ndocument_types = [\"jobseeker-profile\", \"vacancy\"]\ntimeout_ms = 5000\n\n"
        )
    };
    let config = dir.path().join("werkbrug.toml");
    std::fs::write(
        &config,
        format!(
            "[[access.api_keys]]\nhash = \"{}\"\norganisation = \"Werkgever Test\"\nroles = [\"search\"]\npurposes = [\"kansenregister\"]\n\n[[access.api_keys]]\nhash = \"{}\"\norganisation = \"Bemiddelaar Test\"\nroles = [\"search\"]\npurposes = [\"matching\"]\n\n[logbook]\ndata_dir = \"{}\"\n\n[federation]\n{}{}{}",
            hash("key-employer"),
            hash("key-matching-only"),
            dir.path().join("log").display(),
            source("gemeente", "vum-bron", "vum", &municipality.address),
            source("uitzendbureau", "werkbrug-source", "setu-xml", &agency.address),
            source("down", "vum-bron", "vum", &down),
        ),
    )
    .unwrap();
    let gateway = Server::start(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--config",
        config.to_str().unwrap(),
    ]);
    let vacancy = example("vacancy-warehouse-utrecht.json");
    let body = json!({"purpose": "kansenregister", "start": {"document": vacancy}, "distance": {"maxKm": 300}});
    let answer = ok(post(
        &gateway,
        "/v1/jobseeker-matches",
        "key-employer",
        &body,
    ));
    let sources = answer["sources"].as_array().unwrap();
    let state = |id: &str| sources.iter().find(|s| s["source"] == id).unwrap()["status"].clone();
    assert_eq!(state("gemeente"), "ok");
    assert_eq!(state("uitzendbureau"), "ok");
    assert_eq!(state("down"), "error");
    assert!(!answer["results"].as_array().unwrap().is_empty());
    assert!(
        answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["result"]["source"]["id"] != "down")
    );
    // A key whose organisation may not use the purpose is refused.
    post(
        &gateway,
        "/v1/jobseeker-matches",
        "key-matching-only",
        &body,
    )
    .assert_problem(403, "forbidden");
}

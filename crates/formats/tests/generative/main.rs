//! Generative tests from the standards themselves: documents generated from the official schemas
//! (the VUM Bron contracts, SETU's `HumanResource.yml` and `StaffingOrder.yml`, HR Open's
//! `CandidateType.json` and `PositionOpeningType.json`), thousands per type, each checked against
//! its own contract first, then translated. For every document:
//!
//! - decoding never fails;
//! - the canonical document has no schema errors under werkbrug's own validator (semantic rules
//!   it breaks are findings, counted);
//! - VUM: `vum -> canonical -> vum` gives the document back under VUM's semantics (an empty value
//!   is absent, arrays are unordered, a postcode's letters have no case), and decoding reports no
//!   loss but the metadata VUM lacks;
//! - SETU and HR Open: every loss is one `docs/formats/{setu,hropen}.md` lists with its reason,
//!   and, for the fixed seed, every listed loss occurs: the list is closed both ways;
//! - SETU: the canonical document written as SETU XML is valid against the XSD (xmllint) and
//!   reads back.
//!
//! Each run uses a fixed seed and a new one, and prints both: `WERKBRUG_SEED=N` replays a run,
//! `WERKBRUG_GENERATED=N` sets the documents per type and seed (default 1000).
//! `WERKBRUG_BLESS=1` rewrites the loss lists in the docs from the fixed seed's run.
//!
//! The standards are found in `WERKBRUG_STANDARDS` (default `../shared/standards` beside the
//! checkout); without them the test says so and passes, unless `WERKBRUG_REQUIRE_STANDARDS` is
//! set (`.ci/run` sets it).

mod compare;
mod generator;
mod shapes;

use std::collections::BTreeSet;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{Generator, Schemas};
use jsonschema::{Retrieve, Uri};
use serde_json::{Value, json};
use werkbrug_formats::{DecodeContext, LossKind, registry};
use werkbrug_model::{DocumentType, Validator};

const FIXED_SEED: u64 = 20_261_203;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The standards directory, or `None` (after saying so) when it is absent and not required.
fn standards() -> Option<PathBuf> {
    werkbrug_testkit::standards("the generative tests from the standards' own schemas")
        .map(|dir| dir.canonicalize().unwrap())
}

fn per_type() -> usize {
    std::env::var("WERKBRUG_GENERATED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

/// The fixed seed and this run's: `WERKBRUG_SEED`, or one from the operating system's
/// randomness (not the clock).
fn seeds() -> [u64; 2] {
    static SEEDS: std::sync::OnceLock<[u64; 2]> = std::sync::OnceLock::new();
    *SEEDS.get_or_init(new_seeds)
}

fn new_seeds() -> [u64; 2] {
    let run = std::env::var("WERKBRUG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(FIXED_SEED);
            hasher.finish() % 1_000_000_000
        });
    [FIXED_SEED, run]
}

fn context() -> DecodeContext {
    DecodeContext::new(
        "generated-source",
        "2026-11-01T12:00:00+01:00".parse().unwrap(),
    )
}

/// Counts of one document type over a run.
#[derive(Default)]
struct Counts {
    generated: usize,
    contract_valid: usize,
    decoded: usize,
    canonical_valid: usize,
    with_findings: usize,
    round_trip_equal: usize,
    xsd_valid: usize,
}

impl Counts {
    fn line(&self, name: &str, last: &str) -> String {
        format!(
            "{name:<28} generated {:>5}, contract-valid {:>5}, decoded {:>5}, canonical valid {:>5} ({} with findings), {last}",
            self.generated,
            self.contract_valid,
            self.decoded,
            self.canonical_valid,
            self.with_findings
        )
    }
}

/// Failures, with what replays them.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn add(&mut self, seed: u64, name: &str, index: usize, what: String, document: &Value) {
        if self.0.len() < 8 {
            self.0.push(format!(
                "{name} (seed {seed}, document {index}): {what}\n  document: {document}"
            ));
        } else if self.0.len() == 8 {
            self.0.push("(more failures left out)".to_owned());
        }
    }
}

fn canonical_check(
    document: &werkbrug_formats::CanonicalDocument,
    counts: &mut Counts,
) -> Result<(), String> {
    let value = document.to_value();
    let errors = Validator::shared().schema_findings(&value, document.document_type());
    if !errors.is_empty() {
        return Err(format!(
            "the canonical document breaks the schema: {errors:?}"
        ));
    }
    counts.canonical_valid += 1;
    if !werkbrug_formats::findings(document).is_empty() {
        counts.with_findings += 1;
    }
    Ok(())
}

// --- VUM ------------------------------------------------------------------------------------

fn vum_contract(file: &Path) -> Value {
    serde_norway::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

fn vum_validator(contract: &Value, schema: &str) -> jsonschema::Validator {
    let root = json!({
        "$ref": format!("#/components/schemas/{schema}"),
        "components": contract["components"],
    });
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap()
}

#[test]
fn vum_documents_from_the_contracts_survive_the_round_trip() {
    let Some(standards) = standards() else { return };
    let types = [
        (
            "VUM-Bron-WerkzoekendeProfielen.yaml",
            "Werkzoekende",
            DocumentType::JobseekerProfile,
        ),
        (
            "VUM-Bron-WerkzoekendeProfielen.yaml",
            "MPWerkzoekendeMatch",
            DocumentType::JobseekerProfile,
        ),
        ("VUM-Bron-Vacatures.yaml", "Vacature", DocumentType::Vacancy),
        (
            "VUM-Bron-Vacatures.yaml",
            "MPVacatureMatch",
            DocumentType::Vacancy,
        ),
    ];
    let vum = registry::get("vum").unwrap();
    let mut failures = Failures::default();
    let mut lines = Vec::new();
    let seeds = seeds();
    for (file, schema, document_type) in types {
        let path = standards.join("vum").join(file);
        let contract = vum_contract(&path);
        let validator = vum_validator(&contract, schema);
        let mut counts = Counts::default();
        for seed in seeds {
            let mut schemas = Schemas::default();
            schemas.insert(&path, contract.clone());
            let mut generator = Generator::new(&mut schemas, seed ^ hash(schema));
            for index in 0..per_type() {
                let input = generator.document(&path, &format!("/components/schemas/{schema}"));
                counts.generated += 1;
                if !validator.is_valid(&input) {
                    continue;
                }
                counts.contract_valid += 1;
                let decoded = match vum.decode(
                    input.to_string().as_bytes(),
                    Some(document_type),
                    &context(),
                ) {
                    Ok(decoded) => decoded,
                    Err(e) => {
                        failures.add(seed, schema, index, format!("decoding failed: {e}"), &input);
                        continue;
                    }
                };
                counts.decoded += 1;
                if let Err(e) = canonical_check(&decoded.document, &mut counts) {
                    failures.add(seed, schema, index, e, &input);
                    continue;
                }
                let lost: Vec<String> = decoded
                    .losses
                    .entries
                    .iter()
                    // The metadata VUM lacks is defaulted; a postcode in small letters is written
                    // in capitals, which VUM's semantics do not tell apart (see `compare`).
                    .filter(|e| !(e.kind == LossKind::Defaulted && e.path.is_empty()))
                    .filter(|e| !(e.kind == LossKind::Approximated && e.path.ends_with("postcode")))
                    .map(|e| format!("{} {} ({})", e.kind.name(), e.path, e.reason))
                    .collect();
                let encoded = vum.encode(&decoded.document).unwrap();
                let output: Value = serde_json::from_slice(&encoded.bytes).unwrap();
                let (want, got) = (compare::vum(&input), compare::vum(&output));
                if want != got || !lost.is_empty() {
                    failures.add(
                        seed,
                        schema,
                        index,
                        format!("not lossless: losses {lost:?}\n  back: {output}"),
                        &input,
                    );
                    continue;
                }
                counts.round_trip_equal += 1;
            }
        }
        let line = counts.line(
            &format!("vum {schema}"),
            &format!("round trip equal {:>5}", counts.round_trip_equal),
        );
        assert!(
            counts.contract_valid * 20 >= counts.generated * 19,
            "the generator makes too few contract-valid documents: {line}"
        );
        lines.push(line);
    }
    report(seeds, &lines, failures);
}

#[test]
fn the_vum_comparison_is_not_toothless() {
    let document = json!({"idWerkzoekende": "WZ-1", "telefoonnummer": ["0612345678", "(088)-6414792"],
        "mobiliteit": {"bemiddelingspostcode": "3511ab"}, "webadres": [], "persoonlijkePresentatie": ""});
    // Arrays unordered, empty values absent, a postcode's case immaterial: equal.
    let same = json!({"telefoonnummer": ["(088)-6414792", "0612345678"], "idWerkzoekende": "WZ-1",
        "mobiliteit": {"bemiddelingspostcode": "3511AB"}});
    assert_eq!(compare::vum(&document), compare::vum(&same));
    // A value lost, or changed: not equal.
    for other in [
        json!({"idWerkzoekende": "WZ-1", "telefoonnummer": ["0612345678"],
            "mobiliteit": {"bemiddelingspostcode": "3511AB"}}),
        json!({"idWerkzoekende": "WZ-1", "telefoonnummer": ["0612345678", "+31886414792"],
            "mobiliteit": {"bemiddelingspostcode": "3511AB"}}),
    ] {
        assert_ne!(compare::vum(&document), compare::vum(&other));
    }
}

fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn report(seeds: [u64; 2], lines: &[String], failures: Failures) {
    eprintln!(
        "generative: seeds {} (fixed) and {} (this run; replay with WERKBRUG_SEED={})",
        seeds[0], seeds[1], seeds[1]
    );
    for line in lines {
        eprintln!("  {line}");
    }
    assert!(
        failures.0.is_empty(),
        "{} failure(s):\n{}",
        failures.0.len(),
        failures.0.join("\n")
    );
}

// --- SETU and HR Open: the loss lists in the docs ------------------------------------------

/// One line of a documented loss list: a path (indexes as `*`), a kind and a reason.
type Listed = (String, String, String);

fn normalise(path: &str) -> String {
    path.split('/')
        .map(|s| if s.parse::<usize>().is_ok() { "*" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The SETU adapter's reason for an element it has no place for.
const SETU_FALLBACK: &str = "the canonical model cannot hold this value";
/// The HR Open adapter's reason for an element it does not read.
const HROPEN_FALLBACK: &str = "werkbrug does not read this HR Open element";

/// The HR Open adapter's reasons for the later items of a list it reads only the first of.
const LATER_ITEMS: [&str; 2] = [
    "werkbrug reads the first profile of a candidate",
    "werkbrug reads the first position profile of an opening",
];

/// The adapters' reason for a value cut at a canonical length limit; listed like the catch-all.
const CUT: &str = "longer than the canonical model holds: cut at its limit";

const BEGIN: &str = "<!-- decode-losses:begin -->";
const END: &str = "<!-- decode-losses:end -->";

fn listed(doc: &Path) -> BTreeSet<Listed> {
    let text = std::fs::read_to_string(doc).unwrap();
    let (Some(start), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        panic!("{} has no {BEGIN} ... {END} list", doc.display());
    };
    text[start + BEGIN.len()..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            let unquote = |s: &str| s.trim_matches('`').to_owned();
            (unquote(cells[0]), unquote(cells[1]), cells[2].to_owned())
        })
        .collect()
}

fn write_listed(doc: &Path, found: &BTreeSet<Listed>) {
    let text = std::fs::read_to_string(doc).unwrap();
    let (start, end) = (text.find(BEGIN).unwrap(), text.find(END).unwrap());
    let mut table = String::from("\n| Path (`*`: any item) | Kind | Reason |\n|---|---|---|\n");
    for (path, kind, reason) in found {
        let path = if path.is_empty() { "(document)" } else { path };
        table.push_str(&format!("| `{path}` | `{kind}` | {reason} |\n"));
    }
    let text = format!("{}{BEGIN}{table}{}", &text[..start], &text[end..]);
    std::fs::write(doc, text).unwrap();
}

/// Holds the documented list closed: every loss found is listed, and (for the fixed seed)
/// every listed loss is found. With `WERKBRUG_BLESS` the list is rewritten instead.
fn hold_closed(doc: &Path, fixed: &BTreeSet<Listed>, all: &BTreeSet<Listed>) -> Vec<String> {
    if std::env::var_os("WERKBRUG_BLESS").is_some() {
        write_listed(doc, fixed);
    }
    let listed: BTreeSet<Listed> = listed(doc)
        .into_iter()
        .map(|(p, k, r)| (if p == "(document)" { String::new() } else { p }, k, r))
        .collect();
    let mut problems = Vec::new();
    for (path, kind, reason) in all.difference(&listed) {
        problems.push(format!(
            "{}: a loss the docs do not list: {kind} {path} ({reason})",
            doc.display()
        ));
    }
    for (path, kind, reason) in listed.difference(fixed) {
        problems.push(format!(
            "{}: listed, but the fixed seed's documents never lose it: {kind} {path} ({reason})",
            doc.display()
        ));
    }
    problems
}

/// Records the losses of one document. A loss with the adapter's catch-all reason (`fallback`:
/// an element werkbrug does not read) is listed by the part of the message it lies in (the first
/// step of its path) and as `lost`, whatever its kind: the schemas have hundreds of such
/// elements, most of them rare, and a list of each would change with every seed. A later
/// profile (HR Open reads the first) is listed as the item it is.
fn record(
    losses: &werkbrug_formats::LossReport,
    fallback: &str,
    seed: u64,
    fixed: &mut BTreeSet<Listed>,
    all: &mut BTreeSet<Listed>,
) {
    for entry in &losses.entries {
        let path = normalise(&entry.path);
        let item = if entry.reason == fallback || entry.reason == CUT {
            let part = path.split('/').nth(1).unwrap_or_default();
            let kind = if entry.reason == CUT {
                "truncated"
            } else {
                "lost"
            };
            (format!("/{part}"), kind.to_owned(), entry.reason.clone())
        } else if LATER_ITEMS.contains(&entry.reason.as_str()) {
            // A later profile is dropped whole; how much of it the diff names in one entry
            // depends on what the generator put in it, so it is listed as the item.
            let item: Vec<&str> = path.split('/').take(3).collect();
            (item.join("/"), "dropped".to_owned(), entry.reason.clone())
        } else {
            (path, entry.kind.name().to_owned(), entry.reason.clone())
        };
        if seed == FIXED_SEED {
            fixed.insert(item.clone());
        }
        all.insert(item);
    }
}

// --- SETU -----------------------------------------------------------------------------------

fn xsd_check(xsd: &Path, documents: &[Vec<u8>]) -> Vec<Option<String>> {
    let dir = std::env::temp_dir().join(format!("werkbrug-generative-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<PathBuf> = documents
        .iter()
        .enumerate()
        .map(|(i, xml)| {
            let file = dir.join(format!("{i}.xml"));
            std::fs::write(&file, xml).unwrap();
            file
        })
        .collect();
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd)
        .args(&files)
        .output()
        .expect("xmllint (Debian package libxml2-utils) is needed; .ci/run installs it");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let verdicts = files
        .iter()
        .map(|file| {
            let name = file.display().to_string();
            if stderr.contains(&format!("{name} validates")) {
                None
            } else {
                Some(
                    stderr
                        .lines()
                        .filter(|l| l.starts_with(&name))
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
            }
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    verdicts
}

#[test]
fn setu_messages_from_the_schemas_lose_only_what_the_docs_list() {
    let Some(standards) = standards() else { return };
    let types = [
        ("HumanResource", DocumentType::JobseekerProfile),
        ("StaffingOrder", DocumentType::Vacancy),
    ];
    let json_adapter = registry::get("setu-json").unwrap();
    let xml_adapter = registry::get("setu-xml").unwrap();
    let mut failures = Failures::default();
    let mut lines = Vec::new();
    let (mut fixed, mut all) = (BTreeSet::new(), BTreeSet::new());
    let seeds = seeds();
    for (root, document_type) in types {
        let path = standards.join("setu").join(format!("{root}.yml"));
        let schema: Value =
            serde_norway::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let xsd = standards.join("setu").join(format!("{root}.xsd"));
        let mut counts = Counts::default();
        for seed in seeds {
            let mut schemas = Schemas::default();
            schemas.insert(&path, schema.clone());
            let mut generator = Generator::new(&mut schemas, seed ^ hash(root));
            let mut xml = Vec::new();
            let mut inputs = Vec::new();
            for index in 0..per_type() {
                let input = generator.document(&path, "");
                counts.generated += 1;
                if !validator.is_valid(&input) {
                    continue;
                }
                counts.contract_valid += 1;
                let decoded = match json_adapter.decode(
                    input.to_string().as_bytes(),
                    Some(document_type),
                    &context(),
                ) {
                    Ok(decoded) => decoded,
                    Err(e) => {
                        failures.add(seed, root, index, format!("decoding failed: {e}"), &input);
                        continue;
                    }
                };
                counts.decoded += 1;
                if let Err(e) = canonical_check(&decoded.document, &mut counts) {
                    failures.add(seed, root, index, e, &input);
                    continue;
                }
                record(&decoded.losses, SETU_FALLBACK, seed, &mut fixed, &mut all);
                let encoded = xml_adapter.encode(&decoded.document).unwrap();
                if let Err(e) = xml_adapter.decode(&encoded.bytes, Some(document_type), &context())
                {
                    failures.add(
                        seed,
                        root,
                        index,
                        format!("its SETU XML does not read back: {e}"),
                        &input,
                    );
                }
                xml.push(encoded.bytes);
                inputs.push((index, input));
            }
            for chunk in (0..xml.len()).collect::<Vec<_>>().chunks(250) {
                let documents: Vec<Vec<u8>> = chunk.iter().map(|&i| xml[i].clone()).collect();
                for (&i, verdict) in chunk.iter().zip(xsd_check(&xsd, &documents)) {
                    match verdict {
                        None => counts.xsd_valid += 1,
                        Some(errors) => failures.add(
                            seed,
                            root,
                            inputs[i].0,
                            format!(
                                "its SETU XML breaks the XSD: {errors}\n  xml: {}",
                                String::from_utf8_lossy(&xml[i])
                            ),
                            &inputs[i].1,
                        ),
                    }
                }
            }
        }
        let line = counts.line(
            &format!("setu {root}"),
            &format!("XML valid against the XSD {:>5}", counts.xsd_valid),
        );
        assert!(
            counts.contract_valid * 20 >= counts.generated * 19,
            "the generator makes too few contract-valid documents: {line}"
        );
        lines.push(line);
    }
    let problems = hold_closed(&workspace().join("docs/formats/setu.md"), &fixed, &all);
    for problem in problems {
        failures.0.push(problem);
    }
    report(seeds, &lines, failures);
}

// --- HR Open --------------------------------------------------------------------------------

/// Reads `file://` references from disk; anything else is refused.
struct LocalFiles;

impl Retrieve for LocalFiles {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri.scheme().as_str() != "file" {
            return Err(format!("refusing to fetch {uri}").into());
        }
        let text = std::fs::read_to_string(uri.path().as_str())?;
        Ok(serde_json::from_str(&text)?)
    }
}

#[test]
fn hropen_documents_from_the_schemas_lose_only_what_the_docs_list() {
    let Some(standards) = standards() else { return };
    let types = [
        ("CandidateType.json", DocumentType::JobseekerProfile),
        ("PositionOpeningType.json", DocumentType::Vacancy),
    ];
    let hropen = registry::get("hropen").unwrap();
    let mut failures = Failures::default();
    let mut lines = Vec::new();
    let (mut fixed, mut all) = (BTreeSet::new(), BTreeSet::new());
    let seeds = seeds();
    for (file, document_type) in types {
        let path = standards.join("hropen/recruiting/json").join(file);
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let validator = jsonschema::draft4::options()
            .with_base_uri(format!("file://{}", path.display()))
            .with_retriever(LocalFiles)
            .build(&schema)
            .unwrap();
        let mut counts = Counts::default();
        for seed in seeds {
            let mut schemas = Schemas::default();
            let mut generator = Generator::new(&mut schemas, seed ^ hash(file));
            generator.max_depth = 5;
            for index in 0..per_type() {
                let input = generator.document(&path, "");
                counts.generated += 1;
                if !validator.is_valid(&input) {
                    if std::env::var_os("WERKBRUG_DEBUG").is_some() {
                        for e in validator.iter_errors(&input).take(2) {
                            eprintln!("contract: {}: {e}", e.instance_path());
                        }
                    }
                    continue;
                }
                counts.contract_valid += 1;
                let decoded = match hropen.decode(
                    input.to_string().as_bytes(),
                    Some(document_type),
                    &context(),
                ) {
                    Ok(decoded) => decoded,
                    Err(e) => {
                        failures.add(seed, file, index, format!("decoding failed: {e}"), &input);
                        continue;
                    }
                };
                counts.decoded += 1;
                if let Err(e) = canonical_check(&decoded.document, &mut counts) {
                    failures.add(seed, file, index, e, &input);
                    continue;
                }
                record(&decoded.losses, HROPEN_FALLBACK, seed, &mut fixed, &mut all);
            }
        }
        let line = counts.line(&format!("hropen {file}"), "");
        assert!(
            counts.contract_valid * 20 >= counts.generated * 19,
            "the generator makes too few contract-valid documents: {line}"
        );
        lines.push(line);
    }
    let problems = hold_closed(&workspace().join("docs/formats/hropen.md"), &fixed, &all);
    for problem in problems {
        failures.0.push(problem);
    }
    report(seeds, &lines, failures);
}

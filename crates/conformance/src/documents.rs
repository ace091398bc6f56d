//! `werkbrug conformance documents`: a vendor's exported canonical documents, checked
//! requirement by requirement, and the suite's own document cases (`documents/`).
//!
//! Every finding of werkbrug's validator maps to one requirement: a named rule `r` to
//! `document/r`, a structural schema error (`schema.*`) to `document/schema`. A document passes
//! a requirement when no finding maps to it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Deserialize;
use serde_json::json;
use werkbrug_model::{DocumentType, Finding, Validator};

use crate::requirements::Actor;
use crate::{Collector, Outcome, RunError, Suite};

/// Largest document file read, in bytes.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The requirement a validator finding belongs to.
pub fn requirement_of(rule: &str) -> String {
    if rule.starts_with("schema.") {
        "document/schema".to_owned()
    } else {
        format!("document/{rule}")
    }
}

/// Whether a document requirement can apply to a document of this type (a vacancy has no BSN,
/// a jobseeker no closing date); requirements that cannot apply are not reported.
fn applies(requirement: &str, document_type: Option<DocumentType>) -> bool {
    let Some(document_type) = document_type else {
        return requirement.starts_with("document/json.")
            || requirement == "document/document.type";
    };
    let name = requirement.trim_start_matches("document/");
    match document_type {
        DocumentType::Vacancy => {
            !(name.starts_with("bsn.")
                || name.starts_with("date.birth")
                || name == "language.dutch")
        }
        DocumentType::JobseekerProfile => !name.starts_with("vacancy."),
    }
}

/// One document to check: where it came from, and its bytes.
struct Input {
    id: String,
    bytes: Vec<u8>,
}

/// Expands files and directories into documents: a `.json` file is one document, an `.ndjson`
/// or `.jsonl` file one per line; directories are searched for both, recursively.
fn inputs(paths: &[PathBuf]) -> Result<Vec<Input>, RunError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut stack = vec![path.clone()];
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(&dir)? {
                    let entry = entry?.path();
                    if entry.is_dir() {
                        stack.push(entry);
                    } else if matches!(
                        entry.extension().and_then(|e| e.to_str()),
                        Some("json" | "ndjson" | "jsonl")
                    ) {
                        files.push(entry);
                    }
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let size = std::fs::metadata(&file)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", file.display())))?
            .len();
        if size > MAX_FILE_BYTES {
            return Err(RunError::Usage(format!(
                "{}: {size} bytes is more than the {MAX_FILE_BYTES} a document file may hold",
                file.display()
            )));
        }
        let bytes = std::fs::read(&file)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", file.display())))?;
        let name = file.display().to_string();
        if matches!(
            file.extension().and_then(|e| e.to_str()),
            Some("ndjson" | "jsonl")
        ) {
            for (number, line) in bytes.split(|b| *b == b'\n').enumerate() {
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                out.push(Input {
                    id: format!("{name}:{}", number + 1),
                    bytes: line.to_vec(),
                });
            }
        } else {
            out.push(Input { id: name, bytes });
        }
    }
    Ok(out)
}

/// Validates one document: its type (when it could be told) and its findings.
pub fn validate(bytes: &[u8]) -> (Option<DocumentType>, Vec<Finding>) {
    match werkbrug_model::json::parse(bytes) {
        Err(e) => (None, vec![e.to_finding()]),
        Ok(document) => match Validator::shared().validate_any(&document, None) {
            Ok(report) => (Some(report.document_type), report.findings),
            Err(finding) => (None, vec![finding]),
        },
    }
}

/// Checks every document under `paths`; returns how many documents were read.
pub fn run(paths: &[PathBuf], collector: &mut Collector<'_>) -> Result<usize, RunError> {
    let inputs = inputs(paths)?;
    let requirements: Vec<String> = collector
        .requirements
        .of(Actor::Document)
        .map(|r| r.id.clone())
        .collect();
    for input in &inputs {
        let started = Instant::now();
        let (document_type, findings) = validate(&input.bytes);
        let elapsed = started.elapsed();
        for requirement in &requirements {
            if !applies(requirement, document_type) || !collector.wants(&input.id, requirement) {
                continue;
            }
            let broken: Vec<&Finding> = findings
                .iter()
                .filter(|f| requirement_of(&f.rule) == *requirement)
                .collect();
            if broken.is_empty() {
                collector.record(&input.id, requirement, Outcome::Pass, elapsed, None, None);
            } else {
                let message = broken
                    .iter()
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>()
                    .join("; ");
                // Findings name pointers and rules, never values: safe to keep as evidence.
                let evidence = json!({"findings": broken});
                collector.record(
                    &input.id,
                    requirement,
                    Outcome::Fail,
                    elapsed,
                    Some(message),
                    Some(evidence),
                );
            }
        }
    }
    Ok(inputs.len())
}

/// One case of `documents/cases.json`: a document of the suite and the findings it must produce.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentCase {
    /// The document's file, relative to `documents/`.
    pub file: String,
    /// What the case shows.
    pub description: String,
    /// Whether the document conforms (no MUST broken).
    pub valid: bool,
    /// The findings it must produce: requirement and JSON Pointer.
    #[serde(default)]
    pub findings: Vec<ExpectedFinding>,
}

/// A finding a suite document must produce.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedFinding {
    /// The requirement broken.
    pub requirement: String,
    /// Where (JSON Pointer; `""` is the whole document).
    pub pointer: String,
}

/// The suite's document cases.
pub fn cases(suite: &Suite) -> Result<Vec<DocumentCase>, RunError> {
    suite.json("documents/cases.json")
}

/// Checks a validator's findings for one suite case against its expectation; `Err` says how
/// they differ. Warnings (SHOULD) count: the case lists every finding.
pub fn check_case(case: &DocumentCase, bytes: &[u8]) -> Result<(), String> {
    let (_, findings) = validate(bytes);
    let mut actual: Vec<ExpectedFinding> = findings
        .iter()
        .map(|f| ExpectedFinding {
            requirement: requirement_of(&f.rule),
            pointer: f.pointer.clone(),
        })
        .collect();
    actual.sort();
    actual.dedup();
    let mut expected = case.findings.clone();
    expected.sort();
    let valid = findings
        .iter()
        .all(|f| f.severity != werkbrug_model::validate::Severity::Error);
    if actual != expected || valid != case.valid {
        return Err(format!(
            "{}: expected valid={} {:?}, got valid={valid} {:?}",
            case.file, case.valid, expected, actual
        ));
    }
    Ok(())
}

/// The path of a suite document, for messages.
pub fn case_path(case: &DocumentCase) -> PathBuf {
    Path::new("documents").join(&case.file)
}

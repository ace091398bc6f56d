//! The runner of the werkbrug conformance suite.
//!
//! The suite itself is data, in `conformance/v1/` (embedded in this crate, or read from a
//! directory): requirements with stable ids, canonical documents with the findings they must
//! produce, translation vectors, and HTTP scenarios for three profiles. This crate runs it
//! against what a vendor has:
//!
//! - [`documents`]: a vendor's exported canonical documents, checked requirement by requirement;
//! - [`adapter`]: a vendor's translator, driven over a JSON-lines protocol on stdin/stdout
//!   through the translation vectors ([`harness`] is werkbrug's own side of that protocol);
//! - [`api`]: a live endpoint (a VUM Bron, a werkbrug source or a werkbrug gateway), scenario by
//!   scenario.
//!
//! Every run yields [`CaseResult`]s, one per requirement checked per case, which [`report`]
//! prints and writes as `report.jsonl`, `junit.xml` and `report.html`. A skip is never a pass;
//! a run passes when every MUST that ran passed.

pub mod adapter;
pub mod api;
mod compare;
pub mod documents;
pub mod harness;
mod redact;
pub mod report;
pub mod requirements;
pub mod suite;

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

pub use requirements::{Level, Requirement, Requirements};
pub use suite::Suite;

/// What became of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The implementation does what the requirement demands.
    Pass,
    /// It does not; the result's evidence shows what it did.
    Fail,
    /// Not checked: skipped by a skip file, or not applicable. Never counts as a pass.
    Skip,
    /// Could not be checked: the endpoint did not answer, the harness broke, an earlier step
    /// gave nothing to continue with.
    Error,
}

impl Outcome {
    /// The lower-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Skip => "skip",
            Outcome::Error => "error",
        }
    }
}

/// The result of checking one requirement on one case (a document, a vector, a scenario step).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseResult {
    /// Stable id of the case: a scenario or vector id, or a document's file name.
    pub id: String,
    /// The requirement checked.
    pub requirement: String,
    /// The requirement's level.
    pub level: Level,
    /// What became of the check.
    pub outcome: Outcome,
    /// Wall time of the case, in milliseconds.
    pub duration_ms: f64,
    /// Why it failed, errored or was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// For failures and errors: what the implementation did (requests and responses, outputs),
    /// with secrets and personal values redacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Value>,
}

impl CaseResult {
    /// Whether this result makes the run fail: a MUST that failed or could not be checked.
    pub fn breaks_run(&self) -> bool {
        self.level == Level::Must && matches!(self.outcome, Outcome::Fail | Outcome::Error)
    }
}

/// Which requirements a run checks: `--level`, `--only` and `--skip-file`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The lowest level to run; `None` runs every level.
    pub level: Option<Level>,
    /// When not empty, only these requirement or case ids run.
    pub only: Vec<String>,
    /// Requirement or case ids to skip, each with its reason.
    pub skips: BTreeMap<String, String>,
}

/// What a [`Selection`] says about one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Check it.
    Run,
    /// Report it as skipped, with this reason.
    Skip(String),
    /// Leave it out of the run (not selected by `--level` or `--only`).
    Exclude,
}

impl Selection {
    /// Reads a skip file: one id per line, then whitespace and the reason (required); `#`
    /// starts a comment.
    pub fn read_skip_file(text: &str) -> Result<BTreeMap<String, String>, String> {
        let mut skips = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line
                .split_once('#')
                .map_or(line, |(before, _)| before)
                .trim();
            if line.is_empty() {
                continue;
            }
            let (id, reason) = line
                .split_once(char::is_whitespace)
                .map(|(id, reason)| (id, reason.trim()))
                .unwrap_or((line, ""));
            if reason.is_empty() {
                return Err(format!(
                    "line {}: '{id}' has no reason; write the id, a space and why it is skipped",
                    number + 1
                ));
            }
            skips.insert(id.to_owned(), reason.to_owned());
        }
        Ok(skips)
    }

    /// Whether to check `requirement` on the case `case_id`.
    pub fn decide(&self, requirement: &Requirement, case_id: &str) -> Decision {
        let names = |id: &str| {
            id == requirement.id || id == case_id || case_id.starts_with(&format!("{id}/"))
        };
        if self.level.is_some_and(|lowest| requirement.level > lowest) {
            return Decision::Exclude;
        }
        if !self.only.is_empty() && !self.only.iter().any(|id| names(id)) {
            return Decision::Exclude;
        }
        match self.skips.iter().find(|(id, _)| names(id)) {
            Some((_, reason)) => Decision::Skip(reason.clone()),
            None => Decision::Run,
        }
    }
}

/// Collects the results of a run, applying the selection.
#[derive(Debug)]
pub struct Collector<'r> {
    requirements: &'r Requirements,
    selection: Selection,
    results: Vec<CaseResult>,
}

impl<'r> Collector<'r> {
    /// A collector for one run.
    pub fn new(requirements: &'r Requirements, selection: Selection) -> Self {
        Self {
            requirements,
            selection,
            results: Vec::new(),
        }
    }

    /// Whether `requirement` is to be checked on `case_id` at all: false when the selection
    /// excludes it or skips it (a skip is recorded here).
    pub fn wants(&mut self, case_id: &str, requirement: &str) -> bool {
        let Some(found) = self.requirements.get(requirement) else {
            // The suite names a requirement it does not define; the suite's own tests catch
            // this, so only a `--suite` directory edited by hand gets here.
            self.results.push(CaseResult {
                id: case_id.to_owned(),
                requirement: requirement.to_owned(),
                level: Level::Must,
                outcome: Outcome::Error,
                duration_ms: 0.0,
                message: Some(format!(
                    "the suite names an unknown requirement '{requirement}'"
                )),
                evidence: None,
            });
            return false;
        };
        match self.selection.decide(found, case_id) {
            Decision::Run => true,
            Decision::Exclude => false,
            Decision::Skip(reason) => {
                self.results.push(CaseResult {
                    id: case_id.to_owned(),
                    requirement: requirement.to_owned(),
                    level: found.level,
                    outcome: Outcome::Skip,
                    duration_ms: 0.0,
                    message: Some(reason),
                    evidence: None,
                });
                false
            }
        }
    }

    /// Records the outcome of a check that [`Collector::wants`] asked for.
    pub fn record(
        &mut self,
        case_id: &str,
        requirement: &str,
        outcome: Outcome,
        duration: Duration,
        message: Option<String>,
        evidence: Option<Value>,
    ) {
        let level = self
            .requirements
            .get(requirement)
            .map_or(Level::Must, |r| r.level);
        self.results.push(CaseResult {
            id: case_id.to_owned(),
            requirement: requirement.to_owned(),
            level,
            outcome,
            duration_ms: duration.as_secs_f64() * 1000.0,
            message,
            evidence,
        });
    }

    /// The results, in the order they were recorded.
    pub fn finish(self) -> Vec<CaseResult> {
        self.results
    }
}

/// Why a run could not start (as opposed to a check that failed).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The suite is missing a file or holds one that does not parse.
    #[error("the conformance suite is broken: {0}")]
    Suite(String),
    /// The options given make no sense (an unknown format or profile, a bad header).
    #[error("{0}")]
    Usage(String),
    /// The harness could not be started.
    #[error("cannot start the harness: {0}")]
    Harness(String),
    /// Reading or writing files failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

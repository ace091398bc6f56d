//! Walking the scenarios of a profile against a target: which steps run, which are skipped or
//! cannot run, and one result per requirement and step.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::checks::{Contracts, check};
use super::scenario::{Profile, Scenario, Step};
use super::template::unset_variables;
use super::{ApiOptions, http, load};
use crate::{Collector, Outcome, RunError, Suite, redact};

/// Runs every scenario of the profile against the target; returns how many there were.
pub fn run(
    suite: &Suite,
    options: &ApiOptions,
    collector: &mut Collector<'_>,
) -> Result<usize, RunError> {
    let (profile, scenarios) = load(suite, &options.profile)?;
    let base = reqwest::Url::parse(&options.target)
        .map_err(|e| RunError::Usage(format!("--target {}: {e}", options.target)))?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(RunError::Usage("--target must be an http(s) URL".into()));
    }
    let mut runner = Runner {
        client: http::client(options.timeout)?,
        base,
        profile: &profile,
        options,
        contracts: Contracts::new(suite),
    };
    for scenario in &scenarios {
        runner.scenario(scenario, collector);
    }
    Ok(scenarios.len())
}

/// Why the rest of a scenario cannot run once a step could not: the outcome its results get,
/// and the reason they give.
type Broken = (Outcome, String);

/// What every scenario of one run shares.
struct Runner<'a> {
    client: reqwest::blocking::Client,
    base: reqwest::Url,
    profile: &'a Profile,
    options: &'a ApiOptions,
    contracts: Contracts<'a>,
}

impl Runner<'_> {
    /// Runs one scenario's steps in order, carrying captured values from step to step.
    fn scenario(&mut self, scenario: &Scenario, collector: &mut Collector<'_>) {
        let mut variables = self.profile.variables.clone();
        variables.extend(self.options.variables.clone());
        let mut broken: Option<Broken> = None;
        for (index, step) in scenario.steps.iter().enumerate() {
            let case_id = if scenario.steps.len() == 1 {
                scenario.id.clone()
            } else {
                format!("{}/step-{}", scenario.id, index + 1)
            };
            let mut requirements: Vec<&str> = Vec::new();
            for expectation in &step.expect {
                if !requirements.contains(&expectation.requirement.as_str()) {
                    requirements.push(&expectation.requirement);
                }
            }
            let wanted: Vec<&str> = requirements
                .into_iter()
                .filter(|r| collector.wants(&case_id, r))
                .collect();
            // A step whose checks are all left out still runs when later steps need what it
            // captures.
            if wanted.is_empty() && step.capture.is_empty() {
                continue;
            }
            if let Some((outcome, reason)) = &broken {
                record_all(
                    collector,
                    &case_id,
                    &wanted,
                    *outcome,
                    Duration::ZERO,
                    reason,
                );
                continue;
            }
            broken = self.step(index, step, &case_id, &wanted, &mut variables, collector);
        }
    }

    /// Runs one step and records its results; says why the scenario cannot go on, if it
    /// cannot.
    fn step(
        &mut self,
        index: usize,
        step: &Step,
        case_id: &str,
        wanted: &[&str],
        variables: &mut BTreeMap<String, String>,
        collector: &mut Collector<'_>,
    ) -> Option<Broken> {
        let unset = unset_variables(step, variables);
        if !unset.is_empty() {
            let message = format!(
                "not checked: set {} to run this step",
                unset
                    .iter()
                    .map(|name| format!("--var {name}=..."))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            record_all(
                collector,
                case_id,
                wanted,
                Outcome::Skip,
                Duration::ZERO,
                &message,
            );
            return Some((Outcome::Skip, message));
        }
        let started = Instant::now();
        let sent = http::send(
            &self.client,
            &self.base,
            self.profile,
            self.options,
            step,
            variables,
        );
        let elapsed = started.elapsed();
        let (request_evidence, response) = match sent {
            Ok(pair) => pair,
            Err(e) => {
                record_all(
                    collector,
                    case_id,
                    wanted,
                    Outcome::Error,
                    elapsed,
                    e.as_str(),
                );
                return Some((
                    Outcome::Error,
                    format!("step {} could not be sent or answered: {e}", index + 1),
                ));
            }
        };
        let evidence = || {
            json!({
                "request": request_evidence,
                "response": {
                    "status": response.status,
                    "headers": redact::headers(
                        response.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
                        &BTreeSet::new(),
                    ),
                    "body": redact::body(response.header("content-type"), &response.body),
                },
            })
        };
        for requirement in wanted {
            let failures: Vec<String> = step
                .expect
                .iter()
                .filter(|e| e.requirement == *requirement)
                .filter_map(|e| check(&e.check, &response, variables, &mut self.contracts).err())
                .collect();
            if failures.is_empty() {
                collector.record(case_id, requirement, Outcome::Pass, elapsed, None, None);
            } else {
                collector.record(
                    case_id,
                    requirement,
                    Outcome::Fail,
                    elapsed,
                    Some(failures.join("; ")),
                    Some(evidence()),
                );
            }
        }
        let mut broken = None;
        for (name, pointer) in &step.capture {
            match response.json.as_ref().and_then(|j| j.pointer(pointer)) {
                Some(Value::String(s)) => {
                    variables.insert(name.clone(), s.clone());
                }
                Some(Value::Number(n)) => {
                    variables.insert(name.clone(), n.to_string());
                }
                _ => {
                    broken = Some((
                        Outcome::Error,
                        format!(
                            "step {} gave no value at {pointer} to continue with (the target may hold no data the scenario can use; see the profile's description)",
                            index + 1
                        ),
                    ));
                }
            }
        }
        broken
    }
}

/// Records one outcome, with its reason, for each requirement of a step.
fn record_all(
    collector: &mut Collector<'_>,
    case_id: &str,
    requirements: &[&str],
    outcome: Outcome,
    elapsed: Duration,
    reason: &str,
) {
    for requirement in requirements {
        collector.record(
            case_id,
            requirement,
            outcome,
            elapsed,
            Some(reason.to_owned()),
            None,
        );
    }
}

//! `werkbrug conformance api`: HTTP scenarios (`api/<profile>/*.json`) run against a live
//! endpoint.
//!
//! A profile (`api/<profile>/profile.json`) gives the headers every request carries and the
//! variables scenarios use (`{{name}}` in paths, headers and bodies; `--var` overrides them). A
//! scenario is a list of steps; a step is a request and its expectations, each naming the
//! requirement it checks, and may capture values from the response body (JSON Pointers) for
//! later steps. Expectations of one requirement in one step make one result.
//!
//! The modules: [`scenario`] is the file format, `template` fills in variables, `http` sends a
//! step's request, `checks` judges its response, and `run` walks the scenarios and records
//! results.

mod checks;
mod http;
mod run;
pub mod scenario;
mod template;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::{RunError, Suite};

pub use run::run;
pub use scenario::{Check, Expectation, Profile, RequestSpec, Scenario, Step};

/// The profiles the suite knows.
pub const PROFILES: &[&str] = &["vum-bron", "werkbrug-source", "gateway"];

/// How to run the API check.
#[derive(Debug, Clone)]
pub struct ApiOptions {
    /// `vum-bron`, `werkbrug-source` or `gateway`.
    pub profile: String,
    /// Base URL of the endpoint; scenario paths are appended to it.
    pub target: String,
    /// Headers sent with every request (`--header`), e.g. credentials.
    pub headers: Vec<(String, String)>,
    /// Variables overriding the profile's (`--var`).
    pub variables: BTreeMap<String, String>,
    /// How long one request may take.
    pub timeout: Duration,
}

/// Reads the profile and scenarios of one profile from the suite.
pub fn load(suite: &Suite, profile: &str) -> Result<(Profile, Vec<Scenario>), RunError> {
    if !PROFILES.contains(&profile) {
        return Err(RunError::Usage(format!(
            "unknown profile '{profile}'; the profiles are {}",
            PROFILES.join(", ")
        )));
    }
    let prefix = format!("api/{profile}/");
    let profile_file: Profile = suite.json(&format!("{prefix}profile.json"))?;
    let mut scenarios = Vec::new();
    for file in suite.files_under(&prefix)? {
        if file.ends_with("/profile.json") || !file.ends_with(".json") {
            continue;
        }
        let scenario: Scenario = suite.json(&file)?;
        scenarios.push(scenario);
    }
    Ok((profile_file, scenarios))
}

/// The target URL without credentials, for reports.
pub fn shown_target(target: &str) -> String {
    match reqwest::Url::parse(target) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        Err(_) => target.to_owned(),
    }
}

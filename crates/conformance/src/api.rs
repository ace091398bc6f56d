//! `werkbrug conformance api`: HTTP scenarios (`api/<profile>/*.json`) run against a live
//! endpoint.
//!
//! A profile (`api/<profile>/profile.json`) gives the headers every request carries and the
//! variables scenarios use (`{{name}}` in paths, headers and bodies; `--var` overrides them). A
//! scenario is a list of steps; a step is a request and its expectations, each naming the
//! requirement it checks, and may capture values from the response body (JSON Pointers) for
//! later steps. Expectations of one requirement in one step make one result.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};

use crate::{Collector, Outcome, RunError, Suite, redact};

/// Largest response body read, in bytes.
const MAX_BODY_BYTES: u64 = 8 * 1024 * 1024;

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

/// `api/<profile>/profile.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    /// The profile's id.
    pub profile: String,
    /// One line about it.
    pub title: String,
    /// What the target must be and hold for the scenarios to apply.
    pub description: String,
    /// Headers every request carries (before `--header` and the step's own).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Variables and their defaults.
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
}

/// One scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// Stable id, `profile/name`.
    pub id: String,
    /// What it shows.
    pub title: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One request and what its response must be.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Step {
    /// The request.
    pub request: RequestSpec,
    /// The expectations.
    #[serde(default)]
    pub expect: Vec<Expectation>,
    /// Variables to set from the response body: name → JSON Pointer.
    #[serde(default)]
    pub capture: BTreeMap<String, String>,
}

/// A request.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestSpec {
    /// HTTP method.
    pub method: String,
    /// Path (and query) below the target URL.
    pub path: String,
    /// Headers for this step; `null` removes a profile or `--header` header.
    #[serde(default)]
    pub headers: BTreeMap<String, Option<String>>,
    /// A JSON body.
    #[serde(default)]
    pub body: Option<Value>,
    /// A body sent as it is (for malformed input).
    #[serde(default)]
    pub raw_body: Option<String>,
    /// Leave out the `--header` headers (credentials): a request as an unknown caller makes it.
    #[serde(default)]
    pub anonymous: bool,
}

/// One expectation: the requirement it checks and the check.
#[derive(Debug, Clone, Deserialize)]
pub struct Expectation {
    /// The requirement.
    pub requirement: String,
    /// The check.
    #[serde(flatten)]
    pub check: Check,
}

/// What is checked of a response.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "check", rename_all = "camelCase")]
pub enum Check {
    /// The status code is `equals`, or one of `oneOf`.
    Status {
        /// The status.
        #[serde(default)]
        equals: Option<u16>,
        /// Acceptable statuses.
        #[serde(default, rename = "oneOf")]
        one_of: Vec<u16>,
    },
    /// A response header.
    Header {
        /// Its name.
        name: String,
        /// Whether it must be present (`true`) or absent (`false`).
        #[serde(default)]
        present: Option<bool>,
        /// Its exact value.
        #[serde(default)]
        equals: Option<String>,
        /// A regular expression its whole value matches.
        #[serde(default)]
        pattern: Option<String>,
    },
    /// The media type of `Content-Type`, without parameters.
    #[serde(rename = "mediaType")]
    MediaType {
        /// The media type.
        equals: String,
    },
    /// The JSON body (or the value at `pointer`) is valid against an inline JSON Schema
    /// (2020-12).
    Schema {
        /// The schema.
        schema: Value,
        /// Where in the body; the whole body when empty.
        #[serde(default)]
        pointer: String,
    },
    /// The JSON body (or the value at `pointer`) is valid against a schema of a contract in
    /// `api/contracts/`.
    Contract {
        /// The contract's file name without `.json`.
        contract: String,
        /// The name of the schema in its `components/schemas`.
        schema: String,
        /// Where in the body; the whole body when empty.
        #[serde(default)]
        pointer: String,
    },
    /// No empty string, array or object and no null anywhere in the JSON body.
    #[serde(rename = "noEmptyValues")]
    NoEmptyValues,
}

/// The response of one request, as the checks see it.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    json: Option<Value>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn body_at(&self, pointer: &str) -> Result<&Value, String> {
        let json = self.json.as_ref().ok_or("the body is not JSON")?;
        json.pointer(pointer)
            .ok_or_else(|| format!("the body has nothing at {pointer}"))
    }
}

/// Replaces `{{name}}` in a string; a string that is nothing but one variable becomes the
/// variable's value as JSON when it parses as a number or boolean.
fn substitute_str(text: &str, variables: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| format!("unclosed {{{{ in '{text}'"))?;
        let name = after[..end].trim();
        let value = variables
            .get(name)
            .ok_or_else(|| format!("the variable '{name}' has no value"))?;
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn substitute(value: &Value, variables: &BTreeMap<String, String>) -> Result<Value, String> {
    Ok(match value {
        Value::String(s) => {
            let replaced = substitute_str(s, variables)?;
            let whole = s.starts_with("{{") && s.ends_with("}}") && s.matches("{{").count() == 1;
            match serde_json::from_str::<Value>(&replaced) {
                Ok(v @ (Value::Number(_) | Value::Bool(_))) if whole => v,
                _ => Value::String(replaced),
            }
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute(v, variables))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), substitute(v, variables)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    })
}

/// The pointers of empty strings, arrays, objects and nulls.
fn empty_values(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Null => out.push(pointer),
        Value::String(s) if s.is_empty() => out.push(pointer),
        Value::Array(items) if items.is_empty() => out.push(pointer),
        Value::Object(map) if map.is_empty() => out.push(pointer),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                empty_values(item, format!("{pointer}/{index}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                empty_values(item, format!("{pointer}/{escaped}"), out);
            }
        }
        _ => {}
    }
}

/// Compiled contract schemas, by (contract, schema).
struct Contracts<'s> {
    suite: &'s Suite,
    documents: HashMap<String, Value>,
    compiled: HashMap<(String, String), jsonschema::Validator>,
}

impl Contracts<'_> {
    fn validator(
        &mut self,
        contract: &str,
        schema: &str,
    ) -> Result<&jsonschema::Validator, String> {
        let key = (contract.to_owned(), schema.to_owned());
        if !self.compiled.contains_key(&key) {
            if !self.documents.contains_key(contract) {
                let document: Value = self
                    .suite
                    .json(&format!("api/contracts/{contract}.json"))
                    .map_err(|e| e.to_string())?;
                self.documents.insert(contract.to_owned(), document);
            }
            let document = &self.documents[contract];
            if document
                .pointer(&format!("/components/schemas/{schema}"))
                .is_none()
            {
                return Err(format!("the contract {contract} has no schema {schema}"));
            }
            let root = json!({
                "$ref": format!("#/components/schemas/{schema}"),
                "components": document["components"],
            });
            // OpenAPI 3.0 schemas are a draft-04 dialect, 3.1 schemas are JSON Schema 2020-12.
            let openapi = document["openapi"].as_str().unwrap_or("3.1.0");
            let validator = if openapi.starts_with("3.0") {
                jsonschema::draft4::options().build(&root)
            } else {
                jsonschema::draft202012::options().build(&root)
            }
            .map_err(|e| format!("the contract {contract} does not compile: {e}"))?;
            self.compiled.insert(key.clone(), validator);
        }
        Ok(&self.compiled[&key])
    }
}

/// Schema errors as value-free messages: where, and which keyword failed.
fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .take(10)
        .map(|e| {
            let at = e.instance_path().as_str();
            let at = if at.is_empty() { "(body)" } else { at };
            // Say what the suite demanded, never what the instance holds: it may be personal.
            use jsonschema::error::ValidationErrorKind as Kind;
            let what = match e.kind() {
                Kind::Required { property } => format!("the property {property} is missing"),
                Kind::AdditionalProperties { unexpected } => {
                    format!(
                        "properties the contract does not define: {}",
                        unexpected.join(", ")
                    )
                }
                Kind::Constant { expected_value } => format!("must be {expected_value}"),
                Kind::MaxItems { limit } => format!("more than {limit} items"),
                Kind::MinItems { limit } => format!("fewer than {limit} items"),
                Kind::Contains => "no item is as expected".to_owned(),
                Kind::Type { kind } => format!("not of type {kind:?}"),
                _ => format!("fails {}", e.schema_path().as_str()),
            };
            format!("at {at}: {what}")
        })
        .collect()
}

/// Applies one check; `Err` says why it failed.
fn check(
    check: &Check,
    response: &Response,
    variables: &BTreeMap<String, String>,
    contracts: &mut Contracts<'_>,
) -> Result<(), String> {
    match check {
        Check::Status { equals, one_of } => {
            let allowed: Vec<u16> = equals
                .iter()
                .copied()
                .chain(one_of.iter().copied())
                .collect();
            if allowed.contains(&response.status) {
                Ok(())
            } else {
                Err(format!(
                    "status {} where {} was expected",
                    response.status,
                    allowed
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(" or ")
                ))
            }
        }
        Check::Header {
            name,
            present,
            equals,
            pattern,
        } => {
            let value = response.header(name);
            match (present, value) {
                (Some(false), Some(_)) => return Err(format!("the header {name} must be absent")),
                (Some(false), None) => return Ok(()),
                (_, None) if present.is_some() || equals.is_some() || pattern.is_some() => {
                    return Err(format!("the header {name} is missing"));
                }
                _ => {}
            }
            let value = value.unwrap_or_default();
            if let Some(expected) = equals {
                let expected = substitute_str(expected, variables)?;
                if value != expected {
                    return Err(format!("the header {name} is '{value}', not '{expected}'"));
                }
            }
            if let Some(pattern) = pattern {
                let regex = regex::Regex::new(&format!("^(?:{pattern})$"))
                    .map_err(|e| format!("the suite's pattern does not compile: {e}"))?;
                if !regex.is_match(value) {
                    return Err(format!("the header {name} does not match {pattern}"));
                }
            }
            Ok(())
        }
        Check::MediaType { equals } => {
            let actual = response.header("content-type").map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            });
            match actual {
                Some(actual) if actual == *equals => Ok(()),
                Some(actual) => Err(format!("the media type is {actual}, not {equals}")),
                None => Err(format!("no Content-Type where {equals} was expected")),
            }
        }
        Check::Schema { schema, pointer } => {
            let instance = response.body_at(pointer)?;
            let validator = jsonschema::draft202012::options()
                .build(schema)
                .map_err(|e| format!("the suite's schema does not compile: {e}"))?;
            let errors = schema_errors(&validator, instance);
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors.join("; "))
            }
        }
        Check::Contract {
            contract,
            schema,
            pointer,
        } => {
            let instance = response.body_at(pointer)?;
            let validator = contracts.validator(contract, schema)?;
            let errors = schema_errors(validator, instance);
            if errors.is_empty() {
                Ok(())
            } else {
                Err(format!("not a {contract} {schema}: {}", errors.join("; ")))
            }
        }
        Check::NoEmptyValues => {
            let json = response.json.as_ref().ok_or("the body is not JSON")?;
            let mut empty = Vec::new();
            empty_values(json, String::new(), &mut empty);
            if empty.is_empty() {
                Ok(())
            } else {
                empty.truncate(10);
                Err(format!("empty values at {}", empty.join(", ")))
            }
        }
    }
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

fn client(timeout: Duration) -> Result<reqwest::blocking::Client, RunError> {
    // Installing twice is harmless; the first provider wins.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .user_agent(concat!("werkbrug-conformance/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| RunError::Usage(format!("cannot build an HTTP client: {e}")))
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

/// Runs every scenario of the profile against the target.
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
    let client = client(options.timeout)?;
    let mut contracts = Contracts {
        suite,
        documents: HashMap::new(),
        compiled: HashMap::new(),
    };
    for scenario in &scenarios {
        let mut variables = profile.variables.clone();
        variables.extend(options.variables.clone());
        // Once a step cannot run, the rest of the scenario cannot either: how, and why.
        let mut broken: Option<(Outcome, String)> = None;
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
                for requirement in wanted {
                    collector.record(
                        &case_id,
                        requirement,
                        *outcome,
                        Duration::ZERO,
                        Some(reason.clone()),
                        None,
                    );
                }
                continue;
            }
            let unset = unset_variables(step, &variables);
            if !unset.is_empty() {
                let message = format!(
                    "not checked: set {} to run this step",
                    unset
                        .iter()
                        .map(|name| format!("--var {name}=..."))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                for requirement in wanted {
                    collector.record(
                        &case_id,
                        requirement,
                        Outcome::Skip,
                        Duration::ZERO,
                        Some(message.clone()),
                        None,
                    );
                }
                broken = Some((Outcome::Skip, message));
                continue;
            }
            let started = Instant::now();
            let sent = send(&client, &base, &profile, options, step, &variables);
            let elapsed = started.elapsed();
            let (request_evidence, response) = match sent {
                Ok(pair) => pair,
                Err(e) => {
                    broken = Some((
                        Outcome::Error,
                        format!("step {} could not be sent or answered: {e}", index + 1),
                    ));
                    for requirement in wanted {
                        collector.record(
                            &case_id,
                            requirement,
                            Outcome::Error,
                            elapsed,
                            Some(e.clone()),
                            None,
                        );
                    }
                    continue;
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
                    .filter(|e| e.requirement == requirement)
                    .filter_map(|e| check(&e.check, &response, &variables, &mut contracts).err())
                    .collect();
                if failures.is_empty() {
                    collector.record(&case_id, requirement, Outcome::Pass, elapsed, None, None);
                } else {
                    collector.record(
                        &case_id,
                        requirement,
                        Outcome::Fail,
                        elapsed,
                        Some(failures.join("; ")),
                        Some(evidence()),
                    );
                }
            }
            for (name, pointer) in &step.capture {
                let value = response.json.as_ref().and_then(|j| j.pointer(pointer));
                match value {
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
        }
    }
    Ok(scenarios.len())
}

/// The variables a step's request uses that have no value.
fn unset_variables(step: &Step, variables: &BTreeMap<String, String>) -> Vec<String> {
    let mut texts: Vec<String> = vec![step.request.path.clone()];
    texts.extend(step.request.headers.values().flatten().cloned());
    texts.extend(step.request.raw_body.clone());
    if let Some(body) = &step.request.body {
        texts.push(body.to_string());
    }
    let mut unset = Vec::new();
    for text in &texts {
        let mut rest = text.as_str();
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else { break };
            let name = after[..end].trim().to_owned();
            if !variables.contains_key(&name) && !unset.contains(&name) {
                unset.push(name);
            }
            rest = &after[end + 2..];
        }
    }
    unset
}

/// Sends one step's request; returns the request as evidence and the response.
fn send(
    client: &reqwest::blocking::Client,
    base: &reqwest::Url,
    profile: &Profile,
    options: &ApiOptions,
    step: &Step,
    variables: &BTreeMap<String, String>,
) -> Result<(Value, Response), String> {
    let request = &step.request;
    let path = substitute_str(&request.path, variables)?;
    let url = format!("{}{}", base.as_str().trim_end_matches('/'), path);
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut set = |name: &str, value: Option<String>| {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        if let Some(value) = value {
            headers.push((name.to_owned(), value));
        }
    };
    for (name, value) in &profile.headers {
        set(name, Some(substitute_str(value, variables)?));
    }
    if !request.anonymous {
        for (name, value) in &options.headers {
            set(name, Some(value.clone()));
        }
    }
    for (name, value) in &request.headers {
        let value = value
            .as_ref()
            .map(|v| substitute_str(v, variables))
            .transpose()?;
        set(name, value);
    }
    let method = reqwest::Method::from_bytes(request.method.as_bytes())
        .map_err(|_| format!("'{}' is not an HTTP method", request.method))?;
    let mut builder = client.request(method, &url);
    let body: Option<Vec<u8>> = match (&request.body, &request.raw_body) {
        (Some(body), _) => Some(substitute(body, variables)?.to_string().into_bytes()),
        (None, Some(raw)) => Some(substitute_str(raw, variables)?.into_bytes()),
        (None, None) => None,
    };
    let has_content_type = headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
    for (name, value) in &headers {
        builder = builder.header(name, value);
    }
    if let Some(body) = &body {
        if !has_content_type && request.body.is_some() {
            builder = builder.header("Content-Type", "application/json");
        }
        builder = builder.body(body.clone());
    }
    let supplied: BTreeSet<String> = options
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    let evidence = json!({
        "method": request.method,
        "path": path,
        "headers": redact::headers(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())), &supplied),
        "body": body.as_deref().map(|b| redact::body(None, b)),
    });
    let mut response = builder.send().map_err(|e| {
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(inner) = source {
            message.push_str(&format!(": {inner}"));
            source = inner.source();
        }
        message
    })?;
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut body = Vec::new();
    use std::io::Read;
    (&mut response)
        .take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|e| format!("cannot read the response body: {e}"))?;
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(format!(
            "the response body is larger than {MAX_BODY_BYTES} bytes"
        ));
    }
    let json = serde_json::from_slice(&body).ok();
    Ok((
        evidence,
        Response {
            status,
            headers,
            body,
            json,
        },
    ))
}

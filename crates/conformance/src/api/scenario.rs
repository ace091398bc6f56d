//! The suite's API files: profiles (`api/<profile>/profile.json`) and scenarios of steps, each a
//! request and the checks of its response.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

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

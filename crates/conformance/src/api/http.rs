//! Sending a step's request and reading its response, bounded, with the request kept as
//! evidence (credentials redacted).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::{Value, json};

use super::ApiOptions;
use super::checks::Response;
use super::scenario::{Profile, Step};
use super::template::{substitute, substitute_str};
use crate::{RunError, redact};

/// Largest response body read, in bytes.
const MAX_BODY_BYTES: u64 = 8 * 1024 * 1024;

pub(super) fn client(timeout: Duration) -> Result<reqwest::blocking::Client, RunError> {
    // Installing twice is harmless; the first provider wins.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .user_agent(concat!("werkbrug-conformance/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| RunError::Usage(format!("cannot build an HTTP client: {e}")))
}

/// Sends one step's request; returns the request as evidence and the response.
pub(super) fn send(
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

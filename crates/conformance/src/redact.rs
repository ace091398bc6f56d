//! Evidence without secrets or personal values: what a report may show of a request or response.
//!
//! Headers that carry credentials are replaced, and so is every header the user supplied with
//! `--header` (it may be a credential under any name). JSON bodies keep their shape, numbers,
//! booleans and the strings of keys that never hold personal data (problem details, codes,
//! flags); every other string is replaced by its length. Other bodies are not shown at all.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

/// Header names whose values are credentials.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
];

/// Keys whose string values are kept: protocol fields, never personal data.
const KEPT_KEYS: &[&str] = &[
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "code",
    "message",
    "rule",
    "pointer",
    "severity",
    "documentType",
    "kind",
    "reason",
    "valueKind",
    "openapi",
    "version",
    "purpose",
];

/// Items of an array shown before the rest is summarised.
const ARRAY_ITEMS_SHOWN: usize = 3;

/// Redacts headers: credentials and user-supplied headers become `[redacted]`.
pub fn headers<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    supplied: &BTreeSet<String>,
) -> Value {
    let mut out = Map::new();
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        let shown = if SECRET_HEADERS.contains(&lower.as_str()) || supplied.contains(&lower) {
            "[redacted]".to_owned()
        } else {
            value.to_owned()
        };
        out.insert(lower, Value::String(shown));
    }
    Value::Object(out)
}

fn json_value(value: &Value, key: Option<&str>, depth: usize) -> Value {
    if depth > 12 {
        return json!("[nested deeper than shown]");
    }
    match value {
        Value::String(s) => {
            if key.is_some_and(|k| KEPT_KEYS.contains(&k)) {
                value.clone()
            } else {
                Value::String(format!("[redacted: {} characters]", s.chars().count()))
            }
        }
        Value::Array(items) => {
            let mut out: Vec<Value> = items
                .iter()
                .take(ARRAY_ITEMS_SHOWN)
                .map(|item| json_value(item, key, depth + 1))
                .collect();
            if items.len() > ARRAY_ITEMS_SHOWN {
                out.push(Value::String(format!(
                    "[{} more items not shown]",
                    items.len() - ARRAY_ITEMS_SHOWN
                )));
            }
            Value::Array(out)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), json_value(v, Some(k), depth + 1)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Redacts a body: JSON keeps its shape, anything else is described, not shown.
pub fn body(content_type: Option<&str>, bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => json_value(&value, None, 0),
        Err(_) => Value::String(format!(
            "[{} bytes of {}, not shown]",
            bytes.len(),
            content_type.unwrap_or("unknown type")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_values_and_credentials_do_not_survive() {
        let body = br#"{"title":"Not Found","matches":[{"naam":"Jansen","leeftijd":40},{},{},{}],"bsn":"999990019"}"#;
        let shown = super::body(Some("application/json"), body).to_string();
        assert!(
            !shown.contains("Jansen") && !shown.contains("999990019"),
            "{shown}"
        );
        assert!(
            shown.contains("Not Found") && shown.contains("1 more items"),
            "{shown}"
        );
        let supplied = BTreeSet::from(["x-tenant".to_owned()]);
        let shown = headers(
            [
                ("X-Api-Key", "k"),
                ("X-Tenant", "t"),
                ("API-Version", "1.0.0"),
            ],
            &supplied,
        );
        assert_eq!(
            shown,
            json!({"x-api-key": "[redacted]", "x-tenant": "[redacted]", "api-version": "1.0.0"})
        );
        assert_eq!(
            super::body(Some("application/xml"), b"<a>Jansen</a>"),
            json!("[13 bytes of application/xml, not shown]")
        );
    }
}

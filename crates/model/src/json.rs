//! Strict JSON parsing for documents.
//!
//! `serde_json` keeps the last of two equal keys in an object and drops the first without a word;
//! for a data exchange standard that is silent data loss. [`parse`] refuses such documents and says
//! where the duplicate is, as a JSON Pointer and a line and column.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::validate::Finding;

/// Why a text is not an acceptable JSON document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (line {line}, column {column})")]
pub struct ParseError {
    /// `json.syntax` or `json.duplicate-key`.
    pub rule: &'static str,
    /// What is wrong, without the document's values.
    pub message: String,
    /// JSON Pointer of the object holding a duplicate key; empty for syntax errors.
    pub pointer: String,
    /// 1-based line of the error.
    pub line: usize,
    /// 1-based column of the error (0 at the end of the input).
    pub column: usize,
}

impl ParseError {
    /// The error as a validation finding.
    pub fn to_finding(&self) -> Finding {
        Finding::error(
            self.rule,
            self.pointer.clone(),
            format!(
                "{} at line {}, column {}",
                self.message, self.line, self.column
            ),
        )
    }
}

const DUPLICATE_MARK: &str = "\u{0}duplicate\u{0}";

/// Parses `bytes` as one JSON value, refusing duplicate keys.
pub fn parse(bytes: &[u8]) -> Result<Value, ParseError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = ValueSeed { at: None }
        .deserialize(&mut deserializer)
        .and_then(|v| deserializer.end().map(|()| v))
        .map_err(|e| {
            let text = e.to_string();
            let text = text
                .rfind(" at line ")
                .map_or(text.as_str(), |at| &text[..at]);
            match text.strip_prefix(DUPLICATE_MARK) {
                Some(rest) => {
                    let (pointer, key) = rest.split_once('\u{0}').unwrap_or((rest, ""));
                    ParseError {
                        rule: "json.duplicate-key",
                        message: format!("the key '{key}' occurs twice in one object"),
                        pointer: pointer.to_owned(),
                        line: e.line(),
                        column: e.column(),
                    }
                }
                None => ParseError {
                    rule: "json.syntax",
                    message: format!("not valid JSON: {text}"),
                    pointer: String::new(),
                    line: e.line(),
                    column: e.column(),
                },
            }
        })?;
    Ok(value)
}

/// Where a value sits: a linked list on the stack, from the value up to the root. The JSON
/// Pointer is only rendered for an error, so parsing a good document builds no path strings.
struct Location<'p> {
    parent: Option<&'p Location<'p>>,
    step: Step<'p>,
}

enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

impl Location<'_> {
    fn pointer(location: Option<&Location<'_>>) -> String {
        let mut segments = Vec::new();
        let mut current = location;
        while let Some(l) = current {
            segments.push(match l.step {
                Step::Index(index) => index.to_string(),
                Step::Key(key) => crate::pointer::escape(key).into_owned(),
            });
            current = l.parent;
        }
        segments.iter().rev().map(|s| format!("/{s}")).collect()
    }
}

struct ValueSeed<'p> {
    at: Option<&'p Location<'p>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let at = Location {
                parent: self.at,
                step: Step::Index(items.len()),
            };
            match seq.next_element_seed(ValueSeed { at: Some(&at) })? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "{DUPLICATE_MARK}{}\u{0}{key}",
                    Location::pointer(self.at)
                )));
            }
            let at = Location {
                parent: self.at,
                step: Step::Key(&key),
            };
            let value = map.next_value_seed(ValueSeed { at: Some(&at) })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_serde_json() {
        let text = r#"{"a": [1, -2, 3.5, "x", null, true], "b": {"c": {}}}"#;
        assert_eq!(
            parse(text.as_bytes()).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn refuses_duplicate_keys_with_their_place() {
        let error = parse(b"{\n \"a\": {\"b\": 1,\n \"b\": 2}}").unwrap_err();
        assert_eq!(error.rule, "json.duplicate-key");
        assert_eq!(error.pointer, "/a");
        assert_eq!(error.message, "the key 'b' occurs twice in one object");
        assert_eq!(
            (error.line, error.column),
            (3, 4),
            "the end of the repeated key"
        );
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let error = parse(b"{\"a\": }").unwrap_err();
        assert_eq!(error.rule, "json.syntax");
        assert_eq!(error.message, "not valid JSON: expected value");
        assert_eq!((error.line, error.column), (1, 7));
        assert_eq!(
            parse(b"{} x").unwrap_err().message,
            "not valid JSON: trailing characters"
        );
    }

    #[test]
    fn duplicate_pointers_escape_and_count_array_items() {
        let error = parse(br#"{"a/b": [0, {"": {"x": 1, "x": 2}}]}"#).unwrap_err();
        assert_eq!(error.pointer, "/a~1b/1/");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(deep.as_bytes()).unwrap_err().rule, "json.syntax");
    }
}

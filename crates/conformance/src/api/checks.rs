//! Judging a response: each [`Check`] of a step passes or says why not, in words that never
//! repeat what the response holds.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use super::scenario::Check;
use super::template;
use crate::Suite;

/// The response of one request, as the checks see it.
pub(super) struct Response {
    pub(super) status: u16,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
    pub(super) json: Option<Value>,
}

impl Response {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
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
                empty_values(item, werkbrug_model::pointer::join(&pointer, key), out);
            }
        }
        _ => {}
    }
}

/// Compiled contract schemas, by (contract, schema).
pub(super) struct Contracts<'s> {
    suite: &'s Suite,
    documents: HashMap<String, Value>,
    compiled: HashMap<(String, String), jsonschema::Validator>,
}

impl<'s> Contracts<'s> {
    /// Nothing compiled yet; contracts are read from `suite` as checks need them.
    pub(super) fn new(suite: &'s Suite) -> Self {
        Self {
            suite,
            documents: HashMap::new(),
            compiled: HashMap::new(),
        }
    }

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
pub(super) fn check(
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
                let expected = template::substitute_str(expected, variables)?;
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

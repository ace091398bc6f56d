//! `{{name}}` variables in paths, headers and bodies: one scanner, used both to fill them in and
//! to find those that have no value.

use std::collections::BTreeMap;

use serde_json::Value;

use super::scenario::Step;

/// A piece of a template: text as it is, or the name of a variable.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'t> {
    Text(&'t str),
    Variable(&'t str),
}

/// Splits a template into its pieces; `Err` for a `{{` that is never closed.
fn pieces(text: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| format!("unclosed {{{{ in '{text}'"))?;
        out.push(Piece::Variable(after[..end].trim()));
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// The pieces up to a `{{` that is never closed (all of them when there is none).
fn pieces_before_error(text: &str) -> Vec<Piece<'_>> {
    match pieces(text) {
        Ok(pieces) => pieces,
        Err(_) => {
            let last_open = text.rfind("{{").unwrap_or(text.len());
            pieces(&text[..last_open]).unwrap_or_default()
        }
    }
}

/// Replaces `{{name}}` in a string.
pub(super) fn substitute_str(
    text: &str,
    variables: &BTreeMap<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text)? {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Variable(name) => out.push_str(
                variables
                    .get(name)
                    .ok_or_else(|| format!("the variable '{name}' has no value"))?,
            ),
        }
    }
    Ok(out)
}

/// Replaces `{{name}}` in every string of a JSON value; a string that is nothing but one
/// variable becomes the variable's value as JSON when it parses as a number or boolean.
pub(super) fn substitute(
    value: &Value,
    variables: &BTreeMap<String, String>,
) -> Result<Value, String> {
    Ok(match value {
        Value::String(s) => {
            let replaced = substitute_str(s, variables)?;
            let whole = matches!(pieces(s).as_deref(), Ok([Piece::Variable(_)]));
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

/// The variables a step's request uses that have no value. (An unclosed `{{` is reported when
/// the request is filled in.)
pub(super) fn unset_variables(step: &Step, variables: &BTreeMap<String, String>) -> Vec<String> {
    let mut texts: Vec<String> = vec![step.request.path.clone()];
    texts.extend(step.request.headers.values().flatten().cloned());
    texts.extend(step.request.raw_body.clone());
    if let Some(body) = &step.request.body {
        texts.push(body.to_string());
    }
    let mut unset: Vec<String> = Vec::new();
    for text in &texts {
        for piece in pieces_before_error(text) {
            if let Piece::Variable(name) = piece
                && !variables.contains_key(name)
                && !unset.iter().any(|u| u == name)
            {
                unset.push(name.to_owned());
            }
        }
    }
    unset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn variables_are_filled_in_and_whole_numbers_stay_numbers() {
        let v = vars(&[("id", "W-1"), ("n", "3")]);
        assert_eq!(
            substitute_str("/v1/{{ id }}/x{{n}}", &v).unwrap(),
            "/v1/W-1/x3"
        );
        assert_eq!(
            substitute(&serde_json::json!({"a": "{{n}}", "b": "n={{n}}"}), &v).unwrap(),
            serde_json::json!({"a": 3, "b": "n=3"})
        );
        assert_eq!(
            substitute_str("{{missing}}", &v).unwrap_err(),
            "the variable 'missing' has no value"
        );
        assert_eq!(
            substitute_str("/a/{{id", &v).unwrap_err(),
            "unclosed {{ in '/a/{{id'"
        );
    }
}

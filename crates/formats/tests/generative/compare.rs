//! Equality under VUM's semantics: an empty value (an empty string, array or object, or null) is
//! the same as an absent one, the order of an array's items carries no meaning, and a postcode's
//! letters have no case (the contract's pattern takes both; PostNL writes capitals).

use serde_json::{Map, Value};

/// `value` in a normal form: equal normal forms are equal VUM documents.
pub fn vum(value: &Value) -> Value {
    normal(value, "").unwrap_or(Value::Object(Map::new()))
}

fn normal(value: &Value, key: &str) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) if key.ends_with("postcode") => {
            Some(Value::String(s.to_ascii_uppercase()))
        }
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().filter_map(|v| normal(v, key)).collect();
            items.sort_by_key(|v| v.to_string());
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Value::Object(members) => {
            let members: Map<String, Value> = members
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), normal(v, k)?)))
                .collect();
            (!members.is_empty()).then_some(Value::Object(members))
        }
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if f.fract() == 0.0 => Value::from(f as i64),
            _ => value.clone(),
        }),
        other => Some(other.clone()),
    }
}

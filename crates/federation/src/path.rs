//! Paths into canonical documents: JSON Pointers where a segment `*` stands for every item of an
//! array (`/desiredWork/occupations/*/competentNlUri`). The purpose register, the `fields`
//! parameter and the search criteria all name fields this way.

use serde_json::{Map, Value};

/// A parsed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    text: String,
    segments: Vec<String>,
}

/// Why a path is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a field path: it must start with '/' and name a property, e.g. /desiredWork/occupations"
)]
pub struct PathError(pub String);

impl FieldPath {
    /// Parses `/a/b/*/c`. The empty path and a trailing `/` are not allowed.
    pub fn parse(text: &str) -> Result<Self, PathError> {
        let Some(rest) = text.strip_prefix('/') else {
            return Err(PathError(text.to_owned()));
        };
        let segments: Vec<String> = rest
            .split('/')
            .map(|s| werkbrug_model::pointer::unescape(s).into_owned())
            .collect();
        if segments.iter().any(String::is_empty) {
            return Err(PathError(text.to_owned()));
        }
        Ok(Self {
            text: text.to_owned(),
            segments,
        })
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether a concrete pointer's segments lie on or under this path (`*` matches any index).
    fn covers(&self, concrete: &[&str]) -> bool {
        self.segments.len() <= concrete.len()
            && self
                .segments
                .iter()
                .zip(concrete)
                .all(|(p, c)| p == "*" || p == c)
    }

    /// Whether a concrete pointer is a prefix of this path: an object on the way to an allowed
    /// field, which is kept so that the field can be.
    fn leads_to(&self, concrete: &[&str]) -> bool {
        concrete.len() < self.segments.len()
            && self
                .segments
                .iter()
                .zip(concrete)
                .all(|(p, c)| p == "*" || p == c)
    }

    /// Every value at this path in `document` (arrays are walked where the path says `*`).
    pub fn values<'a>(&self, document: &'a Value) -> Vec<&'a Value> {
        let mut current = vec![document];
        for segment in &self.segments {
            let mut next = Vec::new();
            for value in current {
                match (segment.as_str(), value) {
                    ("*", Value::Array(items)) => next.extend(items.iter()),
                    (key, Value::Object(map)) => next.extend(map.get(key)),
                    (index, Value::Array(items)) => {
                        next.extend(index.parse::<usize>().ok().and_then(|i| items.get(i)))
                    }
                    _ => {}
                }
            }
            current = next;
        }
        current
    }

    /// Every string at this path.
    pub fn strings<'a>(&self, document: &'a Value) -> Vec<&'a str> {
        self.values(document)
            .into_iter()
            .filter_map(Value::as_str)
            .collect()
    }
}

/// Keeps of `document` only what lies on or under one of `allowed`; objects and arrays left empty
/// are dropped (the canonical model has no empty values).
pub fn project(document: &Value, allowed: &[&FieldPath]) -> Value {
    let mut trail = Vec::new();
    project_at(document, allowed, &mut trail).unwrap_or(Value::Object(Map::new()))
}

fn project_at(value: &Value, allowed: &[&FieldPath], trail: &mut Vec<String>) -> Option<Value> {
    let concrete: Vec<&str> = trail.iter().map(String::as_str).collect();
    if allowed.iter().any(|p| p.covers(&concrete)) {
        return Some(value.clone());
    }
    if !allowed.iter().any(|p| p.leads_to(&concrete)) {
        return None;
    }
    match value {
        Value::Object(map) => {
            let mut kept = Map::new();
            for (key, child) in map {
                trail.push(key.clone());
                if let Some(v) = project_at(child, allowed, trail) {
                    kept.insert(key.clone(), v);
                }
                trail.pop();
            }
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
        Value::Array(items) => {
            let mut kept = Vec::new();
            for (index, child) in items.iter().enumerate() {
                trail.push(index.to_string());
                // `*` in a path matches any index; a concrete index only its own.
                let v = project_at(child, allowed, trail);
                trail.pop();
                kept.extend(v);
            }
            (!kept.is_empty()).then_some(Value::Array(kept))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(texts: &[&str]) -> Vec<FieldPath> {
        texts.iter().map(|t| FieldPath::parse(t).unwrap()).collect()
    }

    #[test]
    fn projection_keeps_allowed_fields_and_their_ancestors_only() {
        let doc = json!({
            "person": {"familyName": "Voorbeeld", "birthDate": "1990-01-01"},
            "desiredWork": {"occupations": [{"label": "a", "competentNlUri": "u"}, {"label": "b"}],
                            "mobility": {"postcode": "3511AA", "maxDistanceKm": 10}},
            "qualifications": {"languages": [{"language": "nld"}]}
        });
        let allowed = paths(&[
            "/desiredWork/occupations/*/label",
            "/desiredWork/mobility/maxDistanceKm",
            "/qualifications",
        ]);
        let refs: Vec<&FieldPath> = allowed.iter().collect();
        assert_eq!(
            project(&doc, &refs),
            json!({
                "desiredWork": {"occupations": [{"label": "a"}, {"label": "b"}], "mobility": {"maxDistanceKm": 10}},
                "qualifications": {"languages": [{"language": "nld"}]}
            })
        );
    }

    #[test]
    fn nothing_allowed_is_an_empty_object_and_empty_containers_vanish() {
        let doc = json!({"desiredWork": {"occupations": [{"label": "a"}]}});
        let allowed = paths(&["/desiredWork/occupations/*/escoUri"]);
        let refs: Vec<&FieldPath> = allowed.iter().collect();
        assert_eq!(project(&doc, &refs), json!({}));
        assert_eq!(project(&doc, &[]), json!({}));
    }

    #[test]
    fn values_walk_arrays_at_stars() {
        let doc = json!({"a": [{"b": "x"}, {"b": "y"}, {"c": 1}]});
        assert_eq!(
            FieldPath::parse("/a/*/b").unwrap().strings(&doc),
            ["x", "y"]
        );
        assert_eq!(FieldPath::parse("/a/1/b").unwrap().strings(&doc), ["y"]);
        assert!(FieldPath::parse("/a/*/z").unwrap().values(&doc).is_empty());
    }

    #[test]
    fn malformed_paths_are_refused() {
        for bad in ["", "a/b", "/", "/a//b", "/a/"] {
            assert!(FieldPath::parse(bad).is_err(), "{bad}");
        }
    }
}

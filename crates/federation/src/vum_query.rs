//! VUM's selection query language, evaluated: what a VUM Bron does with a `vraagObject`.
//!
//! The language is a subset of MongoDB's (see `../shared/DOMAIN.md`, "How a VUM source evaluates
//! a selection query"): keys are dotted paths, operators are explicit (`$eq`, `$lt`, `$lte`,
//! `$gt`, `$gte`, `$elemMatch`, `$all`, `$or`), a path walks through arrays and a condition holds
//! when any value reached satisfies it, values compare within their own JSON type, and an
//! operator the source does not know is ignored. `selectiegebied` is not a path: the caller
//! measures it ([`Selection::area`]).

use serde_json::{Map, Value};

/// A checked VUM selection request.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// The conditions besides `selectiegebied`.
    pub conditions: Map<String, Value>,
    /// `selectiegebied`: postcode and distance in kilometres.
    pub area: (String, u32),
}

/// Why a selection request is refused (VUM answers 400 with its error format).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SelectionError(pub String);

impl Selection {
    /// Reads the body of `POST .../matches`: `{"vraagObject": {...}}` with a mandatory
    /// `selectiegebied{postcode, afstand}`.
    pub fn from_body(body: &Value) -> Result<Self, SelectionError> {
        let error = |m: &str| Err(SelectionError(m.to_owned()));
        let Some(object) = body.as_object() else {
            return error("the body must be an object with vraagObject");
        };
        if let Some(extra) = object.keys().find(|k| *k != "vraagObject") {
            return Err(SelectionError(format!(
                "the body has a property '{extra}' besides vraagObject"
            )));
        }
        let Some(query) = object.get("vraagObject").and_then(Value::as_object) else {
            return error("vraagObject is missing or not an object");
        };
        let Some(area) = query.get("selectiegebied") else {
            return error("selectiegebied is mandatory");
        };
        let postcode = area.get("postcode").and_then(Value::as_str).filter(|p| {
            // ASCII first: slicing a string with a multi-byte character at byte 4 would panic.
            p.len() == 6
                && p.is_ascii()
                && p[..4].bytes().all(|b| b.is_ascii_digit())
                && p[4..].bytes().all(|b| b.is_ascii_alphabetic())
        });
        let Some(postcode) = postcode else {
            return error("selectiegebied.postcode must be a postcode like 1234AB");
        };
        let distance = area
            .get("afstand")
            .and_then(Value::as_u64)
            .filter(|d| *d <= 1000);
        let Some(distance) = distance else {
            return error("selectiegebied.afstand must be a whole number of kilometres, 0 to 1000");
        };
        let mut conditions = query.clone();
        conditions.remove("selectiegebied");
        Ok(Self {
            conditions,
            area: (postcode.to_owned(), distance as u32),
        })
    }

    /// Whether `document` meets every condition (the area is the caller's to measure).
    pub fn holds_for(&self, document: &Value) -> bool {
        query_holds(&self.conditions, document)
    }
}

/// Whether a query object holds for a document.
pub fn query_holds(query: &Map<String, Value>, document: &Value) -> bool {
    query.iter().all(|(key, condition)| match key.as_str() {
        "$or" => condition.as_array().is_some_and(|alternatives| {
            alternatives
                .iter()
                .any(|q| q.as_object().is_some_and(|q| query_holds(q, document)))
        }),
        "selectiegebied" => true,
        key if key.starts_with('$') => true,
        path => {
            let reached = walk(document, path);
            condition_holds(condition, &reached)
        }
    })
}

/// The values a dotted path reaches, walking through arrays on the way.
fn walk<'a>(document: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut current = vec![document];
    for segment in path.split('.') {
        let mut next = Vec::new();
        for value in current {
            match value {
                Value::Object(map) => next.extend(map.get(segment)),
                Value::Array(items) => next.extend(
                    items
                        .iter()
                        .filter_map(|item| item.as_object().and_then(|m| m.get(segment))),
                ),
                _ => {}
            }
        }
        current = next;
    }
    current
}

fn is_comparison(key: &str) -> bool {
    matches!(key, "$eq" | "$lt" | "$lte" | "$gt" | "$gte")
}

/// Whether a condition (`{"$op": operand, ...}`) holds for the values a path reached.
fn condition_holds(condition: &Value, reached: &[&Value]) -> bool {
    let Some(operators) = condition.as_object() else {
        // VUM's operators are explicit; a bare value is read as `$eq`, as MongoDB does.
        return scalars(reached).any(|v| compare(v, "$eq", condition));
    };
    operators.iter().all(|(op, operand)| match op.as_str() {
        op if is_comparison(op) => scalars(reached).any(|v| compare(v, op, operand)),
        "$elemMatch" => reached
            .iter()
            .filter_map(|v| v.as_array())
            .any(|items| items.iter().any(|item| element_matches(item, operand))),
        "$all" => {
            let Some(required) = operand.as_array() else {
                return false;
            };
            reached.iter().filter_map(|v| v.as_array()).any(|items| {
                required.iter().all(|r| match r.get("$elemMatch") {
                    Some(sub) => items.iter().any(|item| element_matches(item, sub)),
                    None => items.iter().any(|item| equal(item, r)),
                })
            })
        }
        // Operators the source does not know have no effect.
        _ => true,
    })
}

/// `$elemMatch`: on documents, a query; on scalars, a set of comparisons.
fn element_matches(item: &Value, sub: &Value) -> bool {
    let Some(sub) = sub.as_object() else {
        return false;
    };
    if !sub.is_empty() && sub.keys().all(|k| is_comparison(k)) {
        return condition_holds(&Value::Object(sub.clone()), &[item]);
    }
    query_holds(sub, item)
}

/// The scalar values among those reached: arrays stand for their items.
fn scalars<'a>(reached: &'a [&'a Value]) -> impl Iterator<Item = &'a Value> {
    reached.iter().flat_map(|v| match v {
        Value::Array(items) => items.iter().collect::<Vec<_>>(),
        other => vec![*other],
    })
}

fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Compares within one JSON type; values of different types never compare.
fn compare(value: &Value, op: &str, operand: &Value) -> bool {
    use std::cmp::Ordering;
    let ordering = match (value, operand) {
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .zip(b.as_f64())
            .and_then(|(a, b)| a.partial_cmp(&b)),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        _ => None,
    };
    let Some(ordering) = ordering else {
        return false;
    };
    match op {
        "$eq" => ordering == Ordering::Equal,
        "$lt" => ordering == Ordering::Less,
        "$lte" => ordering != Ordering::Greater,
        "$gt" => ordering == Ordering::Greater,
        "$gte" => ordering != Ordering::Less,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn holds(query: Value, document: &Value) -> bool {
        query_holds(query.as_object().unwrap(), document)
    }

    fn profile() -> Value {
        json!({
            "idWerkzoekende": "W1",
            "bemiddelingsberoep": [
                {"beroep": {"codeBeroepsnaam": "https://linkeddata.competentnl.nl/uwv/id/occupation/1"}},
                {"beroep": {"codeBeroepsnaam": "https://linkeddata.competentnl.nl/uwv/id/occupation/2"}}
            ],
            "arbeidsmarktkwalificatie": {
                "codeWerkEnDenkniveauWerkzoekende": 3,
                "taalbeheersing": [
                    {"codeTaal": "nld", "codeNiveauTaalbeheersingMondeling": 4},
                    {"codeTaal": "eng", "codeNiveauTaalbeheersingMondeling": 2}
                ],
                "rijbewijs": [{"codeSoortRijbewijs": "B"}]
            },
            "werktijden": {"aantalWerkurenPerWeekMinimaal": 24, "aantalWerkurenPerWeekMaximaal": 36},
            "datumAanvangBeschikbaarVoorWerk": "2026-12-01",
            "codeString": "5"
        })
    }

    #[test]
    fn comparisons_hold_within_their_type() {
        let p = profile();
        assert!(holds(
            json!({"werktijden.aantalWerkurenPerWeekMinimaal": {"$lte": 24}}),
            &p
        ));
        assert!(!holds(
            json!({"werktijden.aantalWerkurenPerWeekMinimaal": {"$lt": 24}}),
            &p
        ));
        assert!(holds(
            json!({"werktijden.aantalWerkurenPerWeekMaximaal": {"$gte": 30, "$lte": 40}}),
            &p
        ));
        assert!(!holds(
            json!({"werktijden.aantalWerkurenPerWeekMaximaal": {"$gte": 30, "$lte": 32}}),
            &p
        ));
        assert!(holds(
            json!({"datumAanvangBeschikbaarVoorWerk": {"$lte": "2027-01-01"}}),
            &p
        ));
        // A string code never compares with a number.
        assert!(!holds(json!({"codeString": {"$eq": 5}}), &p));
        assert!(holds(json!({"codeString": {"$gt": "4"}}), &p));
        // A missing path meets no condition.
        assert!(!holds(json!({"nietBestaand": {"$eq": 1}}), &p));
    }

    #[test]
    fn a_postcode_with_a_multi_byte_character_is_an_error_not_a_panic() {
        let body = json!({"vraagObject": {"selectiegebied": {"postcode": "12€A", "afstand": 5}}});
        assert!(Selection::from_body(&body).is_err());
    }

    #[test]
    fn dotted_paths_walk_arrays_and_any_value_may_satisfy() {
        let p = profile();
        assert!(holds(
            json!({"bemiddelingsberoep.beroep.codeBeroepsnaam": {"$eq": "https://linkeddata.competentnl.nl/uwv/id/occupation/2"}}),
            &p
        ));
        assert!(holds(
            json!({"arbeidsmarktkwalificatie.taalbeheersing.codeTaal": {"$eq": "eng"}}),
            &p
        ));
    }

    #[test]
    fn elem_match_all_and_or() {
        let p = profile();
        let occupation = |n: u8| json!({"beroep.codeBeroepsnaam": {"$eq": format!("https://linkeddata.competentnl.nl/uwv/id/occupation/{n}")}});
        assert!(holds(
            json!({"bemiddelingsberoep": {"$elemMatch": {"$or": [occupation(9), occupation(1)]}}}),
            &p
        ));
        assert!(!holds(
            json!({"bemiddelingsberoep": {"$elemMatch": {"$or": [occupation(9)]}}}),
            &p
        ));
        // $elemMatch needs one element to meet all conditions: English is spoken at level 2 only.
        let language = |code: &str, level: u8| json!({"$elemMatch": {"codeTaal": {"$eq": code}, "codeNiveauTaalbeheersingMondeling": {"$gte": level}}});
        assert!(holds(
            json!({"arbeidsmarktkwalificatie.taalbeheersing": {"$all": [language("nld", 3)]}}),
            &p
        ));
        assert!(!holds(
            json!({"arbeidsmarktkwalificatie.taalbeheersing": {"$all": [language("nld", 3), language("eng", 3)]}}),
            &p
        ));
        assert!(holds(
            json!({"$or": [{"codeString": {"$eq": "x"}}, {"idWerkzoekende": {"$eq": "W1"}}]}),
            &p
        ));
        assert!(!holds(json!({"$or": [{"codeString": {"$eq": "x"}}]}), &p));
        assert!(holds(
            json!({"arbeidsmarktkwalificatie.rijbewijs": {"$all": [{"$elemMatch": {"codeSoortRijbewijs": {"$eq": "B"}}}]}}),
            &p
        ));
    }

    #[test]
    fn unknown_operators_have_no_effect() {
        let p = profile();
        assert!(holds(
            json!({"werktijden.aantalWerkurenPerWeekMinimaal": {"$regex": "x"}}),
            &p
        ));
        assert!(holds(json!({"$nor": []}), &p));
    }

    #[test]
    fn a_selection_needs_selectiegebied() {
        let ok = Selection::from_body(&json!({"vraagObject": {"selectiegebied": {"postcode": "3511AA", "afstand": 10}, "x": {"$eq": 1}}})).unwrap();
        assert_eq!(ok.area, ("3511AA".into(), 10));
        assert_eq!(ok.conditions.len(), 1);
        for (body, message) in [
            (json!({"vraagObject": {}}), "selectiegebied is mandatory"),
            (json!({}), "vraagObject is missing or not an object"),
            (json!([]), "the body must be an object with vraagObject"),
            (
                json!({"vraagObject": {"selectiegebied": {"postcode": "3511", "afstand": 10}}}),
                "selectiegebied.postcode must be a postcode like 1234AB",
            ),
            (
                json!({"vraagObject": {"selectiegebied": {"postcode": "3511AA", "afstand": -1}}}),
                "selectiegebied.afstand must be a whole number of kilometres, 0 to 1000",
            ),
            (
                json!({"vraagObject": {"selectiegebied": {"postcode": "3511AA", "afstand": 1}}, "x": 1}),
                "the body has a property 'x' besides vraagObject",
            ),
        ] {
            assert_eq!(Selection::from_body(&body).unwrap_err().0, message);
        }
    }
}

//! A light document tree for loss reports.
//!
//! Loss reports compare a document with its round trip. `serde_json::Value` would do, but with
//! `preserve_order` every object is an `IndexMap` with SipHash and an owned `String` per key: in
//! a translation, building and searching those trees cost more than the mapping itself. [`Node`]
//! keeps objects as vectors of pairs whose keys borrow the `&'static str` field names serde hands
//! out (or the keys of a parsed `Value`), and strings borrow from a `Value` where they can.
//!
//! [`to_node`] serialises any `Serialize` type the way `serde_json::to_value` does (the same
//! shape, order and skipped fields), and [`Node::borrow`] views a parsed `Value` without copying.

use std::borrow::Cow;

use serde_json::Value;

mod parse;
mod serialize;

pub(crate) use parse::parse_plain;
pub(crate) use serialize::to_node;

/// A JSON-shaped value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'a> {
    /// `null`, and what serde_json writes as `null` (unit, `None`, non-finite floats).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Node<'a>>),
    /// An object, members in document order.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

/// A number as serde_json keeps it: non-negative integers are always `PosInt`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Number {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

impl Number {
    fn as_f64(self) -> f64 {
        match self {
            Number::PosInt(n) => n as f64,
            Number::NegInt(n) => n as f64,
            Number::Float(n) => n,
        }
    }

    fn of_i64(n: i64) -> Self {
        if n < 0 {
            Number::NegInt(n)
        } else {
            Number::PosInt(n as u64)
        }
    }
}

impl PartialEq for Number {
    /// serde_json's equality: the same kind and value.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Number::PosInt(a), Number::PosInt(b)) => a == b,
            (Number::NegInt(a), Number::NegInt(b)) => a == b,
            (Number::Float(a), Number::Float(b)) => a == b,
            _ => false,
        }
    }
}

impl<'a> Node<'a> {
    /// A view of a parsed value that borrows its keys and strings.
    pub(crate) fn borrow(value: &'a Value) -> Node<'a> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(if let Some(u) = n.as_u64() {
                Number::PosInt(u)
            } else if let Some(i) = n.as_i64() {
                Number::NegInt(i)
            } else {
                Number::Float(n.as_f64().unwrap_or(f64::NAN))
            }),
            Value::String(s) => Node::String(Cow::Borrowed(s)),
            Value::Array(items) => Node::Array(items.iter().map(Node::borrow).collect()),
            Value::Object(members) => Node::Object(
                members
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Node::borrow(v)))
                    .collect(),
            ),
        }
    }

    /// The member `key` of an object. Round trips are serialised from the same types as their
    /// originals, so members usually sit at the same position: `hint` is tried first.
    pub(crate) fn member(&self, key: &str, hint: usize) -> Option<&Node<'a>> {
        let Node::Object(members) = self else {
            return None;
        };
        if let Some((k, v)) = members.get(hint)
            && k == key
        {
            return Some(v);
        }
        members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Numbers are equal when serde_json says so, or when they are the same as floats (`1` and
    /// `1.0`); everything else as serde_json's `Value` equality has it.
    pub(crate) fn same(&self, other: &Node<'_>) -> bool {
        match (self, other) {
            (Node::Number(x), Node::Number(y)) => x == y || x.as_f64() == y.as_f64(),
            _ => self.strict_eq(other),
        }
    }

    /// serde_json's `Value` equality (numbers by kind and value, objects regardless of order).
    fn strict_eq(&self, other: &Node<'_>) -> bool {
        match (self, other) {
            (Node::Null, Node::Null) => true,
            (Node::Bool(a), Node::Bool(b)) => a == b,
            (Node::Number(x), Node::Number(y)) => x == y,
            (Node::String(a), Node::String(b)) => a == b,
            (Node::Array(a), Node::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.strict_eq(y))
            }
            (Node::Object(a), Node::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .enumerate()
                        .all(|(i, (k, v))| other.member(k, i).is_some_and(|w| v.strict_eq(w)))
            }
            _ => false,
        }
    }
}

/// Serialises `value` into a tree, as `serde_json::to_value` would shape it.
/// The rules of the standard run on the light tree as on a `serde_json::Value`: a translation
/// reports its findings without building the heavier value.
impl werkbrug_model::rules::JsonView for Node<'_> {
    fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Node::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }

    fn member(&self, key: &str) -> Option<&Self> {
        match self {
            Node::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn members(&self) -> Option<impl Iterator<Item = (&str, &Self)>> {
        match self {
            Node::Object(members) => Some(members.iter().map(|(k, v)| (k.as_ref(), v))),
            _ => None,
        }
    }

    fn items(&self) -> Option<&[Self]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_json::json;

    /// `parse_plain` agrees with the full path: the same tree for what that accepts, `None`
    /// for what it refuses.
    fn agrees_with_the_full_path(text: &[u8]) {
        match werkbrug_model::json::parse(text) {
            Ok(value) => assert_eq!(
                parse_plain(text),
                Some(Node::borrow(&value)),
                "{}",
                String::from_utf8_lossy(text)
            ),
            Err(_) => assert_eq!(parse_plain(text), None, "{}", String::from_utf8_lossy(text)),
        }
    }

    #[test]
    fn plain_parse_reads_what_the_full_path_reads_and_refuses_what_it_refuses() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance");
        let mut files = 0;
        let mut pending = vec![root];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    agrees_with_the_full_path(&std::fs::read(&path).unwrap());
                    files += 1;
                }
            }
        }
        assert!(files > 200, "{files} conformance files");
        let many: String = (0..40).map(|i| format!("\"k{i}\": {i}, ")).collect();
        for text in [
            r#"{"a": 1, "a": 2}"#.to_owned(),
            r#"{"a": {"b": [1, {"c": true, "c": false}]}}"#.to_owned(),
            format!("{{{many}\"k39\": 0}}"),
            format!("{{{many}\"k3\": 0}}"),
            format!("{{{many}\"new\": 0}}"),
            r#"{"esc\u0061ped": "a\nb", "escaped": 1}"#.to_owned(),
            r#"{"escaped": 1, "esc\u0061ped": 2}"#.to_owned(),
            r#"[1, -1, 0, -0, 1.5, -2.5e3, 18446744073709551615, -9223372036854775808, 1e400]"#
                .to_owned(),
            r#"{"a": 1} trailing"#.to_owned(),
            r#"{"a": "#.to_owned(),
            "[".repeat(200) + &"]".repeat(200),
            String::new(),
            "\"\\ud800\"".to_owned(),
        ] {
            agrees_with_the_full_path(text.as_bytes());
        }
        let parsed = parse_plain(br#"{"plain": "text", "esc": "a\"b"}"#).unwrap();
        let Node::Object(members) = parsed else {
            panic!("an object")
        };
        assert!(matches!(members[0].0, Cow::Borrowed("plain")));
        assert!(matches!(members[0].1, Node::String(Cow::Borrowed("text"))));
        assert!(matches!(&members[1].1, Node::String(Cow::Owned(s)) if s == "a\"b"));
    }

    /// A tree read back as a `Value`, to compare with serde_json's own conversion.
    fn to_value(node: &Node<'_>) -> Value {
        match node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(Number::PosInt(n)) => json!(n),
            Node::Number(Number::NegInt(n)) => json!(n),
            Node::Number(Number::Float(n)) => json!(n),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(items) => Value::Array(items.iter().map(to_value).collect()),
            Node::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.to_string(), to_value(v)))
                    .collect(),
            ),
        }
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Sample {
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        absent: Option<u8>,
        present: Option<i32>,
        nothing: Option<bool>,
        ratio: f64,
        infinite: f64,
        tags: Vec<&'static str>,
        kind: Kind,
        tagged: Tagged,
        pair: (u8, char),
        map: std::collections::BTreeMap<u32, bool>,
    }

    #[derive(Serialize)]
    enum Kind {
        Plain,
    }

    #[derive(Serialize)]
    enum Tagged {
        Struct { a: u8 },
    }

    #[test]
    fn trees_have_the_shape_serde_json_gives() {
        let sample = Sample {
            name: "Voorbeeld".into(),
            absent: None,
            present: Some(-3),
            nothing: None,
            ratio: 1.5,
            infinite: f64::INFINITY,
            tags: vec!["a", "b"],
            kind: Kind::Plain,
            tagged: Tagged::Struct { a: 7 },
            pair: (1, 'x'),
            map: [(2, true)].into_iter().collect(),
        };
        let expected = serde_json::to_value(&sample).unwrap();
        let node = to_node(&sample);
        assert_eq!(to_value(&node), expected);
        let keys: Vec<String> = expected.as_object().unwrap().keys().cloned().collect();
        let Node::Object(members) = &node else {
            panic!("not an object")
        };
        let order: Vec<String> = members.iter().map(|(k, _)| k.to_string()).collect();
        assert_eq!(order, keys, "members keep serde's order");
        assert_eq!(
            Node::borrow(&expected),
            node,
            "a borrowed view is the same tree"
        );
    }

    #[test]
    fn numbers_compare_as_serde_json_and_as_floats() {
        let one = Node::Number(Number::PosInt(1));
        let one_float = Node::Number(Number::Float(1.0));
        assert!(one.same(&one_float));
        assert_ne!(one, one_float, "serde_json tells 1 from 1.0");
        assert!(!Node::Number(Number::NegInt(-1)).same(&one));
        let (a, b, c) = (
            json!({"x": [1, {"y": 2}], "z": "s"}),
            json!({"z": "s", "x": [1, {"y": 2}]}),
            json!({"z": "s", "x": [1, {"y": 2.0}]}),
        );
        let (a, b, c) = (Node::borrow(&a), Node::borrow(&b), Node::borrow(&c));
        assert!(a.same(&b), "object member order does not matter");
        assert!(
            !a.same(&c),
            "nested numbers compare strictly, as Value's == does"
        );
    }
}

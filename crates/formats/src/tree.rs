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
use std::fmt;

use serde::ser::{self, Serialize};
use serde_json::Value;

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

pub(crate) fn to_node<T: Serialize + ?Sized>(value: &T) -> Node<'static> {
    value
        .serialize(NodeSerializer)
        .expect("adapter documents always serialise")
}

/// Why a value cannot become a tree: only a map key that is not a string or number.
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

struct NodeSerializer;

type Result<T> = std::result::Result<T, Error>;

impl ser::Serializer for NodeSerializer {
    type Ok = Node<'static>;
    type Error = Error;
    type SerializeSeq = SerializeArray;
    type SerializeTuple = SerializeArray;
    type SerializeTupleStruct = SerializeArray;
    type SerializeTupleVariant = SerializeVariant<SerializeArray>;
    type SerializeMap = SerializeObject;
    type SerializeStruct = SerializeObject;
    type SerializeStructVariant = SerializeVariant<SerializeObject>;

    fn serialize_bool(self, v: bool) -> Result<Node<'static>> {
        Ok(Node::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Node<'static>> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<Node<'static>> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<Node<'static>> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<Node<'static>> {
        Ok(Node::Number(Number::of_i64(v)))
    }
    fn serialize_i128(self, v: i128) -> Result<Node<'static>> {
        if let Ok(v) = u64::try_from(v) {
            self.serialize_u64(v)
        } else if let Ok(v) = i64::try_from(v) {
            self.serialize_i64(v)
        } else {
            Err(Error("number out of range".into()))
        }
    }
    fn serialize_u8(self, v: u8) -> Result<Node<'static>> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<Node<'static>> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<Node<'static>> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<Node<'static>> {
        Ok(Node::Number(Number::PosInt(v)))
    }
    fn serialize_u128(self, v: u128) -> Result<Node<'static>> {
        u64::try_from(v)
            .map(|v| Node::Number(Number::PosInt(v)))
            .map_err(|_| Error("number out of range".into()))
    }
    fn serialize_f32(self, v: f32) -> Result<Node<'static>> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<Node<'static>> {
        Ok(if v.is_finite() {
            Node::Number(Number::Float(v))
        } else {
            Node::Null
        })
    }
    fn serialize_char(self, v: char) -> Result<Node<'static>> {
        Ok(Node::String(Cow::Owned(v.to_string())))
    }
    fn serialize_str(self, v: &str) -> Result<Node<'static>> {
        Ok(Node::String(Cow::Owned(v.to_owned())))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Node<'static>> {
        Ok(Node::Array(
            v.iter()
                .map(|b| Node::Number(Number::PosInt((*b).into())))
                .collect(),
        ))
    }
    fn serialize_none(self) -> Result<Node<'static>> {
        Ok(Node::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node<'static>> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node<'static>> {
        Ok(Node::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Node<'static>> {
        Ok(Node::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Node<'static>> {
        Ok(Node::String(Cow::Borrowed(variant)))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Node<'static>> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Node<'static>> {
        Ok(Node::Object(vec![(
            Cow::Borrowed(variant),
            value.serialize(self)?,
        )]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SerializeArray> {
        Ok(SerializeArray(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SerializeArray> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SerializeArray> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SerializeVariant<SerializeArray>> {
        Ok(SerializeVariant {
            variant,
            inner: SerializeArray(Vec::with_capacity(len)),
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<SerializeObject> {
        Ok(SerializeObject {
            members: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<SerializeObject> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SerializeVariant<SerializeObject>> {
        Ok(SerializeVariant {
            variant,
            inner: self.serialize_map(Some(len))?,
        })
    }
}

struct SerializeArray(Vec<Node<'static>>);

impl SerializeArray {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.0.push(value.serialize(NodeSerializer)?);
        Ok(())
    }
}

impl ser::SerializeSeq for SerializeArray {
    type Ok = Node<'static>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Node<'static>> {
        Ok(Node::Array(self.0))
    }
}

impl ser::SerializeTuple for SerializeArray {
    type Ok = Node<'static>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Node<'static>> {
        Ok(Node::Array(self.0))
    }
}

impl ser::SerializeTupleStruct for SerializeArray {
    type Ok = Node<'static>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Node<'static>> {
        Ok(Node::Array(self.0))
    }
}

struct SerializeObject {
    members: Vec<(Cow<'static, str>, Node<'static>)>,
    key: Option<Cow<'static, str>>,
}

impl SerializeObject {
    /// Sets `key` to `value`, replacing an earlier member of that name as a JSON object would.
    fn insert(&mut self, key: Cow<'static, str>, value: Node<'static>) {
        if let Some(member) = self.members.iter_mut().find(|(k, _)| *k == key) {
            member.1 = value;
        } else {
            self.members.push((key, value));
        }
    }
}

impl ser::SerializeMap for SerializeObject {
    type Ok = Node<'static>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key = Some(match key.serialize(NodeSerializer)? {
            Node::String(s) => s,
            Node::Number(n) => Cow::Owned(match n {
                Number::PosInt(n) => n.to_string(),
                Number::NegInt(n) => n.to_string(),
                Number::Float(n) => n.to_string(),
            }),
            Node::Bool(b) => Cow::Owned(b.to_string()),
            _ => return Err(Error("a map key must be a string".into())),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a map value without a key".into()))?;
        let value = value.serialize(NodeSerializer)?;
        self.insert(key, value);
        Ok(())
    }
    fn end(self) -> Result<Node<'static>> {
        Ok(Node::Object(self.members))
    }
}

impl ser::SerializeStruct for SerializeObject {
    type Ok = Node<'static>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        // Struct fields are distinct, so no search for an earlier member is needed.
        self.members
            .push((Cow::Borrowed(key), value.serialize(NodeSerializer)?));
        Ok(())
    }
    fn end(self) -> Result<Node<'static>> {
        Ok(Node::Object(self.members))
    }
}

/// An enum variant with content: `{variant: content}`, as serde_json writes it.
struct SerializeVariant<S> {
    variant: &'static str,
    inner: S,
}

impl ser::SerializeTupleVariant for SerializeVariant<SerializeArray> {
    type Ok = Node<'static>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.inner.push(value)
    }
    fn end(self) -> Result<Node<'static>> {
        Ok(Node::Object(vec![(
            Cow::Borrowed(self.variant),
            Node::Array(self.inner.0),
        )]))
    }
}

impl ser::SerializeStructVariant for SerializeVariant<SerializeObject> {
    type Ok = Node<'static>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result<Node<'static>> {
        Ok(Node::Object(vec![(
            Cow::Borrowed(self.variant),
            Node::Object(self.inner.members),
        )]))
    }
}

/// Parses JSON text into a tree that borrows its keys and strings from `bytes` where it can
/// (strings without escapes), refusing duplicate keys like `werkbrug_model::json::parse`.
///
/// `None` for anything that is not a plain good document: the caller then takes the full path
/// (`json::parse`), which says what is wrong and where. So this parser never has to phrase an
/// error, and a document it accepts is one the full path accepts with the same tree.
pub(crate) fn parse_plain(bytes: &[u8]) -> Option<Node<'_>> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let node = serde::de::Deserialize::deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(node)
}

/// Objects with more members than this look duplicates up in a hash set instead of the
/// members so far, so that a hostile object with a million keys is not a quadratic search.
const LINEAR_DUPLICATE_SEARCH: usize = 16;

impl<'de> serde::de::Deserialize<'de> for Node<'de> {
    fn deserialize<D: serde::de::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

/// An object key, borrowed from the input where it has no escapes (serde's `Cow<str>` always
/// copies).
struct KeySeed;

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: serde::de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> std::result::Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> std::result::Result<Node<'de>, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> std::result::Result<Node<'de>, E> {
        Ok(Node::Number(Number::of_i64(v)))
    }

    fn visit_u64<E>(self, v: u64) -> std::result::Result<Node<'de>, E> {
        Ok(Node::Number(Number::PosInt(v)))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Node<'de>, E> {
        // serde_json's Value keeps only finite floats; JSON text has no others.
        if v.is_finite() {
            Ok(Node::Number(Number::Float(v)))
        } else {
            Err(E::custom("not a finite number"))
        }
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Node<'de>, E> {
        Ok(Node::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> std::result::Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> std::result::Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> std::result::Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Node<'de>, A::Error> {
        let mut members: Vec<(Cow<'de, str>, Node<'de>)> = Vec::new();
        let mut seen: Option<std::collections::HashSet<Cow<'de, str>>> = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let duplicate = match &mut seen {
                Some(seen) => !seen.insert(key.clone()),
                None => {
                    let duplicate = members.iter().any(|(k, _)| *k == key);
                    if members.len() == LINEAR_DUPLICATE_SEARCH {
                        let mut set: std::collections::HashSet<_> =
                            members.iter().map(|(k, _)| k.clone()).collect();
                        set.insert(key.clone());
                        seen = Some(set);
                    }
                    duplicate
                }
            };
            if duplicate {
                return Err(serde::de::Error::custom("duplicate key"));
            }
            let value = map.next_value()?;
            members.push((key, value));
        }
        Ok(Node::Object(members))
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

//! JSON text as a [`Node`] that borrows from the text, for plain good documents only.

use std::borrow::Cow;
use std::fmt;

use super::{Node, Number};

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

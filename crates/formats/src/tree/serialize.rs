//! Any `Serialize` value as a [`Node`], the way `serde_json::to_value` shapes it.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{self, Serialize};

use super::{Node, Number};

/// `value` as a tree, shaped as `serde_json::to_value` shapes it.
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

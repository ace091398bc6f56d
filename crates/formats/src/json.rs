//! JSON input and output shared by the JSON-based adapters.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use werkbrug_model::DocumentType;

use crate::{ErrorKind, FormatError, Location, MAX_DOCUMENT_BYTES};

/// Parses JSON input strictly (no duplicate keys), within the size limit.
pub(crate) fn parse(format: &'static str, bytes: &[u8]) -> Result<Value, FormatError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(FormatError::new(
            format,
            ErrorKind::TooLarge,
            format!(
                "the document is {} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                bytes.len()
            ),
        ));
    }
    werkbrug_model::json::parse(bytes).map_err(|e| {
        FormatError::new(format, ErrorKind::Syntax, e.message.clone()).at(Location::Json {
            pointer: e.pointer.clone(),
            line: Some(e.line),
            column: Some(e.column),
        })
    })
}

/// Deserialises a parsed value into `T`, with the JSON Pointer of the first value that does not
/// fit.
pub(crate) fn typed<T: DeserializeOwned>(
    format: &'static str,
    value: &Value,
) -> Result<T, FormatError> {
    // The plain deserialiser is much faster; only a document that fails is read again, with path
    // tracking, to say where.
    if let Ok(typed) = T::deserialize(value) {
        return Ok(typed);
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = to_pointer(&e.path().to_string());
        let message = without_values(&e.inner().to_string());
        FormatError::new(format, ErrorKind::Structure, message).at(Location::pointer(pointer))
    })
}

/// `a.b[0].c` (serde_path_to_error's notation) as the JSON Pointer `/a/b/0/c`.
fn to_pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    let mut pointer = String::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(at) = rest.find('[') {
            let (name, indexes) = rest.split_at(at);
            if !name.is_empty() {
                werkbrug_model::pointer::push(&mut pointer, name);
            }
            rest = indexes;
            for index in rest.split(['[', ']']).filter(|s| !s.is_empty()) {
                pointer.push('/');
                pointer.push_str(index);
            }
        } else if !rest.is_empty() {
            werkbrug_model::pointer::push(&mut pointer, rest);
        }
    }
    pointer
}

/// serde's messages quote the offending value (`invalid value: string "abc"`); keep the
/// expectation, drop the value, so that errors can be logged without personal data.
pub(crate) fn without_values(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some(at) = rest.find(", expected ")
    {
        let found = rest[..at].split_whitespace().next().unwrap_or("value");
        return format!("invalid type: found {found}{}", &rest[at..]);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some(at) = rest.find(", expected ")
    {
        return format!("invalid value{}", &rest[at..]);
    }
    message.to_owned()
}

/// How a JSON format tells its two documents apart: the format family's name, and for each
/// document type its native name and the members only that document has.
pub(crate) struct Shapes {
    /// Name of the format family in messages (`VUM`, `SETU`, `HR Open`).
    pub family: &'static str,
    /// Native name and identifying members of a jobseeker profile.
    pub profile: (&'static str, &'static [&'static str]),
    /// Native name and identifying members of a vacancy.
    pub vacancy: (&'static str, &'static [&'static str]),
}

impl Shapes {
    /// The native name of a document type.
    pub fn native(&self, document_type: DocumentType) -> &'static str {
        match document_type {
            DocumentType::JobseekerProfile => self.profile.0,
            DocumentType::Vacancy => self.vacancy.0,
        }
    }

    /// The type of `value`: the one whose members it has, or `expected` when it has neither's;
    /// an error for a value that is not an object, has both or neither (without `expected`),
    /// or is of the other type than `expected`.
    pub fn document_type(
        &self,
        format: &'static str,
        value: &Value,
        expected: Option<DocumentType>,
    ) -> Result<DocumentType, FormatError> {
        let has_member = value
            .as_object()
            .map(|object| move |key: &str| object.contains_key(key));
        self.document_type_of(
            format,
            has_member.as_ref().map(|f| f as &dyn Fn(&str) -> bool),
            expected,
        )
    }

    /// [`Shapes::document_type`] of a document whose root is an object with the members for
    /// which `has_member` is true, or not an object (`None`).
    pub fn document_type_of(
        &self,
        format: &'static str,
        has_member: Option<&dyn Fn(&str) -> bool>,
        expected: Option<DocumentType>,
    ) -> Result<DocumentType, FormatError> {
        let error = |kind, message: String| {
            Err(FormatError::new(format, kind, message).at(Location::pointer("")))
        };
        let Some(has_member) = has_member else {
            return error(
                ErrorKind::WrongRoot,
                format!("a {} document is a JSON object", self.family),
            );
        };
        let has = |keys: &[&str]| keys.iter().any(|k| has_member(k));
        let detected = match (has(self.profile.1), has(self.vacancy.1)) {
            (true, false) => Some(DocumentType::JobseekerProfile),
            (false, true) => Some(DocumentType::Vacancy),
            _ => None,
        };
        match (expected, detected) {
            (Some(expected), Some(detected)) if expected != detected => error(
                ErrorKind::WrongDocumentType,
                format!(
                    "expected a {} {} ({expected}), got a {} ({detected})",
                    self.family,
                    self.native(expected),
                    self.native(detected)
                ),
            ),
            (_, Some(detected)) => Ok(detected),
            (Some(expected), None) => Ok(expected),
            (None, None) => error(
                ErrorKind::WrongRoot,
                format!(
                    "not a {} {} or {}: it has neither {} nor {}",
                    self.family,
                    self.profile.0,
                    self.vacancy.0,
                    self.profile.1.join(" or "),
                    self.vacancy.1.join(" or ")
                ),
            ),
        }
    }
}

/// Serialises `value` as compact JSON.
pub(crate) fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("adapter output always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_pointers() {
        assert_eq!(to_pointer("."), "");
        assert_eq!(to_pointer("a.b[0].c"), "/a/b/0/c");
        assert_eq!(to_pointer("a[1][2]"), "/a/1/2");
    }

    #[test]
    fn messages_lose_their_values() {
        assert_eq!(
            without_values("invalid type: string \"Jansen\", expected u8"),
            "invalid type: found string, expected u8"
        );
        assert_eq!(
            without_values("invalid value: string \"x\", expected a date"),
            "invalid value, expected a date"
        );
    }
}

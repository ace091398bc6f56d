//! Errors of decoding and encoding, with where in the input they are.

use std::fmt;

use serde::Serialize;

/// Where in an input document an error is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Location {
    /// A JSON Pointer (RFC 6901), with the line and column where the parser knows them.
    Json {
        /// JSON Pointer to the value; `""` is the whole document.
        pointer: String,
        /// 1-based line, when known.
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
        /// 1-based column, when known.
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<usize>,
    },
    /// A place in an XML document.
    Xml {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Path of elements from the root, e.g. `/HumanResource/PersonName/GivenName`.
        path: String,
    },
}

impl Location {
    /// A JSON Pointer without line and column.
    pub fn pointer(pointer: impl Into<String>) -> Self {
        Location::Json {
            pointer: pointer.into(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Json {
                pointer,
                line: Some(line),
                column: Some(column),
            } => write!(
                f,
                "{} (line {line}, column {column})",
                display_pointer(pointer)
            ),
            Location::Json { pointer, .. } => f.write_str(display_pointer(pointer)),
            Location::Xml { line, column, path } => {
                write!(f, "{path} (line {line}, column {column})")
            }
        }
    }
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(document)"
    } else {
        pointer
    }
}

/// What kind of problem stopped a decode or encode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The bytes are not well-formed JSON or XML, or not UTF-8.
    Syntax,
    /// The input is larger than the limit.
    TooLarge,
    /// The document is of the other type (a vacancy where a profile was expected, or the reverse).
    WrongDocumentType,
    /// The document's root, namespace or shape is not one this format reads.
    WrongRoot,
    /// A value has the wrong type or an element is not part of the format.
    Structure,
    /// The input declares a DOCTYPE or entities, which are refused.
    Forbidden,
    /// The format does not support this document type or direction.
    Unsupported,
    /// A canonical document is not valid against the werkbrug standard.
    Invalid,
}

impl ErrorKind {
    /// The kebab-case name, as serialised (`wrong-document-type`).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::TooLarge => "too-large",
            ErrorKind::WrongDocumentType => "wrong-document-type",
            ErrorKind::WrongRoot => "wrong-root",
            ErrorKind::Structure => "structure",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Invalid => "invalid",
        }
    }
}

/// A decode or encode that could not be done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
pub struct FormatError {
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// Id of the format that reports it.
    pub format: &'static str,
    /// Where in the input, when it is about one place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What is wrong. Never contains a value from the document.
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{}: at {location}: {}", self.format, self.message),
            None => write!(f, "{}: {}", self.format, self.message),
        }
    }
}

impl FormatError {
    /// An error without a location.
    pub fn new(format: &'static str, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            format,
            location: None,
            message: message.into(),
        }
    }

    /// The same error at `location`.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_are_their_serialised_form() {
        for kind in [
            ErrorKind::Syntax,
            ErrorKind::TooLarge,
            ErrorKind::WrongDocumentType,
            ErrorKind::WrongRoot,
            ErrorKind::Structure,
            ErrorKind::Forbidden,
            ErrorKind::Unsupported,
            ErrorKind::Invalid,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
    }
}

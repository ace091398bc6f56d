//! XML reading and writing for SETU, with quick-xml.
//!
//! Before the document is deserialised, one pass over its events refuses what must never be
//! processed (a DOCTYPE, entity references other than the five predefined ones and character
//! references), checks the root element, the namespace of every element and the root's children,
//! and limits nesting; every error carries line, column and element path.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::types::NAMESPACE;
use crate::{ErrorKind, FormatError, Location};

/// Deepest nesting accepted; SETU messages are about ten levels deep.
const MAX_DEPTH: usize = 32;

/// Line and column (1-based) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The root element of a well-formed, acceptable SETU document.
pub(super) fn preflight(
    format: &'static str,
    text: &str,
    roots: &[(&'static str, &'static [&'static str])],
) -> Result<&'static str, FormatError> {
    let mut reader = NsReader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut root: Option<(&'static str, &'static [&'static str])> = None;
    let error = |kind: ErrorKind, message: String, offset: u64, path: &[String]| {
        let (line, column) = line_column(text, offset as usize);
        FormatError::new(format, kind, message).at(Location::Xml {
            line,
            column,
            path: format!("/{}", path.join("/")),
        })
    };
    loop {
        let position = reader.buffer_position();
        let (resolved, event) = match reader.read_resolved_event() {
            Ok(pair) => pair,
            Err(e) => {
                return Err(error(
                    ErrorKind::Syntax,
                    format!("not well-formed XML: {e}"),
                    reader.error_position(),
                    &path,
                ));
            }
        };
        match event {
            Event::DocType(_) => {
                return Err(error(
                    ErrorKind::Forbidden,
                    "a DOCTYPE is not allowed: DTDs and entity declarations are never processed"
                        .into(),
                    position,
                    &path,
                ));
            }
            Event::GeneralRef(reference) => {
                let name = reference[..].to_owned();
                let predefined = matches!(name.as_str(), "lt" | "gt" | "amp" | "apos" | "quot");
                if !predefined && !reference.is_char_ref() {
                    return Err(error(
                        ErrorKind::Forbidden,
                        format!(
                            "the entity reference &{name}; is not allowed: only the five predefined entities and character references are"
                        ),
                        position,
                        &path,
                    ));
                }
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                let name = start.local_name().as_ref().to_owned();
                path.push(name.clone());
                if path.len() > MAX_DEPTH {
                    return Err(error(
                        ErrorKind::Structure,
                        format!("elements are nested deeper than {MAX_DEPTH} levels"),
                        position,
                        &path,
                    ));
                }
                let in_namespace =
                    matches!(resolved, ResolveResult::Bound(ns) if ns.as_ref() == NAMESPACE);
                if !in_namespace {
                    return Err(error(
                        ErrorKind::WrongRoot,
                        format!("element {name} is not in the SETU namespace {NAMESPACE}"),
                        position,
                        &path,
                    ));
                }
                match (path.len(), root) {
                    (1, _) => {
                        root = roots.iter().copied().find(|(r, _)| *r == name);
                        if root.is_none() {
                            let expected: Vec<&str> = roots.iter().map(|(r, _)| *r).collect();
                            return Err(error(
                                ErrorKind::WrongRoot,
                                format!(
                                    "the root element is {name}; expected {}",
                                    expected.join(" or ")
                                ),
                                position,
                                &path,
                            ));
                        }
                    }
                    (2, Some((root_name, children))) if !children.contains(&name.as_str()) => {
                        return Err(error(
                            ErrorKind::Structure,
                            format!("{root_name} has no element {name}"),
                            position,
                            &path,
                        ));
                    }
                    _ => {}
                }
                if matches!(event, Event::Empty(_)) {
                    path.pop();
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    root.map(|(name, _)| name).ok_or_else(|| {
        FormatError::new(
            format,
            ErrorKind::Syntax,
            "the document has no root element",
        )
        .at(Location::Xml {
            line: 1,
            column: 1,
            path: "/".into(),
        })
    })
}

/// The element path of a JSON Pointer into the same message: `/person/id/0/value` in a
/// `HumanResource` is `/HumanResource/person/id[1]/value`.
pub(super) fn element_path(root: &str, pointer: &str) -> String {
    let mut path = format!("/{root}");
    for segment in pointer.split('/').skip(1) {
        match segment.parse::<usize>() {
            Ok(index) => path.push_str(&format!("[{}]", index + 1)),
            Err(_) => {
                path.push('/');
                path.push_str(&segment.replace("~1", "/").replace("~0", "~"));
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_become_element_paths() {
        assert_eq!(element_path("HumanResource", ""), "/HumanResource");
        assert_eq!(
            element_path("HumanResource", "/person/id/0/value"),
            "/HumanResource/person/id[1]/value"
        );
    }

    #[test]
    fn positions_are_lines_and_columns() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}

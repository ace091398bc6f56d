//! XML reading and writing for SETU, with quick-xml.
//!
//! Before the document is deserialised, one pass over its events refuses what must never be
//! processed (a DOCTYPE, entity references other than the five predefined ones and character
//! references), checks the root element, the namespace of every element and the root's children,
//! and limits nesting; every error carries line, column and element path. Characters XML 1.0
//! forbids ([`werkbrug_model::text`]) are refused whether they come as raw bytes or as character
//! references.

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

/// Refuses a raw character XML 1.0 forbids (a C0 control other than tab, line feed and carriage
/// return, or U+FFFE/U+FFFF), wherever it stands: no part of an XML document may hold one.
pub(super) fn refuse_forbidden_bytes(format: &'static str, text: &str) -> Result<(), FormatError> {
    let bytes = text.as_bytes();
    let found = bytes.iter().enumerate().find_map(|(at, &b)| {
        let forbidden = (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || (b == 0xEF && matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])));
        forbidden.then_some(at)
    });
    let Some(at) = found else {
        return Ok(());
    };
    let c = text[at..].chars().next().unwrap_or('\0');
    let (line, column) = line_column(text, at);
    Err(FormatError::new(
        format,
        ErrorKind::Syntax,
        format!(
            "not well-formed XML: the character U+{:04X} is not allowed in XML 1.0",
            u32::from(c)
        ),
    )
    .at(Location::Xml {
        line,
        column,
        path: String::new(),
    }))
}

/// The code point of a character reference's name (`#65`, `#x41`), if it is one.
fn char_ref_code(name: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(name).ok()?;
    match text.strip_prefix("#x") {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            // Beyond Unicode however many digits there are: saturate rather than fail to parse.
            Some(u32::from_str_radix(hex, 16).unwrap_or(u32::MAX))
        }
        Some(_) => None,
        None => {
            let digits = text.strip_prefix('#')?;
            (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().unwrap_or(u32::MAX))
        }
    }
}

/// What is wrong with the first bad character reference in `raw` (escaped text, such as an
/// attribute value): one to a character XML 1.0 forbids, or one that is not a reference at all.
fn bad_char_ref(raw: &[u8]) -> Option<String> {
    memchr::memchr_iter(b'&', raw).find_map(|at| {
        let rest = &raw[at + 1..];
        let name = &rest[..memchr::memchr(b';', rest)?];
        if !name.starts_with(b"#") {
            return None;
        }
        match char_ref_code(name) {
            Some(code) if werkbrug_model::text::is_xml_code_point(code) => None,
            Some(code) => Some(match char::from_u32(code) {
                Some(c) => format!(
                    "an attribute holds a character reference to U+{:04X}, which XML 1.0 does not allow",
                    u32::from(c)
                ),
                None => format!(
                    "an attribute holds the character reference &{};, which names no character XML 1.0 allows",
                    String::from_utf8_lossy(name)
                ),
            }),
            None => Some(format!(
                "an attribute holds &{};, which is not a character reference (&#digits; or &#xhex;)",
                String::from_utf8_lossy(name)
            )),
        }
    })
}

/// The root element of `text` when one cheap scan of its tags proves that [`preflight`] would
/// accept it; `None` when the scan cannot tell, and `preflight` must decide.
///
/// A SETU message as systems write it (one default namespace declaration on the root, no
/// prefixes, no comments, CDATA sections, processing instructions or DOCTYPE, only predefined
/// entities and character references) is accepted here without a full event pass. Anything
/// else, including every document `preflight` refuses, makes the scan give up. It does not
/// check well-formedness: the deserialiser that reads the document next does, and a document it
/// cannot read goes through `preflight` for a precise error.
pub(super) fn quick_preflight(
    text: &str,
    roots: &[(&'static str, &'static [&'static str])],
) -> Option<&'static str> {
    let bytes = text.as_bytes();
    for at in memchr::memchr_iter(b'&', bytes) {
        let rest = &bytes[at + 1..];
        let name = &rest[..memchr::memchr(b';', rest)?];
        // A reference to a character XML forbids makes the scan give up: `preflight` says where.
        let char_ref = char_ref_code(name).map(werkbrug_model::text::is_xml_code_point);
        match char_ref {
            Some(true) => {}
            Some(false) => return None,
            None if matches!(name, b"lt" | b"gt" | b"amp" | b"apos" | b"quot") => {}
            None => return None,
        }
    }
    // Exactly one namespace declaration in the whole text, checked to be the root's below.
    let mut declarations = memchr::memmem::find_iter(bytes, b"xmlns");
    let declaration = declarations.next()?;
    if declarations.next().is_some() {
        return None;
    }
    let mut position = 0;
    if bytes.starts_with(b"<?xml") {
        let end = memchr::memmem::find(bytes, b"?>")?;
        if memchr::memchr(b'<', &bytes[1..end]).is_some() {
            return None;
        }
        position = end + 2;
    }
    let mut depth = 0usize;
    let mut root: Option<(&'static str, &'static [&'static str])> = None;
    let mut root_closed = false;
    let mut declared = false;
    while let Some(offset) = memchr::memchr(b'<', &bytes[position..]) {
        let open = position + offset;
        if depth == 0 && !bytes[position..open].iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        match bytes.get(open + 1)? {
            b'!' | b'?' => return None,
            b'/' => {
                let close = open + memchr::memchr(b'>', &bytes[open..])?;
                let name = &bytes[open + 2..close];
                if name.contains(&b':') || depth == 0 {
                    return None;
                }
                depth -= 1;
                root_closed = depth == 0;
                position = close + 1;
            }
            _ => {
                let name_end = bytes[open + 1..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
                    .map(|p| open + 1 + p)?;
                let name = std::str::from_utf8(&bytes[open + 1..name_end]).ok()?;
                if name.is_empty() || name.contains(':') || root_closed {
                    return None;
                }
                // The end of the start tag, outside quoted attribute values.
                let mut close = name_end;
                let mut quote = None;
                loop {
                    if close == declaration && quote.is_some() {
                        return None;
                    }
                    match (bytes.get(close)?, quote) {
                        (b'>', None) => break,
                        (q @ (b'"' | b'\''), None) => quote = Some(*q),
                        (q, Some(open_quote)) if *q == open_quote => quote = None,
                        _ => {}
                    }
                    close += 1;
                }
                depth += 1;
                if depth > MAX_DEPTH {
                    return None;
                }
                match depth {
                    1 => {
                        root = Some(*roots.iter().find(|(r, _)| *r == name)?);
                        declared = (name_end..close).contains(&declaration)
                            && bytes[declaration - 1].is_ascii_whitespace()
                            && is_setu_declaration(&bytes[declaration..close]);
                        if !declared {
                            return None;
                        }
                    }
                    2 => {
                        let (_, children) = root?;
                        if !children.contains(&name) {
                            return None;
                        }
                    }
                    _ => {}
                }
                if bytes[close - 1] == b'/' {
                    depth -= 1;
                    root_closed = depth == 0;
                }
                position = close + 1;
            }
        }
    }
    let trailing_text = !bytes[position..].iter().all(u8::is_ascii_whitespace);
    if depth == 0 && root_closed && declared && !trailing_text {
        root.map(|(name, _)| name)
    } else {
        None
    }
}

/// Whether `attribute` (from `xmlns` to the end of its tag) starts with `xmlns="NAMESPACE"`.
fn is_setu_declaration(attribute: &[u8]) -> bool {
    let Some(rest) = attribute.strip_prefix(b"xmlns") else {
        return false;
    };
    let rest = rest.trim_ascii_start();
    let Some(rest) = rest.strip_prefix(b"=") else {
        return false;
    };
    let rest = rest.trim_ascii_start();
    let Some((&quote, rest)) = rest.split_first() else {
        return false;
    };
    (quote == b'"' || quote == b'\'')
        && rest
            .strip_prefix(NAMESPACE.as_bytes())
            .and_then(|r| r.first())
            == Some(&quote)
}

/// The root element of a well-formed, acceptable SETU document.
pub(super) fn preflight(
    format: &'static str,
    text: &str,
    roots: &[(&'static str, &'static [&'static str])],
) -> Result<&'static str, FormatError> {
    let mut reader = NsReader::from_str(text);
    // The element path as one string (`/HumanResource/person`) and where each level starts, so
    // that elements cost no allocation; it becomes part of an error only when there is one.
    let mut path = ElementPath::default();
    let mut root: Option<(&'static str, &'static [&'static str])> = None;
    let error = |kind: ErrorKind, message: String, offset: u64, path: &ElementPath| {
        let (line, column) = line_column(text, offset as usize);
        FormatError::new(format, kind, message).at(Location::Xml {
            line,
            column,
            path: path.to_string(),
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
                if let Some(code) = char_ref_code(name.as_bytes())
                    && !werkbrug_model::text::is_xml_code_point(code)
                {
                    let shown = char::from_u32(code).map_or_else(
                        || format!("&{name};"),
                        |c| format!("U+{:04X}", u32::from(c)),
                    );
                    return Err(error(
                        ErrorKind::Syntax,
                        format!(
                            "not well-formed XML: the character reference to {shown} names a character XML 1.0 does not allow"
                        ),
                        position,
                        &path,
                    ));
                }
                if reference.is_char_ref() && char_ref_code(name.as_bytes()).is_none() {
                    return Err(error(
                        ErrorKind::Syntax,
                        format!(
                            "not well-formed XML: &{name}; is not a character reference (&#digits; or &#xhex;)"
                        ),
                        position,
                        &path,
                    ));
                }
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
                let local_name = start.local_name();
                let name: &str = local_name.as_ref();
                path.push(name);
                for attribute in start.attributes().with_checks(false) {
                    let problem = match attribute {
                        Ok(attribute) => bad_char_ref(attribute.value.as_bytes()),
                        Err(e) => Some(format!("an attribute cannot be read: {e}")),
                    };
                    if let Some(problem) = problem {
                        return Err(error(
                            ErrorKind::Syntax,
                            format!("not well-formed XML: {problem}"),
                            position,
                            &path,
                        ));
                    }
                }
                if path.depth() > MAX_DEPTH {
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
                match (path.depth(), root) {
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
                    (2, Some((root_name, children))) if !children.contains(&name) => {
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

/// The path of the element being read, kept in one buffer.
#[derive(Default)]
struct ElementPath {
    text: String,
    starts: Vec<usize>,
}

impl ElementPath {
    fn push(&mut self, name: &str) {
        self.starts.push(self.text.len());
        self.text.push('/');
        self.text.push_str(name);
    }

    fn pop(&mut self) {
        if let Some(start) = self.starts.pop() {
            self.text.truncate(start);
        }
    }

    fn depth(&self) -> usize {
        self.starts.len()
    }
}

impl std::fmt::Display for ElementPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.text.is_empty() {
            f.write_str("/")
        } else {
            f.write_str(&self.text)
        }
    }
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
                path.push_str(&werkbrug_model::pointer::unescape(segment));
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

    const ROOTS: &[(&str, &[&str])] = &[
        ("HumanResource", crate::setu::types::HUMAN_RESOURCE_CHILDREN),
        ("StaffingOrder", crate::setu::types::STAFFING_ORDER_CHILDREN),
    ];

    /// The SETU XML decode vectors, each also without its comments (as systems write messages).
    fn samples() -> &'static [String] {
        static SAMPLES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(read_samples);
        &SAMPLES
    }

    fn read_samples() -> Vec<String> {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../conformance/v1/translation/setu-xml/decode"
        );
        let mut samples = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path().join("input.xml")).unwrap();
            let mut plain = text.clone();
            while let Some(start) = plain.find("<!--") {
                let end = plain[start..].find("-->").unwrap() + start + 3;
                plain.replace_range(start..end, "");
            }
            samples.push(text);
            samples.push(plain);
        }
        samples
    }

    #[test]
    fn the_quick_scan_vouches_for_plain_messages_only() {
        let samples = samples();
        let vouched = samples
            .iter()
            .filter(|s| quick_preflight(s, ROOTS).is_some())
            .count();
        assert!(
            vouched >= 8,
            "{vouched} of {} plain messages",
            samples.len()
        );
        for text in samples {
            if let Some(root) = quick_preflight(text, ROOTS) {
                assert_eq!(preflight("setu-xml", text, ROOTS).unwrap(), root);
            }
        }
        let plain = samples
            .iter()
            .find(|s| quick_preflight(s, ROOTS) == Some("HumanResource"))
            .unwrap();
        let at = plain.find("<person>").unwrap();
        for (what, insert) in [
            ("a DOCTYPE", "<!DOCTYPE x>"),
            ("a comment", "<!-- c -->"),
            ("an entity", "&ent;"),
            ("a bare ampersand", "&amp"),
            ("a prefixed element", "<p:x xmlns:p=\"urn:x\"/>"),
            ("a second default namespace", "<x xmlns=\"urn:x\"/>"),
            ("an unknown child", "<unknownChild/>"),
            ("a processing instruction", "<?pi x?>"),
        ] {
            let mut text = plain.clone();
            text.insert_str(at, insert);
            assert_eq!(quick_preflight(&text, ROOTS), None, "{what}");
        }
        let quoted = plain.replacen(
            "xmlns=\"https://ontology.setu.nl/messages\"",
            "a=' xmlns=\"https://ontology.setu.nl/messages\"'",
            1,
        );
        assert_eq!(
            quick_preflight(&quoted, ROOTS),
            None,
            "a declaration inside a value"
        );
        let deep = plain.replacen("<person>", &"<person>".repeat(40), 1);
        assert_eq!(
            quick_preflight(&deep, ROOTS),
            None,
            "nesting past the limit"
        );
    }

    /// What the scan and the deserialiser both accept, the full pass must accept too.
    fn agrees(text: &str) -> Result<(), String> {
        let Some(root) = quick_preflight(text, ROOTS) else {
            return Ok(());
        };
        let readable = if root == "HumanResource" {
            quick_xml::de::from_str::<crate::setu::types::HumanResource>(text).is_ok()
        } else {
            quick_xml::de::from_str::<crate::setu::types::StaffingOrder>(text).is_ok()
        };
        match preflight("setu-xml", text, ROOTS) {
            Ok(full) if full == root => Ok(()),
            _ if !readable => Ok(()),
            other => Err(format!("scan: {root}, full pass: {other:?}\n{text}")),
        }
    }

    #[test]
    fn well_formed_insertions_after_every_tag_agree_with_the_full_pass() {
        let mut checked = 0;
        for sample in samples()
            .iter()
            .filter(|s| quick_preflight(s, ROOTS).is_some())
        {
            for (at, _) in sample.match_indices('>') {
                for snippet in [
                    "<a/>",
                    "<s:a xmlns:s=\"urn:x\"/>",
                    "<a xmlns=\"urn:x\"/>",
                    "<a xmlns=\"https://ontology.setu.nl/messages\"/>",
                    "&#x41;",
                    "&lt;",
                    "<!-- c -->",
                    "<?pi?>",
                    "<![CDATA[x]]>",
                ] {
                    let mut text = sample.clone();
                    text.insert_str(at + 1, snippet);
                    agrees(&text).unwrap();
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Whatever the quick scan accepts, the full pass accepts, with the same root.
        #[test]
        fn the_quick_scan_never_accepts_what_the_full_pass_refuses(
            sample in 0usize..1000,
            edits in proptest::collection::vec((0usize..100_000, 0usize..27, 0usize..4), 1..3),
        ) {
            const SNIPPETS: &[&str] = &[
                "<", ">", "/>", "</", "&", ";", "\"", "'", "=", ":", "x", " ", "&#x41;", "&#65;",
                "&lt;", "&bogus;", "<!DOCTYPE a>", "<!-- c -->", "<![CDATA[<x>]]>", "<?pi?>",
                "<a>", "</a>", "xmlns=\"urn:x\"", "<s:a xmlns:s=\"urn:x\">", "<a/>",
                "<s:a xmlns:s=\"urn:x\"/>", "<a xmlns=\"urn:x\"/>",
            ];
            // Start from what the scan accepts, so that the edits decide.
            let samples: Vec<&String> = samples()
                .iter()
                .filter(|s| quick_preflight(s, ROOTS).is_some())
                .collect();
            let mut text = samples[sample % samples.len()].clone();
            for (at, snippet, delete) in edits {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + delete).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(at..end, SNIPPETS[snippet]);
            }
            proptest::prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
        }
    }

    #[test]
    fn positions_are_lines_and_columns() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}

//! Comparing what an implementation produced with what the suite expects.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use serde_json::Value;

/// The JSON Pointers of the leaves (scalars) of a value.
fn leaves(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                leaves(child, werkbrug_model::pointer::join(&pointer, key), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                leaves(child, format!("{pointer}/{index}"), out);
            }
        }
        _ => out.push(pointer),
    }
}

/// How two JSON values differ, as JSON Pointers of leaves (at most a limit of each).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Leaves `expected` has and `actual` lacks.
    pub absent: Vec<String>,
    /// Leaves both have, with different values.
    pub changed: Vec<String>,
    /// Leaves `actual` has and `expected` lacks.
    pub extra: Vec<String>,
}

impl Diff {
    /// How many places differ.
    pub fn len(&self) -> usize {
        self.absent.len() + self.changed.len() + self.extra.len()
    }

    /// The differences as evidence (pointers only, never values).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"absent": self.absent, "changed": self.changed, "unexpected": self.extra})
    }
}

/// Where `actual` differs from `expected`, at most `limit` pointers of each kind.
pub fn differences(expected: &Value, actual: &Value, limit: usize) -> Diff {
    let mut expected_leaves = Vec::new();
    leaves(expected, String::new(), &mut expected_leaves);
    let mut actual_leaves = Vec::new();
    leaves(actual, String::new(), &mut actual_leaves);
    let mut diff = Diff::default();
    for pointer in &expected_leaves {
        match actual.pointer(pointer) {
            None if diff.absent.len() < limit => diff.absent.push(pointer.clone()),
            Some(value)
                if Some(value) != expected.pointer(pointer) && diff.changed.len() < limit =>
            {
                diff.changed.push(pointer.clone())
            }
            _ => {}
        }
    }
    diff.extra = actual_leaves
        .into_iter()
        .filter(|p| expected.pointer(p).is_none())
        .take(limit)
        .collect();
    diff
}

/// An XML element reduced to what carries meaning: its expanded name, its attributes (sorted,
/// namespace declarations left out), its trimmed text and its children.
#[derive(Debug, PartialEq, Eq)]
pub struct Element {
    name: (String, String),
    attributes: Vec<((String, String), String)>,
    text: String,
    children: Vec<Element>,
}

fn expanded(resolved: ResolveResult<'_>, local: &str) -> Result<(String, String), String> {
    let namespace = match resolved {
        ResolveResult::Bound(ns) => {
            let ns: &str = ns.as_ref();
            ns.to_owned()
        }
        ResolveResult::Unbound => String::new(),
        ResolveResult::Unknown(prefix) => {
            return Err(format!("the prefix '{prefix}' is not declared"));
        }
    };
    Ok((namespace, local.to_owned()))
}

/// Parses XML into its meaningful tree, so two documents that differ only in prefixes,
/// attribute order, indentation or the XML declaration compare equal.
pub fn xml_tree(bytes: &[u8]) -> Result<Element, String> {
    let mut reader = NsReader::from_reader(bytes);
    let mut buffer = Vec::new();
    let mut stack: Vec<Element> = Vec::new();
    let open = |reader: &NsReader<&[u8]>,
                start: &quick_xml::events::BytesStart<'_>|
     -> Result<Element, String> {
        let (resolved, local) = reader.resolver().resolve_element(start.name());
        let name = expanded(resolved, local.as_ref())?;
        let mut attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| e.to_string())?;
            let key = attribute.key;
            let raw: &str = key.as_ref();
            if raw == "xmlns" || raw.starts_with("xmlns:") {
                continue;
            }
            let (resolved, local) = reader.resolver().resolve_attribute(key);
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| e.to_string())?
                .into_owned();
            attributes.push((expanded(resolved, local.as_ref())?, value));
        }
        attributes.sort();
        Ok(Element {
            name,
            attributes,
            text: String::new(),
            children: Vec::new(),
        })
    };
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(start) => {
                let element = open(&reader, &start)?;
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = open(&reader, &start)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::End(_) => {
                let mut element = stack.pop().ok_or("an end tag without a start")?;
                element.text = element.text.trim().to_owned();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::Text(text) => {
                if let Some(element) = stack.last_mut() {
                    element.text.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(element) = stack.last_mut() {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => quick_xml::escape::unescape(&format!("&{};", &reference[..]))
                            .map_err(|e| e.to_string())?
                            .into_owned(),
                    };
                    element.text.push_str(&resolved);
                }
            }
            Event::CData(data) => {
                if let Some(element) = stack.last_mut() {
                    element.text.push_str(&data);
                }
            }
            Event::DocType(_) => return Err("a DOCTYPE is not allowed".into()),
            Event::Eof => return Err("the document ends before its root element does".into()),
            _ => {}
        }
        buffer.clear();
    }
}

/// Whether two XML documents say the same thing; `Err` when one does not parse.
pub fn same_xml(expected: &[u8], actual: &[u8]) -> Result<bool, String> {
    let expected = xml_tree(expected).map_err(|e| format!("the expected output: {e}"))?;
    let actual = xml_tree(actual)?;
    Ok(expected == actual)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prefixes_order_and_indentation_do_not_matter() {
        let a =
            br#"<?xml version="1.0"?><a:R xmlns:a="urn:x" k="1" j="2"><a:c>t &amp; u</a:c></a:R>"#;
        let b = b"<R xmlns=\"urn:x\" j=\"2\" k=\"1\">\n  <c> t &amp; u </c>\n</R>";
        assert_eq!(same_xml(a, b), Ok(true));
        let c = b"<R xmlns=\"urn:y\" j=\"2\" k=\"1\"><c>t &amp; u</c></R>";
        assert_eq!(same_xml(a, c), Ok(false));
        let d = b"<R xmlns=\"urn:x\" j=\"2\" k=\"1\"><c>t</c></R>";
        assert_eq!(same_xml(a, d), Ok(false));
        assert!(same_xml(a, b"<R>").is_err());
    }

    #[test]
    fn differences_name_missing_and_extra_values() {
        let expected = json!({"a": {"b": 1, "c": [1, 2]}, "d": "x"});
        let actual = json!({"a": {"b": 2, "c": [1]}, "e": true});
        let diff = differences(&expected, &actual, 10);
        assert_eq!(diff.absent, ["/a/c/1", "/d"]);
        assert_eq!(diff.changed, ["/a/b"]);
        assert_eq!(diff.extra, ["/e"]);
    }
}

//! Texts XML 1.0 cannot carry, on the way out: the SETU XML encoder takes the forbidden
//! characters ([`werkbrug_model::text`]) out of a document's texts and reports each text it
//! changed, so that what it writes is always well-formed.

use serde_json::Value;

use crate::{CanonicalDocument, LossKind, LossReport};

/// `document` with every character XML 1.0 forbids taken out of its texts, and one loss per
/// value that held one (with the first such character and its position); `None` when no text
/// holds one; an error when the cleaned texts no longer make a document (a value whose type
/// checks its text). Slow, and called only when the written XML was found to hold such a
/// character.
pub(super) fn without_forbidden_characters(
    document: &CanonicalDocument,
) -> Option<Result<(CanonicalDocument, LossReport), serde_json::Error>> {
    let mut value = document.to_value();
    let mut losses = LossReport::default();
    clean(&mut value, &mut String::new(), &mut losses);
    if losses.is_empty() {
        return None;
    }
    let cleaned = match document {
        CanonicalDocument::JobseekerProfile(_) => {
            serde_json::from_value(value).map(|p| CanonicalDocument::JobseekerProfile(Box::new(p)))
        }
        CanonicalDocument::Vacancy(_) => {
            serde_json::from_value(value).map(|v| CanonicalDocument::Vacancy(Box::new(v)))
        }
    };
    Some(cleaned.map(|cleaned| (cleaned, losses)))
}

fn clean(value: &mut Value, pointer: &mut String, losses: &mut LossReport) {
    match value {
        Value::String(text) => {
            if let Some((position, c)) = werkbrug_model::text::first_non_xml_char(text) {
                let count = text
                    .chars()
                    .filter(|c| !werkbrug_model::text::is_xml_char(*c))
                    .count();
                text.retain(werkbrug_model::text::is_xml_char);
                losses.push(
                    pointer.clone(),
                    LossKind::Approximated,
                    format!(
                        "the text holds U+{:04X} at character {position} ({count} such character{} in all), which XML 1.0 cannot carry: it was written without {}",
                        u32::from(c),
                        if count == 1 { "" } else { "s" },
                        if count == 1 { "it" } else { "them" }
                    ),
                    "string",
                );
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&index.to_string());
                clean(item, pointer, losses);
                pointer.truncate(len);
            }
        }
        Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                let len = pointer.len();
                werkbrug_model::pointer::push(pointer, key);
                clean(member, pointer, losses);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

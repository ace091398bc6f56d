//! The canonical model's length limits, applied to what an adapter decoded.
//!
//! SETU and HR Open leave most strings unbounded; the canonical model bounds every string (a
//! name at 200 characters, initials at 20, a house number addition at 10). A longer value is cut
//! at its limit, on a character boundary, so that the document stays valid against the schema
//! and `X -> canonical -> Y` works wherever `X -> Y` does; the adapter's round-trip comparison
//! then reports the cut as `truncated`. The limits come from the generated schema, so a limit
//! added to the model applies here without a line of code.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::Value;
use werkbrug_model::DocumentType;
use werkbrug_model::schema::length_limits;

use crate::{CanonicalDocument, LossKind, LossReport};

/// The reason of a value cut by [`fit`].
pub(crate) const CUT: &str = "longer than the canonical model holds: cut at its limit";

/// Gives the truncations from `start` on the reason they have, when [`fit`] cut values (`cut`):
/// an adapter's own mapping may shorten a value too (a date-time read as a date), and keeps its
/// reason when nothing was cut.
pub(crate) fn explain_cuts(losses: &mut LossReport, start: usize, cut: bool) {
    if !cut {
        return;
    }
    for entry in &mut losses.entries[start..] {
        if entry.kind == LossKind::Truncated {
            entry.reason = CUT.to_owned();
        }
    }
}
use crate::tree::{Node, to_node};

/// Limits by path (`*` for array items), per document type.
static LIMITS: LazyLock<[HashMap<String, usize>; 2]> = LazyLock::new(|| {
    [DocumentType::JobseekerProfile, DocumentType::Vacancy]
        .map(|t| length_limits(t).into_iter().collect())
});

fn limits(document_type: DocumentType) -> &'static HashMap<String, usize> {
    match document_type {
        DocumentType::JobseekerProfile => &LIMITS[0],
        DocumentType::Vacancy => &LIMITS[1],
    }
}

/// The concrete pointers of the strings in `node` longer than their limits, with the limits.
fn too_long(
    node: &Node<'_>,
    concrete: &mut String,
    pattern: &mut String,
    limits: &HashMap<String, usize>,
    out: &mut Vec<(String, usize)>,
) {
    match node {
        Node::String(text) => {
            if let Some(&max) = limits.get(pattern.as_str())
                && text.chars().nth(max).is_some()
            {
                out.push((concrete.clone(), max));
            }
        }
        Node::Object(members) => {
            for (key, child) in members {
                let (c, p) = (concrete.len(), pattern.len());
                concrete.push('/');
                concrete.push_str(key);
                pattern.push('/');
                pattern.push_str(key);
                too_long(child, concrete, pattern, limits, out);
                concrete.truncate(c);
                pattern.truncate(p);
            }
        }
        Node::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let (c, p) = (concrete.len(), pattern.len());
                concrete.push('/');
                concrete.push_str(&index.to_string());
                pattern.push_str("/*");
                too_long(child, concrete, pattern, limits, out);
                concrete.truncate(c);
                pattern.truncate(p);
            }
        }
        _ => {}
    }
}

/// Cuts every string of `document` that is longer than the canonical limit for its place;
/// whether it cut any.
pub(crate) fn fit(document: &mut CanonicalDocument) -> bool {
    let document_type = document.document_type();
    let mut cuts = Vec::new();
    too_long(
        &to_node(&*document),
        &mut String::new(),
        &mut String::new(),
        limits(document_type),
        &mut cuts,
    );
    if cuts.is_empty() {
        return false;
    }
    let mut value = document.to_value();
    for (pointer, max) in cuts {
        if let Some(Value::String(text)) = value.pointer_mut(&pointer)
            && let Some((index, _)) = text.char_indices().nth(max)
        {
            text.truncate(index);
        }
    }
    let cut = match document_type {
        DocumentType::JobseekerProfile => {
            serde_json::from_value(value).map(|p| CanonicalDocument::JobseekerProfile(Box::new(p)))
        }
        DocumentType::Vacancy => {
            serde_json::from_value(value).map(|v| CanonicalDocument::Vacancy(Box::new(v)))
        }
    };
    // Cutting a string to a shorter one cannot make a typed document unreadable; if it did, the
    // document stays as it was and the schema check that follows says why.
    match cut {
        Ok(cut) => {
            *document = cut;
            true
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use werkbrug_model::jobseeker::{JobseekerProfile, Person};

    #[test]
    fn strings_longer_than_their_limit_are_cut_on_a_character_boundary() {
        let mut profile: JobseekerProfile = serde_json::from_value(serde_json::json!({
            "documentType": "jobseekerProfile",
            "identifiers": [{"source": "s", "localId": "1"}],
            "metadata": {"schemaVersion": "1.1.0", "sourceSystem": {"id": "s"},
                         "lastModified": "2026-11-01T12:00:00Z"},
            "contact": {"phones": [{"asGiven": "é".repeat(60)}]}
        }))
        .unwrap();
        profile.person = Some(Person {
            initials: Some("ÅB.".repeat(10)),
            family_name: Some("x".repeat(250)),
            birth_place: Some("Amsterdam".into()),
            ..Person::default()
        });
        let mut document = CanonicalDocument::JobseekerProfile(Box::new(profile));
        fit(&mut document);
        let value = document.to_value();
        assert_eq!(
            value["person"]["initials"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
            20
        );
        assert_eq!(value["person"]["familyName"].as_str().unwrap().len(), 200);
        assert_eq!(value["person"]["birthPlace"], "Amsterdam");
        assert_eq!(value["contact"]["phones"][0]["asGiven"], "é".repeat(50));
        let errors = werkbrug_model::Validator::shared()
            .schema_findings(&value, DocumentType::JobseekerProfile);
        assert!(errors.is_empty(), "{errors:?}");
    }
}

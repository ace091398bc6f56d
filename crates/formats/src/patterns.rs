//! Checking values against the canonical model's patterns before they enter a document.

use werkbrug_model::codes::ConstrainedString;

use crate::loss::Reasons;

/// Whether `value` matches the pattern of the constrained type `T`.
pub(crate) fn matches<T: ConstrainedString>(value: &str) -> bool {
    werkbrug_model::codes::matches_pattern::<T>(value)
}

/// "Industrieweg 100 B" as street, number and addition; a street without a number as it is.
pub(crate) fn split_street(
    street: Option<String>,
) -> (Option<String>, Option<u32>, Option<String>) {
    static PATTERN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(\D.*?)\s+(\d{1,5})(?:\s*-?\s*(\S.{0,9}))?$").expect("a valid regex")
    });
    let Some(street) = street else {
        return (None, None, None);
    };
    match PATTERN.captures(&street) {
        Some(c) => match c[2].parse::<u32>().ok().filter(|n| *n >= 1) {
            Some(number) => (
                Some(c[1].to_owned()),
                Some(number),
                c.get(3).map(|m| m.as_str().to_owned()),
            ),
            None => (Some(street), None, None),
        },
        None => (Some(street), None, None),
    }
}

/// Street, number and addition as one address line, the inverse of [`split_street`].
pub(crate) fn join_street(
    street: Option<&str>,
    number: Option<u32>,
    addition: Option<&str>,
) -> Option<String> {
    match (street, number) {
        (Some(s), Some(n)) => Some(match addition {
            Some(a) => format!("{s} {n} {a}"),
            None => format!("{s} {n}"),
        }),
        (Some(s), None) => Some(s.to_owned()),
        _ => None,
    }
}

/// A JSON Pointer `parent/segment`, written out only when a note needs it: readers pass where
/// they are to every value they check, and most values need no note.
pub(crate) struct Child<P, S>(pub P, pub S);

impl<P: std::fmt::Display, S: std::fmt::Display> std::fmt::Display for Child<P, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.0, self.1)
    }
}

/// `value` as the constrained type `T` when it fits; otherwise none, with a note at `at` saying
/// why. Blank values are simply absent.
pub(crate) fn accept<T: ConstrainedString>(
    value: &str,
    at: impl std::fmt::Display,
    reasons: &mut Reasons,
) -> Option<T> {
    if value.trim().is_empty() {
        return None;
    }
    if matches::<T>(value) {
        Some(T::from(value.to_owned()))
    } else {
        reasons.note(
            at.to_string(),
            format!(
                "does not have the format the canonical model requires ({})",
                T::RULE
            ),
        );
        None
    }
}

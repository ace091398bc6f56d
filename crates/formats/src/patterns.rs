//! Checking values against the canonical model's patterns before they enter a document.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use werkbrug_model::codes::ConstrainedString;

use crate::loss::Reasons;

static COMPILED: LazyLock<Mutex<HashMap<&'static str, regex::Regex>>> =
    LazyLock::new(Default::default);

/// Whether `value` matches the pattern of the constrained type `T`.
pub(crate) fn matches<T: ConstrainedString>(value: &str) -> bool {
    let mut compiled = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    compiled
        .entry(T::PATTERN)
        .or_insert_with(|| regex::Regex::new(T::PATTERN).expect("model patterns are valid regexes"))
        .is_match(value)
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

/// `value` as the constrained type `T` when it fits; otherwise none, with a note at `at` saying
/// why. Blank values are simply absent.
pub(crate) fn accept<T: ConstrainedString>(
    value: &str,
    at: &str,
    reasons: &mut Reasons,
) -> Option<T> {
    if value.trim().is_empty() {
        return None;
    }
    if matches::<T>(value) {
        Some(T::from(value.to_owned()))
    } else {
        reasons.note(
            at,
            format!(
                "does not have the format the canonical model requires ({})",
                T::RULE
            ),
        );
        None
    }
}

//! Checking values against the canonical model's patterns before they enter a document.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use werkbrug_model::codes::ConstrainedString;

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

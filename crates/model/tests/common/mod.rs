//! Paths shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The public standards (`WERKBRUG_STANDARDS`, by default `../shared/standards`), or `None`
/// after saying that `what` was skipped.
pub fn standards(what: &str) -> Option<PathBuf> {
    werkbrug_testkit::standards(what)
}

/// Reads a file of the repository.
pub fn read(relative: &str) -> String {
    let path = root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

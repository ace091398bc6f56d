//! Paths shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/standards`, beside the repository.
pub fn standards() -> PathBuf {
    let dir = root().join("../shared/standards");
    assert!(
        dir.is_dir(),
        "{} is missing: the coverage tests read the VUM specifications from there",
        dir.display()
    );
    dir
}

/// Reads a file of the repository.
pub fn read(relative: &str) -> String {
    let path = root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

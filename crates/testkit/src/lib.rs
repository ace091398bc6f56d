//! Test support shared by werkbrug's integration tests: one way to find the public standards
//! (VUM contracts, SETU and HR Open schemas, the postcode table) they read.
//!
//! The standards are not part of the repository (their licences and sizes are their own). They
//! are found through one setting, `WERKBRUG_STANDARDS`, by default `../shared/standards` beside
//! the repository. Where they are absent, a test that needs them says so in one line and passes
//! without checking anything, so that a fresh clone passes `cargo test --workspace`; with
//! `WERKBRUG_REQUIRE_STANDARDS` set (`.ci/run` sets it), an absent copy fails the test instead.

use std::path::{Path, PathBuf};

/// The setting that names the standards directory.
pub const STANDARDS_VAR: &str = "WERKBRUG_STANDARDS";
/// The setting that makes an absent standards directory a failure instead of a skip.
pub const REQUIRE_VAR: &str = "WERKBRUG_REQUIRE_STANDARDS";

/// The workspace root (two levels above any crate of it).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where the standards are looked for: `WERKBRUG_STANDARDS`, or `../shared/standards` beside
/// the repository.
pub fn standards_dir() -> PathBuf {
    std::env::var_os(STANDARDS_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared/standards"))
}

/// The standards directory, or `None` after one line on standard error saying that `what` was
/// skipped and how to run it. Panics instead when `WERKBRUG_REQUIRE_STANDARDS` is set.
pub fn standards(what: &str) -> Option<PathBuf> {
    let dir = standards_dir();
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os(REQUIRE_VAR).is_none(),
        "{what} needs the public standards, and {} is missing ({REQUIRE_VAR} is set)",
        dir.display()
    );
    eprintln!(
        "skipped: {what} needs the public standards at {}; set {STANDARDS_VAR} to a copy (scripts/standards.sh fetch DIR makes one)",
        dir.display()
    );
    None
}

/// A path inside the standards directory (`vum`, `setu/HumanResource.xsd`), or `None` as for
/// [`standards`].
pub fn standard(relative: &str, what: &str) -> Option<PathBuf> {
    standards(what).map(|dir| dir.join(relative))
}

//! Access to the suite's files: the copy embedded at build time, or a directory (`--suite`).

use std::borrow::Cow;
use std::path::PathBuf;

use serde::Deserialize;

use crate::RunError;
use crate::requirements::Requirements;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/suite_files.rs"));
}

/// `suite.json`: which suite and standard this is.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SuiteInfo {
    /// The suite's name.
    pub suite: String,
    /// The suite's version (semver; a new requirement is a minor version).
    pub version: String,
    /// The standard it tests.
    pub standard: String,
}

/// Where the suite's files come from.
#[derive(Debug, Clone)]
pub enum Suite {
    /// The suite this binary was built with.
    Embedded,
    /// A directory laid out like `conformance/v1/`.
    Dir(PathBuf),
}

impl Suite {
    /// The contents of a file, by its path relative to the suite's root.
    pub fn file(&self, relative: &str) -> Result<Cow<'static, [u8]>, RunError> {
        match self {
            Suite::Embedded => embedded::FILES
                .iter()
                .find(|(path, _)| *path == relative)
                .map(|(_, bytes)| Cow::Borrowed(*bytes))
                .ok_or_else(|| RunError::Suite(format!("{relative} is missing"))),
            Suite::Dir(root) => std::fs::read(root.join(relative))
                .map(Cow::Owned)
                .map_err(|e| RunError::Suite(format!("{}: {e}", root.join(relative).display()))),
        }
    }

    /// A JSON file, parsed.
    pub fn json<T: serde::de::DeserializeOwned>(&self, relative: &str) -> Result<T, RunError> {
        serde_json::from_slice(&self.file(relative)?)
            .map_err(|e| RunError::Suite(format!("{relative}: {e}")))
    }

    /// The paths of every file under `prefix` (a directory path ending in `/`), sorted.
    pub fn files_under(&self, prefix: &str) -> Result<Vec<String>, RunError> {
        let mut out = Vec::new();
        match self {
            Suite::Embedded => out.extend(
                embedded::FILES
                    .iter()
                    .filter(|(path, _)| path.starts_with(prefix))
                    .map(|(path, _)| (*path).to_owned()),
            ),
            Suite::Dir(root) => {
                let mut stack = vec![root.join(prefix)];
                while let Some(dir) = stack.pop() {
                    let entries = match std::fs::read_dir(&dir) {
                        Ok(entries) => entries,
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                        Err(e) => return Err(RunError::Suite(format!("{}: {e}", dir.display()))),
                    };
                    for entry in entries {
                        let path = entry?.path();
                        if path.is_dir() {
                            stack.push(path);
                        } else if let Ok(relative) = path.strip_prefix(root) {
                            out.push(
                                relative
                                    .components()
                                    .map(|c| c.as_os_str().to_string_lossy())
                                    .collect::<Vec<_>>()
                                    .join("/"),
                            );
                        }
                    }
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// `suite.json`.
    pub fn info(&self) -> Result<SuiteInfo, RunError> {
        self.json("suite.json")
    }

    /// `requirements.csv`, parsed.
    pub fn requirements(&self) -> Result<Requirements, RunError> {
        Requirements::parse(&self.file("requirements.csv")?).map_err(RunError::Suite)
    }
}

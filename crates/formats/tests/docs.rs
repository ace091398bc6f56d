//! Every format has its page in `docs/formats/`, and the field mapping table on that page names
//! every canonical property the format's vectors carry across, in either direction. (The VUM
//! table is generated from `schema/v1/vum-mapping.csv` and checked by `vum_mapping.rs`.)

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use werkbrug_formats::registry;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn page(format: &str) -> PathBuf {
    let name = format
        .strip_suffix("-xml")
        .or(format.strip_suffix("-json"))
        .unwrap_or(format);
    root().join(format!("docs/formats/{name}.md"))
}

/// The canonical paths named in the page's mapping table.
fn documented(format: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(page(format)).unwrap();
    let start = text
        .find("<!-- mapping:begin -->")
        .expect("a mapping:begin marker");
    let end = text
        .find("<!-- mapping:end -->")
        .expect("a mapping:end marker");
    let mut rows = text[start..end].lines().filter(|l| l.starts_with('|'));
    let header: Vec<&str> = rows.next().unwrap().split('|').map(str::trim).collect();
    let column = header
        .iter()
        .position(|h| *h == "Canonical property")
        .expect("a Canonical property column");
    rows.skip(1)
        .filter_map(|row| {
            row.split('|')
                .map(str::trim)
                .nth(column)
                .map(|c| c.trim_matches('`').to_owned())
        })
        .filter(|c| !c.starts_with('('))
        .collect()
}

/// Dotted paths (arrays as `[]`) of the scalar values in `value`.
fn leaves(value: &Value, path: &str, out: &mut Vec<(String, String)>, pointer: &str) {
    match value {
        Value::Object(o) => {
            for (k, v) in o {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(v, &p, out, &format!("{pointer}/{k}"));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, &format!("{path}[]"), out, &format!("{pointer}/{i}"));
            }
        }
        _ => out.push((path.to_owned(), pointer.to_owned())),
    }
}

/// Provenance and markers every adapter sets the same way; not part of a field mapping.
fn bookkeeping(path: &str) -> bool {
    path.starts_with("metadata.")
        || path == "documentType"
        || path == "status"
        || path == "identifiers[].source"
}

fn read(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_format_has_a_page() {
    for format in registry::all() {
        assert!(
            page(format.id()).is_file(),
            "no docs page for {}",
            format.id()
        );
    }
}

#[test]
fn mapping_tables_name_every_property_carried_across() {
    let suite = root().join("conformance/v1/translation");
    let mut missing = BTreeSet::new();
    for format in ["setu-xml", "setu-json", "hropen", "schema-org"] {
        let table = documented(format);
        let covered = |path: &str| {
            table.iter().any(|t| {
                path == t
                    || path.starts_with(&format!("{t}."))
                    || path.starts_with(&format!("{t}[]"))
            })
        };
        for entry in std::fs::read_dir(suite.join(format).join("decode")).unwrap() {
            let dir = entry.unwrap().path();
            let mut found = Vec::new();
            leaves(&read(&dir.join("expected.json")), "", &mut found, "");
            for (path, _) in found {
                if !bookkeeping(&path) && !covered(&path) {
                    missing.insert(format!(
                        "{format}: {path} (decoded in {})",
                        dir.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
        }
        for entry in std::fs::read_dir(suite.join(format).join("encode")).unwrap() {
            let dir = entry.unwrap().path();
            let losses: Vec<String> = read(&dir.join("losses.json"))
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["path"].as_str().unwrap().to_owned())
                .collect();
            let mut found = Vec::new();
            leaves(&read(&dir.join("input.json")), "", &mut found, "");
            for (path, pointer) in found {
                let lost = losses
                    .iter()
                    .any(|l| pointer == *l || pointer.starts_with(&format!("{l}/")));
                if !lost && !bookkeeping(&path) && !covered(&path) {
                    missing.insert(format!(
                        "{format}: {path} (encoded in {})",
                        dir.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the mapping tables:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

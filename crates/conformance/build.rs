//! Embeds the conformance suite (`conformance/v1/`) in the library, so `werkbrug conformance`
//! runs anywhere, offline, without a checkout.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, root, out);
        } else {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((relative, path));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let suite = manifest
        .join("../../conformance/v1")
        .canonicalize()
        .unwrap();
    // A directory makes cargo look at every file under it, so added files are embedded too.
    println!("cargo:rerun-if-changed={}", suite.display());
    let mut files = Vec::new();
    walk(&suite, &suite, &mut files);
    let mut code = String::from(
        "/// Every file of the suite: path relative to `conformance/v1/`, contents.\n",
    );
    code.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (relative, path) in files {
        code.push_str(&format!(
            "    ({relative:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("suite_files.rs");
    std::fs::write(out, code).unwrap();
}

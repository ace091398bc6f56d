//! `werkbrug formats`: the format adapters and what they support.

use std::process::ExitCode;

use anyhow::Result;

/// Prints one line per registered adapter.
pub fn run() -> Result<ExitCode> {
    for format in werkbrug_formats::registry::all() {
        let info = format.info();
        let supports: Vec<String> = info
            .supports
            .iter()
            .map(|s| {
                let directions = match (s.decode, s.encode) {
                    (true, true) => "read/write",
                    (true, false) => "read",
                    (false, true) => "write",
                    (false, false) => "-",
                };
                format!("{} as {} ({directions})", s.document_type, s.native_name)
            })
            .collect();
        println!("{:<12} {:<28} {}", info.id, info.name, supports.join("; "));
    }
    Ok(ExitCode::SUCCESS)
}

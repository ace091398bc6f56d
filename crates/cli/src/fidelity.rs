//! `werkbrug fidelity`: what a source's export would lose in werkbrug, per path, before it
//! connects. Reads NDJSON, JSON arrays, single JSON documents and XML documents (one per file, or
//! one per line), one document at a time.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use werkbrug_formats::fidelity::{Fidelity, FidelityReport};
use werkbrug_formats::{DecodeContext, Format, MAX_DOCUMENT_BYTES};
use werkbrug_model::DocumentType;

/// What to read and how to report.
pub struct Options {
    pub from: &'static dyn Format,
    pub document_type: Option<DocumentType>,
    pub source_id: String,
    pub files: Vec<PathBuf>,
    pub json: bool,
}

pub fn run(options: Options) -> Result<ExitCode> {
    let context = DecodeContext::new(&options.source_id, chrono::Utc::now().fixed_offset());
    let mut fidelity = Fidelity::new(options.from.id());
    let total: u64 = options
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let progress = std::io::stderr().is_terminal().then(|| {
        ProgressBar::new(total).with_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {per_sec} {msg}")
                .expect("a valid template"),
        )
    });
    for file in &options.files {
        read_documents(file, progress.as_ref(), |bytes| {
            let result = options.from.decode(bytes, options.document_type, &context);
            fidelity.add(bytes, result.as_ref());
            if let Some(bar) = &progress
                && fidelity.documents().is_multiple_of(500)
            {
                bar.set_message(format!("{} documents", fidelity.documents()));
            }
        })?;
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let report = fidelity.report();
    let mut out = std::io::stdout().lock();
    if options.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", table(&report))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Calls `each` with every document in `path`, one at a time.
fn read_documents(
    path: &Path,
    progress: Option<&ProgressBar>,
    mut each: impl FnMut(&[u8]),
) -> Result<()> {
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let first = loop {
        let buffer = reader
            .fill_buf()
            .with_context(|| format!("cannot read {}", path.display()))?;
        match buffer.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => break Some(buffer[i]),
            None if buffer.is_empty() => break None,
            None => {
                let n = buffer.len();
                reader.consume(n);
            }
        }
    };
    match first {
        None => Ok(()),
        // A JSON array of documents: read whole (an export in one array is one value).
        Some(b'[') => {
            let mut bytes = Vec::new();
            reader
                .take(256 * MAX_DOCUMENT_BYTES as u64)
                .read_to_end(&mut bytes)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if let Some(bar) = progress {
                bar.inc(bytes.len() as u64);
            }
            let documents: Vec<serde_json::Value> = serde_json::from_slice(&bytes)
                .with_context(|| format!("{} is not a JSON array of documents", path.display()))?;
            for document in documents {
                each(&serde_json::to_vec(&document).expect("a value serialises"));
            }
            Ok(())
        }
        // NDJSON (or XML one document per line), streamed; a file whose first line is not a
        // whole document holds one document.
        Some(_) => {
            let mut line = Vec::new();
            let mut pending: Option<Vec<u8>> = None;
            let mut number = 0u64;
            loop {
                line.clear();
                let read = (&mut reader)
                    .take(MAX_DOCUMENT_BYTES as u64 + 2)
                    .read_until(b'\n', &mut line)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                if read == 0 {
                    break;
                }
                if let Some(bar) = progress {
                    bar.inc(read as u64);
                }
                number += 1;
                if let Some(document) = &mut pending {
                    document.extend_from_slice(&line);
                    if document.len() > MAX_DOCUMENT_BYTES {
                        bail!(
                            "{}: the document is larger than {MAX_DOCUMENT_BYTES} bytes",
                            path.display()
                        );
                    }
                    continue;
                }
                let trimmed = line.trim_ascii();
                if trimmed.is_empty() {
                    continue;
                }
                if number == 1 && !whole(trimmed) {
                    pending = Some(line.clone());
                    continue;
                }
                each(trimmed);
            }
            if let Some(document) = pending {
                each(document.trim_ascii());
            }
            Ok(())
        }
    }
}

/// Whether one line is a whole document: JSON that parses, or XML with a closing tag on it (a
/// file written one document per line has them; a pretty-printed file's first line has none).
fn whole(line: &[u8]) -> bool {
    if line.first() == Some(&b'<') {
        return line.windows(2).any(|w| w == b"</") || line.ends_with(b"/>");
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
}

/// The report as a terminal table: one row per path, the reasons of its losses below it.
fn table(report: &FidelityReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let percent = |part: u64, whole: u64| {
        if whole == 0 {
            "-".to_owned()
        } else {
            format!("{:.1}%", part as f64 * 100.0 / whole as f64)
        }
    };
    let _ = writeln!(
        out,
        "{} document(s) read as {}: {} decoded, {} failed; {} value(s), {} carried ({})",
        report.documents,
        report.format,
        report.decoded,
        report.failed,
        report.values,
        report.carried,
        percent(report.carried, report.values)
    );
    let width = report
        .paths
        .keys()
        .map(|p| p.chars().count().max(10))
        .max()
        .unwrap_or(10)
        .min(70);
    let _ = writeln!(
        out,
        "\n{:<width$}  {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "path", "seen", "carried", "approx", "trunc", "default", "dropped"
    );
    for (path, counts) in &report.paths {
        let of = |kind: &str| -> u64 {
            counts
                .lost
                .iter()
                .filter(|l| l.kind.name() == kind)
                .map(|l| l.count)
                .sum()
        };
        let shown = if path.is_empty() {
            "(document)"
        } else {
            path.as_str()
        };
        let _ = writeln!(
            out,
            "{shown:<width$}  {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
            counts.seen,
            counts.carried,
            of("approximated"),
            of("truncated"),
            of("defaulted"),
            of("dropped")
        );
        for lost in &counts.lost {
            let _ = writeln!(
                out,
                "    {:>7} {}: {}",
                lost.count,
                lost.kind.name(),
                lost.reason
            );
        }
    }
    if !report.findings.is_empty() {
        let _ = writeln!(
            out,
            "\nfindings (semantic rules broken; the documents are carried):"
        );
        for finding in &report.findings {
            let _ = writeln!(out, "  {:>7} {}", finding.count, finding.rule);
        }
    }
    if !report.failures.is_empty() {
        let _ = writeln!(out, "\ndocuments that could not be read:");
        for failure in &report.failures {
            let _ = writeln!(out, "  {:>7} {}", failure.count, failure.error);
        }
    }
    out
}

//! `werkbrug fidelity`: what a source's export would lose in werkbrug, per path, before it
//! connects. Reads NDJSON, JSON arrays, single JSON documents and XML documents (one per file, or
//! one per line), one document at a time: memory holds one document, a JSON array included.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use werkbrug_formats::fidelity::{Fidelity, FidelityReport};
use werkbrug_formats::{DecodeContext, ErrorKind, Format, FormatError, MAX_DOCUMENT_BYTES};
use werkbrug_model::DocumentType;

use crate::args::{DocumentTypeArg, OutputFormat};

/// Arguments of `werkbrug fidelity`.
#[derive(clap::Args)]
pub struct Args {
    /// Format of the documents (`werkbrug formats` lists them).
    #[arg(long)]
    from: String,
    /// The files to read.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Expect this document type; a document of the other type counts as failed.
    #[arg(long = "type", value_name = "TYPE")]
    document_type: Option<DocumentTypeArg>,
    /// Id of the source system, for formats whose documents do not say where they come from.
    #[arg(long, default_value = "unknown")]
    source_id: String,
    /// `human` (a table) or `json`.
    #[arg(long, value_enum, default_value = "human")]
    format: OutputFormat,
}

/// Reports what the files would lose.
pub fn run(args: Args) -> Result<ExitCode> {
    report(Options {
        from: crate::translate::format(&args.from)?,
        document_type: args.document_type.map(Into::into),
        source_id: args.source_id,
        files: args.files,
        json: args.format == OutputFormat::Json,
    })
}

/// What to read and how to report.
struct Options {
    from: &'static dyn Format,
    document_type: Option<DocumentType>,
    source_id: String,
    files: Vec<PathBuf>,
    json: bool,
}

fn report(options: Options) -> Result<ExitCode> {
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
        read_documents(file, progress.as_ref(), |record| {
            match record {
                Record::Document(bytes) => {
                    let result = options.from.decode(bytes, options.document_type, &context);
                    fidelity.add(bytes, result.as_ref());
                }
                Record::TooLarge(size) => {
                    let error = FormatError::new(
                        options.from.id(),
                        ErrorKind::TooLarge,
                        format!(
                            "a document of more than {MAX_DOCUMENT_BYTES} bytes ({size} bytes)"
                        ),
                    );
                    fidelity.add(&[], Err(&error));
                }
            }
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

/// One record of an input file.
enum Record<'a> {
    /// A document's bytes (not yet known to be valid).
    Document(&'a [u8]),
    /// A line longer than the document limit, skipped without holding it: its size in bytes.
    TooLarge(u64),
}

/// Calls `each` with every document in `path`, one at a time.
fn read_documents(
    path: &Path,
    progress: Option<&ProgressBar>,
    mut each: impl FnMut(Record<'_>),
) -> Result<()> {
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    // A UTF-8 byte order mark (Windows tools write one) is not part of the first document.
    crate::input::skip_bom(&mut reader)
        .with_context(|| format!("cannot read {}", path.display()))?;
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
        // A JSON array of documents, streamed one element at a time: memory holds one
        // document, whatever the size of the export.
        Some(b'[') => {
            // The separators and blanks between elements count towards the next element: a
            // margin over the document limit, which the decoder itself holds.
            let counted = crate::input::Counted::new(reader, 2 * MAX_DOCUMENT_BYTES as u64);
            let read = counted.counter();
            let mut deserializer = serde_json::Deserializer::from_reader(counted);
            let elements = EachElement {
                each: &mut each,
                read: &read,
                progress,
            };
            serde::Deserializer::deserialize_seq(&mut deserializer, elements)
                .and_then(|()| deserializer.end())
                .with_context(|| {
                    format!(
                        "cannot read {} as a JSON array of documents",
                        path.display()
                    )
                })
        }
        // NDJSON (or XML one document per line), streamed. A file whose first line is not a
        // whole document holds one document over several lines, unless the next line is a
        // whole JSON object: then it is NDJSON whose first record is broken, and that record
        // fails on its own.
        Some(_) => {
            let mut line = Vec::new();
            let mut state = Lines::Undecided;
            loop {
                line.clear();
                let limit = MAX_DOCUMENT_BYTES as u64 + 2;
                let read = (&mut reader)
                    .take(limit)
                    .read_until(b'\n', &mut line)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                if read == 0 {
                    break;
                }
                if let Some(bar) = progress {
                    bar.inc(read as u64);
                }
                if read as u64 == limit && line.last() != Some(&b'\n') {
                    // A line over the limit: skip the rest of it without holding it, so one
                    // runaway record neither fills memory nor splits into false documents.
                    let rest = crate::input::skip_line(&mut reader)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    if let Some(bar) = progress {
                        bar.inc(rest);
                    }
                    // Over several lines, or a first line that is not a JSON record: one
                    // document, too large to read.
                    let one = match &state {
                        Lines::One(_) => true,
                        Lines::FirstNotWhole(first) => !first.trim_ascii().starts_with(b"{"),
                        Lines::Undecided | Lines::Each => false,
                    };
                    if one {
                        bail!(
                            "{}: the document is larger than {MAX_DOCUMENT_BYTES} bytes",
                            path.display()
                        );
                    }
                    if let Lines::FirstNotWhole(first) = std::mem::replace(&mut state, Lines::Each)
                    {
                        each(Record::Document(first.trim_ascii()));
                    }
                    state = Lines::Each;
                    each(Record::TooLarge(read as u64 + rest));
                    continue;
                }
                if let Lines::One(document) = &mut state {
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
                state = match std::mem::replace(&mut state, Lines::Each) {
                    Lines::Undecided if !whole(trimmed) => Lines::FirstNotWhole(line.clone()),
                    // A pretty-printed JSON or XML document never has a whole JSON object as
                    // its second line; an NDJSON file whose first record is cut has.
                    Lines::FirstNotWhole(first) if trimmed.starts_with(b"{") && whole(trimmed) => {
                        each(Record::Document(first.trim_ascii()));
                        each(Record::Document(trimmed));
                        Lines::Each
                    }
                    Lines::FirstNotWhole(mut first) => {
                        first.extend_from_slice(&line);
                        Lines::One(first)
                    }
                    _ => {
                        each(Record::Document(trimmed));
                        Lines::Each
                    }
                };
            }
            match state {
                Lines::FirstNotWhole(document) | Lines::One(document) => {
                    each(Record::Document(document.trim_ascii()))
                }
                Lines::Undecided | Lines::Each => {}
            }
            Ok(())
        }
    }
}

/// Calls `each` with every element of a JSON array as it is read.
struct EachElement<'a, F> {
    each: &'a mut F,
    read: &'a crate::input::Counter,
    progress: Option<&'a ProgressBar>,
}

impl<'de, F: FnMut(Record<'_>)> serde::de::Visitor<'de> for EachElement<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON array of documents")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            // Each element may be up to the document limit; the counter starts again for each.
            let start = self.read.restart();
            let Some(document) = seq.next_element::<serde_json::Value>()? else {
                return Ok(());
            };
            if let Some(bar) = self.progress {
                bar.inc(self.read.total() - start);
            }
            (self.each)(Record::Document(
                &serde_json::to_vec(&document).expect("a value serialises"),
            ));
        }
    }
}

/// How the lines of a file are read, as far as its first lines tell.
enum Lines {
    /// No document line read yet (blank lines do not count).
    Undecided,
    /// The first document line is not a whole document: held until the next line tells.
    FirstNotWhole(Vec<u8>),
    /// One document over several lines, being gathered.
    One(Vec<u8>),
    /// One document per line.
    Each,
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

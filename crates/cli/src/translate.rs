//! `werkbrug translate`: one document, or a stream of them, from one format to another.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use werkbrug_formats::{
    DecodeContext, ErrorKind, Format, FormatError, LossKind, LossReport, MAX_DOCUMENT_BYTES,
    registry, translate,
};
use werkbrug_model::DocumentType;

use crate::args::DocumentTypeArg;

/// Arguments of `werkbrug translate`.
#[derive(clap::Args)]
pub struct Args {
    /// Format of the input (`werkbrug formats` lists them).
    #[arg(long)]
    from: String,
    /// Format of the output.
    #[arg(long)]
    to: String,
    /// The input file; `-` reads standard input.
    input: PathBuf,
    /// Expect this document type; a document of the other type is an error.
    #[arg(long = "type", value_name = "TYPE")]
    document_type: Option<DocumentTypeArg>,
    /// Id of the source system, for formats whose documents do not say where they come from.
    #[arg(long, default_value = "unknown")]
    source_id: String,
    /// One document per line, in and out.
    #[arg(long)]
    bulk: bool,
    /// Write the translated document(s) here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write the loss reports here instead of standard error.
    #[arg(long, value_name = "FILE")]
    losses: Option<PathBuf>,
    /// Treat any loss as an error (exit status 1).
    #[arg(long)]
    strict: bool,
}

/// Translates what the arguments name.
pub fn run(args: Args) -> Result<ExitCode> {
    translate_with(Options {
        from: format(&args.from)?,
        to: format(&args.to)?,
        document_type: args.document_type.map(Into::into),
        source_id: args.source_id,
        input: args.input,
        output: args.output,
        losses: args.losses,
        bulk: args.bulk,
        strict: args.strict,
    })
}

/// What to translate and how.
struct Options {
    from: &'static dyn Format,
    to: &'static dyn Format,
    document_type: Option<DocumentType>,
    source_id: String,
    input: PathBuf,
    output: Option<PathBuf>,
    losses: Option<PathBuf>,
    bulk: bool,
    strict: bool,
}

/// Looks up a format by id, with the list of ids in the error.
pub fn format(id: &str) -> Result<&'static dyn Format> {
    registry::get(id).with_context(|| {
        format!(
            "unknown format {id:?}; formats: {}",
            registry::ids().join(", ")
        )
    })
}

/// Counts over a run.
#[derive(Default)]
struct Tally {
    documents: u64,
    failed: u64,
    losses: BTreeMap<LossKind, u64>,
    findings: u64,
}

impl Tally {
    fn lossy(&self) -> bool {
        self.losses.values().any(|n| *n > 0)
    }

    fn summary(&self) -> String {
        let losses: Vec<String> = LossKind::ALL
            .iter()
            .map(|k| format!("{} {}", self.losses.get(k).copied().unwrap_or(0), k))
            .collect();
        format!(
            "{} document(s): {} translated, {} failed; losses: {}; findings: {}",
            self.documents,
            self.documents - self.failed,
            self.failed,
            losses.join(", "),
            self.findings
        )
    }
}

/// One line of the loss stream.
#[derive(serde::Serialize)]
struct LossLine<'a> {
    document: u64,
    step: &'a str,
    format: &'a str,
    #[serde(flatten)]
    entry: &'a werkbrug_formats::LossEntry,
}

/// One line of the loss stream for a finding: a semantic rule the translated document breaks.
/// The document is carried all the same; the line tells the receiver what is wrong with it.
#[derive(serde::Serialize)]
struct FindingLine<'a> {
    document: u64,
    step: &'a str,
    #[serde(flatten)]
    finding: &'a werkbrug_model::Finding,
}

/// Where loss reports and errors go: a file or standard error, one JSON object per line.
struct LossSink {
    out: Box<dyn Write>,
}

impl LossSink {
    fn open(path: Option<&Path>) -> Result<Self> {
        let out: Box<dyn Write> = match path {
            Some(path) => Box::new(BufWriter::new(
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
            )),
            None => Box::new(BufWriter::new(std::io::stderr())),
        };
        Ok(Self { out })
    }

    fn flush(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }

    fn losses(
        &mut self,
        document: u64,
        step: &str,
        format: &str,
        report: &LossReport,
        tally: &mut Tally,
    ) -> Result<()> {
        for entry in &report.entries {
            *tally.losses.entry(entry.kind).or_insert(0) += 1;
            serde_json::to_writer(
                &mut self.out,
                &LossLine {
                    document,
                    step,
                    format,
                    entry,
                },
            )?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn findings(
        &mut self,
        document: u64,
        findings: &[werkbrug_model::Finding],
        tally: &mut Tally,
    ) -> Result<()> {
        for finding in findings {
            tally.findings += 1;
            serde_json::to_writer(
                &mut self.out,
                &FindingLine {
                    document,
                    step: "rules",
                    finding,
                },
            )?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn error(&mut self, document: u64, error: &FormatError) -> Result<()> {
        writeln!(
            self.out,
            "{}",
            json!({"document": document, "error": error, "message": error.to_string()})
        )?;
        Ok(())
    }
}

fn translate_with(options: Options) -> Result<ExitCode> {
    let context = DecodeContext::new(&options.source_id, chrono::Utc::now().fixed_offset());
    let mut sink = LossSink::open(options.losses.as_deref())?;
    let mut out: Box<dyn Write> = match &options.output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut tally = Tally::default();

    if options.bulk {
        bulk(&options, &context, &mut out, &mut sink, &mut tally)?;
    } else {
        let bytes = read_all(&options.input)?;
        tally.documents = 1;
        match translate(
            options.from,
            options.to,
            &bytes,
            options.document_type,
            &context,
        ) {
            Ok(t) => {
                sink.losses(1, "decode", options.from.id(), &t.decode_losses, &mut tally)?;
                sink.losses(1, "encode", options.to.id(), &t.encode_losses, &mut tally)?;
                sink.findings(1, &t.findings, &mut tally)?;
                out.write_all(&t.bytes)?;
                out.write_all(b"\n")?;
            }
            Err(error) => {
                tally.failed = 1;
                out.flush()?;
                sink.flush()?;
                eprintln!("werkbrug: {error}");
                return Ok(ExitCode::from(1));
            }
        }
    }
    out.flush()?;
    sink.flush()?;
    if options.bulk {
        eprintln!("{}", tally.summary());
    }
    Ok(if tally.failed > 0 || (options.strict && tally.lossy()) {
        if options.strict && tally.lossy() && tally.failed == 0 {
            eprintln!("werkbrug: --strict: the translation lost information (see the loss report)");
        }
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One document per line in, one per line out, in constant memory.
fn bulk(
    options: &Options,
    context: &DecodeContext,
    out: &mut dyn Write,
    sink: &mut LossSink,
    tally: &mut Tally,
) -> Result<()> {
    let (reader, length): (Box<dyn BufRead>, Option<u64>) = if options.input == Path::new("-") {
        (Box::new(BufReader::new(std::io::stdin().lock())), None)
    } else {
        let file = File::open(&options.input)
            .with_context(|| format!("cannot read {}", options.input.display()))?;
        let length = file.metadata().ok().map(|m| m.len());
        (Box::new(BufReader::with_capacity(1 << 16, file)), length)
    };
    let progress = if std::io::stderr().is_terminal() && options.losses.is_some() {
        let bar = match length {
            Some(length) => ProgressBar::new(length).with_style(
                ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {per_sec} {msg}")
                    .expect("a valid template"),
            ),
            None => ProgressBar::new_spinner(),
        };
        Some(bar)
    } else {
        None
    };

    let mut reader = reader;
    crate::input::skip_bom(&mut reader).context("cannot read the input")?;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = (&mut reader)
            .take(MAX_DOCUMENT_BYTES as u64 + 2)
            .read_until(b'\n', &mut line)
            .context("cannot read the input")?;
        if read == 0 {
            break;
        }
        if let Some(bar) = &progress {
            bar.inc(read as u64);
        }
        let too_long = line.last() != Some(&b'\n') && read as u64 > MAX_DOCUMENT_BYTES as u64;
        if too_long {
            // A runaway line fails as one document; the rest of it is skipped, not held, and
            // the documents after it are translated.
            let rest = crate::input::skip_line(&mut reader).context("cannot read the input")?;
            if let Some(bar) = &progress {
                bar.inc(rest);
            }
            tally.documents += 1;
            tally.failed += 1;
            let error = FormatError::new(
                options.from.id(),
                ErrorKind::TooLarge,
                format!(
                    "a document of more than {MAX_DOCUMENT_BYTES} bytes ({} bytes)",
                    read as u64 + rest
                ),
            );
            sink.error(tally.documents, &error)?;
            continue;
        }
        let document = trim(&line);
        if document.is_empty() {
            continue;
        }
        tally.documents += 1;
        let n = tally.documents;
        match translate(
            options.from,
            options.to,
            document,
            options.document_type,
            context,
        ) {
            Ok(t) => {
                sink.losses(n, "decode", options.from.id(), &t.decode_losses, tally)?;
                sink.losses(n, "encode", options.to.id(), &t.encode_losses, tally)?;
                sink.findings(n, &t.findings, tally)?;
                if t.bytes.contains(&b'\n') {
                    bail!("document {n}: the {} output spans lines", options.to.id());
                }
                out.write_all(&t.bytes)?;
                out.write_all(b"\n")?;
            }
            Err(error) => {
                tally.failed += 1;
                sink.error(n, &error)?;
            }
        }
        if let Some(bar) = &progress
            && n.is_multiple_of(1000)
        {
            bar.set_message(format!("{n} documents, {} failed", tally.failed));
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    Ok(())
}

fn trim(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    let start = line
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(end);
    &line[start..end]
}

fn read_all(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    // Three bytes more, for a byte order mark that is not part of the document.
    let limit = MAX_DOCUMENT_BYTES as u64 + 1 + 3;
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        File::open(path)
            .and_then(|f| f.take(limit).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    // A larger input reaches the adapter truncated to one byte over the limit, which it refuses
    // with a clear error, without this process reading the rest.
    if crate::input::without_bom(&bytes).len() < bytes.len() {
        bytes.drain(..3);
    }
    bytes.truncate(MAX_DOCUMENT_BYTES + 1);
    Ok(bytes)
}

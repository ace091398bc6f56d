//! `werkbrug validate`: canonical documents against the werkbrug v1 standard.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use werkbrug_model::validate::Severity;
use werkbrug_model::{DocumentType, Finding, Validator};

use crate::args::{DocumentTypeArg, OutputFormat};

/// Largest document the CLI reads, in bytes. Canonical documents are a few kilobytes; anything
/// this large is a mistake, and reading it whole would only waste memory.
const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;

/// Arguments of `werkbrug validate`.
#[derive(clap::Args)]
pub struct Args {
    /// Files to validate; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Validate as this type instead of the one the document declares in `documentType`.
    #[arg(long = "type", value_name = "TYPE")]
    document_type: Option<DocumentTypeArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
}

/// Validates every file; exit status 0 when all are valid, 1 when any is not.
pub fn run(args: Args) -> Result<ExitCode> {
    validate(&args.files, args.document_type.map(Into::into), args.format)
}

/// The result for one input file.
struct FileResult {
    name: String,
    document_type: Option<DocumentType>,
    /// The validator's verdict, over every finding (the list may be cut).
    valid: bool,
    findings: Vec<Finding>,
    /// Every finding, also those past the list's cap.
    finding_count: usize,
}

impl FileResult {
    fn unreadable(name: String, finding: Finding) -> Self {
        Self {
            name,
            document_type: None,
            valid: false,
            findings: vec![finding],
            finding_count: 1,
        }
    }

    fn valid(&self) -> bool {
        self.document_type.is_some() && self.valid
    }
}

fn validate(
    files: &[PathBuf],
    expected: Option<DocumentType>,
    format: OutputFormat,
) -> Result<ExitCode> {
    let validator = Validator::new();
    let mut results = Vec::with_capacity(files.len());
    for file in files {
        let (name, text) = read_input(file)?;
        let result = match werkbrug_model::json::parse(&text) {
            Err(e) => FileResult::unreadable(name, e.to_finding()),
            Ok(document) => match validator.validate_any(&document, expected) {
                Ok(report) => FileResult {
                    name,
                    document_type: Some(report.document_type),
                    valid: report.valid,
                    findings: report.findings,
                    finding_count: report.finding_count,
                },
                Err(finding) => FileResult::unreadable(name, finding),
            },
        };
        results.push(result);
    }

    let mut stdout = std::io::stdout().lock();
    match format {
        OutputFormat::Json => {
            let out: Vec<Value> = results
                .iter()
                .map(|r| {
                    json!({
                        "file": r.name,
                        "documentType": r.document_type,
                        "valid": r.valid(),
                        "findings": r.findings,
                        "findingCount": r.finding_count,
                        "findingsTruncated": r.finding_count > r.findings.len(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut stdout, &out)?;
            writeln!(stdout)?;
        }
        OutputFormat::Human => {
            let colour = std::io::stdout().is_terminal();
            for r in &results {
                write_human(&mut stdout, r, colour)?;
            }
        }
    }
    Ok(if results.iter().all(FileResult::valid) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn write_human(out: &mut impl Write, result: &FileResult, colour: bool) -> Result<()> {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let errors = result
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = result.findings.len() - errors;
    let kind = result
        .document_type
        .map_or_else(|| "unknown type".to_owned(), |t| t.to_string());
    if result.valid() {
        let suffix = if warnings > 0 {
            format!(", {warnings} warning(s)")
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}: {} ({kind}){suffix}",
            result.name,
            paint("32", "valid")
        )?;
    } else {
        writeln!(
            out,
            "{}: {} ({kind}), {errors} error(s), {warnings} warning(s)",
            result.name,
            paint("31", "invalid")
        )?;
    }
    if result.finding_count > result.findings.len() {
        writeln!(
            out,
            "  (the first {} of {} findings; the counts above are of those listed)",
            result.findings.len(),
            result.finding_count
        )?;
    }
    for finding in &result.findings {
        let severity = match finding.severity {
            Severity::Error => paint("31", "error"),
            Severity::Warning => paint("33", "warning"),
        };
        let pointer = if finding.pointer.is_empty() {
            "(document)"
        } else {
            &finding.pointer
        };
        writeln!(
            out,
            "  {severity} {} at {pointer}: {}",
            finding.rule, finding.message
        )?;
    }
    Ok(())
}

fn read_input(path: &Path) -> Result<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    let name = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        "<stdin>".to_owned()
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {}", path.display()))?;
        path.display().to_string()
    };
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        bail!("{name} is larger than the limit of {MAX_DOCUMENT_BYTES} bytes");
    }
    Ok((name, bytes))
}

//! `werkbrug`: validate and translate documents, print the canonical schemas and code lists.

mod audit;
mod conformance;
mod demo;
mod fidelity;
mod input;
mod translate;

/// Translation allocates many small values; mimalloc handles that churn better than the system
/// allocator (about a quarter faster in bulk runs, `scripts/bulk-memory.sh`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{Value, json};
use werkbrug_model::validate::Severity;
use werkbrug_model::{DocumentType, Finding, Validator, codelists, reference, schema};

/// Largest document the CLI reads, in bytes. Canonical documents are a few kilobytes; anything
/// this large is a mistake, and reading it whole would only waste memory.
const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;

/// What `werkbrug audit` does besides reading.
#[derive(Subcommand)]
enum AuditAction {
    /// Delete records older than the retention period (`logbook.retention_days`), or than
    /// `--before`.
    Prune {
        /// Delete records that started before this moment (RFC 3339).
        #[arg(long, value_name = "TIME")]
        before: Option<chrono::DateTime<chrono::Utc>>,
    },
}

/// `--kind` of `werkbrug demo-source`.
#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    /// The VUM source contract.
    VumBron,
    /// werkbrug's own source contract.
    WerkbrugSource,
}

impl From<KindArg> for werkbrug_federation::ConnectorKind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::VumBron => werkbrug_federation::ConnectorKind::VumBron,
            KindArg::WerkbrugSource => werkbrug_federation::ConnectorKind::WerkbrugSource,
        }
    }
}

#[derive(Parser)]
#[command(
    name = "werkbrug",
    version,
    about = "werkbrug: the Dutch labour-market data bridge"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate canonical documents against the werkbrug v1 standard.
    ///
    /// Exit status: 0 when every document is valid, 1 when any is invalid, 2 on a usage or I/O
    /// error.
    Validate {
        /// Files to validate; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Validate as this type instead of the one the document declares in `documentType`.
        #[arg(long = "type", value_name = "TYPE")]
        document_type: Option<DocumentTypeArg>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// Print the JSON Schema of a document type, or the reference documentation.
    Schema {
        /// The document type.
        #[arg(required_unless_present_any = ["reference", "write"])]
        document_type: Option<DocumentTypeArg>,
        /// Print the Markdown reference (`schema/v1/README.md`) instead.
        #[arg(long, conflicts_with = "write")]
        reference: bool,
        /// Write every generated artifact (both schemas and the reference) into this directory.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
    },
    /// What a source's export would lose: reads every document, translates it to the canonical
    /// model and reports, per path of the source's documents, how many values were carried,
    /// approximated, truncated, defaulted or dropped and why, the semantic rules the documents
    /// break (they are carried all the same) and the documents that cannot be read.
    ///
    /// FILE holds NDJSON (one document per line), a JSON array of documents, one JSON or XML
    /// document, or XML documents one per line. Streams, except a JSON array; a progress bar
    /// shows when standard error is a terminal. Exit status: 0 reported, 2 a usage or I/O error.
    Fidelity {
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
    },
    /// Translate documents from one format to another, through the canonical model.
    ///
    /// The translated document goes to standard output (or --output); loss reports go to
    /// standard error (or --losses) as JSON lines: {"document", "step", "format", "path", "kind",
    /// "reason", "valueKind"}. Exit status: 0 translated, 1 a document failed (or, with --strict,
    /// lost information), 2 a usage or I/O error.
    ///
    /// With --bulk the input holds one document per line (NDJSON for JSON formats) and the output
    /// does too, in the same order; documents that fail are left out of the output and reported
    /// as {"document", "error"} lines with the losses. Bulk mode streams: memory stays flat
    /// whatever the input size. A progress bar shows when standard error is a terminal and the
    /// loss reports go to a file.
    ///
    /// A document that breaks a semantic rule of the standard is carried whole; each rule it
    /// breaks is a {"document", "step": "rules", "rule", "severity", "pointer", "message"} line.
    Translate {
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
    },
    /// List the format adapters and what they support.
    Formats,
    /// Run the werkbrug REST gateway.
    ///
    /// Prints `listening on http://ADDRESS` on standard error once it accepts connections, and
    /// stops on SIGTERM or Ctrl-C after the requests in flight have finished.
    Serve {
        /// Settings file (TOML); without it every setting has its default.
        #[arg(long, value_name = "FILE", env = "WERKBRUG_CONFIG")]
        config: Option<PathBuf>,
        /// Address and port to listen on (port 0 picks a free one); overrides the file.
        #[arg(long, env = "WERKBRUG_BIND")]
        bind: Option<String>,
        /// Largest request body, in bytes; overrides the file.
        #[arg(long, env = "WERKBRUG_MAX_BODY_BYTES")]
        max_body_bytes: Option<usize>,
    },
    /// Serve one demo source: synthetic jobseekers and vacancies (or the documents of a file) in a
    /// source's own format, over HTTP, as a VUM Bron or a werkbrug source.
    ///
    /// Prints `listening on http://ADDRESS` on standard error once it accepts connections.
    DemoSource {
        /// How the source is spoken to.
        #[arg(long, value_enum)]
        kind: KindArg,
        /// The format of its documents (vum for a VUM Bron; setu-json, setu-xml, hropen or
        /// canonical for a werkbrug source, setu-json by default).
        #[arg(long)]
        format: Option<String>,
        /// Seed of the synthetic data: one seed, one data set.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Number of synthetic jobseekers.
        #[arg(long, default_value_t = 100)]
        count: usize,
        /// Number of synthetic vacancies (a quarter of --count by default).
        #[arg(long)]
        vacancies: Option<usize>,
        /// Serve exactly these documents instead: a JSON array or NDJSON of documents in the
        /// source's format (for setu-xml, one document per line).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["count", "vacancies"])]
        data: Option<PathBuf>,
        /// Who the synthetic data belongs to: uwv, municipality, staffing-agency or reintegration.
        #[arg(long)]
        holder: Option<String>,
        /// The source's id (in its documents' metadata).
        #[arg(long, default_value = "demo-source")]
        id: String,
        /// The organisation.
        #[arg(long, default_value = "Demo Bron")]
        organisation: String,
        /// The organisation's OIN, sent as X-VUM-fromParty.
        #[arg(long, default_value = "00000009000000000999")]
        oin: String,
        /// A PC4 postcode table (CSV pc4,latitude,longitude) for distances; the built-in coarse
        /// table without one.
        #[arg(long, value_name = "FILE")]
        postcodes: Option<PathBuf>,
        /// Port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Start a gateway over five demo sources on loopback (UWV and two municipalities as VUM
    /// Bron, a staffing agency speaking SETU XML and a re-integration company speaking HR Open),
    /// and print the URLs, a demo API key and commands to try.
    Demo {
        /// Port of the gateway on 127.0.0.1.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Seed of the synthetic data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A PC4 postcode table (CSV pc4,latitude,longitude); the built-in coarse table without
        /// one.
        #[arg(long, value_name = "FILE")]
        postcodes: Option<PathBuf>,
        /// Directory of the processing log (a SQLite file).
        #[arg(long, value_name = "DIR", default_value = "data")]
        data_dir: PathBuf,
    },
    /// Read the processing log (who disclosed whose data, for which purpose), or prune it.
    ///
    /// Uses the settings file of `werkbrug serve` to find the log and its subject key.
    Audit {
        #[command(subcommand)]
        action: Option<AuditAction>,
        /// Settings file (TOML) of the gateway.
        #[arg(long, value_name = "FILE", env = "WERKBRUG_CONFIG", global = true)]
        config: Option<PathBuf>,
        /// The records of one data subject: SOURCE:LOCALID (the source's own id).
        #[arg(long, value_name = "SOURCE:LOCALID")]
        subject: Option<String>,
        /// The records of one trace (32 hex digits).
        #[arg(long, value_name = "TRACE_ID")]
        trace: Option<String>,
        /// The records from this moment on (RFC 3339, e.g. 2026-11-01T00:00:00Z).
        #[arg(long, value_name = "TIME")]
        since: Option<chrono::DateTime<chrono::Utc>>,
        /// Output format: a table, or one JSON record per line.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// Print the stored form of an API key, for the `[[access.api_keys]]` of the settings file.
    ///
    /// Reads the key from standard input, so that it stays out of the shell history.
    HashKey,
    /// Print the OpenAPI document of the gateway (`schema/openapi.json`).
    Openapi,
    /// Run the conformance suite against documents, a translator or a live endpoint.
    ///
    /// Exit status: 0 when every MUST that ran passed, 1 when one failed or could not be
    /// checked, 2 when the run could not start (usage, a missing file, nothing selected).
    #[command(subcommand)]
    Conformance(conformance::ConformanceCommand),
    /// List the code lists, or print one.
    Codelists {
        /// Id of the code list to print.
        id: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DocumentTypeArg {
    JobseekerProfile,
    Vacancy,
}

impl From<DocumentTypeArg> for DocumentType {
    fn from(value: DocumentTypeArg) -> Self {
        match value {
            DocumentTypeArg::JobseekerProfile => DocumentType::JobseekerProfile,
            DocumentTypeArg::Vacancy => DocumentType::Vacancy,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Readable text.
    Human,
    /// JSON for machines.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("werkbrug: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Validate {
            files,
            document_type,
            format,
        } => validate(&files, document_type.map(Into::into), format),
        Command::Schema {
            document_type,
            reference,
            write,
        } => {
            if let Some(dir) = write {
                write_artifacts(&dir)?;
            } else if reference {
                print!("{}", reference::markdown());
            } else if let Some(document_type) = document_type {
                print!("{}", schema::generate_pretty(document_type.into()));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Fidelity {
            from,
            files,
            document_type,
            source_id,
            format,
        } => fidelity::run(fidelity::Options {
            from: translate::format(&from)?,
            document_type: document_type.map(Into::into),
            source_id,
            files,
            json: format == OutputFormat::Json,
        }),
        Command::Translate {
            from,
            to,
            input,
            document_type,
            source_id,
            bulk,
            output,
            losses,
            strict,
        } => translate::run(translate::Options {
            from: translate::format(&from)?,
            to: translate::format(&to)?,
            document_type: document_type.map(Into::into),
            source_id,
            input,
            output,
            losses,
            bulk,
            strict,
        }),
        Command::Serve {
            config,
            bind,
            max_body_bytes,
        } => {
            let mut settings = match &config {
                Some(path) => {
                    let text = std::fs::read_to_string(path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    toml::from_str::<werkbrug_gateway::GatewayConfig>(&text).with_context(|| {
                        format!("{} is not a valid settings file", path.display())
                    })?
                }
                None => werkbrug_gateway::GatewayConfig::default(),
            };
            if let Some(bind) = bind {
                settings.bind = bind;
            }
            if let Some(limit) = max_body_bytes {
                settings.max_body_bytes = limit;
            }
            // Structured JSON logs on standard error; RUST_LOG filters them (default: info).
            let _ = tracing_subscriber::fmt()
                .json()
                .with_writer(std::io::stderr)
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
                )
                .try_init();
            let federation = werkbrug_gateway::federation(&settings)
                .context("the federation settings cannot be used")?;
            let audit =
                werkbrug_gateway::audit(&settings).context("the processing log cannot be used")?;
            let listener = std::net::TcpListener::bind(&settings.bind)
                .with_context(|| format!("cannot listen on {}", settings.bind))?;
            let address = listener.local_addr()?;
            actix_web::rt::System::new()
                .block_on(werkbrug_gateway::serve(
                    settings,
                    federation,
                    audit,
                    listener,
                    // Only once it answers and handles SIGTERM: tests and scripts wait for it.
                    move || eprintln!("listening on http://{address}"),
                ))
                .context("the gateway stopped with an error")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::DemoSource {
            kind,
            format,
            seed,
            count,
            vacancies,
            data,
            holder,
            id,
            organisation,
            oin,
            postcodes,
            port,
        } => {
            demo::source(demo::SourceOptions {
                kind: kind.into(),
                format,
                holder: holder.as_deref().map(demo::holder).transpose()?,
                id,
                organisation,
                oin,
                seed,
                count,
                vacancies,
                data,
                postcodes,
                bind: format!("127.0.0.1:{port}"),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            port,
            seed,
            postcodes,
            data_dir,
        } => {
            let _ = tracing_subscriber::fmt()
                .json()
                .with_writer(std::io::stderr)
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
                )
                .try_init();
            demo::demo(demo::DemoOptions {
                bind: format!("127.0.0.1:{port}"),
                seed,
                postcodes,
                data_dir,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::HashKey => {
            let mut key = String::new();
            std::io::stdin()
                .read_to_string(&mut key)
                .context("cannot read the key")?;
            let key = key.trim();
            if key.len() < 16 {
                bail!("an API key needs at least 16 characters");
            }
            println!("{}", werkbrug_gateway::access::hash_key(key));
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            action,
            config,
            subject,
            trace,
            since,
            format,
        } => {
            match action {
                Some(AuditAction::Prune { before }) => {
                    audit::prune(config.as_deref(), before)?;
                }
                None => {
                    audit::read(
                        config.as_deref(),
                        audit::Query {
                            subject,
                            trace,
                            since,
                            json: matches!(format, OutputFormat::Json),
                        },
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Conformance(command) => conformance::run(command),
        Command::Openapi => {
            print!("{}", werkbrug_gateway::openapi::document_pretty());
            Ok(ExitCode::SUCCESS)
        }
        Command::Formats => {
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
        Command::Codelists { id, format } => {
            print_codelists(id.as_deref(), format)?;
            Ok(ExitCode::SUCCESS)
        }
    }
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

fn write_artifacts(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for document_type in DocumentType::ALL {
        let path = dir.join(document_type.schema_file_name());
        std::fs::write(&path, schema::generate_pretty(document_type))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    let path = dir.join("README.md");
    std::fs::write(&path, reference::markdown())
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

fn print_codelists(id: Option<&str>, format: OutputFormat) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match id {
        Some(id) => {
            let Some(list) = codelists::get(id) else {
                bail!("no code list {id:?}; `werkbrug codelists` lists them");
            };
            if format == OutputFormat::Json {
                serde_json::to_writer_pretty(&mut stdout, list)?;
                writeln!(stdout)?;
            } else {
                writeln!(stdout, "{} {} ({})", list.id, list.version, list.title)?;
                writeln!(stdout, "source: {} <{}>", list.source.name, list.source.url)?;
                for code in &list.codes {
                    let vum = code
                        .mappings
                        .get("vum")
                        .map(|v| format!("  [VUM {v}]"))
                        .unwrap_or_default();
                    writeln!(
                        stdout,
                        "  {:<24} {} / {}{vum}",
                        code.code, code.label, code.label_nl
                    )?;
                }
            }
        }
        None => {
            if format == OutputFormat::Json {
                let summary: Vec<Value> = codelists::all()
                    .map(|l| {
                        json!({"id": l.id, "version": l.version, "title": l.title,
                               "codes": l.codes.len(), "source": l.source})
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut stdout, &summary)?;
                writeln!(stdout)?;
            } else {
                for list in codelists::all() {
                    writeln!(
                        stdout,
                        "{:<30} {:<6} {:>3} codes  {}",
                        list.id,
                        list.version,
                        list.codes.len(),
                        list.title
                    )?;
                }
            }
        }
    }
    Ok(())
}

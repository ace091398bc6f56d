//! `werkbrug audit`: read and prune the processing log the gateway keeps, with the same settings
//! file as `werkbrug serve`.

use std::io::Write;
use std::path::Path;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use clap::Subcommand;
use werkbrug_logbook::{Filter, Record};

use crate::args::OutputFormat;
use crate::settings::load as settings;

/// Arguments of `werkbrug audit`.
#[derive(clap::Args)]
pub struct Args {
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
}

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

/// Reads the log, or prunes it.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.action {
        Some(AuditAction::Prune { before }) => {
            prune(args.config.as_deref(), before)?;
        }
        None => {
            read(
                args.config.as_deref(),
                Query {
                    subject: args.subject,
                    trace: args.trace,
                    since: args.since,
                    json: matches!(args.format, OutputFormat::Json),
                },
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What to read.
struct Query {
    /// `SOURCE:LOCALID`.
    subject: Option<String>,
    /// A trace id.
    trace: Option<String>,
    /// A start time.
    since: Option<DateTime<Utc>>,
    /// JSON lines instead of a table.
    json: bool,
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Prints the records a query asks for.
fn read(config: Option<&Path>, query: Query) -> Result<usize> {
    let settings = settings(config)?;
    let audit = settings
        .logbook
        .open()
        .context("the processing log cannot be opened")?;
    let logbook = audit
        .logbook()
        .context("the processing log is off in these settings")?;
    if query.subject.is_some() && audit.key_is_random() {
        bail!(
            "finding a subject needs the log's subject key: set logbook.subject_key or WERKBRUG_LOG_KEY"
        );
    }
    let subject = match &query.subject {
        Some(text) => {
            let Some((source, local_id)) = text.split_once(':') else {
                bail!("--subject takes SOURCE:LOCALID, e.g. gemeente-rotterdam:KL-88231");
            };
            audit.subject(source, local_id)
        }
        None => None,
    };
    if subject.is_none() && query.trace.is_none() && query.since.is_none() {
        bail!("name a subject (--subject), a trace (--trace) or a start time (--since)");
    }
    let filter = Filter {
        subject,
        trace_id: query.trace.clone(),
        since: query.since,
        limit: None,
        after: None,
    };
    let runtime = runtime()?;
    let stdout = std::io::stdout();
    let mut out = Output(std::io::BufWriter::new(stdout.lock()));
    // Page after page, each printed before the next is read: memory stays at one page whatever
    // the range, and the first lines come at once.
    let mut count = 0;
    let mut after = None;
    let shown = (|| -> std::io::Result<()> {
        if !query.json {
            out.header()?;
        }
        loop {
            let page = runtime
                .block_on(logbook.page(
                    Filter {
                        after: after.take(),
                        ..filter.clone()
                    },
                    werkbrug_logbook::MAX_PAGE,
                ))
                .map_err(std::io::Error::other)?;
            for record in &page.records {
                if query.json {
                    out.json(record)?;
                } else {
                    out.row(record)?;
                }
            }
            count += page.records.len();
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        if !query.json {
            writeln!(out.0, "{count} record(s)")?;
        }
        out.0.flush()
    })();
    match shown {
        Ok(()) => Ok(count),
        // A reader that stopped reading (`werkbrug audit ... | head`) ends the command quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(count),
        Err(e) => match e.downcast::<werkbrug_logbook::LogError>() {
            Ok(log) => Err(log).context("the processing log cannot be read"),
            Err(e) => Err(e).context("cannot write the records"),
        },
    }
}

/// Where records are printed.
struct Output<W: Write>(W);

impl<W: Write> Output<W> {
    fn header(&mut self) -> std::io::Result<()> {
        writeln!(
            self.0,
            "{:<27} {:<9} {:<15} {:<28} {:<24} {:<10} {:<12} {:>6} {:>8}",
            "started (UTC)",
            "operation",
            "purpose",
            "caller",
            "source",
            "subject",
            "status",
            "fields",
            "requests"
        )
    }

    fn json(&mut self, record: &Record) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.0, record)?;
        writeln!(self.0)
    }

    fn row(&mut self, r: &Record) -> std::io::Result<()> {
        let purpose = r.activity.rsplit('/').next().unwrap_or(&r.activity);
        writeln!(
            self.0,
            "{:<27} {:<9} {:<15} {:<28} {:<24} {:<10} {:<12} {:>6} {:>8}",
            r.started
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            r.operation,
            purpose,
            // A refusal without a key names its address instead of an organisation.
            r.caller_address
                .as_deref()
                .unwrap_or(&r.caller_organisation)
                .chars()
                .take(28)
                .collect::<String>(),
            r.source_organisation
                .as_deref()
                .unwrap_or("-")
                .chars()
                .take(24)
                .collect::<String>(),
            r.subject
                .as_deref()
                .map_or("-".to_owned(), |s| s.chars().take(10).collect()),
            r.status,
            r.fields.len(),
            r.occurrences
        )
    }
}

/// Deletes records older than `before`, or than the retention period.
fn prune(config: Option<&Path>, before: Option<DateTime<Utc>>) -> Result<u64> {
    let settings = settings(config)?;
    let audit = settings
        .logbook
        .open()
        .context("the processing log cannot be opened")?;
    let logbook = audit
        .logbook()
        .context("the processing log is off in these settings")?;
    let before = before.unwrap_or_else(|| {
        Utc::now() - chrono::Duration::days(i64::from(settings.logbook.retention_days))
    });
    let deleted = runtime()?.block_on(logbook.prune(before))?;
    println!(
        "deleted {deleted} record(s) that started before {}",
        before.to_rfc3339()
    );
    Ok(deleted)
}

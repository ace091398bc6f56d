//! `werkbrug audit`: read and prune the processing log the gateway keeps, with the same settings
//! file as `werkbrug serve`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use werkbrug_logbook::{Filter, Record};

/// What to read.
pub struct Query {
    /// `SOURCE:LOCALID`.
    pub subject: Option<String>,
    /// A trace id.
    pub trace: Option<String>,
    /// A start time.
    pub since: Option<DateTime<Utc>>,
    /// JSON lines instead of a table.
    pub json: bool,
}

fn settings(config: Option<&Path>) -> Result<werkbrug_gateway::GatewayConfig> {
    Ok(match config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            toml::from_str(&text)
                .with_context(|| format!("{} is not a valid settings file", path.display()))?
        }
        None => werkbrug_gateway::GatewayConfig::default(),
    })
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Prints the records a query asks for.
pub fn read(config: Option<&Path>, query: Query) -> Result<usize> {
    let settings = settings(config)?;
    let audit = settings
        .logbook
        .open()
        .context("the processing log cannot be opened")?;
    if query.subject.is_some() && audit.key_is_random {
        bail!(
            "finding a subject needs the log's subject key: set logbook.subject_key or WERKBRUG_LOG_KEY"
        );
    }
    let subject = match &query.subject {
        Some(text) => {
            let Some((source, local_id)) = text.split_once(':') else {
                bail!("--subject takes SOURCE:LOCALID, e.g. gemeente-rotterdam:KL-88231");
            };
            Some(audit.key.pseudonym(source, local_id))
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
                .block_on(audit.logbook.page(
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
pub fn prune(config: Option<&Path>, before: Option<DateTime<Utc>>) -> Result<u64> {
    let settings = settings(config)?;
    let audit = settings
        .logbook
        .open()
        .context("the processing log cannot be opened")?;
    let before = before.unwrap_or_else(|| {
        Utc::now() - chrono::Duration::days(i64::from(settings.logbook.retention_days))
    });
    let deleted = runtime()?.block_on(audit.logbook.prune(before))?;
    println!(
        "deleted {deleted} record(s) that started before {}",
        before.to_rfc3339()
    );
    Ok(deleted)
}

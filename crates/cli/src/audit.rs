//! `werkbrug audit`: read and prune the processing log the gateway keeps, with the same settings
//! file as `werkbrug serve`.

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
    let records = runtime()?.block_on(audit.logbook.read(Filter {
        subject,
        trace_id: query.trace.clone(),
        since: query.since,
        limit: None,
    }))?;
    if query.json {
        for record in &records {
            println!("{}", serde_json::to_string(record)?);
        }
    } else {
        print_table(&records);
    }
    Ok(records.len())
}

fn print_table(records: &[Record]) {
    println!(
        "{:<27} {:<9} {:<15} {:<28} {:<24} {:<10} {:<12} {:>6}",
        "started (UTC)", "operation", "purpose", "caller", "source", "subject", "status", "fields"
    );
    for r in records {
        let purpose = r.activity.rsplit('/').next().unwrap_or(&r.activity);
        println!(
            "{:<27} {:<9} {:<15} {:<28} {:<24} {:<10} {:<12} {:>6}",
            r.started
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            r.operation,
            purpose,
            r.caller_organisation.chars().take(28).collect::<String>(),
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
            r.fields.len()
        );
    }
    println!("{} record(s)", records.len());
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

//! The processing log in the gateway: a record per data subject before any response that
//! discloses personal data, a record per refused request, and the auditors' access to the log.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use actix_web::{HttpMessage, HttpRequest, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use werkbrug_federation::Disclosure;
use werkbrug_logbook::{Cursor, Filter, LogError, Logbook, Record, SubjectKey};

use crate::access::{AccessConfig, Role, Searcher};
use crate::client::ClientAddress;
use crate::problem::{ApiError, InvalidParam, Problem};
use crate::trace::TraceContext;

/// Settings of the processing log (`[logbook]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogbookConfig {
    /// Whether to keep the log (true by default). Only a measurement of the log's cost turns it
    /// off; the gateway then warns at startup that disclosures go unrecorded.
    pub enabled: bool,
    /// `postgres://...` for a shared log, or `sqlite://path`; without one, a SQLite file
    /// `werkbrug-log.db` in `data_dir`.
    pub url: Option<String>,
    /// Directory of the SQLite log.
    pub data_dir: PathBuf,
    /// Key of the subject pseudonyms: 64 hex digits, shared by all instances (the environment
    /// variable `WERKBRUG_LOG_KEY` overrides it).
    pub subject_key: Option<String>,
    /// Days after which records are deleted (daily by the server, or `werkbrug audit prune`).
    pub retention_days: u32,
    /// Refusals of requests without a valid key are recorded as one record per client address,
    /// reason and window of this many seconds, with a count (60: one per minute).
    pub refusal_window_secs: u64,
}

impl Default for LogbookConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            url: None,
            data_dir: PathBuf::from("data"),
            subject_key: None,
            retention_days: 365,
            refusal_window_secs: 60,
        }
    }
}

/// Why the processing log cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The subject key is not 64 hex digits.
    #[error("logbook.subject_key (or WERKBRUG_LOG_KEY) must be 64 hex digits (32 bytes)")]
    Key,
    /// The data directory cannot be made.
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    /// The log cannot be opened.
    #[error(transparent)]
    Log(#[from] LogError),
}

/// The open processing log with its subject key.
#[derive(Clone, Debug)]
pub struct Audit {
    /// The log.
    pub logbook: Logbook,
    /// The subject pseudonym key.
    pub key: SubjectKey,
    /// Whether the key was made up at startup (pseudonyms then differ after a restart).
    pub key_is_random: bool,
    /// Retention in days.
    pub retention_days: u32,
    /// Refusals without a valid key, counted until their window is recorded.
    refusals: Arc<RefusalTally>,
}

/// What refusals of requests without a valid key are counted by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RefusalKey {
    address: IpAddr,
    status: &'static str,
    activity: String,
    /// The start of the window, in seconds since 1970.
    window: i64,
}

/// The refusals of one key so far.
#[derive(Debug, Clone)]
struct Tally {
    count: u64,
    first: DateTime<Utc>,
    last: DateTime<Utc>,
    trace: TraceContext,
}

/// Refusals of requests without a valid key, per address, reason and window, until the window
/// ends and they become one record each: a flood of random keys costs a record a minute per
/// address, not one per request. A crash loses the counts of the current window at most.
#[derive(Debug)]
struct RefusalTally {
    window_secs: i64,
    counts: Mutex<HashMap<RefusalKey, Tally>>,
}

impl RefusalTally {
    fn new(window_secs: u64) -> Self {
        Self {
            window_secs: i64::try_from(window_secs.max(1)).unwrap_or(60),
            counts: Mutex::new(HashMap::new()),
        }
    }

    fn add(
        &self,
        address: IpAddr,
        status: &'static str,
        activity: &str,
        trace: TraceContext,
        at: DateTime<Utc>,
    ) {
        let window = at.timestamp().div_euclid(self.window_secs) * self.window_secs;
        let key = RefusalKey {
            address,
            status,
            activity: activity.to_owned(),
            window,
        };
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts
            .entry(key)
            .and_modify(|t| {
                t.count += 1;
                t.last = at;
            })
            .or_insert(Tally {
                count: 1,
                first: at,
                last: at,
                trace,
            });
    }

    /// Takes the tallies of windows that ended before `now` (all of them with `everything`).
    fn take(&self, now: DateTime<Utc>, everything: bool) -> Vec<(RefusalKey, Tally)> {
        let current = now.timestamp().div_euclid(self.window_secs) * self.window_secs;
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let ended: Vec<RefusalKey> = counts
            .keys()
            .filter(|k| everything || k.window < current)
            .cloned()
            .collect();
        ended
            .into_iter()
            .filter_map(|k| counts.remove_entry(&k))
            .collect()
    }
}

impl LogbookConfig {
    /// The database URL this configuration names.
    pub fn database_url(&self) -> String {
        self.url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}",
                self.data_dir.join("werkbrug-log.db").display()
            )
        })
    }

    /// Opens the log.
    pub fn open(&self) -> Result<Audit, AuditError> {
        let key_text = std::env::var("WERKBRUG_LOG_KEY")
            .ok()
            .or_else(|| self.subject_key.clone());
        let (key, key_is_random) = match key_text {
            Some(text) => (SubjectKey::from_hex(&text).ok_or(AuditError::Key)?, false),
            None => (
                SubjectKey::new(werkbrug_federation::pseudonym::Pseudonymizer::random_key()),
                true,
            ),
        };
        if self.url.is_none() {
            std::fs::create_dir_all(&self.data_dir)
                .map_err(|e| AuditError::DataDir(self.data_dir.display().to_string(), e))?;
        }
        Ok(Audit {
            logbook: Logbook::open(&self.database_url())?,
            key,
            key_is_random,
            retention_days: self.retention_days,
            refusals: Arc::new(RefusalTally::new(self.refusal_window_secs)),
        })
    }
}

/// A record id that sorts by time (UUID v7): records land at the end of the primary key's index
/// instead of all over it, which keeps a commit to a few pages.
fn record_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

/// The trace context the middleware put on the request.
pub fn trace_of(request: &HttpRequest) -> TraceContext {
    request
        .extensions()
        .get::<TraceContext>()
        .cloned()
        .unwrap_or_else(|| TraceContext::continue_or_start(None))
}

/// A tag of a key hash: `sha256:` and its first 16 hex digits.
fn key_tag(hash: &str) -> String {
    hash.chars().take("sha256:".len() + 16).collect()
}

impl Audit {
    /// Writes one record per disclosure; `Err` means nothing may be sent.
    pub async fn disclosures(
        &self,
        request: &HttpRequest,
        operation: &str,
        searcher: &Searcher,
        disclosures: &[Disclosure],
        started: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let trace = trace_of(request);
        let ended = Utc::now();
        let records = disclosures
            .iter()
            .map(|d| Record {
                id: record_id(),
                trace_id: trace.trace_id.clone(),
                operation_id: trace.span_id.clone(),
                parent_operation_id: trace.parent_id.clone(),
                activity: d.activity.clone(),
                operation: operation.to_owned(),
                caller_organisation: searcher.organisation.clone(),
                caller_oin: searcher.oin.clone(),
                caller_key: Some(key_tag(&searcher.key_hash)),
                source_id: Some(d.source_id.clone()),
                source_organisation: Some(d.source_organisation.clone()),
                subject: Some(self.key.pseudonym(&d.source_id, &d.local_id)),
                fields: d.fields.clone(),
                started,
                ended,
                status: "disclosed".into(),
                caller_address: None,
                occurrences: 1,
            })
            .collect();
        self.logbook.write(records).await.map_err(|error| {
            tracing::error!(error = %error, "processing log write failed: the response is withheld");
            ApiError::LogUnavailable(
                "the processing log cannot be written, so nothing is disclosed: try again later"
                    .into(),
            )
        })
    }

    /// Records a refused request (no subject). A failure to record it does not change the
    /// refusal.
    pub async fn refusal(
        &self,
        request: &HttpRequest,
        access: &AccessConfig,
        activity: &str,
        error: &ApiError,
        started: DateTime<Utc>,
    ) {
        let status = match error {
            ApiError::Unauthorized(_) => "refused-401",
            ApiError::Forbidden(_) | ApiError::PurposeMismatch(_) => "refused-403",
            ApiError::BudgetSpent { .. } => "refused-429",
            _ => return,
        };
        let trace = trace_of(request);
        let known = access.authenticate(request).ok();
        if known.is_none() {
            // No valid key: counted per address, recorded when its window ends.
            let address = request
                .extensions()
                .get::<ClientAddress>()
                .map_or(IpAddr::from([0, 0, 0, 0]), |a| a.0);
            self.refusals.add(address, status, activity, trace, started);
            return;
        }
        let record = Record {
            id: record_id(),
            trace_id: trace.trace_id,
            operation_id: trace.span_id,
            parent_operation_id: trace.parent_id,
            activity: activity.to_owned(),
            operation: "refused".into(),
            caller_organisation: known
                .map_or_else(|| "unknown".to_owned(), |k| k.organisation.clone()),
            caller_oin: known.and_then(|k| k.oin.clone()),
            caller_key: known.map(|k| key_tag(&k.hash)),
            source_id: None,
            source_organisation: None,
            subject: None,
            fields: Vec::new(),
            started,
            ended: Utc::now(),
            status: status.into(),
            caller_address: None,
            occurrences: 1,
        };
        if let Err(error) = self.logbook.write(vec![record]).await {
            tracing::error!(error = %error, "processing log write of a refusal failed");
        }
    }

    /// Records the counted refusals of every window that has ended by `now` (of every window
    /// with `everything`, when the server stops): one record per address, reason and window.
    pub async fn record_refusals(&self, now: DateTime<Utc>, everything: bool) {
        let records: Vec<Record> = self
            .refusals
            .take(now, everything)
            .into_iter()
            .map(|(key, tally)| Record {
                id: record_id(),
                trace_id: tally.trace.trace_id,
                operation_id: tally.trace.span_id,
                parent_operation_id: tally.trace.parent_id,
                activity: key.activity,
                operation: "refused".into(),
                caller_organisation: "unknown".into(),
                caller_oin: None,
                caller_key: None,
                source_id: None,
                source_organisation: None,
                subject: None,
                fields: Vec::new(),
                started: tally.first,
                ended: tally.last,
                status: key.status.into(),
                caller_address: Some(key.address.to_string()),
                occurrences: tally.count,
            })
            .collect();
        if records.is_empty() {
            return;
        }
        let count = records.len();
        if let Err(error) = self.logbook.write(records).await {
            tracing::error!(error = %error, records = count, "processing log write of counted refusals failed");
        }
    }

    /// Seconds per refusal window.
    pub fn refusal_window(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.refusals.window_secs.unsigned_abs())
    }
}

/// A data subject as a source knows it.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubjectRef {
    /// The source's id (as in search results).
    #[schemars(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub source: String,
    /// The source's own id of the subject's document.
    #[schemars(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub local_id: String,
}

/// Which records an auditor asks for: at least one of the three.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogQuery {
    /// The records of one data subject (in the body, so that the local id stays out of URLs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectRef>,
    /// The records of one trace (32 hex digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9a-f]{32}$"))]
    #[schema(pattern = r"^[0-9a-f]{32}$")]
    pub trace_id: Option<String>,
    /// Records from this moment on (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
    /// Records per page, 1 to 10,000 (1,000 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 10_000))]
    #[schema(minimum = 1, maximum = 10_000)]
    pub limit: Option<u32>,
    /// The `next` of the previous page, with the same criteria: the page after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^-?[0-9]{1,20}_[0-9A-Za-z]{1,64}$"))]
    #[schema(pattern = r"^-?[0-9]{1,20}_[0-9A-Za-z]{1,64}$")]
    pub cursor: Option<String>,
}

/// Records per page when the query does not say.
const DEFAULT_PAGE: u32 = 1_000;

/// One page of the records found.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LogAnswer {
    /// Newest first.
    pub records: Vec<Record>,
    /// When there are more records: the cursor of the next page (send the same query with
    /// `cursor` set to it). Absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The schema every processing-log query is checked against before it is read.
static LOG_QUERY_SCHEMA: std::sync::LazyLock<werkbrug_model::SchemaCheck> =
    std::sync::LazyLock::new(|| {
        werkbrug_model::SchemaCheck::new(werkbrug_model::schema::request_schema::<LogQuery>())
            .expect("the processing-log query schema compiles")
    });

/// Reads a processing-log query as strictly as a search: JSON syntax with its place, then the
/// schema (patterns, lengths, ranges, no unknown members), each finding with its pointer.
fn read_query(body: &[u8]) -> Result<LogQuery, ApiError> {
    crate::routes::read_strict(body, &LOG_QUERY_SCHEMA, "the query")
}

/// `POST /v1/processing-log-searches`: an auditor reads the log.
#[utoipa::path(post, path = "/v1/processing-log-searches", operation_id = "searchProcessingLog", tag = "Processing log",
    request_body(content = LogQuery, description = "One subject (source and local id, kept out of the URL), one trace, or a start time; `limit` records per page and `cursor` for the next page", content_type = "application/json"),
    responses((status = 200, description = "One page of the records, newest first, and `next` when there are more: send the same query with `cursor` set to it until an answer has no `next`", body = LogAnswer),
              (status = 400, description = "The query is not valid", body = Problem, content_type = "application/problem+json"),
              (status = 401, description = "No API key, or an unknown one", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "The key does not have the role `audit`", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "This gateway keeps no processing log (it has no sources)", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "Content-Type is not application/json", body = Problem, content_type = "application/problem+json"),
              (status = 503, description = "The log cannot be read", body = Problem, content_type = "application/problem+json")),
    security(("apiKey" = [])))]
pub async fn search_log(
    request: HttpRequest,
    body: web::Bytes,
    access: web::Data<AccessConfig>,
    audit: Option<web::Data<Audit>>,
) -> Result<web::Json<LogAnswer>, ApiError> {
    access.require(&request, Role::Audit)?;
    let Some(audit) = audit else {
        return Err(ApiError::NotFound(
            "this gateway keeps no processing log: it has no sources".into(),
        ));
    };
    crate::routes::require_media_type(&request, &["application/json"])?;
    let query = read_query(&body)?;
    if query.subject.is_none() && query.trace_id.is_none() && query.since.is_none() {
        return Err(ApiError::InvalidInput {
            detail: "name a subject, a trace or a start time".into(),
            params: vec![InvalidParam {
                pointer: String::new(),
                rule: "log-query.criterion".into(),
                message: "one of subject, traceId and since is required".into(),
            }],
        });
    }
    let filter = Filter {
        subject: query
            .subject
            .as_ref()
            .map(|s| audit.key.pseudonym(&s.source, &s.local_id)),
        trace_id: query.trace_id.clone(),
        since: query.since,
        limit: None,
        after: match &query.cursor {
            Some(text) => Some(
                Cursor::from_text(text).ok_or_else(|| ApiError::InvalidInput {
                    detail: "the cursor is not one this log gave".into(),
                    params: vec![InvalidParam {
                        pointer: "/cursor".into(),
                        rule: "log-query.cursor".into(),
                        message: "not the next of a previous page".into(),
                    }],
                })?,
            ),
            None => None,
        },
    };
    let page = audit
        .logbook
        .page(filter, query.limit.unwrap_or(DEFAULT_PAGE))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "processing log read failed");
            ApiError::LogUnavailable("the processing log cannot be read: try again later".into())
        })?;
    Ok(web::Json(LogAnswer {
        records: page.records,
        next: page.next.map(|c| c.to_text()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_counted_per_address_reason_and_window_and_taken_when_it_ends() {
        let tally = RefusalTally::new(60);
        let at = |t: &str| t.parse::<DateTime<Utc>>().unwrap();
        let trace = TraceContext::continue_or_start(None);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for second in 0..30 {
            let time = at(&format!("2026-12-04T10:00:{second:02}Z"));
            tally.add(a, "refused-401", "unknown", trace.clone(), time);
        }
        tally.add(
            b,
            "refused-401",
            "unknown",
            trace.clone(),
            at("2026-12-04T10:00:05Z"),
        );
        tally.add(
            a,
            "refused-401",
            "unknown",
            trace.clone(),
            at("2026-12-04T10:01:00Z"),
        );
        // While the minute lasts, nothing is taken.
        assert!(tally.take(at("2026-12-04T10:00:59Z"), false).is_empty());
        let mut ended = tally.take(at("2026-12-04T10:01:30Z"), false);
        ended.sort_by_key(|(k, _)| k.address);
        let summary: Vec<(IpAddr, u64, DateTime<Utc>, DateTime<Utc>)> = ended
            .iter()
            .map(|(k, t)| (k.address, t.count, t.first, t.last))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    a,
                    30,
                    at("2026-12-04T10:00:00Z"),
                    at("2026-12-04T10:00:29Z")
                ),
                (b, 1, at("2026-12-04T10:00:05Z"), at("2026-12-04T10:00:05Z")),
            ]
        );
        // The open window is taken only when everything is.
        assert!(tally.take(at("2026-12-04T10:01:30Z"), false).is_empty());
        assert_eq!(tally.take(at("2026-12-04T10:01:30Z"), true).len(), 1);
    }
}

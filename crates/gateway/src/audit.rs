//! The processing log over HTTP: its settings, the refusals of requests as the log records
//! them, and the auditors' access to the log. What a disclosure records and "logged before
//! sent" are policy of the core ([`werkbrug_federation::disclosure`]); this module only maps
//! requests and HTTP errors onto it.

use std::net::IpAddr;
use std::path::PathBuf;

use actix_web::{HttpMessage, HttpRequest, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use werkbrug_federation::disclosure::{DisclosureLog, Recipient, Refusal, TraceIds};
use werkbrug_logbook::{Cursor, Filter, LogError, Logbook, Record, SubjectKey};

use crate::access::{AccessConfig, Authorised, Searcher};
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
    pub fn open(&self) -> Result<DisclosureLog, AuditError> {
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
        Ok(DisclosureLog::new(
            Logbook::open(&self.database_url())?,
            key,
            key_is_random,
            self.retention_days,
            self.refusal_window_secs,
        ))
    }
}

/// The trace context the middleware put on the request.
pub fn trace_of(request: &HttpRequest) -> TraceContext {
    request
        .extensions()
        .get::<TraceContext>()
        .cloned()
        .unwrap_or_else(|| TraceContext::continue_or_start(None))
}

/// The request's trace, as the processing log records it.
pub fn trace_ids(request: &HttpRequest) -> TraceIds {
    let trace = trace_of(request);
    TraceIds {
        trace_id: trace.trace_id,
        span_id: trace.span_id,
        parent_id: trace.parent_id,
    }
}

/// Who a search or detail discloses to.
pub fn recipient(searcher: &Searcher) -> Recipient {
    Recipient {
        organisation: searcher.organisation.clone(),
        oin: searcher.oin.clone(),
        key_hash: searcher.key_hash.clone(),
    }
}

/// The refusal an HTTP error stands for, if the log records it: 401, 403 and a spent budget.
fn refusal_of(error: &ApiError) -> Option<Refusal> {
    match error {
        ApiError::Unauthorized(_) => Some(Refusal::Unauthenticated),
        ApiError::Forbidden(_) | ApiError::PurposeMismatch(_) => Some(Refusal::Forbidden),
        ApiError::BudgetSpent { .. } => Some(Refusal::BudgetSpent),
        _ => None,
    }
}

/// Records `error` as a refused request of `activity` when the log records such refusals,
/// and passes it on. A failure to record it does not change the refusal.
pub async fn refused(
    log: &DisclosureLog,
    request: &HttpRequest,
    activity: &str,
    error: ApiError,
    started: DateTime<Utc>,
) -> ApiError {
    let Some(refusal) = refusal_of(&error) else {
        return error;
    };
    let access = request.app_data::<web::Data<AccessConfig>>();
    let known = access
        .and_then(|a| a.authenticate(request).ok())
        .map(|key| Recipient {
            organisation: key.organisation.clone(),
            oin: key.oin.clone(),
            key_hash: key.hash.clone(),
        });
    let address = request
        .extensions()
        .get::<ClientAddress>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |a| a.0);
    log.refusal(
        known.as_ref(),
        address,
        refusal,
        activity,
        trace_ids(request),
        started,
    )
    .await;
    error
}

/// The error a failed commit of disclosure records is: 503, and nothing is sent.
pub fn withheld(error: LogError) -> ApiError {
    tracing::error!(error = %error, "processing log write failed: the response is withheld");
    ApiError::LogUnavailable(
        "the processing log cannot be written, so nothing is disclosed: try again later".into(),
    )
}

/// A data subject as a source knows it.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubjectRef {
    /// The source's id (as in search results).
    #[schemars(length(min = 1, max = 64))]
    pub source: String,
    /// The source's own id of the subject's document.
    #[schemars(length(min = 1, max = 200))]
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
    pub trace_id: Option<String>,
    /// Records from this moment on (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
    /// Records per page, 1 to 10,000 (1,000 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 10_000))]
    pub limit: Option<u32>,
    /// The `next` of the previous page, with the same criteria: the page after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^-?[0-9]{1,20}_[0-9A-Za-z]{1,64}$"))]
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
    _auditor: Authorised<crate::access::Audit>,
    request: HttpRequest,
    body: web::Bytes,
    log: web::Data<DisclosureLog>,
) -> Result<web::Json<LogAnswer>, ApiError> {
    let Some(logbook) = log.logbook() else {
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
            .and_then(|s| log.subject(&s.source, &s.local_id)),
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
    let page = logbook
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

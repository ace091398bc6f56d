//! What the log holds and how it is asked: records, filters, cursors, pages and budget counts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One processing of personal data, or one refused request.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// Unique id of the record.
    pub id: String,
    /// W3C trace id (32 hex digits) of the request.
    pub trace_id: String,
    /// This processing's operation (span) id, 16 hex digits.
    pub operation_id: String,
    /// The operation that caused it: the caller's span from `traceparent`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_operation_id: Option<String>,
    /// The processing activity: the purpose's URI in the purpose register.
    pub activity: String,
    /// `search`, `detail` or `refused`.
    pub operation: String,
    /// The caller's organisation.
    pub caller_organisation: String,
    /// The caller's OIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_oin: Option<String>,
    /// A tag of the caller's API key (the first 16 hex digits of its hash).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_key: Option<String>,
    /// The source the data came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// The organisation that holds the data (the controller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_organisation: Option<String>,
    /// The data subject as a keyed pseudonym; absent for refused requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The fields disclosed (paths as in the purpose register).
    pub fields: Vec<String>,
    /// When the processing started.
    pub started: DateTime<Utc>,
    /// When it ended.
    pub ended: DateTime<Utc>,
    /// `disclosed`, or `refused-401`, `refused-403`, ...
    pub status: String,
    /// The client's address, on refusals of requests without a valid key (which have no
    /// organisation to name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_address: Option<String>,
    /// How many requests the record stands for: 1, or for refusals aggregated per address,
    /// reason and minute, how many there were.
    #[serde(default = "one")]
    pub occurrences: u64,
}

fn one() -> u64 {
    1
}

/// Which records to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Records of this subject pseudonym.
    pub subject: Option<String>,
    /// Records of this trace.
    pub trace_id: Option<String>,
    /// Records that started at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// At most this many, newest first.
    pub limit: Option<u32>,
    /// Only records after this one in the reading order (newest first): the next page.
    pub after: Option<Cursor>,
}

/// A place in the reading order (newest first, then by id): where a page ended. Its text form
/// (`Cursor::to_text`) is opaque to callers and safe in a URL or a JSON string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// When the last record read started.
    pub started: DateTime<Utc>,
    /// Its id.
    pub id: String,
}

impl Cursor {
    /// The cursor after `record`.
    pub fn after(record: &Record) -> Self {
        Self {
            started: record.started,
            id: record.id.clone(),
        }
    }

    /// The text form: the start in microseconds since 1970, `_`, and the id.
    pub fn to_text(&self) -> String {
        format!("{}_{}", self.started.timestamp_micros(), self.id)
    }

    /// Reads the text form; `None` when it is not one.
    pub fn from_text(text: &str) -> Option<Self> {
        let (micros, id) = text.split_once('_')?;
        let valid_id =
            !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric());
        let started = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
        valid_id.then(|| Self {
            started,
            id: id.to_owned(),
        })
    }
}

/// Which disclosures of an organisation to count, for its disclosure budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpentQuery {
    /// The organisation (as the records name it).
    pub organisation: String,
    /// The operation counted (`detail`).
    pub operation: String,
    /// The start of the long window (a day ago).
    pub day_since: DateTime<Utc>,
    /// The start of the short window (an hour ago).
    pub hour_since: DateTime<Utc>,
    /// A subject whose earlier disclosure in the long window is asked about.
    pub subject: Option<String>,
}

/// What an organisation disclosed in the windows of a [`SpentQuery`], from its records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spent {
    /// Disclosures in the short window.
    pub hour: u64,
    /// When the oldest of them started: the short window renews from then on.
    pub hour_oldest: Option<DateTime<Utc>>,
    /// Disclosures in the long window.
    pub day: u64,
    /// When the oldest of them started.
    pub day_oldest: Option<DateTime<Utc>>,
    /// Distinct subjects in the long window.
    pub people: u64,
    /// Whether the query's subject is among them.
    pub subject_seen: bool,
}

/// One page of records and, when there are more, the cursor of the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Newest first.
    pub records: Vec<Record>,
    /// Where the next page starts; `None` when this is the last.
    pub next: Option<Cursor>,
}

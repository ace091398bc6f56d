//! Disclosure policy: personal data leaves werkbrug only after its processing-log records are
//! committed.
//!
//! [`Federation::search`](crate::Federation::search) and
//! [`Federation::detail`](crate::Federation::detail) answer with an [`Undisclosed`] value: the
//! personal data and what it discloses about whom, sealed. The only way to open it is
//! [`DisclosureLog::commit`], which writes one record per data subject and, once they are
//! committed, hands out a [`Disclosed`] value. Whatever sends a response (the gateway's
//! handlers) can therefore send personal data only as a `Disclosed`, that is, only after it is
//! logged. Refused requests are recorded here too ([`DisclosureLog::refusal`]): those with a
//! known key one by one, those without one counted per client address, reason and window.
//!
//! Neither type can be made or opened any other way:
//!
//! ```compile_fail,E0451
//! # use werkbrug_federation::disclosure::Disclosed;
//! let forged = Disclosed { value: "personal data" }; // the field is private
//! ```
//!
//! ```compile_fail,E0616
//! # use werkbrug_federation::disclosure::Undisclosed;
//! fn leak(answer: Undisclosed<String>) -> String {
//!     answer.value // sealed: only DisclosureLog::commit opens it
//! }
//! ```

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use werkbrug_logbook::{LogError, Logbook, Record, SubjectKey};

use crate::{Disclosure, SearchResponse, SourceStatus};

/// Personal data on its way out, not yet logged. What is not personal (the statuses of the
/// sources) can be read; the data itself only through [`DisclosureLog::commit`]. Its `Debug`
/// shows how many subjects it discloses, never the data.
#[must_use = "personal data that is neither disclosed nor dropped is a bug"]
pub struct Undisclosed<T> {
    value: T,
    disclosures: Vec<Disclosure>,
}

impl<T> std::fmt::Debug for Undisclosed<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Undisclosed")
            .field("subjects", &self.disclosures.len())
            .finish_non_exhaustive()
    }
}

impl<T> Undisclosed<T> {
    /// Seals `value`, which discloses `disclosures`.
    pub(crate) fn new(value: T, disclosures: Vec<Disclosure>) -> Self {
        Self { value, disclosures }
    }

    /// What the value discloses about whom: one entry per data subject.
    pub fn disclosures(&self) -> &[Disclosure] {
        &self.disclosures
    }
}

impl Undisclosed<SearchResponse> {
    /// The status of each source asked (not personal).
    pub fn sources(&self) -> &[SourceStatus] {
        &self.value.sources
    }
}

impl Undisclosed<crate::matching::MatchResponse> {
    /// The status of each source asked (not personal).
    pub fn sources(&self) -> &[SourceStatus] {
        &self.value.sources
    }
}

/// Personal data whose disclosure is committed to the processing log: the only form in which
/// it may be sent.
pub struct Disclosed<T> {
    value: T,
}

impl<T> std::fmt::Debug for Disclosed<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Disclosed").finish_non_exhaustive()
    }
}

impl<T> Disclosed<T> {
    /// The data, to be sent.
    pub fn into_inner(self) -> T {
        self.value
    }
}

/// Who data is disclosed to, or who was refused: as the processing log names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// The organisation.
    pub organisation: String,
    /// Its OIN.
    pub oin: Option<String>,
    /// The hash of its API key (`sha256:...`); the log keeps a tag of it.
    pub key_hash: String,
}

/// The W3C trace context of the request a disclosure or refusal belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceIds {
    /// 32 hex digits.
    pub trace_id: String,
    /// This operation's span, 16 hex digits.
    pub span_id: String,
    /// The caller's span, if it sent one.
    pub parent_id: Option<String>,
}

/// Why a request was refused, as the log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// No API key, or an unknown one (401).
    Unauthenticated,
    /// The key may not do what it asked (403): a role, a purpose, a field, another key's id,
    /// an id from another purpose.
    Forbidden,
    /// The organisation's disclosure budget is spent (429).
    BudgetSpent,
}

impl Refusal {
    /// The record's status: `refused-401`, `refused-403` or `refused-429`.
    pub fn status(self) -> &'static str {
        match self {
            Self::Unauthenticated => "refused-401",
            Self::Forbidden => "refused-403",
            Self::BudgetSpent => "refused-429",
        }
    }
}

/// The processing log as disclosures see it: where records go, and the key of the subject
/// pseudonyms. Cheap to clone.
#[derive(Debug, Clone)]
pub struct DisclosureLog {
    recorded: Option<Recorded>,
}

#[derive(Debug, Clone)]
struct Recorded {
    logbook: Logbook,
    key: SubjectKey,
    key_is_random: bool,
    retention_days: u32,
    refusals: Arc<RefusalTally>,
}

impl DisclosureLog {
    /// A log that records in `logbook`, with subject pseudonyms under `key`. Refusals without a
    /// valid key are counted per window of `refusal_window_secs` seconds.
    pub fn new(
        logbook: Logbook,
        key: SubjectKey,
        key_is_random: bool,
        retention_days: u32,
        refusal_window_secs: u64,
    ) -> Self {
        Self {
            recorded: Some(Recorded {
                logbook,
                key,
                key_is_random,
                retention_days,
                refusals: Arc::new(RefusalTally::new(refusal_window_secs)),
            }),
        }
    }

    /// A log that records nothing: for a gateway without sources (it has nothing to disclose)
    /// and for measuring what the log costs (`logbook.enabled = false`). Disclosures still pass
    /// through [`DisclosureLog::commit`]. Clippy refuses a call anywhere but the gateway's one
    /// place that reads those settings (`clippy.toml`, `disallowed-methods`).
    pub fn off() -> Self {
        Self { recorded: None }
    }

    /// The processing log, unless it is off.
    pub fn logbook(&self) -> Option<&Logbook> {
        self.recorded.as_ref().map(|r| &r.logbook)
    }

    /// The pseudonym the log names a data subject by, unless the log is off.
    pub fn subject(&self, source: &str, local_id: &str) -> Option<String> {
        self.recorded
            .as_ref()
            .map(|r| r.key.pseudonym(source, local_id))
    }

    /// Whether the subject key was made up at startup (pseudonyms then change with a restart).
    pub fn key_is_random(&self) -> bool {
        self.recorded.as_ref().is_some_and(|r| r.key_is_random)
    }

    /// Days records are kept.
    pub fn retention_days(&self) -> Option<u32> {
        self.recorded.as_ref().map(|r| r.retention_days)
    }

    /// Writes one record per data subject `pending` discloses to `to`, and opens it once they
    /// are committed. `Err`: nothing was committed, and the data stays sealed (dropped).
    pub async fn commit<T>(
        &self,
        pending: Undisclosed<T>,
        operation: &str,
        to: &Recipient,
        trace: &TraceIds,
        started: DateTime<Utc>,
    ) -> Result<Disclosed<T>, LogError> {
        let Undisclosed { value, disclosures } = pending;
        if let Some(recorded) = &self.recorded {
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
                    caller_organisation: to.organisation.clone(),
                    caller_oin: to.oin.clone(),
                    caller_key: Some(key_tag(&to.key_hash)),
                    source_id: Some(d.source_id.clone()),
                    source_organisation: Some(d.source_organisation.clone()),
                    subject: Some(recorded.key.pseudonym(&d.source_id, &d.local_id)),
                    fields: d.fields.clone(),
                    started,
                    ended,
                    status: "disclosed".into(),
                    caller_address: None,
                    occurrences: 1,
                })
                .collect();
            recorded.logbook.write(records).await?;
        }
        Ok(Disclosed { value })
    }

    /// Records a refused request (no subject). A request with a known key (`known`) gets a
    /// record of its own; one without is counted per client address, reason and window, and
    /// recorded when the window ends ([`DisclosureLog::record_refusals`]). A failure to record
    /// does not change the refusal.
    pub async fn refusal(
        &self,
        known: Option<&Recipient>,
        address: IpAddr,
        refusal: Refusal,
        activity: &str,
        trace: TraceIds,
        started: DateTime<Utc>,
    ) {
        let Some(recorded) = &self.recorded else {
            return;
        };
        let Some(known) = known else {
            recorded
                .refusals
                .add(address, refusal.status(), activity, trace, started);
            return;
        };
        let record = Record {
            id: record_id(),
            trace_id: trace.trace_id,
            operation_id: trace.span_id,
            parent_operation_id: trace.parent_id,
            activity: activity.to_owned(),
            operation: "refused".into(),
            caller_organisation: known.organisation.clone(),
            caller_oin: known.oin.clone(),
            caller_key: Some(key_tag(&known.key_hash)),
            source_id: None,
            source_organisation: None,
            subject: None,
            fields: Vec::new(),
            started,
            ended: Utc::now(),
            status: refusal.status().into(),
            caller_address: None,
            occurrences: 1,
        };
        if let Err(error) = recorded.logbook.write(vec![record]).await {
            tracing::error!(error = %error, "processing log write of a refusal failed");
        }
    }

    /// Records the counted refusals of every window that has ended by `now` (of every window
    /// with `everything`, when the server stops): one record per address, reason and window.
    pub async fn record_refusals(&self, now: DateTime<Utc>, everything: bool) {
        let Some(recorded) = &self.recorded else {
            return;
        };
        let records: Vec<Record> = recorded
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
        if let Err(error) = recorded.logbook.write(records).await {
            tracing::error!(error = %error, records = count, "processing log write of counted refusals failed");
        }
    }

    /// How long refusals without a valid key are counted before they are recorded.
    pub fn refusal_window(&self) -> std::time::Duration {
        let secs = self
            .recorded
            .as_ref()
            .map_or(60, |r| r.refusals.window_secs.unsigned_abs());
        std::time::Duration::from_secs(secs)
    }
}

/// A record id that sorts by time (UUID v7): records land at the end of the primary key's index
/// instead of all over it, which keeps a commit to a few pages.
fn record_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

/// A tag of a key hash: `sha256:` and its first 16 hex digits.
fn key_tag(hash: &str) -> String {
    hash.chars().take("sha256:".len() + 16).collect()
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
    trace: TraceIds,
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
        trace: TraceIds,
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

#[cfg(test)]
mod tests {
    use werkbrug_logbook::Filter;

    use super::*;

    fn trace() -> TraceIds {
        TraceIds {
            trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".into(),
            span_id: "00f067aa0ba902b7".into(),
            parent_id: None,
        }
    }

    fn recipient() -> Recipient {
        Recipient {
            organisation: "Werkgeversservicepunt Test".into(),
            oin: Some("00000001000000000999".into()),
            key_hash: "sha256:0123456789abcdef0123456789abcdef".into(),
        }
    }

    fn disclosure(local_id: &str) -> Disclosure {
        Disclosure {
            source_id: "uwv".into(),
            source_organisation: "UWV".into(),
            local_id: local_id.into(),
            fields: vec!["/desiredWork".into()],
            activity: "https://werkbrug.nl/purposes/v1/matching".into(),
        }
    }

    fn log(dir: &std::path::Path) -> DisclosureLog {
        let url = format!("sqlite://{}", dir.join("log.db").display());
        DisclosureLog::new(
            Logbook::open(&url).unwrap(),
            SubjectKey::new([7; 32]),
            false,
            365,
            60,
        )
    }

    #[tokio::test]
    async fn data_is_opened_only_after_one_record_per_subject_is_committed() {
        let dir = tempfile::tempdir().unwrap();
        let log = log(dir.path());
        let pending = Undisclosed::new("two people", vec![disclosure("W-1"), disclosure("W-2")]);
        let sent = log
            .commit(pending, "search", &recipient(), &trace(), Utc::now())
            .await
            .unwrap();
        assert_eq!(sent.into_inner(), "two people");
        let records = log
            .logbook()
            .unwrap()
            .read(Filter::default())
            .await
            .unwrap();
        let mut subjects: Vec<String> = records.iter().filter_map(|r| r.subject.clone()).collect();
        subjects.sort();
        let mut expected = vec![
            log.subject("uwv", "W-1").unwrap(),
            log.subject("uwv", "W-2").unwrap(),
        ];
        expected.sort();
        assert_eq!(subjects, expected);
        assert!(records.iter().all(|r| r.status == "disclosed"
            && r.operation == "search"
            && r.caller_key.as_deref() == Some("sha256:0123456789abcdef")));
    }

    #[tokio::test]
    async fn data_whose_records_cannot_be_committed_stays_sealed() {
        let dir = tempfile::tempdir().unwrap();
        let log = log(dir.path());
        // The log refuses every record, as a full disk would.
        let url = format!("sqlite://{}", dir.path().join("log.db").display());
        let side = refuse_every_record(&url);
        side.await;
        let pending = Undisclosed::new("one person", vec![disclosure("W-1")]);
        let outcome = log
            .commit(pending, "detail", &recipient(), &trace(), Utc::now())
            .await;
        assert!(matches!(outcome, Err(LogError::Write(_))), "{outcome:?}");
    }

    /// Makes the log's operations table refuse rows, through a second connection.
    async fn refuse_every_record(url: &str) {
        sqlx::any::install_default_drivers();
        let side = sqlx::AnyPool::connect(url).await.unwrap();
        sqlx::query("CREATE TRIGGER refuse BEFORE INSERT ON werkbrug_log_operations BEGIN SELECT RAISE(ROLLBACK, 'refused'); END")
            .execute(&side)
            .await
            .unwrap();
        side.close().await;
    }

    #[tokio::test]
    async fn refusals_without_a_key_are_counted_and_with_a_key_recorded_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let log = log(dir.path());
        let address: IpAddr = "192.0.2.1".parse().unwrap();
        let at = "2026-12-04T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
        for _ in 0..5 {
            log.refusal(
                None,
                address,
                Refusal::Unauthenticated,
                "unknown",
                trace(),
                at,
            )
            .await;
        }
        log.refusal(
            Some(&recipient()),
            address,
            Refusal::Forbidden,
            "https://werkbrug.nl/purposes/v1/matching",
            trace(),
            at,
        )
        .await;
        let logbook = log.logbook().unwrap();
        let records = logbook.read(Filter::default()).await.unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].status, "refused-403");
        log.record_refusals(at + chrono::Duration::minutes(2), false)
            .await;
        let records = logbook.read(Filter::default()).await.unwrap();
        let counted: Vec<(&str, u64, Option<&str>)> = records
            .iter()
            .filter(|r| r.status == "refused-401")
            .map(|r| {
                (
                    r.caller_organisation.as_str(),
                    r.occurrences,
                    r.caller_address.as_deref(),
                )
            })
            .collect();
        assert_eq!(counted, [("unknown", 5, Some("192.0.2.1"))]);
    }

    #[test]
    fn debug_output_never_shows_the_data() {
        let pending = Undisclosed::new("Jansen, 3511AB", vec![disclosure("W-1")]);
        let shown = format!("{pending:?}");
        assert_eq!(shown, "Undisclosed { subjects: 1, .. }");
        assert!(!shown.contains("Jansen") && !shown.contains("W-1"));
    }

    #[tokio::test]
    #[allow(clippy::disallowed_methods)]
    async fn a_log_that_is_off_records_nothing_and_still_hands_out_the_data() {
        let log = DisclosureLog::off();
        let sent = log
            .commit(
                Undisclosed::new(3, vec![disclosure("W-1")]),
                "search",
                &recipient(),
                &trace(),
                Utc::now(),
            )
            .await
            .unwrap();
        assert_eq!(sent.into_inner(), 3);
        assert!(log.logbook().is_none());
        assert_eq!(log.subject("uwv", "W-1"), None);
    }

    #[test]
    fn refusals_are_counted_per_address_reason_and_window_and_taken_when_it_ends() {
        let tally = RefusalTally::new(60);
        let at = |t: &str| t.parse::<DateTime<Utc>>().unwrap();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for second in 0..30 {
            let time = at(&format!("2026-12-04T10:00:{second:02}Z"));
            tally.add(a, "refused-401", "unknown", trace(), time);
        }
        tally.add(
            b,
            "refused-401",
            "unknown",
            trace(),
            at("2026-12-04T10:00:05Z"),
        );
        tally.add(
            a,
            "refused-401",
            "unknown",
            trace(),
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

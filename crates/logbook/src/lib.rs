//! The processing log (Logboek Dataverwerkingen) of werkbrug.
//!
//! Every response that discloses personal data has one [`Record`] per data subject, written
//! durably *before* the response is sent; refused requests have one record without a subject.
//! A record names the trace and operation (W3C Trace Context), the processing activity (the
//! purpose's URI), the caller (organisation, OIN, a tag of its key), the source organisation, the
//! data subject as a keyed pseudonym ([`SubjectKey`]: never a BSN or local id in clear), the fields
//! disclosed, the times and the outcome.
//!
//! Storage is SQLite (a file, WAL, `synchronous=FULL`) or PostgreSQL, through one code path
//! (sqlx's `Any` driver) with embedded migrations. All database work runs on one writer thread
//! with its own runtime; writes from concurrent requests are committed together (group commit),
//! and each request is answered only after the commit that holds its records.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use sqlx::Row;
use sqlx::any::AnyPoolOptions;
use tokio::sync::{mpsc, oneshot};

/// The migrations, in order: version, description, statements.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "records", include_str!("../migrations/0001_records.sql")),
    (
        2,
        "recent subjects",
        include_str!("../migrations/0002_recent_subjects.sql"),
    ),
    (
        3,
        "refusals and budgets",
        include_str!("../migrations/0003_refusals_and_budgets.sql"),
    ),
];

/// Most writes committed together.
const MAX_BATCH: usize = 512;

/// SQLite: subject rows in `werkbrug_log_subjects_recent` at which the writer moves them into
/// the indexed table. Large enough that a move shares index pages between many searches, small
/// enough that a move is a short transaction (a few milliseconds) and that readers, which scan
/// the recent rows, stay fast.
const MOVE_AT: u64 = 4096;

/// The most records one read returns; [`Logbook::page`] reads on from where a page ended.
pub const MAX_PAGE: u32 = 10_000;

/// SQLite: a writer with nothing to do for this long moves the recent rows anyway.
const MOVE_WHEN_IDLE: Duration = Duration::from_secs(1);

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

/// Why the log cannot do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogError {
    /// The database cannot be reached or opened.
    #[error("the processing log cannot be opened: {0}")]
    Open(String),
    /// A write did not commit: nothing may be disclosed.
    #[error("the processing log cannot be written: {0}")]
    Write(String),
    /// A read failed.
    #[error("the processing log cannot be read: {0}")]
    Read(String),
    /// The writer thread is gone (the process is stopping).
    #[error("the processing log is closed")]
    Closed,
}

/// The key of the subject pseudonyms: HMAC-SHA256 over the source and the source's local id.
/// The same key gives the same pseudonym for one subject on every instance; without the key the
/// pseudonym cannot be linked to the subject.
#[derive(Clone)]
pub struct SubjectKey([u8; 32]);

impl std::fmt::Debug for SubjectKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SubjectKey(<redacted>)")
    }
}

impl SubjectKey {
    /// A key from 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = hex::decode(text.trim()).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    /// A key from bytes.
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The pseudonym of the subject that `source` knows as `local_id`: 32 hex digits.
    pub fn pseudonym(&self, source: &str, local_id: &str) -> String {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.0)
            .expect("HMAC takes keys of any length");
        mac.update(source.as_bytes());
        mac.update(&[0]);
        mac.update(local_id.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

/// A time as stored: RFC 3339 UTC with microseconds, which sorts as text.
fn stored_time(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

enum Command {
    Write(Vec<Record>, oneshot::Sender<Result<(), LogError>>),
    Read(Filter, oneshot::Sender<Result<Vec<Record>, LogError>>),
    Prune(DateTime<Utc>, oneshot::Sender<Result<u64, LogError>>),
    Spent(SpentQuery, oneshot::Sender<Result<Spent, LogError>>),
}

/// The processing log. Cheap to clone; all clones talk to one writer thread.
#[derive(Clone)]
pub struct Logbook {
    commands: mpsc::UnboundedSender<Command>,
    backend: &'static str,
}

impl std::fmt::Debug for Logbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logbook")
            .field("backend", &self.backend)
            .finish()
    }
}

impl Logbook {
    /// Opens (and migrates) the log at `url`: `sqlite://path/to/log.db` (created when missing)
    /// or `postgres://user@host/db`. Blocks until the database answers or fails.
    pub fn open(url: &str) -> Result<Self, LogError> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            "postgres"
        } else if url.starts_with("sqlite:") {
            "sqlite"
        } else {
            return Err(LogError::Open(
                "the URL must start with sqlite: or postgres://".into(),
            ));
        };
        let url = if backend == "sqlite" && !url.contains("mode=") {
            format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
        } else {
            url.to_owned()
        };
        let (commands, receiver) = mpsc::unbounded_channel();
        let (ready, started) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("werkbrug-logbook".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(r) => r,
                    Err(e) => {
                        let _ = ready.send(Err(LogError::Open(e.to_string())));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match connect(&url, backend).await {
                        Ok(pool) => {
                            let _ = ready.send(Ok(()));
                            serve(pool, backend, receiver).await;
                        }
                        Err(e) => {
                            let _ = ready.send(Err(e));
                        }
                    }
                });
            })
            .map_err(|e| LogError::Open(e.to_string()))?;
        started.recv().map_err(|_| LogError::Closed)??;
        Ok(Self { commands, backend })
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// Writes records durably; returns once they are committed (or could not be).
    pub async fn write(&self, records: Vec<Record>) -> Result<(), LogError> {
        if records.is_empty() {
            return Ok(());
        }
        let (ack, done) = oneshot::channel();
        self.commands
            .send(Command::Write(records, ack))
            .map_err(|_| LogError::Closed)?;
        done.await.map_err(|_| LogError::Closed)?
    }

    /// Reads records, newest first.
    pub async fn read(&self, filter: Filter) -> Result<Vec<Record>, LogError> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Read(filter, reply))
            .map_err(|_| LogError::Closed)?;
        answer.await.map_err(|_| LogError::Closed)?
    }

    /// Reads one page of at most `size` records (1 to 10,000), newest first, and says where the
    /// next page starts: reading page after page returns every record in range exactly once,
    /// also while new ones are written (they are newer, so they sort before the cursor).
    pub async fn page(&self, mut filter: Filter, size: u32) -> Result<Page, LogError> {
        let size = size.clamp(1, MAX_PAGE);
        // One more than the page shows whether there is a next page.
        filter.limit = Some(size + 1);
        let mut records = self.read(filter).await?;
        let next = if records.len() > size as usize {
            records.truncate(size as usize);
            records.last().map(Cursor::after)
        } else {
            None
        };
        Ok(Page { records, next })
    }

    /// Counts an organisation's disclosures for its budget. Counted from the records, so that
    /// instances sharing one database share the count.
    pub async fn spent(&self, query: SpentQuery) -> Result<Spent, LogError> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Spent(query, reply))
            .map_err(|_| LogError::Closed)?;
        answer.await.map_err(|_| LogError::Closed)?
    }

    /// Deletes records that started before `before`; returns how many.
    pub async fn prune(&self, before: DateTime<Utc>) -> Result<u64, LogError> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Prune(before, reply))
            .map_err(|_| LogError::Closed)?;
        answer.await.map_err(|_| LogError::Closed)?
    }
}

async fn connect(url: &str, backend: &'static str) -> Result<AnyPool, LogError> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(if backend == "sqlite" { 1 } else { 4 })
        .acquire_timeout(Duration::from_secs(5))
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if backend == "sqlite" {
                    // WAL with a full sync on every commit: a committed record survives a crash
                    // of the process and of the machine.
                    // Pages of 2 KiB for a new log: a commit writes every page it touched to the
                    // WAL, and the pseudonym index touches one page per person at random, so
                    // smaller pages mean less to write and checksum (half the CPU of 4 KiB pages
                    // at search-sized commits). An existing log keeps its page size.
                    for pragma in [
                        "PRAGMA page_size = 2048",
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = FULL",
                        "PRAGMA busy_timeout = 5000",
                        // A checkpoint copies every page changed since the last one into the
                        // database file: 8,000 pages (16 MiB of WAL) instead of SQLite's 1,000
                        // let a page that many commits change be copied once (10 to 20% less
                        // CPU per record in a benchmark of the writer alone).
                        "PRAGMA wal_autocheckpoint = 8000",
                    ] {
                        sqlx::query(pragma).execute(&mut *connection).await?;
                    }
                }
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(|e| LogError::Open(describe(&e)))?;
    migrate(&pool).await?;
    Ok(pool)
}

/// An error in words, without the URL or credentials.
fn describe(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Database(e) => e.message().to_owned(),
        sqlx::Error::Io(e) => e.to_string(),
        sqlx::Error::PoolTimedOut => "no connection within 5 s".into(),
        sqlx::Error::Configuration(_) => "the database URL is not valid".into(),
        other => other.to_string().chars().take(200).collect(),
    }
}

async fn migrate(pool: &AnyPool) -> Result<(), LogError> {
    let fail = |e: sqlx::Error| LogError::Open(format!("migration failed: {}", describe(&e)));
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS werkbrug_log_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, applied TEXT NOT NULL)",
    )
    .execute(pool)
    .await
    .map_err(fail)?;
    for (version, description, sql) in MIGRATIONS {
        let done: i64 =
            sqlx::query("SELECT COUNT(*) FROM werkbrug_log_migrations WHERE version = $1")
                .bind(*version)
                .fetch_one(pool)
                .await
                .map_err(fail)?
                .try_get(0)
                .map_err(fail)?;
        if done > 0 {
            continue;
        }
        match apply(pool, *version, description, sql).await {
            Ok(()) => {}
            // Two instances may migrate at once. Statements that cannot run twice (ALTER TABLE
            // ... ADD COLUMN) fail in the second once the first has committed: that is no
            // failure when the version is now recorded.
            Err(error) => {
                let done: i64 =
                    sqlx::query("SELECT COUNT(*) FROM werkbrug_log_migrations WHERE version = $1")
                        .bind(*version)
                        .fetch_one(pool)
                        .await
                        .map_err(fail)?
                        .try_get(0)
                        .map_err(fail)?;
                if done == 0 {
                    return Err(fail(error));
                }
            }
        }
    }
    Ok(())
}

/// Applies one migration and records it, in one transaction.
async fn apply(
    pool: &AnyPool,
    version: i64,
    description: &str,
    sql: &str,
) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    // Comment lines may hold semicolons: drop them before splitting into statements.
    let code: String = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    for statement in code.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        // Statements of the embedded migrations, not input.
        sqlx::query(sqlx::AssertSqlSafe(statement.to_owned()))
            .execute(&mut *transaction)
            .await?;
    }
    sqlx::query("INSERT INTO werkbrug_log_migrations (version, description, applied) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING")
        .bind(version)
        .bind(description)
        .bind(stored_time(&Utc::now()))
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await
}

async fn serve(
    pool: AnyPool,
    backend: &'static str,
    mut commands: mpsc::UnboundedReceiver<Command>,
) {
    let mut recent = Recent::count(&pool, backend).await;
    loop {
        let command = if recent.rows > 0 {
            match tokio::time::timeout(MOVE_WHEN_IDLE, commands.recv()).await {
                Ok(command) => command,
                Err(_) => {
                    recent.move_all(&pool).await;
                    continue;
                }
            }
        } else {
            commands.recv().await
        };
        let Some(command) = command else { break };
        match command {
            Command::Write(records, ack) => {
                // Group commit: everything that is waiting goes into this transaction.
                let mut batch = vec![(records, ack)];
                let mut others = Vec::new();
                while batch.len() < MAX_BATCH {
                    match commands.try_recv() {
                        Ok(Command::Write(records, ack)) => batch.push((records, ack)),
                        Ok(other) => {
                            others.push(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                let outcome = write_batch(&pool, backend, batch.iter().flat_map(|(r, _)| r)).await;
                if outcome.is_ok() {
                    recent.added(batch.iter().map(|(r, _)| r.len()).sum());
                }
                for (_, ack) in batch {
                    let _ = ack.send(outcome.clone());
                }
                // After the answers: the requests of this batch do not wait for the move.
                if recent.rows >= MOVE_AT {
                    recent.move_all(&pool).await;
                }
                for other in others {
                    handle_other(&pool, other).await;
                }
            }
            other => handle_other(&pool, other).await,
        }
    }
}

/// SQLite's subject rows that are committed but not yet in the indexed table.
struct Recent {
    /// Whether this backend writes subject rows to the recent table (SQLite).
    used: bool,
    /// How many rows it holds (as far as this writer knows: it is the only one).
    rows: u64,
}

impl Recent {
    async fn count(pool: &AnyPool, backend: &str) -> Self {
        if backend != "sqlite" {
            return Self {
                used: false,
                rows: 0,
            };
        }
        // Rows a stopped (or killed) process left behind are moved on the first occasion.
        let rows = sqlx::query("SELECT COUNT(*) FROM werkbrug_log_subjects_recent")
            .fetch_one(pool)
            .await
            .and_then(|row| row.try_get::<i64, _>(0))
            .map_or(MOVE_AT, |n| n.max(0) as u64);
        Self { used: true, rows }
    }

    fn added(&mut self, rows: usize) {
        if self.used {
            self.rows += rows as u64;
        }
    }

    /// Moves every recent row into the indexed table, sorted by pseudonym so that each index
    /// page is written once per move. One transaction: a failure (a full disk) leaves every
    /// row where it was, still read, and the move is tried again later.
    async fn move_all(&mut self, pool: &AnyPool) {
        if !self.used || self.rows == 0 {
            return;
        }
        match move_recent(pool).await {
            Ok(()) => self.rows = 0,
            Err(error) => tracing::warn!(
                error = %describe(&error),
                "moving recent processing-log subject rows failed; they stay readable and the move is retried"
            ),
        }
    }
}

/// The move of [`Recent::move_all`], undone as a whole when any part of it fails.
async fn move_recent(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let mut connection = pool.acquire().await?;
    let moved = sqlx::query(
        "BEGIN IMMEDIATE; \
         INSERT OR ROLLBACK INTO werkbrug_log_subjects (id, operation, source_id, source_organisation, subject) \
         SELECT id, operation, source_id, source_organisation, subject FROM werkbrug_log_subjects_recent ORDER BY subject, id; \
         DELETE FROM werkbrug_log_subjects_recent; \
         COMMIT",
    )
    .execute(&mut *connection)
    .await;
    if moved.is_err() {
        // As in write_sqlite: a failed INSERT OR ROLLBACK has undone it already, a failed
        // COMMIT may not have.
        let _ = sqlx::query("ROLLBACK").execute(&mut *connection).await;
    }
    moved.map(drop)
}

async fn handle_other(pool: &AnyPool, command: Command) {
    match command {
        Command::Read(filter, reply) => {
            let _ = reply.send(read(pool, &filter).await);
        }
        Command::Prune(before, reply) => {
            let _ = reply.send(prune(pool, &before).await);
        }
        Command::Spent(query, reply) => {
            let _ = reply.send(spent(pool, &query).await);
        }
        Command::Write(..) => unreachable!("writes are batched by the caller"),
    }
}

/// Rows per INSERT statement, far below SQLite's and PostgreSQL's limits on parameters.
const ROWS_PER_INSERT: usize = 128;

/// An INSERT of `rows` rows into `table` with `columns`, with the backend's placeholders.
///
/// (PostgreSQL; SQLite writes with [`SQLITE_WRITE`].)
fn insert_statement(table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..columns.len() {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", row * columns.len() + column + 1));
        }
        sql.push(')');
    }
    sql
}

const OPERATION_COLUMNS: [&str; 15] = [
    "id",
    "trace_id",
    "operation_id",
    "parent_operation_id",
    "activity",
    "operation",
    "caller_organisation",
    "caller_oin",
    "caller_key",
    "fields",
    "started",
    "ended",
    "status",
    "caller_address",
    "occurrences",
];
const SUBJECT_COLUMNS: [&str; 5] = [
    "id",
    "operation",
    "source_id",
    "source_organisation",
    "subject",
];

/// Whether two records belong to one processing operation (they differ only in their subject).
fn same_operation(a: &Record, b: &Record) -> bool {
    a.trace_id == b.trace_id
        && a.operation_id == b.operation_id
        && a.parent_operation_id == b.parent_operation_id
        && a.activity == b.activity
        && a.operation == b.operation
        && a.caller_organisation == b.caller_organisation
        && a.caller_oin == b.caller_oin
        && a.caller_key == b.caller_key
        && a.fields == b.fields
        && a.started == b.started
        && a.ended == b.ended
        && a.status == b.status
        && a.caller_address == b.caller_address
        && a.occurrences == b.occurrences
}

/// Deletes the operations that started before `before` with their subjects; returns how many
/// records (subject rows) went.
async fn prune(pool: &AnyPool, before: &DateTime<Utc>) -> Result<u64, LogError> {
    let fail = |e: sqlx::Error| LogError::Write(describe(&e));
    let before = stored_time(before);
    let mut transaction = pool.begin().await.map_err(fail)?;
    let mut records = 0;
    for table in ["werkbrug_log_subjects", "werkbrug_log_subjects_recent"] {
        // The table names are fixed; the time is bound.
        records += sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE operation IN (SELECT id FROM werkbrug_log_operations WHERE started < $1)"
        )))
        .bind(before.clone())
        .execute(&mut *transaction)
        .await
        .map_err(fail)?
        .rows_affected();
    }
    sqlx::query("DELETE FROM werkbrug_log_operations WHERE started < $1")
        .bind(before)
        .execute(&mut *transaction)
        .await
        .map_err(fail)?;
    transaction.commit().await.map_err(fail)?;
    Ok(records)
}

/// A query of the log's database.
type LogQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds an operation row's values, in `OPERATION_COLUMNS` order, by reference.
fn bind_operation<'q>(query: LogQuery<'q>, r: &'q Record) -> LogQuery<'q> {
    query
        .bind(r.id.as_str())
        .bind(r.trace_id.as_str())
        .bind(r.operation_id.as_str())
        .bind(r.parent_operation_id.as_deref())
        .bind(r.activity.as_str())
        .bind(r.operation.as_str())
        .bind(r.caller_organisation.as_str())
        .bind(r.caller_oin.as_deref())
        .bind(r.caller_key.as_deref())
        .bind(serde_json::to_string(&r.fields).expect("strings serialise"))
        .bind(stored_time(&r.started))
        .bind(stored_time(&r.ended))
        .bind(r.status.as_str())
        .bind(r.caller_address.as_deref())
        .bind(i64::try_from(r.occurrences).unwrap_or(i64::MAX))
}

/// Binds a subject row's values, in `SUBJECT_COLUMNS` order, by reference.
fn bind_subject<'q>(query: LogQuery<'q>, (r, operation): &(&'q Record, &'q str)) -> LogQuery<'q> {
    query
        .bind(r.id.as_str())
        .bind(*operation)
        .bind(r.source_id.as_deref())
        .bind(r.source_organisation.as_deref())
        .bind(r.subject.as_deref())
}

/// SQLite: the whole transaction as one fixed multi-statement query with two parameters, the
/// batch's operation rows and subject rows as JSON arrays of arrays, which SQLite unpacks with
/// `json_each`.
///
/// Why one fixed query: sqlx runs SQLite on a worker thread of its own and every statement is a
/// round trip to it; under load each hand-off waits for a CPU, and four of them (BEGIN, two
/// INSERTs, COMMIT) cost a search more time than the writing itself. Why JSON: a statement with a
/// placeholder per value has a new shape for every batch size, so SQLite parsed it anew for every
/// commit, and sqlx boxed and copied every value twice on its way to SQLite; two JSON texts are
/// built in one pass and the statement is prepared once and cached. Subject rows go to the recent
/// table (see [`MOVE_AT`]).
const SQLITE_WRITE: &str = "BEGIN IMMEDIATE; \
    INSERT OR ROLLBACK INTO werkbrug_log_operations (id, trace_id, operation_id, parent_operation_id, activity, operation, caller_organisation, caller_oin, caller_key, fields, started, ended, status, caller_address, occurrences) \
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11, value ->> 12, value ->> 13, value ->> 14 FROM json_each(?1); \
    INSERT OR ROLLBACK INTO werkbrug_log_subjects_recent (id, operation, source_id, source_organisation, subject) \
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?2); \
    COMMIT";

/// An operation row for [`SQLITE_WRITE`], in `OPERATION_COLUMNS` order.
fn operation_row(r: &Record) -> impl Serialize + '_ {
    (
        &r.id,
        &r.trace_id,
        &r.operation_id,
        &r.parent_operation_id,
        &r.activity,
        &r.operation,
        &r.caller_organisation,
        &r.caller_oin,
        &r.caller_key,
        serde_json::to_string(&r.fields).expect("strings serialise"),
        stored_time(&r.started),
        stored_time(&r.ended),
        &r.status,
        &r.caller_address,
        r.occurrences,
    )
}

async fn write_sqlite(
    pool: &AnyPool,
    operations: &[&Record],
    subjects: &[(&Record, &str)],
) -> Result<(), LogError> {
    let fail = |e: sqlx::Error| LogError::Write(describe(&e));
    let operations: Vec<_> = operations.iter().map(|r| operation_row(r)).collect();
    let subjects: Vec<_> = subjects
        .iter()
        .map(|(r, operation)| {
            (
                &r.id,
                operation,
                &r.source_id,
                &r.source_organisation,
                &r.subject,
            )
        })
        .collect();
    let operations = serde_json::to_string(&operations).expect("strings serialise");
    let subjects = serde_json::to_string(&subjects).expect("strings serialise");
    let query = sqlx::query(SQLITE_WRITE).bind(operations).bind(subjects);
    let mut connection = pool.acquire().await.map_err(fail)?;
    if let Err(e) = query.execute(&mut *connection).await {
        // A failing INSERT OR ROLLBACK has undone the transaction already; anything else
        // (a full disk during COMMIT) may have left it open.
        let _ = sqlx::query("ROLLBACK").execute(&mut *connection).await;
        return Err(fail(e));
    }
    Ok(())
}

async fn write_batch<'a>(
    pool: &AnyPool,
    backend: &str,
    records: impl Iterator<Item = &'a Record>,
) -> Result<(), LogError> {
    let fail = |e: sqlx::Error| LogError::Write(describe(&e));
    // One operation row per run of records that differ only in their subject (a search's people),
    // named by its first record; one small row per subject. What the people of an operation share
    // is stored once.
    let records: Vec<&Record> = records.collect();
    let mut operations: Vec<&Record> = Vec::new();
    let mut subjects: Vec<(&Record, &str)> = Vec::new();
    for record in &records {
        match operations.last() {
            Some(last) if same_operation(last, record) => {}
            _ => operations.push(record),
        }
        let operation = operations.last().expect("just pushed");
        subjects.push((record, operation.id.as_str()));
    }
    if backend == "sqlite" {
        return write_sqlite(pool, &operations, &subjects).await;
    }
    let mut transaction = pool.begin().await.map_err(fail)?;
    for chunk in operations.chunks(ROWS_PER_INSERT) {
        // The SQL has placeholders only; every value is bound, by reference.
        let sql = insert_statement("werkbrug_log_operations", &OPERATION_COLUMNS, chunk.len());
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for r in chunk {
            query = bind_operation(query, r);
        }
        query.execute(&mut *transaction).await.map_err(fail)?;
    }
    for chunk in subjects.chunks(ROWS_PER_INSERT) {
        let sql = insert_statement("werkbrug_log_subjects", &SUBJECT_COLUMNS, chunk.len());
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for subject in chunk {
            query = bind_subject(query, subject);
        }
        query.execute(&mut *transaction).await.map_err(fail)?;
    }
    transaction.commit().await.map_err(fail)
}

/// The query of [`read`] and its bound values.
fn read_statement(filter: &Filter) -> (String, Vec<String>) {
    let mut conditions = String::new();
    let mut values = Vec::new();
    for (column, value) in [
        ("s.subject = ", filter.subject.clone()),
        ("o.trace_id = ", filter.trace_id.clone()),
        ("o.started >= ", filter.since.as_ref().map(stored_time)),
    ] {
        if let Some(value) = value {
            values.push(value);
            conditions.push_str(&format!(" AND {column}${}", values.len()));
        }
    }
    // After the cursor in the order below: older, or as old and a greater id.
    if let Some(after) = &filter.after {
        values.push(stored_time(&after.started));
        values.push(after.id.clone());
        let (started, id) = (values.len() - 1, values.len());
        conditions.push_str(&format!(
            " AND (o.started < ${started} OR (o.started = ${started} AND s.id > ${id}))"
        ));
    }
    // One arm per subject table, each joined and filtered on its own, so that each can use its
    // indexes (a join over the union of both tables would scan the indexed one); the numbered
    // parameters serve both arms.
    let arm = |table: &str| {
        format!(
            "SELECT s.id, o.trace_id, o.operation_id, o.parent_operation_id, o.activity, o.operation, o.caller_organisation, o.caller_oin, o.caller_key, s.source_id, s.source_organisation, s.subject, o.fields, o.started, o.ended, o.status, o.caller_address, o.occurrences \
             FROM {table} s JOIN werkbrug_log_operations o ON o.id = s.operation WHERE 1 = 1{conditions}"
        )
    };
    let sql = format!(
        "{} UNION ALL {} ORDER BY 14 DESC, 1 LIMIT {}",
        arm("werkbrug_log_subjects"),
        arm("werkbrug_log_subjects_recent"),
        filter.limit.unwrap_or(MAX_PAGE).min(MAX_PAGE + 1)
    );
    (sql, values)
}

async fn spent(pool: &AnyPool, query: &SpentQuery) -> Result<Spent, LogError> {
    let fail = |e: sqlx::Error| LogError::Read(describe(&e));
    // Both subject tables, each filtered on its own through the (organisation, started) index.
    let arm = |table: &str| {
        format!(
            "SELECT s.subject, o.started FROM {table} s JOIN werkbrug_log_operations o ON o.id = s.operation \
             WHERE o.caller_organisation = $1 AND o.operation = $2 AND o.status = 'disclosed' AND o.started >= $3"
        )
    };
    let sql = format!(
        "SELECT COUNT(*), MIN(started), COUNT(DISTINCT subject), \
         SUM(CASE WHEN started >= $4 THEN 1 ELSE 0 END), MIN(CASE WHEN started >= $4 THEN started END), \
         SUM(CASE WHEN subject = $5 THEN 1 ELSE 0 END) \
         FROM ({} UNION ALL {}) d",
        arm("werkbrug_log_subjects"),
        arm("werkbrug_log_subjects_recent")
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(query.organisation.as_str())
        .bind(query.operation.as_str())
        .bind(stored_time(&query.day_since))
        .bind(stored_time(&query.hour_since))
        .bind(query.subject.as_deref().unwrap_or(""))
        .fetch_one(pool)
        .await
        .map_err(fail)?;
    let count = |i: usize| -> Result<u64, LogError> {
        Ok(row
            .try_get::<Option<i64>, _>(i)
            .map_err(fail)?
            .map_or(0, |n| u64::try_from(n).unwrap_or(0)))
    };
    let time = |i: usize| -> Result<Option<DateTime<Utc>>, LogError> {
        row.try_get::<Option<String>, _>(i)
            .map_err(fail)?
            .map(|t| {
                DateTime::parse_from_rfc3339(&t)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| LogError::Read(e.to_string()))
            })
            .transpose()
    };
    Ok(Spent {
        day: count(0)?,
        day_oldest: time(1)?,
        people: count(2)?,
        hour: count(3)?,
        hour_oldest: time(4)?,
        subject_seen: query.subject.is_some() && count(5)? > 0,
    })
}

async fn read(pool: &AnyPool, filter: &Filter) -> Result<Vec<Record>, LogError> {
    let fail = |e: sqlx::Error| LogError::Read(describe(&e));
    let (sql, values) = read_statement(filter);
    // The SQL is assembled from fixed fragments only; every value is a bound parameter.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for value in values {
        query = query.bind(value);
    }
    let rows = query.fetch_all(pool).await.map_err(fail)?;
    rows.iter()
        .map(|row| {
            let text = |i: usize| row.try_get::<String, _>(i).map_err(fail);
            let optional = |i: usize| row.try_get::<Option<String>, _>(i).map_err(fail);
            let time = |i: usize| -> Result<DateTime<Utc>, LogError> {
                DateTime::parse_from_rfc3339(&text(i)?)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| LogError::Read(e.to_string()))
            };
            Ok(Record {
                id: text(0)?,
                trace_id: text(1)?,
                operation_id: text(2)?,
                parent_operation_id: optional(3)?,
                activity: text(4)?,
                operation: text(5)?,
                caller_organisation: text(6)?,
                caller_oin: optional(7)?,
                caller_key: optional(8)?,
                source_id: optional(9)?,
                source_organisation: optional(10)?,
                subject: optional(11)?,
                fields: serde_json::from_str(&text(12)?)
                    .map_err(|e| LogError::Read(e.to_string()))?,
                started: time(13)?,
                ended: time(14)?,
                status: text(15)?,
                caller_address: optional(16)?,
                occurrences: row
                    .try_get::<i64, _>(17)
                    .map_err(fail)
                    .map(|n| u64::try_from(n).unwrap_or(1))?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(n: u32, subject: Option<&str>, started: &str) -> Record {
        Record {
            id: format!("r{n}"),
            trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".into(),
            operation_id: format!("{n:016x}"),
            parent_operation_id: Some("00f067aa0ba902b7".into()),
            activity: "https://werkbrug.nl/purposes/v1/matching".into(),
            operation: "search".into(),
            caller_organisation: "Werkgeversservicepunt Test".into(),
            caller_oin: Some("00000001000000000999".into()),
            caller_key: Some("sha256:0123456789ab".into()),
            source_id: Some("uwv".into()),
            source_organisation: Some("UWV".into()),
            subject: subject.map(str::to_owned),
            fields: vec!["/desiredWork".into()],
            started: started.parse().unwrap(),
            ended: started.parse().unwrap(),
            status: "disclosed".into(),
            caller_address: None,
            occurrences: 1,
        }
    }

    #[test]
    fn pseudonyms_are_stable_per_subject_and_differ_between_subjects_and_keys() {
        let key = SubjectKey::new([3; 32]);
        assert_eq!(key.pseudonym("uwv", "W-1"), key.pseudonym("uwv", "W-1"));
        assert_ne!(key.pseudonym("uwv", "W-1"), key.pseudonym("uwv", "W-2"));
        assert_ne!(
            key.pseudonym("uwv", "W-1"),
            key.pseudonym("gemeente", "W-1")
        );
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        assert_ne!(key.pseudonym("ab", "c"), key.pseudonym("a", "bc"));
        assert_ne!(
            key.pseudonym("uwv", "W-1"),
            SubjectKey::new([4; 32]).pseudonym("uwv", "W-1")
        );
        assert_eq!(key.pseudonym("uwv", "W-1").len(), 32);
        assert!(SubjectKey::from_hex("zz").is_none());
        assert!(format!("{key:?}").contains("redacted"));
    }

    /// The databases every storage test runs against: a fresh SQLite file, and a fresh
    /// PostgreSQL database when `WERKBRUG_TEST_POSTGRES` names a server
    /// (`postgres://user@127.0.0.1:5432`; `.ci/run` starts one).
    async fn databases(dir: &std::path::Path) -> Vec<String> {
        let mut urls = vec![format!("sqlite://{}", dir.join("log.db").display())];
        if let Ok(server) = std::env::var("WERKBRUG_TEST_POSTGRES") {
            sqlx::any::install_default_drivers();
            let name = format!("werkbrug_log_test_{}", hex::encode(rand_bytes()));
            let admin = AnyPool::connect(&format!("{server}/postgres"))
                .await
                .unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin)
                .await
                .unwrap();
            urls.push(format!("{server}/{name}"));
        }
        urls
    }

    fn rand_bytes() -> [u8; 8] {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        use sha2::Digest;
        let mut h = sha2::Sha256::new_with_prefix(nanos.to_le_bytes());
        h.update(std::process::id().to_le_bytes());
        let digest = h.finalize();
        digest[..8].try_into().unwrap()
    }

    #[tokio::test]
    async fn records_are_written_read_by_subject_trace_and_time_and_pruned() {
        let dir = tempfile::tempdir().unwrap();
        for url in databases(dir.path()).await {
            let log = Logbook::open(&url).unwrap();
            log.write(vec![
                record(1, Some("aaaa"), "2026-11-01T10:00:00Z"),
                record(2, Some("bbbb"), "2026-11-02T10:00:00Z"),
            ])
            .await
            .unwrap();
            log.write(vec![record(3, None, "2026-11-03T10:00:00Z")])
                .await
                .unwrap();
            let all = log.read(Filter::default()).await.unwrap();
            assert_eq!(
                all.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
                ["r3", "r2", "r1"]
            );
            assert_eq!(all[2], record(1, Some("aaaa"), "2026-11-01T10:00:00Z"));
            let subject = log
                .read(Filter {
                    subject: Some("bbbb".into()),
                    ..Filter::default()
                })
                .await
                .unwrap();
            assert_eq!(subject.len(), 1);
            let since = log
                .read(Filter {
                    since: Some("2026-11-02T00:00:00Z".parse().unwrap()),
                    ..Filter::default()
                })
                .await
                .unwrap();
            assert_eq!(since.len(), 2);
            let trace = log
                .read(Filter {
                    trace_id: Some("4bf92f3577b34da6a3ce929d0e0e4736".into()),
                    limit: Some(2),
                    ..Filter::default()
                })
                .await
                .unwrap();
            assert_eq!(trace.len(), 2);
            assert_eq!(
                log.prune("2026-11-02T12:00:00Z".parse().unwrap())
                    .await
                    .unwrap(),
                2
            );
            assert_eq!(log.read(Filter::default()).await.unwrap().len(), 1);
            // Reopening migrates nothing twice and keeps what was written.
            drop(log);
            let again = Logbook::open(&url).unwrap();
            assert_eq!(again.read(Filter::default()).await.unwrap().len(), 1);
        }
    }

    /// Rows of a table, read beside the logbook's own connection.
    async fn rows(url: &str, table: &str) -> i64 {
        let pool = AnyPool::connect(url).await.unwrap();
        let n = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        pool.close().await;
        n
    }

    #[tokio::test]
    async fn pages_return_every_record_in_range_once_in_order_while_new_ones_arrive() {
        let dir = tempfile::tempdir().unwrap();
        for url in databases(dir.path()).await {
            let log = Logbook::open(&url).unwrap();
            // 53 records, five to a moment, so that pages end inside a run of equal times.
            let at = |n: u32| format!("2026-11-01T10:00:{:02}.250000Z", n / 5);
            let mut written: Vec<Record> = (0..53)
                .map(|n| {
                    let mut r = record(n, Some("aaaa"), &at(n));
                    r.id = format!("r{n:03}");
                    r
                })
                .collect();
            log.write(written.clone()).await.unwrap();
            let filter = Filter {
                since: Some("2026-11-01T00:00:00Z".parse().unwrap()),
                ..Filter::default()
            };
            let mut read = Vec::new();
            let mut pages = 0;
            let mut after = None;
            loop {
                let page = log
                    .page(
                        Filter {
                            after: after.clone(),
                            ..filter.clone()
                        },
                        7,
                    )
                    .await
                    .unwrap();
                pages += 1;
                assert!(page.records.len() <= 7);
                read.extend(page.records);
                if pages == 2 {
                    // Newer records arriving while an auditor reads are not mixed into the pages.
                    let mut late = record(900, Some("bbbb"), "2026-11-01T11:00:00Z");
                    late.id = "r900".into();
                    log.write(vec![late]).await.unwrap();
                }
                match page.next {
                    Some(next) => {
                        assert_eq!(Cursor::from_text(&next.to_text()), Some(next.clone()));
                        after = Some(next);
                    }
                    None => break,
                }
            }
            assert_eq!(pages, 8, "{url}");
            written.sort_by(|a, b| b.started.cmp(&a.started).then(a.id.cmp(&b.id)));
            assert_eq!(
                read.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
                written.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
                "{url}"
            );
            // A page that ends exactly at the last record says there is no next page.
            let exact = log.page(filter.clone(), 54).await.unwrap();
            assert_eq!((exact.records.len(), exact.next), (54, None));
        }
        for bad in [
            "",
            "_",
            "12",
            "x_r1",
            "12_",
            "12_r-1",
            &format!("1_{}", "a".repeat(65)),
        ] {
            assert_eq!(Cursor::from_text(bad), None, "{bad}");
        }
    }

    #[tokio::test]
    async fn an_organisations_disclosures_are_counted_by_window_and_person() {
        let dir = tempfile::tempdir().unwrap();
        for url in databases(dir.path()).await {
            let log = Logbook::open(&url).unwrap();
            let detail = |n: u32, subject: &str, started: &str, organisation: &str| {
                let mut r = record(n, Some(subject), started);
                r.operation = "detail".into();
                r.caller_organisation = organisation.into();
                r
            };
            log.write(vec![detail(1, "p1", "2026-12-03T08:00:00Z", "A")])
                .await
                .unwrap();
            log.write(vec![detail(2, "p2", "2026-12-04T08:30:00Z", "A")])
                .await
                .unwrap();
            log.write(vec![detail(3, "p2", "2026-12-04T09:10:00Z", "A")])
                .await
                .unwrap();
            log.write(vec![detail(4, "p3", "2026-12-04T09:20:00Z", "A")])
                .await
                .unwrap();
            log.write(vec![detail(5, "p9", "2026-12-04T09:30:00Z", "B")])
                .await
                .unwrap();
            let mut refused = detail(6, "p4", "2026-12-04T09:40:00Z", "A");
            refused.status = "refused-429".into();
            log.write(vec![refused]).await.unwrap();
            // Searches are not details.
            let mut search = record(7, Some("p5"), "2026-12-04T09:45:00Z");
            search.caller_organisation = "A".into();
            log.write(vec![search]).await.unwrap();
            let query = |subject: Option<&str>| SpentQuery {
                organisation: "A".into(),
                operation: "detail".into(),
                day_since: "2026-12-03T10:00:00Z".parse().unwrap(),
                hour_since: "2026-12-04T09:00:00Z".parse().unwrap(),
                subject: subject.map(str::to_owned),
            };
            let spent = log.spent(query(Some("p2"))).await.unwrap();
            assert_eq!(
                spent,
                Spent {
                    hour: 2,
                    hour_oldest: Some("2026-12-04T09:10:00Z".parse().unwrap()),
                    day: 3,
                    day_oldest: Some("2026-12-04T08:30:00Z".parse().unwrap()),
                    people: 2,
                    subject_seen: true,
                },
                "{url}"
            );
            assert!(!log.spent(query(Some("p1"))).await.unwrap().subject_seen);
            let none = log
                .spent(SpentQuery {
                    organisation: "C".into(),
                    ..query(None)
                })
                .await
                .unwrap();
            assert_eq!(none, Spent::default());
        }
    }

    #[tokio::test]
    async fn sqlite_subject_rows_are_moved_into_the_indexed_table_and_read_wherever_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("log.db").display());
        let log = Logbook::open(&url).unwrap();
        // 45 searches of 100 people, 50 distinct people; person 7 is in every one.
        let searches = 45;
        for search in 0..searches {
            let records = (0..100)
                .map(|n| {
                    let mut r = record(search * 100 + n, None, "2026-11-01T10:00:00Z");
                    r.operation_id = format!("{search:016x}");
                    r.subject = Some(format!("person-{}", n % 50));
                    r
                })
                .collect();
            log.write(records).await.unwrap();
        }
        // 4,500 rows: moved once the 41st search crossed 4,096 rows; the last 4 searches are recent.
        assert_eq!(rows(&url, "werkbrug_log_subjects").await, 4_100);
        assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 400);
        let person = |log: Logbook| async move {
            log.read(Filter {
                subject: Some("person-7".into()),
                ..Filter::default()
            })
            .await
            .unwrap()
        };
        let found = person(log.clone()).await;
        assert_eq!(found.len(), 2 * searches as usize);
        let mut ids: Vec<&str> = found.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), found.len(), "no record is read twice");
        assert!(
            found
                .iter()
                .all(|r| r.subject.as_deref() == Some("person-7"))
        );
        let trace = log
            .read(Filter {
                trace_id: Some("4bf92f3577b34da6a3ce929d0e0e4736".into()),
                ..Filter::default()
            })
            .await
            .unwrap();
        assert_eq!(trace.len(), 4_500);
        // An idle writer moves the rest; a reopened log holds every record.
        tokio::time::sleep(MOVE_WHEN_IDLE + Duration::from_millis(500)).await;
        assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 0);
        assert_eq!(rows(&url, "werkbrug_log_subjects").await, 4_500);
        drop(log);
        let again = Logbook::open(&url).unwrap();
        assert_eq!(person(again.clone()).await, found);
        // Pruning reaches both tables: the old record written now is still recent.
        again
            .write(vec![
                record(9_998, Some("old"), "2026-11-01T11:00:00Z"),
                record(9_999, Some("late"), "2026-11-05T10:00:00Z"),
            ])
            .await
            .unwrap();
        assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 2);
        assert_eq!(
            again
                .prune("2026-11-02T00:00:00Z".parse().unwrap())
                .await
                .unwrap(),
            4_501
        );
        assert_eq!(again.read(Filter::default()).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn sqlite_a_failed_move_keeps_every_row_readable_and_is_tried_again() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("log.db").display());
        let log = Logbook::open(&url).unwrap();
        // The indexed table refuses rows, as a full disk would.
        let side = AnyPool::connect(&url).await.unwrap();
        sqlx::query("CREATE TRIGGER refuse BEFORE INSERT ON werkbrug_log_subjects BEGIN SELECT RAISE(ROLLBACK, 'refused'); END")
            .execute(&side)
            .await
            .unwrap();
        let records: Vec<Record> = (0..10)
            .map(|n| record(n, Some("person-1"), "2026-11-01T10:00:00Z"))
            .collect();
        log.write(records.clone()).await.unwrap();
        tokio::time::sleep(MOVE_WHEN_IDLE + Duration::from_millis(500)).await;
        assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 10);
        assert_eq!(rows(&url, "werkbrug_log_subjects").await, 0);
        let by_person = Filter {
            subject: Some("person-1".into()),
            ..Filter::default()
        };
        let mut read = log.read(by_person.clone()).await.unwrap();
        read.sort_by(|a, b| a.id.cmp(&b.id));
        let mut expected = records;
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(read, expected);
        // Once the table takes rows again, the next idle moment moves them.
        sqlx::query("DROP TRIGGER refuse")
            .execute(&side)
            .await
            .unwrap();
        side.close().await;
        tokio::time::sleep(MOVE_WHEN_IDLE + Duration::from_millis(500)).await;
        assert_eq!(rows(&url, "werkbrug_log_subjects_recent").await, 0);
        assert_eq!(rows(&url, "werkbrug_log_subjects").await, 10);
        assert_eq!(log.read(by_person).await.unwrap().len(), 10);
    }

    #[tokio::test]
    async fn sqlite_reads_by_subject_trace_and_time_use_the_indexes_of_the_indexed_table() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("log.db").display());
        drop(Logbook::open(&url).unwrap());
        let pool = AnyPool::connect(&url).await.unwrap();
        let by = |subject: bool, trace: bool, since: bool| Filter {
            subject: subject.then(|| "s".to_owned()),
            trace_id: trace.then(|| "t".to_owned()),
            since: since.then(|| "2026-11-01T00:00:00Z".parse().unwrap()),
            limit: None,
            after: None,
        };
        for filter in [
            by(true, false, false),
            by(false, true, false),
            by(false, false, true),
        ] {
            let (sql, values) = read_statement(&filter);
            let mut query = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")));
            for value in values {
                query = query.bind(value);
            }
            let plan: Vec<String> = query
                .fetch_all(&pool)
                .await
                .unwrap()
                .iter()
                .map(|row| row.try_get::<String, _>(3).unwrap())
                .collect();
            // Only the small recent table may be scanned: one scan (by its name, or by the
            // alias `s` of its arm); the indexed table and the operations are searched.
            let scans: Vec<&String> = plan.iter().filter(|s| s.starts_with("SCAN")).collect();
            assert!(scans.len() <= 1, "{filter:?}: {plan:?}");
            assert!(
                scans.iter().all(|s| s.contains("recent") || *s == "SCAN s"),
                "{filter:?}: {plan:?}"
            );
            let searches = plan.iter().filter(|s| s.starts_with("SEARCH")).count();
            assert!(searches >= 3, "{filter:?}: {plan:?}");
        }
    }

    #[tokio::test]
    async fn concurrent_writes_are_committed_together_and_each_is_acknowledged() {
        let dir = tempfile::tempdir().unwrap();
        for url in databases(dir.path()).await {
            let log = Logbook::open(&url).unwrap();
            let writes = (0..200).map(|n| {
                let log = log.clone();
                tokio::spawn(async move {
                    log.write(vec![record(n, Some("s"), "2026-11-01T10:00:00Z")])
                        .await
                })
            });
            for write in writes {
                write.await.unwrap().unwrap();
            }
            assert_eq!(log.read(Filter::default()).await.unwrap().len(), 200);
        }
    }

    #[tokio::test]
    async fn a_failed_write_is_reported_and_commits_nothing() {
        let dir = tempfile::tempdir().unwrap();
        for url in databases(dir.path()).await {
            let log = Logbook::open(&url).unwrap();
            log.write(vec![record(1, Some("s"), "2026-11-01T10:00:00Z")])
                .await
                .unwrap();
            // The second record repeats the first's id: the whole transaction fails.
            let error = log
                .write(vec![
                    record(2, Some("s"), "2026-11-01T10:00:00Z"),
                    record(1, Some("s"), "2026-11-01T10:00:00Z"),
                ])
                .await
                .unwrap_err();
            assert!(matches!(error, LogError::Write(_)), "{error}");
            assert_eq!(log.read(Filter::default()).await.unwrap().len(), 1);
            // The connection is usable again: the failed transaction left nothing open.
            log.write(vec![record(3, Some("s"), "2026-11-01T10:00:00Z")])
                .await
                .unwrap();
            assert_eq!(log.read(Filter::default()).await.unwrap().len(), 2);
        }
    }

    #[test]
    fn urls_of_other_databases_are_refused() {
        assert_eq!(
            Logbook::open("mysql://x").unwrap_err().to_string(),
            "the processing log cannot be opened: the URL must start with sqlite: or postgres://"
        );
    }
}

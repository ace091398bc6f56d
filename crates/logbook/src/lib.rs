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

mod backend;
mod migrations;
mod postgres;
mod reads;
mod record;
mod retention;
mod sqlite;
mod subject_key;
mod writer;

#[cfg(test)]
mod tests;

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use tokio::sync::{mpsc, oneshot, watch};

pub use backend::Backend;
pub use record::{Cursor, Filter, Page, Record, Spent, SpentQuery};
pub use subject_key::SubjectKey;

use writer::Command;

/// The most records one read returns; [`Logbook::page`] reads on from where a page ended.
pub const MAX_PAGE: u32 = 10_000;

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

/// A time as stored: RFC 3339 UTC with microseconds, which sorts as text.
fn stored_time(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// How the writer thread behaves; [`Options::default`] is what the gateway uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// SQLite: a writer with nothing to do for this long moves the recent subject rows into the
    /// indexed table (1 s). `None`: only [`Logbook::move_recent`] and the size threshold move
    /// them.
    pub move_when_idle: Option<Duration>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            move_when_idle: Some(writer::MOVE_WHEN_IDLE),
        }
    }
}

/// What the writer's moves of recent subject rows have done so far (SQLite), for monitoring
/// and for tests that wait for a move instead of sleeping.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moves {
    /// Moves that committed.
    pub done: u64,
    /// Moves that failed (and left every row where it was, to be tried again).
    pub failed: u64,
    /// Rows moved in all.
    pub rows: u64,
}

/// The processing log. Cheap to clone; all clones talk to one writer thread.
#[derive(Clone)]
pub struct Logbook {
    commands: mpsc::UnboundedSender<Command>,
    backend: Backend,
    moves: watch::Receiver<Moves>,
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
        Self::open_with(url, Options::default())
    }

    /// [`Logbook::open`] with other [`Options`].
    pub fn open_with(url: &str, options: Options) -> Result<Self, LogError> {
        let backend = Backend::of_url(url)?;
        let url = url.to_owned();
        let (commands, receiver) = mpsc::unbounded_channel();
        let (moves_sender, moves) = watch::channel(Moves::default());
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
                    match backend.connect(&url).await {
                        Ok(pool) => {
                            let _ = ready.send(Ok(()));
                            writer::serve(pool, backend, receiver, options, moves_sender).await;
                        }
                        Err(e) => {
                            let _ = ready.send(Err(e));
                        }
                    }
                });
            })
            .map_err(|e| LogError::Open(e.to_string()))?;
        started.recv().map_err(|_| LogError::Closed)??;
        Ok(Self {
            commands,
            backend,
            moves,
        })
    }

    /// The database behind this log.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// SQLite: moves the recent subject rows into the indexed table now, and returns how many
    /// it moved (0 on PostgreSQL, which writes them there at once). A failed move leaves every
    /// row readable where it was.
    pub async fn move_recent(&self) -> Result<u64, LogError> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Move(reply))
            .map_err(|_| LogError::Closed)?;
        answer.await.map_err(|_| LogError::Closed)?
    }

    /// What the moves of recent subject rows have done so far; it changes after every move.
    pub fn moves(&self) -> watch::Receiver<Moves> {
        self.moves.clone()
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

//! The writer thread's loop: group commit of writes, the other commands in between, and
//! SQLite's move of recent subject rows.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::{AnyPool, Row};
use tokio::sync::{mpsc, oneshot, watch};

use crate::{
    Backend, Filter, LogError, Moves, Options, Record, Spent, SpentQuery, describe, postgres,
    reads, retention, sqlite,
};

/// Most writes committed together.
const MAX_BATCH: usize = 512;

/// SQLite: subject rows in `werkbrug_log_subjects_recent` at which the writer moves them into
/// the indexed table. Large enough that a move shares index pages between many searches, small
/// enough that a move is a short transaction (a few milliseconds) and that readers, which scan
/// the recent rows, stay fast.
pub(crate) const MOVE_AT: u64 = 4096;

/// SQLite: by default, a writer with nothing to do for this long moves the recent rows anyway.
pub(crate) const MOVE_WHEN_IDLE: Duration = Duration::from_secs(1);

/// What the [`crate::Logbook`] handles ask of the writer thread.
pub(crate) enum Command {
    Write(Vec<Record>, oneshot::Sender<Result<(), LogError>>),
    Read(Filter, oneshot::Sender<Result<Vec<Record>, LogError>>),
    Prune(DateTime<Utc>, oneshot::Sender<Result<u64, LogError>>),
    Spent(SpentQuery, oneshot::Sender<Result<Spent, LogError>>),
    Move(oneshot::Sender<Result<u64, LogError>>),
}

/// The writer thread's loop, until every handle is dropped.
pub(crate) async fn serve(
    pool: AnyPool,
    backend: Backend,
    mut commands: mpsc::UnboundedReceiver<Command>,
    options: Options,
    moves: watch::Sender<Moves>,
) {
    let mut recent = Recent::count(&pool, backend, moves).await;
    loop {
        let command = match options.move_when_idle {
            Some(idle) if recent.rows > 0 => {
                match tokio::time::timeout(idle, commands.recv()).await {
                    Ok(command) => command,
                    Err(_) => {
                        let _ = recent.move_all(&pool).await;
                        continue;
                    }
                }
            }
            _ => commands.recv().await,
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
                    let _ = recent.move_all(&pool).await;
                }
                for other in others {
                    handle_other(&pool, &mut recent, other).await;
                }
            }
            other => handle_other(&pool, &mut recent, other).await,
        }
    }
}

/// SQLite's subject rows that are committed but not yet in the indexed table.
struct Recent {
    /// Whether this backend writes subject rows to the recent table (SQLite).
    used: bool,
    /// How many rows it holds (as far as this writer knows: it is the only one).
    rows: u64,
    /// Where the outcome of every move is published.
    moves: watch::Sender<Moves>,
}

impl Recent {
    async fn count(pool: &AnyPool, backend: Backend, moves: watch::Sender<Moves>) -> Self {
        if backend != Backend::Sqlite {
            return Self {
                used: false,
                rows: 0,
                moves,
            };
        }
        // Rows a stopped (or killed) process left behind are moved on the first occasion.
        let rows = sqlx::query("SELECT COUNT(*) FROM werkbrug_log_subjects_recent")
            .fetch_one(pool)
            .await
            .and_then(|row| row.try_get::<i64, _>(0))
            .map_or(MOVE_AT, |n| n.max(0) as u64);
        Self {
            used: true,
            rows,
            moves,
        }
    }

    fn added(&mut self, rows: usize) {
        if self.used {
            self.rows += rows as u64;
        }
    }

    /// Moves every recent row into the indexed table, sorted by pseudonym so that each index
    /// page is written once per move; returns how many rows it moved. One transaction: a
    /// failure (a full disk) leaves every row where it was, still read, and the move is tried
    /// again later.
    async fn move_all(&mut self, pool: &AnyPool) -> Result<u64, LogError> {
        if !self.used || self.rows == 0 {
            return Ok(0);
        }
        match sqlite::move_recent(pool).await {
            Ok(()) => {
                let rows = std::mem::take(&mut self.rows);
                self.moves.send_modify(|m| {
                    m.done += 1;
                    m.rows += rows;
                });
                Ok(rows)
            }
            Err(error) => {
                let error = describe(&error);
                tracing::warn!(
                    error = %error,
                    "moving recent processing-log subject rows failed; they stay readable and the move is retried"
                );
                self.moves.send_modify(|m| m.failed += 1);
                Err(LogError::Write(error))
            }
        }
    }
}

async fn handle_other(pool: &AnyPool, recent: &mut Recent, command: Command) {
    match command {
        Command::Read(filter, reply) => {
            let _ = reply.send(reads::read(pool, &filter).await);
        }
        Command::Prune(before, reply) => {
            let _ = reply.send(retention::prune(pool, &before).await);
        }
        Command::Spent(query, reply) => {
            let _ = reply.send(reads::spent(pool, &query).await);
        }
        Command::Move(reply) => {
            let _ = reply.send(recent.move_all(pool).await);
        }
        Command::Write(..) => unreachable!("writes are batched by the caller"),
    }
}

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

/// Writes one batch in one transaction of the backend's.
async fn write_batch<'a>(
    pool: &AnyPool,
    backend: Backend,
    records: impl Iterator<Item = &'a Record>,
) -> Result<(), LogError> {
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
    match backend {
        Backend::Sqlite => sqlite::write(pool, &operations, &subjects).await,
        Backend::Postgres => postgres::write(pool, &operations, &subjects).await,
    }
}

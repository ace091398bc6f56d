//! SQLite's writes: one fixed statement per batch, and the move of recent subject rows.

use serde::Serialize;
use sqlx::AnyPool;

use crate::{LogError, Record, describe, stored_time};

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
/// table (see `MOVE_AT` in `writer.rs`).
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

/// Writes a batch's operation rows and subject rows (into the recent table) in one
/// transaction.
pub(crate) async fn write(
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

/// The writer's move of the recent subject rows (`Recent::move_all` in `writer.rs`), undone as a whole when any part of it fails.
pub(crate) async fn move_recent(pool: &AnyPool) -> Result<(), sqlx::Error> {
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
        // As in `write`: a failed INSERT OR ROLLBACK has undone it already, a failed
        // COMMIT may not have.
        let _ = sqlx::query("ROLLBACK").execute(&mut *connection).await;
    }
    moved.map(drop)
}

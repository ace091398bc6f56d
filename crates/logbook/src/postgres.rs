//! PostgreSQL's writes: multi-row INSERTs with every value bound.

use sqlx::AnyPool;

use crate::{LogError, Record, describe, stored_time};

/// Rows per INSERT statement, far below SQLite's and PostgreSQL's limits on parameters.
const ROWS_PER_INSERT: usize = 128;

/// An INSERT of `rows` rows into `table` with `columns`, with the backend's placeholders.
///
/// (SQLite writes with one fixed statement instead: see `sqlite.rs`.)
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

/// Writes a batch's operation rows and subject rows in one transaction.
pub(crate) async fn write(
    pool: &AnyPool,
    operations: &[&Record],
    subjects: &[(&Record, &str)],
) -> Result<(), LogError> {
    let fail = |e: sqlx::Error| LogError::Write(describe(&e));
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

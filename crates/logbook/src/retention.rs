//! Deleting records past their retention period.

use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use crate::{LogError, describe, stored_time};

/// Deletes the operations that started before `before` with their subjects; returns how many
/// records (subject rows) went.
pub(crate) async fn prune(pool: &AnyPool, before: &DateTime<Utc>) -> Result<u64, LogError> {
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

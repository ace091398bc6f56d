//! The embedded schema migrations and how they are applied, also by two instances at once.

use chrono::Utc;
use sqlx::{AnyPool, Row};

use crate::{LogError, describe, stored_time};

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

/// Applies every migration the database has not recorded yet.
pub(crate) async fn migrate(pool: &AnyPool) -> Result<(), LogError> {
    let fail = |e: sqlx::Error| LogError::Open(format!("migration failed: {}", describe(&e)));
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS werkbrug_log_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, applied TEXT NOT NULL)",
    )
    .execute(pool)
    .await
    .map_err(fail)?;
    for (version, description, sql) in MIGRATIONS {
        if recorded(pool, *version).await.map_err(fail)? {
            continue;
        }
        // Two instances may migrate at once. Statements that cannot run twice (ALTER TABLE ...
        // ADD COLUMN) fail in the second once the first has committed: that is no failure when
        // the version is now recorded.
        if let Err(error) = apply(pool, *version, description, sql).await
            && !recorded(pool, *version).await.map_err(fail)?
        {
            return Err(fail(error));
        }
    }
    Ok(())
}

/// Whether the database records `version` as applied.
async fn recorded(pool: &AnyPool, version: i64) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM werkbrug_log_migrations WHERE version = $1")
        .bind(version)
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    Ok(count > 0)
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

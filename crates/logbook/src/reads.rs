//! Reading the log: records by subject, trace and time, page by page, and budget counts.

use chrono::{DateTime, Utc};
use sqlx::{AnyPool, Row};

use crate::{Filter, LogError, MAX_PAGE, Record, Spent, SpentQuery, describe, stored_time};

/// The query of [`read`] and its bound values.
pub(crate) fn read_statement(filter: &Filter) -> (String, Vec<String>) {
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

/// Counts an organisation's disclosures in the windows of `query`.
pub(crate) async fn spent(pool: &AnyPool, query: &SpentQuery) -> Result<Spent, LogError> {
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

/// Reads the records `filter` selects, newest first.
pub(crate) async fn read(pool: &AnyPool, filter: &Filter) -> Result<Vec<Record>, LogError> {
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

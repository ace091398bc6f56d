//! Disclosure budgets: how many details an organisation may read per rolling hour and day, and
//! how many distinct people per day, whatever the number of searches, ids or parallel clients.
//!
//! The limit of details per search (VUM's 10) resets with every search, so on its own it stops
//! nobody from reading the register page by page. A budget counts what the organisation was
//! actually shown, from the processing log, so that instances sharing PostgreSQL share the count.
//! Within an instance, an organisation's checks and records take turns, so parallel clients
//! cannot both pass a check before either is recorded; across instances, each can be at most
//! one detail ahead of the log at a time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use werkbrug_logbook::SpentQuery;

use crate::access::Searcher;
use crate::problem::ApiError;

/// The budget of an organisation (`[budget]` for every key, or `budget` on one key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BudgetConfig {
    /// Details per rolling hour.
    pub details_per_hour: u32,
    /// Details per rolling day (24 hours).
    pub details_per_day: u32,
    /// Distinct people whose details were read per rolling day.
    pub people_per_day: u32,
}

impl Default for BudgetConfig {
    /// A consultant's working day: a detail a minute for an hour, a few hundred a day, about as
    /// many people as a day of matching and mediation meets. An organisation whose key serves
    /// many consultants raises it on that key.
    fn default() -> Self {
        Self {
            details_per_hour: 60,
            details_per_day: 250,
            people_per_day: 150,
        }
    }
}

/// The budgets of all organisations, shared by the workers of an instance.
#[derive(Debug, Default)]
pub struct Budgets {
    default: BudgetConfig,
    turns: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// An organisation's turn: while it is held, no other detail of the organisation is checked
/// or recorded in this instance.
pub type Turn = tokio::sync::OwnedMutexGuard<()>;

impl Budgets {
    /// Budgets with `default` for keys that set none.
    pub fn new(default: BudgetConfig) -> Self {
        Self {
            default,
            turns: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for the organisation's turn.
    pub async fn turn(&self, organisation: &str) -> Turn {
        let lock = {
            let mut turns = self.turns.lock().unwrap_or_else(|e| e.into_inner());
            turns
                .entry(organisation.to_owned())
                .or_insert_with(|| Arc::new(tokio::sync::Mutex::new(())))
                .clone()
        };
        lock.lock_owned().await
    }

    /// Whether `searcher` may be shown one more detail at `now` (of `subject`, when known: a
    /// person already seen today does not count again against the people per day).
    pub async fn check(
        &self,
        logbook: &werkbrug_logbook::Logbook,
        searcher: &Searcher,
        subject: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let limits = searcher.budget.unwrap_or(self.default);
        let spent = logbook
            .spent(SpentQuery {
                organisation: searcher.organisation.clone(),
                operation: "detail".into(),
                day_since: now - Duration::days(1),
                hour_since: now - Duration::hours(1),
                subject: subject.map(str::to_owned),
            })
            .await
            .map_err(|error| {
                tracing::error!(error = %error, "processing log read for a disclosure budget failed: nothing is disclosed");
                ApiError::LogUnavailable(
                    "the processing log cannot be read, so the disclosure budget cannot be checked and nothing is disclosed: try again later"
                        .into(),
                )
            })?;
        let hour_spent = spent.hour >= u64::from(limits.details_per_hour);
        let day_spent = spent.day >= u64::from(limits.details_per_day)
            || (subject.is_some()
                && !spent.subject_seen
                && spent.people >= u64::from(limits.people_per_day));
        if !hour_spent && !day_spent {
            return Ok(());
        }
        // When every spent window has room again: the latest of their renewals.
        let renewals = [
            hour_spent.then(|| spent.hour_oldest.map(|t| t + Duration::hours(1))),
            day_spent.then(|| spent.day_oldest.map(|t| t + Duration::days(1))),
        ];
        let renews = renewals
            .into_iter()
            .flatten()
            .flatten()
            .max()
            .unwrap_or(now + Duration::hours(1))
            .max(now);
        let seconds = (renews - now).num_seconds().max(1);
        Err(ApiError::BudgetSpent {
            detail: format!(
                "the disclosure budget of {} is spent: {} of {} details in the last hour, {} of {} in the last day, {} of {} people in the last day; it renews at {}",
                searcher.organisation,
                spent.hour,
                limits.details_per_hour,
                spent.day,
                limits.details_per_day,
                spent.people,
                limits.people_per_day,
                renews.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
            retry_after_secs: u64::try_from(seconds).unwrap_or(1),
        })
    }
}

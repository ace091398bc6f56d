//! A circuit breaker per source: after repeated failures the source is skipped for a cool-down
//! (reported as `unavailable`), then one trial request decides whether it is back.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::BreakerConfig;

#[derive(Debug, Default)]
struct State {
    consecutive_failures: u32,
    open_until: Option<Instant>,
    trial_under_way: bool,
}

/// The breaker of one source.
#[derive(Debug)]
pub struct Breaker {
    config: BreakerConfig,
    state: Mutex<State>,
}

/// Why the breaker does not let a request through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Open for this much longer.
    Open(Duration),
    /// Half open: another request is trying the source.
    TrialUnderWay,
}

impl Breaker {
    /// A closed breaker.
    pub fn new(config: BreakerConfig) -> Self {
        Self {
            config,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent counters behind: keep using them.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a request may go to the source now: a permit to report its outcome with, or why
    /// not. A permit dropped without an outcome (the request was abandoned: the client went
    /// away mid-search) ends the trial it held, so that the next request may try the source; a
    /// trial left marked as under way would skip the source for ever.
    pub fn allow(&self, now: Instant) -> Result<Permit<'_>, Refusal> {
        let mut state = self.lock();
        let trial = match state.open_until {
            None => false,
            Some(until) if now < until => return Err(Refusal::Open(until - now)),
            Some(_) if state.trial_under_way => return Err(Refusal::TrialUnderWay),
            Some(_) => {
                state.trial_under_way = true;
                true
            }
        };
        Ok(Permit {
            breaker: self,
            trial,
        })
    }

    /// The source answered well: close the breaker.
    fn success(&self) {
        *self.lock() = State::default();
    }

    /// The source failed (timeout, error, malformed answer).
    fn failure(&self, now: Instant) {
        let mut state = self.lock();
        state.consecutive_failures = state.consecutive_failures.saturating_add(1);
        state.trial_under_way = false;
        if state.consecutive_failures >= self.config.failures.max(1) {
            state.open_until = Some(now + Duration::from_secs(self.config.cool_down_secs));
        }
    }

    /// Whether the breaker is open (or half open) now.
    pub fn is_open(&self) -> bool {
        self.lock().open_until.is_some()
    }
}

/// Leave to send one request to the source; report how it went with [`Permit::success`] or
/// [`Permit::failure`].
#[derive(Debug)]
#[must_use = "a request's outcome is reported through its permit"]
pub struct Permit<'a> {
    breaker: &'a Breaker,
    /// Whether this request is the half-open trial.
    trial: bool,
}

impl Permit<'_> {
    /// The source answered well: the breaker closes.
    pub fn success(mut self) {
        self.trial = false;
        self.breaker.success();
    }

    /// The source failed: counted, and a failed trial opens the breaker again.
    pub fn failure(mut self, now: Instant) {
        self.trial = false;
        self.breaker.failure(now);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if self.trial {
            // Abandoned without an outcome: the trial is over, the source untried.
            self.breaker.lock().trial_under_way = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_repeated_failures_and_closes_after_a_good_trial() {
        let breaker = Breaker::new(BreakerConfig {
            failures: 2,
            cool_down_secs: 10,
        });
        let t0 = Instant::now();
        breaker.allow(t0).unwrap().failure(t0);
        breaker.allow(t0).unwrap().failure(t0);
        assert_eq!(
            breaker.allow(t0 + Duration::from_secs(4)).unwrap_err(),
            Refusal::Open(Duration::from_secs(6))
        );
        // After the cool-down one trial goes through; others wait for its outcome.
        let later = t0 + Duration::from_secs(11);
        let trial = breaker.allow(later).unwrap();
        assert_eq!(breaker.allow(later).unwrap_err(), Refusal::TrialUnderWay);
        // A failed trial opens it again at once.
        trial.failure(later);
        assert!(matches!(breaker.allow(later), Err(Refusal::Open(_))));
        let much_later = later + Duration::from_secs(11);
        breaker.allow(much_later).unwrap().success();
        assert!(!breaker.is_open());
        assert!(breaker.allow(much_later).is_ok());
    }

    #[test]
    fn a_trial_dropped_mid_flight_lets_the_next_request_try() {
        let breaker = Breaker::new(BreakerConfig {
            failures: 1,
            cool_down_secs: 10,
        });
        let t0 = Instant::now();
        breaker.allow(t0).unwrap().failure(t0);
        let later = t0 + Duration::from_secs(11);
        {
            let _trial = breaker.allow(later).unwrap();
            assert_eq!(breaker.allow(later).unwrap_err(), Refusal::TrialUnderWay);
            // The search that held the trial is dropped here (its client went away).
        }
        let next = breaker.allow(later).expect("the source is tried again");
        next.success();
        assert!(!breaker.is_open());
    }

    #[tokio::test]
    async fn a_trial_whose_future_is_dropped_does_not_skip_the_source_for_ever() {
        let breaker = std::sync::Arc::new(Breaker::new(BreakerConfig {
            failures: 1,
            cool_down_secs: 0,
        }));
        let t0 = Instant::now();
        breaker.allow(t0).unwrap().failure(t0);
        let (started, trial_started) = tokio::sync::oneshot::channel::<()>();
        let held = breaker.clone();
        let search = tokio::spawn(async move {
            let permit = held.allow(Instant::now()).unwrap();
            let _ = started.send(());
            // The source never answers.
            std::future::pending::<()>().await;
            permit.success();
        });
        trial_started.await.unwrap();
        assert_eq!(
            breaker.allow(Instant::now()).unwrap_err(),
            Refusal::TrialUnderWay
        );
        search.abort();
        let _ = search.await;
        assert!(breaker.allow(Instant::now()).is_ok());
    }
}

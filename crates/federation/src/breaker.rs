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

    /// Whether a request may go to the source now.
    pub fn allow(&self, now: Instant) -> Result<(), Refusal> {
        let mut state = self.lock();
        match state.open_until {
            None => Ok(()),
            Some(until) if now < until => Err(Refusal::Open(until - now)),
            Some(_) if state.trial_under_way => Err(Refusal::TrialUnderWay),
            Some(_) => {
                state.trial_under_way = true;
                Ok(())
            }
        }
    }

    /// The source answered well: close the breaker.
    pub fn success(&self) {
        *self.lock() = State::default();
    }

    /// The source failed (timeout, error, malformed answer).
    pub fn failure(&self, now: Instant) {
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
        breaker.failure(t0);
        assert_eq!(breaker.allow(t0), Ok(()));
        breaker.failure(t0);
        assert_eq!(
            breaker.allow(t0 + Duration::from_secs(4)),
            Err(Refusal::Open(Duration::from_secs(6)))
        );
        // After the cool-down one trial goes through; others wait for its outcome.
        let later = t0 + Duration::from_secs(11);
        assert_eq!(breaker.allow(later), Ok(()));
        assert_eq!(breaker.allow(later), Err(Refusal::TrialUnderWay));
        // A failed trial opens it again at once.
        breaker.failure(later);
        assert!(matches!(breaker.allow(later), Err(Refusal::Open(_))));
        let much_later = later + Duration::from_secs(11);
        assert_eq!(breaker.allow(much_later), Ok(()));
        breaker.success();
        assert!(!breaker.is_open());
        assert_eq!(breaker.allow(much_later), Ok(()));
    }
}

//! When a failed request is tried again, and after how long.
//!
//! Requests that are safe to repeat (GET, PUT, DELETE and operations the
//! spec marks idempotent) are retried on 408, 429, 5xx and on connection
//! failures and timeouts. Others (POST) are retried only on 429 and on
//! failures before the request was sent (connection refused, DNS), since
//! the API has no idempotency key and a repeated POST acts twice. A 429
//! waits for the rate-limit window to reset when the server says when
//! (`Retry-After`, in seconds or as an HTTP date, or the spec's reset
//! header), plus a backoff step with jitter, so that a reset of 0 does not
//! spend every retry at once and callers woken by the same reset do not
//! come back together; a wait longer than the policy's cap returns the
//! error at once.
//!
//! Retries spend tokens of a budget that every clone of a client shares
//! ([`RetryBudget`], a token bucket): successes put tokens back, and when
//! the bucket is empty failures are returned without retrying, so that a
//! server that fails every request gets about one request per call, not
//! four.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use reqwest::StatusCode;

use crate::error::{Delivery, Error, TransportErrorKind};

/// How a client retries failed requests: how many times, and how long it
/// waits (exponential backoff with jitter, capped). The default is 3
/// retries, 500 ms base delay, 30 s cap, and a retry budget of
/// [`RetryPolicy::DEFAULT_RETRY_BUDGET`] tokens; the crate docs show how to
/// set another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    retry_budget: Option<u32>,
}

impl Default for RetryPolicy {
    /// 3 retries, 500 ms base delay, 30 s cap, a budget of
    /// [`RetryPolicy::DEFAULT_RETRY_BUDGET`] tokens.
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            retry_budget: Some(Self::DEFAULT_RETRY_BUDGET),
        }
    }
}

impl RetryPolicy {
    /// The tokens of a client's retry budget by default: 100 retries
    /// ([`RetryPolicy::RETRY_COST`] each) in a row without a success.
    pub const DEFAULT_RETRY_BUDGET: u32 = 500;

    /// The tokens one retry spends (twice as many after a timeout, which
    /// held a connection for the whole timeout).
    pub const RETRY_COST: u32 = 5;

    /// No retries: every failure is returned at once.
    pub fn disabled() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Retries a failed request at most `max_retries` times (0 turns retries off).
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The first backoff delay; each further retry doubles it.
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The longest wait before a retry. A 429 whose window resets later
    /// than this is returned at once instead of waited for.
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Shares `tokens` among all the retries of a client and its clones
    /// (default: [`RetryPolicy::DEFAULT_RETRY_BUDGET`]): each retry spends
    /// [`RetryPolicy::RETRY_COST`] (twice that after a timeout), a success
    /// at the first attempt puts one back and a success after retries puts
    /// back what they spent. With the bucket empty a failure is returned
    /// without retrying, until successes refill it.
    pub fn with_retry_budget(mut self, tokens: u32) -> Self {
        self.retry_budget = Some(tokens);
        self
    }

    /// Retries as the other settings say, however many fail in a row.
    pub fn without_retry_budget(mut self) -> Self {
        self.retry_budget = None;
        self
    }

    /// The tokens of the retry budget; `None` when retries are unbounded.
    pub fn retry_budget(&self) -> Option<u32> {
        self.retry_budget
    }

    /// How many times a request is retried at most.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The first backoff delay.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest wait before a retry.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// What to do after attempt number `attempt` (from 1) got `status`
    /// outside 2xx; `wait` is how long the server asked to wait, if it did.
    pub(crate) fn after_status(
        &self,
        status: StatusCode,
        wait: Option<Duration>,
        attempt: u32,
        idempotent: bool,
    ) -> Decision {
        if attempt > self.max_retries {
            return Decision::GiveUp;
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return match wait {
                // The server's wait, then a backoff step: its floor keeps a
                // reset of 0 from spending every retry at once, its jitter
                // spreads callers woken by the same reset.
                Some(wait) if wait <= self.max_delay => {
                    Decision::RetryAfter(wait.saturating_add(self.backoff(attempt)))
                }
                Some(_) => Decision::GiveUp,
                None => Decision::RetryAfter(self.backoff(attempt)),
            };
        }
        if idempotent && (status == StatusCode::REQUEST_TIMEOUT || status.is_server_error()) {
            return Decision::RetryAfter(self.backoff(attempt));
        }
        Decision::GiveUp
    }

    /// What to do after attempt number `attempt` failed with `error`.
    pub(crate) fn after_error(&self, error: &Error, attempt: u32, idempotent: bool) -> Decision {
        if attempt > self.max_retries {
            return Decision::GiveUp;
        }
        let Error::Transport { kind, .. } = error else {
            return Decision::GiveUp;
        };
        let retry = match kind {
            // Neither a bad certificate nor a proxy's rules change on
            // their own.
            TransportErrorKind::Tls | TransportErrorKind::Proxy => false,
            _ if idempotent => true,
            _ => error.delivery() == Delivery::NotSent,
        };
        if retry {
            Decision::RetryAfter(self.backoff(attempt))
        } else {
            Decision::GiveUp
        }
    }

    /// Exponential backoff with equal jitter: half the step, plus a random
    /// part of the other half, capped at `max_delay`.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
        let step = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let half = step / 2;
        half + jitter(step - half)
    }
}

/// The tokens retries spend, shared by every clone of a client (a token
/// bucket; see [`RetryPolicy::with_retry_budget`]).
#[derive(Debug)]
pub(crate) struct RetryBudget {
    /// The bucket's size; `None` for no budget.
    capacity: Option<u32>,
    /// The tokens left.
    tokens: AtomicU32,
}

impl RetryBudget {
    /// A full bucket of `capacity` tokens (`None`: retries are not counted).
    pub(crate) fn new(capacity: Option<u32>) -> Self {
        Self {
            capacity,
            tokens: AtomicU32::new(capacity.unwrap_or(0)),
        }
    }

    /// Takes the tokens a retry costs (more after a timeout); `None` when
    /// the bucket does not hold them, and the failure is to be returned.
    pub(crate) fn withdraw(&self, timeout: bool) -> Option<u32> {
        if self.capacity.is_none() {
            return Some(0);
        }
        let cost = if timeout {
            RetryPolicy::RETRY_COST * 2
        } else {
            RetryPolicy::RETRY_COST
        };
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                tokens.checked_sub(cost)
            })
            .ok()
            .map(|_| cost)
    }

    /// Puts tokens back after a success: what its retries spent, or one
    /// for a success at the first attempt; never above the capacity.
    pub(crate) fn deposit(&self, spent: u32) {
        let Some(capacity) = self.capacity else {
            return;
        };
        let refund = spent.max(1);
        let _always = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                Some(tokens.saturating_add(refund).min(capacity))
            });
    }

    /// The tokens left.
    #[cfg(test)]
    pub(crate) fn tokens(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

/// The outcome of one attempt, for the transport.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then try again.
    RetryAfter(Duration),
    /// Return the outcome as it is.
    GiveUp,
}

/// A random duration in `[0, max]`, from the standard library's
/// randomly seeded hasher (no extra dependency).
fn jitter(max: Duration) -> Duration {
    let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
    if nanos == 0 {
        return Duration::ZERO;
    }
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    Duration::from_nanos(random % (nanos + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        let policy = RetryPolicy::default()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_secs(1));
        for attempt in 1..40 {
            let delay = policy.backoff(attempt);
            assert!(delay <= Duration::from_secs(1), "{delay:?}");
        }
        let first = policy.backoff(1);
        assert!(
            first >= Duration::from_millis(50) && first <= Duration::from_millis(100),
            "{first:?}"
        );
        let fourth = policy.backoff(4);
        assert!(fourth >= Duration::from_millis(400), "{fourth:?}");
    }

    #[test]
    fn the_default_is_three_retries_from_500_ms_capped_at_30_s() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_retries(), 3);
        assert_eq!(policy.base_delay(), Duration::from_millis(500));
        assert_eq!(policy.max_delay(), Duration::from_secs(30));
        assert_eq!(RetryPolicy::disabled().max_retries(), 0);
    }

    #[test]
    fn rate_limited_requests_wait_for_the_reset_within_the_cap() {
        let policy = RetryPolicy::default().with_max_delay(Duration::from_secs(10));
        let limited = StatusCode::TOO_MANY_REQUESTS;
        let Decision::RetryAfter(wait) =
            policy.after_status(limited, Some(Duration::from_secs(3)), 1, false)
        else {
            panic!("a retry");
        };
        // The reset, then a backoff step of 250 to 500 ms.
        assert!(
            wait >= Duration::from_millis(3250) && wait <= Duration::from_millis(3500),
            "{wait:?}"
        );
        assert_eq!(
            policy.after_status(limited, Some(Duration::from_secs(60)), 1, true),
            Decision::GiveUp
        );
        assert_eq!(
            policy.after_status(limited, Some(Duration::from_secs(3)), 4, true),
            Decision::GiveUp
        );
    }

    #[test]
    fn server_errors_are_retried_only_when_repeating_is_safe() {
        let policy = RetryPolicy::default();
        let unavailable = StatusCode::SERVICE_UNAVAILABLE;
        assert!(matches!(
            policy.after_status(unavailable, None, 1, true),
            Decision::RetryAfter(_)
        ));
        assert_eq!(
            policy.after_status(unavailable, None, 1, false),
            Decision::GiveUp
        );
        assert_eq!(
            policy.after_status(StatusCode::BAD_REQUEST, None, 1, true),
            Decision::GiveUp
        );
        assert_eq!(
            RetryPolicy::disabled().after_status(unavailable, None, 1, true),
            Decision::GiveUp
        );
    }

    #[test]
    fn a_reset_of_zero_still_waits_a_growing_jittered_step() {
        let policy = RetryPolicy::default();
        let limited = StatusCode::TOO_MANY_REQUESTS;
        let waits: Vec<Duration> = (1..=3)
            .map(|attempt| {
                match policy.after_status(limited, Some(Duration::ZERO), attempt, true) {
                    Decision::RetryAfter(wait) => wait,
                    Decision::GiveUp => panic!("a retry"),
                }
            })
            .collect();
        assert!(waits[0] >= Duration::from_millis(250), "{waits:?}");
        assert!(waits[1] >= Duration::from_millis(500), "{waits:?}");
        assert!(waits[2] >= Duration::from_millis(1000), "{waits:?}");
        let spread: std::collections::BTreeSet<Duration> = (0..20)
            .filter_map(
                |_| match policy.after_status(limited, Some(Duration::ZERO), 1, true) {
                    Decision::RetryAfter(wait) => Some(wait),
                    Decision::GiveUp => None,
                },
            )
            .collect();
        assert!(spread.len() > 10, "jittered: {spread:?}");
    }

    #[test]
    fn the_budget_runs_dry_and_successes_refill_it() {
        let budget = RetryBudget::new(Some(12));
        assert_eq!(budget.withdraw(false), Some(5));
        assert_eq!(budget.withdraw(false), Some(5));
        assert_eq!(budget.withdraw(false), None, "2 tokens left");
        assert_eq!(budget.withdraw(true), None);
        budget.deposit(0);
        budget.deposit(5);
        assert_eq!(budget.tokens(), 8);
        budget.deposit(100);
        assert_eq!(budget.tokens(), 12, "never above the capacity");
        let unbounded = RetryBudget::new(None);
        for _ in 0..1000 {
            assert_eq!(unbounded.withdraw(true), Some(0));
        }
    }
}

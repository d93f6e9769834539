//! When a failed request is tried again, and after how long.
//!
//! Requests that are safe to repeat (GET, PUT, DELETE and operations the
//! spec marks idempotent) are retried on 408, 429, 5xx and on connection
//! failures and timeouts. Others (POST) are retried only on 429 and on
//! failures before the request was sent (connection refused, DNS), since
//! the API has no idempotency key and a repeated POST acts twice. A 429
//! waits for the rate-limit window to reset when the server says when,
//! unless that is longer than the policy's cap: then the error is
//! returned at once.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use reqwest::StatusCode;

use crate::error::{Error, TransportErrorKind};

/// How a client retries failed requests: how many times, and how long it
/// waits (exponential backoff with jitter, capped). The default is 3
/// retries, 500 ms base delay, 30 s cap; the crate docs show how to set
/// another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries, 500 ms base delay, 30 s cap.
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
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
                Some(wait) if wait <= self.max_delay => Decision::RetryAfter(wait),
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
        let Error::Transport { kind, source } = error else {
            return Decision::GiveUp;
        };
        let retry = match kind {
            // Neither a bad certificate nor a proxy's rules change on
            // their own.
            TransportErrorKind::Tls | TransportErrorKind::Proxy => false,
            _ if idempotent => true,
            _ => source.is_connect(),
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
        assert_eq!(
            policy.after_status(limited, Some(Duration::from_secs(3)), 1, false),
            Decision::RetryAfter(Duration::from_secs(3))
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
}

//! Calling an operation periodically to keep a state alive, such as an
//! agent's online status.
//!
//! A heartbeat calls at once, then every `interval`, measured from the start
//! of each call (a slow call does not push the next one later). Each call, the client's
//! own retries included, is bounded by a quarter of the `window` (the time
//! one success keeps the state alive): a call that has not ended by then is
//! abandoned and counts as failed, so a server that never answers cannot
//! keep the heartbeat silent. A failed call is reported (in
//! [`HeartbeatStatus`] and as a `tracing` warning) and tried again after a
//! short backoff (5 s, 10 s, 20 s, … never longer than the interval; on 429,
//! when the rate-limit window resets), so that a call still lands inside
//! the state's lifetime. A failure that retrying cannot mend (400, 401,
//! 403, 404: a bad request, a revoked key, a missing permission, an agent
//! that does not exist) stops it: [`Heartbeat::stopped`] returns why. It
//! also stops when [`Heartbeat::stop`] is called or the [`Heartbeat`] is
//! dropped; a call in flight at that moment is abandoned, and nothing is
//! sent afterwards.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use tokio::sync::{oneshot, watch};
use tokio::time::Instant;

use crate::error::Error;

/// The first wait after a failed call; each further failure doubles it.
const FIRST_RETRY: Duration = Duration::from_secs(5);

/// How often a heartbeat calls, and how long one successful call counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HeartbeatConfig {
    /// The time between two calls.
    pub interval: Duration,
    /// How long the server keeps the state alive after one call.
    pub window: Duration,
}

impl HeartbeatConfig {
    /// A call every `interval`, each keeping the state alive for `window`.
    /// Starting a heartbeat checks them: the interval must be more than
    /// zero, and the window at least the interval.
    pub fn new(interval: Duration, window: Duration) -> Self {
        Self { interval, window }
    }

    /// How long one call may take, its retries included, before it is
    /// abandoned: a quarter of the window, so that several tries fit in it.
    pub fn call_budget(&self) -> Duration {
        (self.window / 4).max(Duration::from_millis(1))
    }

    /// The configuration, or why it cannot keep a state alive.
    fn checked(self) -> Result<Self, Error> {
        if self.interval.is_zero() {
            return Err(Error::InvalidArgument {
                name: "interval",
                reason: "must be more than zero".to_owned(),
            });
        }
        if self.window < self.interval {
            return Err(Error::InvalidArgument {
                name: "window",
                reason: format!(
                    "must be at least the interval ({} ms): one call keeps the state alive until the next",
                    self.interval.as_millis()
                ),
            });
        }
        Ok(self)
    }
}

/// What a heartbeat has done so far.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct HeartbeatStatus {
    /// Successful calls.
    pub successes: u64,
    /// Failed calls since the last success.
    pub consecutive_failures: u32,
    /// When the last call succeeded.
    pub last_success: Option<Instant>,
    /// The last error a call returned since the last success (its
    /// `Display` never contains a credential); `None` after a success. A
    /// call abandoned at its budget counts in `consecutive_failures` and
    /// `abandoned`, and leaves this as it was.
    pub last_error: Option<Arc<Error>>,
    /// Calls abandoned because they had not ended within
    /// [`HeartbeatConfig::call_budget`].
    pub abandoned: u64,
    /// Why the heartbeat stopped on its own, once it has.
    pub stopped: Option<HeartbeatStop>,
}

/// Why a heartbeat stopped on its own ([`Heartbeat::stopped`]).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum HeartbeatStop {
    /// The API refused a call in a way no retry mends: 400 (the request
    /// is wrong), 401 (the key is wrong or revoked), 403 (a permission is
    /// missing) or 404 (what it keeps alive does not exist). The error is
    /// the call's.
    Refused(Arc<Error>),
}

/// A running heartbeat. Dropping it stops it, so keep it for as long as
/// the state is to stay alive.
#[derive(Debug)]
#[must_use = "a heartbeat stops when it is dropped; keep it for as long as the state is to stay alive"]
pub struct Heartbeat {
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    status: watch::Receiver<HeartbeatStatus>,
}

impl Heartbeat {
    /// Starts calling `call` on the current Tokio runtime (the generated
    /// `Client` methods that start a heartbeat call this).
    pub(crate) fn spawn<F, Fut>(config: HeartbeatConfig, call: F) -> Result<Self, Error>
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = Result<(), Error>> + Send + 'static,
    {
        let config = config.checked()?;
        let runtime =
            tokio::runtime::Handle::try_current().map_err(|_| Error::InvalidArgument {
                name: "runtime",
                reason: "a heartbeat must be started inside a Tokio runtime".to_owned(),
            })?;
        let (stop_sender, stop_receiver) = oneshot::channel();
        let (status_sender, status) = watch::channel(HeartbeatStatus::default());
        let task = runtime.spawn(run(config, call, stop_receiver, status_sender));
        Ok(Self {
            stop: Some(stop_sender),
            task: Some(task),
            status,
        })
    }

    /// What the heartbeat has done so far.
    pub fn status(&self) -> HeartbeatStatus {
        self.status.borrow().clone()
    }

    /// Waits for the next call to finish, and returns the new status.
    /// Returns the last status at once when the heartbeat has stopped.
    pub async fn changed(&mut self) -> HeartbeatStatus {
        let _stopped = self.status.changed().await;
        self.status()
    }

    /// Waits until the heartbeat stops on its own (a call refused in a way
    /// no retry mends) and returns why; at once when it already has. A
    /// heartbeat that keeps working never returns: wait for this beside the
    /// program's own work (in `tokio::select!`).
    pub async fn stopped(&mut self) -> HeartbeatStop {
        loop {
            if let Some(stop) = self.status.borrow().stopped.clone() {
                return stop;
            }
            if self.status.changed().await.is_err() {
                // The task ended without saying why: only a stop does that.
                return std::future::pending().await;
            }
        }
    }

    /// Stops the heartbeat and waits until its task has ended. Nothing is
    /// sent after this returns.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopped = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ended = task.await;
        }
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopped = stop.send(());
        }
    }
}

/// The heartbeat's loop: wait, call, record, until told to stop or a call
/// is refused for good.
async fn run<F, Fut>(
    config: HeartbeatConfig,
    mut call: F,
    mut stop: oneshot::Receiver<()>,
    status: watch::Sender<HeartbeatStatus>,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), Error>>,
{
    let budget = config.call_budget();
    let mut next = Instant::now();
    loop {
        let mut started = next;
        let outcome = {
            let mut beat = std::pin::pin!(async {
                tokio::time::sleep_until(next).await;
                started = Instant::now();
                tokio::time::timeout(budget, call()).await
            });
            // The stop signal first (a stop wins over a beat that is due),
            // then the wait and the call: `select!` without tokio's macros.
            std::future::poll_fn(|cx| {
                if Pin::new(&mut stop).poll(cx).is_ready() {
                    return Poll::Ready(None);
                }
                beat.as_mut().poll(cx).map(Some)
            })
            .await
        };
        let Some(outcome) = outcome else {
            return;
        };
        match outcome {
            Ok(Ok(())) => {
                status.send_modify(|s| {
                    s.successes += 1;
                    s.consecutive_failures = 0;
                    s.last_success = Some(Instant::now());
                    s.last_error = None;
                });
                // From the start of this call, so a slow call does not
                // push the next one past the window.
                next = started + config.interval;
            }
            Ok(Err(error)) => {
                let code = error.status().map(|status| status.as_u16());
                let error = Arc::new(error);
                if matches!(code, Some(400 | 401 | 403 | 404)) {
                    tracing::warn!(status = code, "heartbeat call refused; the heartbeat stops");
                    status.send_modify(|s| {
                        s.consecutive_failures += 1;
                        s.last_error = Some(error.clone());
                        s.stopped = Some(HeartbeatStop::Refused(error));
                    });
                    return;
                }
                let failures = record_failure(&status, Some(error.clone()));
                // The status, never the error's text: that holds the start
                // of the response body, which no event carries.
                tracing::warn!(status = code, failures, "heartbeat call failed");
                next = Instant::now() + retry_delay(&config, failures, Some(&error));
            }
            Err(_elapsed) => {
                let failures = record_failure(&status, None);
                tracing::warn!(
                    budget_ms = u64::try_from(budget.as_millis()).unwrap_or(u64::MAX),
                    failures,
                    "heartbeat call did not end in time and was abandoned"
                );
                next = Instant::now() + retry_delay(&config, failures, None);
            }
        }
    }
}

/// Counts a failure with its error (`None` for a call abandoned at its
/// budget, which keeps the last error); returns the failures in a row.
fn record_failure(status: &watch::Sender<HeartbeatStatus>, error: Option<Arc<Error>>) -> u32 {
    let mut failures = 0;
    status.send_modify(|s| {
        s.consecutive_failures += 1;
        match error {
            Some(error) => s.last_error = Some(error),
            None => s.abandoned += 1,
        }
        failures = s.consecutive_failures;
    });
    failures
}

/// How long to wait after the `failures`-th failure in a row (`error`:
/// what the call returned; `None` when it was abandoned).
fn retry_delay(config: &HeartbeatConfig, failures: u32, error: Option<&Error>) -> Duration {
    if let Some(error) = error {
        if let Some(reset) = error.rate_limit().and_then(|r| r.reset) {
            if error.status().is_some_and(|s| s.as_u16() == 429) {
                return reset.max(Duration::from_secs(1));
            }
        }
    }
    let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(16));
    FIRST_RETRY.saturating_mul(factor).min(config.interval)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> HeartbeatConfig {
        HeartbeatConfig {
            interval: Duration::from_secs(60),
            window: Duration::from_secs(120),
        }
    }

    fn invalid() -> Error {
        Error::InvalidArgument {
            name: "x",
            reason: String::new(),
        }
    }

    #[test]
    fn failures_back_off_5_10_20_seconds_and_never_past_the_interval() {
        let delays: Vec<u64> = (1..=6)
            .map(|failures| retry_delay(&config(), failures, Some(&invalid())).as_secs())
            .collect();
        assert_eq!(delays, [5, 10, 20, 40, 60, 60]);
    }
}

#[cfg(test)]
mod config_tests {
    use super::*;

    #[test]
    fn a_config_that_cannot_keep_a_state_alive_is_refused() {
        let second = Duration::from_secs(1);
        assert!(matches!(
            HeartbeatConfig::new(Duration::ZERO, second).checked(),
            Err(Error::InvalidArgument {
                name: "interval",
                ..
            })
        ));
        assert!(matches!(
            HeartbeatConfig::new(second * 60, second * 30).checked(),
            Err(Error::InvalidArgument { name: "window", .. })
        ));
        let brevo = HeartbeatConfig::new(second * 60, second * 120);
        assert_eq!(
            brevo.checked().map(|c| c.call_budget()).ok(),
            Some(second * 30)
        );
    }
}

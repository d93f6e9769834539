//! The figures of a load-and-fault run, and how they are printed.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use super::{Config, Ended, Fault, Op};

/// The process's memory and open file descriptors at one moment (Linux's
/// `/proc/self`; `None` elsewhere).
#[derive(Clone, Copy, Debug, Default)]
pub struct Resources {
    /// Peak resident memory so far (`VmHWM`), in KiB.
    pub peak_kib: Option<u64>,
    /// Resident memory now (`VmRSS`), in KiB.
    pub rss_kib: Option<u64>,
    /// Entries of `/proc/self/fd`.
    pub fds: Option<usize>,
}

impl Resources {
    /// The figures now.
    pub fn now() -> Resources {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        };
        Resources {
            peak_kib: field("VmHWM:"),
            rss_kib: field("VmRSS:"),
            fds: std::fs::read_dir("/proc/self/fd")
                .ok()
                .map(|entries| entries.count()),
        }
    }
}

/// A sample of the process taken along the run.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// Calls ended when it was taken.
    pub ended: usize,
    /// The figures.
    pub resources: Resources,
}

/// The figures of a run.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Report {
    /// The settings.
    pub config: Config,
    /// From the first call to the end of the last.
    pub wall: Duration,
    /// How the calls that returned ended, with their number.
    pub ended: BTreeMap<Ended, usize>,
    /// Calls whose task panicked.
    pub panics: usize,
    /// Calls still running at the budget.
    pub hung: usize,
    /// Calls whose task was cancelled (nothing cancels them: counted to be sure).
    pub cancelled: usize,
    /// POST calls.
    pub post_calls: usize,
    /// POST calls the server received more than once (and may have acted
    /// on more than once).
    pub duplicated_posts: usize,
    /// POST calls the client sent more than once, each time safely (after a
    /// 429, or a reset before the request was read).
    pub posts_resent_safely: usize,
    /// POST calls that returned `Ok` although the server stored nothing
    /// for them (a write redirected and fetched as a GET): lies.
    pub lies: usize,
    /// GETs of a redirected write's location (a client that followed one).
    pub redirected_gets: u64,
    /// Calls the server received more often than the retry policy allows.
    pub over_retried: usize,
    /// Calls with a valid id that ended with an error although the server
    /// never received a request of theirs: their operation and outcome.
    pub failed_unseen: Vec<(Op, Ended)>,
    /// Requests the server could not match to a call's operation.
    pub unmatched_requests: u64,
    /// Attempts the server saw, per fault.
    pub injected: BTreeMap<Fault, u64>,
    /// Latencies of the calls that returned, sorted.
    pub latencies: Vec<Duration>,
    /// Before the first call (server and client made).
    pub start: Resources,
    /// After the last call, with the client (and its pooled connections).
    pub end: Resources,
    /// After the client was dropped and the server saw its connections close.
    pub settled: Resources,
    /// Samples at each tenth of the calls.
    pub along: Vec<Sample>,
}

impl Report {
    /// A report of `ended` calls; the per-call figures start at zero.
    pub(super) fn new(
        config: Config,
        wall: Duration,
        ended: BTreeMap<Ended, usize>,
        start: Resources,
        end: Resources,
        settled: Resources,
        along: Vec<Sample>,
    ) -> Report {
        Report {
            config,
            wall,
            ended,
            panics: 0,
            hung: 0,
            cancelled: 0,
            post_calls: 0,
            duplicated_posts: 0,
            posts_resent_safely: 0,
            lies: 0,
            redirected_gets: 0,
            over_retried: 0,
            failed_unseen: Vec::new(),
            unmatched_requests: 0,
            injected: BTreeMap::new(),
            latencies: Vec::new(),
            start,
            end,
            settled,
            along,
        }
    }
    /// Calls that returned, `Ok` or a typed error.
    pub fn returned(&self) -> usize {
        self.ended.values().sum()
    }

    /// Calls that returned `Ok` with their own body.
    pub fn successes(&self) -> usize {
        self.ended.get(&Ended::Ok).copied().unwrap_or(0)
    }

    /// Calls that returned `Ok(None)`: a 2xx without the documented body.
    pub fn without_body(&self) -> usize {
        self.ended.get(&Ended::OkWithoutBody).copied().unwrap_or(0)
    }

    /// Calls that returned this kind of outcome.
    pub fn count(&self, matches: impl Fn(&Ended) -> bool) -> usize {
        self.ended
            .iter()
            .filter(|(ended, _)| matches(ended))
            .map(|(_, count)| count)
            .sum()
    }

    /// The latency at quantile `q` (0 to 1) of the calls that returned.
    pub fn latency(&self, q: f64) -> Option<Duration> {
        let last = self.latencies.len().checked_sub(1)?;
        let at = ((last as f64) * q).round() as usize;
        self.latencies.get(at.min(last)).copied()
    }

    /// What went wrong, one line each: panics, hung or cancelled calls,
    /// duplicated POSTs, successes with another call's body, calls sent
    /// more often than the retry policy allows, requests of no call, calls
    /// unaccounted for. Empty when the client held up.
    pub fn failures(&self) -> Vec<String> {
        let mut failures = Vec::new();
        let mut check = |count: u64, what: &str| {
            if count > 0 {
                failures.push(format!("{count} {what}"));
            }
        };
        let wide = |count: usize| u64::try_from(count).unwrap_or(u64::MAX);
        check(wide(self.panics), "calls panicked");
        check(wide(self.hung), "calls never ended");
        check(wide(self.cancelled), "call tasks were cancelled");
        check(
            wide(self.duplicated_posts),
            "POSTs were received more than once for one call",
        );
        check(
            wide(self.count(|ended| *ended == Ended::WrongBody)),
            "successes carried another call's body",
        );
        check(
            wide(self.lies),
            "POSTs returned Ok although the server stored nothing for them",
        );
        check(
            wide(self.over_retried),
            "calls were sent more often than the retry policy allows",
        );
        check(
            self.unmatched_requests,
            "requests matched no call (an invalid id sent, or a wrong method or path)",
        );
        let accounted = self.returned() + self.panics + self.hung + self.cancelled;
        check(
            wide(self.config.calls.saturating_sub(accounted)),
            "calls unaccounted for",
        );
        failures
    }
}

fn millis(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1_000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1_000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1_000.0)
    }
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "n/a".to_owned(),
        |kib| format!("{:.1} MiB", kib as f64 / 1024.0),
    )
}

/// `n (a ×i, b ×j)` of labels counted so many times each, or `0`.
fn tally(labels: impl Iterator<Item = (String, usize)>) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (label, count) in labels {
        *counts.entry(label).or_insert(0) += count;
    }
    if counts.is_empty() {
        return "0".to_owned();
    }
    let total: usize = counts.values().sum();
    let parts: Vec<String> = counts
        .iter()
        .map(|(label, count)| format!("{label} ×{count}"))
        .collect();
    format!("{total} ({})", parts.join(", "))
}

fn count(value: Option<usize>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |value| value.to_string())
}

/// The outcomes `pick` names, by name: `n (a ×i, b ×j)`, or `0`.
fn breakdown(report: &Report, pick: impl Fn(&Ended) -> Option<String>) -> String {
    tally(
        report
            .ended
            .iter()
            .filter_map(|(ended, count)| pick(ended).map(|label| (label, *count))),
    )
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = &self.config;
        let retry = config.retry_policy();
        writeln!(
            f,
            "load-and-fault run: {} calls at concurrency {}, seed {}",
            config.calls, config.concurrency, config.seed
        )?;
        writeln!(
            f,
            "client: timeout {} per attempt, {} retries from {} (cap {}); each call bounded at {}",
            millis(config.timeout),
            retry.max_retries(),
            millis(retry.base_delay()),
            millis(retry.max_delay()),
            millis(config.budget)
        )?;
        let per_second = self.returned() as f64 / self.wall.as_secs_f64().max(1e-9);
        writeln!(
            f,
            "wall time: {} ({per_second:.0} calls/s)",
            millis(self.wall)
        )?;
        writeln!(f, "calls: {}", config.calls)?;
        writeln!(
            f,
            "  successes: {} ({} of them `Ok(None)`: a 2xx without the documented body)",
            self.successes() + self.without_body(),
            self.without_body()
        )?;
        type Pick = fn(&Ended) -> Option<String>;
        let kinds: [(&str, Pick); 6] = [
            ("Error::Api by status", |ended| match ended {
                Ended::Api(status) => Some(status.to_string()),
                _ => None,
            }),
            ("Error::Transport by kind", |ended| match ended {
                Ended::Transport(kind) => Some(kind.clone()),
                _ => None,
            }),
            ("Error::InvalidArgument", |ended| {
                (*ended == Ended::InvalidArgument).then(|| "refused before sending".to_owned())
            }),
            (
                "Error::Redirect (not followed) by status",
                |ended| match ended {
                    Ended::Redirect(status) => Some(status.to_string()),
                    _ => None,
                },
            ),
            ("Error::ResponseTooLarge by status", |ended| match ended {
                Ended::TooLarge(status) => Some(status.to_string()),
                _ => None,
            }),
            ("other errors", |ended| match ended {
                Ended::OtherError(name) => Some(name.clone()),
                _ => None,
            }),
        ];
        for (label, pick) in kinds {
            writeln!(f, "  {label}: {}", breakdown(self, pick))?;
        }
        writeln!(f, "panics: {}", self.panics)?;
        writeln!(
            f,
            "calls that never ended (bound {}): {}",
            millis(config.budget),
            self.hung + self.cancelled
        )?;
        writeln!(
            f,
            "POSTs received more than once for one call: {} (of {} POST calls; {} were sent again safely, after a 429 or a reset before the request was read)",
            self.duplicated_posts, self.post_calls, self.posts_resent_safely
        )?;
        writeln!(
            f,
            "successes with another call's body: {}",
            self.count(|ended| *ended == Ended::WrongBody)
        )?;
        writeln!(
            f,
            "lies (a POST's Ok the server stored nothing for): {} ({} GETs of a redirected write's location)",
            self.lies, self.redirected_gets
        )?;
        writeln!(
            f,
            "calls sent more than {} times: {}",
            retry.max_retries() + 1,
            self.over_retried
        )?;
        writeln!(
            f,
            "requests that matched no call: {}",
            self.unmatched_requests
        )?;
        writeln!(
            f,
            "calls that failed before the server saw any request of theirs: {}",
            tally(
                self.failed_unseen
                    .iter()
                    .map(|(op, ended)| (format!("{op:?} {ended:?}"), 1))
            )
        )?;
        let quantile = |q| self.latency(q).map_or_else(|| "n/a".to_owned(), millis);
        writeln!(
            f,
            "latency (calls that returned, retries included): p50 {}, p99 {}, max {}",
            quantile(0.5),
            quantile(0.99),
            quantile(1.0)
        )?;
        let attempts: u64 = self.injected.values().sum();
        let faults: Vec<String> = self
            .injected
            .iter()
            .map(|(fault, count)| format!("{} {count}", fault.label()))
            .collect();
        writeln!(
            f,
            "server, per attempt ({attempts} attempts): {}",
            faults.join(", ")
        )?;
        writeln!(
            f,
            "peak memory (VmHWM): {} at start, {} at end",
            mib(self.start.peak_kib),
            mib(self.end.peak_kib)
        )?;
        writeln!(
            f,
            "open file descriptors: {} at start, {} at end (the client's pooled connections open), {} once the client was dropped",
            count(self.start.fds),
            count(self.end.fds),
            count(self.settled.fds)
        )?;
        let samples: Vec<String> = self
            .along
            .iter()
            .map(|sample| {
                format!(
                    "{}: {} fds, {}",
                    sample.ended,
                    count(sample.resources.fds),
                    mib(sample.resources.rss_kib)
                )
            })
            .collect();
        writeln!(
            f,
            "along the run (calls ended: fds, VmRSS): {}",
            samples.join("; ")
        )?;
        let failures = self.failures();
        if failures.is_empty() {
            write!(
                f,
                "verdict: ok (0 panics, 0 hung calls, 0 duplicated POSTs, 0 lies)"
            )
        } else {
            write!(f, "verdict: FAILED: {}", failures.join("; "))
        }
    }
}

//! The `keep_agent_online` heartbeat, on paused Tokio time against a real
//! HTTP server on loopback.
//!
//! With the clock paused, Tokio jumps to the next timer whenever it has
//! nothing else to do. The server runs on the test's own runtime, so while
//! a ping is in flight there is always work (the server's or the client's)
//! and the clock stands still, although the heartbeat's budget timer and
//! the client's timeout are pending: each ping's virtual time is exact.

use std::time::Duration;

use brevo_conversations::types::{AgentIdentity, AgentOnlinePing};
use brevo_conversations::{Client, HeartbeatConfig};
use client_tests::heartbeat_client;
use client_tests::server::{response, Answer, Server};
use tokio::time::Instant;

const API_KEY: &str = "presence-test-key";
const PING_PATH: &str = "/conversations/agentOnlinePing";

/// A client for `base_url` for heartbeat tests on paused time.
fn client(base_url: &str) -> Client {
    heartbeat_client(Client::builder().api_key(API_KEY), base_url)
}

/// The same without the client's own timeout, so that only the heartbeat's
/// budget bounds a ping.
fn unbounded_client(base_url: &str) -> Client {
    heartbeat_client(Client::builder().api_key(API_KEY).no_timeout(), base_url)
}

fn agent() -> AgentOnlinePing {
    AgentOnlinePing::new(AgentIdentity::by_id("d9nKoegKSjmCtyK78"))
}

/// A server that answers every ping with `status` (and `headers`).
async fn answering(status: u16, headers: &'static [(&'static str, &'static str)]) -> Server {
    Server::start(move |_, _| Answer::Bytes(response(status, headers, b"")))
        .await
        .expect("server starts")
}

/// A server that answers the first `failures` pings with `status` (and
/// `headers`, `body`), and every later one with 201.
async fn failing_first(
    failures: usize,
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: &'static [u8],
) -> Server {
    Server::start(move |number, _| {
        if number < failures {
            Answer::Bytes(response(status, headers, body))
        } else {
            Answer::Bytes(response(201, &[], b""))
        }
    })
    .await
    .expect("server starts")
}

/// Seconds from `start` to the heartbeat's last success.
fn seconds_since(start: Instant, at: Option<Instant>) -> u64 {
    at.expect("a success was recorded")
        .duration_since(start)
        .as_secs()
}

#[tokio::test(start_paused = true)]
async fn pings_at_once_then_every_minute() {
    let server = answering(201, &[]).await;
    let start = Instant::now();
    let mut heartbeat = client(&server.url())
        .keep_agent_online(agent())
        .expect("starts");

    let minutes = 5;
    for minute in 0..=minutes {
        let status = heartbeat.changed().await;
        assert_eq!(status.successes, minute + 1);
        assert_eq!(status.consecutive_failures, 0);
        assert_eq!(seconds_since(start, status.last_success), minute * 60);
    }
    assert_eq!(
        server.request_count(),
        6,
        "one ping at once and one per minute over 5 minutes"
    );
    for received in server.received() {
        let request = &received.request;
        assert_eq!((request.method(), request.target()), ("POST", PING_PATH));
        assert_eq!(request.header("api-key"), Some(API_KEY));
        assert_eq!(request.body, br#"{"agentId":"d9nKoegKSjmCtyK78"}"#);
    }
    heartbeat.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_custom_interval_is_honoured() {
    let server = answering(201, &[]).await;
    let start = Instant::now();
    let config = HeartbeatConfig::new(Duration::from_secs(30), Duration::from_secs(120));
    let mut heartbeat = client(&server.url())
        .keep_agent_online_with(agent(), config)
        .expect("starts");
    for round in 0..4 {
        let status = heartbeat.changed().await;
        assert_eq!(seconds_since(start, status.last_success), round * 30);
    }
    heartbeat.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_rate_limited_ping_is_retried_when_the_window_resets() {
    let server = failing_first(
        1,
        429,
        &[
            ("x-sib-ratelimit-limit", "10"),
            ("x-sib-ratelimit-remaining", "0"),
            ("x-sib-ratelimit-reset", "12"),
            ("content-type", "application/json"),
        ],
        br#"{"code": "too_many_requests", "message": "slow down"}"#,
    )
    .await;
    let start = Instant::now();
    let mut heartbeat = client(&server.url())
        .keep_agent_online(agent())
        .expect("starts");

    let failed = heartbeat.changed().await;
    assert_eq!(failed.successes, 0);
    assert_eq!(failed.consecutive_failures, 1);
    let error = failed.last_error.expect("the failure is reported");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429), "{error}");
    assert!(!error.to_string().contains(API_KEY), "{error}");

    let recovered = heartbeat.changed().await;
    assert_eq!(recovered.successes, 1);
    assert_eq!(recovered.consecutive_failures, 0);
    assert_eq!(
        seconds_since(start, recovered.last_success),
        12,
        "retried when the window reset"
    );

    let next = heartbeat.changed().await;
    assert_eq!(
        seconds_since(start, next.last_success),
        72,
        "back to once a minute"
    );
    assert_eq!(server.request_count(), 3);
    heartbeat.stop().await;
}

#[tokio::test(start_paused = true)]
async fn server_errors_are_retried_sooner_than_the_interval() {
    let server = failing_first(2, 503, &[], b"").await;
    let start = Instant::now();
    let mut heartbeat = client(&server.url())
        .keep_agent_online(agent())
        .expect("starts");

    assert_eq!(heartbeat.changed().await.consecutive_failures, 1);
    assert_eq!(heartbeat.changed().await.consecutive_failures, 2);
    let recovered = heartbeat.changed().await;
    // Failures at 0 s and 5 s; backoff 5 s then 10 s: the ping lands at 15 s,
    // well inside the two-minute window of the last successful ping.
    assert_eq!(seconds_since(start, recovered.last_success), 15);
    assert_eq!(recovered.successes, 1);
    heartbeat.stop().await;
}

#[tokio::test(start_paused = true)]
async fn nothing_is_sent_after_stop() {
    let server = answering(201, &[]).await;
    let mut heartbeat = client(&server.url())
        .keep_agent_online(agent())
        .expect("starts");
    heartbeat.changed().await;
    heartbeat.changed().await;
    heartbeat.stop().await;
    let sent = server.request_count();
    assert_eq!(sent, 2);

    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(server.request_count(), sent, "no ping after stop");
}

#[tokio::test(start_paused = true)]
async fn dropping_the_handle_stops_the_heartbeat() {
    let server = answering(201, &[]).await;
    let mut heartbeat = client(&server.url())
        .keep_agent_online(agent())
        .expect("starts");
    heartbeat.changed().await;
    drop(heartbeat);
    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(
        server.request_count(),
        1,
        "no ping after the handle is dropped"
    );
}

#[tokio::test(start_paused = true)]
async fn stop_does_not_wait_for_the_next_interval() {
    let server = answering(201, &[]).await;
    let mut heartbeat = client(&server.url())
        .keep_agent_online(agent())
        .expect("starts");
    heartbeat.changed().await;
    let before = Instant::now();
    heartbeat.stop().await;
    assert!(
        before.elapsed() < Duration::from_secs(1),
        "stop returned after {:?}",
        before.elapsed()
    );
}

/// The waits between consecutive requests `server` received, in seconds.
fn gaps_in_seconds(server: &Server) -> Vec<u64> {
    server
        .received()
        .windows(2)
        .map(|pair| pair[1].at.duration_since(pair[0].at).as_secs())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn failed_pings_are_retried_after_5_10_20_40_s_and_never_later_than_the_interval() {
    let server = Server::start(|number, _| {
        let status = if number < 6 { 503 } else { 201 };
        Answer::Bytes(response(status, &[], b""))
    })
    .await
    .expect("server starts");
    let start = Instant::now();
    let mut heartbeat = client(&server.url())
        .keep_agent_online(agent())
        .expect("starts");
    for failures in 1..=6 {
        assert_eq!(heartbeat.changed().await.consecutive_failures, failures);
    }
    let recovered = heartbeat.changed().await;
    assert_eq!(recovered.successes, 1);
    // 5 s, 10 s, 20 s, 40 s, then 80 s capped at the 60 s interval.
    assert_eq!(gaps_in_seconds(&server), [5, 10, 20, 40, 60, 60]);
    assert_eq!(seconds_since(start, recovered.last_success), 195);
    let next = heartbeat.changed().await;
    assert_eq!(
        seconds_since(start, next.last_success),
        255,
        "then every minute"
    );
    heartbeat.stop().await;
}

#[tokio::test(start_paused = true)]
async fn stop_abandons_a_ping_in_flight_and_nothing_is_sent_afterwards() {
    // The server reads the ping and never answers.
    let server = Server::always(Answer::Hold).await.expect("server starts");
    let heartbeat = client(&server.url())
        .keep_agent_online(agent())
        .expect("starts");
    // On paused time, a wait that could never end (here: a stop that waited
    // for the answer) lets the clock run to the limit at once.
    let limit = Duration::from_secs(3600);
    tokio::time::timeout(
        limit,
        server.wait_until(|server| server.request_count() == 1),
    )
    .await
    .expect("the first ping is sent at once");
    let status = heartbeat.status();
    assert_eq!((status.successes, status.consecutive_failures), (0, 0));

    tokio::time::timeout(limit, heartbeat.stop())
        .await
        .expect("stop returns without waiting for the ping's answer");
    tokio::time::timeout(
        limit,
        server.wait_until(|server| server.closed_by_client() == 1),
    )
    .await
    .expect("the ping's connection is closed: the request was abandoned");

    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(server.request_count(), 1, "nothing is sent after stop");
    assert_eq!(server.accepted(), 1);
}

#[test]
fn starting_outside_a_runtime_is_an_error_not_a_panic() {
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("client builds");
    let error = client.keep_agent_online(agent()).expect_err("no runtime");
    assert!(error.to_string().contains("Tokio runtime"), "{error}");
}

/// A server that accepts the ping and never answers cannot keep the
/// heartbeat silent: each ping is abandoned after a quarter of the window
/// (30 s of Brevo's 120 s), reported as a failure (with a warning), and
/// tried again after the backoff, all inside the online window.
#[tokio::test(start_paused = true)]
async fn a_server_that_never_answers_is_reported_inside_the_window() {
    let server = Server::always(Answer::Hold).await.expect("server starts");
    let start = Instant::now();
    let mut heartbeat = unbounded_client(&server.url())
        .keep_agent_online(agent())
        .expect("starts");
    let first = heartbeat.changed().await;
    assert_eq!((first.successes, first.consecutive_failures), (0, 1));
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(30),
        "abandoned at the budget"
    );
    assert_eq!(first.abandoned, 1, "the failure is reported");
    assert!(first.last_error.is_none(), "no error was returned");
    let second = heartbeat.changed().await;
    assert_eq!(second.consecutive_failures, 2);
    // Retried 5 s after the first was abandoned, abandoned 30 s later.
    assert_eq!(start.elapsed(), Duration::from_secs(65));
    assert!(
        start.elapsed() < Duration::from_secs(120),
        "inside the window"
    );
    assert_eq!(server.request_count(), 2);
    heartbeat.stop().await;
}

/// A server that answers only after the window: the ping is abandoned at
/// the budget all the same, and the next one, answered at once, lands
/// inside the window.
#[tokio::test(start_paused = true)]
async fn a_server_that_answers_after_the_window_does_not_hold_the_heartbeat() {
    let server = Server::start(|number, _| {
        if number == 0 {
            Answer::Hold
        } else {
            Answer::Bytes(response(201, &[], b""))
        }
    })
    .await
    .expect("server starts");
    let start = Instant::now();
    let mut heartbeat = unbounded_client(&server.url())
        .keep_agent_online(agent())
        .expect("starts");
    assert_eq!(heartbeat.changed().await.consecutive_failures, 1);
    let recovered = heartbeat.changed().await;
    assert_eq!(recovered.successes, 1);
    assert_eq!(seconds_since(start, recovered.last_success), 35);
    heartbeat.stop().await;
}

/// The window setting is used: a longer window gives each ping a longer
/// budget, and a window shorter than the interval is refused.
#[tokio::test(start_paused = true)]
async fn the_window_decides_the_budget_and_must_cover_the_interval() {
    let server = Server::always(Answer::Hold).await.expect("server starts");
    let start = Instant::now();
    let config = HeartbeatConfig::new(Duration::from_secs(60), Duration::from_secs(400));
    let mut heartbeat = unbounded_client(&server.url())
        .keep_agent_online_with(agent(), config)
        .expect("starts");
    assert_eq!(heartbeat.changed().await.consecutive_failures, 1);
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(100),
        "a quarter of 400 s"
    );
    heartbeat.stop().await;
    for (interval, window, name) in [(0, 120, "interval"), (60, 30, "window")] {
        let config =
            HeartbeatConfig::new(Duration::from_secs(interval), Duration::from_secs(window));
        let error = unbounded_client(&server.url())
            .keep_agent_online_with(agent(), config)
            .expect_err("refused");
        assert!(
            matches!(&error, brevo_conversations::Error::InvalidArgument { name: got, .. } if *got == name),
            "{error:?}"
        );
    }
}

//! The `keep_agent_online` heartbeat, on paused Tokio time against a real
//! HTTP server on loopback.
//!
//! With the clock paused, Tokio jumps to the next timer whenever it has
//! nothing else to do. The HTTP client here has no pool-idle timer, so while
//! a ping is in flight no timer is pending and the clock stands still: each
//! ping's virtual time is exact.

use std::time::Duration;

use brevo_conversations::types::{AgentIdentity, AgentOnlinePing};
use brevo_conversations::{Client, HeartbeatConfig};
use client_tests::heartbeat_client;
use client_tests::server::{response, Answer, Server};
use tokio::time::Instant;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "presence-test-key";
const PING_PATH: &str = "/conversations/agentOnlinePing";

/// A client for `base_url` for heartbeat tests on paused time.
fn client(base_url: &str) -> Client {
    heartbeat_client(Client::builder().api_key(API_KEY), base_url)
}

fn agent() -> AgentOnlinePing {
    AgentOnlinePing::new(AgentIdentity::ById {
        agent_id: "d9nKoegKSjmCtyK78".to_owned(),
        received_from: None,
    })
}

async fn ping_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .map_or(0, |requests| requests.len())
}

/// Seconds from `start` to the heartbeat's last success.
fn seconds_since(start: Instant, at: Option<Instant>) -> u64 {
    at.expect("a success was recorded")
        .duration_since(start)
        .as_secs()
}

#[tokio::test(start_paused = true)]
async fn pings_at_once_then_every_minute() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PING_PATH))
        .and(header("api-key", API_KEY))
        .and(body_json(
            serde_json::json!({"agentId": "d9nKoegKSjmCtyK78"}),
        ))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let start = Instant::now();
    let mut heartbeat = client(&server.uri())
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
        ping_count(&server).await,
        6,
        "one ping at once and one per minute over 5 minutes"
    );
    heartbeat.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_custom_interval_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PING_PATH))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let start = Instant::now();
    let config = HeartbeatConfig::new(Duration::from_secs(30), Duration::from_secs(120));
    let mut heartbeat = client(&server.uri())
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
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PING_PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-sib-ratelimit-limit", "10")
                .insert_header("x-sib-ratelimit-remaining", "0")
                .insert_header("x-sib-ratelimit-reset", "12")
                .set_body_json(
                    serde_json::json!({"code": "too_many_requests", "message": "slow down"}),
                ),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(PING_PATH))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let start = Instant::now();
    let mut heartbeat = client(&server.uri())
        .keep_agent_online(agent())
        .expect("starts");

    let failed = heartbeat.changed().await;
    assert_eq!(failed.successes, 0);
    assert_eq!(failed.consecutive_failures, 1);
    let error = failed.last_error.expect("the failure is reported");
    assert!(error.contains("429"), "{error}");
    assert!(!error.contains(API_KEY), "{error}");

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
    assert_eq!(ping_count(&server).await, 3);
    heartbeat.stop().await;
}

#[tokio::test(start_paused = true)]
async fn server_errors_are_retried_sooner_than_the_interval() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PING_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(PING_PATH))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let start = Instant::now();
    let mut heartbeat = client(&server.uri())
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
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PING_PATH))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let mut heartbeat = client(&server.uri())
        .keep_agent_online(agent())
        .expect("starts");
    heartbeat.changed().await;
    heartbeat.changed().await;
    heartbeat.stop().await;
    let sent = ping_count(&server).await;
    assert_eq!(sent, 2);

    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(ping_count(&server).await, sent, "no ping after stop");
}

#[tokio::test(start_paused = true)]
async fn dropping_the_handle_stops_the_heartbeat() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PING_PATH))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let mut heartbeat = client(&server.uri())
        .keep_agent_online(agent())
        .expect("starts");
    heartbeat.changed().await;
    drop(heartbeat);
    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(
        ping_count(&server).await,
        1,
        "no ping after the handle is dropped"
    );
}

#[tokio::test(start_paused = true)]
async fn stop_does_not_wait_for_the_next_interval() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PING_PATH))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let mut heartbeat = client(&server.uri())
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

//! Retries, rate limits, timeouts and response metadata, proved by counting
//! the requests a real server on loopback received, or the attempts the
//! client made (one `http_request` span each, seen by the capture that this
//! binary installs as the global subscriber).
//!
//! Whatever is about time runs on paused Tokio time against a
//! [`Server`] on the test's own runtime, which notes when each request
//! arrived: waits are then exact, not measured against a wall clock. No
//! assertion here depends on how fast the machine is.

use std::time::Duration;

use brevo_conversations::types::{
    AgentIdentity, AgentOnlinePing, PushedMessageSender, SendAgentMessage, SendPushedMessage,
    UpdateAgentMessage,
};
use brevo_conversations::{Client, Error, RetryPolicy, TransportErrorKind};
use client_tests::capture::{self, Attempt, Capture};
use client_tests::server::{response, Answer, Received, Refusing, Server};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "resilience-test-key";
const ID: &str = "eYBEm3gq3zc5ayE2g";

/// Short delays so retried tests stay fast; 3 retries as by default.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_base_delay(Duration::from_millis(2))
        .with_max_delay(Duration::from_millis(500))
}

/// The capture of every span and event; installed before any client is built.
fn capture() -> &'static Capture {
    capture::install().expect("the capture is the only global subscriber")
}

/// The attempts (`http_request` spans) the calling test's thread has made.
fn attempts() -> Vec<Attempt> {
    capture::attempts(&capture().this_thread())
}

fn client_for(base_url: &str, retry: RetryPolicy) -> Client {
    capture();
    client_tests::client(API_KEY, base_url, retry)
}

fn message() -> serde_json::Value {
    json!({"id": ID, "type": "agent", "text": "Hello!", "visitorId": "v1", "createdAt": 1482512803740_i64})
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

/// Mounts `status` for the first `times` requests to `route`, then 200 with a message.
async fn fail_then_succeed(server: &MockServer, verb: &str, route: &str, status: u16, times: u64) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status))
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(message()))
        .mount(server)
        .await;
}

async fn always(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .mount(server)
        .await;
}

fn agent() -> AgentIdentity {
    AgentIdentity::by_id("a1")
}

fn send_agent_message() -> SendAgentMessage {
    SendAgentMessage::new("v1", "Hello!", agent())
}

fn send_pushed_message() -> SendPushedMessage {
    SendPushedMessage::new(
        "v1",
        "Your order has shipped",
        PushedMessageSender::AnyAgent,
    )
}

#[tokio::test]
async fn get_is_retried_on_server_errors_until_it_succeeds() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        "GET",
        "/conversations/messages/eYBEm3gq3zc5ayE2g",
        503,
        2,
    )
    .await;
    let client = client_for(&server.uri(), fast_retries());
    let message = client
        .get_message(ID)
        .await
        .expect("third attempt succeeds");
    assert_eq!(message.id.as_deref(), Some(ID));
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn get_gives_up_after_the_configured_retries() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        "/conversations/pushedMessages/eYBEm3gq3zc5ayE2g",
        ResponseTemplate::new(500),
    )
    .await;
    let client = client_for(&server.uri(), fast_retries().with_max_retries(2));
    let error = client.get_pushed_message(ID).await.expect_err("always 500");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(requests(&server).await, 3, "one attempt and two retries");
}

#[tokio::test]
async fn zero_retries_sends_once() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        "/conversations/messages/eYBEm3gq3zc5ayE2g",
        ResponseTemplate::new(503),
    )
    .await;
    let client = client_for(&server.uri(), RetryPolicy::disabled());
    client.get_message(ID).await.expect_err("503");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn put_delete_and_the_online_ping_are_retried_on_5xx_and_408() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        "PUT",
        "/conversations/messages/eYBEm3gq3zc5ayE2g",
        502,
        1,
    )
    .await;
    Mock::given(method("DELETE"))
        .and(path("/conversations/pushedMessages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(408))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    always(
        &server,
        "DELETE",
        "/conversations/pushedMessages/eYBEm3gq3zc5ayE2g",
        ResponseTemplate::new(204),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/conversations/agentOnlinePing"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    always(
        &server,
        "POST",
        "/conversations/agentOnlinePing",
        ResponseTemplate::new(201),
    )
    .await;
    let client = client_for(&server.uri(), fast_retries());

    client
        .update_message(ID, &UpdateAgentMessage::new("Edited"))
        .await
        .expect("PUT succeeds on its second attempt");
    client
        .delete_pushed_message(ID)
        .await
        .expect("DELETE succeeds on its second attempt");
    let ping = AgentOnlinePing::new(agent());
    client
        .ping_agent_online(&ping)
        .await
        .expect("ping succeeds on its third attempt");
    assert_eq!(requests(&server).await, 2 + 2 + 3);
}

#[tokio::test]
async fn posting_a_message_is_never_retried_on_5xx() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        "/conversations/messages",
        ResponseTemplate::new(500),
    )
    .await;
    always(
        &server,
        "POST",
        "/conversations/pushedMessages",
        ResponseTemplate::new(503),
    )
    .await;
    let client = client_for(&server.uri(), fast_retries());
    let error = client
        .send_message(&send_agent_message())
        .await
        .expect_err("500");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    let error = client
        .send_pushed_message(&send_pushed_message())
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        requests(&server).await,
        2,
        "a repeated POST would send the visitor the message twice"
    );
}

#[tokio::test]
async fn posting_a_message_is_retried_on_429_once_the_window_resets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/conversations/messages"))
        .respond_with(ResponseTemplate::new(429).insert_header("x-sib-ratelimit-reset", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    always(
        &server,
        "POST",
        "/conversations/messages",
        ResponseTemplate::new(200).set_body_json(message()),
    )
    .await;
    let client = client_for(&server.uri(), fast_retries());
    client
        .send_message(&send_agent_message())
        .await
        .expect("second attempt succeeds");
    assert_eq!(requests(&server).await, 2);
}

const MESSAGE_PATH: &str = "/conversations/messages/eYBEm3gq3zc5ayE2g";

/// The JSON of [`message`], as a raw 200 response.
fn message_response() -> Answer {
    Answer::Bytes(response(
        200,
        &[("content-type", "application/json")],
        message().to_string().as_bytes(),
    ))
}

/// A raw 429 response with `headers`.
fn rate_limited(headers: &[(&str, &str)]) -> Answer {
    Answer::Bytes(response(429, headers, b""))
}

/// A server that answers `first` to the first request and a message to every other.
async fn first_then_message(first: Answer) -> Server {
    Server::start(move |number, _| {
        if number == 0 {
            first.clone()
        } else {
            message_response()
        }
    })
    .await
    .expect("server starts")
}

/// The waits between consecutive requests, on paused time.
fn gaps(received: &[Received]) -> Vec<Duration> {
    received
        .windows(2)
        .map(|pair| pair[1].at.duration_since(pair[0].at))
        .collect()
}

/// Asserts that `gaps` is one wait of `server_wait` plus the first backoff
/// step of the default policy (250 ms to 500 ms, jittered): the floor and
/// the spread a 429's wait gets.
fn assert_server_wait_plus_a_step(gaps: &[Duration], server_wait: Duration) {
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert!(
        gaps[0] >= server_wait + DEFAULT_BASE / 2 && gaps[0] <= server_wait + DEFAULT_BASE,
        "{gaps:?} is not {server_wait:?} plus 250 to 500 ms"
    );
}

/// The retry policy a client has when none is set, with its cap.
const DEFAULT_BASE: Duration = Duration::from_millis(500);
const DEFAULT_CAP: Duration = Duration::from_secs(30);

#[tokio::test(start_paused = true)]
async fn a_429_waits_for_the_reset_plus_a_backoff_step() {
    let server = first_then_message(rate_limited(&[("x-sib-ratelimit-reset", "12")])).await;
    let client = client_for(&server.url(), RetryPolicy::default());
    client
        .get_message(ID)
        .await
        .expect("succeeds after the reset");
    let received = server.received();
    assert_eq!(received.len(), 2);
    // The window's reset, then a backoff step.
    assert_server_wait_plus_a_step(&gaps(&received), Duration::from_secs(12));
}

#[tokio::test(start_paused = true)]
async fn a_non_zero_retry_after_is_waited_for_plus_a_backoff_step() {
    // 7 s is far outside the backoff of the first retry (250 ms to 500 ms).
    let server = first_then_message(rate_limited(&[("retry-after", "7")])).await;
    let client = client_for(&server.url(), RetryPolicy::default());
    client
        .get_message(ID)
        .await
        .expect("second attempt succeeds");
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_server_wait_plus_a_step(&gaps(&received), Duration::from_secs(7));
    assert_eq!(received[1].request.target(), MESSAGE_PATH);
}

#[tokio::test(start_paused = true)]
async fn retry_after_when_present_wins_over_the_reset_header() {
    let server = first_then_message(rate_limited(&[
        ("x-sib-ratelimit-reset", "3"),
        ("retry-after", "7"),
    ]))
    .await;
    let client = client_for(&server.url(), RetryPolicy::default());
    client
        .send_message(&send_agent_message())
        .await
        .expect("a rate-limited POST is retried");
    assert_server_wait_plus_a_step(&gaps(&server.received()), Duration::from_secs(7));
}

#[tokio::test(start_paused = true)]
async fn a_429_resetting_after_the_cap_is_returned_at_once_with_the_rate_limit() {
    let server = Server::always(Answer::Bytes(response(
        429,
        &[
            ("x-sib-ratelimit-limit", "100"),
            ("x-sib-ratelimit-remaining", "0"),
            ("x-sib-ratelimit-reset", "3600"),
            ("content-type", "application/json"),
        ],
        br#"{"code": "too_many_requests", "message": "Rate limit exceeded"}"#,
    )))
    .await
    .expect("server starts");
    let client = client_for(&server.url(), fast_retries());
    let started = tokio::time::Instant::now();
    let error = client
        .send_message(&send_agent_message())
        .await
        .expect_err("429");
    assert_eq!(
        started.elapsed(),
        Duration::ZERO,
        "no wait at all on paused time"
    );
    assert_eq!(server.request_count(), 1);
    let rate_limit = error
        .rate_limit()
        .expect("an API error carries the rate limit");
    assert_eq!(rate_limit.limit, Some(100));
    assert_eq!(rate_limit.remaining, Some(0));
    assert_eq!(rate_limit.reset, Some(Duration::from_secs(3600)));
    let text = error.to_string();
    assert!(text.contains("429") && text.contains("3600 s"), "{text}");
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_the_cap_is_returned_at_once() {
    let server = Server::always(rate_limited(&[("retry-after", "31")]))
        .await
        .expect("server starts");
    let client = client_for(&server.url(), RetryPolicy::default());
    let started = tokio::time::Instant::now();
    let error = client.get_message(ID).await.expect_err("429");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert_eq!(
        server.request_count(),
        1,
        "31 s is beyond the default 30 s cap"
    );
}

#[test]
fn the_default_retry_policy_is_3_retries_from_500_ms_capped_at_30_s() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_retries(), 3);
    assert_eq!(policy.base_delay(), DEFAULT_BASE);
    assert_eq!(policy.max_delay(), DEFAULT_CAP);
    let disabled = RetryPolicy::disabled();
    assert_eq!(disabled.max_retries(), 0);
}

/// The wait before retry number `retry` (from 1) with equal jitter: between
/// half of `base * 2^(retry-1)` (capped) and all of it.
fn backoff_bounds(base: Duration, cap: Duration, retry: u32) -> (Duration, Duration) {
    let step = base.saturating_mul(2u32.pow(retry - 1)).min(cap);
    (step / 2, step)
}

#[tokio::test(start_paused = true)]
async fn a_client_without_a_retry_policy_waits_250_500_ms_then_500_1000_then_1000_2000() {
    let server = Server::always(Answer::Bytes(response(503, &[], b"")))
        .await
        .expect("server starts");
    capture();
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.url())
        .build()
        .expect("client builds");
    client.get_message(ID).await.expect_err("always 503");
    let received = server.received();
    assert_eq!(received.len(), 4, "one attempt and 3 retries by default");
    for (retry, gap) in (1..).zip(gaps(&received)) {
        let (low, high) = backoff_bounds(DEFAULT_BASE, DEFAULT_CAP, retry);
        assert!(
            gap >= low && gap <= high,
            "retry {retry} waited {gap:?}, not within {low:?}..={high:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn the_default_backoff_is_capped_at_30_s() {
    let server = Server::always(Answer::Bytes(response(500, &[], b"")))
        .await
        .expect("server starts");
    // 8 retries: uncapped, the 8th would wait 32 s to 64 s.
    let client = client_for(&server.url(), RetryPolicy::default().with_max_retries(8));
    client.get_pushed_message(ID).await.expect_err("always 500");
    let received = server.received();
    assert_eq!(received.len(), 9);
    let gaps = gaps(&received);
    for (retry, gap) in (1..).zip(&gaps) {
        let (low, high) = backoff_bounds(DEFAULT_BASE, DEFAULT_CAP, retry);
        assert!(
            *gap >= low && *gap <= high,
            "retry {retry} waited {gap:?}, not within {low:?}..={high:?}"
        );
    }
    assert!(gaps[7] <= DEFAULT_CAP, "the 8th retry waited {:?}", gaps[7]);
}

#[tokio::test]
async fn successful_responses_carry_status_headers_and_rate_limit() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        "/conversations/messages/eYBEm3gq3zc5ayE2g",
        ResponseTemplate::new(200)
            .insert_header("x-sib-ratelimit-limit", "400")
            .insert_header("x-sib-ratelimit-remaining", "399")
            .insert_header("x-sib-ratelimit-reset", "59")
            .insert_header("x-request-id", "abc")
            .set_body_json(message()),
    )
    .await;
    let client = client_for(&server.uri(), fast_retries());
    let response = client
        .get_message(ID)
        .send_with_response()
        .await
        .expect("200");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(
        response
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("abc")
    );
    assert_eq!(response.rate_limit.limit, Some(400));
    assert_eq!(response.rate_limit.remaining, Some(399));
    assert_eq!(response.rate_limit.reset, Some(Duration::from_secs(59)));
    assert_eq!(response.body.id.as_deref(), Some(ID));
}

#[tokio::test]
async fn empty_success_responses_ignore_content_type_and_body() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        "/conversations/agentOnlinePing",
        ResponseTemplate::new(201)
            .insert_header("content-type", "application/json")
            .set_body_string("not json"),
    )
    .await;
    always(
        &server,
        "DELETE",
        "/conversations/messages/eYBEm3gq3zc5ayE2g",
        ResponseTemplate::new(204).insert_header("content-type", "application/json"),
    )
    .await;
    let client = client_for(&server.uri(), fast_retries());
    let ping = AgentOnlinePing::new(agent());
    let response = client
        .ping_agent_online(&ping)
        .send_with_response()
        .await
        .expect("201 is success");
    assert_eq!(response.status.as_u16(), 201);
    client.delete_message(ID).await.expect("204 is success");
}

/// A client for `base_url` whose every attempt times out after `timeout`
/// (on paused time: no real waiting).
fn timing_out_client(base_url: &str, timeout: Duration, retry: RetryPolicy) -> Client {
    capture();
    Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .timeout(timeout)
        .retry_policy(retry)
        .build()
        .expect("client builds")
}

fn is_timeout(error: &Error) -> bool {
    matches!(
        error,
        Error::Transport {
            kind: TransportErrorKind::Timeout,
            ..
        }
    )
}

#[tokio::test(start_paused = true)]
async fn a_post_that_timed_out_is_not_retried() {
    // The server never answers, so the attempt ends in a timeout wherever
    // the request is: a timed-out POST may have reached the server.
    let server = Server::always(Answer::Hold).await.expect("server starts");
    let client = timing_out_client(&server.url(), Duration::from_secs(10), fast_retries());
    let error = client
        .send_pushed_message(&send_pushed_message())
        .await
        .expect_err("timeout");
    assert!(is_timeout(&error), "{error:?}");
    let attempts = attempts();
    assert_eq!(attempts.len(), 1, "{attempts:#?}");
    assert!(server.accepted() <= 1, "{} connections", server.accepted());
}

#[tokio::test(start_paused = true)]
async fn a_get_that_timed_out_is_retried() {
    let server = Server::always(Answer::Hold).await.expect("server starts");
    let client = timing_out_client(
        &server.url(),
        Duration::from_secs(10),
        fast_retries().with_max_retries(2),
    );
    let error = client.get_message(ID).await.expect_err("never answered");
    assert!(is_timeout(&error), "{error:?}");
    let attempts = attempts();
    let numbers: Vec<Option<u32>> = attempts.iter().map(Attempt::number).collect();
    assert_eq!(
        numbers,
        [Some(1), Some(2), Some(3)],
        "one attempt and two retries"
    );
    assert!(
        attempts.iter().all(|attempt| attempt.status().is_none()),
        "no attempt got a response: {attempts:#?}"
    );
}

/// A server that reads each request in full and closes the connection
/// without answering; it counts the requests before closing, so the count
/// is final when the client sees the connection close.
async fn hang_up_server() -> Server {
    Server::always(Answer::Close).await.expect("server starts")
}

#[tokio::test]
async fn a_post_whose_connection_drops_after_sending_is_not_retried() {
    let server = hang_up_server().await;
    let client = client_for(&server.url(), fast_retries());
    let error = client
        .send_message(&send_agent_message())
        .await
        .expect_err("no answer");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.request_count(), 1);
    assert_eq!(attempts().len(), 1);
}

#[tokio::test]
async fn a_get_whose_connection_drops_is_retried() {
    let server = hang_up_server().await;
    let client = client_for(&server.url(), fast_retries());
    client.get_message(ID).await.expect_err("no answer");
    assert_eq!(server.request_count(), 4, "one attempt and three retries");
    assert_eq!(attempts().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn a_post_is_retried_when_the_connection_was_refused() {
    // A port held by a socket that does not listen refuses the first
    // attempt; the same socket starts listening once the client is waiting
    // to retry.
    let port = Refusing::bind().expect("bind a loopback port");
    let client = client_for(&port.url(), RetryPolicy::default());
    let call = tokio::spawn(async move { client.send_message(&send_agent_message()).await });
    // On paused time, a wait that could never end runs into this at once.
    tokio::time::timeout(
        Duration::from_secs(3600),
        capture().wait_until(|entries| !capture::events(entries, "retrying").is_empty()),
    )
    .await
    .expect("the refused POST is to be retried");
    let refused = attempts();
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert_eq!(
        refused[0].status(),
        None,
        "the first attempt got no response"
    );

    let server = Server::serve(port.listen().expect("listen"), |_, _| message_response());
    let sent = call.await.expect("the call's task");
    assert!(sent.is_ok(), "{sent:?}");
    assert_eq!(
        server.request_count(),
        1,
        "exactly one request reached the server"
    );
    let attempts = attempts();
    assert_eq!(attempts.len(), 2, "{attempts:#?}");
    assert_eq!(attempts[1].status(), Some(200));
}

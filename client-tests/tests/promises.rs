//! What the client promises about what happened (issue 26): `Ok` from a
//! write means the server that answered 2xx received it (a redirect that
//! would drop the body is refused), rate-limit waits spread out and a
//! failing server gets a bounded number of retries, errors say whether the
//! request was sent, error bodies are decoded by their documented schema,
//! and a heartbeat refused for good stops and says why.
//!
//! Against loopback servers; whatever is about time runs on paused Tokio
//! time against a [`Server`] that notes when each request arrived.

use std::time::Duration;

use brevo_conversations::types::{
    AgentIdentity, AgentOnlinePing, ErrorModelCode, SendAgentMessage,
};
use brevo_conversations::{
    Client, Delivery, Error, ErrorBody, HeartbeatConfig, HeartbeatStop, RetryPolicy,
};
use client_tests::server::{response, Answer, Received, Refusing, Server};

const API_KEY: &str = "promises-test-key";
const ID: &str = "eYBEm3gq3zc5ayE2g";
const MESSAGE: &[u8] = br#"{"id":"eYBEm3gq3zc5ayE2g","type":"agent","text":"Hello!","visitorId":"v1","createdAt":1482512803740}"#;

fn client(base_url: &str, retry: RetryPolicy) -> Client {
    client_tests::client(API_KEY, base_url, retry)
}

fn agent_message() -> SendAgentMessage {
    SendAgentMessage::new("v1", "Hello!", AgentIdentity::by_id("a1"))
}

/// A server that answers the first request with `status` and a `location`
/// within its own origin, and every later one with 200 and a message.
async fn redirecting(status: u16) -> Server {
    Server::start(move |number, _| {
        if number == 0 {
            Answer::Bytes(response(
                status,
                &[("location", "/conversations/messages/moved")],
                b"",
            ))
        } else {
            Answer::Bytes(response(
                200,
                &[("content-type", "application/json")],
                MESSAGE,
            ))
        }
    })
    .await
    .expect("server starts")
}

fn methods(server: &Server) -> Vec<String> {
    server
        .received()
        .iter()
        .map(|r| format!("{} {}", r.request.method(), r.request.target()))
        .collect()
}

/// A POST answered 303 (or 301, 302) would be followed as a GET of the new
/// location without the body, and the call would return `Ok` with that
/// GET's message: nothing was stored there. It is refused instead, naming
/// the status and the location.
#[tokio::test]
async fn a_redirect_that_would_drop_a_writes_body_is_not_followed() {
    for status in [301, 302, 303] {
        let server = redirecting(status).await;
        let error = client(&server.url(), RetryPolicy::disabled())
            .send_message(&agent_message())
            .await
            .expect_err("a write redirected to a GET is not reported as done");
        let Error::Redirect {
            status: got,
            location,
            ..
        } = &error
        else {
            panic!("a redirect error for {status}: {error:?}");
        };
        assert_eq!(got.as_u16(), status);
        assert_eq!(location, "/conversations/messages/moved");
        assert_eq!(error.delivery(), Delivery::Received);
        assert!(!error.is_retryable());
        assert_eq!(
            methods(&server),
            ["POST /conversations/messages"],
            "no GET of the location for {status}"
        );
    }
}

/// A 307 or 308 keeps the method and the body: the POST is sent again,
/// body and all, to the new location, which is the server that answers 2xx.
#[tokio::test]
async fn a_redirect_that_keeps_the_method_resends_the_body() {
    for status in [307, 308] {
        let server = redirecting(status).await;
        let message = client(&server.url(), RetryPolicy::disabled())
            .send_message(&agent_message())
            .await
            .expect("the write reached the new location");
        assert_eq!(message.value().and_then(|m| m.id.as_deref()), Some(ID));
        let received = server.received();
        assert_eq!(
            methods(&server),
            [
                "POST /conversations/messages",
                "POST /conversations/messages/moved"
            ]
        );
        assert_eq!(received[0].request.body, received[1].request.body);
        assert!(!received[1].request.body.is_empty());
    }
}

/// A caller who wants a browser's behaviour opts in on the builder.
#[tokio::test]
async fn following_a_body_dropping_redirect_is_the_callers_choice() {
    let server = redirecting(303).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.url())
        .retry_policy(RetryPolicy::disabled())
        .follow_redirects_that_drop_the_body()
        .build()
        .expect("client builds");
    client
        .send_message(&agent_message())
        .await
        .expect("followed as asked");
    assert_eq!(
        methods(&server),
        [
            "POST /conversations/messages",
            "GET /conversations/messages/moved"
        ]
    );
    // A GET is followed either way.
    let server = redirecting(302).await;
    client_tests::client(API_KEY, &server.url(), RetryPolicy::disabled())
        .get_message(ID)
        .await
        .expect("a GET follows a redirect");
    assert_eq!(server.request_count(), 2);
}

/// The gaps between the requests a server received.
fn gaps(received: &[Received]) -> Vec<Duration> {
    received
        .windows(2)
        .map(|pair| pair[1].at.duration_since(pair[0].at))
        .collect()
}

/// `x-sib-ratelimit-reset: 0` on every 429: before, the four attempts
/// landed within milliseconds; now each retry waits at least a growing
/// backoff step (250 ms, 500 ms, 1 s with the default 500 ms base).
#[tokio::test(start_paused = true)]
async fn a_rate_limit_reset_of_zero_does_not_spend_every_retry_at_once() {
    let server = Server::always(Answer::Bytes(response(
        429,
        &[("x-sib-ratelimit-reset", "0")],
        b"",
    )))
    .await
    .expect("server starts");
    let error = client(&server.url(), RetryPolicy::default())
        .get_message(ID)
        .await
        .expect_err("429 every time");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    let gaps = gaps(&server.received());
    assert_eq!(gaps.len(), 3, "3 retries");
    for (gap, floor) in gaps.iter().zip([250, 500, 1000]) {
        assert!(*gap >= Duration::from_millis(floor), "{gaps:?}");
    }
}

/// Clients woken by the same reset do not come back together.
#[tokio::test(start_paused = true)]
async fn callers_limited_by_the_same_reset_retry_at_spread_times() {
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let server = Server::start(move |_, _| {
        if answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 8 {
            Answer::Bytes(response(429, &[("x-sib-ratelimit-reset", "1")], b""))
        } else {
            Answer::Bytes(response(200, &[], MESSAGE))
        }
    })
    .await
    .expect("server starts");
    let client = client(&server.url(), RetryPolicy::default());
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let client = client.clone();
        calls.spawn(async move { client.get_message(ID).await.map(|_| ()) });
    }
    while let Some(outcome) = calls.join_next().await {
        outcome
            .expect("the call's task")
            .expect("the retry succeeds");
    }
    let received = server.received();
    assert_eq!(received.len(), 16);
    let first = received[0].at;
    let retries: std::collections::BTreeSet<Duration> = received[8..]
        .iter()
        .map(|r| r.at.duration_since(first))
        .collect();
    assert!(
        retries.len() > 4,
        "8 retries at {} distinct times: {retries:?}",
        retries.len()
    );
    assert!(retries.iter().all(|at| *at >= Duration::from_secs(1)));
}

/// `Retry-After` as an HTTP date (RFC 9110): the retry waits until then.
/// Before, only seconds were read, and the retry came after a backoff step
/// of about 0.3 s.
#[tokio::test(start_paused = true)]
async fn retry_after_as_an_http_date_is_waited_for() {
    let server = Server::start(|number, _| {
        if number == 0 {
            // Whole seconds: 3 s from now is between 2 and 3 s away.
            let date = httpdate_in(Duration::from_secs(3));
            Answer::Bytes(response(429, &[("retry-after", date.as_str())], b""))
        } else {
            Answer::Bytes(response(200, &[], MESSAGE))
        }
    })
    .await
    .expect("server starts");
    client(&server.url(), RetryPolicy::default())
        .get_message(ID)
        .await
        .expect("the retry succeeds");
    let gaps = gaps(&server.received());
    assert_eq!(gaps.len(), 1);
    assert!(gaps[0] >= Duration::from_secs(2), "{gaps:?}");
    assert!(gaps[0] <= Duration::from_millis(3500), "{gaps:?}");
}

/// An HTTP date `delay` from now.
fn httpdate_in(delay: Duration) -> String {
    httpdate::fmt_http_date(std::time::SystemTime::now() + delay)
}

/// A server that fails every request: with a budget of 20 tokens (4
/// retries), 10 calls make at most 14 requests, not the 40 that 3 retries
/// each would make; a success puts tokens back.
#[tokio::test(start_paused = true)]
async fn a_failing_server_gets_a_bounded_number_of_retries() {
    let server = Server::always(Answer::Bytes(response(503, &[], b"")))
        .await
        .expect("server starts");
    let policy = RetryPolicy::default().with_retry_budget(4 * RetryPolicy::RETRY_COST);
    let client = client(&server.url(), policy);
    for _ in 0..10 {
        client.get_message(ID).await.expect_err("503");
    }
    assert_eq!(server.request_count(), 14, "10 calls and 4 retries");
    // Clones share the budget.
    client.clone().get_message(ID).await.expect_err("503");
    assert_eq!(server.request_count(), 15, "no retry left");
}

/// Errors tell "surely not sent" from "may have been sent", and
/// `is_retryable` follows.
#[tokio::test]
async fn errors_say_whether_the_request_was_sent() {
    let refusing = Refusing::bind().expect("a port");
    let error = client(&refusing.url(), RetryPolicy::disabled())
        .send_message(&agent_message())
        .await
        .expect_err("nobody listens");
    assert_eq!(error.delivery(), Delivery::NotSent, "{error:?}");
    assert!(error.is_retryable(), "{error:?}");

    // The connection closes after the request was read: the server may
    // have acted on it.
    let closing = Server::always(Answer::Close).await.expect("server starts");
    let error = client(&closing.url(), RetryPolicy::disabled())
        .send_message(&agent_message())
        .await
        .expect_err("no answer");
    assert_eq!(closing.request_count(), 1);
    assert_eq!(error.delivery(), Delivery::MaybeSent, "{error:?}");
    assert!(!error.is_retryable(), "{error:?}");

    let failing = Server::always(Answer::Bytes(response(500, &[], b"")))
        .await
        .expect("server starts");
    let error = client(&failing.url(), RetryPolicy::disabled())
        .send_message(&agent_message())
        .await
        .expect_err("500");
    assert_eq!(error.delivery(), Delivery::Received);
    assert!(!error.is_retryable());
    let limited = Server::always(Answer::Bytes(response(429, &[], b"")))
        .await
        .expect("server starts");
    let error = client(&limited.url(), RetryPolicy::disabled())
        .send_message(&agent_message())
        .await
        .expect_err("429");
    assert!(error.is_retryable(), "a 429 was not acted on");
}

/// Brevo's documented 404 body has only `message`; before, every error body
/// was read as `ErrorModel` (whose `code` is required) and it never decoded.
/// The 400 body is still an `ErrorModel`, and an undocumented status's JSON
/// is kept as JSON.
#[tokio::test]
async fn error_bodies_are_decoded_by_the_schema_of_their_status() {
    let server = Server::start(|number, _| {
        let json = [("content-type", "application/json")];
        match number {
            0 => Answer::Bytes(response(404, &json, br#"{"message":"Message not found"}"#)),
            1 => Answer::Bytes(response(
                400,
                &json,
                br#"{"code":"invalid_parameter","message":"text is empty"}"#,
            )),
            _ => Answer::Bytes(response(418, &json, br#"{"teapot":true}"#)),
        }
    })
    .await
    .expect("server starts");
    let client = client(&server.url(), RetryPolicy::disabled());
    let api = |error: Error| match error {
        Error::Api(api) => api,
        other => panic!("an API error: {other:?}"),
    };
    let missing = api(client.get_message(ID).await.expect_err("404"));
    let Some(ErrorBody::NotFoundError(body)) = &missing.error else {
        panic!("the 404 schema: {:?}", missing.error);
    };
    assert_eq!(body.message, "Message not found");
    let invalid = api(client
        .send_message(&agent_message())
        .await
        .expect_err("400"));
    let Some(ErrorBody::ErrorModel(body)) = &invalid.error else {
        panic!("the 400 schema: {:?}", invalid.error);
    };
    assert_eq!(body.code, ErrorModelCode::InvalidParameter);
    let odd = api(client.get_message(ID).await.expect_err("418"));
    assert_eq!(
        odd.error,
        Some(ErrorBody::Other(serde_json::json!({"teapot": true})))
    );
}

fn ping() -> AgentOnlinePing {
    AgentOnlinePing::new(AgentIdentity::by_id("d9nKoegKSjmCtyK78"))
}

fn heartbeat_client(base_url: &str) -> Client {
    client_tests::heartbeat_client(Client::builder().api_key(API_KEY), base_url)
}

/// A ping answered 401 (a revoked key) was retried for ever, with only the
/// error's text kept; now the heartbeat stops after it and says why, with
/// the error itself.
#[tokio::test(start_paused = true)]
async fn a_heartbeat_refused_for_good_stops_and_says_why() {
    for status in [400, 401, 403, 404] {
        let server = Server::always(Answer::Bytes(response(status, &[], b"{}")))
            .await
            .expect("server starts");
        let mut heartbeat = heartbeat_client(&server.url())
            .keep_agent_online(ping())
            .expect("starts");
        let stop = tokio::time::timeout(Duration::from_secs(3600), heartbeat.stopped())
            .await
            .expect("it stops on its own");
        let HeartbeatStop::Refused(error) = stop else {
            panic!("refused: {stop:?}");
        };
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        let last = heartbeat.status().last_error.expect("the error is kept");
        assert!(matches!(*last, Error::Api(_)), "{last:?}");
        tokio::time::sleep(Duration::from_secs(600)).await;
        assert_eq!(server.request_count(), 1, "nothing sent after {status}");
    }
}

/// A ping that takes 20 s: the next starts 60 s after the start of the
/// last, not 60 s after its end.
#[tokio::test(start_paused = true)]
async fn the_interval_runs_from_the_start_of_each_ping() {
    let server = Server::always(Answer::Delayed(
        Duration::from_secs(20),
        response(201, &[], b""),
    ))
    .await
    .expect("server starts");
    let mut heartbeat = heartbeat_client(&server.url())
        .keep_agent_online_with(
            ping(),
            HeartbeatConfig::new(Duration::from_secs(60), Duration::from_secs(120)),
        )
        .expect("starts");
    for _ in 0..3 {
        heartbeat.changed().await;
    }
    heartbeat.stop().await;
    let gaps = gaps(&server.received());
    assert_eq!(
        gaps,
        [Duration::from_secs(60), Duration::from_secs(60)],
        "every 60 s"
    );
}

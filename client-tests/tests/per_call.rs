//! What one call can set and what a client runs around it (issue 25): a
//! per-call timeout that beats the client's, a deadline over all attempts
//! that says whether the request may have been sent, extra headers, hooks
//! that see every request with secrets redacted, and the `test-util` mock
//! that answers a user's unit test without a server.

mod secrets;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use brevo_conversations::types::{
    AgentIdentity, ConversationsMessage, SendAgentMessage, UpdateAgentMessage,
};
use brevo_conversations::{
    Client, Delivery, Error, Hooks, Mock, MockResponse, RequestInfo, ResponseInfo, RetryPolicy,
};
use client_tests::server::{response, Answer, Server};

const MESSAGE: &[u8] =
    br#"{"id":"m1","type":"agent","text":"Hello!","visitorId":"v1","createdAt":1482512803740}"#;

fn ok_message() -> Answer {
    Answer::Bytes(response(
        200,
        &[("content-type", "application/json")],
        MESSAGE,
    ))
}

fn agent_message() -> SendAgentMessage {
    SendAgentMessage::new(
        "v1",
        "Hello!",
        AgentIdentity::ById {
            agent_id: "a1".to_owned(),
            received_from: None,
        },
    )
}

/// A client with a 30 s timeout gives up on a held request after the
/// call's own 100 ms, and retries as the call's policy says (none here).
#[tokio::test]
async fn a_per_call_timeout_beats_the_clients() {
    let server = Server::start(|_, _| Answer::Hold).await.expect("server");
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let started = std::time::Instant::now();
    let error = client
        .get_message("m1")
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::disabled())
        .await
        .expect_err("held");
    assert!(started.elapsed() < Duration::from_secs(5), "{error:?}");
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: brevo_conversations::TransportErrorKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.received().len(), 1);
}

/// A POST held past the deadline is abandoned and the error says it may
/// have been sent; one rate-limited with 429s stops retrying when the next
/// wait would pass the deadline, with the last answer.
#[tokio::test(start_paused = true)]
async fn a_deadline_bounds_every_attempt_and_reports_delivery() {
    let held = Server::start(|_, _| Answer::Hold).await.expect("server");
    let client = client_tests::client("k", &held.url(), RetryPolicy::default());
    let error = client
        .send_message(&agent_message())
        .deadline(Duration::from_secs(2))
        .await
        .expect_err("held past the deadline");
    assert!(
        matches!(
            error,
            Error::DeadlineExceeded {
                attempts: 1,
                delivery: Delivery::MaybeSent
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    assert!(!error.is_retryable());

    let refusing =
        Server::start(|_, _| Answer::Bytes(response(429, &[("retry-after", "10")], b"slow down")))
            .await
            .expect("server");
    let client = client_tests::client("k", &refusing.url(), RetryPolicy::default());
    let error = client
        .get_message("m1")
        .deadline(Duration::from_secs(15))
        .await
        .expect_err("429");
    // One retry fits in 15 s after a 10 s wait; a second would not.
    assert_eq!(refusing.received().len(), 2, "{error:?}");
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(error.delivery(), Delivery::Received);

    let past = client
        .get_message("m1")
        .deadline(tokio::time::Instant::now())
        .await
        .expect_err("no time at all");
    assert!(
        matches!(
            past,
            Error::DeadlineExceeded {
                attempts: 0,
                delivery: Delivery::NotSent
            }
        ),
        "{past:?}"
    );
    assert_eq!(refusing.received().len(), 2);
}

/// What the hooks saw, as text.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Hooks for Seen {
    fn on_request(&self, request: &mut RequestInfo<'_>) {
        let line = format!(
            "request {} {} {} attempt {} headers {:?}",
            request.operation(),
            request.method(),
            request.url(),
            request.attempt(),
            request.headers()
        );
        self.0.lock().expect("not poisoned").push(line);
        request.insert_header(
            brevo_conversations::reqwest::header::HeaderName::from_static("traceparent"),
            brevo_conversations::reqwest::header::HeaderValue::from_static("00-trace-01"),
        );
    }

    fn on_response(&self, response: &ResponseInfo<'_>) {
        let line = format!(
            "response {} attempt {} status {:?} headers {:?}",
            response.operation(),
            response.attempt(),
            response.status().map(|s| s.as_u16()),
            response.headers()
        );
        self.0.lock().expect("not poisoned").push(line);
    }
}

/// Hooks see each attempt of a retried call with its operation's name, can
/// add a header, and never see a credential or a secret header set on the
/// call.
#[tokio::test]
async fn hooks_see_every_request_and_no_secret() {
    let server = Server::start(|number, _| {
        if number == 0 {
            Answer::Bytes(response(503, &[], b"busy"))
        } else {
            ok_message()
        }
    })
    .await
    .expect("server");
    let seen = Seen::default();
    let client = Client::builder()
        .api_key(secrets::API_KEY)
        .partner_key(secrets::PARTNER_KEY)
        .base_url(server.url())
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(1)))
        .hooks(seen.clone())
        .build()
        .expect("client");
    let message = client
        .get_message("m1")
        .header("x-request-id", "r-1")
        .header("x-session-token", "tok-SECRET")
        .await
        .expect("the retry succeeds");
    assert_eq!(message.id.as_deref(), Some("m1"));
    let seen = seen.0.lock().expect("not poisoned").clone();
    assert_eq!(seen.len(), 4, "{seen:#?}");
    assert!(
        seen[0].starts_with("request conversationsMessagesIdGet GET "),
        "{seen:#?}"
    );
    assert!(seen[0].contains("attempt 1") && seen[2].contains("attempt 2"));
    assert!(seen[1].contains("status Some(503)") && seen[3].contains("status Some(200)"));
    assert!(seen[0].contains("\"x-request-id\": \"r-1\""), "{seen:#?}");
    for line in &seen {
        secrets::assert_no_secret("a hook", line);
    }
    for received in server.received() {
        let head = format!("{:?}", received.request);
        assert!(head.contains("00-trace-01"), "{head}");
    }
}

/// A user's function: greets the visitor and returns the message's ID,
/// `None` when Brevo accepted it without saying which.
async fn greet(client: &Client, visitor: &str) -> Result<Option<String>, Error> {
    let message = SendAgentMessage::new(
        visitor,
        "Hello!",
        AgentIdentity::ById {
            agent_id: "a1".to_owned(),
            received_from: None,
        },
    );
    let sent = client.send_message(&message).await?;
    Ok(sent.value().and_then(|m| m.id.clone()))
}

/// The user's function tested with the mock: no server, typed bodies both
/// ways, an empty 201 accepted, a 404 branched on.
#[tokio::test]
async fn a_users_function_is_tested_with_the_mock() {
    let client = Mock::new()
        .on("conversationsMessagesPost", |request| {
            let body: SendAgentMessage = request.json().expect("the documented body");
            if body.visitor_id == "quiet" {
                return MockResponse::status(201);
            }
            let stored: ConversationsMessage = serde_json::from_slice(MESSAGE).expect("a message");
            MockResponse::json(200, &stored)
        })
        .on("conversationsMessagesIdPut", |request| {
            assert_eq!(request.path(), "/conversations/messages/gone");
            MockResponse::json(404, &serde_json::json!({"message": "not found"}))
        })
        .client()
        .expect("a mocked client");
    assert_eq!(
        greet(&client, "v1").await.expect("sent"),
        Some("m1".to_owned())
    );
    assert_eq!(greet(&client, "quiet").await.expect("accepted"), None);
    let missing = client
        .update_message("gone", &UpdateAgentMessage::new("hi"))
        .await
        .expect_err("404");
    assert!(missing.is_not_found(), "{missing:?}");
    let unanswered = client.get_message("m1").await.expect_err("no answer");
    assert!(unanswered.to_string().contains("mock"), "{unanswered}");
}

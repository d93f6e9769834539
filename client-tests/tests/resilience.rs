//! Retries, rate limits, timeouts and response metadata, proved by counting
//! the requests a real server on loopback received.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use brevo_conversations::types::{
    AgentIdentity, AgentOnlinePing, PushedMessageSender, SendAgentMessage, SendPushedMessage,
    UpdateAgentMessage,
};
use brevo_conversations::{Client, Error, RetryPolicy, TransportErrorKind};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
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

fn client_for(base_url: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .retry_policy(retry)
        .build()
        .expect("client builds")
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
    AgentIdentity::ById {
        agent_id: "a1".to_owned(),
        received_from: None,
    }
}

fn send_agent_message() -> SendAgentMessage {
    SendAgentMessage::new("v1", "Hello!", agent())
}

fn send_pushed_message() -> SendPushedMessage {
    SendPushedMessage::new(
        "v1",
        "Your order has shipped",
        PushedMessageSender::AnyAgent {},
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
        .conversations_messages_id_get(ID)
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
    let error = client
        .conversations_pushed_messages_id_get(ID)
        .await
        .expect_err("always 500");
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
    client
        .conversations_messages_id_get(ID)
        .await
        .expect_err("503");
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
        .conversations_messages_id_put(ID, &UpdateAgentMessage::new("Edited"))
        .await
        .expect("PUT succeeds on its second attempt");
    client
        .conversations_pushed_messages_id_delete(ID)
        .await
        .expect("DELETE succeeds on its second attempt");
    let ping = AgentOnlinePing::new(agent());
    client
        .conversations_agent_online_ping_post(&ping)
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
        .conversations_messages_post(&send_agent_message())
        .await
        .expect_err("500");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    let error = client
        .conversations_pushed_messages_post(&send_pushed_message())
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
        .conversations_messages_post(&send_agent_message())
        .await
        .expect("second attempt succeeds");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_429_waits_as_long_as_the_reset_header_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(429).insert_header("x-sib-ratelimit-reset", "0.3"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    always(
        &server,
        "GET",
        "/conversations/messages/eYBEm3gq3zc5ayE2g",
        ResponseTemplate::new(200).set_body_json(message()),
    )
    .await;
    let client = client_for(&server.uri(), fast_retries());
    let started = Instant::now();
    client
        .conversations_messages_id_get(ID)
        .await
        .expect("succeeds after the reset");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn retry_after_is_honoured_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    always(
        &server,
        "GET",
        "/conversations/messages/eYBEm3gq3zc5ayE2g",
        ResponseTemplate::new(200).set_body_json(message()),
    )
    .await;
    let client = client_for(&server.uri(), fast_retries());
    client
        .conversations_messages_id_get(ID)
        .await
        .expect("second attempt succeeds");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_429_resetting_after_the_cap_is_returned_at_once_with_the_rate_limit() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        "/conversations/messages",
        ResponseTemplate::new(429)
            .insert_header("x-sib-ratelimit-limit", "100")
            .insert_header("x-sib-ratelimit-remaining", "0")
            .insert_header("x-sib-ratelimit-reset", "3600")
            .set_body_json(json!({"code": "too_many_requests", "message": "Rate limit exceeded"})),
    )
    .await;
    let client = client_for(&server.uri(), fast_retries());
    let started = Instant::now();
    let error = client
        .conversations_messages_post(&send_agent_message())
        .await
        .expect_err("429");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "returned after {:?}",
        started.elapsed()
    );
    assert_eq!(requests(&server).await, 1);
    let rate_limit = error
        .rate_limit()
        .expect("an API error carries the rate limit");
    assert_eq!(rate_limit.limit, Some(100));
    assert_eq!(rate_limit.remaining, Some(0));
    assert_eq!(rate_limit.reset, Some(Duration::from_secs(3600)));
    let text = error.to_string();
    assert!(text.contains("429") && text.contains("3600 s"), "{text}");
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
        .conversations_messages_id_get_with_response(ID)
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
        .conversations_agent_online_ping_post_with_response(&ping)
        .await
        .expect("201 is success");
    assert_eq!(response.status.as_u16(), 201);
    client
        .conversations_messages_id_delete(ID)
        .await
        .expect("204 is success");
}

#[tokio::test]
async fn a_timeout_after_sending_a_post_is_not_retried() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        "/conversations/pushedMessages",
        ResponseTemplate::new(200)
            .set_body_json(message())
            .set_delay(Duration::from_millis(400)),
    )
    .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .retry_policy(fast_retries())
        .build()
        .expect("client builds");
    let error = client
        .conversations_pushed_messages_post(&send_pushed_message())
        .await
        .expect_err("timeout");
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_timeout_on_a_get_is_retried() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        "/conversations/messages/eYBEm3gq3zc5ayE2g",
        ResponseTemplate::new(200)
            .set_body_json(message())
            .set_delay(Duration::from_millis(300)),
    )
    .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(50))
        .retry_policy(fast_retries().with_max_retries(2))
        .build()
        .expect("client builds");
    let error = client
        .conversations_messages_id_get(ID)
        .await
        .expect_err("always too slow");
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(requests(&server).await, 3);
}

/// A server that accepts connections, reads each request and closes the
/// connection without answering; it counts the requests it read.
async fn hang_up_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = vec![0_u8; 16 * 1024];
            if let Ok(read) = socket.read(&mut buffer).await {
                if read > 0 {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
            }
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{address}"), count)
}

#[tokio::test]
async fn a_post_whose_connection_drops_after_sending_is_not_retried() {
    let (base_url, count) = hang_up_server().await;
    let client = client_for(&base_url, fast_retries());
    let error = client
        .conversations_messages_post(&send_agent_message())
        .await
        .expect_err("no answer");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_get_whose_connection_drops_is_retried() {
    let (base_url, count) = hang_up_server().await;
    let client = client_for(&base_url, fast_retries());
    client
        .conversations_messages_id_get(ID)
        .await
        .expect_err("no answer");
    assert_eq!(
        count.load(Ordering::SeqCst),
        4,
        "one attempt and three retries"
    );
}

#[tokio::test]
async fn a_post_is_retried_when_the_connection_was_refused() {
    // Reserve a port, free it, and start the server on it only after the
    // client's first attempt has been refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port();
    let base_url = format!("http://127.0.0.1:{port}");
    let server_task = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("rebind the port");
        let server = MockServer::builder().listener(listener).start().await;
        always(
            &server,
            "POST",
            "/conversations/messages",
            ResponseTemplate::new(200).set_body_json(message()),
        )
        .await;
        server
    });
    let client = client_for(
        &base_url,
        RetryPolicy::default()
            .with_max_retries(8)
            .with_base_delay(Duration::from_millis(50))
            .with_max_delay(Duration::from_millis(200)),
    );
    let started = Instant::now();
    let sent = client
        .conversations_messages_post(&send_agent_message())
        .await;
    let server = server_task.await.expect("server task");
    assert!(sent.is_ok(), "{sent:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "the first attempt must have been refused"
    );
    assert_eq!(
        requests(&server).await,
        1,
        "exactly one request reached the server"
    );
}

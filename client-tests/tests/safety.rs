//! Secrets never leak: not in `Debug` output, not in error texts or their
//! sources. (Tracing output is checked in `tracing.rs`.)

use brevo_conversations::{Client, Error, RetryPolicy};
use client_tests::server::Refusing;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod secrets;

use secrets::{assert_no_secret, client_with_both_keys, API_KEY, PARTNER_KEY};

const ID: &str = "eYBEm3gq3zc5ayE2g";

#[tokio::test]
async fn no_debug_output_or_error_text_contains_a_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(
                serde_json::json!({"code": "unauthorized", "message": "Key not found"}),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/conversations/pushedMessages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>not json</html>"))
        .mount(&server)
        .await;
    let client = client_with_both_keys(&server.uri());
    let builder = Client::builder().api_key(API_KEY).partner_key(PARTNER_KEY);
    assert_no_secret("Client Debug", &format!("{client:?}"));
    assert_no_secret("Client pretty Debug", &format!("{client:#?}"));
    assert_no_secret("ClientBuilder Debug", &format!("{builder:?}"));

    let api = client.get_message(ID).await.expect_err("401");
    assert!(matches!(api, Error::Api(_)), "{api:?}");
    // An undecodable 2xx of a read is an error that keeps the bytes, and
    // shows no secret either.
    let undecodable = client
        .get_pushed_message(ID)
        .send_with_response()
        .await
        .expect_err("an undecodable 200 of a GET is an error safe to retry");
    assert!(undecodable.is_retryable(), "{undecodable:?}");
    assert_no_secret("UndecodedBody Debug", &format!("{undecodable:?}"));
    assert_no_secret("UndecodedBody Display", &undecodable.to_string());
    let invalid = Client::new(format!("{API_KEY}\n")).expect_err("a newline is not a header value");
    assert!(
        matches!(invalid, Error::InvalidArgument { .. }),
        "{invalid:?}"
    );
    let refusing = Refusing::bind().expect("bind a loopback port");
    let transport = client_refused_by(&refusing)
        .get_message(ID)
        .await
        .expect_err("refused");
    assert!(
        matches!(transport, Error::Transport { .. }),
        "{transport:?}"
    );
    for error in [&api, &invalid, &transport] {
        assert_no_secret("error Display", &error.to_string());
        assert_no_secret("error Debug", &format!("{error:?}"));
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            assert_no_secret("error source", &format!("{cause} {cause:?}"));
            source = cause.source();
        }
    }
}

/// A client whose requests go to a port held by `refusing`, which refuses them.
fn client_refused_by(refusing: &Refusing) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(refusing.url())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

/// Redirects with `status` to `http://{host}:PORT/...`, where PORT is
/// another server's, and checks that the redirect comes back as the error
/// and that the other server got nothing (so no key either).
async fn assert_redirect_elsewhere_is_not_followed(host: &str, status: u16) {
    let elsewhere = MockServer::start().await;
    let server = MockServer::start().await;
    let target = format!(
        "http://{host}:{}/conversations/messages/{ID}",
        elsewhere.address().port()
    );
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(status).insert_header("location", target.as_str()))
        .expect(1)
        .mount(&server)
        .await;

    let error = client_with_both_keys(&server.uri())
        .get_message(ID)
        .await
        .expect_err("the redirect is not followed");
    assert_eq!(
        error.status().map(|s| s.as_u16()),
        Some(status),
        "{error:?}"
    );
    let reached = elsewhere.received_requests().await.unwrap_or_default();
    assert!(
        reached.is_empty(),
        "{target} got a request (with the keys): {reached:?}"
    );
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_carries_no_key() {
    // `localhost` instead of `127.0.0.1`, another port: another origin.
    assert_redirect_elsewhere_is_not_followed("localhost", 302).await;
}

#[tokio::test]
async fn a_redirect_to_the_same_host_on_another_port_is_not_followed() {
    // Same scheme and host, another port: another origin.
    assert_redirect_elsewhere_is_not_followed("127.0.0.1", 307).await;
}

#[tokio::test]
async fn a_redirect_within_the_same_origin_is_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/old"))
        .respond_with(
            ResponseTemplate::new(301).insert_header("location", "/conversations/messages/new"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/new"))
        .and(wiremock::matchers::header("api-key", API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "new"})))
        .expect(1)
        .mount(&server)
        .await;

    let message = client_with_both_keys(&server.uri())
        .get_message("old")
        .await
        .expect("followed");
    assert_eq!(message.id.as_deref(), Some("new"));
}

/// A server where `/conversations/messages/hop{i}` redirects to `hop{i+1}`
/// for `i < hops`, and `hop{hops}` answers a message.
async fn redirect_chain(hops: usize) -> MockServer {
    let server = MockServer::start().await;
    for hop in 0..hops {
        Mock::given(method("GET"))
            .and(path(format!("/conversations/messages/hop{hop}")))
            .and(header("api-key", API_KEY))
            .respond_with(ResponseTemplate::new(302).insert_header(
                "location",
                format!("/conversations/messages/hop{}", hop + 1).as_str(),
            ))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(format!("/conversations/messages/hop{hops}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "end"})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn five_redirects_within_the_same_origin_are_followed() {
    let server = redirect_chain(5).await;
    let message = client_with_both_keys(&server.uri())
        .get_message("hop0")
        .await
        .expect("5 redirects are followed");
    assert_eq!(message.id.as_deref(), Some("end"));
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 6, "the request and 5 redirects");
}

#[tokio::test]
async fn a_sixth_redirect_is_not_followed() {
    let server = redirect_chain(6).await;
    let error = client_with_both_keys(&server.uri())
        .get_message("hop0")
        .await
        .expect_err("at most 5 redirects");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    let expected: Vec<String> = (0..6)
        .map(|hop| format!("/conversations/messages/hop{hop}"))
        .collect();
    assert_eq!(paths, expected, "hop6 is never requested");
}

//! The always-`null` value: the crate generated from
//! `codegen/tests/fixtures/null_enums.yaml` against a wiremock server on
//! 127.0.0.1. A response documented as `enum: [null]` (with or without
//! `nullable`, or as a `oneOf` of nulls) decodes the server's `null`, and
//! an empty body, into a unit type the caller names; any other body is not
//! the documented JSON and is `None`. As a property, the type reads and
//! writes `null`.

use fixture_null_enums::types::{Null, Pong, SessionState, SessionStateClosed, Touched};
use fixture_null_enums::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers every request with a 200 of `body` as JSON, and a
/// client for it that never retries.
async fn serve(body: &'static str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds");
    (server, client)
}

#[tokio::test]
async fn a_null_response_decodes_into_the_unit_type() {
    let (_server, client) = serve("null").await;
    assert_eq!(client.delete_session("s1").await.expect("a 200"), Null);
    assert_eq!(
        client.touch_session("s1").await.expect("a 200").value(),
        Some(&Touched)
    );
    assert_eq!(
        client.ping_session("s1").await.expect("a 200").value(),
        Some(&Pong)
    );
}

#[tokio::test]
async fn an_empty_body_is_the_null_value_too() {
    let (_server, client) = serve("").await;
    let response = client
        .delete_session("s1")
        .send_with_response()
        .await
        .expect("a 200");
    assert_eq!(response.body, Null);
    assert!(response.raw_body.is_empty());
    assert_eq!(
        client.ping_session("s1").await.expect("a 200").value(),
        Some(&Pong)
    );
}

#[tokio::test]
async fn a_body_other_than_null_is_not_the_documented_json() {
    let (_server, client) = serve(r#""null""#).await;
    let response = client
        .delete_session("s1")
        .send_with_response()
        .await
        .expect_err("a DELETE is safe to repeat: an undecodable 2xx is an error");
    let Error::UndecodedBody(undecoded) = response else {
        panic!("{response:?}");
    };
    assert_eq!(&undecoded.raw_body[..], br#""null""#);
}

#[tokio::test]
async fn a_null_property_decodes_and_an_empty_enum_is_any_text() {
    let (_server, client) = serve(r#"{"closed": null, "reason": "idle", "nothing": null}"#).await;
    let state = client.get_session_state("s1").await.expect("a 200");
    assert_eq!(state.closed, SessionStateClosed);
    assert_eq!(state.reason, "idle");
    assert_eq!(state.nothing, None);
}

#[test]
fn the_unit_types_are_written_as_null() {
    assert_eq!(serde_json::to_value(Null).expect("serializes"), json!(null));
    let state = SessionState::new(SessionStateClosed, "idle");
    assert_eq!(
        serde_json::to_value(&state).expect("serializes"),
        json!({"closed": null, "reason": "idle"})
    );
    assert!(serde_json::from_value::<Null>(json!("null")).is_err());
    assert!(serde_json::from_value::<Null>(json!({})).is_err());
}

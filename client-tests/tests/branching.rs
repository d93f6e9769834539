//! Branching on errors as a user does: `is_not_found()`, `is_rate_limited()`,
//! `retry_after()` and `status()` on the errors a loopback server (wiremock,
//! bound to 127.0.0.1) answers, and a user's unit test that builds the
//! errors and responses its own code handles, without a server.

use std::time::Duration;

use brevo_conversations::reqwest::header::{HeaderMap, HeaderValue};
use brevo_conversations::reqwest::StatusCode;
use brevo_conversations::types::{ConversationsMessage, ErrorModel, ErrorModelCode, NotFoundError};
use brevo_conversations::{ApiError, ApiResponse, Client, Error, ErrorBody, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MESSAGE_ID: &str = "eYBEm3gq3zc5ayE2g";

/// A client for `server` that makes no retries of its own.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_404_is_branched_on_with_is_not_found_and_its_body_read() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/conversations/messages/{MESSAGE_ID}")))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({ "message": "Message not found" })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let outcome = client(&server).get_message(MESSAGE_ID).await;
    let error = match outcome {
        Ok(message) => panic!("a 404 is an error, got {message:?}"),
        Err(error) if error.is_not_found() => error,
        Err(other) => panic!("expected a 404, got {other}"),
    };
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert!(!error.is_rate_limited());
    assert!(!error.is_retryable(), "a missing message stays missing");
    assert_eq!(error.retry_after(), None);
    let api = error.api().expect("the API answered");
    assert!(api.is_not_found());
    let Some(ErrorBody::NotFoundError(NotFoundError { message, code, .. })) = &api.error else {
        panic!("the documented 404 body, got {:?}", api.error);
    };
    assert_eq!(message, "Message not found");
    assert_eq!(code, &None);
}

#[tokio::test]
async fn a_429_says_how_long_to_wait_from_brevos_reset_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-sib-ratelimit-limit", "100")
                .insert_header("x-sib-ratelimit-remaining", "0")
                .insert_header("x-sib-ratelimit-reset", "7")
                .set_body_json(json!({ "code": "too_many_requests", "message": "slow down" })),
        )
        .mount(&server)
        .await;

    let error = client(&server)
        .get_message(MESSAGE_ID)
        .await
        .expect_err("a 429 is an error");
    assert!(error.is_rate_limited() && error.is_retryable() && !error.is_not_found());
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(error.rate_limit().and_then(|r| r.remaining), Some(0));
}

#[tokio::test]
async fn retry_after_prefers_the_standard_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("retry-after", "2")
                .insert_header("x-sib-ratelimit-reset", "30"),
        )
        .mount(&server)
        .await;

    let error = client(&server)
        .get_message(MESSAGE_ID)
        .await
        .expect_err("a 503 is an error");
    assert!(!error.is_rate_limited() && error.is_retryable());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(2)));
}

// ---- A user's own code and its unit tests, without a server ----

/// What the user's code does with the outcome of fetching a message.
#[derive(Debug, PartialEq)]
enum Next {
    Show(String),
    Forget,
    WaitThenRetry(Duration),
    Fail(String),
}

fn next_step(outcome: Result<ConversationsMessage, Error>) -> Next {
    match outcome {
        Ok(message) => Next::Show(message.text.unwrap_or_default()),
        Err(error) if error.is_not_found() => Next::Forget,
        Err(error) if error.is_rate_limited() => {
            Next::WaitThenRetry(error.retry_after().unwrap_or(Duration::from_secs(1)))
        }
        Err(error) => match error.api().and_then(|api| api.error.as_ref()) {
            Some(ErrorBody::ErrorModel(model)) => Next::Fail(model.message.clone()),
            _ => Next::Fail(error.to_string()),
        },
    }
}

/// The status of a response, with the rate-limit budget left.
fn budget_left(response: &ApiResponse<Option<ConversationsMessage>>) -> Option<u64> {
    response.status.is_success().then_some(())?;
    response.rate_limit.remaining
}

#[test]
fn a_users_code_is_tested_with_built_errors_and_responses() {
    let missing = ApiError::new(StatusCode::NOT_FOUND)
        .with_error(ErrorBody::NotFoundError(NotFoundError::new(
            "Message not found",
        )))
        .with_body(r#"{"message":"Message not found"}"#);
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(next_step(Err(Error::from(missing))), Next::Forget);

    let mut headers = HeaderMap::new();
    headers.insert("x-sib-ratelimit-reset", HeaderValue::from_static("12"));
    let limited = ApiError::new(StatusCode::TOO_MANY_REQUESTS).with_headers(headers);
    assert_eq!(limited.rate_limit.reset, Some(Duration::from_secs(12)));
    assert_eq!(
        next_step(Err(limited.into())),
        Next::WaitThenRetry(Duration::from_secs(12))
    );

    let bad = ApiError::new(StatusCode::BAD_REQUEST).with_error(ErrorBody::ErrorModel(
        ErrorModel::new(ErrorModelCode::MissingParameter, "text is required"),
    ));
    assert_eq!(
        next_step(Err(bad.into())),
        Next::Fail("text is required".to_owned())
    );
    let odd = Error::from(ApiError::new(StatusCode::IM_A_TEAPOT).with_body("short and stout"));
    match next_step(Err(odd)) {
        Next::Fail(text) => assert!(
            text.contains("418") && text.contains("short and stout"),
            "{text}"
        ),
        other => panic!("{other:?}"),
    }

    let mut message = ConversationsMessage::default();
    message.text = Some("Hello".to_owned());
    assert_eq!(
        next_step(Ok(message.clone())),
        Next::Show("Hello".to_owned())
    );

    let mut headers = HeaderMap::new();
    headers.insert("x-sib-ratelimit-remaining", HeaderValue::from_static("41"));
    let response = ApiResponse::new(StatusCode::OK, Some(message))
        .with_headers(headers.clone())
        .with_raw_body(r#"{"text":"Hello"}"#);
    assert_eq!(budget_left(&response), Some(41));
    assert_eq!(response.headers, headers);
    assert_eq!(&response.raw_body[..], br#"{"text":"Hello"}"#);
    assert!(response.unread.is_empty());
    assert_eq!(budget_left(&ApiResponse::new(StatusCode::OK, None)), None);
}

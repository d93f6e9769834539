//! Every network call is bounded by default: a client built with nothing
//! but a key gives up on a server that accepts the connection and never
//! answers, with `TransportErrorKind::Timeout`, after its default timeout
//! for each attempt (and its retries). On paused Tokio time, against a
//! server on the test's own runtime, so the virtual times are exact.

use std::time::Duration;

use brevo_conversations::{
    Client, Error, TransportErrorKind, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
};
use client_tests::server::{Answer, Server};
use tokio::time::Instant;

#[test]
fn the_defaults_are_30_s_per_attempt_and_10_s_to_connect() {
    assert_eq!(DEFAULT_TIMEOUT, Duration::from_secs(30));
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
}

#[tokio::test(start_paused = true)]
async fn a_default_client_gives_up_on_a_server_that_never_answers() {
    let server = Server::always(Answer::Hold).await.expect("server starts");
    let client = Client::builder()
        .api_key("bounded-key")
        .base_url(server.url())
        .retry_policy(brevo_conversations::RetryPolicy::disabled())
        .build()
        .expect("builds");
    let start = Instant::now();
    // A bound far past the client's own: the call must end well before.
    let outcome = tokio::time::timeout(
        Duration::from_secs(3600),
        client.get_message("eYBEm3gq3zc5ayE2g"),
    )
    .await
    .expect("the call ends on its own");
    match outcome {
        Err(Error::Transport {
            kind: TransportErrorKind::Timeout,
            ..
        }) => {}
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(start.elapsed(), DEFAULT_TIMEOUT);
    assert_eq!(server.request_count(), 1);
}

/// A POST is not retried after a timeout (it may have arrived); a GET is,
/// so its default bound is every attempt's timeout plus the backoff.
#[tokio::test(start_paused = true)]
async fn retries_of_a_get_are_bounded_too() {
    let server = Server::always(Answer::Hold).await.expect("server starts");
    let client = Client::builder()
        .api_key("bounded-key")
        .base_url(server.url())
        .build()
        .expect("builds");
    let start = Instant::now();
    let outcome = tokio::time::timeout(
        Duration::from_secs(3600),
        client.get_message("eYBEm3gq3zc5ayE2g"),
    )
    .await
    .expect("the call ends on its own");
    assert!(
        matches!(
            outcome,
            Err(Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            })
        ),
        "{outcome:?}"
    );
    assert_eq!(server.request_count(), 4, "the request and 3 retries");
    // 4 attempts of 30 s, and backoffs of at most 0.5 + 1 + 2 s.
    let elapsed = start.elapsed();
    assert!(
        elapsed >= DEFAULT_TIMEOUT * 4
            && elapsed <= DEFAULT_TIMEOUT * 4 + Duration::from_millis(3500),
        "{elapsed:?}"
    );
}

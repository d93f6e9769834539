//! Claims of the client's user guide that had no test of their own (see the
//! claims table in `client-tests/src/lib.rs`): the retry policy's setters as
//! the guide's example uses them, and a `reqwest::Client` of the caller's own
//! keeping its redirect policy; and the table itself: every test it names
//! exists. Raw servers on 127.0.0.1; waits on paused
//! time, measured between the arrivals the server records.

use std::time::Duration;

use brevo_conversations::{Client, RetryPolicy};
use client_tests::server::{response, Answer, Received, Server};

const API_KEY: &str = "claims-test-key";
const ID: &str = "eYBEm3gq3zc5ayE2g";

fn client(base_url: &str, retry: RetryPolicy) -> Client {
    client_tests::client(API_KEY, base_url, retry)
}

/// A message, as a raw 200 response.
fn message() -> Answer {
    Answer::Bytes(response(
        200,
        &[("content-type", "application/json")],
        br#"{"id": "eYBEm3gq3zc5ayE2g", "text": "hello"}"#,
    ))
}

/// The waits between consecutive requests.
fn gaps(received: &[Received]) -> Vec<Duration> {
    received
        .windows(2)
        .map(|pair| pair[1].at.duration_since(pair[0].at))
        .collect()
}

/// "`with_max_retries(0)`, or `RetryPolicy::disabled()`, turns retries off."
#[tokio::test(start_paused = true)]
async fn max_retries_of_0_turns_retries_off() {
    let server = Server::always(Answer::Bytes(response(503, &[], b"")))
        .await
        .expect("server starts");
    let error = client(&server.url(), RetryPolicy::default().with_max_retries(0))
        .get_message(ID)
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.request_count(), 1, "no retry");
}

/// "`with_base_delay`": the first retry waits between half the base and the
/// base (equal jitter), here 100-200 ms, where the default would wait
/// 250-500 ms.
#[tokio::test(start_paused = true)]
async fn the_base_delay_sets_the_first_wait() {
    let server = Server::start(|number, _| {
        if number == 0 {
            Answer::Bytes(response(503, &[], b""))
        } else {
            message()
        }
    })
    .await
    .expect("server starts");
    let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(200));
    client(&server.url(), policy)
        .get_message(ID)
        .await
        .expect("the retry succeeds");
    let waits = gaps(&server.received());
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert!(
        (Duration::from_millis(100)..=Duration::from_millis(200)).contains(&waits[0]),
        "{waits:?}"
    );
}

/// "`with_max_delay`: a 429 resetting later than this is returned at once",
/// and one resetting within it is waited for.
#[tokio::test(start_paused = true)]
async fn the_max_delay_is_the_longest_a_429_is_waited_for() {
    let policy = || RetryPolicy::default().with_max_delay(Duration::from_secs(10));
    let limited = |reset: &'static str| {
        Answer::Bytes(response(429, &[("x-sib-ratelimit-reset", reset)], b""))
    };

    // 11 s: beyond the cap of 10 s (the default cap, 30 s, would wait).
    let server = Server::always(limited("11")).await.expect("server starts");
    let started = tokio::time::Instant::now();
    let error = client(&server.url(), policy())
        .get_message(ID)
        .await
        .expect_err("429");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(started.elapsed(), Duration::ZERO, "returned at once");
    assert_eq!(server.request_count(), 1);

    // 9 s: within the cap, waited for, plus a backoff step (250 to 500 ms).
    let server = Server::start(
        move |number, _| {
            if number == 0 {
                limited("9")
            } else {
                message()
            }
        },
    )
    .await
    .expect("server starts");
    client(&server.url(), policy())
        .get_message(ID)
        .await
        .expect("the retry succeeds");
    let gaps = gaps(&server.received());
    assert_eq!(gaps.len(), 1);
    assert!(
        gaps[0] >= Duration::from_millis(9250) && gaps[0] <= Duration::from_millis(9500),
        "{gaps:?}"
    );
}

/// A server that redirects each request to `/hop{n+1}` within its own
/// origin, `hops` times, then answers a message.
async fn redirect_chain(hops: usize) -> Server {
    Server::start(move |number, _| {
        if number < hops {
            let location = format!("/conversations/messages/hop{}", number + 1);
            Answer::Bytes(response(302, &[("location", location.as_str())], b""))
        } else {
            message()
        }
    })
    .await
    .expect("server starts")
}

/// "A `reqwest::Client` you pass with `http_client` keeps its own redirect
/// policy": `Policy::none()` follows not even a redirect within the same
/// origin, which the client's own policy follows
/// (`safety::a_redirect_within_the_same_origin_is_followed`), and
/// `Policy::limited(10)` follows more than the client's 5
/// (`safety::a_sixth_redirect_is_not_followed`).
#[tokio::test]
async fn a_client_of_your_own_keeps_its_own_redirect_policy() {
    let with_policy = |base_url: &str, policy: reqwest::redirect::Policy| {
        // `Client::builder` first: it installs the TLS provider reqwest needs.
        let builder = Client::builder();
        let http = client_tests::http_client_builder()
            .redirect(policy)
            .build()
            .expect("HTTP client builds");
        builder
            .api_key(API_KEY)
            .base_url(base_url)
            .http_client(http)
            .retry_policy(RetryPolicy::disabled())
            .build()
            .expect("client builds")
    };

    let server = redirect_chain(1).await;
    let error = with_policy(&server.url(), reqwest::redirect::Policy::none())
        .get_message("hop0")
        .await
        .expect_err("the redirect is not followed");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302));
    assert_eq!(server.request_count(), 1);

    let server = redirect_chain(7).await;
    let message = with_policy(&server.url(), reqwest::redirect::Policy::limited(10))
        .get_message("hop0")
        .await
        .expect("7 redirects are followed");
    assert_eq!(message.id.as_deref(), Some(ID));
    assert_eq!(server.request_count(), 8, "the request and 7 redirects");
}

/// Every test the claims table of `client-tests/src/lib.rs` names exists:
/// `file::test` is a `fn test(` in `client-tests/tests/file.rs`, and
/// `` `codegen/runtime` `module::tests::test` `` one in
/// `codegen/runtime/src/module.rs`.
#[test]
fn every_test_the_claims_table_names_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: std::path::PathBuf| {
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };
    let table = read(root.join("src/lib.rs"));
    let rows: Vec<&str> = table
        .lines()
        .filter_map(|line| line.strip_prefix("//! | "))
        .filter(|row| !row.starts_with("section") && !row.starts_with("---"))
        .collect();
    assert!(rows.len() > 30, "the table has its rows: {}", rows.len());
    let mut named = 0;
    for row in rows {
        let tests = row.rsplit(" | ").next().unwrap_or_default();
        assert!(tests.contains("::"), "a claim without a test: {row}");
        // Split on the backticks: odd pieces are code spans.
        let spans: Vec<&str> = tests.split('`').skip(1).step_by(2).collect();
        let mut runtime = false;
        for span in spans {
            if span == "codegen/runtime" {
                runtime = true;
                continue;
            }
            if !span.contains("::") {
                // Words of the row's notes (`location`), not a test.
                continue;
            }
            let parts: Vec<&str> = span.split("::").collect();
            let (file, test) = match (runtime, parts.as_slice()) {
                (true, [module, "tests", test]) => (
                    root.join(format!("../codegen/runtime/src/{module}.rs")),
                    *test,
                ),
                (false, [file, test]) => (root.join(format!("tests/{file}.rs")), *test),
                _ => panic!("`{span}` names no test in the table's forms: {row}"),
            };
            runtime = false;
            assert!(
                read(file.clone()).contains(&format!("fn {test}(")),
                "`{span}` is not a test in {}",
                file.display()
            );
            named += 1;
        }
    }
    assert!(named > 60, "the table names its tests: {named}");
}

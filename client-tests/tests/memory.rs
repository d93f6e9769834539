//! Memory does not follow the server: a 300 MB body, error or success,
//! announced or chunked, is read only up to the client's limit, and the
//! call fails with `Error::ResponseTooLarge` keeping the status and the
//! first bytes. Before, a 300 MB error body grew the process by about
//! 900 MB. The peak resident memory of this process is measured around
//! each call (Linux's `VmHWM`, reset through `/proc/self/clear_refs`); the
//! tests run one after another in this binary of their own.

use brevo_conversations::{Client, Error, RetryPolicy};
use client_tests::server::{Answer, Server};

const BODY: u64 = 300_000_000;
/// What a call may add to the process's peak: the 1 MiB error limit, the
/// buffers of the connection and the allocator's slack.
const ALLOWED_GROWTH_KIB: u64 = 8 * 1024;

/// One test at a time: the peak is the whole process's.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A `/proc/self/status` field in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("the field")
}

/// Resets the peak resident memory to the current one.
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("reset VmHWM");
}

/// Calls `get_message` against a server answering `status` with a body of
/// `BODY` zero bytes, and returns the error and the growth of the peak.
async fn huge(status: u16, chunked: bool, client: impl Fn(&str) -> Client) -> (Error, u64) {
    let server = Server::always(Answer::Huge {
        status,
        length: BODY,
        chunked,
    })
    .await
    .expect("server starts");
    let client = client(&server.url());
    reset_peak();
    let before = status_kib("VmRSS:");
    let error = client
        .get_message("id")
        .await
        .expect_err("the body is too large");
    let peak = status_kib("VmHWM:");
    println!(
        "{status} chunked={chunked}: peak grew by {} KiB",
        peak.saturating_sub(before)
    );
    (error, peak.saturating_sub(before))
}

fn default_client(base_url: &str) -> Client {
    client_tests::client("key", base_url, RetryPolicy::disabled())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_300_mb_error_body_keeps_memory_flat() {
    let _serial = SERIAL.lock().await;
    for chunked in [false, true] {
        let (error, growth) = huge(502, chunked, default_client).await;
        let Error::ResponseTooLarge {
            status,
            limit,
            head,
            ..
        } = &error
        else {
            panic!("too large: {error:?}");
        };
        assert_eq!(status.as_u16(), 502);
        assert_eq!(*limit, brevo_conversations::DEFAULT_MAX_ERROR_RESPONSE_SIZE);
        assert!(!head.is_empty() && head.len() <= Error::KEPT_BYTES);
        assert!(head.iter().all(|b| *b == b'0'));
        assert!(
            growth < ALLOWED_GROWTH_KIB,
            "the peak grew by {growth} KiB (chunked: {chunked})"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_success_body_past_its_limit_is_refused_too() {
    let _serial = SERIAL.lock().await;
    let limited = |base_url: &str| {
        Client::builder()
            .api_key("key")
            .base_url(base_url)
            .retry_policy(RetryPolicy::disabled())
            .max_response_size(2 * 1024 * 1024)
            .build()
            .expect("client builds")
    };
    for chunked in [false, true] {
        let (error, growth) = huge(200, chunked, limited).await;
        assert!(
            matches!(&error, Error::ResponseTooLarge { status, limit, .. }
                if status.as_u16() == 200 && *limit == 2 * 1024 * 1024),
            "{error:?}"
        );
        assert!(growth < ALLOWED_GROWTH_KIB, "the peak grew by {growth} KiB");
    }
}

//! What the client emits through `tracing` and `log`: every request attempt
//! is one DEBUG span `http_request` with the documented fields (operation
//! id, method, path template, attempt, status, duration), a retry is a DEBUG
//! event `retrying` in that span, a failed heartbeat ping is a WARN event,
//! and nothing that is secret or private reaches any of it, on any thread,
//! including the `log` records reqwest writes.
//!
//! This binary installs the capture as the global subscriber and logger
//! (see `client_tests::capture`), so it sees what every thread emits; its
//! tests therefore run one at a time ([`SERIAL`]) and each looks at what
//! was captured since it started. The servers are `client_tests::server`
//! ones, which emit nothing themselves.

use brevo_conversations::types::{AgentIdentity, AgentOnlinePing, SendAgentMessage};
use brevo_conversations::Client;
use client_tests::capture::{self, Capture, Entry, Kind};
use client_tests::heartbeat_client;
use client_tests::server::{response, Answer, Server};
use tracing::Level;

mod secrets;

use secrets::{assert_no_secret, client_with_both_keys, API_KEY, PARTNER_KEY};

const MESSAGE_TEXT: &str = "private words for the visitor";
const ERROR_BODY_TEXT: &str = "private words of an error body";
const ID: &str = "eYBEm3gq3zc5ayE2g";

/// The tests of this binary look at every thread, so they run one at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn capture() -> &'static Capture {
    capture::install().expect("the capture is the only global subscriber and logger")
}

/// Fails when any entry holds a key, `private` text or the filled-in id.
fn assert_nothing_private(entries: &[Entry], private: &[&str]) {
    let all: Vec<String> = entries.iter().map(Entry::text).collect();
    let all = all.join("\n");
    assert_no_secret("tracing and log output", &all);
    for text in private {
        assert!(!all.contains(text), "`{text}` reached the logs: {all}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_attempt_is_one_debug_span_and_a_retry_a_debug_event_in_it_with_no_secret_or_body() {
    let _serial = SERIAL.lock().await;
    let capture = capture();
    let mark = capture.mark();
    let server = Server::start(|number, request| match (number, request.method()) {
        (0, _) => Answer::Bytes(response(
            429,
            &[
                ("x-sib-ratelimit-reset", "0"),
                ("content-type", "application/json"),
            ],
            format!(r#"{{"code": "too_many_requests", "message": "{ERROR_BODY_TEXT}"}}"#)
                .as_bytes(),
        )),
        _ => Answer::Bytes(response(
            200,
            &[("content-type", "application/json")],
            format!(r#"{{"id": "{ID}", "text": "{MESSAGE_TEXT}"}}"#).as_bytes(),
        )),
    })
    .await
    .expect("server starts");
    let client = client_with_both_keys(&server.url());
    // On a worker thread: the capture must see other threads than the test's.
    let test_thread = std::thread::current().id();
    tokio::spawn(async move {
        client
            .send_message(&SendAgentMessage::new(
                "visitor-1",
                MESSAGE_TEXT,
                AgentIdentity::by_id("agent-1"),
            ))
            .await
            .expect("second attempt succeeds");
        client.get_message(ID).await.expect("200");
    })
    .await
    .expect("the calls' task");

    let entries = capture.since(mark);
    let attempts = capture::attempts(&entries);
    assert_eq!(attempts.len(), 3, "one span per attempt: {attempts:#?}");
    for attempt in &attempts {
        assert_eq!(attempt.level, Level::DEBUG, "{attempt:?}");
        assert!(attempt.field("duration_ms").is_some(), "{attempt:?}");
    }
    let fields = |attempt: usize, names: [&str; 4]| -> Vec<Option<String>> {
        names
            .iter()
            .map(|name| attempts[attempt].field(name).map(str::to_owned))
            .collect()
    };
    let documented = ["operation", "method", "path", "attempt"];
    assert_eq!(
        fields(0, documented),
        [
            Some("conversationsMessagesPost".to_owned()),
            Some("POST".to_owned()),
            Some("/conversations/messages".to_owned()),
            Some("1".to_owned())
        ]
    );
    assert_eq!(attempts[0].status(), Some(429));
    assert_eq!(attempts[1].number(), Some(2));
    assert_eq!(attempts[1].status(), Some(200));
    assert_eq!(
        fields(2, documented),
        [
            Some("conversationsMessagesIdGet".to_owned()),
            Some("GET".to_owned()),
            Some("/conversations/messages/{id}".to_owned()),
            Some("1".to_owned())
        ],
        "the path template, not the id"
    );

    let retries = capture::events(&entries, "retrying");
    assert_eq!(retries.len(), 1, "{retries:#?}");
    let retry = retries[0];
    assert_eq!(retry.level, Level::DEBUG);
    assert_eq!(retry.span_name.as_deref(), Some("http_request"));
    assert_eq!(
        retry.span,
        Some(attempts[0].span),
        "in the first attempt's span"
    );
    assert_eq!(
        retry.field("delay_ms"),
        Some("0"),
        "the window resets at once"
    );

    assert!(
        entries
            .iter()
            .any(|entry| entry.kind == Kind::Span && entry.thread != test_thread),
        "the capture sees spans of other threads"
    );
    assert!(
        entries
            .iter()
            .any(|entry| entry.kind == Kind::Log && entry.target.starts_with("reqwest")),
        "reqwest's log records are captured too: {entries:#?}"
    );
    assert_nothing_private(&entries, &[MESSAGE_TEXT, ERROR_BODY_TEXT, ID]);
}

fn ping() -> AgentOnlinePing {
    AgentOnlinePing::new(AgentIdentity::by_id("d9nKoegKSjmCtyK78"))
}

/// Runs a heartbeat against a server that answers 503 with `ERROR_BODY_TEXT`
/// until its first failure is reported, and returns what was captured.
async fn failed_heartbeat_ping() -> Vec<Entry> {
    let capture = capture();
    let mark = capture.mark();
    let server = Server::always(Answer::Bytes(response(
        503,
        &[("content-type", "text/plain")],
        ERROR_BODY_TEXT.as_bytes(),
    )))
    .await
    .expect("server starts");
    let builder = Client::builder().api_key(API_KEY).partner_key(PARTNER_KEY);
    let mut heartbeat = heartbeat_client(builder, &server.url())
        .keep_agent_online(ping())
        .expect("starts");
    let status = heartbeat.changed().await;
    assert_eq!(status.consecutive_failures, 1, "{status:?}");
    heartbeat.stop().await;
    capture.since(mark)
}

#[tokio::test(start_paused = true)]
async fn a_failed_heartbeat_ping_is_a_tracing_warning_without_a_key() {
    let _serial = SERIAL.lock().await;
    let entries = failed_heartbeat_ping().await;
    let warnings: Vec<&Entry> = entries
        .iter()
        .filter(|entry| {
            entry.kind == Kind::Event
                && entry.level == Level::WARN
                && entry.target.starts_with("brevo_conversations")
        })
        .collect();
    assert_eq!(warnings.len(), 1, "{entries:#?}");
    let warning = warnings[0];
    assert_eq!(warning.field("message"), Some("heartbeat call failed"));
    assert!(
        warning.text().contains("503"),
        "the warning says what failed: {warning:?}"
    );
    assert_nothing_private(&entries, &[]);
}

#[tokio::test(start_paused = true)]
async fn no_heartbeat_warning_carries_the_response_body() {
    let _serial = SERIAL.lock().await;
    let entries = failed_heartbeat_ping().await;
    assert!(
        entries
            .iter()
            .any(|entry| entry.level == Level::WARN && entry.kind == Kind::Event),
        "the failure was logged: {entries:#?}"
    );
    assert_nothing_private(&entries, &[ERROR_BODY_TEXT]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_left_unread_is_a_warning_naming_its_pointer_and_not_its_value() {
    let _serial = SERIAL.lock().await;
    let capture = capture();
    let mark = capture.mark();
    // `file.size` as a string that holds private text: left out, the rest read.
    let body = format!(
        r#"{{"id": "{ID}", "text": "{MESSAGE_TEXT}", "file": {{"size": "{ERROR_BODY_TEXT}"}}}}"#
    );
    let server = Server::always(Answer::Bytes(response(
        200,
        &[("content-type", "application/json")],
        body.as_bytes(),
    )))
    .await
    .expect("server starts");
    let client = client_with_both_keys(&server.url());
    let message = tokio::spawn(async move { client.get_message(ID).await })
        .await
        .expect("the call's task")
        .expect("a 200 is a success");
    assert_eq!(
        message.text.as_deref(),
        Some(MESSAGE_TEXT),
        "the rest is read"
    );

    let entries = capture.since(mark);
    let warnings: Vec<&Entry> = entries
        .iter()
        .filter(|entry| entry.kind == Kind::Event && entry.level == Level::WARN)
        .collect();
    assert_eq!(warnings.len(), 1, "one warning: {warnings:#?}");
    assert_eq!(warnings[0].field("status"), Some("200"));
    assert_eq!(warnings[0].field("unread"), Some("/file/size"));
    assert_nothing_private(&entries, &[MESSAGE_TEXT, ERROR_BODY_TEXT]);
}

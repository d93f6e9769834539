//! No response makes the client panic or hang: a property test that drives
//! every operation against a raw TCP server on loopback answering arbitrary
//! HTTP/1.1 responses (status 100-599 and odd ones up to 999, arbitrary
//! headers including the rate-limit ones and `retry-after`, arbitrary body
//! bytes, right and wrong framing), and also:
//!
//! - `location` on any status, for 3xx too: the same origin (by URL or by
//!   path, followed up to 5 times), another port, host or scheme (not
//!   followed), odd text and bytes;
//! - `content-encoding` (gzip, deflate, br, unknown ones) over plain,
//!   gzip-looking or garbage bodies: the client asks for no encoding and
//!   decodes none, so it reads the bytes as sent;
//! - keep-alive: a connection answered without `connection: close`, whose
//!   second request gets another response (then the server closes it);
//! - status lines with no reason phrase, `HTTP/1.0`, and broken ones
//!   (`HTTP/1.1 abc`, four digits, another protocol).
//!
//! Each call must return `Ok` or `Err` within a bound; where the outcome is
//! certain from the response the client last read, it is checked too.
//!
//! The default run is short (`DEFAULT_CASES` cases, each calling all nine
//! operations). For a longer run, set `PROPTEST_CASES`, which this file
//! honours (as well as proptest's other `PROPTEST_*` variables):
//!
//! ```text
//! PROPTEST_CASES=10000 cargo test -p client-tests --test no_panic --release
//! ```
//!
//! A failing case is shrunk and printed with its raw response (escaped), and
//! its seed is saved in `tests/no_panic.proptest-regressions`, so that the
//! next run tries it first.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once, OnceLock};
use std::time::Duration;

use brevo_conversations::types::{
    AgentIdentity, AgentOnlinePing, ConversationsMessage, ConversationsMessageFile,
    ConversationsMessageFileImageInfo, ConversationsMessageType, ErrorModel, PushedMessageSender,
    SendAgentMessage, SendPushedMessage, UpdateAgentMessage, UpdatePushedMessage,
};
use brevo_conversations::{Client, Error, ErrorBody, RateLimit, RetryPolicy};
use client_tests::server::read_request;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

/// Cases per run unless `PROPTEST_CASES` says otherwise.
const DEFAULT_CASES: u32 = 128;

/// A call that takes longer than this hangs. The server closes every
/// connection once it has answered, so each attempt ends without a client
/// timeout (a timeout firing on a slow, loaded machine would turn a valid
/// answer into an error); two attempts and a backoff of at most 5 ms take
/// milliseconds, and this bound is only there to turn a hang into a failure.
const HANG_LIMIT: Duration = Duration::from_secs(60);

const API_KEY: &str = "no-panic-test-key";

// ---------------------------------------------------------------------------
// Panics anywhere in the process
// ---------------------------------------------------------------------------

/// Panics seen by the hook installed in [`count_panics`]. A panic in a task
/// that hyper or reqwest spawn would not reach the caller (tokio catches it
/// and the call just fails), so the test counts panics in every thread.
static PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

/// One runtime for every case, so that the server and the client's
/// connection tasks all run on it.
fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime")
    })
}

/// proptest's defaults, which read `PROPTEST_CASES` and the other
/// `PROPTEST_*` variables, with fewer cases when that variable is unset.
/// (`ProptestConfig::with_cases` would override the variable.)
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = DEFAULT_CASES;
    }
    config
}

// ---------------------------------------------------------------------------
// The response the server sends
// ---------------------------------------------------------------------------

/// How the body is delimited on the wire.
#[derive(Clone, Copy, Debug)]
enum Framing {
    /// `content-length` is the body's length.
    Exact,
    /// No `content-length`: the body ends when the server closes.
    CloseDelimited,
    /// `transfer-encoding: chunked`, one chunk.
    Chunked,
    /// `content-length` is this much smaller than the body.
    TooShort(usize),
    /// `content-length` is this much larger than the body, which then
    /// ends early when the server closes.
    TooLong(usize),
}

impl Framing {
    /// Whether the client receives exactly the body that was sent.
    fn delivers_body(self) -> bool {
        matches!(
            self,
            Framing::Exact | Framing::CloseDelimited | Framing::Chunked
        )
    }
}

/// How the status line is written.
#[derive(Clone, Copy, Debug)]
enum StatusLine {
    /// `HTTP/1.1 {status} {reason}`.
    Normal,
    /// `HTTP/1.1 {status}`: no reason phrase, and no space before it.
    NoReason,
    /// `HTTP/1.0 {status} {reason}`.
    Http10,
    /// A line that is no status line, written as it is.
    Broken(&'static str),
}

/// Status lines no HTTP/1.x parser accepts.
const BROKEN_STATUS_LINES: &[&str] = &[
    "HTTP/1.1 abc",
    "HTTP/1.1 abc OK",
    "HTTP/1.1 2000 OK",
    "HTTP/1.1 20 OK",
    "HTTP/1.1 -200 OK",
    "HTTP/1.1 2OO OK",
    "HTTP/2 200 OK",
    "HTTP/1.2 200 OK",
    "http/1.1 200 OK",
    "ICY 200 OK",
    "HTTP/1.1200 OK",
    "HTTP/1.1",
    "HTTP/1.1 ",
    "",
    " HTTP/1.1 200 OK",
];

/// Where a `location` header points.
#[derive(Clone, Debug)]
enum Location {
    /// This server by absolute URL: the same origin, followed.
    SameOrigin,
    /// A path on this server: the same origin, followed.
    Path,
    /// The same host on port 1, where nothing listens: not followed.
    OtherPort,
    /// This machine by another name (`localhost`): not followed.
    OtherHost,
    /// `https` on this host and port: not followed.
    OtherScheme,
    /// Text that may or may not be a URL, or bytes that are not text.
    Odd(Vec<u8>),
}

impl Location {
    /// The header's value, for a server listening on `origin`
    /// (`127.0.0.1:port`).
    fn value(&self, origin: &str) -> Vec<u8> {
        let port = origin.rsplit(':').next().unwrap_or_default();
        match self {
            Location::SameOrigin => format!("http://{origin}/moved?to=here").into_bytes(),
            Location::Path => b"/conversations/elsewhere".to_vec(),
            Location::OtherPort => b"http://127.0.0.1:1/conversations/messages".to_vec(),
            Location::OtherHost => format!("http://localhost:{port}/conversations").into_bytes(),
            Location::OtherScheme => format!("https://{origin}/conversations").into_bytes(),
            Location::Odd(bytes) => bytes.clone(),
        }
    }

    /// Whether a client that follows redirects within the same origin
    /// follows this one: `Some(true)` or `Some(false)` when certain, `None`
    /// for odd values (text may be a relative URL on this server).
    fn followed(&self) -> Option<bool> {
        match self {
            Location::SameOrigin | Location::Path => Some(true),
            Location::OtherPort | Location::OtherHost | Location::OtherScheme => Some(false),
            Location::Odd(_) => None,
        }
    }
}

/// The statuses reqwest follows a `location` of.
const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// The requests one attempt can make: the first, and the 5 redirects
/// within the same origin the client follows at most.
const MAX_REQUESTS_PER_ATTEMPT: usize = 6;

/// The origin shown in a failing case's raw response.
const SHOWN_ORIGIN: &str = "127.0.0.1:PORT";

/// One HTTP response, sent for every request of a case (or, on a kept-alive
/// connection, for the first).
#[derive(Clone)]
struct Reply {
    line: StatusLine,
    status: u16,
    reason: Vec<u8>,
    headers: Vec<(String, Vec<u8>)>,
    location: Option<Location>,
    content_encoding: Option<&'static str>,
    body: Vec<u8>,
    framing: Framing,
}

impl std::fmt::Debug for Reply {
    /// The raw response, escaped, so that a failure can be reproduced.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply")
            .field("framing", &self.framing)
            .field("location", &self.location)
            .field(
                "raw",
                &self
                    .to_bytes(SHOWN_ORIGIN, false)
                    .escape_ascii()
                    .to_string(),
            )
            .finish()
    }
}

impl Reply {
    /// The bytes the server writes for a server on `origin`; with
    /// `keep_alive`, without `connection: close` (the server then waits for
    /// another request on the connection).
    fn to_bytes(&self, origin: &str, keep_alive: bool) -> Vec<u8> {
        let mut out = match self.line {
            StatusLine::Normal => format!("HTTP/1.1 {} ", self.status).into_bytes(),
            StatusLine::NoReason => format!("HTTP/1.1 {}", self.status).into_bytes(),
            StatusLine::Http10 => format!("HTTP/1.0 {} ", self.status).into_bytes(),
            StatusLine::Broken(line) => line.as_bytes().to_vec(),
        };
        if matches!(self.line, StatusLine::Normal | StatusLine::Http10) {
            out.extend_from_slice(&self.reason);
        }
        out.extend_from_slice(b"\r\n");
        let location = self
            .location
            .as_ref()
            .map(|l| ("location".to_owned(), l.value(origin)));
        let encoding = self
            .content_encoding
            .map(|value| ("content-encoding".to_owned(), value.as_bytes().to_vec()));
        for (name, value) in self.headers.iter().chain(&location).chain(&encoding) {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        }
        let length = self.body.len();
        match self.framing {
            Framing::Exact => out.extend(format!("content-length: {length}\r\n").bytes()),
            Framing::TooShort(less) => {
                out.extend(format!("content-length: {}\r\n", length.saturating_sub(less)).bytes())
            }
            Framing::TooLong(more) => {
                out.extend(format!("content-length: {}\r\n", length + more).bytes())
            }
            Framing::Chunked => out.extend_from_slice(b"transfer-encoding: chunked\r\n"),
            Framing::CloseDelimited => {}
        }
        if !keep_alive {
            out.extend_from_slice(b"connection: close\r\n");
        }
        out.extend_from_slice(b"\r\n");
        if let Framing::Chunked = self.framing {
            if length > 0 {
                out.extend(format!("{length:x}\r\n").bytes());
                out.extend_from_slice(&self.body);
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"0\r\n\r\n");
        } else {
            out.extend_from_slice(&self.body);
        }
        out
    }

    /// Whether the response is valid HTTP/1.x whose body reaches the
    /// client intact: a status line httparse accepts, header values only of
    /// bytes it accepts (tab, visible ASCII, space, obs-text) and a body
    /// framing that holds (HTTP/1.0 knows no chunks).
    fn well_formed(&self) -> bool {
        let value_byte = |b: &u8| matches!(*b, b'\t' | b' '..=0x7e | 0x80..=0xff);
        let line = match self.line {
            StatusLine::Normal | StatusLine::NoReason => true,
            StatusLine::Http10 => !matches!(self.framing, Framing::Chunked),
            StatusLine::Broken(_) => false,
        };
        let location = match &self.location {
            Some(Location::Odd(bytes)) => bytes.iter().all(value_byte),
            _ => true,
        };
        line && location
            && self.framing.delivers_body()
            && self.reason.iter().all(value_byte)
            && self.headers.iter().all(|(_, v)| v.iter().all(value_byte))
    }

    /// Whether the client may follow this response to another request of
    /// the same attempt: a redirect status with a `location`.
    fn may_redirect(&self) -> bool {
        REDIRECTS.contains(&self.status) && self.location.is_some()
    }

    /// Whether this response is a redirect that would resend `op` as a GET
    /// without its body (301, 302 or 303 to a write), which the client
    /// refuses as `Error::Redirect`; certain for the `location`s the client
    /// can read, `None` for odd ones (it may not be read as one).
    fn refused_for(&self, op: Op) -> Option<bool> {
        if !(self.may_redirect() && matches!(self.status, 301..=303) && !op.is_get()) {
            return Some(false);
        }
        self.location.as_ref()?.followed().map(|_| true)
    }

    /// Whether a connection answered with this response can carry another
    /// request: a well-formed HTTP/1.1 final response whose end the client
    /// knows without the connection closing, and that has a body to read
    /// (hyper reads none for 204 and 304).
    fn keeps_alive(&self) -> bool {
        self.well_formed()
            && matches!(self.line, StatusLine::Normal | StatusLine::NoReason)
            && matches!(self.framing, Framing::Exact | Framing::Chunked)
            && self.status >= 200
            && !matches!(self.status, 204 | 304)
    }

    /// Whether a message POST answered with this response must have been
    /// sent exactly once: anything but a 429 (retried when the wait is
    /// short), a redirect (followed) and a 1xx (hyper reads the body as the
    /// next response, which may be a 429).
    fn posts_once(&self) -> bool {
        match self.line {
            StatusLine::Broken(_) => true,
            _ => self.status >= 200 && self.status != 429 && !self.may_redirect(),
        }
    }

    /// The body the client sees, for a well-formed response: none for
    /// 204 and 304, which hyper never reads a body for.
    fn effective_body(&self) -> &[u8] {
        match self.status {
            204 | 304 => &[],
            _ => &self.body,
        }
    }

    /// Values of every header named `name` (case-insensitive), in order.
    fn values(&self, name: &str) -> Vec<&[u8]> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
            .collect()
    }
}

/// `value` as a number when it is written plainly (ASCII digits only).
fn plain_number(value: &[u8]) -> Option<u64> {
    if value.is_empty() || value.len() > 15 || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

/// What `RateLimit` must hold for header `name` when that is certain:
/// `Some(None)` when the header is absent or has no digit at all,
/// `Some(Some(n))` for one plainly written number, `None` otherwise.
fn expected_number(reply: &Reply, name: &str) -> Option<Option<u64>> {
    match reply.values(name).as_slice() {
        [] => Some(None),
        [value] if !value.iter().any(u8::is_ascii_digit) => Some(None),
        [value] => plain_number(value).map(Some),
        _ => None,
    }
}

/// For a well-formed 429: whether the client must retry (it has no wait
/// or a wait of 0) or must not (a wait of 1 s or more, beyond the 5 ms
/// cap); `None` when it depends on parsing details.
fn expect_429_retry(reply: &Reply) -> Option<bool> {
    let retry_after = reply.values("retry-after");
    let reset = reply.values(RateLimit::RESET_HEADER);
    let wait = match (retry_after.as_slice(), reset.as_slice()) {
        ([], []) => return Some(true),
        ([value], _) | ([], [value]) => plain_number(value)?,
        _ => return None,
    };
    Some(wait == 0)
}

// ---------------------------------------------------------------------------
// Strategies
//
// Each is boxed: unboxed, the nested tuple and union types make proptest
// build value trees so large on the stack that a debug build overflows the
// 2 MiB stack of a test thread.
// ---------------------------------------------------------------------------

fn status() -> BoxedStrategy<u16> {
    prop_oneof![
        4 => 100u16..=599,
        1 => 100u16..=103,
        4 => prop::sample::select(vec![200u16, 201, 202, 204, 205, 206, 299]),
        4 => prop::sample::select(vec![
            300u16, 301, 302, 304, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504,
        ]),
        2 => prop::sample::select(REDIRECTS.to_vec()),
        // Three digits, but no status of HTTP's.
        1 => prop::sample::select(vec![600u16, 699, 700, 999]),
    ]
    .boxed()
}

fn status_line() -> BoxedStrategy<StatusLine> {
    prop_oneof![
        12 => Just(StatusLine::Normal),
        2 => Just(StatusLine::NoReason),
        2 => Just(StatusLine::Http10),
        1 => prop::sample::select(BROKEN_STATUS_LINES).prop_map(StatusLine::Broken),
    ]
    .boxed()
}

fn location() -> BoxedStrategy<Option<Location>> {
    let odd = prop_oneof![
        prop::sample::select(vec![
            "",
            " ",
            "not a url",
            "http://",
            "http://[::1",
            "http://127.0.0.1:99999/",
            "//localhost/x",
            "../../../etc",
            "?only=query",
            "#fragment",
            "javascript:alert(1)",
            "mailto:a@example.test",
            "http://user:pass@127.0.0.1:1/",
            "/a/../../b",
            "/%zz",
        ])
        .prop_map(|text| text.as_bytes().to_vec()),
        vec(value_byte(), 0..40),
        vec(any::<u8>(), 0..20),
    ];
    prop_oneof![
        6 => Just(None),
        2 => Just(Some(Location::SameOrigin)),
        2 => Just(Some(Location::Path)),
        1 => Just(Some(Location::OtherPort)),
        1 => Just(Some(Location::OtherHost)),
        1 => Just(Some(Location::OtherScheme)),
        2 => odd.prop_map(|bytes| Some(Location::Odd(bytes))),
    ]
    .boxed()
}

fn content_encoding() -> BoxedStrategy<Option<&'static str>> {
    prop_oneof![
        4 => Just(None),
        1 => prop::sample::select(vec![
            "gzip", "deflate", "br", "zstd", "identity", "compress", "x-unknown", "gzip, deflate",
            "GZIP", "",
        ])
        .prop_map(Some),
    ]
    .boxed()
}

/// Bytes httparse accepts in a header value or reason phrase.
fn value_byte() -> BoxedStrategy<u8> {
    prop_oneof![
        8 => 0x20u8..=0x7e,
        1 => Just(b'\t'),
        1 => 0x80u8..=0xff,
    ]
    .boxed()
}

fn reason() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        Just(b"OK".to_vec()),
        Just(Vec::new()),
        vec(value_byte(), 0..24),
    ]
    .boxed()
}

/// Header names: the ones the client reads (in odd case too), a content
/// type, and random `x-` names. Never framing headers (the framing is
/// chosen separately) nor `location` (reqwest would follow redirects).
fn header_name() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "x-sib-ratelimit-limit",
            "x-sib-ratelimit-remaining",
            "x-sib-ratelimit-reset",
            "retry-after",
            "X-Sib-RateLimit-Reset",
            "Retry-After",
            "content-type",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z][a-z0-9-]{0,15}".prop_map(|name| format!("x-{name}")),
    ]
    .boxed()
}

/// Values that look like numbers, and some that only nearly do.
fn numeric_value() -> BoxedStrategy<String> {
    prop_oneof![
        (0u64..10).prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|x| x.to_string()),
        (0.0f64..0.02).prop_map(|x| x.to_string()),
        (-1e30f64..1e30).prop_map(|x| format!("{x:e}")),
        prop::sample::select(vec![
            "",
            " ",
            "0",
            "-0",
            "+5",
            "-1",
            "0.001",
            "0.0049",
            "1e-9",
            "1e3",
            "1e308",
            "1e309",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "infinity",
            "0x10",
            "1_000",
            "1,5",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999999999999999999",
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "\u{ff15}",
        ])
        .prop_map(str::to_owned),
        "[ -~]{0,20}",
    ]
    .boxed()
}

fn header_value() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        6 => numeric_value().prop_map(String::into_bytes),
        3 => vec(value_byte(), 0..40),
        // Control bytes, CR and LF: malformed (or extra) header lines.
        1 => vec(any::<u8>(), 0..40),
    ]
    .boxed()
}

fn message() -> BoxedStrategy<ConversationsMessage> {
    let kind = prop_oneof![
        Just(ConversationsMessageType::Agent),
        Just(ConversationsMessageType::Visitor),
        any::<String>().prop_map(ConversationsMessageType::Unknown),
    ]
    .boxed();
    let image = (
        option::of(any::<i64>()),
        option::of(any::<i64>()),
        option::of(any::<String>()),
    )
        .prop_map(|(width, height, preview_link)| {
            let mut info = ConversationsMessageFileImageInfo::default();
            info.width = width;
            info.height = height;
            info.preview_link = preview_link;
            info
        })
        .boxed();
    let file = (
        option::of(any::<String>()),
        option::of(any::<i64>()),
        option::of(any::<bool>()),
        option::of(any::<String>()),
        option::of(image),
    )
        .prop_map(|(name, size, is_image, link, image_info)| {
            let mut file = ConversationsMessageFile::default();
            file.name = name;
            file.size = size;
            file.is_image = is_image;
            file.link = link;
            file.image_info = image_info;
            file
        })
        .boxed();
    (
        (
            option::of(any::<String>()),
            option::of(kind),
            option::of(any::<String>()),
            option::of(any::<String>()),
            option::of(any::<String>()),
        ),
        (
            option::of(any::<String>()),
            option::of(any::<i64>()),
            option::of(any::<bool>()),
            option::of(any::<String>()),
            option::of(file),
        ),
    )
        .prop_map(
            |(
                (id, type_, text, visitor_id, agent_id),
                (agent_name, created_at, is_pushed, received_from, file),
            )| {
                let mut message = ConversationsMessage::default();
                message.id = id;
                message.type_ = type_;
                message.text = text;
                message.visitor_id = visitor_id;
                message.agent_id = agent_id;
                message.agent_name = agent_name;
                message.created_at = created_at;
                message.is_pushed = is_pushed;
                message.received_from = received_from;
                message.file = file;
                message
            },
        )
        .boxed()
}

fn json_value() -> BoxedStrategy<serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        let key = prop_oneof![
            prop::sample::select(vec![
                "id",
                "type",
                "text",
                "createdAt",
                "file",
                "imageInfo",
                "code",
                "message",
            ])
            .prop_map(str::to_owned),
            any::<String>(),
        ];
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((key, inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
    .boxed()
}

fn body() -> BoxedStrategy<Vec<u8>> {
    let error_code = prop_oneof![
        prop::sample::select(vec![
            "invalid_parameter",
            "document_not_found",
            "unauthorized",
            "bad_request",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
    ];
    prop_oneof![
        2 => Just(Vec::new()),
        6 => message().prop_map(|m| serde_json::to_vec(&m).expect("a message serialises")),
        3 => (error_code, any::<String>()).prop_map(|(code, message)| {
            serde_json::to_vec(&serde_json::json!({ "code": code, "message": message }))
                .expect("an error model serialises")
        }),
        3 => prop::sample::select(vec![
            "{}",
            " {} ",
            "\u{feff}{}",
            "{}garbage",
            "null",
            "[]",
            "true",
            "\"text\"",
            "{",
            "{\"id\":",
            "{\"id\": 5}",
            "{\"type\": 1}",
            "{\"id\": \"a\", \"id\": \"b\"}",
            "{\"text\": \"\\ud800\"}",
            "{\"createdAt\": \"yesterday\"}",
            "{\"createdAt\": 1e400}",
            "{\"createdAt\": 9223372036854775808}",
            "{\"file\": []}",
            "{\"file\": {\"imageInfo\": {\"width\": -1.5}}}",
            "{\"code\": null, \"message\": \"m\"}",
            "{\"code\": \"x\"}",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        3 => json_value().prop_map(|v| serde_json::to_vec(&v).expect("a value serialises")),
        // Nesting far beyond serde_json's recursion limit, at the top and
        // inside a field the client skips.
        1 => (1usize..20_000, any::<bool>()).prop_map(|(depth, in_field)| {
            let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let text = if in_field { format!("{{\"x\": {nested}}}") } else { nested };
            text.into_bytes()
        }),
        // A valid message cut short.
        2 => (message(), any::<prop::sample::Index>()).prop_map(|(m, cut)| {
            let mut bytes = serde_json::to_vec(&m).expect("a message serialises");
            bytes.truncate(cut.index(bytes.len()));
            bytes
        }),
        4 => vec(any::<u8>(), 0..512),
        // The magic bytes of gzip and zlib, then garbage.
        1 => (prop::sample::select(vec![&[0x1f, 0x8b, 0x08, 0x00][..], &[0x78, 0x9c][..]]), vec(any::<u8>(), 0..64))
            .prop_map(|(magic, rest)| [magic, rest.as_slice()].concat()),
        // A large valid message.
        1 => (64usize * 1024..256 * 1024).prop_map(|len| {
            serde_json::to_vec(&serde_json::json!({ "id": "big", "text": "x".repeat(len) }))
                .expect("a message serialises")
        }),
    ]
    .boxed()
}

fn framing() -> BoxedStrategy<Framing> {
    prop_oneof![
        8 => Just(Framing::Exact),
        1 => Just(Framing::CloseDelimited),
        1 => Just(Framing::Chunked),
        1 => (1usize..64).prop_map(Framing::TooShort),
        1 => (1usize..64).prop_map(Framing::TooLong),
    ]
    .boxed()
}

fn reply() -> BoxedStrategy<Reply> {
    (
        (status_line(), status(), reason()),
        vec((header_name(), header_value()), 0..8),
        (location(), content_encoding()),
        body(),
        framing(),
    )
        .prop_map(
            |((line, status, reason), headers, (location, content_encoding), body, framing)| {
                Reply {
                    line,
                    status,
                    reason,
                    headers,
                    location,
                    content_encoding,
                    body,
                    framing,
                }
            },
        )
        .boxed()
}

/// The arguments: a message id (mostly plain; sometimes anything, which
/// may be rejected before sending) and a message text.
fn id() -> BoxedStrategy<String> {
    prop_oneof![
        8 => "[A-Za-z0-9]{1,20}",
        1 => any::<String>(),
        1 => prop::sample::select(vec!["", ".", "..", "a/b", "../contacts", "x?y#z", "é"])
            .prop_map(str::to_owned),
    ]
    .boxed()
}

#[derive(Clone, Debug)]
struct Case {
    id: String,
    text: String,
    /// Call the `_with_response` twins, which also return status and
    /// rate limit on success.
    with_response: bool,
    reply: Reply,
    /// With a `reply` that can keep the connection alive: it is sent
    /// without `connection: close`, and the second request on the
    /// connection gets this one (after which the server closes it).
    second: Option<Reply>,
}

impl Case {
    /// The response numbered `index` in the server's log: 0 for `reply`,
    /// 1 for `second`.
    fn served(&self, index: usize) -> &Reply {
        match (index, &self.second) {
            (1, Some(second)) => second,
            _ => &self.reply,
        }
    }
}

fn case() -> BoxedStrategy<Case> {
    (
        id(),
        any::<String>(),
        any::<bool>(),
        reply(),
        option::weighted(0.3, reply()),
    )
        .prop_map(|(id, text, with_response, reply, second)| Case {
            id,
            text,
            with_response,
            second: second.filter(|_| reply.keeps_alive()),
            reply,
        })
        .boxed()
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/// The bytes a connection is answered with.
struct Answers {
    /// The first response, then `connection: close`.
    first: Vec<u8>,
    /// With a second response: the first without `connection: close`,
    /// and the second, after which the connection is closed.
    kept_alive: Option<(Vec<u8>, Vec<u8>)>,
}

/// A server on loopback that reads each request in full, logs which
/// response it answers with, answers and closes the connection (after the
/// second request when the case keeps it alive).
struct Server {
    url: String,
    served: Arc<Mutex<Vec<usize>>>,
    accept: JoinHandle<()>,
}

impl Server {
    async fn start(case: &Case) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let origin = listener.local_addr().expect("local address").to_string();
        let answers = Arc::new(Answers {
            first: case.reply.to_bytes(&origin, false),
            kept_alive: case.second.as_ref().map(|second| {
                (
                    case.reply.to_bytes(&origin, true),
                    second.to_bytes(&origin, false),
                )
            }),
        });
        let served = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&served);
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(answer(stream, Arc::clone(&answers), Arc::clone(&log)));
            }
        });
        Server {
            url: format!("http://{origin}"),
            served,
            accept,
        }
    }

    /// Which responses were sent since the last call, in order (0 for the
    /// case's `reply`, 1 for its `second`).
    fn take_served(&self) -> Vec<usize> {
        std::mem::take(&mut *self.served.lock().expect("the log"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn answer(mut stream: TcpStream, answers: Arc<Answers>, served: Arc<Mutex<Vec<usize>>>) {
    // Logged before answering, so the log is complete when the call returns.
    let log = |index: usize| served.lock().expect("the log").push(index);
    if read_request(&mut stream).await.is_none() {
        return;
    }
    log(0);
    if let Some((first, second)) = &answers.kept_alive {
        if stream.write_all(first).await.is_err() || read_request(&mut stream).await.is_none() {
            return;
        }
        log(1);
        let _ = stream.write_all(second).await;
    } else {
        let _ = stream.write_all(&answers.first).await;
    }
    let _ = stream.shutdown().await;
}

// ---------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Op {
    AgentOnlinePingPost,
    MessagesPost,
    MessagesIdGet,
    MessagesIdPut,
    MessagesIdDelete,
    PushedMessagesPost,
    PushedMessagesIdGet,
    PushedMessagesIdPut,
    PushedMessagesIdDelete,
}

/// What a call returned on success: the message for operations with a
/// body, and the status and rate limit for the `_with_response` twins.
#[derive(Debug)]
struct Success {
    message: Option<ConversationsMessage>,
    meta: Option<(u16, RateLimit)>,
}

impl Op {
    const ALL: [Op; 9] = [
        Op::AgentOnlinePingPost,
        Op::MessagesPost,
        Op::MessagesIdGet,
        Op::MessagesIdPut,
        Op::MessagesIdDelete,
        Op::PushedMessagesPost,
        Op::PushedMessagesIdGet,
        Op::PushedMessagesIdPut,
        Op::PushedMessagesIdDelete,
    ];

    /// Whether the client may repeat the request (per the generated
    /// operation table: all but the two message POSTs).
    fn idempotent(self) -> bool {
        !matches!(self, Op::MessagesPost | Op::PushedMessagesPost)
    }

    /// Whether it sends a GET, which a redirect never turns into another
    /// method; every other operation is a write.
    fn is_get(self) -> bool {
        matches!(self, Op::MessagesIdGet | Op::PushedMessagesIdGet)
    }

    /// Whether success carries a `ConversationsMessage`.
    fn returns_message(self) -> bool {
        !matches!(
            self,
            Op::AgentOnlinePingPost | Op::MessagesIdDelete | Op::PushedMessagesIdDelete
        )
    }

    async fn call(self, client: &Client, case: &Case) -> Result<Success, Error> {
        /// Adapts a plain call.
        fn plain(message: Option<ConversationsMessage>) -> Success {
            Success {
                message,
                meta: None,
            }
        }
        /// Adapts a `_with_response` call.
        fn full<T>(
            response: brevo_conversations::ApiResponse<T>,
            message: impl FnOnce(T) -> Option<ConversationsMessage>,
        ) -> Success {
            Success {
                meta: Some((response.status.as_u16(), response.rate_limit)),
                message: message(response.body),
            }
        }
        let id = case.id.as_str();
        let text = case.text.as_str();
        let agent = AgentIdentity::by_id(text);
        let ping = AgentOnlinePing::new(agent.clone());
        let send = SendAgentMessage::new("visitor", text, agent);
        let push = SendPushedMessage::new(
            "visitor",
            text,
            PushedMessageSender::ByGroup {
                group_id: "group".to_owned(),
            },
        );
        let edit = UpdateAgentMessage::new(text);
        let edit_pushed = UpdatePushedMessage::new(text);
        let c = client;
        if case.with_response {
            match self {
                Op::AgentOnlinePingPost => c
                    .ping_agent_online(&ping)
                    .send_with_response()
                    .await
                    .map(|r| full(r, |()| None)),
                Op::MessagesPost => c
                    .send_message(&send)
                    .send_with_response()
                    .await
                    .map(|r| full(r, |body| body.into_value().ok())),
                Op::MessagesIdGet => c
                    .get_message(id)
                    .send_with_response()
                    .await
                    .map(|r| full(r, Some)),
                Op::MessagesIdPut => c
                    .update_message(id, &edit)
                    .send_with_response()
                    .await
                    .map(|r| full(r, Some)),
                Op::MessagesIdDelete => c
                    .delete_message(id)
                    .send_with_response()
                    .await
                    .map(|r| full(r, |()| None)),
                Op::PushedMessagesPost => c
                    .send_pushed_message(&push)
                    .send_with_response()
                    .await
                    .map(|r| full(r, |body| body.into_value().ok())),
                Op::PushedMessagesIdGet => c
                    .get_pushed_message(id)
                    .send_with_response()
                    .await
                    .map(|r| full(r, Some)),
                Op::PushedMessagesIdPut => c
                    .update_pushed_message(id, &edit_pushed)
                    .send_with_response()
                    .await
                    .map(|r| full(r, Some)),
                Op::PushedMessagesIdDelete => c
                    .delete_pushed_message(id)
                    .send_with_response()
                    .await
                    .map(|r| full(r, |()| None)),
            }
        } else {
            match self {
                Op::AgentOnlinePingPost => c.ping_agent_online(&ping).await.map(|()| plain(None)),
                Op::MessagesPost => c
                    .send_message(&send)
                    .await
                    .map(|sent| plain(sent.into_value().ok())),
                Op::MessagesIdGet => c.get_message(id).await.map(|m| plain(Some(m))),
                Op::MessagesIdPut => c.update_message(id, &edit).await.map(|m| plain(Some(m))),
                Op::MessagesIdDelete => c.delete_message(id).await.map(|()| plain(None)),
                Op::PushedMessagesPost => c
                    .send_pushed_message(&push)
                    .await
                    .map(|sent| plain(sent.into_value().ok())),
                Op::PushedMessagesIdGet => c.get_pushed_message(id).await.map(|m| plain(Some(m))),
                Op::PushedMessagesIdPut => c
                    .update_pushed_message(id, &edit_pushed)
                    .await
                    .map(|m| plain(Some(m))),
                Op::PushedMessagesIdDelete => {
                    c.delete_pushed_message(id).await.map(|()| plain(None))
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------

/// Runs all nine operations of `case` against its own server.
async fn check_case(case: Case) -> Result<(), TestCaseError> {
    let server = Server::start(&case).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&server.url)
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(1)
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(5)),
        )
        .build()
        .expect("client builds");
    for op in Op::ALL {
        let panics = PANICS.load(Ordering::SeqCst);
        let outcome = tokio::time::timeout(HANG_LIMIT, op.call(&client, &case)).await;
        prop_assert!(outcome.is_ok(), "{op:?} hung for {HANG_LIMIT:?}");
        let outcome = outcome.unwrap();
        prop_assert_eq!(
            PANICS.load(Ordering::SeqCst),
            panics,
            "{:?} panicked in a background task",
            op
        );
        let served = server.take_served();
        check_outcome(op, &case, &served, &outcome).map_err(|e| {
            TestCaseError::fail(format!(
                "{op:?}: {e}; responses {served:?}; outcome: {outcome:?}"
            ))
        })?;
    }
    Ok(())
}

/// What is certain about `outcome` given the responses the server sent
/// for the call (`served`, numbers for [`Case::served`]).
fn check_outcome(
    op: Op,
    case: &Case,
    served: &[usize],
    outcome: &Result<Success, Error>,
) -> Result<(), TestCaseError> {
    let requests = served.len();
    if let Err(Error::InvalidArgument { .. }) = outcome {
        prop_assert_eq!(requests, 0, "an invalid argument was sent");
        return Ok(());
    }
    let replies: Vec<&Reply> = served.iter().map(|&index| case.served(index)).collect();
    let per_attempt = if replies.iter().any(|r| r.may_redirect()) {
        MAX_REQUESTS_PER_ATTEMPT
    } else {
        1
    };
    prop_assert!(
        (1..=2 * per_attempt).contains(&requests),
        "{} requests with max_retries(1)",
        requests
    );
    let last = *replies.last().expect("at least one request");
    // One response for every request of the call: what it implies for how
    // many requests were sent.
    if served.iter().all(|&index| index == served[0]) {
        if let Some(expected) = expected_requests(op, last) {
            prop_assert_eq!(requests, expected, "requests for {:?}", last);
        }
    }
    check_result(op, last, outcome)
}

/// How many requests a call answered with `reply` every time makes, when
/// that is certain.
fn expected_requests(op: Op, reply: &Reply) -> Option<usize> {
    if !op.idempotent() && reply.posts_once() {
        return Some(1);
    }
    // 1xx: hyper skips informational responses and parses the body as the
    // next response, so nothing more is certain.
    if !reply.well_formed() || reply.status < 200 {
        return None;
    }
    let status = reply.status;
    match reply.refused_for(op) {
        Some(true) => return Some(1),
        None => return None,
        Some(false) => {}
    }
    if reply.may_redirect() {
        return reply
            .location
            .as_ref()
            .and_then(Location::followed)
            .map(|followed| {
                if followed {
                    MAX_REQUESTS_PER_ATTEMPT
                } else {
                    1
                }
            });
    }
    match status {
        200..=299 => Some(1),
        429 => expect_429_retry(reply).map(|retried| if retried { 2 } else { 1 }),
        408 | 500..=599 if op.idempotent() => Some(2),
        _ => Some(1),
    }
}

/// What is certain about `outcome` given `reply`, the last response the
/// client read: a success is `Ok` whatever its body (decoded when it is the
/// documented JSON), any other status is `Error::Api` with its status, body
/// and rate limit.
fn check_result(
    op: Op,
    reply: &Reply,
    outcome: &Result<Success, Error>,
) -> Result<(), TestCaseError> {
    let status = reply.status;
    if !reply.well_formed() || status < 200 {
        return Ok(());
    }
    let body = reply.effective_body();
    if (200..300).contains(&status) {
        match (outcome, op.returns_message()) {
            (Ok(success), false) => {
                prop_assert!(success.message.is_none());
                check_meta(reply, success)?;
            }
            (outcome, true) => match serde_json::from_slice::<ConversationsMessage>(body) {
                Ok(expected) => {
                    prop_assert!(outcome.is_ok(), "a valid message was not decoded");
                    let success = outcome.as_ref().unwrap();
                    prop_assert_eq!(success.message.as_ref(), Some(&expected));
                    check_meta(reply, success)?;
                }
                // Not the documented JSON (or only partly): a write was
                // accepted all the same, so its result is never an error;
                // a read that cannot be decoded at all is
                // `Error::UndecodedBody`, with the status and the bytes.
                Err(_) => match outcome {
                    Ok(success) => check_meta(reply, success)?,
                    Err(Error::UndecodedBody(undecoded)) if op.idempotent() => {
                        prop_assert_eq!(undecoded.status.as_u16(), status);
                        prop_assert_eq!(&undecoded.raw_body[..], body);
                    }
                    Err(error) => {
                        prop_assert!(false, "a 2xx with an undecodable body was {:?}", error)
                    }
                },
            },
            (Err(_), false) => prop_assert!(false, "a 2xx without a documented body failed"),
        }
        return Ok(());
    }
    // A write redirected to a GET: refused, naming the status.
    if let Err(Error::Redirect {
        status: refused, ..
    }) = outcome
    {
        prop_assert!(reply.refused_for(op) != Some(false), "{:?}", reply);
        prop_assert_eq!(refused.as_u16(), status);
        return Ok(());
    }
    prop_assert!(reply.refused_for(op) != Some(true), "not refused");
    let Err(Error::Api(api)) = outcome else {
        return Err(TestCaseError::fail(format!(
            "status {status} did not give Error::Api"
        )));
    };
    prop_assert_eq!(api.status.as_u16(), status);
    let text = String::from_utf8_lossy(body);
    prop_assert_eq!(&api.body, &text);
    // Decoded by the schema of the operation and status: an `ErrorModel`
    // exactly when the body is one (tolerantly for a documented 400, what
    // was left out listed), a `NotFoundError` only for a 404, and any
    // other JSON kept as it is.
    match &api.error {
        Some(ErrorBody::ErrorModel(model)) => match serde_json::from_slice::<ErrorModel>(body) {
            Ok(expected) => {
                prop_assert_eq!(model, &expected);
                prop_assert!(api.unread.is_empty());
            }
            Err(_) => prop_assert!(!api.unread.is_empty()),
        },
        Some(ErrorBody::NotFoundError(_)) => prop_assert_eq!(status, 404),
        Some(ErrorBody::Other(value)) => {
            let json = serde_json::from_slice::<serde_json::Value>(body).ok();
            prop_assert_eq!(Some(value), json.as_ref());
            if status != 404 {
                prop_assert!(serde_json::from_slice::<ErrorModel>(body).is_err());
            }
        }
        Some(_) | None => {}
    }
    if serde_json::from_slice::<serde_json::Value>(body).is_err() {
        prop_assert!(
            api.error.is_none(),
            "an error body that is not JSON was decoded"
        );
    }
    check_rate_limit(reply, &api.rate_limit)
}

fn check_meta(reply: &Reply, success: &Success) -> Result<(), TestCaseError> {
    if let Some((status, rate_limit)) = &success.meta {
        prop_assert_eq!(*status, reply.status);
        check_rate_limit(reply, rate_limit)?;
    }
    Ok(())
}

fn check_rate_limit(reply: &Reply, rate_limit: &RateLimit) -> Result<(), TestCaseError> {
    if let Some(limit) = expected_number(reply, RateLimit::LIMIT_HEADER) {
        prop_assert_eq!(rate_limit.limit, limit, "limit");
    }
    if let Some(remaining) = expected_number(reply, RateLimit::REMAINING_HEADER) {
        prop_assert_eq!(rate_limit.remaining, remaining, "remaining");
    }
    if let Some(reset) = expected_number(reply, RateLimit::RESET_HEADER) {
        prop_assert_eq!(rate_limit.reset, reset.map(Duration::from_secs), "reset");
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Every operation, against any response, returns `Ok` or `Err` in
    /// bounded time without a panic anywhere in the process.
    #[test]
    fn every_operation_survives_any_response(case in case()) {
        count_panics();
        runtime().block_on(check_case(case))?;
    }
}

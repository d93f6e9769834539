//! The load-and-fault run: many calls of the generated client at once
//! against a loopback server that injects faults at fixed, seeded rates,
//! and the figures that say whether the client held up.
//!
//! Two things run it: the command `cargo bench -p client-tests --bench
//! load_fault` (20,000 calls at concurrency 64 by default; see
//! `benches/load_fault.rs` for its options) and, shorter, the test
//! `tests/load_fault.rs` (500 calls at 16). Both call [`run`].
//!
//! # What the server does
//!
//! [`FaultServer`] speaks HTTP/1.1 with keep-alive, as Brevo does. For each
//! request it first looks at the bytes without consuming them (`peek`),
//! finds out which call the request belongs to (every call has an id the
//! server can see: `lf-<n>` as the path's `{id}`, or as the `visitorId` of
//! a POST's body) and which attempt of that call it is, and draws the
//! [`Fault`] for that pair from the seed. So the plan is a function of
//! `(seed, call, attempt)` alone, whatever order 64 concurrent calls arrive
//! in: the same seed gives the same faults. The faults, at the rates of
//! [`DEFAULT_RATES`] (per 10,000 attempts; the rest are normal answers):
//!
//! | fault | what the server does |
//! |---|---|
//! | `5xx` | 500, 502, 503 or 504 with a JSON error body |
//! | `429` | 429 with `x-sib-ratelimit-limit`, `-remaining: 0` and a short `x-sib-ratelimit-reset` (50-250 ms, in seconds) |
//! | `drop before read` | resets the connection (RST) with the request unread: the server never acts on it |
//! | `drop after read` | reads the request, then closes the connection (FIN) without answering |
//! | `slow head` | waits 1/20 to 1/4 of the client's timeout, then answers normally |
//! | `slow body` | sends the head at once and the body after such a wait |
//! | `never answers` | reads the request and never answers, until the client closes |
//! | `truncated body` | a 200 whose `content-length` promises more than is sent, then a close |
//! | `not JSON` | a 200 `application/json` whose body is an HTML page |
//! | `empty 2xx` | to a POST, 201 or 204 with an empty body (Brevo's answer in some releases); other operations get a normal answer |
//!
//! A normal answer is what Brevo sends: 200 with the message (201 for half
//! of the POSTs) and 204 without a body for a DELETE, with rate-limit
//! headers.
//!
//! # What is counted
//!
//! Each call runs in a task of its own (so a panic is caught, as
//! [`tokio::task::JoinError::is_panic`]), bounded by [`Config::budget`] (a
//! call still running then has hung). A POST counts as received when the
//! server read it and did not answer 429 (a rate-limited request is not
//! acted on, and the client may send it again): a POST received twice for
//! one call is a message sent twice. The run also checks that a success
//! carries the body of its own call, that no call was sent more often than
//! the retry policy allows, and that every request the server saw belongs
//! to a call (1 % of the GETs, PUTs and DELETEs have an invalid id, `..`,
//! and must be refused before sending). [`Report::failures`] lists what
//! broke; the command exits non-zero when it is not empty.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use brevo_conversations::types::{
    AgentIdentity, ConversationsMessage, PushedMessageSender, SendAgentMessage, SendPushedMessage,
    UpdateAgentMessage, UpdatePushedMessage,
};
use brevo_conversations::{Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;

/// The API key the client sends (the server does not check it).
const API_KEY: &str = "load-fault-key";

/// The largest request the server reads; every request of the run is far
/// smaller.
const MAX_REQUEST: usize = 16 * 1024;

/// What the server does with one attempt of a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    /// The answer Brevo gives.
    Normal,
    /// 500, 502, 503 or 504.
    ServerError,
    /// 429 with a short reset.
    RateLimited,
    /// A reset with the request unread.
    DropBeforeRead,
    /// A close after the request was read, without an answer.
    DropAfterRead,
    /// A normal answer after a wait.
    SlowHead,
    /// The head at once, the body after a wait.
    SlowBody,
    /// No answer at all.
    NeverAnswers,
    /// Fewer bytes than `content-length` says.
    Truncated,
    /// A 200 whose body is HTML.
    NotJson,
    /// An empty 201 or 204 to a POST.
    EmptySuccess,
}

impl Fault {
    /// Every fault, in the order of [`DEFAULT_RATES`] and of the report.
    pub const ALL: [Fault; 11] = [
        Fault::Normal,
        Fault::ServerError,
        Fault::RateLimited,
        Fault::DropBeforeRead,
        Fault::DropAfterRead,
        Fault::SlowHead,
        Fault::SlowBody,
        Fault::NeverAnswers,
        Fault::Truncated,
        Fault::NotJson,
        Fault::EmptySuccess,
    ];

    /// Its position in [`Fault::ALL`].
    fn index(self) -> usize {
        self as usize
    }

    /// Its name in the report.
    pub fn label(self) -> &'static str {
        match self {
            Fault::Normal => "normal",
            Fault::ServerError => "5xx",
            Fault::RateLimited => "429",
            Fault::DropBeforeRead => "drop before read",
            Fault::DropAfterRead => "drop after read",
            Fault::SlowHead => "slow head",
            Fault::SlowBody => "slow body",
            Fault::NeverAnswers => "never answers",
            Fault::Truncated => "truncated body",
            Fault::NotJson => "not JSON",
            Fault::EmptySuccess => "empty 2xx",
        }
    }

    /// Whether a POST answered so may have been acted on by the server.
    fn acts(self) -> bool {
        !matches!(self, Fault::DropBeforeRead | Fault::RateLimited)
    }
}

/// How often each fault is drawn, per 10,000 attempts, in the order of
/// [`Fault::ALL`]; [`Fault::Normal`]'s entry is ignored (it gets the rest).
/// About one attempt in five meets a fault. The never-answering rate is
/// low because each costs a whole client timeout.
pub const DEFAULT_RATES: [u32; 11] = [0, 400, 300, 200, 200, 300, 100, 25, 150, 150, 100];

/// The operations of the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Op {
    /// `GET /conversations/messages/{id}`.
    GetMessage,
    /// `PUT /conversations/messages/{id}`.
    PutMessage,
    /// `DELETE /conversations/messages/{id}`.
    DeleteMessage,
    /// `POST /conversations/messages`.
    PostMessage,
    /// `GET /conversations/pushedMessages/{id}`.
    GetPushed,
    /// `PUT /conversations/pushedMessages/{id}`.
    PutPushed,
    /// `DELETE /conversations/pushedMessages/{id}`.
    DeletePushed,
    /// `POST /conversations/pushedMessages`.
    PostPushed,
}

impl Op {
    /// Every operation; a call's is drawn uniformly from these.
    pub const ALL: [Op; 8] = [
        Op::GetMessage,
        Op::PutMessage,
        Op::DeleteMessage,
        Op::PostMessage,
        Op::GetPushed,
        Op::PutPushed,
        Op::DeletePushed,
        Op::PostPushed,
    ];

    /// Whether it is a POST (never to be received twice).
    pub fn is_post(self) -> bool {
        matches!(self, Op::PostMessage | Op::PostPushed)
    }

    fn method(self) -> &'static str {
        match self {
            Op::GetMessage | Op::GetPushed => "GET",
            Op::PutMessage | Op::PutPushed => "PUT",
            Op::DeleteMessage | Op::DeletePushed => "DELETE",
            Op::PostMessage | Op::PostPushed => "POST",
        }
    }

    fn collection(self) -> &'static str {
        match self {
            Op::GetMessage | Op::PutMessage | Op::DeleteMessage | Op::PostMessage => "messages",
            _ => "pushedMessages",
        }
    }

    /// The request target the server expects for `call`.
    fn target(self, call: usize) -> String {
        let collection = self.collection();
        if self.is_post() {
            format!("/v3/conversations/{collection}")
        } else {
            format!("/v3/conversations/{collection}/{}", call_id(call))
        }
    }

    fn is_delete(self) -> bool {
        matches!(self, Op::DeleteMessage | Op::DeletePushed)
    }
}

/// The id of call `call`, as the server sees it.
fn call_id(call: usize) -> String {
    format!("lf-{call}")
}

/// The settings of a run.
#[derive(Clone, Debug)]
pub struct Config {
    /// How many calls.
    pub calls: usize,
    /// How many calls at once.
    pub concurrency: usize,
    /// The seed of the fault plan and of the operations.
    pub seed: u64,
    /// The client's total timeout (`ClientBuilder::timeout`), per attempt.
    pub timeout: Duration,
    /// The retry policy's base delay (the rest is the default policy).
    pub retry_base_delay: Duration,
    /// How long a call may take before it counts as hung: well above the
    /// worst the client may take (every attempt timing out, plus backoff).
    pub budget: Duration,
    /// Fault rates per 10,000 attempts, as [`DEFAULT_RATES`].
    pub rates: [u32; 11],
    /// Calls (among GETs, PUTs and DELETEs) with the invalid id `..`, per
    /// 10,000.
    pub invalid_per_10k: u32,
}

impl Config {
    /// `calls` calls at `concurrency`, with the other settings at their
    /// defaults: seed 13, a 2 s timeout, retries from 20 ms, a 30 s bound
    /// per call, [`DEFAULT_RATES`], 1 % invalid ids.
    pub fn new(calls: usize, concurrency: usize) -> Config {
        Config {
            calls,
            concurrency,
            seed: 13,
            timeout: Duration::from_secs(2),
            retry_base_delay: Duration::from_millis(20),
            budget: Duration::from_secs(30),
            rates: DEFAULT_RATES,
            invalid_per_10k: 100,
        }
    }

    fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy::default().with_base_delay(self.retry_base_delay)
    }
}

impl Default for Config {
    /// 20,000 calls at concurrency 64.
    fn default() -> Config {
        Config::new(20_000, 64)
    }
}

// ---------------------------------------------------------------------------
// The plan: a function of (seed, call, attempt)
// ---------------------------------------------------------------------------

/// What happens to every call and attempt of a run, from its seed.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    seed: u64,
    rates: [u32; 11],
    invalid_per_10k: u32,
    timeout: Duration,
}

/// Independent streams of draws.
const OP_STREAM: u64 = 1;
const INVALID_STREAM: u64 = 2;
const FAULT_STREAM: u64 = 3;
const DETAIL_STREAM: u64 = 4;

impl Plan {
    /// The plan of `config`.
    pub fn new(config: &Config) -> Plan {
        Plan {
            seed: config.seed,
            rates: config.rates,
            invalid_per_10k: config.invalid_per_10k,
            timeout: config.timeout,
        }
    }

    fn draw(&self, stream: u64, call: usize, attempt: u32) -> u64 {
        let call = u64::try_from(call).unwrap_or(u64::MAX);
        splitmix(
            self.seed
                ^ splitmix(stream.wrapping_mul(0xA076_1D64_78BD_642F) ^ splitmix(call))
                ^ splitmix(u64::from(attempt).wrapping_mul(0xE703_7ED1_A0B4_28DB)),
        )
    }

    /// The operation of `call`.
    pub fn op(&self, call: usize) -> Op {
        let count = Op::ALL.len() as u64;
        let index = usize::try_from(self.draw(OP_STREAM, call, 0) % count).unwrap_or(0);
        Op::ALL[index]
    }

    /// Whether `call` has an id the client must refuse (never a POST's).
    pub fn invalid(&self, call: usize) -> bool {
        !self.op(call).is_post()
            && self.draw(INVALID_STREAM, call, 0) % 10_000 < u64::from(self.invalid_per_10k)
    }

    /// The fault for attempt `attempt` (from 0) of `call`.
    pub fn fault(&self, call: usize, attempt: u32) -> Fault {
        let mut roll = self.draw(FAULT_STREAM, call, attempt) % 10_000;
        for fault in Fault::ALL.into_iter().skip(1) {
            let rate = u64::from(self.rates[fault.index()]);
            if roll < rate {
                if fault == Fault::EmptySuccess && !self.op(call).is_post() {
                    return Fault::Normal;
                }
                return fault;
            }
            roll -= rate;
        }
        Fault::Normal
    }

    /// A second draw for the details of a fault (which 5xx, how slow).
    fn detail(&self, call: usize, attempt: u32) -> u64 {
        self.draw(DETAIL_STREAM, call, attempt)
    }

    /// How long a slow answer waits: 1/20 to 1/4 of the client's timeout.
    fn slow_delay(&self, call: usize, attempt: u32) -> Duration {
        let fifth = self.detail(call, attempt) % 1_000;
        let low = self.timeout / 20;
        let span = self.timeout / 4 - low;
        low + span.mul_f64(fifth as f64 / 1_000.0)
    }
}

/// SplitMix64's finaliser: a good 64-bit mix of `z`.
fn splitmix(z: u64) -> u64 {
    let mut z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/// What the server counted.
#[derive(Debug)]
struct Ledger {
    /// Requests received per call (every attempt, dropped ones included).
    attempts: Vec<AtomicU32>,
    /// POSTs received per call that the server may have acted on.
    posts_acted: Vec<AtomicU32>,
    /// Attempts per fault, in the order of [`Fault::ALL`].
    injected: [AtomicU64; 11],
    /// Requests that belong to no call (or not to the call's operation).
    unmatched: AtomicU64,
    /// Connections being served.
    open: AtomicU64,
}

impl Ledger {
    fn new(calls: usize) -> Ledger {
        Ledger {
            attempts: (0..calls).map(|_| AtomicU32::new(0)).collect(),
            posts_acted: (0..calls).map(|_| AtomicU32::new(0)).collect(),
            injected: std::array::from_fn(|_| AtomicU64::new(0)),
            unmatched: AtomicU64::new(0),
            open: AtomicU64::new(0),
        }
    }
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that answers each attempt of
/// each call as its [`Plan`] says and counts what it received. It stops
/// (and closes every connection) when dropped.
#[derive(Debug)]
pub struct FaultServer {
    address: SocketAddr,
    ledger: Arc<Ledger>,
    accept: JoinHandle<()>,
}

impl FaultServer {
    /// Starts a server for `calls` calls planned by `plan`.
    ///
    /// # Errors
    ///
    /// When no loopback port can be bound.
    pub async fn start(plan: Plan, calls: usize) -> io::Result<FaultServer> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let ledger = Arc::new(Ledger::new(calls));
        let shared = Arc::clone(&ledger);
        let accept = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                while connections.try_join_next().is_some() {}
                let _ = stream.set_nodelay(true);
                shared.open.fetch_add(1, Ordering::SeqCst);
                let ledger = Arc::clone(&shared);
                connections.spawn(async move {
                    serve(stream, plan, &ledger).await;
                    ledger.open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Ok(FaultServer {
            address,
            ledger,
            accept,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// How many connections are being served now.
    pub fn open_connections(&self) -> u64 {
        self.ledger.open.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// A request seen with `peek`, not yet consumed.
struct Peeked {
    /// Its length in bytes, head and body.
    length: usize,
    method: String,
    target: String,
    body: Vec<u8>,
}

/// Waits until a whole request is in the socket's buffer and returns it
/// without consuming it; `None` when the connection ends first, or the
/// request is larger than [`MAX_REQUEST`] or never completes.
async fn peek_request(stream: &TcpStream, buffer: &mut [u8]) -> Option<Peeked> {
    // `peek` waits for the first bytes; once part of a request is in, the
    // socket stays readable, so the rest is waited for in short sleeps
    // (rare: the client writes a request at once), 10 s at the most.
    for _ in 0..10_000 {
        let read = stream.peek(buffer).await.ok()?;
        if read == 0 || read == buffer.len() {
            return None;
        }
        if let Some(peeked) = parse_request(&buffer[..read]) {
            return Some(peeked);
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    None
}

/// The request at the start of `bytes`, when it is all there.
fn parse_request(bytes: &[u8]) -> Option<Peeked> {
    let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&bytes[..head_end]);
    let content_length: usize = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    let length = head_end + content_length;
    if bytes.len() < length {
        return None;
    }
    let mut request_line = head.lines().next().unwrap_or_default().split(' ');
    Some(Peeked {
        length,
        method: request_line.next().unwrap_or_default().to_owned(),
        target: request_line.next().unwrap_or_default().to_owned(),
        body: bytes[head_end..length].to_vec(),
    })
}

/// The call `request` belongs to: the `lf-<n>` in its path, or in its
/// body's `visitorId` for a POST, when the plan gives that call this
/// method and target.
fn match_call(request: &Peeked, plan: &Plan, calls: usize) -> Option<usize> {
    let id = if request.method == "POST" {
        let body: serde_json::Value = serde_json::from_slice(&request.body).ok()?;
        body.get("visitorId")?.as_str()?.to_owned()
    } else {
        request.target.rsplit('/').next()?.to_owned()
    };
    let call: usize = id.strip_prefix("lf-")?.parse().ok()?;
    let op = plan.op(call);
    (call < calls && op.method() == request.method && op.target(call) == request.target)
        .then_some(call)
}

/// Serves one connection: each request is answered as the plan says, and
/// the connection is kept open after every answer that does not close it.
async fn serve(mut stream: TcpStream, plan: Plan, ledger: &Ledger) {
    let calls = ledger.attempts.len();
    let mut buffer = vec![0u8; MAX_REQUEST];
    loop {
        let Some(request) = peek_request(&stream, &mut buffer).await else {
            return;
        };
        let Some(call) = match_call(&request, &plan, calls) else {
            ledger.unmatched.fetch_add(1, Ordering::SeqCst);
            return;
        };
        let attempt = ledger.attempts[call].fetch_add(1, Ordering::SeqCst);
        let fault = plan.fault(call, attempt);
        ledger.injected[fault.index()].fetch_add(1, Ordering::SeqCst);
        if fault == Fault::DropBeforeRead {
            // Closing with the request unread, and no linger, resets the
            // connection: the request was never read.
            let _ = stream.set_zero_linger();
            return;
        }
        if stream
            .read_exact(&mut buffer[..request.length])
            .await
            .is_err()
        {
            return;
        }
        let op = plan.op(call);
        if op.is_post() && fault.acts() {
            ledger.posts_acted[call].fetch_add(1, Ordering::SeqCst);
        }
        if !answer(&mut stream, &plan, op, call, attempt, fault).await {
            return;
        }
    }
}

/// Answers attempt `attempt` of `call` with `fault`; whether the
/// connection stays open for another request.
async fn answer(
    stream: &mut TcpStream,
    plan: &Plan,
    op: Op,
    call: usize,
    attempt: u32,
    fault: Fault,
) -> bool {
    let detail = plan.detail(call, attempt);
    let (head, body) = match fault {
        Fault::Normal | Fault::DropBeforeRead => normal(op, call),
        Fault::ServerError => {
            let status = [500, 502, 503, 504][usize::try_from(detail % 4).unwrap_or(0)];
            let body = br#"{"code":"internal_error","message":"Something went wrong"}"#;
            (head(status, body.len(), WITHIN_LIMIT), body.to_vec())
        }
        Fault::RateLimited => {
            let reset_ms = 50 + detail % 201;
            let body = br#"{"code":"too_many_requests","message":"Too many requests"}"#;
            let rate_limit = format!(
                "x-sib-ratelimit-limit: 100\r\nx-sib-ratelimit-remaining: 0\r\n\
                 x-sib-ratelimit-reset: {}.{:03}\r\n",
                reset_ms / 1_000,
                reset_ms % 1_000
            );
            (head(429, body.len(), &rate_limit), body.to_vec())
        }
        Fault::DropAfterRead => {
            let _ = stream.shutdown().await;
            return false;
        }
        Fault::SlowHead => {
            tokio::time::sleep(plan.slow_delay(call, attempt)).await;
            normal(op, call)
        }
        Fault::SlowBody => {
            let (head, body) = normal(op, call);
            if stream.write_all(head.as_bytes()).await.is_err() {
                return false;
            }
            tokio::time::sleep(plan.slow_delay(call, attempt)).await;
            return stream.write_all(&body).await.is_ok();
        }
        Fault::NeverAnswers => {
            let mut sink = [0u8; 1024];
            while matches!(stream.read(&mut sink).await, Ok(read) if read > 0) {}
            return false;
        }
        Fault::Truncated => {
            let body = message_json(op, call);
            let head = head(200, body.len(), WITHIN_LIMIT);
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body[..body.len() / 2]).await;
            let _ = stream.shutdown().await;
            return false;
        }
        Fault::NotJson => {
            let body = b"<html><body><h1>Service temporarily unavailable</h1></body></html>";
            (head(200, body.len(), WITHIN_LIMIT), body.to_vec())
        }
        Fault::EmptySuccess => {
            let status = if detail % 2 == 0 { 201 } else { 204 };
            (head(status, 0, WITHIN_LIMIT), Vec::new())
        }
    };
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    stream.write_all(&bytes).await.is_ok()
}

/// The answer Brevo gives to `op`: 204 without a body to a DELETE, the
/// message otherwise (201 for half the POSTs, 200 for the rest).
fn normal(op: Op, call: usize) -> (String, Vec<u8>) {
    if op.is_delete() {
        return (head(204, 0, WITHIN_LIMIT), Vec::new());
    }
    let status = if op.is_post() && call % 2 == 1 {
        201
    } else {
        200
    };
    let body = message_json(op, call);
    (head(status, body.len(), WITHIN_LIMIT), body)
}

/// The stored message of `call`.
fn message_json(op: Op, call: usize) -> Vec<u8> {
    let id = call_id(call);
    let pushed = op.collection() == "pushedMessages";
    format!(
        r#"{{"id":"{id}","type":"agent","text":"load-fault call {call}","visitorId":"{id}","agentId":"d9nKoegKSjmCtyK78","createdAt":1482512803740,"isPushed":{pushed}}}"#
    )
    .into_bytes()
}

/// Brevo's rate-limit headers on an answer within the limit.
const WITHIN_LIMIT: &str =
    "x-sib-ratelimit-limit: 100\r\nx-sib-ratelimit-remaining: 99\r\nx-sib-ratelimit-reset: 1\r\n";

/// A keep-alive JSON response head with `rate_limit` (header lines).
fn head(status: u16, length: usize, rate_limit: &str) -> String {
    format!(
        "HTTP/1.1 {status} Load\r\ncontent-type: application/json\r\n{rate_limit}\
         content-length: {length}\r\n\r\n"
    )
}

// ---------------------------------------------------------------------------
// The calls
// ---------------------------------------------------------------------------

/// How one call ended.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ended {
    /// `Ok`, with the call's own body.
    Ok,
    /// `Ok`, but with the body of another call (a client fault).
    WrongBody,
    /// `Error::Api` with this status.
    Api(u16),
    /// `Error::Transport` of this `TransportErrorKind` (its `Debug`).
    Transport(String),
    /// `Error::Decode` of a body with this status.
    Decode(u16),
    /// `Error::InvalidArgument`.
    InvalidArgument,
    /// A variant this run does not know (the enum is non-exhaustive).
    OtherError(String),
}

impl Ended {
    fn of<T>(result: Result<T, Error>, own: impl FnOnce(&T) -> bool) -> Ended {
        match result {
            Ok(value) if own(&value) => Ended::Ok,
            Ok(_) => Ended::WrongBody,
            Err(Error::Api(api)) => Ended::Api(api.status.as_u16()),
            Err(Error::Transport { kind, .. }) => Ended::Transport(format!("{kind:?}")),
            Err(Error::Decode { status, .. }) => Ended::Decode(status.as_u16()),
            Err(Error::InvalidArgument { .. }) => Ended::InvalidArgument,
            Err(other) => Ended::OtherError(
                format!("{other:?}")
                    .split(['(', ' ', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            ),
        }
    }
}

/// Makes call `call` as the plan says.
async fn one_call(client: Client, plan: Plan, call: usize) -> Ended {
    let id = if plan.invalid(call) {
        "..".to_owned()
    } else {
        call_id(call)
    };
    let text = format!("load-fault call {call}");
    let own = |message: &ConversationsMessage| message.id.as_deref() == Some(id.as_str());
    match plan.op(call) {
        Op::GetMessage => Ended::of(client.conversations_messages_id_get(&id).await, own),
        Op::PutMessage => {
            let body = UpdateAgentMessage::new(text);
            Ended::of(client.conversations_messages_id_put(&id, &body).await, own)
        }
        Op::DeleteMessage => Ended::of(
            client.conversations_messages_id_delete(&id).await,
            |_| true,
        ),
        Op::PostMessage => {
            let agent = AgentIdentity::ById {
                agent_id: "d9nKoegKSjmCtyK78".to_owned(),
                received_from: None,
            };
            let body = SendAgentMessage::new(id.clone(), text, agent);
            Ended::of(client.conversations_messages_post(&body).await, own)
        }
        Op::GetPushed => Ended::of(client.conversations_pushed_messages_id_get(&id).await, own),
        Op::PutPushed => {
            let body = UpdatePushedMessage::new(text);
            Ended::of(
                client.conversations_pushed_messages_id_put(&id, &body).await,
                own,
            )
        }
        Op::DeletePushed => Ended::of(
            client.conversations_pushed_messages_id_delete(&id).await,
            |_| true,
        ),
        Op::PostPushed => {
            let body = SendPushedMessage::new(id.clone(), text, PushedMessageSender::AnyAgent {});
            Ended::of(client.conversations_pushed_messages_post(&body).await, own)
        }
    }
}

// ---------------------------------------------------------------------------
// The process: memory and file descriptors
// ---------------------------------------------------------------------------

/// The process's memory and open file descriptors at one moment (Linux's
/// `/proc/self`; `None` elsewhere).
#[derive(Clone, Copy, Debug, Default)]
pub struct Resources {
    /// Peak resident memory so far (`VmHWM`), in KiB.
    pub peak_kib: Option<u64>,
    /// Resident memory now (`VmRSS`), in KiB.
    pub rss_kib: Option<u64>,
    /// Entries of `/proc/self/fd`.
    pub fds: Option<usize>,
}

impl Resources {
    /// The figures now.
    pub fn now() -> Resources {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        };
        Resources {
            peak_kib: field("VmHWM:"),
            rss_kib: field("VmRSS:"),
            fds: std::fs::read_dir("/proc/self/fd")
                .ok()
                .map(|entries| entries.count()),
        }
    }
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

/// How one call went, as the run saw it.
#[derive(Clone, Debug)]
enum Record {
    /// It returned, after this long.
    Ended(Ended, Duration),
    /// Its task panicked.
    Panicked,
    /// It was still running at the budget.
    Hung,
    /// Its task was cancelled (nothing cancels it: counted to be sure).
    Cancelled,
}

/// A sample of the process taken along the run.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// Calls ended when it was taken.
    pub ended: usize,
    /// The figures.
    pub resources: Resources,
}

/// The figures of a run.
#[derive(Clone, Debug)]
pub struct Report {
    /// The settings.
    pub config: Config,
    /// From the first call to the end of the last.
    pub wall: Duration,
    /// How the calls that returned ended, with their number.
    pub ended: BTreeMap<Ended, usize>,
    /// Calls whose task panicked.
    pub panics: usize,
    /// Calls still running at the budget.
    pub hung: usize,
    /// Calls whose task was cancelled.
    pub cancelled: usize,
    /// POST calls.
    pub post_calls: usize,
    /// POST calls the server received more than once (and may have acted
    /// on more than once).
    pub duplicated_posts: usize,
    /// POST calls the client sent more than once, each time safely (after a
    /// 429, or a reset before the request was read).
    pub posts_resent_safely: usize,
    /// Calls the server received more often than the retry policy allows.
    pub over_retried: usize,
    /// Requests the server could not match to a call's operation.
    pub unmatched_requests: u64,
    /// Attempts the server saw, per fault.
    pub injected: BTreeMap<Fault, u64>,
    /// Latencies of the calls that returned, sorted.
    pub latencies: Vec<Duration>,
    /// Before the first call (server and client made).
    pub start: Resources,
    /// After the last call, with the client (and its pooled connections).
    pub end: Resources,
    /// After the client was dropped and the server saw its connections close.
    pub settled: Resources,
    /// Samples at each tenth of the calls.
    pub along: Vec<Sample>,
}

/// Runs `config`'s calls against a [`FaultServer`] on the current Tokio
/// runtime and gathers the figures.
///
/// # Errors
///
/// When the server cannot start or the client cannot be built (the run
/// did not happen), or a worker of the run itself failed.
pub async fn run(config: &Config) -> io::Result<Report> {
    let plan = Plan::new(config);
    let server = FaultServer::start(plan, config.calls).await?;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/v3", server.url()))
        .timeout(config.timeout)
        .retry_policy(config.retry_policy())
        .build()
        .map_err(io::Error::other)?;
    let start = Resources::now();
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let along = Arc::new(Mutex::new(Vec::new()));
    let tenth = (config.calls / 10).max(1);
    let began = Instant::now();
    let mut workers = JoinSet::new();
    for _ in 0..config.concurrency.max(1) {
        let (client, next, done, along) = (
            client.clone(),
            Arc::clone(&next),
            Arc::clone(&done),
            Arc::clone(&along),
        );
        let (calls, budget) = (config.calls, config.budget);
        workers.spawn(async move {
            let mut records = Vec::new();
            loop {
                let call = next.fetch_add(1, Ordering::SeqCst);
                if call >= calls {
                    return records;
                }
                let started = Instant::now();
                let mut task = tokio::spawn(one_call(client.clone(), plan, call));
                let record = match tokio::time::timeout(budget, &mut task).await {
                    Ok(Ok(ended)) => Record::Ended(ended, started.elapsed()),
                    Ok(Err(error)) if error.is_panic() => Record::Panicked,
                    Ok(Err(_)) => Record::Cancelled,
                    Err(_) => {
                        task.abort();
                        Record::Hung
                    }
                };
                records.push((call, record));
                let ended = done.fetch_add(1, Ordering::SeqCst) + 1;
                if ended % tenth == 0 {
                    let sample = Sample {
                        ended,
                        resources: Resources::now(),
                    };
                    along
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push(sample);
                }
            }
        });
    }
    let mut records = Vec::with_capacity(config.calls);
    while let Some(worker) = workers.join_next().await {
        records.extend(worker.map_err(io::Error::other)?);
    }
    let wall = began.elapsed();
    let end = Resources::now();
    drop(client);
    // The server's side of the pooled connections closes once it sees the
    // client's close; give it a moment (bounded) so the figure is settled.
    let settle_until = Instant::now() + Duration::from_secs(5);
    while server.open_connections() > 0 && Instant::now() < settle_until {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let settled = Resources::now();
    let mut along = along
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    along.sort_by_key(|sample| sample.ended);
    Ok(Report::gather(
        config, &plan, &server, records, wall, start, end, settled, along,
    ))
}

impl Report {
    #[allow(clippy::too_many_arguments)]
    fn gather(
        config: &Config,
        plan: &Plan,
        server: &FaultServer,
        records: Vec<(usize, Record)>,
        wall: Duration,
        start: Resources,
        end: Resources,
        settled: Resources,
        along: Vec<Sample>,
    ) -> Report {
        let ledger = &server.ledger;
        let mut ended = BTreeMap::new();
        let mut latencies = Vec::with_capacity(records.len());
        let (mut panics, mut hung, mut cancelled) = (0, 0, 0);
        for (_, record) in records {
            match record {
                Record::Ended(how, took) => {
                    *ended.entry(how).or_insert(0) += 1;
                    latencies.push(took);
                }
                Record::Panicked => panics += 1,
                Record::Hung => hung += 1,
                Record::Cancelled => cancelled += 1,
            }
        }
        latencies.sort();
        let max_attempts = config.retry_policy().max_retries() + 1;
        let (mut post_calls, mut duplicated_posts, mut posts_resent_safely, mut over_retried) =
            (0, 0, 0, 0);
        for call in 0..config.calls {
            let attempts = ledger.attempts[call].load(Ordering::SeqCst);
            if attempts > max_attempts {
                over_retried += 1;
            }
            if plan.op(call).is_post() {
                post_calls += 1;
                let acted = ledger.posts_acted[call].load(Ordering::SeqCst);
                if acted > 1 {
                    duplicated_posts += 1;
                } else if attempts > 1 {
                    posts_resent_safely += 1;
                }
            }
        }
        let injected = Fault::ALL
            .into_iter()
            .map(|fault| {
                let count = ledger.injected[fault.index()].load(Ordering::SeqCst);
                (fault, count)
            })
            .collect();
        Report {
            config: config.clone(),
            wall,
            ended,
            panics,
            hung,
            cancelled,
            post_calls,
            duplicated_posts,
            posts_resent_safely,
            over_retried,
            unmatched_requests: ledger.unmatched.load(Ordering::SeqCst),
            injected,
            latencies,
            start,
            end,
            settled,
            along,
        }
    }

    /// Calls that returned, `Ok` or a typed error.
    pub fn returned(&self) -> usize {
        self.ended.values().sum()
    }

    /// Calls that returned `Ok` with their own body.
    pub fn successes(&self) -> usize {
        self.ended.get(&Ended::Ok).copied().unwrap_or(0)
    }

    /// Calls that returned this kind of outcome.
    pub fn count(&self, matches: impl Fn(&Ended) -> bool) -> usize {
        self.ended
            .iter()
            .filter(|(ended, _)| matches(ended))
            .map(|(_, count)| count)
            .sum()
    }

    /// The latency at quantile `q` (0 to 1) of the calls that returned.
    pub fn latency(&self, q: f64) -> Option<Duration> {
        let last = self.latencies.len().checked_sub(1)?;
        let at = ((last as f64) * q).round() as usize;
        self.latencies.get(at.min(last)).copied()
    }

    /// What went wrong, one line each: panics, hung or cancelled calls,
    /// duplicated POSTs, successes with another call's body, calls sent
    /// more often than the retry policy allows, requests of no call, calls
    /// unaccounted for. Empty when the client held up.
    pub fn failures(&self) -> Vec<String> {
        let mut failures = Vec::new();
        let mut check = |count: u64, what: &str| {
            if count > 0 {
                failures.push(format!("{count} {what}"));
            }
        };
        let wide = |count: usize| u64::try_from(count).unwrap_or(u64::MAX);
        check(wide(self.panics), "calls panicked");
        check(wide(self.hung), "calls never ended");
        check(wide(self.cancelled), "call tasks were cancelled");
        check(
            wide(self.duplicated_posts),
            "POSTs were received more than once for one call",
        );
        check(
            wide(self.count(|ended| *ended == Ended::WrongBody)),
            "successes carried another call's body",
        );
        check(
            wide(self.over_retried),
            "calls were sent more often than the retry policy allows",
        );
        check(
            self.unmatched_requests,
            "requests matched no call (an invalid id sent, or a wrong method or path)",
        );
        let accounted = self.returned() + self.panics + self.hung + self.cancelled;
        check(
            wide(self.config.calls.saturating_sub(accounted)),
            "calls unaccounted for",
        );
        failures
    }
}

fn millis(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1_000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1_000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1_000.0)
    }
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "n/a".to_owned(),
        |kib| format!("{:.1} MiB", kib as f64 / 1024.0),
    )
}

fn count(value: Option<usize>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |value| value.to_string())
}

/// `label: a ×n, b ×m` of the outcomes `pick` selects, or `0`.
fn breakdown(report: &Report, pick: impl Fn(&Ended) -> Option<String>) -> String {
    let parts: Vec<String> = report
        .ended
        .iter()
        .filter_map(|(ended, count)| pick(ended).map(|label| format!("{label} ×{count}")))
        .collect();
    let total = report.count(|ended| pick(ended).is_some());
    if parts.is_empty() {
        "0".to_owned()
    } else {
        format!("{total} ({})", parts.join(", "))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = &self.config;
        let retry = config.retry_policy();
        writeln!(
            f,
            "load-and-fault run: {} calls at concurrency {}, seed {}",
            config.calls, config.concurrency, config.seed
        )?;
        writeln!(
            f,
            "client: timeout {} per attempt, {} retries from {} (cap {}); each call bounded at {}",
            millis(config.timeout),
            retry.max_retries(),
            millis(retry.base_delay()),
            millis(retry.max_delay()),
            millis(config.budget)
        )?;
        let per_second = self.returned() as f64 / self.wall.as_secs_f64().max(1e-9);
        writeln!(
            f,
            "wall time: {} ({per_second:.0} calls/s)",
            millis(self.wall)
        )?;
        writeln!(f, "calls: {}", config.calls)?;
        writeln!(f, "  successes: {}", self.successes())?;
        writeln!(
            f,
            "  Error::Api by status: {}",
            breakdown(self, |ended| match ended {
                Ended::Api(status) => Some(status.to_string()),
                _ => None,
            })
        )?;
        writeln!(
            f,
            "  Error::Transport by kind: {}",
            breakdown(self, |ended| match ended {
                Ended::Transport(kind) => Some(kind.clone()),
                _ => None,
            })
        )?;
        writeln!(
            f,
            "  Error::Decode by status: {}",
            breakdown(self, |ended| match ended {
                Ended::Decode(status) => Some(status.to_string()),
                _ => None,
            })
        )?;
        writeln!(
            f,
            "  Error::InvalidArgument: {}",
            self.count(|ended| *ended == Ended::InvalidArgument)
        )?;
        writeln!(
            f,
            "  other errors: {}",
            breakdown(self, |ended| match ended {
                Ended::OtherError(name) => Some(name.clone()),
                _ => None,
            })
        )?;
        writeln!(f, "panics: {}", self.panics)?;
        writeln!(
            f,
            "calls that never ended (bound {}): {}",
            millis(config.budget),
            self.hung + self.cancelled
        )?;
        writeln!(
            f,
            "POSTs received more than once for one call: {} (of {} POST calls; {} were sent again safely, after a 429 or a reset before the request was read)",
            self.duplicated_posts, self.post_calls, self.posts_resent_safely
        )?;
        writeln!(
            f,
            "successes with another call's body: {}",
            self.count(|ended| *ended == Ended::WrongBody)
        )?;
        writeln!(
            f,
            "calls sent more than {} times: {}",
            retry.max_retries() + 1,
            self.over_retried
        )?;
        writeln!(
            f,
            "requests that matched no call: {}",
            self.unmatched_requests
        )?;
        let quantile = |q| self.latency(q).map_or_else(|| "n/a".to_owned(), millis);
        writeln!(
            f,
            "latency (calls that returned, retries included): p50 {}, p99 {}, max {}",
            quantile(0.5),
            quantile(0.99),
            quantile(1.0)
        )?;
        let attempts: u64 = self.injected.values().sum();
        let faults: Vec<String> = self
            .injected
            .iter()
            .map(|(fault, count)| format!("{} {count}", fault.label()))
            .collect();
        writeln!(
            f,
            "server, per attempt ({attempts} attempts): {}",
            faults.join(", ")
        )?;
        writeln!(
            f,
            "peak memory (VmHWM): {} at start, {} at end",
            mib(self.start.peak_kib),
            mib(self.end.peak_kib)
        )?;
        writeln!(
            f,
            "open file descriptors: {} at start, {} at end (the client's pooled connections open), {} once the client was dropped",
            count(self.start.fds),
            count(self.end.fds),
            count(self.settled.fds)
        )?;
        let samples: Vec<String> = self
            .along
            .iter()
            .map(|sample| {
                format!(
                    "{}: {} fds, {}",
                    sample.ended,
                    count(sample.resources.fds),
                    mib(sample.resources.rss_kib)
                )
            })
            .collect();
        writeln!(
            f,
            "along the run (calls ended: fds, VmRSS): {}",
            samples.join("; ")
        )?;
        let failures = self.failures();
        if failures.is_empty() {
            write!(f, "verdict: ok (0 panics, 0 hung calls, 0 duplicated POSTs)")
        } else {
            write!(f, "verdict: FAILED: {}", failures.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_is_a_function_of_the_seed_and_keeps_its_rates() {
        let config = Config::default();
        let plan = Plan::new(&config);
        let again = Plan::new(&config);
        let other = Plan::new(&Config {
            seed: 14,
            ..config.clone()
        });
        let draws = 100_000;
        let mut counts = BTreeMap::new();
        let mut differs = 0;
        for call in 0..draws {
            assert_eq!(plan.op(call), again.op(call));
            assert_eq!(plan.fault(call, 1), again.fault(call, 1));
            if plan.fault(call, 0) != other.fault(call, 0) {
                differs += 1;
            }
            if plan.op(call).is_post() {
                *counts.entry(plan.fault(call, 0)).or_insert(0u32) += 1;
            }
        }
        assert!(differs > draws / 10, "another seed, other faults: {differs}");
        let posts: u32 = counts.values().sum();
        for fault in Fault::ALL.into_iter().skip(1) {
            let expected = f64::from(DEFAULT_RATES[fault.index()]) / 10_000.0;
            let seen = f64::from(counts.get(&fault).copied().unwrap_or(0)) / f64::from(posts);
            assert!(
                (seen - expected).abs() < expected * 0.25 + 0.0005,
                "{fault:?}: {seen} against {expected}"
            );
        }
    }

    #[test]
    fn the_server_matches_a_request_only_to_its_calls_operation() {
        let plan = Plan::new(&Config::default());
        let calls = 1_000;
        let get = (0..calls)
            .find(|&call| plan.op(call) == Op::GetMessage)
            .unwrap_or_default();
        let post = (0..calls)
            .find(|&call| plan.op(call) == Op::PostPushed)
            .unwrap_or_default();
        let request = |method: &str, target: String, body: String| Peeked {
            length: 0,
            method: method.to_owned(),
            target,
            body: body.into_bytes(),
        };
        let own = request("GET", format!("/v3/conversations/messages/lf-{get}"), "".into());
        assert_eq!(match_call(&own, &plan, calls), Some(get));
        let wrong_method = request("PUT", own.target.clone(), "".into());
        assert_eq!(match_call(&wrong_method, &plan, calls), None);
        let pushed = request(
            "POST",
            "/v3/conversations/pushedMessages".into(),
            format!(r#"{{"visitorId":"lf-{post}","text":"x"}}"#),
        );
        assert_eq!(match_call(&pushed, &plan, calls), Some(post));
        let beyond = request(
            "GET",
            format!("/v3/conversations/messages/lf-{}", calls + get),
            "".into(),
        );
        assert_eq!(match_call(&beyond, &plan, calls), None);
        let dots = request("GET", "/v3/conversations/messages/%2E%2E".into(), "".into());
        assert_eq!(match_call(&dots, &plan, calls), None);
    }

}

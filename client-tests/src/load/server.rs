//! The load-and-fault run's server: keep-alive HTTP/1.1 on 127.0.0.1 that
//! answers each attempt of each call with the fault its [`Plan`] draws, and
//! counts what it received (see the parent module for the faults).

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use super::{call_id, Fault, Op, Plan, FAULT_KINDS};

/// The largest request the server reads; every request of the run is far
/// smaller.
const MAX_REQUEST: usize = 16 * 1024;

/// What the server counted.
#[derive(Debug)]
pub(super) struct Ledger {
    /// Requests received per call (every attempt, dropped ones included).
    pub(super) attempts: Vec<AtomicU32>,
    /// POSTs received per call that the server may have acted on.
    pub(super) posts_acted: Vec<AtomicU32>,
    /// Attempts per fault, in the order of [`Fault::ALL`].
    pub(super) injected: [AtomicU64; FAULT_KINDS],
    /// Requests that belong to no call (or not to the call's operation).
    pub(super) unmatched: AtomicU64,
    /// GETs of the location a redirected write named (a client that
    /// followed it as a GET).
    pub(super) redirected_gets: AtomicU64,
    /// Connections being served.
    pub(super) open: AtomicU64,
}

impl Ledger {
    fn new(calls: usize) -> Ledger {
        Ledger {
            attempts: (0..calls).map(|_| AtomicU32::new(0)).collect(),
            posts_acted: (0..calls).map(|_| AtomicU32::new(0)).collect(),
            injected: std::array::from_fn(|_| AtomicU64::new(0)),
            unmatched: AtomicU64::new(0),
            redirected_gets: AtomicU64::new(0),
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
    pub(super) ledger: Arc<Ledger>,
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

/// The location a redirected write of `call` names.
fn redirect_location(op: Op, call: usize) -> String {
    format!("/v3/conversations/{}/{}", op.collection(), call_id(call))
}

/// The POST call whose redirect `request` follows as a GET, if it is one.
fn redirected_get(request: &Peeked, plan: &Plan, calls: usize) -> Option<usize> {
    if request.method != "GET" {
        return None;
    }
    let call: usize = request
        .target
        .rsplit('/')
        .next()?
        .strip_prefix("lf-")?
        .parse()
        .ok()?;
    let op = plan.op(call);
    (call < calls && op.is_post() && request.target == redirect_location(op, call)).then_some(call)
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
        if let Some(call) = redirected_get(&request, &plan, calls) {
            // What a client that followed a redirected write fetches: the
            // message, though no POST of it was stored.
            ledger.redirected_gets.fetch_add(1, Ordering::SeqCst);
            if stream
                .read_exact(&mut buffer[..request.length])
                .await
                .is_err()
            {
                return;
            }
            let (head, mut body) = normal(Op::GetMessage, call);
            let mut bytes = head.into_bytes();
            bytes.append(&mut body);
            if stream.write_all(&bytes).await.is_err() {
                return;
            }
            continue;
        }
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
        // A drop before read never gets here: `serve` resets the connection.
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
            let status = if detail.is_multiple_of(2) { 201 } else { 204 };
            (head(status, 0, WITHIN_LIMIT), Vec::new())
        }
        Fault::CloseAfterAnswer => normal(op, call),
        Fault::RedirectedWrite => {
            let status = [301, 302, 303][usize::try_from(detail % 3).unwrap_or(0)];
            let location = format!("location: {}\r\n", redirect_location(op, call));
            (head(status, 0, &location), Vec::new())
        }
        Fault::ResetZero => {
            let body = br#"{"code":"too_many_requests","message":"Too many requests"}"#;
            let rate_limit =
                "x-sib-ratelimit-limit: 100\r\nx-sib-ratelimit-remaining: 0\r\nx-sib-ratelimit-reset: 0\r\n";
            (head(429, body.len(), rate_limit), body.to_vec())
        }
        Fault::RetryAfterDate => {
            let body = br#"{"code":"too_many_requests","message":"Too many requests"}"#;
            let date =
                httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(1));
            let retry_after = format!("retry-after: {date}\r\n");
            (head(429, body.len(), &retry_after), body.to_vec())
        }
        Fault::HugeBody => {
            let length = HUGE_BODY;
            let head = format!(
                "HTTP/1.1 502 Load\r\ncontent-type: text/html\r\ncontent-length: {length}\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return false;
            }
            let block = vec![b'x'; 64 * 1024];
            let mut left = length;
            while left > 0 {
                let size = left.min(block.len());
                if stream.write_all(&block[..size]).await.is_err() {
                    return false;
                }
                left -= size;
            }
            return true;
        }
    };
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    let written = stream.write_all(&bytes).await.is_ok();
    if fault == Fault::CloseAfterAnswer {
        let _ = stream.shutdown().await;
        return false;
    }
    written
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

/// The length of a [`Fault::HugeBody`] body: 300 MB.
const HUGE_BODY: usize = 300_000_000;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{client_for, one_call, Config, Ended};

    /// A POST call of `plan` among the first 10,000 whose first attempts
    /// meet `faults`.
    fn post_meeting(plan: &Plan, faults: &[Fault]) -> Option<usize> {
        (0..10_000).find(|&call| {
            plan.op(call).is_post()
                && faults
                    .iter()
                    .zip(0..)
                    .all(|(fault, attempt)| plan.fault(call, attempt) == *fault)
        })
    }

    /// Makes `call` `times` times, one after the other, against a fresh
    /// server; how each ended, and the server's attempts and POSTs it may
    /// have acted on for that call.
    async fn call_times(faults: &[Fault], times: usize) -> (Vec<Ended>, u32, u32) {
        let config = Config::new(10_000, 1);
        let plan = Plan::new(&config);
        let call = post_meeting(&plan, faults).expect("a POST call meeting the faults");
        let server = FaultServer::start(plan, config.calls)
            .await
            .expect("server starts");
        let client = client_for(&config, &server).expect("client builds");
        let mut ended = Vec::new();
        for _ in 0..times {
            ended.push(one_call(client.clone(), plan, call).await);
        }
        let ledger = &server.ledger;
        (
            ended,
            ledger.attempts[call].load(Ordering::SeqCst),
            ledger.posts_acted[call].load(Ordering::SeqCst),
        )
    }

    // The duplicate count can fail: a POST made twice for one call (as a
    // client that retried it after a 5xx would) is counted.
    #[tokio::test]
    async fn a_post_received_twice_for_one_call_is_counted_twice() {
        let (ended, attempts, acted) = call_times(&[Fault::Normal, Fault::Normal], 2).await;
        assert_eq!(ended, [Ended::Ok, Ended::Ok]);
        assert_eq!((attempts, acted), (2, 2));
    }

    #[tokio::test]
    async fn a_post_resent_after_a_429_is_received_once() {
        let (ended, attempts, acted) = call_times(&[Fault::RateLimited, Fault::Normal], 1).await;
        assert_eq!(ended, [Ended::Ok]);
        assert_eq!((attempts, acted), (2, 1));
    }

    #[tokio::test]
    async fn a_post_reset_before_it_was_read_is_not_received() {
        let (ended, attempts, acted) = call_times(&[Fault::DropBeforeRead], 1).await;
        assert!(matches!(ended[..], [Ended::Transport(_)]), "{ended:?}");
        assert_eq!((attempts, acted), (1, 0));
    }

    #[tokio::test]
    async fn a_post_after_a_5xx_is_not_sent_again() {
        let (ended, attempts, acted) = call_times(&[Fault::ServerError], 1).await;
        assert!(matches!(ended[..], [Ended::Api(500..=504)]), "{ended:?}");
        assert_eq!((attempts, acted), (1, 1));
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
        let own = request(
            "GET",
            format!("/v3/conversations/messages/lf-{get}"),
            "".into(),
        );
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

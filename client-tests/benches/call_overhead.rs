//! The client-side cost of one call: the generated client against a
//! hand-written `reqwest` call doing the same work (build the request,
//! serialise the body, send it to a local server, read and decode the
//! response) on the same server, through the same `reqwest::Client`, so
//! that only the code on the client side differs. The goal is at most
//! 1.05x the hand-written call.
//!
//! ```text
//! cargo bench -p client-tests --bench call_overhead
//! ```
//!
//! After criterion's report, two ratios generated / hand-written are
//! printed for each call: the ratio of criterion's medians, and the median
//! ratio of a paired measurement that alternates the two in short rounds,
//! which a machine whose load drifts skews far less (see
//! [`report_paired_ratios`]).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use brevo_conversations::types::{AgentIdentity, ConversationsMessage, SendAgentMessage};
use brevo_conversations::{Client, RetryPolicy};
use criterion::Criterion;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const API_KEY: &str = "bench-api-key";
const MESSAGE_ID: &str = "eYBEm3gq3zc5ayE2g";
const VISITOR_ID: &str = "kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg";
const AGENT_ID: &str = "d9nKoegKSjmCtyK78";

/// The upstream example of an agent's message, as every request's answer.
const MESSAGE_JSON: &str = concat!(
    r#"{"id":"eYBEm3gq3zc5ayE2g","type":"agent","text":"Hello! How can I help you?","#,
    r#""visitorId":"kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg","agentId":"d9nKoegKSjmCtyK78","#,
    r#""createdAt":1482512803740,"receivedFrom":"SuperAwesomeHelpdesk"}"#
);

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/// A keep-alive HTTP/1.1 server on loopback answering every request with
/// the same 200 and message (with the rate-limit headers Brevo sends).
///
/// It runs on the clients' own single-threaded runtime: with no wake-ups
/// across threads, the time of a call does not depend on how the machine
/// schedules two threads (on a small VM that alone varied it threefold),
/// and the server's share is the same for both clients.
fn start_server(runtime: &tokio::runtime::Runtime) -> SocketAddr {
    let response: &'static [u8] = format!(
        "HTTP/1.1 200 OK\r\n\
         content-type: application/json\r\n\
         x-sib-ratelimit-limit: 100\r\n\
         x-sib-ratelimit-remaining: 99\r\n\
         x-sib-ratelimit-reset: 1\r\n\
         content-length: {}\r\n\r\n{}",
        MESSAGE_JSON.len(),
        MESSAGE_JSON
    )
    .into_bytes()
    .leak();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    let address = listener.local_addr().expect("local address");
    runtime.spawn(async move {
        let listener = TcpListener::from_std(listener).expect("tokio listener");
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            tokio::spawn(serve(stream, response));
        }
    });
    address
}

/// Answers requests on one connection until the client closes it.
async fn serve(mut stream: TcpStream, response: &'static [u8]) {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        // The head, then `content-length` bytes of body.
        let request_end = loop {
            if let Some(head_end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head_end = head_end + 4;
                let end = head_end + content_length(&buffer[..head_end]);
                if buffer.len() >= end {
                    break end;
                }
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        };
        buffer.drain(..request_end);
        if stream.write_all(response).await.is_err() {
            return;
        }
    }
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------
// The hand-written calls
// ---------------------------------------------------------------------------

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// `GET /conversations/messages/{id}` as one would write it with reqwest.
async fn hand_written_get(
    http: &reqwest::Client,
    base_url: &str,
    api_key: &str,
    id: &str,
) -> Result<ConversationsMessage, BoxError> {
    let response = http
        .get(format!("{base_url}/conversations/messages/{id}"))
        .header("api-key", api_key)
        .header(ACCEPT, "application/json")
        .send()
        .await?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("status {status}").into());
    }
    let bytes = response.bytes().await?;
    Ok(serde_json::from_slice(&bytes)?)
}

/// `POST /conversations/messages` as one would write it with reqwest.
async fn hand_written_post(
    http: &reqwest::Client,
    base_url: &str,
    api_key: &str,
    body: &SendAgentMessage,
) -> Result<ConversationsMessage, BoxError> {
    let response = http
        .post(format!("{base_url}/conversations/messages"))
        .header("api-key", api_key)
        .header(ACCEPT, "application/json")
        .header(CONTENT_TYPE, "application/json")
        .body(serde_json::to_vec(body)?)
        .send()
        .await?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("status {status}").into());
    }
    let bytes = response.bytes().await?;
    Ok(serde_json::from_slice(&bytes)?)
}

// ---------------------------------------------------------------------------
// The benchmark
// ---------------------------------------------------------------------------

/// Both clients, sharing one `reqwest::Client` and one server.
struct Setup {
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    client: Client,
    base_url: String,
    body: SendAgentMessage,
}

impl Setup {
    fn new() -> Setup {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let base_url = format!("http://{}", start_server(&runtime));
        let builder = Client::builder();
        let http = client_tests::http_client_builder()
            .build()
            .expect("HTTP client builds");
        let client = builder
            .api_key(API_KEY)
            .base_url(&base_url)
            .http_client(http.clone())
            .retry_policy(RetryPolicy::disabled())
            .build()
            .expect("generated client");
        let body = SendAgentMessage::new(
            VISITOR_ID,
            "Hello! How can I help you?",
            AgentIdentity::by_id(AGENT_ID),
        );
        let setup = Setup {
            runtime,
            http,
            client,
            base_url,
            body,
        };
        // Both sides get the same answer before anything is measured.
        let expected: ConversationsMessage =
            serde_json::from_str(MESSAGE_JSON).expect("the fixture decodes");
        setup.runtime.block_on(async {
            for call in [Call::Get, Call::Post] {
                assert_eq!(setup.call(call, Side::Generated).await, expected);
                assert_eq!(setup.call(call, Side::HandWritten).await, expected);
            }
        });
        setup
    }

    /// One call; panics on failure (there is none on this server).
    async fn call(&self, call: Call, side: Side) -> ConversationsMessage {
        let id = std::hint::black_box(MESSAGE_ID);
        let body = std::hint::black_box(&self.body);
        match (call, side) {
            (Call::Get, Side::Generated) => {
                self.client.get_message(id).await.expect("generated GET")
            }
            (Call::Get, Side::HandWritten) => {
                hand_written_get(&self.http, &self.base_url, API_KEY, id)
                    .await
                    .expect("hand-written GET")
            }
            (Call::Post, Side::Generated) => self
                .client
                .send_message(body)
                .await
                .expect("generated POST")
                .into_value()
                .expect("the body decodes"),
            (Call::Post, Side::HandWritten) => {
                hand_written_post(&self.http, &self.base_url, API_KEY, body)
                    .await
                    .expect("hand-written POST")
            }
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Call {
    Get,
    Post,
}

#[derive(Clone, Copy, Debug)]
enum Side {
    Generated = 0,
    HandWritten = 1,
}

impl Call {
    /// The criterion group.
    fn group(self) -> &'static str {
        match self {
            Call::Get => "messages_id_get",
            Call::Post => "messages_post",
        }
    }
}

impl Side {
    /// The criterion function.
    fn name(self) -> &'static str {
        match self {
            Side::Generated => "generated",
            Side::HandWritten => "hand_written",
        }
    }
}

fn benches(criterion: &mut Criterion, setup: &Setup) {
    for call in [Call::Get, Call::Post] {
        let mut group = criterion.benchmark_group(call.group());
        for side in [Side::Generated, Side::HandWritten] {
            group.bench_function(side.name(), |b| {
                b.to_async(&setup.runtime).iter(|| setup.call(call, side))
            });
        }
        group.finish();
    }
}

// ---------------------------------------------------------------------------
// Ratios
// ---------------------------------------------------------------------------

/// Where criterion writes its results: as criterion decides it, except
/// that the target directory is found from this executable's path
/// (`target/<profile>/deps/…`) rather than with `cargo metadata`.
fn criterion_directory() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return Some(PathBuf::from(home));
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(target).join("criterion"));
    }
    let exe = std::env::current_exe().ok()?;
    Some(exe.ancestors().nth(3)?.join("criterion"))
}

/// The median (ns) and its confidence interval that criterion wrote for
/// `group/function`, if it wrote them after `since`.
fn median(
    directory: &std::path::Path,
    group: &str,
    function: &str,
    since: SystemTime,
) -> Option<[f64; 3]> {
    let path = directory
        .join(group)
        .join(function)
        .join("new")
        .join("estimates.json");
    if std::fs::metadata(&path).ok()?.modified().ok()? < since {
        return None;
    }
    let estimates: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let median = &estimates["median"];
    let interval = &median["confidence_interval"];
    Some([
        median["point_estimate"].as_f64()?,
        interval["lower_bound"].as_f64()?,
        interval["upper_bound"].as_f64()?,
    ])
}

/// Prints generated / hand-written for each pair criterion measured in
/// this run.
fn report_criterion_ratios(since: SystemTime) {
    let Some(directory) = criterion_directory() else {
        return;
    };
    for call in [Call::Get, Call::Post] {
        let group = call.group();
        let (Some(ours), Some(theirs)) = (
            median(&directory, group, Side::Generated.name(), since),
            median(&directory, group, Side::HandWritten.name(), since),
        ) else {
            continue;
        };
        let micros = |ns: f64| ns / 1000.0;
        println!(
            "{group} (criterion medians): generated {:.2} µs [{:.2}, {:.2}], \
             hand-written {:.2} µs [{:.2}, {:.2}]: ratio {:.3}",
            micros(ours[0]),
            micros(ours[1]),
            micros(ours[2]),
            micros(theirs[0]),
            micros(theirs[1]),
            micros(theirs[2]),
            ours[0] / theirs[0],
        );
    }
}

/// Rounds of the paired measurement, and calls per side in each round.
const ROUNDS: usize = 301;
const CALLS_PER_ROUND: u32 = 200;

/// The ratio measured in interleaved rounds: each round times a batch of
/// generated calls and a batch of hand-written ones (in alternating
/// order) back to back, so both see the same load on the machine; the
/// median of the per-round ratios, with its quartiles, is printed.
/// Criterion measures one function after the other, and on a shared
/// machine a drift in load between them easily exceeds 5%.
fn report_paired_ratios(setup: &Setup) {
    for call in [Call::Get, Call::Post] {
        let mut ratios: Vec<f64> = (0..ROUNDS)
            .map(|round| {
                let order = if round % 2 == 0 {
                    [Side::Generated, Side::HandWritten]
                } else {
                    [Side::HandWritten, Side::Generated]
                };
                let mut times = [Duration::ZERO; 2];
                for side in order {
                    let started = Instant::now();
                    setup.runtime.block_on(async {
                        for _ in 0..CALLS_PER_ROUND {
                            std::hint::black_box(setup.call(call, side).await);
                        }
                    });
                    times[side as usize] = started.elapsed();
                }
                times[0].as_secs_f64() / times[1].as_secs_f64()
            })
            .collect();
        ratios.sort_by(f64::total_cmp);
        let quartile = |q: usize| ratios[(ratios.len() - 1) * q / 4];
        println!(
            "{} (paired, {ROUNDS} rounds of {CALLS_PER_ROUND} calls per side): \
             generated / hand-written = {:.3} (quartiles {:.3}, {:.3}); goal <= 1.05",
            call.group(),
            quartile(2),
            quartile(1),
            quartile(3),
        );
    }
}

fn main() {
    let started = SystemTime::now();
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let setup = Setup::new();
    benches(&mut criterion, &setup);
    criterion.final_summary();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and
    // then criterion only checks that each benchmark runs once.
    if std::env::args().any(|arg| arg == "--bench") {
        report_criterion_ratios(started);
        report_paired_ratios(&setup);
    }
}

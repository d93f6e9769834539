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
//! | `empty 2xx` | to a POST, 201 or 204 with an empty body (an answer Brevo's own PHP SDK had to accept, issue 13); other operations get a normal answer |
//! | `close after answer` | a normal answer, then a close of the kept-alive connection (a keep-alive timeout), which the client's next request on it may meet |
//! | `redirected write` | to a POST, 301, 302 or 303 to the message's URL, without acting on it (an endpoint that moved); a GET of that URL gets the message, as a client that follows would fetch; other operations get a normal answer |
//! | `429 reset 0` | 429 with `x-sib-ratelimit-reset: 0` |
//! | `429 retry-after date` | 429 with `Retry-After` as an HTTP date about a second ahead |
//! | `huge body` | 502 with a 300 MB body (a proxy's page), written as the client reads it |
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
//! carries the body of its own call, that no POST returned `Ok` although the
//! server stored nothing for it (a lie: a redirected write followed as a
//! GET), that no call was sent more often than
//! the retry policy allows, and that every request the server saw belongs
//! to a call (1 % of the GETs, PUTs and DELETEs have an invalid id, `..`,
//! and must be refused before sending). [`Report::failures`] lists what
//! broke; the command exits non-zero when it is not empty.
//!
//! Reported without being a failure: the calls that ended with an error
//! although the server never saw a request of theirs (a POST written on a
//! kept-alive connection the server closed just after its previous answer
//! fails so, and is rightly not sent again: the client cannot know the
//! server did not read it); the latency of the calls that returned
//! (retries included); peak memory (`VmHWM`) and open file descriptors at
//! the start, at the end, once the client is dropped, and at each tenth of
//! the run, which must stay flat. The run's own bookkeeping is allocated
//! before the start, so that growth is the client's.

mod report;
mod server;

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use brevo_conversations::types::{
    AgentIdentity, ConversationsMessage, PushedMessageSender, SendAgentMessage, SendPushedMessage,
    UpdateAgentMessage, UpdatePushedMessage,
};
use brevo_conversations::{Client, Error, RetryPolicy};
use tokio::task::JoinSet;
use tokio::time::Instant;

pub use report::{Report, Resources, Sample};
pub use server::FaultServer;

/// The API key the client sends (the server does not check it).
const API_KEY: &str = "load-fault-key";

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
    /// A normal answer, then a close of the kept-alive connection (as a
    /// server's keep-alive timeout does): the client's next request on it
    /// may find it gone.
    CloseAfterAnswer,
    /// To a POST, a 301, 302 or 303 to the message's URL, not acted on.
    RedirectedWrite,
    /// 429 with a reset of 0 s.
    ResetZero,
    /// 429 with `Retry-After` as an HTTP date.
    RetryAfterDate,
    /// 502 with a 300 MB body.
    HugeBody,
}

/// How many kinds of [`Fault`] there are.
pub const FAULT_KINDS: usize = 16;

impl Fault {
    /// Every fault, in the order of [`DEFAULT_RATES`] and of the report.
    pub const ALL: [Fault; FAULT_KINDS] = [
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
        Fault::CloseAfterAnswer,
        Fault::RedirectedWrite,
        Fault::ResetZero,
        Fault::RetryAfterDate,
        Fault::HugeBody,
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
            Fault::CloseAfterAnswer => "close after answer",
            Fault::RedirectedWrite => "redirected write",
            Fault::ResetZero => "429 reset 0",
            Fault::RetryAfterDate => "429 retry-after date",
            Fault::HugeBody => "huge body",
        }
    }

    /// Whether a POST answered so may have been acted on by the server.
    fn acts(self) -> bool {
        !matches!(
            self,
            Fault::DropBeforeRead
                | Fault::RateLimited
                | Fault::RedirectedWrite
                | Fault::ResetZero
                | Fault::RetryAfterDate
        )
    }
}

/// How often each fault is drawn, per 10,000 attempts, in the order of
/// [`Fault::ALL`]; [`Fault::Normal`]'s entry is ignored (it gets the rest).
/// About one attempt in five meets a fault. The never-answering rate is
/// low because each costs a whole client timeout.
pub const DEFAULT_RATES: [u32; FAULT_KINDS] = [
    0, 400, 300, 200, 200, 300, 100, 25, 150, 150, 100, 200, 200, 100, 50, 40,
];

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
    pub rates: [u32; FAULT_KINDS],
    /// Calls (among GETs, PUTs and DELETEs) with the invalid id `..`, per
    /// 10,000.
    pub invalid_per_10k: u32,
    /// Whether the client follows redirects that drop a write's body
    /// (`ClientBuilder::follow_redirects_that_drop_the_body`), as the client
    /// before issue 26 did: the run then counts the lies it tells.
    pub follow_body_dropping_redirects: bool,
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
            follow_body_dropping_redirects: false,
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
    rates: [u32; FAULT_KINDS],
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
                let post_only = matches!(fault, Fault::EmptySuccess | Fault::RedirectedWrite);
                if post_only && !self.op(call).is_post() {
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
    /// A 2xx whose body was empty or not the documented JSON: an
    /// `Accepted` without a value for a write (a success, never an error),
    /// `Error::UndecodedBody` for a read (which is safe to repeat).
    OkWithoutBody,
    /// `Error::InvalidArgument`.
    InvalidArgument,
    /// `Error::Redirect` with this status: a redirect not followed.
    Redirect(u16),
    /// `Error::ResponseTooLarge` with this status.
    TooLarge(u16),
    /// A variant this run does not know (the enum is non-exhaustive).
    OtherError(String),
}

impl Ended {
    /// How a call to an operation that is not safe to repeat ended.
    fn of_accepted<T>(
        result: Result<brevo_conversations::Accepted<T>, Error>,
        own: impl FnOnce(&T) -> bool,
    ) -> Ended {
        match result {
            Ok(sent) => match sent.value() {
                Some(value) if own(value) => Ended::Ok,
                Some(_) => Ended::WrongBody,
                None => Ended::OkWithoutBody,
            },
            Err(error) => Ended::of::<T>(Err(error), |_| false),
        }
    }

    /// How a call to an operation that is safe to repeat ended.
    fn of<T>(result: Result<T, Error>, own: impl FnOnce(&T) -> bool) -> Ended {
        match result {
            Ok(value) if own(&value) => Ended::Ok,
            Ok(_) => Ended::WrongBody,
            Err(Error::UndecodedBody(_)) => Ended::OkWithoutBody,
            Err(Error::Api(api)) => Ended::Api(api.status.as_u16()),
            Err(Error::Transport { kind, .. }) => Ended::Transport(format!("{kind:?}")),
            Err(Error::InvalidArgument { .. }) => Ended::InvalidArgument,
            Err(Error::Redirect { status, .. }) => Ended::Redirect(status.as_u16()),
            Err(Error::ResponseTooLarge { status, .. }) => Ended::TooLarge(status.as_u16()),
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
        Op::GetMessage => Ended::of(client.get_message(&id).await, own),
        Op::PutMessage => {
            let body = UpdateAgentMessage::new(text);
            Ended::of(client.update_message(&id, &body).await, own)
        }
        Op::DeleteMessage => {
            let result = client.delete_message(&id).await;
            Ended::of(result, |()| true)
        }
        Op::PostMessage => {
            let agent = AgentIdentity::by_id("d9nKoegKSjmCtyK78");
            let body = SendAgentMessage::new(id.clone(), text, agent);
            Ended::of_accepted(client.send_message(&body).await, own)
        }
        Op::GetPushed => Ended::of(client.get_pushed_message(&id).await, own),
        Op::PutPushed => {
            let body = UpdatePushedMessage::new(text);
            Ended::of(client.update_pushed_message(&id, &body).await, own)
        }
        Op::DeletePushed => {
            let result = client.delete_pushed_message(&id).await;
            Ended::of(result, |()| true)
        }
        Op::PostPushed => {
            let body = SendPushedMessage::new(id.clone(), text, PushedMessageSender::AnyAgent);
            Ended::of_accepted(client.send_pushed_message(&body).await, own)
        }
    }
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

/// How a call's task ended, in [`Slots::state`].
mod state {
    pub const RUNNING: u8 = 0;
    pub const RETURNED: u8 = 1;
    pub const PANICKED: u8 = 2;
    pub const HUNG: u8 = 3;
    pub const CANCELLED: u8 = 4;
}

/// One slot per call, allocated before the run starts, so that the run's
/// own bookkeeping does not grow the memory figures as calls end.
struct Slots {
    /// How each call's task ended ([`state`]).
    state: Vec<AtomicU8>,
    /// How long each call that returned took, in nanoseconds.
    nanos: Vec<AtomicU64>,
    /// Whether each call returned `Ok`.
    ok: Vec<AtomicBool>,
}

impl Slots {
    fn new(calls: usize) -> Slots {
        Slots {
            state: (0..calls).map(|_| AtomicU8::new(state::RUNNING)).collect(),
            nanos: (0..calls).map(|_| AtomicU64::new(0)).collect(),
            ok: (0..calls).map(|_| AtomicBool::new(false)).collect(),
        }
    }
}

/// The client of the run, configured as a user would: the API key, the
/// base URL, a short timeout and the default retries with a small base
/// delay.
fn client_for(config: &Config, server: &FaultServer) -> io::Result<Client> {
    let mut builder = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/v3", server.url()))
        .timeout(config.timeout)
        .retry_policy(config.retry_policy());
    if config.follow_body_dropping_redirects {
        builder = builder.follow_redirects_that_drop_the_body();
    }
    builder.build().map_err(io::Error::other)
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
    let client = client_for(config, &server)?;
    let slots = Arc::new(Slots::new(config.calls));
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let along = Arc::new(Mutex::new(Vec::with_capacity(11)));
    let unseen = Arc::new(Mutex::new(Vec::new()));
    let tenth = (config.calls / 10).max(1);
    let start = Resources::now();
    let began = Instant::now();
    let mut workers = JoinSet::new();
    for _ in 0..config.concurrency.max(1) {
        let (client, slots, next, done, along, unseen) = (
            client.clone(),
            Arc::clone(&slots),
            Arc::clone(&next),
            Arc::clone(&done),
            Arc::clone(&along),
            Arc::clone(&unseen),
        );
        let ledger = Arc::clone(&server.ledger);
        let (calls, budget) = (config.calls, config.budget);
        workers.spawn(async move {
            // Outcomes have few kinds: the tally stops growing at once.
            let mut tally: BTreeMap<Ended, usize> = BTreeMap::new();
            loop {
                let call = next.fetch_add(1, Ordering::SeqCst);
                if call >= calls {
                    return tally;
                }
                let started = Instant::now();
                let mut task = tokio::spawn(one_call(client.clone(), plan, call));
                let state = match tokio::time::timeout(budget, &mut task).await {
                    Ok(Ok(ended)) => {
                        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
                        slots.nanos[call].store(nanos, Ordering::SeqCst);
                        // The server counts an attempt before answering it,
                        // so its count is final once the call has returned.
                        let failed =
                            !matches!(ended, Ended::Ok | Ended::WrongBody | Ended::OkWithoutBody);
                        slots.ok[call].store(!failed, Ordering::SeqCst);
                        if failed
                            && !plan.invalid(call)
                            && ledger.attempts[call].load(Ordering::SeqCst) == 0
                        {
                            lock(&unseen).push((plan.op(call), ended.clone()));
                        }
                        *tally.entry(ended).or_insert(0) += 1;
                        state::RETURNED
                    }
                    Ok(Err(error)) if error.is_panic() => state::PANICKED,
                    Ok(Err(_)) => state::CANCELLED,
                    Err(_) => {
                        task.abort();
                        state::HUNG
                    }
                };
                slots.state[call].store(state, Ordering::SeqCst);
                let ended = done.fetch_add(1, Ordering::SeqCst) + 1;
                if ended % tenth == 0 {
                    let sample = Sample {
                        ended,
                        resources: Resources::now(),
                    };
                    lock(&along).push(sample);
                }
            }
        });
    }
    let mut ended = BTreeMap::new();
    while let Some(worker) = workers.join_next().await {
        for (how, count) in worker.map_err(io::Error::other)? {
            *ended.entry(how).or_insert(0) += count;
        }
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
    let mut along = lock(&along).clone();
    along.sort_by_key(|sample| sample.ended);
    let mut report = Report::new(config.clone(), wall, ended, start, end, settled, along);
    report.failed_unseen = lock(&unseen).clone();
    report.failed_unseen.sort();
    tally_calls(&mut report, &plan, &server, &slots);
    Ok(report)
}

/// `mutex`, locked, whether or not a holder panicked.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Adds what each call's slot and the server's ledger say to `report`.
fn tally_calls(report: &mut Report, plan: &Plan, server: &FaultServer, slots: &Slots) {
    let ledger = &server.ledger;
    let max_attempts = report.config.retry_policy().max_retries() + 1;
    for call in 0..report.config.calls {
        match slots.state[call].load(Ordering::SeqCst) {
            state::RETURNED => report.latencies.push(Duration::from_nanos(
                slots.nanos[call].load(Ordering::SeqCst),
            )),
            state::PANICKED => report.panics += 1,
            state::HUNG => report.hung += 1,
            state::CANCELLED => report.cancelled += 1,
            _ => {}
        }
        let attempts = ledger.attempts[call].load(Ordering::SeqCst);
        if attempts > max_attempts {
            report.over_retried += 1;
        }
        if plan.op(call).is_post() {
            report.post_calls += 1;
            let acted = ledger.posts_acted[call].load(Ordering::SeqCst);
            if acted > 1 {
                report.duplicated_posts += 1;
            } else if attempts > 1 {
                report.posts_resent_safely += 1;
            }
            if acted == 0 && slots.ok[call].load(Ordering::SeqCst) {
                report.lies += 1;
            }
        }
    }
    report.latencies.sort();
    report.unmatched_requests = ledger.unmatched.load(Ordering::SeqCst);
    report.redirected_gets = ledger.redirected_gets.load(Ordering::SeqCst);
    report.injected = Fault::ALL
        .into_iter()
        .map(|fault| (fault, ledger.injected[fault.index()].load(Ordering::SeqCst)))
        .collect();
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
        assert!(
            differs > draws / 10,
            "another seed, other faults: {differs}"
        );
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
}

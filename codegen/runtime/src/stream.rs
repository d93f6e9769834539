//! Responses read as they come: server-sent events, JSON Lines and JSON
//! text sequences as typed items, and any body as a stream of bytes
//! ([`ResponseStream`]). Only crates whose spec has an operation with such
//! a success get this file (and `futures-core`, `futures-util`).
//!
//! The framing is our own (a few dozen lines, tested below): the SSE
//! crates we looked at (`eventsource-stream`, last released in 2022, and
//! `sse-stream`, which brings `http-body-util`) buffer a line of any
//! length, and a stream must not let one endless line take all memory.
//! Here every item (an SSE line, a JSON line, a JSON text) is bounded by
//! the client's `max_response_size`; the whole stream is not.
//!
//! What is not the documented JSON never ends a stream with a panic:
//! SSE comments (`: keep-alive`) and blank JSON lines are skipped, the SSE
//! data `[DONE]` (the sentinel streaming AI APIs send last) ends the
//! stream cleanly, and an item that is not the documented JSON is an
//! [`Error::UndecodableItem`] item, after which the stream goes on.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::client::Client;
use crate::error::Error;
use crate::request::PreparedRequest;
use crate::settings::CallSettings;
use crate::transport::Answer;

/// How long a stream waits for its next bytes, unless set otherwise
/// ([`ResponseStream::idle_timeout`]): long enough for a model that thinks
/// before its next token, short enough that a dead connection is noticed.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The SSE data that ends a stream cleanly: streaming AI APIs send it
/// after their last event.
const DONE: &str = "[DONE]";

/// One server-sent event: its `data` decoded as the documented type, with
/// the event's other fields as the server sent them.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SseEvent<T> {
    /// The `event:` field (the event's type), `None` when the server sent
    /// none (an SSE client would call it `message`).
    pub event: Option<String>,
    /// The last `id:` the server sent, in this event or before it (what a
    /// reconnecting client sends as `Last-Event-ID`); `None` before any.
    pub id: Option<String>,
    /// The `retry:` field: how long the server asks a client to wait
    /// before reconnecting.
    pub retry: Option<Duration>,
    /// The `data:` lines (joined by `\n`) decoded as JSON.
    pub data: T,
}

impl<T> SseEvent<T> {
    /// An event with `data` and no other field, for tests of code that
    /// reads events.
    pub fn new(data: T) -> Self {
        Self {
            event: None,
            id: None,
            retry: None,
            data,
        }
    }
}

/// The items a running stream yields.
type Items<I> = Pin<Box<dyn Stream<Item = Result<I, Error>> + Send>>;

/// Turns a body into its items, once the stream's settings are final.
type Start<I> = Box<dyn FnOnce(Body) -> Items<I> + Send>;

/// A successful response read as it comes: a [`Stream`] of `Result<I,
/// Error>`, where `I` is an [`SseEvent`] of the documented type, one JSON
/// item of a JSON Lines or JSON text sequence body, or a chunk of
/// [`Bytes`].
///
/// The request was sent and retried (as the client's
/// [`RetryPolicy`](crate::RetryPolicy) says) before the response started;
/// once it has, nothing is retried. Between two reads the stream waits at
/// most its idle timeout ([`DEFAULT_IDLE_TIMEOUT`]; see
/// [`ResponseStream::idle_timeout`]), then yields [`Error::Stalled`] and
/// ends; the stream as a whole has no time limit and no size limit, but
/// each item is bounded by the client's
/// [`max_response_size`](crate::ClientBuilder::max_response_size)
/// ([`Error::ResponseTooLarge`], and the stream ends). An error reading
/// the body ends it too; an item that is not the documented JSON is
/// [`Error::UndecodableItem`], and the stream goes on. Dropping the stream
/// closes the connection.
#[must_use = "a stream yields nothing unless it is polled"]
pub struct ResponseStream<I> {
    status: StatusCode,
    headers: HeaderMap,
    state: State<I>,
}

/// A stream before its first poll (its settings may change) and after.
enum State<I> {
    Ready(Box<Body>, Start<I>),
    Running(Items<I>),
    /// Between the two, for the moment of the swap.
    Swapping,
}

impl<I> std::fmt::Debug for ResponseStream<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseStream")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("started", &matches!(self.state, State::Running(_)))
            .finish_non_exhaustive()
    }
}

impl<I: 'static> ResponseStream<I> {
    /// A stream over `body`, turned into items by `start` at the first
    /// poll.
    fn new(body: Body, start: Start<I>) -> Self {
        Self {
            status: body.status,
            headers: body.headers.clone(),
            state: State::Ready(Box::new(body), start),
        }
    }

    /// The response's status (2xx).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Waits at most `idle` for the next bytes of the body (default:
    /// [`DEFAULT_IDLE_TIMEOUT`]), then yields [`Error::Stalled`] and ends.
    /// It bounds the wait between reads, not the stream. Set it before the
    /// first item is read; later it changes nothing.
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        if let State::Ready(body, _) = &mut self.state {
            body.idle = Some(idle);
        }
        self
    }

    /// Waits for the next bytes for as long as they take: a server that
    /// keeps the connection open and sends nothing keeps the stream waiting
    /// for ever. Set it before the first item is read.
    pub fn no_idle_timeout(mut self) -> Self {
        if let State::Ready(body, _) = &mut self.state {
            body.idle = None;
        }
        self
    }
}

impl<I: 'static> Stream for ResponseStream<I> {
    type Item = Result<I, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let State::Ready(..) = this.state {
            if let State::Ready(body, start) = std::mem::replace(&mut this.state, State::Swapping) {
                this.state = State::Running(start(*body));
            }
        }
        match &mut this.state {
            State::Running(items) => items.as_mut().poll_next(cx),
            State::Ready(..) | State::Swapping => Poll::Ready(None),
        }
    }
}

/// A response body being read, with the stream's settings.
pub(crate) struct Body {
    status: StatusCode,
    headers: HeaderMap,
    source: Source,
    /// The longest wait for the next bytes.
    idle: Option<Duration>,
    /// The longest item.
    max_item: usize,
}

/// Where a body's bytes come from.
enum Source {
    /// The connection, read chunk by chunk.
    Live(reqwest::Response),
    /// Bytes already read (taken at the first read).
    Read(Option<Bytes>),
}

impl Body {
    /// The body of `response`, read as it comes; each item at most
    /// `max_item` bytes.
    pub(crate) fn live(mut response: reqwest::Response, max_item: usize) -> Self {
        Self {
            status: response.status(),
            headers: std::mem::take(response.headers_mut()),
            source: Source::Live(response),
            idle: Some(DEFAULT_IDLE_TIMEOUT),
            max_item,
        }
    }

    /// A body already read whole (a response that was not streamed).
    pub(crate) fn read(
        status: StatusCode,
        headers: HeaderMap,
        bytes: Bytes,
        max_item: usize,
    ) -> Self {
        Self {
            status,
            headers,
            source: Source::Read(Some(bytes)),
            idle: Some(DEFAULT_IDLE_TIMEOUT),
            max_item,
        }
    }

    /// The next bytes, `None` at the end; [`Error::Stalled`] when none
    /// came within the idle timeout.
    async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        let response = match &mut self.source {
            Source::Live(response) => response,
            Source::Read(bytes) => return Ok(bytes.take()),
        };
        let read = response.chunk();
        let chunk = match self.idle {
            Some(idle) => match tokio::time::timeout(idle, read).await {
                Ok(chunk) => chunk,
                Err(_) => return Err(Error::Stalled { waited: idle }),
            },
            None => read.await,
        };
        chunk.map_err(Error::transport)
    }
}

impl Client {
    /// Sends `request` as [`Client::execute`] does, asking for `accept`,
    /// and gives a successful response's body unread, to be read as it
    /// comes ([`crate::stream`]). Retries end once the response started:
    /// the client's timeout bounds the wait for it, not the body.
    pub(crate) async fn execute_streamed(
        &self,
        mut request: PreparedRequest,
        settings: CallSettings,
        accept: &'static str,
    ) -> Result<Body, Error> {
        request.headers.insert(
            reqwest::header::ACCEPT,
            reqwest::header::HeaderValue::from_static(accept),
        );
        let max_item = self.inner.max_response_size;
        Ok(match self.send_retried(request, settings, true).await? {
            Answer::Open(response) => Body::live(response, max_item),
            Answer::Read(response) => {
                Body::read(response.status, response.headers, response.body, max_item)
            }
        })
    }
}

/// What a framing makes of the lines it has.
enum Step<I> {
    /// An item.
    Item(I),
    /// An item that is not the documented JSON: yielded, and the stream
    /// goes on.
    Bad(Error),
    /// The stream ends: a sentinel, or an error that leaves the rest
    /// unreadable.
    End(Option<Error>),
    /// More bytes are needed.
    More,
}

/// How lines become items.
trait Framing: Send + 'static {
    /// What the stream yields.
    type Item: Send + 'static;
    /// The next item of what `lines` holds; `eof` when no more bytes come.
    fn next(&mut self, lines: &mut Lines, eof: bool) -> Step<Self::Item>;
}

/// The items of `body`, cut into lines at `ends` and made items by
/// `framing`.
fn items<F: Framing>(body: Body, ends: Ends, framing: F) -> Items<F::Item> {
    let lines = Lines::new(ends, body.max_item, body.status);
    let state = Some((body, framing, lines, false));
    Box::pin(futures_util::stream::unfold(state, |state| async move {
        let (mut body, mut framing, mut lines, mut eof) = state?;
        loop {
            match framing.next(&mut lines, eof) {
                Step::Item(item) => return Some((Ok(item), Some((body, framing, lines, eof)))),
                Step::Bad(error) => return Some((Err(error), Some((body, framing, lines, eof)))),
                Step::End(Some(error)) => return Some((Err(error), None)),
                Step::End(None) => return None,
                Step::More if eof => return None,
                Step::More => {}
            }
            match body.chunk().await {
                Ok(Some(chunk)) => lines.push(&chunk),
                Ok(None) => eof = true,
                Err(error) => return Some((Err(error), None)),
            }
        }
    }))
}

/// What ends a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ends {
    /// `\n`, `\r\n` or a lone `\r` (SSE, JSON Lines).
    Newline,
    /// The record separator `0x1E` (RFC 7464 JSON text sequences).
    RecordSeparator,
}

/// The record separator of RFC 7464.
const RS: u8 = 0x1E;

/// A body's bytes cut into lines, none longer than `max`.
struct Lines {
    buf: Vec<u8>,
    /// Where the next line starts in `buf`.
    start: usize,
    /// How far `buf` was searched for a line end.
    scanned: usize,
    ends: Ends,
    max: usize,
    /// The response's status, for [`Error::ResponseTooLarge`].
    status: StatusCode,
}

impl Lines {
    fn new(ends: Ends, max: usize, status: StatusCode) -> Self {
        Self {
            buf: Vec::new(),
            start: 0,
            scanned: 0,
            ends,
            max,
            status,
        }
    }

    /// Adds bytes read, dropping the lines already taken.
    fn push(&mut self, chunk: &[u8]) {
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.scanned -= self.start;
            self.start = 0;
        }
        self.buf.extend_from_slice(chunk);
    }

    /// The next whole line, without its end; at `eof`, what is left as a
    /// last line. `None` when more bytes are needed (or none are left);
    /// [`Error::ResponseTooLarge`] for a line longer than `max`.
    fn next(&mut self, eof: bool) -> Option<Result<Vec<u8>, Error>> {
        let from = self.scanned.max(self.start);
        let found = self.buf[from..]
            .iter()
            .position(|b| match self.ends {
                Ends::Newline => *b == b'\n' || *b == b'\r',
                Ends::RecordSeparator => *b == RS,
            })
            .map(|at| from + at);
        let (end, next) = match found {
            Some(at) if self.buf[at] == b'\r' => match self.buf.get(at + 1) {
                Some(b'\n') => (at, at + 2),
                Some(_) => (at, at + 1),
                // A `\r` last: the `\n` of a `\r\n` may come next.
                None if !eof => {
                    self.scanned = at;
                    return self.too_long(at);
                }
                None => (at, at + 1),
            },
            Some(at) => (at, at + 1),
            None if eof && self.start < self.buf.len() => (self.buf.len(), self.buf.len()),
            None => {
                self.scanned = self.buf.len();
                return self.too_long(self.buf.len());
            }
        };
        if end - self.start > self.max {
            return self.too_long(end);
        }
        let line = self.buf[self.start..end].to_vec();
        self.start = next;
        self.scanned = next;
        Some(Ok(line))
    }

    /// [`Error::ResponseTooLarge`] when the line so far (up to `end`) is
    /// longer than `max`, else `None` (more bytes are needed).
    fn too_long(&self, end: usize) -> Option<Result<Vec<u8>, Error>> {
        (end - self.start > self.max).then(|| {
            let head = &self.buf[self.start..end];
            Err(Error::ResponseTooLarge {
                status: self.status,
                limit: self.max,
                head: Bytes::copy_from_slice(&head[..head.len().min(Error::KEPT_BYTES)]),
            })
        })
    }
}

/// [`Error::UndecodableItem`] for `text`, which `error` could not decode.
fn undecodable(text: &[u8], error: &serde_json::Error) -> Error {
    let shown = String::from_utf8_lossy(&text[..text.len().min(Error::KEPT_BYTES)]).into_owned();
    Error::UndecodableItem {
        text: shown,
        reason: error.to_string(),
    }
}

/// Server-sent events (the WHATWG `text/event-stream` format), their data
/// decoded as `T`.
struct Events<T> {
    data: Option<String>,
    event: Option<String>,
    last_id: Option<String>,
    retry: Option<Duration>,
    /// Whether the first line (which may start with a byte order mark)
    /// was read.
    started: bool,
    /// Reads an event's data.
    decode: fn(&str) -> Result<T, serde_json::Error>,
}

impl<T: Send + 'static> Framing for Events<T> {
    type Item = SseEvent<T>;

    fn next(&mut self, lines: &mut Lines, eof: bool) -> Step<SseEvent<T>> {
        loop {
            let line = match lines.next(eof) {
                None => return Step::More,
                Some(Err(error)) => return Step::End(Some(error)),
                Some(Ok(line)) => line,
            };
            let mut line = String::from_utf8_lossy(&line).into_owned();
            if !self.started {
                self.started = true;
                if let Some(rest) = line.strip_prefix('\u{feff}') {
                    line = rest.to_owned();
                }
            }
            if line.is_empty() {
                if let Some(step) = self.dispatch() {
                    return step;
                }
                continue;
            }
            if line.starts_with(':') {
                // A comment: servers send them to keep the connection open.
                continue;
            }
            let (field, value) = match line.split_once(':') {
                Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                None => (line.as_str(), ""),
            };
            match field {
                "data" => match &mut self.data {
                    Some(data) => {
                        data.push('\n');
                        data.push_str(value);
                    }
                    None => self.data = Some(value.to_owned()),
                },
                "event" => self.event = Some(value.to_owned()),
                "id" if !value.contains('\0') => {
                    self.last_id = (!value.is_empty()).then(|| value.to_owned());
                }
                "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                    self.retry = value.parse().ok().map(Duration::from_millis);
                }
                _ => {}
            }
        }
    }
}

impl<T> Events<T> {
    fn new(decode: fn(&str) -> Result<T, serde_json::Error>) -> Self {
        Self {
            data: None,
            event: None,
            last_id: None,
            retry: None,
            started: false,
            decode,
        }
    }

    /// The event the fields so far make (at a blank line), `None` when
    /// they have no data (nothing is dispatched).
    fn dispatch(&mut self) -> Option<Step<SseEvent<T>>> {
        let event = self.event.take();
        let retry = self.retry.take();
        let data = self.data.take()?;
        if data == DONE {
            return Some(Step::End(None));
        }
        Some(match (self.decode)(&data) {
            Ok(decoded) => Step::Item(SseEvent {
                event,
                id: self.last_id.clone(),
                retry,
                data: decoded,
            }),
            Err(error) => Step::Bad(undecodable(data.as_bytes(), &error)),
        })
    }
}

/// JSON Lines (one JSON text a line) or JSON text sequences (RFC 7464:
/// each text after a record separator), each decoded as `T`; blank ones
/// are skipped.
struct JsonItems<T>(PhantomData<fn() -> T>);

impl<T: serde::de::DeserializeOwned + Send + 'static> Framing for JsonItems<T> {
    type Item = T;

    fn next(&mut self, lines: &mut Lines, eof: bool) -> Step<T> {
        loop {
            let line = match lines.next(eof) {
                None => return Step::More,
                Some(Err(error)) => return Step::End(Some(error)),
                Some(Ok(line)) => line,
            };
            let text = line.trim_ascii();
            if text.is_empty() {
                continue;
            }
            return match serde_json::from_slice(text) {
                Ok(item) => Step::Item(item),
                Err(error) => Step::Bad(undecodable(text, &error)),
            };
        }
    }
}

impl<T: serde::de::DeserializeOwned + Send + 'static> ResponseStream<SseEvent<T>> {
    /// The server-sent events of `body`, their data decoded as JSON.
    #[allow(dead_code)] // unused by specs without `text/event-stream` successes
    pub(crate) fn events(body: Body) -> Self {
        Self::new(
            body,
            Box::new(|body| {
                items(
                    body,
                    Ends::Newline,
                    Events::<T>::new(|data| serde_json::from_str(data)),
                )
            }),
        )
    }
}

impl ResponseStream<SseEvent<String>> {
    /// The server-sent events of `body`, their data as it came (SSE data
    /// documented as a string).
    #[allow(dead_code)] // unused by specs without text `text/event-stream` successes
    pub(crate) fn text_events(body: Body) -> Self {
        Self::new(
            body,
            Box::new(|body| items(body, Ends::Newline, Events::new(|data| Ok(data.to_owned())))),
        )
    }
}

impl<T: serde::de::DeserializeOwned + Send + 'static> ResponseStream<T> {
    /// The JSON Lines (`application/jsonl`, `application/x-ndjson`) of
    /// `body`.
    #[allow(dead_code)] // unused by specs without JSON Lines successes
    pub(crate) fn json_lines(body: Body) -> Self {
        Self::new(
            body,
            Box::new(|body| items(body, Ends::Newline, JsonItems::<T>(PhantomData))),
        )
    }

    /// The JSON text sequence (`application/json-seq`) of `body`.
    #[allow(dead_code)] // unused by specs without JSON text sequence successes
    pub(crate) fn json_seq(body: Body) -> Self {
        Self::new(
            body,
            Box::new(|body| items(body, Ends::RecordSeparator, JsonItems::<T>(PhantomData))),
        )
    }
}

impl ResponseStream<Bytes> {
    /// The bytes of `body`, chunk by chunk as they come, with no limit.
    #[allow(dead_code)] // unused by specs without binary successes
    pub(crate) fn bytes(body: Body) -> Self {
        Self::new(
            body,
            Box::new(|body| {
                Box::pin(futures_util::stream::unfold(
                    Some(body),
                    |body| async move {
                        let mut body = body?;
                        match body.chunk().await {
                            Ok(Some(chunk)) => Some((Ok(chunk), Some(body))),
                            Ok(None) => None,
                            Err(error) => Some((Err(error), None)),
                        }
                    },
                ))
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step `framing` makes of `bytes`, given `split` bytes at a
    /// time, until it needs bytes that do not come or ends.
    fn steps<F: Framing>(
        mut framing: F,
        ends: Ends,
        bytes: &[u8],
        split: usize,
    ) -> Vec<Step<F::Item>> {
        let mut lines = Lines::new(ends, 64, StatusCode::OK);
        let mut out = Vec::new();
        let mut chunks = bytes.chunks(split.max(1));
        let mut eof = false;
        loop {
            match framing.next(&mut lines, eof) {
                Step::More if eof => return out,
                Step::More => match chunks.next() {
                    Some(chunk) => lines.push(chunk),
                    None => eof = true,
                },
                end @ Step::End(_) => {
                    out.push(end);
                    return out;
                }
                step => out.push(step),
            }
        }
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Chunk {
        text: String,
    }

    /// What a stream of `Chunk` events gives, in words.
    fn events(bytes: &[u8], split: usize) -> Vec<String> {
        steps(
            Events::<Chunk>::new(|data| serde_json::from_str(data)),
            Ends::Newline,
            bytes,
            split,
        )
        .into_iter()
        .map(|step| match step {
            Step::Item(event) => format!(
                "{}|{}|{:?}|{}",
                event.event.unwrap_or_default(),
                event.id.unwrap_or_default(),
                event.retry,
                event.data.text
            ),
            Step::Bad(Error::UndecodableItem { text, .. }) => format!("bad {text}"),
            Step::End(None) => "done".to_owned(),
            Step::End(Some(error)) => format!("end {error}"),
            _ => "?".to_owned(),
        })
        .collect()
    }

    #[test]
    fn sse_events_keep_their_fields_whatever_the_chunks() {
        let body = b"\xef\xbb\xbf: keep-alive\r\nevent: delta\r\nid: 7\r\nretry: 1500\r\ndata: {\"text\":\r\ndata: \"a\"}\r\n\r\n\
: ping\n\ndata: {\"text\": \"b\"}\r\r\ndata: not json\n\nid\ndata: {\"text\": \"c\"}\n\n\
data: [DONE]\n\ndata: {\"text\": \"after\"}\n\n";
        let wanted = vec![
            "delta|7|Some(1.5s)|a".to_owned(),
            "|7|None|b".to_owned(),
            "bad not json".to_owned(),
            "||None|c".to_owned(),
            "done".to_owned(),
        ];
        for split in [1, 2, 3, 7, body.len()] {
            assert_eq!(events(body, split), wanted, "split {split}");
        }
    }

    #[test]
    fn an_sse_event_without_its_blank_line_is_not_dispatched() {
        assert_eq!(
            events(b"data: {\"text\": \"a\"}\n", 4),
            Vec::<String>::new()
        );
        assert_eq!(events(b"event: e\n\n", 4), Vec::<String>::new());
    }

    #[test]
    fn a_line_longer_than_the_limit_ends_the_stream() {
        let mut body = b"data: {\"text\": \"a\"}\n\n".to_vec();
        body.extend_from_slice(b"data: ");
        body.extend(std::iter::repeat_n(b'x', 100));
        body.extend_from_slice(b"\n\n");
        let got = events(&body, 10);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[1].starts_with("end "), "{got:?}");
        let steps = steps(
            Events::<Chunk>::new(|data| serde_json::from_str(data)),
            Ends::Newline,
            &body,
            1000,
        );
        assert!(matches!(
            steps.last(),
            Some(Step::End(Some(Error::ResponseTooLarge { limit: 64, .. })))
        ));
    }

    fn json(bytes: &[u8], ends: Ends, split: usize) -> Vec<String> {
        steps(JsonItems::<Chunk>(PhantomData), ends, bytes, split)
            .into_iter()
            .map(|step| match step {
                Step::Item(chunk) => chunk.text,
                Step::Bad(Error::UndecodableItem { text, .. }) => format!("bad {text}"),
                _ => "?".to_owned(),
            })
            .collect()
    }

    #[test]
    fn json_lines_skip_blank_lines_and_go_on_after_a_bad_one() {
        let body = b"{\"text\":\"a\"}\r\n\n  \n{oops}\n{\"text\":\"b\"}";
        for split in [1, 5, body.len()] {
            assert_eq!(json(body, Ends::Newline, split), ["a", "bad {oops}", "b"]);
        }
    }

    #[test]
    fn json_text_sequences_are_cut_at_record_separators() {
        let body = b"\x1e{\"text\":\"a\"}\n\x1e{\"text\":\n\"b\"}\n\x1e\n";
        for split in [1, 4, body.len()] {
            assert_eq!(json(body, Ends::RecordSeparator, split), ["a", "b"]);
        }
    }

    #[test]
    fn a_body_already_read_streams_as_items() {
        use futures_util::StreamExt;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let body = Body::read(
            StatusCode::OK,
            HeaderMap::new(),
            Bytes::from_static(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n"),
            1024,
        );
        let items = ResponseStream::<Chunk>::json_lines(body)
            .map(|item| item.map(|chunk| chunk.text).unwrap_or_default())
            .collect::<Vec<String>>();
        assert_eq!(runtime.block_on(items), ["a", "b"]);
    }
}

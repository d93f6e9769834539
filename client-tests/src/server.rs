//! Raw HTTP/1.1 servers on 127.0.0.1 for the tests that need more control
//! than `wiremock` gives: answers that break the protocol, connections held
//! open or reset, and the time each request arrived on Tokio's clock.
//!
//! A [`Server`] runs on the runtime of the test that starts it, so under
//! `#[tokio::test(start_paused = true)]` the arrival times are paused time:
//! the gap between two requests is exactly the wait the client chose
//! between them (the clock only moves while every task waits on a timer,
//! never while bytes are in flight on loopback with no timer pending).

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;

/// A request as read from the connection: its head (request line and
/// headers, as text) and its body (as long as `content-length` says).
#[derive(Clone, Debug)]
pub struct RawRequest {
    /// The request line and headers, up to and including the blank line.
    pub head: String,
    /// The body.
    pub body: Vec<u8>,
}

impl RawRequest {
    /// The method of the request line.
    pub fn method(&self) -> &str {
        self.head.split(' ').next().unwrap_or_default()
    }

    /// The target (path and query) of the request line.
    pub fn target(&self) -> &str {
        self.head.split(' ').nth(1).unwrap_or_default()
    }

    /// The value of header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.head, name)
    }
}

fn header_value<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .find(|(field, _)| field.trim().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim())
}

/// Reads a request's head; `None` when the connection ends (or fails) first.
/// Bytes read past the head are returned with it.
async fn read_head<S: AsyncRead + Unpin>(stream: &mut S) -> Option<(String, Vec<u8>)> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buffer.split_off(at + 4);
            return Some((String::from_utf8_lossy(&buffer).into_owned(), rest));
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// Reads the rest of a body of `content-length` bytes after `body`.
async fn read_body<S: AsyncRead + Unpin>(
    stream: &mut S,
    head: &str,
    mut body: Vec<u8>,
) -> Option<Vec<u8>> {
    let length: usize = header_value(head, "content-length")
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    let mut chunk = [0u8; 4096];
    while body.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(body)
}

/// Reads a request's head and its `content-length` body (so that closing
/// the connection afterwards does not reset it under the response);
/// `None` when the connection ends first.
pub async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<RawRequest> {
    let (head, rest) = read_head(stream).await?;
    let body = read_body(stream, &head, rest).await?;
    Some(RawRequest { head, body })
}

/// An HTTP/1.1 response with `content-length` and `connection: close`.
/// `headers` are `(name, value)` pairs.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("HTTP/1.1 {status} Scripted\r\n").into_bytes();
    for (name, value) in headers {
        bytes.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    bytes.extend_from_slice(
        format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    bytes.extend_from_slice(body);
    bytes
}

/// What a [`Server`] does with a request.
#[derive(Clone, Debug)]
pub enum Answer {
    /// Reads the body, writes these bytes as they are, and closes the connection.
    Bytes(Vec<u8>),
    /// Reads the body and never answers; the connection stays open until
    /// the client closes it or the server is dropped.
    Hold,
    /// Reads the body and closes the connection without answering.
    Close,
    /// Does not read the body: resets the connection (RST) right after the head.
    Reset,
    /// Reads the body, waits this long (on Tokio's clock), then answers
    /// like [`Answer::Bytes`].
    Delayed(std::time::Duration, Vec<u8>),
    /// Reads the body and answers `status` with a body of `length` zero
    /// bytes, written 64 KiB at a time and never held whole in memory:
    /// announced in `content-length`, or chunked when `chunked`. Writing
    /// stops when the client closes the connection.
    Huge {
        /// The status.
        status: u16,
        /// The body's length.
        length: u64,
        /// Whether the body is sent chunked, without a length.
        chunked: bool,
    },
}

/// A request a [`Server`] received.
#[derive(Clone, Debug)]
pub struct Received {
    /// When it had been read, on Tokio's clock.
    pub at: Instant,
    /// The request (its body is empty for [`Answer::Reset`]).
    pub request: RawRequest,
}

#[derive(Debug, Default)]
struct State {
    received: Mutex<Vec<Received>>,
    accepted: AtomicUsize,
    closed_by_client: AtomicUsize,
    changed: Notify,
}

impl State {
    fn received(&self) -> MutexGuard<'_, Vec<Received>> {
        self.received
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A raw HTTP/1.1 server on 127.0.0.1 that answers each request as its
/// handler says, and records what it received. It stops when dropped.
#[derive(Debug)]
pub struct Server {
    address: SocketAddr,
    state: Arc<State>,
    accept: JoinHandle<()>,
}

impl Server {
    /// Starts a server whose `handler` is given the number of the request
    /// (from 0, over all connections) and the request's head.
    ///
    /// # Errors
    ///
    /// When no loopback port can be bound.
    pub async fn start<H>(handler: H) -> io::Result<Server>
    where
        H: Fn(usize, &RawRequest) -> Answer + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        Ok(Self::serve(listener, handler))
    }

    /// Like [`Server::start`], on a listener the caller made.
    pub fn serve<H>(listener: TcpListener, handler: H) -> Server
    where
        H: Fn(usize, &RawRequest) -> Answer + Send + Sync + 'static,
    {
        let address = listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
        let state = Arc::new(State::default());
        let handler = Arc::new(handler);
        let shared = Arc::clone(&state);
        let accept = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                shared.accepted.fetch_add(1, Ordering::SeqCst);
                shared.changed.notify_waiters();
                connections.spawn(serve_connection(
                    stream,
                    Arc::clone(&shared),
                    Arc::clone(&handler),
                ));
            }
        });
        Server {
            address,
            state,
            accept,
        }
    }

    /// A server that answers every request with `answer`.
    ///
    /// # Errors
    ///
    /// When no loopback port can be bound.
    pub async fn always(answer: Answer) -> io::Result<Server> {
        Self::start(move |_, _| answer.clone()).await
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The requests received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.state.received().clone()
    }

    /// How many requests were received so far.
    pub fn request_count(&self) -> usize {
        self.state.received().len()
    }

    /// How many connections were accepted so far.
    pub fn accepted(&self) -> usize {
        self.state.accepted.load(Ordering::SeqCst)
    }

    /// How many connections held by [`Answer::Hold`] the client has closed.
    pub fn closed_by_client(&self) -> usize {
        self.state.closed_by_client.load(Ordering::SeqCst)
    }

    /// Waits until `condition` holds for this server.
    pub async fn wait_until(&self, condition: impl Fn(&Server) -> bool) {
        loop {
            let changed = self.state.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if condition(self) {
                return;
            }
            changed.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn serve_connection<H>(mut stream: TcpStream, state: Arc<State>, handler: Arc<H>)
where
    H: Fn(usize, &RawRequest) -> Answer + Send + Sync + 'static,
{
    let Some((head, rest)) = read_head(&mut stream).await else {
        return;
    };
    let mut request = RawRequest {
        head,
        body: Vec::new(),
    };
    let number = state.received().len();
    let answer = handler(number, &request);
    if !matches!(answer, Answer::Reset) {
        let Some(body) = read_body(&mut stream, &request.head, rest).await else {
            return;
        };
        request.body = body;
    }
    state.received().push(Received {
        at: Instant::now(),
        request,
    });
    state.changed.notify_waiters();
    match answer {
        Answer::Bytes(bytes) => write_and_close(&mut stream, &bytes).await,
        Answer::Delayed(delay, bytes) => {
            tokio::time::sleep(delay).await;
            write_and_close(&mut stream, &bytes).await;
        }
        Answer::Huge {
            status,
            length,
            chunked,
        } => write_huge(&mut stream, status, length, chunked).await,
        Answer::Hold => {
            let mut sink = [0u8; 4096];
            while matches!(stream.read(&mut sink).await, Ok(read) if read > 0) {}
            state.closed_by_client.fetch_add(1, Ordering::SeqCst);
            state.changed.notify_waiters();
        }
        Answer::Close => {
            let _ = stream.shutdown().await;
        }
        Answer::Reset => {
            // A zero linger turns the close into a reset.
            let _ = stream.set_zero_linger();
            drop(stream);
        }
    }
}

/// Writes a response of `status` whose body is `length` zero bytes, 64 KiB
/// at a time, until done or the client closes the connection.
async fn write_huge(stream: &mut TcpStream, status: u16, length: u64, chunked: bool) {
    let framing = if chunked {
        "transfer-encoding: chunked".to_owned()
    } else {
        format!("content-length: {length}")
    };
    let head = format!(
        "HTTP/1.1 {status} Huge\r\ncontent-type: text/html\r\n{framing}\r\nconnection: close\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let block = vec![b'0'; 64 * 1024];
    let mut left = length;
    while left > 0 {
        let size = usize::try_from(left.min(block.len() as u64)).unwrap_or(block.len());
        let written = if chunked {
            let mut chunk = format!("{size:x}\r\n").into_bytes();
            chunk.extend_from_slice(&block[..size]);
            chunk.extend_from_slice(b"\r\n");
            stream.write_all(&chunk).await
        } else {
            stream.write_all(&block[..size]).await
        };
        if written.is_err() {
            return;
        }
        left -= size as u64;
    }
    if chunked {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
    let _ = stream.shutdown().await;
}

/// A server that writes `greeting` as soon as it accepts a connection,
/// whatever the client sent (if anything), and closes it: for clients that
/// expect another protocol, such as a TLS handshake.
///
/// # Errors
///
/// When no loopback port can be bound.
pub async fn greeting_server(greeting: &'static [u8]) -> io::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let task = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            write_and_close(&mut stream, greeting).await;
        }
    });
    Ok((address, task))
}

/// A loopback port where connections are refused: a socket is bound to it
/// and held, but not listening. Nothing else can take the port while this
/// lives (unlike a port that was bound, freed and might be re-bound by
/// another test), and [`Refusing::listen`] starts accepting on it later.
#[derive(Debug)]
pub struct Refusing {
    socket: TcpSocket,
    address: SocketAddr,
}

impl Refusing {
    /// Binds a fresh loopback port without listening.
    ///
    /// # Errors
    ///
    /// When no loopback port can be bound.
    pub fn bind() -> io::Result<Refusing> {
        let socket = TcpSocket::new_v4()?;
        socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let address = socket.local_addr()?;
        Ok(Refusing { socket, address })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Starts listening on the same socket (no re-binding, so no race).
    ///
    /// # Errors
    ///
    /// When the socket cannot listen.
    pub fn listen(self) -> io::Result<TcpListener> {
        self.socket.listen(128)
    }
}

/// Writes `bytes` to `stream` and closes it, ignoring errors (the peer may
/// have gone).
pub async fn write_and_close<S: AsyncWrite + Unpin>(stream: &mut S, bytes: &[u8]) {
    let _ = stream.write_all(bytes).await;
    let _ = stream.shutdown().await;
}

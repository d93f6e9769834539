//! Streamed responses on the wire (`send_stream`), against servers on
//! 127.0.0.1 written here byte by byte, so that each test decides when
//! every part of the body is sent: server-sent events arrive one by one
//! while the server is still sending, the `[DONE]` sentinel ends the
//! stream, comments are skipped and an undecodable event is an `Err` item
//! the stream goes on after; JSON Lines cut anywhere by the network; the
//! idle timeout between items. The 200 MB download is in
//! `stream_memory.rs`, a binary of its own (it measures the process).

use std::time::Duration;

use fixture_streaming_ai::types::{ChatRequest, Message, MessageRole};
use fixture_streaming_ai::{Client, Error};
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};

/// Starts a server for one connection: it reads the request's head and
/// hands it to the test, then `respond` writes the response. Returns the
/// base URL and the receiver of the head.
async fn serve<F, Fut>(respond: F) -> (String, oneshot::Receiver<String>)
where
    F: FnOnce(TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let (head_tx, head_rx) = oneshot::channel();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            if socket.read(&mut byte).await.expect("read") == 0 {
                return;
            }
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head).to_lowercase();
        // The request's body, if any, is not needed: its length is read
        // past so that the connection stays orderly.
        let length = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0u8; length];
        socket.read_exact(&mut body).await.expect("body");
        let _ = head_tx.send(head);
        respond(socket).await;
    });
    (url, head_rx)
}

/// Writes the head of a chunked 200 response of `content_type`.
async fn chunked_head(socket: &mut TcpStream, content_type: &str) {
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.expect("head");
}

/// Writes `bytes` as one chunk of a chunked body.
async fn chunk(socket: &mut TcpStream, bytes: &[u8]) {
    let mut framed = format!("{:x}\r\n", bytes.len()).into_bytes();
    framed.extend_from_slice(bytes);
    framed.extend_from_slice(b"\r\n");
    socket.write_all(&framed).await.expect("chunk");
    socket.flush().await.expect("flush");
}

fn client(url: &str) -> Client {
    Client::builder()
        .bearer("key")
        .base_url(url)
        .build()
        .expect("a client")
}

fn chat() -> ChatRequest {
    let mut request = ChatRequest::new(
        "model-1",
        vec![Message::new(MessageRole::User, "Say hello")],
    );
    request.stream = Some(true);
    request
}

fn chunk_event(id: &str, text: &str) -> String {
    format!(
        "data: {{\"id\":\"{id}\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{text}\"}}}}]}}\n\n"
    )
}

/// The first chunk arrives while the server still holds the rest: the
/// server writes the second event only after the test got the first
/// (and says so on a channel). A comment (`: keep-alive`) is skipped,
/// an event whose data is not a chunk is an `Err` item the stream goes
/// on after, and `data: [DONE]` ends the stream (what follows is never
/// read).
#[tokio::test]
async fn sse_chunks_are_read_one_by_one_while_the_server_is_sending() {
    let (go_tx, go_rx) = oneshot::channel::<()>();
    let (url, head) = serve(move |mut socket| async move {
        chunked_head(&mut socket, "text/event-stream").await;
        let first = format!(
            ": keep-alive\n\nid: 1\nevent: delta\n{}",
            chunk_event("c1", "Hel")
        );
        chunk(&mut socket, first.as_bytes()).await;
        // Nothing more until the client has the first chunk.
        go_rx.await.expect("the test got the first chunk");
        chunk(&mut socket, b"data: {\"not\": \"a chunk\"}\n\n").await;
        chunk(&mut socket, chunk_event("c2", "lo").as_bytes()).await;
        chunk(&mut socket, b"data: [DONE]\n\n").await;
        chunk(&mut socket, chunk_event("c3", "never read").as_bytes()).await;
        let _ = socket.write_all(b"0\r\n\r\n").await;
    })
    .await;
    let mut stream = client(&url)
        .create_chat_completion(&chat())
        .send_stream()
        .await
        .expect("the stream starts");
    assert_eq!(stream.status(), 200);
    let head = head.await.expect("the request's head");
    assert!(head.contains("accept: text/event-stream"), "{head}");

    // Were the body read whole, this would wait for ever: bounded, it fails.
    let first = tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("the first chunk comes before the server sends the rest")
        .expect("an item")
        .expect("a chunk");
    assert_eq!(first.event.as_deref(), Some("delta"));
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(first.data.id, "c1");
    assert_eq!(first.data.choices[0].delta.content.as_deref(), Some("Hel"));
    go_tx.send(()).expect("the server waits");

    let bad = stream.next().await.expect("an item");
    assert!(
        matches!(&bad, Err(Error::UndecodableItem { text, .. }) if text.contains("not")),
        "{bad:?}"
    );
    let second = stream.next().await.expect("an item").expect("a chunk");
    assert_eq!(second.data.id, "c2");
    // The id of the last event that had one.
    assert_eq!(second.id.as_deref(), Some("1"));
    assert!(stream.next().await.is_none(), "[DONE] ends the stream");
}

/// The same operation without `send_stream` reads one JSON body, asking
/// for JSON first.
#[tokio::test]
async fn the_json_success_of_the_same_operation_is_read_whole() {
    let (url, head) = serve(|mut socket| async move {
        let body = br#"{"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":"Hello"}}]}"#;
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        socket.write_all(head.as_bytes()).await.expect("head");
        socket.write_all(body).await.expect("body");
    })
    .await;
    let completion = client(&url)
        .create_chat_completion(&chat())
        .await
        .expect("a completion")
        .into_value()
        .expect("the documented JSON");
    assert_eq!(completion.choices[0].message.content, "Hello");
    let head = head.await.expect("the request's head");
    assert!(
        head.contains("accept: application/json, text/event-stream"),
        "{head}"
    );
}

/// SSE data documented as a string is given as it came.
#[tokio::test]
async fn sse_text_data_is_given_as_it_came() {
    let (url, _) = serve(|mut socket| async move {
        chunked_head(&mut socket, "text/event-stream").await;
        chunk(
            &mut socket,
            b"event: line\r\ndata: compiling\r\ndata: 2 of 3\r\n\r\n",
        )
        .await;
        let _ = socket.write_all(b"0\r\n\r\n").await;
    })
    .await;
    let events: Vec<_> = client(&url)
        .follow_job_log("job-1")
        .send_stream()
        .await
        .expect("the stream starts")
        .collect()
        .await;
    assert_eq!(events.len(), 1, "{events:?}");
    let event = events[0].as_ref().expect("an event");
    assert_eq!(event.event.as_deref(), Some("line"));
    assert_eq!(event.data, "compiling\n2 of 3");
}

/// JSON Lines cut anywhere by the network (mid-line, mid-`\r\n`) give
/// one item a line; blank lines are skipped.
#[tokio::test]
async fn json_lines_are_items_whatever_the_chunks() {
    let (url, head) = serve(|mut socket| async move {
        chunked_head(&mut socket, "application/jsonl").await;
        let body = b"{\"custom_id\":\"a\",\"status\":200}\r\n\n{\"custom_id\":\"b\",\"output\":\"x\"}\n{\"custom_id\":\"c\"}";
        for piece in body.chunks(7) {
            chunk(&mut socket, piece).await;
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
    })
    .await;
    let results: Vec<String> = client(&url)
        .get_batch_results("batch-1")
        .send_stream()
        .await
        .expect("the stream starts")
        .map(|item| item.expect("a result").custom_id)
        .collect()
        .await;
    assert_eq!(results, ["a", "b", "c"]);
    assert!(head
        .await
        .expect("head")
        .contains("accept: application/jsonl"));
}

/// The idle timeout bounds the wait between items, not the stream: the
/// first item comes, then nothing for longer than the idle timeout, and
/// the stream yields `Error::Stalled` and ends.
#[tokio::test]
async fn the_idle_timeout_fires_between_items() {
    let (hold_tx, mut hold_rx) = mpsc::channel::<()>(1);
    let (url, _) = serve(move |mut socket| async move {
        chunked_head(&mut socket, "text/event-stream").await;
        chunk(&mut socket, chunk_event("c1", "Hel").as_bytes()).await;
        // Holds the connection open, sending nothing, until the test ends.
        let _ = hold_rx.recv().await;
    })
    .await;
    let mut stream = client(&url)
        .create_chat_completion(&chat())
        .send_stream()
        .await
        .expect("the stream starts")
        .idle_timeout(Duration::from_millis(300));
    let started = std::time::Instant::now();
    assert!(stream.next().await.expect("an item").is_ok());
    let stalled = stream.next().await.expect("an item");
    assert!(
        matches!(stalled, Err(Error::Stalled { waited }) if waited == Duration::from_millis(300)),
        "{stalled:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(stream.next().await.is_none(), "a stalled stream ends");
    drop(hold_tx);
}

/// Dropping the stream closes the connection: the server, which sends
/// nothing more, sees it closed.
#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let (closed_tx, closed_rx) = oneshot::channel::<()>();
    let (url, _) = serve(move |mut socket| async move {
        chunked_head(&mut socket, "application/jsonl").await;
        chunk(&mut socket, b"{\"custom_id\":\"a\"}\n").await;
        let mut rest = [0u8; 16];
        // A read of 0 bytes (or an error): the client closed its end.
        while matches!(socket.read(&mut rest).await, Ok(n) if n > 0) {}
        let _ = closed_tx.send(());
    })
    .await;
    let mut stream = client(&url)
        .get_batch_results("batch-1")
        .send_stream()
        .await
        .expect("the stream starts");
    assert!(stream.next().await.expect("an item").is_ok());
    drop(stream);
    tokio::time::timeout(Duration::from_secs(10), closed_rx)
        .await
        .expect("the connection is closed once the stream is dropped")
        .expect("the server saw it");
}

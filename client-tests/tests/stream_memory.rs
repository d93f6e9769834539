//! A 200 MB download read with `send_stream` keeps memory flat: the
//! bytes are handed over chunk by chunk, none is held, and the client's
//! 32 MiB limit on a body read whole does not apply to a stream. The peak
//! resident memory of this process (Linux's `VmHWM`, reset through
//! `/proc/self/clear_refs`) is measured around the download, in a binary
//! of its own (see `memory.rs`).

use fixture_streaming_ai::Client;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const BODY: u64 = 200_000_000;
/// What the download may add to the process's peak: the connection's
/// buffers, a few chunks in flight and the allocator's slack.
const ALLOWED_GROWTH_KIB: u64 = 16 * 1024;

/// A `/proc/self/status` field in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("the field")
}

#[tokio::test]
async fn a_200_mb_download_streams_with_flat_memory() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
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
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {BODY}\r\n\r\n"
        );
        socket.write_all(head.as_bytes()).await.expect("head");
        let block = vec![7u8; 64 * 1024];
        let mut sent = 0;
        while sent < BODY {
            let n = block.len().min(usize::try_from(BODY - sent).expect("fits"));
            if socket.write_all(&block[..n]).await.is_err() {
                return;
            }
            sent += n as u64;
        }
    });
    let client = Client::builder()
        .bearer("key")
        .base_url(&url)
        .build()
        .expect("a client");
    std::fs::write("/proc/self/clear_refs", "5").expect("reset VmHWM");
    let before = status_kib("VmRSS:");
    let mut stream = client
        .download_file("file-1")
        .send_stream()
        .await
        .expect("the download starts");
    let mut total: u64 = 0;
    let mut sevens = true;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("a chunk");
        sevens &= chunk.iter().all(|b| *b == 7);
        total += chunk.len() as u64;
    }
    let grew = status_kib("VmHWM:").saturating_sub(before);
    println!("a {BODY}-byte download: peak grew by {grew} KiB");
    assert_eq!(total, BODY);
    assert!(sevens, "the bytes are the server's");
    assert!(
        grew < ALLOWED_GROWTH_KIB,
        "the peak grew by {grew} KiB streaming {BODY} bytes"
    );
}

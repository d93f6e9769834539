//! A 50 MB upload from a stream keeps memory flat: its chunks are made as
//! they are sent and none is held, and it arrives whole. The peak resident
//! memory of this process (Linux's `VmHWM`, reset through
//! `/proc/self/clear_refs`) is measured around the upload, in a binary of
//! its own (see `stream_memory.rs`); the loopback server keeps only the
//! body's length and hash.

use client_tests::upload_server::{hash, serve};
use fixture_streaming_ai::bytes::Bytes;
use fixture_streaming_ai::{Client, UploadBody};

const CHUNK: usize = 64 * 1024;
const CHUNKS: u64 = 800;
/// 52,428,800 bytes.
const BODY: u64 = CHUNKS * CHUNK as u64;
/// What the upload may add to the process's peak: the connection's
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

/// The bytes of chunk `i`.
fn chunk(i: u64) -> Vec<u8> {
    vec![(i % 251) as u8; CHUNK]
}

#[tokio::test]
async fn a_50_mb_upload_from_a_stream_arrives_whole_with_flat_memory() {
    let (url, mut received) = serve(200).await;
    let client = Client::builder()
        .bearer("key")
        .base_url(&url)
        .build()
        .expect("a client");
    let expected = (0..CHUNKS).fold(0, |running, i| hash(running, &chunk(i)));
    std::fs::write("/proc/self/clear_refs", "5").expect("reset VmHWM");
    let before = status_kib("VmRSS:");
    let stream = futures_util::stream::iter(
        (0..CHUNKS).map(|i| Ok::<_, std::io::Error>(Bytes::from(chunk(i)))),
    );
    client
        .upload_file("big", UploadBody::from_stream(stream, Some(BODY)))
        .await
        .expect("uploaded");
    let grew = status_kib("VmHWM:").saturating_sub(before);
    let request = received.recv().await.expect("a request");
    println!("a {BODY}-byte upload: peak grew by {grew} KiB");
    assert!(request
        .head
        .contains(&format!("content-length: {BODY}\r\n")));
    assert_eq!(request.length, BODY);
    assert_eq!(
        request.hash, expected,
        "the bytes are the stream's, in order"
    );
    assert!(
        grew < ALLOWED_GROWTH_KIB,
        "the peak grew by {grew} KiB uploading {BODY} bytes"
    );
}

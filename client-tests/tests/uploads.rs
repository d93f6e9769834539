//! Binary uploads on the wire (`UploadBody`), against a server on
//! 127.0.0.1 that reads each body as it arrives: an upload from a file
//! arrives whole with its `content-length`; a 503 after an upload from a
//! stream is not retried (the stream cannot be read again), while bytes are
//! sent again. The 50 MB upload with flat memory is in `upload_memory.rs`,
//! a binary of its own (it measures the process).

use std::time::Duration;

use client_tests::upload_server::{hash, serve};
use fixture_streaming_ai::bytes::Bytes;
use fixture_streaming_ai::{Client, Error, RetryPolicy, UploadBody};

fn client(url: &str) -> Client {
    Client::builder()
        .bearer("key")
        .base_url(url)
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(2)
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(5)),
        )
        .build()
        .expect("a client")
}

/// A stream of `chunks` chunks of 1 KiB, each of one byte value.
fn chunks(
    chunks: u8,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    futures_util::stream::iter((0..chunks).map(|i| Ok(Bytes::from(vec![i; 1024]))))
}

#[tokio::test]
async fn an_upload_from_a_file_arrives_whole_with_its_length() {
    let path = std::env::temp_dir().join(format!("upload-{}.bin", std::process::id()));
    let contents: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(&path, &contents).expect("the file");
    let (url, mut received) = serve(200).await;
    let body = UploadBody::from_path(&path).await.expect("opened");
    assert_eq!(body.len(), Some(300_000));
    assert!(!body.is_repeatable());
    client(&url)
        .upload_file("file-1", body)
        .await
        .expect("uploaded");
    let request = received.recv().await.expect("a request");
    let _ = std::fs::remove_file(&path);
    assert!(
        request.head.starts_with("put /files/file-1/content "),
        "{}",
        request.head
    );
    assert!(
        request.head.contains("content-length: 300000\r\n"),
        "{}",
        request.head
    );
    assert!(request
        .head
        .contains("content-type: application/octet-stream\r\n"));
    assert_eq!(request.length, 300_000);
    assert_eq!(request.hash, hash(0, &contents));
}

#[tokio::test]
async fn a_stream_without_a_length_is_sent_chunked() {
    let (url, mut received) = serve(200).await;
    client(&url)
        .upload_file("file-2", UploadBody::from_stream(chunks(5), None))
        .await
        .expect("uploaded");
    let request = received.recv().await.expect("a request");
    assert!(
        request.head.contains("transfer-encoding: chunked\r\n"),
        "{}",
        request.head
    );
    let sent: Vec<u8> = (0..5u8).flat_map(|i| vec![i; 1024]).collect();
    assert_eq!(request.length, sent.len() as u64);
    assert_eq!(request.hash, hash(0, &sent));
}

#[tokio::test]
async fn a_503_after_a_streamed_upload_is_not_retried_while_bytes_are() {
    // Bytes: the PUT is safe to repeat, so the 503 is retried twice.
    let (url, mut received) = serve(503).await;
    let error = client(&url)
        .upload_file("file-3", Bytes::from_static(b"hello"))
        .await
        .expect_err("a 503");
    assert!(matches!(&error, Error::Api { .. }), "{error:?}");
    let mut attempts = 0;
    while let Ok(request) = received.try_recv() {
        assert_eq!(request.length, 5);
        attempts += 1;
    }
    assert_eq!(attempts, 3, "the first attempt and two retries");

    // A stream: sent once, whatever the policy says.
    let (url, mut received) = serve(503).await;
    let error = client(&url)
        .upload_file("file-3", UploadBody::from_stream(chunks(3), Some(3 * 1024)))
        .await
        .expect_err("a 503");
    assert!(matches!(&error, Error::Api { .. }), "{error:?}");
    let request = received.recv().await.expect("a request");
    assert_eq!(request.length, 3 * 1024);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        received.try_recv().is_err(),
        "the streamed upload was sent again"
    );
}

#[tokio::test]
async fn a_clone_of_a_streamed_upload_cannot_send_it_again() {
    let (url, mut received) = serve(200).await;
    let client = client(&url);
    let body = UploadBody::from_stream(chunks(2), Some(2048));
    let first = client.upload_file("file-4", body.clone());
    let second = client.upload_file("file-4", body);
    first.await.expect("the first sends the stream");
    let error = second.await.expect_err("the stream was taken");
    assert!(
        matches!(&error, Error::InvalidArgument { name: "body", .. }),
        "{error:?}"
    );
    assert_eq!(received.recv().await.expect("a request").length, 2048);
    assert!(received.try_recv().is_err());
}

//! A `multipart/form-data` body whose schema is a `oneOf` of objects, as
//! the `multipart` fixture crate sends it (with its `chrono` feature): the
//! parts of the alternative the value holds, after the discriminator's tag
//! as a text part; dates as their RFC 3339 text; a value of an
//! alternative the client does not know is refused before anything is
//! sent.

use fixture_multipart::types::{Cake, CreateNoteBody, Item, Tags};
use fixture_multipart::{Client, Error, RetryPolicy};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server that answers every request with 201, and a client for it that
/// never retries.
async fn serve() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds");
    (server, client)
}

/// Each part of the one request's multipart body as `(name, text)`, in
/// order.
async fn sent_parts(server: &MockServer) -> Vec<(String, String)> {
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1, "one request");
    let request: &Request = &received[0];
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .expect("a content type");
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("a multipart boundary");
    String::from_utf8_lossy(&request.body)
        .split(&format!("--{boundary}"))
        .filter_map(|part| {
            let (head, text) = part.split_once("\r\n\r\n")?;
            let name = head.split("name=\"").nth(1)?.split('"').next()?;
            Some((name.to_owned(), text.trim_end_matches("\r\n").to_owned()))
        })
        .collect()
}

#[tokio::test]
async fn the_alternative_s_tag_comes_first_and_then_its_properties() {
    let (server, client) = serve().await;
    // The struct's own `kind` is not what is sent: the variant's tag is,
    // as in JSON.
    let mut cake = Cake::new("not the tag", "Brownie");
    cake.baked_on = Some(chrono::NaiveDate::from_ymd_opt(2024, 1, 31).expect("a date"));
    cake.best_before = Some(
        chrono::DateTime::parse_from_rfc3339("2024-02-03T12:00:00+01:00").expect("a date-time"),
    );
    client.create_item(&Item::Cake(cake)).await.expect("a 201");
    let parts = sent_parts(&server).await;
    let expected = [
        ("kind", "cake"),
        ("name", "Brownie"),
        ("bakedOn", "2024-01-31"),
        ("bestBefore", "2024-02-03T12:00:00+01:00"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
        .collect();
    assert_eq!(parts, expected);
}

#[tokio::test]
async fn an_alternative_without_a_discriminator_sends_its_own_parts() {
    let (server, client) = serve().await;
    let tags = Tags::new(vec!["a".to_owned(), "b".to_owned()]);
    client
        .create_note()
        .body(&CreateNoteBody::Tags(tags))
        .await
        .expect("a 201");
    let parts = sent_parts(&server).await;
    assert_eq!(parts, vec![("tags".to_owned(), r#"["a","b"]"#.to_owned())]);
}

#[tokio::test]
async fn an_unknown_alternative_is_refused_before_sending() {
    let (server, client) = serve().await;
    let unknown = Item::Unknown(serde_json::json!({"kind": "pie", "name": "Apple"}));
    let error = client
        .create_item(&unknown)
        .await
        .expect_err("its parts are unknown");
    assert!(
        matches!(error, Error::InvalidArgument { name: "body", .. }),
        "{error:?}"
    );
    let received = server.received_requests().await.expect("recording is on");
    assert!(received.is_empty(), "nothing is sent");
}

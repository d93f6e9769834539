//! OpenAPI 3.2's methods beyond the fixed ones, on the wire: the crate
//! generated from `codegen/tests/fixtures/openapi32_search.yaml` sends its
//! `query` operation as `QUERY` with its JSON body, its custom method
//! `PURGE` as written, and a whole query string (`in: querystring`, a
//! form) as `name=value` pairs, to a wiremock server on 127.0.0.1.

use fixture_openapi32_search::types::{ListDocumentsFilter, Search};
use fixture_openapi32_search::{Client, RetryPolicy};
use serde_json::json;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server that answers every request with `response`, and a client for
/// it that never retries.
async fn serve(response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds");
    (server, client)
}

/// The one request the server received.
async fn the_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1, "one request");
    received.remove(0)
}

#[tokio::test]
async fn query_is_sent_as_query_with_its_body() {
    let hits = json!([{"id": "d1", "title": "On QUERY"}]);
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(hits.to_string(), "application/json")).await;
    let search = Search::new("query method");
    let found = client
        .search_documents()
        .body(&search)
        .await
        .expect("the call succeeds");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, "d1");
    let request = the_request(&server).await;
    assert_eq!(request.method.as_str(), "QUERY");
    assert_eq!(request.url.path(), "/documents");
    assert_eq!(
        request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("a JSON body");
    assert_eq!(body, json!({"text": "query method"}));
}

#[tokio::test]
async fn a_custom_method_is_sent_as_written() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client.purge_documents().await.expect("the call succeeds");
    let request = the_request(&server).await;
    assert_eq!(request.method.as_str(), "PURGE");
    assert_eq!(request.url.path(), "/documents");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_custom_method_is_not_retried_but_query_is() {
    // PURGE is not known to be idempotent; QUERY is safe by definition.
    for (expected, query) in [(1, false), (3, true)] {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .retry_policy(
                RetryPolicy::default()
                    .with_max_retries(2)
                    .with_base_delay(std::time::Duration::from_millis(1))
                    .with_max_delay(std::time::Duration::from_millis(2)),
            )
            .build()
            .expect("client builds");
        let outcome = if query {
            client.search_documents().await.map(drop)
        } else {
            client.purge_documents().await
        };
        assert!(outcome.is_err());
        let received = server.received_requests().await.expect("recording is on");
        assert_eq!(received.len(), expected, "query: {query}");
    }
}

#[tokio::test]
async fn a_whole_query_string_is_the_form_of_its_object() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw("[]", "application/json")).await;
    let mut filter = ListDocumentsFilter::default();
    filter.author = Some("Ada Lovelace".to_owned());
    filter.year = Some(1843);
    client
        .list_documents()
        .filter(&filter)
        .await
        .expect("the call succeeds");
    let request = the_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.query(), Some("author=Ada%20Lovelace&year=1843"));
}

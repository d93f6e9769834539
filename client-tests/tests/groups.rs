//! Methods by group, as a user calls them: the crate generated from
//! `codegen/tests/fixtures/groups.yaml` (`x-group-methods: true`, a golden
//! crate) against a local server. An operation of a group is a method of
//! its group's handle (`client.issues().list_for_repo(..)`), named without
//! the group's word, and returns the request builder the flat method
//! returned: optional inputs, per-call settings, `send_with_response` and
//! `.pages()` work through it. An operation of no group stays a method of
//! `Client`, and the `test-util` `Mock` keeps the flat names.

use std::time::Duration;

use fixture_groups::groups::IssuesOperations;
use fixture_groups::{builder, types, Client};
use futures_util::StreamExt;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token("secret-token")
        .build()
        .expect("the client builds")
}

#[tokio::test]
async fn a_grouped_call_sends_the_operations_request_and_reads_its_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/octo/hello/issues"))
        .and(query_param("per_page", "2"))
        .and(header("authorization", "Bearer secret-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"number": 1, "title": "First"},
            {"number": 2, "title": "Second"}
        ])))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server).await;
    // The handle is `Copy`: kept in a variable and used twice.
    let issues: IssuesOperations<'_> = client.issues();
    let request: builder::IssuesListForRepoBuilder<'_> =
        issues.list_for_repo("octo", "hello").per_page(2);
    let listed: Vec<types::Issue> = request
        .timeout(Duration::from_secs(5))
        .await
        .expect("the list");
    let titles: Vec<&str> = listed.iter().map(|issue| issue.title.as_str()).collect();
    assert_eq!(titles, ["First", "Second"]);
    let owner = String::from("octo");
    let with_response = issues
        .list_for_repo(&owner, "hello")
        .per_page(2)
        .send_with_response()
        .await
        .expect("the list with its response");
    assert_eq!(with_response.status.as_u16(), 200);
    assert_eq!(with_response.body.len(), 2);
}

#[tokio::test]
async fn a_grouped_write_sends_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/repos/octo/hello/issues"))
        .and(body_json(serde_json::json!({"title": "Broken"})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"number": 7, "title": "Broken"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let sent = client
        .issues()
        .create("octo", "hello", &types::NewIssue::new("Broken"))
        .await
        .expect("the issue is opened");
    assert_eq!(sent.value().map(|issue| issue.number), Some(7));
}

#[tokio::test]
async fn a_grouped_list_pages_through_its_handle() {
    let server = MockServer::start().await;
    // A page shorter than the page size is the last.
    for (page, numbers) in [("1", vec![1, 2]), ("2", vec![3])] {
        let issues: Vec<_> = numbers
            .iter()
            .map(|n| serde_json::json!({"number": n, "title": format!("#{n}")}))
            .collect();
        Mock::given(method("GET"))
            .and(path("/repos/octo/hello/issues"))
            .and(query_param("page", page))
            .respond_with(ResponseTemplate::new(200).set_body_json(issues))
            .mount(&server)
            .await;
    }
    let client = client(&server).await;
    let items: Vec<i64> = client
        .issues()
        .list_for_repo("octo", "hello")
        .per_page(2)
        .items()
        .map(|issue| issue.expect("an issue").number)
        .collect()
        .await;
    assert_eq!(items, [1, 2, 3]);
}

#[tokio::test]
async fn an_operation_of_no_group_stays_on_the_client_and_the_mock_keeps_flat_names() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/meta"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"version": "1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    assert_eq!(client.get_meta().await.expect("the meta").version, "1");

    let mocked = fixture_groups::Mock::new()
        .issues_list_for_repo(|call| {
            assert_eq!(call.path(), "/repos/octo/hello/issues");
            fixture_groups::MockAnswer::ok(vec![types::Issue::new(9, "Mocked")])
        })
        .client()
        .expect("the mock's client");
    let listed = mocked
        .issues()
        .list_for_repo("octo", "hello")
        .await
        .expect("the mocked list");
    assert_eq!(listed[0].number, 9);
}

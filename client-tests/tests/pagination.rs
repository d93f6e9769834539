//! Paginated lists read as one stream, as a user reads them: the crate
//! generated from `codegen/tests/fixtures/pagination.yaml` (a golden
//! crate) against a local server that pages a list of 250 items by offset
//! and limit, by cursor, by `Link` header and by page number. Each stream
//! yields every item once, in order, sends the next request only when it
//! is read that far, and ends on an error after yielding it.

use fixture_pagination::{Client, Error};
use futures_util::StreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How many items the server's list holds.
const TOTAL: usize = 250;

/// The value of the query parameter `name` of `request`.
fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The items `start..start + size` of the list (fewer at its end).
fn window(start: usize, size: usize) -> std::ops::Range<usize> {
    start.min(TOTAL)..(start + size).min(TOTAL)
}

/// `/contacts?offset&limit`: `{contacts: [{id}], count}`, 50 items
/// unless the limit says otherwise.
struct ByOffset;

impl Respond for ByOffset {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let offset = query(request, "offset").map_or(0, |o| o.parse().unwrap());
        let limit = query(request, "limit").map_or(50, |l| l.parse().unwrap());
        let contacts: Vec<_> = window(offset, limit)
            .map(|id| serde_json::json!({"id": id, "email": format!("{id}@example.com")}))
            .collect();
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"contacts": contacts, "count": TOTAL}))
    }
}

/// `/events?page_token&page_size`: `{data: [{name}], meta: {next_page_token}}`,
/// the token being the next start, absent on the last page.
struct ByCursor;

impl Respond for ByCursor {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let start = query(request, "page_token").map_or(0, |t| t.parse().unwrap());
        let size = query(request, "page_size").map_or(30, |s| s.parse().unwrap());
        let range = window(start, size);
        let end = range.end;
        let data: Vec<_> = range
            .map(|n| serde_json::json!({"name": format!("event {n}")}))
            .collect();
        let meta = if end < TOTAL {
            serde_json::json!({"next_page_token": end.to_string()})
        } else {
            serde_json::json!({})
        };
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": data, "meta": meta}))
    }
}

/// `/repos?page`: an array of `{name}`, 100 a page, with a `Link` header
/// to the next page (relative, as some servers write it) but on the last.
struct ByLink;

impl Respond for ByLink {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page: usize = query(request, "page").map_or(1, |p| p.parse().unwrap());
        let range = window((page - 1) * 100, 100);
        let end = range.end;
        let repos: Vec<_> = range
            .map(|n| serde_json::json!({"name": format!("repo {n}")}))
            .collect();
        let mut response = ResponseTemplate::new(200).set_body_json(repos);
        if end < TOTAL {
            let next = page + 1;
            response = response.insert_header(
                "link",
                format!(
                    r#"</repos?page=1>; rel="first", </repos?page={next}&per_page=100>; rel="next""#
                ),
            );
        }
        response
    }
}

async fn server(route: &str, responder: impl Respond + 'static) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(responder)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("the client builds");
    (server, client)
}

#[tokio::test]
async fn offset_and_limit_read_250_items_as_one_stream() {
    let (server, client) = server("/contacts", ByOffset).await;
    let contacts: Vec<_> = client
        .list_contacts()
        .items()
        .map(|contact| contact.expect("every page is read").id)
        .collect()
        .await;
    assert_eq!(contacts, (0..250).collect::<Vec<i64>>());
    // Pages of the default limit (50): the fifth is full, the sixth empty.
    let requests = server.received_requests().await.unwrap_or_default();
    let offsets: Vec<_> = requests.iter().map(|r| query(r, "offset")).collect();
    let expected: Vec<_> = [0, 50, 100, 150, 200, 250]
        .iter()
        .map(|o| Some(o.to_string()))
        .collect();
    assert_eq!(offsets, expected);
}

#[tokio::test]
async fn a_short_page_is_the_last_and_the_callers_limit_is_kept() {
    let (server, client) = server("/contacts", ByOffset).await;
    let pages: Vec<usize> = client
        .list_contacts()
        .limit(100)
        .pages()
        .map(|page| page.expect("read").contacts.unwrap_or_default().len())
        .collect()
        .await;
    assert_eq!(pages, [100, 100, 50]);
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(requests
        .iter()
        .all(|r| query(r, "limit").as_deref() == Some("100")));
}

#[tokio::test]
async fn pages_are_requested_only_as_the_stream_is_read() {
    let (server, client) = server("/contacts", ByOffset).await;
    let mut items = client.list_contacts().offset(10).items();
    let first = items.next().await.expect("an item").expect("read");
    assert_eq!(first.id, 10);
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1
    );
    drop(items);
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1
    );
}

#[tokio::test]
async fn a_cursor_reads_every_item_then_stops() {
    let (server, client) = server("/events", ByCursor).await;
    let names: Vec<String> = client
        .list_events()
        .items()
        .map(|event| event.expect("read").name.expect("named"))
        .collect()
        .await;
    assert_eq!(names.len(), TOTAL);
    assert_eq!(names[0], "event 0");
    assert_eq!(names[249], "event 249");
    // 30 a page: nine pages, the last without a cursor; nothing after it.
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 9);
    assert_eq!(query(&requests[0], "page_token"), None);
    assert_eq!(query(&requests[1], "page_token").as_deref(), Some("30"));
}

#[tokio::test]
async fn a_link_header_leads_to_each_next_page() {
    let (server, client) = server("/repos", ByLink).await;
    let names: Vec<String> = client
        .list_repos()
        .items()
        .map(|repo| repo.expect("read").name.expect("named"))
        .collect()
        .await;
    assert_eq!(names.len(), TOTAL);
    assert_eq!(names.last().map(String::as_str), Some("repo 249"));
    let requests = server.received_requests().await.unwrap_or_default();
    let pages: Vec<_> = requests.iter().map(|r| query(r, "page")).collect();
    assert_eq!(pages, [None, Some("2".to_owned()), Some("3".to_owned())]);
}

#[tokio::test]
async fn a_link_outside_the_api_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([{"name": "a"}]))
                .insert_header(
                    "link",
                    r#"<https://elsewhere.example/repos?page=2>; rel="next""#,
                ),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let pages: Vec<_> = client.list_repos().pages().collect().await;
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert!(
        matches!(pages[0], Err(Error::InvalidArgument { .. })),
        "{pages:?}"
    );
}

#[tokio::test]
async fn a_declared_page_number_list_counts_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports"))
        .respond_with(|request: &Request| {
            let page: usize = query(request, "p").unwrap().parse().unwrap();
            let size: usize = query(request, "n").map_or(20, |n| n.parse().unwrap());
            let reports: Vec<String> = window((page - 1) * size, size)
                .map(|n| format!("report {n}"))
                .collect();
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"reports": reports, "tags": ["x"]}))
        })
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let reports: Vec<String> = client
        .list_reports()
        .items()
        .map(|report| report.expect("read"))
        .collect()
        .await;
    assert_eq!(reports.len(), TOTAL);
    // 20 a page: 12 full pages and one of 10, which ends the list.
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 13);
    assert_eq!(query(&requests[0], "p").as_deref(), Some("1"));
}

#[tokio::test]
async fn an_error_is_yielded_and_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(|request: &Request| {
            if query(request, "offset").as_deref() == Some("0") {
                ByOffset.respond(request)
            } else {
                ResponseTemplate::new(404)
            }
        })
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let items: Vec<_> = client.list_contacts().items().collect().await;
    assert_eq!(items.len(), 51, "50 items, then the error");
    assert!(items[..50].iter().all(Result::is_ok));
    assert!(items[50].is_err());
}

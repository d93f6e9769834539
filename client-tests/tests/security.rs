//! Every security scheme a client can send, on the wire: the crate
//! generated from `codegen/tests/fixtures/security.yaml` (a golden crate)
//! against a local server. Each operation carries exactly the credentials
//! its requirements name (the first alternative the client has), in the
//! place its scheme says, and nothing else; none is ever shown.

use fixture_security::{Client, ClientBuilder, Error};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const HEADER_KEY: &str = "header-secret-1";
const QUERY_KEY: &str = "query-secret-2";
const COOKIE_KEY: &str = "cookie-secret-3";
const TOKEN: &str = "bearer-secret-4";
const PASSWORD: &str = "basic-secret-5";
const OAUTH_TOKEN: &str = "oauth-secret-6";
const SECRETS: [&str; 6] = [
    HEADER_KEY,
    QUERY_KEY,
    COOKIE_KEY,
    TOKEN,
    PASSWORD,
    OAUTH_TOKEN,
];

fn every_credential(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .header_key(HEADER_KEY)
        .query_key(QUERY_KEY)
        .cookie_key(COOKIE_KEY)
        .bearer_token(TOKEN)
        .basic_login("alice", PASSWORD)
        .oauth(OAUTH_TOKEN)
        .base_url(server.uri())
}

async fn answer(server: &MockServer, verb: &str, route: &str) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(204))
        .mount(server)
        .await;
}

/// The one request the server got.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

/// Every secret the request carries anywhere (headers or URL).
fn secrets_in(request: &Request) -> Vec<&'static str> {
    let mut text = request.url.to_string();
    for (name, value) in &request.headers {
        text.push_str(&format!("\n{name}: {}", value.to_str().unwrap_or_default()));
    }
    SECRETS
        .iter()
        .copied()
        .filter(|secret| text.contains(secret))
        .collect()
}

#[tokio::test]
async fn the_documents_requirement_sends_the_header_key_and_nothing_else() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/default").await;
    let client = every_credential(&server).build().expect("builds");
    client.by_default().await.expect("204");
    let request = only_request(&server).await;
    assert_eq!(request.headers["x-vault-key"], HEADER_KEY);
    assert_eq!(secrets_in(&request), [HEADER_KEY]);
}

#[tokio::test]
async fn an_operation_without_security_carries_no_credential() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/public").await;
    let client = every_credential(&server).build().expect("builds");
    client.public_info().await.expect("204");
    assert!(secrets_in(&only_request(&server).await).is_empty());
}

#[tokio::test]
async fn a_bearer_token_wins_and_basic_authentication_is_the_alternative() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/token"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = every_credential(&server).build().expect("builds");
    client.with_token().await.expect("the bearer token is sent");
    assert_eq!(secrets_in(&only_request(&server).await), [TOKEN]);

    // Without a token, the second alternative: user and password.
    let server = MockServer::start().await;
    // "alice:basic-secret-5" in base64.
    let basic = "Basic YWxpY2U6YmFzaWMtc2VjcmV0LTU=";
    Mock::given(method("GET"))
        .and(path("/token"))
        .and(header("authorization", basic))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .basic_login("alice", PASSWORD)
        .base_url(server.uri())
        .build()
        .expect("builds");
    client
        .with_token()
        .await
        .expect("basic authentication is sent");
}

#[tokio::test]
async fn a_query_key_and_a_cookie_go_together() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/both"))
        .and(query_param("key", QUERY_KEY))
        .and(header("cookie", format!("session={COOKIE_KEY}").as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = every_credential(&server).build().expect("builds");
    client.with_query_and_cookie().await.expect("both are sent");
    let request = only_request(&server).await;
    let mut found = secrets_in(&request);
    found.sort_unstable();
    assert_eq!(found, [COOKIE_KEY, QUERY_KEY]);
}

/// A requirement the client cannot meet is refused before anything is
/// sent, naming the setters that would meet it.
#[tokio::test]
async fn a_missing_credential_is_refused_before_sending() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/both").await;
    let client = Client::builder()
        .header_key(HEADER_KEY)
        .query_key(QUERY_KEY)
        .base_url(server.uri())
        .build()
        .expect("builds");
    let error = client
        .with_query_and_cookie()
        .await
        .expect_err("no cookie key");
    match &error {
        Error::InvalidArgument { name, reason } => {
            assert_eq!(*name, "credentials");
            assert!(reason.contains("query_key and cookie_key"), "{reason}");
        }
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn oauth_and_openid_tokens_are_bearer_tokens() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/oauth"))
        .and(header(
            "authorization",
            format!("Bearer {OAUTH_TOKEN}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = every_credential(&server).build().expect("builds");
    client.with_oauth().await.expect("the OAuth token is sent");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/oauth"))
        .and(header("authorization", "Bearer openid-token"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .open_id("openid-token")
        .base_url(server.uri())
        .build()
        .expect("builds");
    client
        .with_oauth()
        .await
        .expect("the OpenID Connect token is sent");
}

#[tokio::test]
async fn no_debug_output_or_error_text_shows_a_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("denied"))
        .mount(&server)
        .await;
    let builder = every_credential(&server);
    let shown_builder = format!("{builder:?}");
    let client = builder.build().expect("builds");
    let error = client.by_default().await.expect_err("401");
    for text in [
        shown_builder,
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(!text.contains("alice"), "the user name in {text}");
    }
}

#[test]
fn an_empty_credential_is_refused() {
    let error = Client::new("").expect_err("an empty key");
    assert!(
        matches!(
            error,
            Error::InvalidArgument {
                name: "header_key",
                ..
            }
        ),
        "{error:?}"
    );
    let error = Client::builder()
        .header_key(HEADER_KEY)
        .bearer_token("")
        .build()
        .expect_err("an empty token");
    assert!(
        matches!(
            error,
            Error::InvalidArgument {
                name: "bearer_token",
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_operation_whose_only_scheme_the_client_cannot_send_carries_no_credential() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/digest").await;
    let client = every_credential(&server).build().expect("builds");
    client.with_digest().await.expect("204");
    let request = only_request(&server).await;
    assert_eq!(
        secrets_in(&request),
        Vec::<&str>::new(),
        "credentials for other schemes stay home"
    );
    assert!(!request.headers.contains_key("authorization"));
}

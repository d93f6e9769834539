//! Form bodies whose properties are objects, and parameters whose schema
//! is a union of strings, on the wire: the crate generated from
//! `codegen/tests/fixtures/form_objects.yaml` (a telecom API's calls and
//! recordings, a control plane's `NameOrId`) against a wiremock server on
//! 127.0.0.1, checking the exact request line and body bytes.

use fixture_form_objects::types::{
    CreateCallRequest, CreateCallRequestStatusCallbackEventItem as Event, MediaProperties,
    NameOrId, NameOrIdSortMode, Routing, RoutingSkills, UpdateCallBody, UploadRecordingBody,
    VideoLayout, VideoLayoutGrid,
};
use fixture_form_objects::{Client, FilePart};
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
        .retry_policy(fixture_form_objects::RetryPolicy::disabled())
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

/// The request line as sent: method, path and query, undecoded.
fn request_line(request: &Request) -> String {
    match request.url.query() {
        Some(query) => format!("{} {}?{query}", request.method, request.url.path()),
        None => format!("{} {}", request.method, request.url.path()),
    }
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn call_json() -> ResponseTemplate {
    ResponseTemplate::new(201)
        .set_body_raw(r#"{"sid":"CA1","status":"queued"}"#, "application/json")
}

/// The spec's `encoding`: `Routing` as a deepObject (nested objects nest
/// their brackets), `StatusCallbackEvent` pipe-delimited, `StatusCallback`
/// with reserved characters kept but the form's own (`&`, `=`); the
/// objects it says nothing of (`MediaProperties`, the untyped
/// `VideoLayout`) as JSON text, OpenAPI's default.
#[tokio::test]
async fn a_form_with_nested_objects_is_sent_as_its_encoding_says() {
    let (server, client) = serve(call_json()).await;
    let mut body = CreateCallRequest::new("+15551230000", "+15559870000");
    let mut skills = RoutingSkills::default();
    skills.language = Some("en".to_owned());
    skills.level = Some(3);
    let mut routing = Routing::default();
    routing.target = Some("sales desk".to_owned());
    routing.skills = Some(skills);
    body.routing = Some(routing);
    let mut media = MediaProperties::default();
    media.track = Some("both".to_owned());
    media.channels = Some(2);
    body.media_properties = Some(media);
    body.video_layout = Some(json!({"grid": {"rows": 2}}));
    body.status_callback = Some("https://cb.test/calls?id=1&x=[y]".to_owned());
    body.status_callback_event = Some(vec![Event::Initiated, Event::Completed]);
    let call = client
        .create_call("AC1", &body)
        .send()
        .await
        .expect("a 201");
    assert_eq!(call.value().and_then(|c| c.sid.as_deref()), Some("CA1"));
    let request = the_request(&server).await;
    assert_eq!(request_line(&request), "POST /Accounts/AC1/Calls");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let sent = String::from_utf8_lossy(&request.body);
    let pairs: Vec<&str> = sent.split('&').collect();
    assert_eq!(
        pairs,
        [
            "To=%2B15551230000",
            "From=%2B15559870000",
            "Routing[skills][language]=en",
            "Routing[skills][level]=3",
            "Routing[target]=sales%20desk",
            "MediaProperties=%7B%22channels%22%3A2%2C%22track%22%3A%22both%22%7D",
            "VideoLayout=%7B%22grid%22%3A%7B%22rows%22%3A2%7D%7D",
            "StatusCallback=https://cb.test/calls?id%3D1%26x%3D[y]",
            "StatusCallbackEvent=initiated%7Ccompleted",
        ],
        "{sent}"
    );
}

/// Without an `encoding` entry an object is JSON text, and
/// `contentType: application/json` says the same of a map; `style: form`
/// explodes a list unless `explode: false` says otherwise.
#[tokio::test]
async fn objects_without_an_encoding_are_json_text() {
    let (server, client) = serve(call_json()).await;
    let mut body = UpdateCallBody::default();
    let mut media = MediaProperties::default();
    media.track = Some("inbound".to_owned());
    body.media_properties = Some(media);
    body.metadata = Some([("campaign".to_owned(), "spring & summer".to_owned())].into());
    body.tags = Some(vec!["a".to_owned(), "b c".to_owned()]);
    body.labels = Some(vec!["x".to_owned(), "y,z".to_owned()]);
    client
        .update_call("AC1", "CA1")
        .body(&body)
        .send()
        .await
        .expect("a 200");
    let request = the_request(&server).await;
    assert_eq!(request_line(&request), "POST /Accounts/AC1/Calls/CA1");
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "MediaProperties=%7B%22track%22%3A%22inbound%22%7D&Metadata=%7B%22campaign%22%3A%22spring%20%26%20summer%22%7D&Tags=a&Tags=b%20c&Labels=x,y%2Cz"
    );
}

/// The parts of a multipart body (each part's text after its boundary).
fn multipart_parts(request: &Request) -> Vec<String> {
    let content_type = header(request, "content-type").expect("a content type");
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("a boundary")
        .to_owned();
    String::from_utf8_lossy(&request.body)
        .split(&format!("--{boundary}"))
        .map(str::to_owned)
        .filter(|part| part.contains("content-disposition") || part.contains("Content-Disposition"))
        .collect()
}

/// Each part follows its `encoding`: the file's `contentType` (the file
/// has none of its own) and its constant header; the object part's JSON
/// relative as its type.
#[tokio::test]
async fn multipart_parts_carry_the_encoding_s_content_type_and_headers() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let mut body = UploadRecordingBody::new(FilePart::new("call.wav", b"RIFF".to_vec()));
    let mut grid = VideoLayoutGrid::default();
    grid.rows = Some(2);
    grid.columns = Some(3);
    let mut layout = VideoLayout::default();
    layout.grid = Some(grid);
    body.layout = Some(layout);
    body.note = Some("first take".to_owned());
    client
        .upload_recording("RM1", &body)
        .send()
        .await
        .expect("a 204");
    let request = the_request(&server).await;
    let parts = multipart_parts(&request);
    assert_eq!(parts.len(), 3, "{parts:?}");
    let lower: Vec<String> = parts.iter().map(|p| p.to_ascii_lowercase()).collect();
    assert!(
        lower[0].contains("name=\"media\"; filename=\"call.wav\""),
        "{}",
        parts[0]
    );
    assert!(
        lower[0].contains("content-type: audio/wav\r\n"),
        "{}",
        parts[0]
    );
    assert!(
        lower[0].contains("x-media-kind: recording\r\n"),
        "{}",
        parts[0]
    );
    assert!(parts[0].ends_with("\r\n\r\nRIFF\r\n"), "{}", parts[0]);
    assert!(lower[1].contains("name=\"layout\""), "{}", parts[1]);
    assert!(
        lower[1].contains("content-type: application/vnd.layout+json\r\n"),
        "{}",
        parts[1]
    );
    assert!(
        parts[1].ends_with("\r\n\r\n{\"grid\":{\"rows\":2,\"columns\":3}}\r\n"),
        "{}",
        parts[1]
    );
    assert!(lower[2].contains("name=\"note\""), "{}", parts[2]);
    assert!(!lower[2].contains("content-type"), "{}", parts[2]);
}

/// A `NameOrId` path parameter reaches the server as its text,
/// percent-encoded, whichever alternative holds it.
#[tokio::test]
async fn a_name_or_id_path_parameter_is_its_text_percent_encoded() {
    let project = r#"{"id":"7f3c1a52-2f43-4c5e-9b1e-1d2a3b4c5d6e","name":"web"}"#;
    for (value, path) in [
        (
            NameOrId::Id("7f3c1a52-2f43-4c5e-9b1e-1d2a3b4c5d6e".to_owned()),
            "/v1/projects/7f3c1a52-2f43-4c5e-9b1e-1d2a3b4c5d6e",
        ),
        (NameOrId::Name("web".to_owned()), "/v1/projects/web"),
        (
            NameOrId::Name("a b/ü".to_owned()),
            "/v1/projects/a%20b%2F%C3%BC",
        ),
    ] {
        let (server, client) =
            serve(ResponseTemplate::new(200).set_body_raw(project, "application/json")).await;
        let found = client.project_view(&value).send().await.expect("a 200");
        assert_eq!(found.name, "web");
        let request = the_request(&server).await;
        assert_eq!(request_line(&request), format!("GET {path}"));
    }
}

/// A union written inline (a UUID or a `$ref`'d name) is sent the same
/// way, and a sort mode written as a `oneOf` of string enums is one enum
/// sent as its value.
#[tokio::test]
async fn inline_unions_and_a_sort_mode_of_enums_are_sent_as_text() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw("[]", "application/json")).await;
    client
        .project_list()
        .sort_by(&NameOrIdSortMode::NameDescending)
        .parent(&NameOrId::Name("org one".to_owned()))
        .send()
        .await
        .expect("a 200");
    let request = the_request(&server).await;
    assert_eq!(
        request_line(&request),
        "GET /v1/projects?sort_by=name_descending&parent=org%20one"
    );
    assert_eq!(
        NameOrIdSortMode::from("id_ascending"),
        NameOrIdSortMode::IdAscending
    );

    let project = r#"{"id":"7f3c1a52-2f43-4c5e-9b1e-1d2a3b4c5d6e","name":"web"}"#;
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(project, "application/json")).await;
    let disk = fixture_form_objects::types::DiskViewDisk::Name("boot disk".to_owned());
    client
        .disk_view(&NameOrId::Name("web".to_owned()), &disk)
        .send()
        .await
        .expect("a 200");
    let request = the_request(&server).await;
    assert_eq!(
        request_line(&request),
        "GET /v1/projects/web/disks/boot%20disk"
    );
}

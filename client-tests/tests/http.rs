//! The generated client against a local HTTP server (wiremock, bound to
//! 127.0.0.1): what each operation sends, and how each kind of answer is
//! decoded.

use std::time::Duration;

use brevo_conversations::types::{
    AgentIdentity, AgentOnlinePing, ConversationsMessage, ConversationsMessageType, ErrorModel,
    ErrorModelCode, PushedMessageSender, SendAgentMessage, SendPushedMessage, UpdateAgentMessage,
    UpdatePushedMessage,
};
use brevo_conversations::{Client, Error, ErrorBody, RetryPolicy, TransportErrorKind};
use client_tests::server::{Answer, Refusing, Server};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const API_KEY: &str = "test-key";
const MESSAGE_ID: &str = "eYBEm3gq3zc5ayE2g";
const PUSHED_ID: &str = "AXCR3k9bpSY7bpuh7";
const VISITOR_ID: &str = "kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg";
const AGENT_ID: &str = "d9nKoegKSjmCtyK78";
const GROUP_ID: &str = "PjRBMhWGen6aRHjif";
const SHIPPED: &str =
    "Your order has shipped! Here’s your tracking number: 9114 5847 3325 9667 4328 88";
const SHIPPED_FIXED: &str =
    "Your order has shipped! Here’s your tracking number: 9114 5847 4668 7775 9233 54";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A fresh server and a client pointed at it with the `api-key` credential.
async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .build()
        .expect("client builds");
    (server, client)
}

/// The agent named by its ID, without a `receivedFrom` label.
fn by_id() -> AgentIdentity {
    AgentIdentity::by_id(AGENT_ID)
}

/// The agent named by email, name and `receivedFrom`.
fn by_email() -> AgentIdentity {
    AgentIdentity::by_email("liz@getwear.com", "Liz", "SuperAwesomeHelpdesk")
}

/// The upstream example of an agent's message (`/conversations/messages`).
fn agent_message_json() -> Value {
    json!({
        "id": MESSAGE_ID,
        "type": "agent",
        "text": "Hello! How can I help you?",
        "visitorId": VISITOR_ID,
        "agentId": AGENT_ID,
        "createdAt": 1482512803740_i64,
        "receivedFrom": "SuperAwesomeHelpdesk"
    })
}

/// The upstream example of a pushed message (`/conversations/pushedMessages`).
fn pushed_message_json(text: &str) -> Value {
    json!({
        "id": PUSHED_ID,
        "type": "agent",
        "text": text,
        "visitorId": VISITOR_ID,
        "agentId": AGENT_ID,
        "createdAt": 1470222622433_i64,
        "isPushed": true
    })
}

fn assert_agent_message(message: &ConversationsMessage) {
    assert_eq!(message.id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(message.type_, Some(ConversationsMessageType::Agent));
    assert_eq!(message.text.as_deref(), Some("Hello! How can I help you?"));
    assert_eq!(message.visitor_id.as_deref(), Some(VISITOR_ID));
    assert_eq!(message.agent_id.as_deref(), Some(AGENT_ID));
    assert_eq!(message.agent_name, None);
    assert_eq!(message.created_at, Some(1482512803740));
    assert_eq!(message.is_pushed, None);
    assert_eq!(
        message.received_from.as_deref(),
        Some("SuperAwesomeHelpdesk")
    );
    assert_eq!(message.file, None);
}

fn assert_pushed_message(message: &ConversationsMessage, text: &str) {
    assert_eq!(message.id.as_deref(), Some(PUSHED_ID));
    assert_eq!(message.type_, Some(ConversationsMessageType::Agent));
    assert_eq!(message.text.as_deref(), Some(text));
    assert_eq!(message.visitor_id.as_deref(), Some(VISITOR_ID));
    assert_eq!(message.agent_id.as_deref(), Some(AGENT_ID));
    assert_eq!(message.created_at, Some(1470222622433));
    assert_eq!(message.is_pushed, Some(true));
    assert_eq!(message.received_from, None);
    assert_eq!(message.file, None);
}

/// The one request the server received.
async fn single_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.pop().unwrap()
}

/// Every operation of the API, so that error handling can be checked on
/// each one without writing the same test nine times.
#[derive(Clone, Copy, Debug)]
enum Op {
    AgentOnlinePingPost,
    MessagesPost,
    MessagesIdGet,
    MessagesIdPut,
    MessagesIdDelete,
    PushedMessagesPost,
    PushedMessagesIdGet,
    PushedMessagesIdPut,
    PushedMessagesIdDelete,
}

impl Op {
    const ALL: [Op; 9] = [
        Op::AgentOnlinePingPost,
        Op::MessagesPost,
        Op::MessagesIdGet,
        Op::MessagesIdPut,
        Op::MessagesIdDelete,
        Op::PushedMessagesPost,
        Op::PushedMessagesIdGet,
        Op::PushedMessagesIdPut,
        Op::PushedMessagesIdDelete,
    ];

    /// HTTP method, as wiremock matches it.
    fn method(self) -> &'static str {
        match self {
            Op::AgentOnlinePingPost | Op::MessagesPost | Op::PushedMessagesPost => "POST",
            Op::MessagesIdGet | Op::PushedMessagesIdGet => "GET",
            Op::MessagesIdPut | Op::PushedMessagesIdPut => "PUT",
            Op::MessagesIdDelete | Op::PushedMessagesIdDelete => "DELETE",
        }
    }

    /// The path prefix; operations with an `{id}` add `/{id}` to it.
    fn collection(self) -> &'static str {
        match self {
            Op::AgentOnlinePingPost => "/conversations/agentOnlinePing",
            Op::MessagesPost | Op::MessagesIdGet | Op::MessagesIdPut | Op::MessagesIdDelete => {
                "/conversations/messages"
            }
            Op::PushedMessagesPost
            | Op::PushedMessagesIdGet
            | Op::PushedMessagesIdPut
            | Op::PushedMessagesIdDelete => "/conversations/pushedMessages",
        }
    }

    fn has_id(self) -> bool {
        !matches!(
            self,
            Op::AgentOnlinePingPost | Op::MessagesPost | Op::PushedMessagesPost
        )
    }

    /// The spec documents a 404 exactly for the operations with an `{id}`.
    fn documents_404(self) -> bool {
        self.has_id()
    }

    /// The path the server should see when the (already safe) `id` is used.
    fn path_with(self, id: &str) -> String {
        if self.has_id() {
            format!("{}/{}", self.collection(), id)
        } else {
            self.collection().to_owned()
        }
    }

    fn ids() -> impl Iterator<Item = Op> {
        Op::ALL.into_iter().filter(|op| op.has_id())
    }

    /// Calls the operation with `id` (ignored by operations without one) and
    /// a valid body, keeping only whether it failed.
    async fn call(self, client: &Client, id: &str) -> Result<(), Error> {
        match self {
            Op::AgentOnlinePingPost => {
                let body = AgentOnlinePing::new(by_id());
                client.ping_agent_online(&body).await
            }
            Op::MessagesPost => {
                let body = SendAgentMessage::new(VISITOR_ID, "Hello! How can I help you?", by_id());
                client.send_message(&body).await.map(drop)
            }
            Op::MessagesIdGet => client.get_message(id).await.map(drop),
            Op::MessagesIdPut => {
                let body = UpdateAgentMessage::new("Good morning! How can I help you?");
                client.update_message(id, &body).await.map(drop)
            }
            Op::MessagesIdDelete => client.delete_message(id).await,
            Op::PushedMessagesPost => {
                let body =
                    SendPushedMessage::new(VISITOR_ID, SHIPPED, PushedMessageSender::AnyAgent);
                client.send_pushed_message(&body).await.map(drop)
            }
            Op::PushedMessagesIdGet => client.get_pushed_message(id).await.map(drop),
            Op::PushedMessagesIdPut => {
                let body = UpdatePushedMessage::new(SHIPPED_FIXED);
                client.update_pushed_message(id, &body).await.map(drop)
            }
            Op::PushedMessagesIdDelete => client.delete_pushed_message(id).await,
        }
    }
}

/// Makes `op` answer `status` with `body` as JSON, calls it once and
/// returns the error the client produced.
async fn error_from(op: Op, status: u16, body: Value) -> Error {
    let (server, client) = setup().await;
    Mock::given(method(op.method()))
        .and(path(op.path_with(MESSAGE_ID)))
        .and(header("api-key", API_KEY))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    let error = op
        .call(&client, MESSAGE_ID)
        .await
        .expect_err("a non-2xx status is an error");
    server.verify().await;
    error
}

/// Asserts that `error` is `Error::Api` with `status` and a decoded `ErrorModel`.
fn assert_api_error(op: Op, error: &Error, status: u16, code: ErrorModelCode, message: &str) {
    match error {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), status, "{op:?}");
            assert_eq!(
                api.error,
                Some(ErrorBody::ErrorModel(ErrorModel::new(code, message))),
                "{op:?}"
            );
            assert!(
                api.body.contains(message),
                "{op:?}: raw body kept: {}",
                api.body
            );
        }
        other => panic!("{op:?}: expected Error::Api with an ErrorModel, got {other:?}"),
    }
    assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{op:?}");
}

// ---------------------------------------------------------------------------
// Each operation: request sent and success decoded
// ---------------------------------------------------------------------------

#[tokio::test]
async fn agent_online_ping_post_sends_agent_id_only_and_returns_unit_on_201() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/conversations/agentOnlinePing"))
        .and(header("api-key", API_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({ "agentId": AGENT_ID })))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;

    let body = AgentOnlinePing::new(by_id());
    let result = client.ping_agent_online(&body).await;

    assert!(matches!(result, Ok(())), "{result:?}");
}

#[tokio::test]
async fn agent_online_ping_post_sends_email_name_and_received_from() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/conversations/agentOnlinePing"))
        .and(header("api-key", API_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "agentEmail": "liz@getwear.com",
            "agentName": "Liz",
            "receivedFrom": "SuperAwesomeHelpdesk"
        })))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;

    let body = AgentOnlinePing::new(by_email());
    client
        .ping_agent_online(&body)
        .await
        .expect("201 is success");
}

#[tokio::test]
async fn agent_online_ping_post_sends_agent_id_with_received_from() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/conversations/agentOnlinePing"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "agentId": AGENT_ID,
            "receivedFrom": "SuperAwesomeHelpdesk"
        })))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;

    let body = AgentOnlinePing::new(AgentIdentity::ById {
        agent_id: AGENT_ID.to_owned(),
        received_from: Some("SuperAwesomeHelpdesk".to_owned()),
    });
    client
        .ping_agent_online(&body)
        .await
        .expect("201 is success");
}

#[tokio::test]
async fn messages_post_sends_only_the_fields_set_and_decodes_the_message() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/conversations/messages"))
        .and(header("api-key", API_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "visitorId": VISITOR_ID,
            "text": "Hello! How can I help you?",
            "agentId": AGENT_ID
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(agent_message_json()))
        .expect(1)
        .mount(&server)
        .await;

    let body = SendAgentMessage::new(VISITOR_ID, "Hello! How can I help you?", by_id());
    let message = client
        .send_message(&body)
        .await
        .expect("200 decodes")
        .into_value()
        .expect("the body decodes");

    assert_agent_message(&message);
}

#[tokio::test]
async fn messages_post_sends_agent_email_name_and_received_from() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/conversations/messages"))
        .and(header("api-key", API_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "visitorId": VISITOR_ID,
            "text": "Hello! How can I help you?",
            "agentEmail": "liz@getwear.com",
            "agentName": "Liz",
            "receivedFrom": "SuperAwesomeHelpdesk"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(agent_message_json()))
        .expect(1)
        .mount(&server)
        .await;

    let body = SendAgentMessage::new(VISITOR_ID, "Hello! How can I help you?", by_email());
    let message = client
        .send_message(&body)
        .await
        .expect("200 decodes")
        .into_value()
        .expect("the body decodes");

    assert_agent_message(&message);
}

#[tokio::test]
async fn messages_id_get_fetches_by_id_and_decodes_the_message() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .and(header("api-key", API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(agent_message_json()))
        .expect(1)
        .mount(&server)
        .await;

    let message = client.get_message(MESSAGE_ID).await.expect("200 decodes");

    assert_agent_message(&message);
    let request = single_request(&server).await;
    assert!(request.body.is_empty(), "a GET sends no body");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn messages_id_put_sends_new_text_and_decodes_message_with_file_and_image_info() {
    let (server, client) = setup().await;
    Mock::given(method("PUT"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .and(header("api-key", API_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({ "text": "Good morning! How can I help you?" }),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": MESSAGE_ID,
            "type": "agent",
            "text": "conversations.png",
            "visitorId": VISITOR_ID,
            "agentId": AGENT_ID,
            "agentName": "Liz",
            "createdAt": 1482512803740_i64,
            "file": {
                "name": "conversations.png",
                "size": 15538,
                "isImage": true,
                "link": "https://ucarecdn.com/cee5c10c-8302-45c1-b1fb-43860ca941a9/",
                "imageInfo": {
                    "width": 1129,
                    "height": 525,
                    "previewLink": "https://ucarecdn.com/03cd56cd-1de9-4f65-996d-08afdf27fa1b/-/preview/800x800/-/quality/lighter/"
                }
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let message = client
        .update_message(
            MESSAGE_ID,
            &UpdateAgentMessage::new("Good morning! How can I help you?"),
        )
        .await
        .expect("200 decodes");

    assert_eq!(message.id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(message.type_, Some(ConversationsMessageType::Agent));
    assert_eq!(message.text.as_deref(), Some("conversations.png"));
    assert_eq!(message.agent_name.as_deref(), Some("Liz"));
    assert_eq!(message.created_at, Some(1482512803740));
    let file = message.file.expect("the file is decoded");
    assert_eq!(file.name.as_deref(), Some("conversations.png"));
    assert_eq!(file.size, Some(15538));
    assert_eq!(file.is_image, Some(true));
    assert_eq!(
        file.link.as_deref(),
        Some("https://ucarecdn.com/cee5c10c-8302-45c1-b1fb-43860ca941a9/")
    );
    let image = file.image_info.expect("the image details are decoded");
    assert_eq!((image.width, image.height), (Some(1129), Some(525)));
    assert_eq!(
        image.preview_link.as_deref(),
        Some("https://ucarecdn.com/03cd56cd-1de9-4f65-996d-08afdf27fa1b/-/preview/800x800/-/quality/lighter/")
    );
}

#[tokio::test]
async fn messages_id_delete_sends_delete_and_returns_unit_on_204() {
    let (server, client) = setup().await;
    Mock::given(method("DELETE"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .and(header("api-key", API_KEY))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let result = client.delete_message(MESSAGE_ID).await;

    assert!(matches!(result, Ok(())), "{result:?}");
    assert!(single_request(&server).await.body.is_empty());
}

#[tokio::test]
async fn pushed_messages_post_sends_only_the_fields_set_and_decodes_the_message() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/conversations/pushedMessages"))
        .and(header("api-key", API_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "visitorId": VISITOR_ID,
            "text": SHIPPED,
            "groupId": GROUP_ID
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(pushed_message_json(SHIPPED)))
        .expect(1)
        .mount(&server)
        .await;

    let body = SendPushedMessage::new(
        VISITOR_ID,
        SHIPPED,
        PushedMessageSender::ByGroup {
            group_id: GROUP_ID.to_owned(),
        },
    );
    let message = client
        .send_pushed_message(&body)
        .await
        .expect("200 decodes")
        .into_value()
        .expect("the body decodes");

    assert_pushed_message(&message, SHIPPED);
}

#[tokio::test]
async fn pushed_messages_post_from_any_agent_sends_neither_agent_nor_group() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/conversations/pushedMessages"))
        .and(header("api-key", API_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({ "visitorId": VISITOR_ID, "text": SHIPPED }),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(pushed_message_json(SHIPPED)))
        .expect(1)
        .mount(&server)
        .await;

    let message = client
        .send_pushed_message(&SendPushedMessage::new(
            VISITOR_ID,
            SHIPPED,
            PushedMessageSender::AnyAgent,
        ))
        .await
        .expect("200 decodes")
        .into_value()
        .expect("the body decodes");

    assert_pushed_message(&message, SHIPPED);
}

#[tokio::test]
async fn pushed_messages_id_get_fetches_by_id_and_decodes_the_message() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/conversations/pushedMessages/AXCR3k9bpSY7bpuh7"))
        .and(header("api-key", API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(pushed_message_json(SHIPPED)))
        .expect(1)
        .mount(&server)
        .await;

    let message = client
        .get_pushed_message(PUSHED_ID)
        .await
        .expect("200 decodes");

    assert_pushed_message(&message, SHIPPED);
    assert!(single_request(&server).await.body.is_empty());
}

#[tokio::test]
async fn pushed_messages_id_put_sends_new_text_and_decodes_the_message() {
    let (server, client) = setup().await;
    Mock::given(method("PUT"))
        .and(path("/conversations/pushedMessages/AXCR3k9bpSY7bpuh7"))
        .and(header("api-key", API_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({ "text": SHIPPED_FIXED })))
        .respond_with(ResponseTemplate::new(200).set_body_json(pushed_message_json(SHIPPED_FIXED)))
        .expect(1)
        .mount(&server)
        .await;

    let message = client
        .update_pushed_message(PUSHED_ID, &UpdatePushedMessage::new(SHIPPED_FIXED))
        .await
        .expect("200 decodes");

    assert_pushed_message(&message, SHIPPED_FIXED);
}

#[tokio::test]
async fn pushed_messages_id_delete_sends_delete_and_returns_unit_on_204() {
    let (server, client) = setup().await;
    Mock::given(method("DELETE"))
        .and(path("/conversations/pushedMessages/AXCR3k9bpSY7bpuh7"))
        .and(header("api-key", API_KEY))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let result = client.delete_pushed_message(PUSHED_ID).await;

    assert!(matches!(result, Ok(())), "{result:?}");
    assert!(single_request(&server).await.body.is_empty());
}

#[tokio::test]
async fn every_request_asks_for_json() {
    for op in Op::ALL {
        let (server, client) = setup().await;
        Mock::given(method(op.method()))
            .and(path(op.path_with(MESSAGE_ID)))
            .and(header("accept", "application/json"))
            .respond_with(ResponseTemplate::new(400).set_body_json(json!({
                "code": "bad_request",
                "message": "checked the accept header"
            })))
            .expect(1)
            .mount(&server)
            .await;
        let error = op.call(&client, MESSAGE_ID).await.unwrap_err();
        assert_api_error(
            op,
            &error,
            400,
            ErrorModelCode::BadRequest,
            "checked the accept header",
        );
    }
}

// ---------------------------------------------------------------------------
// Error responses
// ---------------------------------------------------------------------------

#[tokio::test]
async fn documented_400_decodes_into_api_error_with_error_model_for_every_operation() {
    for op in Op::ALL {
        let error = error_from(
            op,
            400,
            json!({ "code": "invalid_parameter", "message": "text is required" }),
        )
        .await;
        assert_api_error(
            op,
            &error,
            400,
            ErrorModelCode::InvalidParameter,
            "text is required",
        );
    }
}

/// A 404 is decoded by its own documented schema, `NotFoundError`, with
/// or without Brevo's `code`.
#[tokio::test]
async fn documented_404_decodes_into_api_error_with_document_not_found() {
    let ops: Vec<Op> = Op::ALL
        .into_iter()
        .filter(|op| op.documents_404())
        .collect();
    assert_eq!(ops.len(), 6, "the six operations on one message");
    for op in ops {
        for (body, code) in [
            (
                json!({ "code": "document_not_found", "message": "Message not found" }),
                Some("document_not_found"),
            ),
            (json!({ "message": "Message not found" }), None),
        ] {
            let error = error_from(op, 404, body).await;
            let Error::Api(api) = &error else {
                panic!("{op:?}: expected Error::Api, got {error:?}");
            };
            let Some(ErrorBody::NotFoundError(found)) = &api.error else {
                panic!("{op:?}: the 404 schema, got {:?}", api.error);
            };
            assert_eq!(found.message, "Message not found", "{op:?}");
            assert_eq!(found.code.as_deref(), code, "{op:?}");
        }
    }
}

#[tokio::test]
async fn undocumented_error_status_still_becomes_api_error() {
    let error = error_from(
        Op::MessagesPost,
        401,
        json!({ "code": "unauthorized", "message": "Key not found" }),
    )
    .await;
    assert_api_error(
        Op::MessagesPost,
        &error,
        401,
        ErrorModelCode::Unauthorized,
        "Key not found",
    );
}

#[tokio::test]
async fn unknown_error_code_is_kept_in_unknown_variant() {
    let error = error_from(
        Op::MessagesIdGet,
        400,
        json!({ "code": "brand_new_code", "message": "Something new" }),
    )
    .await;
    assert_api_error(
        Op::MessagesIdGet,
        &error,
        400,
        ErrorModelCode::Unknown("brand_new_code".to_owned()),
        "Something new",
    );
}

#[tokio::test]
async fn non_json_error_body_gives_no_error_model_and_keeps_raw_text() {
    let server = MockServer::start().await;
    // A 502 on a GET is retried by default; this test is about decoding.
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds");
    let html = "<html><body>502 Bad Gateway</body></html>";
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(502).set_body_string(html))
        .expect(1)
        .mount(&server)
        .await;

    let error = client.get_message(MESSAGE_ID).await.unwrap_err();

    match &error {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 502);
            assert_eq!(api.error, None);
            assert_eq!(api.body, html);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(shown.contains("502"), "{shown}");
    assert!(shown.contains("Bad Gateway"), "{shown}");
}

#[tokio::test]
async fn error_body_missing_a_required_field_gives_no_error_model() {
    let error = error_from(
        Op::MessagesIdDelete,
        404,
        json!({ "code": "document_not_found" }),
    )
    .await;
    match error {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 404);
            assert_eq!(
                api.error,
                Some(ErrorBody::Other(json!({ "code": "document_not_found" }))),
                "not the documented schema: kept as JSON"
            );
            assert_eq!(api.body, r#"{"code":"document_not_found"}"#);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_body_with_a_null_message_keeps_its_code() {
    let error = error_from(
        Op::MessagesIdGet,
        400,
        json!({ "code": "invalid_parameter", "message": null }),
    )
    .await;
    let Error::Api(api) = error else {
        panic!("expected Error::Api, got {error:?}");
    };
    let Some(ErrorBody::ErrorModel(decoded)) = api.error else {
        panic!("the code is kept: {:?}", api.error);
    };
    assert_eq!(decoded.code, ErrorModelCode::InvalidParameter);
    assert_eq!(decoded.message, "");
    assert_eq!(api.unread.len(), 1, "{:?}", api.unread);
    assert_eq!(api.unread[0].pointer, "/message");
    assert_eq!(api.unread[0].value, Value::Null);
    assert_eq!(api.unread[0].replaced_with, Some(json!("")));
}

// ---------------------------------------------------------------------------
// Decoding of success bodies
// ---------------------------------------------------------------------------

/// The message of `agent_message_json` with a file whose size is a string
/// and a `createdAt` that is no timestamp.
fn message_with_odd_fields(created_at: &str) -> Value {
    let mut body = agent_message_json();
    body["createdAt"] = json!(created_at);
    body["file"] = json!({ "name": "invoice.pdf", "size": "15538", "isImage": false });
    body
}

#[tokio::test]
async fn a_wrongly_typed_field_costs_only_itself_and_is_kept_raw() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(200).set_body_json(message_with_odd_fields("")))
        .expect(1)
        .mount(&server)
        .await;

    let response = client
        .get_message(MESSAGE_ID)
        .send_with_response()
        .await
        .expect("a 200 is a success");
    let message = &response.body;
    assert_eq!(message.id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(message.text.as_deref(), Some("Hello! How can I help you?"));
    assert_eq!(message.agent_id.as_deref(), Some(AGENT_ID));
    assert_eq!(message.created_at, None);
    let file = message.file.as_ref().expect("the file decodes");
    assert_eq!(file.name.as_deref(), Some("invoice.pdf"));
    assert_eq!(file.is_image, Some(false));
    assert_eq!(file.size, None);
    let unread: Vec<(&str, &Value)> = response
        .unread
        .iter()
        .map(|u| (u.pointer.as_str(), &u.value))
        .collect();
    assert_eq!(
        unread,
        [("/createdAt", &json!("")), ("/file/size", &json!("15538"))]
    );
}

#[tokio::test]
async fn a_send_answered_with_an_odd_field_is_the_sent_message() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/conversations/messages"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(message_with_odd_fields("yesterday")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = SendAgentMessage::new(VISITOR_ID, "Hello! How can I help you?", by_id());
    let message = client
        .send_message(&body)
        .await
        .expect("a 201 is a success")
        .into_value()
        .expect("the message decodes without its odd fields");
    assert_eq!(message.id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(message.visitor_id.as_deref(), Some(VISITOR_ID));
    assert_eq!(message.created_at, None);
}

#[tokio::test]
async fn unknown_message_type_decodes_to_unknown_variant() {
    let (server, client) = setup().await;
    let mut body = agent_message_json();
    body["type"] = json!("bot");
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let message = client
        .get_message(MESSAGE_ID)
        .await
        .expect("an unknown enum value still decodes");

    assert_eq!(
        message.type_,
        Some(ConversationsMessageType::Unknown("bot".to_owned()))
    );
    assert_eq!(message.type_.as_ref().map(|t| t.as_str()), Some("bot"));
}

#[tokio::test]
async fn visitor_message_type_decodes() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": MESSAGE_ID,
            "type": "visitor",
            "text": "Where is my parcel?",
            "visitorId": VISITOR_ID,
            "createdAt": 1482512803740_i64
        })))
        .expect(1)
        .mount(&server)
        .await;

    let message = client.get_message(MESSAGE_ID).await.unwrap();

    assert_eq!(message.type_, Some(ConversationsMessageType::Visitor));
    assert_eq!(message.agent_id, None);
}

#[tokio::test]
async fn unknown_extra_response_fields_are_ignored() {
    let (server, client) = setup().await;
    let mut body = agent_message_json();
    body["brandNewField"] = json!({ "nested": [1, 2, 3] });
    body["file"] = json!({
        "name": "a.txt",
        "checksum": "abc",
        "imageInfo": { "width": 1, "colorSpace": "sRGB" }
    });
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let message = client
        .get_message(MESSAGE_ID)
        .await
        .expect("extra fields do not break decoding");

    assert_eq!(message.id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(message.created_at, Some(1482512803740));
    let file = message.file.expect("file decoded");
    assert_eq!(file.name.as_deref(), Some("a.txt"));
    assert_eq!(file.image_info.and_then(|info| info.width), Some(1));
}

#[tokio::test]
async fn empty_json_object_decodes_to_message_with_all_fields_absent() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/conversations/pushedMessages/AXCR3k9bpSY7bpuh7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let message = client.get_pushed_message(PUSHED_ID).await.unwrap();

    assert_eq!(message, ConversationsMessage::default());
}

/// A 2xx is never a failed request: a POST answered `200` with a body that
/// is not JSON was sent, and says so (`Ok`), with the raw bytes kept.
#[tokio::test]
async fn a_success_with_a_body_that_is_not_json_is_ok_with_the_raw_bytes() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/conversations/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_string("OK, sent"))
        .expect(2)
        .mount(&server)
        .await;
    let body = SendAgentMessage::new(VISITOR_ID, "hi", by_id());
    let sent = client
        .send_message(&body)
        .await
        .expect("a 200 is a success");
    assert_eq!(sent.value(), None, "the body is not the documented JSON");
    assert_eq!(&sent.raw_body()[..], b"OK, sent");
    let response = client
        .send_message(&body)
        .send_with_response()
        .await
        .expect("a 200 is a success");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.body.value(), None);
    assert_eq!(&response.raw_body[..], b"OK, sent");
}

/// The faults Brevo's own SDKs had to fix: a send answered `201` with
/// `content-type: application/json` and an empty body, or `204`, is sent
/// (`Ok` with no value), never an error that would make a caller send it again.
#[tokio::test]
async fn empty_201_and_204_answers_to_a_send_are_success() {
    for (status, route) in [
        (201, "/conversations/pushedMessages"),
        (204, "/conversations/messages"),
    ] {
        let (server, client) = setup().await;
        Mock::given(method("POST"))
            .and(path(route))
            .respond_with(
                ResponseTemplate::new(status).insert_header("content-type", "application/json"),
            )
            .expect(1)
            .mount(&server)
            .await;
        let result = if route == "/conversations/messages" {
            client
                .send_message(&SendAgentMessage::new(VISITOR_ID, "hi", by_id()))
                .await
        } else {
            client
                .send_pushed_message(&SendPushedMessage::new(
                    VISITOR_ID,
                    "hi",
                    PushedMessageSender::AnyAgent,
                ))
                .await
        };
        assert!(
            matches!(&result, Ok(sent) if sent.value().is_none() && sent.status().as_u16() == status),
            "{status}: {result:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------

#[tokio::test]
async fn partner_key_alone_is_sent_without_api_key() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .partner_key("partner-secret")
        .base_url(server.uri())
        .build()
        .expect("a partner key alone is a credential");
    Mock::given(method("DELETE"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .and(header("partner-key", "partner-secret"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client.delete_message(MESSAGE_ID).await.unwrap();

    let request = single_request(&server).await;
    assert!(
        request.headers.get("api-key").is_none(),
        "no api-key header when only partner_key is set"
    );
}

/// The spec lists `api-key` and `partner-key` as alternatives: with both
/// set, the request carries the first alternative the spec lists (the
/// account's API key) and not the other.
#[tokio::test]
async fn with_both_keys_set_only_the_first_alternative_is_sent() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .api_key(API_KEY)
        .partner_key("partner-secret")
        .base_url(server.uri())
        .build()
        .unwrap();
    Mock::given(method("POST"))
        .and(path("/conversations/agentOnlinePing"))
        .and(header("api-key", API_KEY))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;

    client
        .ping_agent_online(&AgentOnlinePing::new(by_id()))
        .await
        .unwrap();
    let request = single_request(&server).await;
    assert!(
        request.headers.get("partner-key").is_none(),
        "the second alternative is not sent beside the first"
    );
}

#[tokio::test]
async fn api_key_alone_sends_no_partner_key() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/conversations/pushedMessages/AXCR3k9bpSY7bpuh7"))
        .and(header("api-key", API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(pushed_message_json(SHIPPED)))
        .expect(1)
        .mount(&server)
        .await;

    client.get_pushed_message(PUSHED_ID).await.unwrap();

    let request = single_request(&server).await;
    assert!(request.headers.get("partner-key").is_none());
    assert_eq!(request.headers.get_all("api-key").iter().count(), 1);
}

#[test]
fn client_new_with_newline_in_key_is_invalid_argument_without_leaking_key() {
    let key = "leaky-secret\nsecond-line";
    let error = Client::new(key).expect_err("a newline is not a valid header value");

    match &error {
        Error::InvalidArgument { name, .. } => assert_eq!(*name, "api_key"),
        other => panic!("expected Error::InvalidArgument, got {other:?}"),
    }
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("leaky-secret"), "{shown}");
        assert!(!shown.contains("second-line"), "{shown}");
    }
}

#[test]
fn partner_key_with_newline_is_invalid_argument_without_leaking_key() {
    let error = Client::builder()
        .partner_key("leaky-partner\r\nx")
        .build()
        .expect_err("CR LF is not a valid header value");

    match &error {
        Error::InvalidArgument { name, .. } => assert_eq!(*name, "partner_key"),
        other => panic!("expected Error::InvalidArgument, got {other:?}"),
    }
    assert!(!error.to_string().contains("leaky-partner"));
    assert!(!format!("{error:?}").contains("leaky-partner"));
}

#[test]
fn building_without_any_credential_is_invalid_argument() {
    let error = Client::builder().build().unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
}

#[test]
fn debug_output_of_client_and_builder_hides_both_keys() {
    let api_key = "api-key-that-must-not-show";
    let partner_key = "partner-key-that-must-not-show";
    let builder = Client::builder()
        .api_key(api_key)
        .partner_key(partner_key)
        .base_url("http://127.0.0.1:9");

    let shown_builder = format!("{builder:?}");
    let client = builder.build().unwrap();
    let shown_client = format!("{client:?}");
    let shown_client_pretty = format!("{client:#?}");

    for shown in [&shown_builder, &shown_client, &shown_client_pretty] {
        assert!(!shown.contains(api_key), "{shown}");
        assert!(!shown.contains(partner_key), "{shown}");
    }
    assert!(shown_client.contains("127.0.0.1:9"), "{shown_client}");
}

#[test]
fn client_new_uses_the_default_base_url() {
    let client = Client::new(API_KEY).unwrap();
    assert_eq!(client.base_url(), brevo_conversations::DEFAULT_BASE_URL);
    assert_eq!(client.base_url(), "https://api.brevo.com/v3");
}

#[test]
fn invalid_base_url_is_invalid_argument() {
    let error = Client::builder()
        .api_key(API_KEY)
        .base_url("not a url")
        .build()
        .unwrap_err();
    match error {
        Error::InvalidArgument { name, .. } => assert_eq!(name, "base_url"),
        other => panic!("expected Error::InvalidArgument, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Path parameters
// ---------------------------------------------------------------------------

#[tokio::test]
async fn path_id_is_percent_encoded_as_one_segment() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/a%2Fb%20c"))
        .respond_with(ResponseTemplate::new(200).set_body_json(agent_message_json()))
        .expect(1)
        .mount(&server)
        .await;

    client.get_message("a/b c").await.unwrap();

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/conversations/messages/a%2Fb%20c");
}

#[tokio::test]
async fn path_id_is_percent_encoded_as_one_segment_for_every_operation_with_an_id() {
    // `?`, `#` and `%` would otherwise start a query, a fragment or an escape;
    // `..` inside a longer value is harmless and kept; non-ASCII is UTF-8 encoded.
    let id = "x?y#z%2F../é";
    let encoded = "x%3Fy%23z%252F..%2F%C3%A9";
    for op in Op::ids() {
        let (server, client) = setup().await;
        // Any status will do: only the request matters here.
        Mock::given(method(op.method()))
            .and(path(op.path_with(encoded)))
            .respond_with(ResponseTemplate::new(418))
            .expect(1)
            .mount(&server)
            .await;

        let error = op.call(&client, id).await.unwrap_err();

        assert_eq!(error.status().map(|s| s.as_u16()), Some(418), "{op:?}");
        let request = single_request(&server).await;
        assert_eq!(request.url.path(), op.path_with(encoded), "{op:?}");
        assert_eq!(request.url.query(), None, "{op:?}");
    }
}

#[tokio::test]
async fn hostile_ids_reach_the_server_as_one_segment_of_the_documented_path() {
    let cases = [
        ("../contacts", "..%2Fcontacts"),
        ("a/b", "a%2Fb"),
        ("x?y#z", "x%3Fy%23z"),
        ("two words", "two%20words"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
    ];
    for (id, raw) in cases {
        let (server, client) = setup().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(agent_message_json()))
            .expect(1)
            .mount(&server)
            .await;
        client.get_message(id).await.expect("the message decodes");
        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/conversations/messages/{raw}"),
            "id {id:?}"
        );
        assert_eq!(request.url.query(), None, "id {id:?}");
        assert_eq!(request.url.fragment(), None, "id {id:?}");
    }
}

#[tokio::test]
async fn empty_id_is_invalid_argument_and_sends_nothing() {
    let (server, client) = setup().await;
    for op in Op::ids() {
        let error = op.call(&client, "").await.unwrap_err();
        match error {
            Error::InvalidArgument { name, .. } => assert_eq!(name, "id", "{op:?}"),
            other => panic!("{op:?}: expected Error::InvalidArgument, got {other:?}"),
        }
    }
    let requests = server.received_requests().await.unwrap();
    assert!(requests.is_empty(), "sent {} request(s)", requests.len());
}

#[tokio::test]
async fn dot_segment_ids_are_invalid_argument_and_send_nothing() {
    let (server, client) = setup().await;
    for id in [".", ".."] {
        for op in Op::ids() {
            let error = op.call(&client, id).await.unwrap_err();
            assert!(
                matches!(error, Error::InvalidArgument { name: "id", .. }),
                "{op:?} with {id:?}: {error:?}"
            );
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------
// Other builder settings
// ---------------------------------------------------------------------------

#[tokio::test]
async fn trailing_slash_of_base_url_is_ignored() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/", server.uri()))
        .build()
        .unwrap();
    Mock::given(method("DELETE"))
        .and(path("/conversations/pushedMessages/AXCR3k9bpSY7bpuh7"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client.delete_pushed_message(PUSHED_ID).await.unwrap();
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/v3", server.uri()))
        .build()
        .unwrap();
    Mock::given(method("DELETE"))
        .and(path("/v3/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client.delete_message(MESSAGE_ID).await.unwrap();
}

#[tokio::test]
async fn default_user_agent_names_the_crate() {
    let (server, client) = setup().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client.delete_message(MESSAGE_ID).await.unwrap();

    let request = single_request(&server).await;
    let user_agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(
        user_agent.starts_with("brevo-conversations/"),
        "{user_agent}"
    );
}

#[tokio::test]
async fn user_agent_setting_is_sent() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .api_key(API_KEY)
        .user_agent("my-helpdesk/2.1")
        .base_url(server.uri())
        .build()
        .unwrap();
    Mock::given(method("DELETE"))
        .and(header("user-agent", "my-helpdesk/2.1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client.delete_message(MESSAGE_ID).await.unwrap();
}

#[tokio::test]
async fn custom_http_client_is_used() {
    let server = MockServer::start().await;
    // `Client::builder` first: it installs the TLS provider reqwest needs.
    let builder = Client::builder();
    let http = client_tests::http_client_builder()
        .user_agent("from-my-own-reqwest-client")
        .build()
        .unwrap();
    let client = builder
        .api_key(API_KEY)
        .http_client(http)
        .base_url(server.uri())
        .build()
        .unwrap();
    Mock::given(method("DELETE"))
        .and(header("user-agent", "from-my-own-reqwest-client"))
        .and(header("api-key", API_KEY))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client.delete_message(MESSAGE_ID).await.unwrap();
}

/// A client for `base_url` with retries off, so each call makes one attempt.
fn single_attempt_client(base_url: &str) -> Client {
    client_tests::client(API_KEY, base_url, RetryPolicy::disabled())
}

/// The kind of a transport error; fails on any other error.
fn transport_kind(error: &Error) -> TransportErrorKind {
    match error {
        Error::Transport { kind, .. } => *kind,
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn timeout_setting_gives_transport_error() {
    // The server never answers: the attempt can only end in the timeout.
    let server = Server::always(Answer::Hold).await.expect("server starts");
    let client = Client::builder()
        .api_key(API_KEY)
        .timeout(Duration::from_secs(10))
        .base_url(server.url())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds");
    let started = tokio::time::Instant::now();

    let error = client
        .get_message(MESSAGE_ID)
        .await
        .expect_err("never answered");

    match &error {
        Error::Transport { kind, source } => {
            assert_eq!(*kind, TransportErrorKind::Timeout);
            assert!(source.is_timeout(), "{source:?}");
        }
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert_eq!(error.status(), None);
    assert_eq!(
        started.elapsed(),
        Duration::from_secs(10),
        "the timeout, on paused time"
    );
}

#[tokio::test]
async fn unreachable_server_gives_transport_error() {
    // A port held by a socket that does not listen: connections are refused.
    let port = Refusing::bind().expect("bind a loopback port");
    let error = single_attempt_client(&port.url())
        .delete_message(MESSAGE_ID)
        .await
        .expect_err("refused");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::Connect,
        "{error:?}"
    );
    let shown = error.to_string();
    assert!(shown.contains("could not connect to 127.0.0.1"), "{shown}");
}

#[tokio::test]
async fn a_proxy_refusing_the_tunnel_is_a_proxy_error_that_says_so() {
    // An HTTPS request through a proxy starts with `CONNECT host:443`; this
    // proxy refuses it, as one would for a host its rules do not allow.
    let proxy = Server::always(Answer::Bytes(
        b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n".to_vec(),
    ))
    .await
    .expect("proxy starts");
    // `Client::builder` first: it installs the TLS provider reqwest needs.
    let builder = Client::builder();
    let http = client_tests::http_client_builder()
        .proxy(reqwest::Proxy::https(proxy.url()).expect("a proxy URL"))
        .build()
        .expect("reqwest builds");
    let client = builder
        .api_key(API_KEY)
        .base_url("https://api.brevo.invalid/v3")
        .http_client(http)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds");
    let error = client
        .get_message(MESSAGE_ID)
        .await
        .expect_err("the tunnel is refused");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::Proxy,
        "{error:?}"
    );
    let shown = error.to_string();
    assert!(
        shown.contains("proxy") && shown.contains("api.brevo.invalid"),
        "{shown}"
    );
    let received = proxy.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].request.method(), "CONNECT");
    assert!(
        received[0].request.head.contains("api.brevo.invalid:443"),
        "{}",
        received[0].request.head
    );
}

#[tokio::test]
async fn a_body_cut_short_gives_a_body_transport_error() {
    // The head promises 100 bytes; the connection closes after 8.
    let server = Server::always(Answer::Bytes(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\": \"".to_vec(),
    ))
    .await
    .expect("server starts");
    let error = single_attempt_client(&server.url())
        .get_message(MESSAGE_ID)
        .await
        .expect_err("the body is cut short");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::Body,
        "{error:?}"
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_gives_a_request_transport_error() {
    let server = Server::always(Answer::Close).await.expect("server starts");
    let error = single_attempt_client(&server.url())
        .get_message(MESSAGE_ID)
        .await
        .expect_err("no answer");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::Request,
        "{error:?}"
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_connection_reset_during_the_upload_gives_a_request_transport_error() {
    // The server resets the connection right after the head, while the
    // client is still sending 16 MiB of body.
    let server = Server::always(Answer::Reset).await.expect("server starts");
    let text = "x".repeat(16 * 1024 * 1024);
    let error = single_attempt_client(&server.url())
        .update_message(MESSAGE_ID, &UpdateAgentMessage::new(text))
        .await
        .expect_err("reset");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::Request,
        "{error:?}"
    );
    assert_eq!(server.request_count(), 1);
}

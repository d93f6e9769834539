//! What Brevo's 2026-09 definition added, against a local HTTP server
//! (wiremock, bound to 127.0.0.1): the operation `PUT
//! /conversations/visitorGroup`, the 31 fields of a message (attachments,
//! email-thread fields, flags, integration data), the renamed file fields,
//! and the error bodies of that version.

// The 31-field sample message is one `json!` literal, deeper than the
// default macro recursion limit allows.
#![recursion_limit = "256"]

use brevo_conversations::types::{
    ConversationsMessage, ConversationsMessageType, EmailAddress, ErrorModel, ErrorModelCode,
    MessageAttachment, SetVisitorGroup, VisitorGroupAssignment,
};
use brevo_conversations::{Client, Error, ErrorBody};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const API_KEY: &str = "test-key";
const MESSAGE_ID: &str = "eYBEm3gq3zc5ayE2g";
const VISITOR_ID: &str = "kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg";
const AGENT_ID: &str = "d9nKoegKSjmCtyK78";
const GROUP_ID: &str = "PjRBMhWGen6aRHjif";
const FILE_LINK: &str = "https://ucarecdn.com/cee5c10c-8302-45c1-b1fb-43860ca941a9/";
const PREVIEW_LINK: &str =
    "https://ucarecdn.com/03cd56cd-1de9-4f65-996d-08afdf27fa1b/-/preview/800x800/-/quality/better/";

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

/// The one request the server received.
async fn single_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.pop().expect("one request")
}

/// Asserts the request line: method, path and no query string.
fn assert_request_line(request: &Request, method: &str, path: &str) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query(), None, "no query string");
}

/// A body that sets the group (`None` takes the visitor out of its group).
fn set_group(group_id: Option<&str>) -> SetVisitorGroup {
    SetVisitorGroup::new(group_id.map(str::to_owned))
}

// ---------------------------------------------------------------------------
// PUT /conversations/visitorGroup
// ---------------------------------------------------------------------------

#[tokio::test]
async fn visitor_group_put_sends_the_group_id_and_decodes_the_assignment() {
    let (server, client) = setup().await;
    Mock::given(method("PUT"))
        .and(path("/conversations/visitorGroup"))
        .and(header("api-key", API_KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({ "groupId": GROUP_ID })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "groupId": GROUP_ID,
            "visitorId": "AXCR3k9bpSY7bpuh7"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let assignment: VisitorGroupAssignment = client
        .assign_visitor_group(&set_group(Some(GROUP_ID)))
        .await
        .expect("200 decodes");

    assert_eq!(assignment.group_id.as_deref(), Some(GROUP_ID));
    assert_eq!(assignment.visitor_id.as_deref(), Some("AXCR3k9bpSY7bpuh7"));
    let request = single_request(&server).await;
    assert_request_line(&request, "PUT", "/conversations/visitorGroup");
    assert_eq!(
        std::str::from_utf8(&request.body).expect("UTF-8 body"),
        r#"{"groupId":"PjRBMhWGen6aRHjif"}"#,
        "exactly the one field, nothing else"
    );
}

#[tokio::test]
async fn visitor_group_put_with_no_group_sends_null_to_remove_the_visitor_from_it() {
    let (server, client) = setup().await;
    Mock::given(method("PUT"))
        .and(path("/conversations/visitorGroup"))
        .and(body_json(json!({ "groupId": null })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "groupId": null,
            "visitorId": VISITOR_ID
        })))
        .expect(1)
        .mount(&server)
        .await;

    // `groupId` is required and nullable: `None` is sent as `null`, never
    // left out.
    let response = client
        .assign_visitor_group(&set_group(None))
        .send_with_response()
        .await
        .expect("200 decodes");

    assert_eq!(response.status.as_u16(), 200);
    let body = response.body;
    assert_eq!(body.group_id, None);
    assert_eq!(body.visitor_id.as_deref(), Some(VISITOR_ID));
    let request = single_request(&server).await;
    assert_request_line(&request, "PUT", "/conversations/visitorGroup");
    assert_eq!(
        std::str::from_utf8(&request.body).expect("UTF-8 body"),
        r#"{"groupId":null}"#
    );
}

#[tokio::test]
async fn visitor_group_put_404_without_a_code_decodes_as_its_documented_schema() {
    // The 404 body of this version requires only `message`: it is decoded
    // as `NotFoundError`, the schema documented for the 404 (the 400's
    // `ErrorModel` requires `code` too), and the raw text is kept.
    let (server, client) = setup().await;
    let body = r#"{"message":"Visitor not found"}"#;
    Mock::given(method("PUT"))
        .and(path("/conversations/visitorGroup"))
        .respond_with(
            ResponseTemplate::new(404).set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = client
        .assign_visitor_group(&set_group(Some(GROUP_ID)))
        .await
        .expect_err("404 is an error");

    match &error {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 404);
            let Some(ErrorBody::NotFoundError(found)) = &api.error else {
                panic!("the 404 schema: {:?}", api.error);
            };
            assert_eq!(
                (found.code.as_deref(), found.message.as_str()),
                (None, "Visitor not found")
            );
            assert_eq!(api.body, body);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn a_400_with_one_of_the_sentence_codes_decodes_into_its_variant() {
    let (server, client) = setup().await;
    Mock::given(method("PUT"))
        .and(path("/conversations/visitorGroup"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": "Invalid parameters passed",
            "message": "groupId is not a group of this organization"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let error = client
        .assign_visitor_group(&set_group(Some("not-a-group")))
        .await
        .expect_err("400 is an error");

    match &error {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 400);
            assert_eq!(
                api.error,
                Some(ErrorBody::ErrorModel(ErrorModel::new(
                    ErrorModelCode::InvalidParametersPassed,
                    "groupId is not a group of this organization"
                )))
            );
            assert_eq!(
                ErrorModelCode::InvalidParametersPassed.as_str(),
                "Invalid parameters passed"
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// A message with all 31 fields
// ---------------------------------------------------------------------------

/// An agent's reply in an email thread, as Brevo 2026-09 sends it: every
/// documented field set, two attachments (an inline image and a PDF), and
/// the renamed fields of `file`.
fn full_message_json() -> Value {
    json!({
        "id": MESSAGE_ID,
        "type": "agent",
        "text": "Good morning! How can I help you?",
        "html": "Good morning!<br>How can I help you?",
        "rawUnsafeHtml": "<p>Good morning!<br>How can I help you?</p><img src=\"cid:ii_lx3k\">",
        "visitorId": VISITOR_ID,
        "agentId": AGENT_ID,
        "agentName": "Liz",
        "agentUserpic": "https://ucarecdn.com/5a9e1d3c-userpic/liz.png",
        "createdAt": 1482512803740_i64,
        "isPushed": false,
        "isBot": false,
        "isTrigger": false,
        "isMissed": false,
        "isMissedByVisitor": true,
        "isForward": false,
        "isSentViaJsApi": false,
        "receivedFrom": "SuperAwesomeHelpdesk",
        "messageType": "email",
        "subject": "Invitation to a meeting",
        "from": { "email": "liz@getwear.com", "name": "Liz" },
        "replyTo": { "email": "support@getwear.com", "name": "Getwear support" },
        "to": [{ "email": "sam@example.com", "name": "Sam" }],
        "cc": [
            { "email": "ana@getwear.com", "name": "Ana" },
            { "email": "sales@getwear.com" }
        ],
        "bcc": [{ "email": "archive@getwear.com", "name": "Archive" }],
        "file": {
            "name": "conversations.png",
            "size": 15538,
            "isImage": true,
            "link": FILE_LINK,
            "imageInfo": { "width": 1129, "height": 525, "previewLink": PREVIEW_LINK },
            "mimeType": "image/png",
            "isInline": true,
            "inlineId": "ii_lx3k",
            "isAllowedFileType": true,
            "isSticker": false
        },
        "attachments": [
            {
                "name": "conversations.png",
                "size": 15538,
                "mimeType": "image/png",
                "link": FILE_LINK,
                "isImage": true,
                "isInline": true,
                "inlineId": "ii_lx3k",
                "isAllowedFileType": true,
                "isSticker": false,
                "imageInfo": { "width": 1129, "height": 525, "previewLink": PREVIEW_LINK }
            },
            {
                "name": "agenda.pdf",
                "size": 48213,
                "mimeType": "application/pdf",
                "link": "https://ucarecdn.com/9b1f0a77-agenda/agenda.pdf",
                "isImage": false,
                "isInline": false,
                "isAllowedFileType": true,
                "isSticker": false
            }
        ],
        "source": { "type": "email", "mailbox": "support@getwear.com" },
        "sourceMessageId": "<CAF3x9q+Kd2@mail.example.com>",
        "integrations": { "zendesk": { "ticketId": 4721 } },
        "forwardedToSourceStatus": { "isSuccess": false, "error": "mailbox unavailable" }
    })
}

fn assert_address(address: Option<&EmailAddress>, email: &str, name: Option<&str>) {
    let address = address.unwrap_or_else(|| panic!("an address for {email}"));
    assert_eq!(address.email.as_deref(), Some(email));
    assert_eq!(address.name.as_deref(), name);
}

fn assert_image_attachment(attachment: &MessageAttachment) {
    assert_eq!(attachment.name.as_deref(), Some("conversations.png"));
    assert_eq!(attachment.size, Some(15538));
    assert_eq!(attachment.mime_type.as_deref(), Some("image/png"));
    assert_eq!(attachment.link.as_deref(), Some(FILE_LINK));
    assert_eq!(attachment.is_image, Some(true));
    assert_eq!(attachment.is_inline, Some(true));
    assert_eq!(attachment.inline_id.as_deref(), Some("ii_lx3k"));
    assert_eq!(attachment.is_allowed_file_type, Some(true));
    assert_eq!(attachment.is_sticker, Some(false));
    let image = attachment.image_info.as_ref().expect("image info");
    assert_eq!(image.width, Some(1129));
    assert_eq!(image.height, Some(525));
    assert_eq!(image.preview_link.as_deref(), Some(PREVIEW_LINK));
}

fn assert_pdf_attachment(attachment: &MessageAttachment) {
    assert_eq!(attachment.name.as_deref(), Some("agenda.pdf"));
    assert_eq!(attachment.size, Some(48213));
    assert_eq!(attachment.mime_type.as_deref(), Some("application/pdf"));
    assert_eq!(
        attachment.link.as_deref(),
        Some("https://ucarecdn.com/9b1f0a77-agenda/agenda.pdf")
    );
    assert_eq!(attachment.is_image, Some(false));
    assert_eq!(attachment.is_inline, Some(false));
    assert_eq!(attachment.inline_id, None);
    assert_eq!(attachment.is_allowed_file_type, Some(true));
    assert_eq!(attachment.is_sticker, Some(false));
    assert_eq!(attachment.image_info, None);
}

fn assert_full_message(message: &ConversationsMessage) {
    assert_eq!(message.id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(message.type_, Some(ConversationsMessageType::Agent));
    assert_eq!(
        message.text.as_deref(),
        Some("Good morning! How can I help you?")
    );
    assert_eq!(
        message.html.as_deref(),
        Some("Good morning!<br>How can I help you?")
    );
    assert_eq!(
        message.raw_unsafe_html.as_deref(),
        Some("<p>Good morning!<br>How can I help you?</p><img src=\"cid:ii_lx3k\">")
    );
    assert_eq!(message.visitor_id.as_deref(), Some(VISITOR_ID));
    assert_eq!(message.agent_id.as_deref(), Some(AGENT_ID));
    assert_eq!(message.agent_name.as_deref(), Some("Liz"));
    assert_eq!(
        message.agent_userpic.as_deref(),
        Some("https://ucarecdn.com/5a9e1d3c-userpic/liz.png")
    );
    assert_eq!(message.created_at, Some(1482512803740));
    assert_eq!(message.is_pushed, Some(false));
    assert_eq!(message.is_bot, Some(false));
    assert_eq!(message.is_trigger, Some(false));
    assert_eq!(message.is_missed, Some(false));
    assert_eq!(message.is_missed_by_visitor, Some(true));
    assert_eq!(message.is_forward, Some(false));
    assert_eq!(message.is_sent_via_js_api, Some(false));
    assert_eq!(
        message.received_from.as_deref(),
        Some("SuperAwesomeHelpdesk")
    );
    assert_eq!(message.message_type.as_deref(), Some("email"));
    assert_eq!(message.subject.as_deref(), Some("Invitation to a meeting"));
    assert_address(message.from.as_ref(), "liz@getwear.com", Some("Liz"));
    assert_address(
        message.reply_to.as_ref(),
        "support@getwear.com",
        Some("Getwear support"),
    );
    let to = message.to.as_deref().expect("to");
    assert_eq!(to.len(), 1);
    assert_address(to.first(), "sam@example.com", Some("Sam"));
    let cc = message.cc.as_deref().expect("cc");
    assert_eq!(cc.len(), 2);
    assert_address(cc.first(), "ana@getwear.com", Some("Ana"));
    assert_address(cc.get(1), "sales@getwear.com", None);
    let bcc = message.bcc.as_deref().expect("bcc");
    assert_eq!(bcc.len(), 1);
    assert_address(bcc.first(), "archive@getwear.com", Some("Archive"));

    let file = message.file.as_ref().expect("file");
    assert_eq!(file.name.as_deref(), Some("conversations.png"));
    assert_eq!(file.size, Some(15538));
    assert_eq!(file.is_image, Some(true));
    assert_eq!(file.link.as_deref(), Some(FILE_LINK));
    let image = file.image_info.as_ref().expect("file image info");
    assert_eq!(image.width, Some(1129));
    assert_eq!(image.height, Some(525));
    assert_eq!(image.preview_link.as_deref(), Some(PREVIEW_LINK));
    assert_eq!(file.mime_type.as_deref(), Some("image/png"));
    assert_eq!(file.is_inline, Some(true));
    assert_eq!(file.inline_id.as_deref(), Some("ii_lx3k"));
    assert_eq!(file.is_allowed_file_type, Some(true));
    assert_eq!(file.is_sticker, Some(false));

    let attachments = message.attachments.as_deref().expect("attachments");
    assert_eq!(attachments.len(), 2);
    assert_image_attachment(&attachments[0]);
    assert_pdf_attachment(&attachments[1]);

    let source = message.source.as_ref().expect("source");
    assert_eq!(source.len(), 2);
    assert_eq!(source.get("type"), Some(&json!("email")));
    assert_eq!(source.get("mailbox"), Some(&json!("support@getwear.com")));
    assert_eq!(
        message.source_message_id.as_deref(),
        Some("<CAF3x9q+Kd2@mail.example.com>")
    );
    let integrations = message.integrations.as_ref().expect("integrations");
    assert_eq!(integrations.len(), 1);
    assert_eq!(
        integrations.get("zendesk"),
        Some(&json!({ "ticketId": 4721 }))
    );
    let forwarded = message
        .forwarded_to_source_status
        .as_ref()
        .expect("forwarding status");
    assert_eq!(forwarded.is_success, Some(false));
    assert_eq!(forwarded.error.as_deref(), Some("mailbox unavailable"));
}

#[tokio::test]
async fn a_message_with_all_31_fields_and_attachments_decodes_completely() {
    let sent = full_message_json();
    assert_eq!(
        sent.as_object().map(|fields| fields.len()),
        Some(31),
        "the sample sets every documented field"
    );
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .and(header("api-key", API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(sent.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let message = client.get_message(MESSAGE_ID).await.expect("200 decodes");

    assert_full_message(&message);
    // Nothing was dropped on the way: encoding the decoded message gives the
    // same JSON back, field for field.
    assert_eq!(
        serde_json::to_value(&message).expect("the message encodes"),
        sent
    );
    let request = single_request(&server).await;
    assert_request_line(&request, "GET", "/conversations/messages/eYBEm3gq3zc5ayE2g");
    assert!(request.body.is_empty(), "a GET sends no body");
}

#[tokio::test]
async fn file_fields_under_their_2025_names_are_no_longer_read() {
    // Brevo renamed `filename` -> `name`, `url` -> `link` and
    // `imageInfo.previewUrl` -> `imageInfo.previewLink`; the old names are
    // unknown fields now, ignored rather than failing the decoding.
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/conversations/pushedMessages/AXCR3k9bpSY7bpuh7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "AXCR3k9bpSY7bpuh7",
            "file": {
                "filename": "conversations.png",
                "url": FILE_LINK,
                "size": 15538,
                "imageInfo": { "previewUrl": PREVIEW_LINK, "width": 1129 }
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let message = client
        .get_pushed_message("AXCR3k9bpSY7bpuh7")
        .await
        .expect("200 decodes");

    let file = message.file.expect("file");
    assert_eq!(file.name, None);
    assert_eq!(file.link, None);
    assert_eq!(file.size, Some(15538));
    let image = file.image_info.expect("image info");
    assert_eq!(image.preview_link, None);
    assert_eq!(image.width, Some(1129));
}

//! Webhooks as a receiver sees them: the recorded Brevo Conversations
//! payloads in `tests/webhooks/` (written from the facts about Brevo's
//! events, `../shared/upstream/brevo-conversations-webhooks.md`) decoded
//! with the generated `webhooks` module, the checks of a signed spec's
//! webhooks (the `openapi31_webhooks` fixture), and the receiving example
//! (`examples/brevo_webhook_receiver.rs`) served on loopback.

#[path = "../examples/brevo_webhook_receiver.rs"]
mod receiver;

use std::sync::Arc;
use std::time::Duration;

use brevo_conversations::types::WebhookMessageType;
use brevo_conversations::webhooks::{DecodeError, Event, Received};

const STARTED: &[u8] = include_bytes!("webhooks/conversation_started.json");
const FRAGMENT: &[u8] = include_bytes!("webhooks/conversation_fragment.json");
const TRANSCRIPT: &[u8] = include_bytes!("webhooks/conversation_transcript.json");
const UNKNOWN_FIELDS: &[u8] = include_bytes!("webhooks/unknown_fields.json");
const UNKNOWN_EVENT: &[u8] = include_bytes!("webhooks/unknown_event.json");
const ECHO: &[u8] = include_bytes!("webhooks/echo.json");

/// The `receivedFrom` of Brevo's own example, our integration's marker here.
const MARKER: &str = "SuperAwesomeHelpdesk";

fn decoded(body: &[u8]) -> Received {
    Event::from_slice(body).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn conversation_started_decodes_with_every_documented_field() {
    let received = decoded(STARTED);
    assert!(received.unread.is_empty(), "{:?}", received.unread);
    let Event::ConversationStarted(started) = received.event else {
        panic!("not conversationStarted: {:?}", received.event);
    };
    assert_eq!(started.conversation_id, "MxhGJAEugdLtS2BBq");
    let page = started.conversation_start_page.expect("start page");
    assert_eq!(page.title.as_deref(), Some("Washed skinny jeans for women"));
    let message = started.message.expect("message");
    assert_eq!(message.id, "dkmyYPxJyh5rKDhRT");
    assert_eq!(message.type_, WebhookMessageType::Visitor);
    assert_eq!(message.created_at, Some(1_764_928_800_000));
    // A visitor started it: no agent.
    assert!(started.agent.is_none());
    assert_eq!(started.is_no_available_agent, Some(false));
    let visitor = started.visitor.expect("visitor");
    assert_eq!(visitor.id, "kZMvWhf8npAu3H6qd57w2Hv6nh6rnxvg");
    assert_eq!(visitor.ip, None, "a null ip is no error");
    let last_visit = visitor.last_visit.expect("last visit");
    assert_eq!(last_visit.finished_at, None);
    assert_eq!(last_visit.viewed_pages.map(|pages| pages.len()), Some(1));
    let attributes = visitor.integration_attributes.expect("attributes");
    assert_eq!(attributes["EMAIL"], "jane@example.test");
    assert_eq!(visitor.contact_id, Some(4211));
}

#[test]
fn a_fragment_holds_messages_of_both_sides_with_files() {
    let received = decoded(FRAGMENT);
    assert!(received.unread.is_empty(), "{:?}", received.unread);
    assert_eq!(received.event.name(), "conversationFragment");
    let Event::ConversationFragment(fragment) = received.event else {
        panic!("not a fragment");
    };
    let mut messages = fragment.messages.expect("messages");
    // Not in order on the wire: sort by time.
    messages.sort_by_key(|m| m.created_at);
    let types: Vec<_> = messages.iter().map(|m| m.type_.clone()).collect();
    assert_eq!(
        types,
        [
            WebhookMessageType::Agent,
            WebhookMessageType::Agent,
            WebhookMessageType::Visitor
        ]
    );
    assert_eq!(messages[0].is_trigger, Some(true));
    let file = messages[2].file.as_ref().expect("file");
    assert_eq!(file.name.as_deref(), Some("label.jpg"));
    assert_eq!(
        file.link.as_deref(),
        Some("https://files.example.test/label.jpg")
    );
    assert_eq!(file.image_info.as_ref().and_then(|i| i.width), Some(800));
    let agents = fragment.agents.expect("agents");
    assert_eq!(agents[0].id, "bnRzp4CioKudG4aHm");
    assert_eq!(agents[0].userpic, None);
}

#[test]
fn a_transcript_carries_the_whole_conversation() {
    let Event::ConversationTranscript(transcript) = decoded(TRANSCRIPT).event else {
        panic!("not a transcript");
    };
    assert_eq!(transcript.missed_messages_count, Some(0));
    let page = transcript.conversation_start_page.expect("start page");
    assert_eq!(page.title, None, "the page's fields are optional");
    let messages = transcript.messages.expect("messages");
    assert_eq!(messages.len(), 3);
    let echoes: Vec<&str> = messages
        .iter()
        .filter(|m| m.is_echo_of(MARKER))
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(echoes, ["aB3cD4eF5gH6iJ7kL"]);
}

#[test]
fn odd_fields_are_left_out_and_kept_and_unknown_ones_ignored() {
    let received = decoded(UNKNOWN_FIELDS);
    let mut unread: Vec<(&str, &serde_json::Value)> = received
        .unread
        .iter()
        .map(|field| (field.pointer.as_str(), &field.value))
        .collect();
    unread.sort_unstable_by_key(|(pointer, _)| *pointer);
    assert_eq!(
        unread,
        [
            ("/messages/0/createdAt", &serde_json::json!("1764929000000")),
            ("/visitor/contactId", &serde_json::json!("4211")),
        ]
    );
    let Event::ConversationFragment(fragment) = received.event else {
        panic!("not a fragment");
    };
    let messages = fragment.messages.expect("messages");
    assert_eq!(messages[0].created_at, None);
    assert_eq!(messages[0].text.as_deref(), Some("Is anyone there?"));
    // A message type the spec does not list is kept as it came.
    assert_eq!(messages[1].type_.as_str(), "bot");
    let visitor = fragment.visitor.expect("visitor");
    assert_eq!(visitor.source.as_deref(), Some("whatsapp"));
    assert_eq!(visitor.contact_id, None);
}

#[test]
fn an_unknown_event_keeps_its_name_and_json() {
    let received = decoded(UNKNOWN_EVENT);
    assert_eq!(received.event.name(), "conversationRated");
    let Event::Unknown(unknown) = received.event else {
        panic!("a known event: {:?}", received.event);
    };
    assert_eq!(unknown.body["rating"], 5);
    assert_eq!(unknown.body["comment"], "Quick and kind.");
}

/// The loop closed: a client given the marker once writes it into every
/// message it sends that leaves it unset (and into the presence ping,
/// whose body has it too), keeps a value the caller set, and what it sent,
/// brought back by a webhook, is recognised as our own.
#[tokio::test]
async fn the_client_marks_what_it_sends_and_the_webhook_recognises_it() {
    use brevo_conversations::types::{AgentIdentity, AgentOnlinePing, SendAgentMessage};
    use brevo_conversations::Client;
    use client_tests::server::{response, Answer, Server};

    let server = Server::always(Answer::Bytes(response(201, &[], b"")))
        .await
        .expect("server starts");
    let client = Client::builder()
        .api_key("key")
        .base_url(server.url())
        .echo_marker(MARKER)
        .build()
        .expect("client builds");
    let unmarked = SendAgentMessage::new("v1", "Hello!", AgentIdentity::by_id("a1"));
    client.send_message(&unmarked).await.expect("sent");
    let own = AgentIdentity::by_email("a@example.test", "Ann", "ThatOtherTool");
    client
        .send_message(&SendAgentMessage::new("v1", "Hi!", own))
        .await
        .expect("sent");
    client
        .ping_agent_online(&AgentOnlinePing::new(AgentIdentity::by_id("a1")))
        .await
        .expect("pinged");
    let bodies: Vec<serde_json::Value> = server
        .received()
        .iter()
        .map(|r| serde_json::from_slice(&r.request.body).expect("a JSON body"))
        .collect();
    assert_eq!(bodies[0]["receivedFrom"], MARKER);
    assert_eq!(bodies[0]["text"], "Hello!", "the rest as it was");
    assert_eq!(
        bodies[1]["receivedFrom"], "ThatOtherTool",
        "the caller's value wins"
    );
    assert_eq!(bodies[2]["receivedFrom"], MARKER);
    assert_eq!(bodies[2]["agentId"], "a1");

    // A webhook bringing the first message back: an echo of ours.
    let echo = serde_json::json!({
        "eventName": "conversationFragment",
        "conversationId": "c1",
        "messages": [{
            "type": "agent",
            "id": "m1",
            "text": "Hello!",
            "createdAt": 1_700_000_000_000_u64,
            "receivedFrom": bodies[0]["receivedFrom"],
        }],
    });
    let Event::ConversationFragment(fragment) =
        decoded(&serde_json::to_vec(&echo).expect("JSON")).event
    else {
        panic!("not a fragment");
    };
    assert!(fragment.messages.expect("messages")[0].is_echo_of(MARKER));

    // Without the setting nothing is written.
    let plain = Client::builder()
        .api_key("key")
        .base_url(server.url())
        .build()
        .expect("client builds");
    plain.send_message(&unmarked).await.expect("sent");
    let last = server.received().pop().expect("a request");
    let body: serde_json::Value = serde_json::from_slice(&last.request.body).expect("JSON");
    assert!(body.get("receivedFrom").is_none(), "{body}");
}

#[test]
fn an_echo_of_our_own_message_is_recognised() {
    let Event::ConversationFragment(fragment) = decoded(ECHO).event else {
        panic!("not a fragment");
    };
    let messages = fragment.messages.expect("messages");
    assert!(messages[0].is_echo_of(MARKER));
    assert!(!messages[0].is_echo_of("AnotherIntegration"));
    // Messages without `receivedFrom` are nobody's echo.
    let Event::ConversationStarted(started) = decoded(STARTED).event else {
        panic!("not conversationStarted");
    };
    assert!(!started.message.expect("message").is_echo_of(MARKER));
}

#[test]
fn a_body_is_decoded_by_the_webhook_its_endpoint_receives() {
    let received = Event::decode("conversationTranscript", TRANSCRIPT).expect("decodes");
    assert!(matches!(received.event, Event::ConversationTranscript(_)));
    let received = Event::decode("conversationRated", UNKNOWN_EVENT).expect("decodes");
    assert!(matches!(&received.event, Event::Unknown(u) if u.name == "conversationRated"));
    assert_eq!(
        Event::NAMES,
        [
            "conversationFragment",
            "conversationStarted",
            "conversationTranscript"
        ]
    );
}

#[test]
fn bodies_that_are_no_event_are_typed_errors() {
    assert!(matches!(
        Event::from_slice(b"not json"),
        Err(DecodeError::Json(_))
    ));
    assert!(matches!(
        Event::from_slice(b"[1, 2]"),
        Err(DecodeError::Json(_))
    ));
    assert!(matches!(
        Event::from_slice(b"{}"),
        Err(DecodeError::NoEventName)
    ));
    assert!(matches!(
        Event::from_slice(br#"{"eventName": 7}"#),
        Err(DecodeError::NoEventName)
    ));
    let missing_id = br#"{"eventName": "conversationStarted"}"#;
    let error = Event::from_slice(missing_id).expect_err("conversationId is required");
    assert!(
        matches!(
            error,
            DecodeError::Payload {
                event: "conversationStarted",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("conversationId"), "{error}");
}

mod signed {
    //! The checks of the fixture's webhook security schemes.

    use fixture_openapi31_webhooks::webhooks::{
        verify_basic, verify_shared_secret, verify_signature, Event, VerifyError, SIGNATURE_HEADER,
    };

    /// A published HMAC-SHA256 test vector: key `key`, this message.
    const BODY: &[u8] = b"The quick brown fox jumps over the lazy dog";
    const MAC: &str = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";

    #[test]
    fn a_signature_is_the_bodys_hmac_after_its_prefix() {
        let header = format!("sha256={MAC}");
        assert_eq!(
            verify_signature(b"key", Some(header.as_bytes()), BODY),
            Ok(())
        );
        let upper = format!("sha256={}", MAC.to_ascii_uppercase());
        assert_eq!(
            verify_signature(b"key", Some(upper.as_bytes()), BODY),
            Ok(())
        );
        let mismatch = Err(VerifyError::Mismatch {
            header: SIGNATURE_HEADER,
        });
        assert_eq!(
            verify_signature(b"other", Some(header.as_bytes()), BODY),
            mismatch
        );
        assert_eq!(
            verify_signature(b"key", Some(header.as_bytes()), b"The quick brown fox"),
            mismatch
        );
        assert_eq!(
            verify_signature(b"key", Some(MAC.as_bytes()), BODY),
            mismatch,
            "no prefix"
        );
        assert_eq!(
            verify_signature(b"key", None, BODY),
            Err(VerifyError::Missing {
                header: "x-parcel-signature"
            })
        );
    }

    #[test]
    fn basic_credentials_and_shared_secrets_are_compared_whole() {
        // base64("user:pass") and base64("ab:c"), whose padding is `==`.
        assert_eq!(
            verify_basic("user", "pass", Some(b"Basic dXNlcjpwYXNz")),
            Ok(())
        );
        assert_eq!(
            verify_basic("user", "pass", Some(b"basic dXNlcjpwYXNz")),
            Ok(())
        );
        assert_eq!(verify_basic("ab", "c", Some(b"Basic YWI6Yw==")), Ok(()));
        assert!(verify_basic("user", "pas", Some(b"Basic dXNlcjpwYXNz")).is_err());
        assert!(verify_basic("user", "pass", Some(b"Bearer dXNlcjpwYXNz")).is_err());
        assert!(verify_basic("user", "pass", None).is_err());
        assert_eq!(verify_shared_secret("s3cret", Some(b"s3cret")), Ok(()));
        assert!(verify_shared_secret("s3cret", Some(b"s3cre")).is_err());
        assert!(verify_shared_secret("s3cret", Some(b"s3cret!")).is_err());
    }

    #[test]
    fn events_are_told_apart_by_their_const_property() {
        let body = br#"{"event": "parcelShipped", "parcelId": "P1", "carrier": "Post", "weightGrams": "heavy"}"#;
        let received = Event::from_slice(body).expect("decodes");
        let Event::ParcelShipped(shipped) = received.event else {
            panic!("not parcelShipped");
        };
        assert_eq!(shipped.carrier, "Post");
        assert_eq!(shipped.weight_grams, None);
        assert_eq!(received.unread[0].pointer, "/weightGrams");
        let note =
            br#"{"event": "noteAdded", "parcelId": "P1", "note": {"text": "hi", "sentBy": "me"}}"#;
        let Event::NoteAdded(added) = Event::from_slice(note).expect("decodes").event else {
            panic!("not noteAdded");
        };
        assert!(added.note.is_echo_of("me"));
    }
}

/// The receiving example on loopback: what it answers to each recorded
/// payload, and what reaches its worker.
#[tokio::test]
async fn the_receiving_example_verifies_decodes_skips_echoes_and_answers() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let settings = Arc::new(receiver::Settings {
        token: "t0ken-9f2c".to_owned(),
        marker: MARKER.to_owned(),
    });
    let (queue, mut events) = tokio::sync::mpsc::channel(16);
    let server = tokio::spawn(receiver::serve(listener, settings, queue));
    let client = client_tests::http_client_builder()
        .build()
        .expect("a client");
    let post = |token: &str, body: &'static [u8]| {
        client
            .post(format!("http://{address}{}{token}", receiver::PATH_PREFIX))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let status = |response: Result<reqwest::Response, reqwest::Error>| {
        response.expect("answered").status().as_u16()
    };

    assert_eq!(status(post("wrong-token", STARTED).await), 401);
    assert_eq!(
        status(post("t0ken-9f2", STARTED).await),
        401,
        "a prefix of the token"
    );
    assert_eq!(status(post("t0ken-9f2c", b"{not json").await), 400);
    for body in [ECHO, UNKNOWN_EVENT] {
        assert_eq!(status(post("t0ken-9f2c", body).await), 200);
    }
    for body in [STARTED, FRAGMENT, UNKNOWN_FIELDS, TRANSCRIPT] {
        assert_eq!(status(post("t0ken-9f2c", body).await), 200);
    }

    // Only the events worth acting on reached the worker, in order: the
    // echo and the unknown event were answered and dropped.
    let mut names = Vec::new();
    let mut fragment_ids = Vec::new();
    for _ in 0..4 {
        let event = tokio::time::timeout(Duration::from_secs(5), events.recv())
            .await
            .expect("an event in time")
            .expect("the queue is open");
        if let Event::ConversationFragment(fragment) = &event {
            fragment_ids.extend(fragment.messages.iter().flatten().map(|m| m.id.clone()));
        }
        names.push(event.name().to_owned());
    }
    assert_eq!(
        names,
        [
            "conversationStarted",
            "conversationFragment",
            "conversationFragment",
            "conversationTranscript"
        ]
    );
    // The fragment's trigger message is not for us to answer.
    assert!(!fragment_ids.contains(&"zZ1yY2xX3wW4vV5uU".to_owned()));
    assert!(fragment_ids.contains(&"pQ2rW8sTn4vXy6zAb".to_owned()));
    assert!(events.try_recv().is_err(), "nothing else was queued");
    server.abort();
}

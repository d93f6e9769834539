//! A user's own code, unit-tested with the typed mock helpers of the
//! `test-util` feature (issue 25): one method of `Mock` per operation,
//! named like the client's, whose handler gets the request's body as its
//! documented type and answers with the documented success type or a
//! typed error body. No server is started.

use std::sync::{Arc, Mutex};

use brevo_conversations::types::{
    AgentIdentity, ConversationsMessage, NotFoundError, SendAgentMessage, UpdateAgentMessage,
};
use brevo_conversations::{Client, Error, ErrorBody, Mock, MockAnswer};

/// A user's function: sends `text` to the visitor, or, when `edit` names
/// a message, edits that one instead, sending anew when it no longer
/// exists. Returns the message's ID, `None` when Brevo accepted the
/// message without saying which.
async fn greet(
    client: &Client,
    visitor: &str,
    text: &str,
    edit: Option<&str>,
) -> Result<Option<String>, Error> {
    if let Some(id) = edit {
        match client
            .update_message(id, &UpdateAgentMessage::new(text))
            .await
        {
            Ok(message) => return Ok(message.id),
            Err(error) if error.is_not_found() => {}
            Err(error) => return Err(error),
        }
    }
    let agent = AgentIdentity::ById {
        agent_id: "a1".to_owned(),
        received_from: None,
    };
    let sent = client
        .send_message(&SendAgentMessage::new(visitor, text, agent))
        .await?;
    Ok(sent.value().and_then(|m| m.id.clone()))
}

/// The typed helpers decode what the user's code sent, and what they
/// answer reaches it as a server's answer would: the typed success, an
/// empty 201 as an accepted message without a value, a typed 404 that
/// the user's code branches on.
#[tokio::test]
async fn a_users_function_is_tested_with_typed_mock_answers() {
    let sent: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&sent);
    let client = Mock::new()
        .send_message(move |call| {
            let body: &SendAgentMessage = call.body();
            seen.lock().expect("the list").push(body.text.clone());
            if body.visitor_id == "quiet" {
                return MockAnswer::status(201);
            }
            MockAnswer::ok(
                ConversationsMessage::default()
                    .with_id(format!("new-{}", body.visitor_id))
                    .with_text(body.text.clone()),
            )
        })
        .update_message(|call| {
            if call.path().ends_with("/gone") {
                return MockAnswer::error(404, &NotFoundError::new("no such message"));
            }
            assert_eq!(call.body().text, "edited");
            MockAnswer::ok(ConversationsMessage::default().with_id("m1"))
        })
        .client()
        .expect("a mocked client");

    let new = greet(&client, "v1", "Hello!", None).await.expect("sent");
    assert_eq!(new.as_deref(), Some("new-v1"));
    let accepted = greet(&client, "quiet", "Hello!", None).await;
    assert_eq!(accepted.expect("accepted"), None);
    let edited = greet(&client, "v1", "edited", Some("m1")).await;
    assert_eq!(edited.expect("edited").as_deref(), Some("m1"));
    let resent = greet(&client, "v2", "again", Some("gone")).await;
    assert_eq!(resent.expect("sent anew").as_deref(), Some("new-v2"));
    assert_eq!(
        *sent.lock().expect("the list"),
        ["Hello!", "Hello!", "again"],
        "the messages the user's code sent, decoded"
    );
}

/// A typed error body reaches the caller decoded by the operation's
/// documented schema; an operation without an answer fails with an error
/// that names the mock, never with a panic or a request to a server.
#[tokio::test]
async fn typed_errors_are_decoded_and_unanswered_operations_fail() {
    let client = Mock::new()
        .get_message(|call| {
            assert_eq!(call.path(), "/conversations/messages/m9");
            MockAnswer::error(404, &NotFoundError::new("no such message"))
        })
        .delete_message(|_| MockAnswer::ok(()))
        .client()
        .expect("a mocked client");
    let missing = client.get_message("m9").await.expect_err("a 404");
    let api = missing.api().expect("an API error");
    assert_eq!(api.status.as_u16(), 404);
    match &api.error {
        Some(ErrorBody::NotFoundError(body)) => assert_eq!(body.message, "no such message"),
        other => panic!("the 404 body decoded as {other:?}"),
    }
    client.delete_message("m9").await.expect("deleted");
    let unanswered = client
        .update_message("m9", &UpdateAgentMessage::new("hi"))
        .await
        .expect_err("no answer");
    assert!(unanswered.to_string().contains("mock"), "{unanswered}");
}

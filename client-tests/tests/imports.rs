//! Names as a user imports them: the request builders (`builder::*`) and the
//! body types (`types::*`) glob-imported together, each named without a path.
//! Were a builder and a type to share a name (`SendPushedMessage`), naming it
//! here would not compile.

use brevo_conversations::builder::*;
use brevo_conversations::types::*;
use brevo_conversations::Client;

/// Builds the request of `send_pushed_message` for `body`, naming both types.
fn push<'a>(client: &'a Client, body: &'a SendPushedMessage) -> SendPushedMessageBuilder<'a> {
    client.send_pushed_message(body)
}

#[test]
fn builders_and_bodies_are_named_together_without_clashes() {
    let client = Client::builder()
        .api_key("test-key")
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("client builds");
    let body = SendPushedMessage::new("visitor", "Hello", PushedMessageSender::AnyAgent);
    let request: SendPushedMessageBuilder<'_> = push(&client, &body);
    // The request holds the body it was given, to send when awaited.
    let text = format!("{request:?}");
    assert!(text.contains("Hello"), "{text}");
    let _: GetMessageBuilder<'_> = client.get_message("id");
    let _: Option<ConversationsMessage> = None;
}

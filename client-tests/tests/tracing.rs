//! Every request attempt is one `tracing` span with the documented fields
//! (operation id, method, path template, attempt, status, duration), and
//! nothing that is secret or private reaches the subscriber.
//!
//! This test has a binary of its own: `tracing` caches per call site whether
//! anyone listens, and a test running without a subscriber on another thread
//! could make it cache "no".

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use brevo_conversations::types::{AgentIdentity, SendAgentMessage};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod secrets;

use secrets::{assert_no_secret, client_with_both_keys};

const MESSAGE_TEXT: &str = "private words for the visitor";
const ID: &str = "eYBEm3gq3zc5ayE2g";

/// Everything a subscriber saw: spans with their fields, and events.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<String>>>);

impl Captured {
    fn lines(&self) -> Vec<String> {
        self.0.lock().map(|lines| lines.clone()).unwrap_or_default()
    }

    fn push(&self, line: String) {
        if let Ok(mut lines) = self.0.lock() {
            lines.push(line);
        }
    }
}

struct FieldText(String);

impl Visit for FieldText {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, _id: &Id, _ctx: Context<'_, S>) {
        let mut text = FieldText(format!("span {}", attrs.metadata().name()));
        attrs.record(&mut text);
        self.push(text.0);
    }

    fn on_record(&self, _id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        let mut text = FieldText("record".to_owned());
        values.record(&mut text);
        self.push(text.0);
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut text = FieldText(format!("event {}", event.metadata().level()));
        event.record(&mut text);
        self.push(text.0);
    }
}

#[tokio::test]
async fn each_attempt_is_one_span_with_the_documented_fields_and_no_secret_or_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/conversations/messages"))
        .respond_with(ResponseTemplate::new(429).insert_header("x-sib-ratelimit-reset", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/conversations/messages"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": ID, "text": MESSAGE_TEXT})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/conversations/messages/eYBEm3gq3zc5ayE2g"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": ID, "text": MESSAGE_TEXT})),
        )
        .mount(&server)
        .await;
    let captured = Captured::default();
    let subscriber = tracing_subscriber::registry().with(captured.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    let client = client_with_both_keys(&server.uri());
    client
        .conversations_messages_post(&SendAgentMessage::new(
            "visitor-1",
            MESSAGE_TEXT,
            AgentIdentity::ById {
                agent_id: "agent-1".to_owned(),
                received_from: None,
            },
        ))
        .await
        .expect("second attempt succeeds");
    client.conversations_messages_id_get(ID).await.expect("200");

    let lines = captured.lines();
    let spans: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("span http_request"))
        .collect();
    assert_eq!(spans.len(), 3, "one span per attempt: {lines:#?}");
    assert!(
        spans[0].contains("operation=\"conversationsMessagesPost\""),
        "{}",
        spans[0]
    );
    assert!(
        spans[0].contains("method=\"POST\"") && spans[0].contains("attempt=1"),
        "{}",
        spans[0]
    );
    assert!(spans[1].contains("attempt=2"), "{}", spans[1]);
    assert!(
        spans[2].contains("path=\"/conversations/messages/{id}\""),
        "the path template, not the id: {}",
        spans[2]
    );
    let records: Vec<&String> = lines.iter().filter(|l| l.starts_with("record")).collect();
    assert!(
        records.iter().any(|r| r.contains("status=429")),
        "{lines:#?}"
    );
    assert!(
        records.iter().any(|r| r.contains("status=200")),
        "{lines:#?}"
    );
    assert!(
        records.iter().any(|r| r.contains("duration_ms=")),
        "{lines:#?}"
    );
    let all = lines.join("\n");
    assert_no_secret("tracing output", &all);
    assert!(
        !all.contains(MESSAGE_TEXT),
        "a message body reached the logs: {all}"
    );
    assert!(
        !all.contains(ID),
        "a filled-in path reached the logs: {all}"
    );
}

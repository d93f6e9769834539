//! A Brevo Conversations webhook endpoint, on hyper: it checks the secret in
//! its URL, decodes the event with the generated `webhooks` module, drops the
//! messages a visitor-facing integration must not answer (its own echoes,
//! pushed and automatic ones), hands the rest to a worker through a queue
//! and answers at once.
//!
//! Run it with `cargo run -p client-tests --example brevo_webhook_receiver`
//! (`WEBHOOK_TOKEN` and `ECHO_MARKER` set), and give Brevo
//! `https://YOUR-HOST/brevo/webhooks/YOUR-TOKEN` as the webhook URL (in the
//! Conversations app: Settings > Integrations > Webhooks). Brevo signs
//! nothing, so the secret is in the URL; `client-tests/tests/webhooks.rs`
//! runs this endpoint against recorded payloads over loopback.

use std::convert::Infallible;
use std::sync::Arc;

use brevo_conversations::types::WebhookMessage;
use brevo_conversations::webhooks::Event;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Where Brevo posts, before the secret token.
pub const PATH_PREFIX: &str = "/brevo/webhooks/";

/// The largest body read; Brevo's events are a few kilobytes.
const MAX_BODY: usize = 1 << 20;

/// What the endpoint is set up with.
pub struct Settings {
    /// The secret last segment of the webhook URL.
    pub token: String,
    /// The `receivedFrom` this integration sends its messages with.
    pub marker: String,
}

/// Accepts connections on `listener` and serves each on its own task; every
/// event worth acting on goes to `queue`.
///
/// # Errors
///
/// When accepting a connection fails.
pub async fn serve(
    listener: TcpListener,
    settings: Arc<Settings>,
    queue: mpsc::Sender<Event>,
) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let settings = Arc::clone(&settings);
        let queue = queue.clone();
        tokio::spawn(async move {
            let service =
                service_fn(move |request| handle(request, Arc::clone(&settings), queue.clone()));
            // A client that goes away mid-request is no concern of ours.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// One webhook request: 401 without the token, 400 for a body that is not
/// an event, 429 when the worker is behind (the one failure Brevo's
/// webhooks retry, by its general docs), 200 otherwise, before any work.
pub async fn handle(
    request: Request<Incoming>,
    settings: Arc<Settings>,
    queue: mpsc::Sender<Event>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if request.method() != Method::POST {
        return Ok(answer(StatusCode::METHOD_NOT_ALLOWED));
    }
    // Verify: the token, compared in constant time.
    let token = request
        .uri()
        .path()
        .strip_prefix(PATH_PREFIX)
        .unwrap_or_default();
    if !bool::from(token.as_bytes().ct_eq(settings.token.as_bytes())) {
        return Ok(answer(StatusCode::UNAUTHORIZED));
    }
    let Ok(body) = Limited::new(request.into_body(), MAX_BODY).collect().await else {
        return Ok(answer(StatusCode::PAYLOAD_TOO_LARGE));
    };
    // Decode: by `eventName`; fields that do not match the spec are kept
    // aside, never fatal.
    let received = match Event::from_slice(&body.to_bytes()) {
        Ok(received) => received,
        Err(error) => {
            eprintln!("webhook body refused: {error}");
            return Ok(answer(StatusCode::BAD_REQUEST));
        }
    };
    for field in &received.unread {
        eprintln!("webhook field {} left out: {}", field.pointer, field.reason);
    }
    // Skip echoes: nothing of ours goes back to the help desk.
    let Some(event) = worth_acting_on(received.event, &settings.marker) else {
        return Ok(answer(StatusCode::OK));
    };
    // Answer fast: the worker does the rest.
    match queue.try_send(event) {
        Ok(()) => Ok(answer(StatusCode::OK)),
        Err(_) => Ok(answer(StatusCode::TOO_MANY_REQUESTS)),
    }
}

/// The event without the messages an integration must not answer: its own
/// (sent with `marker` as `receivedFrom`), pushed and automatic ones; `None`
/// when nothing is left to act on, or the event is not one this endpoint
/// handles.
pub fn worth_acting_on(event: Event, marker: &str) -> Option<Event> {
    let answerable = |message: &WebhookMessage| {
        !message.is_echo_of(marker)
            && message.is_pushed != Some(true)
            && message.is_trigger != Some(true)
    };
    match event {
        Event::ConversationStarted(started) => match &started.message {
            Some(message) if !answerable(message) => None,
            _ => Some(Event::ConversationStarted(started)),
        },
        Event::ConversationFragment(mut fragment) => {
            let messages = fragment.messages.get_or_insert_with(Vec::new);
            messages.retain(answerable);
            (!messages.is_empty()).then_some(Event::ConversationFragment(fragment))
        }
        // The whole conversation, ours included, for the archive.
        Event::ConversationTranscript(transcript) => {
            Some(Event::ConversationTranscript(transcript))
        }
        _ => None,
    }
}

fn answer(status: StatusCode) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

// Also compiled into tests/webhooks.rs, which starts `serve` itself.
#[allow(dead_code)]
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let setting =
        |name: &str| std::env::var(name).map_err(|_| std::io::Error::other(format!("set {name}")));
    let settings = Arc::new(Settings {
        token: setting("WEBHOOK_TOKEN")?,
        marker: setting("ECHO_MARKER")?,
    });
    let (queue, mut events) = mpsc::channel::<Event>(256);
    tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            println!("{}", event.name());
        }
    });
    let listener = TcpListener::bind("127.0.0.1:8080").await?;
    serve(listener, settings, queue).await
}

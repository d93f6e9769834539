//! A capture of everything `tracing` and `log` emit in the test process,
//! from every thread: spans (with the fields they are created with and the
//! ones recorded later), events, and `log` records (reqwest writes those).
//!
//! [`install`] sets it up once per process as the global `tracing`
//! subscriber and the global `log` logger. A test binary that uses it calls
//! [`install`] before it builds any client: `tracing` caches per call site
//! whether anyone listens, and a call site first reached before the global
//! subscriber exists could otherwise be cached as "nobody".
//!
//! Each [`Entry`] carries the thread it was emitted on, so that tests
//! running in parallel can each look at their own thread
//! ([`Capture::this_thread`]); tests that must see every thread
//! ([`Capture::since`]) run one at a time.

use std::fmt::{Debug, Write as _};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::thread::ThreadId;

use tokio::sync::Notify;
use tokio::time::Instant;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

/// What kind of thing an [`Entry`] records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A span was created; `fields` are the ones it was created with.
    Span,
    /// Fields were recorded on an existing span (`span` is its id).
    SpanRecord,
    /// A `tracing` event; `span` is the span it belongs to, if any.
    Event,
    /// A `log` record.
    Log,
}

/// One thing the capture saw.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The thread it was emitted on.
    pub thread: ThreadId,
    /// When, on Tokio's clock (paused time in a paused test).
    pub at: Instant,
    /// What it is.
    pub kind: Kind,
    /// The span's name for spans, the event's or log record's target otherwise.
    pub name: String,
    /// Its level (a `log` level maps to the `tracing` level of the same name).
    pub level: Level,
    /// The target (module path) it came from.
    pub target: String,
    /// The span an event or record belongs to (its id within the registry).
    pub span: Option<u64>,
    /// The name of that span.
    pub span_name: Option<String>,
    /// The fields, each value formatted (strings as they are, others with `Debug`);
    /// an event's or log record's message is the field `message`.
    pub fields: Vec<(String, String)>,
}

impl Entry {
    /// The value of field `name`, if the entry has it.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// Everything the entry holds as one line, for looking for leaks.
    pub fn text(&self) -> String {
        let mut text = format!(
            "{:?} {} {} target={} span={:?}",
            self.kind, self.level, self.name, self.target, self.span_name
        );
        for (name, value) in &self.fields {
            let _ = write!(text, " {name}={value}");
        }
        text
    }
}

/// One attempt of a client request: an `http_request` span with the fields
/// recorded on it later (`status`, `duration_ms`) merged in.
#[derive(Clone, Debug)]
pub struct Attempt {
    /// When the span was created, on Tokio's clock.
    pub at: Instant,
    /// The span's level.
    pub level: Level,
    /// The span's id in the registry (ids are reused after a span closes).
    pub span: u64,
    /// All fields of the span.
    pub fields: Vec<(String, String)>,
}

impl Attempt {
    /// The value of field `name`, if set.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// The `attempt` field as a number.
    pub fn number(&self) -> Option<u32> {
        self.field("attempt").and_then(|value| value.parse().ok())
    }

    /// The `status` field as a number: `None` when no response came.
    pub fn status(&self) -> Option<u16> {
        self.field("status").and_then(|value| value.parse().ok())
    }
}

/// The process-wide capture; see [`install`].
#[derive(Debug)]
pub struct Capture {
    entries: Mutex<Vec<Entry>>,
    changed: Notify,
}

/// A position in the capture, to look only at what came after it.
#[derive(Clone, Copy, Debug)]
pub struct Mark(usize);

impl Capture {
    fn lock(&self) -> MutexGuard<'_, Vec<Entry>> {
        // A test that panicked while holding the lock leaves the entries intact.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn push(&self, entry: Entry) {
        self.lock().push(entry);
        self.changed.notify_waiters();
    }

    /// The current end of the capture.
    pub fn mark(&self) -> Mark {
        Mark(self.lock().len())
    }

    /// Everything captured after `mark`, on any thread.
    pub fn since(&self, mark: Mark) -> Vec<Entry> {
        self.lock()
            .get(mark.0..)
            .map(<[Entry]>::to_vec)
            .unwrap_or_default()
    }

    /// Everything captured on the calling thread.
    pub fn this_thread(&self) -> Vec<Entry> {
        let thread = std::thread::current().id();
        self.lock()
            .iter()
            .filter(|entry| entry.thread == thread)
            .cloned()
            .collect()
    }

    /// Waits until `entries_of_this_thread` (called with the calling
    /// thread's entries each time something new is captured) returns true.
    /// The thread's own futures make progress meanwhile when this runs on a
    /// current-thread runtime, so a test can wait for a client call it
    /// spawned to reach a given point.
    pub async fn wait_until(&self, mut entries_of_this_thread: impl FnMut(&[Entry]) -> bool) {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if entries_of_this_thread(&self.this_thread()) {
                return;
            }
            changed.await;
        }
    }
}

/// The `http_request` spans among `entries`, in order, each with the fields
/// recorded on it afterwards.
pub fn attempts(entries: &[Entry]) -> Vec<Attempt> {
    let mut attempts: Vec<Attempt> = Vec::new();
    for entry in entries {
        match entry.kind {
            Kind::Span if entry.name == "http_request" => {
                if let Some(span) = entry.span {
                    attempts.push(Attempt {
                        at: entry.at,
                        level: entry.level,
                        span,
                        fields: entry.fields.clone(),
                    });
                }
            }
            Kind::SpanRecord => {
                // Ids are reused, so a record belongs to the latest span with its id.
                if let Some(attempt) = attempts
                    .iter_mut()
                    .rev()
                    .find(|attempt| Some(attempt.span) == entry.span)
                {
                    attempt.fields.extend(entry.fields.iter().cloned());
                }
            }
            _ => {}
        }
    }
    attempts
}

/// The events among `entries` whose message is `message`.
pub fn events<'a>(entries: &'a [Entry], message: &str) -> Vec<&'a Entry> {
    entries
        .iter()
        .filter(|entry| entry.kind == Kind::Event && entry.field("message") == Some(message))
        .collect()
}

static CAPTURE: OnceLock<Result<&'static Capture, String>> = OnceLock::new();

/// Installs the capture as the global `tracing` subscriber and `log`
/// logger (at every level), once per process, and returns it.
///
/// # Errors
///
/// When another global subscriber or logger was set first.
pub fn install() -> Result<&'static Capture, String> {
    CAPTURE
        .get_or_init(|| {
            let capture: &'static Capture = Box::leak(Box::new(Capture {
                entries: Mutex::new(Vec::new()),
                changed: Notify::new(),
            }));
            let subscriber = tracing_subscriber::registry().with(CaptureLayer(capture));
            tracing::subscriber::set_global_default(subscriber)
                .map_err(|error| format!("a global tracing subscriber was already set: {error}"))?;
            log::set_logger(capture)
                .map_err(|error| format!("a global logger was already set: {error}"))?;
            log::set_max_level(log::LevelFilter::Trace);
            Ok(capture)
        })
        .clone()
}

/// Formats fields as text.
struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

fn fields_of(record: impl FnOnce(&mut Fields<'_>)) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    record(&mut Fields(&mut fields));
    fields
}

struct CaptureLayer(&'static Capture);

impl CaptureLayer {
    fn entry(&self, kind: Kind, name: &str, level: Level, target: &str) -> Entry {
        Entry {
            thread: std::thread::current().id(),
            at: Instant::now(),
            kind,
            name: name.to_owned(),
            level,
            target: target.to_owned(),
            span: None,
            span_name: None,
            fields: Vec::new(),
        }
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for CaptureLayer {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _ctx: Context<'_, S>) {
        let metadata = attrs.metadata();
        let mut entry = self.entry(
            Kind::Span,
            metadata.name(),
            *metadata.level(),
            metadata.target(),
        );
        entry.span = Some(id.into_u64());
        entry.fields = fields_of(|fields| attrs.record(fields));
        self.0.push(entry);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let span = ctx.span(id);
        let name = span.as_ref().map_or("", |span| span.name());
        let level = span
            .as_ref()
            .map_or(Level::TRACE, |span| *span.metadata().level());
        let target = span.as_ref().map_or("", |span| span.metadata().target());
        let mut entry = self.entry(Kind::SpanRecord, name, level, target);
        entry.span = Some(id.into_u64());
        entry.span_name = Some(name.to_owned());
        entry.fields = fields_of(|fields| values.record(fields));
        self.0.push(entry);
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let metadata = event.metadata();
        let mut entry = self.entry(
            Kind::Event,
            metadata.target(),
            *metadata.level(),
            metadata.target(),
        );
        if let Some(span) = ctx.event_span(event) {
            entry.span = Some(span.id().into_u64());
            entry.span_name = Some(span.name().to_owned());
        }
        entry.fields = fields_of(|fields| event.record(fields));
        self.0.push(entry);
    }
}

impl log::Log for Capture {
    fn enabled(&self, _metadata: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let level = match record.level() {
            log::Level::Error => Level::ERROR,
            log::Level::Warn => Level::WARN,
            log::Level::Info => Level::INFO,
            log::Level::Debug => Level::DEBUG,
            log::Level::Trace => Level::TRACE,
        };
        self.push(Entry {
            thread: std::thread::current().id(),
            at: Instant::now(),
            kind: Kind::Log,
            name: record.target().to_owned(),
            level,
            target: record.target().to_owned(),
            span: None,
            span_name: None,
            fields: vec![("message".to_owned(), record.args().to_string())],
        });
    }

    fn flush(&self) {}
}

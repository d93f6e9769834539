//! The error type of every client method.

use std::error::Error as _;

use crate::rate_limit::RateLimit;
use crate::spec::ErrorBody;

/// How many characters of an error body `Display` shows.
const BODY_PREVIEW_CHARS: usize = 200;

/// Everything that can go wrong when calling the API. `Display` says what
/// happened and, where there is one, what to do; no text ever contains a
/// credential.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An argument was rejected before anything was sent.
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// Why it was rejected.
        reason: String,
    },
    /// The request could not be sent, or its response could not be read.
    /// `Display` names the host (or the proxy) and what to check.
    Transport {
        /// What failed: connecting, TLS, a timeout, sending or reading.
        kind: TransportErrorKind,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// The API answered with a status outside 2xx (after any retries).
    /// Boxed, so that `Result<T, Error>` stays small. (A 2xx is an error
    /// only as [`Error::UndecodedBody`], for an operation safe to repeat.)
    Api(Box<ApiError>),
    /// The API answered with a redirect that was not followed because it
    /// would have turned the request into a GET without its body (a `303`,
    /// or a `301`/`302`, answered to a write): following it would report
    /// as done a write the new location never received. The server may
    /// have acted on the request all the same (a `303` often follows a
    /// write that was done). See
    /// [`ClientBuilder::follow_redirects_that_drop_the_body`](crate::ClientBuilder::follow_redirects_that_drop_the_body).
    Redirect {
        /// The redirect's status.
        status: reqwest::StatusCode,
        /// Its `location`, as the server sent it.
        location: String,
    },
    /// The response body was longer than the client reads
    /// ([`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size) for a 2xx,
    /// [`ClientBuilder::max_error_response_size`](crate::ClientBuilder::max_error_response_size)
    /// otherwise); the rest was not read. For a 2xx the server accepted the
    /// request.
    ResponseTooLarge {
        /// The response's status.
        status: reqwest::StatusCode,
        /// The limit, in bytes.
        limit: usize,
        /// The first bytes of the body (at most [`Error::KEPT_BYTES`]).
        head: bytes::Bytes,
    },
    /// The API answered 2xx to an operation that is safe to repeat (a GET,
    /// PUT, DELETE) with a body that could not be read as documented:
    /// empty, or not the documented JSON. The status and the bytes are
    /// kept. Sending the call again cannot make the API act twice
    /// ([`Error::is_retryable`] is true). An operation that is not safe to
    /// repeat never fails so: it returns [`Accepted`](crate::Accepted).
    UndecodedBody(Box<crate::accepted::UndecodedBody>),
    /// The call's deadline (`.deadline(..)` on the request) passed while an
    /// attempt was in flight, or before the first one started: the attempt
    /// was abandoned. [`Error::delivery`] says whether the request may have
    /// reached the server. (When the deadline only leaves no time for
    /// another attempt, the call returns what the last attempt got.)
    DeadlineExceeded {
        /// The attempts started (0 when the deadline had passed before
        /// the first).
        attempts: u32,
        /// Whether the abandoned request may have reached the server.
        delivery: Delivery,
    },
    /// A streamed response went quiet: no answer to the request came
    /// within the client's timeout, or no next bytes of the stream within
    /// its idle timeout (`ResponseStream::idle_timeout`). The stream ends;
    /// the server may have acted on the request.
    Stalled {
        /// How long the client waited.
        waited: std::time::Duration,
    },
    /// One item of a streamed response (an SSE event's data, a JSON line)
    /// is not the documented JSON. The stream goes on with the next item.
    UndecodableItem {
        /// The item as it came (its first [`Error::KEPT_BYTES`] bytes, as
        /// UTF-8 with invalid bytes replaced).
        text: String,
        /// Why it could not be decoded.
        reason: String,
    },
}

// `Display` and `Error` are written by hand rather than derived with
// `thiserror`: its proc-macro crate (and with it `syn` 2) would be compiled
// before this crate by every user's clean build, for a few messages of
// which most need code beyond a format string anyway.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidArgument { name, reason } => {
                write!(f, "invalid argument `{name}`: {reason}")
            }
            Self::Transport { kind, source } => {
                write!(f, "{}: {source}", transport_message(*kind, source))
            }
            Self::Api(error) => std::fmt::Display::fmt(error, f),
            Self::Redirect { status, location } => write!(
                f,
                "the API answered {status} with a redirect to `{location}`, which would resend the request as a GET without its body; it was not followed (the server may have acted on the request)"
            ),
            Self::ResponseTooLarge { status, limit, .. } => write!(
                f,
                "the API answered {status} with a body longer than {limit} bytes, which was not read past the limit"
            ),
            Self::UndecodedBody(undecoded) => write!(
                f,
                "the API answered {} and {}; the operation is safe to repeat",
                undecoded.status, undecoded.reason
            ),
            Self::DeadlineExceeded { attempts, delivery } => {
                let sent = match delivery {
                    Delivery::NotSent => "it was not sent",
                    Delivery::MaybeSent => "it may have been sent",
                    Delivery::Received => "the server received it",
                };
                match attempts {
                    0 => write!(f, "the call's deadline passed before the request was sent"),
                    n => write!(
                        f,
                        "the call's deadline passed during attempt {n} of the request, which was abandoned ({sent})"
                    ),
                }
            }
            Self::Stalled { waited } => write!(
                f,
                "the streamed response sent nothing for {} ms; it was closed (raise the stream's idle timeout if the API is slow)",
                waited.as_millis()
            ),
            Self::UndecodableItem { reason, .. } => write!(
                f,
                "an item of the streamed response is not the documented JSON ({reason}); the stream goes on"
            ),
        }
    }
}

/// The underlying error is the source of [`Error::Transport`] only: an
/// [`Error::Api`]'s text is already in its `Display`.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Whether a failed request reached the server: what a caller must know
/// before sending a write again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Delivery {
    /// Surely not sent: refused before sending, or no connection was made
    /// (sending it again cannot act twice).
    NotSent,
    /// May have been sent: the connection failed or timed out after the
    /// request started out; the server may have acted on it.
    MaybeSent,
    /// The server received it and answered (its status says what it did).
    Received,
}

/// A response with a status outside 2xx, for [`Error::Api`].
#[derive(Debug)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The error body decoded by the schema the spec documents for this
    /// operation and status (a variant of [`ErrorBody`] per schema), or as
    /// any JSON ([`ErrorBody`]'s last variant) when none is documented or
    /// the body does not fit it; `None` when the body is not JSON.
    pub error: Option<ErrorBody>,
    /// The values of the error body that could not be read as documented
    /// (a `null` message), each with its JSON pointer and raw JSON; `error`
    /// has the rest.
    pub unread: Vec<crate::tolerant::UnreadField>,
    /// The raw error body, as text.
    pub body: String,
    /// The rate-limit headers of the response.
    pub rate_limit: RateLimit,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&api_message(self.status, &self.body, &self.rate_limit))
    }
}

impl std::error::Error for ApiError {}

/// What part of an HTTP exchange failed, for [`Error::Transport`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, unreachable, DNS); nothing was sent.
    Connect,
    /// The proxy between the client and the API refused to open the
    /// connection (its rules or credentials); nothing was sent.
    Proxy,
    /// The TLS handshake failed (certificate, protocol); nothing was sent.
    Tls,
    /// The request or the connection timed out.
    Timeout,
    /// The request failed while being sent.
    Request,
    /// The response body could not be read.
    Body,
}

/// What happened and what to do, for `Display`: the host the request went
/// to, and for a proxy's refusal the proxy the environment names.
fn transport_message(kind: TransportErrorKind, source: &reqwest::Error) -> String {
    let host = source
        .url()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "the API".to_owned());
    match kind {
        TransportErrorKind::Connect => {
            format!("could not connect to {host} (check the base URL and the network)")
        }
        TransportErrorKind::Proxy => format!(
            "the proxy{} refused to open a connection to {host} (check the proxy's address, rules and credentials)",
            proxy_from_environment()
                .map(|proxy| format!(" {proxy}"))
                .unwrap_or_default()
        ),
        TransportErrorKind::Tls => {
            format!("the TLS handshake with {host} failed (check the server's certificate)")
        }
        TransportErrorKind::Timeout => format!(
            "the request to {host} timed out (retry later or raise the client's timeout)"
        ),
        TransportErrorKind::Request => format!("the request to {host} could not be sent"),
        TransportErrorKind::Body => format!("the response from {host} could not be read"),
    }
}

/// The proxy the environment sets for HTTPS (as reqwest reads it), without
/// any user name or password it holds.
fn proxy_from_environment() -> Option<String> {
    ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        .map(|value| match reqwest::Url::parse(&value) {
            Ok(mut url) => {
                let _ = url.set_username("");
                let _ = url.set_password(None);
                format!("`{url}`")
            }
            Err(_) => "set in the environment".to_owned(),
        })
}

impl Error {
    /// Wraps a `reqwest` error, telling its kind. The URL it keeps loses
    /// its query (which may carry a credential) and any user name or
    /// password.
    pub(crate) fn transport(mut source: reqwest::Error) -> Self {
        if let Some(url) = source.url_mut() {
            url.set_query(None);
            url.set_fragment(None);
            let _ = url.set_username("");
            let _ = url.set_password(None);
        }
        let kind = if source.is_timeout() {
            TransportErrorKind::Timeout
        } else if source.is_connect() {
            if is_tls_failure(&source) {
                TransportErrorKind::Tls
            } else if is_proxy_refusal(&source) {
                TransportErrorKind::Proxy
            } else {
                TransportErrorKind::Connect
            }
        } else if source.is_body() || source.is_decode() {
            TransportErrorKind::Body
        } else {
            TransportErrorKind::Request
        };
        Self::Transport { kind, source }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::Transport { source, .. } => source.status(),
            Self::Redirect { status, .. } | Self::ResponseTooLarge { status, .. } => Some(*status),
            Self::UndecodedBody(undecoded) => Some(undecoded.status),
            Self::InvalidArgument { .. }
            | Self::DeadlineExceeded { .. }
            | Self::Stalled { .. }
            | Self::UndecodableItem { .. } => None,
        }
    }

    /// The rate-limit information of the response, for [`Error::Api`].
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self {
            Self::Api(api) => Some(&api.rate_limit),
            _ => None,
        }
    }

    /// How many bytes of an over-long body [`Error::ResponseTooLarge`] keeps.
    pub const KEPT_BYTES: usize = 4096;

    /// Whether the request reached the server: [`Delivery::NotSent`] when
    /// it surely did not (an invalid argument, no connection, a refused
    /// proxy or TLS handshake, a connect timeout), [`Delivery::MaybeSent`]
    /// when the exchange broke after the request started out (a reset, a
    /// timeout while waiting for the answer), [`Delivery::Received`] when
    /// the server answered.
    pub fn delivery(&self) -> Delivery {
        match self {
            Self::InvalidArgument { .. } => Delivery::NotSent,
            Self::Transport { kind, source } => match kind {
                TransportErrorKind::Connect
                | TransportErrorKind::Proxy
                | TransportErrorKind::Tls => Delivery::NotSent,
                TransportErrorKind::Timeout if source.is_connect() => Delivery::NotSent,
                TransportErrorKind::Body => Delivery::Received,
                TransportErrorKind::Timeout | TransportErrorKind::Request => Delivery::MaybeSent,
            },
            Self::Api(_)
            | Self::Redirect { .. }
            | Self::ResponseTooLarge { .. }
            | Self::UndecodedBody(_)
            | Self::UndecodableItem { .. } => Delivery::Received,
            Self::DeadlineExceeded { delivery, .. } => *delivery,
            Self::Stalled { .. } => Delivery::MaybeSent,
        }
    }

    /// Whether sending the same call again may succeed and cannot make the
    /// API act twice: the request was not sent ([`Error::delivery`]) and
    /// nothing but the network stood in the way (not a certificate or a
    /// proxy's rules), or the API refused it without acting (408, 429,
    /// 503). The client's own retries ([`RetryPolicy`](crate::RetryPolicy)) have already
    /// been made when an error is returned; a request the API may have
    /// received is never retryable here, whatever its method.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { kind, .. } => {
                self.delivery() == Delivery::NotSent
                    && !matches!(kind, TransportErrorKind::Tls | TransportErrorKind::Proxy)
            }
            Self::Api(api) => api.is_retryable(),
            Self::UndecodedBody(_) => true,
            Self::DeadlineExceeded { delivery, .. } => *delivery == Delivery::NotSent,
            _ => false,
        }
    }
}

/// Branching on an error: what kind of refusal it is and when to try again.
impl Error {
    /// The answer of the API, for [`Error::Api`].
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Whether the API answered `404 Not Found`: the thing asked for does
    /// not exist (its documented body, when there is one, is in
    /// [`ApiError::error`]).
    pub fn is_not_found(&self) -> bool {
        self.api().is_some_and(ApiError::is_not_found)
    }

    /// Whether the API answered `429 Too Many Requests`, after the
    /// client's own retries: [`Error::retry_after`] says how long to wait.
    pub fn is_rate_limited(&self) -> bool {
        self.api().is_some_and(ApiError::is_rate_limited)
    }

    /// How long the API asks to wait before the next request, for
    /// [`Error::Api`]: see [`ApiError::retry_after`].
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.api().and_then(ApiError::retry_after)
    }
}

/// Branching on an answer outside 2xx, and building one in tests.
impl ApiError {
    /// An answer of `status` with no body and no headers, for tests of
    /// code that handles errors: the client builds its own from the
    /// response. Add what the test needs with [`ApiError::with_error`],
    /// [`ApiError::with_body`] and [`ApiError::with_headers`], then make
    /// it an [`Error::Api`] with `Error::from`.
    pub fn new(status: reqwest::StatusCode) -> Self {
        Self {
            status,
            error: None,
            unread: Vec::new(),
            body: String::new(),
            rate_limit: RateLimit::default(),
            headers: reqwest::header::HeaderMap::new(),
        }
    }

    /// With `error` as the decoded body ([`ApiError::error`]).
    #[must_use]
    pub fn with_error(mut self, error: ErrorBody) -> Self {
        self.error = Some(error);
        self
    }

    /// With `body` as the raw body text ([`ApiError::body`]); the decoded
    /// body is left as it is.
    #[must_use]
    pub fn with_body(mut self, body: impl Into<String>) -> Self {
        self.body = body.into();
        self
    }

    /// With `headers` as the response headers, and the rate-limit
    /// information read from them ([`ApiError::rate_limit`]), as the
    /// client reads a response's.
    #[must_use]
    pub fn with_headers(mut self, headers: reqwest::header::HeaderMap) -> Self {
        self.rate_limit = RateLimit::from_headers(&headers);
        self.headers = headers;
        self
    }

    /// The HTTP status ([`ApiError::status`]).
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// Whether the status is `404 Not Found`.
    pub fn is_not_found(&self) -> bool {
        self.status == reqwest::StatusCode::NOT_FOUND
    }

    /// Whether the status is `429 Too Many Requests`.
    pub fn is_rate_limited(&self) -> bool {
        self.status == reqwest::StatusCode::TOO_MANY_REQUESTS
    }

    /// Whether the API refused the request without acting on it (408, 429,
    /// 503), so that sending it again later may succeed: see
    /// [`Error::is_retryable`].
    pub fn is_retryable(&self) -> bool {
        matches!(self.status.as_u16(), 408 | 429 | 503)
    }

    /// How long the API asks to wait before the next request: its
    /// `Retry-After` header (seconds, or an HTTP date read as the time
    /// from now until then), else, for a `429`, the time until the
    /// rate-limit window resets ([`RateLimit::reset`]); `None` when the
    /// response says neither.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        crate::rate_limit::retry_after(&self.headers).or_else(|| {
            if self.is_rate_limited() {
                self.rate_limit.reset
            } else {
                None
            }
        })
    }
}

impl From<ApiError> for Error {
    fn from(api: ApiError) -> Self {
        Self::Api(Box::new(api))
    }
}

/// Whether a connect error comes from TLS: rustls reports its failures
/// as `InvalidData` I/O errors, which tokio-rustls wraps in another I/O
/// error (whose `source()` skips the wrapped one, so it is opened by hand);
/// native-tls as its own `native_tls::Error`.
fn is_tls_failure(error: &reqwest::Error) -> bool {
    let mut pending: Vec<&(dyn std::error::Error + 'static)> = error.source().into_iter().collect();
    while let Some(cause) = pending.pop() {
        #[cfg(feature = "native-tls")]
        if cause.is::<native_tls::Error>() {
            return true;
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::InvalidData {
                return true;
            }
            if let Some(inner) = io.get_ref() {
                pending.push(inner);
            }
        }
        pending.extend(cause.source());
    }
    false
}

/// Whether a connect error is a proxy refusing the tunnel (hyper-util's
/// `tunnel error: ...`).
fn is_proxy_refusal(error: &reqwest::Error) -> bool {
    let mut source = error.source();
    while let Some(cause) = source {
        if cause.to_string().starts_with("tunnel error") {
            return true;
        }
        source = cause.source();
    }
    false
}

/// `Display` of [`Error::Api`]: the status, advice for the common
/// statuses, and the start of the body.
fn api_message(status: reqwest::StatusCode, body: &str, rate_limit: &RateLimit) -> String {
    let advice = match status.as_u16() {
        401 => " (check the API key)".to_owned(),
        403 => " (the key lacks a permission, or the IP is not allowed)".to_owned(),
        429 => match rate_limit.reset {
            Some(reset) => format!(
                " (rate limit reached; the window resets in {} s)",
                reset.as_secs()
            ),
            None => " (rate limit reached; slow down)".to_owned(),
        },
        _ => String::new(),
    };
    format!("the API answered {status}{advice}: {}", preview(body))
}

/// The start of an error body.
fn preview(body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        return "(empty body)".to_owned();
    }
    match body.char_indices().nth(BODY_PREVIEW_CHARS) {
        Some((end, _)) => format!("{}…", &body[..end]),
        None => body.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_give_advice_and_the_start_of_the_body() {
        let limited = RateLimit {
            reset: Some(std::time::Duration::from_secs(42)),
            ..RateLimit::default()
        };
        let text = api_message(reqwest::StatusCode::TOO_MANY_REQUESTS, "slow", &limited);
        assert_eq!(
            text,
            "the API answered 429 Too Many Requests (rate limit reached; the window resets in 42 s): slow"
        );
        let long = "x".repeat(BODY_PREVIEW_CHARS + 10);
        let text = api_message(
            reqwest::StatusCode::UNAUTHORIZED,
            &long,
            &RateLimit::default(),
        );
        assert!(text.contains("(check the API key)"), "{text}");
        assert!(
            text.ends_with(&format!("{}…", "x".repeat(BODY_PREVIEW_CHARS))),
            "{text}"
        );
        assert!(
            api_message(reqwest::StatusCode::NOT_FOUND, " ", &RateLimit::default())
                .ends_with("(empty body)")
        );
    }

    #[test]
    fn retry_after_reads_the_header_else_the_reset_of_a_429() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(RateLimit::RESET_HEADER, "12".parse().expect("a header"));
        let limited =
            ApiError::new(reqwest::StatusCode::TOO_MANY_REQUESTS).with_headers(headers.clone());
        assert_eq!(
            limited.rate_limit.reset,
            Some(std::time::Duration::from_secs(12))
        );
        assert_eq!(
            limited.retry_after(),
            Some(std::time::Duration::from_secs(12))
        );
        let error = Error::from(limited);
        assert!(error.is_rate_limited() && error.is_retryable() && !error.is_not_found());
        assert_eq!(error.status(), Some(reqwest::StatusCode::TOO_MANY_REQUESTS));
        // A reset says when the window opens, not that a 503 should wait for it.
        let unavailable =
            ApiError::new(reqwest::StatusCode::SERVICE_UNAVAILABLE).with_headers(headers.clone());
        assert_eq!(unavailable.retry_after(), None);
        headers.insert("retry-after", "3".parse().expect("a header"));
        let unavailable =
            ApiError::new(reqwest::StatusCode::SERVICE_UNAVAILABLE).with_headers(headers);
        assert_eq!(
            unavailable.retry_after(),
            Some(std::time::Duration::from_secs(3))
        );
        let missing = Error::from(ApiError::new(reqwest::StatusCode::NOT_FOUND));
        assert!(missing.is_not_found() && !missing.is_retryable());
        assert_eq!(missing.retry_after(), None);
    }
}

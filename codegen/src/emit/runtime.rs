//! Emits the runtime modules every generated client shares: `transport.rs`
//! (sending with retries and tracing), `retry.rs` (the retry policy),
//! `rate_limit.rs` and `response.rs`. Their code hardly depends on the spec:
//! only the rate-limit header names and the error type do.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, BodyMedia, ParamLocation};

/// Whether some operation sends a JSON body.
pub fn uses_json_body(api: &Api) -> bool {
    api.operations
        .iter()
        .any(|op| op.body.as_ref().is_some_and(|b| b.media == BodyMedia::Json))
}

/// Whether some operation has a parameter in `location`: decides which
/// request helpers are emitted, imported and depended on, in one place.
pub fn uses_param(api: &Api, location: ParamLocation) -> bool {
    api.operations
        .iter()
        .any(|op| op.params.iter().any(|p| p.location == location))
}

/// Whether some operation sends a multipart body.
pub fn uses_multipart(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        op.body
            .as_ref()
            .is_some_and(|b| b.media == BodyMedia::Multipart)
    })
}

/// `transport.rs`: `OperationInfo`, `PreparedRequest`, the attempt loop and
/// the small helpers methods use to build requests.
pub fn transport_module(api: &Api) -> TokenStream {
    let error_model = api
        .error_type
        .as_ref()
        .map(|_| quote! { error: serde_json::from_slice(&self.body).ok(), });
    let helpers = request_helpers(api);
    let multipart = uses_multipart(api);
    let multipart_variant = multipart.then(|| {
        quote! {
            /// `multipart/form-data` parts, made into a form for each attempt.
            Multipart(Vec<crate::multipart::Part>),
        }
    });
    let multipart_arm = multipart.then(|| {
        quote! {
            Some(RequestBody::Multipart(parts)) => builder.multipart(crate::multipart::form(parts)?),
        }
    });
    let json = uses_json_body(api);
    let json_variant = json.then(|| {
        quote! {
            /// JSON, serialised.
            Json(Bytes),
        }
    });
    let json_arm = json.then(|| {
        quote! {
            Some(RequestBody::Json(body)) => builder
                .header(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.clone()),
        }
    });
    let body_match = if json || multipart {
        quote! {
            builder = match &request.body {
                #json_arm
                #multipart_arm
                None => builder,
            };
        }
    } else {
        // No operation has a body: `RequestBody` has no variant.
        quote! {
            if let Some(body) = &request.body {
                match *body {}
            }
        }
    };
    let decoding = api.operations.iter().any(|op| op.success.ty.is_some()).then(|| {
        quote! {
            impl RawResponse {
                /// The body decoded as `T`; [`Error::Decode`] when it is not.
                pub(crate) fn json_body<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
                    decode(self.status, self.body)
                }

                /// The body decoded as `T`, with the response's metadata.
                pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
                    let Self { status, headers, body } = self;
                    let rate_limit = RateLimit::from_headers(&headers);
                    let body = decode(status, body)?;
                    Ok(ApiResponse { status, headers, rate_limit, body })
                }
            }

            /// `body` decoded as `T`; [`Error::Decode`], with the bytes, when it is not.
            fn decode<T: serde::de::DeserializeOwned>(status: StatusCode, body: Bytes) -> Result<T, Error> {
                serde_json::from_slice(&body).map_err(|source| Error::Decode { status, source, body })
            }
        }
    });
    let empty = api.operations.iter().any(|op| op.success.ty.is_none()).then(|| {
        quote! {
            impl RawResponse {
                /// Success without a body: whatever the server sent is ignored.
                pub(crate) fn empty(self) -> ApiResponse<()> {
                    let rate_limit = RateLimit::from_headers(&self.headers);
                    ApiResponse { status: self.status, headers: self.headers, rate_limit, body: () }
                }
            }
        }
    });
    quote! {
        //! Sending requests: one attempt at a time, retried as the client's
        //! [`RetryPolicy`] says, each attempt in its own `tracing` span.

        use std::time::Instant;

        use bytes::Bytes;
        use reqwest::header::{HeaderMap, HeaderValue};
        use reqwest::StatusCode;
        use tracing::Instrument;

        use crate::client::Client;
        use crate::error::{ApiError, Error};
        use crate::rate_limit::{retry_after, RateLimit};
        use crate::response::ApiResponse;
        use crate::retry::{Decision, RetryPolicy};

        /// What the transport needs to know about an operation.
        #[derive(Clone, Debug)]
        pub(crate) struct OperationInfo {
            /// The spec's operationId.
            pub(crate) id: &'static str,
            /// The HTTP method.
            pub(crate) method: reqwest::Method,
            /// The path template, as in the spec (never the filled-in path).
            pub(crate) path: &'static str,
            /// Whether sending the request twice does no harm.
            pub(crate) idempotent: bool,
        }

        /// A request ready to be sent, and sent again.
        pub(crate) struct PreparedRequest {
            /// The operation.
            pub(crate) operation: &'static OperationInfo,
            /// The path (encoded) and query, appended to the base URL.
            pub(crate) url_path: String,
            /// Header parameters.
            pub(crate) headers: HeaderMap,
            /// The body, encoded once for all attempts.
            pub(crate) body: Option<RequestBody>,
        }

        /// A request body ready to be sent (again).
        pub(crate) enum RequestBody {
            #json_variant
            #multipart_variant
        }

        /// A response read in full.
        pub(crate) struct RawResponse {
            status: StatusCode,
            headers: HeaderMap,
            body: Bytes,
        }

        #decoding
        #empty

        impl RawResponse {
            /// The [`Error::Api`] for a status outside 2xx.
            fn into_error(self) -> Error {
                Error::Api(Box::new(ApiError {
                    status: self.status,
                    #error_model
                    body: String::from_utf8_lossy(&self.body).into_owned(),
                    rate_limit: RateLimit::from_headers(&self.headers),
                }))
            }
        }

        impl Client {
            /// Sends `request`, retrying as the policy allows; a final status
            /// outside 2xx becomes [`Error::Api`].
            pub(crate) async fn execute(&self, request: PreparedRequest) -> Result<RawResponse, Error> {
                let url = format!("{}{}", self.inner.base_url, request.url_path);
                let policy: &RetryPolicy = &self.inner.retry;
                let operation = request.operation;
                let mut attempt: u32 = 0;
                loop {
                    attempt += 1;
                    let span = tracing::debug_span!(
                        "http_request",
                        operation = operation.id,
                        method = operation.method.as_str(),
                        path = operation.path,
                        attempt,
                        status = tracing::field::Empty,
                        duration_ms = tracing::field::Empty,
                    );
                    let started = Instant::now();
                    let outcome = self.attempt(&url, &request).instrument(span.clone()).await;
                    span.record("duration_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
                    let decision = match &outcome {
                        Ok(response) => {
                            span.record("status", response.status.as_u16());
                            if response.status.is_success() {
                                return outcome;
                            }
                            let wait = retry_after(&response.headers)
                                .or_else(|| RateLimit::from_headers(&response.headers).reset);
                            policy.after_status(response.status, wait, attempt, operation.idempotent)
                        }
                        Err(error) => policy.after_error(error, attempt, operation.idempotent),
                    };
                    match decision {
                        Decision::RetryAfter(delay) => {
                            tracing::debug!(parent: &span, delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX), "retrying");
                            tokio::time::sleep(delay).await;
                        }
                        Decision::GiveUp => {
                            return match outcome {
                                Ok(response) => Err(response.into_error()),
                                Err(error) => Err(error),
                            };
                        }
                    }
                }
            }

            /// One attempt: send, then read the whole response.
            async fn attempt(&self, url: &str, request: &PreparedRequest) -> Result<RawResponse, Error> {
                let mut builder = self
                    .inner
                    .http
                    .request(request.operation.method.clone(), url)
                    .header(reqwest::header::ACCEPT, HeaderValue::from_static("application/json"));
                for (name, value) in &self.inner.credentials {
                    builder = builder.header(name.clone(), value.clone());
                }
                if let Some(user_agent) = &self.inner.user_agent {
                    builder = builder.header(reqwest::header::USER_AGENT, user_agent.clone());
                }
                if !request.headers.is_empty() {
                    builder = builder.headers(request.headers.clone());
                }
                #body_match
                if let Some(timeout) = self.inner.timeout {
                    builder = builder.timeout(timeout);
                }
                let mut response = builder.send().await.map_err(Error::transport)?;
                let status = response.status();
                let headers = std::mem::take(response.headers_mut());
                let body = response.bytes().await.map_err(Error::transport)?;
                Ok(RawResponse { status, headers, body })
            }
        }

        #helpers
    }
}

/// The helpers operation methods call, each only when some method uses it.
fn request_helpers(api: &Api) -> TokenStream {
    let uses = |location| uses_param(api, location);
    let mut out = TokenStream::new();
    if !api.auth.is_empty() {
        out.extend(quote! {
        /// A header value that is never logged or shown by `Debug`.
        pub(crate) fn secret_header(name: &'static str, value: &str) -> Result<HeaderValue, Error> {
            let mut header = HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
                name,
                reason: "not a valid header value (it must be visible ASCII)".to_owned(),
            })?;
            header.set_sensitive(true);
            Ok(header)
        }
        });
    }
    if uses_json_body(api) {
        out.extend(quote! {
            /// `body` serialised as JSON, once for all attempts.
            pub(crate) fn json_body<T: serde::Serialize>(body: &T) -> Result<RequestBody, Error> {
                serde_json::to_vec(body)
                    .map(|bytes| RequestBody::Json(Bytes::from(bytes)))
                    .map_err(|error| Error::InvalidArgument {
                        name: "body",
                        reason: error.to_string(),
                    })
            }
        });
    }
    if uses(ParamLocation::Path) || uses(ParamLocation::Query) {
        out.extend(quote! {
            /// The characters a path segment or a query key or value keeps as
            /// they are (RFC 3986 unreserved); all others are percent-encoded.
            const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~');
        });
    }
    if uses(ParamLocation::Path) {
        out.extend(quote! {
            /// `value` percent-encoded as exactly one path segment. Empty values
            /// and `.`/`..` (which URL parsers resolve away) are rejected.
            pub(crate) fn path_segment(name: &'static str, value: &str) -> Result<String, Error> {
                if value.is_empty() {
                    return Err(Error::InvalidArgument { name, reason: "must not be empty".to_owned() });
                }
                if value == "." || value == ".." {
                    return Err(Error::InvalidArgument { name, reason: format!("`{value}` cannot be sent as a path segment") });
                }
                Ok(percent_encoding::utf8_percent_encode(value, UNRESERVED).to_string())
            }
        });
    }
    if uses(ParamLocation::Query) {
        out.extend(quote! {
            /// Appends `name=value`, both percent-encoded, to `query_string`.
            pub(crate) fn push_query(query_string: &mut String, name: &str, value: &str) {
                if !query_string.is_empty() {
                    query_string.push('&');
                }
                query_string.extend(percent_encoding::utf8_percent_encode(name, UNRESERVED));
                query_string.push('=');
                query_string.extend(percent_encoding::utf8_percent_encode(value, UNRESERVED));
            }
        });
    }
    if uses(ParamLocation::Header) {
        out.extend(quote! {
            /// A header parameter's value, checked before sending.
            pub(crate) fn header_value(name: &'static str, value: &str) -> Result<HeaderValue, Error> {
                HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
                    name,
                    reason: "not a valid header value (it must be visible ASCII)".to_owned(),
                })
            }
        });
    }
    out
}

/// `retry.rs`: the policy and the decision after each attempt.
pub fn retry_module(crate_ident: &str) -> TokenStream {
    let example_use = format!(" use {crate_ident}::RetryPolicy;");
    quote! {
        //! When a failed request is tried again, and after how long.
        //!
        //! Requests that are safe to repeat (GET, PUT, DELETE and operations the
        //! spec marks idempotent) are retried on 408, 429, 5xx and on connection
        //! failures and timeouts. Others (POST) are retried only on 429 and on
        //! failures before the request was sent (connection refused, DNS), since
        //! the API has no idempotency key and a repeated POST acts twice. A 429
        //! waits for the rate-limit window to reset when the server says when,
        //! unless that is longer than the policy's cap: then the error is
        //! returned at once.

        use std::hash::{BuildHasher, Hasher};
        use std::time::Duration;

        use reqwest::StatusCode;

        use crate::error::{Error, TransportErrorKind};

        /// How a client retries failed requests: how many times, and how long it
        /// waits (exponential backoff with jitter, capped).
        ///
        /// ```
        #[doc = #example_use]
        /// use std::time::Duration;
        ///
        /// let policy = RetryPolicy::default()
        ///     .with_max_retries(5)
        ///     .with_base_delay(Duration::from_millis(200))
        ///     .with_max_delay(Duration::from_secs(10));
        /// assert_eq!(policy.max_retries(), 5);
        /// assert_eq!(RetryPolicy::disabled().max_retries(), 0);
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct RetryPolicy {
            max_retries: u32,
            base_delay: Duration,
            max_delay: Duration,
        }

        impl Default for RetryPolicy {
            /// 3 retries, 500 ms base delay, 30 s cap.
            fn default() -> Self {
                Self { max_retries: 3, base_delay: Duration::from_millis(500), max_delay: Duration::from_secs(30) }
            }
        }

        impl RetryPolicy {
            /// No retries: every failure is returned at once.
            pub fn disabled() -> Self {
                Self { max_retries: 0, ..Self::default() }
            }

            /// Retries a failed request at most `max_retries` times (0 turns retries off).
            pub fn with_max_retries(mut self, max_retries: u32) -> Self {
                self.max_retries = max_retries;
                self
            }

            /// The first backoff delay; each further retry doubles it.
            pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
                self.base_delay = base_delay;
                self
            }

            /// The longest wait before a retry. A 429 whose window resets later
            /// than this is returned at once instead of waited for.
            pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
                self.max_delay = max_delay;
                self
            }

            /// How many times a request is retried at most.
            pub fn max_retries(&self) -> u32 {
                self.max_retries
            }

            /// The first backoff delay.
            pub fn base_delay(&self) -> Duration {
                self.base_delay
            }

            /// The longest wait before a retry.
            pub fn max_delay(&self) -> Duration {
                self.max_delay
            }

            /// What to do after attempt number `attempt` (from 1) got `status`
            /// outside 2xx; `wait` is how long the server asked to wait, if it did.
            pub(crate) fn after_status(&self, status: StatusCode, wait: Option<Duration>, attempt: u32, idempotent: bool) -> Decision {
                if attempt > self.max_retries {
                    return Decision::GiveUp;
                }
                if status == StatusCode::TOO_MANY_REQUESTS {
                    return match wait {
                        Some(wait) if wait <= self.max_delay => Decision::RetryAfter(wait),
                        Some(_) => Decision::GiveUp,
                        None => Decision::RetryAfter(self.backoff(attempt)),
                    };
                }
                if idempotent && (status == StatusCode::REQUEST_TIMEOUT || status.is_server_error()) {
                    return Decision::RetryAfter(self.backoff(attempt));
                }
                Decision::GiveUp
            }

            /// What to do after attempt number `attempt` failed with `error`.
            pub(crate) fn after_error(&self, error: &Error, attempt: u32, idempotent: bool) -> Decision {
                if attempt > self.max_retries {
                    return Decision::GiveUp;
                }
                let Error::Transport { kind, source } = error else {
                    return Decision::GiveUp;
                };
                let retry = match kind {
                    TransportErrorKind::Tls => false,
                    _ if idempotent => true,
                    // Not sent yet: refused, unreachable, DNS, connect timeout.
                    _ => source.is_connect(),
                };
                if retry {
                    Decision::RetryAfter(self.backoff(attempt))
                } else {
                    Decision::GiveUp
                }
            }

            /// Exponential backoff with equal jitter: half the step, plus a random
            /// part of the other half, capped at `max_delay`.
            fn backoff(&self, attempt: u32) -> Duration {
                let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
                let step = self.base_delay.saturating_mul(factor).min(self.max_delay);
                let half = step / 2;
                half + jitter(step - half)
            }
        }

        /// The outcome of one attempt, for the transport.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Decision {
            /// Wait this long, then try again.
            RetryAfter(Duration),
            /// Return the outcome as it is.
            GiveUp,
        }

        /// A random duration in `[0, max]`, from the standard library's
        /// randomly seeded hasher (no extra dependency).
        fn jitter(max: Duration) -> Duration {
            let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
            if nanos == 0 {
                return Duration::ZERO;
            }
            let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
            Duration::from_nanos(random % (nanos + 1))
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn backoff_grows_and_stays_under_the_cap() {
                let policy = RetryPolicy::default()
                    .with_base_delay(Duration::from_millis(100))
                    .with_max_delay(Duration::from_secs(1));
                for attempt in 1..40 {
                    let delay = policy.backoff(attempt);
                    assert!(delay <= Duration::from_secs(1), "{delay:?}");
                }
                let first = policy.backoff(1);
                assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
                let fourth = policy.backoff(4);
                assert!(fourth >= Duration::from_millis(400), "{fourth:?}");
            }

            #[test]
            fn rate_limited_requests_wait_for_the_reset_within_the_cap() {
                let policy = RetryPolicy::default().with_max_delay(Duration::from_secs(10));
                let limited = StatusCode::TOO_MANY_REQUESTS;
                assert_eq!(policy.after_status(limited, Some(Duration::from_secs(3)), 1, false), Decision::RetryAfter(Duration::from_secs(3)));
                assert_eq!(policy.after_status(limited, Some(Duration::from_secs(60)), 1, true), Decision::GiveUp);
                assert_eq!(policy.after_status(limited, Some(Duration::from_secs(3)), 4, true), Decision::GiveUp);
            }

            #[test]
            fn server_errors_are_retried_only_when_repeating_is_safe() {
                let policy = RetryPolicy::default();
                let unavailable = StatusCode::SERVICE_UNAVAILABLE;
                assert!(matches!(policy.after_status(unavailable, None, 1, true), Decision::RetryAfter(_)));
                assert_eq!(policy.after_status(unavailable, None, 1, false), Decision::GiveUp);
                assert_eq!(policy.after_status(StatusCode::BAD_REQUEST, None, 1, true), Decision::GiveUp);
                assert_eq!(RetryPolicy::disabled().after_status(unavailable, None, 1, true), Decision::GiveUp);
            }
        }
    }
}

/// `rate_limit.rs`: the rate-limit headers, parsed.
pub fn rate_limit_module(api: &Api) -> TokenStream {
    let limit = &api.rate_limit_headers.limit;
    let remaining = &api.rate_limit_headers.remaining;
    let reset = &api.rate_limit_headers.reset;
    let doc = format!(
        " The API's rate-limit state as its last response reported it (headers `{limit}`, `{remaining}` and `{reset}`)."
    );
    quote! {
        //! Rate-limit information from response headers.

        use std::time::Duration;

        use reqwest::header::HeaderMap;

        #[doc = #doc]
        ///
        /// Every field is `None` when the header is absent or not a number.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct RateLimit {
            /// How many requests the current window allows.
            pub limit: Option<u64>,
            /// How many requests are left in the current window.
            pub remaining: Option<u64>,
            /// How long until the window resets.
            pub reset: Option<Duration>,
        }

        impl RateLimit {
            /// The header that carries [`RateLimit::limit`].
            pub const LIMIT_HEADER: &'static str = #limit;
            /// The header that carries [`RateLimit::remaining`].
            pub const REMAINING_HEADER: &'static str = #remaining;
            /// The header that carries [`RateLimit::reset`], in seconds.
            pub const RESET_HEADER: &'static str = #reset;

            /// Reads the rate-limit headers of a response.
            pub fn from_headers(headers: &HeaderMap) -> Self {
                Self {
                    limit: header_number(headers, Self::LIMIT_HEADER),
                    remaining: header_number(headers, Self::REMAINING_HEADER),
                    reset: header_seconds(headers, Self::RESET_HEADER),
                }
            }
        }

        /// The standard `Retry-After` header, when it is a number of seconds.
        pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
            header_seconds(headers, "retry-after")
        }

        fn header_number(headers: &HeaderMap, name: &str) -> Option<u64> {
            headers.get(name)?.to_str().ok()?.trim().parse().ok()
        }

        fn header_seconds(headers: &HeaderMap, name: &str) -> Option<Duration> {
            let seconds: f64 = headers.get(name)?.to_str().ok()?.trim().parse().ok()?;
            Duration::try_from_secs_f64(seconds).ok()
        }
    }
}

/// `response.rs`: `ApiResponse<T>`.
pub fn response_module() -> TokenStream {
    quote! {
        //! A successful response with its metadata.

        use reqwest::header::HeaderMap;
        use reqwest::StatusCode;

        use crate::rate_limit::RateLimit;

        /// A successful response: the decoded body with the status, headers and
        /// rate-limit information it came with. The `_with_response` methods
        /// return it; the plain methods return only the body.
        #[derive(Clone, Debug)]
        pub struct ApiResponse<T> {
            /// The HTTP status (2xx).
            pub status: StatusCode,
            /// The response headers.
            pub headers: HeaderMap,
            /// The rate-limit headers, parsed.
            pub rate_limit: RateLimit,
            /// The decoded body.
            pub body: T,
        }

        impl<T> ApiResponse<T> {
            /// The body alone.
            pub fn into_body(self) -> T {
                self.body
            }
        }
    }
}

/// `multipart.rs`: `FilePart`, and the parts of a multipart body made into a
/// `reqwest` form for each attempt.
pub fn multipart_module(api: &Api) -> TokenStream {
    let needs_json = api
        .operations
        .iter()
        .filter_map(|op| op.body.as_ref())
        .any(|body| {
            body.media == BodyMedia::Multipart
                && super::operations::multipart_fields(api, body).any(|field| {
                    super::operations::part_kind(api, &field.ty)
                        == super::operations::PartKind::Json
                })
        });
    let json_part = needs_json.then(|| {
        quote! {
            impl Part {
                /// A text part holding `value` as JSON (for objects and lists).
                pub(crate) fn json<T: serde::Serialize>(name: &'static str, value: &T) -> Result<Self, Error> {
                    let value = serde_json::to_string(value).map_err(|error| Error::InvalidArgument {
                        name,
                        reason: error.to_string(),
                    })?;
                    Ok(Self::Text { name, value })
                }
            }
        }
    });
    quote! {
        //! `multipart/form-data` bodies: files and text parts.

        use bytes::Bytes;

        use crate::error::Error;

        /// A file sent as one part of a `multipart/form-data` request.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct FilePart {
            /// The file name the server is told.
            pub file_name: String,
            /// The part's `content-type` (`text/csv`), if it should have one.
            pub content_type: Option<String>,
            /// The file's contents.
            pub bytes: Bytes,
        }

        impl FilePart {
            /// A file named `file_name` with `bytes` as contents and no content type.
            pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
                Self { file_name: file_name.into(), content_type: None, bytes: bytes.into() }
            }

            /// The same file with a `content-type`.
            pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
                self.content_type = Some(content_type.into());
                self
            }
        }

        /// Serialised as its bytes (the file name is not part of the data).
        impl serde::Serialize for FilePart {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bytes(&self.bytes)
            }
        }

        /// Read back from bytes, with an empty file name.
        impl<'de> serde::Deserialize<'de> for FilePart {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let bytes = <Vec<u8>>::deserialize(deserializer)?;
                Ok(Self::new(String::new(), bytes))
            }
        }

        /// One part of a multipart body, kept so the form can be rebuilt for a retry.
        pub(crate) enum Part {
            /// A text field.
            Text {
                /// The field name.
                name: &'static str,
                /// Its value.
                value: String,
            },
            /// A file.
            File {
                /// The field name.
                name: &'static str,
                /// The file.
                file: FilePart,
            },
        }

        #json_part

        /// The `reqwest` form for `parts`.
        pub(crate) fn form(parts: &[Part]) -> Result<reqwest::multipart::Form, Error> {
            let mut form = reqwest::multipart::Form::new();
            for part in parts {
                form = match part {
                    Part::Text { name, value } => form.text(*name, value.clone()),
                    Part::File { name, file } => {
                        let mut file_part = reqwest::multipart::Part::bytes(file.bytes.to_vec())
                            .file_name(file.file_name.clone());
                        if let Some(content_type) = &file.content_type {
                            file_part = file_part.mime_str(content_type).map_err(|_| Error::InvalidArgument {
                                name,
                                reason: format!("`{content_type}` is not a valid content type"),
                            })?;
                        }
                        form.part(*name, file_part)
                    }
                };
            }
            Ok(form)
        }
    }
}

//! Sending requests: one attempt at a time, retried as the client's
//! [`RetryPolicy`] says within its retry budget, each attempt in its own
//! `tracing` span, within the call's deadline. An attempt follows the
//! redirects the client follows (within the origin, keeping the method and
//! the body) and reads the response body up to the client's limit; the
//! client's hooks run around each request sent.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use tokio::time::Instant;
use tracing::Instrument;

use crate::client::{Carrier, Client, Credential, Redirects, MAX_REDIRECTS};
use crate::error::{Delivery, Error, TransportErrorKind};
use crate::hooks::{redacted, redacted_url, RequestInfo, ResponseInfo};
use crate::rate_limit::{retry_after, RateLimit};
use crate::request::{push_query, secret_header, PreparedRequest, RequestBody};
use crate::response::RawResponse;
use crate::retry::{Decision, RetryPolicy};
use crate::settings::CallSettings;

/// What every attempt of one call sends.
struct Exchange<'a> {
    /// The prepared request.
    request: &'a PreparedRequest,
    /// The credentials it is sent with.
    credentials: &'a [&'a Credential],
    /// The headers set on the call.
    extra_headers: &'a HeaderMap,
    /// Whether a successful response's body is left unread, to be read as
    /// it comes.
    streamed: bool,
}

/// One HTTP request of an attempt (the first, or one a redirect leads
/// to): where, how, and for how long.
struct Hop<'a> {
    url: &'a str,
    method: &'a Method,
    /// Whether the body goes too (a redirect may drop it).
    with_body: bool,
    /// What is left of the attempt's timeout.
    timeout: Option<Duration>,
    /// The attempt, from 1.
    attempt: u32,
}

impl Client {
    /// Sends `request` with the call's `settings` over the client's,
    /// retrying as the policy allows within the call's deadline; a final
    /// status outside 2xx becomes [`Error::Api`].
    pub(crate) async fn execute(
        &self,
        request: PreparedRequest,
        settings: CallSettings,
    ) -> Result<RawResponse, Error> {
        match self.send_retried(request, settings, false).await? {
            Answer::Read(response) => Ok(response),
            Answer::Open(response) => self.read(response).await,
        }
    }

    /// [`Client::execute`], but a successful response's body is left
    /// unread where `streamed`.
    pub(crate) async fn send_retried(
        &self,
        request: PreparedRequest,
        settings: CallSettings,
        streamed: bool,
    ) -> Result<Answer, Error> {
        let operation = request.operation;
        let request = match (&self.inner.echo_marker, &crate::spec::ECHO_MARKING) {
            (Some(marker), Some(marking)) => marking.mark(request, marker)?,
            _ => request,
        };
        #[cfg(feature = "test-util")]
        if let Some(mock) = &self.inner.mock {
            let response = mock.answer(&request)?;
            return if response.status.is_success() {
                Ok(Answer::Read(response))
            } else {
                Err(response.into_error(operation.id))
            };
        }
        let CallSettings {
            timeout,
            retry,
            headers: extra,
            deadline,
        } = settings;
        let mut extra_headers = HeaderMap::new();
        for header in extra {
            let (name, value) = header.map_err(|reason| Error::InvalidArgument {
                name: "header",
                reason,
            })?;
            extra_headers.append(name, value);
        }
        let credentials = self.credentials_for(operation.security)?;
        let url = with_query_credentials(
            format!("{}{}", self.inner.base_url, request.url_path),
            &credentials,
        );
        let policy: &RetryPolicy = retry.as_ref().unwrap_or(&self.inner.retry);
        let timeout = timeout.or(self.inner.timeout);
        let exchange = Exchange {
            request: &request,
            credentials: &credentials,
            extra_headers: &extra_headers,
            streamed,
        };
        let mut attempt: u32 = 0;
        // The budget's tokens this call's retries took, put back on success.
        let mut spent: u32 = 0;
        loop {
            attempt += 1;
            // The attempt's timeout, and whether the deadline is what sets it.
            let (attempt_timeout, cut_by_deadline) = match deadline {
                None => (timeout, false),
                Some(deadline) => {
                    let remaining = deadline.saturating_duration_since(Instant::now());
                    if remaining.is_zero() && attempt == 1 {
                        return Err(Error::DeadlineExceeded {
                            attempts: 0,
                            delivery: Delivery::NotSent,
                        });
                    }
                    let remaining = remaining.max(Duration::from_millis(1));
                    match timeout {
                        Some(timeout) if timeout <= remaining => (Some(timeout), false),
                        _ => (Some(remaining), true),
                    }
                }
            };
            let span = tracing::debug_span!(
                "http_request",
                operation = operation.id,
                method = operation.method,
                path = operation.path,
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let outcome = self
                .attempt(&url, &exchange, attempt, attempt_timeout)
                .instrument(span.clone())
                .await;
            span.record(
                "duration_ms",
                u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            );
            let timed_out = matches!(
                &outcome,
                Err(Error::Transport {
                    kind: TransportErrorKind::Timeout,
                    ..
                })
            );
            if let (true, Err(error)) = (timed_out && cut_by_deadline, &outcome) {
                return Err(Error::DeadlineExceeded {
                    attempts: attempt,
                    delivery: error.delivery(),
                });
            }
            let decision = match &outcome {
                Ok(Answer::Open(response)) => {
                    span.record("status", response.status().as_u16());
                    self.inner.budget.deposit(spent);
                    return outcome;
                }
                Ok(Answer::Read(response)) => {
                    span.record("status", response.status.as_u16());
                    if response.status.is_success() {
                        self.inner.budget.deposit(spent);
                        return outcome;
                    }
                    let wait = retry_after(&response.headers)
                        .or_else(|| RateLimit::from_headers(&response.headers).reset);
                    policy.after_status(response.status, wait, attempt, operation.idempotent)
                }
                Err(error) => policy.after_error(error, attempt, operation.idempotent),
            };
            // A body read once (an upload from a stream or a file) that
            // began sending cannot be sent again.
            let decision = if request.body.as_ref().is_some_and(RequestBody::is_spent) {
                if matches!(decision, Decision::RetryAfter(_)) {
                    tracing::debug!(parent: &span, "the body was streamed and cannot be sent again; not retrying");
                }
                Decision::GiveUp
            } else {
                decision
            };
            let decision = match (decision, deadline) {
                // No time would be left for the next attempt: the call
                // ends with what the last one got.
                (Decision::RetryAfter(delay), Some(deadline))
                    if Instant::now() + delay >= deadline =>
                {
                    tracing::debug!(parent: &span, "the call's deadline leaves no time to retry");
                    Decision::GiveUp
                }
                (Decision::RetryAfter(delay), _) => match self.inner.budget.withdraw(timed_out) {
                    Some(cost) => {
                        spent = spent.saturating_add(cost);
                        Decision::RetryAfter(delay)
                    }
                    None => {
                        tracing::debug!(parent: &span, "the client's retry budget is spent; not retrying");
                        Decision::GiveUp
                    }
                },
                (Decision::GiveUp, _) => Decision::GiveUp,
            };
            match decision {
                Decision::RetryAfter(delay) => {
                    tracing::debug!(
                        parent: &span,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
                Decision::GiveUp => {
                    return match outcome {
                        Ok(Answer::Read(response)) => Err(response.into_error(operation.id)),
                        Ok(Answer::Open(response)) => Ok(Answer::Open(response)),
                        Err(error) => Err(error),
                    };
                }
            }
        }
    }

    /// One attempt: send, follow the redirects the client follows, then
    /// read the response (its body up to the client's limit; a 2xx body is
    /// left unread where the exchange is streamed). `timeout` bounds the
    /// whole attempt, redirects included (a streamed body excepted).
    async fn attempt(
        &self,
        url: &str,
        exchange: &Exchange<'_>,
        attempt: u32,
        timeout: Option<Duration>,
    ) -> Result<Answer, Error> {
        let deadline = timeout.map(|timeout| Instant::now() + timeout);
        let mut url = url.to_owned();
        let mut method =
            Method::from_bytes(exchange.request.operation.method.as_bytes()).map_err(|_| {
                Error::InvalidArgument {
                    name: "method",
                    reason: format!(
                        "`{}` is not an HTTP method",
                        exchange.request.operation.method
                    ),
                }
            })?;
        let mut with_body = true;
        let mut hops = 0;
        loop {
            let timeout =
                deadline.map(|deadline| deadline.saturating_duration_since(Instant::now()));
            let hop = Hop {
                url: &url,
                method: &method,
                with_body,
                // reqwest's timeout would cut a streamed body too: the
                // wait for a streamed response is bounded here instead.
                timeout: timeout.filter(|_| !exchange.streamed),
                attempt,
            };
            let send = self.send_once(&hop, exchange);
            let response = match timeout.filter(|_| exchange.streamed) {
                Some(timeout) => tokio::time::timeout(timeout, send)
                    .await
                    .map_err(|_| Error::Stalled { waited: timeout })??,
                None => send.await?,
            };
            let Redirects::Transport { change_method } = self.inner.redirects else {
                return self.answer(response, exchange.streamed).await;
            };
            let Some(redirect) = Redirect::of(&response, &url) else {
                return self.answer(response, exchange.streamed).await;
            };
            let keeps_method = matches!(redirect.status.as_u16(), 307 | 308)
                || method == Method::GET
                || method == Method::HEAD;
            if !keeps_method && !change_method {
                return Err(Error::Redirect {
                    status: redirect.status,
                    location: redirect.location,
                });
            }
            if hops >= MAX_REDIRECTS || !redirect.same_origin {
                return self.answer(response, exchange.streamed).await;
            }
            let resends_spent_body = keeps_method
                && with_body
                && exchange
                    .request
                    .body
                    .as_ref()
                    .is_some_and(RequestBody::is_spent);
            if resends_spent_body {
                // A streamed body cannot be sent to the new location.
                return self.answer(response, exchange.streamed).await;
            }
            if !keeps_method {
                // What browsers do: the new location gets a GET, no body.
                method = Method::GET;
                with_body = false;
            }
            hops += 1;
            tracing::debug!(
                status = redirect.status.as_u16(),
                hops,
                "following a redirect within the origin"
            );
            url = redirect.target;
        }
    }

    /// Sends the request once as `hop` says, running the client's
    /// hooks before and after.
    async fn send_once(
        &self,
        hop: &Hop<'_>,
        exchange: &Exchange<'_>,
    ) -> Result<reqwest::Response, Error> {
        let request = exchange.request;
        let mut builder = self.inner.http.request(hop.method.clone(), hop.url).header(
            reqwest::header::ACCEPT,
            HeaderValue::from_static(request.operation.accept),
        );
        let mut cookies = Vec::new();
        for credential in exchange.credentials {
            builder = match &credential.carrier {
                Carrier::Header(name, value) => builder.header(name.clone(), value.clone()),
                Carrier::Basic { username, password } => {
                    builder.basic_auth(username, Some(password))
                }
                Carrier::Cookie(name, value) => {
                    cookies.push(format!("{name}={value}"));
                    builder
                }
                Carrier::Query(..) => builder,
            };
        }
        if !cookies.is_empty() {
            let value = secret_header("credentials", &cookies.join("; "))?;
            builder = builder.header(reqwest::header::COOKIE, value);
        }
        if let Some(user_agent) = &self.inner.user_agent {
            builder = builder.header(reqwest::header::USER_AGENT, user_agent.clone());
        }
        if !request.headers.is_empty() {
            builder = builder.headers(request.headers.clone());
        }
        if !exchange.extra_headers.is_empty() {
            builder = builder.headers(exchange.extra_headers.clone());
        }
        if let (true, Some(body)) = (hop.with_body, &request.body) {
            builder = body.apply(builder)?;
        }
        if let Some(timeout) = hop.timeout {
            builder = builder.timeout(timeout);
        }
        let Some(hooks) = &self.inner.hooks else {
            return builder.send().await.map_err(Error::transport);
        };
        let mut built = builder.build().map_err(Error::transport)?;
        let secret_names: Vec<&str> = exchange
            .credentials
            .iter()
            .filter_map(|credential| match &credential.carrier {
                Carrier::Query(name, _) => Some(*name),
                _ => None,
            })
            .collect();
        let shown_url = redacted_url(built.url(), &secret_names);
        let mut info = RequestInfo {
            operation: request.operation.id,
            method: hop.method,
            url: shown_url,
            headers: redacted(built.headers()),
            attempt: hop.attempt,
            added: HeaderMap::new(),
        };
        hooks.on_request(&mut info);
        let RequestInfo {
            url: shown_url,
            added,
            ..
        } = info;
        for (name, value) in added {
            if let Some(name) = name {
                built.headers_mut().insert(name, value);
            }
        }
        let started = Instant::now();
        let sent = self
            .inner
            .http
            .execute(built)
            .await
            .map_err(Error::transport);
        let outcome = match &sent {
            Ok(response) => Ok((response.status(), redacted(response.headers()))),
            Err(error) => Err(error),
        };
        hooks.on_response(&ResponseInfo {
            operation: request.operation.id,
            method: hop.method,
            url: &shown_url,
            attempt: hop.attempt,
            elapsed: started.elapsed(),
            outcome,
        });
        sent
    }

    /// `response` unread when it is a 2xx to a streamed request, else read
    /// whole.
    async fn answer(&self, response: reqwest::Response, streamed: bool) -> Result<Answer, Error> {
        if streamed && response.status().is_success() {
            Ok(Answer::Open(response))
        } else {
            self.read(response).await.map(Answer::Read)
        }
    }

    /// Reads `response` whole, its body up to the client's limit for its
    /// status.
    async fn read(&self, mut response: reqwest::Response) -> Result<RawResponse, Error> {
        let status = response.status();
        let limit = if status.is_success() {
            self.inner.max_response_size
        } else {
            self.inner.max_error_response_size
        };
        let headers = std::mem::take(response.headers_mut());
        let body = read_limited(response, status, limit).await?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

/// A redirect response the transport may follow.
struct Redirect {
    status: StatusCode,
    /// The `location` header as sent.
    location: String,
    /// `location` resolved against the request's URL.
    target: String,
    /// Whether `target` has the request's origin (scheme, host and port):
    /// a redirect elsewhere would carry the credentials there.
    same_origin: bool,
}

impl Redirect {
    /// The redirect `response` (to a request for `url`) asks for, if it is
    /// one with a readable `location`.
    fn of(response: &reqwest::Response, url: &str) -> Option<Self> {
        let status = response.status();
        if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
            return None;
        }
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)?
            .to_str()
            .ok()?
            .to_owned();
        let from = reqwest::Url::parse(url).ok()?;
        let target = from.join(&location).ok()?;
        Some(Self {
            status,
            same_origin: target.origin() == from.origin(),
            target: target.into(),
            location,
        })
    }
}

/// The body of `response`, or [`Error::ResponseTooLarge`] (with the first
/// bytes) as soon as it is known to be longer than `limit`: from its
/// `content-length`, or once more than `limit` bytes came. Nothing past
/// the limit is kept in memory.
async fn read_limited(
    mut response: reqwest::Response,
    status: StatusCode,
    limit: usize,
) -> Result<Bytes, Error> {
    let declared = response
        .content_length()
        .and_then(|length| usize::try_from(length).ok());
    let too_long = |head: &[u8]| Error::ResponseTooLarge {
        status,
        limit,
        head: Bytes::copy_from_slice(&head[..head.len().min(Error::KEPT_BYTES)]),
    };
    // Past the limit only the head is read, for the error.
    let announced_too_long = declared.is_some_and(|length| length > limit);
    let mut body: Vec<u8> = Vec::with_capacity(declared.unwrap_or(0).min(limit).min(1 << 20));
    while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
        if announced_too_long {
            body.extend_from_slice(
                &chunk[..chunk
                    .len()
                    .min(Error::KEPT_BYTES.saturating_sub(body.len()))],
            );
            if body.len() >= Error::KEPT_BYTES {
                return Err(too_long(&body));
            }
            continue;
        }
        if body.len() + chunk.len() > limit {
            body.extend_from_slice(
                &chunk[..chunk
                    .len()
                    .min(Error::KEPT_BYTES.saturating_sub(body.len()))],
            );
            return Err(too_long(&body));
        }
        body.extend_from_slice(&chunk);
    }
    if announced_too_long {
        // The server announced more than it sent.
        return Err(too_long(&body));
    }
    Ok(Bytes::from(body))
}

/// `url` with the credentials that travel as query parameters appended.
fn with_query_credentials(mut url: String, credentials: &[&Credential]) -> String {
    let mut query = String::new();
    for credential in credentials {
        if let Carrier::Query(name, value) = &credential.carrier {
            push_query(&mut query, name, value);
        }
    }
    if !query.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&query);
    }
    url
}

/// What an attempt gives back.
pub(crate) enum Answer {
    /// A response read whole.
    Read(RawResponse),
    /// A 2xx response to a streamed request, its body unread.
    Open(reqwest::Response),
}

//! Sending requests: one attempt at a time, retried as the client's
//! [`RetryPolicy`] says, each attempt in its own `tracing` span.

use std::time::Instant;

use reqwest::header::HeaderValue;
use tracing::Instrument;

use crate::client::{Carrier, Client, Credential};
use crate::error::Error;
use crate::rate_limit::{retry_after, RateLimit};
use crate::request::{push_query, secret_header, PreparedRequest};
use crate::response::RawResponse;
use crate::retry::{Decision, RetryPolicy};

impl Client {
    /// Sends `request`, retrying as the policy allows; a final status
    /// outside 2xx becomes [`Error::Api`].
    pub(crate) async fn execute(&self, request: PreparedRequest) -> Result<RawResponse, Error> {
        let credentials = self.credentials_for(request.operation.security)?;
        let url = with_query_credentials(
            format!("{}{}", self.inner.base_url, request.url_path),
            &credentials,
        );
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
            let outcome = self
                .attempt(&url, &request, &credentials)
                .instrument(span.clone())
                .await;
            span.record(
                "duration_ms",
                u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            );
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
                    tracing::debug!(
                        parent: &span,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying"
                    );
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
    async fn attempt(
        &self,
        url: &str,
        request: &PreparedRequest,
        credentials: &[&Credential],
    ) -> Result<RawResponse, Error> {
        let mut builder = self
            .inner
            .http
            .request(request.operation.method.clone(), url)
            .header(
                reqwest::header::ACCEPT,
                HeaderValue::from_static(request.operation.accept),
            );
        let mut cookies = Vec::new();
        for credential in credentials {
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
        if let Some(body) = &request.body {
            builder = body.apply(builder)?;
        }
        if let Some(timeout) = self.inner.timeout {
            builder = builder.timeout(timeout);
        }
        let mut response = builder.send().await.map_err(Error::transport)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(Error::transport)?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
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

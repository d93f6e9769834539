//! Hooks: code of the caller's that runs before each request goes out and
//! after each response comes in (or the exchange fails), with the
//! operation's name: metrics per operation, an audit log, a trace header.
//! Secrets are redacted in everything a hook sees.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use crate::error::Error;

/// What a client runs around every HTTP request it sends: each attempt of
/// a call (retries included) and each redirect it follows. Set with
/// [`ClientBuilder::hooks`](crate::ClientBuilder::hooks). Both methods do
/// nothing unless written; they run on the task that sends the request,
/// so keep them short (hand slow work to a channel).
pub trait Hooks: Send + Sync + 'static {
    /// Before the request goes out. [`RequestInfo::insert_header`] adds a
    /// header to it (a trace context, say).
    fn on_request(&self, request: &mut RequestInfo<'_>) {
        let _ = request;
    }

    /// After the response's status and headers came in, or the exchange
    /// failed.
    fn on_response(&self, response: &ResponseInfo<'_>) {
        let _ = response;
    }
}

/// A request about to be sent, as [`Hooks::on_request`] sees it.
#[derive(Debug)]
pub struct RequestInfo<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: &'a Method,
    pub(crate) url: String,
    pub(crate) headers: HeaderMap,
    pub(crate) attempt: u32,
    pub(crate) added: HeaderMap,
}

impl RequestInfo<'_> {
    /// The spec's operationId (`sendMessage`).
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL, credentials sent in the query replaced by `<redacted>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The request's headers, every secret (credentials, and any header
    /// marked sensitive) replaced by `<redacted>`.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Which attempt of the call this is, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Adds `name: value` to the request, over any header of that name.
    pub fn insert_header(&mut self, name: HeaderName, value: HeaderValue) {
        self.added.insert(name, value);
    }
}

/// The response to a request, or its failure, as [`Hooks::on_response`]
/// sees it.
#[derive(Debug)]
pub struct ResponseInfo<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a str,
    pub(crate) attempt: u32,
    pub(crate) elapsed: Duration,
    pub(crate) outcome: Result<(StatusCode, HeaderMap), &'a Error>,
}

impl ResponseInfo<'_> {
    /// The spec's operationId.
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The request's HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The request's URL, as [`RequestInfo::url`] shows it.
    pub fn url(&self) -> &str {
        self.url
    }

    /// Which attempt of the call this is, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// How long the request took until the response's headers came in
    /// (or it failed).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The response's status; `None` when no response came.
    pub fn status(&self) -> Option<StatusCode> {
        self.outcome.as_ref().ok().map(|(status, _)| *status)
    }

    /// The response's headers, secrets redacted; `None` when no response
    /// came.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.outcome.as_ref().ok().map(|(_, headers)| headers)
    }

    /// Why no response came: the transport's error.
    pub fn error(&self) -> Option<&Error> {
        self.outcome.as_ref().err().copied()
    }
}

/// `headers` with every sensitive value (credentials, secrets set on a
/// call) replaced by `<redacted>`.
pub(crate) fn redacted(headers: &HeaderMap) -> HeaderMap {
    let mut shown = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let value = if value.is_sensitive() || crate::settings::is_sensitive(name) {
            HeaderValue::from_static("<redacted>")
        } else {
            value.clone()
        };
        shown.append(name.clone(), value);
    }
    shown
}

/// `url` with the values of the query parameters named in `secret_names`
/// replaced by `<redacted>`.
pub(crate) fn redacted_url(url: &reqwest::Url, secret_names: &[&str]) -> String {
    if secret_names.is_empty() || url.query().is_none() {
        return url.to_string();
    }
    let mut shown = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| {
            let value = if secret_names.contains(&name.as_ref()) {
                "<redacted>".to_owned()
            } else {
                value.into_owned()
            };
            (name.into_owned(), value)
        })
        .collect();
    shown.query_pairs_mut().clear().extend_pairs(pairs);
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted() {
        let mut headers = HeaderMap::new();
        let mut key = HeaderValue::from_static("k");
        key.set_sensitive(true);
        headers.insert("api-key", key);
        headers.insert("x-session-id", HeaderValue::from_static("s"));
        headers.insert("accept", HeaderValue::from_static("application/json"));
        let shown = redacted(&headers);
        assert_eq!(shown["api-key"], "<redacted>");
        assert_eq!(shown["x-session-id"], "<redacted>");
        assert_eq!(shown["accept"], "application/json");
        let url = reqwest::Url::parse("https://h/p?a=1&key=secret").expect("a URL");
        let shown = redacted_url(&url, &["key"]);
        assert!(
            shown.contains("a=1") && !shown.contains("secret"),
            "{shown}"
        );
    }
}

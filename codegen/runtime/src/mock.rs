//! Test support (the `test-util` feature): a client whose calls are
//! answered by the caller's functions, by operation, instead of by a
//! server, so that code that takes a `&Client` is unit-tested without
//! HTTP.
//!
//! The answer goes through the same reading as a server's: a mocked
//! `201` with an empty body gives an `Accepted` without a value, a mocked
//! `404` an `Error::Api` whose body is decoded by its documented schema.
//! The mock answers each call once: there are no credentials to send,
//! no retries and no hooks.
//!
//! Besides [`Mock::on`], which answers by operationId with raw statuses
//! and bytes, the crate has one method of `Mock` per operation, named like
//! the client's method (`mock.send_message(|call| ..)`): its handler gets
//! a [`MockCall`] with the request's JSON body decoded as its documented
//! type, and returns a [`MockAnswer`] of the documented success type.

use std::collections::BTreeMap;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;

use crate::client::Client;
use crate::error::Error;
use crate::request::{PreparedRequest, RequestBody};
use crate::response::RawResponse;

/// A function that answers one operation's requests, or says why the
/// request is not one it can read.
type Handler = dyn Fn(&MockRequest) -> Result<MockResponse, String> + Send + Sync;

/// Answers by operation, for a client made with [`Mock::client`]: each
/// operation, named by its operationId, has its handler ([`Mock::on`]).
#[derive(Clone, Default)]
pub struct Mock {
    handlers: BTreeMap<String, Arc<Handler>>,
}

impl std::fmt::Debug for Mock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mock")
            .field("operations", &self.handlers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Mock {
    /// A mock that answers nothing yet: a call to an operation without an
    /// answer fails with [`Error::InvalidArgument`] naming it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers the operation `operation_id` (as the spec names it,
    /// `sendMessage`) with `handler`, over any earlier answer.
    #[must_use]
    pub fn on(
        mut self,
        operation_id: &str,
        handler: impl Fn(&MockRequest) -> MockResponse + Send + Sync + 'static,
    ) -> Self {
        self.handlers.insert(
            operation_id.to_owned(),
            Arc::new(move |request: &MockRequest| Ok(handler(request))),
        );
        self
    }

    /// A client whose calls this mock answers.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] when the (unused) HTTP client cannot be built.
    pub fn client(self) -> Result<Client, Error> {
        Client::builder().mocked(self).build()
    }

    /// The answer to `request`.
    pub(crate) fn answer(&self, request: &PreparedRequest) -> Result<RawResponse, Error> {
        let operation = request.operation.id;
        let Some(handler) = self.handlers.get(operation) else {
            return Err(Error::InvalidArgument {
                name: "mock",
                reason: format!("the mock has no answer for the operation `{operation}`"),
            });
        };
        let (path, query) = match request.url_path.split_once('?') {
            Some((path, query)) => (path.to_owned(), query.to_owned()),
            None => (request.url_path.clone(), String::new()),
        };
        let body = match &request.body {
            Some(RequestBody::Bytes { bytes, .. }) => bytes.clone(),
            _ => Bytes::new(),
        };
        let mock_request = MockRequest {
            operation,
            method: request.operation.method,
            path,
            query,
            headers: request.headers.clone(),
            body,
        };
        let answer = handler(&mock_request).map_err(|reason| Error::InvalidArgument {
            name: "mock",
            reason: format!("the mock cannot read the request of `{operation}`: {reason}"),
        })?;
        Ok(RawResponse {
            status: answer.status,
            headers: answer.headers,
            body: answer.body,
        })
    }
}

/// A request as the mock's handler sees it.
#[derive(Clone, Debug)]
pub struct MockRequest {
    operation: &'static str,
    method: &'static str,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Bytes,
}

impl MockRequest {
    /// The spec's operationId.
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The HTTP method, as the spec writes it in upper case (`POST`,
    /// `QUERY`).
    pub fn method(&self) -> &str {
        self.method
    }

    /// The path, percent-encoded as sent (`/conversations/messages/a%20b`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The first value of the query parameter `name`, decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        reqwest::Url::parse(&format!("http://mock/?{}", self.query))
            .ok()?
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    /// The header parameters and the headers set on the call.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as sent (empty for none, for a multipart form, and for an
    /// upload from a stream or a file, which the mock does not read).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body read as JSON of type `T` (the request's body type).
    ///
    /// # Errors
    ///
    /// When the body is not JSON of that type.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// The answer of a mock's handler: a status, headers and a body.
#[derive(Clone, Debug)]
pub struct MockResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl MockResponse {
    /// `status` with `body` as JSON (a value of the crate's types, or
    /// `serde_json::json!(..)`).
    ///
    /// # Panics
    ///
    /// When `status` is not a status (100 to 999) or `body` cannot be
    /// written as JSON (a map with keys that are not strings).
    pub fn json(status: u16, body: &impl serde::Serialize) -> Self {
        let bytes = serde_json::to_vec(body).expect("a mock's body is written as JSON");
        Self::status(status)
            .header(
                reqwest::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )
            .body(bytes)
    }

    /// `status` with no body.
    ///
    /// # Panics
    ///
    /// When `status` is not a status (100 to 999).
    pub fn status(status: u16) -> Self {
        Self {
            status: StatusCode::from_u16(status).expect("a mock's status is 100 to 999"),
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// With `body` as the body, as it is.
    #[must_use]
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// With the header `name: value`.
    #[must_use]
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }
}

/// Answers the operation `operation_id` with a typed `handler` (the
/// per-operation methods of [`Mock`] call this): the request's body is read
/// by `read_body`, and a success the handler returns is written by
/// `write_success`.
pub(crate) fn on_typed<B, T>(
    mut mock: Mock,
    operation_id: &'static str,
    read_body: fn(&[u8]) -> Result<B, serde_json::Error>,
    write_success: fn(T) -> MockResponse,
    handler: impl Fn(&MockCall<B>) -> MockAnswer<T> + Send + Sync + 'static,
) -> Mock
where
    B: 'static,
    T: 'static,
{
    let typed = move |request: &MockRequest| {
        let body = read_body(&request.body)
            .map_err(|e| format!("the body is not its documented JSON: {e}"))?;
        let call = MockCall {
            request: request.clone(),
            body,
        };
        Ok(match handler(&call).0 {
            Answer::Success(value) => write_success(value),
            Answer::Response(response) => response,
        })
    };
    mock.handlers
        .insert(operation_id.to_owned(), Arc::new(typed));
    mock
}

/// A call as a per-operation handler sees it: the body decoded as the
/// operation's documented JSON type (`()` when it has no JSON body), and
/// the rest of the request.
#[derive(Clone, Debug)]
pub struct MockCall<B> {
    request: MockRequest,
    body: B,
}

impl<B> MockCall<B> {
    /// The body, decoded as the operation documents it (`Option<B>` when
    /// the body is optional, `()` when it is not JSON: see
    /// [`MockRequest::body`] for its bytes).
    pub fn body(&self) -> &B {
        &self.body
    }

    /// The path, percent-encoded as sent (`/conversations/messages/a%20b`).
    pub fn path(&self) -> &str {
        self.request.path()
    }

    /// The first value of the query parameter `name`, decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        self.request.query(name)
    }

    /// The header parameters and the headers set on the call.
    pub fn headers(&self) -> &HeaderMap {
        self.request.headers()
    }

    /// The whole request: method, operationId, the body's bytes.
    pub fn request(&self) -> &MockRequest {
        &self.request
    }
}

/// What a per-operation handler answers: the operation's success value,
/// written as its documented body with its documented 2xx status, or any
/// other response (an error status with its error body).
#[derive(Clone, Debug)]
pub struct MockAnswer<T>(Answer<T>);

/// The two kinds of [`MockAnswer`].
#[derive(Clone, Debug)]
enum Answer<T> {
    /// The success value, written by the operation's own writer.
    Success(T),
    /// A response as it is.
    Response(MockResponse),
}

impl<T> MockAnswer<T> {
    /// The operation's success: `value` as the documented body (JSON, text
    /// or bytes; `()` for an operation documented without one) with the
    /// first documented 2xx status.
    pub fn ok(value: T) -> Self {
        Self(Answer::Success(value))
    }

    /// An error: `status` with `body` as JSON (the type the operation
    /// documents for that status, such as `types::NotFoundError`, or
    /// `serde_json::json!(..)`).
    ///
    /// # Panics
    ///
    /// When `status` is not a status (100 to 999) or `body` cannot be
    /// written as JSON.
    pub fn error(status: u16, body: &impl serde::Serialize) -> Self {
        Self::response(MockResponse::json(status, body))
    }

    /// `status` with no body (a 201 or 204 without the documented body, a
    /// 503).
    ///
    /// # Panics
    ///
    /// When `status` is not a status (100 to 999).
    pub fn status(status: u16) -> Self {
        Self::response(MockResponse::status(status))
    }

    /// `response` as it is: any status, headers and bytes.
    pub fn response(response: MockResponse) -> Self {
        Self(Answer::Response(response))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::OperationInfo;

    static GET_THING: OperationInfo = OperationInfo {
        id: "getThing",
        method: "GET",
        path: "/things/{id}",
        idempotent: true,
        security: None,
        accept: "application/json",
    };

    #[test]
    fn the_handler_of_the_operation_answers() {
        let mock = Mock::new().on("getThing", |request| {
            assert_eq!(request.query("q").as_deref(), Some("a b"));
            MockResponse::json(200, &serde_json::json!({"path": request.path()}))
        });
        let request = PreparedRequest {
            operation: &GET_THING,
            url_path: "/things/1?q=a%20b".to_owned(),
            headers: HeaderMap::new(),
            body: None,
        };
        let answer = mock.answer(&request).expect("an answer");
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(&answer.body[..], br#"{"path":"/things/1"}"#);
        let unanswered = Mock::new().answer(&request);
        assert!(matches!(
            unanswered,
            Err(Error::InvalidArgument { name: "mock", .. })
        ));
    }

    /// A typed handler gets the decoded body, and its success is written
    /// by the operation's writer; a body it cannot read is an error.
    #[test]
    fn a_typed_handler_reads_the_body_and_writes_the_success() {
        let mock = on_typed(
            Mock::new(),
            "getThing",
            |bytes: &[u8]| serde_json::from_slice::<Vec<u32>>(bytes),
            |value: u32| MockResponse::json(201, &value),
            |call| {
                if call.body().is_empty() {
                    MockAnswer::error(404, &serde_json::json!({"message": "none"}))
                } else {
                    MockAnswer::ok(call.body().iter().sum())
                }
            },
        );
        let request = |body: &'static [u8]| PreparedRequest {
            operation: &GET_THING,
            url_path: "/things/1".to_owned(),
            headers: HeaderMap::new(),
            body: Some(RequestBody::Bytes {
                bytes: Bytes::from_static(body),
                content_type: HeaderValue::from_static("application/json"),
            }),
        };
        let summed = mock.answer(&request(b"[1,2]")).expect("an answer");
        assert_eq!(summed.status, StatusCode::CREATED);
        assert_eq!(&summed.body[..], b"3");
        let missing = mock.answer(&request(b"[]")).expect("an answer");
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        let unreadable = mock.answer(&request(b"{}"));
        assert!(matches!(
            unreadable,
            Err(Error::InvalidArgument { name: "mock", .. })
        ));
    }
}

//! Responses: a successful one with its metadata ([`ApiResponse`]), and the
//! raw response the transport reads in full and the operations decode.
//!
//! A 2xx is never reported as a failed request: the server accepted it,
//! whatever its body. An operation that documents a body returns it as an
//! `Option`: `None` when the body is empty (a 201 or 204 that says
//! nothing) or is not the documented JSON, so that a caller who resends on
//! `Err` never sends the same message twice. The raw bytes are in
//! [`ApiResponse::raw_body`]. Bodies are decoded tolerantly
//! ([`crate::tolerant`]): a field that cannot be read is left out and kept
//! in [`ApiResponse::unread`], the rest is decoded.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::{ApiError, Error};
use crate::rate_limit::RateLimit;
use crate::spec::ErrorBody;
use crate::tolerant::{self, UnreadField};

/// A successful response: the decoded body with the status, headers and
/// rate-limit information it came with. A request's `send_with_response`
/// returns it; `.await` and `send` return only the body.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status (2xx).
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The rate-limit headers, parsed.
    pub rate_limit: RateLimit,
    /// The decoded body.
    pub body: T,
    /// The body as it was received (empty when there was none).
    pub raw_body: Bytes,
    /// The values of the body that could not be read as documented, each
    /// with its JSON pointer and raw JSON (empty when all were read): the
    /// decoded body has the rest.
    pub unread: Vec<UnreadField>,
}

impl<T> ApiResponse<T> {
    /// The body alone.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Building a response in tests.
impl<T> ApiResponse<T> {
    /// A response of `status` with `body`, no headers and no raw body, for
    /// tests of code that reads responses: the client builds its own from
    /// what the server sent. Add what the test needs with
    /// [`ApiResponse::with_headers`] and [`ApiResponse::with_raw_body`].
    pub fn new(status: StatusCode, body: T) -> Self {
        Self {
            status,
            headers: HeaderMap::new(),
            rate_limit: RateLimit::default(),
            body,
            raw_body: Bytes::new(),
            unread: Vec::new(),
        }
    }

    /// With `headers` as the response headers, and the rate-limit
    /// information read from them ([`ApiResponse::rate_limit`]), as the
    /// client reads a response's.
    #[must_use]
    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.rate_limit = RateLimit::from_headers(&headers);
        self.headers = headers;
        self
    }

    /// With `raw_body` as the body as it was received
    /// ([`ApiResponse::raw_body`]); the decoded body is left as it is.
    #[must_use]
    pub fn with_raw_body(mut self, raw_body: impl Into<Bytes>) -> Self {
        self.raw_body = raw_body.into();
        self
    }
}

/// A response read in full.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The body decoded as `T`: `None` when it is empty or not `T` (the
    /// request was accepted all the same).
    #[allow(dead_code)] // unused by specs whose operations return no body
    pub(crate) fn decoded<T: serde::de::DeserializeOwned>(self) -> Option<T> {
        decode(self.status, &self.body).0
    }

    /// [`RawResponse::decoded`], with the response's metadata and raw body.
    #[allow(dead_code)] // unused by specs whose operations return no body
    pub(crate) fn response<T: serde::de::DeserializeOwned>(self) -> ApiResponse<Option<T>> {
        let (body, unread) = decode(self.status, &self.body);
        let mut response = self.with_body(body);
        response.unread = unread;
        response
    }

    /// The body as text, for an operation documented with a text body
    /// (`text/plain`): as UTF-8, with any invalid bytes replaced by U+FFFD
    /// (reported as a `tracing` warning; the raw bytes are in the
    /// `raw_body` of `send_with_response`).
    #[allow(dead_code)] // unused by specs without text responses
    pub(crate) fn text(self) -> String {
        self.text_response().body
    }

    /// [`RawResponse::text`], with the response's metadata and raw body.
    #[allow(dead_code)] // unused by specs without text responses
    pub(crate) fn text_response(self) -> ApiResponse<String> {
        let text = match std::str::from_utf8(&self.body) {
            Ok(text) => text.to_owned(),
            Err(error) => {
                tracing::warn!(
                    status = self.status.as_u16(),
                    length = self.body.len(),
                    valid_up_to = error.valid_up_to(),
                    "a text response is not UTF-8; invalid bytes are replaced by U+FFFD"
                );
                String::from_utf8_lossy(&self.body).into_owned()
            }
        };
        self.with_body(text)
    }

    /// The body's bytes as they came, for an operation documented with a
    /// binary body (`application/octet-stream`, `image/png`).
    #[allow(dead_code)] // unused by specs without binary responses
    pub(crate) fn bytes(self) -> Bytes {
        self.body
    }

    /// [`RawResponse::bytes`], with the response's metadata.
    #[allow(dead_code)] // unused by specs without binary responses
    pub(crate) fn bytes_response(self) -> ApiResponse<Bytes> {
        let body = self.body.clone();
        self.with_body(body)
    }

    /// Success without a documented body: whatever the server sent is
    /// kept as raw bytes.
    #[allow(dead_code)] // unused by specs whose operations all return a body
    pub(crate) fn empty(self) -> ApiResponse<()> {
        self.with_body(())
    }

    fn with_body<T>(self, body: T) -> ApiResponse<T> {
        ApiResponse {
            rate_limit: RateLimit::from_headers(&self.headers),
            status: self.status,
            headers: self.headers,
            body,
            raw_body: self.body,
            unread: Vec::new(),
        }
    }

    /// The [`Error::Api`] for a status outside 2xx to the operation
    /// `operation` (its operationId), its body decoded by the schema the
    /// spec documents for them.
    pub(crate) fn into_error(self, operation: &str) -> Error {
        let (error, unread) = match ErrorBody::decode(operation, self.status.as_u16(), &self.body) {
            Some((error, unread)) => (Some(error), unread),
            None => (None, Vec::new()),
        };
        if !unread.is_empty() {
            warn_unread(self.status, &unread);
        }
        Error::Api(Box::new(ApiError {
            status: self.status,
            error,
            unread,
            body: String::from_utf8_lossy(&self.body).into_owned(),
            rate_limit: RateLimit::from_headers(&self.headers),
            headers: self.headers,
        }))
    }
}

/// `body` decoded as `T` with the values that could not be read; `None`
/// when it is empty (unless `T` is an always-`null` unit struct, which an
/// empty body says as well as `null` does) or not `T` even without them.
/// An undecodable body and values left out are reported as a
/// `tracing` warning (with the status, the length and the pointers, never
/// the body's values).
fn decode<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: &Bytes,
) -> (Option<T>, Vec<UnreadField>) {
    if body.iter().all(u8::is_ascii_whitespace) {
        return (T::deserialize(EmptyBody).ok(), Vec::new());
    }
    match tolerant::decode(body) {
        Ok((value, unread)) => {
            if !unread.is_empty() {
                warn_unread(status, &unread);
            }
            (Some(value), unread)
        }
        Err(error) => {
            tracing::warn!(
                status = status.as_u16(),
                length = body.len(),
                line = error.line(),
                column = error.column(),
                "a success response's body is not the documented JSON; the request was accepted, the body is left undecoded"
            );
            (None, Vec::new())
        }
    }
}

/// An empty body, as a value to deserialize: a unit struct (the
/// always-`null` types) reads it as `null`; every other type, `Option`
/// included, fails to, so its operation returns `None`.
struct EmptyBody;

impl<'de> serde::Deserializer<'de> for EmptyBody {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::invalid_type(
            serde::de::Unexpected::Other("an empty body"),
            &visitor,
        ))
    }

    fn deserialize_unit_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit newtype_struct seq tuple tuple_struct map
        struct enum identifier ignored_any
    }
}

/// The `tracing` warning for values of a body that could not be read.
fn warn_unread(status: StatusCode, unread: &[UnreadField]) {
    let pointers: Vec<&str> = unread.iter().map(|u| u.pointer.as_str()).collect();
    tracing::warn!(
        status = status.as_u16(),
        unread = %pointers.join(", "),
        "values of a response body are not as documented and were left out; the rest was decoded"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &'static [u8]) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("x-test", reqwest::header::HeaderValue::from_static("1"));
        RawResponse {
            status: StatusCode::from_u16(status).expect("a status"),
            headers,
            body: Bytes::from_static(body),
        }
    }

    #[test]
    fn an_empty_or_undecodable_success_body_is_none_and_any_other_is_decoded() {
        assert_eq!(raw(204, b"").decoded::<u32>(), None);
        assert_eq!(raw(201, b" \n").decoded::<u32>(), None);
        assert_eq!(raw(201, b"7").decoded::<u32>(), Some(7));
        assert_eq!(raw(200, b"<html>").decoded::<u32>(), None);
    }

    #[test]
    fn an_empty_body_is_an_always_null_unit_struct_and_nothing_else() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Null;
        assert_eq!(raw(200, b"").decoded::<Null>(), Some(Null));
        assert_eq!(raw(200, b"null").decoded::<Null>(), Some(Null));
        assert_eq!(raw(200, b"\"x\"").decoded::<Null>(), None);
        assert_eq!(raw(204, b"").decoded::<Option<u32>>(), None);
        assert_eq!(raw(204, b"").decoded::<()>(), None);
    }

    #[test]
    fn a_response_keeps_the_metadata_and_the_raw_body() {
        let response: ApiResponse<Option<u32>> = raw(200, b"42").response();
        assert_eq!((response.status.as_u16(), response.body), (200, Some(42)));
        assert_eq!(response.headers["x-test"], "1");
        let undecodable: ApiResponse<Option<u32>> = raw(201, b"{oops").response();
        assert_eq!(undecodable.body, None);
        assert_eq!(&undecodable.raw_body[..], b"{oops");
        assert_eq!(&raw(204, b"ignored").empty().raw_body[..], b"ignored");
    }

    #[test]
    fn text_and_bytes_are_read_as_they_came() {
        assert_eq!(raw(200, b"plain \xE2\x9C\x93").text(), "plain \u{2713}");
        assert_eq!(raw(200, b"bad \xFF").text(), "bad \u{FFFD}");
        assert_eq!(raw(204, b"").text(), "");
        let bytes = raw(200, b"\x89PNG").bytes_response();
        assert_eq!(&bytes.body[..], b"\x89PNG");
        assert_eq!(bytes.status.as_u16(), 200);
    }

    #[test]
    fn an_error_status_keeps_the_raw_body_beside_the_decoded_one() {
        let Error::Api(api) = raw(404, b"not json").into_error("getThing") else {
            panic!("an API error");
        };
        assert_eq!(api.status.as_u16(), 404);
        assert_eq!(api.body, "not json");
        assert!(api.error.is_none());
        let Error::Api(api) = raw(404, br#"{"message":"gone"}"#).into_error("getThing") else {
            panic!("an API error");
        };
        // What a JSON body decodes into depends on the spec (this test also
        // runs inside every golden fixture crate); that it is decoded and the
        // raw text kept does not.
        assert!(api.error.is_some());
        assert_eq!(api.body, r#"{"message":"gone"}"#);
    }
}

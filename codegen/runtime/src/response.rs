//! Responses: a successful one with its metadata ([`ApiResponse`]), and the
//! raw response the transport reads in full and the operations decode.
//!
//! How a 2xx body is returned depends on whether the operation is safe to
//! repeat (see [`crate::accepted`]): as `T`, with an unreadable body as
//! [`Error::UndecodedBody`], when it is; as [`Accepted<T>`], never an
//! `Err`, when it is not. The raw bytes are kept either way. Bodies are
//! decoded tolerantly ([`crate::tolerant`]): a field that cannot be read
//! is left out and kept in [`ApiResponse::unread`], the rest is decoded.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::accepted::{is_blank, Accepted, Undecoded, UndecodedBody};
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

    /// The same response with its body turned into another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            rate_limit: self.rate_limit,
            body: f(self.body),
            raw_body: self.raw_body,
            unread: self.unread,
        }
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
    /// The body decoded as `T`, for an operation that is safe to repeat.
    ///
    /// # Errors
    ///
    /// [`Error::UndecodedBody`] when it is empty or not `T`.
    #[allow(dead_code)] // unused by specs without JSON bodies on safe operations
    pub(crate) fn value<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        Ok(self.value_response()?.body)
    }

    /// [`RawResponse::value`], with the response's metadata and raw body.
    #[allow(dead_code)] // unused by specs without JSON bodies on safe operations
    pub(crate) fn value_response<T: serde::de::DeserializeOwned>(
        self,
    ) -> Result<ApiResponse<T>, Error> {
        match decode(self.status, &self.body) {
            Ok((value, unread)) => {
                let mut response = self.with_body(value);
                response.unread = unread;
                Ok(response)
            }
            Err(reason) => Err(Error::UndecodedBody(Box::new(UndecodedBody {
                status: self.status,
                raw_body: self.body,
                reason,
            }))),
        }
    }

    /// The body decoded as `T`, for an operation that is safe to repeat
    /// and documents some 2xx statuses (`empty`) without a body: `None`
    /// for an empty body of one of them.
    ///
    /// # Errors
    ///
    /// [`Error::UndecodedBody`] when it is not `T` (or empty with another
    /// status).
    #[allow(dead_code)] // unused by specs without such operations
    pub(crate) fn optional_value<T: serde::de::DeserializeOwned>(
        self,
        empty: &[u16],
    ) -> Result<Option<T>, Error> {
        Ok(self.optional_value_response(empty)?.body)
    }

    /// [`RawResponse::optional_value`], with the response's metadata and
    /// raw body.
    #[allow(dead_code)] // unused by specs without such operations
    pub(crate) fn optional_value_response<T: serde::de::DeserializeOwned>(
        self,
        empty: &[u16],
    ) -> Result<ApiResponse<Option<T>>, Error> {
        if empty.contains(&self.status.as_u16()) && is_blank(&self.body) {
            return Ok(self.with_body(None));
        }
        Ok(self.value_response::<T>()?.map(Some))
    }

    /// The body decoded as `T` when it can be, for an operation that is not
    /// safe to repeat: the request was accepted whatever the body.
    #[allow(dead_code)] // unused by specs without JSON bodies on unsafe operations
    pub(crate) fn accepted<T: serde::de::DeserializeOwned>(self) -> Accepted<T> {
        let decoded = decode(self.status, &self.body);
        Accepted::from_parts(self.status, self.headers, self.body, decoded)
    }

    /// [`RawResponse::accepted`], with the response's metadata.
    #[allow(dead_code)] // unused by specs without JSON bodies on unsafe operations
    pub(crate) fn accepted_response<T: serde::de::DeserializeOwned>(
        self,
    ) -> ApiResponse<Accepted<T>> {
        let raw = RawResponse {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
        };
        let accepted = raw.accepted();
        let unread = accepted.unread().to_vec();
        let mut response = self.with_body(accepted);
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

/// `body` decoded as `T` with the values that could not be read; why it
/// was not when it is empty (unless `T` is an always-`null` unit struct,
/// which an empty body says as well as `null` does) or not `T` even
/// without them. An undecodable body and values left out are reported as
/// a `tracing` warning (with the status, the length and the pointers,
/// never the body's values).
fn decode<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: &Bytes,
) -> Result<(T, Vec<UnreadField>), Undecoded> {
    if is_blank(body) {
        return T::deserialize(EmptyBody)
            .map(|value| (value, Vec::new()))
            .map_err(|_| Undecoded::Empty);
    }
    match tolerant::decode(body) {
        Ok((value, unread)) => {
            if !unread.is_empty() {
                warn_unread(status, &unread);
            }
            Ok((value, unread))
        }
        Err(error) => {
            tracing::warn!(
                status = status.as_u16(),
                length = body.len(),
                line = error.line(),
                column = error.column(),
                "a success response's body is not the documented JSON"
            );
            Err(Undecoded::NotAsDocumented {
                reason: format!(
                    "{:?} at line {} column {}",
                    error.classify(),
                    error.line(),
                    error.column()
                ),
            })
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
    fn an_empty_or_undecodable_success_body_is_an_error_of_a_safe_operation() {
        assert!(matches!(
            raw(200, b"").value::<u32>(),
            Err(Error::UndecodedBody(undecoded)) if undecoded.reason == Undecoded::Empty
        ));
        let Err(error) = raw(200, b"<html>").value::<u32>() else {
            panic!("not JSON");
        };
        assert!(error.is_retryable());
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
        assert_eq!(raw(201, b" 7 ").value::<u32>().ok(), Some(7));
        assert_eq!(raw(204, b"").optional_value::<u32>(&[204]).ok(), Some(None));
        assert!(raw(200, b"").optional_value::<u32>(&[204]).is_err());
        assert_eq!(
            raw(200, b"3").optional_value::<u32>(&[204]).ok(),
            Some(Some(3))
        );
    }

    #[test]
    fn an_empty_or_undecodable_success_body_of_an_unsafe_operation_is_accepted() {
        assert_eq!(raw(201, b"").accepted::<u32>().value(), None);
        assert_eq!(raw(201, b"7").accepted::<u32>().value(), Some(&7));
        let odd = raw(200, b"<html>").accepted::<u32>();
        assert_eq!(&odd.raw_body()[..], b"<html>");
        assert_eq!(odd.headers()["x-test"], "1");
    }

    #[test]
    fn an_empty_body_is_an_always_null_unit_struct_and_nothing_else() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Null;
        assert_eq!(raw(200, b"").value::<Null>().ok(), Some(Null));
        assert_eq!(raw(200, b"null").value::<Null>().ok(), Some(Null));
        assert!(raw(200, b"\"x\"").value::<Null>().is_err());
        assert!(raw(204, b"").value::<Option<u32>>().is_err());
        assert!(raw(204, b"").value::<()>().is_err());
    }

    #[test]
    fn a_response_keeps_the_metadata_and_the_raw_body() {
        let response: ApiResponse<u32> = raw(200, b"42").value_response().expect("a number");
        assert_eq!((response.status.as_u16(), response.body), (200, 42));
        assert_eq!(response.headers["x-test"], "1");
        let undecodable: ApiResponse<Accepted<u32>> = raw(201, b"{oops").accepted_response();
        assert_eq!(undecodable.body.value(), None);
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

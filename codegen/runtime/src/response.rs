//! Responses: a successful one with its metadata ([`ApiResponse`]), and the
//! raw response the transport reads in full and the operations decode.
//!
//! Each operation uses the one decoder its documented success needs, so
//! some decoders serve only some specs; they carry `#[allow(dead_code)]`.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::{ApiError, Error};
use crate::rate_limit::RateLimit;

/// A successful response: the decoded body with the status, headers and
/// rate-limit information it came with. The `_with_response` methods
/// return it; the plain methods return only the body.
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
}

impl<T> ApiResponse<T> {
    /// The body alone.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// A response read in full.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The body decoded as `T`; [`Error::Decode`] when it is not.
    #[allow(dead_code)] // unused by specs whose operations return no JSON body
    pub(crate) fn json_body<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        decode(self.status, self.body)
    }

    /// The body decoded as `T`, with the response's metadata.
    #[allow(dead_code)] // unused by specs whose operations return no JSON body
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        let rate_limit = RateLimit::from_headers(&self.headers);
        let body = decode(self.status, self.body)?;
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            rate_limit,
            body,
        })
    }

    /// The body decoded as `T`, or `None` when there is none (a documented
    /// 204, say); [`Error::Decode`] when it is not `T`.
    #[allow(dead_code)] // used only where a success may come without a body
    pub(crate) fn optional_json_body<T: serde::de::DeserializeOwned>(
        self,
    ) -> Result<Option<T>, Error> {
        optional_decode(self.status, self.body)
    }

    /// Like [`RawResponse::optional_json_body`], with the response's metadata.
    #[allow(dead_code)] // used only where a success may come without a body
    pub(crate) fn optional_json<T: serde::de::DeserializeOwned>(
        self,
    ) -> Result<ApiResponse<Option<T>>, Error> {
        let rate_limit = RateLimit::from_headers(&self.headers);
        let body = optional_decode(self.status, self.body)?;
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            rate_limit,
            body,
        })
    }

    /// Success without a body: whatever the server sent is ignored.
    #[allow(dead_code)] // unused by specs whose operations all return a body
    pub(crate) fn empty(self) -> ApiResponse<()> {
        let rate_limit = RateLimit::from_headers(&self.headers);
        ApiResponse {
            status: self.status,
            headers: self.headers,
            rate_limit,
            body: (),
        }
    }

    /// The [`Error::Api`] for a status outside 2xx.
    pub(crate) fn into_error(self) -> Error {
        Error::Api(Box::new(ApiError {
            status: self.status,
            error: serde_json::from_slice(&self.body).ok(),
            body: String::from_utf8_lossy(&self.body).into_owned(),
            rate_limit: RateLimit::from_headers(&self.headers),
        }))
    }
}

/// `body` decoded as `T`; [`Error::Decode`], with the bytes, when it is not.
fn decode<T: serde::de::DeserializeOwned>(status: StatusCode, body: Bytes) -> Result<T, Error> {
    serde_json::from_slice(&body).map_err(|source| Error::Decode {
        status,
        source,
        body,
    })
}

/// `body` decoded as `T`, or `None` when it is empty.
fn optional_decode<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: Bytes,
) -> Result<Option<T>, Error> {
    if body.is_empty() {
        return Ok(None);
    }
    decode(status, body).map(Some)
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
    fn an_empty_success_body_is_none_and_any_other_is_decoded() {
        let empty: Option<u32> = raw(204, b"")
            .optional_json_body()
            .expect("nothing to decode");
        assert_eq!(empty, None);
        let number: Option<u32> = raw(201, b"7").optional_json_body().expect("decodes");
        assert_eq!(number, Some(7));
        let wrong = raw(201, b"seven").optional_json_body::<u32>();
        assert!(matches!(wrong, Err(Error::Decode { .. })));
    }

    #[test]
    fn decoding_keeps_the_metadata_and_a_bad_body_keeps_its_bytes() {
        let response: ApiResponse<u32> = raw(200, b"42").json().expect("decodes");
        assert_eq!((response.status.as_u16(), response.body), (200, 42));
        assert_eq!(response.headers["x-test"], "1");
        match raw(200, b"{oops").json_body::<u32>() {
            Err(Error::Decode { status, body, .. }) => {
                assert_eq!((status.as_u16(), &body[..]), (200, &b"{oops"[..]));
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        let () = raw(204, b"ignored").empty().body;
    }

    #[test]
    fn an_error_status_keeps_the_raw_body_beside_the_decoded_one() {
        let Error::Api(api) = raw(404, b"not json").into_error() else {
            panic!("an API error");
        };
        assert_eq!(api.status.as_u16(), 404);
        assert_eq!(api.body, "not json");
        assert!(api.error.is_none());
    }
}

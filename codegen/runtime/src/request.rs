//! Requests before they are sent: what the transport knows about each
//! operation, the prepared request, its body, and the helpers the
//! generated operations use to encode arguments.
//!
//! Some helpers serve only some specs (a spec without query parameters
//! never calls [`push_query`]); they carry `#[allow(dead_code)]` so that
//! every generated crate stays warning-free.

use bytes::Bytes;
use reqwest::header::HeaderValue;

use crate::error::Error;

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
    /// The security requirements: the schemes whose credentials the
    /// request is sent with (see `Client::credentials_for`).
    pub(crate) security: Option<&'static [&'static [&'static str]]>,
}

/// A request ready to be sent, and sent again.
pub(crate) struct PreparedRequest {
    /// The operation.
    pub(crate) operation: &'static OperationInfo,
    /// The path (encoded) and query, appended to the base URL.
    pub(crate) url_path: String,
    /// Header parameters.
    pub(crate) headers: reqwest::header::HeaderMap,
    /// The body, encoded once for all attempts.
    pub(crate) body: Option<RequestBody>,
}

/// Turns a request builder into one with a body; called once per attempt.
pub(crate) type BodyBuilder =
    dyn Fn(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error> + Send + Sync;

/// A request body ready to be sent (again).
pub(crate) enum RequestBody {
    /// Encoded bytes and their media type, the same on every attempt.
    Bytes {
        /// The `content-type` header.
        content_type: HeaderValue,
        /// The encoded body.
        bytes: Bytes,
    },
    /// A body made anew for each attempt, such as a multipart form (which
    /// `reqwest` consumes when sending).
    #[allow(dead_code)] // made only by `multipart.rs`, which specs without forms leave out
    Rebuilt(Box<BodyBuilder>),
}

impl RequestBody {
    /// Puts the body on `builder`, with its `content-type`.
    pub(crate) fn apply(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, Error> {
        match self {
            Self::Bytes {
                content_type,
                bytes,
            } => Ok(builder
                .header(reqwest::header::CONTENT_TYPE, content_type.clone())
                .body(bytes.clone())),
            Self::Rebuilt(build) => build(builder),
        }
    }
}

/// `body` serialised as JSON, once for all attempts.
#[allow(dead_code)] // unused by specs without JSON request bodies
pub(crate) fn json_body<T: serde::Serialize>(body: &T) -> Result<RequestBody, Error> {
    serde_json::to_vec(body)
        .map(|bytes| RequestBody::Bytes {
            content_type: HeaderValue::from_static("application/json"),
            bytes: Bytes::from(bytes),
        })
        .map_err(|error| Error::InvalidArgument {
            name: "body",
            reason: error.to_string(),
        })
}

/// The characters a path segment or a query key or value keeps as
/// they are (RFC 3986 unreserved); all others are percent-encoded.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` percent-encoded as exactly one path segment. Empty values
/// and `.`/`..` (which URL parsers resolve away) are rejected.
#[allow(dead_code)] // unused by specs without path parameters
pub(crate) fn path_segment(name: &'static str, value: &str) -> Result<String, Error> {
    if value.is_empty() {
        return Err(Error::InvalidArgument {
            name,
            reason: "must not be empty".to_owned(),
        });
    }
    if value == "." || value == ".." {
        return Err(Error::InvalidArgument {
            name,
            reason: format!("`{value}` cannot be sent as a path segment"),
        });
    }
    Ok(percent_encoding::utf8_percent_encode(value, UNRESERVED).to_string())
}

/// Appends `name=value`, both percent-encoded, to `query_string`.
#[allow(dead_code)] // unused by specs without query parameters
pub(crate) fn push_query(query_string: &mut String, name: &str, value: &str) {
    if !query_string.is_empty() {
        query_string.push('&');
    }
    query_string.extend(percent_encoding::utf8_percent_encode(name, UNRESERVED));
    query_string.push('=');
    query_string.extend(percent_encoding::utf8_percent_encode(value, UNRESERVED));
}

/// A header parameter's value, checked before sending.
#[allow(dead_code)] // unused by specs without header parameters
pub(crate) fn header_value(name: &'static str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
        name,
        reason: "not a valid header value (it must be visible ASCII)".to_owned(),
    })
}

/// A credential's header value, which is never logged or shown by `Debug`.
pub(crate) fn secret_header(name: &'static str, value: &str) -> Result<HeaderValue, Error> {
    let mut header = HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
        name,
        reason: "not a valid header value (it must be visible ASCII)".to_owned(),
    })?;
    header.set_sensitive(true);
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_one_encoded_segment_and_never_empty_or_dots() {
        assert_eq!(
            path_segment("id", "../a b/ü?#").ok().as_deref(),
            Some("..%2Fa%20b%2F%C3%BC%3F%23")
        );
        assert_eq!(
            path_segment("id", "a-b.c_d~e").ok().as_deref(),
            Some("a-b.c_d~e")
        );
        for bad in ["", ".", ".."] {
            assert!(
                matches!(
                    path_segment("id", bad),
                    Err(Error::InvalidArgument { name: "id", .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn query_pairs_are_encoded_and_joined() {
        let mut query = String::new();
        push_query(&mut query, "tag", "a&b");
        push_query(&mut query, "q", "x y");
        assert_eq!(query, "tag=a%26b&q=x%20y");
    }

    #[test]
    fn header_values_must_be_visible_ascii_and_secrets_are_sensitive() {
        assert!(header_value("h", "ok").is_ok());
        assert!(header_value("h", "line\nbreak").is_err());
        let secret = secret_header("api_key", "k").expect("valid");
        assert!(secret.is_sensitive());
        assert!(secret_header("api_key", "a\u{0}b").is_err());
    }

    #[test]
    fn json_bodies_carry_their_media_type() {
        let Ok(RequestBody::Bytes {
            content_type,
            bytes,
        }) = json_body(&serde_json::json!({"a": 1}))
        else {
            panic!("a JSON body is bytes");
        };
        assert_eq!(content_type, "application/json");
        assert_eq!(&bytes[..], br#"{"a":1}"#);
    }
}

//! Success values of operations that are not safe to repeat
//! ([`Accepted`]), and what a 2xx body that could not be read as
//! documented keeps ([`UndecodedBody`]).
//!
//! The rule, by operation:
//!
//! - Safe to repeat (GET, HEAD, PUT, DELETE, OPTIONS, or `x-idempotent:
//!   true`): the method returns the documented body `T` (`()` where none
//!   is documented, `Option<T>` where some 2xx is documented without a
//!   body). A 2xx whose body cannot be read as documented is
//!   [`Error::UndecodedBody`](crate::Error::UndecodedBody), which
//!   [`Error::is_retryable`](crate::Error::is_retryable) says may be sent
//!   again: doing so cannot make the API act twice.
//! - Not safe to repeat (POST, PATCH): a 2xx is never an `Err`. A JSON
//!   body comes as [`Accepted<T>`]: the request was accepted, and the
//!   decoded body is there when it decoded. [`Accepted::into_value`]
//!   gives an [`UndecodedBody`] otherwise, a type that is not the crate's
//!   `Error`, so that a retry loop on `Error` never sends the request
//!   again.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::tolerant::UnreadField;

/// A request the API accepted (a 2xx) to an operation that is not safe to
/// repeat, with its body decoded as documented when it could be.
///
/// `Ok(Accepted)` always means the API received and accepted the request:
/// never send it again, whatever [`Accepted::value`] says.
#[derive(Clone, Debug)]
pub struct Accepted<T> {
    status: StatusCode,
    headers: HeaderMap,
    raw_body: Bytes,
    unread: Vec<UnreadField>,
    value: Result<T, Undecoded>,
}

impl<T> Accepted<T> {
    /// The decoded body, `None` when the 2xx came with an empty body or
    /// one that is not the documented JSON (see [`Accepted::raw_body`]).
    pub fn value(&self) -> Option<&T> {
        self.value.as_ref().ok()
    }

    /// The decoded body, or what was received instead of it. The
    /// [`UndecodedBody`] is not the crate's `Error`, so `?` does not turn
    /// an accepted request into a failure a caller would resend.
    ///
    /// # Errors
    ///
    /// [`UndecodedBody`] when the body was empty or not the documented JSON.
    pub fn into_value(self) -> Result<T, UndecodedBody> {
        match self.value {
            Ok(value) => Ok(value),
            Err(reason) => Err(UndecodedBody {
                status: self.status,
                raw_body: self.raw_body,
                reason,
            }),
        }
    }

    /// Whether the body decoded as documented.
    pub fn is_decoded(&self) -> bool {
        self.value.is_ok()
    }

    /// Why the body did not decode, `None` when it did.
    pub fn undecoded(&self) -> Option<&Undecoded> {
        self.value.as_ref().err()
    }

    /// The HTTP status (2xx).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as it was received (empty when there was none).
    pub fn raw_body(&self) -> &Bytes {
        &self.raw_body
    }

    /// The values of the body that could not be read as documented, each
    /// with its JSON pointer and raw JSON (empty when all were read): the
    /// decoded body has the rest.
    pub fn unread(&self) -> &[UnreadField] {
        &self.unread
    }

    /// The same acceptance with the decoded body turned into another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Accepted<U> {
        Accepted {
            status: self.status,
            headers: self.headers,
            raw_body: self.raw_body,
            unread: self.unread,
            value: self.value.map(f),
        }
    }
}

/// Building an acceptance in tests.
impl<T> Accepted<T> {
    /// An acceptance of `status` whose body decoded as `value`, no headers
    /// and no raw body, for tests of code that reads it (and for answers
    /// of the `test-util` mock): the client builds its own from what the
    /// server sent.
    pub fn new(status: StatusCode, value: T) -> Self {
        Self {
            status,
            headers: HeaderMap::new(),
            raw_body: Bytes::new(),
            unread: Vec::new(),
            value: Ok(value),
        }
    }

    /// An acceptance of `status` whose body, `raw_body`, could not be read
    /// as documented (an empty one is [`Undecoded::Empty`]).
    pub fn undecodable(status: StatusCode, raw_body: impl Into<Bytes>) -> Self {
        let raw_body = raw_body.into();
        let value = Err(if is_blank(&raw_body) {
            Undecoded::Empty
        } else {
            Undecoded::NotAsDocumented {
                reason: "set by a test".to_owned(),
            }
        });
        Self {
            status,
            headers: HeaderMap::new(),
            raw_body,
            unread: Vec::new(),
            value,
        }
    }

    /// With `headers` as the response headers.
    #[must_use]
    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    /// With `raw_body` as the body as it was received; the decoded body is
    /// left as it is.
    #[must_use]
    pub fn with_raw_body(mut self, raw_body: impl Into<Bytes>) -> Self {
        self.raw_body = raw_body.into();
        self
    }

    /// The acceptance the client builds from a response.
    pub(crate) fn from_parts(
        status: StatusCode,
        headers: HeaderMap,
        raw_body: Bytes,
        decoded: Result<(T, Vec<UnreadField>), Undecoded>,
    ) -> Self {
        let (value, unread) = match decoded {
            Ok((value, unread)) => (Ok(value), unread),
            Err(reason) => (Err(reason), Vec::new()),
        };
        Self {
            status,
            headers,
            raw_body,
            unread,
            value,
        }
    }
}

/// Why a 2xx body was not read as documented.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Undecoded {
    /// The body was empty (or only whitespace).
    Empty,
    /// The body is not the documented JSON.
    NotAsDocumented {
        /// What the JSON reader said (a position and what it expected;
        /// never the body's values).
        reason: String,
    },
}

impl std::fmt::Display for Undecoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("the body was empty"),
            Self::NotAsDocumented { reason } => {
                write!(f, "the body is not the documented JSON ({reason})")
            }
        }
    }
}

/// A 2xx whose body could not be read as documented: the status and the
/// bytes received. From [`Accepted::into_value`] (the request was
/// accepted: do not send it again), and inside
/// [`Error::UndecodedBody`](crate::Error::UndecodedBody) for an operation
/// that is safe to repeat.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct UndecodedBody {
    /// The HTTP status (2xx).
    pub status: StatusCode,
    /// The body as it was received.
    pub raw_body: Bytes,
    /// Why it was not read.
    pub reason: Undecoded,
}

impl std::fmt::Display for UndecodedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the API answered {} and {}; the request was accepted ({} bytes kept)",
            self.status,
            self.reason,
            self.raw_body.len()
        )
    }
}

impl std::error::Error for UndecodedBody {}

/// Whether `body` is empty or only whitespace.
pub(crate) fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acceptance_gives_its_value_or_what_came_instead() {
        let sent = Accepted::new(StatusCode::CREATED, 7_u32);
        assert_eq!(sent.value(), Some(&7));
        assert!(sent.is_decoded());
        assert_eq!(sent.map(|n| n + 1).into_value().ok(), Some(8));
        let empty: Accepted<u32> = Accepted::undecodable(StatusCode::CREATED, "");
        assert_eq!(empty.value(), None);
        assert_eq!(empty.undecoded(), Some(&Undecoded::Empty));
        let Err(undecoded) = empty.into_value() else {
            panic!("an empty body has no value");
        };
        assert_eq!(undecoded.status, StatusCode::CREATED);
        assert!(undecoded.to_string().contains("accepted"), "{undecoded}");
        let odd: Accepted<u32> = Accepted::undecodable(StatusCode::OK, "<html>");
        assert_eq!(&odd.raw_body()[..], b"<html>");
        assert!(matches!(
            odd.undecoded(),
            Some(Undecoded::NotAsDocumented { .. })
        ));
    }
}

//! The future `.await` on a request builder runs in a large API's crate:
//! [`Sending`], named and generic over how the body is read, so that each
//! response's decoding is compiled in the crate that awaits it.
//!
//! A builder whose `IntoFuture` boxes its `send()` into a `dyn Future`
//! makes the generated crate compile every operation's state machine and
//! every response type's decoding (twice: the strict read and the tolerant
//! one), whether anyone awaits it or not. For a crate of hundreds of
//! operations of which a user calls a few, that is most of its build; so
//! crates of large APIs use this instead (`docs/generator.md`, "Decoding
//! where it is awaited"). The call itself (preparing, retrying, reading
//! the response) is one boxed future, the same type for every operation,
//! compiled once here; only the reading of the body (`R`) is generic.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;

use crate::accepted::Accepted;
use crate::client::Client;
use crate::error::Error;
use crate::request::PreparedRequest;
use crate::response::RawResponse;
use crate::settings::CallSettings;

/// The call of a request builder being sent: what `.await` on the builder
/// runs, resolving to what its `send()` returns (`Result<R::Output, Error>`).
///
/// Dropping it before it resolves cancels the call: an attempt in flight
/// is abandoned, and whether the server received it is unknown.
#[must_use = "a request is sent only when it is awaited"]
pub struct Sending<'a, R: ReadBody> {
    /// The call, from preparing the request to reading the response.
    response: Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + 'a>>,
    /// The 2xx statuses documented without a body.
    empty: &'static [u16],
    read: PhantomData<fn() -> R>,
}

impl<'a, R: ReadBody> Sending<'a, R> {
    /// Sends `request` (or fails with its error when it could not be
    /// built) through `client` with the call's `settings`; `empty` are the
    /// 2xx statuses documented without a body.
    #[allow(dead_code)] // the generated builders call it
    pub(crate) fn new(
        client: &'a Client,
        request: Result<PreparedRequest, Error>,
        settings: CallSettings,
        empty: &'static [u16],
    ) -> Self {
        Self {
            response: call(client, request, settings),
            empty,
            read: PhantomData,
        }
    }
}

/// The call of a [`Sending`]: the same type whatever the body, so compiled
/// once.
fn call(
    client: &Client,
    request: Result<PreparedRequest, Error>,
    settings: CallSettings,
) -> Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + '_>> {
    Box::pin(async move { client.execute(request?, settings).await })
}

impl<R: ReadBody> Future for Sending<'_, R> {
    type Output = Result<R::Output, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let response = std::task::ready!(self.response.as_mut().poll(cx))?;
        Poll::Ready(R::read(response, self.empty))
    }
}

impl<R: ReadBody> std::fmt::Debug for Sending<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sending").finish_non_exhaustive()
    }
}

/// How a [`Sending`] reads a successful response's body: one type for
/// each way a builder's `send()` does. Only this crate implements it.
pub trait ReadBody {
    /// What `.await` gives.
    type Output;

    /// `response`'s body read; `empty` are the 2xx statuses documented
    /// without a body.
    #[doc(hidden)]
    fn read(response: RawResponse, empty: &[u16]) -> Result<Self::Output, Error>;
}

/// Reads the body as `T`, for an operation that is safe to repeat: an
/// empty body or one that is not `T` is [`Error::UndecodedBody`].
#[allow(dead_code)] // only named as a type, never built
pub struct Value<T>(PhantomData<fn() -> T>);

impl<T: serde::de::DeserializeOwned> ReadBody for Value<T> {
    type Output = T;
    fn read(response: RawResponse, _: &[u16]) -> Result<T, Error> {
        response.value()
    }
}

/// Reads the body as `T`, `None` for an empty body of a status documented
/// without one.
#[allow(dead_code)] // only named as a type, never built
pub struct OptionalValue<T>(PhantomData<fn() -> T>);

impl<T: serde::de::DeserializeOwned> ReadBody for OptionalValue<T> {
    type Output = Option<T>;
    fn read(response: RawResponse, empty: &[u16]) -> Result<Option<T>, Error> {
        response.optional_value(empty)
    }
}

/// Reads the body as an [`Accepted<T>`], for an operation that is not
/// safe to repeat: never an `Err` once the server accepted the request.
#[allow(dead_code)] // only named as a type, never built
pub struct AcceptedValue<T>(PhantomData<fn() -> T>);

impl<T: serde::de::DeserializeOwned> ReadBody for AcceptedValue<T> {
    type Output = Accepted<T>;
    fn read(response: RawResponse, _: &[u16]) -> Result<Accepted<T>, Error> {
        Ok(response.accepted())
    }
}

/// Reads the body as text (UTF-8, invalid bytes replaced by U+FFFD).
#[allow(dead_code)] // only named as a type, never built
pub struct Text;

impl ReadBody for Text {
    type Output = String;
    fn read(response: RawResponse, _: &[u16]) -> Result<String, Error> {
        Ok(response.text())
    }
}

/// Reads the body as the bytes that came.
#[allow(dead_code)] // only named as a type, never built
pub struct Binary;

impl ReadBody for Binary {
    type Output = Bytes;
    fn read(response: RawResponse, _: &[u16]) -> Result<Bytes, Error> {
        Ok(response.bytes())
    }
}

/// Reads nothing: success without a documented body.
#[allow(dead_code)] // only named as a type, never built
pub struct NoBody;

impl ReadBody for NoBody {
    type Output = ();
    fn read(response: RawResponse, _: &[u16]) -> Result<(), Error> {
        drop(response);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    fn response(status: u16, body: &'static [u8]) -> RawResponse {
        RawResponse {
            status: StatusCode::from_u16(status).expect("a status"),
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
        }
    }

    /// Each reader gives what the builder's `send()` gives for the same
    /// response, so `.await` and `send()` agree.
    #[test]
    fn each_reader_reads_the_body_as_send_does() {
        assert_eq!(
            Value::<Vec<u8>>::read(response(200, b"[1,2]"), &[]).expect("read"),
            [1, 2]
        );
        assert!(matches!(
            Value::<Vec<u8>>::read(response(200, b""), &[]),
            Err(Error::UndecodedBody(_))
        ));
        assert_eq!(
            OptionalValue::<u8>::read(response(204, b""), &[204]).expect("read"),
            None
        );
        assert_eq!(
            OptionalValue::<u8>::read(response(200, b"7"), &[204]).expect("read"),
            Some(7)
        );
        let accepted = AcceptedValue::<u8>::read(response(201, b"not json"), &[]).expect("read");
        assert_eq!(accepted.value(), None, "accepted, its body unread");
        assert_eq!(
            Text::read(response(200, b"hello"), &[]).expect("read"),
            "hello"
        );
        assert_eq!(
            &Binary::read(response(200, b"\x00\x01"), &[]).expect("read")[..],
            b"\x00\x01"
        );
        NoBody::read(response(204, b""), &[]).expect("read");
    }
}

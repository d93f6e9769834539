//! The future a request builder's `send()`, `send_with_response()` and
//! `.await` return ([`Sending`]), built the same way for every operation.
//!
//! A builder's methods are plain functions that hand the runtime three
//! things: the request (prepared from the builder's inputs, or the error
//! that stopped it), the call's settings, and a function that reads the
//! response's body as the operation's success says. The call itself
//! (retries, hooks, reading the response) is one future compiled once here,
//! whatever the operation; what each operation adds is its reading
//! function, which is ordinary code. Written as an `async fn` per
//! operation instead, every operation of a crate was a state machine of
//! its own, and a large API's crate spent about a third of its compile on
//! them (docs/benchmarks.md, "What the large crate's compile time is made
//! of").

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::client::Client;
use crate::error::Error;
use crate::request::PreparedRequest;
use crate::response::RawResponse;
use crate::settings::CallSettings;

/// A request being sent: what a request builder's `send()`,
/// `send_with_response()` and `.await` return, resolving to the body (or
/// the response, for `send_with_response`) or the call's [`Error`].
///
/// Nothing is sent until it is first polled. It is `Send`, so it can be
/// awaited on any runtime thread; dropping it before it resolves cancels
/// the call (an attempt in flight is abandoned, and whether the server
/// received it is unknown).
pub type Sending<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// Sends `request` (or fails with its error when it could not be built)
/// through `client` with the call's `settings`, and reads a successful
/// response with `read`.
pub(crate) fn send<'a, T: 'a>(
    client: &'a Client,
    request: Result<PreparedRequest, Error>,
    settings: CallSettings,
    read: fn(RawResponse) -> Result<T, Error>,
) -> Sending<'a, T> {
    Box::pin(Read {
        call: call(client, request, settings),
        read,
        output: PhantomData,
    })
}

/// The call: the same type whatever the operation, so compiled once.
fn call(
    client: &Client,
    request: Result<PreparedRequest, Error>,
    settings: CallSettings,
) -> Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + '_>> {
    Box::pin(async move { client.execute(request?, settings).await })
}

/// The call, then the reading of its response.
struct Read<'a, T> {
    call: Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + 'a>>,
    read: fn(RawResponse) -> Result<T, Error>,
    output: PhantomData<fn() -> T>,
}

impl<T> Future for Read<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let response = std::task::ready!(self.call.as_mut().poll(cx))?;
        Poll::Ready((self.read)(response))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request that could not be prepared (an invalid argument) fails
    /// the call when it is awaited, with that error: the call stops there,
    /// before the transport, and the reading function never runs.
    #[test]
    fn a_request_that_could_not_be_prepared_fails_when_awaited() {
        let client = Client::new("a-key").expect("the client builds");
        let prepared = Err(Error::InvalidArgument {
            name: "id",
            reason: "empty".to_owned(),
        });
        let sending: Sending<'_, u8> = send(
            &client,
            prepared,
            CallSettings::default(),
            |_| unreachable!(),
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime");
        let error = runtime.block_on(sending).expect_err("the argument's error");
        assert!(
            matches!(error, Error::InvalidArgument { name: "id", .. }),
            "{error:?}"
        );
    }
}

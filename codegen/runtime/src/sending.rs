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
//! its own, and a large API's crate spent a fifth to a quarter of its debug
//! compile on them (docs/benchmarks.md, "No state machine per operation").

use std::future::Future;
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
/// The request is prepared (its inputs encoded and checked) when the
/// future is made, by `send()` or `.await`; an input it refuses fails the
/// call when the future is awaited. Nothing is sent until it is first
/// polled. It is `Send` and `Unpin`, so it can be awaited on any runtime
/// thread and stored as it is; dropping it before it resolves cancels the
/// call (an attempt in flight is abandoned, and whether the server
/// received it is unknown). Polling it again after it resolved panics, as
/// an `async fn`'s future does.
pub type Sending<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// The future that sends `request` (or fails with its error when it could
/// not be prepared) through `client` with the call's `settings`, and reads
/// a successful response with `read`.
pub(crate) fn send<'a, T: 'a>(
    client: &'a Client,
    request: Result<PreparedRequest, Error>,
    settings: CallSettings,
    read: fn(RawResponse) -> Result<T, Error>,
) -> Sending<'a, T> {
    Box::pin(Read {
        call: call(client, request, settings),
        read,
    })
}

/// The call: the same type whatever the operation, so compiled once (only
/// [`Read`]'s `poll` is compiled once per output type).
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
    use bytes::Bytes;
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    fn block_on<T>(future: Read<'_, T>) -> Result<T, Error> {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime")
            .block_on(future)
    }

    /// A successful call's response goes through the reading function;
    /// a failed call's error is the future's, and the reading function
    /// never runs (a request that could not be prepared fails this way
    /// when awaited, before the transport).
    #[test]
    fn the_call_is_read_on_success_and_its_error_passes_through() {
        let answered = Read {
            call: Box::pin(async {
                Ok(RawResponse {
                    status: StatusCode::OK,
                    headers: HeaderMap::new(),
                    body: Bytes::from_static(b"[1,2]"),
                })
            }),
            read: |response| response.value::<Vec<u8>>(),
        };
        assert_eq!(block_on(answered).expect("read"), [1, 2]);
        let refused: Read<'_, u8> = Read {
            call: Box::pin(async {
                Err(Error::InvalidArgument {
                    name: "id",
                    reason: "empty".to_owned(),
                })
            }),
            read: |_| unreachable!("a failed call is not read"),
        };
        let error = block_on(refused).expect_err("the call's error");
        assert!(
            matches!(error, Error::InvalidArgument { name: "id", .. }),
            "{error:?}"
        );
    }
}

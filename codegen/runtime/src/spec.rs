//! A stand-in for the `spec.rs` the generator emits into every crate
//! (`codegen/src/emit/spec.rs`): the same items, with sample values, so that
//! the runtime compiles and its tests run here.

use crate::client::{Client, ClientBuilder, CredentialIn};
use crate::echo::EchoMarking;
use crate::error::Error;
use crate::rate_limit::RateLimit;
use crate::tolerant::UnreadField;

/// The server the client talks to unless told otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.example.com/v1";

/// The security schemes the client can send, in the spec's order: each
/// scheme's key and the builder method that sets it.
pub(crate) const CREDENTIAL_SETTERS: &[(&str, &str)] = &[("api-key", "api_key")];

/// The spec's echo marker (`x-echo-marker`) and the operations whose
/// bodies carry it; `None` where the spec names none.
pub(crate) const ECHO_MARKING: Option<EchoMarking> = None;

/// The body of an error response ([`ApiError::error`](crate::ApiError::error)),
/// decoded by the schema the spec documents for the operation and the
/// status: match on the variant to read it. (Generated crates have one
/// variant per documented schema before `Other`.)
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// JSON that no schema documented for the operation and status
    /// describes: an undocumented status, or a body that does not fit its
    /// schema.
    Other(serde_json::Value),
}

impl ErrorBody {
    /// `body`, an error response of `status` to the operation `operation`
    /// (its operationId), decoded by the schema documented for them, else
    /// as any JSON; `None` when it is not JSON. The values a documented
    /// schema could not read are returned beside it.
    pub(crate) fn decode(
        operation: &str,
        status: u16,
        body: &[u8],
    ) -> Option<(Self, Vec<UnreadField>)> {
        let _ = (operation, status);
        crate::tolerant::decode_as(body, Self::Other)
    }
}

impl Client {
    /// A client for [`DEFAULT_BASE_URL`] that authenticates with the
    /// `api-key` header.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the key is not a valid header value,
    /// and [`Error::Transport`] when the HTTP client cannot be built.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder().api_key(api_key).build()
    }
}

impl ClientBuilder {
    /// Sends `api_key` in the `api-key` header of every request.
    pub fn api_key(self, api_key: impl Into<String>) -> Self {
        self.credential(
            "api_key",
            "api-key",
            CredentialIn::Header("api-key"),
            api_key.into(),
        )
    }
}

impl RateLimit {
    /// The header that carries [`RateLimit::limit`].
    pub const LIMIT_HEADER: &'static str = "ratelimit-limit";
    /// The header that carries [`RateLimit::remaining`].
    pub const REMAINING_HEADER: &'static str = "ratelimit-remaining";
    /// The header that carries [`RateLimit::reset`], in seconds.
    pub const RESET_HEADER: &'static str = "ratelimit-reset";
}

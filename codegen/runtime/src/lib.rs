//! The runtime every generated client shares, as ordinary Rust.
//!
//! Each file of this folder but this one and `spec.rs` is embedded byte for
//! byte into every crate a user generates that needs it, and into
//! `generated/` (`codegen/src/runtime.rs` lists them and says when each is
//! needed). The golden fixture crates under `codegen/tests/crates/` carry no
//! copy: their `lib.rs` reaches these files by `#[path]`
//! (`codegen::RuntimeSource::Path`), so this folder is the runtime's only
//! copy in the repository. Here they are compiled, linted and unit-tested
//! where they live; `codegen/tests/runtime.rs` checks that the embedded
//! copy is these bytes and that the dependencies and features the generator
//! writes into a crate's manifest are this crate's. What depends on the spec (the default
//! server, the credentials, the rate-limit headers, the error body) reaches
//! them through the items of `spec.rs`, which the generator emits from the
//! spec (`codegen/src/emit/spec.rs`); this crate's `spec.rs` is a stand-in
//! with the same items and sample values.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// The crate-private helpers serve the generated operations, which this
// crate does not have. In generated crates the lint applies in full (every
// fixture crate is built with `-D warnings`), and the helpers that some
// specs never call carry a targeted `#[allow(dead_code)]`.
#![allow(dead_code)]

mod accepted;
mod client;
mod dates;
mod echo;
mod error;
mod heartbeat;
mod hooks;
#[cfg(feature = "test-util")]
mod mock;
mod multipart;
mod paginate;
mod rate_limit;
mod request;
mod response;
mod retry;
mod sending;
mod settings;
mod spec;
mod stream;
mod tolerant;
mod transport;
mod upload;

pub use accepted::{Accepted, Undecoded, UndecodedBody};
pub use client::{
    Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_ERROR_RESPONSE_SIZE,
    DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT,
};
pub use dates::{Date, DateTime};
pub use error::{ApiError, Delivery, Error, TransportErrorKind};
pub use heartbeat::{Heartbeat, HeartbeatConfig, HeartbeatStatus, HeartbeatStop};
pub use hooks::{Hooks, RequestInfo, ResponseInfo};
#[cfg(feature = "test-util")]
pub use mock::{Mock, MockAnswer, MockCall, MockRequest, MockResponse};
pub use multipart::FilePart;
pub use paginate::Paged;
pub use rate_limit::RateLimit;
pub use response::ApiResponse;
pub use retry::RetryPolicy;
pub use sending::Sending;
pub use settings::Deadline;
pub use spec::{ErrorBody, DEFAULT_BASE_URL};
pub use stream::{ResponseStream, SseEvent, DEFAULT_IDLE_TIMEOUT};
pub use tolerant::UnreadField;
pub use upload::UploadBody;

//! Tests of the generated `brevo-conversations` crate live in `tests/`; this
//! crate depends on it by path, exactly as a user's crate would, so the tests
//! see only its public API. The modules here are the tests' shared helpers:
//! [`server`] (raw loopback servers), [`capture`] (everything `tracing`
//! and `log` emit) and [`load`] (the load-and-fault run, shared by the
//! `load_fault` bench and test).
//!
//! The README is included below so that its Rust examples are compiled by
//! `cargo test` and cannot drift from the generated API.
#![doc = include_str!("../../README.md")]

pub mod capture;
pub mod load;
pub mod server;

use brevo_conversations::{Client, ClientBuilder, RetryPolicy};

/// A client for `base_url` that sends `api_key`, with `retry`.
///
/// # Panics
///
/// When the client cannot be built (a test failure).
pub fn client(api_key: &str, base_url: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .api_key(api_key)
        .base_url(base_url)
        .retry_policy(retry)
        .build()
        .expect("client builds")
}

/// `builder` (with its credentials) finished for heartbeat tests on paused
/// time: requests go to `base_url`, the client's own retries are off (so
/// every failure reaches the heartbeat's own retry logic), and the HTTP
/// client has no pool-idle timer (so no timer is pending while a ping is in
/// flight, and the paused clock stands still meanwhile).
///
/// # Panics
///
/// When the client cannot be built (a test failure).
pub fn heartbeat_client(builder: ClientBuilder, base_url: &str) -> Client {
    let http = reqwest::Client::builder()
        .pool_idle_timeout(None)
        .build()
        .expect("HTTP client builds");
    builder
        .base_url(base_url)
        .http_client(http)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

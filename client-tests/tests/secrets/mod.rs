//! Shared by the tests that look for leaked credentials: the keys they use,
//! a client that sends both, and the check itself.

use std::time::Duration;

use brevo_conversations::{Client, RetryPolicy};

/// The API key the leak tests use; every part of it is recognisable.
pub const API_KEY: &str = "xkeysib-0123456789abcdef-SECRET";
/// The partner key the leak tests use.
pub const PARTNER_KEY: &str = "partner-SECRET-9876";

/// A client for `base_url` that sends both keys, with fast retries.
#[allow(dead_code)] // `per_call.rs` builds its own, with hooks
pub fn client_with_both_keys(base_url: &str) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .partner_key(PARTNER_KEY)
        .base_url(base_url)
        .retry_policy(
            RetryPolicy::default()
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(20)),
        )
        .build()
        .expect("client builds")
}

/// Fails when `text` (described as `what`) holds either key or a part of one.
pub fn assert_no_secret(what: &str, text: &str) {
    assert!(!text.contains(API_KEY), "{what} shows the API key: {text}");
    assert!(
        !text.contains(PARTNER_KEY),
        "{what} shows the partner key: {text}"
    );
    assert!(
        !text.contains("SECRET"),
        "{what} shows part of a key: {text}"
    );
}

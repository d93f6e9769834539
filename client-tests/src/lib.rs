//! Tests of the generated `brevo-conversations` crate live in `tests/`; this
//! crate depends on it by path, exactly as a user's crate would, so the tests
//! see only its public API. The modules here are the tests' shared helpers:
//! [`server`] (raw loopback servers) and [`capture`] (everything `tracing`
//! and `log` emit).
//!
//! The README is included below so that its Rust examples are compiled by
//! `cargo test` and cannot drift from the generated API.
#![doc = include_str!("../../README.md")]

pub mod capture;
pub mod server;

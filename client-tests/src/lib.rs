//! Tests of the generated `brevo-conversations` crate live in `tests/`; this
//! crate depends on it by path, exactly as a user's crate would, so the tests
//! see only its public API.

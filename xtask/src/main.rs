//! `cargo xtask`: this repository's commands, which the
//! `openapi-client-gen` library (`cli/`) implements. This crate is its own
//! workspace with only that dependency tree, so that `cargo xtask` does not
//! resolve the client's dependencies (reqwest, tokio, wiremock, ...) on
//! every start.

use std::process::ExitCode;

/// The generator makes many small allocations (YAML nodes, tokens, syntax
/// trees); mimalloc serves them about a quarter faster than the system
/// allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    openapi_client_gen::run(&openapi_client_gen::Context::xtask(), &args)
}

//! `cargo xtask`: the project's own commands.
//!
//! - `cargo xtask codegen` regenerates `generated/` from `spec/`.
//! - `cargo xtask codegen --check` writes nothing and fails when `generated/`
//!   is stale, printing a diff and the command that fixes it.
//! - `--spec FILE --out DIR --crate-name NAME` generate any spec anywhere.
//! - `cargo xtask diff` compares two versions of the spec for users of the
//!   generated crate and checks the crate version bump.
//! - `cargo xtask bench` times the generator's stages on the Conversations
//!   spec and Brevo's whole spec (in a release build).

mod bench;
mod codegen_cmd;
mod diff;
mod files;

use std::process::ExitCode;

/// The generator makes many small allocations (YAML nodes, tokens, syntax
/// trees); mimalloc serves them about a quarter faster than the system
/// allocator (`cargo xtask bench`: Conversations 4.4 -> 3.5 ms, whole Brevo
/// 150 -> 120 ms, medians).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen_cmd::Args::parse(&args[1..]).and_then(|a| codegen_cmd::run(&a)),
        Some("diff") => return diff::main(&args[1..]),
        Some("bench") => return bench::main(&args[1..]),
        _ => Err(codegen_cmd::XtaskError::Usage(USAGE.to_owned())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec FILE --out DIR --crate-name NAME]
       cargo xtask diff [OLD NEW | --rev A [--rev B]] [--spec PATH] [--json]
       cargo xtask bench [--runs N] [--debug]";

//! The generator's commands: what `cargo xtask` runs in this repository
//! (`xtask/` is a thin binary around this library, in a workspace of its
//! own so that `cargo xtask` starts fast), and the `openapi-client-gen`
//! binary.
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
mod compare;
mod diff;
mod drift;
mod files;

use std::process::ExitCode;

/// Runs the command `args` (without the program name) and says how it ended.
pub fn run(args: &[String]) -> ExitCode {
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen_cmd::Args::parse(&args[1..]).and_then(|a| codegen_cmd::run(&a)),
        Some("diff") => return diff::main(&args[1..]),
        Some("bench") => return bench::main(&args[1..]),
        Some("drift") => return drift::main(&args[1..]),
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

/// How the commands are called.
pub const USAGE: &str =
    "usage: cargo xtask codegen [--check] [--spec FILE --out DIR --crate-name NAME] [--smoke-tests]
                           [--deny-warnings] [--deny CODE]... [--allow CODE]...
       cargo xtask diff [OLD NEW | --rev A [--rev B] | --since-release] [--spec PATH] [--json]
       cargo xtask bench [--runs N] [--debug | --compare]
       cargo xtask drift [UPSTREAM_FILE]";

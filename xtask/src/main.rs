//! `cargo xtask`: this repository's commands.
//!
//! - `codegen`, `diff` and `drift` are the generator's own commands, which
//!   users run as the installed `openapi-client-gen`: this binary hands them
//!   to that library (`cli/`) with the repository's defaults (our spec,
//!   `generated/`, Brevo's newest definition and `spec/drift-excuses.yaml`).
//! - `bench` ([`mod@bench`], [`compare`], [`build_time`], [`large_build`],
//!   [`scale`], on [`synthetic`]'s large spec) and `corpus` ([`corpus`]) are
//!   repository tooling, and live here only: timing the generator (beside
//!   progenitor's) and reporting the corpus of fixture specs in
//!   `docs/corpus.md`.
//!
//! This crate is its own workspace with only the generator's dependency
//! tree, so that `cargo xtask` does not resolve the client's dependencies
//! (reqwest, tokio, wiremock, ...) on every start. Its tests run with
//! `cargo test --manifest-path xtask/Cargo.toml` (`.ci/run` does).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `println!` that does not panic when stdout is closed (`| head`): what
/// could not be written is dropped, and the exit code still tells.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod bench;
mod build_time;
mod compare;
mod corpus;
mod large_build;
mod scale;
mod synthetic;
mod timings;

/// The generator makes many small allocations (YAML nodes, tokens, syntax
/// trees); mimalloc serves them about a quarter faster than the system
/// allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The commands of this crate's own, as the usage text lists them.
const OWN_COMMANDS: [&str; 2] = [
    "bench [--runs N] [--debug | --compare | --scale | --build-time [--only ours|progenitor | --large]]",
    "corpus [--check | --update]",
];

/// The repository: the parent of this crate's folder.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let context = openapi_client_gen::Context::xtask();
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("codegen" | "diff" | "drift") => openapi_client_gen::run(&context, &args),
        Some("bench") => bench::main(rest),
        Some("corpus") => corpus::main(&workspace_root(), rest),
        Some("-h" | "--help" | "help") => {
            outln!("{}", context.usage_with(&OWN_COMMANDS));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{}", context.usage_with(&OWN_COMMANDS));
            ExitCode::FAILURE
        }
    }
}

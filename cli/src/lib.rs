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
//! - `cargo xtask corpus` reports the corpus of fixture specs as the
//!   README's table.
//! - `cargo xtask bench` times the generator's stages on the Conversations
//!   spec and Brevo's whole spec (in a release build); `--compare` times
//!   the whole process beside progenitor's, `--build-time` the clean build
//!   of the generated crate beside progenitor's.

/// `println!` that does not panic when stdout is closed (`| head`): what
/// could not be written is dropped, and the exit code still tells.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` that does not panic when stdout is closed, like [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod bench;
mod build_time;
mod codegen_cmd;
mod compare;
pub mod corpus;
mod diff;
mod drift;
mod files;

use std::path::PathBuf;
use std::process::ExitCode;

/// Which program runs the commands: `cargo xtask` in this repository, or
/// the installed `openapi-client-gen` anywhere.
#[derive(Clone, Debug)]
pub struct Context {
    /// How the program is called, for help texts and headers.
    pub program: &'static str,
    /// The repository, for `cargo xtask`: its defaults (our spec and
    /// `generated/`) and the commands that only make sense in it (`bench`,
    /// `drift`). `None` for the installed binary.
    pub repo: Option<PathBuf>,
}

impl Context {
    /// `cargo xtask`, in the repository this crate was built from.
    pub fn xtask() -> Self {
        Self {
            program: "cargo xtask",
            repo: Some(codegen_cmd::workspace_root()),
        }
    }

    /// The installed `openapi-client-gen`: paths are the user's, relative
    /// to the current folder, and nothing is assumed about a repository.
    pub fn standalone() -> Self {
        Self {
            program: "openapi-client-gen",
            repo: None,
        }
    }

    /// The usage text, with this program's name.
    pub fn usage(&self) -> String {
        let mut text = format!(
            "usage: {p} codegen --spec FILE --out DIR [--crate-name NAME] [--check] [--force] [--smoke-tests]
                 [--deny-warnings] [--deny CODE]... [--allow CODE]...
       {p} diff [OLD NEW | --rev A [--rev B] | --since-release] [--spec PATH] [--json]",
            p = self.program
        );
        if self.repo.is_none() {
            text.push_str(&format!("\n       {} drift OURS UPSTREAM", self.program));
        }
        if self.repo.is_some() {
            text = text.replace(
                "codegen --spec FILE --out DIR",
                "codegen [--spec FILE --out DIR]",
            );
            text.push_str(&format!(
                "\n       {p} bench [--runs N] [--debug | --compare | --build-time [--only ours|progenitor]]\n       {p} corpus [--check | --update-readme]\n       {p} drift [UPSTREAM_FILE]",
                p = self.program
            ));
        }
        text.push_str(&format!(
            "\n`{} COMMAND --help` says more about each.",
            self.program
        ));
        text
    }
}

/// Runs the command `args` (without the program name) and says how it ended.
pub fn run(context: &Context, args: &[String]) -> ExitCode {
    let rest = args.get(1..).unwrap_or_default();
    let result = match (args.first().map(String::as_str), &context.repo) {
        (Some("codegen"), _) => {
            codegen_cmd::Args::parse(context, rest).and_then(|a| codegen_cmd::run(context, &a))
        }
        (Some("diff"), _) => return diff::main(context, rest),
        (Some("bench"), Some(_)) => return bench::main(rest),
        (Some("corpus"), Some(repo)) => corpus::main(repo, rest),
        (Some("drift"), _) => return drift::main(context, rest),
        (Some("-h" | "--help" | "help"), _) => {
            outln!("{}", context.usage());
            return ExitCode::SUCCESS;
        }
        _ => Err(codegen_cmd::XtaskError::Usage(context.usage())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(codegen_cmd::XtaskError::Help(text)) => {
            outln!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

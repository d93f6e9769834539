//! The generator's commands, as the installed `openapi-client-gen` binary
//! runs them, and as this repository's `cargo xtask` runs them with its
//! defaults (`xtask/` calls this library for these three, and has its own
//! repository tooling beside them: `bench`, `corpus`).
//!
//! - `codegen --spec FILE --out DIR [--crate-name NAME]` generates a client
//!   crate; `--check` writes nothing and fails when the folder is stale,
//!   printing a diff and the command that fixes it. In the repository,
//!   `cargo xtask codegen` regenerates `generated/` from `spec/`.
//! - `diff` compares two versions of a spec for users of the generated
//!   crate and checks the crate version bump.
//! - `drift OURS UPSTREAM [--excuses FILE]` compares a spec with the
//!   upstream definition it follows, fact by fact; in the repository,
//!   `cargo xtask drift` compares ours with Brevo's newest, excusing what
//!   `spec/drift-excuses.yaml` lists.

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

mod codegen_cmd;
mod diff;
mod drift;
mod files;
mod folder;

use std::path::PathBuf;
use std::process::ExitCode;

pub use codegen_cmd::{CliError, DEFAULT_CRATE, DEFAULT_OUT, DEFAULT_SPEC};

/// Which program runs the commands: `cargo xtask` in this repository, or
/// the installed `openapi-client-gen` anywhere.
#[derive(Clone, Debug)]
pub struct Context {
    /// How the program is called, for help texts and headers.
    pub program: &'static str,
    /// The repository, for `cargo xtask`: its defaults (our spec,
    /// `generated/`, Brevo's newest definition and our excuse list for
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
        self.usage_with(&[])
    }

    /// The usage text with `more` command lines after this library's
    /// (`cargo xtask` adds its own commands): each line is the command and
    /// its arguments, without the program's name.
    pub fn usage_with(&self, more: &[&str]) -> String {
        let p = self.program;
        let (codegen, drift) = match self.repo {
            Some(_) => (
                "codegen [--spec FILE --out DIR]",
                "drift [UPSTREAM_FILE] [--excuses FILE]",
            ),
            None => (
                "codegen --spec FILE --out DIR",
                "drift OURS UPSTREAM [--excuses FILE]",
            ),
        };
        let mut text = format!(
            "usage: {p} {codegen} [--crate-name NAME] [--check] [--force] [--smoke-tests]
                 [--deny-warnings] [--deny CODE]... [--allow CODE]...
       {p} diff [OLD NEW | --rev A [--rev B] | --since-release] [--spec PATH] [--json]
       {p} {drift}"
        );
        for line in more {
            text.push_str(&format!("\n       {p} {line}"));
        }
        text.push_str(&format!("\n`{p} COMMAND --help` says more about each."));
        text
    }
}

/// Runs the command `args` (without the program name) and says how it ended.
pub fn run(context: &Context, args: &[String]) -> ExitCode {
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => {
            codegen_cmd::Args::parse(context, rest).and_then(|a| codegen_cmd::run(context, &a))
        }
        Some("diff") => return diff::main(context, rest),
        Some("drift") => return drift::main(context, rest),
        Some("-h" | "--help" | "help") => {
            outln!("{}", context.usage());
            return ExitCode::SUCCESS;
        }
        _ => Err(CliError::Usage(context.usage())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Help(text)) => {
            outln!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

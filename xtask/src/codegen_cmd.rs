//! `cargo xtask codegen`: read the spec, generate in memory, then write (or
//! check) the crate folder. Nothing is written unless generation succeeded.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::files::{self, FileError};

/// The spec, folder and crate name `cargo xtask codegen` uses by default.
pub const DEFAULT_SPEC: &str = "spec/conversations.yaml";
/// Where the default crate goes.
pub const DEFAULT_OUT: &str = "generated/brevo-conversations";
/// The default crate's name.
pub const DEFAULT_CRATE: &str = "brevo-conversations";
/// The default crate's version.
pub const DEFAULT_VERSION: &str = "0.1.0";

/// Parsed command-line arguments.
#[derive(Debug, Clone)]
pub struct Args {
    /// Compare only; write nothing.
    pub check: bool,
    /// The spec, relative to the workspace root unless absolute.
    pub spec: PathBuf,
    /// The output folder, relative to the workspace root unless absolute.
    pub out: PathBuf,
    /// The crate's package name.
    pub crate_name: String,
    /// Whether the crate lives outside this workspace (custom `--out`).
    pub standalone: bool,
}

/// Why `cargo xtask` failed.
#[derive(Debug, thiserror::Error)]
pub enum XtaskError {
    /// The command line is wrong.
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error(transparent)]
    File(#[from] FileError),
    /// The spec could not be turned into a crate; nothing was written.
    #[error("{}: cannot generate, nothing was written:\n{source}", spec.display())]
    Generate {
        /// The spec.
        spec: PathBuf,
        /// What went wrong.
        source: codegen::Error,
    },
    /// rustfmt could not format a generated file.
    #[error(transparent)]
    Rustfmt(#[from] crate::rustfmt::RustfmtError),
    /// `--check` found differences.
    #[error("{diff}\n{} is out of date with {} ({summary}).\nRun `{command}` to regenerate it.", out.display(), spec.display())]
    Stale {
        /// The spec.
        spec: PathBuf,
        /// The folder.
        out: PathBuf,
        /// Which files differ.
        summary: String,
        /// A unified diff.
        diff: String,
        /// The command that fixes it.
        command: String,
    },
}

impl Args {
    /// Parses the arguments after `codegen`.
    pub fn parse(args: &[String]) -> Result<Self, XtaskError> {
        let mut parsed = Self {
            check: false,
            spec: PathBuf::from(DEFAULT_SPEC),
            out: PathBuf::from(DEFAULT_OUT),
            crate_name: DEFAULT_CRATE.to_owned(),
            standalone: false,
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |flag: &str| {
                iter.next().cloned().ok_or_else(|| {
                    XtaskError::Usage(format!("{flag} needs a value\n{}", crate::USAGE))
                })
            };
            match arg.as_str() {
                "--check" => parsed.check = true,
                "--spec" => parsed.spec = PathBuf::from(value("--spec")?),
                "--out" => {
                    parsed.out = PathBuf::from(value("--out")?);
                    parsed.standalone = true;
                }
                "--crate-name" => parsed.crate_name = value("--crate-name")?,
                other => {
                    return Err(XtaskError::Usage(format!(
                        "unknown argument `{other}`\n{}",
                        crate::USAGE
                    )))
                }
            }
        }
        Ok(parsed)
    }

    /// The command that regenerates this crate.
    fn command(&self) -> String {
        let mut command = String::from("cargo xtask codegen");
        if self.standalone || self.spec != Path::new(DEFAULT_SPEC) {
            let _ = write!(
                command,
                " --spec {} --out {} --crate-name {}",
                self.spec.display(),
                self.out.display(),
                self.crate_name
            );
        }
        command
    }
}

/// The workspace root: the parent of this crate's folder.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_owned)
        .unwrap_or(manifest_dir)
}

/// Runs `cargo xtask codegen` with `args`.
pub fn run(args: &Args) -> Result<(), XtaskError> {
    let root = workspace_root();
    let spec_path = root.join(&args.spec);
    let out = root.join(&args.out);
    let started = Instant::now();
    let bytes = std::fs::read(&spec_path).map_err(|source| FileError {
        path: spec_path.clone(),
        source,
    })?;
    let options = codegen::Options {
        crate_name: args.crate_name.clone(),
        crate_version: DEFAULT_VERSION.to_owned(),
        spec_label: spec_label(&args.spec),
        regenerate_command: args.command(),
        standalone: args.standalone,
    };
    let mut output =
        codegen::generate(&bytes, &options).map_err(|source| XtaskError::Generate {
            spec: args.spec.clone(),
            source,
        })?;
    let generated_in = started.elapsed();
    for file in output.files.iter_mut().filter(|f| f.path.ends_with(".rs")) {
        file.contents = crate::rustfmt::format(&file.path, &file.contents)?;
    }
    for warning in &output.warnings {
        eprintln!("{warning}");
    }
    let report = files::sync(&out, &output.files, args.check)?;
    let lines: usize = output
        .files
        .iter()
        .map(|f| f.contents.lines().count())
        .sum();
    if args.check {
        if report.is_dirty() {
            let mut summary = Vec::new();
            for (label, list) in [
                ("changed", &report.changed),
                ("missing", &report.created),
                ("stale", &report.stale),
            ] {
                if !list.is_empty() {
                    summary.push(format!("{label}: {}", list.join(", ")));
                }
            }
            return Err(XtaskError::Stale {
                spec: args.spec.clone(),
                out: args.out.clone(),
                summary: summary.join("; "),
                diff: report.diff,
                command: args.command(),
            });
        }
        println!(
            "{} is up to date with {} ({} files, {} operations, {} types).",
            args.out.display(),
            args.spec.display(),
            output.files.len(),
            output.operations,
            output.types
        );
        return Ok(());
    }
    println!(
        "{}: {} written, {} unchanged, {} removed; {} operations, {} types, {} lines, {} warnings; generated in {:.1} ms (before rustfmt).",
        args.out.display(),
        report.changed.len() + report.created.len(),
        report.unchanged.len(),
        report.stale.len(),
        output.operations,
        output.types,
        lines,
        output.warnings.len(),
        generated_in.as_secs_f64() * 1000.0
    );
    Ok(())
}

/// The spec's name in headers: its path as given, with `/` separators, so the
/// output does not depend on where the checkout lives.
fn spec_label(spec: &Path) -> String {
    if spec.is_absolute() {
        return spec
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    spec.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` alone catches a `generated/` that no longer matches `spec/`.
    #[test]
    fn generated_crate_is_fresh() {
        let args = Args::parse(&["--check".to_owned()]).expect("default arguments parse");
        if let Err(error) = run(&args) {
            panic!("{error}");
        }
    }
}

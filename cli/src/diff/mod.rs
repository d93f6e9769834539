//! `cargo xtask diff`: compare two versions of the spec through the
//! generator's IR and report what changes for users of the generated crate.
//!
//! This module parses the command line, reads both versions (files or git
//! revisions, see [`source`]), generates both crates to measure the code
//! change ([`size`]) and prints the report of [`api_diff`]. It exits 0
//! when the check passes, 1 when breaking changes come without the crate
//! version bump they need, and 2 when it could not compare.

mod release;
mod size;
mod source;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use api_diff::Report;

use crate::codegen_cmd::DEFAULT_SPEC;
use crate::Context;
use source::Source;

/// Why `cargo xtask diff` could not compare.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The command line is wrong.
    #[error("{0}")]
    Usage(String),
    /// `--since-release` outside a git repository.
    #[error("{}: not in a git repository, so there is no release to compare with (--since-release reads the history: commit the spec, and tag releases or bump info.x-crate-version)", .0.display())]
    NotARepository(PathBuf),
    /// `--help` was asked for.
    #[error("{0}")]
    Help(String),
    /// A spec file could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// `git` could not be started.
    #[error("could not run git: {0}")]
    GitSpawn(std::io::Error),
    /// `git show` failed (unknown revision, file not in that commit).
    #[error("git show {object} failed: {stderr}")]
    Git {
        /// The `REV:PATH` asked for.
        object: String,
        /// What git said.
        stderr: String,
    },
    /// A spec is not valid; it cannot be compared.
    #[error("{label}: cannot compare, the spec is invalid:\n{source}")]
    Spec {
        /// Which version.
        label: String,
        /// What is wrong with it.
        source: codegen::Error,
    },
    /// A spec's `x-crate-version` is not a version.
    #[error(transparent)]
    Version(#[from] api_diff::VersionError),
    /// Generating a crate to measure the code change failed.
    #[error("could not generate the crate to measure the code change: {0}")]
    Format(#[from] codegen::format::FormatError),
}

/// Parsed command-line arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// The old version.
    pub old: Source,
    /// The new version.
    pub new: Source,
    /// Print JSON instead of text.
    pub json: bool,
    /// `--since-release`: compare `HEAD` with the last release
    /// ([`release::last_release`]) instead of the sides given.
    pub since_release: bool,
}

impl Args {
    /// Parses the arguments after `diff`. Files and `--rev`s are the old
    /// and the new version in the order given; with one, the new version is
    /// the working tree's spec; with none, the old one is `HEAD`'s.
    pub fn parse(context: &Context, args: &[String]) -> Result<Self, DiffError> {
        let usage = |message: String| DiffError::Usage(format!("{message}\n{}", context.usage()));
        let mut spec = context.repo.as_ref().map(|_| DEFAULT_SPEC.to_owned());
        let mut json = false;
        let mut since_release = false;
        // `Ok(rev)` for a revision, `Err(path)` for a file, in order.
        let mut sides: Vec<Result<String, PathBuf>> = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |flag: &str| {
                iter.next()
                    .cloned()
                    .ok_or_else(|| usage(format!("{flag} needs a value")))
            };
            match arg.as_str() {
                "--json" => json = true,
                "--since-release" => since_release = true,
                "--rev" => sides.push(Ok(value("--rev")?)),
                "-h" | "--help" => return Err(DiffError::Help(help(context))),
                "--spec" => spec = Some(value("--spec")?),
                other if other.starts_with("--rev=") => {
                    sides.push(Ok(other["--rev=".len()..].to_owned()))
                }
                other if other.starts_with("--spec=") => {
                    spec = Some(other["--spec=".len()..].to_owned())
                }
                other if other.starts_with('-') => {
                    return Err(usage(format!("unknown argument `{other}`")))
                }
                file => sides.push(Err(PathBuf::from(file))),
            }
        }
        let needs_spec = sides.iter().any(Result::is_ok) || sides.len() < 2 || since_release;
        let spec = match spec {
            Some(spec) => spec,
            None if needs_spec => {
                return Err(usage(
                    "revisions and the working tree need --spec PATH (the spec's path in the repository)"
                        .to_owned(),
                ))
            }
            None => String::new(),
        };
        let to_source = |side: Result<String, PathBuf>| match side {
            Ok(rev) => Source::Rev {
                rev,
                path: spec.clone(),
            },
            Err(path) => Source::File(path),
        };
        let working_tree = Source::WorkingTree(spec.clone());
        let mut sides = sides.into_iter().map(to_source);
        let (old, new) = match (sides.next(), sides.next(), sides.next()) {
            (None, _, _) => (to_source(Ok("HEAD".to_owned())), working_tree),
            (Some(old), None, _) => (old, working_tree),
            (Some(old), Some(new), None) => (old, new),
            (Some(_), Some(_), Some(_)) => {
                return Err(usage(
                    "at most two versions: OLD NEW, or --rev A --rev B".to_owned(),
                ))
            }
        };
        if since_release && old != to_source(Ok("HEAD".to_owned())) {
            return Err(usage(
                "--since-release compares HEAD with the last release; give no other version"
                    .to_owned(),
            ));
        }
        Ok(Self {
            old,
            new,
            json,
            since_release,
        })
    }
}

/// Reads, compares and measures; the report is not printed yet. Git and
/// the spec path of revisions are taken in `root`; files are as given.
pub fn compare(args: &Args, root: &Path) -> Result<Report, DiffError> {
    let lower = |source: &Source| {
        let bytes = source.read(root)?;
        api_diff::lower_spec(&bytes).map_err(|error| DiffError::Spec {
            label: source.label(),
            source: error,
        })
    };
    let old = lower(&args.old)?;
    let new = lower(&args.new)?;
    let report = Report::new(args.old.label(), &old, args.new.label(), &new)?;
    let size = size::measure(&size::generate(&old)?, &size::generate(&new)?);
    Ok(report.with_generated(size))
}

/// Runs `cargo xtask diff` with the arguments after `diff`, printing the
/// report on stdout and problems on stderr.
pub fn main(context: &Context, args: &[String]) -> ExitCode {
    let root = context.repo.clone().unwrap_or_else(|| PathBuf::from("."));
    let args = match Args::parse(context, args)
        .and_then(|args| resolve_release(args, &root, context.program))
    {
        Ok(Some(args)) => args,
        Ok(None) => return ExitCode::SUCCESS,
        Err(DiffError::Help(text)) => {
            outln!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let result = compare(&args, &root).map(|report| (args, report));
    match result {
        Ok((args, report)) => {
            let text = if args.json {
                format!("{:#}\n", report.to_json())
            } else {
                report.to_text()
            };
            // A closed pipe (`| head`) is not a reason to panic; the exit
            // code still tells whether the check passed.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            if report.passes() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(2)
        }
    }
}

/// With `--since-release`, the arguments that compare the last release
/// with `HEAD` (saying which release it is), or `None` after saying why
/// there is nothing to compare.
fn resolve_release(args: Args, root: &Path, program: &str) -> Result<Option<Args>, DiffError> {
    if !args.since_release {
        return Ok(Some(args));
    }
    let Source::Rev { path, .. } = &args.old else {
        return Ok(Some(args));
    };
    match release::last_release(root, path)? {
        Ok(found) => {
            eprintln!(
                "{program} diff --since-release: comparing with {} ({})",
                found.rev, found.reason
            );
            Ok(Some(Args {
                old: Source::Rev {
                    rev: found.rev,
                    path: path.clone(),
                },
                new: Source::Rev {
                    rev: "HEAD".to_owned(),
                    path: path.clone(),
                },
                ..args
            }))
        }
        Err(why) => {
            outln!("skipped: {why}");
            Ok(None)
        }
    }
}

/// `diff --help`.
fn help(context: &Context) -> String {
    format!(
        "Compares two versions of a spec for users of the generated crate: every change classed breaking or not, the size of the generated-code change, and the crate version check.

usage: {p} diff OLD NEW              two files (relative to the current folder)
       {p} diff --rev A [--rev B]    the spec at git revisions (B: the working tree when left out)
       {p} diff --since-release      the last release (newest tag, else the last commit of the previous x-crate-version) against HEAD

  --spec PATH   the spec's path in the repository, for --rev, --since-release and the working tree{default}
  --json        the report as JSON
  -h, --help    this text

Exit code: 0 when the check passes, 1 when breaking changes come without the bump they need, 2 when the versions could not be compared.",
        p = context.program,
        default = if context.repo.is_some() {
            format!(" (default {DEFAULT_SPEC})")
        } else {
            String::new()
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, DiffError> {
        Args::parse(
            &Context::xtask(),
            &args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>(),
        )
    }

    fn rev(rev: &str, path: &str) -> Source {
        Source::Rev {
            rev: rev.to_owned(),
            path: path.to_owned(),
        }
    }

    #[test]
    fn defaults_to_head_against_the_working_tree() {
        let args = parse(&[]).expect("no arguments");
        assert_eq!(args.old, rev("HEAD", DEFAULT_SPEC));
        assert_eq!(args.new, Source::WorkingTree(DEFAULT_SPEC.to_owned()));
        assert!(!args.json);
    }

    #[test]
    fn sides_come_in_the_order_given() {
        let args = parse(&["--rev", "HEAD~1", "--rev=HEAD", "--json"]).expect("two revs");
        assert_eq!(args.old, rev("HEAD~1", DEFAULT_SPEC));
        assert_eq!(args.new, rev("HEAD", DEFAULT_SPEC));
        assert!(args.json);

        let args = parse(&["a.yaml", "b.yaml"]).expect("two files");
        assert_eq!(args.old, Source::File("a.yaml".into()));
        assert_eq!(args.new, Source::File("b.yaml".into()));

        let args = parse(&["--spec", "other.yaml", "--rev", "v1"]).expect("one rev");
        assert_eq!(args.old, rev("v1", "other.yaml"));
        assert_eq!(args.new, Source::WorkingTree("other.yaml".to_owned()));

        let args = parse(&["old.yaml", "--rev", "HEAD"]).expect("file then rev");
        assert_eq!(args.old, Source::File("old.yaml".into()));
        assert_eq!(args.new, rev("HEAD", DEFAULT_SPEC));
    }

    #[test]
    fn rejects_bad_command_lines() {
        for args in [&["a", "b", "c"][..], &["--rev"], &["--frobnicate"]] {
            let error = parse(args).expect_err("invalid");
            assert!(error.to_string().contains("usage:"), "{error}");
        }
    }
}

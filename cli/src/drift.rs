//! `drift OURS UPSTREAM [--excuses FILE]`: a spec against the upstream
//! definition it follows, fact by fact (the `spec-drift` crate), so that
//! whoever brings in upstream's next release sees at once what to port.
//! The differences that are on purpose are input: an excuse list
//! (`--excuses FILE`, see [`spec_drift::Excuses`]); without one, nothing
//! is excused.
//!
//! In the repository, `cargo xtask drift [UPSTREAM_FILE]` compares our spec
//! with the newest `brevo-conversations-<date>.json` in `../shared/upstream/`
//! beside it (or the file named), excusing what [`DEFAULT_EXCUSES`] lists.
//!
//! It prints one line per difference (JSON pointers on both sides) and the
//! differences it excused, and exits 0 when there is no other difference,
//! 1 when there is, and 2 when it could not compare.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::codegen_cmd::DEFAULT_SPEC;
use crate::Context;

/// The excuse list `cargo xtask drift` reads, relative to the repository:
/// our spec's intentional differences from Brevo's definition.
pub const DEFAULT_EXCUSES: &str = "spec/drift-excuses.yaml";

/// What `drift --help` prints after the usage line.
const HELP: &str =
    "Compares a spec with the upstream definition it follows, fact by fact (paths, operations,
parameters, bodies, responses, schemas, security, extensions; prose and examples aside), and
prints one line per difference with a JSON pointer on each side.

  --excuses FILE   a YAML list of differences that are on purpose, each with its reason
                   (`excuses:` entries with `id`, `kind`, `ours`, `upstream`, `reason`); what it
                   accounts for is listed as intentional, and entries that match nothing as unused.
                   Without it, every difference is reported.
  -h, --help       this text

Exit code: 0 when no difference is left unexcused, 1 when one is, 2 when it could not compare.";

/// Parsed arguments.
struct Args {
    ours: PathBuf,
    upstream: PathBuf,
    excuses: Option<PathBuf>,
}

/// The usage line, with this program's name and defaults.
fn usage(context: &Context) -> String {
    match context.repo {
        Some(_) => format!(
            "usage: {} drift [UPSTREAM_FILE] [--excuses FILE]",
            context.program
        ),
        None => format!(
            "usage: {} drift OURS UPSTREAM [--excuses FILE]",
            context.program
        ),
    }
}

/// `Ok(None)` when `--help` was asked for; `Err` holds the message.
fn parse(context: &Context, args: &[String]) -> Result<Option<Args>, String> {
    let mut files = Vec::new();
    let mut excuses = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--excuses" => match iter.next() {
                Some(file) if !file.starts_with('-') => excuses = Some(PathBuf::from(file)),
                _ => return Err(format!("--excuses needs a file\n{}", usage(context))),
            },
            other if other.starts_with('-') => {
                return Err(format!("unknown argument `{other}`\n{}", usage(context)))
            }
            file => files.push(PathBuf::from(file)),
        }
    }
    match (&context.repo, files.as_slice()) {
        (Some(root), []) => Ok(Some(Args {
            ours: root.join(DEFAULT_SPEC),
            upstream: newest_upstream(context, root)?,
            excuses: excuses.or_else(|| Some(root.join(DEFAULT_EXCUSES))),
        })),
        (Some(root), [upstream]) => Ok(Some(Args {
            ours: root.join(DEFAULT_SPEC),
            upstream: upstream.clone(),
            excuses: excuses.or_else(|| Some(root.join(DEFAULT_EXCUSES))),
        })),
        (None, [ours, upstream]) => Ok(Some(Args {
            ours: ours.clone(),
            upstream: upstream.clone(),
            excuses,
        })),
        _ => Err(usage(context)),
    }
}

/// The newest Brevo Conversations definition beside the repository.
fn newest_upstream(context: &Context, root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("../shared/upstream");
    match spec_drift::newest_upstream(&dir) {
        Ok(Some(path)) => Ok(path),
        Ok(None) => Err(format!(
            "{} drift: no brevo-conversations-<date>.json in {}; name the upstream file",
            context.program,
            dir.display()
        )),
        Err(error) => Err(format!(
            "{} drift: {}: {error}",
            context.program,
            dir.display()
        )),
    }
}

/// Runs `drift` with the arguments after it.
pub fn main(context: &Context, args: &[String]) -> ExitCode {
    let args = match parse(context, args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            outln!("{}\n\n{HELP}", usage(context));
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let excuses = match &args.excuses {
        Some(path) => match spec_drift::Excuses::load(path) {
            Ok(excuses) => excuses,
            Err(error) => {
                eprintln!("{} drift: {error}", context.program);
                return ExitCode::from(2);
            }
        },
        None => spec_drift::Excuses::default(),
    };
    let load = |path: &Path| spec_drift::Document::load(path);
    let (ours, theirs) = match (load(&args.ours), load(&args.upstream)) {
        (Ok(ours), Ok(theirs)) => (ours, theirs),
        (Err(error), _) | (_, Err(error)) => {
            eprintln!("{} drift: {error}", context.program);
            return ExitCode::from(2);
        }
    };
    let options = spec_drift::Options {
        excuses,
        ..spec_drift::Options::default()
    };
    let report = spec_drift::compare_with(&ours, &theirs, &options);
    out!("{}", spec_drift::render_with_intentional(&report));
    if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

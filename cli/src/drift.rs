//! `cargo xtask drift [UPSTREAM_FILE]`: our spec against Brevo's published
//! Conversations definition, fact by fact (the `spec-drift` crate), so that
//! whoever brings in Brevo's next release sees at once what to port.
//! (`openapi-client-gen drift OURS UPSTREAM` compares any two files.)
//!
//! Without a file it takes the newest `brevo-conversations-<date>.json` in
//! `../shared/upstream/` beside the repository. It prints one line per
//! difference (JSON pointers on both sides) and the intentional differences
//! it excused, and exits 0 when there is no other difference, 1 when there
//! is, and 2 when it could not compare.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::codegen_cmd::DEFAULT_SPEC;
use crate::Context;

/// Runs `drift` with the arguments after it.
pub fn main(context: &Context, args: &[String]) -> ExitCode {
    let (ours, args) = match (&context.repo, args) {
        (Some(root), _) => (root.join(DEFAULT_SPEC), args),
        (None, [ours, rest @ ..]) => (PathBuf::from(ours), rest),
        (None, []) => {
            eprintln!("usage: {} drift OURS UPSTREAM", context.program);
            return ExitCode::from(2);
        }
    };
    let upstream = match (&context.repo, args) {
        (Some(root), []) => {
            let dir = root.join("../shared/upstream");
            match spec_drift::newest_upstream(&dir) {
                Ok(Some(path)) => path,
                Ok(None) => {
                    eprintln!(
                        "cargo xtask drift: no brevo-conversations-<date>.json in {}; name the upstream file",
                        dir.display()
                    );
                    return ExitCode::from(2);
                }
                Err(error) => {
                    eprintln!("cargo xtask drift: {}: {error}", dir.display());
                    return ExitCode::from(2);
                }
            }
        }
        (_, [file]) if !file.starts_with('-') => PathBuf::from(file),
        _ => {
            match context.repo {
                Some(_) => eprintln!("usage: {} drift [UPSTREAM_FILE]", context.program),
                None => eprintln!("usage: {} drift OURS UPSTREAM", context.program),
            }
            return ExitCode::from(2);
        }
    };
    let load = |path: &std::path::Path| spec_drift::Document::load(path);
    let (ours, theirs) = match (load(&ours), load(&upstream)) {
        (Ok(ours), Ok(theirs)) => (ours, theirs),
        (Err(error), _) | (_, Err(error)) => {
            eprintln!("cargo xtask drift: {error}");
            return ExitCode::from(2);
        }
    };
    let report = spec_drift::compare(&ours, &theirs);
    out!("{}", spec_drift::render_with_intentional(&report));
    if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

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
    /// Whether to generate `tests/smoke.rs` (`--smoke-tests`).
    pub smoke_tests: bool,
    /// `--deny-warnings`: every warning about the spec is an error.
    pub deny_warnings: bool,
    /// `--deny CODE`: the warnings with these codes are errors.
    pub deny: Vec<codegen::Code>,
    /// `--allow CODE`: the warnings with these codes are not reported.
    pub allow: Vec<codegen::Code>,
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
            smoke_tests: false,
            deny_warnings: false,
            deny: Vec::new(),
            allow: Vec::new(),
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
                "--smoke-tests" => parsed.smoke_tests = true,
                "--deny-warnings" => parsed.deny_warnings = true,
                "--deny" => parsed.deny.push(code(&value("--deny")?)?),
                "--allow" => parsed.allow.push(code(&value("--allow")?)?),
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

    /// The lint levels the flags ask for.
    fn levels(&self) -> Result<codegen::Levels, XtaskError> {
        codegen::Levels::new(
            self.deny_warnings,
            self.deny.iter().copied(),
            self.allow.iter().copied(),
        )
        .map_err(|error| XtaskError::Usage(error.to_string()))
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
        if self.smoke_tests {
            command.push_str(" --smoke-tests");
        }
        if self.deny_warnings {
            command.push_str(" --deny-warnings");
        }
        for (flag, codes) in [("--deny", &self.deny), ("--allow", &self.allow)] {
            for code in codes {
                let _ = write!(command, " {flag} {}", code.as_str());
            }
        }
        command
    }
}

/// A diagnostic code named on the command line.
fn code(name: &str) -> Result<codegen::Code, XtaskError> {
    name.parse()
        .map_err(|error: codegen::diagnostics::UnknownCode| XtaskError::Usage(error.to_string()))
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
        crate_version: None,
        spec_label: spec_label(&args.spec),
        regenerate_command: args.command(),
        standalone: args.standalone,
        smoke_tests: args.smoke_tests,
        levels: args.levels()?,
    };
    let output = codegen::generate(&bytes, &options).map_err(|source| XtaskError::Generate {
        spec: args.spec.clone(),
        source,
    })?;
    let generated_in = started.elapsed();
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
        "{}: {} written, {} unchanged, {} removed; {} operations, {} types, {} lines, {} warnings; generated in {:.1} ms.",
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

    /// `--smoke-tests` sets the option and is part of the command in headers.
    #[test]
    fn smoke_tests_flag_is_in_the_regenerate_command() {
        let args: Vec<String> = [
            "--spec",
            "s.yaml",
            "--out",
            "target/x",
            "--crate-name",
            "x",
            "--smoke-tests",
        ]
        .map(str::to_owned)
        .to_vec();
        let args = Args::parse(&args).expect("arguments parse");
        assert!(args.smoke_tests);
        assert_eq!(
            args.command(),
            "cargo xtask codegen --spec s.yaml --out target/x --crate-name x --smoke-tests"
        );
        let default = Args::parse(&[]).expect("no arguments parse");
        assert!(!default.smoke_tests);
        assert_eq!(default.command(), "cargo xtask codegen");
    }
}

#[cfg(test)]
mod folder_tests {
    use std::fs;
    use std::path::Path;

    use super::*;

    const GOOD_SPEC: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x.test'}]\npaths:\n  /ping:\n    post:\n      operationId: ping\n      responses: {'204': {description: ok}}\n";

    fn args(spec: &Path, out: &Path, check: bool) -> Args {
        Args {
            check,
            spec: spec.to_owned(),
            out: out.to_owned(),
            crate_name: "fixture-client".to_owned(),
            standalone: true,
            smoke_tests: false,
            deny_warnings: false,
            deny: Vec::new(),
            allow: Vec::new(),
        }
    }

    fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_owned()];
        while let Some(folder) = pending.pop() {
            for entry in fs::read_dir(&folder).expect("readable folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    files.push((
                        path.display().to_string(),
                        fs::read(&path).expect("readable file"),
                    ));
                }
            }
        }
        files.sort();
        files
    }

    #[test]
    fn a_bad_spec_writes_nothing_and_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let spec = dir.path().join("spec.yaml");
        let out = dir.path().join("out");
        fs::write(&spec, GOOD_SPEC).expect("write spec");
        run(&args(&spec, &out, false)).expect("good spec generates");
        let before = snapshot(&out);

        fs::write(&spec, GOOD_SPEC.replace("responses: {'204': {description: ok}}", "responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}}}")).expect("write spec");
        let error = run(&args(&spec, &out, false)).expect_err("dangling $ref is an error");
        let text = error.to_string();
        assert!(text.contains("nothing was written"), "{text}");
        assert!(text.contains("#/paths/~1ping/post/responses/200"), "{text}");
        assert_eq!(snapshot(&out), before);
    }

    #[test]
    fn check_reports_changed_missing_and_stale_files_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let spec = dir.path().join("spec.yaml");
        let out = dir.path().join("out");
        fs::write(&spec, GOOD_SPEC).expect("write spec");
        run(&args(&spec, &out, false)).expect("good spec generates");
        run(&args(&spec, &out, true)).expect("fresh output passes the check");

        let client = out.join("src/operations.rs");
        let edited = fs::read_to_string(&client)
            .expect("client.rs")
            .replace("pub async fn ping", "pub async fn pong");
        fs::write(&client, &edited).expect("edit");
        fs::remove_file(out.join("src/error.rs")).expect("remove");
        fs::write(out.join("src/old.rs"), "// left over\n").expect("stale file");
        let before = snapshot(&out);

        let error = run(&args(&spec, &out, true)).expect_err("a stale folder fails the check");
        let text = error.to_string();
        assert!(
            text.contains("-    pub async fn pong") && text.contains("+    pub async fn ping"),
            "{text}"
        );
        assert!(text.contains("changed: src/operations.rs"), "{text}");
        assert!(text.contains("missing: src/error.rs"), "{text}");
        assert!(text.contains("stale: src/old.rs"), "{text}");
        assert!(text.contains("Run `cargo xtask codegen --spec"), "{text}");
        assert_eq!(snapshot(&out), before, "--check must not write");

        run(&args(&spec, &out, false)).expect("regenerate");
        run(&args(&spec, &out, true)).expect("regenerated output passes the check");
        assert!(!out.join("src/old.rs").exists(), "stale files are removed");
    }

    /// `--deny-warnings`, `--deny CODE` and `--allow CODE` reach the
    /// generator: a denied warning fails the run and writes nothing, an
    /// allowed one is not reported, and an unknown code is a usage error.
    #[test]
    fn lint_level_flags_deny_and_allow_warnings() {
        let dir = tempfile::tempdir().expect("temp dir");
        let spec = dir.path().join("spec.yaml");
        // No `servers`: the warning `no-server`.
        let no_server = GOOD_SPEC.replace("servers: [{url: 'https://x.test'}]\n", "");
        fs::write(&spec, no_server).expect("write spec");
        let out = dir.path().join("out");
        let with = |flags: &[&str]| {
            let mut all: Vec<String> = [
                "--spec",
                &spec.display().to_string(),
                "--out",
                &out.display().to_string(),
                "--crate-name",
                "x",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
            all.extend(flags.iter().map(|s| (*s).to_owned()));
            Args::parse(&all)
        };
        run(&with(&[]).expect("parses")).expect("a warning does not stop generation");
        for flags in [&["--deny-warnings"][..], &["--deny", "no-server"][..]] {
            let error = run(&with(flags).expect("parses")).expect_err("denied");
            let text = error.to_string();
            assert!(text.contains("error[no-server]"), "{text}");
            assert!(text.contains("nothing was written"), "{text}");
        }
        let allowed = with(&["--deny-warnings", "--allow", "no-server"]).expect("parses");
        run(&allowed).expect("an allowed warning is no error");
        assert!(
            allowed
                .command()
                .ends_with(" --deny-warnings --allow no-server"),
            "{}",
            allowed.command()
        );
        let unknown = with(&["--deny", "no-such-code"]).expect_err("unknown code");
        assert!(
            unknown.to_string().contains("no-server"),
            "the valid codes are listed: {unknown}"
        );
    }
}

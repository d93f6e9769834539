//! `codegen`: read the spec, generate in memory, then write (or check) the
//! crate folder. Every flag is checked, and the spec read and generated,
//! before anything is written; nothing is written unless generation
//! succeeded, and only the generator's own files are touched
//! ([`crate::files`]).

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use crate::files::{self, FileError};
use crate::folder::SpecFolder;
use crate::Context;

/// The spec `cargo xtask codegen` uses by default, relative to the
/// repository.
pub const DEFAULT_SPEC: &str = "spec/conversations.yaml";
/// Where the default crate goes, relative to the repository.
pub const DEFAULT_OUT: &str = "generated/brevo-conversations";
/// The default crate's name.
pub const DEFAULT_CRATE: &str = "brevo-conversations";
/// The guide the default crate's README takes, relative to the repository.
pub const DEFAULT_GUIDE: &str = "spec/guide.md";

/// What `codegen --help` prints (`{program}` is the command's name).
const HELP: &str = "Generates a typed async Rust client crate from an OpenAPI description
(OpenAPI 3.0, 3.1 or 3.2, or Swagger 2.0).

usage: {program} codegen --spec FILE --out DIR [--crate-name NAME] [options]

  --spec FILE         the OpenAPI or Swagger document (YAML or JSON), relative to the current folder;
                      files its `$ref`s name are read relative to it
  --out DIR           the crate's folder; only the files the generator writes are written or
                      removed there, every other file is left as it is
  --crate-name NAME   the crate's package name (default: the spec's info.title in kebab case)
  --guide FILE        Markdown put into the crate's README.md (its crate docs, so Rust examples
                      in it are doctests): a tour of your API, settings worth knowing
  --check             write nothing; fail with a diff when DIR is not what the spec generates
  --force             write into DIR even though it is not empty and is not a generated crate,
                      or holds a file of yours at a path the generator writes (README.md, ...),
                      which is then overwritten
  --smoke-tests       add tests/smoke.rs: one request per tag to a local wiremock server
  --deny-warnings     every warning about the spec is an error (nothing is written)
  --deny CODE         warnings with this code are errors (repeatable)
  --allow CODE        warnings with this code are not reported (repeatable)
  -h, --help          this text
{defaults}";

/// Parsed command-line arguments.
#[derive(Debug, Clone)]
pub struct Args {
    /// Compare only; write nothing.
    pub check: bool,
    /// The spec, as given (relative to the current folder unless absolute).
    pub spec: PathBuf,
    /// The output folder, as given.
    pub out: PathBuf,
    /// The crate's package name; `None` takes it from the spec's title.
    pub crate_name: Option<String>,
    /// `--guide FILE`: Markdown for the crate's README, as given.
    pub guide: Option<PathBuf>,
    /// Whether the crate lives outside this workspace (not the default).
    pub standalone: bool,
    /// Whether to generate `tests/smoke.rs` (`--smoke-tests`).
    pub smoke_tests: bool,
    /// `--force`: write into a folder that is not a generated crate, and
    /// over files of the user's at paths the generator writes.
    pub force: bool,
    /// `--deny-warnings`: every warning about the spec is an error.
    pub deny_warnings: bool,
    /// `--deny CODE`: the warnings with these codes are errors.
    pub deny: Vec<codegen::Code>,
    /// `--allow CODE`: the warnings with these codes are not reported.
    pub allow: Vec<codegen::Code>,
}

/// Why a command of `openapi-client-gen` failed (or stopped to print its
/// help).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line is wrong.
    #[error("{0}")]
    Usage(String),
    /// `--help` was asked for: not a failure.
    #[error("{0}")]
    Help(String),
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
    /// Parses the arguments after `codegen`. In the repository (`cargo
    /// xtask`), no `--spec` and `--out` means our spec and `generated/`;
    /// elsewhere both are needed, and either needs the other.
    pub fn parse(context: &Context, args: &[String]) -> Result<Self, CliError> {
        let usage = |message: String| {
            CliError::Usage(format!(
                "{message}\n(`{} codegen --help` lists every flag)",
                context.program
            ))
        };
        let mut spec = None;
        let mut out = None;
        let mut parsed = Self {
            check: false,
            spec: PathBuf::new(),
            out: PathBuf::new(),
            crate_name: None,
            guide: None,
            standalone: true,
            smoke_tests: false,
            force: false,
            deny_warnings: false,
            deny: Vec::new(),
            allow: Vec::new(),
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |flag: &str| {
                iter.next()
                    .filter(|value| !value.starts_with("--"))
                    .cloned()
                    .ok_or_else(|| usage(format!("{flag} needs a value")))
            };
            match arg.as_str() {
                "-h" | "--help" => return Err(CliError::Help(help(context))),
                "--check" => parsed.check = true,
                "--force" => parsed.force = true,
                "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
                "--out" => out = Some(PathBuf::from(value("--out")?)),
                "--crate-name" => parsed.crate_name = Some(value("--crate-name")?),
                "--guide" => parsed.guide = Some(PathBuf::from(value("--guide")?)),
                "--smoke-tests" => parsed.smoke_tests = true,
                "--deny-warnings" => parsed.deny_warnings = true,
                "--deny" => parsed.deny.push(code(&value("--deny")?)?),
                "--allow" => parsed.allow.push(code(&value("--allow")?)?),
                other => return Err(usage(format!("unknown argument `{other}`"))),
            }
        }
        match (spec, out, &context.repo) {
            (Some(spec), Some(out), _) => {
                parsed.spec = spec;
                parsed.out = out;
            }
            (None, None, Some(repo)) => {
                parsed.spec = repo.join(DEFAULT_SPEC);
                parsed.out = repo.join(DEFAULT_OUT);
                parsed.crate_name = parsed.crate_name.or_else(|| Some(DEFAULT_CRATE.to_owned()));
                parsed.guide = parsed.guide.or_else(|| Some(repo.join(DEFAULT_GUIDE)));
                parsed.standalone = false;
            }
            (Some(_), None, _) => {
                return Err(usage(
                    "--spec needs --out: say where the crate goes (nothing was written)".to_owned(),
                ))
            }
            (None, Some(_), _) => {
                return Err(usage(
                    "--out needs --spec: say which spec to generate (nothing was written)"
                        .to_owned(),
                ))
            }
            (None, None, None) => {
                return Err(usage("give --spec FILE and --out DIR".to_owned()));
            }
        }
        if let Some(name) = &parsed.crate_name {
            check_crate_name(name).map_err(usage)?;
        }
        parsed.levels()?;
        Ok(parsed)
    }

    /// The lint levels the flags ask for.
    fn levels(&self) -> Result<codegen::Levels, CliError> {
        codegen::Levels::new(
            self.deny_warnings,
            self.deny.iter().copied(),
            self.allow.iter().copied(),
        )
        .map_err(|error| CliError::Usage(error.to_string()))
    }

    /// The flags after the paths and the name, as the header's command
    /// repeats them.
    fn flags(&self) -> String {
        let mut flags = String::new();
        if self.smoke_tests {
            flags.push_str(" --smoke-tests");
        }
        if self.deny_warnings {
            flags.push_str(" --deny-warnings");
        }
        for (flag, codes) in [("--deny", &self.deny), ("--allow", &self.allow)] {
            for code in codes {
                let _ = write!(flags, " {flag} {}", code.as_str());
            }
        }
        flags
    }
}

/// `codegen --help`, with the repository's defaults where there is one.
fn help(context: &Context) -> String {
    let defaults = if context.repo.is_some() {
        format!("\nWithout --spec and --out, {} codegen regenerates this repository's client: {DEFAULT_SPEC} into {DEFAULT_OUT} (crate {DEFAULT_CRATE}, guide {DEFAULT_GUIDE}).\n", context.program)
    } else {
        String::new()
    };
    HELP.replace("{program}", context.program)
        .replace("{defaults}", &defaults)
}

/// A diagnostic code named on the command line.
fn code(name: &str) -> Result<codegen::Code, CliError> {
    name.parse()
        .map_err(|error: codegen::diagnostics::UnknownCode| CliError::Usage(error.to_string()))
}

/// Checks that `name` is a package name cargo takes.
fn check_crate_name(name: &str) -> Result<(), String> {
    let valid = name
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a crate name: use ASCII letters, digits, `-` and `_`, starting with a letter"
        ))
    }
}

/// The crate name a spec's `info.title` gives: kebab case, `-client` off.
fn crate_name_from_title(title: &str) -> Option<String> {
    use heck::ToKebabCase;
    let name = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_kebab_case();
    check_crate_name(&name).ok().map(|()| name)
}

/// The workspace root: the parent of this crate's folder.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_owned)
        .unwrap_or(manifest_dir)
}

/// `path` made absolute against the current folder, without `.` and with
/// `..` applied.
fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// `path` relative to the folder `base` (both made absolute), with `/`
/// separators: the same on every machine that has the two in the same
/// places relative to each other.
fn relative_to(path: &Path, base: &Path) -> String {
    let (path, base) = (absolute(path), absolute(base));
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_owned(); base_parts.len() - common];
    parts.extend(
        path_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// How the headers name the spec and the command that regenerates the
/// crate: never with a path of the machine that generated it.
fn labels(context: &Context, args: &Args, crate_name: &str) -> (String, String) {
    if !args.standalone {
        return (
            DEFAULT_SPEC.to_owned(),
            format!("{} codegen{}", context.program, args.flags()),
        );
    }
    let spec_from_out = relative_to(&args.spec, &args.out);
    // `cargo xtask` runs from the repository's root; anything else, from
    // the crate's own folder.
    let base = context.repo.as_deref().unwrap_or(&args.out);
    let guide = match &args.guide {
        Some(guide) => format!(" --guide {}", relative_to(guide, base)),
        None => String::new(),
    };
    let command = match &context.repo {
        Some(repo) => format!(
            "{} codegen --spec {} --out {} --crate-name {crate_name}{guide}{}",
            context.program,
            relative_to(&args.spec, repo),
            relative_to(&args.out, repo),
            args.flags()
        ),
        None => format!(
            "{} codegen --spec {spec_from_out} --out . --crate-name {crate_name}{guide}{}",
            context.program,
            args.flags()
        ),
    };
    (spec_from_out, command)
}

/// The command as it was given, for the message of a failed check.
fn rerun(context: &Context, args: &Args) -> String {
    let mut command = format!(
        "{} codegen --spec {} --out {}",
        context.program,
        args.spec.display(),
        args.out.display()
    );
    if let Some(name) = &args.crate_name {
        let _ = write!(command, " --crate-name {name}");
    }
    if let Some(guide) = &args.guide {
        let _ = write!(command, " --guide {}", guide.display());
    }
    command + &args.flags()
}

/// `n` and the noun, plural when `n` is not 1.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Runs `codegen` with `args`.
pub fn run(context: &Context, args: &Args) -> Result<(), CliError> {
    let started = Instant::now();
    let bytes = std::fs::read(&args.spec).map_err(|source| FileError::Io {
        path: args.spec.clone(),
        source,
    })?;
    let guide = match &args.guide {
        Some(path) => Some(
            std::fs::read_to_string(path).map_err(|source| FileError::Io {
                path: path.clone(),
                source,
            })?,
        ),
        None => None,
    };
    let generate_error = |source| CliError::Generate {
        spec: args.spec.clone(),
        source,
    };
    // `$ref`s to other files are read from the spec's folder.
    let folder = SpecFolder::new(&args.spec, &bytes);
    let load = || match &folder {
        Some(folder) => codegen::load::load_from(folder, folder.entry()),
        None => codegen::load::load(&bytes),
    };
    let crate_name = match &args.crate_name {
        Some(name) => name.clone(),
        None => {
            let document = load().map_err(|e| generate_error(e.into()))?;
            crate_name_from_title(&document.info.title).ok_or_else(|| {
                CliError::Usage(format!(
                    "the spec's title `{}` makes no crate name; give --crate-name NAME",
                    document.info.title
                ))
            })?
        }
    };
    let (spec_label, regenerate_command) = labels(context, args, &crate_name);
    let options = codegen::Options {
        crate_name: crate_name.clone(),
        crate_version: None,
        spec_label,
        regenerate_command: regenerate_command.clone(),
        standalone: args.standalone,
        smoke_tests: args.smoke_tests,
        levels: args.levels()?,
        runtime: codegen::RuntimeSource::Embedded,
        guide,
    };
    let output = match &folder {
        Some(folder) => codegen::generate_from(folder, folder.entry(), &options),
        None => codegen::generate(&bytes, &options),
    }
    .map_err(generate_error)?;
    let generated_in = started.elapsed();
    for warning in &output.warnings {
        eprintln!("{warning}");
    }
    let report = files::sync(&args.out, &output.files, args.check, args.force)?;
    let lines: usize = output
        .files
        .iter()
        .map(|f| f.contents.lines().count())
        .sum();
    // The repository's own crate is named as the repository names it.
    let (shown_spec, shown_out) = if args.standalone {
        (
            args.spec.display().to_string(),
            args.out.display().to_string(),
        )
    } else {
        (DEFAULT_SPEC.to_owned(), DEFAULT_OUT.to_owned())
    };
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
            return Err(CliError::Stale {
                spec: PathBuf::from(&shown_spec),
                out: PathBuf::from(&shown_out),
                summary: summary.join("; "),
                diff: report.diff,
                command: match &context.repo {
                    Some(_) => regenerate_command,
                    None => format!(
                        "{regenerate_command}` in {shown_out}, or `{}",
                        rerun(context, args)
                    ),
                },
            });
        }
        outln!(
            "{shown_out} is up to date with {shown_spec} ({}, {}, {}).",
            count(output.files.len(), "file"),
            count(output.operations, "operation"),
            count(output.types, "type")
        );
        return Ok(());
    }
    outln!(
        "{shown_out}: {} written, {} unchanged, {} removed; {}, {}, {}, {}; generated in {:.1} ms.",
        report.changed.len() + report.created.len(),
        report.unchanged.len(),
        report.stale.len(),
        count(output.operations, "operation"),
        count(output.types, "type"),
        count(lines, "line"),
        count(output.warnings.len(), "warning"),
        generated_in.as_secs_f64() * 1000.0
    );
    for removed in &report.stale {
        outln!("  removed {removed} (generated before, no longer)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;

    const GOOD_SPEC: &str = "openapi: 3.0.3\ninfo: {title: Library Catalogue API, version: '1'}\nservers: [{url: 'https://x.test'}]\npaths:\n  /ping:\n    post:\n      operationId: ping\n      responses: {'204': {description: ok}}\n";

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| (*a).to_owned()).collect()
    }

    fn parse(context: &Context, args: &[&str]) -> Result<Args, CliError> {
        Args::parse(context, &strings(args))
    }

    fn args_for(spec: &Path, out: &Path, extra: &[&str]) -> Args {
        let mut all = vec![
            "--spec".to_owned(),
            spec.display().to_string(),
            "--out".to_owned(),
            out.display().to_string(),
        ];
        all.extend(extra.iter().map(|a| (*a).to_owned()));
        Args::parse(&Context::standalone(), &all).expect("arguments parse")
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
                        fs::read(&path).expect("readable"),
                    ));
                }
            }
        }
        files.sort();
        files
    }

    /// `cargo test` alone catches a `generated/` that no longer matches `spec/`.
    #[test]
    fn generated_crate_is_fresh() {
        let context = Context::xtask();
        let args = parse(&context, &["--check"]).expect("default arguments parse");
        if let Err(error) = run(&context, &args) {
            panic!("{error}");
        }
    }

    /// Flags are checked before anything is read or written: `--spec`
    /// without `--out` and the reverse, no paths outside the repository,
    /// values that are flags, bad crate names, unknown codes.
    #[test]
    fn flags_are_checked_before_anything_is_written() {
        let standalone = Context::standalone();
        let xtask = Context::xtask();
        for (context, args, expected) in [
            (&xtask, &["--spec", "a.yaml"][..], "--spec needs --out"),
            (&standalone, &["--spec", "a.yaml"][..], "--spec needs --out"),
            (&xtask, &["--out", "x"][..], "--out needs --spec"),
            (&standalone, &[][..], "give --spec FILE and --out DIR"),
            (
                &standalone,
                &["--spec", "--out", "x"][..],
                "--spec needs a value",
            ),
            (
                &standalone,
                &["--spec", "a", "--out", "b", "--crate-name", "1x"][..],
                "not a crate name",
            ),
            (
                &standalone,
                &["--spec", "a", "--out", "b", "--deny", "nope"][..],
                "no-server",
            ),
            (
                &standalone,
                &["--frobnicate"][..],
                "unknown argument `--frobnicate`",
            ),
        ] {
            let error = parse(context, args).expect_err("refused").to_string();
            assert!(error.contains(expected), "{args:?}: {error}");
        }
        let default = parse(&xtask, &[]).expect("the repository's defaults");
        assert!(!default.standalone);
        assert!(default.spec.ends_with(DEFAULT_SPEC) && default.out.ends_with(DEFAULT_OUT));
        assert_eq!(default.crate_name.as_deref(), Some(DEFAULT_CRATE));
    }

    /// `--help` lists every flag the parser takes.
    #[test]
    fn help_lists_every_flag() {
        let Err(CliError::Help(text)) = parse(&Context::standalone(), &["--help"]) else {
            panic!("--help is help");
        };
        for flag in [
            "--spec",
            "--out",
            "--crate-name",
            "--check",
            "--force",
            "--smoke-tests",
            "--deny-warnings",
            "--deny",
            "--allow",
            "--help",
        ] {
            assert!(text.contains(flag), "{flag} missing from:\n{text}");
        }
        assert!(text.contains("openapi-client-gen codegen"), "{text}");
        let Err(CliError::Help(text)) = parse(&Context::xtask(), &["-h"]) else {
            panic!("-h is help");
        };
        assert!(
            text.contains("cargo xtask codegen") && text.contains(DEFAULT_OUT),
            "{text}"
        );
    }

    /// Without `--crate-name` the crate is named after the spec's title,
    /// never after the repository's own crate.
    #[test]
    fn the_crate_name_comes_from_the_spec_title() {
        let dir = tempfile::tempdir().expect("temp dir");
        let spec = dir.path().join("catalogue.yaml");
        fs::write(&spec, GOOD_SPEC).expect("write spec");
        let out = dir.path().join("client");
        run(&Context::standalone(), &args_for(&spec, &out, &[])).expect("generates");
        let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
        assert!(
            manifest.contains("name = \"library-catalogue-api\""),
            "{manifest}"
        );
        assert!(!manifest.contains(DEFAULT_CRATE));
    }

    /// Headers name the spec relative to the crate and no path of the
    /// machine: two checkouts in different folders, the paths given
    /// relative or absolute, give the same bytes.
    #[test]
    fn headers_are_the_same_from_any_folder() {
        let outputs: Vec<Vec<(String, Vec<u8>)>> = (0..2)
            .map(|i| {
                let dir = tempfile::tempdir().expect("temp dir");
                let root = dir.path().join(format!("checkout-{i}/deep"));
                fs::create_dir_all(root.join("specs")).expect("mkdir");
                let spec = root.join("specs/catalogue.yaml");
                fs::write(&spec, GOOD_SPEC).expect("write spec");
                let out = root.join("client");
                run(
                    &Context::standalone(),
                    &args_for(&spec, &out, &["--crate-name", "catalogue"]),
                )
                .expect("generates");
                snapshot(&out)
                    .into_iter()
                    .map(|(path, bytes)| {
                        let relative = Path::new(&path)
                            .strip_prefix(&out)
                            .expect("below out")
                            .display()
                            .to_string();
                        (relative, bytes)
                    })
                    .collect()
            })
            .collect();
        assert_eq!(outputs[0], outputs[1]);
        let manifest = outputs[0]
            .iter()
            .find(|(path, _)| path == "Cargo.toml")
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .expect("a manifest");
        assert!(
            manifest.starts_with("# @generated by `openapi-client-gen codegen --spec ../specs/catalogue.yaml --out . --crate-name catalogue` from ../specs/catalogue.yaml."),
            "{manifest}"
        );
        assert!(!manifest.contains("checkout-"), "{manifest}");
    }

    #[test]
    fn a_bad_spec_writes_nothing_and_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let spec = dir.path().join("spec.yaml");
        let out = dir.path().join("out");
        fs::write(&spec, GOOD_SPEC).expect("write spec");
        run(&Context::standalone(), &args_for(&spec, &out, &[])).expect("good spec generates");
        let before = snapshot(&out);

        fs::write(&spec, GOOD_SPEC.replace("responses: {'204': {description: ok}}", "responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}}}")).expect("write spec");
        let error = run(&Context::standalone(), &args_for(&spec, &out, &[]))
            .expect_err("dangling $ref is an error");
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
        let context = Context::standalone();
        run(&context, &args_for(&spec, &out, &[])).expect("good spec generates");
        run(&context, &args_for(&spec, &out, &["--check"])).expect("fresh output passes the check");

        let client = out.join("src/operations.rs");
        let edited = fs::read_to_string(&client)
            .expect("operations.rs")
            .replace("pub fn ping", "pub fn pong");
        fs::write(&client, &edited).expect("edit");
        fs::remove_file(out.join("src/error.rs")).expect("remove");
        let header = fs::read_to_string(out.join("src/lib.rs"))
            .expect("lib")
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        fs::write(out.join("src/old.rs"), format!("{header}\n// left over\n")).expect("stale file");
        fs::write(out.join("src/mine.rs"), "// the user's own\n").expect("user file");
        let before = snapshot(&out);

        let error = run(&context, &args_for(&spec, &out, &["--check"]))
            .expect_err("a stale folder fails the check");
        let text = error.to_string();
        assert!(
            text.contains("-    pub fn pong") && text.contains("+    pub fn ping"),
            "{text}"
        );
        assert!(text.contains("changed: src/operations.rs"), "{text}");
        assert!(text.contains("missing: src/error.rs"), "{text}");
        assert!(text.contains("stale: src/old.rs"), "{text}");
        assert!(
            !text.contains("mine.rs"),
            "the user's file is not the generator's: {text}"
        );
        assert!(text.contains("openapi-client-gen codegen --spec"), "{text}");
        assert_eq!(snapshot(&out), before, "--check must not write");

        run(&context, &args_for(&spec, &out, &[])).expect("regenerate");
        run(&context, &args_for(&spec, &out, &["--check"]))
            .expect("regenerated output passes the check");
        assert!(
            !out.join("src/old.rs").exists(),
            "stale generated files are removed"
        );
        assert!(out.join("src/mine.rs").exists(), "the user's file stays");
    }

    /// `--deny-warnings`, `--deny CODE` and `--allow CODE` reach the
    /// generator: a denied warning fails the run and writes nothing, an
    /// allowed one is not reported.
    #[test]
    fn lint_level_flags_deny_and_allow_warnings() {
        let dir = tempfile::tempdir().expect("temp dir");
        let spec = dir.path().join("spec.yaml");
        // No `servers`: the warning `no-server`.
        fs::write(
            &spec,
            GOOD_SPEC.replace("servers: [{url: 'https://x.test'}]\n", ""),
        )
        .expect("write spec");
        let out = dir.path().join("out");
        let context = Context::standalone();
        run(&context, &args_for(&spec, &out, &[])).expect("a warning does not stop generation");
        for flags in [&["--deny-warnings"][..], &["--deny", "no-server"][..]] {
            let error = run(&context, &args_for(&spec, &out, flags)).expect_err("denied");
            let text = error.to_string();
            assert!(text.contains("error[no-server]"), "{text}");
            assert!(text.contains("nothing was written"), "{text}");
        }
        let allowed = args_for(&spec, &out, &["--deny-warnings", "--allow", "no-server"]);
        run(&context, &allowed).expect("an allowed warning is no error");
        assert_eq!(allowed.flags(), " --deny-warnings --allow no-server");
    }

    #[test]
    fn paths_relative_to_each_other() {
        assert_eq!(
            relative_to(Path::new("/a/b/spec.yaml"), Path::new("/a/b/out")),
            "../spec.yaml"
        );
        assert_eq!(
            relative_to(Path::new("/a/spec.yaml"), Path::new("/a")),
            "spec.yaml"
        );
        assert_eq!(
            relative_to(Path::new("/a/./x/../b"), Path::new("/a/b")),
            "."
        );
        assert_eq!(count(1, "warning"), "1 warning");
        assert_eq!(count(2, "warning"), "2 warnings");
        assert_eq!(
            crate_name_from_title("Brevo Conversations API").as_deref(),
            Some("brevo-conversations-api")
        );
        assert_eq!(crate_name_from_title("42"), None);
    }
}

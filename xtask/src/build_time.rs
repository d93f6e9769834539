//! `cargo xtask bench --build-time`: how long a user waits for a clean
//! build of the Conversations client, ours beside progenitor's, in one run.
//!
//! Each variant is a debug `cargo build` of a crate copied into a scratch
//! folder outside this workspace (with a `[workspace]` table of its own, so
//! that it builds standalone and without this repository's profile or
//! `.cargo/config.toml`), into a fresh, empty target folder, dependencies
//! included. The variants are built one after another, never in parallel:
//!
//! 1. our generated crate (`generated/brevo-conversations`, as in the work tree)
//!    with its default features (`rustls-ring`);
//! 2. ours with `--no-default-features --features rustls-aws-lc`;
//! 3. ours with `--no-default-features --features native-tls`;
//! 4. ours with `--no-default-features` (no TLS);
//! 5. progenitor's crate for the same spec with reqwest's `rustls` feature
//!    added to its manifest (aws-lc-rs, the TLS stack of variant 2): the
//!    baseline the ratios are taken against;
//! 6. progenitor's crate as it generates it (no TLS feature).
//!
//! `--release` makes every build a release build (`cargo build
//! --release`) instead; `--variants 1,4,5,6` builds only the variants
//! listed.
//!
//! For each it prints the wall time, the critical path (cargo's own timing
//! data, [`crate::timings`]: the seconds the chain of units the build
//! waited on spent compiling, without the waits for a free job slot, which
//! a loaded machine lengthens most), the units' own times summed, the CPU
//! seconds of cargo and everything it ran (user and system time, the figure
//! a loaded machine changes least: the units' times are wall times too),
//! the number of packages compiled (the `Compiling` lines cargo prints, one
//! per package), the ratios to variant 5 and the load average around the
//! build; then the longest units on each critical path, the packages our
//! default build compiles and progenitor's with rustls does not and the
//! reverse (and the same for the builds without TLS, 4 and 6), each with
//! its units' median seconds (what it costs a build), the packages both
//! builds of a pair compile (their seconds on each side, the ones that
//! differ most, and the features cargo enabled where the sides differ, from
//! the same report), and whether the goals are met: the default build at most
//! 0.70x progenitor + rustls, and the build without TLS no slower than
//! progenitor's as generated. A missed goal is reported, not a failure: the
//! command fails only when something cannot be generated or built.
//!
//! So that the variants differ only in what they build: every crate starts
//! from this workspace's `Cargo.lock` (cargo drops what the crate does not
//! use and adds what it lacks at the newest version), the lock is resolved
//! and its packages downloaded into the shared cargo registry before any
//! clock starts (`cargo fetch`), and the timed build runs with `--locked
//! --offline`, so no timed build resolves or downloads anything. The
//! command prints the common crates whose versions differ between the
//! locks, if any. `RUSTFLAGS` and compiler wrappers of the calling
//! environment are not passed on.
//!
//! progenitor is found as `cargo xtask bench --compare` finds it
//! (`$CARGO_PROGENITOR`, else `cargo-progenitor` on the `PATH`). It is
//! given the spec as it is first; if it refuses it, the tweak below is made
//! in a scratch copy of the spec, and the output says so.
//!
//! `--runs N` builds every variant N times, round-robin (the pairs compared,
//! 1 and 5, 4 and 6, back to back), and reports the median and minimum; the default is one build per variant. `--only ours`
//! or `--only progenitor` builds one side (there is then no ratio).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use openapi_client_gen::{DEFAULT_OUT, DEFAULT_SPEC};

use crate::bench::median;
use crate::timings::{self, CriticalPath};
use crate::workspace_root;

/// The goal: our default build (variant 1) at most this fraction of
/// progenitor's with rustls (variant 5).
const GOAL: f64 = 0.70;

/// The goal: our build without TLS (variant 4) at most this fraction of
/// progenitor's as generated (variant 6).
const NO_TLS_GOAL: f64 = 1.0;

/// The order the variants are built in, each run: the pairs compared side
/// by side one after the other.
const BUILD_ORDER: [usize; 6] = [1, 5, 4, 6, 2, 3];

/// How many of the longest units of each critical path are printed.
const PATH_UNITS: usize = 5;

/// The name given to progenitor's crate.
pub(crate) const PROGENITOR_CRATE: &str = "conversations-progenitor";

/// The spec tweak progenitor 0.15 needs: it allows one error body type per
/// operation (`assert!(response_types.len() <= 1)` in progenitor-impl's
/// `extract_responses`), and our operations with a 404 answer it with
/// `notFoundError` beside the 400's `errorModel`. The 404s are given
/// `errorModel` too (the `notFoundError` schema stays in `components`).
pub(crate) const SPEC_TWEAK_FROM: &str = "$ref: '#/components/schemas/notFoundError'";
pub(crate) const SPEC_TWEAK_TO: &str = "$ref: '#/components/schemas/errorModel'";

/// `spec` with [`SPEC_TWEAK_FROM`] made [`SPEC_TWEAK_TO`], and how many
/// lines changed; `None` when the tweak does not apply.
pub(crate) fn tweak_for_progenitor(spec: &str) -> Option<(String, usize)> {
    let count = spec.matches(SPEC_TWEAK_FROM).count();
    (count > 0).then(|| (spec.replace(SPEC_TWEAK_FROM, SPEC_TWEAK_TO), count))
}

/// How many of the last lines of a failed command's stderr an error keeps.
const STDERR_TAIL: usize = 60;

/// Why `cargo xtask bench --build-time` failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildTimeError {
    /// progenitor's CLI is not installed.
    #[error("{}", crate::compare::CompareError::NoProgenitor)]
    NoProgenitor,
    /// A command could not be started.
    #[error("could not run {command}: {source}")]
    Spawn {
        /// The command.
        command: String,
        /// Why.
        source: std::io::Error,
    },
    /// A command ran and failed.
    #[error("{command} failed ({status}); the end of its output:\n{stderr}")]
    Failed {
        /// The command.
        command: String,
        /// Its exit status.
        status: std::process::ExitStatus,
        /// The last lines it printed on stderr.
        stderr: String,
    },
    /// A file or folder could not be read, written, copied or removed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not what this command expects (and so cannot be tweaked).
    #[error("{}: {reason}", path.display())]
    Unexpected {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// Which side `--only` builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Only {
    /// Variants 1 to 4.
    Ours,
    /// Variants 5 and 6.
    Progenitor,
}

impl Only {
    /// `ours` or `progenitor`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "ours" => Some(Self::Ours),
            "progenitor" => Some(Self::Progenitor),
            _ => None,
        }
    }
}

/// What `cargo xtask bench --build-time` measures.
#[derive(Debug, Default)]
pub struct Options {
    /// Builds of each variant (one when `None`).
    pub runs: Option<usize>,
    /// One side only.
    pub only: Option<Only>,
    /// Release builds instead of debug ones.
    pub release: bool,
    /// Only these variants (by number), when given.
    pub variants: Option<BTreeSet<usize>>,
}

/// Whose crate a variant builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Ours,
    Progenitor,
}

/// One build under measurement.
struct Variant {
    /// Its number in the table (the module docs' list).
    number: usize,
    /// Its label in the table.
    label: &'static str,
    side: Side,
    /// The crate's folder (with its `Cargo.toml` and `Cargo.lock`).
    dir: PathBuf,
    /// The feature flags of `cargo build`.
    flags: &'static [&'static str],
    /// A release build (else debug).
    release: bool,
    /// The wall time of each build.
    times: Vec<Duration>,
    /// The critical path of each build, where cargo's report had one.
    paths: Vec<CriticalPath>,
    /// The packages the last build compiled (`name vX.Y.Z`).
    compiled: BTreeSet<String>,
    /// For each build where cargo's report was understood, the seconds
    /// each package's units took (by `name vX.Y.Z`).
    package_seconds: Vec<BTreeMap<String, f64>>,
    /// The 1-minute load average before and after each build.
    load: Vec<(Option<f64>, Option<f64>)>,
    /// The CPU seconds (user and system) of each build's cargo and every
    /// process it ran, where the system tells them.
    cpu: Vec<f64>,
    /// The features cargo enabled for each package in the last build whose
    /// report was understood (by `name vX.Y.Z`).
    package_features: BTreeMap<String, BTreeSet<String>>,
}

/// Removes the scratch folder however the run ends.
pub(crate) struct Scratch(pub(crate) PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ignored = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the measurement, `runs` builds of each variant (one by default).
pub fn main(options: &Options) -> ExitCode {
    match run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cargo xtask bench --build-time: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> Result<(), BuildTimeError> {
    let runs = options.runs.unwrap_or(1);
    let only = options.only;
    let root = workspace_root();
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let scratch =
        Scratch(std::env::temp_dir().join(format!("xtask-build-time-{}", std::process::id())));
    let _removed = std::fs::remove_dir_all(&scratch.0);
    create_dir(&scratch.0)?;
    let progenitor = match only {
        Some(Only::Ours) => None,
        _ => Some(crate::compare::find_progenitor().ok_or(BuildTimeError::NoProgenitor)?),
    };
    let lock = root.join("Cargo.lock");
    let host = host_triple()?;
    let cores = std::thread::available_parallelism().map_or(0, usize::from);

    outln!(
        "cargo xtask bench --build-time: clean {} `cargo build --timings` of each variant, dependencies included, \
         a fresh target folder each, one after another; {}",
        if options.release { "release" } else { "debug" },
        if runs == 1 {
            "one build per variant (--runs N for more)".to_owned()
        } else {
            format!("{runs} builds per variant, round-robin; median / min")
        }
    );
    outln!(
        "{}; {cores} cores; {host}; scratch {}",
        tool_version(&cargo, "cargo")?,
        scratch.0.display()
    );
    // Profile settings from the environment reach every build alike (a
    // shared machine's `CARGO_PROFILE_DEV_DEBUG=0`, say): said, so that
    // the figures are read for what they measured.
    let mut profile: Vec<String> = std::env::vars()
        .filter(|(name, _)| name.starts_with("CARGO_PROFILE_"))
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    profile.sort();
    if !profile.is_empty() {
        outln!(
            "profile settings from the environment, in every build: {}",
            profile.join(" ")
        );
    }

    let mut variants = Vec::new();
    if only != Some(Only::Progenitor) {
        let ours = scratch.0.join("ours");
        copy_tree(&root.join(DEFAULT_OUT), &ours)?;
        make_standalone(&ours.join("Cargo.toml"))?;
        copy_file(&lock, &ours.join("Cargo.lock"))?;
        outln!("ours: {DEFAULT_OUT} as in the work tree, copied with a [workspace] table added");
        let ours_variants: [(usize, &'static str, &'static [&'static str]); 4] = [
            (1, "ours, default (rustls-ring)", &[]),
            (
                2,
                "ours, rustls-aws-lc",
                &["--no-default-features", "--features", "rustls-aws-lc"],
            ),
            (
                3,
                "ours, native-tls",
                &["--no-default-features", "--features", "native-tls"],
            ),
            (4, "ours, no TLS", &["--no-default-features"]),
        ];
        for (number, label, flags) in ours_variants {
            variants.push(Variant::new(number, label, Side::Ours, ours.clone(), flags));
        }
    }
    if let Some(progenitor) = &progenitor {
        let (with_rustls, plain) = generate_progenitor(progenitor, &root, &scratch.0, &lock)?;
        variants.push(Variant::new(
            5,
            "progenitor + reqwest/rustls",
            Side::Progenitor,
            with_rustls,
            &[],
        ));
        variants.push(Variant::new(
            6,
            "progenitor, as generated (no TLS)",
            Side::Progenitor,
            plain,
            &[],
        ));
    }

    if let Some(wanted) = &options.variants {
        variants.retain(|variant| wanted.contains(&variant.number));
    }
    for variant in &mut variants {
        variant.release = options.release;
    }

    // Resolve and download before any clock starts.
    let mut fetched = BTreeSet::new();
    for variant in &variants {
        if fetched.insert(variant.dir.clone()) {
            cargo_command(&cargo, &variant.dir)
                .args(["fetch", "--target", &host])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .output()
                .map_err(|source| BuildTimeError::Spawn {
                    command: format!("cargo fetch in {}", variant.dir.display()),
                    source,
                })
                .and_then(|output| {
                    check(&format!("cargo fetch in {}", variant.dir.display()), output)
                })?;
        }
    }
    print_lock_differences(&fetched)?;

    // The builds compared (1 and 5, 4 and 6) run back to back, so that
    // each pair meets much the same load from the machine's other work.
    let mut order: Vec<usize> = (0..variants.len()).collect();
    order.sort_by_key(|&index| {
        BUILD_ORDER
            .iter()
            .position(|&n| n == variants[index].number)
    });
    for run in 0..runs {
        for &index in &order {
            let variant = &mut variants[index];
            let target = scratch.0.join(format!("target-{}", variant.number));
            let _removed = std::fs::remove_dir_all(&target);
            outln!(
                "building {}. {}{}{}...",
                variant.number,
                variant.label,
                if variant.release { ", release" } else { "" },
                if runs > 1 {
                    format!(" (run {} of {runs})", run + 1)
                } else {
                    String::new()
                }
            );
            let before = load_average();
            let built = build(&cargo, variant, &target);
            let after = load_average();
            let removed = std::fs::remove_dir_all(&target);
            let Built {
                took,
                cpu,
                compiled,
                units: report,
            } = built?;
            removed.map_err(|source| BuildTimeError::Io {
                path: target.clone(),
                source,
            })?;
            let path = report
                .as_ref()
                .and_then(|units| timings::critical_path(units));
            outln!(
                "  {:.1} s{}; {}",
                took.as_secs_f64(),
                cpu.map_or(String::new(), |cpu| format!(", {cpu:.1} s of CPU")),
                path.as_ref()
                    .map_or("no unit times".to_owned(), |p| format!(
                        "critical path {:.1} s compiling; the units' own times sum to {:.1} s",
                        p.work(),
                        p.unit_seconds
                    ))
            );
            variant.times.push(took);
            variant.cpu.extend(cpu);
            variant.compiled = compiled;
            if let Some(units) = &report {
                variant.package_features = timings::package_features(units);
            }
            variant.paths.extend(path);
            variant
                .package_seconds
                .extend(report.as_deref().map(timings::package_seconds));
            variant.load.push((before, after));
        }
    }
    outln!();
    print_table(&variants);
    print_paths(&variants);
    print_differences(&variants);
    print_shared(&variants);
    print_goals(&variants);
    Ok(())
}

impl Variant {
    fn new(
        number: usize,
        label: &'static str,
        side: Side,
        dir: PathBuf,
        flags: &'static [&'static str],
    ) -> Self {
        Self {
            number,
            label,
            side,
            dir,
            flags,
            release: false,
            times: Vec::new(),
            paths: Vec::new(),
            compiled: BTreeSet::new(),
            package_seconds: Vec::new(),
            load: Vec::new(),
            cpu: Vec::new(),
            package_features: BTreeMap::new(),
        }
    }

    fn median(&self) -> Option<Duration> {
        let mut sorted = self.times.clone();
        sorted.sort();
        sorted.get(sorted.len() / 2).copied()
    }

    /// The median of the units' summed times, in seconds.
    fn median_path(&self) -> Option<f64> {
        median(self.paths.iter().map(|p| p.unit_seconds).collect())
    }

    /// The median of the critical path's compiling (without its waits),
    /// in seconds.
    fn median_critical(&self) -> Option<f64> {
        median(self.paths.iter().map(CriticalPath::work).collect())
    }

    /// The median of the builds' CPU seconds, where measured.
    fn median_cpu(&self) -> Option<f64> {
        median(self.cpu.clone())
    }

    /// The median over the builds of the seconds `package`'s units took.
    fn median_package(&self, package: &str) -> Option<f64> {
        median(
            self.package_seconds
                .iter()
                .filter_map(|by_package| by_package.get(package).copied())
                .collect(),
        )
    }

    /// The flags as the table shows them.
    fn features(&self) -> String {
        match (self.side, self.flags.is_empty()) {
            (Side::Ours, true) => "(default)".to_owned(),
            (Side::Progenitor, true) => "(its manifest)".to_owned(),
            _ => self.flags.join(" "),
        }
    }
}

/// What one build measured.
struct Built {
    /// Its wall time.
    took: Duration,
    /// The CPU seconds of cargo and the processes it ran, where known.
    cpu: Option<f64>,
    /// The packages it compiled (`name vX.Y.Z`).
    compiled: BTreeSet<String>,
    /// The units of cargo's report, when it has them.
    units: Option<Vec<timings::Unit>>,
}

/// A `cargo` command run in `dir`, outside any workspace, without the
/// calling build's flags and wrappers.
pub(crate) fn cargo_command(cargo: &Path, dir: &Path) -> Command {
    let mut command = Command::new(cargo);
    command
        .current_dir(dir)
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never");
    for variable in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_RUSTC_WRAPPER",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
    ] {
        command.env_remove(variable);
    }
    command
}

/// Builds `variant` into the empty folder `target`: the wall time, the
/// packages compiled and the units of cargo's report (when it has them).
fn build(cargo: &Path, variant: &Variant, target: &Path) -> Result<Built, BuildTimeError> {
    let label = format!(
        "cargo build {} (variant {}, {})",
        variant.flags.join(" "),
        variant.number,
        variant.label
    );
    let flags = variant
        .release
        .then_some("--release")
        .into_iter()
        .chain(variant.flags.iter().copied());
    let cpu_before = children_cpu_seconds();
    let (took, stderr) = timed_build(cargo_command(cargo, &variant.dir), flags, target, &label)?;
    let cpu = children_cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let compiled = stderr
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Compiling "))
        .map(|rest| {
            // `name vX.Y.Z (path)`: the path is the scratch folder's.
            rest.split(" (").next().unwrap_or(rest).to_owned()
        })
        .collect();
    let units = timings::report_units(target);
    if units.is_none() {
        outln!(
            "  (no critical path: {} is missing or not understood)",
            timings::report(target).display()
        );
    }
    Ok(Built {
        took,
        cpu,
        compiled,
        units,
    })
}

/// Runs `cargo build --locked --offline --timings` with `flags` through
/// `command` (a [`cargo_command`], its environment as the caller wants it)
/// into `target`, its output dropped: how long it took and what it wrote
/// to stderr, or its error (named by `label`) when it failed.
pub(crate) fn timed_build<S: AsRef<std::ffi::OsStr>>(
    mut command: Command,
    flags: impl IntoIterator<Item = S>,
    target: &Path,
    label: &str,
) -> Result<(Duration, String), BuildTimeError> {
    command
        .args(["build", "--locked", "--offline", "--timings"])
        .args(flags)
        .env("CARGO_TARGET_DIR", target)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let output = command.output().map_err(|source| BuildTimeError::Spawn {
        command: label.to_owned(),
        source,
    })?;
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    check(label, output)?;
    Ok((took, stderr))
}

/// `Ok` when `output` is a success, else the command's error.
pub(crate) fn check(command: &str, output: std::process::Output) -> Result<(), BuildTimeError> {
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let tail = lines
        .get(lines.len().saturating_sub(STDERR_TAIL)..)
        .unwrap_or_default()
        .join("\n");
    Err(BuildTimeError::Failed {
        command: command.to_owned(),
        status: output.status,
        stderr: tail,
    })
}

/// Generates progenitor's crate for our spec (tweaked in a copy if it
/// refuses it as it is) and makes its two variants: the folders with
/// reqwest's `rustls` feature and as generated.
fn generate_progenitor(
    progenitor: &Path,
    root: &Path,
    scratch: &Path,
    lock: &Path,
) -> Result<(PathBuf, PathBuf), BuildTimeError> {
    let spec = root.join(DEFAULT_SPEC);
    let generated = scratch.join("progenitor-out");
    let first = run_progenitor(progenitor, &spec, &generated)?;
    let used_spec = match first {
        Ok(()) => {
            outln!("progenitor: {} read as it is (YAML)", DEFAULT_SPEC);
            DEFAULT_SPEC.to_owned()
        }
        Err(refusal) => {
            let Some((text, count)) = tweak_for_progenitor(&read(&spec)?) else {
                return Err(BuildTimeError::Unexpected {
                    path: spec,
                    reason: format!("progenitor refused it and the known tweak does not apply; progenitor said:\n{refusal}"),
                });
            };
            let tweaked = scratch.join("conversations-for-progenitor.yaml");
            write(&tweaked, &text)?;
            outln!(
                "progenitor: refused {DEFAULT_SPEC} as it is ({}); in a copy, the {count} lines `{SPEC_TWEAK_FROM}` \
                 (the 404 answers) became `{SPEC_TWEAK_TO}`, as progenitor takes one error body type per operation",
                first_panic_line(&refusal)
            );
            let _removed = std::fs::remove_dir_all(&generated);
            run_progenitor(progenitor, &tweaked, &generated)?.map_err(|stderr| {
                BuildTimeError::Unexpected {
                    path: tweaked.clone(),
                    reason: format!("progenitor refused the tweaked spec too:\n{stderr}"),
                }
            })?;
            tweaked.display().to_string()
        }
    };
    let manifest_text = read(&generated.join("Cargo.toml"))?;
    let version = manifest_text
        .lines()
        .find_map(|line| line.strip_prefix("progenitor-client = "))
        .unwrap_or("(unknown)")
        .trim_matches('"')
        .to_owned();
    outln!(
        "progenitor: {} from {used_spec} (its crate depends on progenitor-client {version})",
        progenitor.display()
    );

    let plain = scratch.join("progenitor");
    copy_tree(&generated, &plain)?;
    make_standalone(&plain.join("Cargo.toml"))?;
    copy_file(lock, &plain.join("Cargo.lock"))?;

    let with_rustls = scratch.join("progenitor-rustls");
    copy_tree(&generated, &with_rustls)?;
    let manifest = with_rustls.join("Cargo.toml");
    let (edited, line) = add_rustls(&manifest_text).ok_or_else(|| BuildTimeError::Unexpected {
        path: manifest.clone(),
        reason: "no `reqwest = { ... features = [ ... ] }` line to add `rustls` to".to_owned(),
    })?;
    write(&manifest, &edited)?;
    make_standalone(&manifest)?;
    copy_file(lock, &with_rustls.join("Cargo.lock"))?;
    outln!("progenitor + rustls: its manifest's reqwest line made `{line}`");
    Ok((with_rustls, plain))
}

/// Runs progenitor on `spec` into `out`: `Ok(Err(stderr))` when it refuses.
pub(crate) fn run_progenitor(
    progenitor: &Path,
    spec: &Path,
    out: &Path,
) -> Result<Result<(), String>, BuildTimeError> {
    let output = Command::new(progenitor)
        .arg("progenitor")
        .arg("-i")
        .arg(spec)
        .arg("-o")
        .arg(out)
        .args(["-n", PROGENITOR_CRATE, "-v", "0.1.0"])
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|source| BuildTimeError::Spawn {
            command: progenitor.display().to_string(),
            source,
        })?;
    Ok(if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    })
}

/// The line of a panic message that says what failed.
pub(crate) fn first_panic_line(stderr: &str) -> String {
    let mut lines = stderr.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("no message");
    if first.contains("panicked at") {
        format!("{first} {}", lines.next().unwrap_or_default())
    } else {
        first.to_owned()
    }
}

/// `manifest` with `"rustls"` added first to the features of its `reqwest`
/// dependency, and the edited line.
fn add_rustls(manifest: &str) -> Option<(String, String)> {
    let mut edited_line = None;
    let mut lines = Vec::new();
    for line in manifest.lines() {
        if edited_line.is_none() && line.trim_start().starts_with("reqwest") {
            if let Some((head, tail)) = line.split_once("features = [") {
                let edited = format!("{head}features = [\"rustls\", {tail}");
                edited_line = Some(edited.clone());
                lines.push(edited);
                continue;
            }
        }
        lines.push(line.to_owned());
    }
    let mut text = lines.join("\n");
    text.push('\n');
    edited_line.map(|line| (text, line))
}

/// Adds an empty `[workspace]` table to the manifest, so the crate is a
/// workspace of its own wherever it is.
pub(crate) fn make_standalone(manifest: &Path) -> Result<(), BuildTimeError> {
    let mut text = read(manifest)?;
    if !text.lines().any(|line| line.trim() == "[workspace]") {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("\n[workspace]\n");
        write(manifest, &text)?;
    }
    Ok(())
}

/// The versions of every package in a `Cargo.lock`, by name.
fn lock_versions(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut versions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut name = None;
    for line in text.lines() {
        if line == "[[package]]" {
            name = None;
        } else if let Some(value) = line.strip_prefix("name = ") {
            name = Some(value.trim_matches('"').to_owned());
        } else if let (Some(value), Some(current)) = (line.strip_prefix("version = "), &name) {
            versions
                .entry(current.clone())
                .or_default()
                .insert(value.trim_matches('"').to_owned());
        }
    }
    versions
}

/// The range of versions cargo treats as compatible with `version`, which
/// one lock holds at most one version of: `1` for `1.2.3`, `0.2` for
/// `0.2.3`, `0.0.3` for `0.0.3`.
fn compatible_range(version: &str) -> String {
    let mut parts = version.split(['.', '-', '+']);
    match (parts.next(), parts.next(), parts.next()) {
        (Some("0"), Some("0"), Some(patch)) => format!("0.0.{patch}"),
        (Some("0"), Some(minor), _) => format!("0.{minor}"),
        (Some(major), _, _) => major.to_owned(),
        _ => version.to_owned(),
    }
}

/// Prints the crates that two of the resolved locks hold at different
/// versions of one compatible range (where they could agree), and a few
/// key versions.
fn print_lock_differences(dirs: &BTreeSet<PathBuf>) -> Result<(), BuildTimeError> {
    // (crate, compatible range) -> lock -> version.
    let mut ranges: BTreeMap<(String, String), BTreeMap<String, String>> = BTreeMap::new();
    let mut first = None;
    for dir in dirs {
        let lock = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let versions = lock_versions(&read(&dir.join("Cargo.lock"))?);
        for (name, versions) in &versions {
            for version in versions {
                ranges
                    .entry((name.clone(), compatible_range(version)))
                    .or_default()
                    .insert(lock.clone(), version.clone());
            }
        }
        first.get_or_insert(versions);
    }
    let shared: Vec<_> = ranges
        .iter()
        .filter(|(_, by_lock)| by_lock.len() > 1)
        .collect();
    let differing: Vec<String> = shared
        .iter()
        .filter(|(_, by_lock)| {
            let versions: BTreeSet<&String> = by_lock.values().collect();
            versions.len() > 1
        })
        .map(|((name, _), by_lock)| {
            let spelled: Vec<String> = by_lock
                .iter()
                .map(|(lock, version)| format!("{lock} {version}"))
                .collect();
            format!("{name} ({})", spelled.join(", "))
        })
        .collect();
    if dirs.len() > 1 {
        if differing.is_empty() {
            outln!(
                "locks: the {} crates (by compatible version range) in more than one of the {} resolved locks \
                 ({}) are at the same version in all",
                shared.len(),
                dirs.len(),
                dirs.iter()
                    .filter_map(|d| d.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        } else {
            outln!(
                "locks: {} of the {} shared crates differ: {}",
                differing.len(),
                shared.len(),
                differing.join("; ")
            );
        }
    }
    let key = [
        "reqwest",
        "hyper",
        "tokio",
        "rustls",
        "ring",
        "aws-lc-rs",
        "aws-lc-sys",
        "openssl-sys",
    ];
    if let Some(versions) = first {
        let spelled: Vec<String> = key
            .iter()
            .filter_map(|name| {
                versions
                    .get(*name)
                    .map(|v| format!("{name} {}", v.iter().cloned().collect::<Vec<_>>().join("+")))
            })
            .collect();
        outln!("versions: {}", spelled.join(", "));
    }
    Ok(())
}

/// The rustc host triple, for `cargo fetch --target` (the other
/// platforms' packages are not needed).
pub(crate) fn host_triple() -> Result<String, BuildTimeError> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output =
        Command::new(&rustc)
            .arg("-vV")
            .output()
            .map_err(|source| BuildTimeError::Spawn {
                command: "rustc -vV".to_owned(),
                source,
            })?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    check("rustc -vV", output)?;
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| BuildTimeError::Unexpected {
            path: PathBuf::from("rustc -vV"),
            reason: "no `host:` line".to_owned(),
        })
}

/// `cargo --version`, for the header.
pub(crate) fn tool_version(program: &Path, name: &str) -> Result<String, BuildTimeError> {
    let output = Command::new(program)
        .arg("--version")
        .output()
        .map_err(|source| BuildTimeError::Spawn {
            command: format!("{name} --version"),
            source,
        })?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    check(&format!("{name} --version"), output)?;
    Ok(text)
}

/// The clock ticks per second of `/proc`'s times: Linux gives them in
/// `USER_HZ`, 100 on every architecture it builds for but alpha and ia64.
const USER_HZ: f64 = 100.0;

/// The CPU seconds (user and system) of this process's children that have
/// ended and been waited for, and of theirs (`cutime` and `cstime` of
/// `/proc/self/stat`): around a `cargo build`, what cargo, rustc, the
/// linker and the build scripts spent on the CPU. A loaded machine
/// lengthens it far less than the wall time or the units' own times (which
/// are wall times too). `None` where there is no `/proc`.
fn children_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // After the command name in parentheses, fields 3 (state) onwards:
    // `cutime` and `cstime` are fields 16 and 17.
    let fields: Vec<&str> = stat
        .get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .collect();
    let ticks = |field: usize| fields.get(field - 3)?.parse::<f64>().ok();
    Some((ticks(16)? + ticks(17)?) / USER_HZ)
}

/// The 1-minute load average, where the system tells it.
pub(crate) fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The table of the builds, ratios against variant 5.
fn print_table(variants: &[Variant]) {
    let base = variants.iter().find(|v| v.number == 5);
    let (base_wall, base_path, base_cpu) = (
        base.and_then(|v| v.median()),
        base.and_then(|v| v.median_path()),
        base.and_then(Variant::median_cpu),
    );
    let several = variants.iter().any(|v| v.times.len() > 1);
    let ratio = |ours: f64, base: Option<f64>| {
        base.map_or("-".to_owned(), |base| {
            format!("{:.2}x", ours / base.max(f64::MIN_POSITIVE))
        })
    };
    let mut rows = vec![[
        "#".to_owned(),
        "variant".to_owned(),
        "cargo build flags".to_owned(),
        if several {
            "wall, median / min"
        } else {
            "wall"
        }
        .to_owned(),
        "vs 5".to_owned(),
        "critical path".to_owned(),
        "units summed".to_owned(),
        "vs 5".to_owned(),
        "CPU".to_owned(),
        "vs 5".to_owned(),
        "packages".to_owned(),
        "load avg before/after".to_owned(),
    ]];
    for variant in variants {
        let median = variant.median().unwrap_or_default();
        let wall = if several {
            let min = variant.times.iter().min().copied().unwrap_or_default();
            format!("{:.1} / {:.1} s", median.as_secs_f64(), min.as_secs_f64())
        } else {
            format!("{:.1} s", median.as_secs_f64())
        };
        let path = variant.median_path();
        let load = variant
            .load
            .iter()
            .map(|(before, after)| format!("{}/{}", spell_load(*before), spell_load(*after)))
            .collect::<Vec<_>>()
            .join(" ");
        rows.push([
            variant.number.to_string(),
            variant.label.to_owned(),
            variant.features(),
            wall,
            ratio(median.as_secs_f64(), base_wall.map(|b| b.as_secs_f64())),
            variant
                .median_critical()
                .map_or("-".to_owned(), |p| format!("{p:.1} s")),
            path.map_or("-".to_owned(), |p| format!("{p:.1} s")),
            path.map_or("-".to_owned(), |p| ratio(p, base_path)),
            variant
                .median_cpu()
                .map_or("-".to_owned(), |c| format!("{c:.1} s")),
            variant
                .median_cpu()
                .map_or("-".to_owned(), |c| ratio(c, base_cpu)),
            variant.compiled.len().to_string(),
            load,
        ]);
    }
    let mut widths = [0; 12];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            // Text left, figures right.
            if (1..=2).contains(&index) || index == 11 {
                line.push_str(&format!("{cell:<width$}  "));
            } else {
                line.push_str(&format!("{cell:>width$}  "));
            }
        }
        outln!("{}", line.trim_end());
    }
    outln!();
    outln!(
        "vs 5: against progenitor + rustls; critical path: the median over the builds of the seconds the chain \
         of units the build waited on spent compiling (its waits for a job slot left out); units summed: the median over the builds of the units' own \
         times added up (cargo's --timings report: the compiling the build asks for, whatever the cores; \
         but wall times too, so a busy machine lengthens them as it does the build); CPU: the median of the user and system \
         seconds of cargo and every process it ran (rustc, the linker, build scripts), which a busy machine lengthens the least; packages: the `Compiling` lines of the build (one per package and version, the crate \
         itself included); load: the 1-minute load average ({} cores)",
        std::thread::available_parallelism().map_or(0, usize::from)
    );
}

/// The critical path of each variant's last build and its longest units.
/// On a machine with fewer free cores than the build could use, cargo's
/// job queue decides which dependency ends last, and the path is mostly
/// waiting (said beside it).
fn print_paths(variants: &[Variant]) {
    for variant in variants {
        let Some(path) = variant.paths.last() else {
            continue;
        };
        let mut steps: Vec<_> = path.steps.iter().collect();
        steps.sort_by(|a, b| b.own.total_cmp(&a.own));
        let longest: Vec<String> = steps
            .iter()
            .take(PATH_UNITS)
            .map(|step| format!("{} {:.1} s", step.name, step.own))
            .collect();
        outln!(
            "critical path of {} ({} units, {:.1} s compiling + {:.1} s waiting for a job slot or queued by cargo): {}",
            variant.number,
            path.steps.len(),
            path.work(),
            path.queued(),
            longest.join(", ")
        );
    }
}

fn spell_load(load: Option<f64>) -> String {
    load.map_or("?".to_owned(), |l| format!("{l:.2}"))
}

/// What our default build compiles that progenitor + rustls does not and
/// the reverse, and the same for the builds without TLS (4 and 6): each
/// package (name and version) with the median seconds its units took, and
/// their sum.
fn print_differences(variants: &[Variant]) {
    for (a, b) in [(1, 5), (4, 6)] {
        let (Some(ours), Some(theirs)) = (
            variants.iter().find(|v| v.number == a),
            variants.iter().find(|v| v.number == b),
        ) else {
            continue;
        };
        for (one, other) in [(ours, theirs), (theirs, ours)] {
            outln!(
                "compiled by {} and not by {}: {}",
                one.number,
                other.number,
                only_in(one, other)
            );
        }
    }
}

/// How many of the shared packages whose cost differs most are printed.
const SHARED_PACKAGES: usize = 8;

/// The packages both builds of a pair compile (1 and 5, 4 and 6): their
/// units' median seconds on each side added up, the ones whose cost differs
/// most, and every one cargo built with other features on one side. When
/// the same packages with the same features cost one side more across the
/// board, the machine was busier during its builds: the gap is load, not
/// what the crates ask for.
fn print_shared(variants: &[Variant]) {
    for (a, b) in [(1, 5), (4, 6)] {
        let (Some(ours), Some(theirs)) = (
            variants.iter().find(|v| v.number == a),
            variants.iter().find(|v| v.number == b),
        ) else {
            continue;
        };
        let mut rows = Vec::new();
        for package in ours.compiled.intersection(&theirs.compiled) {
            if let (Some(x), Some(y)) =
                (ours.median_package(package), theirs.median_package(package))
            {
                rows.push((package, x, y));
            }
        }
        if rows.is_empty() {
            continue;
        }
        let (total_a, total_b) = rows
            .iter()
            .fold((0.0, 0.0), |(x, y), (_, a, b)| (x + a, y + b));
        // The typical package's ratio: near 1 when the sides differ only in
        // a few packages, off 1 when one side's builds ran slower overall.
        let ratios: Vec<f64> = rows
            .iter()
            .filter(|(_, x, y)| *x >= 0.1 && *y >= 0.1)
            .map(|(_, x, y)| x / y)
            .collect();
        let typical = median(ratios).map_or(String::new(), |r| {
            format!("; the median package takes {r:.2}x")
        });
        outln!(
            "compiled by both {a} and {b}: {} packages, {total_a:.1} s of units against {total_b:.1} s{typical}",
            rows.len()
        );
        rows.sort_by(|(_, x1, y1), (_, x2, y2)| (x2 - y2).abs().total_cmp(&(x1 - y1).abs()));
        let most: Vec<String> = rows
            .iter()
            .take(SHARED_PACKAGES)
            .map(|(package, x, y)| format!("{package} {x:.1} / {y:.1} s"))
            .collect();
        outln!("  differing most ({a} / {b}): {}", most.join(", "));
        let mut featured = Vec::new();
        for (package, _, _) in &rows {
            let (Some(x), Some(y)) = (
                ours.package_features.get(*package),
                theirs.package_features.get(*package),
            ) else {
                continue;
            };
            if x != y {
                let only = |one: &BTreeSet<String>, other: &BTreeSet<String>| {
                    let list: Vec<&str> = one.difference(other).map(String::as_str).collect();
                    if list.is_empty() {
                        "-".to_owned()
                    } else {
                        list.join(" ")
                    }
                };
                featured.push(format!(
                    "{package} (only {a}: {}; only {b}: {})",
                    only(x, y),
                    only(y, x)
                ));
            }
        }
        outln!(
            "  built with other features: {}",
            if featured.is_empty() {
                "none".to_owned()
            } else {
                featured.join(", ")
            }
        );
    }
}

/// The packages `one` compiled and `other` did not, each with its units'
/// median seconds in `one`'s builds.
fn only_in(one: &Variant, other: &Variant) -> String {
    let mut total = 0.0;
    let list: Vec<String> = one
        .compiled
        .difference(&other.compiled)
        .map(|package| match one.median_package(package) {
            Some(seconds) => {
                total += seconds;
                format!("{package} {seconds:.1} s")
            }
            None => package.clone(),
        })
        .collect();
    if list.is_empty() {
        "nothing".to_owned()
    } else {
        format!(
            "{} packages, {total:.1} s of units ({})",
            list.len(),
            list.join(", ")
        )
    }
}

/// Whether the goals are met: variant 1 against 5, and 4 against 6, by
/// median wall time (and the critical path beside it).
fn print_goals(variants: &[Variant]) {
    let find = |number| variants.iter().find(|v| v.number == number);
    for (ours, theirs, goal, what) in [
        (1, 5, GOAL, "default build <= {goal}x progenitor + rustls"),
        (
            4,
            6,
            NO_TLS_GOAL,
            "no-TLS build <= {goal}x progenitor as generated",
        ),
    ] {
        let what = what.replace("{goal}", &format!("{goal:.2}"));
        match (find(ours), find(theirs)) {
            (Some(ours), Some(theirs)) => {
                let (Some(wall), Some(base)) = (ours.median(), theirs.median()) else {
                    continue;
                };
                let ratio = wall.as_secs_f64() / base.as_secs_f64().max(f64::MIN_POSITIVE);
                let mut path = match (ours.median_path(), theirs.median_path()) {
                    (Some(a), Some(b)) => format!(
                        "; units summed {:.2}x: {a:.1} s against {b:.1} s",
                        a / b.max(f64::MIN_POSITIVE)
                    ),
                    _ => String::new(),
                };
                if let (Some(a), Some(b)) = (ours.median_cpu(), theirs.median_cpu()) {
                    path.push_str(&format!(
                        "; CPU {:.2}x: {a:.1} s against {b:.1} s",
                        a / b.max(f64::MIN_POSITIVE)
                    ));
                }
                outln!(
                    "goal: {what}: {} ({ratio:.2}x: {:.1} s against {:.1} s{path})",
                    if ratio <= goal { "met" } else { "MISSED" },
                    wall.as_secs_f64(),
                    base.as_secs_f64()
                );
            }
            _ => outln!("goal: {what}: not measured (--only or --variants)"),
        }
    }
}

pub(crate) fn create_dir(path: &Path) -> Result<(), BuildTimeError> {
    std::fs::create_dir_all(path).map_err(|source| BuildTimeError::Io {
        path: path.to_owned(),
        source,
    })
}

pub(crate) fn read(path: &Path) -> Result<String, BuildTimeError> {
    std::fs::read_to_string(path).map_err(|source| BuildTimeError::Io {
        path: path.to_owned(),
        source,
    })
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), BuildTimeError> {
    std::fs::write(path, text).map_err(|source| BuildTimeError::Io {
        path: path.to_owned(),
        source,
    })
}

pub(crate) fn copy_file(from: &Path, to: &Path) -> Result<(), BuildTimeError> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|source| BuildTimeError::Io {
            path: from.to_owned(),
            source,
        })
}

/// Copies the folder `from` to `to`, files and folders (no `target/`).
fn copy_tree(from: &Path, to: &Path) -> Result<(), BuildTimeError> {
    create_dir(to)?;
    let entries = std::fs::read_dir(from).map_err(|source| BuildTimeError::Io {
        path: from.to_owned(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| BuildTimeError::Io {
            path: from.to_owned(),
            source,
        })?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|source| BuildTimeError::Io {
            path: path.clone(),
            source,
        })?;
        let dest = to.join(entry.file_name());
        if file_type.is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&path, &dest)?;
            }
        } else {
            copy_file(&path, &dest)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustls_goes_into_progenitors_reqwest_features() {
        let manifest = "[dependencies]\nbytes = \"1.9\"\nreqwest = { version = \"0.13\", default-features=false, features = [\"json\", \"query\", \"stream\"] }\nserde = \"1\"\n";
        let (edited, line) = add_rustls(manifest).expect("a reqwest line");
        assert_eq!(
            line,
            "reqwest = { version = \"0.13\", default-features=false, features = [\"rustls\", \"json\", \"query\", \"stream\"] }"
        );
        assert!(edited.contains(&line) && edited.contains("serde = \"1\""));
        assert!(add_rustls("[dependencies]\nreqwest = \"0.13\"\n").is_none());
    }

    #[test]
    fn lock_versions_keep_every_version_of_a_name() {
        let lock = "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n\n[[package]]\nname = \"a\"\nversion = \"2.0.0\"\nsource = \"x\"\n\n[[package]]\nname = \"b\"\nversion = \"0.1.0\"\n";
        let versions = lock_versions(lock);
        assert_eq!(versions.len(), 2);
        assert_eq!(versions["a"].len(), 2);
        assert!(versions["b"].contains("0.1.0"));
    }

    #[test]
    fn compatible_ranges_are_cargos() {
        assert_eq!(compatible_range("2.0.119"), "2");
        assert_eq!(compatible_range("0.52.0"), "0.52");
        assert_eq!(compatible_range("0.0.3"), "0.0.3");
        assert_eq!(compatible_range("0.9.34+deprecated"), "0.9");
        assert_ne!(compatible_range("0.52.0"), compatible_range("0.61.2"));
    }

    #[test]
    fn only_names_a_side() {
        assert_eq!(Only::parse("ours"), Some(Only::Ours));
        assert_eq!(Only::parse("progenitor"), Some(Only::Progenitor));
        assert_eq!(Only::parse("both"), None);
    }
}

//! `cargo xtask bench`: how long the generator takes, stage by stage.
//!
//! For the Conversations spec and Brevo's whole published spec (read beside
//! the checkout, skipped with a message when absent) it times, over repeated
//! runs after one warm-up (at least 20, and as many more as fit in one
//! second, so that a short burst of load on a shared machine does not decide
//! the median of a spec that takes milliseconds), the stages of the pipeline: the front door
//! (bytes read and brought to OpenAPI 3.0, `codegen::load::front_door`), load (the rest: to an
//! `openapiv3` document), validate + lower (to the IR) and emit + format
//! (`codegen::render`, tokens to text), and prints the median and the
//! minimum of each, their total, the total per operation, so growth with
//! the size of the spec shows, and the front door's share of the total,
//! whole and less a plain YAML read of the same bytes (timed apart, outside
//! the total), which every loader did before the front door existed: its
//! own work's goal is at most 10 % on Brevo's whole spec. The emit stage runs even where lowering
//! reports errors (it takes the lowered API as it is).
//!
//! Figures from a debug build mean little, and `cargo xtask` builds debug,
//! so a debug build of this command runs itself again through
//! `cargo run --release` (pass `--debug` to time the debug build instead).

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use openapi_client_gen::{DEFAULT_CRATE, DEFAULT_SPEC};

use crate::workspace_root;

/// Brevo's whole published spec, relative to the workspace root.
const BREVO_SPEC: &str = "../shared/upstream/swagger_definition_v3.yml";

/// Timed runs per spec at least, after one warm-up, unless `--runs` says
/// otherwise.
const DEFAULT_RUNS: usize = 20;

/// How long the timed runs of one spec go on at least (unless `--runs`
/// is given, which sets the number of runs exactly).
const MIN_SAMPLING: Duration = Duration::from_secs(1);

/// The front door's goal: at most this share of the whole generation on
/// Brevo's whole spec.
const FRONT_DOOR_SHARE_GOAL: f64 = 0.10;

/// The goals: all stages together, per spec.
const CONVERSATIONS_GOAL: Duration = Duration::from_millis(5);
const BREVO_GOAL: Duration = Duration::from_secs(1);

/// The usage line.
const USAGE: &str = "usage: cargo xtask bench [--runs N] [--debug | --compare | --scale | --build-time [--only ours|progenitor] [--variants N,N..] [--release] | --build-time --large [--operations N] [--tags N]]";

/// What `cargo xtask bench --help` prints after the usage line.
const HELP: &str = "Times the generator's stages (front door, load, validate + lower, emit + format) on spec/conversations.yaml
and Brevo's whole spec (../shared/upstream/swagger_definition_v3.yml, skipped when absent):
median and minimum of at least {runs} runs and {seconds} s per spec, after a warm-up, in a release build.

  --runs N        exactly N timed runs (of each command or build, with --compare or --build-time)
  --debug         time this debug build instead of rebuilding in release
  --compare       the whole process beside progenitor's CLI (cargo-progenitor, from
                  $CARGO_PROGENITOR or the PATH), round-robin
  --build-time    clean debug builds of the generated crate (each TLS feature) beside
                  progenitor's crate for the same spec: wall time and critical path
                  (from cargo's --timings report)
  --only SIDE     with --build-time: build only `ours` or `progenitor`
  --variants N,N  with --build-time: build only these variants (1-4 ours, 5-6 progenitor's)
  --release       with --build-time: release builds instead of debug ones
  --large         with --build-time: instead, a synthetic code host's spec (767 operations over 40
                  tags): clean and incremental debug builds of our crate with all groups, one group
                  and no groups, beside progenitor's; the crate's own time from --timings
  --operations N  with --large: the spec's operations (767)
  --tags N        with --large: its tags (40)
  --scale         generation time of the synthetic spec at 250 to 5000 operations (one tag a 20),
                  per operation: whether it stays linear (3 runs a size unless --runs)
  -h, --help      this text";

/// Why `cargo xtask bench` failed.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The command line is wrong.
    #[error("{0}\n{USAGE}")]
    Usage(String),
    /// A spec could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The spec.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// A spec could not be loaded, so nothing after loading can be timed.
    #[error("{name}: cannot load the spec: {source}")]
    Load {
        /// The spec's name in the report.
        name: String,
        /// Why.
        source: codegen::load::LoadError,
    },
    /// The generator produced invalid Rust.
    #[error("{name}: {source}")]
    Render {
        /// The spec's name in the report.
        name: String,
        /// Why.
        source: codegen::format::FormatError,
    },
    /// The release build could not be started.
    #[error("could not run `cargo run --release`: {0}")]
    Rerun(std::io::Error),
}

/// Parsed arguments.
#[derive(Debug)]
struct Args {
    /// Timed runs per spec.
    runs: usize,
    /// Whether `runs` was given: then it is exact, with no minimum time.
    exact: bool,
    /// Time this (debug) build instead of running the release one.
    debug: bool,
    /// Compare whole processes with progenitor's instead ([`crate::compare`]).
    compare: bool,
    /// Time clean builds of the generated crates instead ([`crate::build_time`]).
    build_time: bool,
    /// `--only`, `--variants` and `--release`, with `--build-time`.
    build: crate::build_time::Options,
    /// `--large` (with `--build-time`): the large-spec mode instead
    /// ([`crate::large_build`]), with its `--operations` and `--tags`.
    large: Option<crate::large_build::Options>,
    /// Time generation against the operation count ([`crate::scale`]).
    scale: bool,
}

fn parse(args: &[String]) -> Result<Args, BenchError> {
    let mut parsed = Args {
        runs: DEFAULT_RUNS,
        exact: false,
        debug: false,
        compare: false,
        build_time: false,
        build: crate::build_time::Options::default(),
        large: None,
        scale: false,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--debug" => parsed.debug = true,
            "--compare" => parsed.compare = true,
            "--build-time" => parsed.build_time = true,
            "--release" => parsed.build.release = true,
            "--scale" => parsed.scale = true,
            "--large" => {
                parsed.large.get_or_insert_with(Default::default);
            }
            "--operations" | "--tags" => {
                let count = iter
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| BenchError::Usage(format!("{arg} needs a positive number")))?;
                let large = parsed.large.get_or_insert_with(Default::default);
                if arg == "--tags" {
                    large.tags = count;
                } else {
                    large.operations = count;
                }
            }
            "--variants" => {
                let list: Option<BTreeSet<usize>> = iter.next().and_then(|list| {
                    list.split(',')
                        .map(|n| n.trim().parse().ok().filter(|n| (1..=6).contains(n)))
                        .collect()
                });
                parsed.build.variants = Some(list.ok_or_else(|| {
                    BenchError::Usage("--variants needs numbers from 1 to 6, like 1,4,5,6".into())
                })?);
            }
            "--only" => {
                parsed.build.only = Some(
                    iter.next()
                        .and_then(|side| crate::build_time::Only::parse(side))
                        .ok_or_else(|| {
                            BenchError::Usage("--only needs `ours` or `progenitor`".into())
                        })?,
                );
            }
            "--runs" => {
                parsed.exact = true;
                parsed.runs = iter
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| BenchError::Usage("--runs needs a positive number".into()))?;
            }
            other => return Err(BenchError::Usage(format!("unknown argument `{other}`"))),
        }
    }
    let build = &parsed.build;
    if (build.only.is_some() || build.variants.is_some() || build.release) && !parsed.build_time {
        return Err(BenchError::Usage(
            "--only, --variants and --release go with --build-time".into(),
        ));
    }
    if parsed.large.is_some()
        && (!parsed.build_time || build.only.is_some() || build.variants.is_some() || build.release)
    {
        return Err(BenchError::Usage(
            "--large, --operations and --tags go with --build-time, without --only, --variants or --release"
                .into(),
        ));
    }
    if parsed.scale && (parsed.build_time || parsed.compare) {
        return Err(BenchError::Usage(
            "--scale goes with neither --build-time nor --compare".into(),
        ));
    }
    if parsed.build_time && (parsed.compare || parsed.debug) {
        return Err(BenchError::Usage(
            "--build-time goes with neither --compare nor --debug".into(),
        ));
    }
    Ok(parsed)
}

/// Runs `cargo xtask bench` with `args`.
pub fn main(args: &[String]) -> ExitCode {
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        let help = HELP
            .replace("{runs}", &DEFAULT_RUNS.to_string())
            .replace("{seconds}", &MIN_SAMPLING.as_secs().to_string());
        outln!("{USAGE}\n\n{help}");
        return ExitCode::SUCCESS;
    }
    let result = parse(args).and_then(|parsed| {
        if let (true, Some(large)) = (parsed.build_time, parsed.large) {
            let options = crate::large_build::Options {
                runs: parsed.exact.then_some(parsed.runs),
                ..large
            };
            return Ok(crate::large_build::main(&options));
        }
        if parsed.build_time {
            // Clean builds of the generated crates, by cargo.
            let options = crate::build_time::Options {
                runs: parsed.exact.then_some(parsed.runs),
                ..parsed.build
            };
            return Ok(crate::build_time::main(&options));
        }
        if parsed.compare {
            // Whole processes, of the build `cargo xtask` runs.
            return Ok(crate::compare::main(parsed.exact.then_some(parsed.runs)));
        }
        if cfg!(debug_assertions) && !parsed.debug {
            return rerun_in_release(args);
        }
        if parsed.scale {
            return Ok(crate::scale::main(parsed.exact.then_some(parsed.runs)));
        }
        run(&parsed).map(|()| ExitCode::SUCCESS)
    });
    result.unwrap_or_else(|error| {
        eprintln!("{error}");
        ExitCode::FAILURE
    })
}

/// Runs this command again from a release build of xtask.
fn rerun_in_release(args: &[String]) -> Result<ExitCode, BenchError> {
    eprintln!("cargo xtask bench: building xtask in release for meaningful figures (--debug times this debug build)");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "run",
            "--release",
            "--quiet",
            "--manifest-path",
            "xtask/Cargo.toml",
            "--",
            "bench",
        ])
        .args(args)
        .current_dir(workspace_root())
        .status()
        .map_err(BenchError::Rerun)?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}

/// The times of one spec's stages over all runs.
#[derive(Debug, Default)]
pub(crate) struct Timings {
    pub(crate) front: Vec<Duration>,
    /// A plain YAML read of the same bytes into a value, outside the
    /// total: what loading did before the front door (the old loader read
    /// every document so), to tell the front door's own cost from it.
    pub(crate) plain_read: Vec<Duration>,
    pub(crate) load: Vec<Duration>,
    pub(crate) lower: Vec<Duration>,
    pub(crate) render: Vec<Duration>,
    pub(crate) total: Vec<Duration>,
}

/// One spec's results.
#[derive(Debug)]
pub(crate) struct SpecReport {
    pub(crate) name: String,
    pub(crate) operations: usize,
    pub(crate) types: usize,
    pub(crate) errors: usize,
    pub(crate) files: usize,
    pub(crate) timings: Timings,
}

fn run(args: &Args) -> Result<(), BenchError> {
    let root = workspace_root();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    outln!(
        "cargo xtask bench: {build} build, {} after one warm-up; median / min\n",
        if args.exact {
            format!("{} timed runs per spec", args.runs)
        } else {
            format!(
                "at least {} timed runs and {} s per spec",
                args.runs,
                MIN_SAMPLING.as_secs()
            )
        }
    );
    let mut reports = Vec::new();
    let specs: [(&'static str, PathBuf, &str); 2] = [
        ("Conversations", root.join(DEFAULT_SPEC), DEFAULT_CRATE),
        ("Brevo (whole API)", root.join(BREVO_SPEC), "brevo"),
    ];
    for (name, path, crate_name) in specs {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(_) if name != "Conversations" => {
                outln!("{name}: skipped, {} is not there\n", path.display());
                continue;
            }
            Err(source) => return Err(BenchError::Read { path, source }),
        };
        let min_time = if args.exact {
            Duration::ZERO
        } else {
            MIN_SAMPLING
        };
        reports.push(bench_spec(name, &bytes, crate_name, args.runs, min_time)?);
    }
    print_table(&reports);
    print_goals(&reports);
    Ok(())
}

/// Times the stages of `bytes` after one warm-up, `runs` times and then on
/// until `min_time` has passed.
pub(crate) fn bench_spec(
    name: &str,
    bytes: &[u8],
    crate_name: &str,
    runs: usize,
    min_time: Duration,
) -> Result<SpecReport, BenchError> {
    let options = codegen::Options {
        crate_name: crate_name.to_owned(),
        crate_version: None,
        spec_label: "spec.yaml".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: false,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    };
    let mut timings = Timings::default();
    let mut last = None;
    let mut sampling = Instant::now();
    for run in 0.. {
        if run == 1 {
            // The warm-up is over: the minimum time counts from here.
            sampling = Instant::now();
        }
        if run > runs && sampling.elapsed() >= min_time {
            break;
        }
        let started = Instant::now();
        let load_error = |source| BenchError::Load {
            name: name.to_owned(),
            source,
        };
        let normalised = codegen::load::front_door(bytes).map_err(load_error)?;
        let through_front = Instant::now();
        let document = codegen::load::load_normalised(normalised).map_err(load_error)?;
        let loaded = Instant::now();
        let (api, diagnostics) = codegen::lower::lower(&document);
        let lowered = Instant::now();
        let files = codegen::render(&api, &options).map_err(|source| BenchError::Render {
            name: name.to_owned(),
            source,
        })?;
        let rendered = Instant::now();
        let plain = Instant::now();
        black_box(serde_yaml::from_slice::<serde_yaml::Value>(bytes).ok());
        let plain_read = plain.elapsed();
        if run > 0 {
            timings.plain_read.push(plain_read);
            timings.front.push(through_front - started);
            timings.load.push(loaded - through_front);
            timings.lower.push(lowered - loaded);
            timings.render.push(rendered - lowered);
            timings.total.push(rendered - started);
        }
        last = Some(black_box((api, diagnostics, files)));
    }
    let Some((api, diagnostics, files)) = last else {
        return Err(BenchError::Usage("no run was made".into()));
    };
    Ok(SpecReport {
        name: name.to_owned(),
        operations: api.operations.len(),
        types: api.types.len(),
        errors: diagnostics
            .iter()
            .filter(|d| d.severity == codegen::diagnostics::Severity::Error)
            .count(),
        files: files.len(),
        timings,
    })
}

/// The median of `values` (the upper middle one of an even count);
/// `None` for no values.
pub(crate) fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

/// The median and the minimum of `times`.
pub(crate) fn median_min(times: &[Duration]) -> (Duration, Duration) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or_default();
    let min = sorted.first().copied().unwrap_or_default();
    (median, min)
}

/// `d` in milliseconds with a precision that suits its size.
pub(crate) fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else if ms < 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

/// `share` (a fraction) as a percentage.
fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// `median / min ms`.
fn cell(times: &[Duration]) -> String {
    let (median, min) = median_min(times);
    format!("{} / {} ms", ms(median), ms(min))
}

fn print_table(reports: &[SpecReport]) {
    outln!(
        "{:<18} {:>4} {:>6}  {:<18} {:<18} {:<18} {:<18} {:<18} {:>10}",
        "spec",
        "ops",
        "types",
        "front door",
        "load",
        "validate+lower",
        "emit+format",
        "total",
        "total/op"
    );
    for report in reports {
        let (median, _) = median_min(&report.timings.total);
        let per_op = median
            .checked_div(u32::try_from(report.operations.max(1)).unwrap_or(u32::MAX))
            .unwrap_or_default();
        outln!(
            "{:<18} {:>4} {:>6}  {:<18} {:<18} {:<18} {:<18} {:<18} {:>7} ms",
            report.name,
            report.operations,
            report.types,
            cell(&report.timings.front),
            cell(&report.timings.load),
            cell(&report.timings.lower),
            cell(&report.timings.render),
            cell(&report.timings.total),
            ms(per_op),
        );
    }
    outln!();
    for report in reports {
        if report.errors > 0 {
            outln!(
                "{}: lowering reported {} errors; its lowered API was emitted and formatted all the same.",
                report.name, report.errors
            );
        }
        outln!(
            "{}: {} timed runs, {} files.",
            report.name,
            report.timings.total.len(),
            report.files,
        );
    }
}

fn print_goals(reports: &[SpecReport]) {
    outln!();
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    let mut per_op = Vec::new();
    for report in reports {
        let (median, _) = median_min(&report.timings.total);
        let goal = match report.name.as_str() {
            "Conversations" => CONVERSATIONS_GOAL,
            _ => BREVO_GOAL,
        };
        outln!(
            "goal: {} <= {} ms for all stages: {} ({} ms)",
            report.name,
            goal.as_millis(),
            verdict(median <= goal),
            ms(median)
        );
        let (front, _) = median_min(&report.timings.front);
        let (plain_read, _) = median_min(&report.timings.plain_read);
        let total = median.as_secs_f64().max(f64::MIN_POSITIVE);
        let share = front.as_secs_f64() / total;
        // What the front door adds to the read every loader does.
        let own = front.saturating_sub(plain_read);
        let own_share = own.as_secs_f64() / total;
        outln!(
            "{}: front door {} of all stages ({} ms), of which a plain YAML read of the bytes {} ms",
            report.name,
            percent(share),
            ms(front),
            ms(plain_read)
        );
        let line = format!(
            "{} front door's own work (the stage less the plain read) <= {} of all stages",
            report.name,
            percent(FRONT_DOOR_SHARE_GOAL),
        );
        if report.name == "Conversations" {
            outln!("{line}: {} ({} ms)", percent(own_share), ms(own));
        } else {
            outln!(
                "goal: {line}: {} ({}, {} ms)",
                verdict(own_share <= FRONT_DOOR_SHARE_GOAL),
                percent(own_share),
                ms(own)
            );
        }
        per_op.push((
            report.operations,
            median.as_secs_f64() / report.operations.max(1) as f64,
        ));
    }
    if let [(small_ops, small), (large_ops, large)] = per_op.as_slice() {
        outln!(
            "time per operation from {small_ops} to {large_ops} operations: {:.3} -> {:.3} ms (x{:.2})",
            small * 1000.0,
            large * 1000.0,
            large / small
        );
    }
}

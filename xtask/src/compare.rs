//! `cargo xtask bench --compare`: the whole process of generating the
//! Conversations client, ours beside progenitor's, in one run.
//!
//! Three commands are timed, each after one warm-up and then round-robin
//! (so that a burst of load on a shared machine hits all three alike), each
//! writing into a fresh folder:
//!
//! 1. progenitor's CLI, `cargo-progenitor progenitor -i SPEC -o OUT -n x -v 0.1.0`;
//! 2. this command's own binary (`target/debug/xtask` under `cargo xtask`),
//!    `codegen --spec SPEC --out OUT --crate-name x`;
//! 3. `cargo xtask codegen ...` through cargo, as a contributor types it.
//!
//! It prints the median and minimum of each and the ratios of the medians
//! to progenitor's. It installs nothing: progenitor is taken from
//! `$CARGO_PROGENITOR` or `cargo-progenitor` on the `PATH`, and when neither
//! is there it says how to install it.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use openapi_client_gen::DEFAULT_SPEC;

use crate::build_time::{tweak_for_progenitor, SPEC_TWEAK_FROM, SPEC_TWEAK_TO};
use crate::workspace_root;

/// Timed runs of each command, after one warm-up.
const DEFAULT_RUNS: usize = 15;

/// The version the figures in the README were measured against.
const PROGENITOR_VERSION: &str = "0.15.1";

/// The goals: our binary at most half of progenitor's time, `cargo xtask`
/// at most as much.
const BINARY_GOAL: f64 = 0.5;
const CARGO_GOAL: f64 = 1.0;

/// Why the comparison could not run.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// progenitor's CLI is not installed.
    #[error("cargo-progenitor was not found (set CARGO_PROGENITOR to its path, or put it on the PATH); install it with `cargo install cargo-progenitor --version {PROGENITOR_VERSION}`")]
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
    #[error("{command} failed ({status}):\n{stderr}")]
    Failed {
        /// The command.
        command: String,
        /// Its exit status.
        status: std::process::ExitStatus,
        /// What it printed on stderr.
        stderr: String,
    },
    /// A scratch folder could not be made or removed.
    #[error("{}: {source}", path.display())]
    Scratch {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// One command under comparison.
struct Contender {
    /// Its label in the table.
    label: &'static str,
    /// The program.
    program: PathBuf,
    /// Its arguments before the output folder's.
    args: Vec<String>,
    /// Where it writes: removed before each run.
    out: PathBuf,
    /// The flag that names `out`.
    out_flag: &'static str,
    /// The arguments after the output folder.
    tail: Vec<String>,
    /// The times of its timed runs.
    times: Vec<Duration>,
}

impl Contender {
    /// Runs the command once into a fresh folder and returns how long it took.
    fn run_once(&self) -> Result<Duration, CompareError> {
        if self.out.exists() {
            std::fs::remove_dir_all(&self.out).map_err(|source| CompareError::Scratch {
                path: self.out.clone(),
                source,
            })?;
        }
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .arg(self.out_flag)
            .arg(&self.out)
            .args(&self.tail)
            .current_dir(workspace_root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let started = Instant::now();
        let output = command.output().map_err(|source| CompareError::Spawn {
            command: self.label.to_owned(),
            source,
        })?;
        let took = started.elapsed();
        if !output.status.success() {
            return Err(CompareError::Failed {
                command: self.label.to_owned(),
                status: output.status,
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            });
        }
        Ok(took)
    }
}

/// progenitor's CLI: `$CARGO_PROGENITOR`, else `cargo-progenitor` on the
/// `PATH`.
pub(crate) fn find_progenitor() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CARGO_PROGENITOR") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("cargo-progenitor"))
        .find(|candidate| candidate.is_file())
}

/// Runs the comparison with `runs` timed runs of each command.
pub fn main(runs: Option<usize>) -> ExitCode {
    match run(runs.unwrap_or(DEFAULT_RUNS)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cargo xtask bench --compare: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(runs: usize) -> Result<(), CompareError> {
    let progenitor = find_progenitor().ok_or(CompareError::NoProgenitor)?;
    let ours = std::env::current_exe().map_err(|source| CompareError::Spawn {
        command: "this command's own binary".to_owned(),
        source,
    })?;
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let scratch = std::env::temp_dir().join(format!("xtask-compare-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|source| CompareError::Scratch {
        path: scratch.clone(),
        source,
    })?;
    // progenitor refuses our spec as it is (one error body type per
    // operation): every contender reads the same copy with the tweak
    // `cargo xtask bench --build-time` makes, so all do the same work.
    let original = workspace_root().join(DEFAULT_SPEC);
    let text = std::fs::read_to_string(&original).map_err(|source| CompareError::Scratch {
        path: original.clone(),
        source,
    })?;
    let spec = match tweak_for_progenitor(&text) {
        None => DEFAULT_SPEC.to_owned(),
        Some((tweaked, count)) => {
            let copy = scratch.join("conversations.yaml");
            std::fs::write(&copy, tweaked).map_err(|source| CompareError::Scratch {
                path: copy.clone(),
                source,
            })?;
            outln!(
                "cargo xtask bench --compare: every command reads a copy of {DEFAULT_SPEC} whose {count} lines \
                 `{SPEC_TWEAK_FROM}` became `{SPEC_TWEAK_TO}` (progenitor takes one error body type per operation)"
            );
            copy.display().to_string()
        }
    };
    let codegen_args = |out_name: &str| -> (PathBuf, Vec<String>) {
        (
            scratch.join(out_name),
            vec!["--crate-name".to_owned(), "x".to_owned()],
        )
    };
    let (progenitor_out, _) = codegen_args("progenitor");
    let (binary_out, binary_tail) = codegen_args("binary");
    let (cargo_out, cargo_tail) = codegen_args("cargo");
    let mut contenders = [
        Contender {
            label: "progenitor CLI",
            program: progenitor,
            args: vec!["progenitor".into(), "-i".into(), spec.clone()],
            out: progenitor_out,
            out_flag: "-o",
            tail: vec!["-n".into(), "x".into(), "-v".into(), "0.1.0".into()],
            times: Vec::new(),
        },
        Contender {
            label: "xtask binary",
            program: ours.clone(),
            args: vec!["codegen".into(), "--spec".into(), spec.clone()],
            out: binary_out,
            out_flag: "--out",
            tail: binary_tail,
            times: Vec::new(),
        },
        Contender {
            label: "cargo xtask codegen",
            program: cargo,
            args: vec![
                "xtask".into(),
                "codegen".into(),
                "--spec".into(),
                spec.clone(),
            ],
            out: cargo_out,
            out_flag: "--out",
            tail: cargo_tail,
            times: Vec::new(),
        },
    ];
    outln!(
        "cargo xtask bench --compare: {} ({}), one warm-up then {runs} timed runs of each, round-robin",
        spec,
        describe_build(&ours)
    );
    for contender in &contenders {
        contender.run_once()?;
    }
    for _ in 0..runs {
        for contender in &mut contenders {
            let took = contender.run_once()?;
            contender.times.push(took);
        }
    }
    let _cleanup = std::fs::remove_dir_all(&scratch);
    print_results(&contenders);
    Ok(())
}

/// Whether the measured binary is a debug or release build, as the README
/// figures need to say.
fn describe_build(binary: &Path) -> String {
    let profile = binary
        .parent()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("our binary from target/{profile}")
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn print_results(contenders: &[Contender]) {
    let base = contenders
        .first()
        .map_or(Duration::ZERO, |c| median(&c.times));
    outln!(
        "{:<22} {:>12} {:>10} {:>14}",
        "command",
        "median",
        "min",
        "vs progenitor"
    );
    for contender in contenders {
        let middle = median(&contender.times);
        let min = contender.times.iter().min().copied().unwrap_or_default();
        let ratio = ms(middle) / ms(base).max(f64::MIN_POSITIVE);
        outln!(
            "{:<22} {:>9.1} ms {:>7.1} ms {:>13.2}x",
            contender.label,
            ms(middle),
            ms(min),
            ratio
        );
    }
    let ratio_of = |index: usize| {
        contenders.get(index).map_or(f64::NAN, |c| {
            ms(median(&c.times)) / ms(base).max(f64::MIN_POSITIVE)
        })
    };
    let verdict = |ratio: f64, goal: f64| if ratio <= goal { "met" } else { "MISSED" };
    let binary = ratio_of(1);
    let cargo = ratio_of(2);
    outln!();
    outln!(
        "goal: the xtask binary <= {BINARY_GOAL}x progenitor's CLI: {} ({binary:.2}x)",
        verdict(binary, BINARY_GOAL)
    );
    outln!(
        "goal: cargo xtask codegen <= {CARGO_GOAL}x progenitor's CLI: {} ({cargo:.2}x)",
        verdict(cargo, CARGO_GOAL)
    );
}

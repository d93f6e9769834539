//! `cargo xtask bench --scale`: whether generation stays linear in the
//! number of operations.
//!
//! It generates the synthetic code host's spec ([`crate::synthetic`]) at
//! [`SIZES`] operations, one tag for every [`OPERATIONS_PER_TAG`], and times
//! the generator's stages on each in process, as `cargo xtask bench` does
//! ([`crate::bench::bench_spec`]: median of the runs after a warm-up; three
//! runs unless `--runs N`). It prints each stage's milliseconds and the
//! total per operation, and the ratio of the time per operation at the
//! largest size to that at [`BASE`] operations, for the total and for each
//! stage, so that a stage that grows faster than the others shows. Linear
//! generation gives about 1.0; the goal is at most [`GOAL`].

use std::process::ExitCode;
use std::time::Duration;

use crate::bench::{bench_spec, median_min, ms, BenchError, SpecReport, Timings};
use crate::synthetic::{self, Shape};

/// The operation counts generated.
pub const SIZES: [usize; 5] = [250, 500, 1000, 2000, 5000];

/// The size the per-operation ratios are taken against.
pub const BASE: usize = 500;

/// One tag for this many operations.
pub const OPERATIONS_PER_TAG: usize = 20;

/// The goal: time per operation at the largest size at most this many
/// times that at [`BASE`].
pub const GOAL: f64 = 1.5;

/// Timed runs per size unless `--runs N`.
const DEFAULT_RUNS: usize = 3;

/// The stages in the table, and how to read each from the timings.
type Stage = (&'static str, fn(&Timings) -> &[Duration]);

const STAGES: [Stage; 5] = [
    ("front door", |t| &t.front),
    ("load", |t| &t.load),
    ("validate+lower", |t| &t.lower),
    ("emit+format", |t| &t.render),
    ("total", |t| &t.total),
];

/// Runs the measurement with `runs` timed runs per size.
pub fn main(runs: Option<usize>) -> ExitCode {
    match run(runs.unwrap_or(DEFAULT_RUNS)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cargo xtask bench --scale: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The median of `times`, in seconds.
fn median(times: &[Duration]) -> f64 {
    median_min(times).0.as_secs_f64()
}

fn run(runs: usize) -> Result<(), BenchError> {
    outln!(
        "cargo xtask bench --scale: the synthetic code host's spec at {SIZES:?} operations, one tag a {OPERATIONS_PER_TAG}; \
         {runs} timed runs per size after a warm-up, in process; medians ({} build)\n",
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    let mut reports: Vec<SpecReport> = Vec::new();
    for operations in SIZES {
        let shape = Shape {
            operations,
            tags: (operations / OPERATIONS_PER_TAG).max(1),
            tagged: true,
        };
        let text = synthetic::spec(&shape);
        let name = format!("{operations} operations");
        let report = bench_spec(&name, text.as_bytes(), "forgehub", runs, Duration::ZERO)?;
        outln!(
            "{name}: {} tags, {} kB of JSON, {} types, {} files, {} ms",
            shape.tags,
            text.len() / 1000,
            report.types,
            report.files,
            ms(median_min(&report.timings.total).0)
        );
        reports.push(report);
    }
    outln!();
    let mut header = format!("{:>10} {:>6}", "operations", "types");
    for (stage, _) in STAGES {
        header.push_str(&format!(" {stage:>15}"));
    }
    header.push_str(&format!(" {:>10} {:>8}", "ms/op", "vs base"));
    outln!("{header}");
    let per_op = |report: &SpecReport, times: fn(&Timings) -> &[Duration]| {
        median(times(&report.timings)) * 1000.0 / report.operations.max(1) as f64
    };
    let base = reports.iter().find(|r| r.operations == BASE);
    for report in &reports {
        let mut line = format!("{:>10} {:>6}", report.operations, report.types);
        for (_, times) in STAGES {
            line.push_str(&format!(
                " {:>12} ms",
                ms(median_min(times(&report.timings)).0)
            ));
        }
        let total = per_op(report, |t| &t.total);
        let ratio = base.map_or("-".to_owned(), |b| {
            format!(
                "x{:.2}",
                total / per_op(b, |t| &t.total).max(f64::MIN_POSITIVE)
            )
        });
        line.push_str(&format!(" {total:>10.3} {ratio:>8}"));
        outln!("{line}");
    }
    outln!();
    let (Some(base), Some(largest)) = (base, reports.last()) else {
        return Ok(());
    };
    let ratios: Vec<String> = STAGES
        .iter()
        .map(|(stage, times)| {
            let ratio = per_op(largest, *times) / per_op(base, *times).max(f64::MIN_POSITIVE);
            format!("{stage} x{ratio:.2}")
        })
        .collect();
    outln!(
        "time per operation at {} against {BASE} operations, by stage: {}",
        largest.operations,
        ratios.join(", ")
    );
    let ratio = per_op(largest, |t| &t.total) / per_op(base, |t| &t.total).max(f64::MIN_POSITIVE);
    outln!(
        "goal: generation linear in operations (time per operation at {} <= {GOAL:.1}x that at {BASE}; 1.0 is linear): {} (x{ratio:.2})",
        largest.operations,
        if ratio <= GOAL { "met" } else { "MISSED" }
    );
    Ok(())
}

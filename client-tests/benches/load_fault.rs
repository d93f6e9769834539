//! The load-and-fault run as a command: N calls of the generated client at
//! concurrency C against a loopback server that injects faults at fixed,
//! seeded rates; it prints what happened and exits 1 when a call panicked,
//! never ended, or a POST reached the server twice (the machinery and the
//! faults are described in `client_tests::load`).
//!
//! ```text
//! cargo bench -p client-tests --bench load_fault
//! cargo bench -p client-tests --bench load_fault -- --calls 20000 --concurrency 64 --seed 13
//! ```
//!
//! Options (defaults in brackets): `--calls N` [20000], `--concurrency C`
//! [64], `--seed S` [13], `--timeout-ms T`, the client's timeout per attempt
//! [2000], `--retry-base-ms B`, the retry policy's base delay [20],
//! `--budget-ms M`, how long a call may take before it counts as hung
//! [30000]. It runs on a multi-threaded Tokio runtime with one worker per
//! core, the server on the same runtime as the calls.

use std::process::ExitCode;
use std::time::Duration;

use client_tests::load::{run, Config};

const USAGE: &str = "usage: load_fault [--calls N] [--concurrency C] [--seed S] \
                     [--timeout-ms T] [--retry-base-ms B] [--budget-ms M]";

fn parse(args: impl Iterator<Item = String>) -> Result<Config, String> {
    let mut config = Config::default();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        // `cargo bench` passes `--bench` to every bench binary.
        if arg == "--bench" {
            continue;
        }
        if arg == "--help" || arg == "-h" {
            return Err(USAGE.to_owned());
        }
        let value = args
            .next()
            .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))?;
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{arg}: `{value}` is not a whole number\n{USAGE}"))?;
        let size = || usize::try_from(number).map_err(|_| format!("{arg}: {number} is too large"));
        match arg.as_str() {
            "--calls" => config.calls = size()?,
            "--concurrency" => config.concurrency = size()?.max(1),
            "--seed" => config.seed = number,
            "--timeout-ms" => config.timeout = Duration::from_millis(number),
            "--retry-base-ms" => config.retry_base_delay = Duration::from_millis(number),
            "--budget-ms" => config.budget = Duration::from_millis(number),
            _ => return Err(format!("unknown option {arg}\n{USAGE}")),
        }
    }
    Ok(config)
}

fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("load_fault: cannot start a Tokio runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(&config)) {
        Ok(report) => {
            println!("{report}");
            if report.failures().is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("load_fault: the run could not start: {error}");
            ExitCode::from(2)
        }
    }
}

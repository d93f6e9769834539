//! End-to-end tests of `cargo xtask diff`: the binary is run as CI runs it,
//! and its output and exit code are checked. The history fixtures reproduce
//! how Brevo's Conversations definition changed from the Swagger 2.0 era to
//! the 2025 OpenAPI file.
//!
//! Accept snapshot changes with
//! `INSTA_UPDATE=always cargo test -p openapi-client-gen --test diff_cli`.

use std::path::Path;
use std::process::{Command, Output};

const OLD: &str = "cli/tests/fixtures/diff/history/2024-swagger2-era.yaml";
const NEW: &str = "cli/tests/fixtures/diff/history/2025-openapi.yaml";

/// `openapi-client-gen diff ARGS`, run from the repository's root as CI
/// runs it (paths are relative to the current folder).
fn xtask_diff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .arg("diff")
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The report with the generated-code counts replaced by `[n]`: they follow
/// every change to the emitters, which these snapshots are not about. The
/// counts must be there, and something must have changed.
fn redact_sizes(report: &str) -> String {
    let mut changed = false;
    let redacted: Vec<String> = report
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("Generated code: ") {
                changed |= !rest.ends_with("+0 -0 lines");
                "Generated code: [n] of [n] files changed, [n] added, [n] removed; +[n] -[n] lines"
                    .to_owned()
            } else if trimmed.starts_with("\"files_") || trimmed.starts_with("\"lines_") {
                let (key, value) = line.split_once(':').expect("a JSON member");
                changed |= trimmed.starts_with("\"lines_") && value.trim_matches([' ', ',']) != "0";
                let comma = if value.ends_with(',') { "," } else { "" };
                format!("{key}: \"[n]\"{comma}")
            } else {
                line.to_owned()
            }
        })
        .collect();
    assert!(changed, "the generated code should change:\n{report}");
    redacted.join("\n") + "\n"
}

#[test]
fn history_swagger2_era_to_2025_is_breaking_without_a_bump() {
    let output = xtask_diff(&[OLD, NEW]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    insta::assert_snapshot!("history_text", redact_sizes(&text(&output.stdout)));
}

#[test]
fn history_as_json() {
    let output = xtask_diff(&["--json", OLD, NEW]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    insta::assert_snapshot!("history_json", redact_sizes(&text(&output.stdout)));
}

#[test]
fn the_reverse_direction_adds_back_what_was_removed() {
    let output = xtask_diff(&[NEW, OLD]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    insta::assert_snapshot!("history_reversed", redact_sizes(&text(&output.stdout)));
}

#[test]
fn an_invalid_spec_is_an_error_with_exit_code_2() {
    let output = xtask_diff(&[OLD, "cli/tests/fixtures/diff/invalid.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("invalid.yaml: cannot compare, the spec is invalid")
            && stderr.contains("#/paths/~1things/get/responses/200"),
        "{stderr}"
    );
}

#[test]
fn a_usage_error_has_exit_code_2() {
    let output = xtask_diff(&["a.yaml", "b.yaml", "c.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("openapi-client-gen diff [OLD NEW"));
}

#[test]
fn the_committed_spec_against_itself_has_no_changes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let in_git = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["cat-file", "-e", "HEAD:spec/conversations.yaml"])
        .status()
        .is_ok_and(|status| status.success());
    if !in_git {
        // As in drift/tests/upstream.rs: a clone without history passes,
        // CI (which has it) never does without comparing.
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !ci,
            "CI=true, and this is not a git checkout with a committed spec"
        );
        eprintln!("skipped: not a git checkout with a committed spec");
        return;
    }
    let output = xtask_diff(&[
        "--spec",
        "spec/conversations.yaml",
        "--rev",
        "HEAD",
        "--rev",
        "HEAD",
    ]);
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.starts_with(
            "API diff: HEAD:spec/conversations.yaml -> HEAD:spec/conversations.yaml\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("No changes for users of the generated crate."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Summary: 0 breaking, 0 non-breaking"),
        "{stdout}"
    );
}

/// `… | head -1`: a closed stdout is no reason to panic (exit code 101);
/// the exit code still says whether the check passed.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .args(["diff", OLD, NEW])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("it ends");
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}

/// Every command answers `--help` with its flags and exit code 0.
#[test]
fn every_command_has_help() {
    for (args, expected) in [
        (&["--help"][..], &["codegen", "diff", "drift"][..]),
        (
            &["codegen", "--help"][..],
            &[
                "--spec",
                "--out",
                "--crate-name",
                "--smoke-tests",
                "--force",
                "--check",
            ][..],
        ),
        (
            &["diff", "--help"][..],
            &["--rev", "--since-release", "--json", "--spec"][..],
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
            .args(args)
            .output()
            .expect("the binary runs");
        let stdout = text(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {stdout}{}",
            text(&output.stderr)
        );
        for flag in expected {
            assert!(stdout.contains(flag), "{args:?} lacks {flag}: {stdout}");
        }
    }
}

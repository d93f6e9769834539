//! End-to-end tests of `cargo xtask drift`: the binary against Brevo's newest
//! Conversations definition beside the repository (`../shared/upstream/`),
//! and against a copy of it with one field taken out.
//!
//! Where that file is missing the tests say so and pass, but with `CI=true`
//! they fail: CI must never pass without having compared anything.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `openapi-client-gen drift spec/conversations.yaml UPSTREAM`, from the
/// repository's root.
fn drift(upstream: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .arg("drift")
        .arg("spec/conversations.yaml")
        .arg(upstream)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("the binary runs")
}

/// The newest upstream file, or `None` after saying why (a failure under CI).
fn upstream() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/upstream");
    match spec_drift::newest_upstream(&dir) {
        Ok(Some(path)) => Some(path),
        other => {
            let why = format!(
                "no upstream Conversations file in {}: {other:?}",
                dir.display()
            );
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "CI=true: {why}"
            );
            eprintln!("skipped: {why}");
            None
        }
    }
}

#[test]
fn our_spec_has_no_drift_from_the_newest_upstream_file() {
    let Some(file) = upstream() else { return };
    let output = drift(&file);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("drift: 0 differences"), "{text}");
}

#[test]
fn a_field_missing_upstream_is_one_precise_line_and_exit_code_1() {
    let Some(file) = upstream() else { return };
    let text = std::fs::read_to_string(&file).expect("readable");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let removed = json
        .pointer_mut("/components/schemas/ConversationsMessage/properties")
        .and_then(|p| p.as_object_mut())
        .and_then(|p| p.remove("agentName"));
    assert!(
        removed.is_some(),
        "upstream has ConversationsMessage.agentName"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let changed = dir.path().join("brevo-conversations-2099-01.json");
    std::fs::write(&changed, json.to_string()).expect("write");
    let output = drift(&changed);
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{report}");
    let line = report
        .lines()
        .find(|line| line.contains("agentName"))
        .unwrap_or_else(|| panic!("no line names agentName:\n{report}"));
    assert!(line.contains("ConversationsMessage"), "{line}");
}

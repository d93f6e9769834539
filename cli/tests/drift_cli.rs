//! End-to-end tests of `drift`: the binary against Brevo's newest
//! Conversations definition beside the repository (`../shared/upstream/`)
//! with the repository's excuse list, without it, and against a copy with
//! one field taken out; and an excuse file it must refuse.
//!
//! Where the upstream file is missing the tests that need it say so and
//! pass, but with `CI=true` they fail: CI must never pass without having
//! compared anything.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `openapi-client-gen drift spec/conversations.yaml UPSTREAM --excuses
/// spec/drift-excuses.yaml`, from the repository's root.
fn drift(upstream: &Path) -> Output {
    drift_with(upstream, &["--excuses", "spec/drift-excuses.yaml"])
}

/// `openapi-client-gen drift spec/conversations.yaml UPSTREAM ARGS...`.
fn drift_with(upstream: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .arg("drift")
        .arg("spec/conversations.yaml")
        .arg(upstream)
        .args(args)
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
    assert!(
        text.contains("[operation-ids: Brevo's definition has no operationIds"),
        "the excused differences are listed with their reasons:\n{text}"
    );
}

#[test]
fn without_an_excuse_list_every_difference_is_reported() {
    let Some(file) = upstream() else { return };
    let output = drift_with(&file, &[]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.lines().any(|line| line.starts_with(
            "#/paths/~1conversations~1messages/post/operationId (ours) vs #/paths/~1conversations~1messages/post (upstream): operationId"
        )),
        "{text}"
    );
    assert!(text.contains(" differences, 0 intentional\n"), "{text}");
}

#[test]
fn a_bad_excuse_file_is_refused_naming_the_file_and_the_entry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, "openapi: 3.0.3\npaths: {}\n").expect("write");
    let excuses = dir.path().join("excuses.yaml");
    std::fs::write(
        &excuses,
        "excuses:\n  - id: titles\n    kind: title_added\n    ours: '#/**/title'\n    upstream: '#/**'\n    reason: names types\n  - id: ids\n    kind: operation_ids\n    ours: '#/**'\n    upstream: '#/**'\n    reason: none upstream\n",
    )
    .expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
        .arg("drift")
        .args([&spec, &spec])
        .arg("--excuses")
        .arg(&excuses)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "openapi-client-gen drift: {}: excuse 2 (`ids`): unknown kind `operation_ids`; the kinds are ",
            excuses.display()
        )),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
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

//! Our `spec/conversations.yaml` against the newest upstream Conversations
//! definition in `../shared/upstream/` (beside the repository), with the
//! repository's excuse list, `spec/drift-excuses.yaml`.
//!
//! Where that folder or file is missing, the tests print why and pass, as the
//! whole-Brevo step of `.ci/run` does, so that a clone without `../shared`
//! still runs `cargo test --workspace`; but with `CI=true` in the
//! environment a missing file fails them, so that CI never passes without
//! having compared anything. (`#[ignore]` would do the opposite harm: the
//! comparison would not run by default even where the file is there.)

use std::path::{Path, PathBuf};

use spec_drift::{
    compare_with, newest_upstream, render, render_with_intentional, Document, Excuses, Kind,
    Options, Report,
};

/// The repository's root: the parent of this crate.
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate lies in the repository")
        .to_path_buf()
}

/// Our spec against `upstream`, excusing what `spec/drift-excuses.yaml`
/// lists, as `cargo xtask drift` compares them.
fn compare(ours: &Document, upstream: &Document) -> Report {
    let path = repository().join("spec/drift-excuses.yaml");
    let options = Options {
        excuses: Excuses::load(&path).unwrap_or_else(|e| panic!("{e}")),
        ..Options::default()
    };
    compare_with(ours, upstream, &options)
}

fn ours() -> Document {
    let path = repository().join("spec/conversations.yaml");
    Document::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// The newest upstream file in `dir`; `Ok(None)` (after saying why) when
/// there is none and `ci` is false, an error when there is none under CI.
fn upstream_in(dir: &Path, ci: bool) -> Result<Option<Document>, String> {
    let found = match newest_upstream(dir) {
        Ok(Some(path)) => Ok(path),
        Ok(None) => Err(format!(
            "no brevo-conversations-<date>.json in {}",
            dir.display()
        )),
        Err(error) => Err(format!("{}: {error}", dir.display())),
    };
    match found {
        Ok(path) => Document::load(&path).map(Some).map_err(|e| e.to_string()),
        Err(why) if ci => Err(format!(
            "CI=true, and the upstream definition is missing: {why}"
        )),
        Err(why) => {
            eprintln!("skipped: {why}");
            Ok(None)
        }
    }
}

/// The newest upstream file beside the repository (see [`upstream_in`]).
fn upstream() -> Option<Document> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    upstream_in(&repository().join("../shared/upstream"), ci).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_missing_upstream_fails_under_ci_and_is_skipped_elsewhere() {
    let nowhere = repository().join("target/no-such-upstream-folder");
    let error = upstream_in(&nowhere, true).expect_err("CI=true needs the file");
    assert!(
        error.starts_with("CI=true, and the upstream definition is missing: "),
        "{error}"
    );
    assert_eq!(upstream_in(&nowhere, false), Ok(None));
}

fn show(report: &Report) -> String {
    render_with_intentional(report)
}

#[test]
fn our_spec_has_no_drift_from_the_newest_upstream() {
    let Some(upstream) = upstream() else {
        return;
    };
    let report = compare(&ours(), &upstream);
    assert!(
        report.is_clean(),
        "spec/conversations.yaml differs from {}:\n{}",
        upstream.name(),
        render(&report)
    );
    assert!(
        report.unused.is_empty(),
        "intentional entries that match nothing (remove them, or fix their patterns):\n{}",
        show(&report)
    );
    // Every entry excuses something, and these are the counts by kind; a
    // change here means the spec's relation to upstream changed.
    let count = |kind: Kind| {
        report
            .intentional
            .iter()
            .filter(|e| e.difference.kind == kind)
            .count()
    };
    assert_eq!(count(Kind::OperationIdAdded), 10, "{}", show(&report));
    assert_eq!(count(Kind::CompositionAdded), 3, "{}", show(&report));
    assert_eq!(count(Kind::TypeAdded), 3, "{}", show(&report));
    assert_eq!(count(Kind::NullableAdded), 2, "{}", show(&report));
    eprintln!("{}", render(&report));
}

#[test]
fn a_field_removed_from_our_spec_is_named_precisely() {
    let Some(upstream) = upstream() else {
        return;
    };
    let mut ours = ours();
    let removed = ours
        .root_mut()
        .pointer_mut("/components/schemas/ConversationsMessage/properties")
        .and_then(|properties| properties.as_object_mut())
        .and_then(|properties| properties.remove("rawUnsafeHtml"));
    assert!(removed.is_some(), "ConversationsMessage has rawUnsafeHtml");
    let report = compare(&ours, &upstream);
    let line = "#/components/schemas/ConversationsMessage/properties (ours) vs \
                #/components/schemas/ConversationsMessage/properties/rawUnsafeHtml (upstream): \
                field `rawUnsafeHtml` missing in ours";
    assert_eq!(
        render(&report),
        format!(
            "{line}\ndrift: 1 difference, {} intentional\n",
            report.intentional.len()
        )
    );
}

#[test]
fn a_nested_field_and_a_body_field_removed_are_named_precisely() {
    let Some(upstream) = upstream() else {
        return;
    };
    let mut ours = ours();
    let root = ours.root_mut();
    let attachment =
        "/components/schemas/ConversationsMessage/properties/attachments/items/properties";
    let body = "/paths/~1conversations~1visitorGroup/put/requestBody/content/application~1json/schema/properties";
    for (at, field) in [(attachment, "isSticker"), (body, "groupId")] {
        let removed = root
            .pointer_mut(at)
            .and_then(|p| p.as_object_mut())
            .and_then(|p| p.remove(field));
        assert!(removed.is_some(), "{at}/{field}");
    }
    let report = compare(&ours, &upstream);
    let lines: Vec<String> = report.differences.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            format!("#{attachment} (ours) vs #{attachment}/isSticker (upstream): field `isSticker` missing in ours"),
            format!("#{body} (ours) vs #{body}/groupId (upstream): field `groupId` missing in ours"),
        ],
        "{}",
        show(&report)
    );
}

//! Snapshot tests of the semantic diff: each case of
//! `tests/fixtures/cases.yaml` is `base.yaml` with one kind of change (its
//! edits written there), and its report against `base.yaml` is snapshotted, so each snapshot shows how that
//! change is classed (breaking or not) and what the version check says.
//!
//! Review changes with `cargo insta review`, or accept them with
//! `INSTA_UPDATE=always cargo test -p api-diff --test diff`.

#[path = "support/fixtures.rs"]
mod fixtures;

use api_diff::{ChangeKind, Impact, Report};
use codegen::ir::Api;

fn api(name: &str) -> Api {
    api_diff::lower_spec(&fixtures::spec(name))
        .unwrap_or_else(|e| panic!("{name} is invalid:\n{e}"))
}

/// The report of `base.yaml` against `<case>.yaml`.
fn report(case: &str) -> Report {
    let new = format!("{case}.yaml");
    Report::new("base.yaml", &api("base.yaml"), &new, &api(&new)).expect("valid versions")
}

/// Snapshots the text report of `case` and returns the report.
fn snapshot(case: &str) -> Report {
    let report = report(case);
    insta::assert_snapshot!(case, report.to_text());
    report
}

/// The kinds and impacts found, in report order.
fn kinds(report: &Report) -> Vec<(ChangeKind, Impact)> {
    report
        .diff
        .changes
        .iter()
        .map(|c| (c.kind, c.impact))
        .collect()
}

use ChangeKind::*;
use Impact::{Breaking, NonBreaking};

#[test]
fn field_added_optional_is_not_breaking() {
    let report = snapshot("field_added_optional");
    assert_eq!(
        kinds(&report),
        [(FieldAdded, NonBreaking), (FieldAdded, NonBreaking)]
    );
    assert!(report.passes());
}

#[test]
fn field_added_required_breaks_requests_only() {
    let report = snapshot("field_added_required");
    assert_eq!(
        kinds(&report),
        [(FieldAdded, Breaking), (FieldAdded, NonBreaking)]
    );
    assert!(!report.passes());
}

#[test]
fn field_removed_is_breaking() {
    let report = snapshot("field_removed");
    assert_eq!(
        kinds(&report),
        [(FieldRemoved, Breaking), (FieldRemoved, Breaking)]
    );
}

#[test]
fn field_renamed_is_one_breaking_change() {
    let report = snapshot("field_renamed");
    assert_eq!(kinds(&report), [(FieldRenamed, Breaking)]);
}

#[test]
fn field_type_changed_is_breaking() {
    let report = snapshot("field_type_changed");
    assert_eq!(
        kinds(&report),
        [
            (FieldTypeChanged, Breaking),
            (FieldFormatChanged, NonBreaking)
        ]
    );
}

#[test]
fn field_optional_to_required_and_back_is_breaking() {
    let report = snapshot("field_required_changed");
    assert_eq!(
        kinds(&report),
        [
            (FieldRequiredChanged, Breaking),
            (FieldRequiredChanged, Breaking)
        ]
    );
}

#[test]
fn enum_value_added_is_not_breaking() {
    let report = snapshot("enum_value_added");
    assert_eq!(
        kinds(&report),
        [(EnumValueAdded, NonBreaking), (EnumValueAdded, NonBreaking)]
    );
}

#[test]
fn enum_value_removed_is_breaking() {
    let report = snapshot("enum_value_removed");
    assert_eq!(
        kinds(&report),
        [(EnumValueRemoved, Breaking), (EnumValueRemoved, Breaking)]
    );
    assert!(!report.passes());
}

#[test]
fn breaking_changes_pass_with_the_minor_bump() {
    let report = snapshot("breaking_with_bump");
    assert_eq!(report.diff.breaking(), 2);
    assert!(report.passes());
}

#[test]
fn operation_added_is_not_breaking() {
    let report = snapshot("operation_added");
    assert_eq!(kinds(&report), [(OperationAdded, NonBreaking)]);
}

#[test]
fn operation_removed_is_breaking() {
    let report = snapshot("operation_removed");
    assert_eq!(kinds(&report), [(OperationRemoved, Breaking)]);
}

#[test]
fn operation_renamed_is_breaking() {
    let report = snapshot("operation_renamed");
    assert_eq!(kinds(&report), [(OperationRenamed, Breaking)]);
}

#[test]
fn path_changed_is_breaking() {
    let report = snapshot("path_changed");
    assert_eq!(kinds(&report), [(PathChanged, Breaking)]);
}

#[test]
fn path_parameter_renamed_is_not_breaking() {
    let report = snapshot("path_param_renamed");
    assert_eq!(kinds(&report), [(ParamRenamed, NonBreaking)]);
}

/// An optional parameter is a setter of the request builder: existing
/// calls do not change.
#[test]
fn an_optional_parameter_added_is_not_breaking() {
    let report = snapshot("param_added");
    assert_eq!(kinds(&report), [(ParamAdded, NonBreaking)]);
}

/// A required parameter is an argument of the method.
#[test]
fn a_required_parameter_added_is_breaking() {
    let report = snapshot("param_added_required");
    assert_eq!(kinds(&report), [(ParamAdded, Breaking)]);
}

#[test]
fn body_required_changed_is_breaking() {
    let report = snapshot("body_required_changed");
    assert_eq!(kinds(&report), [(BodyRequiredChanged, Breaking)]);
}

#[test]
fn response_code_changed_is_not_breaking() {
    let report = snapshot("response_code_changed");
    assert_eq!(
        kinds(&report),
        [
            (SuccessStatusChanged, NonBreaking),
            (ErrorResponseRemoved, NonBreaking),
            (ErrorResponseAdded, NonBreaking)
        ]
    );
}

#[test]
fn a_bodiless_success_next_to_a_body_changes_no_signature() {
    // Bodies are `Option<T>` whatever the statuses, so a 204 added next to
    // a 200 with a body is a status change only.
    let report = snapshot("success_may_be_empty");
    assert_eq!(kinds(&report), [(SuccessStatusChanged, NonBreaking)]);
}

#[test]
fn success_body_removed_changes_the_return_type() {
    let report = snapshot("success_type_changed");
    assert_eq!(
        kinds(&report),
        [
            (SuccessTypeChanged, Breaking),
            (SuccessStatusChanged, NonBreaking),
            (DescriptionChanged, NonBreaking)
        ]
    );
}

#[test]
fn security_scheme_removed_is_breaking() {
    let report = snapshot("security_scheme_removed");
    assert_eq!(kinds(&report), [(SecuritySchemeRemoved, Breaking)]);
}

#[test]
fn type_renamed_is_reported_with_the_fields_that_use_it() {
    let report = snapshot("type_renamed");
    assert_eq!(
        kinds(&report),
        [
            (TypeRenamed, Breaking),
            (FieldTypeChanged, Breaking),
            (FieldTypeChanged, Breaking)
        ]
    );
}

#[test]
fn description_changes_are_documentation_only() {
    let report = snapshot("description_changed");
    assert_eq!(report.diff.breaking(), 0);
    assert!(report
        .diff
        .changes
        .iter()
        .all(|c| c.kind == DescriptionChanged));
    assert!(report.passes());
}

#[test]
fn untagged_enum_variant_added_last_is_compatible_and_ahead_breaks_readers() {
    let report = Report::new(
        "union_base.yaml",
        &api("union_base.yaml"),
        "union_changed.yaml",
        &api("union_changed.yaml"),
    )
    .expect("valid versions");
    insta::assert_snapshot!("union_variant_added", report.to_text());
    assert_eq!(
        kinds(&report),
        [
            (VariantAdded, NonBreaking),
            (TypeAdded, NonBreaking),
            (VariantAdded, NonBreaking)
        ]
    );
    assert!(
        report.passes(),
        "compatible: the minor bump is more than enough"
    );

    let ahead = Report::new(
        "union_base.yaml",
        &api("union_base.yaml"),
        "union_changed_ahead.yaml",
        &api("union_changed_ahead.yaml"),
    )
    .expect("valid versions");
    insta::assert_snapshot!("union_variant_added_ahead", ahead.to_text());
    assert!(
        kinds(&ahead).contains(&(VariantAdded, Breaking)),
        "{}",
        ahead.to_text()
    );
    assert!(!ahead.passes(), "1.x needs a major bump");
}

#[test]
fn the_same_spec_as_json_has_no_changes() {
    let report = Report::new(
        "base.yaml",
        &api("base.yaml"),
        "layout_only.json",
        &api("layout_only.json"),
    )
    .expect("valid versions");
    assert!(report.diff.is_empty(), "{}", report.to_text());
    insta::assert_snapshot!("layout_only", report.to_text());
}

#[test]
fn json_report() {
    insta::assert_snapshot!(
        "enum_value_removed_json",
        format!("{:#}", report("enum_value_removed").to_json())
    );
}

/// Brevo's 2026-09 update of our spec (0.1.0 -> 0.2.0, both copied under
/// `tests/fixtures/conversations/`): the three file fields Brevo renamed are
/// reported as renames of the right fields (not paired with the other new
/// fields of the same type), the new operation as added, and the bump the
/// breaking changes need is there.
#[test]
fn brevos_2026_update_reads_renames_as_renames() {
    let report = Report::new(
        "0.1.0",
        &api("conversations/0.1.0.yaml"),
        "0.2.0",
        &api("conversations/0.2.0.yaml"),
    )
    .expect("valid versions");
    let renames: Vec<(&str, &str)> = report
        .diff
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::FieldRenamed)
        .map(|c| (c.subject.as_str(), c.message.as_str()))
        .collect();
    assert_eq!(renames.len(), 3, "{renames:#?}");
    for (subject, renamed_to) in [
        (
            "ConversationsMessageFile.filename",
            "`filename` looks renamed `name`",
        ),
        ("ConversationsMessageFile.url", "`url` looks renamed `link`"),
        (
            "ConversationsMessageFileImageInfo.preview_url",
            "`previewUrl` looks renamed `previewLink`",
        ),
    ] {
        assert!(
            renames
                .iter()
                .any(|(s, message)| *s == subject && message.starts_with(renamed_to)),
            "{subject}: {renames:#?}"
        );
    }
    assert!(report
        .diff
        .changes
        .iter()
        .any(|c| c.kind == ChangeKind::OperationAdded
            && c.subject == "conversations_visitor_group_put"));
    assert_eq!(report.diff.breaking(), 3, "{}", report.to_text());
    assert!(report.passes(), "{}", report.to_text());
    assert!(
        report.summary().starts_with("3 breaking"),
        "{}",
        report.summary()
    );
}

/// The report of `webhook_base.yaml` against `webhook_<case>.yaml`.
fn webhook_report(case: &str) -> Report {
    let new = format!("webhook_{case}.yaml");
    Report::new(
        "webhook_base.yaml",
        &api("webhook_base.yaml"),
        &new,
        &api(&new),
    )
    .expect("valid versions")
}

#[test]
fn a_new_webhook_is_not_breaking_and_a_removed_payload_field_is() {
    let added = webhook_report("added");
    assert!(added.passes(), "{}", added.to_text());
    assert!(kinds(&added).contains(&(WebhookAdded, NonBreaking)));
    assert!(kinds(&added)
        .iter()
        .all(|(_, impact)| *impact == NonBreaking));

    let removed = webhook_report("field_removed");
    assert_eq!(
        kinds(&removed),
        [(FieldRemoved, Breaking)],
        "{}",
        removed.to_text()
    );
    assert!(removed.diff.changes[0].subject.starts_with("NoteShared"));
}

/// With methods by group, an operation moving to another group is called
/// through another handle: breaking whatever the features, one change.
#[test]
fn a_group_move_with_methods_by_group_is_breaking() {
    let (old, new) = ("group_moved_base.yaml", "group_moved.yaml");
    let report = Report::new(old, &api(old), new, &api(new)).expect("valid versions");
    assert_eq!(kinds(&report), [(OperationGroupChanged, Breaking)]);
    let change = &report.diff.changes[0];
    assert_eq!(
        change.message,
        "called as `client.notes().create_note` (was `client.drafts().create_note`), with the feature `notes`"
    );
}

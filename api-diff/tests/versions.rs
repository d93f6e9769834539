//! One API written in two versions of OpenAPI is one API: the diff reads
//! both through the generator's front door and lowering, so a 3.0 document
//! and the same API written as 3.1 differ in nothing, and a real change
//! between them still shows.

use api_diff::{ChangeKind, Report};
use codegen::ir::Api;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/versions")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn api(name: &str, spec: &str) -> Api {
    api_diff::lower_spec(spec.as_bytes()).unwrap_or_else(|e| panic!("{name} is invalid:\n{e}"))
}

fn report(old: &str, new: &str) -> Report {
    let (old_spec, new_spec) = (fixture(old), fixture(new));
    Report::new(old, &api(old, &old_spec), new, &api(new, &new_spec)).expect("valid versions")
}

#[test]
fn a_3_0_document_and_the_same_api_as_3_1_do_not_differ() {
    for (old, new) in [
        ("notes_30.yaml", "notes_31.yaml"),
        ("notes_31.yaml", "notes_30.yaml"),
    ] {
        let report = report(old, new);
        assert!(
            report.diff.is_empty(),
            "{old} -> {new}:\n{}",
            report.to_text()
        );
    }
}

#[test]
fn a_real_change_across_versions_still_shows() {
    // The 3.1 side makes `title` required and no longer nullable, and
    // drops `tags`: those changes, whatever the versions' spellings.
    let changed = fixture("notes_31.yaml")
        .replace("required: [id, kind]", "required: [id, kind, title]")
        .replace("title: {type: [string, \"null\"]}", "title: {type: string}")
        .replace(
            "        tags: {type: [array, \"null\"], items: {type: string}}\n",
            "",
        );
    assert_ne!(changed, fixture("notes_31.yaml"), "the edits apply");
    let old = api("notes_30.yaml", &fixture("notes_30.yaml"));
    let new = api("changed 3.1", &changed);
    let report = Report::new("notes_30.yaml", &old, "changed 3.1", &new).expect("valid versions");
    let kinds: Vec<ChangeKind> = report.diff.changes.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ChangeKind::FieldTypeChanged,
            ChangeKind::FieldRequiredChanged,
            ChangeKind::FieldRemoved
        ],
        "{}",
        report.to_text()
    );
    assert!(report.diff.breaking() > 0, "{}", report.to_text());
}

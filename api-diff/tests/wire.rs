//! Snapshot tests of wire-format changes: each `wire_*.yaml` case of
//! `tests/fixtures/cases.yaml` is `wire_base.yaml` with one change of how a request or response is
//! written (parameter styles, media types, the `Accept` header), of a tagged
//! union's discriminator, of an enum's values or of an open object's map.
//! The fixtures `tests/kinds.rs` snapshots for its table are not repeated
//! here; these are the other cases of the same kinds, each with the kinds
//! and impacts it must report.
//!
//! Review changes with `cargo insta review`, or accept them with
//! `INSTA_UPDATE=always cargo test -p api-diff --test wire`.

#[path = "support/fixtures.rs"]
mod fixtures;

use api_diff::{ChangeKind, Impact, Report};
use codegen::ir::Api;

fn api(name: &str) -> Api {
    api_diff::lower_spec(&fixtures::spec(name))
        .unwrap_or_else(|e| panic!("{name} is invalid:\n{e}"))
}

/// Snapshots the report of `old` against `new` as `case` and returns the
/// kinds and impacts found, in report order.
fn kinds(case: &str, old: &str, new: &str) -> Vec<(ChangeKind, Impact)> {
    let report = Report::new(old, &api(old), new, &api(new)).expect("valid versions");
    insta::assert_snapshot!(case, report.to_text());
    report
        .diff
        .changes
        .iter()
        .map(|c| (c.kind, c.impact))
        .collect()
}

/// `wire_base.yaml` against `wire_<case>.yaml`.
fn from_base(case: &str) -> Vec<(ChangeKind, Impact)> {
    kinds(case, "wire_base.yaml", &format!("wire_{case}.yaml"))
}

use ChangeKind::*;
use Impact::{Breaking, NonBreaking};

#[test]
fn a_list_no_longer_exploded_is_breaking() {
    // `tags=a&tags=b` -> `tags=a,b`.
    assert_eq!(
        from_base("param_explode_changed"),
        [(ParamStyleChanged, Breaking)]
    );
}

#[test]
fn a_query_style_that_writes_a_single_value_alike_is_not_breaking() {
    // `sort=name` in `form` and in `pipeDelimited`.
    assert_eq!(
        from_base("param_style_same_bytes"),
        [(ParamStyleChanged, NonBreaking)]
    );
}

#[test]
fn a_path_style_changes_the_url() {
    // `/items/42/export` -> `/items/.42/export`.
    assert_eq!(
        from_base("path_style_changed"),
        [(ParamStyleChanged, Breaking)]
    );
}

#[test]
fn another_content_type_for_the_same_encoding_is_breaking() {
    assert_eq!(
        from_base("request_content_type_changed"),
        [(RequestMediaTypeChanged, Breaking)]
    );
}

#[test]
fn a_text_body_sent_as_json_is_breaking_with_the_same_argument() {
    assert_eq!(
        from_base("request_text_to_json"),
        [(RequestMediaTypeChanged, Breaking)]
    );
}

#[test]
fn text_read_as_bytes_changes_the_return_type_and_the_decoding() {
    assert_eq!(
        from_base("response_text_to_binary"),
        [
            (SuccessTypeChanged, Breaking),
            (ResponseMediaTypeChanged, Breaking),
            (AcceptChanged, NonBreaking),
        ]
    );
}

#[test]
fn another_json_media_type_is_not_breaking() {
    assert_eq!(
        from_base("response_json_media_type"),
        [
            (ResponseMediaTypeChanged, NonBreaking),
            (AcceptChanged, NonBreaking),
        ]
    );
}

#[test]
fn a_discriminator_gained_is_breaking() {
    assert_eq!(
        kinds(
            "discriminator_gained",
            "wire_discriminator_changed.yaml",
            "wire_base.yaml"
        ),
        [(DiscriminatorChanged, Breaking)]
    );
}

#[test]
fn a_discriminator_on_another_property_is_breaking() {
    assert_eq!(
        from_base("discriminator_property_changed"),
        [(DiscriminatorChanged, Breaking)]
    );
}

#[test]
fn a_tag_that_selects_another_variant_is_breaking() {
    assert_eq!(
        from_base("discriminator_remapped"),
        [(DiscriminatorChanged, Breaking)]
    );
}

#[test]
fn a_variant_sent_with_another_tag_is_breaking() {
    // The mapping's first tag of a variant is the one it is written with.
    assert_eq!(
        from_base("discriminator_sent_tag_changed"),
        [(DiscriminatorChanged, Breaking)]
    );
}

#[test]
fn a_variant_added_to_a_tagged_union_is_not_breaking_even_ahead() {
    // Ahead of the others, which in an untagged union that callers read is
    // breaking (`union_changed_ahead.yaml`).
    assert_eq!(
        from_base("tagged_variant_added"),
        [(VariantAdded, NonBreaking), (TypeAdded, NonBreaking)]
    );
}

#[test]
fn an_integer_enum_of_another_width_is_breaking() {
    assert_eq!(
        from_base("enum_width_changed"),
        [(EnumReprChanged, Breaking)]
    );
}

#[test]
fn a_map_of_additional_properties_gained_is_not_breaking() {
    // `NewItem` is a request body: `new` does not take the map.
    assert_eq!(
        from_base("additional_properties_added"),
        [(FieldAdded, NonBreaking)]
    );
}

#[test]
fn a_map_of_additional_properties_lost_is_breaking() {
    assert_eq!(
        kinds(
            "additional_properties_removed",
            "wire_additional_properties_added.yaml",
            "wire_base.yaml"
        ),
        [(FieldRemoved, Breaking)]
    );
}

//! Every kind of change the diff reports has a fixture that produces it.
//!
//! The table below names, for each [`ChangeKind`], the two versions that
//! show it (most often `base.yaml` and a case of `tests/fixtures/cases.yaml`
//! that is `base.yaml` with one change, named
//! after the kind) and how it is classed. It is written once, through a
//! macro that makes both the list of kinds and an exhaustive `match` on
//! them: a kind added to `ChangeKind` without a row here does not compile.
//! [`every_kind_has_a_fixture_that_produces_it`] then diffs each row's two
//! versions and fails when the kind is not in the report, or not with the
//! impact the row gives.
//!
//! Kinds whose fixtures `tests/diff.rs` already snapshots point at those;
//! the others are snapshotted here (`snapshots/kinds__<kind>.snap`). Review
//! with `cargo insta review`, or accept with `INSTA_UPDATE=always cargo
//! test -p api-diff --test kinds`.

#[path = "support/fixtures.rs"]
mod fixtures;

use api_diff::{ChangeKind, Impact, Report};
use codegen::ir::{Api, TypeDef};

/// Where a row's two versions come from.
#[derive(Clone, Copy)]
enum Versions {
    /// Two fixtures (files or cases, `tests/support/fixtures.rs`), the old
    /// one first.
    Files(&'static str, &'static str),
    /// A fixture, and its lowered API edited the way another version of
    /// the generator would lower it: for the kinds no change of the spec can
    /// produce with one generator.
    Edited(&'static str, fn(&mut Api)),
}

/// One row of the table.
#[derive(Clone, Copy)]
struct Case {
    versions: Versions,
    /// How the change of the row's kind is classed.
    impact: Impact,
    /// Whether this file snapshots the report (`false`: `tests/diff.rs`
    /// does, for the same fixture).
    snapshot: bool,
}

use Impact::{Breaking, NonBreaking};

/// `base.yaml` against `<new>.yaml`, snapshotted here.
const fn new(new: &'static str, impact: Impact) -> Case {
    Case {
        versions: Versions::Files("base.yaml", new),
        impact,
        snapshot: true,
    }
}

/// `old` against `new`, snapshotted here.
const fn pair(old: &'static str, new: &'static str, impact: Impact) -> Case {
    Case {
        versions: Versions::Files(old, new),
        impact,
        snapshot: true,
    }
}

/// `wire_base.yaml` against `<new>.yaml`, snapshotted here: the kinds of
/// wire-format changes (parameter styles, media types, discriminators),
/// which `base.yaml` has no shapes for. `tests/wire.rs` snapshots the
/// other fixtures of that base.
const fn wire(new: &'static str, impact: Impact) -> Case {
    Case {
        versions: Versions::Files("wire_base.yaml", new),
        impact,
        snapshot: true,
    }
}

/// `old` against `new`, already snapshotted by `tests/diff.rs`.
const fn seen(old: &'static str, new: &'static str, impact: Impact) -> Case {
    Case {
        versions: Versions::Files(old, new),
        impact,
        snapshot: false,
    }
}

/// Declares [`ALL`] (every kind, in table order) and [`case`] (an
/// exhaustive `match`) from one table.
macro_rules! cases {
    ($($kind:ident => $case:expr,)+) => {
        /// Every kind of change, in the order of the table.
        const ALL: &[ChangeKind] = &[$(ChangeKind::$kind),+];

        /// The row of `kind`.
        fn case(kind: ChangeKind) -> Case {
            match kind {
                $(ChangeKind::$kind => $case,)+
            }
        }
    };
}

cases! {
    // The API as a whole.
    InfoChanged => new("info_changed.yaml", NonBreaking),
    BaseUrlChanged => new("base_url_changed.yaml", NonBreaking),
    ErrorTypeChanged => new("error_type_changed.yaml", Breaking),
    RateLimitHeadersChanged => new("rate_limit_headers_changed.yaml", NonBreaking),
    SecuritySchemeAdded => new("security_scheme_added.yaml", NonBreaking),
    SecuritySchemeRemoved => seen("base.yaml", "security_scheme_removed.yaml", Breaking),
    SecuritySchemeChanged => new("security_scheme_changed.yaml", Breaking),
    // Operations.
    OperationAdded => seen("base.yaml", "operation_added.yaml", NonBreaking),
    OperationRemoved => seen("base.yaml", "operation_removed.yaml", Breaking),
    OperationRenamed => seen("base.yaml", "operation_renamed.yaml", Breaking),
    // A new type takes the name of `get_note`'s request builder, which
    // steps aside (`GetNoteBuilder2`).
    BuilderRenamed => new("builder_renamed.yaml", Breaking),
    HttpMethodChanged => new("http_method_changed.yaml", Breaking),
    PathChanged => seen("base.yaml", "path_changed.yaml", Breaking),
    ParamAdded => seen("base.yaml", "param_added.yaml", NonBreaking),
    ParamRemoved => new("param_removed.yaml", Breaking),
    // Only path parameters are paired by position; a path parameter is an
    // argument by position too, so calls still compile and the URL is the
    // same. (A renamed query parameter or header changes the request: it is
    // ParamRemoved plus ParamAdded, both breaking.)
    ParamRenamed => seen("base.yaml", "path_param_renamed.yaml", NonBreaking),
    ParamTypeChanged => new("param_type_changed.yaml", Breaking),
    ParamRequiredChanged => pair("param_added.yaml", "param_required_changed.yaml", Breaking),
    ParamsReordered => pair("params_reordered_base.yaml", "params_reordered.yaml", Breaking),
    // `tags=a&tags=b` -> `tags=a%7Cb`. A style change that writes every
    // value alike (a single value in any query style) is not breaking
    // (tests/wire.rs).
    ParamStyleChanged => wire("wire_param_style_changed.yaml", Breaking),
    BodyAdded => new("body_added.yaml", NonBreaking),
    BodyRemoved => new("body_removed.yaml", Breaking),
    BodyTypeChanged => new("body_type_changed.yaml", Breaking),
    BodyRequiredChanged => seen("base.yaml", "body_required_changed.yaml", Breaking),
    // JSON -> URL-encoded form, the argument still `&NewItem`.
    RequestMediaTypeChanged => wire("wire_request_media_type_changed.yaml", Breaking),
    SuccessStatusChanged => seen("base.yaml", "response_code_changed.yaml", NonBreaking),
    SuccessTypeChanged => seen("base.yaml", "success_type_changed.yaml", Breaking),
    // `text/csv` -> `text/tab-separated-values`: still a `String`, in
    // another format. Another JSON media type is not breaking
    // (tests/wire.rs).
    ResponseMediaTypeChanged => wire("wire_response_media_type_changed.yaml", Breaking),
    // An error response documents one more media type; nothing else.
    AcceptChanged => wire("wire_accept_changed.yaml", NonBreaking),
    ErrorResponseAdded => seen("base.yaml", "response_code_changed.yaml", NonBreaking),
    ErrorResponseRemoved => seen("base.yaml", "response_code_changed.yaml", NonBreaking),
    ErrorResponseChanged => new("error_response_changed.yaml", NonBreaking),
    RetryPolicyChanged => new("retry_policy_changed.yaml", NonBreaking),
    HeartbeatAdded => new("heartbeat_added.yaml", NonBreaking),
    // The base has no heartbeat to remove: the other direction of the row
    // above.
    HeartbeatRemoved => pair("heartbeat_added.yaml", "base.yaml", Breaking),
    HeartbeatChanged => pair("heartbeat_added.yaml", "heartbeat_changed.yaml", Breaking),
    // `createNote` moves from no group into `x-group: Drafts`.
    OperationGroupChanged => new("operation_group_changed.yaml", Breaking),
    // Flat methods -> methods by group (`x-group-methods: true`, and a
    // third operation).
    MethodsByGroupChanged => pair("operation_group_changed.yaml", "group_moved_base.yaml", Breaking),
    // Types.
    TypeAdded => seen("union_base.yaml", "union_changed.yaml", NonBreaking),
    TypeRemoved => new("type_removed.yaml", Breaking),
    TypeRenamed => seen("base.yaml", "type_renamed.yaml", Breaking),
    TypeKindChanged => new("type_kind_changed.yaml", Breaking),
    FieldAdded => seen("base.yaml", "field_added_optional.yaml", NonBreaking),
    FieldRemoved => seen("base.yaml", "field_removed.yaml", Breaking),
    FieldRenamed => seen("base.yaml", "field_renamed.yaml", Breaking),
    FieldTypeChanged => seen("base.yaml", "field_type_changed.yaml", Breaking),
    FieldRequiredChanged => seen("base.yaml", "field_required_changed.yaml", Breaking),
    FieldFormatChanged => seen("base.yaml", "field_type_changed.yaml", NonBreaking),
    FieldKindChanged => new("field_kind_changed.yaml", Breaking),
    ConstructorReordered => new("constructor_reordered.yaml", Breaking),
    EnumValueAdded => seen("base.yaml", "enum_value_added.yaml", NonBreaking),
    EnumValueRemoved => seen("base.yaml", "enum_value_removed.yaml", Breaking),
    // A variant's name is a function of its value, so within one generator
    // only a change of the naming rules renames one.
    EnumVariantRenamed => Case {
        versions: Versions::Edited("base.yaml", rename_color_variant),
        impact: Breaking,
        snapshot: true,
    },
    // Integer -> string values.
    EnumReprChanged => wire("wire_enum_repr_changed.yaml", Breaking),
    AliasTargetChanged => pair("type_kind_changed.yaml", "alias_target_changed.yaml", Breaking),
    VariantAdded => seen("union_base.yaml", "union_changed.yaml", NonBreaking),
    VariantRemoved => pair("union_changed.yaml", "variant_removed.yaml", Breaking),
    VariantChanged => pair("union_base.yaml", "variant_changed.yaml", Breaking),
    VariantsReordered => pair("union_base.yaml", "variants_reordered.yaml", Breaking),
    // The discriminator removed; tests/wire.rs has it gained, on another
    // property, a tag selecting another variant and a variant sent with
    // another tag.
    DiscriminatorChanged => wire("wire_discriminator_changed.yaml", Breaking),
    DiscriminatorValueAdded => wire("wire_discriminator_value_added.yaml", NonBreaking),
    DiscriminatorValueRemoved => wire("wire_discriminator_value_removed.yaml", Breaking),
    DocAliasesChanged => new("doc_aliases_changed.yaml", NonBreaking),
    DescriptionChanged => seen("base.yaml", "description_changed.yaml", NonBreaking),
    // Webhooks.
    WebhookAdded => pair("webhook_base.yaml", "webhook_added.yaml", NonBreaking),
    WebhookRemoved => pair("webhook_added.yaml", "webhook_base.yaml", Breaking),
    WebhookPayloadChanged => pair("webhook_base.yaml", "webhook_payload_changed.yaml", Breaking),
    // The same fixture: `Note` has no `event`, so `from_slice` is gone.
    WebhookEventNameChanged => pair("webhook_base.yaml", "webhook_payload_changed.yaml", Breaking),
    WebhookCheckAdded => pair("webhook_base.yaml", "webhook_check_added.yaml", NonBreaking),
    WebhookCheckRemoved => pair("webhook_check_added.yaml", "webhook_check_removed.yaml", Breaking),
}

/// `Color::Yellow` named `Color::Amber`, its value still `yellow`.
fn rename_color_variant(api: &mut Api) {
    let Some(TypeDef::Enum(color)) = api.types.get_mut("Color") else {
        panic!("base.yaml has the enum `Color`")
    };
    for variant in &mut color.variants {
        if variant.wire_name == "yellow" {
            variant.rust_name = "Amber".to_owned();
        }
    }
}

fn api(name: &str) -> Api {
    api_diff::lower_spec(&fixtures::spec(name))
        .unwrap_or_else(|e| panic!("{name} is invalid:\n{e}"))
}

/// The report of a row's two versions.
fn report(case: Case) -> Report {
    let (old_label, old, new_label, new) = match case.versions {
        Versions::Files(old, new) => (old.to_owned(), api(old), new.to_owned(), api(new)),
        Versions::Edited(fixture, edit) => {
            let old = api(fixture);
            let mut new = old.clone();
            edit(&mut new);
            (fixture.to_owned(), old, format!("{fixture} (edited)"), new)
        }
    };
    Report::new(&old_label, &old, &new_label, &new).expect("valid versions")
}

#[test]
fn every_kind_has_a_fixture_that_produces_it() {
    let mut missing = Vec::new();
    for &kind in ALL {
        let case = case(kind);
        let report = report(case);
        let found = report
            .diff
            .changes
            .iter()
            .any(|change| change.kind == kind && change.impact == case.impact);
        if !found {
            missing.push(format!(
                "{}: no {:?} change in\n{}",
                kind.as_str(),
                case.impact,
                report.to_text()
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "kinds without a fixture that produces them:\n{}",
        missing.join("\n")
    );
}

#[test]
fn reports_of_the_new_fixtures() {
    for &kind in ALL {
        let case = case(kind);
        if case.snapshot {
            insta::assert_snapshot!(kind.as_str(), report(case).to_text());
        }
    }
}

//! Semantic diff: what changed between two versions of a spec, for users of
//! the generated crate.
//!
//! Both versions are compared through the generator's IR ([`codegen::ir`]), so a change is
//! named the way callers see it (`ErrorModelCode`, `update_message`)
//! and layout-only edits of the YAML produce nothing. [`diff`] returns every
//! [`Change`], each classed as breaking or not; [`Report`] adds the crate
//! version check and renders text or JSON. Nothing here reads files.
//!
//! # What is breaking
//!
//! A change is breaking when code that builds requests and reads responses
//! with the old crate may stop compiling, or when the same call sends a
//! different request:
//!
//! - a removed or renamed operation, type, field, enum value, parameter or
//!   security scheme; a changed HTTP method or path; a change to a method's
//!   required arguments (one added, removed, retyped or reordered), a
//!   parameter or body that moves between argument and setter (made
//!   optional or required), a removed, retyped or renamed setter of an
//!   optional input, or a change to the return type;
//! - a parameter's `style` or `explode` that writes its value differently
//!   (`form, explode` -> `pipeDelimited` for a list: `tags=a&tags=b` becomes
//!   `tags=a%7Cb`);
//! - a request body sent in another encoding or with another
//!   `content-type` (JSON -> URL-encoded form, `application/json` ->
//!   `application/merge-patch+json`), even when the argument is unchanged;
//! - a success body read another way (JSON, text or bytes), or a text or
//!   bytes body documented in another media type (`text/csv` ->
//!   `text/tab-separated-values`): the method hands it over as it came, so
//!   callers get another format;
//! - a field whose type changed, or that became optional or required (the
//!   crate writes optional fields as `Option<T>`); a map of additional
//!   properties removed;
//! - a new required field in a type callers build (its `new` constructor
//!   takes one more argument);
//! - an enum whose values are of another JSON or Rust type (strings <->
//!   integers, `i32` -> `i64`): the wire form, `value()` and `Unknown` change;
//! - in an untagged enum (`oneOf`) that callers read: a new variant ahead
//!   of older ones, or a new order of the variants (decoding tries them in
//!   order, so a value that decoded as one may now decode as another);
//! - a discriminator gained, lost or on another property (the `Unknown`
//!   variant, `tag()`, decoding and encoding change); a tag value removed
//!   (its values decode as `Unknown`), one that selects another variant, or
//!   a variant written with another tag.
//!
//! Not breaking: new operations, types and optional fields; a new optional
//! parameter or body (one more setter on the request builder: existing calls
//! are unchanged), optional inputs in another order, and a required
//! argument renamed (arguments are positional); a new required
//! field in a type that is only read; a new map of additional properties (it
//! starts empty, `new` is unchanged); new enum values (generated enums keep
//! unknown values in `Unknown`, so new ones never broke decoding); a variant
//! added last to an untagged enum, and any new variant, new tag value or new
//! order of a tagged one (decoding follows the tag; unknown tags decode to
//! `Unknown`; enums are `#[non_exhaustive]`); a parameter style that writes
//! every value alike (a single value is `name=value` in every query style);
//! a JSON success body documented in another JSON media type (its type is
//! compared on its own); the `Accept` header, which only lists the media
//! types the responses document; new or removed error statuses and changed
//! success statuses (every 2xx is a success and every other status an
//! `Error::Api`); descriptions, formats, doc aliases, the default base URL
//! and the retry policy.
//!
//! Webhooks: a new webhook is not breaking (`webhooks::Event` is
//! `#[non_exhaustive]`, and its events decoded as `Unknown` before); a
//! removed one, a payload of another type, a check removed or an event name
//! read from another property is. A field removed from a payload is a
//! field removed from a type, like any other.

mod api;
mod operations;
mod rename;
mod report;
mod types;
mod unions;
mod usage;
mod version;
mod webhooks;

pub use report::{CodeSize, Report};
pub use version::{
    breaking_rule, is_compatible, next_breaking, next_patch, Verdict, Version, VersionCheck,
    VersionError, DEFAULT_CRATE_VERSION,
};

use codegen::ir::{Api, TypeRef};

/// Which part of the API a change is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The API as a whole: base URL, error type, `info`.
    Api,
    /// Security schemes: the client builder's key methods.
    Auth,
    /// Operations: the client's methods.
    Operations,
    /// Types: the request and response structs and enums.
    Types,
    /// Webhooks: the `webhooks` module's events and checks.
    Webhooks,
}

impl Section {
    /// The heading of the section in text reports.
    pub fn title(self) -> &'static str {
        match self {
            Self::Api => "API",
            Self::Auth => "Authentication",
            Self::Operations => "Operations",
            Self::Types => "Types",
            Self::Webhooks => "Webhooks",
        }
    }

    /// The section's name in JSON reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Auth => "auth",
            Self::Operations => "operations",
            Self::Types => "types",
            Self::Webhooks => "webhooks",
        }
    }
}

/// Whether a change breaks users of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Code written against the old crate may not compile, or sends a
    /// different request.
    Breaking,
    /// Code written against the old crate keeps working.
    NonBreaking,
}

/// What kind of change was found; its JSON name is [`ChangeKind::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)] // each variant is named after exactly what it reports
pub enum ChangeKind {
    InfoChanged,
    BaseUrlChanged,
    ErrorTypeChanged,
    RateLimitHeadersChanged,
    SecuritySchemeAdded,
    SecuritySchemeRemoved,
    SecuritySchemeChanged,
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    BuilderRenamed,
    HttpMethodChanged,
    PathChanged,
    ParamAdded,
    ParamRemoved,
    ParamRenamed,
    ParamTypeChanged,
    ParamRequiredChanged,
    ParamStyleChanged,
    ParamsReordered,
    BodyAdded,
    BodyRemoved,
    BodyTypeChanged,
    BodyRequiredChanged,
    RequestMediaTypeChanged,
    SuccessStatusChanged,
    SuccessTypeChanged,
    ResponseMediaTypeChanged,
    AcceptChanged,
    ErrorResponseAdded,
    ErrorResponseRemoved,
    ErrorResponseChanged,
    RetryPolicyChanged,
    HeartbeatAdded,
    HeartbeatRemoved,
    HeartbeatChanged,
    OperationGroupChanged,
    MethodsByGroupChanged,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeKindChanged,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldTypeChanged,
    FieldRequiredChanged,
    FieldFormatChanged,
    FieldKindChanged,
    ConstructorReordered,
    EnumValueAdded,
    EnumValueRemoved,
    EnumVariantRenamed,
    EnumReprChanged,
    AliasTargetChanged,
    VariantAdded,
    VariantRemoved,
    VariantChanged,
    VariantsReordered,
    DiscriminatorChanged,
    DiscriminatorValueAdded,
    DiscriminatorValueRemoved,
    DocAliasesChanged,
    DescriptionChanged,
    WebhookAdded,
    WebhookRemoved,
    WebhookPayloadChanged,
    WebhookEventNameChanged,
    WebhookCheckAdded,
    WebhookCheckRemoved,
}

impl ChangeKind {
    /// The kind's stable snake-case name, used in JSON reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InfoChanged => "info_changed",
            Self::BaseUrlChanged => "base_url_changed",
            Self::ErrorTypeChanged => "error_type_changed",
            Self::RateLimitHeadersChanged => "rate_limit_headers_changed",
            Self::SecuritySchemeAdded => "security_scheme_added",
            Self::SecuritySchemeRemoved => "security_scheme_removed",
            Self::SecuritySchemeChanged => "security_scheme_changed",
            Self::OperationAdded => "operation_added",
            Self::OperationRemoved => "operation_removed",
            Self::OperationRenamed => "operation_renamed",
            Self::BuilderRenamed => "builder_renamed",
            Self::HttpMethodChanged => "http_method_changed",
            Self::PathChanged => "path_changed",
            Self::ParamAdded => "param_added",
            Self::ParamRemoved => "param_removed",
            Self::ParamRenamed => "param_renamed",
            Self::ParamTypeChanged => "param_type_changed",
            Self::ParamRequiredChanged => "param_required_changed",
            Self::ParamStyleChanged => "param_style_changed",
            Self::ParamsReordered => "params_reordered",
            Self::BodyAdded => "body_added",
            Self::BodyRemoved => "body_removed",
            Self::BodyTypeChanged => "body_type_changed",
            Self::BodyRequiredChanged => "body_required_changed",
            Self::RequestMediaTypeChanged => "request_media_type_changed",
            Self::SuccessStatusChanged => "success_status_changed",
            Self::SuccessTypeChanged => "success_type_changed",
            Self::ResponseMediaTypeChanged => "response_media_type_changed",
            Self::AcceptChanged => "accept_changed",
            Self::ErrorResponseAdded => "error_response_added",
            Self::ErrorResponseRemoved => "error_response_removed",
            Self::ErrorResponseChanged => "error_response_changed",
            Self::RetryPolicyChanged => "retry_policy_changed",
            Self::HeartbeatAdded => "heartbeat_added",
            Self::HeartbeatRemoved => "heartbeat_removed",
            Self::HeartbeatChanged => "heartbeat_changed",
            Self::OperationGroupChanged => "operation_group_changed",
            Self::MethodsByGroupChanged => "methods_by_group_changed",
            Self::TypeAdded => "type_added",
            Self::TypeRemoved => "type_removed",
            Self::TypeRenamed => "type_renamed",
            Self::TypeKindChanged => "type_kind_changed",
            Self::FieldAdded => "field_added",
            Self::FieldRemoved => "field_removed",
            Self::FieldRenamed => "field_renamed",
            Self::FieldTypeChanged => "field_type_changed",
            Self::FieldRequiredChanged => "field_required_changed",
            Self::FieldFormatChanged => "field_format_changed",
            Self::FieldKindChanged => "field_kind_changed",
            Self::ConstructorReordered => "constructor_reordered",
            Self::EnumValueAdded => "enum_value_added",
            Self::EnumValueRemoved => "enum_value_removed",
            Self::EnumVariantRenamed => "enum_variant_renamed",
            Self::EnumReprChanged => "enum_repr_changed",
            Self::AliasTargetChanged => "alias_target_changed",
            Self::VariantAdded => "variant_added",
            Self::VariantRemoved => "variant_removed",
            Self::VariantChanged => "variant_changed",
            Self::VariantsReordered => "variants_reordered",
            Self::DiscriminatorChanged => "discriminator_changed",
            Self::DiscriminatorValueAdded => "discriminator_value_added",
            Self::DiscriminatorValueRemoved => "discriminator_value_removed",
            Self::DocAliasesChanged => "doc_aliases_changed",
            Self::DescriptionChanged => "description_changed",
            Self::WebhookAdded => "webhook_added",
            Self::WebhookRemoved => "webhook_removed",
            Self::WebhookPayloadChanged => "webhook_payload_changed",
            Self::WebhookEventNameChanged => "webhook_event_name_changed",
            Self::WebhookCheckAdded => "webhook_check_added",
            Self::WebhookCheckRemoved => "webhook_check_removed",
        }
    }
}

/// One difference between the old and the new API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Where it is.
    pub section: Section,
    /// What it is about, as callers name it: a type (`ErrorModelCode`), a
    /// field (`SendAgentMessage.agent_id`), a method, a security scheme.
    pub subject: String,
    /// What kind of change it is.
    pub kind: ChangeKind,
    /// Whether it breaks callers.
    pub impact: Impact,
    /// What changed, in one line.
    pub message: String,
    /// Why it does or does not break callers, in one line.
    pub reason: String,
}

impl Change {
    /// Whether the change breaks callers.
    pub fn is_breaking(&self) -> bool {
        self.impact == Impact::Breaking
    }
}

/// Every change between two APIs, in a fixed order: API, authentication,
/// operations by method name, types by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiDiff {
    /// The changes.
    pub changes: Vec<Change>,
}

impl ApiDiff {
    /// How many changes break callers.
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.is_breaking()).count()
    }

    /// How many changes do not break callers.
    pub fn non_breaking(&self) -> usize {
        self.changes.len() - self.breaking()
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Loads and lowers a spec for comparison; an invalid spec is an error
/// (warnings are dropped: they do not change what is compared).
pub fn lower_spec(spec: &[u8]) -> Result<Api, codegen::Error> {
    let document = codegen::load::load(spec)?;
    let (api, diagnostics) = codegen::lower::lower(&document);
    if diagnostics.has_errors() {
        return Err(codegen::Error::Invalid(diagnostics));
    }
    Ok(api)
}

/// The named types callers may build: those that are (part of) a request
/// body or parameter, and those no operation reaches. A type only read from
/// responses is not among them: its constructors (`new`, `Default`) are not
/// part of the compatibility promise (a new required field changes them).
pub fn built_by_callers(api: &Api) -> std::collections::BTreeSet<String> {
    let usages = usage::usages(api);
    api.types
        .keys()
        .filter(|name| {
            usages
                .get(*name)
                .is_none_or(|usage| usage.built_by_callers())
        })
        .cloned()
        .collect()
}

/// Compares two lowered APIs.
pub fn diff(old: &Api, new: &Api) -> ApiDiff {
    let mut out = Changes::default();
    api::compare(old, new, &mut out);
    operations::compare(old, new, &mut out);
    types::compare(old, new, &mut out);
    webhooks::compare(old, new, &mut out);
    let mut changes = out.0;
    // Stable: changes of one section keep the order they were found in.
    changes.sort_by_key(|change| change.section);
    ApiDiff { changes }
}

/// The collector the comparison passes push into.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    /// Records a change.
    fn push(
        &mut self,
        section: Section,
        subject: impl Into<String>,
        kind: ChangeKind,
        impact: Impact,
        message: impl Into<String>,
        reason: impl Into<String>,
    ) {
        self.0.push(Change {
            section,
            subject: subject.into(),
            kind,
            impact,
            message: message.into(),
            reason: reason.into(),
        });
    }

    /// Records a change of documentation text, when `old` and `new` differ.
    fn description<T: PartialEq>(
        &mut self,
        section: Section,
        subject: impl Into<String>,
        what: &str,
        old: &T,
        new: &T,
    ) {
        if old != new {
            self.push(
                section,
                subject,
                ChangeKind::DescriptionChanged,
                Impact::NonBreaking,
                format!("{what} changed"),
                "documentation only",
            );
        }
    }
}

/// How the generated crate writes `ty` (`Vec<String>`, `Option<i64>`), as
/// the emitter spells it.
pub(crate) fn rust_type(ty: &TypeRef) -> String {
    codegen::spelling::type_text(ty)
}

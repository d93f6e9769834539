//! Differences, the report that holds them, and its text form.

use std::fmt;

use crate::excuses::Excuse;
use crate::pointer::Pointer;

/// What kind of fact differs. "Missing" means upstream has it and our spec
/// does not; "Extra" means only our spec has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `openapi` differs.
    OpenApiVersionChanged,
    /// `info.version` (the API's version) differs.
    ApiVersionChanged,
    /// `servers` list other URLs.
    ServersChanged,
    /// The security requirements (root or operation `security`) differ.
    SecurityChanged,
    /// A security scheme upstream defines is not in ours.
    SecuritySchemeMissing,
    /// A security scheme only ours defines.
    SecuritySchemeExtra,
    /// A security scheme's `type`, `in`, `name`, `scheme`, `flows`, ... differ.
    SecuritySchemeChanged,
    /// A path upstream has is not in ours.
    PathMissing,
    /// A path only ours has.
    PathExtra,
    /// An operation (method on a path) upstream has is not in ours.
    OperationMissing,
    /// An operation only ours has.
    OperationExtra,
    /// Ours gives an operation an `operationId` where upstream has none.
    OperationIdAdded,
    /// Upstream gives an `operationId` that ours does not.
    OperationIdMissing,
    /// Both give an `operationId`, and they differ.
    OperationIdChanged,
    /// An operation's `tags` differ.
    TagsChanged,
    /// A parameter upstream has is not in ours.
    ParameterMissing,
    /// A parameter only ours has.
    ParameterExtra,
    /// A parameter is required on one side only.
    ParameterRequiredChanged,
    /// Upstream has a request body and ours does not.
    RequestBodyMissing,
    /// Only ours has a request body.
    RequestBodyExtra,
    /// The request body is required on one side only.
    RequestBodyRequiredChanged,
    /// A media type (`application/json`, ...) upstream has is not in ours.
    MediaTypeMissing,
    /// A media type only ours has.
    MediaTypeExtra,
    /// A response status upstream documents is not in ours.
    StatusMissing,
    /// A response status only ours documents.
    StatusExtra,
    /// A response header upstream documents is not in ours.
    HeaderMissing,
    /// A response header only ours documents.
    HeaderExtra,
    /// A schema property upstream has is not in ours.
    FieldMissing,
    /// A schema property only ours has.
    FieldExtra,
    /// Both give a `type`, and they differ.
    TypeChanged,
    /// Ours gives a `type` where upstream has none.
    TypeAdded,
    /// Upstream gives a `type` where ours has none.
    TypeMissing,
    /// `format` differs (present on one side, or different).
    FormatChanged,
    /// Ours says `nullable: true` and upstream does not.
    NullableAdded,
    /// Upstream says `nullable: true` and ours does not.
    NullableMissing,
    /// An enum value upstream allows is not in ours.
    EnumValueMissing,
    /// An enum value only ours allows.
    EnumValueExtra,
    /// Upstream restricts the value to an enum and ours does not.
    EnumMissing,
    /// Ours restricts the value to an enum and upstream does not.
    EnumAdded,
    /// A property is required upstream and not in ours.
    RequiredMissing,
    /// A property is required in ours and not upstream.
    RequiredExtra,
    /// Ours describes a value as `oneOf`/`anyOf` alternatives where upstream
    /// has one schema.
    CompositionAdded,
    /// Upstream describes a value as alternatives where ours has one schema.
    CompositionMissing,
    /// Both use alternatives, of another keyword or number.
    CompositionChanged,
    /// An array's `items` is on one side only.
    ItemsChanged,
    /// `additionalProperties` differs.
    AdditionalPropertiesChanged,
    /// Another compared keyword differs: bounds (`minimum`, `maxLength`,
    /// ...), `default`, `readOnly`, `deprecated`, a parameter's `style`, ...
    KeywordChanged,
    /// Ours gives a schema a `title` where upstream has none.
    TitleAdded,
    /// Upstream gives a `title` that ours does not.
    TitleMissing,
    /// Both give a `title`, and they differ.
    TitleChanged,
    /// An `x-` extension only ours has.
    ExtensionAdded,
    /// An `x-` extension only upstream has.
    ExtensionMissing,
    /// An `x-` extension both have, with different values.
    ExtensionChanged,
    /// A `$ref` that points at nothing, or outside the document.
    UnresolvedRef,
    /// A keyword the drift guard neither compares nor lists as not compared:
    /// teach it the keyword rather than let it pass unseen.
    UnknownKeyword,
    /// Schemas nested deeper than the guard follows.
    TooDeep,
}

impl Kind {
    /// Every kind, in the order of the enum.
    pub const ALL: [Kind; 56] = [
        Kind::OpenApiVersionChanged,
        Kind::ApiVersionChanged,
        Kind::ServersChanged,
        Kind::SecurityChanged,
        Kind::SecuritySchemeMissing,
        Kind::SecuritySchemeExtra,
        Kind::SecuritySchemeChanged,
        Kind::PathMissing,
        Kind::PathExtra,
        Kind::OperationMissing,
        Kind::OperationExtra,
        Kind::OperationIdAdded,
        Kind::OperationIdMissing,
        Kind::OperationIdChanged,
        Kind::TagsChanged,
        Kind::ParameterMissing,
        Kind::ParameterExtra,
        Kind::ParameterRequiredChanged,
        Kind::RequestBodyMissing,
        Kind::RequestBodyExtra,
        Kind::RequestBodyRequiredChanged,
        Kind::MediaTypeMissing,
        Kind::MediaTypeExtra,
        Kind::StatusMissing,
        Kind::StatusExtra,
        Kind::HeaderMissing,
        Kind::HeaderExtra,
        Kind::FieldMissing,
        Kind::FieldExtra,
        Kind::TypeChanged,
        Kind::TypeAdded,
        Kind::TypeMissing,
        Kind::FormatChanged,
        Kind::NullableAdded,
        Kind::NullableMissing,
        Kind::EnumValueMissing,
        Kind::EnumValueExtra,
        Kind::EnumMissing,
        Kind::EnumAdded,
        Kind::RequiredMissing,
        Kind::RequiredExtra,
        Kind::CompositionAdded,
        Kind::CompositionMissing,
        Kind::CompositionChanged,
        Kind::ItemsChanged,
        Kind::AdditionalPropertiesChanged,
        Kind::KeywordChanged,
        Kind::TitleAdded,
        Kind::TitleMissing,
        Kind::TitleChanged,
        Kind::ExtensionAdded,
        Kind::ExtensionMissing,
        Kind::ExtensionChanged,
        Kind::UnresolvedRef,
        Kind::UnknownKeyword,
        Kind::TooDeep,
    ];

    /// The kind whose [`Kind::name`] is `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// A stable snake-case name, for tools.
    pub fn name(self) -> &'static str {
        match self {
            Kind::OpenApiVersionChanged => "openapi_version_changed",
            Kind::ApiVersionChanged => "api_version_changed",
            Kind::ServersChanged => "servers_changed",
            Kind::SecurityChanged => "security_changed",
            Kind::SecuritySchemeMissing => "security_scheme_missing",
            Kind::SecuritySchemeExtra => "security_scheme_extra",
            Kind::SecuritySchemeChanged => "security_scheme_changed",
            Kind::PathMissing => "path_missing",
            Kind::PathExtra => "path_extra",
            Kind::OperationMissing => "operation_missing",
            Kind::OperationExtra => "operation_extra",
            Kind::OperationIdAdded => "operation_id_added",
            Kind::OperationIdMissing => "operation_id_missing",
            Kind::OperationIdChanged => "operation_id_changed",
            Kind::TagsChanged => "tags_changed",
            Kind::ParameterMissing => "parameter_missing",
            Kind::ParameterExtra => "parameter_extra",
            Kind::ParameterRequiredChanged => "parameter_required_changed",
            Kind::RequestBodyMissing => "request_body_missing",
            Kind::RequestBodyExtra => "request_body_extra",
            Kind::RequestBodyRequiredChanged => "request_body_required_changed",
            Kind::MediaTypeMissing => "media_type_missing",
            Kind::MediaTypeExtra => "media_type_extra",
            Kind::StatusMissing => "status_missing",
            Kind::StatusExtra => "status_extra",
            Kind::HeaderMissing => "header_missing",
            Kind::HeaderExtra => "header_extra",
            Kind::FieldMissing => "field_missing",
            Kind::FieldExtra => "field_extra",
            Kind::TypeChanged => "type_changed",
            Kind::TypeAdded => "type_added",
            Kind::TypeMissing => "type_missing",
            Kind::FormatChanged => "format_changed",
            Kind::NullableAdded => "nullable_added",
            Kind::NullableMissing => "nullable_missing",
            Kind::EnumValueMissing => "enum_value_missing",
            Kind::EnumValueExtra => "enum_value_extra",
            Kind::EnumMissing => "enum_missing",
            Kind::EnumAdded => "enum_added",
            Kind::RequiredMissing => "required_missing",
            Kind::RequiredExtra => "required_extra",
            Kind::CompositionAdded => "composition_added",
            Kind::CompositionMissing => "composition_missing",
            Kind::CompositionChanged => "composition_changed",
            Kind::ItemsChanged => "items_changed",
            Kind::AdditionalPropertiesChanged => "additional_properties_changed",
            Kind::KeywordChanged => "keyword_changed",
            Kind::TitleAdded => "title_added",
            Kind::TitleMissing => "title_missing",
            Kind::TitleChanged => "title_changed",
            Kind::ExtensionAdded => "extension_added",
            Kind::ExtensionMissing => "extension_missing",
            Kind::ExtensionChanged => "extension_changed",
            Kind::UnresolvedRef => "unresolved_ref",
            Kind::UnknownKeyword => "unknown_keyword",
            Kind::TooDeep => "too_deep",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One fact that differs, with the JSON pointer of the place on each side.
/// Where one side lacks the thing, its pointer names the place it would be
/// in (the `properties` of the schema, the operation's `responses`, ...).
/// After a `$ref`, pointers name the node the reference leads to, so a
/// difference in a shared schema is reported once.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Difference {
    /// What differs.
    pub kind: Kind,
    /// The place in our spec.
    pub ours: Pointer,
    /// The place in the upstream document.
    pub upstream: Pointer,
    /// What differs, in words: ``field `foo` missing in ours``.
    pub message: String,
}

impl fmt::Display for Difference {
    /// `OURS (ours) vs UPSTREAM (upstream): MESSAGE`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (ours) vs {} (upstream): {}",
            self.ours, self.upstream, self.message
        )
    }
}

/// A difference that an entry of the excuse list accounts for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excused {
    /// The difference found.
    pub difference: Difference,
    /// The entry that says it is on purpose, and why.
    pub entry: Excuse,
}

/// The outcome of [`crate::compare`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// The differences no intentional entry accounts for, in a stable order
    /// (by our pointer, then upstream's, then kind and message).
    pub differences: Vec<Difference>,
    /// The differences that are intentional, in the same order.
    pub intentional: Vec<Excused>,
    /// Entries of the excuse list that matched nothing: stale once
    /// upstream catches up, or mistyped.
    pub unused: Vec<Excuse>,
}

impl Report {
    /// Whether no unexcused difference was found.
    pub fn is_clean(&self) -> bool {
        self.differences.is_empty()
    }

    /// Whether the report holds exactly this line (as [`Difference`]'s
    /// `Display` writes it) among its unexcused differences.
    pub fn has_line(&self, line: &str) -> bool {
        self.differences.iter().any(|d| d.to_string() == line)
    }
}

/// The text report: one line per difference, then a summary line,
/// `drift: N differences, M intentional`.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for difference in &report.differences {
        out.push_str(&difference.to_string());
        out.push('\n');
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// [`render`] followed by every intentional difference with the id and
/// reason of its entry, then the entries that matched nothing, for
/// reviewing the excuse list.
pub fn render_with_intentional(report: &Report) -> String {
    let mut out = render(report);
    for excused in &report.intentional {
        out.push_str(&format!(
            "intentional: {} [{}: {}]\n",
            excused.difference, excused.entry.id, excused.entry.reason
        ));
    }
    for entry in &report.unused {
        out.push_str(&format!("unused intentional entry: {}\n", entry.id));
    }
    out
}

fn summary(report: &Report) -> String {
    let differences = match report.differences.len() {
        1 => "1 difference".to_owned(),
        n => format!("{n} differences"),
    };
    format!(
        "drift: {differences}, {} intentional",
        report.intentional.len()
    )
}

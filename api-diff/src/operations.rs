//! Changes to operations, that is to the client's methods: added, removed or
//! renamed methods, HTTP method and path, arguments (parameters and request
//! body) and how they are written (parameter styles, the body's media type),
//! return type and how the success body is read, the `Accept` header,
//! documented responses, retries and heartbeats.
//!
//! Operations are matched by method name, the identity callers see; a
//! removed and an added operation with the same HTTP method and path are one
//! renamed operation.

use std::collections::{BTreeMap, BTreeSet};

use super::{rust_type, ChangeKind, Changes, Impact, Section};
use codegen::ir::{
    Api, Body, BodyMedia, ErrorResponse, Operation, Param, ParamLocation, ParamStyle, PathSegment,
    ResponseMedia, Success, TypeDef, TypeRef,
};
use codegen::spelling::{self, Scope};

/// Whether `api`'s crate has methods by group (`client.issues().list(..)`).
fn by_group(api: &Api) -> bool {
    api.operations.iter().any(|op| op.group_method.is_some())
}

/// Compares the operations of two APIs.
pub(super) fn compare(old: &Api, new: &Api, out: &mut Changes) {
    compare_methods_by_group(old, new, out);
    let old_ops: BTreeMap<&str, &Operation> = by_name(&old.operations);
    let new_ops: BTreeMap<&str, &Operation> = by_name(&new.operations);
    let mut renamed_to: BTreeMap<&str, &Operation> = BTreeMap::new();
    let mut claimed: BTreeSet<&str> = BTreeSet::new();
    for (name, op) in &old_ops {
        if new_ops.contains_key(name) {
            continue;
        }
        let twin = new_ops.values().find(|candidate| {
            !old_ops.contains_key(candidate.method_name.as_str())
                && !claimed.contains(candidate.method_name.as_str())
                && candidate.method == op.method
                && template(candidate) == template(op)
        });
        if let Some(twin) = twin {
            claimed.insert(twin.method_name.as_str());
            renamed_to.insert(name, twin);
        }
    }
    for (name, op) in &old_ops {
        if let Some(now) = new_ops.get(name) {
            compare_operation((old, new), name, op, now, out);
        } else if let Some(now) = renamed_to.get(name) {
            out.push(
                Section::Operations,
                *name,
                ChangeKind::OperationRenamed,
                Impact::Breaking,
                format!("renamed `{}` ({})", now.method_name, endpoint(now)),
                format!("the method `{name}` no longer exists"),
            );
            compare_operation((old, new), &now.method_name, op, now, out);
        } else {
            out.push(
                Section::Operations,
                *name,
                ChangeKind::OperationRemoved,
                Impact::Breaking,
                format!("operation removed ({})", endpoint(op)),
                format!("the method `{name}` no longer exists"),
            );
        }
    }
    for (name, op) in &new_ops {
        if !old_ops.contains_key(name) && !claimed.contains(name) {
            out.push(
                Section::Operations,
                *name,
                ChangeKind::OperationAdded,
                Impact::NonBreaking,
                format!("operation added ({})", endpoint(op)),
                format!("a new method `{name}`"),
            );
        }
    }
}

fn by_name(operations: &[Operation]) -> BTreeMap<&str, &Operation> {
    operations
        .iter()
        .map(|op| (op.method_name.as_str(), op))
        .collect()
}

/// `PUT /conversations/messages/{id}`.
fn endpoint(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

/// The path with every parameter written `{}`: two paths that only name
/// their parameters differently build the same URLs.
fn template(op: &Operation) -> String {
    op.path_segments
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal(text) => text.as_str(),
            PathSegment::Param(_) => "{}",
        })
        .collect()
}

/// Compares one operation found in both APIs; `subject` is its new name.
/// The two versions of the API, old then new.
type Apis<'a> = (&'a Api, &'a Api);

fn compare_operation(
    apis: Apis<'_>,
    subject: &str,
    old: &Operation,
    new: &Operation,
    out: &mut Changes,
) {
    out.description(
        Section::Operations,
        subject,
        "summary",
        &old.summary,
        &new.summary,
    );
    out.description(
        Section::Operations,
        subject,
        "description",
        &old.description,
        &new.description,
    );
    // A renamed method renames its builder too; that is reported as the
    // method's rename.
    if old.method_name == new.method_name && old.builder_name != new.builder_name {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::BuilderRenamed,
            Impact::Breaking,
            format!(
                "request builder `builder::{}` -> `builder::{}`",
                old.builder_name, new.builder_name
            ),
            "code that names the request's type no longer compiles",
        );
    }
    if old.method != new.method {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::HttpMethodChanged,
            Impact::Breaking,
            format!(
                "HTTP method {} -> {} ({})",
                old.method.as_str(),
                new.method.as_str(),
                new.path
            ),
            "the same call sends another request",
        );
    }
    if template(old) != template(new) {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::PathChanged,
            Impact::Breaking,
            format!("path `{}` -> `{}`", old.path, new.path),
            "the same call goes to another URL",
        );
    }
    compare_params(apis, subject, &old.params, &new.params, out);
    compare_body(subject, old.body.as_ref(), new.body.as_ref(), out);
    compare_success(subject, old, new, out);
    compare_errors(subject, &old.errors, &new.errors, out);
    compare_accept(subject, old, new, out);
    if old.idempotent != new.idempotent {
        let word = |idempotent: bool| {
            if idempotent {
                "idempotent"
            } else {
                "not idempotent"
            }
        };
        out.push(
            Section::Operations,
            subject,
            ChangeKind::RetryPolicyChanged,
            Impact::NonBreaking,
            format!(
                "now {} (was {})",
                word(new.idempotent),
                word(old.idempotent)
            ),
            "which failures are retried changes (and a JSON success body is returned as `T` or `Accepted<T>`, reported on its own)",
        );
    }
    compare_heartbeat(subject, old, new, out);
    let same_methods = by_group(apis.0) == by_group(apis.1);
    compare_group(subject, old, new, same_methods, out);
}

/// A crate whose operations of a group switch between methods of
/// `Client` and methods of their group's handle (the count of operations
/// crossing the limit, or `x-group-methods` changing): one change, since
/// every call of a grouped operation is written another way.
fn compare_methods_by_group(old: &Api, new: &Api, out: &mut Changes) {
    let (was, is) = (by_group(old), by_group(new));
    if was == is {
        return;
    }
    let (summary, reason) = if is {
        (
            "operations of a group are methods of their group's handle (`client.group().method(..)`), no longer of `Client`",
            "every call of an operation of a group is written through its group's handle",
        )
    } else {
        (
            "operations of a group are methods of `Client`, no longer of their group's handle",
            "every call through a group's handle is written as a method of `Client`",
        )
    };
    out.push(
        Section::Operations,
        "Client",
        ChangeKind::MethodsByGroupChanged,
        Impact::Breaking,
        summary,
        reason,
    );
}

/// Where the method of `op` is called: `client.issues().list`, or
/// `client.list`.
fn call_path(op: &Operation) -> String {
    match &op.group_method {
        Some(method) => format!("client.{}().{}", method.accessor, method.name),
        None => format!("client.{}", op.method_name),
    }
}

/// The cargo feature an operation is compiled with (its group's): code
/// that turned on the old one no longer has the operation. With methods by
/// group on both sides, the method also moves to the new group's handle,
/// or takes another name on it: breaking whatever the features. A switch
/// between flat and grouped methods (`same_methods` false) is one change
/// of its own ([`compare_methods_by_group`]).
fn compare_group(
    subject: &str,
    old: &Operation,
    new: &Operation,
    same_methods: bool,
    out: &mut Changes,
) {
    let moved = same_methods
        && (old.group_method.is_some() || new.group_method.is_some())
        && call_path(old) != call_path(new);
    if old.group == new.group {
        if moved {
            out.push(
                Section::Operations,
                subject,
                ChangeKind::OperationRenamed,
                Impact::Breaking,
                format!("called as `{}` (was `{}`)", call_path(new), call_path(old)),
                format!("`{}` no longer exists", call_path(old)),
            );
        }
        return;
    }
    if moved {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::OperationGroupChanged,
            Impact::Breaking,
            format!(
                "called as `{}` (was `{}`), {}",
                call_path(new),
                call_path(old),
                new.group.as_ref().map_or_else(
                    || "always compiled".to_owned(),
                    |feature| format!("with the feature `{feature}`")
                )
            ),
            format!("`{}` no longer exists", call_path(old)),
        );
        return;
    }
    let feature = |group: &Option<String>| {
        group.as_ref().map_or_else(
            || "always compiled".to_owned(),
            |feature| format!("the feature `{feature}`"),
        )
    };
    let (impact, reason) = match &new.group {
        None => (
            Impact::NonBreaking,
            "the operation is compiled whatever features are on".to_owned(),
        ),
        Some(feature) => (
            Impact::Breaking,
            format!("a crate that does not turn on `{feature}` (by default every group is on) no longer has the operation"),
        ),
    };
    out.push(
        Section::Operations,
        subject,
        ChangeKind::OperationGroupChanged,
        impact,
        format!(
            "needs {} (was {})",
            feature(&new.group),
            feature(&old.group)
        ),
        reason,
    );
}

/// A parameter's identity: path parameters by position (the URL does not
/// carry their names), the others by location and wire name.
type ParamKey = (ParamLocation, String);

fn keyed(params: &[Param]) -> Vec<(ParamKey, &Param)> {
    let mut path_index = 0;
    params
        .iter()
        .map(|param| {
            let key = if param.location == ParamLocation::Path {
                path_index += 1;
                (ParamLocation::Path, format!("#{path_index}"))
            } else {
                (param.location, param.wire_name.clone())
            };
            (key, param)
        })
        .collect()
}

/// `path parameter `id``, `query parameter `limit``, `header `X-Trace``.
fn param_label(param: &Param) -> String {
    let location = match param.location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
    };
    format!("{location} `{}`", param.wire_name)
}

fn compare_params(apis: Apis<'_>, subject: &str, old: &[Param], new: &[Param], out: &mut Changes) {
    let old_keyed = keyed(old);
    let new_keyed = keyed(new);
    let old_map: BTreeMap<&ParamKey, &Param> = old_keyed.iter().map(|(k, p)| (k, *p)).collect();
    let new_map: BTreeMap<&ParamKey, &Param> = new_keyed.iter().map(|(k, p)| (k, *p)).collect();
    for (key, param) in &old_keyed {
        let Some(now) = new_map.get(key) else {
            out.push(
                Section::Operations,
                subject,
                ChangeKind::ParamRemoved,
                Impact::Breaking,
                format!("{} removed", param_label(param)),
                if param.required {
                    format!("the argument `{}` is gone", param.rust_name)
                } else {
                    format!("the request's setter `{}` is gone", param.rust_name)
                },
            );
            continue;
        };
        compare_param(apis, subject, param, now, out);
    }
    for (key, param) in &new_keyed {
        if !old_map.contains_key(key) {
            // An optional input is set on the request builder: a new one
            // is a new setter, and every existing call still compiles.
            let (impact, note) = if param.required {
                (
                    Impact::Breaking,
                    format!(
                        "the method takes a new argument `{}`; existing calls do not compile",
                        param.rust_name
                    ),
                )
            } else {
                (
                    Impact::NonBreaking,
                    format!(
                        "the request gets a new setter `{}`; existing calls are unchanged",
                        param.rust_name
                    ),
                )
            };
            out.push(
                Section::Operations,
                subject,
                ChangeKind::ParamAdded,
                impact,
                format!(
                    "{} added ({})",
                    param_label(param),
                    if param.required {
                        "required"
                    } else {
                        "optional"
                    }
                ),
                note,
            );
        }
    }
    // Only the required inputs are positional arguments; the optional ones
    // are setters, whose order nothing depends on.
    let common = |from: &[(ParamKey, &Param)], other: &BTreeMap<&ParamKey, &Param>| {
        from.iter()
            .filter(|(key, param)| param.required && other.get(key).is_some_and(|now| now.required))
            .map(|(key, _)| key.clone())
            .collect::<Vec<_>>()
    };
    if common(&old_keyed, &new_map) != common(&new_keyed, &old_map) {
        let names = |params: &[Param]| {
            params
                .iter()
                .filter(|p| p.required)
                .map(|p| p.rust_name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(
            Section::Operations,
            subject,
            ChangeKind::ParamsReordered,
            Impact::Breaking,
            format!("arguments ({}) -> ({})", names(old), names(new)),
            "arguments are positional; existing calls pass them in the old order",
        );
    }
}

fn compare_param(apis: Apis<'_>, subject: &str, old: &Param, new: &Param, out: &mut Changes) {
    let label = param_label(new);
    // A required input is a positional argument, whose name no call
    // spells; an optional one is a setter, which calls name.
    let setter_renamed = old.rust_name != new.rust_name && !(old.required && new.required);
    if old.wire_name != new.wire_name || old.rust_name != new.rust_name {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::ParamRenamed,
            if setter_renamed {
                Impact::Breaking
            } else {
                Impact::NonBreaking
            },
            format!(
                "{} renamed `{}` (argument `{}` -> `{}`)",
                param_label(old),
                new.wire_name,
                old.rust_name,
                new.rust_name
            ),
            if setter_renamed {
                "the request's setter is renamed; calls that set it do not compile"
            } else {
                "required arguments are positional and the URL is built the same way"
            },
        );
    }
    if old.ty != new.ty {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::ParamTypeChanged,
            Impact::Breaking,
            format!(
                "{label}: type `{}` -> `{}`",
                rust_type(&old.ty),
                rust_type(&new.ty)
            ),
            format!("the argument `{}` changes type", new.rust_name),
        );
    }
    if old.required != new.required {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::ParamRequiredChanged,
            Impact::Breaking,
            format!(
                "{label} is now {}",
                if new.required { "required" } else { "optional" }
            ),
            if new.required {
                format!(
                    "the request's setter `{}` becomes an argument of the method, `{}`",
                    new.rust_name,
                    argument(new)
                )
            } else {
                format!(
                    "the method's argument `{}` becomes a setter of the request, `.{}({})`",
                    new.rust_name,
                    new.rust_name,
                    argument(old)
                )
            },
        );
    }
    compare_style(apis, subject, &label, old, new, out);
    out.description(
        Section::Operations,
        subject,
        &format!("{label} description"),
        &old.description,
        &new.description,
    );
}

/// What a parameter's value is, which decides what its style and
/// `explode` change on the wire (the emitter's reading of the lowered type:
/// aliases and `nullable` are already resolved).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueKind {
    /// A primitive or an enum value.
    Scalar,
    /// A list of scalars.
    List,
    /// A struct or map of scalars.
    Object,
}

fn value_kind(api: &Api, ty: &TypeRef) -> ValueKind {
    match ty {
        TypeRef::Array(_) => ValueKind::List,
        TypeRef::Map(_) => ValueKind::Object,
        TypeRef::Named(name) if matches!(api.types.get(name), Some(TypeDef::Struct(_))) => {
            ValueKind::Object
        }
        _ => ValueKind::Scalar,
    }
}

/// What decides the bytes a parameter is written as, with the parts its
/// style and `explode` leave out for a value of `kind` set aside (the
/// runtime's `push_query_param`, `path_param` and `header_param`): a query
/// scalar is `name=value` in every style; `explode` writes a query list or
/// object as one pair per item or member whatever the style, and `deepObject`
/// ignores it; in a path or header it changes lists only in `matrix`, and
/// scalars never. Two parameters with the same wire form write every value
/// alike.
fn wire_form(param: &Param, kind: ValueKind) -> (Option<ParamStyle>, bool) {
    match (param.location, kind) {
        (ParamLocation::Query, ValueKind::Scalar) => (None, false),
        (ParamLocation::Query, ValueKind::Object) if param.style == ParamStyle::DeepObject => {
            (Some(ParamStyle::DeepObject), false)
        }
        (ParamLocation::Query, _) if param.explode => (None, true),
        (ParamLocation::Query, _) => (Some(param.style), false),
        (_, ValueKind::Scalar) => (Some(param.style), false),
        (_, ValueKind::List) => (
            Some(param.style),
            param.style == ParamStyle::Matrix && param.explode,
        ),
        (_, ValueKind::Object) => (Some(param.style), param.explode),
    }
}

/// `form, explode`, `pipeDelimited`.
fn style_label(param: &Param) -> String {
    if param.explode {
        format!("{}, explode", param.style.as_str())
    } else {
        param.style.as_str().to_owned()
    }
}

fn compare_style(
    (old_api, new_api): Apis<'_>,
    subject: &str,
    label: &str,
    old: &Param,
    new: &Param,
    out: &mut Changes,
) {
    if (old.style, old.explode) == (new.style, new.explode) {
        return;
    }
    let (was, now) = (value_kind(old_api, &old.ty), value_kind(new_api, &new.ty));
    let same_bytes = was == now && wire_form(old, was) == wire_form(new, now);
    let (impact, reason) = if same_bytes {
        let what = match now {
            ValueKind::Scalar => "a single value",
            ValueKind::List => "a list",
            ValueKind::Object => "an object",
        };
        (
            Impact::NonBreaking,
            format!("{what} is written the same way in both, so the request is unchanged"),
        )
    } else {
        (
            Impact::Breaking,
            format!(
                "the same call writes `{}` differently in the request",
                new.rust_name
            ),
        )
    };
    out.push(
        Section::Operations,
        subject,
        ChangeKind::ParamStyleChanged,
        impact,
        format!(
            "{label}: style `{}` -> `{}`",
            style_label(old),
            style_label(new)
        ),
        reason,
    );
}

/// How a parameter's argument is written (`&str`, `Option<i64>`), as the
/// emitter spells it.
fn argument(param: &Param) -> String {
    spelling::text(&spelling::argument_tokens(
        &param.ty,
        param.required,
        Scope::Types(spelling::Prelude::default()),
    ))
}

/// How the `body` argument is written: `&T` or `Option<&T>`.
fn body_arg(body: &Body) -> String {
    spelling::text(&spelling::body_argument_tokens(
        body,
        Scope::Types(spelling::Prelude::default()),
    ))
}

fn compare_body(subject: &str, old: Option<&Body>, new: Option<&Body>, out: &mut Changes) {
    match (old, new) {
        (None, None) => {}
        (None, Some(body)) if !body.required => out.push(
            Section::Operations,
            subject,
            ChangeKind::BodyAdded,
            Impact::NonBreaking,
            format!("optional request body `{}` added", rust_type(&body.ty)),
            "the request gets a new setter for it; existing calls are unchanged",
        ),
        (None, Some(body)) => out.push(
            Section::Operations,
            subject,
            ChangeKind::BodyAdded,
            Impact::Breaking,
            format!("request body `{}` added", rust_type(&body.ty)),
            format!("the method takes a new argument `body: {}`", body_arg(body)),
        ),
        (Some(body), None) => out.push(
            Section::Operations,
            subject,
            ChangeKind::BodyRemoved,
            Impact::Breaking,
            format!("request body `{}` removed", rust_type(&body.ty)),
            "the `body` argument is gone",
        ),
        (Some(old), Some(new)) => {
            if old.ty != new.ty {
                out.push(
                    Section::Operations,
                    subject,
                    ChangeKind::BodyTypeChanged,
                    Impact::Breaking,
                    format!(
                        "request body `{}` -> `{}`",
                        rust_type(&old.ty),
                        rust_type(&new.ty)
                    ),
                    "the `body` argument changes type",
                );
            }
            if old.required != new.required {
                out.push(
                    Section::Operations,
                    subject,
                    ChangeKind::BodyRequiredChanged,
                    Impact::Breaking,
                    format!(
                        "request body is now {}",
                        if new.required { "required" } else { "optional" }
                    ),
                    format!(
                        "the `body` argument changes from `{}` to `{}`",
                        body_arg(old),
                        body_arg(new)
                    ),
                );
            }
            compare_body_media(subject, old, new, out);
            out.description(
                Section::Operations,
                subject,
                "request body description",
                &old.description,
                &new.description,
            );
        }
    }
}

/// How a request body is encoded, in words.
fn encoding(media: &BodyMedia) -> &'static str {
    match media {
        BodyMedia::Json => "JSON",
        BodyMedia::Multipart(_) => "multipart form",
        BodyMedia::MultipartUnion(_) => "multipart form of one of several objects",
        BodyMedia::Form(_) => "URL-encoded form",
        BodyMedia::Text => "text",
        BodyMedia::Binary => "bytes",
    }
}

/// The request body's encoding (the parts of a multipart body follow the
/// struct, whose changes are reported as its fields') and its
/// `content-type`.
fn compare_body_media(subject: &str, old: &Body, new: &Body, out: &mut Changes) {
    let same_encoding = std::mem::discriminant(&old.media) == std::mem::discriminant(&new.media);
    if same_encoding && old.media_type == new.media_type {
        return;
    }
    let how = if same_encoding {
        String::new()
    } else {
        format!(
            " ({} instead of {})",
            encoding(&new.media),
            encoding(&old.media)
        )
    };
    let (old_arg, new_arg) = (body_arg(old), body_arg(new));
    let reason = if old_arg != new_arg {
        format!("the `body` argument changes from `{old_arg}` to `{new_arg}` and the body is encoded differently")
    } else if !same_encoding {
        "the same call encodes the body differently".to_owned()
    } else {
        "the same call sends the body with another `content-type`".to_owned()
    };
    out.push(
        Section::Operations,
        subject,
        ChangeKind::RequestMediaTypeChanged,
        Impact::Breaking,
        format!(
            "request body sent as `{}` instead of `{}`{how}",
            new.media_type, old.media_type
        ),
        reason,
    );
}

/// What the method returns: the body type or `()`.
fn returns(ty: Option<&TypeRef>) -> String {
    ty.map_or_else(|| "()".to_owned(), rust_type)
}

/// What the method returns on success, as the emitter spells it (which
/// depends on whether the operation is safe to repeat: `T` or
/// `Accepted<T>`).
fn success_returns(op: &Operation) -> String {
    spelling::text(&spelling::return_tokens(
        op,
        Scope::Types(spelling::Prelude::default()),
    ))
}

fn statuses(codes: &[u16]) -> String {
    codes
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn compare_success(subject: &str, old_op: &Operation, new_op: &Operation, out: &mut Changes) {
    // Only a change of the spelled return type breaks callers: `T` becoming
    // `Option<T>` (a bodiless 2xx documented beside a body of a safe
    // operation), or `T` becoming `Accepted<T>` (the operation is no longer
    // safe to repeat).
    let (old, new) = (&old_op.success, &new_op.success);
    let (old_returns, new_returns) = (success_returns(old_op), success_returns(new_op));
    if old_returns != new_returns {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::SuccessTypeChanged,
            Impact::Breaking,
            format!("returns `{new_returns}` instead of `{old_returns}`"),
            "the method's return type changes",
        );
    }
    if old.statuses != new.statuses {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::SuccessStatusChanged,
            Impact::NonBreaking,
            format!(
                "success status {} -> {}",
                statuses(&old.statuses),
                statuses(&new.statuses)
            ),
            "every 2xx status is a success; the method's signature is unchanged",
        );
    }
    compare_response_media(subject, old_op, new_op, out);
    out.description(
        Section::Operations,
        subject,
        "success response description",
        &old.description,
        &new.description,
    );
}

/// How a success body is read, in words.
fn reading(media: ResponseMedia) -> &'static str {
    match media {
        ResponseMedia::Json => "JSON",
        ResponseMedia::Text => "text",
        ResponseMedia::Binary => "bytes",
    }
}

/// A media type without its parameters, in lower case: `text/csv` for
/// `Text/CSV; charset=utf-8`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// How the success body is read, and the media type it is read as. Only
/// compared when both versions document a body: a body added or removed
/// is a change of the return type.
fn compare_response_media(
    subject: &str,
    old_op: &Operation,
    new_op: &Operation,
    out: &mut Changes,
) {
    let (old, new) = (&old_op.success, &new_op.success);
    if old.ty.is_none() || new.ty.is_none() {
        return;
    }
    let first = |success: &Success| success.media_types.first().map(|m| essence(m));
    let (was, now) = (first(old), first(new));
    let show =
        |media_type: &Option<String>| media_type.as_deref().unwrap_or("undocumented").to_owned();
    if old.media != new.media {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::ResponseMediaTypeChanged,
            Impact::Breaking,
            format!(
                "success body read as {} (`{}`) instead of {} (`{}`)",
                reading(new.media),
                show(&now),
                reading(old.media),
                show(&was)
            ),
            "the same response is decoded another way (and the method returns another type)",
        );
    } else if was != now {
        let (impact, reason) = match new.media {
            ResponseMedia::Json => (
                Impact::NonBreaking,
                "still JSON decoded into the documented type (whose changes are reported on their own)".to_owned(),
            ),
            ResponseMedia::Text | ResponseMedia::Binary => (
                Impact::Breaking,
                format!(
                    "the method returns the body as it came (`{}`): callers get another format",
                    success_returns(new_op)
                ),
            ),
        };
        out.push(
            Section::Operations,
            subject,
            ChangeKind::ResponseMediaTypeChanged,
            impact,
            format!(
                "success body read as `{}` instead of `{}`",
                show(&now),
                show(&was)
            ),
            reason,
        );
    }
}

/// The `Accept` header, which lists the media types every documented
/// response (errors too) may come in.
fn compare_accept(subject: &str, old: &Operation, new: &Operation, out: &mut Changes) {
    if old.accept != new.accept {
        out.push(
            Section::Operations,
            subject,
            ChangeKind::AcceptChanged,
            Impact::NonBreaking,
            format!("`Accept: {}` instead of `Accept: {}`", new.accept, old.accept),
            "the header lists the media types the responses document; how each is read is compared on its own",
        );
    }
}

/// `404`, or `default`.
fn status_label(status: Option<u16>) -> String {
    status.map_or_else(|| "default".to_owned(), |code| code.to_string())
}

fn compare_errors(subject: &str, old: &[ErrorResponse], new: &[ErrorResponse], out: &mut Changes) {
    let old: BTreeMap<Option<u16>, &ErrorResponse> = old.iter().map(|e| (e.status, e)).collect();
    let new: BTreeMap<Option<u16>, &ErrorResponse> = new.iter().map(|e| (e.status, e)).collect();
    const REASON: &str = "every non-2xx status already arrives as `Error::Api` with its status";
    for (status, response) in &old {
        let Some(now) = new.get(status) else {
            out.push(
                Section::Operations,
                subject,
                ChangeKind::ErrorResponseRemoved,
                Impact::NonBreaking,
                format!("error response {} removed", status_label(*status)),
                REASON,
            );
            continue;
        };
        if response.ty != now.ty {
            out.push(
                Section::Operations,
                subject,
                ChangeKind::ErrorResponseChanged,
                Impact::NonBreaking,
                format!(
                    "error response {} body `{}` -> `{}`",
                    status_label(*status),
                    returns(response.ty.as_ref()),
                    returns(now.ty.as_ref())
                ),
                "error bodies decode into the API's error type or stay text in `Error::Api`",
            );
        }
        out.description(
            Section::Operations,
            subject,
            &format!("error response {} description", status_label(*status)),
            &response.description,
            &now.description,
        );
    }
    for status in new.keys() {
        if !old.contains_key(status) {
            out.push(
                Section::Operations,
                subject,
                ChangeKind::ErrorResponseAdded,
                Impact::NonBreaking,
                format!("error response {} added", status_label(*status)),
                REASON,
            );
        }
    }
}

fn compare_heartbeat(subject: &str, old: &Operation, new: &Operation, out: &mut Changes) {
    match (&old.heartbeat, &new.heartbeat) {
        (None, None) => {}
        (None, Some(beat)) => out.push(
            Section::Operations,
            subject,
            ChangeKind::HeartbeatAdded,
            Impact::NonBreaking,
            format!("heartbeat helper `{}` added", beat.method_name),
            format!("a new method `{}`", beat.method_name),
        ),
        (Some(beat), None) => out.push(
            Section::Operations,
            subject,
            ChangeKind::HeartbeatRemoved,
            Impact::Breaking,
            format!("heartbeat helper `{}` removed", beat.method_name),
            format!("the method `{}` no longer exists", beat.method_name),
        ),
        (Some(was), Some(now)) => {
            if was.method_name != now.method_name {
                out.push(
                    Section::Operations,
                    subject,
                    ChangeKind::HeartbeatChanged,
                    Impact::Breaking,
                    format!(
                        "heartbeat helper `{}` renamed `{}`",
                        was.method_name, now.method_name
                    ),
                    format!("the method `{}` no longer exists", was.method_name),
                );
            }
            if (was.interval_seconds, was.window_seconds)
                != (now.interval_seconds, now.window_seconds)
            {
                out.push(
                    Section::Operations,
                    subject,
                    ChangeKind::HeartbeatChanged,
                    Impact::NonBreaking,
                    format!(
                        "heartbeat every {} s for a {} s window (was every {} s for {} s)",
                        now.interval_seconds,
                        now.window_seconds,
                        was.interval_seconds,
                        was.window_seconds
                    ),
                    "only the helper's timing changes",
                );
            }
        }
    }
}

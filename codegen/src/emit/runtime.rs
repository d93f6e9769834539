//! Emits the runtime modules every generated client shares: `transport.rs`
//! (sending with retries and tracing), `retry.rs` (the retry policy),
//! `rate_limit.rs`, `response.rs`, `error.rs` and `multipart.rs`. Their code
//! hardly depends on the spec (the rate-limit header names, the error model,
//! which request helpers are needed), so they are filled-in
//! [templates](super::template) rather than tokens.

use super::docs::one_line;
use super::template::{self, Fill, TemplateError};
use crate::ir::{Api, BodyMedia, ParamLocation};

/// Whether some operation sends a JSON body.
pub fn uses_json_body(api: &Api) -> bool {
    api.operations
        .iter()
        .any(|op| op.body.as_ref().is_some_and(|b| b.media == BodyMedia::Json))
}

/// Whether some operation has a parameter in `location`: decides which
/// request helpers are emitted, imported and depended on, in one place.
pub fn uses_param(api: &Api, location: ParamLocation) -> bool {
    api.operations
        .iter()
        .any(|op| op.params.iter().any(|p| p.location == location))
}

/// Whether some operation sends a multipart body.
pub fn uses_multipart(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        op.body
            .as_ref()
            .is_some_and(|b| b.media == BodyMedia::Multipart)
    })
}

/// `transport.rs`: `OperationInfo`, `PreparedRequest`, the attempt loop and
/// the small helpers methods use to build requests, each only when some
/// method uses it.
pub fn transport_module(api: &Api) -> Result<String, TemplateError> {
    let json = uses_json_body(api);
    let multipart = uses_multipart(api);
    let path = uses_param(api, ParamLocation::Path);
    let query = uses_param(api, ParamLocation::Query);
    let decoding = api
        .operations
        .iter()
        .any(|op| op.success.ty.is_some() && !op.success.may_be_empty());
    let optional_decoding = api.operations.iter().any(|op| op.success.may_be_empty());
    template::TRANSPORT.render(
        &Fill::new()
            .flag("any_body", json || multipart)
            .flag("json_body", json)
            .flag("multipart", multipart)
            .flag("decoding", decoding)
            .flag("optional_decoding", optional_decoding)
            .flag("any_decoding", decoding || optional_decoding)
            .flag(
                "empty",
                api.operations.iter().any(|op| op.success.ty.is_none()),
            )
            .flag("error_model", api.error_type.is_some())
            .flag("auth", !api.auth.is_empty())
            .flag("encodes", path || query)
            .flag("path_params", path)
            .flag("query_params", query)
            .flag("header_params", uses_param(api, ParamLocation::Header)),
    )
}

/// `retry.rs`: the policy and the decision after each attempt.
pub fn retry_module(crate_ident: &str) -> Result<String, TemplateError> {
    template::RETRY.render(&Fill::new().value("crate_ident", crate_ident))
}

/// `rate_limit.rs`: the rate-limit headers, parsed.
pub fn rate_limit_module(api: &Api) -> Result<String, TemplateError> {
    let headers = &api.rate_limit_headers;
    let [limit, remaining, reset] =
        [&headers.limit, &headers.remaining, &headers.reset].map(|name| {
            // Header names are checked when lowering; the text stays valid
            // Rust whatever the IR holds.
            (one_line(name), format!("{name:?}"))
        });
    template::RATE_LIMIT.render(
        &Fill::new()
            .value("limit_header", &limit.0)
            .value("limit_literal", &limit.1)
            .value("remaining_header", &remaining.0)
            .value("remaining_literal", &remaining.1)
            .value("reset_header", &reset.0)
            .value("reset_literal", &reset.1),
    )
}

/// `response.rs`: `ApiResponse<T>`.
pub fn response_module() -> Result<String, TemplateError> {
    template::RESPONSE.render(&Fill::new())
}

/// `error.rs`: `Error`, `ApiError` (with the spec's error model, when it
/// has one) and `TransportErrorKind`.
pub fn error_module(api: &Api) -> Result<String, TemplateError> {
    let error_type = api.error_type.as_deref().unwrap_or_default();
    template::ERROR.render(
        &Fill::new()
            .flag("error_model", api.error_type.is_some())
            .value("error_type", error_type),
    )
}

/// `multipart.rs`: `FilePart`, and the parts of a multipart body made into a
/// `reqwest` form for each attempt.
pub fn multipart_module(api: &Api) -> Result<String, TemplateError> {
    use super::operations::{multipart_fields, part_kind, PartKind};
    let kinds: Vec<PartKind> = api
        .operations
        .iter()
        .filter_map(|op| op.body.as_ref())
        .filter(|body| body.media == BodyMedia::Multipart)
        .flat_map(|body| multipart_fields(api, body).map(|field| part_kind(api, &field.ty)))
        .collect();
    let file_parts = kinds.contains(&PartKind::File);
    let json_parts = kinds.contains(&PartKind::Json);
    // `Part` keeps its text variant when it would otherwise have none.
    let text_parts = json_parts || kinds.contains(&PartKind::Text) || !file_parts;
    template::MULTIPART.render(
        &Fill::new()
            .flag("file_parts", file_parts)
            .flag("text_parts", text_parts)
            .flag("json_parts", json_parts),
    )
}

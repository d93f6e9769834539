//! Emits the operation methods of `Client`: for each operation one method
//! that takes the required inputs and returns the request builder
//! ([`super::builder`]), plus the `OperationInfo` constants the transport
//! reads and the functions that prepare each request.
//!
//! Parameters keep their names; the emitter's own locals step aside
//! ([`Locals`]) and the runtime's helpers are called by their paths.

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, one_line};
use super::locals::Locals;
use crate::ir::{
    Api, Body, BodyMedia, EnumRepr, FormPart, Operation, Param, ParamLocation, ParamStyle,
    PartKind, PathSegment, ResponseMedia, TypeDef, TypeRef,
};
use crate::spelling::{argument_tokens, body_argument_tokens, ident, Scope};

/// The first part of `operations.rs`: the docs, the imports and
/// `impl Client { ...methods... }`, one method per operation that takes the
/// required inputs and returns the operation's request builder.
pub fn methods_part(api: &Api) -> TokenStream {
    let (duration_import, heartbeat_import) = if super::has_heartbeat(api) {
        (
            quote! { use std::time::Duration; },
            quote! { use crate::heartbeat::{Heartbeat, HeartbeatConfig}; },
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let in_arguments = api.operations.iter().any(|op| {
        op.params
            .iter()
            .any(|p| p.required && mentions_types(&p.ty))
            || op
                .body
                .as_ref()
                .is_some_and(|b| b.required && mentions_types(&b.ty))
    });
    let heartbeat_types = api.operations.iter().any(|op| {
        op.heartbeat.is_some() && op.body.as_ref().is_some_and(|b| mentions_types(&b.ty))
    });
    let outer_types_import =
        (in_arguments || heartbeat_types).then(|| quote! { use crate::types; });
    let methods = api.operations.iter().map(operation_method);
    quote! {
        //! One method of [`Client`] per operation of the spec. It takes the
        //! operation's required inputs and returns its request
        //! ([`builder`]), whose methods set the optional ones; `.await` it
        //! for the body, or call its `send_with_response` for the status,
        //! headers and rate-limit information too.

        #duration_import
        use crate::client::Client;
        use crate::error::Error;
        #heartbeat_import
        #outer_types_import

        impl Client {
            #(#methods)*
        }
    }
}

/// The second part of `operations.rs`: the module `operation` with what the
/// transport needs to know about each operation and the function that
/// prepares its request.
pub fn preparation_part(api: &Api) -> TokenStream {
    let types_import = in_arguments(api).then(|| quote! { use crate::types; });
    let infos = api.operations.iter().map(operation_info);
    let prepares = api.operations.iter().map(|op| prepare_fn(api, op));
    quote! {
        /// Each operation's constants and request preparation.
        mod operation {
            use super::Error;
            use crate::request::{OperationInfo, PreparedRequest};
            #types_import

            #(#infos)*
            #(#prepares)*
        }
    }
}

/// Whether some operation takes a type of the `types` module as argument.
fn in_arguments(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        op.body.as_ref().is_some_and(|b| mentions_types(&b.ty))
            || op.params.iter().any(|p| mentions_types(&p.ty))
    })
}

/// Whether spelling `ty` names a type of the `types` module.
pub(super) fn mentions_types(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            mentions_types(inner)
        }
        _ => false,
    }
}

fn info_const(op: &Operation) -> proc_macro2::Ident {
    let name = op.method_name.to_shouty_snake_case();
    // heck drops the leading `_` that makes a method such as `_1a` an
    // identifier; `1A` is not one.
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        ident(&format!("_{name}"))
    } else {
        ident(&name)
    }
}

/// `pub(crate) const NAME: OperationInfo = OperationInfo { .. };`
fn operation_info(op: &Operation) -> TokenStream {
    let name = info_const(op);
    let id = &op.operation_id;
    let method = ident(op.method.as_str());
    let path = &op.path;
    let idempotent = op.idempotent;
    let security = match &op.security {
        None => quote! { None },
        Some(requirements) => {
            let requirements = requirements
                .iter()
                .map(|schemes| quote! { &[#(#schemes),*] });
            quote! { Some(&[#(#requirements),*]) }
        }
    };
    let doc = format!("`{} {}`", op.method.as_str(), op.path);
    let docs = doc_attrs([Some(doc.as_str())]);
    let accept = &op.accept;
    quote! {
        #docs
        pub(crate) const #name: OperationInfo = OperationInfo {
            id: #id,
            method: reqwest::Method::#method,
            path: #path,
            idempotent: #idempotent,
            security: #security,
            accept: #accept,
        };
    }
}

/// The inputs of an operation's request preparation: the parameters
/// (named as the IR names them) and the body (named `body`, unless a
/// parameter is).
struct Inputs {
    /// `name: Type` for each input, in order.
    args: Vec<TokenStream>,
    /// The body's name, when there is a body.
    body: Option<Ident>,
    /// The names taken so far, for the function's locals.
    locals: Locals,
}

/// The inputs of `op`'s request preparation.
fn inputs(op: &Operation) -> Inputs {
    let mut locals = Locals::new(op.params.iter().map(|p| p.rust_name.as_str()));
    let mut args = Vec::new();
    for param in &op.params {
        let arg = ident(&param.rust_name);
        let ty = argument_tokens(&param.ty, param.required, Scope::Crate);
        args.push(quote! { #arg: #ty });
    }
    let body = op.body.as_ref().map(|body| {
        let name = locals.name("body");
        let ty = body_argument_tokens(body, Scope::Crate);
        args.push(quote! { #name: #ty });
        name
    });
    Inputs { args, body, locals }
}

/// The method of `op`, which takes the required inputs and returns the
/// request builder with the optional ones unset:
///
/// ```ignore
/// pub fn op<'a>(&'a self, id: &'a str) -> builder::Op<'a> {
///     builder::Op { client: self, id, limit: None }
/// }
/// ```
fn operation_method(op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let inputs = super::builder::inputs(op);
    // The lifetime is elided unless a required input borrows.
    let borrows = inputs.required().any(|input| input.borrows);
    let lifetime = if borrows {
        quote! { 'a }
    } else {
        quote! { '_ }
    };
    let client = &inputs.client;
    let args = inputs.required().map(|input| {
        let arg = &input.name;
        let ty = &input.ty;
        quote! { #arg: #ty }
    });
    let fields = inputs.inputs.iter().map(|input| {
        let field = &input.name;
        if input.required {
            quote! { #field }
        } else {
            quote! { #field: None }
        }
    });
    let docs = method_docs(op, &inputs);
    let aliases = op
        .aliases
        .iter()
        .map(|alias| quote! { #[doc(alias = #alias)] });
    let (generics, receiver) = if borrows {
        (quote! { <'a> }, quote! { &'a self })
    } else {
        (TokenStream::new(), quote! { &self })
    };
    let args: Vec<TokenStream> = args.collect();
    let allow = allow_many_arguments(&args);
    quote! {
        #docs
        #(#aliases)*
        #allow
        pub fn #name #generics(#receiver, #(#args),*) -> builder::#builder<#lifetime> {
            builder::#builder { #client: self, #(#fields),* }
        }
    }
}

/// The function in `mod operation` that checks the arguments of `op` and
/// prepares its request:
///
/// ```ignore
/// pub(super) fn op(id: &str, limit: Option<i64>, body: &types::Note) -> Result<PreparedRequest, Error> {
///     let mut url_path = String::from("/notes/");
///     url_path.push_str(&crate::request::path_segment("id", id)?);
///     let mut query_string = String::new();
///     ... one push per query parameter, then `?query_string` onto `url_path` ...
///     Ok(PreparedRequest {
///         operation: &self::OP,
///         url_path,
///         headers: reqwest::header::HeaderMap::new(),
///         body: Some(crate::request::json_body(body)?),
///     })
/// }
/// ```
fn prepare_fn(api: &Api, op: &Operation) -> TokenStream {
    let Inputs {
        args,
        body: body_arg,
        mut locals,
        ..
    } = inputs(op);
    let info = info_const(op);
    let url_path = locals.name("url_path");
    let path = path_statements(api, op, &url_path);
    let query = query_statements(api, op, &url_path, &mut locals);
    let url_path_value = if path.is_empty() && query.is_empty() {
        let literal = literal_path(op);
        quote! { url_path: String::from(#literal) }
    } else {
        field_init("url_path", &url_path)
    };
    let headers = locals.name("headers");
    let header_stmts = header_statements(api, op, &headers);
    let (header_map, headers_value) = if header_stmts.is_empty() {
        (
            TokenStream::new(),
            quote! { headers: reqwest::header::HeaderMap::new() },
        )
    } else {
        (
            quote! {
                let mut #headers = reqwest::header::HeaderMap::new();
                #(#header_stmts)*
            },
            field_init("headers", &headers),
        )
    };
    let (body_stmts, body_value) = match (&op.body, &body_arg) {
        (Some(spec_body), Some(arg)) if matches!(spec_body.media, BodyMedia::Multipart(_)) => {
            let parts = locals.name("parts");
            (
                multipart_parts(api, spec_body, arg, &parts, &mut locals),
                quote! { Some(crate::multipart::body(#parts)) },
            )
        }
        (Some(spec_body), Some(arg)) => {
            let value = locals.name("value");
            let (encoded, fallible) = encoded_body(api, spec_body, &value);
            let plain_json = matches!(spec_body.media, BodyMedia::Json)
                && spec_body.media_type == "application/json";
            let sent = match (spec_body.required, fallible) {
                (true, _) => {
                    let (encoded, _) = encoded_body(api, spec_body, arg);
                    if fallible {
                        quote! { Some(#encoded?) }
                    } else {
                        quote! { Some(#encoded) }
                    }
                }
                (false, true) if plain_json => {
                    quote! { #arg.map(crate::request::json_body).transpose()? }
                }
                (false, true) => quote! { #arg.map(|#value| #encoded).transpose()? },
                (false, false) => quote! { #arg.map(|#value| #encoded) },
            };
            (TokenStream::new(), sent)
        }
        _ => (TokenStream::new(), quote! { None }),
    };
    let allow = allow_many_arguments(&args);
    let prepare = ident(&op.method_name);
    let prepare_doc = format!(
        "The request of [`Client::{}`], ready to send.",
        op.method_name
    );
    let docs = doc_attrs([Some(prepare_doc.as_str())]);
    quote! {
        #docs
        #allow
        pub(super) fn #prepare(#(#args),*) -> Result<PreparedRequest, Error> {
            #(#path)*
            #(#query)*
            #header_map
            #body_stmts
            Ok(PreparedRequest {
                operation: &self::#info,
                #url_path_value,
                #headers_value,
                body: #body_value,
            })
        }
    }
}

/// The expression that encodes the body `value` (a non-multipart body) as
/// a `RequestBody`, and whether it gives a `Result` instead.
fn encoded_body(api: &Api, body: &Body, value: &Ident) -> (TokenStream, bool) {
    let media_type = body.media_type.as_str();
    match body.media {
        BodyMedia::Json if media_type == "application/json" => {
            (quote! { crate::request::json_body(#value) }, true)
        }
        BodyMedia::Json => (
            quote! { crate::request::json_body(#value).map(|encoded| encoded.with_content_type(#media_type)) },
            true,
        ),
        BodyMedia::Form => {
            let order = property_order(api, &body.ty);
            (
                quote! { crate::request::form_body(#value, &[#(#order),*]) },
                true,
            )
        }
        BodyMedia::Text => (
            quote! { crate::request::text_body(#value, #media_type) },
            false,
        ),
        BodyMedia::Binary => (
            quote! { crate::request::bytes_body(#value, #media_type) },
            false,
        ),
        BodyMedia::Multipart(_) => (
            quote! { compile_error!("a multipart body is built from its parts") },
            false,
        ),
    }
}

/// `field: local`, or the shorthand `field` when the local has its name.
fn field_init(field: &str, local: &Ident) -> TokenStream {
    if local == field {
        quote! { #local }
    } else {
        let field = ident(field);
        quote! { #field: #local }
    }
}

/// `#[allow(clippy::too_many_arguments)]` for a function taking `args`
/// when clippy would ask for it.
fn allow_many_arguments(args: &[TokenStream]) -> Option<TokenStream> {
    (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] })
}

/// The statements that collect the parts of a multipart body into
/// `parts`: files as file parts, scalars as text, anything else as JSON
/// text. `arg` is the body argument.
fn multipart_parts(
    api: &Api,
    spec_body: &Body,
    arg: &Ident,
    parts: &Ident,
    locals: &mut Locals,
) -> TokenStream {
    let value = locals.name("value");
    let form_parts: &[FormPart] = match &spec_body.media {
        BodyMedia::Multipart(form_parts) => form_parts,
        BodyMedia::Json | BodyMedia::Form | BodyMedia::Text | BodyMedia::Binary => &[],
    };
    let pushes = form_parts.iter().map(|form_part| {
        let member = ident(&form_part.rust_name);
        let wire = &form_part.wire_name;
        let optional = form_part.optional;
        let ty = &form_part.ty;
        let part = match (form_part.kind, ty) {
            (PartKind::File, _) => {
                quote! { crate::multipart::Part::File { name: #wire, file: #value.clone() } }
            }
            (PartKind::Text, TypeRef::String) => {
                quote! { crate::multipart::Part::Text { name: #wire, value: #value.clone() } }
            }
            (PartKind::Text, TypeRef::Named(name)) if is_string_enum(api, name) => {
                quote! { crate::multipart::Part::Text { name: #wire, value: #value.as_str().to_owned() } }
            }
            (PartKind::Text, _) => {
                quote! { crate::multipart::Part::Text { name: #wire, value: #value.to_string() } }
            }
            (PartKind::Json, _) => quote! { crate::multipart::Part::json(#wire, #value)? },
        };
        if optional {
            quote! {
                if let Some(#value) = &#arg.#member {
                    #parts.push(#part);
                }
            }
        } else {
            quote! {
                let #value = &#arg.#member;
                #parts.push(#part);
            }
        }
    });
    let unwrap = if spec_body.required {
        TokenStream::new()
    } else {
        quote! {
            let Some(#arg) = #arg else {
                return Err(Error::InvalidArgument { name: "body", reason: "a multipart body is required".to_owned() });
            };
        }
    };
    quote! {
        #unwrap
        let mut #parts = Vec::new();
        #(#pushes)*
    }
}

/// Whether `name` is an enum of strings (which has `as_str`).
fn is_string_enum(api: &Api, name: &str) -> bool {
    matches!(api.types.get(name), Some(TypeDef::Enum(def)) if def.repr == EnumRepr::String)
}

/// An expression that gives `value` (of scalar type `ty`) as `&str`.
fn text_of(api: &Api, ty: &TypeRef, value: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote! { #value },
        TypeRef::Named(name) if is_string_enum(api, name) => quote! { #value.as_str() },
        _ => quote! { &#value.to_string() },
    }
}

/// What kind of value a parameter holds, which decides how its style
/// writes it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A primitive or an enum value.
    Scalar,
    /// A list.
    List,
    /// A struct or map.
    Object,
}

fn kind(api: &Api, ty: &TypeRef) -> Kind {
    match ty {
        TypeRef::Array(_) => Kind::List,
        TypeRef::Map(_) => Kind::Object,
        TypeRef::Named(name) if matches!(api.types.get(name), Some(TypeDef::Struct(_))) => {
            Kind::Object
        }
        _ => Kind::Scalar,
    }
}

/// `crate::request::ParamValue::...` for the argument `arg` of `param`,
/// with `?` where it can fail (an object that does not serialise).
fn param_value(api: &Api, param: &Param, arg: &TokenStream) -> TokenStream {
    let name = &param.rust_name;
    match kind(api, &param.ty) {
        Kind::Scalar => quote! { crate::request::ParamValue::scalar(#arg) },
        Kind::List => quote! { crate::request::ParamValue::list(#arg) },
        Kind::Object => {
            let order = property_order(api, &param.ty);
            quote! { crate::request::ParamValue::object(#name, #arg, &[#(#order),*])? }
        }
    }
}

/// The wire names of the properties of the struct `ty`, in order (for a
/// map, none: its keys are sent by key).
fn property_order<'a>(api: &'a Api, ty: &TypeRef) -> Vec<&'a str> {
    match ty {
        TypeRef::Named(name) => match api.types.get(name) {
            Some(TypeDef::Struct(def)) => def
                .fields
                .iter()
                .filter(|f| f.kind == crate::ir::FieldKind::Property)
                .map(|f| f.wire_name.as_str())
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// `crate::request::Style::...` for `style`.
fn style_tokens(style: ParamStyle) -> TokenStream {
    let variant = ident(match style {
        ParamStyle::Form => "Form",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
        ParamStyle::Simple => "Simple",
        ParamStyle::Label => "Label",
        ParamStyle::Matrix => "Matrix",
    });
    quote! { crate::request::Style::#variant }
}

fn method_docs(op: &Operation, inputs: &super::builder::Inputs<'_>) -> TokenStream {
    let fallback = format!("Calls `{}`.", op.operation_id);
    let route = format!("`{} {}`", op.method.as_str(), op.path);
    let args: Vec<String> = inputs
        .required()
        .filter(|input| input.param.is_some())
        .map(|input| format!("- `{}`: {}", input.name, super::builder::input_doc(input)))
        .collect();
    let args = (!args.is_empty()).then(|| format!("# Arguments\n\n{}", args.join("\n")));
    let optional: Vec<String> = inputs
        .optional()
        .map(|input| {
            format!(
                "- [`{0}`](builder::{1}::{0}): {2}",
                input.name,
                op.builder_name,
                super::builder::input_doc(input)
            )
        })
        .collect();
    let optional = (!optional.is_empty()).then(|| {
        format!(
            "# Optional inputs\n\nSet by the methods of the returned [`builder::{}`]:\n\n{}",
            op.builder_name,
            optional.join("\n")
        )
    });
    let codes = |statuses: &[u16]| {
        statuses
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let success = op.success.description.as_ref().map(|d| {
        let mut text = format!(
            "On success ({}): {}",
            codes(&op.success.statuses),
            one_line(d)
        );
        let plain_json = op.success.media_types.len() == 1
            && op.success.media_types[0] == "application/json";
        let read_as = op.success.media_types.first().filter(|_| !plain_json).map(|first| {
            let mut read_as = format!(" The body is read as `{first}`");
            if op.success.media_types.len() > 1 {
                let others: Vec<String> = op.success.media_types[1..]
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect();
                read_as.push_str(&format!(
                    " (JSON where documented, else the first); also documented: {}",
                    others.join(", ")
                ));
            }
            read_as.push('.');
            read_as
        });
        match (&op.success.ty, op.success.media) {
            (Some(_), ResponseMedia::Json) => {
                text.push_str(&read_as.unwrap_or_default());
                text.push_str(" `None` when the server accepted the request but its body is empty or not the documented JSON (the raw bytes are in the `raw_body` of `send_with_response`)");
                if op.success.may_be_empty() {
                    text.push_str(&format!(
                        "; documented without a body: {}",
                        codes(&op.success.empty_statuses)
                    ));
                }
                text.push('.');
            }
            (Some(_), ResponseMedia::Text) => {
                text.push_str(&read_as.unwrap_or_default());
                text.push_str(" It is returned as text (UTF-8; invalid bytes become U+FFFD), empty when the server sent none.");
            }
            (Some(_), ResponseMedia::Binary) => {
                text.push_str(&read_as.unwrap_or_default());
                text.push_str(" Its bytes are returned as they came, empty when the server sent none.");
            }
            (None, _) => {}
        }
        text
    });
    let retries = if op.idempotent {
        "Retried (per the client's [`RetryPolicy`](crate::RetryPolicy)) on 408, 429, 5xx and connection failures: repeating this request is safe."
    } else {
        "Retried (per the client's [`RetryPolicy`](crate::RetryPolicy)) only on 429 and on failures before the request was sent: a repeated request could act twice."
    };
    let mut errors = String::from(
        "# Errors\n\n[`Error::Api`] for any status outside 2xx, [`Error::Transport`] when the request fails, [`Error::InvalidArgument`] for an argument that cannot be sent",
    );
    errors.push_str("; never for a 2xx, whatever its body.");
    let documented: Vec<String> = op
        .errors
        .iter()
        .map(|e| {
            let status = e
                .status
                .map_or_else(|| "other".to_owned(), |s| s.to_string());
            format!("- `{status}`: {}", one_line(&e.description))
        })
        .collect();
    if !documented.is_empty() {
        errors.push_str(" Documented error responses:\n\n");
        errors.push_str(&documented.join("\n"));
    }
    doc_attrs([
        Some(op.summary.as_deref().unwrap_or(&fallback)),
        op.description.as_deref(),
        Some(route.as_str()),
        success.as_deref(),
        args.as_deref(),
        optional.as_deref(),
        Some(retries),
        Some(errors.as_str()),
    ])
}

/// The path of an operation without path parameters, as sent.
fn literal_path(op: &Operation) -> String {
    op.path_segments
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal(text) => text.as_str(),
            PathSegment::Param(_) => "",
        })
        .collect()
}

/// The statements that build `url_path` from the path's literal text and
/// its encoded parameters; none when the path has no parameters.
///
/// ```ignore
/// let mut url_path = String::from("/notes/");
/// url_path.push_str(&crate::request::path_segment("id", id)?);
/// url_path.push_str("/tags");
/// ```
fn path_statements(api: &Api, op: &Operation, url_path: &Ident) -> Vec<TokenStream> {
    if !op
        .path_segments
        .iter()
        .any(|s| matches!(s, PathSegment::Param(_)))
    {
        return Vec::new();
    }
    let mut statements = Vec::new();
    for segment in &op.path_segments {
        let statement = match segment {
            PathSegment::Literal(text) if statements.is_empty() => {
                quote! { let mut #url_path = String::from(#text); }
            }
            // One character (the `/` between two parameters) is pushed as a
            // `char`, as clippy's `single_char_add_str` asks.
            PathSegment::Literal(text) => match single_char(text) {
                Some(ch) => quote! { #url_path.push(#ch); },
                None => quote! { #url_path.push_str(#text); },
            },
            PathSegment::Param(wire) => {
                let Some(param) = op
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && &p.wire_name == wire)
                else {
                    continue;
                };
                let arg = ident(&param.rust_name);
                let name = &param.rust_name;
                let encoded = if param.style == ParamStyle::Simple
                    && kind(api, &param.ty) == Kind::Scalar
                {
                    let text = text_of(api, &param.ty, &quote! { #arg });
                    quote! { &crate::request::path_segment(#name, #text)? }
                } else {
                    let style = style_tokens(param.style);
                    let explode = param.explode;
                    let value = param_value(api, param, &quote! { #arg });
                    quote! { &crate::request::path_param(#name, #wire, #style, #explode, &#value)? }
                };
                if statements.is_empty() {
                    statements.push(quote! { let mut #url_path = String::new(); });
                }
                quote! { #url_path.push_str(#encoded); }
            }
        };
        statements.push(statement);
    }
    statements
}

/// `text` as a `char` when it is exactly one.
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(ch), None) => Some(ch),
        _ => None,
    }
}

/// The statements that append the query parameters to `url_path`.
fn query_statements(
    api: &Api,
    op: &Operation,
    url_path: &Ident,
    locals: &mut Locals,
) -> Vec<TokenStream> {
    let params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    if params.is_empty() {
        return Vec::new();
    }
    let mut statements = Vec::new();
    if !op
        .path_segments
        .iter()
        .any(|s| matches!(s, PathSegment::Param(_)))
    {
        let literal = literal_path(op);
        statements.push(quote! { let mut #url_path = String::from(#literal); });
    }
    let query_string = locals.name("query_string");
    let item = locals.name("item");
    statements.push(quote! { let mut #query_string = String::new(); });
    for param in params {
        let arg = ident(&param.rust_name);
        let wire = &param.wire_name;
        let push = match (&param.ty, kind(api, &param.ty)) {
            (TypeRef::Array(item_ty), Kind::List)
                if param.style == ParamStyle::Form && param.explode =>
            {
                let text = text_of(api, item_ty, &quote! { #item });
                quote! {
                    for #item in #arg.iter() {
                        crate::request::push_query(&mut #query_string, #wire, #text);
                    }
                }
            }
            (ty, Kind::Scalar) => {
                let text = text_of(api, ty, &quote! { #arg });
                quote! { crate::request::push_query(&mut #query_string, #wire, #text); }
            }
            _ => {
                let style = style_tokens(param.style);
                let explode = param.explode;
                let value = param_value(api, param, &quote! { #arg });
                quote! {
                    crate::request::push_query_param(&mut #query_string, #wire, #style, #explode, &#value);
                }
            }
        };
        statements.push(if param.required {
            push
        } else {
            quote! {
                if let Some(#arg) = #arg {
                    #push
                }
            }
        });
    }
    statements.push(quote! {
        if !#query_string.is_empty() {
            #url_path.push('?');
            #url_path.push_str(&#query_string);
        }
    });
    statements
}

/// The statements that put the header parameters into `headers`.
fn header_statements(api: &Api, op: &Operation, headers: &Ident) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|param| {
            let arg = ident(&param.rust_name);
            let wire = param.wire_name.to_ascii_lowercase();
            let name = &param.rust_name;
            let value = match (&param.ty, kind(api, &param.ty)) {
                (TypeRef::Array(item_ty), Kind::List) if *item_ty.as_ref() == TypeRef::String => {
                    let text = quote! { &#arg.join(",") };
                    quote! { crate::request::header_value(#name, #text)? }
                }
                (ty, Kind::Scalar) => {
                    let text = text_of(api, ty, &quote! { #arg });
                    quote! { crate::request::header_value(#name, #text)? }
                }
                _ => {
                    let explode = param.explode;
                    let value = param_value(api, param, &quote! { #arg });
                    quote! { crate::request::header_param(#name, #explode, &#value)? }
                }
            };
            let set = quote! {
                #headers.insert(
                    reqwest::header::HeaderName::from_static(#wire),
                    #value,
                );
            };
            if param.required {
                set
            } else {
                quote! {
                    if let Some(#arg) = #arg {
                        #set
                    }
                }
            }
        })
        .collect()
}

//! Emits the operation methods of `Client`: for each operation a plain
//! method returning the body and a `_with_response` twin returning status,
//! headers and rate-limit information too, plus the `OperationInfo`
//! constants the transport reads.

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, one_line};
use super::types::{ident, type_tokens, Scope};
use crate::ir::{
    Api, Body, BodyMedia, Field, FieldKind, Operation, Param, ParamLocation, PathSegment, TypeDef,
    TypeRef,
};

/// The first part of `operations.rs`: the docs, the imports and
/// `impl Client { ...methods... }`.
pub fn methods_part(api: &Api) -> TokenStream {
    let in_arguments = in_arguments(api);
    let in_results = api
        .operations
        .iter()
        .any(|op| op.success.ty.as_ref().is_some_and(mentions_types));
    let any_unit = api.operations.iter().any(|op| op.success.ty.is_none());
    let raw_response = any_unit.then(|| quote! { use crate::transport::RawResponse; });
    let outer_types_import = (in_arguments || in_results).then(|| quote! { use crate::types; });
    let methods = api.operations.iter().map(|op| operation_method(api, op));
    quote! {
        //! One pair of methods of [`Client`] per operation of the spec: the
        //! plain one returns the body, the `_with_response` one the status,
        //! headers and rate-limit information too.

        use crate::client::Client;
        use crate::error::Error;
        use crate::response::ApiResponse;
        #raw_response
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
    let mut helper_names = vec![quote! { PreparedRequest }];
    if super::runtime::uses_json_body(api) {
        helper_names.push(quote! { json_body });
    }
    let multipart_import = super::runtime::uses_multipart(api).then(|| {
        helper_names.push(quote! { RequestBody });
        quote! { use crate::multipart::Part; }
    });
    let uses = |location| super::runtime::uses_param(api, location);
    if uses(ParamLocation::Path) {
        helper_names.push(quote! { path_segment });
    }
    if uses(ParamLocation::Query) {
        helper_names.push(quote! { push_query });
    }
    if uses(ParamLocation::Header) {
        helper_names.push(quote! { header_value });
    }
    let infos = api.operations.iter().map(operation_info);
    let prepares = api.operations.iter().map(|op| prepare_fn(api, op));
    quote! {
        /// Each operation's constants and request preparation.
        mod operation {
            use super::Error;
            use crate::transport::{#(#helper_names),*};
            #types_import
            #multipart_import
            use crate::transport::OperationInfo;

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
    let doc = format!(" `{} {}`", op.method.as_str(), op.path);
    quote! {
        #[doc = #doc]
        pub(crate) const #name: OperationInfo = OperationInfo {
            id: #id,
            method: reqwest::Method::#method,
            path: #path,
            idempotent: #idempotent,
        };
    }
}

/// The arguments of an operation's methods, and the names to pass them on.
fn arguments(api: &Api, op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut args = Vec::new();
    let mut names = Vec::new();
    for param in &op.params {
        let arg = ident(&param.rust_name);
        let ty = arg_type(api, &param.ty, param.required);
        args.push(quote! { #arg: #ty });
        names.push(quote! { #arg });
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, Scope::Crate);
        args.push(if body.required {
            quote! { body: &#ty }
        } else {
            quote! { body: Option<&#ty> }
        });
        names.push(quote! { body });
    }
    (args, names)
}

/// The plain method of `op` and its `_with_response` twin:
///
/// ```ignore
/// pub async fn op(&self, args) -> Result<T, Error> {
///     let request = operation::op(args)?;
///     self.execute(request).await?.json_body()
/// }
/// pub async fn op_with_response(&self, args) -> Result<ApiResponse<T>, Error> {
///     let request = operation::op(args)?;
///     self.execute(request).await?.json()
/// }
/// ```
fn operation_method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let with_response = ident(&format!("{}_with_response", op.method_name));
    let (args, names) = arguments(api, op);
    let docs = method_docs(op);
    let twin_doc = format!(
        " Like [`Client::{}`], and also gives the status, headers and rate-limit information of the response.",
        op.method_name
    );
    let twin_errors = format!(" As for [`Client::{}`].", op.method_name);
    let (output, plain_finish, twin_finish) = match &op.success.ty {
        Some(ty) if op.success.may_be_empty() => {
            let ty = type_tokens(ty, Scope::Crate);
            (
                quote! { Option<#ty> },
                quote! { self.execute(request).await?.optional_json_body() },
                quote! { self.execute(request).await?.optional_json() },
            )
        }
        Some(ty) => (
            type_tokens(ty, Scope::Crate),
            quote! { self.execute(request).await?.json_body() },
            quote! { self.execute(request).await?.json() },
        ),
        None => (
            quote! { () },
            quote! { self.execute(request).await.map(drop) },
            quote! { self.execute(request).await.map(RawResponse::empty) },
        ),
    };
    let allow = allow_many_arguments(&args);
    let prepare = ident(&op.method_name);
    quote! {
        #docs
        #allow
        pub async fn #name(&self, #(#args),*) -> Result<#output, Error> {
            let request = operation::#prepare(#(#names),*)?;
            #plain_finish
        }

        #[doc = #twin_doc]
        ///
        /// # Errors
        ///
        #[doc = #twin_errors]
        #allow
        pub async fn #with_response(&self, #(#args),*) -> Result<ApiResponse<#output>, Error> {
            let request = operation::#prepare(#(#names),*)?;
            #twin_finish
        }
    }
}

/// The function in `mod operation` that checks the arguments of `op` and
/// prepares its request:
///
/// ```ignore
/// pub(super) fn op(args) -> Result<PreparedRequest, Error> {
///     let url_path = format!("/a/{}", path_segment("id", id)?);
///     ... query, headers, body ...
///     Ok(PreparedRequest { .. })
/// }
/// ```
fn prepare_fn(api: &Api, op: &Operation) -> TokenStream {
    let (args, _) = arguments(api, op);
    let info = info_const(op);
    let query = query_statements(api, op);
    let path = path_expr(op);
    let header_stmts = header_statements(api, op);
    let headers = if header_stmts.is_empty() {
        quote! { let headers = reqwest::header::HeaderMap::new(); }
    } else {
        quote! {
            let mut headers = reqwest::header::HeaderMap::new();
            #(#header_stmts)*
        }
    };
    let body = match &op.body {
        Some(body) if body.media == BodyMedia::Multipart => multipart_body(api, body),
        Some(body) if body.required => quote! { let body = Some(json_body(body)?); },
        Some(_) => quote! { let body = body.map(json_body).transpose()?; },
        None => quote! { let body = None; },
    };
    let path_mutable = (!query.is_empty()).then(|| quote! { mut });
    let allow = allow_many_arguments(&args);
    let prepare = ident(&op.method_name);
    let prepare_doc = format!(
        " The request of [`Client::{}`], ready to send.",
        op.method_name
    );
    quote! {
        #[doc = #prepare_doc]
        #allow
        pub(super) fn #prepare(#(#args),*) -> Result<PreparedRequest, Error> {
            let #path_mutable url_path = #path;
            #(#query)*
            #headers
            #body
            Ok(PreparedRequest { operation: &#info, url_path, headers, body })
        }
    }
}

/// `#[allow(clippy::too_many_arguments)]` for a function taking `args`
/// when clippy would ask for it.
fn allow_many_arguments(args: &[TokenStream]) -> Option<TokenStream> {
    (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] })
}

/// How one property of a multipart body is sent.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum PartKind {
    /// A file part (`FilePart`).
    File,
    /// A text part: strings, numbers, booleans, enum values.
    Text,
    /// A text part holding JSON: objects, lists, maps, unions.
    Json,
}

/// The part a property of type `ty` becomes (a nullable type like its inner one).
pub(super) fn part_kind(api: &Api, ty: &TypeRef) -> PartKind {
    match ty {
        TypeRef::Nullable(inner) => part_kind(api, inner),
        TypeRef::Binary => PartKind::File,
        TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Bool => {
            PartKind::Text
        }
        TypeRef::Named(name) if is_enum(api, name) => PartKind::Text,
        _ => PartKind::Json,
    }
}

/// The properties of a multipart body: the fields of its struct.
pub(super) fn multipart_fields<'a>(api: &'a Api, body: &Body) -> impl Iterator<Item = &'a Field> {
    let fields = match &body.ty {
        TypeRef::Named(name) => match api.types.get(name) {
            Some(TypeDef::Struct(def)) => def.fields.as_slice(),
            _ => &[],
        },
        _ => &[],
    };
    fields.iter().filter(|f| f.kind == FieldKind::Property)
}

/// `let body = Some(RequestBody::Multipart(parts));` with one part per
/// property: files as file parts, scalars as text, anything else as JSON text.
fn multipart_body(api: &Api, body: &Body) -> TokenStream {
    let pushes = multipart_fields(api, body).map(|field| {
        let member = ident(&field.rust_name);
        let wire = &field.wire_name;
        let optional = !field.required || matches!(field.ty, TypeRef::Nullable(_));
        let value = quote! { value };
        let ty = match &field.ty {
            TypeRef::Nullable(inner) => inner.as_ref(),
            other => other,
        };
        let part = match (part_kind(api, ty), ty) {
            (PartKind::File, _) => quote! { Part::File { name: #wire, file: #value.clone() } },
            (PartKind::Text, TypeRef::String) => {
                quote! { Part::Text { name: #wire, value: #value.clone() } }
            }
            (PartKind::Text, TypeRef::Named(_)) => {
                quote! { Part::Text { name: #wire, value: #value.as_str().to_owned() } }
            }
            (PartKind::Text, _) => quote! { Part::Text { name: #wire, value: #value.to_string() } },
            (PartKind::Json, _) => quote! { Part::json(#wire, #value)? },
        };
        if optional {
            quote! {
                if let Some(value) = &body.#member {
                    parts.push(#part);
                }
            }
        } else {
            quote! {
                let value = &body.#member;
                parts.push(#part);
            }
        }
    });
    let unwrap = if body.required {
        TokenStream::new()
    } else {
        quote! {
            let Some(body) = body else {
                return Err(Error::InvalidArgument { name: "body", reason: "a multipart body is required".to_owned() });
            };
        }
    };
    quote! {
        #unwrap
        let mut parts = Vec::new();
        #(#pushes)*
        let body = Some(RequestBody::Multipart(parts));
    }
}

/// How an argument of type `ty` is passed to a method.
fn arg_type(api: &Api, ty: &TypeRef, required: bool) -> TokenStream {
    let inner = match ty {
        TypeRef::String => quote! { &str },
        TypeRef::Array(item) => {
            let item = type_tokens(item, Scope::Crate);
            quote! { &[#item] }
        }
        TypeRef::Named(name) if is_enum(api, name) => {
            let ty = type_tokens(ty, Scope::Crate);
            quote! { &#ty }
        }
        _ => type_tokens(ty, Scope::Crate),
    };
    if required {
        inner
    } else {
        quote! { Option<#inner> }
    }
}

fn is_enum(api: &Api, name: &str) -> bool {
    matches!(api.types.get(name), Some(TypeDef::Enum(_)))
}

/// An expression that gives `value` (of scalar type `ty`) as `&str`.
fn text_of(api: &Api, ty: &TypeRef, value: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote! { #value },
        TypeRef::Named(name) if is_enum(api, name) => quote! { #value.as_str() },
        _ => quote! { &#value.to_string() },
    }
}

fn method_docs(op: &Operation) -> TokenStream {
    let fallback = format!("Calls `{}`.", op.operation_id);
    let route = format!("`{} {}`", op.method.as_str(), op.path);
    let args: Vec<String> = op
        .params
        .iter()
        .map(|p| match &p.description {
            Some(d) => format!("- `{}`: {}", p.rust_name, one_line(d)),
            None => format!(
                "- `{}`: the `{}` {} parameter.",
                p.rust_name,
                p.wire_name,
                location_name(p)
            ),
        })
        .collect();
    let args = (!args.is_empty()).then(|| format!("# Arguments\n\n{}", args.join("\n")));
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
        if op.success.may_be_empty() {
            text.push_str(&format!(
                " `None` when the response has no body (documented without one: {}).",
                codes(&op.success.empty_statuses)
            ));
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
    if op.success.ty.is_some() {
        errors.push_str(" and [`Error::Decode`] when a success body is not the documented JSON");
    }
    errors.push('.');
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
        Some(retries),
        Some(errors.as_str()),
    ])
}

fn location_name(param: &Param) -> &'static str {
    match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// `String::from("/literal")` or `format!("/a/{}", path_segment("id", id)?)`.
fn path_expr(op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut values = Vec::new();
    for segment in &op.path_segments {
        match segment {
            PathSegment::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathSegment::Param(wire) => {
                template.push_str("{}");
                let Some(param) = op
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && &p.wire_name == wire)
                else {
                    continue;
                };
                let arg = ident(&param.rust_name);
                let name = &param.rust_name;
                let text = match param.ty {
                    TypeRef::String => quote! { #arg },
                    TypeRef::Named(_) => quote! { #arg.as_str() },
                    _ => quote! { &#arg.to_string() },
                };
                values.push(quote! { path_segment(#name, #text)? });
            }
        }
    }
    if values.is_empty() {
        quote! { String::from(#template) }
    } else {
        quote! { format!(#template, #(#values),*) }
    }
}

fn query_statements(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    if params.is_empty() {
        return Vec::new();
    }
    let mut statements = vec![quote! { let mut query_string = String::new(); }];
    for param in params {
        let arg = ident(&param.rust_name);
        let wire = &param.wire_name;
        let push = match &param.ty {
            TypeRef::Array(item) => {
                let text = text_of(api, item, &quote! { item });
                quote! {
                    for item in #arg.iter() {
                        push_query(&mut query_string, #wire, #text);
                    }
                }
            }
            ty => {
                let text = text_of(api, ty, &quote! { #arg });
                quote! { push_query(&mut query_string, #wire, #text); }
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
        if !query_string.is_empty() {
            url_path.push('?');
            url_path.push_str(&query_string);
        }
    });
    statements
}

fn header_statements(api: &Api, op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|param| {
            let arg = ident(&param.rust_name);
            let wire = param.wire_name.to_ascii_lowercase();
            let name = &param.rust_name;
            let text = match &param.ty {
                TypeRef::Array(item) => {
                    let text = text_of(api, item, &quote! { item });
                    quote! { &#arg.iter().map(|item| #text.to_owned()).collect::<Vec<_>>().join(",") }
                }
                ty => text_of(api, ty, &quote! { #arg }),
            };
            let set = quote! {
                headers.insert(
                    reqwest::header::HeaderName::from_static(#wire),
                    header_value(#name, #text)?,
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

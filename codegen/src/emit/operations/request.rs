//! Emits the module `operation`: for each operation the `OperationInfo`
//! constant the transport reads and the function that prepares its
//! request (path, query, headers and body) from the method's inputs.
//!
//! ```ignore
//! pub(super) fn op(id: &str, limit: Option<i64>, body: &types::Note) -> Result<PreparedRequest, Error> { .. }
//! ```

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::allow_many_arguments;
use super::parameters::{
    header_statements, is_string_enum, literal_path, path_statements, query_statements,
    style_tokens,
};
use crate::emit::docs::doc_attrs;
use crate::emit::locals::Locals;
use crate::ir::{
    Api, Body, BodyMedia, FormEncoding, FormField, FormPart, FormVariant, OneOfDef, Operation,
    ParamStyle, PartKind, TypeDef, TypeRef,
};
use crate::spelling::{argument_tokens, body_argument_tokens, ident, mentions_types, Scope};

/// The second part of `operations.rs`: the module `operation` with what the
/// transport needs to know about each operation and the function that
/// prepares its request.
pub fn preparation_part(api: &Api, operations: &[&Operation]) -> TokenStream {
    let types_import = in_arguments(operations).then(|| quote! { use crate::types; });
    let infos = operations.iter().map(|op| operation_info(op));
    let prepares = operations.iter().map(|op| prepare_fn(api, op));
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
fn in_arguments(operations: &[&Operation]) -> bool {
    operations.iter().any(|op| {
        op.body.as_ref().is_some_and(|b| mentions_types(&b.ty))
            || op.params.iter().any(|p| mentions_types(&p.ty))
    })
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
    let method = op.method.as_str();
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
            method: #method,
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
    let (body_stmts, body_value) = body_statements(api, op, body_arg.as_ref(), &mut locals);
    let allow = allow_many_arguments(&args);
    let prepare = ident(&op.method_name);
    let prepare_doc = format!(
        "The request of {}, ready to send.",
        crate::emit::groups::method_ref(op)
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

/// The statements that build the body (a multipart body's parts) and the
/// `body` field's value, for `op`'s body argument `body_arg`.
fn body_statements(
    api: &Api,
    op: &Operation,
    body_arg: Option<&Ident>,
    locals: &mut Locals,
) -> (TokenStream, TokenStream) {
    match (&op.body, body_arg) {
        (Some(spec_body), Some(arg))
            if matches!(
                spec_body.media,
                BodyMedia::Multipart(_) | BodyMedia::MultipartUnion(_)
            ) =>
        {
            let parts = locals.name("parts");
            (
                multipart_parts(api, spec_body, arg, &parts, locals),
                quote! { Some(crate::multipart::body(#parts)) },
            )
        }
        (Some(spec_body), Some(arg)) => {
            let value = locals.name("value");
            let (encoded, fallible) = encoded_body(spec_body, &value);
            let plain_json = matches!(spec_body.media, BodyMedia::Json)
                && spec_body.media_type == "application/json";
            let sent = match (spec_body.required, fallible) {
                (true, _) => {
                    let (encoded, _) = encoded_body(spec_body, arg);
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
    }
}

/// The expression that encodes the body `value` (a non-multipart body) as
/// a `RequestBody`, and whether it gives a `Result` instead.
fn encoded_body(body: &Body, value: &Ident) -> (TokenStream, bool) {
    let media_type = body.media_type.as_str();
    match &body.media {
        BodyMedia::Json if media_type == "application/json" => {
            (quote! { crate::request::json_body(#value) }, true)
        }
        BodyMedia::Json => (
            quote! { crate::request::json_body(#value).map(|encoded| encoded.with_content_type(#media_type)) },
            true,
        ),
        BodyMedia::Form(fields) => {
            let fields = fields.iter().map(form_field);
            (
                quote! { crate::request::form_body(#value, &[#(#fields),*]) },
                true,
            )
        }
        BodyMedia::Text => (
            quote! { crate::request::text_body(#value, #media_type) },
            false,
        ),
        BodyMedia::Binary => (
            quote! { crate::upload::upload_body(#value, #media_type) },
            false,
        ),
        BodyMedia::Multipart(_) | BodyMedia::MultipartUnion(_) => (
            quote! { compile_error!("a multipart body is built from its parts") },
            false,
        ),
    }
}

/// The runtime's `FormField` for a property of an urlencoded form.
fn form_field(field: &FormField) -> TokenStream {
    let name = &field.wire_name;
    match field.encoding {
        FormEncoding::Json => quote! { crate::request::FormField::json(#name) },
        FormEncoding::Style {
            style: ParamStyle::Form,
            explode: true,
            allow_reserved: false,
        } => quote! { crate::request::FormField::form(#name) },
        FormEncoding::Style {
            style,
            explode,
            allow_reserved,
        } => {
            let style = style_tokens(style);
            quote! { crate::request::FormField::styled(#name, #style, #explode, #allow_reserved) }
        }
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

/// The statements that collect the parts of a multipart body into
/// `parts`: files as file parts, scalars as text, anything else as JSON
/// text; for a union, those of the alternative the value holds, after its
/// tag. `arg` is the body argument.
fn multipart_parts(
    api: &Api,
    spec_body: &Body,
    arg: &Ident,
    parts: &Ident,
    locals: &mut Locals,
) -> TokenStream {
    let value = locals.name("value");
    let pushes = match &spec_body.media {
        BodyMedia::Multipart(form_parts) => part_pushes(api, form_parts, arg, parts, &value),
        BodyMedia::MultipartUnion(variants) => {
            let TypeRef::Named(union) = &spec_body.ty else {
                return quote! { compile_error!("a multipart union body is a named union"); };
            };
            let inner = locals.name("variant");
            union_pushes(api, union, variants, arg, parts, &value, &inner)
        }
        BodyMedia::Json | BodyMedia::Form(_) | BodyMedia::Text | BodyMedia::Binary => {
            TokenStream::new()
        }
    };
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
        #pushes
    }
}

/// A `match` on the union body `arg` (of the type `union`) that pushes
/// the tag and the parts of the alternative it holds (bound to `inner`);
/// a value of an alternative the client does not know is an invalid
/// argument, as its parts are unknown.
fn union_pushes(
    api: &Api,
    union: &str,
    variants: &[FormVariant],
    arg: &Ident,
    parts: &Ident,
    value: &Ident,
    inner: &Ident,
) -> TokenStream {
    let ty = ident(union);
    let arms = variants.iter().map(|variant| {
        let name = ident(&variant.rust_name);
        let tag = variant.tag.as_ref().map(|(property, tag)| {
            quote! { #parts.push(crate::multipart::Part::text(#property, #tag.to_owned())); }
        });
        let pushes = part_pushes(api, &variant.parts, inner, parts, value);
        quote! {
            crate::types::#ty::#name(#inner) => {
                #tag
                #pushes
            }
        }
    });
    let unknown = match api.types.get(union) {
        Some(TypeDef::OneOf(OneOfDef {
            discriminator: Some(discriminator),
            ..
        })) => {
            let unknown = ident(&discriminator.unknown);
            let reason = format!(
                "`{union}::{}` cannot be sent as a multipart form: its parts are unknown",
                discriminator.unknown
            );
            Some(quote! {
                crate::types::#ty::#unknown(_) => {
                    return Err(Error::InvalidArgument { name: "body", reason: #reason.to_owned() });
                }
            })
        }
        _ => None,
    };
    quote! {
        match #arg {
            #(#arms)*
            #unknown
        }
    }
}

/// The statements that push a part for each of `form_parts`, the fields of
/// the struct `owner`, into `parts` (`value` names each field's value).
fn part_pushes(
    api: &Api,
    form_parts: &[FormPart],
    owner: &Ident,
    parts: &Ident,
    value: &Ident,
) -> TokenStream {
    let pushes = form_parts.iter().map(|form_part| {
        let member = ident(&form_part.rust_name);
        let wire = &form_part.wire_name;
        let optional = form_part.optional;
        let ty = &form_part.ty;
        let part = match (form_part.kind, ty) {
            (PartKind::File, _) => {
                quote! { crate::multipart::Part::file(#wire, #value.clone()) }
            }
            (PartKind::Text, _) if form_part.date == Some("DateTime") => {
                quote! { crate::multipart::Part::text(#wire, crate::dates::date_time_text(#value)) }
            }
            // A `Date` writes its RFC 3339 text, as the `String` it is without `chrono`.
            (PartKind::Text, _) if form_part.date.is_some() => {
                quote! { crate::multipart::Part::text(#wire, #value.to_string()) }
            }
            (PartKind::Text, TypeRef::String) => {
                quote! { crate::multipart::Part::text(#wire, #value.clone()) }
            }
            (PartKind::Text, TypeRef::Named(name)) if is_string_enum(api, name) => {
                quote! { crate::multipart::Part::text(#wire, #value.as_str().to_owned()) }
            }
            (PartKind::Text, _) => {
                quote! { crate::multipart::Part::text(#wire, #value.to_string()) }
            }
            (PartKind::Json, _) => quote! { crate::multipart::Part::json(#wire, #value)? },
        };
        let content_type = form_part
            .content_type
            .as_ref()
            .map(|content_type| quote! { .with_content_type(#content_type) });
        let headers = (!form_part.headers.is_empty()).then(|| {
            let headers = form_part
                .headers
                .iter()
                .map(|(name, value)| quote! { (#name, #value) });
            quote! { .with_headers(&[#(#headers),*]) }
        });
        let part = quote! { #part #content_type #headers };
        if optional {
            quote! {
                if let Some(#value) = &#owner.#member {
                    #parts.push(#part);
                }
            }
        } else {
            quote! {
                let #value = &#owner.#member;
                #parts.push(#part);
            }
        }
    });
    quote! { #(#pushes)* }
}

//! Emits the statements that write an operation's parameters into its
//! request: path segments, the query string and headers, each in its
//! style. Parameters keep their names; the emitter's own locals step aside
//! ([`Locals`]) and the runtime's helpers are called by their paths.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::locals::Locals;
use crate::ir::{
    Api, EnumRepr, Operation, Param, ParamLocation, ParamStyle, PathSegment, TypeDef, TypeRef,
};
use crate::spelling::ident;

/// Whether `name` is an enum of strings (which has `as_str`).
pub(super) fn is_string_enum(api: &Api, name: &str) -> bool {
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
pub(super) fn property_order<'a>(api: &'a Api, ty: &TypeRef) -> Vec<&'a str> {
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
pub(super) fn style_tokens(style: ParamStyle) -> TokenStream {
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

/// The path of an operation without path parameters, as sent.
pub(super) fn literal_path(op: &Operation) -> String {
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
pub(super) fn path_statements(api: &Api, op: &Operation, url_path: &Ident) -> Vec<TokenStream> {
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
pub(super) fn query_statements(
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
        let push = query_push(api, param, &query_string, &item);
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

/// The statements that append the query parameter `param` (its value
/// present) to `query_string`; `item` names a list's items.
fn query_push(api: &Api, param: &Param, query_string: &Ident, item: &Ident) -> TokenStream {
    let arg = ident(&param.rust_name);
    let wire = &param.wire_name;
    match (&param.ty, kind(api, &param.ty)) {
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
    }
}

/// The statements that put the header parameters into `headers`.
pub(super) fn header_statements(api: &Api, op: &Operation, headers: &Ident) -> Vec<TokenStream> {
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

//! How the generated crate spells a type: the one place that decides it,
//! as tokens for the emitters and as text for lowering's messages and for
//! the API diff (`Vec<String>`, `Option<types::Note>`), so they never
//! disagree. It reads only the [`crate::ir`], which lowering builds and
//! the emitters read, so both look back at it.

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};
use quote::quote;

use crate::ir::{Api, Body, BodyMedia, Field, Operation, TypeRef};

/// Where a type is spelled: inside `types.rs` or outside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Inside the `types` module: named types bare, and the standard items
    /// that a spec type of the same name shadows there by their full path.
    Types(Prelude),
    /// Elsewhere in the crate: named types as `types::Name`.
    Crate,
}

impl Scope {
    /// How the standard items are spelled in this scope.
    pub fn prelude(self) -> Prelude {
        match self {
            Scope::Types(prelude) => prelude,
            Scope::Crate => Prelude::default(),
        }
    }
}

/// A standard-library item the generated `types.rs` names, which a spec
/// schema of the same name (a component called `String` or `Result`)
/// would shadow there: the spec's types live in that module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Std {
    /// `String`.
    String,
    /// `Option`.
    Option,
    /// `Vec`.
    Vec,
    /// `Box`.
    Box,
    /// `Result`.
    Result,
    /// `Into`.
    Into,
    /// `From`.
    From,
}

impl Std {
    /// Every item, in the order of [`Prelude`]'s bits.
    pub const ALL: [Std; 7] = [
        Std::String,
        Std::Option,
        Std::Vec,
        Std::Box,
        Std::Result,
        Std::Into,
        Std::From,
    ];

    /// The name the prelude gives it.
    pub fn name(self) -> &'static str {
        match self {
            Std::String => "String",
            Std::Option => "Option",
            Std::Vec => "Vec",
            Std::Box => "Box",
            Std::Result => "Result",
            Std::Into => "Into",
            Std::From => "From",
        }
    }

    /// Its full path, which no item of a module can shadow.
    fn path(self) -> TokenStream {
        match self {
            Std::String => quote! { ::std::string::String },
            Std::Option => quote! { ::std::option::Option },
            Std::Vec => quote! { ::std::vec::Vec },
            Std::Box => quote! { ::std::boxed::Box },
            Std::Result => quote! { ::std::result::Result },
            Std::Into => quote! { ::std::convert::Into },
            Std::From => quote! { ::std::convert::From },
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// How `types.rs` spells the standard items: by their prelude names, except
/// those a spec type shadows, by their full paths. So any schema name is a
/// valid type name, and code without such names reads as usual.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prelude {
    /// One bit per [`Std`] item that a spec type shadows.
    shadowed: u8,
}

impl Prelude {
    /// The spelling for `api`'s types module.
    pub fn of(api: &Api) -> Self {
        let shadowed = Std::ALL
            .iter()
            .filter(|item| api.types.contains_key(item.name()))
            .fold(0, |bits, item| bits | item.bit());
        Self { shadowed }
    }

    /// The tokens that name `item`.
    pub fn name(self, item: Std) -> TokenStream {
        if self.shadowed & item.bit() != 0 {
            item.path()
        } else {
            let name = ident(item.name());
            quote! { #name }
        }
    }

    /// The path of `Option::is_none`, as text for a serde attribute.
    pub fn option_is_none(self) -> String {
        format!("{}::is_none", text(&self.name(Std::Option)))
    }
}

/// An identifier from a name the naming rules already made valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust spelling of a type use.
pub fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    let prelude = scope.prelude();
    match ty {
        TypeRef::String => prelude.name(Std::String),
        TypeRef::Integer(int) => {
            let name = ident(int.rust());
            quote! { #name }
        }
        TypeRef::Number(float) => {
            let name = ident(float.rust());
            quote! { #name }
        }
        TypeRef::Bool => quote! { bool },
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::Binary => quote! { crate::FilePart },
        TypeRef::Bytes => quote! { bytes::Bytes },
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types(_) => quote! { #name },
                Scope::Crate => quote! { types::#name },
            }
        }
        TypeRef::Array(item) => {
            let item = type_tokens(item, scope);
            let vec = prelude.name(Std::Vec);
            quote! { #vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope);
            let string = prelude.name(Std::String);
            quote! { std::collections::BTreeMap<#string, #value> }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, scope);
            let option = prelude.name(Std::Option);
            quote! { #option<#inner> }
        }
    }
}

/// Whether spelling `ty` names a type of the `types` module
/// (`types::Name`, `Vec<types::Name>`).
pub fn mentions_types(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            mentions_types(inner)
        }
        _ => false,
    }
}

/// Whether a field is `Option<T>`: when it is not required, or when its
/// schema is nullable (then `T` itself is the `Option`; never two).
pub fn is_optional(field: &Field) -> bool {
    !field.required || matches!(field.ty, TypeRef::Nullable(_))
}

/// The type of a struct field: `Option<T>` unless required (a nullable type
/// is already an `Option`); the named type it holds by value is in a `Box`
/// where `boxed` (a recursive type: `Option<Box<Node>>`).
pub fn field_tokens(field: &Field, boxed: bool, scope: Scope) -> TokenStream {
    let ty = value_tokens(&field.ty, boxed, scope);
    if field.required || matches!(field.ty, TypeRef::Nullable(_)) {
        ty
    } else {
        let option = scope.prelude().name(Std::Option);
        quote! { #option<#ty> }
    }
}

/// `ty`, with the named type it holds by value in a `Box` where `boxed`.
pub fn value_tokens(ty: &TypeRef, boxed: bool, scope: Scope) -> TokenStream {
    let prelude = scope.prelude();
    match ty {
        TypeRef::Named(_) if boxed => {
            let inner = type_tokens(ty, scope);
            let boxed = prelude.name(Std::Box);
            quote! { #boxed<#inner> }
        }
        TypeRef::Nullable(inner) if boxed => {
            let inner = value_tokens(inner, true, scope);
            let option = prelude.name(Std::Option);
            quote! { #option<#inner> }
        }
        _ => type_tokens(ty, scope),
    }
}

/// How an argument of type `ty` is passed to a method: strings as `&str`,
/// lists as slices, enums, objects and maps by reference, `Option<..>` when
/// not required.
pub fn argument_tokens(ty: &TypeRef, required: bool, scope: Scope) -> TokenStream {
    let inner = match ty {
        TypeRef::String => quote! { &str },
        TypeRef::Array(item) => {
            let item = type_tokens(item, scope);
            quote! { &[#item] }
        }
        TypeRef::Named(_) | TypeRef::Map(_) => {
            let ty = type_tokens(ty, scope);
            quote! { &#ty }
        }
        _ => type_tokens(ty, scope),
    };
    if required {
        inner
    } else {
        quote! { Option<#inner> }
    }
}

/// How the request body is passed to a method: `&T`, or `Option<&T>` when
/// the spec does not require it.
pub fn body_argument_tokens(body: &Body, scope: Scope) -> TokenStream {
    let inner = match (&body.media, &body.ty) {
        (BodyMedia::Text, _) | (_, TypeRef::String) => quote! { &str },
        (BodyMedia::Binary, _) => quote! { crate::UploadBody },
        (_, ty) => {
            let ty = type_tokens(ty, scope);
            quote! { &#ty }
        }
    };
    if body.required {
        inner
    } else {
        quote! { Option<#inner> }
    }
}

/// What a method returns on success. A JSON body is `T` for an operation
/// safe to repeat (`Option<T>` when some 2xx is documented without a
/// body; an unreadable body is an error there) and `Accepted<T>` for one
/// that is not (a 2xx is never an error there); text and bytes are
/// returned as they came; `()` when no body is documented.
pub fn return_tokens(op: &Operation, scope: Scope) -> TokenStream {
    let success = &op.success;
    match &success.ty {
        Some(ty) if !success.is_json() => type_tokens(ty, scope),
        Some(ty) if !op.idempotent => {
            let ty = type_tokens(ty, scope);
            quote! { Accepted<#ty> }
        }
        Some(ty) if success.may_be_empty() => {
            let ty = type_tokens(ty, scope);
            quote! { Option<#ty> }
        }
        Some(ty) => type_tokens(ty, scope),
        None => quote! { () },
    }
}

/// A type as text, as `types.rs` spells it (`Vec<String>`, `Option<Note>`).
pub fn type_text(ty: &TypeRef) -> String {
    text(&type_tokens(ty, Scope::Types(Prelude::default())))
}

/// A field's type as text, as `types.rs` spells it (without the `Box` of a
/// recursive type, which depends on the rest of the API).
pub fn field_text(field: &Field) -> String {
    text(&field_tokens(
        field,
        false,
        Scope::Types(Prelude::default()),
    ))
}

/// Tokens of a type (or any short code) as text, spaced as rustfmt would
/// space it: `Vec<String>`, `&[u8]`, `impl Into<String>`, `(A, B)`.
pub fn text(tokens: &TokenStream) -> String {
    let mut out = String::new();
    write_text(tokens, &mut out);
    out
}

fn write_text(tokens: &TokenStream, out: &mut String) {
    // Whether the last token written was a word, which a following word
    // needs a space after.
    let mut after_word = false;
    for token in tokens.clone() {
        match token {
            TokenTree::Ident(ident) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&ident.to_string());
                after_word = true;
            }
            TokenTree::Literal(literal) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&literal.to_string());
                after_word = true;
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                if punct.as_char() == ',' {
                    out.push(' ');
                }
                after_word = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                if after_word && matches!(group.delimiter(), Delimiter::Brace | Delimiter::Bracket)
                {
                    out.push(' ');
                }
                out.push_str(open);
                write_text(&group.stream(), out);
                out.push_str(close);
                after_word = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(ty: TypeRef, required: bool) -> Field {
        Field {
            wire_name: "f".to_owned(),
            rust_name: "f".to_owned(),
            ty,
            required,
            description: None,
            format: None,
            constraints: None,
            kind: crate::ir::FieldKind::Property,
        }
    }

    #[test]
    fn text_is_spaced_like_rust() {
        let named = TypeRef::Named("Note".to_owned());
        let list = TypeRef::Array(Box::new(TypeRef::Map(Box::new(named.clone()))));
        assert_eq!(
            type_text(&list),
            "Vec<std::collections::BTreeMap<String, Note>>"
        );
        assert_eq!(text(&quote! { &'static [u8] }), "&'static [u8]");
        assert_eq!(text(&quote! { impl Into<String> }), "impl Into<String>");
        assert_eq!(text(&type_tokens(&named, Scope::Crate)), "types::Note");
    }

    /// A nullable field is one `Option`, required or not.
    #[test]
    fn nullable_fields_are_never_a_double_option() {
        let nullable = TypeRef::Nullable(Box::new(TypeRef::String));
        assert_eq!(
            field_text(&field(nullable.clone(), false)),
            "Option<String>"
        );
        assert_eq!(field_text(&field(nullable, true)), "Option<String>");
        assert_eq!(
            field_text(&field(TypeRef::Integer(crate::ir::Int::I64), false)),
            "Option<i64>"
        );
        assert_eq!(
            field_text(&field(TypeRef::Integer(crate::ir::Int::I64), true)),
            "i64"
        );
    }
}

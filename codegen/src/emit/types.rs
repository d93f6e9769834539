//! Emits `types.rs`: one Rust item per [`TypeDef`], with serde attributes
//! that keep the wire names.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::recursion::Containment;
use crate::ir::{
    AliasDef, Api, EnumDef, Field, FieldKind, OneOfDef, OneOfVariant, StructDef, TypeDef, TypeRef,
    VariantPayload,
};
use crate::lower::UNKNOWN_VARIANT;

/// How many types one part of `types.rs` holds: parts are emitted and
/// formatted in parallel, so a spec with hundreds of types keeps every core
/// busy.
pub const TYPES_PER_PART: usize = 48;

/// Part `part` of the `types` module: its types from `part *
/// TYPES_PER_PART` on, and the module docs in the first part.
pub fn types_part(api: &Api, containment: &Containment, part: usize) -> TokenStream {
    let items = api
        .types
        .values()
        .skip(part * TYPES_PER_PART)
        .take(TYPES_PER_PART)
        .map(|def| match def {
            TypeDef::Struct(def) => struct_item(def, containment),
            TypeDef::Enum(def) => enum_item(def),
            TypeDef::Alias(def) => alias_item(def),
            TypeDef::OneOf(def) => one_of_item(def, containment),
        });
    let docs = (part == 0).then(|| {
        quote! {
            //! The request and response bodies of the API.
        }
    });
    quote! {
        #docs
        #(#items)*
    }
}

/// An identifier from a name the naming rules already made valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Where a type is spelled: inside `types.rs` or outside it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside the `types` module: named types bare.
    Types,
    /// Elsewhere in the crate: named types as `types::Name`.
    Crate,
}

/// The Rust spelling of a type use.
pub fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => quote! { String },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Bool => quote! { bool },
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::Binary => quote! { crate::FilePart },
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote! { #name },
                Scope::Crate => quote! { types::#name },
            }
        }
        TypeRef::Array(item) => {
            let item = type_tokens(item, scope);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope);
            quote! { std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, scope);
            quote! { Option<#inner> }
        }
    }
}

/// The type of a field: `Option<T>` unless required (a nullable type is
/// already an `Option`); `T` is `Box<T>` where `boxed`.
fn field_type(field: &Field, boxed: bool) -> TokenStream {
    let ty = value_type(&field.ty, boxed);
    if field.required || is_nullable(field) {
        ty
    } else {
        quote! { Option<#ty> }
    }
}

/// `ty`, with the named type it holds by value in a `Box` where `boxed`
/// (`Box<Node>`, `Option<Box<Node>>`).
fn value_type(ty: &TypeRef, boxed: bool) -> TokenStream {
    match ty {
        TypeRef::Named(_) if boxed => {
            let inner = type_tokens(ty, Scope::Types);
            quote! { Box<#inner> }
        }
        TypeRef::Nullable(inner) if boxed => {
            let inner = value_type(inner, true);
            quote! { Option<#inner> }
        }
        _ => type_tokens(ty, Scope::Types),
    }
}

/// Whether the field's type is `Option<T>` because the schema is nullable.
fn is_nullable(field: &Field) -> bool {
    matches!(field.ty, TypeRef::Nullable(_))
}

/// Whether the field is `Option<T>`, for whatever reason.
fn is_optional(field: &Field) -> bool {
    !field.required || is_nullable(field)
}

/// ```ignore
/// /// Description.
/// #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
/// #[doc(alias = "Body8")]
/// pub struct Name { pub field: Type, ... }
/// impl Name { pub fn new(required...) -> Self }
/// ```
fn struct_item(def: &StructDef, containment: &Containment) -> TokenStream {
    let name = ident(&def.name);
    let fallback = format!("The `{}` object.", def.name);
    let docs = doc_attrs([Some(def.description.as_deref().unwrap_or(&fallback))]);
    let aliases = def
        .aliases
        .iter()
        .map(|alias| quote! { #[doc(alias = #alias)] });
    let fields = def.fields.iter().map(|field| {
        let attrs = field_attrs(field);
        let name = ident(&field.rust_name);
        let ty = field_type(field, containment.needs_box(&def.name, &field.ty));
        quote! { #attrs pub #name: #ty, }
    });
    let all_optional = def.fields.iter().all(is_optional);
    let default = all_optional.then(|| quote! { Default, });
    let constructor = (!all_optional).then(|| constructor(def, containment));
    quote! {
        #docs
        #(#aliases)*
        #[derive(Clone, Debug, #default PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
        #constructor
    }
}

/// The docs and serde attributes of a field (of a struct or of a struct
/// variant):
///
/// ```ignore
/// /// Description.
/// ///
/// /// Format: `date-time`.
/// #[serde(rename = "wireName", default, skip_serializing_if = "Option::is_none")]
/// ```
///
/// A flattened field is `#[serde(flatten)]`. An optional field is skipped
/// when `None`; a required nullable one is written as `null`.
fn field_attrs(field: &Field) -> TokenStream {
    let fallback = match field.kind {
        FieldKind::Property => format!("The `{}` property.", field.wire_name),
        FieldKind::Flatten => "The alternative this value takes.".to_owned(),
    };
    let format = field.format.as_ref().map(|f| format!("Format: `{f}`."));
    let docs = doc_attrs([
        Some(field.description.as_deref().unwrap_or(&fallback)),
        format.as_deref(),
    ]);
    let mut serde_args = Vec::new();
    if field.kind == FieldKind::Flatten {
        serde_args.push(quote! { flatten });
    } else if field.rust_name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote! { rename = #wire });
    }
    if !field.required {
        serde_args.push(quote! { default, skip_serializing_if = "Option::is_none" });
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
    quote! {
        #docs
        #serde_attr
    }
}

/// `pub fn new(required fields) -> Self`, optional fields `None`.
fn constructor(def: &StructDef, containment: &Containment) -> TokenStream {
    let name = ident(&def.name);
    let required: Vec<&Field> = def.fields.iter().filter(|f| !is_optional(f)).collect();
    let params = required.iter().map(|field| {
        let arg = ident(&field.rust_name);
        match field.ty {
            TypeRef::String => quote! { #arg: impl Into<String> },
            _ => {
                let ty = type_tokens(&field.ty, Scope::Types);
                quote! { #arg: #ty }
            }
        }
    });
    let inits = def.fields.iter().map(|field| {
        let arg = ident(&field.rust_name);
        if is_optional(field) {
            quote! { #arg: None }
        } else if field.ty == TypeRef::String {
            quote! { #arg: #arg.into() }
        } else if containment.needs_box(&def.name, &field.ty) {
            quote! { #arg: Box::new(#arg) }
        } else {
            quote! { #arg }
        }
    });
    let allow = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let doc = format!(
        " Creates a [`{}`] from its required fields; the optional ones start as `None`.",
        def.name
    );
    quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// ```ignore
/// pub enum Name { Known, ..., Unknown(String) }
/// impl Name { pub fn as_str(&self) -> &str }
/// impl Display, Serialize, Deserialize (unknown values kept as `Unknown`)
/// ```
fn enum_item(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let fallback = format!("The values of `{}`.", def.name);
    let docs = doc_attrs([
        Some(def.description.as_deref().unwrap_or(&fallback)),
        Some("Values this client does not know yet are kept in the `Unknown` variant, so a new value on the server never breaks decoding."),
    ]);
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = format!(" `{}`", v.wire_name);
        quote! { #[doc = #doc] #variant, }
    });
    let as_str = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_name;
        quote! { Self::#variant => #wire, }
    });
    let parse = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_name;
        quote! { #wire => Self::#variant, }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as it was received.
            #unknown(String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#parse)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

fn alias_item(def: &AliasDef) -> TokenStream {
    let name = ident(&def.name);
    let target = type_tokens(&def.target, Scope::Types);
    let fallback = format!("The `{}` schema.", def.name);
    let docs = doc_attrs([Some(def.description.as_deref().unwrap_or(&fallback))]);
    quote! {
        #docs
        pub type #name = #target;
    }
}

/// ```ignore
/// /// Description.
/// #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
/// #[serde(untagged)]
/// pub enum Name {
///     /// A referenced type, a primitive, an array or a map.
///     Other(Other),
///     /// An inline object: its properties.
///     ById { #[serde(rename = "agentId")] agent_id: String },
///     /// An object without properties: writes nothing when flattened.
///     AnyAgent {},
/// }
/// ```
fn one_of_item(def: &OneOfDef, containment: &Containment) -> TokenStream {
    let name = ident(&def.name);
    let fallback = format!("One of the `{}` alternatives.", def.name);
    let docs = doc_attrs([
        Some(def.description.as_deref().unwrap_or(&fallback)),
        Some("Untagged: a value is written as its variant's content alone, and decoding keeps the first variant, in this order, that fits."),
    ]);
    let variants = def
        .variants
        .iter()
        .map(|variant| one_of_variant(&def.name, variant, containment));
    quote! {
        #docs
        #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// One variant of an untagged enum: `Name(Type),` or `Name { fields },`.
fn one_of_variant(owner: &str, variant: &OneOfVariant, containment: &Containment) -> TokenStream {
    let name = ident(&variant.rust_name);
    let fallback = format!("The `{}` alternative.", variant.rust_name);
    let docs = doc_attrs([Some(variant.description.as_deref().unwrap_or(&fallback))]);
    match &variant.payload {
        VariantPayload::Newtype(ty) => {
            let ty = value_type(ty, containment.needs_box(owner, ty));
            quote! { #docs #name(#ty), }
        }
        VariantPayload::Struct(fields) => {
            let fields = fields.iter().map(|field| {
                let attrs = field_attrs(field);
                let name = ident(&field.rust_name);
                let ty = field_type(field, containment.needs_box(owner, &field.ty));
                quote! { #attrs #name: #ty, }
            });
            quote! { #docs #name { #(#fields)* }, }
        }
    }
}

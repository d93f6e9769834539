//! Emits `types.rs`: one Rust item per [`TypeDef`], with serde attributes
//! that keep the wire names.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::recursion::Containment;
pub use super::spelling::ident;
use super::spelling::{field_tokens, is_optional, type_tokens, value_tokens, Prelude, Scope, Std};
use crate::ir::{
    AliasDef, Api, EnumDef, Field, FieldKind, OneOfDef, OneOfVariant, StructDef, TypeDef, TypeRef,
    VariantPayload, UNKNOWN_VARIANT,
};

/// How many types one part of `types.rs` holds: parts are emitted and
/// formatted in parallel, so a spec with hundreds of types keeps every core
/// busy.
pub const TYPES_PER_PART: usize = 48;

/// Part `part` of the `types` module: its types from `part *
/// TYPES_PER_PART` on, and the module docs in the first part.
pub fn types_part(api: &Api, containment: &Containment, part: usize) -> TokenStream {
    let scope = Scope::Types(Prelude::of(api));
    let items = api
        .types
        .values()
        .skip(part * TYPES_PER_PART)
        .take(TYPES_PER_PART)
        .map(|def| match def {
            TypeDef::Struct(def) => struct_item(def, containment, scope),
            TypeDef::Enum(def) => enum_item(def, scope),
            TypeDef::Alias(def) => alias_item(def, scope),
            TypeDef::OneOf(def) => one_of_item(def, containment, scope),
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

/// ```ignore
/// /// Description.
/// #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
/// #[doc(alias = "Body8")]
/// pub struct Name { pub field: Type, ... }
/// impl Name { pub fn new(required...) -> Self }
/// ```
fn struct_item(def: &StructDef, containment: &Containment, scope: Scope) -> TokenStream {
    let name = ident(&def.name);
    let fallback = format!("The `{}` object.", def.name);
    let docs = doc_attrs([Some(def.description.as_deref().unwrap_or(&fallback))]);
    let aliases = def
        .aliases
        .iter()
        .map(|alias| quote! { #[doc(alias = #alias)] });
    let fields = def.fields.iter().map(|field| {
        let attrs = field_attrs(field, scope);
        let name = ident(&field.rust_name);
        let ty = field_tokens(field, containment.needs_box(&def.name, &field.ty), scope);
        quote! { #attrs pub #name: #ty, }
    });
    // A required nullable field is the caller's choice to make (`None` is
    // sent as `null`): it is an argument of `new`, and there is no `Default`.
    let all_optional = def.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote! { Default, });
    let constructor = (!all_optional).then(|| constructor(def, containment, scope));
    quote! {
        #docs
        #(#aliases)*
        #[derive(Clone, Debug, #default PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
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
fn field_attrs(field: &Field, scope: Scope) -> TokenStream {
    let fallback = match field.kind {
        FieldKind::Property if field.wire_name.is_empty() => {
            "The property whose name is the empty string.".to_owned()
        }
        FieldKind::Property => format!("The `{}` property.", field.wire_name),
        FieldKind::Flatten => "The alternative this value takes.".to_owned(),
    };
    let format = field.format.as_ref().map(|f| format!("Format: `{f}`."));
    let docs = doc_attrs([
        Some(field.description.as_deref().unwrap_or(&fallback)),
        format.as_deref(),
        field.constraints.as_deref(),
    ]);
    let mut serde_args = Vec::new();
    if field.kind == FieldKind::Flatten {
        serde_args.push(quote! { flatten });
    } else if field.rust_name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote! { rename = #wire });
    }
    if !field.required {
        let is_none = scope.prelude().option_is_none();
        serde_args.push(quote! { default, skip_serializing_if = #is_none });
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
    quote! {
        #docs
        #serde_attr
    }
}

/// `pub fn new(required fields) -> Self`, optional fields `None`.
fn constructor(def: &StructDef, containment: &Containment, scope: Scope) -> TokenStream {
    let prelude = scope.prelude();
    let (string, into, boxed_new) = (
        prelude.name(Std::String),
        prelude.name(Std::Into),
        prelude.name(Std::Box),
    );
    let name = ident(&def.name);
    let required: Vec<&Field> = def.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|field| {
        let arg = ident(&field.rust_name);
        match field.ty {
            TypeRef::String => quote! { #arg: impl #into<#string> },
            _ => {
                let ty = type_tokens(&field.ty, scope);
                quote! { #arg: #ty }
            }
        }
    });
    let inits = def.fields.iter().map(|field| {
        let arg = ident(&field.rust_name);
        let boxed = containment.needs_box(&def.name, &field.ty);
        if !field.required {
            quote! { #arg: None }
        } else if field.ty == TypeRef::String {
            quote! { #arg: #arg.into() }
        } else if boxed && is_optional(field) {
            quote! { #arg: #arg.map(#boxed_new::new) }
        } else if boxed {
            quote! { #arg: #boxed_new::new(#arg) }
        } else {
            quote! { #arg }
        }
    });
    let allow = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let doc = if required.len() == def.fields.len() {
        format!("A new [`{}`] from all its fields.", def.name)
    } else {
        format!(
            "A new [`{}`] from its required fields; the optional ones start as `None`.",
            def.name
        )
    };
    let docs = doc_attrs([Some(doc.as_str())]);
    quote! {
        impl #name {
            #docs
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
fn enum_item(def: &EnumDef, scope: Scope) -> TokenStream {
    let prelude = scope.prelude();
    let (string, from, result) = (
        prelude.name(Std::String),
        prelude.name(Std::From),
        prelude.name(Std::Result),
    );
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let fallback = format!("The values of `{}`.", def.name);
    let docs = doc_attrs([
        Some(def.description.as_deref().unwrap_or(&fallback)),
        Some("Values this client does not know yet are kept in the `Unknown` variant, so a new value on the server never breaks decoding."),
    ]);
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = format!("`{}`", v.wire_name);
        let docs = doc_attrs([Some(doc.as_str())]);
        quote! { #docs #variant, }
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
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as it was received.
            #unknown(#string),
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

        impl #from<&str> for #name {
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
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = #string::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

fn alias_item(def: &AliasDef, scope: Scope) -> TokenStream {
    let name = ident(&def.name);
    let target = type_tokens(&def.target, scope);
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
fn one_of_item(def: &OneOfDef, containment: &Containment, scope: Scope) -> TokenStream {
    let name = ident(&def.name);
    let fallback = format!("One of the `{}` alternatives.", def.name);
    let docs = doc_attrs([
        Some(def.description.as_deref().unwrap_or(&fallback)),
        Some("Untagged: a value is written as its variant's content alone, and decoding keeps the first variant, in this order, that fits."),
    ]);
    let variants = def
        .variants
        .iter()
        .map(|variant| one_of_variant(&def.name, variant, containment, scope));
    quote! {
        #docs
        #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// One variant of an untagged enum: `Name(Type),` or `Name { fields },`.
fn one_of_variant(
    owner: &str,
    variant: &OneOfVariant,
    containment: &Containment,
    scope: Scope,
) -> TokenStream {
    let name = ident(&variant.rust_name);
    let fallback = format!("The `{}` alternative.", variant.rust_name);
    let docs = doc_attrs([Some(variant.description.as_deref().unwrap_or(&fallback))]);
    match &variant.payload {
        VariantPayload::Newtype(ty) => {
            let ty = value_tokens(ty, containment.needs_box(owner, ty), scope);
            quote! { #docs #name(#ty), }
        }
        VariantPayload::Struct(fields) => {
            let fields = fields.iter().map(|field| {
                let attrs = field_attrs(field, scope);
                let name = ident(&field.rust_name);
                let ty = field_tokens(field, containment.needs_box(owner, &field.ty), scope);
                quote! { #attrs #name: #ty, }
            });
            quote! { #docs #name { #(#fields)* }, }
        }
    }
}

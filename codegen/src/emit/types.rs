//! Emits `types.rs`: one Rust item per [`TypeDef`], with serde attributes
//! that keep the wire names.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::recursion::Containment;
use crate::ir::{
    AliasDef, Api, Discriminator, EnumDef, EnumRepr, Field, FieldKind, NullDef, OneOfDef,
    OneOfVariant, StructDef, TypeDef, TypeRef, VariantPayload, UNKNOWN_VARIANT,
};
pub use crate::spelling::ident;
use crate::spelling::{field_tokens, is_optional, type_tokens, value_tokens, Prelude, Scope, Std};

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
        .map(|def| {
            let cfg = super::gate::type_cfg(api, def.name());
            super::gate::items(cfg, type_items(def, containment, scope))
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

/// The items of one type: its definition and its impls.
fn type_items(def: &TypeDef, containment: &Containment, scope: Scope) -> TokenStream {
    match def {
        TypeDef::Struct(def) => struct_item(def, containment, scope),
        TypeDef::Enum(def) if def.repr == EnumRepr::String => enum_item(def, scope),
        TypeDef::Enum(def) => number_enum_item(def, scope),
        TypeDef::Alias(def) => alias_item(def, scope),
        TypeDef::Null(def) => null_item(def),
        TypeDef::OneOf(def) => match &def.discriminator {
            Some(discriminator) => tagged_item(def, discriminator, containment, scope),
            None => one_of_item(def, containment, scope),
        },
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
    let sdk_names = sdk_names(def);
    let docs = doc_attrs([
        Some(def.description.as_deref().unwrap_or(&fallback)),
        sdk_names.as_deref(),
    ]);
    let aliases = def.aliases.iter().map(|alias| {
        let alias = &alias.name;
        quote! { #[doc(alias = #alias)] }
    });
    let fields = def.fields.iter().map(|field| {
        let attrs = field_attrs(field, scope);
        let name = ident(&field.rust_name);
        let ty = field_type(field, containment.needs_box(&def.name, &field.ty), scope);
        quote! { #attrs pub #name: #ty, }
    });
    // A required nullable field is the caller's choice to make (`None` is
    // sent as `null`): it is an argument of `new`, and there is no `Default`.
    let all_optional = !def.fields.iter().any(is_argument);
    let default = all_optional.then(|| quote! { Default, });
    let constructor = (!all_optional).then(|| constructor(def, containment, scope));
    let setters = setters(def, containment, scope);
    let methods = (constructor.is_some() || !setters.is_empty()).then(|| {
        quote! {
            impl #name {
                #constructor
                #(#setters)*
            }
        }
    });
    quote! {
        #docs
        #(#aliases)*
        #[derive(Clone, Debug, #default PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #methods
    }
}

/// The name of the setter of the field `rust_name`: `with_` and the
/// field's name without the underscores that make it an identifier
/// (`type_` -> `with_type`, `_1` -> `with_1`).
pub fn setter_name(rust_name: &str) -> String {
    format!("with_{}", rust_name.trim_matches('_'))
}

/// One by-value setter per optional property of a struct, so that a body
/// is one expression (`Type::new(required).with_field(value)`), the
/// struct being `#[non_exhaustive]`:
///
/// ```ignore
/// /// Sets [`text`](Self::text): description.
/// pub fn with_text(mut self, text: impl Into<String>) -> Self { self.text = Some(text.into()); self }
/// ```
///
/// A setter whose name another field's setter took is left out.
fn setters(def: &StructDef, containment: &Containment, scope: Scope) -> Vec<TokenStream> {
    let prelude = scope.prelude();
    let (string, into, boxed_new) = (
        prelude.name(Std::String),
        prelude.name(Std::Into),
        prelude.name(Std::Box),
    );
    let mut taken = std::collections::BTreeSet::new();
    def.fields
        .iter()
        .filter(|field| !field.required && field.kind == FieldKind::Property)
        .filter(|field| taken.insert(setter_name(&field.rust_name)))
        .map(|field| {
            let setter = ident(&setter_name(&field.rust_name));
            let name = ident(&field.rust_name);
            // An optional nullable field is one `Option` (`None` leaves it
            // out): the setter takes what it holds.
            let inner = match &field.ty {
                TypeRef::Nullable(inner) => inner.as_ref(),
                ty => ty,
            };
            let boxed = containment.needs_box(&def.name, &field.ty);
            let (param, value) = match inner {
                _ if field.date_type().is_some() => {
                    let date = date_path(field);
                    (quote! { impl #into<#date> }, quote! { #name.into() })
                }
                TypeRef::String => (quote! { impl #into<#string> }, quote! { #name.into() }),
                _ if boxed => (type_tokens(inner, scope), quote! { #boxed_new::new(#name) }),
                _ => (type_tokens(inner, scope), quote! { #name }),
            };
            let summary = field
                .description
                .as_deref()
                .map(super::docs::one_line)
                .map(|line| format!(": {line}"))
                .unwrap_or_default();
            let doc = format!("Sets [`{0}`](Self::{0}){summary}", field.rust_name);
            let docs = doc_attrs([Some(doc.as_str())]);
            quote! {
                #docs
                pub fn #setter(mut self, #name: #param) -> Self {
                    self.#name = Some(#value);
                    self
                }
            }
        })
        .collect()
}

/// The path of the date type `field` holds (`crate::DateTime`).
fn date_path(field: &Field) -> TokenStream {
    let name = ident(field.date_type().unwrap_or("DateTime"));
    quote! { crate::#name }
}

/// The type of a struct field (or of a struct variant's): as
/// [`field_tokens`] spells it, but a `date` or `date-time` string is the
/// crate's `Date` or `DateTime` (`Option<crate::DateTime>` when optional or
/// nullable).
fn field_type(field: &Field, boxed: bool, scope: Scope) -> TokenStream {
    if field.date_type().is_none() {
        return field_tokens(field, boxed, scope);
    }
    let date = date_path(field);
    if is_optional(field) {
        let option = scope.prelude().name(Std::Option);
        quote! { #option<#date> }
    } else {
        date
    }
}

/// The paragraph of a type's docs that lists the names other SDKs gave it
/// (`x-sdk-names`, also its doc aliases), each with the SDKs that used it
/// where the spec says: `- \`Body15\` in brevo-ruby 4.0.0`.
fn sdk_names(def: &StructDef) -> Option<String> {
    if def.aliases.is_empty() {
        return None;
    }
    let lines: Vec<String> = def
        .aliases
        .iter()
        .map(|alias| match &alias.used_by {
            Some(sdk) => format!("- `{}` in {sdk}", alias.name),
            None => format!("- `{}`", alias.name),
        })
        .collect();
    Some(format!(
        "Called, in other SDKs (a search of these docs finds it by these names):\n\n{}",
        lines.join("\n")
    ))
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
        FieldKind::Additional => "Every other property, by name.".to_owned(),
    };
    let format = match (field.date_type(), &field.format) {
        (Some(date), Some(f)) => Some(format!(
            "Format: `{f}`: RFC 3339 text as sent, a `chrono` value with the crate's `chrono` feature (see `{date}`)."
        )),
        (None, Some(f)) => Some(format!("Format: `{f}`.")),
        (_, None) => None,
    };
    let docs = doc_attrs([
        Some(field.description.as_deref().unwrap_or(&fallback)),
        format.as_deref(),
        field.constraints.as_deref(),
    ]);
    let mut serde_args = Vec::new();
    if field.kind == FieldKind::Additional
        && !matches!(&field.ty, TypeRef::Map(value) if **value == TypeRef::Json)
    {
        // Typed values are read one by one: an odd one is left out alone.
        serde_args
            .push(quote! { flatten, deserialize_with = "crate::tolerant::additional_properties" });
    } else if matches!(field.kind, FieldKind::Flatten | FieldKind::Additional) {
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

/// Whether `field` is an argument of its struct's `new`: a required
/// property (the map of additional properties starts empty).
fn is_argument(field: &Field) -> bool {
    field.required && field.kind != FieldKind::Additional
}

/// `pub fn new(required fields) -> Self`, optional fields `None`.
fn constructor(def: &StructDef, containment: &Containment, scope: Scope) -> TokenStream {
    let prelude = scope.prelude();
    let (string, into, boxed_new) = (
        prelude.name(Std::String),
        prelude.name(Std::Into),
        prelude.name(Std::Box),
    );
    let required: Vec<&Field> = def.fields.iter().filter(|f| is_argument(f)).collect();
    let params = required.iter().map(|field| {
        let arg = ident(&field.rust_name);
        match field.ty {
            _ if field.date_type().is_some() && !is_optional(field) => {
                let date = date_path(field);
                quote! { #arg: impl #into<#date> }
            }
            _ if field.date_type().is_some() => {
                let ty = field_type(field, false, scope);
                quote! { #arg: #ty }
            }
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
        if field.kind == FieldKind::Additional {
            quote! { #arg: std::collections::BTreeMap::new() }
        } else if !field.required {
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
    let optional = def.fields.iter().any(|f| !f.required);
    let additional = def.fields.iter().any(|f| f.kind == FieldKind::Additional);
    let doc = match (optional, additional) {
        (false, false) => format!("A new [`{}`] from all its fields.", def.name),
        (true, false) => format!(
            "A new [`{}`] from its required fields; the optional ones start as `None`.",
            def.name
        ),
        (false, true) => format!(
            "A new [`{}`] from its named fields; the additional properties start empty.",
            def.name
        ),
        (true, true) => format!(
            "A new [`{}`] from its required fields; the optional ones start as `None`, the additional properties empty.",
            def.name
        ),
    };
    let docs = doc_attrs([Some(doc.as_str())]);
    quote! {
        #docs
        #allow
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// The always-`null` value, a unit struct that serde writes as `null` and
/// reads from `null` only:
///
/// ```ignore
/// /// Description.
/// #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
/// pub struct Name;
/// ```
fn null_item(def: &NullDef) -> TokenStream {
    let name = ident(&def.name);
    let fallback = format!("The `{}` value.", def.name);
    let docs = doc_attrs([
        Some(def.description.as_deref().unwrap_or(&fallback)),
        Some("Always JSON `null`, the one value the schema allows: it is written as `null` and read from `null`. As a response body, an empty body is read as it too."),
    ]);
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub struct #name;
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
    let variants = known_variants(def);
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

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            /// Never fails: a value this client does not know is `Unknown`.
            fn from_str(value: &str) -> #result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
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

/// An integer or number enum:
///
/// ```ignore
/// pub enum Name { Minus1, Value0, ..., Unknown(i64) }
/// impl Name { pub fn value(self) -> i64 }
/// impl From<i64>, From<Name> for i64, Display, Serialize, Deserialize
/// ```
fn number_enum_item(def: &EnumDef, scope: Scope) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let (rust, float) = match def.repr {
        EnumRepr::Integer(int) => (int.rust(), false),
        EnumRepr::Number(number) => (number.rust(), true),
        EnumRepr::String => ("String", false),
    };
    let value_ty = ident(rust);
    let literal = |wire: &str| number_literal(def.repr, wire);
    let fallback = format!("The values of `{}`.", def.name);
    let known = def
        .variants
        .iter()
        .map(|v| format!("`{}`", v.wire_name))
        .collect::<Vec<_>>()
        .join(", ");
    let values_doc = format!("Known values: {known}. Values this client does not know yet are kept in the `Unknown` variant, so a new value on the server never breaks decoding.");
    let docs = doc_attrs([
        Some(def.description.as_deref().unwrap_or(&fallback)),
        Some(values_doc.as_str()),
    ]);
    let variants = known_variants(def);
    let values = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = literal(&v.wire_name);
        quote! { Self::#variant => #value, }
    });
    let parse = number_parse(def, &unknown, float);
    let impls = number_enum_impls(&name, &value_ty, &parse, scope);
    let derives = if float {
        quote! { #[derive(Clone, Copy, Debug, PartialEq)] }
    } else {
        quote! { #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)] }
    };
    quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as it was received.
            #unknown(#value_ty),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn value(self) -> #value_ty {
                match self {
                    #(#values)*
                    Self::#unknown(value) => value,
                }
            }
        }

        #impls
    }
}

/// The traits of a number enum `name` of values `value_ty`: `From` both
/// ways (`parse` is the body that reads a value), `Display`, `Serialize`
/// and `Deserialize`, all through the value.
fn number_enum_impls(
    name: &Ident,
    value_ty: &Ident,
    parse: &TokenStream,
    scope: Scope,
) -> TokenStream {
    let prelude = scope.prelude();
    let (from, result) = (prelude.name(Std::From), prelude.name(Std::Result));
    quote! {
        impl #from<#value_ty> for #name {
            fn from(value: #value_ty) -> Self {
                #parse
            }
        }

        impl #from<#name> for #value_ty {
            fn from(value: #name) -> Self {
                value.value()
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <#value_ty as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value))
            }
        }
    }
}

/// The known variants of an enum, each with its wire value as its doc.
fn known_variants(def: &EnumDef) -> Vec<TokenStream> {
    def.variants
        .iter()
        .map(|v| {
            let variant = ident(&v.rust_name);
            let doc = format!("`{}`", v.wire_name);
            let docs = doc_attrs([Some(doc.as_str())]);
            quote! { #docs #variant, }
        })
        .collect()
}

/// The literal of a number enum's value `wire`, of the enum's type.
fn number_literal(repr: EnumRepr, wire: &str) -> TokenStream {
    let literal = match (repr, wire.parse::<f64>()) {
        (EnumRepr::Number(crate::ir::Float::F32), Ok(value)) => {
            // The value as the nearest `f32`, which is what the type holds.
            #[allow(clippy::cast_possible_truncation)]
            let narrow = value as f32;
            Literal::f32_unsuffixed(narrow)
        }
        (EnumRepr::Number(_), Ok(value)) => Literal::f64_unsuffixed(value),
        _ => match wire.parse::<i64>() {
            Ok(value) => Literal::i64_unsuffixed(value),
            Err(_) => Literal::i64_unsuffixed(0),
        },
    };
    quote! { #literal }
}

/// The body of a number enum's `From<value>`: the known variant of
/// `value`, else `unknown` with it (floats compared one by one, integers
/// matched).
fn number_parse(def: &EnumDef, unknown: &Ident, float: bool) -> TokenStream {
    if float {
        let checks = def.variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            let value = number_literal(def.repr, &v.wire_name);
            quote! { if value == #value { return Self::#variant; } }
        });
        quote! {
            #(#checks)*
            Self::#unknown(value)
        }
    } else {
        let arms = def.variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            let value = number_literal(def.repr, &v.wire_name);
            quote! { #value => Self::#variant, }
        });
        quote! {
            match value {
                #(#arms)*
                other => Self::#unknown(other),
            }
        }
    }
}

/// A `oneOf` / `anyOf` with a discriminator: newtype variants chosen by
/// the tag property, and a variant that keeps any other value as JSON.
///
/// ```ignore
/// pub enum Shape { Disc(Disc), Cuboid(Cuboid), Unknown(serde_json::Value) }
/// impl Shape { pub fn tag(&self) -> Option<&str> }
/// impl Serialize  // the variant's value with the tag written in
/// impl Deserialize // by the tag's value; another tag, or none: Unknown
/// ```
fn tagged_item(
    def: &OneOfDef,
    discriminator: &Discriminator,
    containment: &Containment,
    scope: Scope,
) -> TokenStream {
    let result = scope.prelude().name(Std::Result);
    let name = ident(&def.name);
    let unknown = ident(&discriminator.unknown);
    let property = &discriminator.property;
    let fallback = format!("One of the `{}` alternatives.", def.name);
    let tags_doc = discriminator
        .tags
        .iter()
        .filter_map(|(tag, index)| {
            let variant = def.variants.get(*index)?;
            Some(format!("`{tag}`: [`{}::{}`]", def.name, variant.rust_name))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let how = format!("Tagged by the `{property}` property: {tags_doc}. A value with another tag, or none, decodes to `{}` with its JSON as it came, so a new alternative on the server never breaks decoding; sending writes the variant's tag into the value.", discriminator.unknown);
    let docs = doc_attrs([
        Some(def.description.as_deref().unwrap_or(&fallback)),
        Some(how.as_str()),
    ]);
    let variants = def
        .variants
        .iter()
        .map(|variant| one_of_variant(&def.name, variant, containment, scope));
    // A variant is sent with its first tag (later ones, a mapping of two
    // values to one schema, are only read); one the mapping leaves without
    // a tag is written as it is.
    let sent_tags: Vec<(proc_macro2::Ident, TokenStream)> = def
        .variants
        .iter()
        .enumerate()
        .map(|(index, variant)| {
            let tag = match discriminator.tags.iter().find(|(_, i)| *i == index) {
                Some((tag, _)) => quote! { Some(#tag) },
                None => quote! { None },
            };
            (ident(&variant.rust_name), tag)
        })
        .collect();
    let writes = sent_tags.iter().map(|(variant, tag)| {
        quote! { Self::#variant(value) => (serde_json::to_value(value), #tag), }
    });
    let tag_of = sent_tags
        .iter()
        .map(|(variant, tag)| quote! { Self::#variant(_) => #tag, });
    let reads = discriminator.tags.iter().filter_map(|(tag, index)| {
        let variant = ident(&def.variants.get(*index)?.rust_name);
        Some(quote! {
            Some(#tag) => serde_json::from_value(value).map(Self::#variant).map_err(serde::de::Error::custom),
        })
    });
    let tag_doc = format!("The tag this value is sent with (its `{property}` property); for an unknown value, the tag it came with, if any.");
    let tag_docs = doc_attrs([Some(tag_doc.as_str())]);
    quote! {
        #docs
        #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value whose tag this client does not know (or that has
            /// none), kept as it was received.
            #unknown(serde_json::Value),
        }

        impl #name {
            #tag_docs
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(#tag_of)*
                    Self::#unknown(value) => value.get(#property).and_then(serde_json::Value::as_str),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                let (value, tag) = match self {
                    #(#writes)*
                    Self::#unknown(value) => return serde::Serialize::serialize(value, serializer),
                };
                let mut value = value.map_err(serde::ser::Error::custom)?;
                if let (Some(tag), Some(object)) = (tag, value.as_object_mut()) {
                    object.insert(#property.to_owned(), serde_json::Value::from(tag));
                }
                serde::Serialize::serialize(&value, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#reads)*
                    _ => Ok(Self::#unknown(value)),
                }
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
///     /// An object without properties: a unit variant, `{}` on the wire
///     /// (nothing when flattened).
///     AnyAgent,
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
    let display = one_of_display(def);
    let constructors = variant_constructors(def, containment, scope);
    let methods = (!constructors.is_empty()).then(|| {
        quote! {
            impl #name {
                #(#constructors)*
            }
        }
    });
    quote! {
        #docs
        #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        #methods

        #display
    }
}

/// `Display` for a union of scalars: the value's own text, as a
/// parameter sends it.
fn one_of_display(def: &OneOfDef) -> TokenStream {
    if !def.display {
        return TokenStream::new();
    }
    let name = ident(&def.name);
    let arms = def.variants.iter().map(|variant| {
        let variant = ident(&variant.rust_name);
        quote! { Self::#variant(value) => std::fmt::Display::fmt(value, f), }
    });
    quote! {
        /// The value's text, as a parameter sends it.
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// The name of the constructor of the variant `rust_name`: the variant's
/// name in snake case (`ById` -> `by_id`).
pub fn variant_constructor_name(rust_name: &str) -> String {
    crate::naming::snake(rust_name)
}

/// One constructor per struct variant of an untagged union, taking the
/// variant's required properties (its optional ones start as `None`), so
/// that a variant is built in one call although the enum is
/// `#[non_exhaustive]`:
///
/// ```ignore
/// /// The [`AgentIdentity::ById`] alternative, from its required properties.
/// pub fn by_id(agent_id: impl Into<String>) -> Self { Self::ById { agent_id: agent_id.into(), received_from: None } }
/// ```
///
/// A constructor whose name another variant's took is left out.
fn variant_constructors(
    def: &OneOfDef,
    containment: &Containment,
    scope: Scope,
) -> Vec<TokenStream> {
    let prelude = scope.prelude();
    let (string, into, boxed_new) = (
        prelude.name(Std::String),
        prelude.name(Std::Into),
        prelude.name(Std::Box),
    );
    let mut taken = std::collections::BTreeSet::new();
    def.variants
        .iter()
        .filter_map(|variant| match &variant.payload {
            VariantPayload::Struct(fields) if !fields.is_empty() => Some((variant, fields)),
            _ => None,
        })
        .filter(|(variant, _)| taken.insert(variant_constructor_name(&variant.rust_name)))
        .map(|(variant, fields)| {
            let constructor = ident(&variant_constructor_name(&variant.rust_name));
            let name = ident(&variant.rust_name);
            let required: Vec<&Field> = fields.iter().filter(|f| is_argument(f)).collect();
            let params = required.iter().map(|field| {
                let arg = ident(&field.rust_name);
                match field.ty {
                    _ if field.date_type().is_some() && !is_optional(field) => {
                        let date = date_path(field);
                        quote! { #arg: impl #into<#date> }
                    }
                    _ if field.date_type().is_some() => {
                        let ty = field_type(field, false, scope);
                        quote! { #arg: #ty }
                    }
                    TypeRef::String => quote! { #arg: impl #into<#string> },
                    _ => {
                        let ty = type_tokens(&field.ty, scope);
                        quote! { #arg: #ty }
                    }
                }
            });
            let inits = fields.iter().map(|field| {
                let arg = ident(&field.rust_name);
                let boxed = containment.needs_box(&def.name, &field.ty);
                if field.kind == FieldKind::Additional {
                    quote! { #arg: std::collections::BTreeMap::new() }
                } else if !field.required {
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
            let optional = fields.iter().any(|f| !f.required);
            let doc = if optional {
                format!(
                    "The [`{0}::{1}`] alternative, from its required properties; the optional ones start as `None`.",
                    def.name, variant.rust_name
                )
            } else {
                format!(
                    "The [`{0}::{1}`] alternative, from all its properties.",
                    def.name, variant.rust_name
                )
            };
            let docs = doc_attrs([Some(doc.as_str())]);
            let allow =
                (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
            quote! {
                #docs
                #allow
                pub fn #constructor(#(#params),*) -> Self {
                    Self::#name { #(#inits),* }
                }
            }
        })
        .collect()
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
        // An alternative without properties carries nothing: a unit
        // variant, written as `{}` (nothing, flattened) and read from any
        // object.
        VariantPayload::Struct(fields) if fields.is_empty() => quote! {
            #docs
            #[serde(
                serialize_with = "crate::tolerant::write_empty_object",
                deserialize_with = "crate::tolerant::read_empty_object"
            )]
            #name,
        },
        VariantPayload::Struct(fields) => {
            let fields = fields.iter().map(|field| {
                let attrs = field_attrs(field, scope);
                let name = ident(&field.rust_name);
                let ty = field_type(field, containment.needs_box(owner, &field.ty), scope);
                quote! { #attrs #name: #ty, }
            });
            quote! { #docs #name { #(#fields)* }, }
        }
    }
}

//! The `#[cfg(feature = ..)]` of what a group of operations compiles: an
//! operation's items behind its group's feature, a type's behind the
//! features of the groups that reach it (lowering decides both:
//! [`crate::ir::Api::type_groups`], [`crate::ir::Operation::group`]).

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::parse::Parser;

use crate::ir::{Api, Operation};

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", ..))]`; `None`
/// for no feature (always compiled).
pub fn any_of(features: &[String]) -> Option<TokenStream> {
    match features {
        [] => None,
        [feature] => Some(quote! { #[cfg(feature = #feature)] }),
        features => Some(quote! { #[cfg(any(#(feature = #features),*))] }),
    }
}

/// The `cfg` of `op`'s items, when it is in a group.
pub fn operation(op: &Operation) -> Option<TokenStream> {
    op.group
        .as_ref()
        .and_then(|feature| any_of(std::slice::from_ref(feature)))
}

/// The `cfg` of the type `name`, when only some groups reach it.
pub fn type_cfg(api: &Api, name: &str) -> Option<TokenStream> {
    api.type_groups
        .get(name)
        .and_then(|features| any_of(features))
}

/// `items` (a sequence of module items) each with `cfg` after its docs;
/// `items` as they are when `cfg` is `None`.
pub fn items(cfg: Option<TokenStream>, items: TokenStream) -> TokenStream {
    let Some(cfg) = cfg else {
        return items;
    };
    let Ok(file) = syn::parse2::<syn::File>(items.clone()) else {
        // Not module items (one method of an `impl`): one item.
        return quote! { #cfg #items };
    };
    let gated = file.items.into_iter().map(|mut item| {
        let parsed = syn::Attribute::parse_outer.parse2(cfg.clone());
        match (attributes(&mut item), parsed) {
            (Some(item_attrs), Ok(attrs)) => {
                let at = item_attrs
                    .iter()
                    .take_while(|attr| attr.path().is_ident("doc"))
                    .count();
                item_attrs.splice(at..at, attrs);
                item.into_token_stream()
            }
            _ => {
                let item = item.into_token_stream();
                quote! { #cfg #item }
            }
        }
    });
    quote! { #(#gated)* }
}

/// The outer attributes of `item`, for the kinds of items types and
/// operations are emitted as.
fn attributes(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Struct(item) => &mut item.attrs,
        syn::Item::Enum(item) => &mut item.attrs,
        syn::Item::Impl(item) => &mut item.attrs,
        syn::Item::Type(item) => &mut item.attrs,
        syn::Item::Fn(item) => &mut item.attrs,
        syn::Item::Const(item) => &mut item.attrs,
        syn::Item::Trait(item) => &mut item.attrs,
        syn::Item::Mod(item) => &mut item.attrs,
        syn::Item::Use(item) => &mut item.attrs,
        _ => return None,
    })
}

//! Emits `operations.rs` but its request builders ([`super::builder`]):
//! the operation methods of `Client`, each taking the required inputs and
//! returning the request builder; the module that prepares each request
//! ([`request`], its parameters in [`parameters`]); and each method's docs
//! ([`method_docs`]).

mod method_docs;
mod parameters;
mod request;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::doc_attrs;
use crate::ir::{Group, GroupMethod, Operation};
use crate::spelling::{ident, mentions_types};

pub use request::preparation_part;

/// The first part of a module of operations (`operations.rs`, or a
/// group's `operations/{module}.rs`): the docs, the imports and the
/// methods, one per operation, each taking the required inputs and
/// returning the operation's request builder: `impl Client { .. }`, or,
/// where the crate has methods by group, the group's handle, the `Client`
/// method that returns it and `impl Handle { .. }`.
pub fn methods_part(operations: &[&Operation], group: Option<&Group>) -> TokenStream {
    let (duration_import, heartbeat_import) = if operations.iter().any(|op| op.heartbeat.is_some())
    {
        (
            quote! { use std::time::Duration; },
            quote! { use crate::heartbeat::{Heartbeat, HeartbeatConfig}; },
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let in_arguments = operations.iter().any(|op| {
        op.params
            .iter()
            .any(|p| p.required && mentions_types(&p.ty))
            || op
                .body
                .as_ref()
                .is_some_and(|b| b.required && mentions_types(&b.ty))
    });
    let heartbeat_types = operations.iter().any(|op| {
        op.heartbeat.is_some() && op.body.as_ref().is_some_and(|b| mentions_types(&b.ty))
    });
    let outer_types_import =
        (in_arguments || heartbeat_types).then(|| quote! { use crate::types; });
    let methods = operations.iter().map(|op| operation_method(op));
    let handle = group.zip(operations.first().and_then(|op| op.group_method.as_ref()));
    let imports = quote! {
        #duration_import
        use crate::client::Client;
        use crate::error::Error;
        #heartbeat_import
        #outer_types_import
    };
    let Some((group, handle)) = handle else {
        return quote! {
            //! One method of [`Client`] per operation of the spec. It takes the
            //! operation's required inputs and returns its request
            //! ([`builder`]), whose methods set the optional ones; `.await` it
            //! for the body, or call its `send_with_response` for the status,
            //! headers and rate-limit information too.

            #imports

            impl Client {
                #(#methods)*
            }
        };
    };
    let module_doc = format!(
        "The operations of the group `{}`: methods of [`{}`], which [`Client::{}`] returns. Each takes the operation's required inputs and returns its request ([`builder`]), whose methods set the optional ones; `.await` it for the body, or call its `send_with_response` for the status, headers and rate-limit information too.",
        group.name, handle.handle, handle.accessor
    );
    let module_doc = crate::emit::docs::inner_doc_attrs([Some(module_doc.as_str())]);
    let items = handle_items(group, handle, operations.len(), quote! { #(#methods)* });
    quote! {
        #module_doc

        #imports

        #items
    }
}

/// A group's handle (a `Copy` struct holding `&Client`), the `Client`
/// method that returns it, and `impl Handle { #methods }`; the group has
/// `count` operations.
fn handle_items(
    group: &Group,
    handle: &GroupMethod,
    count: usize,
    methods: TokenStream,
) -> TokenStream {
    let ty = ident(&handle.handle);
    let accessor = ident(&handle.accessor);
    let feature = format!(
        "Needs the cargo feature `{}` (on by default, with `{}`).",
        group.feature,
        crate::lower::ALL_GROUPS
    );
    let operations = if count == 1 {
        "1 operation".to_owned()
    } else {
        format!("{count} operations")
    };
    let what = format!(
        "The operations of the group `{}` ({operations}), each a method that returns its request builder: `client.{}().method(..)`.",
        group.name, handle.accessor
    );
    let handle_docs = doc_attrs([
        Some(what.as_str()),
        group.description.as_deref(),
        Some(
            format!(
                "[`Client::{}`] returns it; it only borrows the client, and is `Copy`.",
                handle.accessor
            )
            .as_str(),
        ),
        Some(feature.as_str()),
    ]);
    let accessor_what = format!(
        "The operations of the group `{}` ({operations}): see [`{}`].",
        group.name, handle.handle
    );
    let accessor_docs = doc_attrs([Some(accessor_what.as_str()), Some(feature.as_str())]);
    quote! {
        #handle_docs
        #[derive(Clone, Copy, Debug)]
        pub struct #ty<'a> {
            client: &'a Client,
        }

        impl Client {
            #accessor_docs
            pub fn #accessor(&self) -> #ty<'_> {
                #ty { client: self }
            }
        }

        impl<'a> #ty<'a> {
            #methods
        }
    }
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
    let grouped = op.group_method.as_ref();
    let name = ident(grouped.map_or(&op.method_name, |method| &method.name));
    let builder = ident(&op.builder_name);
    let inputs = super::builder::inputs(op);
    // The lifetime is elided unless a required input borrows.
    let borrows = inputs.required().any(|input| input.borrows);
    let lifetime = if borrows || grouped.is_some() {
        quote! { 'a }
    } else {
        quote! { '_ }
    };
    let client = &inputs.client;
    let settings = &inputs.settings;
    let args = inputs.required().map(|input| {
        let arg = &input.name;
        let ty = &input.ty;
        if input.converts {
            quote! { #arg: impl Into<#ty> }
        } else {
            quote! { #arg: #ty }
        }
    });
    let fields = inputs.inputs.iter().map(|input| {
        let field = &input.name;
        if input.required && input.converts {
            quote! { #field: #field.into() }
        } else if input.required {
            quote! { #field }
        } else {
            quote! { #field: None }
        }
    });
    let docs = method_docs::method_docs(op, &inputs);
    let aliases = aliases(op)
        .into_iter()
        .map(|alias| quote! { #[doc(alias = #alias)] });
    // A handle's methods borrow for its lifetime `'a`.
    let (generics, receiver, this) = if grouped.is_some() {
        (TokenStream::new(), quote! { &self }, quote! { self.client })
    } else if borrows {
        (quote! { <'a> }, quote! { &'a self }, quote! { self })
    } else {
        (TokenStream::new(), quote! { &self }, quote! { self })
    };
    let args: Vec<TokenStream> = args.collect();
    let allow = allow_many_arguments(&args);
    quote! {
        #docs
        #(#aliases)*
        #allow
        pub fn #name #generics(#receiver, #(#args),*) -> builder::#builder<#lifetime> {
            builder::#builder { #client: #this, #(#fields,)* #settings: Default::default() }
        }
    }
}

/// The names rustdoc's search finds `op`'s method by beside its own
/// (`#[doc(alias)]`): its [`Operation::aliases`], and for a method of a
/// group's handle the operationId as written and the `Client` method name
/// it has with flat methods. A name rustdoc refuses as an alias (quotes,
/// tabs, line breaks, white space at an end) is left out.
fn aliases(op: &Operation) -> Vec<&str> {
    let Some(grouped) = &op.group_method else {
        return op.aliases.iter().map(String::as_str).collect();
    };
    let mut aliases: Vec<&str> = Vec::new();
    let candidates = [op.operation_id.as_str(), op.method_name.as_str()]
        .into_iter()
        .chain(op.aliases.iter().map(String::as_str));
    for alias in candidates {
        let refused = alias.is_empty()
            || alias.trim() != alias
            || alias.contains(['"', '\'', '\t', '\n', '\r']);
        if !refused && alias != grouped.name && !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    aliases
}

/// `#[allow(clippy::too_many_arguments)]` for a function taking `args`
/// when clippy would ask for it.
fn allow_many_arguments(args: &[TokenStream]) -> Option<TokenStream> {
    (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] })
}

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

use crate::ir::{Api, Operation};
use crate::spelling::{ident, mentions_types};

pub use request::preparation_part;

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
            builder::#builder { #client: self, #(#fields,)* #settings: Default::default() }
        }
    }
}

/// `#[allow(clippy::too_many_arguments)]` for a function taking `args`
/// when clippy would ask for it.
fn allow_many_arguments(args: &[TokenStream]) -> Option<TokenStream> {
    (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] })
}

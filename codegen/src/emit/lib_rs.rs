//! Emits `lib.rs`: the crate docs (the crate's `README.md`, which
//! [`super::readme`] writes), the lints, the module declarations and the
//! re-exports.
//!
//! ```ignore
//! #![doc = include_str!("../README.md")]
//! #![forbid(unsafe_code)]
//! #![warn(missing_docs)]
//! mod client;
//! #[rustfmt::skip]
//! mod operations;
//! /// A client for the Title.
//! pub use client::Client;
//! pub use client::ClientBuilder;
//! ```
//!
//! The generated modules (`operations`, `spec`, `types`) carry
//! `#[rustfmt::skip]`: their text is what [`crate::format`] wrote, and
//! `cargo fmt` leaves it alone. This file and the runtime's are written as
//! rustfmt writes them. When the runtime's files are not written into the
//! crate ([`RuntimeSource::Path`]), each runtime module's declaration
//! carries `#[path = "DIR/client.rs"]`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, one_line};
use super::types::ident;
use crate::ir::Api;
use crate::RuntimeSource;

/// `lib.rs` of a crate with operations.
pub fn lib_module(api: &Api, runtime: &RuntimeSource) -> TokenStream {
    // Module declarations and re-exports, sorted by module as rustfmt
    // would sort them.
    let mut modules: Vec<(&str, bool, Option<&str>)> =
        vec![("operations", true, None), ("spec", true, None)];
    modules.extend(super::runtime_modules(api).map(|file| (file.module, false, file.feature)));
    modules.push(("types", true, None));
    if super::has_webhooks(api) {
        modules.push(("webhooks", true, None));
    }
    modules.sort_unstable();
    let declarations = modules.iter().map(|(module, generated, feature)| {
        let name = ident(module);
        let cfg = feature.map(|feature| quote! { #[cfg(feature = #feature)] });
        let skip = generated.then(|| quote! { #[rustfmt::skip] });
        // A runtime module not written into the crate is reached where it
        // is stored.
        let path = match runtime {
            RuntimeSource::Path(dir) if !generated => {
                let file = format!("{}/{module}.rs", dir.trim_end_matches('/'));
                Some(quote! { #[path = #file] })
            }
            _ => None,
        };
        let visibility = matches!(*module, "types" | "webhooks").then(|| quote! { pub });
        quote! { #cfg #skip #path #visibility mod #name; }
    });
    let client_doc = doc_attrs([Some(
        format!("A client for the {}.", one_line(&api.title)).as_str(),
    )]);
    let mut exports = vec![
        quote! { #client_doc pub use client::Client; },
        quote! { pub use client::ClientBuilder; },
    ];
    for file in super::runtime_modules(api) {
        let module = ident(file.module);
        // `Client` and `ClientBuilder` are re-exported above, the first with
        // the API's name in its docs.
        let names: Vec<&str> = file
            .exports
            .iter()
            .copied()
            .filter(|name| !matches!(*name, "Client" | "ClientBuilder"))
            .collect();
        let idents = names.iter().map(|name| ident(name));
        let cfg = file
            .feature
            .map(|feature| quote! { #[cfg(feature = #feature)] });
        match names.as_slice() {
            [] => {}
            [_] => exports.push(quote! { #cfg pub use #module::#(#idents)*; }),
            _ => exports.push(quote! { #cfg pub use #module::{#(#idents),*}; }),
        }
    }
    exports.push(quote! { pub use spec::{ErrorBody, DEFAULT_BASE_URL}; });
    exports.push(quote! { pub use operations::builder; });
    if api.operations.iter().any(|op| op.group_method.is_some()) {
        exports.push(quote! { pub use operations::groups; });
    }
    exports.push(quote! {
        /// The HTTP client crate this one is built on, whose types are in
        /// its API (`StatusCode`, `HeaderMap`, a `reqwest::Client` for
        /// [`ClientBuilder::http_client`]): name them through this, at the
        /// version this crate uses.
        pub use reqwest;
    });
    let uses_bytes = api.operations.iter().any(|op| {
        op.success.ty == Some(crate::ir::TypeRef::Bytes)
            || op
                .body
                .as_ref()
                .is_some_and(|body| body.ty == crate::ir::TypeRef::Bytes)
    });
    if uses_bytes {
        exports.push(quote! {
            /// The `bytes` crate, whose `Bytes` binary bodies are sent and
            /// returned as (`Bytes::from(vec)`, `Bytes::from_static(b"..")`).
            pub use bytes;
        });
    }
    // With some groups off, parts of the runtime and of the modules'
    // imports go unused.
    let some_groups = (!api.groups.is_empty()).then(|| {
        let all = crate::lower::ALL_GROUPS;
        quote! { #![cfg_attr(not(feature = #all), allow(dead_code, unused_imports))] }
    });
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #some_groups

        #(#declarations)*

        #(#exports)*
    }
}

/// `lib.rs` of a spec without operations: docs and the `types` module;
/// the runtime's `dates` module when some property is a date; with
/// webhooks, the `webhooks` module and the runtime's tolerant decoding it
/// uses.
pub fn types_only_lib_module(api: &Api, runtime: &RuntimeSource) -> TokenStream {
    // A runtime module, reached where it is stored when it is not written
    // into the crate.
    let runtime_module = |module: &str| {
        let path = match runtime {
            RuntimeSource::Path(dir) => {
                let file = format!("{}/{module}.rs", dir.trim_end_matches('/'));
                Some(quote! { #[path = #file] })
            }
            RuntimeSource::Embedded => None,
        };
        let name = ident(module);
        quote! { #path mod #name; }
    };
    let dates = super::has_dates(api);
    let webhooks = super::has_webhooks(api);
    let dates_module = dates.then(|| runtime_module("dates"));
    let tolerant_module = webhooks.then(|| runtime_module("tolerant"));
    let webhooks_module = webhooks.then(|| quote! { #[rustfmt::skip] pub mod webhooks; });
    let dates_export = dates.then(|| quote! { pub use dates::{Date, DateTime}; });
    let tolerant_export = webhooks.then(|| quote! { pub use tolerant::UnreadField; });
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        #dates_module
        #tolerant_module
        #[rustfmt::skip]
        pub mod types;
        #webhooks_module

        #dates_export
        #tolerant_export
    }
}

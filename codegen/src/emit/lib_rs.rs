//! Emits `lib.rs`: the crate docs with compiled examples, the lints, the
//! module declarations and the re-exports.
//!
//! ```ignore
//! //! # Title
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
//! rustfmt writes them.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inner_doc_attrs, inner_own_doc_attrs, one_line};
use super::types::ident;
use crate::ir::{Api, ParamLocation, TypeRef};
use crate::Options;

/// `lib.rs` of a crate with operations.
pub fn lib_module(api: &Api, options: &Options) -> TokenStream {
    let crate_ident = options.crate_name.replace('-', "_");
    let title = format!("# {}", api.title);
    let origin = format!(
        "Generated from `{}` by `{}`: every operation of the spec is a method of [`Client`], every schema a type in [`types`].",
        options.spec_label, options.regenerate_command
    );
    let example = example(api, &crate_ident);
    let authentication = authentication(api);
    let retries = retries_example(&crate_ident);
    let docs = inner_doc_attrs([Some(title.as_str()), api.description.as_deref()]);
    let own_docs = inner_own_doc_attrs(&[
        &origin,
        &example,
        &authentication,
        &retries,
        RESPONSES_AND_TIMEOUTS,
        TLS_FEATURES,
    ]);
    // Module declarations and re-exports, sorted by module as rustfmt
    // would sort them.
    let mut modules: Vec<(&str, bool)> = vec![("operations", true), ("spec", true)];
    modules.extend(super::runtime_modules(api).map(|file| (file.module, false)));
    modules.push(("types", true));
    modules.sort_unstable();
    let declarations = modules.iter().map(|(module, generated)| {
        let name = ident(module);
        let skip = generated.then(|| quote! { #[rustfmt::skip] });
        let visibility = (*module == "types").then(|| quote! { pub });
        quote! { #skip #visibility mod #name; }
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
        match names.as_slice() {
            [] => {}
            [_] => exports.push(quote! { pub use #module::#(#idents)*; }),
            _ => exports.push(quote! { pub use #module::{#(#idents),*}; }),
        }
    }
    exports.push(quote! { pub use spec::{ErrorBody, DEFAULT_BASE_URL}; });
    exports.push(quote! { pub use operations::builder; });
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
    quote! {
        #docs
        #own_docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        #(#declarations)*

        #(#exports)*
    }
}

/// `lib.rs` of a spec without operations: docs and the `types` module.
pub fn types_only_lib_module(api: &Api, options: &Options) -> TokenStream {
    let title = format!("# {}", api.title);
    let origin = format!(
        "Generated from `{}` by `{}`. The spec has no operations, so this crate holds its schemas only, as types in [`types`].",
        options.spec_label, options.regenerate_command
    );
    let docs = inner_doc_attrs([
        Some(title.as_str()),
        api.description.as_deref(),
        Some(origin.as_str()),
    ]);
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        #[rustfmt::skip]
        pub mod types;
    }
}

/// A compiled (not run) example: build the client and call the first
/// operation that takes only path parameters and returns a body.
fn example(api: &Api, crate_ident: &str) -> String {
    let new_args = match api.auth.first().map(|scheme| &scheme.kind) {
        None => String::new(),
        Some(crate::ir::CredentialKind::Basic) => {
            "\"your-user-name\", \"your-password\"".to_owned()
        }
        Some(_) => "\"your-api-key\"".to_owned(),
    };
    let mut body = format!("let client = {crate_ident}::Client::new({new_args})?;\n");
    let callable = api.operations.iter().find(|op| {
        op.body.is_none()
            && op.success.ty.is_some()
            && op.params.iter().all(|p| {
                !p.required || (p.location == ParamLocation::Path && p.ty == TypeRef::String)
            })
    });
    if let Some(op) = callable {
        let args: Vec<String> = op
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| {
                let value = p
                    .example
                    .as_ref()
                    .and_then(|v| v.as_str())
                    .unwrap_or("some-id");
                format!("{value:?}")
            })
            .collect();
        // One optional input, set on the request builder, shows how the
        // others are.
        let setter = op
            .params
            .iter()
            .filter(|p| !p.required)
            .find_map(|p| match p.ty {
                TypeRef::Integer(_) => Some(format!(".{}(10)", p.rust_name)),
                TypeRef::String => Some(format!(".{}(\"some-value\")", p.rust_name)),
                _ => None,
            })
            .unwrap_or_default();
        body.push_str(&format!(
            "let response = client.{}({}){setter}.await?;\nprintln!(\"{{response:?}}\");\n",
            op.method_name,
            args.join(", ")
        ));
    }
    format!(
        "## Example\n\n```no_run\n# async fn example() -> Result<(), {crate_ident}::Error> {{\n{body}# Ok(())\n# }}\n```"
    )
}

/// `## Authentication`: the credentials the client can send, the builder
/// method that sets each and where it goes, and the schemes it cannot send.
fn authentication(api: &Api) -> String {
    let mut text = String::from("## Authentication\n\n");
    if api.auth.is_empty() && api.unsupported_auth.is_empty() {
        text.push_str("The spec declares no security scheme: requests carry no credentials.");
        return text;
    }
    if !api.auth.is_empty() {
        text.push_str("Each operation is sent with the credentials its spec asks for (the first of its alternatives the client has); set them on [`ClientBuilder`]. They are sent as sensitive values: no log or `Debug` output shows them.\n\n| builder method | scheme | sent as |\n|---|---|---|\n");
        for scheme in &api.auth {
            let how = match &scheme.kind {
                crate::ir::CredentialKind::Bearer {
                    obtained: Some(obtained),
                } => {
                    format!("{}: {}", scheme.carrier(), one_line(obtained))
                }
                _ => scheme.carrier(),
            };
            text.push_str(&format!(
                "| [`{setter}`](ClientBuilder::{setter}) | `{key}` | {how} |\n",
                setter = scheme.rust_name,
                key = one_line(&scheme.scheme).replace('|', "\\|"),
                how = how.replace('|', "\\|"),
            ));
        }
    }
    if !api.unsupported_auth.is_empty() {
        text.push_str("\nThe client cannot send these schemes, so operations that need them go without (give your own `reqwest::Client` a default header with [`ClientBuilder::http_client`] if you must):\n\n");
        for (key, why) in &api.unsupported_auth {
            text.push_str(&format!("- `{}`: {}\n", one_line(key), one_line(why)));
        }
    }
    text.trim_end().to_owned()
}

/// `## Responses and timeouts`: what a success returns and how long a call
/// may take.
const RESPONSES_AND_TIMEOUTS: &str = "## Responses and timeouts\n\nA 2xx is never an error: a request whose operation documents a JSON body gives `Option<T>`, `None` when the body is empty or not the documented JSON (`send_with_response()` keeps the bytes in [`ApiResponse::raw_body`]); a text body is a `String`, any other a `bytes::Bytes`. A value of the body that cannot be read as documented is left out and kept, with its JSON pointer and raw JSON, in [`ApiResponse::unread`] (and [`ApiError::unread`] for error bodies); the rest is decoded. Every attempt is bounded by [`DEFAULT_TIMEOUT`] (connecting by [`DEFAULT_CONNECT_TIMEOUT`]) unless [`ClientBuilder::timeout`], [`ClientBuilder::connect_timeout`] or [`ClientBuilder::no_timeout`] says otherwise.";

/// `## TLS`: the crate's features that choose the TLS stack.
const TLS_FEATURES: &str = "## TLS\n\nThe TLS stack is chosen with this crate's features: `rustls-ring` (the default: rustls with the ring provider, the quickest to build), `rustls-aws-lc` (rustls with aws-lc-rs, reqwest's own default) or `native-tls` (the platform's TLS; it wins when a rustls feature is on too); set `default-features = false` to pick another. `http2` adds HTTP/2 where the server offers it. With `rustls-ring`, each client is given a TLS configuration of its own with the ring provider and the platform's certificate verifier: nothing is installed for the whole process, so a program may install its own rustls provider before or after building clients. A `reqwest::Client` you bring with [`ClientBuilder::http_client`] needs a TLS configuration or provider of its own ([`ClientBuilder::http_client`] says how).";

/// A compiled and run example of the retry policy's settings.
fn retries_example(crate_ident: &str) -> String {
    format!(
        "## Retries\n\nFailed requests are retried as the client's [`RetryPolicy`] says (3 retries, exponential backoff from 500 ms with jitter, capped at 30 s, unless set otherwise with [`ClientBuilder::retry_policy`]):\n\n```\nuse {crate_ident}::RetryPolicy;\nuse std::time::Duration;\n\nlet policy = RetryPolicy::default()\n    .with_max_retries(5)\n    .with_base_delay(Duration::from_millis(200))\n    .with_max_delay(Duration::from_secs(10));\nassert_eq!(policy.max_retries(), 5);\nassert_eq!(RetryPolicy::disabled().max_retries(), 0);\n```"
    )
}

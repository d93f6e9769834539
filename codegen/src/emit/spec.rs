//! Emits `spec.rs`: what the spec decides for the runtime, as the items the
//! runtime's files refer to (the stand-in `codegen/runtime/src/spec.rs`
//! has the same ones).
//!
//! ```ignore
//! pub const DEFAULT_BASE_URL: &str = "https://api.example.com";
//! pub(crate) const CREDENTIAL_SETTERS: &[&str] = &["api_key"];
//! pub enum ErrorBody { ErrorModel(types::ErrorModel), Other(serde_json::Value) } // error_body.rs
//! impl Client { pub fn new(api_key: impl Into<String>) -> Result<Self, Error> }
//! impl ClientBuilder { pub fn api_key(self, api_key: impl Into<String>) -> Self }
//! impl RateLimit { pub const LIMIT_HEADER: &'static str = "ratelimit-limit"; ... }
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::types::ident;
use crate::ir::{Api, AuthScheme, CredentialKind, KeyLocation};

/// The whole `spec` module.
pub fn spec_module(api: &Api) -> TokenStream {
    let base_url = &api.base_url;
    let schemes = api.auth.iter().map(|s| {
        let (key, setter) = (&s.scheme, &s.rust_name);
        quote! { (#key, #setter) }
    });
    let error_body = super::error_body::error_body(api);
    let types_import = api
        .operations
        .iter()
        .flat_map(|operation| &operation.errors)
        .any(|response| matches!(response.ty, Some(crate::ir::TypeRef::Named(_))))
        .then(|| quote! { use crate::types; });

    let setter_fns = api.auth.iter().map(setter);
    let echo_setter = echo_setter(api);
    let builder_impl = (!api.auth.is_empty() || echo_setter.is_some()).then(|| {
        quote! {
            impl ClientBuilder {
                #(#setter_fns)*
                #echo_setter
            }
        }
    });
    let echo_marking = echo_marking(api);
    let client_import = match (api.auth.is_empty(), builder_impl.is_some()) {
        (false, _) => quote! { use crate::client::{Client, ClientBuilder, CredentialIn}; },
        (true, true) => quote! { use crate::client::{Client, ClientBuilder}; },
        (true, false) => quote! { use crate::client::Client; },
    };
    let new_fn = new_fn(api.auth.first());
    let [limit, remaining, reset] = [
        &api.rate_limit_headers.limit,
        &api.rate_limit_headers.remaining,
        &api.rate_limit_headers.reset,
    ];
    quote! {
        //! What the spec decides for the runtime: the default server, the
        //! credentials and how they are sent, the rate-limit headers and the
        //! type of error bodies.

        #client_import
        use crate::error::Error;
        use crate::rate_limit::RateLimit;
        use crate::tolerant::UnreadField;
        #types_import

        /// The server the client talks to unless told otherwise.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// The security schemes the client can send, in the spec's order:
        /// each scheme's key and the builder method that sets it.
        pub(crate) const CREDENTIAL_SETTERS: &[(&str, &str)] = &[#(#schemes),*];

        #echo_marking

        #error_body

        impl Client {
            #new_fn
        }

        #builder_impl

        impl RateLimit {
            /// The header that carries [`RateLimit::limit`].
            pub const LIMIT_HEADER: &'static str = #limit;
            /// The header that carries [`RateLimit::remaining`].
            pub const REMAINING_HEADER: &'static str = #remaining;
            /// The header that carries [`RateLimit::reset`], in seconds.
            pub const RESET_HEADER: &'static str = #reset;
        }
    }
}

/// `ECHO_MARKING`: the spec's echo marker and the operations whose bodies
/// carry it, `None` without one.
fn echo_marking(api: &Api) -> TokenStream {
    let doc = "The spec's echo marker (`x-echo-marker`) and the operations whose bodies carry it; `None` where the spec names none.";
    match &api.echo_marker {
        Some(marker) => {
            let property = &marker.property;
            let operations = &marker.operations;
            quote! {
                #[doc = #doc]
                pub(crate) const ECHO_MARKING: Option<crate::echo::EchoMarking> =
                    Some(crate::echo::EchoMarking {
                        property: #property,
                        operations: &[#(#operations),*],
                    });
            }
        }
        None => quote! {
            #[doc = #doc]
            pub(crate) const ECHO_MARKING: Option<crate::echo::EchoMarking> = None;
        },
    }
}

/// `ClientBuilder::echo_marker`, where the spec names an echo marker that
/// some operation's body carries.
fn echo_setter(api: &Api) -> Option<TokenStream> {
    let marker = api.echo_marker.as_ref()?;
    let methods: Vec<String> = marker
        .operations
        .iter()
        .filter_map(|id| api.operations.iter().find(|op| &op.operation_id == id))
        .map(super::groups::method_link)
        .collect();
    if methods.is_empty() {
        return None;
    }
    let property = &marker.property;
    let docs = doc_attrs([
        Some(format!(
            "Writes `marker` as `{property}` in the body of every request that has that property and leaves it unset: {}. A value set on a body wins.",
            methods.join(", ")
        ).as_str()),
        (!api.webhooks.is_empty()).then_some(
            "The webhooks module's `is_echo_of(marker)` then tells your own messages when a webhook brings them back, so that a two-way integration never answers itself.",
        ),
        Some("Without this setting the client writes nothing there."),
    ]);
    Some(quote! {
        #docs
        pub fn echo_marker(mut self, marker: impl Into<String>) -> Self {
            self.echo_marker = Some(marker.into());
            self
        }
    })
}

/// `Client::new`: with the first credential when the spec has one.
fn new_fn(first: Option<&AuthScheme>) -> TokenStream {
    match first {
        Some(scheme) => {
            let setter = ident(&scheme.rust_name);
            let doc = format!(
                "A client for [`DEFAULT_BASE_URL`] that authenticates with the {} of the `{}` scheme.",
                scheme.carrier(),
                scheme.scheme
            );
            let docs = doc_attrs([Some(doc.as_str())]);
            let (params, args) = match scheme.kind {
                CredentialKind::Basic => (
                    quote! { username: impl Into<String>, password: impl Into<String> },
                    quote! { username, password },
                ),
                _ => (quote! { #setter: impl Into<String> }, quote! { #setter }),
            };
            quote! {
                #docs
                ///
                /// # Errors
                ///
                /// [`Error::InvalidArgument`] when the credential is empty or not a valid
                /// header value, and [`Error::Transport`] when the HTTP client cannot be built.
                pub fn new(#params) -> Result<Self, Error> {
                    Self::builder().#setter(#args).build()
                }
            }
        }
        None => quote! {
            /// A client for [`DEFAULT_BASE_URL`].
            ///
            /// # Errors
            ///
            /// [`Error::Transport`] when the HTTP client cannot be built.
            pub fn new() -> Result<Self, Error> {
                Self::builder().build()
            }
        },
    }
}

/// The builder's setter for one credential, with its docs.
fn setter(scheme: &AuthScheme) -> TokenStream {
    let name = ident(&scheme.rust_name);
    let setter = &scheme.rust_name;
    let key = &scheme.scheme;
    let sent = match &scheme.kind {
        CredentialKind::Bearer {
            obtained: Some(obtained),
        } => format!(
            "Sends `{setter}`, {obtained}, as a bearer token (`Authorization: Bearer`) with the operations that ask for the `{key}` scheme."
        ),
        CredentialKind::Basic => format!(
            "Sends `username` and `password` (`Authorization: Basic`) with the operations that ask for the `{key}` scheme."
        ),
        _ => format!(
            "Sends `{setter}` in the {} with the operations that ask for the `{key}` scheme.",
            scheme.carrier()
        ),
    };
    let docs = doc_attrs([
        Some(sent.as_str()),
        scheme.description.as_deref(),
        Some("It is sent as a sensitive value: no log or `Debug` output shows it."),
    ]);
    match &scheme.kind {
        CredentialKind::Basic => quote! {
            #docs
            pub fn #name(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                self.credential(
                    #setter,
                    #key,
                    CredentialIn::Basic { username: username.into() },
                    password.into(),
                )
            }
        },
        kind => {
            let carrier = match kind {
                CredentialKind::ApiKey { location, name } => match location {
                    KeyLocation::Header => quote! { CredentialIn::Header(#name) },
                    KeyLocation::Query => quote! { CredentialIn::Query(#name) },
                    KeyLocation::Cookie => quote! { CredentialIn::Cookie(#name) },
                },
                _ => quote! { CredentialIn::Bearer },
            };
            quote! {
                #docs
                pub fn #name(self, #name: impl Into<String>) -> Self {
                    self.credential(#setter, #key, #carrier, #name.into())
                }
            }
        }
    }
}

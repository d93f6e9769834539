//! Emits `error.rs`: the one error type every client method returns.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::Api;

/// ```ignore
/// pub enum Error { InvalidArgument {..}, Transport(reqwest::Error), Api {..}, Decode {..} }
/// impl Error { pub fn status(&self) -> Option<StatusCode> }
/// ```
pub fn error_module(api: &Api) -> TokenStream {
    let (model_field, model_import) = match &api.error_type {
        Some(name) => {
            let doc = format!(" The error body decoded as [`{name}`], when it is one.");
            let name = ident(name);
            (
                quote! { #[doc = #doc] error: Option<types::#name>, },
                quote! { use crate::types; },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    quote! {
        //! The error type of every client method.

        #model_import

        /// How many characters of an error body `Display` shows.
        const BODY_PREVIEW_CHARS: usize = 200;

        /// Everything that can go wrong when calling the API.
        #[derive(Debug, thiserror::Error)]
        #[non_exhaustive]
        pub enum Error {
            /// An argument was rejected before anything was sent.
            #[error("invalid argument `{name}`: {reason}")]
            InvalidArgument {
                /// The argument's name.
                name: &'static str,
                /// Why it was rejected.
                reason: String,
            },
            /// The request could not be sent, or its response could not be read
            /// (connection, TLS, timeout, or an invalid URL).
            #[error("the HTTP request failed: {0}")]
            Transport(#[source] reqwest::Error),
            /// The API answered with a status outside 2xx.
            #[error("the API answered {status}: {}", preview(body))]
            Api {
                /// The HTTP status.
                status: reqwest::StatusCode,
                #model_field
                /// The raw error body, as text.
                body: String,
            },
            /// A 2xx response body was not the JSON the spec documents.
            #[error("could not decode the {status} response body: {source}")]
            Decode {
                /// The HTTP status.
                status: reqwest::StatusCode,
                /// What serde found wrong.
                #[source]
                source: serde_json::Error,
                /// The raw body.
                body: bytes::Bytes,
            },
        }

        impl Error {
            /// The HTTP status of the response, when there was one.
            pub fn status(&self) -> Option<reqwest::StatusCode> {
                match self {
                    Self::Api { status, .. } | Self::Decode { status, .. } => Some(*status),
                    Self::Transport(error) => error.status(),
                    Self::InvalidArgument { .. } => None,
                }
            }
        }

        /// The start of an error body, for `Display`.
        fn preview(body: &str) -> String {
            let body = body.trim();
            if body.is_empty() {
                return "(empty body)".to_owned();
            }
            match body.char_indices().nth(BODY_PREVIEW_CHARS) {
                Some((end, _)) => format!("{}…", &body[..end]),
                None => body.to_owned(),
            }
        }
    }
}

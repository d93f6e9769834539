//! Emits `ErrorBody` into `spec.rs`: the body of an error response, decoded
//! by the schema its operation documents for its status (one variant per
//! named schema, and `Other` for JSON no documented schema describes), and
//! `ErrorBody::decode`, which the runtime's `response.rs` calls with the
//! operation's id and the status. A status the operation does not document
//! is tried, strictly, as the spec's most used error schema
//! ([`Api::error_type`]): an API's 401 usually has the shape of its 400.
//!
//! ```ignore
//! pub enum ErrorBody { ErrorModel(types::ErrorModel), NotFoundError(types::NotFoundError), Other(serde_json::Value) }
//! impl ErrorBody { pub(crate) fn decode(operation: &str, status: u16, body: &[u8]) -> Option<(Self, Vec<UnreadField>)> }
//! ```

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::{Api, TypeRef};

/// The `ErrorBody` enum and its `decode`.
pub fn error_body(api: &Api) -> TokenStream {
    // Schema name -> the (operationId, status) pairs that document it;
    // `None` for the operation's `default` response.
    let mut documented: BTreeMap<&str, Vec<(&str, Option<u16>)>> = BTreeMap::new();
    for operation in &api.operations {
        for response in &operation.errors {
            if let Some(TypeRef::Named(name)) = &response.ty {
                documented
                    .entry(name.as_str())
                    .or_default()
                    .push((operation.operation_id.as_str(), response.status));
            }
        }
    }
    let fallback = api
        .error_type
        .as_deref()
        .filter(|name| documented.contains_key(name));
    let other = if documented.contains_key("Other") {
        ident("UndocumentedJson")
    } else {
        ident("Other")
    };
    let variants = documented.iter().map(|(name, uses)| {
        let variant = ident(name);
        let mut statuses: Vec<String> = uses
            .iter()
            .map(|(_, status)| status.map_or_else(|| "default".to_owned(), |s| s.to_string()))
            .collect();
        statuses.sort();
        statuses.dedup();
        let also = if fallback == Some(*name) {
            "; also a body of a status the operation does not document, when it has exactly this shape"
        } else {
            ""
        };
        let doc = format!(
            " A body of the schema [`types::{name}`], documented for {} responses{also}.",
            statuses.join(", ")
        );
        quote! {
            #[doc = #doc]
            #variant(types::#variant),
        }
    });
    // Exact statuses first, then each operation's `default`.
    let arm = |exact: bool| {
        let documented = &documented;
        documented.iter().filter_map(move |(name, uses)| {
            let variant = ident(name);
            let patterns: Vec<TokenStream> = uses
                .iter()
                .filter(|(_, status)| status.is_some() == exact)
                .map(|(operation, status)| match status {
                    Some(status) => {
                        let status = proc_macro2::Literal::u16_unsuffixed(*status);
                        quote! { (#operation, #status) }
                    }
                    None => quote! { (#operation, _) },
                })
                .collect();
            (!patterns.is_empty()).then(|| {
                quote! {
                    #(#patterns)|* => crate::tolerant::decode_as(body, Self::#variant),
                }
            })
        })
    };
    let exact = arm(true);
    let defaults = arm(false);
    let types_used = !documented.is_empty();
    let undocumented = match fallback {
        Some(name) => {
            let variant = ident(name);
            quote! {
                serde_json::from_slice(body)
                    .ok()
                    .map(|value| (Self::#variant(value), Vec::new()))
            }
        }
        None => quote! { None },
    };
    let schema_match = if types_used {
        quote! {
            let decoded = match (operation, status) {
                #(#exact)*
                #(#defaults)*
                _ => #undocumented,
            };
            decoded.or_else(|| crate::tolerant::decode_as(body, Self::#other))
        }
    } else {
        quote! {
            let _ = (operation, status);
            crate::tolerant::decode_as(body, Self::#other)
        }
    };
    let other_doc = " JSON that no schema documented for the operation and status describes: an undocumented status, or a body that does not fit its schema.";
    quote! {
        /// The body of an error response ([`ApiError::error`](crate::ApiError::error)),
        /// decoded by the schema the spec documents for the operation and
        /// the status: match on the variant to read it.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #(#variants)*
            #[doc = #other_doc]
            #other(serde_json::Value),
        }

        impl ErrorBody {
            /// `body`, an error response of `status` to the operation
            /// `operation` (its operationId), decoded by the schema
            /// documented for them, else as any JSON; `None` when it is not
            /// JSON. The values a documented schema could not read are
            /// returned beside it.
            pub(crate) fn decode(
                operation: &str,
                status: u16,
                body: &[u8],
            ) -> Option<(Self, Vec<UnreadField>)> {
                #schema_match
            }
        }
    }
}

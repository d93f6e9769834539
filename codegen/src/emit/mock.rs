//! Emits the typed mock helpers of the `test-util` feature: one method of
//! the runtime's `Mock` per operation, named like the client's method,
//! whose handler gets the call with its JSON body decoded as the
//! documented type and answers with the documented success type (written
//! with its documented 2xx status) or any other response.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{BodyMedia, Operation, ResponseMedia};
use crate::spelling::{ident, mentions_types, text, type_tokens, Scope};

/// The part of `operations.rs` behind `#[cfg(feature = "test-util")]`: a
/// private module holding `impl Mock { .. }` with one method per operation.
pub fn mock_part(operations: &[&Operation]) -> TokenStream {
    let types_import = operations
        .iter()
        .any(|op| {
            op.success.ty.as_ref().is_some_and(mentions_types)
                || json_body(op).is_some_and(|b| mentions_types(&b.ty))
        })
        .then(|| quote! { use crate::types; });
    let methods = operations.iter().map(|op| mock_method(op));
    quote! {
        /// The typed answers of the `test-util` mock: one method of
        /// [`Mock`] per operation.
        #[cfg(feature = "test-util")]
        mod mock_answers {
            use crate::mock::{self, Mock, MockAnswer, MockCall, MockResponse};
            #types_import

            impl Mock {
                #(#methods)*
            }
        }
    }
}

/// The operation's request body when it is JSON (the mock decodes it).
fn json_body(op: &Operation) -> Option<&crate::ir::Body> {
    op.body
        .as_ref()
        .filter(|body| body.media == BodyMedia::Json)
}

/// The status a success answer is written with: the first documented 2xx
/// with a body (the first documented 2xx when none has one, 200 when none
/// is documented).
fn success_status(op: &Operation) -> u16 {
    let success = &op.success;
    let with_body = success
        .statuses
        .iter()
        .find(|status| success.ty.is_some() && !success.empty_statuses.contains(status));
    with_body
        .or(success.statuses.first())
        .copied()
        .unwrap_or(200)
}

/// The method of `Mock` that answers `op`.
fn mock_method(op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let id = &op.operation_id;
    let status = success_status(op);
    let status_literal = Literal::u16_unsuffixed(status);
    let (body_ty, read_body, body_doc) = match json_body(op) {
        Some(body) => {
            let ty = type_tokens(&body.ty, Scope::Crate);
            let shown = text(&ty);
            if body.required {
                (
                    quote! { #ty },
                    quote! { |bytes: &[u8]| serde_json::from_slice::<#ty>(bytes) },
                    format!("`call.body()` is the request's body, a `{shown}`."),
                )
            } else {
                (
                    quote! { Option<#ty> },
                    quote! {
                        |bytes: &[u8]| {
                            if bytes.is_empty() {
                                Ok(None)
                            } else {
                                serde_json::from_slice::<#ty>(bytes).map(Some)
                            }
                        }
                    },
                    format!(
                        "`call.body()` is the request's body, a `{shown}`, or `None` when the call sent none."
                    ),
                )
            }
        }
        None => (
            quote! { () },
            quote! { |_: &[u8]| Ok(()) },
            match &op.body {
                Some(_) => {
                    "The body is not JSON: `call.request().body()` has its bytes.".to_owned()
                }
                None => "The operation has no body.".to_owned(),
            },
        ),
    };
    let media_type = op.success.media_types.first().cloned();
    let (success_ty, write, success_doc) = match (&op.success.ty, op.success.media) {
        (Some(ty), ResponseMedia::Json) => {
            let ty = type_tokens(ty, Scope::Crate);
            let shown = text(&ty);
            (
                quote! { #ty },
                quote! { |value: #ty| MockResponse::json(#status_literal, &value) },
                format!(
                    "`MockAnswer::ok` takes a `{shown}`, answered as JSON with status {status}."
                ),
            )
        }
        (Some(ty), media) => {
            let ty = type_tokens(ty, Scope::Crate);
            let shown = text(&ty);
            let fallback = if media == ResponseMedia::Text {
                "text/plain"
            } else {
                "application/octet-stream"
            };
            let content_type = media_type.as_deref().unwrap_or(fallback).to_owned();
            (
                quote! { #ty },
                quote! {
                    |value: #ty| {
                        MockResponse::status(#status_literal)
                            .header(
                                reqwest::header::CONTENT_TYPE,
                                reqwest::header::HeaderValue::from_static(#content_type),
                            )
                            .body(value)
                    }
                },
                format!(
                    "`MockAnswer::ok` takes a `{shown}`, answered as `{content_type}` with status {status}."
                ),
            )
        }
        (None, _) => (
            quote! { () },
            quote! { |(): ()| MockResponse::status(#status_literal) },
            format!("`MockAnswer::ok(())` answers status {status} without a body."),
        ),
    };
    let first = format!(
        "Answers {} (`{} {}`, operationId `{id}`) with `handler`, over any earlier answer.",
        super::groups::method_link(op),
        op.method.as_str(),
        op.path,
    );
    let rest = "Other statuses, such as a documented error with its body, are answered by `MockAnswer::error` or `MockAnswer::status`; every answer is read as a server's would be.";
    let docs = [first, body_doc, success_doc, rest.to_owned()]
        .into_iter()
        .enumerate()
        .map(|(index, paragraph)| {
            let line = format!(" {paragraph}");
            let blank = (index > 0).then(|| quote! { #[doc = ""] });
            quote! { #blank #[doc = #line] }
        });
    quote! {
        #(#docs)*
        #[must_use]
        pub fn #name(
            self,
            handler: impl Fn(&MockCall<#body_ty>) -> MockAnswer<#success_ty> + Send + Sync + 'static,
        ) -> Self {
            mock::on_typed(self, #id, #read_body, #write, handler)
        }
    }
}

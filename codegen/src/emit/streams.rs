//! Emits `send_stream`, the send verb of an operation whose success can be
//! read as it comes: an `impl` block beside the request builder
//! ([`super::builder`]) that sends the request asking for the streamed
//! media type and gives a `ResponseStream` of the items (SSE events, JSON
//! texts) or of the bytes.
//!
//! ```ignore
//! impl<'a> CreateChatBuilder<'a> {
//!     pub async fn send_stream(self) -> Result<ResponseStream<SseEvent<types::Chunk>>, Error> { .. }
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::inputs;
use super::docs::doc_attrs;
use crate::ir::{Api, Framing, Operation, Streaming};
use crate::spelling::{ident, type_tokens, Scope};

/// Whether some operation of `api` can be streamed (the crate then has the
/// runtime's `stream.rs` and its dependencies).
pub(crate) fn has_streams(api: &Api) -> bool {
    api.operations.iter().any(|op| op.streaming.is_some())
}

/// The `send_stream` blocks of every operation that has one.
pub fn stream_impls(operations: &[&Operation]) -> TokenStream {
    let blocks = operations
        .iter()
        .filter_map(|op| Some(send_stream(op, op.streaming.as_ref()?)));
    quote! { #(#blocks)* }
}

/// The `send_stream` of `op`.
fn send_stream(op: &Operation, streaming: &Streaming) -> TokenStream {
    let inputs = inputs(op);
    let client = &inputs.client;
    let settings = &inputs.settings;
    let passed = inputs.inputs.iter().map(|input| {
        let field = &input.name;
        quote! { self.#field }
    });
    let name = ident(&op.builder_name);
    let prepare = ident(&op.method_name);
    let item = type_tokens(&streaming.item, Scope::Crate);
    let (output, read, what) = match streaming.framing {
        Framing::Sse => (
            quote! { crate::stream::SseEvent<#item> },
            quote! { events },
            "its server-sent events, each event's data decoded as JSON",
        ),
        Framing::SseText => (
            quote! { crate::stream::SseEvent<#item> },
            quote! { text_events },
            "its server-sent events, each event's data as it came",
        ),
        Framing::JsonLines => (
            item.clone(),
            quote! { json_lines },
            "its JSON Lines, each decoded",
        ),
        Framing::JsonSeq => (
            item.clone(),
            quote! { json_seq },
            "its JSON texts (RFC 7464), each decoded",
        ),
        Framing::Bytes => (item.clone(), quote! { bytes }, "its bytes, chunk by chunk"),
    };
    let media_type = &streaming.media_type;
    let method = super::groups::method_ref(op);
    let summary = format!(
        "Sends the request asking for `{media_type}` and reads the response as it comes: {what}, without holding the body whole."
    );
    let rules = "The request is retried as the client's retry policy says until the response starts, never after. See [`ResponseStream`](crate::ResponseStream) for the idle timeout, the limit on one item and what ends the stream.";
    let errors =
        format!("As for {method}, before the response starts; then each item is a `Result`.");
    let docs = doc_attrs([
        Some(summary.as_str()),
        Some(rules),
        Some("# Errors"),
        Some(errors.as_str()),
    ]);
    quote! {
        impl<'a> #name<'a> {
            #docs
            pub async fn send_stream(self) -> Result<crate::stream::ResponseStream<#output>, Error> {
                let request = super::operation::#prepare(#(#passed),*)?;
                let body = self.#client.execute_streamed(request, self.#settings, #media_type).await?;
                Ok(crate::stream::ResponseStream::#read(body))
            }
        }
    }
}

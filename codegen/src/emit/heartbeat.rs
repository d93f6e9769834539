//! Emits the `Client` methods that start the spec's heartbeats (operation
//! extension `x-heartbeat`), the last part of `operations.rs`. The task they
//! start is the runtime's `heartbeat.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use crate::ir::{Body, Heartbeat, Operation};
use crate::spelling::{ident, type_tokens, Scope};

/// `impl Client { ... }` blocks with the starters of every heartbeat.
pub fn starters_part(operations: &[&Operation]) -> TokenStream {
    operations.iter().filter_map(|op| starter(op)).collect()
}

/// `impl Client { pub fn keep_x(..) ; pub fn keep_x_with(.., config) }`.
fn starter(op: &Operation) -> Option<TokenStream> {
    let heartbeat = op.heartbeat.as_ref()?;
    let name = ident(&heartbeat.method_name);
    let with_config = ident(&format!("{}_with", heartbeat.method_name));
    let path = super::groups::method_path(op);
    let call = quote! { client.#path };
    let interval = proc_macro2::Literal::u64_unsuffixed(heartbeat.interval_seconds);
    let window = proc_macro2::Literal::u64_unsuffixed(heartbeat.window_seconds);
    let docs = starter_docs(op, heartbeat);
    let mut params = Vec::new();
    let mut pass = Vec::new();
    let (call_expr, clone) = match &op.body {
        Some(body) => {
            let ty = type_tokens(&body.ty, Scope::Crate);
            params.push(quote! { body: #ty });
            pass.push(quote! { body });
            // Bytes are passed by value (a cheap clone), the rest by reference.
            let arg = if body.ty == crate::ir::TypeRef::Bytes {
                quote! { body.clone() }
            } else {
                quote! { &body }
            };
            (
                call_with_body(op, body, &arg),
                quote! { let body = body.clone(); },
            )
        }
        None => (quote! { #call() }, TokenStream::new()),
    };
    let config = quote! {
        HeartbeatConfig::new(Duration::from_secs(#interval), Duration::from_secs(#window))
    };
    pass.push(config);
    // The heartbeat needs only to know that the call succeeded.
    let discard = op
        .success
        .ty
        .is_some()
        .then(|| quote! { .map(std::mem::drop) });
    // A starter follows its operation: to the group's handle, where the
    // crate has methods by group.
    let (block, this) = match &op.group_method {
        Some(method) => {
            let handle = ident(&method.handle);
            (quote! { impl<'a> #handle<'a> }, quote! { self.client })
        }
        None => (quote! { impl Client }, quote! { self }),
    };
    Some(quote! {
        #block {
            #docs
            ///
            /// # Errors
            ///
            /// [`Error::InvalidArgument`] when called outside a Tokio runtime.
            pub fn #name(&self, #(#params),*) -> Result<Heartbeat, Error> {
                self.#with_config(#(#pass),*)
            }

            /// Like the method without `_with`, with another interval and window.
            ///
            /// # Errors
            ///
            /// [`Error::InvalidArgument`] when called outside a Tokio runtime.
            pub fn #with_config(&self, #(#params,)* config: HeartbeatConfig) -> Result<Heartbeat, Error> {
                let client = #this.clone();
                Heartbeat::spawn(config, move || {
                    let client = client.clone();
                    #clone
                    async move { #call_expr.await #discard }
                })
            }
        }
    })
}

/// The docs of a heartbeat's starter: what it calls, how often, and why a
/// failed call is retried sooner.
fn starter_docs(op: &Operation, heartbeat: &Heartbeat) -> TokenStream {
    let summary = op.summary.as_deref().unwrap_or(&op.operation_id);
    let doc = format!(
        "Calls {} ({}) at once and then every {} s, in a background task, for as long as the returned [`Heartbeat`] lives.",
        super::groups::method_ref(op),
        summary.trim_end_matches('.'),
        heartbeat.interval_seconds
    );
    let window_doc = format!(
        "One call keeps the state alive about {} s, so a failed call is retried sooner than the interval.",
        heartbeat.window_seconds
    );
    let docs = doc_attrs([Some(doc.as_str()), Some(window_doc.as_str())]);
    docs
}

/// The call of `op` with its body `arg`: an argument of the method where
/// the body is required, else set on the request builder.
fn call_with_body(op: &Operation, body: &Body, arg: &TokenStream) -> TokenStream {
    let path = super::groups::method_path(op);
    let call = quote! { client.#path };
    if body.required {
        quote! { #call(#arg) }
    } else {
        let inputs = super::builder::inputs(op);
        let setter = inputs
            .optional()
            .find(|input| input.param.is_none())
            .map(|input| input.name.clone());
        quote! { #call().#setter(#arg) }
    }
}

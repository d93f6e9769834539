//! What the root `operations.rs` of a crate with groups holds for them:
//! when every operation is in a group, its docs and `builder`, which
//! gathers the groups' request builders (the group modules,
//! `operations/{module}.rs`, are declared beside); with methods by group,
//! the module `groups` of their handles. Also how the generated docs name
//! and call an operation's method, of `Client` or of its group's handle.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Operation;
use crate::spelling::ident;

/// `operations.rs` when every operation is in a group: its docs and the
/// `builder` module of re-exports (the group modules are declared beside);
/// `by_group` where the methods are the groups' handles'.
pub fn root_part(reexports: &TokenStream, by_group: bool) -> TokenStream {
    let whose = if by_group {
        quote! {
            //! One method per operation of the spec, of its group's handle
            //! ([`groups`]), in a module per group of operations (each
            //! behind its cargo feature). It takes the operation's required
            //! inputs and
        }
    } else {
        quote! {
            //! One method of [`Client`](crate::Client) per operation of the
            //! spec, in a module per group of operations (each behind its
            //! cargo feature). It takes the operation's required inputs and
        }
    };
    let returned_by = if by_group {
        quote! {
            /// The requests the methods of the groups' handles return, of
            /// every group that is on. Each holds the operation's inputs:
        }
    } else {
        quote! {
            /// The requests the methods of [`Client`](crate::Client) return,
            /// of every group that is on. Each holds the operation's inputs:
        }
    };
    quote! {
        #whose
        //! returns its request ([`builder`]), whose methods set the
        //! optional ones; `.await` it for the body, or call its
        //! `send_with_response` for the status, headers and rate-limit
        //! information too.

        #returned_by
        /// the method takes the required ones, and the builder's methods
        /// set the optional ones. `.await` it to send it and get the
        /// body, or call `send_with_response` for the status, headers and
        /// rate-limit information too.
        pub mod builder {
            #reexports
        }
    }
}

/// The module `groups` (re-exported at the crate root): the handle of
/// every group that is on (`reexports`), where the crate has methods by
/// group; `example` is one call of a grouped operation of the crate
/// (`client.issues().list_for_repo(..)`).
pub fn handles_module(reexports: &[TokenStream], example: &str) -> TokenStream {
    let example = format!(" (`{example}`).");
    quote! {
        /// The handles of the groups of operations, one per group that is
        /// on: a method of [`Client`](crate::Client) named like the group
        /// returns its handle, whose methods are the group's operations
        #[doc = #example]
        pub mod groups {
            #(#reexports)*
        }
    }
}

/// A doc link to `op`'s method: `` [`Client::send`](crate::Client::send) ``,
/// or, on a group's handle,
/// `` [`issues().list`](crate::groups::IssuesOperations::list) ``.
pub fn method_link(op: &Operation) -> String {
    match &op.group_method {
        Some(method) => format!(
            "[`{}().{}`](crate::groups::{}::{})",
            method.accessor, method.name, method.handle, method.name
        ),
        None => format!("[`Client::{0}`](crate::Client::{0})", op.method_name),
    }
}

/// A doc link to `op`'s method as the docs of the operations' modules
/// write it: `` [`Client::send`] `` (`Client` is in scope there), or as
/// [`method_link`] does for a method of a group's handle.
pub fn method_ref(op: &Operation) -> String {
    match &op.group_method {
        Some(_) => method_link(op),
        None => format!("[`Client::{}`]", op.method_name),
    }
}

/// The path to `op`'s method from a client, as tokens, without its
/// arguments: `send`, or `issues().list` (`client.#path(..)` calls it).
pub fn method_path(op: &Operation) -> TokenStream {
    match &op.group_method {
        Some(method) => {
            let accessor = ident(&method.accessor);
            let name = ident(&method.name);
            quote! { #accessor().#name }
        }
        None => {
            let name = ident(&op.method_name);
            quote! { #name }
        }
    }
}

/// The call of `op`'s method on `client` (an expression), without its
/// arguments: `client.send`, or `client.issues().list`.
pub fn method_call(op: &Operation, client: &str) -> String {
    match &op.group_method {
        Some(method) => format!("{client}.{}().{}", method.accessor, method.name),
        None => format!("{client}.{}", op.method_name),
    }
}

//! The root `operations.rs` of a crate whose every operation is in a
//! group: the group modules (`operations/{module}.rs`) are declared
//! beside, and `builder` gathers their request builders.

use proc_macro2::TokenStream;
use quote::quote;

/// `operations.rs` when every operation is in a group: its docs and the
/// `builder` module of re-exports (the group modules are declared beside).
pub fn root_part(reexports: &TokenStream) -> TokenStream {
    quote! {
        //! One method of [`Client`](crate::Client) per operation of the
        //! spec, in a module per group of operations (each behind its
        //! cargo feature). It takes the operation's required inputs and
        //! returns its request ([`builder`]), whose methods set the
        //! optional ones; `.await` it for the body, or call its
        //! `send_with_response` for the status, headers and rate-limit
        //! information too.

        /// The requests the methods of [`Client`](crate::Client) return,
        /// of every group that is on. Each holds the operation's inputs:
        /// the method takes the required ones, and the builder's methods
        /// set the optional ones. `.await` it to send it and get the
        /// body, or call `send_with_response` for the status, headers and
        /// rate-limit information too.
        pub mod builder {
            #reexports
        }
    }
}

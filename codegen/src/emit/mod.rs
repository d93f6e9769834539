//! Emitting: the [`Api`] to the files of a crate: token streams for the
//! spec-shaped Rust files, filled-in [templates](template) for the runtime
//! modules, text for the manifest. Formatting is [`crate::format`]'s job.

mod client;
mod docs;
mod heartbeat;
mod manifest;
mod operations;
mod recursion;
mod runtime;
mod smoke;
mod template;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, ParamLocation, TypeRef};
use crate::Options;

pub use manifest::manifest;
pub use template::TemplateError;

/// One part of a Rust file, in order.
pub enum Piece {
    /// Rust text already formatted (a filled-in template).
    Text(String),
    /// Items still to be formatted.
    Items(TokenStream),
}

/// Makes the pieces of one part of a file.
pub type Emit<'a> = Box<dyn Fn() -> Result<Vec<Piece>, TemplateError> + Send + Sync + 'a>;

/// One Rust file of the generated crate: its path and the emitters of its
/// parts, in order. Emitting is deferred so that parts can be emitted and
/// formatted on several threads (`TokenStream` itself cannot cross
/// threads); a large file is cut into several parts so that it does not
/// keep one thread busy while the others wait.
pub struct RustFile<'a> {
    /// Path relative to the crate root, `/`-separated.
    pub path: &'static str,
    /// Make the file's pieces, part by part.
    pub parts: Vec<Emit<'a>>,
}

/// A part made of items emitted as tokens.
fn items<'a>(emit: impl Fn() -> TokenStream + Send + Sync + 'a) -> Emit<'a> {
    Box::new(move || Ok(vec![Piece::Items(emit())]))
}

/// A file of items emitted as tokens.
fn file<'a>(path: &'static str, emit: impl Fn() -> TokenStream + Send + Sync + 'a) -> RustFile<'a> {
    RustFile {
        path,
        parts: vec![items(emit)],
    }
}

/// A file made of pieces, some of them templates.
fn pieces_file<'a>(
    path: &'static str,
    emit: impl Fn() -> Result<Vec<Piece>, TemplateError> + Send + Sync + 'a,
) -> RustFile<'a> {
    RustFile {
        path,
        parts: vec![Box::new(emit)],
    }
}

/// `types.rs`, in parts of [`types::TYPES_PER_PART`] types.
fn types_file(api: &Api) -> RustFile<'_> {
    let containment = std::sync::Arc::new(recursion::Containment::of(api));
    let chunks = api.types.len().div_ceil(types::TYPES_PER_PART).max(1);
    RustFile {
        path: "src/types.rs",
        parts: (0..chunks)
            .map(|chunk| {
                let containment = std::sync::Arc::clone(&containment);
                items(move || types::types_part(api, &containment, chunk))
            })
            .collect(),
    }
}

/// `operations.rs`, in two parts: the methods, and the module that
/// prepares their requests.
fn operations_file(api: &Api) -> RustFile<'_> {
    RustFile {
        path: "src/operations.rs",
        parts: vec![
            items(move || operations::methods_part(api)),
            items(move || operations::preparation_part(api)),
        ],
    }
}

/// A file that is one filled-in template.
fn template_file<'a>(
    path: &'static str,
    emit: impl Fn() -> Result<String, TemplateError> + Send + Sync + 'a,
) -> RustFile<'a> {
    pieces_file(path, move || emit().map(|text| vec![Piece::Text(text)]))
}

/// The Rust files of the crate, the ones with the largest parts first (so
/// that parallel formatting finishes sooner).
pub fn rust_files<'a>(api: &'a Api, options: &'a Options) -> Vec<RustFile<'a>> {
    if api.operations.is_empty() {
        // Nothing to call: a crate of types only, without the client runtime.
        return vec![
            types_file(api),
            file("src/lib.rs", move || types_only_lib_module(api, options)),
        ];
    }
    let crate_ident = options.crate_name.replace('-', "_");
    let mut files = vec![
        operations_file(api),
        types_file(api),
        template_file("src/client.rs", move || client::client_module(api)),
        template_file("src/transport.rs", move || runtime::transport_module(api)),
        template_file("src/error.rs", move || runtime::error_module(api)),
    ];
    if options.smoke_tests {
        let crate_ident = crate_ident.clone();
        files.push(file("tests/smoke.rs", move || {
            smoke::smoke_module(api, &crate_ident)
        }));
    }
    if has_heartbeat(api) {
        files.push(pieces_file("src/heartbeat.rs", move || {
            heartbeat::heartbeat_module(api)
        }));
    }
    if runtime::uses_multipart(api) {
        files.push(template_file("src/multipart.rs", move || {
            runtime::multipart_module(api)
        }));
    }
    files.extend([
        template_file("src/retry.rs", move || runtime::retry_module(&crate_ident)),
        template_file("src/rate_limit.rs", move || runtime::rate_limit_module(api)),
        template_file("src/response.rs", runtime::response_module),
        file("src/lib.rs", move || lib_module(api, options)),
    ]);
    files
}

/// Whether the crate has a heartbeat module.
fn has_heartbeat(api: &Api) -> bool {
    api.operations.iter().any(|op| op.heartbeat.is_some())
}

/// `lib.rs`: crate docs with an example, lints, modules and re-exports.
fn lib_module(api: &Api, options: &Options) -> TokenStream {
    let crate_ident = options.crate_name.replace('-', "_");
    let title = format!("# {}", api.title);
    let origin = format!(
        "Generated from `{}` by `{}`: every operation of the spec is a method of [`Client`], every schema a type in [`types`].",
        options.spec_label, options.regenerate_command
    );
    let example = example(api, &crate_ident);
    let docs = docs::inner_doc_attrs([
        Some(title.as_str()),
        api.description.as_deref(),
        Some(origin.as_str()),
        Some(example.as_str()),
    ]);
    let heartbeat = has_heartbeat(api).then(|| {
        quote! {
            mod heartbeat;
            pub use heartbeat::{Heartbeat, HeartbeatConfig, HeartbeatStatus};
        }
    });
    let multipart = runtime::uses_multipart(api).then(|| {
        quote! {
            mod multipart;
            pub use multipart::FilePart;
        }
    });
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        mod client;
        mod error;
        mod operations;
        mod rate_limit;
        mod response;
        mod retry;
        mod transport;
        pub mod types;
        #heartbeat
        #multipart

        pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
        pub use error::{ApiError, Error, TransportErrorKind};
        pub use rate_limit::RateLimit;
        pub use response::ApiResponse;
        pub use retry::RetryPolicy;
    }
}

/// `lib.rs` of a spec without operations: docs and the `types` module.
fn types_only_lib_module(api: &Api, options: &Options) -> TokenStream {
    let title = format!("# {}", api.title);
    let origin = format!(
        "Generated from `{}` by `{}`. The spec has no operations, so this crate holds its schemas only, as types in [`types`].",
        options.spec_label, options.regenerate_command
    );
    let docs = docs::inner_doc_attrs([
        Some(title.as_str()),
        api.description.as_deref(),
        Some(origin.as_str()),
    ]);
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub mod types;
    }
}

/// A compiled (not run) example: build the client and call the first
/// operation that takes only path parameters and returns a body.
fn example(api: &Api, crate_ident: &str) -> String {
    let new_args = api
        .auth
        .first()
        .map_or_else(String::new, |_| "\"your-api-key\"".to_owned());
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
            .map(|p| {
                if !p.required {
                    return "None".to_owned();
                }
                let value = p
                    .example
                    .as_ref()
                    .and_then(|v| v.as_str())
                    .unwrap_or("some-id");
                format!("{value:?}")
            })
            .collect();
        body.push_str(&format!(
            "let response = client.{}({}).await?;\nprintln!(\"{{response:?}}\");\n",
            op.method_name,
            args.join(", ")
        ));
    }
    format!(
        "## Example\n\n```no_run\n# async fn example() -> Result<(), {crate_ident}::Error> {{\n{body}# Ok(())\n# }}\n```"
    )
}

//! Emitting: the [`Api`] to the files of a crate. The spec-shaped Rust
//! files (`lib.rs`, `spec.rs`, `types.rs`, `operations.rs`, the smoke test)
//! are token streams, the [runtime] files are copied as
//! they are (unless `lib.rs` reaches them by `#[path]`:
//! [`RuntimeSource`]), the manifest and the README are text. Turning tokens
//! into text is
//! [`crate::format`]'s job.

mod builder;
mod docs;
mod error_body;
mod gate;
mod groups;
mod heartbeat;
mod lib_rs;
mod locals;
mod manifest;
mod mock;
mod operations;
mod pagination;
mod readme;
mod recursion;
mod smoke;
mod spec;
mod streams;
mod types;
mod webhooks;

use proc_macro2::TokenStream;

use crate::ir::{Api, BodyMedia, Group, Operation, TypeDef, TypeRef, VariantPayload};
use crate::runtime::{self, Needed, RuntimeSource};
use crate::spelling::ident;
use crate::Options;

pub use manifest::manifest;
pub use readme::readme;
pub(crate) use webhooks::{has_webhooks, signs as webhooks_signed, verifies as webhooks_verified};

/// Makes the tokens of one part of a file. Emitting is deferred so that
/// parts can be emitted and formatted on several threads (`TokenStream`
/// itself cannot cross threads).
pub type Emit<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// What a Rust file of the generated crate holds.
pub enum Contents<'a> {
    /// Items emitted as tokens, part by part, in order; a large file is
    /// cut into several parts so that it does not keep one thread busy
    /// while the others wait.
    Tokens(Vec<Emit<'a>>),
    /// A runtime file, copied byte for byte.
    Verbatim(&'static str),
}

/// One Rust file of the generated crate.
pub struct RustFile<'a> {
    /// Path relative to the crate root, `/`-separated.
    pub path: String,
    /// What it holds.
    pub contents: Contents<'a>,
}

/// A part made of items emitted as tokens.
fn part<'a>(emit: impl Fn() -> TokenStream + Send + Sync + 'a) -> Emit<'a> {
    Box::new(emit)
}

/// A file of items emitted as tokens, in one part.
fn file<'a>(path: &str, emit: impl Fn() -> TokenStream + Send + Sync + 'a) -> RustFile<'a> {
    RustFile {
        path: path.to_owned(),
        contents: Contents::Tokens(vec![part(emit)]),
    }
}

/// `types.rs`, in parts of [`types::TYPES_PER_PART`] types.
fn types_file(api: &Api) -> RustFile<'_> {
    let containment = std::sync::Arc::new(recursion::Containment::of(api));
    let chunks = api.types.len().div_ceil(types::TYPES_PER_PART).max(1);
    RustFile {
        path: "src/types.rs".to_owned(),
        contents: Contents::Tokens(
            (0..chunks)
                .map(|chunk| {
                    let containment = std::sync::Arc::clone(&containment);
                    part(move || types::types_part(api, &containment, chunk))
                })
                .collect(),
        ),
    }
}

/// `operations.rs`, in parts: the methods, their request builders, the
/// module that prepares their requests, the methods that start
/// heartbeats, and the typed answers of the `test-util` mock. Where the
/// operations are in groups, each group's are in a module of their own,
/// `operations/{group}.rs`, and `operations.rs` holds the others and
/// re-exports every group's builders.
fn operations_files<'a>(api: &'a Api) -> Vec<RustFile<'a>> {
    // Each module's emitters borrow its operations from `api`: nothing of
    // the API is copied per group. The operations are sorted by group in
    // one pass.
    let mut by_group: std::collections::BTreeMap<Option<&str>, Vec<&Operation>> =
        std::collections::BTreeMap::new();
    for op in &api.operations {
        by_group.entry(op.group.as_deref()).or_default().push(op);
    }
    let mut of = |feature: Option<&'a str>| by_group.remove(&feature).unwrap_or_default();
    if api.groups.is_empty() {
        return vec![RustFile {
            path: "src/operations.rs".to_owned(),
            contents: Contents::Tokens(operation_parts(api, of(None), None, TokenStream::new())),
        }];
    }
    let mut files = Vec::new();
    let mut declarations = Vec::new();
    let mut reexports = Vec::new();
    let mut handles = Vec::new();
    for group in &api.groups {
        let module = &group.module;
        let name = ident(module);
        let cfg = gate::any_of(std::slice::from_ref(&group.feature));
        declarations.push(quote::quote! { #cfg #[rustfmt::skip] mod #name; });
        reexports.push(quote::quote! { #cfg pub use super::#name::builder::*; });
        // A group's module is behind its feature: its items need no `cfg`
        // of their own.
        let operations = of(Some(&group.feature));
        if let Some(handle) = operations.first().and_then(|op| op.group_method.as_ref()) {
            let handle = ident(&handle.handle);
            handles.push(quote::quote! { #cfg pub use super::#name::#handle; });
        }
        files.push(RustFile {
            path: format!("src/operations/{module}.rs"),
            contents: Contents::Tokens(operation_parts(
                api,
                operations,
                Some(group),
                TokenStream::new(),
            )),
        });
    }
    let ungrouped = of(None);
    let reexports = quote::quote! { #(#reexports)* };
    let example = api
        .operations
        .iter()
        .find_map(|op| op.group_method.as_ref())
        .map(|method| format!("client.{}().{}(..)", method.accessor, method.name));
    let by_group = example.is_some();
    let handles = example.map(|example| groups::handles_module(&handles, &example));
    let mut root = if ungrouped.is_empty() {
        let reexports = reexports.to_string();
        vec![part(move || {
            groups::root_part(&reexports.parse().unwrap_or_default(), by_group)
        })]
    } else {
        operation_parts(api, ungrouped, None, reexports)
    };
    // After the module's docs and imports (the first part).
    let declarations = quote::quote! { #(#declarations)* #handles }.to_string();
    root.insert(1, part(move || declarations.parse().unwrap_or_default()));
    files.push(RustFile {
        path: "src/operations.rs".to_owned(),
        contents: Contents::Tokens(root),
    });
    files
}

/// The parts of a module of operations (`operations`, of `api`, of
/// `group` when it is a group's), its builder module ending with
/// `builder_reexports`.
fn operation_parts<'a>(
    api: &'a Api,
    operations: Vec<&'a Operation>,
    group: Option<&'a Group>,
    builder_reexports: TokenStream,
) -> Vec<Emit<'a>> {
    let operations = std::sync::Arc::new(operations);
    let mut parts: Vec<Emit<'a>> = Vec::new();
    let shared = std::sync::Arc::clone(&operations);
    parts.push(part(move || operations::methods_part(&shared, group)));
    let shared = std::sync::Arc::clone(&operations);
    let reexports = builder_reexports.to_string();
    parts.push(part(move || {
        let reexports: TokenStream = reexports.parse().unwrap_or_default();
        builder::builder_part(&shared, reexports)
    }));
    let shared = std::sync::Arc::clone(&operations);
    parts.push(part(move || operations::preparation_part(api, &shared)));
    if operations.iter().any(|op| op.heartbeat.is_some()) {
        let shared = std::sync::Arc::clone(&operations);
        parts.push(part(move || heartbeat::starters_part(&shared)));
    }
    parts.push(part(move || mock::mock_part(&operations)));
    parts
}

/// The Rust files of the crate, the ones with the largest parts first (so
/// that parallel formatting finishes sooner).
pub fn rust_files<'a>(api: &'a Api, options: &'a Options) -> Vec<RustFile<'a>> {
    let links = docs::Links::of(api);
    let in_types = std::sync::Arc::new(links.in_types());
    let in_webhooks = std::sync::Arc::new(links.in_webhooks());
    let links = std::sync::Arc::new(links);
    let mut files = spec_shaped_files(api, options);
    // Every part writes its docs knowing the crate's items.
    for file in &mut files {
        let here = match file.path.as_str() {
            "src/types.rs" => &in_types,
            "src/webhooks.rs" => &in_webhooks,
            _ => &links,
        };
        if let Contents::Tokens(parts) = &mut file.contents {
            for emit in parts.iter_mut() {
                let inner = std::mem::replace(emit, part(TokenStream::new));
                let links = std::sync::Arc::clone(here);
                *emit = part(move || docs::in_crate(&links, &inner));
            }
        }
    }
    files
}

/// [`rust_files`], before their docs know the crate's items.
fn spec_shaped_files<'a>(api: &'a Api, options: &'a Options) -> Vec<RustFile<'a>> {
    if api.operations.is_empty() {
        // Nothing to call: a crate of types only, without the client runtime
        // (but for dates, and tolerant decoding where it has webhooks).
        let mut files = vec![
            types_file(api),
            file("src/lib.rs", move || {
                lib_rs::types_only_lib_module(api, &options.runtime)
            }),
        ];
        let webhooks = webhooks::has_webhooks(api);
        if webhooks {
            files.push(file("src/webhooks.rs", move || {
                webhooks::webhooks_module(api)
            }));
        }
        if options.runtime == RuntimeSource::Embedded {
            files.extend(
                runtime::FILES
                    .iter()
                    .filter(|f| {
                        (f.needed == Needed::Dates && has_dates(api))
                            || (f.module == "tolerant" && webhooks)
                    })
                    .map(|runtime_file| RustFile {
                        path: format!("src/{}.rs", runtime_file.module),
                        contents: Contents::Verbatim(runtime_file.text),
                    }),
            );
        }
        return files;
    }
    let mut files = operations_files(api);
    files.extend([
        types_file(api),
        file("src/spec.rs", move || spec::spec_module(api)),
        file("src/lib.rs", move || {
            lib_rs::lib_module(api, &options.runtime)
        }),
    ]);
    if webhooks::has_webhooks(api) {
        files.push(file("src/webhooks.rs", move || {
            webhooks::webhooks_module(api)
        }));
    }
    if options.smoke_tests {
        let crate_ident = options.crate_name.replace('-', "_");
        files.push(file("tests/smoke.rs", move || {
            smoke::smoke_module(api, &crate_ident)
        }));
    }
    if options.runtime == RuntimeSource::Embedded {
        files.extend(runtime_modules(api).map(|runtime_file| RustFile {
            path: format!("src/{}.rs", runtime_file.module),
            contents: Contents::Verbatim(runtime_file.text),
        }));
    }
    files
}

/// The runtime files a crate with operations needs.
fn runtime_modules(api: &Api) -> impl Iterator<Item = &'static runtime::RuntimeFile> + '_ {
    runtime::FILES.iter().filter(|file| match file.needed {
        Needed::Always => true,
        Needed::Multipart => uses_multipart(api),
        Needed::Heartbeat => has_heartbeat(api),
        Needed::Pagination => has_pagination(api),
        Needed::Dates => has_dates(api),
        Needed::Streams => streams::has_streams(api),
        Needed::Uploads => has_uploads(api),
    })
}

/// Whether some operation sends a binary body: the crate has the
/// runtime's `upload.rs`, whose `UploadBody` takes bytes, a stream or a
/// file, and reqwest's `stream` feature.
pub(crate) fn has_uploads(api: &Api) -> bool {
    api.operations.iter().any(|op| {
        op.body
            .as_ref()
            .is_some_and(|body| matches!(body.media, BodyMedia::Binary))
    })
}

/// Whether some property is a `date` or `date-time` string: the crate has
/// the runtime's `dates.rs` and a `chrono` feature that types them.
pub(crate) fn has_dates(api: &Api) -> bool {
    api.types.values().any(|def| match def {
        TypeDef::Struct(def) => def.fields.iter().any(|f| f.date_type().is_some()),
        TypeDef::OneOf(def) => def.variants.iter().any(|v| match &v.payload {
            VariantPayload::Struct(fields) => fields.iter().any(|f| f.date_type().is_some()),
            VariantPayload::Newtype(_) => false,
        }),
        _ => false,
    })
}

/// Whether some operation's list pages: the crate has the runtime's
/// `paginate.rs` and depends on `futures-core` and `futures-util`.
pub(crate) fn has_pagination(api: &Api) -> bool {
    api.operations.iter().any(|op| op.pagination.is_some())
}

/// Whether the crate has a heartbeat module.
fn has_heartbeat(api: &Api) -> bool {
    api.operations.iter().any(|op| op.heartbeat.is_some())
}

/// Whether the crate needs the runtime's `multipart.rs`: some operation
/// sends a multipart body, or some type holds file contents (`FilePart`).
pub(crate) fn uses_multipart(api: &Api) -> bool {
    let forms = api.operations.iter().any(|op| {
        op.body.as_ref().is_some_and(|b| {
            matches!(
                b.media,
                BodyMedia::Multipart(_) | BodyMedia::MultipartUnion(_)
            )
        })
    });
    forms
        || api.types.values().any(holds_file)
        || api.operations.iter().any(|op| {
            op.params.iter().any(|p| mentions_file(&p.ty))
                || op.body.as_ref().is_some_and(|b| mentions_file(&b.ty))
                || op.success.ty.as_ref().is_some_and(mentions_file)
        })
}

/// Whether a definition holds file contents by any field or variant.
fn holds_file(def: &TypeDef) -> bool {
    match def {
        TypeDef::Struct(def) => def.fields.iter().any(|f| mentions_file(&f.ty)),
        TypeDef::OneOf(def) => def.variants.iter().any(|v| match &v.payload {
            VariantPayload::Newtype(ty) => mentions_file(ty),
            VariantPayload::Struct(fields) => fields.iter().any(|f| mentions_file(&f.ty)),
        }),
        TypeDef::Alias(def) => mentions_file(&def.target),
        TypeDef::Enum(_) | TypeDef::Null(_) => false,
    }
}

/// Whether spelling `ty` names `FilePart`.
fn mentions_file(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Binary => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            mentions_file(inner)
        }
        _ => false,
    }
}

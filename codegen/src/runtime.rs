//! The runtime every generated client shares: the files of
//! `codegen/runtime/src/`, which is an ordinary crate of this workspace
//! (compiled, linted and unit-tested there), embedded here byte for byte,
//! and what the other stages need to know about them.
//!
//! What varies with the spec reaches the runtime through the items of the
//! emitted `spec.rs` ([`crate::emit`]); nothing here is filled in.

/// Where a generated crate gets the runtime's files ([`FILES`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RuntimeSource {
    /// Each file is written into the crate's `src/`, byte for byte after the
    /// "generated" header: the crate stands alone. What users get, and what
    /// `generated/` holds.
    #[default]
    Embedded,
    /// No runtime file is written; `lib.rs` declares each module with
    /// `#[path = "{dir}/{module}.rs"]`, where the string is the folder of
    /// the runtime's files (`codegen/runtime/src`) relative to the
    /// generated crate's `src/` (where `lib.rs` is, which is what `#[path]`
    /// is relative to), `/`-separated: `../../../../runtime/src` from a
    /// golden fixture crate in `codegen/tests/crates/NAME/`.
    ///
    /// For crates inside this repository, so that the runtime is stored
    /// once. `#[path]` rather than a path dependency on the runtime crate:
    /// the files are compiled as modules of the generated crate, so its
    /// module tree, its private items and the runtime's `crate::spec`,
    /// `crate::error`, ... paths are exactly those of an embedded crate;
    /// a dependency would be another crate, built once with its stand-in
    /// `spec.rs`, which no spec's items could reach.
    Path(String),
}

/// When a generated crate needs a runtime file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needed {
    /// Every crate with operations.
    Always,
    /// Crates where some operation sends a `multipart/form-data` body.
    Multipart,
    /// Crates where some operation has an `x-heartbeat`.
    Heartbeat,
    /// Crates where some operation's list pages (`pages()`, `items()`).
    Pagination,
    /// Crates where some property is a `date` or `date-time` string.
    Dates,
    /// Crates where some operation's success can be read as it comes
    /// (server-sent events, JSON Lines, JSON text sequences, bytes).
    Streams,
    /// Crates where some operation sends a binary body, which can come
    /// from a stream or a file.
    Uploads,
}

/// One file of the runtime.
#[derive(Clone, Copy, Debug)]
pub struct RuntimeFile {
    /// The module name (`transport`), also its file `src/{module}.rs`.
    pub module: &'static str,
    /// The file's text, as it is in `codegen/runtime/src/`.
    pub text: &'static str,
    /// When a crate needs it.
    pub needed: Needed,
    /// What the crate root re-exports from it (`Client`, `ClientBuilder`).
    pub exports: &'static [&'static str],
    /// The cargo feature the module is compiled with (`test-util`);
    /// `None` when it always is.
    pub feature: Option<&'static str>,
}

/// Declares the runtime's files, each with its text.
macro_rules! runtime_files {
    ($($module:literal: $needed:ident, [$($export:literal),*] $(if $feature:literal)?;)*) => {
        &[$(RuntimeFile {
            module: $module,
            text: include_str!(concat!("../runtime/src/", $module, ".rs")),
            needed: Needed::$needed,
            exports: &[$($export),*],
            feature: runtime_files!(@feature $($feature)?),
        }),*]
    };
    (@feature $feature:literal) => { Some($feature) };
    (@feature) => { None };
}

/// The runtime's files, by module name (the crate's own `lib.rs` and the
/// stand-in `spec.rs` are not among them: generated crates get theirs from
/// the emitters).
pub const FILES: &[RuntimeFile] = runtime_files! {
    "accepted": Always, ["Accepted", "Undecoded", "UndecodedBody"];
    "client": Always, ["Client", "ClientBuilder", "DEFAULT_CONNECT_TIMEOUT", "DEFAULT_MAX_ERROR_RESPONSE_SIZE", "DEFAULT_MAX_RESPONSE_SIZE", "DEFAULT_TIMEOUT"];
    "dates": Dates, ["Date", "DateTime"];
    "echo": Always, [];
    "error": Always, ["ApiError", "Delivery", "Error", "TransportErrorKind"];
    "heartbeat": Heartbeat, ["Heartbeat", "HeartbeatConfig", "HeartbeatStatus", "HeartbeatStop"];
    "hooks": Always, ["Hooks", "RequestInfo", "ResponseInfo"];
    "mock": Always, ["Mock", "MockAnswer", "MockCall", "MockRequest", "MockResponse"] if "test-util";
    "multipart": Multipart, ["FilePart"];
    "paginate": Pagination, ["Paged"];
    "rate_limit": Always, ["RateLimit"];
    "request": Always, [];
    "response": Always, ["ApiResponse"];
    "retry": Always, ["RetryPolicy"];
    "sending": Always, ["Sending"];
    "settings": Always, ["Deadline"];
    "stream": Streams, ["ResponseStream", "SseEvent", "DEFAULT_IDLE_TIMEOUT"];
    "tolerant": Always, ["UnreadField"];
    "transport": Always, [];
    "upload": Uploads, ["UploadBody"];
};

/// The methods `ClientBuilder` has whatever the spec (`default` from its
/// derived `Default`, which `Client::builder` calls, among them), and
/// `echo_marker`, which `spec.rs` has where the spec names an echo marker:
/// a credential's setter cannot take one of these names.
pub const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "build",
    "connect_timeout",
    "credential",
    "default",
    "echo_marker",
    "follow_redirects_that_drop_the_body",
    "hooks",
    "http_client",
    "max_error_response_size",
    "max_response_size",
    "mocked",
    "no_timeout",
    "retry_policy",
    "timeout",
    "user_agent",
];

/// The methods `Client` has whatever the spec (`new` is emitted in
/// `spec.rs`, `clone` and `fmt` come from its derived and written traits):
/// an operation's method cannot take one of these names.
pub const CLIENT_METHODS: &[&str] = &[
    "answer",
    "attempt",
    "base_url",
    "builder",
    "clone",
    "credentials_for",
    "execute",
    "execute_streamed",
    "fmt",
    "new",
    "read",
    "send_once",
    "send_retried",
];

/// The methods the `test-util` mock's `Mock` has whatever the spec
/// (`clone`, `default` and `fmt` from its derived and written traits):
/// the typed answer of each operation is a method of `Mock` named like the
/// client's, so an operation's method cannot take one of these names
/// either.
pub const MOCK_METHODS: &[&str] = &["answer", "client", "clone", "default", "fmt", "new", "on"];

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of the inherent methods of `ty` in the runtime's files.
    fn methods_of(ty: &str) -> Vec<String> {
        let mut names = Vec::new();
        for file in FILES {
            let parsed =
                syn::parse_file(file.text).unwrap_or_else(|e| panic!("{}: {e}", file.module));
            for item in parsed.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                if block.trait_.is_some() {
                    continue;
                }
                let syn::Type::Path(path) = block.self_ty.as_ref() else {
                    continue;
                };
                if !path.path.is_ident(ty) {
                    continue;
                }
                for member in block.items {
                    if let syn::ImplItem::Fn(function) = member {
                        names.push(function.sig.ident.to_string());
                    }
                }
            }
        }
        names
    }

    /// The lists are exactly the methods the runtime defines (and the
    /// derived or spec-emitted ones they name), so a method added to the
    /// runtime is guarded at once.
    #[test]
    fn reserved_names_are_the_runtimes_methods() {
        let mut builder = methods_of("ClientBuilder");
        builder.extend(["default", "echo_marker"].map(str::to_owned));
        builder.sort();
        assert_eq!(builder, BUILDER_METHODS);
        let mut client = methods_of("Client");
        client.extend(["clone", "fmt", "new"].map(str::to_owned));
        client.sort();
        client.dedup();
        assert_eq!(client, CLIENT_METHODS);
        let mut mock = methods_of("Mock");
        mock.extend(["clone", "default", "fmt"].map(str::to_owned));
        mock.sort();
        assert_eq!(mock, MOCK_METHODS);
    }

    /// Every file of the runtime's `src/` but `lib.rs` and the stand-in
    /// `spec.rs` is listed, and every listed export is public.
    #[test]
    fn every_runtime_file_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("the runtime's folder")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter_map(|name| name.strip_suffix(".rs").map(str::to_owned))
            .filter(|name| name != "lib" && name != "spec")
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = FILES.iter().map(|f| f.module).collect();
        assert_eq!(on_disk, listed);
        for file in FILES {
            for export in file.exports {
                let public = [
                    format!("pub struct {export}"),
                    format!("pub enum {export}"),
                    format!("pub trait {export}"),
                    format!("pub const {export}:"),
                    format!("pub type {export} "),
                    format!("pub type {export}<"),
                ];
                assert!(
                    public.iter().any(|p| file.text.contains(p.as_str())),
                    "{} does not define `pub {export}`",
                    file.module
                );
            }
        }
    }
}

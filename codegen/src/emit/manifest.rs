//! Emits the generated crate's `Cargo.toml`.

use std::fmt::Write;

use crate::ir::Api;
use crate::Options;

/// The crate version when neither the caller nor the spec gives one.
const DEFAULT_VERSION: &str = "0.1.0";

/// The dependency versions the generated code is written against (the
/// runtime's own manifest, `codegen/runtime/Cargo.toml`, lists the same:
/// `codegen/tests/runtime.rs` checks).
/// reqwest's TLS stack is chosen by the crate's features ([`FEATURES`]).
const DEPENDENCIES: &[(&str, &str)] = &[
    ("bytes", "\"1\""),
    ("httpdate", "\"1\""),
    (
        "native-tls",
        "{ version = \"0.2\", optional = true }",
    ),
    ("percent-encoding", "\"2\""),
    (
        "reqwest",
        "{ version = \"0.13\", default-features = false }",
    ),
    (
        "reqwest+multipart",
        "{ version = \"0.13\", default-features = false, features = [\"multipart\"] }",
    ),
    (
        "rustls",
        "{ version = \"0.23\", default-features = false, features = [\"ring\", \"std\"], optional = true }",
    ),
    (
        "rustls-platform-verifier",
        "{ version = \"0.7\", optional = true }",
    ),
    ("serde", "{ version = \"1\", features = [\"derive\"] }"),
    ("serde_json", "\"1\""),
    ("serde_path_to_error", "\"0.1\""),
    ("thiserror", "\"2\""),
    (
        "tokio",
        "{ version = \"1\", features = [\"rt\", \"sync\", \"time\", \"macros\"] }",
    ),
    ("tracing", "\"0.1\""),
];

/// The crate's features: the TLS stack and HTTP/2 (the runtime's own
/// manifest has the same, `codegen/tests/runtime.rs` checks, and its
/// `client.rs` reads them).
const FEATURES: &str = r#"[features]
default = ["rustls-ring"]
# rustls with the ring crypto provider: pure Rust and assembly, no C
# toolchain beyond a C compiler, the quickest to build.
rustls-ring = ["reqwest/rustls-no-provider", "dep:rustls", "dep:rustls-platform-verifier"]
# rustls with the aws-lc-rs crypto provider (reqwest's own default; builds
# a C library, needs cmake on some platforms).
rustls-aws-lc = ["reqwest/rustls"]
# The platform's TLS (OpenSSL on Linux, needing its headers); it wins when
# a rustls feature is on too.
native-tls = ["reqwest/native-tls", "dep:native-tls"]
# HTTP/2 where the server offers it (HTTP/1.1 otherwise and by default).
http2 = ["reqwest/http2"]
"#;

/// The dev-dependencies of the smoke test (`tests/smoke.rs`).
const SMOKE_DEV_DEPENDENCIES: &[(&str, &str)] = &[
    ("serde_json", "\"1\""),
    (
        "tokio",
        "{ version = \"1\", features = [\"macros\", \"rt\"] }",
    ),
    ("wiremock", "\"0.6\""),
];

/// `Cargo.toml` text, `header` first.
pub fn manifest(api: &Api, options: &Options, header: &str) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "# {header}");
    text.push_str("[package]\n");
    let _ = writeln!(text, "name = {}", toml_string(&options.crate_name));
    let version = options
        .crate_version
        .as_deref()
        .or(api.crate_version.as_deref())
        .unwrap_or(DEFAULT_VERSION);
    let _ = writeln!(text, "version = {}", toml_string(version));
    text.push_str("edition = \"2021\"\n");
    let _ = writeln!(
        text,
        "description = {}",
        toml_string(&format!("Typed async client for the {}", api.title))
    );
    text.push_str("publish = false\n");
    if options.standalone {
        text.push_str("\n[workspace]\n");
    }
    text.push_str("\n[dependencies]\n");
    let multipart = super::uses_multipart(api);
    for (name, spec) in DEPENDENCIES {
        let types_only = api.operations.is_empty();
        let wanted = match *name {
            // A crate of types only needs serde and nothing of the client.
            "serde" | "serde_json" => true,
            "serde_path_to_error" => !types_only,
            _ if types_only => false,
            "reqwest" => !multipart,
            "reqwest+multipart" => multipart,
            _ => true,
        };
        if wanted {
            let name = name.split('+').next().unwrap_or(name);
            let _ = writeln!(text, "{name} = {spec}");
        }
    }
    if !api.operations.is_empty() {
        text.push('\n');
        text.push_str(FEATURES);
    }
    if options.smoke_tests {
        text.push_str("\n[dev-dependencies]\n");
        for (name, spec) in SMOKE_DEV_DEPENDENCIES {
            let _ = writeln!(text, "{name} = {spec}");
        }
    }
    text
}

/// A TOML basic string.
fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

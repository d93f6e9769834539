//! Emits the generated crate's `Cargo.toml`.

use std::fmt::Write;

use crate::ir::Api;
use crate::Options;

/// The crate version when neither the caller nor the spec gives one.
const DEFAULT_VERSION: &str = "0.1.0";

/// The dependency versions the generated code is written against (the
/// runtime's own manifest, `codegen/runtime/Cargo.toml`, lists the same).
const DEPENDENCIES: &[(&str, &str)] = &[
    ("bytes", "\"1\""),
    ("percent-encoding", "\"2\""),
    (
        "reqwest",
        "{ version = \"0.13\", default-features = false, features = [\"rustls\", \"http2\"] }",
    ),
    (
        "reqwest+multipart",
        "{ version = \"0.13\", default-features = false, features = [\"rustls\", \"http2\", \"multipart\"] }",
    ),
    ("serde", "{ version = \"1\", features = [\"derive\"] }"),
    ("serde_json", "\"1\""),
    ("thiserror", "\"2\""),
    (
        "tokio",
        "{ version = \"1\", features = [\"rt\", \"sync\", \"time\", \"macros\"] }",
    ),
    ("tracing", "\"0.1\""),
];

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

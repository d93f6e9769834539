//! Schema constructs beyond plain objects (`allOf`, `oneOf` / `anyOf`, the
//! identity pattern): how parameters read them, and the error and warning
//! texts of the compositions the generator refuses or reshapes. The types
//! generated for the valid fixtures are golden crates (`tests/golden.rs`),
//! and `client-tests/tests/schemas.rs` decodes and encodes JSON with them.

use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn options(spec_label: &str) -> codegen::Options {
    codegen::Options {
        crate_name: "fixture-client".to_owned(),
        crate_version: None,
        spec_label: spec_label.to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: false,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        guide: None,
    }
}

/// The error text for the invalid fixture `name`.
fn error_text(name: &str) -> String {
    match codegen::generate(&fixture(name), &options(name)) {
        Ok(_) => panic!("{name} should be rejected"),
        Err(error) => error.to_string(),
    }
}

/// The warnings for the valid fixture `name`, one per line.
fn warning_text(name: &str) -> String {
    let output = codegen::generate(&fixture(name), &options(name))
        .unwrap_or_else(|e| panic!("{name} should generate:\n{e}"));
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    warnings.join("\n")
}

#[test]
fn primitive_union_parameters_are_text() {
    let document = codegen::load::load(&fixture("one_of.yaml"))
        .unwrap_or_else(|e| panic!("one_of.yaml should load: {e}"));
    let (api, diagnostics) = codegen::lower::lower(&document);
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    let param = api
        .operations
        .iter()
        .flat_map(|op| &op.params)
        .find(|p| p.wire_name == "identifier");
    assert_eq!(
        param.map(|p| &p.ty),
        Some(&codegen::ir::TypeRef::String),
        "a `oneOf` of primitives in a parameter is text"
    );
}

#[test]
fn error_compositions() {
    insta::assert_snapshot!(error_text("error_compositions.yaml"));
}

#[test]
fn warnings_compositions() {
    insta::assert_snapshot!(warning_text("warnings_compositions.yaml"));
}

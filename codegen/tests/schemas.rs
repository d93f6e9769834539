//! Schema constructs beyond plain objects (`allOf`, `oneOf` / `anyOf`, the
//! identity pattern): how parameters read them. (The error and warning texts
//! of the compositions the generator refuses or reshapes are in
//! `tests/diagnostic_texts.rs`.) The types
//! generated for the valid fixtures are golden crates (`tests/golden.rs`),
//! and `client-tests/tests/schemas.rs` decodes and encodes JSON with them.

use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
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

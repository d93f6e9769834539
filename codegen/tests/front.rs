//! The front door as users meet it: every version and syntax of a
//! description reaches the generator, and what OpenAPI 3.0 cannot say is
//! reported where it stands.

use std::path::PathBuf;

use codegen::diagnostics::Diagnostic;

fn options() -> codegen::Options {
    codegen::Options {
        crate_name: "front-client".to_owned(),
        crate_version: None,
        spec_label: "front.yaml".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: false,
        smoke_tests: false,
        levels: codegen::Levels::default(),
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `code pointer` of each warning.
fn located(warnings: &[Diagnostic]) -> Vec<String> {
    warnings
        .iter()
        .map(|d| format!("{} {}", d.code, d.pointer))
        .collect()
}

fn generate(spec: &[u8]) -> codegen::Output {
    codegen::generate(spec, &options()).unwrap_or_else(|e| panic!("{e}"))
}

/// The text of the generated file `path`.
fn file<'o>(output: &'o codegen::Output, path: &str) -> &'o str {
    output
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn json_is_read_as_json_with_emoji_and_64_bit_bounds() {
    let output = generate(&fixture("json_telecom.json"));
    assert_eq!(output.operations, 1);
    // The one bound beyond 64 bits is clamped with a warning; the
    // float-rounded i64::MIN is i64::MIN, nothing to say.
    assert_eq!(
        located(&output.warnings),
        ["integer-out-of-range #/components/schemas/MessageReceipt/properties/sequence/maximum"]
    );
    // Surrogate pairs are the characters they spell.
    assert!(file(&output, "src/lib.rs").contains("Send a text message \u{1F4AC}"));
    assert!(file(&output, "src/types.rs").contains("(\u{1F600} is one character)"));
    assert!(file(&output, "src/types.rs").contains("At least -9223372036854775808"));
}

#[test]
fn yaml_bounds_beyond_64_bits_are_no_syntax_error() {
    let spec = b"openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://t.test'}]\npaths: {}\ncomponents:\n  schemas:\n    A: {type: integer, minimum: -9223372036854776000, maximum: 99999999999999999999}\n";
    let output = generate(spec);
    assert_eq!(
        located(&output.warnings),
        ["integer-out-of-range #/components/schemas/A/maximum"]
    );
}

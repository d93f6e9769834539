//! What random mutation rarely reaches, made on purpose: documents 10,000
//! levels deep, schemas nested to the loader's limit on a 2 MiB stack, and a
//! spec with hundreds of operations. Each gets a located error or generates
//! valid Rust, quickly (see `support/cases.rs` for what is checked).

mod support;

use std::time::{Duration, Instant};

use serde_yaml::Value;
use support::cases::*;
use support::mutations::*;

#[test]
fn documents_ten_thousand_levels_deep_get_located_errors_quickly() {
    const DEPTH: usize = 10_000;
    let json_head =
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "x-deep": "#;
    let cases: Vec<(&str, String)> = vec![
        (
            "JSON objects",
            format!("{json_head}{}}}", nest_text(r#"{"a": "#, "1", "}", DEPTH)),
        ),
        (
            "JSON arrays",
            format!("{json_head}{}}}", nest_text("[", "1", "]", DEPTH)),
        ),
        (
            "JSON schema properties",
            format!(
                r#"{{"openapi": "3.0.3", "info": {{"title": "T", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"A": {}}}}}}}"#,
                nest_text(
                    r#"{"type": "object", "properties": {"p": "#,
                    r#"{"type": "string"}"#,
                    "}}",
                    DEPTH
                )
            ),
        ),
        (
            "YAML flow sequences",
            format!(
                "{HEAD}paths: {{}}\nx-deep: {}\n",
                nest_text("[", "1", "]", DEPTH)
            ),
        ),
        (
            "YAML flow mappings",
            format!(
                "{HEAD}paths: {{}}\nx-deep: {}\n",
                nest_text("{a: ", "1", "}", DEPTH)
            ),
        ),
        (
            "YAML block sequences",
            format!("{HEAD}paths: {{}}\nx-deep:\n  {}1\n", "- ".repeat(DEPTH)),
        ),
        (
            "YAML complex keys",
            format!("{HEAD}paths: {{}}\nx-deep:\n  {}1\n", "? ".repeat(DEPTH)),
        ),
        (
            "YAML block mappings (1,000 levels)",
            format!(
                "{HEAD}paths: {{}}\nx-deep:\n{}",
                (1..=1_000)
                    .map(|i| format!("{}a:\n", " ".repeat(i)))
                    .collect::<String>()
            ),
        ),
        (
            "unclosed brackets",
            format!("{HEAD}paths: {}", "[".repeat(DEPTH)),
        ),
    ];
    for (what, spec) in cases {
        let started = Instant::now();
        let outcome = checked(what, spec.into_bytes(), true);
        let elapsed = started.elapsed();
        assert_eq!(outcome, Outcome::SyntaxError, "{what}");
        assert!(elapsed < Duration::from_secs(5), "{what} took {elapsed:?}");
    }
}

/// Schemas nested about as deeply as the loader allows (32 levels) go through
/// loading, lowering and generation on a 2 MiB stack; one level more is a
/// located error.
#[test]
fn schemas_nested_to_the_limit_generate_on_a_small_stack() {
    let nestings = [
        Nesting::Properties,
        Nesting::Items,
        Nesting::AllOf,
        Nesting::OneOf,
        Nesting::AdditionalProperties,
    ];
    for nesting in nestings {
        for (depth, expected) in [(30, Outcome::Generated), (40, Outcome::ShapeError)] {
            let mut tree: Value = yaml(&format!("{HEAD}paths: {{}}"));
            ensure_mapping(&mut tree, &["components", "schemas"])
                .insert(Value::from("Deep"), nested(nesting, depth));
            let spec = serde_yaml::to_string(&tree).expect("YAML");
            let what = format!("{nesting:?} x{depth}");
            let outcome = checked(&what, spec.clone().into_bytes(), true);
            assert_eq!(
                outcome,
                expected,
                "{what}:\n{}",
                generate_text(spec.as_bytes())
            );
        }
    }
}

/// A spec larger than Brevo's whole API (272 operations) generates.
#[test]
fn hundreds_of_operations_and_schemas_generate_valid_rust() {
    let mut tree = seeds()[0].tree.clone();
    grow(&mut tree, 400);
    let spec = serde_yaml::to_string(&tree).expect("YAML");
    let started = Instant::now();
    let outcome = checked("409 operations", spec.into_bytes(), true);
    assert_eq!(outcome, Outcome::Generated);
    eprintln!(
        "409 operations generated and parsed in {:?}",
        started.elapsed()
    );
}

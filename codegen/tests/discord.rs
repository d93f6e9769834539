//! A large public 3.1 document nobody on this project wrote: Discord's
//! HTTP API (`../shared/corpus/discord-openapi-3.1.json`, beside the
//! checkout; provenance in `../shared/corpus/SOURCE.md`) generates a client
//! with every one of its operations, read as JSON, and only the warnings
//! the document earns.
//!
//! Skipped with a message when the file is absent, except under `CI=true`,
//! where its absence fails the test (as in `swagger20_brevo.rs`).

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The corpus file, or `None` (the test skips) when it is missing outside
/// CI.
fn discord() -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/discord-openapi-3.1.json");
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            let why = format!("{} cannot be read: {error}", path.display());
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(!ci, "CI=true, and {why}");
            eprintln!("skipped: {why}");
            None
        }
    }
}

/// The operations the document declares: every HTTP method of every path
/// item, counted on the JSON itself.
fn declared_operations(document: &[u8]) -> usize {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let document: serde_json::Value =
        serde_json::from_slice(document).expect("the corpus file is JSON");
    document["paths"]
        .as_object()
        .expect("the document has paths")
        .values()
        .map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
        .sum()
}

#[test]
fn discord_generates_every_operation() {
    let Some(document) = discord() else {
        return;
    };
    let options = codegen::Options {
        crate_name: "discord".to_owned(),
        crate_version: None,
        spec_label: "discord-openapi-3.1.json".to_owned(),
        regenerate_command: "cargo test -p codegen --test discord".to_owned(),
        standalone: true,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    };
    let output = codegen::generate(&document, &options)
        .unwrap_or_else(|e| panic!("Discord's document generates a client: {e}"));
    // 242: the four with a query parameter of a string or a list of
    // snowflakes (`sku_ids`, `tag`, `include_roles`) included.
    assert_eq!(output.operations, declared_operations(&document));
    assert_eq!(output.operations, 242);
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for warning in &output.warnings {
        *codes.entry(warning.code.to_string()).or_default() += 1;
    }
    // What the document earns, as measured: properties that are only
    // `null` or have no type, two operations with two different success
    // bodies, two `enum: []`, and an enum value `0` named `Unknown`.
    assert_eq!(
        codes,
        BTreeMap::from([
            ("differing-success-bodies".to_owned(), 2),
            ("no-usable-value".to_owned(), 2),
            ("renamed".to_owned(), 1),
            ("untyped-schema".to_owned(), 7),
        ]),
        "{:#?}",
        output.warnings
    );
}

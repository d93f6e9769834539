//! The generated smoke test (`Options::smoke_tests`): one request per tag to
//! a local server. The fixture `fixtures/smoke.yaml` has three tags and an
//! untagged operation, a path parameter of each kind (integer, enum), an
//! enum query parameter, a required header, a JSON body with a nested
//! struct, a `oneOf`, a map and a nullable field, and a multipart body.

use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn options(smoke_tests: bool) -> codegen::Options {
    codegen::Options {
        crate_name: "smoke-fixture".to_owned(),
        crate_version: None,
        spec_label: "smoke.yaml".to_owned(),
        regenerate_command: "cargo xtask codegen --smoke-tests".to_owned(),
        standalone: true,
        smoke_tests,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    }
}

/// The generated files for `spec`, by path.
fn generate(spec: &[u8], smoke_tests: bool) -> Vec<codegen::GeneratedFile> {
    match codegen::generate(spec, &options(smoke_tests)) {
        Ok(output) => output.files,
        Err(error) => panic!("the spec should generate:\n{error}"),
    }
}

fn file<'a>(files: &'a [codegen::GeneratedFile], path: &str) -> &'a str {
    match files.iter().find(|f| f.path == path) {
        Some(file) => &file.contents,
        None => panic!("no {path} among {:?}", paths(files)),
    }
}

fn paths(files: &[codegen::GeneratedFile]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

#[test]
fn one_test_per_tag_with_sample_arguments_and_bodies() {
    let files = generate(&fixture("smoke.yaml"), true);
    // The whole file is in the golden crate `tests/crates/smoke`, whose
    // tests run with the workspace's.
    let smoke = file(&files, "tests/smoke.rs");
    for test in [
        "async fn smoke_pets()",
        "async fn smoke_store_orders()",
        "async fn smoke_files()",
        "async fn smoke_untagged()",
    ] {
        assert!(smoke.contains(test), "{test} missing:\n{smoke}");
    }
    let manifest = file(&files, "Cargo.toml");
    let dev = manifest
        .split("[dev-dependencies]\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no [dev-dependencies]:\n{manifest}"));
    assert_eq!(
        dev,
        "# Reads the sample request bodies the smoke test sends.\n\
         serde_json = \"1\"\n\
         # Runs the async smoke tests (`#[tokio::test]`: `macros` for the tests only).\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n\
         # The mock HTTP server on 127.0.0.1 the smoke test calls.\n\
         wiremock = \"0.6\"\n"
    );
}

#[test]
fn off_by_default_nothing_is_added() {
    let files = generate(&fixture("smoke.yaml"), false);
    assert!(
        !paths(&files).iter().any(|p| p.starts_with("tests/")),
        "{:?}",
        paths(&files)
    );
    assert!(!file(&files, "Cargo.toml").contains("[dev-dependencies]"));
}

/// A required field that refers back to its own struct (through an array
/// it would be fine) has no finite sample: that tag is listed as untested.
/// Tags that are one name in snake case are one test; an operation with two
/// tags can serve both.
#[test]
fn tags_without_a_callable_operation_are_listed_and_equal_names_merge() {
    let spec = br##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://x.test"}]
paths:
  /trees:
    post:
      tags: [Trees]
      operationId: plantTree
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Node"}}}
      responses: {"204": {description: ok}}
  /forests:
    get:
      tags: [Forest Walks, forest-walks, Woods]
      operationId: walk
      responses: {"204": {description: ok}}
    post:
      tags: [Woods]
      operationId: plant
      responses: {"204": {description: ok}}
components:
  schemas:
    Node:
      type: object
      required: [child]
      properties:
        child: {$ref: "#/components/schemas/Node"}
"##;
    let files = generate(spec, true);
    let smoke = file(&files, "tests/smoke.rs");
    assert!(smoke.contains("//! - `Trees`"), "{smoke}");
    assert!(!smoke.contains("smoke_trees"), "{smoke}");
    assert_eq!(smoke.matches("async fn smoke_forest_walks()").count(), 1);
    assert!(smoke.contains("async fn smoke_woods()"), "{smoke}");
    assert_eq!(smoke.matches("Mock::given(method(\"GET\"))").count(), 2);
    assert!(
        !smoke.contains("header("),
        "no credential to match:\n{smoke}"
    );
}

#[test]
fn the_smoke_test_is_deterministic() {
    let first = generate(&fixture("smoke.yaml"), true);
    let second = generate(&fixture("smoke.yaml"), true);
    assert_eq!(
        file(&first, "tests/smoke.rs"),
        file(&second, "tests/smoke.rs")
    );
}

/// A body whose types each require ten fields of the next type, eight levels
/// deep, would be a sample of 10^8 objects: the sample's budget gives up at
/// once and the tag is listed as untested.
#[test]
fn a_body_that_fans_out_has_no_sample_and_generation_stays_fast() {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x.test'}]\npaths:\n  /wide:\n    post:\n      tags: [Wide]\n      operationId: wide\n      requestBody:\n        required: true\n        content: {application/json: {schema: {$ref: '#/components/schemas/L0'}}}\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n",
    );
    let fields: Vec<String> = (0..10).map(|i| format!("f{i}")).collect();
    for level in 0..8 {
        let properties: Vec<String> = fields
            .iter()
            .map(|f| format!("{f}: {{$ref: '#/components/schemas/L{}'}}", level + 1))
            .collect();
        spec.push_str(&format!(
            "    L{level}: {{type: object, required: [{}], properties: {{{}}}}}\n",
            fields.join(", "),
            properties.join(", ")
        ));
    }
    spec.push_str("    L8: {type: string}\n");
    let started = std::time::Instant::now();
    let files = generate(spec.as_bytes(), true);
    let smoke = file(&files, "tests/smoke.rs");
    assert!(smoke.contains("//! - `Wide`"), "{smoke}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

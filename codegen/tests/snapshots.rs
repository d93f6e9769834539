//! The error texts of invalid specs (insta snapshots: review changes with
//! `cargo insta review`, or accept them with `INSTA_UPDATE=always cargo
//! test -p codegen`), and properties of the generated code that a reader of
//! the golden crates (`tests/golden.rs`) would otherwise have to check by
//! eye.

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

/// The generated file `path` for the fixture `name`.
fn generated(name: &str, path: &str) -> String {
    let output = match codegen::generate(&fixture(name), &options(name)) {
        Ok(output) => output,
        Err(error) => panic!("{name} should generate:\n{error}"),
    };
    match output.files.into_iter().find(|f| f.path == path) {
        Some(file) => file.contents,
        None => panic!("{name} produced no {path}"),
    }
}

/// The error text for the invalid fixture `name`.
fn error_text(name: &str) -> String {
    match codegen::generate(&fixture(name), &options(name)) {
        Ok(_) => panic!("{name} should be rejected"),
        Err(error) => error.to_string(),
    }
}

/// Text-direction characters in the spec's prose (the heartbeat fixture
/// has some) never reach a comment, where rustc would reject them. (That
/// its shapes leave nothing unused is proved by its golden crate, which
/// `cargo clippy --workspace -- -D warnings` lints.)
#[test]
fn text_direction_characters_never_reach_the_output() {
    for path in [
        "README.md",
        "src/lib.rs",
        "src/spec.rs",
        "src/operations.rs",
        "src/types.rs",
    ] {
        let text = generated("heartbeat_shapes.yaml", path);
        let controls = ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'];
        let isolates = ['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'];
        assert!(
            !text.contains(controls) && !text.contains(isolates),
            "{path} holds a text-direction character"
        );
    }
}

/// The schema's constraints reach the docs of the field or argument it
/// types (the golden crates `optional_required` and `path_param` show them
/// in place).
#[test]
fn constraints_are_in_the_docs() {
    let types = generated("optional_required.yaml", "src/types.rs");
    for said in [
        "/// At least 1.",
        "/// Default: `\"\"`. At most 32 characters.",
        "/// At least 0 and at most 5.",
    ] {
        assert!(types.contains(said), "{said} missing:\n{types}");
    }
    let operations = generated("path_param.yaml", "src/operations.rs");
    for said in [
        "- `folder_id`: The `folderId` path parameter. At least 1.",
        "- `note_id`: The note. Exactly 17 characters. Matches the pattern `^[A-Za-z0-9]+$`.",
    ] {
        assert!(operations.contains(said), "{said} missing:\n{operations}");
    }
}

#[test]
fn error_dangling_ref() {
    insta::assert_snapshot!(error_text("error_dangling_ref.yaml"));
}

/// One error per dangling reference, however many places use it, and a
/// "did you mean" when a component of a close name exists.
#[test]
fn error_dangling_uses() {
    let text = error_text("error_dangling_uses.yaml");
    assert_eq!(
        text.matches("error[dangling-reference]").count(),
        3,
        "{text}"
    );
    assert!(
        text.contains("(used in 3 places; this is the first)"),
        "{text}"
    );
    assert!(
        text.contains("did you mean `#/components/schemas/Note`?"),
        "{text}"
    );
    assert!(
        text.contains("did you mean `#/components/parameters/noteId`?"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

/// Following the "did you mean" hints leaves only the reference that had
/// none; defining it as its hint says then generates.
#[test]
fn dangling_reference_hints_work_when_followed() {
    let spec = String::from_utf8(fixture("error_dangling_uses.yaml")).expect("UTF-8");
    let followed = spec
        .replace("schemas/Noet", "schemas/Note")
        .replace("parameters/noteid", "parameters/noteId");
    let error = match codegen::generate(followed.as_bytes(), &options("followed.yaml")) {
        Ok(_) => panic!("`Author` is still missing"),
        Err(error) => error.to_string(),
    };
    assert_eq!(error.matches("error[").count(), 1, "{error}");
    assert!(
        error.contains("define `Author` under #/components/schemas"),
        "{error}"
    );
    let defined =
        format!("{followed}    Author: {{type: object, properties: {{name: {{type: string}}}}}}\n");
    if let Err(error) = codegen::generate(defined.as_bytes(), &options("defined.yaml")) {
        panic!("the hints followed, the spec generates:\n{error}");
    }
}

#[test]
fn error_duplicate_operation_id() {
    insta::assert_snapshot!(error_text("error_duplicate_operation_id.yaml"));
}

#[test]
fn error_yaml_syntax() {
    insta::assert_snapshot!(error_text("error_yaml_syntax.yaml"));
}

fn conversations_spec() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/conversations.yaml");
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn conversations_options() -> codegen::Options {
    codegen::Options {
        crate_name: "brevo-conversations".to_owned(),
        ..options("spec/conversations.yaml")
    }
}

#[test]
fn conversations_has_ten_operations_and_no_body_n_types() {
    let output = codegen::generate(&conversations_spec(), &conversations_options())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.operations, 10);
    let types = output
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .map(|f| f.contents.clone())
        .unwrap_or_default();
    for line in types.lines() {
        let line = line.trim_start();
        for keyword in ["pub struct ", "pub enum ", "pub type "] {
            if let Some(rest) = line.strip_prefix(keyword) {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
                let is_body_n = name
                    .strip_prefix("Body")
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
                assert!(!is_body_n, "a type is called {name}");
            }
        }
    }
    for name in [
        "SendAgentMessage",
        "UpdateAgentMessage",
        "SendPushedMessage",
        "UpdatePushedMessage",
        "AgentOnlinePing",
    ] {
        assert!(
            types.contains(&format!("pub struct {name} ")),
            "{name} missing"
        );
    }
    assert!(types.contains("#[doc(alias = \"Body13\")]"));
}

#[test]
fn generation_is_deterministic() {
    let spec = conversations_spec();
    let first =
        codegen::generate(&spec, &conversations_options()).unwrap_or_else(|e| panic!("{e}"));
    let second =
        codegen::generate(&spec, &conversations_options()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.files, second.files);
}

/// An operation named like a method `Client` has whatever the spec (the
/// runtime's `execute`, the constructor `new`) gets a suffixed method and a
/// warning at its pointer, never a second method that would not compile.
#[test]
fn operations_named_like_the_clients_own_methods_are_renamed() {
    for id in ["execute", "new", "builder"] {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers: [{{url: 'https://x.test'}}]\npaths:\n  /run:\n    post:\n      operationId: {id}\n      responses: {{'204': {{description: ok}}}}\n"
        );
        let output = codegen::generate(spec.as_bytes(), &options("inline.yaml"))
            .unwrap_or_else(|e| panic!("`{id}` must generate:\n{e}"));
        let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("warning[renamed]: #/paths/~1run/post/operationId")),
            "{warnings:?}"
        );
        let operations = output
            .files
            .iter()
            .find(|f| f.path == "src/operations.rs")
            .expect("operations.rs");
        assert!(operations.contents.contains(&format!("pub fn {id}_2(")));
    }
}

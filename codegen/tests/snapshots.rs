//! Properties of the generated code that a reader of the golden crates
//! (`tests/golden.rs`) would otherwise have to check by eye. (The error
//! texts of the invalid fixtures are in `tests/diagnostic_texts.rs`.)

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
        runtime: codegen::RuntimeSource::Embedded,
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

//! Snapshot tests of the generator: one small fixture spec per behaviour,
//! the error texts of invalid specs, and the whole Conversations crate.
//!
//! Review changes with `cargo insta review` (or accept them with
//! `INSTA_UPDATE=always cargo test -p codegen`).

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

#[test]
fn inline_body_named_by_its_title_with_sdk_aliases() {
    insta::assert_snapshot!(generated("inline_body_titled.yaml", "src/types.rs"));
}

#[test]
fn inline_body_named_from_operation_id() {
    insta::assert_snapshot!(generated(
        "inline_body_from_operation_id.yaml",
        "src/types.rs"
    ));
}

#[test]
fn ref_body_uses_the_component_type() {
    insta::assert_snapshot!(generated("ref_body.yaml", "src/operations.rs"));
    insta::assert_snapshot!(generated("ref_body.yaml", "src/types.rs"));
}

#[test]
fn enums_are_open_to_unknown_values() {
    insta::assert_snapshot!(generated("enum.yaml", "src/types.rs"));
}

#[test]
fn optional_fields_are_options_skipped_when_none() {
    insta::assert_snapshot!(generated("optional_required.yaml", "src/types.rs"));
}

#[test]
fn keywords_and_odd_names_are_escaped_and_renamed() {
    insta::assert_snapshot!(generated("keyword_field.yaml", "src/types.rs"));
}

#[test]
fn path_parameters_are_encoded_segments() {
    insta::assert_snapshot!(generated("path_param.yaml", "src/operations.rs"));
}

#[test]
fn no_content_response_returns_unit() {
    insta::assert_snapshot!(generated("no_content_204.yaml", "src/operations.rs"));
}

#[test]
fn multipart_bodies_send_files_and_text_parts() {
    insta::assert_snapshot!(generated("multipart.yaml", "src/types.rs"));
    let client = generated("multipart.yaml", "src/operations.rs");
    let start = client
        .find("pub async fn upload_file_with_response")
        .unwrap_or(0);
    insta::assert_snapshot!(&client[start..]);
    let manifest = generated("multipart.yaml", "Cargo.toml");
    assert!(manifest.contains("\"multipart\""), "{manifest}");
}

/// The shapes that once gave crates `clippy -D warnings` rejects (also
/// built with clippy in `.ci/run`): a heartbeat whose body is no type of
/// `types` and whose operation returns a body, forms of files only or of
/// text only, and text-direction characters in the spec's prose.
#[test]
fn heartbeat_and_form_shapes_leave_nothing_unused() {
    let file = |name: &str, path: &str| generated(name, path);
    let heartbeat = file("heartbeat_shapes.yaml", "src/heartbeat.rs");
    assert!(!heartbeat.contains("use crate::types;"), "{heartbeat}");
    assert!(
        heartbeat.contains("client.report_presence(&body).await.map(drop)"),
        "{heartbeat}"
    );
    let files_only = file("heartbeat_shapes.yaml", "src/multipart.rs");
    assert!(
        files_only.contains("File {") && !files_only.contains("Text {"),
        "{files_only}"
    );
    let text_only = file("multipart_text.yaml", "src/multipart.rs");
    assert!(
        text_only.contains("Text {") && !text_only.contains("File {"),
        "{text_only}"
    );
    for path in ["src/lib.rs", "src/client.rs", "src/operations.rs"] {
        let text = file("heartbeat_shapes.yaml", path);
        let controls = ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'];
        let isolates = ['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'];
        assert!(
            !text.contains(controls) && !text.contains(isolates),
            "{path} holds a text-direction character"
        );
    }
}

#[test]
fn error_scheme_name_clash() {
    insta::assert_snapshot!(error_text("error_scheme_name_clash.yaml"));
}

#[test]
fn a_success_documented_without_a_body_makes_the_result_optional() {
    let operations = generated("optional_body.yaml", "src/operations.rs");
    let start = operations.find("impl Client {").unwrap_or(0);
    let end = operations
        .find("/// Each operation's")
        .unwrap_or(operations.len());
    insta::assert_snapshot!(&operations[start..end]);
    let transport = generated("optional_body.yaml", "src/transport.rs");
    assert!(transport.contains("fn optional_json_body"), "{transport}");
    // No method decodes a body that must be there: the plain decoder is
    // left out, as clippy would flag it unused.
    assert!(
        !transport.contains("fn json<T: serde::de::DeserializeOwned>"),
        "{transport}"
    );
}

#[test]
fn error_dangling_ref() {
    insta::assert_snapshot!(error_text("error_dangling_ref.yaml"));
}

#[test]
fn error_duplicate_operation_id() {
    insta::assert_snapshot!(error_text("error_duplicate_operation_id.yaml"));
}

#[test]
fn error_name_collision() {
    insta::assert_snapshot!(error_text("error_name_collision.yaml"));
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
fn whole_conversations_crate() {
    let output = codegen::generate(&conversations_spec(), &conversations_options())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let mut all = String::new();
    for file in &output.files {
        all.push_str(&format!("==> {} <==\n{}\n", file.path, file.contents));
    }
    insta::assert_snapshot!(all);
}

/// The runtime modules and the client are filled-in templates, kept as
/// rustfmt writes them: the generator's own text for them is what
/// `generated/` holds after `cargo xtask codegen`'s rustfmt pass, so they
/// need no formatting.
/// (`heartbeat.rs` is a template up to its `Client` methods, which are
/// emitted as tokens.)
#[test]
fn runtime_modules_come_out_as_rustfmt_writes_them() {
    let output = codegen::generate(&conversations_spec(), &conversations_options())
        .unwrap_or_else(|e| panic!("{e}"));
    let crate_dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../generated/brevo-conversations");
    for module in [
        "transport",
        "retry",
        "rate_limit",
        "response",
        "error",
        "heartbeat",
        "client",
    ] {
        let path = format!("src/{module}.rs");
        let ours = output
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"));
        let formatted = std::fs::read_to_string(crate_dir.join(&path))
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let template_part = |text: &str| -> String {
            match text.find("\nimpl Client {") {
                Some(end) if module == "heartbeat" => text[..end].to_owned(),
                _ => text.to_owned(),
            }
        };
        assert!(
            template_part(&ours.contents) == template_part(&formatted),
            "{path} differs from its rustfmt output; fix its template in codegen/templates/"
        );
    }
}

#[test]
fn conversations_has_nine_operations_and_no_body_n_types() {
    let output = codegen::generate(&conversations_spec(), &conversations_options())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.operations, 9);
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

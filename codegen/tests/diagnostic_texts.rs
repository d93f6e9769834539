//! The one home of the generator's diagnostic texts: what users read when a
//! spec is refused or warned about. Every text the tests look at is an insta
//! snapshot of this file (`snapshots/diagnostic_texts__*.snap`), so a change
//! of wording is one review: `cargo insta review`, or `INSTA_UPDATE=always
//! cargo test -p codegen --test diagnostic_texts` to accept. The other
//! tests check diagnostics by code, severity, pointer, and whether a hint
//! or note is there, never by their words.
//!
//! - [`common_error_texts`]: representative bad specs written here, each
//!   with the codes it must find; every line of their texts is located (a
//!   code and a JSON pointer, or a line and a column) or is a hint.
//! - The invalid fixtures (`tests/fixtures/error_*.yaml`) and the warnings
//!   of `warnings_compositions.yaml`, `names.yaml` and `null_enums.yaml`.
//! - A warning made an error by the lint levels, with the note that says
//!   which option did it.

mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use codegen::diagnostics::Code;
use codegen::load::LoadError;
use codegen::Levels;
use support::cases::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn fixture_options(spec_label: &str) -> codegen::Options {
    codegen::Options {
        crate_name: "fixture-client".to_owned(),
        crate_version: None,
        spec_label: spec_label.to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: false,
        smoke_tests: false,
        levels: Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    }
}

/// The error text for the invalid fixture `name`.
fn error_text(name: &str) -> String {
    match codegen::generate(&fixture(name), &fixture_options(name)) {
        Ok(_) => panic!("{name} should be rejected"),
        Err(error) => error.to_string(),
    }
}

/// The warnings for the valid fixture `name`, one per line.
fn warning_text(name: &str) -> String {
    let output = codegen::generate(&fixture(name), &fixture_options(name))
        .unwrap_or_else(|e| panic!("{name} should generate:\n{e}"));
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    warnings.join("\n")
}

// ---------------------------------------------------------------------------
// Common bad specs
// ---------------------------------------------------------------------------

/// Representative bad specs, what the generator says about each, and the
/// codes of what it finds (none for syntax errors, which have no code).
fn common_bad_specs() -> Vec<(&'static str, Vec<u8>, &'static [Code])> {
    let deep_schema = nest_text("{allOf: [", "{type: string}", "]}", 40);
    let spec = |rest: &str| format!("{HEAD}{rest}").into_bytes();
    let op = |body: &str| spec(&format!("paths:\n  /notes:\n    get:\n{body}"));
    vec![
        ("tab indentation", b"openapi: 3.0.3\ninfo:\n\ttitle: T\n".to_vec(), &[]),
        ("truncated JSON", br#"{"openapi": "3.0.3", "info": {"title": "T", "vers"#.to_vec(), &[]),
        ("invalid UTF-8", b"openapi: 3.0.3\ninfo: {title: \xff\xfe, version: '1'}\n".to_vec(), &[]),
        ("duplicate key", spec("paths: {}\npaths: {}\n"), &[]),
        ("unknown alias", spec("paths: *nothing\n"), &[]),
        ("two documents", spec("paths: {}\n---\nmore: 1\n"), &[]),
        ("nesting past the parser's limit", spec(&format!("paths: {{}}\nx-deep: {}\n", nest_text("[", "1", "]", 200))), &[]),
        ("nesting past the flow limit", spec(&format!("paths: {}\n", "[".repeat(600))), &[]),
        ("random bytes", vec![0x00, 0x9f, 0x92, 0x96, 0xff, b':', b'[', 0x01], &[]),
        ("a list, not a mapping", b"- openapi: 3.0.3\n".to_vec(), &[Code::InvalidDocument]),
        ("no openapi field", b"info: {title: T, version: '1'}\npaths: {}\n".to_vec(), &[Code::UnsupportedOpenapiVersion]),
        ("OpenAPI 4.0", b"openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n".to_vec(), &[Code::UnsupportedOpenapiVersion]),
        ("openapi as a number", b"openapi: 3.0\ninfo: {title: T, version: '1'}\npaths: {}\n".to_vec(), &[Code::UnsupportedOpenapiVersion]),
        ("paths is a number", spec("paths: 7\n"), &[Code::InvalidDocument]),
        ("responses is a number", op("      responses: 7\n"), &[Code::InvalidDocument]),
        ("a schema that is a list", spec("paths: {}\ncomponents: {schemas: {A: [1]}}\n"), &[Code::InvalidDocument]),
        ("a property type that is a number", spec("paths: {}\ncomponents: {schemas: {A: {type: object, properties: {a: {type: object, properties: {b: {type: 7}}}}}}}\n"), &[Code::InvalidDocument]),
        ("schemas nested 40 deep", spec(&format!("paths: {{}}\ncomponents: {{schemas: {{A: {deep_schema}}}}}\n")), &[Code::SchemaTooDeep]),
        ("dangling $ref", op("      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Missing'}}}}}\n"), &[Code::DanglingReference]),
        ("external $ref", op("      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: 'other.yaml#/Note'}}}}}\n"), &[Code::ExternalReference]),
        ("$ref to another section", op("      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/parameters/Note'}}}}}\n"), &[Code::UnexpectedReferenceTarget]),
        ("parameter $ref cycle", spec("paths:\n  /notes:\n    get:\n      parameters: [{$ref: '#/components/parameters/A'}]\n      responses: {'204': {description: ok}}\ncomponents:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {$ref: '#/components/parameters/A'}\n"), &[Code::ReferenceCycle]),
        ("allOf cycle", spec("paths: {}\ncomponents:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {x: {type: string}}}]}\n"), &[Code::AllOfCycle]),
        ("duplicate operationId", spec("paths:\n  /a:\n    get: {operationId: list, responses: {'204': {description: ok}}}\n  /b:\n    get: {operationId: list, responses: {'204': {description: ok}}}\n"), &[Code::DuplicateOperationId]),
        ("derived operationIds collide", spec("paths:\n  /clash-path:\n    get: {responses: {'204': {description: ok}}}\n  /clash_path:\n    get: {responses: {'204': {description: ok}}}\n"), &[Code::DuplicateOperationId]),
        ("schema keys differing by case", spec("paths: {}\ncomponents:\n  schemas:\n    agentId: {type: object, properties: {a: {type: string}}}\n    AgentId: {type: object, properties: {b: {type: string}}}\n"), &[Code::Renamed]),
        ("a title colliding with a schema", spec("paths:\n  /notes:\n    post:\n      operationId: addNote\n      requestBody: {content: {application/json: {schema: {title: Note, type: object, properties: {a: {type: string}}}}}}\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Note: {type: object, properties: {b: {type: string}}}\n"), &[Code::Renamed]),
        ("properties colliding", spec("paths: {}\ncomponents: {schemas: {A: {type: object, properties: {agentId: {type: string}, agent_id: {type: string}}}}}\n"), &[Code::Renamed]),
        ("enum values colliding", spec("paths: {}\ncomponents: {schemas: {State: {type: string, enum: [in progress, IN_PROGRESS, unknown]}}}\n"), &[Code::Renamed]),
        ("names without letters", spec("paths: {}\ncomponents: {schemas: {'🦀': {type: object}, A: {type: object, properties: {'': {type: string}, '🦀': {type: string}}}, State: {type: string, enum: ['🦀', '-']}}}\n"), &[]),
        ("keywords and non-ASCII names", spec("paths: {}\ncomponents: {schemas: {Self: {type: object, properties: {type: {type: string}, self: {type: string}, 'ü': {type: string}, '日本語': {type: string}}}, State: {type: string, enum: ['', 'naïve', 'fn']}}}\n"), &[]),
        ("a schema named like the client's own types", spec("paths: {}\ncomponents: {schemas: {Client: {type: object, properties: {a: {type: string}}}}}\n"), &[]),
        ("alias cycle", spec("paths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/B'}, B: {$ref: '#/components/schemas/A'}}}\n"), &[Code::RecursiveAlias]),
        ("recursive list alias", spec("paths: {}\ncomponents: {schemas: {A: {type: array, items: {$ref: '#/components/schemas/A'}}}}\n"), &[Code::RecursiveAlias]),
        ("warnings only", spec("paths: {}\ncomponents: {schemas: {A: {type: object, properties: {any: {description: no type}, list: {type: array}}}}}\n"), &[Code::UntypedSchema, Code::ArrayWithoutItems]),
    ]
}

/// What `codegen::generate` finds in `spec`: the codes of its errors, or of
/// its warnings when it generates.
fn found_codes(spec: &[u8]) -> BTreeSet<Code> {
    let spec = spec.to_vec();
    bounded("generate", move || {
        match codegen::generate(&spec, &options()) {
            Ok(output) => output.warnings.iter().map(|d| d.code).collect(),
            Err(codegen::Error::Invalid(diagnostics)) => {
                diagnostics.iter().map(|d| d.code).collect()
            }
            Err(codegen::Error::Load(LoadError::Shape(diagnostic))) => {
                BTreeSet::from([diagnostic.code])
            }
            Err(_) => BTreeSet::new(),
        }
    })
}

/// Whether `line` starts like a diagnostic: `error[code]: #` or
/// `warning[code]: #`, with a code of [`Code::ALL`].
fn is_diagnostic_line(line: &str) -> bool {
    let Some((label, rest)) = line.split_once('[') else {
        return false;
    };
    let Some((code, rest)) = rest.split_once("]: ") else {
        return false;
    };
    matches!(label, "error" | "warning") && code.parse::<Code>().is_ok() && rest.starts_with('#')
}

/// The texts of common errors: every line names a code and a JSON pointer
/// (or a line and a column for syntax errors) or is a hint; each case finds
/// the codes it is expected to.
#[test]
fn common_error_texts() {
    let mut report = String::new();
    for (name, spec, expected) in common_bad_specs() {
        let text = generate_text(&spec);
        let expected: BTreeSet<Code> = expected.iter().copied().collect();
        assert_eq!(found_codes(&spec), expected, "{name}:\n{text}");
        for line in text.lines() {
            let located = is_diagnostic_line(line)
                || line.starts_with("  hint: ")
                || (line.starts_with("line ")
                    && line.contains(", column ")
                    && line.contains(": syntax error: "))
                || line.starts_with("Ok (");
            let known_gap = UNLOCATED.iter().any(|message| line.ends_with(message));
            assert!(
                located || known_gap,
                "{name}: unlocated line `{line}` in:\n{text}"
            );
        }
        report.push_str(&format!("## {name}\n{text}\n\n"));
    }
    insta::assert_snapshot!("common_error_texts", report);
}

// ---------------------------------------------------------------------------
// The invalid fixtures and the warnings of valid ones
// ---------------------------------------------------------------------------

#[test]
fn error_compositions() {
    insta::assert_snapshot!(error_text("error_compositions.yaml"));
}

#[test]
fn error_dangling_ref() {
    insta::assert_snapshot!(error_text("error_dangling_ref.yaml"));
}

/// One error per dangling reference, however many places use it (the text
/// says how many), and a "did you mean" when a component of a close name
/// exists (`tests/codes.rs` follows the hints).
#[test]
fn error_dangling_uses() {
    let text = error_text("error_dangling_uses.yaml");
    assert_eq!(
        text.matches("error[dangling-reference]").count(),
        3,
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn error_duplicate_operation_id() {
    insta::assert_snapshot!(error_text("error_duplicate_operation_id.yaml"));
}

#[test]
fn error_yaml_syntax() {
    insta::assert_snapshot!(error_text("error_yaml_syntax.yaml"));
}

#[test]
fn warnings_compositions() {
    insta::assert_snapshot!(warning_text("warnings_compositions.yaml"));
}

/// The warning of an operation left out because the client cannot send one
/// of its parameters (`tests/names.rs` checks what is left out).
#[test]
fn warnings_names() {
    insta::assert_snapshot!(warning_text("names.yaml"));
}

/// The warnings of an empty `enum` and a `oneOf` of nulls: the spec says
/// nothing of the value a client can use.
#[test]
fn warnings_null_enums() {
    insta::assert_snapshot!(warning_text("null_enums.yaml"));
}

// ---------------------------------------------------------------------------
// Lint levels
// ---------------------------------------------------------------------------

/// A warning denied by `--deny-warnings` and by `--deny CODE`: an error
/// whose note names the option (`tests/codes.rs` checks the levels).
#[test]
fn denied_warning_texts() {
    let spec = b"openapi: 3.0.3\ninfo: {title: Codes, version: '1'}\npaths: {}\n";
    let mut report = String::new();
    for (option, levels) in [
        ("--deny-warnings", Levels::new(true, [], [])),
        ("--deny no-server", Levels::new(false, [Code::NoServer], [])),
    ] {
        let options = codegen::Options {
            levels: levels.unwrap_or_else(|e| panic!("{e}")),
            ..fixture_options("codes.yaml")
        };
        let text = match codegen::generate(spec, &options) {
            Ok(_) => panic!("{option}: the warning should fail generation"),
            Err(error) => error.to_string(),
        };
        report.push_str(&format!("## {option}\n{text}\n\n"));
    }
    insta::assert_snapshot!(report);
}

// ---------------------------------------------------------------------------
// Descriptions in many files
// ---------------------------------------------------------------------------

/// What the generator says about descriptions in many files (held in
/// memory, the entry `openapi.yaml` first): every diagnostic names the file
/// and the place in it.
#[test]
fn many_file_texts() {
    let head =
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x.test'}]\n";
    let entry = |reference: &str| format!("{head}paths:\n  /a: {{$ref: '{reference}'}}\n");
    let operation = "get: {operationId: a, responses: {'204': {description: done}}}\n";
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("a URL", vec![("openapi.yaml", entry("https://example.test/a.yaml"))]),
        ("an absolute path", vec![("openapi.yaml", entry("/srv/specs/a.yaml"))]),
        ("a file: URL", vec![("openapi.yaml", entry("file:///srv/specs/a.yaml"))]),
        (
            "a file outside the folder",
            vec![("openapi.yaml", entry("../shared/a.yaml")), ("../shared/a.yaml", operation.to_owned())],
        ),
        ("a missing file", vec![("openapi.yaml", entry("paths/gone.yaml"))]),
        (
            "a file that is not YAML or JSON",
            vec![("openapi.yaml", entry("a.yaml")), ("a.yaml", "get: {description: {$ref: 'intro.md'}, responses: {}}\n".to_owned()), ("intro.md", "private text\n".to_owned())],
        ),
        (
            "a cycle across files",
            vec![("openapi.yaml", entry("a.yaml")), ("a.yaml", "get: {$ref: 'b.yaml#/op'}\n".to_owned()), ("b.yaml", "op: {$ref: 'a.yaml#/get'}\n".to_owned())],
        ),
        (
            "a syntax error in a file",
            vec![("openapi.yaml", entry("a.yaml")), ("a.yaml", "get: {operationId: [\n".to_owned())],
        ),
        (
            "findings inside files",
            vec![
                ("openapi.yaml", entry("paths/a.yaml")),
                ("paths/a.yaml", "get:\n  operationId: a\n  responses:\n    '200':\n      description: ok\n      content: {application/json: {schema: {$ref: '../models/thing.yaml'}}}\n".to_owned()),
                ("models/thing.yaml", "type: object\nproperties:\n  list: {type: array}\n  other: {$ref: '../openapi.yaml#/components/schemas/Gone'}\n".to_owned()),
            ],
        ),
    ];
    let mut report = String::new();
    for (name, files) in cases {
        let documents: std::collections::BTreeMap<String, Vec<u8>> = files
            .iter()
            .map(|(path, text)| ((*path).to_owned(), text.as_bytes().to_vec()))
            .collect();
        let text = match codegen::generate_from(
            &documents,
            "openapi.yaml",
            &fixture_options("openapi.yaml"),
        ) {
            Ok(output) => output
                .warnings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            Err(error) => error.to_string(),
        };
        assert!(!text.contains("private text"), "{name}: {text}");
        report.push_str(&format!("## {name}\n{text}\n\n"));
    }
    insta::assert_snapshot!("many_file_texts", report);
}

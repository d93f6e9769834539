//! Diagnostic codes and lint levels, as users see them: every code has a
//! stable kebab-case name that parses back, every code is emitted by some
//! spec (one example each, below), the invalid fixtures fail with the codes
//! they are about, and `Options::levels` denies and allows warnings by code.

use std::collections::BTreeSet;
use std::path::PathBuf;

use codegen::diagnostics::{Diagnostic, LevelsError, Severity, UnknownCode};
use codegen::load::LoadError;
use codegen::{Code, Levels};

fn options(levels: Levels) -> codegen::Options {
    codegen::Options {
        crate_name: "codes-client".to_owned(),
        crate_version: None,
        spec_label: "codes.yaml".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: false,
        smoke_tests: false,
        levels,
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// What `codegen::generate` reports for `spec` under `levels`: `Ok` with the
/// warnings, or `Err` with every diagnostic (a load error's one included).
fn diagnostics(spec: &[u8], levels: Levels) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    match codegen::generate(spec, &options(levels)) {
        Ok(output) => Ok(output.warnings),
        Err(codegen::Error::Invalid(found)) => Err(found.into_vec()),
        Err(codegen::Error::Load(LoadError::Shape(found))) => Err(vec![*found]),
        Err(other) => panic!("no diagnostics, but: {other}"),
    }
}

/// What [`codegen::generate_from`] reports for a description in the
/// files `files` (path, text; the first is the entry), like
/// [`diagnostics`].
fn diagnostics_of_files(files: &[(&str, String)]) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let documents: std::collections::BTreeMap<String, Vec<u8>> = files
        .iter()
        .map(|(path, text)| ((*path).to_owned(), text.as_bytes().to_vec()))
        .collect();
    match codegen::generate_from(&documents, files[0].0, &options(Levels::default())) {
        Ok(output) => Ok(output.warnings),
        Err(codegen::Error::Invalid(found)) => Err(found.into_vec()),
        Err(codegen::Error::Load(LoadError::Shape(found))) => Err(vec![*found]),
        Err(other) => panic!("no diagnostics, but: {other}"),
    }
}

fn codes(found: &[Diagnostic]) -> BTreeSet<Code> {
    found.iter().map(|d| d.code).collect()
}

fn text(found: &[Diagnostic]) -> String {
    found
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

#[test]
fn every_code_round_trips_through_its_name() {
    for &code in Code::ALL {
        assert_eq!(code.as_str().parse::<Code>(), Ok(code), "{code:?}");
        assert_eq!(code.to_string(), code.as_str(), "{code:?}");
    }
}

#[test]
fn names_are_unique_kebab_case_and_described_in_one_line() {
    let mut seen = BTreeSet::new();
    for &code in Code::ALL {
        let name = code.as_str();
        assert!(seen.insert(name), "`{name}` is used twice");
        let kebab = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !name.starts_with('-')
            && !name.ends_with('-')
            && !name.contains("--");
        assert!(kebab, "`{name}` is not kebab-case");
        let description = code.description();
        assert!(
            !description.is_empty() && !description.contains('\n') && description.ends_with('.'),
            "`{name}` needs a one-line description: {description:?}"
        );
    }
    let variants: BTreeSet<Code> = Code::ALL.iter().copied().collect();
    assert_eq!(variants.len(), Code::ALL.len(), "Code::ALL repeats a code");
}

#[test]
fn unknown_names_are_an_error_listing_every_code() {
    for name in ["", "Dangling-Reference", "dangling_reference", "warnings"] {
        let error = name.parse::<Code>().unwrap_err();
        assert_eq!(
            error,
            UnknownCode {
                name: name.to_owned()
            }
        );
        let message = error.to_string();
        assert!(
            message.starts_with(&format!("unknown diagnostic code `{name}`")),
            "{message}"
        );
        for code in Code::ALL {
            assert!(
                message.contains(code.as_str()),
                "`{code}` is not listed: {message}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// One spec per code
// ---------------------------------------------------------------------------

/// The top of a valid spec with a server, so that only what is added is
/// reported.
const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Codes, version: '1'}\nservers: [{url: 'https://example.test'}]\n";

/// A spec whose only paths are `paths` (YAML under `paths:`, indented by 2).
fn with_paths(paths: &str) -> String {
    format!("{HEAD}paths:\n{paths}")
}

/// A spec with no paths and the component schemas `schemas` (flow YAML).
fn with_schemas(schemas: &str) -> String {
    format!("{HEAD}paths: {{}}\ncomponents: {{schemas: {schemas}}}\n")
}

/// A spec with one operation, `GET /a` unless `path` says otherwise, whose
/// body (YAML under the method, indented by 6) is `operation`.
fn with_operation(path: &str, operation: &str) -> String {
    with_paths(&format!("  {path}:\n    get:\n{operation}"))
}

/// A `responses` entry of one empty 204, indented for [`with_operation`].
const NO_CONTENT: &str = "      responses: {'204': {description: done}}\n";

/// A spec that makes the generator emit `code`, for every code.
fn examples() -> Vec<(Code, String)> {
    let deep = format!(
        "{}{{type: string}}{}",
        "{allOf: [".repeat(40),
        "]}".repeat(40)
    );
    let body = |content: &str| {
        with_paths(&format!(
            "  /a:\n    post:\n      requestBody: {{content: {content}}}\n{NO_CONTENT}"
        ))
    };
    let response =
        |responses: &str| with_operation("/a", &format!("      responses: {responses}\n"));
    let parameter = |path: &str, parameter: &str| {
        with_operation(
            path,
            &format!("      parameters: [{parameter}]\n{NO_CONTENT}"),
        )
    };
    let object = "{type: object, properties: {a: {type: string}}}";
    vec![
        (Code::InvalidDocument, format!("{HEAD}paths: 7\n")),
        (
            Code::UnsupportedOpenapiVersion,
            "openapi: 4.0.0\ninfo: {title: Codes, version: '1'}\npaths: {}\n".to_owned(),
        ),
        (
            Code::IntegerOutOfRange,
            with_schemas("{A: {type: integer, format: int64, maximum: 18446744073709551615}}"),
        ),
        (
            Code::UnmappedKeyword,
            "openapi: 3.1.0\ninfo: {title: Codes, version: '1'}\nservers: [{url: 'https://example.test'}]\npaths: {}\ncomponents: {schemas: {A: {type: string, contentEncoding: quoted-printable}}}\n".to_owned(),
        ),
        (
            Code::SchemaAsResponse,
            "swagger: '2.0'\ninfo: {title: Codes, version: '1'}\nhost: example.test\npaths: {/a: {get: {responses: {'200': {$ref: '#/definitions/A'}}}}}\ndefinitions: {A: {type: string}}\n".to_owned(),
        ),
        (Code::SchemaTooDeep, with_schemas(&format!("{{A: {deep}}}"))),
        (
            Code::DanglingReference,
            with_schemas("{A: {$ref: '#/components/schemas/Missing'}}"),
        ),
        (
            Code::ExternalReference,
            with_schemas("{A: {$ref: 'other.yaml#/A'}}"),
        ),
        (
            Code::UnexpectedReferenceTarget,
            with_schemas("{A: {$ref: '#/components/parameters/A'}}"),
        ),
        (
            Code::ReferenceCycle,
            format!("{}components:\n  parameters:\n    A: {{$ref: '#/components/parameters/B'}}\n    B: {{$ref: '#/components/parameters/A'}}\n",
                with_operation("/a", &format!("      parameters: [{{$ref: '#/components/parameters/A'}}]\n{NO_CONTENT}"))),
        ),
        (
            Code::UnsupportedReference,
            with_paths("  /a: {$ref: '#/paths/~1b'}\n"),
        ),
        (
            Code::Renamed,
            with_schemas("{agentId: {type: string}, AgentId: {type: string}}"),
        ),
        (
            Code::DuplicateOperationId,
            with_paths(&format!("  /a:\n    get:\n      operationId: same\n{NO_CONTENT}  /b:\n    get:\n      operationId: same\n{NO_CONTENT}")),
        ),
        (
            Code::RecursiveAlias,
            with_schemas("{A: {type: array, items: {$ref: '#/components/schemas/A'}}}"),
        ),
        (
            Code::RecursiveUnion,
            with_schemas("{A: {oneOf: [{$ref: '#/components/schemas/A'}, {type: string}]}}"),
        ),
        (
            Code::AllOfCycle,
            with_schemas(&format!("{{A: {{allOf: [{{$ref: '#/components/schemas/B'}}]}}, B: {{allOf: [{{$ref: '#/components/schemas/A'}}, {object}]}}}}")),
        ),
        (
            Code::AllOfPartNotObject,
            with_schemas(&format!("{{A: {{allOf: [{object}, {{type: string}}]}}}}")),
        ),
        (
            Code::UnsupportedComposition,
            with_schemas("{A: {not: {type: string}}}"),
        ),
        (
            Code::AlternativeNotObject,
            with_schemas("{A: {type: object, properties: {a: {type: string}}, oneOf: [{type: object, required: [b], properties: {b: {type: string}}}, {type: string}]}}"),
        ),
        (
            Code::UntypedSchema,
            with_schemas("{A: {type: object, properties: {a: {description: anything}}}}"),
        ),
        (Code::ArrayWithoutItems, with_schemas("{A: {type: array}}")),
        (
            Code::DuplicateEnumValue,
            with_schemas("{A: {type: string, enum: [a, a]}}"),
        ),
        (
            Code::ConflictingProperty,
            with_schemas(&format!("{{A: {{allOf: [{object}, {{type: object, properties: {{a: {{type: integer}}}}}}]}}}}")),
        ),
        (
            Code::UndefinedRequiredProperty,
            with_schemas("{A: {type: object, required: [b], properties: {a: {type: string}}}}"),
        ),
        (
            Code::IgnoredAdditionalProperties,
            with_schemas("{A: {type: object, properties: {a: {type: string}}, additionalProperties: {type: string}, oneOf: [{type: object, properties: {b: {type: string}}}]}}"),
        ),
        (
            Code::ShadowingAlternative,
            with_schemas(&format!("{{A: {{oneOf: [{object}, {{type: object, required: [b], properties: {{b: {{type: string}}}}}}]}}}}")),
        ),
        (
            Code::NullableBesideReference,
            with_schemas(&format!("{{B: {object}, A: {{type: object, properties: {{b: {{$ref: '#/components/schemas/B', nullable: true}}}}}}}}")),
        ),
        (
            Code::NoUsableValue,
            with_schemas("{A: {type: string, enum: []}}"),
        ),
        (
            Code::UnsupportedDiscriminator,
            with_schemas("{A: {type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind}}}"),
        ),
        (
            Code::InvalidExtension,
            format!("{HEAD}x-rate-limit-headers: 7\npaths: {{}}\n"),
        ),
        (
            Code::IgnoredExtension,
            "openapi: 3.0.3\ninfo: {title: Codes, version: '1', x-crate-version: 1}\nservers: [{url: 'https://example.test'}]\npaths: {}\n".to_owned(),
        ),
        (
            Code::UnusedExtension,
            with_schemas("{A: {type: object, x-one-of-name: Choice, properties: {a: {type: string}}}}"),
        ),
        (
            Code::MalformedPathTemplate,
            with_operation("/a/{id", NO_CONTENT),
        ),
        (
            Code::UndeclaredPathParameter,
            with_operation("/a/{id}", NO_CONTENT),
        ),
        (
            Code::UnusedPathParameter,
            parameter("/a", "{name: id, in: path, required: true, schema: {type: string}}"),
        ),
        (
            Code::OptionalPathParameter,
            parameter("/a/{id}", "{name: id, in: path, schema: {type: string}}"),
        ),
        (
            Code::UnsupportedParameter,
            parameter("/a", "{name: session, in: cookie, schema: {type: string}}"),
        ),
        (
            Code::UnsupportedParameterStyle,
            parameter("/a", "{name: ids, in: query, style: deepObject, schema: {type: array, items: {type: string}}}"),
        ),
        (
            Code::IgnoredHeaderParameter,
            parameter("/a", "{name: Accept, in: header, schema: {type: string}}"),
        ),
        (
            Code::InvalidHeaderName,
            parameter("/a", "{name: 'not a header', in: header, schema: {type: string}}"),
        ),
        (
            Code::UnsupportedMethod,
            "openapi: 3.2.0\ninfo: {title: Codes, version: '1'}\nservers: [{url: 'https://example.test'}]\npaths:\n  /a: {additionalOperations: {'NOT A METHOD': {responses: {'204': {description: Done.}}}}}\n".to_owned(),
        ),
        (
            Code::IgnoredServers,
            "openapi: 3.0.3\ninfo: {title: Codes, version: '1'}\nservers: [{url: 'https://example.test'}]\npaths:\n  /a: {servers: [{url: 'https://other.test'}], get: {responses: {'204': {description: Done.}}}}\n".to_owned(),
        ),
        (
            Code::UnsupportedRequestMediaType,
            body("{multipart/mixed: {schema: {type: string}}}"),
        ),
        (
            Code::IgnoredEncoding,
            body("{application/x-www-form-urlencoded: {schema: {type: object, properties: {a: {type: string}}}, encoding: {b: {contentType: text/plain}}}}"),
        ),
        (
            Code::MultipartBodyNotObject,
            body("{multipart/form-data: {schema: {type: string}}}"),
        ),
        (Code::RequestBodyWithoutSchema, body("{application/json: {}}")),
        (
            Code::UnsupportedResponseMediaType,
            response("{'200': {description: done}, '400': {description: text, content: {text/plain: {schema: {type: string}}}}}"),
        ),
        (
            Code::ContentOnBodilessResponse,
            response("{'204': {description: done, content: {application/json: {schema: {type: string}}}}}"),
        ),
        (
            Code::DifferingSuccessBodies,
            response("{'200': {description: a, content: {application/json: {schema: {type: string}}}}, '201': {description: b, content: {application/json: {schema: {type: integer}}}}}"),
        ),
        (
            Code::NoSuccessResponse,
            response("{'404': {description: missing}}"),
        ),
        (
            Code::UndefinedSecurityScheme,
            format!("{HEAD}security: [{{missing: []}}]\npaths: {{}}\ncomponents: {{securitySchemes: {{key: {{type: apiKey, in: header, name: api-key}}}}}}\n"),
        ),
        (
            Code::UnsupportedSecurityScheme,
            format!("{HEAD}paths: {{}}\ncomponents: {{securitySchemes: {{digest: {{type: http, scheme: digest}}}}}}\n"),
        ),
        (
            Code::MutualTlsScheme,
            "openapi: 3.1.0\ninfo: {title: Codes, version: '1'}\nservers: [{url: 'https://example.test'}]\npaths: {}\ncomponents: {securitySchemes: {tls: {type: mutualTLS}}}\n".to_owned(),
        ),
        (
            Code::NoServer,
            "openapi: 3.0.3\ninfo: {title: Codes, version: '1'}\npaths: {}\n".to_owned(),
        ),
        (
            Code::UnsupportedWebhook,
            "openapi: 3.1.0\ninfo: {title: Codes, version: '1'}\nservers: [{url: 'https://example.test'}]\npaths: {}\nwebhooks:\n  ping: {post: {responses: {'200': {description: Received.}}}}\n".to_owned(),
        ),
    ]
}

/// A description in many files (path, text; the entry first) that makes
/// the generator emit `code`, for the codes about such descriptions.
fn many_file_examples() -> Vec<(Code, Vec<(&'static str, String)>)> {
    let entry = |reference: &str| {
        (
            "openapi.yaml",
            format!("{HEAD}paths:\n  /a:\n    get: {{$ref: '{reference}'}}\n"),
        )
    };
    let operation = "operationId: a\nresponses: {'204': {description: done}}\n".to_owned();
    vec![
        (
            Code::RemoteReference,
            vec![entry("https://example.test/a.yaml")],
        ),
        (Code::AbsoluteReference, vec![entry("/etc/a.yaml")]),
        (
            Code::ReferenceOutsideFolder,
            vec![entry("../shared/a.yaml"), ("../shared/a.yaml", operation)],
        ),
        (Code::UnreadableFile, vec![entry("gone.yaml")]),
        (
            Code::NotYamlOrJson,
            vec![entry("a.txt"), ("a.txt", "operationId: a\n".to_owned())],
        ),
        (
            Code::DocumentTooLarge,
            vec![entry("a.yaml"), ("a.yaml", "x".repeat(33 << 20))],
        ),
    ]
}

/// Every code in [`Code::ALL`] is emitted, with its own severity, by its
/// example, and nothing else is: no code is dead, each example shows what
/// its code is about, and a new code needs an example here.
#[test]
fn every_code_is_emitted_by_its_example() {
    let one_file = examples();
    let many_files = many_file_examples();
    let mut covered: Vec<Code> = one_file
        .iter()
        .map(|(code, _)| *code)
        .chain(many_files.iter().map(|(code, _)| *code))
        .collect();
    covered.sort_by_key(|code| Code::ALL.iter().position(|c| c == code));
    let all: Vec<Code> = Code::ALL.to_vec();
    assert_eq!(covered, all, "one example per code");
    let results = one_file
        .into_iter()
        .map(|(code, spec)| {
            (
                code,
                spec.clone(),
                diagnostics(spec.as_bytes(), Levels::default()),
            )
        })
        .chain(many_files.into_iter().map(|(code, files)| {
            let shown = files
                .iter()
                .map(|(path, text)| format!("{path}: {}", text.get(..200).unwrap_or(text)))
                .collect::<Vec<_>>()
                .join("\n");
            (code, shown, diagnostics_of_files(&files))
        }));
    for (code, spec, result) in results {
        let found = match &result {
            Ok(found) | Err(found) => found,
        };
        let hit = found.iter().find(|d| d.code == code);
        let Some(hit) = hit else {
            panic!(
                "the example of `{code}` does not emit it:\n{}\nspec:\n{spec}",
                text(found)
            );
        };
        assert_eq!(
            codes(found),
            BTreeSet::from([code]),
            "the example of `{code}` emits more:\n{}",
            text(found)
        );
        assert_eq!(hit.severity, code.severity(), "{hit}");
        assert_eq!(
            result.is_err(),
            code.severity() == Severity::Error,
            "the example of `{code}` should fail exactly when the code is an error:\n{}",
            text(found)
        );
        let label = match hit.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let file = hit.file.as_deref().unwrap_or_default();
        let start = format!("{label}[{code}]: {file}{}: {}", hit.pointer, hit.message);
        assert!(hit.to_string().starts_with(&start), "{hit}");
    }
}

/// The invalid fixtures fail with the codes they are about (and
/// `error_yaml_syntax.yaml` with a syntax error, which has no code).
#[test]
fn invalid_fixtures_fail_with_their_codes() {
    let expected: Vec<(&str, Vec<Code>)> = vec![
        (
            "error_compositions.yaml",
            vec![
                Code::AllOfPartNotObject,
                Code::AllOfCycle,
                Code::DanglingReference,
                Code::Renamed,
                Code::AlternativeNotObject,
                Code::ShadowingAlternative,
                Code::InvalidExtension,
                Code::UnsupportedComposition,
            ],
        ),
        ("error_dangling_ref.yaml", vec![Code::DanglingReference]),
        (
            "error_dangling_uses.yaml",
            vec![Code::DanglingReference, Code::UndeclaredPathParameter],
        ),
        (
            "error_duplicate_operation_id.yaml",
            vec![Code::DuplicateOperationId],
        ),
    ];
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("error_") && name != "error_yaml_syntax.yaml")
        .collect();
    on_disk.sort();
    let listed: Vec<String> = expected
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    assert_eq!(listed, on_disk, "every invalid fixture has its codes here");
    for (name, codes_expected) in expected {
        let found = match diagnostics(&fixture(name), Levels::default()) {
            Ok(warnings) => panic!("{name} should fail:\n{}", text(&warnings)),
            Err(found) => found,
        };
        let expected: BTreeSet<Code> = codes_expected.into_iter().collect();
        assert_eq!(codes(&found), expected, "{name}:\n{}", text(&found));
    }
    match codegen::generate(
        &fixture("error_yaml_syntax.yaml"),
        &options(Levels::default()),
    ) {
        Err(codegen::Error::Load(LoadError::Syntax { .. })) => {}
        other => panic!("error_yaml_syntax.yaml should be a syntax error: {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Lint levels
// ---------------------------------------------------------------------------

/// A valid spec whose one finding is the warning `no-server`.
const ONE_WARNING: &str = "openapi: 3.0.3\ninfo: {title: Codes, version: '1'}\npaths: {}\n";

fn levels(deny_warnings: bool, deny: &[Code], allow: &[Code]) -> Levels {
    Levels::new(deny_warnings, deny.iter().copied(), allow.iter().copied())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_warning_passes_by_default() {
    let warnings = diagnostics(ONE_WARNING.as_bytes(), Levels::default())
        .unwrap_or_else(|found| panic!("should generate:\n{}", text(&found)));
    assert_eq!(codes(&warnings), BTreeSet::from([Code::NoServer]));
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert_eq!(warnings[0].note, None);
}

#[test]
fn deny_warnings_fails_generation_with_the_warning_as_an_error() {
    let found = diagnostics(ONE_WARNING.as_bytes(), levels(true, &[], &[]))
        .map(|w| panic!("should fail, warned:\n{}", text(&w)))
        .unwrap_err();
    assert_eq!(found.len(), 1, "{}", text(&found));
    assert_eq!(found[0].code, Code::NoServer);
    assert_eq!(found[0].severity, Severity::Error);
    // The note names the option; its words are in tests/diagnostic_texts.rs.
    let note = found[0].note.as_deref().unwrap_or_default();
    assert!(note.contains("--deny-warnings"), "{note}");
    let shown = found[0].to_string();
    assert!(
        shown.starts_with("error[no-server]: #/servers: "),
        "{shown}"
    );
    assert!(shown.ends_with(note), "{shown}");
}

#[test]
fn denying_the_code_fails_generation_with_it() {
    let found = diagnostics(
        ONE_WARNING.as_bytes(),
        levels(false, &[Code::NoServer], &[]),
    )
    .map(|w| panic!("should fail, warned:\n{}", text(&w)))
    .unwrap_err();
    assert_eq!(found.len(), 1, "{}", text(&found));
    assert_eq!(found[0].code, Code::NoServer);
    assert_eq!(found[0].severity, Severity::Error);
    let note = found[0].note.as_deref().unwrap_or_default();
    assert!(note.contains("--deny no-server"), "{note}");
    let error = codegen::generate(
        ONE_WARNING.as_bytes(),
        &options(levels(false, &[Code::NoServer], &[])),
    )
    .map(|_| ())
    .unwrap_err()
    .to_string();
    assert!(
        error.starts_with("error[no-server]: #/servers: "),
        "{error}"
    );
    assert!(error.trim_end().ends_with(note), "{error}");
}

#[test]
fn denying_another_code_leaves_the_warning_a_warning() {
    let warnings = diagnostics(
        ONE_WARNING.as_bytes(),
        levels(false, &[Code::UntypedSchema, Code::DanglingReference], &[]),
    )
    .unwrap_or_else(|found| panic!("should generate:\n{}", text(&found)));
    assert_eq!(codes(&warnings), BTreeSet::from([Code::NoServer]));
    assert_eq!(warnings[0].severity, Severity::Warning);
}

#[test]
fn allowing_the_code_passes_silently() {
    for deny_warnings in [false, true] {
        let warnings = diagnostics(
            ONE_WARNING.as_bytes(),
            levels(deny_warnings, &[], &[Code::NoServer]),
        )
        .unwrap_or_else(|found| panic!("should generate:\n{}", text(&found)));
        assert!(
            warnings.is_empty(),
            "deny_warnings {deny_warnings}: {}",
            text(&warnings)
        );
    }
}

/// Levels act on the named codes only: in a spec with six kinds of warning,
/// one denied code fails generation with that one error and the others
/// still warnings, and one allowed code leaves the other five.
#[test]
fn levels_pick_codes_out_of_several_warnings() {
    let spec = fixture("warnings_compositions.yaml");
    let all = BTreeSet::from([
        Code::ConflictingProperty,
        Code::UntypedSchema,
        Code::ShadowingAlternative,
        Code::UnusedExtension,
        Code::DifferingSuccessBodies,
        Code::ContentOnBodilessResponse,
    ]);
    let by_default = diagnostics(&spec, Levels::default())
        .unwrap_or_else(|found| panic!("should generate:\n{}", text(&found)));
    assert_eq!(codes(&by_default), all);

    let denied = diagnostics(&spec, levels(false, &[Code::UntypedSchema], &[]))
        .map(|w| panic!("should fail, warned:\n{}", text(&w)))
        .unwrap_err();
    assert_eq!(codes(&denied), all, "{}", text(&denied));
    for diagnostic in &denied {
        let expected = if diagnostic.code == Code::UntypedSchema {
            Severity::Error
        } else {
            Severity::Warning
        };
        assert_eq!(diagnostic.severity, expected, "{diagnostic}");
    }

    let allowed = diagnostics(&spec, levels(false, &[], &[Code::UntypedSchema]))
        .unwrap_or_else(|found| panic!("should generate:\n{}", text(&found)));
    let mut rest = all.clone();
    rest.remove(&Code::UntypedSchema);
    assert_eq!(codes(&allowed), rest);
    assert_eq!(allowed.len(), by_default.len() - 1);

    let everything_allowed: Vec<Code> = all.iter().copied().collect();
    let none = diagnostics(&spec, levels(true, &[], &everything_allowed))
        .unwrap_or_else(|found| panic!("should generate:\n{}", text(&found)));
    assert!(none.is_empty(), "{}", text(&none));
}

#[test]
fn errors_cannot_be_allowed() {
    assert_eq!(
        Levels::new(false, [], [Code::NoServer, Code::DanglingReference]),
        Err(LevelsError::AllowedError(Code::DanglingReference))
    );
    let message = LevelsError::AllowedError(Code::DanglingReference).to_string();
    assert_eq!(
        message,
        "`dangling-reference` is an error and cannot be allowed; only warnings can"
    );
}

#[test]
fn a_code_cannot_be_both_denied_and_allowed() {
    assert_eq!(
        Levels::new(false, [Code::NoServer], [Code::NoServer]),
        Err(LevelsError::DeniedAndAllowed(Code::NoServer))
    );
}

/// Denying an error code is accepted and changes nothing: the spec fails
/// with the same diagnostics, without a note.
#[test]
fn denying_an_error_changes_nothing() {
    let spec = fixture("error_dangling_ref.yaml");
    let plain = diagnostics(&spec, Levels::default()).unwrap_err();
    let denied = diagnostics(&spec, levels(false, &[Code::DanglingReference], &[])).unwrap_err();
    assert_eq!(plain, denied);
    assert!(denied.iter().all(|d| d.note.is_none()), "{}", text(&denied));
}

#[test]
fn levels_report_what_they_were_given() {
    let given = levels(true, &[Code::NoServer], &[Code::UntypedSchema]);
    assert!(given.deny_warnings());
    assert_eq!(given.denied().collect::<Vec<_>>(), [Code::NoServer]);
    assert_eq!(given.allowed().collect::<Vec<_>>(), [Code::UntypedSchema]);
    assert_eq!(given.severity(Code::UntypedSchema), None);
    assert_eq!(given.severity(Code::NoServer), Some(Severity::Error));
    assert_eq!(
        given.severity(Code::ArrayWithoutItems),
        Some(Severity::Error)
    );
    assert_eq!(
        Levels::default().severity(Code::ArrayWithoutItems),
        Some(Severity::Warning)
    );
    assert_eq!(
        Levels::default().severity(Code::DanglingReference),
        Some(Severity::Error)
    );
}

/// The table of codes in `docs/diagnostics.md` (under "Diagnostic codes")
/// is `Code::ALL`: every code, in order, with its severity and description.
#[test]
fn the_docs_list_every_code_as_it_is() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/diagnostics.md");
    let readme = std::fs::read_to_string(&path).expect("docs/diagnostics.md reads");
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|line| !line.ends_with("Diagnostic codes"))
        .skip_while(|line| !line.starts_with("| code |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .collect();
    let expected: Vec<String> = Code::ALL
        .iter()
        .map(|code| {
            let severity = match code.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!("| `{code}` | {severity} | {} |", code.description())
        })
        .collect();
    assert_eq!(
        table,
        expected,
        "the table of codes in docs/diagnostics.md should read:\n{}",
        expected.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Hints
// ---------------------------------------------------------------------------

/// The node at `pointer` (JSON pointer tokens) of a YAML document.
fn node_at<'v>(value: &'v mut serde_yaml::Value, pointer: &str) -> &'v mut serde_yaml::Value {
    pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .fold(value, |node, token| match node {
            serde_yaml::Value::Sequence(items) => {
                let index: usize = token.parse().expect("an index");
                &mut items[index]
            }
            other => other
                .get_mut(token.as_str())
                .unwrap_or_else(|| panic!("no `{token}`")),
        })
}

/// Following either way of a `no-usable-value` hint removes the warning:
/// a `oneOf` of nulls written as `enum: [null]` is the same unit type, and
/// an empty `enum` given values, or removed, is read as they say.
#[test]
fn following_a_no_usable_value_hint_removes_the_warning() {
    let cases = [
        (
            "{A: {oneOf: [{type: 'null'}, {nullable: true}]}}",
            "{A: {enum: [null]}}",
            "pub struct A;",
        ),
        (
            "{A: {oneOf: [{type: 'null'}, {nullable: true}]}}",
            "{A: {oneOf: [{type: 'null'}, {type: string}]}}",
            "pub enum A",
        ),
        (
            "{A: {type: string, enum: []}}",
            "{A: {type: string, enum: [on, off]}}",
            "pub enum A",
        ),
        (
            "{A: {type: string, enum: []}}",
            "{A: {type: string}}",
            "pub type A = String;",
        ),
    ];
    for (before, after, item) in cases {
        let warned = diagnostics(with_schemas(before).as_bytes(), Levels::default())
            .unwrap_or_else(|found| panic!("{before} generates:\n{}", text(&found)));
        assert_eq!(
            codes(&warned),
            BTreeSet::from([Code::NoUsableValue]),
            "{before}"
        );
        let output = codegen::generate(with_schemas(after).as_bytes(), &options(Levels::default()))
            .unwrap_or_else(|e| panic!("{after} generates:\n{e}"));
        assert!(
            output.warnings.is_empty(),
            "{after}:\n{}",
            text(&output.warnings)
        );
        let types = output
            .files
            .iter()
            .find(|file| file.path.ends_with("types.rs"))
            .map(|file| file.contents.as_str())
            .unwrap_or_default();
        assert!(types.contains(item), "{after} has `{item}`:\n{types}");
    }
}

/// Every hint that tells the user to add something does what it says:
/// applied to its spec (the named extension set at the warning's pointer),
/// the warning is gone and the name is the one chosen.
#[test]
fn following_a_rename_hint_removes_the_warning() {
    let cases: [(&str, String, &str, serde_yaml::Value, &str); 6] = [
        (
            "a flattened enum renamed",
            with_schemas("{A: {type: object, x-one-of-name: Kind, properties: {k: {type: string}}, oneOf: [{title: One, type: object, required: [one], properties: {one: {type: string}}}]}, B: {type: object, x-one-of-name: Kind, properties: {k: {type: string}}, oneOf: [{title: Two, type: object, required: [two], properties: {two: {type: string}}}]}}"),
            "x-one-of-name",
            serde_yaml::Value::from("Shape"),
            "pub enum Shape",
        ),
        (
            "a union variant renamed",
            with_schemas("{When: {oneOf: [{type: string, format: date}, {type: string, format: date, description: a day}]}}"),
            "title",
            serde_yaml::Value::from("Day"),
            "Day(String)",
        ),
        (
            "a schema renamed",
            with_schemas("{agentId: {type: object, properties: {a: {type: string}}}, AgentId: {type: object, properties: {b: {type: string}}}}"),
            "x-rust-name",
            serde_yaml::Value::from("AgentById"),
            "pub struct AgentById",
        ),
        (
            "enum variants renamed",
            with_schemas("{State: {type: string, enum: [in progress, IN_PROGRESS, unknown]}}"),
            "x-enum-varnames",
            serde_yaml::Value::from(vec!["InProgress", "Pending", "NotKnown"]),
            "NotKnown,",
        ),
        (
            "a method renamed",
            with_paths(&format!("  /run:\n    post:\n      operationId: execute\n{NO_CONTENT}")),
            "x-rust-name",
            serde_yaml::Value::from("run_job"),
            "pub fn run_job(",
        ),
        (
            "a flattened field renamed",
            with_schemas("{A: {type: object, x-one-of-name: Kind, properties: {kind: {type: string}}, oneOf: [{title: One, type: object, required: [one], properties: {one: {type: string}}}]}}"),
            "x-one-of-field",
            serde_yaml::Value::from("chosen"),
            "pub chosen: Kind",
        ),
    ];
    for (what, spec, key, value, expected) in cases {
        let warnings = diagnostics(spec.as_bytes(), Levels::default())
            .unwrap_or_else(|found| panic!("{what}: should generate:\n{}", text(&found)));
        let warning = warnings
            .iter()
            .find(|d| d.code == Code::Renamed)
            .unwrap_or_else(|| panic!("{what}: no `renamed` warning:\n{}", text(&warnings)));
        let hint = warning.hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains(&format!("`{key}")) || hint.contains(&format!("{key}:")),
            "{what}: the hint should name `{key}`:\n{warning}"
        );
        // The pointer names the item; the extension goes on the schema or
        // operation that holds it.
        let target = warning.pointer.to_string();
        let target = match key {
            "x-enum-varnames" => target.rsplitn(3, '/').nth(2).expect("an enum").to_owned(),
            "x-rust-name" if target.ends_with("/operationId") => {
                target.trim_end_matches("/operationId").to_owned()
            }
            "x-one-of-field" | "x-one-of-name" => target.trim_end_matches("/oneOf").to_owned(),
            _ => target,
        };
        let mut document: serde_yaml::Value = serde_yaml::from_str(&spec).expect("YAML");
        let node = node_at(&mut document, &target);
        node.as_mapping_mut()
            .expect("a mapping")
            .insert(serde_yaml::Value::from(key), value);
        let fixed = serde_yaml::to_string(&document).expect("YAML");
        let output = codegen::generate(fixed.as_bytes(), &options(Levels::default()))
            .unwrap_or_else(|e| panic!("{what}: the fixed spec should generate:\n{e}"));
        assert!(
            output.warnings.iter().all(|d| d.code != Code::Renamed),
            "{what}: still renamed after following the hint:\n{}",
            text(&output.warnings)
        );
        let code: String = output.files.iter().map(|f| f.contents.as_str()).collect();
        assert!(
            code.contains(expected),
            "{what}: `{expected}` not generated"
        );
    }
}

/// Following the "did you mean" hints of dangling references (each names
/// the component of a close name) leaves only the reference that had none,
/// whose hint names what to define; defining it then generates.
#[test]
fn following_dangling_reference_hints_fixes_the_spec() {
    let spec = String::from_utf8(fixture("error_dangling_uses.yaml")).expect("UTF-8");
    let found = diagnostics(spec.as_bytes(), Levels::default())
        .map(|w| panic!("should fail, warned:\n{}", text(&w)))
        .unwrap_err();
    let hints: Vec<&str> = found
        .iter()
        .filter(|d| d.code == Code::DanglingReference)
        .filter_map(|d| d.hint.as_deref())
        .collect();
    for close in [
        "`#/components/schemas/Note`",
        "`#/components/parameters/noteId`",
    ] {
        assert!(
            hints.iter().any(|hint| hint.contains(close)),
            "no hint names {close}:\n{}",
            text(&found)
        );
    }
    let followed = spec
        .replace("schemas/Noet", "schemas/Note")
        .replace("parameters/noteid", "parameters/noteId");
    let found = diagnostics(followed.as_bytes(), Levels::default())
        .map(|_| panic!("`Author` is still missing"))
        .unwrap_err();
    assert_eq!(codes(&found), BTreeSet::from([Code::DanglingReference]));
    assert_eq!(found.len(), 1, "{}", text(&found));
    let hint = found[0].hint.as_deref().unwrap_or_default();
    assert!(hint.contains("`Author`"), "{}", found[0]);
    let defined =
        format!("{followed}    Author: {{type: object, properties: {{name: {{type: string}}}}}}\n");
    if let Err(found) = diagnostics(defined.as_bytes(), Levels::default()) {
        panic!("the hints followed, the spec generates:\n{}", text(&found));
    }
}

use super::*;
use crate::diagnostics::Code;

/// The line, column and message of the syntax error `bytes` give.
fn syntax(bytes: &[u8]) -> (Option<usize>, Option<usize>, String) {
    match load(bytes) {
        Err(LoadError::Syntax {
            line,
            column,
            message,
        }) => (line, column, message),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn a_duplicate_key_is_located_at_its_second_occurrence() {
    let spec = b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'204': {description: ok}}\n      summary: A\n      summary: B\n";
    let (line, column, message) = syntax(spec);
    assert_eq!((line, column), (Some(8), Some(7)), "{message}");
    assert_eq!(
        message,
        "the key \"summary\" is a duplicate: this mapping has it already at line 7, column 7"
    );
    // At the top level, in flow style, and with the first one quoted.
    let (line, column, message) =
        syntax(b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\n\"paths\": {}\npaths: {}\n");
    assert_eq!((line, column), (Some(4), Some(1)), "{message}");
    assert!(message.ends_with("at line 3, column 1"), "{message}");
    let (line, column, _) =
        syntax(b"openapi: 3.0.3\ninfo: {title: x, version: '1', title: y}\npaths: {}\n");
    assert_eq!((line, column), (Some(2), Some(32)));
    // Keys equal as values: `200` and `0xC8` are the same number.
    let (line, column, message) = syntax(b"openapi: 3.0.3\nx-codes: {200: a, 0xC8: b}\n");
    assert_eq!((line, column), (Some(2), Some(19)), "{message}");
    assert!(
        message.starts_with("the key 200 is a duplicate"),
        "{message}"
    );
}

#[test]
fn invalid_utf8_is_located_at_the_byte() {
    let (line, column, message) =
        syntax(b"openapi: 3.0.3\ninfo: {title: na\xc3\xafve \xff\xfe, version: '1'}\n");
    assert_eq!((line, column), (Some(2), Some(21)), "{message}");
    assert_eq!(
        message,
        "the byte 0xFF is not valid UTF-8; a spec must be UTF-8 text"
    );
    let (line, column, message) = syntax(b"openapi: 3.0.3\r\ntitle: \xe2\x82");
    assert_eq!((line, column), (Some(2), Some(8)), "{message}");
    assert!(
        message.starts_with("the document ends inside a UTF-8 character"),
        "{message}"
    );
}

#[test]
fn a_tab_in_indentation_is_located_at_the_tab() {
    let (line, column, message) = syntax(b"openapi: 3.0.3\ninfo:\n\ttitle: T\n");
    assert_eq!((line, column), (Some(3), Some(1)), "{message}");
    assert!(
        message.starts_with("found character that cannot start any token"),
        "{message}"
    );
    // A tab after a value that could go on: at the tab, naming the value.
    let (line, column, message) = syntax(b"openapi: 3.0.3\ninfo:\n  title: T\n\tversion: '1'\n");
    assert_eq!((line, column), (Some(4), Some(1)), "{message}");
}

#[test]
fn an_unclosed_flow_sequence_is_located_at_its_bracket() {
    let (line, column, message) =
        syntax(b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ntags: [a, b\n");
    assert_eq!((line, column), (Some(4), Some(7)), "{message}");
    assert_eq!(
        message,
        "this flow sequence is never closed: did not find expected ',' or ']' (the document ends at line 5, column 1)"
    );
    // Closed by the wrong bracket: where the parser stopped, and where
    // the sequence started.
    let (line, column, message) = syntax(b"openapi: 3.0.3\ntags: [a,\n  b}\npaths: {}\n");
    assert_eq!((line, column), (Some(3), Some(4)), "{message}");
    assert!(
        message.ends_with("while parsing a flow sequence started at line 2, column 7"),
        "{message}"
    );
}

#[test]
fn json_syntax_errors_are_located() {
    // A missing comma: at the key where the comma should have been.
    let json = b"{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"T\", \"version\": \"1\"}\n  \"paths\": {}\n}\n";
    let (line, column, message) = syntax(json);
    assert_eq!((line, column), (Some(4), Some(3)), "{message}");
    assert_eq!(
        message,
        "did not find expected ',' or '}', while parsing a flow mapping"
    );
    // Cut short inside a string: at the string's opening quote.
    let (line, column, message) = syntax(br#"{"openapi": "3.0.3", "info": {"title": "T", "vers"#);
    assert_eq!((line, column), (Some(1), Some(45)), "{message}");
    assert!(message.contains("never closed"), "{message}");
}

#[test]
fn a_second_document_is_located_at_its_start() {
    let (line, column, message) =
        syntax(b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n---\nmore: 1\n");
    assert_eq!((line, column), (Some(4), Some(1)), "{message}");
    let (line, column, _) = syntax(b"--- # the spec\nopenapi: 3.0.3\n...\n\n# more\nmore: 1\n");
    assert_eq!((line, column), (Some(6), Some(1)));
}

#[test]
fn deep_flow_nesting_is_rejected_before_parsing() {
    let deep = format!("openapi: 3.0.3\nx: {}", "[".repeat(100_000));
    let error = load(deep.as_bytes()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 2, column 516: syntax error: `[` and `{` nest more than 512 levels deep"
    );
    let quoted = format!(
        "openapi: 3.0.3\nx: \"{}\" # {}\n",
        "[".repeat(600),
        "{".repeat(600)
    );
    let error = load(quoted.as_bytes()).unwrap_err();
    assert!(!error.to_string().contains("nest more"), "{error}");
}

#[test]
fn deep_schemas_are_rejected_before_they_are_read() {
    let mut schema = String::from("{type: string}");
    for _ in 0..40 {
        schema = format!("{{allOf: [{schema}]}}");
    }
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: x, version: '1'}}\npaths: {{}}\ncomponents: {{schemas: {{A: {schema}}}}}\n"
    );
    let error = load(spec.as_bytes()).unwrap_err().to_string();
    let pointer = format!("#/components/schemas/A{}", "/allOf/0".repeat(32));
    assert_eq!(
        error,
        format!("error[schema-too-deep]: {pointer}: schemas nest more than 32 levels deep here\n  hint: move inner schemas to #/components/schemas and refer to them with `$ref`")
    );
}

#[test]
fn a_bad_schema_deep_inside_others_is_found_at_once_and_named() {
    let mut schema = String::from("[1]");
    for _ in 0..30 {
        schema = format!("{{oneOf: [{schema}, {{type: integer}}]}}");
    }
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: x, version: '1'}}\npaths: {{}}\ncomponents: {{schemas: {{A: {schema}}}}}\n"
    );
    let started = std::time::Instant::now();
    let error = load(spec.as_bytes()).unwrap_err().to_string();
    assert!(
        started.elapsed().as_secs() < 2,
        "took {:?}",
        started.elapsed()
    );
    let pointer = format!("#/components/schemas/A{}", "/oneOf/0".repeat(30));
    assert!(
        error.starts_with(&format!("error[invalid-document]: {pointer}: not a valid OpenAPI 3.0 document: a schema must be a mapping, found a list")),
        "{error}"
    );
}

#[test]
fn swagger_other_than_2_is_rejected_by_version() {
    let error = load(b"swagger: '1.2'\ninfo: {title: x, version: '1'}\npaths: {}\n").unwrap_err();
    match &error {
        LoadError::Shape(diagnostic) => {
            assert_eq!(diagnostic.code, Code::UnsupportedOpenapiVersion, "{error}");
            assert_eq!(diagnostic.pointer.to_string(), "#/swagger", "{error}");
        }
        other => panic!("expected a shape error, got {other:?}"),
    }
    assert!(error.to_string().contains("Swagger version 1.2"), "{error}");
}

#[test]
fn swagger_2_is_read_as_openapi_3() {
    let loaded =
        load(b"swagger: '2.0'\ninfo: {title: x, version: '1'}\nhost: h.test\npaths: {}\n").unwrap();
    assert_eq!(loaded.servers[0].url, "https://h.test");
    assert!(
        loaded.front_warnings.is_empty(),
        "{:?}",
        loaded.front_warnings
    );
}

#[test]
fn shape_errors_name_the_node() {
    let spec = b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
    let error = load(spec).unwrap_err();
    match &error {
        LoadError::Shape(diagnostic) => {
            assert_eq!(diagnostic.code, Code::InvalidDocument, "{error}");
            assert_eq!(
                diagnostic.pointer.to_string(),
                "#/paths/~1a/get/responses",
                "{error}"
            );
        }
        other => panic!("expected a shape error, got {other:?}"),
    }
}

#[test]
fn a_nullable_reference_is_read_as_all_of_and_its_place_handed_on() {
    let spec = b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n    B:\n      type: object\n      properties:\n        a: {$ref: '#/components/schemas/A', nullable: true}\n        b: {oneOf: [{$ref: '#/components/schemas/A', nullable: true}, {type: integer}]}\n        c: {$ref: '#/components/schemas/A'}\n";
    let loaded = load(spec).unwrap_or_else(|e| panic!("the spec loads: {e}"));
    let places: Vec<String> = loaded
        .nullable_references
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        places,
        [
            "#/components/schemas/B/properties/a",
            "#/components/schemas/B/properties/b/oneOf/0",
        ]
    );
    let schemas = &loaded.components.as_ref().expect("components").schemas;
    let openapiv3::ReferenceOr::Item(b) = &schemas["B"] else {
        panic!("B is a schema");
    };
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &b.schema_kind else {
        panic!("B is an object");
    };
    let openapiv3::ReferenceOr::Item(a) = &object.properties["a"] else {
        panic!("`a` is no longer a bare reference");
    };
    assert!(a.schema_data.nullable);
    assert!(
        matches!(&a.schema_kind, openapiv3::SchemaKind::AllOf { all_of } if all_of.len() == 1),
        "{a:?}"
    );
    assert!(a.schema_data.extensions.is_empty(), "no mark is left");
}

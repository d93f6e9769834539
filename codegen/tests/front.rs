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
/// The operations of `output`: `src/operations.rs` and, where the
/// operations are in groups, each group's `src/operations/{group}.rs`.
fn operations(output: &codegen::Output) -> String {
    let texts: Vec<&str> = output
        .files
        .iter()
        .filter(|f| f.path == "src/operations.rs" || f.path.starts_with("src/operations/"))
        .map(|f| f.contents.as_str())
        .collect();
    assert!(!texts.is_empty(), "no src/operations.rs");
    texts.concat()
}

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
    assert!(file(&output, "README.md").contains("Send a text message \u{1F4AC}"));
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

/// `(operations, types, code pointer of each warning)` of a fixture.
fn summary(name: &str) -> (usize, usize, Vec<String>) {
    let output = generate(&fixture(name));
    (output.operations, output.types, located(&output.warnings))
}

#[test]
fn a_fastapi_service_generates_with_its_nullable_idiom_as_options() {
    let output = generate(&fixture("openapi31_fastapi.yaml"));
    assert_eq!(output.operations, 4);
    // Only the naming rules' own warning: nothing of 3.1 is left unsaid.
    assert_eq!(
        located(&output.warnings),
        ["renamed #/components/schemas/DeletedEvent/properties/kind"]
    );
    let types = file(&output, "src/types.rs");
    // `anyOf: [{$ref: Owner}, {type: "null"}]`, pydantic v2's optional.
    assert!(types.contains("pub owner: Option<Owner>,"), "{types}");
    assert!(
        types.contains("pub description: Option<String>,"),
        "{types}"
    );
    // `type: [number, "null"]`.
    assert!(types.contains("pub price: Option<f64>,"), "{types}");
    // `const` tags of a discriminated union are enums of one value.
    assert!(types.contains("Some(\"created\") =>"), "{types}");
    // `anyOf: [string, integer]` in the validation error model.
    assert!(
        types.contains("pub loc: Vec<ValidationErrorLocItem>,"),
        "{types}"
    );
}

#[test]
fn an_ai_style_api_generates_with_ref_siblings_tuples_and_definitions() {
    assert_eq!(
        summary("openapi31_ai.yaml"),
        (
            3,
            22,
            vec![
                "unmapped-keyword #/components/schemas/Completion/properties/logprobs/items/prefixItems".to_owned(),
                "mutual-tls-scheme #/components/securitySchemes/clientCertificate".to_owned(),
                "untyped-schema #/components/schemas/Embedding/properties/nothing".to_owned(),
            ]
        )
    );
    let output = generate(&fixture("openapi31_ai.yaml"));
    let types = file(&output, "src/types.rs");
    for field in [
        // `$ref` with `readOnly`, `nullable` and `deprecated` beside it.
        "pub id: CompletionId,",
        "pub usage: Option<Usage>,",
        "pub user: Option<UserRef>,",
        // A closed tuple of one type, and one of two.
        "pub span: Option<Vec<i64>>,",
        "pub logprobs: Option<Vec<Vec<CompletionLogprobsItemItem>>>,",
        // `$defs` and an `$anchor`.
        "pub tools: Option<Vec<Tool>>,",
        "pub response_format: Option<ResponseFormat>,",
        // `patternProperties` as a map, `type` lists of several types.
        "pub logit_bias: Option<std::collections::BTreeMap<String, i64>>,",
        "pub code: Option<ErrorResponseErrorCode>,",
        "pub input: CreateEmbeddingBodyInput,",
        // An enum written as a `oneOf` of titled `const`s.
        "pub tier: Option<UsageTier>,",
    ] {
        assert!(types.contains(field), "{field} in\n{types}");
    }
    // The path item by `$ref` is an operation; a binary `contentMediaType`
    // part is a file.
    let operations = operations(&output);
    assert!(
        operations.contains("pub fn create_embedding<"),
        "{operations}"
    );
    assert!(types.contains("pub file: crate::FilePart,"), "{types}");
}

#[test]
fn a_3_2_api_generates_its_query_and_custom_methods() {
    // The JSON Lines response's `itemSchema` is read: no warning.
    assert_eq!(summary("openapi32_search.yaml"), (4, 3, vec![]));
    let output = generate(&fixture("openapi32_search.yaml"));
    let operations = operations(&output);
    // Its items are a typed stream.
    assert!(
        operations.contains("ResponseStream<types::Document>"),
        "{operations}"
    );
    // `in: querystring` with a form schema is an exploded query object.
    assert!(
        operations.contains("pub fn filter(mut self, filter: &'a types::ListDocumentsFilter)"),
        "{operations}"
    );
    // QUERY and the custom method are sent as written, QUERY with its body.
    for wanted in [
        "pub fn search_documents(&self)",
        "pub fn body(mut self, body: &'a types::Search)",
        "method: \"QUERY\",",
        "pub fn purge_documents(&self)",
        "method: \"PURGE\",",
    ] {
        assert!(operations.contains(wanted), "{wanted} in\n{operations}");
    }
}

/// The top of a 3.2 document.
const HEAD_32: &str =
    "openapi: 3.2.0\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://t.test'}]\n";

#[test]
fn methods_beyond_the_fixed_ones_get_names_and_are_located_as_written() {
    // Without an operationId the name comes from the path and the method,
    // the method keeps its case, and a key that is no method is reported
    // where it stands; so is a problem inside a moved operation.
    let spec = format!(
        "{HEAD_32}paths:
  /items/{{id}}:
    parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
    query:
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Gone'}}}}}}
    additionalOperations:
      LINK: {{responses: {{'204': {{description: Linked.}}}}}}
      'NOT A METHOD': {{responses: {{'204': {{description: Never.}}}}}}
"
    );
    assert_eq!(
        lowered(&spec),
        [
            "dangling-reference #/paths/~1items~1{id}/query/responses/200/content/application~1json/schema/$ref",
            "unsupported-method #/paths/~1items~1{id}/additionalOperations/NOT A METHOD",
        ]
    );
    let fixed = spec.replace("{$ref: '#/components/schemas/Gone'}", "{type: string}");
    let output = generate(fixed.as_bytes());
    let operations = operations(&output);
    for wanted in [
        "pub fn items_id_query<'a>(",
        "pub fn items_id_link<'a>(&'a self, id: &'a str)",
        "method: \"LINK\",",
    ] {
        assert!(operations.contains(wanted), "{wanted} in\n{operations}");
    }
}

#[test]
fn item_schemas_are_read_for_responses_and_located_as_written() {
    // A response's `itemSchema` is the streamed items' type: a problem
    // inside it names `itemSchema`, not the extension it travels in; a
    // request body's is reported, since a request body is sent whole.
    let spec = format!(
        "{HEAD_32}paths:
  /lines:
    post:
      requestBody:
        content: {{application/jsonl: {{itemSchema: {{type: string}}}}}}
      responses:
        '200':
          description: ok
          content: {{application/jsonl: {{itemSchema: {{$ref: '#/components/schemas/Gone'}}}}}}
"
    );
    assert_eq!(
        lowered(&spec),
        [
            "unmapped-keyword #/paths/~1lines/post/requestBody/content/application~1jsonl/itemSchema",
            "dangling-reference #/paths/~1lines/post/responses/200/content/application~1jsonl/itemSchema/$ref",
        ]
    );
}

#[test]
fn a_whole_query_string_of_another_media_type_is_reported() {
    // Only a form (`application/x-www-form-urlencoded`) says how an object
    // becomes a query string; JSON in a query string is not guessed at.
    let spec = format!(
        "{HEAD_32}paths:
  /search:
    get:
      parameters:
        - name: q
          in: querystring
          content: {{application/json: {{schema: {{type: object}}}}}}
      responses: {{'204': {{description: Done.}}}}
"
    );
    assert_eq!(
        lowered(&spec),
        ["unsupported-parameter #/paths/~1search/get/parameters/0/content"]
    );
}

#[test]
fn versions_the_front_door_does_not_know_are_refused_by_version() {
    for spec in [
        "openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n",
        "swagger: '1.2'\ninfo: {title: T, version: '1'}\npaths: {}\n",
    ] {
        match codegen::generate(spec.as_bytes(), &options()) {
            Err(codegen::Error::Load(codegen::load::LoadError::Shape(found))) => {
                assert_eq!(
                    found.code,
                    codegen::Code::UnsupportedOpenapiVersion,
                    "{found}"
                );
            }
            other => panic!("{spec}: {:?}", other.map(|o| o.operations)),
        }
    }
}

/// `code pointer` of each diagnostic lowering finds in `spec` (errors
/// included).
fn lowered(spec: &str) -> Vec<String> {
    let loaded = codegen::load::load(spec.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let (_, diagnostics) = codegen::lower::lower(&loaded);
    diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.pointer))
        .collect()
}

/// The top of a 3.1 document.
const HEAD_31: &str =
    "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://t.test'}]\n";

#[test]
fn diagnostics_name_places_in_the_document_as_written() {
    // A `$ref` with siblings (wrapped in `allOf`), a path item by `$ref`,
    // a `$defs` definition (lifted into components), a `type` list (split
    // into `anyOf`) and a null alternative around a `$ref`: each
    // diagnostic names where the user wrote the node, not where the
    // rewrite put it.
    let spec = format!(
        "{HEAD_31}paths:
  /a: {{$ref: '#/components/pathItems/A'}}
components:
  pathItems:
    A:
      get:
        responses:
          '200':
            description: ok
            content: {{application/json: {{schema: {{$ref: '#/components/schemas/Gone'}}}}}}
  schemas:
    B:
      type: object
      properties:
        usage: {{$ref: '#/components/schemas/Missing', description: Usage.}}
        maybe: {{anyOf: [{{$ref: '#/components/schemas/Absent'}}, {{type: 'null'}}]}}
        list: {{type: [array, string], minLength: 1}}
        inner: {{$ref: '#/components/schemas/B/$defs/Inner'}}
      $defs:
        Inner:
          type: object
          properties:
            deep: {{$ref: '#/components/schemas/Nowhere', readOnly: true}}
"
    );
    assert_eq!(
        lowered(&spec),
        [
            "dangling-reference #/components/schemas/B/properties/usage/$ref",
            "dangling-reference #/components/schemas/B/properties/maybe/anyOf/0/$ref",
            "array-without-items #/components/schemas/B/properties/list",
            "dangling-reference #/components/schemas/B/$defs/Inner/properties/deep/$ref",
            "dangling-reference #/components/pathItems/A/get/responses/200/content/application~1json/schema/$ref",
        ]
    );
}

#[test]
fn text_beside_a_reference_to_a_parameter_or_response_is_reported_where_it_stands() {
    let spec = format!(
        "{HEAD_31}paths:
  /a:
    get:
      parameters: [{{$ref: '#/components/parameters/Limit', description: How many.}}]
      responses:
        '200': {{$ref: '#/components/responses/Ok', summary: Fine, description: All went well.}}
components:
  parameters:
    Limit: {{name: limit, in: query, schema: {{type: integer}}}}
  responses:
    Ok: {{description: ok}}
"
    );
    assert_eq!(
        located(&generate(spec.as_bytes()).warnings),
        [
            "unmapped-keyword #/paths/~1a/get/parameters/0/description",
            "unmapped-keyword #/paths/~1a/get/responses/200/summary",
            "unmapped-keyword #/paths/~1a/get/responses/200/description",
        ]
    );
}

#[test]
fn a_schema_of_null_alone_is_reported_as_such() {
    let spec = format!(
        "{HEAD_31}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        never: {{type: 'null'}}\n        anything: {{}}\n"
    );
    let output = generate(spec.as_bytes());
    let texts: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts[0].starts_with(
            "warning[untyped-schema]: #/components/schemas/A/properties/never: schema accepts only `null`"
        ),
        "{texts:?}"
    );
    // A schema without a type that is no null-only one keeps its message.
    assert!(
        texts[1].starts_with(
            "warning[untyped-schema]: #/components/schemas/A/properties/anything: schema has no `type`"
        ),
        "{texts:?}"
    );
}

#[test]
fn a_swagger_2_api_generates_with_forms_files_and_oauth_2() {
    // The token form's `collectionFormat: ssv` list becomes the body's
    // `encoding` (`spaceDelimited`), which the client follows: no warning.
    assert_eq!(
        summary("swagger20_photos.yaml"),
        (7, 9, Vec::<String>::new())
    );
    let output = generate(&fixture("swagger20_photos.yaml"));
    let spec = file(&output, "src/spec.rs");
    // `host`, `basePath` and `schemes`.
    assert!(
        spec.contains("DEFAULT_BASE_URL: &str = \"https://photos.example.test/v2\""),
        "{spec}"
    );
    // OAuth 2 (`accessCode`), basic and an API key.
    assert!(spec.contains("authorization code flow"), "{spec}");
    assert!(spec.contains("pub fn basic("), "{spec}");
    assert!(spec.contains("in the header `x-api-key`"), "{spec}");
    let types = file(&output, "src/types.rs");
    for field in [
        // `type: file` in a multipart form.
        "pub file: crate::FilePart,",
        // `x-nullable`, on a property and beside an `allOf`.
        "pub caption: Option<String>,",
        "pub cover: Option<Photo>,",
        // A urlencoded form's list.
        "pub scope: Option<Vec<String>>,",
    ] {
        assert!(types.contains(field), "{field}\n{types}");
    }
    let operations = operations(&output);
    for expected in [
        // The shared body parameter, written into the operation.
        "body: &'a types::NewAlbum",
        // csv (the default), pipes and ssv; multi is the 3.0 default.
        "Written in the `form` style, not exploded (a list as `a,b`).",
        "crate::request::Style::PipeDelimited",
        "crate::request::Style::SpaceDelimited",
        // A `type: file` response is bytes.
        "Result<bytes::Bytes, Error>",
    ] {
        assert!(operations.contains(expected), "{expected}\n{operations}");
    }
}

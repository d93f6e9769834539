//! One test per kind of difference, on a small inline spec: the upstream
//! document is [`BASE`], ours is a copy changed in one place, and the report
//! must hold exactly the expected lines.

use serde_json::{json, Value};

use crate::{compare, compare_with, render, Document, Excuses, Kind, Options, Report};

const BASE: &str = r#"
openapi: 3.0.3
info: {title: Notes, version: '1'}
servers: [{url: 'https://api.example.com/v3'}]
security: [{api-key: []}, {partner-key: []}]
paths:
  /notes/{id}:
    get:
      tags: [Notes]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, format: int64}}
      responses:
        '200':
          description: the note
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Note'}
        '404':
          description: no such note
    put:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [text]
              properties:
                text: {type: string}
                kind: {type: string, enum: [plain, rich]}
      responses:
        '204': {description: done}
components:
  securitySchemes:
    api-key: {type: apiKey, in: header, name: api-key}
    partner-key: {type: apiKey, in: header, name: partner-key}
  schemas:
    Note:
      type: object
      required: [id]
      properties:
        id: {type: string}
        size: {type: integer, format: int64, minimum: 0}
        parent: {$ref: '#/components/schemas/Note'}
        file:
          type: object
          properties:
            name: {type: string}
            link: {type: string}
"#;

fn base() -> Value {
    Document::from_yaml("base.yaml", BASE)
        .expect("the base spec is valid YAML")
        .root()
        .clone()
}

/// The report for ours = the base changed by `change`, upstream = the base.
fn drift(change: impl FnOnce(&mut Value)) -> Report {
    let upstream = Document::from_value("upstream", base());
    let mut ours = upstream.clone();
    change(ours.root_mut());
    compare(&ours, &upstream)
}

/// An excuse list like the repository's, in small.
const EXCUSES: &str = "excuses:
  - id: operation-ids
    kind: operation_id_added
    ours: ['#/paths/*/*/operationId']
    upstream: '#/**'
    reason: upstream has no operationIds
  - id: titles
    kind: title_added
    ours: ['#/**/title']
    upstream: '#/**'
    reason: a title names the generated type
  - id: x-heartbeat
    kind: extension_added
    ours: ['#/paths/~1notes~1{id}/get/x-heartbeat']
    upstream: '#/**'
    reason: the client pings
  - id: openapi-3.0.3
    kind: openapi_version_changed
    ours: '#/openapi'
    upstream: '#/openapi'
    reason: patch revisions of the same format
";

/// [`drift`] with [`EXCUSES`].
fn drift_excused(change: impl FnOnce(&mut Value)) -> Report {
    let upstream = Document::from_value("upstream", base());
    let mut ours = upstream.clone();
    change(ours.root_mut());
    let options = Options {
        excuses: Excuses::parse("excuses.yaml", EXCUSES).expect("a valid list"),
        ..Options::default()
    };
    compare_with(&ours, &upstream, &options)
}

fn at<'v>(root: &'v mut Value, pointer: &str) -> &'v mut Value {
    root.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} is in the base spec"))
}

/// Sets the member at `pointer`, which may be new, of an existing object.
fn set(root: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer with a parent");
    let key = key.replace("~1", "/").replace("~0", "~");
    match at(root, parent) {
        Value::Object(map) => {
            map.insert(key, value);
        }
        _ => panic!("{parent} is not an object"),
    }
}

fn remove(root: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer with a parent");
    let parent = at(root, parent);
    match parent {
        Value::Object(map) => {
            let key = key.replace("~1", "/").replace("~0", "~");
            assert!(map.remove(&key).is_some(), "{pointer} was there");
        }
        Value::Array(items) => {
            let index: usize = key.parse().expect("an index");
            items.remove(index);
        }
        _ => panic!("{pointer}: parent is neither object nor array"),
    }
}

fn lines(report: &Report) -> Vec<String> {
    report.differences.iter().map(ToString::to_string).collect()
}

#[test]
fn identical_documents_have_no_drift() {
    let report = drift(|_| {});
    assert_eq!(lines(&report), Vec::<String>::new());
    assert!(report.is_clean());
    assert!(report.intentional.is_empty());
    assert_eq!(
        render(&report).lines().last(),
        Some("drift: 0 differences, 0 intentional")
    );
}

#[test]
fn a_removed_field_is_named_with_both_pointers() {
    let report = drift(|v| {
        remove(
            v,
            "/components/schemas/Note/properties/file/properties/name",
        )
    });
    assert_eq!(
        lines(&report),
        ["#/components/schemas/Note/properties/file/properties (ours) vs \
          #/components/schemas/Note/properties/file/properties/name (upstream): field `name` missing in ours"]
    );
    assert_eq!(report.differences[0].kind, Kind::FieldMissing);
}

#[test]
fn a_field_only_in_ours_is_reported_too() {
    let report = drift(|v| {
        set(
            v,
            "/components/schemas/Note/properties/file/properties/size",
            json!({"type": "integer"}),
        );
    });
    assert_eq!(
        lines(&report),
        ["#/components/schemas/Note/properties/file/properties/size (ours) vs \
          #/components/schemas/Note/properties/file/properties (upstream): field `size` missing upstream"]
    );
}

#[test]
fn a_changed_type_is_reported_where_it_is_stated() {
    let report =
        drift(|v| *at(v, "/components/schemas/Note/properties/size/type") = json!("string"));
    assert_eq!(
        lines(&report),
        ["#/components/schemas/Note/properties/size/type (ours) vs \
          #/components/schemas/Note/properties/size/type (upstream): type `string` in ours, `integer` upstream"]
    );
    assert_eq!(report.differences[0].kind, Kind::TypeChanged);
}

#[test]
fn format_nullable_and_bounds_are_facts() {
    let report = drift(|v| {
        let size = at(v, "/components/schemas/Note/properties/size");
        size["format"] = json!("int32");
        size["nullable"] = json!(true);
        size["minimum"] = json!(1);
    });
    let p = "#/components/schemas/Note/properties/size";
    assert_eq!(
        lines(&report),
        [
            format!("{p}/format (ours) vs {p}/format (upstream): format `int32` in ours, `int64` upstream"),
            format!("{p}/minimum (ours) vs {p}/minimum (upstream): `minimum` is 1 in ours, 0 upstream"),
            format!("{p}/nullable (ours) vs {p} (upstream): nullable in ours, not upstream"),
        ]
    );
}

#[test]
fn a_missing_enum_value_points_at_the_value() {
    let body = "/paths/~1notes~1{id}/put/requestBody/content/application~1json/schema";
    let report = drift(|v| remove(v, &format!("{body}/properties/kind/enum/1")));
    assert_eq!(
        lines(&report),
        [format!(
            "#{body}/properties/kind/enum (ours) vs #{body}/properties/kind/enum/1 (upstream): enum value `rich` missing in ours"
        )]
    );
    assert_eq!(report.differences[0].kind, Kind::EnumValueMissing);
    let report = drift(|v| remove(v, &format!("{body}/properties/kind/enum")));
    assert_eq!(
        lines(&report),
        [format!(
            "#{body}/properties/kind (ours) vs #{body}/properties/kind/enum (upstream): upstream allows only 2 enum values, ours any value"
        )]
    );
}

#[test]
fn a_missing_operation_and_a_missing_path() {
    let report = drift(|v| remove(v, "/paths/~1notes~1{id}/put"));
    assert_eq!(
        lines(&report),
        ["#/paths/~1notes~1{id} (ours) vs #/paths/~1notes~1{id}/put (upstream): operation `PUT /notes/{id}` missing in ours"]
    );
    assert_eq!(report.differences[0].kind, Kind::OperationMissing);
    let report = drift(|v| {
        let paths = at(v, "/paths").as_object_mut().expect("paths");
        let item = paths.remove("/notes/{id}").expect("the path");
        paths.insert("/notes/{noteId}".to_owned(), item);
    });
    assert_eq!(
        lines(&report),
        [
            "#/paths (ours) vs #/paths/~1notes~1{id} (upstream): path `/notes/{id}` missing in ours",
            "#/paths/~1notes~1{noteId} (ours) vs #/paths (upstream): path `/notes/{noteId}` missing upstream",
        ]
    );
}

#[test]
fn a_changed_status_code_is_one_missing_and_one_extra() {
    let report = drift(|v| {
        let responses = at(v, "/paths/~1notes~1{id}/get/responses")
            .as_object_mut()
            .expect("responses");
        let not_found = responses.remove("404").expect("404");
        responses.insert("410".to_owned(), not_found);
    });
    let r = "#/paths/~1notes~1{id}/get/responses";
    assert_eq!(
        lines(&report),
        [
            format!("{r} (ours) vs {r}/404 (upstream): status `404` missing in ours"),
            format!("{r}/410 (ours) vs {r} (upstream): status `410` missing upstream"),
        ]
    );
    assert_eq!(report.differences[0].kind, Kind::StatusMissing);
    assert_eq!(report.differences[1].kind, Kind::StatusExtra);
}

#[test]
fn changed_required_lists() {
    let body = "/paths/~1notes~1{id}/put/requestBody/content/application~1json/schema";
    let report = drift(|v| {
        *at(v, "/components/schemas/Note/required") = json!([]);
        *at(v, &format!("{body}/required")) = json!(["text", "kind"]);
    });
    assert_eq!(
        lines(&report),
        [
            "#/components/schemas/Note/required (ours) vs #/components/schemas/Note/required (upstream): \
             `id` is required upstream, not in ours"
                .to_owned(),
            format!("#{body}/required (ours) vs #{body}/required (upstream): `kind` is required in ours, not upstream"),
        ]
    );
    assert_eq!(report.differences[0].kind, Kind::RequiredMissing);
    assert_eq!(report.differences[1].kind, Kind::RequiredExtra);
}

#[test]
fn a_missing_parameter_and_a_changed_one() {
    let report = drift(|v| remove(v, "/paths/~1notes~1{id}/get/parameters/1"));
    assert_eq!(
        lines(&report),
        ["#/paths/~1notes~1{id}/get/parameters (ours) vs #/paths/~1notes~1{id}/get/parameters/1 (upstream): \
          parameter `limit` (in query) of `GET /notes/{id}` missing in ours"]
    );
    assert_eq!(report.differences[0].kind, Kind::ParameterMissing);
    let report = drift(|v| {
        set(
            v,
            "/paths/~1notes~1{id}/get/parameters/1/required",
            json!(true),
        );
        *at(v, "/paths/~1notes~1{id}/get/parameters/1/schema/format") = json!("int32");
    });
    let p = "#/paths/~1notes~1{id}/get/parameters/1";
    assert_eq!(
        lines(&report),
        [
            format!("{p}/required (ours) vs {p} (upstream): parameter `limit` (in query) is required in ours, optional upstream"),
            format!("{p}/schema/format (ours) vs {p}/schema/format (upstream): format `int32` in ours, `int64` upstream"),
        ]
    );
}

#[test]
fn path_level_parameters_count_for_every_operation() {
    // Ours moves `id` up to the path item: the same fact, no difference.
    let report = drift(|v| {
        let item = at(v, "/paths/~1notes~1{id}");
        item["parameters"] =
            json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]);
        remove(item, "/get/parameters/0");
        remove(item, "/put/parameters");
    });
    assert_eq!(lines(&report), Vec::<String>::new());
}

#[test]
fn security_schemes_and_requirements() {
    let report = drift(|v| {
        *at(v, "/components/securitySchemes/api-key/in") = json!("query");
        remove(v, "/components/securitySchemes/partner-key");
        remove(v, "/security/1");
    });
    assert_eq!(
        lines(&report),
        [
            "#/components/securitySchemes (ours) vs #/components/securitySchemes/partner-key (upstream): \
             security scheme `partner-key` missing in ours",
            "#/components/securitySchemes/api-key/in (ours) vs #/components/securitySchemes/api-key/in (upstream): \
             security scheme `api-key`: `in` is \"query\" in ours, \"header\" upstream",
            "#/security (ours) vs #/security (upstream): security is api-key in ours, api-key | partner-key upstream",
        ]
    );
    let kinds: Vec<Kind> = report.differences.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            Kind::SecuritySchemeMissing,
            Kind::SecuritySchemeChanged,
            Kind::SecurityChanged
        ]
    );
}

#[test]
fn request_bodies_and_media_types() {
    let put = "/paths/~1notes~1{id}/put";
    let report = drift(|v| *at(v, &format!("{put}/requestBody/required")) = json!(false));
    assert_eq!(
        lines(&report),
        [format!(
            "#{put}/requestBody/required (ours) vs #{put}/requestBody/required (upstream): request body is optional in ours, required upstream"
        )]
    );
    let report = drift(|v| {
        let content = at(v, &format!("{put}/requestBody/content"))
            .as_object_mut()
            .expect("content");
        let json = content.remove("application/json").expect("json");
        content.insert("application/x-www-form-urlencoded".to_owned(), json);
    });
    assert_eq!(
        lines(&report),
        [
            format!(
                "#{put}/requestBody/content (ours) vs #{put}/requestBody/content/application~1json (upstream): media type `application/json` missing in ours"
            ),
            format!(
                "#{put}/requestBody/content/application~1x-www-form-urlencoded (ours) vs #{put}/requestBody/content (upstream): media type `application/x-www-form-urlencoded` missing upstream"
            ),
        ]
    );
    let report = drift(|v| remove(v, &format!("{put}/requestBody")));
    assert_eq!(
        lines(&report),
        [format!(
            "#{put} (ours) vs #{put}/requestBody (upstream): request body missing in ours"
        )]
    );
}

#[test]
fn references_and_inline_schemas_are_the_same_fact() {
    // Ours moves the body into a component and the file into an `allOf`.
    let report = drift(|v| {
        let body_at = "/paths/~1notes~1{id}/put/requestBody/content/application~1json/schema";
        let body = at(v, body_at).take();
        *at(v, body_at) = json!({"$ref": "#/components/schemas/NoteText"});
        at(v, "/components/schemas")["NoteText"] = body;
        let file = at(v, "/components/schemas/Note/properties/file").take();
        at(v, "/components/schemas")["File"] = file;
        *at(v, "/components/schemas/Note/properties/file") =
            json!({"description": "the file", "allOf": [{"$ref": "#/components/schemas/File"}]});
    });
    assert_eq!(lines(&report), Vec::<String>::new());
    // After a `$ref`, pointers name the node it leads to.
    let report = drift(|v| {
        let body_at = "/paths/~1notes~1{id}/put/requestBody/content/application~1json/schema";
        let mut body = at(v, body_at).take();
        remove(&mut body, "/properties/kind");
        *at(v, body_at) = json!({"$ref": "#/components/schemas/NoteText"});
        at(v, "/components/schemas")["NoteText"] = body;
    });
    assert_eq!(
        lines(&report),
        ["#/components/schemas/NoteText/properties (ours) vs \
          #/paths/~1notes~1{id}/put/requestBody/content/application~1json/schema/properties/kind (upstream): \
          field `kind` missing in ours"]
    );
}

#[test]
fn a_one_of_of_objects_is_compared_as_their_union() {
    let body = "/paths/~1notes~1{id}/put/requestBody/content/application~1json/schema";
    let report = drift(|v| {
        let schema = at(v, body);
        remove(schema, "/properties/kind");
        schema["oneOf"] = json!([
            {"title": "Plain", "type": "object", "properties": {}},
            {"title": "Typed", "type": "object", "required": ["kind"],
             "properties": {"kind": {"type": "string", "enum": ["plain", "rich"]}}},
        ]);
    });
    assert_eq!(
        lines(&report),
        [format!(
            "#{body}/oneOf (ours) vs #{body} (upstream): ours describes the value as `oneOf` of 2 alternatives, upstream as one schema"
        )]
    );
    assert_eq!(report.differences[0].kind, Kind::CompositionAdded);
    // A field of an alternative is compared where the alternative states it.
    let report = drift(|v| {
        let schema = at(v, body);
        remove(schema, "/properties/kind");
        schema["oneOf"] = json!([{"type": "object", "properties": {"kind": {"type": "integer"}}}]);
    });
    assert!(report.has_line(&format!(
        "#{body}/oneOf/0/properties/kind/type (ours) vs #{body}/properties/kind/type (upstream): type `integer` in ours, `string` upstream"
    )));
    // A property that two alternatives define is compared in both.
    let report = drift(|v| {
        let schema = at(v, body);
        remove(schema, "/properties/kind");
        schema["oneOf"] = json!([
            {"type": "object", "properties": {"kind": {"type": "string", "enum": ["plain", "rich"]}}},
            {"type": "object", "properties": {"kind": {"type": "string", "enum": ["plain"]}}},
        ]);
    });
    assert!(
        report.has_line(&format!(
            "#{body}/oneOf/1/properties/kind/enum (ours) vs #{body}/properties/kind/enum/1 (upstream): enum value `rich` missing in ours"
        )),
        "{}",
        render(&report)
    );
}

#[test]
fn a_recursive_schema_ends() {
    // `Note.parent` is a `Note`: compared once, and a change in it is seen.
    let report =
        drift(|v| *at(v, "/components/schemas/Note/properties/id/type") = json!("integer"));
    assert_eq!(
        lines(&report),
        ["#/components/schemas/Note/properties/id/type (ours) vs #/components/schemas/Note/properties/id/type (upstream): \
          type `integer` in ours, `string` upstream"]
    );
}

#[test]
fn broken_references_and_unknown_keywords_are_reported() {
    let report = drift(|v| {
        *at(v, "/components/schemas/Note/properties/parent/$ref") =
            json!("#/components/schemas/Gone");
        at(v, "/components/schemas/Note")["discriminatorX"] = json!({});
    });
    assert_eq!(
        lines(&report),
        [
            "#/components/schemas/Note/discriminatorX (ours) vs #/components/schemas/Note (upstream): ours uses the keyword \
             `discriminatorX`, which the drift guard neither compares nor lists in NOT_COMPARED",
            "#/components/schemas/Note/properties/parent/$ref (ours) vs #/components/schemas/Note/properties/parent (upstream): \
             `$ref` `#/components/schemas/Gone` names nothing in the document",
        ]
    );
    let kinds: Vec<Kind> = report.differences.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [Kind::UnknownKeyword, Kind::UnresolvedRef]);
}

#[test]
fn prose_and_examples_are_not_compared() {
    let report = drift(|v| {
        at(v, "/info")["description"] = json!("ours");
        at(v, "/info")["title"] = json!("Our notes");
        at(v, "/paths/~1notes~1{id}/get")["summary"] = json!("Fetch a note");
        at(v, "/components/schemas/Note/properties/size")["example"] = json!(3);
        *at(v, "/paths/~1notes~1{id}/get/responses/404/description") = json!("gone");
        at(v, "")["tags"] = json!([{"name": "Notes", "description": "our words"}]);
    });
    assert_eq!(lines(&report), Vec::<String>::new());
}

#[test]
fn intentional_differences_are_counted_not_reported() {
    let report = drift_excused(|v| {
        at(v, "/paths/~1notes~1{id}/get")["operationId"] = json!("notesIdGet");
        at(v, "/components/schemas/Note/properties/file")["title"] = json!("NoteFile");
    });
    assert_eq!(lines(&report), Vec::<String>::new());
    let ids: Vec<&str> = report
        .intentional
        .iter()
        .map(|e| e.entry.id.as_str())
        .collect();
    assert_eq!(ids, ["titles", "operation-ids"]);
    assert_eq!(
        report.intentional[1].difference.to_string(),
        "#/paths/~1notes~1{id}/get/operationId (ours) vs #/paths/~1notes~1{id}/get (upstream): operationId `notesIdGet` missing upstream"
    );
    assert_eq!(render(&report), "drift: 0 differences, 2 intentional\n");
    let unused: Vec<&str> = report.unused.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(unused, ["x-heartbeat", "openapi-3.0.3"]);
    let review = crate::render_with_intentional(&report);
    assert!(review.contains(
        "\nintentional: #/paths/~1notes~1{id}/get/operationId (ours) vs #/paths/~1notes~1{id}/get (upstream): \
         operationId `notesIdGet` missing upstream [operation-ids: "
    ), "{review}");
    assert!(
        review.contains("\nunused intentional entry: x-heartbeat\n"),
        "{review}"
    );
    // The same kind of difference elsewhere, or another kind, is reported.
    let report = drift_excused(|v| {
        *at(v, "/paths/~1notes~1{id}/get/parameters/0/schema") = json!({});
    });
    assert_eq!(report.differences.len(), 1);
    assert_eq!(report.differences[0].kind, Kind::TypeMissing);
}

#[test]
fn without_an_excuse_list_nothing_is_excused() {
    let report = drift(|v| {
        at(v, "/paths/~1notes~1{id}/get")["operationId"] = json!("notesIdGet");
    });
    assert_eq!(
        lines(&report),
        ["#/paths/~1notes~1{id}/get/operationId (ours) vs #/paths/~1notes~1{id}/get (upstream): operationId `notesIdGet` missing upstream"]
    );
    assert!(report.intentional.is_empty() && report.unused.is_empty());
}

#[test]
fn extensions_are_compared() {
    let report = drift(|v| at(v, "/paths/~1notes~1{id}/get")["x-custom"] = json!(1));
    assert_eq!(
        lines(&report),
        ["#/paths/~1notes~1{id}/get/x-custom (ours) vs #/paths/~1notes~1{id}/get (upstream): extension `x-custom` missing upstream"]
    );
    assert_eq!(report.differences[0].kind, Kind::ExtensionAdded);
}

#[test]
fn servers_tags_and_versions() {
    let report = drift_excused(|v| {
        *at(v, "/servers/0/url") = json!("https://api.example.com/v4");
        *at(v, "/paths/~1notes~1{id}/get/tags") = json!(["Notes", "Extra"]);
        *at(v, "/info/version") = json!("2");
        *at(v, "/openapi") = json!("3.0.1");
    });
    assert_eq!(
        lines(&report),
        [
            "#/info/version (ours) vs #/info/version (upstream): `version` is \"2\" in ours, \"1\" upstream",
            "#/paths/~1notes~1{id}/get/tags (ours) vs #/paths/~1notes~1{id}/get/tags (upstream): \
             `GET /notes/{id}` has tags [Extra, Notes] in ours, [Notes] upstream",
            "#/servers (ours) vs #/servers (upstream): servers are [https://api.example.com/v4] in ours, \
             [https://api.example.com/v3] upstream",
        ]
    );
    // `openapi` 3.0.3 -> 3.0.1 is the one intentional entry for it.
    assert_eq!(report.intentional.len(), 1);
    assert_eq!(report.intentional[0].entry.id, "openapi-3.0.3");
}

#[test]
fn options_limit_the_paths() {
    let upstream = Document::from_value("upstream", base());
    let mut ours = upstream.clone();
    remove(ours.root_mut(), "/paths/~1notes~1{id}");
    let options = Options {
        path_prefixes: vec!["/conversations/".to_owned()],
        ..Options::default()
    };
    assert!(compare_with(&ours, &upstream, &options).is_clean());
    assert!(!compare(&ours, &upstream).is_clean());
}

#[test]
fn response_headers_are_compared_by_name() {
    let report = drift(|v| {
        at(v, "/paths/~1notes~1{id}/get/responses/200")["headers"] =
            json!({"X-Rate": {"schema": {"type": "integer"}}});
    });
    assert_eq!(
        lines(&report),
        ["#/paths/~1notes~1{id}/get/responses/200/headers/X-Rate (ours) vs #/paths/~1notes~1{id}/get/responses/200/headers (upstream): \
          response header `x-rate` missing upstream"]
    );
}

#[test]
fn the_report_is_deterministic() {
    let change = |v: &mut Value| {
        remove(
            v,
            "/components/schemas/Note/properties/file/properties/name",
        );
        remove(v, "/paths/~1notes~1{id}/put");
        *at(v, "/components/schemas/Note/properties/size/type") = json!("string");
    };
    let first = render(&drift(change));
    for _ in 0..5 {
        assert_eq!(render(&drift(change)), first);
    }
    assert_eq!(first.lines().count(), 4);
    assert_eq!(
        first.lines().last(),
        Some("drift: 3 differences, 0 intentional")
    );
}

/// Forty schemas, each naming the next twice under `keyword` and the last
/// naming the first, with the upstream copy's `S0.a` an integer.
fn branching(keyword: &str) -> (Document, Document) {
    let mut schemas = serde_json::Map::new();
    for level in 0..40 {
        let next = format!("#/components/schemas/S{}", (level + 1) % 40);
        schemas.insert(
            format!("S{level}"),
            json!({"type": "object", keyword: [{"$ref": next}, {"$ref": next}], "properties": {"a": {"type": "string"}}}),
        );
    }
    let document = json!({
        "openapi": "3.0.3",
        "paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}},
        "components": {"schemas": schemas},
    });
    let ours = Document::from_value("ours", document.clone());
    let mut upstream = document;
    *at(&mut upstream, "/components/schemas/S0/properties/a/type") = json!("integer");
    (ours, Document::from_value("upstream", upstream))
}

const S0_A: &str = "#/components/schemas/S0/properties/a/type (ours) vs #/components/schemas/S0/properties/a/type (upstream): \
                    type `string` in ours, `integer` upstream";

#[test]
fn all_of_parts_that_repeat_or_cycle_are_merged_once() {
    // Naively, A allOf [B, B], B allOf [C, C], ... is 2^40 merges.
    let (ours, upstream) = branching("allOf");
    let started = std::time::Instant::now();
    let report = compare(&ours, &upstream);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(lines(&report), [S0_A]);
}

#[test]
fn alternatives_that_branch_and_repeat_end_in_bounded_time() {
    let (ours, upstream) = branching("oneOf");
    let started = std::time::Instant::now();
    let report = compare(&ours, &upstream);
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    assert!(report.has_line(S0_A), "{}", render(&report));
    assert!(
        report.differences.iter().any(|d| d.kind == Kind::TooDeep),
        "{}",
        render(&report)
    );
}

/// [`BASE`] written as OpenAPI 3.1: `type` lists with `"null"`, the
/// `anyOf`-null idiom around a `$ref`, `const`, `examples`, the nullable
/// `limit` and `parent` of the 3.0 side spelt the 3.1 way.
const BASE_31: &str = r#"
openapi: 3.1.0
info: {title: Notes, version: '1'}
servers: [{url: 'https://api.example.com/v3'}]
security: [{api-key: []}, {partner-key: []}]
paths:
  /notes/{id}:
    get:
      tags: [Notes]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, examples: [n1]}}
        - {name: limit, in: query, schema: {type: [integer, "null"], format: int64}}
      responses:
        '200':
          description: the note
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Note'}
        '404':
          description: no such note
    put:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [text]
              properties:
                text: {type: string}
                kind: {type: string, enum: [plain, rich]}
      responses:
        '204': {description: done}
components:
  securitySchemes:
    api-key: {type: apiKey, in: header, name: api-key}
    partner-key: {type: apiKey, in: header, name: partner-key}
  schemas:
    Note:
      type: object
      required: [id]
      properties:
        id: {type: string}
        size: {type: integer, format: int64, minimum: 0}
        parent:
          anyOf: [{$ref: '#/components/schemas/Note'}, {type: "null"}]
        file:
          type: object
          properties:
            name: {type: string}
            link: {type: string}
"#;

/// [`BASE`] with `limit` and `parent` nullable, as 3.0 says it.
fn base_nullable() -> Value {
    let mut root = base();
    set(
        &mut root,
        "/paths/~1notes~1{id}/get/parameters/1/schema/nullable",
        json!(true),
    );
    set(
        &mut root,
        "/components/schemas/Note/properties/parent",
        json!({"allOf": [{"$ref": "#/components/schemas/Note"}], "nullable": true}),
    );
    root
}

#[test]
fn a_3_1_document_is_compared_as_the_3_0_it_says() {
    let ours = Document::from_value("ours", base_nullable());
    for upstream in [
        Document::from_yaml("upstream.yaml", BASE_31).expect("valid YAML"),
        Document::from_json(
            "upstream.json",
            &serde_json::to_string(&serde_yaml::from_str::<Value>(BASE_31).expect("valid YAML"))
                .expect("JSON"),
        )
        .expect("valid JSON"),
    ] {
        let report = compare(&ours, &upstream);
        // Only the version differs.
        assert_eq!(
            render(&report),
            "#/openapi (ours) vs #/openapi (upstream): `openapi` is \"3.0.3\" in ours, \"3.1.0\" upstream\ndrift: 1 difference, 0 intentional\n",
            "{}",
            upstream.name()
        );
    }
}

#[test]
fn a_difference_in_a_3_1_document_names_its_place_as_written() {
    // Upstream's `limit` is an int32 in a `type` list: the front door
    // splits nothing for a list of one type and `"null"`, but the place
    // reported is the one in upstream's file.
    let ours = Document::from_value("ours", base_nullable());
    let changed = BASE_31.replace(
        "{type: [integer, \"null\"], format: int64}",
        "{type: [integer, \"null\"], format: int32}",
    );
    let upstream = Document::from_yaml("upstream.yaml", &changed).expect("valid YAML");
    let report = compare(&ours, &upstream);
    let places: Vec<String> = report
        .differences
        .iter()
        .map(|d| format!("{} {}", d.ours, d.upstream))
        .collect();
    assert!(
        places.contains(
            &"#/paths/~1notes~1{id}/get/parameters/1/schema/format #/paths/~1notes~1{id}/get/parameters/1/schema/format"
                .to_owned()
        ),
        "{}",
        render(&report)
    );
}

/// [`BASE`] written as Swagger 2.0: the server as `host`, `basePath` and
/// `schemes`, parameters with their type on them, the body as an `in:
/// body` parameter, `definitions` and `securityDefinitions`.
const BASE_20: &str = r##"
swagger: '2.0'
info: {title: Notes, version: '1'}
host: api.example.com
basePath: /v3
schemes: [https]
produces: [application/json]
security: [{api-key: []}, {partner-key: []}]
paths:
  /notes/{id}:
    get:
      tags: [Notes]
      parameters:
        - {name: id, in: path, required: true, type: string}
        - {name: limit, in: query, type: integer, format: int64}
      responses:
        '200':
          description: the note
          schema: {$ref: '#/definitions/Note'}
          examples: {application/json: {id: n1}, text/plain: n1}
        '404':
          description: no such note
    put:
      consumes: [application/json]
      parameters:
        - {name: id, in: path, required: true, type: string}
        - name: note
          in: body
          required: true
          schema:
            type: object
            required: [text]
            properties:
              text: {type: string}
              kind: {type: string, enum: [plain, rich]}
      responses:
        '204': {description: done}
securityDefinitions:
  api-key: {type: apiKey, in: header, name: api-key}
  partner-key: {type: apiKey, in: header, name: partner-key}
definitions:
  Note:
    type: object
    required: [id]
    properties:
      id: {type: string}
      size: {type: integer, format: int64, minimum: 0}
      parent: {$ref: '#/definitions/Note'}
      file:
        type: object
        properties:
          name: {type: string}
          link: {type: string}
"##;

#[test]
fn a_swagger_2_document_is_compared_as_the_3_0_it_says() {
    let ours = Document::from_value("ours", base());
    for upstream in [
        Document::from_yaml("upstream.yaml", BASE_20).expect("valid YAML"),
        Document::from_json(
            "upstream.json",
            &serde_json::to_string(&serde_yaml::from_str::<Value>(BASE_20).expect("valid YAML"))
                .expect("JSON"),
        )
        .expect("valid JSON"),
    ] {
        let report = compare(&ours, &upstream);
        // Only the version differs, named where each document says it.
        assert_eq!(
            render(&report),
            "#/openapi (ours) vs #/swagger (upstream): `openapi` is \"3.0.3\" in ours, \"2.0\" upstream\ndrift: 1 difference, 0 intentional\n",
            "{}",
            upstream.name()
        );
    }
}

#[test]
fn a_difference_in_a_swagger_2_document_names_its_place_as_written() {
    // Upstream's `limit` is an int32, said on the parameter itself (2.0
    // has no `schema` there): the place reported is the one in its file.
    let ours = Document::from_value("ours", base());
    let changed = BASE_20.replace(
        "{name: limit, in: query, type: integer, format: int64}",
        "{name: limit, in: query, type: integer, format: int32}",
    );
    let upstream = Document::from_yaml("upstream.yaml", &changed).expect("valid YAML");
    let report = compare(&ours, &upstream);
    let places: Vec<String> = report
        .differences
        .iter()
        .map(|d| format!("{} {}", d.ours, d.upstream))
        .collect();
    assert_eq!(
        places,
        [
            "#/openapi #/swagger",
            "#/paths/~1notes~1{id}/get/parameters/1/schema/format #/paths/~1notes~1{id}/get/parameters/1/format"
        ],
        "{}",
        render(&report)
    );
}

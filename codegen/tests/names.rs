//! Names stay put as a spec grows: of items that collide once converted,
//! the first in document order keeps the plain name, so adding a colliding
//! item after it (the next version of a third-party API) renames only the
//! new one. Each case generates two versions of a spec and compares.

fn options() -> codegen::Options {
    codegen::Options {
        crate_name: "names-client".to_owned(),
        crate_version: None,
        spec_label: "names.yaml".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: false,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    }
}

/// Every generated Rust file of `spec`, concatenated.
fn code(spec: &str) -> String {
    let output = codegen::generate(spec.as_bytes(), &options())
        .unwrap_or_else(|e| panic!("should generate:\n{e}\n{spec}"));
    output
        .files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.contents.as_str())
        .collect()
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Names, version: '1'}\nservers: [{url: 'https://example.test'}]\n";

#[test]
fn a_colliding_item_added_later_never_renames_the_earlier_ones() {
    // (what, version 1, version 2, in both, only in version 2)
    let cases = [
        (
            "enum values",
            "paths: {}\ncomponents: {schemas: {State: {type: string, enum: [total]}}}\n",
            "paths: {}\ncomponents: {schemas: {State: {type: string, enum: [total, Total, unknown]}}}\n",
            "    Total,\n",
            "    Total2,\n",
        ),
        (
            "component schemas",
            "paths: {}\ncomponents: {schemas: {agentId: {type: object, properties: {a: {type: string}}}}}\n",
            "paths: {}\ncomponents: {schemas: {agentId: {type: object, properties: {a: {type: string}}}, AgentId: {type: object, properties: {b: {type: string}}}}}\n",
            "pub struct AgentId {\n    /// The `a` property.",
            "pub struct AgentId2 {\n    /// The `b` property.",
        ),
        (
            "properties",
            "paths: {}\ncomponents: {schemas: {A: {type: object, properties: {agentId: {type: string}}}}}\n",
            "paths: {}\ncomponents: {schemas: {A: {type: object, properties: {agentId: {type: string}, agent_id: {type: string}}}}}\n",
            "#[serde(rename = \"agentId\", default",
            "pub agent_id_2:",
        ),
        (
            "operations",
            "paths:\n  /a:\n    get: {operationId: listItems, responses: {'204': {description: ok}}}\n",
            "paths:\n  /a:\n    get: {operationId: listItems, responses: {'204': {description: ok}}}\n  /b:\n    get: {operationId: list_items, responses: {'204': {description: ok}}}\n",
            "/// Calls `listItems`.",
            "pub fn list_items_2(",
        ),
    ];
    for (what, first, second, kept, added) in cases {
        let before = code(&format!("{HEAD}{first}"));
        let after = code(&format!("{HEAD}{second}"));
        assert!(before.contains(kept), "{what}: version 1 lacks `{kept}`");
        assert!(
            after.contains(kept),
            "{what}: version 2 renamed the first item (`{kept}`)"
        );
        assert!(after.contains(added), "{what}: version 2 lacks `{added}`");
        assert!(
            !before.contains(added),
            "{what}: version 1 has `{added}` already"
        );
    }
}

#[test]
fn the_first_of_two_colliding_operations_keeps_the_plain_method_name() {
    let spec = format!("{HEAD}paths:\n  /a:\n    get: {{operationId: listItems, responses: {{'204': {{description: ok}}}}}}\n  /b:\n    get: {{operationId: list_items, responses: {{'204': {{description: ok}}}}}}\n");
    let code = code(&spec);
    let at = |text: &str| code.find(text).unwrap_or_else(|| panic!("no `{text}`"));
    // Each method's docs, with its request line, come before it.
    assert!(at("`GET /a`") < at("pub fn list_items("));
    assert!(at("pub fn list_items(") < at("`GET /b`"));
    assert!(at("`GET /b`") < at("pub fn list_items_2("));
}

/// The names fixture: everything in it generates, what the client cannot
/// send leaves its operation out with a warning at its pointer (and no
/// second report), and the rest is there.
#[test]
fn an_operation_the_client_cannot_send_is_left_out_and_the_rest_generated() {
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/names.yaml");
    let spec = std::fs::read(&path).expect("the fixture reads");
    let output = codegen::generate(&spec, &options()).expect("the names fixture generates");
    // Its text is in tests/diagnostic_texts.rs.
    let left_out: Vec<String> = output
        .warnings
        .iter()
        .filter(|d| d.code == codegen::Code::UnsupportedParameter)
        .map(|d| d.pointer.to_string())
        .collect();
    assert_eq!(left_out, ["#/paths/~1cookies/get/parameters/0"]);
    let code: String = output.files.iter().map(|f| f.contents.as_str()).collect();
    assert!(!code.contains("fn read_cookie"));
    for method in [
        "fn add_reaction(",
        "fn add_label(",
        "fn add_note(",
        "fn fetch_result(",
        "fn execute_2(",
    ] {
        assert!(code.contains(method), "`{method}` is missing");
    }
    assert_eq!(output.operations, 5);
}

/// A path parameter the client cannot send leaves its operation out; the
/// path's `{name}` is not then reported as undeclared.
#[test]
fn a_refused_path_parameter_is_reported_once() {
    let spec = format!("{HEAD}paths:\n  /a/{{filter}}:\n    get:\n      operationId: byFilter\n      parameters: [{{name: filter, in: path, required: true, schema: {{type: object, properties: {{a: {{type: object, properties: {{b: {{type: string}}}}}}}}}}}}]\n      responses: {{'204': {{description: ok}}}}\n  /b:\n    get: {{operationId: other, responses: {{'204': {{description: ok}}}}}}\n");
    let output =
        codegen::generate(spec.as_bytes(), &options()).expect("generates without the operation");
    let codes: Vec<codegen::Code> = output.warnings.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [codegen::Code::UnsupportedParameter],
        "{:?}",
        output.warnings
    );
    assert_eq!(output.operations, 1);
}

/// Regression: a parameter whose schema is a `$ref` into a cycle of aliases
/// (`A: {$ref: B}`, `B: {$ref: A}`) made the lowering follow the aliases
/// for ever. It is the `recursive-alias` error now, at once.
#[test]
fn a_parameter_through_an_alias_cycle_ends() {
    let spec = format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: byA\n      parameters: [{{name: a, in: query, schema: {{$ref: '#/components/schemas/A'}}}}]\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = codegen::generate(spec.as_bytes(), &options());
        let _ = sender.send(result.is_err());
    });
    let failed = receiver
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("generation ends");
    assert!(failed, "an alias cycle is an error");
}

/// A request builder is the method's name followed by `Builder`, and never
/// shares a name with a type (`types::*` and `builder::*` can be imported
/// together) or an item of the crate root (`ClientBuilder`); a setter is
/// never named like a method every request has (`send`).
#[test]
fn builders_and_setters_step_aside_for_the_names_requests_use() {
    let spec = format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: getNote\n      parameters: [{{name: send, in: query, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\n  /b:\n    get: {{operationId: client, responses: {{'204': {{description: ok}}}}}}\n  /c:\n    get: {{operationId: listNotes, responses: {{'204': {{description: ok}}}}}}\ncomponents:\n  schemas:\n    GetNoteBuilder: {{type: object, properties: {{draft: {{type: boolean}}}}}}\n");
    let code = code(&spec);
    assert!(code.contains("pub struct GetNoteBuilder {"), "{code}");
    assert!(code.contains("pub struct GetNoteBuilder2<'a>"), "{code}");
    // `client` is a method of the mock (`Mock::client`), whose helpers are
    // named like the client's methods: the operation is `client_2`, and its
    // builder `Client2Builder`, never the crate root's `ClientBuilder`.
    assert!(code.contains("pub fn client_2(&self)"), "{code}");
    assert!(code.contains("pub struct Client2Builder<'a>"), "{code}");
    assert!(!code.contains("pub struct ClientBuilder<'a>"), "{code}");
    assert!(code.contains("pub struct ListNotesBuilder<'a>"), "{code}");
    assert!(code.contains("pub fn send_2(mut self"), "{code}");
}

/// A `format: float` enum value that `f32` cannot hold widens the type to
/// `f64` (the literal would otherwise be infinite).
#[test]
fn a_float_enum_value_out_of_f32_range_widens_the_type() {
    let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Huge: {{type: number, format: float, enum: [1.5, 1e39]}}\n");
    let code = code(&spec);
    assert!(code.contains("Unknown(f64)"), "{code}");
}

/// A tag whose module name is an item `operations.rs` already names
/// (`types`, `std`, `reqwest`) gets another module name: the crate builds.
#[test]
fn a_group_never_takes_a_module_name_the_operations_use() {
    let spec = format!("{HEAD}paths:\n  /a:\n    get: {{operationId: listA, tags: [Types], responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Note'}}}}}}}}}}}}\n  /b:\n    get: {{operationId: listB, tags: [Std], responses: {{'204': {{description: ok}}}}}}\n  /c:\n    get: {{operationId: listC, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Note'}}}}}}}}}}}}\ncomponents:\n  schemas:\n    Note: {{type: object, properties: {{text: {{type: string}}}}}}\n");
    let code = code(&spec);
    assert!(code.contains("mod types_2;"), "{code}");
    assert!(code.contains("mod std_2;"), "{code}");
    assert!(!code.contains("mod std;"), "{code}");
}

/// With methods by group, a tag `Groups` never takes the module `groups`
/// that gathers the handles, and a tag `Self` has the handle
/// `SelfOperations` (its accessor `self_`); an operation `issues_new` in
/// `Issues` keeps its flat name (clippy wants a `new` to return `Self`).
#[test]
fn group_handles_step_aside_for_groups_self_and_new() {
    let spec = format!("{HEAD}x-group-methods: true\npaths:\n  /a:\n    get: {{operationId: listA, tags: [Groups], responses: {{'204': {{description: ok}}}}}}\n  /b:\n    get: {{operationId: listB, tags: [Self], responses: {{'204': {{description: ok}}}}}}\n  /c:\n    post: {{operationId: issues_new, tags: [Issues], responses: {{'204': {{description: ok}}}}}}\n");
    let code = code(&spec);
    assert!(code.contains("mod groups_2;"), "{code}");
    assert!(code.contains("pub mod groups {"), "{code}");
    assert!(code.contains("pub struct SelfOperations<'a>"), "{code}");
    assert!(
        code.contains("pub fn self_(&self) -> SelfOperations<'_>"),
        "{code}"
    );
    assert!(code.contains("pub fn issues_new(&self)"), "{code}");
    assert!(!code.contains("pub fn new(&self)"), "{code}");
}

/// The echo marker is written only where every body the caller can build
/// has it as a string: not into an integer, nor into a union whose other
/// alternative lacks it.
#[test]
fn the_echo_marker_is_written_only_where_it_fits() {
    let body = |schema: &str| {
        format!("{{required: true, content: {{application/json: {{schema: {schema}}}}}}}")
    };
    let op = |id: &str, schema: &str| {
        format!("    post: {{operationId: {id}, requestBody: {}, responses: {{'204': {{description: ok}}}}}}\n", body(schema))
    };
    let spec = format!(
        "{HEAD}x-echo-marker: source\npaths:\n  /a:\n{}  /b:\n{}  /c:\n{}  /d:\n{}components:\n  schemas:\n    Text: {{type: object, properties: {{source: {{type: string}}}}}}\n    Number: {{type: object, properties: {{source: {{type: integer}}}}}}\n    Other: {{type: object, properties: {{name: {{type: string}}}}}}\n    Both: {{oneOf: [{{$ref: '#/components/schemas/Text'}}, {{type: object, properties: {{source: {{type: string}}, id: {{type: string}}}}}}]}}\n",
        op("sendText", "{$ref: '#/components/schemas/Text'}"),
        op("sendNumber", "{$ref: '#/components/schemas/Number'}"),
        op("sendEither", "{oneOf: [{$ref: '#/components/schemas/Text'}, {$ref: '#/components/schemas/Other'}]}"),
        op("sendBoth", "{$ref: '#/components/schemas/Both'}"),
    );
    let code = code(&spec);
    assert!(
        code.contains(r#"operations: &["sendText", "sendBoth"],"#),
        "{code}"
    );
    assert!(code.contains("pub fn echo_marker(mut self"), "{code}");
}

/// One value or many is a list only where the scalar and the items are the
/// same kind of value: an enum scalar beside a list of UUIDs is not.
#[test]
fn one_value_or_many_needs_the_same_kind_of_value() {
    let param = |schema: &str| {
        format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: listA\n      parameters: [{{name: ids, in: query, schema: {schema}}}]\n      responses: {{'204': {{description: ok}}}}\n")
    };
    let same = code(&param(
        "{oneOf: [{type: string}, {type: array, items: {type: string, format: email}}]}",
    ));
    assert!(
        same.contains("pub fn ids(mut self, ids: &'a [String])"),
        "{same}"
    );
    let spec = param("{oneOf: [{type: string, enum: [all]}, {type: array, items: {type: string, format: uuid}}]}");
    let output = codegen::generate(spec.as_bytes(), &options()).expect("generates");
    let lists = output
        .files
        .iter()
        .any(|f| f.contents.contains("ids: &'a ["));
    assert!(!lists, "`all` could not be sent as a list of UUIDs");
}

/// `spec`'s lowered API (it must lower without errors).
fn lowered(spec: &str) -> codegen::ir::Api {
    let document = codegen::load::load(spec.as_bytes()).expect("the spec loads");
    let (api, diagnostics) = codegen::lower::lower(&document);
    assert!(!diagnostics.has_errors(), "{spec}");
    api
}

/// With methods by group, a method inside its group loses the group's
/// word where what is left is a name of its own, and keeps its flat name
/// where that would be a keyword, or a name another method of the group
/// has; a group's accessor never takes a name `Client` has (its own
/// `execute`, or an ungrouped operation's method).
#[test]
fn methods_by_group_are_named_inside_their_group() {
    let op = |id: &str, tag: Option<&str>| {
        let tags = tag.map_or_else(String::new, |tag| format!(" tags: [{tag}],"));
        format!("{{{tags} operationId: '{id}', responses: {{'204': {{description: ok}}}}}}")
    };
    let spec = format!(
        "{HEAD}x-group-methods: true\npaths:\n  /a: {{get: {}, post: {}, put: {}, delete: {}}}\n  /b: {{get: {}, post: {}}}\n  /c: {{get: {}}}\n",
        op("issues/list-for-repo", Some("Issues")),
        op("issues/type", Some("Issues")),
        op("issues/get", Some("Issues")),
        op("get", Some("Issues")),
        op("execute/run", Some("Execute")),
        op("plan/create", Some("Plan")),
        // An ungrouped operation named like a group's accessor would be.
        op("plan", None),
    );
    let api = lowered(&spec);
    let grouped: Vec<(String, String, String)> = api
        .operations
        .iter()
        .filter_map(|op| {
            let method = op.group_method.as_ref()?;
            Some((
                op.operation_id.clone(),
                method.accessor.clone(),
                method.name.clone(),
            ))
        })
        .collect();
    let expected = [
        ("issues/list-for-repo", "issues", "list_for_repo"),
        // `get` is another operation's name.
        ("issues/get", "issues", "issues_get"),
        // `type` is a keyword.
        ("issues/type", "issues", "issues_type"),
        ("get", "issues", "get"),
        // `execute` is a method of `Client`: the accessor takes a suffix
        // (the group's word is still its module's, `execute`).
        ("execute/run", "execute_2", "run"),
        // `plan` is the ungrouped operation's method.
        ("plan/create", "plan_2", "create"),
    ]
    .map(|(id, accessor, name)| (id.to_owned(), accessor.to_owned(), name.to_owned()));
    assert_eq!(grouped, expected);
    let ungrouped: Vec<&str> = api
        .operations
        .iter()
        .filter(|op| op.group_method.is_none())
        .map(|op| op.method_name.as_str())
        .collect();
    assert_eq!(ungrouped, ["plan"]);
    let code = code(&spec);
    assert!(
        code.contains("pub fn execute_2(&self) -> Execute2Operations<'_>"),
        "{code}"
    );
    assert!(code.contains("#[doc(alias = \"issues/list-for-repo\")]"));
}

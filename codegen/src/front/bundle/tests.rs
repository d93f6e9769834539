//! The bundler, with descriptions held in memory.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_yaml::Value;

use crate::diagnostics::{Code, Diagnostic};
use crate::documents::{DocumentPath, Documents, ReadError};
use crate::load::{load_from, LoadError, Loaded};

/// Files in memory, recording every path it was asked for.
#[derive(Default)]
struct Files {
    files: BTreeMap<String, Vec<u8>>,
    asked: RefCell<Vec<String>>,
}

impl Files {
    fn new(files: &[(&str, &str)]) -> Self {
        Self {
            files: files
                .iter()
                .map(|(path, text)| ((*path).to_owned(), text.as_bytes().to_vec()))
                .collect(),
            asked: RefCell::default(),
        }
    }
}

impl Documents for Files {
    fn read(&self, path: &DocumentPath, max_bytes: usize) -> Result<Vec<u8>, ReadError> {
        self.asked.borrow_mut().push(path.to_string());
        self.files.read(path, max_bytes)
    }
}

const HEAD: &str =
    "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x.test'}]\n";
/// [`HEAD`] without its `info`.
const HEAD_NO_INFO: &str = "openapi: 3.0.3\nservers: [{url: 'https://x.test'}]\n";

fn loaded(files: &Files) -> Loaded {
    load_from(files, "openapi.yaml").unwrap_or_else(|e| panic!("{e}"))
}

fn refused(files: &Files) -> Diagnostic {
    match load_from(files, "openapi.yaml") {
        Err(LoadError::Shape(diagnostic)) => *diagnostic,
        other => panic!("expected a located error, got {other:?}"),
    }
}

/// The bundled document as a YAML value (the loaded `openapiv3` document,
/// written back).
fn document(loaded: &Loaded) -> Value {
    serde_yaml::to_value(&loaded.document).unwrap()
}

fn schema_names(loaded: &Loaded) -> Vec<String> {
    loaded
        .document
        .components
        .as_ref()
        .map(|c| c.schemas.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn operations_path_items_and_descriptions_are_written_in_place() {
    let files = Files::new(&[
        (
            "openapi.yaml",
            &format!(
                "{HEAD}paths:\n  /droplets:\n    get: {{$ref: 'resources/droplets/list.yml'}}\n  /sizes: {{$ref: 'resources/sizes/path.yml'}}\n"
            ),
        ),
        (
            "resources/droplets/list.yml",
            "operationId: listDroplets\ndescription: {$ref: '../../docs/texts.yml#/droplets'}\nresponses:\n  '200':\n    description: ok\n    content: {application/json: {schema: {$ref: 'models/droplet.yml'}}}\n",
        ),
        ("resources/droplets/models/droplet.yml", "type: object\nproperties: {id: {type: integer}, size: {$ref: '../../sizes/models/size.yml'}}\n"),
        ("resources/sizes/path.yml", "get: {operationId: listSizes, responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: 'models/size.yml'}}}}}}}\n"),
        ("resources/sizes/models/size.yml", "type: object\nproperties: {slug: {type: string}}\n"),
        ("docs/texts.yml", "droplets: Lists every droplet.\n"),
    ]);
    let loaded = loaded(&files);
    let value = document(&loaded);
    let get = &value["paths"]["/droplets"]["get"];
    assert_eq!(get["operationId"], Value::from("listDroplets"));
    assert_eq!(get["description"], Value::from("Lists every droplet."));
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        Value::from("#/components/schemas/droplet")
    );
    assert_eq!(
        value["paths"]["/sizes"]["get"]["operationId"],
        Value::from("listSizes")
    );
    // `size.yml`, named from two files, is lifted once.
    assert_eq!(schema_names(&loaded), ["droplet", "size"]);
    assert_eq!(
        value["components"]["schemas"]["droplet"]["properties"]["size"]["$ref"],
        Value::from("#/components/schemas/size")
    );
    assert!(
        loaded.front_warnings.is_empty(),
        "{:?}",
        loaded.front_warnings
    );
}

#[test]
fn names_are_stable_and_never_collide() {
    let files = Files::new(&[
        (
            "openapi.yaml",
            &format!(
                "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{oneOf: [{{$ref: 'droplets/models/droplet.yml'}}, {{$ref: 'volumes/models/droplet.yml'}}, {{$ref: 'shared.yml#/components/schemas/Error'}}, {{$ref: 'volumes/models/droplet.yml'}}]}}}}}}}}\ncomponents:\n  schemas:\n    Error: {{type: string}}\n    Size: {{$ref: 'sizes/size.yml'}}\n    Other: {{$ref: 'sizes/size.yml'}}\n"
            ),
        ),
        ("droplets/models/droplet.yml", "type: object\n"),
        ("volumes/models/droplet.yml", "type: object\n"),
        ("shared.yml", "components: {schemas: {Error: {type: object}}}\n"),
        ("sizes/size.yml", "type: object\nproperties: {again: {$ref: 'size.yml'}}\n"),
    ]);
    let first = loaded(&files);
    // The entry's `Error` keeps its name, and the second `droplet` and
    // `Error` take more of their path (not its generic folders: `models`); the entry's `Size` stands for its
    // file, which is copied there (and its `$ref` to itself is to `Size`).
    assert_eq!(
        schema_names(&first),
        [
            "Error",
            "Size",
            "Other",
            "droplet",
            "volumes_droplet",
            "shared_Error"
        ]
    );
    let value = document(&first);
    assert_eq!(
        value["components"]["schemas"]["Other"]["$ref"],
        Value::from("#/components/schemas/Size")
    );
    assert_eq!(
        value["components"]["schemas"]["Size"]["properties"]["again"]["$ref"],
        Value::from("#/components/schemas/Size")
    );
    let items = &value["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"]["oneOf"];
    assert_eq!(items[1]["$ref"], items[3]["$ref"]);
    // The same files give the same names.
    assert_eq!(schema_names(&loaded(&files)), schema_names(&first));
}

#[test]
fn a_cycle_of_parts_written_in_place_is_a_located_error() {
    let files = Files::new(&[
        (
            "openapi.yaml",
            &format!("{HEAD}paths:\n  /a: {{$ref: 'paths/a.yaml'}}\n"),
        ),
        ("paths/a.yaml", "get: {$ref: 'b.yaml'}\n"),
        (
            "paths/b.yaml",
            "operationId: b\ncallbacks: {}\nresponses: {$ref: 'a.yaml'}\n",
        ),
    ]);
    let error = refused(&files);
    assert_eq!(error.code, Code::ReferenceCycle);
    assert_eq!(error.file.as_deref(), Some("paths/b.yaml"));
    assert_eq!(error.pointer.to_string(), "#/responses/$ref");
    assert!(
        error.to_string().contains("paths/b.yaml#/responses/$ref"),
        "{error}"
    );
}

#[test]
fn recursive_schemas_across_files_are_lifted_not_a_cycle() {
    let files = Files::new(&[
        ("openapi.yaml", &format!("{HEAD}paths:\n  /a:\n    get: {{responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: 'node.yaml'}}}}}}}}}}}}\n")),
        ("node.yaml", "type: object\nproperties: {children: {type: array, items: {$ref: 'node.yaml'}}}\n"),
    ]);
    let value = document(&loaded(&files));
    assert_eq!(
        value["components"]["schemas"]["node"]["properties"]["children"]["items"]["$ref"],
        Value::from("#/components/schemas/node")
    );
}

#[test]
fn a_file_outside_the_entry_folder_is_read_with_a_warning_naming_it() {
    let files = Files::new(&[
        (
            "openapi.yaml",
            &format!("{HEAD}paths:\n  /a: {{$ref: 'paths/a.yaml'}}\n"),
        ),
        ("paths/a.yaml", "get: {$ref: '../../common/op.yaml'}\n"),
        (
            "../common/op.yaml",
            "operationId: a\nresponses: {'204': {description: done}}\n",
        ),
    ]);
    let loaded = loaded(&files);
    assert_eq!(
        document(&loaded)["paths"]["/a"]["get"]["operationId"],
        Value::from("a")
    );
    let warnings: Vec<_> = loaded.front_warnings.iter().collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].code, Code::ReferenceOutsideFolder);
    assert_eq!(warnings[0].file.as_deref(), Some("paths/a.yaml"));
    assert_eq!(warnings[0].pointer.to_string(), "#/get/$ref");
    assert!(
        warnings[0].message.contains("../common/op.yaml"),
        "{}",
        warnings[0]
    );
}

#[test]
fn urls_absolute_paths_and_file_urls_are_refused_without_reading() {
    for (reference, code) in [
        ("https://example.test/op.yaml", Code::RemoteReference),
        ("http://example.test/op.yaml#/a", Code::RemoteReference),
        ("/etc/op.yaml", Code::AbsoluteReference),
        ("file:///etc/op.yaml", Code::AbsoluteReference),
        ("C:\\\\specs\\\\op.yaml", Code::AbsoluteReference),
    ] {
        let files = Files::new(&[(
            "openapi.yaml",
            &format!("{HEAD}paths:\n  /a:\n    get: {{$ref: \"{reference}\"}}\n"),
        )]);
        let error = refused(&files);
        assert_eq!(error.code, code, "{reference}: {error}");
        assert_eq!(error.file.as_deref(), Some("openapi.yaml"));
        assert_eq!(error.pointer.to_string(), "#/paths/~1a/get/$ref");
        assert_eq!(*files.asked.borrow(), ["openapi.yaml"], "{reference}");
    }
}

#[test]
fn a_file_that_is_not_yaml_or_json_is_named_never_read_or_quoted() {
    let files = Files::new(&[
        ("openapi.yaml", &format!("{HEAD_NO_INFO}info:\n  title: T\n  version: '1'\n  description: {{$ref: 'intro.md'}}\npaths: {{}}\n")),
        ("intro.md", "secret: text of the file\n"),
    ]);
    let error = refused(&files);
    assert_eq!(error.code, Code::NotYamlOrJson);
    assert_eq!(error.pointer.to_string(), "#/info/description/$ref");
    let shown = error.to_string();
    assert!(shown.contains("intro.md"), "{shown}");
    assert!(!shown.contains("secret"), "{shown}");
    assert_eq!(*files.asked.borrow(), ["openapi.yaml"]);
}

#[test]
fn references_in_extensions_the_generator_does_not_read_are_left_alone() {
    let files = Files::new(&[
        ("openapi.yaml", &format!("{HEAD}paths:\n  /a: {{$ref: 'paths/a.yaml'}}\n")),
        ("paths/a.yaml", "get:\n  operationId: a\n  responses: {'204': {description: done}}\n  x-codeSamples:\n    - {lang: PHP, source: {$ref: '../samples/get.php'}}\n"),
    ]);
    let loaded = loaded(&files);
    let get = &document(&loaded)["paths"]["/a"]["get"];
    assert_eq!(
        get["x-codeSamples"][0]["source"]["$ref"],
        Value::from("../samples/get.php")
    );
    assert_eq!(*files.asked.borrow(), ["openapi.yaml", "paths/a.yaml"]);
}

#[test]
fn a_missing_file_or_place_is_an_error_at_the_referring_place() {
    let files = Files::new(&[
        (
            "openapi.yaml",
            &format!("{HEAD}paths:\n  /a: {{$ref: 'paths/a.yaml'}}\n"),
        ),
        (
            "paths/a.yaml",
            "get:\n  operationId: a\n  responses:\n    '200': {$ref: '../responses/gone.yaml'}\n",
        ),
    ]);
    let error = refused(&files);
    assert_eq!(error.code, Code::UnreadableFile);
    assert_eq!(error.file.as_deref(), Some("paths/a.yaml"));
    assert_eq!(error.pointer.to_string(), "#/get/responses/200/$ref");
    assert!(error.message.contains("responses/gone.yaml"), "{error}");

    let files = Files::new(&[
        (
            "openapi.yaml",
            &format!("{HEAD}paths:\n  /a: {{$ref: 'paths.yaml#/a'}}\n"),
        ),
        ("paths.yaml", "b: {}\n"),
    ]);
    let error = refused(&files);
    assert_eq!(error.code, Code::UnreadableFile);
    assert!(error.message.contains("paths.yaml#/a"), "{error}");
}

#[test]
fn a_syntax_error_in_a_file_names_the_file() {
    let files = Files::new(&[
        (
            "openapi.yaml",
            &format!("{HEAD}paths:\n  /a: {{$ref: 'a.yaml'}}\n"),
        ),
        ("a.yaml", "get: [\n"),
    ]);
    match load_from(&files, "openapi.yaml") {
        Err(LoadError::InFile { file, error }) => {
            assert_eq!(file, "a.yaml");
            assert!(
                matches!(*error, LoadError::Syntax { line: Some(_), .. }),
                "{error}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn files_are_bounded_in_size_and_copies_in_number() {
    let big = format!("description: '{}'\n", "x".repeat(super::MAX_FILE_BYTES));
    let files = Files::new(&[
        (
            "openapi.yaml",
            &format!("{HEAD}paths:\n  /a: {{$ref: 'big.yaml'}}\n"),
        ),
        ("big.yaml", &big),
    ]);
    assert_eq!(refused(&files).code, Code::DocumentTooLarge);

    // Each level writes the next in place ten times: 10^7 copies.
    let mut levels = vec![("openapi.yaml".to_owned(), format!("{HEAD_NO_INFO}info: {{title: T, version: '1', description: {{$ref: 'l0.yaml'}}}}\npaths: {{}}\n"))];
    for level in 0..7 {
        let next = format!("{{$ref: 'l{}.yaml'}}", level + 1);
        levels.push((
            format!("l{level}.yaml"),
            format!("[{}]\n", vec![next; 10].join(", ")),
        ));
    }
    levels.push(("l7.yaml".to_owned(), "leaf\n".to_owned()));
    let files = Files {
        files: levels
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes()))
            .collect(),
        asked: RefCell::default(),
    };
    assert_eq!(refused(&files).code, Code::DocumentTooLarge);
}

#[test]
fn diagnostics_about_a_part_name_its_file_and_place() {
    let files = Files::new(&[
        ("openapi.yaml", &format!("{HEAD}paths:\n  /a: {{$ref: 'paths/a.yaml'}}\n")),
        ("paths/a.yaml", "get:\n  operationId: a\n  responses:\n    '200':\n      description: ok\n      content: {application/json: {schema: {$ref: '../models/thing.yaml'}}}\n"),
        ("models/thing.yaml", "type: object\nproperties:\n  list: {type: array}\n"),
    ]);
    let (_, diagnostics) = crate::lower::lower(&loaded(&files));
    let found: Vec<_> = diagnostics.iter().collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, Code::ArrayWithoutItems);
    assert_eq!(found[0].file.as_deref(), Some("models/thing.yaml"));
    assert_eq!(found[0].pointer.to_string(), "#/properties/list");
}

#[test]
fn a_document_of_one_file_names_no_file() {
    let files = Files::new(&[(
        "openapi.yaml",
        &format!("{HEAD}paths: {{}}\ncomponents: {{schemas: {{A: {{type: array}}}}}}\n"),
    )]);
    let loaded = loaded(&files);
    assert!(loaded.sources.is_empty());
    let (_, diagnostics) = crate::lower::lower(&loaded);
    assert!(diagnostics.iter().all(|d| d.file.is_none()));
    assert_eq!(diagnostics.len(), 1);
}

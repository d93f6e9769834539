//! Descriptions kept in many files, as published: Redocly's starter
//! (`../shared/corpus/redocly-cafe/`, beside the checkout; provenance in
//! `../shared/corpus/SOURCE.md`) bundles into one document with every
//! operation, and our many-file fixture generates the same bytes every
//! time. The bundler's own cases are unit tests in
//! `codegen/src/front/bundle/tests.rs`.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::{DocumentPath, Documents, ReadError};

/// The files below a folder, read on demand, recording what was asked.
struct Folder {
    root: PathBuf,
    asked: RefCell<BTreeSet<String>>,
}

impl Documents for Folder {
    fn read(&self, path: &DocumentPath, max_bytes: usize) -> Result<Vec<u8>, ReadError> {
        self.asked.borrow_mut().insert(path.to_string());
        let file = path
            .segments()
            .iter()
            .fold(self.root.clone(), |file, segment| file.join(segment));
        let bytes = std::fs::read(&file).map_err(|_| ReadError::NotFound)?;
        if bytes.len() > max_bytes {
            return Err(ReadError::TooLarge { limit: max_bytes });
        }
        Ok(bytes)
    }
}

fn codegen_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder `path`, or `None` (the test skips) when it is missing outside
/// CI.
fn folder(path: &Path) -> Option<Folder> {
    if !path.join("openapi.yaml").is_file() {
        let why = format!("{} is missing", path.display());
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(!ci, "CI=true, and {why}");
        eprintln!("skipped: {why}");
        return None;
    }
    Some(Folder {
        root: path.to_owned(),
        asked: RefCell::default(),
    })
}

#[test]
fn the_redocly_starter_is_one_document_with_every_operation() {
    let Some(folder) = folder(&codegen_dir().join("../../shared/corpus/redocly-cafe")) else {
        return;
    };
    let loaded =
        codegen::load::load_from(&folder, "openapi.yaml").unwrap_or_else(|e| panic!("{e}"));
    let operations: usize = loaded
        .document
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .map(|item| item.iter().count())
        .sum();
    assert_eq!(operations, 12);
    assert!(
        loaded.front_warnings.is_empty(),
        "{:?}",
        loaded.front_warnings
    );
    let schemas: BTreeSet<&str> = loaded
        .document
        .components
        .as_ref()
        .map(|c| c.schemas.keys().map(String::as_str).collect())
        .unwrap_or_default();
    for name in [
        "MenuItem",
        "Beverage",
        "Dessert",
        "MenuBaseItem",
        "Order",
        "Error",
        "Page",
    ] {
        assert!(schemas.contains(name), "{name} is not among {schemas:?}");
    }
    // The webhook is kept (3.1's `webhooks`, as `x-webhooks`).
    assert!(
        loaded.document.extensions["x-webhooks"]["order-notification"]["post"].is_object(),
        "{:?}",
        loaded.document.extensions.keys()
    );
    // The code samples' `.cs` and `.php` files are never read, and their
    // `$ref`s are left as written.
    {
        let asked = folder.asked.borrow();
        assert!(
            asked.iter().all(|path| path.ends_with(".yaml")),
            "{asked:?}"
        );
    }
    let menu = loaded.document.paths.paths["/menu"]
        .as_item()
        .expect("an item");
    let samples = &menu.get.as_ref().expect("GET /menu").extensions["x-codeSamples"];
    assert_eq!(
        samples[0]["source"]["$ref"],
        "../code_samples/C_sharp/menu/get.cs"
    );
    // Every finding of lowering names its file.
    let (_, diagnostics) = codegen::lower::lower(&loaded);
    for diagnostic in diagnostics.iter() {
        assert!(diagnostic.file.is_some(), "{diagnostic}");
    }
    // It generates a crate with every operation and no warning: the
    // multipart body of `createMenuItem` is a `oneOf` (Beverage, Dessert)
    // with a discriminator, sent as the parts of the alternative after
    // its tag.
    let generated = codegen::generate_from(&folder, "openapi.yaml", &options("redocly-cafe"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.operations, 12);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    // The operations of each tag are in their own module.
    let operations: String = generated
        .files
        .iter()
        .filter(|file| file.path == "src/operations.rs" || file.path.starts_with("src/operations/"))
        .map(|file| file.contents.as_str())
        .collect();
    assert!(!operations.is_empty(), "src/operations.rs is written");
    assert!(
        operations.contains(r#"crate::multipart::Part::text("category", "beverage".to_owned())"#),
        "the tag of a beverage is not sent as its part"
    );
}

/// The options both tests generate with.
fn options(crate_name: &str) -> codegen::Options {
    codegen::Options {
        crate_name: crate_name.to_owned(),
        crate_version: None,
        spec_label: "openapi.yaml".to_owned(),
        regenerate_command: "cargo test".to_owned(),
        standalone: false,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    }
}

#[test]
fn the_many_file_fixture_generates_the_same_bytes_every_time() {
    let root = codegen_dir().join("tests/fixtures/many_files");
    let folder = folder(&root).expect("the fixture is in the repository");
    let options = options("many-files");
    let first =
        codegen::generate_from(&folder, "openapi.yaml", &options).unwrap_or_else(|e| panic!("{e}"));
    let again =
        codegen::generate_from(&folder, "openapi.yaml", &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.files, again.files);
    assert_eq!((first.operations, first.types), (6, 13));
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    // The shell sample of an `x-codeSamples` is never read.
    let asked = folder.asked.borrow();
    assert!(!asked.iter().any(|path| path.ends_with(".sh")), "{asked:?}");
}

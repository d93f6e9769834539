//! Loading: spec bytes (YAML or JSON) to an `openapiv3::OpenAPI` document,
//! with syntax errors located by line and column and shape errors by JSON
//! pointer. Each check and rewrite has its module; this one runs them in
//! order and holds the helpers they share.

mod additional;
mod depth;
mod duplicate_keys;
mod empty_enums;
mod encoding_explodes;
pub mod item_schemas;
mod nullable;
mod shape_errors;
#[cfg(test)]
mod tests;
mod utf8;
mod version;
mod yaml_errors;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Deref;

use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde::Deserialize;
use serde_yaml::Value;

use crate::diagnostics::Diagnostic;
use crate::documents::{DocumentPath, Documents, ReadError};
pub use crate::front::{Origins, Sources};
use crate::pointer::Pointer;
pub use additional::AdditionalOperations;

/// Why a spec could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The bytes are not YAML (JSON is YAML too).
    #[error("{}syntax error: {message}", location_prefix(*.line, *.column))]
    Syntax {
        /// 1-based line of the error, when known.
        line: Option<usize>,
        /// 1-based column of the error, when known.
        column: Option<usize>,
        /// What the parser said.
        message: String,
    },
    /// The document is YAML but not an OpenAPI 3.0 document.
    #[error("{0}")]
    Shape(Box<Diagnostic>),
    /// A file of a description in many files is not YAML (a syntax error
    /// in it, by line and column in that file).
    #[error("{file}: {error}")]
    InFile {
        /// The file, relative to the entry document's folder.
        file: String,
        /// What is wrong in it.
        error: Box<LoadError>,
    },
    /// The entry document could not be read.
    #[error("cannot read {file}: {error}")]
    Unreadable {
        /// The entry document, as it was named.
        file: String,
        /// Why the reader could not read it.
        error: ReadError,
    },
}

fn location_prefix(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}: "),
        (Some(line), None) => format!("line {line}: "),
        _ => String::new(),
    }
}

/// A loaded spec: the `openapiv3` document, and what loading learnt that
/// the document cannot say. It reads as the document it holds.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The document, as `openapiv3` reads it.
    pub document: OpenAPI,
    /// The schemas that were a `$ref` with `nullable: true` beside it, by
    /// pointer. OpenAPI 3.0 ignores what stands beside a `$ref`, so
    /// loading rewrites each as `allOf: [{$ref}]` beside `nullable: true`
    /// (the servers of specs that write it do send `null`), and lowering
    /// warns at each.
    pub nullable_references: BTreeSet<Pointer>,
    /// The mappings with `enum: []`, by pointer: `openapiv3` reads an
    /// empty list as no `enum`, and lowering warns at each.
    pub empty_enums: BTreeSet<Pointer>,
    /// The warnings of the front door (an OpenAPI 3.1 or 3.2 keyword that
    /// 3.0 cannot say, an integer beyond 64 bits), located in the document
    /// as written; lowering reports them with its own.
    pub front_warnings: Vec<Diagnostic>,
    /// The schemas of an OpenAPI 3.1 document that accept only `null`
    /// (`type: "null"`), by their place in the document as written. 3.0
    /// cannot say it (they are `nullable` without a type), so lowering
    /// reports them as what they are, not as schemas without a type.
    pub null_schemas: BTreeSet<Pointer>,
    /// The Encoding Objects that write `explode`, by pointer: `openapiv3`
    /// reads a missing `explode` as `false`, and lowering takes OpenAPI's
    /// default (`true` for `style: form`) for the others.
    pub encoding_explodes: BTreeSet<Pointer>,
    /// Where the nodes that loading moved (rewriting 3.1 and 3.2 as 3.0, a
    /// `$ref` beside `nullable`) stood in the document as written: the
    /// pointers of `document` and of the diagnostics about it are mapped
    /// back through it, so that each names the place in the user's file.
    pub origins: Origins,
    /// The operations of each path beyond the fixed methods (OpenAPI 3.2's
    /// `query` and `additionalOperations`, which the front door moves to
    /// the path item's `x-additional-operations`), by path, in document
    /// order: (the method as sent, the operation).
    pub additional_operations: AdditionalOperations,
    /// Which file each part of a description kept in many files came from
    /// ([`load_from`]): diagnostics name the file and the place in it.
    /// Empty for a document of one file.
    pub sources: Sources,
    /// The schema of one item of each streamed response body that has one
    /// (3.2's `itemSchema`, kept as `x-item-schema`), by the media type's
    /// pointer.
    pub item_schemas: BTreeMap<Pointer, ReferenceOr<Schema>>,
    /// The path items of the root `x-webhooks` (where the front door puts
    /// OpenAPI 3.1's `webhooks`), by name in document order; `openapiv3`
    /// keeps extensions as JSON, and lowering borrows typed nodes. A
    /// webhook whose item does not read as a path item is `Err` with why.
    pub webhooks: Vec<(
        String,
        Result<openapiv3::ReferenceOr<openapiv3::PathItem>, String>,
    )>,
}

impl Deref for Loaded {
    type Target = OpenAPI;

    fn deref(&self) -> &OpenAPI {
        &self.document
    }
}

/// Parses `bytes` as one OpenAPI document (Swagger 2.0, OpenAPI 3.0.x,
/// 3.1.x or 3.2.x), read as 3.0: [`front_door`], then [`load_normalised`].
/// A `$ref` to another file is left for lowering to refuse ([`load_from`]
/// follows them).
pub fn load(bytes: &[u8]) -> Result<Loaded, LoadError> {
    load_normalised(front_door(bytes)?)
}

/// Loads the description whose entry document is `entry` (a path relative
/// to the folder `documents` reads from), bundled with every file its
/// `$ref`s name, which `documents` reads (see `front::bundle`).
pub fn load_from(documents: &dyn Documents, entry: &str) -> Result<Loaded, LoadError> {
    let unreadable = |error| LoadError::Unreadable {
        file: entry.to_owned(),
        error,
    };
    let path = DocumentPath::parse(entry)
        .ok_or_else(|| unreadable(ReadError::Other("not a relative path to a file".to_owned())))?;
    let bytes = documents
        .read(&path, crate::front::MAX_FILE_BYTES)
        .map_err(unreadable)?;
    let value = parse(&bytes)?;
    let bundled = crate::front::bundle(&path, value, bytes.len(), documents, &parse)?;
    load_normalised(normalise(bundled.value, bundled.sources, bundled.warnings))
}

/// A document through the front door: read (JSON as JSON), bundled when it
/// came in many files, and brought to OpenAPI 3.0, not yet read as
/// `openapiv3`. Only [`load_normalised`] reads it.
#[derive(Debug)]
pub struct Normalised {
    value: Value,
    front: crate::front::Front,
    sources: Sources,
    bundle_warnings: Vec<Diagnostic>,
}

/// The front door alone for one document: checks the bytes, reads them and
/// brings the document to OpenAPI 3.0 (the first part of [`load`], public
/// so that its cost can be measured).
pub fn front_door(bytes: &[u8]) -> Result<Normalised, LoadError> {
    Ok(normalise(parse(bytes)?, Sources::default(), Vec::new()))
}

/// The value of one file's bytes, checked: UTF-8, not nested past what the
/// parsers take, YAML or JSON.
fn parse(bytes: &[u8]) -> Result<Value, LoadError> {
    utf8::check_utf8(bytes)?;
    depth::check_flow_depth(bytes)?;
    crate::front::read(bytes).map_err(|error| yaml_errors::syntax_error(bytes, &error))
}

/// Brings the document `value` (bundled from the files of `sources`, with
/// the bundler's `warnings`) to OpenAPI 3.0.
fn normalise(mut value: Value, sources: Sources, bundle_warnings: Vec<Diagnostic>) -> Normalised {
    let front = crate::front::normalise(&mut value);
    Normalised {
        value,
        front,
        sources,
        bundle_warnings,
    }
}

/// Brings the document `value` to OpenAPI 3.0 in place, as the front door
/// does (for tools that read documents as values, such as `drift`): a 3.0
/// document, or one of a version the front door does not know, is left as
/// it is. Returns where the nodes it moved stood in the document as
/// written; its warnings are the generator's business and left out.
pub fn normalise_value(value: &mut Value) -> Origins {
    crate::front::normalise(value).origins
}

/// The rest of [`load`]: checks the normalised document and reads it as
/// `openapiv3`.
pub fn load_normalised(normalised: Normalised) -> Result<Loaded, LoadError> {
    let Normalised {
        mut value,
        front,
        sources,
        bundle_warnings: warnings,
    } = normalised;
    let mut origins = front.origins;
    let located = |error: LoadError, origins: &Origins| match error {
        LoadError::Shape(mut diagnostic) => {
            diagnostic.pointer = origins.original(&diagnostic.pointer);
            sources.relocate(&mut diagnostic);
            LoadError::Shape(diagnostic)
        }
        syntax => syntax,
    };
    version::check_version(&value).map_err(|e| located(e, &origins))?;
    depth::check_schema_depth(&value).map_err(|e| located(e, &origins))?;
    let nullable_references = nullable::rewrite_nullable_references(&mut value);
    let empty_enums = empty_enums::find_empty_enums(&value);
    let encoding_explodes = encoding_explodes::find_encoding_explodes(&value);
    origins.record(
        nullable_references
            .iter()
            .map(|pointer| {
                let mut part = pointer.tokens().to_vec();
                part.extend(["allOf".to_owned(), "0".to_owned()]);
                (part, pointer.tokens().to_vec())
            })
            .collect(),
    );
    // The common case, a valid document of shallow schemas, is read at once.
    // Reading a bad schema costs about 2^depth (see `shape_errors`), so
    // deeper documents are checked schema by schema first.
    let read_at_once = depth::shallow_schemas(&value)
        .then(|| OpenAPI::deserialize(&value).ok())
        .flatten();
    let document = match read_at_once {
        Some(document) => document,
        None => shape_errors::read_checked(&value).map_err(|e| located(e, &origins))?,
    };
    let additional_operations = additional::read(&value)
        .map_err(|diagnostic| located(LoadError::Shape(diagnostic), &origins))?;
    let item_schemas = item_schemas::item_schemas(&document);
    Ok(Loaded {
        item_schemas,
        webhooks: webhooks(&document),
        document,
        nullable_references,
        empty_enums,
        front_warnings: warnings.into_iter().chain(front.warnings).collect(),
        null_schemas: front.null_schemas,
        encoding_explodes,
        origins,
        additional_operations,
        sources,
    })
}

/// The root `x-webhooks` read as path items (see [`Loaded::webhooks`]).
#[allow(clippy::type_complexity)]
fn webhooks(
    document: &OpenAPI,
) -> Vec<(
    String,
    Result<openapiv3::ReferenceOr<openapiv3::PathItem>, String>,
)> {
    let Some(serde_json::Value::Object(items)) = document.extensions.get("x-webhooks") else {
        return Vec::new();
    };
    items
        .iter()
        .map(|(name, item)| {
            let read = serde_json::from_value(item.clone()).map_err(|error| error.to_string());
            (name.clone(), read)
        })
        .collect()
}

/// A mapping key as text (keys such as `200` are numbers in YAML).
fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Tagged(tagged) => key_text(&tagged.value),
        other => describe(other).to_owned(),
    }
}

/// What kind of YAML node `value` is, for messages (`a list`).
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Turns serde's path (`paths./a/b.post`) into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path, start: Pointer) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter().fold(start, |pointer, segment| match segment {
        Segment::Seq { index } => pointer.push(index),
        Segment::Map { key } => pointer.push(key),
        Segment::Enum { variant } => pointer.push(variant),
        Segment::Unknown => pointer,
    })
}

/// serde_yaml appends " at line X column Y" to its messages; the location is
/// reported separately, so drop it from the text.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

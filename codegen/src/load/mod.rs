//! Loading: spec bytes (YAML or JSON) to an `openapiv3::OpenAPI` document,
//! with syntax errors located by line and column and shape errors by JSON
//! pointer. Each check and rewrite has its module; this one runs them in
//! order and holds the helpers they share.

mod depth;
mod duplicate_keys;
mod empty_enums;
mod nullable;
mod shape_errors;
#[cfg(test)]
mod tests;
mod utf8;
mod version;
mod yaml_errors;

use std::collections::BTreeSet;
use std::ops::Deref;

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_yaml::Value;

use crate::diagnostics::Diagnostic;
pub use crate::front::Origins;
use crate::pointer::Pointer;

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
    /// Where the nodes that loading moved (rewriting 3.1 and 3.2 as 3.0, a
    /// `$ref` beside `nullable`) stood in the document as written: the
    /// pointers of `document` and of the diagnostics about it are mapped
    /// back through it, so that each names the place in the user's file.
    pub origins: Origins,
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

/// Parses `bytes` as an OpenAPI 3.0.x document.
pub fn load(bytes: &[u8]) -> Result<Loaded, LoadError> {
    utf8::check_utf8(bytes)?;
    depth::check_flow_depth(bytes)?;
    let mut value =
        crate::front::read(bytes).map_err(|error| yaml_errors::syntax_error(bytes, &error))?;
    let front = crate::front::normalise(&mut value);
    let mut origins = front.origins;
    let located = |error: LoadError, origins: &Origins| match error {
        LoadError::Shape(mut diagnostic) => {
            diagnostic.pointer = origins.original(&diagnostic.pointer);
            LoadError::Shape(diagnostic)
        }
        syntax => syntax,
    };
    version::check_version(&value).map_err(|e| located(e, &origins))?;
    depth::check_schema_depth(&value).map_err(|e| located(e, &origins))?;
    let nullable_references = nullable::rewrite_nullable_references(&mut value);
    let empty_enums = empty_enums::find_empty_enums(&value);
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
    Ok(Loaded {
        nullable_references,
        empty_enums,
        front_warnings: front.warnings,
        null_schemas: front.null_schemas,
        webhooks: webhooks(&document),
        origins,
        document,
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

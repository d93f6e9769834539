//! Loading: spec bytes (YAML or JSON) to an `openapiv3::OpenAPI` document,
//! with syntax errors located by line and column and shape errors by JSON
//! pointer.

use openapiv3::OpenAPI;
use serde_yaml::Value;

use crate::diagnostics::Diagnostic;
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
    Shape(Diagnostic),
}

fn location_prefix(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}: "),
        (Some(line), None) => format!("line {line}: "),
        _ => String::new(),
    }
}

/// Parses `bytes` as an OpenAPI 3.0.x document.
pub fn load(bytes: &[u8]) -> Result<OpenAPI, LoadError> {
    let value: Value = serde_yaml::from_slice(bytes).map_err(|error| {
        let location = error.location();
        LoadError::Syntax {
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message: strip_location(&error.to_string()),
        }
    })?;
    check_version(&value)?;
    serde_path_to_error::deserialize(value).map_err(|error| {
        let pointer = path_to_pointer(error.path());
        let message = strip_location(&error.inner().to_string());
        LoadError::Shape(
            Diagnostic::error(&pointer, format!("not a valid OpenAPI 3.0 document: {message}"))
                .with_hint("compare this node with the OpenAPI 3.0.3 specification"),
        )
    })
}

/// Rejects documents that are not OpenAPI 3.0 before their shape is checked,
/// so a Swagger 2.0 or OpenAPI 3.1 file gets a message about its version
/// instead of a list of missing fields.
fn check_version(value: &Value) -> Result<(), LoadError> {
    let root = Pointer::root();
    let Value::Mapping(mapping) = value else {
        return Err(LoadError::Shape(Diagnostic::error(
            &root,
            "the document is not a mapping; an OpenAPI document starts with `openapi: 3.0.x`",
        )));
    };
    if mapping.contains_key("swagger") {
        return Err(LoadError::Shape(
            Diagnostic::error(&root.push("swagger"), "Swagger 2.0 documents are not supported")
                .with_hint("convert the document to OpenAPI 3.0 first"),
        ));
    }
    let version = match mapping.get("openapi") {
        Some(Value::String(version)) => version.clone(),
        Some(other) => {
            return Err(LoadError::Shape(Diagnostic::error(
                &root.push("openapi"),
                format!("`openapi` must be a version string such as \"3.0.3\", found {}", describe(other)),
            )))
        }
        None => {
            return Err(LoadError::Shape(
                Diagnostic::error(&root, "the `openapi` version field is missing")
                    .with_hint("add `openapi: 3.0.3` at the top of the document"),
            ))
        }
    };
    if !version.starts_with("3.0") {
        return Err(LoadError::Shape(
            Diagnostic::error(
                &root.push("openapi"),
                format!("OpenAPI version {version} is not supported; only 3.0.x is"),
            )
            .with_hint("write the document as OpenAPI 3.0.3"),
        ));
    }
    Ok(())
}

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
fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter().fold(Pointer::root(), |pointer, segment| match segment {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let error = load(b"openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        match error {
            LoadError::Syntax { line, column, .. } => {
                assert!(line.is_some() && column.is_some(), "{error:?}")
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn swagger_2_is_rejected_by_version() {
        let error = load(b"swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(error.to_string().contains("Swagger 2.0"), "{error}");
    }

    #[test]
    fn shape_errors_name_the_node() {
        let spec = b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let error = load(spec).unwrap_err();
        assert!(error.to_string().contains("#/paths/~1a/get/responses"), "{error}");
    }
}

//! The depth limits checked before a document is read: flow collections
//! (`[`, `{`) nested so deep that libyaml would take seconds to refuse
//! them, and schemas nested so deep that reading them would overflow the
//! stack.

use serde_yaml::Value;

use super::{key_text, LoadError};
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

/// How deeply `[` / `{` may nest before the document is rejected unparsed.
///
/// The YAML parser rejects nesting deeper than 128 levels anyway, but only
/// after scanning the flow collections in time that grows with the square of
/// their depth (tens of seconds for a few hundred kilobytes of `[`), so such
/// documents are turned away first. The count skips comments and
/// double-quoted strings (so it is exact for JSON); brackets in other
/// scalars count too, which only matters past hundreds of unclosed ones.
const MAX_FLOW_DEPTH: usize = 512;

/// Fails with the position of the first `[` or `{` nested more than
/// [`MAX_FLOW_DEPTH`] levels deep; linear in the length of `bytes`.
pub(super) fn check_flow_depth(bytes: &[u8]) -> Result<(), LoadError> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped, mut in_comment) = (false, false, false);
    let mut previous = b'\n';
    for &byte in bytes {
        if byte == b'\n' {
            (line, column, in_comment) = (line + 1, 0, false);
        } else if byte & 0xC0 != 0x80 {
            column += 1;
        }
        if in_comment {
            // A comment runs to the end of the line.
        } else if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if byte == b'"' {
            in_string = true;
        } else if byte == b'#' && previous.is_ascii_whitespace() {
            in_comment = true;
        } else if byte == b'[' || byte == b'{' {
            depth += 1;
            if depth > MAX_FLOW_DEPTH {
                return Err(LoadError::Syntax {
                    line: Some(line),
                    column: Some(column),
                    message: format!("`[` and `{{` nest more than {MAX_FLOW_DEPTH} levels deep"),
                });
            }
        } else if byte == b']' || byte == b'}' {
            depth = depth.saturating_sub(1);
        }
        previous = byte;
    }
    Ok(())
}

/// How deeply schemas may nest in one another (through `properties`,
/// `items`, `additionalProperties`, `allOf`, `oneOf`, `anyOf`, `not`).
///
/// Reading one level of schema into `openapiv3` types takes up to ~55 KB of
/// stack in a debug build, so about 38 levels overflow a 2 MiB thread (the
/// default for spawned threads and tests) before lowering could report the
/// depth. Real specs nest fewer than 10 (Brevo's whole API: 7).
const MAX_SCHEMA_DEPTH: usize = 32;

/// Documents whose schemas nest at most this deep are read directly, before
/// any schema-by-schema check: a bad schema among them costs at most about
/// 2^10 reads of itself.
const FAST_PATH_SCHEMA_DEPTH: usize = 10;

/// Whether `value`'s schemas nest at most [`FAST_PATH_SCHEMA_DEPTH`] deep.
pub(super) fn shallow_schemas(value: &Value) -> bool {
    nested_beyond(value, 0, FAST_PATH_SCHEMA_DEPTH).is_none()
}

/// Fails with the pointer of the first schema nested deeper than
/// [`MAX_SCHEMA_DEPTH`]. The walk recurses once per level of the document,
/// which the YAML parser has already bounded (128 levels).
pub(super) fn check_schema_depth(value: &Value) -> Result<(), LoadError> {
    match too_deep(value, 0) {
        None => Ok(()),
        Some(reversed) => {
            let pointer = reversed
                .iter()
                .rev()
                .fold(Pointer::root(), |pointer, token| pointer.push(token));
            Err(LoadError::Shape(Box::new(
                Diagnostic::new(
                    Code::SchemaTooDeep,
                    &pointer,
                    format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here"),
                )
                .with_hint(
                    "move inner schemas to #/components/schemas and refer to them with `$ref`",
                ),
            )))
        }
    }
}

/// The path (innermost token first) to the first schema below `value` that
/// is nested deeper than [`MAX_SCHEMA_DEPTH`], `value` standing at `depth`.
/// Examples, defaults, enums and extensions hold data, not schemas, and are
/// skipped.
fn too_deep(value: &Value, depth: usize) -> Option<Vec<String>> {
    nested_beyond(value, depth, MAX_SCHEMA_DEPTH)
}

/// [`too_deep`] with another limit than [`MAX_SCHEMA_DEPTH`].
fn nested_beyond(value: &Value, depth: usize, limit: usize) -> Option<Vec<String>> {
    if depth > limit {
        return Some(Vec::new());
    }
    match value {
        Value::Mapping(mapping) => mapping.iter().find_map(|(key, child)| {
            let key = key_text(key);
            let found = match key.as_str() {
                "example" | "examples" | "default" | "enum" => None,
                _ if key.starts_with("x-") => None,
                "schema" | "items" | "additionalProperties" | "not" => {
                    nested_beyond(child, depth + 1, limit)
                }
                "properties" | "schemas" | "allOf" | "oneOf" | "anyOf" => {
                    each_nested_beyond(child, depth + 1, limit)
                }
                _ => nested_beyond(child, depth, limit),
            };
            found.map(|mut path| {
                path.push(key);
                path
            })
        }),
        Value::Sequence(items) => items.iter().enumerate().find_map(|(index, child)| {
            nested_beyond(child, depth, limit).map(|mut path| {
                path.push(index.to_string());
                path
            })
        }),
        Value::Tagged(tagged) => nested_beyond(&tagged.value, depth, limit),
        _ => None,
    }
}

/// [`too_deep`] for each schema of a `properties` map or an `allOf` list.
fn each_nested_beyond(value: &Value, depth: usize, limit: usize) -> Option<Vec<String>> {
    let found = match value {
        Value::Mapping(mapping) => mapping.iter().find_map(|(key, child)| {
            nested_beyond(child, depth, limit).map(|path| (path, key_text(key)))
        }),
        Value::Sequence(items) => items.iter().enumerate().find_map(|(index, child)| {
            nested_beyond(child, depth, limit).map(|path| (path, index.to_string()))
        }),
        other => return too_deep(other, depth),
    };
    found.map(|(mut path, token)| {
        path.push(token);
        path
    })
}

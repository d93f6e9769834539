//! Naming the node that does not have the shape OpenAPI 3.0 gives it:
//! schemas checked one by one, innermost first, before the document is
//! read (a bad schema deep inside others costs `openapiv3` about `2^depth`
//! reads), and, when reading the document fails, its operations, responses
//! and components checked one by one (serde loses the path inside flattened
//! maps).

use openapiv3::OpenAPI;
use serde_yaml::Value;

use super::{describe, key_text, path_to_pointer, strip_location, LoadError};
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

/// Reads `value` as a document, schema by schema first: the error names
/// the node that is wrong.
pub(super) fn read_checked(value: &Value) -> Result<OpenAPI, LoadError> {
    if let Some((pointer, message)) = first_invalid_schema(value, &mut Vec::new()) {
        return Err(shape_error_at(&pointer, &message));
    }
    let document: Result<OpenAPI, _> = serde_path_to_error::deserialize(value);
    document.map_err(|error| {
        let (pointer, message) = locate_shape_error(value).unwrap_or_else(|| {
            (
                path_to_pointer(error.path(), Pointer::root()),
                strip_location(&error.inner().to_string()),
            )
        });
        shape_error_at(&pointer, &message)
    })
}

/// The error for a node that does not have the shape OpenAPI 3.0 gives it.
fn shape_error_at(pointer: &Pointer, message: &str) -> LoadError {
    LoadError::Shape(Box::new(
        Diagnostic::new(
            Code::InvalidDocument,
            pointer,
            format!("not a valid OpenAPI 3.0 document: {message}"),
        )
        .with_hint("compare this node with the OpenAPI 3.0.3 specification"),
    ))
}

/// The first invalid schema below `value` (outside any schema), looked for
/// under `components.schemas` and every `schema` key; `path` holds the
/// tokens down to `value`.
///
/// Schemas are checked before the document is read because `openapiv3`
/// reads them through untagged enums that try two alternatives per level:
/// one bad schema nested `n` levels deep is read about `2^n` times (40 ms at
/// 12 levels in a release build, hours at 30), and serde loses the place of
/// the error on the way. Checked innermost first, each schema with its own
/// schemas replaced by `{}`, every schema is read once and the error names
/// the schema that is wrong.
fn first_invalid_schema(value: &Value, path: &mut Vec<String>) -> Option<(Pointer, String)> {
    let entries: Vec<(String, &Value)> = match value {
        Value::Mapping(mapping) => mapping.iter().map(|(k, v)| (key_text(k), v)).collect(),
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return None,
    };
    let in_components = matches!(path.as_slice(), [components] if components == "components");
    for (key, child) in entries {
        if is_data(&key) {
            continue;
        }
        path.push(key);
        let found = match (path.last().map(String::as_str), child) {
            (Some("schema"), _) if value.is_mapping() => invalid_schema(child, path),
            (Some("schemas"), Value::Mapping(schemas)) if in_components => {
                schemas.iter().find_map(|(name, schema)| {
                    path.push(key_text(name));
                    let found = invalid_schema(schema, path);
                    path.pop();
                    found
                })
            }
            _ => first_invalid_schema(child, path),
        };
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Keys whose values are data (examples, defaults, enum values,
/// extensions), never schemas.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-")
}

/// The first invalid schema in `schema` (at `path`) or inside it, innermost
/// first: see [`first_invalid_schema`].
fn invalid_schema(schema: &Value, path: &mut Vec<String>) -> Option<(Pointer, String)> {
    let Value::Mapping(mapping) = schema else {
        return Some((
            pointer_of(path),
            format!("a schema must be a mapping, found {}", describe(schema)),
        ));
    };
    if mapping.get("$ref").is_some_and(Value::is_string) {
        // A reference: `openapiv3` ignores whatever stands beside `$ref`.
        return None;
    }
    let empty = || Value::Mapping(serde_yaml::Mapping::new());
    let mut shallow = serde_yaml::Mapping::new();
    for (key, child) in mapping {
        let name = key_text(key);
        let replaced = match (name.as_str(), child) {
            ("items" | "not", _) | ("additionalProperties", Value::Mapping(_)) => {
                path.push(name);
                let found = invalid_schema(child, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
                empty()
            }
            ("properties", Value::Mapping(properties)) => {
                let mut replaced = serde_yaml::Mapping::new();
                for (property, inner) in properties {
                    path.push(name.clone());
                    path.push(key_text(property));
                    let found = invalid_schema(inner, path);
                    path.truncate(path.len() - 2);
                    if found.is_some() {
                        return found;
                    }
                    replaced.insert(property.clone(), empty());
                }
                Value::Mapping(replaced)
            }
            ("allOf" | "oneOf" | "anyOf", Value::Sequence(parts)) => {
                for (index, part) in parts.iter().enumerate() {
                    path.push(name.clone());
                    path.push(index.to_string());
                    let found = invalid_schema(part, path);
                    path.truncate(path.len() - 2);
                    if found.is_some() {
                        return found;
                    }
                }
                Value::Sequence(parts.iter().map(|_| empty()).collect())
            }
            _ => child.clone(),
        };
        shallow.insert(key.clone(), replaced);
    }
    let at = pointer_of(path);
    shape_error::<openapiv3::ReferenceOr<openapiv3::Schema>>(&Value::Mapping(shallow), &at)
}

/// The pointer made of `path`'s tokens.
fn pointer_of(path: &[String]) -> Pointer {
    path.iter()
        .fold(Pointer::root(), |pointer, token| pointer.push(token))
}

/// The first node of `T`'s shape in `value` that fails, with serde's message.
fn shape_error<T: serde::de::DeserializeOwned>(
    value: &Value,
    at: &Pointer,
) -> Option<(Pointer, String)> {
    let result: Result<T, _> = serde_path_to_error::deserialize(value);
    result.err().map(|error| {
        (
            path_to_pointer(error.path(), at.clone()),
            strip_location(&error.inner().to_string()),
        )
    })
}

/// Checks one node against the shape of one OpenAPI object.
type ShapeCheck = fn(&Value, &Pointer) -> Option<(Pointer, String)>;

/// serde loses track of the path inside flattened maps (`paths`,
/// `responses`), so a document-level error often points at `#/paths`. This
/// checks operations, responses and components one by one to find the node
/// that is really wrong.
fn locate_shape_error(value: &Value) -> Option<(Pointer, String)> {
    use openapiv3::{
        Operation, Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
    };
    let root = Pointer::root();
    if let Some(Value::Mapping(paths)) = value.get("paths") {
        for (path, item) in paths {
            let Value::Mapping(item) = item else { continue };
            let item_at = root.push("paths").push(key_text(path));
            for (key, operation) in item {
                let key = key_text(key);
                let at = item_at.push(&key);
                if key == "parameters" {
                    if let Some(found) = shape_error::<Vec<ReferenceOr<Parameter>>>(operation, &at)
                    {
                        return Some(found);
                    }
                    continue;
                }
                if !matches!(
                    key.as_str(),
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
                ) {
                    continue;
                }
                if let Some(Value::Mapping(responses)) = operation.get("responses") {
                    for (code, response) in responses {
                        let code_at = at.push("responses").push(key_text(code));
                        if let Some(found) =
                            shape_error::<ReferenceOr<Response>>(response, &code_at)
                        {
                            return Some(found);
                        }
                    }
                }
                if let Some(found) = shape_error::<Operation>(operation, &at) {
                    return Some(found);
                }
            }
        }
    }
    let components = value.get("components")?;
    let at = root.push("components");
    let sections: [(&str, ShapeCheck); 5] = [
        ("schemas", shape_error::<ReferenceOr<Schema>>),
        ("parameters", shape_error::<ReferenceOr<Parameter>>),
        ("requestBodies", shape_error::<ReferenceOr<RequestBody>>),
        ("responses", shape_error::<ReferenceOr<Response>>),
        (
            "securitySchemes",
            shape_error::<ReferenceOr<SecurityScheme>>,
        ),
    ];
    for (section, check) in sections {
        if let Some(Value::Mapping(entries)) = components.get(section) {
            for (name, entry) in entries {
                if let Some(found) = check(entry, &at.push(section).push(key_text(name))) {
                    return Some(found);
                }
            }
        }
    }
    None
}

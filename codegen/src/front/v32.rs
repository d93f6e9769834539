//! What OpenAPI 3.2 adds to 3.1, rewritten first so that [`super::v31`]
//! then reads a 3.1 document (with `x-` extensions for what 3.0 cannot say).
//!
//! | 3.2 | becomes |
//! |---|---|
//! | the `query` method, `additionalOperations` | `x-additional-operations` on the path item, keyed by the method as sent (`QUERY`, and each custom method as written), which the loader reads as operations |
//! | `in: querystring` | `in: query`, `style: form`, `explode: true` with the schema of its `application/x-www-form-urlencoded` content (an object whose properties are the query's names); other content stays `content`, which the lowering reports |
//! | a media type's `itemSchema` | `x-item-schema`, rewritten as a schema: a response's is the type of a streamed body's items; a request body's gets a warning (a request body is sent whole) |
//! | `itemEncoding`, `prefixEncoding` | `x-item-encoding`, `x-prefix-encoding`, with a warning |
//! | a tag's `parent`, `kind`, `summary` | `x-parent`, `x-kind`, `x-summary` |
//! | `$self` | removed: the client resolves no relative reference against it |
//! | `components/mediaTypes` | removed, with a warning |

use serde_yaml::{Mapping, Value};

use super::{key_text, Found, ADDITIONAL_OPERATIONS as EXTENSION};
use crate::diagnostics::Code;

/// The media type whose schema describes a whole query string.
const FORM: &str = "application/x-www-form-urlencoded";

/// Rewrites the 3.2 additions of `value` as 3.1 (with extensions).
pub(super) fn rewrite(value: &mut Value, found: &mut Found) {
    let Value::Mapping(root) = value else {
        return;
    };
    root.shift_remove("$self");
    if let Some(Value::Sequence(tags)) = root.get_mut("tags") {
        for tag in tags.iter_mut().filter_map(Value::as_mapping_mut) {
            for key in ["parent", "kind", "summary"] {
                if let Some(field) = tag.shift_remove(key) {
                    tag.insert(format!("x-{key}").into(), field);
                }
            }
        }
    }
    let mut path = Vec::new();
    for section in ["paths", "webhooks"] {
        path.push(section.to_owned());
        if let Some(Value::Mapping(items)) = root.get_mut(section) {
            for (name, item) in items.iter_mut() {
                path.push(key_text(name));
                path_item(item, &path, found);
                path.pop();
            }
        }
        path.pop();
    }
    if let Some(Value::Mapping(components)) = root.get_mut("components") {
        if components.shift_remove("mediaTypes").is_some() {
            found.push(
                Code::UnmappedKeyword,
                &["components".to_owned(), "mediaTypes".to_owned()],
                "reusable media types (`components/mediaTypes`) are not read; a `$ref` to one is not followed".to_owned(),
                "write the media type where it is used",
            );
        }
        path.push("components".to_owned());
        for section in ["parameters", "headers"] {
            path.push(section.to_owned());
            if let Some(Value::Mapping(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    path.push(key_text(name));
                    parameter(item, &path, found);
                    path.pop();
                }
            }
            path.pop();
        }
        for section in ["pathItems", "callbacks"] {
            path.push(section.to_owned());
            if let Some(Value::Mapping(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    path.push(key_text(name));
                    if section == "pathItems" {
                        path_item(item, &path, found);
                    } else if let Value::Mapping(callback) = item {
                        for (expression, item) in callback.iter_mut() {
                            path.push(key_text(expression));
                            path_item(item, &path, found);
                            path.pop();
                        }
                    }
                    path.pop();
                }
            }
            path.pop();
        }
        path.pop();
    }
    media_types(value, &mut Vec::new(), found);
}

fn path_item(value: &mut Value, path: &[String], found: &mut Found) {
    let Value::Mapping(item) = value else {
        return;
    };
    // `query` first, then the custom methods as written (HTTP methods are
    // case-sensitive: the key is the method sent).
    let mut additional: Vec<(String, Value, Vec<String>)> = Vec::new();
    if let Some(query) = item.shift_remove("query") {
        additional.push(("QUERY".to_owned(), query, vec!["query".to_owned()]));
    }
    if let Some(Value::Mapping(operations)) = item.shift_remove("additionalOperations") {
        for (method, operation) in operations {
            let method = key_text(&method);
            let before = vec!["additionalOperations".to_owned(), method.clone()];
            additional.push((method, operation, before));
        }
    }
    if !additional.is_empty() {
        let mut moves = Vec::new();
        let mut operations = Mapping::new();
        for (method, operation, before) in additional {
            moves.push((vec![EXTENSION.to_owned(), method.clone()], before));
            operations.insert(Value::String(method), operation);
        }
        item.insert(EXTENSION.into(), Value::Mapping(operations));
        found.moved(path, moves);
    }
    let mut each_parameter = |holder: &mut Mapping, at: &[String]| {
        if let Some(Value::Sequence(parameters)) = holder.get_mut("parameters") {
            for (index, value) in parameters.iter_mut().enumerate() {
                let mut place = at.to_vec();
                place.extend(["parameters".to_owned(), index.to_string()]);
                parameter(value, &place, found);
            }
        }
    };
    each_parameter(item, path);
    for method in super::v31::METHODS {
        if let Some(Value::Mapping(operation)) = item.get_mut(method) {
            let mut at = path.to_vec();
            at.push(method.to_owned());
            each_parameter(operation, &at);
        }
    }
    if let Some(Value::Mapping(operations)) = item.get_mut(EXTENSION) {
        for (method, operation) in operations.iter_mut() {
            if let Value::Mapping(operation) = operation {
                let mut at = path.to_vec();
                at.extend([EXTENSION.to_owned(), key_text(method)]);
                each_parameter(operation, &at);
            }
        }
    }
}

/// `in: querystring` as an exploded form object in the query; the
/// parameter stands at `path`.
fn parameter(value: &mut Value, path: &[String], found: &mut Found) {
    let Value::Mapping(parameter) = value else {
        return;
    };
    if parameter.get("in").and_then(Value::as_str) != Some("querystring") {
        return;
    }
    parameter.insert("in".into(), "query".into());
    let schema = parameter
        .get("content")
        .and_then(|content| content.get(FORM))
        .and_then(|media| media.get("schema"))
        .cloned();
    if let Some(schema) = schema {
        parameter.shift_remove("content");
        parameter.insert("schema".into(), schema);
        found.moved(
            path,
            vec![(
                vec!["schema".to_owned()],
                ["content", FORM, "schema"].map(str::to_owned).to_vec(),
            )],
        );
        parameter.insert("style".into(), "form".into());
        parameter.insert("explode".into(), true.into());
    }
}

/// `itemSchema`, `itemEncoding` and `prefixEncoding` of every media type
/// (any mapping under a `content` mapping) as extensions, each moved (so a
/// diagnostic inside names the field as written) and each with a warning
/// where it is not read: the client reads a response's `itemSchema` as the
/// type of a streamed body's items (`load::item_schemas`), and sends a
/// request body whole, not as a sequence of items. `path` holds the tokens
/// down to `value`.
fn media_types(value: &mut Value, path: &mut Vec<String>, found: &mut Found) {
    match value {
        Value::Mapping(mapping) => {
            for (key, child) in mapping.iter_mut() {
                let key = key_text(key);
                if matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                    || (key.starts_with("x-") && key != EXTENSION)
                {
                    continue;
                }
                path.push(key.clone());
                if key == "content" {
                    if let Value::Mapping(media) = child {
                        for (name, media_type) in media.iter_mut() {
                            if let Value::Mapping(fields) = media_type {
                                path.push(key_text(name));
                                for (from, to) in [
                                    ("itemSchema", "x-item-schema"),
                                    ("itemEncoding", "x-item-encoding"),
                                    ("prefixEncoding", "x-prefix-encoding"),
                                ] {
                                    if let Some(field) = fields.shift_remove(from) {
                                        fields.insert(to.into(), field);
                                        found.moved(
                                            path,
                                            vec![(vec![to.to_owned()], vec![from.to_owned()])],
                                        );
                                        if from == "itemSchema" && is_response_media_type(path) {
                                            // Read: a streamed response's items.
                                            continue;
                                        }
                                        let mut at = path.clone();
                                        at.push(from.to_owned());
                                        found.push(
                                            Code::UnmappedKeyword,
                                            &at,
                                            format!("`{from}` is not followed: the client reads and sends this body whole, not item by item"),
                                            "",
                                        );
                                    }
                                }
                                path.pop();
                            }
                        }
                    }
                }
                media_types(child, path, found);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                path.push(index.to_string());
                media_types(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Whether `path` (its last two tokens `content` and a media type) is a
/// media type of a response whose `itemSchema` the client reads: an
/// operation's under `paths` or a shared one under `components/responses`,
/// as `load::item_schemas` collects them.
fn is_response_media_type(path: &[String]) -> bool {
    let Some(response) = path.len().checked_sub(2).map(|end| &path[..end]) else {
        return false;
    };
    match response {
        [paths, _, _, responses, _] => paths == "paths" && responses == "responses",
        [components, responses, _] => components == "components" && responses == "responses",
        _ => false,
    }
}

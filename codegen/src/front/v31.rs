//! OpenAPI 3.1 (and JSON Schema 2020-12, its schema language) rewritten as
//! OpenAPI 3.0, node by node in place.
//!
//! The walk knows where schemas stand (components, parameters, media types,
//! headers, and the keywords of a schema that hold schemas), so a property
//! named `type` or `const` is never mistaken for a keyword, and examples,
//! defaults and extensions (data) are never touched. Each schema is
//! rewritten before its subschemas, for what it reads of them as written
//! (a `{type: "null"}` alternative), and after them for the rest.
//!
//! What each keyword becomes:
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]` | `type: T, nullable: true` |
//! | `type: [T, U, ...]` | `anyOf` of one schema per type, each with the keywords of its type |
//! | `anyOf` / `oneOf` with a `{type: "null"}` alternative | the others, `nullable: true`; one `$ref` left becomes `allOf: [$ref]` |
//! | `{type: "null"}` alone, `const: null` | `nullable: true` without a type |
//! | `const: V` | `enum: [V]`, with the type of `V` when none is given |
//! | `oneOf` / `anyOf` of `const`s (with titles, descriptions) | `enum`, with `x-enum-varnames` and `x-enum-descriptions` |
//! | `examples: [V, ...]` | `example: V` |
//! | `exclusiveMinimum: N` | `minimum: N, exclusiveMinimum: true` (and the maximum alike) |
//! | `$ref` with siblings | `allOf: [$ref]` with the siblings (`summary` as the description when there is none) |
//! | `$defs` | lifted into `components/schemas`, `$ref`s to them rewritten |
//! | `$anchor`, `$id` | `$ref`s by anchor or id rewritten to pointers |
//! | `prefixItems` | `items` (one schema, or `anyOf` of the positions'), `maxItems` when `items: false`; a warning when positions differ |
//! | `true` / `false` schema | `{}` / `{not: {}}` |
//! | `contentEncoding: base64` | `format: byte` (`binary`: `format: binary`) |
//! | `contentMediaType` | `format: binary` |
//! | `patternProperties` | `additionalProperties` (the pattern is not checked) |
//! | `dependentRequired`, `dependentSchemas`, `if`/`then`/`else`, `contains`, `propertyNames`, `unevaluated*`, `$comment`, `$schema` | removed: validation the client does not do (documented) |
//! | `$dynamicRef`, `$dynamicAnchor` | removed, with a warning |
//! | `webhooks` | `x-webhooks`, rewritten like paths |
//! | `components/pathItems`, path item `$ref` | the path item inlined |
//! | `info.summary` | the description when there is none, else `x-summary` |
//! | `license.identifier` | `x-identifier` |
//! | `jsonSchemaDialect` | removed; a warning when it is not OpenAPI's own |
//! | `mutualTLS` security scheme | `x-mutual-tls` in the components, out of every requirement, with a warning |

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use super::{key_text, tokens, Found, ADDITIONAL_OPERATIONS};
use crate::diagnostics::Code;

/// The dialect a 3.1 document's schemas have unless it says otherwise.
const OPENAPI_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// The HTTP methods of a 3.0 path item.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Schema keywords of one type, moved into that type's alternative when a
/// `type` list is split.
const TYPE_KEYWORDS: [(&str, &[&str]); 6] = [
    ("string", &["minLength", "maxLength", "pattern", "format"]),
    (
        "integer",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
    ),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
    ),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
    ),
    ("boolean", &[]),
];

/// Keywords of JSON Schema that only validate values (or annotate them) in
/// ways the client does not check: removed, as the README documents.
const UNCHECKED: [&str; 14] = [
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "$comment",
    "$schema",
    "$vocabulary",
];

/// One step's moves, relative to the schema rewritten: `(after, before)`.
type Moves = Vec<(Vec<String>, Vec<String>)>;

/// A move between two places written as `/`-separated tokens.
fn step(after: &str, before: &str) -> (Vec<String>, Vec<String>) {
    (tokens(after), tokens(before))
}

/// Rewrites the 3.1 document `value` as 3.0.
pub(super) fn rewrite(value: &mut Value, found: &mut Found) {
    let Value::Mapping(root) = value else {
        return;
    };
    let mut rewriter = Rewriter {
        found,
        path: Vec::new(),
        references: BTreeMap::new(),
        lifted: Vec::new(),
        taken: root
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_mapping)
            .map(|schemas| schemas.keys().map(key_text).collect())
            .unwrap_or_default(),
    };
    rewriter.root(root);
    let Rewriter {
        references, lifted, ..
    } = rewriter;
    if !lifted.is_empty() {
        let components = entry(root, "components");
        let schemas = entry(components, "schemas");
        for (name, schema, from) in lifted {
            found.moved(
                &[],
                vec![(
                    vec!["components".to_owned(), "schemas".to_owned(), name.clone()],
                    from,
                )],
            );
            schemas.insert(name.into(), schema);
        }
    }
    if !references.is_empty() {
        rewrite_references(value, &references);
    }
}

/// The mapping under `key` of `mapping`, made when missing (or not a
/// mapping).
fn entry<'m>(mapping: &'m mut Mapping, key: &str) -> &'m mut Mapping {
    if !mapping.get(key).is_some_and(Value::is_mapping) {
        mapping.insert(key.into(), Value::Mapping(Mapping::new()));
    }
    match mapping.get_mut(key) {
        Some(Value::Mapping(inner)) => inner,
        _ => unreachable!("inserted above"),
    }
}

/// The walk's state.
struct Rewriter<'w> {
    found: &'w mut Found,
    /// Where the walk is (unescaped tokens).
    path: Vec<String>,
    /// `$ref` texts to rewrite (`#/components/schemas/A/$defs/B`, an
    /// anchor `#b`, an `$id`) -> the reference they become.
    references: BTreeMap<String, String>,
    /// `$defs` lifted into components, with their new names and where
    /// they stood.
    lifted: Vec<(String, Value, Vec<String>)>,
    /// The component schema names in use.
    taken: BTreeSet<String>,
}

impl Rewriter<'_> {
    /// Runs `f` on the child `key` of `mapping` when there is one, with the
    /// path extended by `key`.
    fn child(&mut self, mapping: &mut Mapping, key: &str, f: fn(&mut Self, &mut Value)) {
        if let Some(child) = mapping.get_mut(key) {
            self.path.push(key.to_owned());
            f(self, child);
            self.path.pop();
        }
    }

    /// Runs `f` on every value of the mapping under `key`.
    fn each_value(&mut self, mapping: &mut Mapping, key: &str, f: fn(&mut Self, &mut Value)) {
        if let Some(Value::Mapping(children)) = mapping.get_mut(key) {
            self.path.push(key.to_owned());
            for (name, child) in children.iter_mut() {
                self.path.push(key_text(name));
                f(self, child);
                self.path.pop();
            }
            self.path.pop();
        }
    }

    /// Runs `f` on every item of the list under `key`.
    fn each_item(&mut self, mapping: &mut Mapping, key: &str, f: fn(&mut Self, &mut Value)) {
        if let Some(Value::Sequence(children)) = mapping.get_mut(key) {
            self.path.push(key.to_owned());
            for (index, child) in children.iter_mut().enumerate() {
                self.path.push(index.to_string());
                f(self, child);
                self.path.pop();
            }
            self.path.pop();
        }
    }

    /// Records one step's moves below the current place.
    fn moved(&mut self, moves: Moves) {
        self.found.moved(&self.path, moves);
    }

    /// Records a warning at the current place, or below it at `key`.
    fn warn(&mut self, code: Code, key: Option<&str>, message: String, hint: &str) {
        let mut path = self.path.clone();
        path.extend(key.map(str::to_owned));
        self.found.push(code, &path, message, hint);
    }

    /// The current place as a local `$ref`.
    fn here(&self) -> String {
        let mut text = String::from("#");
        for token in &self.path {
            text.push('/');
            text.push_str(&token.replace('~', "~0").replace('/', "~1"));
        }
        text
    }

    fn root(&mut self, root: &mut Mapping) {
        if let Some(Value::Mapping(info)) = root.get_mut("info") {
            if let Some(summary) = info.shift_remove("summary") {
                let key = if info.contains_key("description") {
                    "x-summary"
                } else {
                    "description"
                };
                info.insert(key.into(), summary);
                self.found
                    .moved(&[], vec![step(&format!("info/{key}"), "info/summary")]);
            }
            if let Some(Value::Mapping(license)) = info.get_mut("license") {
                if let Some(identifier) = license.shift_remove("identifier") {
                    license.insert("x-identifier".into(), identifier);
                }
            }
        }
        if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
            if dialect.as_str() != Some(OPENAPI_DIALECT) {
                self.warn(
                    Code::UnmappedKeyword,
                    Some("jsonSchemaDialect"),
                    format!(
                        "the schemas are said to be of the dialect {}; they are read as OpenAPI 3.1's own (JSON Schema 2020-12)",
                        serde_yaml::to_string(&dialect).unwrap_or_default().trim()
                    ),
                    "",
                );
            }
        }
        let path_items = match root.get_mut("components") {
            Some(Value::Mapping(components)) => components.shift_remove("pathItems"),
            _ => None,
        };
        if let Some(Value::Mapping(path_items)) = &path_items {
            inline_path_items(root, path_items, self.found);
        }
        if !root.contains_key("paths") {
            root.insert("paths".into(), Value::Mapping(Mapping::new()));
        }
        if let Some(webhooks) = root.shift_remove("webhooks") {
            root.insert("x-webhooks".into(), webhooks);
            self.found.moved(&[], vec![step("x-webhooks", "webhooks")]);
        }
        if let Some(Value::Mapping(components)) = root.get_mut("components") {
            self.path.push("components".to_owned());
            self.each_value(components, "schemas", Self::schema);
            self.each_value(components, "parameters", Self::parameter);
            self.each_value(components, "headers", Self::header);
            self.each_value(components, "requestBodies", Self::content_holder);
            self.each_value(components, "responses", Self::response);
            self.each_value(components, "callbacks", Self::callback);
            self.path.pop();
        }
        self.mutual_tls(root);
        self.each_value(root, "paths", Self::path_item);
        self.each_value(root, "x-webhooks", Self::path_item);
    }

    fn callback(&mut self, value: &mut Value) {
        if let Value::Mapping(callback) = value {
            for (expression, item) in callback.iter_mut() {
                self.path.push(key_text(expression));
                self.path_item(item);
                self.path.pop();
            }
        }
    }

    fn path_item(&mut self, value: &mut Value) {
        let Value::Mapping(item) = value else {
            return;
        };
        self.each_item(item, "parameters", Self::parameter);
        for method in METHODS {
            self.child(item, method, Self::operation);
        }
        self.each_value(item, ADDITIONAL_OPERATIONS, Self::operation);
    }

    fn operation(&mut self, value: &mut Value) {
        let Value::Mapping(operation) = value else {
            return;
        };
        self.each_item(operation, "parameters", Self::parameter);
        self.child(operation, "requestBody", Self::content_holder);
        self.each_value(operation, "responses", Self::response);
        self.each_value(operation, "callbacks", Self::callback);
    }

    fn parameter(&mut self, value: &mut Value) {
        let Value::Mapping(parameter) = value else {
            return;
        };
        self.reference_siblings(parameter, "parameter or header");
        self.child(parameter, "schema", Self::schema);
        self.content_holder_mapping(parameter);
    }

    fn header(&mut self, value: &mut Value) {
        self.parameter(value);
    }

    fn response(&mut self, value: &mut Value) {
        let Value::Mapping(response) = value else {
            return;
        };
        self.reference_siblings(response, "response");
        self.each_value(response, "headers", Self::header);
        self.content_holder_mapping(response);
    }

    fn content_holder(&mut self, value: &mut Value) {
        if let Value::Mapping(holder) = value {
            self.reference_siblings(holder, "request body");
            self.content_holder_mapping(holder);
        }
    }

    fn content_holder_mapping(&mut self, holder: &mut Mapping) {
        self.each_value(holder, "content", Self::media_type);
    }

    fn media_type(&mut self, value: &mut Value) {
        let Value::Mapping(media) = value else {
            return;
        };
        self.child(media, "schema", Self::schema);
        self.child(media, "x-item-schema", Self::schema);
        if let Some(Value::Mapping(encodings)) = media.get_mut("encoding") {
            self.path.push("encoding".to_owned());
            for (name, encoding) in encodings.iter_mut() {
                self.path.push(key_text(name));
                if let Value::Mapping(encoding) = encoding {
                    self.each_value(encoding, "headers", Self::header);
                }
                self.path.pop();
            }
            self.path.pop();
        }
    }

    /// 3.1 lets a `$ref` to a parameter, response or request body (`what`)
    /// have a `summary` and `description` that override the target's; 3.0's
    /// model keeps only the `$ref`, so the target's own text is used. Each
    /// is removed with a warning at its place, never silently.
    fn reference_siblings(&mut self, mapping: &mut Mapping, what: &str) {
        if !mapping.contains_key("$ref") {
            return;
        }
        for key in ["summary", "description"] {
            if mapping.shift_remove(key).is_some() {
                self.warn(
                    Code::UnmappedKeyword,
                    Some(key),
                    format!(
                        "the `{key}` beside a `$ref` to a {what} is not used: the referenced component's own text documents it"
                    ),
                    "move the text into the referenced component, or write the component here in place of the `$ref`",
                );
            }
        }
    }

    /// Moves `mutualTLS` security schemes (which 3.0 lacks and the client
    /// cannot send: the certificate belongs to the connection) to the
    /// components' `x-mutual-tls` and out of every security requirement,
    /// with a warning: the operations go as if they needed nothing more,
    /// which is what the client can do about them.
    fn mutual_tls(&mut self, root: &mut Mapping) {
        let Some(Value::Mapping(components)) = root.get_mut("components") else {
            return;
        };
        let Some(Value::Mapping(schemes)) = components.get_mut("securitySchemes") else {
            return;
        };
        let names: Vec<Value> = schemes
            .iter()
            .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(name, _)| name.clone())
            .collect();
        if names.is_empty() {
            return;
        }
        let mut moved = Mapping::new();
        for name in &names {
            if let Some(scheme) = schemes.shift_remove(name) {
                moved.insert(name.clone(), scheme);
            }
            self.found.push(
                Code::MutualTlsScheme,
                &[
                    "components".to_owned(),
                    "securitySchemes".to_owned(),
                    key_text(name),
                ],
                "a `mutualTLS` security scheme: the client sends no certificate of its own, and operations that need it are sent as if they needed nothing more".to_owned(),
                "build a `reqwest::Client` with the certificate (`reqwest::Identity`) and hand it to `ClientBuilder::http_client`",
            );
        }
        components.insert("x-mutual-tls".into(), Value::Mapping(moved));
        let strip = |holder: &mut Mapping| {
            if let Some(Value::Sequence(requirements)) = holder.get_mut("security") {
                for requirement in requirements.iter_mut().filter_map(Value::as_mapping_mut) {
                    for name in &names {
                        requirement.shift_remove(name);
                    }
                }
            }
        };
        strip(root);
        for section in ["paths", "x-webhooks"] {
            if let Some(Value::Mapping(items)) = root.get_mut(section) {
                for item in items.values_mut().filter_map(Value::as_mapping_mut) {
                    for method in METHODS {
                        if let Some(Value::Mapping(operation)) = item.get_mut(method) {
                            strip(operation);
                        }
                    }
                    if let Some(Value::Mapping(operations)) = item.get_mut(ADDITIONAL_OPERATIONS) {
                        for operation in operations.values_mut().filter_map(Value::as_mapping_mut) {
                            strip(operation);
                        }
                    }
                }
            }
        }
    }

    /// Rewrites one schema and, through it, its subschemas.
    fn schema(&mut self, value: &mut Value) {
        let schema = match value {
            Value::Bool(true) => {
                *value = Value::Mapping(Mapping::new());
                return;
            }
            Value::Bool(false) => {
                let mut never = Mapping::new();
                never.insert("not".into(), Value::Mapping(Mapping::new()));
                *value = Value::Mapping(never);
                self.moved(vec![step("not", "")]);
                return;
            }
            Value::Mapping(schema) => schema,
            _ => return,
        };
        self.identifiers(schema);
        let moves = split_type_list(schema);
        self.moved(moves);
        for key in ["anyOf", "oneOf"] {
            let moves = lift_null_alternative(schema, key);
            self.moved(moves);
        }
        for key in ["oneOf", "anyOf"] {
            let moves = fold_constant_alternatives(schema, key);
            self.moved(moves);
        }
        // The subschemas.
        for key in ["items", "not"] {
            self.child(schema, key, Self::schema);
        }
        // `additionalProperties: false` is 3.0 too.
        if schema
            .get("additionalProperties")
            .is_some_and(Value::is_mapping)
        {
            self.child(schema, "additionalProperties", Self::schema);
        }
        for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            self.each_item(schema, key, Self::schema);
        }
        for key in ["properties", "patternProperties"] {
            self.each_value(schema, key, Self::schema);
        }
        self.lift_definitions(schema);
        // The schema itself.
        if let Some(reference) = schema.get("$ref").cloned() {
            let moves = wrap_reference(schema, reference);
            self.moved(moves);
        }
        if schema.get("type").and_then(Value::as_str) == Some("null") {
            schema.shift_remove("type");
            schema.insert("nullable".into(), true.into());
            self.found.null_schema(&self.path);
        } else if schema.get("const") == Some(&Value::Null) {
            self.found.null_schema(&self.path);
        }
        let moves = constant(schema);
        self.moved(moves);
        if let Some(Value::Sequence(examples)) = schema.get("examples") {
            let first = examples.first().cloned();
            schema.shift_remove("examples");
            if let (Some(first), false) = (first, schema.contains_key("example")) {
                schema.insert("example".into(), first);
                self.moved(vec![step("example", "examples/0")]);
            }
        }
        let moves = exclusive_bound(schema, "exclusiveMinimum", "minimum", |a, b| a >= b);
        self.moved(moves);
        let moves = exclusive_bound(schema, "exclusiveMaximum", "maximum", |a, b| a <= b);
        self.moved(moves);
        self.content_keywords(schema);
        self.tuple(schema);
        self.pattern_properties(schema);
        for key in UNCHECKED {
            schema.shift_remove(key);
        }
        for key in [
            "$dynamicRef",
            "$dynamicAnchor",
            "$recursiveRef",
            "$recursiveAnchor",
        ] {
            if schema.shift_remove(key).is_some() {
                self.warn(
                    Code::UnmappedKeyword,
                    Some(key),
                    format!("`{key}` is not followed; the schema is read without it"),
                    "write a `$ref` to a component schema instead",
                );
            }
        }
        // OpenAPI 3.2: the schema a value without the property (or with an
        // unknown value) is read as.
        if let Some(Value::Mapping(discriminator)) = schema.get_mut("discriminator") {
            if discriminator.shift_remove("defaultMapping").is_some() {
                self.path.push("discriminator".to_owned());
                self.warn(
                    Code::UnmappedKeyword,
                    Some("defaultMapping"),
                    "`defaultMapping` is not followed: a value whose tag is missing or unknown is not read as its schema".to_owned(),
                    "",
                );
                self.path.pop();
            }
        }
    }

    /// Records `$anchor` and `$id` for the `$ref`s that use them, and
    /// removes them.
    fn identifiers(&mut self, schema: &mut Mapping) {
        let here = self.here();
        if let Some(Value::String(anchor)) = schema.shift_remove("$anchor") {
            self.references.insert(format!("#{anchor}"), here.clone());
        }
        if let Some(Value::String(id)) = schema.shift_remove("$id") {
            self.references.insert(id, here);
        }
    }

    /// Moves the schema's `$defs` into `components/schemas`, each under
    /// its own name unless taken (then the parent's place names it).
    fn lift_definitions(&mut self, schema: &mut Mapping) {
        let Some(Value::Mapping(mut definitions)) = schema.shift_remove("$defs") else {
            return;
        };
        self.path.push("$defs".to_owned());
        for (name, definition) in definitions.iter_mut() {
            let name = key_text(name);
            self.path.push(name.clone());
            self.schema(definition);
            let old = self.here();
            self.path.pop();
            let parent = self
                .path
                .iter()
                .rev()
                .find(|token| *token != "$defs")
                .cloned()
                .unwrap_or_default();
            let mut given = name.clone();
            let mut suffix = 1;
            while self.taken.contains(&given) {
                given = if suffix == 1 {
                    format!("{parent}{name}")
                } else {
                    format!("{parent}{name}{suffix}")
                };
                suffix += 1;
            }
            self.taken.insert(given.clone());
            self.references
                .insert(old, format!("#/components/schemas/{given}"));
            let mut from = self.path.clone();
            from.push(name);
            self.lifted
                .push((given, std::mem::replace(definition, Value::Null), from));
        }
        self.path.pop();
    }

    /// `contentEncoding` and `contentMediaType` as 3.0's string formats.
    fn content_keywords(&mut self, schema: &mut Mapping) {
        let encoding = schema.shift_remove("contentEncoding");
        let media_type = schema.shift_remove("contentMediaType");
        schema.shift_remove("contentSchema");
        let format = match encoding.as_ref().and_then(Value::as_str) {
            Some("base64" | "base64url") => Some("byte"),
            // Not an encoding of RFC 4648 but a common spelling of "the
            // bytes as they are" (a file part).
            Some("binary") => Some("binary"),
            Some(other) => {
                self.warn(
                    Code::UnmappedKeyword,
                    Some("contentEncoding"),
                    format!("the content encoding `{other}` is not decoded; the value is a string"),
                    "",
                );
                None
            }
            None => media_type.is_some().then_some("binary"),
        };
        if let (Some(format), false) = (format, schema.contains_key("format")) {
            if !schema.contains_key("type") {
                schema.insert("type".into(), "string".into());
            }
            schema.insert("format".into(), format.into());
            let from = if encoding.is_some() {
                "contentEncoding"
            } else {
                "contentMediaType"
            };
            self.moved(vec![step("format", from)]);
        }
    }

    /// `prefixItems` (a tuple) as a list of the positions' schemas.
    fn tuple(&mut self, schema: &mut Mapping) {
        let closed = schema.get("items") == Some(&Value::Bool(false))
            || schema.get("items").and_then(|items| items.get("not"))
                == Some(&Value::Mapping(Mapping::new()));
        let Some(Value::Sequence(positions)) = schema.shift_remove("prefixItems") else {
            if closed {
                // No item at all.
                schema.insert("maxItems".into(), 0.into());
                schema.shift_remove("items");
            }
            return;
        };
        let mut alternatives: Vec<Value> = Vec::new();
        // Where each alternative stood (its first position, or `items`).
        let mut origins: Vec<Vec<String>> = Vec::new();
        for (index, position) in positions.iter().cloned().enumerate() {
            if !alternatives.contains(&position) {
                alternatives.push(position);
                origins.push(vec!["prefixItems".to_owned(), index.to_string()]);
            }
        }
        if !closed {
            if let Some(rest) = schema.get("items").cloned() {
                if !alternatives.contains(&rest) {
                    alternatives.push(rest);
                    origins.push(vec!["items".to_owned()]);
                }
            }
        } else if !schema.contains_key("maxItems") {
            schema.insert("maxItems".into(), positions.len().into());
        }
        if alternatives.len() > 1 {
            self.warn(
                Code::UnmappedKeyword,
                Some("prefixItems"),
                format!(
                    "a tuple of {} positions is read as a list whose items may be any of them; which position holds which is not checked",
                    positions.len()
                ),
                "",
            );
        }
        let (items, moves) = one_or_any_of(alternatives, origins, "items", "prefixItems");
        self.moved(moves);
        schema.insert("items".into(), items);
        if !schema.contains_key("type") {
            schema.insert("type".into(), "array".into());
        }
    }

    /// `patternProperties` as `additionalProperties`.
    fn pattern_properties(&mut self, schema: &mut Mapping) {
        let Some(Value::Mapping(patterns)) = schema.shift_remove("patternProperties") else {
            return;
        };
        let open = match schema.get("additionalProperties") {
            None | Some(Value::Bool(true)) => true,
            Some(Value::Mapping(additional)) => additional.is_empty(),
            _ => false,
        };
        if !open {
            self.warn(
                Code::UnmappedKeyword,
                Some("patternProperties"),
                "`patternProperties` beside `additionalProperties`: the properties whose names match a pattern are read as the additional ones".to_owned(),
                "",
            );
            return;
        }
        let mut alternatives: Vec<Value> = Vec::new();
        let mut origins: Vec<Vec<String>> = Vec::new();
        for (pattern, pattern_schema) in patterns {
            if !alternatives.contains(&pattern_schema) {
                alternatives.push(pattern_schema);
                origins.push(vec!["patternProperties".to_owned(), key_text(&pattern)]);
            }
        }
        let (additional, moves) = one_or_any_of(
            alternatives,
            origins,
            "additionalProperties",
            "patternProperties",
        );
        self.moved(moves);
        schema.insert("additionalProperties".into(), additional);
        if !schema.contains_key("type") {
            schema.insert("type".into(), "object".into());
        }
    }
}

/// The schema that stands at `to` for `alternatives` (each from the place
/// of the same index in `origins`): the one alternative, or an `anyOf` of
/// them, with the moves that map the new places back (the `anyOf` itself
/// back to `from`).
fn one_or_any_of(
    alternatives: Vec<Value>,
    origins: Vec<Vec<String>>,
    to: &str,
    from: &str,
) -> (Value, Moves) {
    match <[Value; 1]>::try_from(alternatives) {
        Ok([one]) => {
            let moves = origins
                .into_iter()
                .take(1)
                .map(|origin| (tokens(to), origin))
                .collect();
            (one, moves)
        }
        Err(alternatives) => {
            let mut any = Mapping::new();
            any.insert("anyOf".into(), Value::Sequence(alternatives));
            let moves = origins
                .into_iter()
                .enumerate()
                .map(|(index, origin)| (tokens(&format!("{to}/anyOf/{index}")), origin))
                .chain([step(to, from)])
                .collect();
            (Value::Mapping(any), moves)
        }
    }
}

/// Inlines every path item written as a `$ref` to `components/pathItems`
/// (3.0 has neither): the referenced item, with the `$ref`'s own fields
/// over it.
fn inline_path_items(root: &mut Mapping, path_items: &Mapping, found: &mut Found) {
    for section in ["paths", "webhooks"] {
        let Some(Value::Mapping(paths)) = root.get_mut(section) else {
            continue;
        };
        for (path, item) in paths.iter_mut() {
            let Value::Mapping(fields) = item else {
                continue;
            };
            let mut moves: Moves = Vec::new();
            // A chain of path items by reference, followed a bounded number
            // of times (a cycle stays a `$ref`, which the model refuses).
            for _ in 0..8 {
                let Some(name) = fields
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                    .map(|name| name.replace("~1", "/").replace("~0", "~"))
                else {
                    break;
                };
                let Some(Value::Mapping(target)) = path_items.get(name.as_str()) else {
                    break;
                };
                fields.shift_remove("$ref");
                for (key, field) in target {
                    if !fields.contains_key(key) {
                        fields.insert(key.clone(), field.clone());
                        moves.push((
                            vec![section.to_owned(), key_text(path), key_text(key)],
                            ["components", "pathItems", name.as_str()]
                                .into_iter()
                                .map(str::to_owned)
                                .chain([key_text(key)])
                                .collect(),
                        ));
                    }
                }
            }
            found.moved(&[], moves);
        }
    }
}

/// Splits a `type` list: `"null"` becomes `nullable`, one type left is the
/// type, several become an `anyOf` of one schema each. Returns the moves.
fn split_type_list(schema: &mut Mapping) -> Moves {
    let Some(Value::Sequence(types)) = schema.get("type") else {
        return Vec::new();
    };
    let mut types: Vec<String> = types
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let had_null = types.iter().any(|t| t == "null");
    types.retain(|t| t != "null");
    types.dedup();
    schema.shift_remove("type");
    if had_null {
        schema.insert("nullable".into(), true.into());
    }
    match types.as_slice() {
        [] => {
            if had_null {
                schema.insert("type".into(), "null".into());
            }
            Vec::new()
        }
        [one] => {
            schema.insert("type".into(), one.as_str().into());
            Vec::new()
        }
        several => {
            // A schema that has an `anyOf` of its own must satisfy both: the
            // types' `anyOf` then joins it as one more part of an `allOf`.
            let existing_any_of = schema.contains_key("anyOf");
            let base = if existing_any_of {
                let parts = match schema.get("allOf") {
                    Some(Value::Sequence(parts)) => parts.len(),
                    _ => 0,
                };
                format!("allOf/{parts}/anyOf")
            } else {
                "anyOf".to_owned()
            };
            let mut alternatives = Vec::new();
            let mut moves = Vec::new();
            for (index, name) in several.iter().enumerate() {
                // Each alternative is made of the schema's own keywords.
                moves.push(step(&format!("{base}/{index}"), ""));
                let mut alternative = Mapping::new();
                alternative.insert("type".into(), name.as_str().into());
                let keywords = TYPE_KEYWORDS
                    .iter()
                    .find(|(type_name, _)| type_name == name)
                    .map(|(_, keywords)| *keywords)
                    .unwrap_or_default();
                for keyword in keywords {
                    if let Some(value) = schema.get(*keyword) {
                        alternative.insert((*keyword).into(), value.clone());
                    }
                }
                if let Some(Value::Sequence(values)) = schema.get("enum") {
                    let mut own: Vec<Value> = Vec::new();
                    for (at, value) in values.iter().enumerate() {
                        if json_type(value) == Some(name.as_str()) {
                            moves.push(step(
                                &format!("{base}/{index}/enum/{}", own.len()),
                                &format!("enum/{at}"),
                            ));
                            own.push(value.clone());
                        }
                    }
                    if !own.is_empty() {
                        alternative.insert("enum".into(), Value::Sequence(own));
                    }
                }
                alternatives.push(Value::Mapping(alternative));
            }
            for (_, keywords) in TYPE_KEYWORDS {
                for keyword in keywords {
                    schema.shift_remove(*keyword);
                }
            }
            schema.shift_remove("enum");
            if existing_any_of {
                let mut part = Mapping::new();
                part.insert("anyOf".into(), Value::Sequence(alternatives));
                match schema.get_mut("allOf") {
                    Some(Value::Sequence(parts)) => parts.push(Value::Mapping(part)),
                    _ => {
                        schema.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(part)]));
                    }
                }
            } else {
                schema.insert("anyOf".into(), Value::Sequence(alternatives));
            }
            moves
        }
    }
}

/// The JSON type of a value, as a schema's `type` names it (`integer` for
/// a whole number).
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::Null => Some("null"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_f64() => Some("number"),
        Value::Number(_) => Some("integer"),
        Value::String(_) => Some("string"),
        Value::Sequence(_) => Some("array"),
        Value::Mapping(_) => Some("object"),
        Value::Tagged(_) => None,
    }
}

/// Whether a schema, as written, accepts only `null`.
fn is_null_schema(schema: &Value) -> bool {
    let Value::Mapping(schema) = schema else {
        return false;
    };
    let only_null = |value: &Value| match value {
        Value::String(name) => name == "null",
        Value::Sequence(names) => names.iter().all(|n| n.as_str() == Some("null")),
        _ => false,
    };
    let keywords: Vec<String> = schema
        .keys()
        .map(key_text)
        .filter(|key| !matches!(key.as_str(), "description" | "title") && !key.starts_with("x-"))
        .collect();
    match keywords.as_slice() {
        [one] if one == "type" => schema.get("type").is_some_and(only_null),
        [one] if one == "const" => schema.get("const") == Some(&Value::Null),
        [one] if one == "enum" => schema.get("enum") == Some(&Value::Sequence(vec![Value::Null])),
        _ => false,
    }
}

/// `anyOf` / `oneOf` (`key`) with a null alternative: the others,
/// `nullable`. Returns the moves.
fn lift_null_alternative(schema: &mut Mapping, key: &str) -> Moves {
    let Some(Value::Sequence(alternatives)) = schema.get(key) else {
        return Vec::new();
    };
    if !alternatives.iter().any(is_null_schema) {
        return Vec::new();
    }
    // The alternatives left, with their places.
    let mut rest: Vec<(usize, Value)> = alternatives
        .iter()
        .enumerate()
        .filter(|(_, a)| !is_null_schema(a))
        .map(|(at, a)| (at, a.clone()))
        .collect();
    schema.insert("nullable".into(), true.into());
    let mut moves = Vec::new();
    match rest.len() {
        0 => {
            schema.shift_remove(key);
            if !schema.contains_key("type") {
                schema.insert("type".into(), "null".into());
            }
        }
        1 => {
            schema.shift_remove(key);
            let (at, only) = rest.remove(0);
            let lone_reference = only.as_mapping().is_some_and(|m| m.contains_key("$ref"));
            let conflicts = only.as_mapping().is_some_and(|m| {
                m.keys()
                    .any(|k| schema.contains_key(k) && !is_annotation(&key_text(k)))
            });
            match only {
                Value::Mapping(only) if !lone_reference && !conflicts => {
                    for (inner_key, inner) in only {
                        if !schema.contains_key(&inner_key) {
                            let name = key_text(&inner_key);
                            moves.push((
                                vec![name.clone()],
                                vec![key.to_owned(), at.to_string(), name],
                            ));
                            schema.insert(inner_key, inner);
                        }
                    }
                }
                other => {
                    let mut parts = match schema.shift_remove("allOf") {
                        Some(Value::Sequence(parts)) => parts,
                        _ => Vec::new(),
                    };
                    moves.extend((0..parts.len()).map(|part| {
                        step(&format!("allOf/{}", part + 1), &format!("allOf/{part}"))
                    }));
                    moves.push(step("allOf/0", &format!("{key}/{at}")));
                    parts.insert(0, other);
                    schema.insert("allOf".into(), Value::Sequence(parts));
                }
            }
        }
        _ => {
            for (index, (at, _)) in rest.iter().enumerate() {
                moves.push(step(&format!("{key}/{index}"), &format!("{key}/{at}")));
            }
            let rest = rest.into_iter().map(|(_, a)| a).collect();
            schema.insert(key.into(), Value::Sequence(rest));
        }
    }
    moves
}

/// `oneOf` / `anyOf` whose every alternative is a `const` (with a title or
/// a description: 3.1's way to name and document enum values) as one
/// `enum`, the titles kept as `x-enum-varnames` and the descriptions as
/// `x-enum-descriptions`. Returns the moves.
fn fold_constant_alternatives(schema: &mut Mapping, key: &str) -> Moves {
    {
        let Some(Value::Sequence(alternatives)) = schema.get(key) else {
            return Vec::new();
        };
        let constants: Option<Vec<&Mapping>> = alternatives
            .iter()
            .map(|alternative| {
                let fields = alternative.as_mapping()?;
                let only_constant = fields.contains_key("const")
                    && fields.keys().all(|k| {
                        let k = key_text(k);
                        k == "const" || k == "type" || is_annotation(&k)
                    });
                only_constant.then_some(fields)
            })
            .collect();
        let Some(constants) = constants.filter(|c| !c.is_empty()) else {
            return Vec::new();
        };
        let values: Vec<Value> = constants
            .iter()
            .filter_map(|c| c.get("const").cloned())
            .collect();
        let values_count = values.len();
        let text_of = |field: &str| -> Vec<Value> {
            constants
                .iter()
                .map(|c| c.get(field).cloned().unwrap_or_else(|| Value::from("")))
                .collect()
        };
        let titles = text_of("title");
        let descriptions = text_of("description");
        let has_titles = constants.iter().all(|c| c.contains_key("title"));
        let has_descriptions = constants.iter().any(|c| c.contains_key("description"));
        if !schema.contains_key("type") {
            if let Some(name) = values.iter().find_map(json_type).filter(|t| *t != "null") {
                schema.insert("type".into(), name.into());
            }
        }
        schema.shift_remove(key);
        schema.insert("enum".into(), Value::Sequence(values));
        if has_titles {
            schema.insert("x-enum-varnames".into(), Value::Sequence(titles));
        }
        if has_descriptions {
            schema.insert("x-enum-descriptions".into(), Value::Sequence(descriptions));
        }
        let count = values_count;
        (0..count)
            .map(|at| step(&format!("enum/{at}"), &format!("{key}/{at}/const")))
            .chain([step("enum", key)])
            .collect()
    }
}

/// Keywords that describe a value rather than constrain it.
fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "description"
            | "summary"
            | "default"
            | "example"
            | "examples"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "nullable"
            | "externalDocs"
    ) || key.starts_with("x-")
}

/// A `$ref` with siblings (allowed in 3.1, ignored in 3.0) becomes
/// `allOf: [{$ref}]` beside them. Returns the moves.
fn wrap_reference(schema: &mut Mapping, reference: Value) -> Moves {
    let mut moves = Vec::new();
    if schema.len() == 1 {
        return moves;
    }
    if let Some(summary) = schema.shift_remove("summary") {
        if !schema.contains_key("description") {
            schema.insert("description".into(), summary);
            moves.push(step("description", "summary"));
        }
    }
    if schema.len() == 1 {
        return moves;
    }
    schema.shift_remove("$ref");
    let mut part = Mapping::new();
    part.insert("$ref".into(), reference);
    let mut parts = match schema.shift_remove("allOf") {
        Some(Value::Sequence(parts)) => parts,
        _ => Vec::new(),
    };
    moves.extend(
        (0..parts.len()).map(|part| step(&format!("allOf/{}", part + 1), &format!("allOf/{part}"))),
    );
    // `allOf/0/$ref` was the schema's own `$ref`.
    moves.push(step("allOf/0", ""));
    parts.insert(0, Value::Mapping(part));
    schema.insert("allOf".into(), Value::Sequence(parts));
    moves
}

/// `const: V` as `enum: [V]` (falsy values included), typed by `V` when the
/// schema names no type; `const: null` as `nullable`. Returns the moves.
fn constant(schema: &mut Mapping) -> Moves {
    let Some(value) = schema.shift_remove("const") else {
        return Vec::new();
    };
    if value == Value::Null {
        schema.insert("nullable".into(), true.into());
        return Vec::new();
    }
    if !schema.contains_key("type") {
        if let Some(name) = json_type(&value) {
            schema.insert("type".into(), name.into());
        }
    }
    schema.insert("enum".into(), Value::Sequence(vec![value]));
    vec![step("enum/0", "const"), step("enum", "const")]
}

/// A numeric `exclusiveMinimum: N` (3.1) as `minimum: N` with the boolean
/// `exclusiveMinimum: true` (3.0), or the inclusive `minimum` alone when it
/// is the stricter bound; `stricter(a, b)` says whether bound `a` is at
/// least as strict as `b`.
fn exclusive_bound(
    schema: &mut Mapping,
    exclusive: &str,
    inclusive: &str,
    stricter: fn(f64, f64) -> bool,
) -> Moves {
    let Some(Value::Number(bound)) = schema.get(exclusive).cloned() else {
        return Vec::new();
    };
    schema.shift_remove(exclusive);
    let inclusive_bound = schema.get(inclusive).and_then(Value::as_f64);
    let bound_float = bound.as_f64().unwrap_or_default();
    if inclusive_bound.is_none_or(|other| stricter(bound_float, other)) {
        schema.insert(inclusive.into(), Value::Number(bound));
        schema.insert(exclusive.into(), true.into());
        return vec![step(inclusive, exclusive)];
    }
    Vec::new()
}

/// Rewrites every `$ref` of `value` found in `references` (outside data:
/// examples, defaults, enums, extensions other than `x-webhooks`).
fn rewrite_references(value: &mut Value, references: &BTreeMap<String, String>) {
    match value {
        Value::Mapping(mapping) => {
            for (key, child) in mapping.iter_mut() {
                let key = key_text(key);
                if key == "$ref" {
                    if let Some(target) = child.as_str().and_then(|r| references.get(r)) {
                        // An anchor or id into a lifted definition follows
                        // the definition.
                        let target = references.get(target).unwrap_or(target);
                        *child = Value::String(target.clone());
                    }
                } else if !matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                    && (!key.starts_with("x-") || key == "x-webhooks" || key == "x-item-schema")
                {
                    rewrite_references(child, references);
                }
            }
        }
        Value::Sequence(items) => {
            for item in items {
                rewrite_references(item, references);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document `yaml` (3.1) rewritten, and `code pointer` of each
    /// warning.
    fn rewritten(yaml: &str) -> (Value, Vec<String>) {
        let mut value: Value = serde_yaml::from_str(yaml).unwrap();
        let mut found = Found::default();
        rewrite(&mut value, &mut found);
        let warnings = found
            .finish()
            .warnings
            .iter()
            .map(|d| format!("{} {}", d.code, d.pointer))
            .collect();
        (value, warnings)
    }

    /// The component schema `A` of `{A: schema}` rewritten, as JSON (keys
    /// in any order), with the warnings.
    fn schema(schema: &str) -> (serde_json::Value, Vec<String>) {
        let (value, warnings) = rewritten(&format!("components: {{schemas: {{A: {schema}}}}}"));
        let json = serde_json::to_value(&value["components"]["schemas"]["A"]).unwrap();
        (json, warnings)
    }

    fn json(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn each_schema_keyword_becomes_its_3_0_spelling() {
        let cases = [
            (
                r#"{type: [string, "null"], maxLength: 3}"#,
                r#"{"maxLength":3,"nullable":true,"type":"string"}"#,
            ),
            (
                r#"{type: [string, integer], maxLength: 3, minimum: 1, enum: [a, 1]}"#,
                r#"{"anyOf":[{"type":"string","maxLength":3,"enum":["a"]},{"type":"integer","minimum":1,"enum":[1]}]}"#,
            ),
            (
                r#"{anyOf: [{$ref: '#/components/schemas/B'}, {type: "null"}], default: null}"#,
                r##"{"default":null,"nullable":true,"allOf":[{"$ref":"#/components/schemas/B"}]}"##,
            ),
            (
                r#"{oneOf: [{type: "null"}, {type: integer, minimum: 0}], title: N}"#,
                r#"{"title":"N","nullable":true,"type":"integer","minimum":0}"#,
            ),
            (
                r#"{anyOf: [{type: string}, {type: integer}, {type: "null"}]}"#,
                r#"{"anyOf":[{"type":"string"},{"type":"integer"}],"nullable":true}"#,
            ),
            (
                r#"{type: [string, integer], anyOf: [{minLength: 1}, {minimum: 0}]}"#,
                r#"{"anyOf":[{"minLength":1},{"minimum":0}],"allOf":[{"anyOf":[{"type":"string"},{"type":"integer"}]}]}"#,
            ),
            (r#"{type: "null"}"#, r#"{"nullable":true}"#),
            (r#"{const: 0}"#, r#"{"type":"integer","enum":[0]}"#),
            (r#"{const: false}"#, r#"{"type":"boolean","enum":[false]}"#),
            (
                r#"{type: string, const: ""}"#,
                r#"{"type":"string","enum":[""]}"#,
            ),
            (
                r#"{type: string, examples: [a, b]}"#,
                r#"{"type":"string","example":"a"}"#,
            ),
            (
                r#"{type: number, exclusiveMinimum: 0, exclusiveMaximum: 10, maximum: 5}"#,
                r#"{"type":"number","maximum":5,"minimum":0,"exclusiveMinimum":true}"#,
            ),
            (
                r#"{$ref: '#/components/schemas/B', description: d, readOnly: true}"#,
                r##"{"description":"d","readOnly":true,"allOf":[{"$ref":"#/components/schemas/B"}]}"##,
            ),
            (
                r#"{$ref: '#/components/schemas/B', summary: s}"#,
                r##"{"description":"s","allOf":[{"$ref":"#/components/schemas/B"}]}"##,
            ),
            (
                r#"{$ref: '#/components/schemas/B'}"#,
                r##"{"$ref":"#/components/schemas/B"}"##,
            ),
            (
                r#"{type: array, prefixItems: [{type: integer}, {type: integer}], items: false}"#,
                r#"{"type":"array","maxItems":2,"items":{"type":"integer"}}"#,
            ),
            (
                r#"{type: string, contentEncoding: base64}"#,
                r#"{"type":"string","format":"byte"}"#,
            ),
            (
                r#"{type: string, contentMediaType: image/png}"#,
                r#"{"type":"string","format":"binary"}"#,
            ),
            (
                r#"{type: object, patternProperties: {"^x": {type: integer}}}"#,
                r#"{"type":"object","additionalProperties":{"type":"integer"}}"#,
            ),
            (
                r#"{type: object, additionalProperties: false, dependentRequired: {a: [b]}, if: {}, then: {}, else: {}, $comment: c}"#,
                r#"{"type":"object","additionalProperties":false}"#,
            ),
            (
                r#"{type: object, properties: {type: {type: [string, "null"]}, const: {const: 1}}}"#,
                r#"{"type":"object","properties":{"type":{"nullable":true,"type":"string"},"const":{"type":"integer","enum":[1]}}}"#,
            ),
            (
                r#"{type: array, items: true}"#,
                r#"{"type":"array","items":{}}"#,
            ),
            (
                r#"{type: string, example: {const: 1, type: [a, b]}}"#,
                r#"{"type":"string","example":{"const":1,"type":["a","b"]}}"#,
            ),
        ];
        for (input, expected) in cases {
            let (output, warnings) = schema(input);
            assert_eq!(output, json(expected), "from {input}");
            assert!(warnings.is_empty(), "{input}: {warnings:?}");
        }
    }

    #[test]
    fn what_3_0_cannot_say_is_reported_where_it_stands() {
        let cases = [
            (
                r#"{type: array, prefixItems: [{type: string}, {type: number}]}"#,
                r#"{"type":"array","items":{"anyOf":[{"type":"string"},{"type":"number"}]}}"#,
                "unmapped-keyword #/components/schemas/A/prefixItems",
            ),
            (
                r#"{type: object, additionalProperties: false, patternProperties: {"^x": {}}}"#,
                r#"{"type":"object","additionalProperties":false}"#,
                "unmapped-keyword #/components/schemas/A/patternProperties",
            ),
            (
                r#"{$dynamicRef: '#node'}"#,
                r#"{}"#,
                "unmapped-keyword #/components/schemas/A/$dynamicRef",
            ),
            (
                r#"{type: string, contentEncoding: quoted-printable}"#,
                r#"{"type":"string"}"#,
                "unmapped-keyword #/components/schemas/A/contentEncoding",
            ),
        ];
        for (input, expected, warning) in cases {
            let (output, warnings) = schema(input);
            assert_eq!(output, json(expected), "from {input}");
            assert_eq!(warnings, [warning], "{input}");
        }
    }

    #[test]
    fn definitions_and_anchors_are_lifted_into_components() {
        let (value, warnings) = rewritten(
            "components:\n  schemas:\n    B: {type: string}\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/A/$defs/B'}\n        c: {$ref: '#c'}\n        d: {$ref: 'https://example.test/d'}\n      $defs:\n        B: {type: integer}\n        C: {$anchor: c, type: boolean}\n        D: {$id: 'https://example.test/d', type: number}\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let schemas = &value["components"]["schemas"];
        // `B` is taken, so the definition is named by its parent.
        assert_eq!(schemas["AB"]["type"], Value::from("integer"));
        assert_eq!(schemas["C"]["type"], Value::from("boolean"));
        let properties = &schemas["A"]["properties"];
        assert_eq!(
            properties["b"]["$ref"],
            Value::from("#/components/schemas/AB")
        );
        assert_eq!(
            properties["c"]["$ref"],
            Value::from("#/components/schemas/C")
        );
        assert_eq!(
            properties["d"]["$ref"],
            Value::from("#/components/schemas/D")
        );
        assert!(schemas["A"].get("$defs").is_none());
        assert!(schemas["C"].get("$anchor").is_none());
    }

    #[test]
    fn the_document_around_the_schemas_becomes_3_0() {
        let (value, warnings) = rewritten(
            "openapi: 3.1.0\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\ninfo: {title: T, version: '1', summary: S, license: {name: MIT, identifier: MIT}}\nsecurity: [{tls: []}, {key: []}]\nwebhooks:\n  ping: {post: {requestBody: {content: {application/json: {schema: {const: ping}}}}, responses: {'200': {description: ok}}}}\npaths:\n  /a: {$ref: '#/components/pathItems/A', summary: Over}\ncomponents:\n  securitySchemes:\n    tls: {type: mutualTLS}\n    key: {type: apiKey, in: header, name: K}\n  pathItems:\n    A: {summary: Under, get: {security: [{tls: []}], responses: {'200': {description: ok}}}}\n",
        );
        assert_eq!(
            warnings,
            [
                "unmapped-keyword #/jsonSchemaDialect",
                "mutual-tls-scheme #/components/securitySchemes/tls"
            ]
        );
        assert_eq!(value["info"]["description"], Value::from("S"));
        assert_eq!(value["info"]["license"]["x-identifier"], Value::from("MIT"));
        assert!(value.get("jsonSchemaDialect").is_none());
        let item = &value["paths"]["/a"];
        assert_eq!(item["summary"], Value::from("Over"));
        assert!(item["get"]["responses"].is_mapping());
        assert!(value["components"].get("pathItems").is_none());
        let webhook = &value["x-webhooks"]["ping"]["post"]["requestBody"]["content"]
            ["application/json"]["schema"];
        assert_eq!(webhook["enum"][0], Value::from("ping"));
        assert!(value["components"]["securitySchemes"].get("tls").is_none());
        assert_eq!(
            value["components"]["x-mutual-tls"]["tls"]["type"],
            Value::from("mutualTLS")
        );
        assert_eq!(
            serde_json::to_string(&value["security"]).unwrap(),
            r#"[{},{"key":[]}]"#
        );
        assert_eq!(
            serde_json::to_string(&item["get"]["security"]).unwrap(),
            "[{}]"
        );
    }
}

//! Nothing silently lost: every keyword of every version of OpenAPI the
//! generator reads has one fate, and the documents under
//! `codegen/tests/keywords/` (one per version, each holding every fixed
//! field of every object and every schema keyword of its version) prove
//! it.
//!
//! [`KEYWORDS`] is the one list: for each field of each object (`Schema`
//! `minimum`, `Parameter` `allowEmptyValue`), what its value is (how the
//! walk goes on) and its fate:
//!
//! - [`Fate::Mapped`]: the generator uses it;
//! - [`Fate::Irrelevant`]: a client has nothing to do with it (validation a
//!   server does, prose for other tools); these are exactly the list under
//!   "Irrelevant to a client" in `docs/supported.md`, which this test reads,
//!   so the doc and the test cannot drift;
//! - [`Fate::Reported`]: generating the document gives a diagnostic whose
//!   pointer is the keyword's place, or the object that holds it.
//!
//! A field in a document that the list does not have fails the test, and
//! so does a keyword of the list that no document holds. A version is one
//! more document: Swagger 2.0's (`swagger-2.0.yaml`) is walked from its
//! Swagger Object, and its own objects and fields are rows of the list
//! beside 3.x's, under the same object names where 2.0 has the same object
//! (a 2.0 Parameter's `collectionFormat` is a `Parameter` row); one name has
//! one fate in every version.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_yaml::Value;

/// What a field's value is, for the walk.
#[derive(Clone, Copy, Debug)]
enum Value_ {
    /// Data (a string, a number, an example): not walked.
    Data,
    /// One object of this kind.
    Object(&'static str),
    /// A list of objects of this kind.
    List(&'static str),
    /// A map from names (or status codes, media types, expressions) to
    /// objects of this kind.
    Map(&'static str),
}

/// What the generator does with a keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    Mapped,
    Irrelevant,
    Reported,
}

use Fate::{Irrelevant, Mapped, Reported};
use Value_::{Data, List, Map, Object};

/// Every field of every object: (object, field, value, fate).
const KEYWORDS: &[(&str, &str, Value_, Fate)] = &[
    // The document.
    ("OpenAPI", "openapi", Data, Mapped),
    ("OpenAPI", "info", Object("Info"), Mapped),
    ("OpenAPI", "jsonSchemaDialect", Data, Mapped),
    ("OpenAPI", "servers", List("Server"), Mapped),
    ("OpenAPI", "paths", Map("PathItem"), Mapped),
    ("OpenAPI", "webhooks", Map("PathItem"), Mapped),
    ("OpenAPI", "components", Object("Components"), Mapped),
    ("OpenAPI", "security", Data, Mapped),
    ("OpenAPI", "tags", List("Tag"), Mapped),
    (
        "OpenAPI",
        "externalDocs",
        Object("ExternalDocs"),
        Irrelevant,
    ),
    ("OpenAPI", "$self", Data, Irrelevant),
    ("Info", "title", Data, Mapped),
    ("Info", "summary", Data, Mapped),
    ("Info", "description", Data, Mapped),
    ("Info", "termsOfService", Data, Irrelevant),
    ("Info", "contact", Object("Contact"), Irrelevant),
    ("Info", "license", Object("License"), Irrelevant),
    ("Info", "version", Data, Mapped),
    ("Contact", "name", Data, Irrelevant),
    ("Contact", "url", Data, Irrelevant),
    ("Contact", "email", Data, Irrelevant),
    ("License", "name", Data, Irrelevant),
    ("License", "identifier", Data, Irrelevant),
    ("License", "url", Data, Irrelevant),
    ("Server", "url", Data, Mapped),
    ("Server", "description", Data, Mapped),
    ("Server", "name", Data, Irrelevant),
    ("Server", "variables", Map("ServerVariable"), Mapped),
    ("ServerVariable", "enum", Data, Mapped),
    ("ServerVariable", "default", Data, Mapped),
    ("ServerVariable", "description", Data, Mapped),
    ("Components", "schemas", Map("Schema"), Mapped),
    ("Components", "responses", Map("Response"), Mapped),
    ("Components", "parameters", Map("Parameter"), Mapped),
    ("Components", "examples", Map("Example"), Irrelevant),
    ("Components", "requestBodies", Map("RequestBody"), Mapped),
    ("Components", "headers", Map("Header"), Irrelevant),
    (
        "Components",
        "securitySchemes",
        Map("SecurityScheme"),
        Mapped,
    ),
    ("Components", "links", Map("Link"), Irrelevant),
    ("Components", "callbacks", Map("Callback"), Irrelevant),
    ("Components", "pathItems", Map("PathItem"), Mapped),
    ("Components", "mediaTypes", Map("MediaType"), Reported),
    // Paths and operations.
    ("PathItem", "$ref", Data, Mapped),
    ("PathItem", "summary", Data, Irrelevant),
    ("PathItem", "description", Data, Irrelevant),
    ("PathItem", "get", Object("Operation"), Mapped),
    ("PathItem", "put", Object("Operation"), Mapped),
    ("PathItem", "post", Object("Operation"), Mapped),
    ("PathItem", "delete", Object("Operation"), Mapped),
    ("PathItem", "options", Object("Operation"), Mapped),
    ("PathItem", "head", Object("Operation"), Mapped),
    ("PathItem", "patch", Object("Operation"), Mapped),
    ("PathItem", "trace", Object("Operation"), Mapped),
    ("PathItem", "query", Object("Operation"), Mapped),
    ("PathItem", "additionalOperations", Map("Operation"), Mapped),
    ("PathItem", "servers", List("Server"), Reported),
    ("PathItem", "parameters", List("Parameter"), Mapped),
    ("Operation", "tags", Data, Mapped),
    ("Operation", "summary", Data, Mapped),
    ("Operation", "description", Data, Mapped),
    (
        "Operation",
        "externalDocs",
        Object("ExternalDocs"),
        Irrelevant,
    ),
    ("Operation", "operationId", Data, Mapped),
    ("Operation", "parameters", List("Parameter"), Mapped),
    ("Operation", "requestBody", Object("RequestBody"), Mapped),
    ("Operation", "responses", Map("Response"), Mapped),
    ("Operation", "callbacks", Map("Callback"), Irrelevant),
    ("Operation", "deprecated", Data, Mapped),
    ("Operation", "security", Data, Mapped),
    ("Operation", "servers", List("Server"), Reported),
    ("Callback", "*", Object("PathItem"), Irrelevant),
    // Parameters, bodies, responses.
    ("Parameter", "name", Data, Mapped),
    ("Parameter", "in", Data, Mapped),
    ("Parameter", "description", Data, Mapped),
    ("Parameter", "required", Data, Mapped),
    ("Parameter", "deprecated", Data, Mapped),
    ("Parameter", "allowEmptyValue", Data, Irrelevant),
    ("Parameter", "style", Data, Mapped),
    ("Parameter", "explode", Data, Mapped),
    ("Parameter", "allowReserved", Data, Mapped),
    ("Parameter", "schema", Object("Schema"), Mapped),
    ("Parameter", "example", Data, Irrelevant),
    ("Parameter", "examples", Map("Example"), Irrelevant),
    ("Parameter", "content", Map("MediaType"), Reported),
    ("Header", "description", Data, Irrelevant),
    ("Header", "required", Data, Irrelevant),
    ("Header", "deprecated", Data, Irrelevant),
    ("Header", "style", Data, Irrelevant),
    ("Header", "explode", Data, Irrelevant),
    ("Header", "schema", Object("Schema"), Irrelevant),
    ("Header", "example", Data, Irrelevant),
    ("Header", "examples", Map("Example"), Irrelevant),
    ("Header", "content", Map("MediaType"), Irrelevant),
    ("RequestBody", "description", Data, Mapped),
    ("RequestBody", "content", Map("MediaType"), Mapped),
    ("RequestBody", "required", Data, Mapped),
    ("MediaType", "schema", Object("Schema"), Mapped),
    ("MediaType", "example", Data, Irrelevant),
    ("MediaType", "examples", Map("Example"), Irrelevant),
    ("MediaType", "encoding", Map("Encoding"), Mapped),
    ("MediaType", "itemSchema", Object("Schema"), Mapped),
    ("MediaType", "itemEncoding", Object("Encoding"), Reported),
    ("MediaType", "prefixEncoding", List("Encoding"), Reported),
    ("Encoding", "contentType", Data, Mapped),
    ("Encoding", "headers", Map("Header"), Mapped),
    ("Encoding", "style", Data, Mapped),
    ("Encoding", "explode", Data, Mapped),
    ("Encoding", "allowReserved", Data, Mapped),
    ("Response", "summary", Data, Irrelevant),
    ("Response", "description", Data, Mapped),
    ("Response", "headers", Map("Header"), Irrelevant),
    ("Response", "content", Map("MediaType"), Mapped),
    ("Response", "links", Map("Link"), Irrelevant),
    ("Example", "summary", Data, Irrelevant),
    ("Example", "description", Data, Irrelevant),
    ("Example", "value", Data, Irrelevant),
    ("Example", "dataValue", Data, Irrelevant),
    ("Example", "serializedValue", Data, Irrelevant),
    ("Example", "externalValue", Data, Irrelevant),
    ("Link", "operationRef", Data, Irrelevant),
    ("Link", "operationId", Data, Irrelevant),
    ("Link", "parameters", Data, Irrelevant),
    ("Link", "requestBody", Data, Irrelevant),
    ("Link", "description", Data, Irrelevant),
    ("Link", "server", Object("Server"), Irrelevant),
    ("Tag", "name", Data, Mapped),
    ("Tag", "summary", Data, Irrelevant),
    ("Tag", "description", Data, Mapped),
    ("Tag", "externalDocs", Object("ExternalDocs"), Irrelevant),
    ("Tag", "parent", Data, Irrelevant),
    ("Tag", "kind", Data, Irrelevant),
    ("ExternalDocs", "description", Data, Irrelevant),
    ("ExternalDocs", "url", Data, Irrelevant),
    ("Reference", "$ref", Data, Mapped),
    ("Reference", "summary", Data, Reported),
    ("Reference", "description", Data, Reported),
    // Security.
    ("SecurityScheme", "type", Data, Mapped),
    ("SecurityScheme", "description", Data, Mapped),
    ("SecurityScheme", "name", Data, Mapped),
    ("SecurityScheme", "in", Data, Mapped),
    ("SecurityScheme", "scheme", Data, Mapped),
    ("SecurityScheme", "bearerFormat", Data, Irrelevant),
    ("SecurityScheme", "flows", Object("OAuthFlows"), Mapped),
    ("SecurityScheme", "openIdConnectUrl", Data, Irrelevant),
    ("SecurityScheme", "oauth2MetadataUrl", Data, Irrelevant),
    ("SecurityScheme", "deprecated", Data, Irrelevant),
    ("OAuthFlows", "implicit", Object("OAuthFlow"), Irrelevant),
    ("OAuthFlows", "password", Object("OAuthFlow"), Irrelevant),
    (
        "OAuthFlows",
        "clientCredentials",
        Object("OAuthFlow"),
        Irrelevant,
    ),
    (
        "OAuthFlows",
        "authorizationCode",
        Object("OAuthFlow"),
        Irrelevant,
    ),
    (
        "OAuthFlows",
        "deviceAuthorization",
        Object("OAuthFlow"),
        Irrelevant,
    ),
    ("OAuthFlow", "authorizationUrl", Data, Irrelevant),
    ("OAuthFlow", "deviceAuthorizationUrl", Data, Irrelevant),
    ("OAuthFlow", "tokenUrl", Data, Irrelevant),
    ("OAuthFlow", "refreshUrl", Data, Irrelevant),
    ("OAuthFlow", "scopes", Data, Irrelevant),
    // Schemas: OpenAPI 3.0's.
    ("Schema", "title", Data, Mapped),
    ("Schema", "multipleOf", Data, Mapped),
    ("Schema", "maximum", Data, Mapped),
    ("Schema", "exclusiveMaximum", Data, Mapped),
    ("Schema", "minimum", Data, Mapped),
    ("Schema", "exclusiveMinimum", Data, Mapped),
    ("Schema", "maxLength", Data, Mapped),
    ("Schema", "minLength", Data, Mapped),
    ("Schema", "pattern", Data, Mapped),
    ("Schema", "maxItems", Data, Mapped),
    ("Schema", "minItems", Data, Mapped),
    ("Schema", "uniqueItems", Data, Mapped),
    ("Schema", "maxProperties", Data, Mapped),
    ("Schema", "minProperties", Data, Mapped),
    ("Schema", "required", Data, Mapped),
    ("Schema", "enum", Data, Mapped),
    ("Schema", "type", Data, Mapped),
    ("Schema", "allOf", List("Schema"), Mapped),
    ("Schema", "oneOf", List("Schema"), Mapped),
    ("Schema", "anyOf", List("Schema"), Mapped),
    ("Schema", "not", Object("Schema"), Reported),
    ("Schema", "items", Object("Schema"), Mapped),
    ("Schema", "properties", Map("Schema"), Mapped),
    ("Schema", "additionalProperties", Object("Schema"), Mapped),
    ("Schema", "description", Data, Mapped),
    ("Schema", "format", Data, Mapped),
    ("Schema", "default", Data, Mapped),
    ("Schema", "nullable", Data, Mapped),
    ("Schema", "discriminator", Object("Discriminator"), Mapped),
    ("Schema", "readOnly", Data, Mapped),
    ("Schema", "writeOnly", Data, Mapped),
    ("Schema", "xml", Object("XML"), Irrelevant),
    ("Schema", "externalDocs", Object("ExternalDocs"), Irrelevant),
    ("Schema", "example", Data, Irrelevant),
    ("Schema", "deprecated", Data, Mapped),
    // Schemas: JSON Schema 2020-12's, as OpenAPI 3.1 and 3.2 take them.
    ("Schema", "$ref", Data, Mapped),
    ("Schema", "$schema", Data, Irrelevant),
    ("Schema", "$id", Data, Mapped),
    ("Schema", "$anchor", Data, Mapped),
    ("Schema", "$dynamicAnchor", Data, Reported),
    ("Schema", "$dynamicRef", Data, Reported),
    ("Schema", "$defs", Map("Schema"), Mapped),
    ("Schema", "$comment", Data, Irrelevant),
    ("Schema", "$vocabulary", Data, Irrelevant),
    ("Schema", "const", Data, Mapped),
    ("Schema", "examples", Data, Irrelevant),
    ("Schema", "prefixItems", List("Schema"), Mapped),
    ("Schema", "contains", Object("Schema"), Irrelevant),
    ("Schema", "minContains", Data, Irrelevant),
    ("Schema", "maxContains", Data, Irrelevant),
    ("Schema", "patternProperties", Map("Schema"), Mapped),
    ("Schema", "dependentRequired", Data, Irrelevant),
    ("Schema", "dependentSchemas", Map("Schema"), Irrelevant),
    ("Schema", "propertyNames", Object("Schema"), Irrelevant),
    ("Schema", "if", Object("Schema"), Irrelevant),
    ("Schema", "then", Object("Schema"), Irrelevant),
    ("Schema", "else", Object("Schema"), Irrelevant),
    ("Schema", "unevaluatedItems", Object("Schema"), Irrelevant),
    (
        "Schema",
        "unevaluatedProperties",
        Object("Schema"),
        Irrelevant,
    ),
    ("Schema", "contentEncoding", Data, Mapped),
    ("Schema", "contentMediaType", Data, Mapped),
    ("Schema", "contentSchema", Object("Schema"), Irrelevant),
    ("Discriminator", "propertyName", Data, Mapped),
    ("Discriminator", "mapping", Data, Mapped),
    ("Discriminator", "defaultMapping", Data, Reported),
    ("XML", "name", Data, Irrelevant),
    ("XML", "namespace", Data, Irrelevant),
    ("XML", "prefix", Data, Irrelevant),
    ("XML", "attribute", Data, Irrelevant),
    ("XML", "wrapped", Data, Irrelevant),
    ("XML", "nodeType", Data, Irrelevant),
    // Swagger 2.0's own objects and fields (its Info, Contact, License,
    // Tag, External Documentation, XML, Reference and Schema take fields of
    // the rows above, with the same fates).
    ("Swagger", "swagger", Data, Mapped),
    ("Swagger", "info", Object("Info"), Mapped),
    ("Swagger", "host", Data, Mapped),
    ("Swagger", "basePath", Data, Mapped),
    ("Swagger", "schemes", Data, Mapped),
    ("Swagger", "consumes", Data, Mapped),
    ("Swagger", "produces", Data, Mapped),
    ("Swagger", "paths", Map("PathItem"), Mapped),
    ("Swagger", "definitions", Map("Schema"), Mapped),
    ("Swagger", "parameters", Map("Parameter"), Mapped),
    ("Swagger", "responses", Map("Response"), Mapped),
    (
        "Swagger",
        "securityDefinitions",
        Map("SecurityScheme"),
        Mapped,
    ),
    ("Swagger", "security", Data, Mapped),
    ("Swagger", "tags", List("Tag"), Mapped),
    (
        "Swagger",
        "externalDocs",
        Object("ExternalDocs"),
        Irrelevant,
    ),
    ("Operation", "consumes", Data, Mapped),
    ("Operation", "produces", Data, Mapped),
    ("Operation", "schemes", Data, Reported),
    // A non-body parameter's value, an `items` object's and a header's
    // (a list inside a list has no format in 3.0).
    ("Parameter", "type", Data, Mapped),
    ("Parameter", "format", Data, Mapped),
    ("Parameter", "items", Object("Items"), Mapped),
    ("Parameter", "collectionFormat", Data, Mapped),
    ("Parameter", "default", Data, Mapped),
    ("Parameter", "maximum", Data, Mapped),
    ("Parameter", "exclusiveMaximum", Data, Mapped),
    ("Parameter", "minimum", Data, Mapped),
    ("Parameter", "exclusiveMinimum", Data, Mapped),
    ("Parameter", "maxLength", Data, Mapped),
    ("Parameter", "minLength", Data, Mapped),
    ("Parameter", "pattern", Data, Mapped),
    ("Parameter", "maxItems", Data, Mapped),
    ("Parameter", "minItems", Data, Mapped),
    ("Parameter", "uniqueItems", Data, Mapped),
    ("Parameter", "enum", Data, Mapped),
    ("Parameter", "multipleOf", Data, Mapped),
    ("Items", "type", Data, Mapped),
    ("Items", "format", Data, Mapped),
    ("Items", "items", Object("Items"), Mapped),
    ("Items", "collectionFormat", Data, Reported),
    ("Items", "default", Data, Mapped),
    ("Items", "maximum", Data, Mapped),
    ("Items", "exclusiveMaximum", Data, Mapped),
    ("Items", "minimum", Data, Mapped),
    ("Items", "exclusiveMinimum", Data, Mapped),
    ("Items", "maxLength", Data, Mapped),
    ("Items", "minLength", Data, Mapped),
    ("Items", "pattern", Data, Mapped),
    ("Items", "maxItems", Data, Mapped),
    ("Items", "minItems", Data, Mapped),
    ("Items", "uniqueItems", Data, Mapped),
    ("Items", "enum", Data, Mapped),
    ("Items", "multipleOf", Data, Mapped),
    ("Header", "type", Data, Irrelevant),
    ("Header", "format", Data, Irrelevant),
    ("Header", "items", Object("Items"), Irrelevant),
    ("Header", "collectionFormat", Data, Irrelevant),
    ("Header", "default", Data, Irrelevant),
    ("Header", "maximum", Data, Irrelevant),
    ("Header", "exclusiveMaximum", Data, Irrelevant),
    ("Header", "minimum", Data, Irrelevant),
    ("Header", "exclusiveMinimum", Data, Irrelevant),
    ("Header", "maxLength", Data, Irrelevant),
    ("Header", "minLength", Data, Irrelevant),
    ("Header", "pattern", Data, Irrelevant),
    ("Header", "maxItems", Data, Irrelevant),
    ("Header", "minItems", Data, Irrelevant),
    ("Header", "uniqueItems", Data, Irrelevant),
    ("Header", "enum", Data, Irrelevant),
    ("Header", "multipleOf", Data, Irrelevant),
    ("Response", "schema", Object("Schema"), Mapped),
    ("Response", "examples", Data, Irrelevant),
    ("SecurityScheme", "flow", Data, Mapped),
    ("SecurityScheme", "authorizationUrl", Data, Irrelevant),
    ("SecurityScheme", "tokenUrl", Data, Irrelevant),
    ("SecurityScheme", "scopes", Data, Irrelevant),
];

/// The objects whose `$ref` makes them a Reference Object (a Schema and a
/// Path Item take `$ref` among their own fields).
fn is_reference(kind: &str, object: &serde_yaml::Mapping) -> bool {
    !matches!(kind, "Schema" | "PathItem") && object.contains_key("$ref")
}

/// One keyword found: its object and field, and where.
struct Found {
    object: &'static str,
    field: String,
    pointer: String,
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Walks `value`, an object of `kind` at `pointer`.
fn walk(value: &Value, kind: &'static str, pointer: &str, found: &mut Vec<Found>) {
    let Value::Mapping(object) = value else {
        // A schema may be `true` or `false`.
        return;
    };
    let kind = if is_reference(kind, object) {
        "Reference"
    } else {
        kind
    };
    for (key, child) in object {
        let Some(field) = key.as_str() else { continue };
        if field.starts_with("x-") {
            continue;
        }
        let at = format!("{pointer}/{}", escape(field));
        let row = KEYWORDS
            .iter()
            .find(|(object, name, ..)| *object == kind && (*name == field || *name == "*"));
        found.push(Found {
            object: kind,
            field: if row.is_some_and(|(_, name, ..)| *name == "*") {
                "*".to_owned()
            } else {
                field.to_owned()
            },
            pointer: at.clone(),
        });
        let Some((_, _, shape, _)) = row else {
            continue;
        };
        let shape = match (kind, field, child) {
            // `additionalProperties` and `items` may be booleans; a
            // Response map's values; a Callback's expressions.
            (_, _, Value::Bool(_)) => Data,
            _ => *shape,
        };
        match shape {
            Data => {}
            Object(next) => walk(child, next, &at, found),
            List(next) => {
                if let Value::Sequence(items) = child {
                    for (index, item) in items.iter().enumerate() {
                        walk(item, next, &format!("{at}/{index}"), found);
                    }
                }
            }
            Map(next) => {
                if let Value::Mapping(entries) = child {
                    for (name, entry) in entries {
                        let name = match name {
                            Value::String(text) => text.clone(),
                            Value::Number(number) => number.to_string(),
                            _ => continue,
                        };
                        if name.starts_with("x-") {
                            continue;
                        }
                        walk(entry, next, &format!("{at}/{}", escape(&name)), found);
                    }
                }
            }
        }
    }
}

/// The documents, by file name.
fn documents() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/keywords");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, bytes)
        })
        .collect()
}

/// The keywords `docs/supported.md` lists as irrelevant to a client: the
/// `` `Object.field` `` items of the list under its heading "Irrelevant to
/// a client".
fn documented_irrelevant() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/supported.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let section = text
        .split("\n### Irrelevant to a client\n")
        .nth(1)
        .unwrap_or_else(|| panic!("docs/supported.md has no section \"Irrelevant to a client\""));
    let section = section.split("\n#").next().unwrap_or(section);
    section
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|item| item.contains('.') && !item.contains(' ') && !item.contains('/'))
        .map(str::to_owned)
        .collect()
}

/// `Object.field`.
fn name(object: &str, field: &str) -> String {
    format!("{object}.{field}")
}

#[test]
fn the_irrelevant_keywords_are_the_ones_the_docs_list() {
    let listed: BTreeSet<String> = KEYWORDS
        .iter()
        .filter(|(.., fate)| *fate == Irrelevant)
        .map(|(object, field, ..)| name(object, field))
        .collect();
    let documented = documented_irrelevant();
    let undocumented: Vec<&String> = listed.difference(&documented).collect();
    let unknown: Vec<&String> = documented.difference(&listed).collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty(),
        "irrelevant here but not in docs/supported.md: {undocumented:?}; in the docs but not irrelevant here: {unknown:?}"
    );
}

#[test]
fn every_keyword_of_every_document_has_its_fate() {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut failures = Vec::new();
    for (file, bytes) in documents() {
        let value: Value =
            serde_yaml::from_slice(&bytes).unwrap_or_else(|e| panic!("{file} is not YAML: {e}"));
        let root = if value.get("swagger").is_some() {
            "Swagger"
        } else {
            "OpenAPI"
        };
        let mut found = Vec::new();
        walk(&value, root, "#", &mut found);
        let mut reported: BTreeSet<String> = BTreeSet::new();
        let loaded = codegen::load::load(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        let (_, diagnostics) = codegen::lower::lower(&loaded);
        let places: BTreeMap<String, Vec<String>> =
            diagnostics.iter().fold(BTreeMap::new(), |mut places, d| {
                places
                    .entry(d.pointer.to_string())
                    .or_default()
                    .push(d.code.to_string());
                places
            });
        for keyword in found {
            let key = name(keyword.object, &keyword.field);
            seen.insert(key.clone());
            let row = KEYWORDS
                .iter()
                .find(|(object, field, ..)| *object == keyword.object && *field == keyword.field);
            let Some((.., fate)) = row else {
                failures.push(format!("{file}: {key} at {} has no fate", keyword.pointer));
                continue;
            };
            if *fate == Reported {
                // At the keyword, at the object that holds it, or at a
                // reported keyword that encloses it (a body's `encoding`
                // reported covers the fields of its entries).
                let holder = &keyword.pointer[..keyword.pointer.rfind('/').unwrap_or(0)];
                let enclosed = reported
                    .iter()
                    .any(|outer: &String| keyword.pointer.starts_with(&format!("{outer}/")));
                if places.contains_key(&keyword.pointer) || places.contains_key(holder) {
                    reported.insert(keyword.pointer.clone());
                } else if !enclosed {
                    failures.push(format!(
                        "{file}: {key} at {} is not reported",
                        keyword.pointer
                    ));
                }
            }
        }
    }
    let never: Vec<String> = KEYWORDS
        .iter()
        .map(|(object, field, ..)| name(object, field))
        .filter(|key| !seen.contains(key))
        .collect();
    if !never.is_empty() {
        failures.push(format!("in no document: {never:?}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

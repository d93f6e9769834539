//! What kind of node stands where in a description, as far as bundling
//! needs it: whether a `$ref` at a place is lifted into a section of
//! `components` (a schema, a parameter, a response, ...) or its target
//! written in place (a path item, an operation, a `description`, anything
//! the specification does not let a `$ref` stand for), and which nodes are
//! data (examples, defaults, enums), where a `$ref` key is only a key.

/// The kind of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Root,
    Components,
    PathItem,
    Operation,
    Callback,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Header,
    Example,
    Link,
    SecurityScheme,
    Schema,
    Discriminator,
    /// A node the bundler has no rule for (`info`, a `description`): a
    /// `$ref` here is replaced by its target.
    Other,
    /// Literal values (`example`, `default`, `enum`): left as they are.
    Data,
}

/// How the children of a node are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// One node of the kind.
    One(Kind),
    /// A mapping of names to nodes of the kind.
    Map(Kind),
    /// A mapping of names to nodes of the kind that may also hold `x-`
    /// extensions (`paths`, `responses`).
    Patterned(Kind),
    /// A list of nodes of the kind.
    List(Kind),
}

/// The extensions the generator reads that hold description nodes; `$ref`s
/// in any other `x-` extension are left alone.
pub(super) const READ_EXTENSIONS: &[(&str, Shape)] = &[("x-webhooks", Shape::Map(Kind::PathItem))];

/// The HTTP methods of a path item (OpenAPI 3.2's `query` too).
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

impl Kind {
    /// The section of `components` where a node of this kind is lifted
    /// (by its `$ref`), or `None` when a `$ref` to it is replaced by its
    /// target. Swagger 2.0 keeps its sections at the root.
    pub(super) fn section(self, swagger: bool) -> Option<&'static str> {
        Some(match (self, swagger) {
            (Kind::Schema, false) => "schemas",
            (Kind::Schema, true) => "definitions",
            (Kind::Parameter, _) => "parameters",
            (Kind::Response, _) => "responses",
            (Kind::RequestBody, false) => "requestBodies",
            (Kind::Header, false) => "headers",
            (Kind::Example, false) => "examples",
            (Kind::Link, false) => "links",
            (Kind::Callback, false) => "callbacks",
            (Kind::SecurityScheme, false) => "securitySchemes",
            (Kind::SecurityScheme, true) => "securityDefinitions",
            _ => return None,
        })
    }

    /// How the value under `key` of a node of this kind is laid out.
    pub(super) fn child(self, key: &str) -> Shape {
        use Kind::*;
        use Shape::*;
        let data = One(Data);
        match (self, key) {
            (Root, "paths") => Patterned(PathItem),
            (Root, "webhooks") => Map(PathItem),
            (Root, "components") => One(Components),
            (Root, "definitions") => Map(Schema),
            (Root, "parameters") => Map(Parameter),
            (Root, "responses") => Map(Response),
            (Root, "securityDefinitions") => Map(SecurityScheme),
            (Components, "schemas") => Map(Schema),
            (Components, "responses") => Map(Response),
            (Components, "parameters") => Map(Parameter),
            (Components, "examples") => Map(Example),
            (Components, "requestBodies") => Map(RequestBody),
            (Components, "headers") => Map(Header),
            (Components, "securitySchemes") => Map(SecurityScheme),
            (Components, "links") => Map(Link),
            (Components, "callbacks") => Map(Callback),
            (Components, "pathItems") => Map(PathItem),
            (Components, "mediaTypes") => Map(MediaType),
            (PathItem, "parameters") | (Operation, "parameters") => List(Parameter),
            (PathItem, "additionalOperations") => Map(Operation),
            (PathItem, method) if METHODS.contains(&method) => One(Operation),
            (Operation, "requestBody") => One(RequestBody),
            (Operation, "responses") => Patterned(Response),
            (Operation, "callbacks") => Map(Callback),
            (Callback, _) => One(PathItem),
            (Parameter | Header, "schema") => One(Schema),
            (Parameter | Header, "items") => One(Schema),
            (Parameter | Header | Response | RequestBody, "content") => Map(MediaType),
            (Parameter | Header | MediaType, "examples") => Map(Example),
            (Parameter | Header | MediaType, "example") => data,
            (Parameter | Header, "default" | "enum") => data,
            (Response, "headers") | (Encoding, "headers") => Map(Header),
            (Response, "links") => Map(Link),
            (Response, "schema") => One(Schema),
            (Response, "examples") => data,
            (MediaType, "schema" | "itemSchema") => One(Schema),
            (MediaType, "encoding") => Map(Encoding),
            (Example, "value" | "dataValue") => data,
            (Link, "parameters" | "requestBody") => data,
            (
                Schema,
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
            ) => Map(Schema),
            (Schema, "allOf" | "anyOf" | "oneOf" | "prefixItems") => List(Schema),
            (
                Schema,
                "items"
                | "additionalProperties"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "additionalItems"
                | "contentSchema",
            ) => One(Schema),
            (Schema, "discriminator") => One(Discriminator),
            (Schema, "example" | "examples" | "default" | "enum" | "const") => data,
            _ => One(Other),
        }
    }
}

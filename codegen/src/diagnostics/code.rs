//! Diagnostic codes: one stable, kebab-case name per kind of finding, so
//! that tests can match on what was found rather than on message text, and
//! so that lint levels ([`super::Levels`]) can name warnings.

use std::fmt;
use std::str::FromStr;

use super::Severity;

/// Declares [`Code`] with, for each variant, its name, the severity it is
/// emitted with and its one-line description (also its rustdoc), and
/// [`Code::ALL`] in declaration order.
macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $description:literal;)+) => {
        /// What kind of finding a [`super::Diagnostic`] is, named by
        /// [`Code::as_str`] (`dangling-reference`).
        ///
        /// Codes are part of the public API. Once published, a code keeps
        /// its name, its meaning and the severity it is emitted with: a name
        /// is never given to another kind of finding, and a code that is no
        /// longer emitted stays in [`Code::ALL`]. New codes may be added
        /// (the enum is `#[non_exhaustive]`). Messages and hints are not
        /// stable: match on the code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = $description]
                $variant,
            )+
        }

        impl Code {
            /// Every code, in the order of the documentation table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code's stable kebab-case name (`dangling-reference`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }

            /// The severity the generator emits the code with. Lint levels
            /// can raise a warning to an error or drop it; an error stays an
            /// error.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)+
                }
            }

            /// What the code means, in one line (for documentation tables).
            pub const fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => $description,)+
                }
            }
        }
    };
}

codes! {
    // The document as a whole.
    InvalidDocument = "invalid-document", Error,
        "The document, or one of its nodes, does not have the shape OpenAPI 3.0 gives it.";
    UnsupportedOpenapiVersion = "unsupported-openapi-version", Error,
        "The document is not Swagger 2.0 or OpenAPI 3.0.x, 3.1.x or 3.2.x: another version (Swagger 1.2, OpenAPI 4), or no `openapi` version string.";
    IntegerOutOfRange = "integer-out-of-range", Warning,
        "An integer schema's `minimum`, `maximum`, `multipleOf` or `enum` value is not a 64-bit integer (wider, or not whole); it is clamped to the nearest `i64`.";
    UnmappedKeyword = "unmapped-keyword", Warning,
        "A keyword of Swagger 2.0, OpenAPI 3.1 / 3.2 or JSON Schema 2020-12 that OpenAPI 3.0 cannot say and the client cannot follow (`collectionFormat: tsv`, `$dynamicRef`, a tuple whose positions differ, `patternProperties` beside `additionalProperties`, another `jsonSchemaDialect`, a `contentEncoding` other than base64, a `summary` or `description` beside a `$ref` to a parameter, response or request body); what can be kept is, the rest is not checked.";
    SchemaAsResponse = "schema-as-response", Warning,
        "A Swagger 2.0 response is a `$ref` to a schema under `definitions`, where 2.0 wants a shared response; it is read as a response whose body is that schema.";
    SchemaTooDeep = "schema-too-deep", Error,
        "Schemas (or `allOf` parts) nest deeper than the generator reads.";

    // References.
    DanglingReference = "dangling-reference", Error,
        "A `$ref` names a component that is not defined.";
    ExternalReference = "external-reference", Error,
        "A `$ref` points into another document, and the generator was given no way to read it (`codegen::generate` reads one document; the command line bundles the files).";
    UnexpectedReferenceTarget = "unexpected-reference-target", Error,
        "A local `$ref` does not name a component of the section expected at its place (`#/components/schemas/{name}` for a schema).";
    ReferenceCycle = "reference-cycle", Error,
        "`$ref`s lead from one to the next without ever reaching a definition.";
    UnsupportedReference = "unsupported-reference", Error,
        "A `$ref` where the generator does not follow one: a path item or a security scheme.";

    // Descriptions in many files (bundled before anything else reads them).
    RemoteReference = "remote-reference", Error,
        "A `$ref` is a URL (`https://...`); the generator never opens the network.";
    AbsoluteReference = "absolute-reference", Error,
        "A `$ref` is an absolute path or a `file:` URL; only paths relative to the referring file are followed.";
    ReferenceOutsideFolder = "reference-outside-folder", Warning,
        "A `$ref` climbs out of the entry document's folder (`../x.yaml`); the file is read all the same.";
    UnreadableFile = "unreadable-file", Error,
        "A `$ref` names a file that is missing or cannot be read, or a place that file does not have.";
    NotYamlOrJson = "not-yaml-or-json", Error,
        "A `$ref` names a file that is not a YAML or JSON document (by its extension: `.yaml`, `.yml`, `.json`); it is not read.";
    DocumentTooLarge = "document-too-large", Error,
        "A description's files exceed what the generator reads: too many files, a file or all of them too large, or parts written in place that copy past a bound (copies of copies).";

    // Names.
    Renamed = "renamed", Warning,
        "Two items of one kind would get the same Rust name (types, fields, arguments, methods, enum variants), or an enum value would be the variant `Unknown`; the later one in document order gets a numeric suffix (`Total2`, `total_2`), and its wire name is kept.";
    DuplicateOperationId = "duplicate-operation-id", Error,
        "Two operations have the same operationId (given or derived from method and path).";

    // Schemas.
    RecursiveAlias = "recursive-alias", Error,
        "A schema is defined only through itself (`A: {$ref: B}`, `B: {$ref: A}`, or a list of itself).";
    RecursiveUnion = "recursive-union", Error,
        "A `oneOf` / `anyOf` reaches itself through its alternatives alone (no property, list or map in between), so decoding a value that fits no other alternative would never end.";
    AllOfCycle = "all-of-cycle", Error,
        "An `allOf` includes, through its parts, the schema it defines.";
    AllOfPartNotObject = "all-of-part-not-object", Warning,
        "An `allOf` of several parts has one that is not an object schema, so it cannot be merged into the struct; that part is left out of it.";
    UnsupportedComposition = "unsupported-composition", Warning,
        "A `not` schema, a `oneOf` / `anyOf` without alternatives, or a schema that combines `not`, or both `oneOf` and `anyOf`, with another composition; its values become `serde_json::Value`.";
    AlternativeNotObject = "alternative-not-object", Error,
        "A `oneOf` / `anyOf` alternative beside properties of the schema's own is not an object.";
    UntypedSchema = "untyped-schema", Warning,
        "A schema has no `type`; its values become `serde_json::Value`.";
    ArrayWithoutItems = "array-without-items", Warning,
        "An array schema has no `items`; its elements become `serde_json::Value`.";
    DuplicateEnumValue = "duplicate-enum-value", Warning,
        "A string enum lists the same value twice.";
    ConflictingProperty = "conflicting-property", Warning,
        "`allOf` parts define the same property differently; the first definition is kept.";
    UndefinedRequiredProperty = "undefined-required-property", Warning,
        "A `required` list names a property that is not defined; the name is ignored.";
    IgnoredAdditionalProperties = "ignored-additional-properties", Warning,
        "`additionalProperties` beside named properties where no map can hold them: beside a flattened `oneOf` / `anyOf` or inside an alternative (plain objects keep them in a flattened map); the additional ones are not kept.";
    ShadowingAlternative = "shadowing-alternative", Warning,
        "A `oneOf` / `anyOf` object alternative that requires nothing comes before others, which decoding then never chooses.";
    NullableBesideReference = "nullable-beside-reference", Warning,
        "`nullable: true` beside a `$ref`, which OpenAPI 3.0 ignores; the value is an `Option` all the same.";
    NoUsableValue = "no-usable-value", Warning,
        "A schema says nothing of its values a client can use: an empty `enum` (`enum: []`, read as if it were not there), or a `oneOf` / `anyOf` whose alternatives are all `null` (read as the always-`null` unit type, like `enum: [null]`).";
    UnsupportedDiscriminator = "unsupported-discriminator", Warning,
        "A `discriminator` the client cannot follow: on a schema without `oneOf` / `anyOf`, beside an inline alternative, or with a `mapping` to a schema that is not an alternative; the enum is decoded untagged (the first alternative that fits), or that mapping is left out.";

    // Extensions.
    InvalidExtension = "invalid-extension", Error,
        "An `x-` extension the generator relies on (`x-rate-limit-headers`, `x-heartbeat`, `x-one-of-name`, `x-one-of-field`) has a value it cannot use, or stands where it cannot apply.";
    IgnoredExtension = "ignored-extension", Warning,
        "An optional `x-` extension (`x-crate-version`, `x-group-methods`, `x-idempotent`, `x-sdk-names`) has a value of the wrong type and is ignored.";
    UnusedExtension = "unused-extension", Warning,
        "`x-one-of-name` / `x-one-of-field` on a schema with no `oneOf` / `anyOf` to flatten.";

    // Operations and parameters.
    MalformedPathTemplate = "malformed-path-template", Error,
        "A path has a `{` without its `}` or a `}` without its `{`.";
    UndeclaredPathParameter = "undeclared-path-parameter", Error,
        "A `{name}` in the path has no parameter with `in: path`.";
    UnusedPathParameter = "unused-path-parameter", Error,
        "A parameter with `in: path` does not appear in the path.";
    OptionalPathParameter = "optional-path-parameter", Warning,
        "A path parameter without `required: true`; path parameters are always required.";
    UnsupportedParameter = "unsupported-parameter", Warning,
        "A parameter the client cannot send: `in: cookie`, described by `content`, or of a type other than a scalar (a `oneOf` / `anyOf` of scalars included), an enum, a list of those or an object whose properties are those; the operation is left out of the client, the rest is generated.";
    UnsupportedParameterStyle = "unsupported-parameter-style", Warning,
        "A parameter's `style` and `explode` do not write its type by the OpenAPI 3.0 table (`deepObject` on a list, `pipeDelimited` with `explode: true`); the operation is left out of the client, the rest is generated.";
    IgnoredHeaderParameter = "ignored-header-parameter", Warning,
        "A header parameter named `Accept`, `Content-Type` or `Authorization`, which OpenAPI 3.0 ignores (media types and security schemes set those headers); it is not an argument.";
    InvalidHeaderName = "invalid-header-name", Error,
        "A header parameter, API-key header or rate-limit header is not a valid HTTP header name.";

    UnsupportedMethod = "unsupported-method", Warning,
        "An OpenAPI 3.2 `additionalOperations` key that is not an HTTP method name (a token); that operation is left out of the client, the rest is generated.";
    IgnoredServers = "ignored-servers", Warning,
        "A path item or an operation has `servers` of its own; the client sends every request to its one base URL (the document's first server, or the one given to the builder).";

    // Request bodies and responses.
    UnsupportedRequestMediaType = "unsupported-request-media-type", Warning,
        "A request body offers only media types the client cannot send (`multipart/*` other than `form-data`, or an urlencoded form that is not an object); the operation is left out of the client, the rest is generated.";
    IgnoredEncoding = "ignored-encoding", Warning,
        "An `encoding` entry of a form body the client cannot follow: it names no property of the body, its `style` and `explode` do not write the property's type, an object's `contentType` is not JSON, or a multipart part's header has no value the schema fixes (a `default` or an `enum` of one value); the entry (or header) is ignored and the property is sent by the default for its type.";
    MultipartBodyNotObject = "multipart-body-not-object", Error,
        "A `multipart/form-data` body is neither an object with properties (one part each) nor a `oneOf`/`anyOf` whose alternatives all are.";
    RequestBodyWithoutSchema = "request-body-without-schema", Warning,
        "A request body's media type has no `schema`; it is sent as `serde_json::Value`.";
    UnsupportedResponseMediaType = "unsupported-response-media-type", Warning,
        "An error response documents a body that is not JSON; it reaches callers as text in `ApiError::body`, not decoded.";
    ContentOnBodilessResponse = "content-on-bodiless-response", Warning,
        "A 204, 205 or 304 response has `content`, which HTTP never sends; it is ignored.";
    DifferingSuccessBodies = "differing-success-bodies", Warning,
        "2xx responses have different bodies; the method returns the first, and the others are decoded as it.";
    NoSuccessResponse = "no-success-response", Warning,
        "An operation documents no 2xx response; any 2xx is taken as success without a body.";

    // Security and servers.
    UndefinedSecurityScheme = "undefined-security-scheme", Error,
        "A security requirement names a scheme not defined under `#/components/securitySchemes`.";
    UnsupportedSecurityScheme = "unsupported-security-scheme", Warning,
        "A security scheme the client cannot send (an `http` scheme other than `bearer` and `basic`); operations that need it go without, and the crate's docs list it.";
    MutualTlsScheme = "mutual-tls-scheme", Warning,
        "A `mutualTLS` security scheme (OpenAPI 3.1): the client sends no certificate of its own; a caller brings one through their own `reqwest::Client`.";
    NoServer = "no-server", Warning,
        "The spec lists no server (a Swagger 2.0 document: no `host`), so the client has no default base URL.";

    // Webhooks.
    UnsupportedWebhook = "unsupported-webhook", Warning,
        "A webhook the crate cannot decode (a `$ref` path item, no operation, no JSON request body with a schema), or a security scheme a webhook lists that the receiver has no check for (only an API key in a header, HTTP basic, and an `x-webhook-signature` header are); the webhook, or that requirement, is left out of the `webhooks` module, the rest is generated.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of [`Code::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown diagnostic code `{name}`; the codes are: {}", known_names())]
pub struct UnknownCode {
    /// The name as given.
    pub name: String,
}

/// Every code's name, comma-separated, for [`UnknownCode`]'s message.
fn known_names() -> String {
    Code::ALL
        .iter()
        .map(|code| code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Code {
    type Err = UnknownCode;

    /// The code named `name` exactly (kebab-case, as [`Code::as_str`] writes it).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == name)
            .ok_or_else(|| UnknownCode {
                name: name.to_owned(),
            })
    }
}

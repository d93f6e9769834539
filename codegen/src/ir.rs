//! The intermediate representation: what the emitters read.
//!
//! It is built by [`crate::lower`] from an `openapiv3` document and holds
//! everything already decided: Rust names beside wire names, resolved
//! references, one type per schema. Emitters never look at `openapiv3` types.

use std::collections::BTreeMap;

use crate::pointer::Pointer;

/// One API: its operations, the types they use and how to authenticate.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// `info.x-crate-version`: the generated crate's version, bumped by hand
    /// when the spec changes (semver for users of the crate, not the API's).
    pub crate_version: Option<String>,
    /// The first server URL, without a trailing slash.
    pub base_url: String,
    /// The security schemes the client can send, in the order the spec's
    /// `security` lists them, then the others.
    pub auth: Vec<AuthScheme>,
    /// The security schemes the client cannot send (with why), for the
    /// crate's docs.
    pub unsupported_auth: Vec<(String, String)>,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Types by Rust name; a `BTreeMap` so output order never depends on hashing.
    pub types: BTreeMap<String, TypeDef>,
    /// The type that error responses decode into, when the spec has one.
    pub error_type: Option<String>,
    /// The response headers that carry rate-limit information.
    pub rate_limit_headers: RateLimitHeaders,
    /// The requests the API sends to its users (OpenAPI 3.1 `webhooks`, or
    /// `x-webhooks`), by name; empty when the spec has none.
    pub webhooks: Vec<Webhook>,
    /// How a received webhook body tells which webhook it is, when every
    /// payload says so in one property.
    pub event_tag: Option<EventTag>,
    /// The property of messages that marks the ones this integration sent
    /// (root extension `x-echo-marker`), when the spec names one.
    pub echo_marker: Option<EchoMarker>,
    /// The groups of operations (each a cargo feature of the crate), in
    /// order of their first operation; empty when the operations fall in
    /// fewer than two groups (tags or `x-group`s).
    pub groups: Vec<Group>,
    /// The features that compile each type, by type name: a type is
    /// compiled when any of them is on. A type not listed is always
    /// compiled (an untagged operation, a webhook or an error response
    /// reaches it, an always compiled type does, or no group does).
    pub type_groups: BTreeMap<String, Vec<String>>,
}

/// A group of operations: the first tag of each (or its `x-group`), a
/// cargo feature that compiles them and the types only they reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The tag (or `x-group`) as the spec writes it (`Email Campaigns`).
    pub name: String,
    /// The cargo feature (`email-campaigns`).
    pub feature: String,
    /// The module of `operations` that holds its operations
    /// (`email_campaigns`, the file `src/operations/email_campaigns.rs`).
    pub module: String,
    /// The tag's description from the spec's `tags` list, if any.
    pub description: Option<String>,
}

/// The method of an operation of a group, where the crate has methods by
/// group: `client.issues().list_for_repo(..)`. Lowering gives every
/// operation of one group the same accessor and handle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupMethod {
    /// The `Client` method that returns the group's handle (`issues`).
    pub accessor: String,
    /// The handle's type (`IssuesOperations`), re-exported in the crate's
    /// `groups` module.
    pub handle: String,
    /// The method's name on the handle (`list_for_repo`).
    pub name: String,
}

/// A request the API sends to a URL its user registered (a webhook): one
/// event kind the crate decodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// The webhook's key under `webhooks` (`conversationStarted`).
    pub name: String,
    /// The Rust variant of the event enum that holds it (`ConversationStarted`).
    pub rust_name: String,
    /// The HTTP method the API sends it with.
    pub method: Method,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// The JSON payload's type.
    pub payload: TypeRef,
    /// The payload's tag value, when the API tells events apart by a
    /// property of the payload ([`Api::event_tag`]).
    pub tag: Option<String>,
    /// What the receiver can check to know the request came from the API:
    /// one entry per security requirement the webhook lists, each met
    /// when all of its checks pass.
    pub security: Vec<Vec<WebhookCheck>>,
    /// Where the webhook's operation is in the spec.
    pub pointer: Pointer,
}

/// The property whose value names the event in every webhook payload
/// (`eventName`), found where every payload has it as a required
/// one-value enum (`const` in OpenAPI 3.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventTag {
    /// The property's wire name.
    pub property: String,
}

/// A check a webhook receiver makes on a request, from a security scheme
/// the webhook lists.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WebhookCheck {
    /// A secret the API sends as it is in a header (`type: apiKey, in:
    /// header`).
    HeaderSecret {
        /// The security scheme's key.
        scheme: String,
        /// The header's name, in lower case.
        header: String,
    },
    /// HTTP basic authentication (`type: http, scheme: basic`).
    Basic {
        /// The security scheme's key.
        scheme: String,
    },
    /// An HMAC of the raw body in a header (an `apiKey` header scheme
    /// with `x-webhook-signature`).
    Signature(Signature),
}

/// How a webhook's body is signed (security scheme extension
/// `x-webhook-signature: {algorithm: hmac-sha256, encoding: hex, prefix:
/// "sha256="}` on an `apiKey` scheme `in: header`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Signature {
    /// The security scheme's key.
    pub scheme: String,
    /// The header that carries it, in lower case.
    pub header: String,
    /// How the MAC bytes are written in the header.
    pub encoding: SignatureEncoding,
    /// Text before the encoded MAC in the header (`sha256=`), if any.
    pub prefix: String,
}

/// How a signature's bytes are written as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SignatureEncoding {
    /// Lower-case hexadecimal (upper case is accepted too).
    Hex,
    /// Standard base64 with padding.
    Base64,
}

/// The property that marks the messages an integration sent itself
/// (root extension `x-echo-marker: receivedFrom`): the client can set it
/// on every request body that has it, and the webhooks module can tell an
/// echo of one of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EchoMarker {
    /// The property's wire name.
    pub property: String,
    /// The structs that have it as a string, each with the Rust name of
    /// its field, by type name.
    pub holders: Vec<(String, String)>,
    /// The operations (by operationId, in the API's order) whose JSON
    /// request body has the property at its top level (in the body's
    /// struct, a flattened part of it or one of its alternatives): the
    /// client given a marker writes it there when the body leaves it unset.
    pub operations: Vec<String>,
}

/// The names of the headers that report rate limits (root extension
/// `x-rate-limit-headers`; the IETF `RateLimit-*` names by default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimitHeaders {
    /// The request quota of the current window.
    pub limit: String,
    /// Requests left in the current window.
    pub remaining: String,
    /// Seconds until the window resets.
    pub reset: String,
}

/// A helper that calls an operation periodically to keep a state alive
/// (operation extension `x-heartbeat`), such as Brevo's agent online ping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heartbeat {
    /// The client method that starts it (`keep_agent_online`).
    pub method_name: String,
    /// Seconds between two calls.
    pub interval_seconds: u64,
    /// Seconds one successful call keeps the state alive.
    pub window_seconds: u64,
}

/// A security scheme the client can send: a builder setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthScheme {
    /// The scheme's key in `components.securitySchemes` (`api-key`).
    pub scheme: String,
    /// The builder method that sets it (`api_key`).
    pub rust_name: String,
    /// How the credential travels.
    pub kind: CredentialKind,
    /// The scheme's description.
    pub description: Option<String>,
}

/// How a credential travels on each request it is sent with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialKind {
    /// An API key (`type: apiKey`) in a header, query parameter or cookie.
    ApiKey {
        /// Where.
        location: KeyLocation,
        /// The header, parameter or cookie name (a header name in lower case).
        name: String,
    },
    /// `Authorization: Bearer <token>`: `http` `bearer`, and `oauth2` or
    /// `openIdConnect`, whose tokens the caller obtains (`obtained` says how).
    Bearer {
        /// For OAuth 2.0 and OpenID Connect: the flows and their URLs, for
        /// the docs.
        obtained: Option<String>,
    },
    /// `Authorization: Basic ...` (`http` `basic`): a user name and password.
    Basic,
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl AuthScheme {
    /// Where the credential goes, for docs and reports: ``header `api-key` ``,
    /// ``query parameter `key` ``, ``cookie `sid` ``, `a bearer token`,
    /// `HTTP basic authentication`.
    pub fn carrier(&self) -> String {
        match &self.kind {
            CredentialKind::ApiKey {
                location: KeyLocation::Header,
                name,
            } => format!("header `{name}`"),
            CredentialKind::ApiKey {
                location: KeyLocation::Query,
                name,
            } => format!("query parameter `{name}`"),
            CredentialKind::ApiKey {
                location: KeyLocation::Cookie,
                name,
            } => format!("cookie `{name}`"),
            CredentialKind::Bearer { .. } => "bearer token (`Authorization: Bearer`)".to_owned(),
            CredentialKind::Basic => "user name and password (`Authorization: Basic`)".to_owned(),
        }
    }
}

/// The security requirements of an operation: it is sent with the
/// credentials of the first requirement whose schemes all have one (the
/// scheme keys of [`AuthScheme::scheme`]). `None`: the spec says nothing
/// (every credential given is sent); an empty list: no credentials.
pub type Security = Option<Vec<Vec<String>>>;

/// An HTTP method.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
    /// QUERY (OpenAPI 3.2): a safe, idempotent request with a body.
    Query,
    /// Any other method (an OpenAPI 3.2 `additionalOperations` key), as it
    /// is sent: a token of RFC 9110, case kept.
    Other(String),
}

impl Method {
    /// Parses the lower-case method names used as keys of a path item.
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "get" => Self::Get,
            "put" => Self::Put,
            "post" => Self::Post,
            "delete" => Self::Delete,
            "options" => Self::Options,
            "head" => Self::Head,
            "patch" => Self::Patch,
            "trace" => Self::Trace,
            "query" => Self::Query,
            _ => return None,
        })
    }

    /// The method sent as `name` (case-sensitive, as HTTP reads it:
    /// `GET` is [`Method::Get`], `Get` another method); `None` when
    /// `name` is not an HTTP token.
    pub fn from_name(name: &str) -> Option<Self> {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return None;
        }
        Some(
            Self::from_key(&name.to_ascii_lowercase())
                .filter(|method| method.as_str() == name)
                .unwrap_or_else(|| Self::Other(name.to_owned())),
        )
    }

    /// The method name as sent (`GET`).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
            Self::Query => "QUERY",
            Self::Other(name) => name,
        }
    }

    /// Whether sending the request twice does no more than sending it
    /// once, by the method's definition (RFC 9110, and QUERY's draft);
    /// another method is not known to be.
    pub fn is_idempotent(&self) -> bool {
        !matches!(self, Self::Post | Self::Patch | Self::Other(_))
    }
}

/// One operation: one method on one path.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The operationId, given by the spec or derived from method and path.
    pub operation_id: String,
    /// The client method's name (`send_message`, or from the operationId:
    /// `conversations_messages_post`).
    pub method_name: String,
    /// Other names the method is found by (`#[doc(alias)]`): the
    /// operationId-derived name when `x-rust-name` chose another.
    pub aliases: Vec<String>,
    /// The name of the request builder the method returns
    /// (`builder::SendMessageBuilder`).
    pub builder_name: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template as written in the spec (`/conversations/messages/{id}`).
    pub path: String,
    /// The path template split into literal text and parameters.
    pub path_segments: Vec<PathSegment>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `tags`, in the spec's order (used to group operations, such as one
    /// smoke test per tag).
    pub tags: Vec<String>,
    /// The feature of the operation's [`Group`] ([`Group::feature`]), which
    /// compiles it; `None`: always compiled.
    pub group: Option<String>,
    /// The operation's method on its group's handle, where the crate has
    /// methods by group; `None`: a method of `Client`
    /// ([`Operation::method_name`]).
    pub group_method: Option<GroupMethod>,
    /// Path, query and header parameters, path parameters first in template order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub success: Success,
    /// How a success body can be read as it comes (the builder's
    /// `send_stream`), where the spec documents one that can.
    pub streaming: Option<Streaming>,
    /// The documented error responses.
    pub errors: Vec<ErrorResponse>,
    /// Whether repeating the request has the same effect as sending it once
    /// (GET, PUT, DELETE, HEAD, OPTIONS, or `x-idempotent: true`); decides
    /// which failures are retried.
    pub idempotent: bool,
    /// A periodic helper for this operation, when the spec asks for one.
    pub heartbeat: Option<Heartbeat>,
    /// How the operation's list is read page by page, when it pages
    /// (recognised from its parameters and response, or `x-pagination`).
    pub pagination: Option<Pagination>,
    /// Which credentials the operation is sent with.
    pub security: Security,
    /// The `Accept` header: the media types the operation's responses
    /// document, in document order (`application/json` when none does).
    pub accept: String,
    /// Where the operation is in the spec.
    pub pointer: Pointer,
}

/// How a list operation's pages follow one another: the builder gets
/// `pages()` and `items()`, streams that request the next page lazily.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// How the next page is asked for, and when there is none.
    pub kind: PageKind,
    /// The field of the response body (a struct) that holds the page's
    /// items, or `None` when the body is the array of items itself.
    pub items: Option<PageField>,
    /// The type of one item.
    pub item: TypeRef,
}

/// One field of a response body, as the emitter reaches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageField {
    /// The field's Rust name.
    pub rust_name: String,
    /// Whether the field is an `Option` (optional or nullable).
    pub optional: bool,
}

/// The ways a list pages.
#[derive(Clone, Debug, PartialEq)]
pub enum PageKind {
    /// A query parameter counts the items to skip (`offset`) or the page
    /// (`page`), another bounds a page (`limit`, `per_page`): the next page
    /// starts after the items received; a page shorter than the limit, or
    /// empty, is the last.
    Offset {
        /// The parameter (its Rust name) that says where a page starts.
        start: String,
        /// What [`PageKind::Offset::start`] counts.
        counts: StartCounts,
        /// Its value for the first page when the caller sets none.
        first: i64,
        /// The parameter (its Rust name) that bounds a page's size, if any.
        limit: Option<String>,
        /// The page size the server uses when the caller sets no limit
        /// (the limit's `default`), when the spec says.
        default_limit: Option<i64>,
    },
    /// The response names the next page by a cursor (`next_cursor`), which
    /// the next request passes in a query parameter; no cursor (or the one
    /// just passed, or an empty one) means the last page.
    Cursor {
        /// The query parameter (its Rust name) that takes the cursor.
        param: String,
        /// The fields leading to the next cursor in the response body (a
        /// string), outermost first.
        next: Vec<PageField>,
    },
    /// The response's `Link` header names the next page (`rel="next"`),
    /// a URL requested as it is; no such link means the last page.
    Link,
}

/// What the start parameter of an offset-paged list counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartCounts {
    /// The items skipped (`offset`): the next page starts after the
    /// items received.
    Items,
    /// Pages (`page`): the next page is the next number.
    Pages,
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as written.
    Literal(String),
    /// A parameter, by its wire name.
    Param(String),
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    /// In the path; always required.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
}

/// A parameter of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust argument name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// An example value from the spec, as JSON.
    pub example: Option<serde_json::Value>,
    /// The schema's constraints in words (`Default: `20`. At most 100.`).
    pub constraints: Option<String>,
    /// How the value is written (`style`, with the default of its
    /// location).
    pub style: ParamStyle,
    /// `explode`, with the default of its style (`true` for `form` only).
    pub explode: bool,
}

/// How a parameter's value is written (OpenAPI 3.0 `style`): scalars,
/// arrays and objects each have their encoding per style and `explode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamStyle {
    /// Query: `name=a&name=b` (exploded) or `name=a,b`.
    Form,
    /// Query: `name=a%20b`.
    SpaceDelimited,
    /// Query: `name=a%7Cb`.
    PipeDelimited,
    /// Query, objects: `name[key]=value`.
    DeepObject,
    /// Path and header: `a,b`.
    Simple,
    /// Path: `.a.b`.
    Label,
    /// Path: `;name=a,b` or `;name=a;name=b` (exploded).
    Matrix,
}

impl ParamStyle {
    /// The name the spec gives the style (`pipeDelimited`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Form => "form",
            Self::SpaceDelimited => "spaceDelimited",
            Self::PipeDelimited => "pipeDelimited",
            Self::DeepObject => "deepObject",
            Self::Simple => "simple",
            Self::Label => "label",
            Self::Matrix => "matrix",
        }
    }
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// How it is encoded.
    pub media: BodyMedia,
    /// The `content-type` it is sent with: the documented media type
    /// (`application/octet-stream` for a range such as `image/*`).
    pub media_type: String,
    /// Its type: [`TypeRef::String`] for text, [`TypeRef::Bytes`] for
    /// bytes.
    pub ty: TypeRef,
    /// Whether the spec marks it required.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
}

/// How a request body is encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json`: the type serialised with serde.
    Json,
    /// `multipart/form-data`: one part per property of the body's struct,
    /// in order.
    Multipart(Vec<FormPart>),
    /// `multipart/form-data` of a `oneOf`/`anyOf` of objects: the parts of
    /// the alternative the value holds, per variant of the body's union.
    MultipartUnion(Vec<FormVariant>),
    /// `application/x-www-form-urlencoded`: the body's properties as
    /// `key=value` pairs, the struct's properties in order, each written as
    /// its `encoding` says (others, such as additional properties, by the
    /// default for their values).
    Form(Vec<FormField>),
    /// `text/*` and other text types: a string sent as UTF-8.
    Text,
    /// Any other media type (`application/octet-stream`, `image/png`):
    /// bytes sent as they are.
    Binary,
}

/// How a success response's body is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResponseMedia {
    /// JSON, decoded into the documented type.
    Json,
    /// Text (`text/*`, XML): the body as a `String`.
    Text,
    /// Anything else: the body's bytes.
    Binary,
}

/// A property of an `application/x-www-form-urlencoded` body and how it
/// is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    /// The property's wire name.
    pub wire_name: String,
    /// How its value is written.
    pub encoding: FormEncoding,
}

/// How a property of an urlencoded form is written: by `encoding.style`,
/// `explode` and `allowReserved` where the spec writes one of them, else
/// as its `contentType` says, by default JSON text for objects, unions
/// and untyped values and form fields for the rest (OpenAPI 3.0,
/// Encoding Object).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormEncoding {
    /// As a query parameter of this style is written: a scalar as one
    /// pair, a list or an object as the style writes it.
    Style {
        /// `style` (`form` by default).
        style: ParamStyle,
        /// `explode`, with the default of its style.
        explode: bool,
        /// `allowReserved`.
        allow_reserved: bool,
    },
    /// The value's JSON text as one pair.
    Json,
}

/// One part of a `multipart/form-data` body: a property of the body's
/// struct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormPart {
    /// The part's name (the property's wire name).
    pub wire_name: String,
    /// The struct field that holds it.
    pub rust_name: String,
    /// How it is sent.
    pub kind: PartKind,
    /// Whether the field is an `Option` (the part is left out when `None`).
    pub optional: bool,
    /// The field's type, without the `Option` of a nullable schema.
    pub ty: TypeRef,
    /// The date type the field holds (`Date`, `DateTime`), if any: its
    /// text is the date's RFC 3339 text.
    pub date: Option<&'static str>,
    /// The part's `content-type` from `encoding.contentType`, when it
    /// names one media type (for a file: the type it is sent with when
    /// the file has none); `None` for the default (`application/json` for
    /// JSON parts, none for text and files).
    pub content_type: Option<String>,
    /// Headers the part is sent with (`encoding.headers` whose schema
    /// gives the value: a `default`, or an `enum` of one value), by name.
    pub headers: Vec<(String, String)>,
}

/// One alternative of a multipart body whose schema is a `oneOf`/`anyOf`
/// of objects: the variant of the body's union that holds a struct, and
/// the parts it is sent as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormVariant {
    /// The union's Rust variant name.
    pub rust_name: String,
    /// The discriminator's property and the tag this variant is sent with,
    /// as the first part (text), when the union has a discriminator that
    /// maps a tag to it; the struct's own property of that name is not
    /// sent then, as a JSON body writes the tag over it.
    pub tag: Option<(String, String)>,
    /// The parts: one per property of the variant's struct, in order.
    pub parts: Vec<FormPart>,
}

/// How a property of a multipart body is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartKind {
    /// A file part (`format: binary`, a `FilePart`).
    File,
    /// A text part: strings, numbers, booleans, enum values.
    Text,
    /// A text part holding JSON: objects, lists, maps, unions.
    Json,
}

/// What a successful call gives back.
#[derive(Clone, Debug, PartialEq)]
pub struct Success {
    /// The documented 2xx status codes.
    pub statuses: Vec<u16>,
    /// The body's type; `None` when the success response has no body.
    /// [`TypeRef::String`] for text, [`TypeRef::Bytes`] for binary.
    pub ty: Option<TypeRef>,
    /// How the body is read.
    pub media: ResponseMedia,
    /// The media types the success responses document, the one the body
    /// is read as first (for the docs; empty when none is documented).
    pub media_types: Vec<String>,
    /// The documented 2xx statuses whose responses have no body (a 204 next
    /// to a 201 with one, say).
    pub empty_statuses: Vec<u16>,
    /// The success response's description.
    pub description: Option<String>,
}

impl Success {
    /// Whether a body is documented but some success status is documented
    /// without one (the method's docs list those statuses; its `Option<T>`
    /// is `None` for them).
    pub fn may_be_empty(&self) -> bool {
        self.ty.is_some() && !self.empty_statuses.is_empty()
    }

    /// Whether the method returns the decoded JSON as an `Option` (text and
    /// bytes are returned as they came, empty or not).
    pub fn is_json(&self) -> bool {
        self.ty.is_some() && self.media == ResponseMedia::Json
    }
}

/// A success body read as it comes: the items of a streamed media type,
/// or the bytes of a binary one.
#[derive(Clone, Debug, PartialEq)]
pub struct Streaming {
    /// How the body is cut into items.
    pub framing: Framing,
    /// The media type asked for (the `Accept` of `send_stream`).
    pub media_type: String,
    /// One item's type: the SSE data's or one JSON text's (from 3.2's
    /// `itemSchema`, else the media type's `schema`; [`TypeRef::Json`]
    /// without either), [`TypeRef::String`] for [`Framing::SseText`],
    /// [`TypeRef::Bytes`] for [`Framing::Bytes`].
    pub item: TypeRef,
}

/// How a streamed body is cut into items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Framing {
    /// `text/event-stream`, each event's data decoded as JSON.
    Sse,
    /// `text/event-stream` whose data is documented as a string: the data
    /// as it came.
    SseText,
    /// `application/jsonl`, `application/x-ndjson`: one JSON text a line.
    JsonLines,
    /// `application/json-seq` (RFC 7464).
    JsonSeq,
    /// Any binary media type: the bytes as they come.
    Bytes,
}

/// A documented non-2xx response.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorResponse {
    /// The status code; `None` for `default`.
    pub status: Option<u16>,
    /// Its description.
    pub description: String,
    /// The JSON body's type, if documented.
    pub ty: Option<TypeRef>,
}

/// The Rust integer type of `type: integer`, by `format`: `int8` ...
/// `int64`, `uint8` ... `uint64`; `i64` without a format or with one the
/// generator does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Int {
    /// `int8`.
    I8,
    /// `int16`.
    I16,
    /// `int32`.
    I32,
    /// `int64`, no format, or another one.
    I64,
    /// `uint8`.
    U8,
    /// `uint16`.
    U16,
    /// `uint32`.
    U32,
    /// `uint64`.
    U64,
}

impl Int {
    /// The integer type for a `format` (`None` when the schema has none).
    pub fn from_format(format: Option<&str>) -> Self {
        match format {
            Some("int8") => Int::I8,
            Some("int16") => Int::I16,
            Some("int32") => Int::I32,
            Some("uint8") => Int::U8,
            Some("uint16") => Int::U16,
            Some("uint32") => Int::U32,
            Some("uint64") => Int::U64,
            _ => Int::I64,
        }
    }

    /// Whether `value` is a value of this type.
    pub fn fits(self, value: i64) -> bool {
        let value = i128::from(value);
        let (min, max): (i128, i128) = match self {
            Int::I8 => (i8::MIN.into(), i8::MAX.into()),
            Int::I16 => (i16::MIN.into(), i16::MAX.into()),
            Int::I32 => (i32::MIN.into(), i32::MAX.into()),
            Int::I64 => (i64::MIN.into(), i64::MAX.into()),
            Int::U8 => (0, u8::MAX.into()),
            Int::U16 => (0, u16::MAX.into()),
            Int::U32 => (0, u32::MAX.into()),
            Int::U64 => (0, u64::MAX.into()),
        };
        (min..=max).contains(&value)
    }

    /// The Rust type's name.
    pub fn rust(self) -> &'static str {
        match self {
            Int::I8 => "i8",
            Int::I16 => "i16",
            Int::I32 => "i32",
            Int::I64 => "i64",
            Int::U8 => "u8",
            Int::U16 => "u16",
            Int::U32 => "u32",
            Int::U64 => "u64",
        }
    }
}

/// The Rust type of `type: number`, by `format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Float {
    /// `float`.
    F32,
    /// `double`, no format, or another one.
    F64,
}

impl Float {
    /// The number type for a `format`.
    pub fn from_format(format: Option<&str>) -> Self {
        match format {
            Some("float") => Float::F32,
            _ => Float::F64,
        }
    }

    /// The Rust type's name.
    pub fn rust(self) -> &'static str {
        match self {
            Float::F32 => "f32",
            Float::F64 => "f64",
        }
    }
}

/// A use of a type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// An integer of the width and signedness its `format` gives.
    Integer(Int),
    /// A floating-point number: `f32` for `format: float`, else `f64`.
    Number(Float),
    /// `bool`.
    Bool,
    /// Any JSON: `serde_json::Value`.
    Json,
    /// File contents (`type: string, format: binary`): the runtime's
    /// `FilePart`, a file name, a content type and bytes.
    Binary,
    /// A body's raw bytes: `bytes::Bytes`.
    Bytes,
    /// A named type in [`Api::types`].
    Named(String),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>` for a `nullable` schema.
    Nullable(Box<TypeRef>),
}

/// A type the generated crate defines.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeDef {
    /// A struct with named fields.
    Struct(StructDef),
    /// A string enum that also accepts values it does not know.
    Enum(EnumDef),
    /// `pub type Name = Target;`
    Alias(AliasDef),
    /// An untagged enum: the value is one of several alternatives
    /// (`oneOf` / `anyOf`).
    OneOf(OneOfDef),
    /// A unit struct whose one value is JSON `null`.
    Null(NullDef),
}

impl TypeDef {
    /// Where the type's schema is in the spec.
    pub fn pointer(&self) -> &Pointer {
        match self {
            Self::Struct(def) => &def.pointer,
            Self::Enum(def) => &def.pointer,
            Self::Alias(def) => &def.pointer,
            Self::OneOf(def) => &def.pointer,
            Self::Null(def) => &def.pointer,
        }
    }

    /// The type's Rust name.
    pub fn name(&self) -> &str {
        match self {
            Self::Struct(def) => &def.name,
            Self::Enum(def) => &def.name,
            Self::Alias(def) => &def.name,
            Self::OneOf(def) => &def.name,
            Self::Null(def) => &def.name,
        }
    }
}

/// A name another SDK gave a type (`x-sdk-names`): a `#[doc(alias)]`, and a
/// line of the type's docs saying which SDK used it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkName {
    /// The name (`Body15`).
    pub name: String,
    /// The SDKs and versions that used it (`brevo-ruby 4.0.0`), when the
    /// spec says.
    pub used_by: Option<String>,
}

/// A struct.
#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    /// Rust name.
    pub name: String,
    /// `description` (or `title` when there is no description).
    pub description: Option<String>,
    /// Other names this type is known by (`x-sdk-names`), for `#[doc(alias)]`.
    pub aliases: Vec<SdkName>,
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Where the schema is.
    pub pointer: Pointer,
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The property name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Its type, without the `Option` that `required: false` adds.
    pub ty: TypeRef,
    /// Whether the property is in the schema's `required` list.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// `format`, when it says more than the Rust type (`email`, `url`).
    pub format: Option<String>,
    /// The schema's constraints in words (`Default: `20`. At most 100.`).
    pub constraints: Option<String>,
    /// How the field is written on the wire.
    pub kind: FieldKind,
}

impl Field {
    /// The date type a `format: date` or `date-time` string property holds
    /// (`Date`, `DateTime`: typed with the generated crate's `chrono`
    /// feature, the text as sent without), if it is one.
    pub fn date_type(&self) -> Option<&'static str> {
        let string = match &self.ty {
            TypeRef::Nullable(inner) => **inner == TypeRef::String,
            ty => *ty == TypeRef::String,
        };
        match (
            string && self.kind == FieldKind::Property,
            self.format.as_deref(),
        ) {
            (true, Some("date")) => Some("Date"),
            (true, Some("date-time")) => Some("DateTime"),
            _ => None,
        }
    }
}

/// How a struct field is written on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldKind {
    /// One property, named [`Field::wire_name`].
    Property,
    /// `#[serde(flatten)]`: the field's type (a [`OneOfDef`] whose variants
    /// carry properties) writes its properties beside the struct's own.
    /// Always required; [`Field::wire_name`] is the Rust field name.
    Flatten,
    /// `#[serde(flatten)]` map of every property the schema does not name
    /// (`additionalProperties`): its type is a [`TypeRef::Map`]. Always
    /// required, starts empty; the struct's last field.
    Additional,
}

/// The Rust name of the catch-all variant every [`EnumDef`] gets: it holds
/// the values the spec does not list, so a new value on the server never
/// breaks decoding.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// An open enum: known values by name, any other value kept as it came.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    /// Rust name.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// What the values are.
    pub repr: EnumRepr,
    /// The known values, in document order.
    pub variants: Vec<Variant>,
    /// Where the schema is.
    pub pointer: Pointer,
}

/// What the values of an [`EnumDef`] are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EnumRepr {
    /// Strings (`type: string`).
    String,
    /// Integers of this Rust type (`type: integer`).
    Integer(Int),
    /// Numbers of this Rust type (`type: number`).
    Number(Float),
}

/// One known value of an enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The value on the wire (a number as JSON writes it: `-2`, `0.5`).
    pub wire_name: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// The "always null" value: a schema whose only value is JSON `null`
/// (`enum: [null]`, `type: "null"`, or a `oneOf` / `anyOf` of those), such
/// as the body of a response a server framework documents as always `null`.
/// It serializes as `null` and deserializes from `null`.
#[derive(Clone, Debug, PartialEq)]
pub struct NullDef {
    /// Rust name.
    pub name: String,
    /// `description` (or `title`).
    pub description: Option<String>,
    /// Where the schema is.
    pub pointer: Pointer,
}

/// A type alias.
#[derive(Clone, Debug, PartialEq)]
pub struct AliasDef {
    /// Rust name.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// What it stands for.
    pub target: TypeRef,
    /// Where the schema is.
    pub pointer: Pointer,
}

/// An enum of alternatives (`oneOf` / `anyOf`): untagged (`#[serde(untagged)]`,
/// tried in document order when decoding) or, with a [`Discriminator`],
/// chosen by the value of one property.
#[derive(Clone, Debug, PartialEq)]
pub struct OneOfDef {
    /// Rust name.
    pub name: String,
    /// `description` (or `title`).
    pub description: Option<String>,
    /// The alternatives, in document order.
    pub variants: Vec<OneOfVariant>,
    /// The property whose value names the alternative, when the schema has
    /// a `discriminator` the client can follow.
    pub discriminator: Option<Discriminator>,
    /// Whether every alternative is a scalar that writes itself as text
    /// (a string, number, boolean, enum, or such a union; never with a
    /// discriminator): the enum gets a `Display` that writes its value's
    /// text, as a parameter sends it.
    pub display: bool,
    /// Where the schema (or, for a flattened enum, its `oneOf`) is.
    pub pointer: Pointer,
}

/// How a discriminated [`OneOfDef`] tells its alternatives apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discriminator {
    /// The property's wire name (`propertyName`).
    pub property: String,
    /// Each tag value with the index of its variant in
    /// [`OneOfDef::variants`]: the `mapping`, then the schema names of the
    /// alternatives it does not map, in document order.
    pub tags: Vec<(String, usize)>,
    /// The Rust name of the variant that keeps values with a tag the client
    /// does not know, as raw JSON (`Unknown`, unless an alternative has
    /// that name).
    pub unknown: String,
}

/// One alternative of a [`OneOfDef`].
#[derive(Clone, Debug, PartialEq)]
pub struct OneOfVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The alternative's `description`.
    pub description: Option<String>,
    /// What the variant holds.
    pub payload: VariantPayload,
    /// Where the alternative is.
    pub pointer: Pointer,
}

/// What a [`OneOfVariant`] holds.
#[derive(Clone, Debug, PartialEq)]
pub enum VariantPayload {
    /// `Name(Type)`: a referenced type, a primitive, an array or a map.
    Newtype(TypeRef),
    /// `Name { fields }`: the properties of an inline object. With no fields
    /// it is `Name {}`, which writes no key at all when flattened.
    Struct(Vec<Field>),
}

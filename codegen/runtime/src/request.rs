//! Requests before they are sent: what the transport knows about each
//! operation, the prepared request, its body, and the helpers the
//! generated operations use to encode arguments.
//!
//! Some helpers serve only some specs (a spec without query parameters
//! never calls [`push_query`]); they carry `#[allow(dead_code)]` so that
//! every generated crate stays warning-free.

use bytes::Bytes;
use reqwest::header::HeaderValue;

use crate::error::Error;

/// What the transport needs to know about an operation.
#[derive(Clone, Debug)]
pub(crate) struct OperationInfo {
    /// The spec's operationId.
    pub(crate) id: &'static str,
    /// The HTTP method, as sent (`GET`, `QUERY`, a custom method): a text,
    /// since `reqwest::Method` has no `const` constructor for the methods
    /// it does not name.
    pub(crate) method: &'static str,
    /// The path template, as in the spec (never the filled-in path).
    pub(crate) path: &'static str,
    /// Whether sending the request twice does no harm.
    pub(crate) idempotent: bool,
    /// The security requirements: the schemes whose credentials the
    /// request is sent with (see `Client::credentials_for`).
    pub(crate) security: Option<&'static [&'static [&'static str]]>,
    /// The `accept` header: the media types the operation's responses
    /// document.
    pub(crate) accept: &'static str,
}

/// A request ready to be sent, and sent again.
pub(crate) struct PreparedRequest {
    /// The operation.
    pub(crate) operation: &'static OperationInfo,
    /// The path (encoded) and query, appended to the base URL.
    pub(crate) url_path: String,
    /// Header parameters.
    pub(crate) headers: reqwest::header::HeaderMap,
    /// The body, encoded once for all attempts.
    pub(crate) body: Option<RequestBody>,
}

/// Turns a request builder into one with a body; called once per attempt.
pub(crate) type BodyBuilder =
    dyn Fn(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error> + Send + Sync;

/// A request body ready to be sent (again).
pub(crate) enum RequestBody {
    /// Encoded bytes and their media type, the same on every attempt.
    Bytes {
        /// The `content-type` header.
        content_type: HeaderValue,
        /// The encoded body.
        bytes: Bytes,
    },
    /// A body made anew for each attempt, such as a multipart form (which
    /// `reqwest` consumes when sending).
    #[allow(dead_code)] // made only by `multipart.rs`, which specs without forms leave out
    Rebuilt(Box<BodyBuilder>),
    /// A body read once as it is sent (an upload from a stream or a file,
    /// `upload.rs`): the first attempt takes it, and the request is never
    /// sent again after that.
    #[allow(dead_code)]
    // made only by `upload.rs`, which specs without binary uploads leave out
    Once {
        /// The `content-type` header.
        content_type: HeaderValue,
        /// The `content-length`, when known (chunked otherwise).
        length: Option<u64>,
        /// The body until a request takes it; shared with the clones of
        /// the `UploadBody` it came from.
        body: std::sync::Arc<std::sync::Mutex<Option<reqwest::Body>>>,
        /// Whether this request took it.
        taken: std::sync::atomic::AtomicBool,
    },
}

impl RequestBody {
    /// The same body sent as `content_type` (a JSON body of a `+json`
    /// media type, say).
    #[allow(dead_code)] // unused by specs whose JSON bodies are all `application/json`
    pub(crate) fn with_content_type(self, content_type: &'static str) -> Self {
        match self {
            Self::Bytes { bytes, .. } => Self::Bytes {
                content_type: HeaderValue::from_static(content_type),
                bytes,
            },
            Self::Once {
                length,
                body,
                taken,
                ..
            } => Self::Once {
                content_type: HeaderValue::from_static(content_type),
                length,
                body,
                taken,
            },
            rebuilt @ Self::Rebuilt(_) => rebuilt,
        }
    }

    /// Whether the body was taken by an attempt and cannot be sent again:
    /// a stream or a file that began sending.
    pub(crate) fn is_spent(&self) -> bool {
        match self {
            Self::Once { taken, .. } => taken.load(std::sync::atomic::Ordering::Acquire),
            Self::Bytes { .. } | Self::Rebuilt(_) => false,
        }
    }

    /// Puts the body on `builder`, with its `content-type`.
    pub(crate) fn apply(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, Error> {
        match self {
            Self::Bytes {
                content_type,
                bytes,
            } => Ok(builder
                .header(reqwest::header::CONTENT_TYPE, content_type.clone())
                .body(bytes.clone())),
            Self::Rebuilt(build) => build(builder),
            Self::Once {
                content_type,
                length,
                body,
                taken,
            } => {
                let body = body
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take()
                    .ok_or_else(|| Error::InvalidArgument {
                        name: "body",
                        reason: "the upload's stream or file was sent already; \
                                 it can be read only once"
                            .to_owned(),
                    })?;
                taken.store(true, std::sync::atomic::Ordering::Release);
                let builder = builder.header(reqwest::header::CONTENT_TYPE, content_type.clone());
                let builder = match length {
                    Some(length) => builder.header(reqwest::header::CONTENT_LENGTH, *length),
                    None => builder,
                };
                Ok(builder.body(body))
            }
        }
    }
}

/// `body` serialised as JSON, once for all attempts.
#[allow(dead_code)] // unused by specs without JSON request bodies
pub(crate) fn json_body<T: serde::Serialize + ?Sized>(body: &T) -> Result<RequestBody, Error> {
    serde_json::to_vec(body)
        .map(|bytes| RequestBody::Bytes {
            content_type: HeaderValue::from_static("application/json"),
            bytes: Bytes::from(bytes),
        })
        .map_err(|error| Error::InvalidArgument {
            name: "body",
            reason: error.to_string(),
        })
}

/// `text` as a body of the media type `content_type` (`text/plain`).
#[allow(dead_code)] // unused by specs without text request bodies
pub(crate) fn text_body(text: &str, content_type: &'static str) -> RequestBody {
    RequestBody::Bytes {
        content_type: HeaderValue::from_static(content_type),
        bytes: Bytes::copy_from_slice(text.as_bytes()),
    }
}

/// `bytes` as a body of the media type `content_type` (`image/png`), sent
/// as they are.
#[allow(dead_code)] // unused by specs without binary request bodies
pub(crate) fn bytes_body(bytes: Bytes, content_type: &'static str) -> RequestBody {
    RequestBody::Bytes {
        content_type: HeaderValue::from_static(content_type),
        bytes,
    }
}

/// How one property of an `application/x-www-form-urlencoded` body is
/// written: its OpenAPI `encoding` (or the default for its type).
#[allow(dead_code)] // each spec uses the encodings its forms have
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FormEncoding {
    /// In a parameter style, as a query parameter is: a scalar as one
    /// pair, a list or an object as `style` and `explode` write it (a
    /// `deepObject` nests: `name[a][b]=value`). With `allow_reserved`, the
    /// RFC 3986 reserved characters of values are sent as they are, except
    /// `&`, `=` and `+`, which would change the form's pairs.
    Style {
        /// The style.
        style: Style,
        /// Whether lists and objects are exploded.
        explode: bool,
        /// `allowReserved`.
        allow_reserved: bool,
    },
    /// The value's JSON text as one pair (`contentType: application/json`,
    /// the default for objects).
    Json,
}

/// A property of an urlencoded form body and how it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FormField {
    /// The property's name.
    pub(crate) name: &'static str,
    /// How its value is written.
    pub(crate) encoding: FormEncoding,
}

#[allow(dead_code)] // each spec uses the encodings its forms have
impl FormField {
    /// A property written as a form field: one pair, a list as one pair
    /// per item (`style: form`, `explode: true`).
    pub(crate) const fn form(name: &'static str) -> Self {
        Self::styled(name, Style::Form, true, false)
    }

    /// A property written in `style`.
    pub(crate) const fn styled(
        name: &'static str,
        style: Style,
        explode: bool,
        allow_reserved: bool,
    ) -> Self {
        Self {
            name,
            encoding: FormEncoding::Style {
                style,
                explode,
                allow_reserved,
            },
        }
    }

    /// A property written as its JSON text.
    pub(crate) const fn json(name: &'static str) -> Self {
        Self {
            name,
            encoding: FormEncoding::Json,
        }
    }
}

/// `body` (an object) as an `application/x-www-form-urlencoded` body: the
/// properties `fields` names first, in its order, each written as its
/// encoding says, then any others (additional properties) by key, each by
/// the default of its value (objects, and lists holding objects or lists,
/// as JSON text; scalars and lists of scalars as form fields). `null`
/// values are left out.
#[allow(dead_code)] // unused by specs without urlencoded request bodies
pub(crate) fn form_body<T: serde::Serialize>(
    body: &T,
    fields: &[FormField],
) -> Result<RequestBody, Error> {
    let invalid = |reason: String| Error::InvalidArgument {
        name: "body",
        reason,
    };
    let value = serde_json::to_value(body).map_err(|error| invalid(error.to_string()))?;
    let serde_json::Value::Object(members) = value else {
        return Err(invalid("must be an object".to_owned()));
    };
    let mut members: Vec<(String, serde_json::Value)> = members.into_iter().collect();
    members.sort_by_key(|(key, _)| {
        fields
            .iter()
            .position(|field| field.name == key)
            .unwrap_or(fields.len())
    });
    let mut form = String::new();
    for (key, member) in &members {
        let encoding = fields
            .iter()
            .find(|field| field.name == key)
            .map_or_else(|| default_encoding(member), |field| field.encoding);
        push_form_member(&mut form, key, member, encoding).map_err(invalid)?;
    }
    Ok(RequestBody::Bytes {
        content_type: HeaderValue::from_static("application/x-www-form-urlencoded"),
        bytes: Bytes::from(form),
    })
}

/// The encoding of a form property the spec does not name, by its value.
fn default_encoding(value: &serde_json::Value) -> FormEncoding {
    let nested = |item: &serde_json::Value| item.is_object() || item.is_array();
    match value {
        serde_json::Value::Object(_) => FormEncoding::Json,
        serde_json::Value::Array(items) if items.iter().any(nested) => FormEncoding::Json,
        _ => FormEncoding::Style {
            style: Style::Form,
            explode: true,
            allow_reserved: false,
        },
    }
}

/// Appends the form property `key` of value `value` to `form`, written
/// as `encoding` says; `Err` with the reason for a value the encoding
/// cannot write.
fn push_form_member(
    form: &mut String,
    key: &str,
    value: &serde_json::Value,
    encoding: FormEncoding,
) -> Result<(), String> {
    let (style, explode, allow_reserved) = match encoding {
        _ if value.is_null() => return Ok(()),
        FormEncoding::Json => {
            push_query(form, key, &value.to_string());
            return Ok(());
        }
        FormEncoding::Style {
            style,
            explode,
            allow_reserved,
        } => (style, explode, allow_reserved),
    };
    let values = if allow_reserved {
        RESERVED_KEPT
    } else {
        UNRESERVED
    };
    if let (Style::DeepObject, serde_json::Value::Object(_)) = (style, value) {
        let prefix = percent_encoding::utf8_percent_encode(key, UNRESERVED).to_string();
        return push_deep(form, prefix, value, values, key);
    }
    let cannot = || {
        format!(
            "`{key}` holds a nested list or object, which `style: {}` cannot write",
            style.as_str()
        )
    };
    let param = match value {
        serde_json::Value::Array(items) => ParamValue::List(
            items
                .iter()
                .filter(|item| !item.is_null())
                .map(|item| scalar_text(item).ok_or_else(cannot))
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(members) => ParamValue::Object(
            members
                .iter()
                .filter(|(_, member)| !member.is_null())
                .map(|(name, member)| Ok((name.clone(), scalar_text(member).ok_or_else(cannot)?)))
                .collect::<Result<_, String>>()?,
        ),
        scalar => ParamValue::Scalar(scalar_text(scalar).ok_or_else(cannot)?),
    };
    if style == Style::DeepObject {
        return Err(format!(
            "`{key}` is not an object, and `style: deepObject` writes objects only"
        ));
    }
    push_styled(form, key, style, explode, &param, values);
    Ok(())
}

/// A scalar JSON value as text: a string as it is, a number or boolean
/// as JSON writes it; `None` for a list or an object.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => None,
        other => Some(other.to_string()),
    }
}

/// Appends `value` under the (encoded) key `prefix` as `deepObject` pairs:
/// an object's members as `prefix[name]`, nested objects nesting further
/// (`prefix[a][b]=value`), a list as one pair per item; `null` left out.
fn push_deep(
    form: &mut String,
    prefix: String,
    value: &serde_json::Value,
    values: &'static percent_encoding::AsciiSet,
    key: &str,
) -> Result<(), String> {
    let push = |form: &mut String, text: &str| {
        if !form.is_empty() {
            form.push('&');
        }
        form.push_str(&prefix);
        form.push('=');
        form.extend(percent_encoding::utf8_percent_encode(text, values));
    };
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Object(members) => {
            for (name, member) in members {
                let nested = format!(
                    "{prefix}[{}]",
                    percent_encoding::utf8_percent_encode(name, UNRESERVED)
                );
                push_deep(form, nested, member, values, key)?;
            }
        }
        serde_json::Value::Array(items) => {
            for item in items.iter().filter(|item| !item.is_null()) {
                let text = scalar_text(item).ok_or_else(|| {
                    format!("`{key}` holds a list of lists or objects, which `style: deepObject` cannot write")
                })?;
                push(form, &text);
            }
        }
        scalar => {
            if let Some(text) = scalar_text(scalar) {
                push(form, &text);
            }
        }
    }
    Ok(())
}

/// The members of `value` (an object whose values are scalars) as text
/// pairs, in the order `serde_json` keeps them (by key); `null` members
/// left out.
fn pairs<T: serde::Serialize>(
    name: &'static str,
    value: &T,
) -> Result<Vec<(String, String)>, Error> {
    let invalid = |reason: String| Error::InvalidArgument { name, reason };
    let value = serde_json::to_value(value).map_err(|error| invalid(error.to_string()))?;
    let serde_json::Value::Object(members) = value else {
        return Err(invalid("must be an object".to_owned()));
    };
    let mut pairs = Vec::new();
    for (key, member) in members {
        if member.is_null() {
            continue;
        }
        let text = scalar_text(&member).ok_or_else(|| {
            invalid(format!(
                "`{key}` holds a list or an object, which cannot be sent here"
            ))
        })?;
        pairs.push((key, text));
    }
    Ok(pairs)
}

/// Puts the pairs whose keys `order` names first, in its order; the
/// others keep theirs (by key, as `serde_json` gives them) after them.
fn sort_by_order(members: &mut [(String, String)], order: &[&str]) {
    members.sort_by_key(|(key, _)| {
        order
            .iter()
            .position(|known| known == key)
            .unwrap_or(order.len())
    });
}

/// How a parameter is written (OpenAPI 3.0 `style`).
#[allow(dead_code)] // each spec uses the styles its parameters have
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// Query: `name=a&name=b` exploded, `name=a,b` not.
    Form,
    /// Query: `name=a%20b`.
    SpaceDelimited,
    /// Query: `name=a%7Cb`.
    PipeDelimited,
    /// Query: `name[key]=value`.
    DeepObject,
    /// Path and header: `a,b`.
    Simple,
    /// Path: `.a.b`.
    Label,
    /// Path: `;name=a,b`, or `;name=a;name=b` exploded.
    Matrix,
}

impl Style {
    /// The style's name in OpenAPI (`pipeDelimited`), for messages.
    fn as_str(self) -> &'static str {
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

/// A parameter's value as text, before its style writes it.
#[allow(dead_code)] // each spec uses the kinds of values its parameters have
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ParamValue {
    /// One value.
    Scalar(String),
    /// A list of values.
    List(Vec<String>),
    /// An object's members, by name.
    Object(Vec<(String, String)>),
}

#[allow(dead_code)] // each spec uses the kinds of values its parameters have
impl ParamValue {
    /// One value, as its `Display` writes it.
    pub(crate) fn scalar(value: impl std::fmt::Display) -> Self {
        Self::Scalar(value.to_string())
    }

    /// A list, each item as its `Display` writes it.
    pub(crate) fn list<T: std::fmt::Display>(items: &[T]) -> Self {
        Self::List(items.iter().map(ToString::to_string).collect())
    }

    /// An object (a struct or map of scalars), its members by name: those
    /// `order` names (a struct's properties) first, in its order, then any
    /// others (a map's keys) by key.
    pub(crate) fn object<T: serde::Serialize>(
        name: &'static str,
        value: &T,
        order: &[&str],
    ) -> Result<Self, Error> {
        let mut members = pairs(name, value)?;
        sort_by_order(&mut members, order);
        Ok(Self::Object(members))
    }

    /// The texts the style joins: the items of a list, the names and
    /// values of an object in turn (`R,100,G,200`), or `name=value`
    /// pairs of an exploded object (`R=100,G=200`), each percent-encoded
    /// but for the characters of `kept`, where it is given.
    fn parts(
        &self,
        explode: bool,
        kept: Option<&'static percent_encoding::AsciiSet>,
    ) -> Vec<String> {
        let text = |value: &str| match kept {
            Some(kept) => percent_encoding::utf8_percent_encode(value, kept).to_string(),
            None => value.to_owned(),
        };
        match self {
            Self::Scalar(value) => vec![text(value)],
            Self::List(items) => items.iter().map(|item| text(item)).collect(),
            Self::Object(members) if explode => members
                .iter()
                .map(|(key, value)| format!("{}={}", text(key), text(value)))
                .collect(),
            Self::Object(members) => members
                .iter()
                .flat_map(|(key, value)| [text(key), text(value)])
                .collect(),
        }
    }
}

/// Appends a query parameter written in `style` to `query_string`: a list
/// exploded as one pair per item or joined by the style's delimiter
/// (`,`, `%20`, `%7C`), an object as its own pairs (exploded `form`),
/// `name[key]=value` pairs (`deepObject`) or joined like a list.
#[allow(dead_code)] // unused by specs without list or object query parameters
pub(crate) fn push_query_param(
    query_string: &mut String,
    name: &str,
    style: Style,
    explode: bool,
    value: &ParamValue,
) {
    push_styled(query_string, name, style, explode, value, UNRESERVED);
}

/// [`push_query_param`], with values percent-encoded but for the
/// characters of `kept` (names always as [`UNRESERVED`] keeps them).
fn push_styled(
    query_string: &mut String,
    name: &str,
    style: Style,
    explode: bool,
    value: &ParamValue,
    kept: &'static percent_encoding::AsciiSet,
) {
    let key = |text: &str| percent_encoding::utf8_percent_encode(text, UNRESERVED).to_string();
    let encoded = |text: &str| percent_encoding::utf8_percent_encode(text, kept).to_string();
    let mut push_raw = |key: &str, value: &str| {
        if !query_string.is_empty() {
            query_string.push('&');
        }
        query_string.push_str(key);
        query_string.push('=');
        query_string.push_str(value);
    };
    match (value, style, explode) {
        (ParamValue::Scalar(text), _, _) => push_raw(&key(name), &encoded(text)),
        (ParamValue::List(items), _, true) => {
            for item in items {
                push_raw(&key(name), &encoded(item));
            }
        }
        (ParamValue::Object(members), Style::DeepObject, _) => {
            for (member_name, member) in members {
                push_raw(
                    &format!("{}[{}]", key(name), key(member_name)),
                    &encoded(member),
                );
            }
        }
        (ParamValue::Object(members), _, true) => {
            for (member_name, member) in members {
                push_raw(&key(member_name), &encoded(member));
            }
        }
        (_, _, _) => {
            let delimiter = match style {
                Style::SpaceDelimited => "%20",
                Style::PipeDelimited => "%7C",
                _ => ",",
            };
            push_raw(&key(name), &value.parts(false, Some(kept)).join(delimiter));
        }
    }
}

/// A path parameter written in `style`, percent-encoded: `simple` (`a,b`;
/// never empty, `.` or `..`), `label` (`.a.b`) or `matrix` (`;name=a,b`,
/// exploded `;name=a;name=b`).
#[allow(dead_code)] // unused by specs whose path parameters are all simple scalars
pub(crate) fn path_param(
    name: &'static str,
    wire_name: &str,
    style: Style,
    explode: bool,
    value: &ParamValue,
) -> Result<String, Error> {
    let wire = percent_encoding::utf8_percent_encode(wire_name, UNRESERVED).to_string();
    Ok(match style {
        Style::Label => {
            let text = format!(".{}", value.parts(explode, Some(UNRESERVED)).join("."));
            // `.` and `..` are dot segments, which URL parsers resolve
            // away: the request would go to another path.
            if text == "." || text == ".." {
                return Err(Error::InvalidArgument {
                    name,
                    reason: format!("`{text}` cannot be sent as a path segment"),
                });
            }
            text
        }
        Style::Matrix => match value {
            // An empty list or object is the name alone, as an empty value is.
            _ if explode && value.parts(explode, Some(UNRESERVED)).is_empty() => format!(";{wire}"),
            ParamValue::Scalar(_) | ParamValue::List(_) if explode => value
                .parts(false, Some(UNRESERVED))
                .iter()
                .map(|part| matrix_pair(&wire, part))
                .collect(),
            ParamValue::Object(_) if explode => value
                .parts(true, Some(UNRESERVED))
                .iter()
                .map(|pair| format!(";{pair}"))
                .collect(),
            _ => matrix_pair(&wire, &value.parts(false, Some(UNRESERVED)).join(",")),
        },
        _ => {
            let text = value.parts(explode, Some(UNRESERVED)).join(",");
            if text.is_empty() || text == "." || text == ".." {
                return Err(Error::InvalidArgument {
                    name,
                    reason: "must not be empty, `.` or `..` in a path".to_owned(),
                });
            }
            text
        }
    })
}

/// `;name=value`, or `;name` for an empty value.
fn matrix_pair(wire: &str, value: &str) -> String {
    if value.is_empty() {
        format!(";{wire}")
    } else {
        format!(";{wire}={value}")
    }
}

/// A header parameter written `simple`: a list as `a,b`, an object as
/// `R,100,G,200` (exploded `R=100,G=200`); checked before sending.
#[allow(dead_code)] // unused by specs without object header parameters
pub(crate) fn header_param(
    name: &'static str,
    explode: bool,
    value: &ParamValue,
) -> Result<HeaderValue, Error> {
    header_value(name, &value.parts(explode, None).join(","))
}

/// The characters a path segment or a query key or value keeps as
/// they are (RFC 3986 unreserved); all others are percent-encoded.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// [`UNRESERVED`] and the RFC 3986 reserved characters, which a form value
/// with `allowReserved` keeps, except `&`, `=` and `+`: in a form they
/// would end the pair or stand for a space.
const RESERVED_KEPT: &percent_encoding::AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'#')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';');

/// `value` percent-encoded as exactly one path segment. Empty values
/// and `.`/`..` (which URL parsers resolve away) are rejected.
#[allow(dead_code)] // unused by specs without path parameters
pub(crate) fn path_segment(name: &'static str, value: &str) -> Result<String, Error> {
    if value.is_empty() {
        return Err(Error::InvalidArgument {
            name,
            reason: "must not be empty".to_owned(),
        });
    }
    if value == "." || value == ".." {
        return Err(Error::InvalidArgument {
            name,
            reason: format!("`{value}` cannot be sent as a path segment"),
        });
    }
    Ok(percent_encoding::utf8_percent_encode(value, UNRESERVED).to_string())
}

/// Appends `name=value`, both percent-encoded, to `query_string`.
#[allow(dead_code)] // unused by specs without query parameters
pub(crate) fn push_query(query_string: &mut String, name: &str, value: &str) {
    if !query_string.is_empty() {
        query_string.push('&');
    }
    query_string.extend(percent_encoding::utf8_percent_encode(name, UNRESERVED));
    query_string.push('=');
    query_string.extend(percent_encoding::utf8_percent_encode(value, UNRESERVED));
}

/// A header parameter's value, checked before sending.
#[allow(dead_code)] // unused by specs without header parameters
pub(crate) fn header_value(name: &'static str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
        name,
        reason: "not a valid header value (it must be visible ASCII)".to_owned(),
    })
}

/// A credential's header value, which is never logged or shown by `Debug`.
pub(crate) fn secret_header(name: &'static str, value: &str) -> Result<HeaderValue, Error> {
    let mut header = HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
        name,
        reason: "not a valid header value (it must be visible ASCII)".to_owned(),
    })?;
    header.set_sensitive(true);
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_one_encoded_segment_and_never_empty_or_dots() {
        assert_eq!(
            path_segment("id", "../a b/ü?#").ok().as_deref(),
            Some("..%2Fa%20b%2F%C3%BC%3F%23")
        );
        assert_eq!(
            path_segment("id", "a-b.c_d~e").ok().as_deref(),
            Some("a-b.c_d~e")
        );
        for bad in ["", ".", ".."] {
            assert!(
                matches!(
                    path_segment("id", bad),
                    Err(Error::InvalidArgument { name: "id", .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn query_pairs_are_encoded_and_joined() {
        let mut query = String::new();
        push_query(&mut query, "tag", "a&b");
        push_query(&mut query, "q", "x y");
        assert_eq!(query, "tag=a%26b&q=x%20y");
    }

    #[test]
    fn header_values_must_be_visible_ascii_and_secrets_are_sensitive() {
        assert!(header_value("h", "ok").is_ok());
        assert!(header_value("h", "line\nbreak").is_err());
        let secret = secret_header("api_key", "k").expect("valid");
        assert!(secret.is_sensitive());
        assert!(secret_header("api_key", "a\u{0}b").is_err());
    }

    fn object() -> ParamValue {
        ParamValue::Object(vec![
            ("R".to_owned(), "100".to_owned()),
            ("G".to_owned(), "200".to_owned()),
        ])
    }

    fn list() -> ParamValue {
        ParamValue::List(vec!["blue".to_owned(), "black".to_owned()])
    }

    /// The rows of the OpenAPI 3.0.3 table of style examples.
    #[test]
    fn query_styles_write_the_openapi_examples() {
        let query = |style, explode, value: &ParamValue| {
            let mut query = String::new();
            push_query_param(&mut query, "color", style, explode, value);
            query
        };
        assert_eq!(query(Style::Form, true, &list()), "color=blue&color=black");
        assert_eq!(query(Style::Form, false, &list()), "color=blue,black");
        assert_eq!(query(Style::Form, true, &object()), "R=100&G=200");
        assert_eq!(query(Style::Form, false, &object()), "color=R,100,G,200");
        assert_eq!(
            query(Style::SpaceDelimited, false, &list()),
            "color=blue%20black"
        );
        assert_eq!(
            query(Style::PipeDelimited, false, &list()),
            "color=blue%7Cblack"
        );
        assert_eq!(
            query(Style::DeepObject, true, &object()),
            "color[R]=100&color[G]=200"
        );
        assert_eq!(
            query(Style::Form, false, &ParamValue::List(Vec::new())),
            "color="
        );
        assert_eq!(query(Style::Form, true, &ParamValue::List(Vec::new())), "");
        let awkward = ParamValue::List(vec!["a,b".to_owned(), "c d".to_owned()]);
        assert_eq!(query(Style::Form, false, &awkward), "color=a%2Cb,c%20d");
    }

    #[test]
    fn path_styles_write_the_openapi_examples() {
        let path = |style, explode, value: &ParamValue| {
            path_param("color", "color", style, explode, value).expect("a path")
        };
        let blue = ParamValue::scalar("blue");
        assert_eq!(path(Style::Simple, false, &list()), "blue,black");
        assert_eq!(path(Style::Simple, false, &object()), "R,100,G,200");
        assert_eq!(path(Style::Simple, true, &object()), "R=100,G=200");
        assert_eq!(path(Style::Label, false, &blue), ".blue");
        assert_eq!(path(Style::Label, false, &list()), ".blue.black");
        assert_eq!(path(Style::Label, false, &object()), ".R.100.G.200");
        assert_eq!(path(Style::Label, true, &object()), ".R=100.G=200");
        assert_eq!(path(Style::Matrix, false, &blue), ";color=blue");
        assert_eq!(path(Style::Matrix, false, &list()), ";color=blue,black");
        assert_eq!(
            path(Style::Matrix, true, &list()),
            ";color=blue;color=black"
        );
        assert_eq!(path(Style::Matrix, false, &object()), ";color=R,100,G,200");
        assert_eq!(path(Style::Matrix, true, &object()), ";R=100;G=200");
        assert_eq!(
            path(Style::Matrix, false, &ParamValue::scalar("")),
            ";color"
        );
        assert_eq!(
            path(Style::Simple, false, &ParamValue::scalar("a/b")),
            "a%2Fb"
        );
        assert!(path_param(
            "id",
            "id",
            Style::Simple,
            false,
            &ParamValue::List(Vec::new())
        )
        .is_err());
        assert_eq!(
            path(Style::Matrix, true, &ParamValue::List(Vec::new())),
            ";color"
        );
        for dots in [
            ParamValue::scalar(""),
            ParamValue::scalar("."),
            ParamValue::List(Vec::new()),
            ParamValue::List(vec![String::new(), String::new()]),
        ] {
            assert!(
                path_param("p", "p", Style::Label, false, &dots).is_err(),
                "{dots:?}"
            );
        }
    }

    #[test]
    fn header_objects_and_forms_are_pairs() {
        let header = header_param("h", true, &object()).expect("a header");
        assert_eq!(header, "R=100,G=200");
        #[derive(serde::Serialize)]
        struct Form {
            name: &'static str,
            tags: Vec<&'static str>,
            note: Option<&'static str>,
        }
        let form = Form {
            name: "a b&c",
            tags: vec!["x", "y"],
            note: None,
        };
        let Ok(RequestBody::Bytes {
            content_type,
            bytes,
        }) = form_body(
            &form,
            &[
                FormField::form("tags"),
                FormField::form("name"),
                FormField::form("note"),
            ],
        )
        else {
            panic!("a form is bytes");
        };
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(&bytes[..], b"tags=x&tags=y&name=a%20b%26c");
        let nested = serde_json::json!({"a": {"b": 1}});
        assert!(ParamValue::object("filter", &nested, &[]).is_err());
        let color = serde_json::json!({"B": 150, "G": 200, "R": 100, "alpha": 1});
        assert_eq!(
            ParamValue::object("color", &color, &["R", "G", "B"]).expect("an object"),
            ParamValue::Object(vec![
                ("R".to_owned(), "100".to_owned()),
                ("G".to_owned(), "200".to_owned()),
                ("B".to_owned(), "150".to_owned()),
                ("alpha".to_owned(), "1".to_owned()),
            ])
        );
    }

    /// The form `body` written with `fields`, as text.
    fn form_text(body: &serde_json::Value, fields: &[FormField]) -> Result<String, String> {
        match form_body(body, fields) {
            Ok(RequestBody::Bytes { bytes, .. }) => {
                Ok(String::from_utf8(bytes.to_vec()).expect("a form is ASCII"))
            }
            Ok(RequestBody::Rebuilt(_) | RequestBody::Once { .. }) => {
                Err("a form is bytes".to_owned())
            }
            Err(error) => Err(error.to_string()),
        }
    }

    #[test]
    fn form_objects_are_json_text_unless_their_encoding_says_otherwise() {
        let body = serde_json::json!({
            "To": "+1 555",
            "Layout": {"grid": {"rows": 2}, "tags": ["a", "b"]},
            "Extra": {"k": 1},
            "Codes": [1, 2],
        });
        // The default: objects as JSON text, scalars and lists as fields;
        // the properties named first, in order, then the others by key.
        assert_eq!(
            form_text(&body, &[FormField::form("To"), FormField::json("Layout")]).as_deref(),
            Ok("To=%2B1%20555&Layout=%7B%22grid%22%3A%7B%22rows%22%3A2%7D%2C%22tags%22%3A%5B%22a%22%2C%22b%22%5D%7D&Codes=1&Codes=2&Extra=%7B%22k%22%3A1%7D")
        );
        let deep = [FormField::styled("Layout", Style::DeepObject, true, false)];
        let written = form_text(&body, &deep).expect("a deep object");
        assert!(
            written.starts_with("Layout[grid][rows]=2&Layout[tags]=a&Layout[tags]=b&"),
            "{written}"
        );
        let flat = serde_json::json!({"Color": {"R": 100, "G": 200}, "List": ["a,b", "c"]});
        let styled = [
            FormField::styled("Color", Style::Form, false, false),
            FormField::styled("List", Style::PipeDelimited, false, false),
        ];
        assert_eq!(
            form_text(&flat, &styled).as_deref(),
            Ok("Color=G,200,R,100&List=a%2Cb%7Cc")
        );
        let exploded = [FormField::form("Color")];
        assert_eq!(
            form_text(&flat, &exploded[..])
                .map(|t| t.split('&').take(2).collect::<Vec<_>>().join("&"))
                .as_deref(),
            Ok("G=200&R=100")
        );
        // A nested object in a style that cannot write it is an error, not
        // a guess.
        let nested = [FormField::form("Layout")];
        assert!(form_text(&body, &nested).is_err());
    }

    #[test]
    fn allow_reserved_keeps_reserved_characters_but_the_form_s_own() {
        let body = serde_json::json!({"url": "https://a.test/p?q=1&r=[x]+y"});
        assert_eq!(
            form_text(&body, &[FormField::styled("url", Style::Form, true, true)]).as_deref(),
            Ok("url=https://a.test/p?q%3D1%26r%3D[x]%2By")
        );
        assert_eq!(
            form_text(&body, &[FormField::form("url")]).as_deref(),
            Ok("url=https%3A%2F%2Fa.test%2Fp%3Fq%3D1%26r%3D%5Bx%5D%2By")
        );
    }

    #[test]
    fn json_bodies_carry_their_media_type() {
        let Ok(RequestBody::Bytes {
            content_type,
            bytes,
        }) = json_body(&serde_json::json!({"a": 1}))
        else {
            panic!("a JSON body is bytes");
        };
        assert_eq!(content_type, "application/json");
        assert_eq!(&bytes[..], br#"{"a":1}"#);
    }
}

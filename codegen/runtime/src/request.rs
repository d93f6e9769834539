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
            rebuilt @ Self::Rebuilt(_) => rebuilt,
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

/// `body` (a struct of scalars and lists of scalars) as an
/// `application/x-www-form-urlencoded` body: `key=value` pairs in the
/// order of `order` (the struct's properties; others after, by key), a
/// list as one pair per item, `None` fields left out.
#[allow(dead_code)] // unused by specs without urlencoded request bodies
pub(crate) fn form_body<T: serde::Serialize>(
    body: &T,
    order: &[&str],
) -> Result<RequestBody, Error> {
    let mut form = String::new();
    let mut members = pairs("body", body, true)?;
    sort_by_order(&mut members, order);
    for (key, value) in members {
        push_query(&mut form, &key, &value);
    }
    Ok(RequestBody::Bytes {
        content_type: HeaderValue::from_static("application/x-www-form-urlencoded"),
        bytes: Bytes::from(form),
    })
}

/// The members of `value` (an object whose values are scalars) as text
/// pairs, in the order `serde_json` keeps them (by key); `null` members
/// left out. Where `lists`, an array member gives one pair per item.
fn pairs<T: serde::Serialize>(
    name: &'static str,
    value: &T,
    lists: bool,
) -> Result<Vec<(String, String)>, Error> {
    let invalid = |reason: String| Error::InvalidArgument { name, reason };
    let value = serde_json::to_value(value).map_err(|error| invalid(error.to_string()))?;
    let serde_json::Value::Object(members) = value else {
        return Err(invalid("must be an object".to_owned()));
    };
    let mut pairs = Vec::new();
    for (key, member) in members {
        let items = match member {
            serde_json::Value::Array(items) if lists => items,
            other => vec![other],
        };
        for item in items {
            match item {
                serde_json::Value::Null => {}
                serde_json::Value::String(text) => pairs.push((key.clone(), text)),
                serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
                    pairs.push((key.clone(), item.to_string()));
                }
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                    return Err(invalid(format!(
                        "`{key}` holds a list or an object, which cannot be sent here"
                    )));
                }
            }
        }
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
        let mut members = pairs(name, value, false)?;
        sort_by_order(&mut members, order);
        Ok(Self::Object(members))
    }

    /// The texts the style joins: the items of a list, the names and
    /// values of an object in turn (`R,100,G,200`), or `name=value`
    /// pairs of an exploded object (`R=100,G=200`), each percent-encoded
    /// where `encode`.
    fn parts(&self, explode: bool, encode: bool) -> Vec<String> {
        let text = |value: &str| {
            if encode {
                percent_encoding::utf8_percent_encode(value, UNRESERVED).to_string()
            } else {
                value.to_owned()
            }
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
    let encoded = |text: &str| percent_encoding::utf8_percent_encode(text, UNRESERVED).to_string();
    let mut push_raw = |key: &str, value: &str| {
        if !query_string.is_empty() {
            query_string.push('&');
        }
        query_string.push_str(key);
        query_string.push('=');
        query_string.push_str(value);
    };
    match (value, style, explode) {
        (ParamValue::Scalar(text), _, _) => push_raw(&encoded(name), &encoded(text)),
        (ParamValue::List(items), _, true) => {
            for item in items {
                push_raw(&encoded(name), &encoded(item));
            }
        }
        (ParamValue::Object(members), Style::DeepObject, _) => {
            for (key, member) in members {
                push_raw(
                    &format!("{}[{}]", encoded(name), encoded(key)),
                    &encoded(member),
                );
            }
        }
        (ParamValue::Object(members), _, true) => {
            for (key, member) in members {
                push_raw(&encoded(key), &encoded(member));
            }
        }
        (_, _, _) => {
            let delimiter = match style {
                Style::SpaceDelimited => "%20",
                Style::PipeDelimited => "%7C",
                _ => ",",
            };
            push_raw(&encoded(name), &value.parts(false, true).join(delimiter));
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
            let text = format!(".{}", value.parts(explode, true).join("."));
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
            _ if explode && value.parts(explode, true).is_empty() => format!(";{wire}"),
            ParamValue::Scalar(_) | ParamValue::List(_) if explode => value
                .parts(false, true)
                .iter()
                .map(|part| matrix_pair(&wire, part))
                .collect(),
            ParamValue::Object(_) if explode => value
                .parts(true, true)
                .iter()
                .map(|pair| format!(";{pair}"))
                .collect(),
            _ => matrix_pair(&wire, &value.parts(false, true).join(",")),
        },
        _ => {
            let text = value.parts(explode, true).join(",");
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
    header_value(name, &value.parts(explode, false).join(","))
}

/// The characters a path segment or a query key or value keeps as
/// they are (RFC 3986 unreserved); all others are percent-encoded.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

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
        }) = form_body(&form, &["tags", "name", "note"])
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

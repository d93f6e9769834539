//! `multipart/form-data` bodies: files and text parts. Generated crates
//! hold this module only when some operation sends a form.

use bytes::Bytes;

use crate::error::Error;
use crate::request::RequestBody;

/// A file sent as one part of a `multipart/form-data` request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FilePart {
    /// The file name the server is told.
    pub file_name: String,
    /// The part's `content-type` (`text/csv`), if it should have one.
    pub content_type: Option<String>,
    /// The file's contents.
    pub bytes: Bytes,
}

impl FilePart {
    /// A file named `file_name` with `bytes` as contents and no content type.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// The same file with a `content-type`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// Serialised as its bytes (the file name is not part of the data).
impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

/// Read back from bytes, with an empty file name.
impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = <Vec<u8>>::deserialize(deserializer)?;
        Ok(Self::new(String::new(), bytes))
    }
}

/// One part of a multipart body, kept so the form can be rebuilt for a
/// retry: its name, value, and what the spec's `encoding` says of it.
pub(crate) struct Part {
    /// The field name.
    name: &'static str,
    /// Text or a file.
    value: PartValue,
    /// The part's `content-type` (`encoding.contentType`); for a file, the
    /// one it is sent with when it has none of its own.
    content_type: Option<&'static str>,
    /// Further headers of the part (`encoding.headers`), by name.
    headers: &'static [(&'static str, &'static str)],
}

/// What a [`Part`] holds.
enum PartValue {
    /// A text field.
    Text(String),
    /// A file.
    File(FilePart),
}

#[allow(dead_code)] // each spec uses the kinds of parts its forms have
impl Part {
    /// A text part.
    pub(crate) fn text(name: &'static str, value: String) -> Self {
        Self {
            name,
            value: PartValue::Text(value),
            content_type: None,
            headers: &[],
        }
    }

    /// A file part.
    pub(crate) fn file(name: &'static str, file: FilePart) -> Self {
        Self {
            name,
            value: PartValue::File(file),
            content_type: None,
            headers: &[],
        }
    }

    /// A text part holding `value` as JSON (for objects and lists), of
    /// type `application/json`.
    pub(crate) fn json<T: serde::Serialize>(name: &'static str, value: &T) -> Result<Self, Error> {
        let value = serde_json::to_string(value).map_err(|error| Error::InvalidArgument {
            name,
            reason: error.to_string(),
        })?;
        Ok(Self::text(name, value).with_content_type("application/json"))
    }

    /// The same part of type `content_type` (for a file: when the file
    /// has no type of its own).
    pub(crate) fn with_content_type(mut self, content_type: &'static str) -> Self {
        self.content_type = Some(content_type);
        self
    }

    /// The same part with `headers` besides its `content-type`.
    pub(crate) fn with_headers(mut self, headers: &'static [(&'static str, &'static str)]) -> Self {
        self.headers = headers;
        self
    }

    /// The `reqwest` part.
    fn to_reqwest(&self) -> Result<reqwest::multipart::Part, Error> {
        let invalid = |reason: String| Error::InvalidArgument {
            name: self.name,
            reason,
        };
        let (mut part, content_type) = match &self.value {
            PartValue::Text(value) => (
                reqwest::multipart::Part::text(value.clone()),
                self.content_type,
            ),
            PartValue::File(file) => (
                reqwest::multipart::Part::bytes(file.bytes.to_vec())
                    .file_name(file.file_name.clone()),
                file.content_type.as_deref().or(self.content_type),
            ),
        };
        if let Some(content_type) = content_type {
            part = part
                .mime_str(content_type)
                .map_err(|_| invalid(format!("`{content_type}` is not a valid content type")))?;
        }
        if !self.headers.is_empty() {
            let mut headers = reqwest::header::HeaderMap::new();
            for (name, value) in self.headers {
                let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| invalid(format!("`{name}` is not a valid header name")))?;
                let value = reqwest::header::HeaderValue::from_str(value)
                    .map_err(|_| invalid(format!("`{value}` is not a valid header value")))?;
                headers.insert(name, value);
            }
            part = part.headers(headers);
        }
        Ok(part)
    }
}

/// The request body for `parts`: the form is made anew for each attempt.
pub(crate) fn body(parts: Vec<Part>) -> RequestBody {
    RequestBody::Rebuilt(Box::new(
        move |builder| Ok(builder.multipart(form(&parts)?)),
    ))
}

/// The `reqwest` form for `parts`.
fn form(parts: &[Part]) -> Result<reqwest::multipart::Form, Error> {
    parts
        .iter()
        .try_fold(reqwest::multipart::Form::new(), |form, part| {
            Ok(form.part(part.name, part.to_reqwest()?))
        })
}

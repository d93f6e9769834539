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

/// One part of a multipart body, kept so the form can be rebuilt for a retry.
pub(crate) enum Part {
    /// A text field.
    #[allow(dead_code)] // unused by specs whose forms hold files only
    Text {
        /// The field name.
        name: &'static str,
        /// Its value.
        value: String,
    },
    /// A file.
    #[allow(dead_code)] // unused by specs whose forms hold text only
    File {
        /// The field name.
        name: &'static str,
        /// The file.
        file: FilePart,
    },
}

impl Part {
    /// A text part holding `value` as JSON (for objects and lists).
    #[allow(dead_code)] // unused by specs whose forms hold no objects or lists
    pub(crate) fn json<T: serde::Serialize>(name: &'static str, value: &T) -> Result<Self, Error> {
        let value = serde_json::to_string(value).map_err(|error| Error::InvalidArgument {
            name,
            reason: error.to_string(),
        })?;
        Ok(Self::Text { name, value })
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
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        form = match part {
            Part::Text { name, value } => form.text(*name, value.clone()),
            Part::File { name, file } => {
                let mut file_part = reqwest::multipart::Part::bytes(file.bytes.to_vec())
                    .file_name(file.file_name.clone());
                if let Some(content_type) = &file.content_type {
                    file_part =
                        file_part
                            .mime_str(content_type)
                            .map_err(|_| Error::InvalidArgument {
                                name,
                                reason: format!("`{content_type}` is not a valid content type"),
                            })?;
                }
                form.part(*name, file_part)
            }
        };
    }
    Ok(form)
}

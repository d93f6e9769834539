//! The body of a binary upload (`application/octet-stream`, an image, any
//! body whose schema is `format: binary`): bytes in memory, or a stream or
//! a file read as it is sent, never held whole.
//!
//! Bytes are sent again on a retry. A stream or a file can be read only
//! once: a request whose body is one is never retried, nor sent on to a
//! redirect's target, once it started sending.

use std::fmt;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use reqwest::header::HeaderValue;

use crate::request::RequestBody;

/// The body of a binary upload: bytes, a stream of chunks, or a file.
///
/// Every `From` converts the usual byte containers (`Bytes`, `Vec<u8>`,
/// `&'static [u8]`, `String`), so an operation that takes
/// `impl Into<UploadBody>` takes them as they are;
/// [`UploadBody::from_stream`], [`UploadBody::from_file`] and
/// [`UploadBody::from_path`] send a body without holding it in memory.
///
/// Bytes in memory are sent again when the call is retried. A stream or a
/// file is read as it is sent, once: such a call is never retried after
/// its first attempt began sending, whatever the retry policy says, and a
/// redirect that would send the body again (307, 308) is returned rather
/// than followed. A clone of an `UploadBody` made from a stream shares the
/// stream: only the first request sent with either has the body, the other
/// fails with [`Error::InvalidArgument`](crate::Error::InvalidArgument) before anything is sent.
#[derive(Clone)]
pub struct UploadBody {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    /// Bytes in memory, sent as often as needed.
    Bytes(Bytes),
    /// A body read once as it is sent, taken by the request that sends it.
    Once {
        body: Arc<Mutex<Option<reqwest::Body>>>,
        length: Option<u64>,
    },
}

impl UploadBody {
    /// A body read from `stream` as it is sent, chunk by chunk, without
    /// holding it whole: memory stays at the chunks in flight.
    ///
    /// `length` is the body's size in bytes when it is known, sent as
    /// `content-length` (some servers refuse an upload without it); with
    /// `None` the body is sent chunked. A stream that yields a different
    /// number of bytes than `length` says fails the request. An error the
    /// stream yields aborts the upload, and the call fails with
    /// [`Error::Transport`](crate::Error::Transport).
    pub fn from_stream<S, B, E>(stream: S, length: Option<u64>) -> Self
    where
        S: futures_core::Stream<Item = Result<B, E>> + Send + 'static,
        B: 'static,
        Bytes: From<B>,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Self::once(reqwest::Body::wrap_stream(stream), length)
    }

    /// The rest of `file`, from its current position, read as it is sent.
    /// Its size (from its metadata, less the position) is sent as
    /// `content-length`.
    ///
    /// # Errors
    ///
    /// The error of reading the file's metadata or position.
    pub async fn from_file(file: tokio::fs::File) -> std::io::Result<Self> {
        use std::io::Seek;
        let size = file.metadata().await?.len();
        // The position, read on the std file (after any pending operation
        // of the tokio one completes), which is then handed back.
        let mut file = file.into_std().await;
        let position = file.stream_position()?;
        Ok(Self::once(
            reqwest::Body::from(tokio::fs::File::from_std(file)),
            Some(size.saturating_sub(position)),
        ))
    }

    /// The file at `path`, opened now and read as it is sent, with its size
    /// as `content-length`.
    ///
    /// # Errors
    ///
    /// The error of opening the file or reading its metadata.
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        Self::from_file(tokio::fs::File::open(path).await?).await
    }

    /// The body's size in bytes, when it is known.
    pub fn len(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(bytes) => u64::try_from(bytes.len()).ok(),
            Inner::Once { length, .. } => *length,
        }
    }

    /// Whether the body is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Whether the body can be sent again (bytes), or only once (a stream
    /// or a file), which a call is never retried with.
    pub fn is_repeatable(&self) -> bool {
        matches!(self.inner, Inner::Bytes(_))
    }

    fn once(body: reqwest::Body, length: Option<u64>) -> Self {
        Self {
            inner: Inner::Once {
                body: Arc::new(Mutex::new(Some(body))),
                length,
            },
        }
    }
}

impl From<Bytes> for UploadBody {
    fn from(bytes: Bytes) -> Self {
        Self {
            inner: Inner::Bytes(bytes),
        }
    }
}

impl From<Vec<u8>> for UploadBody {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<&'static [u8]> for UploadBody {
    fn from(bytes: &'static [u8]) -> Self {
        Bytes::from_static(bytes).into()
    }
}

impl From<String> for UploadBody {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}

impl fmt::Debug for UploadBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.inner {
            Inner::Bytes(_) => "bytes",
            Inner::Once { .. } => "stream",
        };
        f.debug_struct("UploadBody")
            .field("kind", &kind)
            .field("len", &self.len())
            .finish()
    }
}

/// `upload` as a request body of the media type `content_type`.
pub(crate) fn upload_body(upload: UploadBody, content_type: &'static str) -> RequestBody {
    let content_type = HeaderValue::from_static(content_type);
    match upload.inner {
        Inner::Bytes(bytes) => RequestBody::Bytes {
            content_type,
            bytes,
        },
        Inner::Once { body, length } => RequestBody::Once {
            content_type,
            length,
            body,
            taken: AtomicBool::new(false),
        },
    }
}

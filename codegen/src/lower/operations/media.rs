//! Media types as the client reads and writes them: which kind each is,
//! and what is sent as `content-type`.

/// How the client reads or writes a body of a media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MediaKind {
    /// `application/json` and `+json` types.
    Json,
    /// `multipart/form-data`.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    UrlEncoded,
    /// `text/*`, XML and other text.
    Text,
    /// Other `multipart/*` types, which need parts the spec cannot give.
    Unsupported,
    /// Anything else: bytes as they are.
    Binary,
}

/// How a media type is read and written.
pub(super) fn media_kind(media_type: &str) -> MediaKind {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if is_json(&essence) {
        MediaKind::Json
    } else if essence == "multipart/form-data" {
        MediaKind::Multipart
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::UrlEncoded
    } else if essence.starts_with("multipart/") {
        MediaKind::Unsupported
    } else if essence.starts_with("text/")
        || essence == "application/xml"
        || essence.ends_with("+xml")
        || essence == "application/javascript"
    {
        MediaKind::Text
    } else {
        MediaKind::Binary
    }
}

/// The `content-type` a body of the documented `media_type` is sent with:
/// as documented, but `application/octet-stream` for a range such as
/// `image/*` or `*/*` (the caller's bytes are of no one type the spec
/// names).
pub(super) fn sent_media_type(media_type: &str) -> String {
    let media_type = media_type.trim();
    if media_type.contains('*') || !is_header_text(media_type) {
        "application/octet-stream".to_owned()
    } else {
        media_type.to_owned()
    }
}

/// Whether `text` can be a header value as it is (visible ASCII and
/// spaces).
pub(super) fn is_header_text(text: &str) -> bool {
    text.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

/// `application/json` and its `+json` relatives.
pub(in crate::lower) fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

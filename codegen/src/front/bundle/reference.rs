//! What a `$ref` names: a place in the document it is written in, or a file
//! (and a place in it), by a path relative to that document; or something
//! the bundler refuses (a URL, an absolute path).

use crate::documents::{has_scheme, is_drive_path, DocumentPath};

/// A `$ref` the bundler follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Reference {
    /// `#/a/b`: a place in the document the `$ref` is written in
    /// (unescaped tokens).
    Local(Vec<String>),
    /// `file.yaml#/a/b`: a place in another document (`[]` for all of it).
    File(DocumentPath, Vec<String>),
}

/// Why a `$ref` is not followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refused {
    /// A URL other than `file:` (`https://...`): never fetched.
    Remote,
    /// An absolute path or a `file:` URL.
    Absolute,
    /// A fragment that is not a JSON pointer (`#anchor`).
    NotAPointer,
    /// A path that names no file (`a/`, `..`).
    NoFile,
}

/// What `text`, written in the document `from`, names.
pub(super) fn parse(text: &str, from: &DocumentPath) -> Result<Reference, Refused> {
    let (path, fragment) = text.split_once('#').unwrap_or((text, ""));
    let tokens = fragment_tokens(fragment).ok_or(Refused::NotAPointer)?;
    if path.is_empty() {
        return Ok(Reference::Local(tokens));
    }
    if path
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("file:"))
    {
        return Err(Refused::Absolute);
    }
    if has_scheme(path) {
        return Err(Refused::Remote);
    }
    if path.starts_with(['/', '\\']) || is_drive_path(path) {
        return Err(Refused::Absolute);
    }
    if path.ends_with(['/', '\\']) {
        return Err(Refused::NoFile);
    }
    let file = from
        .sibling(&percent_decoded(path))
        .ok_or(Refused::NoFile)?;
    Ok(Reference::File(file, tokens))
}

/// The unescaped tokens of a fragment (`/a~1b/c` is `["a/b", "c"]`,
/// percent-encoding decoded); `None` when it is not a JSON pointer.
fn fragment_tokens(fragment: &str) -> Option<Vec<String>> {
    let fragment = percent_decoded(fragment);
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let rest = fragment.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// `text` with `%XX` sequences decoded; a sequence that is not valid
/// (or decodes to bytes that are not UTF-8) is kept as written.
fn percent_decoded(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from() -> DocumentPath {
        DocumentPath::parse("paths/menu.yaml").unwrap()
    }

    #[test]
    fn files_and_fragments_are_read_relative_to_the_referring_file() {
        assert_eq!(
            parse("../models/a%20b.yml#/components/schemas/X~1Y", &from()),
            Ok(Reference::File(
                DocumentPath::parse("models/a b.yml").unwrap(),
                vec!["components".into(), "schemas".into(), "X/Y".into()]
            ))
        );
        assert_eq!(
            parse("#/a", &from()),
            Ok(Reference::Local(vec!["a".into()]))
        );
        assert_eq!(
            parse("./other.json", &from()),
            Ok(Reference::File(
                DocumentPath::parse("paths/other.json").unwrap(),
                vec![]
            ))
        );
    }

    #[test]
    fn urls_absolute_paths_and_anchors_are_refused() {
        assert_eq!(parse("https://x.io/a.yaml", &from()), Err(Refused::Remote));
        assert_eq!(
            parse("http://x.io/a.yaml#/b", &from()),
            Err(Refused::Remote)
        );
        assert_eq!(parse("file:///etc/a.yaml", &from()), Err(Refused::Absolute));
        assert_eq!(parse("/etc/a.yaml", &from()), Err(Refused::Absolute));
        assert_eq!(parse("C:\\a.yaml", &from()), Err(Refused::Absolute));
        assert_eq!(parse("a.yaml#anchor", &from()), Err(Refused::NotAPointer));
        assert_eq!(parse("models/", &from()), Err(Refused::NoFile));
    }
}

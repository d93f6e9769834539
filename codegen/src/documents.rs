//! How the generator reads a description kept in many files without a file
//! system of its own: the caller hands it a [`Documents`], which reads a
//! document by its [`DocumentPath`] (relative to the entry document's
//! folder). The command line reads the disk; tests and other callers can
//! hold the files in memory (a `BTreeMap` of path to bytes is one).

use std::collections::BTreeMap;
use std::fmt;

/// Reads the documents a description is made of, by their path relative to
/// the entry document's folder.
pub trait Documents {
    /// The bytes of the document at `path`. A reader reads at most
    /// `max_bytes` bytes and answers [`ReadError::TooLarge`] for a longer
    /// file, so that no document holds more memory than the generator
    /// allows.
    fn read(&self, path: &DocumentPath, max_bytes: usize) -> Result<Vec<u8>, ReadError>;
}

/// Why a document could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// There is no file at that path.
    #[error("no such file")]
    NotFound,
    /// The file is longer than the reader was allowed to read.
    #[error("larger than {limit} bytes")]
    TooLarge {
        /// The most it could read.
        limit: usize,
    },
    /// Any other reason, in the reader's words.
    #[error("{0}")]
    Other(String),
}

/// A document's path relative to the entry document's folder: `/`-separated
/// segments, without `.` and without a `..` after a name (`a/../b` is `b`);
/// leading `..` segments climb out of that folder. Never absolute.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentPath {
    segments: Vec<String>,
}

impl DocumentPath {
    /// The path of `text` (`a/b.yaml`, `./a/../b.yaml`, `../c.json`), or
    /// `None` for an absolute path (`/a`, `\a`, `C:/a`), a URL, or a path
    /// that names no file (empty, `.`, ending in `/`).
    pub fn parse(text: &str) -> Option<Self> {
        if text.starts_with(['/', '\\'])
            || has_scheme(text)
            || is_drive_path(text)
            || text.ends_with('/')
        {
            return None;
        }
        Self::root().joined(text)
    }

    /// The folder the entry document is in (no segment): what relative
    /// references are joined to.
    fn root() -> Self {
        Self {
            segments: Vec::new(),
        }
    }

    /// The document `relative` names from this document's folder (a
    /// relative path, never absolute: check that first).
    pub(crate) fn sibling(&self, relative: &str) -> Option<Self> {
        let mut folder = self.clone();
        folder.segments.pop();
        folder.joined(relative)
    }

    /// `relative` below the folder `self`; `None` when it names no file.
    fn joined(mut self, relative: &str) -> Option<Self> {
        for segment in relative.split(['/', '\\']) {
            match segment {
                "" | "." => {}
                ".." => match self.segments.last() {
                    Some(last) if last != ".." => {
                        self.segments.pop();
                    }
                    _ => self.segments.push("..".to_owned()),
                },
                name => self.segments.push(name.to_owned()),
            }
        }
        match self.segments.last() {
            Some(last) if last != ".." => Some(self),
            _ => None,
        }
    }

    /// The segments, in order (leading `..` included).
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// Whether the path climbs out of the entry document's folder.
    pub fn is_outside(&self) -> bool {
        self.segments.first().is_some_and(|first| first == "..")
    }

    /// The file name's extension, lower-cased (`yaml`), if any.
    pub(crate) fn extension(&self) -> Option<String> {
        let name = self.segments.last()?;
        let (stem, extension) = name.rsplit_once('.')?;
        (!stem.is_empty()).then(|| extension.to_ascii_lowercase())
    }
}

/// `a/b.yaml`, as the path is written in diagnostics and read by readers.
impl fmt::Display for DocumentPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.segments.join("/"))
    }
}

/// Whether `text` starts with a URL scheme of two letters or more
/// (`https:`, `file:`); one letter is a Windows drive (`C:`).
pub(crate) fn has_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Whether `text` is a Windows drive path (`C:/a`, `C:\a`).
pub(crate) fn is_drive_path(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

/// Documents held in memory, by their path (`a/b.yaml`, as
/// [`DocumentPath`] writes it).
impl Documents for BTreeMap<String, Vec<u8>> {
    fn read(&self, path: &DocumentPath, max_bytes: usize) -> Result<Vec<u8>, ReadError> {
        let bytes = self.get(&path.to_string()).ok_or(ReadError::NotFound)?;
        if bytes.len() > max_bytes {
            return Err(ReadError::TooLarge { limit: max_bytes });
        }
        Ok(bytes.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> Option<String> {
        DocumentPath::parse(text).map(|p| p.to_string())
    }

    #[test]
    fn paths_are_normalised_and_never_absolute() {
        assert_eq!(path("a/./b/../c.yaml").as_deref(), Some("a/c.yaml"));
        assert_eq!(path("../../x.yml").as_deref(), Some("../../x.yml"));
        assert_eq!(path("a/../../x.yml").as_deref(), Some("../x.yml"));
        for refused in [
            "/etc/x.yaml",
            "\\x.yaml",
            "C:/x.yaml",
            "file:///x.yaml",
            "",
            ".",
            "a/",
            "a/..",
        ] {
            assert_eq!(path(refused), None, "{refused}");
        }
        let from = DocumentPath::parse("paths/menu.yaml").unwrap();
        let next = from.sibling("../components/Menu.yaml").unwrap();
        assert_eq!(next.to_string(), "components/Menu.yaml");
        assert!(!next.is_outside());
        assert!(from.sibling("../../up.yaml").unwrap().is_outside());
        assert_eq!(next.extension().as_deref(), Some("yaml"));
        assert_eq!(DocumentPath::parse("a/.hidden").unwrap().extension(), None);
    }

    #[test]
    fn schemes_and_drives_are_told_apart() {
        assert!(has_scheme("https://x/y.yaml"));
        assert!(has_scheme("file:x.yaml"));
        assert!(!has_scheme("C:/x.yaml"));
        assert!(is_drive_path("C:/x.yaml"));
        assert!(!has_scheme("a/b:c.yaml"));
    }
}

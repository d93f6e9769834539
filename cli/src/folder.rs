//! The files of a description on disk: [`codegen::Documents`] over the
//! folder of the entry document, so that `$ref`s to other files
//! (`models/droplet.yml`, `../common/errors.yaml`) are read, each within
//! the generator's size limit. The entry, read already, is served from
//! memory.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use codegen::{DocumentPath, Documents, ReadError};

/// The folder of an entry document, and the entry's bytes.
pub(crate) struct SpecFolder<'a> {
    root: PathBuf,
    entry: String,
    bytes: &'a [u8],
}

impl<'a> SpecFolder<'a> {
    /// The folder of `spec`, whose bytes are `bytes`; `None` when the file
    /// name is not UTF-8 (it cannot be named by a `$ref`).
    pub(crate) fn new(spec: &Path, bytes: &'a [u8]) -> Option<Self> {
        let entry = spec.file_name()?.to_str()?.to_owned();
        let root = match spec.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        Some(Self { root, entry, bytes })
    }

    /// The entry document's path in the folder: its file name.
    pub(crate) fn entry(&self) -> &str {
        &self.entry
    }
}

impl Documents for SpecFolder<'_> {
    fn read(&self, path: &DocumentPath, max_bytes: usize) -> Result<Vec<u8>, ReadError> {
        if path.segments() == [self.entry.as_str()] {
            return Ok(self.bytes.to_vec());
        }
        let file = path
            .segments()
            .iter()
            .fold(self.root.clone(), |file, segment| file.join(segment));
        read_at_most(&file, max_bytes)
    }
}

/// The bytes of the regular file `path`, or [`ReadError::TooLarge`] past
/// `max_bytes` (never reading more than one byte past it).
fn read_at_most(path: &Path, max_bytes: usize) -> Result<Vec<u8>, ReadError> {
    let other = |error: io::Error| match error.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Other(error.to_string()),
    };
    let file = File::open(path).map_err(other)?;
    let metadata = file.metadata().map_err(other)?;
    if !metadata.is_file() {
        return Err(ReadError::Other("not a regular file".to_owned()));
    }
    let too_large = ReadError::TooLarge { limit: max_bytes };
    if metadata.len() > max_bytes as u64 {
        return Err(too_large);
    }
    let mut bytes = Vec::new();
    file.take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(other)?;
    if bytes.len() > max_bytes {
        return Err(too_large);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_relative_to_the_entry_folder_within_the_limit() {
        let root = tempfile::tempdir().expect("temp dir");
        let spec = root.path().join("api/openapi.yaml");
        std::fs::create_dir_all(root.path().join("api/models")).expect("mkdir");
        std::fs::write(root.path().join("api/models/a.yaml"), "type: string\n").expect("write");
        std::fs::write(root.path().join("common.yaml"), "type: object\n").expect("write");
        let folder = SpecFolder::new(&spec, b"entry").expect("a UTF-8 name");
        assert_eq!(folder.entry(), "openapi.yaml");
        let path = |text: &str| DocumentPath::parse(text).expect("a relative path");
        assert_eq!(
            folder.read(&path("openapi.yaml"), 10),
            Ok(b"entry".to_vec())
        );
        assert_eq!(
            folder.read(&path("models/a.yaml"), 100),
            Ok(b"type: string\n".to_vec())
        );
        assert_eq!(
            folder.read(&path("../common.yaml"), 100),
            Ok(b"type: object\n".to_vec())
        );
        assert_eq!(
            folder.read(&path("models/a.yaml"), 5),
            Err(ReadError::TooLarge { limit: 5 })
        );
        assert_eq!(
            folder.read(&path("models/gone.yaml"), 100),
            Err(ReadError::NotFound)
        );
        assert!(matches!(
            folder.read(&path("models"), 100),
            Err(ReadError::Other(_))
        ));
    }
}

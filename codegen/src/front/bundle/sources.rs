//! Which file each part of a bundled document came from, so that a
//! diagnostic about the one document names the file and the place in it.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::pointer::Pointer;

/// Where the parts of a bundled document came from: each part (by its
/// place in the bundled document) with its file and its place there. Empty
/// for a document of one file, whose diagnostics name no file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    /// The entry document, which holds every place no part covers; `None`
    /// when the document is one file.
    entry: Option<String>,
    /// Place in the bundled document -> (file, place in that file).
    parts: BTreeMap<Vec<String>, (String, Vec<String>)>,
}

impl Sources {
    /// The sources of a document bundled from `entry` and the `parts`.
    pub(super) fn new(entry: String, parts: BTreeMap<Vec<String>, (String, Vec<String>)>) -> Self {
        Self {
            entry: (!parts.is_empty()).then_some(entry),
            parts,
        }
    }

    /// Whether the document is one file.
    pub fn is_empty(&self) -> bool {
        self.entry.is_none()
    }

    /// The file and place that `pointer`, a place in the bundled document
    /// (as written: before the version rewrites), came from; `None` for a
    /// document of one file.
    pub fn locate(&self, pointer: &Pointer) -> Option<(String, Pointer)> {
        let entry = self.entry.as_ref()?;
        let tokens = pointer.tokens();
        let found = (0..=tokens.len())
            .rev()
            .find_map(|length| Some((length, self.parts.get(&tokens[..length])?)));
        let (file, tokens) = match found {
            Some((length, (file, place))) => (
                file.clone(),
                place.iter().chain(&tokens[length..]).cloned().collect(),
            ),
            None => (entry.clone(), tokens.to_vec()),
        };
        let pointer = tokens
            .iter()
            .fold(Pointer::root(), |pointer, token| pointer.push(token));
        Some((file, pointer))
    }

    /// Names the file of `diagnostic` (about the bundled document), and
    /// its place there; a diagnostic that names a file already is left.
    pub fn relocate(&self, diagnostic: &mut Diagnostic) {
        if diagnostic.file.is_some() {
            return;
        }
        if let Some((file, pointer)) = self.locate(&diagnostic.pointer) {
            diagnostic.file = Some(file);
            diagnostic.pointer = pointer;
        }
    }
}

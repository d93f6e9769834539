//! What the generator has to say about a spec: errors that stop generation
//! and warnings that do not, each of a stable [`Code`] and tied to a place in
//! the spec; and the lint [`Levels`] that raise or drop warnings by code.

mod code;
mod levels;

use std::fmt;

pub use code::{Code, UnknownCode};
pub use levels::{Levels, LevelsError};

use crate::pointer::Pointer;

/// How bad a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation went on; the output may not be what the spec author meant.
    Warning,
    /// Generation cannot produce correct code; nothing is written.
    Error,
}

/// One finding about the spec: what kind, where, what, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// How bad it is: the code's own [`Code::severity`], unless lint
    /// [`Levels`] denied a warning.
    pub severity: Severity,
    /// What kind of finding it is; stable, unlike the message.
    pub code: Code,
    /// The file the node is in, for a description kept in many files
    /// (relative to the entry document's folder); `None` for a document of
    /// one file.
    pub file: Option<String>,
    /// The node of the spec the finding is about (in [`Diagnostic::file`]
    /// when it names one).
    pub pointer: Pointer,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
    /// Why the severity is not the code's own (`denied by --deny CODE`).
    pub note: Option<String>,
}

impl Diagnostic {
    /// A finding of kind `code` at `pointer`, with the code's severity.
    pub fn new(code: Code, pointer: &Pointer, message: impl Into<String>) -> Self {
        Self {
            severity: code.severity(),
            code,
            file: None,
            pointer: pointer.clone(),
            message: message.into(),
            hint: None,
            note: None,
        }
    }

    /// The same diagnostic with a hint on how to fix it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same diagnostic about a node of the file `file`.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
}

/// `error[dangling-reference]: #/paths/...: message` (`FILE#/...` when it
/// names a file), then the hint and the note on lines of their own.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let file = self.file.as_deref().unwrap_or_default();
        write!(
            f,
            "{label}[{}]: {file}{}: {}",
            self.code, self.pointer, self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        if let Some(note) = &self.note {
            write!(f, "\n  note: {note}")?;
        }
        Ok(())
    }
}

/// The diagnostics collected while lowering a spec, in the order found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        // One node reached twice (a path-level parameter of two operations)
        // is reported once.
        if !self.items.contains(&diagnostic) {
            self.items.push(diagnostic);
        }
    }

    /// How many diagnostics were recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether none was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostic recorded `index`-th, to add to what it says.
    pub(crate) fn get_mut(&mut self, index: usize) -> Option<&mut Diagnostic> {
        self.items.get_mut(index)
    }

    /// Moves the pointer of every diagnostic recorded from the `from`-th
    /// on to `original(pointer)`: the place in the document as written.
    pub(crate) fn relocate(&mut self, from: usize, original: impl Fn(&Pointer) -> Pointer) {
        for diagnostic in self.items.iter_mut().skip(from) {
            diagnostic.pointer = original(&diagnostic.pointer);
        }
    }

    /// Names the file of each diagnostic about a document bundled from
    /// many files ([`crate::load::Sources`]).
    pub(crate) fn locate_files(&mut self, sources: &crate::load::Sources) {
        for diagnostic in &mut self.items {
            sources.relocate(diagnostic);
        }
    }

    /// Whether any error (not only warnings) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Consumes the collection into its diagnostics.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.items.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

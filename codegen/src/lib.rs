//! Generates a typed Rust client crate from an OpenAPI description (OpenAPI 3.0, 3.1 or 3.2, or Swagger 2.0).
//!
//! The pipeline is pure (no file system): [`load`](load::load) parses bytes
//! into an `openapiv3` document, [`lower`](lower::lower) validates it and
//! builds the [`ir`], the emitters turn the IR into tokens (the
//! [runtime](mod@runtime) files, ordinary Rust of this repository, are copied as
//! they are, or reached by `#[path]`: [`RuntimeSource`]) and [`format`](mod@format) turns tokens into text. [`generate`]
//! runs them all and returns the files exactly as they are to be written.
//! A description kept in many files is read through a [`Documents`] its
//! caller gives ([`generate_from`], [`load::load_from`]) and bundled into
//! one document first.

pub mod diagnostics;
pub mod documents;
pub mod emit;
pub mod format;
mod front;
pub mod ir;
pub mod load;
pub mod lower;
mod naming;
mod parallel;
pub mod pointer;
pub mod runtime;
pub mod spelling;

pub use diagnostics::{Code, Levels};
pub use documents::{DocumentPath, Documents, ReadError};
pub use runtime::RuntimeSource;

use diagnostics::{Diagnostic, Diagnostics};

/// What to generate and how to label it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The crate's package name (`brevo-conversations`).
    pub crate_name: String,
    /// The crate's version; `None` takes the spec's `info.x-crate-version`,
    /// or `0.1.0` when the spec has none.
    pub crate_version: Option<String>,
    /// How the spec is named in headers and docs (a relative path, never an
    /// absolute one, so output is the same on every machine).
    pub spec_label: String,
    /// The command that regenerates the crate, named in every file's header.
    pub regenerate_command: String,
    /// Whether the crate is its own workspace (generated outside ours).
    pub standalone: bool,
    /// Whether to add `tests/smoke.rs` (one request per tag to a local
    /// server) and the dev-dependencies it needs.
    pub smoke_tests: bool,
    /// Which warnings fail generation as errors and which are dropped;
    /// `Levels::default()` keeps every code at its own severity.
    pub levels: Levels,
    /// Whether the runtime's files are written into the crate
    /// ([`RuntimeSource::Embedded`], what users get) or reached where they
    /// are stored in this repository ([`RuntimeSource::Path`], the golden
    /// fixture crates).
    pub runtime: RuntimeSource,
    /// The spec's own user guide (Markdown: a tour of the API, settings
    /// worth knowing), put into the crate's `README.md`, which is its crate
    /// docs: Rust examples in it are doctests. `None` for none.
    pub guide: Option<String>,
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate's folder, `/`-separated.
    pub path: String,
    /// The full text.
    pub contents: String,
}

/// A successful generation.
#[derive(Clone, Debug)]
pub struct Output {
    /// The crate's files, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Problems that did not stop generation (under [`Options::levels`]:
    /// allowed warnings are not here).
    pub warnings: Vec<Diagnostic>,
    /// How many operations became methods.
    pub operations: usize,
    /// How many types were defined.
    pub types: usize,
}

/// Why nothing was generated.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes are not an OpenAPI 3.0 document.
    #[error(transparent)]
    Load(#[from] load::LoadError),
    /// The document has errors (and maybe warnings), denied warnings
    /// among them.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// The generator produced invalid Rust (a generator bug).
    #[error(transparent)]
    Format(#[from] format::FormatError),
}

/// Generates the client crate for the spec in `spec` (YAML or JSON bytes).
/// The diagnostics of lowering are judged by [`Options::levels`]: a denied
/// warning fails generation like any error.
pub fn generate(spec: &[u8], options: &Options) -> Result<Output, Error> {
    generate_loaded(&load::load(spec)?, options)
}

/// Generates the client crate for the description whose entry document is
/// `entry`, kept in one file or many: `documents` reads the entry and every
/// file its `$ref`s name, by paths relative to the folder it reads from
/// (see [`Documents`]), and they are bundled into one document first.
/// Diagnostics about a part from another file name the file
/// ([`diagnostics::Diagnostic::file`]).
pub fn generate_from(
    documents: &dyn Documents,
    entry: &str,
    options: &Options,
) -> Result<Output, Error> {
    generate_loaded(&load::load_from(documents, entry)?, options)
}

/// Generates the client crate for a loaded document.
fn generate_loaded(document: &load::Loaded, options: &Options) -> Result<Output, Error> {
    let (api, diagnostics) = lower::lower(document);
    let diagnostics = options.levels.apply(diagnostics);
    if diagnostics.has_errors() {
        return Err(Error::Invalid(diagnostics));
    }
    let files = render(&api, options)?;
    Ok(Output {
        files,
        warnings: diagnostics.into_vec(),
        operations: api.operations.len(),
        types: api.types.len(),
    })
}

/// Emits and formats the files for a lowered API: every file starts with
/// the "generated" header; emitted parts are formatted on all cores, in
/// order, and runtime files are copied as they are.
pub fn render(api: &ir::Api, options: &Options) -> Result<Vec<GeneratedFile>, format::FormatError> {
    let header = format!(
        "@generated by `{}` from {}. Do not edit by hand.",
        options.regenerate_command, options.spec_label
    );
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".to_owned(),
            contents: emit::manifest(api, options, &header),
        },
        GeneratedFile {
            path: "README.md".to_owned(),
            contents: emit::readme(api, options, &header),
        },
    ];
    let rust_files = emit::rust_files(api, options);
    // Every emitted part of every file, in order.
    let parts: Vec<(&str, &emit::Emit<'_>)> = rust_files
        .iter()
        .flat_map(|file| match &file.contents {
            emit::Contents::Tokens(parts) => parts
                .iter()
                .map(|part| (file.path.as_str(), part))
                .collect(),
            emit::Contents::Verbatim(_) => Vec::new(),
        })
        .collect();
    let formatted =
        parallel::map_in_order(&parts, |(path, emit)| format::format_items(path, emit()));
    let mut formatted = formatted.into_iter();
    for file in &rust_files {
        let mut text = format!("// {header}\n");
        match &file.contents {
            emit::Contents::Tokens(parts) => {
                for part in formatted.by_ref().take(parts.len()) {
                    text.push('\n');
                    text.push_str(&part?);
                }
            }
            emit::Contents::Verbatim(runtime_text) => {
                text.push('\n');
                text.push_str(runtime_text);
            }
        }
        files.push(GeneratedFile {
            path: file.path.clone(),
            contents: text,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

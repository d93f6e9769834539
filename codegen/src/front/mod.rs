//! The front door: every version of a description, brought to the one
//! OpenAPI 3.0 document the rest of the generator reads.
//!
//! # Design
//!
//! The front door is a **normalising stage on the document value**, before
//! the typed `openapiv3` 3.0 model is read from it. Each version is
//! rewritten into one 3.0-shaped value ([`v31`] brings OpenAPI 3.1 and
//! JSON Schema 2020-12 there; [`v32`] the additions of 3.2 first; [`v20`]
//! builds a 3.0 document from a Swagger 2.0 one), and
//! what 3.0 cannot say travels beside it:
//!
//! - as `x-` extensions, which `openapiv3` keeps on the nodes it reads
//!   (`x-webhooks` at the root, `x-item-schema` on a media type,
//!   `x-additional-operations` on a path item), for later stages to read;
//! - as warnings, located by JSON pointer with a code and a hint, handed
//!   to the loader as data ([`Front`]); the loader keeps them in
//!   `load::Loaded` and the lowering reports them with its own.
//!
//! Every node the rewrite moves is recorded ([`Origins`]), and every
//! diagnostic, the front door's, the loader's and the lowering's, names
//! the place in the document as written, not the rewritten one.
//!
//! Why not a model of our own, or another crate: the 3.0 model is what the
//! lowering, `api-diff` and `drift` already read, `openapiv3` is a
//! well-kept crate, and 3.1 differs from 3.0 mostly in schema spelling,
//! which a rewrite of the value maps one keyword at a time. The crates that
//! read 3.1 directly drop keywords they do not model (`openapiv3` itself,
//! given 3.1, drops `const`, `examples`, `prefixItems`, `webhooks` and
//! every `$ref` sibling), where a rewrite of the value sees every key.
//!
//! Every keyword is mapped to its 3.0 spelling, documented in the README as
//! irrelevant to a client (validation the client does not do), or reported
//! with a warning at its place: none is dropped silently.
//!
//! The stages here: [`mod@read`] (bytes to a value, JSON read as JSON),
//! [`mod@bundle`] (a description in many files made one document, when
//! the caller gives a way to read them),
//! [`v20`], [`v32`] and [`v31`] (the version rewrites), [`bounds`] (integers beyond
//! 64 bits clamped).

mod bounds;
mod bundle;
mod origins;
mod read;
mod v20;
mod v31;
mod v32;

use std::collections::BTreeSet;

use serde_yaml::Value;

use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

pub use bundle::Sources;
pub(crate) use bundle::{bundle, MAX_FILE_BYTES};
pub use origins::Origins;
pub(crate) use read::read;

/// The path item extension that holds the operations of methods other
/// than the fixed ones (`query`, `additionalOperations`), keyed by the
/// method as sent.
pub(crate) const ADDITIONAL_OPERATIONS: &str = "x-additional-operations";

/// The version the document is rewritten to.
const TARGET_VERSION: &str = "3.0.3";

/// What the front door learnt that the rewritten document cannot say.
#[derive(Debug, Default)]
pub(crate) struct Front {
    /// Its warnings, located in the document as written.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Where the nodes it moved stood in the document as written.
    pub(crate) origins: Origins,
    /// The schemas that accept only `null` (`type: "null"`, `const:
    /// null`), by their place in the document as written: 3.0 has no way
    /// to say it, so they are `nullable` without a type.
    pub(crate) null_schemas: BTreeSet<Pointer>,
}

/// Brings the document `value` to OpenAPI 3.0. A document of a version the
/// front door does not know (or no version) is left as it is, for the
/// loader's version check to refuse.
pub(crate) fn normalise(value: &mut Value) -> Front {
    let mut found = Found::default();
    let version = value
        .get("openapi")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if version.is_none() && is_swagger_2(value) {
        v20::rewrite(value, &mut found);
        if let Value::Mapping(root) = value {
            root.insert("x-swagger-version".into(), "2.0".into());
        }
        bounds::clamp(value, &mut found);
        return found.finish();
    }
    match version.as_deref() {
        Some(version) if version.starts_with("3.0") => {}
        Some(version) if version.starts_with("3.1") || version.starts_with("3.2") => {
            if version.starts_with("3.2") {
                v32::rewrite(value, &mut found);
            }
            v31::rewrite(value, &mut found);
            if let Value::Mapping(root) = value {
                root.insert("openapi".into(), TARGET_VERSION.into());
                root.insert("x-openapi-version".into(), version.into());
            }
        }
        _ => return Front::default(),
    }
    bounds::clamp(value, &mut found);
    found.finish()
}

/// Whether `value` says `swagger: "2.0"` (YAML may read an unquoted `2.0`
/// as a number).
fn is_swagger_2(value: &Value) -> bool {
    match value.get("swagger") {
        Some(Value::String(version)) => version == "2.0",
        Some(Value::Number(number)) => number.as_f64() == Some(2.0),
        _ => false,
    }
}

/// What the rewrites found: warnings (each with the number of steps
/// recorded when it was found, since its pointer is a place in the document
/// as it was then), and the moves made.
#[derive(Default)]
pub(crate) struct Found {
    warnings: Vec<(Diagnostic, usize)>,
    pub(crate) origins: Origins,
    /// Schemas that accept only `null`, where they stood then.
    null_schemas: Vec<(Pointer, usize)>,
}

impl Found {
    /// Records a warning of `code` at `path` (unescaped tokens).
    pub(crate) fn push(&mut self, code: Code, path: &[String], message: String, hint: &str) {
        let mut diagnostic = Diagnostic::new(code, &pointer_of(path), message);
        if !hint.is_empty() {
            diagnostic = diagnostic.with_hint(hint);
        }
        self.warnings.push((diagnostic, self.origins.mark()));
    }

    /// The warnings, located in the document as written, and the moves.
    pub(crate) fn finish(self) -> Front {
        let Found {
            warnings,
            origins,
            null_schemas,
        } = self;
        let warnings = warnings
            .into_iter()
            .map(|(mut diagnostic, mark)| {
                diagnostic.pointer = origins.original_before(mark, &diagnostic.pointer);
                diagnostic
            })
            .collect();
        let null_schemas = null_schemas
            .iter()
            .map(|(pointer, mark)| origins.original_before(*mark, pointer))
            .collect();
        Front {
            warnings,
            origins,
            null_schemas,
        }
    }

    /// Records that the schema at `path` accepts only `null`.
    pub(crate) fn null_schema(&mut self, path: &[String]) {
        self.null_schemas
            .push((pointer_of(path), self.origins.mark()));
    }

    /// Records one rewrite step's moves: the node now at `base` + `after`
    /// stood at `base` + `before` (relative, unescaped tokens).
    pub(crate) fn moved(&mut self, base: &[String], moves: Vec<(Vec<String>, Vec<String>)>) {
        let absolute = |relative: Vec<String>| base.iter().cloned().chain(relative).collect();
        self.origins.record(
            moves
                .into_iter()
                .map(|(after, before)| (absolute(after), absolute(before)))
                .collect(),
        );
    }
}

/// The pointer of `path` (unescaped tokens).
fn pointer_of(path: &[String]) -> Pointer {
    path.iter()
        .fold(Pointer::root(), |pointer, token| pointer.push(token))
}

/// Relative tokens from a `/`-separated text (no token holds `/`), for
/// [`Found::moved`].
pub(crate) fn tokens(text: &str) -> Vec<String> {
    text.split('/')
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The text of a mapping key (keys are strings in JSON; YAML allows
/// numbers, as in a response code `200:`).
pub(crate) fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        _ => String::new(),
    }
}

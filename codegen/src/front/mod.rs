//! The front door: every version of a description, brought to the one
//! OpenAPI 3.0 document the rest of the generator reads.
//!
//! # Design
//!
//! The front door is a **normalising stage on the document value**, before
//! the typed `openapiv3` 3.0 model is read from it. Each version is
//! rewritten into one 3.0-shaped value ([`v31`] brings OpenAPI 3.1 and
//! JSON Schema 2020-12 there; [`v32`] the additions of 3.2 first), and
//! what 3.0 cannot say travels beside it:
//!
//! - as `x-` extensions, which `openapiv3` keeps on the nodes it reads
//!   (`x-webhooks` at the root, `x-item-schema` on a media type,
//!   `x-additional-operations` on a path item), for later stages to read;
//! - as warnings, located by JSON pointer with a code and a hint, carried at
//!   the document's root under [`WARNINGS`] and reported by the lowering with
//!   its own diagnostics ([`warnings`]), so that every caller of
//!   `load` and `lower` sees them without a second channel.
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
//! [`v32`] and [`v31`] (the version rewrites), [`bounds`] (integers beyond
//! 64 bits clamped).

mod bounds;
mod read;
mod v31;
mod v32;

use openapiv3::OpenAPI;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

pub(crate) use read::read;

/// The root extension that carries the front door's warnings to the
/// lowering: a list of `{code, pointer, message, hint}`.
pub(crate) const WARNINGS: &str = "x-codegen-warnings";

/// The version the document is rewritten to.
const TARGET_VERSION: &str = "3.0.3";

/// Brings the document `value` to OpenAPI 3.0, with the warnings of the
/// rewrite under [`WARNINGS`]. A document of a version the front door does
/// not know (or no version) is left as it is, for the loader's version
/// check to refuse.
pub(crate) fn normalise(value: &mut Value) {
    let mut found = Warnings::default();
    let version = value
        .get("openapi")
        .and_then(Value::as_str)
        .map(str::to_owned);
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
        _ => return,
    }
    bounds::clamp(value, &mut found);
    if let (Value::Mapping(root), false) = (&mut *value, found.items.is_empty()) {
        root.insert(WARNINGS.into(), found.into_value());
    }
}

/// The warnings the front door left on `spec` (see [`WARNINGS`]).
pub(crate) fn warnings(spec: &OpenAPI) -> Vec<Diagnostic> {
    let Some(serde_json::Value::Array(items)) = spec.extensions.get(WARNINGS) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let text = |key: &str| item.get(key).and_then(serde_json::Value::as_str);
            let code: Code = text("code")?.parse().ok()?;
            let pointer = Pointer::parse_ref(text("pointer")?)?;
            let mut diagnostic = Diagnostic::new(code, &pointer, text("message")?);
            if let Some(hint) = text("hint") {
                diagnostic = diagnostic.with_hint(hint);
            }
            Some(diagnostic)
        })
        .collect()
}

/// The warnings found while rewriting, in document order.
#[derive(Default)]
pub(crate) struct Warnings {
    items: Vec<Diagnostic>,
}

impl Warnings {
    /// Records a warning of `code` at `path` (unescaped tokens).
    pub(crate) fn push(&mut self, code: Code, path: &[String], message: String, hint: &str) {
        let pointer = path
            .iter()
            .fold(Pointer::root(), |pointer, token| pointer.push(token));
        let mut diagnostic = Diagnostic::new(code, &pointer, message);
        if !hint.is_empty() {
            diagnostic = diagnostic.with_hint(hint);
        }
        self.items.push(diagnostic);
    }

    /// The warnings as the [`WARNINGS`] extension's value.
    fn into_value(self) -> Value {
        Value::Sequence(
            self.items
                .into_iter()
                .map(|diagnostic| {
                    let mut item = Mapping::new();
                    item.insert("code".into(), diagnostic.code.as_str().into());
                    item.insert("pointer".into(), diagnostic.pointer.to_string().into());
                    item.insert("message".into(), diagnostic.message.into());
                    if let Some(hint) = diagnostic.hint {
                        item.insert("hint".into(), hint.into());
                    }
                    Value::Mapping(item)
                })
                .collect(),
        )
    }
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

//! A drift guard: compares our OpenAPI spec (`spec/conversations.yaml`) with
//! an upstream definition (Brevo's), fact by fact, and reports every
//! difference as one line with a JSON pointer on each side:
//!
//! ```text
//! #/components/schemas/ConversationsMessage/properties (ours) vs #/components/schemas/ConversationsMessage/properties/html (upstream): field `html` missing in ours
//! drift: 1 difference, 56 intentional
//! ```
//!
//! The facts compared: the OpenAPI and API versions, servers, security
//! requirements and schemes; paths and methods; parameters (name, location,
//! required, style, schema); request bodies (required, media types, schema);
//! responses (status codes, media types, headers, schema); and in schemas
//! (after `$ref`s, with `allOf` parts merged and a `oneOf`/`anyOf` of objects
//! merged into one object) the type, format, `nullable`, enum values, bounds
//! and other value keywords, properties, required lists, items and
//! `additionalProperties`, down to the deepest nested object; also titles,
//! operationIds and `x-` extensions. Prose and examples are left out, as
//! [`NOT_COMPARED`] lists; a keyword the guard does not know is reported, so
//! nothing new passes unseen.
//!
//! Differences meant to stay are input: an excuse list ([`Excuses`], read
//! from a YAML file; the repository keeps Brevo's in
//! `spec/drift-excuses.yaml`) given in [`Options::excuses`]. What it
//! accounts for goes to [`Report::intentional`] instead of
//! [`Report::differences`]; without a list nothing is excused.
//!
//! ```
//! use spec_drift::{compare, render, Document};
//!
//! let ours = Document::from_yaml("ours.yaml", "openapi: 3.0.3\npaths: {}\n")?;
//! let upstream = Document::from_json(
//!     "upstream.json",
//!     r#"{"openapi": "3.0.3", "paths": {"/notes": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#,
//! )?;
//! let report = compare(&ours, &upstream);
//! assert_eq!(
//!     render(&report).lines().next(),
//!     Some("#/paths (ours) vs #/paths/~1notes (upstream): path `/notes` missing in ours")
//! );
//! # Ok::<(), spec_drift::LoadError>(())
//! ```

#![deny(missing_docs)]

mod compare;
mod document;
mod excuses;
mod not_compared;
mod pointer;
mod report;
mod schema;
mod upstream;

pub use compare::{compare, compare_with, Options};
pub use document::{Document, LoadError};
pub use excuses::{Excuse, Excuses, ExcusesError};
pub use not_compared::{NotCompared, Place, NOT_COMPARED};
pub use pointer::{matches, Pointer};
pub use report::{render, render_with_intentional, Difference, Excused, Kind, Report};
pub use upstream::newest_upstream;

#[cfg(test)]
mod tests;

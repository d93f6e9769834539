//! The version check: a document the front door did not bring to OpenAPI
//! 3.0 (Swagger 1.2, OpenAPI 4, no `openapi` field) is refused with a
//! message about its version instead of a list of missing fields.

use serde_yaml::Value;

use super::{describe, LoadError};
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

/// Rejects documents that are not OpenAPI 3.0 (after the front door's
/// rewrite of Swagger 2.0, 3.1 and 3.2) before their shape is checked, so a
/// Swagger 1.2 file gets a message about its version
/// instead of a list of missing fields.
pub(super) fn check_version(value: &Value) -> Result<(), LoadError> {
    let root = Pointer::root();
    let Value::Mapping(mapping) = value else {
        return Err(LoadError::Shape(Box::new(Diagnostic::new(
            Code::InvalidDocument,
            &root,
            "the document is not a mapping; an OpenAPI document starts with `openapi: 3.0.x`",
        ))));
    };
    if let Some(swagger) = mapping.get("swagger") {
        let version = match swagger {
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            other => describe(other).to_owned(),
        };
        return Err(LoadError::Shape(Box::new(
            Diagnostic::new(
                Code::UnsupportedOpenapiVersion,
                &root.push("swagger"),
                format!("Swagger version {version} is not supported; Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x are"),
            )
            .with_hint("write the document as Swagger 2.0 (`swagger: \"2.0\"`) or as OpenAPI 3.x"),
        )));
    }
    let version = match mapping.get("openapi") {
        Some(Value::String(version)) => version.clone(),
        Some(other) => {
            return Err(LoadError::Shape(Box::new(Diagnostic::new(
                Code::UnsupportedOpenapiVersion,
                &root.push("openapi"),
                format!(
                    "`openapi` must be a version string such as \"3.0.3\", found {}",
                    describe(other)
                ),
            ))))
        }
        None => {
            return Err(LoadError::Shape(Box::new(
                Diagnostic::new(
                    Code::UnsupportedOpenapiVersion,
                    &root,
                    "the `openapi` version field is missing",
                )
                .with_hint("add `openapi: 3.0.3` at the top of the document"),
            )))
        }
    };
    if !version.starts_with("3.0") {
        return Err(LoadError::Shape(Box::new(
            Diagnostic::new(
                Code::UnsupportedOpenapiVersion,
                &root.push("openapi"),
                format!("OpenAPI version {version} is not supported; 3.0.x, 3.1.x and 3.2.x (and Swagger 2.0) are"),
            )
            .with_hint("write the document as OpenAPI 3.1 or 3.0"),
        )));
    }
    Ok(())
}

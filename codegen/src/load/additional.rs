//! The operations a path item holds beside its fixed methods: OpenAPI
//! 3.2's `query` and `additionalOperations`, which the front door moves to
//! `x-additional-operations` (keyed by the method as sent), read here as
//! `openapiv3` operations, since `openapiv3` keeps an extension only as
//! JSON.

use std::collections::BTreeMap;

use openapiv3::Operation;
use serde_yaml::Value;

use super::{key_text, path_to_pointer, strip_location};
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

use crate::front::ADDITIONAL_OPERATIONS as EXTENSION;

/// A path's operations beyond the fixed methods: (method as sent, operation).
pub type AdditionalOperations = BTreeMap<String, Vec<(String, Operation)>>;

/// Reads the additional operations of every path item of `paths`, by
/// path; the error names the node, in the document `value` as it is now.
pub(super) fn read(value: &Value) -> Result<AdditionalOperations, Box<Diagnostic>> {
    let mut found = AdditionalOperations::new();
    let Some(Value::Mapping(paths)) = value.get("paths") else {
        return Ok(found);
    };
    for (path, item) in paths {
        let Some(Value::Mapping(operations)) = item.get(EXTENSION) else {
            continue;
        };
        let path = key_text(path);
        for (method, operation) in operations {
            let method = key_text(method);
            let at = Pointer::root()
                .push("paths")
                .push(&path)
                .push(EXTENSION)
                .push(&method);
            let read: Result<Operation, _> = serde_path_to_error::deserialize(operation);
            let operation = read.map_err(|error| {
                Box::new(
                    Diagnostic::new(
                        Code::InvalidDocument,
                        &path_to_pointer(error.path(), at),
                        format!(
                            "not a valid OpenAPI operation: {}",
                            strip_location(&error.inner().to_string())
                        ),
                    )
                    .with_hint("compare this node with the OpenAPI 3.2 specification"),
                )
            })?;
            found
                .entry(path.clone())
                .or_default()
                .push((method, operation));
        }
    }
    Ok(found)
}

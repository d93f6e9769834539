//! The rewrite of `nullable: true` beside a `$ref`. OpenAPI 3.0 ignores
//! what stands beside a `$ref`, so `openapiv3` would drop the `nullable`;
//! but the servers of specs that write it do send `null`, so each such
//! schema becomes `{allOf: [{$ref}], nullable: true}`, read as an `Option`,
//! and its place is handed to lowering, which warns about it.

use std::collections::BTreeSet;

use serde_yaml::Value;

use super::key_text;
use crate::pointer::Pointer;

/// Rewrites every mapping that has a `$ref` and `nullable: true` beside it
/// into `{allOf: [{$ref}], nullable: true}`; returns their pointers.
pub(super) fn rewrite_nullable_references(value: &mut Value) -> BTreeSet<Pointer> {
    let mut found = BTreeSet::new();
    rewrite(value, &mut Vec::new(), &mut found);
    found
}

/// [`rewrite_nullable_references`] below `value`, which stands at `path`.
fn rewrite(value: &mut Value, path: &mut Vec<String>, found: &mut BTreeSet<Pointer>) {
    match value {
        Value::Mapping(mapping) => {
            let nullable = mapping.get("nullable").and_then(Value::as_bool) == Some(true);
            if nullable {
                if let Some(reference) = mapping.remove("$ref") {
                    let mut part = serde_yaml::Mapping::new();
                    part.insert(Value::from("$ref"), reference);
                    mapping.insert(
                        Value::from("allOf"),
                        Value::Sequence(vec![Value::Mapping(part)]),
                    );
                    found.insert(
                        path.iter()
                            .fold(Pointer::root(), |pointer, token| pointer.push(token)),
                    );
                    return;
                }
            }
            for (key, child) in mapping.iter_mut() {
                path.push(key_text(key));
                rewrite(child, path, found);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                path.push(index.to_string());
                rewrite(child, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

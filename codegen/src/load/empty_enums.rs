//! Finding `enum: []`. `openapiv3` reads an empty `enum` list as no `enum`
//! at all, so loading notes where each one stands and lowering warns at it:
//! a list of no value says nothing a client can use.

use std::collections::BTreeSet;

use serde_yaml::Value;

use super::key_text;
use crate::pointer::Pointer;

/// The pointers of the mappings that have `enum: []`.
pub(super) fn find_empty_enums(value: &Value) -> BTreeSet<Pointer> {
    let mut found = BTreeSet::new();
    walk(value, &mut Vec::new(), &mut found);
    found
}

/// [`find_empty_enums`] below `value`, which stands at `path`.
fn walk(value: &Value, path: &mut Vec<String>, found: &mut BTreeSet<Pointer>) {
    match value {
        Value::Mapping(mapping) => {
            if matches!(mapping.get("enum"), Some(Value::Sequence(values)) if values.is_empty()) {
                found.insert(
                    path.iter()
                        .fold(Pointer::root(), |at, token| at.push(token)),
                );
            }
            for (key, child) in mapping {
                path.push(key_text(key));
                walk(child, path, found);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(index.to_string());
                walk(child, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

//! Finding the Encoding Objects that write `explode`. `openapiv3` reads a
//! missing `explode` as `false`, where OpenAPI's default is `true` for
//! `style: form`, so loading notes which ones write it and lowering takes
//! the default for the others.

use std::collections::BTreeSet;

use serde_yaml::Value;

use super::key_text;
use crate::pointer::Pointer;

/// The pointers of the Encoding Objects (`.../content/{media type}/encoding/{property}`)
/// that have an `explode` key.
pub(super) fn find_encoding_explodes(value: &Value) -> BTreeSet<Pointer> {
    let mut found = BTreeSet::new();
    walk(value, &mut Vec::new(), &mut found);
    found
}

/// [`find_encoding_explodes`] below `value`, which stands at `path`.
fn walk(value: &Value, path: &mut Vec<String>, found: &mut BTreeSet<Pointer>) {
    match value {
        Value::Mapping(mapping) => {
            let encoding_object = matches!(
                path.as_slice(),
                [.., content, _, encoding, _] if content == "content" && encoding == "encoding"
            );
            if encoding_object && mapping.contains_key("explode") {
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

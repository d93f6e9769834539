//! The schemas of one item of a streamed body: OpenAPI 3.2's `itemSchema`
//! of a media type, which the front door keeps as `x-item-schema` (3.0
//! has no such field, so `openapiv3` holds it as plain JSON). Read here
//! once, so that lowering borrows them as it borrows the document.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Response, Schema};

use crate::pointer::Pointer;

/// The extension the front door writes for `itemSchema`.
pub const ITEM_SCHEMA: &str = "x-item-schema";

/// Every response media type's `x-item-schema` that reads as a schema, by
/// the media type's pointer (`/paths/~1chat/post/responses/200/content/text~1event-stream`).
/// One that does not read is left out: lowering then reads the media
/// type's own `schema`.
pub fn item_schemas(document: &OpenAPI) -> BTreeMap<Pointer, ReferenceOr<Schema>> {
    let mut found = BTreeMap::new();
    let paths = Pointer::root().push("paths");
    for (path, item) in &document.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let responses = paths.push(path).push(method).push("responses");
            for (code, response) in &operation.responses.responses {
                if let ReferenceOr::Item(response) = response {
                    collect(response, &responses.push(code), &mut found);
                }
            }
            if let Some(ReferenceOr::Item(response)) = &operation.responses.default {
                collect(response, &responses.push("default"), &mut found);
            }
        }
    }
    if let Some(components) = &document.components {
        let shared = Pointer::root().push("components").push("responses");
        for (key, response) in &components.responses {
            if let ReferenceOr::Item(response) = response {
                collect(response, &shared.push(key), &mut found);
            }
        }
    }
    found
}

/// The item schemas of `response` (at `at`) into `found`.
fn collect(response: &Response, at: &Pointer, found: &mut BTreeMap<Pointer, ReferenceOr<Schema>>) {
    for (media_type, media) in &response.content {
        let Some(value) = media.extensions.get(ITEM_SCHEMA) else {
            continue;
        };
        if let Ok(schema) = serde_json::from_value(value.clone()) {
            found.insert(at.push("content").push(media_type), schema);
        }
    }
}

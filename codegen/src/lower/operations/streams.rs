//! Lowering a success body the client can read as it comes: server-sent
//! events, JSON Lines and JSON text sequences as typed items (one item's
//! schema is 3.2's `itemSchema`, else the media type's `schema` as 3.1
//! documents write it), and any binary body as bytes.

use openapiv3::{ReferenceOr, Response, SchemaKind, StatusCode, Type};

use super::media::{is_header_text, media_kind, MediaKind};
use crate::ir::{Framing, Streaming, TypeRef};
use crate::load::item_schemas::ITEM_SCHEMA;
use crate::lower::Lowerer;
use crate::pointer::Pointer;

impl<'a> Lowerer<'a> {
    /// How `operation`'s success can be streamed: the first 2xx media type
    /// of a streamed format, else the first binary one; `None` when none
    /// is documented.
    pub(super) fn streaming(
        &mut self,
        operation: &'a openapiv3::Operation,
        pointer: &Pointer,
        type_prefix: &str,
    ) -> Option<Streaming> {
        let mut binary = None;
        for (code, response) in &operation.responses.responses {
            let success = match code {
                StatusCode::Code(code) => (200..300).contains(code),
                StatusCode::Range(range) => *range == 2,
            };
            if !success {
                continue;
            }
            let Some((response, at)) =
                self.success_response(response, &pointer.push("responses").push(code))
            else {
                continue;
            };
            for (media_type, media) in &response.content {
                if !is_header_text(media_type) {
                    continue;
                }
                let at = at.push("content").push(media_type);
                match framing_of(media_type) {
                    Some(Framing::Bytes) => {
                        binary.get_or_insert_with(|| Streaming {
                            framing: Framing::Bytes,
                            media_type: media_type.trim().to_owned(),
                            item: TypeRef::Bytes,
                        });
                    }
                    Some(framing) => {
                        let hint = format!("{type_prefix}Item");
                        let (framing, item) = self.item_type(framing, media, &at, &hint);
                        return Some(Streaming {
                            framing,
                            media_type: media_type.trim().to_owned(),
                            item,
                        });
                    }
                    None => {}
                }
            }
        }
        binary
    }

    /// A 2xx response, by `$ref` or inline, with where it is; `None` for a
    /// reference that does not resolve (which the responses' lowering
    /// reports).
    fn success_response(
        &self,
        response: &'a ReferenceOr<Response>,
        at: &Pointer,
    ) -> Option<(&'a Response, Pointer)> {
        match response {
            ReferenceOr::Item(response) => Some((response, at.clone())),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/responses/")?;
                let found = self.spec.components.as_ref()?.responses.get(key)?;
                Some((
                    found.as_item()?,
                    Pointer::root()
                        .push("components")
                        .push("responses")
                        .push(key),
                ))
            }
        }
    }

    /// One item's type for `framing`, from the media type at `at`: its
    /// `x-item-schema` (3.2's `itemSchema`), else its `schema`, else any
    /// JSON. An SSE item schema that describes the whole event (an object
    /// with a `data` property) gives the data's type; SSE data documented
    /// as a string is read as it came.
    fn item_type(
        &mut self,
        framing: Framing,
        media: &'a openapiv3::MediaType,
        at: &Pointer,
        hint: &str,
    ) -> (Framing, TypeRef) {
        let (schema, schema_at) = match self.item_schemas.get(at) {
            Some(schema) => (Some(schema), at.push(ITEM_SCHEMA)),
            None => (media.schema.as_ref(), at.push("schema")),
        };
        let Some(schema) = schema else {
            return (framing, TypeRef::Json);
        };
        if framing == Framing::Sse {
            if let ReferenceOr::Item(envelope) = schema {
                if let SchemaKind::Type(Type::Object(object)) = &envelope.schema_kind {
                    if let Some(data) = object.properties.get("data") {
                        let ty = match data {
                            ReferenceOr::Reference { reference } => {
                                let data_at = schema_at.push("properties").push("data");
                                self.schema_ref(reference, &data_at)
                            }
                            ReferenceOr::Item(data) => match &data.schema_kind {
                                SchemaKind::Type(Type::String(_)) => TypeRef::String,
                                _ => TypeRef::Json,
                            },
                        };
                        return sse_item(ty);
                    }
                }
            }
        }
        let ty = self.type_of(schema, &schema_at, hint);
        match framing {
            Framing::Sse => sse_item(ty),
            _ => (framing, ty),
        }
    }
}

/// SSE data of type `ty`: as it came when it is a string, else JSON.
fn sse_item(ty: TypeRef) -> (Framing, TypeRef) {
    if ty == TypeRef::String {
        (Framing::SseText, ty)
    } else {
        (Framing::Sse, ty)
    }
}

/// How a body of `media_type` is streamed, if it can be.
fn framing_of(media_type: &str) -> Option<Framing> {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/event-stream" => Some(Framing::Sse),
        "application/jsonl" | "application/x-ndjson" | "application/x-jsonlines" => {
            Some(Framing::JsonLines)
        }
        "application/json-seq" => Some(Framing::JsonSeq),
        _ if media_kind(media_type) == MediaKind::Binary => Some(Framing::Bytes),
        _ => None,
    }
}

//! Lowering a request body: the media type the client sends (JSON, forms,
//! text or bytes), its type, and a multipart body's parts.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr, RequestBody};

use super::encoding::Encodings;
use super::media::{is_json, media_kind, sent_media_type, MediaKind};
use super::{component_key, LeftOut};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{
    Body, BodyMedia, Field, FieldKind, FormPart, FormVariant, OneOfDef, PartKind, TypeDef, TypeRef,
    VariantPayload,
};
use crate::lower::Lowerer;
use crate::naming;
use crate::pointer::Pointer;

/// A variant of a union sent as a multipart body: its Rust name, the tag
/// it is sent with, and its struct's fields.
type MultipartVariant = (String, Option<String>, Vec<Field>);

impl<'a> Lowerer<'a> {
    /// A multipart body, whose schema must be an object (one part per
    /// property) or a `oneOf`/`anyOf` of objects (the parts of the
    /// alternative sent, with the discriminator's tag as a text part):
    /// files for `format: binary`, text for scalars and enum values, JSON
    /// text for the rest; each with the content type and headers its
    /// `encoding` gives.
    fn multipart_media(
        &mut self,
        ty: &TypeRef,
        encodings: &'a Encodings,
        content_at: &Pointer,
    ) -> Option<BodyMedia> {
        let def = match ty {
            TypeRef::Named(name) => self.types.get(name).map(|(def, _)| def.clone()),
            _ => None,
        };
        match def {
            Some(TypeDef::Struct(def)) => {
                self.check_encoding_names(&def.fields, encodings, content_at);
                Some(BodyMedia::Multipart(self.form_parts(
                    &def.fields,
                    None,
                    encodings,
                    content_at,
                )))
            }
            Some(TypeDef::OneOf(def)) => {
                let variants = self.form_variants(&def);
                let Some(variants) = variants else {
                    self.error(Diagnostic::new(
                        Code::MultipartBodyNotObject,
                        &content_at.push("schema"),
                        "a multipart/form-data body must be an object with properties (one part each), or a `oneOf`/`anyOf` of such objects",
                    ));
                    return None;
                };
                let tag_property = def.discriminator.as_ref().map(|d| d.property.clone());
                let mut all_fields: Vec<Field> = variants
                    .iter()
                    .flat_map(|(_, _, fields)| fields.iter().cloned())
                    .collect();
                if let Some(property) = &tag_property {
                    all_fields.push(Field {
                        wire_name: property.clone(),
                        rust_name: property.clone(),
                        ty: TypeRef::String,
                        required: true,
                        description: None,
                        format: None,
                        constraints: None,
                        kind: FieldKind::Property,
                    });
                }
                self.check_encoding_names(&all_fields, encodings, content_at);
                let variants = variants
                    .into_iter()
                    .map(|(rust_name, tag, fields)| FormVariant {
                        rust_name,
                        tag: tag.zip(tag_property.clone()).map(|(tag, p)| (p, tag)),
                        parts: self.form_parts(
                            &fields,
                            tag_property.as_deref(),
                            encodings,
                            content_at,
                        ),
                    })
                    .collect();
                Some(BodyMedia::MultipartUnion(variants))
            }
            _ => {
                self.error(Diagnostic::new(
                    Code::MultipartBodyNotObject,
                    &content_at.push("schema"),
                    "a multipart/form-data body must be an object with properties (one part each), or a `oneOf`/`anyOf` of such objects",
                ));
                None
            }
        }
    }

    /// Each variant of a union sent as a multipart body, with the tag it
    /// is sent with and its struct's fields; `None` when a variant does
    /// not hold a struct.
    fn form_variants(&self, def: &OneOfDef) -> Option<Vec<MultipartVariant>> {
        def.variants
            .iter()
            .enumerate()
            .map(|(index, variant)| {
                let VariantPayload::Newtype(ty) = &variant.payload else {
                    return None;
                };
                let TypeRef::Named(name) = self.unaliased(ty, 0)? else {
                    return None;
                };
                let Some((TypeDef::Struct(inner), _)) = self.types.get(&name) else {
                    return None;
                };
                let tag = def.discriminator.as_ref().and_then(|d| {
                    d.tags
                        .iter()
                        .find(|(_, i)| *i == index)
                        .map(|(tag, _)| tag.clone())
                });
                Some((variant.rust_name.clone(), tag, inner.fields.clone()))
            })
            .collect()
    }

    /// The parts of the properties `fields` of a multipart body, leaving
    /// out the discriminator's property `tag_property` (sent as the tag).
    fn form_parts(
        &mut self,
        fields: &[Field],
        tag_property: Option<&str>,
        encodings: &'a Encodings,
        content_at: &Pointer,
    ) -> Vec<FormPart> {
        fields
            .iter()
            .filter(|field| field.kind == FieldKind::Property)
            .filter(|field| Some(field.wire_name.as_str()) != tag_property)
            .map(|field| {
                let (ty, nullable) = match &field.ty {
                    TypeRef::Nullable(inner) => (inner.as_ref().clone(), true),
                    other => (other.clone(), false),
                };
                let kind = match &ty {
                    TypeRef::Binary => PartKind::File,
                    TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Bool => {
                        PartKind::Text
                    }
                    TypeRef::Named(name)
                        if matches!(self.types.get(name), Some((TypeDef::Enum(_), _))) =>
                    {
                        PartKind::Text
                    }
                    _ => PartKind::Json,
                };
                let (content_type, headers) = self.part_encoding(
                    encodings.get(&field.wire_name),
                    kind == PartKind::Json,
                    &content_at.push("encoding").push(&field.wire_name),
                );
                FormPart {
                    wire_name: field.wire_name.clone(),
                    rust_name: field.rust_name.clone(),
                    kind,
                    optional: !field.required || nullable,
                    ty,
                    date: field.date_type(),
                    content_type,
                    headers,
                }
            })
            .collect()
    }

    /// The request body: JSON where the body offers it, else the first
    /// media type the client can send (multipart and urlencoded forms, text,
    /// bytes).
    pub(super) fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        pointer: &Pointer,
        type_prefix: &str,
    ) -> Result<Body, LeftOut> {
        let (body, at) = self
            .resolve(body, pointer, "requestBodies", |c| &c.request_bodies)
            .ok_or(LeftOut)?;
        let (media_type, content) = self.chosen_content(body, &at)?;
        let kind = media_kind(media_type);
        let schema_at = at.push("content").push(media_type).push("schema");
        let hint = match component_key(&at, "requestBodies") {
            Some(key) => naming::type_name(key),
            None => format!("{type_prefix}Body"),
        };
        let body_of = |media, ty| Body {
            media,
            media_type: sent_media_type(media_type),
            ty,
            required: body.required,
            description: body.description.clone(),
        };
        match kind {
            MediaKind::Text => return Ok(body_of(BodyMedia::Text, TypeRef::String)),
            MediaKind::Binary => return Ok(body_of(BodyMedia::Binary, TypeRef::Bytes)),
            MediaKind::Json | MediaKind::Multipart | MediaKind::UrlEncoded => {}
            MediaKind::Unsupported => return Err(LeftOut),
        }
        self.in_form = kind == MediaKind::Multipart;
        let ty = content
            .schema
            .as_ref()
            .map(|schema| self.type_of(schema, &schema_at, &hint));
        self.in_form = false;
        let ty = match ty {
            Some(ty) => ty,
            None => {
                self.error(Diagnostic::new(
                    Code::RequestBodyWithoutSchema,
                    &schema_at,
                    "the request body has no schema; it is sent as `serde_json::Value`",
                ));
                TypeRef::Json
            }
        };
        let content_at = at.push("content").push(media_type);
        let media = self.structured_media(kind, &ty, &content.encoding, &content_at)?;
        Ok(body_of(media, ty))
    }

    /// The media type and content a body is sent as: JSON where the body
    /// offers it, else the first the client can send; `Err`, reported, when
    /// it can send none.
    fn chosen_content(
        &mut self,
        body: &'a RequestBody,
        at: &Pointer,
    ) -> Result<(&'a String, &'a openapiv3::MediaType), LeftOut> {
        let chosen = body
            .content
            .iter()
            .find(|(m, _)| media_kind(m) == MediaKind::Json)
            .or_else(|| {
                body.content
                    .iter()
                    .find(|(m, _)| media_kind(m) != MediaKind::Unsupported)
            });
        chosen.ok_or_else(|| {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.left_out(
                Code::UnsupportedRequestMediaType,
                &at.push("content"),
                &format!(
                    "request bodies of type {} are not supported; JSON, forms (multipart and urlencoded), text and bytes are",
                    types.join(", ")
                ),
            )
        })
    }

    /// How a body of type `ty` and a JSON or form media `kind` is written:
    /// JSON, a multipart form of parts, or an urlencoded form of an object,
    /// each property as its `encoding` says; `Err`, reported, for a form
    /// the client cannot write.
    fn structured_media(
        &mut self,
        kind: MediaKind,
        ty: &TypeRef,
        encodings: &'a Encodings,
        content_at: &Pointer,
    ) -> Result<BodyMedia, LeftOut> {
        match kind {
            MediaKind::Multipart => self
                .multipart_media(ty, encodings, content_at)
                .ok_or(LeftOut),
            MediaKind::UrlEncoded => match self.form_object_fields(ty) {
                Some(fields) => Ok(BodyMedia::Form(self.form_fields(
                    &fields,
                    encodings,
                    content_at,
                ))),
                None => Err(self.left_out(
                    Code::UnsupportedRequestMediaType,
                    &content_at.push("schema"),
                    "an `application/x-www-form-urlencoded` body must be an object (its properties are the form's pairs)",
                )),
            },
            _ => Ok(BodyMedia::Json),
        }
    }

    /// The fields of `ty` when an urlencoded form can carry it: those of a
    /// struct, none for a map (its keys are the pairs); `None` for
    /// anything else.
    fn form_object_fields(&self, ty: &TypeRef) -> Option<Vec<Field>> {
        match self.unaliased(ty, 0)? {
            TypeRef::Named(name) => match self.types.get(&name) {
                Some((TypeDef::Struct(def), _)) => Some(def.fields.clone()),
                _ => None,
            },
            TypeRef::Map(_) => Some(Vec::new()),
            _ => None,
        }
    }
}

/// The component schemas that some operation sends, by a direct `$ref`, as
/// a `multipart/form-data` body (and not as JSON); found before the
/// components are lowered, so that their files are files from the start.
/// Problems are reported by the lowering itself, not here.
pub(in crate::lower) fn form_component_keys<'a>(
    spec: &'a OpenAPI,
    additional: &'a crate::load::AdditionalOperations,
) -> BTreeSet<&'a str> {
    let mut keys = BTreeSet::new();
    let request_bodies = spec.components.as_ref().map(|c| &c.request_bodies);
    let fixed = spec
        .paths
        .paths
        .values()
        .flat_map(|path_item| match path_item {
            ReferenceOr::Item(path_item) => {
                path_item.iter().map(|(_, operation)| operation).collect()
            }
            ReferenceOr::Reference { .. } => Vec::new(),
        });
    let others = additional
        .values()
        .flatten()
        .map(|(_, operation)| operation);
    {
        for operation in fixed.chain(others) {
            let body = match &operation.request_body {
                Some(ReferenceOr::Item(body)) => Some(body),
                Some(ReferenceOr::Reference { reference }) => reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|key| request_bodies?.get(key))
                    .and_then(|body| match body {
                        ReferenceOr::Item(body) => Some(body),
                        ReferenceOr::Reference { .. } => None,
                    }),
                None => None,
            };
            let Some(body) = body else { continue };
            if body.content.keys().any(|m| is_json(m)) {
                continue;
            }
            for (media_type, content) in &body.content {
                if let (true, Some(ReferenceOr::Reference { reference })) =
                    (is_multipart(media_type), &content.schema)
                {
                    if let Some(key) = reference.strip_prefix("#/components/schemas/") {
                        keys.insert(key);
                    }
                }
            }
        }
    }
    keys
}

fn is_multipart(media_type: &str) -> bool {
    media_type.split(';').next().unwrap_or_default().trim() == "multipart/form-data"
}

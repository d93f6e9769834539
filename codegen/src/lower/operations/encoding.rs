//! Lowering the `encoding` object of a form body: how each property of an
//! urlencoded form is written (`style`, `explode`, `allowReserved`,
//! `contentType`, with OpenAPI's defaults: JSON text for objects), and
//! the content type and headers of each part of a multipart form.

use indexmap::IndexMap;
use openapiv3::{Encoding, ParameterSchemaOrContent, QueryStyle, ReferenceOr, SchemaKind, Type};

use super::media::{is_header_text, is_json};
use super::parameters::{check_style, ValueKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Field, FieldKind, FormEncoding, FormField, ParamStyle, TypeRef};
use crate::lower::Lowerer;
use crate::pointer::Pointer;

/// The `encoding` object of a media type, by property name.
pub(super) type Encodings = IndexMap<String, Encoding>;

impl<'a> Lowerer<'a> {
    /// How each property of an urlencoded form of `fields` is written;
    /// `content_at` is the media type's place. An encoding the client
    /// cannot follow is reported and the property written by its default.
    pub(super) fn form_fields(
        &mut self,
        fields: &[Field],
        encodings: &'a Encodings,
        content_at: &Pointer,
    ) -> Vec<FormField> {
        self.check_encoding_names(fields, encodings, content_at);
        fields
            .iter()
            .filter(|field| field.kind == FieldKind::Property)
            .map(|field| {
                let at = content_at.push("encoding").push(&field.wire_name);
                let encoding = match encodings.get(&field.wire_name) {
                    Some(encoding) => self.form_encoding(&field.ty, encoding, &at),
                    None => self.default_form_encoding(&field.ty),
                };
                FormField {
                    wire_name: field.wire_name.clone(),
                    encoding,
                }
            })
            .collect()
    }

    /// Reports the `encoding` entries that name no property of the body
    /// (OpenAPI: the key must be one), which are ignored.
    pub(super) fn check_encoding_names(
        &mut self,
        fields: &[Field],
        encodings: &Encodings,
        content_at: &Pointer,
    ) {
        for name in encodings.keys() {
            let known = fields
                .iter()
                .any(|f| f.kind == FieldKind::Property && &f.wire_name == name);
            if !known {
                self.error(Diagnostic::new(
                    Code::IgnoredEncoding,
                    &content_at.push("encoding").push(name),
                    format!("the body has no property `{name}`; this encoding is ignored"),
                ));
            }
        }
    }

    /// What kind of value a form property of type `ty` holds, for its
    /// style: `None` for one whose kind only its value tells (untyped).
    fn form_value_kind(&self, ty: &TypeRef) -> Option<ValueKind> {
        let ty = self.unaliased(ty, 0)?;
        if self.scalar_type(&ty, 0).is_some() {
            return Some(ValueKind::Scalar);
        }
        Some(match &ty {
            TypeRef::Json => return None,
            TypeRef::Array(item) if self.scalar_type(item, 0).is_some() => ValueKind::List,
            TypeRef::Map(value) if self.scalar_type(value, 0).is_some() => ValueKind::Object,
            TypeRef::Named(name) if self.is_flat_struct(name, false) => ValueKind::Object,
            _ => ValueKind::Nested,
        })
    }

    /// The default for a property of type `ty`: a form field for scalars
    /// and lists of them, JSON text for the rest (objects, unions, untyped
    /// values).
    fn default_form_encoding(&self, ty: &TypeRef) -> FormEncoding {
        match self.form_value_kind(ty) {
            Some(ValueKind::Scalar | ValueKind::List) => FormEncoding::Style {
                style: ParamStyle::Form,
                explode: true,
                allow_reserved: false,
            },
            _ => FormEncoding::Json,
        }
    }

    /// How the property of type `ty` with `encoding` (at `at`) is written.
    fn form_encoding(&mut self, ty: &TypeRef, encoding: &Encoding, at: &Pointer) -> FormEncoding {
        let explode_written = self.encoding_explodes.contains(at);
        if encoding.style.is_some() || explode_written || encoding.allow_reserved {
            let style = match encoding.style {
                None | Some(QueryStyle::Form) => ParamStyle::Form,
                Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
            };
            let explode = if explode_written {
                encoding.explode
            } else {
                style == ParamStyle::Form
            };
            let problem = match self.form_value_kind(ty) {
                // A `deepObject` nests; other styles write one level.
                Some(ValueKind::Nested) if style == ParamStyle::DeepObject => None,
                Some(ValueKind::Nested) => {
                    Some("cannot write an object whose properties hold lists or objects")
                }
                Some(kind) => check_style(style, explode, kind)
                    .err()
                    .map(|(problem, _)| problem),
                None => None,
            };
            if let Some(problem) = problem {
                let default = self.default_form_encoding(ty);
                self.error(Diagnostic::new(
                    Code::IgnoredEncoding,
                    at,
                    format!(
                        "`style: {}`{} {problem}; the property is sent {}",
                        style.as_str(),
                        if explode { " with `explode: true`" } else { "" },
                        describe(default),
                    ),
                ));
                return default;
            }
            return FormEncoding::Style {
                style,
                explode,
                allow_reserved: encoding.allow_reserved,
            };
        }
        let default = self.default_form_encoding(ty);
        match encoding.content_type.as_deref() {
            Some(content_type) if is_json(content_type) => FormEncoding::Json,
            Some(content_type) if default == FormEncoding::Json => {
                self.error(Diagnostic::new(
                    Code::IgnoredEncoding,
                    &at.push("contentType"),
                    format!("the client writes an object in a form as JSON text or in a `style`, not as `{content_type}`; it is sent {}", describe(default)),
                ));
                default
            }
            _ => default,
        }
    }

    /// The `content-type` and headers of the multipart part of a property
    /// of type `ty` sent as JSON (`json`) or not, from its `encoding`
    /// (at `at`): the content type when it names one media type, and the
    /// headers whose schema gives their value.
    pub(super) fn part_encoding(
        &mut self,
        encoding: Option<&'a Encoding>,
        json: bool,
        at: &Pointer,
    ) -> (Option<String>, Vec<(String, String)>) {
        let Some(encoding) = encoding else {
            return (None, Vec::new());
        };
        let content_type = match encoding.content_type.as_deref().map(str::trim) {
            Some(one) if !one.contains(',') && !one.contains('*') => {
                if json && !is_json(one) {
                    self.error(Diagnostic::new(
                        Code::IgnoredEncoding,
                        &at.push("contentType"),
                        format!("the client writes this part as JSON text, not as `{one}`; it is sent as `application/json`"),
                    ));
                    None
                } else {
                    Some(one.to_owned())
                }
            }
            // A list or a range leaves the choice to the caller (a file's own type).
            _ => None,
        };
        let mut headers = Vec::new();
        for (name, header) in &encoding.headers {
            let header_at = at.push("headers").push(name);
            if name.eq_ignore_ascii_case("content-type") {
                // OpenAPI: `contentType` says it, and this entry is ignored.
                continue;
            }
            let Some((header, _)) = self.resolve(header, &header_at, "headers", |c| &c.headers)
            else {
                continue;
            };
            match constant_value(&header.format) {
                Some(value)
                    if crate::naming::is_header_name(name)
                        && is_header_text(&value) =>
                {
                    headers.push((name.clone(), value));
                }
                _ => self.error(Diagnostic::new(
                    Code::IgnoredEncoding,
                    &header_at,
                    format!("the part header `{name}` has no value the client can send (a valid header name whose schema has a `default` or an `enum` of one value); it is not sent"),
                )),
            }
        }
        (content_type, headers)
    }
}

/// A header's value when its schema fixes one: its `default`, or the one
/// value of its `enum`.
fn constant_value(format: &ParameterSchemaOrContent) -> Option<String> {
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = format else {
        return None;
    };
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(value.to_string()),
        _ => None,
    };
    if let Some(default) = &schema.schema_data.default {
        return text(default);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
            [Some(one)] => Some(one.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// How a property written by `encoding` is sent, for messages.
fn describe(encoding: FormEncoding) -> &'static str {
    match encoding {
        FormEncoding::Json => "as JSON text",
        FormEncoding::Style { .. } => "as a form field",
    }
}

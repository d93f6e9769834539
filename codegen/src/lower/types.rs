//! Lowering schemas to types: components by their key, inline schemas by
//! their `title` or, failing that, by where they stand (parent type +
//! property, operation + `Body`).

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::diagnostics::Diagnostic;
use crate::ir::{AliasDef, EnumDef, Field, StructDef, TypeDef, TypeRef, Variant};
use crate::naming;
use crate::pointer::Pointer;

/// How deeply inline schemas may nest before the spec is called unreasonable.
const MAX_DEPTH: usize = 48;

/// The Rust name of the catch-all variant every enum gets.
pub(crate) const UNKNOWN_VARIANT: &str = "Unknown";

/// The object-like view of a schema: properties and what else may appear.
struct ObjectShape<'s> {
    properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
}

impl<'a> Lowerer<'a> {
    /// Gives every component schema its Rust name before any is lowered, so
    /// references can be resolved in any order.
    pub(super) fn register_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for key in components.schemas.keys() {
            let pointer = Pointer::root().push("components").push("schemas").push(key);
            let Some(name) = naming::type_name(key) else {
                self.error(Diagnostic::error(
                    &pointer,
                    format!("the schema key `{key}` has no letter or digit to make a Rust type name from"),
                ));
                continue;
            };
            if self.claim_type_name(&name, &pointer) {
                self.component_names.insert(key.clone(), name);
            }
        }
    }

    /// Lowers every component schema into a type definition.
    pub(super) fn lower_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let Some(name) = self.component_names.get(key).cloned() else {
                continue;
            };
            let pointer = Pointer::root().push("components").push("schemas").push(key);
            match schema {
                ReferenceOr::Item(schema) => self.define(&name, schema, &pointer),
                ReferenceOr::Reference { .. } => {
                    let target = self.type_of(schema, &pointer, &name);
                    self.insert_type(TypeDef::Alias(AliasDef {
                        name: name.clone(),
                        description: None,
                        target,
                        pointer,
                    }));
                }
            }
        }
    }

    /// The type of a schema used somewhere: a reference, a primitive, or an
    /// inline schema that gets defined under `name_hint` (or its `title`).
    pub(super) fn type_of(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &Pointer,
        name_hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer, name_hint),
        }
    }

    /// [`Self::type_of`] for the boxed schemas `openapiv3` uses in properties and items.
    fn boxed_type_of(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        pointer: &Pointer,
        name_hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer, name_hint),
        }
    }

    fn schema_ref(&mut self, reference: &str, pointer: &Pointer) -> TypeRef {
        let Some(key) = self.component_name(reference, pointer, "schemas") else {
            return TypeRef::Json;
        };
        let exists = self
            .spec
            .components
            .as_ref()
            .is_some_and(|c| c.schemas.contains_key(key));
        if !exists {
            self.error(
                Diagnostic::error(
                    &pointer.push("$ref"),
                    format!("dangling reference `{reference}`: there is no schema `{key}`"),
                )
                .with_hint(format!(
                    "define `{key}` under #/components/schemas or fix the reference"
                )),
            );
            return TypeRef::Json;
        }
        match self.component_names.get(key) {
            Some(name) => TypeRef::Named(name.clone()),
            // The component's own name was rejected and reported already.
            None => TypeRef::Json,
        }
    }

    /// The type of an inline schema, defining a named type where it needs one.
    fn inline_type(&mut self, schema: &'a Schema, pointer: &Pointer, name_hint: &str) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            self.error(Diagnostic::error(
                pointer,
                format!("schemas nest more than {MAX_DEPTH} levels deep here"),
            ));
            return TypeRef::Json;
        }
        self.depth += 1;
        let ty = self.inline_type_inner(schema, pointer, name_hint);
        self.depth -= 1;
        if schema.schema_data.nullable {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn inline_type_inner(
        &mut self,
        schema: &'a Schema,
        pointer: &Pointer,
        name_hint: &str,
    ) -> TypeRef {
        if needs_definition(schema) {
            let Some(name) = self.inline_name(schema, pointer, name_hint) else {
                return TypeRef::Json;
            };
            if !self.claim_type_name(&name, pointer) {
                return TypeRef::Json;
            }
            self.define(&name, schema, pointer);
            return TypeRef::Named(name);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => TypeRef::String,
            SchemaKind::Type(Type::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let item = self.boxed_type_of(
                        items,
                        &pointer.push("items"),
                        &format!("{name_hint}Item"),
                    );
                    TypeRef::Array(Box::new(item))
                }
                None => {
                    self.error(Diagnostic::warning(
                        pointer,
                        "array without `items`; its elements become `serde_json::Value`",
                    ));
                    TypeRef::Array(Box::new(TypeRef::Json))
                }
            },
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), pointer, name_hint)
            }
            SchemaKind::Any(any) => self.any_type(any, pointer, name_hint),
            SchemaKind::OneOf { .. }
            | SchemaKind::AllOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::Not { .. } => {
                let keyword = composition_keyword(&schema.schema_kind);
                self.error(
                    Diagnostic::error(
                        pointer,
                        format!("`{keyword}` schemas are not supported yet"),
                    )
                    .with_hint("describe the value as a plain object, or extend the generator"),
                );
                TypeRef::Json
            }
        }
    }

    /// Types for schemas `openapiv3` could not fit in one `type` (no `type`,
    /// or keywords of several kinds).
    fn any_type(
        &mut self,
        any: &'a openapiv3::AnySchema,
        pointer: &Pointer,
        name_hint: &str,
    ) -> TypeRef {
        match any.typ.as_deref() {
            Some("string") => TypeRef::String,
            Some("integer") if any.format.as_deref() == Some("int32") => TypeRef::I32,
            Some("integer") => TypeRef::I64,
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            Some("array") if any.items.is_some() => match &any.items {
                Some(items) => {
                    let item = self.boxed_type_of(
                        items,
                        &pointer.push("items"),
                        &format!("{name_hint}Item"),
                    );
                    TypeRef::Array(Box::new(item))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            Some("object") => self.map_type(any.additional_properties.as_ref(), pointer, name_hint),
            _ => {
                self.error(
                    Diagnostic::warning(
                        pointer,
                        "schema has no `type`; it becomes `serde_json::Value`",
                    )
                    .with_hint("add a `type` to get a typed field"),
                );
                TypeRef::Json
            }
        }
    }

    /// An object without properties: a map from string keys.
    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        pointer: &Pointer,
        name_hint: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.type_of(
                    schema,
                    &pointer.push("additionalProperties"),
                    &format!("{name_hint}Value"),
                );
                TypeRef::Map(Box::new(value))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }

    /// The name of an inline schema that needs a definition: its `title`, or
    /// the hint its place gives.
    fn inline_name(
        &mut self,
        schema: &Schema,
        pointer: &Pointer,
        name_hint: &str,
    ) -> Option<String> {
        if let Some(title) = &schema.schema_data.title {
            let name = naming::type_name(title);
            if name.is_none() {
                self.error(Diagnostic::error(
                    &pointer.push("title"),
                    format!(
                        "the title `{title}` has no letter or digit to make a Rust type name from"
                    ),
                ));
            }
            return name;
        }
        let name = naming::type_name(name_hint);
        if name.is_none() {
            self.error(
                Diagnostic::error(
                    pointer,
                    "cannot derive a Rust type name for this inline schema",
                )
                .with_hint("give the schema a `title`"),
            );
        }
        name
    }

    /// Defines the named type `name` from `schema`.
    fn define(&mut self, name: &str, schema: &'a Schema, pointer: &Pointer) {
        let description = schema
            .schema_data
            .description
            .clone()
            .or_else(|| schema.schema_data.title.clone());
        if let Some(values) = string_enum(schema) {
            let variants = self.variants(values, pointer);
            self.insert_type(TypeDef::Enum(EnumDef {
                name: name.to_owned(),
                description,
                variants,
                pointer: pointer.clone(),
            }));
            return;
        }
        if let Some(shape) = object_shape(schema) {
            let fields = self.fields(name, &shape, pointer);
            let aliases = self.aliases(schema, pointer);
            self.insert_type(TypeDef::Struct(StructDef {
                name: name.to_owned(),
                description,
                aliases,
                fields,
                pointer: pointer.clone(),
            }));
            return;
        }
        let target = self.inline_type(schema, pointer, name);
        self.insert_type(TypeDef::Alias(AliasDef {
            name: name.to_owned(),
            description,
            target,
            pointer: pointer.clone(),
        }));
    }

    fn insert_type(&mut self, def: TypeDef) {
        let name = match &def {
            TypeDef::Struct(d) => d.name.clone(),
            TypeDef::Enum(d) => d.name.clone(),
            TypeDef::Alias(d) => d.name.clone(),
        };
        let pointer = def.pointer().clone();
        self.types.insert(name, (def, pointer));
    }

    fn fields(&mut self, parent: &str, shape: &ObjectShape<'a>, pointer: &Pointer) -> Vec<Field> {
        let mut fields: Vec<Field> = Vec::new();
        let properties = pointer.push("properties");
        for required in shape.required {
            if !shape.properties.contains_key(required) {
                self.error(Diagnostic::warning(
                    &pointer.push("required"),
                    format!("`{required}` is required but not among the properties; it is ignored"),
                ));
            }
        }
        for (wire_name, schema) in shape.properties {
            let at = properties.push(wire_name);
            let Some(rust_name) = naming::snake(wire_name) else {
                self.error(Diagnostic::error(
                    &at,
                    format!("the property `{wire_name}` has no letter or digit to make a Rust field name from"),
                ));
                continue;
            };
            if let Some(other) = fields.iter().find(|f| f.rust_name == rust_name) {
                let other = other.wire_name.clone();
                self.error(Diagnostic::error(
                    &at,
                    format!("properties `{other}` and `{wire_name}` would both be the Rust field `{rust_name}`"),
                ));
                continue;
            }
            let hint = format!(
                "{parent}{}",
                naming::type_name(wire_name).unwrap_or_default()
            );
            let ty = self.boxed_type_of(schema, &at, &hint);
            let (description, format) = match schema {
                ReferenceOr::Item(s) => (s.schema_data.description.clone(), format_note(s)),
                ReferenceOr::Reference { .. } => (None, None),
            };
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name,
                ty,
                required: shape.required.contains(wire_name),
                description,
                format,
            });
        }
        if let Some(AdditionalProperties::Schema(_)) = shape.additional {
            self.error(Diagnostic::warning(
                &pointer.push("additionalProperties"),
                "additional properties beside named ones are not kept",
            ));
        }
        fields
    }

    fn variants(&mut self, values: Vec<Option<&str>>, pointer: &Pointer) -> Vec<Variant> {
        let mut variants: Vec<Variant> = Vec::new();
        for (index, value) in values.into_iter().enumerate() {
            let at = pointer.push("enum").push(index);
            let Some(value) = value else { continue };
            let Some(rust_name) = naming::variant(value) else {
                self.error(
                    Diagnostic::error(&at, format!("the enum value `{value}` has no letter or digit to make a Rust variant from"))
                        .with_hint("extend the naming rules or drop the value"),
                );
                continue;
            };
            if rust_name == UNKNOWN_VARIANT {
                self.error(Diagnostic::error(
                    &at,
                    format!("the enum value `{value}` would be the variant `{UNKNOWN_VARIANT}`, which holds values the client does not know"),
                ));
                continue;
            }
            if let Some(other) = variants.iter().find(|v| v.rust_name == rust_name) {
                if other.wire_name == value {
                    self.error(Diagnostic::warning(
                        &at,
                        format!("the enum value `{value}` is listed twice"),
                    ));
                } else {
                    let other = other.wire_name.clone();
                    self.error(Diagnostic::error(
                        &at,
                        format!("enum values `{other}` and `{value}` would both be the variant `{rust_name}`"),
                    ));
                }
                continue;
            }
            variants.push(Variant {
                wire_name: value.to_owned(),
                rust_name,
            });
        }
        variants
    }

    /// `x-sdk-names`: other names the type is known by.
    fn aliases(&mut self, schema: &Schema, pointer: &Pointer) -> Vec<String> {
        let Some(value) = schema.schema_data.extensions.get("x-sdk-names") else {
            return Vec::new();
        };
        let names: Option<Vec<String>> = value.as_array().and_then(|items| {
            items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect()
        });
        match names {
            Some(names) => names,
            None => {
                self.error(Diagnostic::warning(
                    &pointer.push("x-sdk-names"),
                    "`x-sdk-names` must be a list of strings; it is ignored",
                ));
                Vec::new()
            }
        }
    }
}

/// Whether an inline schema needs a named type: objects with properties and
/// string enums.
fn needs_definition(schema: &Schema) -> bool {
    string_enum(schema).is_some() || object_shape(schema).is_some()
}

/// The values of a string enum.
fn string_enum(schema: &Schema) -> Option<Vec<Option<&str>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            Some(string.enumeration.iter().map(|v| v.as_deref()).collect())
        }
        _ => None,
    }
}

/// The object view of a schema that has properties.
fn object_shape(schema: &Schema) -> Option<ObjectShape<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
            Some(ObjectShape {
                properties: &object.properties,
                required: &object.required,
                additional: object.additional_properties.as_ref(),
            })
        }
        SchemaKind::Any(any)
            if !any.properties.is_empty()
                && matches!(any.typ.as_deref(), None | Some("object")) =>
        {
            Some(ObjectShape {
                properties: &any.properties,
                required: &any.required,
                additional: any.additional_properties.as_ref(),
            })
        }
        _ => None,
    }
}

/// A format worth telling the reader when the Rust type does not show it.
fn format_note(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match &string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date".into()),
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time".into()),
            VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password".into()),
            VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte".into()),
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary".into()),
            VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        _ => None,
    }
}

fn composition_keyword(kind: &SchemaKind) -> &'static str {
    match kind {
        SchemaKind::OneOf { .. } => "oneOf",
        SchemaKind::AllOf { .. } => "allOf",
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::Not { .. } => "not",
        _ => "type",
    }
}

//! Lowering schemas to types: components by their key, inline schemas by
//! their `title` or, failing that, by where they stand (parent type +
//! property, operation + `Body`).
//!
//! Which kind of type a schema becomes is decided by [`shape::classify`];
//! `allOf` merging is in [`super::compose`], `oneOf` / `anyOf` in
//! [`super::union`], struct fields in [`super::fields`].

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::fields::PropertySource;
use super::shape::{self, NullOnly, Shape};
use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{
    AliasDef, EnumDef, EnumRepr, Float, Int, NullDef, SdkName, StructDef, TypeDef, TypeRef,
    Variant, UNKNOWN_VARIANT,
};
use crate::naming;
use crate::pointer::Pointer;

/// A `format` as its name: a known one by `known`, an unknown one as
/// written, `None` when there is none.
fn format_name<T: Copy>(
    format: &VariantOrUnknownOrEmpty<T>,
    known: impl Fn(T) -> &'static str,
) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(known(*item)),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The values a schema's `enum` lists, as JSON text for strings without
/// quotes (`bug`, `3`, `null`), whatever its type; empty when it has none.
pub(super) fn enum_values(schema: &Schema) -> Vec<String> {
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string
            .enumeration
            .iter()
            .map(|v| v.clone().unwrap_or_else(|| "null".to_owned()))
            .collect(),
        SchemaKind::Type(Type::Integer(integer)) => integer
            .enumeration
            .iter()
            .map(|v| v.map_or_else(|| "null".to_owned(), |v| v.to_string()))
            .collect(),
        SchemaKind::Any(any) => any.enumeration.iter().map(text).collect(),
        _ => Vec::new(),
    }
}

/// The extension that names the variants of a string enum.
const ENUM_VARNAMES: &str = "x-enum-varnames";

/// How deeply inline schemas may nest before the spec is called unreasonable.
pub(super) const MAX_DEPTH: usize = 48;

impl<'a> Lowerer<'a> {
    /// Gives every component schema its Rust name before any is lowered, so
    /// references can be resolved in any order.
    pub(super) fn register_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let pointer = component_pointer(key);
            let chosen = match schema {
                ReferenceOr::Item(schema) => self.chosen_type_name(schema, &pointer),
                ReferenceOr::Reference { .. } => None,
            };
            let name = chosen.unwrap_or_else(|| naming::type_name(key));
            let name = self.claim_type_name(&name, &pointer);
            self.component_names.insert(key.clone(), name);
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
            let pointer = component_pointer(key);
            // The schema of a multipart body: its `format: binary`
            // properties are files.
            self.in_form = self.form_components.contains(key.as_str());
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
        self.in_form = false;
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
    pub(super) fn boxed_type_of(
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

    /// The named type a `$ref` to `#/components/schemas/...` stands for.
    pub(super) fn schema_ref(&mut self, reference: &str, pointer: &Pointer) -> TypeRef {
        let Some(key) = self.component_name(reference, pointer, "schemas") else {
            return TypeRef::Json;
        };
        let exists = self
            .spec
            .components
            .as_ref()
            .is_some_and(|c| c.schemas.contains_key(key));
        if !exists {
            self.dangling(reference, &pointer.push("$ref"), "schemas", key);
            return TypeRef::Json;
        }
        match self.component_names.get(key) {
            Some(name) => TypeRef::Named(name.clone()),
            // The component's own name was rejected and reported already.
            None => TypeRef::Json,
        }
    }

    /// The type of an inline schema, defining a named type where it needs one.
    pub(super) fn inline_type(
        &mut self,
        schema: &'a Schema,
        pointer: &Pointer,
        name_hint: &str,
    ) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            self.error(Diagnostic::new(
                Code::SchemaTooDeep,
                pointer,
                format!("schemas nest more than {MAX_DEPTH} levels deep here"),
            ));
            return TypeRef::Json;
        }
        if self.nullable_references.contains(pointer) {
            self.error(Diagnostic::new(
                Code::NullableBesideReference,
                pointer,
                "`nullable: true` beside a `$ref` is ignored by OpenAPI 3.0; the value is read as an `Option` all the same, since a server whose spec says so sends `null`",
            ).with_hint("write `allOf: [{$ref: ...}]` beside `nullable: true`, which OpenAPI 3.0 reads as meant"));
        }
        if self.empty_enums.contains(pointer) {
            self.error(
                Diagnostic::new(
                    Code::NoUsableValue,
                    &pointer.push("enum"),
                    "`enum` lists no value, so no value would be valid; the schema is read as if it had no `enum`",
                )
                .with_hint("list the values the schema takes in `enum`, or remove `enum: []`"),
            );
        }
        self.depth += 1;
        let ty = self.inline_type_inner(schema, pointer, name_hint);
        self.depth -= 1;
        // An always-`null` value needs no `Option` to hold `null`.
        let null_only = shape::null_only(schema).is_some();
        if schema.schema_data.nullable && !null_only && !matches!(ty, TypeRef::Nullable(_)) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// [`Self::inline_type`] without the depth bound and `nullable`. An inline
    /// schema reached twice (a shared component parameter or response, an
    /// `allOf` part that is also a type of its own) is defined once: the
    /// second use gets the type of the first.
    fn inline_type_inner(
        &mut self,
        schema: &'a Schema,
        pointer: &Pointer,
        name_hint: &str,
    ) -> TypeRef {
        if let Some(known) = self.inline_types.get(pointer) {
            return known.clone();
        }
        let shape = shape::classify(schema);
        if shape.needs_definition() {
            let name = self.inline_name(schema, pointer, name_hint);
            if let Some(same) = self.same_inline_schema(&name, schema) {
                self.inline_types.insert(pointer.clone(), same.clone());
                return same;
            }
            let asked = name;
            let name = self.claim_type_name(&asked, pointer);
            self.inline_schemas.push(super::InlineSchema {
                asked,
                given: name.clone(),
                schema,
            });
            let ty = TypeRef::Named(name.clone());
            self.inline_types.insert(pointer.clone(), ty.clone());
            self.define_shape(&name, schema, shape, pointer);
            return ty;
        }
        match shape {
            Shape::AllOf { parts, .. } => match shape::single_part(parts) {
                Some(part) => self.type_of(part, &pointer.push("allOf").push(0), name_hint),
                None => TypeRef::Json,
            },
            Shape::Union {
                union,
                alternatives: [alternative],
            } => self.type_of(
                alternative,
                &pointer.push(union.keyword()).push(0),
                name_hint,
            ),
            Shape::Unsupported(message) => {
                self.error(
                    Diagnostic::new(
                        Code::UnsupportedComposition,
                        pointer,
                        format!("{message}; its values are `serde_json::Value`"),
                    )
                    .with_hint(
                        "describe the value with `type`, `properties`, `allOf`, `oneOf` or `anyOf`",
                    ),
                );
                TypeRef::Json
            }
            _ => self.plain_type(schema, pointer, name_hint),
        }
    }

    /// The type of a schema that needs no definition of its own: primitives,
    /// arrays, maps and untyped schemas.
    fn plain_type(&mut self, schema: &'a Schema, pointer: &Pointer, name_hint: &str) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string))
                if self.in_form
                    && string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) =>
            {
                TypeRef::Binary
            }
            SchemaKind::Type(Type::String(_)) => TypeRef::String,
            SchemaKind::Type(Type::Integer(integer)) => TypeRef::Integer(Int::from_format(
                format_name(&integer.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                }),
            )),
            SchemaKind::Type(Type::Number(number)) => TypeRef::Number(Float::from_format(
                format_name(&number.format, |f| match f {
                    NumberFormat::Float => "float",
                    NumberFormat::Double => "double",
                }),
            )),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                self.array_type(array.items.as_ref(), pointer, name_hint)
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), pointer, name_hint)
            }
            SchemaKind::Any(any) => self.any_type(any, pointer, name_hint),
            // Compositions are shapes of their own and never reach here.
            SchemaKind::OneOf { .. }
            | SchemaKind::AllOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::Not { .. } => TypeRef::Json,
        }
    }

    /// `Vec<T>` for an array; `items` missing is reported.
    fn array_type(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        pointer: &Pointer,
        name_hint: &str,
    ) -> TypeRef {
        match items {
            Some(items) => {
                let item =
                    self.boxed_type_of(items, &pointer.push("items"), &format!("{name_hint}Item"));
                TypeRef::Array(Box::new(item))
            }
            None => {
                self.error(Diagnostic::new(
                    Code::ArrayWithoutItems,
                    pointer,
                    "array without `items`; its elements become `serde_json::Value`",
                ));
                TypeRef::Array(Box::new(TypeRef::Json))
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
            Some("integer") => TypeRef::Integer(Int::from_format(any.format.as_deref())),
            Some("number") => TypeRef::Number(Float::from_format(any.format.as_deref())),
            Some("boolean") => TypeRef::Bool,
            Some("array") => self.array_type(any.items.as_ref(), pointer, name_hint),
            Some("object") => self.map_type(any.additional_properties.as_ref(), pointer, name_hint),
            _ if self.null_schemas.contains(&self.origins.original(pointer)) => {
                self.error(
                    Diagnostic::new(
                        Code::UntypedSchema,
                        pointer,
                        "schema accepts only `null` (`type: \"null\"`), which OpenAPI 3.0 cannot say; it becomes `serde_json::Value`",
                    )
                    .with_hint("a value that is always `null` carries nothing: leave it out, or give the type it has when it is set (`type: [T, \"null\"]`)"),
                );
                TypeRef::Json
            }
            _ => {
                self.error(
                    Diagnostic::new(
                        Code::UntypedSchema,
                        pointer,
                        "schema has no `type`; it becomes `serde_json::Value`",
                    )
                    .with_hint("add a `type` to get a typed field"),
                );
                TypeRef::Json
            }
        }
    }

    /// An object without properties: a map from string keys. Its values are
    /// `serde_json::Value` unless `additionalProperties` gives a schema;
    /// `additionalProperties: {}` says "any value" on purpose and is not
    /// reported as a missing `type`.
    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        pointer: &Pointer,
        name_hint: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(schema)) if is_empty_schema(schema) => {
                TypeRef::Map(Box::new(TypeRef::Json))
            }
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

    /// The name an inline schema that needs a definition asks for: its
    /// `x-rust-name`, its `title`, or the hint its place gives.
    fn inline_name(&mut self, schema: &Schema, pointer: &Pointer, name_hint: &str) -> String {
        if let Some(chosen) = self.chosen_type_name(schema, pointer) {
            return chosen;
        }
        match &schema.schema_data.title {
            Some(title) => naming::type_name(title),
            None => naming::type_name(name_hint),
        }
    }

    /// The type of an earlier inline schema that asked for the same name
    /// and is the same schema, field for field (the same titled object in
    /// the responses of several operations): one type serves them all.
    fn same_inline_schema(&self, name: &str, schema: &Schema) -> Option<TypeRef> {
        self.inline_schemas
            .iter()
            .find(|earlier| earlier.asked == name && earlier.schema == schema)
            .map(|earlier| TypeRef::Named(earlier.given.clone()))
    }

    /// The type name a schema's `x-rust-name` chooses, made a valid type
    /// name by the naming rules; a value that is not a string is reported
    /// and ignored.
    pub(super) fn chosen_type_name(
        &mut self,
        schema: &Schema,
        pointer: &Pointer,
    ) -> Option<String> {
        match schema.schema_data.extensions.get(super::RUST_NAME)? {
            serde_json::Value::String(name) => Some(naming::type_name(name)),
            _ => {
                self.error(Diagnostic::new(
                    Code::IgnoredExtension,
                    &pointer.push(super::RUST_NAME),
                    format!(
                        "`{}` must be a string such as \"OrderStatus\"; it is ignored",
                        super::RUST_NAME
                    ),
                ));
                None
            }
        }
    }

    /// Defines the named type `name` from `schema`.
    fn define(&mut self, name: &str, schema: &'a Schema, pointer: &Pointer) {
        let shape = shape::classify(schema);
        self.define_shape(name, schema, shape, pointer);
    }

    /// Defines the named type `name` from `schema`, already classified.
    fn define_shape(
        &mut self,
        name: &str,
        schema: &'a Schema,
        shape: Shape<'a>,
        pointer: &Pointer,
    ) {
        let description = describe_schema(schema);
        let needs_definition = shape.needs_definition();
        let follows_discriminator = needs_definition && matches!(shape, Shape::Union { .. });
        if schema.schema_data.discriminator.is_some() && !follows_discriminator {
            self.error(
                Diagnostic::new(
                    Code::UnsupportedDiscriminator,
                    &pointer.push("discriminator"),
                    "a `discriminator` is followed only beside a `oneOf` / `anyOf` of `$ref`s with no properties of its own; here it is ignored",
                )
                .with_hint("put the `discriminator` on a schema that is a `oneOf` of the tagged schemas"),
            );
        }
        match shape {
            Shape::Null(null) => {
                if let NullOnly::Union(union) = null {
                    self.error(
                        Diagnostic::new(
                            Code::NoUsableValue,
                            &pointer.push(union.keyword()),
                            format!("every alternative of this `{}` is `null` (`type: \"null\"`, `enum: [null]` or `nullable: true` alone), so the value is always `null`: it is the unit type `{name}`", union.keyword()),
                        )
                        .with_hint("write `enum: [null]` for a value that is always `null`, or list the alternatives the value takes besides `null`"),
                    );
                }
                self.insert_type(TypeDef::Null(NullDef {
                    name: name.to_owned(),
                    description,
                    pointer: pointer.clone(),
                }));
            }
            Shape::StringEnum(values) => {
                let chosen = self.chosen_variant_names(schema, values.len(), pointer);
                let places = enum_value_places(schema, pointer);
                let variants = self.variants_at(values, &chosen, pointer, &places);
                self.insert_type(TypeDef::Enum(EnumDef {
                    name: name.to_owned(),
                    description,
                    repr: EnumRepr::String,
                    variants,
                    pointer: pointer.clone(),
                }));
            }
            Shape::NumberEnum(repr, values) => {
                let chosen = self.chosen_variant_names(schema, values.len(), pointer);
                let values = values.iter().map(|v| Some(v.as_str())).collect();
                let variants = self.variants(values, &chosen, pointer);
                self.insert_type(TypeDef::Enum(EnumDef {
                    name: name.to_owned(),
                    description,
                    repr,
                    variants,
                    pointer: pointer.clone(),
                }));
            }
            Shape::Object(own) => {
                self.check_unused_union_names(schema, pointer);
                let sources = [PropertySource::new(name, own, pointer)];
                let fields = self.collect_fields(&sources, true);
                self.insert_struct(name, schema, fields, pointer);
            }
            Shape::AllOf { parts, own } if needs_definition => {
                self.check_unused_union_names(schema, pointer);
                let fields = self.merge_all_of(name, parts, own, pointer, true);
                self.insert_struct(name, schema, fields, pointer);
            }
            Shape::Union {
                union,
                alternatives,
            } if needs_definition => {
                self.define_union(name, schema, union, alternatives, pointer);
            }
            Shape::Union {
                union,
                alternatives: [ReferenceOr::Item(only)],
            } if shape::classify(only).needs_definition() => {
                // A `oneOf` of one inline alternative that is a type of its
                // own: that type, under the outer name.
                self.define(name, only, &pointer.push(union.keyword()).push(0));
            }
            Shape::ObjectWithUnion {
                own,
                union,
                alternatives,
            } => {
                let fields =
                    self.object_with_union(name, schema, own, union, alternatives, pointer);
                self.insert_struct(name, schema, fields, pointer);
            }
            Shape::AllOfWithUnion {
                parts,
                own,
                union,
                alternatives,
            } => {
                let fields = self.merge_all_of(name, parts, own, pointer, false);
                let fields = self.flatten_union(name, schema, fields, union, alternatives, pointer);
                self.insert_struct(name, schema, fields, pointer);
            }
            _ => {
                self.check_unused_union_names(schema, pointer);
                let target = self.inline_type(schema, pointer, name);
                self.insert_type(TypeDef::Alias(AliasDef {
                    name: name.to_owned(),
                    description,
                    target,
                    pointer: pointer.clone(),
                }));
            }
        }
    }

    /// Warns about `x-one-of-name` / `x-one-of-field` on a schema with no
    /// `oneOf` / `anyOf` to flatten.
    fn check_unused_union_names(&mut self, schema: &Schema, pointer: &Pointer) {
        for key in ["x-one-of-name", "x-one-of-field"] {
            if schema.schema_data.extensions.contains_key(key) {
                self.error(Diagnostic::new(
                    Code::UnusedExtension,
                    &pointer.push(key),
                    format!("`{key}` is ignored: the schema has no `oneOf` or `anyOf` beside its properties"),
                ));
            }
        }
    }

    /// Records the struct `name` with `fields`, its docs and aliases taken
    /// from `schema`.
    fn insert_struct(
        &mut self,
        name: &str,
        schema: &Schema,
        fields: Vec<crate::ir::Field>,
        pointer: &Pointer,
    ) {
        let aliases = self.aliases(schema, pointer);
        self.insert_type(TypeDef::Struct(StructDef {
            name: name.to_owned(),
            description: describe_schema(schema),
            aliases,
            fields,
            pointer: pointer.clone(),
        }));
    }

    /// Records a finished type definition under its name.
    pub(super) fn insert_type(&mut self, def: TypeDef) {
        let name = def.name().to_owned();
        let pointer = def.pointer().clone();
        self.types.insert(name, (def, pointer));
    }

    /// The variants of a string enum: each value's `x-enum-varnames` entry
    /// where `chosen` has one, else [`naming::enum_variant`] (the empty
    /// string is `Empty`, `+1` is `Plus1`). A value whose variant an earlier
    /// one, or the catch-all `Unknown`, has already gets a suffix and a
    /// warning ([`naming::Namespace`]); a value listed twice is one variant.
    fn variants(
        &mut self,
        values: Vec<Option<&str>>,
        chosen: &[Option<String>],
        pointer: &Pointer,
    ) -> Vec<Variant> {
        self.variants_at(values, chosen, pointer, &[])
    }

    /// [`Self::variants`], each value at its place in `places` where it
    /// has one (the values of a `oneOf` of string enums stand in their
    /// alternatives), else at `pointer/enum/index`.
    fn variants_at(
        &mut self,
        values: Vec<Option<&str>>,
        chosen: &[Option<String>],
        pointer: &Pointer,
        places: &[Pointer],
    ) -> Vec<Variant> {
        let mut variants: Vec<Variant> = Vec::new();
        let mut names = naming::Namespace::with_reserved([UNKNOWN_VARIANT]);
        for (index, value) in values.into_iter().enumerate() {
            let at = places
                .get(index)
                .cloned()
                .unwrap_or_else(|| pointer.push("enum").push(index));
            let Some(value) = value else { continue };
            if variants.iter().any(|v| v.wire_name == value) {
                self.error(Diagnostic::new(
                    Code::DuplicateEnumValue,
                    &at,
                    format!("the enum value `{value}` is listed twice"),
                ));
                continue;
            }
            let wanted = chosen
                .get(index)
                .cloned()
                .flatten()
                .unwrap_or_else(|| naming::enum_variant(value));
            let rust_name = names.claim(&wanted);
            if rust_name != wanted {
                let reason = match variants.iter().find(|v| v.rust_name == wanted) {
                    Some(other) => format!("the value `{}` has it", other.wire_name),
                    None => "it holds the values the client does not know".to_owned(),
                };
                self.error(
                    Diagnostic::new(
                        Code::Renamed,
                        &at,
                        format!("the enum value `{value}` would be the variant `{wanted}`, but {reason}; it is `{rust_name}`"),
                    )
                    .with_hint(format!("to choose the names, give the schema `x-enum-varnames`, one name per value (`[{wanted}Value, …]`)")),
                );
            }
            variants.push(Variant {
                wire_name: value.to_owned(),
                rust_name,
            });
        }
        variants
    }

    /// `x-enum-varnames`: a variant name per enum value, in order, made
    /// valid by the naming rules. A list of another length, or with an
    /// entry that is not a string, is reported and ignored.
    fn chosen_variant_names(
        &mut self,
        schema: &Schema,
        values: usize,
        pointer: &Pointer,
    ) -> Vec<Option<String>> {
        let Some(value) = schema.schema_data.extensions.get(ENUM_VARNAMES) else {
            return Vec::new();
        };
        let names: Option<Vec<Option<String>>> = value.as_array().and_then(|items| {
            items
                .iter()
                .map(|item| item.as_str().map(|name| Some(naming::variant(name))))
                .collect()
        });
        match names {
            Some(names) if names.len() == values => names,
            _ => {
                self.error(Diagnostic::new(
                    Code::IgnoredExtension,
                    &pointer.push(ENUM_VARNAMES),
                    format!("`{ENUM_VARNAMES}` must list one name (a string) per enum value, {values} in all; it is ignored"),
                ));
                Vec::new()
            }
        }
    }

    /// `x-sdk-names`: other names the type is known by, each a string or
    /// `{name, sdk}` (the SDKs and versions that used the name).
    fn aliases(&mut self, schema: &Schema, pointer: &Pointer) -> Vec<SdkName> {
        let Some(value) = schema.schema_data.extensions.get("x-sdk-names") else {
            return Vec::new();
        };
        let names: Option<Vec<SdkName>> = value
            .as_array()
            .and_then(|items| items.iter().map(sdk_name).collect());
        match names {
            Some(names) => names,
            None => {
                self.error(Diagnostic::new(
                    Code::IgnoredExtension,
                    &pointer.push("x-sdk-names"),
                    "`x-sdk-names` must be a list of names, each a string or `{name: ..., sdk: ...}`; it is ignored",
                ));
                Vec::new()
            }
        }
    }
}

/// One item of `x-sdk-names`: `Body15`, or `{name: Body15, sdk: brevo-ruby 4.0.0}`.
fn sdk_name(item: &serde_json::Value) -> Option<SdkName> {
    if let Some(name) = item.as_str() {
        return Some(SdkName {
            name: name.to_owned(),
            used_by: None,
        });
    }
    let map = item.as_object()?;
    if map.keys().any(|key| key != "name" && key != "sdk") {
        return None;
    }
    let used_by = match map.get("sdk") {
        Some(sdk) => Some(sdk.as_str()?.to_owned()),
        None => None,
    };
    Some(SdkName {
        name: map.get("name")?.as_str()?.to_owned(),
        used_by,
    })
}

/// `#/components/schemas/{key}`.
pub(super) fn component_pointer(key: &str) -> Pointer {
    Pointer::root().push("components").push("schemas").push(key)
}

/// A type's docs: the schema's `description`, or its `title`.
pub(super) fn describe_schema(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
}

/// Whether `schema` is `{}`: no keyword at all, "any value".
fn is_empty_schema(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(schema) => {
            schema.schema_data == openapiv3::SchemaData::default()
                && schema.schema_kind == SchemaKind::Any(openapiv3::AnySchema::default())
        }
        ReferenceOr::Reference { .. } => false,
    }
}

/// A format worth telling the reader when the Rust type does not show it:
/// string formats (`date`, `date-time`, `email`, `binary`, ...) and unknown
/// number formats. `int32` / `int64` show in the type (`i32` / `i64`).
pub(super) fn format_note(schema: &Schema) -> Option<String> {
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
        SchemaKind::Type(Type::Array(array)) => match &array.items {
            Some(ReferenceOr::Item(items)) => format_note(items).map(|f| format!("items: {f}")),
            _ => None,
        },
        SchemaKind::Any(any) if any.typ.as_deref() == Some("string") => any.format.clone(),
        _ => None,
    }
}

/// Where each value of a `oneOf` / `anyOf` of string enums stands
/// (`oneOf/1/enum/0`); none for a plain enum, whose values are at
/// `enum/index`.
fn enum_value_places(schema: &openapiv3::Schema, pointer: &Pointer) -> Vec<Pointer> {
    let (keyword, alternatives) = match &schema.schema_kind {
        openapiv3::SchemaKind::OneOf { one_of } => ("oneOf", one_of),
        openapiv3::SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
        _ => return Vec::new(),
    };
    let mut places = Vec::new();
    for (index, alternative) in alternatives.iter().enumerate() {
        if let openapiv3::ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(string)),
            ..
        }) = alternative
        {
            let at = pointer.push(keyword).push(index).push("enum");
            places.extend((0..string.enumeration.len()).map(|value| at.push(value)));
        }
    }
    places
}

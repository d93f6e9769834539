//! Classifying schemas: which kind of Rust type a schema becomes.
//!
//! `openapiv3` keeps a schema that mixes keywords (`type: object` with
//! `oneOf`, `properties` beside `allOf`) in `SchemaKind::Any`; this module
//! reads both that and the plain kinds, so lowering looks at one [`Shape`].

use std::sync::OnceLock;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    Type, VariantOrUnknownOrEmpty,
};

use crate::ir::{EnumRepr, Float, Int};

/// The properties of an object schema.
pub(super) type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The object-like view of a schema: properties and what else may appear.
#[derive(Clone, Copy)]
pub(super) struct ObjectShape<'s> {
    /// The named properties, in document order.
    pub properties: &'s Properties,
    /// The `required` list.
    pub required: &'s [String],
    /// `additionalProperties`.
    pub additional: Option<&'s AdditionalProperties>,
}

/// `oneOf` or `anyOf`: both become an untagged enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Union {
    /// `oneOf`.
    OneOf,
    /// `anyOf`.
    AnyOf,
}

impl Union {
    /// The keyword, which is also the pointer token of the alternatives.
    pub fn keyword(self) -> &'static str {
        match self {
            Self::OneOf => "oneOf",
            Self::AnyOf => "anyOf",
        }
    }
}

/// How a schema says that its only value is `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NullOnly {
    /// An `enum` whose values are all `null` (`enum: [null]`).
    Enum,
    /// `type: "null"` (OpenAPI 3.1's way, found in 3.0 documents).
    Type,
    /// A `oneOf` / `anyOf` whose alternatives are all null-only, or
    /// `{nullable: true}` with nothing else.
    Union(Union),
}

/// What a schema describes, as far as its Rust type is concerned.
pub(super) enum Shape<'s> {
    /// A value that is always `null`.
    Null(NullOnly),
    /// A string enum: its values in document order (`None` for `null`).
    StringEnum(Vec<Option<&'s str>>),
    /// An integer or number enum: the Rust type of its values and the
    /// values as JSON writes them, in document order (`null` left out).
    NumberEnum(EnumRepr, Vec<String>),
    /// An object with at least one property.
    Object(ObjectShape<'s>),
    /// `allOf`: parts to merge, and the schema's own properties if it has any.
    AllOf {
        /// The `allOf` list.
        parts: &'s [ReferenceOr<Schema>],
        /// Properties written beside `allOf`.
        own: Option<ObjectShape<'s>>,
    },
    /// `oneOf` / `anyOf` without properties of its own.
    Union {
        /// Which keyword.
        union: Union,
        /// The alternatives.
        alternatives: &'s [ReferenceOr<Schema>],
    },
    /// Properties of its own (or an `x-one-of-name` / `x-one-of-field`)
    /// and a `oneOf` / `anyOf` of objects that add properties: a struct with
    /// a flattened enum.
    ObjectWithUnion {
        /// The schema's own properties.
        own: ObjectShape<'s>,
        /// Which keyword.
        union: Union,
        /// The alternatives.
        alternatives: &'s [ReferenceOr<Schema>],
    },
    /// `allOf` beside a `oneOf` / `anyOf`: a struct of the merged parts
    /// (and own properties) with a flattened enum of the alternatives.
    AllOfWithUnion {
        /// The `allOf` list.
        parts: &'s [ReferenceOr<Schema>],
        /// Properties written beside `allOf`.
        own: Option<ObjectShape<'s>>,
        /// Which keyword.
        union: Union,
        /// The alternatives.
        alternatives: &'s [ReferenceOr<Schema>],
    },
    /// Something the generator cannot express; the text says what.
    Unsupported(&'static str),
    /// A primitive, array, map or untyped schema: no definition of its own.
    Plain,
}

impl Shape<'_> {
    /// Whether a schema of this shape gets a named type when written inline.
    /// An `allOf` of one `$ref` and a `oneOf` of one alternative are that
    /// reference or alternative, not a type of their own.
    pub fn needs_definition(&self) -> bool {
        match self {
            Self::Null(_)
            | Self::StringEnum(_)
            | Self::NumberEnum(..)
            | Self::Object(_)
            | Self::ObjectWithUnion { .. } => true,
            Self::AllOf { parts, own } => own.is_some() || single_part(parts).is_none(),
            Self::AllOfWithUnion { .. } => true,
            Self::Union { alternatives, .. } => alternatives.len() > 1,
            Self::Unsupported(_) | Self::Plain => false,
        }
    }
}

/// The one part of an `allOf` that is that part's type, not a struct of
/// its own: a `$ref` (the usual way to describe a reference), or an inline
/// schema that is not an object (`allOf: [{type: string, format: uuid}]`).
pub(super) fn single_part(parts: &[ReferenceOr<Schema>]) -> Option<&ReferenceOr<Schema>> {
    match parts {
        [part @ ReferenceOr::Reference { .. }] => Some(part),
        [part @ ReferenceOr::Item(schema)] if object_part(schema).is_none() => Some(part),
        _ => None,
    }
}

/// The shape of `schema`.
pub(super) fn classify(schema: &Schema) -> Shape<'_> {
    if let Some(null) = null_only(schema) {
        return Shape::Null(null);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            Shape::StringEnum(string.enumeration.iter().map(|v| v.as_deref()).collect())
        }
        SchemaKind::Type(Type::Integer(integer))
            if integer.enumeration.iter().any(Option::is_some) =>
        {
            let format = match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64"),
                VariantOrUnknownOrEmpty::Unknown(name) => Some(name.as_str()),
                VariantOrUnknownOrEmpty::Empty => None,
            };
            // Values the format cannot hold (`-1` of a `uint8`) widen the
            // type to `i64`, which holds every value the document can give.
            let int = Int::from_format(format);
            let int = if integer.enumeration.iter().flatten().all(|v| int.fits(*v)) {
                int
            } else {
                Int::I64
            };
            let values = integer.enumeration.iter().flatten().map(i64::to_string);
            Shape::NumberEnum(EnumRepr::Integer(int), values.collect())
        }
        SchemaKind::Type(Type::Number(number))
            if number.enumeration.iter().any(Option::is_some) =>
        {
            let format = match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Some("float"),
                VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => Some("double"),
                VariantOrUnknownOrEmpty::Unknown(name) => Some(name.as_str()),
                VariantOrUnknownOrEmpty::Empty => None,
            };
            // A value a `float` cannot hold widens the type to `f64`.
            let float = Float::from_format(format);
            let float = if float == Float::F32
                && number
                    .enumeration
                    .iter()
                    .flatten()
                    .any(|v| v.abs() > f64::from(f32::MAX))
            {
                Float::F64
            } else {
                float
            };
            let values = number.enumeration.iter().flatten().map(|value| {
                serde_json::Number::from_f64(*value)
                    .map_or_else(|| value.to_string(), |n| n.to_string())
            });
            Shape::NumberEnum(EnumRepr::Number(float), values.collect())
        }
        SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
            Shape::Object(ObjectShape {
                properties: &object.properties,
                required: &object.required,
                additional: object.additional_properties.as_ref(),
            })
        }
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            parts: all_of,
            own: None,
        },
        SchemaKind::OneOf { one_of } if names_flattened_enum(schema) => {
            flattened_only(Union::OneOf, one_of)
        }
        SchemaKind::AnyOf { any_of } if names_flattened_enum(schema) => {
            flattened_only(Union::AnyOf, any_of)
        }
        SchemaKind::OneOf { one_of } => union_shape(Union::OneOf, one_of),
        SchemaKind::AnyOf { any_of } => union_shape(Union::AnyOf, any_of),
        SchemaKind::Not { .. } => Shape::Unsupported("`not` schemas are not supported"),
        SchemaKind::Any(any) => classify_any(any, names_flattened_enum(schema)),
        SchemaKind::Type(_) => Shape::Plain,
    }
}

/// How `schema` says its only value is `null`, when it does: an `enum` of
/// `null`s only (whatever its `type`), `type: "null"`, or a `oneOf` /
/// `anyOf` (without properties beside it) of inline alternatives that are
/// each one of those or `{nullable: true}` alone.
pub(super) fn null_only(schema: &Schema) -> Option<NullOnly> {
    fn only_nulls<T>(values: &[Option<T>]) -> bool {
        !values.is_empty() && values.iter().all(Option::is_none)
    }
    let union = |union: Union, alternatives: &[ReferenceOr<Schema>]| {
        let nulls = !alternatives.is_empty()
            && alternatives.iter().all(|alternative| match alternative {
                ReferenceOr::Item(alternative) => {
                    null_only(alternative).is_some() || is_bare_nullable(alternative)
                }
                ReferenceOr::Reference { .. } => false,
            });
        nulls.then_some(NullOnly::Union(union))
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            only_nulls(&string.enumeration).then_some(NullOnly::Enum)
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            only_nulls(&integer.enumeration).then_some(NullOnly::Enum)
        }
        SchemaKind::Type(Type::Number(number)) => {
            only_nulls(&number.enumeration).then_some(NullOnly::Enum)
        }
        SchemaKind::Type(Type::Boolean(boolean)) => {
            only_nulls(&boolean.enumeration).then_some(NullOnly::Enum)
        }
        SchemaKind::OneOf { one_of } if !names_flattened_enum(schema) => {
            union(Union::OneOf, one_of)
        }
        SchemaKind::AnyOf { any_of } if !names_flattened_enum(schema) => {
            union(Union::AnyOf, any_of)
        }
        SchemaKind::Any(any) => {
            let composed =
                !any.all_of.is_empty() || any.not.is_some() || !any.properties.is_empty();
            if composed || names_flattened_enum(schema) {
                None
            } else if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_null()) {
                Some(NullOnly::Enum)
            } else if any.typ.as_deref() == Some("null") {
                Some(NullOnly::Type)
            } else if any.any_of.is_empty() {
                union(Union::OneOf, &any.one_of)
            } else if any.one_of.is_empty() {
                union(Union::AnyOf, &any.any_of)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether `schema` is `{nullable: true}` and nothing else a client can
/// use (a `description` or `title` aside): it says only that `null` is a
/// value.
fn is_bare_nullable(schema: &Schema) -> bool {
    let data = &schema.schema_data;
    data.nullable
        && data.discriminator.is_none()
        && data.default.is_none()
        && data.example.is_none()
        && schema.schema_kind == SchemaKind::Any(AnySchema::default())
}

/// A struct that holds nothing but a flattened enum.
fn flattened_only(union: Union, alternatives: &[ReferenceOr<Schema>]) -> Shape<'_> {
    static NO_PROPERTIES: OnceLock<Properties> = OnceLock::new();
    Shape::ObjectWithUnion {
        own: ObjectShape {
            properties: NO_PROPERTIES.get_or_init(Properties::new),
            required: &[],
            additional: None,
        },
        union,
        alternatives,
    }
}

/// A `oneOf` / `anyOf` without own properties.
fn union_shape(union: Union, alternatives: &[ReferenceOr<Schema>]) -> Shape<'_> {
    if alternatives.is_empty() {
        return Shape::Unsupported("this composition lists no alternatives");
    }
    if let Some(values) = string_enum_union(alternatives) {
        return Shape::StringEnum(values);
    }
    Shape::Union {
        union,
        alternatives,
    }
}

/// The values of a `oneOf` / `anyOf` whose alternatives are all inline
/// string enums (a sort mode, one value per alternative with its own
/// description): one enum of all their values, in order.
fn string_enum_union(alternatives: &[ReferenceOr<Schema>]) -> Option<Vec<Option<&str>>> {
    let mut values = Vec::new();
    for alternative in alternatives {
        let ReferenceOr::Item(schema) = alternative else {
            return None;
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string))
                if !schema.schema_data.nullable
                    && !string.enumeration.is_empty()
                    && string.enumeration.iter().all(Option::is_some) =>
            {
                values.extend(string.enumeration.iter().map(|v| v.as_deref()));
            }
            _ => return None,
        }
    }
    Some(values)
}

/// Whether the schema names a flattened enum (`x-one-of-name` or
/// `x-one-of-field`), which makes its `oneOf` flattened into a struct even
/// when the schema has no other property.
pub(super) fn names_flattened_enum(schema: &Schema) -> bool {
    let extensions = &schema.schema_data.extensions;
    extensions.contains_key("x-one-of-name") || extensions.contains_key("x-one-of-field")
}

/// The shape of a schema that mixes keywords (`openapiv3`'s `AnySchema`);
/// `flattened` when the schema names a flattened enum.
fn classify_any(any: &AnySchema, flattened: bool) -> Shape<'_> {
    let compositions = [
        !any.all_of.is_empty(),
        !any.one_of.is_empty(),
        !any.any_of.is_empty(),
        any.not.is_some(),
    ];
    let object = any_object(any);
    let own = object.filter(|shape| !shape.properties.is_empty());
    let unions = [(Union::OneOf, &any.one_of), (Union::AnyOf, &any.any_of)];
    let used_unions: Vec<_> = unions.iter().filter(|(_, list)| !list.is_empty()).collect();
    if !any.all_of.is_empty() && any.not.is_none() {
        if let [(union, alternatives)] = used_unions.as_slice() {
            return Shape::AllOfWithUnion {
                parts: &any.all_of,
                own,
                union: *union,
                alternatives,
            };
        }
    }
    if compositions.iter().filter(|used| **used).count() > 1 {
        return Shape::Unsupported(
            "a schema that combines `not`, or both `oneOf` and `anyOf`, with another composition is not supported",
        );
    }
    if any.not.is_some() {
        return Shape::Unsupported("`not` schemas are not supported");
    }
    if !any.all_of.is_empty() {
        return Shape::AllOf {
            parts: &any.all_of,
            own,
        };
    }
    let (union, alternatives) = if any.one_of.is_empty() {
        (Union::AnyOf, &any.any_of)
    } else {
        (Union::OneOf, &any.one_of)
    };
    if !alternatives.is_empty() {
        let own = if flattened { object } else { own };
        return match own {
            Some(own) => Shape::ObjectWithUnion {
                own,
                union,
                alternatives,
            },
            None => union_shape(union, alternatives),
        };
    }
    match own {
        Some(own) => Shape::Object(own),
        None => Shape::Plain,
    }
}

/// The object view of an `AnySchema` whose `type` is `object` or missing.
fn any_object(any: &AnySchema) -> Option<ObjectShape<'_>> {
    matches!(any.typ.as_deref(), None | Some("object")).then_some(ObjectShape {
        properties: &any.properties,
        required: &any.required,
        additional: any.additional_properties.as_ref(),
    })
}

/// The object view of a schema that is an object without composition, with
/// or without properties (an `allOf` part, a `oneOf` alternative). A schema
/// without `type` counts when it has no composition either: a part such as
/// `{required: [email]}` only adds to the `required` list.
pub(super) fn object_part(schema: &Schema) -> Option<ObjectShape<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(ObjectShape {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
        }),
        SchemaKind::Any(any)
            if any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none() =>
        {
            any_object(any)
        }
        _ => None,
    }
}

/// Whether `schema` is a primitive (string, integer, number, boolean), enums
/// included: a value that can be written as text.
pub(super) fn is_primitive(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(
            Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_),
        ) => true,
        SchemaKind::Any(any) => {
            matches!(
                any.typ.as_deref(),
                Some("string" | "integer" | "number" | "boolean")
            ) && any.one_of.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
        }
        _ => false,
    }
}

/// A short name for what a schema is, for messages.
pub(super) fn describe(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "a string",
        SchemaKind::Type(Type::Integer(_)) => "an integer",
        SchemaKind::Type(Type::Number(_)) => "a number",
        SchemaKind::Type(Type::Boolean(_)) => "a boolean",
        SchemaKind::Type(Type::Array(_)) => "an array",
        SchemaKind::Type(Type::Object(_)) => "an object",
        SchemaKind::OneOf { .. } => "a `oneOf`",
        SchemaKind::AllOf { .. } => "an `allOf`",
        SchemaKind::AnyOf { .. } => "an `anyOf`",
        SchemaKind::Not { .. } => "a `not`",
        SchemaKind::Any(any) => match any.typ.as_deref() {
            Some("string") => "a string",
            Some("integer") => "an integer",
            Some("number") => "a number",
            Some("boolean") => "a boolean",
            Some("array") => "an array",
            Some("object") => "an object",
            _ if !any.one_of.is_empty() => "a `oneOf`",
            _ if !any.any_of.is_empty() => "an `anyOf`",
            _ => "a schema without `type`",
        },
    }
}

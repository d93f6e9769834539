//! `oneOf` / `anyOf`: untagged enums.
//!
//! - Without properties of its own, the schema is an enum whose variants
//!   are the alternatives (see [`crate::naming`] for their names).
//! - With properties of its own (the "identity" pattern: a message names its
//!   agent either by id or by email + name), the schema is a struct with its
//!   properties plus one `#[serde(flatten)]` field holding an enum whose
//!   struct variants carry each alternative's properties. The enum is named
//!   by `x-one-of-name` (else `{Parent}Variant`), the field by
//!   `x-one-of-field` (else the enum's name in snake case, without the
//!   parent's name in front). Schemas with the same `x-one-of-name` and the
//!   same alternatives share the enum.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema};

use super::fields::PropertySource;
use super::shape::{self, ObjectShape, Union};
use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{
    Discriminator, Field, FieldKind, OneOfDef, OneOfVariant, TypeDef, TypeRef, VariantPayload,
    UNKNOWN_VARIANT,
};
use crate::naming;
use crate::pointer::Pointer;

/// The extension naming a flattened enum.
const ONE_OF_NAME: &str = "x-one-of-name";
/// The extension naming the flattened field.
const ONE_OF_FIELD: &str = "x-one-of-field";

/// Where a union's variants end up.
enum Placement {
    /// A value of its own: any alternative is allowed.
    Value,
    /// Flattened into a struct with these properties (by wire name): every
    /// alternative must be an object, and a property it restates (to narrow
    /// it) is the struct's field only.
    Flattened(BTreeSet<String>),
}

impl Placement {
    fn is_flattened(&self) -> bool {
        matches!(self, Placement::Flattened(_))
    }
}

/// What the inline alternatives say of the parent's properties they
/// restate, by property: "In the `Bug` alternative: one of `bug`;
/// required." for the docs of the parent's field, which is the one field
/// the value has for it.
fn narrowings(
    own: &BTreeSet<String>,
    union: Union,
    alternatives: &[ReferenceOr<Schema>],
) -> Vec<(String, String)> {
    let mut notes: Vec<(String, String)> = Vec::new();
    for (index, alternative) in alternatives.iter().enumerate() {
        let ReferenceOr::Item(schema) = alternative else {
            continue;
        };
        let Some(object) = shape::object_part(schema) else {
            continue;
        };
        let label = schema
            .schema_data
            .title
            .as_deref()
            .map_or_else(|| format!("Variant{index}"), naming::variant);
        for (wire_name, property) in object.properties {
            if !own.contains(wire_name) {
                continue;
            }
            let mut said: Vec<String> = Vec::new();
            if let ReferenceOr::Item(property) = property {
                let values = super::types::enum_values(property);
                if !values.is_empty() {
                    let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    said.push(format!("one of {}", values.join(", ")));
                }
                if let Some(constraints) = super::constraints::constraints(property) {
                    said.push(constraints.trim_end_matches('.').to_owned());
                }
            }
            if object.required.contains(wire_name) {
                said.push("required".to_owned());
            }
            if said.is_empty() {
                continue;
            }
            let note = format!(
                "In the `{label}` alternative of the `{}`: {}.",
                union.keyword(),
                said.join("; ")
            );
            match notes.iter_mut().find(|(name, _)| name == wire_name) {
                Some((_, text)) => {
                    text.push(' ');
                    text.push_str(&note);
                }
                None => notes.push((wire_name.clone(), note)),
            }
        }
    }
    notes
}

impl<'a> Lowerer<'a> {
    /// Defines the untagged enum `name` for a `oneOf` / `anyOf` schema with
    /// no properties of its own.
    pub(super) fn define_union(
        &mut self,
        name: &str,
        schema: &'a Schema,
        union: Union,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
    ) {
        let variants = self.union_variants(name, union, alternatives, pointer, &Placement::Value);
        let discriminator =
            schema.schema_data.discriminator.as_ref().and_then(|given| {
                self.discriminator(given, union, alternatives, &variants, pointer)
            });
        if discriminator.is_none() {
            self.check_variant_order(&variants);
        }
        self.insert_type(TypeDef::OneOf(OneOfDef {
            name: name.to_owned(),
            description: super::types::describe_schema(schema),
            variants,
            discriminator,
            display: false,
            pointer: pointer.clone(),
        }));
    }

    /// How the enum of `alternatives` (lowered to `variants`) follows the
    /// schema's `discriminator`: each `mapping` entry, then the schema name
    /// of each alternative no entry maps (the implicit mapping). `None`,
    /// with a warning, when an alternative is inline (it has no name to
    /// map).
    fn discriminator(
        &mut self,
        given: &openapiv3::Discriminator,
        union: Union,
        alternatives: &'a [ReferenceOr<Schema>],
        variants: &[OneOfVariant],
        pointer: &Pointer,
    ) -> Option<Discriminator> {
        let at = pointer.push("discriminator");
        let mut keys: Vec<(&str, usize)> = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let alternative_at = pointer.push(union.keyword()).push(index);
            let key = match alternative {
                ReferenceOr::Reference { reference } => {
                    reference.strip_prefix("#/components/schemas/")
                }
                ReferenceOr::Item(_) => None,
            };
            let Some(key) = key else {
                self.error(
                    Diagnostic::new(
                        Code::UnsupportedDiscriminator,
                        &at,
                        format!("the alternative at {alternative_at} is inline, so no tag value can name it; the enum is decoded untagged"),
                    )
                    .with_hint("make each alternative a `$ref` to a component schema"),
                );
                return None;
            };
            if let Some(variant) = variants.iter().position(|v| v.pointer == alternative_at) {
                keys.push((key, variant));
            }
        }
        let mut tags: Vec<(String, usize)> = Vec::new();
        let mut mapped: BTreeSet<usize> = BTreeSet::new();
        for (value, target) in &given.mapping {
            let key = target
                .strip_prefix("#/components/schemas/")
                .unwrap_or(target.as_str());
            match keys.iter().find(|(k, _)| *k == key) {
                Some((_, variant)) => {
                    mapped.insert(*variant);
                    tags.push((value.clone(), *variant));
                }
                None => self.error(
                    Diagnostic::new(
                        Code::UnsupportedDiscriminator,
                        &at.push("mapping").push(value),
                        format!("`{value}` maps to `{target}`, which is not one of the alternatives; the tag is decoded as unknown"),
                    )
                    .with_hint("map it to a `#/components/schemas/...` that the `oneOf` lists, or add that schema to the `oneOf`"),
                ),
            }
        }
        for (key, variant) in keys {
            if !mapped.contains(&variant) && !tags.iter().any(|(tag, _)| tag == key) {
                tags.push((key.to_owned(), variant));
            }
        }
        let mut names =
            naming::Namespace::with_reserved(variants.iter().map(|v| v.rust_name.as_str()));
        let unknown = names.claim(UNKNOWN_VARIANT);
        Some(Discriminator {
            property: given.property_name.clone(),
            tags,
            unknown,
        })
    }

    /// The fields of the struct `name` for a schema with properties of its
    /// own and a `oneOf` / `anyOf`: its properties, then the flattened enum
    /// (defined here, or shared with an earlier schema).
    pub(super) fn object_with_union(
        &mut self,
        name: &str,
        schema: &'a Schema,
        own: ObjectShape<'a>,
        union: Union,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> Vec<Field> {
        let fields = self.collect_fields(&[PropertySource::new(name, own, pointer)], false);
        self.flatten_union(name, schema, fields, union, alternatives, pointer)
    }

    /// `fields` (the struct's own, merged from `allOf` parts or not) and
    /// then the flattened enum of `alternatives`.
    pub(super) fn flatten_union(
        &mut self,
        name: &str,
        schema: &'a Schema,
        mut fields: Vec<Field>,
        union: Union,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> Vec<Field> {
        let own: BTreeSet<String> = fields.iter().map(|f| f.wire_name.clone()).collect();
        let Some(enum_name) = self.flattened_enum_name(name, schema, pointer) else {
            return fields;
        };
        let Some(wanted) = self.flattened_field_name(name, &enum_name, schema, pointer) else {
            return fields;
        };
        let Some(enum_name) =
            self.flattened_union(&enum_name, name, &own, union, alternatives, pointer)
        else {
            return fields;
        };
        for (wire_name, note) in narrowings(&own, union, alternatives) {
            if let Some(field) = fields.iter_mut().find(|f| f.wire_name == wire_name) {
                field.constraints = Some(match field.constraints.take() {
                    Some(constraints) => format!("{constraints}\n\n{note}"),
                    None => note,
                });
            }
        }
        let mut names =
            naming::Namespace::with_reserved(fields.iter().map(|f| f.rust_name.as_str()));
        let field_name = names.claim(&wanted);
        if field_name != wanted {
            self.error(
                Diagnostic::new(
                    Code::Renamed,
                    &pointer.push(union.keyword()),
                    format!("the flattened `{}` would be the Rust field `{wanted}`, like a property; it is `{field_name}`", union.keyword()),
                )
                .with_hint(format!("name the flattened field with `{ONE_OF_FIELD}`")),
            );
        }
        fields.push(Field {
            wire_name: field_name.clone(),
            rust_name: field_name,
            ty: TypeRef::Named(enum_name.clone()),
            required: true,
            description: Some(format!(
                "Which of the [`{enum_name}`] alternatives this is; its properties are written beside the others."
            )),
            format: None,
            constraints: None,
            kind: FieldKind::Flatten,
        });
        fields
    }

    /// The flattened enum's name: `x-one-of-name`, else `{parent}Variant`.
    fn flattened_enum_name(
        &mut self,
        parent: &str,
        schema: &Schema,
        pointer: &Pointer,
    ) -> Option<String> {
        let at = pointer.push(ONE_OF_NAME);
        match schema.schema_data.extensions.get(ONE_OF_NAME) {
            None => Some(format!("{parent}Variant")),
            Some(serde_json::Value::String(raw)) => Some(naming::type_name(raw)),
            Some(_) => {
                self.error(
                    Diagnostic::new(
                        Code::InvalidExtension,
                        &at,
                        format!("`{ONE_OF_NAME}` must be a string"),
                    )
                    .with_hint("write the enum's type name, such as `AgentIdentity`"),
                );
                None
            }
        }
    }

    /// The flattened field's name: `x-one-of-field` in snake case, else
    /// [`naming::flattened_field`] of the enum's name.
    fn flattened_field_name(
        &mut self,
        parent: &str,
        enum_name: &str,
        schema: &Schema,
        pointer: &Pointer,
    ) -> Option<String> {
        let at = pointer.push(ONE_OF_FIELD);
        match schema.schema_data.extensions.get(ONE_OF_FIELD) {
            None => Some(naming::flattened_field(parent, enum_name)),
            Some(serde_json::Value::String(raw)) => Some(naming::snake(raw)),
            Some(_) => {
                self.error(
                    Diagnostic::new(
                        Code::InvalidExtension,
                        &at,
                        format!("`{ONE_OF_FIELD}` must be a string"),
                    )
                    .with_hint("write the field's name, such as `agent`"),
                );
                None
            }
        }
    }

    /// Defines the flattened enum `name` (the name it is given), or checks
    /// that an earlier schema with the same `x-one-of-name` has the same
    /// alternatives. `None` when the type cannot be used.
    fn flattened_union(
        &mut self,
        name: &str,
        parent: &str,
        own: &BTreeSet<String>,
        union: Union,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> Option<String> {
        // Schemas with the same `x-one-of-name` and the same alternatives
        // share the enum; other alternatives get a name of their own.
        if let Some((previous, _)) = self.flattened_unions.get(name) {
            if *previous == alternatives {
                return Some(name.to_owned());
            }
        }
        let union_at = pointer.push(union.keyword());
        let hint = format!("to choose the name, give the schema `{ONE_OF_NAME}: OtherName`");
        let given = self.claim_type_name_or(name, &union_at, &hint);
        self.flattened_unions
            .insert(given.clone(), (alternatives, pointer.clone()));
        let name = given.as_str();
        let placement = Placement::Flattened(own.clone());
        let variants = self.union_variants(name, union, alternatives, pointer, &placement);
        self.check_variant_order(&variants);
        let description = format!(
            "The alternatives of the `{}` in [`{parent}`]: the chosen one's properties are written beside the struct's own.",
            union.keyword()
        );
        self.insert_type(TypeDef::OneOf(OneOfDef {
            name: name.to_owned(),
            description: Some(description),
            variants,
            discriminator: None,
            display: false,
            pointer: union_at,
        }));
        Some(given)
    }

    /// The variants of the enum `enum_name`, one per alternative, checked
    /// for names that collide.
    fn union_variants(
        &mut self,
        enum_name: &str,
        union: Union,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
        placement: &Placement,
    ) -> Vec<OneOfVariant> {
        let mut variants: Vec<OneOfVariant> = Vec::new();
        let mut names = naming::Namespace::default();
        for (index, alternative) in alternatives.iter().enumerate() {
            let at = pointer.push(union.keyword()).push(index);
            let variant = self.union_variant(enum_name, alternative, index, &at, placement);
            let Some(mut variant) = variant else { continue };
            let wanted = variant.rust_name.clone();
            variant.rust_name = names.claim(&wanted);
            if variant.rust_name != wanted {
                let other = variants
                    .iter()
                    .find(|v| v.rust_name == wanted)
                    .map_or_else(String::new, |v| format!(", like the one at {}", v.pointer));
                self.error(
                    Diagnostic::new(
                        Code::Renamed,
                        &at,
                        format!(
                            "this alternative would be the variant `{wanted}`{other}; it is `{}`",
                            variant.rust_name
                        ),
                    )
                    .with_hint("give the inline alternative a `title` to choose the name"),
                );
            }
            variants.push(variant);
        }
        variants
    }

    /// One alternative as a variant: a `$ref` as a newtype named after the
    /// type, an inline object as a struct variant, anything else as a
    /// newtype named by its `title` or its type.
    fn union_variant(
        &mut self,
        enum_name: &str,
        alternative: &'a ReferenceOr<Schema>,
        index: usize,
        at: &Pointer,
        placement: &Placement,
    ) -> Option<OneOfVariant> {
        let schema = match alternative {
            ReferenceOr::Reference { reference } => {
                return self.reference_variant(reference, alternative, at, placement)
            }
            ReferenceOr::Item(schema) => schema,
        };
        let title = schema.schema_data.title.as_deref().map(naming::variant);
        let description = schema.schema_data.description.clone();
        let object = shape::object_part(schema).filter(|object| {
            placement.is_flattened() || title.is_some() || !object.properties.is_empty()
        });
        let rust_name = title.unwrap_or_else(|| format!("Variant{index}"));
        if let Some(object) = object {
            let owner = format!("{enum_name}{rust_name}");
            let mut source = PropertySource::new(&owner, object, at);
            if let Placement::Flattened(own) = placement {
                source.skip = own.clone();
            }
            let fields = self.collect_fields(&[source], false);
            return Some(OneOfVariant {
                rust_name,
                description,
                payload: VariantPayload::Struct(fields),
                pointer: at.clone(),
            });
        }
        if placement.is_flattened() {
            self.error(not_an_object(at, shape::describe(schema)));
            return None;
        }
        let ty = self.inline_type(schema, at, &format!("{enum_name}{rust_name}"));
        let rust_name = match (&schema.schema_data.title, &ty) {
            (Some(_), _) => rust_name,
            // A string told apart by its format (`date`, `date-time`) is
            // named by it: `Date`, `DateTime`.
            (None, TypeRef::String) => match string_format(schema) {
                Some(format) => naming::variant(format),
                None => naming::variant_for_type(&ty),
            },
            (None, ty) => naming::variant_for_type(ty),
        };
        Some(OneOfVariant {
            rust_name,
            description,
            payload: VariantPayload::Newtype(ty),
            pointer: at.clone(),
        })
    }

    /// A `$ref` alternative: `Name(Name)`. Flattened, it must be an object.
    fn reference_variant(
        &mut self,
        reference: &str,
        alternative: &'a ReferenceOr<Schema>,
        at: &Pointer,
        placement: &Placement,
    ) -> Option<OneOfVariant> {
        let ty = self.schema_ref(reference, at);
        let TypeRef::Named(name) = &ty else {
            return None;
        };
        if placement.is_flattened() {
            let (schema, _) = self.resolve(alternative, at, "schemas", |c| &c.schemas)?;
            if !is_struct_like(schema) {
                self.error(not_an_object(at, shape::describe(schema)));
                return None;
            }
        }
        Some(OneOfVariant {
            rust_name: name.clone(),
            description: None,
            payload: VariantPayload::Newtype(ty),
            pointer: at.clone(),
        })
    }

    /// Reports the alternatives through which a union reaches itself by
    /// value only: as a newtype of itself (`Option` included), through
    /// aliases, other unions' alternatives or flattened fields, with no
    /// property, list or map in between. Decoding tries the alternatives in
    /// order on the same value, so such an alternative is tried again and
    /// again on it, and a value that matches no other alternative overflows
    /// the stack (an abort, not a panic). A property or an element consumes
    /// part of the value before the type comes round again, so those cycles
    /// decode and are left alone.
    pub(super) fn check_union_cycles(&mut self) {
        let edges: BTreeMap<&str, Vec<&str>> = self
            .types
            .iter()
            .map(|(name, (def, _))| (name.as_str(), same_value_types(def)))
            .collect();
        let mut found = Vec::new();
        for (name, (def, _)) in &self.types {
            let TypeDef::OneOf(union) = def else {
                continue;
            };
            for variant in &union.variants {
                for start in variant_same_value_types(&variant.payload) {
                    if let Some(path) = path_back(&edges, start, name) {
                        found.push((name.clone(), variant.pointer.clone(), path_names(&path)));
                        break;
                    }
                }
            }
        }
        for (name, pointer, path) in found {
            let through = match path.as_slice() {
                [_] => format!("is `{name}` itself"),
                [first, ..] => {
                    let chain: Vec<String> = path.iter().map(|t| format!("`{t}`")).collect();
                    format!(
                        "is `{first}`, which leads back to `{name}` ({})",
                        chain.join(" -> ")
                    )
                }
                [] => continue,
            };
            self.error(
                Diagnostic::new(
                    Code::RecursiveUnion,
                    &pointer,
                    format!("this alternative of `{name}` {through}, with no property, list or map in between: decoding a value that fits no other alternative would try it again without end"),
                )
                .with_hint("remove the alternative, or put the recursion inside a property (`type: object, properties: {...: {$ref: ...}}`) or a list (`type: array, items: {$ref: ...}`)"),
            );
        }
    }

    /// Warns about a struct variant that requires nothing before others:
    /// decoding tries variants in order, and it accepts any object.
    fn check_variant_order(&mut self, variants: &[OneOfVariant]) {
        let Some((_, earlier)) = variants.split_last() else {
            return;
        };
        for variant in earlier {
            if let VariantPayload::Struct(fields) = &variant.payload {
                if fields.iter().all(|f| !f.required) {
                    self.error(
                        Diagnostic::new(
                            Code::ShadowingAlternative,
                            &variant.pointer,
                            format!("the alternative `{}` requires no property, so it matches any object; when decoding, the alternatives after it are never chosen", variant.rust_name),
                        )
                        .with_hint("list it last"),
                    );
                }
            }
        }
    }
}

/// The `format` of a string schema, when it has one.
fn string_format(schema: &Schema) -> Option<&str> {
    use openapiv3::{SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match &string.format {
            VariantOrUnknownOrEmpty::Item(format) => Some(match format {
                StringFormat::Date => "date",
                StringFormat::DateTime => "date-time",
                StringFormat::Password => "password",
                StringFormat::Byte => "byte",
                StringFormat::Binary => "binary",
            }),
            VariantOrUnknownOrEmpty::Unknown(format) => Some(format),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        SchemaKind::Any(any) if any.typ.as_deref() == Some("string") => any.format.as_deref(),
        _ => None,
    }
}

/// Whether a referenced schema becomes a struct (so it can be flattened).
fn is_struct_like(schema: &Schema) -> bool {
    match shape::classify(schema) {
        shape::Shape::Object(_)
        | shape::Shape::ObjectWithUnion { .. }
        | shape::Shape::AllOfWithUnion { .. } => true,
        shape::Shape::AllOf { own, parts } => own.is_some() || shape::single_part(parts).is_none(),
        _ => false,
    }
}

/// The error for a flattened alternative that is not an object.
fn not_an_object(at: &Pointer, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::AlternativeNotObject,
        at,
        format!("an alternative beside properties must be an object (its properties are written beside the others); this one is {what}"),
    )
    .with_hint("make each alternative an object with `title` and `properties`, or move the properties into the alternatives")
}

/// The named types a value of `def` is decoded as *from the same JSON
/// value*: an alias's target, a union's newtype alternatives, and the enum
/// of a flattened field (which reads the object's own keys). Properties,
/// list elements and map values are parts of the value and not included.
fn same_value_types(def: &TypeDef) -> Vec<&str> {
    match def {
        TypeDef::Alias(alias) => by_value(&alias.target).into_iter().collect(),
        TypeDef::OneOf(union) => union
            .variants
            .iter()
            .flat_map(|variant| variant_same_value_types(&variant.payload))
            .collect(),
        TypeDef::Struct(def) => flattened(&def.fields).collect(),
        TypeDef::Enum(_) | TypeDef::Null(_) => Vec::new(),
    }
}

/// [`same_value_types`] of one alternative.
fn variant_same_value_types(payload: &VariantPayload) -> Vec<&str> {
    match payload {
        VariantPayload::Newtype(ty) => by_value(ty).into_iter().collect(),
        VariantPayload::Struct(fields) => flattened(fields).collect(),
    }
}

/// The types of the flattened fields among `fields`.
fn flattened(fields: &[Field]) -> impl Iterator<Item = &str> {
    fields
        .iter()
        .filter(|field| field.kind == FieldKind::Flatten)
        .filter_map(|field| by_value(&field.ty))
}

/// The named type `ty` is, under any `Option` (`nullable`).
fn by_value(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => by_value(inner),
        _ => None,
    }
}

/// `path` as owned names.
fn path_names(path: &[&str]) -> Vec<String> {
    path.iter().map(|name| (*name).to_owned()).collect()
}

/// The types from `start` to `target` along `edges`, both included, when
/// `target` can be reached (breadth first, so the path is a shortest one).
fn path_back<'t>(
    edges: &BTreeMap<&'t str, Vec<&'t str>>,
    start: &'t str,
    target: &str,
) -> Option<Vec<&'t str>> {
    let mut came_from: BTreeMap<&str, Option<&str>> = BTreeMap::from([(start, None)]);
    let mut pending = std::collections::VecDeque::from([start]);
    while let Some(current) = pending.pop_front() {
        if current == target {
            let mut path = vec![current];
            let mut at = current;
            while let Some(Some(previous)) = came_from.get(at) {
                path.push(previous);
                at = previous;
            }
            path.reverse();
            return Some(path);
        }
        for &next in edges.get(current).into_iter().flatten() {
            if !came_from.contains_key(next) {
                came_from.insert(next, Some(current));
                pending.push_back(next);
            }
        }
    }
    None
}

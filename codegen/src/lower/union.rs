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

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, Schema};

use super::fields::PropertySource;
use super::shape::{self, ObjectShape, Union};
use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Field, FieldKind, OneOfDef, OneOfVariant, TypeDef, TypeRef, VariantPayload};
use crate::naming;
use crate::pointer::Pointer;

/// The extension naming a flattened enum.
const ONE_OF_NAME: &str = "x-one-of-name";
/// The extension naming the flattened field.
const ONE_OF_FIELD: &str = "x-one-of-field";

/// Where a union's variants end up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// A value of its own: any alternative is allowed.
    Value,
    /// Flattened into a struct: every alternative must be an object.
    Flattened,
}

impl<'a> Lowerer<'a> {
    /// Defines the untagged enum `name` for a `oneOf` / `anyOf` schema with
    /// no properties of its own.
    pub(super) fn define_union(
        &mut self,
        name: &str,
        description: Option<String>,
        union: Union,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
    ) {
        let variants = self.union_variants(name, union, alternatives, pointer, Placement::Value);
        self.insert_type(TypeDef::OneOf(OneOfDef {
            name: name.to_owned(),
            description,
            variants,
            pointer: pointer.clone(),
        }));
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
        let mut fields = self.collect_fields(&[PropertySource::new(name, own, pointer)]);
        let Some(enum_name) = self.flattened_enum_name(name, schema, pointer) else {
            return fields;
        };
        let Some(field_name) = self.flattened_field_name(name, &enum_name, schema, pointer) else {
            return fields;
        };
        if !self.flattened_union(&enum_name, name, union, alternatives, pointer) {
            return fields;
        }
        self.check_overlap(own, union, alternatives, pointer);
        if let Some(other) = fields.iter().find(|f| f.rust_name == field_name) {
            self.error(
                Diagnostic::new(
                    Code::NameCollision,
                    &pointer.push("properties").push(&other.wire_name),
                    format!("the property `{}` and the flattened `{}` would both be the Rust field `{field_name}`", other.wire_name, union.keyword()),
                )
                .with_hint(format!("name the flattened field with `{ONE_OF_FIELD}`")),
            );
            return fields;
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
            Some(serde_json::Value::String(raw)) => {
                let name = naming::type_name(raw);
                if name.is_none() {
                    self.error(Diagnostic::new(
                        Code::UnrepresentableName,
                        &at,
                        format!(
                            "`{raw}` has no ASCII letter or digit to make a Rust type name from"
                        ),
                    ));
                }
                name
            }
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
        let (name, raw) = match schema.schema_data.extensions.get(ONE_OF_FIELD) {
            None => (naming::flattened_field(parent, enum_name), enum_name),
            Some(serde_json::Value::String(raw)) => (naming::snake(raw), raw.as_str()),
            Some(_) => {
                self.error(
                    Diagnostic::new(
                        Code::InvalidExtension,
                        &at,
                        format!("`{ONE_OF_FIELD}` must be a string"),
                    )
                    .with_hint("write the field's name, such as `agent`"),
                );
                return None;
            }
        };
        if name.is_none() {
            self.error(Diagnostic::new(
                Code::UnrepresentableName,
                &at,
                format!("`{raw}` has no ASCII letter or digit to make a Rust field name from"),
            ));
        }
        name
    }

    /// Defines the flattened enum `name`, or checks that an earlier schema
    /// with the same `x-one-of-name` has the same alternatives. Returns
    /// whether the type can be used.
    fn flattened_union(
        &mut self,
        name: &str,
        parent: &str,
        union: Union,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> bool {
        if let Some((previous, previous_at)) = self.flattened_unions.get(name) {
            if *previous == alternatives {
                return true;
            }
            let previous_at = previous_at.clone();
            self.error(
                Diagnostic::new(
                    Code::NameCollision,
                    &pointer.push(ONE_OF_NAME),
                    format!("`{name}` is also the flattened enum of {previous_at}, whose alternatives differ"),
                )
                .with_hint(format!("write the same alternatives in both places to share the type, or give this one another `{ONE_OF_NAME}`")),
            );
            return false;
        }
        let union_at = pointer.push(union.keyword());
        if !self.claim_type_name(name, &union_at) {
            return false;
        }
        self.flattened_unions
            .insert(name.to_owned(), (alternatives, pointer.clone()));
        let variants =
            self.union_variants(name, union, alternatives, pointer, Placement::Flattened);
        let description = format!(
            "The alternatives of the `{}` in [`{parent}`]: the chosen one's properties are written beside the struct's own.",
            union.keyword()
        );
        self.insert_type(TypeDef::OneOf(OneOfDef {
            name: name.to_owned(),
            description: Some(description),
            variants,
            pointer: union_at,
        }));
        true
    }

    /// Reports properties that both the parent and an inline alternative
    /// define: the flattened value would write the key twice.
    fn check_overlap(
        &mut self,
        own: ObjectShape<'a>,
        union: Union,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
    ) {
        for (index, alternative) in alternatives.iter().enumerate() {
            let ReferenceOr::Item(schema) = alternative else {
                continue;
            };
            let Some(object) = shape::object_part(schema) else {
                continue;
            };
            for wire_name in object.properties.keys() {
                if own.properties.contains_key(wire_name) {
                    let at = pointer
                        .push(union.keyword())
                        .push(index)
                        .push("properties")
                        .push(wire_name);
                    self.error(
                        Diagnostic::new(Code::OverlappingAlternativeProperty, &at, format!("`{wire_name}` is a property of the schema itself too; it would be written twice"))
                            .with_hint("define it either beside the `oneOf` or in its alternatives"),
                    );
                }
            }
        }
    }

    /// The variants of the enum `enum_name`, one per alternative, checked
    /// for names that collide.
    fn union_variants(
        &mut self,
        enum_name: &str,
        union: Union,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
        placement: Placement,
    ) -> Vec<OneOfVariant> {
        let mut variants: Vec<OneOfVariant> = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let at = pointer.push(union.keyword()).push(index);
            let Some(variant) = self.union_variant(enum_name, alternative, index, &at, placement)
            else {
                continue;
            };
            if let Some(other) = variants.iter().find(|v| v.rust_name == variant.rust_name) {
                let other = other.pointer.clone();
                self.error(
                    Diagnostic::new(
                        Code::NameCollision,
                        &at,
                        format!(
                            "this alternative and the one at {other} would both be the variant `{}`",
                            variant.rust_name
                        ),
                    )
                    .with_hint("give the inline alternative a distinct `title`"),
                );
                continue;
            }
            variants.push(variant);
        }
        self.check_variant_order(&variants);
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
        placement: Placement,
    ) -> Option<OneOfVariant> {
        let schema = match alternative {
            ReferenceOr::Reference { reference } => {
                return self.reference_variant(reference, alternative, at, placement)
            }
            ReferenceOr::Item(schema) => schema,
        };
        let title = match &schema.schema_data.title {
            Some(title) => Some(self.title_variant(title, at)?),
            None => None,
        };
        let description = schema.schema_data.description.clone();
        let object = shape::object_part(schema).filter(|object| {
            placement == Placement::Flattened || title.is_some() || !object.properties.is_empty()
        });
        let rust_name = title.unwrap_or_else(|| format!("Variant{index}"));
        if let Some(object) = object {
            let owner = format!("{enum_name}{rust_name}");
            let fields = self.collect_fields(&[PropertySource::new(&owner, object, at)]);
            return Some(OneOfVariant {
                rust_name,
                description,
                payload: VariantPayload::Struct(fields),
                pointer: at.clone(),
            });
        }
        if placement == Placement::Flattened {
            self.error(not_an_object(at, shape::describe(schema)));
            return None;
        }
        let ty = self.inline_type(schema, at, &format!("{enum_name}{rust_name}"));
        let rust_name = match (&schema.schema_data.title, &ty) {
            (Some(_), _) => rust_name,
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
        placement: Placement,
    ) -> Option<OneOfVariant> {
        let ty = self.schema_ref(reference, at);
        let TypeRef::Named(name) = &ty else {
            return None;
        };
        if placement == Placement::Flattened {
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

    /// The variant name a `title` gives.
    fn title_variant(&mut self, title: &str, at: &Pointer) -> Option<String> {
        let name = naming::variant(title);
        if name.is_none() {
            self.error(Diagnostic::new(
                Code::UnrepresentableName,
                &at.push("title"),
                format!(
                    "the title `{title}` has no ASCII letter or digit to make a Rust variant from"
                ),
            ));
        }
        name
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

/// Whether a referenced schema becomes a struct (so it can be flattened).
fn is_struct_like(schema: &Schema) -> bool {
    match shape::classify(schema) {
        shape::Shape::Object(_) | shape::Shape::ObjectWithUnion { .. } => true,
        shape::Shape::AllOf { own, parts } => {
            own.is_some() || shape::single_reference(parts).is_none()
        }
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
        TypeDef::Enum(_) => Vec::new(),
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

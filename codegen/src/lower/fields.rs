//! Struct fields from object properties, shared by plain objects, merged
//! `allOf` parts and the struct variants of `oneOf` / `anyOf` enums.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr};

use super::shape::ObjectShape;
use super::types::format_note;
use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Field, FieldKind, TypeRef};
use crate::naming;
use crate::pointer::Pointer;

/// The properties of one object schema that become fields.
pub(super) struct PropertySource<'a> {
    /// The type nested inline schemas are named after (`{owner}{Property}`):
    /// the struct itself, or the component an `allOf` part refers to, so a
    /// nested type gets the same name however it is reached.
    pub owner: String,
    /// The properties, `required` and `additionalProperties`.
    pub shape: ObjectShape<'a>,
    /// Where the object schema is.
    pub pointer: Pointer,
    /// Properties left out: those a `oneOf` alternative restates from the
    /// struct it is flattened into, which has the field already.
    pub skip: BTreeSet<String>,
}

impl<'a> PropertySource<'a> {
    /// The properties of `shape` at `pointer`, owned by `owner`.
    pub fn new(owner: &str, shape: ObjectShape<'a>, pointer: &Pointer) -> Self {
        Self {
            owner: owner.to_owned(),
            shape,
            pointer: pointer.clone(),
            skip: BTreeSet::new(),
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The fields of the properties of `sources`, in order. A property is
    /// required when any source lists it in `required`. A property defined
    /// by several sources keeps its first definition (a later one that
    /// differs is reported). Where `open` (a struct with no flattened enum),
    /// the first `additionalProperties` of the sources becomes the last
    /// field, a flattened map of every other property; elsewhere a warning
    /// says those are not kept.
    pub(super) fn collect_fields(
        &mut self,
        sources: &[PropertySource<'a>],
        open: bool,
    ) -> Vec<Field> {
        let required: BTreeSet<&str> = sources
            .iter()
            .flat_map(|s| s.shape.required.iter().map(String::as_str))
            .collect();
        self.check_required(sources);
        let mut fields: Vec<Field> = Vec::new();
        let mut names = naming::Namespace::default();
        let mut first_seen: BTreeMap<&str, (&'a ReferenceOr<Box<openapiv3::Schema>>, Pointer)> =
            BTreeMap::new();
        for source in sources {
            let shape = source.shape;
            for (wire_name, schema) in shape.properties {
                if source.skip.contains(wire_name) {
                    continue;
                }
                let at = source.pointer.push("properties").push(wire_name);
                if let Some((first, first_at)) = first_seen.get(wire_name.as_str()) {
                    if *first != schema {
                        self.error(Diagnostic::new(
                            Code::ConflictingProperty,
                            &at,
                            format!("`{wire_name}` is also defined at {first_at}, differently; the first definition is kept"),
                        ));
                    }
                    continue;
                }
                first_seen.insert(wire_name, (schema, at.clone()));
                let mut field = self.property_field(&source.owner, wire_name, schema, &at);
                let wanted = field.rust_name.clone();
                field.rust_name = names.claim(&wanted);
                if field.rust_name != wanted {
                    let other = fields
                        .iter()
                        .find(|f| f.rust_name == wanted)
                        .map_or_else(String::new, |f| f.wire_name.clone());
                    self.error(Diagnostic::new(
                        Code::Renamed,
                        &at,
                        format!(
                            "the property `{wire_name}` would be the Rust field `{wanted}`, like `{other}`; it is `{}`",
                            field.rust_name
                        ),
                    ));
                }
                field.required = required.contains(wire_name.as_str());
                fields.push(field);
            }
        }
        if let Some(field) = self.additional_field(sources, open, &mut names) {
            fields.push(field);
        }
        fields
    }

    /// The field of the first `additionalProperties` of the sources, a
    /// flattened map of every other property, where `open`; elsewhere a
    /// warning says those properties are not kept (unless it is `true`,
    /// which loses nothing).
    fn additional_field(
        &mut self,
        sources: &[PropertySource<'a>],
        open: bool,
        names: &mut naming::Namespace,
    ) -> Option<Field> {
        let additional = sources.iter().find_map(|source| {
            let at = source.pointer.push("additionalProperties");
            match source.shape.additional? {
                AdditionalProperties::Any(false) => None,
                AdditionalProperties::Any(true) => Some((None, source, at)),
                AdditionalProperties::Schema(schema) => Some((Some(schema), source, at)),
            }
        });
        let (schema, source, at) = additional?;
        if !open {
            // `additionalProperties: true` says what JSON Schema assumes
            // anyway: nothing worth a warning is lost.
            if schema.is_some() {
                self.error(Diagnostic::new(
                    Code::IgnoredAdditionalProperties,
                    &at,
                    "additional properties beside a flattened `oneOf` / `anyOf` or inside an alternative are not kept",
                ));
            }
            return None;
        }
        let value = match schema {
            Some(schema) => {
                let hint = format!("{}Value", source.owner);
                self.type_of(schema, &at, &hint)
            }
            None => TypeRef::Json,
        };
        let rust_name = names.claim("additional_properties");
        Some(Field {
            wire_name: rust_name.clone(),
            rust_name,
            ty: TypeRef::Map(Box::new(value)),
            required: true,
            description: Some(
                "Every property the schema does not name, by name (`additionalProperties`): decoded and sent again as they are.".to_owned(),
            ),
            format: None,
            constraints: None,
            kind: FieldKind::Additional,
        })
    }

    /// Reports names in a `required` list that no source defines.
    fn check_required(&mut self, sources: &[PropertySource<'a>]) {
        for source in sources {
            for name in source.shape.required {
                let defined = sources
                    .iter()
                    .any(|s| s.shape.properties.contains_key(name));
                if !defined {
                    self.error(Diagnostic::new(
                        Code::UndefinedRequiredProperty,
                        &source.pointer.push("required"),
                        format!("`{name}` is required but not among the properties; it is ignored"),
                    ));
                }
            }
        }
    }

    /// One property as a (not yet required) field, its nested inline types
    /// named `{owner}{Property}`.
    fn property_field(
        &mut self,
        owner: &str,
        wire_name: &str,
        schema: &'a ReferenceOr<Box<openapiv3::Schema>>,
        at: &Pointer,
    ) -> Field {
        let rust_name = naming::snake(wire_name);
        let hint = format!("{owner}{}", naming::type_name(wire_name));
        let ty = self.boxed_type_of(schema, at, &hint);
        let (description, format, constraints) = match schema {
            ReferenceOr::Item(s) => (
                s.schema_data.description.clone(),
                format_note(s),
                super::constraints::constraints(s),
            ),
            ReferenceOr::Reference { .. } => (None, None, None),
        };
        Field {
            wire_name: wire_name.to_owned(),
            rust_name,
            ty,
            required: false,
            description,
            format,
            constraints,
            kind: FieldKind::Property,
        }
    }
}

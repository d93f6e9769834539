//! `allOf`: the parts (inline objects and `$ref`s to objects, themselves
//! possibly `allOf`s) merged into one struct: properties in part order, the
//! schema's own properties last, `required` lists united.

use openapiv3::{ReferenceOr, Schema};

use super::fields::PropertySource;
use super::shape::{self, ObjectShape, Shape};
use super::types::MAX_DEPTH;
use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::Field;
use crate::pointer::Pointer;

impl<'a> Lowerer<'a> {
    /// The fields of the struct `name` merged from `parts` and `own`, the
    /// `allOf` schema at `pointer`; `open` as for
    /// [`Lowerer::collect_fields`].
    pub(super) fn merge_all_of(
        &mut self,
        name: &str,
        parts: &'a [ReferenceOr<Schema>],
        own: Option<ObjectShape<'a>>,
        pointer: &Pointer,
        open: bool,
    ) -> Vec<Field> {
        let mut sources = Vec::new();
        let mut visiting = vec![pointer.clone()];
        self.collect_parts(name, parts, pointer, &mut visiting, &mut sources);
        if let Some(own) = own {
            sources.push(PropertySource::new(name, own, pointer));
        }
        self.collect_fields(&sources, open)
    }

    /// Adds the property sources of every part of the `allOf` at `pointer`.
    /// `visiting` holds the schemas being merged, to catch cycles.
    fn collect_parts(
        &mut self,
        owner: &str,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
        visiting: &mut Vec<Pointer>,
        sources: &mut Vec<PropertySource<'a>>,
    ) {
        for (index, part) in parts.iter().enumerate() {
            let at = pointer.push("allOf").push(index);
            match part {
                ReferenceOr::Reference { .. } => {
                    let Some((schema, target)) = self.resolve(part, &at, "schemas", |c| &c.schemas)
                    else {
                        continue;
                    };
                    if visiting.contains(&target) {
                        self.error(Diagnostic::new(
                            Code::AllOfCycle,
                            &at.push("$ref"),
                            format!("this `allOf` includes {target}, which includes it again"),
                        ));
                        continue;
                    }
                    let part_owner = self.owner_of(&target).unwrap_or_else(|| owner.to_owned());
                    self.collect_part(&part_owner, schema, &target, visiting, sources);
                }
                ReferenceOr::Item(schema) => {
                    self.collect_part(owner, schema, &at, visiting, sources);
                }
            }
        }
    }

    /// Adds the property sources of one resolved part at `pointer`: an
    /// object, or an `allOf` whose parts are added in turn.
    fn collect_part(
        &mut self,
        owner: &str,
        schema: &'a Schema,
        pointer: &Pointer,
        visiting: &mut Vec<Pointer>,
        sources: &mut Vec<PropertySource<'a>>,
    ) {
        if visiting.len() >= MAX_DEPTH {
            self.error(Diagnostic::new(
                Code::SchemaTooDeep,
                pointer,
                format!("`allOf` parts nest more than {MAX_DEPTH} levels deep here"),
            ));
            return;
        }
        if let Shape::AllOf { parts, own } = shape::classify(schema) {
            visiting.push(pointer.clone());
            self.collect_parts(owner, parts, pointer, visiting, sources);
            visiting.pop();
            if let Some(own) = own {
                sources.push(PropertySource::new(owner, own, pointer));
            }
            return;
        }
        match shape::object_part(schema) {
            Some(object) => sources.push(PropertySource::new(owner, object, pointer)),
            None => self.error(
                Diagnostic::new(
                    Code::AllOfPartNotObject,
                    pointer,
                    format!(
                        "an `allOf` part must be an object to be merged, this one is {}; the struct is made of the other parts",
                        shape::describe(schema)
                    ),
                )
                .with_hint("merge only object schemas; use `oneOf` for a choice of types"),
            ),
        }
    }

    /// The Rust name of the component schema at `pointer`
    /// (`#/components/schemas/{key}`), when it has one.
    fn owner_of(&self, pointer: &Pointer) -> Option<String> {
        match pointer.tokens() {
            [components, schemas, key] if components == "components" && schemas == "schemas" => {
                self.component_names.get(key).cloned()
            }
            _ => None,
        }
    }
}

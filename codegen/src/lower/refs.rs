//! Resolving `$ref`s to components (`parameters`, `requestBodies`,
//! `responses`, `schemas`), with dangling, external and cyclic references
//! reported at the place they are written.

use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr};

use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

/// How many `$ref` hops a chain may take before it is called cyclic.
const MAX_REF_HOPS: usize = 32;

/// The component map of one section, e.g. `components.parameters`.
pub(super) type Section<'a, T> = fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>;

impl<'a> Lowerer<'a> {
    /// Follows `item` to the object it names, through any chain of references.
    /// Returns the object and its pointer, or `None` after reporting why not.
    pub(super) fn resolve<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        pointer: &Pointer,
        section: &'static str,
        lookup: Section<'a, T>,
    ) -> Option<(&'a T, Pointer)> {
        let mut current = item;
        let mut current_pointer = pointer.clone();
        for _ in 0..MAX_REF_HOPS {
            match current {
                ReferenceOr::Item(object) => return Some((object, current_pointer)),
                ReferenceOr::Reference { reference } => {
                    let name = self.component_name(reference, &current_pointer, section)?;
                    let found = self
                        .spec
                        .components
                        .as_ref()
                        .and_then(|c| lookup(c).get(name));
                    let Some(next) = found else {
                        self.dangling(reference, &current_pointer.push("$ref"), section, name);
                        return None;
                    };
                    current = next;
                    current_pointer = Pointer::root().push("components").push(section).push(name);
                }
            }
        }
        self.error(Diagnostic::new(
            Code::ReferenceCycle,
            &pointer.push("$ref"),
            format!("the references starting here form a cycle (more than {MAX_REF_HOPS} hops)"),
        ));
        None
    }

    /// Checks that `reference` is `#/components/{section}/{name}` and returns
    /// the name.
    pub(super) fn component_name<'r>(
        &mut self,
        reference: &'r str,
        pointer: &Pointer,
        section: &str,
    ) -> Option<&'r str> {
        let at = pointer.push("$ref");
        if !reference.starts_with('#') {
            self.error(
                Diagnostic::new(
                    Code::ExternalReference,
                    &at,
                    format!("external reference `{reference}` is not supported"),
                )
                .with_hint("bundle the referenced document into this one"),
            );
            return None;
        }
        let prefix = format!("#/components/{section}/");
        match reference.strip_prefix(&prefix) {
            Some(name) if !name.is_empty() && !name.contains('/') => Some(name),
            _ => {
                self.error(Diagnostic::new(
                    Code::UnexpectedReferenceTarget,
                    &at,
                    format!("reference `{reference}` does not name a component under #/components/{section}"),
                ));
                None
            }
        }
    }
}

//! Which fields must be boxed: a type that contains itself by value (directly,
//! or through other types, `Option` included) has no finite size, so every
//! field or variant on such a cycle holds its value in a `Box`. `Vec` and
//! maps already live on the heap and break the cycle.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, FieldKind, TypeDef, TypeRef, VariantPayload};

/// The types each type contains by value, and what that makes reachable.
pub struct Containment {
    reach: BTreeMap<String, BTreeSet<String>>,
}

impl Containment {
    /// Computes, for every type of `api`, the types it contains by value,
    /// transitively.
    pub fn of(api: &Api) -> Self {
        let direct: BTreeMap<&str, Vec<&str>> = api
            .types
            .iter()
            .map(|(name, def)| (name.as_str(), direct_contents(def)))
            .collect();
        let mut reach = BTreeMap::new();
        for name in direct.keys() {
            let mut seen: BTreeSet<String> = BTreeSet::new();
            let mut pending: Vec<&str> = direct.get(name).cloned().unwrap_or_default();
            while let Some(next) = pending.pop() {
                if seen.insert(next.to_owned()) {
                    pending.extend(direct.get(next).into_iter().flatten().copied());
                }
            }
            reach.insert((*name).to_owned(), seen);
        }
        Self { reach }
    }

    /// Whether a field or variant of type `ty` in the type `owner` closes a
    /// cycle and must hold its value in a `Box`.
    pub fn needs_box(&self, owner: &str, ty: &TypeRef) -> bool {
        match by_value(ty) {
            Some(target) => {
                target == owner || self.reach.get(target).is_some_and(|r| r.contains(owner))
            }
            None => false,
        }
    }
}

/// The named type `ty` holds by value: `T` or `Option<T>`.
fn by_value(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => by_value(inner),
        _ => None,
    }
}

/// The named types a definition holds by value.
fn direct_contents(def: &TypeDef) -> Vec<&str> {
    match def {
        TypeDef::Struct(def) => def
            .fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Property | FieldKind::Flatten))
            .filter_map(|f| by_value(&f.ty))
            .collect(),
        TypeDef::OneOf(def) => def
            .variants
            .iter()
            .flat_map(|variant| match &variant.payload {
                VariantPayload::Newtype(ty) => by_value(ty).into_iter().collect::<Vec<_>>(),
                VariantPayload::Struct(fields) => {
                    fields.iter().filter_map(|f| by_value(&f.ty)).collect()
                }
            })
            .collect(),
        TypeDef::Alias(def) => by_value(&def.target).into_iter().collect(),
        TypeDef::Enum(_) | TypeDef::Null(_) => Vec::new(),
    }
}

//! Which side of a call each named type is on: built by callers (request
//! bodies and parameters), read by callers (success and error bodies), or
//! both. Whether a change breaks callers often depends on it.

use std::collections::{BTreeMap, BTreeSet};

use codegen::ir::{Api, TypeDef, TypeRef, VariantPayload};

/// How callers of the generated crate use a type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Usage {
    /// Callers build it: it is (part of) a request body or a parameter.
    pub request: bool,
    /// Callers read it: it is (part of) a response body.
    pub response: bool,
}

impl Usage {
    /// The union of two usages.
    pub fn or(self, other: Self) -> Self {
        Self {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    /// Whether callers may build values of the type. A type that no
    /// operation uses is still public, so it counts as built.
    pub fn built_by_callers(self) -> bool {
        self.request || !self.response
    }
}

/// The usage of every named type reachable from an operation of `api`.
/// Types no operation reaches are absent.
pub(crate) fn usages(api: &Api) -> BTreeMap<String, Usage> {
    let mut requests = BTreeSet::new();
    let mut responses = BTreeSet::new();
    for operation in &api.operations {
        for param in &operation.params {
            reach(api, &param.ty, &mut requests);
        }
        if let Some(body) = &operation.body {
            reach(api, &body.ty, &mut requests);
        }
        if let Some(ty) = &operation.success.ty {
            reach(api, ty, &mut responses);
        }
        for error in &operation.errors {
            if let Some(ty) = &error.ty {
                reach(api, ty, &mut responses);
            }
        }
    }
    if let Some(name) = &api.error_type {
        reach(api, &TypeRef::Named(name.clone()), &mut responses);
    }
    let mut out: BTreeMap<String, Usage> = BTreeMap::new();
    for name in requests {
        out.entry(name).or_default().request = true;
    }
    for name in responses {
        out.entry(name).or_default().response = true;
    }
    out
}

/// Adds every named type `ty` mentions, directly or through fields and
/// alias targets, to `seen`.
fn reach(api: &Api, ty: &TypeRef, seen: &mut BTreeSet<String>) {
    let mut pending = vec![ty];
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                match api.types.get(name) {
                    Some(TypeDef::Struct(def)) => pending.extend(def.fields.iter().map(|f| &f.ty)),
                    Some(TypeDef::Alias(def)) => pending.push(&def.target),
                    Some(TypeDef::OneOf(def)) => {
                        for variant in &def.variants {
                            match &variant.payload {
                                VariantPayload::Newtype(ty) => pending.push(ty),
                                VariantPayload::Struct(fields) => {
                                    pending.extend(fields.iter().map(|f| &f.ty))
                                }
                            }
                        }
                    }
                    Some(TypeDef::Enum(_) | TypeDef::Null(_)) | None => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                pending.push(inner);
            }
            _ => {}
        }
    }
}

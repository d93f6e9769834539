//! Groups of operations, each a cargo feature of the generated crate: an
//! operation's group is its `x-group` (a string), else its first tag; an
//! operation with neither is in no group and always compiled. A type is
//! compiled by the features of the groups whose operations reach it
//! (through fields, variants and aliases), and always when an operation
//! of no group, a webhook, an error response, the echo marker or an always
//! compiled type reaches it, or no group does. A spec of one group has no
//! group features. The rules are in docs/generator.md ("Features by
//! group").

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Api, Group, Operation, TypeDef, TypeRef, VariantPayload};
use crate::pointer::Pointer;

/// The operation extension that names an operation's group, over its tags.
const GROUP: &str = "x-group";

/// The feature that turns every group on; the default has it.
pub(crate) const ALL_GROUPS: &str = "all-groups";

/// The modules `operations.rs` has beside the groups' (and the path
/// keywords a module cannot be named).
const TAKEN_MODULES: &[&str] = &[
    "builder",
    "bytes",
    "core",
    "crate",
    "futures_util",
    "groups",
    "mock_answers",
    "operation",
    "reqwest",
    "self",
    "serde",
    "serde_json",
    "std",
    "super",
    "tokio",
    "types",
];

/// The names a group's feature never takes: the features every crate with
/// operations has (`codegen/src/emit/manifest.rs` writes them), the
/// dependencies (an optional one is a feature name too) and `default`.
/// A test of `manifest.rs` holds the list to the manifest.
pub(crate) const TAKEN_FEATURES: &[&str] = &[
    ALL_GROUPS,
    "bytes",
    "chrono",
    "default",
    "futures-core",
    "futures-util",
    "hmac",
    "http2",
    "httpdate",
    "native-tls",
    "percent-encoding",
    "reqwest",
    "rustls",
    "rustls-aws-lc",
    "rustls-platform-verifier",
    "rustls-ring",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "sha2",
    "subtle",
    "test-util",
    "tokio",
    "tracing",
];

impl Lowerer<'_> {
    /// The group of `operation` as the spec writes it: its `x-group`, else
    /// its first tag; `None` for neither (an `x-group` that is not a
    /// non-empty string is reported and ignored).
    pub(super) fn group_name(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &Pointer,
    ) -> Option<String> {
        if let Some(value) = operation.extensions.get(GROUP) {
            match value.as_str().map(str::trim) {
                Some(name) if !name.is_empty() => return Some(name.to_owned()),
                _ => self.error(
                    Diagnostic::new(
                        Code::IgnoredExtension,
                        &pointer.push(GROUP),
                        "`x-group` must be a non-empty string, the name of the operation's group; it is ignored",
                    )
                    .with_hint("write `x-group: Name`, or remove it to group the operation by its first tag"),
                ),
            }
        }
        operation.tags.first().cloned()
    }
}

/// Gives each group of `api`'s operations its feature (each operation's
/// [`Operation::group`] holds the group's name on the way in and its
/// feature on the way out), and each type the features that compile it.
pub(super) fn assign(api: &mut Api, describe: impl Fn(&str) -> Option<String>) {
    let mut features: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = TAKEN_FEATURES.iter().map(|s| (*s).to_owned()).collect();
    let mut modules = crate::naming::Namespace::with_reserved(TAKEN_MODULES.iter().copied());
    for operation in &mut api.operations {
        let Some(name) = operation.group.take() else {
            continue;
        };
        let feature = match features.get(&name) {
            Some(feature) => feature.clone(),
            None => {
                let feature = claim(&mut taken, &feature_name(&name));
                features.insert(name.clone(), feature.clone());
                api.groups.push(Group {
                    description: describe(&name),
                    name,
                    module: modules.claim(&crate::naming::snake(&feature)),
                    feature: feature.clone(),
                });
                feature
            }
        };
        operation.group = Some(feature);
    }
    if api.groups.len() < 2 {
        // One group is the whole API (ours, Brevo Conversations, has one
        // tag): its feature would select nothing, and a crate built with
        // `default-features = false` would lose every operation.
        api.groups.clear();
        for operation in &mut api.operations {
            operation.group = None;
        }
        return;
    }
    let mut always: Vec<&str> = Vec::new();
    let mut by_group: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for operation in &api.operations {
        for response in &operation.errors {
            named(response.ty.as_ref(), &mut always);
        }
        let roots = match &operation.group {
            Some(feature) => by_group.entry(feature.as_str()).or_default(),
            None => &mut always,
        };
        uses(operation, roots);
    }
    for webhook in &api.webhooks {
        named(Some(&webhook.payload), &mut always);
    }
    if let Some(marker) = &api.echo_marker {
        always.extend(marker.holders.iter().map(|(holder, _)| holder.as_str()));
    }
    always.extend(api.error_type.as_deref());
    let by_group: Vec<(&str, BTreeSet<&str>)> = by_group
        .into_iter()
        .map(|(feature, roots)| (feature, reach(&api.types, roots)))
        .collect();
    // A type no group reaches is always compiled, and so is all it reaches.
    always.extend(
        api.types
            .keys()
            .map(String::as_str)
            .filter(|name| !by_group.iter().any(|(_, reached)| reached.contains(name))),
    );
    let always = reach(&api.types, always);
    let mut type_groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (feature, reached) in by_group {
        for name in reached {
            if !always.contains(name) {
                type_groups
                    .entry(name.to_owned())
                    .or_default()
                    .push(feature.to_owned());
            }
        }
    }
    api.type_groups = type_groups;
}

/// The feature name of a group: its words in lower case joined by `-`,
/// ASCII letters and digits only (`Email Campaigns` is `email-campaigns`).
pub(crate) fn feature_name(group: &str) -> String {
    let kebab = heck::ToKebabCase::to_kebab_case(group);
    let words: Vec<String> = kebab
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "group".to_owned()
    } else {
        words.join("-")
    }
}

/// `name`, or `name-2`, `name-3`, ... when it is taken.
fn claim(taken: &mut BTreeSet<String>, name: &str) -> String {
    let mut given = name.to_owned();
    let mut n = 2;
    while taken.contains(&given) {
        given = format!("{name}-{n}");
        n += 1;
    }
    taken.insert(given.clone());
    given
}

/// The named types `operation` uses directly but in its error responses.
fn uses<'a>(operation: &'a Operation, out: &mut Vec<&'a str>) {
    for param in &operation.params {
        named(Some(&param.ty), out);
    }
    named(operation.body.as_ref().map(|body| &body.ty), out);
    named(operation.success.ty.as_ref(), out);
    named(operation.streaming.as_ref().map(|s| &s.item), out);
    named(operation.pagination.as_ref().map(|p| &p.item), out);
}

/// The named types `ty` spells.
fn named<'a>(ty: Option<&'a TypeRef>, out: &mut Vec<&'a str>) {
    match ty {
        Some(TypeRef::Named(name)) => out.push(name),
        Some(TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner)) => {
            named(Some(inner), out)
        }
        _ => {}
    }
}

/// The types `roots` reach, themselves included.
fn reach<'a>(types: &'a BTreeMap<String, TypeDef>, roots: Vec<&'a str>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut pending = roots;
    while let Some(name) = pending.pop() {
        let Some((name, def)) = types.get_key_value(name) else {
            continue;
        };
        if !seen.insert(name.as_str()) {
            continue;
        }
        match def {
            TypeDef::Struct(def) => {
                for field in &def.fields {
                    named(Some(&field.ty), &mut pending);
                }
            }
            TypeDef::Alias(def) => named(Some(&def.target), &mut pending),
            TypeDef::OneOf(def) => {
                for variant in &def.variants {
                    match &variant.payload {
                        VariantPayload::Newtype(ty) => named(Some(ty), &mut pending),
                        VariantPayload::Struct(fields) => {
                            for field in fields {
                                named(Some(&field.ty), &mut pending);
                            }
                        }
                    }
                }
            }
            TypeDef::Enum(_) | TypeDef::Null(_) => {}
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_are_kebab_case_ascii() {
        assert_eq!(feature_name("Email Campaigns"), "email-campaigns");
        assert_eq!(feature_name("SMS_campaigns"), "sms-campaigns");
        assert_eq!(feature_name("accountAPI"), "account-api");
        assert_eq!(feature_name("Übersicht & Co."), "bersicht-co");
        assert_eq!(feature_name("!!"), "group");
    }

    #[test]
    fn taken_names_get_a_suffix() {
        let mut taken: BTreeSet<String> = TAKEN_FEATURES.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(claim(&mut taken, "test-util"), "test-util-2");
        assert_eq!(claim(&mut taken, "test-util"), "test-util-3");
        assert_eq!(claim(&mut taken, "default"), "default-2");
        assert_eq!(claim(&mut taken, "issues"), "issues");
    }
}

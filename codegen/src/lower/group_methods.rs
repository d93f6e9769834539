//! Methods by group: where a crate has group features and counts as large
//! (more than [`LARGE_API`] operations, or the root extension
//! `x-group-methods: true`), an operation of a group is a method of its
//! group's handle (`client.issues().list_for_repo(..)`), not of `Client`.
//! This module decides whether, names each group's accessor and handle,
//! and names each method inside its group. The rules are in
//! docs/generator.md ("Methods by group") and docs/naming.md.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Api, GroupMethod};
use crate::naming::{self, Namespace};
use crate::pointer::Pointer;

/// An API with more operations than this counts as large: its operations
/// of a group are methods of the group's handle.
pub const LARGE_API: usize = 100;

/// The root extension that chooses methods by group (`true`) or flat
/// methods (`false`) over the count.
const GROUP_METHODS: &str = "x-group-methods";

/// The names a handle's method never takes: the methods every handle has
/// by its derives (`Clone`, `Copy`, `Debug`), and `new`, which clippy
/// expects to return `Self` (`new_ret_no_self`).
const HANDLE_METHODS: &[&str] = &["clone", "clone_from", "fmt", "new"];

impl Lowerer<'_> {
    /// The root's `x-group-methods`, when it is a boolean (anything else
    /// is reported and ignored).
    pub(super) fn group_methods_override(&mut self) -> Option<bool> {
        let value = self.spec.extensions.get(GROUP_METHODS)?;
        if let Some(wanted) = value.as_bool() {
            return Some(wanted);
        }
        self.error(
            Diagnostic::new(
                Code::IgnoredExtension,
                &Pointer::root().push(GROUP_METHODS),
                "`x-group-methods` must be true or false; it is ignored",
            )
            .with_hint(format!(
                "write `x-group-methods: true` for methods by group, `false` for methods of `Client`, or remove it to decide by the count of operations (more than {LARGE_API})"
            )),
        );
        None
    }
}

/// Whether `api` (its groups assigned) has methods by group: it has
/// groups, and `wanted` (the root's `x-group-methods`) says so, or, without
/// it, it has more than [`LARGE_API`] operations.
pub(super) fn by_group(api: &Api, wanted: Option<bool>) -> bool {
    !api.groups.is_empty() && wanted.unwrap_or(api.operations.len() > LARGE_API)
}

/// Gives every operation of a group its [`GroupMethod`] when `api` has
/// methods by group ([`by_group`]).
pub(super) fn assign(api: &mut Api, wanted: Option<bool>) {
    if !by_group(api, wanted) {
        return;
    }
    // An accessor never takes a name `Client` has: its own methods, the
    // methods of the operations of no group and their heartbeat starters.
    let mut flat: Vec<String> = Vec::new();
    for op in api.operations.iter().filter(|op| op.group.is_none()) {
        flat.push(op.method_name.clone());
        if let Some(heartbeat) = &op.heartbeat {
            flat.extend(heartbeat_names(&heartbeat.method_name));
        }
    }
    let mut accessors = Namespace::with_reserved(
        crate::runtime::CLIENT_METHODS
            .iter()
            .copied()
            .chain(flat.iter().map(String::as_str)),
    );
    let mut handles = Namespace::default();
    let mut by_feature: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    for group in &api.groups {
        let accessor = accessors.claim(&group.module);
        let handle = handles.claim(&handle_name(&accessor));
        by_feature.insert(
            group.feature.clone(),
            (group.module.clone(), accessor, handle),
        );
    }
    // Each group's operations, by index, in one pass over the operations.
    let mut members_of: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        if let Some(feature) = &op.group {
            members_of.entry(feature.clone()).or_default().push(i);
        }
    }
    for (feature, (module, accessor, handle)) in &by_feature {
        let members = members_of.remove(feature).unwrap_or_default();
        let flat_names: Vec<&str> = members
            .iter()
            .map(|&i| api.operations[i].method_name.as_str())
            .collect();
        let heartbeats: Vec<String> = members
            .iter()
            .filter_map(|&i| api.operations[i].heartbeat.as_ref())
            .flat_map(|heartbeat| heartbeat_names(&heartbeat.method_name))
            .collect();
        let names = method_names(module, &flat_names, &heartbeats);
        for (&i, name) in members.iter().zip(names) {
            api.operations[i].group_method = Some(GroupMethod {
                accessor: accessor.clone(),
                handle: handle.clone(),
                name,
            });
        }
    }
}

/// The handle type of the group whose accessor is `accessor`
/// (`issues` -> `IssuesOperations`).
pub(crate) fn handle_name(accessor: &str) -> String {
    // A keyword's escape (`Self_`) is not needed before `Operations`.
    let group = naming::type_name(accessor.trim_end_matches('_'));
    format!("{}Operations", group.trim_end_matches('_'))
}

/// A heartbeat starter's two methods (`keep_alive`, `keep_alive_with`).
fn heartbeat_names(starter: &str) -> [String; 2] {
    [starter.to_owned(), format!("{starter}_with")]
}

/// The names of the methods of one group's handle, in the order of
/// `flat` (the operations' `Client` method names): each flat name with
/// `module` stripped where it is the leading word, unless what is left is
/// no method name (empty, a keyword, not starting with a letter, a method
/// every handle has) or a name another method of the group has or would
/// have (`others`: the group's heartbeat starters); then the flat name.
pub(crate) fn method_names(module: &str, flat: &[&str], others: &[String]) -> Vec<String> {
    // Stripping one prefix from distinct names leaves distinct names: a
    // short name can only be taken by a flat name or a starter.
    let taken: BTreeSet<&str> = flat
        .iter()
        .copied()
        .chain(others.iter().map(String::as_str))
        .collect();
    flat.iter()
        .map(|name| match stripped(module, name) {
            Some(short) if !taken.contains(short) => short.to_owned(),
            _ => (*name).to_owned(),
        })
        .collect()
}

/// `name` without `module` as its leading word, when what is left is a
/// method name of its own.
fn stripped<'n>(module: &str, name: &'n str) -> Option<&'n str> {
    let rest = name.strip_prefix(module)?.strip_prefix('_')?;
    let own = rest.starts_with(|c: char| c.is_ascii_lowercase())
        && naming::snake(rest) == rest
        && !HANDLE_METHODS.contains(&rest);
    own.then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(module: &str, flat: &[&str]) -> Vec<String> {
        method_names(module, flat, &[])
    }

    #[test]
    fn the_group_prefix_is_stripped() {
        assert_eq!(
            names(
                "issues",
                &["issues_list_for_repo", "issues_get", "list_labels"]
            ),
            ["list_for_repo", "get", "list_labels"]
        );
        // A leading word only: `issuesx_get` is not in `issues`.
        assert_eq!(names("issues", &["issuesx_get"]), ["issuesx_get"]);
        assert_eq!(
            names("email_campaigns", &["email_campaigns_send"]),
            ["send"]
        );
    }

    #[test]
    fn the_flat_name_is_kept_when_the_short_one_is_no_method_name() {
        // Nothing left, a keyword, a digit first, a method of every handle.
        assert_eq!(
            names(
                "issues",
                &[
                    "issues",
                    "issues_type",
                    "issues_2fa",
                    "issues_clone",
                    "issues_new"
                ]
            ),
            [
                "issues",
                "issues_type",
                "issues_2fa",
                "issues_clone",
                "issues_new"
            ]
        );
    }

    #[test]
    fn the_flat_name_is_kept_when_the_short_one_is_taken() {
        // Another method's flat name.
        assert_eq!(
            names("issues", &["issues_list", "list"]),
            ["issues_list", "list"]
        );
        assert_eq!(
            names("issues", &["list", "issues_list"]),
            ["list", "issues_list"]
        );
        // A heartbeat starter of the group.
        assert_eq!(
            method_names("chat", &["chat_keep"], &heartbeat_names("keep")),
            ["chat_keep"]
        );
    }

    /// docs/generator.md says when a spec counts as large with this
    /// module's number.
    #[test]
    fn the_docs_say_the_limit() {
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/generator.md"),
        )
        .expect("docs/generator.md");
        let said = format!("more than {LARGE_API} operations");
        assert!(
            docs.contains(&said),
            "docs/generator.md does not say {said:?}"
        );
    }

    #[test]
    fn handles_are_named_by_their_accessor() {
        assert_eq!(handle_name("issues"), "IssuesOperations");
        assert_eq!(handle_name("email_campaigns"), "EmailCampaignsOperations");
        assert_eq!(handle_name("type_"), "TypeOperations");
        assert_eq!(handle_name("self_"), "SelfOperations");
    }
}

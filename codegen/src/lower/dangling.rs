//! Dangling `$ref`s: one error per reference however often it is used,
//! with the number of uses and, when a component of a close name exists,
//! the reference that was probably meant.

use std::collections::BTreeMap;

use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

/// The dangling references found so far, by reference text.
#[derive(Debug, Default)]
pub(super) struct DanglingRefs {
    /// Reference -> (index of its diagnostic, how many places use it).
    seen: BTreeMap<String, (usize, usize)>,
}

impl<'a> Lowerer<'a> {
    /// Reports `reference` (to `#/components/{section}/{name}`, which does
    /// not exist) written at `at`: an error the first time, a use counted
    /// in that error afterwards.
    pub(super) fn dangling(&mut self, reference: &str, at: &Pointer, section: &str, name: &str) {
        if let Some((_, uses)) = self.dangling.seen.get_mut(reference) {
            *uses += 1;
            return;
        }
        let existing: Vec<&str> = self
            .spec
            .components
            .as_ref()
            .map(|c| component_keys(c, section))
            .unwrap_or_default();
        let hint = match closest(name, &existing) {
            Some(close) => format!(
                "did you mean `{}`? Otherwise define `{name}` under #/components/{section}",
                Pointer::root().push("components").push(section).push(close)
            ),
            None => format!("define `{name}` under #/components/{section} or fix the reference"),
        };
        let kind = match section {
            "requestBodies" => "request body",
            "securitySchemes" => "security scheme",
            other => other.strip_suffix('s').unwrap_or(other),
        };
        let index = self.diagnostics.len();
        self.error(
            Diagnostic::new(
                Code::DanglingReference,
                at,
                format!("dangling reference `{reference}`: there is no {kind} `{name}`"),
            )
            .with_hint(hint),
        );
        self.dangling.seen.insert(reference.to_owned(), (index, 1));
    }

    /// Adds the number of uses to the error of each dangling reference used
    /// in more than one place.
    pub(super) fn count_dangling_uses(&mut self) {
        for (index, uses) in std::mem::take(&mut self.dangling.seen).into_values() {
            if uses > 1 {
                if let Some(diagnostic) = self.diagnostics.get_mut(index) {
                    diagnostic
                        .message
                        .push_str(&format!(" (used in {uses} places; this is the first)"));
                }
            }
        }
    }
}

/// The keys of one section of the components.
fn component_keys<'c>(components: &'c openapiv3::Components, section: &str) -> Vec<&'c str> {
    fn keys<T>(map: &indexmap::IndexMap<String, T>) -> Vec<&str> {
        map.keys().map(String::as_str).collect()
    }
    match section {
        "schemas" => keys(&components.schemas),
        "parameters" => keys(&components.parameters),
        "requestBodies" => keys(&components.request_bodies),
        "responses" => keys(&components.responses),
        "headers" => keys(&components.headers),
        "securitySchemes" => keys(&components.security_schemes),
        "examples" => keys(&components.examples),
        "links" => keys(&components.links),
        "callbacks" => keys(&components.callbacks),
        _ => Vec::new(),
    }
}

/// The name among `candidates` closest to `name`: the same but for case,
/// or within a third of its length in edits (at least 1, at most 3; a
/// swap of two neighbours is one edit).
fn closest<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if let Some(same) = candidates.iter().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|c| (strsim::osa_distance(name, c), *c))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn the_closest_name_is_suggested_and_a_distant_one_is_not() {
        let names = ["ErrorModel", "ConversationsMessage", "Pet"];
        assert_eq!(closest("ErorModel", &names), Some("ErrorModel"));
        assert_eq!(closest("Pte", &names), Some("Pet"));
        assert_eq!(closest("errormodel", &names), Some("ErrorModel"));
        assert_eq!(
            closest("ConversationMessage", &names),
            Some("ConversationsMessage")
        );
        assert_eq!(closest("Pets", &names), Some("Pet"));
        assert_eq!(closest("Visitor", &names), None);
        assert_eq!(closest("X", &["Y"]), Some("Y"));
        assert_eq!(closest("X", &[]), None);
    }
}

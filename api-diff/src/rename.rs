//! Which removed field an added one replaces: a rename, reported as one
//! instead of a removal and an addition.
//!
//! A removed and an added field of the same type are a pair when it is
//! convincing: their names share most of their words or letters
//! (`previewUrl` -> `previewLink`, `filename` -> `name`), or, for names far
//! apart (`url` -> `link`), their descriptions say the same thing. Pairs are
//! taken best first, each field in one pair at most; the rest stay removed
//! and added.

use std::collections::{BTreeMap, BTreeSet};

use codegen::ir::Field;

/// How alike two names must be to pair on names alone (0 to 1).
const NAME_THRESHOLD: f64 = 0.5;

/// How alike two descriptions must be to pair names that are not alike.
const DESCRIPTION_THRESHOLD: f64 = 0.6;

/// Words that say little about what a field is.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "in", "is", "it", "its",
    "of", "on", "or", "the", "this", "to", "when", "where", "which", "with",
];

/// The renames among `removed` and `added` fields, by the removed field's
/// wire name.
pub(crate) fn pair_fields<'a>(
    removed: &[&'a Field],
    added: &[&'a Field],
) -> BTreeMap<&'a str, &'a Field> {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, old) in removed.iter().enumerate() {
        for (j, new) in added.iter().enumerate() {
            if old.ty != new.ty || old.kind != new.kind {
                continue;
            }
            let names = name_similarity(&old.wire_name, &new.wire_name);
            let descriptions = match (&old.description, &new.description) {
                (Some(a), Some(b)) => text_similarity(a, b),
                _ => 0.0,
            };
            if names >= NAME_THRESHOLD || descriptions >= DESCRIPTION_THRESHOLD {
                candidates.push((names + descriptions, i, j));
            }
        }
    }
    // Best first; ties in document order, so the result never depends on
    // anything but the two specs.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut taken_old = BTreeSet::new();
    let mut taken_new = BTreeSet::new();
    let mut pairs = BTreeMap::new();
    for (_, i, j) in candidates {
        if taken_old.contains(&i) || taken_new.contains(&j) {
            continue;
        }
        taken_old.insert(i);
        taken_new.insert(j);
        if let (Some(old), Some(new)) = (removed.get(i), added.get(j)) {
            pairs.insert(old.wire_name.as_str(), *new);
        }
    }
    pairs
}

/// The lower-case words of a wire name: `previewUrl`, `preview_url` and
/// `preview-url` are `preview`, `url`.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// How alike two names are: the larger of the share of words they have in
/// common and the share of letters an edit leaves unchanged.
fn name_similarity(a: &str, b: &str) -> f64 {
    let (a_words, b_words) = (words(a), words(b));
    let joined = |words: &[String]| words.concat();
    let letters = 1.0
        - levenshtein(&joined(&a_words), &joined(&b_words)) as f64
            / joined(&a_words).len().max(joined(&b_words).len()).max(1) as f64;
    jaccard(&a_words, &b_words).max(letters)
}

/// How alike two descriptions are: the share of their meaningful words
/// they have in common.
fn text_similarity(a: &str, b: &str) -> f64 {
    let meaningful = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|word| !word.is_empty() && !STOP_WORDS.contains(&word.as_str()))
            .collect()
    };
    jaccard(&meaningful(a), &meaningful(b))
}

/// |A ∩ B| / |A ∪ B| of two word lists taken as sets; 0 when both are empty.
fn jaccard(a: &[String], b: &[String]) -> f64 {
    let a: BTreeSet<&String> = a.iter().collect();
    let b: BTreeSet<&String> = b.iter().collect();
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// The edit distance between two strings, in characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::ir::{FieldKind, TypeRef};

    fn field(wire: &str, description: &str) -> Field {
        Field {
            wire_name: wire.to_owned(),
            rust_name: wire.to_owned(),
            ty: TypeRef::String,
            required: false,
            description: Some(description.to_owned()),
            format: None,
            constraints: None,
            kind: FieldKind::Property,
        }
    }

    /// Brevo's 2026 file fields: `filename` and `url` are renamed, and the
    /// new `inlineId`, `mimeType` (same type, listed first) are not their
    /// successors.
    #[test]
    fn renames_pair_by_name_or_by_description() {
        let removed = [
            field("filename", "Name of the attached file."),
            field("url", "Address where the file can be downloaded."),
        ];
        let added = [
            field(
                "inlineId",
                "Identifier the message body uses to refer to an inline file.",
            ),
            field("mimeType", "Media type of the file."),
            field("link", "Address where the file can be downloaded."),
            field("name", "Name of the attached file."),
        ];
        let pairs = pair_fields(
            &removed.iter().collect::<Vec<_>>(),
            &added.iter().collect::<Vec<_>>(),
        );
        let found: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(old, new)| (*old, new.wire_name.as_str()))
            .collect();
        assert_eq!(found, [("filename", "name"), ("url", "link")]);
    }

    #[test]
    fn unconvincing_pairs_stay_removed_and_added() {
        let removed = [field("colour", "The paint.")];
        let added = [field("weight", "How heavy it is.")];
        let pairs = pair_fields(
            &removed.iter().collect::<Vec<_>>(),
            &added.iter().collect::<Vec<_>>(),
        );
        assert!(pairs.is_empty(), "{pairs:?}");
        assert!(name_similarity("previewUrl", "previewLink") >= NAME_THRESHOLD);
        assert!(name_similarity("url", "link") < NAME_THRESHOLD);
        assert!(name_similarity("preview_url", "previewUrl") > 0.99);
    }
}

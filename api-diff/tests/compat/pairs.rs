//! The fixture pairs of the diff tests (`tests/diff.rs`), found among the
//! fixtures (files and the cases of `tests/fixtures/cases.yaml`, see
//! `tests/support/fixtures.rs`) so that a new fixture is never left out:
//! every fixture beside `base.yaml` is a version of it (or of its own
//! `NAME_base.yaml` where there is one), every `union_*` fixture a version of
//! `union_base.yaml`, every `wire_*` fixture a version of `wire_base.yaml`, every `webhook_*`
//! fixture a version of `webhook_base.yaml`,
//! and each folder holds consecutive versions of one spec (sorted by name).

use std::path::Path;

use crate::fixtures;

/// One old -> new pair of fixture files.
#[derive(Clone, Debug)]
pub struct Pair {
    /// A name for the pair that is also a valid part of a crate name
    /// (`field_added_optional`, `conversations-0_2_0`).
    pub name: String,
    /// The old version, relative to the fixtures folder.
    pub old: String,
    /// The new version, relative to the fixtures folder.
    pub new: String,
}

/// The bases the top-level fixtures are versions of, by file-name prefix
/// (the first matching prefix wins; `""` matches every file).
const BASES: &[(&str, &str)] = &[
    ("union_", "union_base.yaml"),
    ("wire_", "wire_base.yaml"),
    ("webhook_", "webhook_base.yaml"),
    ("", "base.yaml"),
];

/// Every pair of the fixtures, sorted by name.
pub fn pairs() -> Vec<Pair> {
    let mut pairs = Vec::new();
    for entry in sorted_entries(&fixtures::dir()) {
        if entry.is_dir() {
            pairs.extend(versions(&entry, &name_of(&entry)));
        }
    }
    let names = fixtures::names();
    for file in &names {
        assert!(
            file.ends_with(".yaml") || file.ends_with(".json"),
            "{file}: a fixture that is not a spec; say in tests/compat/pairs.rs what it is"
        );
        if BASES.iter().any(|(_, base)| base == file) || file.ends_with("_base.yaml") {
            continue;
        }
        let stem = file
            .rsplit_once('.')
            .map_or(file.as_str(), |(stem, _)| stem);
        // `P_base.yaml` beside `P.yaml` is P's own base (tests/kinds.rs).
        let own_base = format!("{stem}_base.yaml");
        let base = if names.contains(&own_base) {
            own_base
        } else {
            BASES
                .iter()
                .find(|(prefix, _)| file.starts_with(prefix))
                .map(|(_, base)| (*base).to_owned())
                .expect("the empty prefix matches every file")
        };
        pairs.push(Pair {
            name: stem.to_owned(),
            old: base,
            new: file.clone(),
        });
    }
    pairs.sort_by(|a, b| a.name.cmp(&b.name));
    pairs
}

/// Consecutive versions in the folder `dir` (named `folder`).
fn versions(dir: &Path, folder: &str) -> Vec<Pair> {
    let files: Vec<String> = sorted_entries(dir).iter().map(|e| name_of(e)).collect();
    files
        .windows(2)
        .map(|window| {
            let stem = window[1]
                .rsplit_once('.')
                .map_or(window[1].as_str(), |(stem, _)| stem);
            Pair {
                name: format!("{folder}-{}", stem.replace('.', "_")),
                old: format!("{folder}/{}", window[0]),
                new: format!("{folder}/{}", window[1]),
            }
        })
        .collect()
}

fn sorted_entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    entries
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_else(|| panic!("{}: not a UTF-8 name", path.display()))
        .to_owned()
}

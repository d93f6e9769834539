//! Every fixture spec (`tests/fixtures/*.yaml`) starts with a comment that
//! says why it exists: what it holds that no other fixture does, and which
//! test reads it when that is not only `tests/golden.rs`. JSON has no
//! comments, so a JSON fixture (`*.json`) says it in the first line of its
//! `info.description`. A new fixture without one fails here.

use std::path::PathBuf;

/// The fewest words a purpose line may have: a name alone says nothing.
const FEWEST_WORDS: usize = 5;

#[test]
fn every_fixture_starts_with_a_comment_saying_why_it_exists() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
        .chain(
            // The entry of a description in many files, in its folder.
            std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter(|folder| dir.join(folder).join("openapi.yaml").is_file())
                .map(|folder| format!("{folder}/openapi.yaml")),
        )
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no fixtures in {}", dir.display());
    let mut silent = Vec::new();
    for name in &names {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let purpose = if name.ends_with(".json") {
            json_purpose(&text)
        } else {
            text.lines()
                .map_while(|line| line.strip_prefix('#'))
                .flat_map(str::split_whitespace)
                .map(str::to_owned)
                .collect()
        };
        if purpose.len() < FEWEST_WORDS {
            silent.push(name.as_str());
        }
    }
    assert!(
        silent.is_empty(),
        "these fixtures do not start with a comment saying why they exist \
         (at least {FEWEST_WORDS} words): {silent:?}"
    );
}

/// The words of the first line of a JSON fixture's `info.description` (none
/// when the text is no JSON or has no description).
fn json_purpose(text: &str) -> Vec<String> {
    let document: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let description = document["info"]["description"].as_str().unwrap_or_default();
    description
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

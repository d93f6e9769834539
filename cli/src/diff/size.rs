//! The size of the generated-code change: both versions of the crate are
//! generated in memory, exactly as `cargo xtask codegen` writes them, and
//! compared file by file and line by line.

use std::collections::{BTreeMap, BTreeSet};

use api_diff::CodeSize;
use codegen::ir::Api;
use codegen::GeneratedFile;
use similar::{ChangeTag, TextDiff};

use super::DiffError;
use crate::codegen_cmd::{DEFAULT_CRATE, DEFAULT_SPEC};

/// The files `cargo xtask codegen` would write for `api`.
pub fn generate(api: &Api) -> Result<Vec<GeneratedFile>, DiffError> {
    let options = codegen::Options {
        crate_name: DEFAULT_CRATE.to_owned(),
        crate_version: None,
        spec_label: DEFAULT_SPEC.to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: false,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    };
    Ok(codegen::render(api, &options)?)
}

/// Counts the files and lines that differ between two generated crates.
pub fn measure(old: &[GeneratedFile], new: &[GeneratedFile]) -> CodeSize {
    let old: BTreeMap<&str, &str> = old
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let new: BTreeMap<&str, &str> = new
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let paths: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    let mut size = CodeSize::default();
    for path in paths {
        let (before, after) = match (old.get(path), new.get(path)) {
            (Some(before), Some(after)) if before == after => {
                size.files_unchanged += 1;
                continue;
            }
            (Some(before), Some(after)) => {
                size.files_changed += 1;
                (*before, *after)
            }
            (Some(before), None) => {
                size.files_removed += 1;
                (*before, "")
            }
            (None, Some(after)) => {
                size.files_added += 1;
                ("", *after)
            }
            (None, None) => continue,
        };
        for change in TextDiff::from_lines(before, after).iter_all_changes() {
            match change.tag() {
                ChangeTag::Insert => size.lines_added += 1,
                ChangeTag::Delete => size.lines_removed += 1,
                ChangeTag::Equal => {}
            }
        }
    }
    size
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn counts_files_and_lines_added_removed_and_changed() {
        let old = [
            file("Cargo.toml", "same\n"),
            file("src/a.rs", "one\ntwo\nthree\n"),
            file("src/gone.rs", "x\ny\n"),
        ];
        let new = [
            file("Cargo.toml", "same\n"),
            file("src/a.rs", "one\n2\nthree\nfour\n"),
            file("src/new.rs", "z\n"),
        ];
        assert_eq!(
            measure(&old, &new),
            CodeSize {
                files_added: 1,
                files_removed: 1,
                files_changed: 1,
                files_unchanged: 1,
                lines_added: 3,
                lines_removed: 3,
            }
        );
    }
}

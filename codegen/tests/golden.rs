//! Golden output, one copy per spec, compiled.
//!
//! - `generated/brevo-conversations` is exactly what [`codegen::generate`]
//!   returns for `spec/conversations.yaml` with the options `cargo xtask
//!   codegen` passes (our guide, `spec/guide.md`, among them): the
//!   library's output is the checked-in bytes.
//! - Every fixture spec `tests/fixtures/NAME.yaml` (or `.json`) that is
//!   valid (its name does not start with `error_`) has its crate checked in under
//!   `tests/crates/NAME/`. Those crates are members of the workspace, so
//!   `cargo test --workspace` builds and tests them and `cargo clippy
//!   --workspace --all-targets -- -D warnings` and `cargo fmt --check` lint
//!   them; `client-tests` decodes and encodes JSON with their types.
//!   They hold what the spec shapes (`Cargo.toml`, `lib.rs`, `spec.rs`,
//!   `types.rs`, `operations.rs`, ...): their `lib.rs` reaches the
//!   runtime's files where they are stored, in `codegen/runtime/src/`
//!   ([`codegen::RuntimeSource::Path`]), so the runtime is stored once.
//!   The embedded copy users get is checked by `generated/` (below) and by
//!   `tests/runtime.rs`.
//!
//! Like rust-analyzer's `ensure_file_contents`, a stale fixture crate is
//! rewritten (a file the generator no longer writes is removed) and the test
//! fails, so a second run passes: `cargo test -p codegen --test golden`
//! refreshes them all. `generated/` is rewritten by `cargo xtask codegen`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The command named in the fixture crates' headers.
const REFRESH: &str = "cargo test -p codegen --test golden";

fn codegen_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The valid fixture specs, by name (the file stem, or the folder of a
/// description in many files, whose entry is `NAME/openapi.yaml`), sorted.
fn fixture_names() -> Vec<String> {
    let dir = codegen_dir().join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|file| {
            if dir.join(&file).join(MANY_FILES_ENTRY).is_file() {
                return Some(file);
            }
            let name = file.strip_suffix(".yaml").or(file.strip_suffix(".json"));
            name.map(str::to_owned)
        })
        .filter(|name| !name.starts_with("error_"))
        .collect();
    names.sort();
    names
}

/// `codegen/runtime/src` from a fixture crate's `src/`
/// (`codegen/tests/crates/NAME/src`).
const RUNTIME_FROM_FIXTURE: &str = "../../../../runtime/src";

/// The entry document of a fixture kept in many files, in its folder.
const MANY_FILES_ENTRY: &str = "openapi.yaml";

/// The file of the fixture `name`: `NAME/openapi.yaml` for a folder,
/// `NAME.json` when there is one, else `NAME.yaml`.
fn fixture_file(name: &str) -> String {
    if codegen_dir().join("tests/fixtures").join(name).is_dir() {
        return format!("{name}/{MANY_FILES_ENTRY}");
    }
    let json = format!("{name}.json");
    if codegen_dir().join("tests/fixtures").join(&json).exists() {
        json
    } else {
        format!("{name}.yaml")
    }
}

/// The options a fixture crate is generated with.
fn fixture_options(name: &str) -> codegen::Options {
    codegen::Options {
        crate_name: format!("fixture-{}", name.replace('_', "-")),
        crate_version: None,
        spec_label: format!("codegen/tests/fixtures/{}", fixture_file(name)),
        regenerate_command: REFRESH.to_owned(),
        standalone: false,
        smoke_tests: name == "smoke",
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Path(RUNTIME_FROM_FIXTURE.to_owned()),
        guide: None,
    }
}

/// Every file below `dir`, as paths relative to it with `/` separators.
fn files_below(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.insert(parts.join("/"));
            }
        }
    }
    found
}

/// Makes `dir` hold exactly `files`; returns what it had to change.
fn ensure_crate(dir: &Path, files: &[codegen::GeneratedFile]) -> Vec<String> {
    let mut changed = Vec::new();
    let wanted: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    for stale in files_below(dir).difference(&wanted) {
        let path = dir.join(stale);
        std::fs::remove_file(&path)
            .unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
        changed.push(format!("removed {}", path.display()));
    }
    for file in files {
        let path = dir.join(&file.path);
        if std::fs::read(&path).ok().as_deref() == Some(file.contents.as_bytes()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
        }
        std::fs::write(&path, &file.contents)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        changed.push(format!("rewrote {}", path.display()));
    }
    changed
}

#[test]
fn fixture_crates_are_what_the_generator_writes() {
    let crates_dir = codegen_dir().join("tests/crates");
    let names = fixture_names();
    assert!(names.len() >= 10, "only {} fixtures", names.len());
    let mut changed = Vec::new();
    for name in &names {
        let folder = codegen_dir().join("tests/fixtures").join(name);
        let output = if folder.is_dir() {
            // Its files, in memory, by their path in the folder.
            let documents: std::collections::BTreeMap<String, Vec<u8>> = files_below(&folder)
                .into_iter()
                .map(|path| {
                    let bytes = read(&folder.join(&path));
                    (path, bytes)
                })
                .collect();
            codegen::generate_from(&documents, MANY_FILES_ENTRY, &fixture_options(name))
        } else {
            let spec = read(
                &codegen_dir()
                    .join("tests/fixtures")
                    .join(fixture_file(name)),
            );
            codegen::generate(&spec, &fixture_options(name))
        }
        .unwrap_or_else(|e| panic!("the fixture {name} must generate:\n{e}"));
        assert!(
            output.warnings.is_empty() || !folder.is_dir(),
            "the fixture {name} warns:\n{:?}",
            output.warnings
        );
        changed.extend(ensure_crate(&crates_dir.join(name), &output.files));
    }
    // A crate whose fixture is gone goes too.
    for entry in std::fs::read_dir(&crates_dir)
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !names.contains(&name) {
            std::fs::remove_dir_all(entry.path())
                .unwrap_or_else(|e| panic!("cannot remove {}: {e}", entry.path().display()));
            changed.push(format!("removed {}", entry.path().display()));
        }
    }
    assert!(
        changed.is_empty(),
        "the golden fixture crates were stale and have been rewritten; review the diff and run the tests again:\n{}",
        changed.join("\n")
    );
}

#[test]
fn generate_returns_the_checked_in_conversations_crate() {
    let root = codegen_dir().join("..");
    let spec = read(&root.join("spec/conversations.yaml"));
    let options = codegen::Options {
        crate_name: "brevo-conversations".to_owned(),
        crate_version: None,
        spec_label: "spec/conversations.yaml".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: false,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: Some(String::from_utf8_lossy(&read(&root.join("spec/guide.md"))).into_owned()),
    };
    let output = codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
    let dir = root.join("generated/brevo-conversations");
    let wanted: BTreeSet<String> = output.files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(files_below(&dir), wanted, "the files of {}", dir.display());
    for file in &output.files {
        let checked_in = read(&dir.join(&file.path));
        assert!(
            checked_in == file.contents.as_bytes(),
            "generated/brevo-conversations/{} is not what codegen::generate returns; run `cargo xtask codegen`",
            file.path
        );
    }
}

//! The compatibility promise, compiled: whatever the diff calls
//! non-breaking does not break code that compiles against the old crate
//! (docs/diff.md, "The compatibility promise"; issue 12).
//!
//! For every fixture pair of the diff tests (`tests/diff.rs`) with no
//! breaking change, both crates are generated and a user program written
//! against the old one (`tests/compat/program.rs`: every operation called,
//! every type built, assigned, read, matched and round-tripped, as users may
//! write it) is checked against the old crate, which it must fit, and
//! against the new one, which it must fit too. A pair with a breaking change
//! is listed as not applicable, and two of them are checked as well as
//! negative controls: their programs must fail, or the test could not
//! fail. `field_removed` removes two fields; `group_moved` moves an
//! operation to another group of a crate with methods by group, so that
//! `client.drafts().create_note(..)` is `client.notes().create_note(..)`
//! (with flat methods a move only changes the feature it needs, which the
//! programs, checked with the default features, do not see). Each old
//! version's program is also checked against its own crate, breaking
//! pairs' included.
//!
//! Everything is one cargo workspace under `target/compat-check/`, checked
//! offline with the dependency versions of the repository's `Cargo.lock`;
//! its artifacts stay there, so dependencies are checked once.
//! `cargo test -p api-diff --test compat -- --nocapture` prints the pairs
//! and the time cargo took.

#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "compat/pairs.rs"]
mod pairs;
#[path = "compat/program.rs"]
mod program;
#[path = "compat/workspace.rs"]
mod workspace;

use std::path::{Path, PathBuf};

use api_diff::Report;
use codegen::ir::Api;
use pairs::Pair;
use workspace::Member;

/// The breaking pairs whose user programs must fail to check, each with
/// what its errors must name.
const NEGATIVE_CONTROLS: &[(&str, &[&str])] = &[
    ("field_removed", &["`pinned`", "`created_at`"]),
    // `DraftsOperations` has no `create_note` any more.
    ("group_moved", &["`create_note`", "DraftsOperations"]),
];

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("api-diff is in the repository")
        .to_path_buf()
}

fn spec(file: &str) -> Vec<u8> {
    fixtures::spec(file)
}

fn lower(file: &str) -> Api {
    api_diff::lower_spec(&spec(file)).unwrap_or_else(|e| panic!("{file} is invalid:\n{e}"))
}

/// A fixture file as part of a crate name: `base`, `conversations-0_1_0`.
fn key(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    stem.replace('/', "-").replace('.', "_")
}

/// The crate generated from `file`, as the member `package`.
fn generated(package: &str, file: &str, role: String) -> Member {
    let options = codegen::Options {
        crate_name: package.to_owned(),
        crate_version: None,
        spec_label: format!("api-diff/tests/fixtures/{file}"),
        regenerate_command: "cargo test -p api-diff --test compat".to_owned(),
        standalone: false,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    };
    let output = codegen::generate(&spec(file), &options)
        .unwrap_or_else(|e| panic!("cannot generate {file}:\n{e}"));
    Member {
        package: package.to_owned(),
        role,
        files: output
            .files
            .into_iter()
            .map(|f| (f.path, f.contents))
            .collect(),
    }
}

/// The user program written against `old_file`'s crate, depending on
/// `dependency` as `api`.
fn user(package: &str, old_file: &str, dependency: &str, role: String) -> Member {
    let about =
        format!("Written against the crate of `{old_file}`; here it depends on `{dependency}`.");
    let manifest = format!(
        "[package]\nname = {package:?}\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\napi = {{ path = \"../{dependency}\", package = {dependency:?} }}\nserde_json = \"1\"\n"
    );
    Member {
        package: package.to_owned(),
        role,
        files: vec![
            ("Cargo.toml".to_owned(), manifest),
            (
                "src/lib.rs".to_owned(),
                program::source(&lower(old_file), &about),
            ),
        ],
    }
}

/// The pairs with no breaking change, and the others with their number of
/// breaking changes.
fn classify(all: Vec<Pair>) -> (Vec<Pair>, Vec<(Pair, usize)>) {
    let mut compatible = Vec::new();
    let mut breaking = Vec::new();
    for pair in all {
        let report = Report::new(&pair.old, &lower(&pair.old), &pair.new, &lower(&pair.new))
            .unwrap_or_else(|e| panic!("{} -> {}: {e}", pair.old, pair.new));
        match report.diff.breaking() {
            0 => compatible.push(pair),
            count => breaking.push((pair, count)),
        }
    }
    (compatible, breaking)
}

#[test]
fn code_written_against_the_old_crate_checks_against_every_non_breaking_new_one() {
    let (compatible, breaking) = classify(pairs::pairs());
    println!("checked (no breaking change):");
    for pair in &compatible {
        println!("  {:<28} {} -> {}", pair.name, pair.old, pair.new);
    }
    println!("not applicable (breaking):");
    for (pair, count) in &breaking {
        let control = if NEGATIVE_CONTROLS.iter().any(|(name, _)| pair.name == *name) {
            ", a negative control"
        } else {
            ""
        };
        println!(
            "  {:<28} {} -> {} ({count} breaking{control})",
            pair.name, pair.old, pair.new
        );
    }
    assert!(!compatible.is_empty(), "no pair to check");
    let controls: Vec<Pair> = NEGATIVE_CONTROLS
        .iter()
        .map(|(control, _)| {
            breaking
                .iter()
                .map(|(pair, _)| pair)
                .find(|pair| pair.name == *control)
                .unwrap_or_else(|| panic!("{control} must be a breaking pair"))
                .clone()
        })
        .collect();

    let mut members = Vec::new();
    // Every old version's program against its own crate, the breaking
    // pairs' too: the program must fit the crate it was written for, and
    // the conversations fixture has what the small ones lack (heartbeats,
    // struct variants, nullable and flattened fields).
    let mut olds: Vec<&str> = compatible
        .iter()
        .chain(breaking.iter().map(|(pair, _)| pair))
        .map(|p| p.old.as_str())
        .collect();
    olds.sort_unstable();
    olds.dedup();
    for old in &olds {
        let crate_name = format!("old-{}", key(old));
        members.push(generated(&crate_name, old, format!("the crate of {old}")));
        members.push(user(
            &format!("user-{}-old", key(old)),
            old,
            &crate_name,
            format!("the user program of {old}, against the crate it was written for"),
        ));
    }
    for pair in compatible.iter().chain(&controls) {
        let crate_name = format!("new-{}", pair.name);
        members.push(generated(
            &crate_name,
            &pair.new,
            format!("the new crate of pair {}", pair.name),
        ));
        members.push(user(
            &format!("user-{}", pair.name),
            &pair.old,
            &crate_name,
            format!(
                "the user program of {} against the new crate of pair {} ({})",
                pair.old, pair.name, pair.new
            ),
        ));
    }

    let root = repository().join("target/compat-check");
    let dir = root.join("workspace");
    std::fs::create_dir_all(&dir).expect("the workspace folder");
    let dir = dir.canonicalize().expect("the workspace folder");
    let lock = std::fs::read(repository().join("Cargo.lock")).expect("the repository's Cargo.lock");
    workspace::write(&dir, &members, &lock);
    let outcome = workspace::check(&dir, &root.join("target"));
    println!(
        "cargo check of {} crates: {:.1} s",
        members.len(),
        outcome.elapsed.as_secs_f64()
    );

    let control_packages: Vec<String> = NEGATIVE_CONTROLS
        .iter()
        .map(|(control, _)| format!("user-{control}"))
        .collect();
    let mut failures = String::new();
    let mut unchecked = false;
    for member in members
        .iter()
        .filter(|m| !control_packages.contains(&m.package))
    {
        if let Some(errors) = outcome.errors.get(&member.package) {
            failures.push_str(&format!(
                "\n\n{} ({}) does not check:\n{}",
                member.package,
                member.role,
                errors.join("\n")
            ));
        } else if !outcome.checked.contains(&member.package) {
            unchecked = true;
            failures.push_str(&format!(
                "\n\n{} ({}) was not checked",
                member.package, member.role
            ));
        }
    }
    let cargo_output = if unchecked {
        format!("\n\ncargo's output:\n{}", outcome.stderr)
    } else {
        String::new()
    };
    assert!(
        failures.is_empty(),
        "code written against the old crate does not check against a new crate the diff calls compatible, in {}:{failures}{cargo_output}",
        dir.display()
    );

    for ((_, named), (package, control)) in NEGATIVE_CONTROLS
        .iter()
        .zip(control_packages.iter().zip(&controls))
    {
        let control_errors = outcome
            .errors
            .get(package)
            .unwrap_or_else(|| {
                panic!(
                    "the negative control {package} checks against {}: the program cannot tell a breaking change\n\ncargo's output:\n{}",
                    control.new, outcome.stderr
                )
            })
            .join("\n");
        for name in *named {
            assert!(
                control_errors.contains(name),
                "the negative control {package} fails, but not on {name}:\n{control_errors}"
            );
        }
    }
    assert!(
        !outcome.success,
        "cargo succeeded despite the negative control"
    );
}

/// The pairs `tests/diff.rs` compares by name are among those found.
#[test]
fn the_enumeration_finds_the_pairs_of_the_diff_tests() {
    let found: Vec<(String, String)> = pairs::pairs()
        .into_iter()
        .map(|pair| (pair.old, pair.new))
        .collect();
    for (old, new) in [
        ("base.yaml", "field_added_optional.yaml"),
        ("base.yaml", "layout_only.json"),
        ("union_base.yaml", "union_changed.yaml"),
        ("union_base.yaml", "union_changed_ahead.yaml"),
        ("wire_base.yaml", "wire_accept_changed.yaml"),
        ("conversations/0.1.0.yaml", "conversations/0.2.0.yaml"),
    ] {
        assert!(
            found.contains(&(old.to_owned(), new.to_owned())),
            "{old} -> {new} missing from {found:#?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|(old, new)| old == new || new.ends_with("base.yaml")),
        "a base compared as a new version: {found:#?}"
    );
}

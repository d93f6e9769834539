//! Features by group: the golden crate of the fixture `groups` (a code
//! host's twenty-five tags, shared types, types a few groups reach, an untagged
//! operation, an `x-group`) compiles with no group, with each group alone
//! and with all of them, warning-free: what a user of a large API turns
//! off never leaves a dangling name behind.
//!
//! Each combination is one `cargo check` of the crate where it is checked
//! in, with a target directory of its own under `target/groups-check/`
//! (the test's own cargo holds the workspace's), `--offline` on the
//! repository's `Cargo.lock`. No TLS feature is on, so that no C code is
//! built: the groups change nothing in the runtime's TLS code. The first
//! run checks the dependencies once (a minute or two on 2 cores), later
//! runs only the crate, a few seconds per combination.

use std::path::PathBuf;
use std::process::Command;

/// The crate's groups, from `all-groups` in its manifest.
fn groups(manifest: &str) -> Vec<String> {
    let document: toml_edit::Document<String> = manifest.parse().expect("a TOML manifest");
    document["features"]["all-groups"]
        .as_array()
        .expect("an `all-groups` feature")
        .iter()
        .map(|feature| feature.as_str().expect("a feature name").to_owned())
        .collect()
}

#[test]
fn the_fixture_compiles_with_no_group_each_group_alone_and_all() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let crate_dir = root.join("codegen/tests/crates/groups");
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("the manifest");
    let groups = groups(&manifest);
    assert!(
        groups.len() >= 24,
        "only {} groups: {groups:?}",
        groups.len()
    );
    let mut combinations: Vec<(String, String)> = vec![("no group".to_owned(), String::new())];
    combinations.extend(groups.iter().map(|group| {
        // The `test-util` mock's answers are behind the groups too.
        (format!("`{group}` alone"), format!("test-util,{group}"))
    }));
    combinations.push(("all groups".to_owned(), "all-groups,test-util".to_owned()));
    let target = root.join("target/groups-check");
    let mut failures = Vec::new();
    for (what, features) in &combinations {
        let mut command = Command::new(option_env!("CARGO").unwrap_or("cargo"));
        command
            .args(["check", "--offline", "--quiet", "--message-format", "short"])
            .arg("--manifest-path")
            .arg(crate_dir.join("Cargo.toml"))
            .args(["--lib", "--no-default-features"])
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS");
        if !features.is_empty() {
            command.args(["--features", features]);
        }
        let output = command.output().expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        // Warnings of the crate itself (a dependency's are capped).
        if !output.status.success() || stderr.contains("warning") {
            failures.push(format!("{what} (--features {features:?}):\n{stderr}"));
        }
    }
    assert!(
        failures.is_empty(),
        "the fixture `groups` does not compile cleanly with:\n{}",
        failures.join("\n")
    );
}

/// The README's example (a doctest of the crate) calls an operation of a
/// group, so it is compiled only with that group's feature: `cargo test
/// --doc` with the group off passes instead of failing on a missing method.
#[test]
fn the_readme_example_is_compiled_only_with_its_groups_feature() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("codegen/tests/crates/groups/README.md"))
        .expect("the README");
    let example = readme
        .split("## Example")
        .nth(1)
        .and_then(|rest| rest.split("```").nth(1))
        .expect("an example");
    let call = example
        .lines()
        .find(|line| line.contains(".await?"))
        .expect("a call");
    assert!(call.contains("client.repositories()."), "{example}");
    assert!(
        example.contains("\n# #[cfg(feature = \"repositories\")]\n# async fn example()"),
        "{example}"
    );
}

//! Parsing (in `mutated_specs.rs`) proves the emitted files are Rust, not
//! that they compile: a type that contains itself unboxed, or a name
//! escaped into a keyword, parses. So a small fixed sample of crates
//! generated from mutated specs (drawn with the fixed seed, see
//! [`compiled_sample`]) is also built with `cargo check` in a workspace of
//! its own under `target/robustness-compile/`; its first run checks the
//! client's dependencies once (about two minutes on 2 cores), later runs a
//! few seconds.

mod support;

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use support::cases::*;
use support::mutations::*;

/// How many crates of each kind of mutation [`a_fixed_sample_of_generated_crates_compiles`]
/// compiles: structural mutations of the fixtures, and odd or colliding names.
const COMPILED_PER_KIND: usize = 3;

/// The specs whose crates are compiled: [`RECURSIVE_SPEC`], then the first
/// [`COMPILED_PER_KIND`] mutated fixtures of each kind that generate, drawn
/// with [`DEFAULT_SEED`] whatever `PROPTEST_RNG_SEED` says, so that the
/// sample is the same on every run (for a given set of fixtures).
fn compiled_sample() -> Vec<(String, Vec<u8>)> {
    let mut runner = TestRunner::new(Config {
        rng_seed: RngSeed::Fixed(DEFAULT_SEED),
        failure_persistence: None,
        ..Config::default()
    });
    let mut sample = vec![(
        "the recursive spec".to_owned(),
        RECURSIVE_SPEC.as_bytes().to_vec(),
    )];
    let kinds = [
        tree_case(fixture_seeds(), mutation(), 1..=4, 1.0).boxed(),
        tree_case(fixture_seeds(), naming_mutation(), 1..=3, 1.0).boxed(),
    ];
    for strategy in kinds {
        let mut found = 0;
        for _ in 0..1_000 {
            if found == COMPILED_PER_KIND {
                break;
            }
            let case = strategy.new_tree(&mut runner).expect("a case").current();
            let input = tree_input(&case);
            let what = format!("{} with {:?}", input.seed, case.mutations);
            let bytes = input.bytes.clone();
            if bounded(&what, move || check(&input)) == Ok(Outcome::Generated) {
                sample.push((what, bytes));
                found += 1;
            }
        }
        assert_eq!(found, COMPILED_PER_KIND, "too few mutated specs generate");
    }
    sample
}

/// Writes `contents` to `path` unless it holds them already (so that cargo
/// does not check an unchanged crate again).
fn write_if_changed(path: &std::path::Path, contents: &[u8]) {
    if std::fs::read(path).ok().as_deref() == Some(contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, contents)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Parsing (in the property tests) proves the files are Rust; this proves
/// a few whole crates are Rust that compiles: types, `Box`es on cycles,
/// escaped names, the runtime they are copied with. The crates of
/// [`compiled_sample`] are written into a workspace of their own under
/// `target/robustness-compile/` with the repository's `Cargo.lock` (so the
/// same dependency versions, and no network: `--offline`) and checked with
/// `cargo check`, its target directory kept there between runs: the first
/// run checks the dependencies once (a few minutes on 2 cores), later ones
/// only the sample.
#[test]
fn a_fixed_sample_of_generated_crates_compiles() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let work = root.join("target/robustness-compile");
    let sample = compiled_sample();
    let mut members = Vec::new();
    let mut listing = String::new();
    for (index, (what, spec)) in sample.iter().enumerate() {
        let name = format!("sample-{index}");
        let options = codegen::Options {
            crate_name: name.clone(),
            standalone: false,
            ..options()
        };
        let output = codegen::generate(spec, &options)
            .unwrap_or_else(|e| panic!("{what} generated in the sample run, not now: {e}"));
        for file in &output.files {
            write_if_changed(
                &work.join("crates").join(&name).join(&file.path),
                file.contents.as_bytes(),
            );
        }
        members.push(format!("\"crates/{name}\""));
        listing.push_str(&format!("{name}: {what}\n"));
    }
    // Crates of an earlier sample that is no longer drawn go.
    for entry in std::fs::read_dir(work.join("crates"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !members.contains(&format!("\"crates/{name}\"")) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let manifest = format!(
        "# Written by codegen/tests/compiled_sample.rs; crates generated from mutated specs.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    write_if_changed(&work.join("Cargo.toml"), manifest.as_bytes());
    write_if_changed(&work.join("samples.txt"), listing.as_bytes());
    let lock = std::fs::read(root.join("Cargo.lock")).expect("the repository's Cargo.lock");
    write_if_changed(&work.join("Cargo.lock"), &lock);
    let output = std::process::Command::new(option_env!("CARGO").unwrap_or("cargo"))
        .args([
            "check",
            "--offline",
            "--workspace",
            "--quiet",
            "--message-format",
            "short",
        ])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo check failed on crates generated from mutated specs (in {}):\n{listing}\n{}",
        work.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

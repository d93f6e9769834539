//! Types that refer to themselves: every kind of reference cycle terminates
//! in lowering and emission (with the outcome of each recorded in a
//! snapshot), and recursive types generate with a `Box` where a type would
//! otherwise contain itself. Review snapshot changes with `cargo insta
//! review`.

mod support;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_yaml::Value;
use support::cases::*;
use support::mutations::*;

/// Every way schemas and components can refer to themselves: lowering and
/// emission terminate, and the outcome of each is recorded.
#[test]
fn reference_cycles_terminate() {
    let cycles = [
        CycleKind::Aliases,
        CycleKind::SelfAlias,
        CycleKind::Property,
        CycleKind::NullableProperty,
        CycleKind::PropertyPair,
        CycleKind::Items,
        CycleKind::Map,
        CycleKind::AllOf,
        CycleKind::SelfAllOf,
        CycleKind::OneOf,
        CycleKind::AnyOf,
        CycleKind::PropertyAllOf,
        CycleKind::Parameters,
        CycleKind::Responses,
        CycleKind::RequestBodies,
    ];
    let mut report = String::new();
    for kind in cycles {
        let mut tree: Value = yaml(&format!("{HEAD}paths: {{}}"));
        let (first, second) = indices_picking(0, 1, 2);
        cycle(&mut tree, &first, &second, kind);
        let spec = serde_yaml::to_string(&tree).expect("YAML");
        checked(&format!("{kind:?}"), spec.clone().into_bytes(), true);
        let text = generate_text(spec.as_bytes());
        let aliases: Vec<String> = match codegen::generate(spec.as_bytes(), &options()) {
            Ok(output) => output
                .files
                .iter()
                .filter(|f| f.path == "src/types.rs")
                .flat_map(|f| {
                    f.contents
                        .lines()
                        .filter(|l| {
                            l.starts_with("pub type")
                                || l.contains("pub next")
                                || l.contains("Cycle") && l.contains('(')
                        })
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        report.push_str(&format!("## {kind:?}\n{text}\n"));
        for line in aliases {
            report.push_str(&format!("    {}\n", line.trim()));
        }
    }
    insta::assert_snapshot!("reference_cycles", report);
}

/// Two [`Index`]es that pick `first` and `second` out of `of` items.
fn indices_picking(first: usize, second: usize, of: usize) -> (Index, Index) {
    let mut runner = TestRunner::deterministic();
    let mut index = || {
        any::<Index>()
            .new_tree(&mut runner)
            .expect("an index")
            .current()
    };
    loop {
        let (a, b) = (index(), index());
        if a.index(of) == first && b.index(of) == second {
            return (a, b);
        }
    }
}

/// The types of [`RECURSIVE_SPEC`].
fn recursive_types() -> String {
    let output = codegen::generate(RECURSIVE_SPEC.as_bytes(), &options())
        .unwrap_or_else(|e| panic!("the recursive spec generates: {e}"));
    output
        .files
        .into_iter()
        .find(|f| f.path == "src/types.rs")
        .map(|f| f.contents)
        .unwrap_or_default()
}

/// Recursive types generate, and the snapshot shows how their fields are
/// typed: a field that holds its own type directly (`Option<Node>`) needs a
/// `Box` for the crate to compile.
#[test]
fn recursive_types_generate() {
    checked("recursive types", RECURSIVE_SPEC.as_bytes().to_vec(), true);
    insta::assert_snapshot!("recursive_types", recursive_types());
}

/// The generated crate must compile: a type that contains itself by value
/// (`Option` included) holds it in a `Box`, through other types too.
#[test]
fn recursive_fields_are_boxed() {
    let types = recursive_types();
    for boxed in ["Option<Box<Node>>", "Box<Node>", "Box<Sum>"] {
        assert!(types.contains(boxed), "no `{boxed}` in:\n{types}");
    }
}

//! Robustness: bad input gets a typed error, never a panic or a hang.
//!
//! Property tests mutate valid specs (`spec/conversations.yaml` and the
//! fixtures in `tests/fixtures/`) as YAML trees and as bytes, and feed every
//! result to the loader and the lowering pass; a sample of those that lower
//! without error also goes through the whole generator (`codegen::generate`),
//! whose `.rs` files must then parse as Rust (`syn::parse_file`). Each case
//! runs on its own thread with the default 2 MiB stack and must answer within
//! [`CASE_LIMIT`] with `Ok` or a typed `Err(codegen::Error)`; every
//! diagnostic must name a JSON pointer to a node of the spec (or to a
//! missing key of one), every syntax error a line and a column.
//!
//! The default is [`DEFAULT_TOTAL_CASES`] cases (10,000, about 20 s in a
//! debug build on 2 cores), split between the property tests: mutated
//! fixtures 40 % (2 % of them generated), odd and colliding names 12 % (6 %
//! generated), the Conversations spec 3 % (5 % generated), broken bytes
//! 45 %. The seed is fixed, so CI runs the same cases every time;
//! `PROPTEST_CASES` sets another total and `PROPTEST_RNG_SEED` another seed.
//! A longer run:
//!
//! ```text
//! PROPTEST_CASES=200000 cargo test -p codegen --release --test robustness
//! ```
//!
//! Deterministic tests cover what random mutation rarely reaches: documents
//! 10,000 levels deep, hundreds of operations, every kind of reference
//! cycle, recursive types, and the texts of common errors (insta
//! snapshots; review with `cargo insta review`).
//!
//! Parsing proves the emitted files are Rust, not that they compile: a type
//! that contains itself unboxed, or a name escaped into a keyword, parses.
//! So a small fixed sample of crates generated from mutated specs (drawn
//! with the fixed seed, see [`compiled_sample`]) is also built with `cargo
//! check` in a workspace of its own under `target/robustness-compile/`
//! ([`a_fixed_sample_of_generated_crates_compiles`]); its first run checks
//! the client's dependencies once (about two minutes on 2 cores), later runs
//! a few seconds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{mpsc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use codegen::diagnostics::{Code, Diagnostic, Severity};
use codegen::load::LoadError;
use codegen::pointer::Pointer;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_yaml::{Mapping, Value};

// ---------------------------------------------------------------------------
// Running cases
// ---------------------------------------------------------------------------

/// The number of property cases shared by the tests when `PROPTEST_CASES`
/// is not set.
const DEFAULT_TOTAL_CASES: u64 = 10_000;

/// The seed used when `PROPTEST_RNG_SEED` is not set.
const DEFAULT_SEED: u64 = 0x0A11_CA5E_5EED;

/// How long one case may take before it counts as a hang. Generous: the
/// slowest case takes well under a second in a debug build.
const CASE_LIMIT: Duration = Duration::from_secs(20);

/// The stack every case runs on: what a spawned thread (a test, a Tokio
/// worker) gets by default.
const STACK_SIZE: usize = 2 * 1024 * 1024;

/// The proptest configuration of a test that runs `percent` of the cases.
fn config(percent: u64) -> Config {
    let total = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse::<u64>().ok())
        .unwrap_or(DEFAULT_TOTAL_CASES);
    let defaults = Config::default();
    let rng_seed = match std::env::var_os("PROPTEST_RNG_SEED") {
        Some(_) => defaults.rng_seed,
        None => RngSeed::Fixed(DEFAULT_SEED),
    };
    Config {
        cases: u32::try_from((total * percent / 100).max(1)).unwrap_or(u32::MAX),
        failure_persistence: None,
        rng_seed,
        ..defaults
    }
}

/// Runs `job` on a fresh thread with a [`STACK_SIZE`] stack; fails when it
/// panics, overflows (the process aborts) or takes longer than [`CASE_LIMIT`].
fn bounded<T: Send + 'static>(what: &str, job: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = mpsc::channel();
    let worker = thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let _ = sender.send(job());
        })
        .expect("spawn a worker thread");
    match receiver.recv_timeout(CASE_LIMIT) {
        Ok(value) => {
            let _ = worker.join();
            value
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: no answer after {CASE_LIMIT:?}: the generator hangs")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let message = match worker.join() {
                Err(payload) => panic_text(payload.as_ref()),
                Ok(()) => "the worker ended without an answer".to_owned(),
            };
            panic!("{what}: the generator panicked: {message}")
        }
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// How a case ended, counted per test and printed with `--nocapture`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    SyntaxError,
    ShapeError,
    Invalid,
    Lowered,
    Generated,
}

/// Counts of outcomes and the slowest case of one property test.
#[derive(Default)]
struct Tally {
    outcomes: BTreeMap<Outcome, usize>,
    slowest: Duration,
}

/// Runs the property `name` over `strategy`, each case through [`check`],
/// and prints what the cases came to.
fn run_property<S>(name: &str, percent: u64, strategy: S, to_input: fn(&S::Value) -> Input)
where
    S: Strategy,
{
    let tally = Mutex::new(Tally::default());
    let started = Instant::now();
    let mut runner = TestRunner::new(config(percent));
    let cases = runner.config().cases;
    let result = runner.run(&strategy, |case| {
        let input = to_input(&case);
        let case_started = Instant::now();
        let outcome = bounded(name, move || check(&input)).map_err(TestCaseError::fail)?;
        let elapsed = case_started.elapsed();
        if let Ok(mut tally) = tally.lock() {
            *tally.outcomes.entry(outcome).or_default() += 1;
            tally.slowest = tally.slowest.max(elapsed);
        }
        Ok(())
    });
    if let Ok(tally) = tally.lock() {
        eprintln!(
            "{name}: {cases} cases in {:.1} s, slowest {:.0} ms: {:?}",
            started.elapsed().as_secs_f64(),
            tally.slowest.as_secs_f64() * 1000.0,
            tally.outcomes
        );
    }
    if let Err(error) = result {
        panic!("{name}: {error}");
    }
}

// ---------------------------------------------------------------------------
// Checking one input
// ---------------------------------------------------------------------------

/// One spec to feed the generator.
#[derive(Clone, Debug)]
struct Input {
    /// The seed it was made from, for failure messages.
    seed: &'static str,
    bytes: Vec<u8>,
    /// The YAML tree the bytes were written from, when there is one, so
    /// that pointers can be checked without parsing the bytes again.
    tree: Option<Value>,
    /// Whether to run the whole generator (emit and format) when lowering
    /// finds no error; the other cases stop after lowering.
    generate: bool,
}

fn options() -> codegen::Options {
    codegen::Options {
        crate_name: "fuzzed-client".to_owned(),
        crate_version: None,
        spec_label: "fuzzed.yaml".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: true,
        smoke_tests: false,
        levels: codegen::Levels::default(),
    }
}

/// Feeds `input` to the loader, the lowering pass and (when asked) the whole
/// generator, and checks what comes back. `Err` says what is wrong, with the
/// spec that shows it.
fn check(input: &Input) -> Result<Outcome, String> {
    let spec = String::from_utf8_lossy(&input.bytes);
    let shown = || format!("(from {})\n{}", input.seed, excerpt(&spec));
    let document = match codegen::load::load(&input.bytes) {
        Ok(document) => document,
        Err(error) => {
            let outcome = match &error {
                LoadError::Syntax { .. } => Outcome::SyntaxError,
                LoadError::Shape(_) => Outcome::ShapeError,
            };
            check_load_error(&error, input)
                .map_err(|problem| format!("{problem}\nspec:\n{}", shown()))?;
            return Ok(outcome);
        }
    };
    let (_, diagnostics) = codegen::lower::lower(&document);
    if diagnostics.iter().next().is_some() {
        let tree = tree_of(input)?;
        for diagnostic in diagnostics.iter() {
            check_diagnostic(diagnostic, &tree)
                .map_err(|problem| format!("{problem}\nspec:\n{}", shown()))?;
        }
    }
    if diagnostics.has_errors() {
        return Ok(Outcome::Invalid);
    }
    if !input.generate {
        return Ok(Outcome::Lowered);
    }
    match codegen::generate(&input.bytes, &options()) {
        Ok(output) => {
            check_output(&output).map_err(|problem| format!("{problem}\nspec:\n{}", shown()))?;
            Ok(Outcome::Generated)
        }
        Err(error) => Err(format!(
            "lowering reported no error, but generation failed: {error}\nspec:\n{}",
            shown()
        )),
    }
}

/// The start of a spec, for failure messages.
fn excerpt(spec: &str) -> String {
    const LIMIT: usize = 6_000;
    match spec.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}\n[… {} more bytes]", &spec[..end], spec.len() - end),
        None => spec.to_owned(),
    }
}

/// Syntax errors for which the YAML parser gives no position (reported as
/// a gap: the loader cannot locate them yet).
const UNLOCATED: &[&str] =
    &["deserializing from YAML containing more than one document is not supported"];

/// The YAML tree of the input.
fn tree_of(input: &Input) -> Result<std::borrow::Cow<'_, Value>, String> {
    match &input.tree {
        Some(tree) => Ok(std::borrow::Cow::Borrowed(tree)),
        None => serde_yaml::from_slice(&input.bytes)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| format!("the loader read bytes that are no YAML tree: {e}")),
    }
}

/// A load error names where it is: a line and a column for a syntax error, a
/// pointer into the document for a shape error.
fn check_load_error(error: &LoadError, input: &Input) -> Result<(), String> {
    match error {
        LoadError::Syntax {
            line: Some(_),
            column: Some(_),
            message,
        } if !message.is_empty() => Ok(()),
        LoadError::Syntax { message, .. } if UNLOCATED.contains(&message.as_str()) => Ok(()),
        LoadError::Syntax { .. } => Err(format!(
            "a syntax error without its line and column: {error:?}"
        )),
        LoadError::Shape(diagnostic) => check_diagnostic(diagnostic, tree_of(input)?.as_ref()),
    }
}

/// A diagnostic's pointer names a node of `tree`, or a missing key of one
/// (a required field that is absent), and its text shows the pointer.
fn check_diagnostic(diagnostic: &Diagnostic, tree: &Value) -> Result<(), String> {
    let pointer = diagnostic.pointer.to_string();
    let text = diagnostic.to_string();
    let label = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    if !text.starts_with(&format!("{label}[{}]: {pointer}: ", diagnostic.code)) {
        return Err(format!(
            "the diagnostic does not start with its code and pointer: {text}"
        ));
    }
    if !Code::ALL.contains(&diagnostic.code) {
        return Err(format!("the code is missing from Code::ALL: {text}"));
    }
    if diagnostic.severity != diagnostic.code.severity() {
        return Err(format!(
            "the diagnostic's severity is not its code's ({:?}): {text}",
            diagnostic.code.severity()
        ));
    }
    let tokens = diagnostic.pointer.tokens();
    let found = resolved_prefix(tree, &diagnostic.pointer);
    if found + 1 < tokens.len() {
        return Err(format!(
            "the pointer {pointer} names nothing in the spec (only {} of its {} tokens resolve): {text}",
            found,
            tokens.len()
        ));
    }
    Ok(())
}

/// How many leading tokens of `pointer` name nodes of `tree`.
fn resolved_prefix(tree: &Value, pointer: &Pointer) -> usize {
    let mut node = untagged(tree);
    for (depth, token) in pointer.tokens().iter().enumerate() {
        let next = match node {
            Value::Mapping(mapping) => mapping
                .iter()
                .find(|(key, _)| key_text(key).as_deref() == Some(token.as_str()))
                .map(|(_, value)| value),
            Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(next) => node = untagged(next),
            None => return depth,
        }
    }
    pointer.tokens().len()
}

/// The value under any YAML tags (`!custom {...}`), which OpenAPI ignores.
fn untagged(mut value: &Value) -> &Value {
    while let Value::Tagged(tagged) = value {
        value = &tagged.value;
    }
    value
}

/// A mapping key as the pointer token it would be.
fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null => Some("null".to_owned()),
        Value::Tagged(tagged) => key_text(&tagged.value),
        _ => None,
    }
}

/// Every generated Rust file parses; `Cargo.toml` keeps its line structure
/// whatever the spec's title holds.
fn check_output(output: &codegen::Output) -> Result<(), String> {
    if output.files.is_empty() {
        return Err("generation succeeded with no file".to_owned());
    }
    for file in &output.files {
        if file.path.ends_with(".rs") {
            if let Err(error) = syn::parse_file(&file.contents) {
                return Err(format!("{} is not valid Rust: {error}", file.path));
            }
        } else if file.path == "Cargo.toml" {
            check_manifest(&file.contents)?;
        }
    }
    Ok(())
}

/// Every line of the manifest is blank, a comment, a table header or a
/// `key = value` pair.
fn check_manifest(text: &str) -> Result<(), String> {
    for line in text.lines() {
        let is_pair = line.split_once(" = ").is_some_and(|(key, _)| {
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        });
        let is_table = line.starts_with('[') && line.ends_with(']');
        if !(line.is_empty() || line.starts_with('#') || is_table || is_pair) {
            return Err(format!("Cargo.toml has a stray line `{line}`:\n{text}"));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------

/// A valid spec to start from.
struct Seed {
    name: String,
    text: String,
    tree: Value,
}

/// `spec/conversations.yaml` first, then every fixture that parses as YAML,
/// sorted by name.
fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut paths = vec![root.join("../spec/conversations.yaml")];
        let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
            .expect("tests/fixtures is readable")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
            // The corpus and the hygiene fixture are whole APIs, mutated
            // here at ten times the cost of the small fixtures for no more
            // kinds of node; the golden test covers them.
            .filter(|path| {
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                !name.starts_with("corpus_") && name != "hygiene.yaml"
            })
            .collect();
        fixtures.sort();
        paths.extend(fixtures);
        paths
            .into_iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(&path).ok()?;
                let tree = serde_yaml::from_str(&text).ok()?;
                let name = path.file_name()?.to_string_lossy().into_owned();
                Some(Seed { name, text, tree })
            })
            .collect()
    })
}

/// The seeds other than the Conversations spec: small and cheap.
fn fixture_seeds() -> std::ops::Range<usize> {
    1..seeds().len()
}

// ---------------------------------------------------------------------------
// Tree mutations
// ---------------------------------------------------------------------------

/// Names that are hard to turn into Rust: keywords, names the generated code
/// uses, non-ASCII, emoji, empty and blank strings, punctuation, control
/// characters, very long names.
const ODD_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "async",
    "await",
    "dyn",
    "try",
    "union",
    "r#type",
    "_",
    "__",
    "match",
    "impl",
    "static",
    "Box",
    "Option",
    "Result",
    "String",
    "Vec",
    "Client",
    "Error",
    "Value",
    "Unknown",
    "Empty",
    "None",
    "Some",
    "Ok",
    "Err",
    "",
    " ",
    "\t",
    "日本語",
    "naïve",
    "Ωmega",
    "🦀",
    "🦀🦀",
    "a🦀b",
    "ß",
    "İstanbul",
    "e\u{301}",
    "مرحبا",
    "\u{200b}",
    "123",
    "1a",
    "-",
    "a-b",
    "a.b",
    "a b",
    "$",
    "a$b",
    "\u{0}",
    "a\nb",
    "a\rb",
    "\"",
    "'",
    "\\",
    "}",
    "{id}",
    "/",
    "~1",
    "#",
    "*/",
    "/*",
    "//",
    "///",
    "#[x]",
    "a::b",
    "in progress",
    "IN_PROGRESS",
    "InProgress",
    "in-progress",
];

/// A very long name, built once.
fn long_name() -> &'static str {
    static LONG: OnceLock<String> = OnceLock::new();
    LONG.get_or_init(|| "veryLongName".repeat(40))
}

/// The odd name number `index`.
fn odd_name(index: usize) -> &'static str {
    ODD_NAMES.get(index).copied().unwrap_or_else(long_name)
}

/// What a node is replaced with by [`Mutation::Retype`].
#[derive(Clone, Copy, Debug)]
enum Kind {
    Null,
    Bool,
    Integer,
    NegativeFloat,
    Text,
    EmptyText,
    /// A number written as text, or text read as a number.
    Flipped,
    /// The node inside a list.
    Listed,
    EmptyList,
    /// The node inside a mapping.
    Wrapped,
    EmptyMapping,
}

/// How [`Mutation::Cycle`] makes schemas refer to themselves.
#[derive(Clone, Copy, Debug)]
enum CycleKind {
    /// `a: {$ref: b}`, `b: {$ref: a}`.
    Aliases,
    /// `a: {$ref: a}`.
    SelfAlias,
    /// `a.properties.next: {$ref: a}`.
    Property,
    /// The same, nullable.
    NullableProperty,
    /// `a.properties.next` is `b`, `b.properties.back` is `a`.
    PropertyPair,
    /// `a: {type: array, items: {$ref: a}}`.
    Items,
    /// `a.additionalProperties: {$ref: a}`.
    Map,
    /// `a: {allOf: [{$ref: b}]}`, `b: {allOf: [{$ref: a}, {...}]}`.
    AllOf,
    /// `a: {allOf: [{$ref: a}]}`.
    SelfAllOf,
    /// `a: {oneOf: [{$ref: a}, {type: string}]}`.
    OneOf,
    /// `a: {anyOf: [{$ref: b}]}`, `b: {anyOf: [{$ref: a}, {type: integer}]}`.
    AnyOf,
    /// A property that is `allOf: [{$ref: a}]` inside `a`.
    PropertyAllOf,
    /// `components.parameters` that refer to each other, used by an operation.
    Parameters,
    /// `components.responses` that refer to each other, used by an operation.
    Responses,
    /// `components.requestBodies` that refer to each other, used by an operation.
    RequestBodies,
}

/// How [`Mutation::Collide`] makes two names clash.
#[derive(Clone, Copy, Debug)]
enum Collision {
    /// Two operations with the same operationId.
    OperationId,
    /// A component schema key beside a variant of it (`agentId`, `AgentId`).
    SchemaKey,
    /// A schema titled like another type.
    Title,
    /// A property beside a variant of its name.
    Property,
    /// An enum value beside a variant of it, or twice.
    EnumValue,
    /// A path whose derived operationId is another's.
    DerivedOperationId,
    /// A parameter listed twice, or with a name differing by case.
    Parameter,
    /// `oneOf` alternatives that get the same variant name.
    Variant,
}

/// How [`Mutation::Nest`] nests.
#[derive(Clone, Copy, Debug)]
enum Nesting {
    Objects,
    Lists,
    Properties,
    Items,
    AllOf,
    OneOf,
    AdditionalProperties,
}

/// One structural change to a spec tree. Nodes are picked by [`Index`]
/// among the candidates each mutation looks for (any node when none fits).
#[derive(Clone, Debug)]
enum Mutation {
    /// Removes a mapping entry or a list item.
    Remove(Index),
    /// Replaces a node with a value of another kind.
    Retype(Index, Kind),
    /// Renames a mapping key (preferably a name: a property, a schema key,
    /// a path) to an odd name.
    RenameKey(Index, usize),
    /// Sets a name (operationId, title, parameter name, enum value) to an
    /// odd name.
    SetName(Index, usize),
    /// Points an existing `$ref` (when `true`), or a schema, at a reference
    /// that names nothing usable.
    DanglingRef(Index, usize, bool),
    /// Makes components refer to themselves.
    Cycle(Index, Index, CycleKind),
    /// Makes two names clash.
    Collide(Index, Index, usize, Collision),
    /// Adds this many paths (one operation each) and schemas.
    Grow(usize),
    /// Puts a structure this deep at a schema (or any node).
    Nest(Index, Nesting, usize),
}

/// References that resolve to nothing usable.
const BAD_REFS: &[&str] = &[
    "#/components/schemas/Missing",
    "#/components/schemas/",
    "#/components/schemas",
    "#/components/schemas/a/b",
    "#/components/parameters/Missing",
    "#/components/responses/Missing",
    "#/components/requestBodies/Missing",
    "#/paths",
    "#",
    "#/",
    "",
    "Missing",
    "other.yaml#/components/schemas/Note",
    "https://example.com/spec.json#/components/schemas/Note",
    "#/components/schemas/~1x~0",
    "#/components/schemas/🦀",
];

/// One step from a node to a child.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(Value),
    Item(usize),
}

type Path = Vec<Step>;

/// The key a step is under, when it is a text key.
fn step_key(step: &Step) -> Option<&str> {
    match step {
        Step::Key(Value::String(key)) => Some(key),
        _ => None,
    }
}

/// A test on a node and the path to it.
type Keep<'k> = &'k dyn Fn(&[Step], &Value) -> bool;

/// Visits the nodes below `node` (at `path`) depth first, counting those
/// `keep` accepts; returns the path of the one numbered `wanted`.
fn visit(
    node: &Value,
    path: &mut Path,
    keep: Keep,
    seen: &mut usize,
    wanted: usize,
) -> Option<Path> {
    if !path.is_empty() && keep(path, node) {
        if *seen == wanted {
            return Some(path.clone());
        }
        *seen += 1;
    }
    let found = match node {
        Value::Mapping(mapping) => mapping.iter().find_map(|(key, child)| {
            path.push(Step::Key(key.clone()));
            let found = visit(child, path, keep, seen, wanted);
            path.pop();
            found
        }),
        Value::Sequence(items) => items.iter().enumerate().find_map(|(index, child)| {
            path.push(Step::Item(index));
            let found = visit(child, path, keep, seen, wanted);
            path.pop();
            found
        }),
        _ => None,
    };
    found
}

/// How many nodes below `root` `keep` accepts.
fn count_paths(root: &Value, keep: Keep) -> usize {
    let mut seen = 0;
    visit(root, &mut Vec::new(), keep, &mut seen, usize::MAX);
    seen
}

/// The path of the node below `root` that `keep` accepts and `index` picks.
fn nth_path(root: &Value, keep: Keep, index: &Index) -> Option<Path> {
    let count = count_paths(root, keep);
    if count == 0 {
        return None;
    }
    visit(root, &mut Vec::new(), keep, &mut 0, index.index(count))
}

/// The node at `path`.
fn node_mut<'v>(root: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut node = root;
    for step in path {
        node = match (step, node) {
            (Step::Key(key), Value::Mapping(mapping)) => mapping.get_mut(key)?,
            (Step::Item(index), Value::Sequence(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Picks one of the paths `keep` accepts, or any path when it accepts none.
fn pick(root: &Value, index: &Index, keep: Keep) -> Option<Path> {
    nth_path(root, keep, index).or_else(|| nth_path(root, &|_, _| true, index))
}

/// Keys that hold a name the generator turns into an identifier.
const NAME_KEYS: &[&str] = &[
    "operationId",
    "title",
    "name",
    "x-one-of-name",
    "x-one-of-field",
    "x-crate-version",
];

/// Mappings whose keys are names.
const NAMED_MAPS: &[&str] = &[
    "properties",
    "schemas",
    "paths",
    "parameters",
    "requestBodies",
    "responses",
    "securitySchemes",
    "content",
];

/// Whether the node at `path` is a name: the value of a [`NAME_KEYS`] key or
/// an enum value.
fn is_name(path: &[Step], node: &Value) -> bool {
    let parent = path.len().checked_sub(2).and_then(|i| path.get(i));
    let last = path.last();
    let named = last
        .and_then(step_key)
        .is_some_and(|k| NAME_KEYS.contains(&k));
    let enum_value =
        matches!(last, Some(Step::Item(_))) && parent.and_then(step_key) == Some("enum");
    (named || enum_value) && !matches!(node, Value::Mapping(_) | Value::Sequence(_))
}

/// Whether the node at `path` is an entry of a mapping whose keys are names.
fn is_named_entry(path: &[Step], _: &Value) -> bool {
    matches!(path.last(), Some(Step::Key(_)))
        && path
            .len()
            .checked_sub(2)
            .and_then(|i| path.get(i))
            .and_then(step_key)
            .is_some_and(|k| NAMED_MAPS.contains(&k))
}

/// Whether the node at `path` stands where a schema does.
fn is_schema(path: &[Step], node: &Value) -> bool {
    if !matches!(node, Value::Mapping(_)) {
        return false;
    }
    let last = path.last().and_then(step_key);
    let parent = path
        .len()
        .checked_sub(2)
        .and_then(|i| path.get(i))
        .and_then(step_key);
    matches!(last, Some("schema" | "items" | "additionalProperties"))
        || matches!(parent, Some("properties" | "schemas"))
        || (matches!(path.last(), Some(Step::Item(_)))
            && matches!(parent, Some("allOf" | "oneOf" | "anyOf")))
}

/// Whether the node at `path` is an operation.
fn is_operation(path: &[Step], node: &Value) -> bool {
    matches!(node, Value::Mapping(_))
        && path.len() == 3
        && path.first().and_then(step_key) == Some("paths")
        && path.last().and_then(step_key).is_some_and(|m| {
            matches!(
                m,
                "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace"
            )
        })
}

/// The mapping at `keys` below `root`, made (over whatever was there) where
/// it is missing or not a mapping.
fn ensure_mapping<'v>(root: &'v mut Value, keys: &[&str]) -> &'v mut Mapping {
    let mut node = root;
    for key in keys {
        if !node.is_mapping() {
            *node = Value::Mapping(Mapping::new());
        }
        node = match node {
            Value::Mapping(mapping) => mapping.entry(Value::from(*key)).or_insert(Value::Null),
            _ => unreachable!("made a mapping above"),
        };
    }
    if !node.is_mapping() {
        *node = Value::Mapping(Mapping::new());
    }
    match node {
        Value::Mapping(mapping) => mapping,
        _ => unreachable!("made a mapping above"),
    }
}

/// Parses a small YAML snippet written in this file.
fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("bad snippet {text}: {e}"))
}

/// `{$ref: '#/components/{section}/{name}'}`.
fn reference(section: &str, name: &str) -> Value {
    let mut mapping = Mapping::new();
    mapping.insert(
        Value::from("$ref"),
        Value::from(format!("#/components/{section}/{name}")),
    );
    Value::Mapping(mapping)
}

/// A variant of `name` that a naming rule may map to the same identifier.
fn name_variant(name: &str, how: usize) -> String {
    let mut chars = name.chars();
    match how % 7 {
        0 => name.to_lowercase(),
        1 => name.to_uppercase(),
        2 => match chars.next() {
            Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => "x".to_owned(),
        },
        3 => {
            let mut out = String::new();
            for c in name.chars() {
                if c.is_uppercase() && !out.is_empty() {
                    out.push('_');
                }
                out.extend(c.to_lowercase());
            }
            out
        }
        4 => format!("{name}_"),
        5 => name.replace(|c: char| !c.is_alphanumeric(), "-"),
        _ => name.to_owned(),
    }
}

impl Mutation {
    /// Applies the mutation to `tree`.
    fn apply(&self, tree: &mut Value) {
        match self {
            Mutation::Remove(at) => remove(tree, at),
            Mutation::Retype(at, kind) => {
                if let Some(path) = pick(tree, at, &|_, _| true) {
                    if let Some(node) = node_mut(tree, &path) {
                        *node = retyped(node, *kind);
                    }
                }
            }
            Mutation::RenameKey(at, name) => rename_key(tree, at, odd_name(*name)),
            Mutation::SetName(at, name) => {
                if let Some(path) = pick(tree, at, &is_name) {
                    if let Some(node) = node_mut(tree, &path) {
                        *node = Value::from(odd_name(*name));
                    }
                }
            }
            Mutation::DanglingRef(at, which, existing) => {
                let target = BAD_REFS[which % BAD_REFS.len()];
                let path = if *existing {
                    pick(tree, at, &|path, node| {
                        path.last().and_then(step_key) == Some("$ref") && node.is_string()
                    })
                } else {
                    pick(tree, at, &is_schema)
                };
                if let Some(path) = path {
                    if let Some(node) = node_mut(tree, &path) {
                        if node.is_string() {
                            *node = Value::from(target);
                        } else {
                            let mut mapping = Mapping::new();
                            mapping.insert(Value::from("$ref"), Value::from(target));
                            *node = Value::Mapping(mapping);
                        }
                    }
                }
            }
            Mutation::Cycle(a, b, kind) => cycle(tree, a, b, *kind),
            Mutation::Collide(a, b, how, kind) => collide(tree, a, b, *how, *kind),
            Mutation::Grow(count) => grow(tree, *count),
            Mutation::Nest(at, nesting, depth) => {
                if let Some(path) = pick(tree, at, &is_schema) {
                    if let Some(node) = node_mut(tree, &path) {
                        *node = nested(*nesting, *depth);
                    }
                }
            }
        }
    }
}

fn remove(tree: &mut Value, at: &Index) {
    let Some(path) = pick(tree, at, &|_, _| true) else {
        return;
    };
    let Some((last, parent_path)) = path.split_last() else {
        return;
    };
    match (node_mut(tree, parent_path), last) {
        (Some(Value::Mapping(mapping)), Step::Key(key)) => {
            mapping.remove(key);
        }
        (Some(Value::Sequence(items)), Step::Item(index)) if *index < items.len() => {
            items.remove(*index);
        }
        _ => {}
    }
}

fn retyped(node: &Value, kind: Kind) -> Value {
    match kind {
        Kind::Null => Value::Null,
        Kind::Bool => Value::Bool(true),
        Kind::Integer => Value::from(7),
        Kind::NegativeFloat => Value::from(-1.5),
        Kind::Text => Value::from("text"),
        Kind::EmptyText => Value::from(""),
        Kind::Flipped => match node {
            Value::Number(number) => Value::from(number.to_string()),
            Value::Bool(flag) => Value::from(flag.to_string()),
            Value::String(text) => serde_yaml::from_str::<Value>(text)
                .ok()
                .filter(|v| matches!(v, Value::Number(_) | Value::Bool(_) | Value::Null))
                .unwrap_or(Value::from(3)),
            Value::Sequence(items) => items.first().cloned().unwrap_or(Value::Null),
            Value::Mapping(mapping) => Value::Sequence(mapping.values().cloned().collect()),
            other => other.clone(),
        },
        Kind::Listed => Value::Sequence(vec![node.clone()]),
        Kind::EmptyList => Value::Sequence(Vec::new()),
        Kind::Wrapped => {
            let mut mapping = Mapping::new();
            mapping.insert(Value::from("x"), node.clone());
            Value::Mapping(mapping)
        }
        Kind::EmptyMapping => Value::Mapping(Mapping::new()),
    }
}

fn rename_key(tree: &mut Value, at: &Index, name: &str) {
    let Some(path) = pick(tree, at, &is_named_entry) else {
        return;
    };
    let Some((Step::Key(key), parent_path)) = path.split_last() else {
        return;
    };
    if let Some(Value::Mapping(mapping)) = node_mut(tree, parent_path) {
        // Keep the entry's place: rebuild the mapping in order.
        let entries: Vec<(Value, Value)> = std::mem::take(mapping).into_iter().collect();
        for (k, v) in entries {
            if &k == key {
                mapping.insert(Value::from(name), v);
            } else {
                mapping.insert(k, v);
            }
        }
    }
}

/// A mapping from `(key, value)` pairs.
fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Mapping(
        entries
            .into_iter()
            .map(|(key, value)| (Value::from(key), value))
            .collect(),
    )
}

/// The keys of the component schemas `a` and `b` pick, two schemas made up
/// when there are fewer.
fn two_schema_names(tree: &mut Value, a: &Index, b: &Index) -> (String, String) {
    let schemas = ensure_mapping(tree, &["components", "schemas"]);
    let mut names: Vec<String> = schemas
        .keys()
        .filter_map(|k| k.as_str().map(str::to_owned))
        .collect();
    for extra in ["CycleA", "CycleB"] {
        if names.len() < 2 && !names.iter().any(|n| n == extra) {
            schemas.insert(Value::from(extra), yaml("{type: string}"));
            names.push(extra.to_owned());
        }
    }
    (
        names[a.index(names.len())].clone(),
        names[b.index(names.len())].clone(),
    )
}

/// The path of an operation `at` picks, one made up when there is none.
fn some_operation(tree: &mut Value, at: &Index) -> Path {
    if count_paths(tree, &is_operation) == 0 {
        grow(tree, 1);
    }
    nth_path(tree, &is_operation, at).unwrap_or_default()
}

/// The mapping of the operation at `path`.
fn operation_mut<'v>(tree: &'v mut Value, path: &[Step]) -> &'v mut Mapping {
    match node_mut(tree, path) {
        Some(Value::Mapping(mapping)) => mapping,
        _ => unreachable!("some_operation returns the path of an operation"),
    }
}

fn cycle(tree: &mut Value, a: &Index, b: &Index, kind: CycleKind) {
    let (section, first, second) = match kind {
        CycleKind::Parameters => ("parameters", "CycleP", "CycleQ"),
        CycleKind::Responses => ("responses", "CycleR", "CycleS"),
        CycleKind::RequestBodies => ("requestBodies", "CycleB", "CycleC"),
        _ => return schema_cycle(tree, a, b, kind),
    };
    let components = ensure_mapping(tree, &["components", section]);
    components.insert(Value::from(first), reference(section, second));
    components.insert(Value::from(second), reference(section, first));
    let path = some_operation(tree, a);
    let operation = operation_mut(tree, &path);
    let used = reference(section, first);
    match kind {
        CycleKind::Parameters => {
            let list = operation
                .entry(Value::from("parameters"))
                .or_insert(Value::Sequence(Vec::new()));
            match list {
                Value::Sequence(items) => items.push(used),
                other => *other = Value::Sequence(vec![used]),
            }
        }
        CycleKind::Responses => {
            let responses = operation
                .entry(Value::from("responses"))
                .or_insert(Value::Mapping(Mapping::new()));
            if !responses.is_mapping() {
                *responses = Value::Mapping(Mapping::new());
            }
            if let Value::Mapping(responses) = responses {
                responses.insert(Value::from("200"), used);
            }
        }
        _ => {
            operation.insert(Value::from("requestBody"), used);
        }
    }
}

fn schema_cycle(tree: &mut Value, a: &Index, b: &Index, kind: CycleKind) {
    let (x, y) = two_schema_names(tree, a, b);
    let (to_x, to_y) = (reference("schemas", &x), reference("schemas", &y));
    let object = |properties: Vec<(&str, Value)>| {
        map(vec![
            ("type", Value::from("object")),
            ("properties", map(properties)),
        ])
    };
    let mut set: Vec<(String, Value)> = Vec::new();
    match kind {
        CycleKind::Aliases => {
            set.push((y.clone(), to_x.clone()));
            set.push((x.clone(), to_y.clone()));
        }
        CycleKind::SelfAlias => set.push((x.clone(), to_x.clone())),
        CycleKind::Property => set.push((
            x.clone(),
            object(vec![
                ("next", to_x.clone()),
                ("name", yaml("{type: string}")),
            ]),
        )),
        CycleKind::NullableProperty => set.push((
            x.clone(),
            object(vec![(
                "next",
                map(vec![
                    ("nullable", Value::Bool(true)),
                    ("allOf", Value::Sequence(vec![to_x.clone()])),
                ]),
            )]),
        )),
        CycleKind::PropertyPair => {
            set.push((x.clone(), object(vec![("next", to_y.clone())])));
            set.push((y.clone(), object(vec![("back", to_x.clone())])));
        }
        CycleKind::Items => set.push((
            x.clone(),
            map(vec![
                ("type", Value::from("array")),
                ("items", to_x.clone()),
            ]),
        )),
        CycleKind::Map => set.push((
            x.clone(),
            map(vec![
                ("type", Value::from("object")),
                ("additionalProperties", to_x.clone()),
            ]),
        )),
        CycleKind::AllOf => {
            set.push((
                x.clone(),
                map(vec![("allOf", Value::Sequence(vec![to_y.clone()]))]),
            ));
            set.push((
                y.clone(),
                map(vec![(
                    "allOf",
                    Value::Sequence(vec![
                        to_x.clone(),
                        object(vec![("extra", yaml("{type: string}"))]),
                    ]),
                )]),
            ));
        }
        CycleKind::SelfAllOf => set.push((
            x.clone(),
            map(vec![("allOf", Value::Sequence(vec![to_x.clone()]))]),
        )),
        CycleKind::OneOf => set.push((
            x.clone(),
            map(vec![(
                "oneOf",
                Value::Sequence(vec![to_x.clone(), yaml("{type: string}")]),
            )]),
        )),
        CycleKind::AnyOf => {
            set.push((
                x.clone(),
                map(vec![(
                    "anyOf",
                    Value::Sequence(vec![to_y.clone(), yaml("{type: boolean}")]),
                )]),
            ));
            set.push((
                y.clone(),
                map(vec![(
                    "anyOf",
                    Value::Sequence(vec![to_x.clone(), yaml("{type: integer}")]),
                )]),
            ));
        }
        CycleKind::PropertyAllOf => set.push((
            x.clone(),
            object(vec![(
                "parent",
                map(vec![
                    ("description", Value::from("up")),
                    ("allOf", Value::Sequence(vec![to_x.clone()])),
                ]),
            )]),
        )),
        CycleKind::Parameters | CycleKind::Responses | CycleKind::RequestBodies => {}
    }
    let schemas = ensure_mapping(tree, &["components", "schemas"]);
    for (name, schema) in set {
        schemas.insert(Value::from(name), schema);
    }
}

fn collide(tree: &mut Value, a: &Index, b: &Index, how: usize, kind: Collision) {
    match kind {
        Collision::OperationId => {
            if count_paths(tree, &is_operation) < 2 {
                grow(tree, 2);
            }
            let first = some_operation(tree, a);
            let second = some_operation(tree, b);
            let id = operation_mut(tree, &first)
                .entry(Value::from("operationId"))
                .or_insert(Value::from("clash"))
                .clone();
            operation_mut(tree, &second).insert(Value::from("operationId"), id);
        }
        Collision::SchemaKey => {
            let (x, _) = two_schema_names(tree, a, b);
            let schemas = ensure_mapping(tree, &["components", "schemas"]);
            let schema = schemas.get(x.as_str()).cloned().unwrap_or(Value::Null);
            schemas.insert(Value::from(name_variant(&x, how)), schema);
        }
        Collision::Title => {
            let (x, _) = two_schema_names(tree, a, b);
            let title = if how.is_multiple_of(2) {
                name_variant(&x, how / 2)
            } else {
                "Clash".to_owned()
            };
            let targets: Vec<Path> = [a, b]
                .into_iter()
                .filter_map(|at| pick(tree, at, &is_schema))
                .collect();
            for path in targets {
                if let Some(Value::Mapping(schema)) = node_mut(tree, &path) {
                    schema.insert(Value::from("title"), Value::from(title.as_str()));
                }
            }
        }
        Collision::Property => {
            let Some(path) = pick(tree, a, &|path, node| {
                path.last().and_then(step_key) == Some("properties")
                    && node.as_mapping().is_some_and(|m| !m.is_empty())
            }) else {
                return;
            };
            if let Some(Value::Mapping(properties)) = node_mut(tree, &path) {
                if properties.is_empty() {
                    return;
                }
                let Some((key, value)) = properties
                    .iter()
                    .nth(b.index(properties.len()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                else {
                    return;
                };
                let name = key_text(&key).unwrap_or_default();
                properties.insert(Value::from(name_variant(&name, how)), value);
            }
        }
        Collision::EnumValue => {
            let Some(path) = pick(tree, a, &|path, node| {
                path.last().and_then(step_key) == Some("enum")
                    && node.as_sequence().is_some_and(|items| !items.is_empty())
            }) else {
                return;
            };
            if let Some(Value::Sequence(values)) = node_mut(tree, &path) {
                if values.is_empty() {
                    return;
                }
                let first = values
                    .get(b.index(values.len()))
                    .and_then(key_text)
                    .unwrap_or_default();
                values.push(Value::from(name_variant(&first, how)));
            }
        }
        Collision::DerivedOperationId => {
            const PAIRS: &[(&str, &str)] = &[
                ("/clash-path", "/clash_path"),
                ("/clash/path", "/clashPath"),
                ("/clash/{id}", "/clash/{other}"),
                ("/Clash", "/clash"),
                ("/clash/", "/clash"),
            ];
            let (first, second) = PAIRS[how % PAIRS.len()];
            let paths = ensure_mapping(tree, &["paths"]);
            for path in [first, second] {
                let parameters: Vec<Value> = path
                    .split('{')
                    .skip(1)
                    .filter_map(|rest| rest.split('}').next())
                    .map(|name| {
                        map(vec![
                            ("name", Value::from(name)),
                            ("in", Value::from("path")),
                            ("required", Value::Bool(true)),
                            ("schema", yaml("{type: string}")),
                        ])
                    })
                    .collect();
                let operation = map(vec![
                    ("parameters", Value::Sequence(parameters)),
                    ("responses", yaml("{'204': {description: done}}")),
                ]);
                paths.insert(Value::from(path), map(vec![("get", operation)]));
            }
        }
        Collision::Parameter => {
            let path = some_operation(tree, a);
            let operation = operation_mut(tree, &path);
            let list = operation
                .entry(Value::from("parameters"))
                .or_insert(Value::Sequence(Vec::new()));
            if !list.is_sequence() {
                *list = Value::Sequence(Vec::new());
            }
            if let Value::Sequence(items) = list {
                if items.is_empty() {
                    items.push(yaml("{name: limit, in: query, schema: {type: integer}}"));
                }
                let mut copy = items[b.index(items.len())].clone();
                if let Value::Mapping(parameter) = &mut copy {
                    let name = parameter.get("name").and_then(key_text).unwrap_or_default();
                    parameter.insert(Value::from("name"), Value::from(name_variant(&name, how)));
                }
                items.push(copy);
            }
        }
        Collision::Variant => {
            const UNIONS: &[&str] = &[
                "{oneOf: [{type: string}, {type: string, format: date}]}",
                "{oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}], x-one-of-name: Self}",
                "{anyOf: [{title: Same, type: object, properties: {a: {type: string}}}, {title: same, type: object, properties: {b: {type: integer}}}]}",
                "{oneOf: [{type: array, items: {type: string}}, {type: array, items: {type: string, format: email}}]}",
                "{type: object, properties: {kind: {type: string}}, oneOf: [{title: A, type: object, properties: {kind: {type: string}}}, {title: B, type: object, properties: {b: {type: string}}}]}",
            ];
            let (x, y) = two_schema_names(tree, a, b);
            let union = if how.is_multiple_of(3) {
                map(vec![(
                    "oneOf",
                    Value::Sequence(vec![reference("schemas", &x), reference("schemas", &y)]),
                )])
            } else {
                yaml(UNIONS[how % UNIONS.len()])
            };
            if let Some(path) = pick(tree, a, &is_schema) {
                if let Some(node) = node_mut(tree, &path) {
                    *node = union;
                }
            }
        }
    }
}

/// Adds `count` paths with one operation each, and a schema for each.
fn grow(tree: &mut Value, count: usize) {
    let start = ensure_mapping(tree, &["paths"]).len();
    for i in start..start + count {
        let operation = yaml(&format!(
            "{{get: {{operationId: grown{i}, parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}, {{name: limit, in: query, schema: {{type: integer, format: int32}}}}], responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Grown{i}'}}}}}}}}}}}}}}"
        ));
        ensure_mapping(tree, &["paths"])
            .insert(Value::from(format!("/grown/{i}/{{id}}")), operation);
        let schema = yaml("{type: object, required: [id], properties: {id: {type: string}, count: {type: integer}, tags: {type: array, items: {type: string}}, state: {type: string, enum: [open, closed]}}}");
        ensure_mapping(tree, &["components", "schemas"])
            .insert(Value::from(format!("Grown{i}")), schema);
    }
}

/// A schema (or plain structure) nested `depth` levels deep.
fn nested(nesting: Nesting, depth: usize) -> Value {
    // `allOf` merges object schemas only: its innermost part is an object
    // too, so that the whole nesting is a valid schema.
    let mut node = match nesting {
        Nesting::AllOf => yaml("{type: object, properties: {leaf: {type: string}}}"),
        _ => yaml("{type: string}"),
    };
    for level in 0..depth {
        node = match nesting {
            Nesting::Objects => map(vec![("a", node)]),
            Nesting::Lists => Value::Sequence(vec![node]),
            Nesting::Properties => map(vec![
                ("type", Value::from("object")),
                ("properties", map(vec![("p", node)])),
            ]),
            Nesting::Items => map(vec![("type", Value::from("array")), ("items", node)]),
            Nesting::AllOf => map(vec![(
                "allOf",
                Value::Sequence(vec![
                    node,
                    map(vec![
                        ("type", Value::from("object")),
                        (
                            "properties",
                            map(vec![(&format!("p{level}"), yaml("{type: string}"))]),
                        ),
                    ]),
                ]),
            )]),
            Nesting::OneOf => map(vec![(
                "oneOf",
                Value::Sequence(vec![node, yaml("{type: integer}")]),
            )]),
            Nesting::AdditionalProperties => map(vec![
                ("type", Value::from("object")),
                ("additionalProperties", node),
            ]),
        };
    }
    node
}

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// A seed, mutated as a tree, written as YAML or JSON.
#[derive(Clone, Debug)]
struct TreeCase {
    seed: usize,
    mutations: Vec<Mutation>,
    json: bool,
    generate: bool,
}

fn tree_input(case: &TreeCase) -> Input {
    let mut tree = seeds()[case.seed].tree.clone();
    for mutation in &case.mutations {
        mutation.apply(&mut tree);
    }
    let json = if case.json {
        serde_json::to_vec(&tree).ok()
    } else {
        None
    };
    // JSON writes keys as text, which is how pointers compare them anyway.
    let bytes = json.unwrap_or_else(|| {
        serde_yaml::to_string(&tree)
            .expect("a mutated tree is still YAML")
            .into_bytes()
    });
    Input {
        seed: &seeds()[case.seed].name,
        bytes,
        tree: Some(tree),
        generate: case.generate,
    }
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(vec![
        Kind::Null,
        Kind::Bool,
        Kind::Integer,
        Kind::NegativeFloat,
        Kind::Text,
        Kind::EmptyText,
        Kind::Flipped,
        Kind::Listed,
        Kind::EmptyList,
        Kind::Wrapped,
        Kind::EmptyMapping,
    ])
}

fn cycle_kind() -> impl Strategy<Value = CycleKind> {
    prop::sample::select(vec![
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
    ])
}

fn collision() -> impl Strategy<Value = Collision> {
    prop::sample::select(vec![
        Collision::OperationId,
        Collision::SchemaKey,
        Collision::Title,
        Collision::Property,
        Collision::EnumValue,
        Collision::DerivedOperationId,
        Collision::Parameter,
        Collision::Variant,
    ])
}

fn nesting() -> impl Strategy<Value = Nesting> {
    prop::sample::select(vec![
        Nesting::Objects,
        Nesting::Lists,
        Nesting::Properties,
        Nesting::Items,
        Nesting::AllOf,
        Nesting::OneOf,
        Nesting::AdditionalProperties,
    ])
}

/// Mutations that make names odd or make them clash.
fn naming_mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        2 => (any::<Index>(), 0..=ODD_NAMES.len()).prop_map(|(at, n)| Mutation::RenameKey(at, n)),
        2 => (any::<Index>(), 0..=ODD_NAMES.len()).prop_map(|(at, n)| Mutation::SetName(at, n)),
        2 => (any::<Index>(), any::<Index>(), 0..7usize, collision())
            .prop_map(|(a, b, how, kind)| Mutation::Collide(a, b, how, kind)),
    ]
    .boxed()
}

/// Any mutation.
fn mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::Remove),
        3 => (any::<Index>(), kind()).prop_map(|(at, kind)| Mutation::Retype(at, kind)),
        3 => naming_mutation(),
        2 => (any::<Index>(), 0..BAD_REFS.len(), any::<bool>())
            .prop_map(|(at, which, existing)| Mutation::DanglingRef(at, which, existing)),
        2 => (any::<Index>(), any::<Index>(), cycle_kind())
            .prop_map(|(a, b, kind)| Mutation::Cycle(a, b, kind)),
        1 => (1..8usize).prop_map(Mutation::Grow),
        1 => (any::<Index>(), nesting(), prop_oneof![8 => 1..40usize, 1 => 40..140usize])
            .prop_map(|(at, nesting, depth)| Mutation::Nest(at, nesting, depth)),
    ]
    .boxed()
}

fn tree_case(
    seeds: std::ops::Range<usize>,
    mutations: BoxedStrategy<Mutation>,
    count: std::ops::RangeInclusive<usize>,
    generate_rate: f64,
) -> impl Strategy<Value = TreeCase> {
    (
        seeds,
        prop::collection::vec(mutations, count),
        any::<bool>(),
        prop::bool::weighted(generate_rate),
    )
        .prop_map(|(seed, mutations, json, generate)| TreeCase {
            seed,
            mutations,
            json,
            generate,
        })
}

/// Bytes that break YAML or JSON, or mean something special in YAML.
const SNIPPETS: &[&[u8]] = &[
    b"\xff",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\x80",
    b"\xf0\x9f\xa6",
    b"\0",
    b"\xef\xbb\xbf",
    b"\t",
    b"\r",
    b"\x1b[0m",
    b"*undefined ",
    b"&anchor ",
    b"<<: *anchor\n",
    b"!!binary ",
    b"!custom ",
    b"!!map ",
    b"---\n",
    b"...\n",
    b"%YAML 1.2\n---\n",
    b"? ",
    b"- ",
    b": ",
    b"{",
    b"[",
    b"}",
    b"]",
    b"\"",
    b"'",
    b"|\n",
    b">-\n",
    b"#",
    b",",
    b"\n  ",
    b"$ref: '#/components/schemas/Missing'\n",
    b"type: [string]\n",
    b"~",
    b"1e999",
    b"0x1F",
    b".nan",
    b"99999999999999999999999",
];

/// One change to a spec's bytes.
#[derive(Clone, Debug)]
enum ByteEdit {
    /// Cuts the file here.
    Truncate(Index),
    /// Replaces one byte.
    Flip(Index, u8),
    /// Inserts a [`SNIPPETS`] entry.
    Insert(Index, usize),
    /// Deletes up to this many bytes.
    Delete(Index, u16),
    /// Repeats up to `.1` bytes `.2` times.
    Repeat(Index, u16, u8),
}

impl ByteEdit {
    fn apply(&self, bytes: &mut Vec<u8>) {
        let at = |index: &Index, bytes: &Vec<u8>| index.index(bytes.len() + 1);
        match self {
            ByteEdit::Truncate(index) => {
                let end = at(index, bytes);
                bytes.truncate(end);
            }
            ByteEdit::Flip(index, byte) => {
                if !bytes.is_empty() {
                    let i = index.index(bytes.len());
                    bytes[i] = *byte;
                }
            }
            ByteEdit::Insert(index, snippet) => {
                let i = at(index, bytes);
                let snippet = SNIPPETS[snippet % SNIPPETS.len()];
                bytes.splice(i..i, snippet.iter().copied());
            }
            ByteEdit::Delete(index, length) => {
                let i = at(index, bytes);
                let end = (i + usize::from(*length)).min(bytes.len());
                bytes.drain(i..end);
            }
            ByteEdit::Repeat(index, length, times) => {
                let i = at(index, bytes);
                let end = (i + usize::from(*length)).min(bytes.len());
                let chunk = bytes[i..end].to_vec();
                for _ in 0..*times {
                    bytes.splice(i..i, chunk.iter().copied());
                }
            }
        }
    }
}

/// A spec's bytes, edited; or bytes from nowhere.
#[derive(Clone, Debug)]
enum BytesCase {
    /// A seed's text (or the seed as JSON) with edits.
    Edited {
        seed: usize,
        json: bool,
        edits: Vec<ByteEdit>,
        generate: bool,
    },
    /// Random bytes.
    Random(Vec<u8>),
    /// Random YAML punctuation, letters and line breaks.
    Punctuation(Vec<u8>),
}

fn bytes_input(case: &BytesCase) -> Input {
    match case {
        BytesCase::Edited {
            seed,
            json,
            edits,
            generate,
        } => {
            let seed = &seeds()[*seed];
            let mut bytes = if *json {
                serde_json::to_vec(&seed.tree).expect("a seed is JSON too")
            } else {
                seed.text.clone().into_bytes()
            };
            for edit in edits {
                edit.apply(&mut bytes);
            }
            Input {
                seed: &seed.name,
                bytes,
                tree: None,
                generate: *generate,
            }
        }
        BytesCase::Random(bytes) | BytesCase::Punctuation(bytes) => Input {
            seed: "nothing",
            bytes: bytes.clone(),
            tree: None,
            generate: false,
        },
    }
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        2 => any::<Index>().prop_map(ByteEdit::Truncate),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| ByteEdit::Flip(at, byte)),
        4 => (any::<Index>(), 0..SNIPPETS.len()).prop_map(|(at, s)| ByteEdit::Insert(at, s)),
        1 => (any::<Index>(), 1..64u16).prop_map(|(at, n)| ByteEdit::Delete(at, n)),
        1 => (any::<Index>(), 1..64u16, 1..50u8).prop_map(|(at, n, t)| ByteEdit::Repeat(at, n, t)),
    ]
}

fn bytes_case() -> impl Strategy<Value = BytesCase> {
    const PUNCTUATION: &[u8] = b"[]{}:,-?&*!|>'\"%@`#~ \n\t\rab01.$/";
    prop_oneof![
        8 => (
            0..seeds().len(),
            prop::bool::weighted(0.3),
            prop::collection::vec(byte_edit(), 1..=3),
            prop::bool::weighted(0.05),
        )
            .prop_map(|(seed, json, edits, generate)| BytesCase::Edited {
                seed,
                json,
                edits,
                generate,
            }),
        1 => prop::collection::vec(any::<u8>(), 0..512).prop_map(BytesCase::Random),
        1 => prop::collection::vec(prop::sample::select(PUNCTUATION), 0..256)
            .prop_map(BytesCase::Punctuation),
    ]
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

#[test]
fn mutated_fixtures_give_typed_errors_or_valid_rust() {
    let strategy = tree_case(fixture_seeds(), mutation(), 1..=4, 0.02);
    run_property("mutated fixtures", 40, strategy, tree_input);
}

#[test]
fn mutated_conversations_spec_gives_typed_errors_or_valid_rust() {
    let strategy = tree_case(0..1, mutation(), 1..=3, 0.05);
    run_property("mutated Conversations spec", 3, strategy, tree_input);
}

#[test]
fn odd_and_colliding_names_give_typed_errors_or_valid_rust() {
    let strategy = tree_case(fixture_seeds(), naming_mutation(), 1..=3, 0.06);
    run_property("odd and colliding names", 12, strategy, tree_input);
}

#[test]
fn broken_bytes_give_typed_errors() {
    run_property("broken bytes", 45, bytes_case(), bytes_input);
}

// ---------------------------------------------------------------------------
// Deterministic cases
// ---------------------------------------------------------------------------

/// The top of a small valid spec, to which tests add `paths` and
/// `components`.
const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Fixture API, version: '1'}\nservers: [{url: 'https://example.test'}]\n";

/// Runs one input through [`check`] (bounded), failing on any problem.
fn checked(what: &str, bytes: Vec<u8>, generate: bool) -> Outcome {
    let input = Input {
        seed: "a deterministic case",
        bytes,
        tree: None,
        generate,
    };
    match bounded(what, move || check(&input)) {
        Ok(outcome) => outcome,
        Err(problem) => panic!("{what}: {problem}"),
    }
}

/// What `codegen::generate` says about `spec`: its error text, or `Ok`.
fn generate_text(spec: &[u8]) -> String {
    let spec = spec.to_vec();
    bounded("generate", move || {
        match codegen::generate(&spec, &options()) {
            Ok(output) => {
                let mut text = format!(
                    "Ok ({} operations, {} types)",
                    output.operations, output.types
                );
                for warning in &output.warnings {
                    text.push_str(&format!("\n{warning}"));
                }
                text
            }
            Err(error) => error.to_string(),
        }
    })
}

/// `{open}` `depth` times, a leaf, then `{close}` `depth` times.
fn nest_text(open: &str, leaf: &str, close: &str, depth: usize) -> String {
    let mut text = open.repeat(depth);
    text.push_str(leaf);
    text.push_str(&close.repeat(depth));
    text
}

#[test]
fn documents_ten_thousand_levels_deep_get_located_errors_quickly() {
    const DEPTH: usize = 10_000;
    let json_head =
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "x-deep": "#;
    let cases: Vec<(&str, String)> = vec![
        (
            "JSON objects",
            format!("{json_head}{}}}", nest_text(r#"{"a": "#, "1", "}", DEPTH)),
        ),
        (
            "JSON arrays",
            format!("{json_head}{}}}", nest_text("[", "1", "]", DEPTH)),
        ),
        (
            "JSON schema properties",
            format!(
                r#"{{"openapi": "3.0.3", "info": {{"title": "T", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"A": {}}}}}}}"#,
                nest_text(
                    r#"{"type": "object", "properties": {"p": "#,
                    r#"{"type": "string"}"#,
                    "}}",
                    DEPTH
                )
            ),
        ),
        (
            "YAML flow sequences",
            format!(
                "{HEAD}paths: {{}}\nx-deep: {}\n",
                nest_text("[", "1", "]", DEPTH)
            ),
        ),
        (
            "YAML flow mappings",
            format!(
                "{HEAD}paths: {{}}\nx-deep: {}\n",
                nest_text("{a: ", "1", "}", DEPTH)
            ),
        ),
        (
            "YAML block sequences",
            format!("{HEAD}paths: {{}}\nx-deep:\n  {}1\n", "- ".repeat(DEPTH)),
        ),
        (
            "YAML complex keys",
            format!("{HEAD}paths: {{}}\nx-deep:\n  {}1\n", "? ".repeat(DEPTH)),
        ),
        (
            "YAML block mappings (1,000 levels)",
            format!(
                "{HEAD}paths: {{}}\nx-deep:\n{}",
                (1..=1_000)
                    .map(|i| format!("{}a:\n", " ".repeat(i)))
                    .collect::<String>()
            ),
        ),
        (
            "unclosed brackets",
            format!("{HEAD}paths: {}", "[".repeat(DEPTH)),
        ),
    ];
    for (what, spec) in cases {
        let started = Instant::now();
        let outcome = checked(what, spec.into_bytes(), true);
        let elapsed = started.elapsed();
        assert_eq!(outcome, Outcome::SyntaxError, "{what}");
        assert!(elapsed < Duration::from_secs(5), "{what} took {elapsed:?}");
    }
}

/// Schemas nested about as deeply as the loader allows (32 levels) go through
/// loading, lowering and generation on a 2 MiB stack; one level more is a
/// located error.
#[test]
fn schemas_nested_to_the_limit_generate_on_a_small_stack() {
    let nestings = [
        Nesting::Properties,
        Nesting::Items,
        Nesting::AllOf,
        Nesting::OneOf,
        Nesting::AdditionalProperties,
    ];
    for nesting in nestings {
        for (depth, expected) in [(30, Outcome::Generated), (40, Outcome::ShapeError)] {
            let mut tree: Value = yaml(&format!("{HEAD}paths: {{}}"));
            ensure_mapping(&mut tree, &["components", "schemas"])
                .insert(Value::from("Deep"), nested(nesting, depth));
            let spec = serde_yaml::to_string(&tree).expect("YAML");
            let what = format!("{nesting:?} x{depth}");
            let outcome = checked(&what, spec.clone().into_bytes(), true);
            assert_eq!(
                outcome,
                expected,
                "{what}:\n{}",
                generate_text(spec.as_bytes())
            );
        }
    }
}

/// A spec larger than Brevo's whole API (272 operations) generates.
#[test]
fn hundreds_of_operations_and_schemas_generate_valid_rust() {
    let mut tree = seeds()[0].tree.clone();
    grow(&mut tree, 400);
    let spec = serde_yaml::to_string(&tree).expect("YAML");
    let started = Instant::now();
    let outcome = checked("409 operations", spec.into_bytes(), true);
    assert_eq!(outcome, Outcome::Generated);
    eprintln!(
        "409 operations generated and parsed in {:?}",
        started.elapsed()
    );
}

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

/// A spec whose types refer to themselves, directly and through other types.
const RECURSIVE_SPEC: &str = "openapi: 3.0.3
info: {title: Tree API, version: '1'}
servers: [{url: 'https://example.test'}]
paths:
  /nodes/{id}:
    get:
      operationId: getNode
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
components:
  schemas:
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        parent: {$ref: '#/components/schemas/Node'}
        previous: {nullable: true, allOf: [{$ref: '#/components/schemas/Node'}]}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        byName: {type: object, additionalProperties: {$ref: '#/components/schemas/Node'}}
        link: {$ref: '#/components/schemas/Link'}
    Link:
      type: object
      required: [target]
      properties:
        target: {$ref: '#/components/schemas/Node'}
    Expr:
      oneOf:
        - {$ref: '#/components/schemas/Sum'}
        - {type: integer}
    Sum:
      type: object
      required: [left, right]
      properties:
        left: {$ref: '#/components/schemas/Expr'}
        right: {$ref: '#/components/schemas/Expr'}
";

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

// ---------------------------------------------------------------------------
// Compiling a sample
// ---------------------------------------------------------------------------

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
        "# Written by codegen/tests/robustness.rs; crates generated from mutated specs.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
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

/// Representative bad specs, what the generator says about each, and the
/// codes of what it finds (none for syntax errors, which have no code).
fn common_bad_specs() -> Vec<(&'static str, Vec<u8>, &'static [Code])> {
    let deep_schema = nest_text("{allOf: [", "{type: string}", "]}", 40);
    let spec = |rest: &str| format!("{HEAD}{rest}").into_bytes();
    let op = |body: &str| spec(&format!("paths:\n  /notes:\n    get:\n{body}"));
    vec![
        ("tab indentation", b"openapi: 3.0.3\ninfo:\n\ttitle: T\n".to_vec(), &[]),
        ("truncated JSON", br#"{"openapi": "3.0.3", "info": {"title": "T", "vers"#.to_vec(), &[]),
        ("invalid UTF-8", b"openapi: 3.0.3\ninfo: {title: \xff\xfe, version: '1'}\n".to_vec(), &[]),
        ("duplicate key", spec("paths: {}\npaths: {}\n"), &[]),
        ("unknown alias", spec("paths: *nothing\n"), &[]),
        ("two documents", spec("paths: {}\n---\nmore: 1\n"), &[]),
        ("nesting past the parser's limit", spec(&format!("paths: {{}}\nx-deep: {}\n", nest_text("[", "1", "]", 200))), &[]),
        ("nesting past the flow limit", spec(&format!("paths: {}\n", "[".repeat(600))), &[]),
        ("random bytes", vec![0x00, 0x9f, 0x92, 0x96, 0xff, b':', b'[', 0x01], &[]),
        ("a list, not a mapping", b"- openapi: 3.0.3\n".to_vec(), &[Code::InvalidDocument]),
        ("no openapi field", b"info: {title: T, version: '1'}\npaths: {}\n".to_vec(), &[Code::UnsupportedOpenapiVersion]),
        ("OpenAPI 4.0", b"openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n".to_vec(), &[Code::UnsupportedOpenapiVersion]),
        ("openapi as a number", b"openapi: 3.0\ninfo: {title: T, version: '1'}\npaths: {}\n".to_vec(), &[Code::UnsupportedOpenapiVersion]),
        ("paths is a number", spec("paths: 7\n"), &[Code::InvalidDocument]),
        ("responses is a number", op("      responses: 7\n"), &[Code::InvalidDocument]),
        ("a schema that is a list", spec("paths: {}\ncomponents: {schemas: {A: [1]}}\n"), &[Code::InvalidDocument]),
        ("a property type that is a number", spec("paths: {}\ncomponents: {schemas: {A: {type: object, properties: {a: {type: object, properties: {b: {type: 7}}}}}}}\n"), &[Code::InvalidDocument]),
        ("schemas nested 40 deep", spec(&format!("paths: {{}}\ncomponents: {{schemas: {{A: {deep_schema}}}}}\n")), &[Code::SchemaTooDeep]),
        ("dangling $ref", op("      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Missing'}}}}}\n"), &[Code::DanglingReference]),
        ("external $ref", op("      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: 'other.yaml#/Note'}}}}}\n"), &[Code::ExternalReference]),
        ("$ref to another section", op("      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/parameters/Note'}}}}}\n"), &[Code::UnexpectedReferenceTarget]),
        ("parameter $ref cycle", spec("paths:\n  /notes:\n    get:\n      parameters: [{$ref: '#/components/parameters/A'}]\n      responses: {'204': {description: ok}}\ncomponents:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {$ref: '#/components/parameters/A'}\n"), &[Code::ReferenceCycle]),
        ("allOf cycle", spec("paths: {}\ncomponents:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {x: {type: string}}}]}\n"), &[Code::AllOfCycle]),
        ("duplicate operationId", spec("paths:\n  /a:\n    get: {operationId: list, responses: {'204': {description: ok}}}\n  /b:\n    get: {operationId: list, responses: {'204': {description: ok}}}\n"), &[Code::DuplicateOperationId]),
        ("derived operationIds collide", spec("paths:\n  /clash-path:\n    get: {responses: {'204': {description: ok}}}\n  /clash_path:\n    get: {responses: {'204': {description: ok}}}\n"), &[Code::DuplicateOperationId]),
        ("schema keys differing by case", spec("paths: {}\ncomponents:\n  schemas:\n    agentId: {type: object, properties: {a: {type: string}}}\n    AgentId: {type: object, properties: {b: {type: string}}}\n"), &[Code::Renamed]),
        ("a title colliding with a schema", spec("paths:\n  /notes:\n    post:\n      operationId: addNote\n      requestBody: {content: {application/json: {schema: {title: Note, type: object, properties: {a: {type: string}}}}}}\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Note: {type: object, properties: {b: {type: string}}}\n"), &[Code::Renamed]),
        ("properties colliding", spec("paths: {}\ncomponents: {schemas: {A: {type: object, properties: {agentId: {type: string}, agent_id: {type: string}}}}}\n"), &[Code::Renamed]),
        ("enum values colliding", spec("paths: {}\ncomponents: {schemas: {State: {type: string, enum: [in progress, IN_PROGRESS, unknown]}}}\n"), &[Code::Renamed]),
        ("names without letters", spec("paths: {}\ncomponents: {schemas: {'🦀': {type: object}, A: {type: object, properties: {'': {type: string}, '🦀': {type: string}}}, State: {type: string, enum: ['🦀', '-']}}}\n"), &[]),
        ("keywords and non-ASCII names", spec("paths: {}\ncomponents: {schemas: {Self: {type: object, properties: {type: {type: string}, self: {type: string}, 'ü': {type: string}, '日本語': {type: string}}}, State: {type: string, enum: ['', 'naïve', 'fn']}}}\n"), &[]),
        ("a schema named like the client's own types", spec("paths: {}\ncomponents: {schemas: {Client: {type: object, properties: {a: {type: string}}}}}\n"), &[]),
        ("alias cycle", spec("paths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/B'}, B: {$ref: '#/components/schemas/A'}}}\n"), &[Code::RecursiveAlias]),
        ("recursive list alias", spec("paths: {}\ncomponents: {schemas: {A: {type: array, items: {$ref: '#/components/schemas/A'}}}}\n"), &[Code::RecursiveAlias]),
        ("warnings only", spec("paths: {}\ncomponents: {schemas: {A: {type: object, properties: {any: {description: no type}, list: {type: array}}}}}\n"), &[Code::UntypedSchema, Code::ArrayWithoutItems]),
    ]
}

/// What `codegen::generate` finds in `spec`: the codes of its errors, or of
/// its warnings when it generates.
fn found_codes(spec: &[u8]) -> BTreeSet<Code> {
    let spec = spec.to_vec();
    bounded("generate", move || {
        match codegen::generate(&spec, &options()) {
            Ok(output) => output.warnings.iter().map(|d| d.code).collect(),
            Err(codegen::Error::Invalid(diagnostics)) => {
                diagnostics.iter().map(|d| d.code).collect()
            }
            Err(codegen::Error::Load(LoadError::Shape(diagnostic))) => {
                BTreeSet::from([diagnostic.code])
            }
            Err(_) => BTreeSet::new(),
        }
    })
}

/// Whether `line` starts like a diagnostic: `error[code]: #` or
/// `warning[code]: #`, with a code of [`Code::ALL`].
fn is_diagnostic_line(line: &str) -> bool {
    let Some((label, rest)) = line.split_once('[') else {
        return false;
    };
    let Some((code, rest)) = rest.split_once("]: ") else {
        return false;
    };
    matches!(label, "error" | "warning") && code.parse::<Code>().is_ok() && rest.starts_with('#')
}

/// The texts of common errors: every line names a code and a JSON pointer
/// (or a line and a column for syntax errors) or is a hint; each case finds
/// the codes it is expected to.
#[test]
fn common_error_texts() {
    let mut report = String::new();
    for (name, spec, expected) in common_bad_specs() {
        let text = generate_text(&spec);
        let expected: BTreeSet<Code> = expected.iter().copied().collect();
        assert_eq!(found_codes(&spec), expected, "{name}:\n{text}");
        for line in text.lines() {
            let located = is_diagnostic_line(line)
                || line.starts_with("  hint: ")
                || (line.starts_with("line ")
                    && line.contains(", column ")
                    && line.contains(": syntax error: "))
                || line.starts_with("Ok (");
            let known_gap = UNLOCATED.iter().any(|message| line.ends_with(message));
            assert!(
                located || known_gap,
                "{name}: unlocated line `{line}` in:\n{text}"
            );
        }
        report.push_str(&format!("## {name}\n{text}\n\n"));
    }
    insta::assert_snapshot!("common_error_texts", report);
}

/// Regression: an operationId such as `1a` made the generator panic
/// (`Ident::new("1A")` for the operation's constant) instead of emitting
/// `_1A`.
#[test]
fn names_starting_with_digits_generate_valid_rust() {
    let spec = format!(
        "{HEAD}paths:
  /a:
    get:
      operationId: '1a'
      responses: {{'204': {{description: ok}}}}
  /b:
    get:
      operationId: '123'
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/1Thing'}}}}}}}}}}
components:
  schemas:
    1Thing:
      type: object
      properties:
        2fa: {{type: string}}
        state: {{type: string, enum: [1st, 2nd]}}
"
    );
    assert_eq!(
        checked("names starting with digits", spec.into_bytes(), true),
        Outcome::Generated
    );
}

//! Running and checking one spec, shared by the robustness tests
//! (`mutated_specs.rs`, `limits.rs`, `recursion.rs`, `compiled_sample.rs`,
//! `diagnostic_texts.rs`): each case runs on its own thread with the default
//! 2 MiB stack and must answer within [`CASE_LIMIT`] with `Ok` or a typed
//! `Err(codegen::Error)`; every diagnostic must name a JSON pointer to a node
//! of the spec (or to a missing key of one), every syntax error a line and a
//! column, and every generated `.rs` file must parse as Rust. Also the valid
//! specs the mutations start from ([`seeds`]) and small specs written here.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{mpsc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use codegen::diagnostics::{Code, Diagnostic, Severity};
use codegen::load::LoadError;
use codegen::pointer::Pointer;
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_yaml::Value;

// ---------------------------------------------------------------------------
// Running cases
// ---------------------------------------------------------------------------

/// The number of property cases shared by the tests when `PROPTEST_CASES`
/// is not set.
pub const DEFAULT_TOTAL_CASES: u64 = 10_000;

/// The seed used when `PROPTEST_RNG_SEED` is not set.
pub const DEFAULT_SEED: u64 = 0x0A11_CA5E_5EED;

/// How long one case may take before it counts as a hang. Generous: the
/// slowest case takes well under a second in a debug build.
pub const CASE_LIMIT: Duration = Duration::from_secs(20);

/// The stack every case runs on: what a spawned thread (a test, a Tokio
/// worker) gets by default.
pub const STACK_SIZE: usize = 2 * 1024 * 1024;

/// The proptest configuration of a test that runs `percent` of the cases.
pub fn config(percent: u64) -> Config {
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
pub fn bounded<T: Send + 'static>(what: &str, job: impl FnOnce() -> T + Send + 'static) -> T {
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

pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// How a case ended, counted per test and printed with `--nocapture`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    SyntaxError,
    ShapeError,
    Invalid,
    Lowered,
    Generated,
}

/// Counts of outcomes and the slowest case of one property test.
#[derive(Default)]
pub struct Tally {
    pub outcomes: BTreeMap<Outcome, usize>,
    pub slowest: Duration,
}

/// Runs the property `name` over `strategy`, each case through [`check`],
/// and prints what the cases came to.
pub fn run_property<S>(name: &str, percent: u64, strategy: S, to_input: fn(&S::Value) -> Input)
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
pub struct Input {
    /// The seed it was made from, for failure messages.
    pub seed: &'static str,
    pub bytes: Vec<u8>,
    /// The YAML tree the bytes were written from, when there is one, so
    /// that pointers can be checked without parsing the bytes again.
    pub tree: Option<Value>,
    /// Whether to run the whole generator (emit and format) when lowering
    /// finds no error; the other cases stop after lowering.
    pub generate: bool,
}

pub fn options() -> codegen::Options {
    codegen::Options {
        crate_name: "fuzzed-client".to_owned(),
        crate_version: None,
        spec_label: "fuzzed.yaml".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: true,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    }
}

/// Feeds `input` to the loader, the lowering pass and (when asked) the whole
/// generator, and checks what comes back. `Err` says what is wrong, with the
/// spec that shows it.
pub fn check(input: &Input) -> Result<Outcome, String> {
    let spec = String::from_utf8_lossy(&input.bytes);
    let shown = || format!("(from {})\n{}", input.seed, excerpt(&spec));
    let document = match codegen::load::load(&input.bytes) {
        Ok(document) => document,
        Err(error) => {
            let outcome = match &error {
                LoadError::Syntax { .. } => Outcome::SyntaxError,
                LoadError::Shape(_) => Outcome::ShapeError,
                other => return Err(format!("one document cannot give {other:?}")),
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
pub fn excerpt(spec: &str) -> String {
    const LIMIT: usize = 6_000;
    match spec.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}\n[… {} more bytes]", &spec[..end], spec.len() - end),
        None => spec.to_owned(),
    }
}

/// Syntax errors for which the YAML parser gives no position (reported as
/// a gap: the loader cannot locate them yet).
pub const UNLOCATED: &[&str] =
    &["deserializing from YAML containing more than one document is not supported"];

/// The YAML tree of the input. Bytes that are JSON to a JSON reader are
/// read as JSON, as the loader reads them (the YAML reader refuses some
/// valid JSON).
pub fn tree_of(input: &Input) -> Result<std::borrow::Cow<'_, Value>, String> {
    let json = serde_json::from_slice::<serde_json::Value>(&input.bytes)
        .ok()
        .filter(serde_json::Value::is_object)
        .and_then(|json| serde_yaml::to_value(json).ok());
    match (&input.tree, json) {
        (Some(tree), _) => Ok(std::borrow::Cow::Borrowed(tree)),
        (None, Some(json)) => Ok(std::borrow::Cow::Owned(json)),
        (None, None) => serde_yaml::from_slice(&input.bytes)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| format!("the loader read bytes that are no YAML tree: {e}")),
    }
}

/// A load error names where it is: a line and a column for a syntax error, a
/// pointer into the document for a shape error.
pub fn check_load_error(error: &LoadError, input: &Input) -> Result<(), String> {
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
        other => Err(format!("one document cannot give {other:?}")),
    }
}

/// A diagnostic's pointer names a node of `tree`, or a missing key of one
/// (a required field that is absent), and its text shows the pointer.
pub fn check_diagnostic(diagnostic: &Diagnostic, tree: &Value) -> Result<(), String> {
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
pub fn resolved_prefix(tree: &Value, pointer: &Pointer) -> usize {
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
pub fn untagged(mut value: &Value) -> &Value {
    while let Value::Tagged(tagged) = value {
        value = &tagged.value;
    }
    value
}

/// A mapping key as the pointer token it would be.
pub fn key_text(key: &Value) -> Option<String> {
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
pub fn check_output(output: &codegen::Output) -> Result<(), String> {
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
pub fn check_manifest(text: &str) -> Result<(), String> {
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
pub struct Seed {
    pub name: String,
    pub text: String,
    pub tree: Value,
}

/// `spec/conversations.yaml` first, then every fixture that parses as YAML,
/// sorted by name.
pub fn seeds() -> &'static [Seed] {
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
pub fn fixture_seeds() -> std::ops::Range<usize> {
    1..seeds().len()
}

// ---------------------------------------------------------------------------
// Small specs
// ---------------------------------------------------------------------------

/// The top of a small valid spec, to which tests add `paths` and
/// `components`.
pub const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Fixture API, version: '1'}\nservers: [{url: 'https://example.test'}]\n";

/// Runs one input through [`check`] (bounded), failing on any problem.
pub fn checked(what: &str, bytes: Vec<u8>, generate: bool) -> Outcome {
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
pub fn generate_text(spec: &[u8]) -> String {
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
pub fn nest_text(open: &str, leaf: &str, close: &str, depth: usize) -> String {
    let mut text = open.repeat(depth);
    text.push_str(leaf);
    text.push_str(&close.repeat(depth));
    text
}

/// A spec whose types refer to themselves, directly and through other types.
pub const RECURSIVE_SPEC: &str = "openapi: 3.0.3
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

//! How the robustness tests change valid specs: structural mutations of a
//! spec's YAML tree (removed and retyped nodes, odd and colliding names,
//! reference cycles, deep nesting, many operations) and edits of its bytes,
//! and the proptest strategies that draw them.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_yaml::{Mapping, Value};

use super::cases::{key_text, seeds, Input};

// ---------------------------------------------------------------------------
// Tree mutations
// ---------------------------------------------------------------------------

/// Names that are hard to turn into Rust: keywords, names the generated code
/// uses, non-ASCII, emoji, empty and blank strings, punctuation, control
/// characters, very long names.
pub const ODD_NAMES: &[&str] = &[
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
pub fn long_name() -> &'static str {
    static LONG: OnceLock<String> = OnceLock::new();
    LONG.get_or_init(|| "veryLongName".repeat(40))
}

/// The odd name number `index`.
pub fn odd_name(index: usize) -> &'static str {
    ODD_NAMES.get(index).copied().unwrap_or_else(long_name)
}

/// What a node is replaced with by [`Mutation::Retype`].
#[derive(Clone, Copy, Debug)]
pub enum Kind {
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
pub enum CycleKind {
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
pub enum Collision {
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
pub enum Nesting {
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
pub enum Mutation {
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
pub const BAD_REFS: &[&str] = &[
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
pub enum Step {
    Key(Value),
    Item(usize),
}

pub type Path = Vec<Step>;

/// The key a step is under, when it is a text key.
pub fn step_key(step: &Step) -> Option<&str> {
    match step {
        Step::Key(Value::String(key)) => Some(key),
        _ => None,
    }
}

/// A test on a node and the path to it.
pub type Keep<'k> = &'k dyn Fn(&[Step], &Value) -> bool;

/// Visits the nodes below `node` (at `path`) depth first, counting those
/// `keep` accepts; returns the path of the one numbered `wanted`.
pub fn visit(
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
pub fn count_paths(root: &Value, keep: Keep) -> usize {
    let mut seen = 0;
    visit(root, &mut Vec::new(), keep, &mut seen, usize::MAX);
    seen
}

/// The path of the node below `root` that `keep` accepts and `index` picks.
pub fn nth_path(root: &Value, keep: Keep, index: &Index) -> Option<Path> {
    let count = count_paths(root, keep);
    if count == 0 {
        return None;
    }
    visit(root, &mut Vec::new(), keep, &mut 0, index.index(count))
}

/// The node at `path`.
pub fn node_mut<'v>(root: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
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
pub fn pick(root: &Value, index: &Index, keep: Keep) -> Option<Path> {
    nth_path(root, keep, index).or_else(|| nth_path(root, &|_, _| true, index))
}

/// Keys that hold a name the generator turns into an identifier.
pub const NAME_KEYS: &[&str] = &[
    "operationId",
    "title",
    "name",
    "x-one-of-name",
    "x-one-of-field",
    "x-crate-version",
];

/// Mappings whose keys are names.
pub const NAMED_MAPS: &[&str] = &[
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
pub fn is_name(path: &[Step], node: &Value) -> bool {
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
pub fn is_named_entry(path: &[Step], _: &Value) -> bool {
    matches!(path.last(), Some(Step::Key(_)))
        && path
            .len()
            .checked_sub(2)
            .and_then(|i| path.get(i))
            .and_then(step_key)
            .is_some_and(|k| NAMED_MAPS.contains(&k))
}

/// Whether the node at `path` stands where a schema does.
pub fn is_schema(path: &[Step], node: &Value) -> bool {
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
pub fn is_operation(path: &[Step], node: &Value) -> bool {
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
pub fn ensure_mapping<'v>(root: &'v mut Value, keys: &[&str]) -> &'v mut Mapping {
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
pub fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("bad snippet {text}: {e}"))
}

/// `{$ref: '#/components/{section}/{name}'}`.
pub fn reference(section: &str, name: &str) -> Value {
    let mut mapping = Mapping::new();
    mapping.insert(
        Value::from("$ref"),
        Value::from(format!("#/components/{section}/{name}")),
    );
    Value::Mapping(mapping)
}

/// A variant of `name` that a naming rule may map to the same identifier.
pub fn name_variant(name: &str, how: usize) -> String {
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

pub fn remove(tree: &mut Value, at: &Index) {
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

pub fn retyped(node: &Value, kind: Kind) -> Value {
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

pub fn rename_key(tree: &mut Value, at: &Index, name: &str) {
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
pub fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Mapping(
        entries
            .into_iter()
            .map(|(key, value)| (Value::from(key), value))
            .collect(),
    )
}

/// The keys of the component schemas `a` and `b` pick, two schemas made up
/// when there are fewer.
pub fn two_schema_names(tree: &mut Value, a: &Index, b: &Index) -> (String, String) {
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
pub fn some_operation(tree: &mut Value, at: &Index) -> Path {
    if count_paths(tree, &is_operation) == 0 {
        grow(tree, 1);
    }
    nth_path(tree, &is_operation, at).unwrap_or_default()
}

/// The mapping of the operation at `path`.
pub fn operation_mut<'v>(tree: &'v mut Value, path: &[Step]) -> &'v mut Mapping {
    match node_mut(tree, path) {
        Some(Value::Mapping(mapping)) => mapping,
        _ => unreachable!("some_operation returns the path of an operation"),
    }
}

pub fn cycle(tree: &mut Value, a: &Index, b: &Index, kind: CycleKind) {
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

pub fn schema_cycle(tree: &mut Value, a: &Index, b: &Index, kind: CycleKind) {
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

pub fn collide(tree: &mut Value, a: &Index, b: &Index, how: usize, kind: Collision) {
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
pub fn grow(tree: &mut Value, count: usize) {
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
pub fn nested(nesting: Nesting, depth: usize) -> Value {
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
pub struct TreeCase {
    pub seed: usize,
    pub mutations: Vec<Mutation>,
    pub json: bool,
    pub generate: bool,
}

pub fn tree_input(case: &TreeCase) -> Input {
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

pub fn kind() -> impl Strategy<Value = Kind> {
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

pub fn cycle_kind() -> impl Strategy<Value = CycleKind> {
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

pub fn collision() -> impl Strategy<Value = Collision> {
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

pub fn nesting() -> impl Strategy<Value = Nesting> {
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
pub fn naming_mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        2 => (any::<Index>(), 0..=ODD_NAMES.len()).prop_map(|(at, n)| Mutation::RenameKey(at, n)),
        2 => (any::<Index>(), 0..=ODD_NAMES.len()).prop_map(|(at, n)| Mutation::SetName(at, n)),
        2 => (any::<Index>(), any::<Index>(), 0..7usize, collision())
            .prop_map(|(a, b, how, kind)| Mutation::Collide(a, b, how, kind)),
    ]
    .boxed()
}

/// Any mutation.
pub fn mutation() -> BoxedStrategy<Mutation> {
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

pub fn tree_case(
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
pub const SNIPPETS: &[&[u8]] = &[
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
pub enum ByteEdit {
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
pub enum BytesCase {
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

pub fn bytes_input(case: &BytesCase) -> Input {
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

pub fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        2 => any::<Index>().prop_map(ByteEdit::Truncate),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| ByteEdit::Flip(at, byte)),
        4 => (any::<Index>(), 0..SNIPPETS.len()).prop_map(|(at, s)| ByteEdit::Insert(at, s)),
        1 => (any::<Index>(), 1..64u16).prop_map(|(at, n)| ByteEdit::Delete(at, n)),
        1 => (any::<Index>(), 1..64u16, 1..50u8).prop_map(|(at, n, t)| ByteEdit::Repeat(at, n, t)),
    ]
}

pub fn bytes_case() -> impl Strategy<Value = BytesCase> {
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

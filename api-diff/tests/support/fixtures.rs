//! The diff fixtures by name. A few are files under `tests/fixtures/` (the
//! bases `base.yaml`, `union_base.yaml` and `wire_base.yaml`, the same spec
//! laid out as JSON, and the versions of the Conversations spec); every
//! other one is a case of `tests/fixtures/cases.yaml`: a base with a few
//! edits, so that a reader sees the change a case is about. A case is named
//! like the file it stands for (`field_renamed.yaml`), and that name is what
//! the reports and snapshots show.

use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

/// The folder of the fixture files.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The file that holds the cases, under [`dir`].
const CASES: &str = "cases.yaml";

/// The spec named `name`: the fixture file of that name, else the case.
pub fn spec(name: &str) -> Vec<u8> {
    let path = dir().join(name);
    if path.is_file() {
        return std::fs::read(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    }
    serde_yaml::to_string(&case(name, &cases()))
        .unwrap_or_else(|e| panic!("{name}: cannot write the case as YAML: {e}"))
        .into_bytes()
}

/// The top-level fixtures, files and cases, sorted by name (the folders of
/// consecutive versions are not among them).
#[allow(dead_code)] // Used by the compat test only.
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = cases()
        .keys()
        .map(|key| key.as_str().expect("a case name").to_owned())
        .collect();
    for entry in std::fs::read_dir(dir()).expect("the fixtures folder lists") {
        let path = entry.expect("a directory entry").path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .expect("a UTF-8 name")
            .to_owned();
        if path.is_file() && name != CASES {
            names.push(name);
        }
    }
    names.sort();
    names
}

/// The cases, by name.
fn cases() -> Mapping {
    let path = dir().join(CASES);
    let text =
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    match serde_yaml::from_slice(&text) {
        Ok(Value::Mapping(cases)) => cases,
        other => panic!("{CASES} is not a mapping of cases: {other:?}"),
    }
}

/// The spec of the fixture `name` as a YAML tree, its edits applied when it
/// is a case.
fn case(name: &str, cases: &Mapping) -> Value {
    let path = dir().join(name);
    if path.is_file() {
        let text =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        return serde_yaml::from_slice(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let Some(entry) = cases.get(name) else {
        panic!("no fixture file or case named {name}")
    };
    let field = |key: &str| {
        entry
            .get(key)
            .unwrap_or_else(|| panic!("the case {name} has no `{key}`"))
    };
    let base = field("base").as_str().expect("`base` names a fixture");
    let mut spec = case(base, cases);
    let edits = field("edits").as_sequence().expect("`edits` is a list");
    for edit in edits {
        apply(&mut spec, edit).unwrap_or_else(|e| panic!("{name}: {e} in the edit {edit:?}"));
    }
    spec
}

/// One pointer token, unescaped (`~1` is `/`, `~0` is `~`).
fn tokens(pointer: &str) -> Result<Vec<String>, String> {
    let rest = pointer
        .strip_prefix('/')
        .ok_or_else(|| format!("`{pointer}` is not a JSON pointer"))?;
    Ok(rest
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// Whether the mapping key `key` is written `token` in a pointer (response
/// codes may be numbers in YAML).
fn key_is(key: &Value, token: &str) -> bool {
    match key {
        Value::String(text) => text == token,
        Value::Number(number) => number.to_string() == token,
        Value::Bool(flag) => flag.to_string() == token,
        _ => false,
    }
}

/// The node at `tokens` below `node`.
fn node_mut<'v>(mut node: &'v mut Value, tokens: &[String]) -> Result<&'v mut Value, String> {
    for token in tokens {
        node = match node {
            Value::Mapping(map) => map
                .iter_mut()
                .find(|(key, _)| key_is(key, token))
                .map(|(_, value)| value)
                .ok_or_else(|| format!("no key `{token}`"))?,
            Value::Sequence(items) => {
                let index: usize = token.parse().map_err(|_| format!("`{token}`: no index"))?;
                items
                    .get_mut(index)
                    .ok_or_else(|| format!("no item {index}"))?
            }
            _ => return Err(format!("`{token}` under a scalar")),
        };
    }
    Ok(node)
}

/// `map` with `entry` at `position` (the end when `None`).
fn placed(map: &Mapping, entry: (Value, Value), position: Option<usize>) -> Mapping {
    let mut out = Mapping::new();
    let mut entry = Some(entry);
    for (index, (key, value)) in map.iter().enumerate() {
        if Some(index) == position {
            if let Some((key, value)) = entry.take() {
                out.insert(key, value);
            }
        }
        out.insert(key.clone(), value.clone());
    }
    if let Some((key, value)) = entry {
        out.insert(key, value);
    }
    out
}

/// Applies one edit of a case to `spec`.
fn apply(spec: &mut Value, edit: &Value) -> Result<(), String> {
    let text = |key: &str| match edit.get(key) {
        Some(Value::String(text)) => Some(text.as_str()),
        Some(other) => panic!("`{key}` is not a text but {other:?}"),
        None => None,
    };
    let to = || edit.get("to").cloned().ok_or("no `to`");
    let (op, pointer) = ["set", "insert", "remove", "rename"]
        .into_iter()
        .find_map(|op| Some((op, text(op)?)))
        .ok_or("no `set`, `insert`, `remove` or `rename`")?;
    let mut tokens = tokens(pointer)?;
    let last = tokens.pop().ok_or("the whole document")?;
    let parent = node_mut(spec, &tokens)?;
    match (op, parent) {
        ("set", Value::Mapping(map)) => {
            if let Some((_, value)) = map.iter_mut().find(|(key, _)| key_is(key, &last)) {
                *value = to()?;
                return Ok(());
            }
            let position = match (text("after"), text("before")) {
                (Some(after), _) => Some(
                    1 + map
                        .keys()
                        .position(|key| key_is(key, after))
                        .ok_or_else(|| format!("no key `{after}`"))?,
                ),
                (_, Some(before)) => Some(
                    map.keys()
                        .position(|key| key_is(key, before))
                        .ok_or_else(|| format!("no key `{before}`"))?,
                ),
                _ => None,
            };
            *map = placed(map, (Value::from(last), to()?), position);
        }
        ("set", parent) => *node_mut(parent, &[last])? = to()?,
        ("insert", Value::Sequence(items)) => {
            let index: usize = last.parse().map_err(|_| format!("`{last}`: no index"))?;
            if index > items.len() {
                return Err(format!("no room at {index}"));
            }
            items.insert(index, to()?);
        }
        ("remove", Value::Mapping(map)) => {
            let key = map
                .keys()
                .find(|key| key_is(key, &last))
                .cloned()
                .ok_or_else(|| format!("no key `{last}`"))?;
            map.shift_remove(&key);
        }
        ("remove", Value::Sequence(items)) => {
            let index: usize = last.parse().map_err(|_| format!("`{last}`: no index"))?;
            if index >= items.len() {
                return Err(format!("no item {index}"));
            }
            items.remove(index);
        }
        ("rename", Value::Mapping(map)) => {
            let position = map
                .keys()
                .position(|key| key_is(key, &last))
                .ok_or_else(|| format!("no key `{last}`"))?;
            let key = map.keys().nth(position).cloned().expect("a key");
            let value = map.shift_remove(&key).expect("the key's value");
            *map = placed(map, (to()?, value), Some(position));
        }
        (op, _) => return Err(format!("`{op}` on a node it does not apply to")),
    }
    Ok(())
}

//! Loading: spec bytes (YAML or JSON) to an `openapiv3::OpenAPI` document,
//! with syntax errors located by line and column and shape errors by JSON
//! pointer.

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_yaml::Value;

use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

/// Why a spec could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The bytes are not YAML (JSON is YAML too).
    #[error("{}syntax error: {message}", location_prefix(*.line, *.column))]
    Syntax {
        /// 1-based line of the error, when known.
        line: Option<usize>,
        /// 1-based column of the error, when known.
        column: Option<usize>,
        /// What the parser said.
        message: String,
    },
    /// The document is YAML but not an OpenAPI 3.0 document.
    #[error("{0}")]
    Shape(Box<Diagnostic>),
}

fn location_prefix(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}: "),
        (Some(line), None) => format!("line {line}: "),
        _ => String::new(),
    }
}

/// Parses `bytes` as an OpenAPI 3.0.x document.
pub fn load(bytes: &[u8]) -> Result<OpenAPI, LoadError> {
    check_utf8(bytes)?;
    check_flow_depth(bytes)?;
    let mut value = crate::front::read(bytes).map_err(|error| syntax_error(bytes, &error))?;
    crate::front::normalise(&mut value);
    check_version(&value)?;
    check_schema_depth(&value)?;
    let mut value = value;
    mark_nullable_references(&mut value);
    // The common case, a valid document of shallow schemas, is read at once.
    // Reading a bad schema costs about 2^depth (see `first_invalid_schema`),
    // so deeper documents are checked schema by schema first.
    if nested_beyond(&value, 0, FAST_PATH_SCHEMA_DEPTH).is_none() {
        if let Ok(document) = OpenAPI::deserialize(&value) {
            return Ok(document);
        }
    }
    if let Some((pointer, message)) = first_invalid_schema(&value, &mut Vec::new()) {
        return Err(shape_error_at(&pointer, &message));
    }
    let document: Result<OpenAPI, _> = serde_path_to_error::deserialize(&value);
    document.map_err(|error| {
        let (pointer, message) = locate_shape_error(&value).unwrap_or_else(|| {
            (
                path_to_pointer(error.path(), Pointer::root()),
                strip_location(&error.inner().to_string()),
            )
        });
        shape_error_at(&pointer, &message)
    })
}

/// The extension the loader leaves on a schema that was a `$ref` with
/// `nullable: true` beside it (rewritten as `allOf: [{$ref}]`), for the
/// lowering to warn about.
pub const NULLABLE_REFERENCE: &str = "x-codegen-nullable-reference";

/// Rewrites every mapping that has a `$ref` and `nullable: true` beside it
/// into `{allOf: [{$ref}], nullable: true}` with the
/// [`NULLABLE_REFERENCE`] mark. OpenAPI 3.0 ignores what stands beside a
/// `$ref`, so `openapiv3` drops the `nullable`; but the servers of specs
/// that write it do send `null`, so the value is read as an `Option`.
fn mark_nullable_references(value: &mut Value) {
    match value {
        Value::Mapping(mapping) => {
            let nullable = mapping.get("nullable").and_then(Value::as_bool) == Some(true);
            if nullable {
                if let Some(reference) = mapping.get("$ref").cloned() {
                    let mut part = serde_yaml::Mapping::new();
                    part.insert(Value::from("$ref"), reference);
                    mapping.remove("$ref");
                    mapping.insert(
                        Value::from("allOf"),
                        Value::Sequence(vec![Value::Mapping(part)]),
                    );
                    mapping.insert(Value::from(NULLABLE_REFERENCE), Value::Bool(true));
                    return;
                }
            }
            for (_, child) in mapping.iter_mut() {
                mark_nullable_references(child);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(mark_nullable_references),
        _ => {}
    }
}

/// Fails with the line and column of the first byte that is not UTF-8
/// (libyaml only gives its offset). Documents that start with a UTF-16 byte
/// order mark are left to libyaml, which reads them.
fn check_utf8(bytes: &[u8]) -> Result<(), LoadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(());
    }
    let Err(error) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    let at = error.valid_up_to();
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let (line, column) = position_after(before);
    let byte = bytes.get(at).copied().unwrap_or_default();
    let message = match error.error_len() {
        Some(_) => format!("the byte 0x{byte:02X} is not valid UTF-8; a spec must be UTF-8 text"),
        None => format!(
            "the document ends inside a UTF-8 character (its first byte is 0x{byte:02X}); a spec must be UTF-8 text"
        ),
    };
    Err(LoadError::Syntax {
        line: Some(line),
        column: Some(column),
        message,
    })
}

/// The 1-based line and column of the character that follows `text`
/// (columns count characters; `\n`, `\r\n` and a lone `\r` end a line, as
/// in libyaml).
fn position_after(text: &str) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\r' if characters.peek() == Some(&'\n') => {}
            '\n' | '\r' => (line, column) = (line + 1, 1),
            _ => column += 1,
        }
    }
    (line, column)
}

/// A syntax error from the YAML parser, located where the problem is:
/// a duplicate key at the second key (the message names the first), a
/// collection or quoted string left open at the end of the document at its
/// opening character, a second document at its start; otherwise where
/// libyaml stopped, with where the construct it was reading starts.
fn syntax_error(bytes: &[u8], error: &serde_yaml::Error) -> LoadError {
    let text = error.to_string();
    if text.contains("duplicate entry") {
        if let Some(found) = duplicate::locate(bytes) {
            return found;
        }
    }
    if text == MORE_THAN_ONE_DOCUMENT {
        if let Some((line, column)) = second_document(bytes) {
            return LoadError::Syntax {
                line: Some(line),
                column: Some(column),
                message: "a second YAML document starts here; a spec is one document".to_owned(),
            };
        }
    }
    let location = error.location();
    let (mut line, mut column) = (
        location.as_ref().map(|l| l.line()),
        location.as_ref().map(|l| l.column()),
    );
    let (problem, context) = split_context(&text);
    let message = match context {
        Some(Context {
            text: context,
            start,
        }) => {
            let at_end = location.as_ref().is_some_and(|l| {
                bytes
                    .get(l.index()..)
                    .is_none_or(|rest| rest.iter().all(u8::is_ascii_whitespace))
            });
            let left_open = ["flow sequence", "flow mapping", "quoted scalar"]
                .into_iter()
                .find(|what| context.ends_with(what));
            match (left_open.filter(|_| at_end), start) {
                // libyaml leaves out a context's place when it is the
                // document's very start (or where the problem is, which a
                // construct left open at the end cannot be).
                (Some(what), start) => {
                    let end = location_text(line, column);
                    let (start_line, start_column) = start.unwrap_or((1, 1));
                    (line, column) = (Some(start_line), Some(start_column));
                    format!("this {what} is never closed: {problem} (the document ends at {end})")
                }
                (None, Some((start_line, start_column))) => format!(
                    "{problem}, {context} started at line {start_line}, column {start_column}"
                ),
                (None, None) => format!("{problem}, {context}"),
            }
        }
        None => problem,
    };
    LoadError::Syntax {
        line,
        column,
        message,
    }
}

/// serde_yaml's message for a stream of several documents.
const MORE_THAN_ONE_DOCUMENT: &str =
    "deserializing from YAML containing more than one document is not supported";

/// `line L, column C`, or `an unknown place`.
fn location_text(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}"),
        _ => "an unknown place".to_owned(),
    }
}

/// What libyaml was reading when it found a problem.
struct Context {
    /// `while parsing a flow sequence`.
    text: String,
    /// Where that construct starts, when libyaml says.
    start: Option<(usize, usize)>,
}

/// libyaml's message split into the problem and the context it was found
/// in, the locations libyaml appends dropped.
fn split_context(text: &str) -> (String, Option<Context>) {
    let Some((problem, context)) = text.split_once(", while ") else {
        return (strip_location(text), None);
    };
    let context = format!("while {context}");
    let start = context.rfind(" at line ").and_then(|index| {
        let (line, column) = context[index + " at line ".len()..].split_once(" column ")?;
        Some((line.parse().ok()?, column.parse().ok()?))
    });
    (
        strip_location(problem),
        Some(Context {
            text: strip_location(&context),
            start,
        }),
    )
}

/// Where the second document of a YAML stream starts: the first `---` line
/// after content or after another `---`, or the first content after a `...`
/// line.
fn second_document(bytes: &[u8]) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (mut started, mut ended) = (false, false);
    for (index, line) in text.lines().enumerate() {
        let marker = |mark: &str| {
            line.strip_prefix(mark)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        // A `%` directive before the first document is no content.
        let directive = line.starts_with('%') && !started;
        if marker("---") {
            if started || ended {
                return Some((index + 1, 1));
            }
            started = true;
        } else if marker("...") {
            ended = started;
        } else if !blank && !directive {
            if ended {
                return Some((index + 1, 1));
            }
            started = true;
        }
    }
    None
}

/// Finding where a duplicate mapping key is. serde_yaml reports a duplicate
/// at the start of the mapping that holds it; an error raised while a key
/// scalar is read is reported at the key, so the document is read again
/// with a visitor that fails on the second occurrence of a key (and, a
/// second time, on the first occurrence of the same key in the same
/// mapping, for the message).
mod duplicate {
    use std::cell::RefCell;
    use std::fmt;

    use serde::de::value::{EnumAccessDeserializer, MapAccessDeserializer, SeqAccessDeserializer};
    use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, Visitor};
    use serde::Deserialize;
    use serde_yaml::{Mapping, Value};

    use super::LoadError;

    /// The error for the first duplicate key of `bytes`, at the key, when
    /// there is one and it can be found.
    pub(super) fn locate(bytes: &[u8]) -> Option<LoadError> {
        let (mapping, key, second) = read(bytes, None)?;
        let first = read(bytes, Some((mapping, key.clone()))).map(|(_, _, at)| at);
        let key = describe(&key);
        let message = match first {
            Some((line, column)) => format!(
                "the key {key} is a duplicate: this mapping has it already at line {line}, column {column}"
            ),
            None => format!("the key {key} is a duplicate: this mapping has it already"),
        };
        Some(LoadError::Syntax {
            line: Some(second.0),
            column: Some(second.1),
            message,
        })
    }

    /// Reads `bytes` and stops at a key: the first duplicate one when
    /// `target` is `None`, else the first occurrence of the key
    /// `target.1` in the mapping numbered `target.0`. Returns the mapping's
    /// number, the key and its line and column.
    fn read(
        bytes: &[u8],
        target: Option<(usize, Value)>,
    ) -> Option<(usize, Value, (usize, usize))> {
        let state = RefCell::new(State {
            mappings: 0,
            target,
            found: None,
        });
        let deserializer = serde_yaml::Deserializer::from_slice(bytes);
        let error = Node { state: &state }.deserialize(deserializer).err()?;
        let location = error.location()?;
        let (mapping, key) = state.into_inner().found?;
        Some((mapping, key, (location.line(), location.column())))
    }

    /// What the readers share.
    struct State {
        /// Mappings entered so far, numbering them in document order.
        mappings: usize,
        /// The key to stop at, on the second reading.
        target: Option<(usize, Value)>,
        /// The key stopped at, with its mapping's number.
        found: Option<(usize, Value)>,
    }

    /// A key as the message names it.
    fn describe(key: &Value) -> String {
        match key {
            Value::String(text) => format!("{text:?}"),
            Value::Null => "null".to_owned(),
            Value::Bool(flag) => format!("`{flag}`"),
            Value::Number(number) => number.to_string(),
            _ => "(a collection or tagged value)".to_owned(),
        }
    }

    /// Any node: walks collections, ignores scalars.
    #[derive(Clone, Copy)]
    struct Node<'s> {
        state: &'s RefCell<State>,
    }

    impl<'de> DeserializeSeed<'de> for Node<'_> {
        type Value = ();

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Node<'_> {
        type Value = ();

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("any YAML node")
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
            while items.next_element_seed(self)?.is_some() {}
            Ok(())
        }

        fn visit_map<A: de::MapAccess<'de>>(self, mut entries: A) -> Result<(), A::Error> {
            let number = {
                let mut state = self.state.borrow_mut();
                state.mappings += 1;
                state.mappings - 1
            };
            let keys = RefCell::new(Mapping::new());
            let key = Key {
                state: self.state,
                mapping: number,
                keys: &keys,
            };
            while entries.next_key_seed(key)?.is_some() {
                entries.next_value_seed(self)?;
            }
            Ok(())
        }

        fn visit_enum<A: de::EnumAccess<'de>>(self, tagged: A) -> Result<(), A::Error> {
            let (IgnoredAny, value) = tagged.variant()?;
            de::VariantAccess::newtype_variant_seed(value, self)
        }
    }

    /// A mapping key: fails, while the key is read, on the key looked for.
    #[derive(Clone, Copy)]
    struct Key<'s> {
        state: &'s RefCell<State>,
        mapping: usize,
        keys: &'s RefCell<Mapping>,
    }

    impl Key<'_> {
        fn check<E: de::Error>(self, key: Value) -> Result<(), E> {
            let mut state = self.state.borrow_mut();
            let stop = match &state.target {
                Some((mapping, target)) => *mapping == self.mapping && *target == key,
                None => self.keys.borrow().contains_key(&key),
            };
            if stop {
                state.found = Some((self.mapping, key));
                return Err(E::custom("duplicate key"));
            }
            self.keys.borrow_mut().insert(key, Value::Null);
            Ok(())
        }
    }

    impl<'de> DeserializeSeed<'de> for Key<'_> {
        type Value = ();

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Key<'_> {
        type Value = ();

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("a mapping key")
        }

        fn visit_bool<E: de::Error>(self, flag: bool) -> Result<(), E> {
            self.check(Value::Bool(flag))
        }
        fn visit_i64<E: de::Error>(self, number: i64) -> Result<(), E> {
            self.check(Value::Number(number.into()))
        }
        fn visit_u64<E: de::Error>(self, number: u64) -> Result<(), E> {
            self.check(Value::Number(number.into()))
        }
        fn visit_f64<E: de::Error>(self, number: f64) -> Result<(), E> {
            self.check(Value::Number(number.into()))
        }
        // serde_yaml's `Value` has no such numbers; it fails on them itself.
        fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
            Ok(())
        }
        fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
            self.check(Value::String(text.to_owned()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            self.check(Value::Null)
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            self.check(Value::Null)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, items: A) -> Result<(), A::Error> {
            self.check(Value::deserialize(SeqAccessDeserializer::new(items))?)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, entries: A) -> Result<(), A::Error> {
            self.check(Value::deserialize(MapAccessDeserializer::new(entries))?)
        }
        fn visit_enum<A: de::EnumAccess<'de>>(self, tagged: A) -> Result<(), A::Error> {
            self.check(Value::deserialize(EnumAccessDeserializer::new(tagged))?)
        }
    }
}

/// The error for a node that does not have the shape OpenAPI 3.0 gives it.
fn shape_error_at(pointer: &Pointer, message: &str) -> LoadError {
    LoadError::Shape(Box::new(
        Diagnostic::new(
            Code::InvalidDocument,
            pointer,
            format!("not a valid OpenAPI 3.0 document: {message}"),
        )
        .with_hint("compare this node with the OpenAPI 3.0.3 specification"),
    ))
}

/// The first invalid schema below `value` (outside any schema), looked for
/// under `components.schemas` and every `schema` key; `path` holds the
/// tokens down to `value`.
///
/// Schemas are checked before the document is read because `openapiv3`
/// reads them through untagged enums that try two alternatives per level:
/// one bad schema nested `n` levels deep is read about `2^n` times (40 ms at
/// 12 levels in a release build, hours at 30), and serde loses the place of
/// the error on the way. Checked innermost first, each schema with its own
/// schemas replaced by `{}`, every schema is read once and the error names
/// the schema that is wrong.
fn first_invalid_schema(value: &Value, path: &mut Vec<String>) -> Option<(Pointer, String)> {
    let entries: Vec<(String, &Value)> = match value {
        Value::Mapping(mapping) => mapping.iter().map(|(k, v)| (key_text(k), v)).collect(),
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return None,
    };
    let in_components = matches!(path.as_slice(), [components] if components == "components");
    for (key, child) in entries {
        if is_data(&key) {
            continue;
        }
        path.push(key);
        let found = match (path.last().map(String::as_str), child) {
            (Some("schema"), _) if value.is_mapping() => invalid_schema(child, path),
            (Some("schemas"), Value::Mapping(schemas)) if in_components => {
                schemas.iter().find_map(|(name, schema)| {
                    path.push(key_text(name));
                    let found = invalid_schema(schema, path);
                    path.pop();
                    found
                })
            }
            _ => first_invalid_schema(child, path),
        };
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Keys whose values are data (examples, defaults, enum values,
/// extensions), never schemas.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-")
}

/// The first invalid schema in `schema` (at `path`) or inside it, innermost
/// first: see [`first_invalid_schema`].
fn invalid_schema(schema: &Value, path: &mut Vec<String>) -> Option<(Pointer, String)> {
    let Value::Mapping(mapping) = schema else {
        return Some((
            pointer_of(path),
            format!("a schema must be a mapping, found {}", describe(schema)),
        ));
    };
    if mapping.get("$ref").is_some_and(Value::is_string) {
        // A reference: `openapiv3` ignores whatever stands beside `$ref`.
        return None;
    }
    let empty = || Value::Mapping(serde_yaml::Mapping::new());
    let mut shallow = serde_yaml::Mapping::new();
    for (key, child) in mapping {
        let name = key_text(key);
        let replaced = match (name.as_str(), child) {
            ("items" | "not", _) | ("additionalProperties", Value::Mapping(_)) => {
                path.push(name);
                let found = invalid_schema(child, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
                empty()
            }
            ("properties", Value::Mapping(properties)) => {
                let mut replaced = serde_yaml::Mapping::new();
                for (property, inner) in properties {
                    path.push(name.clone());
                    path.push(key_text(property));
                    let found = invalid_schema(inner, path);
                    path.truncate(path.len() - 2);
                    if found.is_some() {
                        return found;
                    }
                    replaced.insert(property.clone(), empty());
                }
                Value::Mapping(replaced)
            }
            ("allOf" | "oneOf" | "anyOf", Value::Sequence(parts)) => {
                for (index, part) in parts.iter().enumerate() {
                    path.push(name.clone());
                    path.push(index.to_string());
                    let found = invalid_schema(part, path);
                    path.truncate(path.len() - 2);
                    if found.is_some() {
                        return found;
                    }
                }
                Value::Sequence(parts.iter().map(|_| empty()).collect())
            }
            _ => child.clone(),
        };
        shallow.insert(key.clone(), replaced);
    }
    let at = pointer_of(path);
    shape_error::<openapiv3::ReferenceOr<openapiv3::Schema>>(&Value::Mapping(shallow), &at)
}

/// The pointer made of `path`'s tokens.
fn pointer_of(path: &[String]) -> Pointer {
    path.iter()
        .fold(Pointer::root(), |pointer, token| pointer.push(token))
}

/// The first node of `T`'s shape in `value` that fails, with serde's message.
fn shape_error<T: serde::de::DeserializeOwned>(
    value: &Value,
    at: &Pointer,
) -> Option<(Pointer, String)> {
    let result: Result<T, _> = serde_path_to_error::deserialize(value);
    result.err().map(|error| {
        (
            path_to_pointer(error.path(), at.clone()),
            strip_location(&error.inner().to_string()),
        )
    })
}

/// Checks one node against the shape of one OpenAPI object.
type ShapeCheck = fn(&Value, &Pointer) -> Option<(Pointer, String)>;

/// serde loses track of the path inside flattened maps (`paths`,
/// `responses`), so a document-level error often points at `#/paths`. This
/// checks operations, responses and components one by one to find the node
/// that is really wrong.
fn locate_shape_error(value: &Value) -> Option<(Pointer, String)> {
    use openapiv3::{
        Operation, Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
    };
    let root = Pointer::root();
    if let Some(Value::Mapping(paths)) = value.get("paths") {
        for (path, item) in paths {
            let Value::Mapping(item) = item else { continue };
            let item_at = root.push("paths").push(key_text(path));
            for (key, operation) in item {
                let key = key_text(key);
                let at = item_at.push(&key);
                if key == "parameters" {
                    if let Some(found) = shape_error::<Vec<ReferenceOr<Parameter>>>(operation, &at)
                    {
                        return Some(found);
                    }
                    continue;
                }
                if !matches!(
                    key.as_str(),
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
                ) {
                    continue;
                }
                if let Some(Value::Mapping(responses)) = operation.get("responses") {
                    for (code, response) in responses {
                        let code_at = at.push("responses").push(key_text(code));
                        if let Some(found) =
                            shape_error::<ReferenceOr<Response>>(response, &code_at)
                        {
                            return Some(found);
                        }
                    }
                }
                if let Some(found) = shape_error::<Operation>(operation, &at) {
                    return Some(found);
                }
            }
        }
    }
    let components = value.get("components")?;
    let at = root.push("components");
    let sections: [(&str, ShapeCheck); 5] = [
        ("schemas", shape_error::<ReferenceOr<Schema>>),
        ("parameters", shape_error::<ReferenceOr<Parameter>>),
        ("requestBodies", shape_error::<ReferenceOr<RequestBody>>),
        ("responses", shape_error::<ReferenceOr<Response>>),
        (
            "securitySchemes",
            shape_error::<ReferenceOr<SecurityScheme>>,
        ),
    ];
    for (section, check) in sections {
        if let Some(Value::Mapping(entries)) = components.get(section) {
            for (name, entry) in entries {
                if let Some(found) = check(entry, &at.push(section).push(key_text(name))) {
                    return Some(found);
                }
            }
        }
    }
    None
}

/// A mapping key as text (keys such as `200` are numbers in YAML).
fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Tagged(tagged) => key_text(&tagged.value),
        other => describe(other).to_owned(),
    }
}

/// How deeply `[` / `{` may nest before the document is rejected unparsed.
///
/// The YAML parser rejects nesting deeper than 128 levels anyway, but only
/// after scanning the flow collections in time that grows with the square of
/// their depth (tens of seconds for a few hundred kilobytes of `[`), so such
/// documents are turned away first. The count skips comments and
/// double-quoted strings (so it is exact for JSON); brackets in other
/// scalars count too, which only matters past hundreds of unclosed ones.
const MAX_FLOW_DEPTH: usize = 512;

/// Fails with the position of the first `[` or `{` nested more than
/// [`MAX_FLOW_DEPTH`] levels deep; linear in the length of `bytes`.
fn check_flow_depth(bytes: &[u8]) -> Result<(), LoadError> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped, mut in_comment) = (false, false, false);
    let mut previous = b'\n';
    for &byte in bytes {
        if byte == b'\n' {
            (line, column, in_comment) = (line + 1, 0, false);
        } else if byte & 0xC0 != 0x80 {
            column += 1;
        }
        if in_comment {
            // A comment runs to the end of the line.
        } else if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if byte == b'"' {
            in_string = true;
        } else if byte == b'#' && previous.is_ascii_whitespace() {
            in_comment = true;
        } else if byte == b'[' || byte == b'{' {
            depth += 1;
            if depth > MAX_FLOW_DEPTH {
                return Err(LoadError::Syntax {
                    line: Some(line),
                    column: Some(column),
                    message: format!("`[` and `{{` nest more than {MAX_FLOW_DEPTH} levels deep"),
                });
            }
        } else if byte == b']' || byte == b'}' {
            depth = depth.saturating_sub(1);
        }
        previous = byte;
    }
    Ok(())
}

/// How deeply schemas may nest in one another (through `properties`,
/// `items`, `additionalProperties`, `allOf`, `oneOf`, `anyOf`, `not`).
///
/// Reading one level of schema into `openapiv3` types takes up to ~55 KB of
/// stack in a debug build, so about 38 levels overflow a 2 MiB thread (the
/// default for spawned threads and tests) before lowering could report the
/// depth. Real specs nest fewer than 10 (Brevo's whole API: 7).
const MAX_SCHEMA_DEPTH: usize = 32;

/// Documents whose schemas nest at most this deep are read directly, before
/// any schema-by-schema check: a bad schema among them costs at most about
/// 2^10 reads of itself.
const FAST_PATH_SCHEMA_DEPTH: usize = 10;

/// Fails with the pointer of the first schema nested deeper than
/// [`MAX_SCHEMA_DEPTH`]. The walk recurses once per level of the document,
/// which the YAML parser has already bounded (128 levels).
fn check_schema_depth(value: &Value) -> Result<(), LoadError> {
    match too_deep(value, 0) {
        None => Ok(()),
        Some(reversed) => {
            let pointer = reversed
                .iter()
                .rev()
                .fold(Pointer::root(), |pointer, token| pointer.push(token));
            Err(LoadError::Shape(Box::new(
                Diagnostic::new(
                    Code::SchemaTooDeep,
                    &pointer,
                    format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here"),
                )
                .with_hint(
                    "move inner schemas to #/components/schemas and refer to them with `$ref`",
                ),
            )))
        }
    }
}

/// The path (innermost token first) to the first schema below `value` that
/// is nested deeper than [`MAX_SCHEMA_DEPTH`], `value` standing at `depth`.
/// Examples, defaults, enums and extensions hold data, not schemas, and are
/// skipped.
fn too_deep(value: &Value, depth: usize) -> Option<Vec<String>> {
    nested_beyond(value, depth, MAX_SCHEMA_DEPTH)
}

/// [`too_deep`] with another limit than [`MAX_SCHEMA_DEPTH`].
fn nested_beyond(value: &Value, depth: usize, limit: usize) -> Option<Vec<String>> {
    if depth > limit {
        return Some(Vec::new());
    }
    match value {
        Value::Mapping(mapping) => mapping.iter().find_map(|(key, child)| {
            let key = key_text(key);
            let found = match key.as_str() {
                "example" | "examples" | "default" | "enum" => None,
                _ if key.starts_with("x-") => None,
                "schema" | "items" | "additionalProperties" | "not" => {
                    nested_beyond(child, depth + 1, limit)
                }
                "properties" | "schemas" | "allOf" | "oneOf" | "anyOf" => {
                    each_nested_beyond(child, depth + 1, limit)
                }
                _ => nested_beyond(child, depth, limit),
            };
            found.map(|mut path| {
                path.push(key);
                path
            })
        }),
        Value::Sequence(items) => items.iter().enumerate().find_map(|(index, child)| {
            nested_beyond(child, depth, limit).map(|mut path| {
                path.push(index.to_string());
                path
            })
        }),
        Value::Tagged(tagged) => nested_beyond(&tagged.value, depth, limit),
        _ => None,
    }
}

/// [`too_deep`] for each schema of a `properties` map or an `allOf` list.
fn each_nested_beyond(value: &Value, depth: usize, limit: usize) -> Option<Vec<String>> {
    let found = match value {
        Value::Mapping(mapping) => mapping.iter().find_map(|(key, child)| {
            nested_beyond(child, depth, limit).map(|path| (path, key_text(key)))
        }),
        Value::Sequence(items) => items.iter().enumerate().find_map(|(index, child)| {
            nested_beyond(child, depth, limit).map(|path| (path, index.to_string()))
        }),
        other => return too_deep(other, depth),
    };
    found.map(|(mut path, token)| {
        path.push(token);
        path
    })
}

/// Rejects documents that are not OpenAPI 3.0 before their shape is checked,
/// so a Swagger 2.0 or OpenAPI 3.1 file gets a message about its version
/// instead of a list of missing fields.
fn check_version(value: &Value) -> Result<(), LoadError> {
    let root = Pointer::root();
    let Value::Mapping(mapping) = value else {
        return Err(LoadError::Shape(Box::new(Diagnostic::new(
            Code::InvalidDocument,
            &root,
            "the document is not a mapping; an OpenAPI document starts with `openapi: 3.0.x`",
        ))));
    };
    if mapping.contains_key("swagger") {
        return Err(LoadError::Shape(Box::new(
            Diagnostic::new(
                Code::UnsupportedOpenapiVersion,
                &root.push("swagger"),
                "Swagger 2.0 documents are not supported",
            )
            .with_hint("convert the document to OpenAPI 3.0 first"),
        )));
    }
    let version = match mapping.get("openapi") {
        Some(Value::String(version)) => version.clone(),
        Some(other) => {
            return Err(LoadError::Shape(Box::new(Diagnostic::new(
                Code::UnsupportedOpenapiVersion,
                &root.push("openapi"),
                format!(
                    "`openapi` must be a version string such as \"3.0.3\", found {}",
                    describe(other)
                ),
            ))))
        }
        None => {
            return Err(LoadError::Shape(Box::new(
                Diagnostic::new(
                    Code::UnsupportedOpenapiVersion,
                    &root,
                    "the `openapi` version field is missing",
                )
                .with_hint("add `openapi: 3.0.3` at the top of the document"),
            )))
        }
    };
    if !version.starts_with("3.0") {
        return Err(LoadError::Shape(Box::new(
            Diagnostic::new(
                Code::UnsupportedOpenapiVersion,
                &root.push("openapi"),
                format!("OpenAPI version {version} is not supported; 3.0.x, 3.1.x and 3.2.x are"),
            )
            .with_hint("write the document as OpenAPI 3.1 or 3.0"),
        )));
    }
    Ok(())
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Turns serde's path (`paths./a/b.post`) into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path, start: Pointer) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter().fold(start, |pointer, segment| match segment {
        Segment::Seq { index } => pointer.push(index),
        Segment::Map { key } => pointer.push(key),
        Segment::Enum { variant } => pointer.push(variant),
        Segment::Unknown => pointer,
    })
}

/// serde_yaml appends " at line X column Y" to its messages; the location is
/// reported separately, so drop it from the text.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line, column and message of the syntax error `bytes` give.
    fn syntax(bytes: &[u8]) -> (Option<usize>, Option<usize>, String) {
        match load(bytes) {
            Err(LoadError::Syntax {
                line,
                column,
                message,
            }) => (line, column, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn a_duplicate_key_is_located_at_its_second_occurrence() {
        let spec = b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'204': {description: ok}}\n      summary: A\n      summary: B\n";
        let (line, column, message) = syntax(spec);
        assert_eq!((line, column), (Some(8), Some(7)), "{message}");
        assert_eq!(
            message,
            "the key \"summary\" is a duplicate: this mapping has it already at line 7, column 7"
        );
        // At the top level, in flow style, and with the first one quoted.
        let (line, column, message) =
            syntax(b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\n\"paths\": {}\npaths: {}\n");
        assert_eq!((line, column), (Some(4), Some(1)), "{message}");
        assert!(message.ends_with("at line 3, column 1"), "{message}");
        let (line, column, _) =
            syntax(b"openapi: 3.0.3\ninfo: {title: x, version: '1', title: y}\npaths: {}\n");
        assert_eq!((line, column), (Some(2), Some(32)));
        // Keys equal as values: `200` and `0xC8` are the same number.
        let (line, column, message) = syntax(b"openapi: 3.0.3\nx-codes: {200: a, 0xC8: b}\n");
        assert_eq!((line, column), (Some(2), Some(19)), "{message}");
        assert!(
            message.starts_with("the key 200 is a duplicate"),
            "{message}"
        );
    }

    #[test]
    fn invalid_utf8_is_located_at_the_byte() {
        let (line, column, message) =
            syntax(b"openapi: 3.0.3\ninfo: {title: na\xc3\xafve \xff\xfe, version: '1'}\n");
        assert_eq!((line, column), (Some(2), Some(21)), "{message}");
        assert_eq!(
            message,
            "the byte 0xFF is not valid UTF-8; a spec must be UTF-8 text"
        );
        let (line, column, message) = syntax(b"openapi: 3.0.3\r\ntitle: \xe2\x82");
        assert_eq!((line, column), (Some(2), Some(8)), "{message}");
        assert!(
            message.starts_with("the document ends inside a UTF-8 character"),
            "{message}"
        );
    }

    #[test]
    fn a_tab_in_indentation_is_located_at_the_tab() {
        let (line, column, message) = syntax(b"openapi: 3.0.3\ninfo:\n\ttitle: T\n");
        assert_eq!((line, column), (Some(3), Some(1)), "{message}");
        assert!(
            message.starts_with("found character that cannot start any token"),
            "{message}"
        );
        // A tab after a value that could go on: at the tab, naming the value.
        let (line, column, message) =
            syntax(b"openapi: 3.0.3\ninfo:\n  title: T\n\tversion: '1'\n");
        assert_eq!((line, column), (Some(4), Some(1)), "{message}");
    }

    #[test]
    fn an_unclosed_flow_sequence_is_located_at_its_bracket() {
        let (line, column, message) =
            syntax(b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ntags: [a, b\n");
        assert_eq!((line, column), (Some(4), Some(7)), "{message}");
        assert_eq!(
            message,
            "this flow sequence is never closed: did not find expected ',' or ']' (the document ends at line 5, column 1)"
        );
        // Closed by the wrong bracket: where the parser stopped, and where
        // the sequence started.
        let (line, column, message) = syntax(b"openapi: 3.0.3\ntags: [a,\n  b}\npaths: {}\n");
        assert_eq!((line, column), (Some(3), Some(4)), "{message}");
        assert!(
            message.ends_with("while parsing a flow sequence started at line 2, column 7"),
            "{message}"
        );
    }

    #[test]
    fn json_syntax_errors_are_located() {
        // A missing comma: at the key where the comma should have been.
        let json = b"{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"T\", \"version\": \"1\"}\n  \"paths\": {}\n}\n";
        let (line, column, message) = syntax(json);
        assert_eq!((line, column), (Some(4), Some(3)), "{message}");
        assert_eq!(
            message,
            "did not find expected ',' or '}', while parsing a flow mapping"
        );
        // Cut short inside a string: at the string's opening quote.
        let (line, column, message) =
            syntax(br#"{"openapi": "3.0.3", "info": {"title": "T", "vers"#);
        assert_eq!((line, column), (Some(1), Some(45)), "{message}");
        assert!(message.contains("never closed"), "{message}");
    }

    #[test]
    fn a_second_document_is_located_at_its_start() {
        let (line, column, message) =
            syntax(b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n---\nmore: 1\n");
        assert_eq!((line, column), (Some(4), Some(1)), "{message}");
        let (line, column, _) = syntax(b"--- # the spec\nopenapi: 3.0.3\n...\n\n# more\nmore: 1\n");
        assert_eq!((line, column), (Some(6), Some(1)));
    }

    #[test]
    fn deep_flow_nesting_is_rejected_before_parsing() {
        let deep = format!("openapi: 3.0.3\nx: {}", "[".repeat(100_000));
        let error = load(deep.as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2, column 516: syntax error: `[` and `{` nest more than 512 levels deep"
        );
        let quoted = format!(
            "openapi: 3.0.3\nx: \"{}\" # {}\n",
            "[".repeat(600),
            "{".repeat(600)
        );
        let error = load(quoted.as_bytes()).unwrap_err();
        assert!(!error.to_string().contains("nest more"), "{error}");
    }

    #[test]
    fn deep_schemas_are_rejected_before_they_are_read() {
        let mut schema = String::from("{type: string}");
        for _ in 0..40 {
            schema = format!("{{allOf: [{schema}]}}");
        }
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: x, version: '1'}}\npaths: {{}}\ncomponents: {{schemas: {{A: {schema}}}}}\n"
        );
        let error = load(spec.as_bytes()).unwrap_err().to_string();
        let pointer = format!("#/components/schemas/A{}", "/allOf/0".repeat(32));
        assert_eq!(
            error,
            format!("error[schema-too-deep]: {pointer}: schemas nest more than 32 levels deep here\n  hint: move inner schemas to #/components/schemas and refer to them with `$ref`")
        );
    }

    #[test]
    fn a_bad_schema_deep_inside_others_is_found_at_once_and_named() {
        let mut schema = String::from("[1]");
        for _ in 0..30 {
            schema = format!("{{oneOf: [{schema}, {{type: integer}}]}}");
        }
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: x, version: '1'}}\npaths: {{}}\ncomponents: {{schemas: {{A: {schema}}}}}\n"
        );
        let started = std::time::Instant::now();
        let error = load(spec.as_bytes()).unwrap_err().to_string();
        assert!(
            started.elapsed().as_secs() < 2,
            "took {:?}",
            started.elapsed()
        );
        let pointer = format!("#/components/schemas/A{}", "/oneOf/0".repeat(30));
        assert!(
            error.starts_with(&format!("error[invalid-document]: {pointer}: not a valid OpenAPI 3.0 document: a schema must be a mapping, found a list")),
            "{error}"
        );
    }

    #[test]
    fn swagger_2_is_rejected_by_version() {
        let error =
            load(b"swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n").unwrap_err();
        match &error {
            LoadError::Shape(diagnostic) => {
                assert_eq!(diagnostic.code, Code::UnsupportedOpenapiVersion, "{error}");
                assert_eq!(diagnostic.pointer.to_string(), "#/swagger", "{error}");
            }
            other => panic!("expected a shape error, got {other:?}"),
        }
    }

    #[test]
    fn shape_errors_name_the_node() {
        let spec = b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let error = load(spec).unwrap_err();
        match &error {
            LoadError::Shape(diagnostic) => {
                assert_eq!(diagnostic.code, Code::InvalidDocument, "{error}");
                assert_eq!(
                    diagnostic.pointer.to_string(),
                    "#/paths/~1a/get/responses",
                    "{error}"
                );
            }
            other => panic!("expected a shape error, got {other:?}"),
        }
    }
}

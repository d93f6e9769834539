//! Loading an OpenAPI document from YAML or JSON.

use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::pointer::Pointer;

/// An OpenAPI document, held as JSON whatever it was written in, with the
/// name it is reported under (usually its file path). A document of
/// another version than 3.0 (Swagger 2.0, 3.1, 3.2) is held as the
/// generator's front door brings it to 3.0
/// (`codegen::load::normalise_value`), so that it is compared fact by fact
/// with a 3.0 one; its `openapi` field keeps the version as written (2.0's
/// `swagger`), and every place reported is the place as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    name: String,
    root: Value,
    /// Where the nodes the front door moved stood, for a document it
    /// rewrote.
    origins: Option<codegen::load::Origins>,
    /// Whether it was written as Swagger 2.0 (its version is `swagger`).
    swagger: bool,
}

/// Why a document could not be loaded: the file could not be read, the text
/// is not YAML or JSON, or it holds a value JSON cannot (a key that is a list,
/// a number that is not finite). It names the place: a line and column, or
/// the JSON pointer of the value.
#[derive(Debug)]
pub struct LoadError {
    /// The document's name (its path, for a file).
    pub name: String,
    /// Where the problem is: `line L, column C`, a JSON pointer, or empty
    /// when the file could not be read at all.
    pub place: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.name, self.message)
        } else {
            write!(f, "{}: {}: {}", self.name, self.place, self.message)
        }
    }
}

impl std::error::Error for LoadError {}

impl Document {
    /// A document made from a JSON value already in memory, taken as it is: no version is rewritten.
    pub fn from_value(name: impl Into<String>, root: Value) -> Self {
        Self {
            name: name.into(),
            root,
            origins: None,
            swagger: false,
        }
    }

    /// `root` brought to OpenAPI 3.0 when it is of another version the
    /// front door knows.
    fn normalised(name: String, root: Value) -> Result<Self, LoadError> {
        let version = root.get("openapi").and_then(Value::as_str);
        let swagger = version.is_none() && is_swagger_2(&root);
        if !swagger && version.is_none_or(|version| version.starts_with("3.0")) {
            return Ok(Self {
                name,
                root,
                origins: None,
                swagger: false,
            });
        }
        let failed = |message: String| LoadError {
            name: name.clone(),
            place: String::new(),
            message,
        };
        let mut value = serde_yaml::to_value(&root).map_err(|e| failed(e.to_string()))?;
        let origins = codegen::load::normalise_value(&mut value);
        let mut normalised =
            yaml_to_json(value, &Pointer::root()).map_err(|(at, message)| LoadError {
                name: name.clone(),
                place: at.to_string(),
                message,
            })?;
        if let (Value::Object(rewritten), Value::Object(written)) = (&mut normalised, &root) {
            rewritten.remove("x-openapi-version");
            rewritten.remove("x-swagger-version");
            if let Some(version) = written.get("openapi").or_else(|| written.get("swagger")) {
                rewritten.insert("openapi".to_owned(), version.clone());
            }
        }
        if swagger {
            remove_front_door_names(&mut normalised);
        }
        Ok(Self {
            name,
            root: normalised,
            origins: Some(origins),
            swagger,
        })
    }

    /// Where the node at `pointer` of the document as held stood in the
    /// document as written.
    pub fn original(&self, pointer: &Pointer) -> Pointer {
        let Some(origins) = &self.origins else {
            return pointer.clone();
        };
        if self.swagger && pointer.tokens() == ["openapi"] {
            return Pointer::root().push("swagger");
        }
        let theirs = pointer
            .tokens()
            .iter()
            .fold(codegen::pointer::Pointer::root(), |p, token| p.push(token));
        origins
            .original(&theirs)
            .tokens()
            .iter()
            .fold(Pointer::root(), |p, token| p.push(token))
    }

    /// Parses YAML text (JSON is YAML too, but see [`Document::from_json`]).
    /// Anchors and aliases are expanded and `<<` merge keys applied; scalar
    /// keys (`200:`) become strings.
    pub fn from_yaml(name: impl Into<String>, text: &str) -> Result<Self, LoadError> {
        let name = name.into();
        let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|error| {
            let place = error
                .location()
                .map(|at| format!("line {}, column {}", at.line(), at.column()))
                .unwrap_or_default();
            LoadError {
                name: name.clone(),
                place,
                message: error.to_string(),
            }
        })?;
        yaml.apply_merge().map_err(|error| LoadError {
            name: name.clone(),
            place: String::new(),
            message: error.to_string(),
        })?;
        let root = yaml_to_json(yaml, &Pointer::root()).map_err(|(at, message)| LoadError {
            name: name.clone(),
            place: at.to_string(),
            message,
        })?;
        Self::normalised(name, root)
    }

    /// Parses JSON text.
    pub fn from_json(name: impl Into<String>, text: &str) -> Result<Self, LoadError> {
        let name = name.into();
        let root = serde_json::from_str(text).map_err(|error| LoadError {
            name: name.clone(),
            place: format!("line {}, column {}", error.line(), error.column()),
            message: error.to_string(),
        })?;
        Self::normalised(name, root)
    }

    /// Parses text as JSON when it starts with `{` (after white space), as
    /// YAML otherwise.
    pub fn parse(name: impl Into<String>, text: &str) -> Result<Self, LoadError> {
        if text.trim_start().starts_with('{') {
            Self::from_json(name, text)
        } else {
            Self::from_yaml(name, text)
        }
    }

    /// Reads and parses a file: JSON for a `.json` file, YAML otherwise.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| LoadError {
            name: name.clone(),
            place: String::new(),
            message: format!("cannot read the file: {error}"),
        })?;
        if path.extension().is_some_and(|ext| ext == "json") {
            Self::from_json(name, &text)
        } else {
            Self::from_yaml(name, &text)
        }
    }

    /// The name the document is reported under.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The document's root value.
    pub fn root(&self) -> &Value {
        &self.root
    }

    /// The document's root value, to change a copy in memory (tests do).
    pub fn root_mut(&mut self) -> &mut Value {
        &mut self.root
    }
}

/// Whether `root` says `swagger: "2.0"` (YAML may read an unquoted `2.0`
/// as a number).
fn is_swagger_2(root: &Value) -> bool {
    match root.get("swagger") {
        Some(Value::String(version)) => version == "2.0",
        Some(Value::Number(number)) => number.as_f64() == Some(2.0),
        _ => false,
    }
}

/// Removes the names the front door gives, in a Swagger 2.0 document, to
/// what 3.0 cannot say and a client does not use: a body parameter's
/// `name` (`x-body-name`, for documentation only in 2.0) and the examples
/// of media types an operation does not produce (`x-examples`). They are
/// no facts of the API, and a 3.0 document of it has neither.
fn remove_front_door_names(root: &mut Value) {
    let without_examples = |responses: &mut serde_json::Map<String, Value>| {
        for response in responses.values_mut() {
            if let Value::Object(response) = response {
                response.remove("x-examples");
            }
        }
    };
    if let Some(Value::Object(shared)) = root.pointer_mut("/components/responses") {
        without_examples(shared);
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let Value::Object(item) = item else { continue };
        for operation in item.values_mut() {
            let Value::Object(operation) = operation else {
                continue;
            };
            if let Some(Value::Object(body)) = operation.get_mut("requestBody") {
                body.remove("x-body-name");
            }
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                without_examples(responses);
            }
        }
    }
}

/// YAML to JSON: scalar keys become their text, tags are dropped; a
/// non-finite number or a key that is a list or a map is an error at its
/// pointer.
fn yaml_to_json(value: serde_yaml::Value, at: &Pointer) -> Result<Value, (Pointer, String)> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(number) => {
            if let Some(i) = number.as_i64() {
                Value::from(i)
            } else if let Some(u) = number.as_u64() {
                Value::from(u)
            } else {
                let f = number.as_f64().unwrap_or(f64::NAN);
                match serde_json::Number::from_f64(f) {
                    Some(n) => Value::Number(n),
                    None => return Err((at.clone(), format!("the number {f} is not finite"))),
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| yaml_to_json(item, &at.push(index)))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(mapping) => {
            let mut object = serde_json::Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    Y::Tagged(tagged) => match tagged.value {
                        Y::String(s) => s,
                        _ => return Err((at.clone(), "a key is a tagged non-string".to_owned())),
                    },
                    Y::Sequence(_) | Y::Mapping(_) => {
                        return Err((at.clone(), "a key is a list or a map".to_owned()))
                    }
                };
                let value = yaml_to_json(value, &at.push(&key))?;
                object.insert(key, value);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, at)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_keys_and_aliases_become_json() {
        let document = Document::from_yaml(
            "t.yaml",
            "a: &x {b: 1}\nc: *x\nresponses:\n  200: {}\n  'default': {}\n",
        )
        .expect("valid YAML");
        assert_eq!(
            document.root(),
            &serde_json::json!({"a": {"b": 1}, "c": {"b": 1}, "responses": {"200": {}, "default": {}}})
        );
    }

    #[test]
    fn errors_name_their_place() {
        let error = Document::from_yaml("t.yaml", "a: [1,\n").expect_err("unclosed list");
        assert!(error.place.starts_with("line "), "{error}");
        let error = Document::from_json("t.json", "{\"a\": }").expect_err("no value");
        assert_eq!(error.place, "line 1, column 7", "{error}");
        let error = Document::from_yaml("t.yaml", "a:\n  ? [1]\n  : 2\n").expect_err("list key");
        assert_eq!(error.place, "#/a", "{error}");
        let error = Document::from_yaml("t.yaml", "a:\n  b: .nan\n").expect_err("NaN");
        assert_eq!(
            error.to_string(),
            "t.yaml: #/a/b: the number NaN is not finite"
        );
    }

    #[test]
    fn parse_picks_json_or_yaml() {
        let json = Document::parse("j", " {\"a\": 1}").expect("JSON");
        let yaml = Document::parse("y", "a: 1").expect("YAML");
        assert_eq!(json.root(), yaml.root());
    }

    #[test]
    fn a_missing_file_is_a_load_error() {
        let error = Document::load(Path::new("/nonexistent/spec.yaml")).expect_err("no file");
        assert!(error.message.starts_with("cannot read the file"), "{error}");
    }
}

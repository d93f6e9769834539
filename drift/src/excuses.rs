//! The excuse list: differences between two documents that are on purpose,
//! each with its reason. It is input, not code: the repository keeps
//! Brevo's in `spec/drift-excuses.yaml`, and a comparison without a list
//! excuses nothing.
//!
//! ```yaml
//! excuses:
//!   - id: operation-ids                  # a short stable name, unique in the file
//!     kind: operation_id_added           # a Kind's name (Kind::name)
//!     ours: ['#/paths/*/*/operationId']  # one pattern or a list; one must match
//!     upstream: '#/**'                   # one pattern
//!     reason: upstream has no operationIds; ours names each operation
//! ```
//!
//! Patterns are JSON pointers in which `*` stands for one token and `**`
//! for any number ([`crate::matches`]). An entry that matches nothing is
//! reported in [`crate::Report::unused`], so a list never keeps stale
//! excuses.

use std::fmt;
use std::path::Path;

use serde_json::{Map, Value};

use crate::document::Document;
use crate::pointer;
use crate::report::{Difference, Kind};

/// One intentional difference: which kind, where (patterns of JSON pointers
/// on both sides) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excuse {
    /// A short stable name for the entry.
    pub id: String,
    /// The kind of difference it excuses.
    pub kind: Kind,
    /// Patterns for the place in our spec; one of them must match.
    pub ours: Vec<String>,
    /// Pattern for the place upstream.
    pub upstream: String,
    /// Why the difference is on purpose.
    pub reason: String,
}

impl Excuse {
    /// Whether this entry accounts for `difference`.
    pub fn excuses(&self, difference: &Difference) -> bool {
        self.kind == difference.kind
            && self
                .ours
                .iter()
                .any(|pattern| pointer::matches(pattern, &difference.ours))
            && pointer::matches(&self.upstream, &difference.upstream)
    }
}

/// A list of [`Excuse`]s, read from a file ([`Excuses::load`]) or text
/// ([`Excuses::parse`]); the default list is empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Excuses {
    entries: Vec<Excuse>,
}

/// Why an excuse list could not be read: names the file and, where the
/// problem is in one entry, that entry (its number from 1 and its id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExcusesError {
    /// The file (or the name the text was given).
    pub file: String,
    /// The entry, as `excuse 3 (`x-sdk-names`)`, or empty.
    pub entry: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ExcusesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.entry.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.entry, self.message)
        }
    }
}

impl std::error::Error for ExcusesError {}

/// The keys an entry has; any other is refused (a misspelt key would
/// otherwise widen or narrow an excuse without a word).
const KEYS: [&str; 5] = ["id", "kind", "ours", "upstream", "reason"];

impl Excuses {
    /// The entries, in the file's order.
    pub fn entries(&self) -> &[Excuse] {
        &self.entries
    }

    /// The entry that excuses `difference`, if any: the first that matches.
    pub fn excuse(&self, difference: &Difference) -> Option<&Excuse> {
        self.entries.iter().find(|entry| entry.excuses(difference))
    }

    /// Reads and parses the file at `path` (YAML, of which JSON is a part).
    pub fn load(path: &Path) -> Result<Self, ExcusesError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| ExcusesError {
            file: file.clone(),
            entry: String::new(),
            message: format!("cannot read the file: {error}"),
        })?;
        Self::parse(&file, &text)
    }

    /// Parses YAML text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, ExcusesError> {
        let fail = |entry: String, message: String| ExcusesError {
            file: file.to_owned(),
            entry,
            message,
        };
        let document = Document::from_yaml(file, text).map_err(|error| {
            let message = if error.place.is_empty() {
                error.message
            } else {
                format!("{}: {}", error.place, error.message)
            };
            fail(String::new(), message)
        })?;
        let list = match document.root() {
            Value::Object(root) => {
                if let Some(key) = root.keys().find(|key| *key != "excuses") {
                    return Err(fail(
                        String::new(),
                        format!("unknown key `{key}` (the file holds one key, `excuses`)"),
                    ));
                }
                match root.get("excuses") {
                    Some(Value::Array(list)) => list.as_slice(),
                    Some(Value::Null) => &[],
                    Some(_) => {
                        return Err(fail(String::new(), "`excuses` is not a list".to_owned()))
                    }
                    None => {
                        return Err(fail(String::new(), "no `excuses` list".to_owned()));
                    }
                }
            }
            Value::Null => &[],
            _ => {
                return Err(fail(
                    String::new(),
                    "not a mapping with an `excuses` list".to_owned(),
                ))
            }
        };
        let mut entries: Vec<Excuse> = Vec::with_capacity(list.len());
        for (index, value) in list.iter().enumerate() {
            let id = value.get("id").and_then(Value::as_str);
            let entry = match id {
                Some(id) => format!("excuse {} (`{id}`)", index + 1),
                None => format!("excuse {}", index + 1),
            };
            let excuse = entry_of(value).map_err(|message| fail(entry.clone(), message))?;
            if entries.iter().any(|seen| seen.id == excuse.id) {
                return Err(fail(entry, format!("the id `{}` is used twice", excuse.id)));
            }
            entries.push(excuse);
        }
        Ok(Self { entries })
    }
}

/// One entry, checked.
fn entry_of(value: &Value) -> Result<Excuse, String> {
    let Value::Object(map) = value else {
        return Err("not a mapping".to_owned());
    };
    if let Some(key) = map.keys().find(|key| !KEYS.contains(&key.as_str())) {
        return Err(format!(
            "unknown key `{key}` (an entry has {})",
            KEYS.map(|k| format!("`{k}`")).join(", ")
        ));
    }
    let id = text(map, "id")?;
    let kind_name = text(map, "kind")?;
    let kind = Kind::from_name(&kind_name).ok_or_else(|| {
        format!(
            "unknown kind `{kind_name}`; the kinds are {}",
            Kind::ALL.map(Kind::name).join(", ")
        )
    })?;
    let ours = match map.get("ours") {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(many)) if !many.is_empty() => many
            .iter()
            .map(|pattern| {
                pattern
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| "`ours` holds something other than a pattern".to_owned())
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("`ours` is neither a pattern nor a list of them".to_owned()),
        None => return Err("no `ours`".to_owned()),
    };
    let upstream = text(map, "upstream")?;
    for pattern in ours.iter().chain([&upstream]) {
        if pattern != "#" && !pattern.starts_with("#/") {
            return Err(format!(
                "`{pattern}` is no pattern: it starts with `#/` (or is `#`)"
            ));
        }
    }
    let reason = text(map, "reason")?;
    Ok(Excuse {
        id,
        kind,
        ours,
        upstream,
        reason,
    })
}

/// The member `key` of an entry, a string that is not blank.
fn text(map: &Map<String, Value>, key: &str) -> Result<String, String> {
    match map.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
        Some(Value::String(_)) => Err(format!("`{key}` is empty")),
        Some(_) => Err(format!("`{key}` is not a string")),
        None => Err(format!("no `{key}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pointer::Pointer;

    const ONE: &str = "excuses:
  - id: operation-ids
    kind: operation_id_added
    ours: '#/paths/*/*/operationId'
    upstream: '#/**'
    reason: upstream has none
";

    fn error(text: &str) -> String {
        Excuses::parse("x.yaml", text)
            .expect_err("refused")
            .to_string()
    }

    #[test]
    fn an_entry_needs_kind_and_both_places_to_match() {
        let excuses = Excuses::parse("x.yaml", ONE).expect("valid");
        let at = |s: &str| Pointer::parse_ref(s).expect("pointer");
        let difference = Difference {
            kind: Kind::OperationIdAdded,
            ours: at("#/paths/~1a/get/operationId"),
            upstream: at("#/paths/~1a/get"),
            message: String::new(),
        };
        assert_eq!(
            excuses.excuse(&difference).map(|e| e.id.as_str()),
            Some("operation-ids")
        );
        let other_kind = Difference {
            kind: Kind::OperationIdChanged,
            ..difference.clone()
        };
        assert_eq!(excuses.excuse(&other_kind), None);
        let elsewhere = Difference {
            ours: at("#/paths/~1a/get/tags"),
            ..difference.clone()
        };
        assert_eq!(excuses.excuse(&elsewhere), None);
        assert_eq!(Excuses::default().excuse(&difference), None);
    }

    #[test]
    fn bad_entries_are_refused_naming_file_and_entry() {
        assert_eq!(
            error(&ONE.replace("operation_id_added", "operation_id_add")),
            format!(
                "x.yaml: excuse 1 (`operation-ids`): unknown kind `operation_id_add`; the kinds are {}",
                Kind::ALL.map(Kind::name).join(", ")
            )
        );
        assert_eq!(
            error(&ONE.replace("    reason: upstream has none\n", "")),
            "x.yaml: excuse 1 (`operation-ids`): no `reason`"
        );
        assert_eq!(
            error(&ONE.replace("upstream: '#/**'", "upstream: 'paths'")),
            "x.yaml: excuse 1 (`operation-ids`): `paths` is no pattern: it starts with `#/` (or is `#`)"
        );
        assert_eq!(
            error(&ONE.replace("reason:", "reasons:")),
            "x.yaml: excuse 1 (`operation-ids`): unknown key `reasons` (an entry has `id`, `kind`, `ours`, `upstream`, `reason`)"
        );
        let twice = format!("{ONE}{}", &ONE["excuses:\n".len()..]);
        assert_eq!(
            error(&twice),
            "x.yaml: excuse 2 (`operation-ids`): the id `operation-ids` is used twice"
        );
        assert_eq!(
            error(&ONE.replace("id: operation-ids\n    kind", "kind")),
            "x.yaml: excuse 1: no `id`"
        );
        assert_eq!(
            error("excuse: []\n"),
            "x.yaml: unknown key `excuse` (the file holds one key, `excuses`)"
        );
        assert!(
            error("excuses: [\n").starts_with("x.yaml: line "),
            "{}",
            error("excuses: [\n")
        );
    }

    #[test]
    fn every_kind_has_its_own_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        let mut names = Kind::ALL.map(Kind::name).to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Kind::ALL.len());
    }

    /// Brevo's list, as the repository keeps it, is well formed.
    #[test]
    fn the_repositorys_list_reads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/drift-excuses.yaml");
        let excuses = Excuses::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(excuses.entries().len(), 17);
        assert!(excuses.entries().iter().all(|e| e.reason.len() > 20));
    }
}

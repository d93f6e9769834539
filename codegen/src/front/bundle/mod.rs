//! Bundling: a description kept in many files (`$ref: models/droplet.yml`)
//! made one document, before the version rewrites read it.
//!
//! The walk knows what kind of node stands where ([`grammar`]). A `$ref` to
//! another file (or to a place in a file other than the entry) is, by the
//! kind of its place:
//!
//! - **lifted** into `components` when the place is one a component can
//!   stand for (a schema, a parameter, a response, ...): the target is
//!   copied once under a name of its own and every `$ref` to it becomes a
//!   local one. A name comes from the target (its file's stem, or the last
//!   token of its fragment), and a name already taken, by the entry's own
//!   components or another target, takes more of the target's path
//!   (`models_droplet`), then a number: names are deterministic and never
//!   collide. An entry's component that is only a `$ref` to a file gives
//!   the target its own name.
//! - **written in place** anywhere else: a path item, an operation, a
//!   `description`, wherever a vendor writes a `$ref` the specification
//!   does not allow. Keys beside the `$ref` win over the target's.
//!
//! `$ref`s inside a copied part are read relative to the file it came from.
//! Parts written in place that lead back to themselves are an error (a
//! reference cycle); lifted parts may refer to themselves (recursive
//! types). `$ref`s in examples, defaults and `x-` extensions the generator
//! does not read are left alone.
//!
//! Safety: a URL is refused ([`Code::RemoteReference`]; the network is
//! never opened), so are an absolute path and a `file:` URL
//! ([`Code::AbsoluteReference`]); a file outside the entry document's
//! folder is read with a warning ([`Code::ReferenceOutsideFolder`]); a file
//! that is not `.yaml`, `.yml` or `.json` is not read
//! ([`Code::NotYamlOrJson`]); the number and size of files read, the size
//! of the document and the depth of the walk are bounded.
//!
//! Every part copied is recorded ([`Sources`]), so that a diagnostic about
//! the one document names the file and the place in it.

mod grammar;
mod reference;
mod sources;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_yaml::{Mapping, Value};

use grammar::{Kind, Shape, READ_EXTENSIONS};
use reference::{Reference, Refused};
pub use sources::Sources;

use crate::diagnostics::{Code, Diagnostic};
use crate::documents::{DocumentPath, Documents};
use crate::load::LoadError;
use crate::pointer::Pointer;

/// The most files a description is read from (the entry included).
pub(crate) const MAX_FILES: usize = 10_000;
/// The most bytes read from one file.
pub(crate) const MAX_FILE_BYTES: usize = 32 << 20;
/// The most bytes read from all the files together.
pub(crate) const MAX_TOTAL_BYTES: usize = 64 << 20;
/// The most nodes copied into the document by writing parts in place
/// (copies of copies would otherwise grow without bound).
const MAX_COPIED_NODES: usize = 1_000_000;
/// Nodes deeper than this are not walked (their `$ref`s are left as they
/// are, for lowering to report).
const MAX_DEPTH: usize = 512;

/// A document bundled from its files.
pub(crate) struct Bundled {
    /// The one document.
    pub(crate) value: Value,
    /// Where its parts came from.
    pub(crate) sources: Sources,
    /// Warnings (a file outside the entry's folder), naming their file.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Reads a file's bytes into a value (the loader's checks and reader).
pub(crate) type Parse<'a> = &'a dyn Fn(&[u8]) -> Result<Value, LoadError>;

/// Bundles the entry document `value` (read from `entry`, `entry_bytes`
/// long) with every file its `$ref`s name, read by `documents` and
/// parsed by `parse`.
pub(crate) fn bundle(
    entry: &DocumentPath,
    mut value: Value,
    entry_bytes: usize,
    documents: &dyn Documents,
    parse: Parse<'_>,
) -> Result<Bundled, LoadError> {
    let swagger = value.get("swagger").is_some();
    let mut bundler = Bundler {
        documents,
        parse,
        entry: entry.clone(),
        swagger,
        files: BTreeMap::new(),
        bytes_read: entry_bytes,
        names: BTreeMap::new(),
        homes: BTreeMap::new(),
        taken: BTreeMap::new(),
        queue: VecDeque::new(),
        inlining: Vec::new(),
        parts: BTreeMap::new(),
        warnings: Vec::new(),
        copied: 0,
    };
    bundler.claim_components(&value);
    let mut cursor = Cursor {
        at: Vec::new(),
        file: entry.clone(),
        src: Vec::new(),
    };
    bundler.walk(&mut value, Shape::One(Kind::Root), &mut cursor)?;
    let mut lifted = Vec::new();
    while let Some(lift) = bundler.queue.pop_front() {
        let mut content = bundler.target(&lift.file, &lift.tokens).clone();
        let mut cursor = Cursor {
            at: bundler.section_place(lift.section, &lift.name),
            file: lift.file.clone(),
            src: lift.tokens.clone(),
        };
        bundler.record(&cursor);
        bundler.walk(&mut content, Shape::One(lift.kind), &mut cursor)?;
        lifted.push((lift.section, lift.name, content));
    }
    for (section, name, content) in lifted {
        if let Some(place) = bundler.section_mut(&mut value, section) {
            place.insert(name.into(), content);
        }
    }
    Ok(Bundled {
        value,
        sources: Sources::new(entry.to_string(), bundler.parts),
        warnings: bundler.warnings,
    })
}

/// A place during the walk: in the bundled document, and in the file the
/// node came from.
struct Cursor {
    /// The place in the bundled document (unescaped tokens).
    at: Vec<String>,
    /// The file the node is in.
    file: DocumentPath,
    /// The place in that file.
    src: Vec<String>,
}

impl Cursor {
    fn push(&mut self, token: String) {
        self.at.push(token.clone());
        self.src.push(token);
    }

    fn pop(&mut self) {
        self.at.pop();
        self.src.pop();
    }

    /// The pointer of the place in its file.
    fn pointer(&self) -> Pointer {
        self.src
            .iter()
            .fold(Pointer::root(), |pointer, token| pointer.push(token))
    }
}

/// A target lifted into `components`: its section and name, its kind, and
/// where it is.
struct Lift {
    section: &'static str,
    name: String,
    kind: Kind,
    file: DocumentPath,
    tokens: Vec<String>,
}

/// A lifted target: its section, file and fragment.
type Target = (&'static str, DocumentPath, Vec<String>);

struct Bundler<'a> {
    documents: &'a dyn Documents,
    parse: Parse<'a>,
    entry: DocumentPath,
    /// Whether the document is Swagger 2.0 (sections at the root).
    swagger: bool,
    /// The files read so far (the entry aside), parsed.
    files: BTreeMap<DocumentPath, Value>,
    bytes_read: usize,
    /// The name of each lifted target.
    names: BTreeMap<Target, String>,
    /// The targets an entry component stands for (`Droplet: {$ref:
    /// droplet.yml}`), by their place: they are copied there.
    homes: BTreeMap<Target, Vec<String>>,
    /// The names taken in each section, as compared (lower case, letters
    /// and digits only: names that would be one Rust name collide).
    taken: BTreeMap<&'static str, BTreeSet<String>>,
    /// Targets named but not yet copied.
    queue: VecDeque<Lift>,
    /// The parts being written in place, outermost first (for cycles).
    inlining: Vec<(DocumentPath, Vec<String>)>,
    /// Place in the bundled document -> file and place in it.
    parts: BTreeMap<Vec<String>, (String, Vec<String>)>,
    warnings: Vec<Diagnostic>,
    /// How many nodes parts written in place copied.
    copied: usize,
}

/// The sections a lifted target can go to, with the kind of their nodes.
const SECTIONS: &[(&str, Kind)] = &[
    ("schemas", Kind::Schema),
    ("definitions", Kind::Schema),
    ("parameters", Kind::Parameter),
    ("responses", Kind::Response),
    ("requestBodies", Kind::RequestBody),
    ("headers", Kind::Header),
    ("examples", Kind::Example),
    ("links", Kind::Link),
    ("callbacks", Kind::Callback),
    ("securitySchemes", Kind::SecurityScheme),
    ("securityDefinitions", Kind::SecurityScheme),
];

impl Bundler<'_> {
    /// Takes the names of the entry's components, and gives each target an
    /// entry component is only a `$ref` to that component's name.
    fn claim_components(&mut self, root: &Value) {
        for &(section, kind) in SECTIONS {
            if kind.section(self.swagger) != Some(section) {
                continue;
            }
            let place = self.section_place(section, "");
            let holder = if self.swagger {
                root.get(section)
            } else {
                root.get("components").and_then(|c| c.get(section))
            };
            let Some(Value::Mapping(components)) = holder else {
                continue;
            };
            for (key, node) in components {
                let name = crate::front::key_text(key);
                self.taken
                    .entry(section)
                    .or_default()
                    .insert(compared(&name));
                let Some(Ok(Reference::File(file, tokens))) =
                    only_reference(node).map(|text| reference::parse(text, &self.entry))
                else {
                    continue;
                };
                if file == self.entry {
                    continue;
                }
                let target = (section, file, tokens);
                if !self.names.contains_key(&target) {
                    let mut home = place[..place.len() - 1].to_vec();
                    home.push(name.clone());
                    self.names.insert(target.clone(), name);
                    self.homes.insert(target, home);
                }
            }
        }
    }

    /// The place of `name` in `section` (`components/schemas/Droplet`).
    fn section_place(&self, section: &str, name: &str) -> Vec<String> {
        let mut place = Vec::new();
        if !self.swagger {
            place.push("components".to_owned());
        }
        place.extend([section.to_owned(), name.to_owned()]);
        place
    }

    /// The mapping of `section` in `root`, made when missing.
    fn section_mut<'v>(&self, root: &'v mut Value, section: &str) -> Option<&'v mut Mapping> {
        let mut node = root;
        let path: &[&str] = if self.swagger {
            &[section]
        } else {
            &["components", section]
        };
        for key in path {
            let Value::Mapping(mapping) = node else {
                return None;
            };
            node = mapping
                .entry((*key).into())
                .or_insert_with(|| Value::Mapping(Mapping::new()));
        }
        match node {
            Value::Mapping(mapping) => Some(mapping),
            _ => None,
        }
    }

    /// Records that the node at the cursor's place came from its file.
    fn record(&mut self, cursor: &Cursor) {
        self.parts.insert(
            cursor.at.clone(),
            (cursor.file.to_string(), cursor.src.clone()),
        );
    }

    /// Walks `value`, laid out as `shape`, bundling every `$ref` in it.
    fn walk(
        &mut self,
        value: &mut Value,
        shape: Shape,
        cursor: &mut Cursor,
    ) -> Result<(), LoadError> {
        if cursor.at.len() > MAX_DEPTH {
            return Ok(());
        }
        let (kind, extensions) = match shape {
            Shape::One(Kind::Data) => return Ok(()),
            Shape::One(kind) => return self.walk_node(value, kind, cursor),
            Shape::List(kind) => return self.walk_node(value, kind, cursor),
            Shape::Map(kind) => (kind, true),
            Shape::Patterned(kind) => (kind, false),
        };
        if only_reference_key(value) {
            // A `$ref` for a whole map (`responses: {$ref: ...}`).
            return self.walk_node(value, Kind::Other, cursor);
        }
        let Value::Mapping(mapping) = value else {
            return Ok(());
        };
        for (key, child) in mapping.iter_mut() {
            let key = crate::front::key_text(key);
            if !extensions && key.starts_with("x-") {
                continue;
            }
            cursor.push(key);
            let walked = self.walk(child, Shape::One(kind), cursor);
            cursor.pop();
            walked?;
        }
        Ok(())
    }

    /// Walks one node of `kind` (or a list of them).
    fn walk_node(
        &mut self,
        value: &mut Value,
        kind: Kind,
        cursor: &mut Cursor,
    ) -> Result<(), LoadError> {
        match value {
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    cursor.push(index.to_string());
                    let walked = self.walk(item, Shape::One(kind), cursor);
                    cursor.pop();
                    walked?;
                }
                Ok(())
            }
            Value::Mapping(mapping) => {
                if let Some(Value::String(text)) = mapping.get("$ref") {
                    let text = text.clone();
                    return self.reference(value, kind, &text, cursor);
                }
                if kind == Kind::Discriminator {
                    self.discriminator_mapping(mapping, cursor)?;
                }
                for (key, child) in mapping.iter_mut() {
                    let key = crate::front::key_text(key);
                    let shape = if key.starts_with("x-") {
                        match READ_EXTENSIONS.iter().find(|(name, _)| *name == key) {
                            Some((_, shape)) => *shape,
                            None => continue,
                        }
                    } else {
                        kind.child(&key)
                    };
                    cursor.push(key);
                    let walked = self.walk(child, shape, cursor);
                    cursor.pop();
                    walked?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Bundles the `$ref` `text` of the node `value`, of `kind`.
    fn reference(
        &mut self,
        value: &mut Value,
        kind: Kind,
        text: &str,
        cursor: &mut Cursor,
    ) -> Result<(), LoadError> {
        cursor.push("$ref".to_owned());
        let target = self.resolve(text, cursor);
        cursor.pop();
        let Some((file, tokens)) = target? else {
            return Ok(());
        };
        if file == self.entry {
            // A `$ref` back into the entry document: a local one.
            set_reference(value, local(&tokens));
            return Ok(());
        }
        match kind.section(self.swagger) {
            Some(section) => self.lift(value, section, kind, file, tokens, cursor),
            None => self.inline(value, kind, file, tokens, cursor),
        }
    }

    /// The file and fragment `text` names, read and checked (the file is
    /// YAML or JSON, read, and has the place); `None` for a `$ref` local to
    /// the entry document, which is left as it is. The cursor is at the
    /// `$ref`.
    fn resolve(
        &mut self,
        text: &str,
        cursor: &Cursor,
    ) -> Result<Option<(DocumentPath, Vec<String>)>, LoadError> {
        let (file, tokens) = match reference::parse(text, &cursor.file) {
            Ok(Reference::Local(_)) if cursor.file == self.entry => return Ok(None),
            Ok(Reference::Local(tokens)) => (cursor.file.clone(), tokens),
            Ok(Reference::File(file, tokens)) => (file, tokens),
            Err(refused) => return Err(self.refused(cursor, text, refused)),
        };
        if file == self.entry {
            return Ok(Some((file, tokens)));
        }
        if !matches!(file.extension().as_deref(), Some("yaml" | "yml" | "json")) {
            return Err(self.error(
                cursor,
                Code::NotYamlOrJson,
                format!("`$ref` names `{file}`, which is not a YAML or JSON file (`.yaml`, `.yml` or `.json`); it is not read"),
            ));
        }
        self.read(&file, cursor)?;
        if self.find(&file, &tokens).is_none() {
            let place = tokens
                .iter()
                .fold(Pointer::root(), |pointer, token| pointer.push(token));
            return Err(self.error(
                cursor,
                Code::UnreadableFile,
                format!("`$ref` names `{file}{place}`, a place that file does not have"),
            ));
        }
        Ok(Some((file, tokens)))
    }

    /// Reads and parses `file` unless it was read already.
    fn read(&mut self, file: &DocumentPath, cursor: &Cursor) -> Result<(), LoadError> {
        if self.files.contains_key(file) {
            return Ok(());
        }
        if self.files.len() + 1 >= MAX_FILES {
            return Err(self.error(
                cursor,
                Code::DocumentTooLarge,
                format!("`$ref` names `{file}`, past the {MAX_FILES} files the generator reads"),
            ));
        }
        let limit = MAX_FILE_BYTES.min(MAX_TOTAL_BYTES.saturating_sub(self.bytes_read));
        let bytes = self.documents.read(file, limit).map_err(|error| {
            let code = match error {
                crate::documents::ReadError::TooLarge { .. } => Code::DocumentTooLarge,
                _ => Code::UnreadableFile,
            };
            self.error(
                cursor,
                code,
                format!("`$ref` names `{file}`, which cannot be read: {error}"),
            )
        })?;
        if bytes.len() > limit {
            return Err(self.error(
                cursor,
                Code::DocumentTooLarge,
                format!("`$ref` names `{file}`, larger than the {limit} bytes left to read"),
            ));
        }
        self.bytes_read += bytes.len();
        let value = (self.parse)(&bytes).map_err(|error| LoadError::InFile {
            file: file.to_string(),
            error: Box::new(error),
        })?;
        if file.is_outside() {
            self.warnings.push(
                Diagnostic::new(
                    Code::ReferenceOutsideFolder,
                    &cursor.pointer(),
                    format!("`$ref` reads `{file}`, outside the entry document's folder"),
                )
                .with_hint("keep the files of a description in its folder, or know that this one is read from outside it")
                .in_file(cursor.file.to_string()),
            );
        }
        self.files.insert(file.clone(), value);
        Ok(())
    }

    /// The node at `tokens` in `file` (read already).
    fn find(&self, file: &DocumentPath, tokens: &[String]) -> Option<&Value> {
        tokens
            .iter()
            .try_fold(self.files.get(file)?, |node, token| match node {
                Value::Mapping(mapping) => mapping
                    .iter()
                    .find(|(key, _)| crate::front::key_text(key) == *token)
                    .map(|(_, value)| value),
                Value::Sequence(items) => items.get(token.parse::<usize>().ok()?),
                _ => None,
            })
    }

    /// The node at `tokens` in `file`, found before.
    fn target(&self, file: &DocumentPath, tokens: &[String]) -> &Value {
        const NONE: &Value = &Value::Null;
        self.find(file, tokens).unwrap_or(NONE)
    }

    /// Lifts the target into `section` (once) and makes `value` a local
    /// `$ref` to it; an entry component that stands for the target gets
    /// its content.
    fn lift(
        &mut self,
        value: &mut Value,
        section: &'static str,
        kind: Kind,
        file: DocumentPath,
        tokens: Vec<String>,
        cursor: &mut Cursor,
    ) -> Result<(), LoadError> {
        let target = (section, file, tokens);
        if self.homes.get(&target) == Some(&cursor.at) && only_reference_key(value) {
            self.homes.remove(&target);
            let (_, file, tokens) = target;
            let mut content = self.target(&file, &tokens).clone();
            let mut inner = Cursor {
                at: cursor.at.clone(),
                file,
                src: tokens,
            };
            self.record(&inner);
            self.walk(&mut content, Shape::One(kind), &mut inner)?;
            *value = content;
            return Ok(());
        }
        let name = match self.names.get(&target) {
            Some(name) => name.clone(),
            None => {
                let name = self.new_name(&target);
                self.names.insert(target.clone(), name.clone());
                let (section, file, tokens) = target;
                self.queue.push_back(Lift {
                    section,
                    name: name.clone(),
                    kind,
                    file,
                    tokens,
                });
                name
            }
        };
        let mut place = vec![section.to_owned(), name];
        if !self.swagger {
            place.insert(0, "components".to_owned());
        }
        set_reference(value, local(&place));
        Ok(())
    }

    /// A name for `target` in its section that no other name there is
    /// compared equal to; takes it.
    fn new_name(&mut self, target: &Target) -> String {
        let (section, file, tokens) = target;
        // A path has a file name: `split_last` finds it.
        let empty = String::new();
        let (name, folders) = file.segments().split_last().unwrap_or((&empty, &[]));
        let mut parts: Vec<String> = folders
            .iter()
            .filter(|folder| *folder != ".." && !is_generic_folder(folder))
            .chain([name])
            .cloned()
            .collect();
        if let Some(last) = parts.last_mut() {
            if let Some((stem, _)) = last.rsplit_once('.') {
                *last = stem.to_owned();
            }
        }
        parts.extend(tokens.iter().filter(|token| !is_structural(token)).cloned());
        let parts: Vec<String> = parts.iter().map(|part| sanitised(part)).collect();
        let taken = self.taken.entry(section).or_default();
        let candidates = (1..=parts.len()).map(|count| parts[parts.len() - count..].join("_"));
        let full = parts.join("_");
        let numbered = (2..).map(|number| format!("{full}_{number}"));
        let name = candidates
            .chain(numbered)
            .find(|name| !name.is_empty() && !taken.contains(&compared(name)))
            .unwrap_or_default();
        taken.insert(compared(&name));
        name
    }

    /// Writes the target in place of `value`, its keys beside the `$ref`
    /// over the target's.
    fn inline(
        &mut self,
        value: &mut Value,
        kind: Kind,
        file: DocumentPath,
        tokens: Vec<String>,
        cursor: &mut Cursor,
    ) -> Result<(), LoadError> {
        let here = (file.clone(), tokens.clone());
        if self.inlining.contains(&here) {
            cursor.push("$ref".to_owned());
            let chain: Vec<String> = self
                .inlining
                .iter()
                .skip_while(|part| **part != here)
                .map(|(file, tokens)| format!("`{file}{}`", local(tokens)))
                .collect();
            let error = self.error(
                cursor,
                Code::ReferenceCycle,
                format!(
                    "`$ref`s written in place lead back to themselves: {} and back",
                    chain.join(" -> ")
                ),
            );
            cursor.pop();
            return Err(error);
        }
        self.copied += size(self.target(&file, &tokens), MAX_COPIED_NODES);
        if self.copied > MAX_COPIED_NODES {
            cursor.push("$ref".to_owned());
            let error = self.error(
                cursor,
                Code::DocumentTooLarge,
                format!("parts written in place copy more than {MAX_COPIED_NODES} nodes into the document"),
            );
            cursor.pop();
            return Err(error);
        }
        let mut content = self.target(&file, &tokens).clone();
        if let (Value::Mapping(siblings), Value::Mapping(target)) = (&*value, &mut content) {
            for (key, sibling) in siblings {
                if key.as_str() != Some("$ref") {
                    target.insert(key.clone(), sibling.clone());
                    let key = crate::front::key_text(key);
                    let mut at = cursor.at.clone();
                    at.push(key.clone());
                    let mut src = cursor.src.clone();
                    src.push(key);
                    self.parts.insert(at, (cursor.file.to_string(), src));
                }
            }
        }
        let mut inner = Cursor {
            at: cursor.at.clone(),
            file,
            src: tokens,
        };
        self.record(&inner);
        self.inlining.push(here);
        let walked = self.walk(&mut content, Shape::One(kind), &mut inner);
        self.inlining.pop();
        walked?;
        *value = content;
        Ok(())
    }

    /// Rewrites the values of a discriminator's `mapping` that name files
    /// (`./Beverage.yaml`) as local `$ref`s to the lifted schemas.
    fn discriminator_mapping(
        &mut self,
        discriminator: &mut Mapping,
        cursor: &mut Cursor,
    ) -> Result<(), LoadError> {
        let Some(Value::Mapping(mapping)) = discriminator.get_mut("mapping") else {
            return Ok(());
        };
        cursor.push("mapping".to_owned());
        for (key, target) in mapping.iter_mut() {
            let Value::String(text) = target else {
                continue;
            };
            // A bare name is a schema's name, not a file.
            if !text.contains(['/', '#'])
                && !text.ends_with(".yaml")
                && !text.ends_with(".yml")
                && !text.ends_with(".json")
            {
                continue;
            }
            let text = text.clone();
            cursor.push(crate::front::key_text(key));
            let mut node =
                Value::Mapping(Mapping::from_iter([("$ref".into(), text.clone().into())]));
            let bundled = self.reference(&mut node, Kind::Schema, &text, cursor);
            cursor.pop();
            bundled?;
            if let Some(Value::String(rewritten)) = node.get("$ref") {
                *target = Value::String(rewritten.clone());
            }
        }
        cursor.pop();
        Ok(())
    }

    /// An error of `code` at the cursor's place, naming its file.
    fn error(&self, cursor: &Cursor, code: Code, message: String) -> LoadError {
        LoadError::Shape(Box::new(
            Diagnostic::new(code, &cursor.pointer(), message).in_file(cursor.file.to_string()),
        ))
    }

    /// The error for a `$ref` that is not followed.
    fn refused(&self, cursor: &Cursor, text: &str, refused: Refused) -> LoadError {
        let (code, message, hint) = match refused {
            Refused::Remote => (
                Code::RemoteReference,
                format!("`$ref` `{text}` is a URL; the generator never opens the network"),
                "download the file beside the description and refer to it by a relative path",
            ),
            Refused::Absolute => (
                Code::AbsoluteReference,
                format!("`$ref` `{text}` is absolute (a path from the root, or a `file:` URL); only paths relative to the referring file are followed"),
                "refer to the file by a path relative to the file that names it",
            ),
            Refused::NotAPointer => (
                Code::UnreadableFile,
                format!("`$ref` `{text}` has a fragment that is not a JSON pointer (`#/a/b`)"),
                "name the place by its JSON pointer",
            ),
            Refused::NoFile => (
                Code::UnreadableFile,
                format!("`$ref` `{text}` names a folder, not a file"),
                "name the file",
            ),
        };
        let LoadError::Shape(diagnostic) = self.error(cursor, code, message) else {
            unreachable!("Bundler::error makes a shape error")
        };
        LoadError::Shape(Box::new(diagnostic.with_hint(hint)))
    }
}

/// How many nodes `value` holds, counted up to a little past `limit`.
fn size(value: &Value, limit: usize) -> usize {
    let mut count = 0;
    let mut pending = vec![value];
    while let Some(node) = pending.pop() {
        count += 1;
        if count > limit {
            break;
        }
        match node {
            Value::Sequence(items) => pending.extend(items),
            Value::Mapping(mapping) => pending.extend(mapping.values()),
            Value::Tagged(tagged) => pending.push(&tagged.value),
            _ => {}
        }
    }
    count
}

/// The `$ref` of a node that is only a `$ref` (no key beside it).
fn only_reference(node: &Value) -> Option<&str> {
    match node {
        Value::Mapping(mapping) if mapping.len() == 1 => mapping.get("$ref")?.as_str(),
        _ => None,
    }
}

/// Whether the node is a mapping with a `$ref` string (and maybe more).
fn only_reference_key(node: &Value) -> bool {
    match node {
        Value::Mapping(mapping) => matches!(mapping.get("$ref"), Some(Value::String(_))),
        _ => false,
    }
}

/// Sets the `$ref` of `node` (a mapping with one) to `text`.
fn set_reference(node: &mut Value, text: String) {
    if let Value::Mapping(mapping) = node {
        mapping.insert("$ref".into(), text.into());
    }
}

/// The local `$ref` of `tokens` (`#/components/schemas/A`).
fn local(tokens: &[String]) -> String {
    tokens
        .iter()
        .fold(Pointer::root(), |pointer, token| pointer.push(token))
        .to_string()
}

/// How names are compared for collisions: what would make one Rust name.
fn compared(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `part` with only the characters a component name may hold.
fn sanitised(part: &str) -> String {
    part.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Whether a folder's name says nothing of what its files are about
/// (`models`, `shared`): names skip it.
fn is_generic_folder(folder: &str) -> bool {
    matches!(
        folder.to_ascii_lowercase().as_str(),
        "models"
            | "model"
            | "schemas"
            | "schema"
            | "definitions"
            | "components"
            | "resources"
            | "shared"
            | "common"
            | "types"
            | "parameters"
            | "responses"
    )
}

/// Whether a fragment token only says where in a document a component
/// sits (`components`, `schemas`), not what it is.
fn is_structural(token: &str) -> bool {
    token == "components"
        || token == "$defs"
        || SECTIONS.iter().any(|(section, _)| *section == token)
        || token.parse::<usize>().is_ok()
}

#[cfg(test)]
mod tests;

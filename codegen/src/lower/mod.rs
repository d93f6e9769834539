//! Lowering: a loaded `openapiv3` document to the [`crate::ir`]
//! representation.
//!
//! Validation happens here too: every problem found becomes a
//! [`Diagnostic`] with the JSON pointer of its node, and lowering goes on so
//! that one run reports as many problems as it can. The result is only used
//! when no error was recorded.

mod compose;
mod constraints;
mod dangling;
mod extensions;
mod fields;
mod group_methods;
mod groups;
pub(crate) mod operations;
mod refs;
mod security;
mod shape;
mod types;
mod union;
mod webhooks;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::ir::{Api, TypeDef, TypeRef};
use crate::load::Loaded;
use crate::pointer::Pointer;

pub use group_methods::LARGE_API;
pub(crate) use groups::ALL_GROUPS;
#[cfg(test)]
pub(crate) use groups::TAKEN_FEATURES;

/// The extension that names a schema's type, an operation's method or (as
/// a list) nothing else: the user's choice over the naming rules.
const RUST_NAME: &str = "x-rust-name";

/// Lowers `loaded`; returns the API and every diagnostic found. The API is
/// only meaningful when the diagnostics hold no error.
pub fn lower(loaded: &Loaded) -> (Api, Diagnostics) {
    let spec = &loaded.document;
    let mut lowerer = Lowerer::new(loaded);
    for warning in &loaded.front_warnings {
        lowerer.diagnostics.push(warning.clone());
    }
    let own_from = lowerer.diagnostics.len();
    lowerer.form_components = operations::form_component_keys(spec, &loaded.additional_operations);
    lowerer.register_component_schemas();
    lowerer.lower_component_schemas();
    let (auth, unsupported_auth) = lowerer.lower_security();
    let operations = lowerer.lower_operations();
    let (webhooks, event_tag) = lowerer.lower_webhooks();
    let echo_marker = lowerer.echo_marker(&operations);

    lowerer.count_dangling_uses();
    lowerer.check_alias_cycles();
    lowerer.check_union_cycles();
    lowerer.mark_text_unions();
    let error_type = lowerer.pick_error_type(&operations);
    let base_url = lowerer.base_url();
    let rate_limit_headers = lowerer.rate_limit_headers();
    let group_methods = lowerer.group_methods_override();
    let mut api = Api {
        title: spec.info.title.clone(),
        description: spec.info.description.clone(),
        version: spec.info.version.clone(),
        crate_version: lowerer.crate_version(),
        base_url,
        auth,
        unsupported_auth,
        operations,
        types: lowerer
            .types
            .into_iter()
            .map(|(name, (def, _))| (name, def))
            .collect(),
        error_type,
        rate_limit_headers,
        webhooks,
        event_tag,
        echo_marker,
        groups: Vec::new(),
        type_groups: BTreeMap::new(),
    };
    let spec_tags = &spec.tags;
    groups::assign(&mut api, |name| {
        spec_tags
            .iter()
            .find(|tag| tag.name == name)
            .and_then(|tag| tag.description.clone())
    });
    group_methods::assign(&mut api, group_methods);
    // Lowering reads the rewritten document; its diagnostics name places
    // in the document as written.
    let mut diagnostics = lowerer.diagnostics;
    if !loaded.origins.is_empty() {
        diagnostics.relocate(own_from, |pointer| loaded.origins.original(pointer));
    }
    if !loaded.sources.is_empty() {
        diagnostics.locate_files(&loaded.sources);
    }
    (api, diagnostics)
}

/// An inline schema that was given a named type.
struct InlineSchema<'a> {
    /// The name it asked for (`x-rust-name`, `title` or its place).
    asked: String,
    /// The name it was given (the asked one, or with a suffix).
    given: String,
    /// The schema.
    schema: &'a openapiv3::Schema,
}

/// State shared by the lowering passes.
struct Lowerer<'a> {
    spec: &'a OpenAPI,
    /// The schemas that were a `$ref` with `nullable: true` beside it.
    nullable_references: &'a BTreeSet<Pointer>,
    /// The schemas with `enum: []`, which `openapiv3` reads as no `enum`.
    empty_enums: &'a BTreeSet<Pointer>,
    /// Where the loader moved nodes, and the schemas that accept only
    /// `null` (by their place in the document as written).
    origins: &'a crate::load::Origins,
    null_schemas: &'a BTreeSet<Pointer>,
    /// The operations of methods beyond a path item's fixed ones (`query`,
    /// custom methods), by path.
    additional_operations: &'a crate::load::AdditionalOperations,
    /// The Encoding Objects that write `explode`.
    encoding_explodes: &'a BTreeSet<Pointer>,
    /// The item schemas of streamed bodies, by media type pointer.
    item_schemas: &'a BTreeMap<Pointer, openapiv3::ReferenceOr<openapiv3::Schema>>,
    diagnostics: Diagnostics,
    /// Component schema key -> Rust type name.
    component_names: BTreeMap<String, String>,
    /// Rust type name -> definition (and whether it is finished).
    types: BTreeMap<String, (TypeDef, Pointer)>,
    /// Rust type name -> the pointer that claimed it, for the warning of a
    /// later schema that wanted the name.
    claimed_names: BTreeMap<String, Pointer>,
    /// The type names given so far.
    type_names: crate::naming::Namespace,
    /// The inline schemas given a type: the name each asked for, the name
    /// it was given and the schema, so that the same schema asking for the
    /// same name again gets that type.
    inline_schemas: Vec<InlineSchema<'a>>,
    /// Nesting depth of the schema being lowered, to bound recursion.
    depth: usize,
    /// Inline schemas already given a named type, by pointer, so a schema
    /// reached twice is defined once.
    inline_types: BTreeMap<Pointer, TypeRef>,
    /// Flattened enums by name: the alternatives that defined each and
    /// where, so schemas with the same `x-one-of-name` can share it.
    flattened_unions: BTreeMap<String, (&'a [openapiv3::ReferenceOr<openapiv3::Schema>], Pointer)>,
    /// The component schemas that some operation sends as a multipart body.
    form_components: BTreeSet<&'a str>,
    /// Whether the schema being lowered is a multipart body's, whose
    /// `format: binary` strings are files (`TypeRef::Binary`); elsewhere
    /// they are strings, as JSON carries them.
    in_form: bool,
    /// The keys of the security schemes the client can send.
    sendable_schemes: BTreeSet<String>,
    /// The dangling references reported so far, with their uses.
    dangling: dangling::DanglingRefs,
    /// The webhooks as loading read them ([`Loaded::webhooks`]).
    webhooks: &'a [(
        String,
        Result<openapiv3::ReferenceOr<openapiv3::PathItem>, String>,
    )],
}

impl<'a> Lowerer<'a> {
    fn new(loaded: &'a Loaded) -> Self {
        Self {
            spec: &loaded.document,
            nullable_references: &loaded.nullable_references,
            empty_enums: &loaded.empty_enums,
            origins: &loaded.origins,
            null_schemas: &loaded.null_schemas,
            additional_operations: &loaded.additional_operations,
            encoding_explodes: &loaded.encoding_explodes,
            item_schemas: &loaded.item_schemas,
            diagnostics: Diagnostics::default(),
            component_names: BTreeMap::new(),
            types: BTreeMap::new(),
            claimed_names: BTreeMap::new(),
            type_names: crate::naming::Namespace::default(),
            inline_schemas: Vec::new(),
            depth: 0,
            inline_types: BTreeMap::new(),
            flattened_unions: BTreeMap::new(),
            form_components: BTreeSet::new(),
            in_form: false,
            sendable_schemes: BTreeSet::new(),
            dangling: dangling::DanglingRefs::default(),
            webhooks: &loaded.webhooks,
        }
    }

    /// Marks the unions whose alternatives are all scalars
    /// ([`crate::ir::OneOfDef::display`]), once every type is lowered.
    fn mark_text_unions(&mut self) {
        let text_unions: Vec<String> = self
            .types
            .keys()
            .filter(|name| self.is_text_union(name, 0))
            .cloned()
            .collect();
        for name in text_unions {
            if let Some((TypeDef::OneOf(def), _)) = self.types.get_mut(&name) {
                def.display = true;
            }
        }
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Gives the schema at `pointer` the type name `name`, or, when an
    /// earlier schema (in document order) has it, the name with a suffix
    /// ([`crate::naming::Namespace`]) and a warning that says so.
    fn claim_type_name(&mut self, name: &str, pointer: &Pointer) -> String {
        let hint = format!("to choose the name, give the schema `{RUST_NAME}: OtherName`");
        self.claim_type_name_or(name, pointer, &hint)
    }

    /// [`Self::claim_type_name`], with `hint` telling how to choose the name
    /// where `x-rust-name` does not name this type.
    fn claim_type_name_or(&mut self, name: &str, pointer: &Pointer, hint: &str) -> String {
        let given = self.type_names.claim(name);
        if given != name {
            let previous = self
                .claimed_names
                .get(name)
                .map_or_else(String::new, |at| format!(", like the schema at {at}"));
            self.error(
                Diagnostic::new(
                    Code::Renamed,
                    pointer,
                    format!("this schema would be named `{name}`{previous}; it is `{given}`"),
                )
                .with_hint(hint),
            );
        }
        self.claimed_names.insert(given.clone(), pointer.clone());
        given
    }

    /// `info.x-crate-version`, when it is a string.
    fn crate_version(&mut self) -> Option<String> {
        let value = self.spec.info.extensions.get("x-crate-version")?;
        match value.as_str() {
            Some(version) => Some(version.to_owned()),
            None => {
                self.error(Diagnostic::new(
                    Code::IgnoredExtension,
                    &Pointer::root().push("info").push("x-crate-version"),
                    "`x-crate-version` must be a string such as \"0.1.0\"; it is ignored",
                ));
                None
            }
        }
    }

    /// Reports type aliases that refer to themselves (`A = B`, `B = A`, or
    /// `A = Vec<A>`): Rust aliases cannot be recursive, and such a schema
    /// describes no finite value anyway unless it is an object.
    fn check_alias_cycles(&mut self) {
        fn mentioned(ty: &TypeRef, out: &mut Vec<String>) {
            match ty {
                TypeRef::Named(name) => out.push(name.clone()),
                TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                    mentioned(inner, out)
                }
                _ => {}
            }
        }
        let aliases: BTreeMap<String, (Vec<String>, Pointer)> = self
            .types
            .iter()
            .filter_map(|(name, (def, pointer))| match def {
                TypeDef::Alias(alias) => {
                    let mut targets = Vec::new();
                    mentioned(&alias.target, &mut targets);
                    Some((name.clone(), (targets, pointer.clone())))
                }
                _ => None,
            })
            .collect();
        for (name, (targets, pointer)) in &aliases {
            let mut seen: Vec<&str> = Vec::new();
            let mut pending: Vec<&str> = targets.iter().map(String::as_str).collect();
            while let Some(next) = pending.pop() {
                if next == name {
                    self.error(
                        Diagnostic::new(Code::RecursiveAlias, pointer, format!("the type `{name}` is defined through itself only (a recursive alias)"))
                            .with_hint("describe it as an object with properties, or break the cycle of `$ref`s"),
                    );
                    break;
                }
                if seen.contains(&next) {
                    continue;
                }
                seen.push(next);
                if let Some((more, _)) = aliases.get(next) {
                    pending.extend(more.iter().map(String::as_str));
                }
            }
        }
    }

    /// The first server's URL without its trailing slash, server variables
    /// replaced by their defaults.
    fn base_url(&mut self) -> String {
        let pointer = Pointer::root().push("servers");
        let Some(server) = self.spec.servers.first() else {
            self.error(
                Diagnostic::new(Code::NoServer, &pointer, "the spec lists no server").with_hint(
                    "add `servers: [{url: https://...}]`; until then callers must set a base URL",
                ),
            );
            return String::new();
        };
        let mut url = server.url.clone();
        if let Some(variables) = &server.variables {
            for (name, variable) in variables {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
        }
        url.trim_end_matches('/').to_owned()
    }

    /// The error schema a body of a status no operation documents is tried
    /// as: the named type error responses use most (every documented one is
    /// a variant of the crate's `ErrorBody`, decoded by its status).
    fn pick_error_type(&self, operations: &[crate::ir::Operation]) -> Option<String> {
        let mut uses: BTreeMap<String, usize> = BTreeMap::new();
        for operation in operations {
            for response in &operation.errors {
                if let Some(TypeRef::Named(name)) = &response.ty {
                    *uses.entry(name.clone()).or_insert(0) += 1;
                }
            }
        }
        let chosen = uses
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(name, _)| name.clone())?;
        Some(chosen)
    }
}

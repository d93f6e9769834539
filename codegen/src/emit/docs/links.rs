//! Which Rust paths a doc link may point at: the items of the generated
//! crate. Servers written in Rust copy their own doc comments into their
//! spec, intra-doc links included (``[`Disk`](omicron::api::Disk)``,
//! ``[`Policy`]``); in our crate those paths name nothing, so a link to a
//! Rust path is kept only when it names one of our items, pointed at our
//! type when it names a schema of the spec, and is code text otherwise.
//!
//! The emitters write docs deep inside their item builders; rather than
//! hand the crate's names to each of them, [`in_crate`] sets them for the
//! thread that emits one part of a file, and [`with_current`] reads them.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::ir::{Api, TypeDef, TypeRef};

/// The names a doc link of the generated crate can resolve to.
#[derive(Debug, Default)]
pub struct Links {
    /// Items at the crate root (`Client`, `Error`, `types`, the request
    /// builders' module) and the request builders, whose paths the
    /// generator's own docs use from where they resolve.
    own: HashSet<String>,
    /// Our types by Rust name, with the names of their members (variants
    /// and fields) that a link may name as `Type::member`.
    types: HashMap<String, HashSet<String>>,
    /// Our type's Rust name for each schema of `components/schemas`.
    schemas: HashMap<String, String>,
    /// Whether the docs are written in the `types` module, where our types
    /// are named without a path.
    in_types: bool,
    /// The items of the `webhooks` module (`Event`, `Received`, ...),
    /// named without a path in its own docs.
    webhook_items: HashSet<String>,
    /// Whether the docs are written in the `webhooks` module.
    in_webhooks: bool,
}

/// What becomes of a link to a Rust path.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// It names one of our items from where the generator writes it.
    Keep,
    /// It names one of our types: this path does from anywhere.
    Rewrite(String),
    /// It names nothing of ours: the link's text is kept, as code text.
    Unlink,
}

/// The crate-root items the emitters add beside the runtime's exports
/// (`emit::lib_rs` writes them: the base URL, the two modules users name,
/// and the crates re-exported for their types).
const CRATE_ROOT_ITEMS: &[&str] = &["DEFAULT_BASE_URL", "builder", "types", "reqwest", "bytes"];

impl Links {
    /// The names of the crate emitted for `api`.
    pub fn of(api: &Api) -> Self {
        let mut own: HashSet<String> = HashSet::from(["types".to_owned()]);
        if !api.operations.is_empty() {
            own.extend(CRATE_ROOT_ITEMS.iter().map(|name| (*name).to_owned()));
            for file in super::super::runtime_modules(api) {
                own.extend(file.exports.iter().map(|name| (*name).to_owned()));
            }
            own.extend(api.operations.iter().map(|op| op.builder_name.clone()));
            // With methods by group: the module of the handles, and each
            // handle, named bare in its group's module.
            for method in api
                .operations
                .iter()
                .filter_map(|op| op.group_method.as_ref())
            {
                own.insert("groups".to_owned());
                own.insert(method.handle.clone());
            }
        }
        let mut types = HashMap::new();
        let mut schemas = HashMap::new();
        for def in api.types.values() {
            let members: HashSet<String> = match def {
                TypeDef::Struct(def) => def.fields.iter().map(|f| f.rust_name.clone()).collect(),
                TypeDef::Enum(def) => def.variants.iter().map(|v| v.rust_name.clone()).collect(),
                TypeDef::OneOf(def) => def.variants.iter().map(|v| v.rust_name.clone()).collect(),
                TypeDef::Alias(_) | TypeDef::Null(_) => HashSet::new(),
            };
            types.insert(def.name().to_owned(), members);
            if let [components, section, schema] = def.pointer().tokens() {
                if components != "components" || section != "schemas" {
                    continue;
                }
                // A schema lowered to an alias of a named type is that type.
                let name = match def {
                    TypeDef::Alias(alias) => match &alias.target {
                        TypeRef::Named(target) => target.clone(),
                        _ => alias.name.clone(),
                    },
                    _ => def.name().to_owned(),
                };
                schemas.insert(schema.clone(), name);
            }
        }
        let webhook_items = super::super::webhooks::items(api).into_iter().collect();
        Links {
            own,
            types,
            schemas,
            in_types: false,
            webhook_items,
            in_webhooks: false,
        }
    }

    /// These names, for docs written in the `types` module.
    pub fn in_types(&self) -> Self {
        Links {
            own: self.own.clone(),
            types: self.types.clone(),
            schemas: self.schemas.clone(),
            in_types: true,
            webhook_items: self.webhook_items.clone(),
            in_webhooks: false,
        }
    }

    /// These names, for docs written in the `webhooks` module.
    pub fn in_webhooks(&self) -> Self {
        Links {
            own: self.own.clone(),
            types: self.types.clone(),
            schemas: self.schemas.clone(),
            in_types: false,
            webhook_items: self.webhook_items.clone(),
            in_webhooks: true,
        }
    }

    /// What becomes of a link to `path`, a Rust path (see [`rust_path`]).
    pub fn target(&self, path: &str) -> Target {
        let bare = path
            .strip_suffix("()")
            .or_else(|| path.strip_suffix('!'))
            .unwrap_or(path);
        let (rooted, bare) = match bare.strip_prefix("crate::") {
            Some(rest) => (true, rest),
            None => (false, bare),
        };
        let segments: Vec<&str> = bare.split("::").collect();
        let our_type = |segments: &[&str]| match segments {
            [ty] => self.types.contains_key(*ty),
            [ty, member] => self.types.get(*ty).is_some_and(|m| m.contains(*member)),
            _ => false,
        };
        match segments.as_slice() {
            [first, ..] if self.in_webhooks && !rooted && self.webhook_items.contains(*first) => {
                return Target::Keep
            }
            ["webhooks", item, ..] if rooted && self.webhook_items.contains(*item) => {
                return Target::Keep
            }
            ["types", rest @ ..] if rooted && our_type(rest) => return Target::Keep,
            [first, ..] if self.own.contains(*first) => return Target::Keep,
            _ if our_type(&segments) && self.in_types && !rooted => return Target::Keep,
            _ if our_type(&segments) => {
                return Target::Rewrite(format!("crate::types::{}", segments.join("::")))
            }
            _ => {}
        }
        let last = segments.last().copied().unwrap_or_default();
        match self.schemas.get(last) {
            Some(ours) => Target::Rewrite(format!("crate::types::{ours}")),
            None => Target::Unlink,
        }
    }
}

impl Links {
    /// Whether a link whose text is the code span `label` reads, here, as
    /// a link to `target` without its destination (rustdoc's
    /// `redundant_explicit_links`): in the `types` module, when `label` is
    /// one of our types (or its member) and `target` its full path.
    pub fn label_names(&self, label: &str, target: &str) -> bool {
        self.in_types
            && target.strip_prefix("crate::types::") == Some(label)
            && self.target(label) == Target::Keep
    }
}

/// Whether `destination` is a Rust path (`Client`, `crate::a::B`,
/// `a::b::f()`, `m!`) rather than a URL, as rustdoc reads a link to one.
pub fn rust_path(destination: &str) -> bool {
    let path = destination
        .strip_suffix("()")
        .or_else(|| destination.strip_suffix('!'))
        .unwrap_or(destination);
    !path.is_empty()
        && path.split("::").all(|segment| {
            segment
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
}

thread_local! {
    /// The names of the crate whose docs this thread is writing.
    static CURRENT: RefCell<Option<Arc<Links>>> = const { RefCell::new(None) };
}

/// Runs `emit` with `links` as the crate whose docs it writes (and the
/// names there were before afterwards).
pub fn in_crate<T>(links: &Arc<Links>, emit: impl FnOnce() -> T) -> T {
    let before = CURRENT.with(|current| current.replace(Some(Arc::clone(links))));
    let out = emit();
    CURRENT.with(|current| current.replace(before));
    out
}

/// Calls `read` with the names of the crate being emitted; outside
/// [`in_crate`], with none (every link to a Rust path is code text then).
pub fn with_current<T>(read: impl FnOnce(&Links) -> T) -> T {
    let links = CURRENT.with(|current| current.borrow().clone());
    match links {
        Some(links) => read(&links),
        None => read(&Links::default()),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::{HashMap, HashSet};

    use super::{rust_path, Links, Target};

    /// A crate with a `Client`, the types `Certificate` (variant `Pem`)
    /// and `RoleAssignment` (schema `role_assignment`), and a request
    /// builder `GetDisk`.
    pub fn sample() -> Links {
        Links {
            own: [
                "Client",
                "Error",
                "RetryPolicy",
                "types",
                "builder",
                "GetDisk",
            ]
            .map(str::to_owned)
            .into(),
            types: HashMap::from([
                ("Certificate".to_owned(), HashSet::from(["Pem".to_owned()])),
                ("RoleAssignment".to_owned(), HashSet::new()),
            ]),
            schemas: HashMap::from([
                ("Certificate".to_owned(), "Certificate".to_owned()),
                ("role_assignment".to_owned(), "RoleAssignment".to_owned()),
            ]),
            in_types: false,
            webhook_items: HashSet::new(),
            in_webhooks: false,
        }
    }

    #[test]
    fn paths_resolve_to_our_items_or_to_nothing() {
        let links = sample();
        for kept in [
            "Client",
            "Client::get",
            "crate::RetryPolicy",
            "Error::Api",
            "builder::GetDisk",
            "GetDisk::send_with_response",
            "crate::types::Certificate",
            "crate::types::Certificate::Pem",
        ] {
            assert_eq!(links.target(kept), Target::Keep, "{kept}");
        }
        let ours = |path: &str| Target::Rewrite(path.to_owned());
        assert_eq!(
            links.target("crate::external_api::views::Certificate"),
            ours("crate::types::Certificate")
        );
        assert_eq!(
            links.target("Certificate"),
            ours("crate::types::Certificate")
        );
        assert_eq!(
            links.target("Certificate::Pem"),
            ours("crate::types::Certificate::Pem")
        );
        assert_eq!(
            links.target("views::role_assignment"),
            ours("crate::types::RoleAssignment")
        );
        for gone in [
            "omicron_common::api::external::Disk",
            "Policy",
            "Certificate::new",
            "crate::views",
        ] {
            assert_eq!(links.target(gone), Target::Unlink, "{gone}");
        }
        // In the types module our types need no path.
        let here = links.in_types();
        assert_eq!(here.target("Certificate::Pem"), Target::Keep);
        assert!(here.label_names("Certificate", "crate::types::Certificate"));
        assert!(!links.label_names("Certificate", "crate::types::Certificate"));
        assert_eq!(
            here.target("a::Certificate"),
            ours("crate::types::Certificate")
        );
    }

    #[test]
    fn rust_paths_are_not_urls() {
        for path in ["Client", "a::b::C", "crate::f()", "m!", "_x"] {
            assert!(rust_path(path), "{path}");
        }
        for url in ["https://e.com", "/p", "#anchor", "a.html", "", "a::", "1x"] {
            assert!(!rust_path(url), "{url}");
        }
    }
}

//! The walk over both documents: root, security, paths, operations,
//! parameters, bodies and responses. Schemas are in [`crate::schema`].

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use crate::document::Document;
use crate::excuses::Excuses;
use crate::not_compared::{self, Place};
use crate::pointer::Pointer;
use crate::report::{Difference, Excused, Kind, Report};

/// What to compare, and which differences are on purpose.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// When not empty, only paths that start with one of these prefixes are
    /// compared, on both sides (`/conversations/` to hold our spec against
    /// Brevo's whole definition). Schemas are compared where these paths use
    /// them; security schemes are always compared.
    pub path_prefixes: Vec<String>,
    /// The differences that are on purpose: they go to
    /// [`Report::intentional`]. Empty by default, so nothing is excused.
    pub excuses: Excuses,
}

/// Compares our spec with an upstream document, fact by fact, excusing
/// nothing: every difference is in [`Report::differences`]. See
/// [`compare_with`] for an excuse list.
pub fn compare(ours: &Document, upstream: &Document) -> Report {
    compare_with(ours, upstream, &Options::default())
}

/// [`compare`] with [`Options`]: the differences its excuse list accounts
/// for go to [`Report::intentional`], the others to [`Report::differences`].
pub fn compare_with(ours: &Document, upstream: &Document, options: &Options) -> Report {
    let mut walker = Walker {
        ours: ours.root(),
        upstream: upstream.root(),
        options,
        found: BTreeSet::new(),
        visited: HashSet::new(),
        view_budget: VIEW_BUDGET,
    };
    walker.document();
    let mut found: Vec<Difference> = walker
        .found
        .into_iter()
        .map(|difference| Difference {
            ours: ours.original(&difference.ours),
            upstream: upstream.original(&difference.upstream),
            ..difference
        })
        .collect();
    found.sort_by(|a, b| {
        (&a.ours, &a.upstream, a.kind, &a.message).cmp(&(&b.ours, &b.upstream, b.kind, &b.message))
    });
    let mut report = Report::default();
    for difference in found {
        match options.excuses.excuse(&difference) {
            Some(entry) => report.intentional.push(Excused {
                difference,
                entry: entry.clone(),
            }),
            None => report.differences.push(difference),
        }
    }
    report.unused = options
        .excuses
        .entries()
        .iter()
        .filter(|entry| !report.intentional.iter().any(|e| e.entry.id == entry.id))
        .cloned()
        .collect();
    report
}

/// Which document a node is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Ours,
    Upstream,
}

/// A value and where it is.
#[derive(Clone, Debug)]
pub(crate) struct Node<'a> {
    pub at: Pointer,
    pub value: &'a Value,
}

impl<'a> Node<'a> {
    pub fn new(at: Pointer, value: &'a Value) -> Self {
        Self { at, value }
    }

    /// The member `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        self.value
            .get(key)
            .map(|value| Node::new(self.at.push(key), value))
    }

    /// The members of an object, sorted by key (none for other values).
    pub fn members(&self) -> Vec<(String, Node<'a>)> {
        let mut members: Vec<(String, Node<'a>)> = self
            .value
            .as_object()
            .map(|map| {
                map.iter()
                    .map(|(key, value)| (key.clone(), Node::new(self.at.push(key), value)))
                    .collect()
            })
            .unwrap_or_default();
        members.sort_by(|a, b| a.0.cmp(&b.0));
        members
    }

    /// The items of an array (none for other values).
    pub fn items(&self) -> Vec<Node<'a>> {
        self.value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .map(|(index, value)| Node::new(self.at.push(index), value))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// HTTP methods of a path item, in the order they are compared.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How many views (of the schema, its parts and its alternatives, and
/// theirs) building the view of one schema may take: far more than any real
/// schema needs (in Brevo's whole definition the most is 5).
pub(crate) const VIEW_BUDGET: usize = 2_000;

/// How many `$ref`s in a row are followed before giving up.
const MAX_REF_HOPS: usize = 32;

pub(crate) struct Walker<'a, 'o> {
    pub ours: &'a Value,
    pub upstream: &'a Value,
    options: &'o Options,
    pub found: BTreeSet<Difference>,
    /// Pairs of schemas already compared (after `$ref`s), so a shared schema
    /// is compared once and recursive ones end.
    pub visited: HashSet<(Pointer, Pointer)>,
    /// How many more views the schema view being built may take:
    /// alternatives are viewed without memory of earlier views, and
    /// alternatives that branch and repeat could otherwise take exponential
    /// time.
    pub view_budget: usize,
}

impl<'a> Walker<'a, '_> {
    /// Records a difference.
    pub fn add(&mut self, kind: Kind, ours: Pointer, upstream: Pointer, message: String) {
        self.found.insert(Difference {
            kind,
            ours,
            upstream,
            message,
        });
    }

    /// Records a difference about a node on `side`, `other` being the place
    /// on the other side.
    pub fn add_on(
        &mut self,
        side: Side,
        kind: Kind,
        here: Pointer,
        other: Pointer,
        message: String,
    ) {
        match side {
            Side::Ours => self.add(kind, here, other, message),
            Side::Upstream => self.add(kind, other, here, message),
        }
    }

    fn root_of(&self, side: Side) -> &'a Value {
        match side {
            Side::Ours => self.ours,
            Side::Upstream => self.upstream,
        }
    }

    /// Follows `$ref`s from `node` to the node they name. A broken
    /// reference is reported, `other` being the counterpart's place, and
    /// gives `None`.
    pub fn resolve(&mut self, side: Side, node: Node<'a>, other: &Pointer) -> Option<Node<'a>> {
        let mut current = node;
        for _ in 0..=MAX_REF_HOPS {
            let Some(reference) = current.value.get("$ref") else {
                return Some(current);
            };
            let here = current.at.push("$ref");
            let Some(text) = reference.as_str() else {
                self.add_on(
                    side,
                    Kind::UnresolvedRef,
                    here,
                    other.clone(),
                    "`$ref` is not a string".to_owned(),
                );
                return None;
            };
            let Some(target) = Pointer::parse_ref(text) else {
                self.add_on(
                    side,
                    Kind::UnresolvedRef,
                    here,
                    other.clone(),
                    format!("`$ref` `{text}` points outside the document, which the drift guard does not follow"),
                );
                return None;
            };
            let Some(value) = target.resolve(self.root_of(side)) else {
                self.add_on(
                    side,
                    Kind::UnresolvedRef,
                    here,
                    other.clone(),
                    format!("`$ref` `{text}` names nothing in the document"),
                );
                return None;
            };
            current = Node::new(target, value);
        }
        self.add_on(
            side,
            Kind::UnresolvedRef,
            current.at,
            other.clone(),
            format!("more than {MAX_REF_HOPS} `$ref`s in a row (a cycle?)"),
        );
        None
    }

    /// Reports keywords of `ours` and `upstream` that are neither in
    /// `compared`, nor `x-` extensions, nor listed as not compared at `place`.
    pub fn unknown_keywords(
        &mut self,
        place: Place,
        ours: &Node<'a>,
        upstream: &Node<'a>,
        compared: &[&str],
    ) {
        for (side, node, other) in [
            (Side::Ours, ours, upstream),
            (Side::Upstream, upstream, ours),
        ] {
            for (key, _) in node.members() {
                if key.starts_with("x-")
                    || compared.contains(&key.as_str())
                    || not_compared::not_compared(place, &key)
                {
                    continue;
                }
                let who = match side {
                    Side::Ours => "ours",
                    Side::Upstream => "upstream",
                };
                self.add_on(
                    side,
                    Kind::UnknownKeyword,
                    node.at.push(&key),
                    other.at.clone(),
                    format!("{who} uses the keyword `{key}`, which the drift guard neither compares nor lists in NOT_COMPARED"),
                );
            }
        }
    }

    /// Compares the `x-` extensions of two objects.
    pub fn extensions(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        let ours_x: BTreeMap<String, Node<'a>> = ours
            .members()
            .into_iter()
            .filter(|(k, _)| k.starts_with("x-"))
            .collect();
        let upstream_x: BTreeMap<String, Node<'a>> = upstream
            .members()
            .into_iter()
            .filter(|(k, _)| k.starts_with("x-"))
            .collect();
        for key in union(ours_x.keys(), upstream_x.keys()) {
            match (ours_x.get(&key), upstream_x.get(&key)) {
                (Some(o), None) => self.add(
                    Kind::ExtensionAdded,
                    o.at.clone(),
                    upstream.at.clone(),
                    format!("extension `{key}` missing upstream"),
                ),
                (None, Some(u)) => self.add(
                    Kind::ExtensionMissing,
                    ours.at.clone(),
                    u.at.clone(),
                    format!("extension `{key}` missing in ours"),
                ),
                (Some(o), Some(u)) if o.value != u.value => self.add(
                    Kind::ExtensionChanged,
                    o.at.clone(),
                    u.at.clone(),
                    format!(
                        "extension `{key}` is {} in ours, {} upstream",
                        o.value, u.value
                    ),
                ),
                _ => {}
            }
        }
    }

    /// Compares keywords whose values must simply be equal.
    pub fn equal_keywords(
        &mut self,
        ours: &Node<'a>,
        upstream: &Node<'a>,
        keywords: &[&str],
        kind: Kind,
    ) {
        self.equal_keywords_of("", ours, upstream, keywords, kind);
    }

    /// [`Self::equal_keywords`], the messages starting with `subject: `
    /// when it is not empty.
    pub fn equal_keywords_of(
        &mut self,
        subject: &str,
        ours: &Node<'a>,
        upstream: &Node<'a>,
        keywords: &[&str],
        kind: Kind,
    ) {
        for keyword in keywords {
            let o = ours.get(keyword);
            let u = upstream.get(keyword);
            if o.as_ref().map(|n| n.value) == u.as_ref().map(|n| n.value) {
                continue;
            }
            let text = |n: &Option<Node<'a>>| {
                n.as_ref()
                    .map_or_else(|| "absent".to_owned(), |n| format!("{}", n.value))
            };
            let mut message = format!("`{keyword}` is {} in ours, {} upstream", text(&o), text(&u));
            if !subject.is_empty() {
                message = format!("{subject}: {message}");
            }
            self.add(
                kind,
                o.map_or_else(|| ours.at.clone(), |n| n.at),
                u.map_or_else(|| upstream.at.clone(), |n| n.at),
                message,
            );
        }
    }

    fn document(&mut self) {
        let ours = Node::new(Pointer::root(), self.ours);
        let upstream = Node::new(Pointer::root(), self.upstream);
        self.unknown_keywords(
            Place::Root,
            &ours,
            &upstream,
            &[
                "openapi",
                "info",
                "servers",
                "paths",
                "components",
                "security",
            ],
        );
        self.extensions(&ours, &upstream);
        self.equal_keywords(&ours, &upstream, &["openapi"], Kind::OpenApiVersionChanged);
        self.info(&ours, &upstream);
        self.servers(&ours, &upstream);
        self.security(&ours, &upstream, None);
        self.security_schemes(&ours, &upstream);
        self.paths(&ours, &upstream);
    }

    fn info(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        let empty = &Value::Null;
        let o = ours
            .get("info")
            .unwrap_or_else(|| Node::new(ours.at.push("info"), empty));
        let u = upstream
            .get("info")
            .unwrap_or_else(|| Node::new(upstream.at.push("info"), empty));
        self.unknown_keywords(Place::Info, &o, &u, &["version"]);
        self.extensions(&o, &u);
        self.equal_keywords(&o, &u, &["version"], Kind::ApiVersionChanged);
    }

    /// Servers, as their URLs with variables set to their defaults.
    fn servers(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        let urls = |node: &Node<'a>| -> Vec<String> {
            let mut urls: Vec<String> = node
                .get("servers")
                .map(|servers| servers.items())
                .unwrap_or_default()
                .iter()
                .map(|server| {
                    let mut url = server
                        .value
                        .get("url")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned();
                    if let Some(variables) =
                        server.value.get("variables").and_then(Value::as_object)
                    {
                        for (name, variable) in variables {
                            let default = variable
                                .get("default")
                                .and_then(Value::as_str)
                                .unwrap_or("");
                            url = url.replace(&format!("{{{name}}}"), default);
                        }
                    }
                    url
                })
                .collect();
            urls.sort();
            urls
        };
        let (o, u) = (urls(ours), urls(upstream));
        if o != u {
            self.add(
                Kind::ServersChanged,
                ours.at.push("servers"),
                upstream.at.push("servers"),
                format!(
                    "servers are [{}] in ours, [{}] upstream",
                    o.join(", "),
                    u.join(", ")
                ),
            );
        }
    }

    /// Compares security requirements: the root's when `operations` is
    /// `None`, else the operations' own (falling back to the root's).
    fn security(
        &mut self,
        ours: &Node<'a>,
        upstream: &Node<'a>,
        operations: Option<(&Node<'a>, &Node<'a>)>,
    ) {
        let root_o = Node::new(Pointer::root(), self.ours);
        let root_u = Node::new(Pointer::root(), self.upstream);
        let (o, u) = match operations {
            None => (ours.get("security"), upstream.get("security")),
            Some((op_o, op_u)) => {
                if op_o.get("security").is_none() && op_u.get("security").is_none() {
                    return;
                }
                (
                    op_o.get("security").or_else(|| root_o.get("security")),
                    op_u.get("security").or_else(|| root_u.get("security")),
                )
            }
        };
        let (o_text, u_text) = (requirements(o.as_ref()), requirements(u.as_ref()));
        if o_text != u_text {
            let at = |n: Option<Node<'a>>, fallback: &Node<'a>| {
                n.map_or_else(|| fallback.at.push("security"), |n| n.at)
            };
            let (fallback_o, fallback_u) = match operations {
                None => (ours, upstream),
                Some((op_o, op_u)) => (op_o, op_u),
            };
            self.add(
                Kind::SecurityChanged,
                at(o, fallback_o),
                at(u, fallback_u),
                format!("security is {o_text} in ours, {u_text} upstream"),
            );
        }
    }

    fn security_schemes(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        let schemes = |node: &Node<'a>| {
            node.get("components")
                .and_then(|c| c.get("securitySchemes"))
                .unwrap_or_else(|| {
                    Node::new(
                        node.at.push("components").push("securitySchemes"),
                        &Value::Null,
                    )
                })
        };
        let (o, u) = (schemes(ours), schemes(upstream));
        let o_members: BTreeMap<String, Node<'a>> = o.members().into_iter().collect();
        let u_members: BTreeMap<String, Node<'a>> = u.members().into_iter().collect();
        for name in union(o_members.keys(), u_members.keys()) {
            match (o_members.get(&name), u_members.get(&name)) {
                (Some(scheme), None) => self.add(
                    Kind::SecuritySchemeExtra,
                    scheme.at.clone(),
                    u.at.clone(),
                    format!("security scheme `{name}` missing upstream"),
                ),
                (None, Some(scheme)) => self.add(
                    Kind::SecuritySchemeMissing,
                    o.at.clone(),
                    scheme.at.clone(),
                    format!("security scheme `{name}` missing in ours"),
                ),
                (Some(so), Some(su)) => {
                    let (Some(so), Some(su)) = (
                        self.resolve(Side::Ours, so.clone(), &su.at),
                        self.resolve(Side::Upstream, su.clone(), &so.at),
                    ) else {
                        continue;
                    };
                    const COMPARED: [&str; 7] = [
                        "type",
                        "in",
                        "name",
                        "scheme",
                        "bearerFormat",
                        "flows",
                        "openIdConnectUrl",
                    ];
                    self.unknown_keywords(Place::Anywhere, &so, &su, &COMPARED);
                    self.extensions(&so, &su);
                    self.equal_keywords_of(
                        &format!("security scheme `{name}`"),
                        &so,
                        &su,
                        &COMPARED,
                        Kind::SecuritySchemeChanged,
                    );
                }
                (None, None) => {}
            }
        }
    }

    fn in_scope(&self, path: &str) -> bool {
        self.options.path_prefixes.is_empty()
            || self
                .options
                .path_prefixes
                .iter()
                .any(|p| path.starts_with(p.as_str()))
    }

    fn paths(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        let o = ours
            .get("paths")
            .unwrap_or_else(|| Node::new(ours.at.push("paths"), &Value::Null));
        let u = upstream
            .get("paths")
            .unwrap_or_else(|| Node::new(upstream.at.push("paths"), &Value::Null));
        self.extensions(&o, &u);
        let o_paths: BTreeMap<String, Node<'a>> = o
            .members()
            .into_iter()
            .filter(|(k, _)| !k.starts_with("x-"))
            .collect();
        let u_paths: BTreeMap<String, Node<'a>> = u
            .members()
            .into_iter()
            .filter(|(k, _)| !k.starts_with("x-"))
            .collect();
        for path in union(o_paths.keys(), u_paths.keys()) {
            if !self.in_scope(&path) {
                continue;
            }
            match (o_paths.get(&path), u_paths.get(&path)) {
                (Some(item), None) => self.add(
                    Kind::PathExtra,
                    item.at.clone(),
                    u.at.clone(),
                    format!("path `{path}` missing upstream"),
                ),
                (None, Some(item)) => self.add(
                    Kind::PathMissing,
                    o.at.clone(),
                    item.at.clone(),
                    format!("path `{path}` missing in ours"),
                ),
                (Some(io), Some(iu)) => {
                    let (Some(io), Some(iu)) = (
                        self.resolve(Side::Ours, io.clone(), &iu.at),
                        self.resolve(Side::Upstream, iu.clone(), &io.at),
                    ) else {
                        continue;
                    };
                    self.path_item(&path, &io, &iu);
                }
                (None, None) => {}
            }
        }
    }

    fn path_item(&mut self, path: &str, ours: &Node<'a>, upstream: &Node<'a>) {
        let mut compared: Vec<&str> = METHODS.to_vec();
        compared.extend(["parameters", "servers"]);
        self.unknown_keywords(Place::Anywhere, ours, upstream, &compared);
        self.extensions(ours, upstream);
        self.equal_keywords(ours, upstream, &["servers"], Kind::KeywordChanged);
        for method in METHODS {
            let label = format!("{} {path}", method.to_uppercase());
            match (ours.get(method), upstream.get(method)) {
                (Some(op), None) => self.add(
                    Kind::OperationExtra,
                    op.at,
                    upstream.at.clone(),
                    format!("operation `{label}` missing upstream"),
                ),
                (None, Some(op)) => self.add(
                    Kind::OperationMissing,
                    ours.at.clone(),
                    op.at,
                    format!("operation `{label}` missing in ours"),
                ),
                (Some(oo), Some(ou)) => self.operation(&label, (ours, &oo), (upstream, &ou)),
                (None, None) => {}
            }
        }
    }

    fn operation(
        &mut self,
        label: &str,
        (item_o, ours): (&Node<'a>, &Node<'a>),
        (item_u, upstream): (&Node<'a>, &Node<'a>),
    ) {
        self.unknown_keywords(
            Place::Anywhere,
            ours,
            upstream,
            &[
                "tags",
                "operationId",
                "parameters",
                "requestBody",
                "responses",
                "security",
                "deprecated",
                "servers",
                "callbacks",
            ],
        );
        self.extensions(ours, upstream);
        self.equal_keywords(
            ours,
            upstream,
            &["deprecated", "servers", "callbacks"],
            Kind::KeywordChanged,
        );
        match (ours.get("operationId"), upstream.get("operationId")) {
            (Some(o), None) => self.add(
                Kind::OperationIdAdded,
                o.at,
                upstream.at.clone(),
                format!("operationId `{}` missing upstream", text(o.value)),
            ),
            (None, Some(u)) => self.add(
                Kind::OperationIdMissing,
                ours.at.clone(),
                u.at,
                format!("operationId `{}` missing in ours", text(u.value)),
            ),
            (Some(o), Some(u)) if o.value != u.value => self.add(
                Kind::OperationIdChanged,
                o.at,
                u.at,
                format!(
                    "operationId is `{}` in ours, `{}` upstream",
                    text(o.value),
                    text(u.value)
                ),
            ),
            _ => {}
        }
        let tags = |node: &Node<'a>| -> BTreeSet<String> {
            node.get("tags")
                .map(|t| t.items())
                .unwrap_or_default()
                .iter()
                .map(|t| text(t.value))
                .collect()
        };
        let (tags_o, tags_u) = (tags(ours), tags(upstream));
        if tags_o != tags_u {
            let list =
                |tags: &BTreeSet<String>| tags.iter().cloned().collect::<Vec<_>>().join(", ");
            self.add(
                Kind::TagsChanged,
                ours.get("tags").map_or_else(|| ours.at.clone(), |n| n.at),
                upstream
                    .get("tags")
                    .map_or_else(|| upstream.at.clone(), |n| n.at),
                format!(
                    "`{label}` has tags [{}] in ours, [{}] upstream",
                    list(&tags_o),
                    list(&tags_u)
                ),
            );
        }
        self.security(item_o, item_u, Some((ours, upstream)));
        self.parameters(label, (item_o, ours), (item_u, upstream));
        self.request_body(ours, upstream);
        self.responses(ours, upstream);
    }

    /// The parameters an operation takes: its path item's, then its own
    /// (which replace those with the same name and location), keyed by
    /// (location, name).
    fn effective_parameters(
        &mut self,
        side: Side,
        item: &Node<'a>,
        operation: &Node<'a>,
        other: &Pointer,
    ) -> BTreeMap<(String, String), Node<'a>> {
        let mut parameters = BTreeMap::new();
        let lists = [item.get("parameters"), operation.get("parameters")];
        for list in lists.into_iter().flatten() {
            for parameter in list.items() {
                let Some(parameter) = self.resolve(side, parameter, other) else {
                    continue;
                };
                let name = parameter.value.get("name").map(text).unwrap_or_default();
                let location = parameter.value.get("in").map(text).unwrap_or_default();
                parameters.insert((location, name), parameter);
            }
        }
        parameters
    }

    fn parameters(
        &mut self,
        label: &str,
        (item_o, ours): (&Node<'a>, &Node<'a>),
        (item_u, upstream): (&Node<'a>, &Node<'a>),
    ) {
        let o = self.effective_parameters(Side::Ours, item_o, ours, &upstream.at);
        let u = self.effective_parameters(Side::Upstream, item_u, upstream, &ours.at);
        for key in union(o.keys(), u.keys()) {
            let (location, name) = &key;
            match (o.get(&key), u.get(&key)) {
                (Some(p), None) => self.add(
                    Kind::ParameterExtra,
                    p.at.clone(),
                    upstream
                        .get("parameters")
                        .map_or_else(|| upstream.at.clone(), |n| n.at),
                    format!("parameter `{name}` (in {location}) of `{label}` missing upstream"),
                ),
                (None, Some(p)) => self.add(
                    Kind::ParameterMissing,
                    ours.get("parameters")
                        .map_or_else(|| ours.at.clone(), |n| n.at),
                    p.at.clone(),
                    format!("parameter `{name}` (in {location}) of `{label}` missing in ours"),
                ),
                (Some(po), Some(pu)) => self.parameter(name, location, po, pu),
                (None, None) => {}
            }
        }
    }

    fn parameter(&mut self, name: &str, location: &str, ours: &Node<'a>, upstream: &Node<'a>) {
        self.unknown_keywords(
            Place::Anywhere,
            ours,
            upstream,
            &[
                "name",
                "in",
                "required",
                "schema",
                "content",
                "style",
                "explode",
                "allowEmptyValue",
                "allowReserved",
                "deprecated",
            ],
        );
        self.extensions(ours, upstream);
        let required = |node: &Node<'a>| {
            node.value
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        let (ro, ru) = (required(ours), required(upstream));
        if ro != ru {
            let word = |r: bool| if r { "required" } else { "optional" };
            self.add(
                Kind::ParameterRequiredChanged,
                ours.get("required")
                    .map_or_else(|| ours.at.clone(), |n| n.at),
                upstream
                    .get("required")
                    .map_or_else(|| upstream.at.clone(), |n| n.at),
                format!(
                    "parameter `{name}` (in {location}) is {} in ours, {} upstream",
                    word(ro),
                    word(ru)
                ),
            );
        }
        self.equal_keywords(
            ours,
            upstream,
            &[
                "style",
                "explode",
                "allowEmptyValue",
                "allowReserved",
                "deprecated",
            ],
            Kind::KeywordChanged,
        );
        self.optional_schema(ours, upstream);
        self.optional_content(ours, upstream);
    }

    /// Compares the `schema` of two parameters, headers or media types.
    fn optional_schema(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        match (ours.get("schema"), upstream.get("schema")) {
            (Some(o), Some(u)) => self.schema(o, u, 0),
            (Some(o), None) => self.add(
                Kind::TypeAdded,
                o.at,
                upstream.at.clone(),
                "schema missing upstream".to_owned(),
            ),
            (None, Some(u)) => self.add(
                Kind::TypeMissing,
                ours.at.clone(),
                u.at,
                "schema missing in ours".to_owned(),
            ),
            (None, None) => {}
        }
    }

    fn optional_content(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        let empty = &Value::Null;
        if ours.get("content").is_none() && upstream.get("content").is_none() {
            return;
        }
        let o = ours
            .get("content")
            .unwrap_or_else(|| Node::new(ours.at.push("content"), empty));
        let u = upstream
            .get("content")
            .unwrap_or_else(|| Node::new(upstream.at.push("content"), empty));
        self.content(&o, &u);
    }

    /// Compares two `content` maps: media types, then their schemas.
    fn content(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        let o: BTreeMap<String, Node<'a>> = ours.members().into_iter().collect();
        let u: BTreeMap<String, Node<'a>> = upstream.members().into_iter().collect();
        for media in union(o.keys(), u.keys()) {
            match (o.get(&media), u.get(&media)) {
                (Some(m), None) => self.add(
                    Kind::MediaTypeExtra,
                    m.at.clone(),
                    upstream.at.clone(),
                    format!("media type `{media}` missing upstream"),
                ),
                (None, Some(m)) => self.add(
                    Kind::MediaTypeMissing,
                    ours.at.clone(),
                    m.at.clone(),
                    format!("media type `{media}` missing in ours"),
                ),
                (Some(mo), Some(mu)) => {
                    self.unknown_keywords(Place::Anywhere, mo, mu, &["schema", "encoding"]);
                    self.extensions(mo, mu);
                    self.equal_keywords(mo, mu, &["encoding"], Kind::KeywordChanged);
                    self.optional_schema(mo, mu);
                }
                (None, None) => {}
            }
        }
    }

    fn request_body(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        let (o, u) = match (ours.get("requestBody"), upstream.get("requestBody")) {
            (None, None) => return,
            (Some(o), None) => {
                self.add(
                    Kind::RequestBodyExtra,
                    o.at,
                    upstream.at.clone(),
                    "request body missing upstream".to_owned(),
                );
                return;
            }
            (None, Some(u)) => {
                self.add(
                    Kind::RequestBodyMissing,
                    ours.at.clone(),
                    u.at,
                    "request body missing in ours".to_owned(),
                );
                return;
            }
            (Some(o), Some(u)) => (o, u),
        };
        let (Some(o), Some(u)) = (
            self.resolve(Side::Ours, o.clone(), &u.at),
            self.resolve(Side::Upstream, u.clone(), &o.at),
        ) else {
            return;
        };
        self.unknown_keywords(Place::Anywhere, &o, &u, &["content", "required"]);
        self.extensions(&o, &u);
        let required = |node: &Node<'a>| {
            node.value
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        let (ro, ru) = (required(&o), required(&u));
        if ro != ru {
            let word = |r: bool| if r { "required" } else { "optional" };
            self.add(
                Kind::RequestBodyRequiredChanged,
                o.get("required").map_or_else(|| o.at.clone(), |n| n.at),
                u.get("required").map_or_else(|| u.at.clone(), |n| n.at),
                format!(
                    "request body is {} in ours, {} upstream",
                    word(ro),
                    word(ru)
                ),
            );
        }
        self.optional_content(&o, &u);
    }

    fn responses(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        let empty = &Value::Null;
        let o = ours
            .get("responses")
            .unwrap_or_else(|| Node::new(ours.at.push("responses"), empty));
        let u = upstream
            .get("responses")
            .unwrap_or_else(|| Node::new(upstream.at.push("responses"), empty));
        self.extensions(&o, &u);
        let o_codes: BTreeMap<String, Node<'a>> = o
            .members()
            .into_iter()
            .filter(|(k, _)| !k.starts_with("x-"))
            .collect();
        let u_codes: BTreeMap<String, Node<'a>> = u
            .members()
            .into_iter()
            .filter(|(k, _)| !k.starts_with("x-"))
            .collect();
        for code in union(o_codes.keys(), u_codes.keys()) {
            match (o_codes.get(&code), u_codes.get(&code)) {
                (Some(r), None) => self.add(
                    Kind::StatusExtra,
                    r.at.clone(),
                    u.at.clone(),
                    format!("status `{code}` missing upstream"),
                ),
                (None, Some(r)) => self.add(
                    Kind::StatusMissing,
                    o.at.clone(),
                    r.at.clone(),
                    format!("status `{code}` missing in ours"),
                ),
                (Some(ro), Some(ru)) => {
                    let (Some(ro), Some(ru)) = (
                        self.resolve(Side::Ours, ro.clone(), &ru.at),
                        self.resolve(Side::Upstream, ru.clone(), &ro.at),
                    ) else {
                        continue;
                    };
                    self.response(&ro, &ru);
                }
                (None, None) => {}
            }
        }
    }

    fn response(&mut self, ours: &Node<'a>, upstream: &Node<'a>) {
        self.unknown_keywords(
            Place::Anywhere,
            ours,
            upstream,
            &["content", "headers", "links"],
        );
        self.extensions(ours, upstream);
        self.equal_keywords(ours, upstream, &["links"], Kind::KeywordChanged);
        self.optional_content(ours, upstream);
        let empty = &Value::Null;
        let o = ours
            .get("headers")
            .unwrap_or_else(|| Node::new(ours.at.push("headers"), empty));
        let u = upstream
            .get("headers")
            .unwrap_or_else(|| Node::new(upstream.at.push("headers"), empty));
        // Header names are case-insensitive.
        let by_name = |node: &Node<'a>| -> BTreeMap<String, Node<'a>> {
            node.members()
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect()
        };
        let (ho, hu) = (by_name(&o), by_name(&u));
        for name in union(ho.keys(), hu.keys()) {
            match (ho.get(&name), hu.get(&name)) {
                (Some(h), None) => self.add(
                    Kind::HeaderExtra,
                    h.at.clone(),
                    u.at.clone(),
                    format!("response header `{name}` missing upstream"),
                ),
                (None, Some(h)) => self.add(
                    Kind::HeaderMissing,
                    o.at.clone(),
                    h.at.clone(),
                    format!("response header `{name}` missing in ours"),
                ),
                (Some(h_o), Some(h_u)) => {
                    let (Some(h_o), Some(h_u)) = (
                        self.resolve(Side::Ours, h_o.clone(), &h_u.at),
                        self.resolve(Side::Upstream, h_u.clone(), &h_o.at),
                    ) else {
                        continue;
                    };
                    self.unknown_keywords(
                        Place::Anywhere,
                        &h_o,
                        &h_u,
                        &[
                            "schema",
                            "content",
                            "required",
                            "deprecated",
                            "style",
                            "explode",
                        ],
                    );
                    self.extensions(&h_o, &h_u);
                    self.equal_keywords(
                        &h_o,
                        &h_u,
                        &["required", "deprecated", "style", "explode"],
                        Kind::KeywordChanged,
                    );
                    self.optional_schema(&h_o, &h_u);
                    self.optional_content(&h_o, &h_u);
                }
                (None, None) => {}
            }
        }
    }
}

/// The sorted union of two key sets.
pub(crate) fn union<'k, K: Ord + Clone + 'k>(
    a: impl Iterator<Item = &'k K>,
    b: impl Iterator<Item = &'k K>,
) -> Vec<K> {
    let set: BTreeSet<&K> = a.chain(b).collect();
    set.into_iter().cloned().collect()
}

/// A string value as it is, any other value as JSON.
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Security requirements in a canonical text: each requirement as its
/// schemes joined by ` + ` (scopes in brackets), the alternatives sorted and
/// joined by ` | `; `none` when there are none, `not set` when absent.
fn requirements(node: Option<&Node<'_>>) -> String {
    let Some(node) = node else {
        return "not set".to_owned();
    };
    let mut alternatives: Vec<String> = node
        .items()
        .iter()
        .map(|requirement| {
            let mut schemes: Vec<String> = requirement
                .members()
                .iter()
                .map(|(name, scopes)| {
                    let mut scopes: Vec<String> =
                        scopes.items().iter().map(|s| text(s.value)).collect();
                    scopes.sort();
                    if scopes.is_empty() {
                        name.clone()
                    } else {
                        format!("{name} [{}]", scopes.join(", "))
                    }
                })
                .collect();
            schemes.sort();
            if schemes.is_empty() {
                "anonymous".to_owned()
            } else {
                schemes.join(" + ")
            }
        })
        .collect();
    alternatives.sort();
    alternatives.dedup();
    if alternatives.is_empty() {
        "none".to_owned()
    } else {
        alternatives.join(" | ")
    }
}

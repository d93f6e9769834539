//! Comparing two schemas. Each side is first brought into a [`View`]: `$ref`s
//! followed, `allOf` parts merged, and a `oneOf`/`anyOf` of objects merged
//! into one object whose properties are those of every alternative and whose
//! required properties are those every alternative requires (that is what the
//! alternatives let through as a whole). Then the views are compared keyword
//! by keyword, and properties, items and `additionalProperties` recursively.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use crate::compare::{text, union, Node, Side, Walker, VIEW_BUDGET};
use crate::not_compared::Place;
use crate::pointer::Pointer;
use crate::report::Kind;

/// How deep schemas (properties in properties, parts in parts) are followed.
const MAX_DEPTH: usize = 64;

/// Keywords compared by value (bounds, defaults, flags).
const VALUE_KEYWORDS: [&str; 18] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "discriminator",
];

/// Keywords a schema may have that the view reads.
const SCHEMA_KEYWORDS: [&str; 12] = [
    "type",
    "format",
    "nullable",
    "enum",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "title",
];

/// `oneOf` or `anyOf` alternatives.
struct Composition<'a> {
    keyword: String,
    at: Pointer,
    alternatives: Vec<Node<'a>>,
    /// Whether the alternatives are objects merged into the view.
    merged: bool,
}

/// A schema's facts, gathered from the schema, its `allOf` parts and (when
/// they are objects) its alternatives. Each fact keeps the pointer of the
/// place that states it.
struct View<'a> {
    at: Pointer,
    ty: Option<Node<'a>>,
    format: Option<Node<'a>>,
    nullable: Option<Pointer>,
    enumeration: Option<Node<'a>>,
    keywords: BTreeMap<&'static str, Node<'a>>,
    properties: BTreeMap<String, Node<'a>>,
    /// Further definitions of a property that several parts or
    /// alternatives define: each is compared with upstream's too.
    redefined: BTreeMap<String, Vec<Node<'a>>>,
    properties_at: Option<Pointer>,
    required: BTreeMap<String, Pointer>,
    required_at: Option<Pointer>,
    items: Option<Node<'a>>,
    additional: Option<Node<'a>>,
    composition: Option<Composition<'a>>,
    title: Option<Node<'a>>,
    extensions: BTreeMap<String, Node<'a>>,
    not: Option<Node<'a>>,
}

impl<'a> View<'a> {
    fn empty(at: Pointer) -> Self {
        Self {
            at,
            ty: None,
            format: None,
            nullable: None,
            enumeration: None,
            keywords: BTreeMap::new(),
            properties: BTreeMap::new(),
            redefined: BTreeMap::new(),
            properties_at: None,
            required: BTreeMap::new(),
            required_at: None,
            items: None,
            additional: None,
            composition: None,
            title: None,
            extensions: BTreeMap::new(),
            not: None,
        }
    }

    /// Whether the view describes an object (so that alternatives made of
    /// such views can be merged).
    fn is_object(&self) -> bool {
        let typed_object = self.ty.as_ref().is_some_and(|t| t.value == "object");
        let untyped_with_properties = self.ty.is_none() && self.properties_at.is_some();
        (typed_object || untyped_with_properties)
            && self.composition.as_ref().is_none_or(|c| c.merged)
    }

    /// Takes in a part's facts; what this view already states wins.
    fn merge(&mut self, part: View<'a>) {
        self.ty = self.ty.take().or(part.ty);
        self.format = self.format.take().or(part.format);
        self.nullable = self.nullable.take().or(part.nullable);
        self.enumeration = self.enumeration.take().or(part.enumeration);
        for (keyword, node) in part.keywords {
            self.keywords.entry(keyword).or_insert(node);
        }
        for (name, node) in part.properties {
            self.add_property(name, node);
        }
        for (name, nodes) in part.redefined {
            self.redefined.entry(name).or_default().extend(nodes);
        }
        self.properties_at = self.properties_at.take().or(part.properties_at);
        for (name, at) in part.required {
            self.required.entry(name).or_insert(at);
        }
        self.required_at = self.required_at.take().or(part.required_at);
        self.items = self.items.take().or(part.items);
        self.additional = self.additional.take().or(part.additional);
        self.composition = self.composition.take().or(part.composition);
        self.title = self.title.take().or(part.title);
        for (key, node) in part.extensions {
            self.extensions.entry(key).or_insert(node);
        }
        self.not = self.not.take().or(part.not);
    }

    /// Adds a property; a second definition is kept in `redefined`.
    fn add_property(&mut self, name: String, node: Node<'a>) {
        match self.properties.entry(name) {
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert(node);
            }
            std::collections::btree_map::Entry::Occupied(entry) => {
                self.redefined
                    .entry(entry.key().clone())
                    .or_default()
                    .push(node);
            }
        }
    }

    fn properties_at(&self) -> Pointer {
        self.properties_at
            .clone()
            .unwrap_or_else(|| self.at.push("properties"))
    }

    fn required_at(&self) -> Pointer {
        self.required_at
            .clone()
            .unwrap_or_else(|| self.at.push("required"))
    }
}

impl<'a> Walker<'a, '_> {
    /// Compares two schemas (either may be a `$ref`).
    pub(crate) fn schema(&mut self, ours: Node<'a>, upstream: Node<'a>, depth: usize) {
        let (Some(ours), Some(upstream)) = (
            self.resolve(Side::Ours, ours.clone(), &upstream.at),
            self.resolve(Side::Upstream, upstream.clone(), &ours.at),
        ) else {
            return;
        };
        if !self.visited.insert((ours.at.clone(), upstream.at.clone())) {
            return;
        }
        if depth > MAX_DEPTH {
            self.add(
                Kind::TooDeep,
                ours.at,
                upstream.at,
                format!("schemas nest deeper than {MAX_DEPTH} levels; not compared further"),
            );
            return;
        }
        self.view_budget = VIEW_BUDGET;
        let o = self.view(Side::Ours, &ours, &upstream.at, depth);
        self.view_budget = VIEW_BUDGET;
        let u = self.view(Side::Upstream, &upstream, &ours.at, depth);
        self.compare_views(o, u, depth);
    }

    /// Gathers the facts of a schema (already past its `$ref`s).
    fn view(&mut self, side: Side, node: &Node<'a>, other: &Pointer, depth: usize) -> View<'a> {
        let mut merged = HashSet::from([node.at.clone()]);
        self.view_merging(side, node, other, depth, &mut merged)
    }

    /// [`Self::view`], where `merged` holds the schemas already merged into
    /// the view being built: an `allOf` part met again (twice in one list,
    /// or through a cycle) adds nothing and is skipped.
    fn view_merging(
        &mut self,
        side: Side,
        node: &Node<'a>,
        other: &Pointer,
        depth: usize,
        merged: &mut HashSet<Pointer>,
    ) -> View<'a> {
        let mut view = View::empty(node.at.clone());
        if self.view_budget == 0 {
            return view;
        }
        self.view_budget -= 1;
        if self.view_budget == 0 {
            self.add_on(
                side,
                Kind::TooDeep,
                node.at.clone(),
                other.clone(),
                format!(
                    "more than {} schema views built (parts or alternatives that branch and repeat); \
                     the rest is not compared",
                    VIEW_BUDGET
                ),
            );
            return view;
        }
        if depth > MAX_DEPTH {
            self.add_on(
                side,
                Kind::TooDeep,
                node.at.clone(),
                other.clone(),
                format!("`allOf` parts or alternatives nest deeper than {MAX_DEPTH} levels"),
            );
            return view;
        }
        for (key, member) in node.members() {
            match key.as_str() {
                "type" => view.ty = Some(member),
                "format" => view.format = Some(member),
                "nullable" => {
                    if member.value == &Value::Bool(true) {
                        view.nullable = Some(member.at);
                    }
                }
                "enum" => view.enumeration = Some(member),
                "properties" => {
                    view.properties_at = Some(member.at.clone());
                    for (name, property) in member.members() {
                        view.properties.insert(name, property);
                    }
                }
                "required" => {
                    view.required_at = Some(member.at.clone());
                    for name in member.items() {
                        view.required.insert(text(name.value), member.at.clone());
                    }
                }
                "items" => view.items = Some(member),
                "additionalProperties" => view.additional = Some(member),
                "title" => view.title = Some(member),
                "not" => view.not = Some(member),
                "allOf" => {
                    for part in member.items() {
                        if let Some(part) = self.resolve(side, part, other) {
                            if merged.insert(part.at.clone()) {
                                let part = self.view_merging(side, &part, other, depth + 1, merged);
                                view.merge(part);
                            }
                        }
                    }
                }
                "oneOf" | "anyOf" => {
                    let alternatives: Vec<Node<'a>> = member
                        .items()
                        .into_iter()
                        .filter_map(|alternative| self.resolve(side, alternative, other))
                        .collect();
                    view.composition = Some(Composition {
                        keyword: key.clone(),
                        at: member.at.clone(),
                        alternatives,
                        merged: false,
                    });
                }
                _ if key.starts_with("x-") => {
                    view.extensions.insert(key.clone(), member);
                }
                _ => {
                    if let Some(keyword) = VALUE_KEYWORDS.iter().find(|k| **k == key) {
                        view.keywords.insert(keyword, member);
                    }
                }
            }
        }
        let mut compared: Vec<&str> = SCHEMA_KEYWORDS.to_vec();
        compared.extend(VALUE_KEYWORDS);
        compared.extend(["not", "$ref"]);
        let counterpart = Node::new(other.clone(), &Value::Null);
        match side {
            Side::Ours => self.unknown_keywords(Place::Anywhere, node, &counterpart, &compared),
            Side::Upstream => self.unknown_keywords(Place::Anywhere, &counterpart, node, &compared),
        }
        self.merge_alternatives(side, &mut view, other, depth);
        view
    }

    /// Merges a `oneOf`/`anyOf` of objects into the view: every
    /// alternative's properties, and as required those that every
    /// alternative requires; the type when all alternatives agree on it.
    fn merge_alternatives(
        &mut self,
        side: Side,
        view: &mut View<'a>,
        other: &Pointer,
        depth: usize,
    ) {
        let Some(composition) = &view.composition else {
            return;
        };
        if composition.alternatives.is_empty() {
            return;
        }
        let alternatives: Vec<View<'a>> = composition
            .alternatives
            .clone()
            .iter()
            .map(|alternative| self.view(side, alternative, other, depth + 1))
            .collect();
        if !alternatives.iter().all(View::is_object) {
            return;
        }
        let mut everywhere: Option<BTreeSet<String>> = None;
        for alternative in &alternatives {
            let names: BTreeSet<String> = alternative.required.keys().cloned().collect();
            everywhere = Some(match everywhere {
                None => names,
                Some(so_far) => so_far.intersection(&names).cloned().collect(),
            });
        }
        let first_type = alternatives.first().and_then(|a| a.ty.clone());
        let same_type = alternatives
            .iter()
            .all(|a| a.ty.as_ref().map(|t| t.value) == first_type.as_ref().map(|t| t.value));
        for alternative in alternatives {
            for (name, property) in alternative.properties {
                view.add_property(name, property);
            }
            for (name, nodes) in alternative.redefined {
                view.redefined.entry(name).or_default().extend(nodes);
            }
            if view.properties_at.is_none() {
                view.properties_at = alternative.properties_at;
            }
            for (name, at) in alternative.required {
                if everywhere.as_ref().is_some_and(|e| e.contains(&name)) {
                    view.required.entry(name).or_insert(at);
                }
            }
        }
        if view.ty.is_none() && same_type {
            view.ty = first_type;
        }
        if let Some(composition) = &mut view.composition {
            composition.merged = true;
        }
    }

    fn compare_views(&mut self, o: View<'a>, u: View<'a>, depth: usize) {
        self.compare_composition(&o, &u, depth);
        self.compare_title(&o, &u);
        self.compare_extensions(&o, &u);
        self.compare_type(&o, &u);
        self.compare_format(&o, &u);
        self.compare_nullable(&o, &u);
        self.compare_enum(&o, &u);
        self.compare_keywords(&o, &u);
        self.compare_required(&o, &u);
        self.compare_items(&o, &u, depth);
        self.compare_additional(&o, &u, depth);
        if let (Some(no), Some(nu)) = (&o.not, &u.not) {
            self.schema(no.clone(), nu.clone(), depth + 1);
        } else if o.not.is_some() != u.not.is_some() {
            self.add(
                Kind::KeywordChanged,
                o.not
                    .as_ref()
                    .map_or_else(|| o.at.clone(), |n| n.at.clone()),
                u.not
                    .as_ref()
                    .map_or_else(|| u.at.clone(), |n| n.at.clone()),
                format!(
                    "`not` is {} in ours, {} upstream",
                    presence(o.not.is_some()),
                    presence(u.not.is_some())
                ),
            );
        }
        self.compare_properties(o, u, depth);
    }

    fn compare_composition(&mut self, o: &View<'a>, u: &View<'a>, depth: usize) {
        match (&o.composition, &u.composition) {
            (Some(c), None) => self.add(
                Kind::CompositionAdded,
                c.at.clone(),
                u.at.clone(),
                format!(
                    "ours describes the value as `{}` of {} alternatives, upstream as one schema",
                    c.keyword,
                    c.alternatives.len()
                ),
            ),
            (None, Some(c)) => self.add(
                Kind::CompositionMissing,
                o.at.clone(),
                c.at.clone(),
                format!(
                    "upstream describes the value as `{}` of {} alternatives, ours as one schema",
                    c.keyword,
                    c.alternatives.len()
                ),
            ),
            (Some(co), Some(cu)) => {
                if co.keyword != cu.keyword || co.alternatives.len() != cu.alternatives.len() {
                    self.add(
                        Kind::CompositionChanged,
                        co.at.clone(),
                        cu.at.clone(),
                        format!(
                            "`{}` of {} alternatives in ours, `{}` of {} upstream",
                            co.keyword,
                            co.alternatives.len(),
                            cu.keyword,
                            cu.alternatives.len()
                        ),
                    );
                } else if !(co.merged && cu.merged) {
                    // Alternatives that are not objects are compared in order.
                    for (ao, au) in co.alternatives.iter().zip(&cu.alternatives) {
                        self.schema(ao.clone(), au.clone(), depth + 1);
                    }
                }
            }
            (None, None) => {}
        }
    }

    fn compare_title(&mut self, o: &View<'a>, u: &View<'a>) {
        match (&o.title, &u.title) {
            (Some(t), None) => self.add(
                Kind::TitleAdded,
                t.at.clone(),
                u.at.clone(),
                format!("title `{}` missing upstream", text(t.value)),
            ),
            (None, Some(t)) => self.add(
                Kind::TitleMissing,
                o.at.clone(),
                t.at.clone(),
                format!("title `{}` missing in ours", text(t.value)),
            ),
            (Some(to), Some(tu)) if to.value != tu.value => self.add(
                Kind::TitleChanged,
                to.at.clone(),
                tu.at.clone(),
                format!(
                    "title is `{}` in ours, `{}` upstream",
                    text(to.value),
                    text(tu.value)
                ),
            ),
            _ => {}
        }
    }

    fn compare_extensions(&mut self, o: &View<'a>, u: &View<'a>) {
        for key in union(o.extensions.keys(), u.extensions.keys()) {
            match (o.extensions.get(&key), u.extensions.get(&key)) {
                (Some(x), None) => self.add(
                    Kind::ExtensionAdded,
                    x.at.clone(),
                    u.at.clone(),
                    format!("extension `{key}` missing upstream"),
                ),
                (None, Some(x)) => self.add(
                    Kind::ExtensionMissing,
                    o.at.clone(),
                    x.at.clone(),
                    format!("extension `{key}` missing in ours"),
                ),
                (Some(xo), Some(xu)) if xo.value != xu.value => self.add(
                    Kind::ExtensionChanged,
                    xo.at.clone(),
                    xu.at.clone(),
                    format!(
                        "extension `{key}` is {} in ours, {} upstream",
                        xo.value, xu.value
                    ),
                ),
                _ => {}
            }
        }
    }

    fn compare_type(&mut self, o: &View<'a>, u: &View<'a>) {
        match (&o.ty, &u.ty) {
            (Some(t), None) => self.add(
                Kind::TypeAdded,
                t.at.clone(),
                u.at.clone(),
                format!("type `{}` in ours, none upstream", text(t.value)),
            ),
            (None, Some(t)) => self.add(
                Kind::TypeMissing,
                o.at.clone(),
                t.at.clone(),
                format!("no type in ours, `{}` upstream", text(t.value)),
            ),
            (Some(to), Some(tu)) if to.value != tu.value => self.add(
                Kind::TypeChanged,
                to.at.clone(),
                tu.at.clone(),
                format!(
                    "type `{}` in ours, `{}` upstream",
                    text(to.value),
                    text(tu.value)
                ),
            ),
            _ => {}
        }
    }

    fn compare_format(&mut self, o: &View<'a>, u: &View<'a>) {
        let name = |f: &Option<Node<'a>>| {
            f.as_ref()
                .map_or_else(|| "none".to_owned(), |f| format!("`{}`", text(f.value)))
        };
        if o.format.as_ref().map(|f| f.value) != u.format.as_ref().map(|f| f.value) {
            self.add(
                Kind::FormatChanged,
                o.format
                    .as_ref()
                    .map_or_else(|| o.at.clone(), |f| f.at.clone()),
                u.format
                    .as_ref()
                    .map_or_else(|| u.at.clone(), |f| f.at.clone()),
                format!(
                    "format {} in ours, {} upstream",
                    name(&o.format),
                    name(&u.format)
                ),
            );
        }
    }

    fn compare_nullable(&mut self, o: &View<'a>, u: &View<'a>) {
        match (&o.nullable, &u.nullable) {
            (Some(at), None) => self.add(
                Kind::NullableAdded,
                at.clone(),
                u.at.clone(),
                "nullable in ours, not upstream".to_owned(),
            ),
            (None, Some(at)) => self.add(
                Kind::NullableMissing,
                o.at.clone(),
                at.clone(),
                "nullable upstream, not in ours".to_owned(),
            ),
            _ => {}
        }
    }

    fn compare_enum(&mut self, o: &View<'a>, u: &View<'a>) {
        match (&o.enumeration, &u.enumeration) {
            (Some(e), None) => self.add(
                Kind::EnumAdded,
                e.at.clone(),
                u.at.clone(),
                format!(
                    "ours allows only {} enum values, upstream any value",
                    e.items().len()
                ),
            ),
            (None, Some(e)) => self.add(
                Kind::EnumMissing,
                o.at.clone(),
                e.at.clone(),
                format!(
                    "upstream allows only {} enum values, ours any value",
                    e.items().len()
                ),
            ),
            (Some(eo), Some(eu)) => {
                let values = |e: &Node<'a>| -> Vec<Node<'a>> { e.items() };
                let (vo, vu) = (values(eo), values(eu));
                for value in &vu {
                    if !vo.iter().any(|v| v.value == value.value) {
                        self.add(
                            Kind::EnumValueMissing,
                            eo.at.clone(),
                            value.at.clone(),
                            format!("enum value `{}` missing in ours", text(value.value)),
                        );
                    }
                }
                for value in &vo {
                    if !vu.iter().any(|v| v.value == value.value) {
                        self.add(
                            Kind::EnumValueExtra,
                            value.at.clone(),
                            eu.at.clone(),
                            format!("enum value `{}` missing upstream", text(value.value)),
                        );
                    }
                }
            }
            (None, None) => {}
        }
    }

    fn compare_keywords(&mut self, o: &View<'a>, u: &View<'a>) {
        for keyword in VALUE_KEYWORDS {
            let (ko, ku) = (o.keywords.get(keyword), u.keywords.get(keyword));
            if ko.map(|n| n.value) == ku.map(|n| n.value) {
                continue;
            }
            let shown = |n: Option<&Node<'a>>| {
                n.map_or_else(|| "absent".to_owned(), |n| n.value.to_string())
            };
            self.add(
                Kind::KeywordChanged,
                ko.map_or_else(|| o.at.clone(), |n| n.at.clone()),
                ku.map_or_else(|| u.at.clone(), |n| n.at.clone()),
                format!(
                    "`{keyword}` is {} in ours, {} upstream",
                    shown(ko),
                    shown(ku)
                ),
            );
        }
    }

    fn compare_required(&mut self, o: &View<'a>, u: &View<'a>) {
        for name in union(o.required.keys(), u.required.keys()) {
            match (o.required.get(&name), u.required.get(&name)) {
                (Some(at), None) => self.add(
                    Kind::RequiredExtra,
                    at.clone(),
                    u.required_at(),
                    format!("`{name}` is required in ours, not upstream"),
                ),
                (None, Some(at)) => self.add(
                    Kind::RequiredMissing,
                    o.required_at(),
                    at.clone(),
                    format!("`{name}` is required upstream, not in ours"),
                ),
                _ => {}
            }
        }
    }

    fn compare_items(&mut self, o: &View<'a>, u: &View<'a>, depth: usize) {
        match (&o.items, &u.items) {
            (Some(io), Some(iu)) => self.schema(io.clone(), iu.clone(), depth + 1),
            (Some(i), None) => self.add(
                Kind::ItemsChanged,
                i.at.clone(),
                u.at.clone(),
                "`items` missing upstream".to_owned(),
            ),
            (None, Some(i)) => self.add(
                Kind::ItemsChanged,
                o.at.clone(),
                i.at.clone(),
                "`items` missing in ours".to_owned(),
            ),
            (None, None) => {}
        }
    }

    /// `additionalProperties`: absent, `true` and `{}` all allow any
    /// property, so they are the same fact.
    fn compare_additional(&mut self, o: &View<'a>, u: &View<'a>, depth: usize) {
        let open = |a: &Option<Node<'a>>| match a {
            None => true,
            Some(node) => {
                node.value == &Value::Bool(true)
                    || node.value.as_object().is_some_and(|m| m.is_empty())
            }
        };
        let (ao, au) = (&o.additional, &u.additional);
        if open(ao) && open(au) {
            return;
        }
        match (ao, au) {
            (Some(ao), Some(au)) if ao.value.is_object() && au.value.is_object() => {
                self.schema(ao.clone(), au.clone(), depth + 1);
            }
            _ if ao.as_ref().map(|n| n.value) == au.as_ref().map(|n| n.value) => {}
            _ => {
                let shown = |a: &Option<Node<'a>>| {
                    a.as_ref()
                        .map_or_else(|| "absent".to_owned(), |n| n.value.to_string())
                };
                self.add(
                    Kind::AdditionalPropertiesChanged,
                    ao.as_ref().map_or_else(|| o.at.clone(), |n| n.at.clone()),
                    au.as_ref().map_or_else(|| u.at.clone(), |n| n.at.clone()),
                    format!(
                        "`additionalProperties` is {} in ours, {} upstream",
                        shown(ao),
                        shown(au)
                    ),
                );
            }
        }
    }

    fn compare_properties(&mut self, o: View<'a>, u: View<'a>, depth: usize) {
        let (o_at, u_at) = (o.properties_at(), u.properties_at());
        for name in union(o.properties.keys(), u.properties.keys()) {
            match (o.properties.get(&name), u.properties.get(&name)) {
                (Some(p), None) => self.add(
                    Kind::FieldExtra,
                    p.at.clone(),
                    u_at.clone(),
                    format!("field `{name}` missing upstream"),
                ),
                (None, Some(p)) => self.add(
                    Kind::FieldMissing,
                    o_at.clone(),
                    p.at.clone(),
                    format!("field `{name}` missing in ours"),
                ),
                (Some(po), Some(pu)) => {
                    self.schema(po.clone(), pu.clone(), depth + 1);
                    for again in o.redefined.get(&name).into_iter().flatten() {
                        self.schema(again.clone(), pu.clone(), depth + 1);
                    }
                    for again in u.redefined.get(&name).into_iter().flatten() {
                        self.schema(po.clone(), again.clone(), depth + 1);
                    }
                }
                (None, None) => {}
            }
        }
    }
}

fn presence(present: bool) -> &'static str {
    if present {
        "present"
    } else {
        "absent"
    }
}

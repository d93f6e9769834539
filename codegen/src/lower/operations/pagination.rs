//! Lowering how a list operation pages ([`Pagination`]): recognised from
//! the operation's query parameters and success response (offset and
//! limit, page and page size, a cursor, a `Link` header), or declared by
//! `x-pagination` where the spec is silent or recognition guesses wrong.
//! The rules are in docs/naming.md ("Pagination").

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};
use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{
    FieldKind, Method, PageField, PageKind, Pagination, Param, ParamLocation, StartCounts, Success,
    TypeDef, TypeRef,
};
use crate::lower::Lowerer;
use crate::pointer::Pointer;

/// The extension that declares (or, as `false`, denies) pagination.
const EXTENSION: &str = "x-pagination";

/// Names (lower case, without `_` and `-`) of a query parameter that says
/// where an offset-paged list starts, counting items.
const OFFSET_NAMES: &[&str] = &["offset", "skip", "start"];
/// ... counting pages.
const PAGE_NAMES: &[&str] = &["page", "pagenumber", "pageno"];
/// ... of one that bounds a page's size.
const LIMIT_NAMES: &[&str] = &[
    "limit",
    "perpage",
    "pagesize",
    "size",
    "count",
    "maxresults",
];
/// ... of one that takes a cursor.
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "pagetoken",
    "nextpagetoken",
    "after",
    "startingafter",
    "continuationtoken",
    "nexttoken",
    "pagecursor",
];
/// ... of a response field that holds the next cursor.
const CURSOR_FIELDS: &[&str] = &[
    "nextcursor",
    "nextpagetoken",
    "nexttoken",
    "continuationtoken",
    "nextpagecursor",
    "cursor",
];
/// ... of the array of items, when a page has several arrays.
const ITEMS_NAMES: &[&str] = &["items", "data", "results", "records", "entries", "values"];

/// `name` as the lists above spell names.
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// What `x-pagination` states, once read.
enum Stated {
    /// Nothing: recognise from the spec.
    Silent,
    /// `false`: the operation does not page, whatever it looks like.
    Denied,
    /// A mapping: its keys.
    Declared(serde_json::Map<String, Value>),
}

impl<'a> Lowerer<'a> {
    /// How `operation` pages, if it does: `x-pagination` first, else what
    /// its parameters and success response say (GET only).
    pub(super) fn pagination(
        &mut self,
        operation: &'a openapiv3::Operation,
        method: &Method,
        params: &[Param],
        success: &Success,
        pointer: &Pointer,
    ) -> Option<Pagination> {
        let at = pointer.push(EXTENSION);
        let declared = match operation.extensions.get(EXTENSION) {
            None => Stated::Silent,
            Some(Value::Bool(false)) => Stated::Denied,
            Some(Value::Object(map)) => Stated::Declared(map.clone()),
            Some(_) => {
                self.invalid(
                    &at,
                    "`x-pagination` must be `false` or a mapping with `kind`",
                );
                return None;
            }
        };
        match declared {
            Stated::Denied => None,
            Stated::Silent if *method != Method::Get => None,
            Stated::Silent => self.recognised(operation, params, success),
            Stated::Declared(map) => self.declared(operation, &map, params, success, &at),
        }
    }

    /// Reports a wrong `x-pagination` at `at`.
    fn invalid(&mut self, at: &Pointer, message: &str) {
        self.error(
            Diagnostic::new(Code::InvalidExtension, at, message).with_hint(
                "for example `{kind: offset, offset: offset, limit: limit, items: contacts}`, `{kind: cursor, cursor: page_token, next: /meta/next, items: data}` or `{kind: link}`",
            ),
        );
    }

    /// Pagination as the spec shapes it, without `x-pagination`.
    fn recognised(
        &self,
        operation: &openapiv3::Operation,
        params: &[Param],
        success: &Success,
    ) -> Option<Pagination> {
        let (items, item) = self.items_field(success, None)?;
        let query = |names: &[&str], ty: fn(&TypeRef) -> bool| {
            params.iter().find(|p| {
                p.location == ParamLocation::Query
                    && !p.required
                    && ty(&p.ty)
                    && names.contains(&folded(&p.wire_name).as_str())
            })
        };
        let is_string = |ty: &TypeRef| *ty == TypeRef::String;
        let is_integer = |ty: &TypeRef| matches!(ty, TypeRef::Integer(_));
        if let Some(param) = query(CURSOR_PARAMS, is_string) {
            if let Some(next) = self.cursor_field(success) {
                let kind = PageKind::Cursor {
                    param: param.rust_name.clone(),
                    next,
                };
                return Some(Pagination { kind, items, item });
            }
        }
        if documents_link(operation) {
            return Some(Pagination {
                kind: PageKind::Link,
                items,
                item,
            });
        }
        let limit = query(LIMIT_NAMES, is_integer)?;
        let (start, counts) = match query(OFFSET_NAMES, is_integer) {
            Some(start) => (start, StartCounts::Items),
            None => (query(PAGE_NAMES, is_integer)?, StartCounts::Pages),
        };
        let kind = self.offset_kind(operation, start, counts, Some(limit));
        Some(Pagination { kind, items, item })
    }

    /// Pagination as `x-pagination` (`map`, at `at`) declares it.
    fn declared(
        &mut self,
        operation: &openapiv3::Operation,
        map: &serde_json::Map<String, Value>,
        params: &[Param],
        success: &Success,
        at: &Pointer,
    ) -> Option<Pagination> {
        let text = |key: &str| map.get(key).and_then(Value::as_str);
        let items_key = text("items");
        let Some((items, item)) = self.items_field(success, items_key) else {
            let message = match items_key {
                Some(key) => format!("`x-pagination`: the success response has no array property `{key}`"),
                None => "`x-pagination`: the success response is not a JSON array, nor an object with one array property; name it with `items`".to_owned(),
            };
            self.invalid(at, &message);
            return None;
        };
        // A parameter named by its wire name: optional, of the type `ty`.
        let mut param = |key: &str, ty: fn(&TypeRef) -> bool, what: &str| -> Option<Param> {
            let name = text(key)?;
            let found = params
                .iter()
                .find(|p| p.wire_name == name && p.location == ParamLocation::Query);
            match found {
                Some(p) if !p.required && ty(&p.ty) => Some(p.clone()),
                _ => {
                    self.invalid(
                        &at.push(key),
                        &format!("`x-pagination`: `{name}` must be an optional query parameter of the operation, {what}"),
                    );
                    None
                }
            }
        };
        let is_string = |ty: &TypeRef| *ty == TypeRef::String;
        let is_integer = |ty: &TypeRef| matches!(ty, TypeRef::Integer(_));
        let kind = match text("kind") {
            Some("offset" | "page") => {
                let counts = if text("kind") == Some("page") {
                    StartCounts::Pages
                } else {
                    StartCounts::Items
                };
                let start_key = if counts == StartCounts::Pages {
                    "page"
                } else {
                    "offset"
                };
                if text(start_key).is_none() {
                    self.invalid(at, &format!("`x-pagination` of this kind needs `{start_key}`, the parameter that says where a page starts"));
                    return None;
                }
                let start = param(start_key, is_integer, "an integer")?;
                let limit = match text("limit") {
                    Some(_) => Some(param("limit", is_integer, "an integer")?),
                    None => None,
                };
                self.offset_kind(operation, &start, counts, limit.as_ref())
            }
            Some("cursor") => {
                if text("cursor").is_none() {
                    self.invalid(at, "`x-pagination` of kind `cursor` needs `cursor`, the parameter that takes it");
                    return None;
                }
                let cursor = param("cursor", is_string, "a string")?;
                let next = match text("next") {
                    Some(path) => self.field_path(success, path),
                    None => self.cursor_field(success),
                };
                let Some(next) = next else {
                    self.invalid(at, "`x-pagination`: `next` must name the string field of the response that holds the next cursor, as a JSON pointer (`/meta/next_cursor`)");
                    return None;
                };
                PageKind::Cursor {
                    param: cursor.rust_name,
                    next,
                }
            }
            Some("link") => PageKind::Link,
            _ => {
                self.invalid(
                    at,
                    "`x-pagination` needs `kind`: `offset`, `page`, `cursor` or `link`",
                );
                return None;
            }
        };
        Some(Pagination { kind, items, item })
    }

    /// An offset-paged kind: `start` counts `counts`, from its default (else
    /// 0 items or the first page: its `minimum`, else 1); `limit`'s
    /// `default` is the page size when the caller sets none.
    fn offset_kind(
        &self,
        operation: &openapiv3::Operation,
        start: &Param,
        counts: StartCounts,
        limit: Option<&Param>,
    ) -> PageKind {
        let (default, minimum) = self.integer_bounds(operation, &start.wire_name);
        let first = default.unwrap_or(match counts {
            StartCounts::Items => 0,
            StartCounts::Pages => minimum.unwrap_or(1),
        });
        let default_limit = limit
            .and_then(|l| self.integer_bounds(operation, &l.wire_name).0)
            .filter(|l| *l > 0);
        PageKind::Offset {
            start: start.rust_name.clone(),
            counts,
            first,
            limit: limit.map(|l| l.rust_name.clone()),
            default_limit,
        }
    }

    /// The `default` and `minimum` of the integer query parameter `name`
    /// of `operation` (its own parameters, or its path item's: the lowered
    /// parameter does not keep them).
    fn integer_bounds(
        &self,
        operation: &openapiv3::Operation,
        name: &str,
    ) -> (Option<i64>, Option<i64>) {
        let shared = self
            .spec
            .paths
            .paths
            .values()
            .filter_map(|item| match item {
                ReferenceOr::Item(item)
                    if item.iter().any(|(_, op)| std::ptr::eq(op, operation)) =>
                {
                    Some(item.parameters.iter())
                }
                _ => None,
            });
        let all = operation.parameters.iter().chain(shared.flatten());
        for param in all {
            let param = match param {
                ReferenceOr::Item(param) => Some(param),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|key| self.spec.components.as_ref()?.parameters.get(key))
                    .and_then(|p| p.as_item()),
            };
            let Some(Parameter::Query { parameter_data, .. }) = param else {
                continue;
            };
            if parameter_data.name != name {
                continue;
            }
            let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
                &parameter_data.format
            else {
                return (None, None);
            };
            let default = schema.schema_data.default.as_ref().and_then(Value::as_i64);
            let minimum = match &schema.schema_kind {
                SchemaKind::Type(Type::Integer(integer)) => integer.minimum,
                _ => None,
            };
            return (default, minimum);
        }
        (None, None)
    }

    /// The struct the success body decodes to, if it is one.
    fn success_struct(&self, success: &Success) -> Option<&crate::ir::StructDef> {
        if !success.is_json() {
            return None;
        }
        let TypeRef::Named(name) = success.ty.as_ref()? else {
            return None;
        };
        match self.types.get(name) {
            Some((TypeDef::Struct(def), _)) => Some(def),
            _ => None,
        }
    }

    /// Where a page's items are: the body itself when it is an array, else
    /// the array property named `wanted` (its wire name, a leading `/`
    /// allowed), else the body's one array property, else the one among
    /// several named like a list of items (`items`, `data`, ...).
    fn items_field(
        &self,
        success: &Success,
        wanted: Option<&str>,
    ) -> Option<(Option<PageField>, TypeRef)> {
        if !success.is_json() {
            return None;
        }
        if let Some(TypeRef::Array(item)) = &success.ty {
            return wanted.is_none().then(|| (None, (**item).clone()));
        }
        let def = self.success_struct(success)?;
        let arrays: Vec<(&crate::ir::Field, &TypeRef)> = def
            .fields
            .iter()
            .filter(|f| f.kind == FieldKind::Property)
            .filter_map(|f| match &f.ty {
                TypeRef::Array(item) => Some((f, &**item)),
                TypeRef::Nullable(inner) => match &**inner {
                    TypeRef::Array(item) => Some((f, &**item)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let chosen = match wanted {
            Some(name) => {
                let name = name.strip_prefix('/').unwrap_or(name);
                arrays.iter().find(|(f, _)| f.wire_name == name)
            }
            None if arrays.len() == 1 => arrays.first(),
            None => {
                let named: Vec<_> = arrays
                    .iter()
                    .filter(|(f, _)| ITEMS_NAMES.contains(&folded(&f.wire_name).as_str()))
                    .collect();
                match named.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                }
            }
        }?;
        let (field, item) = chosen;
        Some((Some(page_field(field)), (*item).clone()))
    }

    /// The string field of the success body holding the next cursor, by
    /// its name: at the top level, else in one object property.
    fn cursor_field(&self, success: &Success) -> Option<Vec<PageField>> {
        let def = self.success_struct(success)?;
        let is_cursor = |f: &crate::ir::Field| {
            f.kind == FieldKind::Property
                && is_string_field(f)
                && CURSOR_FIELDS.contains(&folded(&f.wire_name).as_str())
        };
        if let Some(field) = def.fields.iter().find(|f| is_cursor(f)) {
            return Some(vec![page_field(field)]);
        }
        def.fields.iter().find_map(|outer| {
            let TypeRef::Named(name) = strip_nullable(&outer.ty) else {
                return None;
            };
            let Some((TypeDef::Struct(inner), _)) = self.types.get(name) else {
                return None;
            };
            let field = inner.fields.iter().find(|f| is_cursor(f))?;
            Some(vec![page_field(outer), page_field(field)])
        })
    }

    /// The string field at the JSON pointer `path` (`/meta/next_cursor`)
    /// of the success body, through object properties.
    fn field_path(&self, success: &Success, path: &str) -> Option<Vec<PageField>> {
        let mut def = self.success_struct(success)?;
        let tokens: Vec<String> = Pointer::parse_ref(&format!("#{path}"))?.tokens().to_vec();
        let mut fields = Vec::new();
        for (index, token) in tokens.iter().enumerate() {
            let field = def
                .fields
                .iter()
                .find(|f| f.kind == FieldKind::Property && &f.wire_name == token)?;
            fields.push(page_field(field));
            if index + 1 == tokens.len() {
                return is_string_field(field).then_some(fields);
            }
            let TypeRef::Named(name) = strip_nullable(&field.ty) else {
                return None;
            };
            def = match self.types.get(name) {
                Some((TypeDef::Struct(next), _)) => next,
                _ => return None,
            };
        }
        None
    }
}

/// Whether the first success response of `operation` documents a `Link`
/// header.
fn documents_link(operation: &openapiv3::Operation) -> bool {
    operation
        .responses
        .responses
        .iter()
        .find(|(code, _)| match code {
            openapiv3::StatusCode::Code(code) => (200..300).contains(code),
            openapiv3::StatusCode::Range(range) => *range == 2,
        })
        .and_then(|(_, response)| response.as_item())
        .is_some_and(|response| {
            response
                .headers
                .keys()
                .any(|name| name.eq_ignore_ascii_case("link"))
        })
}

/// A field as [`PageField`] describes it.
fn page_field(field: &crate::ir::Field) -> PageField {
    PageField {
        rust_name: field.rust_name.clone(),
        optional: crate::spelling::is_optional(field),
    }
}

/// `ty` without the `Nullable` around it.
fn strip_nullable(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Nullable(inner) => inner,
        ty => ty,
    }
}

/// Whether `field` holds a string.
fn is_string_field(field: &crate::ir::Field) -> bool {
    *strip_nullable(&field.ty) == TypeRef::String
}

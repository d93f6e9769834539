//! Lowering operations: method names, path templates, parameters, request
//! bodies and responses.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, RequestBody,
    Response, StatusCode,
};

use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{
    Body, BodyMedia, ErrorResponse, FieldKind, FormPart, Method, Operation, Param, ParamLocation,
    ParamStyle, PartKind, PathSegment, ResponseMedia, Success, TypeDef, TypeRef,
};
use crate::naming;
use crate::pointer::Pointer;

/// The key of `#/components/{kind}/{key}` when `at` is that pointer.
fn component_key<'p>(at: &'p Pointer, kind: &str) -> Option<&'p str> {
    match at.tokens() {
        [components, found, key] if components == "components" && found == kind => Some(key),
        _ => None,
    }
}

/// The names the emitted module `builder` uses or the prelude gives it,
/// which a request builder cannot take.
const BUILDER_MODULE_NAMES: &[&str] = &[
    "ApiResponse",
    "Box",
    "Client",
    "Error",
    "Future",
    "IntoFuture",
    "Option",
    "Pin",
    "RawResponse",
    "Result",
    "Send",
    "String",
    "Sync",
    "Vec",
];

/// The methods every request builder has: no optional input's setter can
/// take their names.
const BUILDER_METHODS: &[&str] = &["clone", "fmt", "into_future", "send", "send_with_response"];

/// An operation left out of the client: what it needs cannot be sent, and
/// a diagnostic says so.
struct LeftOut;

impl<'a> Lowerer<'a> {
    /// Lowers every operation, in document order, and checks that their ids
    /// and method names are unique.
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let paths = Pointer::root().push("paths");
        for (path, item) in &self.spec.paths.paths {
            let item_pointer = paths.push(path);
            let ReferenceOr::Item(item) = item else {
                self.error(Diagnostic::new(
                    Code::UnsupportedReference,
                    &item_pointer,
                    "a `$ref` path item is not supported",
                ));
                continue;
            };
            for (key, operation) in item.iter() {
                let pointer = item_pointer.push(key);
                let Some(method) = Method::from_key(key) else {
                    continue;
                };
                let shared = (item.parameters.as_slice(), &item_pointer);
                if let Some(lowered) =
                    self.lower_operation(path, method, shared, operation, &pointer)
                {
                    operations.push(lowered);
                }
            }
        }
        self.check_unique_names(&mut operations);
        operations
    }

    /// Checks that operationIds are unique, and gives every operation its
    /// method name: one `Client` has whatever the spec (`execute`, `new`
    /// ...), or one an earlier operation has, gets a suffix and a warning.
    fn check_unique_names(&mut self, operations: &mut [Operation]) {
        let mut ids: BTreeMap<&str, &Pointer> = BTreeMap::new();
        let mut errors = Vec::new();
        let mut duplicates: BTreeSet<Pointer> = BTreeSet::new();
        for operation in operations.iter() {
            if let Some(previous) = ids.insert(&operation.operation_id, &operation.pointer) {
                duplicates.insert(operation.pointer.clone());
                errors.push(
                    Diagnostic::new(
                        Code::DuplicateOperationId,
                        &operation.pointer.push("operationId"),
                        format!(
                            "operationId `{}` is also used at {previous}",
                            operation.operation_id
                        ),
                    )
                    .with_hint("every operationId must be unique"),
                );
            }
        }
        let mut names =
            naming::Namespace::with_reserved(crate::runtime::CLIENT_METHODS.iter().copied());
        let mut given: BTreeMap<String, Pointer> = BTreeMap::new();
        // Builders live in the module `builder` beside the names it uses.
        let mut builders = naming::Namespace::with_reserved(BUILDER_MODULE_NAMES.iter().copied());
        for operation in operations.iter_mut() {
            if duplicates.contains(&operation.pointer) {
                continue;
            }
            let wanted = operation.method_name.clone();
            let name = names.claim(&wanted);
            if name != wanted {
                let reason = match given.get(&wanted) {
                    Some(previous) => format!("the operation at {previous} has it"),
                    None => "`Client` has a method of that name whatever the spec".to_owned(),
                };
                errors.push(
                    Diagnostic::new(
                        Code::Renamed,
                        &operation.pointer.push("operationId"),
                        format!("operationId `{}` would be the method `{wanted}`, but {reason}; it is `{name}`", operation.operation_id),
                    )
                    .with_hint(format!("to choose the name, give the operation `{}: other_name`", super::RUST_NAME)),
                );
            }
            given.insert(name.clone(), operation.pointer.clone());
            operation.builder_name = builders.claim(&naming::type_name(&name));
            operation.method_name = name;
        }
        for error in errors {
            self.error(error);
        }
    }

    fn lower_operation(
        &mut self,
        path: &str,
        method: Method,
        shared_params: (&'a [ReferenceOr<Parameter>], &Pointer),
        operation: &'a openapiv3::Operation,
        pointer: &Pointer,
    ) -> Option<Operation> {
        let operation_id = match &operation.operation_id {
            Some(id) => id.clone(),
            None => naming::derived_operation_id(method.as_str(), path),
        };
        let method_name = match operation.extensions.get(super::RUST_NAME) {
            Some(serde_json::Value::String(name)) => naming::snake(name),
            Some(_) => {
                self.error(Diagnostic::new(
                    Code::IgnoredExtension,
                    &pointer.push(super::RUST_NAME),
                    format!(
                        "`{}` must be a string such as \"send_message\"; it is ignored",
                        super::RUST_NAME
                    ),
                ));
                naming::snake(&operation_id)
            }
            None => naming::snake(&operation_id),
        };
        let derived = naming::snake(&operation_id);
        let aliases = if method_name == derived {
            Vec::new()
        } else {
            vec![derived]
        };
        let type_prefix = naming::type_name(&operation_id);
        let path_segments = self.path_segments(path, pointer);
        // An operation with a parameter or body the client cannot send is
        // left out (the warning says so), and checked no further: one
        // refused item never causes a second report.
        let params = self
            .params(shared_params, &operation.parameters, pointer, &type_prefix)
            .ok()?;
        self.check_path_params(&path_segments, &params, pointer);
        let body = match &operation.request_body {
            Some(body) => Some(
                self.request_body(body, &pointer.push("requestBody"), &type_prefix)
                    .ok()?,
            ),
            None => None,
        };
        let (success, errors) = self.responses(operation, pointer, &type_prefix);
        let accept = self.accept(operation, success.media_types.first().map(String::as_str));
        Some(Operation {
            operation_id,
            builder_name: naming::type_name(&method_name),
            method_name,
            aliases,
            method,
            path: path.to_owned(),
            path_segments,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            tags: operation.tags.clone(),
            params,
            body,
            success,
            errors,
            idempotent: self.idempotent(method, operation, pointer),
            heartbeat: self.heartbeat(operation, pointer),
            security: self.operation_security(operation.security.as_ref(), pointer),
            accept,
            pointer: pointer.clone(),
        })
    }

    /// Splits `/a/{id}/b` into literal and parameter segments.
    fn path_segments(&mut self, path: &str, pointer: &Pointer) -> Vec<PathSegment> {
        let mut segments = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_owned()));
            }
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.error(Diagnostic::new(
                    Code::MalformedPathTemplate,
                    pointer,
                    format!("the path `{path}` has a `{{` without its `}}`"),
                ));
                return segments;
            };
            segments.push(PathSegment::Param(after[..close].to_owned()));
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            self.error(Diagnostic::new(
                Code::MalformedPathTemplate,
                pointer,
                format!("the path `{path}` has a `}}` without its `{{`"),
            ));
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        segments
    }

    /// Path-item and operation parameters merged (the operation's win), path
    /// parameters first.
    fn params(
        &mut self,
        (shared, item_pointer): (&'a [ReferenceOr<Parameter>], &Pointer),
        own: &'a [ReferenceOr<Parameter>],
        pointer: &Pointer,
        type_prefix: &str,
    ) -> Result<Vec<Param>, LeftOut> {
        let mut resolved: Vec<(&'a Parameter, Pointer)> = Vec::new();
        let sources = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (p, item_pointer.push("parameters").push(i)))
            .chain(
                own.iter()
                    .enumerate()
                    .map(|(i, p)| (p, pointer.push("parameters").push(i))),
            );
        for (param, at) in sources {
            let Some((param, at)) = self.resolve(param, &at, "parameters", |c| &c.parameters)
            else {
                continue;
            };
            let key = |p: &Parameter| (location_key(p), p.parameter_data_ref().name.clone());
            resolved.retain(|(existing, _)| key(existing) != key(param));
            resolved.push((param, at));
        }
        let mut params: Vec<Param> = Vec::new();
        let mut names = naming::Namespace::with_reserved(BUILDER_METHODS.iter().copied());
        let mut left_out = None;
        for (param, at) in resolved {
            let mut lowered = match self.param(param, &at, type_prefix) {
                Ok(Some(lowered)) => lowered,
                Ok(None) => continue,
                Err(refused) => {
                    left_out = Some(refused);
                    continue;
                }
            };
            let wanted = lowered.rust_name.clone();
            lowered.rust_name = names.claim(&wanted);
            if lowered.rust_name != wanted {
                let other = match params.iter().find(|p| p.rust_name == wanted) {
                    Some(p) => format!("like `{}`", p.wire_name),
                    None => "a method every request builder has".to_owned(),
                };
                self.error(Diagnostic::new(
                    Code::Renamed,
                    &at,
                    format!(
                        "the parameter `{}` would be the argument `{wanted}`, {other}; it is `{}`",
                        lowered.wire_name, lowered.rust_name
                    ),
                ));
            }
            params.push(lowered);
        }
        if let Some(refused) = left_out {
            return Err(refused);
        }
        params.sort_by_key(|p| p.location != ParamLocation::Path);
        Ok(params)
    }

    /// One parameter: `Ok(None)` for one that is reported and skipped (an
    /// invalid header name, or `Accept`, `Content-Type` and `Authorization`,
    /// which OpenAPI ignores), `Err` for one the client cannot send, which
    /// leaves the operation out.
    fn param(
        &mut self,
        param: &'a Parameter,
        at: &Pointer,
        type_prefix: &str,
    ) -> Result<Option<Param>, LeftOut> {
        let (location, style) = match param {
            Parameter::Path { style, .. } => (
                ParamLocation::Path,
                match style {
                    PathStyle::Simple => ParamStyle::Simple,
                    PathStyle::Label => ParamStyle::Label,
                    PathStyle::Matrix => ParamStyle::Matrix,
                },
            ),
            Parameter::Query { style, .. } => (
                ParamLocation::Query,
                match style {
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
            ),
            Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
            Parameter::Cookie { .. } => {
                return Err(self.left_out(
                    Code::UnsupportedParameter,
                    at,
                    "cookie parameters are not supported",
                ));
            }
        };
        let data = param.parameter_data_ref();
        if location == ParamLocation::Header && !naming::is_header_name(&data.name) {
            self.error(Diagnostic::new(
                Code::InvalidHeaderName,
                at,
                format!("`{}` is not a valid HTTP header name", data.name),
            ));
            return Ok(None);
        }
        if location == ParamLocation::Header && is_governed_header(&data.name) {
            self.error(
                Diagnostic::new(
                    Code::IgnoredHeaderParameter,
                    at,
                    format!(
                        "OpenAPI ignores a header parameter named `{}`: the media types and security schemes set that header; the client sets it, not an argument",
                        data.name
                    ),
                )
                .with_hint("remove the parameter; describe the media types under `content` and credentials under `securitySchemes`"),
            );
            return Ok(None);
        }
        let explode = data.explode.unwrap_or(style == ParamStyle::Form);
        let rust_name = naming::snake(&data.name);
        let (ty, constraints) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let hint = match component_key(at, "parameters") {
                    Some(key) => naming::type_name(key),
                    None => format!("{type_prefix}{}", naming::type_name(&data.name)),
                };
                let schema_at = at.push("schema");
                let ty = if let Some((index, list)) = scalar_or_list(schema) {
                    // One value or many: a list, which may hold one.
                    let list_at = schema_at.push(union_keyword(schema)).push(index);
                    self.type_of(list, &list_at, &hint)
                } else if is_text_union(schema) {
                    TypeRef::String
                } else {
                    self.type_of(schema, &schema_at, &hint)
                };
                let constraints = self.param_constraints(schema, &ty);
                (ty, constraints)
            }
            ParameterSchemaOrContent::Content(_) => {
                return Err(self.left_out(
                    Code::UnsupportedParameter,
                    &at.push("content"),
                    "parameters described by `content` are not supported",
                ));
            }
        };
        let Some((ty, kind)) = self.param_type(&ty) else {
            let what = crate::spelling::type_text(&ty);
            return Err(self.left_out(
                Code::UnsupportedParameter,
                &at.push("schema"),
                &format!("a parameter of type `{what}` cannot be sent: the client sends scalars, enums, lists of those and objects whose properties are those"),
            ));
        };
        if let Err((problem, hint)) = check_style(style, explode, kind) {
            let at = match (data.explode, param) {
                (Some(_), _) if problem.contains("explode") => at.push("explode"),
                _ => at.push("style"),
            };
            self.error(
                Diagnostic::new(
                    Code::UnsupportedParameterStyle,
                    &at,
                    format!(
                        "`style: {}`{} {problem}; the operation is left out of the client, the rest is generated",
                        style.as_str(),
                        if explode { " with `explode: true`" } else { "" },
                    ),
                )
                .with_hint(hint),
            );
            return Err(LeftOut);
        }
        if location == ParamLocation::Path && !data.required {
            self.error(Diagnostic::new(
                Code::OptionalPathParameter,
                at,
                "path parameters are always required; `required: true` is assumed",
            ));
        }
        Ok(Some(Param {
            wire_name: data.name.clone(),
            rust_name,
            location,
            ty,
            required: data.required || location == ParamLocation::Path,
            description: data.description.clone(),
            example: data.example.clone(),
            constraints,
            style,
            explode,
        }))
    }

    /// What a parameter's schema says of its values, for its docs: the
    /// schema's constraints, and for a `$ref` (already resolved to `ty`)
    /// the referenced schema's, with its name (`A [`types::Name`].
    /// Matches the pattern ...`).
    fn param_constraints(
        &self,
        schema: &'a ReferenceOr<openapiv3::Schema>,
        ty: &TypeRef,
    ) -> Option<String> {
        let reference = match schema {
            ReferenceOr::Item(schema) => return super::constraints::constraints(schema),
            ReferenceOr::Reference { reference } => reference,
        };
        let TypeRef::Named(name) = ty else {
            return None;
        };
        let target = reference
            .strip_prefix("#/components/schemas/")
            .and_then(|key| self.spec.components.as_ref()?.schemas.get(key))
            .and_then(ReferenceOr::as_item);
        let kind = format!("A [`{name}`](crate::types::{name}).");
        Some(match target.and_then(super::constraints::constraints) {
            Some(own) => format!("{kind} {own}"),
            None => kind,
        })
    }

    /// Reports what leaves an operation out (a parameter or body the client
    /// cannot send): a warning at `at` that says so.
    fn left_out(&mut self, code: Code, at: &Pointer, what: &str) -> LeftOut {
        self.error(Diagnostic::new(
            code,
            at,
            format!("{what}; the operation is left out of the client, the rest is generated"),
        ));
        LeftOut
    }

    /// The parts of a multipart body, which must be an object: one part
    /// per property, files for `format: binary`, text for scalars and enum
    /// values, JSON text for the rest.
    fn form_parts(&mut self, ty: &TypeRef, pointer: &Pointer) -> Option<Vec<FormPart>> {
        let fields = match ty {
            TypeRef::Named(name) => match self.types.get(name) {
                Some((TypeDef::Struct(def), _)) => Some(&def.fields),
                _ => None,
            },
            _ => None,
        };
        let Some(fields) = fields else {
            self.error(Diagnostic::new(
                Code::MultipartBodyNotObject,
                pointer,
                "a multipart/form-data body must be an object with properties (one part each)",
            ));
            return None;
        };
        let parts = fields
            .iter()
            .filter(|field| field.kind == FieldKind::Property)
            .map(|field| {
                let (ty, nullable) = match &field.ty {
                    TypeRef::Nullable(inner) => (inner.as_ref().clone(), true),
                    other => (other.clone(), false),
                };
                let kind = match &ty {
                    TypeRef::Binary => PartKind::File,
                    TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Bool => {
                        PartKind::Text
                    }
                    TypeRef::Named(name)
                        if matches!(self.types.get(name), Some((TypeDef::Enum(_), _))) =>
                    {
                        PartKind::Text
                    }
                    _ => PartKind::Json,
                };
                FormPart {
                    wire_name: field.wire_name.clone(),
                    rust_name: field.rust_name.clone(),
                    kind,
                    optional: !field.required || nullable,
                    ty,
                }
            })
            .collect();
        Some(parts)
    }

    /// The type a parameter is sent as and what kind of value it is, or
    /// `None` when the client cannot send it: a scalar or enum, a list of
    /// those, or an object (a struct or map) whose values are those.
    /// `nullable` changes nothing (a parameter that is absent is not sent),
    /// and a named alias of such a type (a `$ref` to a string schema with a
    /// pattern) is sent as the type it names.
    fn param_type(&self, ty: &TypeRef) -> Option<(TypeRef, ValueKind)> {
        let scalar = |ty: &TypeRef| self.scalar_type(ty, 0);
        let ty = self.unaliased(ty, 0)?;
        if let Some(scalar) = scalar(&ty) {
            return Some((scalar, ValueKind::Scalar));
        }
        match &ty {
            TypeRef::Array(item) => {
                let item = scalar(item)?;
                Some((TypeRef::Array(Box::new(item)), ValueKind::List))
            }
            TypeRef::Map(value) => scalar(value).map(|_| (ty.clone(), ValueKind::Object)),
            TypeRef::Named(name) if self.is_flat_struct(name, false) => {
                Some((ty.clone(), ValueKind::Object))
            }
            _ => None,
        }
    }

    /// `ty` without the named aliases and `nullable`s around it, `depth`
    /// aliases deep: a cycle of aliases (reported as `recursive-alias`)
    /// ends here.
    fn unaliased(&self, ty: &TypeRef, depth: usize) -> Option<TypeRef> {
        if depth > super::types::MAX_DEPTH {
            return None;
        }
        match ty {
            TypeRef::Named(name) => match self.types.get(name) {
                Some((TypeDef::Alias(alias), _)) => self.unaliased(&alias.target, depth + 1),
                _ => Some(ty.clone()),
            },
            TypeRef::Nullable(inner) => self.unaliased(inner, depth + 1),
            _ => Some(ty.clone()),
        }
    }

    /// `ty` as a scalar a parameter can write as text (a primitive or an
    /// enum), through aliases and `nullable`; `None` for anything else.
    fn scalar_type(&self, ty: &TypeRef, depth: usize) -> Option<TypeRef> {
        match self.unaliased(ty, depth)? {
            ty @ (TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Bool) => {
                Some(ty)
            }
            TypeRef::Named(name) => match self.types.get(&name) {
                Some((TypeDef::Enum(_), _)) => Some(TypeRef::Named(name)),
                _ => None,
            },
            _ => None,
        }
    }

    fn check_path_params(&mut self, segments: &[PathSegment], params: &[Param], pointer: &Pointer) {
        for segment in segments {
            if let PathSegment::Param(name) = segment {
                let declared = params
                    .iter()
                    .any(|p| p.location == ParamLocation::Path && &p.wire_name == name);
                if !declared {
                    self.error(
                        Diagnostic::new(
                            Code::UndeclaredPathParameter,
                            pointer,
                            format!("the path parameter `{{{name}}}` is not declared"),
                        )
                        .with_hint(format!(
                            "add a parameter with `in: path` and `name: {name}`"
                        )),
                    );
                }
            }
        }
        for param in params.iter().filter(|p| p.location == ParamLocation::Path) {
            let used = segments
                .iter()
                .any(|s| matches!(s, PathSegment::Param(name) if name == &param.wire_name));
            if !used {
                self.error(Diagnostic::new(
                    Code::UnusedPathParameter,
                    &pointer.push("parameters"),
                    format!(
                        "the path parameter `{}` does not appear in the path",
                        param.wire_name
                    ),
                ));
            }
        }
    }

    /// The request body: JSON where the body offers it, else the first
    /// media type the client can send (multipart and urlencoded forms, text,
    /// bytes).
    fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        pointer: &Pointer,
        type_prefix: &str,
    ) -> Result<Body, LeftOut> {
        let (body, at) = self
            .resolve(body, pointer, "requestBodies", |c| &c.request_bodies)
            .ok_or(LeftOut)?;
        let chosen = body
            .content
            .iter()
            .find(|(m, _)| media_kind(m) == MediaKind::Json)
            .or_else(|| {
                body.content
                    .iter()
                    .find(|(m, _)| media_kind(m) != MediaKind::Unsupported)
            });
        let Some((media_type, content)) = chosen else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            return Err(self.left_out(
                Code::UnsupportedRequestMediaType,
                &at.push("content"),
                &format!(
                    "request bodies of type {} are not supported; JSON, forms (multipart and urlencoded), text and bytes are",
                    types.join(", ")
                ),
            ));
        };
        let kind = media_kind(media_type);
        let schema_at = at.push("content").push(media_type).push("schema");
        let hint = match component_key(&at, "requestBodies") {
            Some(key) => naming::type_name(key),
            None => format!("{type_prefix}Body"),
        };
        let body_of = |media, ty| Body {
            media,
            media_type: sent_media_type(media_type),
            ty,
            required: body.required,
            description: body.description.clone(),
        };
        match kind {
            MediaKind::Text => return Ok(body_of(BodyMedia::Text, TypeRef::String)),
            MediaKind::Binary => return Ok(body_of(BodyMedia::Binary, TypeRef::Bytes)),
            MediaKind::Json | MediaKind::Multipart | MediaKind::UrlEncoded => {}
            MediaKind::Unsupported => return Err(LeftOut),
        }
        self.in_form = kind == MediaKind::Multipart;
        let ty = content
            .schema
            .as_ref()
            .map(|schema| self.type_of(schema, &schema_at, &hint));
        self.in_form = false;
        let ty = match ty {
            Some(ty) => ty,
            None => {
                self.error(Diagnostic::new(
                    Code::RequestBodyWithoutSchema,
                    &schema_at,
                    "the request body has no schema; it is sent as `serde_json::Value`",
                ));
                TypeRef::Json
            }
        };
        let media = match kind {
            MediaKind::Multipart => {
                BodyMedia::Multipart(self.form_parts(&ty, &schema_at).ok_or(LeftOut)?)
            }
            MediaKind::UrlEncoded => {
                if !self.is_flat_form(&ty) {
                    return Err(self.left_out(
                        Code::UnsupportedRequestMediaType,
                        &schema_at,
                        "an `application/x-www-form-urlencoded` body must be an object whose properties are scalars, enums or lists of those",
                    ));
                }
                BodyMedia::Form
            }
            _ => BodyMedia::Json,
        };
        Ok(body_of(media, ty))
    }

    /// Whether `ty` is a struct an urlencoded form can carry: properties
    /// that are scalars, enums or lists of those (one pair per item).
    fn is_flat_form(&self, ty: &TypeRef) -> bool {
        matches!(self.unaliased(ty, 0), Some(TypeRef::Named(name)) if self.is_flat_struct(&name, true))
    }

    /// Whether `name` is a struct whose properties and additional
    /// properties are scalars (or, where `lists`, lists of scalars too):
    /// an object a parameter or form writes as `key=value` pairs.
    fn is_flat_struct(&self, name: &str, lists: bool) -> bool {
        let Some((TypeDef::Struct(def), _)) = self.types.get(name) else {
            return false;
        };
        def.fields.iter().all(|field| {
            let value = match (&field.kind, &field.ty) {
                (FieldKind::Property, TypeRef::Array(item)) if lists => item.as_ref(),
                (FieldKind::Property, ty) => ty,
                (FieldKind::Additional, TypeRef::Map(value)) => value.as_ref(),
                (FieldKind::Additional | FieldKind::Flatten, _) => return false,
            };
            self.scalar_type(value, 0).is_some()
        })
    }

    fn responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        pointer: &Pointer,
        type_prefix: &str,
    ) -> (Success, Vec<ErrorResponse>) {
        let responses_at = pointer.push("responses");
        let mut success = Success {
            statuses: Vec::new(),
            ty: None,
            media: ResponseMedia::Json,
            media_types: Vec::new(),
            empty_statuses: Vec::new(),
            description: None,
        };
        let mut success_at: Option<Pointer> = None;
        let mut errors = Vec::new();
        let entries = operation
            .responses
            .responses
            .iter()
            .map(|(code, response)| (Some(code), response))
            .chain(
                operation
                    .responses
                    .default
                    .iter()
                    .map(|response| (None, response)),
            );
        for (code, response) in entries {
            let at =
                responses_at.push(code.map_or_else(|| "default".to_owned(), ToString::to_string));
            let Some((response, at)) = self.resolve(response, &at, "responses", |c| &c.responses)
            else {
                continue;
            };
            let status = match code {
                Some(StatusCode::Code(code)) => Some(*code),
                Some(StatusCode::Range(range)) => Some(range * 100),
                None => None,
            };
            let is_success = status.is_some_and(|s| (200..300).contains(&s));
            // An inline schema of a shared response is named after the
            // response's key, not after the first operation that uses it.
            let hint = match component_key(&at, "responses") {
                Some(key) => naming::type_name(key),
                None if is_success => format!("{type_prefix}Response"),
                None => format!("{type_prefix}Error"),
            };
            let ty = if status.is_some_and(has_no_body) && !response.content.is_empty() {
                self.error(
                    Diagnostic::new(
                        Code::ContentOnBodilessResponse,
                        &at.push("content"),
                        format!(
                            "a {} response has no body in HTTP; its `content` is ignored",
                            status.unwrap_or_default()
                        ),
                    )
                    .with_hint("remove `content` from this response"),
                );
                None
            } else {
                self.response_type(response, &at, &hint, is_success)
            };
            if is_success {
                if let Some(status) = status {
                    success.statuses.push(status);
                    if has_no_body(status) || response.content.is_empty() {
                        success.empty_statuses.push(status);
                    }
                }
                match (&success.ty, ty, &success_at) {
                    (_, None, _) => {}
                    (None, Some((ty, media)), _) => {
                        success.ty = Some(ty);
                        success.media = media;
                        success.media_types = chosen_first(&response.content);
                        success.description = Some(response.description.clone());
                        success_at = Some(at.clone());
                    }
                    (Some(existing), Some((ty, _)), Some(first)) if existing != &ty => {
                        let message = format!(
                            "this success body ({}) differs from the first one ({}, at {first}); the method returns the first, so this body is decoded as {}",
                            type_label(&ty),
                            type_label(existing),
                            type_label(existing),
                        );
                        self.error(Diagnostic::new(Code::DifferingSuccessBodies, &at, message).with_hint(
                            "give every 2xx response the same schema (a `oneOf` if the bodies really differ)",
                        ));
                    }
                    _ => {}
                }
                if success.description.is_none() {
                    success.description = Some(response.description.clone());
                }
            } else {
                errors.push(ErrorResponse {
                    status,
                    description: response.description.clone(),
                    ty: ty.map(|(ty, _)| ty),
                });
            }
        }
        if success.statuses.is_empty() {
            self.error(Diagnostic::new(
                Code::NoSuccessResponse,
                &responses_at,
                "no 2xx response is documented; any 2xx is taken as success without a body",
            ));
        }
        (success, errors)
    }

    /// The type of a response's body and how it is read: JSON where the
    /// response documents it, else (for a success) the first media type,
    /// read as text or bytes. `None` for no body, and for an error body
    /// that is not JSON (reported: callers get it as text).
    fn response_type(
        &mut self,
        response: &'a Response,
        at: &Pointer,
        hint: &str,
        is_success: bool,
    ) -> Option<(TypeRef, ResponseMedia)> {
        if response.content.is_empty() {
            return None;
        }
        let json = response
            .content
            .iter()
            .find(|(m, _)| media_kind(m) == MediaKind::Json);
        let Some((media_type, content)) = json else {
            let (first, _) = response.content.first()?;
            if is_success {
                return Some(match media_kind(first) {
                    MediaKind::Text => (TypeRef::String, ResponseMedia::Text),
                    _ => (TypeRef::Bytes, ResponseMedia::Binary),
                });
            }
            let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
            self.error(Diagnostic::new(
                Code::UnsupportedResponseMediaType,
                &at.push("content"),
                format!(
                    "error responses of type {} are not decoded; callers get the body as text",
                    types.join(", ")
                ),
            ));
            return None;
        };
        let schema = content.schema.as_ref()?;
        let ty = self.type_of(
            schema,
            &at.push("content").push(media_type).push("schema"),
            hint,
        );
        Some((ty, ResponseMedia::Json))
    }

    /// The `Accept` header of an operation: every media type its responses
    /// document, once each, the success body's (`read`, the one the client
    /// reads) first so that a server choosing by order sends it, then the
    /// others in document order; `application/json` when they document none.
    fn accept(&self, operation: &'a openapiv3::Operation, read: Option<&'a str>) -> String {
        let mut types: Vec<&str> = read.map(str::trim).into_iter().collect();
        let responses = operation
            .responses
            .responses
            .values()
            .chain(operation.responses.default.iter());
        for response in responses {
            let response = match response {
                ReferenceOr::Item(response) => Some(response),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|key| self.spec.components.as_ref()?.responses.get(key))
                    .and_then(ReferenceOr::as_item),
            };
            for media_type in response.into_iter().flat_map(|r| r.content.keys()) {
                let media_type = media_type.trim();
                if !types.contains(&media_type) && is_header_text(media_type) {
                    types.push(media_type);
                }
            }
        }
        if types.is_empty() {
            "application/json".to_owned()
        } else {
            types.join(", ")
        }
    }
}

/// How the client reads or writes a body of a media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MediaKind {
    /// `application/json` and `+json` types.
    Json,
    /// `multipart/form-data`.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    UrlEncoded,
    /// `text/*`, XML and other text.
    Text,
    /// Other `multipart/*` types, which need parts the spec cannot give.
    Unsupported,
    /// Anything else: bytes as they are.
    Binary,
}

/// How a media type is read and written.
fn media_kind(media_type: &str) -> MediaKind {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if is_json(&essence) {
        MediaKind::Json
    } else if essence == "multipart/form-data" {
        MediaKind::Multipart
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::UrlEncoded
    } else if essence.starts_with("multipart/") {
        MediaKind::Unsupported
    } else if essence.starts_with("text/")
        || essence == "application/xml"
        || essence.ends_with("+xml")
        || essence == "application/javascript"
    {
        MediaKind::Text
    } else {
        MediaKind::Binary
    }
}

/// The `content-type` a body of the documented `media_type` is sent with:
/// as documented, but `application/octet-stream` for a range such as
/// `image/*` or `*/*` (the caller's bytes are of no one type the spec
/// names).
fn sent_media_type(media_type: &str) -> String {
    let media_type = media_type.trim();
    if media_type.contains('*') || !is_header_text(media_type) {
        "application/octet-stream".to_owned()
    } else {
        media_type.to_owned()
    }
}

/// Whether `text` can be a header value as it is (visible ASCII and
/// spaces).
fn is_header_text(text: &str) -> bool {
    text.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

/// The media types of a response's `content`, the one the client reads
/// first (JSON where documented, else the first).
fn chosen_first(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> Vec<String> {
    let mut types: Vec<String> = content.keys().cloned().collect();
    if let Some(json) = types.iter().position(|m| is_json(m)) {
        let json = types.remove(json);
        types.insert(0, json);
    }
    types
}

/// Statuses whose responses never carry a body (RFC 9110).
fn has_no_body(status: u16) -> bool {
    matches!(status, 204 | 205 | 304)
}

/// A type as the messages name it: `` `Name` ``, `` `Vec<Name>` ``, ...
fn type_label(ty: &TypeRef) -> String {
    format!("`{}`", crate::spelling::type_text(ty))
}

/// Whether a parameter's schema is a `oneOf` / `anyOf` of primitives
/// (`identifier`: an email or an ID). Whatever the alternative, the value
/// travels as text, so the parameter is a `String`.
fn is_text_union(schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    let ReferenceOr::Item(schema) = schema else {
        return false;
    };
    match super::shape::classify(schema) {
        super::shape::Shape::Union { alternatives, .. } => alternatives.iter().all(|alternative| {
            matches!(alternative, ReferenceOr::Item(item) if super::shape::is_primitive(item))
        }),
        _ => false,
    }
}

/// What kind of value a parameter holds, which decides how its style
/// writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueKind {
    /// A primitive or an enum value.
    Scalar,
    /// A list of scalars.
    List,
    /// An object (a struct or map) of scalars.
    Object,
}

/// Whether `style` with `explode` writes a value of `kind`, per the
/// OpenAPI 3.0 table of styles; else what is wrong and a hint.
fn check_style(
    style: ParamStyle,
    explode: bool,
    kind: ValueKind,
) -> Result<(), (&'static str, &'static str)> {
    match (style, explode, kind) {
        (ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited, true, ValueKind::List | ValueKind::Object) => Err((
            "is not defined by OpenAPI (only `explode: false` is)",
            "set `explode: false` for the delimited list, or use `style: form` with `explode: true` for one pair per value",
        )),
        (ParamStyle::DeepObject, _, ValueKind::Scalar | ValueKind::List) => Err((
            "writes objects only, and this parameter is not an object",
            "use `style: form` for a scalar or a list",
        )),
        _ => Ok(()),
    }
}

/// `Accept`, `Content-Type` and `Authorization`: header parameters of
/// these names are ignored (OpenAPI 3.0, Parameter Object).
fn is_governed_header(name: &str) -> bool {
    ["accept", "content-type", "authorization"]
        .iter()
        .any(|governed| name.eq_ignore_ascii_case(governed))
}

/// For a parameter schema that is a `oneOf` / `anyOf` of a scalar and a
/// list of that scalar (one value or many), the list alternative and its
/// index.
fn scalar_or_list(
    schema: &ReferenceOr<openapiv3::Schema>,
) -> Option<(usize, &ReferenceOr<openapiv3::Schema>)> {
    let ReferenceOr::Item(schema) = schema else {
        return None;
    };
    let super::shape::Shape::Union { alternatives, .. } = super::shape::classify(schema) else {
        return None;
    };
    let [first, second] = alternatives else {
        return None;
    };
    let (ReferenceOr::Item(first_schema), ReferenceOr::Item(second_schema)) = (first, second)
    else {
        return None;
    };
    let items_of = |schema: &openapiv3::Schema| match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)) => {
            match array.items.as_ref()? {
                ReferenceOr::Item(item) => Some(item.schema_kind.clone()),
                ReferenceOr::Reference { .. } => None,
            }
        }
        _ => None,
    };
    let same = |scalar: &openapiv3::Schema, list: &openapiv3::Schema| {
        super::shape::is_primitive(scalar) && items_of(list).as_ref() == Some(&scalar.schema_kind)
    };
    if same(first_schema, second_schema) {
        Some((1, second))
    } else if same(second_schema, first_schema) {
        Some((0, first))
    } else {
        None
    }
}

/// `oneOf` or `anyOf`, whichever the union schema uses.
fn union_keyword(schema: &ReferenceOr<openapiv3::Schema>) -> &'static str {
    match schema {
        ReferenceOr::Item(schema)
            if matches!(schema.schema_kind, openapiv3::SchemaKind::AnyOf { .. }) =>
        {
            "anyOf"
        }
        _ => "oneOf",
    }
}

/// The component schemas that some operation sends, by a direct `$ref`, as
/// a `multipart/form-data` body (and not as JSON); found before the
/// components are lowered, so that their files are files from the start.
/// Problems are reported by the lowering itself, not here.
pub(super) fn form_component_keys(spec: &OpenAPI) -> BTreeSet<&str> {
    let mut keys = BTreeSet::new();
    let request_bodies = spec.components.as_ref().map(|c| &c.request_bodies);
    for path_item in spec.paths.paths.values() {
        let ReferenceOr::Item(path_item) = path_item else {
            continue;
        };
        for (_, operation) in path_item.iter() {
            let body = match &operation.request_body {
                Some(ReferenceOr::Item(body)) => Some(body),
                Some(ReferenceOr::Reference { reference }) => reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|key| request_bodies?.get(key))
                    .and_then(|body| match body {
                        ReferenceOr::Item(body) => Some(body),
                        ReferenceOr::Reference { .. } => None,
                    }),
                None => None,
            };
            let Some(body) = body else { continue };
            if body.content.keys().any(|m| is_json(m)) {
                continue;
            }
            for (media_type, content) in &body.content {
                if let (true, Some(ReferenceOr::Reference { reference })) =
                    (is_multipart(media_type), &content.schema)
                {
                    if let Some(key) = reference.strip_prefix("#/components/schemas/") {
                        keys.insert(key);
                    }
                }
            }
        }
    }
    keys
}

fn is_multipart(media_type: &str) -> bool {
    media_type.split(';').next().unwrap_or_default().trim() == "multipart/form-data"
}

fn location_key(param: &Parameter) -> u8 {
    match param {
        Parameter::Path { .. } => 0,
        Parameter::Query { .. } => 1,
        Parameter::Header { .. } => 2,
        Parameter::Cookie { .. } => 3,
    }
}

/// `application/json` and its `+json` relatives.
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

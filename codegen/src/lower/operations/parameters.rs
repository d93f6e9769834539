//! Lowering an operation's parameters: path-item and operation parameters
//! merged, each one's location, style and type, the names its builder
//! gives them, and whether the client can write its value at all.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr};

use super::{component_key, LeftOut, REQUEST_BUILDER_METHODS};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{FieldKind, Param, ParamLocation, ParamStyle, TypeDef, TypeRef, VariantPayload};
use crate::lower::Lowerer;
use crate::naming;
use crate::pointer::Pointer;

impl<'a> Lowerer<'a> {
    /// Path-item and operation parameters merged (the operation's win), path
    /// parameters first.
    pub(super) fn params(
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
        let mut names = naming::Namespace::with_reserved(REQUEST_BUILDER_METHODS.iter().copied());
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
        let Some((location, style)) = location_and_style(param) else {
            return Err(self.left_out(
                Code::UnsupportedParameter,
                at,
                "cookie parameters are not supported",
            ));
        };
        let data = param.parameter_data_ref();
        if location == ParamLocation::Header && self.is_skipped_header(&data.name, at) {
            return Ok(None);
        }
        let explode = data.explode.unwrap_or(style == ParamStyle::Form);
        let (ty, constraints) = self.param_schema_type(data, at, type_prefix)?;
        let Some((ty, kind)) = self.param_type(&ty) else {
            let what = crate::spelling::type_text(&ty);
            return Err(self.left_out(
                Code::UnsupportedParameter,
                &at.push("schema"),
                &format!("a parameter of type `{what}` cannot be sent: the client sends scalars, enums, lists of those and objects whose properties are those"),
            ));
        };
        self.check_param_style(data, (style, explode), kind, at)?;
        if location == ParamLocation::Path && !data.required {
            self.error(Diagnostic::new(
                Code::OptionalPathParameter,
                at,
                "path parameters are always required; `required: true` is assumed",
            ));
        }
        Ok(Some(Param {
            wire_name: data.name.clone(),
            rust_name: naming::snake(&data.name),
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

    /// Whether the header parameter `name` is reported and skipped: a name
    /// that is no HTTP header name, or one OpenAPI ignores.
    fn is_skipped_header(&mut self, name: &str, at: &Pointer) -> bool {
        if !naming::is_header_name(name) {
            self.error(Diagnostic::new(
                Code::InvalidHeaderName,
                at,
                format!("`{name}` is not a valid HTTP header name"),
            ));
            return true;
        }
        if is_governed_header(name) {
            self.error(
                Diagnostic::new(
                    Code::IgnoredHeaderParameter,
                    at,
                    format!(
                        "OpenAPI ignores a header parameter named `{name}`: the media types and security schemes set that header; the client sets it, not an argument",
                    ),
                )
                .with_hint("remove the parameter; describe the media types under `content` and credentials under `securitySchemes`"),
            );
            return true;
        }
        false
    }

    /// The type of a parameter's schema, as lowered (a list for one value
    /// or many, text for a union of primitives), and its constraints for
    /// the docs; `Err` for a parameter described by `content`.
    fn param_schema_type(
        &mut self,
        data: &'a openapiv3::ParameterData,
        at: &Pointer,
        type_prefix: &str,
    ) -> Result<(TypeRef, Option<String>), LeftOut> {
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(self.left_out(
                Code::UnsupportedParameter,
                &at.push("content"),
                "parameters described by `content` are not supported",
            ));
        };
        let hint = match component_key(at, "parameters") {
            Some(key) => naming::type_name(key),
            None => format!("{type_prefix}{}", naming::type_name(&data.name)),
        };
        let schema_at = at.push("schema");
        let ty = if let Some((index, list)) = self.scalar_or_list(schema) {
            // One value or many: a list, which may hold one. A `null` item
            // cannot be written in a query or a path, so the items are not
            // `Option`s.
            let list_at = schema_at.push(union_keyword(schema)).push(index);
            match self.type_of(list, &list_at, &hint) {
                TypeRef::Array(item) => match *item {
                    TypeRef::Nullable(inner) => TypeRef::Array(inner),
                    item => TypeRef::Array(Box::new(item)),
                },
                other => other,
            }
        } else if is_text_union(schema) {
            TypeRef::String
        } else {
            self.type_of(schema, &schema_at, &hint)
        };
        let constraints = self.param_constraints(schema, &ty);
        Ok((ty, constraints))
    }

    /// Reports a style that cannot write a value of `kind` (at `explode`
    /// where the spec sets it and it is the problem, else at `style`),
    /// which leaves the operation out.
    fn check_param_style(
        &mut self,
        data: &openapiv3::ParameterData,
        (style, explode): (ParamStyle, bool),
        kind: ValueKind,
        at: &Pointer,
    ) -> Result<(), LeftOut> {
        let Err((problem, hint)) = check_style(style, explode, kind) else {
            return Ok(());
        };
        let at = match data.explode {
            Some(_) if problem.contains("explode") => at.push("explode"),
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
        Err(LeftOut)
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
            ReferenceOr::Item(schema) => return crate::lower::constraints::constraints(schema),
            ReferenceOr::Reference { reference } => reference,
        };
        let TypeRef::Named(name) = ty else {
            return None;
        };
        let target = self
            .component_schema(reference)
            .and_then(ReferenceOr::as_item);
        let kind = format!("A [`{name}`](crate::types::{name}).");
        Some(
            match target.and_then(crate::lower::constraints::constraints) {
                Some(own) => format!("{kind} {own}"),
                None => kind,
            },
        )
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
    pub(super) fn unaliased(&self, ty: &TypeRef, depth: usize) -> Option<TypeRef> {
        if depth > crate::lower::types::MAX_DEPTH {
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
    pub(super) fn scalar_type(&self, ty: &TypeRef, depth: usize) -> Option<TypeRef> {
        match self.unaliased(ty, depth)? {
            ty @ (TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Bool) => {
                Some(ty)
            }
            TypeRef::Named(name) => match self.types.get(&name) {
                Some((TypeDef::Enum(_), _)) => Some(TypeRef::Named(name)),
                _ if self.is_text_union(&name, depth + 1) => Some(TypeRef::Named(name)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether `name` is a `oneOf` / `anyOf` without a discriminator whose
    /// alternatives are all scalars (a UUID or a name, say): its value is
    /// sent as its alternative's text, which its `Display` writes.
    pub(in crate::lower) fn is_text_union(&self, name: &str, depth: usize) -> bool {
        if depth > crate::lower::types::MAX_DEPTH {
            return false;
        }
        let Some((TypeDef::OneOf(def), _)) = self.types.get(name) else {
            return false;
        };
        def.discriminator.is_none()
            && def.variants.iter().all(|variant| match &variant.payload {
                VariantPayload::Newtype(ty) => self.displays(ty, depth + 1),
                VariantPayload::Struct(_) => false,
            })
    }

    /// Whether a value of `ty` writes itself as text with `Display`: a
    /// primitive, an enum, a union of those, or an alias of one (never an
    /// `Option`).
    fn displays(&self, ty: &TypeRef, depth: usize) -> bool {
        if depth > crate::lower::types::MAX_DEPTH {
            return false;
        }
        match ty {
            TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Bool => true,
            TypeRef::Named(name) => match self.types.get(name) {
                Some((TypeDef::Enum(_), _)) => true,
                Some((TypeDef::Alias(alias), _)) => self.displays(&alias.target, depth + 1),
                Some((TypeDef::OneOf(_), _)) => self.is_text_union(name, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// For a parameter schema that is a `oneOf` / `anyOf` of a scalar and a
    /// list of scalars of the same primitive type (one value or many:
    /// `oneOf: [{type: string}, {type: array, items: {$ref: Snowflake}}]`),
    /// the list alternative and its index. The items may be a `$ref` to a
    /// component, `nullable` or wrapped in a lone `allOf`, as 3.1's
    /// `anyOf: [{type: "null"}, {$ref}]` arrives here.
    fn scalar_or_list(
        &self,
        schema: &'a ReferenceOr<openapiv3::Schema>,
    ) -> Option<(usize, &'a ReferenceOr<openapiv3::Schema>)> {
        let ReferenceOr::Item(schema) = schema else {
            return None;
        };
        let crate::lower::shape::Shape::Union { alternatives, .. } =
            crate::lower::shape::classify(schema)
        else {
            return None;
        };
        let [first, second] = alternatives else {
            return None;
        };
        let items_of = |list: &'a ReferenceOr<openapiv3::Schema>| match list {
            ReferenceOr::Item(openapiv3::Schema {
                schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)),
                ..
            }) => array.items.as_ref().map(|items| items.clone().unbox()),
            _ => None,
        };
        let same = |scalar: &'a ReferenceOr<openapiv3::Schema>, list| {
            let scalar = self.primitive_type(scalar, 0)?;
            let item = self.primitive_type(&items_of(list)?, 0)?;
            (scalar == item).then_some(())
        };
        if same(first, second).is_some() {
            Some((1, second))
        } else if same(second, first).is_some() {
            Some((0, first))
        } else {
            None
        }
    }

    /// The component schema a `#/components/schemas/KEY` reference names,
    /// as written; `None` for any other reference.
    fn component_schema(&self, reference: &str) -> Option<&'a ReferenceOr<openapiv3::Schema>> {
        let key = reference.strip_prefix("#/components/schemas/")?;
        self.spec.components.as_ref()?.schemas.get(key)
    }

    /// The primitive type (`string`, `integer`, `number`, `boolean`) of a
    /// schema without an enum, with a format that changes its Rust type,
    /// through `$ref`s to components, a lone `allOf` and `nullable`;
    /// `None` for anything else.
    fn primitive_type(
        &self,
        schema: &ReferenceOr<openapiv3::Schema>,
        depth: usize,
    ) -> Option<Primitive> {
        if depth > crate::lower::types::MAX_DEPTH {
            return None;
        }
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                return self.primitive_type(self.component_schema(reference)?, depth + 1);
            }
        };
        // A format that gives the value a type of its own is part of what
        // must match; an enum restricts the values, so it never matches.
        match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::String(string))
                if string.enumeration.is_empty() =>
            {
                Some(("string", typed("string", &string.format)))
            }
            openapiv3::SchemaKind::Type(openapiv3::Type::Integer(integer))
                if integer.enumeration.is_empty() =>
            {
                Some(("integer", typed("integer", &integer.format)))
            }
            openapiv3::SchemaKind::Type(openapiv3::Type::Number(number))
                if number.enumeration.is_empty() =>
            {
                Some(("number", typed("number", &number.format)))
            }
            openapiv3::SchemaKind::Type(openapiv3::Type::Boolean(boolean))
                if boolean.enumeration.is_empty() =>
            {
                Some(("boolean", None))
            }
            openapiv3::SchemaKind::Any(any)
                if any.one_of.is_empty()
                    && any.all_of.is_empty()
                    && any.any_of.is_empty()
                    && any.enumeration.is_empty() =>
            {
                let kind = match any.typ.as_deref()? {
                    "string" => "string",
                    "integer" => "integer",
                    "number" => "number",
                    "boolean" => "boolean",
                    _ => return None,
                };
                let format = any.format.as_deref().filter(|f| !is_text_format(kind, f));
                Some((kind, format.map(str::to_owned)))
            }
            openapiv3::SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [only] => self.primitive_type(only, depth + 1),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether `name` is a struct whose properties and additional
    /// properties are scalars (or, where `lists`, lists of scalars too):
    /// an object a parameter or form writes as `key=value` pairs.
    pub(super) fn is_flat_struct(&self, name: &str, lists: bool) -> bool {
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
}

/// Where a parameter goes and its style; `None` for a cookie parameter,
/// which the client cannot send.
fn location_and_style(param: &Parameter) -> Option<(ParamLocation, ParamStyle)> {
    Some(match param {
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
        Parameter::Cookie { .. } => return None,
    })
}

/// Whether a parameter's schema is a `oneOf` / `anyOf` of primitives
/// (`identifier`: an email or an ID). Whatever the alternative, the value
/// travels as text, so the parameter is a `String`.
fn is_text_union(schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    let ReferenceOr::Item(schema) = schema else {
        return false;
    };
    match crate::lower::shape::classify(schema) {
        crate::lower::shape::Shape::Union { alternatives, .. } => alternatives.iter().all(|alternative| {
            matches!(alternative, ReferenceOr::Item(item) if crate::lower::shape::is_primitive(item))
        }),
        _ => false,
    }
}

/// What kind of value a parameter holds, which decides how its style
/// writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ValueKind {
    /// A primitive or an enum value.
    Scalar,
    /// A list of scalars.
    List,
    /// An object (a struct or map) of scalars.
    Object,
    /// An object holding lists or objects (a form property, never a
    /// parameter).
    Nested,
}

/// Whether `style` with `explode` writes a value of `kind`, per the
/// OpenAPI 3.0 table of styles; else what is wrong and a hint.
pub(super) fn check_style(
    style: ParamStyle,
    explode: bool,
    kind: ValueKind,
) -> Result<(), (&'static str, &'static str)> {
    match (style, explode, kind) {
        (ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited, true, ValueKind::List | ValueKind::Object | ValueKind::Nested) => Err((
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

/// A primitive type and the format that gives it a Rust type of its own.
type Primitive = (&'static str, Option<String>);

/// A schema's format where it gives the value a Rust type of its own
/// (`int32`, `uuid`, `date-time`); `None` for one that leaves it as it is
/// (`email`, a vendor's `snowflake`), so that such formats match.
fn typed<F: std::fmt::Debug>(
    kind: &str,
    format: &openapiv3::VariantOrUnknownOrEmpty<F>,
) -> Option<String> {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(known) => {
            Some(format!("{known:?}").to_ascii_lowercase())
        }
        openapiv3::VariantOrUnknownOrEmpty::Unknown(other) if !is_text_format(kind, other) => {
            Some(other.clone())
        }
        _ => None,
    }
}

/// Whether `format` leaves a value of `kind` as plain text or number:
/// every format but those the generator gives a type (`uuid`, dates) and
/// the sizes of integers and numbers.
fn is_text_format(kind: &str, format: &str) -> bool {
    match format {
        "uuid" | "date" | "date-time" => false,
        "int32" | "int64" | "uint32" | "uint64" | "float" | "double" => {
            !matches!(kind, "integer" | "number")
        }
        _ => true,
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

fn location_key(param: &Parameter) -> u8 {
    match param {
        Parameter::Path { .. } => 0,
        Parameter::Query { .. } => 1,
        Parameter::Header { .. } => 2,
        Parameter::Cookie { .. } => 3,
    }
}

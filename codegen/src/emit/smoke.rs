//! Emits `tests/smoke.rs` (with [`Options::smoke_tests`](crate::Options)):
//! one `#[tokio::test]` per tag of the spec that sends one request to a
//! `wiremock` server on loopback and checks that it arrived.
//!
//! ```ignore
//! /// `Email Campaigns`: `GET /emailCampaigns` (`getEmailCampaigns`).
//! #[tokio::test]
//! async fn smoke_email_campaigns() {
//!     let server = MockServer::start().await;
//!     Mock::given(method("GET"))
//!         .and(path("/emailCampaigns"))
//!         .and(header("api-key", "smoke-key"))
//!         .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"count":1}"#, "application/json"))
//!         .expect(1)
//!         .mount(&server)
//!         .await;
//!     let result = client(&server).get_email_campaigns().await;
//!     assert!(result.is_ok(), "{result:?}");
//! }
//! ```
//!
//! Per tag (operations without tags form the group `untagged`; tags with the
//! same snake-case name are one group) the first operation in document order
//! that can be called with sample arguments is used, a GET if there is one.
//! Arguments come from the IR alone: path parameters `"smoke-id"` (or `1`,
//! `true`, an enum's first value), required query and header parameters
//! `"smoke"`, `1`, `1.0`, `true`, an enum's first value or `&[]`; optional
//! ones are left unset. A required request body (and the mocked response body) is a sample
//! JSON value with the required fields only, decoded into the body's type;
//! in a multipart body every file field is then set to a `FilePart`.

use std::fmt::Write as _;
use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, inner_doc_attrs};
use crate::ir::{
    Api, AuthScheme, Body, BodyMedia, CredentialKind, EnumRepr, Field, FieldKind, FormPart,
    KeyLocation, Method, OneOfDef, Operation, Param, ParamLocation, ParamStyle, PartKind,
    PathSegment, TypeDef, TypeRef, VariantPayload,
};
use crate::naming;
use crate::spelling::{ident, mentions_types, type_tokens, Scope};

/// How deep a sample value may nest named types; a type that needs more
/// (a required field that refers back to its own type) has no sample.
const MAX_DEPTH: usize = 12;

/// How many named types one sample value may expand in all.
const MAX_NODES: usize = 2_000;

/// The credential the smoke tests send and expect.
const SMOKE_KEY: &str = "smoke-key";

/// The user name the smoke tests send with HTTP basic authentication.
const SMOKE_USER: &str = "smoke";

/// `Authorization` for user `smoke` and password `smoke-key`:
/// `Basic` and the base64 of `smoke:smoke-key`.
const SMOKE_BASIC: &str = "Basic c21va2U6c21va2Uta2V5";

/// The group of operations without tags.
const UNTAGGED: &str = "untagged";

/// Tags with their operations, in order of first appearance.
struct Group<'a> {
    /// The tag as the spec writes it (the first spelling seen).
    tag: String,
    /// `smoke_{tag in snake case}`.
    test_name: String,
    /// Its operations, in document order.
    operations: Vec<&'a Operation>,
}

/// One request a smoke test sends, everything synthesised.
struct Call<'a> {
    /// The operation called.
    op: &'a Operation,
    /// The arguments of the method, in order.
    args: Vec<TokenStream>,
    /// Statements that build `body` before the call, when there is a body.
    body: TokenStream,
    /// The path the server must see: parameters filled in and encoded.
    path: String,
    /// The status the mock answers with.
    status: u16,
    /// The JSON text the mock answers with; `None` for no body.
    response: Option<String>,
    /// Whether the call spells a type as `types::Name`.
    uses_types: bool,
}

/// The whole `tests/smoke.rs` file for the crate `crate_ident`.
pub fn smoke_module(api: &Api, crate_ident: &str) -> TokenStream {
    let krate = ident(crate_ident);
    let groups = groups(api);
    let mut tests = Vec::new();
    let mut skipped = Vec::new();
    let mut uses_types = false;
    for group in &groups {
        match choose(api, &group.operations, &krate) {
            Some(call) => {
                uses_types |= call.uses_types;
                tests.push(test_fn(api, group, &call));
            }
            None => skipped.push(format!("- `{}`", group.tag)),
        }
    }
    let skipped = (!skipped.is_empty()).then(|| {
        format!(
            "No operation of these tags can be called with sample arguments, so they have no test:\n\n{}",
            skipped.join("\n")
        )
    });
    let docs = inner_doc_attrs([
        Some("Smoke tests: one request per tag of the API to a local server, which checks the method, the path, the credential header and that exactly one request came."),
        Some("Arguments and bodies are samples built from the spec (required fields only); any error fails the test (a 2xx is never one, whatever its body)."),
        skipped.as_deref(),
    ]);
    if tests.is_empty() {
        return docs;
    }
    let helper = client_fn(api);
    let header_import = api
        .auth
        .iter()
        .any(|s| {
            !matches!(
                s.kind,
                CredentialKind::ApiKey {
                    location: KeyLocation::Query,
                    ..
                }
            )
        })
        .then(|| quote! { header, });
    let query_import = api
        .auth
        .iter()
        .any(|s| {
            matches!(
                s.kind,
                CredentialKind::ApiKey {
                    location: KeyLocation::Query,
                    ..
                }
            )
        })
        .then(|| quote! { query_param, });
    let types_import = uses_types.then(|| quote! { use #krate::types; });
    // With some groups off, their tests are too, and the imports they use
    // go unused.
    let some_groups = (!api.groups.is_empty()).then(|| {
        let all = crate::lower::ALL_GROUPS;
        quote! { #[cfg_attr(not(feature = #all), allow(unused_imports))] }
    });
    // `cargo fmt` formats test files too, and `#![rustfmt::skip]` is not
    // stable: the tests are in a module that says it.
    quote! {
        #docs

        /// The tests, one per tag, as the generator formats them.
        #[rustfmt::skip]
        #some_groups
        mod smoke {
            #types_import
            use #krate::{Client, RetryPolicy};
            use wiremock::matchers::{#header_import method, path, #query_import};
            use wiremock::{Mock, MockServer, ResponseTemplate};

            #helper

            #(#tests)*
        }
    }
}

/// The operations grouped by tag, groups in order of first appearance.
fn groups(api: &Api) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for op in &api.operations {
        let untagged = [UNTAGGED.to_owned()];
        let tags = if op.tags.is_empty() {
            &untagged[..]
        } else {
            &op.tags[..]
        };
        for tag in tags {
            let test_name = test_name(tag);
            match groups.iter_mut().find(|g| g.test_name == test_name) {
                Some(group) => {
                    if !group.operations.iter().any(|o| std::ptr::eq(*o, op)) {
                        group.operations.push(op);
                    }
                }
                None => groups.push(Group {
                    tag: tag.clone(),
                    test_name,
                    operations: vec![op],
                }),
            }
        }
    }
    groups
}

/// `smoke_email_campaigns` for `Email Campaigns`.
fn test_name(tag: &str) -> String {
    format!("smoke_{}", naming::snake(tag).trim_matches('_'))
}

/// The first operation of `operations` that can be called with samples,
/// preferring a GET.
fn choose<'a>(
    api: &Api,
    operations: &[&'a Operation],
    krate: &proc_macro2::Ident,
) -> Option<Call<'a>> {
    let gets = operations.iter().filter(|op| op.method == Method::Get);
    let others = operations.iter().filter(|op| op.method != Method::Get);
    gets.chain(others).find_map(|op| call(api, op, krate))
}

/// The synthesised call of `op`, or `None` when a required argument or the
/// body has no sample.
fn call<'a>(api: &Api, op: &'a Operation, krate: &proc_macro2::Ident) -> Option<Call<'a>> {
    // Optional inputs are left unset on the request builder.
    let mut args = op
        .params
        .iter()
        .filter(|param| param.required)
        .map(|param| param_arg(api, param))
        .collect::<Option<Vec<_>>>()?;
    let body = match &op.body {
        Some(body) if body.required => {
            let statements = body_statements(api, body, krate)?;
            args.push(quote! { &body });
            statements
        }
        _ => TokenStream::new(),
    };
    let uses_types = op
        .params
        .iter()
        .any(|p| p.required && mentions_types(&p.ty))
        || op
            .body
            .as_ref()
            .is_some_and(|b| b.required && mentions_types(&b.ty));
    let response = op
        .success
        .ty
        .as_ref()
        .map(|ty| Sampler::value(api, ty).map_or_else(|| "{}".to_owned(), |s| s.to_json()));
    Some(Call {
        op,
        args,
        body,
        path: filled_path(api, op),
        status: op.success.statuses.first().copied().unwrap_or(200),
        response,
        uses_types,
    })
}

/// The sample passed for the required `param`, or `None` when it has none.
fn param_arg(api: &Api, param: &Param) -> Option<TokenStream> {
    // The sample path is the template filled in as one `simple` segment
    // per parameter.
    let simple_path = param.style == ParamStyle::Simple && !matches!(param.ty, TypeRef::Array(_));
    if param.location == ParamLocation::Path && !simple_path {
        return None;
    }
    Some(match &param.ty {
        TypeRef::String if param.location == ParamLocation::Path => quote! { "smoke-id" },
        TypeRef::String => quote! { "smoke" },
        TypeRef::Integer(_) => quote! { 1 },
        TypeRef::Number(_) => quote! { 1.0 },
        TypeRef::Bool => quote! { true },
        TypeRef::Array(_) => quote! { &[] },
        TypeRef::Named(name) => {
            let value = enum_value(api, name)?;
            let value = match api.types.get(name) {
                Some(TypeDef::Enum(def)) if def.repr != EnumRepr::String => {
                    Literal::from_str(value)
                        .ok()
                        .map(|literal| quote! { #literal })?
                }
                _ => quote! { #value },
            };
            let name = ident(name);
            quote! { &types::#name::from(#value) }
        }
        TypeRef::Json
        | TypeRef::Binary
        | TypeRef::Bytes
        | TypeRef::Map(_)
        | TypeRef::Nullable(_) => return None,
    })
}

/// The first known value of the enum `name` (`smoke` when it lists none);
/// `None` when `name` is not an enum.
fn enum_value<'a>(api: &'a Api, name: &str) -> Option<&'a str> {
    match api.types.get(name) {
        Some(TypeDef::Enum(def)) => Some(
            def.variants
                .first()
                .map_or("smoke", |v| v.wire_name.as_str()),
        ),
        _ => None,
    }
}

/// The path the server sees: the template with each parameter's sample
/// value, percent-encoded as the client encodes a path segment.
fn filled_path(api: &Api, op: &Operation) -> String {
    let mut path = String::new();
    for segment in &op.path_segments {
        match segment {
            PathSegment::Literal(text) => path.push_str(text),
            PathSegment::Param(wire) => {
                let param = op
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && &p.wire_name == wire);
                let value = match param.map(|p| &p.ty) {
                    Some(TypeRef::Integer(_) | TypeRef::Number(_)) => "1",
                    Some(TypeRef::Bool) => "true",
                    Some(TypeRef::Named(name)) => enum_value(api, name).unwrap_or("smoke-id"),
                    _ => "smoke-id",
                };
                path.push_str(&encode_segment(value));
            }
        }
    }
    path
}

/// Percent-encodes every byte but ASCII letters, digits and `-._~`, as the
/// generated client's `path_segment` does.
fn encode_segment(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// `let sample = r#"{..}"#;` and
/// `let body = serde_json::from_str::<types::X>(sample).expect(..);`,
/// and for a multipart body `body.file = FilePart::new(..);` for each file
/// field. `None` when the body's type has no sample.
fn body_statements(api: &Api, body: &Body, krate: &proc_macro2::Ident) -> Option<TokenStream> {
    if !matches!(body.ty, TypeRef::Named(_)) && contains_binary(&body.ty) {
        return None;
    }
    if let BodyMedia::MultipartUnion(variants) = &body.media {
        let files = variants.iter().flat_map(|variant| &variant.parts);
        if files.into_iter().any(|part| part.kind == PartKind::File) {
            return None;
        }
    }
    let json = Sampler::value(api, &body.ty)?.to_json();
    let ty = type_tokens(&body.ty, Scope::Crate);
    let text = string_literal(&json);
    let files = file_fields(body);
    let assignments = files.iter().map(|part| {
        let member = ident(&part.rust_name);
        let file = quote! { #krate::FilePart::new("smoke.txt", b"smoke".to_vec()) };
        if !part.optional {
            quote! { body.#member = #file; }
        } else {
            quote! { body.#member = Some(#file); }
        }
    });
    let binding = if files.is_empty() {
        quote! { body }
    } else {
        quote! { mut body }
    };
    Some(quote! {
        let sample = #text;
        let #binding = serde_json::from_str::<#ty>(sample).expect("the sample body decodes");
        #(#assignments)*
    })
}

/// The file parts of a multipart body.
fn file_fields(body: &Body) -> Vec<&FormPart> {
    match &body.media {
        BodyMedia::Multipart(parts) => parts.iter().filter(|p| p.kind == PartKind::File).collect(),
        // Inside a variant: the sample is not given files (see the caller).
        BodyMedia::MultipartUnion(_) => Vec::new(),
        BodyMedia::Json | BodyMedia::Form(_) | BodyMedia::Text | BodyMedia::Binary => Vec::new(),
    }
}

/// Whether `ty` spells `FilePart` outside a named type (which the test
/// crate could not name as `crate::FilePart`).
fn contains_binary(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Binary => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            contains_binary(inner)
        }
        _ => false,
    }
}

/// A sample JSON value, with object members in document order (so the text
/// never depends on how `serde_json` orders maps).
enum Sample {
    /// `null`.
    Null,
    /// `true`.
    Bool,
    /// `1`.
    Integer,
    /// `1.0`.
    Number,
    /// A string.
    Text(String),
    /// A number as JSON writes it (a value of a number enum).
    Literal(String),
    /// `[]`.
    EmptyArray,
    /// An object.
    Object(Vec<(String, Sample)>),
}

impl Sample {
    /// The value as compact JSON.
    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// Appends the value as compact JSON to `out`.
    fn write(&self, out: &mut String) {
        match self {
            Self::Null => out.push_str("null"),
            Self::Bool => out.push_str("true"),
            Self::Integer => out.push('1'),
            Self::Number => out.push_str("1.0"),
            Self::Text(text) => out.push_str(&json_string(text)),
            Self::Literal(text) => out.push_str(text),
            Self::EmptyArray => out.push_str("[]"),
            Self::Object(members) => {
                out.push('{');
                for (index, (key, value)) in members.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    out.push_str(&json_string(key));
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// `text` as a JSON string.
fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// Builds sample values, within a budget of [`MAX_NODES`] named types per
/// value, so that a schema graph that fans out (each type requiring several
/// others) cannot make generation slow.
struct Sampler<'a> {
    /// Where named types are looked up.
    api: &'a Api,
    /// Named types the current value may still expand.
    left: usize,
}

impl<'a> Sampler<'a> {
    /// A value of type `ty` with the required fields only (see
    /// [`Sampler::sample`]), or `None`.
    fn value(api: &'a Api, ty: &TypeRef) -> Option<Sample> {
        Self {
            api,
            left: MAX_NODES,
        }
        .sample(ty, 0)
    }

    /// A value of type `ty` with the required fields only: strings
    /// `"smoke"`, numbers `1`, booleans `true`, enums their first value,
    /// arrays `[]`, maps and any JSON `{}`, files `[]` (bytes), nullable
    /// `null`, a `oneOf` its first alternative that has a sample. `None`
    /// past [`MAX_DEPTH`] nested named types, past the budget, or for a type
    /// the API does not define.
    fn sample(&mut self, ty: &TypeRef, depth: usize) -> Option<Sample> {
        Some(match ty {
            TypeRef::String => Sample::Text("smoke".to_owned()),
            TypeRef::Integer(_) => Sample::Integer,
            TypeRef::Number(_) => Sample::Number,
            TypeRef::Bool => Sample::Bool,
            TypeRef::Json | TypeRef::Map(_) => Sample::Object(Vec::new()),
            TypeRef::Binary | TypeRef::Array(_) => Sample::EmptyArray,
            TypeRef::Bytes => return None,
            TypeRef::Nullable(_) => Sample::Null,
            TypeRef::Named(name) => {
                if depth >= MAX_DEPTH || self.left == 0 {
                    return None;
                }
                self.left -= 1;
                let api = self.api;
                match api.types.get(name)? {
                    TypeDef::Struct(def) => self.object(&def.fields, depth + 1)?,
                    TypeDef::Enum(def) if def.repr != EnumRepr::String => {
                        Sample::Literal(def.variants.first()?.wire_name.clone())
                    }
                    TypeDef::Enum(def) => Sample::Text(
                        def.variants
                            .first()
                            .map_or_else(|| "smoke".to_owned(), |v| v.wire_name.clone()),
                    ),
                    TypeDef::Alias(def) => self.sample(&def.target, depth + 1)?,
                    TypeDef::OneOf(def) => self.one_of(def, depth + 1)?,
                    TypeDef::Null(_) => Sample::Null,
                }
            }
        })
    }

    /// The first alternative of a `oneOf` that has a sample.
    fn one_of(&mut self, def: &OneOfDef, depth: usize) -> Option<Sample> {
        def.variants
            .iter()
            .find_map(|variant| match &variant.payload {
                VariantPayload::Newtype(ty) => self.sample(ty, depth),
                VariantPayload::Struct(fields) => self.object(fields, depth),
            })
    }

    /// An object with the required properties of `fields`; a required
    /// flattened field adds the members of its own sample, which must be an
    /// object.
    fn object(&mut self, fields: &[Field], depth: usize) -> Option<Sample> {
        let mut members = Vec::new();
        for field in fields.iter().filter(|f| f.required) {
            // A date is valid text, which the `chrono` feature reads too.
            let value = match field.date_type() {
                Some("Date") => Sample::Text("2024-01-31".to_owned()),
                Some(_) => Sample::Text("2024-01-31T12:00:00Z".to_owned()),
                None => self.sample(&field.ty, depth)?,
            };
            match field.kind {
                FieldKind::Property => members.push((field.wire_name.clone(), value)),
                FieldKind::Flatten => match value {
                    Sample::Object(inner) => members.extend(inner),
                    _ => return None,
                },
                // The empty map adds no member.
                FieldKind::Additional => {}
            }
        }
        Some(Sample::Object(members))
    }
}

/// A string literal for `text`: raw (with as few `#` as it needs) when it
/// holds `"` or `\`, so JSON stays readable.
fn string_literal(text: &str) -> TokenStream {
    let plain = quote! { #text };
    if !text.contains(['"', '\\']) {
        return plain;
    }
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    match Literal::from_str(&format!("r{fence}\"{text}\"{fence}")) {
        Ok(literal) => quote! { #literal },
        Err(_) => plain,
    }
}

/// `fn client(server: &MockServer) -> Client`: a client for the mock
/// server with every credential set (`smoke-key`; user `smoke` for basic
/// authentication) that never retries.
fn client_fn(api: &Api) -> TokenStream {
    let credentials = api.auth.iter().map(|scheme| {
        let setter = ident(&scheme.rust_name);
        match scheme.kind {
            CredentialKind::Basic => quote! { .#setter(#SMOKE_USER, #SMOKE_KEY) },
            _ => quote! { .#setter(#SMOKE_KEY) },
        }
    });
    let doc = if api.auth.is_empty() {
        " A client for `server` that never retries.".to_owned()
    } else {
        format!(
            " A client for `server` with every credential set to `{SMOKE_KEY}` that never retries."
        )
    };
    quote! {
        #[doc = #doc]
        fn client(server: &MockServer) -> Client {
            Client::builder()
                #(#credentials)*
                .base_url(server.uri())
                .retry_policy(RetryPolicy::disabled())
                .build()
                .expect("the client builds")
        }
    }
}

/// The matchers for the credentials `op` is sent with: those of the first
/// requirement of its security (all of them when the spec says nothing).
fn credential_matchers(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let sent: Vec<&AuthScheme> = match &op.security {
        None => api.auth.iter().collect(),
        Some(requirements) => requirements
            .first()
            .map(|schemes| {
                schemes
                    .iter()
                    .filter_map(|key| api.auth.iter().find(|s| &s.scheme == key))
                    .collect()
            })
            .unwrap_or_default(),
    };
    sent.iter()
        .map(|scheme| match &scheme.kind {
            CredentialKind::ApiKey {
                location: KeyLocation::Header,
                name,
            } => quote! { .and(header(#name, #SMOKE_KEY)) },
            CredentialKind::ApiKey {
                location: KeyLocation::Query,
                name,
            } => quote! { .and(query_param(#name, #SMOKE_KEY)) },
            CredentialKind::ApiKey {
                location: KeyLocation::Cookie,
                name,
            } => {
                let cookie = format!("{name}={SMOKE_KEY}");
                quote! { .and(header("cookie", #cookie)) }
            }
            CredentialKind::Bearer { .. } => {
                let value = format!("Bearer {SMOKE_KEY}");
                quote! { .and(header("authorization", #value)) }
            }
            CredentialKind::Basic => quote! { .and(header("authorization", #SMOKE_BASIC)) },
        })
        .collect()
}

/// One `#[tokio::test]`: mount a mock for the call's method, path and
/// credential that expects one request, make the call, accept `Ok` or a
/// decode error.
fn test_fn(api: &Api, group: &Group<'_>, call: &Call<'_>) -> TokenStream {
    let name = ident(&group.test_name);
    let op = call.op;
    let summary = format!(
        "`{}`: `{} {}` (`{}`).",
        group.tag,
        op.method.as_str(),
        op.path,
        op.operation_id
    );
    let docs = doc_attrs([Some(summary.as_str())]);
    let method = op.method.as_str();
    let path = &call.path;
    let credential = credential_matchers(api, op);
    let status = Literal::u16_unsuffixed(call.status);
    let response = match &call.response {
        Some(json) => {
            let text = string_literal(json);
            quote! { ResponseTemplate::new(#status).set_body_raw(#text, "application/json") }
        }
        None => quote! { ResponseTemplate::new(#status) },
    };
    let body = &call.body;
    // Through the group's handle, where the crate has methods by group.
    let method_name = super::groups::method_path(op);
    let args = &call.args;
    let cfg = super::gate::operation(op);
    quote! {
        #docs
        #cfg
        #[tokio::test]
        async fn #name() {
            let server = MockServer::start().await;
            Mock::given(method(#method))
                .and(path(#path))
                #(#credential)*
                .respond_with(#response)
                .expect(1)
                .mount(&server)
                .await;
            #body
            let result = client(&server).#method_name(#(#args),*).await;
            assert!(
                result.is_ok(),
                "unexpected result: {result:?}"
            );
        }
    }
}

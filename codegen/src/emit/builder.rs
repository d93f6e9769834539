//! Emits the module `builder` of `operations.rs`: one request builder per
//! operation, which the operation's `Client` method returns with its
//! required inputs. Optional inputs are set by the builder's methods, so a
//! new optional parameter in the spec adds a method and breaks no call.
//! Every builder also takes the call's own settings (`timeout`,
//! `retry_policy`, `header`, `deadline`). `.await` (through `IntoFuture`)
//! or `send()` sends the request and gives the body (as
//! [`crate::spelling::return_tokens`] spells it), `send_with_response()`
//! the status, headers and rate-limit information too. All three are the
//! runtime's `Sending` future (`sending.rs`), not state machines of their
//! own.
//!
//! ```ignore
//! pub struct GetItems<'a> { client: &'a Client, id: &'a str, limit: Option<i64> }
//! impl<'a> GetItems<'a> {
//!     pub fn limit(mut self, limit: i64) -> Self { .. }
//!     pub fn timeout(mut self, timeout: Duration) -> Self { .. } // and retry_policy, header, deadline
//!     pub fn send(self) -> Sending<'a, T> { .. } // Accepted<T> for a POST or PATCH
//!     pub fn send_with_response(self) -> Sending<'a, ApiResponse<T>> { .. }
//! }
//! impl<'a> IntoFuture for GetItems<'a> { type IntoFuture = Sending<'a, T>; .. }
//! ```

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, one_line};
use super::locals::Locals;
use crate::ir::{
    Body, BodyMedia, Operation, Param, ParamLocation, ParamStyle, ResponseMedia, TypeRef,
};
use crate::spelling::{ident, mentions_types, return_tokens, type_tokens, Scope};

/// One input of an operation: a parameter or the body.
pub(super) struct Input<'o> {
    /// The builder's field, and the method's argument or the setter.
    pub name: Ident,
    /// Whether the method takes it (else a setter sets it).
    pub required: bool,
    /// Its type as the method takes it or the setter sets it, borrowed for
    /// the builder's lifetime `'a` (`&'a str`, `&'a [i64]`, `i64`).
    pub ty: TokenStream,
    /// Whether [`Input::ty`] borrows (is a reference).
    pub borrows: bool,
    /// Whether the method or setter takes `impl Into<ty>` and converts it
    /// (a binary body, an `UploadBody` from bytes, a stream or a file).
    pub converts: bool,
    /// The parameter, or `None` for the body.
    pub param: Option<&'o Param>,
}

/// The inputs of an operation, with the names its builder gives them.
pub(super) struct Inputs<'o> {
    /// The builder's field that holds the client.
    pub client: Ident,
    /// The builder's field that holds the call's settings (timeout, retry
    /// policy, extra headers, deadline).
    pub settings: Ident,
    /// Parameters in the IR's order, then the body: the order the request
    /// preparation takes them.
    pub inputs: Vec<Input<'o>>,
}

impl Inputs<'_> {
    /// The inputs the method takes.
    pub fn required(&self) -> impl Iterator<Item = &Input<'_>> {
        self.inputs.iter().filter(|input| input.required)
    }

    /// The inputs set by the builder's methods.
    pub fn optional(&self) -> impl Iterator<Item = &Input<'_>> {
        self.inputs.iter().filter(|input| !input.required)
    }
}

/// The inputs of `op`, their types borrowed for `'a`.
pub(super) fn inputs(op: &Operation) -> Inputs<'_> {
    let mut locals = Locals::new(op.params.iter().map(|p| p.rust_name.as_str()));
    let mut inputs: Vec<Input<'_>> = op
        .params
        .iter()
        .map(|param| {
            let (ty, borrows) = borrowed(&param.ty);
            Input {
                name: ident(&param.rust_name),
                required: param.required,
                ty,
                borrows,
                converts: false,
                param: Some(param),
            }
        })
        .collect();
    if let Some(body) = &op.body {
        let (ty, borrows) = borrowed_body(body);
        inputs.push(Input {
            name: locals.name("body"),
            required: body.required,
            ty,
            borrows,
            converts: matches!(body.media, BodyMedia::Binary),
            param: None,
        });
    }
    Inputs {
        client: locals.name("client"),
        settings: locals.name("settings"),
        inputs,
    }
}

/// How a parameter of type `ty` is held, and whether that borrows:
/// strings as `&str`, lists as slices, enums, objects and maps by
/// reference, the rest by value.
fn borrowed(ty: &TypeRef) -> (TokenStream, bool) {
    match ty {
        TypeRef::String => (quote! { &'a str }, true),
        TypeRef::Array(item) => {
            let item = type_tokens(item, Scope::Crate);
            (quote! { &'a [#item] }, true)
        }
        TypeRef::Named(_) | TypeRef::Map(_) => {
            let ty = type_tokens(ty, Scope::Crate);
            (quote! { &'a #ty }, true)
        }
        _ => (type_tokens(ty, Scope::Crate), false),
    }
}

/// How the body is held, and whether that borrows: text as `&str`, a
/// binary body as an `UploadBody`, any other by reference.
fn borrowed_body(body: &Body) -> (TokenStream, bool) {
    match (&body.media, &body.ty) {
        (BodyMedia::Text, _) | (_, TypeRef::String) => (quote! { &'a str }, true),
        (BodyMedia::Binary, _) => (quote! { crate::UploadBody }, false),
        (_, ty) => {
            let ty = type_tokens(ty, Scope::Crate);
            (quote! { &'a #ty }, true)
        }
    }
}

/// The module `builder`, with every operation's request builder.
pub fn builder_part(operations: &[&Operation], reexports: TokenStream) -> TokenStream {
    let any_unit = operations.iter().any(|op| op.success.ty.is_none());
    let response_import = if any_unit {
        quote! { use crate::response::{ApiResponse, RawResponse}; }
    } else {
        quote! { use crate::response::ApiResponse; }
    };
    let accepted_import = operations
        .iter()
        .any(|op| op.success.is_json() && !op.idempotent)
        .then(|| quote! { use crate::accepted::Accepted; });
    let types_import = operations
        .iter()
        .any(|op| {
            op.params.iter().any(|p| mentions_types(&p.ty))
                || op.body.as_ref().is_some_and(|b| mentions_types(&b.ty))
                || op.success.ty.as_ref().is_some_and(mentions_types)
                || op
                    .streaming
                    .as_ref()
                    .is_some_and(|s| mentions_types(&s.item))
        })
        .then(|| quote! { use crate::types; });
    let builders = operations.iter().map(|op| builder(op));
    let streams = super::streams::stream_impls(operations);
    // A group's module with methods by group: its handle's methods return
    // them, not `Client`'s.
    let returned_by = match operations.first().and_then(|op| op.group_method.as_ref()) {
        Some(method) => {
            let first = format!(
                " The requests the methods of [`{0}`](super::{0}) return. Each",
                method.handle
            );
            quote! {
                #[doc = #first]
                /// holds the operation's inputs: the method takes the
                /// required ones, and the builder's methods set the optional
                /// ones. `.await` it to send it and get the body, or call
                /// `send_with_response` for the status, headers and
                /// rate-limit information too.
            }
        }
        None => quote! {
            /// The requests the methods of [`Client`] return. Each holds the
            /// operation's inputs: the method takes the required ones, and
            /// the builder's methods set the optional ones. `.await` it to
            /// send it and get the body, or call `send_with_response` for the
            /// status, headers and rate-limit information too.
        },
    };
    quote! {
        #returned_by
        pub mod builder {
            use std::future::IntoFuture;

            #accepted_import
            use crate::client::Client;
            use crate::error::Error;
            #response_import
            use crate::retry::RetryPolicy;
            use crate::sending::{self, Sending};
            use crate::settings::{CallSettings, Deadline};
            #types_import

            #(#builders)*
            #streams
            #reexports
        }
    }
}

/// The builder of `op`: its struct, setters, `send`, `send_with_response`
/// and `IntoFuture`.
fn builder(op: &Operation) -> TokenStream {
    let Inputs {
        client,
        settings,
        inputs,
    } = inputs(op);
    let name = ident(&op.builder_name);
    let fields = inputs.iter().map(|input| {
        let field = &input.name;
        let ty = &input.ty;
        if input.required {
            quote! { pub(crate) #field: #ty, }
        } else {
            quote! { pub(crate) #field: Option<#ty>, }
        }
    });
    let setters = inputs.iter().filter(|input| !input.required).map(|input| {
        let field = &input.name;
        let ty = &input.ty;
        let docs = input_doc(input);
        let docs = doc_attrs([Some(docs.as_str())]);
        if input.converts {
            quote! {
                #docs
                pub fn #field(mut self, #field: impl Into<#ty>) -> Self {
                    self.#field = Some(#field.into());
                    self
                }
            }
        } else {
            quote! {
                #docs
                pub fn #field(mut self, #field: #ty) -> Self {
                    self.#field = Some(#field);
                    self
                }
            }
        }
    });
    let passed = inputs.iter().map(|input| {
        let field = &input.name;
        quote! { self.#field }
    });
    let passed: Vec<TokenStream> = passed.collect();
    let output = return_tokens(op, Scope::Crate);
    let (send_body, twin_body) = send_bodies(op, &client, &settings, &passed);
    let (struct_docs, send_docs, twin_docs) = builder_docs(op, &inputs);
    let paging = super::pagination::paging_methods(op, &client, &settings, &inputs);
    quote! {
        #struct_docs
        #[derive(Clone, Debug)]
        #[must_use = "a request is sent only when it is awaited or sent"]
        pub struct #name<'a> {
            pub(crate) #client: &'a Client,
            #(#fields)*
            pub(crate) #settings: CallSettings,
        }

        impl<'a> #name<'a> {
            #(#setters)*

            /// Gives up on an attempt of this call that takes longer than
            /// `timeout` (instead of the client's timeout); the call is
            /// retried as its retry policy says.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.#settings.timeout = Some(timeout);
                self
            }

            /// Retries this call as `retry` says instead of as the
            /// client's policy does ([`RetryPolicy::disabled`] for none).
            pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
                self.#settings.retry = Some(retry);
                self
            }

            /// Sends the header `name: value` with this call, over any
            /// the request has of that name. A header whose name says it
            /// holds a secret (`authorization`, `…-key`, `…-token`) is
            /// redacted like the credentials. An invalid name or value
            /// fails the call with [`Error::InvalidArgument`] before
            /// anything is sent.
            pub fn header(
                mut self,
                name: impl TryInto<reqwest::header::HeaderName>,
                value: impl TryInto<reqwest::header::HeaderValue>,
            ) -> Self {
                self.#settings = self.#settings.header(name, value);
                self
            }

            /// Ends the call, all its attempts and waits included, by
            /// `deadline` (a `Duration` from now or an `Instant`). No
            /// retry starts that could not finish in time; an attempt
            /// still in flight then is abandoned, and the call fails with
            /// [`Error::DeadlineExceeded`], whose `delivery()` says
            /// whether the request may have been sent.
            pub fn deadline(mut self, deadline: impl Into<Deadline>) -> Self {
                self.#settings.deadline = Some(deadline.into().0);
                self
            }

            #send_docs
            pub fn send(self) -> Sending<'a, #output> {
                #send_body
            }

            #twin_docs
            pub fn send_with_response(self) -> Sending<'a, ApiResponse<#output>> {
                #twin_body
            }

            #paging
        }

        impl<'a> IntoFuture for #name<'a> {
            type Output = Result<#output, Error>;
            type IntoFuture = Sending<'a, #output>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// The bodies of a builder's `send` and `send_with_response`: the
/// runtime's `sending::send` of the request prepared from the builder's
/// fields (`passed`), through `client` with the call's `settings`, with
/// the function that reads the body as the operation's success says (a
/// closure without captures: a function pointer, so no state machine of
/// the operation's own).
fn send_bodies(
    op: &Operation,
    client: &Ident,
    settings: &Ident,
    passed: &[TokenStream],
) -> (TokenStream, TokenStream) {
    let prepare = ident(&op.method_name);
    let empty = op
        .success
        .empty_statuses
        .iter()
        .map(|status| proc_macro2::Literal::u16_unsuffixed(*status));
    let empty = quote! { #(#empty),* };
    let (plain, twin) = match (&op.success.ty, op.success.media) {
        (Some(_), ResponseMedia::Json) if !op.idempotent => (
            quote! { |response| Ok(response.accepted()) },
            quote! { |response| Ok(response.accepted_response()) },
        ),
        (Some(_), ResponseMedia::Json) if op.success.may_be_empty() => (
            quote! { |response| response.optional_value(&[#empty]) },
            quote! { |response| response.optional_value_response(&[#empty]) },
        ),
        (Some(_), ResponseMedia::Json) => (
            quote! { |response| response.value() },
            quote! { |response| response.value_response() },
        ),
        (Some(_), ResponseMedia::Text) => (
            quote! { |response| Ok(response.text()) },
            quote! { |response| Ok(response.text_response()) },
        ),
        (Some(_), ResponseMedia::Binary) => (
            quote! { |response| Ok(response.bytes()) },
            quote! { |response| Ok(response.bytes_response()) },
        ),
        (None, _) => (
            quote! { |_| Ok(()) },
            quote! { |response| Ok(RawResponse::empty(response)) },
        ),
    };
    let send = |read: TokenStream| {
        quote! {
            sending::send(
                self.#client,
                super::operation::#prepare(#(#passed),*),
                self.#settings,
                #read,
            )
        }
    };
    (send(plain), send(twin))
}

/// The docs of a builder's struct, of its `send` and of its
/// `send_with_response`.
fn builder_docs(op: &Operation, inputs: &[Input<'_>]) -> (TokenStream, TokenStream, TokenStream) {
    let method = super::groups::method_ref(op);
    let optional: Vec<String> = inputs
        .iter()
        .filter(|input| !input.required)
        .map(|input| format!("[`{0}`]({1}::{0})", input.name, op.builder_name))
        .collect();
    let struct_doc = match optional.as_slice() {
        [] => format!(
            "The request of {method}: `.await` it to send it, or call [`{}::send_with_response`].",
            op.builder_name
        ),
        _ => format!(
            "The request of {method}. Its optional inputs are set by {}; `.await` it to send it, or call [`{}::send_with_response`].",
            optional.join(", "),
            op.builder_name
        ),
    };
    let struct_docs = doc_attrs([Some(struct_doc.as_str())]);
    let send_doc = format!(
        "Sends the request and gives the body, as `.await` does; what it returns and its errors are in {method}."
    );
    let twin_doc = format!(
        "Sends the request and gives the body with the status, headers and rate-limit information of the response; its errors are those of {method}."
    );
    let errors_doc = format!("As for {method}.");
    let send_docs = doc_attrs([
        Some(send_doc.as_str()),
        Some("# Errors"),
        Some(errors_doc.as_str()),
    ]);
    let twin_docs = doc_attrs([
        Some(twin_doc.as_str()),
        Some("# Errors"),
        Some(errors_doc.as_str()),
    ]);
    (struct_docs, send_docs, twin_docs)
}

/// The docs of an input: its description (or what it is) and constraints.
pub(super) fn input_doc(input: &Input<'_>) -> String {
    let Some(param) = input.param else {
        return "The request body.".to_owned();
    };
    let mut line = match &param.description {
        Some(d) => one_line(d),
        None => format!(
            "The `{}` {} parameter.",
            param.wire_name,
            match param.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            }
        ),
    };
    if let Some(constraints) = &param.constraints {
        line.push(' ');
        line.push_str(constraints);
    }
    let default_style = match param.location {
        ParamLocation::Query => param.style == ParamStyle::Form && param.explode,
        ParamLocation::Path | ParamLocation::Header => {
            param.style == ParamStyle::Simple && !param.explode
        }
    };
    if !default_style {
        line.push_str(&format!(
            " Written in the `{}` style{}.",
            param.style.as_str(),
            match (param.explode, param.style) {
                (true, _) => ", exploded",
                (false, ParamStyle::Form) => ", not exploded (a list as `a,b`)",
                (false, _) => "",
            }
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proc_macro2::{TokenStream, TokenTree};
    use quote::ToTokens;

    use super::*;
    use crate::ir::Api;
    use crate::lower::operations::{BUILDER_MODULE_NAMES, REQUEST_BUILDER_METHODS};

    /// An API whose builders take every shape the emitter writes: a JSON,
    /// a text and a bytes body returned or none, required and optional
    /// parameters and bodies, named types among them, a paginated list.
    fn api() -> Api {
        let spec = br#"
openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /notes/{id}:
    get:
      operationId: getNote
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: kind, in: query, schema: {$ref: '#/components/schemas/Kind'}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
    put:
      operationId: putNote
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
      responses: {'204': {description: done}}
  /notes:
    get:
      operationId: listNotes
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: offset, in: query, schema: {type: integer}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Note'}}}}}
  /text:
    post:
      operationId: postText
      requestBody: {required: true, content: {text/plain: {schema: {type: string}}}}
      responses: {'200': {description: ok, content: {text/plain: {schema: {type: string}}}}}
  /bytes:
    post:
      operationId: postBytes
      requestBody: {content: {application/octet-stream: {schema: {type: string, format: binary}}}}
      responses: {'200': {description: ok, content: {image/png: {schema: {type: string, format: binary}}}}}
components:
  schemas:
    Kind: {type: string, enum: [a, b]}
    Note: {type: object, properties: {text: {type: string}}}
"#;
        let loaded = crate::load::load(spec).expect("the spec loads");
        let (api, diagnostics) = crate::lower::lower(&loaded);
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        api
    }

    /// The module `builder` as emitted for [`api`].
    fn module() -> syn::ItemMod {
        syn::parse2(builder_part(
            &api().operations.iter().collect::<Vec<_>>(),
            TokenStream::new(),
        ))
        .expect("the module parses")
    }

    /// The methods callers reach on a builder through the traits it
    /// derives.
    fn derived_methods(derived: &str) -> &'static [&'static str] {
        match derived {
            "Clone" => &["clone"],
            "Debug" => &["fmt"],
            other => panic!("a builder derives `{other}`: name its methods here"),
        }
    }

    /// Every method of every builder but the setters (which take the
    /// names of their fields) is one lowering keeps setters away from, and
    /// every one of those is a builder's.
    #[test]
    fn reserved_methods_are_the_builders_methods() {
        let mut setters = BTreeSet::new();
        let mut methods = BTreeSet::new();
        for item in module().content.expect("the module has items").1 {
            match item {
                syn::Item::Struct(def) => {
                    setters.extend(def.fields.iter().filter_map(|f| f.ident.clone()));
                    for attr in def.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                        let derived = attr.meta.require_list().expect("derive(..)");
                        for token in derived.tokens.clone() {
                            if let TokenTree::Ident(name) = token {
                                let derived = derived_methods(&name.to_string());
                                methods.extend(derived.iter().map(|m| (*m).to_owned()));
                            }
                        }
                    }
                }
                syn::Item::Impl(block) => {
                    for member in block.items {
                        if let syn::ImplItem::Fn(function) = member {
                            let name = &function.sig.ident;
                            if block.trait_.is_some() || !setters.contains(name) {
                                methods.insert(name.to_string());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let reserved: BTreeSet<String> = REQUEST_BUILDER_METHODS
            .iter()
            .map(|m| (*m).to_owned())
            .collect();
        assert_eq!(methods, reserved);
    }

    /// The type names the tokens use unqualified: not after `::` (a path's
    /// later segment), not a `type` being declared or bound (`Output =`),
    /// not a call (`Ok(..)` names a value, which a builder, a struct with
    /// braces, does not shadow), not inside an attribute.
    fn bare_type_names(tokens: TokenStream, names: &mut BTreeSet<String>) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        for (index, token) in tokens.iter().enumerate() {
            let before = |back: usize| index.checked_sub(back).map(|i| &tokens[i]);
            match token {
                TokenTree::Group(group) => {
                    let attribute =
                        matches!(before(1), Some(TokenTree::Punct(p)) if p.as_char() == '#');
                    if !attribute {
                        bare_type_names(group.stream(), names);
                    }
                }
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    let after_path =
                        matches!(before(1), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                    let declared = matches!(before(1), Some(TokenTree::Ident(i)) if i == "type");
                    let bound = matches!(tokens.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == '=');
                    let called = matches!(tokens.get(index + 1), Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis);
                    if name.starts_with(char::is_uppercase)
                        && name != "Self"
                        && !after_path
                        && !declared
                        && !bound
                        && !called
                    {
                        names.insert(name);
                    }
                }
                _ => {}
            }
        }
    }

    /// Every type name the module `builder` uses bare (imported, or from
    /// the prelude) is one no request builder can take.
    #[test]
    fn reserved_module_names_cover_the_names_the_module_uses() {
        let api = api();
        let module = module();
        let mut used = BTreeSet::new();
        bare_type_names(module.to_token_stream(), &mut used);
        for op in &api.operations {
            used.remove(&op.builder_name);
        }
        let unknown: Vec<&String> = used
            .iter()
            .filter(|name| !BUILDER_MODULE_NAMES.contains(&name.as_str()))
            .collect();
        assert!(
            unknown.is_empty(),
            "the module `builder` uses {unknown:?}, which `BUILDER_MODULE_NAMES` lacks"
        );
        assert!(
            used.contains("IntoFuture") && used.contains("CallSettings"),
            "{used:?}"
        );
    }
}

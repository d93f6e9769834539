//! Emits `client.rs`: the `Client`, its builder, one async method per
//! operation, and the private helpers those methods share.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::types::{ident, type_tokens, Scope};
use crate::ir::{Api, AuthScheme, Operation, Param, ParamLocation, PathSegment, TypeDef, TypeRef};

/// The whole `client` module.
pub fn client_module(api: &Api) -> TokenStream {
    let client = client_struct(api);
    let builder = builder_struct(api);
    let methods = api.operations.iter().map(|op| operation_method(api, op));
    let helpers = helpers(api);
    let types_import = (!api.types.is_empty()).then(|| quote! { use crate::types; });
    let default_base_url = &api.base_url;
    quote! {
        //! The client and one method per operation.

        use std::sync::Arc;
        use std::time::Duration;

        use reqwest::header::{HeaderName, HeaderValue};

        use crate::error::Error;
        #types_import

        /// The server the client talks to unless told otherwise.
        pub const DEFAULT_BASE_URL: &str = #default_base_url;

        /// The `User-Agent` sent when the client builds its own HTTP client.
        const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #client
        #builder

        impl Client {
            #(#methods)*
        }

        #helpers
    }
}

/// `Client` (an `Arc` around its settings, so clones are cheap), `new`,
/// `builder` and a `Debug` that shows no secret.
fn client_struct(api: &Api) -> TokenStream {
    let new_fn = match api.auth.first() {
        Some(scheme) => {
            let arg = ident(&scheme.rust_name);
            let doc = format!(
                " A client for [`DEFAULT_BASE_URL`] that authenticates with the `{}` header.",
                scheme.header
            );
            quote! {
                #[doc = #doc]
                ///
                /// # Errors
                ///
                /// [`Error::InvalidArgument`] when the key is not a valid header value, and
                /// [`Error::Transport`] when the HTTP client cannot be built.
                pub fn new(#arg: impl Into<String>) -> Result<Self, Error> {
                    Self::builder().#arg(#arg).build()
                }
            }
        }
        None => quote! {
            /// A client for [`DEFAULT_BASE_URL`].
            ///
            /// # Errors
            ///
            /// [`Error::Transport`] when the HTTP client cannot be built.
            pub fn new() -> Result<Self, Error> {
                Self::builder().build()
            }
        },
    };
    let title = format!(" A client for the {}.", api.title);
    quote! {
        #[doc = #title]
        ///
        /// Cheap to clone: clones share one connection pool and one configuration.
        /// Credentials are sent as sensitive headers and never shown by `Debug`.
        #[derive(Clone)]
        pub struct Client {
            inner: Arc<Inner>,
        }

        /// What every clone of a [`Client`] shares.
        struct Inner {
            http: reqwest::Client,
            base_url: String,
            credentials: Vec<(HeaderName, HeaderValue)>,
            user_agent: Option<HeaderValue>,
            timeout: Option<Duration>,
        }

        impl Client {
            #new_fn

            /// A builder for a client with other settings.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.inner.base_url
            }
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let credentials: Vec<String> = self
                    .inner
                    .credentials
                    .iter()
                    .map(|(name, _)| format!("{name}: <redacted>"))
                    .collect();
                f.debug_struct("Client")
                    .field("base_url", &self.inner.base_url)
                    .field("credentials", &credentials)
                    .field("timeout", &self.inner.timeout)
                    .finish_non_exhaustive()
            }
        }
    }
}

/// `ClientBuilder` with one setter per credential and the common settings.
fn builder_struct(api: &Api) -> TokenStream {
    let credential_fields = api.auth.iter().map(|scheme| {
        let field = ident(&scheme.rust_name);
        quote! { #field: Option<String>, }
    });
    let credential_setters = api.auth.iter().map(credential_setter);
    let credential_debug = api.auth.iter().map(|scheme| {
        let field = ident(&scheme.rust_name);
        let label = &scheme.rust_name;
        quote! { .field(#label, &self.#field.as_ref().map(|_| "<redacted>")) }
    });
    let credential_headers = api.auth.iter().map(|scheme| {
        let field = ident(&scheme.rust_name);
        let label = &scheme.rust_name;
        let header = &scheme.header;
        quote! {
            if let Some(value) = &self.#field {
                credentials.push((HeaderName::from_static(#header), secret_header(#label, value)?));
            }
        }
    });
    let missing_credentials = (!api.auth.is_empty()).then(|| {
        let first = &api.auth[0].rust_name;
        let names: Vec<&str> = api.auth.iter().map(|s| s.rust_name.as_str()).collect();
        let reason = format!("no credentials were given; set {}", names.join(" or "));
        quote! {
            if credentials.is_empty() {
                return Err(Error::InvalidArgument { name: #first, reason: #reason.to_owned() });
            }
        }
    });
    quote! {
        /// Settings for a [`Client`]; start from [`Client::builder`].
        #[derive(Default)]
        pub struct ClientBuilder {
            #(#credential_fields)*
            base_url: Option<String>,
            timeout: Option<Duration>,
            user_agent: Option<String>,
            http_client: Option<reqwest::Client>,
        }

        impl ClientBuilder {
            #(#credential_setters)*

            /// Sends requests to `base_url` instead of [`DEFAULT_BASE_URL`]
            /// (a test server, a proxy). A trailing `/` is ignored.
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.base_url = Some(base_url.into());
                self
            }

            /// Gives up on a request that takes longer than `timeout` in all.
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// Sends `user_agent` as the `User-Agent` header of every request.
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.user_agent = Some(user_agent.into());
                self
            }

            /// Sends requests through `http_client` (with its own proxy, TLS
            /// and pool settings) instead of a client built here.
            pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
                self.http_client = Some(http_client);
                self
            }

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// [`Error::InvalidArgument`] when a credential is missing or not a
            /// valid header value, or the base URL or user agent is invalid;
            /// [`Error::Transport`] when the HTTP client cannot be built.
            pub fn build(self) -> Result<Client, Error> {
                #[allow(unused_mut)]
                let mut credentials = Vec::new();
                #(#credential_headers)*
                #missing_credentials
                let base_url = self
                    .base_url
                    .as_deref()
                    .unwrap_or(DEFAULT_BASE_URL)
                    .trim_end_matches('/')
                    .to_owned();
                if let Err(error) = reqwest::Url::parse(&base_url) {
                    return Err(Error::InvalidArgument { name: "base_url", reason: error.to_string() });
                }
                let user_agent = match &self.user_agent {
                    Some(value) => Some(HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
                        name: "user_agent",
                        reason: "not a valid header value".to_owned(),
                    })?),
                    None => None,
                };
                let http = match self.http_client {
                    Some(http) => http,
                    None => reqwest::Client::builder()
                        .user_agent(DEFAULT_USER_AGENT)
                        .build()
                        .map_err(Error::Transport)?,
                };
                Ok(Client {
                    inner: Arc::new(Inner { http, base_url, credentials, user_agent, timeout: self.timeout }),
                })
            }
        }

        impl std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    #(#credential_debug)*
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("user_agent", &self.user_agent)
                    .finish_non_exhaustive()
            }
        }
    }
}

fn credential_setter(scheme: &AuthScheme) -> TokenStream {
    let field = ident(&scheme.rust_name);
    let doc = format!(
        "Sends `{}` in the `{}` header of every request.",
        scheme.rust_name, scheme.header
    );
    let docs = doc_attrs([Some(doc.as_str()), scheme.description.as_deref()]);
    quote! {
        #docs
        pub fn #field(mut self, #field: impl Into<String>) -> Self {
            self.#field = Some(#field.into());
            self
        }
    }
}

/// How an argument of type `ty` is passed to a method.
fn arg_type(api: &Api, ty: &TypeRef, required: bool) -> TokenStream {
    let inner = match ty {
        TypeRef::String => quote! { &str },
        TypeRef::Array(item) => {
            let item = type_tokens(item, Scope::Crate);
            quote! { &[#item] }
        }
        TypeRef::Named(name) if is_enum(api, name) => {
            let ty = type_tokens(ty, Scope::Crate);
            quote! { &#ty }
        }
        _ => type_tokens(ty, Scope::Crate),
    };
    if required {
        inner
    } else {
        quote! { Option<#inner> }
    }
}

fn is_enum(api: &Api, name: &str) -> bool {
    matches!(api.types.get(name), Some(TypeDef::Enum(_)))
}

/// An expression that gives `value` (of scalar type `ty`) as `&str`.
fn text_of(api: &Api, ty: &TypeRef, value: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote! { #value },
        TypeRef::Named(name) if is_enum(api, name) => quote! { #value.as_str() },
        _ => quote! { &#value.to_string() },
    }
}

/// ```ignore
/// /// Summary, description, method and path, errors.
/// pub async fn operation(&self, path_params, query_params, body) -> Result<T, Error> {
///     let url_path = format!("/a/{}", path_segment("id", id)?);
///     let mut request_builder = self.request(Method::GET, &url_path);
///     ... query, headers, body ...
///     let http_response = self.send(request_builder).await?;
///     read_json(http_response).await
/// }
/// ```
fn operation_method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let mut args = Vec::new();
    for param in &op.params {
        let arg = ident(&param.rust_name);
        let ty = arg_type(api, &param.ty, param.required);
        args.push(quote! { #arg: #ty });
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, Scope::Crate);
        args.push(if body.required {
            quote! { body: &#ty }
        } else {
            quote! { body: Option<&#ty> }
        });
    }
    let docs = method_docs(op);
    let query = query_statements(api, op);
    let path = path_expr(op, !query.is_empty());
    let method = ident(op.method.as_str());
    let headers = header_statements(api, op);
    let body = op.body.as_ref().map(|body| {
        if body.required {
            quote! { request_builder = json_body(request_builder, body)?; }
        } else {
            quote! {
                if let Some(body) = body {
                    request_builder = json_body(request_builder, body)?;
                }
            }
        }
    });
    let (output, finish) = match &op.success.ty {
        Some(ty) => (
            type_tokens(ty, Scope::Crate),
            quote! { read_json(http_response).await },
        ),
        None => (
            quote! { () },
            quote! { discard_body(http_response).await; Ok(()) },
        ),
    };
    let mutable = (!headers.is_empty() || body.is_some()).then(|| quote! { mut });
    let path_mutable = (!query.is_empty()).then(|| quote! { mut });
    let path_is_string = !query.is_empty()
        || op
            .path_segments
            .iter()
            .any(|s| matches!(s, PathSegment::Param(_)));
    let path_arg = if path_is_string {
        quote! { &url_path }
    } else {
        quote! { url_path }
    };
    let allow = (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #docs
        #allow
        pub async fn #name(&self, #(#args),*) -> Result<#output, Error> {
            let #path_mutable url_path = #path;
            #(#query)*
            let #mutable request_builder = self.request(reqwest::Method::#method, #path_arg);
            #(#headers)*
            #body
            let http_response = self.send(request_builder).await?;
            #finish
        }
    }
}

fn method_docs(op: &Operation) -> TokenStream {
    let fallback = format!("Calls `{}`.", op.operation_id);
    let route = format!("`{} {}`", op.method.as_str(), op.path);
    let args: Vec<String> = op
        .params
        .iter()
        .map(|p| match &p.description {
            Some(d) => format!("- `{}`: {}", p.rust_name, one_line(d)),
            None => format!(
                "- `{}`: the `{}` {} parameter.",
                p.rust_name,
                p.wire_name,
                location_name(p)
            ),
        })
        .collect();
    let args = (!args.is_empty()).then(|| format!("# Arguments\n\n{}", args.join("\n")));
    let success = op.success.description.as_ref().map(|d| {
        let statuses: Vec<String> = op
            .success
            .statuses
            .iter()
            .map(|s| format!("`{s}`"))
            .collect();
        format!("On success ({}): {}", statuses.join(", "), one_line(d))
    });
    let mut errors = String::from(
        "# Errors\n\n[`Error::Api`] for any status outside 2xx, [`Error::Transport`] when the request fails, [`Error::InvalidArgument`] for an argument that cannot be sent",
    );
    if op.success.ty.is_some() {
        errors.push_str(" and [`Error::Decode`] when a success body is not the documented JSON");
    }
    errors.push('.');
    let documented: Vec<String> = op
        .errors
        .iter()
        .map(|e| {
            let status = e
                .status
                .map_or_else(|| "other".to_owned(), |s| s.to_string());
            format!("- `{status}`: {}", one_line(&e.description))
        })
        .collect();
    if !documented.is_empty() {
        errors.push_str(" Documented error responses:\n\n");
        errors.push_str(&documented.join("\n"));
    }
    doc_attrs([
        Some(op.summary.as_deref().unwrap_or(&fallback)),
        op.description.as_deref(),
        Some(route.as_str()),
        success.as_deref(),
        args.as_deref(),
        Some(errors.as_str()),
    ])
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn location_name(param: &Param) -> &'static str {
    match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// `"/literal"` or `format!("/a/{}", path_segment("id", id)?)`; always a
/// `String` when `owned`.
fn path_expr(op: &Operation, owned: bool) -> TokenStream {
    let mut template = String::new();
    let mut values = Vec::new();
    for segment in &op.path_segments {
        match segment {
            PathSegment::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathSegment::Param(wire) => {
                template.push_str("{}");
                let Some(param) = op
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && &p.wire_name == wire)
                else {
                    continue;
                };
                let arg = ident(&param.rust_name);
                let name = &param.rust_name;
                let text = match param.ty {
                    TypeRef::String => quote! { #arg },
                    TypeRef::Named(_) => quote! { #arg.as_str() },
                    _ => quote! { &#arg.to_string() },
                };
                values.push(quote! { path_segment(#name, #text)? });
            }
        }
    }
    if values.is_empty() && owned {
        quote! { String::from(#template) }
    } else if values.is_empty() {
        quote! { #template }
    } else {
        quote! { format!(#template, #(#values),*) }
    }
}

fn query_statements(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    if params.is_empty() {
        return Vec::new();
    }
    let mut statements = vec![quote! { let mut query_string = String::new(); }];
    for param in params {
        let arg = ident(&param.rust_name);
        let wire = &param.wire_name;
        let push = match &param.ty {
            TypeRef::Array(item) => {
                let text = text_of(api, item, &quote! { item });
                quote! {
                    for item in #arg.iter() {
                        push_query(&mut query_string, #wire, #text);
                    }
                }
            }
            ty => {
                let text = text_of(api, ty, &quote! { #arg });
                quote! { push_query(&mut query_string, #wire, #text); }
            }
        };
        statements.push(if param.required {
            push
        } else {
            quote! {
                if let Some(#arg) = #arg {
                    #push
                }
            }
        });
    }
    statements.push(quote! {
        if !query_string.is_empty() {
            url_path.push('?');
            url_path.push_str(&query_string);
        }
    });
    statements
}

fn header_statements(api: &Api, op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|param| {
            let arg = ident(&param.rust_name);
            let wire = param.wire_name.to_ascii_lowercase();
            let name = &param.rust_name;
            let text = match &param.ty {
                TypeRef::Array(item) => {
                    let text = text_of(api, item, &quote! { item });
                    quote! { &#arg.iter().map(|item| #text.to_owned()).collect::<Vec<_>>().join(",") }
                }
                ty => text_of(api, ty, &quote! { #arg }),
            };
            let set = quote! {
                request_builder = request_builder.header(#wire, header_value(#name, #text)?);
            };
            if param.required {
                set
            } else {
                quote! {
                    if let Some(#arg) = #arg {
                        #set
                    }
                }
            }
        })
        .collect()
}

/// The private helpers; each is emitted only when some method uses it, so
/// the crate has no dead code.
fn helpers(api: &Api) -> TokenStream {
    let ops = &api.operations;
    let any = |f: &dyn Fn(&Operation) -> bool| ops.iter().any(f);
    let has_path_params = any(&|op| op.params.iter().any(|p| p.location == ParamLocation::Path));
    let has_query = any(&|op| op.params.iter().any(|p| p.location == ParamLocation::Query));
    let has_headers = any(&|op| {
        op.params
            .iter()
            .any(|p| p.location == ParamLocation::Header)
    });
    let has_body = any(&|op| op.body.is_some());
    let has_json_success = any(&|op| op.success.ty.is_some());
    let has_empty_success = any(&|op| op.success.ty.is_none());
    let error_model = api
        .error_type
        .as_ref()
        .map(|_| quote! { error: serde_json::from_slice(&body).ok(), });

    let mut out = quote! {
        impl Client {
            /// A request to `url_path` (path and query) with credentials, user agent and timeout set.
            fn request(&self, method: reqwest::Method, url_path: &str) -> reqwest::RequestBuilder {
                let mut request_builder = self
                    .inner
                    .http
                    .request(method, format!("{}{}", self.inner.base_url, url_path))
                    .header(reqwest::header::ACCEPT, "application/json");
                for (name, value) in &self.inner.credentials {
                    request_builder = request_builder.header(name.clone(), value.clone());
                }
                if let Some(user_agent) = &self.inner.user_agent {
                    request_builder = request_builder.header(reqwest::header::USER_AGENT, user_agent.clone());
                }
                if let Some(timeout) = self.inner.timeout {
                    request_builder = request_builder.timeout(timeout);
                }
                request_builder
            }

            /// Sends the request; a status outside 2xx becomes [`Error::Api`].
            async fn send(&self, request_builder: reqwest::RequestBuilder) -> Result<reqwest::Response, Error> {
                let http_response = request_builder.send().await.map_err(Error::Transport)?;
                let status = http_response.status();
                if status.is_success() {
                    return Ok(http_response);
                }
                let body = http_response.bytes().await.map_err(Error::Transport)?;
                Err(Error::Api {
                    status,
                    #error_model
                    body: String::from_utf8_lossy(&body).into_owned(),
                })
            }
        }

        /// A header value that is never logged or shown by `Debug`.
        fn secret_header(name: &'static str, value: &str) -> Result<HeaderValue, Error> {
            let mut header = HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
                name,
                reason: "not a valid header value (it must be visible ASCII)".to_owned(),
            })?;
            header.set_sensitive(true);
            Ok(header)
        }
    };
    if has_path_params {
        out.extend(quote! {
            /// The characters a path segment keeps as they are (RFC 3986 unreserved).
            const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~');

            /// `value` percent-encoded as exactly one path segment. Empty values
            /// and `.`/`..` (which URL parsers resolve away) are rejected.
            fn path_segment(name: &'static str, value: &str) -> Result<String, Error> {
                if value.is_empty() {
                    return Err(Error::InvalidArgument { name, reason: "must not be empty".to_owned() });
                }
                if value == "." || value == ".." {
                    return Err(Error::InvalidArgument { name, reason: format!("`{value}` cannot be sent as a path segment") });
                }
                Ok(percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string())
            }
        });
    }
    if has_query {
        out.extend(quote! {
            /// The characters a query key or value keeps as they are.
            const QUERY_COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~');

            /// Appends `name=value`, both percent-encoded, to `query_string`.
            fn push_query(query_string: &mut String, name: &str, value: &str) {
                if !query_string.is_empty() {
                    query_string.push('&');
                }
                query_string.extend(percent_encoding::utf8_percent_encode(name, QUERY_COMPONENT));
                query_string.push('=');
                query_string.extend(percent_encoding::utf8_percent_encode(value, QUERY_COMPONENT));
            }
        });
    }
    if has_headers {
        out.extend(quote! {
            /// A header parameter's value, checked before sending.
            fn header_value(name: &'static str, value: &str) -> Result<HeaderValue, Error> {
                HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
                    name,
                    reason: "not a valid header value (it must be visible ASCII)".to_owned(),
                })
            }
        });
    }
    if has_body {
        out.extend(quote! {
            /// The request with `body` as its JSON body.
            fn json_body<T: serde::Serialize>(
                request_builder: reqwest::RequestBuilder,
                body: &T,
            ) -> Result<reqwest::RequestBuilder, Error> {
                let bytes = serde_json::to_vec(body).map_err(|error| Error::InvalidArgument {
                    name: "body",
                    reason: error.to_string(),
                })?;
                Ok(request_builder
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(bytes))
            }
        });
    }
    if has_json_success {
        out.extend(quote! {
            /// Reads a success body as JSON; anything else is [`Error::Decode`].
            async fn read_json<T: serde::de::DeserializeOwned>(http_response: reqwest::Response) -> Result<T, Error> {
                let status = http_response.status();
                let body = http_response.bytes().await.map_err(Error::Transport)?;
                serde_json::from_slice(&body).map_err(|source| Error::Decode { status, source, body })
            }
        });
    }
    if has_empty_success {
        out.extend(quote! {
            /// Reads and drops a success body the spec documents as empty, so the
            /// connection can be reused; whatever it holds, the call succeeded.
            async fn discard_body(http_response: reqwest::Response) {
                let _ignored = http_response.bytes().await;
            }
        });
    }
    out
}

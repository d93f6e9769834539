//! Emits `client.rs`: the `Client` and its builder. The operations are
//! emitted by [`super::operations`] into `operations.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::types::ident;
use crate::ir::{Api, AuthScheme};

/// The whole `client` module.
pub fn client_module(api: &Api) -> TokenStream {
    let client = client_struct(api);
    let builder = builder_struct(api);
    let secret_header_import =
        (!api.auth.is_empty()).then(|| quote! { use crate::transport::secret_header; });
    let default_base_url = &api.base_url;
    quote! {
        //! The client, its settings and its builder. The operations are
        //! methods of [`Client`] too; they live in `operations.rs`.

        use std::sync::Arc;
        use std::time::Duration;

        use reqwest::header::{HeaderName, HeaderValue};

        use crate::error::Error;
        use crate::retry::RetryPolicy;
        #secret_header_import

        /// The server the client talks to unless told otherwise.
        pub const DEFAULT_BASE_URL: &str = #default_base_url;

        /// The `User-Agent` sent when the client builds its own HTTP client.
        const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #client
        #builder
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
            pub(crate) inner: Arc<Inner>,
        }

        /// What every clone of a [`Client`] shares.
        pub(crate) struct Inner {
            pub(crate) http: reqwest::Client,
            pub(crate) base_url: String,
            pub(crate) credentials: Vec<(HeaderName, HeaderValue)>,
            pub(crate) user_agent: Option<HeaderValue>,
            pub(crate) timeout: Option<Duration>,
            pub(crate) retry: RetryPolicy,
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
                    .field("retry", &self.inner.retry)
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
            retry: RetryPolicy,
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

            /// Retries failed requests as `retry` says (default:
            /// [`RetryPolicy::default`]; [`RetryPolicy::disabled`] turns retries off).
            pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
                self.retry = retry;
                self
            }

            /// Sends requests through `http_client` (with its own proxy, TLS
            /// and pool settings) instead of a client built here.
            ///
            /// Its redirect policy applies: the client built here follows
            /// redirects only within the same origin, so that credentials never
            /// reach another host; give yours such a policy too
            /// (`reqwest::redirect::Policy::none()` is the simplest).
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
                        .redirect(same_origin_redirects())
                        .build()
                        .map_err(Error::transport)?,
                };
                Ok(Client {
                    inner: Arc::new(Inner {
                        http,
                        base_url,
                        credentials,
                        user_agent,
                        timeout: self.timeout,
                        retry: self.retry,
                    }),
                })
            }
        }

        /// Follows at most 5 redirects, and only within the origin of the
        /// request: a redirect to another host would carry the credentials
        /// there. A redirect that is not followed is returned as [`Error::Api`].
        fn same_origin_redirects() -> reqwest::redirect::Policy {
            reqwest::redirect::Policy::custom(|attempt| {
                let same_origin = attempt
                    .previous()
                    .first()
                    .is_some_and(|first| first.origin() == attempt.url().origin());
                if same_origin && attempt.previous().len() <= 5 {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            })
        }

        impl std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    #(#credential_debug)*
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("user_agent", &self.user_agent)
                    .field("retry", &self.retry)
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

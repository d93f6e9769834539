//! The client, its settings and its builder. The operations are methods of
//! [`Client`] too (in `operations.rs`); `Client::new` and the builder's
//! credential setters depend on the spec's security schemes and are in
//! `spec.rs`.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::error::Error;
use crate::hooks::Hooks;
#[cfg(feature = "test-util")]
use crate::mock::Mock;
use crate::request::secret_header;
use crate::retry::{RetryBudget, RetryPolicy};
use crate::spec::{CREDENTIAL_SETTERS, DEFAULT_BASE_URL};

/// Where a credential goes, as the spec's security scheme says (the
/// setters in `spec.rs` pass it).
#[allow(dead_code)] // each spec uses the kinds of its own schemes
pub(crate) enum CredentialIn {
    /// A request header with this name.
    Header(&'static str),
    /// A query parameter with this name.
    Query(&'static str),
    /// A cookie with this name.
    Cookie(&'static str),
    /// `Authorization: Bearer <secret>`.
    Bearer,
    /// `Authorization: Basic ...`, the secret being the password.
    Basic {
        /// The user name.
        username: String,
    },
}

/// A credential of a built client, ready to go on a request.
pub(crate) struct Credential {
    /// The security scheme's key in the spec, which operations name.
    pub(crate) scheme: &'static str,
    /// How it goes on a request.
    pub(crate) carrier: Carrier,
}

/// A credential's value in the form a request takes it; every header value
/// is marked sensitive, so no log or `Debug` shows it.
#[allow(dead_code)] // each spec uses the kinds of its own schemes
pub(crate) enum Carrier {
    /// A header (an API key, or `Authorization: Bearer`).
    Header(HeaderName, HeaderValue),
    /// A query parameter: name and value, percent-encoded when sent.
    Query(&'static str, String),
    /// A cookie: name and value, joined with the others in one `cookie`.
    Cookie(&'static str, String),
    /// HTTP basic authentication.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
}

/// How long one attempt of a request may take in all, unless set otherwise
/// ([`ClientBuilder::timeout`]): long enough for a slow answer, short enough
/// that a retry still lands inside Brevo's two-minute presence window.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long connecting may take, unless set otherwise
/// ([`ClientBuilder::connect_timeout`]).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest successful response body read, unless set otherwise
/// ([`ClientBuilder::max_response_size`]): 32 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 32 * 1024 * 1024;

/// The largest error response body read, unless set otherwise
/// ([`ClientBuilder::max_error_response_size`]): 1 MiB, far more than any
/// documented error body; a larger one is a proxy's page or a fault.
pub const DEFAULT_MAX_ERROR_RESPONSE_SIZE: usize = 1024 * 1024;

/// How many redirects within the origin one attempt follows at most.
pub(crate) const MAX_REDIRECTS: usize = 5;

/// The `User-Agent` sent when the client builds its own HTTP client.
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

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
    pub(crate) credentials: Vec<Credential>,
    pub(crate) user_agent: Option<HeaderValue>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    /// The tokens retries spend, shared by every clone.
    pub(crate) budget: RetryBudget,
    /// How the transport treats redirects.
    pub(crate) redirects: Redirects,
    /// The largest successful response body read.
    pub(crate) max_response_size: usize,
    /// The largest error response body read.
    pub(crate) max_error_response_size: usize,
    /// What runs around every request.
    pub(crate) hooks: Option<Arc<dyn Hooks>>,
    /// The value written into the bodies that carry the spec's echo
    /// marker (`echo.rs`), when the caller gave one.
    pub(crate) echo_marker: Option<String>,
    /// What answers every call instead of a server.
    #[cfg(feature = "test-util")]
    pub(crate) mock: Option<Mock>,
}

/// Who follows redirects, and which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Redirects {
    /// The transport follows them (the HTTP client built here follows
    /// none): within the origin, at most [`MAX_REDIRECTS`], and one that
    /// would turn the request into a GET without its body only when
    /// `change_method` (see [`ClientBuilder::follow_redirects_that_drop_the_body`]).
    Transport {
        /// Whether a 301, 302 or 303 answered to a request other than GET
        /// or HEAD is followed as a GET without the body.
        change_method: bool,
    },
    /// The caller's own HTTP client follows them by its own policy; a
    /// redirect response that reaches the transport is returned.
    HttpClient,
}

impl Client {
    /// A builder for a client with other settings. Nothing about the
    /// process changes: TLS is configured for each client
    /// ([`ClientBuilder::http_client`] says what applies to one you bring).
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
            .map(|credential| format!("{}: <redacted>", credential.scheme))
            .collect();
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &credentials)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`]; start from [`Client::builder`].
///
/// Every request is bounded by default: [`DEFAULT_TIMEOUT`] for each attempt
/// and [`DEFAULT_CONNECT_TIMEOUT`] for connecting. Only
/// [`ClientBuilder::no_timeout`] lifts them.
pub struct ClientBuilder {
    credentials: Vec<GivenCredential>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    retry: RetryPolicy,
    redirects_drop_body: bool,
    max_response_size: usize,
    max_error_response_size: usize,
    hooks: Option<Arc<dyn Hooks>>,
    /// Set by the `echo_marker` setter `spec.rs` has where the spec names
    /// an echo marker.
    pub(crate) echo_marker: Option<String>,
    #[cfg(feature = "test-util")]
    mock: Option<Mock>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            credentials: Vec::new(),
            base_url: None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            user_agent: None,
            http_client: None,
            retry: RetryPolicy::default(),
            redirects_drop_body: false,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            max_error_response_size: DEFAULT_MAX_ERROR_RESPONSE_SIZE,
            hooks: None,
            echo_marker: None,
            #[cfg(feature = "test-util")]
            mock: None,
        }
    }
}

/// A credential given to the builder, checked when the client is built.
struct GivenCredential {
    /// The builder method that set it, for error messages.
    setter: &'static str,
    /// The security scheme's key in the spec.
    scheme: &'static str,
    /// Where it goes.
    carrier: CredentialIn,
    /// The secret itself.
    secret: String,
}

impl ClientBuilder {
    /// Sends `secret` as the security scheme `scheme` says (`carrier`) on
    /// the requests whose operation asks for that scheme; `setter` is the
    /// builder method of `spec.rs` that calls this. Setting a scheme again
    /// replaces the earlier value.
    #[allow(dead_code)] // unused by specs without security schemes
    pub(crate) fn credential(
        mut self,
        setter: &'static str,
        scheme: &'static str,
        carrier: CredentialIn,
        secret: String,
    ) -> Self {
        self.credentials
            .retain(|credential| credential.scheme != scheme);
        self.credentials.push(GivenCredential {
            setter,
            scheme,
            carrier,
            secret,
        });
        self
    }

    /// Sends requests to `base_url` instead of [`DEFAULT_BASE_URL`]
    /// (a test server, a proxy). A trailing `/` is ignored.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Gives up on an attempt that takes longer than `timeout` in all,
    /// connecting and reading the whole response included (default:
    /// [`DEFAULT_TIMEOUT`]); the attempt then fails with
    /// [`TransportErrorKind::Timeout`](crate::TransportErrorKind::Timeout) and is retried as the
    /// [`RetryPolicy`] says.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Gives up connecting after `connect_timeout` (default:
    /// [`DEFAULT_CONNECT_TIMEOUT`]). It applies to the HTTP client built
    /// here; one given with [`ClientBuilder::http_client`] keeps its own.
    pub fn connect_timeout(mut self, connect_timeout: Duration) -> Self {
        self.connect_timeout = Some(connect_timeout);
        self
    }

    /// Lets requests take as long as they take: no total and no connect
    /// timeout. A server that accepts the connection and never answers then
    /// keeps the call waiting for ever; use it only where something else
    /// bounds the call.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self.connect_timeout = None;
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

    /// Follows a redirect that would turn the request into a GET without
    /// its body (a `303 See Other` answered to a POST, PUT, PATCH or
    /// DELETE, or a `301`/`302` answered to one of them), as browsers do.
    ///
    /// By default such a redirect is not followed: the call fails with
    /// [`Error::Redirect`], naming the status and the location, so that
    /// `Ok` from a write always means that the server which answered 2xx
    /// received the write. With this set, `Ok` may come from the GET of
    /// the new location, which received nothing. Redirects that keep the
    /// method and the body (`307`, `308`) and redirects of GET and HEAD
    /// are followed either way, within the origin only.
    pub fn follow_redirects_that_drop_the_body(mut self) -> Self {
        self.redirects_drop_body = true;
        self
    }

    /// Reads a successful response's body up to `bytes` (default:
    /// [`DEFAULT_MAX_RESPONSE_SIZE`]); a longer one is not read further
    /// and the call fails with [`Error::ResponseTooLarge`], which keeps the
    /// status and the first bytes. The server did answer 2xx: a write was
    /// received.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Reads an error response's body (any status outside 2xx) up to
    /// `bytes` (default: [`DEFAULT_MAX_ERROR_RESPONSE_SIZE`]); past it the
    /// call fails with [`Error::ResponseTooLarge`], which keeps the status
    /// and the first bytes.
    pub fn max_error_response_size(mut self, bytes: usize) -> Self {
        self.max_error_response_size = bytes;
        self
    }

    /// Runs `hooks` before every request the client sends and after its
    /// response: each attempt of a call, retries and followed redirects
    /// included, with the operation's name. What they see has every
    /// secret redacted. Setting hooks again replaces the earlier ones.
    pub fn hooks(mut self, hooks: impl Hooks) -> Self {
        self.hooks = Some(Arc::new(hooks));
        self
    }

    /// Answers every call with `mock` instead of a server (see
    /// [`Mock::client`]); no credential is needed.
    #[cfg(feature = "test-util")]
    pub(crate) fn mocked(mut self, mock: Mock) -> Self {
        self.mock = Some(mock);
        self
    }

    /// Sends requests through `http_client` (with its own proxy, TLS
    /// and pool settings) instead of a client built here.
    ///
    /// Its redirect policy applies, and the client cannot see which
    /// redirects it followed: reqwest's default policy follows a `303`
    /// answered to a POST as a GET without the body, to any host, so an
    /// `Ok` could come from a server that received no write. Give it
    /// `reqwest::redirect::Policy::none()`: redirects then reach this
    /// client, which returns them as [`Error::Api`] (a 3xx) without
    /// following any. Its timeouts, TLS and body limits apply as set here
    /// otherwise ([`ClientBuilder::timeout`], the response size limits).
    ///
    /// TLS is the `reqwest::Client`'s own business. With the default
    /// `rustls-ring` feature reqwest is built without a crypto provider,
    /// and its builder panics unless you give it a TLS configuration
    /// (`reqwest::ClientBuilder::tls_backend_preconfigured` with a
    /// `rustls::ClientConfig` built with
    /// `ClientConfig::builder_with_provider(ring::default_provider())`)
    /// or the program installed a process-wide provider itself
    /// (`CryptoProvider::install_default`); this crate installs none.
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
        let mut credentials = Vec::with_capacity(self.credentials.len());
        for given in self.credentials {
            credentials.push(ready(given)?);
        }
        #[cfg(feature = "test-util")]
        let mocked = self.mock.is_some();
        #[cfg(not(feature = "test-util"))]
        let mocked = false;
        if let (true, false, Some((_, first))) =
            (credentials.is_empty(), mocked, CREDENTIAL_SETTERS.first())
        {
            let setters: Vec<&str> = CREDENTIAL_SETTERS
                .iter()
                .map(|(_, setter)| *setter)
                .collect();
            return Err(Error::InvalidArgument {
                name: first,
                reason: format!("no credentials were given; set {}", setters.join(" or ")),
            });
        }
        let base_url = self
            .base_url
            .as_deref()
            .unwrap_or(DEFAULT_BASE_URL)
            .trim_end_matches('/')
            .to_owned();
        if let Err(error) = reqwest::Url::parse(&base_url) {
            return Err(Error::InvalidArgument {
                name: "base_url",
                reason: error.to_string(),
            });
        }
        let user_agent = match &self.user_agent {
            Some(value) => {
                Some(
                    HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
                        name: "user_agent",
                        reason: "not a valid header value".to_owned(),
                    })?,
                )
            }
            None => None,
        };
        let (http, redirects) = match self.http_client {
            Some(http) => (http, Redirects::HttpClient),
            None => {
                let mut builder = reqwest::Client::builder()
                    .user_agent(DEFAULT_USER_AGENT)
                    .redirect(reqwest::redirect::Policy::none());
                builder = with_tls(builder)?;
                if let Some(connect_timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(connect_timeout);
                }
                let redirects = Redirects::Transport {
                    change_method: self.redirects_drop_body,
                };
                (builder.build().map_err(Error::transport)?, redirects)
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                user_agent,
                timeout: self.timeout,
                budget: RetryBudget::new(self.retry.retry_budget()),
                retry: self.retry,
                redirects,
                max_response_size: self.max_response_size,
                max_error_response_size: self.max_error_response_size,
                hooks: self.hooks,
                echo_marker: self.echo_marker,
                #[cfg(feature = "test-util")]
                mock: self.mock,
            }),
        })
    }
}

/// With the `rustls-ring` feature (and not `native-tls`, which wins),
/// gives `builder` a rustls configuration of its own with the ring
/// provider and the platform's certificate verifier: nothing is installed
/// for the process, so a program may install its own provider before or
/// after. With the other features, reqwest's own TLS stack is left as it is.
#[allow(clippy::unnecessary_wraps)] // fallible only with `rustls-ring`
fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    #[cfg(all(feature = "rustls-ring", not(feature = "native-tls")))]
    {
        let invalid = |reason: String| Error::InvalidArgument {
            name: "tls",
            reason,
        };
        // rustls 0.23.48 deprecates ring's provider for its lack of
        // post-quantum key exchange; ring is still what this feature means
        // (no C toolchain needed), so a user's fresh lockfile stays
        // warning-free.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
            .map_err(|error| invalid(format!("the platform's certificates: {error}")))?;
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|error| invalid(error.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        // reqwest offers these itself only for configurations it builds.
        config.alpn_protocols = if cfg!(feature = "http2") {
            vec![b"h2".to_vec(), b"http/1.1".to_vec()]
        } else {
            vec![b"http/1.1".to_vec()]
        };
        Ok(builder.tls_backend_preconfigured(config))
    }
    #[cfg(not(all(feature = "rustls-ring", not(feature = "native-tls"))))]
    Ok(builder)
}

/// A given credential checked and put in the form requests take it.
fn ready(given: GivenCredential) -> Result<Credential, Error> {
    let GivenCredential {
        setter,
        scheme,
        carrier,
        secret,
    } = given;
    if secret.is_empty() {
        return Err(Error::InvalidArgument {
            name: setter,
            reason: "must not be empty (every request would be refused)".to_owned(),
        });
    }
    let carrier = match carrier {
        CredentialIn::Header(header) => {
            let name =
                HeaderName::from_bytes(header.as_bytes()).map_err(|_| Error::InvalidArgument {
                    name: setter,
                    reason: format!("`{header}` is not a valid header name"),
                })?;
            Carrier::Header(name, secret_header(setter, &secret)?)
        }
        CredentialIn::Bearer => Carrier::Header(
            reqwest::header::AUTHORIZATION,
            secret_header(setter, &format!("Bearer {secret}"))?,
        ),
        CredentialIn::Query(name) => Carrier::Query(name, secret),
        CredentialIn::Cookie(name) => {
            // Checked as the header it joins.
            secret_header(setter, &format!("{name}={secret}"))?;
            Carrier::Cookie(name, secret)
        }
        CredentialIn::Basic { username } => Carrier::Basic {
            username,
            password: secret,
        },
    };
    Ok(Credential { scheme, carrier })
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Which credentials are set, never their values.
        let credentials: Vec<String> = self
            .credentials
            .iter()
            .map(|credential| format!("{}: <redacted>", credential.scheme))
            .collect();
        f.debug_struct("ClientBuilder")
            .field("credentials", &credentials)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("redirects_drop_body", &self.redirects_drop_body)
            .field("max_response_size", &self.max_response_size)
            .field("max_error_response_size", &self.max_error_response_size)
            .field("hooks", &self.hooks.is_some())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The credentials to send for an operation with `security` (the
    /// requirements its spec lists): those of the first requirement whose
    /// schemes all have a credential, all of them when the spec says
    /// nothing, none when it asks for none.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when no requirement is met: nothing is sent.
    pub(crate) fn credentials_for(
        &self,
        security: Option<&'static [&'static [&'static str]]>,
    ) -> Result<Vec<&Credential>, Error> {
        let given = &self.inner.credentials;
        let Some(requirements) = security else {
            return Ok(given.iter().collect());
        };
        for requirement in requirements {
            let found: Option<Vec<&Credential>> = requirement
                .iter()
                .map(|scheme| given.iter().find(|c| c.scheme == *scheme))
                .collect();
            if let Some(found) = found {
                return Ok(found);
            }
        }
        if requirements.is_empty() {
            return Ok(Vec::new());
        }
        let setter = |scheme: &'static str| -> &'static str {
            CREDENTIAL_SETTERS
                .iter()
                .find(|(key, _)| *key == scheme)
                .map_or(scheme, |(_, setter)| *setter)
        };
        let needed: Vec<String> = requirements
            .iter()
            .map(|requirement| {
                let setters: Vec<&str> = requirement.iter().map(|scheme| setter(scheme)).collect();
                setters.join(" and ")
            })
            .collect();
        Err(Error::InvalidArgument {
            name: "credentials",
            reason: format!(
                "this operation is sent with {}, and the client has none of them; set it on the builder",
                needed.join(" or ")
            ),
        })
    }
}

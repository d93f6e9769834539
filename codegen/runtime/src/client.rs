//! The client, its settings and its builder. The operations are methods of
//! [`Client`] too (in `operations.rs`); `Client::new` and the builder's
//! credential setters depend on the spec's security schemes and are in
//! `spec.rs`.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::error::Error;
use crate::request::secret_header;
use crate::retry::RetryPolicy;
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
}

impl Client {
    /// A builder for a client with other settings.
    ///
    /// With the default `rustls-ring` feature it also makes ring the
    /// process's rustls crypto provider, unless the program installed one,
    /// so that a `reqwest::Client` built after it for
    /// [`ClientBuilder::http_client`] has one too.
    pub fn builder() -> ClientBuilder {
        install_ring_provider();
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

    /// Sends requests through `http_client` (with its own proxy, TLS
    /// and pool settings) instead of a client built here.
    ///
    /// Its redirect policy applies: the client built here follows
    /// redirects only within the same origin, so that credentials never
    /// reach another host; give yours such a policy too
    /// (`reqwest::redirect::Policy::none()` is the simplest).
    ///
    /// With the default `rustls-ring` feature, reqwest needs a rustls
    /// crypto provider before it builds a client, and panics without one:
    /// build yours after [`Client::builder`] (which installs ring unless
    /// the program installed a provider), or enable `rustls-aws-lc` or
    /// `native-tls` instead.
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
        if let (true, Some((_, first))) = (credentials.is_empty(), CREDENTIAL_SETTERS.first()) {
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
        let http = match self.http_client {
            Some(http) => http,
            None => {
                install_ring_provider();
                let mut builder = reqwest::Client::builder()
                    .user_agent(DEFAULT_USER_AGENT)
                    .redirect(same_origin_redirects());
                if let Some(connect_timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(connect_timeout);
                }
                builder.build().map_err(Error::transport)?
            }
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

/// With the `rustls-ring` feature, makes ring the process's rustls crypto
/// provider unless the program installed one itself (which is kept).
/// reqwest needs one before any of its clients is built: a program that
/// builds its own `reqwest::Client` for [`ClientBuilder::http_client`]
/// builds a [`Client`] first, or installs a provider itself.
fn install_ring_provider() {
    #[cfg(feature = "rustls-ring")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one in between: either is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
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

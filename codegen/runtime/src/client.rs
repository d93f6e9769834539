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
    pub(crate) credentials: Vec<(HeaderName, HeaderValue)>,
    pub(crate) user_agent: Option<HeaderValue>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
}

impl Client {
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

/// Settings for a [`Client`]; start from [`Client::builder`].
#[derive(Default)]
pub struct ClientBuilder {
    credentials: Vec<Credential>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    retry: RetryPolicy,
}

/// A credential given to the builder, checked when the client is built.
struct Credential {
    /// The builder method that set it, for error messages.
    setter: &'static str,
    /// The header that carries it.
    header: &'static str,
    /// The secret itself.
    value: String,
}

impl ClientBuilder {
    /// Sends `value` in the `header` of every request; `setter` is the
    /// builder method of `spec.rs` that calls this. Setting the same header
    /// again replaces the earlier value.
    #[allow(dead_code)] // unused by specs without security schemes
    pub(crate) fn credential(
        mut self,
        setter: &'static str,
        header: &'static str,
        value: String,
    ) -> Self {
        self.credentials
            .retain(|credential| credential.header != header);
        self.credentials.push(Credential {
            setter,
            header,
            value,
        });
        self
    }

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
        let mut credentials = Vec::with_capacity(self.credentials.len());
        for credential in &self.credentials {
            let name = HeaderName::from_bytes(credential.header.as_bytes()).map_err(|_| {
                Error::InvalidArgument {
                    name: credential.setter,
                    reason: format!("`{}` is not a valid header name", credential.header),
                }
            })?;
            credentials.push((name, secret_header(credential.setter, &credential.value)?));
        }
        if let (true, Some(first)) = (credentials.is_empty(), CREDENTIAL_SETTERS.first()) {
            return Err(Error::InvalidArgument {
                name: first,
                reason: format!(
                    "no credentials were given; set {}",
                    CREDENTIAL_SETTERS.join(" or ")
                ),
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
        // Which credentials are set, never their values.
        let credentials: Vec<String> = self
            .credentials
            .iter()
            .map(|credential| format!("{}: <redacted>", credential.setter))
            .collect();
        f.debug_struct("ClientBuilder")
            .field("credentials", &credentials)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

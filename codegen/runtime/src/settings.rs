//! Settings of one call, which every request builder's `timeout`,
//! `retry_policy`, `header` and `deadline` set over the client's own.

use std::time::Duration;

use tokio::time::Instant;

use reqwest::header::{HeaderName, HeaderValue};

use crate::retry::RetryPolicy;

/// What one call sets over the client's settings; the default changes
/// nothing.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallSettings {
    /// How long each attempt may take, over the client's timeout.
    pub(crate) timeout: Option<Duration>,
    /// The retry policy, over the client's.
    pub(crate) retry: Option<RetryPolicy>,
    /// Extra request headers, in the order set; an invalid one is kept as
    /// the reason the call fails with ([`Error::InvalidArgument`](crate::error::Error::InvalidArgument)) before
    /// anything is sent.
    pub(crate) headers: Vec<Result<(HeaderName, HeaderValue), String>>,
    /// When the call as a whole must be over.
    pub(crate) deadline: Option<Instant>,
}

impl CallSettings {
    /// With the header `name: value`; a header that reads like a secret
    /// (see [`is_sensitive`]) is marked sensitive, so no log, `Debug` or
    /// hook shows it.
    #[allow(dead_code)] // called by the request builders of specs with operations
    pub(crate) fn header<N, V>(mut self, name: N, value: V) -> Self
    where
        N: TryInto<HeaderName>,
        V: TryInto<HeaderValue>,
    {
        let header = match (name.try_into(), value.try_into()) {
            (Ok(name), Ok(mut value)) => {
                if is_sensitive(&name) {
                    value.set_sensitive(true);
                }
                Ok((name, value))
            }
            (Err(_), _) => Err("not a valid header name".to_owned()),
            (Ok(name), Err(_)) => Err(format!("the value of `{name}` is not a valid header value")),
        };
        self.headers.push(header);
        self
    }
}

/// Whether a header with this name carries a secret: the credential
/// headers of HTTP (`authorization`, `proxy-authorization`, `cookie`) and
/// any whose name says key, token, secret, password, signature or
/// session.
pub(crate) fn is_sensitive(name: &HeaderName) -> bool {
    let name = name.as_str();
    matches!(name, "authorization" | "proxy-authorization" | "cookie")
        || ["key", "token", "secret", "password", "signature", "session"]
            .iter()
            .any(|word| name.contains(word))
}

/// When a call must be over, as `.deadline(..)` takes it: a time from now
/// (`Duration`) or an instant (`std::time::Instant`, or Tokio's). Measured
/// on Tokio's clock, so that a test with paused time sees it pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline(pub(crate) Instant);

impl From<Duration> for Deadline {
    fn from(within: Duration) -> Self {
        let now = Instant::now();
        Self(
            now.checked_add(within)
                .unwrap_or(now + Duration::from_secs(u32::MAX.into())),
        )
    }
}

impl From<std::time::Instant> for Deadline {
    fn from(at: std::time::Instant) -> Self {
        Self(Instant::from_std(at))
    }
}

impl From<Instant> for Deadline {
    fn from(at: Instant) -> Self {
        Self(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_headers_are_checked_and_secrets_marked() {
        let settings = CallSettings::default()
            .header("x-trace", "abc")
            .header("x-api-key", "s3cret")
            .header("bad name", "x")
            .header("x-ok", "line\nbreak");
        let headers = &settings.headers;
        assert!(matches!(&headers[0], Ok((_, value)) if !value.is_sensitive()));
        assert!(matches!(&headers[1], Ok((_, value)) if value.is_sensitive()));
        assert!(headers[2].is_err() && headers[3].is_err());
        assert!(is_sensitive(&HeaderName::from_static("authorization")));
        assert!(!is_sensitive(&HeaderName::from_static("accept")));
    }

    #[test]
    fn a_deadline_is_a_time_from_now_or_an_instant() {
        let before = Instant::now();
        let Deadline(at) = Deadline::from(Duration::from_secs(5));
        assert!(at >= before + Duration::from_secs(5));
        assert_eq!(Deadline::from(before).0, before);
        assert_eq!(Deadline::from(before.into_std()).0, before);
        assert!(Deadline::from(Duration::MAX).0 > before);
    }
}

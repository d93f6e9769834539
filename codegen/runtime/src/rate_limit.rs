//! Rate-limit information from response headers. Which headers carry it
//! is the spec's choice: [`RateLimit::LIMIT_HEADER`] and its siblings are
//! defined in `spec.rs`.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// The API's rate-limit state as its last response reported it, read from
/// the headers [`RateLimit::LIMIT_HEADER`], [`RateLimit::REMAINING_HEADER`]
/// and [`RateLimit::RESET_HEADER`].
///
/// Every field is `None` when the header is absent or not a number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RateLimit {
    /// How many requests the current window allows.
    pub limit: Option<u64>,
    /// How many requests are left in the current window.
    pub remaining: Option<u64>,
    /// How long until the window resets.
    pub reset: Option<Duration>,
}

impl RateLimit {
    /// Reads the rate-limit headers of a response.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        Self {
            limit: header_number(headers, Self::LIMIT_HEADER),
            remaining: header_number(headers, Self::REMAINING_HEADER),
            reset: header_seconds(headers, Self::RESET_HEADER),
        }
    }
}

/// The standard `Retry-After` header (RFC 9110, section 10.2.3): a number
/// of seconds, or an HTTP date, read as the time from now until then (zero
/// for a date already past).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    header_seconds(headers, "retry-after").or_else(|| {
        let text = headers.get("retry-after")?.to_str().ok()?;
        let when = httpdate::parse_http_date(text.trim()).ok()?;
        Some(
            when.duration_since(std::time::SystemTime::now())
                .unwrap_or(Duration::ZERO),
        )
    })
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

fn header_seconds(headers: &HeaderMap, name: &str) -> Option<Duration> {
    let seconds: f64 = headers.get(name)?.to_str().ok()?.trim().parse().ok()?;
    Duration::try_from_secs_f64(seconds).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, reqwest::header::HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn numbers_and_seconds_are_read_and_anything_else_is_none() {
        let map = headers(&[
            (RateLimit::LIMIT_HEADER, "100"),
            (RateLimit::REMAINING_HEADER, " 7 "),
            (RateLimit::RESET_HEADER, "1.5"),
            ("retry-after", "-3"),
        ]);
        let limits = RateLimit::from_headers(&map);
        assert_eq!(limits.limit, Some(100));
        assert_eq!(limits.remaining, Some(7));
        assert_eq!(limits.reset, Some(Duration::from_millis(1500)));
        assert_eq!(retry_after(&map), None);
        let odd = headers(&[(RateLimit::LIMIT_HEADER, "many")]);
        assert_eq!(RateLimit::from_headers(&odd), RateLimit::default());
    }

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        let later = std::time::SystemTime::now() + Duration::from_secs(120);
        let date = httpdate::fmt_http_date(later);
        let mut map = HeaderMap::new();
        map.insert(
            "retry-after",
            reqwest::header::HeaderValue::from_str(&date).expect("a header"),
        );
        let wait = retry_after(&map).expect("a date is read");
        assert!(
            wait > Duration::from_secs(117) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        let past = headers(&[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")]);
        assert_eq!(retry_after(&past), Some(Duration::ZERO));
        assert_eq!(
            retry_after(&headers(&[("retry-after", "2")])),
            Some(Duration::from_secs(2))
        );
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")])), None);
    }
}

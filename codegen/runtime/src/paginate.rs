//! Lists read page by page: the streams behind a paginated operation's
//! `pages()` and `items()`, and reading the `Link` header. What the next
//! page is (an offset, a cursor, a link) the generated builder decides;
//! this module only drives the requests, one at a time and only as the
//! stream is read. Only crates with a paginated operation have it.

use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;
use futures_util::StreamExt;

use crate::error::Error;

/// What `pages()` and `items()` of a paginated list give: a stream of
/// pages or items, each a `Result` (an error ends the stream after it),
/// boxed so that it can be polled without pinning it first
/// (`while let Some(page) = pages.next().await`).
pub type Paged<'a, T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>;

/// The pages read from `first` on: `fetch` sends one request and gives its
/// page and the request of the next page (`None` after the last), or
/// `Ok(None)` when the response held no page at all. The next request is
/// sent only when the stream is read past the page before it; an error is
/// yielded and ends the stream.
#[allow(dead_code)] // used by specs with paginated lists
pub(crate) fn pages<'a, S, P, F, Fut>(first: S, mut fetch: F) -> Paged<'a, P>
where
    S: Send + 'a,
    P: Send + 'a,
    F: FnMut(S) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Option<(P, Option<S>)>, Error>> + Send + 'a,
{
    Box::pin(futures_util::stream::unfold(Some(first), move |state| {
        let fetched = state.map(&mut fetch);
        async move {
            match fetched?.await {
                Ok(Some((page, next))) => Some((Ok(page), next)),
                Ok(None) => None,
                Err(error) => Some((Err(error), None)),
            }
        }
    }))
}

/// The items of `pages`, page after page (`items` takes a page's items
/// out); an error is yielded as it comes and ends the stream.
#[allow(dead_code)] // used by specs with paginated lists
pub(crate) fn items<'a, P, I>(pages: Paged<'a, P>, items: fn(P) -> Vec<I>) -> Paged<'a, I>
where
    P: Send + 'a,
    I: Send + 'a,
{
    Box::pin(pages.flat_map(move |page| {
        let batch: Vec<Result<I, Error>> = match page {
            Ok(page) => items(page).into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        futures_util::stream::iter(batch)
    }))
}

/// The target of the `rel="next"` link of `Link` headers
/// (`<https://api.example.com/items?page=2>; rel="next"`), if any.
#[allow(dead_code)] // used by specs with lists paged by `Link` header
pub(crate) fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(split_links)
        .find_map(|link| {
            let (target, params) = link.trim().strip_prefix('<')?.split_once('>')?;
            let next = params.split(';').any(|param| {
                let Some((key, value)) = param.split_once('=') else {
                    return false;
                };
                key.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            next.then(|| target.to_owned())
        })
}

/// The links of one `Link` header value, split at the commas between
/// them (not those inside `<...>` or quotes).
#[allow(dead_code)] // used by specs with lists paged by `Link` header
fn split_links(value: &str) -> Vec<&str> {
    let mut links = Vec::new();
    let (mut start, mut in_target, mut in_quotes) = (0, false, false);
    for (index, c) in value.char_indices() {
        match c {
            '<' if !in_quotes => in_target = true,
            '>' if !in_quotes => in_target = false,
            '"' if !in_target => in_quotes = !in_quotes,
            ',' if !in_target && !in_quotes => {
                links.push(&value[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    links.push(&value[start..]);
    links
}

/// The path and query, relative to the client's `base_url`, of the link
/// `target` found in the response to `url_path`: a relative link is
/// resolved against the URL it came from. A link that leaves the API (to
/// another host, scheme, port, or outside the base URL's path) is
/// refused, so that credentials are never sent where the spec does not
/// say.
#[allow(dead_code)] // used by specs with lists paged by `Link` header
pub(crate) fn link_path(base_url: &str, url_path: &str, target: &str) -> Result<String, Error> {
    let refused = |reason: String| Error::InvalidArgument {
        name: "Link",
        reason,
    };
    let current = reqwest::Url::parse(&format!("{base_url}{url_path}"))
        .map_err(|error| refused(error.to_string()))?;
    let next = current
        .join(target)
        .map_err(|error| refused(format!("the next page's link is not a URL: {error}")))?;
    let base = base_url.trim_end_matches('/');
    let rest = next
        .as_str()
        .strip_prefix(base)
        .filter(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'));
    match rest {
        Some(rest) => Ok(rest.to_owned()),
        None => Err(refused(format!(
            "the next page's link leads outside the API's base URL {base}, where the client does not send its credentials"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> reqwest::header::HeaderMap {
        let mut map = reqwest::header::HeaderMap::new();
        for value in values {
            map.append(reqwest::header::LINK, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn next_link_is_found_among_others() {
        let found = next_link(&headers(&[
            r#"<https://api.example.com/items?page=1>; rel="first", <https://api.example.com/items?page=3&a=b,c>; rel="next""#,
        ]));
        assert_eq!(
            found.as_deref(),
            Some("https://api.example.com/items?page=3&a=b,c")
        );
        let second_header = next_link(&headers(&[
            r#"<https://a.test/x?page=1>; rel="prev""#,
            "</x?page=2>; rel=next",
        ]));
        assert_eq!(second_header.as_deref(), Some("/x?page=2"));
        assert_eq!(
            next_link(&headers(&[r#"<https://a.test/x>; rel="last""#])),
            None
        );
        assert_eq!(next_link(&headers(&[])), None);
    }

    #[test]
    fn links_stay_inside_the_base_url() {
        let base = "https://api.example.com/v1";
        assert_eq!(
            link_path(
                base,
                "/items?page=1",
                "https://api.example.com/v1/items?page=2"
            )
            .unwrap(),
            "/items?page=2"
        );
        assert_eq!(
            link_path(base, "/items?page=1", "/v1/items?page=3").unwrap(),
            "/items?page=3"
        );
        assert_eq!(
            link_path(base, "/items?page=1", "?page=4").unwrap(),
            "/items?page=4"
        );
        for outside in [
            "https://evil.example/v1/items",
            "https://api.example.com.evil.example/v1/items",
            "http://api.example.com/v1/items",
            "https://api.example.com/v10/items",
            "/other",
        ] {
            assert!(link_path(base, "/items", outside).is_err(), "{outside}");
        }
    }
}

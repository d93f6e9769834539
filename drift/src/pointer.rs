//! JSON pointers in URI-fragment form (`#/paths/~1conversations~1messages/post`).

use std::fmt;

/// A JSON pointer into one of the two documents, written as a URI fragment
/// (`#` followed by `/`-separated, `~0`/`~1`-escaped tokens).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the document's root, `#`.
    pub fn root() -> Self {
        Self("#".to_owned())
    }

    /// This pointer with one more token; `~` and `/` in it are escaped.
    pub fn push(&self, token: impl fmt::Display) -> Self {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Self(format!("{}/{token}", self.0))
    }

    /// Parses a local reference such as `#/components/schemas/errorModel`;
    /// `None` for anything that is not a fragment of this document.
    pub fn parse_ref(reference: &str) -> Option<Self> {
        if reference == "#" || reference.starts_with("#/") {
            Some(Self(reference.to_owned()))
        } else {
            None
        }
    }

    /// The unescaped tokens after `#`.
    pub fn tokens(&self) -> Vec<String> {
        self.0
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect()
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The node this pointer names in `root`, if there is one.
    pub fn resolve<'v>(&self, root: &'v serde_json::Value) -> Option<&'v serde_json::Value> {
        // `serde_json` reads pointers without the leading `#`; an
        // undecodable percent-encoding is not used by OpenAPI documents.
        root.pointer(&self.0[1..])
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `pointer` matches `pattern`, both written as `#/a/b`: in the
/// pattern `*` stands for exactly one token and `**` for any number of
/// tokens (none included); other tokens must be equal, escaped as in the
/// pointer (`~1conversations~1visitorGroup`).
pub fn matches(pattern: &str, pointer: &Pointer) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let pointer: Vec<&str> = pointer.as_str().split('/').collect();
    match_tokens(&pattern, &pointer)
}

fn match_tokens(pattern: &[&str], pointer: &[&str]) -> bool {
    match pattern.split_first() {
        None => pointer.is_empty(),
        Some((&"**", rest)) => (0..=pointer.len()).any(|skip| match_tokens(rest, &pointer[skip..])),
        Some((&token, rest)) => match pointer.split_first() {
            Some((&head, tail)) => (token == "*" || token == head) && match_tokens(rest, tail),
            None => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_escapes_slashes_and_tildes() {
        let pointer = Pointer::root().push("paths").push("/a/{id}").push("x~y");
        assert_eq!(pointer.as_str(), "#/paths/~1a~1{id}/x~0y");
        assert_eq!(pointer.tokens(), ["paths", "/a/{id}", "x~y"]);
    }

    #[test]
    fn resolves_escaped_tokens() {
        let root = serde_json::json!({"paths": {"/a": {"get": 1}}});
        let pointer = Pointer::root().push("paths").push("/a").push("get");
        assert_eq!(pointer.resolve(&root), Some(&serde_json::json!(1)));
        assert_eq!(Pointer::root().resolve(&root), Some(&root));
        assert_eq!(Pointer::root().push("nothing").resolve(&root), None);
    }

    #[test]
    fn parses_only_local_references() {
        assert!(Pointer::parse_ref("#/components/schemas/a").is_some());
        assert!(Pointer::parse_ref("other.yaml#/a").is_none());
        assert!(Pointer::parse_ref("components/schemas/a").is_none());
    }

    #[test]
    fn patterns_match_one_or_many_tokens() {
        let pointer = Pointer::root()
            .push("paths")
            .push("/a")
            .push("get")
            .push("operationId");
        assert!(matches("#/paths/*/*/operationId", &pointer));
        assert!(matches("#/**/operationId", &pointer));
        assert!(matches("#/paths/~1a/**", &pointer));
        assert!(matches("#/**", &pointer));
        assert!(!matches("#/paths/*/operationId", &pointer));
        assert!(!matches("#/paths/~1b/**", &pointer));
        assert!(!matches("#/**/title", &pointer));
    }
}

//! JSON pointers (RFC 6901) into the spec, used to name the place every
//! diagnostic is about.

use std::fmt;

/// A JSON pointer such as `#/paths/~1conversations~1messages/post`.
///
/// Tokens are stored unescaped and escaped (`~` -> `~0`, `/` -> `~1`) only when
/// displayed, so building one never loses information.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer {
    tokens: Vec<String>,
}

impl Pointer {
    /// The pointer to the whole document, `#`.
    pub fn root() -> Self {
        Self::default()
    }

    /// This pointer with one more reference token appended.
    pub fn push(&self, token: impl fmt::Display) -> Self {
        let mut tokens = self.tokens.clone();
        tokens.push(token.to_string());
        Self { tokens }
    }

    /// Parses a local `$ref` such as `#/components/schemas/errorModel`.
    ///
    /// Returns `None` for anything that is not a fragment-only reference.
    pub fn parse_ref(reference: &str) -> Option<Self> {
        let rest = reference.strip_prefix('#')?;
        if rest.is_empty() {
            return Some(Self::root());
        }
        let rest = rest.strip_prefix('/')?;
        let tokens = rest
            .split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect();
        Some(Self { tokens })
    }

    /// The unescaped reference tokens.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("#")?;
        for token in &self.tokens {
            write!(f, "/{}", token.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn escapes_slashes_and_tildes() {
        let pointer = Pointer::root()
            .push("paths")
            .push("/conversations/messages")
            .push("post")
            .push("a~b");
        assert_eq!(
            pointer.to_string(),
            "#/paths/~1conversations~1messages/post/a~0b"
        );
    }

    #[test]
    fn parses_its_own_output() {
        let pointer = Pointer::root().push("components").push("a/b~c");
        assert_eq!(Pointer::parse_ref(&pointer.to_string()), Some(pointer));
        assert_eq!(Pointer::parse_ref("other.yaml#/x"), None);
    }
}

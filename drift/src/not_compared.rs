//! The keywords the guard does not compare at all, because they are not
//! facts of the API (prose, examples), each with its reason. The
//! differences that are facts but meant to stay are input, not code: see
//! [`crate::Excuses`].

/// Where a [`NotCompared`] keyword is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In every object the guard looks at.
    Anywhere,
    /// In the `info` object (whose `version` is compared).
    Info,
    /// At the document's root.
    Root,
}

/// A keyword the guard does not compare, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct NotCompared {
    /// Where.
    pub place: Place,
    /// The keyword.
    pub keyword: &'static str,
    /// Why it is no fact of the API.
    pub reason: &'static str,
}

/// Keywords left out of the comparison. Any keyword that is neither compared
/// nor listed here is reported ([`crate::Kind::UnknownKeyword`]), so a new construct
/// upstream cannot pass unseen.
pub const NOT_COMPARED: &[NotCompared] = &[
    NotCompared {
        place: Place::Anywhere,
        keyword: "description",
        reason: "prose: ours is written in our own words",
    },
    NotCompared {
        place: Place::Anywhere,
        keyword: "summary",
        reason: "prose: ours is written in our own words",
    },
    NotCompared {
        place: Place::Anywhere,
        keyword: "example",
        reason: "sample values document the API; they constrain nothing",
    },
    NotCompared {
        place: Place::Anywhere,
        keyword: "examples",
        reason: "sample values document the API; they constrain nothing",
    },
    NotCompared {
        place: Place::Anywhere,
        keyword: "externalDocs",
        reason: "links to documentation",
    },
    NotCompared {
        place: Place::Anywhere,
        keyword: "xml",
        reason: "XML serialisation hints; the API speaks JSON",
    },
    NotCompared {
        place: Place::Info,
        keyword: "title",
        reason: "ours describes the Conversations part, upstream the whole Brevo API",
    },
    NotCompared {
        place: Place::Info,
        keyword: "contact",
        reason: "who to ask, not how the API behaves",
    },
    NotCompared {
        place: Place::Info,
        keyword: "license",
        reason: "the licence of the document, not a fact of the API",
    },
    NotCompared {
        place: Place::Info,
        keyword: "termsOfService",
        reason: "legal text, not a fact of the API",
    },
    NotCompared {
        place: Place::Root,
        keyword: "tags",
        reason: "the root tag list only describes tags; each operation's own `tags` are compared",
    },
];

/// Whether `keyword` is listed in [`NOT_COMPARED`] for an object at `place`.
pub(crate) fn not_compared(place: Place, keyword: &str) -> bool {
    NOT_COMPARED.iter().any(|entry| {
        entry.keyword == keyword && (entry.place == Place::Anywhere || entry.place == place)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_a_reason_and_places_are_kept_apart() {
        for entry in NOT_COMPARED {
            assert!(!entry.reason.is_empty(), "{}", entry.keyword);
        }
        assert!(not_compared(Place::Info, "title"));
        assert!(!not_compared(Place::Anywhere, "title"));
        assert!(not_compared(Place::Root, "description"));
    }
}

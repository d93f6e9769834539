//! The one place where our spec's intentional differences from Brevo's
//! definition are listed, each with its reason: [`INTENTIONAL`] for the
//! differences the guard finds and excuses, [`NOT_COMPARED`] for the
//! keywords it does not compare at all because they are not facts of the
//! API (prose, examples).
//!
//! To bring in a new upstream release: run the guard, port each reported
//! difference to `spec/conversations.yaml`, and add an entry here only for a
//! difference that is meant to stay, with the reason. An entry that matches
//! nothing any more is reported in [`crate::Report::unused`] (and fails the
//! repository's test), so the table never keeps stale excuses.

use crate::pointer;
use crate::report::{Difference, Kind};

/// One intentional difference: which kind, where (patterns of JSON
/// pointers on both sides, `*` for one token and `**` for any number), and
/// why.
#[derive(Debug, PartialEq, Eq)]
pub struct Intentional {
    /// A short stable name for the entry.
    pub id: &'static str,
    /// The kind of difference it excuses.
    pub kind: Kind,
    /// Patterns for the place in our spec; one of them must match.
    pub ours: &'static [&'static str],
    /// Pattern for the place upstream.
    pub upstream: &'static str,
    /// Why the difference is on purpose.
    pub reason: &'static str,
}

impl Intentional {
    /// Whether this entry accounts for `difference`.
    pub fn excuses(&self, difference: &Difference) -> bool {
        self.kind == difference.kind
            && self
                .ours
                .iter()
                .any(|pattern| pointer::matches(pattern, &difference.ours))
            && pointer::matches(self.upstream, &difference.upstream)
    }
}

/// Every intentional difference between `spec/conversations.yaml` and
/// Brevo's definition.
pub const INTENTIONAL: &[Intentional] = &[
    Intentional {
        id: "operation-ids",
        kind: Kind::OperationIdAdded,
        ours: &["#/paths/*/*/operationId"],
        upstream: "#/**",
        reason: "Brevo's definition has no operationIds; ours names each operation as the official SDKs \
                 derive it (path segments, then the method), and the generator makes method names of them",
    },
    Intentional {
        id: "titles",
        kind: Kind::TitleAdded,
        ours: &["#/**/title"],
        upstream: "#/**",
        reason: "a title names the generated type (SendAgentMessage, MessageAttachment, ...); upstream's \
                 inline schemas have none, and its SDKs number them (Body8 ...)",
    },
    Intentional {
        id: "x-sdk-names",
        kind: Kind::ExtensionAdded,
        ours: &["#/**/x-sdk-names"],
        upstream: "#/**",
        reason: "the names other SDKs give a body, emitted as doc aliases",
    },
    Intentional {
        id: "x-rust-name",
        kind: Kind::ExtensionAdded,
        ours: &["#/paths/**/x-rust-name"],
        upstream: "#/**",
        reason: "names each operation's method for what it does (send_message); the operationId's name stays a doc alias",
    },
    Intentional {
        id: "x-one-of-name",
        kind: Kind::ExtensionAdded,
        ours: &["#/**/x-one-of-name"],
        upstream: "#/**",
        reason: "names the enum the generator makes of our identity and sender `oneOf`s",
    },
    Intentional {
        id: "x-one-of-field",
        kind: Kind::ExtensionAdded,
        ours: &["#/**/x-one-of-field"],
        upstream: "#/**",
        reason: "names the field that holds that enum",
    },
    Intentional {
        id: "x-idempotent",
        kind: Kind::ExtensionAdded,
        ours: &["#/paths/~1conversations~1agentOnlinePing/post/x-idempotent"],
        upstream: "#/**",
        reason: "a repeated presence ping only refreshes the same status, so the client may retry it like a PUT",
    },
    Intentional {
        id: "x-heartbeat",
        kind: Kind::ExtensionAdded,
        ours: &["#/paths/~1conversations~1agentOnlinePing/post/x-heartbeat"],
        upstream: "#/**",
        reason: "the client offers `keep_agent_online`, pinging at the interval Brevo recommends (every minute)",
    },
    Intentional {
        id: "x-rate-limit-headers",
        kind: Kind::ExtensionAdded,
        ours: &["#/x-rate-limit-headers"],
        upstream: "#/**",
        reason: "Brevo reports its limits in x-sib-ratelimit-* headers, which its definition does not document",
    },
    Intentional {
        id: "x-crate-version",
        kind: Kind::ExtensionAdded,
        ours: &["#/info/x-crate-version"],
        upstream: "#/**",
        reason: "the version of the generated crate, checked by `cargo xtask diff`",
    },
    Intentional {
        id: "agent-identity-one-of",
        kind: Kind::CompositionAdded,
        ours: &[
            "#/paths/~1conversations~1messages/post/requestBody/content/application~1json/schema/oneOf",
            "#/paths/~1conversations~1agentOnlinePing/post/requestBody/content/application~1json/schema/oneOf",
        ],
        upstream: "#/**",
        reason: "upstream says in prose that the agent is `agentId` alone or `agentEmail` + `agentName` + \
                 `receivedFrom` together; ours says it with `oneOf`, so the type allows nothing else \
                 (the same properties, and no property is required on every side)",
    },
    Intentional {
        id: "pushed-sender-one-of",
        kind: Kind::CompositionAdded,
        ours: &[
            "#/paths/~1conversations~1pushedMessages/post/requestBody/content/application~1json/schema/oneOf",
        ],
        upstream: "#/**",
        reason: "a pushed message goes out as one agent (`agentId`), a member of one group (`groupId`), or \
                 any agent; upstream lists both properties as optional, ours makes them exclusive",
    },
    Intentional {
        id: "visitor-group-types",
        kind: Kind::TypeAdded,
        ours: &[
            "#/paths/~1conversations~1visitorGroup/put/requestBody/content/application~1json/schema/properties/groupId/type",
            "#/paths/~1conversations~1visitorGroup/put/responses/200/content/application~1json/schema/properties/*/type",
        ],
        upstream: "#/paths/~1conversations~1visitorGroup/put/**",
        reason: "upstream gives `groupId` and `visitorId` no type (the SDKs make them `mixed`/`unknown`); \
                 its examples and descriptions show group and visitor IDs, which are strings",
    },
    Intentional {
        id: "visitor-group-nullable",
        kind: Kind::NullableAdded,
        ours: &[
            "#/paths/~1conversations~1visitorGroup/put/requestBody/content/application~1json/schema/properties/groupId/nullable",
            "#/paths/~1conversations~1visitorGroup/put/responses/200/content/application~1json/schema/properties/groupId/nullable",
        ],
        upstream: "#/paths/~1conversations~1visitorGroup/put/**",
        reason: "upstream's example \"Remove from group\" sends `groupId: null`, and the response then has no \
                 group; without `nullable` a typed `groupId` could not say so",
    },
    Intentional {
        id: "openapi-3.0.3",
        kind: Kind::OpenApiVersionChanged,
        ours: &["#/openapi"],
        upstream: "#/openapi",
        reason: "ours is written against OpenAPI 3.0.3, upstream declares 3.0.1: patch revisions of the \
                 same format, with the same keywords",
    },
];

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
/// nor listed here is reported ([`Kind::UnknownKeyword`]), so a new construct
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

/// The entry that excuses `difference`, if any.
pub(crate) fn excuse(difference: &Difference) -> Option<&'static Intentional> {
    INTENTIONAL.iter().find(|entry| entry.excuses(difference))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pointer::Pointer;

    fn well_formed(pattern: &str) -> bool {
        pattern == "#" || pattern.starts_with("#/")
    }

    #[test]
    fn ids_are_unique_and_patterns_well_formed() {
        let mut ids: Vec<&str> = INTENTIONAL.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), INTENTIONAL.len(), "duplicate ids");
        for entry in INTENTIONAL {
            assert!(!entry.ours.is_empty(), "{}", entry.id);
            for pattern in entry.ours.iter().chain([&entry.upstream]) {
                assert!(well_formed(pattern), "{}: {pattern}", entry.id);
            }
            assert!(!entry.reason.is_empty(), "{}", entry.id);
        }
        for entry in NOT_COMPARED {
            assert!(!entry.reason.is_empty(), "{}", entry.keyword);
        }
    }

    #[test]
    fn an_entry_needs_kind_and_both_places_to_match() {
        let at = |s: &str| Pointer::parse_ref(s).expect("pointer");
        let difference = Difference {
            kind: Kind::OperationIdAdded,
            ours: at("#/paths/~1a/get/operationId"),
            upstream: at("#/paths/~1a/get"),
            message: String::new(),
        };
        assert_eq!(excuse(&difference).map(|e| e.id), Some("operation-ids"));
        let other_kind = Difference {
            kind: Kind::OperationIdChanged,
            ..difference.clone()
        };
        assert_eq!(excuse(&other_kind), None);
        let elsewhere = Difference {
            kind: Kind::TypeAdded,
            ours: at("#/paths/~1other/put/requestBody/content/application~1json/schema/properties/groupId/type"),
            upstream: at("#/paths/~1other/put"),
            message: String::new(),
        };
        assert_eq!(excuse(&elsewhere), None);
        assert!(not_compared(Place::Info, "title"));
        assert!(!not_compared(Place::Anywhere, "title"));
        assert!(not_compared(Place::Root, "description"));
    }
}

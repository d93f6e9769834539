//! The generated crate's version (`info.x-crate-version`) and whether a
//! change bumped it enough: breaking changes need a bump cargo treats as
//! incompatible (major from 1.0, minor while 0.x, patch while 0.0.x).

pub use semver::Version;

use super::ApiDiff;

/// The version a spec without `info.x-crate-version` stands for, as in the
/// generator.
pub const DEFAULT_CRATE_VERSION: &str = "0.1.0";

/// A spec's `info.x-crate-version` is not a semantic version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {side} spec's `info.x-crate-version` `{text}` is not a version MAJOR.MINOR.PATCH: {reason}")]
pub struct VersionError {
    /// `old` or `new`.
    pub side: &'static str,
    /// The text.
    pub text: String,
    /// What the `semver` parser found wrong.
    pub reason: String,
}

/// Whether cargo would accept `newer` where `older` was asked for
/// (`^older`): the same leftmost non-zero number. Pre-release identifiers
/// and build metadata do not change which series a version is in.
pub fn is_compatible(older: &Version, newer: &Version) -> bool {
    if older.major > 0 {
        newer.major == older.major
    } else if older.minor > 0 {
        newer.major == 0 && newer.minor == older.minor
    } else {
        newer.major == 0 && newer.minor == 0 && newer.patch == older.patch
    }
}

/// The smallest release cargo treats as incompatible with `version`.
pub fn next_breaking(version: &Version) -> Version {
    if version.major > 0 {
        Version::new(version.major + 1, 0, 0)
    } else if version.minor > 0 {
        Version::new(0, version.minor + 1, 0)
    } else {
        Version::new(0, 0, version.patch + 1)
    }
}

/// The next patch release after `version`.
pub fn next_patch(version: &Version) -> Version {
    Version::new(version.major, version.minor, version.patch + 1)
}

/// Which number a breaking change of `version` bumps, with the rule that
/// picks it.
pub fn breaking_rule(version: &Version) -> &'static str {
    if version.major > 0 {
        "a major bump"
    } else if version.minor > 0 {
        "a minor bump while 0.x"
    } else {
        "a patch bump while 0.0.x"
    }
}

/// What the version check concluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing changed for callers.
    NoChanges,
    /// Only non-breaking changes; `bumped` says whether the version went up.
    Compatible {
        /// Whether the new version is greater than the old.
        bumped: bool,
    },
    /// Breaking changes, with a version cargo treats as incompatible.
    BreakingBumped,
    /// Breaking changes without the bump they need: the check fails.
    BreakingNotBumped,
}

/// The crate versions of both specs and the verdict on them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionCheck {
    /// The old spec's version ([`DEFAULT_CRATE_VERSION`] when it has none).
    pub old: Version,
    /// The new spec's version.
    pub new: Version,
    /// Whether the old spec gives its version.
    pub old_given: bool,
    /// Whether the new spec gives its version.
    pub new_given: bool,
    /// The verdict.
    pub verdict: Verdict,
    /// The least version the changes need (breaking) or suggest (others).
    pub wanted: Option<Version>,
}

impl VersionCheck {
    /// Checks the versions of two specs (`None`: not given) against `diff`.
    pub fn new(old: Option<&str>, new: Option<&str>, diff: &ApiDiff) -> Result<Self, VersionError> {
        let read = |side: &'static str, text: Option<&str>| {
            let text = text.unwrap_or(DEFAULT_CRATE_VERSION);
            Version::parse(text).map_err(|error| VersionError {
                side,
                text: text.to_owned(),
                reason: error.to_string(),
            })
        };
        let old_version = read("old", old)?;
        let new_version = read("new", new)?;
        let (verdict, wanted) = if diff.breaking() > 0 {
            let bumped = new_version > old_version && !is_compatible(&old_version, &new_version);
            let verdict = if bumped {
                Verdict::BreakingBumped
            } else {
                Verdict::BreakingNotBumped
            };
            (verdict, Some(next_breaking(&old_version)))
        } else if diff.is_empty() {
            (Verdict::NoChanges, None)
        } else {
            let bumped = new_version > old_version;
            (
                Verdict::Compatible { bumped },
                Some(next_patch(&old_version)),
            )
        };
        Ok(Self {
            old: old_version,
            new: new_version,
            old_given: old.is_some(),
            new_given: new.is_some(),
            verdict,
            wanted,
        })
    }

    /// Whether the check passes: it fails only on breaking changes without
    /// the bump they need.
    pub fn passes(&self) -> bool {
        self.verdict != Verdict::BreakingNotBumped
    }

    /// The verdict in one sentence.
    pub fn message(&self) -> String {
        let wanted = self
            .wanted
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        match self.verdict {
            Verdict::NoChanges => "no API changes, no bump needed".to_owned(),
            Verdict::Compatible { bumped: true } => "non-breaking changes only".to_owned(),
            Verdict::Compatible { bumped: false } => {
                format!("non-breaking changes only; a patch bump to {wanted} is suggested")
            }
            Verdict::BreakingBumped => {
                format!("breaking changes, and {}", breaking_rule(&self.old))
            }
            Verdict::BreakingNotBumped => format!(
                "breaking changes need {}: set `info.x-crate-version` to {wanted} or later",
                breaking_rule(&self.old)
            ),
        }
    }

    /// `0.1.0 -> 0.2.0`, marking versions the specs leave out.
    pub fn versions(&self) -> String {
        let show = |version: &Version, given: bool| {
            if given {
                version.to_string()
            } else {
                format!("{version} (not given)")
            }
        };
        format!(
            "{} -> {}",
            show(&self.old, self.old_given),
            show(&self.new, self.new_given)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Change, ChangeKind, Impact, Section};

    fn v(text: &str) -> Version {
        Version::parse(text).expect("valid version")
    }

    fn diff_with(impact: Option<Impact>) -> ApiDiff {
        ApiDiff {
            changes: impact
                .map(|impact| Change {
                    section: Section::Types,
                    subject: "T".to_owned(),
                    kind: ChangeKind::FieldAdded,
                    impact,
                    message: String::new(),
                    reason: String::new(),
                })
                .into_iter()
                .collect(),
        }
    }

    fn verdict(old: Option<&str>, new: Option<&str>, impact: Option<Impact>) -> Verdict {
        VersionCheck::new(old, new, &diff_with(impact))
            .expect("valid versions")
            .verdict
    }

    #[test]
    fn parses_and_prints_versions() {
        for text in [
            "0.1.0",
            "1.22.333",
            "2.0.0-rc.1",
            "1.0.0+build-5",
            "1.0.0-a+b",
        ] {
            assert_eq!(v(text).to_string(), text);
        }
        for text in [
            "", "1", "1.2", "1.2.3.4", "01.2.3", "1.x.3", "1.2.3-", "1.2.3+", "v1.2.3",
        ] {
            assert!(Version::parse(text).is_err(), "{text:?} should be rejected");
        }
        assert!(v("1.0.0-alpha") < v("1.0.0"));
        assert!(v("0.9.9") < v("0.10.0"));
    }

    #[test]
    fn breaking_bumps_follow_cargo_compatibility() {
        assert_eq!(next_breaking(&v("1.4.2")), v("2.0.0"));
        assert_eq!(next_breaking(&v("0.3.7")), v("0.4.0"));
        assert_eq!(next_breaking(&v("0.0.3")), v("0.0.4"));
        assert!(is_compatible(&v("1.4.2"), &v("1.9.0")));
        assert!(!is_compatible(&v("0.3.7"), &v("0.4.0")));
        assert!(is_compatible(&v("0.3.7"), &v("0.3.9")));
        assert!(!is_compatible(&v("0.0.3"), &v("0.0.4")));
    }

    #[test]
    fn verdicts() {
        let breaking = Some(Impact::Breaking);
        let compatible = Some(Impact::NonBreaking);
        assert_eq!(
            verdict(Some("0.1.0"), Some("0.1.0"), None),
            Verdict::NoChanges
        );
        assert_eq!(
            verdict(Some("0.1.0"), Some("0.1.0"), compatible),
            Verdict::Compatible { bumped: false }
        );
        assert_eq!(
            verdict(Some("0.1.0"), Some("0.1.1"), compatible),
            Verdict::Compatible { bumped: true }
        );
        assert_eq!(
            verdict(Some("0.1.0"), Some("0.1.1"), breaking),
            Verdict::BreakingNotBumped
        );
        assert_eq!(
            verdict(Some("0.1.0"), Some("0.2.0"), breaking),
            Verdict::BreakingBumped
        );
        assert_eq!(
            verdict(Some("0.1.0"), Some("1.0.0"), breaking),
            Verdict::BreakingBumped
        );
        assert_eq!(
            verdict(Some("1.2.0"), Some("1.3.0"), breaking),
            Verdict::BreakingNotBumped
        );
        assert_eq!(
            verdict(Some("1.2.0"), Some("2.0.0"), breaking),
            Verdict::BreakingBumped
        );
        assert_eq!(
            verdict(Some("0.2.0"), Some("0.1.0"), breaking),
            Verdict::BreakingNotBumped
        );
        // A missing version counts as 0.1.0.
        assert_eq!(
            verdict(None, Some("0.1.0"), breaking),
            Verdict::BreakingNotBumped
        );
        assert_eq!(
            verdict(None, Some("0.2.0"), breaking),
            Verdict::BreakingBumped
        );
        assert_eq!(
            verdict(Some("0.1.0"), None, breaking),
            Verdict::BreakingNotBumped
        );
    }

    #[test]
    fn an_invalid_version_in_a_spec_is_an_error_naming_the_side() {
        let error =
            VersionCheck::new(Some("0.1.0"), Some("two"), &diff_with(None)).expect_err("invalid");
        assert!(error.to_string().starts_with("the new spec's"), "{error}");
    }
}

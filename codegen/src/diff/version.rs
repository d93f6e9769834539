//! The generated crate's version (`info.x-crate-version`) and whether a
//! change bumped it enough: breaking changes need a bump cargo treats as
//! incompatible (major from 1.0, minor while 0.x, patch while 0.0.x).

use std::cmp::Ordering;
use std::fmt;

use super::ApiDiff;

/// The version a spec without `info.x-crate-version` stands for, as in the
/// generator.
pub const DEFAULT_CRATE_VERSION: &str = "0.1.0";

/// A semantic version `MAJOR.MINOR.PATCH[-PRE][+BUILD]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
    /// Pre-release identifiers, without the `-`; empty for a release.
    pub pre: String,
    /// Build metadata, without the `+`; ignored in comparisons.
    pub build: String,
}

/// Why a version could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// The text is not `MAJOR.MINOR.PATCH`.
    #[error("`{text}` is not a version MAJOR.MINOR.PATCH: {reason}")]
    Invalid {
        /// The text.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A spec's `info.x-crate-version` is not a version.
    #[error("the {side} spec's `info.x-crate-version` `{text}` is not a version MAJOR.MINOR.PATCH: {reason}")]
    InSpec {
        /// `old` or `new`.
        side: &'static str,
        /// The text.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl Version {
    /// Parses `1.2.3`, `0.2.0-alpha.1` or `1.0.0+build`.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let invalid = |reason: &str| VersionError::Invalid {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let (rest, build) = text.split_once('+').unwrap_or((text, ""));
        let (core, pre) = rest.split_once('-').unwrap_or((rest, ""));
        let numbers = core
            .split('.')
            .map(|part| {
                if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(invalid("each of MAJOR, MINOR and PATCH must be digits"));
                }
                if part.len() > 1 && part.starts_with('0') {
                    return Err(invalid("numbers must not have leading zeros"));
                }
                part.parse::<u64>()
                    .map_err(|_| invalid("a number is too large"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let [major, minor, patch] = numbers[..] else {
            return Err(invalid("it needs exactly three numbers"));
        };
        if text.contains('+') && build.is_empty() || rest.contains('-') && pre.is_empty() {
            return Err(invalid("empty pre-release or build identifier"));
        }
        Ok(Self {
            major,
            minor,
            patch,
            pre: pre.to_owned(),
            build: build.to_owned(),
        })
    }

    /// Whether cargo would accept `newer` where `self` was asked for (`^self`):
    /// the same leftmost non-zero number.
    pub fn is_compatible_with(&self, newer: &Self) -> bool {
        if self.major > 0 {
            newer.major == self.major
        } else if self.minor > 0 {
            newer.major == 0 && newer.minor == self.minor
        } else {
            newer.major == 0 && newer.minor == 0 && newer.patch == self.patch
        }
    }

    /// The smallest version cargo treats as incompatible with this one.
    pub fn next_breaking(&self) -> Self {
        let (major, minor, patch) = if self.major > 0 {
            (self.major + 1, 0, 0)
        } else if self.minor > 0 {
            (0, self.minor + 1, 0)
        } else {
            (0, 0, self.patch + 1)
        };
        Self::release(major, minor, patch)
    }

    /// The next patch release.
    pub fn next_patch(&self) -> Self {
        Self::release(self.major, self.minor, self.patch + 1)
    }

    /// Which number a breaking change bumps, with the rule that picks it.
    pub fn breaking_rule(&self) -> &'static str {
        if self.major > 0 {
            "a major bump"
        } else if self.minor > 0 {
            "a minor bump while 0.x"
        } else {
            "a patch bump while 0.0.x"
        }
    }

    fn release(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
            pre: String::new(),
            build: String::new(),
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    /// Semver precedence, except that pre-release identifiers compare as
    /// plain text; build metadata breaks ties only so the order is total.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => self.pre.cmp(&other.pre),
            })
            .then_with(|| self.build.cmp(&other.build))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.build.is_empty() {
            write!(f, "+{}", self.build)?;
        }
        Ok(())
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
            Version::parse(text.unwrap_or(DEFAULT_CRATE_VERSION)).map_err(|error| match error {
                VersionError::Invalid { text, reason }
                | VersionError::InSpec { text, reason, .. } => {
                    VersionError::InSpec { side, text, reason }
                }
            })
        };
        let old_version = read("old", old)?;
        let new_version = read("new", new)?;
        let (verdict, wanted) = if diff.breaking() > 0 {
            let bumped = new_version > old_version && !old_version.is_compatible_with(&new_version);
            let verdict = if bumped {
                Verdict::BreakingBumped
            } else {
                Verdict::BreakingNotBumped
            };
            (verdict, Some(old_version.next_breaking()))
        } else if diff.is_empty() {
            (Verdict::NoChanges, None)
        } else {
            let bumped = new_version > old_version;
            (
                Verdict::Compatible { bumped },
                Some(old_version.next_patch()),
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
                format!("breaking changes, and {}", self.old.breaking_rule())
            }
            Verdict::BreakingNotBumped => format!(
                "breaking changes need {}: set `info.x-crate-version` to {wanted} or later",
                self.old.breaking_rule()
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
    use crate::diff::{Change, ChangeKind, Impact, Section};

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
        assert_eq!(v("1.4.2").next_breaking(), v("2.0.0"));
        assert_eq!(v("0.3.7").next_breaking(), v("0.4.0"));
        assert_eq!(v("0.0.3").next_breaking(), v("0.0.4"));
        assert!(v("1.4.2").is_compatible_with(&v("1.9.0")));
        assert!(!v("0.3.7").is_compatible_with(&v("0.4.0")));
        assert!(v("0.3.7").is_compatible_with(&v("0.3.9")));
        assert!(!v("0.0.3").is_compatible_with(&v("0.0.4")));
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

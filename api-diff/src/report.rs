//! The report of a comparison: the changes, the summary line, the size of
//! the generated-code change and the crate version check, as text for
//! people or as JSON for tools.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{diff, ApiDiff, Section, Verdict, VersionCheck, VersionError};
use codegen::ir::Api;

/// How much the generated crate changes, counted by the caller (who
/// generates both versions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CodeSize {
    /// Files only the new spec generates.
    pub files_added: usize,
    /// Files only the old spec generates.
    pub files_removed: usize,
    /// Files both generate, with different contents.
    pub files_changed: usize,
    /// Files both generate alike.
    pub files_unchanged: usize,
    /// Lines added over all files.
    pub lines_added: usize,
    /// Lines removed over all files.
    pub lines_removed: usize,
}

/// A full comparison of two specs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// How the old spec is named (`HEAD:spec/conversations.yaml`).
    pub old: String,
    /// How the new spec is named.
    pub new: String,
    /// The changes.
    pub diff: ApiDiff,
    /// The crate version check.
    pub version: VersionCheck,
    /// The generated-code change, when it was computed.
    pub generated: Option<CodeSize>,
}

impl Report {
    /// Compares `old` and `new` (labelled `old_label` and `new_label`) and
    /// checks their `x-crate-version`s.
    pub fn new(
        old_label: impl Into<String>,
        old: &Api,
        new_label: impl Into<String>,
        new: &Api,
    ) -> Result<Self, VersionError> {
        let diff = diff(old, new);
        let version = VersionCheck::new(
            old.crate_version.as_deref(),
            new.crate_version.as_deref(),
            &diff,
        )?;
        Ok(Self {
            old: old_label.into(),
            new: new_label.into(),
            diff,
            version,
            generated: None,
        })
    }

    /// The report with the generated-code change filled in.
    pub fn with_generated(mut self, size: CodeSize) -> Self {
        self.generated = Some(size);
        self
    }

    /// Whether the check passes (no breaking change without its bump).
    pub fn passes(&self) -> bool {
        self.version.passes()
    }

    /// `N breaking, M non-breaking`.
    pub fn summary(&self) -> String {
        format!(
            "{} breaking, {} non-breaking",
            self.diff.breaking(),
            self.diff.non_breaking()
        )
    }

    /// The report for people: changes by section, each with why it does or
    /// does not break callers, then summary, code size and version check.
    pub fn to_text(&self) -> String {
        let mut text = format!("API diff: {} -> {}\n", self.old, self.new);
        if self.diff.is_empty() {
            text.push_str("\nNo changes for users of the generated crate.\n");
        }
        let mut section: Option<Section> = None;
        for change in &self.diff.changes {
            if section != Some(change.section) {
                section = Some(change.section);
                let _ = write!(text, "\n{}\n", change.section.title());
            }
            let tag = if change.is_breaking() {
                "BREAKING"
            } else {
                "non-breaking"
            };
            let _ = writeln!(text, "  {tag:<12}  {}: {}", change.subject, change.message);
            let _ = writeln!(text, "  {:<12}    {}", "", change.reason);
        }
        let _ = write!(text, "\nSummary: {}\n", self.summary());
        if let Some(size) = &self.generated {
            let total = size.files_added + size.files_changed + size.files_unchanged;
            let _ = writeln!(
                text,
                "Generated code: {} of {total} files changed, {} added, {} removed; +{} -{} lines",
                size.files_changed,
                size.files_added,
                size.files_removed,
                size.lines_added,
                size.lines_removed
            );
        }
        let _ = writeln!(
            text,
            "Crate version: {}: {}",
            self.version.versions(),
            self.version.message()
        );
        text.push_str(if self.passes() {
            "Result: ok\n"
        } else {
            "Result: FAIL (breaking changes without the crate version bump they need)\n"
        });
        text
    }

    /// The report for tools; field names are stable.
    pub fn to_json(&self) -> Value {
        let changes: Vec<Value> = self
            .diff
            .changes
            .iter()
            .map(|change| {
                json!({
                    "section": change.section.as_str(),
                    "subject": change.subject,
                    "kind": change.kind.as_str(),
                    "breaking": change.is_breaking(),
                    "message": change.message,
                    "reason": change.reason,
                })
            })
            .collect();
        let generated = self.generated.map(|size| {
            json!({
                "files_added": size.files_added,
                "files_removed": size.files_removed,
                "files_changed": size.files_changed,
                "files_unchanged": size.files_unchanged,
                "lines_added": size.lines_added,
                "lines_removed": size.lines_removed,
            })
        });
        let version = &self.version;
        json!({
            "old": self.old,
            "new": self.new,
            "changes": changes,
            "summary": {
                "breaking": self.diff.breaking(),
                "non_breaking": self.diff.non_breaking(),
            },
            "generated": generated,
            "crate_version": {
                "old": version.old.to_string(),
                "new": version.new.to_string(),
                "old_given": version.old_given,
                "new_given": version.new_given,
                "verdict": verdict_name(version.verdict),
                "wanted": version.wanted.as_ref().map(ToString::to_string),
                "message": version.message(),
            },
            "passes": self.passes(),
        })
    }
}

fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::NoChanges => "no_changes",
        Verdict::Compatible { bumped: true } => "compatible_bumped",
        Verdict::Compatible { bumped: false } => "compatible_not_bumped",
        Verdict::BreakingBumped => "breaking_bumped",
        Verdict::BreakingNotBumped => "breaking_not_bumped",
    }
}

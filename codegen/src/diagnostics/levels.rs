//! Lint levels: which warnings become errors and which are dropped, by
//! [`Code`], applied by [`crate::generate`] after lowering.

use std::collections::BTreeSet;

use super::{Code, Diagnostics, Severity};

/// Why a set of lint levels was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LevelsError {
    /// An error code in the allowed list: errors mean the generator cannot
    /// produce correct code, so they cannot be turned off.
    #[error("`{0}` is an error and cannot be allowed; only warnings can")]
    AllowedError(Code),
    /// The same code in the denied and the allowed list.
    #[error("`{0}` is both denied and allowed")]
    DeniedAndAllowed(Code),
}

/// What to do with each kind of warning. The default keeps every code at
/// the severity the generator emits it with ([`Code::severity`]).
///
/// - `deny_warnings`: every warning is an error;
/// - `deny`: warnings of these codes are errors (an error code there is
///   already one, and is accepted);
/// - `allow`: warnings of these codes are dropped, even with
///   `deny_warnings` (the more specific level wins). Errors cannot be
///   allowed, and no code can be both denied and allowed: [`Levels::new`]
///   refuses both.
///
/// A denied warning keeps its code and gets a note saying what denied it
/// (`denied by --deny no-server`, or `denied by --deny-warnings`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Levels {
    deny_warnings: bool,
    deny: BTreeSet<Code>,
    allow: BTreeSet<Code>,
}

impl Levels {
    /// Levels that deny all warnings when `deny_warnings`, deny the codes in
    /// `deny` and allow those in `allow`; see [`Levels`] for what is refused.
    pub fn new(
        deny_warnings: bool,
        deny: impl IntoIterator<Item = Code>,
        allow: impl IntoIterator<Item = Code>,
    ) -> Result<Self, LevelsError> {
        let deny: BTreeSet<Code> = deny.into_iter().collect();
        let allow: BTreeSet<Code> = allow.into_iter().collect();
        if let Some(code) = allow.iter().find(|c| c.severity() == Severity::Error) {
            return Err(LevelsError::AllowedError(*code));
        }
        if let Some(code) = allow.intersection(&deny).next() {
            return Err(LevelsError::DeniedAndAllowed(*code));
        }
        Ok(Self {
            deny_warnings,
            deny,
            allow,
        })
    }

    /// Whether every warning (not allowed by code) is an error.
    pub fn deny_warnings(&self) -> bool {
        self.deny_warnings
    }

    /// The denied codes, in [`Code`] order.
    pub fn denied(&self) -> impl Iterator<Item = Code> + '_ {
        self.deny.iter().copied()
    }

    /// The allowed codes, in [`Code`] order.
    pub fn allowed(&self) -> impl Iterator<Item = Code> + '_ {
        self.allow.iter().copied()
    }

    /// The severity a finding of `code` is reported with, or `None` when it
    /// is dropped.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        match code.severity() {
            Severity::Error => Some(Severity::Error),
            Severity::Warning if self.allow.contains(&code) => None,
            Severity::Warning if self.deny_warnings || self.deny.contains(&code) => {
                Some(Severity::Error)
            }
            Severity::Warning => Some(Severity::Warning),
        }
    }

    /// `diagnostics` under these levels, in the same order: allowed warnings
    /// dropped, denied ones made errors with a note.
    pub fn apply(&self, diagnostics: Diagnostics) -> Diagnostics {
        let mut result = Diagnostics::default();
        for mut diagnostic in diagnostics.into_vec() {
            match self.severity(diagnostic.code) {
                None => continue,
                Some(Severity::Error) if diagnostic.severity == Severity::Warning => {
                    diagnostic.severity = Severity::Error;
                    diagnostic.note = Some(self.denial(diagnostic.code));
                }
                Some(_) => {}
            }
            result.push(diagnostic);
        }
        result
    }

    /// What denied the warning `code`, for its note.
    fn denial(&self, code: Code) -> String {
        if self.deny.contains(&code) {
            format!("denied by --deny {code}")
        } else {
            "denied by --deny-warnings".to_owned()
        }
    }
}

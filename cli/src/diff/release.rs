//! `cargo xtask diff --since-release`: which revision holds the spec of the
//! last release, so that CI checks everything a push changed since then,
//! not only its last commit.
//!
//! The last release is the newest tag reachable from `HEAD`; without tags,
//! the newest commit (following first parents) whose spec has another
//! `info.x-crate-version` than `HEAD`'s: every commit since then belongs to
//! the version `HEAD` names, which is not released yet, so its changes are
//! checked against the version before it all together.

use std::path::Path;
use std::process::Command;

use super::source::show;
use super::DiffError;

/// The revision a push is compared with, and why it was chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    /// A tag or a commit hash.
    pub rev: String,
    /// Why this one, for the report.
    pub reason: String,
}

/// Why there is nothing to compare with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoRelease {
    /// The clone has no history to look in (shallow).
    Shallow,
    /// Every commit that has the spec names `HEAD`'s version (or has none).
    NoEarlierVersion(String),
}

impl std::fmt::Display for NoRelease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Shallow => f.write_str("the clone is shallow, so no earlier release can be found"),
            Self::NoEarlierVersion(version) => write!(
                f,
                "no tag, and every commit of the spec names version {version}: nothing was released before it"
            ),
        }
    }
}

/// `git -C dir ARGS`, its stdout as text; `None` when git fails.
fn git(dir: &Path, args: &[&str]) -> Result<Option<String>, DiffError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(DiffError::GitSpawn)?;
    Ok(output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned()))
}

/// The crate version the spec at `rev` names (`None`: none, or no spec).
fn version_at(root: &Path, rev: &str, spec: &str) -> Result<Option<String>, DiffError> {
    let Ok(bytes) = show(root, rev, spec) else {
        return Ok(None);
    };
    Ok(codegen::load::load(&bytes)
        .ok()
        .map(|document| codegen::lower::lower(&document).0.crate_version)
        .unwrap_or_default())
}

/// Finds the last release of `spec` (a path relative to `root`) before `HEAD`.
///
/// # Errors
///
/// [`DiffError::NotARepository`] when `root` is not in a git work tree.
pub fn last_release(root: &Path, spec: &str) -> Result<Result<Release, NoRelease>, DiffError> {
    if git(root, &["rev-parse", "--is-inside-work-tree"])?.as_deref() != Some("true") {
        return Err(DiffError::NotARepository(root.to_path_buf()));
    }
    if git(root, &["rev-parse", "--is-shallow-repository"])?.as_deref() == Some("true") {
        return Ok(Err(NoRelease::Shallow));
    }
    if let Some(tag) = git(root, &["describe", "--tags", "--abbrev=0", "HEAD"])? {
        if !tag.is_empty() {
            return Ok(Ok(Release {
                reason: format!("the newest tag reachable from HEAD, {tag}"),
                rev: tag,
            }));
        }
    }
    let head = version_at(root, "HEAD", spec)?;
    let shown = head.clone().unwrap_or_else(|| "(none)".to_owned());
    let log = git(
        root,
        &["log", "--first-parent", "--format=%H", "HEAD", "--", spec],
    )?
    .unwrap_or_default();
    for commit in log.lines() {
        let version = version_at(root, commit, spec)?;
        if version != head {
            let older = version.unwrap_or_else(|| "(none)".to_owned());
            return Ok(Ok(Release {
                rev: commit.to_owned(),
                reason: format!(
                    "the newest commit whose spec names another crate version ({older}, HEAD names {shown})"
                ),
            }));
        }
    }
    Ok(Err(NoRelease::NoEarlierVersion(shown)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git_ok(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.test"])
            .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    fn spec(version: &str, path: &str) -> String {
        format!("openapi: 3.0.3\ninfo: {{title: T, version: '1', x-crate-version: '{version}'}}\nservers: [{{url: 'https://x.test'}}]\npaths:\n  {path}:\n    get:\n      operationId: op\n      responses: {{'204': {{description: ok}}}}\n")
    }

    fn commit(root: &Path, text: &str, message: &str) -> String {
        std::fs::write(root.join("api.yaml"), text).expect("write");
        git_ok(root, &["add", "api.yaml"]);
        git_ok(root, &["commit", "--quiet", "-m", message]);
        git(root, &["rev-parse", "HEAD"])
            .expect("git")
            .expect("a hash")
    }

    /// Two breaking commits in one push are compared with the release
    /// before them, not each with its parent; a tag wins over versions.
    #[test]
    fn the_base_is_the_last_commit_of_the_previous_version_or_the_newest_tag() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git_ok(root, &["init", "--quiet"]);
        commit(root, &spec("0.1.0", "/a"), "first");
        let released = commit(root, &spec("0.1.0", "/b"), "0.1.0 as released");
        commit(root, &spec("0.2.0", "/c"), "breaking, with the bump");
        commit(root, &spec("0.2.0", "/d"), "breaking again, same version");
        let base = last_release(root, "api.yaml")
            .expect("git works")
            .expect("a release");
        assert_eq!(base.rev, released);
        assert!(
            base.reason.contains("0.1.0, HEAD names 0.2.0"),
            "{}",
            base.reason
        );

        git_ok(root, &["tag", "v0.2.0", "HEAD~1"]);
        let base = last_release(root, "api.yaml")
            .expect("git works")
            .expect("a release");
        assert_eq!(base.rev, "v0.2.0");
    }

    #[test]
    fn a_history_of_one_version_has_no_release_to_compare_with() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git_ok(root, &["init", "--quiet"]);
        commit(root, &spec("0.1.0", "/a"), "first");
        commit(root, &spec("0.1.0", "/b"), "second");
        let none = last_release(root, "api.yaml").expect("git works");
        assert_eq!(none, Err(NoRelease::NoEarlierVersion("0.1.0".to_owned())));
    }

    #[test]
    fn a_folder_outside_git_is_an_error_not_a_skip() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = last_release(dir.path(), "api.yaml").expect_err("not a repository");
        assert!(matches!(error, DiffError::NotARepository(_)), "{error}");
        assert!(
            error.to_string().contains("not in a git repository"),
            "{error}"
        );
    }
}

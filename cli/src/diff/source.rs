//! Where a spec version comes from: a file, the spec at a git revision, or
//! the spec in the working tree; and reading it.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::DiffError;

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file, relative to the workspace root unless absolute.
    File(PathBuf),
    /// The spec `path` (relative to the workspace root) as committed at `rev`.
    Rev {
        /// Anything `git show` takes before the `:` (`HEAD~1`, a tag, a hash).
        rev: String,
        /// The spec's path.
        path: String,
    },
    /// The spec `path` (relative to the workspace root) as it is on disk.
    WorkingTree(String),
}

impl Source {
    /// How the report names this side.
    pub fn label(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Rev { rev, path } => format!("{rev}:{path}"),
            Self::WorkingTree(path) => format!("{path} (working tree)"),
        }
    }

    /// Reads the spec's bytes; relative paths and git run from `root`.
    pub fn read(&self, root: &Path) -> Result<Vec<u8>, DiffError> {
        match self {
            Self::File(path) => read_file(&root.join(path)),
            Self::WorkingTree(path) => read_file(&root.join(path)),
            Self::Rev { rev, path } => show(root, rev, path),
        }
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, DiffError> {
    std::fs::read(path).map_err(|source| DiffError::Read {
        path: path.to_owned(),
        source,
    })
}

/// `git show REV:./PATH`, run in `dir`: the file as committed at `rev`. The
/// `./` makes `path` relative to `dir` rather than to the repository's top.
pub fn show(dir: &Path, rev: &str, path: &str) -> Result<Vec<u8>, DiffError> {
    let object = format!("{rev}:./{}", path.trim_start_matches("./"));
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["show", &object])
        .output()
        .map_err(DiffError::GitSpawn)?;
    if !output.status.success() {
        return Err(DiffError::Git {
            object,
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.test"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn reads_a_file_at_two_revisions_and_in_the_working_tree() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git(root, &["init", "--quiet"]);
        std::fs::create_dir(root.join("spec")).expect("mkdir");
        std::fs::write(root.join("spec/api.yaml"), "one\n").expect("write");
        git(root, &["add", "spec/api.yaml"]);
        git(root, &["commit", "--quiet", "-m", "one"]);
        std::fs::write(root.join("spec/api.yaml"), "two\n").expect("write");
        git(root, &["commit", "--quiet", "-am", "two"]);
        std::fs::write(root.join("spec/api.yaml"), "three\n").expect("write");

        let at = |rev: &str| Source::Rev {
            rev: rev.to_owned(),
            path: "spec/api.yaml".to_owned(),
        };
        assert_eq!(at("HEAD~1").read(root).expect("HEAD~1"), b"one\n");
        assert_eq!(at("HEAD").read(root).expect("HEAD"), b"two\n");
        let tree = Source::WorkingTree("spec/api.yaml".to_owned());
        assert_eq!(tree.read(root).expect("working tree"), b"three\n");
        assert_eq!(at("HEAD~1").label(), "HEAD~1:spec/api.yaml");
        assert_eq!(tree.label(), "spec/api.yaml (working tree)");

        let error = at("HEAD~5").read(root).expect_err("no such revision");
        let text = error.to_string();
        assert!(text.contains("git show HEAD~5:./spec/api.yaml"), "{text}");
        let missing = Source::File(PathBuf::from("nope.yaml"));
        assert!(missing.read(root).is_err());
    }
}

//! The cargo workspace the compatibility test checks: written under the
//! repository's `target/`, in the same place every run, file by file only
//! where the text changed (so that cargo's fingerprints keep what is
//! unchanged checked), and checked with one `cargo check`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One crate of the workspace, in the folder named after its package.
pub struct Member {
    /// The package name, also its folder.
    pub package: String,
    /// What it is, for messages (`the user program of field_removed,
    /// against the new crate`).
    pub role: String,
    /// Its files: path relative to its folder, text.
    pub files: Vec<(String, String)>,
}

/// Writes the workspace of `members` into `dir`, with `lock` as its
/// `Cargo.lock`, and removes what earlier runs left that is not part of it.
pub fn write(dir: &Path, members: &[Member], lock: &[u8]) {
    let names: Vec<String> = members
        .iter()
        .map(|m| format!("    {:?},", m.package))
        .collect();
    let manifest = format!(
        "# Written by api-diff/tests/compat.rs on every run.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n",
        names.join("\n")
    );
    let mut expected: BTreeSet<PathBuf> = BTreeSet::new();
    let mut put = |path: PathBuf, contents: &[u8]| {
        write_if_changed(&path, contents);
        expected.insert(path);
    };
    put(dir.join("Cargo.toml"), manifest.as_bytes());
    put(dir.join("Cargo.lock"), lock);
    for member in members {
        for (path, text) in &member.files {
            put(dir.join(&member.package).join(path), text.as_bytes());
        }
    }
    remove_others(dir, &expected);
}

fn write_if_changed(path: &Path, contents: &[u8]) {
    if std::fs::read(path).is_ok_and(|old| old == contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, contents)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Removes every file and folder under `dir` that is neither in `keep` nor
/// holds something that is.
fn remove_others(dir: &Path, keep: &BTreeSet<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the workspace folder") {
        let path = entry.expect("a directory entry").path();
        if keep.contains(&path) {
            continue;
        }
        if keep.iter().any(|kept| kept.starts_with(&path)) {
            remove_others(&path, keep);
        } else if path.is_dir() {
            std::fs::remove_dir_all(&path)
                .unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
        } else {
            std::fs::remove_file(&path)
                .unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
        }
    }
}

/// What `cargo check` said, by package.
pub struct Outcome {
    /// The packages whose library was checked (now, or fresh from an
    /// earlier run).
    pub checked: BTreeSet<String>,
    /// The rendered errors of each package that has some.
    pub errors: BTreeMap<String, Vec<String>>,
    /// Whether cargo succeeded.
    pub success: bool,
    /// Cargo's own output (progress, and errors that are not the
    /// compiler's: a dependency missing offline, a failed build script).
    pub stderr: String,
    /// How long it took.
    pub elapsed: Duration,
}

/// `cargo check --workspace --offline --keep-going` in `dir`, with its
/// artifacts in `target_dir` (kept between runs: the dependencies are
/// checked once).
pub fn check(dir: &Path, target_dir: &Path) -> Outcome {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let start = Instant::now();
    let output = Command::new(cargo)
        .args([
            "check",
            "--workspace",
            "--offline",
            "--keep-going",
            "--message-format=json",
        ])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .expect("cargo runs");
    let elapsed = start.elapsed();
    let mut checked = BTreeSet::new();
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for message in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(message) else {
            continue;
        };
        let Some(package) = member_of(&message, dir) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                checked.insert(package);
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
                errors.entry(package).or_default().push(rendered.to_owned());
            }
            _ => {}
        }
    }
    Outcome {
        checked,
        errors,
        success: output.status.success(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed,
    }
}

/// The workspace member a cargo message is about (the folder of its
/// manifest), when it is about one.
fn member_of(message: &serde_json::Value, dir: &Path) -> Option<String> {
    let manifest = Path::new(message["manifest_path"].as_str()?);
    let folder = manifest.parent()?;
    if folder.parent()? != dir {
        return None;
    }
    Some(folder.file_name()?.to_str()?.to_owned())
}

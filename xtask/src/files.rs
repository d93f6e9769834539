//! Writing a generated crate to disk: compare, write what changed, remove
//! what the spec no longer produces, and in check mode only report.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::GeneratedFile;

/// What a sync did or, in check mode, would do.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Files whose contents changed (or would).
    pub changed: Vec<String>,
    /// Files that did not exist (or would be created).
    pub created: Vec<String>,
    /// Files left as they were.
    pub unchanged: Vec<String>,
    /// Files the generator no longer produces (removed, or would be).
    pub stale: Vec<String>,
    /// A unified diff of every difference (check mode only).
    pub diff: String,
}

impl SyncReport {
    /// Whether the folder differs from the generated files.
    pub fn is_dirty(&self) -> bool {
        !(self.changed.is_empty() && self.created.is_empty() && self.stale.is_empty())
    }
}

/// An I/O failure on `path`.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct FileError {
    /// The file or folder.
    pub path: PathBuf,
    /// What failed.
    #[source]
    pub source: io::Error,
}

fn at(path: &Path) -> impl FnOnce(io::Error) -> FileError + '_ {
    move |source| FileError {
        path: path.to_owned(),
        source,
    }
}

/// Compares `files` with the folder `out`; unless `check`, makes the folder
/// match. Every new file is written beside its target and renamed into place,
/// so a file is never left half-written.
pub fn sync(out: &Path, files: &[GeneratedFile], check: bool) -> Result<SyncReport, FileError> {
    let mut report = SyncReport::default();
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for file in files {
        let path = out.join(&file.path);
        let existing = match fs::read(&path) {
            Ok(bytes) => Some(String::from_utf8_lossy(&bytes).replace("\r\n", "\n")),
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(error) => return Err(at(&path)(error)),
        };
        match &existing {
            Some(text) if *text == file.contents => {
                report.unchanged.push(file.path.clone());
                continue;
            }
            Some(text) => {
                report.changed.push(file.path.clone());
                if check {
                    push_diff(&mut report.diff, &file.path, text, &file.contents);
                }
            }
            None => {
                report.created.push(file.path.clone());
                if check {
                    push_diff(&mut report.diff, &file.path, "", &file.contents);
                }
            }
        }
        if !check {
            write_atomically(&path, &file.contents)?;
        }
    }
    for existing in list_files(out)? {
        if !wanted.contains(existing.as_str()) {
            if check {
                let _ = writeln!(report.diff, "--- {existing} (no longer generated)");
            } else {
                let path = out.join(&existing);
                fs::remove_file(&path).map_err(at(&path))?;
            }
            report.stale.push(existing);
        }
    }
    Ok(report)
}

fn push_diff(diff: &mut String, path: &str, old: &str, new: &str) {
    let text = similar::TextDiff::from_lines(old, new);
    let _ = write!(
        diff,
        "{}",
        text.unified_diff()
            .context_radius(3)
            .header(&format!("a/{path}"), &format!("b/{path}"))
    );
}

fn write_atomically(path: &Path, contents: &str) -> Result<(), FileError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(at(parent))?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".xtask-tmp");
    let temporary = PathBuf::from(temporary);
    fs::write(&temporary, contents).map_err(at(&temporary))?;
    fs::rename(&temporary, path).map_err(at(path))
}

/// Every file below `root`, as `/`-separated relative paths, sorted.
fn list_files(root: &Path) -> Result<Vec<String>, FileError> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(at(&dir)(error)),
        };
        for entry in entries {
            let entry = entry.map_err(at(&dir))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(at(&path))?;
            if kind.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push(parts.join("/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

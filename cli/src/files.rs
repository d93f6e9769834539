//! Writing a generated crate to disk, all or nothing: compare, and when
//! anything differs write the whole new tree beside the old one and swap
//! the two folders; in check mode only report.

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

/// Where a new tree is written before it replaces the old one:
/// `<out>.xtask-new`, beside `out`.
const STAGING_SUFFIX: &str = ".xtask-new";

/// Where the old tree waits while the new one takes its place:
/// `<out>.xtask-old`.
const OLD_SUFFIX: &str = ".xtask-old";

/// Compares `files` with the folder `out`; unless `check`, makes the folder
/// match, all or nothing.
///
/// Nothing is written when nothing differs. Otherwise the complete new tree
/// is written into `<out>.xtask-new`, and only then swapped in by two
/// renames (`<out>` -> `<out>.xtask-old`, `<out>.xtask-new` -> `<out>`)
/// before the old tree is removed: a failure while writing leaves `out` as
/// it was, and a run cut short during the swap is repaired at the start of
/// the next one (see [`recover`]). Check mode writes nothing.
pub fn sync(out: &Path, files: &[GeneratedFile], check: bool) -> Result<SyncReport, FileError> {
    sync_with(out, files, check, &mut |path, contents| {
        fs::write(path, contents)
    })
}

/// [`sync`], writing each new file with `write` (tests make it fail).
fn sync_with(
    out: &Path,
    files: &[GeneratedFile],
    check: bool,
    write: &mut dyn FnMut(&Path, &str) -> io::Result<()>,
) -> Result<SyncReport, FileError> {
    if !check {
        recover(out)?;
    }
    let report = compare(out, files, check)?;
    if check || !report.is_dirty() {
        return Ok(report);
    }
    let staging = sibling(out, STAGING_SUFFIX);
    if let Err(error) = write_tree(&staging, files, write) {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    swap(out, &staging)?;
    Ok(report)
}

/// What `files` would change in `out`, with a unified diff in check mode.
fn compare(out: &Path, files: &[GeneratedFile], check: bool) -> Result<SyncReport, FileError> {
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
            Some(text) if *text == file.contents => report.unchanged.push(file.path.clone()),
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
    }
    for existing in list_files(out)? {
        if !wanted.contains(existing.as_str()) {
            if check {
                let _ = writeln!(report.diff, "--- {existing} (no longer generated)");
            }
            report.stale.push(existing);
        }
    }
    Ok(report)
}

/// `out` with `suffix` added to its last component.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let normal: PathBuf = out.components().collect();
    let mut name = normal.into_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether `path` exists (a dangling symlink counts).
fn exists(path: &Path) -> Result<bool, FileError> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(at(path)(error)),
    }
}

/// Removes the folder `path` if it is there.
fn remove_tree(path: &Path) -> Result<(), FileError> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(at(path)(error)),
    }
}

/// Repairs what an interrupted run left beside `out`:
/// - `<out>.xtask-old` without `<out>`: the run stopped between the two
///   renames of the swap; the old tree is put back (this run writes the new
///   one again);
/// - `<out>.xtask-old` beside `<out>`: the swap was done, the clean-up was
///   not; the old tree is removed;
/// - `<out>.xtask-new`: a new tree that was not (completely) written or not
///   swapped in; it is removed.
fn recover(out: &Path) -> Result<(), FileError> {
    let old = sibling(out, OLD_SUFFIX);
    if exists(&old)? {
        if exists(out)? {
            remove_tree(&old)?;
        } else {
            fs::rename(&old, out).map_err(at(out))?;
        }
    }
    remove_tree(&sibling(out, STAGING_SUFFIX))
}

/// Writes every file of the new tree into the empty folder `staging`.
fn write_tree(
    staging: &Path,
    files: &[GeneratedFile],
    write: &mut dyn FnMut(&Path, &str) -> io::Result<()>,
) -> Result<(), FileError> {
    remove_tree(staging)?;
    fs::create_dir_all(staging).map_err(at(staging))?;
    for file in files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(at(parent))?;
        }
        write(&path, &file.contents).map_err(at(&path))?;
    }
    Ok(())
}

/// Puts the complete tree `staging` in the place of `out`, the old tree
/// aside first and removed last. When the new tree cannot be moved in, the
/// old one is put back.
fn swap(out: &Path, staging: &Path) -> Result<(), FileError> {
    let old = sibling(out, OLD_SUFFIX);
    let had_old = match fs::rename(out, &old) {
        Ok(()) => true,
        Err(error) if error.kind() == io::ErrorKind::NotFound => false,
        Err(error) => {
            let _ = fs::remove_dir_all(staging);
            return Err(at(out)(error));
        }
    };
    if let Err(error) = fs::rename(staging, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(staging);
        return Err(at(out)(error));
    }
    if had_old {
        // The new tree is in place; an old tree that cannot be removed now
        // is removed by the next run's `recover`.
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    fn old_tree() -> Vec<GeneratedFile> {
        vec![
            file("Cargo.toml", "[package]\nname = \"old\"\n"),
            file("src/client.rs", "// old client\n"),
            file("src/lib.rs", "// old lib\n"),
            file("src/types.rs", "// old types\n"),
        ]
    }

    fn new_tree() -> Vec<GeneratedFile> {
        vec![
            file("Cargo.toml", "[package]\nname = \"new\"\n"),
            file("src/client.rs", "// new client\n"),
            file("src/lib.rs", "// old lib\n"),
            file("src/runtime.rs", "// new runtime\n"),
        ]
    }

    /// Every file below `dir` (which must exist) with its bytes, and the
    /// names of the entries beside `dir`.
    fn snapshot(dir: &Path) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
        let files = list_files(dir)
            .expect("listable")
            .into_iter()
            .map(|path| {
                let bytes = fs::read(dir.join(&path)).expect("readable");
                (path, bytes)
            })
            .collect();
        let parent = dir.parent().expect("a parent");
        let mut siblings: Vec<String> = fs::read_dir(parent)
            .expect("readable parent")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        siblings.sort();
        (files, siblings)
    }

    fn contents_of(files: &[GeneratedFile]) -> Vec<(String, Vec<u8>)> {
        let mut expected: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone().into_bytes()))
            .collect();
        expected.sort();
        expected
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_the_old_tree_byte_for_byte() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("crate");
        sync(&out, &old_tree(), false).expect("first write");
        let before = snapshot(&out);
        assert_eq!(before.0, contents_of(&old_tree()));

        for fail_after in 0..new_tree().len() {
            let mut written = 0;
            let mut failing = |path: &Path, contents: &str| {
                if written == fail_after {
                    return Err(io::Error::other("disk full (simulated)"));
                }
                written += 1;
                fs::write(path, contents)
            };
            let error = sync_with(&out, &new_tree(), false, &mut failing)
                .expect_err("the simulated failure is reported");
            assert!(error.to_string().contains("disk full"), "{error}");
            assert_eq!(snapshot(&out), before, "failing after {fail_after} files");
        }

        let report = sync(&out, &new_tree(), false).expect("a write that succeeds");
        assert_eq!(report.changed, ["Cargo.toml", "src/client.rs"]);
        assert_eq!(report.created, ["src/runtime.rs"]);
        assert_eq!(report.unchanged, ["src/lib.rs"]);
        assert_eq!(report.stale, ["src/types.rs"]);
        let (files, siblings) = snapshot(&out);
        assert_eq!(files, contents_of(&new_tree()));
        assert_eq!(siblings, ["crate"], "no staging or old folder is left");
    }

    #[test]
    fn a_swap_cut_between_its_renames_is_undone_by_the_next_run() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("crate");
        sync(&out, &old_tree(), false).expect("first write");
        // The run stopped after `crate` -> `crate.xtask-old`, with a new tree
        // staged (perhaps not completely).
        fs::rename(&out, sibling(&out, OLD_SUFFIX)).expect("rename");
        let staging = sibling(&out, STAGING_SUFFIX);
        fs::create_dir_all(staging.join("src")).expect("staging");
        fs::write(staging.join("src/client.rs"), "// half").expect("staged file");

        // A check sees the folder as it is and repairs nothing.
        let report = sync(&out, &old_tree(), true).expect("check");
        assert_eq!(report.created.len(), old_tree().len());
        assert!(exists(&staging).expect("exists"));

        // The next write puts the old tree back first: nothing differs.
        let report = sync(&out, &old_tree(), false).expect("recovering write");
        assert!(!report.is_dirty(), "{report:?}");
        let (files, siblings) = snapshot(&out);
        assert_eq!(files, contents_of(&old_tree()));
        assert_eq!(siblings, ["crate"]);
    }

    #[test]
    fn an_old_tree_left_after_a_finished_swap_is_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("crate");
        sync(&out, &new_tree(), false).expect("first write");
        let old = sibling(&out, OLD_SUFFIX);
        fs::create_dir_all(old.join("src")).expect("old");
        fs::write(old.join("src/types.rs"), "// old types\n").expect("old file");

        let report = sync(&out, &new_tree(), false).expect("write");
        assert!(!report.is_dirty(), "{report:?}");
        let (files, siblings) = snapshot(&out);
        assert_eq!(files, contents_of(&new_tree()));
        assert_eq!(siblings, ["crate"]);
    }

    #[test]
    fn nothing_is_written_when_nothing_differs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("crate");
        sync(&out, &old_tree(), false).expect("first write");
        let mut never = |_: &Path, _: &str| -> io::Result<()> {
            Err(io::Error::other("nothing should be written"))
        };
        let report = sync_with(&out, &old_tree(), false, &mut never).expect("no write");
        assert_eq!(report.unchanged.len(), old_tree().len());
    }

    #[test]
    fn the_staging_folder_is_a_sibling_whatever_the_spelling() {
        assert_eq!(
            sibling(Path::new("generated/crate/"), STAGING_SUFFIX),
            PathBuf::from("generated/crate.xtask-new")
        );
        assert_eq!(
            sibling(Path::new("/tmp/out"), OLD_SUFFIX),
            PathBuf::from("/tmp/out.xtask-old")
        );
    }
}

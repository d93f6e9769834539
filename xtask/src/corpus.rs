//! `cargo xtask corpus`: the generator run on our own corpus of specs, the
//! `codegen/tests/fixtures/corpus_*.yaml` documents, each modelled on a kind
//! of real API (a pet store, a control plane, a build service, a code host
//! …). Their crates are golden fixtures, so `cargo test --workspace` builds
//! and doctests them and CI lints them; this command reports them as the
//! corpus table of `docs/corpus.md`: operations, types, warnings (by code),
//! lines of Rust and generation time.
//!
//! - `cargo xtask corpus` prints the table.
//! - `--update` writes it between the markers of `docs/corpus.md`.
//! - `--check` fails when that table differs from the generator's output
//!   in anything but the times (which vary by machine); so does this
//!   module's test, which `.ci/run` runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The page that holds the table, relative to the repository.
const PAGE: &str = "docs/corpus.md";

/// The markers around the table.
const START: &str = "<!-- corpus:start -->";
const END: &str = "<!-- corpus:end -->";

/// The usage line.
const USAGE: &str = "usage: cargo xtask corpus [--check | --update]";

/// Why `cargo xtask corpus` failed.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The command line is wrong.
    #[error("unknown argument `{0}`\n{USAGE}")]
    Usage(String),
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A corpus spec does not generate.
    #[error("{name} does not generate:\n{source}")]
    Generate {
        /// The spec's file stem.
        name: String,
        /// Why.
        source: codegen::Error,
    },
    /// The page has no markers to write the table between.
    #[error("{PAGE} has no `{START}` … `{END}` markers")]
    NoMarkers,
    /// `--check`: the page's table is not what the generator gives.
    #[error("the corpus table in {PAGE} is stale; run `cargo xtask corpus --update`. It should read:\n{0}")]
    Stale(String),
}

/// One spec of the corpus, generated.
pub struct Row {
    /// The file's stem, `corpus_pet_store`.
    pub name: String,
    /// Operations that became methods.
    pub operations: usize,
    /// Types defined.
    pub types: usize,
    /// Warnings by code.
    pub warnings: BTreeMap<String, usize>,
    /// Lines of the generated Rust files.
    pub lines: usize,
    /// Generation time (median of three runs), in milliseconds.
    pub millis: f64,
}

/// The corpus specs of `repo`, sorted.
fn specs(repo: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    let dir = repo.join("codegen/tests/fixtures");
    let entries = std::fs::read_dir(&dir).map_err(|source| CorpusError::Io {
        path: dir.clone(),
        source,
    })?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("corpus_") && n.ends_with(".yaml"))
        })
        .collect();
    specs.sort();
    Ok(specs)
}

/// Generates every corpus spec of `repo`.
pub fn rows(repo: &Path) -> Result<Vec<Row>, CorpusError> {
    let mut rows = Vec::new();
    for path in specs(repo)? {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let bytes = std::fs::read(&path).map_err(|source| CorpusError::Io {
            path: path.clone(),
            source,
        })?;
        let options = codegen::Options {
            crate_name: format!("fixture-{}", name.replace('_', "-")),
            crate_version: None,
            spec_label: format!("codegen/tests/fixtures/{name}.yaml"),
            regenerate_command: "cargo test -p codegen --test golden".to_owned(),
            standalone: false,
            smoke_tests: false,
            levels: codegen::Levels::default(),
            runtime: codegen::RuntimeSource::Embedded,
            guide: None,
        };
        let mut times = Vec::new();
        let mut output = None;
        for _ in 0..3 {
            let started = Instant::now();
            let generated =
                codegen::generate(&bytes, &options).map_err(|source| CorpusError::Generate {
                    name: name.clone(),
                    source,
                })?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            output = Some(generated);
        }
        times.sort_by(f64::total_cmp);
        let Some(output) = output else { continue };
        let mut warnings = BTreeMap::new();
        for warning in &output.warnings {
            *warnings.entry(warning.code.to_string()).or_insert(0) += 1;
        }
        let lines = output
            .files
            .iter()
            .filter(|f| f.path.ends_with(".rs"))
            .map(|f| f.contents.lines().count())
            .sum();
        rows.push(Row {
            name,
            operations: output.operations,
            types: output.types,
            warnings,
            lines,
            millis: times[times.len() / 2],
        });
    }
    Ok(rows)
}

/// The markdown table of `rows`.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| spec | operations | types | warnings | lines of Rust | generation |\n|---|---:|---:|---|---:|---:|\n",
    );
    for row in rows {
        let total: usize = row.warnings.values().sum();
        let warnings = if total == 0 {
            "0".to_owned()
        } else {
            let by_code: Vec<String> = row
                .warnings
                .iter()
                .map(|(code, n)| format!("`{code}` {n}"))
                .collect();
            format!("{total}: {}", by_code.join(", "))
        };
        out.push_str(&format!(
            "| `{}.yaml` | {} | {} | {} | {} | {:.0} ms |\n",
            row.name, row.operations, row.types, warnings, row.lines, row.millis
        ));
    }
    out
}

/// `table` without its last column, for comparing tables from two runs.
fn without_times(table: &str) -> String {
    table
        .lines()
        .map(|line| match line.trim_end_matches('|').rsplit_once('|') {
            Some((rest, _)) => rest.to_owned(),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The page's table, between the markers.
fn page_table(page: &str) -> Option<&str> {
    let start = page.find(START)? + START.len();
    let end = page[start..].find(END)? + start;
    Some(page[start..end].trim_matches('\n'))
}

/// Whether the page's table says what `rows` say, times aside.
pub fn is_current(page: &str, rows: &[Row]) -> bool {
    page_table(page)
        .is_some_and(|found| without_times(found) == without_times(table(rows).trim_end()))
}

/// `page` with `table` between its markers.
fn with_table(page: &str, table: &str) -> Result<String, CorpusError> {
    let start = page.find(START).ok_or(CorpusError::NoMarkers)?;
    let end = page[start..].find(END).ok_or(CorpusError::NoMarkers)? + start;
    Ok(format!(
        "{}{START}\n{table}{}",
        &page[..start],
        &page[end..]
    ))
}

/// `cargo xtask corpus [--check | --update]` in `repo`.
pub fn main(repo: &Path, args: &[String]) -> ExitCode {
    if matches!(args, [flag] if flag == "-h" || flag == "--help") {
        outln!(
            "{USAGE}\nGenerates every codegen/tests/fixtures/corpus_*.yaml and prints the corpus table (operations, types, warnings, lines, generation time); --check compares it with {PAGE} (times aside), --update rewrites it there."
        );
        return ExitCode::SUCCESS;
    }
    match run(repo, args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn run(repo: &Path, args: &[String]) -> Result<(), CorpusError> {
    let mode = match args {
        [] => None,
        [flag] if flag == "--check" || flag == "--update" => Some(flag.as_str()),
        [other, ..] => return Err(CorpusError::Usage(other.clone())),
    };
    let rows = rows(repo)?;
    let table = table(&rows);
    let path = repo.join(PAGE);
    let read = || {
        std::fs::read_to_string(&path).map_err(|source| CorpusError::Io {
            path: path.clone(),
            source,
        })
    };
    match mode {
        None => outln!("{table}"),
        Some("--check") if is_current(&read()?, &rows) => {
            outln!("the corpus table in {PAGE} is current");
        }
        Some("--check") => return Err(CorpusError::Stale(table)),
        _ => {
            let updated = with_table(&read()?, &table)?;
            std::fs::write(&path, updated).map_err(|source| CorpusError::Io {
                path: path.clone(),
                source,
            })?;
            outln!("{table}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/corpus.md`'s table is what the generator gives for the corpus
    /// specs today (generation times aside, which vary by machine).
    #[test]
    fn the_corpus_table_is_current() {
        let repo = crate::workspace_root();
        let rows = rows(&repo).unwrap_or_else(|e| panic!("{e}"));
        assert!(rows.len() >= 10, "only {} corpus specs", rows.len());
        assert!(rows.iter().all(|row| row.operations > 0 && row.types > 0));
        let page = std::fs::read_to_string(repo.join(PAGE)).expect("docs/corpus.md reads");
        assert!(
            is_current(&page, &rows),
            "{}",
            CorpusError::Stale(table(&rows))
        );
    }

    #[test]
    fn the_table_goes_between_the_markers_and_times_do_not_count() {
        let row = |millis| Row {
            name: "corpus_x".to_owned(),
            operations: 2,
            types: 3,
            warnings: BTreeMap::from([("renamed".to_owned(), 1)]),
            lines: 40,
            millis,
        };
        let page = format!("# Corpus\n\n{START}\nold\n{END}\n\nafter\n");
        let updated = with_table(&page, &table(&[row(5.0)])).expect("markers");
        assert_eq!(
            updated,
            format!(
                "# Corpus\n\n{START}\n| spec | operations | types | warnings | lines of Rust | generation |\n\
                 |---|---:|---:|---|---:|---:|\n| `corpus_x.yaml` | 2 | 3 | 1: `renamed` 1 | 40 | 5 ms |\n{END}\n\nafter\n"
            )
        );
        assert!(is_current(&updated, &[row(90.0)]));
        assert!(!is_current(&page, &[row(5.0)]));
        assert!(matches!(
            with_table("no markers", "t"),
            Err(CorpusError::NoMarkers)
        ));
    }
}

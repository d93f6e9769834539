//! `cargo xtask corpus`: the generator run on our own corpus of specs, the
//! `codegen/tests/fixtures/corpus_*.yaml` documents, each modelled on a kind
//! of real API (a pet store, a control plane, a build service, a code host
//! …). Their crates are golden fixtures, so `cargo test --workspace` builds
//! and doctests them and CI lints them; this command reports them as the
//! README's corpus table: operations, types, warnings (by code), lines of
//! Rust and generation time.
//!
//! - `cargo xtask corpus` prints the table.
//! - `--update-readme` writes it between the README's corpus markers.
//! - `--check` fails when the README's table differs from the generator's
//!   output in anything but the times (which vary by machine).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::codegen_cmd::XtaskError;

/// The README markers around the table.
const START: &str = "<!-- corpus:start -->";
const END: &str = "<!-- corpus:end -->";

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
fn specs(repo: &Path) -> Result<Vec<PathBuf>, XtaskError> {
    let dir = repo.join("codegen/tests/fixtures");
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| XtaskError::Corpus(format!("cannot list {}: {e}", dir.display())))?;
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
pub fn rows(repo: &Path) -> Result<Vec<Row>, XtaskError> {
    let mut rows = Vec::new();
    for path in specs(repo)? {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let bytes = std::fs::read(&path)
            .map_err(|e| XtaskError::Corpus(format!("cannot read {}: {e}", path.display())))?;
        let options = codegen::Options {
            crate_name: format!("fixture-{}", name.replace('_', "-")),
            crate_version: None,
            spec_label: format!("codegen/tests/fixtures/{name}.yaml"),
            regenerate_command: "cargo test -p codegen --test golden".to_owned(),
            standalone: false,
            smoke_tests: false,
            levels: codegen::Levels::default(),
            guide: None,
        };
        let mut times = Vec::new();
        let mut output = None;
        for _ in 0..3 {
            let started = Instant::now();
            let generated = codegen::generate(&bytes, &options)
                .map_err(|e| XtaskError::Corpus(format!("{name} does not generate:\n{e}")))?;
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

/// The README's table, between the markers.
fn readme_table(readme: &str) -> Option<&str> {
    let start = readme.find(START)? + START.len();
    let end = readme[start..].find(END)? + start;
    Some(readme[start..end].trim_matches('\n'))
}

/// Whether the README's table says what `rows` say, times aside.
pub fn readme_is_current(readme: &str, rows: &[Row]) -> bool {
    readme_table(readme)
        .is_some_and(|found| without_times(found) == without_times(table(rows).trim_end()))
}

/// `cargo xtask corpus [--check | --update-readme]`.
pub fn main(repo: &Path, args: &[String]) -> Result<(), XtaskError> {
    let rows = rows(repo)?;
    let table = table(&rows);
    let readme_path = repo.join("docs/corpus.md");
    match args.first().map(String::as_str) {
        None => {
            outln!("{table}");
            Ok(())
        }
        Some("--check") => {
            let readme = std::fs::read_to_string(&readme_path)
                .map_err(|e| XtaskError::Corpus(format!("cannot read README.md: {e}")))?;
            if readme_is_current(&readme, &rows) {
                outln!("the README's corpus table is current");
                Ok(())
            } else {
                Err(XtaskError::Corpus(format!(
                    "the README's corpus table is stale; run `cargo xtask corpus --update-readme`. It should read:\n{table}"
                )))
            }
        }
        Some("--update-readme") => {
            let readme = std::fs::read_to_string(&readme_path)
                .map_err(|e| XtaskError::Corpus(format!("cannot read README.md: {e}")))?;
            let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
                return Err(XtaskError::Corpus(format!(
                    "README.md has no `{START}` … `{END}` markers"
                )));
            };
            let updated = format!(
                "{}{START}\n{table}{}",
                &readme[..start],
                &readme[end..]
            );
            std::fs::write(&readme_path, updated)
                .map_err(|e| XtaskError::Corpus(format!("cannot write README.md: {e}")))?;
            outln!("{table}");
            Ok(())
        }
        Some("-h" | "--help") => Err(XtaskError::Help(
            "usage: cargo xtask corpus [--check | --update-readme]\nGenerates every codegen/tests/fixtures/corpus_*.yaml and prints the README's corpus table (operations, types, warnings, lines, generation time); --check compares it with the README (times aside), --update-readme rewrites it there.".to_owned(),
        )),
        Some(other) => Err(XtaskError::Usage(format!(
            "unknown argument `{other}`; usage: cargo xtask corpus [--check | --update-readme]"
        ))),
    }
}

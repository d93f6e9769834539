//! `cargo xtask bench --build-time --large`: how long a large crate takes
//! to build with all its groups, with one group and without groups, beside
//! progenitor's crate for the same spec where progenitor generates it.
//!
//! The spec is the synthetic code host's ([`crate::synthetic`], 767
//! operations over 40 tags unless `--operations N --tags N` say otherwise),
//! generated in process into a scratch folder twice: tagged (a feature and a
//! file a group) and with its tags stripped (one `operations.rs`, as every
//! crate was before files by group). The variants, one after another:
//!
//! - a. our crate with its default features (every group);
//! - b. our crate with one group: `--no-default-features --features
//!   rustls-ring,GROUP`, the group of the middle tag (number `tags / 2` from
//!   0; its size is printed);
//! - c. our crate from the untagged spec, default features;
//! - d. progenitor's crate for the tagged spec, as generated (or for the
//!   untagged one if it refuses the first; skipped with progenitor's reason
//!   when it refuses both or is not installed).
//!
//! Each build is a clean debug `cargo build --timings --locked --offline`
//! into a fresh target folder, dependencies included and fetched before any
//! clock starts, as in [`crate::build_time`], whose helpers it uses; unlike
//! there, `CARGO_INCREMENTAL` of the environment is not passed on, so the
//! crate builds as a user's does (cargo's default: incremental for the
//! crate, not its dependencies). After each clean build, one line is
//! appended to the crate's `src/lib.rs` (a hidden constant: an item, so
//! rustc type-checks and generates code again, with its incremental cache)
//! and the crate is built again: the incremental rebuild after an edit. The
//! line is taken out after.
//!
//! Reported per variant (median over `--runs N`, one by default): the wall
//! time, the crate's own unit time (from cargo's report: the goal is about
//! the crate alone), the critical path and the units summed, the
//! incremental rebuild's wall and crate time, and the load average; then
//! the largest generated files with groups and without, and the goals: one
//! group at most a quarter of all groups, and all groups no slower than the
//! crate without groups (both by the crate's own unit time).

use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::time::Duration;

use crate::build_time::{
    cargo_command, check, copy_file, create_dir, first_panic_line, host_triple, load_average,
    make_standalone, read, run_progenitor, timed_build, tool_version, write, BuildTimeError,
    Scratch, PROGENITOR_CRATE,
};
use crate::synthetic::{self, Shape};
use crate::timings;
use crate::workspace_root;

/// The goal: the crate with one group at most this fraction of the crate
/// with all groups (debug, the crate's own unit time, clean).
const ONE_GROUP_GOAL: f64 = 0.25;

/// Our crate's name.
const CRATE: &str = "forgehub";

/// The largest files listed for each crate.
const LARGEST_FILES: usize = 5;

/// The line appended to `src/lib.rs` for the incremental rebuild.
const EDIT: &str = "#[doc(hidden)] pub const BENCH_EDIT: u32 = 1;";

/// What `--large` measures.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Builds of each variant (one when `None`).
    pub runs: Option<usize>,
    /// Operations of the synthetic spec.
    pub operations: usize,
    /// Its tags.
    pub tags: usize,
}

/// The size: a code host's ~767 operations over ~40 tags.
impl Default for Options {
    fn default() -> Self {
        Self {
            runs: None,
            operations: 767,
            tags: 40,
        }
    }
}

/// What one clean build and the rebuild after it measured.
#[derive(Debug, Default, Clone)]
struct Measure {
    wall: f64,
    /// The crate's own units, seconds.
    own: Option<f64>,
    critical: Option<f64>,
    units: Option<f64>,
    rebuild_wall: f64,
    rebuild_own: Option<f64>,
    load: (Option<f64>, Option<f64>),
}

/// One crate and flags under measurement.
struct Variant {
    key: char,
    label: String,
    dir: PathBuf,
    flags: Vec<String>,
    /// The package whose units are "the crate".
    package: String,
    measures: Vec<Measure>,
}

/// Runs the measurement.
pub fn main(options: &Options) -> ExitCode {
    match run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cargo xtask bench --build-time --large: {error}");
            ExitCode::FAILURE
        }
    }
}

fn generate_options() -> codegen::Options {
    codegen::Options {
        crate_name: CRATE.to_owned(),
        crate_version: None,
        spec_label: "forgehub.json".to_owned(),
        regenerate_command: "cargo xtask bench --build-time --large".to_owned(),
        standalone: true,
        smoke_tests: false,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    }
}

/// Generates our crate for `text` into `dir` (standalone, with our lock)
/// and returns its files.
fn generate_ours(
    text: &str,
    dir: &Path,
    lock: &Path,
) -> Result<Vec<codegen::GeneratedFile>, BuildTimeError> {
    let output = codegen::generate(text.as_bytes(), &generate_options()).map_err(|error| {
        BuildTimeError::Unexpected {
            path: dir.to_owned(),
            reason: format!("the synthetic spec does not generate: {error}"),
        }
    })?;
    for file in &output.files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            create_dir(parent)?;
        }
        write(&path, &file.contents)?;
    }
    make_standalone(&dir.join("Cargo.toml"))?;
    copy_file(lock, &dir.join("Cargo.lock"))?;
    Ok(output.files)
}

/// The feature of the group named `group`, from the manifest's comment
/// above it.
fn group_feature(manifest: &str, group: &str) -> Option<String> {
    let marker = format!("# The operations of the group `{group}`");
    let mut lines = manifest.lines();
    lines.find(|line| line.starts_with(&marker))?;
    let feature = lines.next()?.split_once(" = ")?.0.trim();
    Some(feature.to_owned())
}

/// The largest `.rs` files: path, bytes, lines.
fn largest(files: &[codegen::GeneratedFile]) -> Vec<(String, usize, usize)> {
    let mut sizes: Vec<(String, usize, usize)> = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| (f.path.clone(), f.contents.len(), f.contents.lines().count()))
        .collect();
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sizes.truncate(LARGEST_FILES);
    sizes
}

fn print_sizes(label: &str, files: &[codegen::GeneratedFile]) {
    let rust: Vec<_> = files.iter().filter(|f| f.path.ends_with(".rs")).collect();
    let bytes: usize = rust.iter().map(|f| f.contents.len()).sum();
    let lines: usize = rust.iter().map(|f| f.contents.lines().count()).sum();
    outln!(
        "{label}: {} Rust files, {bytes} bytes, {lines} lines; the largest:",
        rust.len()
    );
    for (path, bytes, lines) in largest(files) {
        outln!("  {path:<32} {bytes:>10} bytes {lines:>8} lines");
    }
}

fn run(options: &Options) -> Result<(), BuildTimeError> {
    let runs = options.runs.unwrap_or(1);
    let root = workspace_root();
    let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
    let scratch =
        Scratch(std::env::temp_dir().join(format!("xtask-large-build-{}", std::process::id())));
    let _removed = std::fs::remove_dir_all(&scratch.0);
    create_dir(&scratch.0)?;
    let lock = root.join("Cargo.lock");
    let host = host_triple()?;
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let tagged = Shape {
        operations: options.operations,
        tags: options.tags,
        tagged: true,
    };
    let flat = Shape {
        tagged: false,
        ..tagged
    };
    outln!(
        "cargo xtask bench --build-time --large: the synthetic code host's spec, {} operations over {} tags; \
         clean debug `cargo build --timings` of each variant (a fresh target folder, dependencies included, \
         fetched first, built --offline), then an incremental rebuild after appending `{EDIT}` to src/lib.rs; {}",
        tagged.operations,
        tagged.tags,
        if runs == 1 {
            "one build per variant (--runs N for more)".to_owned()
        } else {
            format!("{runs} builds per variant, round-robin; medians")
        }
    );
    outln!(
        "{}; {cores} cores; {host}; scratch {}; CARGO_INCREMENTAL of the environment not passed on (cargo's default)",
        tool_version(&cargo, "cargo")?,
        scratch.0.display()
    );

    let tagged_text = synthetic::spec(&tagged);
    let flat_text = synthetic::spec(&flat);
    let tagged_spec = scratch.0.join("forgehub.json");
    let flat_spec = scratch.0.join("forgehub-untagged.json");
    write(&tagged_spec, &tagged_text)?;
    write(&flat_spec, &flat_text)?;
    let grouped = scratch.0.join("grouped");
    let single = scratch.0.join("single-files");
    let grouped_files = generate_ours(&tagged_text, &grouped, &lock)?;
    let single_files = generate_ours(&flat_text, &single, &lock)?;
    print_sizes("with groups", &grouped_files);
    print_sizes("without groups (tags stripped)", &single_files);

    let middle = tagged.tags / 2;
    let group = Shape::tag_name(middle);
    let manifest = read(&grouped.join("Cargo.toml"))?;
    let feature = group_feature(&manifest, &group).ok_or_else(|| BuildTimeError::Unexpected {
        path: grouped.join("Cargo.toml"),
        reason: format!("no feature for the group `{group}`"),
    })?;
    outln!(
        "one group: `{group}` (tag {middle} of {}, {} operations), feature `{feature}`",
        tagged.tags,
        tagged.operations_of(middle)
    );

    let mut variants = vec![
        Variant::new('a', "ours, all groups (default)", &grouped, &[], CRATE),
        Variant::new(
            'b',
            &format!("ours, one group ({feature})"),
            &grouped,
            &[
                "--no-default-features",
                "--features",
                &format!("rustls-ring,{feature}"),
            ],
            CRATE,
        ),
        Variant::new('c', "ours, no groups (single files)", &single, &[], CRATE),
    ];
    if let Some(dir) = progenitor_crate(&scratch.0, &[&tagged_spec, &flat_spec], &lock)? {
        variants.push(Variant::new(
            'd',
            "progenitor, as generated",
            &dir,
            &[],
            PROGENITOR_CRATE,
        ));
    }

    for variant in &variants {
        let label = format!("cargo fetch in {}", variant.dir.display());
        let output = cargo_command(&cargo, &variant.dir)
            .args(["fetch", "--target", &host])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|source| BuildTimeError::Spawn {
                command: label.clone(),
                source,
            })?;
        check(&label, output)?;
    }

    for run in 0..runs {
        for variant in &mut variants {
            outln!(
                "building {}. {}{}...",
                variant.key,
                variant.label,
                if runs > 1 {
                    format!(" (run {} of {runs})", run + 1)
                } else {
                    String::new()
                }
            );
            let target = scratch.0.join(format!("target-{}", variant.key));
            let _removed = std::fs::remove_dir_all(&target);
            let measured = variant.measure(&cargo, &target);
            let removed = std::fs::remove_dir_all(&target);
            let measure = measured?;
            removed.map_err(|source| BuildTimeError::Io {
                path: target.clone(),
                source,
            })?;
            outln!(
                "  clean {:.1} s (the crate {}, critical path {}, units summed {}), rebuild {:.1} s (the crate {})",
                measure.wall,
                seconds(measure.own),
                seconds(measure.critical),
                seconds(measure.units),
                measure.rebuild_wall,
                seconds(measure.rebuild_own)
            );
            variant.measures.push(measure);
        }
    }
    outln!();
    print_table(&variants);
    print_goals(&variants);
    Ok(())
}

/// progenitor's crate for the first of `specs` it takes (standalone, with
/// our lock), or `None` when it is not installed or takes none (said).
fn progenitor_crate(
    scratch: &Path,
    specs: &[&Path],
    lock: &Path,
) -> Result<Option<PathBuf>, BuildTimeError> {
    let Some(progenitor) = crate::compare::find_progenitor() else {
        outln!("progenitor: not installed ($CARGO_PROGENITOR or cargo-progenitor on the PATH); variant d skipped");
        return Ok(None);
    };
    for spec in specs {
        let out = scratch.join("progenitor");
        let _removed = std::fs::remove_dir_all(&out);
        match run_progenitor(&progenitor, spec, &out)? {
            Ok(()) => {
                outln!(
                    "progenitor: {} generated {}",
                    progenitor.display(),
                    spec.display()
                );
                make_standalone(&out.join("Cargo.toml"))?;
                copy_file(lock, &out.join("Cargo.lock"))?;
                return Ok(Some(out));
            }
            Err(stderr) => outln!(
                "progenitor: refused {} ({})",
                spec.display(),
                first_panic_line(&stderr)
            ),
        }
    }
    outln!("progenitor: variant d skipped");
    Ok(None)
}

impl Variant {
    fn new(key: char, label: &str, dir: &Path, flags: &[&str], package: &str) -> Self {
        Self {
            key,
            label: label.to_owned(),
            dir: dir.to_owned(),
            flags: flags.iter().map(|f| (*f).to_owned()).collect(),
            package: package.to_owned(),
            measures: Vec::new(),
        }
    }

    /// A clean build into `target`, then the rebuild after the edit.
    fn measure(&self, cargo: &Path, target: &Path) -> Result<Measure, BuildTimeError> {
        let before = load_average();
        let (wall, units) = self.build(cargo, target)?;
        let path = units.as_deref().and_then(timings::critical_path);
        let lib = self.dir.join("src").join("lib.rs");
        let original = read(&lib)?;
        write(&lib, &format!("{original}{EDIT}\n"))?;
        let rebuilt = self.build(cargo, target);
        write(&lib, &original)?;
        let (rebuild_wall, rebuild_units) = rebuilt?;
        Ok(Measure {
            wall,
            own: units.as_deref().map(|u| self.own_seconds(u)),
            critical: path.as_ref().map(timings::CriticalPath::work),
            units: path.as_ref().map(|p| p.unit_seconds),
            rebuild_wall,
            rebuild_own: rebuild_units.as_deref().map(|u| self.own_seconds(u)),
            load: (before, load_average()),
        })
    }

    /// The seconds of the crate's own units.
    fn own_seconds(&self, units: &[timings::Unit]) -> f64 {
        let prefix = format!("{} v", self.package);
        units
            .iter()
            .filter(|unit| unit.package.starts_with(&prefix))
            .map(|unit| unit.duration)
            .sum()
    }

    /// One `cargo build --timings` into `target`: the wall time and the
    /// units of cargo's report, when it has them.
    fn build(
        &self,
        cargo: &Path,
        target: &Path,
    ) -> Result<(f64, Option<Vec<timings::Unit>>), BuildTimeError> {
        let label = format!(
            "cargo build {} (variant {})",
            self.flags.join(" "),
            self.key
        );
        let mut command = cargo_command(cargo, &self.dir);
        command.env_remove("CARGO_INCREMENTAL");
        let (took, _) = timed_build(command, &self.flags, target, &label)?;
        Ok((Duration::as_secs_f64(&took), timings::report_units(target)))
    }

    /// The median of `field` over the runs.
    fn median(&self, field: impl Fn(&Measure) -> Option<f64>) -> Option<f64> {
        crate::bench::median(self.measures.iter().filter_map(field).collect())
    }
}

fn seconds(value: Option<f64>) -> String {
    value.map_or("-".to_owned(), |s| format!("{s:.1} s"))
}

fn print_table(variants: &[Variant]) {
    let mut rows = vec![[
        "variant",
        "cargo build flags",
        "wall",
        "the crate alone",
        "critical path",
        "units summed",
        "rebuild wall",
        "rebuild, the crate",
        "load avg before/after",
    ]
    .map(str::to_owned)];
    for variant in variants {
        let load = variant
            .measures
            .iter()
            .map(|m| {
                let spell = |l: Option<f64>| l.map_or("?".to_owned(), |l| format!("{l:.2}"));
                format!("{}/{}", spell(m.load.0), spell(m.load.1))
            })
            .collect::<Vec<_>>()
            .join(" ");
        rows.push([
            format!("{}. {}", variant.key, variant.label),
            if variant.flags.is_empty() {
                "(default)".to_owned()
            } else {
                variant.flags.join(" ")
            },
            seconds(variant.median(|m| Some(m.wall))),
            seconds(variant.median(|m| m.own)),
            seconds(variant.median(|m| m.critical)),
            seconds(variant.median(|m| m.units)),
            seconds(variant.median(|m| Some(m.rebuild_wall))),
            seconds(variant.median(|m| m.rebuild_own)),
            load,
        ]);
    }
    let mut widths = [0; 9];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(index, (cell, width))| {
                if index < 2 || index == 8 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        outln!("{}", line.join("  ").trim_end());
    }
    outln!();
    outln!(
        "medians over the runs; the crate alone: its own units in cargo's --timings report; critical path: \
         the compiling of the chain of units the build waited on; units summed: every unit's own time added up; \
         rebuild: the incremental build after the one-line edit"
    );
}

fn print_goals(variants: &[Variant]) {
    let own = |key| {
        variants
            .iter()
            .find(|v| v.key == key)
            .and_then(|v| v.median(|m| m.own))
    };
    match (own('b'), own('a')) {
        (Some(one), Some(all)) => {
            let ratio = one / all.max(f64::MIN_POSITIVE);
            outln!(
                "goal: one group <= {ONE_GROUP_GOAL:.2}x all groups (debug, the crate alone, clean): {} ({ratio:.2}x: {one:.1} s against {all:.1} s)",
                if ratio <= ONE_GROUP_GOAL { "met" } else { "MISSED" }
            );
        }
        _ => outln!(
            "goal: one group <= {ONE_GROUP_GOAL:.2}x all groups: not measured (no unit times)"
        ),
    }
    match (own('a'), own('c')) {
        (Some(all), Some(single)) => {
            let ratio = all / single.max(f64::MIN_POSITIVE);
            outln!(
                "goal: all groups <= single files (the crate alone): {} ({ratio:.2}x: {all:.1} s against {single:.1} s)",
                if ratio <= 1.0 { "met" } else { "MISSED" }
            );
        }
        _ => outln!("goal: all groups <= single files: not measured (no unit times)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_groups_feature_is_read_from_its_comment() {
        let manifest = "[features]\n# The operations of the group `Merge Requests`: Proposed changes.\nmerge-requests = []\n# The operations of the group `Merge`\nmerge = []\n";
        assert_eq!(
            group_feature(manifest, "Merge Requests").as_deref(),
            Some("merge-requests")
        );
        assert_eq!(group_feature(manifest, "Merge").as_deref(), Some("merge"));
        assert_eq!(group_feature(manifest, "Wikis"), None);
    }
}

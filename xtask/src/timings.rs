//! The critical path of a build, from cargo's own timing data.
//!
//! Stable cargo (1.95) writes its unit timings only into the HTML report of
//! `cargo build --timings` (`target/cargo-timings/cargo-timing.html`): the
//! JSON output of `--timings=json` and the timing messages of
//! `--message-format=json` need `-Z unstable-options`. The report embeds the
//! units as a JSON array, `const UNIT_DATA = [...];`, each with its start
//! and duration (seconds from the build's start), the end of its front end
//! (when its metadata is ready, under `sections`), and the units that
//! became ready when it ended (`unblocked_units`) or when its metadata was
//! ready (`unblocked_rmeta_units`). That last dependency to finish is the
//! one that held a unit back, so following it back from the unit that ended
//! last gives the critical path: the chain of units the build waited on.
//! That chain is the dependencies' only when cores were free: with fewer
//! free cores than the build can use, cargo's job queue decides which
//! dependency ends last (a leaf started late), and the path is mostly the
//! wait, which [`CriticalPath::queued`] tells. The units' summed time does
//! not depend on how many cores the build could use, but each unit's time
//! is a wall time: other work on the machine lengthens it (a run of the
//! same two builds saw the packages both compile cost one side 30 % more
//! than the other), so the bench's CPU seconds are the steadier figure.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One unit of the build (a crate's library, build script, or its run).
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The package and what was built of it (`ring build script (run)`).
    pub name: String,
    /// Its package, as cargo's `Compiling` line names it (`ring v0.17.14`).
    pub package: String,
    /// Seconds from the build's start.
    pub start: f64,
    /// Seconds it took.
    pub duration: f64,
    /// The features cargo enabled for it (its package's, as resolved for
    /// this build).
    pub features: Vec<String>,
    /// Seconds from its start to its metadata (the end of its front end),
    /// when cargo measured it.
    rmeta: Option<f64>,
    /// The units that became ready when it ended (their places in the list).
    unblocked: Vec<usize>,
    /// The units that became ready when its metadata was ready.
    unblocked_rmeta: Vec<usize>,
}

/// A unit on the critical path.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The unit's name.
    pub name: String,
    /// Seconds from its start to the moment the next unit on the path could
    /// start (its end, or its metadata when the next one needed only that).
    pub own: f64,
    /// Seconds the next unit waited after that before it started (for a
    /// free job slot: the machine was busy with other units or processes).
    pub queued: f64,
}

/// The critical path of one build.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalPath {
    /// Its units, in build order.
    pub steps: Vec<Step>,
    /// Seconds from the build's start to the end of its last unit.
    pub length: f64,
    /// The units' own seconds added up, on the path or not: the compiling
    /// the build asks for, whatever the cores (wall times, so lengthened by
    /// other work on the machine).
    pub unit_seconds: f64,
}

impl CriticalPath {
    /// Seconds its units spent compiling (the path without the waits).
    pub fn work(&self) -> f64 {
        self.steps.iter().map(|s| s.own).sum()
    }

    /// Seconds its units waited for a job slot, the wait before the first
    /// one included.
    pub fn queued(&self) -> f64 {
        self.length - self.work()
    }
}

/// The report of the last `cargo build --timings` into the target folder
/// `target`.
pub fn report(target: &Path) -> PathBuf {
    target.join("cargo-timings").join("cargo-timing.html")
}

/// The units of the last `cargo build --timings` into `target` ([`report`]),
/// when its report is there and this reader understands it and it has any.
pub fn report_units(target: &Path) -> Option<Vec<Unit>> {
    let html = std::fs::read_to_string(report(target)).ok()?;
    units(&html).filter(|units| !units.is_empty())
}

/// The units of a `--timings` HTML report, in its order (by start); `None`
/// when it holds no `UNIT_DATA` this reader understands.
pub fn units(html: &str) -> Option<Vec<Unit>> {
    let start = html.find("const UNIT_DATA = ")? + "const UNIT_DATA = ".len();
    let end = start + html[start..].find("];")? + 1;
    let data: Value = serde_json::from_str(&html[start..end]).ok()?;
    let data = data.as_array()?;
    // Units name each other by their `i`, not by their place in the array.
    let mut place = HashMap::new();
    for (index, unit) in data.iter().enumerate() {
        if place.insert(unit.get("i")?.as_u64()?, index).is_some() {
            return None;
        }
    }
    let mut units = Vec::new();
    for unit in data {
        let indices = |key: &str| -> Option<Vec<usize>> {
            unit.get(key)
                .and_then(Value::as_array)
                .map_or(Some(Vec::new()), |list| {
                    list.iter()
                        .map(|i| place.get(&i.as_u64()?).copied())
                        .collect()
                })
        };
        let rmeta = unit
            .get("rmeta_time")
            .and_then(Value::as_f64)
            .or_else(|| frontend_end(unit));
        let name = unit.get("name")?.as_str()?;
        let package = match unit.get("version").and_then(Value::as_str) {
            Some(version) => format!("{name} v{version}"),
            None => name.to_owned(),
        };
        let target = unit.get("target").and_then(Value::as_str).unwrap_or("");
        // cargo names a binary's target after it (` app "bin"`).
        let name = if target.trim_start().starts_with(name) {
            target.trim_start().to_owned()
        } else {
            format!("{name}{target}")
        };
        let features = unit
            .get("features")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        units.push(Unit {
            name,
            package,
            start: unit.get("start")?.as_f64()?,
            duration: unit.get("duration")?.as_f64()?,
            features,
            rmeta,
            unblocked: indices("unblocked_units")?,
            unblocked_rmeta: indices("unblocked_rmeta_units")?,
        });
    }
    Some(units)
}

/// The seconds each package's units took, added up (its library, build
/// script and the script's run): what the package costs a build, whatever
/// the cores.
pub fn package_seconds(units: &[Unit]) -> BTreeMap<String, f64> {
    let mut seconds = BTreeMap::new();
    for unit in units {
        *seconds.entry(unit.package.clone()).or_insert(0.0) += unit.duration;
    }
    seconds
}

/// The features cargo enabled for each package (by `name vX.Y.Z`): those
/// of its units together (a build script's run has its library's).
pub fn package_features(units: &[Unit]) -> BTreeMap<String, BTreeSet<String>> {
    let mut features: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for unit in units {
        features
            .entry(unit.package.clone())
            .or_default()
            .extend(unit.features.iter().cloned());
    }
    features
}

/// The end of a unit's `frontend` section (its metadata), where given.
fn frontend_end(unit: &Value) -> Option<f64> {
    unit.get("sections")?
        .as_array()?
        .iter()
        .find_map(|section| {
            let pair = section.as_array()?;
            (pair.first()?.as_str()? == "frontend")
                .then(|| pair.get(1)?.get("end")?.as_f64())
                .flatten()
        })
}

/// The critical path through `units`; `None` when there are none.
pub fn critical_path(units: &[Unit]) -> Option<CriticalPath> {
    // For each unit, the unit that made it ready and when.
    let mut held_by: Vec<Option<(usize, f64)>> = vec![None; units.len()];
    for (index, unit) in units.iter().enumerate() {
        let ends = [
            (&unit.unblocked, unit.start + unit.duration),
            (
                &unit.unblocked_rmeta,
                unit.start + unit.rmeta.unwrap_or(unit.duration),
            ),
        ];
        for (list, at) in ends {
            for &next in list {
                if let Some(slot) = held_by.get_mut(next) {
                    if slot.is_none_or(|(_, earlier)| earlier < at) {
                        *slot = Some((index, at));
                    }
                }
            }
        }
    }
    let last = (0..units.len()).max_by(|&a, &b| {
        let end = |i: usize| units[i].start + units[i].duration;
        end(a).total_cmp(&end(b))
    })?;
    let mut chain = vec![last];
    let mut current = last;
    // Each step goes to an earlier unit; the bound only guards bad data.
    while let Some((previous, _)) = held_by[current] {
        if chain.len() > units.len() || chain.contains(&previous) {
            break;
        }
        chain.push(previous);
        current = previous;
    }
    chain.reverse();
    let steps = chain
        .iter()
        .enumerate()
        .map(|(position, &index)| {
            let unit = &units[index];
            let (own, queued) = match chain.get(position + 1) {
                Some(&next) => {
                    let handed = held_by[next].map_or(unit.start + unit.duration, |(_, at)| at);
                    (handed - unit.start, units[next].start - handed)
                }
                None => (unit.duration, 0.0),
            };
            Step {
                name: unit.name.clone(),
                own,
                queued,
            }
        })
        .collect();
    Some(CriticalPath {
        steps,
        length: units[last].start + units[last].duration,
        unit_seconds: units.iter().map(|u| u.duration).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report's script as cargo 1.95 writes it (units by start, named by
    /// `i`), cut to four units: `b` needs `a`'s metadata, the binary needs
    /// `b` and `c`.
    const REPORT: &str = r#"<script>
DURATION = 5;
const UNIT_DATA = [
  {"i": 2, "name": "c", "version": "1.0.0", "mode": "todo", "target": " build script", "features": [],
   "start": 0.2, "duration": 1.0, "unblocked_units": [], "unblocked_rmeta_units": [],
   "sections": null},
  {"i": 0, "name": "a", "version": "1.0.0", "mode": "todo", "target": "", "features": [],
   "start": 0.2, "duration": 2.0, "unblocked_units": [], "unblocked_rmeta_units": [1],
   "sections": [["frontend", {"start": 0.0, "end": 1.5}], ["codegen", {"start": 1.5, "end": 2.0}]]},
  {"i": 1, "name": "b", "version": "1.0.0", "mode": "todo", "target": "", "features": [],
   "start": 1.8, "duration": 2.5, "unblocked_units": [3], "unblocked_rmeta_units": [],
   "sections": null},
  {"i": 3, "name": "app", "version": "0.1.0", "mode": "todo", "target": " app \"bin\"", "features": [],
   "start": 4.5, "duration": 0.5, "unblocked_units": [], "unblocked_rmeta_units": [],
   "sections": null}
];
const CONCURRENCY_DATA = [];
</script>"#;

    #[test]
    fn the_path_follows_what_held_each_unit_back() {
        let units = units(REPORT).expect("the units");
        assert_eq!(units.len(), 4);
        assert_eq!(units[0].name, "c build script");
        let path = critical_path(&units).expect("a path");
        let names: Vec<&str> = path.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "app \"bin\""]);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        // `a` handed over at its metadata (0.2 + 1.5), `b` started 0.1 s later.
        assert!(close(path.steps[0].own, 1.5) && close(path.steps[0].queued, 0.1));
        assert!(close(path.steps[1].own, 2.5) && close(path.steps[1].queued, 0.2));
        assert!(close(path.length, 5.0));
        assert!(close(path.work(), 4.5));
        assert!(close(path.queued(), 0.5));
        assert!(close(path.unit_seconds, 6.0));
    }

    #[test]
    fn a_package_costs_its_units_added_up() {
        let report = r#"const UNIT_DATA = [
  {"i": 0, "name": "ring", "version": "0.17.14", "target": " build script", "start": 0.0, "duration": 1.5},
  {"i": 1, "name": "ring", "version": "0.17.14", "target": " build script (run)", "start": 1.5, "duration": 4.0},
  {"i": 2, "name": "ring", "version": "0.17.14", "target": "", "features": ["alloc", "std"], "start": 5.5, "duration": 3.0},
  {"i": 3, "name": "ring-buffer", "version": "0.1.0", "target": "", "start": 0.0, "duration": 0.5}
];"#;
        let units = units(report).expect("the units");
        assert_eq!(units[1].package, "ring v0.17.14");
        let seconds = package_seconds(&units);
        assert_eq!(seconds.len(), 2);
        assert!((seconds["ring v0.17.14"] - 8.5).abs() < 1e-9);
        assert!((seconds["ring-buffer v0.1.0"] - 0.5).abs() < 1e-9);
        let features = package_features(&units);
        let ring: Vec<&str> = features["ring v0.17.14"]
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(ring, ["alloc", "std"]);
        assert!(features["ring-buffer v0.1.0"].is_empty());
    }

    #[test]
    fn a_report_without_unit_data_has_no_units() {
        assert_eq!(units("<html></html>"), None);
        // A unit that names one the report does not hold.
        assert_eq!(
            units(&REPORT.replace("\"unblocked_units\": [3]", "\"unblocked_units\": [9]")),
            None
        );
    }
}

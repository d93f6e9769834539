//! Determinism: the same spec always gives the same bytes.
//!
//! Each spec is generated twice, the second time on another thread (whose
//! `HashMap`s get other random keys), and the files must be identical. The
//! output must not depend on the machine either: no absolute path of this
//! checkout, and no time stamp (today's date, or the current year where
//! the spec does not have it).
//!
//! Brevo's whole published spec is read where it lies
//! (`../shared/upstream/swagger_definition_v3.yml` beside the checkout) and
//! skipped with a message when it is absent, except under `CI=true`, where
//! its absence fails the test (as in `drift/tests/upstream.rs`: CI never
//! passes without having generated it). Where it does not lower without
//! errors yet, its lowered API is still emitted and formatted
//! (`codegen::render`), so every stage is covered.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use codegen::GeneratedFile;

/// The checkout's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn options(crate_name: &str, spec_label: &str, smoke_tests: bool) -> codegen::Options {
    codegen::Options {
        crate_name: crate_name.to_owned(),
        crate_version: None,
        spec_label: spec_label.to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        standalone: smoke_tests,
        smoke_tests,
        levels: codegen::Levels::default(),
        runtime: codegen::RuntimeSource::Embedded,
        guide: None,
    }
}

/// Everything one generation produces: the files and the diagnostics text.
#[derive(Debug, PartialEq, Eq)]
struct Generation {
    files: Vec<GeneratedFile>,
    diagnostics: String,
}

/// Loads, lowers and renders `spec`, rendering even when lowering reported
/// errors.
fn generation(spec: &[u8], options: &codegen::Options) -> Generation {
    let document = codegen::load::load(spec).unwrap_or_else(|e| panic!("the spec loads: {e}"));
    let (api, diagnostics) = codegen::lower::lower(&document);
    let files = codegen::render(&api, options).unwrap_or_else(|e| panic!("the API renders: {e}"));
    Generation {
        files,
        diagnostics: diagnostics.to_string(),
    }
}

/// Generates `spec` twice (once on another thread) and checks that the two
/// agree byte for byte and carry nothing of this machine or this day.
fn assert_deterministic(spec: &[u8], options: &codegen::Options) {
    let first = generation(spec, options);
    let (spec_copy, options_copy) = (spec.to_vec(), options.clone());
    let second = std::thread::spawn(move || generation(&spec_copy, &options_copy))
        .join()
        .expect("the second generation does not panic");
    assert!(!first.files.is_empty());
    for (a, b) in first.files.iter().zip(&second.files) {
        assert_eq!(a.path, b.path, "the files come in the same order");
        if a.contents != b.contents {
            let line = a
                .contents
                .lines()
                .zip(b.contents.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            panic!(
                "{} differs between two generations at line {}",
                a.path,
                line + 1
            );
        }
    }
    assert_eq!(first, second);
    assert_machine_free(spec, &first.files);
}

/// No absolute path of this checkout and no time stamp in `files`.
fn assert_machine_free(spec: &[u8], files: &[GeneratedFile]) {
    let spec = String::from_utf8_lossy(spec);
    let root = root();
    let mut forbidden = vec![
        root.display().to_string(),
        env!("CARGO_MANIFEST_DIR").to_owned(),
    ];
    if let Some(home) = std::env::var_os("HOME").filter(|h| h.len() > 1) {
        forbidden.push(home.to_string_lossy().into_owned());
    }
    let (year, month, day) = today();
    forbidden.push(format!("{year}-{month:02}-{day:02}"));
    forbidden.push(format!("{year}/{month:02}/{day:02}"));
    forbidden.push(format!("{day:02}/{month:02}/{year}"));
    let year = year.to_string();
    for file in files {
        for text in &forbidden {
            assert!(
                !file.contents.contains(text.as_str()),
                "{} contains `{text}`",
                file.path
            );
        }
        assert!(
            !file.contents.contains(&year) || spec.contains(&year),
            "{} contains the current year {year}, which the spec does not",
            file.path
        );
    }
}

/// Today's date (UTC) as (year, month, day), from the system clock.
fn today() -> (i64, u32, u32) {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_from_days(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[test]
fn the_date_arithmetic_is_right() {
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    assert_eq!(civil_from_days(20_454), (2026, 1, 1));
}

#[test]
fn the_conversations_spec_generates_the_same_bytes_every_time() {
    let spec = std::fs::read(root().join("spec/conversations.yaml")).expect("the spec");
    let plain = options("brevo-conversations", "spec/conversations.yaml", false);
    assert_deterministic(&spec, &plain);
    // The whole pipeline too, as `cargo xtask codegen` runs it.
    let a = codegen::generate(&spec, &plain).expect("the spec generates");
    let b = codegen::generate(&spec, &plain).expect("the spec generates");
    assert_eq!(a.files, b.files);
    assert_eq!(a.warnings, b.warnings);
    let smoke = options("brevo-conversations", "spec/conversations.yaml", true);
    assert_deterministic(&spec, &smoke);
}

#[test]
fn the_whole_brevo_spec_generates_the_same_bytes_every_time() {
    let path = root().join("../shared/upstream/swagger_definition_v3.yml");
    let spec = match std::fs::read(&path) {
        Ok(spec) => spec,
        Err(error) => {
            let why = format!("{} cannot be read: {error}", path.display());
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(!ci, "CI=true, and Brevo's whole spec is missing: {why}");
            eprintln!("skipped: {why}");
            return;
        }
    };
    assert_deterministic(&spec, &options("brevo", "swagger_definition_v3.yml", true));
}

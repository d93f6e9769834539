//! Finding the newest upstream Conversations file in a folder.

use std::io;
use std::path::{Path, PathBuf};

/// The file name prefix of upstream Conversations definitions.
const PREFIX: &str = "brevo-conversations-";

/// The newest upstream Conversations definition in `dir`: of the files named
/// `brevo-conversations-<date>.json` (or `.yaml`, `.yml`), where `<date>` is
/// `YYYY-MM` or `YYYY-MM-DD`, the one with the latest date (by name, so the
/// choice does not depend on file times). `Ok(None)` when there is none; an
/// error when `dir` cannot be read.
pub fn newest_upstream(dir: &Path) -> io::Result<Option<PathBuf>> {
    let mut newest: Option<(String, String, PathBuf)> = None;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(date) = date_of(&name) else {
            continue;
        };
        let candidate = (date.to_owned(), name.clone(), entry.path());
        if newest
            .as_ref()
            .is_none_or(|best| (&candidate.0, &candidate.1) > (&best.0, &best.1))
        {
            newest = Some(candidate);
        }
    }
    Ok(newest.map(|(_, _, path)| path))
}

/// The date in an upstream file's name, if the name has the expected form.
fn date_of(name: &str) -> Option<&str> {
    let rest = name.strip_prefix(PREFIX)?;
    let (date, extension) = rest.rsplit_once('.')?;
    if !matches!(extension, "json" | "yaml" | "yml") {
        return None;
    }
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = date.split('-').collect();
    let well_formed = match parts.as_slice() {
        [year, month] => digits(year, 4) && digits(month, 2),
        [year, month, day] => digits(year, 4) && digits(month, 2) && digits(day, 2),
        _ => false,
    };
    well_formed.then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_from_names() {
        assert_eq!(date_of("brevo-conversations-2026-09.json"), Some("2026-09"));
        assert_eq!(
            date_of("brevo-conversations-2026-09-16.yaml"),
            Some("2026-09-16")
        );
        assert_eq!(date_of("brevo-conversations-2026-9.json"), None);
        assert_eq!(date_of("brevo-conversations-2026-09.txt"), None);
        assert_eq!(date_of("brevo-conversations-latest.json"), None);
        assert_eq!(date_of("swagger_definition_v3.yml"), None);
    }

    #[test]
    fn the_latest_date_wins_whatever_the_order() {
        let dir = std::env::temp_dir().join(format!("spec-drift-newest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        for name in [
            "brevo-conversations-2026-09.json",
            "brevo-conversations-2027-01.yaml",
            "brevo-conversations-2026-12-31.json",
            "brevo-conversations-2099.json",
            "swagger_definition_v3.yml",
        ] {
            std::fs::write(dir.join(name), "{}").expect("write");
        }
        let newest = newest_upstream(&dir).expect("readable");
        assert_eq!(newest, Some(dir.join("brevo-conversations-2027-01.yaml")));
        std::fs::remove_dir_all(&dir).expect("clean up");
        assert!(
            newest_upstream(&dir).is_err(),
            "a missing folder is an error"
        );
    }
}

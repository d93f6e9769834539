//! Running `rustfmt` over generated Rust files, so what is checked in is
//! exactly what `cargo fmt` would write.

use std::io::Write;
use std::process::{Command, Stdio};

/// Why a file could not be formatted.
#[derive(Debug, thiserror::Error)]
pub enum RustfmtError {
    /// `rustfmt` could not be started.
    #[error("could not run rustfmt ({0}); install it with `rustup component add rustfmt`")]
    Spawn(std::io::Error),
    /// `rustfmt` rejected the file.
    #[error("rustfmt failed on {path}: {stderr}")]
    Failed {
        /// The generated file.
        path: String,
        /// What rustfmt said.
        stderr: String,
    },
}

/// `source` as `rustfmt --edition 2021` formats it.
pub fn format(path: &str, source: &str) -> Result<String, RustfmtError> {
    let mut child = Command::new(std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into()))
        .args(["--edition", "2021", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(RustfmtError::Spawn)?;
    let written = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(source.as_bytes()),
        None => Ok(()),
    };
    let output = child.wait_with_output().map_err(RustfmtError::Spawn)?;
    written.map_err(RustfmtError::Spawn)?;
    if !output.status.success() {
        return Err(RustfmtError::Failed {
            path: path.to_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

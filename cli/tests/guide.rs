//! The generator's guide, `docs/generator.md`, followed as a newcomer
//! would, in a folder outside this repository.
//!
//! The guide marks what this test runs, each mark on the line before a
//! fenced block:
//!
//! - `<!-- guide:run -->`: an `sh` block, run with `sh -e` in the folder;
//! - `<!-- guide:append PATH -->`: a block appended to the file `PATH`;
//! - `<!-- guide:write PATH -->`: a block written as the file `PATH`.
//!
//! The one step it does not run is the install (`cargo install --path
//! …/cli`, which would build this crate a second time, in release): the
//! binary that `cargo test` built from the same sources is first on `PATH`
//! instead, and the test checks that the guide installs this package.
//! Cargo runs offline (`CARGO_NET_OFFLINE`) with this repository's
//! `Cargo.lock` copied into the app, and builds into `target/guide/`.
//!
//! After the guide's commands, the app it builds is run against a loopback
//! server, and the guide's last steps are taken with real spec changes in a
//! git repository: a compatible one (the diff and the checks pass) and a
//! breaking one without its version bump (CI's check fails with exit 1).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::mpsc;
use std::thread;

/// One marked block of the guide.
#[derive(Debug)]
enum Step {
    Run(String),
    Append(PathBuf, String),
    Write(PathBuf, String),
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ has a parent")
        .to_path_buf()
}

fn readme() -> String {
    let path = repo_root().join("docs/generator.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The marked blocks of `readme`, in order.
fn steps(readme: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(mark) = line
            .trim()
            .strip_prefix("<!-- guide:")
            .and_then(|rest| rest.strip_suffix("-->"))
        else {
            continue;
        };
        let fence = lines.next().unwrap_or_default();
        assert!(
            fence.starts_with("```"),
            "the mark `{line}` is not followed by a fenced block but by `{fence}`"
        );
        let mut text = String::new();
        for line in lines.by_ref() {
            if line.starts_with("```") {
                break;
            }
            text.push_str(line);
            text.push('\n');
        }
        let mut words = mark.split_whitespace();
        let step = match (words.next(), words.next()) {
            (Some("run"), None) => {
                assert_eq!(fence, "```sh", "a `guide:run` block is `sh`");
                Step::Run(text)
            }
            (Some("append"), Some(path)) => Step::Append(path.into(), text),
            (Some("write"), Some(path)) => Step::Write(path.into(), text),
            _ => panic!("unknown guide mark `{line}`"),
        };
        steps.push(step);
    }
    steps
}

/// The guide's folder, with the generator first on `PATH` and cargo offline.
struct Guide {
    dir: tempfile::TempDir,
    path_var: std::ffi::OsString,
    target: PathBuf,
}

impl Guide {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = repo_root();
        assert!(
            !dir.path().starts_with(&root),
            "the guide must run outside the repository"
        );
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_openapi-client-gen"))
            .parent()
            .expect("the binary has a folder")
            .to_path_buf();
        let mut paths = vec![bin_dir];
        paths.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let path_var = std::env::join_paths(paths).expect("PATH joins");
        Guide {
            dir,
            path_var,
            target: root.join("target/guide"),
        }
    }

    fn path(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .current_dir(self.dir.path())
            .env("PATH", &self.path_var)
            .env("CARGO_NET_OFFLINE", "true")
            .env("CARGO_TARGET_DIR", &self.target)
            .env("GIT_AUTHOR_NAME", "Guide")
            .env("GIT_AUTHOR_EMAIL", "guide@example.org")
            .env("GIT_COMMITTER_NAME", "Guide")
            .env("GIT_COMMITTER_EMAIL", "guide@example.org")
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("RUSTFLAGS")
            .env_remove("CI");
        command
    }

    /// Runs `script` with `sh -e` in the folder.
    fn sh(&self, script: &str) -> Output {
        self.command("sh")
            .arg("-e")
            .arg("-c")
            .arg(script)
            .output()
            .expect("sh runs")
    }

    /// Runs `script` like [`Guide::sh`] and fails the test, saying `what`,
    /// unless it succeeds.
    fn sh_ok(&self, script: &str, what: &str) -> Output {
        let output = self.sh(script);
        assert!(
            output.status.success(),
            "{what}\n{script}failed: {}",
            text(&output)
        );
        output
    }

    fn git(&self, args: &[&str]) {
        let output = self.command("git").args(args).output().expect("git runs");
        assert!(output.status.success(), "git {args:?}: {}", text(&output));
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.path(file);
        let old = std::fs::read_to_string(&path).expect("spec reads");
        assert!(old.contains(from), "{file} holds `{from}`");
        std::fs::write(&path, old.replacen(from, to, 1)).expect("spec writes");
    }

    fn take(&self, step: &Step) {
        match step {
            Step::Run(script) => {
                self.sh_ok(script, "the guide's step");
                if script.contains("cargo new") {
                    // The app resolves offline against the versions this
                    // repository is tested with.
                    let app = self.path(script.split_whitespace().last().unwrap_or_default());
                    std::fs::copy(repo_root().join("Cargo.lock"), app.join("Cargo.lock"))
                        .expect("Cargo.lock copies");
                }
            }
            Step::Append(path, block) => {
                let path = self.path(path);
                let mut old = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                if !old.ends_with('\n') {
                    old.push('\n');
                }
                std::fs::write(&path, old + block).expect("append");
            }
            Step::Write(path, block) => {
                std::fs::write(self.path(path), block).expect("write");
            }
        }
    }
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// One request as the loopback server read it.
#[derive(Debug)]
struct Seen {
    line: String,
    authorization: Option<String>,
    body: String,
}

/// Serves `count` requests on 127.0.0.1 as the catalogue API would, one per
/// connection, and sends what it saw.
fn catalogue_server(count: usize) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}/v1", listener.local_addr().expect("address"));
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                return;
            }
            let (mut length, mut authorization) = (0, None);
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                    break;
                }
                let (name, value) = header.split_once(':').unwrap_or_default();
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "authorization" => authorization = Some(value.trim().to_owned()),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let line = line.trim().to_owned();
            let (status, answer) = if line.starts_with("POST /v1/books ") {
                (
                    "201 Created",
                    r#"{"isbn":"9780141439518","title":"Pride and Prejudice","authors":["Jane Austen"],"available":true,"shelf":"B12"}"#,
                )
            } else if line.starts_with("GET /v1/books?") {
                (
                    "200 OK",
                    r#"[{"isbn":"9780141439518","title":"Pride and Prejudice"},{"isbn":"9780141439662","title":"Sense and Sensibility"}]"#,
                )
            } else {
                (
                    "404 Not Found",
                    r#"{"title":"Not Found","detail":"no book has this ISBN"}"#,
                )
            };
            let response = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
            let _ = stream.write_all(response.as_bytes());
            let _ = sender.send(Seen {
                line,
                authorization,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
        }
    });
    (url, receiver)
}

#[test]
fn the_readme_installs_this_package() {
    let readme = readme();
    let install = readme
        .lines()
        .find(|line| line.starts_with("cargo install"))
        .expect("the guide has an install command");
    assert!(
        install.contains("--path") && install.trim_end().ends_with("/cli"),
        "`{install}` installs the `cli/` package"
    );
    assert_eq!(
        env!("CARGO_PKG_NAME"),
        "openapi-client-gen",
        "the package in cli/ is the command the guide runs"
    );
}

#[test]
fn the_guide_runs_from_a_folder_outside_the_repository() {
    let guide = Guide::new();
    std::fs::copy(
        repo_root().join("cli/tests/guide/catalogue.yaml"),
        guide.path("catalogue.yaml"),
    )
    .expect("the guide's spec copies");
    // The user's project is a git repository whose first release is v0.1.0.
    guide.git(&["init", "--quiet"]);
    guide.git(&["add", "catalogue.yaml"]);
    guide.git(&["commit", "--quiet", "-m", "the catalogue spec"]);
    guide.git(&["tag", "v0.1.0"]);

    let steps = steps(&readme());
    let change = steps
        .iter()
        .position(|step| matches!(step, Step::Run(s) if s.contains("openapi-client-gen diff catalogue-before.yaml")))
        .expect("the guide reviews a change with `diff`");
    assert!(
        change >= 5,
        "generate, cargo new, two files and a build come first: {steps:#?}"
    );
    for step in &steps[..change] {
        guide.take(step);
    }
    assert!(
        guide.path("catalogue-client/Cargo.toml").is_file(),
        "the crate was generated"
    );

    // The app the guide built, against a loopback catalogue.
    let (url, seen) = catalogue_server(3);
    let app = guide.target.join("debug/catalogue-app");
    let output = guide
        .command(app.to_str().expect("UTF-8 path"))
        .env("CATALOGUE_URL", &url)
        .env("CATALOGUE_TOKEN", "guide-token")
        .output()
        .expect("the app runs");
    assert!(output.status.success(), "the app: {}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "stored on shelf Some(\"B12\")",
        "9780141439518: Pride and Prejudice",
        "9780141439662: Sense and Sensibility",
        "no such book: \"Not Found\"",
    ] {
        assert!(
            stdout.contains(expected),
            "`{expected}` in the app's output:\n{stdout}"
        );
    }
    let seen: Vec<Seen> = seen.iter().take(3).collect();
    let lines: Vec<&str> = seen.iter().map(|s| s.line.as_str()).collect();
    assert_eq!(
        lines,
        [
            "POST /v1/books HTTP/1.1",
            "GET /v1/books?author=Jane%20Austen&limit=10 HTTP/1.1",
            "GET /v1/books/9780000000002 HTTP/1.1",
        ]
    );
    for request in &seen {
        assert_eq!(
            request.authorization.as_deref(),
            Some("Bearer guide-token"),
            "{request:?}"
        );
    }
    let sent: serde_json::Value = serde_json::from_str(&seen[0].body).expect("a JSON body");
    assert_eq!(
        sent,
        serde_json::json!({"isbn": "9780141439518", "title": "Pride and Prejudice", "authors": ["Jane Austen"]})
    );

    // A compatible change: a new optional field, reviewed and regenerated.
    std::fs::copy(
        guide.path("catalogue.yaml"),
        guide.path("catalogue-before.yaml"),
    )
    .expect("copy");
    guide.edit(
        "catalogue.yaml",
        "        title: {type: string}\n",
        "        title: {type: string}\n        year: {type: integer, format: int32}\n",
    );
    let Step::Run(review) = &steps[change] else {
        unreachable!("found as a run step")
    };
    let output = guide.sh_ok(review, "reviewing a compatible change");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains("NewBook.year: optional field") && report.contains("Summary: 0 breaking"),
        "{report}"
    );
    let types =
        std::fs::read_to_string(guide.path("catalogue-client/src/types.rs")).expect("types");
    assert!(
        types.contains("pub year: Option<i32>"),
        "the crate has the new field"
    );

    // CI on the compatible change: the crate is fresh, no bump is needed.
    let ci = steps[change + 1..]
        .iter()
        .find_map(|step| match step {
            Step::Run(script) if script.contains("--since-release") => Some(script.as_str()),
            _ => None,
        })
        .expect("the guide's CI commands");
    guide.git(&["add", "catalogue.yaml", "catalogue-client"]);
    guide.git(&["commit", "--quiet", "-m", "books have a year"]);
    guide.sh_ok(ci, "CI on a compatible change");

    // A breaking change without its version bump: CI fails with exit 1.
    guide.edit("catalogue.yaml", "            shelf: {type: string}\n", "");
    guide.sh_ok(
        "openapi-client-gen codegen --spec catalogue.yaml --out catalogue-client",
        "regenerating",
    );
    guide.git(&["commit", "--quiet", "-am", "books lose their shelf"]);
    let output = guide.sh(ci);
    assert_eq!(
        output.status.code(),
        Some(1),
        "CI on a breaking change: {}",
        text(&output)
    );
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains("Book.shelf") && report.contains("BREAKING"),
        "{report}"
    );

    // A crate that does not match its spec fails the check.
    guide.edit(
        "catalogue.yaml",
        "  version: \"1.0\"\n",
        "  version: \"1.1\"\n  description: Changed.\n",
    );
    let output = guide.sh(ci);
    assert_eq!(
        output.status.code(),
        Some(1),
        "--check on a stale crate: {}",
        text(&output)
    );
}

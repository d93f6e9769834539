//! Pre-formatted Rust text with a few holes: the runtime modules
//! (`transport.rs`, `retry.rs`, …) and `client.rs` are the same for every
//! spec but for a name, a left-out helper or one line per credential, so
//! they are kept in `codegen/templates/` as the formatted Rust they become,
//! rather than built as tokens and formatted through `syn` and
//! `prettyplease` on every run (which cost about 60 % of the generator's
//! time on the Conversations spec).
//!
//! The syntax is three things, all checked:
//! - `{{name}}` anywhere in a line is replaced by the value called `name`;
//! - a line that is only `{{name}}` (indented) is replaced by the lines of
//!   the value, each indented as the line was (none for an empty value):
//!   for lists of items such as one setter per credential;
//! - a line `// @if name` (or `// @if !name`) up to its `// @end` is kept
//!   only when the flag `name` is on (off); blocks nest. Marker lines
//!   themselves are dropped.
//!
//! A name the caller did not give, or an unclosed block, is an error (a bug in
//! the generator, reported instead of a panic). Tests render every template
//! with its flags all on, all off and each one flipped, and parse the
//! result; the combinations real specs give are compiled with clippy in CI.

/// A template: its file name (for errors) and text.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    /// The file under `codegen/templates/`.
    pub name: &'static str,
    /// Its text.
    pub text: &'static str,
}

/// Declares a template from `codegen/templates/{file}`.
macro_rules! template {
    ($file:literal) => {
        Template {
            name: $file,
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $file)),
        }
    };
}

/// `transport.rs`: the attempt loop and the request helpers.
pub const TRANSPORT: Template = template!("transport.rs.tmpl");
/// `retry.rs`: the retry policy.
pub const RETRY: Template = template!("retry.rs.tmpl");
/// `rate_limit.rs`: `RateLimit`.
pub const RATE_LIMIT: Template = template!("rate_limit.rs.tmpl");
/// `response.rs`: `ApiResponse`.
pub const RESPONSE: Template = template!("response.rs.tmpl");
/// `error.rs`: the error types.
pub const ERROR: Template = template!("error.rs.tmpl");
/// `multipart.rs`: `FilePart` and forms.
pub const MULTIPART: Template = template!("multipart.rs.tmpl");
/// `client.rs`: `Client` and `ClientBuilder`.
pub const CLIENT: Template = template!("client.rs.tmpl");
/// `heartbeat.rs` up to the `Client` methods, which depend on the spec.
pub const HEARTBEAT: Template = template!("heartbeat.rs.tmpl");

/// Every template, for tests.
#[cfg(test)]
const ALL: [Template; 8] = [
    TRANSPORT, RETRY, RATE_LIMIT, RESPONSE, ERROR, MULTIPART, CLIENT, HEARTBEAT,
];

/// A template could not be filled in.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("template {template}, line {line}: {message}")]
pub struct TemplateError {
    /// The template's file name.
    pub template: &'static str,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The flags and values a template is filled in with.
#[derive(Clone, Debug, Default)]
pub struct Fill<'a> {
    flags: Vec<(&'static str, bool)>,
    values: Vec<(&'static str, &'a str)>,
}

impl<'a> Fill<'a> {
    /// Nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the flag `name` for `// @if name` blocks.
    pub fn flag(mut self, name: &'static str, on: bool) -> Self {
        self.flags.push((name, on));
        self
    }

    /// Sets the value `{{name}}` stands for.
    pub fn value(mut self, name: &'static str, value: &'a str) -> Self {
        self.values.push((name, value));
        self
    }

    fn flag_of(&self, name: &str) -> Result<bool, String> {
        self.flags
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, on)| *on)
            .ok_or_else(|| format!("no flag `{name}` was given"))
    }

    fn value_of(&self, name: &str) -> Result<&'a str, String> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| format!("no value `{name}` was given"))
    }
}

impl Template {
    /// The template's text with its blocks decided and its holes filled.
    pub fn render(&self, fill: &Fill<'_>) -> Result<String, TemplateError> {
        let mut out = String::with_capacity(self.text.len());
        // One entry per open block: whether its lines are kept.
        let mut open: Vec<bool> = Vec::new();
        for (index, line) in self.text.lines().enumerate() {
            let error = |message: String| TemplateError {
                template: self.name,
                line: index + 1,
                message,
            };
            let marker = line.trim_start();
            if let Some(condition) = marker.strip_prefix("// @if ") {
                let (negated, name) = match condition.trim().strip_prefix('!') {
                    Some(name) => (true, name),
                    None => (false, condition.trim()),
                };
                let on = fill.flag_of(name).map_err(error)?;
                open.push(on != negated);
                continue;
            }
            if marker == "// @end" {
                open.pop()
                    .ok_or_else(|| error("`// @end` without `// @if`".to_owned()))?;
                continue;
            }
            if !open.iter().all(|kept| *kept) {
                continue;
            }
            if let Some(name) = block_hole(marker) {
                let value = fill.value_of(name).map_err(error)?;
                let indent = &line[..line.len() - marker.len()];
                for value_line in value.lines() {
                    if !value_line.is_empty() {
                        out.push_str(indent);
                        out.push_str(value_line);
                    }
                    out.push('\n');
                }
                continue;
            }
            fill_line(line, fill, &mut out).map_err(error)?;
            out.push('\n');
        }
        if !open.is_empty() {
            return Err(TemplateError {
                template: self.name,
                line: self.text.lines().count(),
                message: format!("{} `// @if` block(s) not closed", open.len()),
            });
        }
        Ok(out)
    }
}

/// The name of the hole that `line` (without its indentation) is alone.
fn block_hole(line: &str) -> Option<&str> {
    let name = line.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    (!name.contains("{{") && !name.contains("}}")).then_some(name)
}

/// Appends `line` to `out` with its `{{name}}` holes filled.
fn fill_line(line: &str, fill: &Fill<'_>, out: &mut String) -> Result<(), String> {
    let mut rest = line;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| "`{{` without `}}`".to_owned())?;
        let name = after[..end].trim();
        out.push_str(fill.value_of(name)?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{block_hole, Fill, Template, ALL};

    /// The flags (from `// @if` lines), values (`{{name}}`) and block holes
    /// (lines that are only `{{name}}`) `template` uses.
    fn names(template: &Template) -> [Vec<&'static str>; 3] {
        let mut flags = Vec::new();
        let mut values = Vec::new();
        let mut blocks = Vec::new();
        for line in template.text.lines() {
            if let Some(flag) = line.trim_start().strip_prefix("// @if ") {
                flags.push(flag.trim().trim_start_matches('!'));
            }
            if let Some(name) = block_hole(line.trim_start()) {
                blocks.push(name);
                continue;
            }
            let mut rest = line;
            while let Some(start) = rest.find("{{") {
                let after = &rest[start + 2..];
                let end = after.find("}}").unwrap_or(after.len());
                values.push(after[..end].trim());
                rest = &after[(end + 2).min(after.len())..];
            }
        }
        for names in [&mut flags, &mut values, &mut blocks] {
            names.sort_unstable();
            names.dedup();
        }
        [flags, values, blocks]
    }

    /// Every file in `codegen/templates/` is one of [`ALL`], so the test
    /// below sees it.
    #[test]
    fn every_template_file_is_listed() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut files: Vec<String> = std::fs::read_dir(folder)
            .expect("templates/ is there")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .collect();
        files.sort();
        let mut listed: Vec<String> = ALL.iter().map(|t| t.name.to_owned()).collect();
        listed.sort();
        assert_eq!(files, listed);
    }

    /// Every template is valid Rust with all its flags on, all off, and each
    /// one flipped from either (the real combinations are compiled in CI).
    #[test]
    fn every_template_renders_valid_rust_under_its_flags() {
        for template in ALL {
            let [flags, values, blocks] = names(&template);
            let mut settings: Vec<Vec<bool>> =
                vec![vec![true; flags.len()], vec![false; flags.len()]];
            for flipped in 0..flags.len() {
                for base in [true, false] {
                    let mut setting = vec![base; flags.len()];
                    setting[flipped] = !base;
                    settings.push(setting);
                }
            }
            for setting in settings {
                let mut fill = Fill::new();
                for (flag, on) in flags.iter().zip(&setting) {
                    fill = fill.flag(flag, *on);
                }
                for value in &values {
                    fill = fill.value(
                        value,
                        if value.ends_with("_literal") {
                            "\"x\""
                        } else {
                            "X"
                        },
                    );
                }
                for block in &blocks {
                    fill = fill.value(block, "");
                }
                let text = template.render(&fill).unwrap_or_else(|e| panic!("{e}"));
                assert!(
                    !text.contains("{{") && !text.contains("// @"),
                    "{}",
                    template.name
                );
                assert!(
                    !text.contains("\n\n\n") && !text.ends_with("\n\n"),
                    "{} with {flags:?} = {setting:?} has a double blank line:\n{text}",
                    template.name
                );
                if let Err(error) = syn::parse_file(&text) {
                    panic!(
                        "{} with {flags:?} = {setting:?}: {error}\n{text}",
                        template.name
                    );
                }
            }
        }
    }

    const SAMPLE: Template = Template {
        name: "sample.rs.tmpl",
        text: "use a;\n// @if extra\nuse {{name}};\n    // @if !inner\nfn f() {}\n    // @end\n// @end\nfn g() {}\n",
    };

    #[test]
    fn blocks_are_kept_or_dropped_and_holes_filled() {
        let sample = |extra, inner| {
            let fill = Fill::new()
                .flag("extra", extra)
                .flag("inner", inner)
                .value("name", "b");
            SAMPLE.render(&fill).expect("renders")
        };
        assert_eq!(
            sample(true, false),
            "use a;\nuse b;\nfn f() {}\nfn g() {}\n"
        );
        assert_eq!(sample(false, true), "use a;\nfn g() {}\n");
        assert_eq!(sample(true, true), "use a;\nuse b;\nfn g() {}\n");
    }

    #[test]
    fn a_hole_alone_on_its_line_takes_lines_at_its_indentation() {
        let block = Template {
            name: "block.rs.tmpl",
            text: "impl A {\n    {{methods}}\n}\n",
        };
        let two = block
            .render(&Fill::new().value("methods", "fn a() {}\n\nfn b() {}\n"))
            .expect("renders");
        assert_eq!(two, "impl A {\n    fn a() {}\n\n    fn b() {}\n}\n");
        let none = block
            .render(&Fill::new().value("methods", ""))
            .expect("renders");
        assert_eq!(none, "impl A {\n}\n");
    }

    #[test]
    fn missing_names_and_open_blocks_are_errors() {
        let error = SAMPLE
            .render(&Fill::new().flag("extra", true).flag("inner", true))
            .expect_err("`name` is missing");
        assert_eq!(
            error.to_string(),
            "template sample.rs.tmpl, line 3: no value `name` was given"
        );
        let error = SAMPLE.render(&Fill::new()).expect_err("`extra` is missing");
        assert_eq!(error.line, 2);
        let open = Template {
            name: "open.rs.tmpl",
            text: "// @if a\nfn f() {}\n",
        };
        let error = open
            .render(&Fill::new().flag("a", true))
            .expect_err("unclosed");
        assert!(error.message.contains("not closed"), "{error}");
        let stray = Template {
            name: "stray.rs.tmpl",
            text: "// @end\n",
        };
        assert!(stray.render(&Fill::new()).is_err());
        let unclosed_hole = Template {
            name: "hole.rs.tmpl",
            text: "a {{name\n",
        };
        assert!(unclosed_hole
            .render(&Fill::new().value("name", "x"))
            .is_err());
    }
}

//! libyaml's syntax errors made readable: each located where the problem
//! is (a duplicate key at its second occurrence, a collection or string left
//! open at its opening character, a second document at its start), with
//! the message reworded around what libyaml was reading.

use super::{duplicate_keys, strip_location, LoadError};

/// A syntax error from the YAML parser, located where the problem is:
/// a duplicate key at the second key (the message names the first), a
/// collection or quoted string left open at the end of the document at its
/// opening character, a second document at its start; otherwise where
/// libyaml stopped, with where the construct it was reading starts.
pub(super) fn syntax_error(bytes: &[u8], error: &serde_yaml::Error) -> LoadError {
    let text = error.to_string();
    if text.contains("duplicate entry") {
        if let Some(found) = duplicate_keys::locate(bytes) {
            return found;
        }
    }
    if text == MORE_THAN_ONE_DOCUMENT {
        if let Some((line, column)) = second_document(bytes) {
            return LoadError::Syntax {
                line: Some(line),
                column: Some(column),
                message: "a second YAML document starts here; a spec is one document".to_owned(),
            };
        }
    }
    let location = error.location();
    let (mut line, mut column) = (
        location.as_ref().map(|l| l.line()),
        location.as_ref().map(|l| l.column()),
    );
    let (problem, context) = split_context(&text);
    let message = match context {
        Some(Context {
            text: context,
            start,
        }) => {
            let at_end = location.as_ref().is_some_and(|l| {
                bytes
                    .get(l.index()..)
                    .is_none_or(|rest| rest.iter().all(u8::is_ascii_whitespace))
            });
            let left_open = ["flow sequence", "flow mapping", "quoted scalar"]
                .into_iter()
                .find(|what| context.ends_with(what));
            match (left_open.filter(|_| at_end), start) {
                // libyaml leaves out a context's place when it is the
                // document's very start (or where the problem is, which a
                // construct left open at the end cannot be).
                (Some(what), start) => {
                    let end = location_text(line, column);
                    let (start_line, start_column) = start.unwrap_or((1, 1));
                    (line, column) = (Some(start_line), Some(start_column));
                    format!("this {what} is never closed: {problem} (the document ends at {end})")
                }
                (None, Some((start_line, start_column))) => format!(
                    "{problem}, {context} started at line {start_line}, column {start_column}"
                ),
                (None, None) => format!("{problem}, {context}"),
            }
        }
        None => problem,
    };
    LoadError::Syntax {
        line,
        column,
        message,
    }
}

/// serde_yaml's message for a stream of several documents.
const MORE_THAN_ONE_DOCUMENT: &str =
    "deserializing from YAML containing more than one document is not supported";

/// `line L, column C`, or `an unknown place`.
fn location_text(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}"),
        _ => "an unknown place".to_owned(),
    }
}

/// What libyaml was reading when it found a problem.
struct Context {
    /// `while parsing a flow sequence`.
    text: String,
    /// Where that construct starts, when libyaml says.
    start: Option<(usize, usize)>,
}

/// libyaml's message split into the problem and the context it was found
/// in, the locations libyaml appends dropped.
fn split_context(text: &str) -> (String, Option<Context>) {
    let Some((problem, context)) = text.split_once(", while ") else {
        return (strip_location(text), None);
    };
    let context = format!("while {context}");
    let start = context.rfind(" at line ").and_then(|index| {
        let (line, column) = context[index + " at line ".len()..].split_once(" column ")?;
        Some((line.parse().ok()?, column.parse().ok()?))
    });
    (
        strip_location(problem),
        Some(Context {
            text: strip_location(&context),
            start,
        }),
    )
}

/// Where the second document of a YAML stream starts: the first `---` line
/// after content or after another `---`, or the first content after a `...`
/// line.
fn second_document(bytes: &[u8]) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (mut started, mut ended) = (false, false);
    for (index, line) in text.lines().enumerate() {
        let marker = |mark: &str| {
            line.strip_prefix(mark)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        // A `%` directive before the first document is no content.
        let directive = line.starts_with('%') && !started;
        if marker("---") {
            if started || ended {
                return Some((index + 1, 1));
            }
            started = true;
        } else if marker("...") {
            ended = started;
        } else if !blank && !directive {
            if ended {
                return Some((index + 1, 1));
            }
            started = true;
        }
    }
    None
}

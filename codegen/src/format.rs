//! Formatting: the pieces of Rust files to text, with the "generated"
//! header on top. Token streams go through `syn` and `prettyplease`;
//! template text is already formatted and is kept as it is.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::TokenStream;

use crate::emit::{Emit, Piece, RustFile};

/// The emitted tokens did not parse as a Rust file: a bug in the generator,
/// reported rather than panicking.
#[derive(Debug, thiserror::Error)]
#[error("the generator produced invalid Rust for {path}: {message}")]
pub struct FormatError {
    /// The file.
    pub path: String,
    /// What `syn` said.
    pub message: String,
}

/// Emits and formats `files` on up to as many threads as the machine has
/// cores, part by part; the result is in the order of `files` whatever the
/// threads do.
pub(crate) fn format_files(
    files: &[RustFile<'_>],
    header: &str,
) -> Result<Vec<(String, String)>, FormatError> {
    // Every part of every file, in order, with the file's path.
    let units: Vec<(&str, &Emit<'_>)> = files
        .iter()
        .flat_map(|file| file.parts.iter().map(|part| (file.path, part)))
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(units.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<String, FormatError>>>> =
        units.iter().map(|_| Mutex::new(None)).collect();
    let work = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some((path, emit)) = units.get(index) else {
            break;
        };
        let formatted = emit()
            .map_err(|error| FormatError {
                path: (*path).to_owned(),
                message: error.to_string(),
            })
            .and_then(|pieces| format_pieces(path, pieces));
        if let Some(Ok(mut slot)) = slots.get(index).map(Mutex::lock) {
            *slot = Some(formatted);
        }
    };
    if workers == 1 {
        work();
    } else {
        std::thread::scope(|scope| {
            for _ in 1..workers {
                scope.spawn(work);
            }
            work();
        });
    }
    let mut texts = units.iter().zip(slots).map(|((path, _), slot)| {
        slot.into_inner().ok().flatten().unwrap_or_else(|| {
            Err(FormatError {
                path: (*path).to_owned(),
                message: "a part of the file was not formatted".to_owned(),
            })
        })
    });
    files
        .iter()
        .map(|file| {
            let mut text = format!("// {header}\n");
            for part in texts.by_ref().take(file.parts.len()) {
                text.push_str(&part?);
            }
            Ok((file.path.to_owned(), text))
        })
        .collect()
}

/// Formats `tokens` as the file `path`, starting with `// {header}`.
#[cfg(test)]
fn format_rust(path: &str, tokens: TokenStream, header: &str) -> Result<String, FormatError> {
    let body = format_pieces(path, vec![Piece::Items(tokens)])?;
    Ok(format!("// {header}\n{body}"))
}

/// Formats `pieces` of the file `path`, each after a blank line.
fn format_pieces(path: &str, pieces: Vec<Piece>) -> Result<String, FormatError> {
    let mut out = String::new();
    for piece in pieces {
        let text = match piece {
            Piece::Text(text) => text,
            Piece::Items(tokens) => format_items(path, tokens)?,
        };
        out.push('\n');
        out.push_str(&text);
    }
    Ok(out)
}

/// Formats items through `syn` and `prettyplease`.
fn format_items(path: &str, tokens: TokenStream) -> Result<String, FormatError> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| FormatError {
        path: path.to_owned(),
        message: error.to_string(),
    })?;
    // prettyplease writes doc strings into `///` comments as they are;
    // literals keep such characters escaped, so in the printed text they can
    // only be in a comment.
    Ok(separate_items(&comment_safe(&prettyplease::unparse(&file))))
}

/// `text` without what a Rust comment cannot hold: a lone carriage return
/// (not valid in a doc comment) becomes a space, and the characters that
/// change the direction of text, which rustc rejects in comments
/// (`text_direction_codepoint_in_comment`) because they can make code read
/// otherwise than it compiles, are dropped.
pub(crate) fn comment_safe(text: &str) -> String {
    text.replace('\r', " ").replace(
        |c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'),
        "",
    )
}

/// Starts of lines that begin an item (after their indentation).
const ITEM_STARTS: &[&str] = &[
    "///",
    "#[",
    "pub ",
    "fn ",
    "async fn ",
    "impl",
    "const ",
    "struct ",
    "enum ",
    "type ",
    "mod ",
    "use ",
];

/// Puts a blank line between items, as a person would: after the crate docs,
/// after `use` groups, and after every item or method that ends before
/// another begins. prettyplease writes items back to back.
fn separate_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (index, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(index + 1) else {
            continue;
        };
        if needs_blank_line(line, next) {
            out.push('\n');
        }
    }
    out
}

fn needs_blank_line(line: &str, next: &str) -> bool {
    let indent = line.len() - line.trim_start().len();
    let next_indent = next.len() - next.trim_start().len();
    let next_body = next.trim_start();
    if next_indent != indent || indent > 4 || !ITEM_STARTS.iter().any(|s| next_body.starts_with(s))
    {
        return false;
    }
    let body = line.trim_start();
    if body.starts_with("///") || body.starts_with("// ") {
        return false;
    }
    let ends_item =
        body == "}" || body == "};" || (body.ends_with(';') && !body.starts_with("use "));
    let ends_docs = body.starts_with("//!") || body.starts_with("#![");
    let ends_uses =
        body.starts_with("use ") && body.ends_with(';') && !next_body.starts_with("use ");
    ends_item || ends_docs || ends_uses
}

#[cfg(test)]
mod tests {
    use super::format_rust;

    #[test]
    fn carriage_returns_in_docs_stay_valid_rust() {
        let doc = "first\rsecond\r\nthird";
        let wire = "a\rb";
        let tokens = quote::quote! {
            #[doc = #doc]
            pub struct Note {
                #[serde(rename = #wire)]
                pub field: String,
            }
        };
        let text = format_rust("src/types.rs", tokens, "header").expect("formats");
        assert!(syn::parse_file(&text).is_ok(), "{text}");
        assert!(text.contains("first second"), "{text}");
        assert!(text.contains(r#"rename = "a\rb""#), "{text}");
    }

    #[test]
    fn text_direction_characters_leave_comments_and_stay_escaped_in_literals() {
        let value = "up\u{202E}\u{2066}side";
        let doc = format!(" `{value}`");
        let tokens = quote::quote! {
            pub enum Sides {
                #[doc = #doc]
                #[serde(rename = #value)]
                Upside,
            }
        };
        let text = format_rust("src/types.rs", tokens, "header").expect("formats");
        assert!(text.contains("/// `upside`"), "{text}");
        assert!(
            text.contains(r#"rename = "up\u{202e}\u{2066}side""#),
            "{text}"
        );
    }
}

//! Doc comments from the spec's prose: `#[doc = "..."]` attributes, one per
//! line. The spec's CommonMark is rewritten so that rustdoc and clippy read
//! it cleanly and never compile it ([`markdown`]), and its links to Rust
//! paths either name an item of the generated crate or become code text
//! ([`links`]).

mod links;
mod markdown;

use proc_macro2::TokenStream;
use quote::quote;

pub use links::{in_crate, Links};

/// `#[doc]` attributes for `paragraphs`, separated by blank doc lines.
/// Empty and missing paragraphs are skipped.
pub fn doc_attrs<'s>(paragraphs: impl IntoIterator<Item = Option<&'s str>>) -> TokenStream {
    let lines = doc_lines(paragraphs);
    let attrs = lines.iter().map(|line| quote! { #[doc = #line] });
    quote! { #(#attrs)* }
}

/// `#![doc]` attributes (crate docs) for `paragraphs`, like [`doc_attrs`].
pub fn inner_doc_attrs<'s>(paragraphs: impl IntoIterator<Item = Option<&'s str>>) -> TokenStream {
    let lines = doc_lines(paragraphs);
    let attrs = lines.iter().map(|line| quote! { #![doc = #line] });
    quote! { #(#attrs)* }
}

/// `paragraphs` as Markdown text (a README's), sanitized as for
/// [`doc_attrs`] and separated by blank lines, ending in a line break; empty
/// when every paragraph is empty or missing.
pub fn markdown<'s>(paragraphs: impl IntoIterator<Item = Option<&'s str>>) -> String {
    doc_lines(paragraphs)
        .iter()
        .map(|line| format!("{}\n", line.strip_prefix(' ').unwrap_or(line)))
        .collect()
}

/// `text` without what a Rust comment cannot hold: a lone carriage return
/// (not valid in a doc comment) becomes a space, and the characters that
/// change the direction of text, which rustc rejects in comments
/// (`text_direction_codepoint_in_comment`) because they can make code read
/// otherwise than it compiles, are dropped. Every doc attribute the emitters
/// write goes through here.
fn comment_safe(text: &str) -> String {
    text.replace('\r', " ").replace(
        |c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'),
        "",
    )
}

/// `text` on one line, for a doc line or a list item: runs of white space
/// (line breaks included) become one space, and what a comment cannot hold
/// is dropped ([`comment_safe`]).
pub fn one_line(text: &str) -> String {
    comment_safe(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The lines of the doc comment for `paragraphs`, each with the leading
/// space that makes `/// text`.
fn doc_lines<'s>(paragraphs: impl IntoIterator<Item = Option<&'s str>>) -> Vec<String> {
    links::with_current(|links| {
        let mut lines: Vec<String> = Vec::new();
        for paragraph in paragraphs.into_iter().flatten() {
            let Some(paragraph) = trimmed(paragraph) else {
                continue;
            };
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.extend(markdown::sanitize(paragraph, links));
        }
        lines
            .into_iter()
            .map(|line| {
                if line.is_empty() {
                    line
                } else {
                    format!(" {line}")
                }
            })
            .collect()
    })
}

/// `text` without its leading blank lines and trailing white space, and
/// without the first line's indentation unless that makes it code (four
/// columns or more), or `None` when nothing is left.
fn trimmed(text: &str) -> Option<&str> {
    let text = text.trim_end();
    let start = text
        .split_inclusive('\n')
        .take_while(|line| line.trim().is_empty())
        .map(str::len)
        .sum::<usize>();
    let text = &text[start..];
    if text.is_empty() {
        return None;
    }
    let first = text.lines().next().unwrap_or_default();
    let code = markdown::indentation(&markdown::expand_tabs(first)) >= 4;
    Some(if code { text } else { text.trim_start() })
}

#[cfg(test)]
mod tests {
    use super::{doc_lines, one_line};

    #[test]
    fn text_direction_controls_and_line_breaks_never_reach_a_comment() {
        let sneaky = "admin\u{202E}\u{2066} only\rnot";
        assert_eq!(doc_lines([Some(sneaky)]), [" admin only not"]);
        assert_eq!(one_line("two\n  lines\u{2069}"), "two lines");
    }

    #[test]
    fn leading_blank_lines_and_shallow_indentation_are_trimmed() {
        assert_eq!(doc_lines([Some("\n  \n  text\n")]), [" text"]);
        assert_eq!(doc_lines([Some("  "), None, Some("x")]), [" x"]);
    }

    #[test]
    fn a_fence_left_open_ends_with_its_paragraph() {
        let lines = doc_lines([Some("Open:\n```"), Some("# Errors")]);
        assert_eq!(lines, [" Open:", " ```text", " ```", "", " # Errors"]);
    }
}

//! Doc comments from the spec's prose: `#[doc = "..."]` attributes, one per
//! line, with code fences marked as text so rustdoc never compiles them.

use proc_macro2::TokenStream;
use quote::quote;

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

/// `#![doc]` attributes for the generator's own paragraphs, after the
/// spec's: a blank line, then the paragraphs with their code fences as they
/// are (the generator's examples are compiled as doctests).
pub fn inner_own_doc_attrs(paragraphs: &[&str]) -> TokenStream {
    let lines = paragraphs.iter().flat_map(|paragraph| {
        std::iter::once(String::new()).chain(paragraph.lines().map(|line| {
            let line = comment_safe(line.trim_end());
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        }))
    });
    let attrs = lines.map(|line| quote! { #![doc = #line] });
    quote! { #(#attrs)* }
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
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.into_iter().flatten() {
        let paragraph = paragraph.trim();
        if paragraph.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(paragraph));
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
}

/// Splits prose into lines, trims trailing space, makes each
/// [comment-safe](comment_safe) and turns untyped or Rust-looking code
/// fences into `text` fences.
fn sanitize(text: &str) -> Vec<String> {
    let mut in_fence = false;
    text.lines()
        .map(|line| {
            let line = comment_safe(line);
            let trimmed = line.trim_end();
            let fence = trimmed.trim_start();
            if let Some(info) = fence.strip_prefix("```") {
                let opening = !in_fence;
                in_fence = !in_fence;
                if opening {
                    let indent = &trimmed[..trimmed.len() - fence.len()];
                    let info = info.trim();
                    let info = if info.is_empty() || info.starts_with("rust") {
                        "text"
                    } else {
                        info
                    };
                    return format!("{indent}```{info}");
                }
            }
            trimmed.to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{doc_lines, one_line, sanitize};

    #[test]
    fn code_fences_become_text() {
        assert_eq!(
            sanitize("Example:\n```\nlet x = 1;\n```"),
            vec!["Example:", "```text", "let x = 1;", "```"]
        );
        assert_eq!(sanitize("```json\n{}\n```"), vec!["```json", "{}", "```"]);
    }

    #[test]
    fn text_direction_controls_and_line_breaks_never_reach_a_comment() {
        let sneaky = "admin\u{202E}\u{2066} only\rnot";
        assert_eq!(doc_lines([Some(sneaky)]), [" admin only not"]);
        assert_eq!(one_line("two\n  lines\u{2069}"), "two lines");
    }
}

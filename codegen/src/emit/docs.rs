//! Doc comments from the spec's prose: `#[doc = "..."]` attributes, one per
//! line, with code fences marked as text so rustdoc never compiles them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::format::comment_safe;

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

/// `///` lines for `paragraphs`, as `prettyplease` prints [`doc_attrs`],
/// each ending in a newline: for text emitted without tokens.
pub fn doc_comment<'s>(paragraphs: impl IntoIterator<Item = Option<&'s str>>) -> String {
    doc_lines(paragraphs)
        .iter()
        .map(|line| format!("///{line}\n"))
        .collect()
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
/// [comment-safe](comment_safe) (templates take doc text without the
/// formatter that does it for tokens) and turns untyped or Rust-looking code
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
    use super::{doc_comment, one_line, sanitize};

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
        assert_eq!(doc_comment([Some(sneaky)]), "/// admin only not\n");
        assert_eq!(one_line("two\n  lines\u{2069}"), "two lines");
    }
}

//! The spec's prose (CommonMark) as doc lines that rustdoc and clippy read
//! cleanly. The text is read by pulldown-cmark, the parser rustdoc uses,
//! with rustdoc's extensions (tables, footnotes, strikethrough, task
//! lists), and rewritten in place: only what rustdoc or clippy would
//! misread changes, the rest of the source stays as the spec wrote it.
//!
//! Measured on Brevo's whole definition (`swagger_definition_v3.yml`, 864 kB,
//! 3,507 `description`s) through `cargo xtask codegen` (a debug build with
//! the generator's crates, pulldown-cmark among them, at opt-level 1), nine
//! alternating runs of each on a shared two-core machine: user CPU time,
//! median, 0.56 s with the hand-written parser this replaced and 0.55 s
//! with pulldown-cmark (wall time, median, 1.53 s and 1.40 s); the output
//! is byte for byte the same. The library costs nothing measurable, so it
//! is used.

use std::ops::Range;

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag};

use super::comment_safe;
use super::links::{rust_path, Links, Target};

/// rustdoc's Markdown extensions: the text is read as rustdoc will.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS);

/// How often the text is read again while a pass still changes it (a
/// rewrite can make new Markdown: an HTML block shown as text is a
/// paragraph whose brackets the next pass escapes). Two passes settle
/// every text seen; the bound keeps a pathological one finite.
const MAX_PASSES: usize = 4;

/// `text` as doc lines: each line [comment-safe](comment_safe), tabs
/// expanded (clippy's `tabs_in_doc_comments`) and trailing space trimmed;
/// then
///
/// - code blocks never become doctests: a fence with no info string or a
///   Rust one (`rust`, `ignore`, `no_run`, ... as rustdoc reads them) gets
///   `text`; an indented code block becomes a fenced `text` block; a fence
///   left open is closed where its block ends, so it never swallows what
///   the generator writes after it.
/// - a paragraph's continuation lines in a list item or block quote get
///   the item's indentation and the quote's `>` (clippy's
///   `doc_lazy_continuation` and `doc_overindented_list_items`).
/// - outside code: `[` and `]` that make no link are escaped (`\[1\]`,
///   never a broken intra-doc link); a link to a Rust path is kept only
///   when it names an item of ours (`links`), rewritten to our type's path
///   when it names a schema, and is its text otherwise; a bare `http(s)://`
///   URL is made an autolink `<...>` (rustdoc's `bare_urls`) unless it is
///   in a link; raw HTML and every other `<` is written `&lt;`, so
///   `<ol>`, `Vec<String>` and `a <b` show as written (rustdoc's
///   `invalid_html_tags`).
///
/// The result reads the same through here again.
pub fn sanitize(text: &str, links: &Links) -> Vec<String> {
    let mut text = text
        .lines()
        .map(|line| expand_tabs(&comment_safe(line)).trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    for _ in 0..MAX_PASSES {
        let next = rewrite(&text, links);
        if next == text {
            break;
        }
        text = next;
    }
    text.split('\n')
        .map(|line| line.trim_end().to_owned())
        .collect()
}

/// `line` with each tab replaced by the spaces to the next multiple of four
/// columns, as CommonMark reads tabs.
pub fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let width = 4 - column % 4;
            out.extend(std::iter::repeat_n(' ', width));
            column += width;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// The leading spaces of `line` (tabs expanded).
pub fn indentation(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

/// A replacement of `src[range]`.
struct Edit {
    range: Range<usize>,
    with: String,
}

/// A block that holds others, for the prefix its continuation lines need.
enum Container {
    /// A block quote whose `>` is at this column.
    Quote(usize),
    /// A list item whose content starts at this column.
    Item(usize),
}

/// A link being read.
struct OpenLink {
    /// From its `[` to the end of its tail.
    range: Range<usize>,
    /// Its destination when that is a Rust path.
    path: Option<String>,
    /// Where its text ends (the `]` after it).
    text_end: usize,
    /// Whether its text holds code or markup (then it is not wrapped in
    /// backticks when it stops being a link).
    marked_up: bool,
}

/// One pass of [`sanitize`] over `src` (tabs expanded, lines trimmed).
fn rewrite(src: &str, links: &Links) -> String {
    // A shortcut or collapsed reference without a definition is a link
    // when its label is one code span of a Rust path (``[`Client`]``, the
    // intra-doc links rustdoc reads); its destination is that path.
    let mut callback = |broken: BrokenLink<'_>| {
        let label = broken.reference.trim();
        let path = label.strip_prefix('`')?.strip_suffix('`')?;
        rust_path(path).then(|| (CowStr::from(path.to_owned()), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(src, OPTIONS, Some(&mut callback));
    let mut edits: Vec<Edit> = Vec::new();
    let mut containers: Vec<Container> = Vec::new();
    let mut open_links: Vec<OpenLink> = Vec::new();
    // The code block being read: where it is, its kind, its text.
    let mut code: Option<(Range<usize>, CodeBlockKind<'_>, String)> = None;
    // Adjacent text not yet rewritten, and whether bare URLs in it become
    // autolinks (not inside a link).
    let mut text: Option<(Range<usize>, bool)> = None;
    for (event, range) in parser.into_offset_iter() {
        if let Some(link) = open_links.last_mut() {
            // The events of its text start after its `[`.
            if range.start > link.range.start && range.end < link.range.end {
                link.text_end = link.text_end.max(range.end);
                link.marked_up |= !matches!(event, Event::Text(_));
            }
        }
        if let Event::Text(_) = event {
            if let Some((_, _, body)) = &mut code {
                body.push_str(&src[range.clone()]);
                continue;
            }
            let urls = open_links.is_empty();
            text = match text.take() {
                Some((pending, same)) if joins(src, &pending, &range) && same == urls => {
                    Some((pending.start..range.end, urls))
                }
                pending => {
                    if let Some((pending, urls)) = pending {
                        edits.extend(escape_text(src, pending, urls));
                    }
                    Some((range, urls))
                }
            };
            continue;
        }
        if let Some((pending, urls)) = text.take() {
            edits.extend(escape_text(src, pending, urls));
        }
        match event {
            Event::Start(Tag::BlockQuote(_)) => {
                containers.push(Container::Quote(column(src, range.start)));
            }
            Event::Start(Tag::Item) => {
                containers.push(Container::Item(item_content(src, range.start)))
            }
            Event::End(pulldown_cmark::TagEnd::BlockQuote(_) | pulldown_cmark::TagEnd::Item) => {
                containers.pop();
            }
            Event::Start(Tag::CodeBlock(kind)) => code = Some((range, kind, String::new())),
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                if let Some((range, kind, body)) = code.take() {
                    edits.extend(match kind {
                        CodeBlockKind::Fenced(_) => fenced(src, range),
                        CodeBlockKind::Indented => {
                            indented(src, range, &body).into_iter().collect()
                        }
                    });
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                let html = &src[range.clone()];
                if html.contains('<') {
                    edits.push(Edit {
                        range,
                        with: html.replace('<', "&lt;"),
                    });
                }
            }
            Event::SoftBreak | Event::HardBreak if !containers.is_empty() => {
                edits.extend(continuation(src, range.end, &containers));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let mut range = range;
                if matches!(link_type, LinkType::Collapsed | LinkType::CollapsedUnknown)
                    && src[range.end..].starts_with("[]")
                {
                    // pulldown-cmark's range stops before the `[]`.
                    range.end += 2;
                }
                let path = (!matches!(
                    link_type,
                    LinkType::Autolink | LinkType::Email | LinkType::WikiLink { .. }
                ) && rust_path(&dest_url))
                .then(|| dest_url.to_string());
                open_links.push(OpenLink {
                    text_end: range.start + 1,
                    range,
                    path,
                    marked_up: false,
                });
            }
            Event::End(pulldown_cmark::TagEnd::Link) => {
                if let Some(link) = open_links.pop() {
                    edits.extend(relink(src, link, links));
                }
            }
            _ => {}
        }
    }
    if let Some((pending, urls)) = text {
        edits.extend(escape_text(src, pending, urls));
    }
    apply(src, edits)
}

/// Whether the text at `next` continues the text at `pending`: right after
/// it, or after a backslash that escapes its first character.
fn joins(src: &str, pending: &Range<usize>, next: &Range<usize>) -> bool {
    next.start == pending.end
        || (next.start == pending.end + 1 && src.as_bytes()[pending.end] == b'\\')
}

/// `src` with `edits` made (they do not overlap; one that would is
/// dropped).
fn apply(src: &str, mut edits: Vec<Edit>) -> String {
    if edits.is_empty() {
        return src.to_owned();
    }
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(src.len() + 64);
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at {
            continue;
        }
        out.push_str(&src[at..edit.range.start]);
        out.push_str(&edit.with);
        at = edit.range.end;
    }
    out.push_str(&src[at..]);
    out
}

/// Where the line holding `at` starts.
fn line_start(src: &str, at: usize) -> usize {
    src[..at].rfind('\n').map_or(0, |newline| newline + 1)
}

/// The column of `at` in its line (the prefixes it counts are ASCII).
fn column(src: &str, at: usize) -> usize {
    at - line_start(src, at)
}

/// What stands before `at` on its line, as the prefix a line inside the
/// same blocks needs: the quotes' `>` kept, list markers and text made
/// spaces.
fn prefix(src: &str, at: usize) -> String {
    src[line_start(src, at)..at]
        .chars()
        .map(|c| if c == '>' { '>' } else { ' ' })
        .collect()
}

/// The column where the content of the list item whose marker is at
/// `marker` starts.
fn item_content(src: &str, marker: usize) -> usize {
    let rest = &src[marker
        ..src[marker..]
            .find('\n')
            .map_or(src.len(), |end| marker + end)];
    let width = match rest.bytes().next() {
        Some(b'-' | b'+' | b'*') => 1,
        _ => rest.bytes().take_while(u8::is_ascii_digit).count() + 1,
    };
    let after = rest.get(width..).unwrap_or_default();
    let spaces = indentation(after);
    let gap = if after.trim().is_empty() || spaces > 4 {
        1
    } else {
        spaces
    };
    column(src, marker) + width + gap
}

/// The edit that gives the paragraph line starting after the break that
/// ends at `after` the prefix of its `containers`, when it lacks it (a lazy
/// line) or is indented deeper.
fn continuation(src: &str, after: usize, containers: &[Container]) -> Option<Edit> {
    let start = if src[..after].ends_with('\n') {
        after
    } else {
        after + src[after..].find('\n')? + 1
    };
    let mut wanted = String::new();
    for container in containers {
        match *container {
            Container::Quote(at) => {
                wanted.extend(std::iter::repeat_n(' ', at.saturating_sub(wanted.len())));
                wanted.push_str("> ");
            }
            Container::Item(content) => {
                wanted.extend(std::iter::repeat_n(
                    ' ',
                    content.saturating_sub(wanted.len()),
                ));
            }
        }
    }
    let bytes = src.as_bytes();
    let mut end = start;
    let skip_spaces = |mut end: usize| {
        while bytes.get(end) == Some(&b' ') {
            end += 1;
        }
        end
    };
    for container in containers {
        end = skip_spaces(end);
        if let Container::Quote(_) = container {
            if bytes.get(end) != Some(&b'>') {
                break;
            }
            end += 1;
        }
    }
    end = skip_spaces(end);
    (src[start..end] != wanted).then_some(Edit {
        range: start..end,
        with: wanted,
    })
}

/// The edits a fenced code block (`range`) needs: a Rust or empty info
/// string becomes `text`, and a fence left open is closed.
fn fenced(src: &str, range: Range<usize>) -> Vec<Edit> {
    let mut edits = Vec::new();
    let block = src[range.clone()].trim_end_matches('\n');
    let opening = block.lines().next().unwrap_or_default();
    let Some(marker) = opening.bytes().next() else {
        return edits;
    };
    let len = opening.bytes().take_while(|&b| b == marker).count();
    let info = opening[len..].trim();
    let wanted = fence_info(info);
    if wanted != info {
        edits.push(Edit {
            range: range.start + len..range.start + opening.len(),
            with: wanted.to_owned(),
        });
    }
    let closed = block.rfind('\n').is_some_and(|newline| {
        let last = block[newline + 1..].trim_start_matches([' ', '>']);
        let run = last.bytes().take_while(|&b| b == marker).count();
        run >= len && last[run..].trim().is_empty()
    });
    if !closed {
        let end = range.start + block.len();
        let fence = String::from(char::from(marker)).repeat(len);
        edits.push(Edit {
            range: end..end,
            with: format!("\n{}{fence}", prefix(src, range.start)),
        });
    }
    edits
}

/// The edit that makes the indented code block at `range` (its code
/// starting there, `body` without the indentation) a fenced `text` block,
/// its fence longer than any run of backticks in it.
fn indented(src: &str, range: Range<usize>, body: &str) -> Option<Edit> {
    let start = range.start.checked_sub(4).filter(|&start| {
        start >= line_start(src, range.start) && src[start..range.start] == *"    "
    })?;
    let end = range.start + src[range.clone()].trim_end_matches('\n').len();
    let pad = prefix(src, start);
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    let mut with = format!("{ticks}text");
    for line in body.trim_end_matches('\n').split('\n') {
        with.push('\n');
        if line.is_empty() {
            with.push_str(pad.trim_end());
        } else {
            with.push_str(&pad);
            with.push_str(line);
        }
    }
    with.push('\n');
    with.push_str(&pad);
    with.push_str(&ticks);
    Some(Edit {
        range: start..end,
        with,
    })
}

/// The info string a fence gets: `text` for none or one rustdoc would
/// read as Rust (a doctest), the spec's otherwise.
fn fence_info(info: &str) -> &str {
    let rust_tag = |token: &str| {
        let token = token.to_ascii_lowercase().replace('-', "_");
        token.starts_with("rust")
            || token.starts_with("ignore")
            || token.starts_with("edition")
            || matches!(
                token.as_str(),
                "should_panic" | "no_run" | "compile_fail" | "test_harness" | "standalone_crate"
            )
            || (token.len() == 5
                && token.starts_with('e')
                && token[1..].bytes().all(|b| b.is_ascii_digit()))
    };
    let rust = info.is_empty()
        || info.starts_with(['{', '.'])
        || info
            .split(|c: char| c == ',' || c.is_whitespace())
            .any(rust_tag);
    if rust {
        "text"
    } else {
        info
    }
}

/// The edits a finished link needs when its destination is a Rust path:
/// none when it names an item of ours from here, a new destination when it
/// names one of our types, and, when it names nothing of ours, its text
/// without the brackets and tail (in backticks when it is a bare path).
fn relink(src: &str, link: OpenLink, links: &Links) -> Vec<Edit> {
    let Some(path) = &link.path else {
        return Vec::new();
    };
    let OpenLink {
        range, text_end, ..
    } = link;
    let well_formed = src.as_bytes().get(range.start) == Some(&b'[')
        && src.as_bytes().get(text_end) == Some(&b']')
        && text_end < range.end;
    if !well_formed {
        return Vec::new();
    }
    // A text that is one code span naming the target here needs no
    // destination.
    let text = &src[range.start + 1..text_end];
    let label = text
        .strip_prefix('`')
        .and_then(|text| text.strip_suffix('`'))
        .filter(|label| !label.contains('`'));
    let shortcut = |target: &str| {
        label.is_some_and(|label| links.label_names(label, target))
            && src[text_end..range.end] != *"]"
    };
    match links.target(path) {
        Target::Keep if shortcut(path) => vec![Edit {
            range: text_end..range.end,
            with: "]".to_owned(),
        }],
        Target::Keep => Vec::new(),
        Target::Rewrite(ours) => vec![Edit {
            range: text_end..range.end,
            with: if shortcut(&ours) {
                "]".to_owned()
            } else {
                format!("]({ours})")
            },
        }],
        Target::Unlink => {
            let tick = if !link.marked_up && rust_path(text) {
                "`"
            } else {
                ""
            };
            vec![
                Edit {
                    range: range.start..range.start + 1,
                    with: tick.to_owned(),
                },
                Edit {
                    range: text_end..range.end,
                    with: tick.to_owned(),
                },
            ]
        }
    }
}

/// The edit that makes the text `src[range]` (outside code) read as
/// written: `[` and `]` escaped, `<` written `&lt;`, and, when `urls`, bare
/// URLs made autolinks. Backslash escapes stay as they are.
fn escape_text(src: &str, range: Range<usize>, urls: bool) -> Option<Edit> {
    let bytes = src.as_bytes();
    let escaped = |at: usize| {
        bytes[..at]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count()
            % 2
            == 1
    };
    let mut out = String::new();
    let mut copied = range.start;
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        let with = match b {
            b'[' | b']' | b'<' if escaped(i) => None,
            b'[' => Some((i + 1, "\\[".to_owned())),
            b']' => Some((i + 1, "\\]".to_owned())),
            b'<' => Some((i + 1, "&lt;".to_owned())),
            b'h' if urls && bare_url_start(bytes, i) => {
                let end = bare_url_end(src, i).min(range.end);
                Some((end, format!("<{}>", &src[i..end])))
            }
            _ => None,
        };
        match with {
            Some((end, with)) => {
                out.push_str(&src[copied..i]);
                out.push_str(&with);
                copied = end;
                i = end;
            }
            None => i += 1,
        }
    }
    if copied == range.start {
        return None;
    }
    out.push_str(&src[copied..range.end]);
    Some(Edit { range, with: out })
}

/// Whether a bare `http://` or `https://` URL starts at `start` (not in
/// the middle of a word).
fn bare_url_start(bytes: &[u8], start: usize) -> bool {
    let rest = &bytes[start..];
    let scheme = if rest.starts_with(b"https://") {
        8
    } else if rest.starts_with(b"http://") {
        7
    } else {
        return false;
    };
    (start == 0 || !bytes[start - 1].is_ascii_alphanumeric())
        && rest.get(scheme).is_some_and(|&b| url_byte(b))
}

/// Whether `b` may be in a bare URL (the delimiters Markdown uses around
/// one may not).
fn url_byte(b: u8) -> bool {
    !(b.is_ascii_whitespace() || b.is_ascii_control() || b"<>\"`[]\\".contains(&b))
}

/// Where the bare URL starting at `start` ends: before white space or a
/// delimiter, without the punctuation that ends a sentence or an unmatched
/// `)`.
fn bare_url_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() && url_byte(bytes[end]) {
        end += 1;
    }
    loop {
        let url = &text[start..end];
        match url.as_bytes().last() {
            Some(b'?' | b'!' | b'.' | b',' | b':' | b';' | b'*' | b'_' | b'~' | b'\'') => end -= 1,
            Some(b')') if url.matches(')').count() > url.matches('(').count() => end -= 1,
            _ => break,
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::super::links::tests::sample;
    use super::sanitize;

    /// `text` through [`sanitize`], lines joined.
    fn clean(text: &str) -> String {
        sanitize(text, &sample()).join("\n")
    }

    /// `text` through [`sanitize`], by line.
    fn lines(text: &str) -> Vec<String> {
        sanitize(text, &sample())
    }

    #[test]
    fn code_fences_become_text() {
        assert_eq!(
            lines("Example:\n```\nlet x = 1;\n```"),
            vec!["Example:", "```text", "let x = 1;", "```"]
        );
        assert_eq!(lines("```json\n{}\n```"), vec!["```json", "{}", "```"]);
        for info in [
            "rust",
            "rust,ignore",
            "ignore",
            "no_run",
            "should_panic",
            "compile-fail",
            "edition2021",
            "{.rust}",
        ] {
            assert_eq!(
                clean(&format!("```{info}\nx\n```")),
                "```text\nx\n```",
                "{info}"
            );
        }
        assert_eq!(clean("~~~\nx\n~~~"), "~~~text\nx\n~~~");
        assert_eq!(clean("~~~ rust\n```\n~~~"), "~~~text\n```\n~~~");
        // A longer fence keeps its length: a shorter run inside is code.
        assert_eq!(clean("````\n```\n````"), "````text\n```\n````");
    }

    #[test]
    fn a_fence_left_open_is_closed_at_the_end_of_the_text() {
        assert_eq!(
            clean("Example:\n```\nlet x = 1;"),
            "Example:\n```text\nlet x = 1;\n```"
        );
        assert_eq!(clean("~~~~json\n{}"), "~~~~json\n{}\n~~~~");
    }

    #[test]
    fn tabs_are_expanded_in_prose_and_code() {
        assert_eq!(
            clean("a\tb\n```\n\tx\ty\n```"),
            "a   b\n```text\n    x   y\n```"
        );
        assert!(!clean("\tcode\n\n- a\n\tb").contains('\t'));
    }

    #[test]
    fn indented_code_becomes_a_text_fence() {
        assert_eq!(
            clean("Totals:\n\n    let total = cost * 2;\n\n      more;\n\nAfter."),
            "Totals:\n\n```text\nlet total = cost * 2;\n\n  more;\n```\n\nAfter."
        );
        // At the start of the text, and after a heading.
        assert_eq!(clean("    x = 1"), "```text\nx = 1\n```");
        assert_eq!(clean("# Use\n    x = 1"), "# Use\n```text\nx = 1\n```");
        // Fences in the code are code: the new fence is longer.
        assert_eq!(
            clean("    ```\n    y\n    ```"),
            "````text\n```\ny\n```\n````"
        );
        // A tab makes code too.
        assert_eq!(
            clean("x:\n\n\tlet y = 2;"),
            "x:\n\n```text\nlet y = 2;\n```"
        );
    }

    #[test]
    fn deeper_lines_after_a_paragraph_line_continue_it() {
        assert_eq!(clean("One\n    two"), "One\n    two");
        // In a list item: lazy and deeper continuations take the item's
        // indentation; after a blank line, the item's paragraph; four deeper,
        // code in the item.
        assert_eq!(
            clean("- item\nlazy\n        deep\n\n  more\n\n      code\n- next"),
            "- item\n  lazy\n  deep\n\n  more\n\n  ```text\n  code\n  ```\n- next"
        );
        assert_eq!(
            clean("1. a\n\n   b\n\n       c"),
            "1. a\n\n   b\n\n   ```text\n   c\n   ```"
        );
        // Left of the item after a blank line: the list has ended.
        assert_eq!(clean("- a\n\n    b"), "- a\n\n    b");
        assert_eq!(clean("- a\n\nb\n\n    c"), "- a\n\nb\n\n```text\nc\n```");
    }

    #[test]
    fn list_items_that_start_with_code() {
        assert_eq!(clean("-     code"), "- ```text\n  code\n  ```");
        assert_eq!(clean("- ```rust\n  x\n  ```"), "- ```text\n  x\n  ```");
        // A line left of the item ends it and its fence.
        assert_eq!(clean("- ```\n  x\ny"), "- ```text\n  x\n  ```\ny");
        // In a quote in an item.
        assert_eq!(clean("- > ```\n  > x"), "- > ```text\n  > x\n  > ```");
    }

    #[test]
    fn block_quotes_are_read_inside() {
        assert_eq!(
            clean("> a\n>\n>     code\n> b"),
            "> a\n>\n> ```text\n> code\n> ```\n> b"
        );
        assert_eq!(clean("> quoted\nlazy [1]"), "> quoted\n> lazy \\[1\\]");
        assert_eq!(clean("> ```\n> x"), "> ```text\n> x\n> ```");
        let quoted = "> ".repeat(40);
        assert_eq!(
            clean(&format!("{quoted}    x")),
            format!("{quoted}```text\n{quoted}x\n{quoted}```")
        );
    }

    #[test]
    fn brackets_are_escaped_unless_they_make_a_link() {
        assert_eq!(clean("see [1] and [a b]"), "see \\[1\\] and \\[a b\\]");
        assert_eq!(clean("x[0] ] ["), "x\\[0\\] \\] \\[");
        assert_eq!(
            clean("[docs](https://example.com/a_(b)) ok"),
            "[docs](https://example.com/a_(b)) ok"
        );
        assert_eq!(
            clean("[t](/p \"title\") [u](<a b>)"),
            "[t](/p \"title\") [u](<a b>)"
        );
        // Not a link: a space in the destination.
        assert_eq!(clean("[see](the docs)"), "\\[see\\](the docs)");
        assert_eq!(
            clean("[one][r], [r][], [R] and [two][nope]\n\n[r]: https://example.com/r \"T\""),
            "[one][r], [r][], [R] and \\[two\\]\\[nope\\]\n\n[r]: https://example.com/r \"T\""
        );
        // A paragraph line that only looks like a definition.
        assert_eq!(
            clean("text\n[x]: https://e.com"),
            "text\n\\[x\\]: <https://e.com>"
        );
        assert_eq!(clean("[x]: see above"), "\\[x\\]: see above");
        // Footnotes with their definition.
        assert_eq!(
            clean("a[^n] b[^m]\n\n[^n]: note"),
            "a[^n] b\\[^m\\]\n\n[^n]: note"
        );
        // Inside a link's text brackets are escaped, in code they stay.
        assert_eq!(clean("[a [b] c](/u) `[d]`"), "[a \\[b\\] c](/u) `[d]`");
        // A destination that is a Rust path is rustdoc's intra-doc link:
        // kept when it names an item of ours, its text otherwise.
        assert_eq!(clean("[a [b] c](u)"), "a \\[b\\] c");
        // The generator's intra-doc links.
        let own = "Like [`Client::get`], per [`RetryPolicy`](crate::RetryPolicy); [`Error::Api`] for `4xx`.";
        assert_eq!(clean(own), own);
        assert_eq!(clean("[`not a path`]"), "\\[`not a path`\\]");
        // A server's own paths.
        assert_eq!(
            clean("a [`Certificate`](crate::views::Certificate), [`Disk`](x::Disk), [Disk](x::Disk), [`Policy`]s and [`role_assignment`][]"),
            "a [`Certificate`](crate::types::Certificate), `Disk`, `Disk`, `Policy`s and [`role_assignment`](crate::types::RoleAssignment)"
        );
        assert_eq!(clean("[x::Disk](x::Disk)"), "`x::Disk`");
        assert_eq!(clean("\\[kept\\]"), "\\[kept\\]");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            clean("see https://example.com/x, (http://e.org/a_(b)) and https://e.com/q?a=1."),
            "see <https://example.com/x>, (<http://e.org/a_(b)>) and <https://e.com/q?a=1>."
        );
        for kept in [
            "<https://example.com>",
            "`https://example.com`",
            "[https://e.com](https://e.com)",
            "[site](https://e.com)",
            "xhttps://e.com",
            "https://",
        ] {
            assert_eq!(clean(kept), kept);
        }
        assert_eq!(
            clean("```\nhttps://e.com\n```"),
            "```text\nhttps://e.com\n```"
        );
        assert_eq!(clean("https://e.com/a<b>"), "<https://e.com/a>&lt;b>");
    }

    #[test]
    fn html_is_shown_as_written() {
        assert_eq!(
            clean("<ol><li>one</li></ol>"),
            "&lt;ol>&lt;li>one&lt;/li>&lt;/ol>"
        );
        assert_eq!(
            clean("a < b, a <b and Vec<String>"),
            "a &lt; b, a &lt;b and Vec&lt;String>"
        );
        assert_eq!(
            clean("<!-- note --> <b>x</b>"),
            "&lt;!-- note --> &lt;b>x&lt;/b>"
        );
        assert_eq!(
            clean("`Vec<String>` <mailto:a@b.c> <a@b.example>"),
            "`Vec<String>` <mailto:a@b.c> <a@b.example>"
        );
        assert_eq!(clean("```\n<b>\n```"), "```text\n<b>\n```");
        assert_eq!(clean("\\<b>"), "\\<b>");
    }

    #[test]
    fn code_spans_may_span_lines_and_stay_as_they_are() {
        assert_eq!(clean("a `x\n[1] <b>` c"), "a `x\n[1] <b>` c");
        // Unmatched backticks are text.
        assert_eq!(clean("a `` b [1]"), "a `` b \\[1\\]");
    }

    #[test]
    fn the_brief_s_description_and_a_second_pass_change_nothing() {
        let text = "Totals:\n\n    let total = cost * 2;\n\nTab\tseparated; see [1] and https://example.com/x <ol>";
        assert_eq!(
            lines(text),
            [
                "Totals:",
                "",
                "```text",
                "let total = cost * 2;",
                "```",
                "",
                "Tab separated; see \\[1\\] and <https://example.com/x> &lt;ol>",
            ]
        );
        for text in [
            text,
            "- a\nb\n\n      c\n\n> q\n>     r\n\n[x](y) [1] <b> ```",
            "[r]: https://e.com\n\n[r] [^f]\n\n[^f]: x https://e.com",
            "-     code\n~~~",
        ] {
            let once = clean(text);
            assert_eq!(clean(&once), once, "{text:?}");
        }
    }
}

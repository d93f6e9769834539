//! Doc comments from the spec's prose: `#[doc = "..."]` attributes, one per
//! line. The spec's CommonMark is rewritten so that rustdoc and clippy read
//! it cleanly and never compile it (see [`sanitize`]).

use std::collections::{HashMap, HashSet};

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
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.into_iter().flatten() {
        let Some(paragraph) = trimmed(paragraph) else {
            continue;
        };
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
    let code = indentation(&expand_tabs(first)) >= 4;
    Some(if code { text } else { text.trim_start() })
}

/// The spec's prose (CommonMark) as doc lines that rustdoc and clippy read
/// cleanly: each line [comment-safe](comment_safe), tabs expanded (clippy's
/// `tabs_in_doc_comments`) and trailing space trimmed; then
///
/// - code blocks never become doctests: a fence with no info string or a
///   Rust one (`rust`, `ignore`, `no_run`, ... as rustdoc reads them) gets
///   `text`, whether made of backticks or tildes; an indented code block
///   becomes a fenced `text` block; a fence left open is closed at the end
///   of the text, so it never swallows what the generator writes after it.
///   An indented block starts, as in CommonMark, only where a paragraph
///   cannot continue (after a blank line, a heading, a fence or at the
///   start), four columns right of the list item it is in, if any: a deeper
///   line after a paragraph line is that paragraph's continuation, and one
///   in a list item is indented as the item's text (clippy's
///   `doc_lazy_continuation` and `doc_overindented_list_items`). Block
///   quotes are read the same way inside, and lazy lines get their `>`.
/// - outside code: `[` and `]` are escaped (`\[1\]`, never a broken
///   intra-doc link) unless they make a link CommonMark knows: `[text](url)`,
///   `[text][ref]`, `[ref]` or a footnote `[^ref]` with the definition in the
///   same text, and `` [`Path`] ``, the intra-doc links the generator writes;
///   a bare `http(s)://` URL is made an autolink `<...>` (rustdoc's
///   `bare_urls`) unless it is in a link; every `<` that does not open an
///   autolink becomes `&lt;`, so raw HTML (`<ol>`, `Vec<String>`, `a <b`) is
///   shown as written and never read as a tag (rustdoc's
///   `invalid_html_tags`). Code spans and link reference definitions stay
///   as they are.
///
/// The result reads the same through here again.
fn sanitize(text: &str) -> Vec<String> {
    let lines = text
        .lines()
        .map(|line| expand_tabs(&comment_safe(line)).trim_end().to_owned())
        .collect();
    sanitize_lines(lines, &HashSet::new(), 0)
}

/// Block quotes nested deeper than this are kept as text in a fence
/// instead of being read (a bound on the recursion).
const MAX_QUOTE_DEPTH: usize = 16;

/// [`sanitize`] for `lines` (tabs expanded, trailing space trimmed), inside
/// `depth` block quotes whose texts define the link `labels` of `outer`.
fn sanitize_lines(lines: Vec<String>, outer: &HashSet<String>, depth: usize) -> Vec<String> {
    let (pieces, mut labels) = blocks(lines);
    labels.extend(outer.iter().cloned());
    let mut out = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Prose { line, joins } => {
                if !joins {
                    flush_run(&mut run, &labels, &mut out);
                }
                run.push(line);
            }
            Piece::Verbatim(line) => {
                flush_run(&mut run, &labels, &mut out);
                out.push(line);
            }
            Piece::Quote { indent, inner } => {
                flush_run(&mut run, &labels, &mut out);
                let inner = if depth < MAX_QUOTE_DEPTH {
                    sanitize_lines(inner, &labels, depth + 1)
                } else {
                    let mut fenced = Vec::new();
                    for piece in fence_as_text(&inner, 0, 0) {
                        if let Piece::Verbatim(line) = piece {
                            fenced.push(line);
                        }
                    }
                    fenced
                };
                let pad = " ".repeat(indent);
                out.extend(inner.into_iter().map(|line| {
                    if line.is_empty() {
                        format!("{pad}>")
                    } else {
                        format!("{pad}> {line}")
                    }
                }));
            }
        }
    }
    flush_run(&mut run, &labels, &mut out);
    out
}

/// The lines of one paragraph (or heading, or list item's first line) in
/// `run`, through [`inline`] together, so that code spans and links may
/// span lines; `run` is left empty.
fn flush_run(run: &mut Vec<String>, labels: &HashSet<String>, out: &mut Vec<String>) {
    if run.is_empty() {
        return;
    }
    let text = inline(&run.join("\n"), labels);
    out.extend(text.split('\n').map(str::to_owned));
    run.clear();
}

/// `line` with each tab replaced by the spaces to the next multiple of four
/// columns, as CommonMark reads tabs.
fn expand_tabs(line: &str) -> String {
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
fn indentation(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

/// A line of the rewritten text, by what the inline pass does with it.
enum Piece {
    /// Written as it is: code, fences, blank lines, link reference
    /// definitions.
    Verbatim(String),
    /// Prose, read by [`inline`]; `joins` when it continues the paragraph
    /// of the line before.
    Prose { line: String, joins: bool },
    /// A block quote at `indent` columns: its lines without their `>`,
    /// sanitized on their own and quoted again.
    Quote { indent: usize, inner: Vec<String> },
}

/// What the line before leaves open, which decides what the next one can
/// start.
#[derive(Clone, Copy, PartialEq)]
enum Prev {
    /// A blank line, the start, or an empty list item: a deeper line is code.
    Blank,
    /// A paragraph line: a deeper line continues it.
    Paragraph,
    /// A link reference definition: like a paragraph, but another
    /// definition may follow.
    Definition,
    /// A heading, thematic break, fence or block quote: a deeper line is
    /// code, a shallower one leaves the list items right of it.
    Other,
}

/// An open fenced code block: the list item content column it is in, its
/// own indentation, and its fence.
struct Fence {
    container: usize,
    indent: usize,
    marker: u8,
    len: usize,
}

impl Fence {
    /// The line that closes it.
    fn closing(&self) -> String {
        format!(
            "{}{}",
            " ".repeat(self.indent),
            String::from(char::from(self.marker)).repeat(self.len)
        )
    }
}

/// What a line (without its indentation) starts, when not plain text.
enum Block<'l> {
    /// A fence of `len` times `marker` (`` ` `` or `~`) and its info string.
    Fence {
        marker: u8,
        len: usize,
        info: &'l str,
    },
    /// An ATX heading (`# Title`).
    Heading,
    /// A thematic break, or a setext heading's underline.
    Break,
    /// A block quote (`>`).
    Quote,
    /// A list item: its marker's length, the spaces after it, and whether
    /// nothing follows them.
    Item {
        marker: usize,
        spaces: usize,
        empty: bool,
    },
    /// A link reference definition (`[label]: destination`).
    Definition { label: &'l str },
    /// A footnote definition (`[^label]: text`); the label keeps its `^`.
    Footnote { label: &'l str },
}

/// The block structure of `lines`: what is code, what is prose, with code
/// blocks fenced as [`sanitize`] says; and the labels its link reference and
/// footnote definitions define, [normalized](normalize_label) (a footnote's
/// with its `^`).
fn blocks(mut lines: Vec<String>) -> (Vec<Piece>, HashSet<String>) {
    let mut pieces = Vec::new();
    let mut labels = HashSet::new();
    // The content columns of the open list items, innermost last.
    let mut lists: Vec<usize> = Vec::new();
    let mut prev = Prev::Blank;
    let mut fence: Option<Fence> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].clone();
        let indent = indentation(&line);
        if let Some(open) = &fence {
            if line.is_empty() {
                pieces.push(Piece::Verbatim(line));
            } else if indent < open.container {
                // Left of the list item the fence is in: the item ends, and
                // the fence with it.
                pieces.push(Piece::Verbatim(open.closing()));
                fence = None;
                prev = Prev::Other;
                continue;
            } else {
                let closes = indent - open.container < 4 && closes_fence(&line[indent..], open);
                pieces.push(Piece::Verbatim(line));
                if closes {
                    fence = None;
                    prev = Prev::Other;
                }
            }
            i += 1;
            continue;
        }
        if line.is_empty() {
            pieces.push(Piece::Verbatim(line));
            prev = Prev::Blank;
            i += 1;
            continue;
        }
        let continues = matches!(prev, Prev::Paragraph | Prev::Definition);
        if !continues {
            leave_lists(&mut lists, indent);
        }
        let container = lists.last().copied().unwrap_or(0);
        let rest = &line[indent..];
        if indent >= container + 4 {
            if continues {
                // A deeper line continues the paragraph: indented as its
                // list item's text, unless that would make it a block.
                let line = if block_start(rest, true, false).is_none() {
                    continuation(&line, &lists)
                } else {
                    line.clone()
                };
                pieces.push(Piece::Prose {
                    line,
                    joins: prev == Prev::Paragraph,
                });
                prev = Prev::Paragraph;
                i += 1;
                continue;
            }
            let end = indented_code_end(&lines, i, container + 4);
            pieces.extend(fence_as_text(&lines[i..end], container, container + 4));
            prev = Prev::Other;
            i = end;
            continue;
        }
        let interrupts = continues && lists.is_empty();
        let block = block_start(rest, interrupts, !continues || prev == Prev::Definition);
        let block = match block {
            // A setext heading's underline, not a list item or text.
            None | Some(Block::Item { .. })
                if prev == Prev::Paragraph
                    && lists.last().is_none_or(|&top| indent >= top)
                    && (rest.bytes().all(|b| b == b'=') || rest.bytes().all(|b| b == b'-')) =>
            {
                Some(Block::Break)
            }
            block => block,
        };
        if block.is_some() {
            leave_lists(&mut lists, indent);
        }
        let container = lists.last().copied().unwrap_or(0);
        match block {
            Some(Block::Fence { marker, len, info }) => {
                pieces.push(Piece::Verbatim(format!(
                    "{}{}{}",
                    " ".repeat(indent),
                    String::from(char::from(marker)).repeat(len),
                    fence_info(info)
                )));
                fence = Some(Fence {
                    container,
                    indent,
                    marker,
                    len,
                });
                prev = Prev::Other;
            }
            Some(Block::Heading | Block::Break) => {
                pieces.push(Piece::Prose { line, joins: false });
                prev = Prev::Other;
            }
            Some(Block::Quote) => {
                let (end, inner) = quote_lines(&lines, i, container);
                pieces.push(Piece::Quote { indent, inner });
                prev = Prev::Other;
                i = end;
                continue;
            }
            Some(Block::Item {
                marker,
                spaces,
                empty,
            }) => {
                let text = indent + marker;
                let code = !empty && spaces > 4;
                if code || (!empty && fence_opening(&line[text + spaces..]).is_some()) {
                    // An item that starts with code: the marker on a line of
                    // its own, then the code in the item's column, read again.
                    pieces.push(Piece::Prose {
                        line: line[..text].to_owned(),
                        joins: false,
                    });
                    lists.push(text + if code { 1 } else { spaces });
                    lines[i] = format!("{}{}", " ".repeat(text), &line[text..]);
                    prev = Prev::Blank;
                    continue;
                }
                lists.push(text + if empty { 1 } else { spaces });
                pieces.push(Piece::Prose { line, joins: false });
                prev = if empty { Prev::Blank } else { Prev::Paragraph };
            }
            Some(Block::Definition { label }) => {
                labels.insert(normalize_label(label));
                pieces.push(Piece::Verbatim(line));
                prev = Prev::Definition;
            }
            Some(Block::Footnote { label }) => {
                labels.insert(normalize_label(label));
                pieces.push(Piece::Prose { line, joins: false });
                prev = Prev::Paragraph;
            }
            None => {
                let joins = prev == Prev::Paragraph;
                let line = if continues {
                    continuation(&line, &lists)
                } else {
                    line
                };
                pieces.push(Piece::Prose { line, joins });
                prev = Prev::Paragraph;
            }
        }
        i += 1;
    }
    if let Some(open) = fence {
        pieces.push(Piece::Verbatim(open.closing()));
    }
    (pieces, labels)
}

/// Closes the list items whose content column is right of `indent`.
fn leave_lists(lists: &mut Vec<usize>, indent: usize) {
    while lists.last().is_some_and(|&top| top > indent) {
        lists.pop();
    }
}

/// A paragraph's continuation `line`, in a list item indented as the
/// item's text.
fn continuation(line: &str, lists: &[usize]) -> String {
    match lists.last() {
        Some(&top) => format!("{}{}", " ".repeat(top), line.trim_start()),
        None => line.to_owned(),
    }
}

/// What `rest` (a line without its indentation) starts. `interrupts`: it
/// follows a paragraph outside lists, so only what can interrupt one
/// counts; `definition`: a link reference definition may start here.
fn block_start(rest: &str, interrupts: bool, definition: bool) -> Option<Block<'_>> {
    if let Some((marker, len, info)) = fence_opening(rest) {
        return Some(Block::Fence { marker, len, info });
    }
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && matches!(rest.as_bytes().get(hashes), None | Some(b' ')) {
        return Some(Block::Heading);
    }
    if is_thematic_break(rest) {
        return Some(Block::Break);
    }
    if rest.starts_with('>') {
        return Some(Block::Quote);
    }
    if let Some((marker, ordered_from)) = list_marker(rest) {
        let after = &rest[marker..];
        let empty = after.is_empty();
        let spaces = indentation(after);
        if !(interrupts && (empty || ordered_from.is_some_and(|n| n != 1))) {
            return Some(Block::Item {
                marker,
                spaces,
                empty,
            });
        }
    }
    if definition {
        return definition_label(rest);
    }
    None
}

/// A line of three or more `-`, `*` or `_` (the same), spaces between.
fn is_thematic_break(rest: &str) -> bool {
    let Some(first) = rest.bytes().next() else {
        return false;
    };
    matches!(first, b'-' | b'*' | b'_')
        && rest.bytes().all(|b| b == first || b == b' ')
        && rest.bytes().filter(|&b| b == first).count() >= 3
}

/// The length of the list marker `rest` starts with (`-`, `+`, `*`, or up
/// to nine digits and `.` or `)`) when a space or the end follows it, and
/// an ordered marker's number.
fn list_marker(rest: &str) -> Option<(usize, Option<u64>)> {
    let bytes = rest.as_bytes();
    let followed = |at: usize| bytes.get(at).is_none_or(|&b| b == b' ');
    match bytes.first()? {
        b'-' | b'+' | b'*' => followed(1).then_some((1, None)),
        _ => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let number = rest[..digits].parse().ok()?;
            ((1..=9).contains(&digits)
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && followed(digits + 1))
            .then_some((digits + 1, Some(number)))
        }
    }
}

/// The label of the link reference definition (`[label]: destination`,
/// perhaps a title) or footnote definition (`[^label]: text`) `rest` is.
fn definition_label(rest: &str) -> Option<Block<'_>> {
    let inside = rest.strip_prefix('[')?;
    let close = inside.find(']')?;
    let label = &inside[..close];
    let after = inside[close + 1..].strip_prefix(':')?;
    if label.trim().is_empty() || label.contains('[') || label.len() > 999 {
        return None;
    }
    if label.starts_with('^') {
        return Some(Block::Footnote { label });
    }
    let after = after.trim_start();
    let (destination, tail) = match after.strip_prefix('<') {
        Some(angled) => {
            let end = angled.find(['>', '<'])?;
            (angled.as_bytes()[end] == b'>').then_some(())?;
            (&angled[..end], &angled[end + 1..])
        }
        None => after.split_at(after.find(' ').unwrap_or(after.len())),
    };
    if destination.is_empty() && !after.starts_with('<') {
        return None;
    }
    // Nothing after the destination, or a title after white space.
    let title = tail.trim();
    let titled = title.is_empty()
        || (tail.starts_with(' ')
            && title.len() >= 2
            && [('"', '"'), ('\'', '\''), ('(', ')')]
                .iter()
                .any(|&(open, close)| title.starts_with(open) && title.ends_with(close)));
    titled.then_some(Block::Definition { label })
}

/// A label as CommonMark matches it: case and runs of white space do not
/// matter.
fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The fence `rest` opens: its character, length and info string.
fn fence_opening(rest: &str) -> Option<(u8, usize, &str)> {
    let marker = *rest.as_bytes().first()?;
    if !matches!(marker, b'`' | b'~') {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == marker).count();
    let info = &rest[len..];
    (len >= 3 && !(marker == b'`' && info.contains('`'))).then_some((marker, len, info.trim()))
}

/// Whether `rest` (a line without its indentation) closes `open`.
fn closes_fence(rest: &str, open: &Fence) -> bool {
    let len = rest.bytes().take_while(|&b| b == open.marker).count();
    len >= open.len && rest[len..].trim().is_empty()
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

/// Where the indented code block starting at `lines[start]` ends: the
/// lines that are blank or at least `indent` deep, without trailing blank
/// ones.
fn indented_code_end(lines: &[String], start: usize, indent: usize) -> usize {
    let mut end = start;
    while end < lines.len() && (lines[end].is_empty() || indentation(&lines[end]) >= indent) {
        end += 1;
    }
    while end > start + 1 && lines[end - 1].is_empty() {
        end -= 1;
    }
    end
}

/// `code` (lines at least `strip` deep, or blank) as a fenced `text` block
/// at `container` columns, its fence longer than any run of backticks in
/// it.
fn fence_as_text(code: &[String], container: usize, strip: usize) -> Vec<Piece> {
    let pad = " ".repeat(container);
    let body: Vec<String> = code
        .iter()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{pad}{}", &line[strip.min(indentation(line))..])
            }
        })
        .collect();
    let longest = body
        .iter()
        .flat_map(|line| line.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    let mut pieces = vec![Piece::Verbatim(format!("{pad}{ticks}text"))];
    pieces.extend(body.into_iter().map(Piece::Verbatim));
    pieces.push(Piece::Verbatim(format!("{pad}{ticks}")));
    pieces
}

/// The lines of the block quote starting at `lines[start]` (in a list item
/// whose content is at `container` columns) without their `>` and the
/// space after it, lazy continuation lines included; and where it ends.
fn quote_lines(lines: &[String], start: usize, container: usize) -> (usize, Vec<String>) {
    let mut inner: Vec<String> = Vec::new();
    let mut end = start;
    while let Some(line) = lines.get(end) {
        let indent = indentation(line);
        let rest = &line[indent..];
        if let Some(quoted) = rest.strip_prefix('>').filter(|_| indent < container + 4) {
            inner.push(quoted.strip_prefix(' ').unwrap_or(quoted).to_owned());
        } else if !line.is_empty()
            && inner.last().is_some_and(|last| !last.trim().is_empty())
            && block_start(rest, true, false).is_none()
        {
            inner.push(rest.to_owned());
        } else {
            break;
        }
        end += 1;
    }
    (end, inner)
}

/// The inline pass over `text`, one paragraph (lines joined by `\n`, which
/// stay): code spans, autolinks and backslash escapes are kept, `[` and `]`
/// escaped unless they make a link (`labels`: the defined ones), bare URLs
/// made autolinks and any other `<` written `&lt;`.
fn inline(text: &str, labels: &HashSet<String>) -> String {
    let bytes = text.as_bytes();
    let backticks = Backticks::of(bytes);
    let pairs = bracket_pairs(bytes, &backticks);
    let mut out = String::with_capacity(text.len() + 16);
    // The `]` of a link being written, and where the link's tail ends.
    let mut link: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        if link.is_some_and(|(close, _)| i > close) {
            link = None;
        }
        let special = bytes[i..]
            .iter()
            .position(|b| matches!(b, b'\\' | b'`' | b'<' | b'[' | b']' | b'h'));
        let next = special.map_or(bytes.len(), |at| i + at);
        if next > i {
            out.push_str(&text[i..next]);
            i = next;
            continue;
        }
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                out.push_str(&text[i..i + 2]);
                i += 2;
            }
            b'`' => {
                let end = backticks.span_end(bytes, i);
                out.push_str(&text[i..end]);
                i = end;
            }
            b'<' => match autolink_end(bytes, i) {
                Some(end) => {
                    out.push_str(&text[i..end]);
                    i = end;
                }
                None => {
                    out.push_str("&lt;");
                    i += 1;
                }
            },
            b'[' => {
                let kept = match pairs.get(&i) {
                    Some(&close) if link.is_none() => {
                        link_tail_end(text, i, close, labels).map(|tail| (close, tail))
                    }
                    _ => None,
                };
                match kept {
                    Some(found) => {
                        out.push('[');
                        link = Some(found);
                    }
                    None => out.push_str("\\["),
                }
                i += 1;
            }
            b']' => match link {
                Some((close, tail)) if close == i => {
                    out.push_str(&text[i..tail]);
                    link = None;
                    i = tail;
                }
                _ => {
                    out.push_str("\\]");
                    i += 1;
                }
            },
            b'h' if link.is_none() && bare_url_start(bytes, i) => {
                let end = bare_url_end(text, i);
                out.push('<');
                out.push_str(&text[i..end]);
                out.push('>');
                i = end;
            }
            _ => {
                out.push(char::from(bytes[i]));
                i += 1;
            }
        }
    }
    out
}

/// The matching `]` of each `[` in `bytes`, skipping what [`inline`] keeps
/// as it is (backslash escapes, code spans, autolinks).
fn bracket_pairs(bytes: &[u8], backticks: &Backticks) -> HashMap<usize, usize> {
    let mut pairs = HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 2,
            b'`' => i = backticks.span_end(bytes, i),
            b'<' => i = autolink_end(bytes, i).unwrap_or(i + 1),
            b'[' => {
                open.push(i);
                i += 1;
            }
            b']' => {
                if let Some(start) = open.pop() {
                    pairs.insert(start, i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    pairs
}

/// The runs of backticks of a text by length, where each starts: what a
/// code span's closing run is looked up in.
struct Backticks(HashMap<usize, Vec<usize>>);

impl Backticks {
    fn of(bytes: &[u8]) -> Self {
        let mut runs: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'`' {
                let start = i;
                while bytes.get(i) == Some(&b'`') {
                    i += 1;
                }
                runs.entry(i - start).or_default().push(start);
            } else {
                i += 1;
            }
        }
        Backticks(runs)
    }

    /// Where the code span whose opening backticks start at `start` ends
    /// (after the next run of as many), or, when none closes it, where
    /// those backticks end.
    fn span_end(&self, bytes: &[u8], start: usize) -> usize {
        let opening = bytes[start..].iter().take_while(|&&b| b == b'`').count();
        let after = start + opening;
        self.0
            .get(&opening)
            .and_then(|starts| starts.get(starts.partition_point(|&s| s < after)))
            .map_or(after, |&closing| closing + opening)
    }
}

/// Where the autolink (`<scheme:...>` or `<user@host>`) starting at the
/// `<` at `start` ends, if it is one.
fn autolink_end(bytes: &[u8], start: usize) -> Option<usize> {
    let at = |i: usize| bytes.get(i).copied();
    let mut i = start + 1;
    if at(i).is_some_and(|b| b.is_ascii_alphabetic()) {
        while at(i).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')) {
            i += 1;
        }
        if (2..=32).contains(&(i - start - 1)) && at(i) == Some(b':') {
            i += 1;
            while at(i).is_some_and(|b| b > b' ' && b != b'<' && b != b'>' && b != 0x7f) {
                i += 1;
            }
            if at(i) == Some(b'>') {
                return Some(i + 1);
            }
        }
    }
    let mut i = start + 1;
    while at(i).is_some_and(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b)) {
        i += 1;
    }
    if i == start + 1 || at(i) != Some(b'@') {
        return None;
    }
    i += 1;
    let host = i;
    while at(i).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
        i += 1;
    }
    (i > host && at(i) == Some(b'>')).then_some(i + 1)
}

/// When the `[` at `open` and the `]` at `close` make a link, where the
/// link ends: after `(destination "title")`, after `[ref]` of a defined
/// reference, or after the `]` of a defined `[ref]` or `[^note]` or of an
/// intra-doc link `` [`Path`] ``.
fn link_tail_end(text: &str, open: usize, close: usize, labels: &HashSet<String>) -> Option<usize> {
    let label = &text[open + 1..close];
    let after = close + 1;
    let bytes = text.as_bytes();
    if bytes.get(after) == Some(&b'(') {
        if let Some(end) = inline_link_end(bytes, after) {
            return Some(end);
        }
    }
    if bytes.get(after) == Some(&b'[') {
        if let Some(end) = text[after + 1..].find(']').map(|at| after + 1 + at) {
            let reference = &text[after + 1..end];
            let key = if reference.trim().is_empty() {
                label
            } else {
                reference
            };
            if !reference.contains('[') && labels.contains(&normalize_label(key)) {
                return Some(end + 1);
            }
        }
    }
    (labels.contains(&normalize_label(label)) || is_code_path(label)).then_some(after)
}

/// Whether `label` is one code span holding a Rust path (`` `Client` ``,
/// `` `Error::Api` ``, `` `f()` ``): an intra-doc link as the generator
/// writes them.
fn is_code_path(label: &str) -> bool {
    let Some(path) = label.strip_prefix('`').and_then(|l| l.strip_suffix('`')) else {
        return false;
    };
    let path = path
        .strip_suffix("()")
        .or_else(|| path.strip_suffix('!'))
        .unwrap_or(path);
    path.split("::").all(|segment| {
        segment
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// The longest inline link tail read as one; a longer one is text (its
/// brackets escaped), which bounds the work on a text full of `[a](`.
const MAX_LINK_TAIL: usize = 2048;

/// Where the inline link tail `(destination "title")` whose `(` is at
/// `open` ends, if it is one CommonMark accepts (and at most
/// [`MAX_LINK_TAIL`] long).
fn inline_link_end(bytes: &[u8], open: usize) -> Option<usize> {
    let bytes = &bytes[..bytes.len().min(open + MAX_LINK_TAIL)];
    let at = |i: usize| bytes.get(i).copied();
    let skip_space = |mut i: usize| {
        while at(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        i
    };
    let mut i = skip_space(open + 1);
    if at(i) == Some(b'<') {
        i += 1;
        while at(i).is_some_and(|b| b != b'>' && b != b'<' && b != b'\n') {
            i += if at(i) == Some(b'\\') { 2 } else { 1 };
        }
        if at(i) != Some(b'>') {
            return None;
        }
        i += 1;
    } else {
        let mut depth = 0usize;
        while let Some(b) = at(i) {
            match b {
                b'\\' if at(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => i += 1,
                // Nested deeper than cmark reads them: not a link.
                b'(' if depth == 32 => return None,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                _ if b.is_ascii_whitespace() || b.is_ascii_control() => break,
                _ => {}
            }
            i += 1;
        }
        if depth != 0 {
            return None;
        }
    }
    let spaced = at(i).is_some_and(|b| b.is_ascii_whitespace());
    i = skip_space(i);
    if at(i) == Some(b')') {
        return Some(i + 1);
    }
    let closing = match at(i)? {
        b'"' if spaced => b'"',
        b'\'' if spaced => b'\'',
        b'(' if spaced => b')',
        _ => return None,
    };
    i += 1;
    while at(i).is_some_and(|b| b != closing) {
        i += if at(i) == Some(b'\\') { 2 } else { 1 };
    }
    at(i)?;
    i = skip_space(i + 1);
    (at(i) == Some(b')')).then_some(i + 1)
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
    !(b.is_ascii_whitespace() || b.is_ascii_control() || b"<>\"`[]".contains(&b))
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
    use super::{doc_lines, one_line, sanitize};

    /// `text` through [`sanitize`], lines joined.
    fn clean(text: &str) -> String {
        sanitize(text).join("\n")
    }

    #[test]
    fn code_fences_become_text() {
        assert_eq!(
            sanitize("Example:\n```\nlet x = 1;\n```"),
            vec!["Example:", "```text", "let x = 1;", "```"]
        );
        assert_eq!(sanitize("```json\n{}\n```"), vec!["```json", "{}", "```"]);
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
        let lines = doc_lines([Some("Open:\n```"), Some("# Errors")]);
        assert_eq!(lines, [" Open:", " ```text", " ```", "", " # Errors"]);
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
        assert_eq!(clean("-     code"), "-\n  ```text\n  code\n  ```");
        assert_eq!(clean("- ```rust\n  x\n  ```"), "-\n  ```text\n  x\n  ```");
        // A line left of the item ends it and its fence.
        assert_eq!(clean("- ```\n  x\ny"), "-\n  ```text\n  x\n  ```\ny");
    }

    #[test]
    fn block_quotes_are_read_inside() {
        assert_eq!(
            clean("> a\n>\n>     code\n> b"),
            "> a\n>\n> ```text\n> code\n> ```\n> b"
        );
        assert_eq!(clean("> quoted\nlazy [1]"), "> quoted\n> lazy \\[1\\]");
        assert_eq!(clean("> ```\n> x"), "> ```text\n> x\n> ```");
        let deep = format!("{}    x", "> ".repeat(40));
        // Past the depth bound, the rest of the quote is kept as text.
        let quoted = "> ".repeat(17);
        assert_eq!(
            clean(&deep),
            format!(
                "{quoted}```text\n{quoted}{}    x\n{quoted}```",
                "> ".repeat(23)
            )
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
        assert_eq!(clean("[a [b] c](u) `[d]`"), "[a \\[b\\] c](u) `[d]`");
        // The generator's intra-doc links.
        let own = "Like [`Client::get`], per [`RetryPolicy`](crate::RetryPolicy); [`Error::Api`] for `4xx`.";
        assert_eq!(clean(own), own);
        assert_eq!(clean("[`not a path`]"), "\\[`not a path`\\]");
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
            doc_lines([Some(text)]),
            [
                " Totals:",
                "",
                " ```text",
                " let total = cost * 2;",
                " ```",
                "",
                " Tab separated; see \\[1\\] and <https://example.com/x> &lt;ol>",
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
}

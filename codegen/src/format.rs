//! Formatting: token streams to the text of Rust files, through `syn` and
//! `prettyplease`, with the "generated" header on top.

use proc_macro2::TokenStream;

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

/// Formats `tokens` as the file `path`, starting with `// {header}`.
pub fn format_rust(path: &str, tokens: TokenStream, header: &str) -> Result<String, FormatError> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| FormatError {
        path: path.to_owned(),
        message: error.to_string(),
    })?;
    // prettyplease writes a doc string holding a lone carriage return into a
    // `///` comment as it is, which is not valid Rust; literals keep theirs
    // escaped, so a raw `\r` in the text can only be in a comment.
    let body = separate_items(&prettyplease::unparse(&file).replace('\r', " "));
    Ok(format!("// {header}\n\n{body}"))
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
}

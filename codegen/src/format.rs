//! Formatting: emitted items to the text of a Rust file, through `syn` and
//! `prettyplease`, with a blank line between items as a person would put
//! them. A pure function of the tokens; its text is what the generated crate
//! holds (the crate's `lib.rs` declares these modules `#[rustfmt::skip]`, so
//! `cargo fmt` leaves them as they are).

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

/// The items `tokens` of the file `path` as formatted text.
pub fn format_items(path: &str, tokens: TokenStream) -> Result<String, FormatError> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| FormatError {
        path: path.to_owned(),
        message: error.to_string(),
    })?;
    Ok(separate_items(&prettyplease::unparse(&file)))
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
    use super::format_items;

    #[test]
    fn items_are_separated_by_a_blank_line_and_fields_are_not() {
        let tokens = quote::quote! {
            //! Docs.
            use std::fmt;
            /// One.
            pub struct One { pub a: u8, pub b: u8 }
            impl One { pub fn a(&self) -> u8 { self.a } pub fn b(&self) -> u8 { self.b } }
            pub type Two = fmt::Result;
        };
        let text = format_items("src/x.rs", tokens).expect("formats");
        assert_eq!(
            text,
            "//! Docs.\n\nuse std::fmt;\n\n/// One.\npub struct One {\n    pub a: u8,\n    pub b: u8,\n}\n\nimpl One {\n    pub fn a(&self) -> u8 {\n        self.a\n    }\n\n    pub fn b(&self) -> u8 {\n        self.b\n    }\n}\n\npub type Two = fmt::Result;\n"
        );
    }

    #[test]
    fn invalid_tokens_are_an_error_naming_the_file() {
        let error = format_items("src/x.rs", quote::quote! { fn }).expect_err("not a file");
        assert_eq!(error.path, "src/x.rs");
    }
}

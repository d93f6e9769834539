//! Emits `client.rs`: the `Client` and its builder, a filled-in
//! [template](super::template::CLIENT) with one field, setter, header and
//! `Debug` entry per credential. The operations are emitted by
//! [`super::operations`] into `operations.rs`.

use std::fmt::Write as _;

use super::docs::{doc_comment, one_line};
use super::template::{self, Fill, TemplateError};
use crate::ir::{Api, AuthScheme};

/// The whole `client` module.
pub fn client_module(api: &Api) -> Result<String, TemplateError> {
    let title = one_line(&api.title);
    let base_url_literal = format!("{:?}", api.base_url);
    let first = api.auth.first();
    let first_credential = first.map_or("", |scheme| scheme.rust_name.as_str());
    let first_header = one_line(first.map_or("", |scheme| scheme.header.as_str()));
    let first_credential_literal = format!("{first_credential:?}");
    let names: Vec<&str> = api.auth.iter().map(|s| s.rust_name.as_str()).collect();
    let missing_credentials_literal = format!(
        "{:?}",
        format!("no credentials were given; set {}", names.join(" or "))
    );
    let mut fields = String::new();
    let mut setters = String::new();
    let mut headers = String::new();
    let mut debug = String::new();
    for scheme in &api.auth {
        let field = &scheme.rust_name;
        let _ = writeln!(fields, "{field}: Option<String>,");
        setters.push_str(&credential_setter(scheme));
        let _ = write!(
            headers,
            "if let Some(value) = &self.{field} {{\n    credentials.push((\n        HeaderName::from_static({header:?}),\n        secret_header({field:?}, value)?,\n    ));\n}}\n",
            header = scheme.header,
        );
        let _ = writeln!(debug, ".field({field:?}, &redacted(&self.{field}))");
    }
    template::CLIENT.render(
        &Fill::new()
            .flag("auth", first.is_some())
            .value("title", &title)
            .value("base_url_literal", &base_url_literal)
            .value("first_credential", first_credential)
            .value("first_header", &first_header)
            .value("first_credential_literal", &first_credential_literal)
            .value("missing_credentials_literal", &missing_credentials_literal)
            .value("credential_fields", &fields)
            .value("credential_setters", &setters)
            .value("credential_headers", &headers)
            .value("credential_debug", &debug),
    )
}

/// The builder's setter for one credential, with its docs, and a blank line
/// after it.
fn credential_setter(scheme: &AuthScheme) -> String {
    let field = &scheme.rust_name;
    let doc = format!(
        "Sends `{}` in the `{}` header of every request.",
        scheme.rust_name, scheme.header
    );
    let docs = doc_comment([Some(doc.as_str()), scheme.description.as_deref()]);
    format!(
        "{docs}pub fn {field}(mut self, {field}: impl Into<String>) -> Self {{\n    self.{field} = Some({field}.into());\n    self\n}}\n\n"
    )
}

#[cfg(test)]
mod tests {
    use crate::naming::BUILDER_NAMES;

    /// The lines of the template's block that starts with `start`, up to
    /// its closing `}` at the start of a line.
    fn block<'t>(text: &'t str, start: &str) -> Vec<&'t str> {
        text.lines()
            .skip_while(|line| !line.starts_with(start))
            .skip(1)
            .take_while(|line| *line != "}")
            .collect()
    }

    /// The names a credential may not take are exactly the builder's own
    /// fields and methods (`default` with its derived `Default`), so a
    /// setting added to the template is guarded.
    #[test]
    fn reserved_names_are_the_builders_fields_and_methods() {
        let text = super::template::CLIENT.text;
        let fields = block(text, "pub struct ClientBuilder {")
            .into_iter()
            .filter_map(|line| line.trim().split_once(':').map(|(name, _)| name));
        let methods = block(text, "impl ClientBuilder {")
            .into_iter()
            .filter_map(|line| line.trim().strip_prefix("pub fn "))
            .filter_map(|rest| rest.split_once('(').map(|(name, _)| name));
        let derives_default = text.contains("#[derive(Default)]\npub struct ClientBuilder {");
        let derived = derives_default.then_some("default");
        let mut names: Vec<&str> = fields.chain(methods).chain(derived).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names, BUILDER_NAMES);
    }
}

//! All naming rules in one place: spec names to Rust identifiers.
//!
//! - Types and enum variants are `UpperCamelCase`, fields, parameters and
//!   methods `snake_case` (via `heck`).
//! - Characters that cannot appear in an identifier split words; a name that
//!   starts with a digit gets a prefix (`_` for snake case, `V`/`T` for camel
//!   case); Rust keywords get a trailing `_` (`type` -> `type_`).
//! - A name with no ASCII letter or digit at all has no Rust spelling and is
//!   `None`; the caller reports it. The one exception is the enum value `""`,
//!   which is the variant `Empty`.
//!
//! Variants of `oneOf` / `anyOf` enums (untagged, tried in document order):
//!
//! - a `$ref` alternative is a newtype variant named after the referenced
//!   type (`AddContactToListByEmails(AddContactToListByEmails)`);
//! - an inline alternative with a `title` is named by the title
//!   (`ById { agent_id: String }`);
//! - an inline object without a title but with properties is the struct
//!   variant `Variant{index}`, `index` being its 0-based position in the
//!   list (the last token of its JSON pointer);
//! - any other inline alternative is a newtype named after its type by
//!   [`variant_for_type`]: `String`, `Integer`, `Number`, `Boolean`,
//!   `Value`, the type's own name, `{Item}Array`, `{Value}Map`.
//!
//! Two alternatives with the same variant name are an error, never a silent
//! suffix. A struct with properties beside a `oneOf` gets a
//! `#[serde(flatten)]` field holding the enum: the enum is named by the
//! schema's `x-one-of-name` (else `{Parent}Variant`), the field by its
//! `x-one-of-field` (else [`flattened_field`]).
//!
//! The wire name is always kept beside the Rust name, so serde can rename.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::ir::TypeRef;

/// Rust keywords (strict, reserved and edition-dependent).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code itself uses unqualified; a spec type with one
/// of these names would shadow them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Client",
    "ClientBuilder",
    "Error",
    "Option",
    "Result",
    "Self",
    "String",
    "Value",
    "Vec",
];

/// Replaces every character that cannot be part of an identifier by a space,
/// so heck treats it as a word boundary.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `snake_case` identifier for a field, parameter or method.
pub fn snake(raw: &str) -> Option<String> {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    Some(name)
}

/// Whether `name` is a valid HTTP header name (an RFC 9110 token).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `UpperCamelCase` identifier for a type.
pub fn type_name(raw: &str) -> Option<String> {
    camel(raw, 'T')
}

/// `UpperCamelCase` identifier for an enum variant.
pub fn variant(raw: &str) -> Option<String> {
    camel(raw, 'V')
}

/// `UpperCamelCase` variant for a string enum value; `""` is `Empty`.
pub fn enum_variant(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("Empty".to_owned());
    }
    variant(value)
}

/// The variant name of an untitled inline `oneOf` alternative of type `ty`:
/// the JSON type (`String`, `Integer`, `Number`, `Boolean`, `Value` for any
/// JSON), the name of a named type, `{Item}Array` for arrays and
/// `{Value}Map` for maps (`StringArray`, `ValueMap`). A nullable type is
/// named like the type.
pub fn variant_for_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::I32 | TypeRef::I64 => "Integer".to_owned(),
        TypeRef::F64 => "Number".to_owned(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::Binary => "File".to_owned(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(item) => format!("{}Array", variant_for_type(item)),
        TypeRef::Map(value) => format!("{}Map", variant_for_type(value)),
        TypeRef::Nullable(inner) => variant_for_type(inner),
    }
}

/// The name of the `#[serde(flatten)]` field that holds the enum
/// `enum_name` in the struct `parent`: the enum's name without the
/// parent's name in front (when the rest starts a new word), in snake case.
/// `AgentIdentity` in `SendAgentMessage` -> `agent_identity`;
/// `SendAgentMessageVariant` -> `variant`.
pub fn flattened_field(parent: &str, enum_name: &str) -> Option<String> {
    let rest = enum_name
        .strip_prefix(parent)
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
        .unwrap_or(enum_name);
    snake(rest)
}

fn camel(raw: &str, digit_prefix: char) -> Option<String> {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, digit_prefix);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    Some(name)
}

/// The operationId the official Brevo SDKs derive when a spec has none:
/// the path's segments in lower camel case followed by the method,
/// `/conversations/messages/{id}` + GET -> `conversationsMessagesIdGet`.
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = String::new();
    for segment in path.split('/') {
        let segment = segment.trim_start_matches('{').trim_end_matches('}');
        let camel = words(segment).to_upper_camel_case();
        id.push_str(&camel);
    }
    id.push_str(&method.to_upper_camel_case());
    let mut chars = id.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake("visitorId").as_deref(), Some("visitor_id"));
        assert_eq!(snake("type").as_deref(), Some("type_"));
        assert_eq!(snake("self").as_deref(), Some("self_"));
        assert_eq!(snake("api-key").as_deref(), Some("api_key"));
        assert_eq!(snake("3d").as_deref(), Some("_3d"));
        assert_eq!(snake("€"), None);
    }

    #[test]
    fn header_names() {
        assert!(is_header_name("api-key"));
        assert!(!is_header_name("api key"));
        assert!(!is_header_name(""));
    }

    #[test]
    fn camel_names() {
        assert_eq!(type_name("errorModel").as_deref(), Some("ErrorModel"));
        assert_eq!(type_name("body_13").as_deref(), Some("Body13"));
        assert_eq!(
            variant("invalid_parameter").as_deref(),
            Some("InvalidParameter")
        );
        assert_eq!(variant("in progress").as_deref(), Some("InProgress"));
        assert_eq!(variant("1").as_deref(), Some("V1"));
        assert_eq!(type_name("self").as_deref(), Some("Self_"));
    }

    #[test]
    fn enum_values() {
        assert_eq!(enum_variant("").as_deref(), Some("Empty"));
        assert_eq!(enum_variant(" asc").as_deref(), Some("Asc"));
        assert_eq!(enum_variant("-"), None);
    }

    #[test]
    fn union_variants_by_type() {
        assert_eq!(variant_for_type(&TypeRef::String), "String");
        assert_eq!(variant_for_type(&TypeRef::I32), "Integer");
        assert_eq!(
            variant_for_type(&TypeRef::Array(Box::new(TypeRef::I64))),
            "IntegerArray"
        );
        assert_eq!(
            variant_for_type(&TypeRef::Map(Box::new(TypeRef::Json))),
            "ValueMap"
        );
        assert_eq!(variant_for_type(&TypeRef::Named("Foo".into())), "Foo");
    }

    #[test]
    fn flattened_field_names() {
        assert_eq!(
            flattened_field("SendAgentMessage", "AgentIdentity").as_deref(),
            Some("agent_identity")
        );
        assert_eq!(
            flattened_field("SendAgentMessage", "SendAgentMessageVariant").as_deref(),
            Some("variant")
        );
        assert_eq!(flattened_field("Send", "Sender").as_deref(), Some("sender"));
        assert_eq!(flattened_field("Foo", "FooType").as_deref(), Some("type_"));
    }

    #[test]
    fn operation_ids_like_the_official_sdks() {
        assert_eq!(
            derived_operation_id("get", "/conversations/messages/{id}"),
            "conversationsMessagesIdGet"
        );
        assert_eq!(
            derived_operation_id("post", "/conversations/agentOnlinePing"),
            "conversationsAgentOnlinePingPost"
        );
    }
}

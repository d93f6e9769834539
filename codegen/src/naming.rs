//! All naming rules in one place: spec names to Rust identifiers.
//!
//! - Types and enum variants are `UpperCamelCase`, fields, parameters and
//!   methods `snake_case` (via `heck`).
//! - Characters that cannot appear in an identifier split words; a name that
//!   starts with a digit gets a prefix (`_` for snake case, `V`/`T` for camel
//!   case); Rust keywords get a trailing `_` (`type` -> `type_`).
//! - A name with no ASCII letter or digit is spelled character by
//!   character (`+` -> `plus`, `/` -> `slash`, others by code point), as is
//!   a sign before a leading digit (`+1` -> `Plus1`); `""` is `Empty`.
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
//! - an untitled string with a `format` is named by the format (`Date`,
//!   `DateTime`);
//! - any other inline alternative is a newtype named after its type by
//!   [`variant_for_type`]: `String`, `Integer`, `Number`, `Boolean`,
//!   `Value`, the type's own name, `{Item}Array`, `{Value}Map`.
//!
//! Of two items of one namespace with the same name, the later one in
//! document order gets a numeric suffix ([`Namespace`]); the lowering warns. A struct with properties beside a `oneOf` gets a
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

/// The words for characters that are not ASCII letters or digits, for
/// names made of nothing else (the enum values `+`, `/`, `*`) and for a
/// sign before a number (`+1`, `-1`). Any other such character is spelled
/// by its code point (`€` -> `U20ac`).
const SYMBOL_WORDS: &[(char, &str)] = &[
    ('+', "plus"),
    ('-', "minus"),
    ('*', "asterisk"),
    ('/', "slash"),
    ('\\', "backslash"),
    ('.', "dot"),
    (',', "comma"),
    (':', "colon"),
    (';', "semicolon"),
    ('=', "equals"),
    ('<', "less than"),
    ('>', "greater than"),
    ('!', "bang"),
    ('?', "question"),
    ('%', "percent"),
    ('&', "ampersand"),
    ('|', "pipe"),
    ('@', "at"),
    ('#', "hash"),
    ('$', "dollar"),
    ('^', "caret"),
    ('~', "tilde"),
    ('_', "underscore"),
    ('\'', "apostrophe"),
    ('"', "quote"),
    ('`', "backtick"),
    ('(', "open paren"),
    (')', "close paren"),
    ('[', "open bracket"),
    (']', "close bracket"),
    ('{', "open brace"),
    ('}', "close brace"),
    (' ', "space"),
];

/// The word for one character that is not an ASCII letter or digit.
fn symbol_word(c: char) -> String {
    SYMBOL_WORDS
        .iter()
        .find(|(symbol, _)| *symbol == c)
        .map_or_else(
            || format!("u{:04x}", u32::from(c)),
            |(_, word)| (*word).to_owned(),
        )
}

/// `raw` as words for heck: characters that cannot be part of an identifier
/// split words; a `+` or `-` before a digit at the start is spelled out
/// (`+1` -> `plus 1`, so it differs from `-1`); a name with no ASCII letter
/// or digit is spelled character by character (`/` -> `slash`); the empty
/// name is `empty`.
fn words(raw: &str) -> String {
    if raw.is_empty() {
        return "empty".to_owned();
    }
    if !raw.chars().any(|c| c.is_ascii_alphanumeric()) {
        return raw.chars().map(symbol_word).collect::<Vec<_>>().join(" ");
    }
    let mut chars = raw.chars();
    let sign = match (chars.next(), chars.next()) {
        (Some(sign @ ('+' | '-')), Some(digit)) if digit.is_ascii_digit() => {
            Some(symbol_word(sign))
        }
        _ => None,
    };
    let rest: String = raw
        .chars()
        .skip(usize::from(sign.is_some()))
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    match sign {
        Some(sign) => format!("{sign} {rest}"),
        None => rest,
    }
}

/// `snake_case` identifier for a field, parameter or method.
pub fn snake(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `name` with the numeric suffix `n` (2, 3, ...) that tells it from an
/// earlier item of the same name: `Total2`, `total_2`, and after a digit
/// `V1_2`, `plus_1_2`, so the two numbers stay apart.
pub fn suffixed(name: &str, n: usize) -> String {
    let snake_case = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
    if name.ends_with('_') {
        format!("{name}{n}")
    } else if snake_case || name.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{name}_{n}")
    } else {
        format!("{name}{n}")
    }
}

/// The names given so far in one namespace (the types of a crate, the
/// fields of a struct, the variants of an enum, the arguments of a
/// method). The first item, in document order, to ask for a name gets it;
/// a later one gets the name with the first free [suffix](suffixed), so
/// adding an item never renames the ones before it.
#[derive(Clone, Debug, Default)]
pub struct Namespace {
    taken: std::collections::BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` are taken before any item asks.
    pub fn with_reserved<'n>(reserved: impl IntoIterator<Item = &'n str>) -> Self {
        Self {
            taken: reserved.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Takes `name`, or its first free suffixed form when it is taken; the
    /// result is the name given.
    pub fn claim(&mut self, name: &str) -> String {
        let mut given = name.to_owned();
        let mut n = 2;
        while self.taken.contains(&given) {
            given = suffixed(name, n);
            n += 1;
        }
        self.taken.insert(given.clone());
        given
    }
}

/// Whether `name` is a valid HTTP header name (an RFC 9110 token).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `UpperCamelCase` identifier for a type.
pub fn type_name(raw: &str) -> String {
    camel(raw, 'T')
}

/// `UpperCamelCase` identifier for an enum variant.
pub fn variant(raw: &str) -> String {
    camel(raw, 'V')
}

/// `UpperCamelCase` variant for a string enum value; `""` is `Empty`.
pub fn enum_variant(value: &str) -> String {
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
        TypeRef::Integer(_) => "Integer".to_owned(),
        TypeRef::Number(_) => "Number".to_owned(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::Binary => "File".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
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
pub fn flattened_field(parent: &str, enum_name: &str) -> String {
    let rest = enum_name
        .strip_prefix(parent)
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
        .unwrap_or(enum_name);
    snake(rest)
}

fn camel(raw: &str, digit_prefix: char) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, digit_prefix);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The operationId the official Brevo SDKs derive when a spec has none:
/// the path's segments in lower camel case followed by the method,
/// `/conversations/messages/{id}` + GET -> `conversationsMessagesIdGet`.
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = String::new();
    for segment in path.split('/') {
        let segment = segment.trim_start_matches('{').trim_end_matches('}');
        let separated: String = segment
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        let camel = separated.to_upper_camel_case();
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
        assert_eq!(snake("visitorId"), "visitor_id");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("api-key"), "api_key");
        assert_eq!(snake("3d"), "_3d");
        assert_eq!(snake("+1"), "plus_1");
        assert_eq!(snake("-1"), "minus_1");
        assert_eq!(snake("€"), "u20ac");
        assert_eq!(snake(""), "empty");
    }

    #[test]
    fn later_items_get_a_suffix_and_earlier_ones_keep_their_name() {
        let mut names = Namespace::with_reserved(["Unknown"]);
        assert_eq!(names.claim("Total"), "Total");
        assert_eq!(names.claim("Total"), "Total2");
        assert_eq!(names.claim("Total"), "Total3");
        assert_eq!(names.claim("Unknown"), "Unknown2");
        assert_eq!(names.claim("V1"), "V1");
        assert_eq!(names.claim("V1"), "V1_2");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("total"), "total");
        assert_eq!(fields.claim("total"), "total_2");
        assert_eq!(fields.claim("type_"), "type_");
        assert_eq!(fields.claim("type_"), "type_2");
    }

    #[test]
    fn header_names() {
        assert!(is_header_name("api-key"));
        assert!(!is_header_name("api key"));
        assert!(!is_header_name(""));
    }

    #[test]
    fn camel_names() {
        assert_eq!(type_name("errorModel"), "ErrorModel");
        assert_eq!(type_name("body_13"), "Body13");
        assert_eq!(variant("invalid_parameter"), "InvalidParameter");
        assert_eq!(variant("in progress"), "InProgress");
        assert_eq!(variant("1"), "V1");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("🦀"), "U1f980");
    }

    #[test]
    fn enum_values() {
        assert_eq!(enum_variant(""), "Empty");
        assert_eq!(enum_variant(" asc"), "Asc");
        assert_eq!(enum_variant("+1"), "Plus1");
        assert_eq!(enum_variant("-1"), "Minus1");
        assert_eq!(enum_variant("-"), "Minus");
        assert_eq!(enum_variant("/"), "Slash");
        assert_eq!(enum_variant("*"), "Asterisk");
        assert_eq!(enum_variant("<="), "LessThanEquals");
        assert_eq!(enum_variant("sub-total"), "SubTotal");
        assert_eq!(enum_variant("a-1"), "A1");
    }

    #[test]
    fn union_variants_by_type() {
        assert_eq!(variant_for_type(&TypeRef::String), "String");
        assert_eq!(
            variant_for_type(&TypeRef::Integer(crate::ir::Int::I32)),
            "Integer"
        );
        assert_eq!(
            variant_for_type(&TypeRef::Array(Box::new(TypeRef::Integer(
                crate::ir::Int::I64
            )))),
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
            flattened_field("SendAgentMessage", "AgentIdentity"),
            "agent_identity"
        );
        assert_eq!(
            flattened_field("SendAgentMessage", "SendAgentMessageVariant"),
            "variant"
        );
        assert_eq!(flattened_field("Send", "Sender"), "sender");
        assert_eq!(flattened_field("Foo", "FooType"), "type_");
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

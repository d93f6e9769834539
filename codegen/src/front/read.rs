//! Reading the bytes into one document value (a YAML value, which JSON is
//! too), whatever the syntax.
//!
//! - A JSON document (its first character that is not white space is `{`)
//!   is read as JSON by `serde_json`: the full JSON grammar, surrogate pairs
//!   such as `"\ud83d\udc4d"` and integers beyond 64 bits included, which
//!   the YAML reader refuses. A JSON document `serde_json` refuses (a syntax
//!   error, a duplicate key) is handed to the YAML reader, whose errors are
//!   located and worded for people, and which reads the YAML-only liberties
//!   (a trailing comma, a comment) some hand-written JSON takes.
//! - A YAML document is read by `serde_yaml`; when that fails only on an
//!   integer beyond 64 bits (`minimum: -9223372036854776000`), it is read
//!   again with such integers as floats.
//!
//! Integers beyond 64 bits become the nearest float here; the normalising
//! pass clamps them where the document needs an integer
//! ([`super::bounds`]).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Number, Value};

/// Whether `bytes` hold a JSON document: `{` after leading white space (and
/// a UTF-8 byte order mark).
pub(crate) fn is_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// The document in `bytes`, or the YAML reader's error (which the loader
/// locates).
pub(crate) fn read(bytes: &[u8]) -> Result<Value, serde_yaml::Error> {
    if let Some(value) = parse_json(bytes) {
        return Ok(value);
    }
    serde_yaml::from_slice(bytes).or_else(|error| {
        let message = error.to_string();
        if !message.contains(" as i128") && !message.contains(" as u128") {
            return Err(error);
        }
        Node.deserialize(serde_yaml::Deserializer::from_slice(bytes))
            .map_err(|_| error)
    })
}

/// The document in `bytes` when it is JSON that `serde_json` reads; `None`
/// when it is not JSON or not valid JSON.
fn parse_json(bytes: &[u8]) -> Option<Value> {
    if !is_json(bytes) {
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = Node.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(value)
}

/// Builds a YAML value from any JSON node, or any untagged YAML node;
/// refuses a mapping with a key twice, as the YAML reader does.
#[derive(Clone, Copy)]
struct Node;

impl<'de> DeserializeSeed<'de> for Node {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Value, E> {
        Ok(Value::Bool(flag))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Value, E> {
        Ok(Value::Number(number.into()))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Value, E> {
        Ok(Value::Number(number.into()))
    }

    /// Also every integer beyond 64 bits: `serde_json` reads it as the
    /// nearest float, which the normalising pass clamps where an integer
    /// is needed.
    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Value, E> {
        Ok(Value::Number(Number::from(number)))
    }

    fn visit_i128<E: de::Error>(self, number: i128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(number as f64)))
    }

    fn visit_u128<E: de::Error>(self, number: u128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(number as f64)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        Ok(Value::String(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Value, E> {
        Ok(Value::String(text))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut list = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(item) = items.next_element_seed(Node)? {
            list.push(item);
        }
        Ok(Value::Sequence(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::with_capacity(entries.size_hint().unwrap_or(0));
        while let Some(key) = entries.next_key_seed(Node)? {
            let value = entries.next_value_seed(Node)?;
            if mapping.insert(key, value).is_some() {
                return Err(de::Error::custom("duplicate key"));
            }
        }
        Ok(Value::Mapping(mapping))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogate_pairs_are_one_character() {
        let value = parse_json(br#"{"a": "Hello! \ud83d\udc4d"}"#).unwrap();
        assert_eq!(value["a"], Value::from("Hello! \u{1F44D}"));
    }

    #[test]
    fn integers_beyond_64_bits_are_floats_not_errors() {
        let value =
            parse_json(br#"{"min": -9223372036854776000, "max": 18446744073709551616, "n": 7}"#)
                .unwrap();
        assert_eq!(value["min"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(value["max"].as_f64(), Some(1.8446744073709552e19));
        assert_eq!(value["n"].as_i64(), Some(7));
    }

    #[test]
    fn yaml_and_invalid_json_are_left_to_the_yaml_reader() {
        assert_eq!(parse_json(b"openapi: 3.0.3\n"), None);
        assert_eq!(parse_json(b"{\"a\": 1,}"), None);
        assert_eq!(parse_json(b"{\"a\": 1, \"a\": 2}"), None);
        assert!(parse_json(b"\xEF\xBB\xBF \n {\"a\": [1, 2.5, null, true]}").is_some());
    }

    #[test]
    fn yaml_integers_beyond_64_bits_are_floats_not_errors() {
        let value = read(b"a: -9223372036854776000\n200: {b: 18446744073709551616}\n").unwrap();
        assert_eq!(value["a"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(value[200]["b"].as_f64(), Some(1.8446744073709552e19));
        assert!(read(b"a: 1\na: 2\n").is_err());
    }
}

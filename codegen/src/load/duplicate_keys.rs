//! Finding where a duplicate mapping key is. serde_yaml reports a duplicate
//! at the start of the mapping that holds it; an error raised while a key
//! scalar is read is reported at the key, so the document is read again
//! with a visitor that fails on the second occurrence of a key (and, a
//! second time, on the first occurrence of the same key in the same
//! mapping, for the message).

use std::cell::RefCell;
use std::fmt;

use serde::de::value::{EnumAccessDeserializer, MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, Visitor};
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use super::LoadError;

/// The error for the first duplicate key of `bytes`, at the key, when
/// there is one and it can be found.
pub(super) fn locate(bytes: &[u8]) -> Option<LoadError> {
    let (mapping, key, second) = read(bytes, None)?;
    let first = read(bytes, Some((mapping, key.clone()))).map(|(_, _, at)| at);
    let key = describe(&key);
    let message = match first {
        Some((line, column)) => format!(
            "the key {key} is a duplicate: this mapping has it already at line {line}, column {column}"
        ),
        None => format!("the key {key} is a duplicate: this mapping has it already"),
    };
    Some(LoadError::Syntax {
        line: Some(second.0),
        column: Some(second.1),
        message,
    })
}

/// Reads `bytes` and stops at a key: the first duplicate one when
/// `target` is `None`, else the first occurrence of the key
/// `target.1` in the mapping numbered `target.0`. Returns the mapping's
/// number, the key and its line and column.
fn read(bytes: &[u8], target: Option<(usize, Value)>) -> Option<(usize, Value, (usize, usize))> {
    let state = RefCell::new(State {
        mappings: 0,
        target,
        found: None,
    });
    let deserializer = serde_yaml::Deserializer::from_slice(bytes);
    let error = Node { state: &state }.deserialize(deserializer).err()?;
    let location = error.location()?;
    let (mapping, key) = state.into_inner().found?;
    Some((mapping, key, (location.line(), location.column())))
}

/// What the readers share.
struct State {
    /// Mappings entered so far, numbering them in document order.
    mappings: usize,
    /// The key to stop at, on the second reading.
    target: Option<(usize, Value)>,
    /// The key stopped at, with its mapping's number.
    found: Option<(usize, Value)>,
}

/// A key as the message names it.
fn describe(key: &Value) -> String {
    match key {
        Value::String(text) => format!("{text:?}"),
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Number(number) => number.to_string(),
        _ => "(a collection or tagged value)".to_owned(),
    }
}

/// Any node: walks collections, ignores scalars.
#[derive(Clone, Copy)]
struct Node<'s> {
    state: &'s RefCell<State>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while items.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut entries: A) -> Result<(), A::Error> {
        let number = {
            let mut state = self.state.borrow_mut();
            state.mappings += 1;
            state.mappings - 1
        };
        let keys = RefCell::new(Mapping::new());
        let key = Key {
            state: self.state,
            mapping: number,
            keys: &keys,
        };
        while entries.next_key_seed(key)?.is_some() {
            entries.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, tagged: A) -> Result<(), A::Error> {
        let (IgnoredAny, value) = tagged.variant()?;
        de::VariantAccess::newtype_variant_seed(value, self)
    }
}

/// A mapping key: fails, while the key is read, on the key looked for.
#[derive(Clone, Copy)]
struct Key<'s> {
    state: &'s RefCell<State>,
    mapping: usize,
    keys: &'s RefCell<Mapping>,
}

impl Key<'_> {
    fn check<E: de::Error>(self, key: Value) -> Result<(), E> {
        let mut state = self.state.borrow_mut();
        let stop = match &state.target {
            Some((mapping, target)) => *mapping == self.mapping && *target == key,
            None => self.keys.borrow().contains_key(&key),
        };
        if stop {
            state.found = Some((self.mapping, key));
            return Err(E::custom("duplicate key"));
        }
        self.keys.borrow_mut().insert(key, Value::Null);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a mapping key")
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<(), E> {
        self.check(Value::Bool(flag))
    }
    fn visit_i64<E: de::Error>(self, number: i64) -> Result<(), E> {
        self.check(Value::Number(number.into()))
    }
    fn visit_u64<E: de::Error>(self, number: u64) -> Result<(), E> {
        self.check(Value::Number(number.into()))
    }
    fn visit_f64<E: de::Error>(self, number: f64) -> Result<(), E> {
        self.check(Value::Number(number.into()))
    }
    // serde_yaml's `Value` has no such numbers; it fails on them itself.
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        self.check(Value::String(text.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.check(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.check(Value::Null)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, items: A) -> Result<(), A::Error> {
        self.check(Value::deserialize(SeqAccessDeserializer::new(items))?)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, entries: A) -> Result<(), A::Error> {
        self.check(Value::deserialize(MapAccessDeserializer::new(entries))?)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, tagged: A) -> Result<(), A::Error> {
        self.check(Value::deserialize(EnumAccessDeserializer::new(tagged))?)
    }
}

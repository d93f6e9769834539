//! Tolerant decoding of response bodies: one field of an unexpected type
//! or format does not cost the whole value.
//!
//! A body is decoded strictly first. When that fails on a value that is
//! valid JSON, the failing value is located (its JSON pointer), taken out,
//! kept as an [`UnreadField`] with its raw JSON, and decoding is tried
//! again, until the rest decodes. A taken-out optional field is `None`; a
//! taken-out required field of a plain type (string, number, boolean,
//! array, map) is given its empty value in its place and says so in
//! [`UnreadField::replaced_with`]; any other required value takes the
//! smallest optional value around it out with it. Requests are always
//! built strictly: this only reads what the server sent.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// How many values are taken out of one body before the body is given up
/// as not the documented JSON at all.
const MAX_REPAIRS: usize = 64;

/// A value in a response body that could not be read as the spec
/// documents it, kept as it was received.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct UnreadField {
    /// Where the value was, as a JSON pointer into the body (`/file/size`);
    /// array indices count the elements left after earlier removals from
    /// the same array.
    pub pointer: String,
    /// The value as received (`"15538"` where a number was documented).
    pub value: Value,
    /// Why it could not be read (`invalid type: string "15538", expected
    /// i64`).
    pub reason: String,
    /// What the decoded value holds in its place: `None` when the field is
    /// absent from it (an optional field is `None`, an array element is
    /// left out), the empty value given to a required field otherwise.
    pub replaced_with: Option<Value>,
}

/// `body` decoded tolerantly as `T` (see [`decode`]) and wrapped in
/// `variant`, with the values that could not be read; `None` when the body
/// is not JSON of that shape. The error bodies of every spec's `ErrorBody`
/// are read this way, one variant a schema.
pub(crate) fn decode_as<T: DeserializeOwned, V>(
    body: &[u8],
    variant: fn(T) -> V,
) -> Option<(V, Vec<UnreadField>)> {
    decode(body)
        .ok()
        .map(|(value, unread)| (variant(value), unread))
}

/// `body` decoded as `T`, with the values that had to be taken out for it
/// to decode; the error when it is not JSON, or still not `T` once
/// [`MAX_REPAIRS`] values are out (or the failing value is the whole
/// body).
pub(crate) fn decode<T: DeserializeOwned>(
    body: &[u8],
) -> Result<(T, Vec<UnreadField>), serde_json::Error> {
    let strict = match serde_json::from_slice(body) {
        Ok(value) => return Ok((value, Vec::new())),
        Err(error) => error,
    };
    if !strict.is_data() {
        return Err(strict);
    }
    let mut value: Value = serde_json::from_slice(body)?;
    let mut unread: Vec<UnreadField> = Vec::new();
    for _ in 0..MAX_REPAIRS {
        let error = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(decoded) => return Ok((decoded, unread)),
            Err(error) => error,
        };
        let Some(mut at) = segments(error.path()) else {
            return Err(strict);
        };
        let reason = error.into_inner().to_string();
        if let Some(field) = missing_field(&reason) {
            // A required field is missing: given its empty value when it
            // was taken out here (its kind is in the reason it was taken
            // out for), or the value that needs it goes with it.
            let pointer = pointer(at.iter().map(String::as_str).chain([field]));
            let taken = unread
                .iter_mut()
                .find(|u| u.pointer == pointer && u.replaced_with.is_none());
            if let Some(taken) = taken {
                if let Some(empty) = empty_value(&taken.reason) {
                    if let Some(Value::Object(map)) = at_pointer(&mut value, &at) {
                        map.insert(field.to_owned(), empty.clone());
                        taken.replaced_with = Some(empty);
                        continue;
                    }
                }
            }
            if at.is_empty() {
                return Err(strict);
            }
            let reason = format!("{reason} (needed by this value, which is left out)");
            take_out(&mut value, &at, reason, &mut unread);
            continue;
        }
        if at.is_empty() {
            return Err(strict);
        }
        // `Enum` segments name an externally tagged variant, which is a
        // key in JSON; nothing to do beyond taking the value out.
        if take_out(&mut value, &at, reason.clone(), &mut unread) {
            continue;
        }
        // The path did not lead to a value (an untagged union's insides):
        // the value around it goes instead.
        at.pop();
        if at.is_empty() {
            return Err(strict);
        }
        take_out(&mut value, &at, reason, &mut unread);
    }
    Err(strict)
}

/// The path's segments as keys and indices, `None` when a segment cannot
/// be followed.
/// Reads a struct's map of additional properties (`#[serde(flatten)]`)
/// entry by entry: an entry whose value is not `T` is left out, with a
/// `tracing` warning that names its key (never its value), so that one odd
/// extra property never costs the struct's named fields. The raw body keeps
/// it (`ApiResponse::raw_body`).
#[allow(dead_code)] // used by specs whose objects have typed additional properties
pub(crate) fn additional_properties<'de, D, T>(
    deserializer: D,
) -> Result<std::collections::BTreeMap<String, T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: DeserializeOwned,
{
    let raw: std::collections::BTreeMap<String, Value> =
        serde::Deserialize::deserialize(deserializer)?;
    let mut map = std::collections::BTreeMap::new();
    for (key, value) in raw {
        match serde_json::from_value(value) {
            Ok(decoded) => {
                map.insert(key, decoded);
            }
            Err(error) => tracing::warn!(
                key = %key,
                reason = %error,
                "an additional property is not of the documented type and was left out; the rest was decoded"
            ),
        }
    }
    Ok(map)
}

fn segments(path: &serde_path_to_error::Path) -> Option<Vec<String>> {
    use serde_path_to_error::Segment;
    path.iter()
        .map(|segment| match segment {
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Unknown => None,
        })
        .collect()
}

/// The field named by serde's "missing field `name`" error.
fn missing_field(reason: &str) -> Option<&str> {
    reason.strip_prefix("missing field `")?.split('`').next()
}

/// The empty value of the kind a type error expected, when it is a plain
/// kind (the reason ends with serde's "expected a string", "expected u32"
/// and so on).
fn empty_value(reason: &str) -> Option<Value> {
    let expected = reason.rsplit("expected ").next()?;
    Some(
        match expected.trim_end_matches(|c: char| c == '.' || c.is_whitespace()) {
            "a string" => Value::String(String::new()),
            "a boolean" => Value::Bool(false),
            "a sequence" => Value::Array(Vec::new()),
            "a map" => Value::Object(serde_json::Map::new()),
            "f32" | "f64" => Value::from(0.0),
            "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" => Value::from(0),
            _ => return None,
        },
    )
}

/// The value at `at`, mutably.
fn at_pointer<'v>(value: &'v mut Value, at: &[String]) -> Option<&'v mut Value> {
    at.iter().try_fold(value, |value, segment| match value {
        Value::Object(map) => map.get_mut(segment),
        Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

/// Takes the value at `at` (not empty) out of `value`, keeping it in
/// `unread`; `false` when there is no value there.
fn take_out(
    value: &mut Value,
    at: &[String],
    reason: String,
    unread: &mut Vec<UnreadField>,
) -> bool {
    let Some((last, parent)) = at.split_last() else {
        return false;
    };
    let removed = match at_pointer(value, parent) {
        Some(Value::Object(map)) => map.remove(last),
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(index) if index < items.len() => Some(items.remove(index)),
            _ => None,
        },
        _ => None,
    };
    let Some(removed) = removed else {
        return false;
    };
    unread.push(UnreadField {
        pointer: pointer(at.iter().map(String::as_str)),
        value: removed,
        reason,
        replaced_with: None,
    });
    true
}

/// A JSON pointer (RFC 6901) from its segments.
fn pointer<'s>(segments: impl IntoIterator<Item = &'s str>) -> String {
    segments
        .into_iter()
        .map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// Writes a variant that carries nothing (an object schema without
/// properties, as a unit variant) as `{}`: flattened into a struct, it
/// writes nothing beside the struct's own properties.
#[allow(dead_code)] // used by specs whose unions have an alternative without properties
pub(crate) fn write_empty_object<S: serde::Serializer>(serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    serializer.serialize_map(Some(0))?.end()
}

/// Reads a variant that carries nothing from any JSON object, whose
/// properties it leaves (as the object schema without properties allows
/// any); anything but an object is not this variant.
#[allow(dead_code)] // used by specs whose unions have an alternative without properties
pub(crate) fn read_empty_object<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<(), D::Error> {
    struct AnyObject;
    impl<'de> serde::de::Visitor<'de> for AnyObject {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            Ok(())
        }
    }
    deserializer.deserialize_map(AnyObject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct File {
        name: Option<String>,
        size: Option<i64>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Message {
        id: String,
        text: Option<String>,
        created_at: Option<u64>,
        file: Option<File>,
        tags: Option<Vec<u32>>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct ErrorBody {
        code: String,
        message: String,
    }

    #[test]
    fn a_valid_body_decodes_strictly_with_nothing_unread() {
        let (message, unread) = decode::<Message>(br#"{"id":"m1","text":"hi"}"#).unwrap();
        assert_eq!(message.text.as_deref(), Some("hi"));
        assert!(unread.is_empty());
    }

    #[test]
    fn a_wrongly_typed_optional_field_is_none_and_the_rest_is_kept() {
        let body = br#"{"id":"m1","text":"hi","createdAt":"yesterday","file":{"name":"a.pdf","size":"15538"}}"#;
        let (message, unread) = decode::<Message>(body).unwrap();
        assert_eq!(message.id, "m1");
        assert_eq!(message.text.as_deref(), Some("hi"));
        assert_eq!(message.created_at, None);
        let file = message.file.unwrap();
        assert_eq!((file.name.as_deref(), file.size), (Some("a.pdf"), None));
        let pointers: Vec<_> = unread.iter().map(|u| u.pointer.as_str()).collect();
        assert_eq!(pointers, ["/createdAt", "/file/size"]);
        assert_eq!(unread[1].value, Value::from("15538"));
        assert_eq!(unread[1].replaced_with, None);
        // The reason is about the value, not where it was in the text.
        assert_eq!(
            unread[1].reason, "invalid type: string \"15538\", expected i64",
            "{}",
            unread[1].reason
        );
        assert!(unread.iter().all(|u| !u.reason.contains(" at line ")));
    }

    #[test]
    fn a_null_required_string_is_empty_and_the_other_fields_are_kept() {
        let (error, unread) =
            decode::<ErrorBody>(br#"{"code":"not_found","message":null}"#).unwrap();
        assert_eq!(error.code, "not_found");
        assert_eq!(error.message, "");
        assert_eq!(unread.len(), 1);
        assert_eq!(unread[0].pointer, "/message");
        assert_eq!(unread[0].value, Value::Null);
        assert_eq!(unread[0].replaced_with, Some(Value::from("")));
    }

    #[test]
    fn a_bad_array_element_is_left_out() {
        let (message, unread) = decode::<Message>(br#"{"id":"m1","tags":[1,"two",3]}"#).unwrap();
        assert_eq!(message.tags, Some(vec![1, 3]));
        assert_eq!(unread[0].pointer, "/tags/1");
    }

    #[test]
    fn a_required_value_of_its_own_type_takes_its_optional_parent_with_it() {
        #[derive(Debug, Deserialize)]
        struct Inner {
            #[allow(dead_code)]
            file: File,
        }
        #[derive(Debug, Deserialize)]
        struct Outer {
            id: String,
            inner: Option<Inner>,
        }
        let (outer, unread) = decode::<Outer>(br#"{"id":"o","inner":{"file":7}}"#).unwrap();
        assert_eq!(outer.id, "o");
        assert!(outer.inner.is_none());
        let pointers: Vec<_> = unread.iter().map(|u| u.pointer.as_str()).collect();
        assert_eq!(pointers, ["/inner/file", "/inner"]);
    }

    #[test]
    fn not_json_or_the_wrong_whole_value_is_an_error() {
        assert!(decode::<Message>(b"<html>").is_err());
        assert!(decode::<Message>(b"[1, 2]").is_err());
        assert!(decode::<Message>(br#"{"text":"no id"}"#).is_err());
        // Text after the value is refused as `serde_json::from_slice`
        // refuses it, with its place in the text.
        let trailing = decode::<Message>(br#"{"id":"m1"} x"#).unwrap_err();
        assert!(trailing.is_syntax() && trailing.column() > 0, "{trailing}");
        assert!(decode::<Message>(b"{\"id\":\"m1\"}\n").is_ok());
    }

    #[test]
    fn keys_are_escaped_in_pointers() {
        assert_eq!(pointer(["a/b", "c~d"]), "/a~1b/c~0d");
    }

    /// A variant that carries nothing is written as `{}`, read from any
    /// object, and is not read from anything else.
    #[test]
    fn empty_object_variant() {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        enum Sender {
            ById {
                id: String,
            },
            #[serde(
                serialize_with = "super::write_empty_object",
                deserialize_with = "super::read_empty_object"
            )]
            Any,
        }
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Message {
            text: String,
            #[serde(flatten)]
            sender: Sender,
        }
        assert_eq!(serde_json::to_string(&Sender::Any).unwrap(), "{}");
        let message = Message {
            text: "hi".into(),
            sender: Sender::Any,
        };
        let json = serde_json::to_string(&message).unwrap();
        assert_eq!(json, r#"{"text":"hi"}"#);
        assert_eq!(serde_json::from_str::<Message>(&json).unwrap(), message);
        assert_eq!(
            serde_json::from_str::<Sender>(r#"{"other":1}"#).unwrap(),
            Sender::Any
        );
        assert!(serde_json::from_str::<Sender>("null").is_err());
        assert!(serde_json::from_str::<Sender>("[]").is_err());
    }
}

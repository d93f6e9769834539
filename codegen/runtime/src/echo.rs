//! The echo marker: a value the client writes into the JSON request bodies
//! that carry the spec's `x-echo-marker` property (Brevo's `receivedFrom`),
//! so that a two-way integration recognises its own messages when a
//! webhook brings them back. Which operations carry it is the spec's
//! business (`spec::ECHO_MARKING`); the value is the caller's
//! (the builder's `echo_marker`).

use bytes::Bytes;

use crate::error::Error;
use crate::request::{PreparedRequest, RequestBody};

/// The property that marks what an integration sends, and the operations
/// (by operationId) whose JSON request body has it at its top level.
pub(crate) struct EchoMarking {
    /// The property's wire name (`receivedFrom`).
    pub(crate) property: &'static str,
    /// The operations whose bodies have it.
    pub(crate) operations: &'static [&'static str],
}

impl EchoMarking {
    /// `request` with `marker` as the property of its JSON body when the
    /// request is one of [`EchoMarking::operations`] and the body leaves
    /// the property unset (absent or `null`); a value the caller set wins.
    /// Any other request, or a body that is not a JSON object, is returned
    /// as it is. An absent property is added after the body's other
    /// members, which keep their order; one written as `null` is replaced,
    /// the object written again with its members sorted by key.
    pub(crate) fn mark(
        &self,
        mut request: PreparedRequest,
        marker: &str,
    ) -> Result<PreparedRequest, Error> {
        if !self.operations.contains(&request.operation.id) {
            return Ok(request);
        }
        let Some(RequestBody::Bytes {
            content_type,
            bytes,
        }) = &mut request.body
        else {
            return Ok(request);
        };
        let json = content_type
            .to_str()
            .is_ok_and(|value| value.starts_with("application/json") || value.contains("+json"));
        if !json {
            return Ok(request);
        }
        if let Some(marked) = marked(bytes, self.property, marker)? {
            *bytes = marked;
        }
        Ok(request)
    }
}

/// `body` (a JSON object, as `serde_json` writes it) with `property` set to
/// `marker`, or `None` when it is set already or `body` is no object.
fn marked(body: &[u8], property: &str, marker: &str) -> Result<Option<Bytes>, Error> {
    let Ok(serde_json::Value::Object(mut object)) = serde_json::from_slice(body) else {
        return Ok(None);
    };
    let invalid = |error: serde_json::Error| Error::InvalidArgument {
        name: "body",
        reason: error.to_string(),
    };
    match object.get(property) {
        Some(serde_json::Value::Null) => {
            // Written as `null`: the whole object again, with the marker.
            object.insert(property.to_owned(), marker.into());
            serde_json::to_vec(&object)
                .map(|bytes| Some(Bytes::from(bytes)))
                .map_err(invalid)
        }
        Some(_) => Ok(None),
        None => {
            // Absent: one member more before the closing brace, so that
            // the others stay as written.
            let end = body.iter().rposition(|b| *b == b'}').unwrap_or(body.len());
            let mut bytes = body[..end].to_vec();
            if !object.is_empty() {
                bytes.push(b',');
            }
            serde_json::to_writer(&mut bytes, property).map_err(invalid)?;
            bytes.push(b':');
            serde_json::to_writer(&mut bytes, marker).map_err(invalid)?;
            bytes.extend_from_slice(&body[end..]);
            Ok(Some(Bytes::from(bytes)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: Option<Bytes>) -> Option<String> {
        bytes.map(|b| String::from_utf8(b.to_vec()).expect("UTF-8"))
    }

    #[test]
    fn an_absent_property_is_added_after_the_others() {
        let body = br#"{"visitorId":"v1","text":"hi"}"#;
        assert_eq!(
            text(marked(body, "receivedFrom", "sync \"A\"").expect("JSON")).as_deref(),
            Some(r#"{"visitorId":"v1","text":"hi","receivedFrom":"sync \"A\""}"#)
        );
        assert_eq!(
            text(marked(b"{}", "receivedFrom", "A").expect("JSON")).as_deref(),
            Some(r#"{"receivedFrom":"A"}"#)
        );
    }

    #[test]
    fn a_value_the_caller_set_wins_and_null_is_unset() {
        let set = br#"{"receivedFrom":"mine"}"#;
        assert_eq!(marked(set, "receivedFrom", "A").expect("JSON"), None);
        let null = br#"{"receivedFrom":null}"#;
        assert_eq!(
            text(marked(null, "receivedFrom", "A").expect("JSON")).as_deref(),
            Some(r#"{"receivedFrom":"A"}"#)
        );
    }

    #[test]
    fn a_body_that_is_no_object_is_left_alone() {
        assert_eq!(marked(b"[1,2]", "receivedFrom", "A").expect("JSON"), None);
        assert_eq!(
            marked(b"not json", "receivedFrom", "A").expect("JSON"),
            None
        );
    }
}

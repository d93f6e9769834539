//! Decoding and encoding JSON with the types generated for the schema
//! fixtures (`codegen/tests/fixtures/identity.yaml`, `all_of.yaml`,
//! `one_of.yaml`), whose crates are checked in under
//! `codegen/tests/crates/` and are workspace members: `allOf` merging,
//! `oneOf` / `anyOf` as untagged enums, and the identity pattern
//! (properties beside a `oneOf`, flattened into one struct).

use serde_json::json;

/// `value` as compact JSON text.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| panic!("cannot serialise: {e}"))
}

/// `text` decoded as `T`.
fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("cannot decode {text}: {e}"))
}

mod identity {
    use super::{from_json, to_json};
    use fixture_identity::types::{
        AgentIdentity, AgentOnlinePing, NewNote, NewNoteVariant, NewNoteVariantPublicAudience,
        PushedMessageSender, SendAgentMessage, SendPushedMessage,
    };

    fn by_id(agent_id: &str) -> AgentIdentity {
        AgentIdentity::ById {
            agent_id: agent_id.to_owned(),
            received_from: None,
        }
    }

    #[test]
    fn agent_by_id_is_written_beside_the_message() {
        let message = SendAgentMessage::new("v", "t", by_id("a"));
        assert_eq!(
            to_json(&message),
            r#"{"visitorId":"v","text":"t","agentId":"a"}"#
        );
    }

    #[test]
    fn optional_properties_of_an_alternative_are_written_when_set() {
        let message = SendAgentMessage::new(
            "v",
            "t",
            AgentIdentity::ById {
                agent_id: "a".to_owned(),
                received_from: Some("helpdesk".to_owned()),
            },
        );
        assert_eq!(
            to_json(&message),
            r#"{"visitorId":"v","text":"t","agentId":"a","receivedFrom":"helpdesk"}"#
        );
    }

    #[test]
    fn agent_by_email_needs_all_three_properties() {
        let message = SendAgentMessage::new(
            "v",
            "t",
            AgentIdentity::ByEmail {
                agent_email: "liz@example.com".to_owned(),
                agent_name: "Liz".to_owned(),
                received_from: "helpdesk".to_owned(),
            },
        );
        assert_eq!(
            to_json(&message),
            r#"{"visitorId":"v","text":"t","agentEmail":"liz@example.com","agentName":"Liz","receivedFrom":"helpdesk"}"#
        );
    }

    #[test]
    fn schemas_with_the_same_alternatives_share_the_enum() {
        let ping = AgentOnlinePing::new(by_id("a"));
        assert_eq!(to_json(&ping), r#"{"agentId":"a"}"#);
    }

    #[test]
    fn an_alternative_without_properties_writes_nothing() {
        let message = SendPushedMessage::new("v", "t", PushedMessageSender::AnyAgent {});
        assert_eq!(to_json(&message), r#"{"visitorId":"v","text":"t"}"#);
        let message = SendPushedMessage::new(
            "v",
            "t",
            PushedMessageSender::ByGroup {
                group_id: "g".to_owned(),
            },
        );
        assert_eq!(
            to_json(&message),
            r#"{"visitorId":"v","text":"t","groupId":"g"}"#
        );
    }

    #[test]
    fn decoding_picks_the_alternative_whose_properties_are_there() {
        let message: SendAgentMessage = from_json(
            r#"{"visitorId":"v","text":"t","agentEmail":"e","agentName":"n","receivedFrom":"r"}"#,
        );
        assert_eq!(
            message.agent_identity,
            AgentIdentity::ByEmail {
                agent_email: "e".to_owned(),
                agent_name: "n".to_owned(),
                received_from: "r".to_owned(),
            }
        );
        let message: SendPushedMessage = from_json(r#"{"visitorId":"v","text":"t"}"#);
        assert_eq!(message.sender, PushedMessageSender::AnyAgent {});
        let message: SendPushedMessage = from_json(r#"{"visitorId":"v","text":"t","agentId":"a"}"#);
        assert_eq!(
            message.sender,
            PushedMessageSender::ByAgent {
                agent_id: "a".to_owned()
            }
        );
    }

    #[test]
    fn an_incomplete_identity_is_rejected() {
        let result: Result<SendAgentMessage, _> =
            serde_json::from_str(r#"{"visitorId":"v","text":"t","agentEmail":"e"}"#);
        assert!(result.is_err(), "{result:?}");
    }

    #[test]
    fn the_default_enum_and_field_names_come_from_the_parent() {
        let note = NewNote::new(NewNoteVariant::Public {
            audience: NewNoteVariantPublicAudience::Team,
        });
        assert_eq!(to_json(&note), r#"{"audience":"team"}"#);
        let note: NewNote = from_json(r#"{"text":"x","owner":"o","until":"2024-01-01T00:00:00Z"}"#);
        assert_eq!(
            note.variant,
            NewNoteVariant::Private {
                owner: "o".to_owned(),
                until: Some("2024-01-01T00:00:00Z".to_owned()),
            }
        );
    }
}

mod all_of {
    /// A plan with its credits set (the type is `#[non_exhaustive]`: no
    /// struct literal outside its crate).
    fn plan_with_credits(credits: f64) -> fixture_all_of::types::ExtendedCustomerPlan {
        let mut plan = fixture_all_of::types::ExtendedCustomerPlan::default();
        plan.credits = Some(credits);
        plan
    }

    use super::{from_json, json, to_json};
    use fixture_all_of::types::{Account, CustomerAddress, ExtendedCustomer, ExtendedCustomerPlan};

    #[test]
    fn parts_are_merged_in_order_with_required_lists_united() {
        let mut customer = ExtendedCustomer::new("a@example.com", plan_with_credits(2.5));
        let mut address = CustomerAddress::default();
        address.city = Some("Paris".to_owned());
        customer.address = Some(address);
        assert_eq!(
            to_json(&customer),
            r#"{"email":"a@example.com","address":{"city":"Paris"},"plan":{"credits":2.5}}"#
        );
    }

    #[test]
    fn nested_parts_and_own_properties_are_one_struct() {
        let account: Account = from_json(
            &json!({
                "id": 7,
                "email": "a@example.com",
                "plan": {},
                "score": 3,
                "owner": {"email": "o@example.com"},
                "manager": null,
                "extra": [1, "two"],
                "tags": {"k": {"any": true}}
            })
            .to_string(),
        );
        assert_eq!(account.id, 7);
        assert_eq!(account.score, 3);
        assert_eq!(account.email, "a@example.com");
        assert_eq!(
            account.owner.map(|o| o.email),
            Some("o@example.com".to_owned())
        );
        assert_eq!(account.manager, None);
        assert_eq!(account.extra, Some(json!([1, "two"])));
        let mut written: serde_json::Value = from_json(&to_json(&Account::new(
            "a@example.com",
            ExtendedCustomerPlan::default(),
            3,
            7,
            None,
        )));
        assert_eq!(
            written["manager"],
            json!(null),
            "required and nullable: sent as null"
        );
        if let Some(fields) = written.as_object_mut() {
            fields.remove("manager");
        }
        assert_eq!(
            written,
            json!({"email": "a@example.com", "plan": {}, "score": 3, "id": 7})
        );
        let missing_score: Result<Account, _> =
            serde_json::from_str(r#"{"id":7,"email":"a@example.com","plan":{}}"#);
        assert!(missing_score.is_err(), "score is required by an allOf part");
    }
}

mod one_of {
    use std::collections::BTreeMap;

    use super::{from_json, to_json};
    use fixture_one_of::types::{
        AddContactToListBody, ByIds, Contact, ContactAttributesValue, ContactFailure, Location,
        Region,
    };

    #[test]
    fn ref_alternatives_are_written_as_the_referenced_type() {
        let body = AddContactToListBody::ByIds(ByIds::new(vec![1, 2]));
        assert_eq!(to_json(&body), r#"{"ids":[1,2]}"#);
        let body: AddContactToListBody = from_json(r#"{"emails":["a@example.com"]}"#);
        assert!(
            matches!(body, AddContactToListBody::ByEmails(_)),
            "{body:?}"
        );
    }

    #[test]
    fn primitive_alternatives_decode_in_document_order() {
        let contact: Contact = from_json(
            r#"{"attributes":{"A":1.5,"B":"x","C":true,"D":["a"]},"failure":[4,5],"single":{"ids":[1]}}"#,
        );
        let expected = BTreeMap::from([
            ("A".to_owned(), ContactAttributesValue::Number(1.5)),
            (
                "B".to_owned(),
                ContactAttributesValue::String("x".to_owned()),
            ),
            ("C".to_owned(), ContactAttributesValue::Boolean(true)),
            (
                "D".to_owned(),
                ContactAttributesValue::StringArray(vec!["a".to_owned()]),
            ),
        ]);
        assert_eq!(contact.attributes, Some(expected));
        assert_eq!(
            contact.failure,
            Some(ContactFailure::IntegerArray(vec![4, 5]))
        );
        assert_eq!(contact.single, Some(ByIds::new(vec![1])));
    }

    #[test]
    fn inline_alternatives_are_struct_variants_or_named_types() {
        let point = Location::Point { lat: 1.0, lon: 2.0 };
        assert_eq!(to_json(&point), r#"{"lat":1.0,"lon":2.0}"#);
        let untitled: Location = from_json(r#"{"address":"1 Main St"}"#);
        assert_eq!(
            untitled,
            Location::Variant1 {
                address: "1 Main St".to_owned()
            }
        );
        let region: Location = from_json(r#""north""#);
        assert_eq!(region, Location::Region(Region::North));
    }
}

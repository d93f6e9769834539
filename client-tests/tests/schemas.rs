//! Decoding and encoding JSON with the types generated for the schema
//! fixtures (`codegen/tests/fixtures/identity.yaml`, `all_of.yaml`,
//! `one_of.yaml`, `recursive.yaml`), whose crates are checked in under
//! `codegen/tests/crates/` and are workspace members: `allOf` merging,
//! `oneOf` / `anyOf` as untagged enums, the identity pattern (properties
//! beside a `oneOf`, flattened into one struct), and every kind of type
//! that contains itself and still generates, round-tripped several levels
//! deep.

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
        AgentIdentity::by_id(agent_id)
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
            AgentIdentity::by_email("liz@example.com", "Liz", "helpdesk"),
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
        let message = SendPushedMessage::new("v", "t", PushedMessageSender::AnyAgent);
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
            AgentIdentity::by_email("e", "n", "r")
        );
        let message: SendPushedMessage = from_json(r#"{"visitorId":"v","text":"t"}"#);
        assert_eq!(message.sender, PushedMessageSender::AnyAgent);
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
    /// A plan with its credits set (`format: float`, so `f32`; the type is `#[non_exhaustive]`: no
    /// struct literal outside its crate).
    fn plan_with_credits(credits: f32) -> fixture_all_of::types::ExtendedCustomerPlan {
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

/// Types that contain themselves (`codegen/tests/fixtures/recursive.yaml`):
/// each cycle passes through a property, a list element or a map value, so
/// a finite value decodes. Each test decodes a value several levels deep,
/// encodes it again and finds the same JSON, and checks that the levels
/// landed where they belong (a round trip alone would also pass through the
/// wrong variant of a union).
mod recursive {
    use serde_json::{json, Value};

    use fixture_recursive::types::{
        Category, Comment, Company, Expr, Folder, FolderContent, NestedList, NestedMap, Person,
        Post, Sum, TreeNode,
    };

    /// `json` decoded as `T` and encoded again, which must give `json` back.
    fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(json: &Value) -> T {
        let decoded: T = super::from_json(&json.to_string());
        let encoded: Value = super::from_json(&super::to_json(&decoded));
        assert_eq!(&encoded, json, "not the same JSON after a round trip");
        decoded
    }

    /// How deep the sample values go.
    const DEPTH: usize = 6;

    /// `{"name": "n0", key: {"name": "n1", key: ...}}`, `depth` levels.
    fn chain(key: &str, depth: usize) -> Value {
        (0..depth).rev().fold(Value::Null, |inner, level| {
            let mut node = json!({ "name": format!("n{level}") });
            if !inner.is_null() {
                node[key] = inner;
            }
            node
        })
    }

    #[test]
    fn an_optional_field_of_its_own_type() {
        let mut node: TreeNode = round_trip(&chain("parent", DEPTH));
        for level in 0..DEPTH {
            assert_eq!(node.name, format!("n{level}"));
            match node.parent {
                Some(parent) => node = *parent,
                None => assert_eq!(level, DEPTH - 1, "the chain ends early"),
            }
        }
    }

    #[test]
    fn a_nullable_field_of_its_own_type() {
        let decoded: TreeNode = round_trip(&chain("previous", DEPTH));
        let mut levels = 1;
        let mut node = &decoded;
        while let Some(previous) = &node.previous {
            node = previous;
            levels += 1;
        }
        assert_eq!(levels, DEPTH);
        // An explicit `null` is `None`, which is written by leaving it out.
        let node: TreeNode =
            super::from_json(r#"{"name":"a","previous":{"name":"b","previous":null}}"#);
        assert_eq!(
            node.previous.as_ref().map(|p| p.previous.is_none()),
            Some(true)
        );
        assert_eq!(
            super::to_json(&node),
            r#"{"name":"a","previous":{"name":"b"}}"#
        );
    }

    #[test]
    fn lists_and_maps_of_its_own_type() {
        let leaf = |name: &str| json!({ "name": name });
        let json = json!({
            "name": "root",
            "children": [
                {"name": "a", "children": [{"name": "a1", "byName": {"x": {"name": "a1x", "children": [leaf("deep")]}}}]},
                leaf("b"),
            ],
            "byName": {"c": {"name": "c", "byName": {"d": {"name": "d", "children": []}}}},
        });
        let root: TreeNode = round_trip(&json);
        let children = root.children.as_deref().unwrap_or_default();
        assert_eq!(children.len(), 2);
        let a1 = &children[0].children.as_deref().unwrap_or_default()[0];
        let a1x = &a1.by_name.as_ref().expect("a1 has byName")["x"];
        assert_eq!(a1x.children.as_deref().unwrap_or_default()[0].name, "deep");
        let by_name = root.by_name.as_ref().expect("root has byName");
        let d = &by_name["c"].by_name.as_ref().expect("c has byName")["d"];
        assert_eq!(d.children.as_deref(), Some(&[][..]));
    }

    #[test]
    fn two_structs_through_each_other() {
        let mut json = json!({ "name": "p3" });
        for level in (0..3).rev() {
            json = json!({ "name": format!("p{level}"), "employer": { "name": format!("c{level}"), "ceo": json } });
        }
        let mut person: Person = round_trip(&json);
        for level in 0..3 {
            let company: Company = *person.employer.take().expect("an employer");
            assert_eq!(company.name, format!("c{level}"));
            person = *company.ceo;
        }
        assert_eq!(person.name, "p3");
        assert!(person.employer.is_none());
        let missing_ceo: Result<Person, _> =
            serde_json::from_str(r#"{"name":"p","employer":{"name":"c"}}"#);
        assert!(missing_ceo.is_err(), "`ceo` is required");
    }

    #[test]
    fn a_field_that_is_an_all_of_of_its_own_type() {
        let mut category: Category = round_trip(&chain("parent", DEPTH));
        let mut levels = 1;
        while let Some(parent) = category.parent {
            category = *parent;
            levels += 1;
        }
        assert_eq!(levels, DEPTH);
        assert_eq!(category.name, format!("n{}", DEPTH - 1));
    }

    #[test]
    fn a_cycle_through_all_of_composition() {
        let json = json!({
            "text": "top",
            "quoted": {"text": "q1", "quoted": {"text": "q2", "replies": [{"text": "r1", "quoted": {"text": "q3"}}]}},
            "replies": [{"text": "r0", "replies": [{"text": "r00", "replies": []}]}],
        });
        let comment: Comment = round_trip(&json);
        let q2 = comment
            .quoted
            .as_ref()
            .and_then(|q| q.quoted.as_ref())
            .expect("q2");
        let r1 = &q2.replies.as_deref().unwrap_or_default()[0];
        assert_eq!(r1.quoted.as_ref().map(|q| q.text.as_str()), Some("q3"));
        let post: Post = round_trip(&json!({"text": "p", "quoted": json}));
        assert_eq!(post.quoted.map(|c| c.text), Some("top".to_owned()));
    }

    #[test]
    fn a_union_through_a_struct() {
        // (1 + (2 + (3 + 4))) + 5
        let json = json!({
            "left": {"left": 1, "right": {"left": 2, "right": {"left": 3, "right": 4}}},
            "right": 5,
        });
        fn total(expr: &Expr) -> i64 {
            match expr {
                Expr::Integer(value) => *value,
                Expr::Sum(sum) => total(&sum.left) + total(&sum.right),
                _ => unreachable!("no other alternative"),
            }
        }
        let expr: Expr = round_trip(&json);
        assert_eq!(total(&expr), 15);
        let sum: Sum = round_trip(&json);
        assert_eq!(total(&sum.right), 5);
        // A value that fits no alternative is an error, not an endless
        // descent (which `recursive-union` rules out at generation).
        for text in [r#""five""#, "[1]", "{}", r#"{"left":1}"#, "null"] {
            let result: Result<Expr, _> = serde_json::from_str(text);
            assert!(result.is_err(), "{text}: {result:?}");
        }
    }

    #[test]
    fn a_union_through_a_list_of_itself() {
        let json = json!(["a", ["b", ["c", ["d", ["e", []]]]], "f"]);
        let list: NestedList = round_trip(&json);
        let mut depth = 0;
        let mut current = &list;
        while let NestedList::NestedListArray(items) = current {
            depth += 1;
            match items
                .iter()
                .find(|item| matches!(item, NestedList::NestedListArray(_)))
            {
                Some(inner) => current = inner,
                None => break,
            }
        }
        assert_eq!(depth, 6);
        assert!(serde_json::from_str::<NestedList>("[1]").is_err());
    }

    #[test]
    fn a_union_through_a_map_of_itself() {
        let json = json!({"a": {"b": {"c": {"d": {"e": 5}}}, "f": 6}, "g": {}});
        let map: NestedMap = round_trip(&json);
        let NestedMap::NestedMapMap(top) = &map else {
            panic!("an object decodes as the map alternative: {map:?}")
        };
        let mut node = &top["a"];
        for key in ["b", "c", "d"] {
            let NestedMap::NestedMapMap(inner) = node else {
                panic!("{key}: {node:?}")
            };
            node = &inner[key];
        }
        let NestedMap::NestedMapMap(last) = node else {
            panic!("{node:?}")
        };
        assert_eq!(last["e"], NestedMap::Integer(5));
    }

    #[test]
    fn a_flattened_union_whose_alternative_lists_the_parent() {
        let json = json!({
            "name": "root",
            "entries": [
                {"name": "docs", "entries": [{"name": "notes", "entries": [{"name": "a.txt", "size": 3}]}]},
                {"name": "b.txt", "size": 7},
            ],
        });
        let root: Folder = round_trip(&json);
        let FolderContent::Subfolders { entries } = &root.content else {
            panic!("{root:?}")
        };
        let FolderContent::Subfolders { entries: docs } = &entries[0].content else {
            panic!("{entries:?}")
        };
        let FolderContent::Subfolders { entries: notes } = &docs[0].content else {
            panic!("{docs:?}")
        };
        assert_eq!(notes[0].name, "a.txt");
        assert!(matches!(notes[0].content, FolderContent::File { size: 3 }));
        assert!(matches!(
            entries[1].content,
            FolderContent::File { size: 7 }
        ));
    }
}

/// `codegen/tests/fixtures/names.yaml`: names that collide once converted
/// keep their wire names, and the types named like std's are the spec's.
mod names {
    use super::{from_json, to_json};
    use fixture_names::types::{Chosen, Counts, Operator, Reaction, Result, Total, Value};

    #[test]
    fn signs_and_symbols_are_spelled_out_and_sent_as_written() {
        assert_eq!(
            to_json(&[Reaction::Plus1, Reaction::Minus1]),
            r#"["+1","-1"]"#
        );
        let operators: Vec<Operator> = from_json(r#"["+","-","*","/","<=","🦀"]"#);
        assert_eq!(
            operators,
            [
                Operator::Plus,
                Operator::Minus,
                Operator::Asterisk,
                Operator::Slash,
                Operator::LessThanEquals,
                Operator::U1f980
            ]
        );
        assert_eq!(to_json(&Chosen::ThumbsUp), r#""+1""#);
    }

    #[test]
    fn a_documented_unknown_is_not_the_catch_all() {
        assert_eq!(from_json::<Reaction>(r#""unknown""#), Reaction::Unknown2);
        assert_eq!(to_json(&Reaction::Unknown2), r#""unknown""#);
        assert_eq!(
            from_json::<Reaction>(r#""heart""#),
            Reaction::Unknown("heart".to_owned())
        );
    }

    #[test]
    fn values_equal_after_case_conversion_stay_apart() {
        let totals: Vec<Total> =
            from_json(r#"["total","Total","__total__","sub-total","sub_total"]"#);
        assert_eq!(
            totals,
            [
                Total::Total,
                Total::Total2,
                Total::Total3,
                Total::SubTotal,
                Total::SubTotal2
            ]
        );
        assert_eq!(
            to_json(&totals),
            r#"["total","Total","__total__","sub-total","sub_total"]"#
        );
        let counts: Counts = from_json(r#"{"+1":3,"-1":1,"total":4,"Total":5,"":"e"}"#);
        assert_eq!((counts.plus_1, counts.minus_1), (Some(3), Some(1)));
        assert_eq!((counts.total, counts.total_2), (Some(4), Some(5)));
        assert_eq!(counts.empty.as_deref(), Some("e"));
        assert_eq!(
            to_json(&counts),
            r#"{"+1":3,"-1":1,"total":4,"Total":5,"":"e"}"#
        );
    }

    #[test]
    fn schemas_named_like_std_types_are_the_specs_own() {
        let result: Result = from_json(
            r#"{"value":{"raw":"r"},"items":["a","b"],"maybe":{"chosen":true},"boxed":{"size":2.5},"error":{"code":7},"id":"5f0c","when":"2026-12-02T10:00:00Z"}"#,
        );
        let value: Option<Value> = result.value.clone();
        assert_eq!(value.and_then(|v| v.raw).as_deref(), Some("r"));
        assert_eq!(result.error.as_ref().map(|e| e.code), Some(7));
        assert_eq!(result.boxed.as_ref().map(|b| b.size), Some(2.5));
        assert_eq!(result.id.as_deref(), Some("5f0c"));
        assert_eq!(
            to_json(&result),
            r#"{"value":{"raw":"r"},"items":["a","b"],"maybe":{"chosen":true},"boxed":{"size":2.5},"error":{"code":7},"id":"5f0c","when":"2026-12-02T10:00:00Z"}"#
        );
    }
}

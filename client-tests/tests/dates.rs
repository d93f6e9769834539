//! `format: date` and `date-time` properties as a user reads them: typed
//! with a generated crate's `chrono` feature (the `all_of` fixture crate,
//! which this crate depends on with it), the RFC 3339 text as sent without
//! it (the `names` fixture crate, without the feature).

use chrono::{Datelike, Timelike};

/// An account whose `birthday` is a `date` and `createdAt` a `date-time`.
fn account(birthday: &str, created_at: &str) -> serde_json::Value {
    serde_json::json!({
        "id": 7,
        "email": "liz@example.com",
        "manager": null,
        "plan": {},
        "score": 3,
        "birthday": birthday,
        "createdAt": created_at,
    })
}

#[test]
fn with_the_feature_dates_are_chrono_values_that_keep_their_offset() {
    let json = account("1990-05-17", "2024-01-31T12:30:00+01:00");
    let account: fixture_all_of::types::Account =
        serde_json::from_value(json.clone()).expect("the account decodes");
    let birthday: chrono::NaiveDate = account.birthday.expect("a birthday");
    assert_eq!(
        (birthday.year(), birthday.month(), birthday.day()),
        (1990, 5, 17)
    );
    let created: chrono::DateTime<chrono::FixedOffset> = account.created_at.expect("a time");
    assert_eq!((created.hour(), created.minute()), (12, 30));
    assert_eq!(created.offset().local_minus_utc(), 3600);
    // Written back as it came.
    let written = serde_json::to_value(&account).expect("encodes");
    assert_eq!(written["birthday"], json["birthday"]);
    assert_eq!(written["createdAt"], json["createdAt"]);
}

#[test]
fn with_the_feature_a_value_that_is_not_a_date_is_refused() {
    for (birthday, created_at) in [
        ("17/05/1990", "2024-01-31T12:30:00Z"),
        ("1990-05-17", "yesterday"),
    ] {
        let decoded =
            serde_json::from_value::<fixture_all_of::types::Account>(account(birthday, created_at));
        assert!(decoded.is_err(), "{birthday} {created_at}");
    }
}

#[test]
fn a_date_is_built_from_a_chrono_value() {
    let created = chrono::DateTime::parse_from_rfc3339("2024-01-31T12:30:00-05:00").unwrap();
    let customer = fixture_all_of::types::ExtendedCustomer::new(
        "liz@example.com",
        fixture_all_of::types::ExtendedCustomerPlan::default(),
    )
    .with_created_at(created);
    let written = serde_json::to_value(&customer).expect("encodes");
    assert_eq!(written["createdAt"], "2024-01-31T12:30:00-05:00");
}

#[test]
fn without_the_feature_dates_are_the_text_as_sent() {
    let ticket: fixture_names::types::Ticket =
        serde_json::from_value(serde_json::json!({"kind": "task", "due": "31 January"}))
            .expect("the ticket decodes");
    match ticket.variant {
        fixture_names::types::TicketVariant::Task { due, .. } => {
            let due: String = due;
            assert_eq!(due, "31 January");
        }
        other => panic!("{other:?}"),
    }
}

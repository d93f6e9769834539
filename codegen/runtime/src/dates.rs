//! The values of `format: date` and `format: date-time` properties. With
//! the crate's `chrono` feature they are typed, and read and written as
//! RFC 3339 text (`2024-01-31`, `2024-01-31T12:00:00+01:00`); without it
//! they are that text as it was sent, which costs no dependency. Only
//! crates whose spec has such a property have this module.

/// A calendar date without a time zone (`2024-01-31`): `chrono::NaiveDate`
/// with the `chrono` feature.
#[cfg(feature = "chrono")]
pub type Date = chrono::NaiveDate;

/// A calendar date (`2024-01-31`) as the text the server sent; the
/// `chrono` feature makes it `chrono::NaiveDate`.
#[cfg(not(feature = "chrono"))]
pub type Date = String;

/// An instant with the UTC offset it was written with
/// (`2024-01-31T12:00:00+01:00`): `chrono::DateTime<FixedOffset>` with the
/// `chrono` feature, which keeps the offset as sent.
#[cfg(feature = "chrono")]
pub type DateTime = chrono::DateTime<chrono::FixedOffset>;

/// An instant (`2024-01-31T12:00:00+01:00`) as the text the server sent;
/// the `chrono` feature makes it `chrono::DateTime<FixedOffset>`.
#[cfg(not(feature = "chrono"))]
pub type DateTime = String;

/// The RFC 3339 text of a date-time, as JSON writes it: for a multipart
/// part, which is text.
#[cfg(feature = "chrono")]
#[allow(dead_code)] // unused by specs without a date-time in a multipart body
pub(crate) fn date_time_text(value: &DateTime) -> String {
    value.to_rfc3339()
}

/// The text of a date-time, as it is kept without the `chrono` feature:
/// for a multipart part, which is text.
#[cfg(not(feature = "chrono"))]
#[allow(dead_code)] // unused by specs without a date-time in a multipart body
pub(crate) fn date_time_text(value: &DateTime) -> String {
    value.clone()
}

#[cfg(test)]
mod tests {
    use super::{Date, DateTime};

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    struct Event {
        day: Date,
        at: DateTime,
    }

    const JSON: &str = r#"{"day":"2024-01-31","at":"2024-01-31T12:00:00+01:00"}"#;

    #[cfg(feature = "chrono")]
    #[test]
    fn typed_with_the_feature() {
        use chrono::{Datelike, Timelike};
        let event: Event = serde_json::from_str(JSON).unwrap();
        assert_eq!(
            (event.day.year(), event.day.month(), event.day.day()),
            (2024, 1, 31)
        );
        assert_eq!(event.at.hour(), 12);
        assert_eq!(event.at.offset().local_minus_utc(), 3600);
        assert_eq!(serde_json::to_string(&event).unwrap(), JSON);
        assert_eq!(
            super::date_time_text(&event.at),
            "2024-01-31T12:00:00+01:00"
        );
        assert_eq!(event.day.to_string(), "2024-01-31");
        assert!(serde_json::from_str::<Event>(r#"{"day":"31/01/2024","at":"x"}"#).is_err());
    }

    #[cfg(not(feature = "chrono"))]
    #[test]
    fn text_without_the_feature() {
        let event: Event = serde_json::from_str(JSON).unwrap();
        assert_eq!(event.day, "2024-01-31");
        assert_eq!(event.at, "2024-01-31T12:00:00+01:00");
        assert_eq!(serde_json::to_string(&event).unwrap(), JSON);
    }
}

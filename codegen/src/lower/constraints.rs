//! What a schema says of its values beyond their Rust type, for the docs
//! of the field or parameter it types: its `default`, bounds (`minimum`,
//! `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`),
//! lengths (`minLength`, `maxLength`, `minItems`, `maxItems`),
//! `uniqueItems` and `pattern`. The client does not check them (the server
//! does); the reader learns them where the value is written.

use std::fmt::Display;

use openapiv3::{Schema, SchemaKind, Type};

/// The schema's constraints as one or more sentences
/// (`Default: `20`. At least 1 and at most 100.`), `None` when it has none.
pub(super) fn constraints(schema: &Schema) -> Option<String> {
    let mut sentences: Vec<String> = Vec::new();
    if let Some(default) = &schema.schema_data.default {
        sentences.push(format!("Default: `{}`.", compact(default)));
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            if let Some(length) = range(string.min_length, string.max_length, "characters") {
                sentences.push(length);
            }
            if let Some(pattern) = &string.pattern {
                sentences.push(format!(
                    "Matches the pattern `{}`.",
                    pattern.replace('`', "'")
                ));
            }
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            let bounds = bounds(
                integer.minimum,
                integer.exclusive_minimum,
                integer.maximum,
                integer.exclusive_maximum,
            );
            sentences.extend(bounds);
            if let Some(step) = integer.multiple_of {
                sentences.push(format!("A multiple of {step}."));
            }
        }
        SchemaKind::Type(Type::Number(number)) => {
            let bounds = bounds(
                number.minimum,
                number.exclusive_minimum,
                number.maximum,
                number.exclusive_maximum,
            );
            sentences.extend(bounds);
            if let Some(step) = number.multiple_of {
                sentences.push(format!("A multiple of {step}."));
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(length) = range(array.min_items, array.max_items, "items") {
                sentences.push(length);
            }
            if array.unique_items {
                sentences.push("No item twice.".to_owned());
            }
        }
        _ => {}
    }
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

/// A default value as short JSON (`20`, `"asc"`, `[]`), at most 80
/// characters.
fn compact(value: &serde_json::Value) -> String {
    let text = value.to_string().replace('`', "'");
    if text.chars().count() <= 80 {
        text
    } else {
        let mut short: String = text.chars().take(77).collect();
        short.push_str("...");
        short
    }
}

/// `At least 1 and at most 100.` (`more than` / `less than` when exclusive).
fn bounds<T: Display>(
    minimum: Option<T>,
    exclusive_minimum: bool,
    maximum: Option<T>,
    exclusive_maximum: bool,
) -> Option<String> {
    let low = minimum.map(|m| {
        if exclusive_minimum {
            format!("more than {m}")
        } else {
            format!("at least {m}")
        }
    });
    let high = maximum.map(|m| {
        if exclusive_maximum {
            format!("less than {m}")
        } else {
            format!("at most {m}")
        }
    });
    let text = match (low, high) {
        (Some(low), Some(high)) => format!("{low} and {high}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => return None,
    };
    Some(format!("{}{}.", text[..1].to_uppercase(), &text[1..]))
}

/// `1 to 64 characters.`, `At least 1 item.`, `At most 10 items.`
fn range(min: Option<usize>, max: Option<usize>, unit: &str) -> Option<String> {
    let unit_for = |n: usize| {
        if n == 1 {
            unit.strip_suffix('s').unwrap_or(unit)
        } else {
            unit
        }
    };
    Some(match (min, max) {
        (Some(min), Some(max)) if min == max => format!("Exactly {min} {}.", unit_for(min)),
        (Some(min), Some(max)) => format!("{min} to {max} {unit}."),
        (Some(min), None) => format!("At least {min} {}.", unit_for(min)),
        (None, Some(max)) => format!("At most {max} {}.", unit_for(max)),
        (None, None) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::constraints;

    fn of(yaml: &str) -> Option<String> {
        let schema: openapiv3::Schema = serde_yaml::from_str(yaml).expect("a schema");
        constraints(&schema)
    }

    #[test]
    fn each_constraint_is_said_in_words() {
        assert_eq!(
            of("{type: integer, default: 20, minimum: 1, maximum: 100}").as_deref(),
            Some("Default: `20`. At least 1 and at most 100.")
        );
        assert_eq!(
            of("{type: number, minimum: 0, exclusiveMinimum: true, multipleOf: 0.5}").as_deref(),
            Some("More than 0. A multiple of 0.5.")
        );
        assert_eq!(
            of("{type: string, minLength: 1, maxLength: 64, pattern: '^[a-z]+$'}").as_deref(),
            Some("1 to 64 characters. Matches the pattern `^[a-z]+$`.")
        );
        assert_eq!(
            of("{type: array, items: {type: string}, maxItems: 1, uniqueItems: true}").as_deref(),
            Some("At most 1 item. No item twice.")
        );
        assert_eq!(
            of("{type: string, default: asc}").as_deref(),
            Some("Default: `\"asc\"`.")
        );
        assert_eq!(of("{type: string, format: email}"), None);
    }
}

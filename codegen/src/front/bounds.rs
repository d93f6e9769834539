//! Integer schemas whose numbers do not fit 64 bits: a bound written as a
//! float-rounded `i64::MIN` (`minimum: -9223372036854776000`, as real
//! documents write it), a `uint64` maximum of `18446744073709551615`, an
//! enum value beyond `i64`. The 3.0 model keeps an integer schema's
//! `minimum`, `maximum`, `multipleOf` and `enum` as `i64`, so each such
//! number is clamped to the nearest `i64` (a bound that is not whole is
//! rounded towards the inside of its range), with an
//! `integer-out-of-range` warning where the value changed by more than the
//! float's own rounding.

use serde_yaml::{Number, Value};

use super::{key_text, Found};
use crate::diagnostics::Code;

/// Clamps the numbers of every integer schema in `value`.
pub(super) fn clamp(value: &mut Value, found: &mut Found) {
    walk(value, &mut Vec::new(), found);
}

/// Keys whose values are data, not schemas: nothing inside is clamped.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "const") || key.starts_with("x-")
}

fn walk(value: &mut Value, path: &mut Vec<String>, found: &mut Found) {
    match value {
        Value::Mapping(mapping) => {
            if mapping.get("type").and_then(Value::as_str) == Some("integer") {
                for (key, inward) in [("minimum", Inward::Up), ("maximum", Inward::Down)] {
                    if let Some(number) = mapping.get_mut(key) {
                        path.push(key.to_owned());
                        clamp_number(number, inward, path, found);
                        path.pop();
                    }
                }
                if let Some(number) = mapping.get_mut("multipleOf") {
                    path.push("multipleOf".to_owned());
                    clamp_number(number, Inward::Nearest, path, found);
                    path.pop();
                }
                if let Some(Value::Sequence(values)) = mapping.get_mut("enum") {
                    path.push("enum".to_owned());
                    for (index, number) in values.iter_mut().enumerate() {
                        path.push(index.to_string());
                        clamp_number(number, Inward::Nearest, path, found);
                        path.pop();
                    }
                    path.pop();
                }
            }
            for (key, child) in mapping.iter_mut() {
                let key = key_text(key);
                if is_data(&key) {
                    continue;
                }
                path.push(key);
                walk(child, path, found);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                path.push(index.to_string());
                walk(child, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Which way a number that is not whole is rounded.
#[derive(Clone, Copy)]
enum Inward {
    /// A lower bound: up.
    Up,
    /// An upper bound: down.
    Down,
    /// A value: to the nearest.
    Nearest,
}

/// Makes `number` an `i64` when it is a number that is not one already.
fn clamp_number(number: &mut Value, inward: Inward, path: &[String], found: &mut Found) {
    let Value::Number(written) = number else {
        return;
    };
    if written.is_i64() {
        return;
    }
    // A u64 beyond i64, or a float (which is how an integer beyond 64 bits
    // arrives).
    let float = written.as_f64().unwrap_or_default();
    let whole = match inward {
        Inward::Up => float.ceil(),
        Inward::Down => float.floor(),
        Inward::Nearest => float.round(),
    };
    // `as` saturates at i64's ends, and NaN becomes 0.
    let clamped = whole as i64;
    // i64::MIN and i64::MAX are 2^63 away from 0, which an f64 spells
    // exactly as ±9223372036854775808.0: clamping a float-rounded end of
    // the range to the end itself is no change worth a word.
    let changed = (clamped as f64) != float;
    if changed {
        let original = written.to_string();
        found.push(
            Code::IntegerOutOfRange,
            path,
            format!(
                "the integer schema's `{}` is {original}, which is not a 64-bit integer; it is read as {clamped}",
                path.last().map(String::as_str).unwrap_or_default()
            ),
            "write a whole number between -9223372036854775808 and 9223372036854775807, or make the schema `type: number` or a `string` with a format if its values are wider",
        );
    }
    *number = Value::Number(Number::from(clamped));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clamped(yaml: &str) -> (Value, Vec<String>) {
        let mut value: Value = serde_yaml::from_str(yaml).unwrap();
        let mut found = Found::default();
        clamp(&mut value, &mut found);
        let pointers = found
            .finish()
            .warnings
            .iter()
            .map(|d| format!("{} {}", d.code, d.pointer))
            .collect();
        (value, pointers)
    }

    #[test]
    fn a_float_rounded_i64_bound_is_its_end_without_a_word() {
        let (value, found) = clamped(
            "A: {type: integer, minimum: -9223372036854775808.0, maximum: 9223372036854775807.0}",
        );
        assert_eq!(value["A"]["minimum"].as_i64(), Some(i64::MIN));
        assert_eq!(value["A"]["maximum"].as_i64(), Some(i64::MAX));
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_bound_beyond_64_bits_is_clamped_with_a_warning() {
        let (value, found) = clamped(
            "A: {type: integer, maximum: 18446744073709551615, minimum: 0.5, enum: [1, 2.0]}\nB: {type: number, maximum: 1.0e30}",
        );
        assert_eq!(value["A"]["maximum"].as_i64(), Some(i64::MAX));
        assert_eq!(value["A"]["minimum"].as_i64(), Some(1));
        assert_eq!(value["A"]["enum"][1].as_i64(), Some(2));
        assert_eq!(value["B"]["maximum"].as_f64(), Some(1.0e30));
        assert_eq!(
            found,
            [
                "integer-out-of-range #/A/minimum",
                "integer-out-of-range #/A/maximum"
            ]
        );
    }
}

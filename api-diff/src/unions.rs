//! Changes to untagged enums (`oneOf` / `anyOf`): their variants, what each
//! holds, and the order decoding tries them in.
//!
//! Unlike string enums they have no `Unknown` variant, so a new variant
//! breaks code that reads the type (an exhaustive `match` no longer
//! compiles, and a value may now decode as the new variant); callers that
//! only build values gain an alternative.

use std::collections::BTreeMap;

use super::types::same_field;
use super::usage::Usage;
use super::{rust_type, ChangeKind, Changes, Impact, Section};
use codegen::ir::{Field, OneOfDef, OneOfVariant, VariantPayload};

/// Compares two versions of an untagged enum.
pub(super) fn compare(old: &OneOfDef, new: &OneOfDef, usage: Usage, out: &mut Changes) {
    let name = new.name.as_str();
    out.description(
        Section::Types,
        name,
        "description",
        &old.description,
        &new.description,
    );
    let old_variants = by_name(&old.variants);
    let new_variants = by_name(&new.variants);
    for variant in &old.variants {
        let subject = format!("{name}::{}", variant.rust_name);
        match new_variants.get(variant.rust_name.as_str()) {
            None => out.push(
                Section::Types,
                subject,
                ChangeKind::VariantRemoved,
                Impact::Breaking,
                format!("variant `{}` removed", variant.rust_name),
                format!(
                    "the variant `{name}::{}` no longer exists",
                    variant.rust_name
                ),
            ),
            Some(now) => compare_variant(&subject, variant, now, out),
        }
    }
    // The position of the last alternative both versions have: decoding
    // tries alternatives in order, so one added before it may take values
    // that decoded as an older one.
    let last_kept = new
        .variants
        .iter()
        .rposition(|v| old_variants.contains_key(v.rust_name.as_str()));
    for (position, variant) in new.variants.iter().enumerate() {
        if old_variants.contains_key(variant.rust_name.as_str()) {
            continue;
        }
        let ahead = last_kept.is_some_and(|last| position < last);
        let (impact, reason) = if usage.response && ahead {
            (
                Impact::Breaking,
                "it comes before older alternatives, so values that decoded as one of them may now decode as it",
            )
        } else if usage.response {
            (
                Impact::NonBreaking,
                "the enum is `#[non_exhaustive]` (matches already have a catch-all arm) and it comes last, so values decode as before",
            )
        } else {
            (Impact::NonBreaking, "a new alternative callers may send")
        };
        out.push(
            Section::Types,
            format!("{name}::{}", variant.rust_name),
            ChangeKind::VariantAdded,
            impact,
            format!(
                "variant `{}` added ({})",
                variant.rust_name,
                payload_shape(&variant.payload)
            ),
            reason,
        );
    }
    let order = |variants: &[OneOfVariant], other: &BTreeMap<&str, &OneOfVariant>| {
        variants
            .iter()
            .filter(|v| other.contains_key(v.rust_name.as_str()))
            .map(|v| v.rust_name.clone())
            .collect::<Vec<_>>()
    };
    let (old_order, new_order) = (
        order(&old.variants, &new_variants),
        order(&new.variants, &old_variants),
    );
    if old_order != new_order {
        let impact = if usage.response {
            Impact::Breaking
        } else {
            Impact::NonBreaking
        };
        out.push(
            Section::Types,
            name,
            ChangeKind::VariantsReordered,
            impact,
            format!(
                "variants reordered: ({}) -> ({})",
                old_order.join(", "),
                new_order.join(", ")
            ),
            "decoding tries the variants in order, so a value may decode as another one",
        );
    }
}

fn by_name(variants: &[OneOfVariant]) -> BTreeMap<&str, &OneOfVariant> {
    variants.iter().map(|v| (v.rust_name.as_str(), v)).collect()
}

/// `String`, or `{ agent_id: String }`.
fn payload_shape(payload: &VariantPayload) -> String {
    match payload {
        VariantPayload::Newtype(ty) => format!("`{}`", rust_type(ty)),
        VariantPayload::Struct(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.rust_name, field_type(f)))
                .collect();
            format!("`{{ {} }}`", fields.join(", "))
        }
    }
}

/// How a variant field is written in Rust, as the emitter spells it.
fn field_type(field: &Field) -> String {
    codegen::emit::spelling::field_text(field)
}

/// Whether two variants are written the same, documentation aside.
pub(super) fn same_variant(a: &OneOfVariant, b: &OneOfVariant) -> bool {
    a.rust_name == b.rust_name && same_payload(&a.payload, &b.payload)
}

fn same_payload(a: &VariantPayload, b: &VariantPayload) -> bool {
    match (a, b) {
        (VariantPayload::Newtype(a), VariantPayload::Newtype(b)) => a == b,
        (VariantPayload::Struct(a), VariantPayload::Struct(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_field(x, y))
        }
        _ => false,
    }
}

fn compare_variant(subject: &str, old: &OneOfVariant, new: &OneOfVariant, out: &mut Changes) {
    out.description(
        Section::Types,
        subject,
        "description",
        &old.description,
        &new.description,
    );
    if same_payload(&old.payload, &new.payload) {
        if let (VariantPayload::Struct(was), VariantPayload::Struct(now)) =
            (&old.payload, &new.payload)
        {
            for (was, now) in was.iter().zip(now) {
                let field = format!("{subject}.{}", now.rust_name);
                out.description(
                    Section::Types,
                    field,
                    "description",
                    &was.description,
                    &now.description,
                );
            }
        }
        return;
    }
    out.push(
        Section::Types,
        subject,
        ChangeKind::VariantChanged,
        Impact::Breaking,
        format!(
            "holds {} instead of {}",
            payload_shape(&new.payload),
            payload_shape(&old.payload)
        ),
        "code that builds or matches the variant must change",
    );
}

//! Changes to the enums of alternatives (`oneOf` / `anyOf`): their
//! variants, what each holds, the order decoding tries them in, and the
//! discriminator that tags them.
//!
//! An untagged enum is decoded by trying its alternatives in order and has
//! no `Unknown` variant, so for code that reads it a new variant breaks
//! decoding when it comes before older ones (a value may now decode as
//! it), and so does a new order; added last it is not breaking (the enum is
//! `#[non_exhaustive]`). A tagged enum (with a `discriminator`) is decoded
//! by the value of its tag property, and a tag it does not know decodes to
//! its `Unknown` variant: new variants and new tag values are not breaking
//! wherever they come, and neither is a new order; a removed tag value, a
//! tag value that now selects another variant, a variant sent with another
//! tag, and gaining, losing or changing the discriminator are.

use std::collections::BTreeMap;

use super::types::same_field;
use super::usage::Usage;
use super::{rust_type, ChangeKind, Changes, Impact, Section};
use codegen::ir::{Discriminator, Field, OneOfDef, OneOfVariant, VariantPayload};

/// Compares two versions of an enum of alternatives, tagged or not.
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
    // Both tagged by the same property: decoding follows the tag, never
    // the order of the alternatives.
    let tagged = match (&old.discriminator, &new.discriminator) {
        (Some(was), Some(now)) => was.property == now.property,
        _ => false,
    };
    compare_discriminator(old, new, out);
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
        let (impact, reason) = if tagged {
            (
                Impact::NonBreaking,
                "decoding follows the tag, and values with its tag decoded as the `Unknown` variant before; the enum is `#[non_exhaustive]`",
            )
        } else if usage.response && ahead {
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
                "variant `{}` added ({}){}",
                variant.rust_name,
                payload_shape(&variant.payload),
                tags_of(new, position)
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
        let (impact, reason) = if tagged {
            (
                Impact::NonBreaking,
                "decoding follows the tag, not the order of the variants",
            )
        } else if usage.response {
            (
                Impact::Breaking,
                "decoding tries the variants in order, so a value may decode as another one",
            )
        } else {
            (
                Impact::NonBreaking,
                "decoding tries the variants in order, so a value may decode as another one; callers only build the type",
            )
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
            reason,
        );
    }
}

/// The tag values of a discriminator with the Rust name of the variant
/// each selects.
fn tag_map<'a>(def: &'a OneOfDef, discriminator: &'a Discriminator) -> BTreeMap<&'a str, &'a str> {
    discriminator
        .tags
        .iter()
        .filter_map(|(tag, index)| {
            let variant = def.variants.get(*index)?;
            Some((tag.as_str(), variant.rust_name.as_str()))
        })
        .collect()
}

/// The tag a variant is written with: its first in the discriminator.
fn sent_tag<'a>(
    def: &'a OneOfDef,
    discriminator: &'a Discriminator,
    variant: &str,
) -> Option<&'a str> {
    discriminator
        .tags
        .iter()
        .find(|(_, index)| {
            def.variants
                .get(*index)
                .is_some_and(|v| v.rust_name == variant)
        })
        .map(|(tag, _)| tag.as_str())
}

/// The tags of the variant at `position` of a tagged enum, for its
/// message (``, tag `circle` ``); nothing for an untagged one.
fn tags_of(def: &OneOfDef, position: usize) -> String {
    let Some(discriminator) = &def.discriminator else {
        return String::new();
    };
    let tags: Vec<String> = discriminator
        .tags
        .iter()
        .filter(|(_, index)| *index == position)
        .map(|(tag, _)| format!("`{tag}`"))
        .collect();
    match tags.len() {
        0 => ", sent without a tag".to_owned(),
        1 => format!(", tag {}", tags[0]),
        _ => format!(", tags {}", tags.join(", ")),
    }
}

/// `` `kind` (tags `created`, `deleted`) ``.
fn describe(discriminator: &Discriminator) -> String {
    let tags: Vec<String> = discriminator
        .tags
        .iter()
        .map(|(tag, _)| format!("`{tag}`"))
        .collect();
    if tags.is_empty() {
        format!("`{}` (no tags)", discriminator.property)
    } else {
        format!("`{}` (tags {})", discriminator.property, tags.join(", "))
    }
}

/// Whether two enums of alternatives are tagged alike: the same property,
/// the same tag values selecting the same variants (by name), the same
/// `Unknown` variant.
pub(super) fn same_discriminator(a: &OneOfDef, b: &OneOfDef) -> bool {
    match (&a.discriminator, &b.discriminator) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            x.property == y.property
                && x.unknown == y.unknown
                && x.tags.len() == y.tags.len()
                && x.tags
                    .iter()
                    .zip(&y.tags)
                    .all(|((tag_x, index_x), (tag_y, index_y))| {
                        tag_x == tag_y
                            && a.variants.get(*index_x).map(|v| &v.rust_name)
                                == b.variants.get(*index_y).map(|v| &v.rust_name)
                    })
        }
        _ => false,
    }
}

/// The discriminator: gained, lost or on another property; then, when
/// both versions are tagged by one property, its tag values by the variant
/// each selects. Tags of variants that are removed or added are in the
/// report of those variants.
fn compare_discriminator(old: &OneOfDef, new: &OneOfDef, out: &mut Changes) {
    let name = new.name.as_str();
    let (was, now) = match (&old.discriminator, &new.discriminator) {
        (None, None) => return,
        (None, Some(now)) => {
            out.push(
                Section::Types,
                name,
                ChangeKind::DiscriminatorChanged,
                Impact::Breaking,
                format!("now tagged by {}", describe(now)),
                format!(
                    "values are decoded by their tag instead of by trying the variants in order, and written with it; unknown tags decode to the new variant `{name}::{}`",
                    now.unknown
                ),
            );
            return;
        }
        (Some(was), None) => {
            out.push(
                Section::Types,
                name,
                ChangeKind::DiscriminatorChanged,
                Impact::Breaking,
                format!("no longer tagged by {}: untagged", describe(was)),
                format!(
                    "the variant `{name}::{}` and `{name}::tag()` no longer exist, and values are decoded by trying the variants in order",
                    was.unknown
                ),
            );
            return;
        }
        (Some(was), Some(now)) => (was, now),
    };
    if was.property != now.property {
        out.push(
            Section::Types,
            name,
            ChangeKind::DiscriminatorChanged,
            Impact::Breaking,
            format!("tagged by `{}` instead of `{}`", now.property, was.property),
            "values are decoded and written by another property",
        );
        return;
    }
    if was.unknown != now.unknown {
        out.push(
            Section::Types,
            format!("{name}::{}", was.unknown),
            ChangeKind::DiscriminatorChanged,
            Impact::Breaking,
            format!(
                "the variant for unknown tags is `{}` instead of `{}`",
                now.unknown, was.unknown
            ),
            format!("the variant `{name}::{}` no longer exists", was.unknown),
        );
    }
    let old_variants = by_name(&old.variants);
    let new_variants = by_name(&new.variants);
    let old_tags = tag_map(old, was);
    let new_tags = tag_map(new, now);
    for (tag, variant) in &old_tags {
        if !new_variants.contains_key(variant) {
            continue;
        }
        match new_tags.get(tag) {
            Some(selected) if selected == variant => {}
            Some(selected) => out.push(
                Section::Types,
                name,
                ChangeKind::DiscriminatorChanged,
                Impact::Breaking,
                format!("tag `{tag}` selects `{selected}` instead of `{variant}`"),
                format!("values tagged `{tag}` decode as `{name}::{selected}` instead of `{name}::{variant}`"),
            ),
            None => out.push(
                Section::Types,
                name,
                ChangeKind::DiscriminatorValueRemoved,
                Impact::Breaking,
                format!("tag `{tag}` (of `{variant}`) removed"),
                format!(
                    "values tagged `{tag}` decode as `{name}::{}` instead of `{name}::{variant}`",
                    now.unknown
                ),
            ),
        }
    }
    for (tag, variant) in &new_tags {
        if old_tags.contains_key(tag) || !old_variants.contains_key(variant) {
            continue;
        }
        out.push(
            Section::Types,
            name,
            ChangeKind::DiscriminatorValueAdded,
            Impact::NonBreaking,
            format!("tag `{tag}` (of `{variant}`) added"),
            format!(
                "values tagged `{tag}` decoded as `{name}::{}` before; the enum's variants are unchanged",
                was.unknown
            ),
        );
    }
    for variant in &old.variants {
        let variant = variant.rust_name.as_str();
        if !new_variants.contains_key(variant) {
            continue;
        }
        let (before, after) = (sent_tag(old, was, variant), sent_tag(new, now, variant));
        if before != after {
            let show =
                |tag: Option<&str>| tag.map_or("no tag".to_owned(), |t| format!("the tag `{t}`"));
            out.push(
                Section::Types,
                format!("{name}::{variant}"),
                ChangeKind::DiscriminatorChanged,
                Impact::Breaking,
                format!("written with {} instead of {}", show(after), show(before)),
                format!("the same value is sent with another tag, and `{name}::tag()` returns it"),
            );
        }
    }
}

fn by_name(variants: &[OneOfVariant]) -> BTreeMap<&str, &OneOfVariant> {
    variants.iter().map(|v| (v.rust_name.as_str(), v)).collect()
}

/// `String`, `{ agent_id: String }`, or nothing (a unit variant).
fn payload_shape(payload: &VariantPayload) -> String {
    match payload {
        VariantPayload::Newtype(ty) => format!("`{}`", rust_type(ty)),
        VariantPayload::Struct(fields) if fields.is_empty() => {
            "nothing (a unit variant)".to_owned()
        }
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
    codegen::spelling::field_text(field)
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

//! Changes to the generated types: structs and their fields (the map of
//! additional properties among them), open enums, the type of their values
//! and the values, aliases.
//!
//! Types are matched by Rust name and fields by wire name. A removed and an
//! added type of the same shape, or a removed and an added field of the same
//! type, look like a rename and are reported as one.

use std::collections::{BTreeMap, BTreeSet};

use super::unions;
use super::usage::{usages, Usage};
use super::{rust_type, ChangeKind, Changes, Impact, Section};
use codegen::ir::{AliasDef, Api, EnumDef, EnumRepr, Field, FieldKind, StructDef, TypeDef};

/// Compares the types of two APIs.
pub(super) fn compare(old: &Api, new: &Api, out: &mut Changes) {
    let old_usage = usages(old);
    let new_usage = usages(new);
    let usage = |name: &str| {
        let of = |map: &BTreeMap<String, Usage>| map.get(name).copied().unwrap_or_default();
        of(&old_usage).or(of(&new_usage))
    };
    let renamed = pair_renamed(old, new);
    let renamed_targets: BTreeSet<&str> = renamed.values().copied().collect();
    let names: BTreeSet<&str> = old
        .types
        .keys()
        .chain(new.types.keys())
        .map(String::as_str)
        .collect();
    for name in names {
        match (old.types.get(name), new.types.get(name)) {
            (Some(was), Some(now)) => compare_type(name, was, now, usage(name), out),
            (Some(_), None) => match renamed.get(name) {
                Some(target) => out.push(
                    Section::Types,
                    name,
                    ChangeKind::TypeRenamed,
                    Impact::Breaking,
                    format!("renamed `{target}` (same shape)"),
                    format!("the type `{name}` no longer exists"),
                ),
                None => out.push(
                    Section::Types,
                    name,
                    ChangeKind::TypeRemoved,
                    Impact::Breaking,
                    format!("{} removed", kind_name_of(old.types.get(name))),
                    format!("the type `{name}` no longer exists"),
                ),
            },
            (None, Some(def)) if !renamed_targets.contains(name) => out.push(
                Section::Types,
                name,
                ChangeKind::TypeAdded,
                Impact::NonBreaking,
                format!("{} added", kind_name(def)),
                format!("a new type `{name}`"),
            ),
            _ => {}
        }
    }
}

/// Removed types paired with an added type of the same shape, by name.
fn pair_renamed<'a>(old: &'a Api, new: &'a Api) -> BTreeMap<&'a str, &'a str> {
    let mut pairs = BTreeMap::new();
    let mut claimed = BTreeSet::new();
    for (name, def) in &old.types {
        if new.types.contains_key(name) {
            continue;
        }
        let twin = new.types.iter().find(|(candidate, candidate_def)| {
            !old.types.contains_key(*candidate)
                && !claimed.contains(candidate.as_str())
                && same_shape(def, candidate_def)
        });
        if let Some((twin, _)) = twin {
            claimed.insert(twin.as_str());
            pairs.insert(name.as_str(), twin.as_str());
        }
    }
    pairs
}

/// Whether two types would be written the same apart from their names and
/// documentation.
fn same_shape(a: &TypeDef, b: &TypeDef) -> bool {
    match (a, b) {
        (TypeDef::Struct(a), TypeDef::Struct(b)) => {
            a.fields.len() == b.fields.len()
                && a.fields
                    .iter()
                    .zip(&b.fields)
                    .all(|(x, y)| same_field(x, y))
        }
        (TypeDef::OneOf(a), TypeDef::OneOf(b)) => {
            a.variants.len() == b.variants.len()
                && a.variants
                    .iter()
                    .zip(&b.variants)
                    .all(|(x, y)| unions::same_variant(x, y))
                && unions::same_discriminator(a, b)
        }
        (TypeDef::Enum(a), TypeDef::Enum(b)) => {
            a.repr == b.repr
                && a.variants
                    .iter()
                    .map(|v| &v.wire_name)
                    .eq(b.variants.iter().map(|v| &v.wire_name))
        }
        (TypeDef::Alias(a), TypeDef::Alias(b)) => a.target == b.target,
        (TypeDef::Null(_), TypeDef::Null(_)) => true,
        _ => false,
    }
}

/// Whether two fields are written the same, documentation aside.
pub(super) fn same_field(a: &Field, b: &Field) -> bool {
    (&a.wire_name, &a.rust_name, &a.ty, a.required, a.kind)
        == (&b.wire_name, &b.rust_name, &b.ty, b.required, b.kind)
}

fn kind_name(def: &TypeDef) -> &'static str {
    match def {
        TypeDef::Struct(_) => "struct",
        TypeDef::Enum(_) => "enum",
        TypeDef::Alias(_) => "type alias",
        TypeDef::OneOf(def) if def.discriminator.is_some() => "tagged enum",
        TypeDef::OneOf(_) => "untagged enum",
        TypeDef::Null(_) => "null struct",
    }
}

fn kind_name_of(def: Option<&TypeDef>) -> &'static str {
    def.map_or("type", kind_name)
}

/// Compares one type found in both APIs.
fn compare_type(name: &str, old: &TypeDef, new: &TypeDef, usage: Usage, out: &mut Changes) {
    match (old, new) {
        (TypeDef::Struct(was), TypeDef::Struct(now)) => compare_struct(was, now, usage, out),
        (TypeDef::Enum(was), TypeDef::Enum(now)) => compare_enum(was, now, usage, out),
        (TypeDef::Alias(was), TypeDef::Alias(now)) => compare_alias(was, now, out),
        (TypeDef::OneOf(was), TypeDef::OneOf(now)) => unions::compare(was, now, usage, out),
        // One value, `null`, before and after: nothing to compare.
        (TypeDef::Null(_), TypeDef::Null(_)) => {}
        _ => out.push(
            Section::Types,
            name,
            ChangeKind::TypeKindChanged,
            Impact::Breaking,
            format!("{} -> {}", kind_name(old), kind_name(new)),
            "the type is written differently; code using it must change",
        ),
    }
}

/// Whether the crate writes the field as an `Option`.
fn is_optional(field: &Field) -> bool {
    codegen::spelling::is_optional(field)
}

/// The field's Rust type (`Option<String>`, `i64`), as the emitter spells it.
fn field_type(field: &Field) -> String {
    codegen::spelling::field_text(field)
}

fn compare_struct(old: &StructDef, new: &StructDef, usage: Usage, out: &mut Changes) {
    let name = new.name.as_str();
    let subject = |field: &Field| format!("{name}.{}", field.rust_name);
    let old_fields: BTreeMap<&str, &Field> = by_wire(&old.fields);
    let new_fields: BTreeMap<&str, &Field> = by_wire(&new.fields);

    out.description(
        Section::Types,
        name,
        "description",
        &old.description,
        &new.description,
    );
    if old.aliases != new.aliases {
        out.push(
            Section::Types,
            name,
            ChangeKind::DocAliasesChanged,
            Impact::NonBreaking,
            format!(
                "doc aliases [{}] -> [{}]",
                sdk_names(&old.aliases),
                sdk_names(&new.aliases)
            ),
            "documentation only (`#[doc(alias)]` and the docs that name the SDKs)",
        );
    }

    let removed: Vec<&Field> = old
        .fields
        .iter()
        .filter(|f| !new_fields.contains_key(f.wire_name.as_str()))
        .collect();
    let added: Vec<&Field> = new
        .fields
        .iter()
        .filter(|f| !old_fields.contains_key(f.wire_name.as_str()))
        .collect();
    let renamed = crate::rename::pair_fields(&removed, &added);
    let claimed: BTreeSet<&str> = renamed.values().map(|f| f.wire_name.as_str()).collect();

    for field in &old.fields {
        if let Some(now) = new_fields.get(field.wire_name.as_str()) {
            compare_field(name, field, now, usage, out);
        } else if let Some(twin) = renamed.get(field.wire_name.as_str()) {
            let required = if is_optional(field) == is_optional(twin) {
                String::new()
            } else if is_optional(twin) {
                ", now optional".to_owned()
            } else {
                ", now required".to_owned()
            };
            out.push(
                Section::Types,
                subject(field),
                ChangeKind::FieldRenamed,
                Impact::Breaking,
                format!(
                    "`{}` looks renamed `{}` (field `{}`, same type `{}`{required})",
                    field.wire_name,
                    twin.wire_name,
                    twin.rust_name,
                    rust_type(&twin.ty)
                ),
                format!("the field `{}` no longer exists", field.rust_name),
            );
        } else if field.kind == FieldKind::Additional {
            out.push(
                Section::Types,
                subject(field),
                ChangeKind::FieldRemoved,
                Impact::Breaking,
                format!("map of additional properties `{}` removed", field.rust_name),
                format!(
                    "the field `{}` no longer exists; properties the schema does not name are dropped",
                    field.rust_name
                ),
            );
        } else {
            out.push(
                Section::Types,
                subject(field),
                ChangeKind::FieldRemoved,
                Impact::Breaking,
                format!("field `{}` removed", field.wire_name),
                format!("the field `{}` no longer exists", field.rust_name),
            );
        }
    }
    for field in &new.fields {
        if old_fields.contains_key(field.wire_name.as_str())
            || claimed.contains(field.wire_name.as_str())
        {
            continue;
        }
        if field.kind == FieldKind::Additional {
            out.push(
                Section::Types,
                subject(field),
                ChangeKind::FieldAdded,
                Impact::NonBreaking,
                format!(
                    "map of additional properties `{}: {}` added",
                    field.rust_name,
                    rust_type(&field.ty)
                ),
                "a new map that starts empty (`new` and `Default` are unchanged); properties the schema does not name are kept instead of dropped",
            );
            continue;
        }
        // `new` takes every required field, nullable ones too (as an
        // `Option`): only a field that is not required starts as `None`.
        let (impact, what, reason) = if !field.required {
            (
                Impact::NonBreaking,
                "optional",
                format!("a new `{}` field that starts as `None`", field_type(field)),
            )
        } else if usage.built_by_callers() {
            (
                Impact::Breaking,
                "required",
                format!(
                    "`{name}::new` takes a new argument `{}: {}`",
                    field.rust_name,
                    field_type(field)
                ),
            )
        } else {
            (
                Impact::NonBreaking,
                "required",
                format!("`{name}` is only read from responses; readers gain a field"),
            )
        };
        out.push(
            Section::Types,
            subject(field),
            ChangeKind::FieldAdded,
            impact,
            format!(
                "{what} field `{}: {}` added",
                field.wire_name,
                rust_type(&field.ty)
            ),
            reason,
        );
    }

    let old_order = constructor(&old.fields, &new_fields);
    let new_order = constructor(&new.fields, &old_fields);
    if old_order != new_order {
        out.push(
            Section::Types,
            name,
            ChangeKind::ConstructorReordered,
            Impact::Breaking,
            format!(
                "required fields reordered: ({}) -> ({})",
                old_order.join(", "),
                new_order.join(", ")
            ),
            format!("`{name}::new` takes its arguments in another order"),
        );
    }
}

/// Whether `new` takes the field as an argument: a required property (the
/// map of additional properties starts empty).
fn is_argument(field: &Field) -> bool {
    field.required && field.kind != FieldKind::Additional
}

/// The wire names of the fields `new` takes, among those it takes in both
/// versions, in order.
fn constructor<'a>(fields: &'a [Field], other: &BTreeMap<&str, &Field>) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|f| is_argument(f))
        .filter(|f| {
            other
                .get(f.wire_name.as_str())
                .is_some_and(|o| is_argument(o))
        })
        .map(|f| f.wire_name.as_str())
        .collect()
}

fn by_wire(fields: &[Field]) -> BTreeMap<&str, &Field> {
    fields.iter().map(|f| (f.wire_name.as_str(), f)).collect()
}

fn compare_field(owner: &str, old: &Field, new: &Field, usage: Usage, out: &mut Changes) {
    let subject = format!("{owner}.{}", new.rust_name);
    if old.rust_name != new.rust_name {
        out.push(
            Section::Types,
            format!("{owner}.{}", old.rust_name),
            ChangeKind::FieldRenamed,
            Impact::Breaking,
            format!(
                "Rust field `{}` -> `{}` (wire name `{}`)",
                old.rust_name, new.rust_name, new.wire_name
            ),
            format!("the field `{}` no longer exists", old.rust_name),
        );
    }
    if old.kind != new.kind {
        let what = match new.kind {
            FieldKind::Flatten => "now flattened into its struct",
            FieldKind::Property => "no longer flattened: now a property of its own",
            FieldKind::Additional => "now the map of additional properties",
        };
        out.push(
            Section::Types,
            subject.clone(),
            ChangeKind::FieldKindChanged,
            Impact::Breaking,
            what,
            "the field is written differently on the wire",
        );
    }
    if old.ty != new.ty {
        out.push(
            Section::Types,
            subject.clone(),
            ChangeKind::FieldTypeChanged,
            Impact::Breaking,
            format!("type `{}` -> `{}`", rust_type(&old.ty), rust_type(&new.ty)),
            "the field's type changes",
        );
    }
    if old.required != new.required {
        let (before, after) = (field_type(old), field_type(new));
        let what = if new.required {
            "now required"
        } else {
            "now optional"
        };
        if before == after && !usage.built_by_callers() {
            out.push(
                Section::Types,
                subject.clone(),
                ChangeKind::FieldRequiredChanged,
                Impact::NonBreaking,
                what,
                format!(
                    "the field is nullable, so it stays `{after}`, and callers only read the type"
                ),
            );
        } else {
            let constructor = match (usage.built_by_callers(), !new.required) {
                (false, _) => String::new(),
                (true, false) => format!(", and `{owner}::new` takes it as an argument"),
                (true, true) => format!(", and `{owner}::new` no longer takes it"),
            };
            out.push(
                Section::Types,
                subject.clone(),
                ChangeKind::FieldRequiredChanged,
                Impact::Breaking,
                what,
                format!("the field changes from `{before}` to `{after}`{constructor}"),
            );
        }
    }
    if old.format != new.format {
        let show = |format: &Option<String>| {
            format
                .as_deref()
                .map_or("none".to_owned(), |f| format!("`{f}`"))
        };
        out.push(
            Section::Types,
            subject.clone(),
            ChangeKind::FieldFormatChanged,
            Impact::NonBreaking,
            format!("format {} -> {}", show(&old.format), show(&new.format)),
            "documentation only (the field's doc comment)",
        );
    }
    out.description(
        Section::Types,
        subject,
        "description",
        &old.description,
        &new.description,
    );
}

fn compare_enum(old: &EnumDef, new: &EnumDef, usage: Usage, out: &mut Changes) {
    let name = new.name.as_str();
    let new_values: BTreeMap<&str, &str> = new
        .variants
        .iter()
        .map(|v| (v.wire_name.as_str(), v.rust_name.as_str()))
        .collect();
    let old_values: BTreeMap<&str, &str> = old
        .variants
        .iter()
        .map(|v| (v.wire_name.as_str(), v.rust_name.as_str()))
        .collect();
    out.description(
        Section::Types,
        name,
        "description",
        &old.description,
        &new.description,
    );
    if old.repr != new.repr {
        let reason = if json_kind(old.repr) == json_kind(new.repr) {
            format!(
                "`{name}::value()` and `{name}::Unknown` hold `{}` instead of `{}`",
                repr_type(new.repr),
                repr_type(old.repr)
            )
        } else {
            format!(
                "the values are written as JSON {}s instead of {}s, and the enum's methods and `Unknown` hold `{}` instead of `{}`",
                json_kind(new.repr),
                json_kind(old.repr),
                repr_type(new.repr),
                repr_type(old.repr)
            )
        };
        out.push(
            Section::Types,
            name,
            ChangeKind::EnumReprChanged,
            Impact::Breaking,
            if json_kind(old.repr) == json_kind(new.repr) {
                format!(
                    "values are `{}` instead of `{}`",
                    repr_type(new.repr),
                    repr_type(old.repr)
                )
            } else {
                format!(
                    "values are {} instead of {}",
                    repr_name(new.repr),
                    repr_name(old.repr)
                )
            },
            reason,
        );
    }
    for variant in &old.variants {
        match new_values.get(variant.wire_name.as_str()) {
            None => {
                let sent = if usage.request {
                    "; requests can no longer send it"
                } else {
                    ""
                };
                out.push(
                    Section::Types,
                    name,
                    ChangeKind::EnumValueRemoved,
                    Impact::Breaking,
                    format!("value `{}` removed", variant.wire_name),
                    format!(
                        "the variant `{name}::{}` no longer exists{sent}",
                        variant.rust_name
                    ),
                );
            }
            Some(rust_name) if *rust_name != variant.rust_name => out.push(
                Section::Types,
                name,
                ChangeKind::EnumVariantRenamed,
                Impact::Breaking,
                format!(
                    "value `{}`: variant `{}` -> `{rust_name}`",
                    variant.wire_name, variant.rust_name
                ),
                format!(
                    "the variant `{name}::{}` no longer exists",
                    variant.rust_name
                ),
            ),
            Some(_) => {}
        }
    }
    for variant in &new.variants {
        if !old_values.contains_key(variant.wire_name.as_str()) {
            out.push(
                Section::Types,
                name,
                ChangeKind::EnumValueAdded,
                Impact::NonBreaking,
                format!("value `{}` added", variant.wire_name),
                format!(
                    "a new variant `{name}::{}`; the enum is open, older crates read the value as `Unknown`",
                    variant.rust_name
                ),
            );
        }
    }
}

/// `strings`, `integers (`i32`)`, `numbers (`f64`)`.
fn repr_name(repr: EnumRepr) -> String {
    match repr {
        EnumRepr::String => "strings".to_owned(),
        _ => format!("{}s (`{}`)", json_kind(repr), repr_type(repr)),
    }
}

/// What JSON writes a value as: `string`, `integer`, `number`.
fn json_kind(repr: EnumRepr) -> &'static str {
    match repr {
        EnumRepr::String => "string",
        EnumRepr::Integer(_) => "integer",
        EnumRepr::Number(_) => "number",
    }
}

/// The Rust type of the values: `String`, `i64`, `f32`.
fn repr_type(repr: EnumRepr) -> &'static str {
    match repr {
        EnumRepr::String => "String",
        EnumRepr::Integer(int) => int.rust(),
        EnumRepr::Number(float) => float.rust(),
    }
}

fn compare_alias(old: &AliasDef, new: &AliasDef, out: &mut Changes) {
    let name = new.name.as_str();
    if old.target != new.target {
        out.push(
            Section::Types,
            name,
            ChangeKind::AliasTargetChanged,
            Impact::Breaking,
            format!(
                "alias of `{}` -> `{}`",
                rust_type(&old.target),
                rust_type(&new.target)
            ),
            "the type it stands for changes",
        );
    }
    out.description(
        Section::Types,
        name,
        "description",
        &old.description,
        &new.description,
    );
}

/// `x-sdk-names` as the diff shows them: `Body15 (brevo-ruby 4.0.0), Body8`.
fn sdk_names(names: &[codegen::ir::SdkName]) -> String {
    names
        .iter()
        .map(|alias| match &alias.used_by {
            Some(sdk) => format!("{} ({sdk})", alias.name),
            None => alias.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

//! The user program's part for the generated types: one function per type,
//! `uses_of_<Type>`, taking a value to read and building others.

use codegen::ir::{
    AliasDef, Api, EnumDef, EnumRepr, FieldKind, NullDef, OneOfDef, StructDef, TypeRef,
    VariantPayload,
};
use codegen::spelling::{text, type_tokens, Scope};

use super::{line, round_trip, spell, Slot};

/// A struct: built with `new` (its required fields, in order; a required
/// nullable field is an `Option` argument) or `Default::default()` when no
/// field is required, every field assigned and read, a struct pattern with
/// `..`, a JSON round trip.
pub fn structure(out: &mut String, api: &Api, def: &StructDef) {
    let name = &def.name;
    line(
        out,
        format!("\npub fn uses_of_{name}(value: types::{name}) {{"),
    );
    // Callers build only request types: a type only read from responses
    // may gain a required field in a compatible release, which changes its
    // `new` and `Default` (see `api_diff::built_by_callers`).
    let builds = api_diff::built_by_callers(api).contains(name);
    if builds {
        // `Default` when `new` would take nothing: every field optional
        // but the map of additional properties, which starts empty.
        if def
            .fields
            .iter()
            .all(|f| !f.required || f.kind == FieldKind::Additional)
        {
            line(
                out,
                format!("    let mut built: types::{name} = Default::default();"),
            );
        } else {
            let args: Vec<String> = def
                .fields
                .iter()
                // The map of additional properties starts empty: not an
                // argument.
                .filter(|f| f.required && f.kind != FieldKind::Additional)
                .map(|f| match f.ty {
                    // `new` takes `impl Into<String>`: users pass text.
                    TypeRef::String => "\"text\"".to_owned(),
                    _ => format!(
                        "any::<{}>()",
                        spell(text(&type_tokens(&f.ty, Scope::Crate)))
                    ),
                })
                .collect();
            line(
                out,
                format!(
                    "    let mut built: types::{name} = types::{name}::new({});",
                    args.join(", ")
                ),
            );
        }
    }
    for field in &def.fields {
        let slot = Slot::field(api, field);
        if builds {
            line(
                out,
                format!("    built.{} = {};", field.rust_name, slot.value()),
            );
        }
        line(
            out,
            format!("    {}", slot.read(&format!("&value.{}", field.rust_name))),
        );
    }
    let bindings: Vec<&str> = def.fields.iter().map(|f| f.rust_name.as_str()).collect();
    line(out, "    {");
    line(
        out,
        format!(
            "        let types::{name} {{ {}.. }} = &value;",
            bindings
                .iter()
                .map(|b| format!("{b}, "))
                .collect::<String>()
        ),
    );
    for field in &def.fields {
        line(
            out,
            format!("        {}", Slot::field(api, field).read(&field.rust_name)),
        );
    }
    line(out, "    }");
    round_trip(out, &format!("types::{name}"), "value");
    line(out, "}");
}

/// A string enum: a `match` on every known variant, `Unknown(_)` and `_`;
/// each variant built; `From<&str>`, `as_str`, `Display`, `Hash`; a JSON
/// round trip.
pub fn string_enum(out: &mut String, def: &EnumDef) {
    let name = &def.name;
    // The type of the values: strings, or the number enum's Rust type.
    let (value_ty, hashable) = match def.repr {
        EnumRepr::String => ("String", true),
        EnumRepr::Integer(int) => (int.rust(), true),
        EnumRepr::Number(float) => (float.rust(), false),
    };
    let literal = |wire: &str| match def.repr {
        EnumRepr::String => format!("{wire:?}"),
        EnumRepr::Integer(_) => wire.to_owned(),
        EnumRepr::Number(_) if wire.contains(['.', 'e', 'E']) => wire.to_owned(),
        EnumRepr::Number(_) => format!("{wire}.0"),
    };
    line(
        out,
        format!("\npub fn uses_of_{name}(value: types::{name}) {{"),
    );
    line(out, "    match &value {");
    for variant in &def.variants {
        line(
            out,
            format!("        types::{name}::{} => {{}}", variant.rust_name),
        );
    }
    line(
        out,
        format!("        types::{name}::Unknown(other) => {{ let _: &{value_ty} = other; }}"),
    );
    line(out, "        _ => {}");
    line(out, "    }");
    for variant in &def.variants {
        line(
            out,
            format!(
                "    let parsed: types::{name} = types::{name}::from({});",
                literal(&variant.wire_name)
            ),
        );
        line(
            out,
            format!(
                "    let built: types::{name} = types::{name}::{};",
                variant.rust_name
            ),
        );
    }
    if def.repr == EnumRepr::String {
        line(
            out,
            format!(
                "    let built: types::{name} = types::{name}::Unknown(String::from(\"other\"));"
            ),
        );
        line(out, "    let wire: &str = value.as_str();");
    } else {
        line(
            out,
            format!("    let wire: {value_ty} = value.clone().value();"),
        );
    }
    line(out, "    let shown: String = value.to_string();");
    if hashable {
        line(
            out,
            format!(
                "    let mut seen: std::collections::HashSet<types::{name}> = Default::default();"
            ),
        );
        line(out, "    seen.insert(value.clone());");
    }
    round_trip(out, &format!("types::{name}"), "value");
    line(out, "}");
}

/// An untagged enum: each variant built, a `match` over all of them with a
/// `_` arm that reads every payload, a JSON round trip.
pub fn untagged_enum(out: &mut String, api: &Api, def: &OneOfDef) {
    let name = &def.name;
    line(
        out,
        format!("\npub fn uses_of_{name}(value: types::{name}) {{"),
    );
    for variant in &def.variants {
        let built = match &variant.payload {
            VariantPayload::Newtype(ty) => format!("({})", Slot::payload(api, ty).value()),
            VariantPayload::Struct(fields) => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}: {}", f.rust_name, Slot::field(api, f).value()))
                    .collect();
                format!(" {{ {} }}", fields.join(", "))
            }
        };
        line(
            out,
            format!(
                "    let built: types::{name} = types::{name}::{}{built};",
                variant.rust_name
            ),
        );
    }
    line(out, "    match &value {");
    for variant in &def.variants {
        let (pattern, reads) = match &variant.payload {
            VariantPayload::Newtype(ty) => (
                "(payload)".to_owned(),
                Slot::payload(api, ty).read("payload"),
            ),
            VariantPayload::Struct(fields) => {
                let names: Vec<&str> = fields.iter().map(|f| f.rust_name.as_str()).collect();
                let reads: Vec<String> = fields
                    .iter()
                    .map(|f| Slot::field(api, f).read(&f.rust_name))
                    .collect();
                (format!(" {{ {} }}", names.join(", ")), reads.join(" "))
            }
        };
        line(
            out,
            format!(
                "        types::{name}::{}{pattern} => {{ {reads} }}",
                variant.rust_name
            ),
        );
    }
    line(out, "        _ => {}");
    line(out, "    }");
    round_trip(out, &format!("types::{name}"), "value");
    line(out, "}");
}

/// An alias: the same type as its target, both ways.
pub fn alias(out: &mut String, def: &AliasDef) {
    let name = &def.name;
    let target = spell(text(&type_tokens(&def.target, Scope::Crate)));
    line(
        out,
        format!("\npub fn uses_of_{name}(value: types::{name}) -> {target} {{"),
    );
    line(
        out,
        format!("    let back: types::{name} = any::<{target}>();"),
    );
    line(out, "    value");
    line(out, "}");
}

/// The always-null value: named as a unit value, compared, and taken apart
/// by a unit pattern.
pub fn null(out: &mut String, def: &NullDef) {
    let name = &def.name;
    line(
        out,
        format!("\npub fn uses_of_{name}(value: types::{name}) -> bool {{"),
    );
    line(out, format!("    let types::{name} = value;"));
    line(out, format!("    value == types::{name}"));
    line(out, "}");
}

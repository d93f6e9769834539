//! The user program: Rust source written against the crate generated from
//! one API, using that crate only in the ways a user may (its types are
//! `#[non_exhaustive]`). It is checked against the crate it was written for
//! and against the crate of a newer spec, always as the dependency `api`.
//!
//! Values come from `any::<T>()`: the program is compiled, never run, and
//! the turbofish pins each value to the exact type the old crate documents.
//!
//! A struct, untagged enum or alias held by value in a field or variant may
//! be in a `Box` (the emitter boxes what closes a cycle, which this program
//! does not work out again): such values are written `.into()` (`T` and
//! `Box<T>` both come from a `T`) and read through `Borrow<T>`, so the type
//! is still exact up to the `Box`. String enums hold nothing and are never
//! boxed.

use std::fmt::Write;

use codegen::ir::{Api, Field, Operation, TypeDef, TypeRef};
use codegen::spelling::{
    argument_tokens, body_argument_tokens, field_tokens, is_optional, return_tokens, text,
    type_tokens, Scope,
};

#[path = "program_types.rs"]
mod types;

/// The whole `src/lib.rs` of a user crate for `api`.
pub fn source(api: &Api, about: &str) -> String {
    let mut out = String::new();
    line(&mut out, format!("//! {about}"));
    out.push_str(PRELUDE);
    if !api.operations.is_empty() {
        client(&mut out, api);
        operations(&mut out, api);
        errors(&mut out, api);
    }
    for def in api.types.values() {
        match def {
            TypeDef::Struct(def) => types::structure(&mut out, api, def),
            TypeDef::Enum(def) => types::string_enum(&mut out, def),
            TypeDef::OneOf(def) => types::untagged_enum(&mut out, api, def),
            TypeDef::Alias(def) => types::alias(&mut out, def),
            TypeDef::Null(def) => types::null(&mut out, def),
        }
    }
    out
}

const PRELUDE: &str = r#"#![allow(dead_code, non_snake_case, unused_imports, unused_variables, clippy::all)]

use std::future::IntoFuture;

use api::types;
use api::Accepted;

/// A value of any type: the program is compiled, never run.
fn any<T>() -> T {
    unimplemented!()
}

/// Users spawn calls on multi-threaded runtimes.
fn assert_send<T: Send>(_: &T) {}

/// Users share one client between tasks.
fn assert_shared<T: Clone + Send + Sync + std::fmt::Debug>(_: &T) {}

/// What users do with values of the generated types: clone, compare,
/// print, send them to other threads, keep them.
fn assert_value<T: Clone + PartialEq + std::fmt::Debug + Send + Sync + 'static>(_: &T) {}

/// Errors go into `Box<dyn Error + Send + Sync>` and `anyhow`.
fn assert_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
"#;

/// Appends one line.
fn line(out: &mut String, text: impl AsRef<str>) {
    let _ = writeln!(out, "{}", text.as_ref());
}

/// A type as the user spells it: the crate's `types::Name` and runtime
/// items (`crate::FilePart`) through the dependency `api`.
fn spell(spelled: String) -> String {
    spelled.replace("crate::", "api::")
}

/// `client.rs`'s side of the spec: `Client::new` with the first credential
/// and every credential setter of the builder.
fn client(out: &mut String, api: &Api) {
    line(out, "\npub fn client() {");
    let key = if api.auth.is_empty() { "" } else { "\"key\"" };
    line(
        out,
        format!("    let client: Result<api::Client, api::Error> = api::Client::new({key});"),
    );
    line(
        out,
        "    let builder: api::ClientBuilder = api::Client::builder();",
    );
    for scheme in &api.auth {
        line(
            out,
            format!("    let builder = builder.{}(\"key\");", scheme.rust_name),
        );
    }
    line(
        out,
        "    let client: api::Client = builder.build().expect(\"a client\");",
    );
    line(out, "    assert_shared(&client);");
    line(out, "}");
}

/// Every operation called with its required inputs of the old types and
/// every optional one set, its result bound to the old return type; sent
/// with the response too, and the heartbeat starters.
fn operations(out: &mut String, api: &Api) {
    line(out, "\npub async fn operations(client: &api::Client) {");
    for op in &api.operations {
        let (args, setters) = arguments(op);
        let args = args.join(", ");
        let setters = setters.concat();
        let output = spell(text(&return_tokens(op, Scope::Crate)));
        // Through the group's handle, where the crate has methods by group.
        let name = match &op.group_method {
            Some(method) => format!("{}().{}", method.accessor, method.name),
            None => op.method_name.clone(),
        };
        line(
            out,
            format!("    let call = client.{name}({args}){setters}.into_future();"),
        );
        line(out, "    assert_send(&call);");
        line(
            out,
            format!("    let result: Result<{output}, api::Error> = call.await;"),
        );
        line(
            out,
            format!(
                "    let result: Result<api::ApiResponse<{output}>, api::Error> = client.{name}({args}){setters}.send_with_response().await;"
            ),
        );
        line(
            out,
            format!("    if let Ok(response) = result {{ let status: u16 = response.status.as_u16(); let body: {output} = response.body; }}"),
        );
        heartbeat(out, op);
    }
    line(out, "}");
}

/// The heartbeat starters of `op`, when it has some: `keep_..` and
/// `keep_.._with`.
fn heartbeat(out: &mut String, op: &Operation) {
    let Some(heartbeat) = &op.heartbeat else {
        return;
    };
    let body: Vec<String> = op
        .body
        .iter()
        .map(|body| {
            let ty = type_tokens(&body.ty, Scope::Crate);
            format!("any::<{}>()", spell(text(&ty)))
        })
        .collect();
    let mut with_config = body.clone();
    with_config.push("any::<api::HeartbeatConfig>()".to_owned());
    let method = &heartbeat.method_name;
    let on = op
        .group_method
        .as_ref()
        .map_or_else(String::new, |grouped| format!("{}().", grouped.accessor));
    for (name, args) in [
        (format!("{on}{method}"), body),
        (format!("{on}{method}_with"), with_config),
    ] {
        line(
            out,
            format!(
                "    let heartbeat: Result<api::Heartbeat, api::Error> = client.{name}({});",
                args.join(", ")
            ),
        );
    }
}

/// `any::<T>()` for each required input of `op`, in order (parameters,
/// then the body), and `.name(any::<T>())` for each optional one.
fn arguments(op: &Operation) -> (Vec<String>, Vec<String>) {
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        let ty = argument_tokens(&param.ty, true, Scope::Crate);
        let value = format!("any::<{}>()", spell(text(&ty)));
        if param.required {
            args.push(value);
        } else {
            setters.push(format!(".{}({value})", param.rust_name));
        }
    }
    if let Some(body) = &op.body {
        let required = codegen::ir::Body {
            required: true,
            ..body.clone()
        };
        let ty = body_argument_tokens(&required, Scope::Crate);
        let value = format!("any::<{}>()", spell(text(&ty)));
        if body.required {
            args.push(value);
        } else {
            // The body's setter is `body` unless a parameter has that name.
            let setter = if op.params.iter().any(|p| p.rust_name == "body") {
                "body_"
            } else {
                "body"
            };
            setters.push(format!(".{setter}({value})"));
        }
    }
    (args, setters)
}

/// The decoded error body of `Error::Api`: the crate's `ErrorBody`, and
/// the variant of the spec's error type when an operation documents it.
fn errors(out: &mut String, api: &Api) {
    let documented = api.error_type.as_deref().filter(|name| {
        api.operations.iter().any(|op| {
            op.errors
                .iter()
                .any(|e| matches!(&e.ty, Some(TypeRef::Named(n)) if n == name))
        })
    });
    line(out, "\npub fn errors(error: api::Error) {");
    line(out, "    assert_error(&error);");
    line(out, "    let shown: String = error.to_string();");
    line(out, "    if let api::Error::Api(failure) = &error {");
    line(
        out,
        "        let body: &Option<api::ErrorBody> = &failure.error;",
    );
    if let Some(name) = documented {
        line(
            out,
            format!("        if let Some(api::ErrorBody::{name}(value)) = body {{ let _: &types::{name} = value; }}"),
        );
    }
    line(out, "    }");
    line(out, "}");
}

/// The named type a value of `ty` holds directly (`T` or `Option<T>`) when
/// the emitter may put it in a `Box`: one that can be on a cycle, not a
/// string enum.
fn boxable<'a>(api: &Api, ty: &'a TypeRef) -> Option<&'a str> {
    match ty {
        TypeRef::Named(name) if matches!(api.types.get(name), Some(TypeDef::Enum(_))) => None,
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => boxable(api, inner),
        _ => None,
    }
}

/// A slot a value goes in or is read from: a struct field, a field of a
/// struct variant, the payload of a newtype variant.
struct Slot<'a> {
    /// Its type as the user spells it, without any `Box`.
    spelled: String,
    /// The named type it may hold in a `Box`.
    boxable: Option<&'a str>,
    /// Whether it is an `Option`.
    optional: bool,
}

impl<'a> Slot<'a> {
    fn field(api: &Api, field: &'a Field) -> Self {
        Self {
            spelled: spell(text(&field_tokens(field, false, Scope::Crate))),
            boxable: boxable(api, &field.ty),
            optional: is_optional(field),
        }
    }

    fn payload(api: &Api, ty: &'a TypeRef) -> Self {
        Self {
            spelled: spell(text(&type_tokens(ty, Scope::Crate))),
            boxable: boxable(api, ty),
            optional: matches!(ty, TypeRef::Nullable(_)),
        }
    }

    /// An expression that fits the slot.
    fn value(&self) -> String {
        let spelled = &self.spelled;
        match (self.boxable, self.optional) {
            (None, _) => format!("any::<{spelled}>()"),
            (Some(_), true) => format!("any::<{spelled}>().map(Into::into)"),
            (Some(_), false) => format!("any::<{spelled}>().into()"),
        }
    }

    /// A statement that reads the slot through `reference` (an expression
    /// of type `&SlotType`) at its exact type.
    fn read(&self, reference: &str) -> String {
        match (self.boxable, self.optional) {
            (None, _) => format!("let _: &{} = {reference};", self.spelled),
            (Some(name), true) => format!(
                "let _: Option<&types::{name}> = ({reference}).as_ref().map(|v| std::borrow::Borrow::<types::{name}>::borrow(v));"
            ),
            (Some(name), false) => format!(
                "let _: &types::{name} = std::borrow::Borrow::<types::{name}>::borrow({reference});"
            ),
        }
    }
}

/// `assert_eq!` after a JSON round trip of `value` (of type `ty`), and the
/// derived traits users rely on.
fn round_trip(out: &mut String, ty: &str, value: &str) {
    line(
        out,
        format!("    let text: String = serde_json::to_string(&{value}).expect(\"serialises\");"),
    );
    line(
        out,
        format!("    let back: {ty} = serde_json::from_str(&text).expect(\"deserialises\");"),
    );
    line(out, format!("    assert_eq!(back, {value}.clone());"));
    line(out, format!("    assert_value(&{value});"));
}

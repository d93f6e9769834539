//! Checks against Brevo's own published spec, read where it lies
//! (`../shared/upstream/`, beside the checkout; skipped when absent).
//!
//! Our `spec/conversations.yaml` must agree with it on every fact a request
//! depends on: the operations (method and path), their parameters and the
//! wire names of request-body fields.

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen::ir::{Api, FieldKind, ParamLocation, TypeDef, TypeRef, VariantPayload};

fn upstream_spec() -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/upstream/swagger_definition_v3.yml");
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("skipped: {} is not there", path.display());
            None
        }
    }
}

fn lowered(bytes: &[u8]) -> Api {
    let document = codegen::load::load(bytes).unwrap_or_else(|e| panic!("{e}"));
    codegen::lower::lower(&document).0
}

/// The wire names `ty` can write: its properties, and those of every
/// variant of a flattened `oneOf`, sorted and without duplicates.
fn body_fields(api: &Api, ty: &TypeRef) -> Vec<String> {
    let TypeRef::Named(name) = ty else {
        return Vec::new();
    };
    let mut names = Vec::new();
    match api.types.get(name) {
        Some(TypeDef::Struct(def)) => {
            for field in &def.fields {
                match field.kind {
                    FieldKind::Property => names.push(field.wire_name.clone()),
                    FieldKind::Flatten => names.extend(body_fields(api, &field.ty)),
                }
            }
        }
        Some(TypeDef::OneOf(def)) => {
            for variant in &def.variants {
                if let VariantPayload::Struct(fields) = &variant.payload {
                    names.extend(fields.iter().map(|f| f.wire_name.clone()));
                }
            }
        }
        _ => {}
    }
    names.sort();
    names.dedup();
    names
}

/// An operation's method and path.
type Route = (String, String);

/// An operation's path parameter names and body field names.
type Shape = (Vec<String>, Option<Vec<String>>);

/// The shape of every Conversations operation.
fn conversations_shape(api: &Api) -> BTreeMap<Route, Shape> {
    api.operations
        .iter()
        .filter(|op| op.path.starts_with("/conversations/"))
        .map(|op| {
            let params = op
                .params
                .iter()
                .filter(|p| p.location == ParamLocation::Path)
                .map(|p| p.wire_name.clone())
                .collect();
            let body = op.body.as_ref().map(|b| body_fields(api, &b.ty));
            (
                (op.method.as_str().to_owned(), op.path.clone()),
                (params, body),
            )
        })
        .collect()
}

#[test]
fn our_spec_agrees_with_brevos_on_operations_paths_and_wire_names() {
    let Some(upstream) = upstream_spec() else {
        return;
    };
    let ours_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/conversations.yaml");
    let ours = std::fs::read(&ours_path).unwrap_or_else(|e| panic!("{e}"));
    let theirs = conversations_shape(&lowered(&upstream));
    let ours = conversations_shape(&lowered(&ours));
    assert_eq!(
        theirs.len(),
        9,
        "Brevo's spec has nine Conversations operations"
    );
    let their_keys: Vec<_> = theirs.keys().collect();
    let our_keys: Vec<_> = ours.keys().collect();
    assert_eq!(our_keys, their_keys, "the same methods on the same paths");
    for (key, (their_params, their_body)) in &theirs {
        let (our_params, our_body) = &ours[key];
        assert_eq!(our_params, their_params, "{key:?}: path parameters");
        assert_eq!(our_body, their_body, "{key:?}: request body field names");
    }
}

#[test]
fn brevos_operations_get_the_names_the_official_sdks_use() {
    let Some(upstream) = upstream_spec() else {
        return;
    };
    let api = lowered(&upstream);
    let names: Vec<&str> = api
        .operations
        .iter()
        .filter(|op| op.path.starts_with("/conversations/"))
        .map(|op| op.method_name.as_str())
        .collect();
    for expected in [
        "conversations_messages_post",
        "conversations_messages_id_get",
        "conversations_messages_id_put",
        "conversations_messages_id_delete",
        "conversations_pushed_messages_post",
        "conversations_pushed_messages_id_get",
        "conversations_pushed_messages_id_put",
        "conversations_pushed_messages_id_delete",
        "conversations_agent_online_ping_post",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
}

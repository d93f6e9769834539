//! Checks against Brevo's own published spec, read where it lies
//! (`../shared/upstream/`, beside the checkout; skipped when absent).
//!
//! Our `spec/conversations.yaml` must agree with it on every fact a request
//! depends on: the operations (method and path), their parameters and the
//! wire names of request-body fields.

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen::ir::{Api, ParamLocation, TypeDef, TypeRef};

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

/// The wire names of the fields of `ty`, recursively through flattened
/// unions, as a sorted list.
fn body_fields(api: &Api, ty: &TypeRef) -> Vec<String> {
    let TypeRef::Named(name) = ty else {
        return Vec::new();
    };
    let mut names = Vec::new();
    if let Some(TypeDef::Struct(def)) = api.types.get(name) {
        for field in &def.fields {
            names.push(field.wire_name.clone());
        }
    }
    names.sort();
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
        let their_body = their_body.clone().unwrap_or_default();
        let our_body = our_body.clone().unwrap_or_default();
        // Our body types may split fields into a flattened identity enum;
        // every wire name upstream has must be ours too, and no other.
        let mut our_all = our_body.clone();
        our_all.extend(identity_fields(key));
        our_all.sort();
        our_all.dedup();
        assert_eq!(our_all, their_body, "{key:?}: request body field names");
    }
}

/// Wire names our spec moves out of the body struct into an identity enum
/// (see the spec's `oneOf` groups); none while the bodies are flat.
fn identity_fields(_key: &Route) -> Vec<String> {
    Vec::new()
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

//! Changes to the webhooks: the variants of the `webhooks::Event` enum,
//! the payload each holds, how a body names its event (`from_slice`), and
//! the receiver's `verify_*` checks. The payload types themselves are types
//! like any other (`types.rs` compares their fields).

use std::collections::{BTreeMap, BTreeSet};

use super::{rust_type, ChangeKind, Changes, Impact, Section};
use codegen::ir::{Api, Webhook, WebhookCheck};

/// Compares the webhooks of two APIs, by webhook name.
pub(super) fn compare(old: &Api, new: &Api, out: &mut Changes) {
    let by_name = |api: &'_ Api| -> BTreeMap<String, Webhook> {
        api.webhooks
            .iter()
            .map(|w| (w.name.clone(), w.clone()))
            .collect()
    };
    let (old_hooks, new_hooks) = (by_name(old), by_name(new));
    for (name, webhook) in &new_hooks {
        let subject = format!("Event::{}", webhook.rust_name);
        let Some(before) = old_hooks.get(name) else {
            out.push(
                Section::Webhooks,
                subject,
                ChangeKind::WebhookAdded,
                Impact::NonBreaking,
                format!("new webhook `{name}`"),
                "`Event` is `#[non_exhaustive]`: matches already have a wildcard arm, and the event decoded as `Event::Unknown` before",
            );
            continue;
        };
        if before.rust_name != webhook.rust_name || before.payload != webhook.payload {
            out.push(
                Section::Webhooks,
                subject.clone(),
                ChangeKind::WebhookPayloadChanged,
                Impact::Breaking,
                format!(
                    "webhook `{name}` is `Event::{}({})` instead of `Event::{}({})`",
                    webhook.rust_name,
                    rust_type(&webhook.payload),
                    before.rust_name,
                    rust_type(&before.payload)
                ),
                "code matching the old variant or reading its payload stops compiling",
            );
        }
        let schemes = |hook: &Webhook| -> BTreeSet<String> {
            hook.security.iter().flatten().map(describe).collect()
        };
        let (was, is) = (schemes(before), schemes(webhook));
        for gone in was.difference(&is) {
            out.push(
                Section::Webhooks,
                subject.clone(),
                ChangeKind::WebhookCheckRemoved,
                Impact::Breaking,
                format!("webhook `{name}` no longer lists {gone}"),
                "receivers may call a `verify_*` function the crate no longer has, or check a header the API stops sending",
            );
        }
        for added in is.difference(&was) {
            out.push(
                Section::Webhooks,
                subject.clone(),
                ChangeKind::WebhookCheckAdded,
                Impact::NonBreaking,
                format!("webhook `{name}` lists {added}"),
                "a new check receivers may make; what they did keeps working",
            );
        }
    }
    for (name, webhook) in &old_hooks {
        if !new_hooks.contains_key(name) {
            out.push(
                Section::Webhooks,
                format!("Event::{}", webhook.rust_name),
                ChangeKind::WebhookRemoved,
                Impact::Breaking,
                format!("webhook `{name}` removed"),
                "code matching its variant stops compiling, and its bodies decode as `Event::Unknown`",
            );
        }
    }
    let tag = |api: &Api| api.event_tag.as_ref().map(|t| t.property.clone());
    let (old_tag, new_tag) = (tag(old), tag(new));
    if old_tag != new_tag {
        let (impact, reason) = match (&old_tag, &new_tag) {
            (None, Some(_)) => (
                Impact::NonBreaking,
                "`Event::from_slice` is new; `Event::decode` is unchanged",
            ),
            _ => (
                Impact::Breaking,
                "`Event::from_slice` reads the event's name elsewhere, or is gone",
            ),
        };
        let shown = |t: &Option<String>| match t {
            Some(p) => format!("`{p}`"),
            None => "no property (only `Event::decode`)".to_owned(),
        };
        out.push(
            Section::Webhooks,
            "Event::from_slice",
            ChangeKind::WebhookEventNameChanged,
            impact,
            format!(
                "bodies name their event by {} instead of {}",
                shown(&new_tag),
                shown(&old_tag)
            ),
            reason,
        );
    }
}

/// A check in words, for reports and comparison.
fn describe(check: &WebhookCheck) -> String {
    match check {
        WebhookCheck::HeaderSecret { scheme, header } => {
            format!("the secret `{scheme}` in `{header}`")
        }
        WebhookCheck::Basic { scheme } => format!("basic authentication `{scheme}`"),
        WebhookCheck::Signature(signature) => format!(
            "the signature `{}` in `{}` ({:?}, prefix `{}`)",
            signature.scheme, signature.header, signature.encoding, signature.prefix
        ),
    }
}

//! Changes to the API as a whole: `info`, the default base URL, the error
//! type, the rate-limit headers, and the security schemes (the client
//! builder's key methods).

use std::collections::BTreeMap;

use super::{ChangeKind, Changes, Impact, Section};
use codegen::ir::{Api, AuthScheme, CredentialKind};

/// Compares everything outside operations and types.
pub(super) fn compare(old: &Api, new: &Api, out: &mut Changes) {
    out.description(Section::Api, "info", "`info.title`", &old.title, &new.title);
    out.description(
        Section::Api,
        "info",
        "`info.description`",
        &old.description,
        &new.description,
    );
    if old.version != new.version {
        out.push(
            Section::Api,
            "info",
            ChangeKind::InfoChanged,
            Impact::NonBreaking,
            format!("API version `{}` -> `{}`", old.version, new.version),
            "the crate's own version is `x-crate-version`; `info.version` is documentation",
        );
    }
    if old.base_url != new.base_url {
        out.push(
            Section::Api,
            "base URL",
            ChangeKind::BaseUrlChanged,
            Impact::NonBreaking,
            format!("default base URL `{}` -> `{}`", old.base_url, new.base_url),
            "only the default changes; `Client::builder().base_url(..)` still sets any URL",
        );
    }
    if old.error_type != new.error_type {
        out.push(
            Section::Api,
            "Error::Api",
            ChangeKind::ErrorTypeChanged,
            Impact::Breaking,
            format!(
                "error bodies decode into {} instead of {}",
                type_or_none(new.error_type.as_deref()),
                type_or_none(old.error_type.as_deref())
            ),
            "the type of `Error::Api`'s `error` field changes",
        );
    }
    if old.rate_limit_headers != new.rate_limit_headers {
        let names = |api: &Api| {
            let h = &api.rate_limit_headers;
            format!("`{}`, `{}`, `{}`", h.limit, h.remaining, h.reset)
        };
        out.push(
            Section::Api,
            "rate-limit headers",
            ChangeKind::RateLimitHeadersChanged,
            Impact::NonBreaking,
            format!("read from {} instead of {}", names(new), names(old)),
            "the same information is read from other response headers",
        );
    }
    compare_auth(&old.auth, &new.auth, out);
}

fn type_or_none(name: Option<&str>) -> String {
    match name {
        Some(name) => format!("`{name}`"),
        None => "nothing (kept as text)".to_owned(),
    }
}

/// Security schemes, by their key in `components.securitySchemes`.
fn compare_auth(old: &[AuthScheme], new: &[AuthScheme], out: &mut Changes) {
    let old: BTreeMap<&str, &AuthScheme> = old.iter().map(|s| (s.scheme.as_str(), s)).collect();
    let new: BTreeMap<&str, &AuthScheme> = new.iter().map(|s| (s.scheme.as_str(), s)).collect();
    for (name, scheme) in &old {
        let Some(now) = new.get(name) else {
            out.push(
                Section::Auth,
                *name,
                ChangeKind::SecuritySchemeRemoved,
                Impact::Breaking,
                format!("security scheme removed ({})", scheme.carrier()),
                format!("the builder method `{}` no longer exists", scheme.rust_name),
            );
            continue;
        };
        if scheme.kind != now.kind {
            let same_arguments = matches!(
                (&scheme.kind, &now.kind),
                (CredentialKind::Basic, CredentialKind::Basic)
            ) || !matches!(
                (&scheme.kind, &now.kind),
                (CredentialKind::Basic, _) | (_, CredentialKind::Basic)
            );
            out.push(
                Section::Auth,
                *name,
                ChangeKind::SecuritySchemeChanged,
                Impact::Breaking,
                format!("{} -> {}", scheme.carrier(), now.carrier()),
                if same_arguments {
                    "the same credential is sent in another place"
                } else {
                    "the builder method takes other arguments"
                },
            );
        }
        if scheme.rust_name != now.rust_name {
            out.push(
                Section::Auth,
                *name,
                ChangeKind::SecuritySchemeChanged,
                Impact::Breaking,
                format!(
                    "builder method `{}` -> `{}`",
                    scheme.rust_name, now.rust_name
                ),
                format!("the builder method `{}` no longer exists", scheme.rust_name),
            );
        }
        out.description(
            Section::Auth,
            *name,
            "description",
            &scheme.description,
            &now.description,
        );
    }
    for (name, scheme) in &new {
        if !old.contains_key(name) {
            out.push(
                Section::Auth,
                *name,
                ChangeKind::SecuritySchemeAdded,
                Impact::NonBreaking,
                format!("security scheme added ({})", scheme.carrier()),
                format!("a new builder method `{}`", scheme.rust_name),
            );
        }
    }
}

//! Emits `README.md`: the crate's user guide, which its `lib.rs` takes as
//! the crate docs (`#![doc = include_str!("../README.md")]`), so that its
//! Rust examples are doctests. It holds the title and the spec's
//! description, where the crate comes from, the dependency line, an
//! example, the spec-specific guide when one is given
//! ([`Options::guide`]), and what is true of every generated client: its
//! authentication, retries, responses and timeouts, and TLS features.
//! Links to items are rustdoc's intra-doc links.

use super::docs::{markdown, one_line};
use crate::ir::{Api, CredentialKind, ParamLocation, TypeRef};
use crate::Options;

/// The text of `README.md`, starting with `header` as an HTML comment.
pub fn readme(api: &Api, options: &Options, header: &str) -> String {
    let crate_ident = options.crate_name.replace('-', "_");
    let title = format!("# {}", api.title);
    let mut text = format!("<!-- {header} -->\n\n");
    text.push_str(&markdown([
        Some(title.as_str()),
        api.description.as_deref(),
    ]));
    let mut sections: Vec<String> = Vec::new();
    if api.operations.is_empty() {
        sections.push(format!(
            "Generated from `{}` by `{}`. The spec has no operations, so this crate holds its schemas only, as types in [`types`].",
            options.spec_label, options.regenerate_command
        ));
        sections.push(dependency(options, false));
    } else {
        let methods = if api.operations.iter().any(|op| op.group_method.is_some()) {
            "a method of [`Client`] or of its group's handle (below)"
        } else {
            "a method of [`Client`]"
        };
        sections.push(format!(
            "Generated from `{}` by `{}`: every operation of the spec is {methods}, every schema a type in [`types`].",
            options.spec_label, options.regenerate_command
        ));
        sections.push(dependency(options, true));
        sections.extend(groups(api, options));
        sections.extend(methods_by_group(api));
        sections.push(example(api, &crate_ident));
    }
    if let Some(guide) = options
        .guide
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        sections.push(guide.to_owned());
    }
    if !api.operations.is_empty() {
        sections.push(authentication(api));
        sections.push(retries(&crate_ident));
        sections.push(RESPONSES_AND_TIMEOUTS.to_owned());
        sections.push(TLS_FEATURES.to_owned());
    }
    for section in sections {
        text.push('\n');
        text.push_str(section.trim_end());
        text.push('\n');
    }
    text
}

/// `## Features by group`, when the API's operations are in groups: what
/// each feature compiles and how an app picks some.
fn groups(api: &Api, options: &Options) -> Option<String> {
    let first = api.groups.first()?;
    let name = &options.crate_name;
    let list: Vec<String> = api
        .groups
        .iter()
        .map(|group| {
            format!(
                "`{}` ({})",
                group.feature,
                group.name.replace(['\n', '\r'], " ")
            )
        })
        .collect();
    Some(format!(
        "## Features by group\n\nEach group of operations (a tag of the spec) is a cargo feature that compiles its methods and the types only they use; `all-groups`, on by default, has them all. An app that calls a few groups builds faster without the others: it turns off the default features, and names a TLS feature (below) and its groups:\n\n```toml\n[dependencies]\n{name} = {{ path = \"../{name}\", default-features = false, features = [\"rustls-ring\", \"{}\"] }}\n```\n\nThe groups: {}.",
        first.feature,
        list.join(", ")
    ))
}

/// `## Methods by group`, when the crate has them: how an operation of a
/// group is called, and that the mock keeps the flat names.
fn methods_by_group(api: &Api) -> Option<String> {
    let op = api.operations.iter().find(|op| op.group_method.is_some())?;
    let method = op.group_method.as_ref()?;
    let ungrouped = if api.operations.iter().any(|op| op.group_method.is_none()) {
        " The operations of no group are methods of [`Client`] itself."
    } else {
        ""
    };
    // The id is named only where it differs from the flat name.
    let id = op.operation_id.replace('`', "'");
    let id = if id == op.method_name {
        String::new()
    } else {
        format!(" by its operationId too (`{id}`), and")
    };
    // No intra-doc links to a group's items: they are not there when its
    // feature is off, and these docs are built with any features.
    Some(format!(
        "## Methods by group

An operation of a group is a method of the group's handle, not of [`Client`]: `client.{accessor}().{name}(..)` returns the same request builder a method of `Client` would. `Client::{accessor}` returns the group's `groups::{handle}`, which only borrows the client; every group's handle is in the module `groups`, behind the group's feature.{ungrouped} rustdoc's search finds each method{id} by the name it would have as a method of `Client` (`{flat}`), which is also the name of its answer on the `test-util` `Mock`.",
        accessor = method.accessor,
        name = method.name,
        handle = method.handle,
        flat = op.method_name,
    ))
}

/// `## Using it`: the dependency line of an app (the crate is generated,
/// not published), with Tokio when the crate has a client.
fn dependency(options: &Options, client: bool) -> String {
    let name = &options.crate_name;
    let (runtime, tokio) = if client {
        (
            ", with Tokio as its async runtime",
            "\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }",
        )
    } else {
        ("", "")
    };
    format!(
        "## Using it\n\nThe crate is generated, not published: an app depends on it by path, the folder of this README relative to the app's own (below, a folder `{name}` beside the app){runtime}. In the app's `Cargo.toml`:\n\n```toml\n[dependencies]\n{name} = {{ path = \"../{name}\" }}{tokio}\n```"
    )
}

/// `## Example`, compiled (not run): build the client and call the first
/// operation that takes only path parameters and returns a body. Where
/// that operation is in a group, the example is compiled only with its
/// group's feature (a hidden `#[cfg]`), so the doctests pass whichever
/// groups are on.
fn example(api: &Api, crate_ident: &str) -> String {
    let new_args = match api.auth.first().map(|scheme| &scheme.kind) {
        None => String::new(),
        Some(CredentialKind::Basic) => "\"your-user-name\", \"your-password\"".to_owned(),
        Some(_) => "\"your-api-key\"".to_owned(),
    };
    let mut body = format!("let client = {crate_ident}::Client::new({new_args})?;\n");
    let callable = api.operations.iter().find(|op| {
        op.body.is_none()
            && op.success.ty.is_some()
            && op.params.iter().all(|p| {
                !p.required || (p.location == ParamLocation::Path && p.ty == TypeRef::String)
            })
    });
    let gate = callable
        .and_then(|op| op.group.as_ref())
        .map(|feature| format!("# #[cfg(feature = {feature:?})]\n"))
        .unwrap_or_default();
    if let Some(op) = callable {
        let args: Vec<String> = op
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| {
                let value = p
                    .example
                    .as_ref()
                    .and_then(|v| v.as_str())
                    .unwrap_or("some-id");
                format!("{value:?}")
            })
            .collect();
        // One optional input, set on the request builder, shows how the
        // others are.
        let setter = op
            .params
            .iter()
            .filter(|p| !p.required)
            .find_map(|p| match p.ty {
                TypeRef::Integer(_) => Some(format!(".{}(10)", p.rust_name)),
                TypeRef::String => Some(format!(".{}(\"some-value\")", p.rust_name)),
                _ => None,
            })
            .unwrap_or_default();
        body.push_str(&format!(
            "let response = {}({}){setter}.await?;\nprintln!(\"{{response:?}}\");\n",
            super::groups::method_call(op, "client"),
            args.join(", ")
        ));
    }
    format!(
        "## Example\n\n```no_run\n{gate}# async fn example() -> Result<(), {crate_ident}::Error> {{\n{body}# Ok(())\n# }}\n```"
    )
}

/// `## Authentication`: the credentials the client can send, the builder
/// method that sets each and where it goes, and the schemes it cannot send.
fn authentication(api: &Api) -> String {
    let mut text = String::from("## Authentication\n\n");
    if api.auth.is_empty() && api.unsupported_auth.is_empty() {
        text.push_str("The spec declares no security scheme: requests carry no credentials.");
        return text;
    }
    if !api.auth.is_empty() {
        text.push_str("Each operation is sent with the credentials its spec asks for (the first of its alternatives the client has); set them on [`ClientBuilder`] ([`Client::new`] takes the first scheme's). [`ClientBuilder::build`] needs at least one, and refuses an empty one; an operation whose requirement is not met is [`Error::InvalidArgument`] before anything is sent. They are sent as sensitive values: no log, error text or `Debug` output shows them.\n\n| builder method | scheme | sent as |\n|---|---|---|\n");
        for scheme in &api.auth {
            let how = match &scheme.kind {
                CredentialKind::Bearer {
                    obtained: Some(obtained),
                } => {
                    format!("{}: {}", scheme.carrier(), one_line(obtained))
                }
                _ => scheme.carrier(),
            };
            text.push_str(&format!(
                "| [`{setter}`](ClientBuilder::{setter}) | `{key}` | {how} |\n",
                setter = scheme.rust_name,
                key = one_line(&scheme.scheme).replace('|', "\\|"),
                how = how.replace('|', "\\|"),
            ));
        }
    }
    if !api.unsupported_auth.is_empty() {
        text.push_str("\nThe client cannot send these schemes, so operations that need them go without (give your own `reqwest::Client` a default header with [`ClientBuilder::http_client`] if you must):\n\n");
        for (key, why) in &api.unsupported_auth {
            text.push_str(&format!("- `{}`: {}\n", one_line(key), one_line(why)));
        }
    }
    text.trim_end().to_owned()
}

/// `## Retries`: which failures are retried, and a compiled and run example
/// of the retry policy's settings.
fn retries(crate_ident: &str) -> String {
    format!(
        "## Retries\n\nFailed requests are retried as the client's [`RetryPolicy`] says: 3 retries, exponential backoff from 500 ms with jitter, capped at 30 s, unless set otherwise with [`ClientBuilder::retry_policy`].\n\n| operation | retried on |\n|---|---|\n| GET, PUT, DELETE, HEAD, OPTIONS, and any marked `x-idempotent: true` in the spec | 408, 429, 5xx, connection failures and timeouts |\n| POST, PATCH | 429, and failures before the request was sent (connection refused, DNS) only |\n\nA POST is never retried once it may have reached the server (a 5xx, a timeout, a dropped connection): without an idempotency key, a repeated POST would act twice. On a 429 the client waits until the rate-limit window resets (`Retry-After`, in seconds or as an HTTP date, or the spec's rate-limit reset header), plus a jittered backoff step so that callers woken by the same reset spread out, when that is within the cap, and otherwise returns the error at once, with the limits in [`ApiError::rate_limit`]. Retries spend tokens of a budget that every clone of a client shares ([`RetryPolicy::with_retry_budget`]), so a server that fails everything is not sent four times the load.\n\n```\nuse {crate_ident}::RetryPolicy;\nuse std::time::Duration;\n\nlet policy = RetryPolicy::default()\n    .with_max_retries(5) // 0, or RetryPolicy::disabled(), turns retries off\n    .with_base_delay(Duration::from_millis(200))\n    .with_max_delay(Duration::from_secs(10)); // a 429 resetting later is returned at once\nassert_eq!(policy.max_retries(), 5);\nassert_eq!(RetryPolicy::disabled().max_retries(), 0);\n```"
    )
}

/// `## Responses and timeouts`: what a success returns and how long a call
/// may take.
const RESPONSES_AND_TIMEOUTS: &str = "## Responses and timeouts\n\nWhat a call returns depends on whether its operation is safe to repeat:\n\n| operation | a 2xx with the documented body | a 2xx whose body is empty or not the documented JSON |\n|---|---|---|\n| safe to repeat: GET, HEAD, PUT, DELETE, OPTIONS, or `x-idempotent: true` | `T` (`Option<T>`, `None` for a status documented without a body) | [`Error::UndecodedBody`], with the status and the bytes: [`Error::is_retryable`] is true, sending it again cannot act twice |\n| not safe to repeat: POST, PATCH | [`Accepted<T>`]: `sent.value()` is `Some(&T)` | [`Accepted<T>`] all the same: `sent.value()` is `None`, [`Accepted::raw_body`] has the bytes |\n\nSo `Ok` from a write always means the API accepted it, and a retry loop on [`Error`] never sends it twice: [`Accepted::into_value`] gives an [`UndecodedBody`], which is not an [`Error`]. An operation documented without a body returns `()`, a text body a `String`, any other a `bytes::Bytes`, whatever the method. `send_with_response()` returns the same value inside an [`ApiResponse`], with the status, headers and rate limits. A value of the body that cannot be read as documented is left out and kept, with its JSON pointer and raw JSON, in [`ApiResponse::unread`] (and [`ApiError::unread`] for error bodies); the rest is decoded.\n\nEvery attempt is bounded by [`DEFAULT_TIMEOUT`] (connecting by [`DEFAULT_CONNECT_TIMEOUT`]) unless [`ClientBuilder::timeout`], [`ClientBuilder::connect_timeout`] or [`ClientBuilder::no_timeout`] says otherwise. One call can set its own: every request has `.timeout(Duration)` (each attempt), `.retry_policy(RetryPolicy)`, `.header(name, value)` (a header whose name says it holds a secret is redacted like the credentials) and `.deadline(..)` (a `Duration` or an `Instant`) over all its attempts and waits. No retry starts that the deadline would cut; an attempt still in flight when it passes is abandoned with [`Error::DeadlineExceeded`], whose [`Error::delivery`] says whether the request may have been sent, which `tokio::time::timeout` around a call cannot say.\n\n## Hooks\n\n[`ClientBuilder::hooks`] takes a [`Hooks`] of yours, whose `on_request` runs before every request the client sends (each attempt, retries and followed redirects included) and `on_response` after its response or failure, with the operationId, method, URL, headers, attempt, and status and elapsed time: metrics per operation, an audit log, or a trace header added with [`RequestInfo::insert_header`]. Credentials and secret headers are redacted in everything a hook sees.\n\n## Testing code that uses the client\n\nThe `test-util` feature (`features = [\"test-util\"]` in your `[dev-dependencies]`) adds `Mock`, which makes a client whose calls your functions answer, without a server. It has one method per operation, named like the client's: for a method `send_message`, `Mock::new().send_message(|call| MockAnswer::ok(value)).client()?` answers `client.send_message(..)`, where `call.body()` is the request's body as its documented type (when it is JSON; `call.path()`, `call.query(name)` and `call.headers()` give the rest) and `MockAnswer::ok` takes the operation's success type, written as its documented body with its documented 2xx status. `MockAnswer::error(404, &body)` answers an error status with a typed body, `MockAnswer::status(201)` a status without one. `Mock::on(\"operationId\", |request| MockResponse::json(200, &value))` answers by operationId with raw statuses and bytes. An answer is read as a server's would be (an empty 201 to a POST is an `Accepted` without a value, a 404 an [`Error::Api`] decoded by its documented schema); a call to an operation without an answer fails with [`Error::InvalidArgument`].";

/// `## TLS`: the crate's features that choose the TLS stack.
const TLS_FEATURES: &str = "## TLS\n\nThe TLS stack is chosen with this crate's features (reqwest is built without its default features); set `default-features = false` to pick another than the default:\n\n| feature | TLS stack | worth knowing |\n|---|---|---|\n| `rustls-ring` (default) | rustls with the ring provider | the quickest to build; each client gets a TLS configuration of its own (ring and the platform's certificate verifier): nothing is installed for the whole process, so a program may install its own rustls provider before or after building clients; a `reqwest::Client` you bring with [`ClientBuilder::http_client`] needs a TLS configuration of its own |\n| `rustls-aws-lc` | rustls with aws-lc-rs (reqwest's own default) | compiles a C library: slower to build, needs cmake on some platforms |\n| `native-tls` | the platform's (OpenSSL, Secure Transport, SChannel) | needs the OpenSSL headers on Linux; it wins when a rustls feature is on too |\n| `http2` | adds HTTP/2 where the server offers it (ALPN) | off by default: HTTP/1.1 otherwise |\n\nWith `default-features = false` and none of the TLS features, the client speaks plain `http://` only (a test server, a local proxy).";

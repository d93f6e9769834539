//! Emits the rustdoc of an operation's method: summary, route, what
//! success returns, the arguments and optional inputs, retries and errors.

use proc_macro2::TokenStream;

use crate::emit::builder::{input_doc, Inputs};
use crate::emit::docs::{doc_attrs, one_line};
use crate::ir::{Operation, ResponseMedia};

/// The rustdoc of `op`'s method, whose inputs are `inputs`.
pub(super) fn method_docs(op: &Operation, inputs: &Inputs<'_>) -> TokenStream {
    let fallback = format!("Calls `{}`.", op.operation_id);
    let route = format!("`{} {}`", op.method.as_str(), op.path);
    let (args, optional) = inputs_docs(op, inputs);
    let success = success_doc(op);
    let retries = if op.idempotent {
        "Retried (per the client's [`RetryPolicy`](crate::RetryPolicy)) on 408, 429, 5xx and connection failures: repeating this request is safe."
    } else {
        "Retried (per the client's [`RetryPolicy`](crate::RetryPolicy)) only on 429 and on failures before the request was sent: a repeated request could act twice."
    };
    let errors = errors_doc(op);
    doc_attrs([
        Some(op.summary.as_deref().unwrap_or(&fallback)),
        op.description.as_deref(),
        Some(route.as_str()),
        success.as_deref(),
        args.as_deref(),
        optional.as_deref(),
        Some(retries),
        Some(errors.as_str()),
    ])
}

/// The `# Arguments` section (the required parameters) and the
/// `# Optional inputs` section (the builder's setters), each when it has
/// an entry.
fn inputs_docs(op: &Operation, inputs: &Inputs<'_>) -> (Option<String>, Option<String>) {
    let args: Vec<String> = inputs
        .required()
        .filter(|input| input.param.is_some())
        .map(|input| format!("- `{}`: {}", input.name, input_doc(input)))
        .collect();
    let args = (!args.is_empty()).then(|| format!("# Arguments\n\n{}", args.join("\n")));
    let optional: Vec<String> = inputs
        .optional()
        .map(|input| {
            format!(
                "- [`{0}`](builder::{1}::{0}): {2}",
                input.name,
                op.builder_name,
                input_doc(input)
            )
        })
        .collect();
    let optional = (!optional.is_empty()).then(|| {
        format!(
            "# Optional inputs\n\nSet by the methods of the returned [`builder::{}`]:\n\n{}",
            op.builder_name,
            optional.join("\n")
        )
    });
    (args, optional)
}

/// What success gives, when the spec describes it: the statuses, the
/// description and how the body is read.
fn success_doc(op: &Operation) -> Option<String> {
    let description = op.success.description.as_ref()?;
    let mut text = format!(
        "On success ({}): {}",
        codes(&op.success.statuses),
        one_line(description)
    );
    let plain_json =
        op.success.media_types.len() == 1 && op.success.media_types[0] == "application/json";
    let read_as = op
        .success
        .media_types
        .first()
        .filter(|_| !plain_json)
        .map(|first| {
            let mut read_as = format!(" The body is read as `{first}`");
            if op.success.media_types.len() > 1 {
                let others: Vec<String> = op.success.media_types[1..]
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect();
                read_as.push_str(&format!(
                    " (JSON where documented, else the first); also documented: {}",
                    others.join(", ")
                ));
            }
            read_as.push('.');
            read_as
        });
    match (&op.success.ty, op.success.media) {
        (Some(_), ResponseMedia::Json) if !op.idempotent => {
            text.push_str(&read_as.unwrap_or_default());
            text.push_str(" Returned as [`Accepted`](crate::Accepted): `Ok` means the request was accepted, whatever the body; `value()` is the body when it is the documented JSON (when it is not, the request was accepted all the same: never send it again).");
        }
        (Some(_), ResponseMedia::Json) => {
            text.push_str(&read_as.unwrap_or_default());
            if op.success.may_be_empty() {
                text.push_str(&format!(
                    " `None` for an empty body of {}, documented without one.",
                    codes(&op.success.empty_statuses)
                ));
            }
            text.push_str(" A body that is empty or not the documented JSON is [`Error::UndecodedBody`], with the bytes received: the operation is safe to repeat.");
        }
        (Some(_), ResponseMedia::Text) => {
            text.push_str(&read_as.unwrap_or_default());
            text.push_str(" It is returned as text (UTF-8; invalid bytes become U+FFFD), empty when the server sent none.");
        }
        (Some(_), ResponseMedia::Binary) => {
            text.push_str(&read_as.unwrap_or_default());
            text.push_str(" Its bytes are returned as they came, empty when the server sent none.");
        }
        (None, _) => {}
    }
    Some(text)
}

/// Statuses as the docs list them: `` `200`, `201` ``.
fn codes(statuses: &[u16]) -> String {
    statuses
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `# Errors` section, with the documented error responses.
fn errors_doc(op: &Operation) -> String {
    let mut errors = String::from(
        "# Errors\n\n[`Error::Api`] for any status outside 2xx, [`Error::Transport`] when the request fails, [`Error::InvalidArgument`] for an argument that cannot be sent",
    );
    errors.push_str(
        "; [`Error::DeadlineExceeded`] when the call's deadline passes during an attempt",
    );
    if op.idempotent && op.success.is_json() {
        errors.push_str(
            "; [`Error::UndecodedBody`] for a 2xx whose body cannot be read as documented.",
        );
    } else {
        errors.push_str("; never for a 2xx, whatever its body.");
    }
    let documented: Vec<String> = op
        .errors
        .iter()
        .map(|e| {
            let status = e
                .status
                .map_or_else(|| "other".to_owned(), |s| s.to_string());
            format!("- `{status}`: {}", one_line(&e.description))
        })
        .collect();
    if !documented.is_empty() {
        errors.push_str(" Documented error responses:\n\n");
        errors.push_str(&documented.join("\n"));
    }
    errors
}

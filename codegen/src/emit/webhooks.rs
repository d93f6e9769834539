//! Emits `webhooks.rs` for a spec with webhooks: the `Event` enum decoded
//! from a request's raw body (by the property that names events where the
//! spec has one, else by the webhook's name), its `Unknown` variant that
//! keeps events the crate does not know, tolerant decoding (the runtime's
//! `tolerant.rs`), the echo check of `x-echo-marker`, and one verification
//! helper per security scheme the webhooks list, comparing in constant
//! time.
//!
//! ```ignore
//! pub enum Event { ConversationStarted(types::ConversationStarted), Unknown(UnknownEvent) }
//! impl Event {
//!     pub fn from_slice(body: &[u8]) -> Result<Received, DecodeError>;
//!     pub fn decode(name: &str, body: &[u8]) -> Result<Received, DecodeError>;
//! }
//! pub fn verify_signature(secret: &[u8], header: Option<&[u8]>, body: &[u8]) -> Result<(), VerifyError>;
//! ```

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inner_doc_attrs};
use crate::ir::{Api, SignatureEncoding, TypeDef, TypeRef, Webhook, WebhookCheck};
use crate::naming;
use crate::spelling::{ident, type_tokens, Scope};

/// The items of the `webhooks` module a doc link may name (none without
/// webhooks).
pub fn items(api: &Api) -> Vec<String> {
    if !has_webhooks(api) {
        return Vec::new();
    }
    let mut items: Vec<String> = ["Event", "UnknownEvent", "Received", "DecodeError"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    if verifies(api) {
        items.push("VerifyError".to_owned());
        for check in checks(api) {
            items.push(format!("verify_{}", naming::snake(scheme_of(check))));
        }
    }
    items
}

/// Whether the crate gets a `webhooks` module.
pub fn has_webhooks(api: &Api) -> bool {
    !api.webhooks.is_empty()
}

/// The distinct checks the webhooks list, by scheme, in the order first
/// listed.
fn checks(api: &Api) -> Vec<&WebhookCheck> {
    let mut seen = BTreeSet::new();
    api.webhooks
        .iter()
        .flat_map(|w| w.security.iter().flatten())
        .filter(|check| seen.insert(scheme_of(check)))
        .collect()
}

/// Whether some webhook lists a security scheme the receiver can check
/// (the crate then depends on `subtle`).
pub fn verifies(api: &Api) -> bool {
    !checks(api).is_empty()
}

/// Whether some webhook is signed with an HMAC (the crate then depends on
/// `hmac` and `sha2`).
pub fn signs(api: &Api) -> bool {
    checks(api)
        .iter()
        .any(|check| matches!(check, WebhookCheck::Signature(_)))
}

fn scheme_of(check: &WebhookCheck) -> &str {
    match check {
        WebhookCheck::HeaderSecret { scheme, .. } | WebhookCheck::Basic { scheme } => scheme,
        WebhookCheck::Signature(signature) => &signature.scheme,
    }
}

/// The whole module.
pub fn webhooks_module(api: &Api) -> TokenStream {
    let module_docs = inner_doc_attrs([Some(module_doc(api).as_str())]);
    let event = event_enum(api);
    let decoding = decoding(api);
    let echo = echo(api);
    let verification = verification(api);
    quote! {
        #module_docs

        use crate::tolerant::{self, UnreadField};
        use crate::types;

        #event
        #decoding
        #echo
        #verification
    }
}

fn module_doc(api: &Api) -> String {
    let by = match &api.event_tag {
        Some(tag) => format!(
            "[`Event::from_slice`] reads the event's name from the body's `{}` property; [`Event::decode`] takes it from the caller (the webhook an endpoint is registered for).",
            tag.property
        ),
        None => "The body does not say which event it is: [`Event::decode`] takes the webhook's name from the caller (the one an endpoint is registered for).".to_owned(),
    };
    let checks = if verifies(api) {
        " The `verify_*` functions check that a request comes from the API, comparing secrets in constant time; check before decoding."
    } else {
        ""
    };
    format!(
        "Webhooks: the requests the API sends to an endpoint of yours, decoded from their raw body into an [`Event`].\n\n{by} Decoding is tolerant: a value that does not match the spec is left out of the event and kept in [`Received::unread`], and an event this crate does not know is [`Event::Unknown`] with its JSON.{checks}"
    )
}

/// The docs of one event's variant.
fn event_doc(webhook: &Webhook) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(summary) = &webhook.summary {
        paragraphs.push(summary.clone());
    }
    if let Some(description) = &webhook.description {
        paragraphs.push(description.clone());
    }
    if paragraphs.is_empty() {
        paragraphs.push(format!("The `{}` webhook.", webhook.name));
    }
    let sent = match &webhook.tag {
        Some(tag) if tag != &webhook.name => format!(
            "The webhook `{}` (`{}` {}).",
            webhook.name,
            tag,
            webhook.method.as_str()
        ),
        _ => format!(
            "The webhook `{}`, sent as {}.",
            webhook.name,
            webhook.method.as_str()
        ),
    };
    paragraphs.push(sent);
    paragraphs.join("\n\n")
}

/// `Event`, `UnknownEvent`, `Received` and `DecodeError`.
fn event_enum(api: &Api) -> TokenStream {
    let variants = api.webhooks.iter().map(|webhook| {
        let name = ident(&webhook.rust_name);
        let ty = type_tokens(&webhook.payload, Scope::Crate);
        let docs = doc_attrs([Some(event_doc(webhook).as_str())]);
        quote! { #docs #name(#ty), }
    });
    let no_name = api.event_tag.as_ref().map(|tag| {
        let doc = format!(
            "The body is a JSON object without a string `{}`, which names the event.",
            tag.property
        );
        let doc = doc_attrs([Some(doc.as_str())]);
        quote! {
            #doc
            NoEventName,
        }
    });
    let no_name_display = api.event_tag.as_ref().map(|tag| {
        let text = format!("the webhook body has no string `{}`", tag.property);
        quote! { Self::NoEventName => f.write_str(#text), }
    });
    let unknown_name_doc = match &api.event_tag {
        Some(tag) => format!(
            "The event's name: the body's `{}`, or the name given to [`Event::decode`].",
            tag.property
        ),
        None => "The name given to [`Event::decode`].".to_owned(),
    };
    let unknown_name_doc = doc_attrs([Some(unknown_name_doc.as_str())]);
    quote! {
        /// A webhook request's event, with its typed payload.
        ///
        /// New events may be added when the spec gains them, so a `match`
        /// needs a wildcard arm; an event the crate does not know yet is
        /// [`Event::Unknown`], never an error.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            #(#variants)*
            /// An event this crate does not know (newer than the spec it was
            /// generated from), with its name and its body as received.
            Unknown(UnknownEvent),
        }

        /// An event the crate does not know, kept as it was received.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct UnknownEvent {
            #unknown_name_doc
            pub name: String,
            /// The body, as JSON.
            pub body: serde_json::Value,
        }

        /// A decoded webhook body: the event, and the values of the body
        /// that did not match the spec.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct Received {
            /// The event.
            pub event: Event,
            /// The values left out of [`Received::event`] because they did
            /// not match the spec (a string where a number was documented),
            /// each with its JSON pointer and raw JSON; empty when the body
            /// is as documented.
            pub unread: Vec<UnreadField>,
        }

        /// Why a webhook body could not be decoded.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum DecodeError {
            /// The body is not JSON, or not the JSON object every event is.
            Json(serde_json::Error),
            #no_name
            /// The body is JSON, but not the payload of the event it is,
            /// even with the values that do not match the spec left out.
            Payload {
                /// The event's name.
                event: &'static str,
                /// Why the payload could not be read.
                source: serde_json::Error,
            },
        }

        impl std::fmt::Display for DecodeError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Json(error) => write!(f, "the webhook body is not a JSON object: {error}"),
                    #no_name_display
                    Self::Payload { event, source } => write!(f, "the webhook body is not a `{event}` payload: {source}"),
                }
            }
        }

        impl std::error::Error for DecodeError {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Self::Json(error) | Self::Payload { source: error, .. } => Some(error),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    }
}

/// `impl Event`: `NAMES`, `from_slice` (with an event tag), `decode`,
/// `name`; and the helpers they share.
fn decoding(api: &Api) -> TokenStream {
    let names = api.webhooks.iter().map(|w| &w.name);
    let by_name = api.webhooks.iter().map(|webhook| {
        let name = &webhook.name;
        let variant = ident(&webhook.rust_name);
        quote! { #name => read(body, #name, Event::#variant), }
    });
    let event_name = api.webhooks.iter().map(|webhook| {
        let variant = ident(&webhook.rust_name);
        let name = webhook.tag.as_ref().unwrap_or(&webhook.name);
        quote! { Self::#variant(_) => #name, }
    });
    let from_slice = api.event_tag.as_ref().map(|tag| {
        let property = &tag.property;
        let doc = format!("Decodes a webhook request's raw body as the event its `{property}` property names; an event the crate does not know is [`Event::Unknown`].");
        let by_tag = api.webhooks.iter().filter_map(|webhook| {
            let tag = webhook.tag.as_ref()?;
            let variant = ident(&webhook.rust_name);
            Some(quote! { #tag => read(body, #tag, Event::#variant), })
        });
        let doc = doc_attrs([Some(doc.as_str())]);
        quote! {
            #doc
            ///
            /// # Errors
            ///
            /// [`DecodeError`] when the body is not a JSON object naming its
            /// event, or not the payload of the event it names.
            pub fn from_slice(body: &[u8]) -> Result<Received, DecodeError> {
                /// The property that names the event, read before the rest
                /// (the other properties are skipped, not kept).
                #[derive(serde::Deserialize)]
                struct Tag {
                    #[serde(rename = #property, default)]
                    name: Option<serde_json::Value>,
                }
                let tag: Tag = serde_json::from_slice(body).map_err(DecodeError::Json)?;
                let Some(serde_json::Value::String(name)) = tag.name else {
                    return Err(DecodeError::NoEventName);
                };
                match name.as_str() {
                    #(#by_tag)*
                    other => unknown(other, body),
                }
            }
        }
    });
    quote! {
        impl Event {
            /// The names of the webhooks this crate knows, as the spec
            /// names them.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            #from_slice

            /// Decodes a webhook request's raw body as the webhook `name`
            /// (one of [`Event::NAMES`]: for an endpoint registered for one
            /// webhook, or an API whose bodies do not name their event); a
            /// name the crate does not know gives [`Event::Unknown`].
            ///
            /// # Errors
            ///
            /// [`DecodeError`] when the body is not JSON, or not the
            /// webhook's payload.
            pub fn decode(name: &str, body: &[u8]) -> Result<Received, DecodeError> {
                match name {
                    #(#by_name)*
                    other => unknown(other, body),
                }
            }

            /// The event's name as the API sends it.
            pub fn name(&self) -> &str {
                match self {
                    #(#event_name)*
                    Self::Unknown(unknown) => &unknown.name,
                }
            }
        }

        /// `body` decoded tolerantly as `T`, the payload of `event`.
        fn read<T: serde::de::DeserializeOwned>(
            body: &[u8],
            event: &'static str,
            variant: fn(T) -> Event,
        ) -> Result<Received, DecodeError> {
            match tolerant::decode::<T>(body) {
                Ok((payload, unread)) => Ok(Received { event: variant(payload), unread }),
                Err(source) if source.is_data() => Err(DecodeError::Payload { event, source }),
                Err(error) => Err(DecodeError::Json(error)),
            }
        }

        /// `body` kept as the JSON of an event named `name` that the crate
        /// does not know.
        fn unknown(name: &str, body: &[u8]) -> Result<Received, DecodeError> {
            let body = serde_json::from_slice(body).map_err(DecodeError::Json)?;
            Ok(Received {
                event: Event::Unknown(UnknownEvent { name: name.to_owned(), body }),
                unread: Vec::new(),
            })
        }
    }
}

/// The types a webhook payload reaches, by name.
fn reached_by_webhooks(api: &Api) -> BTreeSet<&str> {
    fn visit<'a>(api: &'a Api, ty: &'a TypeRef, seen: &mut BTreeSet<&'a str>) {
        match ty {
            TypeRef::Named(name) => {
                if !seen.insert(name) {
                    return;
                }
                match api.types.get(name) {
                    Some(TypeDef::Struct(def)) => {
                        for field in &def.fields {
                            visit(api, &field.ty, seen);
                        }
                    }
                    Some(TypeDef::Alias(def)) => visit(api, &def.target, seen),
                    Some(TypeDef::OneOf(def)) => {
                        for variant in &def.variants {
                            match &variant.payload {
                                crate::ir::VariantPayload::Newtype(ty) => visit(api, ty, seen),
                                crate::ir::VariantPayload::Struct(fields) => {
                                    for field in fields {
                                        visit(api, &field.ty, seen);
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                visit(api, inner, seen)
            }
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    for webhook in &api.webhooks {
        visit(api, &webhook.payload, &mut seen);
    }
    seen
}

/// `is_echo_of` on each struct a webhook payload reaches that has the
/// `x-echo-marker` property.
fn echo(api: &Api) -> TokenStream {
    let Some(marker) = &api.echo_marker else {
        return TokenStream::new();
    };
    let reached = reached_by_webhooks(api);
    let property = &marker.property;
    let doc = format!("Whether this was sent by the integration that marks what it sends with `marker` (its `{property}`): an echo of your own message, which a two-way integration skips rather than answer itself. Send the same marker as `{property}` on the messages you send.");
    let doc = doc_attrs([Some(doc.as_str())]);
    let impls = marker
        .holders
        .iter()
        .filter(|(name, _)| reached.contains(name.as_str()))
        .filter_map(|(name, field)| {
            let Some(TypeDef::Struct(def)) = api.types.get(name) else {
                return None;
            };
            let field_def = def.fields.iter().find(|f| &f.rust_name == field)?;
            let optional = !field_def.required || matches!(field_def.ty, TypeRef::Nullable(_));
            let ty = ident(name);
            let field = ident(field);
            let compare = if optional {
                quote! { self.#field.as_deref() == Some(marker) }
            } else {
                quote! { self.#field == marker }
            };
            Some(quote! {
                impl types::#ty {
                    #doc
                    pub fn is_echo_of(&self, marker: &str) -> bool {
                        #compare
                    }
                }
            })
        });
    quote! { #(#impls)* }
}

/// `VerifyError` and one `verify_*` function per checked scheme.
fn verification(api: &Api) -> TokenStream {
    let checks = checks(api);
    if checks.is_empty() {
        return TokenStream::new();
    }
    let mut listed_by: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for webhook in &api.webhooks {
        for check in webhook.security.iter().flatten() {
            let names = listed_by.entry(scheme_of(check)).or_default();
            if !names.contains(&webhook.name.as_str()) {
                names.push(&webhook.name);
            }
        }
    }
    let functions = checks.iter().map(|check| {
        let scheme = scheme_of(check);
        let used = listed_by
            .get(scheme)
            .map(|names| {
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let function = ident(&format!("verify_{}", naming::snake(scheme)));
        let constant = ident(&format!(
            "{}_HEADER",
            naming::snake(scheme).to_ascii_uppercase()
        ));
        match check {
            WebhookCheck::HeaderSecret { header, .. } => {
                let doc = format!("Checks the secret a webhook request carries in `{header}` (security scheme `{scheme}`, listed by {used}) against yours, in constant time. Pass the header's value, `None` when the request has none.");
                let const_doc = format!("The header that carries the secret of scheme `{scheme}`.");
                let const_doc = doc_attrs([Some(const_doc.as_str())]);
                let doc = doc_attrs([Some(doc.as_str())]);
                quote! {
                    #const_doc
                    pub const #constant: &str = #header;

                    #doc
                    ///
                    /// # Errors
                    ///
                    /// [`VerifyError`] when the header is missing or holds
                    /// another value: answer 401 and drop the request.
                    pub fn #function(secret: &str, header: Option<&[u8]>) -> Result<(), VerifyError> {
                        let received = header.ok_or(VerifyError::Missing { header: #constant })?;
                        same(received.trim_ascii(), secret.as_bytes(), #constant)
                    }
                }
            }
            WebhookCheck::Basic { .. } => {
                let doc = format!("Checks the HTTP basic credentials of a webhook request (security scheme `{scheme}`, listed by {used}) against yours, in constant time. Pass the `Authorization` header's value, `None` when the request has none.");
                let doc = doc_attrs([Some(doc.as_str())]);
                quote! {
                    #doc
                    ///
                    /// # Errors
                    ///
                    /// [`VerifyError`] when the header is missing or holds
                    /// other credentials: answer 401 and drop the request.
                    pub fn #function(user: &str, password: &str, authorization: Option<&[u8]>) -> Result<(), VerifyError> {
                        const HEADER: &str = "authorization";
                        let received = authorization.ok_or(VerifyError::Missing { header: HEADER })?.trim_ascii();
                        let (scheme, credentials) = received.split_at(received.len().min(6));
                        if !scheme.eq_ignore_ascii_case(b"basic ") {
                            return Err(VerifyError::Mismatch { header: HEADER });
                        }
                        let expected = base64(format!("{user}:{password}").as_bytes());
                        same(credentials.trim_ascii(), expected.as_bytes(), HEADER)
                    }
                }
            }
            WebhookCheck::Signature(signature) => {
                let header = &signature.header;
                let prefix = proc_macro2::Literal::byte_string(signature.prefix.as_bytes());
                let (encoding, encode, received) = match signature.encoding {
                    SignatureEncoding::Hex => (
                        "lower-case hexadecimal (upper case is accepted too)",
                        quote! { hex(&mac) },
                        quote! { &received.to_ascii_lowercase() },
                    ),
                    SignatureEncoding::Base64 => (
                        "base64",
                        quote! { base64(&mac) },
                        quote! { received },
                    ),
                };
                let prefix_words = if signature.prefix.is_empty() {
                    String::new()
                } else {
                    format!(", after `{}`", signature.prefix)
                };
                let doc = format!("Checks the HMAC-SHA256 signature of a webhook request's raw body (security scheme `{scheme}`, listed by {used}): the header `{header}` holds it in {encoding}{prefix_words}. Pass your signing secret, the header's value (`None` when the request has none) and the body exactly as received, before decoding it. The comparison takes constant time.");
                let const_doc = format!("The header that carries the signature of scheme `{scheme}`.");
                let const_doc = doc_attrs([Some(const_doc.as_str())]);
                let doc = doc_attrs([Some(doc.as_str())]);
                quote! {
                    #const_doc
                    pub const #constant: &str = #header;

                    #doc
                    ///
                    /// # Errors
                    ///
                    /// [`VerifyError`] when the header is missing or the
                    /// signature is not the body's: answer 401 and drop the
                    /// request.
                    pub fn #function(secret: &[u8], header: Option<&[u8]>, body: &[u8]) -> Result<(), VerifyError> {
                        use hmac::Mac;
                        let received = header.ok_or(VerifyError::Missing { header: #constant })?.trim_ascii();
                        let Some(received) = received.strip_prefix(#prefix) else {
                            return Err(VerifyError::Mismatch { header: #constant });
                        };
                        let Ok(mut signer) = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret) else {
                            return Err(VerifyError::Mismatch { header: #constant });
                        };
                        signer.update(body);
                        let mac = signer.finalize().into_bytes();
                        same(#received, #encode.as_bytes(), #constant)
                    }
                }
            }
        }
    });
    let uses_hex = checks
        .iter()
        .any(|c| matches!(c, WebhookCheck::Signature(s) if s.encoding == SignatureEncoding::Hex));
    let uses_base64 = checks.iter().any(|c| {
        matches!(c, WebhookCheck::Basic { .. })
            || matches!(c, WebhookCheck::Signature(s) if s.encoding == SignatureEncoding::Base64)
    });
    let hex = uses_hex.then(|| {
        quote! {
            /// `bytes` in lower-case hexadecimal.
            fn hex(bytes: &[u8]) -> String {
                const DIGITS: &[u8; 16] = b"0123456789abcdef";
                let mut text = String::with_capacity(bytes.len() * 2);
                for byte in bytes {
                    text.push(char::from(DIGITS[usize::from(byte >> 4)]));
                    text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
                }
                text
            }
        }
    });
    let base64 = uses_base64.then(|| {
        quote! {
            /// `bytes` in standard base64, with padding.
            fn base64(bytes: &[u8]) -> String {
                const ALPHABET: &[u8; 64] =
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
                for chunk in bytes.chunks(3) {
                    let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
                    let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
                    for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
                        if i <= chunk.len() {
                            text.push(char::from(ALPHABET[((n >> shift) & 0x3f) as usize]));
                        } else {
                            text.push('=');
                        }
                    }
                }
                text
            }
        }
    });
    quote! {
        /// Why a webhook request failed a check: it may not come from the
        /// API, so answer 401 and do not act on it.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum VerifyError {
            /// The request lacks the header the check reads.
            Missing {
                /// The header's name.
                header: &'static str,
            },
            /// The header does not hold the expected value.
            Mismatch {
                /// The header's name.
                header: &'static str,
            },
        }

        impl std::fmt::Display for VerifyError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Missing { header } => write!(f, "the webhook request has no `{header}` header"),
                    Self::Mismatch { header } => write!(f, "the webhook request's `{header}` header does not match"),
                }
            }
        }

        impl std::error::Error for VerifyError {}

        #(#functions)*

        /// Whether `received` is `expected`, in a time that does not depend
        /// on where they differ.
        fn same(received: &[u8], expected: &[u8], header: &'static str) -> Result<(), VerifyError> {
            use subtle::ConstantTimeEq;
            if bool::from(received.ct_eq(expected)) {
                Ok(())
            } else {
                Err(VerifyError::Mismatch { header })
            }
        }

        #hex
        #base64
    }
}

//! Lowering webhooks (OpenAPI 3.1 `webhooks`, which the front door moves to
//! the root `x-webhooks`, or `x-webhooks` written in a 3.0 document): each
//! becomes an event the crate's `webhooks` module decodes, with its JSON
//! payload's type, the property that names events when every payload has
//! one, and the checks its security schemes let a receiver make. What a
//! webhook needs that the crate cannot decode is a located warning, and
//! that webhook is left out.

use std::collections::BTreeSet;

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{
    BodyMedia, EchoMarker, EnumRepr, EventTag, Field, FieldKind, Method, Operation, Signature,
    SignatureEncoding, TypeDef, TypeRef, VariantPayload, Webhook, WebhookCheck, UNKNOWN_VARIANT,
};
use crate::naming;
use crate::pointer::Pointer;

/// The security scheme extension that makes an `apiKey` header scheme a
/// signature of the body.
pub(super) const SIGNATURE_EXTENSION: &str = "x-webhook-signature";

/// The root extension naming the property that marks an integration's own
/// messages.
const ECHO_EXTENSION: &str = "x-echo-marker";

/// Where webhooks are in the document as lowering reads it.
fn webhooks_pointer() -> Pointer {
    Pointer::root().push("x-webhooks")
}

impl<'a> Lowerer<'a> {
    /// The security schemes for webhooks only: a signature
    /// (`x-webhook-signature`), or a scheme some webhook lists that neither
    /// the document's `security` nor any operation does. The client never
    /// sends them, so they are no builder setting.
    pub(super) fn webhook_only_schemes(&self) -> BTreeSet<String> {
        let mut only = BTreeSet::new();
        let Some(components) = &self.spec.components else {
            return only;
        };
        for (name, scheme) in &components.security_schemes {
            if let ReferenceOr::Item(scheme) = scheme {
                if scheme_extensions(scheme).contains_key(SIGNATURE_EXTENSION) {
                    only.insert(name.clone());
                }
            }
        }
        let names = |requirements: &Vec<SecurityRequirement>| -> Vec<String> {
            requirements
                .iter()
                .flat_map(|r| r.keys().cloned())
                .collect()
        };
        let mut by_api: BTreeSet<String> = self.spec.security.iter().flat_map(names).collect();
        for (_, item) in &self.spec.paths.paths {
            if let ReferenceOr::Item(item) = item {
                for (_, operation) in item.iter() {
                    by_api.extend(operation.security.iter().flat_map(names));
                }
            }
        }
        for (_, item) in self.webhooks {
            if let Ok(ReferenceOr::Item(item)) = item {
                for (_, operation) in item.iter() {
                    for name in operation.security.iter().flat_map(names) {
                        if !by_api.contains(&name) {
                            only.insert(name);
                        }
                    }
                }
            }
        }
        only
    }

    /// Lowers every webhook in document order; then finds the property
    /// that names them, if every payload has one.
    pub(super) fn lower_webhooks(&mut self) -> (Vec<Webhook>, Option<EventTag>) {
        if let Some(value) = self.spec.extensions.get("x-webhooks") {
            if !value.is_object() {
                self.error(Diagnostic::new(
                    Code::UnsupportedWebhook,
                    &webhooks_pointer(),
                    "`webhooks` must be a map of names to path items; it is ignored",
                ));
                return (Vec::new(), None);
            }
        }
        let mut variants = naming::Namespace::with_reserved([UNKNOWN_VARIANT]);
        let mut webhooks = Vec::new();
        for (name, item) in self.webhooks {
            let pointer = webhooks_pointer().push(name);
            let item = match item {
                Ok(ReferenceOr::Item(item)) => item,
                Ok(ReferenceOr::Reference { .. }) => {
                    self.left_out_webhook(&pointer, "a `$ref` path item is not followed here");
                    continue;
                }
                Err(why) => {
                    let why = format!("it is not a path item ({why})");
                    self.left_out_webhook(&pointer, &why);
                    continue;
                }
            };
            let mut found = item
                .iter()
                .filter_map(|(key, operation)| Some((Method::from_key(key)?, key, operation)));
            let Some((method, key, operation)) = found.next() else {
                self.left_out_webhook(&pointer, "it has no operation");
                continue;
            };
            let at = pointer.push(key);
            let Some(payload) = self.webhook_payload(name, operation, &at) else {
                continue;
            };
            let rust_name = variants.claim(&naming::type_name(name));
            let security = self.webhook_checks(operation, &at);
            webhooks.push(Webhook {
                name: name.clone(),
                rust_name,
                method,
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                payload,
                tag: None,
                security,
                pointer: at,
            });
        }
        let tag = self.event_tag(&mut webhooks);
        (webhooks, tag)
    }

    /// Warns that the webhook at `pointer` is left out, and why.
    fn left_out_webhook(&mut self, pointer: &Pointer, why: &str) {
        self.error(Diagnostic::new(
            Code::UnsupportedWebhook,
            pointer,
            format!(
                "{why}; the webhook is left out of the `webhooks` module, the rest is generated"
            ),
        ));
    }

    /// The type of a webhook's JSON request body.
    fn webhook_payload(
        &mut self,
        name: &str,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
    ) -> Option<TypeRef> {
        let Some(body) = &operation.request_body else {
            self.left_out_webhook(at, "it has no request body to decode");
            return None;
        };
        let (body, body_at) =
            self.resolve(body, &at.push("requestBody"), "requestBodies", |c| {
                &c.request_bodies
            })?;
        let json = body
            .content
            .iter()
            .find(|(media_type, _)| super::operations::is_json(media_type));
        let Some((media_type, content)) = json else {
            self.left_out_webhook(&body_at, "its body is not JSON");
            return None;
        };
        let schema_at = body_at.push("content").push(media_type).push("schema");
        let Some(schema) = &content.schema else {
            self.left_out_webhook(&schema_at, "its JSON body has no schema");
            return None;
        };
        let hint = format!("{}Payload", naming::type_name(name));
        Some(self.type_of(schema, &schema_at, &hint))
    }

    /// The checks a webhook's own `security` lets a receiver make; a
    /// requirement naming a scheme no check follows is left out, with a
    /// warning.
    fn webhook_checks(
        &mut self,
        operation: &openapiv3::Operation,
        at: &Pointer,
    ) -> Vec<Vec<WebhookCheck>> {
        let Some(requirements) = &operation.security else {
            return Vec::new();
        };
        let mut kept = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let mut checks = Vec::new();
            let mut usable = true;
            for name in requirement.keys() {
                let place = at.push("security").push(index).push(name);
                match self.webhook_check(name, &place) {
                    Some(check) => checks.push(check),
                    None => usable = false,
                }
            }
            if usable {
                kept.push(checks);
            }
        }
        kept
    }

    /// The check of the scheme `name`, or `None` after a warning.
    fn webhook_check(&mut self, name: &str, place: &Pointer) -> Option<WebhookCheck> {
        let scheme = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name));
        let Some(ReferenceOr::Item(scheme)) = scheme else {
            self.error(Diagnostic::new(
                Code::UndefinedSecurityScheme,
                place,
                format!(
                    "security scheme `{name}` is not defined under #/components/securitySchemes"
                ),
            ));
            return None;
        };
        let scheme_at = Pointer::root()
            .push("components")
            .push("securitySchemes")
            .push(name);
        let signature = scheme_extensions(scheme).get(SIGNATURE_EXTENSION);
        match (scheme, signature) {
            (
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name: header,
                    ..
                },
                Some(signature),
            ) if naming::is_header_name(header) => {
                let signature = self.signature(name, header, signature, &scheme_at)?;
                Some(WebhookCheck::Signature(signature))
            }
            (
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name: header,
                    ..
                },
                None,
            ) if naming::is_header_name(header) => Some(WebhookCheck::HeaderSecret {
                scheme: name.to_owned(),
                header: header.to_ascii_lowercase(),
            }),
            (SecurityScheme::HTTP { scheme: http, .. }, None)
                if http.eq_ignore_ascii_case("basic") =>
            {
                Some(WebhookCheck::Basic {
                    scheme: name.to_owned(),
                })
            }
            _ => {
                self.error(Diagnostic::new(
                    Code::UnsupportedWebhook,
                    place,
                    format!("the receiver has no check for the scheme `{name}` (webhooks can be checked by an API key in a header, HTTP basic authentication, or a header with `{SIGNATURE_EXTENSION}`); this requirement is left out of the webhook's checks"),
                ));
                None
            }
        }
    }

    /// Reads `x-webhook-signature: {algorithm: hmac-sha256, encoding:
    /// hex|base64, prefix: "sha256="}`.
    fn signature(
        &mut self,
        scheme: &str,
        header: &str,
        value: &serde_json::Value,
        scheme_at: &Pointer,
    ) -> Option<Signature> {
        let at = scheme_at.push(SIGNATURE_EXTENSION);
        let field = |key: &str| value.get(key).and_then(serde_json::Value::as_str);
        let algorithm = field("algorithm").unwrap_or("hmac-sha256");
        let encoding = match field("encoding").unwrap_or("hex") {
            "hex" => Some(SignatureEncoding::Hex),
            "base64" => Some(SignatureEncoding::Base64),
            _ => None,
        };
        let prefix = value.get("prefix");
        let prefix_ok = prefix.is_none_or(serde_json::Value::is_string);
        match encoding {
            Some(encoding) if value.is_object() && algorithm == "hmac-sha256" && prefix_ok => {
                Some(Signature {
                    scheme: scheme.to_owned(),
                    header: header.to_ascii_lowercase(),
                    encoding,
                    prefix: field("prefix").unwrap_or_default().to_owned(),
                })
            }
            _ => {
                self.error(
                    Diagnostic::new(
                        Code::UnsupportedWebhook,
                        &at,
                        format!("`{SIGNATURE_EXTENSION}` must be `{{algorithm: hmac-sha256, encoding: hex or base64, prefix: text}}` (all optional); webhooks listing this scheme get no check for it"),
                    ),
                );
                None
            }
        }
    }

    /// The property every webhook's payload requires as a one-value string
    /// enum, with a different value each (`eventName: {const:
    /// conversationStarted}`); it names the event of a body. Each webhook
    /// gets its value as [`Webhook::tag`].
    fn event_tag(&self, webhooks: &mut [Webhook]) -> Option<EventTag> {
        let tags_of = |webhook: &Webhook| -> Vec<(String, String)> {
            let TypeRef::Named(name) = &webhook.payload else {
                return Vec::new();
            };
            let Some((TypeDef::Struct(def), _)) = self.types.get(name) else {
                return Vec::new();
            };
            def.fields
                .iter()
                .filter(|field| field.required && field.kind == FieldKind::Property)
                .filter_map(|field| {
                    let TypeRef::Named(ty) = &field.ty else {
                        return None;
                    };
                    match self.types.get(ty) {
                        Some((TypeDef::Enum(def), _))
                            if def.repr == EnumRepr::String && def.variants.len() == 1 =>
                        {
                            Some((field.wire_name.clone(), def.variants[0].wire_name.clone()))
                        }
                        _ => None,
                    }
                })
                .collect()
        };
        let all: Vec<Vec<(String, String)>> = webhooks.iter().map(tags_of).collect();
        let first = all.first()?;
        let property = first.iter().map(|(p, _)| p).find(|property| {
            let mut values = BTreeSet::new();
            all.iter().all(|tags| {
                tags.iter()
                    .find(|(p, _)| p == *property)
                    .is_some_and(|(_, value)| values.insert(value.clone()))
            })
        })?;
        for (webhook, tags) in webhooks.iter_mut().zip(&all) {
            webhook.tag = tags
                .iter()
                .find(|(p, _)| p == property)
                .map(|(_, v)| v.clone());
        }
        Some(EventTag {
            property: property.clone(),
        })
    }

    /// The root `x-echo-marker: property`, with the structs that have that
    /// property as a string and the operations whose JSON request body has
    /// it.
    pub(super) fn echo_marker(&mut self, operations: &[Operation]) -> Option<EchoMarker> {
        let value = self.spec.extensions.get(ECHO_EXTENSION)?;
        let Some(property) = value.as_str() else {
            self.error(Diagnostic::new(
                Code::IgnoredExtension,
                &Pointer::root().push(ECHO_EXTENSION),
                format!("`{ECHO_EXTENSION}` must be a property name such as \"receivedFrom\"; it is ignored"),
            ));
            return None;
        };
        let holders = self
            .types
            .iter()
            .filter_map(|(name, (def, _))| {
                let TypeDef::Struct(def) = def else {
                    return None;
                };
                def.fields
                    .iter()
                    .find(|field| {
                        field.kind == FieldKind::Property
                            && field.wire_name == property
                            && is_text(&field.ty)
                    })
                    .map(|field| (name.clone(), field.rust_name.clone()))
            })
            .collect();
        let operations = operations
            .iter()
            .filter(|operation| {
                operation.body.as_ref().is_some_and(|body| {
                    body.media == BodyMedia::Json && self.carries(&body.ty, property, 0)
                })
            })
            .map(|operation| operation.operation_id.clone())
            .collect();
        Some(EchoMarker {
            property: property.to_owned(),
            holders,
            operations,
        })
    }

    /// Whether a JSON value of `ty` has `property` as a string at its top
    /// level: a struct's property, or one of a flattened part or of every
    /// alternative of a union, through aliases and `nullable`; `depth` types
    /// deep.
    fn carries(&self, ty: &TypeRef, property: &str, depth: usize) -> bool {
        if depth > crate::lower::types::MAX_DEPTH {
            return false;
        }
        let has = |fields: &[Field]| {
            fields.iter().any(|field| match field.kind {
                FieldKind::Property => field.wire_name == property && is_text(&field.ty),
                FieldKind::Flatten => self.carries(&field.ty, property, depth + 1),
                FieldKind::Additional => false,
            })
        };
        match ty {
            TypeRef::Nullable(inner) => self.carries(inner, property, depth + 1),
            TypeRef::Named(name) => match self.types.get(name) {
                Some((TypeDef::Struct(def), _)) => has(&def.fields),
                Some((TypeDef::Alias(alias), _)) => {
                    self.carries(&alias.target, property, depth + 1)
                }
                // Whichever alternative the caller built: all must have it.
                Some((TypeDef::OneOf(def), _)) => {
                    def.variants.iter().all(|variant| match &variant.payload {
                        VariantPayload::Struct(fields) => has(fields),
                        VariantPayload::Newtype(ty) => self.carries(ty, property, depth + 1),
                    })
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// Whether a field of type `ty` holds the echo marker's text: a string,
/// or an optional one.
fn is_text(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String => true,
        TypeRef::Nullable(inner) => **inner == TypeRef::String,
        _ => false,
    }
}

/// A scheme's `x-` extensions.
fn scheme_extensions(scheme: &SecurityScheme) -> &indexmap::IndexMap<String, serde_json::Value> {
    match scheme {
        SecurityScheme::APIKey { extensions, .. }
        | SecurityScheme::HTTP { extensions, .. }
        | SecurityScheme::OAuth2 { extensions, .. }
        | SecurityScheme::OpenIDConnect { extensions, .. } => extensions,
    }
}

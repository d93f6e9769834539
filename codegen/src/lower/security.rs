//! Lowering security schemes and requirements: every scheme a client can
//! send becomes a builder setting (API keys in a header, query parameter or
//! cookie; `http` bearer and basic; `oauth2` and `openIdConnect` as a bearer
//! token the caller obtains), and each operation says which it is sent
//! with. A scheme the client cannot send is a warning and is named in the
//! crate's docs.

use std::collections::BTreeSet;

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{AuthScheme, CredentialKind, KeyLocation, Security};
use crate::naming;
use crate::pointer::Pointer;
use crate::runtime::BUILDER_METHODS;

impl<'a> Lowerer<'a> {
    /// The schemes the client can send, those the top-level `security`
    /// lists first (in its order), then the other defined ones; and the
    /// ones it cannot, with why.
    pub(super) fn lower_security(&mut self) -> (Vec<AuthScheme>, Vec<(String, String)>) {
        let Some(components) = &self.spec.components else {
            return (Vec::new(), Vec::new());
        };
        let order = self.scheme_order(components);
        let webhook_only = self.webhook_only_schemes();
        let mut schemes: Vec<AuthScheme> = Vec::new();
        let mut setters = naming::Namespace::with_reserved(BUILDER_METHODS.iter().copied());
        let mut unsupported = Vec::new();
        for name in order {
            let pointer = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name);
            let Some(scheme) = components.security_schemes.get(name) else {
                continue;
            };
            // Checked by the receiver of webhooks, never sent.
            if webhook_only.contains(name) {
                continue;
            }
            let ReferenceOr::Item(scheme) = scheme else {
                self.error(Diagnostic::new(
                    Code::UnsupportedReference,
                    &pointer,
                    "a `$ref` security scheme is not supported",
                ));
                continue;
            };
            let kind = match self.credential_kind(scheme, &pointer) {
                Ok(kind) => kind,
                Err(Some(why)) => {
                    unsupported.push((name.to_owned(), why));
                    continue;
                }
                Err(None) => continue,
            };
            let wanted = naming::snake(name);
            let rust_name = setters.claim(&wanted);
            if rust_name != wanted {
                let reason = if BUILDER_METHODS.contains(&wanted.as_str()) {
                    "`ClientBuilder` has that setting whatever the spec".to_owned()
                } else {
                    "another scheme has it".to_owned()
                };
                self.error(
                    Diagnostic::new(
                        Code::Renamed,
                        &pointer,
                        format!("the scheme `{name}` would be set with `{wanted}`, but {reason}; it is `{rust_name}`"),
                    )
                    .with_hint("rename the security scheme (its key is only a name inside the spec) to choose the setter's name"),
                );
            }
            schemes.push(AuthScheme {
                scheme: name.to_owned(),
                rust_name,
                kind,
                description: scheme_description(scheme).clone(),
            });
        }
        self.sendable_schemes = schemes.iter().map(|s| s.scheme.clone()).collect();
        (schemes, unsupported)
    }

    /// The keys of the defined schemes, those the top-level `security`
    /// lists first (in its order); a listed scheme that is not defined is
    /// reported.
    fn scheme_order(&mut self, components: &'a openapiv3::Components) -> Vec<&'a str> {
        let mut order: Vec<&str> = Vec::new();
        for (index, requirement) in self.spec.security.iter().flatten().enumerate() {
            for name in requirement.keys() {
                if !components.security_schemes.contains_key(name) {
                    self.error(Diagnostic::new(
                    Code::UndefinedSecurityScheme,
                    &Pointer::root().push("security").push(index).push(name),
                    format!("security scheme `{name}` is not defined under #/components/securitySchemes"),
                ));
                } else if !order.contains(&name.as_str()) {
                    order.push(name);
                }
            }
        }
        for name in components.security_schemes.keys() {
            if !order.contains(&name.as_str()) {
                order.push(name);
            }
        }
        order
    }

    /// How a scheme's credential travels; `Err(Some(why))` for a scheme the
    /// client cannot send (reported here), `Err(None)` for one already
    /// reported as an error.
    fn credential_kind(
        &mut self,
        scheme: &SecurityScheme,
        pointer: &Pointer,
    ) -> Result<CredentialKind, Option<String>> {
        match scheme {
            SecurityScheme::APIKey { location, name, .. } => {
                self.api_key_kind(location, name, pointer)
            }
            SecurityScheme::HTTP { scheme: http, .. } => match http.to_ascii_lowercase().as_str() {
                "bearer" => Ok(CredentialKind::Bearer { obtained: None }),
                "basic" => Ok(CredentialKind::Basic),
                other => {
                    let why = format!("HTTP `{other}` authentication is not supported (only `bearer` and `basic` are)");
                    self.error(
                        Diagnostic::new(Code::UnsupportedSecurityScheme, pointer, format!("{why}; the client does not send it"))
                            .with_hint("operations that need it are sent without it; a caller can still add the header through their own `reqwest::Client` (`ClientBuilder::http_client`)"),
                    );
                    Err(Some(why))
                }
            },
            SecurityScheme::OAuth2 { flows, .. } => Ok(CredentialKind::Bearer {
                obtained: Some(oauth2_token(flows)),
            }),
            SecurityScheme::OpenIDConnect {
                open_id_connect_url,
                ..
            } => Ok(CredentialKind::Bearer {
                obtained: Some(format!(
                    "an OpenID Connect access token (discovery at {})",
                    code_span(open_id_connect_url)
                )),
            }),
        }
    }

    /// How an API key named `name` travels in `location`; `Err(None)`
    /// for a name that cannot be sent there (reported here).
    fn api_key_kind(
        &mut self,
        location: &APIKeyLocation,
        name: &str,
        pointer: &Pointer,
    ) -> Result<CredentialKind, Option<String>> {
        let location = match location {
            APIKeyLocation::Header => KeyLocation::Header,
            APIKeyLocation::Query => KeyLocation::Query,
            APIKeyLocation::Cookie => KeyLocation::Cookie,
        };
        let valid = match location {
            KeyLocation::Header => naming::is_header_name(name),
            KeyLocation::Query | KeyLocation::Cookie => {
                !name.is_empty() && !name.contains(|c: char| c.is_control() || c == ';' || c == '=')
            }
        };
        if !valid {
            self.error(Diagnostic::new(
                Code::InvalidHeaderName,
                &pointer.push("name"),
                format!("`{name}` is not a valid name for an API key in this place"),
            ));
            return Err(None);
        }
        let name = if location == KeyLocation::Header {
            name.to_ascii_lowercase()
        } else {
            name.to_owned()
        };
        Ok(CredentialKind::ApiKey { location, name })
    }

    /// The requirements an operation's own `security` (or, without one, the
    /// document's) sets, among the schemes the client can send.
    pub(super) fn operation_security(
        &mut self,
        own: Option<&'a Vec<SecurityRequirement>>,
        pointer: &Pointer,
    ) -> Security {
        let supported = std::mem::take(&mut self.sendable_schemes);
        let security = self.requirements(own, pointer, &supported);
        self.sendable_schemes = supported;
        security
    }

    fn requirements(
        &mut self,
        own: Option<&'a Vec<SecurityRequirement>>,
        pointer: &Pointer,
        supported: &BTreeSet<String>,
    ) -> Security {
        let (requirements, at) = match (own, &self.spec.security) {
            (Some(own), _) => (own, pointer.push("security")),
            (None, Some(global)) => (global, Pointer::root().push("security")),
            (None, None) => return None,
        };
        let defined = |name: &str| {
            self.spec
                .components
                .as_ref()
                .is_some_and(|c| c.security_schemes.contains_key(name))
        };
        let mut kept = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let mut names: Vec<String> = Vec::new();
            let mut sendable = true;
            for name in requirement.keys() {
                if !defined(name) {
                    if own.is_some() {
                        self.error(Diagnostic::new(
                            Code::UndefinedSecurityScheme,
                            &at.push(index).push(name),
                            format!("security scheme `{name}` is not defined under #/components/securitySchemes"),
                        ));
                    }
                    sendable = false;
                } else if supported.contains(name) {
                    names.push(name.clone());
                } else {
                    sendable = false;
                }
            }
            if sendable {
                kept.push(names);
            }
        }
        // When nothing the client can send satisfies the operation, `kept`
        // is empty: the operation goes without credentials, since sending
        // ones its spec does not ask for would hand them to an endpoint that
        // never needed them (a `reqwest::Client` of the caller's own can add
        // the header the scheme needs).
        Some(kept)
    }
}

fn scheme_description(scheme: &SecurityScheme) -> &Option<String> {
    match scheme {
        SecurityScheme::APIKey { description, .. }
        | SecurityScheme::HTTP { description, .. }
        | SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => description,
    }
}

/// A URL of the spec as a Markdown code span, which rustdoc and every
/// reader take as it is (a bare URL is a rustdoc warning).
fn code_span(url: &str) -> String {
    format!("`{}`", url.replace('`', "%60"))
}

/// What an OAuth 2.0 scheme's token is, naming the flows that obtain it.
fn oauth2_token(flows: &openapiv3::OAuth2Flows) -> String {
    let mut described = Vec::new();
    if let Some(flow) = &flows.authorization_code {
        described.push(format!(
            "the authorization code flow (authorize at {}, token at {})",
            code_span(&flow.authorization_url),
            code_span(&flow.token_url)
        ));
    }
    if let Some(flow) = &flows.client_credentials {
        described.push(format!(
            "the client credentials flow (token at {})",
            code_span(&flow.token_url)
        ));
    }
    if let Some(flow) = &flows.password {
        described.push(format!(
            "the password flow (token at {})",
            code_span(&flow.token_url)
        ));
    }
    if let Some(flow) = &flows.implicit {
        described.push(format!(
            "the implicit flow (authorize at {})",
            code_span(&flow.authorization_url)
        ));
    }
    if described.is_empty() {
        "an OAuth 2.0 access token".to_owned()
    } else {
        format!(
            "an OAuth 2.0 access token, obtained through {}",
            described.join(" or ")
        )
    }
}

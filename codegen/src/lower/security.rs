//! Lowering security schemes: API keys in headers become client settings;
//! other schemes are reported, as the client cannot send them.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::AuthScheme;
use crate::naming;
use crate::pointer::Pointer;
use crate::runtime::BUILDER_METHODS;

impl<'a> Lowerer<'a> {
    /// The header API-key schemes, those the top-level `security` lists first
    /// (in its order), then the other defined ones.
    pub(super) fn lower_security(&mut self) -> Vec<AuthScheme> {
        let Some(components) = &self.spec.components else {
            return Vec::new();
        };
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
        let mut schemes: Vec<AuthScheme> = Vec::new();
        for name in order {
            let pointer = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name);
            let Some(scheme) = components.security_schemes.get(name) else {
                continue;
            };
            let ReferenceOr::Item(scheme) = scheme else {
                self.error(Diagnostic::new(
                    Code::UnsupportedReference,
                    &pointer,
                    "a `$ref` security scheme is not supported",
                ));
                continue;
            };
            match scheme {
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name: header,
                    description,
                    ..
                } => {
                    if !naming::is_header_name(header) {
                        self.error(Diagnostic::new(
                            Code::InvalidHeaderName,
                            &pointer.push("name"),
                            format!("`{header}` is not a valid HTTP header name"),
                        ));
                        continue;
                    }
                    let Some(rust_name) = naming::snake(name) else {
                        self.error(Diagnostic::new(Code::UnrepresentableName, &pointer, format!("the scheme name `{name}` has no ASCII letter or digit to make a Rust name from")));
                        continue;
                    };
                    if BUILDER_METHODS.contains(&rust_name.as_str()) {
                        self.error(
                            Diagnostic::new(
                                Code::ReservedName,
                                &pointer,
                                format!("the scheme name `{name}` would give `ClientBuilder` a second `{rust_name}`, which it already has as a setting"),
                            )
                            .with_hint(format!("rename the security scheme; these names are taken: {}", BUILDER_METHODS.join(", "))),
                        );
                        continue;
                    }
                    if schemes.iter().any(|s| s.rust_name == rust_name) {
                        self.error(Diagnostic::new(
                            Code::NameCollision,
                            &pointer,
                            format!("two security schemes would both be set with `{rust_name}`"),
                        ));
                        continue;
                    }
                    schemes.push(AuthScheme {
                        scheme: name.to_owned(),
                        header: header.to_ascii_lowercase(),
                        rust_name,
                        description: description.clone(),
                    });
                }
                _ => self.error(
                    Diagnostic::new(
                        Code::UnsupportedSecurityScheme,
                        &pointer,
                        "only API keys sent in a header are supported; this scheme is ignored",
                    )
                    .with_hint(
                        "callers can still add credentials through their own `reqwest::Client`",
                    ),
                ),
            }
        }
        schemes
    }
}

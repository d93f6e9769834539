//! Lowering an operation's responses: the success body and how it is
//! read, the documented error responses, and the `Accept` header.

use openapiv3::{ReferenceOr, Response, StatusCode};

use super::component_key;
use super::media::{is_header_text, is_json, media_kind, MediaKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{ErrorResponse, ResponseMedia, Success, TypeRef};
use crate::lower::Lowerer;
use crate::naming;
use crate::pointer::Pointer;

impl<'a> Lowerer<'a> {
    /// The success and error responses of `operation`: every 2xx status,
    /// the first success body documented, and each error response with its
    /// body's type where it has JSON.
    pub(super) fn responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        pointer: &Pointer,
        type_prefix: &str,
    ) -> (Success, Vec<ErrorResponse>) {
        let responses_at = pointer.push("responses");
        let mut success = Success {
            statuses: Vec::new(),
            ty: None,
            media: ResponseMedia::Json,
            media_types: Vec::new(),
            empty_statuses: Vec::new(),
            description: None,
        };
        let mut success_at: Option<Pointer> = None;
        let mut errors = Vec::new();
        let entries = operation
            .responses
            .responses
            .iter()
            .map(|(code, response)| (Some(code), response))
            .chain(
                operation
                    .responses
                    .default
                    .iter()
                    .map(|response| (None, response)),
            );
        for (code, response) in entries {
            let at =
                responses_at.push(code.map_or_else(|| "default".to_owned(), ToString::to_string));
            let Some((response, at)) = self.resolve(response, &at, "responses", |c| &c.responses)
            else {
                continue;
            };
            let status = match code {
                Some(StatusCode::Code(code)) => Some(*code),
                Some(StatusCode::Range(range)) => Some(range * 100),
                None => None,
            };
            let is_success = status.is_some_and(|s| (200..300).contains(&s));
            // An inline schema of a shared response is named after the
            // response's key, not after the first operation that uses it.
            let hint = match component_key(&at, "responses") {
                Some(key) => naming::type_name(key),
                None if is_success => format!("{type_prefix}Response"),
                None => format!("{type_prefix}Error"),
            };
            let ty = self.response_body(response, status, &at, &hint, is_success);
            if is_success {
                self.add_success(&mut success, &mut success_at, status, ty, response, &at);
            } else {
                errors.push(ErrorResponse {
                    status,
                    description: response.description.clone(),
                    ty: ty.map(|(ty, _)| ty),
                });
            }
        }
        if success.statuses.is_empty() {
            self.error(Diagnostic::new(
                Code::NoSuccessResponse,
                &responses_at,
                "no 2xx response is documented; any 2xx is taken as success without a body",
            ));
        }
        (success, errors)
    }

    /// The body of the response at `at` (see [`Self::response_type`]);
    /// `None`, reported, for `content` on a status that has no body.
    fn response_body(
        &mut self,
        response: &'a Response,
        status: Option<u16>,
        at: &Pointer,
        hint: &str,
        is_success: bool,
    ) -> Option<(TypeRef, ResponseMedia)> {
        if status.is_some_and(has_no_body) && !response.content.is_empty() {
            self.error(
                Diagnostic::new(
                    Code::ContentOnBodilessResponse,
                    &at.push("content"),
                    format!(
                        "a {} response has no body in HTTP; its `content` is ignored",
                        status.unwrap_or_default()
                    ),
                )
                .with_hint("remove `content` from this response"),
            );
            return None;
        }
        self.response_type(response, at, hint, is_success)
    }

    /// Adds a 2xx response (at `at`, with its `body`) to `success`: its
    /// status, and the first body documented (`success_at` says where); a
    /// later body of another type is reported.
    fn add_success(
        &mut self,
        success: &mut Success,
        success_at: &mut Option<Pointer>,
        status: Option<u16>,
        body: Option<(TypeRef, ResponseMedia)>,
        response: &'a Response,
        at: &Pointer,
    ) {
        if let Some(status) = status {
            success.statuses.push(status);
            if has_no_body(status) || response.content.is_empty() {
                success.empty_statuses.push(status);
            }
        }
        match (&success.ty, body, &*success_at) {
            (_, None, _) => {}
            (None, Some((ty, media)), _) => {
                success.ty = Some(ty);
                success.media = media;
                success.media_types = chosen_first(&response.content);
                success.description = Some(response.description.clone());
                *success_at = Some(at.clone());
            }
            (Some(existing), Some((ty, _)), Some(first)) if existing != &ty => {
                let message = format!(
                    "this success body ({}) differs from the first one ({}, at {first}); the method returns the first, so this body is decoded as {}",
                    type_label(&ty),
                    type_label(existing),
                    type_label(existing),
                );
                self.error(Diagnostic::new(Code::DifferingSuccessBodies, at, message).with_hint(
                    "give every 2xx response the same schema (a `oneOf` if the bodies really differ)",
                ));
            }
            _ => {}
        }
        if success.description.is_none() {
            success.description = Some(response.description.clone());
        }
    }

    /// The type of a response's body and how it is read: JSON where the
    /// response documents it, else (for a success) the first media type,
    /// read as text or bytes. `None` for no body, and for an error body
    /// that is not JSON (reported: callers get it as text).
    fn response_type(
        &mut self,
        response: &'a Response,
        at: &Pointer,
        hint: &str,
        is_success: bool,
    ) -> Option<(TypeRef, ResponseMedia)> {
        if response.content.is_empty() {
            return None;
        }
        let json = response
            .content
            .iter()
            .find(|(m, _)| media_kind(m) == MediaKind::Json);
        let Some((media_type, content)) = json else {
            let (first, _) = response.content.first()?;
            if is_success {
                return Some(match media_kind(first) {
                    MediaKind::Text => (TypeRef::String, ResponseMedia::Text),
                    _ => (TypeRef::Bytes, ResponseMedia::Binary),
                });
            }
            let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
            self.error(Diagnostic::new(
                Code::UnsupportedResponseMediaType,
                &at.push("content"),
                format!(
                    "error responses of type {} are not decoded; callers get the body as text",
                    types.join(", ")
                ),
            ));
            return None;
        };
        let schema = content.schema.as_ref()?;
        let ty = self.type_of(
            schema,
            &at.push("content").push(media_type).push("schema"),
            hint,
        );
        Some((ty, ResponseMedia::Json))
    }

    /// The `Accept` header of an operation: every media type its responses
    /// document, once each, the success body's (`read`, the one the client
    /// reads) first so that a server choosing by order sends it, then the
    /// others in document order; `application/json` when they document none.
    pub(super) fn accept(
        &self,
        operation: &'a openapiv3::Operation,
        read: Option<&'a str>,
    ) -> String {
        let mut types: Vec<&str> = read.map(str::trim).into_iter().collect();
        let responses = operation
            .responses
            .responses
            .values()
            .chain(operation.responses.default.iter());
        for response in responses {
            let response = match response {
                ReferenceOr::Item(response) => Some(response),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|key| self.spec.components.as_ref()?.responses.get(key))
                    .and_then(ReferenceOr::as_item),
            };
            for media_type in response.into_iter().flat_map(|r| r.content.keys()) {
                let media_type = media_type.trim();
                if !types.contains(&media_type) && is_header_text(media_type) {
                    types.push(media_type);
                }
            }
        }
        if types.is_empty() {
            "application/json".to_owned()
        } else {
            types.join(", ")
        }
    }
}

/// The media types of a response's `content`, the one the client reads
/// first (JSON where documented, else the first).
fn chosen_first(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> Vec<String> {
    let mut types: Vec<String> = content.keys().cloned().collect();
    if let Some(json) = types.iter().position(|m| is_json(m)) {
        let json = types.remove(json);
        types.insert(0, json);
    }
    types
}

/// Statuses whose responses never carry a body (RFC 9110).
fn has_no_body(status: u16) -> bool {
    matches!(status, 204 | 205 | 304)
}

/// A type as the messages name it: `` `Name` ``, `` `Vec<Name>` ``, ...
fn type_label(ty: &TypeRef) -> String {
    format!("`{}`", crate::spelling::type_text(ty))
}

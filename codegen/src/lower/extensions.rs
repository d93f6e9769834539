//! The `x-` extensions that shape the client's runtime behaviour:
//! `x-rate-limit-headers` (root), `x-idempotent` and `x-heartbeat`
//! (operations). Each is documented in docs/naming.md.

use openapiv3::Operation;
use serde_json::Value;

use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Heartbeat, Method, RateLimitHeaders};
use crate::naming;
use crate::pointer::Pointer;

/// The IETF draft names, used when the spec names none.
const DEFAULT_RATE_LIMIT_HEADERS: [&str; 3] =
    ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"];

impl<'a> Lowerer<'a> {
    /// `x-rate-limit-headers: {limit, remaining, reset}` at the root.
    pub(super) fn rate_limit_headers(&mut self) -> RateLimitHeaders {
        let [limit, remaining, reset] = DEFAULT_RATE_LIMIT_HEADERS.map(str::to_owned);
        let mut headers = RateLimitHeaders {
            limit,
            remaining,
            reset,
        };
        let Some(value) = self.spec.extensions.get("x-rate-limit-headers") else {
            return headers;
        };
        let pointer = Pointer::root().push("x-rate-limit-headers");
        let Some(object) = value.as_object() else {
            self.error(Diagnostic::new(
                Code::InvalidExtension,
                &pointer,
                "`x-rate-limit-headers` must be a mapping with `limit`, `remaining` and `reset`",
            ));
            return headers;
        };
        for (key, slot) in [
            ("limit", &mut headers.limit),
            ("remaining", &mut headers.remaining),
            ("reset", &mut headers.reset),
        ] {
            match object.get(key).and_then(Value::as_str) {
                Some(name) if naming::is_header_name(name) => *slot = name.to_ascii_lowercase(),
                Some(name) => self.diagnostics.push(Diagnostic::new(
                    Code::InvalidHeaderName,
                    &pointer.push(key),
                    format!("`{name}` is not a valid HTTP header name"),
                )),
                None => self.diagnostics.push(Diagnostic::new(
                    Code::InvalidExtension,
                    &pointer.push(key),
                    format!("`x-rate-limit-headers` needs `{key}`, the name of a header"),
                )),
            }
        }
        headers
    }

    /// Whether `operation` may be repeated safely: by its method, or by an
    /// explicit `x-idempotent`.
    pub(super) fn idempotent(
        &mut self,
        method: &Method,
        operation: &Operation,
        pointer: &Pointer,
    ) -> bool {
        let by_method = method.is_idempotent();
        match operation.extensions.get("x-idempotent") {
            None => by_method,
            Some(Value::Bool(flag)) => *flag,
            Some(_) => {
                self.error(Diagnostic::new(
                    Code::IgnoredExtension,
                    &pointer.push("x-idempotent"),
                    "`x-idempotent` must be true or false; it is ignored",
                ));
                by_method
            }
        }
    }

    /// `x-heartbeat: {method, interval-seconds, window-seconds}`.
    pub(super) fn heartbeat(
        &mut self,
        operation: &Operation,
        pointer: &Pointer,
    ) -> Option<Heartbeat> {
        let value = operation.extensions.get("x-heartbeat")?;
        let at = pointer.push("x-heartbeat");
        if !operation.parameters.is_empty() {
            self.error(Diagnostic::new(
                Code::InvalidExtension,
                &at,
                "`x-heartbeat` is only supported on operations whose only input is a request body",
            ));
            return None;
        }
        let method = value
            .get("method")
            .and_then(Value::as_str)
            .map(naming::snake);
        let interval = value
            .get("interval-seconds")
            .and_then(Value::as_u64)
            .filter(|s| *s > 0);
        let window = value.get("window-seconds").and_then(Value::as_u64);
        match (method, interval, window) {
            (Some(method_name), Some(interval_seconds), Some(window_seconds))
                if window_seconds >= interval_seconds =>
            {
                Some(Heartbeat {
                    method_name,
                    interval_seconds,
                    window_seconds,
                })
            }
            _ => {
                self.error(
                    Diagnostic::new(Code::InvalidExtension, &at, "`x-heartbeat` needs `method` (a name), `interval-seconds` (> 0) and `window-seconds` (>= the interval)")
                        .with_hint("for example `{method: keep_agent_online, interval-seconds: 60, window-seconds: 120}`"),
                );
                None
            }
        }
    }
}

//! Lowering operations: method names, path templates and the names
//! requests and their builders take; parameters, bodies and responses have
//! their own modules.

mod bodies;
mod encoding;
mod media;
mod pagination;
mod parameters;
mod responses;
mod streams;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Parameter, ReferenceOr};

use super::Lowerer;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Method, Operation, Param, ParamLocation, PathSegment};
use crate::naming;
use crate::pointer::Pointer;

pub(super) use bodies::form_component_keys;
pub(super) use media::is_json;

/// The key of `#/components/{kind}/{key}` when `at` is that pointer.
fn component_key<'p>(at: &'p Pointer, kind: &str) -> Option<&'p str> {
    match at.tokens() {
        [components, found, key] if components == "components" && found == kind => Some(key),
        _ => None,
    }
}

/// The names the emitted module `builder` uses or the prelude gives it,
/// which a request builder cannot take. The emitter's test
/// (`emit::builder`) fails when the module uses a name this list lacks.
pub(crate) const BUILDER_MODULE_NAMES: &[&str] = &[
    "Accepted",
    "ApiResponse",
    "Box",
    "CallSettings",
    "Client",
    "Deadline",
    "Error",
    "Future",
    "Into",
    "IntoFuture",
    "None",
    "Option",
    "Pin",
    "RawResponse",
    "Result",
    "RetryPolicy",
    "Send",
    "Sending",
    "String",
    "Sync",
    "TryInto",
    "Vec",
];

/// The methods every request builder has (its own and those of the traits
/// it implements or derives): no optional input's setter can take their
/// names. The emitter's test (`emit::builder`) fails when the builders'
/// methods are not exactly these.
pub(crate) const REQUEST_BUILDER_METHODS: &[&str] = &[
    "clone",
    "deadline",
    "fmt",
    "header",
    "into_future",
    "items",
    "pages",
    "retry_policy",
    "send",
    "send_stream",
    "send_with_response",
    "timeout",
];

/// The name of the request builder of the method `method`: the method's
/// name in upper camel case with `Builder` after it (`send_message` ->
/// `SendMessageBuilder`). Derived body names never end so (`{OperationId}Body`),
/// and a type that does gets the name first (the builder takes a suffix),
/// so that `builder::*` and `types::*` can be imported together.
fn builder_name(method: &str) -> String {
    format!("{}Builder", naming::type_name(method))
}

/// An operation left out of the client: what it needs cannot be sent, and
/// a diagnostic says so.
struct LeftOut;

impl<'a> Lowerer<'a> {
    /// Lowers every operation, in document order, and checks that their ids
    /// and method names are unique.
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let paths = Pointer::root().push("paths");
        for (path, item) in &self.spec.paths.paths {
            let item_pointer = paths.push(path);
            let ReferenceOr::Item(item) = item else {
                self.error(Diagnostic::new(
                    Code::UnsupportedReference,
                    &item_pointer,
                    "a `$ref` path item is not supported",
                ));
                continue;
            };
            if !item.servers.is_empty() {
                self.ignored_servers(&item_pointer.push("servers"), "path");
            }
            let shared = (item.parameters.as_slice(), &item_pointer);
            for (key, operation) in item.iter() {
                let pointer = item_pointer.push(key);
                let Some(method) = Method::from_key(key) else {
                    continue;
                };
                if let Some(lowered) =
                    self.lower_operation(path, method, shared, operation, &pointer)
                {
                    operations.push(lowered);
                }
            }
            let additional = self.additional_operations.get(path.as_str());
            for (name, operation) in additional.into_iter().flatten() {
                let pointer = item_pointer
                    .push(crate::front::ADDITIONAL_OPERATIONS)
                    .push(name);
                let Some(method) = Method::from_name(name) else {
                    self.error(Diagnostic::new(
                        Code::UnsupportedMethod,
                        &pointer,
                        format!("`{name}` is not an HTTP method name (a token: letters, digits and ``!#$%&'*+-.^_`|~``); the operation is left out of the client, the rest is generated"),
                    ).with_hint("write the method as it is sent, such as `PURGE`"));
                    continue;
                };
                if let Some(lowered) =
                    self.lower_operation(path, method, shared, operation, &pointer)
                {
                    operations.push(lowered);
                }
            }
        }
        self.check_unique_names(&mut operations);
        operations
    }

    /// Reports the `servers` of a path item or operation at `at` (`what`
    /// says which): the client has one base URL.
    fn ignored_servers(&mut self, at: &Pointer, what: &str) {
        self.error(
            Diagnostic::new(
                Code::IgnoredServers,
                at,
                format!("the {what}'s own `servers` are not used: the client sends every request to its one base URL"),
            )
            .with_hint("give `ClientBuilder::base_url` the server to call, or a second client for these operations"),
        );
    }

    /// Checks that operationIds are unique, and gives every operation its
    /// method name: one `Client` has whatever the spec (`execute`, `new`
    /// ...), or one an earlier operation has, gets a suffix and a warning.
    fn check_unique_names(&mut self, operations: &mut [Operation]) {
        let mut ids: BTreeMap<&str, &Pointer> = BTreeMap::new();
        let mut errors = Vec::new();
        let mut duplicates: BTreeSet<Pointer> = BTreeSet::new();
        for operation in operations.iter() {
            if let Some(previous) = ids.insert(&operation.operation_id, &operation.pointer) {
                duplicates.insert(operation.pointer.clone());
                errors.push(
                    Diagnostic::new(
                        Code::DuplicateOperationId,
                        &operation.pointer.push("operationId"),
                        format!(
                            "operationId `{}` is also used at {previous}",
                            operation.operation_id
                        ),
                    )
                    .with_hint("every operationId must be unique"),
                );
            }
        }
        // An operation's method is a method of `Client` and, named alike,
        // of the `test-util` mock's `Mock`.
        let mut names = naming::Namespace::with_reserved(
            crate::runtime::CLIENT_METHODS
                .iter()
                .chain(crate::runtime::MOCK_METHODS)
                .copied(),
        );
        let mut given: BTreeMap<String, Pointer> = BTreeMap::new();
        // Builders live in the module `builder` beside the names it uses,
        // and never share a name with a type (`types`) or an item of the
        // crate root, so that glob imports of both stay unambiguous.
        let mut builders = naming::Namespace::with_reserved(
            BUILDER_MODULE_NAMES
                .iter()
                .copied()
                .chain(
                    crate::runtime::FILES
                        .iter()
                        .flat_map(|file| file.exports.iter().copied()),
                )
                .chain(self.types.keys().map(String::as_str)),
        );
        for operation in operations.iter_mut() {
            if duplicates.contains(&operation.pointer) {
                continue;
            }
            let wanted = operation.method_name.clone();
            let name = names.claim(&wanted);
            if name != wanted {
                let reason = match given.get(&wanted) {
                    Some(previous) => format!("the operation at {previous} has it"),
                    None => "`Client` has a method of that name whatever the spec".to_owned(),
                };
                errors.push(
                    Diagnostic::new(
                        Code::Renamed,
                        &operation.pointer.push("operationId"),
                        format!("operationId `{}` would be the method `{wanted}`, but {reason}; it is `{name}`", operation.operation_id),
                    )
                    .with_hint(format!("to choose the name, give the operation `{}: other_name`", super::RUST_NAME)),
                );
            }
            given.insert(name.clone(), operation.pointer.clone());
            operation.builder_name = builders.claim(&builder_name(&name));
            operation.method_name = name;
        }
        for error in errors {
            self.error(error);
        }
    }

    fn lower_operation(
        &mut self,
        path: &str,
        method: Method,
        shared_params: (&'a [ReferenceOr<Parameter>], &Pointer),
        operation: &'a openapiv3::Operation,
        pointer: &Pointer,
    ) -> Option<Operation> {
        if !operation.servers.is_empty() {
            self.ignored_servers(&pointer.push("servers"), "operation");
        }
        let operation_id = match &operation.operation_id {
            Some(id) => id.clone(),
            None => naming::derived_operation_id(method.as_str(), path),
        };
        let method_name = self.method_name(operation, &operation_id, pointer);
        let derived = naming::snake(&operation_id);
        let aliases = if method_name == derived {
            Vec::new()
        } else {
            vec![derived]
        };
        let type_prefix = naming::type_name(&operation_id);
        let path_segments = self.path_segments(path, pointer);
        // An operation with a parameter or body the client cannot send is
        // left out (the warning says so), and checked no further: one
        // refused item never causes a second report.
        let params = self
            .params(shared_params, &operation.parameters, pointer, &type_prefix)
            .ok()?;
        self.check_path_params(&path_segments, &params, pointer);
        let body = match &operation.request_body {
            Some(body) => Some(
                self.request_body(body, &pointer.push("requestBody"), &type_prefix)
                    .ok()?,
            ),
            None => None,
        };
        let (success, errors) = self.responses(operation, pointer, &type_prefix);
        let streaming = self.streaming(operation, pointer, &type_prefix);
        let accept = self.accept(operation, success.media_types.first().map(String::as_str));
        let idempotent = self.idempotent(&method, operation, pointer);
        let pagination = self.pagination(operation, &method, &params, &success, pointer);
        Some(Operation {
            operation_id,
            builder_name: builder_name(&method_name),
            method_name,
            aliases,
            method,
            path: path.to_owned(),
            path_segments,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            tags: operation.tags.clone(),
            group: self.group_name(operation, pointer),
            group_method: None,
            params,
            body,
            success,
            streaming,
            errors,
            idempotent,
            heartbeat: self.heartbeat(operation, pointer),
            pagination,
            security: self.operation_security(operation.security.as_ref(), pointer),
            accept,
            pointer: pointer.clone(),
        })
    }

    /// The method name of an operation: its `x-rust-name`, else its
    /// operationId's, in snake case (a name that is not a string is
    /// reported and ignored).
    fn method_name(
        &mut self,
        operation: &openapiv3::Operation,
        operation_id: &str,
        pointer: &Pointer,
    ) -> String {
        match operation.extensions.get(super::RUST_NAME) {
            Some(serde_json::Value::String(name)) => naming::snake(name),
            Some(_) => {
                self.error(Diagnostic::new(
                    Code::IgnoredExtension,
                    &pointer.push(super::RUST_NAME),
                    format!(
                        "`{}` must be a string such as \"send_message\"; it is ignored",
                        super::RUST_NAME
                    ),
                ));
                naming::snake(operation_id)
            }
            None => naming::snake(operation_id),
        }
    }

    /// Splits `/a/{id}/b` into literal and parameter segments.
    fn path_segments(&mut self, path: &str, pointer: &Pointer) -> Vec<PathSegment> {
        let mut segments = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_owned()));
            }
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.error(Diagnostic::new(
                    Code::MalformedPathTemplate,
                    pointer,
                    format!("the path `{path}` has a `{{` without its `}}`"),
                ));
                return segments;
            };
            segments.push(PathSegment::Param(after[..close].to_owned()));
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            self.error(Diagnostic::new(
                Code::MalformedPathTemplate,
                pointer,
                format!("the path `{path}` has a `}}` without its `{{`"),
            ));
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        segments
    }

    /// Reports what leaves an operation out (a parameter or body the client
    /// cannot send): a warning at `at` that says so.
    fn left_out(&mut self, code: Code, at: &Pointer, what: &str) -> LeftOut {
        self.error(Diagnostic::new(
            code,
            at,
            format!("{what}; the operation is left out of the client, the rest is generated"),
        ));
        LeftOut
    }

    fn check_path_params(&mut self, segments: &[PathSegment], params: &[Param], pointer: &Pointer) {
        for segment in segments {
            if let PathSegment::Param(name) = segment {
                let declared = params
                    .iter()
                    .any(|p| p.location == ParamLocation::Path && &p.wire_name == name);
                if !declared {
                    self.error(
                        Diagnostic::new(
                            Code::UndeclaredPathParameter,
                            pointer,
                            format!("the path parameter `{{{name}}}` is not declared"),
                        )
                        .with_hint(format!(
                            "add a parameter with `in: path` and `name: {name}`"
                        )),
                    );
                }
            }
        }
        for param in params.iter().filter(|p| p.location == ParamLocation::Path) {
            let used = segments
                .iter()
                .any(|s| matches!(s, PathSegment::Param(name) if name == &param.wire_name));
            if !used {
                self.error(Diagnostic::new(
                    Code::UnusedPathParameter,
                    &pointer.push("parameters"),
                    format!(
                        "the path parameter `{}` does not appear in the path",
                        param.wire_name
                    ),
                ));
            }
        }
    }
}

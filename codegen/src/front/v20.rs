//! Swagger 2.0 rewritten as OpenAPI 3.0: a 3.0-shaped document built from
//! the 2.0 one, with every node that moved recorded (in one step, from its
//! place in the 3.0 document to its place in the 2.0 one as written), and
//! warnings located in the 2.0 document.
//!
//! | Swagger 2.0 | OpenAPI 3.0 |
//! |---|---|
//! | `host`, `basePath`, `schemes` | `servers`, one per scheme (`https` when none is given); an operation's own `schemes` become its `servers` |
//! | no `host` | a relative server (`basePath`, or `/`), with a `no-server` warning: the client has no default base URL |
//! | `consumes` (root or operation) | the media types of the request body (`application/json` when none is given) |
//! | `produces` (root or operation) | the media types of each response's `content` (`application/json` when none is given); a `type: file` body takes those that are not JSON (`application/octet-stream` when none is left) |
//! | `in: body` | `requestBody` (its `description`, `required`; `name` as `x-body-name`) |
//! | `in: formData` | a `requestBody` of one object (a property per parameter, `required` from each): `multipart/form-data` when `consumes` lists it or any parameter is `type: file`, else `application/x-www-form-urlencoded`; a list's `collectionFormat` as its `encoding` (urlencoded; in a multipart body an `unmapped-keyword` warning, the list is one JSON part) |
//! | `type: file` | `type: string, format: binary` |
//! | `type`, `format`, `items`, `enum`, `default` and the bounds of a parameter or header | its `schema` |
//! | `collectionFormat` `csv` (the default), `multi`, `ssv`, `pipes` | `style: form` with `explode: false` / `true`, `spaceDelimited`, `pipeDelimited` (in a path or header: `simple`) |
//! | `collectionFormat: tsv`, and any but `csv` in a path or header | the nearest style (`spaceDelimited`; `simple`), with an `unmapped-keyword` warning |
//! | `definitions` | `components/schemas` (every `$ref` `#/definitions/X` becomes `#/components/schemas/X`) |
//! | shared `parameters` | `components/parameters`; a shared `in: body` or `in: formData` parameter is written into each operation that uses it |
//! | shared `responses` | `components/responses` (with the root `produces`) |
//! | a response's `schema`, `headers`, `examples` | its `content` (an example per media type; those of other media types as `x-examples`), `headers` with a `schema` |
//! | `securityDefinitions` | `components/securitySchemes`: `basic` as `http` `basic`; `apiKey` as it is; `oauth2` with its `flow` (`implicit`, `password`, `application` as `clientCredentials`, `accessCode` as `authorizationCode`) |
//! | `discriminator: name` | `discriminator: {propertyName: name}` |
//! | `x-nullable` | `nullable` |
//! | `x-example` on a parameter | `example` |
//! | `allowEmptyValue` | kept on a query parameter; elsewhere removed (it only tells the server to accept an empty value) |
//!
//! Everything else (`info`, `tags`, `security`, `externalDocs`, `x-`
//! extensions, the schema keywords 2.0 shares with 3.0) is kept as it is.

use serde_yaml::{Mapping, Value};

use super::{key_text, Found};
use crate::diagnostics::Code;

/// The HTTP methods of a 2.0 path item.
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
const BYTES: &str = "application/octet-stream";

/// The keywords of a 2.0 parameter, header or items object that describe
/// its value: they go into its 3.0 `schema`.
const VALUE_KEYWORDS: [&str; 16] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// A place in a document (unescaped tokens).
type Path = Vec<String>;

/// `base` with `more` appended.
fn join(base: &[String], more: &[&str]) -> Path {
    base.iter()
        .cloned()
        .chain(more.iter().map(|token| (*token).to_owned()))
        .collect()
}

/// Rewrites the Swagger 2.0 document `value` as OpenAPI 3.0.
pub(super) fn rewrite(value: &mut Value, found: &mut Found) {
    let Value::Mapping(root) = value else {
        return;
    };
    let source = std::mem::take(root);
    let mut converter = Converter {
        found,
        moves: Vec::new(),
        consumes: string_list(source.get("consumes")),
        produces: string_list(source.get("produces")),
        shared: source
            .get("parameters")
            .and_then(Value::as_mapping)
            .cloned()
            .unwrap_or_default(),
        definitions: source
            .get("definitions")
            .and_then(Value::as_mapping)
            .cloned()
            .unwrap_or_default(),
        server: Server::of(&source),
    };
    *root = converter.document(&source);
    let Converter { found, moves, .. } = converter;
    found.moved(&[], moves);
}

/// The texts listed under `consumes`, `produces` or `schemes`.
fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_sequence)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Where the API is served, as 2.0 says it.
struct Server {
    host: Option<String>,
    base_path: String,
    schemes: Vec<String>,
}

impl Server {
    fn of(root: &Mapping) -> Server {
        Server {
            host: root.get("host").and_then(Value::as_str).map(str::to_owned),
            base_path: root
                .get("basePath")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            schemes: string_list(root.get("schemes")),
        }
    }

    /// The 3.0 servers for `schemes` (the root's when empty).
    fn servers(&self, schemes: &[String]) -> Value {
        let Some(host) = &self.host else {
            let url = if self.base_path.is_empty() {
                "/"
            } else {
                &self.base_path
            };
            return Value::Sequence(vec![server(url)]);
        };
        let schemes = if schemes.is_empty() {
            &self.schemes
        } else {
            schemes
        };
        let https = ["https".to_owned()];
        let schemes = if schemes.is_empty() {
            &https[..]
        } else {
            schemes
        };
        Value::Sequence(
            schemes
                .iter()
                .map(|scheme| server(&format!("{scheme}://{host}{}", self.base_path)))
                .collect(),
        )
    }
}

/// A 3.0 server object of `url`.
fn server(url: &str) -> Value {
    let mut server = Mapping::new();
    server.insert("url".into(), url.into());
    Value::Mapping(server)
}

/// A parameter of an operation: a `$ref` to a shared non-body parameter
/// (rewritten), or a parameter written out, with where it stood.
enum Parameter {
    Reference(Value),
    Written(Mapping, Path),
}

impl Parameter {
    fn location(&self) -> &str {
        match self {
            Parameter::Reference(_) => "",
            Parameter::Written(parameter, _) => parameter
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        }
    }
}

/// The conversion's state.
struct Converter<'f> {
    found: &'f mut Found,
    /// Every move: (the place in the 3.0 document, in the 2.0 one).
    moves: Vec<(Path, Path)>,
    /// The root `consumes` and `produces`.
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The root `parameters`, as written.
    shared: Mapping,
    /// The root `definitions`, as written.
    definitions: Mapping,
    server: Server,
}

impl Converter<'_> {
    fn moved(&mut self, to: Path, from: Path) {
        self.moves.push((to, from));
    }

    /// Records the keywords [`schema`] renamed in a schema now at `to`,
    /// written at `from`.
    fn place(&mut self, to: &[String], from: &[String], renamed: &[(Path, Path)]) {
        for (after, before) in renamed {
            let after: Vec<&str> = after.iter().map(String::as_str).collect();
            let before: Vec<&str> = before.iter().map(String::as_str).collect();
            self.moved(join(to, &after), join(from, &before));
        }
    }

    fn warn(&mut self, code: Code, at: &[String], message: String, hint: &str) {
        self.found.push(code, at, message, hint);
    }

    fn document(&mut self, source: &Mapping) -> Mapping {
        let mut out = Mapping::new();
        out.insert("openapi".into(), super::TARGET_VERSION.into());
        if let Some(info) = source.get("info") {
            out.insert("info".into(), info.clone());
        }
        if self.server.host.is_none() {
            let relative = if self.server.base_path.is_empty() {
                "/".to_owned()
            } else {
                self.server.base_path.clone()
            };
            let at = if source.contains_key("basePath") {
                vec!["basePath".to_owned()]
            } else {
                Vec::new()
            };
            self.warn(
                Code::NoServer,
                &at,
                format!("the document names no `host`, so the client's default base URL is the relative `{relative}`, which it cannot send to"),
                "add `host: api.example.com`; until then callers must set a base URL (`ClientBuilder::base_url`)",
            );
        }
        out.insert("servers".into(), self.server.servers(&[]));
        // A diagnostic about a server names where 2.0 says it.
        let said = ["host", "basePath"]
            .into_iter()
            .find(|key| source.contains_key(*key));
        if let Some(key) = said {
            let count = out
                .get("servers")
                .and_then(Value::as_sequence)
                .map_or(0, Vec::len);
            self.moved(vec!["servers".to_owned()], vec![key.to_owned()]);
            for index in 0..count {
                let at = join(&[], &["servers", &index.to_string()]);
                self.moved(at.clone(), vec![key.to_owned()]);
                self.moved(join(&at, &["url"]), vec![key.to_owned()]);
            }
        }
        for (key, value) in source {
            match key_text(key).as_str() {
                "swagger"
                | "info"
                | "host"
                | "basePath"
                | "schemes"
                | "consumes"
                | "produces"
                | "definitions"
                | "parameters"
                | "responses"
                | "securityDefinitions" => {}
                "paths" => {
                    let paths = self.paths(value);
                    out.insert(key.clone(), paths);
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !out.contains_key("paths") {
            out.insert("paths".into(), Value::Mapping(Mapping::new()));
        }
        let components = self.components(source);
        if !components.is_empty() {
            out.insert("components".into(), Value::Mapping(components));
            // The components as a whole stand for the document.
            self.moved(vec!["components".to_owned()], Vec::new());
        }
        out
    }

    fn components(&mut self, source: &Mapping) -> Mapping {
        let mut components = Mapping::new();
        if let Some(Value::Mapping(definitions)) = source.get("definitions") {
            let mut schemas = definitions.clone();
            for (name, definition) in schemas.iter_mut() {
                let renamed = schema(definition);
                let name = key_text(name);
                self.place(
                    &join(&[], &["components", "schemas", &name]),
                    &join(&[], &["definitions", &name]),
                    &renamed,
                );
            }
            components.insert("schemas".into(), Value::Mapping(schemas));
            self.moved(
                join(&[], &["components", "schemas"]),
                join(&[], &["definitions"]),
            );
        }
        let mut parameters = Mapping::new();
        for (name, parameter) in self.shared.clone() {
            let Value::Mapping(parameter) = parameter else {
                continue;
            };
            let name_text = key_text(&name);
            if matches!(
                parameter.get("in").and_then(Value::as_str),
                Some("body" | "formData")
            ) {
                // Written into each operation that uses it.
                continue;
            }
            let to = join(&[], &["components", "parameters", &name_text]);
            let from = join(&[], &["parameters", &name_text]);
            let converted = self.parameter(&parameter, &to, &from);
            parameters.insert(name, converted);
        }
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Mapping(parameters));
            self.moved(
                join(&[], &["components", "parameters"]),
                join(&[], &["parameters"]),
            );
        }
        if let Some(Value::Mapping(shared)) = source.get("responses") {
            let mut responses = Mapping::new();
            let produces = self.produces.clone();
            for (name, response) in shared {
                let name_text = key_text(name);
                let to = join(&[], &["components", "responses", &name_text]);
                let from = join(&[], &["responses", &name_text]);
                let converted = self.response(response, &produces, &to, &from);
                responses.insert(name.clone(), converted);
            }
            components.insert("responses".into(), Value::Mapping(responses));
            self.moved(
                join(&[], &["components", "responses"]),
                join(&[], &["responses"]),
            );
        }
        if let Some(Value::Mapping(definitions)) = source.get("securityDefinitions") {
            let mut schemes = Mapping::new();
            for (name, scheme) in definitions {
                let at = join(&[], &["securityDefinitions", &key_text(name)]);
                let to = join(&[], &["components", "securitySchemes", &key_text(name)]);
                self.moved(to.clone(), at.clone());
                let converted = self.security_scheme(scheme, &to, &at);
                schemes.insert(name.clone(), converted);
            }
            components.insert("securitySchemes".into(), Value::Mapping(schemes));
            self.moved(
                join(&[], &["components", "securitySchemes"]),
                join(&[], &["securityDefinitions"]),
            );
        }
        components
    }

    /// The security scheme `value` (at `at`), to stand at `to`.
    fn security_scheme(&mut self, value: &Value, to: &[String], at: &[String]) -> Value {
        let Value::Mapping(scheme) = value else {
            return value.clone();
        };
        let kind = scheme
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut out = Mapping::new();
        match kind {
            "basic" => {
                out.insert("type".into(), "http".into());
                out.insert("scheme".into(), "basic".into());
                self.moved(join(to, &["scheme"]), join(at, &["type"]));
            }
            "oauth2" => {
                out.insert("type".into(), "oauth2".into());
                let flow = scheme
                    .get("flow")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let name = match flow {
                    "implicit" => "implicit",
                    "password" => "password",
                    "application" => "clientCredentials",
                    "accessCode" => "authorizationCode",
                    _ => {
                        self.warn(
                            Code::UnmappedKeyword,
                            &join(at, &["flow"]),
                            format!("the OAuth 2 flow `{flow}` is not one of Swagger 2.0's (implicit, password, application, accessCode); the scheme is kept without a flow"),
                            "name one of the four flows",
                        );
                        ""
                    }
                };
                let mut details = Mapping::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(url) = scheme.get(key) {
                        details.insert(key.into(), url.clone());
                    }
                }
                details.insert(
                    "scopes".into(),
                    scheme
                        .get("scopes")
                        .cloned()
                        .unwrap_or_else(|| Value::Mapping(Mapping::new())),
                );
                let mut flows = Mapping::new();
                if !name.is_empty() {
                    flows.insert(name.into(), Value::Mapping(details));
                    let flow = join(to, &["flows", name]);
                    self.moved(flow.clone(), join(at, &["flow"]));
                    for key in ["authorizationUrl", "tokenUrl", "scopes"] {
                        if scheme.contains_key(key) {
                            self.moved(join(&flow, &[key]), join(at, &[key]));
                        }
                    }
                }
                out.insert("flows".into(), Value::Mapping(flows));
                self.moved(join(to, &["flows"]), join(at, &["flow"]));
            }
            _ => return value.clone(),
        }
        for (key, field) in scheme {
            let text = key_text(key);
            if text == "description" || text.starts_with("x-") {
                out.insert(key.clone(), field.clone());
            }
        }
        Value::Mapping(out)
    }

    fn paths(&mut self, value: &Value) -> Value {
        let Value::Mapping(paths) = value else {
            return value.clone();
        };
        let mut out = Mapping::new();
        for (name, item) in paths {
            let at = join(&[], &["paths", &key_text(name)]);
            let converted = self.path_item(item, &at);
            out.insert(name.clone(), converted);
        }
        Value::Mapping(out)
    }

    /// The parameter `value` that stands at `from`, with a `$ref` to a
    /// shared body or form parameter written out.
    fn resolve(&self, value: &Value, from: Path) -> Parameter {
        let Value::Mapping(parameter) = value else {
            return Parameter::Reference(value.clone());
        };
        let Some(reference) = parameter.get("$ref").and_then(Value::as_str) else {
            return Parameter::Written(parameter.clone(), from);
        };
        if let Some(name) = reference.strip_prefix("#/parameters/") {
            let name = name.replace("~1", "/").replace("~0", "~");
            if let Some(Value::Mapping(shared)) = self.shared.get(name.as_str()) {
                if matches!(
                    shared.get("in").and_then(Value::as_str),
                    Some("body" | "formData")
                ) {
                    return Parameter::Written(shared.clone(), join(&[], &["parameters", &name]));
                }
            }
        }
        let mut rewritten = parameter.clone();
        rewritten.insert("$ref".into(), references(reference).into());
        Parameter::Reference(Value::Mapping(rewritten))
    }

    /// The parameters listed under `parameters` of `holder` (at `at`).
    fn parameters_of(&self, holder: &Mapping, at: &[String]) -> Vec<(Parameter, Path)> {
        let Some(Value::Sequence(list)) = holder.get("parameters") else {
            return Vec::new();
        };
        list.iter()
            .enumerate()
            .map(|(index, value)| {
                let from = join(at, &["parameters", &index.to_string()]);
                (self.resolve(value, from.clone()), from)
            })
            .collect()
    }

    /// Converts the non-body parameters of `list` into the 3.0 list at `at`.
    fn parameter_list(&mut self, list: Vec<(Parameter, Path)>, at: &[String]) -> Value {
        let mut out = Vec::new();
        for (parameter, place) in list {
            let to = join(at, &["parameters", &out.len().to_string()]);
            match parameter {
                Parameter::Reference(value) => {
                    self.moved(to, place);
                    out.push(value);
                }
                Parameter::Written(parameter, from) => {
                    out.push(self.parameter(&parameter, &to, &from));
                }
            }
        }
        Value::Sequence(out)
    }

    fn path_item(&mut self, value: &Value, at: &[String]) -> Value {
        let Value::Mapping(item) = value else {
            return value.clone();
        };
        let (inherited, own): (Vec<_>, Vec<_>) = self
            .parameters_of(item, at)
            .into_iter()
            .partition(|(parameter, _)| matches!(parameter.location(), "body" | "formData"));
        let inherited: Vec<(Mapping, Path)> = inherited
            .into_iter()
            .filter_map(|(parameter, _)| match parameter {
                Parameter::Written(value, from) => Some((value, from)),
                Parameter::Reference(_) => None,
            })
            .collect();
        let mut own = Some(own);
        let mut out = Mapping::new();
        for (key, field) in item {
            let text = key_text(key);
            if text == "parameters" {
                let list = self.parameter_list(own.take().unwrap_or_default(), at);
                if list.as_sequence().is_some_and(|list| !list.is_empty()) {
                    out.insert(key.clone(), list);
                }
            } else if METHODS.contains(&text.as_str()) {
                let converted = self.operation(field, &join(at, &[&text]), &inherited);
                out.insert(key.clone(), converted);
            } else {
                out.insert(key.clone(), field.clone());
            }
        }
        Value::Mapping(out)
    }

    fn operation(&mut self, value: &Value, at: &[String], inherited: &[(Mapping, Path)]) -> Value {
        let Value::Mapping(operation) = value else {
            return value.clone();
        };
        let consumes = match operation.get("consumes") {
            Some(list) => string_list(Some(list)),
            None => self.consumes.clone(),
        };
        let produces = match operation.get("produces") {
            Some(list) => string_list(Some(list)),
            None => self.produces.clone(),
        };
        let mut body: Option<(Mapping, Path)> = None;
        let mut form: Vec<(Mapping, Path)> = Vec::new();
        let mut others = Vec::new();
        for (parameter, place) in self.parameters_of(operation, at) {
            let location = parameter.location().to_owned();
            match (location.as_str(), parameter) {
                ("body", Parameter::Written(value, from)) => body = Some((value, from)),
                ("formData", Parameter::Written(value, from)) => form.push((value, from)),
                (_, parameter) => others.push((parameter, place)),
            }
        }
        for (parameter, from) in inherited {
            match location_of(parameter) {
                "body" if body.is_none() => body = Some((parameter.clone(), from.clone())),
                "formData"
                    if !form
                        .iter()
                        .any(|(own, _)| name_of(own) == name_of(parameter)) =>
                {
                    form.push((parameter.clone(), from.clone()));
                }
                _ => {}
            }
        }
        let mut others = Some(others);
        let mut out = Mapping::new();
        for (key, field) in operation {
            match key_text(key).as_str() {
                "parameters" => {
                    let list = self.parameter_list(others.take().unwrap_or_default(), at);
                    if list.as_sequence().is_some_and(|list| !list.is_empty()) {
                        out.insert(key.clone(), list);
                    }
                }
                "consumes" | "produces" => {}
                "schemes" => {
                    out.insert(
                        "servers".into(),
                        self.server.servers(&string_list(Some(field))),
                    );
                    self.moved(join(at, &["servers"]), join(at, &["schemes"]));
                }
                "responses" => {
                    let responses = self.responses(field, &produces, &join(at, &["responses"]));
                    out.insert(key.clone(), responses);
                }
                _ => {
                    out.insert(key.clone(), field.clone());
                }
            }
        }
        let to = join(at, &["requestBody"]);
        if let Some((parameter, from)) = body {
            for (_, place) in &form {
                self.warn(
                    Code::UnmappedKeyword,
                    place,
                    "an operation has a body parameter and form parameters, which Swagger 2.0 does not allow; the body is sent and the form parameter is left out".to_owned(),
                    "keep either the `in: body` parameter or the `in: formData` ones",
                );
            }
            let request_body = self.request_body(&parameter, &from, &consumes, &to);
            out.insert("requestBody".into(), request_body);
        } else if !form.is_empty() {
            let request_body = self.form_body(&form, &consumes, &to);
            out.insert("requestBody".into(), request_body);
        }
        Value::Mapping(out)
    }

    /// The request body of the body parameter `parameter` (at `from`), to
    /// stand at `to`.
    fn request_body(
        &mut self,
        parameter: &Mapping,
        from: &[String],
        consumes: &[String],
        to: &[String],
    ) -> Value {
        self.moved(to.to_vec(), from.to_vec());
        let mut out = Mapping::new();
        for (key, field) in parameter {
            match key_text(key).as_str() {
                "description" | "required" => {
                    out.insert(key.clone(), field.clone());
                }
                "name" => {
                    out.insert("x-body-name".into(), field.clone());
                    self.moved(join(to, &["x-body-name"]), join(from, &["name"]));
                }
                text if text.starts_with("x-") => {
                    out.insert(key.clone(), field.clone());
                }
                _ => {}
            }
        }
        let mut body_schema = parameter
            .get("schema")
            .cloned()
            .unwrap_or_else(|| Value::Mapping(Mapping::new()));
        let renamed = schema(&mut body_schema);
        let mut media: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|media| !is_form(media))
            .collect();
        if media.is_empty() {
            media.push(JSON);
        }
        let mut content = Mapping::new();
        for media in media {
            let mut media_type = Mapping::new();
            media_type.insert("schema".into(), body_schema.clone());
            content.insert(media.into(), Value::Mapping(media_type));
            self.moved(join(to, &["content", media]), from.to_vec());
            self.moved(
                join(to, &["content", media, "schema"]),
                join(from, &["schema"]),
            );
            self.place(
                &join(to, &["content", media, "schema"]),
                &join(from, &["schema"]),
                &renamed,
            );
        }
        self.moved(join(to, &["content"]), from.to_vec());
        out.insert("content".into(), Value::Mapping(content));
        Value::Mapping(out)
    }

    /// The request body of the form parameters `parameters`, to stand at
    /// `to`.
    fn form_body(
        &mut self,
        parameters: &[(Mapping, Path)],
        consumes: &[String],
        to: &[String],
    ) -> Value {
        let multipart = consumes.iter().any(|media| media == MULTIPART)
            || parameters.iter().any(|(parameter, _)| {
                parameter.get("type").and_then(Value::as_str) == Some("file")
            });
        let media = if multipart { MULTIPART } else { FORM };
        let at_schema = join(to, &["content", media, "schema"]);
        // The body as a whole, its object and its encodings stand for the
        // list of parameters the first form parameter is in.
        if let Some((_, first)) = parameters.first() {
            let list = first[..first.len().saturating_sub(1)].to_vec();
            for place in [
                to.to_vec(),
                join(to, &["required"]),
                join(to, &["content"]),
                join(to, &["content", media]),
                join(to, &["content", media, "encoding"]),
                at_schema.clone(),
                join(&at_schema, &["type"]),
                join(&at_schema, &["properties"]),
                join(&at_schema, &["required"]),
            ] {
                self.moved(place, list.clone());
            }
        }
        let mut properties = Mapping::new();
        let mut required = Vec::new();
        let mut encoding = Mapping::new();
        for (parameter, from) in parameters {
            let name = name_of(parameter).to_owned();
            let at = join(&at_schema, &["properties", &name]);
            self.moved(at.clone(), from.clone());
            let mut property = self.value_schema(parameter, &at, from);
            for (key, field) in parameter {
                match key_text(key).as_str() {
                    "description" => {
                        property.insert(key.clone(), field.clone());
                    }
                    "x-example" => {
                        property.insert("example".into(), field.clone());
                        self.moved(join(&at, &["example"]), join(from, &["x-example"]));
                    }
                    text if text.starts_with("x-") && text != "x-nullable" => {
                        property.insert(key.clone(), field.clone());
                    }
                    _ => {}
                }
            }
            if parameter.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::from(name.clone()));
            }
            if multipart {
                self.multipart_list(parameter, from);
            } else if let Some((style, explode)) = self.collection(parameter, "formData", from) {
                let mut each = Mapping::new();
                each.insert("style".into(), style.into());
                each.insert("explode".into(), explode.into());
                encoding.insert(name.clone().into(), Value::Mapping(each));
                self.moved(
                    join(to, &["content", media, "encoding", &name]),
                    from.clone(),
                );
            }
            properties.insert(name.into(), Value::Mapping(property));
        }
        let mut body_schema = Mapping::new();
        body_schema.insert("type".into(), "object".into());
        body_schema.insert("properties".into(), Value::Mapping(properties));
        let any_required = !required.is_empty();
        if any_required {
            body_schema.insert("required".into(), Value::Sequence(required));
        }
        let mut media_type = Mapping::new();
        media_type.insert("schema".into(), Value::Mapping(body_schema));
        if !encoding.is_empty() {
            media_type.insert("encoding".into(), Value::Mapping(encoding));
        }
        let mut content = Mapping::new();
        content.insert(media.into(), Value::Mapping(media_type));
        let mut out = Mapping::new();
        out.insert("required".into(), any_required.into());
        out.insert("content".into(), Value::Mapping(content));
        Value::Mapping(out)
    }

    /// The 3.0 schema of the value of the parameter, header or items object
    /// `holder` (at `from`), to stand at `to`.
    fn value_schema(&mut self, holder: &Mapping, to: &[String], from: &[String]) -> Mapping {
        let mut out = Mapping::new();
        for (key, field) in holder {
            let text = key_text(key);
            if VALUE_KEYWORDS.contains(&text.as_str()) {
                let mut field = field.clone();
                if text == "items" {
                    self.items(&mut field, &join(from, &["items"]));
                }
                out.insert(key.clone(), field);
                self.moved(join(to, &[&text]), join(from, &[&text]));
            } else if text == "x-nullable" {
                out.insert("nullable".into(), field.clone());
                self.moved(join(to, &["nullable"]), join(from, &[&text]));
            }
        }
        let mut renamed = Vec::new();
        schema_mapping(&mut out, &mut Vec::new(), &mut renamed);
        self.place(to, from, &renamed);
        out
    }

    /// Reports the `collectionFormat` of the list parameter `parameter` (at
    /// `from`) of a multipart body, which 3.0's multipart `encoding` cannot
    /// say (`style` and `explode` there apply to urlencoded bodies only).
    fn multipart_list(&mut self, parameter: &Mapping, from: &[String]) {
        if parameter.get("type").and_then(Value::as_str) != Some("array") {
            return;
        }
        let Some(format) = parameter.get("collectionFormat") else {
            return;
        };
        let format = format.as_str().unwrap_or_default().to_owned();
        self.warn(
            Code::UnmappedKeyword,
            &join(from, &["collectionFormat"]),
            format!("OpenAPI 3.0 cannot say how a list part of a multipart body is written (`collectionFormat: {format}`); the list is sent as one part holding a JSON array"),
            "if the server needs the values joined, make the parameter a string and join them before sending",
        );
    }

    /// Removes the `collectionFormat` of a list inside a list (at `from`),
    /// which 3.0 cannot say, with a warning.
    fn items(&mut self, value: &mut Value, from: &[String]) {
        let Value::Mapping(items) = value else {
            return;
        };
        if let Some(format) = items.shift_remove("collectionFormat") {
            let format = format.as_str().unwrap_or_default().to_owned();
            self.warn(
                Code::UnmappedKeyword,
                &join(from, &["collectionFormat"]),
                format!("OpenAPI 3.0 cannot say how a list inside a list is written (`collectionFormat: {format}`); the inner list has no format of its own"),
                "",
            );
        }
        if let Some(inner) = items.get_mut("items") {
            self.items(inner, &join(from, &["items"]));
        }
    }

    /// The `style` and `explode` of the list parameter `parameter` (at
    /// `from`) in `location`, from its `collectionFormat`; `None` where
    /// 3.0's default says it (or it is no list).
    fn collection(
        &mut self,
        parameter: &Mapping,
        location: &str,
        from: &[String],
    ) -> Option<(&'static str, bool)> {
        if parameter.get("type").and_then(Value::as_str) != Some("array") {
            return None;
        }
        let format = parameter
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv")
            .to_owned();
        let at = join(from, &["collectionFormat"]);
        if matches!(location, "query" | "formData") {
            return Some(match format.as_str() {
                "csv" => ("form", false),
                "multi" => ("form", true),
                "ssv" => ("spaceDelimited", false),
                "pipes" => ("pipeDelimited", false),
                "tsv" => {
                    self.warn(
                        Code::UnmappedKeyword,
                        &at,
                        "OpenAPI 3.0 has no tab-separated list (`collectionFormat: tsv`); the list is sent space-separated (`style: spaceDelimited`), the nearest".to_owned(),
                        "if the server splits on tabs only, join the values with tabs into one string and send that",
                    );
                    ("spaceDelimited", false)
                }
                other => {
                    self.warn(
                        Code::UnmappedKeyword,
                        &at,
                        format!("`collectionFormat: {other}` is not one of Swagger 2.0's (csv, ssv, tsv, pipes, multi); the list is sent comma-separated, the default"),
                        "write one of csv, ssv, tsv, pipes or multi",
                    );
                    ("form", false)
                }
            });
        }
        if format != "csv" {
            self.warn(
                Code::UnmappedKeyword,
                &at,
                format!("in a {location}, OpenAPI 3.0 writes a list comma-separated only (`style: simple`); this `collectionFormat: {format}` list is sent comma-separated"),
                "if the server needs another separator, join the values into one string and send that",
            );
        }
        None
    }

    /// The non-body parameter `parameter` (at `from`), to stand at `to`.
    fn parameter(&mut self, parameter: &Mapping, to: &[String], from: &[String]) -> Value {
        self.moved(to.to_vec(), from.to_vec());
        let location = location_of(parameter).to_owned();
        let schema_at = join(to, &["schema"]);
        let own_schema = !parameter.contains_key("type") && parameter.contains_key("schema");
        let value_schema = if own_schema {
            None
        } else {
            self.moved(schema_at.clone(), from.to_vec());
            Some(self.value_schema(parameter, &schema_at, from))
        };
        let mut out = Mapping::new();
        for (key, field) in parameter {
            let text = key_text(key);
            if VALUE_KEYWORDS.contains(&text.as_str())
                || matches!(text.as_str(), "x-nullable" | "collectionFormat")
            {
                continue;
            }
            match text.as_str() {
                "x-example" => {
                    out.insert("example".into(), field.clone());
                    self.moved(join(to, &["example"]), join(from, &["x-example"]));
                }
                "allowEmptyValue" if location != "query" => {}
                "schema" => {
                    let mut own = field.clone();
                    let renamed = schema(&mut own);
                    self.place(&join(to, &["schema"]), &join(from, &["schema"]), &renamed);
                    out.insert(key.clone(), own);
                }
                _ => {
                    out.insert(key.clone(), field.clone());
                }
            }
        }
        if let Some((style, explode)) = self.collection(parameter, &location, from) {
            out.insert("style".into(), style.into());
            out.insert("explode".into(), explode.into());
            let written = if parameter.contains_key("collectionFormat") {
                join(from, &["collectionFormat"])
            } else {
                from.to_vec()
            };
            self.moved(join(to, &["style"]), written.clone());
            self.moved(join(to, &["explode"]), written);
        }
        if let Some(value_schema) = value_schema {
            out.insert("schema".into(), Value::Mapping(value_schema));
        }
        Value::Mapping(out)
    }

    fn responses(&mut self, value: &Value, produces: &[String], at: &[String]) -> Value {
        let Value::Mapping(responses) = value else {
            return value.clone();
        };
        let mut out = Mapping::new();
        for (code, response) in responses {
            let place = join(at, &[&key_text(code)]);
            let converted = self.response(response, produces, &place, &place);
            out.insert(code.clone(), converted);
        }
        Value::Mapping(out)
    }

    /// The response `value` (at `from`), to stand at `to`, its body of the
    /// media types `produces`.
    fn response(
        &mut self,
        value: &Value,
        produces: &[String],
        to: &[String],
        from: &[String],
    ) -> Value {
        let Value::Mapping(response) = value else {
            return value.clone();
        };
        self.moved(to.to_vec(), from.to_vec());
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            if let Some(name) = reference.strip_prefix("#/definitions/") {
                return self.schema_as_response(reference, name, produces, to, from);
            }
            let mut out = response.clone();
            out.insert("$ref".into(), references(reference).into());
            return Value::Mapping(out);
        }
        let mut examples = response
            .get("examples")
            .and_then(Value::as_mapping)
            .cloned()
            .unwrap_or_default();
        let mut out = Mapping::new();
        for (key, field) in response {
            match key_text(key).as_str() {
                "schema" => {
                    let mut body_schema = field.clone();
                    let renamed = schema(&mut body_schema);
                    // A file is bytes, whatever JSON the operation
                    // produces otherwise.
                    let file = field.get("type").and_then(Value::as_str) == Some("file");
                    let mut media: Vec<String> = produces
                        .iter()
                        .filter(|media| !file || !is_json(media))
                        .cloned()
                        .collect();
                    if media.is_empty() {
                        media.push((if file { BYTES } else { JSON }).to_owned());
                    }
                    let mut content = Mapping::new();
                    for media in &media {
                        let mut media_type = Mapping::new();
                        media_type.insert("schema".into(), body_schema.clone());
                        self.moved(join(to, &["content", media]), from.to_vec());
                        self.moved(
                            join(to, &["content", media, "schema"]),
                            join(from, &["schema"]),
                        );
                        self.place(
                            &join(to, &["content", media, "schema"]),
                            &join(from, &["schema"]),
                            &renamed,
                        );
                        if let Some(example) = examples.shift_remove(media.as_str()) {
                            media_type.insert("example".into(), example);
                            self.moved(
                                join(to, &["content", media, "example"]),
                                join(from, &["examples", media]),
                            );
                        }
                        content.insert(media.as_str().into(), Value::Mapping(media_type));
                    }
                    out.insert("content".into(), Value::Mapping(content));
                    self.moved(join(to, &["content"]), from.to_vec());
                }
                "examples" => {}
                "headers" => {
                    let headers =
                        self.headers(field, &join(to, &["headers"]), &join(from, &["headers"]));
                    out.insert(key.clone(), headers);
                }
                _ => {
                    out.insert(key.clone(), field.clone());
                }
            }
        }
        if !examples.is_empty() {
            out.insert("x-examples".into(), Value::Mapping(examples));
            self.moved(join(to, &["x-examples"]), join(from, &["examples"]));
        }
        Value::Mapping(out)
    }

    /// A response written as a `$ref` to the schema `name` of
    /// `definitions` (which 2.0 does not allow: a response's `$ref` names a
    /// shared response), read as a response with that body, with a warning.
    fn schema_as_response(
        &mut self,
        reference: &str,
        name: &str,
        produces: &[String],
        to: &[String],
        from: &[String],
    ) -> Value {
        self.warn(
            Code::SchemaAsResponse,
            &join(from, &["$ref"]),
            format!("a response is a `$ref` to the schema `{reference}`, where Swagger 2.0 wants a shared response (`#/responses/...`); it is read as a response whose body is that schema"),
            "write `schema: {$ref: ...}` and a `description` under the status code",
        );
        let mut response = Mapping::new();
        let description = self
            .definitions
            .get(name)
            .and_then(|schema| schema.get("description"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        response.insert("description".into(), description.into());
        let mut body = Mapping::new();
        body.insert("$ref".into(), reference.into());
        response.insert("schema".into(), Value::Mapping(body));
        let first = self.moves.len();
        let converted = self.response(&Value::Mapping(response), produces, to, from);
        // The body's `$ref` stood where the response's did.
        self.moved(join(to, &["description"]), from.to_vec());
        let written = join(from, &["schema"]);
        for (_, place) in &mut self.moves[first..] {
            if *place == written {
                *place = from.to_vec();
            }
        }
        converted
    }

    fn headers(&mut self, value: &Value, to: &[String], from: &[String]) -> Value {
        let Value::Mapping(headers) = value else {
            return value.clone();
        };
        let mut out = Mapping::new();
        for (name, header) in headers {
            let Value::Mapping(header) = header else {
                out.insert(name.clone(), header.clone());
                continue;
            };
            let name_text = key_text(name);
            let to = join(to, &[&name_text]);
            let from = join(from, &[&name_text]);
            self.moved(to.clone(), from.clone());
            let schema_at = join(&to, &["schema"]);
            self.moved(schema_at.clone(), from.clone());
            let value_schema = self.value_schema(header, &schema_at, &from);
            self.collection(header, "header", &from);
            let mut converted = Mapping::new();
            for (key, field) in header {
                let text = key_text(key);
                if text == "description" || (text.starts_with("x-") && text != "x-nullable") {
                    converted.insert(key.clone(), field.clone());
                }
            }
            converted.insert("schema".into(), Value::Mapping(value_schema));
            out.insert(name.clone(), Value::Mapping(converted));
        }
        Value::Mapping(out)
    }
}

/// Whether `media` is a form's media type.
fn is_form(media: &str) -> bool {
    media == FORM || media == MULTIPART
}

/// Whether `media` is JSON (`application/json`, `+json`).
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == JSON || essence.ends_with("+json")
}

/// A parameter's `in`.
fn location_of(parameter: &Mapping) -> &str {
    parameter
        .get("in")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// A parameter's `name`.
fn name_of(parameter: &Mapping) -> &str {
    parameter
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The 3.0 reference for the 2.0 `reference`.
fn references(reference: &str) -> String {
    for (from, to) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = reference.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    reference.to_owned()
}

/// Rewrites the 2.0 schema `value` (and its subschemas) as 3.0 in place,
/// and returns the keywords it renamed, relative to the schema:
/// `(after, before)`.
fn schema(value: &mut Value) -> Vec<(Path, Path)> {
    let mut moves = Vec::new();
    if let Value::Mapping(schema) = value {
        schema_mapping(schema, &mut Vec::new(), &mut moves);
    }
    moves
}

/// [`schema`] of the mapping `schema`, which stands at `at` (relative).
fn schema_mapping(schema: &mut Mapping, at: &mut Path, moves: &mut Vec<(Path, Path)>) {
    let reference = schema.get("$ref").and_then(Value::as_str).map(references);
    if let Some(reference) = reference {
        schema.insert("$ref".into(), reference.into());
    }
    if let Some(nullable) = schema.shift_remove("x-nullable") {
        schema.insert("nullable".into(), nullable);
        moves.push((join(at, &["nullable"]), join(at, &["x-nullable"])));
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".into(), "string".into());
        schema.insert("format".into(), "binary".into());
        moves.push((join(at, &["format"]), join(at, &["type"])));
    }
    if let Some(Value::String(property)) = schema.get("discriminator") {
        let mut discriminator = Mapping::new();
        discriminator.insert("propertyName".into(), property.clone().into());
        schema.insert("discriminator".into(), Value::Mapping(discriminator));
        moves.push((
            join(at, &["discriminator", "propertyName"]),
            join(at, &["discriminator"]),
        ));
    }
    let mut child = |value: &mut Value, at: &mut Path, token: String| {
        if let Value::Mapping(inner) = value {
            at.push(token);
            schema_mapping(inner, at, moves);
            at.pop();
        }
    };
    if let Some(Value::Mapping(properties)) = schema.get_mut("properties") {
        at.push("properties".to_owned());
        for (name, property) in properties.iter_mut() {
            child(property, at, key_text(name));
        }
        at.pop();
    }
    for key in [
        "items",
        "additionalProperties",
        "not",
        "allOf",
        "anyOf",
        "oneOf",
    ] {
        match schema.get_mut(key) {
            Some(Value::Sequence(list)) => {
                at.push(key.to_owned());
                for (index, item) in list.iter_mut().enumerate() {
                    child(item, at, index.to_string());
                }
                at.pop();
            }
            Some(value) => child(value, at, key.to_owned()),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pointer::Pointer;

    /// The 2.0 document `yaml` rewritten, with `code pointer` of each
    /// warning, and the front door's record of moves.
    fn rewritten(yaml: &str) -> (serde_json::Value, Vec<String>, super::super::Front) {
        let mut value: Value = serde_yaml::from_str(yaml).unwrap();
        let mut found = Found::default();
        rewrite(&mut value, &mut found);
        let front = found.finish();
        let warnings = front
            .warnings
            .iter()
            .map(|d| format!("{} {}", d.code, d.pointer))
            .collect();
        (serde_json::to_value(&value).unwrap(), warnings, front)
    }

    fn json(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    fn pointer(tokens: &[&str]) -> Pointer {
        tokens
            .iter()
            .fold(Pointer::root(), |pointer, token| pointer.push(token))
    }

    const HEAD: &str = "swagger: '2.0'\ninfo: {title: T, version: '1'}\nhost: api.test\n";

    #[test]
    fn host_base_path_and_schemes_become_servers() {
        let (value, warnings, _) = rewritten(&format!(
            "{HEAD}basePath: /v2\nschemes: [https, http]\npaths:\n  /a: {{get: {{schemes: [http], responses: {{'200': {{description: ok}}}}}}}}\n"
        ));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            value["servers"],
            json(r#"[{"url": "https://api.test/v2"}, {"url": "http://api.test/v2"}]"#)
        );
        assert_eq!(
            value["paths"]["/a"]["get"]["servers"],
            json(r#"[{"url": "http://api.test/v2"}]"#)
        );
        let (value, _, _) = rewritten(&format!("{HEAD}paths: {{}}\n"));
        assert_eq!(value["servers"], json(r#"[{"url": "https://api.test"}]"#));
        let (_, _, front) = rewritten(&format!("{HEAD}paths: {{}}\n"));
        assert_eq!(
            front.origins.original(&pointer(&["servers", "0", "url"])),
            pointer(&["host"])
        );
    }

    #[test]
    fn no_host_is_a_relative_server_with_a_warning() {
        let (value, warnings, _) =
            rewritten("swagger: '2.0'\ninfo: {title: T, version: '1'}\nbasePath: /v1\npaths: {}\n");
        assert_eq!(value["servers"], json(r#"[{"url": "/v1"}]"#));
        assert_eq!(warnings, ["no-server #/basePath"]);
    }

    #[test]
    fn body_parameters_become_request_bodies_of_the_consumed_media_types() {
        let (value, warnings, front) = rewritten(&format!(
            "{HEAD}consumes: [application/json, application/xml]\nproduces: [application/json]\npaths:\n  /pets:\n    post:\n      parameters:\n        - {{name: limit, in: query, type: integer}}\n        - {{name: pet, in: body, required: true, description: The pet, schema: {{$ref: '#/definitions/Pet'}}}}\n      responses:\n        '201': {{description: made, schema: {{$ref: '#/definitions/Pet'}}, examples: {{application/json: {{name: Rex}}, text/plain: Rex}}, headers: {{X-Rate: {{type: integer, description: left}}}}}}\ndefinitions:\n  Pet: {{type: object, properties: {{name: {{type: string}}}}}}\n"
        ));
        assert!(warnings.is_empty(), "{warnings:?}");
        let operation = &value["paths"]["/pets"]["post"];
        assert_eq!(
            operation["requestBody"],
            json(
                r##"{"description": "The pet", "required": true, "x-body-name": "pet", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                    "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}}}"##
            )
        );
        assert_eq!(
            operation["parameters"],
            json(r#"[{"name": "limit", "in": "query", "schema": {"type": "integer"}}]"#)
        );
        let response = &operation["responses"]["201"];
        assert_eq!(
            response["content"],
            json(
                r##"{"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}, "example": {"name": "Rex"}}}"##
            )
        );
        assert_eq!(response["x-examples"], json(r#"{"text/plain": "Rex"}"#));
        assert_eq!(
            response["headers"]["X-Rate"],
            json(r#"{"description": "left", "schema": {"type": "integer"}}"#)
        );
        assert_eq!(
            value["components"]["schemas"]["Pet"]["properties"]["name"]["type"],
            "string"
        );
        // Pointers into the rewritten document lead back to the 2.0 one.
        let origins = &front.origins;
        assert_eq!(
            origins.original(&pointer(&[
                "paths",
                "/pets",
                "post",
                "requestBody",
                "content",
                "application/xml",
                "schema",
                "$ref"
            ])),
            pointer(&[
                "paths",
                "/pets",
                "post",
                "parameters",
                "1",
                "schema",
                "$ref"
            ])
        );
        assert_eq!(
            origins.original(&pointer(&[
                "paths",
                "/pets",
                "post",
                "parameters",
                "0",
                "schema",
                "type"
            ])),
            pointer(&["paths", "/pets", "post", "parameters", "0", "type"])
        );
        assert_eq!(
            origins.original(&pointer(&["components", "schemas", "Pet", "properties"])),
            pointer(&["definitions", "Pet", "properties"])
        );
    }

    #[test]
    fn form_parameters_become_a_form_or_multipart_body() {
        let form = format!(
            "{HEAD}paths:\n  /login:\n    post:\n      parameters:\n        - {{name: user, in: formData, required: true, type: string, x-example: ann}}\n        - {{name: tags, in: formData, type: array, items: {{type: string}}, allowEmptyValue: true}}\n      responses: {{'204': {{description: done}}}}\n"
        );
        let (value, warnings, _) = rewritten(&form);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            value["paths"]["/login"]["post"]["requestBody"],
            json(
                r#"{"required": true, "content": {"application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": {
                        "user": {"type": "string", "example": "ann"},
                        "tags": {"type": "array", "items": {"type": "string"}}},
                      "required": ["user"]},
                    "encoding": {"tags": {"style": "form", "explode": false}}}}}"#
            )
        );
        // A file makes it multipart, and a file is binary.
        let (value, _, front) = rewritten(&format!(
            "{HEAD}paths:\n  /up:\n    post:\n      parameters:\n        - {{name: note, in: formData, type: string}}\n        - {{name: file, in: formData, type: file, required: true}}\n      responses: {{'204': {{description: done}}}}\n"
        ));
        let body = &value["paths"]["/up"]["post"]["requestBody"]["content"]["multipart/form-data"];
        assert_eq!(
            body["schema"]["properties"]["file"],
            json(r#"{"type": "string", "format": "binary"}"#)
        );
        assert!(body.get("encoding").is_none());
        // A list's format in a multipart body has no 3.0 spelling: it is
        // reported where it is written (and a list without one is not).
        let (_, warnings, _) = rewritten(&format!(
            "{HEAD}paths:\n  /up:\n    post:\n      parameters:\n        - {{name: file, in: formData, type: file}}\n        - {{name: tags, in: formData, type: array, items: {{type: string}}, collectionFormat: pipes}}\n        - {{name: ids, in: formData, type: array, items: {{type: string}}}}\n      responses: {{'204': {{description: done}}}}\n"
        ));
        assert_eq!(
            warnings,
            ["unmapped-keyword #/paths/~1up/post/parameters/1/collectionFormat"]
        );
        // A file response is bytes, though the root produces JSON.
        let (value, _, _) = rewritten(&format!(
            "{HEAD}produces: [application/json]\npaths:\n  /f: {{get: {{responses: {{'200': {{description: f, schema: {{type: file}}}}}}}}}}\n"
        ));
        assert_eq!(
            value["paths"]["/f"]["get"]["responses"]["200"]["content"],
            json(
                r#"{"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}"#
            )
        );
        assert_eq!(
            front.origins.original(&pointer(&[
                "paths",
                "/up",
                "post",
                "requestBody",
                "content",
                "multipart/form-data",
                "schema",
                "properties",
                "file",
                "type"
            ])),
            pointer(&["paths", "/up", "post", "parameters", "1", "type"])
        );
        // `consumes` alone can say multipart.
        let (value, _, _) = rewritten(&form.replace(
            "    post:\n",
            "    post:\n      consumes: [multipart/form-data]\n",
        ));
        assert!(
            value["paths"]["/login"]["post"]["requestBody"]["content"]["multipart/form-data"]
                .is_object()
        );
    }

    #[test]
    fn collection_formats_become_styles_and_tsv_is_reported_where_it_stands() {
        let (value, warnings, _) = rewritten(&format!(
            "{HEAD}paths:\n  /a/{{ids}}:\n    get:\n      parameters:\n        - {{name: ids, in: path, required: true, type: array, items: {{type: string}}, collectionFormat: pipes}}\n        - {{name: a, in: query, type: array, items: {{type: string}}}}\n        - {{name: b, in: query, type: array, items: {{type: string}}, collectionFormat: multi}}\n        - {{name: c, in: query, type: array, items: {{type: string}}, collectionFormat: ssv}}\n        - {{name: d, in: query, type: array, items: {{type: string}}, collectionFormat: pipes}}\n        - {{name: e, in: query, type: array, items: {{type: string}}, collectionFormat: tsv}}\n        - {{name: f, in: query, type: string, allowEmptyValue: true, x-nullable: true}}\n      responses: {{'204': {{description: done}}}}\n"
        ));
        assert_eq!(
            warnings,
            [
                "unmapped-keyword #/paths/~1a~1{ids}/get/parameters/0/collectionFormat",
                "unmapped-keyword #/paths/~1a~1{ids}/get/parameters/5/collectionFormat",
            ]
        );
        let parameters = &value["paths"]["/a/{ids}"]["get"]["parameters"];
        let style = |index: usize| {
            (
                parameters[index].get("style").cloned(),
                parameters[index].get("explode").cloned(),
            )
        };
        assert_eq!(style(0), (None, None));
        assert_eq!(style(1), (Some(json(r#""form""#)), Some(json("false"))));
        assert_eq!(style(2), (Some(json(r#""form""#)), Some(json("true"))));
        assert_eq!(
            style(3),
            (Some(json(r#""spaceDelimited""#)), Some(json("false")))
        );
        assert_eq!(
            style(4),
            (Some(json(r#""pipeDelimited""#)), Some(json("false")))
        );
        assert_eq!(
            style(5),
            (Some(json(r#""spaceDelimited""#)), Some(json("false")))
        );
        assert_eq!(
            parameters[6],
            json(
                r#"{"name": "f", "in": "query", "allowEmptyValue": true, "schema": {"type": "string", "nullable": true}}"#
            )
        );
    }

    #[test]
    fn shared_parameters_and_responses_become_components_or_are_written_in() {
        let (value, warnings, front) = rewritten(&format!(
            "{HEAD}produces: [application/json]\nparameters:\n  Page: {{name: page, in: query, type: integer, x-example: 2}}\n  Body: {{name: body, in: body, schema: {{$ref: '#/definitions/Pet'}}}}\nresponses:\n  Gone: {{description: gone, schema: {{$ref: '#/definitions/Error'}}}}\npaths:\n  /pets:\n    parameters: [{{$ref: '#/parameters/Body'}}]\n    put:\n      parameters: [{{$ref: '#/parameters/Page'}}]\n      responses: {{'410': {{$ref: '#/responses/Gone'}}, '200': {{$ref: '#/definitions/Pet'}}}}\ndefinitions:\n  Pet: {{type: object, description: A pet, discriminator: kind, properties: {{kind: {{type: string}}, owner: {{$ref: '#/definitions/Pet', x-nullable: true}}}}}}\n  Error: {{type: object}}\n"
        ));
        assert_eq!(
            warnings,
            ["schema-as-response #/paths/~1pets/put/responses/200/$ref"]
        );
        let components = &value["components"];
        assert_eq!(
            components["parameters"],
            json(
                r#"{"Page": {"name": "page", "in": "query", "example": 2, "schema": {"type": "integer"}}}"#
            )
        );
        assert_eq!(
            components["responses"]["Gone"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
        let item = &value["paths"]["/pets"];
        assert!(item.get("parameters").is_none(), "{item}");
        let operation = &item["put"];
        assert_eq!(
            operation["parameters"],
            json(r##"[{"$ref": "#/components/parameters/Page"}]"##)
        );
        assert_eq!(
            operation["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(
            operation["responses"]["410"]["$ref"],
            "#/components/responses/Gone"
        );
        assert_eq!(
            operation["responses"]["200"],
            json(
                r##"{"description": "A pet", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}"##
            )
        );
        let pet = &components["schemas"]["Pet"];
        assert_eq!(pet["discriminator"], json(r#"{"propertyName": "kind"}"#));
        assert_eq!(
            pet["properties"]["owner"],
            json(r##"{"$ref": "#/components/schemas/Pet", "nullable": true}"##)
        );
        // The written-in body names the shared parameter as written.
        assert_eq!(
            front.origins.original(&pointer(&[
                "paths",
                "/pets",
                "put",
                "requestBody",
                "content",
                "application/json",
                "schema"
            ])),
            pointer(&["parameters", "Body", "schema"])
        );
        assert_eq!(
            front.origins.original(&pointer(&[
                "paths",
                "/pets",
                "put",
                "responses",
                "200",
                "content",
                "application/json",
                "schema",
                "$ref"
            ])),
            pointer(&["paths", "/pets", "put", "responses", "200", "$ref"])
        );
    }

    #[test]
    fn security_definitions_become_security_schemes() {
        let (value, warnings, _) = rewritten(&format!(
            "{HEAD}paths: {{}}\nsecurityDefinitions:\n  basic: {{type: basic, description: Who}}\n  key: {{type: apiKey, in: header, name: X-Key}}\n  implicit: {{type: oauth2, flow: implicit, authorizationUrl: 'https://a.test/auth', scopes: {{read: Read}}}}\n  password: {{type: oauth2, flow: password, tokenUrl: 'https://a.test/token', scopes: {{}}}}\n  application: {{type: oauth2, flow: application, tokenUrl: 'https://a.test/token', scopes: {{}}}}\n  code: {{type: oauth2, flow: accessCode, authorizationUrl: 'https://a.test/auth', tokenUrl: 'https://a.test/token', scopes: {{}}}}\n  odd: {{type: oauth2, flow: magic}}\n"
        ));
        assert_eq!(
            warnings,
            ["unmapped-keyword #/securityDefinitions/odd/flow"]
        );
        let schemes = &value["components"]["securitySchemes"];
        assert_eq!(
            schemes["basic"],
            json(r#"{"type": "http", "scheme": "basic", "description": "Who"}"#)
        );
        assert_eq!(
            schemes["key"],
            json(r#"{"type": "apiKey", "in": "header", "name": "X-Key"}"#)
        );
        assert_eq!(
            schemes["implicit"]["flows"],
            json(
                r#"{"implicit": {"authorizationUrl": "https://a.test/auth", "scopes": {"read": "Read"}}}"#
            )
        );
        assert!(schemes["password"]["flows"]["password"]["tokenUrl"].is_string());
        assert!(schemes["application"]["flows"]["clientCredentials"]["tokenUrl"].is_string());
        assert!(schemes["code"]["flows"]["authorizationCode"]["authorizationUrl"].is_string());
        assert_eq!(schemes["odd"]["flows"], json("{}"));
    }
}

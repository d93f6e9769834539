//! A synthetic large tagged spec, made by code: the shape of a code host's
//! REST API (projects, accounts, tickets reached from every area, paged
//! lists, request bodies, path parameters, one error body), at any size.
//!
//! The benchmarks of large specs ([`crate::large_build`], [`crate::scale`])
//! generate it instead of reading a checked-in file of megabytes. The same
//! [`Shape`] gives the same bytes (JSON) every time. Every name is made up.
//!
//! The operations are spread over the tags as evenly as they go (the first
//! tags take one more when they do not divide), and each tag's operations
//! come in rounds of six on one sub-resource of the tag: list (paged), create
//! (a body), get, update (a body), delete and an action (a small body).
//! Each round has its own four schemas (the item, its create and update
//! bodies and the action's body); every item reaches the shared `Account`
//! and `Project` (and some `Ticket`, which reaches `Label` and `Milestone`),
//! so a shared type is reached from every group. Every error answer is the
//! one `Problem` schema, so that progenitor (one error body type an
//! operation) reads the spec too.

use serde_json::{json, Map, Value};

/// The areas of the made-up code host, in tag order (more tags than names
/// repeat them with a number).
const AREAS: [&str; 40] = [
    "Projects",
    "Tickets",
    "Merge Requests",
    "Accounts",
    "Workspaces",
    "Crews",
    "Snippets",
    "Shipments",
    "Pipelines",
    "Verdicts",
    "Lookup",
    "Emoji",
    "Alerts",
    "Packages",
    "Wikis",
    "Boards",
    "Milestones",
    "Webhooks",
    "Keys",
    "Secrets",
    "Runners",
    "Artifacts",
    "Caches",
    "Deployments",
    "Environments",
    "Pages",
    "Billing",
    "Audit",
    "Invitations",
    "Discussions",
    "Badges",
    "Mirrors",
    "Scanning",
    "Licenses",
    "Templates",
    "Migrations",
    "Quotas",
    "Sponsors",
    "Codespaces",
    "Insights",
];

/// The sub-resources of an area, one per round of six operations (more
/// rounds than names repeat them with a number).
const SUBRESOURCES: [&str; 8] = [
    "entries", "rules", "notes", "hooks", "tokens", "runs", "drafts", "pins",
];

/// The actions, one per round.
const ACTIONS: [&str; 5] = ["archive", "restore", "lock", "transfer", "sync"];

/// How big the spec is, and whether its operations are tagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Operations in all.
    pub operations: usize,
    /// Tags (groups); at least one, at most one per operation.
    pub tags: usize,
    /// Whether the operations carry their tag (else no tag anywhere: one
    /// `operations.rs`, as before files by group).
    pub tagged: bool,
}

impl Shape {
    /// The tag count actually used: between 1 and the operation count.
    fn tag_count(&self) -> usize {
        self.tags.clamp(1, self.operations.max(1))
    }

    /// The operations of tag `index` (the first tags take the remainder).
    pub fn operations_of(&self, index: usize) -> usize {
        let tags = self.tag_count();
        self.operations / tags + usize::from(index < self.operations % tags)
    }

    /// The name of tag `index` (`Merge Requests`, `Projects 2`).
    pub fn tag_name(index: usize) -> String {
        let name = AREAS[index % AREAS.len()];
        match index / AREAS.len() {
            0 => name.to_owned(),
            round => format!("{name} {}", round + 1),
        }
    }
}

/// The spec of `shape`, as JSON text.
pub fn spec(shape: &Shape) -> String {
    let mut paths = Map::new();
    let mut schemas = shared_schemas();
    let mut tags = Vec::new();
    for tag in 0..shape.tag_count() {
        let name = Shape::tag_name(tag);
        tags.push(json!({
            "name": name,
            "description": format!("The {} of a project, and what can be done with them.", name.to_lowercase()),
        }));
        let slug = words(&name).join("-");
        let count = shape.operations_of(tag);
        for round in 0..count.div_ceil(6) {
            let sub = numbered(&SUBRESOURCES, round);
            let item = pascal(&format!("{name} {}", singular(&sub)));
            let base = format!("/projects/{{owner}}/{{project}}/{slug}/{sub}");
            let one = format!("{base}/{{id}}");
            let action = ACTIONS[round % ACTIONS.len()];
            let first = round * 6;
            let ops = (first..count.min(first + 6)).map(|i| i - first);
            add_schemas(&mut schemas, &item, &name, round, action);
            for kind in ops {
                let tag_list = if shape.tagged {
                    json!([name])
                } else {
                    Value::Null
                };
                let (path, method, operation) = match kind {
                    0 => (base.clone(), "get", list(&item, &sub, &name)),
                    1 => (base.clone(), "post", create(&item, &sub)),
                    2 => (one.clone(), "get", get(&item, &sub)),
                    3 => (one.clone(), "patch", update(&item, &sub)),
                    4 => (one.clone(), "delete", delete(&item, &sub)),
                    _ => (format!("{one}/{action}"), "post", act(&item, &sub, action)),
                };
                let mut operation = operation;
                if let (Some(object), false) = (operation.as_object_mut(), tag_list.is_null()) {
                    object.insert("tags".to_owned(), tag_list);
                }
                let entry = paths
                    .entry(path)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(object) = entry.as_object_mut() {
                    object.insert(method.to_owned(), operation);
                }
            }
        }
    }
    let mut document = json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Forgehub",
            "version": "1.0.0",
            "description": format!(
                "A made-up code host's API, generated for benchmarks: {} operations over {} areas.",
                shape.operations, shape.tag_count()
            ),
        },
        "servers": [{"url": "https://forgehub.example/api/v1"}],
        "security": [{"token": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "parameters": {
                "Owner": path_parameter("owner", "The account that owns the project."),
                "Project": path_parameter("project", "The project's name."),
                "Id": {
                    "name": "id", "in": "path", "required": true,
                    "description": "The item's number within the project.",
                    "schema": {"type": "integer", "format": "int64"},
                },
                "Page": {
                    "name": "page", "in": "query",
                    "description": "The page to return, from 1.",
                    "schema": {"type": "integer", "minimum": 1, "default": 1},
                },
                "PerPage": {
                    "name": "per_page", "in": "query",
                    "description": "Items a page, at most 100.",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 30},
                },
            },
            "responses": {
                "NotFound": problem_response("Nothing by that name, or you may not see it."),
                "Invalid": problem_response("The body was read but cannot be applied."),
            },
            "schemas": schemas,
        },
    });
    if shape.tagged {
        if let Some(object) = document.as_object_mut() {
            object.insert("tags".to_owned(), Value::Array(tags));
        }
    }
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// `names[round]`, numbered after the first pass (`rules2`).
fn numbered(names: &[&str], round: usize) -> String {
    let name = names[round % names.len()];
    match round / names.len() {
        0 => name.to_owned(),
        pass => format!("{name}{}", pass + 1),
    }
}

/// The words of a name, lower case.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `MergeRequestsRule2` from `Merge Requests rule2`.
fn pascal(name: &str) -> String {
    words(name)
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// `entry` from `entries`, `rule2` from `rules2`.
fn singular(sub: &str) -> String {
    let digits = sub.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let word = &sub[..sub.len() - digits.len()];
    let one = if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else {
        word.strip_suffix('s').unwrap_or(word).to_owned()
    };
    format!("{one}{digits}")
}

/// `lowerCamel` operation id of `verb` and `item`.
fn operation_id(verb: &str, item: &str) -> String {
    format!("{verb}{item}")
}

fn reference(kind: &str, name: &str) -> Value {
    json!({"$ref": format!("#/components/{kind}/{name}")})
}

fn path_parameter(name: &str, description: &str) -> Value {
    json!({
        "name": name, "in": "path", "required": true,
        "description": description,
        "schema": {"type": "string"},
    })
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": reference("schemas", "Problem")}},
    })
}

fn json_body(schema: Value, description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": schema}},
    })
}

/// The path parameters of the collection, and of one item.
fn collection_parameters() -> Vec<Value> {
    vec![
        reference("parameters", "Owner"),
        reference("parameters", "Project"),
    ]
}

fn item_parameters() -> Vec<Value> {
    let mut parameters = collection_parameters();
    parameters.push(reference("parameters", "Id"));
    parameters
}

fn list(item: &str, sub: &str, area: &str) -> Value {
    let mut parameters = collection_parameters();
    parameters.extend([
        reference("parameters", "Page"),
        reference("parameters", "PerPage"),
        json!({
            "name": "state", "in": "query",
            "description": "Only the items in this state.",
            "schema": {"type": "string", "enum": ["open", "closed", "all"], "default": "open"},
        }),
        json!({
            "name": "since", "in": "query",
            "description": "Only the items changed after this time.",
            "schema": {"type": "string", "format": "date-time"},
        }),
    ]);
    json!({
        "operationId": operation_id("list", &pascal(&format!("{area} {sub}"))),
        "summary": format!("List the {sub} of a project's {}", area.to_lowercase()),
        "description": format!(
            "Returns the {sub}, newest first, a page at a time: follow `page` until a page comes back short."
        ),
        "parameters": parameters,
        "responses": {
            "200": json_body(json!({"type": "array", "items": reference("schemas", item)}), "A page of items."),
            "404": reference("responses", "NotFound"),
        },
    })
}

fn create(item: &str, sub: &str) -> Value {
    json!({
        "operationId": operation_id("create", item),
        "summary": format!("Create one of a project's {sub}"),
        "parameters": collection_parameters(),
        "requestBody": {
            "required": true,
            "content": {"application/json": {"schema": reference("schemas", &format!("{item}Create"))}},
        },
        "responses": {
            "201": json_body(reference("schemas", item), "Created."),
            "404": reference("responses", "NotFound"),
            "422": reference("responses", "Invalid"),
        },
    })
}

fn get(item: &str, sub: &str) -> Value {
    json!({
        "operationId": operation_id("get", item),
        "summary": format!("Get one of a project's {sub}"),
        "parameters": item_parameters(),
        "responses": {
            "200": json_body(reference("schemas", item), "The item."),
            "404": reference("responses", "NotFound"),
        },
    })
}

fn update(item: &str, sub: &str) -> Value {
    json!({
        "operationId": operation_id("update", item),
        "summary": format!("Change one of a project's {sub}"),
        "description": "Only the fields given change.",
        "parameters": item_parameters(),
        "requestBody": {
            "required": true,
            "content": {"application/json": {"schema": reference("schemas", &format!("{item}Update"))}},
        },
        "responses": {
            "200": json_body(reference("schemas", item), "The item as it is now."),
            "404": reference("responses", "NotFound"),
            "422": reference("responses", "Invalid"),
        },
    })
}

fn delete(item: &str, sub: &str) -> Value {
    json!({
        "operationId": operation_id("delete", item),
        "summary": format!("Delete one of a project's {sub}"),
        "parameters": item_parameters(),
        "responses": {
            "204": {"description": "Deleted."},
            "404": reference("responses", "NotFound"),
        },
    })
}

fn act(item: &str, sub: &str, action: &str) -> Value {
    json!({
        "operationId": operation_id(action, item),
        "summary": format!("{} one of a project's {sub}", pascal(action)),
        "parameters": item_parameters(),
        "requestBody": {
            "required": false,
            "content": {"application/json": {"schema": reference("schemas", &format!("{item}{}", pascal(action)))}},
        },
        "responses": {
            "202": json_body(reference("schemas", item), "Accepted; the item as it will be."),
            "404": reference("responses", "NotFound"),
        },
    })
}

/// A property with a description.
fn property(schema: Value, description: &str) -> Value {
    let mut schema = schema;
    if let Some(object) = schema.as_object_mut() {
        object.insert("description".to_owned(), json!(description));
    }
    schema
}

/// The four schemas of one round: the item, its create and update bodies
/// and the action's body. Every other round's item reaches `Ticket`.
fn add_schemas(
    schemas: &mut Map<String, Value>,
    item: &str,
    area: &str,
    round: usize,
    action: &str,
) {
    let mut properties = Map::new();
    let fields = [
        (
            "id",
            property(
                json!({"type": "integer", "format": "int64"}),
                "Its number within the project.",
            ),
        ),
        (
            "name",
            property(
                json!({"type": "string"}),
                "Its name, unique in the project.",
            ),
        ),
        (
            "description",
            property(
                json!({"type": "string", "nullable": true}),
                "What it is for, when someone said.",
            ),
        ),
        (
            "state",
            property(
                json!({"type": "string", "enum": ["open", "closed", "archived"]}),
                "Where it is in its life.",
            ),
        ),
        (
            "created_at",
            property(
                json!({"type": "string", "format": "date-time"}),
                "When it was created.",
            ),
        ),
        (
            "updated_at",
            property(
                json!({"type": "string", "format": "date-time"}),
                "When it last changed.",
            ),
        ),
        (
            "url",
            property(
                json!({"type": "string", "format": "uri"}),
                "Where the API serves it.",
            ),
        ),
        (
            "position",
            property(
                json!({"type": "integer", "format": "int32"}),
                "Its place in the project's order.",
            ),
        ),
        (
            "locked",
            property(
                json!({"type": "boolean"}),
                "Whether only maintainers may change it.",
            ),
        ),
        (
            "author",
            property(reference("schemas", "Account"), "Who created it."),
        ),
        (
            "project",
            property(
                reference("schemas", "Project"),
                "The project it belongs to.",
            ),
        ),
        (
            "labels",
            property(
                json!({"type": "array", "items": reference("schemas", "Label")}),
                "Its labels.",
            ),
        ),
        (
            "metadata",
            property(
                json!({"type": "object", "additionalProperties": {"type": "string"}}),
                "Free key-value pairs.",
            ),
        ),
    ];
    for (name, schema) in fields {
        properties.insert(name.to_owned(), schema);
    }
    if round % 2 == 1 {
        properties.insert(
            "ticket".to_owned(),
            property(
                reference("schemas", "Ticket"),
                "The ticket it answers, if any.",
            ),
        );
    }
    schemas.insert(
        item.to_owned(),
        json!({
            "type": "object",
            "description": format!("One of a project's {} items.", area.to_lowercase()),
            "required": ["id", "name", "state", "created_at", "url", "author", "project"],
            "properties": properties,
        }),
    );
    schemas.insert(
        format!("{item}Create"),
        json!({
            "type": "object",
            "description": "What a new item is made of.",
            "required": ["name"],
            "properties": {
                "name": property(json!({"type": "string", "minLength": 1, "maxLength": 100}), "Its name."),
                "description": property(json!({"type": "string"}), "What it is for."),
                "labels": property(json!({"type": "array", "items": {"type": "string"}}), "Label names to put on it."),
                "locked": property(json!({"type": "boolean", "default": false}), "Whether only maintainers may change it."),
            },
        }),
    );
    schemas.insert(
        format!("{item}Update"),
        json!({
            "type": "object",
            "description": "The fields to change; the others stay.",
            "properties": {
                "name": property(json!({"type": "string", "minLength": 1, "maxLength": 100}), "A new name."),
                "description": property(json!({"type": "string", "nullable": true}), "A new description; null clears it."),
                "state": property(json!({"type": "string", "enum": ["open", "closed"]}), "A new state."),
                "position": property(json!({"type": "integer", "format": "int32"}), "A new place in the order."),
            },
        }),
    );
    schemas.insert(
        format!("{item}{}", pascal(action)),
        json!({
            "type": "object",
            "description": format!("How to {action} it."),
            "properties": {
                "reason": property(json!({"type": "string"}), "Why, for the audit log."),
                "notify": property(json!({"type": "boolean", "default": true}), "Whether watchers hear of it."),
            },
        }),
    );
}

/// The types every area reaches: an account, a project, a ticket (with its
/// labels and milestone) and the error body.
fn shared_schemas() -> Map<String, Value> {
    let schemas = json!({
        "Account": {
            "type": "object",
            "description": "A person or an organisation with an account.",
            "required": ["id", "login", "kind"],
            "properties": {
                "id": property(json!({"type": "integer", "format": "int64"}), "Its number."),
                "login": property(json!({"type": "string"}), "The name it signs in with."),
                "kind": property(json!({"type": "string", "enum": ["person", "organisation", "robot"]}), "What it is."),
                "display_name": property(json!({"type": "string", "nullable": true}), "The name it shows."),
                "avatar_url": property(json!({"type": "string", "format": "uri"}), "Its picture."),
                "created_at": property(json!({"type": "string", "format": "date-time"}), "When it joined."),
            },
        },
        "Project": {
            "type": "object",
            "description": "A project: its code and everything around it.",
            "required": ["id", "name", "owner", "visibility"],
            "properties": {
                "id": property(json!({"type": "integer", "format": "int64"}), "Its number."),
                "name": property(json!({"type": "string"}), "Its name under its owner."),
                "owner": property(reference("schemas", "Account"), "Who owns it."),
                "visibility": property(json!({"type": "string", "enum": ["public", "internal", "private"]}), "Who may see it."),
                "default_branch": property(json!({"type": "string"}), "The branch it opens on."),
                "topics": property(json!({"type": "array", "items": {"type": "string"}}), "What it is about."),
                "stars": property(json!({"type": "integer", "format": "int32"}), "How many starred it."),
                "archived": property(json!({"type": "boolean"}), "Whether it is read-only."),
            },
        },
        "Label": {
            "type": "object",
            "description": "A label that can be put on tickets and items.",
            "required": ["name", "color"],
            "properties": {
                "name": property(json!({"type": "string"}), "Its name."),
                "color": property(json!({"type": "string", "pattern": "^[0-9a-f]{6}$"}), "Its color, six hex digits."),
                "description": property(json!({"type": "string", "nullable": true}), "What it means."),
            },
        },
        "Milestone": {
            "type": "object",
            "description": "A goal tickets are gathered under.",
            "required": ["number", "title"],
            "properties": {
                "number": property(json!({"type": "integer", "format": "int32"}), "Its number."),
                "title": property(json!({"type": "string"}), "Its title."),
                "due_on": property(json!({"type": "string", "format": "date-time", "nullable": true}), "When it is due."),
            },
        },
        "Ticket": {
            "type": "object",
            "description": "A ticket: a problem or a request, and its discussion.",
            "required": ["number", "title", "state", "author"],
            "properties": {
                "number": property(json!({"type": "integer", "format": "int64"}), "Its number in the project."),
                "title": property(json!({"type": "string"}), "Its title."),
                "body": property(json!({"type": "string", "nullable": true}), "Its text, Markdown."),
                "state": property(json!({"type": "string", "enum": ["open", "closed"]}), "Whether it is open."),
                "author": property(reference("schemas", "Account"), "Who opened it."),
                "assignees": property(json!({"type": "array", "items": reference("schemas", "Account")}), "Who works on it."),
                "labels": property(json!({"type": "array", "items": reference("schemas", "Label")}), "Its labels."),
                "milestone": property(reference("schemas", "Milestone"), "The milestone it is under."),
            },
        },
        "Problem": {
            "type": "object",
            "description": "Why a request failed.",
            "required": ["message"],
            "properties": {
                "message": property(json!({"type": "string"}), "What went wrong, for a person."),
                "documentation_url": property(json!({"type": "string", "format": "uri"}), "Where to read more."),
                "errors": property(json!({"type": "array", "items": {"type": "string"}}), "Each field that was wrong."),
            },
        },
    });
    match schemas {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> codegen::Options {
        codegen::Options {
            crate_name: "forgehub".to_owned(),
            crate_version: None,
            spec_label: "forgehub.json".to_owned(),
            regenerate_command: "cargo xtask bench".to_owned(),
            standalone: true,
            smoke_tests: false,
            levels: codegen::Levels::default(),
            runtime: codegen::RuntimeSource::Embedded,
            guide: None,
        }
    }

    /// The operations of a JSON spec, with their tags.
    fn operations(text: &str) -> Vec<(String, Vec<String>)> {
        let value: Value = serde_json::from_str(text).expect("JSON");
        let mut found = Vec::new();
        for item in value["paths"].as_object().expect("paths").values() {
            for operation in item.as_object().expect("a path item").values() {
                let tags = operation["tags"]
                    .as_array()
                    .map(|tags| {
                        tags.iter()
                            .filter_map(|t| t.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                found.push((
                    operation["operationId"].as_str().expect("an id").to_owned(),
                    tags,
                ));
            }
        }
        found
    }

    #[test]
    fn the_same_shape_gives_the_same_bytes() {
        let shape = Shape {
            operations: 100,
            tags: 7,
            tagged: true,
        };
        assert_eq!(spec(&shape), spec(&shape));
        assert_ne!(
            spec(&shape),
            spec(&Shape {
                tagged: false,
                ..shape
            })
        );
    }

    #[test]
    fn it_has_the_requested_operations_and_tags() {
        for (operations, tags) in [(767, 40), (61, 5), (250, 13), (90, 45)] {
            let shape = Shape {
                operations,
                tags,
                tagged: true,
            };
            let found = operations_of_spec(&shape);
            assert_eq!(found.len(), operations, "{operations} over {tags}");
            let ids: std::collections::BTreeSet<&String> = found.iter().map(|(id, _)| id).collect();
            assert_eq!(ids.len(), operations, "operation ids are unique");
            let used: std::collections::BTreeSet<&String> =
                found.iter().flat_map(|(_, tags)| tags).collect();
            assert_eq!(used.len(), tags);
            assert!(found.iter().all(|(_, tags)| tags.len() == 1));
        }
        let untagged = operations(&spec(&Shape {
            operations: 50,
            tags: 5,
            tagged: false,
        }));
        assert_eq!(untagged.len(), 50);
        assert!(untagged.iter().all(|(_, tags)| tags.is_empty()));
    }

    fn operations_of_spec(shape: &Shape) -> Vec<(String, Vec<String>)> {
        operations(&spec(shape))
    }

    #[test]
    fn our_generator_makes_a_group_of_each_tag() {
        let shape = Shape {
            operations: 130,
            tags: 12,
            tagged: true,
        };
        let output = codegen::generate(spec(&shape).as_bytes(), &options()).expect("it generates");
        assert!(output.warnings.is_empty(), "{:?}", output.warnings);
        assert_eq!(output.operations, 130);
        let groups: Vec<&str> = output
            .files
            .iter()
            .filter_map(|f| f.path.strip_prefix("src/operations/"))
            .collect();
        assert_eq!(groups.len(), 12, "{groups:?}");
        assert!(groups.contains(&"merge_requests.rs"));
        let manifest = &output
            .files
            .iter()
            .find(|f| f.path == "Cargo.toml")
            .expect("a manifest")
            .contents;
        assert!(manifest.contains("\nmerge-requests = []"), "{manifest}");

        let flat = Shape {
            tagged: false,
            ..shape
        };
        let output = codegen::generate(spec(&flat).as_bytes(), &options()).expect("it generates");
        assert_eq!(output.operations, 130);
        assert!(output.files.iter().any(|f| f.path == "src/operations.rs"));
        assert!(!output
            .files
            .iter()
            .any(|f| f.path.starts_with("src/operations/")));
    }

    #[test]
    fn names_are_spelled_as_meant() {
        assert_eq!(singular("entries"), "entry");
        assert_eq!(singular("rules2"), "rule2");
        assert_eq!(pascal("Merge Requests rule2"), "MergeRequestsRule2");
        assert_eq!(Shape::tag_name(41), "Tickets 2");
        let shape = Shape {
            operations: 767,
            tags: 40,
            tagged: true,
        };
        assert_eq!((0..40).map(|t| shape.operations_of(t)).sum::<usize>(), 767);
        assert_eq!(shape.operations_of(0), 20);
        assert_eq!(shape.operations_of(39), 19);
    }
}

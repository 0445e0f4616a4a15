//! Same-shaped schemas merged before generation, so typify emits one type per shape.
//!
//! Why: Zoom's document writes every schema inline, so the same object (a queue, an agent, a page
//! of users) is spelled out again in each operation that returns or takes it, and typify would emit
//! one type per spelling: about half of them copies, each with its own serde, `Clone`, `Debug` and
//! builder code. The crate's compile time follows that code, and so does the generator's: syn has
//! to parse, and prettyplease to print, every copy.
//!
//! How: every schema typify would make a named type of (an object with properties, an enum) gets
//! the name typify would give it (mirrored below: progenitor's `{operationId}-response`, `-body`,
//! `-{parameter}` and component keys, typify's `{parent}_{property}` and `{parent}Item`, `title`
//! over a suggested name) and a class: two schemas are in one class when they are the same after
//! descriptions and examples are dropped, with each named schema inside them replaced by its class
//! (bottom-up, so nested shapes merge as wholes). A class spelled under two or more names is kept
//! once, in `components/schemas`, under the shortest name (ties: alphabetical), and every place it
//! occurred becomes a `$ref` to it (with the place's own description kept beside the reference,
//! through a one-element `allOf`, where it documents a field). Every other name becomes an
//! [`Alias`], which `generate` emits as `pub type Name = Kept;`, so code that names any of them
//! still compiles.
//!
//! Conservative by construction: a name the mirror cannot be sure of (two shapes under one name,
//! which typify resolves by order; a `title`; a nullable schema outside an optional property; a
//! component some `$ref` names) and any schema holding a shape this module does not read (`allOf`, `oneOf`, `anyOf`, `not`, a schema under `additionalProperties`) is left exactly
//! where it is, and so is everything around it. The surface snapshot shows each name typify gives.
//!
//! `Converted::document` stays inline: the readers of the document (pagination, the table, the
//! generated tests, Prism) see each operation's own schemas; only progenitor reads the merged one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use heck::ToSnakeCase;
use serde_json::{Map, Value};

use crate::pointer::escape;

/// The document progenitor reads, and the names merged away.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    /// The converted document with each merged shape defined once in `components/schemas`.
    pub document: Value,
    /// Every name that now stands for another's type, sorted by name.
    pub aliases: Vec<Alias>,
}

/// A type name typify would have given a schema that has the same shape as another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The name (`GetQueueResponse`).
    pub name: String,
    /// The name of the type it stands for (`ListQueuesResponseQueuesItem`).
    pub kept: String,
    /// The schema's own description, for the alias's doc comment.
    pub description: Option<String>,
}

/// How typify names a schema: a name it must use (an operation's body or response, a parameter,
/// a component) or one it suggests (a property, an array's items) that a `title` overrides.
#[derive(Debug, Clone)]
enum Name {
    Required(String),
    Suggested(String),
}

/// Where a schema sits, which decides what a reference in its place must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// A property not in its object's `required`: an `Option` whether or not it is nullable.
    OptionalProperty,
    /// A required property.
    RequiredProperty,
    /// A component schema, defined under its key.
    Component,
    /// An operation's body, response or parameter, or an array's items.
    Other,
}

#[derive(Debug)]
struct Occurrence {
    pointer: String,
    name: String,
    class: usize,
    description: Option<String>,
    position: Position,
    /// The mirror is sure of this name here (see the module docs).
    certain: bool,
}

/// Merges the same-shaped schemas of a converted document; `replaced` are component schemas that
/// generation replaces with a hand-written type (they are left alone).
pub fn merge(document: &Value, replaced: &[&str]) -> Shapes {
    let mut excluded: BTreeSet<String> = BTreeSet::new();
    // Excluding a name makes its shape unique, which can split another name's occurrences into
    // two classes: repeat until nothing more is excluded (each round only grows the set).
    let occurrences = loop {
        let occurrences = Walk::run(document, replaced, &excluded);
        let mut classes: HashMap<&str, BTreeSet<usize>> = HashMap::new();
        let mut more = BTreeSet::new();
        for occurrence in &occurrences {
            classes
                .entry(&occurrence.name)
                .or_default()
                .insert(occurrence.class);
            if !occurrence.certain {
                more.insert(occurrence.name.clone());
            }
        }
        more.extend(
            classes
                .into_iter()
                .filter(|(_, set)| set.len() > 1)
                .map(|(name, _)| name.to_owned()),
        );
        more.retain(|name| !excluded.contains(name));
        if more.is_empty() {
            break occurrences;
        }
        excluded.extend(more);
    };

    // class -> every name it is spelled under (excluded names never reach here: their classes
    // are unique to one place).
    let mut names: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for occurrence in occurrences.iter().filter(|o| !excluded.contains(&o.name)) {
        names
            .entry(occurrence.class)
            .or_default()
            .insert(&occurrence.name);
    }
    let mut kept_of: HashMap<&str, &str> = HashMap::new();
    for set in names.values().filter(|set| set.len() > 1) {
        let Some(kept) = set.iter().min_by_key(|n| (n.len(), **n)) else {
            continue;
        };
        for name in set {
            kept_of.insert(name, kept);
        }
    }

    // Where a reference finds each kept type: the component it already is (under its own key,
    // which typify turns into its name), or the one it is hoisted into, under its name.
    let mut target_of: HashMap<&str, String> = HashMap::new();
    for occurrence in &occurrences {
        if occurrence.position == Position::Component
            && kept_of.get(occurrence.name.as_str()) == Some(&occurrence.name.as_str())
            && let Some(key) = occurrence.pointer.strip_prefix("/components/schemas/")
        {
            target_of.insert(&occurrence.name, crate::pointer::unescape(key));
        }
    }
    let mut out = document.clone();
    let mut hoisted: BTreeMap<String, Value> = BTreeMap::new();
    let mut removed_components = Vec::new();
    let mut aliases: BTreeMap<String, Alias> = BTreeMap::new();
    // Post-order: children are references already when their parent is read.
    for occurrence in &occurrences {
        let Some(kept) = kept_of.get(occurrence.name.as_str()) else {
            continue;
        };
        let Some(current) = out.pointer(&occurrence.pointer).cloned() else {
            continue;
        };
        if occurrence.name == *kept {
            if occurrence.position == Position::Component {
                // Defined in place, under its own key.
                continue;
            }
            hoisted.entry((*kept).to_owned()).or_insert_with(|| {
                let mut definition = current.clone();
                if let Some(object) = definition.as_object_mut() {
                    object.remove("nullable");
                }
                definition
            });
        } else {
            aliases
                .entry(occurrence.name.clone())
                .or_insert_with(|| Alias {
                    name: occurrence.name.clone(),
                    kept: (*kept).to_owned(),
                    description: occurrence.description.clone(),
                });
        }
        if occurrence.position == Position::Component {
            removed_components.push(occurrence.pointer.clone());
            continue;
        }
        if let Some(slot) = out.pointer_mut(&occurrence.pointer) {
            let target = target_of.get(kept).map_or(*kept, String::as_str);
            *slot = reference(target, occurrence);
        }
    }
    // A converted document is an object; anything else had no named schema to merge.
    if let Some(root) = out.as_object_mut()
        && (!hoisted.is_empty() || !removed_components.is_empty())
    {
        let schemas = object_at(object_at(root, "components"), "schemas");
        for pointer in &removed_components {
            if let Some(key) = pointer.strip_prefix("/components/schemas/") {
                schemas.remove(&crate::pointer::unescape(key));
            }
        }
        for (name, definition) in hoisted {
            schemas.insert(name, definition);
        }
    }
    Shapes {
        document: out,
        aliases: aliases.into_values().collect(),
    }
}

/// What stands where a merged shape occurred: a reference to the component `key`, with the
/// place's description beside it when the place is a field (its doc comment).
fn reference(key: &str, occurrence: &Occurrence) -> Value {
    let mut target = Map::new();
    target.insert(
        "$ref".into(),
        Value::String(format!("#/components/schemas/{}", escape(key))),
    );
    let field = matches!(
        occurrence.position,
        Position::OptionalProperty | Position::RequiredProperty
    );
    match (&occurrence.description, field) {
        (Some(description), true) => {
            let mut wrapper = Map::new();
            wrapper.insert("allOf".into(), Value::Array(vec![Value::Object(target)]));
            wrapper.insert("description".into(), Value::String(description.clone()));
            Value::Object(wrapper)
        }
        _ => Value::Object(target),
    }
}

/// `map[key]` as an object: made an empty one if it is missing or something else.
fn object_at<'m>(map: &'m mut Map<String, Value>, key: &str) -> &'m mut Map<String, Value> {
    let slot = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(object) => object,
        _ => unreachable!("made an object just above"),
    }
}

/// One pass over the document: every named schema's occurrence, in post-order.
struct Walk<'a> {
    excluded: &'a BTreeSet<String>,
    /// Every `$ref` target met: a component named by one stays where it is.
    referenced: BTreeSet<String>,
    classes: HashMap<String, usize>,
    occurrences: Vec<Occurrence>,
}

impl<'a> Walk<'a> {
    fn run(document: &Value, replaced: &[&str], excluded: &'a BTreeSet<String>) -> Vec<Occurrence> {
        let mut walk = Walk {
            excluded,
            referenced: BTreeSet::new(),
            classes: HashMap::new(),
            occurrences: Vec::new(),
        };
        // progenitor adds the components first, then each operation's types in document order.
        if let Some(schemas) = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        {
            for (key, schema) in schemas {
                if replaced.contains(&key.as_str()) {
                    continue;
                }
                let name = crate::names::type_name(key);
                let mut pointer = format!("/components/schemas/{}", escape(key));
                walk.visit(
                    schema,
                    Some(Name::Required(name)),
                    &mut pointer,
                    Position::Component,
                );
            }
        }
        if let Some(paths) = document.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                let Some(item) = item.as_object() else {
                    continue;
                };
                for (method, operation) in item {
                    let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                        continue;
                    };
                    let pointer = format!("/paths/{}/{method}", escape(path));
                    walk.operation(id, operation, &pointer);
                }
            }
        }
        for occurrence in &mut walk.occurrences {
            if occurrence.position == Position::Component
                && walk
                    .referenced
                    .contains(&format!("#{}", occurrence.pointer))
            {
                occurrence.certain = false;
            }
        }
        walk.occurrences
    }

    fn operation(&mut self, id: &str, operation: &Value, pointer: &str) {
        let named = |suffix: &str| {
            Some(Name::Required(crate::names::type_name(&format!(
                "{id}-{suffix}"
            ))))
        };
        if let Some(parameters) = operation.get("parameters").and_then(Value::as_array) {
            for (i, parameter) in parameters.iter().enumerate() {
                let (Some(name), Some(schema)) = (
                    parameter.get("name").and_then(Value::as_str),
                    parameter.get("schema"),
                ) else {
                    continue;
                };
                let mut at = format!("{pointer}/parameters/{i}/schema");
                self.visit(schema, named(name), &mut at, Position::Other);
            }
        }
        let json = "application~1json";
        if let Some(schema) = operation.pointer("/requestBody/content/application~1json/schema") {
            let mut at = format!("{pointer}/requestBody/content/{json}/schema");
            self.visit(schema, named("body"), &mut at, Position::Other);
        }
        if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
            for (status, response) in responses {
                if let Some(schema) = response.pointer("/content/application~1json/schema") {
                    let mut at = format!(
                        "{pointer}/responses/{}/content/{json}/schema",
                        escape(status)
                    );
                    self.visit(schema, named("response"), &mut at, Position::Other);
                }
            }
        }
    }

    /// The schema's shape as a string (each named schema inside it by its class), recording every
    /// named schema on the way. `pointer` is the schema's; children push onto it and truncate.
    fn visit(
        &mut self,
        schema: &Value,
        name: Option<Name>,
        pointer: &mut String,
        position: Position,
    ) -> String {
        let Some(object) = schema.as_object() else {
            return schema.to_string();
        };
        if let Some(target) = object.get("$ref").and_then(Value::as_str) {
            self.referenced.insert(target.to_owned());
            return format!("ref:{target}");
        }
        let title = object.get("title").and_then(Value::as_str);
        // typify's `get_type_name`: a required name stands; a title beats a suggested one.
        let own = match (&name, title) {
            (Some(Name::Required(n)), _) => Some(crate::names::type_name(n)),
            (Some(Name::Suggested(n)), None) => Some(crate::names::type_name(n)),
            (_, Some(title)) => Some(crate::names::type_name(title)),
            (None, None) => None,
        };
        let required: BTreeSet<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        // typify names structs, string enums and integer newtypes; a boolean `enum` stays `bool`.
        let enum_type = matches!(
            object.get("type").and_then(Value::as_str),
            Some("string" | "integer") | None
        ) && object
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| {
                values
                    .iter()
                    .all(|v| v.is_string() || v.is_i64() || v.is_u64())
            });
        let named_type = enum_type
            || object
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty());
        let mut opaque = false;
        let mut shape = String::from("{");
        let mut keys: Vec<&String> = object.keys().collect();
        keys.sort();
        for key in keys {
            let value = &object[key.as_str()];
            match key.as_str() {
                // What typify 0.8 leaves out of the Rust type.
                "description" | "example" | "examples" | "deprecated" => continue,
                // A named type's own nullability is its holder's business (see the end).
                "nullable" if named_type => continue,
                "properties" => {
                    shape.push_str("properties:{");
                    let mut properties: Vec<(&String, &Value)> = value
                        .as_object()
                        .map(|m| m.iter().collect())
                        .unwrap_or_default();
                    properties.sort_by(|a, b| a.0.cmp(b.0));
                    for (property, child) in properties {
                        let child_name = own.as_ref().map(|base| {
                            Name::Suggested(format!("{base}_{}", property.to_snake_case()))
                        });
                        let child_position = if required.contains(property.as_str()) {
                            Position::RequiredProperty
                        } else {
                            Position::OptionalProperty
                        };
                        let length = pointer.len();
                        pointer.push_str("/properties/");
                        pointer.push_str(&escape(property));
                        let child_shape = self.visit(child, child_name, pointer, child_position);
                        pointer.truncate(length);
                        let _ = write!(shape, "{property:?}:{child_shape},");
                    }
                    shape.push_str("},");
                }
                "items" => {
                    let child_name = own
                        .as_ref()
                        .map(|base| Name::Suggested(format!("{base}Item")));
                    let length = pointer.len();
                    pointer.push_str("/items");
                    let child_shape = self.visit(value, child_name, pointer, Position::Other);
                    pointer.truncate(length);
                    let _ = write!(shape, "items:{child_shape},");
                }
                // `required: []` says what no `required` says.
                "required" if required.is_empty() => {}
                "required" => {
                    let _ = write!(shape, "required:{required:?},");
                }
                "allOf" | "anyOf" | "oneOf" | "not" => opaque = true,
                "additionalProperties" if value.is_object() => opaque = true,
                _ => {
                    let _ = write!(shape, "{key:?}:{value},");
                }
            }
        }
        shape.push('}');
        let Some(own) = own.filter(|_| named_type) else {
            return if opaque {
                format!("opaque:{pointer}")
            } else {
                shape
            };
        };
        if opaque || self.excluded.contains(&own) {
            shape = format!("opaque:{pointer}");
        }
        let fresh = self.classes.len();
        let class = *self.classes.entry(shape).or_insert(fresh);
        let nullable = object.get("nullable").and_then(Value::as_bool) == Some(true);
        // Where the holder reads it: an optional property is an `Option` either way; anywhere
        // else a nullable type is another holder's shape (`Option<T>` for `T`).
        let marker = if nullable && position != Position::OptionalProperty {
            "?"
        } else {
            ""
        };
        self.occurrences.push(Occurrence {
            pointer: pointer.clone(),
            name: own,
            class,
            description: object
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            position,
            certain: title.is_none() && (!nullable || position == Position::OptionalProperty),
        });
        format!("#{class}{marker}")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use serde_json::json;

    use super::*;

    /// (alias, kept) of each merged-away name.
    fn pairs(shapes: &Shapes) -> Vec<(&str, &str)> {
        shapes
            .aliases
            .iter()
            .map(|a| (a.name.as_str(), a.kept.as_str()))
            .collect()
    }

    fn op(id: &str, response: Value) -> Value {
        json!({ "operationId": id, "responses": { "200": {
            "description": "OK",
            "content": { "application/json": { "schema": response } }
        } } })
    }

    fn queue(description: &str) -> Value {
        json!({
            "type": "object",
            "description": description,
            "properties": {
                "id": { "type": "string", "description": description },
                "agent": {
                    "type": "object",
                    "nullable": true,
                    "description": "its agent",
                    "properties": { "name": { "type": "string" } }
                }
            },
            "required": ["id"]
        })
    }

    fn document() -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": {
                "/queues/{id}": { "get": op("get_queue", queue("A queue, as get_queue says")) },
                "/queues": { "get": op("list_queues", json!({
                    "type": "object",
                    "properties": { "queues": { "type": "array", "items": queue("A queue") } }
                })) },
                "/other": { "get": op("get_other", json!({
                    "type": "object",
                    "properties": {
                        "id": { "type": "string" },
                        "agent": { "type": "object", "properties": { "name": { "type": "integer" } } }
                    },
                    "required": ["id"]
                })) }
            }
        })
    }

    #[test]
    fn same_shapes_are_defined_once_under_the_shortest_name_and_keep_every_name() {
        let shapes = merge(&document(), &[]);
        assert_eq!(
            pairs(&shapes),
            [
                ("ListQueuesResponseQueuesItem", "GetQueueResponse"),
                ("ListQueuesResponseQueuesItemAgent", "GetQueueResponseAgent"),
            ]
        );
        let doc = &shapes.document;
        assert_eq!(
            doc.pointer("/paths/~1queues/get/responses/200/content/application~1json/schema/properties/queues/items"),
            Some(&json!({ "$ref": "#/components/schemas/GetQueueResponse" }))
        );
        // The kept definition names its merged child by reference, and keeps the field's docs.
        let kept = doc.pointer("/components/schemas/GetQueueResponse").unwrap();
        assert_eq!(
            kept.pointer("/properties/agent"),
            Some(&json!({
                "allOf": [{ "$ref": "#/components/schemas/GetQueueResponseAgent" }],
                "description": "its agent"
            }))
        );
        assert_eq!(kept["description"], "A queue, as get_queue says");
        // The alias keeps its own description for its doc comment.
        assert_eq!(shapes.aliases[0].description.as_deref(), Some("A queue"));
        // Another nested shape keeps its own inline type.
        assert!(
            doc.pointer("/paths/~1other/get/responses/200/content/application~1json/schema/properties/agent/properties")
                .is_some()
        );
    }

    #[test]
    fn a_name_under_two_shapes_and_everything_around_it_stays_inline() {
        let mut doc = document();
        // A second `get_queue` response with another shape: typify would keep the first it meets.
        doc["paths"]["/queues/{id}"]["get"]["responses"]["201"] = json!({
            "description": "Created",
            "content": { "application/json": { "schema": { "type": "object", "properties": { "x": { "type": "string" } } } } }
        });
        let shapes = merge(&doc, &[]);
        assert!(
            shapes
                .aliases
                .iter()
                .all(|a| a.name != "ListQueuesResponseQueuesItem" && a.kept != "GetQueueResponse"),
            "{:?}",
            shapes.aliases
        );
    }

    #[test]
    fn what_typify_leaves_out_of_the_type_does_not_split_a_shape() {
        // An optional nullable property (an `Option` either way), `deprecated`, and `required: []`
        // beside no `required` at all: the same Rust type each time.
        let doc = json!({
            "openapi": "3.0.3",
            "paths": {
                "/a": { "get": {
                    "operationId": "list_a",
                    "parameters": [{ "name": "kind", "in": "query",
                        "schema": { "type": "string", "enum": ["x", "y"] } }],
                    "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": {
                        "type": "object",
                        "properties": {
                            "kind": { "type": "string", "enum": ["x", "y"], "nullable": true, "deprecated": true },
                            "item": { "type": "object", "required": [], "properties": { "n": { "type": "integer" } } }
                        }
                    } } } } }
                } },
                "/b": { "get": op("get_b", json!({
                    "type": "object",
                    "properties": { "n": { "type": "integer" } }
                })) }
            }
        });
        let shapes = merge(&doc, &[]);
        assert_eq!(
            pairs(&shapes),
            [
                ("ListAResponseItem", "GetBResponse"),
                ("ListAResponseKind", "ListAKind"),
            ]
        );
    }

    #[test]
    fn merging_is_idempotent_and_leaves_distinct_shapes_alone() {
        let once = merge(&document(), &[]);
        let twice = merge(&once.document, &[]);
        assert!(twice.aliases.is_empty(), "{:?}", twice.aliases);
        assert_eq!(once.document, twice.document);
    }
}

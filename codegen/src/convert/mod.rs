//! Stage 4: turn the (overlaid) document into the OpenAPI 3.0.3 that progenitor reads, and collect the
//! per-operation facts the later stages need.
//!
//! Version rewrites and leniency rewrites of schemas live in [`schema`]; the operation shapes that make
//! progenitor panic or miscompile are settled in [`operation`]; the scopes and rate-limit label are
//! read out of descriptions by [`markers`]. Anything that cannot be rewritten without guessing is
//! refused with the operation and JSON pointer at fault.

pub mod markers;
pub mod operation;
mod real_shapes;
mod schema;
pub mod shapes;

use serde_json::{Map, Value};

pub use operation::{BodyKind, ERROR_BODY_SCHEMA};

use crate::error::{Error, Location};
use crate::load::Document;
use crate::names::{NameMap, OperationFacts, operation_key};
use crate::pointer::escape;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A rewrite the conversion made, for the regenerate report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Where the rewrite happened (pointer into the document as given).
    pub location: Location,
    /// What was rewritten.
    pub message: String,
}

/// What later stages need to know about one operation.
#[derive(Debug, Clone)]
pub struct OperationSummary {
    /// `METHOD /path`.
    pub key: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// Zoom's operationId, when the document has one.
    pub zoom_operation_id: Option<String>,
    /// The stable Rust method name.
    pub method_name: String,
    /// The operation's summary.
    pub summary: Option<String>,
    /// Zoom's tags for it (the document gives each operation one): each is a Cargo feature of the
    /// crate (`crate::features`).
    pub tags: Vec<String>,
    /// Scopes and rate-limit label from the description.
    pub markers: markers::Markers,
    /// Whether the operation takes a `next_page_token` query parameter and returns one beside exactly
    /// one array: the name of that array property.
    pub paginated_items: Option<String>,
    /// What its request body became.
    pub body: BodyKind,
    /// The request body schema (as converted), kept for hand-written multipart methods.
    pub body_schema: Option<Value>,
}

/// The converted document and its facts.
#[derive(Debug, Clone)]
pub struct Converted {
    /// OpenAPI 3.0.3, ready for `openapiv3` and progenitor; multipart operations are taken out.
    pub document: Value,
    /// Every operation of the input, in document order, multipart ones included.
    pub operations: Vec<OperationSummary>,
    /// The rewrites made.
    pub notes: Vec<Note>,
    /// Enum values and property names the document spells several ways: what the generated types
    /// accept on decode besides their own spelling.
    pub spellings: crate::spellings::Spellings,
    /// The multipart operations taken out of `document`, converted like every other operation:
    /// the hand-written methods serve them, and the contract test puts them back into the
    /// document it serves to Prism, so those methods are judged against the same conversion.
    pub hand_written: Vec<HandWritten>,
}

/// A converted operation that `document` leaves out because a hand-written method serves it.
#[derive(Debug, Clone)]
pub struct HandWritten {
    /// The path template.
    pub path: String,
    /// Lower-case HTTP method, the key of the operation in its path item.
    pub method: String,
    /// The converted operation object.
    pub operation: Value,
}

/// Shared state of one conversion: the operation being converted and the notes so far.
pub(crate) struct Context<'a> {
    operation: Option<String>,
    notes: &'a mut Vec<Note>,
    /// Refusals so far; the conversion goes on after each, so one run reports all of them.
    refused: Vec<Error>,
    /// Converted multipart operations, taken out of the document (see [`Converted::hand_written`]).
    hand_written: Vec<HandWritten>,
}

impl Context<'_> {
    fn location(&self, pointer: &str) -> Location {
        Location {
            operation: self.operation.clone(),
            pointer: pointer.to_owned(),
        }
    }

    pub(crate) fn note(&mut self, pointer: &str, message: &str) {
        let location = self.location(pointer);
        self.notes.push(Note {
            location,
            message: message.to_owned(),
        });
    }

    pub(crate) fn unsupported(&self, pointer: &str, message: &str) -> Error {
        Error::Unsupported {
            location: self.location(pointer),
            message: message.to_owned(),
        }
    }
}

/// Lists the operations of a document for naming, before any conversion.
pub fn operation_facts(document: &Value) -> Vec<OperationFacts> {
    let mut facts = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return facts;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let text = |key: &str| {
                operation
                    .get(key)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            facts.push(OperationFacts {
                key: operation_key(method, path),
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                operation_id: text("operationId").unwrap_or_default(),
                summary: text("summary"),
                tags: tag_list(operation.get("tags")),
            });
        }
    }
    facts
}

/// An operation's `tags` value as names, in the document's order (none when absent).
fn tag_list(tags: Option<&Value>) -> Vec<String> {
    tags.and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Converts `document`; `names` must already know every operation (see [`NameMap::resolve`]).
/// Fails if anything is refused, with every refusal (see [`Error::all`]).
pub fn convert(document: &Document, names: &NameMap) -> Result<Converted, Error> {
    let (converted, refused) = convert_collecting(document, names)?;
    match Error::all(refused) {
        Some(error) => Err(error),
        None => Ok(converted),
    }
}

/// [`convert`], but a refused operation or schema does not stop the conversion: it is left out of
/// the converted document and returned beside it, each located by operation and JSON pointer, so
/// generation can still find every other problem of the same run. Errors only when the document
/// as a whole is unusable.
pub fn convert_collecting(
    document: &Document,
    names: &NameMap,
) -> Result<(Converted, Vec<Error>), Error> {
    let mut notes = Vec::new();
    let mut value = document.value.clone();
    let source = document.value.clone();
    let mut ctx = Context {
        operation: None,
        notes: &mut notes,
        refused: Vec::new(),
        hand_written: Vec::new(),
    };
    let Some(root) = value.as_object_mut() else {
        return Err(ctx.unsupported("", "the document is not an object"));
    };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    for key in ["webhooks", "jsonSchemaDialect"] {
        root.remove(key);
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }

    let mut operations = Vec::new();
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let item_pointer = format!("/paths/{}", escape(path));
            if let Err(error) = convert_path_item(
                path,
                item,
                &item_pointer,
                &source,
                names,
                &mut ctx,
                &mut operations,
            ) {
                ctx.refused.push(error);
                *item = Value::Object(Map::new());
            }
        }
        paths.retain(|_, item| item.as_object().is_some_and(has_operation));
    }

    let mut schemas = Map::new();
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(existing)) = components.remove("schemas") {
            schemas = existing;
        }
        // Parameters, bodies and responses were inlined where used; the rest has no meaning for
        // the client.
        components.clear();
    }
    ctx.operation = None;
    for (name, schema) in schemas.iter_mut() {
        let pointer = format!("/components/schemas/{}", escape(name));
        if let Err(error) = schema::convert_schema(schema, &pointer, &mut ctx) {
            ctx.refused.push(error);
        }
    }
    schemas.insert(ERROR_BODY_SCHEMA.into(), operation::error_body_schema());
    let mut components = Map::new();
    components.insert("schemas".into(), Value::Object(schemas));
    root.insert("components".into(), Value::Object(components));

    let refused = std::mem::take(&mut ctx.refused);
    let hand_written = std::mem::take(&mut ctx.hand_written);
    let spellings = crate::spellings::Spellings::of(&value);
    Ok((
        Converted {
            document: value,
            operations,
            notes,
            spellings,
            hand_written,
        },
        refused,
    ))
}

fn has_operation(item: &Map<String, Value>) -> bool {
    METHODS.iter().any(|m| item.contains_key(*m))
}

fn convert_path_item(
    path: &str,
    item: &mut Value,
    item_pointer: &str,
    source: &Value,
    names: &NameMap,
    ctx: &mut Context<'_>,
    operations: &mut Vec<OperationSummary>,
) -> Result<(), Error> {
    ctx.operation = None;
    let Some(item) = item.as_object_mut() else {
        return Err(ctx.unsupported(item_pointer, "a path item is not an object"));
    };
    if item.contains_key("$ref") {
        return Err(ctx.unsupported(item_pointer, "path items by `$ref` are not supported"));
    }
    if !path.starts_with('/') {
        return Err(ctx.unsupported(item_pointer, "a path must start with `/`"));
    }
    let shared_parameters = item.remove("parameters");
    item.remove("servers");
    for method in METHODS {
        let Some(operation) = item.get_mut(method) else {
            continue;
        };
        let shared = &shared_parameters;
        let pointer = format!("{item_pointer}/{method}");
        match convert_method(
            path, method, operation, shared, &pointer, source, names, ctx,
        ) {
            Ok(summary) => operations.push(summary),
            Err(error) => {
                ctx.refused.push(error);
                item.remove(method);
            }
        }
    }
    let is_multipart = |key: &str| {
        operations.iter().any(|op| {
            op.path == path && op.method.eq_ignore_ascii_case(key) && op.body == BodyKind::Multipart
        })
    };
    for (key, operation) in item.iter().filter(|(key, _)| is_multipart(key)) {
        ctx.hand_written.push(HandWritten {
            path: path.to_owned(),
            method: key.clone(),
            operation: operation.clone(),
        });
    }
    item.retain(|key, _| !is_multipart(key));
    for op in operations
        .iter()
        .filter(|op| op.path == path && op.body == BodyKind::Multipart)
    {
        ctx.operation = Some(op.key.clone());
        let pointer = format!("{item_pointer}/{}", op.method.to_ascii_lowercase());
        ctx.note(&pointer, "multipart body: served by a hand-written method");
    }
    Ok(())
}

/// Converts one operation in place and returns its summary; an error refuses just this operation.
#[allow(clippy::too_many_arguments)] // The operation, where it sits, and the conversion's state.
fn convert_method(
    path: &str,
    method: &str,
    operation: &mut Value,
    shared_parameters: &Option<Value>,
    pointer: &str,
    source: &Value,
    names: &NameMap,
    ctx: &mut Context<'_>,
) -> Result<OperationSummary, Error> {
    let key = operation_key(method, path);
    let zoom_id = operation
        .get("operationId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    ctx.operation = Some(match &zoom_id {
        Some(id) => format!("{key} ({id})"),
        None => key.clone(),
    });
    let Some(operation) = operation.as_object_mut() else {
        return Err(ctx.unsupported(pointer, "an operation is not an object"));
    };
    inline_references(operation, shared_parameters, source, pointer, ctx)?;
    check_path_parameters(path, operation, pointer, ctx)?;
    let Some(method_name) = names.get(&key).map(str::to_owned) else {
        return Err(ctx.unsupported(pointer, "the name map has no entry for this operation"));
    };
    let body = operation::convert_operation(operation, pointer, &method_name, ctx)?;
    let description = operation
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let body_schema = operation
        .get("requestBody")
        .and_then(|b| b.get("content"))
        .and_then(Value::as_object)
        .and_then(|c| c.values().next())
        .and_then(|m| m.get("schema"))
        .cloned();
    Ok(OperationSummary {
        key,
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        zoom_operation_id: zoom_id,
        method_name,
        summary: operation
            .get("summary")
            .and_then(Value::as_str)
            .map(str::to_owned),
        tags: tag_list(operation.get("tags")),
        markers: markers::parse(description),
        paginated_items: paginated_items(operation),
        body,
        body_schema,
    })
}

/// Resolves local `$ref`s for parameters, the request body and responses, and merges path-level
/// parameters into the operation (an operation's own parameter wins, as the spec says).
fn inline_references(
    operation: &mut Map<String, Value>,
    shared_parameters: &Option<Value>,
    source: &Value,
    pointer: &str,
    ctx: &mut Context<'_>,
) -> Result<(), Error> {
    let mut parameters: Vec<Value> = match operation.remove("parameters") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    for parameter in parameters.iter_mut() {
        resolve(parameter, source, pointer, ctx)?;
    }
    if let Some(Value::Array(shared)) = shared_parameters {
        for parameter in shared {
            let mut parameter = parameter.clone();
            resolve(&mut parameter, source, pointer, ctx)?;
            let same = |p: &Value| {
                p.get("name") == parameter.get("name") && p.get("in") == parameter.get("in")
            };
            if !parameters.iter().any(same) {
                parameters.push(parameter);
            }
        }
    }
    if !parameters.is_empty() {
        operation.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = operation.get_mut("requestBody") {
        resolve(body, source, pointer, ctx)?;
    }
    if let Some(Value::Object(responses)) = operation.get_mut("responses") {
        for response in responses.values_mut() {
            resolve(response, source, pointer, ctx)?;
        }
    }
    Ok(())
}

fn resolve(
    value: &mut Value,
    source: &Value,
    pointer: &str,
    ctx: &mut Context<'_>,
) -> Result<(), Error> {
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(());
        };
        let Some(target) = reference.strip_prefix('#') else {
            return Err(ctx.unsupported(pointer, &format!("external reference {reference:?}")));
        };
        let Some(found) = source.pointer(target) else {
            return Err(ctx.unsupported(pointer, &format!("dangling reference {reference:?}")));
        };
        *value = found.clone();
    }
    Err(ctx.unsupported(pointer, "reference chain longer than 16 (a cycle?)"))
}

/// progenitor needs every `{name}` of the path to be a path parameter and vice versa.
fn check_path_parameters(
    path: &str,
    operation: &Map<String, Value>,
    pointer: &str,
    ctx: &mut Context<'_>,
) -> Result<(), Error> {
    let in_template: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split('}').next())
        .collect();
    let declared: Vec<&str> = operation
        .get("parameters")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
                .filter_map(|p| p.get("name").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    for name in &in_template {
        if !declared.contains(name) {
            let message = format!("path parameter `{{{name}}}` is not declared in `parameters`");
            return Err(ctx.unsupported(pointer, &message));
        }
    }
    for name in &declared {
        if !in_template.contains(name) {
            let message = format!("path parameter {name:?} does not appear in the path");
            return Err(ctx.unsupported(&format!("{pointer}/parameters"), &message));
        }
    }
    Ok(())
}

/// The array property of a page, when the operation pages with `next_page_token`.
fn paginated_items(operation: &Map<String, Value>) -> Option<String> {
    let takes_token = operation
        .get("parameters")?
        .as_array()?
        .iter()
        .any(|p| p.get("name").and_then(Value::as_str) == Some("next_page_token"));
    if !takes_token {
        return None;
    }
    let responses = operation.get("responses")?.as_object()?;
    let (_, success) = responses
        .iter()
        .find(|(status, _)| status.starts_with('2'))?;
    let schema = success
        .get("content")?
        .get("application/json")?
        .get("schema")?;
    let properties = schema.get("properties")?.as_object()?;
    properties.get("next_page_token")?;
    let mut arrays = properties
        .iter()
        .filter(|(_, p)| p.get("type").and_then(Value::as_str) == Some("array"));
    match (arrays.next(), arrays.next()) {
        (Some((name, _)), None) => Some(name.clone()),
        _ => None,
    }
}

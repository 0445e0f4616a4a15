//! A normalised view of one document: what the comparison needs and nothing else.
//!
//! Operations are keyed by method and path *template* (`/queues/{}`), so renaming a path parameter
//! (`{queueId}` -> `{queue_id}`) is seen as a parameter change of the same operation rather than a
//! removal plus an addition. Parameters, bodies and responses are flattened to fields
//! ([`super::schema`]), and scopes and the rate-limit label are read from the description.

use std::collections::BTreeMap;

use serde_json::Value;

use super::document::{Resolver, child};
use super::schema::{Fields, flatten};
use super::scopes::{self, Access};
use crate::convert::OperationSummary;
use crate::pipeline::ClientDocument;

/// `convert`'s facts of each operation of a run's model, by lower-case method and path.
type Facts<'a> = BTreeMap<(String, String), &'a OperationSummary>;
use super::{DiffError, Side};

/// The HTTP methods an OpenAPI path item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One document, normalised.
#[derive(Debug)]
pub(super) struct Api {
    /// `info.version`.
    pub(super) version: Option<String>,
    pub(super) operations: BTreeMap<OperationKey, Operation>,
}

/// Method (upper case) and path template with parameter names blanked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct OperationKey {
    pub(super) method: String,
    pub(super) template: String,
}

#[derive(Debug)]
pub(super) struct Operation {
    /// The path as written.
    pub(super) path: String,
    pub(super) operation_id: Option<String>,
    pub(super) deprecated: bool,
    /// By `(in, name)`.
    pub(super) parameters: BTreeMap<(String, String), Parameter>,
    pub(super) request: Option<Body>,
    /// By status; `None` when the response has no content.
    pub(super) responses: BTreeMap<String, Option<Body>>,
    pub(super) access: Access,
    /// The Cargo features its tags become (`crate::features::feature_name`), sorted.
    pub(super) features: Vec<String>,
}

#[derive(Debug)]
pub(super) struct Parameter {
    pub(super) required: bool,
    /// The parameter's schema, its root at the parameter's name.
    pub(super) fields: Fields,
}

#[derive(Debug)]
pub(super) struct Body {
    pub(super) media_type: String,
    pub(super) required: bool,
    /// The body's schema, its root at the empty path.
    pub(super) fields: Fields,
}

impl Api {
    /// Normalises a parsed OpenAPI 3.0 or 3.1 document.
    ///
    /// # Errors
    /// When the document's skeleton (paths, operations, parameters) is not OpenAPI-shaped, or a
    /// `$ref` does not resolve.
    pub(super) fn from_document(doc: &Value, side: Side) -> Result<Api, DiffError> {
        Self::read(doc, side, &Facts::new())
    }

    /// Normalises the model of a run ([`ClientDocument`]), given its `document` (the converted
    /// one with the hand-written operations put back, [`ClientDocument::with_hand_written`]):
    /// each operation's scopes, rate-limit label and features taken from the facts `convert` read
    /// once ([`OperationSummary`]), not read again.
    ///
    /// # Errors
    /// As [`Api::from_document`].
    pub(super) fn from_model(
        model: &ClientDocument,
        document: &Value,
        side: Side,
    ) -> Result<Api, DiffError> {
        let facts: Facts<'_> = model
            .converted
            .operations
            .iter()
            .map(|op| ((op.method.to_ascii_lowercase(), op.path.clone()), op))
            .collect();
        Self::read(document, side, &facts)
    }

    fn read(doc: &Value, side: Side, facts: &Facts<'_>) -> Result<Api, DiffError> {
        let resolver = Resolver { doc, side };
        if !doc.is_object() {
            return Err(resolver.invalid("", "the document is not a mapping"));
        }
        let version = doc
            .pointer("/info/version")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let mut operations = BTreeMap::new();
        let paths = match doc.get("paths") {
            None => {
                return Ok(Api {
                    version,
                    operations,
                });
            }
            Some(Value::Object(paths)) => paths,
            Some(_) => return Err(resolver.invalid("/paths", "`paths` is not a mapping")),
        };
        for (path, item) in paths {
            let item_pointer = child("/paths", path);
            let (item, item_pointer) = resolver.deref(item, &item_pointer)?;
            let Some(item) = item.as_object() else {
                return Err(resolver.invalid(&item_pointer, "path item is not a mapping"));
            };
            let shared = item.get("parameters");
            let shared_pointer = child(&item_pointer, "parameters");
            for method in METHODS {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                let pointer = child(&item_pointer, method);
                let key = OperationKey {
                    method: method.to_uppercase(),
                    template: template(path),
                };
                if operations.contains_key(&key) {
                    return Err(DiffError::DuplicateOperation {
                        side,
                        pointer,
                        method: key.method,
                        path: path.clone(),
                    });
                }
                let reader = Reader { resolver };
                let known = facts.get(&(method.to_owned(), path.clone())).copied();
                let mut operation = reader.operation(operation, &pointer, path, known)?;
                // Path-level parameters apply unless the operation redefines them.
                for (key, parameter) in reader.parameters(shared, &shared_pointer)? {
                    operation.parameters.entry(key).or_insert(parameter);
                }
                operations.insert(key, operation);
            }
        }
        Ok(Api {
            version,
            operations,
        })
    }
}

/// `/queues/{queueId}/agents` -> `/queues/{}/agents`.
fn template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_braces = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_braces = true;
                out.push('{');
            }
            '}' if in_braces => {
                in_braces = false;
                out.push('}');
            }
            _ if in_braces => {}
            _ => out.push(c),
        }
    }
    out
}

struct Reader<'a> {
    resolver: Resolver<'a>,
}

impl<'a> Reader<'a> {
    /// One operation; `facts` are `convert`'s, when the document is a run's model.
    fn operation(
        &self,
        operation: &'a Value,
        pointer: &str,
        path: &str,
        facts: Option<&OperationSummary>,
    ) -> Result<Operation, DiffError> {
        let Some(object) = operation.as_object() else {
            return Err(self.resolver.invalid(pointer, "operation is not a mapping"));
        };
        let text = |key: &str| object.get(key).and_then(Value::as_str);
        let parameters =
            self.parameters(object.get("parameters"), &child(pointer, "parameters"))?;
        let request = match object.get("requestBody") {
            Some(body) => self.request_body(body, &child(pointer, "requestBody"))?,
            None => None,
        };
        let mut responses = BTreeMap::new();
        if let Some(map) = object.get("responses").and_then(Value::as_object) {
            let base = child(pointer, "responses");
            for (status, response) in map {
                let (response, response_pointer) =
                    self.resolver.deref(response, &child(&base, status))?;
                let body = self.body(response, &response_pointer, true)?;
                responses.insert(status.clone(), body);
            }
        }
        Ok(Operation {
            path: path.to_owned(),
            // A converted document carries the method name in `operationId` and Zoom's own id in
            // `x-zoom-operation-id`: Zoom's is the one whose change is informational (a changed
            // method name is reported from the name maps, as `MethodRenamed`).
            operation_id: text("x-zoom-operation-id")
                .or_else(|| text("operationId"))
                .map(str::to_owned),
            deprecated: object.get("deprecated") == Some(&Value::Bool(true)),
            parameters,
            request,
            responses,
            access: match facts {
                Some(facts) => Access::from(&facts.markers),
                None => text("description").map(scopes::parse).unwrap_or_default(),
            },
            features: match facts {
                Some(facts) => features_of(facts.tags.iter().map(String::as_str)),
                None => features_of(
                    object
                        .get("tags")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str),
                ),
            },
        })
    }

    fn parameters(
        &self,
        list: Option<&'a Value>,
        pointer: &str,
    ) -> Result<BTreeMap<(String, String), Parameter>, DiffError> {
        let mut out = BTreeMap::new();
        let Some(list) = list else {
            return Ok(out);
        };
        let Some(list) = list.as_array() else {
            return Err(self.resolver.invalid(pointer, "`parameters` is not a list"));
        };
        for (i, parameter) in list.iter().enumerate() {
            let (parameter, at) = self
                .resolver
                .deref(parameter, &child(pointer, &i.to_string()))?;
            let name = parameter.get("name").and_then(Value::as_str);
            let place = parameter.get("in").and_then(Value::as_str);
            let (Some(name), Some(place)) = (name, place) else {
                return Err(self
                    .resolver
                    .invalid(&at, "parameter lacks a string `name` or `in`"));
            };
            let required = place == "path" || parameter.get("required") == Some(&Value::Bool(true));
            let (schema, schema_pointer) = match parameter.get("schema") {
                Some(schema) => (schema, child(&at, "schema")),
                None => match parameter.get("content") {
                    Some(content) => pick_media(content, &child(&at, "content"))
                        .map(|(_, schema, p)| (schema, p))
                        .unwrap_or((&Value::Null, at.clone())),
                    None => (&Value::Null, at.clone()),
                },
            };
            let fields = flatten(self.resolver, schema, &schema_pointer, name, required)?;
            out.insert(
                (place.to_owned(), name.to_owned()),
                Parameter { required, fields },
            );
        }
        Ok(out)
    }

    fn request_body(&self, body: &'a Value, pointer: &str) -> Result<Option<Body>, DiffError> {
        let (body, at) = self.resolver.deref(body, pointer)?;
        let required = body.get("required") == Some(&Value::Bool(true));
        self.body(body, &at, required)
    }

    /// The body described by a request body or response object's `content`, if any.
    fn body(
        &self,
        holder: &'a Value,
        pointer: &str,
        required: bool,
    ) -> Result<Option<Body>, DiffError> {
        let Some(content) = holder.get("content") else {
            return Ok(None);
        };
        let Some((media_type, schema, schema_pointer)) =
            pick_media(content, &child(pointer, "content"))
        else {
            return Ok(None);
        };
        let fields = flatten(self.resolver, schema, &schema_pointer, "", true)?;
        Ok(Some(Body {
            media_type,
            required,
            fields,
        }))
    }
}

/// The media type the client uses: `application/json` if offered, else another JSON type, else the
/// first. Returns the type, its schema (`null` when absent) and the schema's pointer.
fn pick_media<'a>(content: &'a Value, pointer: &str) -> Option<(String, &'a Value, String)> {
    let content = content.as_object()?;
    let (media_type, media) = content
        .get_key_value("application/json")
        .or_else(|| content.iter().find(|(k, _)| k.contains("json")))
        .or_else(|| content.iter().next())?;
    let media_pointer = child(pointer, media_type);
    let schema = media.get("schema").unwrap_or(&Value::Null);
    Some((media_type.clone(), schema, child(&media_pointer, "schema")))
}

/// The features an operation's tags become, as the generated crate names them (no tag: the
/// `untagged` feature).
fn features_of<'t>(tags: impl Iterator<Item = &'t str>) -> Vec<String> {
    let mut features: Vec<String> = tags.map(crate::features::feature_name).collect();
    if features.is_empty() {
        features.push(crate::features::UNTAGGED.to_owned());
    }
    features.sort();
    features.dedup();
    features
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn templates_blank_parameter_names() {
        assert_eq!(
            template("/queues/{queueId}/agents/{id}"),
            "/queues/{}/agents/{}"
        );
        assert_eq!(template("/odd}{"), "/odd}{");
    }

    #[test]
    fn skeleton_errors_name_the_pointer() {
        let doc = serde_json::json!({"paths": {"/a": {"get": {"parameters": [{"in": "query"}]}}}});
        let err = Api::from_document(&doc, Side::New).unwrap_err();
        assert_eq!(
            err,
            DiffError::Invalid {
                side: Side::New,
                pointer: "/paths/~1a/get/parameters/0".to_owned(),
                reason: "parameter lacks a string `name` or `in`".to_owned(),
            }
        );
    }
}

//! Flattens the spec into the places the rules look at: every schema (with its operation, side and
//! pointer) and every example paired with the schema it claims to follow.
//!
//! Schemas are visited where they are written; local `$ref`s are not followed (components are
//! visited once, under the label `components`), so a finding is reported once, at the place to fix.

use serde_json::{Map, Value};

use crate::pointer;

/// HTTP methods that hold an Operation Object in a Path Item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords whose value is one subschema.
const SINGLE: [&str; 3] = ["items", "not", "additionalProperties"];
/// Keywords whose value is a list of subschemas.
const LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// Guards against pathological nesting (the spec is input a user controls).
const MAX_DEPTH: usize = 64;

/// Which way the data flows, for the request/response spelling rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Side {
    /// Parameters and request bodies: what a client sends.
    Request,
    /// Response bodies: what a client receives.
    Response,
    /// `components`: shared, no single direction.
    Component,
}

/// One schema object somewhere in the spec.
#[derive(Debug)]
pub(crate) struct SchemaSite<'a> {
    /// RFC 6901 pointer to the schema.
    pub(crate) pointer: String,
    /// operationId, `METHOD /path`, or `components`.
    pub(crate) operation: String,
    /// Request, response or component.
    pub(crate) side: Side,
    /// The schema itself.
    pub(crate) schema: &'a Map<String, Value>,
}

/// One example value and the schema it should validate against.
#[derive(Debug)]
pub(crate) struct ExampleSite<'a> {
    /// RFC 6901 pointer to the example value.
    pub(crate) pointer: String,
    /// operationId, `METHOD /path`, or `components`.
    pub(crate) operation: String,
    /// The schema it should validate against.
    pub(crate) schema: &'a Value,
    /// RFC 6901 pointer to that schema.
    pub(crate) schema_pointer: String,
    /// The example.
    pub(crate) value: &'a Value,
}

/// Everything the rules inspect.
#[derive(Debug, Default)]
pub(crate) struct Model<'a> {
    /// Every schema, in document order.
    pub(crate) schemas: Vec<SchemaSite<'a>>,
    /// Every media-type and parameter example, in document order.
    pub(crate) examples: Vec<ExampleSite<'a>>,
}

impl<'a> Model<'a> {
    /// Walks the whole document.
    pub(crate) fn collect(doc: &'a Value) -> Self {
        let mut model = Model::default();
        if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                let item_ptr = pointer::from_segments(["paths", path.as_str()]);
                let path_label = format!("* {path}");
                model.parameters(item.get("parameters"), &item_ptr, &path_label);
                for method in METHODS {
                    let Some(op) = item.get(method).and_then(Value::as_object) else {
                        continue;
                    };
                    let op_ptr = pointer::push(&item_ptr, method);
                    let label = op.get("operationId").and_then(Value::as_str).map_or_else(
                        || format!("{} {path}", method.to_uppercase()),
                        str::to_owned,
                    );
                    model.operation(op, &op_ptr, &label);
                }
            }
        }
        if let Some(schemas) = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        {
            for (name, schema) in schemas {
                let ptr = pointer::from_segments(["components", "schemas", name.as_str()]);
                model.schema(schema, ptr, "components", Side::Component, 0);
            }
        }
        model
    }

    fn operation(&mut self, op: &'a Map<String, Value>, op_ptr: &str, label: &str) {
        self.parameters(op.get("parameters"), op_ptr, label);
        if let Some(content) = op.get("requestBody").and_then(|b| b.get("content")) {
            let ptr = pointer::push(&pointer::push(op_ptr, "requestBody"), "content");
            self.content(content, &ptr, label, Side::Request);
        }
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            for (status, response) in responses {
                if let Some(content) = response.get("content") {
                    let ptr = pointer::from_segments(["responses", status.as_str(), "content"]);
                    self.content(content, &format!("{op_ptr}{ptr}"), label, Side::Response);
                }
            }
        }
    }

    fn parameters(&mut self, parameters: Option<&'a Value>, base: &str, label: &str) {
        let Some(list) = parameters.and_then(Value::as_array) else {
            return;
        };
        let list_ptr = pointer::push(base, "parameters");
        for (i, parameter) in list.iter().enumerate() {
            let ptr = pointer::push_index(&list_ptr, i);
            if let Some(schema) = parameter.get("schema") {
                let schema_ptr = pointer::push(&ptr, "schema");
                if let Some(example) = parameter.get("example") {
                    self.examples.push(ExampleSite {
                        pointer: pointer::push(&ptr, "example"),
                        operation: label.to_owned(),
                        schema,
                        schema_pointer: schema_ptr.clone(),
                        value: example,
                    });
                }
                self.schema(schema, schema_ptr, label, Side::Request, 0);
            }
        }
    }

    fn content(&mut self, content: &'a Value, base: &str, label: &str, side: Side) {
        let Some(media_types) = content.as_object() else {
            return;
        };
        for (media_type, media) in media_types {
            let ptr = pointer::push(base, media_type);
            let Some(schema) = media.get("schema") else {
                continue;
            };
            let schema_ptr = pointer::push(&ptr, "schema");
            let mut example = |pointer: String, value: &'a Value| {
                self.examples.push(ExampleSite {
                    pointer,
                    operation: label.to_owned(),
                    schema,
                    schema_pointer: schema_ptr.clone(),
                    value,
                });
            };
            if let Some(value) = media.get("example") {
                example(pointer::push(&ptr, "example"), value);
            }
            if let Some(named) = media.get("examples").and_then(Value::as_object) {
                for (name, object) in named {
                    if let Some(value) = object.get("value") {
                        let p = pointer::from_segments(["examples", name.as_str(), "value"]);
                        example(format!("{ptr}{p}"), value);
                    }
                }
            }
            self.schema(schema, schema_ptr, label, side, 0);
        }
    }

    fn schema(&mut self, value: &'a Value, ptr: String, label: &str, side: Side, depth: usize) {
        let Some(schema) = value.as_object() else {
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            let base = pointer::push(&ptr, "properties");
            for (name, property) in properties {
                let p = pointer::push(&base, name);
                self.schema(property, p, label, side, depth + 1);
            }
        }
        for keyword in SINGLE {
            if let Some(sub) = schema.get(keyword) {
                let p = pointer::push(&ptr, keyword);
                self.schema(sub, p, label, side, depth + 1);
            }
        }
        for keyword in LISTS {
            if let Some(list) = schema.get(keyword).and_then(Value::as_array) {
                let base = pointer::push(&ptr, keyword);
                for (i, sub) in list.iter().enumerate() {
                    let p = pointer::push_index(&base, i);
                    self.schema(sub, p, label, side, depth + 1);
                }
            }
        }
        self.schemas.push(SchemaSite {
            pointer: ptr,
            operation: label.to_owned(),
            side,
            schema,
        });
    }
}

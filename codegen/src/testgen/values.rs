//! Values for generated calls and checks, made from the document.
//!
//! - [`synthesise`] (contract calls): the document's examples first, and where it has none a value
//!   made up from the schema. The made-up values only have to satisfy the schema (Prism validates the
//!   request against it), not to mean anything; each rule picks the smallest value a validator
//!   accepts.
//! - [`required_only`] (fidelity checks): an object holds its required properties and nothing else,
//!   at every depth, so that anything more after a round trip was invented by the client.

use serde_json::{Map, Value, json};

/// How deep made-up values go before stopping at an empty object: the document has recursive schemas.
const MAX_DEPTH: usize = 8;

/// Follows a local `$ref` (`#/components/...`) to its target, or returns the schema itself.
pub(crate) fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    let mut current = schema;
    for _ in 0..16 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return current;
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            return current;
        };
        match document.pointer(pointer) {
            Some(target) => current = target,
            None => return current,
        }
    }
    current
}

/// The example of a parameter or media type: `example`, else the first of `examples`, else the
/// schema's own `example`.
pub(crate) fn example_of(document: &Value, holder: &Value) -> Option<Value> {
    if let Some(example) = holder.get("example") {
        return Some(example.clone());
    }
    if let Some(examples) = holder.get("examples").and_then(Value::as_object)
        && let Some(first) = examples.values().next()
    {
        let first = resolve(document, first);
        if let Some(value) = first.get("value") {
            return Some(value.clone());
        }
    }
    let schema = resolve(document, holder.get("schema")?);
    schema.get("example").cloned()
}

/// Which values [`synthesise_at`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Examples where the document has them; objects get their required properties and the
    /// optional ones that carry an example.
    Contract,
    /// Objects get exactly their required properties; examples only for scalars (an object's or an
    /// array's example would bring optional members with it).
    RequiredOnly,
}

/// A value that satisfies `schema`, using examples found on the way.
pub(crate) fn synthesise(document: &Value, schema: &Value) -> Value {
    synthesise_at(document, schema, 0, Mode::Contract)
}

/// A value of `schema` holding, in every object, exactly the required properties.
pub(crate) fn required_only(document: &Value, schema: &Value) -> Value {
    synthesise_at(document, schema, 0, Mode::RequiredOnly)
}

/// Whether the schema (resolved) describes an object or array, whose examples carry members.
fn is_composite(schema: &Value) -> bool {
    matches!(type_of(schema), "object" | "array")
        || ["allOf", "oneOf", "anyOf"]
            .iter()
            .any(|k| schema.get(*k).is_some())
}

fn synthesise_at(document: &Value, schema: &Value, depth: usize, mode: Mode) -> Value {
    let schema = resolve(document, schema);
    let use_examples = mode == Mode::Contract || !is_composite(schema);
    if use_examples && let Some(example) = schema.get("example") {
        return example.clone();
    }
    if use_examples
        && let Some(first) = schema
            .get("examples")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
    {
        return first.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    if let Some(constant) = schema.get("const") {
        return constant.clone();
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(object) = synthesise_at(document, part, depth + 1, mode) {
                merged.extend(object);
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(key)
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return synthesise_at(document, first, depth + 1, mode);
        }
    }
    match type_of(schema) {
        "object" => object(document, schema, depth, mode),
        "array" => {
            if depth >= MAX_DEPTH {
                return json!([]);
            }
            let item = schema.get("items").map_or(json!("example"), |items| {
                synthesise_at(document, items, depth + 1, mode)
            });
            json!([item])
        }
        "integer" => json!(number_floor(schema).max(1.0) as i64),
        "number" => json!(number_floor(schema).max(1.0)),
        "boolean" => json!(true),
        "null" => Value::Null,
        _ => string(schema),
    }
}

/// The schema's type; `["string", "null"]` counts as `string`, no type with properties as `object`.
fn type_of(schema: &Value) -> &str {
    match schema.get("type") {
        Some(Value::String(t)) => t,
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ if schema.get("items").is_some() => "array",
        _ => "string",
    }
}

fn number_floor(schema: &Value) -> f64 {
    schema
        .get("minimum")
        .and_then(Value::as_f64)
        .or_else(|| {
            schema
                .get("exclusiveMinimum")
                .and_then(Value::as_f64)
                .map(|m| m + 1.0)
        })
        .unwrap_or(1.0)
}

/// Required properties always; in [`Mode::Contract`] also optional ones that carry an example (so
/// that made-up bodies stay small but examples the document gives are still sent).
fn object(document: &Value, schema: &Value, depth: usize, mode: Mode) -> Value {
    let mut out = Map::new();
    if depth >= MAX_DEPTH {
        return Value::Object(out);
    }
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let property_schema = resolve(document, property);
            let read_only = property_schema.get("readOnly").and_then(Value::as_bool) == Some(true);
            if read_only && mode == Mode::Contract {
                continue;
            }
            let with_example = mode == Mode::Contract && property_schema.get("example").is_some();
            if required.contains(&name.as_str()) || with_example {
                out.insert(
                    name.clone(),
                    synthesise_at(document, property, depth + 1, mode),
                );
            }
        }
    }
    Value::Object(out)
}

fn string(schema: &Value) -> Value {
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-01-01T00:00:00Z",
        Some("date") => "2024-01-01",
        Some("time") => "12:00:00",
        Some("email") => "user@example.com",
        Some("uri" | "url") => "https://example.com",
        Some("uuid") => "00000000-0000-4000-8000-000000000000",
        Some("ipv4") => "127.0.0.1",
        _ => "example",
    };
    let mut text = text.to_owned();
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    while (text.chars().count() as u64) < min {
        text.push('x');
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
        text = text
            .chars()
            .take(usize::try_from(max).unwrap_or(usize::MAX))
            .collect();
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_win_and_required_properties_are_made_up() {
        let document =
            json!({"components": {"schemas": {"Id": {"type": "string", "minLength": 9}}}});
        let schema = json!({
            "type": "object",
            "required": ["id", "count"],
            "properties": {
                "id": {"$ref": "#/components/schemas/Id"},
                "count": {"type": "integer", "minimum": 5},
                "kind": {"type": "string", "enum": ["a", "b"]},
                "note": {"type": "string", "example": "hi"}
            }
        });
        assert_eq!(
            synthesise(&document, &schema),
            json!({"id": "examplexx", "count": 5, "note": "hi"})
        );
        let with_example = json!({"type": "object", "required": ["a"], "example": {"a": 1, "b": 2},
            "properties": {"a": {"type": "integer", "example": 7}, "b": {"type": "integer", "example": 3},
            "c": {"type": "object", "properties": {}}}});
        assert_eq!(required_only(&document, &with_example), json!({"a": 7}));
        assert_eq!(
            required_only(&document, &schema),
            json!({"id": "examplexx", "count": 5})
        );
        let parameter = json!({"schema": {"type": "string", "example": "from-schema"}});
        assert_eq!(
            example_of(&document, &parameter),
            Some(json!("from-schema"))
        );
    }
}

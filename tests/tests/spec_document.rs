//! Parses the committed `spec/contact-center.json` with an independent OpenAPI 3.1 parser (`oas3`)
//! and checks it against `spec/reference/operations.json`, Zoom's published operations table:
//! 312 operations, each operationId unique and equal to the table's, parameters as the table gives
//! them, and every request and response example present and in line with its schema.
#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.

use std::collections::{BTreeMap, BTreeSet};

use oas3::spec::{MediaType, MediaTypeExamples, ObjectOrReference};
use serde_json::Value;

const SPEC: &str = include_str!("../../spec/contact-center.json");
const TABLE: &str = include_str!("../../spec/reference/operations.json");

fn spec() -> oas3::OpenApiV3Spec {
    oas3::from_json(SPEC)
        .expect("spec/contact-center.json is not an OpenAPI 3.1 document oas3 accepts")
}

/// The table, keyed by `METHOD /path`.
fn table() -> BTreeMap<String, Value> {
    let table: Value = serde_json::from_str(TABLE).unwrap();
    table["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|operation| {
            let key = format!(
                "{} {}",
                operation["method"].as_str().unwrap(),
                operation["path"].as_str().unwrap()
            );
            (key, operation.clone())
        })
        .collect()
}

#[test]
fn has_the_tables_312_operations_with_its_operation_ids() {
    let spec = spec();
    let table = table();
    assert_eq!(table.len(), 312);
    let mut seen = BTreeSet::new();
    let mut count = 0;
    for (path, method, operation) in spec.operations() {
        count += 1;
        let key = format!("{} {path}", method.as_str().to_ascii_uppercase());
        let fact = table
            .get(&key)
            .unwrap_or_else(|| panic!("{key} is not in the operations table"));
        let id = operation
            .operation_id
            .as_deref()
            .unwrap_or_else(|| panic!("{key} has no operationId"));
        assert_eq!(id, fact["operationId"].as_str().unwrap(), "{key}");
        assert!(seen.insert(id.to_owned()), "operationId {id} is used twice");
        let tags: Vec<&str> = fact["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|tag| tag.as_str().unwrap())
            .collect();
        assert_eq!(operation.tags, tags, "{key}");
    }
    assert_eq!(count, 312);
}

#[test]
fn parameters_are_the_tables() {
    let spec = spec();
    let table = table();
    for (path, method, operation) in spec.operations() {
        let key = format!("{} {path}", method.as_str().to_ascii_uppercase());
        let fact = &table[&key];
        let expected = fact["parameters"].as_array().unwrap();
        assert_eq!(operation.parameters.len(), expected.len(), "{key}");
        for (parameter, expected) in operation.parameters.iter().zip(expected) {
            let ObjectOrReference::Object(parameter) = parameter else {
                panic!("{key}: parameter is a reference");
            };
            assert_eq!(parameter.name, expected["name"].as_str().unwrap(), "{key}");
            assert_eq!(
                parameter.required,
                expected["required"].as_bool(),
                "{key} {}",
                parameter.name
            );
            let location = serde_json::to_value(parameter.location).unwrap();
            assert_eq!(location, expected["in"], "{key} {}", parameter.name);
            let schema = serde_json::to_value(parameter.schema.as_ref().unwrap()).unwrap();
            assert_eq!(
                schema["type"], expected["schema"]["type"],
                "{key} {}",
                parameter.name
            );
        }
    }
}

/// The example of a media type, which the document always writes as `example`.
fn example<'a>(media: &'a MediaType, at: &str) -> &'a Value {
    match &media.examples {
        Some(MediaTypeExamples::Example { example }) => example,
        other => panic!("{at}: no single `example` ({other:?})"),
    }
}

/// Every key of an object example is a property of its schema, recursively, and the example's
/// JSON kind agrees with the declared type: the composed example and the tree come from the same
/// schema in Zoom's document, so a mismatch means the tree was read wrongly.
fn agrees(schema: &Value, example: &Value, at: &str) {
    let declared: Vec<&str> = match &schema["type"] {
        Value::String(single) => vec![single.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let kind = match example {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        _ => return,
    };
    assert!(
        declared.is_empty() || declared.contains(&kind),
        "{at}: example is {kind}, schema says {declared:?}"
    );
    match example {
        Value::Object(map) => {
            if let Some(properties) = schema.get("properties") {
                for (key, value) in map {
                    let property = properties
                        .get(key)
                        .unwrap_or_else(|| panic!("{at}: example key {key} is not a property"));
                    agrees(property, value, &format!("{at}/{key}"));
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for item in items {
                    agrees(item_schema, item, &format!("{at}[]"));
                }
            }
        }
        _ => {}
    }
}

#[test]
fn every_body_has_a_json_example_that_fits_its_schema() {
    let spec = spec();
    let mut bodies = 0;
    for (path, method, operation) in spec.operations() {
        let key = format!("{} {path}", method.as_str().to_ascii_uppercase());
        let mut media_types: Vec<(String, &MediaType)> = Vec::new();
        if let Some(ObjectOrReference::Object(body)) = &operation.request_body {
            media_types.extend(
                body.content
                    .iter()
                    .map(|(name, media)| (format!("{key} request {name}"), media)),
            );
        }
        let responses = operation
            .responses
            .as_ref()
            .unwrap_or_else(|| panic!("{key} has no responses"));
        assert!(!responses.is_empty(), "{key} has no responses");
        for (status, response) in responses {
            let ObjectOrReference::Object(response) = response else {
                panic!("{key} {status}: response is a reference");
            };
            assert!(
                response
                    .description
                    .as_deref()
                    .is_some_and(|text| !text.is_empty()),
                "{key} {status}"
            );
            media_types.extend(
                response
                    .content
                    .iter()
                    .map(|(name, media)| (format!("{key} {status} {name}"), media)),
            );
        }
        for (at, media) in media_types {
            bodies += 1;
            let example = example(media, &at);
            // The example must survive a round trip through JSON text unchanged.
            let text = serde_json::to_string(example).unwrap();
            assert_eq!(
                &serde_json::from_str::<Value>(&text).unwrap(),
                example,
                "{at}"
            );
            let schema = serde_json::to_value(media.schema.as_ref().unwrap()).unwrap();
            agrees(&schema, example, &at);
        }
    }
    // 117 request bodies and 198 response bodies in Zoom's June 2026 reference.
    assert_eq!(bodies, 315);
}

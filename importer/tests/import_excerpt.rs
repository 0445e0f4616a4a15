//! Imports a verbatim excerpt of Zoom's rendered reference (seven operations chosen for their
//! shapes: a paginated list, a top-level `Array of:` with `Max items`, an `Items:` with nothing
//! under it, `string | null` / `integer | null`, a multipart body, a bulleted description, and
//! a body shown only by its example) and checks the document built from it.
#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.

use serde_json::{Value, json};

const REFERENCE: &str = include_str!("fixtures/reference-excerpt.txt");
const OPERATIONS: &str = include_str!("fixtures/operations-excerpt.json");

fn operation<'a>(document: &'a Value, method: &str, path: &str) -> &'a Value {
    document["paths"][path]
        .get(method)
        .unwrap_or_else(|| panic!("{method} {path} missing"))
}

fn media<'a>(operation: &'a Value, status: &str) -> &'a Value {
    let content = if status == "request" {
        &operation["requestBody"]["content"]
    } else {
        &operation["responses"][status]["content"]
    };
    content.as_object().unwrap().values().next().unwrap()
}

#[test]
fn every_line_is_placed_and_every_operation_is_built() {
    let imported = importer::import(REFERENCE, OPERATIONS).unwrap();
    assert!(imported.unplaced.is_empty(), "{:#?}", imported.unplaced);
    let table: Value = serde_json::from_str(OPERATIONS).unwrap();
    for fact in table["operations"].as_array().unwrap() {
        let method = fact["method"].as_str().unwrap().to_ascii_lowercase();
        let built = operation(&imported.document, &method, fact["path"].as_str().unwrap());
        assert_eq!(built["operationId"], fact["operationId"]);
        assert_eq!(built["tags"], fact["tags"]);
        let expected: Vec<Value> = fact["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|parameter| {
                let mut parameter = parameter.clone();
                parameter.as_object_mut().unwrap().remove("detail");
                parameter
            })
            .collect();
        let built_parameters = built.get("parameters").cloned().unwrap_or(json!([]));
        assert_eq!(built_parameters, Value::Array(expected));
    }
}

#[test]
fn output_is_deterministic_and_formatted() {
    let first = importer::import(REFERENCE, OPERATIONS)
        .unwrap()
        .to_json_text()
        .unwrap();
    let second = importer::import(REFERENCE, OPERATIONS)
        .unwrap()
        .to_json_text()
        .unwrap();
    assert_eq!(first, second);
    assert!(first.ends_with("}\n"));
    assert!(first.starts_with("{\n  \"openapi\": \"3.1.1\",\n  \"info\": {\n    \"title\""));
}

#[test]
fn description_carries_scopes_and_rate_limit_as_zoom_writes_them() {
    let document = importer::import(REFERENCE, OPERATIONS).unwrap().document;
    let list = operation(&document, "get", "/contact_center/address_books");
    assert_eq!(list["summary"], "List address books");
    assert_eq!(
        list["description"],
        "Return a list of all address books.\n\n**[Scopes](https://developers.zoom.us/docs/integrations/oauth-scopes-overview/):** `contact_center_contact:read:admin`\n\n**[Granular Scopes](https://developers.zoom.us/docs/integrations/oauth-scopes-granular/):** `contact_center:read:list_address_books:admin`\n\n**[Rate Limit Label](https://developers.zoom.us/docs/api/rest/rate-limits/):** `MEDIUM`"
    );
    let rtms = operation(
        &document,
        "put",
        "/contact_center/{engagementId}/rtms_app/status",
    );
    let description = rtms["description"].as_str().unwrap();
    assert!(description.contains("Prerequisites:\n\n* The app has a media scope assigned in the Zoom Marketplace.\n* The app has an OpenAPI scope"));
    assert!(description.contains("`contact_center:update:engagement_rtms_app_status`,`contact_center:update:engagement_rtms_app_status:admin`"));
}

#[test]
fn schema_shapes() {
    let document = importer::import(REFERENCE, OPERATIONS).unwrap().document;
    let list = operation(&document, "get", "/contact_center/address_books");
    let schema = &media(list, "200")["schema"];
    assert_eq!(
        schema["properties"]["page_size"],
        json!({"type": "integer", "description": "The number of records returned within a single API call.", "default": 30})
    );
    assert_eq!(
        schema["properties"]["address_books"]["items"]["properties"]["unit_id"]["type"],
        "string"
    );
    assert_eq!(
        list["responses"]["429"]["description"],
        "**HTTP Status Code:** `429` <br> Too Many Requests. For more information, see [rate limits](/docs/api/rest/rate-limits/)."
    );
    assert!(list["responses"]["429"].get("content").is_none());

    let batch = operation(&document, "post", "/contact_center/queues/batch");
    let schema = &media(batch, "201")["schema"];
    assert_eq!(schema["type"], "array");
    assert_eq!(schema["maxItems"], 50);
    assert_eq!(
        schema["items"]["required"],
        json!(["cc_queue_id", "channel", "queue_description", "queue_name"])
    );

    let events = operation(
        &document,
        "get",
        "/contact_center/engagements/{engagementId}/events",
    );
    assert_eq!(
        media(events, "200")["schema"]["properties"]["events"]["items"],
        json!({})
    );

    let flow = operation(&document, "post", "/contact_center/flows");
    let content = flow["requestBody"]["content"].as_object().unwrap();
    assert!(content.contains_key("multipart/form-data"));
    assert_eq!(
        content["multipart/form-data"]["schema"]["properties"]["import_mode"]["enum"],
        json!(["new", "version"])
    );

    let privileges = operation(
        &document,
        "delete",
        "/contact_center/roles/{roleId}/privileges",
    );
    assert_eq!(
        media(privileges, "request")["schema"],
        json!({"type": "object"})
    );
    assert_eq!(
        media(privileges, "request")["example"],
        json!({"privileges": ["UserManagement:Read"]})
    );
    assert!(privileges["responses"]["204"].get("content").is_none());
}

/// Counts `type` arrays in a schema tree.
fn type_arrays(value: &Value) -> usize {
    match value {
        Value::Object(map) => {
            let own = usize::from(map.get("type").is_some_and(Value::is_array));
            own + map
                .iter()
                .filter(|(key, _)| *key != "example")
                .map(|(_, child)| type_arrays(child))
                .sum::<usize>()
        }
        Value::Array(items) => items.iter().map(type_arrays).sum(),
        _ => 0,
    }
}

#[test]
fn nullable_types_become_type_arrays() {
    let document = importer::import(REFERENCE, OPERATIONS).unwrap().document;
    let rendered = REFERENCE
        .lines()
        .filter(|line| line.contains(" | null"))
        .count();
    assert!(rendered > 0);
    assert_eq!(type_arrays(&document["paths"]), rendered);
    let interrupt = operation(
        &document,
        "get",
        "/contact_center/queues/{queueId}/interrupt",
    );
    let text = serde_json::to_string(interrupt).unwrap();
    assert!(text.contains(r#""type":["integer","null"]"#));
    assert!(
        text.contains(r#""type":["string","null"],"description":"A dynamic variable to announce"#)
    );
}

#[test]
fn examples_only_use_declared_properties() {
    fn check(schema: &Value, example: &Value, at: &str) {
        match example {
            Value::Object(map) if schema.get("properties").is_some() => {
                for (key, value) in map {
                    let property = schema["properties"]
                        .get(key)
                        .unwrap_or_else(|| panic!("{at}: {key} not declared"));
                    check(property, value, &format!("{at}/{key}"));
                }
            }
            Value::Array(items) if schema.get("items").is_some() => {
                for item in items {
                    check(&schema["items"], item, at);
                }
            }
            _ => {}
        }
    }
    let document = importer::import(REFERENCE, OPERATIONS).unwrap().document;
    let mut checked = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let mut media_types: Vec<&Value> = Vec::new();
            if let Some(content) = operation["requestBody"].get("content") {
                media_types.extend(content.as_object().unwrap().values());
            }
            for response in operation["responses"].as_object().unwrap().values() {
                if let Some(content) = response.get("content") {
                    media_types.extend(content.as_object().unwrap().values());
                }
            }
            for media in media_types {
                check(
                    &media["schema"],
                    &media["example"],
                    &format!("{method} {path}"),
                );
                checked += 1;
            }
        }
    }
    assert_eq!(
        checked,
        REFERENCE.lines().filter(|line| *line == "Example:").count()
    );
}

#[test]
fn stray_lines_are_reported_with_their_line_numbers() {
    let mut lines: Vec<&str> = REFERENCE.lines().collect();
    let responses = lines.iter().position(|line| *line == "Responses").unwrap();
    lines.insert(responses + 1, "A sentence the renderer never writes.");
    let corrupted = lines.join("\n");
    let imported = importer::import(&corrupted, OPERATIONS).unwrap();
    assert_eq!(imported.unplaced.len(), 1);
    assert_eq!(imported.unplaced[0].line, responses + 2);
    assert_eq!(
        imported.unplaced[0].text,
        "A sentence the renderer never writes."
    );
}

#[test]
fn a_table_that_does_not_match_is_an_error() {
    let table = r#"{"operations": []}"#;
    let error = importer::import(REFERENCE, table).unwrap_err();
    assert!(
        matches!(error, importer::ImportError::MissingFacts { .. }),
        "{error}"
    );
}

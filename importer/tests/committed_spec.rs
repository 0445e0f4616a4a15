//! Checks on the committed `spec/contact-center.json` that only the importer's own conventions
//! can explain: the counts the issue states for Zoom's June 2026 document, and that the file is
//! exactly what `Imported::to_json_text` writes (2-space indent, trailing newline), so a re-run of
//! `cargo xtask import-reference` on the same inputs cannot produce a different file by format alone.
#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.

use serde_json::Value;

const SPEC: &str = include_str!("../../spec/contact-center.json");

fn document() -> Value {
    serde_json::from_str(SPEC).unwrap()
}

fn operations(document: &Value) -> Vec<&Value> {
    document["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .collect()
}

fn count_type_arrays(value: &Value) -> usize {
    match value {
        Value::Object(map) => {
            let own = usize::from(map.get("type").is_some_and(Value::is_array));
            own + map
                .iter()
                .filter(|(key, _)| *key != "example")
                .map(|(_, child)| count_type_arrays(child))
                .sum::<usize>()
        }
        Value::Array(items) => items.iter().map(count_type_arrays).sum(),
        _ => 0,
    }
}

#[test]
fn file_is_in_the_importers_format() {
    let imported = importer::Imported {
        document: document(),
        unplaced: Vec::new(),
    };
    assert!(
        imported.to_json_text().unwrap() == SPEC,
        "spec/contact-center.json is not formatted as the importer writes it"
    );
}

#[test]
fn counts_match_zooms_document() {
    let document = document();
    assert_eq!(document["openapi"], "3.1.1");
    assert_eq!(document["info"]["version"], "2");
    assert_eq!(document["servers"][0]["url"], "https://api.zoom.us/v2");
    assert_eq!(document["tags"].as_array().unwrap().len(), 28);
    let operations = operations(&document);
    assert_eq!(operations.len(), 312);
    // `string | null` and `integer | null` in the reference: 21 places.
    assert_eq!(count_type_arrays(&document["paths"]), 21);
    let with_body = operations
        .iter()
        .filter(|operation| operation.get("requestBody").is_some())
        .count();
    assert_eq!(with_body, 117);
    let multipart = operations
        .iter()
        .filter(|operation| {
            operation["requestBody"]["content"]
                .get("multipart/form-data")
                .is_some()
        })
        .count();
    assert_eq!(multipart, 3);
}

#[test]
fn every_operation_states_scopes_and_rate_limit_label() {
    let document = document();
    for operation in operations(&document) {
        let description = operation["description"].as_str().unwrap();
        let id = &operation["operationId"];
        assert!(description.contains("\n\n**[Scopes](https://developers.zoom.us/docs/integrations/oauth-scopes-overview/):** `"), "{id}");
        assert!(description.contains("\n\n**[Granular Scopes](https://developers.zoom.us/docs/integrations/oauth-scopes-granular/):** `"), "{id}");
        assert!(description.contains("\n\n**[Rate Limit Label](https://developers.zoom.us/docs/api/rest/rate-limits/):** `"), "{id}");
        let tags: Vec<&Value> = operation["tags"].as_array().unwrap().iter().collect();
        let declared = document["tags"].as_array().unwrap();
        assert!(
            tags.iter()
                .all(|tag| declared.iter().any(|entry| &&entry["name"] == tag)),
            "{id}"
        );
    }
}

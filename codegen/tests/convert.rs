//! The convert stage: 3.1 down to 3.0.3, and the shapes that would make progenitor panic or
//! miscompile, either rewritten or refused with the operation and pointer at fault.

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use codegen::convert::{self, Converted};
use codegen::error::Error;
use codegen::load;
use codegen::names::NameMap;
use serde_json::{Value, json};

fn document(paths: Value) -> Value {
    json!({
        "openapi": "3.1.1",
        "info": {"title": "t", "version": "2", "summary": "dropped in 3.0"},
        "paths": paths
    })
}

fn convert(doc: Value) -> Result<Converted, Error> {
    let document = load::parse("test.json", &doc.to_string())?;
    let mut names = NameMap::default();
    names.resolve(&convert::operation_facts(&document.value));
    convert::convert(&document, &names)
}

fn op_with_response_schema(schema: Value) -> Value {
    document(json!({"/things": {"get": {
        "operationId": "listThings",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
    }}}))
}

fn response_schema(converted: &Converted) -> &Value {
    converted
        .document
        .pointer("/paths/~1things/get/responses/200/content/application~1json/schema")
        .unwrap()
}

#[test]
fn json_schema_2020_keywords_become_openapi_3_0() {
    let converted = convert(op_with_response_schema(json!({
        "type": "object",
        "properties": {
            "name": {"type": ["string", "null"], "examples": ["a"]},
            "kind": {"const": "fixed"},
            "count": {"type": "integer", "exclusiveMinimum": 0},
            "nothing": {"type": "null"},
            "either": {"type": ["string", "integer"]},
            "linked": {"$ref": "#/components/schemas/Thing", "description": "sibling"}
        }
    })))
    .unwrap();
    assert_eq!(converted.document["openapi"], "3.0.3");
    assert!(converted.document["info"].get("summary").is_none());
    let properties = &response_schema(&converted)["properties"];
    assert_eq!(
        properties["name"],
        json!({"type": "string", "nullable": true, "example": "a"})
    );
    // Every optional property is nullable (see `optional_properties_are_nullable_...`).
    assert_eq!(
        properties["kind"],
        json!({"enum": ["fixed"], "nullable": true})
    );
    assert_eq!(
        properties["count"],
        json!({"type": "integer", "nullable": true})
    );
    assert_eq!(properties["nothing"], json!({"nullable": true}));
    assert_eq!(
        properties["either"]["anyOf"],
        json!([{"type": "string"}, {"type": "integer"}])
    );
    assert_eq!(
        properties["linked"],
        json!({"allOf": [{"$ref": "#/components/schemas/Thing"}], "nullable": true})
    );
    // The shared error body is added for the 4XX/5XX responses every operation gets.
    let responses = converted
        .document
        .pointer("/paths/~1things/get/responses")
        .unwrap();
    assert!(responses.get("4XX").is_some() && responses.get("5XX").is_some());
}

#[test]
fn values_that_collide_in_rust_are_refused_with_operation_and_pointer() {
    let error = convert(op_with_response_schema(json!({
        "type": "object",
        "properties": {"format": {"type": "string", "enum": ["dateTime", "DateTime"]}}
    })))
    .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("GET /things (listThings)"), "{text}");
    assert!(text.contains("/paths/~1things/get/responses/200/content/application~1json/schema/properties/format/enum"), "{text}");
    assert!(text.contains("`DateTime`"), "{text}");

    let error = convert(op_with_response_schema(json!({
        "type": "object",
        "properties": {"userId": {"type": "string"}, "user_id": {"type": "string"}}
    })))
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("both become the Rust field `user_id`")
    );
}

#[test]
fn duplicate_and_symbolic_enums_and_array_enums_are_rewritten() {
    let converted = convert(op_with_response_schema(json!({
        "type": "object",
        "properties": {
            "dup": {"type": "string", "enum": ["a", "b", "a"]},
            "key": {"type": "string", "enum": ["*", "#"]},
            "channels": {"type": "array", "items": {"type": "string"}, "enum": ["voice", "chat"]}
        }
    })))
    .unwrap();
    let properties = &response_schema(&converted)["properties"];
    assert_eq!(properties["dup"]["enum"], json!(["a", "b"]));
    assert!(properties["key"].get("enum").is_none());
    assert!(
        properties["key"]["description"]
            .as_str()
            .unwrap()
            .contains("\"*\", \"#\"")
    );
    assert_eq!(
        properties["channels"]["items"]["enum"],
        json!(["voice", "chat"])
    );
    assert_eq!(converted.notes.len(), 3);
}

#[test]
fn mixed_success_kinds_keep_the_body_and_errors_move_to_docs() {
    let converted = convert(document(json!({"/things/{id}": {"get": {
        "summary": "Get a thing",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}},
            "204": {"description": "nothing"},
            "404": {"description": "**HTTP Status Code:** `404` <br> Not Found"}
        }
    }}})))
    .unwrap();
    let op = converted
        .document
        .pointer("/paths/~1things~1{id}/get")
        .unwrap();
    assert_eq!(
        op["operationId"], "get_thing",
        "named from the summary when the id is missing"
    );
    assert!(op["responses"].get("204").is_none());
    let description = op["description"].as_str().unwrap();
    assert!(
        description.contains("- `404`: **HTTP Status Code:** `404` Not Found"),
        "{description}"
    );
    assert!(description.contains("- `204`"));
}

#[test]
fn broken_documents_are_errors_not_panics() {
    let cases = [
        (
            document(json!({"/a/{id}": {"get": {"responses": {}}}})),
            "path parameter `{id}` is not declared",
        ),
        (
            document(json!({"/a": {"$ref": "#/x"}})),
            "path items by `$ref`",
        ),
        (
            document(
                json!({"/a": {"get": {"parameters": [{"$ref": "#/nowhere"}], "responses": {}}}}),
            ),
            "dangling reference",
        ),
        (
            document(
                json!({"/a": {"post": {"requestBody": {"content": {"application/xml": {}}}, "responses": {}}}}),
            ),
            "request media types",
        ),
        (
            document(
                json!({"/a": {"get": {"responses": {"200": {"description": "x", "content": {"application/json": {"schema": {"type": 7}}}}}}}}),
            ),
            "`type` must be",
        ),
    ];
    for (doc, expected) in cases {
        let error = convert(doc).unwrap_err().to_string();
        assert!(
            error.contains(expected),
            "{error} does not mention {expected:?}"
        );
    }
    assert!(load::parse("x.json", r#"{"openapi": "2.0"}"#).is_err());
    assert!(load::parse("x.yaml", "openapi: [unclosed").is_err());
}

#[test]
fn yaml_3_0_documents_load() {
    let yaml = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok}\n";
    let document = load::parse("a.yaml", yaml).unwrap();
    let mut names = NameMap::default();
    names.resolve(&convert::operation_facts(&document.value));
    let converted = convert::convert(&document, &names).unwrap();
    assert_eq!(converted.operations[0].method_name, "get_a");
}

#[test]
fn optional_properties_are_nullable_and_defaults_move_into_the_docs() {
    let converted = convert(op_with_response_schema(json!({
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string", "default": "x"},
            "direction": {"type": "string", "enum": ["inbound", "outbound"], "default": "inbound",
                          "description": "Which way."},
            "flag": {"type": "boolean", "default": false},
            "tags": {"type": "array", "items": {"type": "string"}},
            "wrong": {"type": "integer", "default": "ten"}
        }
    })))
    .unwrap();
    let properties = &response_schema(&converted)["properties"];
    // Required stays required and not nullable; its default is documentation too.
    assert_eq!(
        properties["id"],
        json!({"type": "string", "description": "Zoom uses `x` when this is absent."})
    );
    assert_eq!(
        properties["direction"],
        json!({"type": "string", "enum": ["inbound", "outbound"], "nullable": true,
               "description": "Which way.\n\nZoom uses `inbound` when this is absent."})
    );
    assert_eq!(
        properties["flag"],
        json!({"type": "boolean", "nullable": true,
               "description": "Zoom uses `false` when this is absent."})
    );
    assert_eq!(
        properties["tags"],
        json!({"type": "array", "items": {"type": "string"}, "nullable": true})
    );
    // A default of the wrong type is dropped, not documented.
    assert_eq!(
        properties["wrong"],
        json!({"type": "integer", "nullable": true})
    );
    assert!(!converted.document.to_string().contains("\"default\""));
}

//! Shapes from Zoom's real downloads: each probe in `fixtures/probes/` is a small document holding
//! one shape that makes progenitor or typify panic when handed over as is. The convert stage must
//! settle each one (rewrite it, or refuse it with a reason) so the pipeline never reaches the
//! panic, and a panic that does reach the generate stage is caught and located. The excerpts in
//! the other tests are cut from `tests/fixtures/contact-center-2025-09.json`.

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use codegen::convert::Converted;
use codegen::error::Error;
use codegen::pipeline::{Inputs, Outputs, regenerate};
use serde_json::{Value, json};

const PROBES: [(&str, &str, &str); 3] = [
    (
        "type-case.json",
        include_str!("fixtures/probes/type-case.json"),
        "not yet implemented: invalid type: Integer",
    ),
    (
        "format-on-boolean.json",
        include_str!("fixtures/probes/format-on-boolean.json"),
        "not yet implemented: invalid (or unexpected) schema",
    ),
    (
        "path-parameter-not-required.json",
        include_str!("fixtures/probes/path-parameter-not-required.json"),
        "assertion failed: parameter_data.required",
    ),
];

fn inputs(name: &str, text: &str) -> Inputs {
    Inputs {
        spec_file: name.to_owned(),
        spec_text: text.to_owned(),
        overlays: Vec::new(),
        name_map: None,
        manifest: format!(
            "[package]\nname = \"probe\"\nversion = \"0.1.0\"\n[features]\n{}\n{}\n",
            codegen::features::listing::MANIFEST_BEGIN,
            codegen::features::listing::MANIFEST_END
        ),
        readme: None,
    }
}

fn run(doc: &Value) -> Result<Outputs, Error> {
    regenerate(&inputs("excerpt.json", &doc.to_string()))
}

/// The document as progenitor would get it without the convert stage (only the version says 3.0.3).
fn unconverted(text: &str) -> Converted {
    let mut document: Value = serde_json::from_str(text).unwrap();
    document["openapi"] = json!("3.0.3");
    Converted {
        document,
        operations: Vec::new(),
        notes: Vec::new(),
        spellings: Default::default(),
        hand_written: Vec::new(),
    }
}

#[test]
fn each_probe_panics_progenitor_unconverted_and_the_panic_is_located() {
    for (name, text, panic) in PROBES {
        let error = codegen::generate::generate(&unconverted(text)).unwrap_err();
        let text = error.to_string();
        assert!(matches!(error, Error::Unsupported { .. }), "{name}: {text}");
        assert!(
            text.contains(&format!("it panicked: {panic}")),
            "{name}: {text}"
        );
        assert!(text.contains(" at /paths/~1things"), "{name}: {text}");
    }
}

#[test]
fn each_probe_regenerates_after_convert_with_a_note() {
    let expected_notes = [
        "`type` name lower-cased",
        "`format` on a boolean schema dropped",
        "path parameter marked `required`",
    ];
    for ((name, text, _), note) in PROBES.iter().zip(expected_notes) {
        let outputs = regenerate(&inputs(name, text)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            outputs
                .report
                .notes
                .iter()
                .any(|n| n.message.contains(note)),
            "{name}: no note {note:?} in {:?}",
            outputs.report.notes
        );
    }
}

#[test]
fn a_type_that_is_no_json_schema_type_is_refused_with_a_reason() {
    let doc = json!({"openapi": "3.0.0", "info": {"title": "t", "version": "2"}, "paths": {
        "/things": {"get": {"operationId": "listThings", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"type": "object", "properties": {
                "file": {"type": "file"}}}}}}}}}
    }});
    let text = run(&doc).unwrap_err().to_string();
    assert!(text.contains("GET /things (listThings) at /paths/~1things/get/responses/200/content/application~1json/schema/properties/file/type"), "{text}");
    assert!(
        text.contains("\"file\" is not a JSON Schema type"),
        "{text}"
    );
}

#[test]
fn every_refused_operation_is_reported_in_one_run() {
    let ok = json!({"200": {"description": "ok"}});
    let doc = json!({"openapi": "3.0.0", "info": {"title": "t", "version": "2"}, "paths": {
        // Refused by convert: the template names a parameter that is not declared.
        "/a/{id}": {"get": {"operationId": "getA", "responses": ok}},
        // Refused by convert: two properties become one Rust field.
        "/b": {"get": {"operationId": "listB", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"type": "object", "properties": {
                "userId": {"type": "string"}, "user_id": {"type": "string"}}}}}}}}},
        // Passes convert, refused by progenitor (not a panic: an error without a location).
        "/c": {"get": {"operationId": "listC", "parameters": [{"name": "filter", "in": "query",
            "style": "deepObject", "schema": {"type": "object"}}], "responses": ok}},
        "/d": {"get": {"operationId": "listD", "responses": ok}}
    }});
    let error = run(&doc).unwrap_err();
    let Error::Refused { errors } = &error else {
        panic!("expected every refusal, got {error}");
    };
    let located: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(located.len(), 3, "{located:#?}");
    assert!(
        located[0].starts_with("GET /a/{id} (getA) at /paths/~1a~1{id}/get: "),
        "{located:#?}"
    );
    assert!(
        located[1].starts_with("GET /b (listB) at /paths/~1b/get/"),
        "{located:#?}"
    );
    assert!(
        located[2].starts_with("GET /c (listC) at /paths/~1c/get: progenitor"),
        "{located:#?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("3 operation(s) or schema(s) cannot be generated")
    );
}

/// Excerpt of `getAQueue` (2025-09): examples sit on the properties, none on the media type.
#[test]
fn examples_on_properties_compose_the_body_example() {
    let doc = json!({"openapi": "3.0.0", "info": {"title": "t", "version": "2"}, "paths": {
        "/contact_center/queues/{queueId}": {"get": {"operationId": "getAQueue",
            "parameters": [{"name": "queueId", "in": "path", "required": true,
                "schema": {"type": "string", "example": "zeYjXoDOS_eV1QmTpj63PQ"}}],
            "responses": {"200": {"description": "Queue returned.", "content": {"application/json": {
                "schema": {"type": "object", "properties": {
                    "cc_queue_id": {"type": "string", "example": "xqJE_cgERLyAJHYYL5LLeg"},
                    "channel_types": {"type": "array", "items": {"type": "string", "example": "voice",
                        "enum": ["voice", "chat", "sms", "video", "in_app_chat", "messaging"]}},
                    "short_abandon": {"type": "object", "properties": {
                        "enable": {"type": "boolean", "example": false},
                        "threshold": {"type": "integer", "example": 50}}},
                    "no_example": {"type": "string"}
                }}}}}}
        }}
    }});
    let outputs = run(&doc).unwrap_or_else(|e| panic!("{e}"));
    let media = outputs
        .converted
        .document
        .pointer("/paths/~1contact_center~1queues~1{queueId}/get/responses/200/content/application~1json")
        .unwrap();
    assert_eq!(
        media["example"],
        json!({
            "cc_queue_id": "xqJE_cgERLyAJHYYL5LLeg",
            "channel_types": ["voice"],
            "short_abandon": {"enable": false, "threshold": 50}
        })
    );
    // The conformance test picks it up like any media-type example.
    assert!(
        outputs.test_files["generated/conformance.rs"]
            .contains("\"cc_queue_id\": \"xqJE_cgERLyAJHYYL5LLeg\"")
    );
}

/// Excerpts of shapes the 2025-09 download has and the reconstruction lacks, each settled by
/// convert: `required` naming absent properties, duplicate enum values, `enum` on an array.
#[test]
fn required_without_property_duplicate_enum_values_and_array_enums_are_rewritten() {
    let doc = json!({"openapi": "3.0.0", "info": {"title": "t", "version": "2"}, "paths": {
        "/things": {"post": {"operationId": "createThing",
            "requestBody": {"content": {"application/json": {"schema": {"type": "object",
                "required": ["name", "queue_id"],
                "properties": {
                    "name": {"type": "string", "example": "n"},
                    "channel": {"type": "string", "enum": ["voice", "voice", "messaging"]},
                    "channels": {"type": "array", "enum": ["voice", "messaging"], "items": {"type": "string"}}
                }}}}},
            "responses": {"201": {"description": "created"}}}}
    }});
    let outputs = run(&doc).unwrap_or_else(|e| panic!("{e}"));
    let schema = outputs
        .converted
        .document
        .pointer("/paths/~1things/post/requestBody/content/application~1json/schema")
        .unwrap();
    assert_eq!(schema["required"], json!(["name"]));
    assert_eq!(
        schema["properties"]["channel"]["enum"],
        json!(["voice", "messaging"])
    );
    assert_eq!(
        schema["properties"]["channels"]["items"]["enum"],
        json!(["voice", "messaging"])
    );
    assert!(schema["properties"]["channels"].get("enum").is_none());
}

/// Excerpt of `getAQueue` (2025-09), the operation that stopped the drop: `distribution_type` is
/// an integer whose `enum` lists only `null`s (typify: "value does not conform to the given
/// schema"). The values are not integers, so the `enum` goes and the field takes any integer.
#[test]
fn enum_values_of_another_type_are_dropped() {
    let doc = json!({"openapi": "3.0.0", "info": {"title": "t", "version": "2"}, "paths": {
        "/contact_center/queues/{queueId}": {"get": {"operationId": "getAQueue",
            "parameters": [{"name": "queueId", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "Queue returned.", "content": {"application/json": {
                "schema": {"type": "object", "properties": {
                    "distribution_type": {"type": "integer", "example": 1,
                        "description": "Use this option to distribute incoming engagements.",
                        "enum": [null, null, null, null, null, null]},
                    "mixed": {"type": "string", "enum": ["a", 1, null]}
                }}}}}}
        }}
    }});
    let outputs = run(&doc).unwrap_or_else(|e| panic!("{e}"));
    let properties = outputs
        .converted
        .document
        .pointer("/paths/~1contact_center~1queues~1{queueId}/get/responses/200/content/application~1json/schema/properties")
        .unwrap();
    assert!(properties["distribution_type"].get("enum").is_none());
    assert_eq!(properties["mixed"]["enum"], json!(["a"]));
    assert!(
        outputs.files["src/generated/client.rs"]
            .contains("distribution_type: ::std::option::Option<i64>")
    );
}

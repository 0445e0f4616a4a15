//! `codegen::diff` on small fixture pairs in both OpenAPI dialects: Zoom's 3.0 downloads (`$ref` into
//! `components`, `nullable: true`) and our 3.1 document (inline schemas, `type: [T, "null"]`), in JSON
//! and YAML. The Markdown reports are snapshots (`cargo insta review` after a deliberate change).

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use codegen::diff::{
    Bump, ChangeKind, DiffError, Impact, Labels, Location, Report, Side, Syntax, diff, diff_models,
    parse_document,
};
use codegen::pipeline::ClientDocument;
use serde_json::{Value, json};

fn load(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/diff/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    parse_document(&text).unwrap()
}

fn report(old: &str, new: &str) -> Report {
    diff(&load(old), &load(new)).unwrap()
}

fn markdown(old: &str, new: &str) -> String {
    report(old, new).to_markdown(&Labels { old, new })
}

#[test]
fn zoom_30_with_refs() {
    insta::assert_snapshot!("zoom30", markdown("zoom30.old.json", "zoom30.new.json"));
}

#[test]
fn inline_31_yaml() {
    insta::assert_snapshot!(
        "inline31",
        markdown("inline31.old.yaml", "inline31.new.yaml")
    );
}

#[test]
fn one_api_written_as_30_json_and_31_yaml_has_no_changes() {
    let report = report("same.old.json", "same.new.yaml");
    assert_eq!(report.changes, []);
    assert_eq!(report.bump(), Bump::None);
    let text = report.to_markdown(&Labels { old: "a", new: "b" });
    assert!(text.contains("No changes for the crate's users."), "{text}");
}

#[test]
fn a_document_against_itself_has_no_changes() {
    for name in ["zoom30.new.json", "inline31.old.yaml"] {
        assert_eq!(report(name, name).changes, [], "{name}");
    }
}

#[test]
fn reversing_the_diff_swaps_additions_and_removals() {
    let forward = report("zoom30.old.json", "zoom30.new.json");
    let backward = report("zoom30.new.json", "zoom30.old.json");
    let count =
        |r: &Report, wanted: &ChangeKind| r.changes.iter().filter(|c| &c.kind == wanted).count();
    assert_eq!(
        count(&forward, &ChangeKind::OperationAdded),
        count(&backward, &ChangeKind::OperationRemoved)
    );
    assert_eq!(
        count(&forward, &ChangeKind::FieldRemoved),
        count(&backward, &ChangeKind::FieldAdded { required: false })
            + count(&backward, &ChangeKind::FieldAdded { required: true })
    );
    assert_eq!(forward.changes.len(), backward.changes.len());
}

#[test]
fn fields_are_named_by_readable_paths_through_refs() {
    let report = report("zoom30.old.json", "zoom30.new.json");
    let supervisor = report
        .changes
        .iter()
        .find(|c| {
            c.field.as_deref() == Some("queues[].supervisor")
                && c.location
                    == Location::Response {
                        status: "200".to_owned(),
                    }
        })
        .unwrap();
    assert_eq!(supervisor.kind, ChangeKind::FieldRemoved);
    assert_eq!(supervisor.impact, Impact::Breaking);
    assert_eq!(supervisor.operation.method, "GET");
    assert_eq!(supervisor.operation.path, "/contact_center/queues");
    // The new nested object is reported once, not once per field inside it.
    let settings: Vec<_> = report
        .changes
        .iter()
        .filter_map(|c| c.field.as_deref())
        .filter(|f| f.contains("settings"))
        .collect();
    assert!(
        settings.iter().all(|f| f.ends_with("settings")),
        "{settings:?}"
    );
    assert_eq!(report.bump(), Bump::Minor);
}

#[test]
fn additive_only_changes_imply_a_patch() {
    let old = json!({"openapi": "3.0.0", "paths": {"/a": {"get": {"operationId": "a",
        "responses": {"200": {"description": "", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"x": {"type": "string"}}}}}}}}}}});
    let mut new = old.clone();
    new["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
        ["y"] = json!({"type": "integer"});
    new["paths"]["/b"] = json!({"post": {"operationId": "b", "responses": {}}});
    let report = diff(&old, &new).unwrap();
    assert_eq!(report.counts().additive, 2, "{:?}", report.changes);
    assert_eq!(report.counts().breaking, 0);
    assert_eq!(report.bump(), Bump::Patch);
}

#[test]
fn json_format_carries_the_same_changes() {
    let report = report("inline31.old.yaml", "inline31.new.yaml");
    let labels = Labels { old: "o", new: "n" };
    let value = report.to_json(&labels);
    let changes = value["changes"].as_array().unwrap();
    assert_eq!(changes.len(), report.changes.len());
    assert_eq!(value["summary"]["breaking"], report.counts().breaking);
    assert_eq!(value["bump"], "minor");
    assert_eq!(value["new"]["version"], "2.1");
    let skill = changes
        .iter()
        .find(|c| c["field"] == "skills[].skill_id")
        .unwrap();
    assert_eq!(skill["kind"]["change"], "type_changed");
    assert_eq!(skill["impact"], "breaking");
}

#[test]
fn errors_name_the_document_and_pointer() {
    let unresolved = json!({"paths": {"/a": {"get": {"responses": {"200": {"description": "",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}}}}}}}});
    assert_eq!(
        diff(&json!({}), &unresolved).unwrap_err(),
        DiffError::UnresolvedRef {
            side: Side::New,
            pointer: "/paths/~1a/get/responses/200/content/application~1json/schema".to_owned(),
            reference: "#/components/schemas/Nope".to_owned(),
        }
    );
    let external = json!({"paths": {"/a": {"$ref": "other.yaml#/paths/a"}}});
    assert!(matches!(
        diff(&external, &json!({})).unwrap_err(),
        DiffError::ExternalRef {
            side: Side::Old,
            ..
        }
    ));
    let twice = json!({"paths": {"/a/{x}": {"get": {}}, "/a/{y}": {"get": {}}}});
    assert!(matches!(
        diff(&twice, &json!({})).unwrap_err(),
        DiffError::DuplicateOperation { .. }
    ));
    assert!(matches!(
        parse_document("paths: [unclosed").unwrap_err(),
        DiffError::Parse {
            syntax: Syntax::Yaml,
            ..
        }
    ));
}

#[test]
fn odd_documents_give_errors_or_reports_never_panics() {
    let odd = [
        json!([]),
        json!("openapi"),
        json!({"paths": []}),
        json!({"paths": {"/a": 5}}),
        json!({"paths": {"/a": {"get": "x"}}}),
        json!({"paths": {"/a": {"get": {"parameters": {}, "responses": []}}}}),
        json!({"paths": {"/a": {"get": {"parameters": [{"name": "p", "in": "query", "schema": 5}],
            "requestBody": {"content": []}, "responses": {"200": "x", "201": {"content": {"a": 1}}},
            "description": 7}}}}),
        json!({"paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
            "schema": {"type": [1, null], "enum": "x", "properties": [], "required": {},
                       "items": [], "allOf": {}, "oneOf": [1, {"type": "null"}], "format": 3}}}}}}}}}),
        json!({"paths": {"/a": {"get": {"description": "**Scopes:** `unclosed **[x](y):** `"}}}}),
        json!({"paths": {"/a": {"$ref": "#/paths/~1a"}}}),
        json!({"paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
            "schema": {"$ref": 5}}}}}}}}}),
    ];
    for doc in &odd {
        // Either outcome is fine; what matters is that neither direction panics.
        let _ = diff(doc, &json!({"paths": {}}));
        let _ = diff(&json!({}), doc);
        let _ = diff(doc, doc);
    }
    assert!(diff(&odd[0], &json!({})).is_err());
    assert!(diff(&odd[7], &odd[7]).is_ok());
}

#[test]
fn output_is_deterministic() {
    let first = markdown("inline31.old.yaml", "inline31.new.yaml");
    let second = markdown("inline31.old.yaml", "inline31.new.yaml");
    assert_eq!(first, second);
    let labels = Labels { old: "o", new: "n" };
    let a = report("zoom30.old.json", "zoom30.new.json").to_json(&labels);
    let b = report("zoom30.old.json", "zoom30.new.json").to_json(&labels);
    assert_eq!(a.to_string(), b.to_string());
}

#[test]
fn tags_are_cargo_features_a_new_tag_is_a_new_feature_and_a_moved_operation_is_breaking() {
    let doc = |ops: &[(&str, &str)]| {
        let mut paths = serde_json::Map::new();
        for (path, tag) in ops {
            paths.insert(
                (*path).to_owned(),
                json!({"get": {"operationId": path.trim_start_matches('/'), "tags": [tag],
                    "responses": {"204": {"description": "ok"}}}}),
            );
        }
        json!({"openapi": "3.0.0", "info": {"title": "t", "version": "2"}, "paths": paths})
    };
    let old = doc(&[("/queues", "Queues"), ("/sms", "SMS"), ("/notes", "Notes")]);
    let new = doc(&[
        ("/queues", "Queues"),
        ("/notes", "Engagements"),
        ("/reports", "Reports V2 (CX Analytics)"),
        ("/reports2", "Reports V2 (CX Analytics)"),
    ]);
    let report = diff(&old, &new).unwrap();
    let kinds: Vec<(&str, &ChangeKind, Impact)> = report
        .changes
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                ChangeKind::FeatureAdded { .. }
                    | ChangeKind::FeatureRemoved { .. }
                    | ChangeKind::FeaturesChanged { .. }
            )
        })
        .map(|c| (c.operation.path.as_str(), &c.kind, c.impact))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "/notes",
                &ChangeKind::FeaturesChanged {
                    old: vec!["notes".to_owned()],
                    new: vec!["engagements".to_owned()]
                },
                Impact::Breaking
            ),
            (
                "/notes",
                &ChangeKind::FeatureAdded {
                    feature: "engagements".to_owned()
                },
                Impact::Additive
            ),
            (
                "/notes",
                &ChangeKind::FeatureRemoved {
                    feature: "notes".to_owned()
                },
                Impact::Breaking
            ),
            (
                "/reports",
                &ChangeKind::FeatureAdded {
                    feature: "reports-v2-cx-analytics".to_owned()
                },
                Impact::Additive
            ),
            (
                "/sms",
                &ChangeKind::FeatureRemoved {
                    feature: "sms".to_owned()
                },
                Impact::Breaking
            ),
        ]
    );
    let text = report.to_markdown(&Labels { old: "a", new: "b" });
    assert!(
        text.contains("New Cargo feature `reports-v2-cx-analytics`"),
        "{text}"
    );
    // The same tags in both: no feature change.
    assert!(
        diff(&old, &old)
            .unwrap()
            .changes
            .iter()
            .all(|c| !matches!(c.kind, ChangeKind::FeatureAdded { .. }))
    );
}

/// A one-operation document in the style of ours (3.1, inline schemas): a request body with an
/// optional `name` and a response with a `created` string, each adjustable by `edit`.
fn client_side(edit: impl FnOnce(&mut Value)) -> String {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "Contact Center", "version": "1.0.0"},
        "paths": {"/contact_center/queues/{queueId}": {"patch": {
            "operationId": "updateQueue",
            "summary": "Update a queue",
            "tags": ["Queues"],
            "parameters": [{"name": "queueId", "in": "path", "required": true,
                            "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "note": {"type": "string"}}
            }}}},
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"type": "object", "properties": {
                    "queue_id": {"type": "string"},
                    "created": {"type": "string"}
                }}
            }}}}
        }}}
    });
    edit(&mut document);
    document.to_string()
}

/// The model `cargo xtask diff` compares: overlaid and converted as `regenerate` does.
fn as_the_client_sees_it(text: String, overlays: &[(&str, &str)]) -> ClientDocument {
    let inputs = codegen::pipeline::Inputs {
        spec_file: "spec.json".into(),
        spec_text: text,
        overlays: overlays
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect(),
        name_map: None,
        manifest: String::new(),
        readme: None,
    };
    let view = codegen::pipeline::client_document(&inputs).unwrap();
    assert!(
        view.stale().is_empty() && view.refused.is_empty(),
        "{view:?}"
    );
    view
}

/// Two models compared as `cargo xtask diff` compares them.
fn diff_views(old: &ClientDocument, new: &ClientDocument) -> Report {
    diff_models(old, new, false).unwrap()
}

fn response_field<'a>(document: &'a mut Value, field: &str) -> &'a mut Value {
    &mut document["paths"]["/contact_center/queues/{queueId}"]["patch"]["responses"]["200"]["content"]
        ["application/json"]["schema"]["properties"][field]
}

fn request_schema(document: &mut Value) -> &mut Value {
    &mut document["paths"]["/contact_center/queues/{queueId}"]["patch"]["requestBody"]["content"]["application/json"]
        ["schema"]
}

#[test]
fn a_string_format_convert_drops_is_no_change_of_the_crate() {
    let old = as_the_client_sees_it(client_side(|_| {}), &[]);
    let new = as_the_client_sees_it(
        client_side(|d| response_field(d, "created")["format"] = json!("date-time")),
        &[],
    );
    let report = diff_views(&old, &new);
    // The crate's `created` is a `String` before and after: nothing to report, no release needed.
    assert_eq!(report.changes, []);
    assert_eq!(report.bump(), Bump::None);
}

#[test]
fn a_type_change_or_a_newly_required_request_field_still_breaks() {
    let old = as_the_client_sees_it(client_side(|_| {}), &[]);
    let retyped = as_the_client_sees_it(
        client_side(|d| response_field(d, "created")["type"] = json!("integer")),
        &[],
    );
    let report = diff_views(&old, &retyped);
    assert!(
        report.changes.iter().any(|c| c.impact == Impact::Breaking
            && matches!(&c.kind, ChangeKind::TypeChanged { old, new } if old == "string" && new == "integer")),
        "{:#?}",
        report.changes
    );
    assert_eq!(report.bump(), Bump::Minor);

    let required = as_the_client_sees_it(
        client_side(|d| request_schema(d)["required"] = json!(["name"])),
        &[],
    );
    let report = diff_views(&old, &required);
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.impact == Impact::Breaking && c.location == Location::RequestBody),
        "{:#?}",
        report.changes
    );
    assert_eq!(report.bump(), Bump::Minor);
}

#[test]
fn overlays_apply_before_the_comparison() {
    // Zoom's new document says `created` is an integer; an overlay (the repository's fix for it)
    // says string, as before: the crate does not change.
    const OVERLAY: &str = "overlay: 1.0.0\ninfo:\n  title: t\n  version: 1.0.0\nactions:\n  \
        - target: $.paths['/contact_center/queues/{queueId}'].patch.responses['200'].content['application/json'].schema.properties.created\n    \
          description: created is a timestamp string\n    update:\n      type: string\n";
    let old = as_the_client_sees_it(client_side(|_| {}), &[]);
    let new = as_the_client_sees_it(
        client_side(|d| response_field(d, "created")["type"] = json!("integer")),
        &[("010-created.yaml", OVERLAY)],
    );
    assert_eq!(diff_views(&old, &new).changes, []);
}

#[test]
fn the_hand_written_multipart_operations_are_compared_too() {
    // progenitor never sees a multipart operation (a hand-written method serves it), but the
    // crate's users call it all the same: a field that becomes required breaks them.
    let with_upload = |required: Value| {
        client_side(|d| {
            d["paths"]["/contact_center/asset_library/assets"] = json!({"post": {
                "operationId": "createAsset",
                "tags": ["Asset Library"],
                "requestBody": {"content": {"multipart/form-data": {"schema": {
                    "type": "object",
                    "required": required,
                    "properties": {"file": {"type": "string"}, "name": {"type": "string"}}
                }}}},
                "responses": {"201": {"description": "Created"}}
            }});
        })
    };
    let old = as_the_client_sees_it(with_upload(json!(["file"])), &[]);
    let new = as_the_client_sees_it(with_upload(json!(["file", "name"])), &[]);
    let report = diff_views(&old, &new);
    assert!(
        report.changes.iter().any(|c| c.impact == Impact::Breaking
            && c.location == Location::RequestBody
            && c.operation.path == "/contact_center/asset_library/assets"),
        "{:#?}",
        report.changes
    );
}

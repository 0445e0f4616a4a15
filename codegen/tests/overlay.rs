//! The overlay engine: Overlay 1.0.0 parsing, merge/append/remove semantics, and the errors a
//! maintainer sees after a spec drop.

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use codegen::overlay::{self, Modifier, Overlay, OverlayError};
use serde_json::{Value, json};

const SPEC: &str = include_str!("fixtures/overlay/spec.json");
const CUSTOM_FIELDS: &str = include_str!("fixtures/overlay/010-custom-fields.yaml");
const PARAMETERS: &str = include_str!("fixtures/overlay/020-parameters.yaml");
const RESPONSE_SCHEMA: &str = "/paths/~1contact_center~1users~1{userId}~1custom_fields/get/responses/200/content/application~1json/schema";

fn spec() -> Value {
    serde_json::from_str(SPEC).unwrap()
}

fn overlays() -> Vec<Overlay> {
    vec![
        overlay::parse("010-custom-fields.yaml", CUSTOM_FIELDS).unwrap(),
        overlay::parse("020-parameters.yaml", PARAMETERS).unwrap(),
    ]
}

fn minimal(actions: &str) -> String {
    format!("overlay: 1.0.0\ninfo:\n  title: t\n  version: '1'\nactions:\n{actions}")
}

#[test]
fn parses_overlay_documents() {
    let parsed = overlays();
    assert_eq!(parsed[0].title, "Custom field fixes");
    assert_eq!(parsed[0].actions.len(), 3);
    assert_eq!(parsed[0].actions[1].modifier, Modifier::Remove);
    assert!(parsed[0].actions[0].description.contains("date_time"));
    assert!(matches!(parsed[1].actions[0].modifier, Modifier::Update(_)));
}

#[test]
fn applies_update_merge_remove_and_append() {
    let mut doc = spec();
    let report = overlay::apply(&mut doc, &overlays()).unwrap();

    let schema = doc.pointer(RESPONSE_SCHEMA).unwrap();
    // Objects merge: the description survives, `enum` (an array) is replaced, `x-fixed` is added.
    assert_eq!(
        schema["properties"]["data_type"],
        json!({
            "type": "string",
            "enum": ["string", "number", "date_time", "pick_list"],
            "description": "The custom field's data type.",
            "x-fixed": true
        })
    );
    // Removed, then re-added under its real name by a later action of the same file.
    let names: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["data_type", "user_ids"]);

    let parameters =
        &doc["paths"]["/contact_center/users/{userId}/custom_fields"]["get"]["parameters"];
    assert_eq!(
        parameters[1]["schema"],
        json!({"type": "integer", "default": 30})
    );
    // An `update` on an array appends one entry.
    assert_eq!(parameters.as_array().unwrap().len(), 3);
    assert_eq!(parameters[2]["name"], "next_page_token");

    let summary: Vec<(String, usize, Vec<String>)> = report
        .actions
        .iter()
        .map(|a| (a.file.clone(), a.index, a.pointers.clone()))
        .collect();
    assert_eq!(summary.len(), 5);
    assert_eq!(
        summary[1],
        (
            "010-custom-fields.yaml".to_owned(),
            1,
            vec![format!("{RESPONSE_SCHEMA}/properties/user_ids:")]
        )
    );
    assert_eq!(
        summary[3].2,
        ["/paths/~1contact_center~1users~1{userId}~1custom_fields/get/parameters/1/schema"]
    );
}

#[test]
fn every_stale_action_is_reported_in_one_pass_and_the_rest_still_apply() {
    let mut doc = spec();
    // Zoom "fixed" the spelling upstream: the filtered target now selects nothing.
    doc.pointer_mut(&format!("{RESPONSE_SCHEMA}/properties/data_type/enum/2"))
        .map(|v| *v = json!("date_time"))
        .unwrap();
    let stale_too = overlay::parse(
        "030-gone.yaml",
        &minimal(
            "  - target: $.paths['/gone']\n    description: |-\n      first line of why\n      more\n    update: {x: 1}\n\
             \x20 - target: $.info\n    description: d\n    update: {x-seen: true}\n\
             \x20 - target: $.nothing\n    description: second\n    remove: true\n",
        ),
    )
    .unwrap();
    let mut all = overlays();
    all.push(stale_too);
    let report = overlay::apply(&mut doc, &all).unwrap();
    let stale: Vec<(&str, usize, &str)> = report
        .stale
        .iter()
        .map(|a| (a.file.as_str(), a.index, a.summary.as_str()))
        .collect();
    assert_eq!(stale[0].0, "010-custom-fields.yaml");
    assert_eq!(stale[0].1, 0);
    assert!(report.stale[0].target.contains("dateTime"));
    assert_eq!(
        &stale[1..],
        [
            ("030-gone.yaml", 0, "first line of why"),
            ("030-gone.yaml", 2, "second")
        ]
    );
    // The actions that still match were applied and counted.
    assert_eq!(doc["info"]["x-seen"], json!(true));
    assert_eq!(report.actions.len(), 5);
    assert!(report.actions.iter().all(|a| !a.pointers.is_empty()));

    let err = report.require_fresh().unwrap_err();
    assert!(matches!(&err, OverlayError::Stale { actions } if actions.len() == 3));
    let text = err.to_string();
    assert!(
        text.starts_with("3 overlay action(s) match nothing"),
        "{text}"
    );
    assert!(
        text.contains("\n  010-custom-fields.yaml: action 0: target `"),
        "{text}"
    );
    assert!(
        text.contains("\n  030-gone.yaml: action 2: target `$.nothing` matches nothing (second)"),
        "{text}"
    );
}

#[test]
fn removes_several_array_entries_without_shifting() {
    let mut doc = json!({"list": [{"k": 1}, {"k": 2}, {"k": 1}, {"k": 3}]});
    let o = overlay::parse(
        "o.yaml",
        &minimal("  - target: $.list[?@.k == 1]\n    description: d\n    remove: true\n"),
    )
    .unwrap();
    let report = overlay::apply(&mut doc, &[o]).unwrap();
    assert_eq!(doc, json!({"list": [{"k": 2}, {"k": 3}]}));
    assert_eq!(report.actions[0].pointers, ["/list/0", "/list/2"]);
}

#[test]
fn primitives_and_the_root_are_not_valid_targets() {
    let mut doc = json!({"a": {"b": "text"}, "e": ["x", "y"]});
    let update_primitive = overlay::parse(
        "p.yaml",
        &minimal("  - target: $.a.b\n    description: d\n    update: {c: 1}\n"),
    )
    .unwrap();
    let err = overlay::apply(&mut doc, &[update_primitive]).unwrap_err();
    assert!(
        matches!(&err, OverlayError::IncompatibleTarget { pointer, index: 0, .. } if pointer == "/a/b"),
        "{err:?}"
    );

    let remove_item = overlay::parse(
        "p.yaml",
        &minimal("  - target: $.e[0]\n    description: d\n    remove: true\n"),
    )
    .unwrap();
    assert!(matches!(
        overlay::apply(&mut doc, &[remove_item]),
        Err(OverlayError::IncompatibleTarget { .. })
    ));
    assert_eq!(doc, json!({"a": {"b": "text"}, "e": ["x", "y"]}));

    let remove_root = overlay::parse(
        "r.yaml",
        &minimal("  - target: $\n    description: d\n    remove: true\n"),
    )
    .unwrap();
    assert!(matches!(
        overlay::apply(&mut doc, &[remove_root]),
        Err(OverlayError::RemoveRoot { .. })
    ));
}

#[test]
fn rejects_malformed_overlays() {
    let cases = [
        ("not: [valid", "not valid YAML"),
        (
            "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []",
            "not a 1.0.x version",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t}\nactions: []",
            "missing `version`",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []",
            "non-empty list",
        ),
        (
            &minimal("  - target: $.a\n    update: {}\n"),
            "missing `description`",
        ),
        (
            &minimal("  - target: $.a\n    description: d\n"),
            "does nothing",
        ),
        (
            &minimal("  - target: $.a\n    description: d\n    remvoe: true\n"),
            "unknown field `remvoe`",
        ),
        (
            &minimal("  - target: a.b\n    description: d\n    remove: true\n"),
            "not an RFC 9535",
        ),
    ];
    for (text, expected) in cases {
        let err = overlay::parse("bad.yaml", text).unwrap_err().to_string();
        assert!(err.starts_with("bad.yaml"), "{err}");
        assert!(err.contains(expected), "{text:?}: {err}");
    }
}

#[test]
fn a_failing_action_changes_nothing() {
    let original = json!({"a": {"x": 1}, "b": "text"});
    let mut doc = original.clone();
    let both = overlay::parse(
        "b.yaml",
        &minimal("  - target: $['a', 'b']\n    description: d\n    update: {y: 2}\n"),
    )
    .unwrap();
    assert!(matches!(
        overlay::apply(&mut doc, &[both]),
        Err(OverlayError::IncompatibleTarget { pointer, .. }) if pointer == "/b"
    ));
    assert_eq!(doc, original);
}

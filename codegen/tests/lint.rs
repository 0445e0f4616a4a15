//! The spec lint on a small document in Zoom's style (excerpts of the real inconsistencies), and
//! the accepted-findings list.

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use std::collections::BTreeSet;

use codegen::lint::{self, Finding, Rule, Severity};
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("fixtures/lint/zoom-style.json");

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).unwrap()
}

fn rules(findings: &[Finding]) -> BTreeSet<&'static str> {
    findings.iter().map(|f| f.rule.id()).collect()
}

#[test]
fn fixture_output() {
    let findings = lint::lint(&fixture());
    insta::assert_snapshot!(
        "zoom_style",
        format!(
            "{}\n{}",
            lint::render_counts(&findings),
            lint::render(&findings)
        )
    );
}

#[test]
fn every_rule_fires_on_the_fixture() {
    let findings = lint::lint(&fixture());
    let fired = rules(&findings);
    for rule in Rule::ALL {
        assert!(fired.contains(rule.id()), "{} did not fire", rule.id());
        assert_eq!(Rule::from_id(rule.id()), Some(rule));
    }
    for finding in &findings {
        assert_eq!(finding.severity, finding.rule.severity());
        assert!(
            fixture().pointer(&finding.pointer).is_some(),
            "{} does not resolve",
            finding.pointer
        );
    }
}

#[test]
fn output_is_sorted_and_deterministic() {
    let first = lint::lint(&fixture());
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(first, sorted);
    assert_eq!(first, lint::lint(&fixture()));
}

#[test]
fn pointers_escape_slash_and_tilde() {
    let findings = lint::lint(&fixture());
    let stray: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule == Rule::PropertyName)
        .map(|f| f.pointer.as_str())
        .collect();
    assert!(
        stray.iter().any(|p| p.ends_with("/properties/a~1b~0c")),
        "{stray:?}"
    );
    assert!(
        stray.iter().any(|p| p.ends_with("/properties/user_ids:")),
        "{stray:?}"
    );
    assert!(
        stray
            .iter()
            .all(|p| p.starts_with("/paths/~1contact_center~1engagements~1{engagementId}/get/"))
    );
}

#[test]
fn type_names_are_not_placeholders_but_string_among_statuses_is() {
    let findings = lint::lint(&fixture());
    let placeholders: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == Rule::EnumPlaceholder)
        .collect();
    assert_eq!(placeholders.len(), 1, "{placeholders:?}");
    assert!(
        placeholders[0]
            .pointer
            .ends_with("/properties/status/enum/3")
    );
}

#[test]
fn a_consistent_document_is_clean() {
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {
            "operationId": "getA",
            "parameters": [{"name": "from", "in": "query", "schema": {"type": "string", "format": "date-time"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "integer", "format": "int64"},
                    "ratio": {"type": "number", "format": "double", "example": 0.5},
                    "kind": {"type": "string", "enum": ["date_time", "pick_list"]},
                    "note": {"type": "string", "nullable": true}
                }},
                "example": {"id": 1, "ratio": 0.25, "kind": "pick_list", "note": null}
            }}}}
        }}}
    });
    assert_eq!(lint::lint(&doc), Vec::<Finding>::new());
}

#[test]
fn accepted_entries_partition_and_report_stale_ones() {
    let findings = lint::lint(&fixture());
    let target = findings
        .iter()
        .find(|f| f.rule == Rule::EnumDuplicate)
        .unwrap()
        .clone();
    let yaml = format!(
        "accepted:\n  - rule: enum-duplicate\n    pointer: '{}'\n    reason: kept for the test\n  \
         - rule: example-invalid\n    pointer: /paths/gone\n    reason: fixed upstream since\n",
        target.pointer
    );
    let accepted = lint::parse_accepted("lint-accepted.yaml", &yaml).unwrap();
    let total = findings.len();
    let partition = lint::partition(findings, &accepted);
    assert_eq!(
        partition.accepted,
        vec![(target, "kept for the test".to_owned())]
    );
    assert_eq!(partition.remaining.len(), total - 1);
    assert_eq!(partition.stale.len(), 1);
    assert_eq!(partition.stale[0].pointer, "/paths/gone");
    assert!(
        partition
            .remaining
            .iter()
            .any(|f| f.severity == Severity::Error)
    );
}

#[test]
fn accepted_list_rejects_bad_entries() {
    let cases = [
        (
            "accepted:\n  - rule: no-such-rule\n    pointer: /a\n    reason: r\n",
            "unknown rule",
        ),
        (
            "accepted:\n  - rule: enum-duplicate\n    pointer: a\n    reason: r\n",
            "not a JSON pointer",
        ),
        (
            "accepted:\n  - rule: enum-duplicate\n    pointer: /a\n    reason: ' '\n",
            "`reason` is empty",
        ),
        (
            "accepted:\n  - rule: enum-duplicate\n    pointer: /a\n",
            "reason",
        ),
    ];
    for (text, expected) in cases {
        let err = lint::parse_accepted("lint-accepted.yaml", text)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("lint-accepted.yaml"), "{err}");
        assert!(err.contains(expected), "{err}");
    }
}

/// The committed overlays bring the committed spec to zero unaccepted errors, with no stale
/// accept entries: `cargo test` fails as soon as a spec update or an overlay edit breaks that (the
/// same check as `cargo xtask lint`, which prints the details).
#[test]
fn committed_spec_is_clean_after_overlays() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec_text = std::fs::read_to_string(root.join("spec/contact-center.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&spec_text).unwrap();
    let mut files: Vec<(String, String)> = std::fs::read_dir(root.join("overlays"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    let (accepted, overlays): (Vec<_>, Vec<_>) = files
        .iter()
        .partition(|(name, _)| name.starts_with("lint-"));
    let overlays: Vec<_> = overlays
        .iter()
        .map(|(name, text)| codegen::overlay::parse(name, text).unwrap())
        .collect();
    codegen::overlay::apply(&mut doc, &overlays).unwrap();
    let accepted = match accepted.first() {
        Some((name, text)) => lint::parse_accepted(name, text).unwrap(),
        None => Vec::new(),
    };
    let partition = lint::partition(lint::lint(&doc), &accepted);
    let errors: Vec<&Finding> = partition
        .remaining
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "unaccepted errors: {errors:#?}");
    assert!(partition.stale.is_empty(), "stale: {:#?}", partition.stale);
}

//! The generated surface, as a reviewer reads it, and the freshness of the committed files.
//!
//! One pipeline run serves all assertions here: it is the slow part.

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use std::sync::OnceLock;

use std::collections::BTreeMap;

use codegen::convert::OperationSummary;
use codegen::pipeline::regenerate;
use workspace_tests::{committed_inputs, committed_webhook_inputs, read, root};

/// What the assertions need of one pipeline run (syntax trees are not `Sync`, so they are rendered).
struct Run {
    files: BTreeMap<String, String>,
    test_files: BTreeMap<String, String>,
    name_map: String,
    operations: Vec<OperationSummary>,
    hand_written: Vec<String>,
    surface: String,
    report: String,
    /// The webhook flow's files, tests and surface listing.
    webhook_files: BTreeMap<String, String>,
    webhook_test_files: BTreeMap<String, String>,
    webhook_surface: String,
    webhook_events: Vec<String>,
}

fn run() -> Run {
    let outputs =
        regenerate(&committed_inputs()).unwrap_or_else(|e| panic!("regenerate failed: {e}"));
    let report = &outputs.report;
    let mut lines: Vec<String> = report
        .notes
        .iter()
        .map(|n| format!("{}: {}", n.location, n.message))
        .collect();
    lines.extend(
        report
            .skipped_pagination
            .iter()
            .map(|(m, r)| format!("no stream for {m}: {r}")),
    );
    lines.push(format!("hand-written: {}", report.hand_written.join(", ")));
    lines.push(format!("overlay actions: {}", report.overlay_actions.len()));
    lines.push(format!(
        "types merged into aliases: {}; builders kept: {}, dropped: {}",
        report.merged_types, report.builders.kept, report.builders.removed
    ));
    lines.push(format!(
        "features: {}; gated methods: {}, types: {}, unreached: {}",
        report.features, report.gated.methods, report.gated.types, report.gated.unreached
    ));
    let webhooks = codegen::webhooks::regenerate(&committed_webhook_inputs())
        .unwrap_or_else(|e| panic!("regenerating the webhooks failed: {e}"));
    Run {
        webhook_surface: codegen::surface::render_webhooks(&webhooks),
        webhook_events: webhooks.events.iter().map(|e| e.name.clone()).collect(),
        webhook_files: webhooks.files,
        webhook_test_files: webhooks.test_files,
        surface: codegen::surface::render(&outputs.converted, &outputs.code),
        hand_written: report.hand_written.clone(),
        report: lines.join("\n"),
        operations: outputs.converted.operations,
        files: outputs.files,
        test_files: outputs.test_files,
        name_map: outputs.name_map,
    }
}

fn outputs() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(run)
}

/// rust-analyzer's pattern: `cargo test` itself fails when `generated/` is stale.
#[test]
fn committed_generated_files_are_fresh() {
    let outputs = outputs();
    let mut stale = Vec::new();
    for (relative, content) in outputs.files.iter().chain(&outputs.webhook_files) {
        if read(&format!("generated/{relative}")) != *content {
            stale.push(format!("generated/{relative}"));
        }
    }
    for (name, content) in outputs.test_files.iter().chain(&outputs.webhook_test_files) {
        if read(&format!("tests/tests/{name}")) != *content {
            stale.push(format!("tests/tests/{name}"));
        }
    }
    if read("spec/method-names.json") != outputs.name_map {
        stale.push("spec/method-names.json".into());
    }
    assert!(
        stale.is_empty(),
        "stale, run `cargo xtask regenerate`: {stale:?}"
    );
    assert!(root().join("generated/src/generated/client.rs").exists());
}

#[test]
fn every_operation_becomes_a_method_with_a_table_row() {
    let outputs = outputs();
    assert_eq!(outputs.operations.len(), 312);
    assert_eq!(zoom_contact_center::OPERATIONS.len(), 312);
    let client = &outputs.files["src/generated/client.rs"];
    for op in &outputs.operations {
        let method = format!("pub fn {}(", op.method_name);
        let hand_written = outputs.hand_written.contains(&op.method_name);
        assert!(
            hand_written || client.contains(&method),
            "no method for {}",
            op.key
        );
        let row = zoom_contact_center::operation(&op.method_name)
            .unwrap_or_else(|| panic!("no table row for {}", op.key));
        // The runtime spells the label as codegen's one rule normalised it (`Light` -> `LIGHT`).
        assert_eq!(
            row.rate_limit.as_str(),
            op.markers.rate_limit_label.as_deref().unwrap_or("UNKNOWN"),
            "{}",
            op.key
        );
        assert_eq!(row.scopes, op.markers.scopes, "{}", op.key);
    }
}

#[test]
fn generated_files_say_how_they_are_made() {
    for (relative, content) in outputs().files.iter().chain(&outputs().webhook_files) {
        if relative.ends_with(".rs") {
            assert!(content.starts_with(codegen::format::HEADER), "{relative}");
        }
    }
}

#[test]
fn surface_listing() {
    insta::assert_snapshot!("surface", &outputs().surface);
}

#[test]
fn webhook_surface_listing() {
    insta::assert_snapshot!("webhook_surface", &outputs().webhook_surface);
}

/// `EventName` is generated from the document's `webhooks` keys: every one of them, in order.
#[test]
fn every_documented_webhook_event_is_a_variant() {
    let document: serde_json::Value =
        serde_json::from_str(&read("spec/contact-center-webhooks.json")).unwrap();
    let documented: Vec<&str> = document["webhooks"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let known: Vec<&str> = zoom_contact_center::webhook::EventName::KNOWN
        .iter()
        .map(|name| name.as_str())
        .collect();
    assert_eq!(known, documented);
    assert_eq!(outputs().webhook_events, documented);
}

#[test]
fn regenerate_report() {
    insta::assert_snapshot!("regenerate_report", &outputs().report);
}

#[test]
fn two_runs_give_identical_bytes() {
    let again = run();
    // Compared without printing: the files are megabytes.
    assert!(
        again.files == outputs().files,
        "generated crate files differ between two runs"
    );
    assert!(
        again.test_files == outputs().test_files,
        "generated tests differ between two runs"
    );
    assert!(
        again.surface == outputs().surface,
        "surface listing differs between two runs"
    );
    assert!(
        again.webhook_files == outputs().webhook_files
            && again.webhook_test_files == outputs().webhook_test_files
            && again.webhook_surface == outputs().webhook_surface,
        "webhook outputs differ between two runs"
    );
}

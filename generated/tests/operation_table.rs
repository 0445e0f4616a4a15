//! The operation table maps both ways: client method name -> row, and Zoom's operationId -> row.

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use zoom_contact_center::{OPERATIONS, operation, operation_by_zoom_id};

#[test]
fn every_row_is_found_by_method_name_and_by_zoom_operation_id() {
    for row in &OPERATIONS {
        assert_eq!(
            operation(row.operation_id),
            Some(row),
            "{}",
            row.operation_id
        );
        assert_eq!(
            operation_by_zoom_id(row.zoom_operation_id),
            Some(row),
            "{}",
            row.zoom_operation_id
        );
    }
}

#[test]
fn zoom_names_lead_to_rule_names() {
    let row = operation_by_zoom_id("getAQueue").unwrap();
    assert_eq!(row.operation_id, "get_queue");
    assert_eq!(row.path, "/contact_center/queues/{queueId}");
    assert_eq!(
        operation_by_zoom_id("SendaMessage").unwrap().operation_id,
        "send_message"
    );
    assert_eq!(operation_by_zoom_id("sendAMessage"), None);
    assert_eq!(operation("get_a_queue"), None);
}

/// The first quoted string after each `marker` in `source`.
fn quoted_after<'a>(source: &'a str, marker: &str) -> Vec<&'a str> {
    source
        .split(marker)
        .skip(1)
        .map(|rest| {
            let start = rest.find('"').unwrap() + 1;
            let end = start + rest[start..].find('"').unwrap();
            &rest[start..end]
        })
        .collect()
}

/// Every operation id the client hands the runtime (progenitor's `OperationInfo` in the generated
/// methods, `send_multipart` in the hand-written ones) has its row. A miss would not fail a call: the
/// runtime would treat it as "not retried, not limited" (`hooks.rs`); it fails here instead.
#[test]
fn every_operation_id_the_client_hands_the_runtime_has_its_row() {
    let generated = quoted_after(include_str!("../src/generated/client.rs"), "operation_id: ");
    let hand_written = quoted_after(include_str!("../src/multipart.rs"), "self.send_multipart(");
    assert_eq!(
        hand_written,
        ["create_asset", "update_asset", "import_flow"]
    );
    let mut ids: Vec<&str> = generated.into_iter().chain(hand_written).collect();
    for id in &ids {
        assert!(operation(id).is_some(), "no row for `{id}`");
    }
    // One call site per row: every operation of the table is reached by exactly one method.
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), OPERATIONS.len());
}

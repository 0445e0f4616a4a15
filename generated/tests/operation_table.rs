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

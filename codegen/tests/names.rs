//! The name map's own test: the committed `spec/method-names.json` keeps the naming rule for the
//! committed document, and the rule names a spec drop's new operations without a hand edit.

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use codegen::convert::operation_facts;
use codegen::names::{NameMap, OperationFacts};
use serde_json::{Value, json};

const SPEC: &str = include_str!("../../spec/contact-center.json");
const MAP: &str = include_str!("../../spec/method-names.json");

fn committed() -> (Vec<OperationFacts>, NameMap) {
    let document: Value = serde_json::from_str(SPEC).unwrap();
    let map = NameMap::parse("method-names.json", MAP).unwrap();
    (operation_facts(&document), map)
}

#[test]
fn every_committed_name_keeps_the_naming_rule() {
    let (operations, map) = committed();
    assert_eq!(operations.len(), 312);
    assert_eq!(map.entries().count(), 312);
    let problems = map.check(&operations);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_names_main_had_before_the_rule_are_refused() {
    let (operations, mut map) = committed();
    // A few entries as they were before the rule (issue 13), put back into the committed map.
    for (key, old) in [
        ("POST /contact_center/queues", "queue_create"),
        ("GET /contact_center/queues/{queueId}", "get_a_queue"),
        ("POST /contact_center/messages", "senda_message"),
        ("GET /contact_center/flows_entry_points", "listentry_points"),
        (
            "DELETE /contact_center/address_books/{addressBookId}/contacts/batch",
            "batch_deletecontact",
        ),
        (
            "PATCH /contact_center/engagements/{engagementId}/follow_up_tasks/{taskId}",
            "engagement_follow_up_task_patch",
        ),
        (
            "GET /contact_center/analytics/log/historical/journey",
            "listhistorical_zoomphonetozcccalljourneydata",
        ),
        (
            "DELETE /contact_center/outbound_campaign/contact_lists/{contactListId}/contacts/{contactId}",
            "delete_campaigncontact_list_contact",
        ),
        ("POST /contact_center/closures", "closures_set_create"),
        (
            "DELETE /contact_center/inboxes/messages",
            "inboxes_messages_delete",
        ),
        ("PATCH /contact_center/flows/{flowId}", "edit_flow"),
        (
            "GET /contact_center/users/{userId}/skills",
            "list_a_user_skills",
        ),
        ("GET /contact_center/inboxes", "list_inbox"),
    ] {
        let text = map.render().replace(
            &format!("{:?}: {:?}", key, map.get(key).unwrap()),
            &format!("{key:?}: {old:?}"),
        );
        map = NameMap::parse("method-names.json", &text).unwrap();
        let problems = map.check(&operations);
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&format!("{key}: `{old}`"))),
            "{old} passed the rule: {problems:?}"
        );
        map = committed().1;
    }
}

/// Rule 5: a prefix (a word neither the path nor the tags give, before one they give) only where
/// the name without it is another operation's.
#[test]
fn prefixes_that_keep_nothing_apart_are_refused() {
    let (operations, committed_map) = committed();
    let with = |entries: &[(&str, &str)]| {
        let mut text = committed_map.render();
        for (key, name) in entries {
            text = text.replace(
                &format!("{:?}: {:?}", key, committed_map.get(key).unwrap()),
                &format!("{key:?}: {name:?}"),
            );
        }
        NameMap::parse("method-names.json", &text)
            .unwrap()
            .check(&operations)
    };
    let prefix_problem = |problems: &[String], key: &str, word: &str| {
        problems.iter().any(|p| {
            p.starts_with(&format!("{key}: ")) && p.contains(&format!("`{word}` is a prefix"))
        })
    };
    for (key, name, word) in [
        (
            "GET /contact_center/queues",
            "list_account_queues",
            "account",
        ),
        (
            "GET /contact_center/analytics/log/historical/journey",
            "list_historical_call_journey_logs",
            "call",
        ),
    ] {
        let problems = with(&[(key, name)]);
        assert!(prefix_problem(&problems, key, word), "{name}: {problems:?}");
    }
    // `account` keeps `list_account_inbox_messages` apart from one inbox's `list_inbox_messages`;
    // with that name gone, it keeps nothing apart.
    let account = "GET /contact_center/inboxes/messages";
    assert!(!prefix_problem(&with(&[]), account, "account"));
    let problems = with(&[(
        "GET /contact_center/inboxes/{inboxId}/messages",
        "list_inbox_message_entries",
    )]);
    assert!(
        prefix_problem(&problems, account, "account"),
        "{problems:?}"
    );
}

#[test]
fn every_operation_named_from_scratch_keeps_the_rule() {
    // As if the whole document were a drop of new operations: no hand edit, no message.
    let (operations, _) = committed();
    let mut map = NameMap::default();
    let changes = map.resolve(&operations);
    assert!(changes.unnamed.is_empty(), "{}", changes.unnamed.join("\n"));
    assert_eq!(changes.added.len(), 312);
    let problems = map.check(&operations);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // How close derivation comes to the reviewed names (information, printed with --nocapture).
    let reviewed = committed().1;
    for (key, name) in map.entries() {
        if reviewed.get(key) != Some(name) {
            println!(
                "{key}: derived {name}, committed {}",
                reviewed.get(key).unwrap()
            );
        }
    }
}

#[test]
fn a_drop_names_new_operations_and_reports_removed_ones() {
    let mut document: Value = serde_json::from_str(SPEC).unwrap();
    let paths = document["paths"].as_object_mut().unwrap();
    paths.remove("/contact_center/flows_entry_points");
    paths.insert(
        "/contact_center/something_new".into(),
        json!({"get": {"operationId": "Listsomethingnew", "summary": "List something new",
                       "responses": {"200": {"description": "OK"}}}}),
    );
    paths.insert(
        "/contact_center/queues/{queueId}/wrap_up_codes".into(),
        json!({"get": {"operationId": "Getqueuewrapupcodes", "summary": "List a queue's wrap-up codes",
                       "responses": {"200": {"description": "OK"}}}}),
    );
    let operations = operation_facts(&document);
    let mut map = committed().1;
    let changes = map.resolve(&operations);
    assert_eq!(changes.unnamed, Vec::<String>::new());
    assert_eq!(
        changes.removed,
        [(
            "GET /contact_center/flows_entry_points".to_owned(),
            "list_entry_points".to_owned()
        )]
    );
    assert_eq!(
        changes.added,
        [
            (
                "GET /contact_center/something_new".to_owned(),
                "list_something_new".to_owned()
            ),
            (
                "GET /contact_center/queues/{queueId}/wrap_up_codes".to_owned(),
                "list_queue_wrap_up_codes".to_owned()
            ),
        ]
    );
    assert!(map.check(&operations).is_empty());
}

#[test]
fn each_method_doc_names_zoom_operation_id() {
    // The method is named by the map; its docs keep Zoom's operationId so that a search of Zoom's
    // reference finds it. Read in the committed client (kept fresh by the workspace's freshness test).
    const CLIENT: &str = include_str!("../../generated/src/generated/client.rs");
    let (operations, map) = committed();
    let mut checked = 0;
    for op in &operations {
        let name = map.get(&op.key).unwrap();
        if ["create_asset", "update_asset", "import_flow"].contains(&name) {
            continue; // multipart: hand-written in generated/src/multipart.rs
        }
        let line = format!("Zoom operationId: `{}`.", op.operation_id);
        let at = CLIENT
            .find(&line)
            .unwrap_or_else(|| panic!("{}: no {line}", op.key));
        let next_fn = CLIENT[at..].find("pub fn ").unwrap() + at;
        assert!(
            CLIENT[next_fn..].starts_with(&format!("pub fn {name}(")),
            "{}: the doc naming {} is not on `{name}`",
            op.key,
            op.operation_id
        );
        checked += 1;
    }
    assert_eq!(checked, 309);
}

//! `cargo xtask diff --webhooks`: what changed for receivers between two webhook documents, with
//! the API report's rules and classes.
//!
//! Each document is read as an API whose operations are its events (`POST <event name>`, see
//! [`super::read::paths_view`] for why `paths` reads `webhooks`) and whose *response* is the event's
//! envelope. A receiver is on the reading side of a webhook, as a client is of a response, so the
//! response rules are the right ones: an event removed, a field removed or an `Option`-ness or type
//! change breaks a receiver's code; an event, a field or an enum value added does not (payload
//! enums carry `Unknown`). The envelope is read from the request body, which is what the payload
//! types are generated from; the document's own `responses` repeat it and are replaced.

use serde_json::{Map, Value, json};

use crate::diff::{ChangeKind, DiffError, Report, Side, Subject, diff as diff_api};

/// Compares two webhook documents (parsed JSON or YAML).
///
/// # Errors
/// A [`DiffError`] naming the side and pointer when a document has no `webhooks` mapping or holds a
/// reference that does not resolve.
pub fn diff(old: &Value, new: &Value) -> Result<Report, DiffError> {
    report(&as_api(old, Side::Old)?, &as_api(new, Side::New)?)
}

/// Compares the models of two webhook runs ([`super::client_document`]): each document after its
/// own overlays, and each event's payload as the generated types see it (converted), so what
/// `convert` drops (a string `format`) is no change for a receiver.
///
/// # Errors
/// As [`diff`].
pub fn diff_models(
    old: &super::WebhookDocument,
    new: &super::WebhookDocument,
) -> Result<Report, DiffError> {
    report(&as_received(old, Side::Old)?, &as_received(new, Side::New)?)
}

/// The API report on two views made by [`as_api`], worded for events.
fn report(old: &Value, new: &Value) -> Result<Report, DiffError> {
    let mut report = diff_api(old, new)?;
    report.subject = Subject::Events;
    // The API report's reasons speak of client methods; an event is an `Event` variant.
    for change in &mut report.changes {
        change.reason = match change.kind {
            ChangeKind::OperationAdded => {
                "a new `Event` variant and payload type; `Event` is `#[non_exhaustive]`, so \
                 existing matches still compile"
            }
            ChangeKind::OperationRemoved => {
                "its `Event` variant and payload type disappear (the event would arrive as \
                 `Event::Unknown`)"
            }
            _ => change.reason,
        };
    }
    Ok(report)
}

/// [`as_api`] of the overlaid document (references already inlined there), with each event's
/// envelope `payload` replaced by the converted schema its generated type is made from.
fn as_received(model: &super::WebhookDocument, side: Side) -> Result<Value, DiffError> {
    let mut view = as_api(&model.overlaid, side)?;
    let payloads = model
        .converted
        .document
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for event in &model.events {
        let pointer = format!(
            "/paths/{}/post/responses/200/content/application~1json/schema/properties/payload",
            crate::pointer::escape(&event.name)
        );
        if let (Some(payload), Some(slot)) = (
            payloads.and_then(|p| p.get(&event.type_name)),
            view.pointer_mut(&pointer),
        ) {
            *slot = payload.clone();
        }
    }
    Ok(view)
}

fn as_api(document: &Value, side: Side) -> Result<Value, DiffError> {
    let invalid = |pointer: &str, reason: &str| DiffError::Invalid {
        side,
        pointer: pointer.to_owned(),
        reason: reason.to_owned(),
    };
    let mut view =
        super::read::paths_view(document).map_err(|e| invalid("/webhooks", &e.to_string()))?;
    // The envelope moves from the request body to a response below, so the references into the
    // request body are inlined first (against the document as it was).
    let source = view.clone();
    inline_references(&mut view, &source, "", 0)
        .map_err(|(pointer, reason)| invalid(&pointer, &reason))?;
    let Some(paths) = view.get_mut("paths").and_then(Value::as_object_mut) else {
        return Err(invalid("/webhooks", "`webhooks` is not a mapping"));
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut().filter_map(Value::as_object_mut) {
            let Some(body) = operation.remove("requestBody") else {
                continue;
            };
            let mut response = Map::new();
            response.insert("description".to_owned(), json!("the event envelope"));
            if let Some(content) = body.get("content") {
                response.insert("content".to_owned(), content.clone());
            }
            if let Some(description) = body.get("description") {
                // Scopes are written in the body's description; the report reads them there.
                operation
                    .entry("description".to_owned())
                    .or_insert_with(|| description.clone());
            }
            operation.insert(
                "responses".to_owned(),
                json!({"200": Value::Object(response)}),
            );
        }
    }
    Ok(view)
}

/// How deep references may chain and documents nest (the documents are input a user controls).
const MAX_DEPTH: usize = 64;

/// Replaces every local `$ref` by what it names; a reference that does not resolve (or a cycle)
/// is an error with its pointer, written as in Zoom's document.
fn inline_references(
    value: &mut Value,
    source: &Value,
    pointer: &str,
    depth: usize,
) -> Result<(), (String, String)> {
    let at = || pointer.replacen("/paths/", "/webhooks/", 1);
    if depth > MAX_DEPTH {
        return Err((at(), "references nest too deep (a cycle?)".to_owned()));
    }
    match value {
        Value::Object(object) => {
            if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
                let target = reference
                    .strip_prefix('#')
                    .map(|local| local.replacen("/webhooks/", "/paths/", 1))
                    .and_then(|local| source.pointer(&local))
                    .ok_or_else(|| (at(), format!("`$ref` `{reference}` does not resolve")))?;
                *value = target.clone();
                return inline_references(value, source, pointer, depth + 1);
            }
            for (key, child) in object.iter_mut() {
                let child_pointer = format!("{pointer}/{}", crate::pointer::escape(key));
                inline_references(child, source, &child_pointer, depth + 1)?;
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                inline_references(child, source, &format!("{pointer}/{i}"), depth + 1)?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;
    use crate::diff::{ChangeKind, Impact};

    fn doc(events: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "w", "version": "1"}, "webhooks": events})
    }

    fn event(payload: Value) -> Value {
        json!({"post": {"requestBody": {
            "description": "**[Scopes](https://x/):** `a:read`",
            "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["event", "payload"],
                "properties": {"event": {"type": "string"}, "payload": payload}
            }}}
        }}})
    }

    #[test]
    fn events_and_fields_are_classed_as_a_receiver_sees_them() {
        let old = doc(json!({
            "contact_center.a": event(json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "gone": {"type": "string"}}})),
            "contact_center.removed": event(json!({"type": "object"})),
        }));
        let new = doc(json!({
            "contact_center.a": event(json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "added": {"type": "string"}}})),
            "contact_center.added": event(json!({"type": "object"})),
        }));
        let report = diff(&old, &new).unwrap();
        let find = |text: &str| {
            report
                .changes
                .iter()
                .find(|c| format!("{c:?}").contains(text))
                .map(|c| c.impact)
        };
        assert_eq!(find("contact_center.removed"), Some(Impact::Breaking));
        assert_eq!(find("contact_center.added"), Some(Impact::Additive));
        assert_eq!(find("\"payload.gone\""), Some(Impact::Breaking));
        assert_eq!(find("\"payload.added\""), Some(Impact::Additive));
        assert!(
            report
                .changes
                .iter()
                .any(|c| matches!(c.kind, ChangeKind::OperationRemoved))
        );
        // Worded for events, not operations and client methods.
        let text = report.to_markdown(&crate::diff::Labels { old: "a", new: "b" });
        assert!(
            text.contains(
                "### `contact_center.added`\n\n- Event added. _Why: a new `Event` variant"
            ),
            "{text}"
        );
        assert!(text.contains("- Event removed."), "{text}");
        assert!(text.contains("Envelope field `payload.gone`"), "{text}");
        assert!(
            !text.contains("client method") && !text.contains("POST contact_center"),
            "{text}"
        );
    }

    fn model(document: &Value, overlays: &[(&str, &str)]) -> super::super::WebhookDocument {
        super::super::client_document(&super::super::WebhookInputs {
            spec_file: "w.json".into(),
            spec_text: document.to_string(),
            overlays: overlays
                .iter()
                .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
                .collect(),
        })
        .unwrap()
    }

    #[test]
    fn models_compare_as_the_generated_events_see_them() {
        let with = |created: Value| {
            doc(json!({
                "contact_center.a": event(json!({"type": "object", "required": ["id"],
                    "properties": {"id": {"type": "string"}, "created": created}})),
            }))
        };
        let old = model(&with(json!({"type": "string"})), &[]);
        // A format convert drops: the field is a `String` before and after.
        let formatted = model(&with(json!({"type": "string", "format": "date-time"})), &[]);
        assert_eq!(diff_models(&old, &formatted).unwrap().changes, []);
        // A type change is still breaking for a receiver...
        let retyped = with(json!({"type": "integer"}));
        let report = diff_models(&old, &model(&retyped, &[])).unwrap();
        assert!(
            report
                .changes
                .iter()
                .any(|c| c.impact == Impact::Breaking && format!("{c:?}").contains("created")),
            "{:#?}",
            report.changes
        );
        // ...unless the webhook overlays (never the API's) put it back.
        const OVERLAY: &str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  \
            - target: $.webhooks['contact_center.a'].post.requestBody.content['application/json'].schema.properties.payload.properties.created\n    \
              description: a timestamp string\n    update:\n      type: string\n";
        let fixed = model(&retyped, &[("webhooks/010-created.yaml", OVERLAY)]);
        assert_eq!(diff_models(&old, &fixed).unwrap().changes, []);
    }

    #[test]
    fn a_document_without_webhooks_is_an_error() {
        let err = diff(&json!({"openapi": "3.1.0"}), &doc(json!({}))).unwrap_err();
        assert!(
            matches!(
                err,
                DiffError::Invalid {
                    side: Side::Old,
                    ..
                }
            ),
            "{err:?}"
        );
    }
}

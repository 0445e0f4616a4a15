//! Reads Zoom's webhook document: one event per `webhooks` entry, its docs, its example, and the
//! schema of its `payload` with every `$ref` inlined.
//!
//! Zoom's document is OpenAPI 3.1 with only a `webhooks:` section. Its `$ref`s point into
//! `#/paths/<event>/post/requestBody/...`, a section the document does not have: Zoom's generator
//! writes webhook events the way it writes API operations, under `paths`. Every target exists once
//! `paths` reads `webhooks`, so [`paths_view`] renames the section and the references resolve as
//! written. This is done here rather than in an overlay because it is how the whole document is
//! read (62 references today, one per schema Zoom factors out), not one wrong value: an overlay
//! would need an action per reference and would go stale with every event Zoom adds, while a
//! reference that still does not resolve after the rename is an error with its pointer.

use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

use crate::convert::markers::{self, Markers};
use crate::error::{Error, Location};
use crate::pointer::escape;

/// What a maintainer and the generated docs need to know about one event.
#[derive(Debug, Clone)]
pub struct EventSummary {
    /// The wire name (`contact_center.task_created`): the `webhooks` key and the envelope's `event`.
    pub name: String,
    /// The Rust name of its `EventName` and `Event` variants and of its payload type (`TaskCreated`).
    pub type_name: String,
    /// The event's title, the bold name of its description (`Task created`).
    pub summary: Option<String>,
    /// The description's first paragraphs, before Zoom's boilerplate prerequisites.
    pub description: String,
    /// Scopes and granular scopes from the description.
    pub markers: Markers,
    /// The documented example envelope, as written (Zoom writes it as a JSON string).
    pub example: Option<String>,
}

/// Makes a `paths` section of the `webhooks` one (see the module docs); other members stay.
///
/// # Errors
/// When the document has no `webhooks` mapping, or has `paths` as well (the two would clash).
pub fn paths_view(document: &Value) -> Result<Value, Error> {
    let Some(root) = document.as_object() else {
        return Err(unsupported(None, "", "the document is not an object"));
    };
    if root.contains_key("paths") {
        return Err(unsupported(
            None,
            "/paths",
            "a webhook document with `paths` as well: its `#/paths/` references would be ambiguous",
        ));
    }
    let mut view = Map::new();
    for (key, value) in root {
        match key.as_str() {
            "webhooks" if value.is_object() => {
                view.insert("paths".to_owned(), value.clone());
            }
            "webhooks" => {
                return Err(unsupported(
                    None,
                    "/webhooks",
                    "`webhooks` is not a mapping",
                ));
            }
            _ => {
                view.insert(key.clone(), value.clone());
            }
        }
    }
    if !view.contains_key("paths") {
        return Err(unsupported(
            None,
            "/webhooks",
            "the document has no `webhooks` section",
        ));
    }
    Ok(Value::Object(view))
}

/// What the lint reads: [`paths_view`], with every example that Zoom wrote as a JSON string
/// (`examples.*.value: "{\n  \"event\": ..."`) decoded into the JSON it holds, so that the example
/// rules check the example itself against its schema instead of reporting 216 strings where
/// objects belong. A string that is not JSON stays as written (and the lint reports it).
///
/// # Errors
/// As [`paths_view`].
pub fn lint_view(document: &Value) -> Result<Value, Error> {
    let mut view = paths_view(document)?;
    decode_string_examples(&mut view);
    Ok(view)
}

fn decode_string_examples(value: &mut Value) {
    match value {
        Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                if key != "examples" {
                    decode_string_examples(member);
                    continue;
                }
                let Some(examples) = member.as_object_mut() else {
                    continue;
                };
                for example in examples.values_mut() {
                    if let Some(slot) = example.get_mut("value")
                        && let Some(decoded) = slot
                            .as_str()
                            .and_then(|text| serde_json::from_str::<Value>(text).ok())
                            .filter(|decoded| decoded.is_object() || decoded.is_array())
                    {
                        *slot = decoded;
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(decode_string_examples),
        _ => {}
    }
}

/// Every event of the document (in document order) and its payload schema, `$ref`s inlined,
/// keyed by the payload type's name.
///
/// # Errors
/// When an event is not a `post` with a JSON request body holding an `{event, event_ts, payload}`
/// envelope, a reference does not resolve, or two events would get the same Rust name.
pub fn events(document: &Value) -> Result<(Vec<EventSummary>, Map<String, Value>), Error> {
    let view = paths_view(document)?;
    let mut events = Vec::new();
    let mut schemas = Map::new();
    let Some(webhooks) = view.get("paths").and_then(Value::as_object) else {
        return Ok((events, schemas));
    };
    for (name, item) in webhooks {
        let at = format!("/webhooks/{}/post", escape(name));
        let fail = |pointer: &str, message: &str| unsupported(Some(name), pointer, message);
        let operation = item
            .get("post")
            .ok_or_else(|| fail(&at, "the event is not a `post`"))?;
        let body_at = format!("{at}/requestBody");
        let body = resolve(&view, operation.get("requestBody"), name, &body_at)?
            .ok_or_else(|| fail(&body_at, "the event has no request body"))?;
        let media_at = format!("{body_at}/content/application~1json");
        let media = body.pointer("/content/application~1json").ok_or_else(|| {
            fail(
                &media_at,
                "the request body has no `application/json` content",
            )
        })?;
        let mut envelope = resolve(
            &view,
            media.get("schema"),
            name,
            &format!("{media_at}/schema"),
        )?
        .ok_or_else(|| fail(&media_at, "the request body has no schema"))?;
        inline(&mut envelope, &view, name, &format!("{media_at}/schema"), 0)?;
        let payload_at = format!("{media_at}/schema/properties/payload");
        let mut payload = envelope
            .pointer("/properties/payload")
            .filter(|p| p.is_object())
            .cloned()
            .ok_or_else(|| fail(&payload_at, "the envelope has no `payload` schema"))?;

        let description = body
            .get("description")
            .or_else(|| operation.get("description"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let summary = EventSummary {
            name: name.clone(),
            type_name: type_name(name),
            summary: operation
                .get("summary")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| bold_title(description)),
            description: lead_paragraphs(description),
            markers: markers::parse(description),
            example: example(media),
        };
        if let Some(other) = events
            .iter()
            .find(|e: &&EventSummary| e.type_name == summary.type_name)
        {
            let message = format!(
                "events `{}` and `{name}` would both be named `{}` in Rust",
                other.name, summary.type_name
            );
            return Err(fail(&at, &message));
        }
        if let Some(object) = payload.as_object_mut() {
            object.insert(
                "description".to_owned(),
                Value::String(payload_doc(&summary)),
            );
        }
        schemas.insert(summary.type_name.clone(), payload);
        events.push(summary);
    }
    Ok((events, schemas))
}

/// `contact_center.task_created` -> `TaskCreated`: the product prefix is the same for every event
/// of the document and would only lengthen every name.
pub fn type_name(event: &str) -> String {
    let short = event.split_once('.').map_or(event, |(_, rest)| rest);
    let name = short.to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Event{name}")
    } else {
        name
    }
}

/// The payload type's doc text: the event's title and description.
fn payload_doc(event: &EventSummary) -> String {
    let title = event.summary.as_deref().unwrap_or(&event.name);
    format!(
        "The payload of `{}` ({title}).\n\n{}",
        event.name, event.description
    )
}

/// The bold name in Zoom's "The **Task created** event is triggered when ..." sentence.
fn bold_title(description: &str) -> Option<String> {
    let paragraph = lead_paragraphs(description);
    let (_, rest) = paragraph.split_once("**")?;
    let (title, _) = rest.split_once("**")?;
    Some(title.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The paragraphs after the `# event` heading and before the first `##` section or marker line.
fn lead_paragraphs(description: &str) -> String {
    let mut lines = Vec::new();
    for line in description.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("## ")
            || trimmed.starts_with("**[")
            || trimmed.starts_with("**Event type")
        {
            break;
        }
        if trimmed.starts_with("# ") {
            continue;
        }
        lines.push(line.trim_end());
    }
    lines.join("\n").trim().to_owned()
}

/// The first example of the media type: `examples.*.value` (Zoom's form, a JSON string), else
/// `example`. A value that is not a string is rendered as JSON.
fn example(media: &Value) -> Option<String> {
    let value = media
        .get("examples")
        .and_then(Value::as_object)
        .and_then(|examples| examples.values().find_map(|e| e.get("value")))
        .or_else(|| media.get("example"))?;
    Some(match value {
        Value::String(text) => text.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    })
}

/// Follows a `$ref` (if any) to the value it names, within the (renamed) document.
fn resolve(
    view: &Value,
    value: Option<&Value>,
    event: &str,
    pointer: &str,
) -> Result<Option<Value>, Error> {
    let Some(mut value) = value else {
        return Ok(None);
    };
    for _ in 0..MAX_DEPTH {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(Some(value.clone()));
        };
        value = target(view, reference, event, pointer)?;
    }
    Err(unsupported(
        Some(event),
        pointer,
        "reference chain too long (a cycle?)",
    ))
}

/// How deep schemas and reference chains may go (the document is input a user controls).
const MAX_DEPTH: usize = 32;

fn target<'a>(
    view: &'a Value,
    reference: &str,
    event: &str,
    pointer: &str,
) -> Result<&'a Value, Error> {
    let Some(local) = reference.strip_prefix('#') else {
        let message = format!("external reference {reference:?}");
        return Err(unsupported(Some(event), pointer, &message));
    };
    // `#/webhooks/...` is what a corrected download would say; it names the same place.
    let local = match local.strip_prefix("/webhooks/") {
        Some(rest) => format!("/paths/{rest}"),
        None => local.to_owned(),
    };
    view.pointer(&local).ok_or_else(|| {
        let message = format!(
            "reference {reference:?} does not resolve, even with `paths` read as `webhooks`"
        );
        unsupported(Some(event), pointer, &message)
    })
}

/// Inlines every `$ref` below `schema` (siblings of a `$ref` win over the target's members, as in
/// 3.1) and drops the `components` member Zoom nests inside
/// its envelope schemas: it is where the references point, not a JSON Schema keyword, and has no
/// meaning once they are inlined.
fn inline(
    schema: &mut Value,
    view: &Value,
    event: &str,
    pointer: &str,
    depth: usize,
) -> Result<(), Error> {
    if depth > MAX_DEPTH {
        return Err(unsupported(
            Some(event),
            pointer,
            "schemas nested too deep (a cycle?)",
        ));
    }
    let Some(object) = schema.as_object_mut() else {
        return Ok(());
    };
    if let Some(reference) = object.remove("$ref") {
        let reference = reference.as_str().unwrap_or_default().to_owned();
        let found = target(view, &reference, event, pointer)?;
        let mut merged = found.as_object().cloned().unwrap_or_default();
        merged.extend(std::mem::take(object));
        *object = merged;
        return inline(schema, view, event, pointer, depth + 1);
    }
    object.remove("components");
    // `default`s stay: `convert` moves them into the docs for both documents (one home).
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            let at = format!("{pointer}/properties/{}", escape(name));
            inline(property, view, event, &at, depth + 1)?;
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = object.get_mut(key) {
            inline(child, view, event, &format!("{pointer}/{key}"), depth + 1)?;
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(list)) = object.get_mut(key) {
            for (i, child) in list.iter_mut().enumerate() {
                inline(
                    child,
                    view,
                    event,
                    &format!("{pointer}/{key}/{i}"),
                    depth + 1,
                )?;
            }
        }
    }
    Ok(())
}

fn unsupported(event: Option<&str>, pointer: &str, message: &str) -> Error {
    Error::Unsupported {
        location: Location {
            operation: event.map(|e| format!("webhook {e}")),
            pointer: pointer.to_owned(),
        },
        message: message.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use serde_json::json;

    use super::*;

    fn document(payload_object: Value) -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "webhooks": {
                "contact_center.thing_done": {"post": {"requestBody": {
                    "description": "# contact_center.thing_done\n\nThe **Thing done** event is triggered when a thing is done.\n\n## Prerequisites\n\n* x\n\n**[Scopes](https://x/):** `a:read`,`b:read`\n\n**[Granular Scopes](https://y/):** `c:read:thing`\n",
                    "content": {"application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "event": {"type": "string"},
                                "event_ts": {"type": "integer"},
                                "payload": {"type": "object", "properties": {"object": payload_object}}
                            },
                            "components": {"schemas": {"Id": {"type": "string", "description": "The id."}}}
                        },
                        "examples": {"json-example": {"value": "{\"event\": \"contact_center.thing_done\"}"}}
                    }}
                }}}
            }
        })
    }

    #[test]
    fn references_into_paths_resolve_against_webhooks() {
        let doc = document(json!({"type": "object", "properties": {"id": {
            "$ref": "#/paths/contact_center.thing_done/post/requestBody/content/application~1json/schema/components/schemas/Id"
        }}}));
        let (events, schemas) = events(&doc).unwrap();
        assert_eq!(events.len(), 1);
        let event = &events[0];
        assert_eq!(event.type_name, "ThingDone");
        assert_eq!(event.summary.as_deref(), Some("Thing done"));
        assert_eq!(
            event.description,
            "The **Thing done** event is triggered when a thing is done."
        );
        assert_eq!(event.markers.scopes, ["a:read", "b:read"]);
        assert_eq!(event.markers.granular_scopes, ["c:read:thing"]);
        assert_eq!(
            event.example.as_deref(),
            Some("{\"event\": \"contact_center.thing_done\"}")
        );
        assert_eq!(
            schemas["ThingDone"]["properties"]["object"]["properties"]["id"],
            json!({"type": "string", "description": "The id."})
        );
    }

    #[test]
    fn a_dangling_reference_is_an_error_with_its_pointer() {
        let doc = document(json!({"$ref": "#/paths/nowhere"}));
        let message = events(&doc).unwrap_err().to_string();
        assert!(
            message.contains("webhook contact_center.thing_done"),
            "{message}"
        );
        assert!(
            message.contains("/webhooks/contact_center.thing_done/post/requestBody"),
            "{message}"
        );
        assert!(message.contains("does not resolve"), "{message}");
    }

    #[test]
    fn a_reference_cycle_is_an_error_not_a_stack_overflow() {
        let mut doc = document(
            json!({"$ref": "#/paths/contact_center.thing_done/post/requestBody/content/application~1json/schema"}),
        );
        assert!(events(&doc).is_err());
        doc["webhooks"] = json!([]);
        assert!(events(&doc).is_err());
        assert!(events(&json!({"openapi": "3.1.0"})).is_err());
    }

    #[test]
    fn the_lint_reads_zoom_string_examples_as_the_json_they_hold() {
        let doc = document(json!({"type": "object"}));
        let view = lint_view(&doc).unwrap();
        let value = view
            .pointer("/paths/contact_center.thing_done/post/requestBody/content/application~1json/examples/json-example/value")
            .unwrap();
        assert_eq!(value, &json!({"event": "contact_center.thing_done"}));
        // A string that is not JSON (or is a JSON scalar) stays as written, for the lint to report.
        let mut text = doc.clone();
        text["webhooks"]["contact_center.thing_done"]["post"]["requestBody"]["content"]["application/json"]
            ["examples"]["json-example"]["value"] = json!("not json");
        let view = lint_view(&text).unwrap();
        assert!(view.to_string().contains("\"not json\""));
    }

    #[test]
    fn names_drop_the_product_prefix() {
        assert_eq!(
            type_name("contact_center.engagement_started"),
            "EngagementStarted"
        );
        assert_eq!(
            type_name("contact_center.user_skills_assigned."),
            "UserSkillsAssigned"
        );
        assert_eq!(type_name("contact_center.2fa"), "Event2fa");
    }
}

//! Reading one overlay file into an [`Overlay`], checking it is an Overlay 1.0.0 document.
//!
//! The YAML is read into a `serde_json::Value` by the pipeline's one reader
//! ([`crate::load::read_value`]: an `update` written `200:` gives the key `"200"`, as in the
//! document it lands in) and checked field by field (rather than derived with serde) so every
//! mistake gets a message naming the file and the action index.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use super::{Action, Modifier, Overlay, OverlayError};

/// Top-level fields the Overlay 1.0.0 schema allows (plus `x-` extensions).
const TOP_LEVEL_FIELDS: &[&str] = &["overlay", "info", "extends", "actions"];
/// Action Object fields (plus `x-` extensions).
const ACTION_FIELDS: &[&str] = &["target", "description", "update", "remove"];

/// Parses an overlay file. `file_name` is only used to label errors and reports.
///
/// Beyond the Overlay spec, this project requires every action to carry a non-empty
/// `description` (the review trail) and to do something (`update`, or `remove: true`).
pub fn parse(file_name: &str, text: &str) -> Result<Overlay, OverlayError> {
    let doc = crate::load::read_value(text).map_err(|failure| OverlayError::Yaml {
        file: file_name.to_owned(),
        message: failure.message,
    })?;
    let invalid = |message: String| OverlayError::InvalidDocument {
        file: file_name.to_owned(),
        message,
    };
    let Value::Object(root) = doc else {
        return Err(invalid("the document is not a mapping".to_owned()));
    };
    check_fields(&root, TOP_LEVEL_FIELDS).map_err(invalid)?;
    match root.get("overlay").and_then(Value::as_str) {
        Some(version) if is_overlay_1_0(version) => {}
        Some(other) => {
            return Err(invalid(format!(
                "`overlay: {other}` is not a 1.0.x version"
            )));
        }
        None => return Err(invalid("missing `overlay: 1.0.0`".to_owned())),
    }
    let info = root
        .get("info")
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("missing `info` mapping".to_owned()))?;
    let title = required_string(info, "title").map_err(|m| invalid(format!("info: {m}")))?;
    let version = required_string(info, "version").map_err(|m| invalid(format!("info: {m}")))?;
    let raw_actions = root
        .get("actions")
        .and_then(Value::as_array)
        .filter(|actions| !actions.is_empty())
        .ok_or_else(|| invalid("`actions` must be a non-empty list".to_owned()))?;
    let actions = raw_actions
        .iter()
        .enumerate()
        .map(|(index, raw)| parse_action(file_name, index, raw))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Overlay {
        file: file_name.to_owned(),
        title,
        version,
        actions,
    })
}

fn parse_action(file: &str, index: usize, raw: &Value) -> Result<Action, OverlayError> {
    let invalid = |message: String| OverlayError::InvalidAction {
        file: file.to_owned(),
        index,
        message,
    };
    let Value::Object(fields) = raw else {
        return Err(invalid("the action is not a mapping".to_owned()));
    };
    check_fields(fields, ACTION_FIELDS).map_err(invalid)?;
    let target = required_string(fields, "target").map_err(invalid)?;
    let description = required_string(fields, "description").map_err(|m| {
        invalid(format!(
            "{m} (say what Zoom got wrong and why this fix is right)"
        ))
    })?;
    let path = JsonPath::parse(&target).map_err(|source| OverlayError::InvalidTarget {
        file: file.to_owned(),
        index,
        target: target.clone(),
        source,
    })?;
    let remove = match fields.get("remove") {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(_) => return Err(invalid("`remove` must be a boolean".to_owned())),
    };
    // Overlay 1.0.0: "update ... has no impact if the remove field of this action object is true".
    let modifier = match (remove, fields.get("update")) {
        (true, _) => Modifier::Remove,
        (false, Some(update)) => Modifier::Update(update.clone()),
        (false, None) => {
            return Err(invalid(
                "the action does nothing: give it `update` or `remove: true`".to_owned(),
            ));
        }
    };
    Ok(Action {
        index,
        target,
        path,
        description,
        modifier,
    })
}

/// `1.0.0`, `1.0.1`, ...: the Overlay 1.0 schema's `^1\.0\.\d+$`.
fn is_overlay_1_0(version: &str) -> bool {
    version
        .strip_prefix("1.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn required_string(map: &Map<String, Value>, key: &str) -> Result<String, String> {
    match map.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(format!("`{key}` is empty")),
        Some(_) => Err(format!("`{key}` must be a string")),
        None => Err(format!("missing `{key}`")),
    }
}

/// Rejects unknown fields: a typo such as `remvoe: true` must not silently turn into a no-op.
fn check_fields(map: &Map<String, Value>, allowed: &[&str]) -> Result<(), String> {
    match map
        .keys()
        .find(|key| !key.starts_with("x-") && !allowed.contains(&key.as_str()))
    {
        Some(key) => Err(format!(
            "unknown field `{key}` (allowed: {})",
            allowed.join(", ")
        )),
        None => Ok(()),
    }
}

//! Shapes found in Zoom's real downloads (OpenAPI 3.0.0, everything inline) that the reconstructed
//! document never had, settled before progenitor and typify see them.
//!
//! Each rewrite here is one whose meaning is clear; anything else is refused with the pointer at
//! fault and a reason, never left for typify or progenitor to answer with a panic:
//! - `type` spelled in another case (`Integer`): progenitor reads it as an unknown type and stops at
//!   `not yet implemented: invalid type: Integer`. The JSON Schema type names are lower-case, so the
//!   lower-case name is meant; a name that is not a JSON Schema type at all is refused.
//! - `format` on a `boolean`, `object` or `array`, or on a schema with no `type`: typify has no case
//!   for it and stops at `not yet implemented: invalid (or unexpected) schema`. A format only
//!   annotates strings and numbers, so it is dropped.
//! - A schema with no `type` that carries both `properties` and `items`: typify stops the same way,
//!   and nothing says whether an object or an array is meant: refused.
//! - `enum` values that are not of the schema's `type` (`type: integer` with `enum: [null, null,
//!   ...]` in `getAQueue`'s `distribution_type`: the values were lost on Zoom's side): typify
//!   refuses the operation (`value does not conform to the given schema`). The type is what the
//!   values are checked against, so those values are dropped, and the `enum` with them when none
//!   is left (the field is then any value of its type). `null` stays when the schema is nullable.
//! - A path parameter not marked `required`: progenitor asserts `parameter_data.required`. OpenAPI
//!   says a path parameter is always required (a path cannot be matched without it), so it is
//!   marked required.
//! - Examples on properties instead of on the media type: Zoom's downloads put an `example` on
//!   each property and none on the body (its renderer composes the body example from them). The
//!   conformance test round-trips media-type examples, so a body without one gets the example its
//!   properties compose, the way Zoom's renderer shows it.

use serde_json::{Map, Value};

use super::Context;
use crate::error::Error;

/// The JSON Schema type names (OpenAPI 3.0 has no `null`; the 3.1 rewrite handles it).
const TYPES: [&str; 7] = [
    "string", "integer", "number", "boolean", "object", "array", "null",
];

/// Lower-cases `type` names spelled in another case; refuses names that are no JSON Schema type.
pub(super) fn normalise_type_names(
    object: &mut Map<String, Value>,
    pointer: &str,
    ctx: &mut Context<'_>,
) -> Result<(), Error> {
    let mut rewritten = false;
    let mut check = |name: &mut String, here: String| -> Result<(), Error> {
        if TYPES.contains(&name.as_str()) {
            return Ok(());
        }
        let lower = name.to_ascii_lowercase();
        if TYPES.contains(&lower.as_str()) {
            *name = lower;
            rewritten = true;
            return Ok(());
        }
        let message = format!(
            "`type` {name:?} is not a JSON Schema type (expected one of {TYPES:?}); \
             add an overlay that says which type is meant"
        );
        Err(ctx.unsupported(&here, &message))
    };
    match object.get_mut("type") {
        Some(Value::String(name)) => check(name, format!("{pointer}/type"))?,
        Some(Value::Array(names)) => {
            for (index, name) in names.iter_mut().enumerate() {
                if let Value::String(name) = name {
                    check(name, format!("{pointer}/type/{index}"))?;
                }
            }
        }
        _ => {}
    }
    if rewritten {
        ctx.note(
            pointer,
            "`type` name lower-cased (JSON Schema type names are lower-case)",
        );
    }
    Ok(())
}

/// Drops `format` where typify has no case for it and `enum` values of another type; refuses an untyped schema that is both an
/// object and an array. Runs after the 3.1 type rewrite, so `type` is a string or absent.
pub(super) fn settle_untyped_and_formats(
    object: &mut Map<String, Value>,
    pointer: &str,
    ctx: &mut Context<'_>,
) -> Result<(), Error> {
    let kind = object
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let format_is_annotation =
        matches!(kind.as_deref(), None | Some("boolean" | "object" | "array"));
    if format_is_annotation && object.remove("format").is_some() {
        let what = kind.as_deref().unwrap_or("untyped");
        ctx.note(
            pointer,
            &format!("`format` on a {what} schema dropped (formats annotate strings and numbers)"),
        );
    }
    drop_enum_values_of_another_type(object, kind.as_deref(), pointer, ctx);
    if kind.is_none() && object.contains_key("properties") && object.contains_key("items") {
        return Err(ctx.unsupported(
            pointer,
            "a schema without `type` has both `properties` and `items`: an object or an array? \
             add an overlay that sets `type`",
        ));
    }
    Ok(())
}

/// See the module docs: `enum` values that cannot be values of `kind` are dropped.
fn drop_enum_values_of_another_type(
    object: &mut Map<String, Value>,
    kind: Option<&str>,
    pointer: &str,
    ctx: &mut Context<'_>,
) {
    let nullable = object.get("nullable") == Some(&Value::Bool(true));
    let fits = |value: &Value| match (kind, value) {
        (_, Value::Null) => nullable,
        (Some("string"), Value::String(_)) | (Some("boolean"), Value::Bool(_)) => true,
        (Some("integer"), Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Some("number"), Value::Number(_)) => true,
        (Some("string" | "boolean" | "integer" | "number"), _) => false,
        // Objects, arrays and untyped schemas: typify takes any value there.
        _ => true,
    };
    let Some(Value::Array(values)) = object.get_mut("enum") else {
        return;
    };
    let before = values.len();
    values.retain(|value| fits(value));
    if values.len() == before {
        return;
    }
    let what = kind.unwrap_or("untyped");
    if values.is_empty() {
        object.remove("enum");
        ctx.note(
            pointer,
            &format!("`enum` with no value of type {what} dropped (the field takes any {what})"),
        );
    } else {
        ctx.note(
            pointer,
            &format!("`enum` values not of type {what} dropped"),
        );
    }
}

/// Marks a path parameter `required` (OpenAPI: path parameters are always required).
pub(super) fn require_path_parameter(
    parameter: &mut Map<String, Value>,
    pointer: &str,
    ctx: &mut Context<'_>,
) {
    let in_path = parameter.get("in").and_then(Value::as_str) == Some("path");
    if in_path && parameter.get("required") != Some(&Value::Bool(true)) {
        parameter.insert("required".into(), Value::Bool(true));
        ctx.note(
            pointer,
            "path parameter marked `required` (OpenAPI: path parameters always are)",
        );
    }
}

/// Gives a media type without an `example` the one its schema's property examples compose (or the
/// first of its named `examples`), as Zoom's renderer shows it. Nothing composes: nothing changes.
pub(super) fn compose_media_example(
    media_type: &mut Map<String, Value>,
    pointer: &str,
    ctx: &mut Context<'_>,
) {
    if media_type.contains_key("example") {
        return;
    }
    let named = media_type
        .get("examples")
        .and_then(Value::as_object)
        .and_then(|examples| examples.values().find_map(|e| e.get("value")))
        .cloned();
    if let Some(value) = named {
        media_type.insert("example".into(), value);
        ctx.note(pointer, "first of the named `examples` kept as the example");
        return;
    }
    let composed = media_type.get("schema").and_then(|s| compose(s, 0));
    if let Some(example) = composed {
        media_type.insert("example".into(), example);
        ctx.note(
            pointer,
            "example composed from the schema's property examples",
        );
    }
}

/// Deep enough for every real body; stops a self-referencing schema from looping.
const MAX_DEPTH: usize = 32;

/// The example a schema's own `example`, or its properties' and items' examples, make up.
fn compose(schema: &Value, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let object = schema.as_object()?;
    if let Some(example) = object.get("example") {
        return Some(example.clone());
    }
    if let Some(Value::Object(properties)) = object.get("properties") {
        let members: Map<String, Value> = properties
            .iter()
            .filter_map(|(name, property)| Some((name.clone(), compose(property, depth + 1)?)))
            .collect();
        return (!members.is_empty()).then_some(Value::Object(members));
    }
    if let Some(items) = object.get("items") {
        return compose(items, depth + 1).map(|item| Value::Array(vec![item]));
    }
    if let Some(Value::Array(members)) = object.get("allOf") {
        let mut merged = Map::new();
        for member in members {
            match compose(member, depth + 1) {
                Some(Value::Object(part)) => merged.extend(part),
                Some(other) if members.len() == 1 => return Some(other),
                _ => {}
            }
        }
        return (!merged.is_empty()).then_some(Value::Object(merged));
    }
    ["oneOf", "anyOf"].iter().find_map(|key| {
        object
            .get(*key)?
            .as_array()?
            .iter()
            .find_map(|member| compose(member, depth + 1))
    })
}

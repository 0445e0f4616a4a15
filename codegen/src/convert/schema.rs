//! Schema-level conversion: OpenAPI 3.1 (JSON Schema 2020-12) down to 3.0.3, plus the normalisations
//! that keep typify from rejecting real Zoom data.
//!
//! Two kinds of rewrite live here, and each is deliberate:
//! - *Version*: type arrays with `null`, `type: null`, `const`, `examples`, numeric
//!   `exclusiveMinimum`/`exclusiveMaximum`, `$ref` siblings. These change the spelling, not the meaning.
//! - *Presentation*: string formats, patterns, lengths and numeric bounds are dropped, and
//!   `additionalProperties: false` is ignored. Zoom's document declares `date-time` for values it sends as
//!   `yyyy-MM-dd HH:mm:ss`, patterns that are placeholders (`YYYY-MM-DDTHH:MM:SSZ`) and bounds it does not
//!   enforce; typify would turn each into a newtype or a `deny_unknown_fields` struct that fails a whole
//!   response on one odd value. A client must be at least as lenient as the server it talks to.

use serde_json::{Map, Value};

use super::Context;
use crate::error::Error;
use crate::pointer::escape;

/// Keywords that only exist in JSON Schema 2020-12 and that 3.0 readers reject or misread.
const DROPPED_31_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$comment",
    "$defs",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "prefixItems",
    "unevaluatedItems",
    "unevaluatedProperties",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "if",
    "then",
    "else",
];

/// Constraints dropped for leniency (see the module docs).
const DROPPED_CONSTRAINTS: &[&str] = &[
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Converts the schema at `schema` (reached by `pointer`) and everything below it, in place.
pub(super) fn convert_schema(
    schema: &mut Value,
    pointer: &str,
    ctx: &mut Context<'_>,
) -> Result<(), Error> {
    let Some(object) = schema.as_object_mut() else {
        // `true`/`false` schemas (3.1) become "anything" / stay as they are for typify to reject.
        if schema.as_bool() == Some(true) {
            *schema = Value::Object(Map::new());
        }
        return Ok(());
    };

    if object.contains_key("$ref") {
        convert_ref_siblings(object, pointer, ctx);
        return Ok(());
    }

    for keyword in DROPPED_31_KEYWORDS {
        object.remove(*keyword);
    }
    super::real_shapes::normalise_type_names(object, pointer, ctx)?;
    convert_type(object, pointer, ctx)?;
    super::real_shapes::settle_untyped_and_formats(object, pointer, ctx)?;
    if let Some(constant) = object.remove("const") {
        object.insert("enum".into(), Value::Array(vec![constant]));
    }
    if let Some(Value::Array(mut examples)) = object.remove("examples")
        && !object.contains_key("example")
        && !examples.is_empty()
    {
        object.insert("example".into(), examples.swap_remove(0));
    }
    for keyword in DROPPED_CONSTRAINTS {
        object.remove(*keyword);
    }
    if object.get("additionalProperties") == Some(&Value::Bool(false)) {
        object.remove("additionalProperties");
    }
    if object.get("type").and_then(Value::as_str) == Some("string") {
        // Strings stay strings: see the module docs. `binary` survives only inside multipart bodies,
        // which are taken out of the document before this point.
        object.remove("format");
    }
    move_array_enum_to_items(object, pointer, ctx);
    normalise_enum(object, pointer, ctx)?;
    move_default_to_docs(object, pointer, ctx);
    drop_missing_required(object, pointer, ctx);
    check_property_names(object, pointer, ctx)?;

    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            let child = format!("{pointer}/properties/{}", escape(name));
            convert_schema(property, &child, ctx)?;
        }
    }
    make_optional_properties_nullable(object);
    if let Some(items) = object.get_mut("items") {
        convert_schema(items, &format!("{pointer}/items"), ctx)?;
    }
    if let Some(additional) = object.get_mut("additionalProperties")
        && additional.is_object()
    {
        convert_schema(additional, &format!("{pointer}/additionalProperties"), ctx)?;
    }
    if let Some(not) = object.get_mut("not") {
        convert_schema(not, &format!("{pointer}/not"), ctx)?;
    }
    for combinator in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = object.get_mut(combinator) {
            for (index, member) in members.iter_mut().enumerate() {
                convert_schema(member, &format!("{pointer}/{combinator}/{index}"), ctx)?;
            }
        }
    }
    Ok(())
}

/// In 3.0 a `$ref` replaces its object; siblings are ignored by readers. Keep their meaning where it
/// matters (`nullable`) by wrapping the reference in `allOf`, and drop documentation-only siblings.
fn convert_ref_siblings(object: &mut Map<String, Value>, pointer: &str, ctx: &mut Context<'_>) {
    if object.len() == 1 {
        return;
    }
    let reference = object.get("$ref").cloned().unwrap_or(Value::Null);
    let nullable = object.get("nullable") == Some(&Value::Bool(true))
        || object
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|types| types.iter().any(|t| t == "null"));
    let description = object.get("description").cloned();
    object.clear();
    if nullable {
        let mut reference_only = Map::new();
        reference_only.insert("$ref".into(), reference);
        object.insert(
            "allOf".into(),
            Value::Array(vec![Value::Object(reference_only)]),
        );
        object.insert("nullable".into(), Value::Bool(true));
        if let Some(description) = description {
            object.insert("description".into(), description);
        }
    } else {
        object.insert("$ref".into(), reference);
    }
    ctx.note(pointer, "`$ref` siblings folded (3.0 ignores them)");
}

/// `type: [T, "null"]` -> `type: T, nullable: true`; `type: null` -> untyped and nullable;
/// several non-null types -> `anyOf` of each.
fn convert_type(
    object: &mut Map<String, Value>,
    pointer: &str,
    ctx: &mut Context<'_>,
) -> Result<(), Error> {
    let types: Vec<String> = match object.get("type") {
        None => return Ok(()),
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(list)) => {
            let mut types = Vec::new();
            for (index, t) in list.iter().enumerate() {
                let Some(t) = t.as_str() else {
                    return Err(ctx.unsupported(
                        &format!("{pointer}/type/{index}"),
                        "a `type` array entry is not a string",
                    ));
                };
                types.push(t.to_owned());
            }
            types
        }
        Some(_) => {
            return Err(ctx.unsupported(
                &format!("{pointer}/type"),
                "`type` must be a string or an array of strings",
            ));
        }
    };
    let nullable = types.iter().any(|t| t == "null");
    let mut rest: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
    rest.dedup();
    if nullable {
        object.insert("nullable".into(), Value::Bool(true));
    }
    match rest.len() {
        0 => {
            object.remove("type");
        }
        1 => {
            object.insert("type".into(), Value::String(rest.remove(0)));
        }
        _ => {
            object.remove("type");
            let variants = rest
                .into_iter()
                .map(|t| {
                    let mut member = Map::new();
                    member.insert("type".into(), Value::String(t));
                    Value::Object(member)
                })
                .collect();
            object.insert("anyOf".into(), Value::Array(variants));
            ctx.note(pointer, "several types turned into `anyOf`");
        }
    }
    Ok(())
}

/// Exact duplicate enum values are dropped (the meaning is clear). Values that differ but map to the same
/// Rust variant name (`dateTime`, `DateTime`) cannot be told apart in Rust: refused, naming the pointer,
/// so that an overlay settles which spelling is meant.
fn normalise_enum(
    object: &mut Map<String, Value>,
    pointer: &str,
    ctx: &mut Context<'_>,
) -> Result<(), Error> {
    let Some(Value::Array(values)) = object.get_mut("enum") else {
        return Ok(());
    };
    let before = values.len();
    let mut seen: Vec<Value> = Vec::new();
    values.retain(|v| {
        if seen.contains(v) {
            false
        } else {
            seen.push(v.clone());
            true
        }
    });
    if values.len() != before {
        ctx.note(pointer, "duplicate enum values dropped");
    }
    let mut variants: Vec<(String, &str)> = Vec::new();
    for value in values.iter() {
        let Some(text) = value.as_str() else { continue };
        let variant = crate::names::variant_name(text);
        if let Some((_, first)) = variants.iter().find(|(name, _)| *name == variant) {
            let symbolic = |v: &str| !v.chars().any(char::is_alphanumeric);
            if symbolic(first) || symbolic(text) {
                // Values such as `*` and `#` (keypad keys) have no letters for a variant name; the
                // meaning is clear, so the field stays a string and the values move to its docs.
                degrade_enum_to_string(object);
                ctx.note(
                    pointer,
                    "enum of symbols (no variant names possible) kept as a string",
                );
                return Ok(());
            }
            let message = format!(
                "enum values {first:?} and {text:?} both become the Rust variant `{variant}`; \
                 add an overlay that keeps one spelling"
            );
            return Err(ctx.unsupported(&format!("{pointer}/enum"), &message));
        }
        variants.push((variant, text));
    }
    Ok(())
}

/// Zoom puts the allowed values of an array's items on the array itself (`type: array, enum:
/// ["voice", ..]`); no array equals a string, so typify rejects it. The values belong to the items.
fn move_array_enum_to_items(object: &mut Map<String, Value>, pointer: &str, ctx: &mut Context<'_>) {
    let is_array = object.get("type").and_then(Value::as_str) == Some("array");
    let scalar_values = object
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().all(|v| !v.is_array()));
    if !(is_array && scalar_values) {
        return;
    }
    let Some(values) = object.remove("enum") else {
        return;
    };
    let items = object
        .entry("items")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(items) = items.as_object_mut()
        && !items.contains_key("enum")
    {
        items.insert("enum".into(), values);
    }
    ctx.note(pointer, "`enum` on an array moved to its items");
}

fn degrade_enum_to_string(object: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = object.remove("enum") else {
        return;
    };
    let listed: Vec<String> = values.iter().map(Value::to_string).collect();
    let description = object
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let joined = format!("{description}\n\nPossible values: {}.", listed.join(", "));
    object.insert(
        "description".into(),
        Value::String(joined.trim_start().to_owned()),
    );
}

/// A schema `default` is what Zoom does when the value is absent, not a value the client may invent.
/// typify would turn it into a plain field filled on decode and always sent on encode (typify issue
/// 319), so a one-field PATCH would overwrite every setting with a default and a decoded response
/// could not tell "Zoom said X" from "the document's default is X". It moves into the description,
/// which becomes the field's doc comment; a default of the wrong type is dropped with a note.
fn move_default_to_docs(object: &mut Map<String, Value>, pointer: &str, ctx: &mut Context<'_>) {
    let Some(default) = object.remove("default") else {
        return;
    };
    let fits_type = match object.get("type").and_then(Value::as_str) {
        Some("string") => default.is_string(),
        Some("integer") => default.is_i64() || default.is_u64(),
        Some("number") => default.is_number(),
        Some("boolean") => default.is_boolean(),
        Some("array") => default.is_array(),
        Some("object") => default.is_object(),
        _ => true,
    };
    let fits_enum = object
        .get("enum")
        .and_then(Value::as_array)
        .is_none_or(|values| values.contains(&default));
    if !(fits_type && fits_enum) {
        ctx.note(
            pointer,
            "`default` of the wrong type or outside the enum dropped",
        );
        return;
    }
    if default.is_null() {
        return;
    }
    let shown = match &default {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let sentence = format!("Zoom uses `{shown}` when this is absent.");
    let description = object
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim_end();
    let joined = if description.is_empty() {
        sentence
    } else {
        format!("{description}\n\n{sentence}")
    };
    object.insert("description".into(), Value::String(joined));
}

/// Every property that `required` does not name may be absent or `null` on the wire, whatever the
/// document says about `nullable`: Zoom sends `null` for fields its document never marks nullable.
/// Marking it nullable makes typify emit `Option<T>` for every one of them, collections included
/// (`Option<Vec<T>>`, not a `Vec` that fails on `null` and cannot send `[]` to clear a list), always
/// with `skip_serializing_if = "Option::is_none"`, so an unset field never reaches the wire.
fn make_optional_properties_nullable(object: &mut Map<String, Value>) {
    let required: Vec<String> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let Some(Value::Object(properties)) = object.get_mut("properties") else {
        return;
    };
    for (name, property) in properties.iter_mut() {
        if required.contains(name) {
            continue;
        }
        let Some(schema) = property.as_object_mut() else {
            continue;
        };
        if schema.contains_key("$ref") {
            // A 3.0 `$ref` takes no siblings: wrap it, as for a nullable reference in 3.1.
            let reference = std::mem::take(schema);
            schema.insert("allOf".into(), Value::Array(vec![Value::Object(reference)]));
        }
        schema.insert("nullable".into(), Value::Bool(true));
    }
}

/// A `required` entry naming no property cannot be honoured; typify would invent a field for it.
fn drop_missing_required(object: &mut Map<String, Value>, pointer: &str, ctx: &mut Context<'_>) {
    let Some(Value::Array(required)) = object.get("required") else {
        return;
    };
    let Some(Value::Object(properties)) = object.get("properties") else {
        if object.get("type").and_then(Value::as_str) == Some("object") && !required.is_empty() {
            object.remove("required");
            ctx.note(
                pointer,
                "`required` on an object without properties dropped",
            );
        }
        return;
    };
    let kept: Vec<Value> = required
        .iter()
        .filter(|name| name.as_str().is_some_and(|n| properties.contains_key(n)))
        .cloned()
        .collect();
    if kept.len() != required.len() {
        ctx.note(pointer, "`required` entries naming no property dropped");
        object.insert("required".into(), Value::Array(kept));
    }
}

/// Two properties that become one Rust field (`userId`, `user_id`) would not compile: refused.
fn check_property_names(
    object: &Map<String, Value>,
    pointer: &str,
    ctx: &mut Context<'_>,
) -> Result<(), Error> {
    let Some(Value::Object(properties)) = object.get("properties") else {
        return Ok(());
    };
    let mut fields: Vec<(String, &str)> = Vec::new();
    for name in properties.keys() {
        let field = crate::names::field_name(name);
        if let Some((_, first)) = fields.iter().find(|(f, _)| *f == field) {
            let message = format!(
                "properties {first:?} and {name:?} both become the Rust field `{field}`; \
                 add an overlay that removes or renames one"
            );
            return Err(ctx.unsupported(&format!("{pointer}/properties"), &message));
        }
        fields.push((field, name));
    }
    Ok(())
}

//! Reads one type line of a property tree, e.g.
//! `string, format: date-time, possible values: "a", "b", default: "a" — The description.`
//!
//! Written by hand because the line is the renderer's own mini-language: a type (or `a | b` union),
//! then any of `format:`, `possible values:` (a list of JSON scalars) and `default:` (one JSON
//! scalar), then ` — ` and the description. JSON scalars are cut out here and decoded by serde_json.

use serde_json::{Map, Value};

/// Separator between the attributes and the description.
const DESCRIPTION_SEPARATOR: &str = " — ";
/// The JSON Schema types the renderer prints.
const KNOWN_TYPES: [&str; 7] = [
    "string", "integer", "number", "boolean", "object", "array", "null",
];

/// What a type line says about a schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TypeLine {
    /// One type, or several for `string | null`.
    pub(crate) types: Vec<String>,
    /// `format:` value, verbatim.
    pub(crate) format: Option<String>,
    /// `possible values:`, in order, duplicates kept.
    pub(crate) enum_values: Option<Vec<Value>>,
    /// `default:` value.
    pub(crate) default: Option<Value>,
    /// Text after ` — `.
    pub(crate) description: Option<String>,
}

impl TypeLine {
    /// The single type, when there is exactly one.
    pub(crate) fn single_type(&self) -> Option<&str> {
        match self.types.as_slice() {
            [only] => Some(only.as_str()),
            _ => None,
        }
    }

    /// The schema keys this line defines, in the order the document writes them.
    pub(crate) fn schema(&self) -> Map<String, Value> {
        let mut schema = Map::new();
        let type_value = match self.types.as_slice() {
            [only] => Value::String(only.clone()),
            many => Value::Array(many.iter().cloned().map(Value::String).collect()),
        };
        schema.insert("type".to_owned(), type_value);
        if let Some(description) = &self.description {
            schema.insert("description".to_owned(), Value::String(description.clone()));
        }
        if let Some(format) = &self.format {
            schema.insert("format".to_owned(), Value::String(format.clone()));
        }
        if let Some(default) = &self.default {
            schema.insert("default".to_owned(), default.clone());
        }
        if let Some(values) = &self.enum_values {
            schema.insert("enum".to_owned(), Value::Array(values.clone()));
        }
        schema
    }
}

/// Whether `text` starts like a type line (a known type followed by `,`, ` — ` or nothing).
pub(crate) fn looks_like_type_line(text: &str) -> bool {
    split_types(text).is_some()
}

/// Parses a type line; the error says what was wrong, for the unplaced-lines report.
pub(crate) fn parse(text: &str) -> Result<TypeLine, String> {
    let (types, mut rest) =
        split_types(text).ok_or_else(|| "does not start with a known type".to_owned())?;
    let mut line = TypeLine {
        types,
        format: None,
        enum_values: None,
        default: None,
        description: None,
    };
    loop {
        if rest.is_empty() {
            return Ok(line);
        }
        if let Some(description) = rest.strip_prefix(DESCRIPTION_SEPARATOR) {
            line.description = Some(description.to_owned());
            return Ok(line);
        }
        let Some(attribute) = rest.strip_prefix(", ") else {
            return Err(format!("unexpected text after the attributes: {rest:?}"));
        };
        if let Some(after) = attribute.strip_prefix("format: ") {
            let end = after.find([',', ' ']).unwrap_or(after.len());
            set_once(&mut line.format, after[..end].to_owned(), "format")?;
            rest = &after[end..];
        } else if let Some(after) = attribute.strip_prefix("possible values: ") {
            let (values, after) = scalar_list(after)?;
            set_once(&mut line.enum_values, values, "possible values")?;
            rest = after;
        } else if let Some(after) = attribute.strip_prefix("default: ") {
            let (value, after) = scalar(after)?;
            set_once(&mut line.default, value, "default")?;
            rest = after;
        } else {
            return Err(format!("unknown attribute: {attribute:?}"));
        }
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, name: &str) -> Result<(), String> {
    if slot.is_some() {
        return Err(format!("`{name}` given twice"));
    }
    *slot = Some(value);
    Ok(())
}

/// Splits `string | null, ...` into the types and the rest of the line.
fn split_types(text: &str) -> Option<(Vec<String>, &str)> {
    let mut types = Vec::new();
    let mut rest = text;
    loop {
        let known = KNOWN_TYPES.iter().find(|name| rest.starts_with(*name))?;
        types.push((*known).to_owned());
        rest = &rest[known.len()..];
        match rest.strip_prefix(" | ") {
            Some(after) => rest = after,
            None => break,
        }
    }
    let well_ended =
        rest.is_empty() || rest.starts_with(", ") || rest.starts_with(DESCRIPTION_SEPARATOR);
    well_ended.then_some((types, rest))
}

/// Reads `"a", "b", 3` up to the next attribute or the description.
fn scalar_list(text: &str) -> Result<(Vec<Value>, &str), String> {
    let mut values = Vec::new();
    let mut rest = text;
    loop {
        let (value, after) = scalar(rest)?;
        values.push(value);
        rest = after;
        match rest.strip_prefix(", ") {
            Some(next) if starts_scalar(next) => rest = next,
            _ => return Ok((values, rest)),
        }
    }
}

/// Whether `text` begins a JSON scalar rather than the next attribute name.
fn starts_scalar(text: &str) -> bool {
    if text.starts_with("format: ")
        || text.starts_with("default: ")
        || text.starts_with("possible values: ")
    {
        return false;
    }
    text.starts_with(['"', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
        || text.starts_with("true")
        || text.starts_with("false")
        || text.starts_with("null")
}

/// Cuts one JSON scalar off the front of `text` and decodes it.
fn scalar(text: &str) -> Result<(Value, &str), String> {
    let end = if text.starts_with('"') {
        string_end(text).ok_or_else(|| format!("unterminated string in {text:?}"))?
    } else {
        text.find([',', ' ']).unwrap_or(text.len())
    };
    let token = &text[..end];
    let value = serde_json::from_str(token).map_err(|err| format!("bad value {token:?}: {err}"))?;
    Ok((value, &text[end..]))
}

/// Byte index just past the closing quote of the JSON string starting `text`.
fn string_end(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (index, character) in text.char_indices().skip(1) {
        match character {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(index + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_type_without_description() {
        let line = parse("string").unwrap();
        assert_eq!(line.types, ["string"]);
        assert_eq!(line.description, None);
    }

    #[test]
    fn format_enum_default_and_description() {
        let line = parse(r#"string, possible values: "progressive", "preview", "agentless", default: "progressive" — How, to dial — really."#).unwrap();
        assert_eq!(
            line.enum_values,
            Some(vec![
                json!("progressive"),
                json!("preview"),
                json!("agentless")
            ])
        );
        assert_eq!(line.default, Some(json!("progressive")));
        assert_eq!(line.description.as_deref(), Some("How, to dial — really."));
        let line = parse("integer, format: int64 — The file size, in bytes.").unwrap();
        assert_eq!(line.format.as_deref(), Some("int64"));
    }

    #[test]
    fn numeric_enums_booleans_and_duplicates_are_kept() {
        let line = parse("integer, possible values: 60, 90, 90 — Seconds.").unwrap();
        assert_eq!(
            line.enum_values,
            Some(vec![json!(60), json!(90), json!(90)])
        );
        let line = parse("boolean, default: false — Whether.").unwrap();
        assert_eq!(line.default, Some(json!(false)));
    }

    #[test]
    fn strings_with_commas_and_escapes() {
        let line = parse(r#"string, possible values: "a, b", "say \"hi\"" — D."#).unwrap();
        assert_eq!(
            line.enum_values,
            Some(vec![json!("a, b"), json!("say \"hi\"")])
        );
    }

    #[test]
    fn union_types_become_a_type_array() {
        let line = parse(r#"string | null, possible values: "agent", "customer" — Who."#).unwrap();
        assert_eq!(line.schema().get("type"), Some(&json!(["string", "null"])));
    }

    #[test]
    fn rejects_non_type_lines() {
        assert!(parse("Items:").is_err());
        assert!(parse("strings are nice").is_err());
        assert!(!looks_like_type_line("Example:"));
        assert!(parse("string, colour: red").is_err());
    }
}

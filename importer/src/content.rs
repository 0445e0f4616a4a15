//! One media type of a request body or response: `Content-Type:`, the property tree, `Example:`.

use serde_json::{Map, Value};

use crate::lines::Line;
use crate::report::Report;
use crate::schema_tree;

/// A parsed media type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Content {
    /// E.g. `application/json`.
    pub(crate) media_type: String,
    /// The schema tree.
    pub(crate) schema: Value,
    /// The example as Zoom's renderer composed it.
    pub(crate) example: Option<Value>,
}

impl Content {
    /// The OpenAPI media type object.
    pub(crate) fn media_type_object(&self) -> Value {
        let mut object = Map::new();
        object.insert("schema".to_owned(), self.schema.clone());
        if let Some(example) = &self.example {
            object.insert("example".to_owned(), example.clone());
        }
        Value::Object(object)
    }
}

/// Whether `line` ends a content block (the next status, or the end of the operation is the
/// caller's business).
fn is_example_marker(line: &Line<'_>) -> bool {
    line.indent == 0 && line.text == "Example:"
}

/// Reads a content block starting at `lines[0]` (the `Content-Type:` line) and ending before
/// `lines.len()`. The caller passes exactly the block's lines.
pub(crate) fn parse(lines: &[Line<'_>], report: &mut Report) -> Option<Content> {
    let (head, rest) = lines.split_first()?;
    let media_type = head.text.strip_prefix("Content-Type:")?.trim().to_owned();
    let example_at = rest.iter().position(is_example_marker);
    let (tree_lines, example_lines) = match example_at {
        Some(index) => (&rest[..index], &rest[index + 1..]),
        None => (rest, &rest[rest.len()..]),
    };
    let example = if example_at.is_some() {
        parse_example(example_lines, report)
    } else {
        None
    };
    let schema = match schema_tree::parse(tree_lines, report) {
        Some(schema) => schema,
        // No tree at all: the example's JSON type is all the reference tells about the schema.
        None => {
            let mut schema = Map::new();
            if let Some(kind) = example.as_ref().and_then(json_type) {
                schema.insert("type".to_owned(), Value::from(kind));
            }
            Value::Object(schema)
        }
    };
    Some(Content {
        media_type,
        schema,
        example,
    })
}

/// The JSON Schema type name of `value`'s kind.
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::Object(_) => Some("object"),
        Value::Array(_) => Some("array"),
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(_) => Some("number"),
        Value::Null => None,
    }
}

/// Decodes the JSON after `Example:`; every non-blank line must belong to it.
fn parse_example(lines: &[Line<'_>], report: &mut Report) -> Option<Value> {
    let mut non_blank = lines.iter().filter(|line| !line.is_blank());
    let first = non_blank.next()?;
    let closing = match first.raw {
        "{" => Some("}"),
        "[" => Some("]"),
        _ => None,
    };
    let taken: Vec<&Line<'_>> = match closing {
        Some(closing) => {
            let mut taken = vec![first];
            for line in non_blank.by_ref() {
                taken.push(line);
                if line.raw == closing {
                    break;
                }
            }
            taken
        }
        None => vec![first],
    };
    let text: Vec<&str> = taken.iter().map(|line| line.raw).collect();
    let parsed = serde_json::from_str::<Value>(&text.join("\n"));
    let value = match parsed {
        Ok(value) => Some(value),
        Err(err) => {
            for line in &taken {
                report.unplaced(line, format!("example is not valid JSON: {err}"));
            }
            None
        }
    };
    for line in non_blank {
        report.unplaced(line, "text after the example");
    }
    value
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.
mod tests {
    use super::*;
    use crate::lines::split;
    use serde_json::json;

    #[test]
    fn reads_tree_and_example() {
        let text = "Content-Type: application/json\n  • id (required)\n\n    string — The ID.\n\nExample:\n\n{\n  \"id\": \"a\"\n}";
        let lines = split(text);
        let mut report = Report::default();
        let content = parse(&lines, &mut report).unwrap();
        assert_eq!(content.media_type, "application/json");
        assert_eq!(content.example, Some(json!({"id": "a"})));
        assert_eq!(
            content.schema,
            json!({"type": "object", "properties": {"id": {"type": "string", "description": "The ID."}}, "required": ["id"]})
        );
        assert!(report.into_items().is_empty());
    }

    #[test]
    fn example_only_body_takes_its_type_from_the_example() {
        let lines = split(
            "Content-Type: application/json\n\nExample:\n\n{\n  \"privileges\": [\n    \"a\"\n  ]\n}",
        );
        let mut report = Report::default();
        let content = parse(&lines, &mut report).unwrap();
        assert_eq!(content.schema, json!({"type": "object"}));
        assert_eq!(content.example, Some(json!({"privileges": ["a"]})));
    }

    #[test]
    fn broken_example_is_reported_not_dropped() {
        let lines = split("Content-Type: application/json\nExample:\n{\n  \"a\": \n}");
        let mut report = Report::default();
        let content = parse(&lines, &mut report).unwrap();
        assert_eq!(content.example, None);
        let items = report.into_items();
        assert_eq!(items.len(), 3);
        assert!(items[0].reason.starts_with("example is not valid JSON"));
    }
}

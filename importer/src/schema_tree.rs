//! Turns a rendered property tree back into a JSON Schema.
//!
//! The renderer prints a schema as nested bullets: `• name (required)` at some indent, its type
//! line two spaces deeper, then (for objects) the child bullets at that deeper indent, or (for
//! arrays) `Items:` at that indent followed by the item's bullets or the item's own type line.
//! A top-level array body starts with `Array of:`; a `• Max items: N` bullet after a list of
//! item properties bounds the enclosing array. Indentation alone decides nesting, so this is a
//! small recursive-descent reader over [`Line`]s; anything out of place goes to the [`Report`].

use serde_json::{Map, Value};

use crate::lines::Line;
use crate::report::Report;
use crate::type_line;

/// Indent of the top-level property bullets.
const ROOT_INDENT: usize = 2;
/// Extra indent of a property's type line and children relative to its bullet.
const STEP: usize = 2;

/// Reads the tree in `lines` (a content block between `Content-Type:` and `Example:`).
/// Returns `None` when the block shows no schema at all.
pub(crate) fn parse(lines: &[Line<'_>], report: &mut Report) -> Option<Value> {
    let mut cursor = Cursor {
        lines,
        position: 0,
        report,
    };
    let first = cursor.peek()?;
    let schema = if first.indent == 0 && first.text == "Array of:" {
        cursor.position += 1;
        let props = cursor.properties(ROOT_INDENT);
        let mut array = Map::new();
        array.insert("type".to_owned(), Value::from("array"));
        array.insert(
            "items".to_owned(),
            Value::Object(props.object_schema(Map::new())),
        );
        for (key, value) in props.constraints {
            array.insert(key, value);
        }
        Value::Object(array)
    } else {
        let props = cursor.properties(ROOT_INDENT);
        cursor.misplaced_constraints(&props, "constraint bullet outside an array");
        Value::Object(props.object_schema(object_type()))
    };
    while let Some(line) = cursor.next() {
        cursor
            .report
            .unplaced(&line, "property tree: line not under any property");
    }
    Some(schema)
}

fn object_type() -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("type".to_owned(), Value::from("object"));
    map
}

/// The children of an object (or of array items).
#[derive(Debug, Default)]
struct Properties {
    properties: Map<String, Value>,
    required: Vec<String>,
    /// `maxItems`/`minItems` bullets found among the children: they bound the enclosing array.
    constraints: Vec<(String, Value)>,
    /// The first constraint bullet's line, for reporting a misplaced one.
    constraint_line: Option<usize>,
}

impl Properties {
    /// `base` plus `properties` and `required` when there are any.
    fn object_schema(&self, base: Map<String, Value>) -> Map<String, Value> {
        let mut schema = base;
        if !schema.contains_key("type") {
            schema.insert("type".to_owned(), Value::from("object"));
        }
        if !self.properties.is_empty() {
            schema.insert(
                "properties".to_owned(),
                Value::Object(self.properties.clone()),
            );
        }
        if !self.required.is_empty() {
            let required = self.required.iter().cloned().map(Value::String).collect();
            schema.insert("required".to_owned(), Value::Array(required));
        }
        schema
    }
}

struct Cursor<'l, 'a, 'r> {
    lines: &'l [Line<'a>],
    position: usize,
    report: &'r mut Report,
}

impl<'a> Cursor<'_, 'a, '_> {
    /// The next non-blank line, without consuming it.
    fn peek(&mut self) -> Option<Line<'a>> {
        while let Some(line) = self.lines.get(self.position) {
            if !line.is_blank() {
                return Some(*line);
            }
            self.position += 1;
        }
        None
    }

    /// Consumes and returns the next non-blank line.
    fn next(&mut self) -> Option<Line<'a>> {
        let line = self.peek()?;
        self.position += 1;
        Some(line)
    }

    /// Reads the bullets at exactly `indent`.
    fn properties(&mut self, indent: usize) -> Properties {
        let mut props = Properties::default();
        while let Some(line) = self.peek() {
            if line.indent != indent {
                break;
            }
            let Some(bullet) = line.bullet() else { break };
            self.position += 1;
            if let Some((key, value)) = constraint(bullet) {
                props.constraint_line.get_or_insert(line.number);
                props.constraints.push((key.to_owned(), value));
                continue;
            }
            let (name, required) = match bullet.strip_suffix(" (required)") {
                Some(name) => (name, true),
                None => (bullet, false),
            };
            if name.is_empty() || name.contains(char::is_whitespace) {
                self.report
                    .unplaced(&line, "property tree: bullet is not a property name");
                continue;
            }
            let schema = self.typed(indent + STEP, &line);
            if props.properties.contains_key(name) {
                self.report
                    .unplaced(&line, "property tree: duplicate property name; first kept");
                continue;
            }
            props.properties.insert(name.to_owned(), schema);
            if required {
                props.required.push(name.to_owned());
            }
        }
        props
    }

    /// Reads the type line at `indent` and what hangs below it; `owner` is the bullet or `Items:`
    /// line it belongs to.
    fn typed(&mut self, indent: usize, owner: &Line<'_>) -> Value {
        let Some(line) = self
            .peek()
            .filter(|line| line.indent == indent && line.bullet().is_none())
        else {
            self.report.unplaced(
                owner,
                "property tree: no type line follows; schema left empty",
            );
            return Value::Object(Map::new());
        };
        self.position += 1;
        let parsed = match type_line::parse(line.text) {
            Ok(parsed) => parsed,
            Err(reason) => {
                self.report.unplaced(&line, format!("type line: {reason}"));
                return Value::Object(Map::new());
            }
        };
        let mut schema = parsed.schema();
        match parsed.single_type() {
            Some("object") => {
                let props = self.properties(indent);
                self.misplaced_constraints(
                    &props,
                    "constraint bullet among an object's properties",
                );
                schema = props.object_schema(schema);
            }
            Some("array") => self.array_items(indent, &mut schema),
            _ => {}
        }
        Value::Object(schema)
    }

    /// Reads `Items:` and the item schema of an array whose type line is at `indent`.
    fn array_items(&mut self, indent: usize, schema: &mut Map<String, Value>) {
        let Some(items_line) = self
            .peek()
            .filter(|line| line.indent == indent && line.text == "Items:")
        else {
            return;
        };
        self.position += 1;
        let next = self.peek().filter(|line| line.indent == indent);
        let items = match next {
            Some(line) if line.bullet().is_some() => {
                let props = self.properties(indent);
                let items = props.object_schema(Map::new());
                for (key, value) in props.constraints {
                    schema.insert(key, value);
                }
                Value::Object(items)
            }
            Some(line) if type_line::looks_like_type_line(line.text) => {
                self.typed(indent, &items_line)
            }
            // The renderer shows `Items:` with nothing under it when Zoom's item schema is one it
            // cannot print; an empty schema says "anything", which is all the reference tells.
            _ => Value::Object(Map::new()),
        };
        schema.insert("items".to_owned(), items);
    }

    fn misplaced_constraints(&mut self, props: &Properties, reason: &str) {
        if let Some(number) = props.constraint_line
            && let Some(line) = self.lines.iter().find(|line| line.number == number)
        {
            self.report.unplaced(line, reason);
        }
    }
}

/// `Max items: 50` / `Min items: 1` as a JSON Schema keyword and value.
fn constraint(bullet: &str) -> Option<(&'static str, Value)> {
    let (key, number) = if let Some(number) = bullet.strip_prefix("Max items: ") {
        ("maxItems", number)
    } else if let Some(number) = bullet.strip_prefix("Min items: ") {
        ("minItems", number)
    } else {
        return None;
    };
    number
        .parse::<u64>()
        .ok()
        .map(|value| (key, Value::from(value)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.
mod tests {
    use super::*;
    use crate::lines::split;
    use serde_json::json;

    fn tree(text: &str) -> (Value, Vec<crate::report::Unplaced>) {
        let lines = split(text);
        let mut report = Report::default();
        let schema = parse(&lines, &mut report).unwrap();
        (schema, report.into_items())
    }

    #[test]
    fn nested_objects_arrays_and_an_object_without_properties() {
        let (schema, unplaced) = tree(concat!(
            "  • settings (required)\n\n    object — One of several shapes.\n\n",
            "  • queue\n\n    object — The queue.\n\n",
            "    • id\n\n      string — The queue's ID.\n\n",
            "    • steps\n\n      array — Steps.\n\n      Items:\n\n      integer — A step.\n\n",
            "  • name\n\n    string\n",
        ));
        assert!(unplaced.is_empty(), "{unplaced:?}");
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {
                "settings": {"type": "object", "description": "One of several shapes."},
                "queue": {"type": "object", "description": "The queue.", "properties": {
                    "id": {"type": "string", "description": "The queue's ID."},
                    "steps": {"type": "array", "description": "Steps.", "items": {"type": "integer", "description": "A step."}}
                }},
                "name": {"type": "string"}
            }, "required": ["settings"]})
        );
    }

    #[test]
    fn array_of_arrays_reads_items_recursively() {
        let (schema, unplaced) = tree(concat!(
            "  • grid\n\n    array — Rows.\n\n    Items:\n\n    array — A row.\n\n",
            "    Items:\n\n    string, possible values: \"x\", \"o\"\n",
        ));
        assert!(unplaced.is_empty(), "{unplaced:?}");
        assert_eq!(
            schema["properties"]["grid"],
            json!({"type": "array", "description": "Rows.", "items": {"type": "array", "description": "A row.", "items": {"type": "string", "enum": ["x", "o"]}}})
        );
    }

    #[test]
    fn top_level_array_with_max_items() {
        let (schema, unplaced) =
            tree("Array of:\n\n  • id (required)\n\n    string — ID.\n\n  • Max items: 50\n");
        assert!(unplaced.is_empty(), "{unplaced:?}");
        assert_eq!(
            schema,
            json!({"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string", "description": "ID."}}, "required": ["id"]}, "maxItems": 50})
        );
    }

    #[test]
    fn misplaced_and_malformed_lines_are_reported() {
        let (schema, unplaced) = tree(concat!(
            "  • Max items: 3\n",
            "  • id\n\n    strin — typo.\n\n",
            "  • two words\n",
            "        stray deep line\n",
        ));
        assert_eq!(schema["properties"]["id"], json!({}));
        let lines: Vec<usize> = unplaced.iter().map(|item| item.line).collect();
        assert_eq!(lines, [1, 4, 6, 7], "{unplaced:?}");
        assert!(
            unplaced[1]
                .reason
                .starts_with("type line: does not start with a known type")
        );
        assert_eq!(
            unplaced[2].reason,
            "property tree: bullet is not a property name"
        );
    }
}

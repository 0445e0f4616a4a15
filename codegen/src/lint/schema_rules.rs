//! Rules on one schema at a time: formats, patterns, `required`, property names and their Rust
//! field names.

use std::collections::BTreeMap;

use serde_json::Value;

use super::walk::Model;
use super::{Finding, Rule};
use crate::pointer;

/// Formats from the OpenAPI Format Registry and JSON Schema that generators understand.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uri-template",
    "uuid",
    "json-pointer",
    "relative-json-pointer",
    "regex",
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "password",
    "char",
];

/// Characters that make a `pattern` a regular expression rather than a literal.
const REGEX_SYNTAX: &[char] = &[
    '\\', '[', ']', '(', ')', '{', '}', '*', '+', '?', '^', '$', '|', '.',
];

pub(super) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for site in &model.schemas {
        let schema = site.schema;
        let mut finding = |rule: Rule, ptr: String, message: String| {
            out.push(Finding::new(rule, &site.operation, ptr, message));
        };
        if let Some(format) = schema.get("format").and_then(Value::as_str)
            && !STANDARD_FORMATS.contains(&format)
        {
            finding(
                Rule::FormatNonstandard,
                pointer::push(&site.pointer, "format"),
                format!("`{format}` is not a standard format"),
            );
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
            && is_placeholder_pattern(pattern)
        {
            finding(
                Rule::PatternPlaceholder,
                pointer::push(&site.pointer, "pattern"),
                format!(
                    "`{pattern}` describes a format in words; as a regex it rejects real values"
                ),
            );
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        if let (Some(required), Some(properties)) =
            (schema.get("required").and_then(Value::as_array), properties)
        {
            let base = pointer::push(&site.pointer, "required");
            for (i, name) in required.iter().enumerate() {
                if let Some(name) = name.as_str()
                    && !properties.contains_key(name)
                {
                    finding(
                        Rule::RequiredMissing,
                        pointer::push_index(&base, i),
                        format!("requires `{name}`, which is not among the properties"),
                    );
                }
            }
        }
        if let Some(properties) = properties {
            let base = pointer::push(&site.pointer, "properties");
            for name in properties.keys().filter(|name| has_stray_characters(name)) {
                finding(
                    Rule::PropertyName,
                    pointer::push(&base, name),
                    format!("property name {name:?} has stray characters"),
                );
            }
            // The field name typify will give it (the convert stage refuses the same collisions).
            let mut fields: BTreeMap<String, &str> = BTreeMap::new();
            for name in properties.keys() {
                let field = crate::names::field_name(name);
                match fields.get(&field) {
                    Some(first) => finding(
                        Rule::PropertyCaseCollision,
                        pointer::push(&base, name),
                        format!("`{name}` and `{first}` both become the Rust field `{field}`"),
                    ),
                    None => {
                        fields.insert(field, name);
                    }
                }
            }
        }
    }
}

fn is_placeholder_pattern(pattern: &str) -> bool {
    let date_words = ["YYYY", "yyyy", "HH:", "hh:", "MM-DD", "mm:ss"];
    !pattern.contains(REGEX_SYNTAX) || date_words.iter().any(|w| pattern.contains(w))
}

/// Property names are identifiers on the wire: letters, digits, `_`, `-`, `.`, `$`, `@`.
fn has_stray_characters(name: &str) -> bool {
    name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '$' | '@'))
}

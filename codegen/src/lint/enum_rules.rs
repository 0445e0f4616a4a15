//! Rules on one enum at a time: duplicates, placeholders, case collisions, mixed case styles.

use std::collections::BTreeMap;

use serde_json::Value;

use super::walk::Model;
use super::{Finding, Rule};
use crate::pointer;

/// Enum values that name data types. `"string"` among them is a real value (a custom field's
/// `data_type`), not a placeholder.
const TYPE_NAMES: [&str; 8] = [
    "number", "boolean", "integer", "array", "object", "email", "date", "phone",
];

/// Case styles a value can be written in; `Lower` (one lowercase word) fits camel and snake alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Style {
    Lower,
    Camel,
    Snake,
    Upper,
    Pascal,
    Other,
}

pub(super) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    for site in &model.schemas {
        let Some(values) = site.schema.get("enum").and_then(Value::as_array) else {
            continue;
        };
        let enum_ptr = pointer::push(&site.pointer, "enum");
        let at = |i: usize| pointer::push_index(&enum_ptr, i);
        let mut finding = |rule: Rule, i: usize, message: String| {
            out.push(Finding::new(rule, &site.operation, at(i), message));
        };

        let mut seen: Vec<&Value> = Vec::new();
        let mut rust_names: BTreeMap<String, &str> = BTreeMap::new();
        let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        let is_type_list = strings.iter().any(|s| TYPE_NAMES.contains(s));
        for (i, value) in values.iter().enumerate() {
            if seen.contains(&value) {
                finding(Rule::EnumDuplicate, i, format!("{value} is listed twice"));
                continue;
            }
            seen.push(value);
            let Some(text) = value.as_str() else {
                continue;
            };
            if text == "string" && !is_type_list {
                finding(
                    Rule::EnumPlaceholder,
                    i,
                    "\"string\" is a placeholder left from an editor template, not a value".into(),
                );
            }
            // The name typify will give it (the convert stage refuses the same collisions).
            let rust = crate::names::variant_name(text);
            match rust_names.get(&rust) {
                Some(first) => finding(
                    Rule::EnumCaseCollision,
                    i,
                    format!("\"{text}\" and \"{first}\" both become the Rust variant `{rust}`"),
                ),
                None => {
                    rust_names.insert(rust, text);
                }
            }
        }

        let mut styles: BTreeMap<Style, &str> = BTreeMap::new();
        for text in &strings {
            styles.entry(style(text)).or_insert(text);
        }
        styles.remove(&Style::Lower);
        styles.remove(&Style::Other);
        if styles.len() > 1 {
            let examples: Vec<String> = styles
                .iter()
                .map(|(style, text)| format!("{style:?} \"{text}\""))
                .collect();
            out.push(Finding::new(
                Rule::EnumMixedCase,
                &site.operation,
                enum_ptr.clone(),
                format!("mixes case styles: {}", examples.join(", ")),
            ));
        }
    }
}

fn style(text: &str) -> Style {
    let has_upper = text.chars().any(|c| c.is_ascii_uppercase());
    let has_lower = text.chars().any(|c| c.is_ascii_lowercase());
    let word_chars = text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let first_upper = text.starts_with(|c: char| c.is_ascii_uppercase());
    if !word_chars || text.is_empty() {
        Style::Other
    } else if has_upper && !has_lower {
        if text.chars().filter(char::is_ascii_alphabetic).count() > 1 {
            Style::Upper
        } else {
            Style::Other
        }
    } else if !has_upper {
        if text.contains('_') {
            Style::Snake
        } else {
            Style::Lower
        }
    } else if text.contains('_') {
        Style::Other
    } else if first_upper {
        Style::Pascal
    } else {
        Style::Camel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_case_styles() {
        assert_eq!(style("dateTime"), Style::Camel);
        assert_eq!(style("date_time"), Style::Snake);
        assert_eq!(style("DATE_TIME"), Style::Upper);
        assert_eq!(style("DateTime"), Style::Pascal);
        assert_eq!(style("voice"), Style::Lower);
        assert_eq!(style("Not Ready"), Style::Other);
        assert_eq!(style("A"), Style::Other);
    }
}

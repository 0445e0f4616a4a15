//! Public Rust names for operations, kept stable across spec drops.
//!
//! Zoom's operationIds mix camelCase (`listQueues`), PascalCase (`CreateTeam`), run-together lowercase
//! (`Listaddressbookcustomfields`) and apostrophes (`ListRegion'sUsers`), and Zoom renames them between
//! releases. Method names are therefore not derived afresh on every run: the committed map
//! (`spec/method-names.json`, keyed by `METHOD /path`) is the source of truth, and only operations it does
//! not know yet get a derived name, which is then added to the map.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use crate::error::Error;

/// The key that identifies an operation across renames of its operationId.
pub fn operation_key(method: &str, path: &str) -> String {
    format!("{} {path}", method.to_ascii_uppercase())
}

/// The committed map from `METHOD /path` to method name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameMap {
    entries: BTreeMap<String, String>,
}

/// What [`NameMap::resolve`] changed, for the regenerate report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameChanges {
    /// Operations that got a newly derived name: (key, name).
    pub added: Vec<(String, String)>,
    /// Map entries whose operation is no longer in the document: (key, name).
    pub removed: Vec<(String, String)>,
}

impl NameMap {
    /// Parses the committed map: a JSON object of `"METHOD /path": "method_name"`.
    pub fn parse(file: &str, text: &str) -> Result<Self, Error> {
        let fail = |message: String| Error::NameMap {
            file: file.to_owned(),
            message,
        };
        let value: Value = serde_json::from_str(text).map_err(|e| fail(e.to_string()))?;
        let object = value
            .as_object()
            .ok_or_else(|| fail("expected a JSON object of \"METHOD /path\": \"name\"".into()))?;
        let mut entries = BTreeMap::new();
        for (key, name) in object {
            let name = name
                .as_str()
                .ok_or_else(|| fail(format!("the name for {key:?} is not a string")))?;
            if !is_snake_identifier(name) {
                return Err(fail(format!(
                    "the name for {key:?} is {name:?}, which is not a snake_case Rust identifier"
                )));
            }
            entries.insert(key.clone(), name.to_owned());
        }
        Ok(NameMap { entries })
    }

    /// Renders the map as committed: sorted keys, two-space indent, trailing newline.
    pub fn render(&self) -> String {
        let object: serde_json::Map<String, Value> = self
            .entries
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        let mut text = serde_json::to_string_pretty(&Value::Object(object)).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The name recorded for an operation, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    /// Gives every operation of `operations` a name: the recorded one, or a derived one that is added.
    ///
    /// Entries for operations that are gone are dropped. Derived names never collide with each other or
    /// with recorded ones: a clash gets the HTTP method as suffix, then a counter as last resort.
    pub fn resolve(&mut self, operations: &[OperationFacts]) -> NameChanges {
        let mut changes = NameChanges::default();
        let keys: std::collections::BTreeSet<&str> =
            operations.iter().map(|op| op.key.as_str()).collect();
        let gone: Vec<String> = self
            .entries
            .keys()
            .filter(|k| !keys.contains(k.as_str()))
            .cloned()
            .collect();
        for key in gone {
            if let Some(name) = self.entries.remove(&key) {
                changes.removed.push((key, name));
            }
        }
        for op in operations {
            if self.entries.contains_key(&op.key) {
                continue;
            }
            let base = derive_method_name(&op.operation_id, op.summary.as_deref());
            let taken =
                |name: &str, map: &BTreeMap<String, String>| map.values().any(|v| v == name);
            let mut name = base.clone();
            if taken(&name, &self.entries) {
                name = format!("{base}_{}", op.method.to_ascii_lowercase());
            }
            let mut counter = 2;
            while taken(&name, &self.entries) {
                name = format!("{base}_{counter}");
                counter += 1;
            }
            changes.added.push((op.key.clone(), name.clone()));
            self.entries.insert(op.key.clone(), name);
        }
        changes
    }
}

/// The facts about one operation that naming needs.
#[derive(Debug, Clone)]
pub struct OperationFacts {
    /// `METHOD /path`.
    pub key: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Zoom's operationId (may be empty when the document lacks one).
    pub operation_id: String,
    /// The operation's summary, used when the operationId says too little.
    pub summary: Option<String>,
}

/// Derives a snake_case method name from an operationId, or from the summary when the id is one
/// run-together lowercase word (`Listaddressbookcustomfields`, `users`) whose word breaks are lost.
pub fn derive_method_name(operation_id: &str, summary: Option<&str>) -> String {
    let cleaned: String = operation_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let from_id = sanitize_snake(&cleaned.to_snake_case());
    let id_has_breaks = from_id.contains('_');
    if id_has_breaks {
        return from_id;
    }
    let from_summary = summary
        .map(|s| {
            // Apostrophes join (`queue's` -> `queues`); every other non-alphanumeric breaks words.
            let words: String = s
                .chars()
                .filter(|c| !matches!(c, '\'' | '\u{2019}'))
                .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
                .collect();
            sanitize_snake(&words.to_snake_case())
        })
        .filter(|s| !s.is_empty());
    match from_summary {
        Some(name) => name,
        None if !from_id.is_empty() => from_id,
        None => "operation".to_owned(),
    }
}

/// The PascalCase stem progenitor derives type names from (`list_queues` -> `ListQueues`).
pub fn type_stem(method_name: &str) -> String {
    method_name.to_upper_camel_case()
}

/// The Rust variant name typify gives an enum value (mirrors typify 0.8's `sanitize(.., Pascal)`).
///
/// Used to refuse, with a pointer, enums whose values would collide in Rust (`dateTime`, `DateTime`),
/// which typify answers with a panic.
pub fn variant_name(value: &str) -> String {
    typify_sanitize(value, |s| s.to_upper_camel_case(), "X")
}

/// The Rust field name typify gives a property (mirrors typify 0.8's `sanitize(.., Snake)`).
pub fn field_name(property: &str) -> String {
    typify_sanitize(property, |s| s.to_snake_case(), "x")
}

fn typify_sanitize(input: &str, to_case: impl Fn(&str) -> String, prefix: &str) -> String {
    let out = match input {
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => {
            let cleaned: String = input
                .chars()
                .filter(|c| *c != '\'')
                .map(|c| {
                    if c.is_alphanumeric() || c == '_' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            to_case(&cleaned)
        }
    };
    let out = match out.chars().next() {
        None => prefix.to_owned(),
        Some(c) if c.is_alphabetic() || c == '_' => out,
        Some(_) => format!("{prefix}{out}"),
    };
    if is_rust_keyword(&out) || out == "_" {
        format!("{out}_")
    } else {
        out
    }
}

fn sanitize_snake(name: &str) -> String {
    let mut out: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "op_");
    }
    if is_rust_keyword(&out) {
        out.push('_');
    }
    out
}

fn is_snake_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_rust_keyword(name)
}

fn is_rust_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
            | "gen"
            | "try"
            | "macro"
            | "box"
            | "abstract"
            | "final"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "become"
            | "do"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirrors_typify_names() {
        assert_eq!(variant_name("dateTime"), variant_name("DateTime"));
        assert_ne!(variant_name("whatsapp"), variant_name("whats_app"));
        assert_eq!(variant_name("whats_app"), "WhatsApp");
        assert_eq!(variant_name("1st"), "X1st");
        assert_eq!(field_name("user_ids:"), "user_ids");
        assert_eq!(field_name("userId"), field_name("user_id"));
        assert_eq!(field_name("type"), "type_");
    }

    #[test]
    fn derives_from_each_operation_id_style() {
        assert_eq!(derive_method_name("listQueues", None), "list_queues");
        assert_eq!(derive_method_name("CreateTeam", None), "create_team");
        assert_eq!(
            derive_method_name("ListRegion'sUsers", None),
            "list_regions_users"
        );
        assert_eq!(
            derive_method_name(
                "Listaddressbookcustomfields",
                Some("List address book custom fields")
            ),
            "list_address_book_custom_fields"
        );
        assert_eq!(
            derive_method_name("users", Some("List users")),
            "list_users"
        );
        assert_eq!(derive_method_name("getRTMSStatus", None), "get_rtms_status");
        assert_eq!(
            derive_method_name("", Some("Get a queue's agents")),
            "get_a_queues_agents"
        );
    }

    fn facts(method: &str, path: &str, id: &str) -> OperationFacts {
        OperationFacts {
            key: operation_key(method, path),
            method: method.to_owned(),
            operation_id: id.to_owned(),
            summary: None,
        }
    }

    #[test]
    fn recorded_names_survive_an_operation_id_rename() {
        let mut map = NameMap::default();
        map.resolve(&[facts("GET", "/queues", "listQueues")]);
        let changes = map.resolve(&[facts("GET", "/queues", "getAllQueues")]);
        assert!(changes.added.is_empty());
        assert_eq!(map.get("GET /queues"), Some("list_queues"));
    }

    #[test]
    fn clashes_get_the_method_then_a_counter() {
        let mut map = NameMap::default();
        map.resolve(&[
            facts("GET", "/a", "thing"),
            facts("POST", "/b", "thing"),
            facts("POST", "/c", "thing"),
        ]);
        assert_eq!(map.get("GET /a"), Some("thing"));
        assert_eq!(map.get("POST /b"), Some("thing_post"));
        assert_eq!(map.get("POST /c"), Some("thing_2"));
    }

    #[test]
    fn render_and_parse_round_trip_and_removed_entries_are_reported() {
        let mut map = NameMap::default();
        map.resolve(&[facts("GET", "/a", "getA"), facts("GET", "/b", "getB")]);
        let parsed = NameMap::parse("m.json", &map.render()).unwrap();
        assert_eq!(parsed, map);
        let mut map = parsed;
        let changes = map.resolve(&[facts("GET", "/a", "getA")]);
        assert_eq!(
            changes.removed,
            vec![("GET /b".to_owned(), "get_b".to_owned())]
        );
        assert!(NameMap::parse("m.json", r#"{"GET /a": "Not Snake"}"#).is_err());
    }
}

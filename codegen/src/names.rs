//! Public Rust names for operations, kept stable across spec drops.
//!
//! Zoom's operationIds mix camelCase (`listQueues`), PascalCase (`CreateTeam`), run-together lowercase
//! (`Listaddressbookcustomfields`) and apostrophes (`ListRegion'sUsers`), and Zoom renames them between
//! releases. Method names are therefore not derived afresh on every run: the committed map
//! (`spec/method-names.json`, keyed by `METHOD /path`) is the source of truth, and only operations it does
//! not know yet get a derived name, which is then added to the map.
//!
//! Every name, committed or derived, keeps one naming rule ([`rule`], written out in `spec/README.md`):
//! `cargo xtask lint` and this crate's tests check the committed map against it ([`NameMap::check`]),
//! and a name is derived for a new operation only if it keeps the rule; otherwise the run asks for
//! one, once per operation.

pub mod rule;
pub mod words;

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
    /// Operations no name could be derived for, one message each (what was tried and why it was
    /// refused); the run fails with all of them until the map names them.
    pub unnamed: Vec<String>,
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

    /// The recorded names, by `METHOD /path`.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Gives every operation of `operations` a name: the recorded one, or one derived by the naming
    /// rule, which is added.
    ///
    /// Entries for operations that are gone are dropped and reported. A derived name never collides
    /// with another name: when every candidate of [`rule::derive`] is taken or breaks the rule, the
    /// operation is reported in [`NameChanges::unnamed`] instead of given a made-up name.
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
        let vocabulary = words::Vocabulary::from_operations(operations);
        let prefix = common_prefix(operations);
        for op in operations {
            if self.entries.contains_key(&op.key) {
                continue;
            }
            let taken = |name: &str| self.entries.values().any(|v| v == name);
            let context = rule::Context {
                vocabulary: &vocabulary,
                common_prefix: &prefix,
                taken: &taken,
            };
            match rule::derive(op, &context) {
                Ok(name) => {
                    changes.added.push((op.key.clone(), name.clone()));
                    self.entries.insert(op.key.clone(), name);
                }
                Err(refused) => changes.unnamed.push(format!(
                    "{} ({}): no derived name keeps the naming rule (spec/README.md, \"Method \
                     names\"); add `\"{}\": \"<name>\"` to spec/method-names.json. Tried: {}",
                    op.key,
                    if op.operation_id.is_empty() {
                        "no operationId"
                    } else {
                        &op.operation_id
                    },
                    op.key,
                    refused.join("; ")
                )),
            }
        }
        changes
    }

    /// Every way the committed map breaks the naming rule for the operations of a document: one line
    /// per problem, `METHOD /path: name: reason`. Names given twice are problems too. Entries for
    /// operations the document lacks are not: regenerate drops them and says so.
    pub fn check(&self, operations: &[OperationFacts]) -> Vec<String> {
        let vocabulary = words::Vocabulary::from_operations(operations);
        let prefix = common_prefix(operations);
        let mut problems = Vec::new();
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for op in operations {
            let Some(name) = self.get(&op.key) else {
                continue;
            };
            let taken = |other: &str| {
                operations
                    .iter()
                    .any(|o| o.key != op.key && self.get(&o.key) == Some(other))
            };
            let context = rule::Context {
                vocabulary: &vocabulary,
                common_prefix: &prefix,
                taken: &taken,
            };
            for violation in rule::check(name, op, &context) {
                problems.push(format!("{}: {violation}", op.key));
            }
            if let Some(other) = seen.insert(name, &op.key) {
                problems.push(format!("{}: `{name}` is also the name of {other}", op.key));
            }
        }
        problems
    }
}

/// The leading path segments every operation shares (`/contact_center`), which say nothing in a name.
fn common_prefix(operations: &[OperationFacts]) -> Vec<String> {
    let mut paths = operations.iter().map(|op| {
        op.path
            .split('/')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
    });
    let Some(first) = paths.next() else {
        return Vec::new();
    };
    let mut shared = first.len().saturating_sub(1);
    let mut count = 1;
    for path in paths {
        count += 1;
        shared = shared.min(path.len().saturating_sub(1));
        shared = first
            .iter()
            .zip(&path)
            .take(shared)
            .take_while(|(a, b)| a == b && !a.starts_with('{'))
            .count();
    }
    if count < 2 {
        return Vec::new();
    }
    first[..shared].iter().map(|s| (*s).to_owned()).collect()
}

/// The facts about one operation that naming needs.
#[derive(Debug, Clone)]
pub struct OperationFacts {
    /// `METHOD /path`.
    pub key: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// Zoom's operationId (may be empty when the document lacks one).
    pub operation_id: String,
    /// The operation's summary, used when the operationId says too little.
    pub summary: Option<String>,
    /// The operation's tags (words for the vocabulary).
    pub tags: Vec<String>,
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

/// The Rust type name typify and progenitor give a schema named `input` (mirrors their
/// `sanitize(.., Pascal)`: `list_queues-response` -> `ListQueuesResponse`).
pub fn type_name(input: &str) -> String {
    typify_sanitize(input, |s| s.to_upper_camel_case(), "X")
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

    fn facts(method: &str, path: &str, id: &str, summary: &str) -> OperationFacts {
        OperationFacts {
            key: operation_key(method, path),
            method: method.to_owned(),
            path: path.to_owned(),
            operation_id: id.to_owned(),
            summary: Some(summary.to_owned()),
            tags: Vec::new(),
        }
    }

    #[test]
    fn new_operations_get_names_that_keep_the_rule() {
        let mut map = NameMap::default();
        let changes = map.resolve(&[
            facts("GET", "/cc/queues", "listQueues", "List queues"),
            facts("POST", "/cc/teams", "CreateTeam", "Create a team"),
            facts(
                "GET",
                "/cc/regions/{regionId}/users",
                "ListRegion'sUsers",
                "List a region's users",
            ),
            facts("GET", "/cc/users", "users", "List user profiles"),
            facts(
                "PUT",
                "/cc/{engagementId}/rtms_app/status",
                "engagementRTMSStatusUpdate",
                "Update RTMS app status",
            ),
            facts(
                "GET",
                "/cc/queues/{queueId}/agents",
                "",
                "Get a queue's agents",
            ),
            facts(
                "GET",
                "/cc/something_new",
                "Listsomethingnew",
                "List something new",
            ),
        ]);
        assert_eq!(changes.unnamed, Vec::<String>::new());
        let name = |key: &str| map.get(key).unwrap().to_owned();
        assert_eq!(name("GET /cc/queues"), "list_queues");
        assert_eq!(name("POST /cc/teams"), "create_team");
        assert_eq!(
            name("GET /cc/regions/{regionId}/users"),
            "list_region_users"
        );
        assert_eq!(name("GET /cc/users"), "list_users");
        assert_eq!(
            name("PUT /cc/{engagementId}/rtms_app/status"),
            "update_engagement_rtms_status"
        );
        // "Get" on a collection stays `get`: Zoom says it for settings too (`get_queue_interrupt_settings`).
        assert_eq!(name("GET /cc/queues/{queueId}/agents"), "get_queue_agents");
        assert_eq!(name("GET /cc/something_new"), "list_something_new");
        assert_eq!(changes.added.len(), 7);
        assert_eq!(
            map.check(&[facts("GET", "/cc/queues", "listQueues", "List queues")]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn recorded_names_survive_an_operation_id_rename() {
        let mut map = NameMap::default();
        map.resolve(&[facts("GET", "/cc/queues", "listQueues", "List queues")]);
        let changes = map.resolve(&[facts("GET", "/cc/queues", "getAllQueues", "Get all queues")]);
        assert!(changes.added.is_empty());
        assert_eq!(map.get("GET /cc/queues"), Some("list_queues"));
    }

    #[test]
    fn a_clash_tries_the_next_candidate_then_asks_for_a_name() {
        let mut map = NameMap::default();
        let changes = map.resolve(&[
            facts("GET", "/cc/queues", "listQueues", "List queues"),
            facts("GET", "/cc/queues/all", "listQueues", "List queues"),
            facts("GET", "/cc/v2/queues/all", "listQueues", "List queues"),
            facts("GET", "/cc/v3/queues/all", "listQueues", "List queues"),
        ]);
        assert_eq!(map.get("GET /cc/queues/all"), Some("list_queues_all"));
        assert_eq!(map.get("GET /cc/v2/queues/all"), Some("list_v2_queues_all"));
        assert_eq!(changes.unnamed.len(), 0);
        let changes = map.resolve(&[
            facts("GET", "/cc/queues", "listQueues", "List queues"),
            facts("GET", "/cc/queues/{queueId}", "listQueues", "List queues"),
            facts(
                "GET",
                "/cc/queues/{queueId}/{x}",
                "listQueues",
                "List queues",
            ),
        ]);
        assert_eq!(changes.unnamed.len(), 1, "{:?}", changes.unnamed);
        let message = &changes.unnamed[0];
        assert!(message.starts_with("GET /cc/queues/{queueId}/{x} (listQueues): no derived name"));
        assert!(message.contains("add `\"GET /cc/queues/{queueId}/{x}\": \"<name>\"`"));
        assert!(map.get("GET /cc/queues/{queueId}/{x}").is_none());
    }

    #[test]
    fn the_check_names_each_broken_entry_and_each_twice_given_name() {
        let ops = [
            facts("POST", "/cc/queues", "queueCreate", "Create a queue"),
            facts("GET", "/cc/queues/{queueId}", "getAQueue", "Get a queue"),
            facts(
                "PATCH",
                "/cc/queues/{queueId}",
                "queueUpdate",
                "Update a queue",
            ),
        ];
        let map = NameMap::parse(
            "m.json",
            r#"{"POST /cc/queues": "queue_create", "GET /cc/queues/{queueId}": "get_a_queue",
                "PATCH /cc/queues/{queueId}": "get_a_queue"}"#,
        )
        .unwrap();
        let problems = map.check(&ops);
        assert!(
            problems.iter().any(
                |p| p.starts_with("POST /cc/queues: `queue_create` does not start with a verb")
            )
        );
        assert!(problems.iter().any(|p| {
            p.starts_with("GET /cc/queues/{queueId}: `get_a_queue` contains the article `a`")
        }));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`get_a_queue` is also the name of GET /cc/queues/{queueId}"))
        );
    }

    #[test]
    fn render_and_parse_round_trip_and_removed_entries_are_reported() {
        let mut map = NameMap::default();
        map.resolve(&[
            facts("GET", "/cc/alphas", "listAlphas", "List alphas"),
            facts("GET", "/cc/betas", "listBetas", "List betas"),
        ]);
        let parsed = NameMap::parse("m.json", &map.render()).unwrap();
        assert_eq!(parsed, map);
        let mut map = parsed;
        let changes = map.resolve(&[facts("GET", "/cc/alphas", "listAlphas", "List alphas")]);
        assert_eq!(
            changes.removed,
            vec![("GET /cc/betas".to_owned(), "list_betas".to_owned())]
        );
        assert!(map.get("GET /cc/betas").is_none());
        assert!(NameMap::parse("m.json", r#"{"GET /a": "Not Snake"}"#).is_err());
    }
}

//! One concept, several spellings: the enum values and property names that Zoom's document writes in
//! more than one way across operations (`dateTime`/`date_time`, `whatsapp`/`whats_app`, `US`/`us`).
//!
//! The lint reports these (`lint::spelling`); this module turns the same comparison into alias sets
//! that the generated types accept on decode. Each operation's types still *send* the spelling that
//! operation documents, but decode every spelling the document uses anywhere for the same value, so
//! a `match` arm written for the known variant does not silently miss a value Zoom spells the way
//! another endpoint documents it. `Unknown(..)` is then left for values no operation names.
//!
//! Computed once from the converted document and read by the stages that need it: the enums pass
//! (`FromStr` arms), the field-alias pass (`#[serde(alias)]`), the generated tests and the lint's
//! report.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The alias sets of a document: normalised spelling -> every spelling the document uses for it.
/// Only sets of two or more spellings are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spellings {
    enum_values: BTreeMap<String, BTreeSet<String>>,
    properties: BTreeMap<String, BTreeSet<String>>,
}

/// One name with the other spellings it accepts on decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternates {
    /// The spelling the type sends (the one its own operation documents).
    pub name: String,
    /// Every other spelling of the same concept in the document, sorted.
    pub alternates: Vec<String>,
}

impl Spellings {
    /// Collects the alias sets of every schema of `document` (OpenAPI 3.0.x as `convert` emits it).
    pub fn of(document: &Value) -> Self {
        let mut enum_values: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        // normalised name -> spelling, and every kind of value the spellings' schemas hold.
        let mut properties: BTreeMap<String, (BTreeSet<String>, BTreeSet<&'static str>)> =
            BTreeMap::new();
        for_each_schema(document, &mut |schema| {
            if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                for value in values.iter().filter_map(Value::as_str) {
                    enum_values
                        .entry(normalize(value))
                        .or_default()
                        .insert(value.to_owned());
                }
            }
            if let Some(names) = schema.get("properties").and_then(Value::as_object) {
                for (name, property) in names {
                    let (spellings, kinds) = properties.entry(normalize(name)).or_default();
                    spellings.insert(name.clone());
                    kinds.insert(kind(property));
                }
            }
        });
        enum_values.retain(|_, set| set.len() > 1);
        // Two spellings whose schemas hold different kinds of value are two concepts, not one
        // (`voice_mail`, a count, beside `voicemail`, an inbox's settings): an alias would make
        // one fail to decode where the other is sent, so such a set gets no aliases at all.
        let properties = properties
            .into_iter()
            .filter(|(_, (spellings, kinds))| spellings.len() > 1 && kinds.len() == 1)
            .map(|(key, (spellings, _))| (key, spellings))
            .collect();
        Self {
            enum_values,
            properties,
        }
    }

    /// For the values of one enum, what each accepts besides itself.
    pub fn enum_alternates<'a>(
        &self,
        values: impl IntoIterator<Item = &'a str>,
    ) -> Vec<Alternates> {
        alternates(&self.enum_values, values)
    }

    /// For the property names of one object, what each accepts besides itself.
    pub fn property_alternates<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Vec<Alternates> {
        alternates(&self.properties, names)
    }

    /// Every enum-value alias set, for the lint's report.
    pub fn enum_sets(&self) -> impl Iterator<Item = &BTreeSet<String>> {
        self.enum_values.values()
    }

    /// Every property-name alias set, for the lint's report.
    pub fn property_sets(&self) -> impl Iterator<Item = &BTreeSet<String>> {
        self.properties.values()
    }
}

/// The alternates of each of `siblings` (the values of one enum, the properties of one object).
/// A sibling gets none when another sibling has the same normalised spelling: an alternate could
/// then mean either, and guessing would decode a value into the wrong variant or field. Spellings
/// that are themselves siblings are never alternates.
fn alternates<'a>(
    sets: &BTreeMap<String, BTreeSet<String>>,
    siblings: impl IntoIterator<Item = &'a str>,
) -> Vec<Alternates> {
    let siblings: Vec<&str> = siblings.into_iter().collect();
    let mut out = Vec::new();
    for name in &siblings {
        let key = normalize(name);
        let ambiguous = siblings
            .iter()
            .any(|other| other != name && normalize(other) == key);
        if ambiguous {
            continue;
        }
        let Some(set) = sets.get(&key) else { continue };
        let alternates: Vec<String> = set
            .iter()
            .filter(|s| !siblings.contains(&s.as_str()))
            .cloned()
            .collect();
        if !alternates.is_empty() {
            out.push(Alternates {
                name: (*name).to_owned(),
                alternates,
            });
        }
    }
    out
}

/// The kind of value a (converted) schema holds, for telling concepts apart.
fn kind(schema: &Value) -> &'static str {
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => "string",
        Some("integer" | "number") => "number",
        Some("boolean") => "boolean",
        Some("array") => "array",
        Some("object") => "object",
        _ if schema.get("properties").is_some() => "object",
        _ if schema.get("items").is_some() => "array",
        _ => "other",
    }
}

/// Lowercase, without `_`, `-`, `.` and spaces: the comparison the lint's spelling rule uses.
pub(crate) fn normalize(spelling: &str) -> String {
    spelling
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Calls `visit` on every schema of the document: components, parameters, request bodies and
/// responses, and every subschema below them. Examples are data, not schemas, and are not entered.
fn for_each_schema(document: &Value, visit: &mut dyn FnMut(&Value)) {
    if let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for schema in schemas.values() {
            walk(schema, visit);
        }
    }
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return;
    };
    for item in paths.values() {
        let Some(item) = item.as_object() else {
            continue;
        };
        for operation in item.values() {
            for parameter in operation
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(schema) = parameter.get("schema") {
                    walk(schema, visit);
                }
            }
            let bodies = operation.get("requestBody").into_iter().chain(
                operation
                    .get("responses")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|responses| responses.values()),
            );
            for holder in bodies {
                for media in holder
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|content| content.values())
                {
                    if let Some(schema) = media.get("schema") {
                        walk(schema, visit);
                    }
                }
            }
        }
    }
}

fn walk(schema: &Value, visit: &mut dyn FnMut(&Value)) {
    if !schema.is_object() {
        return;
    }
    visit(schema);
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for property in properties.values() {
            walk(property, visit);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = schema.get(key) {
            walk(child, visit);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for member in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            walk(member, visit);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn document() -> Value {
        json!({"paths": {
            "/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
                "type": "object",
                "example": {"properties": {"ignored": 1}},
                "properties": {
                    "channel": {"type": "string", "enum": ["whatsapp", "voice"]},
                    "dateTime": {"type": "string"}
                }
            }}}}}}},
            "/b": {"post": {
                "parameters": [{"name": "c", "in": "query", "schema": {"type": "string", "enum": ["whats_app", "Voice"]}}],
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"date_time": {"type": "string"}, "items": {"type": "array", "items": {"type": "string", "enum": ["VOICE"]}},
                        "voicemail": {"type": "object", "properties": {}}, "voice_mail": {"type": "integer"}}
                }}}}
            }}
        }})
    }

    #[test]
    fn sets_come_from_every_schema_but_not_from_examples() {
        let spellings = Spellings::of(&document());
        let enums: Vec<Vec<&str>> = spellings
            .enum_sets()
            .map(|set| set.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            enums,
            vec![
                vec!["VOICE", "Voice", "voice"],
                vec!["whats_app", "whatsapp"]
            ]
        );
        let properties: Vec<Vec<&str>> = spellings
            .property_sets()
            .map(|set| set.iter().map(String::as_str).collect())
            .collect();
        // `voicemail` (an object) and `voice_mail` (a count) are two concepts: no set.
        assert_eq!(properties, vec![vec!["dateTime", "date_time"]]);
    }

    #[test]
    fn alternates_leave_out_siblings_and_ambiguous_names() {
        let spellings = Spellings::of(&document());
        let found = spellings.enum_alternates(["voice", "whatsapp"]);
        assert_eq!(
            found,
            vec![
                Alternates {
                    name: "voice".into(),
                    alternates: vec!["VOICE".into(), "Voice".into()]
                },
                Alternates {
                    name: "whatsapp".into(),
                    alternates: vec!["whats_app".into()]
                },
            ]
        );
        // `voice` and `Voice` in one enum: an alternate `VOICE` could mean either, so neither gets it.
        assert_eq!(spellings.enum_alternates(["voice", "Voice"]), vec![]);
        assert_eq!(spellings.property_alternates(["other"]), vec![]);
    }
}

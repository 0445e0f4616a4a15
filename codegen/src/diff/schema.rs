//! A schema flattened to fields named by readable paths.
//!
//! Comparing two schema trees node by node would have to reconcile `$ref` against inline schemas,
//! `allOf` against merged objects and `nullable: true` against `type: [T, "null"]`. Flattening each
//! tree first to `path -> Field` (paths like `queues[].queue_id`, `metadata.*` for map values, `[]` for
//! array items) makes the two spellings of one API compare equal, and makes every change nameable.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::DiffError;
use super::document::{Resolver, child};
use super::report::Presence;

/// Nesting below this depth is not walked: no real API nests this deep, and it bounds the work on
/// hostile input.
const MAX_DEPTH: usize = 48;

/// At most this many fields per schema. Shared `$ref`s are expanded at every use, so a hostile
/// document (each schema referring to the next one twice) could otherwise expand exponentially;
/// Zoom's largest schemas have a few hundred fields.
const MAX_FIELDS: usize = 20_000;

/// One node of a flattened schema: what a generated Rust field's type is decided by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Field {
    /// JSON type(s), e.g. `string`, `integer|string`, `object`, or `recursive Name` where a `$ref`
    /// cycle stopped the walk.
    pub(super) ty: String,
    pub(super) format: Option<String>,
    pub(super) presence: Presence,
    /// `None` when the schema has no `enum`; values are JSON text except strings, which are bare.
    pub(super) enum_values: Option<BTreeSet<String>>,
    /// The enclosing field's path; `None` for the root.
    pub(super) parent: Option<String>,
}

/// Fields by path. The root is at the path given to [`flatten`].
pub(super) type Fields = BTreeMap<String, Field>;

/// Flattens `schema` (found at `pointer`) into fields; the root gets path `root` and requiredness
/// `required`.
///
/// # Errors
/// When a `$ref` does not resolve or points outside the document.
pub(super) fn flatten(
    resolver: Resolver<'_>,
    schema: &Value,
    pointer: &str,
    root: &str,
    required: bool,
) -> Result<Fields, DiffError> {
    let mut walker = Walker {
        resolver,
        stack: Vec::new(),
        out: Fields::new(),
    };
    walker.walk(schema, pointer, root.to_owned(), required, None, 0)?;
    Ok(walker.out)
}

/// The readable path of property `name` inside `parent`.
fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// What one schema says once its `$ref`s, `allOf` members and nullable unions are merged.
#[derive(Debug, Default)]
struct View<'a> {
    types: BTreeSet<String>,
    enum_kinds: BTreeSet<&'static str>,
    nullable: bool,
    format: Option<String>,
    enum_values: Option<BTreeSet<String>>,
    properties: BTreeMap<String, (&'a Value, String)>,
    required: BTreeSet<String>,
    items: Option<(&'a Value, String)>,
    additional: Option<(&'a Value, String)>,
    composition: Option<&'static str>,
    recursive: Option<String>,
}

impl View<'_> {
    fn label(&self) -> String {
        let types = if self.types.is_empty() {
            if let Some(kind) = self.composition {
                return kind.to_owned();
            } else if !self.properties.is_empty() || self.additional.is_some() {
                return "object".to_owned();
            } else if self.items.is_some() {
                return "array".to_owned();
            } else if let Some(name) = &self.recursive {
                return format!("recursive {name}");
            }
            self.enum_kinds.iter().map(|k| (*k).to_owned()).collect()
        } else {
            self.types.clone()
        };
        if types.is_empty() {
            "any".to_owned()
        } else {
            types.into_iter().collect::<Vec<_>>().join("|")
        }
    }
}

struct Walker<'a> {
    resolver: Resolver<'a>,
    /// Pointers of the `$ref` targets being expanded on the current path: the cycle guard.
    stack: Vec<String>,
    out: Fields,
}

impl<'a> Walker<'a> {
    fn walk(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        path: String,
        required: bool,
        parent: Option<String>,
        depth: usize,
    ) -> Result<(), DiffError> {
        if self.out.len() >= MAX_FIELDS {
            return Err(self.resolver.invalid(
                pointer,
                &format!("the schema expands to more than {MAX_FIELDS} fields"),
            ));
        }
        let mark = self.stack.len();
        let mut view = View::default();
        self.absorb(&mut view, schema, pointer)?;
        self.out.insert(
            path.clone(),
            Field {
                ty: view.label(),
                format: view.format.clone(),
                presence: Presence {
                    required,
                    nullable: view.nullable,
                },
                enum_values: view.enum_values.clone(),
                parent,
            },
        );
        if depth < MAX_DEPTH {
            for (name, (schema, pointer)) in &view.properties {
                let required = view.required.contains(name);
                let name = join(&path, name);
                self.walk(
                    schema,
                    pointer,
                    name,
                    required,
                    Some(path.clone()),
                    depth + 1,
                )?;
            }
            if let Some((schema, pointer)) = view.items {
                let name = format!("{path}[]");
                self.walk(schema, &pointer, name, true, Some(path.clone()), depth + 1)?;
            }
            if let Some((schema, pointer)) = view.additional {
                let name = join(&path, "*");
                self.walk(schema, &pointer, name, true, Some(path.clone()), depth + 1)?;
            }
        }
        // Leaving this node: its `$ref`s no longer count as "being expanded" for siblings.
        self.stack.truncate(mark);
        Ok(())
    }

    /// Merges what `schema` says into `view`, following `$ref` and `allOf`.
    fn absorb(
        &mut self,
        view: &mut View<'a>,
        schema: &'a Value,
        pointer: &str,
    ) -> Result<(), DiffError> {
        let Some(object) = schema.as_object() else {
            // `true`/`false` schemas (3.1) and junk constrain nothing we compare.
            return Ok(());
        };
        if let Some((target, target_pointer)) = self.resolver.target(schema, pointer)? {
            // A chain of distinct `$ref`s deeper than any walk is treated like a cycle: it bounds
            // the recursion on hostile input.
            if self.stack.contains(&target_pointer) || self.stack.len() > 4 * MAX_DEPTH {
                let name = target_pointer.rsplit('/').next().unwrap_or_default();
                view.recursive = Some(name.to_owned());
            } else {
                self.stack.push(target_pointer.clone());
                self.absorb(view, target, &target_pointer)?;
            }
        }
        match object.get("type") {
            Some(Value::String(ty)) => add_type(view, ty),
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .for_each(|ty| add_type(view, ty)),
            _ => {}
        }
        if object.get("nullable") == Some(&Value::Bool(true)) {
            view.nullable = true;
        }
        if let Some(format) = object.get("format").and_then(Value::as_str) {
            view.format.get_or_insert_with(|| format.to_owned());
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            let set = view.enum_values.get_or_insert_with(BTreeSet::new);
            for value in values {
                match value {
                    Value::Null => view.nullable = true,
                    Value::String(s) => {
                        view.enum_kinds.insert("string");
                        set.insert(s.clone());
                    }
                    other => {
                        view.enum_kinds.insert(json_kind(other));
                        set.insert(other.to_string());
                    }
                }
            }
        }
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            let base = child(pointer, "properties");
            for (name, schema) in properties {
                view.properties
                    .insert(name.clone(), (schema, child(&base, name)));
            }
        }
        if let Some(required) = object.get("required").and_then(Value::as_array) {
            view.required
                .extend(required.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        if let Some(items) = object.get("items").filter(|items| items.is_object()) {
            view.items = Some((items, child(pointer, "items")));
        }
        if let Some(additional) = object.get("additionalProperties").filter(|a| a.is_object()) {
            view.additional = Some((additional, child(pointer, "additionalProperties")));
        }
        if let Some(members) = object.get("allOf").and_then(Value::as_array) {
            let base = child(pointer, "allOf");
            for (i, member) in members.iter().enumerate() {
                self.absorb(view, member, &child(&base, &i.to_string()))?;
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(alternatives) = object.get(keyword).and_then(Value::as_array) {
                self.absorb_union(view, keyword, alternatives, &child(pointer, keyword))?;
            }
        }
        Ok(())
    }

    /// `oneOf`/`anyOf`: `[T, null]` is a nullable `T` (the 3.1 spelling of `nullable: true`); any other
    /// union is labelled by its keyword and offers the union of its alternatives' properties, none
    /// of them required (a value may match another alternative).
    fn absorb_union(
        &mut self,
        view: &mut View<'a>,
        keyword: &'static str,
        alternatives: &'a [Value],
        pointer: &str,
    ) -> Result<(), DiffError> {
        let mut real = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            if is_null_schema(alternative) {
                view.nullable = true;
            } else {
                real.push((alternative, child(pointer, &i.to_string())));
            }
        }
        if let [(only, only_pointer)] = real.as_slice() {
            return self.absorb(view, only, only_pointer);
        }
        view.composition = Some(keyword);
        for (alternative, alternative_pointer) in real {
            let mut sub = View::default();
            self.absorb(&mut sub, alternative, &alternative_pointer)?;
            for (name, entry) in sub.properties {
                view.properties.entry(name).or_insert(entry);
            }
        }
        Ok(())
    }
}

fn add_type(view: &mut View<'_>, ty: &str) {
    if ty == "null" {
        view.nullable = true;
    } else {
        view.types.insert(ty.to_owned());
    }
}

fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(ty)) => ty == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null"),
        _ => schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(Value::is_null)),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diff::Side;

    fn fields(doc: &Value, schema: &Value) -> Fields {
        let resolver = Resolver {
            doc,
            side: Side::New,
        };
        flatten(resolver, schema, "/s", "", true).unwrap()
    }

    #[test]
    fn nullable_30_and_31_spellings_flatten_alike() {
        let doc = json!({});
        let v30 = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": "string", "nullable": true, "format": "date-time"}}});
        let v31 = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": ["string", "null"], "format": "date-time"}}});
        let v31_any = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}}});
        assert_eq!(fields(&doc, &v30), fields(&doc, &v31));
        assert_eq!(fields(&doc, &v30), fields(&doc, &v31_any));
        let a = &fields(&doc, &v30)["a"];
        assert_eq!(
            (a.ty.as_str(), a.presence.nullable, a.presence.required),
            ("string", true, true)
        );
    }

    #[test]
    fn refs_all_of_items_and_maps_get_readable_paths() {
        let doc = json!({"components": {"schemas": {
            "Queue": {"allOf": [{"$ref": "#/components/schemas/Base"},
                                {"properties": {"tags": {"type": "object",
                                    "additionalProperties": {"type": "integer"}}}}]},
            "Base": {"type": "object", "required": ["queue_id"],
                     "properties": {"queue_id": {"type": "string"}}}}}});
        let schema = json!({"type": "object", "properties": {
            "queues": {"type": "array", "items": {"$ref": "#/components/schemas/Queue"}}}});
        let paths: Vec<String> = fields(&doc, &schema).into_keys().collect();
        assert_eq!(
            paths,
            [
                "",
                "queues",
                "queues[]",
                "queues[].queue_id",
                "queues[].tags",
                "queues[].tags.*"
            ]
        );
        assert!(fields(&doc, &schema)["queues[].queue_id"].presence.required);
    }

    #[test]
    fn recursive_schemas_stop_at_the_cycle() {
        let doc = json!({"components": {"schemas": {"Node": {"type": "object", "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}}});
        let schema = json!({"$ref": "#/components/schemas/Node"});
        let out = fields(&doc, &schema);
        assert_eq!(out["children[]"].ty, "recursive Node");
        assert!(!out.contains_key("children[].children"));
    }

    #[test]
    fn exponential_ref_expansion_is_cut_off_with_an_error() {
        let mut schemas = serde_json::Map::new();
        for i in 0..40 {
            let next = json!({"$ref": format!("#/components/schemas/S{}", i + 1)});
            schemas.insert(
                format!("S{i}"),
                json!({"type": "object", "properties": {"a": next.clone(), "b": next}}),
            );
        }
        schemas.insert("S40".to_owned(), json!({"type": "string"}));
        let doc = json!({"components": {"schemas": schemas}});
        let resolver = Resolver {
            doc: &doc,
            side: Side::New,
        };
        let schema = json!({"$ref": "#/components/schemas/S0"});
        let err = flatten(resolver, &schema, "/s", "", true).unwrap_err();
        assert!(matches!(err, DiffError::Invalid { .. }), "{err:?}");
    }

    #[test]
    fn unresolved_refs_name_the_pointer() {
        let doc = json!({});
        let schema = json!({"properties": {"a": {"$ref": "#/components/schemas/Missing"}}});
        let resolver = Resolver {
            doc: &doc,
            side: Side::Old,
        };
        let err = flatten(resolver, &schema, "/s", "", true).unwrap_err();
        assert_eq!(
            err,
            DiffError::UnresolvedRef {
                side: Side::Old,
                pointer: "/s/properties/a".to_owned(),
                reference: "#/components/schemas/Missing".to_owned(),
            }
        );
    }
}

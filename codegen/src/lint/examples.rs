//! Examples against their own schemas (`example-invalid`), and `number` fields whose examples are
//! all integers (`number-integer`).
//!
//! The validator is small and hand-written rather than the `jsonschema` crate because (1) OpenAPI
//! schemas are not plain JSON Schema (3.0 `nullable`, `example`), (2) `$ref`s point into the whole
//! OpenAPI document, not into a schema resource, and (3) we need, per violation, the pointer into
//! the *example* (where to fix it) and, per `number` schema, the instance values it saw (the
//! integer evidence). It checks what decides whether the generated types can read the example back:
//! `type` (3.0 and 3.1 forms), `enum`, `required`, `properties`, `additionalProperties`, `items`,
//! `allOf`/`anyOf`/`oneOf` and local `$ref`. Formats and bounds are not checked.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::walk::Model;
use super::{Finding, Rule};
use crate::pointer;

const MAX_DEPTH: usize = 64;

/// What the examples showed about one `number` schema.
#[derive(Debug, Default)]
struct NumberEvidence<'a> {
    operation: &'a str,
    integers: usize,
    fractions: usize,
}

struct Validator<'a> {
    doc: &'a Value,
    operation: &'a str,
    findings: Vec<Finding>,
    numbers: BTreeMap<String, NumberEvidence<'a>>,
}

pub(super) fn check(doc: &Value, model: &Model<'_>, out: &mut Vec<Finding>) {
    let mut numbers: BTreeMap<String, NumberEvidence<'_>> = BTreeMap::new();
    for example in &model.examples {
        let mut validator = Validator {
            doc,
            operation: &example.operation,
            findings: Vec::new(),
            numbers: BTreeMap::new(),
        };
        validator.validate(
            example.value,
            example.schema,
            &example.pointer,
            &example.schema_pointer,
            0,
        );
        out.append(&mut validator.findings);
        for (ptr, evidence) in validator.numbers {
            let entry = numbers.entry(ptr).or_insert_with(|| NumberEvidence {
                operation: evidence.operation,
                ..NumberEvidence::default()
            });
            entry.integers += evidence.integers;
            entry.fractions += evidence.fractions;
        }
    }
    for site in &model.schemas {
        if !is_type(site.schema.get("type"), "number") {
            continue;
        }
        let own = ["example", "default"]
            .iter()
            .filter_map(|key| site.schema.get(*key));
        let mut evidence = numbers.remove(&site.pointer).unwrap_or_default();
        for value in own {
            count_number(value, &mut evidence);
        }
        if evidence.integers > 0
            && evidence.fractions == 0
            && !mentions_fractions(site.schema.get("description"))
        {
            out.push(Finding::new(
                Rule::NumberInteger,
                &site.operation,
                pointer::push(&site.pointer, "type"),
                format!(
                    "typed `number`, but all {} example value(s) are integers and the description \
                     does not mention fractions",
                    evidence.integers
                ),
            ));
        }
    }
}

fn count_number(value: &Value, evidence: &mut NumberEvidence<'_>) {
    if value.is_i64() || value.is_u64() {
        evidence.integers += 1;
    } else if value.is_f64() {
        evidence.fractions += 1;
    }
}

impl<'a> Validator<'a> {
    fn fail(&mut self, instance_ptr: &str, schema_ptr: &str, message: String) {
        self.findings.push(Finding::new(
            Rule::ExampleInvalid,
            self.operation,
            instance_ptr.to_owned(),
            format!("{message} (schema {schema_ptr})"),
        ));
    }

    fn validate(
        &mut self,
        instance: &'a Value,
        schema: &'a Value,
        instance_ptr: &str,
        schema_ptr: &str,
        depth: usize,
    ) {
        let Some(schema) = schema.as_object() else {
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            if let Some(target) = reference
                .strip_prefix('#')
                .and_then(|p| self.doc.pointer(p))
            {
                self.validate(instance, target, instance_ptr, reference, depth + 1);
            }
            return;
        }
        if !self.type_matches(instance, schema, instance_ptr, schema_ptr) {
            return;
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array)
            && !values.contains(instance)
            && !(instance.is_null() && nullable(schema))
        {
            self.fail(
                instance_ptr,
                schema_ptr,
                format!("{instance} is not one of the enum values"),
            );
        }
        for keyword in ["allOf"] {
            for (i, sub) in list(schema, keyword).iter().enumerate() {
                let p = pointer::push_index(&pointer::push(schema_ptr, keyword), i);
                self.validate(instance, sub, instance_ptr, &p, depth + 1);
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            self.any_of(instance, schema, keyword, instance_ptr, schema_ptr, depth);
        }
        match instance {
            Value::Object(object) => self.object(object, schema, instance_ptr, schema_ptr, depth),
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    let p = pointer::push(schema_ptr, "items");
                    for (i, item) in items.iter().enumerate() {
                        let ip = pointer::push_index(instance_ptr, i);
                        self.validate(item, item_schema, &ip, &p, depth + 1);
                    }
                }
            }
            Value::Number(_) if is_type(schema.get("type"), "number") => {
                let evidence = self
                    .numbers
                    .entry(schema_ptr.to_owned())
                    .or_insert_with(|| NumberEvidence {
                        operation: self.operation,
                        ..NumberEvidence::default()
                    });
                count_number(instance, evidence);
            }
            _ => {}
        }
    }

    /// Checks `type`; returns whether the deeper checks make sense.
    fn type_matches(
        &mut self,
        instance: &Value,
        schema: &Map<String, Value>,
        instance_ptr: &str,
        schema_ptr: &str,
    ) -> bool {
        let allowed: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => return true,
        };
        let actual = match instance {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let ok = allowed.contains(&actual)
            || (actual == "integer" && allowed.contains(&"number"))
            || (actual == "null" && nullable(schema));
        if !ok {
            let shown = shorten(instance);
            self.fail(
                instance_ptr,
                schema_ptr,
                format!("{shown} is {actual}, schema says {}", allowed.join(" or ")),
            );
        }
        ok
    }

    fn object(
        &mut self,
        object: &'a Map<String, Value>,
        schema: &'a Map<String, Value>,
        instance_ptr: &str,
        schema_ptr: &str,
        depth: usize,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in list(schema, "required").iter().filter_map(|v| v.as_str()) {
            if !object.contains_key(name) {
                self.fail(
                    instance_ptr,
                    schema_ptr,
                    format!("required property `{name}` is missing"),
                );
            }
        }
        let additional = schema.get("additionalProperties");
        for (name, value) in object {
            let ip = pointer::push(instance_ptr, name);
            match properties.and_then(|p| p.get(name)) {
                Some(sub) => {
                    let p = pointer::push(&pointer::push(schema_ptr, "properties"), name);
                    self.validate(value, sub, &ip, &p, depth + 1);
                }
                None => match additional {
                    Some(Value::Bool(false)) => {
                        self.fail(&ip, schema_ptr, format!("property `{name}` is not allowed"));
                    }
                    Some(sub @ Value::Object(_)) => {
                        let p = pointer::push(schema_ptr, "additionalProperties");
                        self.validate(value, sub, &ip, &p, depth + 1);
                    }
                    _ => {}
                },
            }
        }
    }

    /// Valid when at least one alternative accepts the instance (a trial run on a scratch
    /// validator; `oneOf`'s "exactly one" is not enforced: serde's untagged enums take the first).
    fn any_of(
        &mut self,
        instance: &'a Value,
        schema: &'a Map<String, Value>,
        keyword: &str,
        instance_ptr: &str,
        schema_ptr: &str,
        depth: usize,
    ) {
        let alternatives = list(schema, keyword);
        if alternatives.is_empty() {
            return;
        }
        let accepted = alternatives.iter().any(|sub| {
            let mut trial = Validator {
                doc: self.doc,
                operation: self.operation,
                findings: Vec::new(),
                numbers: BTreeMap::new(),
            };
            trial.validate(instance, sub, instance_ptr, schema_ptr, depth + 1);
            trial.findings.is_empty()
        });
        if !accepted {
            let p = pointer::push(schema_ptr, keyword);
            self.fail(
                instance_ptr,
                &p,
                format!("matches none of the `{keyword}` alternatives"),
            );
        }
    }
}

fn list<'a>(schema: &'a Map<String, Value>, keyword: &str) -> &'a [Value] {
    schema
        .get(keyword)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn nullable(schema: &Map<String, Value>) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
}

fn shorten(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

/// `true` when `ty` is `name` or a 3.1 type list containing it.
fn is_type(ty: Option<&Value>, name: &str) -> bool {
    match ty {
        Some(Value::String(s)) => s == name,
        Some(Value::Array(list)) => list.iter().any(|t| t.as_str() == Some(name)),
        _ => false,
    }
}

/// Words that say a number really has a fractional part.
fn mentions_fractions(description: Option<&Value>) -> bool {
    let text = description
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_lowercase();
    [
        "decimal", "float", "fraction", "percent", "ratio", "rate", "average", "score",
    ]
    .iter()
    .any(|word| text.contains(word))
}

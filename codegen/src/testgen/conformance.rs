//! The conformance test: every request and response example in the document must deserialize into
//! the Rust type the client uses for it and serialize back to equivalent JSON.
//!
//! Why generated: the examples live in the spec, so the list of cases must follow the spec. A new
//! operation or a changed example shows up in the test after `cargo xtask regenerate` without a
//! hand edit. Each case has its own Rust type, so the file holds one generic call per example
//! (`check::<types::X>(..)`) rather than a data table a loop could walk.
//!
//! The types come from progenitor's syntax tree, exactly as the client uses them: a request body is
//! the type of the request builder's `body` field (typify's `types::builder::X` form, whose target
//! is `types::X`), a response is the `T` of `send()`'s `ResponseValue<T>`. Examples with no typed
//! target (multipart operations, `()` or byte-stream responses) are listed, not checked.
//!
//! The equivalence the test applies and the exception list it reads are hand-written in
//! [`SUPPORT`], which is copied into the generated file verbatim.

use std::fmt::Write;

use quote::ToTokens;
use serde_json::Value;
use syn::Type;

use crate::convert::{BodyKind, Converted, OperationSummary};
use crate::generate::GeneratedCode;
use crate::syntax::Builders;

/// The `what` of an untyped entry that stands for all examples of a multipart operation.
const WHOLE_OPERATION: &str = "request and responses";

/// One example found in the document.
struct Case {
    /// The operation's method name.
    operation: String,
    /// `request` or `response <status>`.
    what: String,
    /// The example, pretty-printed in document order.
    example: String,
    /// Members the example leaves out that its schema gives a `default`: (JSON pointer, default).
    defaults: Vec<(String, String)>,
    /// The Rust type it must round-trip through, or why it has none.
    target: Target,
}

enum Target {
    Typed(String),
    Untyped(&'static str),
}

/// Renders the test file.
pub fn render(converted: &Converted, code: &GeneratedCode) -> String {
    let builders = Builders::new(&code.client);
    let mut operations: Vec<&OperationSummary> = converted.operations.iter().collect();
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let cases: Vec<Case> = operations
        .into_iter()
        .flat_map(|op| cases_of(&converted.document, op, &builders))
        .collect();

    let mut out = String::new();
    let _ = writeln!(out, "{}", crate::format::HEADER);
    let _ = writeln!(
        out,
        "// `cargo xtask regenerate` writes this file from the spec's examples \
         (codegen::testgen::conformance); change the spec or an overlay, not this file."
    );
    out.push_str(DOCS);
    out.push_str("\nuse zoom_contact_center::types;\n\n");
    let _ = writeln!(
        out,
        "/// The `what` of an `UNTYPED` entry that stands for all examples of a multipart operation.\n\
         const WHOLE_OPERATION: &str = {WHOLE_OPERATION:?};\n"
    );
    let _ = writeln!(
        out,
        "/// Examples with no typed body to round-trip through, as (operation, what, why); counted, not checked."
    );
    let _ = writeln!(out, "const UNTYPED: &[(&str, &str, &str)] = &[");
    for case in &cases {
        if let Target::Untyped(why) = case.target {
            let _ = writeln!(
                out,
                "    ({:?}, {:?}, {:?}),",
                case.operation, case.what, why
            );
        }
    }
    let _ = writeln!(out, "];\n");
    let _ = writeln!(out, "#[test]");
    let _ = writeln!(out, "fn every_example_round_trips() {{");
    let _ = writeln!(out, "    let outcomes = [");
    for case in &cases {
        if let Target::Typed(ty) = &case.target {
            let defaults: Vec<String> = case
                .defaults
                .iter()
                .map(|(pointer, value)| format!("({pointer:?}, {})", raw_literal(value)))
                .collect();
            let _ = writeln!(
                out,
                "        check::<{ty}>({:?}, {:?}, &[{}], {}),",
                case.operation,
                case.what,
                defaults.join(", "),
                raw_literal(&case.example)
            );
        }
    }
    let _ = writeln!(out, "    ];");
    let _ = writeln!(out, "    conclude(&outcomes);");
    let _ = writeln!(out, "}}");
    out.push_str(SUPPORT);
    out
}

/// The examples of one operation: its request body's, then each response's by status.
fn cases_of(document: &Value, op: &OperationSummary, builders: &Builders<'_>) -> Vec<Case> {
    let mut cases = Vec::new();
    if op.body == BodyKind::Multipart {
        // The converted document leaves multipart operations out (progenitor does not generate
        // them), so their examples are not at hand here: the operation is listed once instead.
        cases.push(Case {
            operation: op.method_name.clone(),
            what: WHOLE_OPERATION.to_owned(),
            example: String::new(),
            defaults: Vec::new(),
            target: Target::Untyped(
                "multipart operation: served by a hand-written method, its examples are not typed bodies",
            ),
        });
        return cases;
    }
    let Some(operation) = document
        .get("paths")
        .and_then(|p| p.get(&op.path))
        .and_then(|p| p.get(op.method.to_ascii_lowercase()))
    else {
        return cases;
    };
    let builder = heck::ToUpperCamelCase::to_upper_camel_case(op.method_name.as_str());
    for (example, defaults) in examples(operation.get("requestBody")) {
        let target = match body_type(builders, &builder) {
            Some(ty) => typed(ty),
            None => Target::Untyped("the request builder has no body field"),
        };
        cases.push(Case {
            operation: op.method_name.clone(),
            what: "request".to_owned(),
            example,
            defaults,
            target,
        });
    }
    if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
        let mut statuses: Vec<&String> = responses.keys().collect();
        statuses.sort();
        for status in statuses {
            for (example, defaults) in examples(responses.get(status)) {
                let target = if status.starts_with('2') {
                    match builders.send_output(&builder).map(tokens) {
                        Some(ty) => typed(ty),
                        None => Target::Untyped("no send() output type found"),
                    }
                } else {
                    // Error bodies are read by the runtime as `ApiErrorBody`, not a generated type.
                    Target::Untyped("error response: read by the runtime, not a generated type")
                };
                cases.push(Case {
                    operation: op.method_name.clone(),
                    what: format!("response {status}"),
                    example,
                    defaults,
                    target,
                });
            }
        }
    }
    cases
}

/// Classifies a Rust type (token text without spaces) as a round-trip target or not.
fn typed(ty: String) -> Target {
    match ty.as_str() {
        "()" => Target::Untyped("empty body: `()`"),
        t if t.contains("ByteStream") || t.contains("reqwest::Body") => {
            Target::Untyped("raw body: bytes, not JSON")
        }
        _ => Target::Typed(ty.replace("types::builder::", "types::")),
    }
}

/// The `example` of every media type of a request body or response, in document order, with the
/// schema defaults of the members it leaves out.
fn examples(holder: Option<&Value>) -> Vec<(String, Vec<(String, String)>)> {
    let Some(content) = holder
        .and_then(|h| h.get("content"))
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    content
        .values()
        .filter_map(|media| Some((media.get("example")?, media.get("schema"))))
        .map(|(example, schema)| {
            let mut defaults = Vec::new();
            if let Some(schema) = schema {
                absent_defaults(schema, example, &mut String::new(), &mut defaults);
            }
            (pretty(example), defaults)
        })
        .collect()
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// Walks `example` along `schema` (`properties`, `items`, `allOf`) and collects, by JSON pointer
/// into the example, every member the example leaves out whose schema declares a `default`.
///
/// typify turns such a property into a plain field filled with the default, so the round trip
/// adds it; OpenAPI reads an absent member with a `default` as that value, so the test fills the
/// same members into the expected side before comparing.
fn absent_defaults(
    schema: &Value,
    example: &Value,
    pointer: &mut String,
    out: &mut Vec<(String, String)>,
) {
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        absent_defaults(part, example, pointer, out);
    }
    match example {
        Value::Object(members) => {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (name, property) in properties {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
                match members.get(name) {
                    Some(member) => absent_defaults(property, member, pointer, out),
                    None => {
                        if let Some(default) = property.get("default") {
                            out.push((pointer.clone(), pretty(default)));
                        }
                    }
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            let Some(item_schema) = schema.get("items") else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{i}");
                absent_defaults(item_schema, item, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// A raw string literal with enough `#`s that no `"#..#` inside the text closes it.
fn raw_literal(text: &str) -> String {
    let mut longest = 0;
    let mut run: Option<usize> = None;
    for c in text.chars() {
        run = match (c, run) {
            ('"', _) => Some(0),
            ('#', Some(n)) => Some(n + 1),
            _ => None,
        };
        if let Some(n) = run {
            longest = longest.max(n);
        }
    }
    let hashes = "#".repeat(longest + 1);
    format!("r{hashes}\"{text}\"{hashes}")
}

/// The type of a request builder's `body` field.
fn body_type(builders: &Builders<'_>, builder: &str) -> Option<String> {
    builders
        .fields(builder)
        .into_iter()
        .find_map(|(name, ty)| (name == "body").then(|| tokens(ty)))
}

fn tokens(ty: &Type) -> String {
    ty.to_token_stream().to_string().replace(' ', "")
}

/// The generated file's module docs.
const DOCS: &str = r#"//! Conformance: every request and response example in Zoom's document (after `overlays/`)
//! deserializes into the Rust type the client uses for it and serializes back to equivalent JSON.
//!
//! The test prints `N of M examples round-trip`, then each failure with its reason. A failure must be
//! listed in `tests/conformance-exceptions.txt` (`operation | what | reason`), and a listed exception
//! that passes (or names no example) fails the test too, so the list cannot rot. An example that
//! contradicts its own schema is fixed in `overlays/` rather than listed.
//!
//! Not counted in M: examples with no typed body to round-trip through: responses whose `send()`
//! returns `()` or a byte stream, error responses, and multipart operations (served by hand-written
//! methods and left out of the converted document, so each is listed once, as `request and
//! responses`, rather than per example). They are listed in `UNTYPED` and counted separately
//! (`K examples have no typed body`).
//!
//! Examples that round-trip only because a string landed in an enum's `Unknown` variant (a value
//! outside the declared enum, kept verbatim for forward compatibility) are listed as notes: they
//! pass, but each is a value the schema does not declare.
"#;

/// The hand-written half of the generated file: the check, the equivalence and the report.
const SUPPORT: &str = r##"
/// What happened to one example.
struct Outcome {
    operation: &'static str,
    what: &'static str,
    type_name: &'static str,
    /// `None` when the example round-trips; otherwise why not.
    failure: Option<String>,
    /// The example round-trips, but through an `Unknown` enum variant.
    unknown_enum_value: bool,
}

/// Deserializes `example` as `T`, serializes it back and compares the two by [`equivalent`].
///
/// `defaults` are the members the example leaves out whose schema declares a `default`, by JSON
/// pointer: OpenAPI reads an absent member as its default and typify fills it in, so the expected
/// side is the example with those members filled in.
fn check<T>(
    operation: &'static str,
    what: &'static str,
    defaults: &[(&str, &str)],
    example: &str,
) -> Outcome
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    let type_name = std::any::type_name::<T>().trim_start_matches("zoom_contact_center::generated::client::");
    let mut outcome = Outcome { operation, what, type_name, failure: None, unknown_enum_value: false };
    let mut expected: serde_json::Value = match serde_json::from_str(example) {
        Ok(v) => v,
        Err(e) => {
            outcome.failure = Some(format!("the example is not JSON: {e}"));
            return outcome;
        }
    };
    for (pointer, default) in defaults {
        if let Err(e) = fill_default(&mut expected, pointer, default) {
            outcome.failure = Some(e);
            return outcome;
        }
    }
    let deserializer = &mut serde_json::Deserializer::from_str(example);
    let value: T = match serde_path_to_error::deserialize(deserializer) {
        Ok(v) => v,
        Err(e) => {
            outcome.failure = Some(format!("does not deserialize: at {}: {}", e.path(), e.inner()));
            return outcome;
        }
    };
    // Debug is the only view of the value without knowing T; `Unknown(` is the catch-all variant
    // that `codegen::enums` adds to every string enum (`UnknownValue(` where `Unknown` was taken).
    let debug = format!("{value:?}");
    outcome.unknown_enum_value = debug.contains("Unknown(\"") || debug.contains("UnknownValue(\"");
    let actual = match serde_json::to_value(&value) {
        Ok(v) => v,
        Err(e) => {
            outcome.failure = Some(format!("does not serialize: {e}"));
            return outcome;
        }
    };
    outcome.failure = equivalent(&expected, &actual).err();
    outcome
}

/// Sets the member at `pointer` (whose parent object must exist) to the JSON text `default`.
fn fill_default(value: &mut serde_json::Value, pointer: &str, default: &str) -> Result<(), String> {
    let (parent, name) = pointer.rsplit_once('/').ok_or_else(|| format!("bad pointer {pointer}"))?;
    let default: serde_json::Value =
        serde_json::from_str(default).map_err(|e| format!("default at {pointer} is not JSON: {e}"))?;
    let members = value
        .pointer_mut(parent)
        .and_then(serde_json::Value::as_object_mut)
        .ok_or_else(|| format!("no object at {parent} for the default at {pointer}"))?;
    members.insert(name.replace("~1", "/").replace("~0", "~"), default);
    Ok(())
}

/// Equivalent JSON, the relation the round trip must preserve:
///
/// - object members compare by name, in any order: JSON objects are unordered (RFC 8259 §4);
/// - an object member whose value is `null`, `[]` or `{}` (after applying this rule inside it) is the
///   same as the member being absent. typify serializes an optional property as absent when it is
///   `None` and skips empty `Vec`s and maps (`skip_serializing_if`), and reads absent, `null` and
///   empty alike back into the same value; an example that writes `"tags": []` or `"note": null`
///   says no more than one that leaves them out. The rule is applied to both sides, at every
///   depth, so a member that carried data can never be dropped unnoticed;
/// - array elements compare in order, and `null` elements are kept (positions carry meaning);
/// - numbers compare by value: `1` equals `1.0` (an `f64` field serializes `1` as `1.0`);
/// - strings and booleans compare exactly.
///
/// Before comparing, [`check`] fills in the schema `default` of each member the example leaves out
/// (absent means the default in OpenAPI; typify materializes it).
fn equivalent(expected: &serde_json::Value, actual: &serde_json::Value) -> Result<(), String> {
    compare(&prune(expected), &prune(actual), &mut String::new())
}

/// Applies the "empty member is absent" rule, recursively.
fn prune(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), prune(v)))
                .filter(|(_, v)| !is_empty(v))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(prune).collect()),
        other => other.clone(),
    }
}

fn is_empty(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        _ => false,
    }
}

/// Compares pruned values; the error names the first difference by JSON pointer.
fn compare(
    expected: &serde_json::Value,
    actual: &serde_json::Value,
    pointer: &mut String,
) -> Result<(), String> {
    use serde_json::Value;
    let at = |p: &str| if p.is_empty() { "/".to_owned() } else { p.to_owned() };
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match a.get(key) {
                    Some(av) => compare(ev, av, pointer)?,
                    None => return Err(format!("{} is dropped (the type has no such field)", at(pointer))),
                }
                pointer.truncate(len);
            }
            match a.keys().find(|k| !e.contains_key(*k)) {
                Some(key) => Err(format!("{}/{key} is added by serialization", pointer)),
                None => Ok(()),
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{}: {} items become {}", at(pointer), e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                let len = pointer.len();
                let _ = std::fmt::Write::write_fmt(pointer, format_args!("/{i}"));
                compare(ev, av, pointer)?;
                pointer.truncate(len);
            }
            Ok(())
        }
        (Value::Number(e), Value::Number(a)) if same_number(e, a) => Ok(()),
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{}: {e} becomes {a}", at(pointer))),
    }
}

fn same_number(e: &serde_json::Number, a: &serde_json::Number) -> bool {
    match (e.as_i64(), a.as_i64(), e.as_u64(), a.as_u64()) {
        (Some(x), Some(y), _, _) => x == y,
        (_, _, Some(x), Some(y)) => x == y,
        _ => e.as_f64() == a.as_f64(),
    }
}

/// `tests/conformance-exceptions.txt` as (operation, what, reason); `#` starts a comment line.
fn exceptions() -> Vec<(String, String, String)> {
    include_str!("../../conformance-exceptions.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let parts: Vec<&str> = line.splitn(3, '|').map(str::trim).collect();
            assert!(
                parts.len() == 3 && parts.iter().all(|p| !p.is_empty()),
                "conformance-exceptions.txt: `{line}` is not `operation | what | reason`"
            );
            (parts[0].to_owned(), parts[1].to_owned(), parts[2].to_owned())
        })
        .collect()
}

/// Prints the summary and fails on any failure not excepted or exception not needed.
fn conclude(outcomes: &[Outcome]) {
    let passed = outcomes.iter().filter(|o| o.failure.is_none()).count();
    println!("{passed} of {} examples round-trip", outcomes.len());
    let operations = UNTYPED.iter().filter(|(_, what, _)| *what == WHOLE_OPERATION).count();
    println!(
        "{} examples have no typed body, nor have the examples of {operations} multipart operations (not counted):",
        UNTYPED.len() - operations
    );
    for (operation, what, why) in UNTYPED {
        println!("  {operation} | {what} | {why}");
    }
    let unknown: Vec<&Outcome> = outcomes.iter().filter(|o| o.unknown_enum_value).collect();
    if !unknown.is_empty() {
        println!("{} examples round-trip only through an `Unknown` enum variant:", unknown.len());
        for o in unknown {
            println!("  {} | {}", o.operation, o.what);
        }
    }
    let excepted = exceptions();
    let is_excepted =
        |o: &Outcome| excepted.iter().any(|(op, what, _)| op == o.operation && what == o.what);
    let mut problems = Vec::new();
    let failures: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    if !failures.is_empty() {
        println!("failures (operation | what | type | reason):");
    }
    for o in &failures {
        let reason = o.failure.as_deref().unwrap_or_default();
        let mark = if is_excepted(o) { "excepted" } else { "NEW" };
        println!("  [{mark}] {} | {} | {} | {reason}", o.operation, o.what, o.type_name);
        if !is_excepted(o) {
            problems.push(format!("{} | {}: {reason}", o.operation, o.what));
        }
    }
    for (op, what, reason) in &excepted {
        match outcomes.iter().find(|o| o.operation == op && o.what == what) {
            None => problems.push(format!("exception `{op} | {what}` names no example ({reason})")),
            Some(o) if o.failure.is_none() => {
                problems.push(format!("exception `{op} | {what}` now round-trips: remove it"))
            }
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "conformance problems:\n{}", problems.join("\n"));
}
"##;

#[cfg(test)]
mod tests {
    use super::{absent_defaults, raw_literal};
    use serde_json::json;

    #[test]
    fn absent_defaults_are_found_by_pointer_through_arrays_and_all_of() {
        let schema = json!({"type": "object", "properties": {
            "kept": {"type": "string", "default": "x"},
            "items": {"type": "array", "items": {"allOf": [{"properties": {
                "a/b": {"type": "integer", "default": 3},
                "c": {"type": "boolean"}
            }}]}}
        }});
        let example = json!({"kept": "y", "items": [{"c": true}, {"a/b": 4}]});
        let mut out = Vec::new();
        absent_defaults(&schema, &example, &mut String::new(), &mut out);
        assert_eq!(out, vec![("/items/0/a~1b".to_owned(), "3".to_owned())]);
    }

    #[test]
    fn raw_literal_outlasts_every_hash_run_after_a_quote() {
        assert_eq!(raw_literal("{}"), "r#\"{}\"#");
        assert_eq!(raw_literal(r##"{"a":"#x"}"##), "r##\"{\"a\":\"#x\"}\"##");
        assert_eq!(raw_literal(r###"x"##y"###), "r###\"x\"##y\"###");
    }
}

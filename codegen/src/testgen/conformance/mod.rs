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
//! The check, the equivalence it applies and the report are hand-written in
//! `tests/src/conformance.rs` (`workspace_tests::conformance`), an ordinary module compiled and
//! linted where it is written; this module writes only the cases and the lists they are judged with.

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
    /// The Rust type it must round-trip through, or why it has none.
    target: Target,
}

pub(crate) enum Target {
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
    out.push_str(
        "\nuse workspace_tests::conformance::{Listed, check, conclude};\n\
         use zoom_contact_center::types;\n\n",
    );
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
            let _ = writeln!(
                out,
                "        check::<{ty}>({:?}, {:?}, {}),",
                case.operation,
                case.what,
                raw_literal(&case.example)
            );
        }
    }
    let _ = writeln!(out, "    ];");
    let _ = writeln!(out, "    let listed = Listed {{");
    let _ = writeln!(out, "        untyped: UNTYPED,");
    let _ = writeln!(out, "        whole_operation: WHOLE_OPERATION,");
    let _ = writeln!(
        out,
        "        exceptions: include_str!(\"../../conformance-exceptions.txt\"),"
    );
    let _ = writeln!(out, "    }};");
    let _ = writeln!(out, "    conclude(&outcomes, listed);");
    let _ = writeln!(out, "}}");
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
    for example in examples(operation.get("requestBody")) {
        let target = match body_type(builders, &builder) {
            Some(ty) => typed(ty),
            None => Target::Untyped("the request builder has no body field"),
        };
        cases.push(Case {
            operation: op.method_name.clone(),
            what: "request".to_owned(),
            example,
            target,
        });
    }
    if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
        let mut statuses: Vec<&String> = responses.keys().collect();
        statuses.sort();
        for status in statuses {
            for example in examples(responses.get(status)) {
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
                    target,
                });
            }
        }
    }
    cases
}

/// Classifies a Rust type (token text without spaces) as a round-trip target or not.
pub(crate) fn typed(ty: String) -> Target {
    match ty.as_str() {
        "()" => Target::Untyped("empty body: `()`"),
        t if t.contains("ByteStream") || t.contains("reqwest::Body") => {
            Target::Untyped("raw body: bytes, not JSON")
        }
        _ => Target::Typed(ty.replace("types::builder::", "types::")),
    }
}

/// The `example` of every media type of a request body or response, in document order.
fn examples(holder: Option<&Value>) -> Vec<String> {
    let Some(content) = holder
        .and_then(|h| h.get("content"))
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    content
        .values()
        .filter_map(|media| media.get("example"))
        .map(pretty)
        .collect()
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// A raw string literal with enough `#`s that no `"#..#` inside the text closes it.
pub(crate) fn raw_literal(text: &str) -> String {
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
pub(crate) fn body_type(builders: &Builders<'_>, builder: &str) -> Option<String> {
    builders
        .fields(builder)
        .into_iter()
        .find_map(|(name, ty)| (name == "body").then(|| tokens(ty)))
}

pub(crate) fn tokens(ty: &Type) -> String {
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

#[cfg(test)]
mod tests {
    use super::raw_literal;

    #[test]
    fn raw_literal_outlasts_every_hash_run_after_a_quote() {
        assert_eq!(raw_literal("{}"), "r#\"{}\"#");
        assert_eq!(raw_literal(r##"{"a":"#x"}"##), "r##\"{\"a\":\"#x\"}\"##");
        assert_eq!(raw_literal(r###"x"##y"###), "r###\"x\"##y\"###");
    }
}

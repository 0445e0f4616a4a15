//! The fidelity test (`tests/tests/fidelity.rs`): the client sends only what the caller set and
//! reports only what Zoom sent, for every operation of the document.
//!
//! Three kinds of case, all made from the document so a spec drop is covered without a hand edit:
//! - every request body type: a value holding only its required properties (at every depth)
//!   serialises to exactly those properties;
//! - every response type: a body holding only its required properties decodes and serialises back
//!   to the same members, so nothing absent is reported as present;
//! - every operation with a JSON body: a call through the client, against a loopback server that
//!   records the request, with the required properties plus one optional one, sends exactly that
//!   body, judged on the recorded bytes (a PATCH that sent a default would overwrite a setting the
//!   caller never touched).
//!
//! The judging is hand-written in `tests/src/fidelity.rs`; this module writes only the cases.

use std::fmt::Write as _;

use proc_macro2::Literal;
use quote::quote;
use serde_json::Value;

use super::conformance::{Target, body_type, raw_literal, tokens, typed};
use super::contract::builder_chain;
use super::values::{required_only, resolve};
use crate::convert::{BodyKind, Converted, OperationSummary};
use crate::generate::GeneratedCode;
use crate::syntax::Builders;

/// One type checked with a required-only value.
struct RoundTrip {
    operation: String,
    what: String,
    ty: String,
    json: String,
}

/// One call and the body it must put on the wire.
struct Call {
    operation: String,
    method: String,
    expected: String,
    chain: proc_macro2::TokenStream,
}

/// Renders the test file.
pub fn render(converted: &Converted, code: &GeneratedCode) -> String {
    let builders = Builders::new(&code.client);
    let document = &converted.document;
    let mut operations: Vec<&OperationSummary> = converted
        .operations
        .iter()
        .filter(|op| op.body != BodyKind::Multipart)
        .collect();
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    let mut calls = Vec::new();
    for op in operations {
        let Some(operation) = document
            .get("paths")
            .and_then(|p| p.get(&op.path))
            .and_then(|p| p.get(op.method.to_ascii_lowercase()))
        else {
            continue;
        };
        let builder = heck::ToUpperCamelCase::to_upper_camel_case(op.method_name.as_str());
        if let Some(schema) = json_schema(document, operation.get("requestBody"))
            && let Some(Target::Typed(ty)) = body_type(&builders, &builder).map(typed)
        {
            requests.push(RoundTrip {
                operation: op.method_name.clone(),
                what: "request".to_owned(),
                ty,
                json: required_only(document, schema).to_string(),
            });
            let body = with_one_optional(document, schema);
            calls.push(Call {
                operation: op.method_name.clone(),
                method: op.method.clone(),
                expected: body.to_string(),
                chain: builder_chain(document, op, operation, &builders, Some(&body)),
            });
        }
        let Some(output) = builders.send_output(&builder).map(tokens) else {
            continue;
        };
        let Target::Typed(ty) = typed(output) else {
            continue;
        };
        for (status, response) in operation
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(status, _)| status.starts_with('2'))
        {
            if let Some(schema) = json_schema(document, Some(response)) {
                responses.push(RoundTrip {
                    operation: op.method_name.clone(),
                    what: format!("response {status}"),
                    ty: ty.clone(),
                    json: required_only(document, schema).to_string(),
                });
            }
        }
    }

    let mut out = String::new();
    let _ = writeln!(out, "{}", crate::format::HEADER);
    out.push_str(DOCS);
    out.push_str(
        "\nuse workspace_tests::arg;\nuse workspace_tests::fidelity::{Recorder, conclude, round_trip, spelling};\n\
         use zoom_contact_center::{Client, types};\n\n",
    );
    round_trip_test(
        &mut out,
        "required_only_request_bodies_serialise_to_exactly_their_required_properties",
        "request bodies",
        &requests,
    );
    round_trip_test(
        &mut out,
        "required_only_responses_serialise_back_to_the_same_members",
        "responses",
        &responses,
    );
    calls_test(&mut out, &calls);
    spellings_test(&mut out, &code.enum_aliases);
    out
}

/// Every other spelling the document uses for a known enum value decodes to that value.
fn spellings_test(out: &mut String, aliases: &[(String, crate::spellings::Alternates)]) {
    let _ = writeln!(
        out,
        "\n#[test]\nfn every_documented_spelling_decodes_to_its_known_value() {{\n    let outcomes = ["
    );
    for (ty, entry) in aliases {
        for alternate in &entry.alternates {
            let _ = writeln!(
                out,
                "        spelling::<types::{ty}>({:?}, {:?}),",
                alternate, entry.name
            );
        }
    }
    let _ = writeln!(out, "    ];\n    conclude(\"spellings\", &outcomes);\n}}");
}

fn round_trip_test(out: &mut String, name: &str, title: &str, cases: &[RoundTrip]) {
    let _ = writeln!(out, "#[test]\nfn {name}() {{\n    let outcomes = [");
    for case in cases {
        let _ = writeln!(
            out,
            "        round_trip::<{}>({:?}, {:?}, {}),",
            case.ty,
            case.operation,
            case.what,
            raw_literal(&case.json)
        );
    }
    let _ = writeln!(out, "    ];\n    conclude({title:?}, &outcomes);\n}}\n");
}

fn calls_test(out: &mut String, calls: &[Call]) {
    let rows = calls.iter().map(|call| {
        let (name, method) = (&call.operation, &call.method);
        let expected = Literal::string(&call.expected);
        quote! { (#name, #method, #expected) }
    });
    let arms = calls.iter().map(|call| {
        let (name, chain) = (&call.operation, &call.chain);
        quote! { #name => Box::pin(async move { let _answer = #chain.send().await; Ok(()) }), }
    });
    let items = quote! {
        /// Every operation with a JSON body as (method name, HTTP method, the body it must send).
        const CALLS: &[(&str, &str, &str)] = &[#(#rows),*];

        /// Sends one operation with the case's body. The answer (`204`, which no typed operation
        /// expects) is ignored: only the request is judged. Each call is boxed, as in the contract
        /// test, so no single future is as large as the largest arm.
        fn call<'a>(name: &str, client: &'a Client) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send + 'a>> {
            match name {
                #(#arms)*
                other => {
                    let message = format!("no call generated for {other}");
                    Box::pin(async move { Err(message) })
                }
            }
        }

        #[tokio::test]
        async fn a_call_setting_one_optional_property_sends_exactly_that_and_the_required_ones() {
            let recorder = Recorder::start().await;
            let client = recorder.client();
            let mut outcomes = Vec::with_capacity(CALLS.len());
            for (name, method, expected) in CALLS {
                let made = call(name, &client).await;
                outcomes.push(recorder.judge(name, method, expected, made).await);
            }
            conclude("calls", &outcomes);
        }
    };
    let text = items.to_string();
    match syn::parse_file(&text) {
        Ok(file) => out.push_str(&prettyplease::unparse(&file)),
        // Cannot happen for quoted items; keep the text so the compiler names the problem.
        Err(_) => out.push_str(&text),
    }
}

/// The JSON schema of a request body or response, if it has one.
fn json_schema<'a>(document: &'a Value, holder: Option<&'a Value>) -> Option<&'a Value> {
    let holder = resolve(document, holder?);
    let content = holder.get("content")?.as_object()?;
    let media = content
        .iter()
        .find(|(media, _)| media.contains("json"))
        .map(|(_, m)| m)?;
    media.get("schema").map(|schema| resolve(document, schema))
}

/// The required-only value plus the first optional top-level property, made the same way.
fn with_one_optional(document: &Value, schema: &Value) -> Value {
    let mut body = required_only(document, schema);
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let optional = schema
        .get("properties")
        .and_then(Value::as_object)
        .and_then(|properties| {
            properties
                .iter()
                .find(|(name, _)| !required.contains(&name.as_str()))
        });
    if let (Value::Object(members), Some((name, property))) = (&mut body, optional) {
        members.insert(name.clone(), required_only(document, property));
    }
    body
}

/// The generated file's module docs.
const DOCS: &str = r#"// `cargo xtask regenerate` writes this file from the spec (codegen::testgen::fidelity);
// change the spec or an overlay, not this file.
//! Fidelity: the client sends only what the caller set and reports only what Zoom sent.
//!
//! - Every request body type: a value holding only its required properties, at every depth,
//!   serialises to exactly those properties (no default, no `false`, no `[]` added).
//! - Every response type: a body holding only its required properties serialises back to the same
//!   members (nothing absent decodes as present).
//! - Every operation with a JSON body: a call through the client with the required properties plus
//!   one optional property puts exactly that body on the wire, judged on the bytes a loopback
//!   server recorded.
//! - Every other spelling the document uses for a known enum value (`codegen::spellings`) decodes
//!   to that value, and encodes as the type's own spelling.
"#;

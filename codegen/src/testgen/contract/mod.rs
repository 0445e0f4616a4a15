//! The contract test (`tests/tests/contract.rs`): one call per operation through the generated client,
//! against Prism serving the overlaid document.
//!
//! Generated, not hand-written, so that an operation added by a spec drop is called without anyone
//! editing the test. The harness (starting Prism, judging answers, the report) is hand-written in
//! `tests/src/contract.rs` (`workspace_tests::contract`), compiled and linted where it is written;
//! this module writes what depends on the document: for each operation a `match` arm calling its
//! builder with values from the document's examples ([`values`]), and the list of operations. Tags
//! and documented error statuses are read by the harness from the overlaid document at run time:
//! the converted one folds error statuses into `4XX`.

use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use syn::Type;

use crate::convert::{BodyKind, Converted, OperationSummary};
use crate::generate::GeneratedCode;
use crate::syntax::{Builders, first_generic};
use crate::testgen::values;

/// Renders the test file.
pub fn render(converted: &Converted, code: &GeneratedCode) -> String {
    let builders = Builders::new(&code.client);
    let document = &converted.document;
    let mut arms = Vec::new();
    let mut rows = Vec::new();
    for op in &converted.operations {
        let name = op.method_name.as_str();
        let operation = document
            .get("paths")
            .and_then(|p| p.get(&op.path))
            .and_then(|item| item.get(op.method.to_ascii_lowercase()));
        let call = match (op.body, operation) {
            (BodyKind::Multipart, _) | (_, None) => multipart_call(document, op),
            (_, Some(operation)) => builder_call(document, op, operation, &builders),
        };
        arms.push(quote! { #name => Box::pin(async move { #call }), });
        let (method, path) = (&op.method, &op.path);
        rows.push(quote! { (#name, #method, #path) });
    }
    let items = quote! {
        use workspace_tests::contract::{Call, Operation, multipart_outcome, outcome};
        use workspace_tests::contract_arg as arg;
        use zoom_contact_center::{Client, types};

        /// Every operation as (method name, HTTP method, path), in document order.
        const OPERATIONS: &[Operation] = &[#(#rows),*];

        /// Calls one operation with the document's example arguments.
        fn call<'a>(name: &str, client: &'a Client) -> Call<'a> {
            match name {
                #(#arms)*
                other => panic!("no call generated for {other}"),
            }
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn every_operation_against_prism() {
            workspace_tests::contract::every_operation_against_prism(OPERATIONS, call).await;
        }
    };
    let text = items.to_string();
    let body = match syn::parse_file(&text) {
        Ok(file) => prettyplease::unparse(&file),
        // Cannot happen for quoted items; keep the text so the compiler names the problem instead
        // of the generator panicking.
        Err(_) => text,
    };
    format!("{}\n{DOCS}\n{body}", crate::format::HEADER)
}

/// The generated file's module docs.
const DOCS: &str =
    "// `cargo xtask regenerate` writes this file from the spec (codegen::testgen::contract);
// change the spec or an overlay, not this file.
//! Contract: every operation of the client against Prism, which validates each request against the
//! document and answers with its examples. The harness is `workspace_tests::contract`
//! (`tests/src/contract.rs`); this file lists the operations and calls each one.
";

/// `outcome(client.name().param(arg!(T, "json"))....send().await)` for a progenitor builder.
fn builder_call(
    document: &Value,
    op: &OperationSummary,
    operation: &Value,
    builders: &Builders<'_>,
) -> TokenStream {
    let body = body_value(document, operation);
    let chain = builder_chain(document, op, operation, builders, body.as_ref());
    quote! { outcome(#chain.send().await) }
}

/// `client.name().param(arg!(T, "json"))...` for a progenitor builder: every required parameter
/// and every parameter with an example, and `body` (when given) as the body.
pub(crate) fn builder_chain(
    document: &Value,
    op: &OperationSummary,
    operation: &Value,
    builders: &Builders<'_>,
    body: Option<&Value>,
) -> TokenStream {
    let method = format_ident!("{}", op.method_name);
    let builder = heck::ToUpperCamelCase::to_upper_camel_case(op.method_name.as_str());
    let parameters = parameters(document, operation);
    let mut setters = Vec::new();
    for (field, ty) in builders.fields(&builder) {
        let ty = ty.clone();
        let setter = format_ident!("{}", field);
        if field == "body" {
            let Some(value) = body else {
                continue;
            };
            let ty = strip_builder(ty);
            let json = Literal::string(&value.to_string());
            setters.push(quote! { .#setter(arg!(#ty, #json)) });
            continue;
        }
        let Some(parameter) = parameters.iter().find(|p| {
            p.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.to_snake_case() == field || sanitise(n) == field)
        }) else {
            continue;
        };
        let required = parameter.get("required").and_then(Value::as_bool) == Some(true)
            || parameter.get("in").and_then(Value::as_str) == Some("path");
        let example = values::example_of(document, parameter);
        let value = match (example, required) {
            (Some(example), _) => example,
            (None, true) => parameter
                .get("schema")
                .map_or(Value::String("example".into()), |s| {
                    values::synthesise(document, s)
                }),
            (None, false) => continue,
        };
        let (ty, _optional) = unwrap_option(ty);
        let json = Literal::string(&value.to_string());
        setters.push(quote! { .#setter(arg!(#ty, #json)) });
    }
    quote! { client.#method() #(#setters)* }
}

/// A hand-written multipart method: path parameters as `&str`, then a form with every documented
/// field (text parts, and a small JSON file for binary ones).
fn multipart_call(document: &Value, op: &OperationSummary) -> TokenStream {
    let method = format_ident!("{}", op.method_name);
    let path_args = op
        .path
        .split('/')
        .filter(|s| s.starts_with('{'))
        .map(|_| quote! { "example" });
    let mut parts = Vec::new();
    if let Some(schema) = &op.body_schema {
        let schema = values::resolve(document, schema);
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (field, property) in properties {
                let property = values::resolve(document, property);
                if property.get("format").and_then(Value::as_str) == Some("binary") {
                    parts.push(quote! {
                        .part(#field, reqwest::multipart::Part::bytes(b"{}".to_vec()).file_name("example.json"))
                    });
                    continue;
                }
                let value = values::synthesise(document, property);
                let text = match value {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                parts.push(quote! { .text(#field, #text) });
            }
        }
    }
    quote! {
        let form = reqwest::multipart::Form::new() #(#parts)*;
        multipart_outcome(client.#method(#(#path_args,)* form).await)
    }
}

/// The operation's parameters (path-item level ones are merged by the convert stage), resolved.
fn parameters<'a>(document: &'a Value, operation: &'a Value) -> Vec<&'a Value> {
    operation
        .get("parameters")
        .and_then(Value::as_array)
        .map(|list| list.iter().map(|p| values::resolve(document, p)).collect())
        .unwrap_or_default()
}

/// The JSON body to send: the media type's example, else one made up from its schema.
fn body_value(document: &Value, operation: &Value) -> Option<Value> {
    let body = values::resolve(document, operation.get("requestBody")?);
    let media = body.get("content")?.as_object()?.values().next()?;
    values::example_of(document, media)
        .or_else(|| media.get("schema").map(|s| values::synthesise(document, s)))
}

/// progenitor's name for a parameter that is not a plain identifier.
fn sanitise(name: &str) -> String {
    name.replace(['-', '.', '[', ']'], "_").to_snake_case()
}

/// `Option<T>` -> (`T`, true).
fn unwrap_option(ty: Type) -> (Type, bool) {
    if let Type::Path(p) = &ty
        && p.path.segments.last().is_some_and(|s| s.ident == "Option")
        && let Some(inner) = first_generic(&ty)
    {
        return (inner.clone(), true);
    }
    (ty, false)
}

/// `types::builder::X` (the builder's staging type) -> `types::X` (what the setter takes).
pub(crate) fn strip_builder(ty: Type) -> Type {
    let mut ty = ty;
    if let Type::Path(p) = &mut ty {
        let segments: Vec<_> = p.path.segments.iter().cloned().collect();
        if segments.len() == 3 && segments[0].ident == "types" && segments[1].ident == "builder" {
            p.path.segments = [segments[0].clone(), segments[2].clone()]
                .into_iter()
                .collect();
        }
    }
    ty
}

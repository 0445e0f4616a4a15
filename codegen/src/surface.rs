//! A compact listing of the generated public surface, for snapshot review.
//!
//! Reviewers read this instead of the generated code: one line per operation (method name, HTTP
//! method, path, parameters with types, body type, response type, stream item), then every type with
//! its fields or values. A spec drop shows up as a small, readable diff of this listing.

use std::collections::HashMap;
use std::fmt::Write;

use quote::ToTokens;
use syn::visit::Visit;
use syn::{Fields, Item, Type};

use crate::convert::{BodyKind, Converted};
use crate::generate::GeneratedCode;
use crate::syntax::{Builders, module_items, serde_rename};

/// Renders the listing.
pub fn render(converted: &Converted, code: &GeneratedCode) -> String {
    let builders = Builders::new(&code.client);
    let types = module_items(&code.client, "types");
    let streams = stream_items(&code.pagination);
    let mut out = String::new();
    let counts = code.features.operation_counts();
    let _ = writeln!(out, "# Features ({}, and `full`)", counts.len());
    for (feature, count) in &counts {
        let _ = writeln!(out, "{feature} ({}): {count}", code.features.tags[*feature]);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "# Operations ({})", converted.operations.len());
    let mut operations: Vec<_> = converted.operations.iter().collect();
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    for op in operations {
        let label = op.markers.rate_limit_label.as_deref().unwrap_or("-");
        if op.body == BodyKind::Multipart {
            let _ = writeln!(
                out,
                "{} {} {} [{label}] multipart (hand-written)",
                op.method_name, op.method, op.path
            );
            continue;
        }
        let builder = heck::ToUpperCamelCase::to_upper_camel_case(op.method_name.as_str());
        let (params, body) = builder_fields(&builders, &builder);
        let response = builders
            .send_output(&builder)
            .map(compact)
            .unwrap_or_else(|| "?".into());
        let mut line = format!(
            "{} {} {} [{label}] ({}) body: {} -> {}",
            op.method_name,
            op.method,
            op.path,
            params.join(", "),
            body.unwrap_or_else(|| "-".into()),
            response
        );
        if let Some(item) = streams.iter().find(|(b, _)| *b == builder).map(|(_, i)| i) {
            let _ = write!(line, " stream: {item}");
        }
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "\n# Types");
    write_types(&mut out, types);
    out
}

/// One line per type of `types` (fields or values), sorted by name.
fn write_types(out: &mut String, types: &[Item]) {
    let values = enum_values(types);
    let mut listed: Vec<(String, String)> = types
        .iter()
        .filter_map(|item| describe_type(item, &values))
        .collect();
    listed.sort();
    for (_, line) in listed {
        let _ = writeln!(out, "{line}");
    }
}

/// Enum name -> variant name -> the string it stands for, read from the `FromStr` impls. The
/// forward-compatible enums carry no `#[serde(rename)]` (see `enums.rs`); their mapping lives there.
type EnumValues = HashMap<String, HashMap<String, String>>;

fn enum_values(types: &[Item]) -> EnumValues {
    let mut out = EnumValues::new();
    for item in types {
        let Item::Impl(imp) = item else { continue };
        let is_from_str = imp
            .trait_
            .as_ref()
            .and_then(|(_, path, _)| path.segments.last())
            .is_some_and(|s| s.ident == "FromStr");
        let Some(name) = crate::syntax::last_ident(&imp.self_ty).filter(|_| is_from_str) else {
            continue;
        };
        let mut arms = FromStrArms(HashMap::new());
        arms.visit_item_impl(imp);
        out.insert(name, arms.0);
    }
    out
}

/// `"a_b" => Ok(Self::AB)` arms, as variant -> value.
struct FromStrArms(HashMap<String, String>);

impl<'ast> Visit<'ast> for FromStrArms {
    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        if let syn::Pat::Lit(syn::PatLit {
            lit: syn::Lit::Str(value),
            ..
        }) = &arm.pat
        {
            let body = arm.body.to_token_stream().to_string().replace(' ', "");
            if let Some(variant) = body
                .strip_prefix("Ok(Self::")
                .and_then(|rest| rest.strip_suffix(')'))
            {
                self.0.insert(variant.to_owned(), value.value());
            }
        }
        syn::visit::visit_arm(self, arm);
    }
}

fn describe_type(item: &Item, values: &EnumValues) -> Option<(String, String)> {
    match item {
        Item::Struct(s) => {
            let fields = match &s.fields {
                Fields::Named(named) => named
                    .named
                    .iter()
                    .map(|f| {
                        let name = f
                            .ident
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default();
                        format!("{name}: {}", compact(&f.ty))
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                Fields::Unnamed(unnamed) => unnamed
                    .unnamed
                    .iter()
                    .map(|f| compact(&f.ty))
                    .collect::<Vec<_>>()
                    .join(", "),
                Fields::Unit => String::new(),
            };
            Some((
                s.ident.to_string(),
                format!("struct {} {{ {fields} }}", s.ident),
            ))
        }
        Item::Enum(e) => {
            let variants = e
                .variants
                .iter()
                .map(|v| match &v.fields {
                    Fields::Unit => {
                        let ident = v.ident.to_string();
                        match values.get(&e.ident.to_string()).and_then(|m| m.get(&ident)) {
                            Some(value) if *value != ident => format!("{value:?}"),
                            Some(_) => ident,
                            None => serde_rename(&v.attrs)
                                .map(|value| format!("{value:?}"))
                                .unwrap_or(ident),
                        }
                    }
                    Fields::Unnamed(u) => {
                        let inner: Vec<String> = u.unnamed.iter().map(|f| compact(&f.ty)).collect();
                        format!("{}({})", v.ident, inner.join(", "))
                    }
                    Fields::Named(_) => format!("{} {{ .. }}", v.ident),
                })
                .collect::<Vec<_>>()
                .join(" | ");
            Some((
                e.ident.to_string(),
                format!("enum {} = {variants}", e.ident),
            ))
        }
        Item::Type(t) => Some((
            t.ident.to_string(),
            format!("type {} = {}", t.ident, compact(&t.ty)),
        )),
        _ => None,
    }
}

fn builder_fields(builders: &Builders<'_>, builder: &str) -> (Vec<String>, Option<String>) {
    let mut params = Vec::new();
    let mut body = None;
    for (name, ty) in builders.fields(builder) {
        let ty = compact(ty);
        if name == "body" {
            body = Some(ty.trim_start_matches("builder::").to_owned());
        } else {
            params.push(format!("{name}: {ty}"));
        }
    }
    (params, body)
}

fn stream_items(pagination: &syn::File) -> Vec<(String, String)> {
    pagination
        .items
        .iter()
        .filter_map(|item| {
            let Item::Impl(imp) = item else { return None };
            let Type::Path(p) = &*imp.self_ty else {
                return None;
            };
            let builder = p.path.segments.last()?.ident.to_string();
            let text = imp.to_token_stream().to_string();
            let start = text.find("Item = Result <")? + "Item = Result <".len();
            let end = text[start..].find(", crate :: Error")?;
            Some((builder, squeeze(&text[start..start + end])))
        })
        .collect()
}

fn compact(ty: &Type) -> String {
    squeeze(&ty.to_token_stream().to_string())
}

/// `:: std :: option :: Option < types :: X >` -> `Option<X>`.
fn squeeze(text: &str) -> String {
    let mut s = text.replace(' ', "");
    for prefix in [
        "::std::option::",
        "::std::string::",
        "::std::vec::",
        "::std::collections::",
        "::serde_json::",
        "::std::",
        "types::",
        "super::",
    ] {
        s = s.replace(prefix, "");
    }
    s.replace(',', ", ")
}

/// The webhook part of the listing: one line per event (wire name, `Event` variant and payload
/// type, scopes), then every payload type with its fields or values, as for the client's types.
pub fn render_webhooks(outputs: &crate::webhooks::WebhookOutputs) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Webhook events ({})", outputs.events.len());
    let mut events: Vec<_> = outputs.events.iter().collect();
    events.sort_by(|a, b| a.name.cmp(&b.name));
    for event in events {
        let scopes = |list: &[String]| {
            if list.is_empty() {
                "-".to_owned()
            } else {
                list.join(", ")
            }
        };
        let _ = writeln!(
            out,
            "{} -> Event::{}(payloads::{}) scopes: {}; granular: {}",
            event.name,
            event.type_name,
            event.type_name,
            scopes(&event.markers.scopes),
            scopes(&event.markers.granular_scopes)
        );
    }
    let _ = writeln!(out, "\n# Webhook payload types");
    write_types(&mut out, module_items(&outputs.code, "payloads"));
    out
}

//! `stream()` for every operation that pages with `next_page_token`.
//!
//! The item type and the optionality of the page's fields are read from the generated types, not
//! guessed from the document, so the stream always matches what progenitor emitted.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;
use syn::{Item, Type};

use crate::convert::OperationSummary;
use crate::error::Error;
use crate::syntax::{Builders, first_generic, last_ident, module_items, type_item_name};

/// Renders the pagination impls; operations whose shapes do not fit are listed with the reason.
pub(super) fn render(
    client: &syn::File,
    operations: &[OperationSummary],
) -> Result<(syn::File, Vec<(String, String)>), Error> {
    let types = module_items(client, "types");
    let builders = Builders::new(client);
    let type_names: BTreeSet<String> = types.iter().filter_map(type_item_name).collect();
    let mut impls = Vec::new();
    let mut skipped = Vec::new();
    for op in operations {
        let Some(items_property) = &op.paginated_items else {
            continue;
        };
        match page_shape(
            types,
            &builders,
            &op.method_name,
            items_property,
            &type_names,
        ) {
            Ok(shape) => impls.push(render_one(op, items_property, shape)),
            Err(reason) => skipped.push((op.method_name.clone(), reason)),
        }
    }
    let tokens = quote! {
        use super::client::{builder, types};

        #(#impls)*
    };
    Ok((super::parse_file(tokens)?, skipped))
}

struct PageShape {
    item: Type,
    items_optional: bool,
    token_optional: bool,
}

fn render_one(op: &OperationSummary, items_property: &str, shape: PageShape) -> TokenStream {
    let builder = format_ident!("{}", op.method_name.to_upper_camel_case());
    let items_field = format_ident!("{}", crate::names::field_name(items_property));
    let item = shape.item;
    let items = if shape.items_optional {
        quote! { page.#items_field.unwrap_or_default() }
    } else {
        quote! { page.#items_field }
    };
    let token = if shape.token_optional {
        quote! { page.next_page_token }
    } else {
        quote! { Some(page.next_page_token) }
    };
    let doc = format!(
        "Streams every `{items_property}` item of every page of [`Client::{}`](crate::Client::{}).\n\n\
         Pages are fetched lazily, one when the previous page's items are used up; the filters and \
         `page_size` set on this builder are sent with every page. The stream ends after the page \
         whose `next_page_token` is empty. A page token expires after 15 minutes: a stream left idle \
         longer ends with [`Error::PageTokenExpired`](crate::Error::PageTokenExpired).",
        op.method_name, op.method_name
    );
    quote! {
        impl<'a> builder::#builder<'a> {
            #[doc = #doc]
            pub fn stream(self) -> impl futures::Stream<Item = Result<#item, crate::Error>> + 'a {
                crate::runtime::pagination::paginate(self, |builder: Self, token: Option<String>| async move {
                    let builder = match token {
                        Some(token) => builder.next_page_token(token),
                        None => builder,
                    };
                    let page = builder.send().await?.into_inner();
                    Ok((#items, #token))
                })
            }
        }
    }
}

fn page_shape(
    types: &[Item],
    builders: &Builders<'_>,
    method_name: &str,
    items_property: &str,
    type_names: &BTreeSet<String>,
) -> Result<PageShape, String> {
    let builder = method_name.to_upper_camel_case();
    let response = builders
        .send_output(&builder)
        .ok_or_else(|| format!("no `send` on builder `{builder}`"))?;
    let response_name = last_ident(response).ok_or("the response is not a named type")?;
    let fields = struct_fields(types, &response_name)
        .ok_or_else(|| format!("the response `{response_name}` is not a struct"))?;
    let field = |name: &str| {
        let ident = crate::names::field_name(name);
        fields
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|i| *i == ident))
            .map(|f| f.ty.clone())
    };
    let items = field(items_property).ok_or("the items field is missing")?;
    let token = field("next_page_token").ok_or("the `next_page_token` field is missing")?;
    let (items, items_optional) = unwrap_generic(&items, "Option")
        .map(|inner| (inner, true))
        .unwrap_or((items, false));
    let mut item = unwrap_generic(&items, "Vec").ok_or("the items field is not a Vec")?;
    let token_optional = unwrap_generic(&token, "Option").is_some();
    QualifyTypes { type_names }.visit_type_mut(&mut item);
    Ok(PageShape {
        item,
        items_optional,
        token_optional,
    })
}

/// The fields of the struct `name`. progenitor names the kept type of a merged shape
/// (`convert::shapes`), never an alias, so the response is a struct of `types` or not one at all.
fn struct_fields<'a>(types: &'a [Item], name: &str) -> Option<&'a syn::Fields> {
    types.iter().find_map(|item| match item {
        Item::Struct(s) if s.ident == name => Some(&s.fields),
        _ => None,
    })
}

fn unwrap_generic(ty: &Type, wrapper: &str) -> Option<Type> {
    (last_ident(ty)? == wrapper)
        .then(|| first_generic(ty).cloned())
        .flatten()
}

/// Inside `mod types` typify names its own types bare; from outside they need `types::`.
struct QualifyTypes<'a> {
    type_names: &'a BTreeSet<String>,
}

impl VisitMut for QualifyTypes<'_> {
    fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
        if node.qself.is_none()
            && node.path.leading_colon.is_none()
            && node.path.segments.len() == 1
            && self
                .type_names
                .contains(&node.path.segments[0].ident.to_string())
        {
            node.path.segments.insert(0, format_ident!("types").into());
        }
        syn::visit_mut::visit_type_path_mut(self, node);
    }
}

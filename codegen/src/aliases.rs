//! Property names Zoom spells several ways decode into the same field: `#[serde(alias = "..")]`.
//!
//! Where one operation documents `date_time` and another `dateTime` for the same concept
//! (see [`crate::spellings`]), each generated struct still sends its own operation's spelling, but
//! accepts every other spelling the document uses on decode, so a response that uses another
//! endpoint's spelling fills the field instead of dropping the value.
//!
//! Why a pass over progenitor's output: typify has no setting for serde aliases, and the field a
//! property becomes (after typify's naming and the merge of same-shaped types) is only known there.

use proc_macro2::Span;
use syn::{Fields, Item, LitStr, parse_quote};

use crate::spellings::{Alternates, Spellings};
use crate::syntax::{module_items_mut, serde_rename};

/// Adds the aliases to every struct of the `types` module; returns (struct name, field's JSON name
/// and its aliases), in file order.
pub fn add_field_aliases(
    client: &mut syn::File,
    spellings: &Spellings,
) -> Vec<(String, Alternates)> {
    let mut added = Vec::new();
    let Some(types) = module_items_mut(&mut client.items, "types") else {
        return added;
    };
    for item in types.iter_mut() {
        let Item::Struct(definition) = item else {
            continue;
        };
        let Fields::Named(fields) = &mut definition.fields else {
            continue;
        };
        let names: Vec<String> = fields.named.iter().map(json_name).collect();
        let found = spellings.property_alternates(names.iter().map(String::as_str));
        for field in fields.named.iter_mut() {
            let name = json_name(field);
            let Some(entry) = found.iter().find(|a| a.name == name) else {
                continue;
            };
            for alternate in &entry.alternates {
                let literal = LitStr::new(alternate, Span::call_site());
                field
                    .attrs
                    .push(parse_quote! { #[serde(alias = #literal)] });
            }
        }
        let owner = definition.ident.to_string();
        added.extend(found.into_iter().map(|a| (owner.clone(), a)));
    }
    added
}

/// The field's name in Zoom's JSON: its `#[serde(rename)]`, else its Rust name without `r#`.
fn json_name(field: &syn::Field) -> String {
    serde_rename(&field.attrs).unwrap_or_else(|| {
        field
            .ident
            .as_ref()
            .map(|ident| ident.to_string().trim_start_matches("r#").to_owned())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;
    use serde_json::json;

    use super::*;

    #[test]
    fn aliases_go_on_the_field_whose_json_name_has_other_spellings() {
        let spellings = Spellings::of(&json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"dateTime": {}, "name": {}}},
            "B": {"type": "object", "properties": {"date_time": {}, "Name": {}}}
        }}}));
        let mut file: syn::File = parse_quote! {
            pub mod types {
                pub struct A {
                    #[serde(rename = "dateTime")]
                    pub date_time: String,
                    pub name: String,
                    #[serde(rename = "Name")]
                    pub name_2: String,
                }
            }
        };
        let added = add_field_aliases(&mut file, &spellings);
        assert_eq!(
            added.len(),
            1,
            "`name` and `Name` are siblings: neither gets an alias"
        );
        assert_eq!(added[0].0, "A");
        assert_eq!(added[0].1.name, "dateTime");
        let text = file.to_token_stream().to_string();
        assert!(text.contains("# [serde (alias = \"date_time\")] pub date_time"));
    }
}

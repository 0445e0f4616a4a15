//! The names `convert::shapes` merged away, as `pub type` aliases beside typify's types.
//!
//! Why here: typify emits a type for each schema it reads and nothing for a name no schema has
//! any more, and no setting adds an alias. Every name typify gave a type in an earlier release
//! must still compile (ARCHITECTURE's invariant), so each merged-away name is written as
//! `pub type Name = Kept;` in `types`, and as the same alias in `types::builder` where the kept
//! type has a builder (the struct builders `prune` may drop later, with their aliases).

use std::collections::BTreeSet;

use syn::Item;

use crate::convert::shapes::Alias;
use crate::syntax::{module_items_mut, type_item_name};

/// Adds the aliases to the `types` module (and its `builder` module), each where its name sorts
/// among typify's types. Returns how many were added.
pub(crate) fn add(client: &mut syn::File, aliases: &[Alias]) -> usize {
    let Some(types) = module_items_mut(&mut client.items, "types") else {
        return 0;
    };
    let builders: BTreeSet<String> = module_items_mut(types, "builder")
        .map(|items| items.iter().filter_map(type_item_name).collect())
        .unwrap_or_default();
    insert_sorted(types, aliases.iter().map(alias_item));
    if let Some(builder) = module_items_mut(types, "builder") {
        insert_sorted(
            builder,
            aliases
                .iter()
                .filter(|a| builders.contains(&a.kept))
                .map(|a| {
                    let ident = syn::Ident::new(&a.name, proc_macro2::Span::call_site());
                    let target = syn::Ident::new(&a.kept, proc_macro2::Span::call_site());
                    let doc = format!(" The builder of [`super::{}`].", a.name);
                    syn::parse_quote! {
                        #[doc = #doc]
                        pub type #ident = #target;
                    }
                }),
        );
    }
    aliases.len()
}

fn alias_item(alias: &Alias) -> Item {
    let ident = syn::Ident::new(&alias.name, proc_macro2::Span::call_site());
    let target = syn::Ident::new(&alias.kept, proc_macro2::Span::call_site());
    let note = format!(
        " Zoom's document spells out the same shape as [`{}`] here; one type serves both.",
        alias.kept
    );
    match &alias.description {
        Some(description) => syn::parse_quote! {
            #[doc = #description]
            #[doc = ""]
            #[doc = #note]
            pub type #ident = #target;
        },
        None => syn::parse_quote! {
            #[doc = #note]
            pub type #ident = #target;
        },
    }
}

/// Inserts each new item before the first definition whose name sorts after it (typify emits its
/// definitions sorted by name, impls after their type), or at the end.
fn insert_sorted(items: &mut Vec<Item>, new: impl Iterator<Item = Item>) {
    let mut new: Vec<(String, Item)> = new
        .filter_map(|item| Some((type_item_name(&item)?, item)))
        .collect();
    if new.is_empty() {
        return;
    }
    new.sort_by(|a, b| a.0.cmp(&b.0));
    let old = std::mem::take(items);
    let mut pending = new.into_iter().peekable();
    for item in old {
        if let Some(name) = type_item_name(&item) {
            while pending.peek().is_some_and(|(next, _)| *next < name) {
                if let Some((_, alias)) = pending.next() {
                    items.push(alias);
                }
            }
        }
        items.push(item);
    }
    items.extend(pending.map(|(_, item)| item));
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn aliases_sort_among_the_types_and_builders_follow_the_kept_type() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Alpha { pub id: String }
                impl Alpha { pub fn builder() -> builder::Alpha { todo!() } }
                pub enum Zulu { A }
                pub mod builder {
                    pub struct Alpha { id: Result<String, String> }
                }
            }
        };
        let aliases = [
            Alias {
                name: "Mike".into(),
                kept: "Alpha".into(),
                description: Some("A mike.".into()),
            },
            Alias {
                name: "Yankee".into(),
                kept: "Zulu".into(),
                description: None,
            },
        ];
        assert_eq!(add(&mut file, &aliases), 2);
        let out = prettyplease::unparse(&file);
        let mike = out.find("pub type Mike = Alpha;").unwrap();
        let zulu = out.find("pub enum Zulu").unwrap();
        assert!(
            out.find("impl Alpha").unwrap() < mike && mike < zulu,
            "{out}"
        );
        assert!(out.find("pub type Yankee = Zulu;").unwrap() < zulu, "{out}");
        assert!(out.contains("///A mike.\n    ///\n    /// Zoom's"), "{out}");
        let builder = &out[out.find("pub mod builder").unwrap()..];
        assert!(builder.contains("pub type Mike = Alpha;"), "{builder}");
        assert!(!builder.contains("Yankee"), "{builder}");
    }
}

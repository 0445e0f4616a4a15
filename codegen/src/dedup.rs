//! Merges the generated types that have the same shape into one type, keeping every name.
//!
//! Why: Zoom's document writes every schema inline, so the same object (a queue, an agent, a page
//! of users) is spelled out again in each operation that returns or takes it, and typify emits one
//! type per spelling: 1,658 structs and enums, about half of them copies. Each copy brings its own
//! serde, `Clone`, `Debug` and builder code, and the crate's compile time scales with that code.
//!
//! How: two types are the same when their definitions are token for token the same after doc
//! comments are dropped and every type they name is itself replaced by its class (partition
//! refinement, as in DFA minimisation, so recursive and nested shapes merge as wholes). Each class
//! keeps one definition, under the shortest name (ties: alphabetical); every other name becomes
//! `pub type Name = Kept;` with its own doc comment, so code and docs that use any name still work.
//! The impls of a merged-away type go (the kept type has the same ones), and so does its typify
//! builder, which becomes an alias of the kept type's builder.
//!
//! Field docs come from the kept definition. Where Zoom describes the same field in different
//! words in two operations, the wording of one of them is shown for both; that is the price of one
//! type, and the alias's own doc comment (the type-level description) is kept.

use std::collections::{BTreeMap, HashMap};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::{Attribute, Item};

use crate::syntax::{impl_owner, module_items_mut};

/// Merges same-shaped types in `types` (and their builders in `types::builder`); returns how many
/// names became aliases. Running it twice changes nothing the second time.
pub fn dedup_types(client: &mut syn::File) -> usize {
    let Some(types) = module_items_mut(&mut client.items, "types") else {
        return 0;
    };
    let aliases = classes(types);
    if aliases.is_empty() {
        return 0;
    }
    rewrite(types, &aliases);
    if let Some(builders) = module_items_mut(types, "builder") {
        let builder_names: std::collections::HashSet<String> = builders
            .iter()
            .filter_map(|item| match item {
                Item::Struct(s) => Some(s.ident.to_string()),
                _ => None,
            })
            .collect();
        // A builder alias needs both builders; typify emits them for the same kinds of types, so
        // either both exist or neither does.
        let builder_aliases: BTreeMap<String, String> = aliases
            .iter()
            .filter(|(alias, kept)| builder_names.contains(*alias) && builder_names.contains(*kept))
            .map(|(a, k)| (a.clone(), k.clone()))
            .collect();
        rewrite(builders, &builder_aliases);
    }
    aliases.len()
}

/// Alias name -> kept name, for every type that has the same shape as another.
fn classes(types: &[Item]) -> BTreeMap<String, String> {
    let definitions: Vec<(String, Vec<Token>)> = {
        let names: HashMap<String, usize> = types
            .iter()
            .filter_map(definition_name)
            .enumerate()
            .map(|(i, name)| (name, i))
            .collect();
        let mut definitions: Vec<(String, Vec<Token>)> = types
            .iter()
            .filter_map(|item| {
                let name = definition_name(item)?;
                Some((name, tokens_without_docs(item, &names)))
            })
            .collect();
        // A type's impls are part of its shape: typify puts the allowed values of an integer enum
        // (`struct Level(i64)`) in its `TryFrom<i64>` impl, not in the struct.
        let set: std::collections::HashSet<String> = names.keys().cloned().collect();
        for item in types {
            if let Item::Impl(imp) = item
                && let Some(i) = impl_owner(imp, &set).and_then(|o| names.get(&o))
            {
                flatten(imp.to_token_stream(), &names, &mut definitions[*i].1);
            }
        }
        definitions
    };
    // Start with one class for all, then split by signature until nothing splits.
    let mut class: Vec<usize> = vec![0; definitions.len()];
    let mut count = 1;
    loop {
        let mut signatures: HashMap<Vec<Sig<'_>>, usize> = HashMap::new();
        let next: Vec<usize> = definitions
            .iter()
            .map(|(_, tokens)| {
                let signature: Vec<Sig<'_>> = tokens
                    .iter()
                    .map(|t| match t {
                        Token::Text(text) => Sig::Text(text),
                        Token::Definition(i) => Sig::Class(class[*i]),
                    })
                    .collect();
                let fresh = signatures.len();
                *signatures.entry(signature).or_insert(fresh)
            })
            .collect();
        let next_count = signatures.len();
        class = next;
        if next_count == count {
            break;
        }
        count = next_count;
    }
    let mut members: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for ((name, _), c) in definitions.iter().zip(&class) {
        members.entry(*c).or_default().push(name);
    }
    let mut aliases = BTreeMap::new();
    for names in members.values().filter(|names| names.len() > 1) {
        let Some(kept) = names.iter().min_by_key(|n| (n.len(), **n)) else {
            continue;
        };
        for name in names.iter().filter(|n| *n != kept) {
            aliases.insert((*name).to_owned(), (*kept).to_owned());
        }
    }
    aliases
}

#[derive(PartialEq, Eq, Hash)]
enum Sig<'a> {
    Text(&'a str),
    Class(usize),
}

/// A definition's tokens: text, or a reference to another definition (by index).
enum Token {
    Text(String),
    Definition(usize),
}

fn definition_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        _ => None,
    }
}

fn tokens_without_docs(item: &Item, names: &HashMap<String, usize>) -> Vec<Token> {
    let mut item = item.clone();
    let strip = |attrs: &mut Vec<Attribute>| attrs.retain(|a| !a.path().is_ident("doc"));
    match &mut item {
        // A trailing comma is spelling, not shape.
        Item::Struct(s) => {
            strip(&mut s.attrs);
            s.fields.iter_mut().for_each(|f| strip(&mut f.attrs));
            if let syn::Fields::Named(named) = &mut s.fields {
                named.named.pop_punct();
            }
        }
        Item::Enum(e) => {
            strip(&mut e.attrs);
            e.variants.iter_mut().for_each(|v| strip(&mut v.attrs));
            e.variants.pop_punct();
        }
        _ => {}
    }
    let mut out = Vec::new();
    flatten(item.into_token_stream(), names, &mut out);
    out
}

fn flatten(stream: TokenStream, names: &HashMap<String, usize>, out: &mut Vec<Token>) {
    for tree in stream {
        match tree {
            TokenTree::Group(group) => {
                out.push(Token::Text(format!("{:?}(", group.delimiter())));
                flatten(group.stream(), names, out);
                out.push(Token::Text(")".to_owned()));
            }
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                match names.get(&text) {
                    Some(i) => out.push(Token::Definition(*i)),
                    None => out.push(Token::Text(text)),
                }
            }
            other => out.push(Token::Text(other.to_string())),
        }
    }
}

/// Replaces the definitions of aliased names with `pub type` aliases and drops their impls.
fn rewrite(items: &mut Vec<Item>, aliases: &BTreeMap<String, String>) {
    let definitions: std::collections::HashSet<String> =
        items.iter().filter_map(definition_name).collect();
    items.retain_mut(|item| {
        if let Some(name) = definition_name(item)
            && let Some(kept) = aliases.get(&name)
        {
            *item = alias_item(item, &name, kept);
            return true;
        }
        match item {
            Item::Impl(imp) => {
                impl_owner(imp, &definitions).is_none_or(|o| !aliases.contains_key(&o))
            }
            _ => true,
        }
    });
}

fn alias_item(item: &Item, name: &str, kept: &str) -> Item {
    let docs: Vec<Attribute> = match item {
        Item::Struct(s) => s.attrs.clone(),
        Item::Enum(e) => e.attrs.clone(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|a| a.path().is_ident("doc"))
    .collect();
    let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
    let target = syn::Ident::new(kept, proc_macro2::Span::call_site());
    let note = format!(
        " Zoom's document spells out the same shape as [`{kept}`] here; one type serves both."
    );
    let separator = if docs.is_empty() {
        None
    } else {
        Some(quote::quote!(#[doc = ""]))
    };
    syn::parse_quote! {
        #(#docs)*
        #separator
        #[doc = #note]
        pub type #ident = #target;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> syn::File {
        syn::parse_quote! {
            pub mod types {
                /// A queue, as `list_queues` spells it.
                #[derive(Clone, Debug)]
                pub struct ListQueuesItem { pub id: String, pub agent: ListQueuesItemAgent }
                /// Its agent.
                #[derive(Clone, Debug)]
                pub struct ListQueuesItemAgent { pub name: String }
                /// A queue, as `get_queue` spells it.
                #[derive(Clone, Debug)]
                pub struct GetQueueResponse {
                    /// Described in other words here.
                    pub id: String,
                    pub agent: GetQueueResponseAgent,
                }
                #[derive(Clone, Debug)]
                pub struct GetQueueResponseAgent { pub name: String }
                /// Same fields, other nested shape: not merged.
                #[derive(Clone, Debug)]
                pub struct Other { pub id: String, pub agent: OtherAgent }
                #[derive(Clone, Debug)]
                pub struct OtherAgent { pub name: i64 }
                impl GetQueueResponse { pub fn builder() -> builder::GetQueueResponse { Default::default() } }
                impl ListQueuesItem { pub fn builder() -> builder::ListQueuesItem { Default::default() } }
                impl From<GetQueueResponseAgent> for String { fn from(v: GetQueueResponseAgent) -> Self { v.name } }
                impl From<ListQueuesItemAgent> for String { fn from(v: ListQueuesItemAgent) -> Self { v.name } }
                pub mod builder {
                    pub struct ListQueuesItem { id: Result<String, String> }
                    impl Default for ListQueuesItem { fn default() -> Self { todo!() } }
                    pub struct GetQueueResponse { id: Result<String, String> }
                    impl Default for GetQueueResponse { fn default() -> Self { todo!() } }
                    impl TryFrom<GetQueueResponse> for super::GetQueueResponse {
                        type Error = ();
                        fn try_from(_: GetQueueResponse) -> Result<Self, ()> { todo!() }
                    }
                }
            }
        }
    }

    fn text(file: &syn::File) -> String {
        prettyplease::unparse(file)
    }

    #[test]
    fn same_shapes_merge_under_the_shortest_name_and_keep_every_name() {
        let mut file = client();
        assert_eq!(dedup_types(&mut file), 2);
        let out = text(&file);
        assert!(
            out.contains("pub type GetQueueResponse = ListQueuesItem;"),
            "{out}"
        );
        assert!(
            out.contains("pub type GetQueueResponseAgent = ListQueuesItemAgent;"),
            "{out}"
        );
        // The alias keeps its own description and says what it stands for.
        assert!(
            out.contains("/// A queue, as `get_queue` spells it.\n    ///\n    /// Zoom's"),
            "{out}"
        );
        assert!(out.contains("same shape as [`ListQueuesItem`]"), "{out}");
        // Field docs come from the kept definition; the alias's impls are gone, the kept ones stay.
        assert!(!out.contains("Described in other words here."), "{out}");
        assert!(!out.contains("impl GetQueueResponse"), "{out}");
        assert!(!out.contains("From<GetQueueResponseAgent>"), "{out}");
        assert!(
            out.contains("impl From<ListQueuesItemAgent> for String"),
            "{out}"
        );
        assert!(
            out.contains("pub fn builder() -> builder::ListQueuesItem"),
            "{out}"
        );
        // A different nested shape keeps its own type.
        assert!(out.contains("pub struct Other {"), "{out}");
        assert!(out.contains("pub struct OtherAgent {"), "{out}");
        // Idempotent.
        assert_eq!(dedup_types(&mut file), 0);
    }

    #[test]
    fn builders_of_merged_types_become_aliases() {
        let mut file = client();
        dedup_types(&mut file);
        let out = text(&file);
        let builder = &out[out.find("pub mod builder").unwrap()..];
        assert!(
            builder.contains("pub type GetQueueResponse = ListQueuesItem;"),
            "{builder}"
        );
        assert!(!builder.contains("for GetQueueResponse"), "{builder}");
        assert!(
            !builder.contains("for super::GetQueueResponse"),
            "{builder}"
        );
        assert!(
            builder.contains("impl Default for ListQueuesItem"),
            "{builder}"
        );
    }

    #[test]
    fn impls_are_part_of_the_shape() {
        // typify keeps an integer enum's allowed values in its `TryFrom<i64>`, not in the struct.
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Level(i64);
                impl TryFrom<i64> for Level {
                    type Error = &'static str;
                    fn try_from(v: i64) -> Result<Self, &'static str> {
                        if ![1_i64, 2_i64, 3_i64].contains(&v) { Err("invalid value") } else { Ok(Self(v)) }
                    }
                }
                pub struct Kind(i64);
                impl TryFrom<i64> for Kind {
                    type Error = &'static str;
                    fn try_from(v: i64) -> Result<Self, &'static str> {
                        if ![1_i64, 2_i64].contains(&v) { Err("invalid value") } else { Ok(Self(v)) }
                    }
                }
            }
        };
        assert_eq!(dedup_types(&mut file), 0);
    }

    #[test]
    fn recursive_shapes_merge_as_wholes() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct NodeA { pub children: Vec<NodeA> }
                pub struct NodeB { pub children: Vec<NodeB> }
            }
        };
        assert_eq!(dedup_types(&mut file), 1);
        assert!(text(&file).contains("pub type NodeB = NodeA;"));
    }
}

//! One Cargo feature per tag of Zoom's document: which operation belongs to which feature, and the
//! `#[cfg]` every generated item gets so that a crate built with some tags compiles exactly their
//! operations and the types those reach.
//!
//! Why a pass over progenitor's output: progenitor has no setting that puts attributes on the
//! methods, builders and types it emits, and which types an operation reaches is only final after
//! typify has named and the merge has shared them. The cfg of a type is read off the type graph of
//! the generated tree (an edge for every generated type a definition or impl names), never written
//! by hand: a type shared by several tags is compiled when any of them is on.
//!
//! The rules, for a crate built with some set of features on:
//! - a client method, its builder and its `stream()` helper: when one of the operation's features is;
//! - a struct or enum (and its typify struct builder): when one of the features that reach it is; a
//!   type no operation reaches (none today) only with `full`;
//! - an impl or a `pub type` alias: when every generated type it names exists, so an alias is there
//!   whenever the type it names is, and every name a user may have written keeps compiling.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::quote;
use syn::visit::Visit;
use syn::{ImplItem, Item, ReturnType};

use crate::convert::OperationSummary;
use crate::error::Error;
use crate::syntax::last_ident;

pub mod listing;

/// The feature that turns every tag on (and is part of `default`).
pub const FULL: &str = "full";

/// The feature of operations that have no tag in the document.
pub const UNTAGGED: &str = "untagged";

/// Feature names the crate already uses for other things; a tag may not take them.
const RESERVED: &[&str] = &["default", FULL, "rustls-tls", "native-tls", "axum", "redis"];

/// Which feature each operation belongs to, read from the tags of the converted document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// Feature name -> the tag of Zoom's document it stands for.
    pub tags: BTreeMap<String, String>,
    /// Client method name -> its features (one per tag of the operation).
    pub operations: BTreeMap<String, BTreeSet<String>>,
}

/// The feature name of a tag: kebab-case, punctuation dropped (`Reports V2 (CX Analytics)` ->
/// `reports-v2-cx-analytics`).
pub fn feature_name(tag: &str) -> String {
    tag.to_kebab_case()
}

impl Features {
    /// Reads every operation's tags. Fails when two tags would give one feature name, or a tag
    /// would take a name the crate uses for something else.
    pub fn from_operations(operations: &[OperationSummary]) -> Result<Self, Error> {
        let mut features = Features::default();
        let mut problems = Vec::new();
        for op in operations {
            let mut own = BTreeSet::new();
            let tags: Vec<&str> = if op.tags.is_empty() {
                vec![UNTAGGED]
            } else {
                op.tags.iter().map(String::as_str).collect()
            };
            for tag in tags {
                let name = feature_name(tag);
                if name.is_empty() || RESERVED.contains(&name.as_str()) {
                    problems.push(format!(
                        "tag `{tag}` of {} would be the feature `{name}`, which the crate \
                         cannot give to a tag",
                        op.key
                    ));
                    continue;
                }
                match features.tags.get(&name) {
                    Some(other) if other != tag => problems.push(format!(
                        "tags `{other}` and `{tag}` would both be the feature `{name}`"
                    )),
                    _ => {
                        features.tags.insert(name.clone(), tag.to_owned());
                    }
                }
                own.insert(name);
            }
            features.operations.insert(op.method_name.clone(), own);
        }
        problems.sort();
        problems.dedup();
        if problems.is_empty() {
            Ok(features)
        } else {
            Err(Error::Features {
                message: problems.join("\n"),
            })
        }
    }

    /// How many operations each feature enables.
    pub fn operation_counts(&self) -> BTreeMap<&str, usize> {
        let mut counts: BTreeMap<&str, usize> =
            self.tags.keys().map(|name| (name.as_str(), 0)).collect();
        for features in self.operations.values() {
            for feature in features {
                *counts.entry(feature.as_str()).or_default() += 1;
            }
        }
        counts
    }
}

/// What [`gate`] did, for the regenerate report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gated {
    /// Client methods given a cfg.
    pub methods: usize,
    /// Structs and enums given a cfg.
    pub types: usize,
    /// Structs and enums that no operation reaches (compiled only with `full`).
    pub unreached: usize,
}

/// The cfg predicate "one of these features is on" (`full` when the set is empty).
pub fn any_of(features: &BTreeSet<String>) -> TokenStream {
    let names: Vec<&String> = features.iter().collect();
    match names.as_slice() {
        [] => quote! { feature = #FULL },
        [one] => quote! { feature = #one },
        many => quote! { any(#(feature = #many),*) },
    }
}

/// The cfg predicate "each of these sets has a feature on", with sets implied by others dropped.
fn all_of(sets: Vec<&BTreeSet<String>>) -> Option<TokenStream> {
    let full: BTreeSet<String> = BTreeSet::from([FULL.to_owned()]);
    let mut sets: Vec<&BTreeSet<String>> = sets
        .into_iter()
        .map(|set| if set.is_empty() { &full } else { set })
        .collect();
    sets.sort();
    sets.dedup();
    // `any(A)` implies `any(B)` when A is a subset of B: keep only the smallest sets.
    let minimal: Vec<&BTreeSet<String>> = sets
        .iter()
        .filter(|set| {
            !sets
                .iter()
                .any(|other| other != *set && other.is_subset(set))
        })
        .copied()
        .collect();
    match minimal.as_slice() {
        [] => None,
        [one] => Some(any_of(one)),
        many => {
            let each = many.iter().map(|set| any_of(set));
            Some(quote! { all(#(#each),*) })
        }
    }
}

fn add_cfg(attrs: &mut Vec<syn::Attribute>, predicate: &TokenStream) {
    attrs.insert(0, syn::parse_quote! { #[cfg(#predicate)] });
}

/// Gives every operation's method, builder and `stream()` helper, and every generated type and
/// impl, the cfg of the features that need it (see the module docs for the rules).
pub fn gate(
    client: &mut syn::File,
    pagination: &mut syn::File,
    features: &Features,
) -> Result<Gated, Error> {
    let mut gated = Gated::default();
    // Client methods, and the builder each returns.
    let mut builders: HashMap<String, BTreeSet<String>> = HashMap::new();
    for item in &mut client.items {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() || last_ident(&imp.self_ty).as_deref() != Some("Client") {
            continue;
        }
        for member in &mut imp.items {
            let ImplItem::Fn(method) = member else {
                continue;
            };
            let Some(own) = features.operations.get(&method.sig.ident.to_string()) else {
                continue;
            };
            add_cfg(&mut method.attrs, &any_of(own));
            gated.methods += 1;
            if let ReturnType::Type(_, ty) = &method.sig.output
                && let Some(builder) = last_ident(ty)
            {
                builders.insert(builder, own.clone());
            }
        }
    }

    // The types module: every struct, enum and alias, and what each definition or impl names.
    let definitions = type_definitions(client);
    let mut graph = Graph::default();
    for item in type_items(client) {
        graph.add(item, &definitions);
    }

    // Seeds: what each operation's builder (and its stream helper) names.
    let mut reach: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut seed = |item: &Item, own: &BTreeSet<String>| {
        for name in named_types(item, &definitions) {
            reach.entry(name).or_default().extend(own.iter().cloned());
        }
    };
    for item in crate::syntax::module_items(client, "builder") {
        if let Some(own) = item_self_name(item).and_then(|name| builders.get(&name)) {
            seed(item, own);
        }
    }
    for item in &pagination.items {
        if let Some(own) = item_self_name(item).and_then(|name| builders.get(&name)) {
            seed(item, own);
        }
    }
    graph.propagate(&mut reach);

    // Attributes: operation builders and stream helpers first, then the types.
    let gate_builders = |items: &mut Vec<Item>| {
        for item in items {
            if let Some(own) = item_self_name(item).and_then(|name| builders.get(&name))
                && let Some(attrs) = item_attrs(item)
            {
                add_cfg(attrs, &any_of(own));
            }
        }
    };
    if let Some(items) = crate::syntax::module_items_mut(&mut client.items, "builder") {
        gate_builders(items);
    }
    gate_builders(&mut pagination.items);

    let empty = BTreeSet::new();
    let set_of = |name: &str| reach.get(name).unwrap_or(&empty);
    let gate_types = |items: &mut Vec<Item>, gated: &mut Gated| {
        for item in items.iter_mut() {
            let predicate = match item {
                Item::Struct(s) => Some(definition_cfg(&s.ident, set_of, gated)),
                Item::Enum(e) => Some(definition_cfg(&e.ident, set_of, gated)),
                Item::Type(_) | Item::Impl(_) => {
                    let owners = owners(item, &definitions);
                    all_of(owners.iter().map(|name| set_of(name)).collect())
                }
                _ => None,
            };
            if let (Some(predicate), Some(attrs)) = (predicate, item_attrs(item)) {
                add_cfg(attrs, &predicate);
            }
        }
    };
    if let Some(types) = crate::syntax::module_items_mut(&mut client.items, "types") {
        gate_types(types, &mut gated);
        if let Some(builder) = crate::syntax::module_items_mut(types, "builder") {
            // typify's struct builders share their type's name: counted with it, not again.
            let mut again = Gated::default();
            gate_types(builder, &mut again);
        }
    }
    Ok(gated)
}

fn definition_cfg<'a>(
    ident: &syn::Ident,
    set_of: impl Fn(&str) -> &'a BTreeSet<String>,
    gated: &mut Gated,
) -> TokenStream {
    let set = set_of(&ident.to_string());
    gated.types += 1;
    if set.is_empty() {
        gated.unreached += 1;
    }
    any_of(set)
}

/// Names of the structs, enums and aliases of the `types` module (typify's struct builders in
/// `types::builder` carry the same names).
fn type_definitions(client: &syn::File) -> HashSet<String> {
    crate::syntax::module_items(client, "types")
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Enum(e) => Some(e.ident.to_string()),
            Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// Every item of `types` and `types::builder`.
fn type_items(client: &syn::File) -> impl Iterator<Item = &Item> {
    let types = crate::syntax::module_items(client, "types");
    let builder = types
        .iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "builder" => m.content.as_ref().map(|(_, items)| items),
            _ => None,
        })
        .map(Vec::as_slice)
        .unwrap_or_default();
    types.iter().chain(builder.iter())
}

/// The generated types an item exists for: a definition's own name, or every generated type in an
/// impl's header (its self type and trait) or an alias's definition.
fn owners(item: &Item, definitions: &HashSet<String>) -> BTreeSet<String> {
    let mut found = Names {
        definitions,
        found: BTreeSet::new(),
    };
    match item {
        Item::Struct(s) => {
            found.found.insert(s.ident.to_string());
        }
        Item::Enum(e) => {
            found.found.insert(e.ident.to_string());
        }
        Item::Type(t) => found.visit_type(&t.ty),
        Item::Impl(imp) => {
            found.visit_type(&imp.self_ty);
            if let Some((_, path, _)) = &imp.trait_ {
                found.visit_path(path);
            }
        }
        _ => {}
    }
    found.found
}

/// Every generated type an item names anywhere (fields, signatures, bodies).
fn named_types(item: &Item, definitions: &HashSet<String>) -> BTreeSet<String> {
    let mut names = Names {
        definitions,
        found: BTreeSet::new(),
    };
    names.visit_item(item);
    names.found
}

/// Collects the path segments that name a generated type.
struct Names<'a> {
    definitions: &'a HashSet<String>,
    found: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Names<'_> {
    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        let name = segment.ident.to_string();
        if self.definitions.contains(&name) {
            self.found.insert(name);
        }
        syn::visit::visit_path_segment(self, segment);
    }
}

/// Edges from each generated type to the generated types its definition and impls name: whatever
/// reaches a type reaches those too.
#[derive(Default)]
struct Graph {
    edges: HashMap<String, BTreeSet<String>>,
}

impl Graph {
    fn add(&mut self, item: &Item, definitions: &HashSet<String>) {
        // An alias reaches the type it names; its cfg (see `owners`) is that type's.
        let owners = match item {
            Item::Type(alias) => BTreeSet::from([alias.ident.to_string()]),
            _ => owners(item, definitions),
        };
        if owners.is_empty() {
            return;
        }
        let named = named_types(item, definitions);
        for owner in &owners {
            let edges = self.edges.entry(owner.clone()).or_default();
            edges.extend(named.iter().filter(|name| *name != owner).cloned());
        }
    }

    /// Spreads each type's features to everything it reaches, until nothing changes.
    fn propagate(&self, reach: &mut HashMap<String, BTreeSet<String>>) {
        let mut queue: Vec<String> = reach.keys().cloned().collect();
        queue.sort();
        while let Some(name) = queue.pop() {
            let Some(own) = reach.get(&name).cloned() else {
                continue;
            };
            for next in self.edges.get(&name).into_iter().flatten() {
                let set = reach.entry(next.clone()).or_default();
                let before = set.len();
                set.extend(own.iter().cloned());
                if set.len() != before {
                    queue.push(next.clone());
                }
            }
        }
    }
}

/// The name of what an item defines or implements (`impl<'a> builder::ListQueues<'a>` ->
/// `ListQueues`).
fn item_self_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Impl(imp) => last_ident(&imp.self_ty),
        _ => None,
    }
}

fn item_attrs(item: &mut Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        Item::Struct(s) => Some(&mut s.attrs),
        Item::Enum(e) => Some(&mut e.attrs),
        Item::Type(t) => Some(&mut t.attrs),
        Item::Impl(i) => Some(&mut i.attrs),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn tag_names_become_kebab_case_features() {
        assert_eq!(
            feature_name("Reports V2 (CX Analytics)"),
            "reports-v2-cx-analytics"
        );
        assert_eq!(feature_name("Address Books"), "address-books");
        assert_eq!(feature_name("Follow-up Tasks"), "follow-up-tasks");
        assert_eq!(feature_name("SMS"), "sms");
        assert_eq!(feature_name("RTMS"), "rtms");
    }

    #[test]
    fn cfg_predicates_keep_only_the_sets_that_decide() {
        let q = set(&["queues"]);
        let qc = set(&["campaigns", "queues"]);
        let c = set(&["campaigns"]);
        assert_eq!(
            any_of(&q).to_string(),
            quote! { feature = "queues" }.to_string()
        );
        assert_eq!(
            any_of(&BTreeSet::new()).to_string(),
            quote! { feature = "full" }.to_string()
        );
        // `queues` implies `campaigns or queues`.
        assert_eq!(
            all_of(vec![&q, &qc]).map(|t| t.to_string()),
            Some(quote! { feature = "queues" }.to_string())
        );
        assert_eq!(
            all_of(vec![&q, &c]).map(|t| t.to_string()),
            Some(quote! { all(feature = "campaigns", feature = "queues") }.to_string())
        );
        assert!(all_of(Vec::new()).is_none());
    }

    #[test]
    fn a_type_is_compiled_for_every_feature_that_reaches_it() {
        let mut client: syn::File = syn::parse_quote! {
            impl Client {
                pub fn get_queue(&self) -> builder::GetQueue<'_> { builder::GetQueue::new(self) }
                pub fn list_campaigns(&self) -> builder::ListCampaigns<'_> { todo!() }
            }
            pub mod builder {
                pub struct GetQueue<'a> { client: &'a super::Client }
                impl<'a> GetQueue<'a> {
                    pub async fn send(self) -> ResponseValue<types::GetQueueResponse> { todo!() }
                }
                pub struct ListCampaigns<'a> { client: &'a super::Client }
                impl<'a> ListCampaigns<'a> {
                    pub async fn send(self) -> ResponseValue<types::ListCampaignsResponse> { todo!() }
                }
            }
            pub mod types {
                pub struct GetQueueResponse { pub channel: Channel }
                pub struct ListCampaignsResponse { pub channel: CampaignChannel }
                pub type CampaignChannel = Channel;
                pub enum Channel { Voice }
                impl ::std::fmt::Display for Channel { }
                pub struct Orphan { pub channel: Channel }
            }
        };
        let mut pagination: syn::File = syn::parse_quote! {};
        let features = Features {
            tags: BTreeMap::from([
                ("campaigns".to_owned(), "Campaigns".to_owned()),
                ("queues".to_owned(), "Queues".to_owned()),
            ]),
            operations: BTreeMap::from([
                ("get_queue".to_owned(), set(&["queues"])),
                ("list_campaigns".to_owned(), set(&["campaigns"])),
            ]),
        };
        let gated = gate(&mut client, &mut pagination, &features).unwrap();
        assert_eq!(
            gated,
            Gated {
                methods: 2,
                types: 4,
                unreached: 1
            }
        );
        let text = quote! { #client }.to_string();
        let cfg_of = |item: &str| {
            let at = text.find(item).unwrap();
            let before = &text[..at];
            let start = before.rfind("# [cfg (").unwrap();
            before[start..].to_owned()
        };
        assert!(cfg_of("pub fn get_queue").contains("feature = \"queues\""));
        assert!(cfg_of("pub struct GetQueue <").contains("feature = \"queues\""));
        assert!(
            cfg_of("pub enum Channel")
                .contains("any (feature = \"campaigns\" , feature = \"queues\")")
        );
        // The alias exists whenever the type it names does.
        assert!(
            cfg_of("pub type CampaignChannel")
                .contains("any (feature = \"campaigns\" , feature = \"queues\")")
        );
        assert!(cfg_of("impl :: std :: fmt :: Display for Channel").contains("campaigns"));
        assert!(cfg_of("pub struct ListCampaignsResponse").contains("feature = \"campaigns\""));
        assert!(cfg_of("pub struct Orphan").contains("feature = \"full\""));
    }

    #[test]
    fn tags_that_collide_or_take_a_reserved_name_are_refused() {
        let op = |name: &str, tag: &str| OperationSummary {
            key: format!("GET /{name}"),
            method: "GET".to_owned(),
            path: format!("/{name}"),
            zoom_operation_id: None,
            method_name: name.to_owned(),
            summary: None,
            tags: if tag.is_empty() {
                Vec::new()
            } else {
                vec![tag.to_owned()]
            },
            markers: Default::default(),
            paginated_items: None,
            body: crate::convert::BodyKind::None,
            body_schema: None,
        };
        let error =
            Features::from_operations(&[op("a", "Address Books"), op("b", "Address-Books")])
                .unwrap_err()
                .to_string();
        assert!(
            error.contains("would both be the feature `address-books`"),
            "{error}"
        );
        let error = Features::from_operations(&[op("a", "Full")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("`full`"), "{error}");
        let ok = Features::from_operations(&[op("a", "Queues"), op("b", "")]).unwrap();
        assert_eq!(ok.operation_counts().get("queues"), Some(&1));
        assert_eq!(ok.operations["b"], set(&[UNTAGGED]));
    }
}

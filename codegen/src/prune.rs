//! Drops the typify struct builders (`types::builder::X`) that no request can reach.
//!
//! Why: progenitor's builder interface makes typify emit a builder for every struct, 851 of them for
//! Zoom's document, and they were over half of the generated functions. A builder is only useful for
//! a value the caller constructs: a request body, or a type nested in one. Response types arrive
//! built, so their builders cost every user compile time (the crate's clean debug build is dominated
//! by type and borrow checking, which scale with the number of functions) and serve nobody.
//!
//! What stays: the builder of every type that an operation builder names as `types::builder::X` (its
//! body), and of every type reachable from those through fields, so a nested request value can be
//! built the same way as the body that holds it. Everything else typify emits for a pruned type
//! (the struct itself, its plain fields, serde derives, `From<&X>`) stays; only the builder struct,
//! its impls, and the `X::builder()` constructor go.
//!
//! Why a pass over progenitor's output: typify's struct builders are one switch for every struct
//! (progenitor's builder interface turns it on), and which structs a request body reaches is only
//! known once typify has named them.

use std::collections::{BTreeSet, HashSet};

use syn::visit::Visit;
use syn::{Item, Type};

use crate::syntax::{bare_ident, impl_owner, last_ident, module_items_mut};

/// What the pass did, for the report and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pruned {
    /// Builders kept (request bodies and what they hold).
    pub kept: usize,
    /// Builders removed.
    pub removed: usize,
}

/// Removes the builders of types no request body reaches. A file without a `types::builder`
/// module (an older typify, or the positional interface) is left as it is.
pub fn prune_builders(client: &mut syn::File) -> Pruned {
    let roots = body_builders(client);
    let Some(types) = module_items_mut(&mut client.items, "types") else {
        return Pruned::default();
    };
    let needed = reachable(types, roots);
    let Some(builders) = module_items_mut(types, "builder") else {
        return Pruned::default();
    };
    let builder_names: HashSet<String> = builders
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut pruned = Pruned::default();
    builders.retain(|item| match item {
        Item::Struct(s) => {
            let keep = needed.contains(&s.ident.to_string());
            if keep {
                pruned.kept += 1;
            } else {
                pruned.removed += 1;
            }
            keep
        }
        // A builder alias (of a merged shape, `generate::type_aliases`) stays with the builder it
        // names: operations name the kept type, and user code may name either.
        Item::Type(t) => {
            needed.contains(&t.ident.to_string())
                || last_ident(&t.ty).is_some_and(|target| needed.contains(&target))
        }
        // An impl that cannot be tied to one builder stays: a wrong guess would fail to compile,
        // a kept impl only costs time.
        Item::Impl(imp) => {
            impl_owner(imp, &builder_names).is_none_or(|owner| needed.contains(&owner))
        }
        _ => true,
    });
    for item in types.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(owner) = bare_ident(&imp.self_ty) else {
            continue;
        };
        if !needed.contains(&owner) {
            imp.items.retain(
                |member| !matches!(member, syn::ImplItem::Fn(f) if f.sig.ident == "builder"),
            );
        }
    }
    types.retain(
        |item| !matches!(item, Item::Impl(imp) if imp.trait_.is_none() && imp.items.is_empty()),
    );
    pruned
}

/// The `X` of every `types::builder::X` outside the `types` module: the bodies of operations.
fn body_builders(client: &syn::File) -> BTreeSet<String> {
    struct Paths(BTreeSet<String>);
    impl Visit<'_> for Paths {
        fn visit_path(&mut self, path: &syn::Path) {
            let segments: Vec<_> = path.segments.iter().map(|s| &s.ident).collect();
            if let [.., t, b, x] = segments.as_slice()
                && *t == "types"
                && *b == "builder"
            {
                self.0.insert(x.to_string());
            }
            syn::visit::visit_path(self, path);
        }
    }
    let mut paths = Paths(BTreeSet::new());
    for item in &client.items {
        if !matches!(item, Item::Mod(m) if m.ident == "types") {
            paths.visit_item(item);
        }
    }
    paths.0
}

/// `roots` and every type of the `types` module their definitions name, transitively.
fn reachable(types: &[Item], roots: BTreeSet<String>) -> HashSet<String> {
    let definitions: std::collections::HashMap<String, &Item> = types
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some((s.ident.to_string(), item)),
            Item::Enum(e) => Some((e.ident.to_string(), item)),
            Item::Type(t) => Some((t.ident.to_string(), item)),
            _ => None,
        })
        .collect();
    let mut needed: HashSet<String> = HashSet::new();
    let mut stack: Vec<String> = roots.into_iter().collect();
    while let Some(name) = stack.pop() {
        if !needed.insert(name.clone()) {
            continue;
        }
        let Some(item) = definitions.get(&name) else {
            continue;
        };
        let mut names = TypeNames(Vec::new());
        names.visit_item(item);
        stack.extend(
            names
                .0
                .into_iter()
                .filter(|n| definitions.contains_key(n) && !needed.contains(n)),
        );
    }
    needed
}

/// The last identifier of every type path in an item.
struct TypeNames(Vec<String>);

impl Visit<'_> for TypeNames {
    fn visit_type(&mut self, ty: &Type) {
        if let Some(name) = last_ident(ty) {
            self.0.push(name);
        }
        syn::visit::visit_type(self, ty);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> syn::File {
        syn::parse_quote! {
            pub mod types {
                pub struct Body { pub inner: Inner }
                impl Body { pub fn builder() -> builder::Body { Default::default() } }
                pub struct Inner { pub x: String }
                impl Inner { pub fn builder() -> builder::Inner { Default::default() } }
                pub struct Response { pub y: String }
                impl Response { pub fn builder() -> builder::Response { Default::default() } }
                impl From<&Response> for Response { fn from(v: &Response) -> Self { v.clone() } }
                pub mod builder {
                    pub struct Body { inner: Result<super::Inner, String> }
                    impl Default for Body { fn default() -> Self { todo!() } }
                    impl TryFrom<Body> for super::Body { type Error = (); fn try_from(_: Body) -> Result<Self, ()> { todo!() } }
                    pub struct Inner { x: Result<String, String> }
                    impl From<super::Inner> for Inner { fn from(_: super::Inner) -> Self { todo!() } }
                    pub struct Response { y: Result<String, String> }
                    impl Default for Response { fn default() -> Self { todo!() } }
                    impl TryFrom<Response> for super::Response { type Error = (); fn try_from(_: Response) -> Result<Self, ()> { todo!() } }
                    impl From<super::Response> for Response { fn from(_: super::Response) -> Self { todo!() } }
                    impl Response { pub fn y(self) -> Self { self } }
                }
            }
            pub mod builder {
                pub struct CreateThing { body: Result<types::builder::Body, String> }
            }
        }
    }

    #[test]
    fn keeps_bodies_and_what_they_hold_and_drops_response_builders() {
        let mut file = client();
        let pruned = prune_builders(&mut file);
        assert_eq!(
            pruned,
            Pruned {
                kept: 2,
                removed: 1
            }
        );
        let text = quote::ToTokens::to_token_stream(&file).to_string();
        assert!(text.contains("pub struct Body { inner"));
        assert!(text.contains("impl From < super :: Inner > for Inner"));
        assert!(!text.contains("for super :: Response"), "{text}");
        assert!(!text.contains("impl Response { pub fn y"));
        assert!(!text.contains("builder :: Response"));
        // The response type itself and its other impls stay.
        assert!(text.contains("pub struct Response { pub y : String }"));
        assert!(text.contains("impl From < & Response > for Response"));
        assert!(text.contains("pub fn builder () -> builder :: Inner"));
    }

    #[test]
    fn a_file_without_builders_is_left_alone() {
        let mut file: syn::File = syn::parse_quote! { pub mod types { pub struct A; } };
        let before = file.clone();
        assert_eq!(prune_builders(&mut file), Pruned::default());
        assert_eq!(file, before);
    }
}

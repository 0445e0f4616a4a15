//! Small readers of progenitor's syntax tree, shared by the stages that derive code or listings
//! from what progenitor emitted (pagination, surface listing, generated tests).
//!
//! Everything here borrows: the client's tree is hundreds of thousands of lines, and copying its
//! modules (as early versions did) cost a third of a second per reader.

use std::collections::{HashMap, HashSet};

use syn::{GenericArgument, Item, ItemStruct, PathArguments, ReturnType, Type};

/// The items of the inline module `name` (`types`, `builder`) at the file's top level.
pub(crate) fn module_items<'a>(file: &'a syn::File, name: &str) -> &'a [Item] {
    file.items
        .iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == name => {
                m.content.as_ref().map(|(_, items)| items.as_slice())
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// The items of the inline module `name`, for a pass that rewrites them.
pub(crate) fn module_items_mut<'a>(items: &'a mut [Item], name: &str) -> Option<&'a mut Vec<Item>> {
    items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

/// The name a struct, enum or `pub type` alias defines (`None` for any other item).
pub(crate) fn type_item_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        Item::Type(t) => Some(t.ident.to_string()),
        _ => None,
    }
}

/// The first type argument of a path type: `T` of `Option<T>`.
pub(crate) fn first_generic(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// The last segment's name of a path type: `Vec` of `::std::vec::Vec<T>`.
pub(crate) fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The type's name when it is a bare identifier: `X`, not `super::X` or `Vec<X>`.
pub(crate) fn bare_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

/// The `rename = "..."` of a `#[serde(...)]` attribute, i.e. the name in Zoom's JSON.
pub(crate) fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| {
        if !attr.path().is_ident("serde") {
            return None;
        }
        let text = quote::ToTokens::to_token_stream(&attr.meta).to_string();
        let start = text.find("rename = \"")? + "rename = \"".len();
        let end = text[start..].find('"')?;
        Some(text[start..start + end].to_owned())
    })
}

/// Which of `definitions` an impl belongs to: its self type when that names one (`impl X`,
/// `impl Trait for X`, and `impl TryFrom<X> for super::X` in typify's builder module), else the
/// first definition its trait names (`impl From<X> for i64`).
pub(crate) fn impl_owner(imp: &syn::ItemImpl, definitions: &HashSet<String>) -> Option<String> {
    let self_name = match &*imp.self_ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    };
    if let Some(name) = self_name.filter(|n| definitions.contains(n)) {
        return Some(name);
    }
    let (_, path, _) = imp.trait_.as_ref()?;
    first_definition(quote::ToTokens::to_token_stream(path), definitions)
}

fn first_definition(
    stream: proc_macro2::TokenStream,
    definitions: &HashSet<String>,
) -> Option<String> {
    stream.into_iter().find_map(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => {
            Some(ident.to_string()).filter(|n| definitions.contains(n))
        }
        proc_macro2::TokenTree::Group(group) => first_definition(group.stream(), definitions),
        _ => None,
    })
}

/// progenitor's request builders, indexed by name: each one's struct and what its `send()` answers.
pub(crate) struct Builders<'a> {
    structs: HashMap<String, &'a ItemStruct>,
    outputs: HashMap<String, &'a Type>,
}

impl<'a> Builders<'a> {
    /// Indexes the client's `builder` module.
    pub(crate) fn new(client: &'a syn::File) -> Self {
        let mut structs = HashMap::new();
        let mut outputs = HashMap::new();
        for item in module_items(client, "builder") {
            match item {
                Item::Struct(s) => {
                    structs.insert(s.ident.to_string(), s);
                }
                Item::Impl(imp) if imp.trait_.is_none() => {
                    let (Some(name), Some(output)) = (last_ident(&imp.self_ty), send_output(imp))
                    else {
                        continue;
                    };
                    outputs.insert(name, output);
                }
                _ => {}
            }
        }
        Self { structs, outputs }
    }

    /// The builder's fields other than `client`, each with the `T` of its `Result<T, String>` (the
    /// error holds a setter's conversion failure), in declaration order.
    pub(crate) fn fields(&self, builder: &str) -> Vec<(String, &'a Type)> {
        let Some(s) = self.structs.get(builder) else {
            return Vec::new();
        };
        s.fields
            .iter()
            .filter_map(|field| {
                let name = field.ident.as_ref()?.to_string();
                (name != "client").then(|| (name, first_generic(&field.ty).unwrap_or(&field.ty)))
            })
            .collect()
    }

    /// The `T` of the builder's `send()`, which returns `Result<ResponseValue<T>, Error<..>>`.
    pub(crate) fn send_output(&self, builder: &str) -> Option<&'a Type> {
        self.outputs.get(builder).copied()
    }
}

fn send_output(imp: &syn::ItemImpl) -> Option<&Type> {
    imp.items.iter().find_map(|item| {
        let syn::ImplItem::Fn(f) = item else {
            return None;
        };
        if f.sig.ident != "send" {
            return None;
        }
        let ReturnType::Type(_, ty) = &f.sig.output else {
            return None;
        };
        let ok = first_generic(ty)?;
        (last_ident(ok)? == "ResponseValue")
            .then(|| first_generic(ok))
            .flatten()
    })
}

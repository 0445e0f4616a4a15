//! Small readers of progenitor's syntax tree, shared by the stages that derive code or listings
//! from what progenitor emitted (pagination, surface listing).

use syn::{GenericArgument, Item, PathArguments, Type};

/// The items of the inline module `name` (`types`, `builder`) at the file's top level.
pub(crate) fn module_items(file: &syn::File, name: &str) -> Vec<Item> {
    file.items
        .iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// The first type argument of a path type: `T` of `Option<T>`.
pub(crate) fn first_generic(ty: &Type) -> Option<Type> {
    let Type::Path(p) = ty else { return None };
    let PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

//! Forward-compatible string enums: every enum typify generates from a string `enum` schema gets a
//! last variant `Unknown(String)` that catches values this crate does not know yet.
//!
//! Why: Zoom adds enum values without notice (new channels, new statuses). With the closed enums
//! typify emits, one new value fails the deserialization of a whole response, e.g. a list of 300
//! engagements. async-stripe solved the same problem the same way: known strings map to their
//! unit variants, anything else lands in `Unknown` verbatim and serializes back unchanged.
//!
//! What typify 0.8 (progenitor 0.15.1) emits for a string enum, and what this pass changes:
//! - `#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord,
//!   PartialEq, PartialOrd)] pub enum X { #[serde(rename = "a_b")] AB, .. }`: `Copy` is removed (a
//!   `String` is not `Copy`), the `Unknown` variant appended, and serde's derives and attributes
//!   are replaced by two short impls that go through `Display` and `FromStr` (the derive with an
//!   untagged catch-all was most of the crate's compile time; see `runtime/src/string_enum.rs`);
//! - `impl Display for X { fn fmt(..) { match *self { Self::AB => f.write_str("a_b"), .. } } }`:
//!   an arm writing the unknown value is added;
//! - `impl FromStr for X { .. match value { "a_b" => Ok(Self::AB), _ => Err("invalid value".into()) } }`:
//!   the catch-all arm becomes `Ok(Self::Unknown(value.to_owned()))`. `TryFrom<&str>`,
//!   `TryFrom<&String>` and `TryFrom<String>` all delegate to `value.parse()`, so they follow.
//!
//! This is a `syn` pass over progenitor's output, not a progenitor setting, because neither
//! progenitor nor typify has an option for open enums.

use std::collections::HashMap;

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::{Arm, Attribute, Expr, Fields, Ident, Item, ItemEnum, ItemImpl, Pat, Token, parse_quote};

use crate::spellings::{Alternates, Spellings};
use crate::syntax::bare_ident;

/// Preferred name of the catch-all variant, and the fallback when an enum already has a variant of
/// that name (Zoom has `"unknown"` values, which typify names `Unknown`).
const VARIANT_NAMES: [&str; 2] = ["Unknown", "UnknownValue"];

/// Makes every typify string enum in `file` (at any module depth) forward compatible; returns how
/// many enums it changed. Running it twice changes nothing the second time.
pub fn make_forward_compatible(file: &mut syn::File) -> usize {
    make_forward_compatible_with(file, &Spellings::default()).changed
}

/// What [`make_forward_compatible_with`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnumsReport {
    /// How many enums were made forward compatible.
    pub changed: usize,
    /// (enum type name, value and the other spellings its `FromStr` accepts), in file order.
    pub aliases: Vec<(String, Alternates)>,
}

/// [`make_forward_compatible`], and `FromStr` also accepts, for each known value, every other
/// spelling `spellings` lists for it (see [`crate::spellings`]): decoding gives the known variant,
/// `Display` (and so encoding) still writes the value the enum's own operation documents.
pub fn make_forward_compatible_with(file: &mut syn::File, spellings: &Spellings) -> EnumsReport {
    let mut report = EnumsReport::default();
    report.changed = patch_items(&mut file.items, spellings, &mut report.aliases);
    report
}

fn patch_items(
    items: &mut Vec<Item>,
    spellings: &Spellings,
    aliases: &mut Vec<(String, Alternates)>,
) -> usize {
    let mut changed = 0;
    // Enum name -> its catch-all variant; a map, as a module holds thousands of impls to match.
    let mut patched: HashMap<String, Ident> = HashMap::new();
    for item in items.iter_mut() {
        match item {
            Item::Enum(item_enum) => {
                if let Some(variant) = patch_enum(item_enum) {
                    patched.insert(item_enum.ident.to_string(), variant);
                    changed += 1;
                }
            }
            Item::Mod(module) => {
                if let Some((_, content)) = &mut module.content {
                    changed += patch_items(content, spellings, aliases);
                }
            }
            _ => {}
        }
    }
    for item in items.iter_mut() {
        if let Item::Impl(item_impl) = item
            && let Some(name) = bare_ident(&item_impl.self_ty)
            && let Some(variant) = patched.get(&name)
        {
            for found in patch_impl(item_impl, variant, spellings) {
                aliases.push((name.clone(), found));
            }
        }
    }
    // The serde impls go right after each enum, where a reader of the generated file looks.
    let mut out = Vec::with_capacity(items.len() + 2 * patched.len());
    for item in items.drain(..) {
        let name = match &item {
            Item::Enum(e) if patched.contains_key(&e.ident.to_string()) => Some(e.ident.clone()),
            _ => None,
        };
        out.push(item);
        if let Some(name) = name {
            out.extend(serde_impls(&name));
        }
    }
    *items = out;
    changed
}

/// `Serialize` through `Display` and `Deserialize` through `FromStr`, which already hold the value
/// mapping in both directions. serde's derive would emit a visitor per enum and, for the untagged
/// catch-all, a buffering path; across Zoom's ~750 enums that was most of the crate's compile time.
fn serde_impls(name: &Ident) -> [Item; 2] {
    [
        parse_quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.collect_str(self)
                }
            }
        },
        parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    crate::string_enum::deserialize(deserializer)
                }
            }
        },
    ]
}

/// Is this a plain string enum as typify emits it (externally tagged, unit variants only, serde
/// derives)? If so, appends the catch-all variant and returns its name.
fn patch_enum(item: &mut ItemEnum) -> Option<Ident> {
    let derives = derive_paths(&item.attrs);
    let has = |name: &str| {
        derives
            .iter()
            .any(|path| path.is_ident(name) || ends_with(path, name))
    };
    let is_string_enum = has("Serialize")
        && has("Deserialize")
        && !item.variants.is_empty()
        && item
            .variants
            .iter()
            .all(|v| matches!(v.fields, Fields::Unit))
        && !has_container_serde_tagging(&item.attrs);
    if !is_string_enum {
        return None;
    }
    let name = VARIANT_NAMES
        .iter()
        .find(|name| !item.variants.iter().any(|v| v.ident == **name))?;
    let variant = Ident::new(name, Span::call_site());
    remove_derives(&mut item.attrs, &["Copy", "Serialize", "Deserialize"]);
    // Without the derives, `#[serde]` attributes would not compile; the value of each variant lives
    // on in the `Display` and `FromStr` impls, which the serde impls use.
    item.attrs.retain(|attr| !attr.path().is_ident("serde"));
    for v in item.variants.iter_mut() {
        v.attrs.retain(|attr| !attr.path().is_ident("serde"));
    }
    item.variants.push(parse_quote! {
        /// A value this version of the crate does not know, kept verbatim so that a value Zoom adds
        /// later does not fail the whole response.
        #variant(::std::string::String)
    });
    Some(variant)
}

/// Patches the `Display` or `FromStr` impl of a patched enum; returns the alias sets `FromStr` took.
fn patch_impl(item: &mut ItemImpl, variant: &Ident, spellings: &Spellings) -> Vec<Alternates> {
    let mut aliases = Vec::new();
    let Some(trait_name) = item
        .trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last())
        .map(|segment| segment.ident.to_string())
    else {
        return aliases;
    };
    for impl_item in &mut item.items {
        let syn::ImplItem::Fn(function) = impl_item else {
            continue;
        };
        for stmt in &mut function.block.stmts {
            let syn::Stmt::Expr(Expr::Match(matched), _) = stmt else {
                continue;
            };
            match trait_name.as_str() {
                "Display" => add_display_arm(&mut matched.arms, variant),
                "FromStr" => {
                    aliases.extend(accept_alternates(&mut matched.arms, spellings));
                    open_from_str(&mut matched.arms, variant);
                }
                _ => {}
            }
        }
    }
    aliases
}

/// `"a_b" => Ok(Self::AB)` becomes `"a_b" | "aB" => Ok(Self::AB)` for each other spelling of `a_b`
/// in the document.
fn accept_alternates(arms: &mut [Arm], spellings: &Spellings) -> Vec<Alternates> {
    let values: Vec<String> = arms
        .iter()
        .filter_map(|arm| string_pattern(&arm.pat))
        .collect();
    let found = spellings.enum_alternates(values.iter().map(String::as_str));
    for arm in arms.iter_mut() {
        let Some(value) = string_pattern(&arm.pat) else {
            continue;
        };
        let Some(entry) = found.iter().find(|a| a.name == value) else {
            continue;
        };
        let spellings = std::iter::once(&value).chain(&entry.alternates);
        arm.pat = parse_quote! { #(#spellings)|* };
    }
    found
}

/// The string of a `"literal"` pattern.
fn string_pattern(pat: &Pat) -> Option<String> {
    match pat {
        Pat::Lit(syn::PatLit {
            lit: syn::Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

/// `Self::Unknown(ref value) => f.write_str(value)`, unless already there. `ref` keeps the arm
/// valid under typify's `match *self`.
fn add_display_arm(arms: &mut Vec<Arm>, variant: &Ident) {
    if arms.iter().any(|arm| pattern_names(&arm.pat, variant)) || arms.is_empty() {
        return;
    }
    arms.push(parse_quote! { Self::#variant(ref value) => f.write_str(value), });
}

/// Turns the catch-all `_ => Err(..)` of `FromStr` into `_ => Ok(Self::Unknown(..))`.
fn open_from_str(arms: &mut [Arm], variant: &Ident) {
    if let Some(arm) = arms.iter_mut().find(|arm| matches!(arm.pat, Pat::Wild(_))) {
        *arm.body = parse_quote! {
            Ok(Self::#variant(::std::string::ToString::to_string(value)))
        };
    }
}

fn pattern_names(pat: &Pat, variant: &Ident) -> bool {
    let path = match pat {
        Pat::TupleStruct(tuple) => &tuple.path,
        Pat::Path(path) => &path.path,
        _ => return false,
    };
    path.segments.last().is_some_and(|s| s.ident == *variant)
}

fn ends_with(path: &syn::Path, name: &str) -> bool {
    path.segments.last().is_some_and(|s| s.ident == name)
}

fn derive_paths(attrs: &[Attribute]) -> Vec<syn::Path> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .filter_map(|attr| {
            attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .collect()
}

/// `#[serde(untagged)]`, `tag = ..` or `content = ..` on the enum: not a plain string enum.
fn has_container_serde_tagging(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .any(|attr| {
            let mut tagged = false;
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("untagged")
                    || meta.path.is_ident("tag")
                    || meta.path.is_ident("content")
                {
                    tagged = true;
                }
                // Consume `= value` if present so parsing continues past it.
                if meta.input.peek(Token![=]) {
                    let _: Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
            tagged
        })
}

/// Drops derives by name: `Copy` (the new variant holds a `String`) and serde's (replaced by
/// [`serde_impls`]).
fn remove_derives(attrs: &mut [Attribute], names: &[&str]) {
    for attr in attrs
        .iter_mut()
        .filter(|attr| attr.path().is_ident("derive"))
    {
        let Ok(paths) = attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        else {
            continue;
        };
        let dropped = |path: &syn::Path| names.iter().any(|name| ends_with(path, name));
        if !paths.iter().any(dropped) {
            continue;
        }
        let kept: Punctuated<syn::Path, Token![,]> =
            paths.into_iter().filter(|path| !dropped(path)).collect();
        *attr = parse_quote! { #[derive(#kept)] };
    }
}

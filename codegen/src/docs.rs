//! Gives every public item of the generated code a doc comment.
//!
//! typify documents types and fields only where Zoom's document has a description, and emits
//! undocumented struct builders and enum variants; the crate promises that every public item is
//! documented (and lints for it). Where no description exists, the doc says what the item maps to in
//! Zoom's JSON, which is what a reader looks for.
//!
//! Why a pass over progenitor's output: typify has no setting for a fallback doc, and struct
//! builders, their setters and enum variants have no schema of their own that `convert` could
//! describe.

use syn::visit_mut::VisitMut;
use syn::{
    AttrStyle, Attribute, Expr, ExprLit, Fields, ImplItem, Item, Lit, LitStr, Meta, MetaNameValue,
    Visibility,
};

use crate::syntax::serde_rename;

/// Adds a doc comment to every public item, field, variant and method that has none.
pub fn fill(file: &mut syn::File) {
    FillDocs.visit_file_mut(file);
}

struct FillDocs;

fn has_doc(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc"))
}

/// Built directly rather than with `parse_quote!`: this runs for tens of thousands of items, and
/// quoting then re-parsing each attribute was most of this pass's time.
fn push_doc(attrs: &mut Vec<Attribute>, text: &str) {
    let span = proc_macro2::Span::call_site();
    let attr = Attribute {
        pound_token: Default::default(),
        style: AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: Meta::NameValue(MetaNameValue {
            path: syn::Ident::new("doc", span).into(),
            eq_token: Default::default(),
            value: Expr::Lit(ExprLit {
                attrs: Vec::new(),
                lit: Lit::Str(LitStr::new(text, span)),
            }),
        }),
    };
    attrs.insert(0, attr);
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// Documents the named fields that have no doc: public ones of a struct, or all of a variant.
fn fill_fields(fields: &mut Fields, only_pub: bool) {
    let Fields::Named(named) = fields else {
        return;
    };
    for field in named.named.iter_mut() {
        if (only_pub && !is_pub(&field.vis)) || has_doc(&field.attrs) {
            continue;
        }
        let name = field
            .ident
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let json = serde_rename(&field.attrs).unwrap_or_else(|| name.clone());
        let text = format!("`{json}` in Zoom's JSON; no description in Zoom's document.");
        push_doc(&mut field.attrs, &text);
    }
}

impl VisitMut for FillDocs {
    /// Function bodies hold no public items; skipping them halves the walk.
    fn visit_block_mut(&mut self, _: &mut syn::Block) {}

    fn visit_item_mut(&mut self, item: &mut Item) {
        match item {
            Item::Struct(s) if is_pub(&s.vis) && !has_doc(&s.attrs) => {
                let text = format!("`{}`: no description in Zoom's document.", s.ident);
                push_doc(&mut s.attrs, &text);
            }
            Item::Enum(e) if is_pub(&e.vis) && !has_doc(&e.attrs) => {
                let text = format!("`{}`: the values Zoom's document lists.", e.ident);
                push_doc(&mut e.attrs, &text);
            }
            Item::Mod(m) if is_pub(&m.vis) && !has_doc(&m.attrs) => {
                let text = format!("Generated `{}` items.", m.ident);
                push_doc(&mut m.attrs, &text);
            }
            Item::Fn(f) if is_pub(&f.vis) && !has_doc(&f.attrs) => {
                let text = format!("`{}`.", f.sig.ident);
                push_doc(&mut f.attrs, &text);
            }
            Item::Type(t) if is_pub(&t.vis) && !has_doc(&t.attrs) => {
                let text = format!("`{}`.", t.ident);
                push_doc(&mut t.attrs, &text);
            }
            Item::Const(c) if is_pub(&c.vis) && !has_doc(&c.attrs) => {
                let text = format!("`{}`.", c.ident);
                push_doc(&mut c.attrs, &text);
            }
            Item::Static(s) if is_pub(&s.vis) && !has_doc(&s.attrs) => {
                let text = format!("`{}`.", s.ident);
                push_doc(&mut s.attrs, &text);
            }
            _ => {}
        }
        if let Item::Struct(s) = item {
            fill_fields(&mut s.fields, true);
        }
        if let Item::Enum(e) = item {
            for variant in e.variants.iter_mut() {
                // Fields of a struct-like variant (an untagged `oneOf` of inline objects) are as
                // public as the enum, with no `pub` of their own.
                fill_fields(&mut variant.fields, false);
                if has_doc(&variant.attrs) {
                    continue;
                }
                let text = match (&variant.fields, serde_rename(&variant.attrs)) {
                    (Fields::Unit, Some(value)) => format!("The value `{value:?}`."),
                    (Fields::Unit, None) => format!("The value `{:?}`.", variant.ident.to_string()),
                    _ => format!("The `{}` form.", variant.ident),
                };
                push_doc(&mut variant.attrs, &text);
            }
        }
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
        {
            for member in imp.items.iter_mut() {
                let ImplItem::Fn(f) = member else { continue };
                if !is_pub(&f.vis) || has_doc(&f.attrs) {
                    continue;
                }
                let name = f.sig.ident.to_string();
                let text = match name.as_str() {
                    "builder" => {
                        "Starts a builder for this type: one setter per field, checked when \
                                      the value is built."
                            .to_owned()
                    }
                    "new" => "Creates an empty value.".to_owned(),
                    _ if f.sig.inputs.len() == 2 => format!("Sets `{name}`."),
                    _ => format!("`{name}`."),
                };
                push_doc(&mut f.attrs, &text);
            }
        }
        syn::visit_mut::visit_item_mut(self, item);
    }
}

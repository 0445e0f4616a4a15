//! Setters a person can call: the optional fields of typify's struct builders take the value itself.
//!
//! typify 0.8 gives every builder field a setter bounded by `TryInto<FieldType>`; for an optional
//! field that type is `Option<T>`, so renaming a queue had to be written
//! `.queue_name(Some("Renamed".to_string()))` (a `&str` is not `TryInto<Option<String>>`, and a new
//! user's first attempt does not compile). This pass rewrites each such setter to take
//! `TryInto<T>` and wrap the result in `Some`, so `.queue_name("Renamed")` works; a builder starts
//! with every optional field unset, which is how a field is left out of the request.
//!
//! Why a pass over progenitor's output: typify has no setting for its builder setters' bounds, and
//! the builder struct (`types::builder::X`) exists only in its output.

use syn::visit_mut::VisitMut;
use syn::{
    Expr, GenericArgument, ImplItem, Item, PathArguments, TraitBound, TypeParamBound,
    WherePredicate, parse_quote,
};

use crate::syntax::{first_generic, last_ident, module_items_mut};

/// Rewrites the optional-field setters of every builder in `types::builder`; returns how many.
pub fn unwrap_optional_setters(client: &mut syn::File) -> usize {
    let Some(types) = module_items_mut(&mut client.items, "types") else {
        return 0;
    };
    let Some(builders) = module_items_mut(types, "builder") else {
        return 0;
    };
    let mut changed = 0;
    for item in builders.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        for member in &mut imp.items {
            if let ImplItem::Fn(method) = member
                && rewrite_setter(method)
            {
                changed += 1;
            }
        }
    }
    changed
}

/// `fn f<T>(mut self, value: T) -> Self where T: TryInto<Option<X>>, .. { self.f = value.try_into()
/// .map_err(..); self }` becomes the same with `TryInto<X>` and `value.try_into().map(Some)`.
fn rewrite_setter(method: &mut syn::ImplItemFn) -> bool {
    let Some(where_clause) = &mut method.sig.generics.where_clause else {
        return false;
    };
    let mut rewritten = false;
    for predicate in &mut where_clause.predicates {
        let WherePredicate::Type(bounded) = predicate else {
            continue;
        };
        for bound in &mut bounded.bounds {
            if let TypeParamBound::Trait(trait_bound) = bound
                && unwrap_try_into_option(trait_bound)
            {
                rewritten = true;
            }
        }
    }
    if rewritten {
        WrapInSome.visit_block_mut(&mut method.block);
    }
    rewritten
}

/// `TryInto<Option<X>>` -> `TryInto<X>`, in place; false for any other bound.
fn unwrap_try_into_option(bound: &mut TraitBound) -> bool {
    let Some(segment) = bound.path.segments.last_mut() else {
        return false;
    };
    if segment.ident != "TryInto" {
        return false;
    }
    let PathArguments::AngleBracketed(args) = &mut segment.arguments else {
        return false;
    };
    let Some(GenericArgument::Type(target)) = args.args.first_mut() else {
        return false;
    };
    if last_ident(target).as_deref() != Some("Option") {
        return false;
    }
    let Some(inner) = first_generic(target).cloned() else {
        return false;
    };
    *target = inner;
    true
}

/// Wraps `value.try_into()` in `.map(Some)`, so the field still holds `Result<Option<X>, String>`.
struct WrapInSome;

impl VisitMut for WrapInSome {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::MethodCall(call) = expr
            && call.method == "try_into"
            && matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident("value"))
        {
            let original = call.clone();
            *expr = parse_quote! { #original.map(::std::option::Option::Some) };
            return;
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    #[test]
    fn optional_setters_take_the_value_and_required_ones_stay() {
        let mut file: syn::File = parse_quote! {
            pub mod types {
                pub mod builder {
                    impl Body {
                        pub fn name<T>(mut self, value: T) -> Self
                        where
                            T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                            T::Error: ::std::fmt::Display,
                        {
                            self.name = value.try_into().map_err(|e| format!("{e}"));
                            self
                        }
                        pub fn id<T>(mut self, value: T) -> Self
                        where
                            T: ::std::convert::TryInto<::std::string::String>,
                            T::Error: ::std::fmt::Display,
                        {
                            self.id = value.try_into().map_err(|e| format!("{e}"));
                            self
                        }
                    }
                }
            }
        };
        assert_eq!(unwrap_optional_setters(&mut file), 1);
        let text = file.to_token_stream().to_string().replace(' ', "");
        assert!(text.contains("T:::std::convert::TryInto<::std::string::String>,"));
        assert!(text.contains("value.try_into().map(::std::option::Option::Some).map_err"));
        assert!(!text.contains("Option<::std::string::String>>"));
        // The required setter is untouched.
        assert_eq!(text.matches(".map(::std::option::Option::Some)").count(), 1);
    }
}

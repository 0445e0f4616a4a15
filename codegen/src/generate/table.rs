//! The per-operation table: what the runtime needs to know about a call before it sends it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::convert::{BodyKind, OperationSummary};
use crate::error::Error;
use crate::features::{Features, any_of};

/// Renders `OPERATIONS`, sorted by method name so the runtime can binary-search it.
///
/// Only the rows of enabled features are in it. An array element cannot carry `#[cfg]`, so every
/// row sits in `ALL` beside `cfg!(feature = ...)` and a `const fn` copies the enabled ones out at
/// compile time: the table stays one sorted array whatever the features.
pub(super) fn render(
    operations: &[OperationSummary],
    features: &Features,
) -> Result<syn::File, Error> {
    let mut sorted: Vec<&OperationSummary> = operations.iter().collect();
    sorted.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let empty = std::collections::BTreeSet::new();
    let rows = sorted.iter().map(|op| {
        let name = &op.method_name;
        let zoom_id = op.zoom_operation_id.clone().unwrap_or_default();
        let method = &op.method;
        let path = &op.path;
        let label = label_variant(op.markers.rate_limit_label.as_deref());
        let scopes = &op.markers.scopes;
        let granular = &op.markers.granular_scopes;
        let enabled = any_of(features.operations.get(name).unwrap_or(&empty));
        quote! {
            (cfg!(#enabled), OperationMeta {
                zoom_operation_id: #zoom_id,
                operation_id: #name,
                method: #method,
                path: #path,
                rate_limit: RateLimitLabel::#label,
                scopes: &[#(#scopes),*],
                granular_scopes: &[#(#granular),*],
            }),
        }
    });
    let count = sorted.len();
    // A second index, sorted by Zoom's operationId, so that the table maps both ways.
    let mut by_zoom: Vec<(String, usize)> = sorted
        .iter()
        .enumerate()
        .filter_map(|(index, op)| Some((op.zoom_operation_id.clone()?, index)))
        .collect();
    by_zoom.sort();
    let zoom_count = by_zoom.len();
    let zoom_rows = by_zoom.iter().map(|(id, index)| quote! { (#id, #index), });
    let hand_written = hand_written_gates(operations, features);
    let tokens: TokenStream = quote! {
        use crate::runtime::{OperationMeta, RateLimitLabel};

        #hand_written

        /// Every operation of the API: method, path, rate-limit label and scopes, read from the
        /// descriptions of Zoom's document. Sorted by `operation_id`, which is the client method's
        /// name. Holds the operations of the enabled features (all of them with `full`).
        pub static OPERATIONS: [OperationMeta; ENABLED] = enabled_rows(&ALL);

        /// The table row for a client method, by its name.
        pub fn lookup(operation_id: &str) -> Option<&'static OperationMeta> {
            OPERATIONS
                .binary_search_by(|meta| meta.operation_id.cmp(operation_id))
                .ok()
                .map(|index| &OPERATIONS[index])
        }

        /// Zoom's operationIds of the enabled operations, sorted, with the index of their row in
        /// [`OPERATIONS`].
        static BY_ZOOM_OPERATION_ID: [(&str, usize); ZOOM_ENABLED] =
            enabled_zoom_ids(&ALL, &ALL_ZOOM_IDS);

        /// The table row for an operation, by Zoom's operationId (`getAQueue`), which is what Zoom's
        /// API reference shows: the way from Zoom's name to the client method's.
        pub fn lookup_by_zoom_id(zoom_operation_id: &str) -> Option<&'static OperationMeta> {
            BY_ZOOM_OPERATION_ID
                .binary_search_by(|(id, _)| (*id).cmp(zoom_operation_id))
                .ok()
                .map(|found| &OPERATIONS[BY_ZOOM_OPERATION_ID[found].1])
        }

        /// Every operation's row, each beside whether its feature is enabled.
        const ALL: [(bool, OperationMeta); #count] = [#(#rows)*];

        /// Every Zoom operationId, sorted, with the index of its row in [`ALL`].
        const ALL_ZOOM_IDS: [(&str, usize); #zoom_count] = [#(#zoom_rows)*];

        const ENABLED: usize = enabled_before(&ALL, ALL.len());

        const ZOOM_ENABLED: usize = {
            let mut count = 0;
            let mut at = 0;
            while at < ALL_ZOOM_IDS.len() {
                if ALL[ALL_ZOOM_IDS[at].1].0 {
                    count += 1;
                }
                at += 1;
            }
            count
        };

        /// How many rows of `all` before `end` are enabled: a row's index in [`OPERATIONS`].
        const fn enabled_before(all: &[(bool, OperationMeta)], end: usize) -> usize {
            let mut count = 0;
            let mut at = 0;
            while at < end {
                if all[at].0 {
                    count += 1;
                }
                at += 1;
            }
            count
        }

        const fn enabled_rows<const N: usize>(
            all: &[(bool, OperationMeta)],
        ) -> [OperationMeta; N] {
            let mut rows = [OperationMeta::PLACEHOLDER; N];
            let (mut at, mut next) = (0, 0);
            while at < all.len() {
                if all[at].0 {
                    rows[next] = all[at].1;
                    next += 1;
                }
                at += 1;
            }
            rows
        }

        const fn enabled_zoom_ids<const N: usize>(
            all: &[(bool, OperationMeta)],
            ids: &[(&'static str, usize)],
        ) -> [(&'static str, usize); N] {
            let mut out = [("", 0); N];
            let (mut at, mut next) = (0, 0);
            while at < ids.len() {
                let (id, row) = ids[at];
                if all[row].0 {
                    out[next] = (id, enabled_before(all, row));
                    next += 1;
                }
                at += 1;
            }
            out
        }
    };
    super::parse_file(tokens)
}

/// The gates of the hand-written methods (`generated/src/multipart.rs`), generated so that they
/// follow the document like every generated method: `hand_written! { name => items }` compiles the
/// items when the operation `name` is in the document and one of its features is on, and drops
/// them when the document has no such operation; `any_hand_written!` compiles what they share.
fn hand_written_gates(operations: &[OperationSummary], features: &Features) -> TokenStream {
    let empty = std::collections::BTreeSet::new();
    let mut all = std::collections::BTreeSet::new();
    let arms = operations
        .iter()
        .filter(|op| op.body == BodyKind::Multipart)
        .map(|op| {
            let own = features.operations.get(&op.method_name).unwrap_or(&empty);
            all.extend(own.iter().cloned());
            let name = format_ident!("{}", op.method_name);
            let enabled = any_of(own);
            quote! { (#name => $($item:item)*) => { $(#[cfg(#enabled)] $item)* }; }
        })
        .collect::<Vec<_>>();
    let any = if all.is_empty() {
        quote! { any() }
    } else {
        any_of(&all)
    };
    quote! {
        /// Compiles hand-written items for one operation (`hand_written! { create_asset => impl
        /// Client { ... } }`) when the document has it and one of its features is on; an operation
        /// the document does not have compiles nothing.
        macro_rules! hand_written {
            #(#arms)*
            ($other:ident => $($item:item)*) => {};
        }
        pub(crate) use hand_written;

        /// Compiles items that the hand-written methods share when any of them is compiled.
        macro_rules! any_hand_written {
            ($($item:item)*) => { $(#[cfg(#any)] $item)* };
        }
        pub(crate) use any_hand_written;
    }
}

/// The `RateLimitLabel` variant of a label as [`crate::convert::markers::normalise_label`] spells
/// it: the one rule for labels is there, so neither this table nor the runtime has its own.
fn label_variant(label: Option<&str>) -> syn::Ident {
    let name = match label {
        Some("LIGHT") => "Light",
        Some("MEDIUM") => "Medium",
        Some("HEAVY") => "Heavy",
        Some("RESOURCE-INTENSIVE") => "ResourceIntensive",
        _ => "Unknown",
    };
    format_ident!("{name}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::markers::{self, KNOWN_LABELS};

    #[test]
    fn every_spelling_of_a_known_label_gets_its_variant() {
        for label in KNOWN_LABELS {
            assert_ne!(label_variant(Some(label)), "Unknown", "{label}");
        }
        // Zoom writes `Light` beside `LIGHT`: the one rule (markers) spells it before the table.
        let read = markers::parse("**[Rate Limit Label](https://z/):** `Light`");
        assert_eq!(label_variant(read.rate_limit_label.as_deref()), "Light");
        assert_eq!(label_variant(Some("SUPER")), "Unknown");
        assert_eq!(label_variant(None), "Unknown");
    }
}

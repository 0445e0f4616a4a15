//! The per-operation table: what the runtime needs to know about a call before it sends it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::convert::OperationSummary;
use crate::error::Error;

/// Renders `OPERATIONS`, sorted by method name so the runtime can binary-search it.
pub(super) fn render(operations: &[OperationSummary]) -> Result<syn::File, Error> {
    let mut sorted: Vec<&OperationSummary> = operations.iter().collect();
    sorted.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    let rows = sorted.iter().map(|op| {
        let name = &op.method_name;
        let zoom_id = op.zoom_operation_id.clone().unwrap_or_default();
        let method = &op.method;
        let path = &op.path;
        let label = label_variant(op.markers.rate_limit_label.as_deref());
        let scopes = &op.markers.scopes;
        let granular = &op.markers.granular_scopes;
        quote! {
            OperationMeta {
                zoom_operation_id: #zoom_id,
                operation_id: #name,
                method: #method,
                path: #path,
                rate_limit: RateLimitLabel::#label,
                scopes: &[#(#scopes),*],
                granular_scopes: &[#(#granular),*],
            },
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
    let tokens: TokenStream = quote! {
        use crate::runtime::{OperationMeta, RateLimitLabel};

        /// Every operation of the API: method, path, rate-limit label and scopes, read from the
        /// descriptions of Zoom's document. Sorted by `operation_id`, which is the client method's name.
        pub static OPERATIONS: [OperationMeta; #count] = [#(#rows)*];

        /// The table row for a client method, by its name.
        pub fn lookup(operation_id: &str) -> Option<&'static OperationMeta> {
            OPERATIONS
                .binary_search_by(|meta| meta.operation_id.cmp(operation_id))
                .ok()
                .map(|index| &OPERATIONS[index])
        }

        /// Zoom's operationIds, sorted, with the index of their row in [`OPERATIONS`].
        static BY_ZOOM_OPERATION_ID: [(&str, usize); #zoom_count] = [#(#zoom_rows)*];

        /// The table row for an operation, by Zoom's operationId (`getAQueue`), which is what Zoom's
        /// API reference shows: the way from Zoom's name to the client method's.
        pub fn lookup_by_zoom_id(zoom_operation_id: &str) -> Option<&'static OperationMeta> {
            BY_ZOOM_OPERATION_ID
                .binary_search_by(|(id, _)| (*id).cmp(zoom_operation_id))
                .ok()
                .map(|found| &OPERATIONS[BY_ZOOM_OPERATION_ID[found].1])
        }
    };
    super::parse_file(tokens)
}

fn label_variant(label: Option<&str>) -> syn::Ident {
    let name = match label.map(|l| l.trim().to_ascii_uppercase()) {
        Some(l) if l == "LIGHT" => "Light",
        Some(l) if l == "MEDIUM" => "Medium",
        Some(l) if l == "HEAVY" => "Heavy",
        Some(l) if l == "RESOURCE-INTENSIVE" || l == "RESOURCE_INTENSIVE" => "ResourceIntensive",
        _ => "Unknown",
    };
    format_ident!("{name}")
}

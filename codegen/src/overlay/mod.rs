//! OpenAPI Overlay Specification 1.0.0 documents: how `overlays/*.yaml` correct Zoom's spec.
//!
//! Zoom's document contradicts itself; each correction is one overlay action with a `description`
//! saying what Zoom got wrong and why the chosen value is right, so every fix is reviewable on its
//! own. An action whose `target` selects nothing is stale ([`StaleAction`]); every stale action of a
//! run is collected in one pass and, unless the caller explicitly leaves them out for a spec drop,
//! they fail the run together ([`OverlayError::Stale`]): after a new spec drop, that is how a
//! maintainer learns Zoom fixed (or moved) something upstream, and the fix never rots silently (the
//! k8s-openapi "never applied" discipline).
//!
//! Spec: <https://spec.openapis.org/overlay/v1.0.0.html>. Targets are RFC 9535 JSONPath queries,
//! evaluated with `serde_json_path` (a maintained RFC 9535 implementation, so nothing is hand-rolled
//! there). Parsing and applying live in [`parse`](mod@parse) and [`apply`](mod@apply).

mod apply;
mod parse;
mod summary;

pub use apply::{ActionReport, ApplyReport, StaleAction, apply};
pub use parse::parse;
pub use summary::render_by_file;

use serde_json::Value;
use serde_json_path::JsonPath;

/// Whether a file of an overlay directory (`overlays/`, `overlays/webhooks/`) is an overlay: a
/// `.yaml` or `.yml` file whose name does not start with `lint-` (`lint-accepted.yaml` sits beside
/// the overlays but is the lint's list). The one rule, used by the xtask and the workspace tests.
pub fn is_overlay_file(name: &str) -> bool {
    (name.ends_with(".yaml") || name.ends_with(".yml")) && !name.starts_with("lint-")
}

/// Parses overlay files, given as (file name, text), and applies them to `document` in file-name
/// order: the one way every flow applies its overlays (the client's and the webhooks' regenerate,
/// `cargo xtask lint` and `cargo xtask overlays`). Stale actions are in the report, for the
/// caller to judge ([`ApplyReport::require_fresh`]).
///
/// # Errors
/// A file that is not an overlay, or an action that fails for another reason than matching
/// nothing (see [`apply`]).
pub fn apply_files(
    document: &mut Value,
    files: &[(String, String)],
) -> Result<(Vec<Overlay>, ApplyReport), OverlayError> {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let overlays = sorted
        .into_iter()
        .map(|(name, text)| parse(name, text))
        .collect::<Result<Vec<_>, _>>()?;
    let report = apply(document, &overlays)?;
    Ok((overlays, report))
}

/// One parsed overlay file.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The file name it came from (e.g. `010-custom-field-types.yaml`); used in every error.
    pub file: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// The actions, in document order (the order they are applied in).
    pub actions: Vec<Action>,
}

/// One action of an overlay: a target and what to do to every node it selects.
#[derive(Debug, Clone)]
pub struct Action {
    /// Zero-based position in the overlay's `actions` list (reported in errors).
    pub index: usize,
    /// The JSONPath query as written.
    pub target: String,
    /// The compiled query.
    path: JsonPath,
    /// Which inconsistency this fixes and why the value is right (required by this project,
    /// optional in the Overlay spec).
    pub description: String,
    /// What the action does.
    pub modifier: Modifier,
}

/// What an action does to the selected nodes (Overlay 1.0.0, Action Object).
#[derive(Debug, Clone, PartialEq)]
pub enum Modifier {
    /// `update`: merged into selected objects, appended to selected arrays.
    Update(Value),
    /// `remove: true`: each selected node is removed from the object or array containing it.
    Remove,
}

/// Why an overlay could not be parsed or applied. Every variant names the overlay file, and the
/// action's index and target when one is involved.
#[derive(Debug, thiserror::Error)]
pub enum OverlayError {
    /// The file is not YAML (or JSON).
    #[error("{file}: not valid YAML: {message}")]
    Yaml {
        /// Overlay file name.
        file: String,
        /// The YAML parser's message (carries line and column).
        message: String,
    },
    /// The document is YAML but not an Overlay 1.0.0 document.
    #[error("{file}: not an Overlay 1.0.0 document: {message}")]
    InvalidDocument {
        /// Overlay file name.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// One action is malformed (missing target or description, no modifier, ...).
    #[error("{file}: action {index}: {message}")]
    InvalidAction {
        /// Overlay file name.
        file: String,
        /// Zero-based action index.
        index: usize,
        /// What is wrong.
        message: String,
    },
    /// The target is not an RFC 9535 JSONPath query.
    #[error(
        "{file}: action {index}: target `{target}` is not an RFC 9535 JSONPath query: {source}"
    )]
    InvalidTarget {
        /// Overlay file name.
        file: String,
        /// Zero-based action index.
        index: usize,
        /// The target as written.
        target: String,
        /// The JSONPath parser's error.
        #[source]
        source: serde_json_path::ParseError,
    },
    /// Targets select nothing: Zoom fixed or moved what those actions correct. Every such action
    /// of the run is listed; review each against the new spec, then update or delete it.
    #[error(
        "{} overlay action(s) match nothing in the spec (fixed or moved upstream? review each, \
         then update or delete it; `cargo xtask overlays` lists what still applies, and \
         `cargo xtask regenerate --skip-stale` regenerates without them):{}",
        actions.len(),
        actions.iter().map(|a| format!("\n  {a}")).collect::<String>()
    )]
    Stale {
        /// The stale actions, in application order.
        actions: Vec<StaleAction>,
    },
    /// `update` on a node it cannot apply to: a string/number/boolean/null (Overlay 1.0.0: targets
    /// MUST be objects or arrays), or a non-object update for an object.
    #[error("{file}: action {index}: target `{target}` selects {pointer}, which {message}")]
    IncompatibleTarget {
        /// Overlay file name.
        file: String,
        /// Zero-based action index.
        index: usize,
        /// The target as written.
        target: String,
        /// RFC 6901 pointer of the offending node.
        pointer: String,
        /// Why the update cannot apply.
        message: String,
    },
    /// `remove: true` selected the document root, which has no container to be removed from.
    #[error(
        "{file}: action {index}: target `{target}` selects the document root, which cannot be removed"
    )]
    RemoveRoot {
        /// Overlay file name.
        file: String,
        /// Zero-based action index.
        index: usize,
        /// The target as written.
        target: String,
    },
}

#[cfg(test)]
mod tests {
    use super::is_overlay_file;

    #[test]
    fn overlay_files_are_yaml_and_not_the_lint_list() {
        assert!(is_overlay_file("010-custom-field-types.yaml"));
        assert!(is_overlay_file("020-required-flags.yml"));
        assert!(!is_overlay_file("lint-accepted.yaml"));
        assert!(!is_overlay_file("README.md"));
        assert!(!is_overlay_file("010-old.yaml.bak"));
    }
}

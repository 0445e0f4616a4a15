//! What changed for the crate's users between two versions of Zoom's Contact Center document.
//!
//! When Zoom ships a new document a reviewer needs to know, in a minute, which changes break code that
//! uses the generated client and which version bump the release needs. This module answers that as a
//! pure function: [`diff`] takes two parsed documents and returns a [`Report`] whose changes are each
//! classed [`Impact::Breaking`], [`Impact::Additive`] or [`Impact::Informational`], and whose
//! [`Report::bump`] is the semver bump they imply. [`Report::to_markdown`] and [`Report::to_json`]
//! render it deterministically.
//!
//! The stages, one submodule each:
//! - `document`: JSON or YAML text to a [`serde_json::Value`] ([`parse_document`]) and local `$ref`
//!   resolution;
//! - `schema`: a schema flattened to fields named by readable paths (`queues[].queue_id`);
//! - `scopes`: scopes, granular scopes and the rate-limit label that Zoom writes inside descriptions;
//! - `model`: a normalised view of a document (operations keyed by method and path);
//! - `compare`: two models to a list of changes;
//! - `classify`: the rules that decide what breaks a Rust user;
//! - `report`: the [`Report`] and its JSON rendering; `markdown`: its Markdown rendering.
//!
//! It works on OpenAPI 3.0 (`$ref` into `components`, `nullable: true`) and 3.1 (inline schemas,
//! `type: ["string", "null"]`) alike, because both are normalised to the same model before comparing.
//! **Invariant:** nothing here reads files or panics on odd input; problems become [`DiffError`]s that
//! name the JSON pointer at fault.

mod classify;
mod compare;
mod document;
mod markdown;
mod model;
mod report;
mod schema;
mod scopes;

use crate::names::NameMap;
pub use classify::BUMP_RULE;
pub use document::{Syntax, parse_document};
pub use report::{
    Bump, Change, ChangeKind, Counts, Impact, Labels, Location, OperationRef, Presence, Report,
    ScopeKind, Subject,
};

/// Which of the two documents an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The document before the change.
    Old,
    /// The document after the change.
    New,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Side::Old => "old",
            Side::New => "new",
        })
    }
}

/// Why two documents could not be compared. Every variant names the place at fault so the fix is
/// obvious without a debugger.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DiffError {
    /// The text is neither valid JSON nor valid YAML.
    #[error("cannot parse the document as {syntax}: {message}")]
    Parse {
        /// The syntax the text was read as.
        syntax: Syntax,
        /// The parser's message, with line and column where it gives them.
        message: String,
    },
    /// A part of the document does not have the shape OpenAPI requires.
    #[error("{side} document, at `{pointer}`: {reason}")]
    Invalid {
        /// Which document.
        side: Side,
        /// JSON pointer (RFC 6901) of the offending value.
        pointer: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A local `$ref` points at nothing.
    #[error("{side} document, at `{pointer}`: `$ref` `{reference}` does not resolve")]
    UnresolvedRef {
        /// Which document.
        side: Side,
        /// JSON pointer of the `$ref` member's object.
        pointer: String,
        /// The reference as written.
        reference: String,
    },
    /// A `$ref` into another file: the diff compares self-contained documents only.
    #[error(
        "{side} document, at `{pointer}`: `$ref` `{reference}` points outside the document; \
         bundle the document first"
    )]
    ExternalRef {
        /// Which document.
        side: Side,
        /// JSON pointer of the `$ref` member's object.
        pointer: String,
        /// The reference as written.
        reference: String,
    },
    /// Two operations share a method and a path template (OpenAPI forbids this).
    #[error("{side} document, at `{pointer}`: `{method} {path}` is defined twice")]
    DuplicateOperation {
        /// Which document.
        side: Side,
        /// JSON pointer of the second definition.
        pointer: String,
        /// HTTP method, upper case.
        method: String,
        /// Path template.
        path: String,
    },
}

/// Compares two OpenAPI documents (3.0 or 3.1, as parsed by [`parse_document`] or `serde_json`) and
/// returns every change a user of the generated crate could notice, classified and in a stable order.
///
/// # Errors
/// A [`DiffError`] naming the document and JSON pointer when either document is not OpenAPI-shaped
/// or holds a `$ref` that does not resolve inside it.
pub fn diff(old: &serde_json::Value, new: &serde_json::Value) -> Result<Report, DiffError> {
    diff_with_names(old, new, None)
}

/// [`diff`], plus the client methods whose name changed between two versions of the name map
/// (`spec/method-names.json`, keyed by `METHOD /path`), for operations in both documents: the spec
/// can stay the same while its Rust names change, and a reviewer must see that too.
pub fn diff_with_names(
    old: &serde_json::Value,
    new: &serde_json::Value,
    names: Option<(&NameMap, &NameMap)>,
) -> Result<Report, DiffError> {
    let old_model = model::Api::from_document(old, Side::Old)?;
    let new_model = model::Api::from_document(new, Side::New)?;
    Ok(report(
        &old_model,
        &new_model,
        names.map(|(old_names, new_names)| (old_names, new_names, new)),
    ))
}

/// The report on two normalised documents, with the methods renamed between two name maps
/// (read for the operations of the new document) when given.
fn report(
    old: &model::Api,
    new: &model::Api,
    names: Option<(&NameMap, &NameMap, &serde_json::Value)>,
) -> Report {
    let mut changes = compare::compare(old, new);
    if let Some((old_names, new_names, document)) = names {
        changes.extend(method_renames(old_names, new_names, document));
    }
    Report::new(old.version.clone(), new.version.clone(), changes)
}

/// Compares the models of two runs ([`crate::pipeline::client_document`]): each document as the
/// generated client sees it (overlaid, converted, hand-written operations included), each
/// operation's scopes, label and features as `convert` read them, and, with `compare_names`, the
/// method names each run gives (set it when both runs had their committed name map, so that
/// names derived for lack of a map are not reported as renames).
///
/// # Errors
/// As [`diff`].
pub fn diff_models(
    old: &crate::pipeline::ClientDocument,
    new: &crate::pipeline::ClientDocument,
    compare_names: bool,
) -> Result<Report, DiffError> {
    let new_document = new.with_hand_written();
    let old_model = model::Api::from_model(old, &old.with_hand_written(), Side::Old)?;
    let new_model = model::Api::from_model(new, &new_document, Side::New)?;
    Ok(report(
        &old_model,
        &new_model,
        compare_names.then_some((&old.names, &new.names, &new_document)),
    ))
}

/// One [`ChangeKind::MethodRenamed`] per key both maps name differently, for operations the new
/// document has.
fn method_renames(old: &NameMap, new: &NameMap, document: &serde_json::Value) -> Vec<Change> {
    let mut changes = Vec::new();
    for (key, new_name) in new.entries() {
        let Some(old_name) = old.get(key).filter(|o| *o != new_name) else {
            continue;
        };
        let Some((method, path)) = key.split_once(' ') else {
            continue;
        };
        let Some(operation) = document
            .get("paths")
            .and_then(|p| p.get(path))
            .and_then(|item| item.get(method.to_ascii_lowercase()))
        else {
            continue;
        };
        let operation_ref = OperationRef {
            method: method.to_owned(),
            path: path.to_owned(),
            operation_id: operation
                .get("operationId")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned),
        };
        changes.push(Change::new(
            &operation_ref,
            Location::Operation,
            None,
            ChangeKind::MethodRenamed {
                old: old_name.to_owned(),
                new: new_name.to_owned(),
            },
        ));
    }
    changes
}

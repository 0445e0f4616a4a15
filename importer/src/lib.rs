//! Rebuilds `spec/contact-center.json`, Zoom's Contact Center OpenAPI document, from the two forms
//! in which we have it: the rendered API reference (text) and the operations table (JSON facts the
//! rendering leaves out: operationIds and parameters).
//!
//! The importer keeps Zoom's structure and mistakes; correcting the document is the job of the
//! overlays. It never drops text silently: every line it could not place comes back in
//! [`Imported::unplaced`] with its line number and the reason.
//!
//! ```no_run
//! let reference = std::fs::read_to_string("contact-center-api-reference.txt")?;
//! let table = std::fs::read_to_string("operations.json")?;
//! let imported = importer::import(&reference, &table)?;
//! std::fs::write("spec/contact-center.json", imported.to_json_text()?)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod blocks;
mod content;
mod document;
mod facts;
mod lines;
mod operation;
mod report;
mod schema_tree;
mod type_line;

pub use report::Unplaced;

use serde_json::Value;

/// Why an import failed outright (as opposed to lines merely left unplaced).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// `operations.json` is not the expected table.
    #[error("operations table is not valid: {0}")]
    OperationsTable(#[source] serde_json::Error),
    /// The reference has an operation the table does not.
    #[error("reference line {line}: {method} {path} has no entry in the operations table")]
    MissingFacts {
        /// Line of the operation's summary.
        line: usize,
        /// HTTP method.
        method: String,
        /// Path template.
        path: String,
    },
    /// The table has an operation the reference does not.
    #[error("operations table: {method} {path} is not in the reference")]
    UnusedFacts {
        /// HTTP method.
        method: String,
        /// Path template.
        path: String,
    },
    /// The table lists the same method and path twice.
    #[error("operations table: {method} {path} is listed twice")]
    DuplicateFacts {
        /// HTTP method.
        method: String,
        /// Path template.
        path: String,
    },
    /// The reference shows the same method and path twice.
    #[error("reference line {line}: {method} {path} appears twice")]
    DuplicateOperation {
        /// Line of the second operation's summary.
        line: usize,
        /// HTTP method.
        method: String,
        /// Path template.
        path: String,
    },
    /// The reference has no operations at all (probably the wrong file).
    #[error("the reference contains no operations (no `• Method:` lines)")]
    NoOperations,
    /// Writing the document as JSON failed.
    #[error("could not serialise the document: {0}")]
    Serialize(#[source] serde_json::Error),
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The OpenAPI document.
    pub document: Value,
    /// Lines of the reference that found no place in the document, by line number.
    pub unplaced: Vec<Unplaced>,
}

impl Imported {
    /// The document as committed: 2-space indented JSON with a trailing newline. Key order is the
    /// insertion order, which depends only on the inputs, so equal inputs give equal bytes.
    pub fn to_json_text(&self) -> Result<String, ImportError> {
        let mut text =
            serde_json::to_string_pretty(&self.document).map_err(ImportError::Serialize)?;
        text.push('\n');
        Ok(text)
    }
}

/// Imports the rendered `reference` and the `operations_json` table into one OpenAPI document.
pub fn import(reference: &str, operations_json: &str) -> Result<Imported, ImportError> {
    let facts = facts::parse(operations_json)?;
    let lines = lines::split(reference);
    let blocks = blocks::split(&lines);
    if blocks.operations.is_empty() {
        return Err(ImportError::NoOperations);
    }
    let mut report = report::Report::default();
    let header = blocks::parse_header(blocks.header, &mut report);
    let operations: Vec<_> = blocks
        .operations
        .iter()
        .map(|block| operation::parse(block, &mut report))
        .collect();
    let document = document::assemble(&header, &operations, &facts, &mut report)?;
    Ok(Imported {
        document,
        unplaced: report.into_items(),
    })
}

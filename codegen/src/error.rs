//! The error type of the regenerate flow.
//!
//! Every variant names what a maintainer needs to find the fault: the file, the operation and the JSON
//! pointer into the document. Stages that own a richer error (overlays, lint, diff) keep their own type
//! and are wrapped here, so the xtask prints one error with its whole chain.

use std::fmt;

/// Where in the document a problem sits: the operation (if any) and an RFC 6901 JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// `METHOD /path (operationId)`, or `None` for problems outside `paths`.
    pub operation: Option<String>,
    /// RFC 6901 pointer into the document as loaded (before conversion).
    pub pointer: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.operation {
            Some(op) => write!(f, "{op} at {}", self.pointer),
            None => write!(f, "at {}", self.pointer),
        }
    }
}

/// Everything that can stop `cargo xtask regenerate`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file is not JSON or YAML.
    #[error("{file}: not a JSON or YAML document: {message}")]
    Parse {
        /// The file as named by the caller.
        file: String,
        /// The parser's message, with its line and column.
        message: String,
    },
    /// The document says an OpenAPI version the pipeline does not read.
    #[error("{file}: unsupported `openapi` version {found:?}: expected 3.0.x or 3.1.x")]
    UnsupportedVersion {
        /// The file as named by the caller.
        file: String,
        /// The value of the `openapi` field, if any.
        found: Option<String>,
    },
    /// An overlay could not be parsed or applied.
    #[error(transparent)]
    Overlay(#[from] crate::overlay::OverlayError),
    /// The committed method-name map is not valid.
    #[error("{file}: {message}")]
    NameMap {
        /// The file as named by the caller.
        file: String,
        /// What is wrong with it.
        message: String,
    },
    /// The document holds a shape the generator cannot turn into correct Rust.
    #[error("{location}: {message}")]
    Unsupported {
        /// Where the shape sits.
        location: Location,
        /// What is wrong and what would fix it.
        message: String,
    },
    /// The converted document did not parse as OpenAPI 3.0.3.
    #[error("the converted document is not valid OpenAPI 3.0.3 at {pointer}: {message}")]
    Converted {
        /// JSON pointer into the converted document.
        pointer: String,
        /// The parser's message.
        message: String,
    },
    /// progenitor refused the document.
    #[error("progenitor could not generate the client: {0}")]
    Progenitor(String),
    /// The generated tokens are not valid Rust (a bug in a generation step).
    #[error("the generated code does not parse as Rust: {0}")]
    Syntax(String),
    /// The generated crate's Cargo.toml lacks the line the pipeline keeps in step with the spec.
    #[error("{file}: {message}")]
    Manifest {
        /// The file as named by the caller.
        file: String,
        /// What is missing.
        message: String,
    },
    /// A stage panicked: a bug in this workspace, caught so the run ends with a message instead.
    #[error("the {stage} stage panicked (a bug; please report it with the spec): {message}")]
    Internal {
        /// The stage that panicked.
        stage: &'static str,
        /// The panic's message.
        message: String,
    },
}

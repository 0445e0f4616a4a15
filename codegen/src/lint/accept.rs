//! `overlays/lint-accepted.yaml`: findings a reviewer decided to live with, each with a reason.
//!
//! An entry matches a finding with the same rule id and the same pointer. Entries that match
//! nothing are reported as stale, like overlay actions that no longer apply: the accepted list must
//! shrink when Zoom fixes things, never silently keep excusing problems that no longer exist.

use serde::Deserialize;

use super::{Finding, Rule};

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptEntry {
    /// Rule id, e.g. `example-invalid`.
    pub rule: String,
    /// RFC 6901 pointer of the finding.
    pub pointer: String,
    /// Why it is accepted rather than fixed.
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptFile {
    accepted: Vec<AcceptEntry>,
}

/// Why the accepted list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    /// Not YAML of the expected shape (`accepted:` list of `rule`, `pointer`, `reason`).
    #[error("{file}: {source}")]
    Yaml {
        /// File name.
        file: String,
        /// The parser's error.
        #[source]
        source: yaml_serde::Error,
    },
    /// An entry is unusable.
    #[error("{file}: entry {index}: {message}")]
    Entry {
        /// File name.
        file: String,
        /// Zero-based entry index.
        index: usize,
        /// What is wrong.
        message: String,
    },
}

/// Parses the accepted list: `accepted: [{rule, pointer, reason}, ...]`. Unknown rule ids, empty
/// reasons and pointers not starting with `/` are errors.
pub fn parse_accepted(file_name: &str, text: &str) -> Result<Vec<AcceptEntry>, AcceptError> {
    let parsed: AcceptFile = yaml_serde::from_str(text).map_err(|source| AcceptError::Yaml {
        file: file_name.to_owned(),
        source,
    })?;
    for (index, entry) in parsed.accepted.iter().enumerate() {
        let fail = |message: String| AcceptError::Entry {
            file: file_name.to_owned(),
            index,
            message,
        };
        if Rule::from_id(&entry.rule).is_none() {
            return Err(fail(format!("unknown rule `{}`", entry.rule)));
        }
        if !entry.pointer.starts_with('/') {
            return Err(fail(format!("`{}` is not a JSON pointer", entry.pointer)));
        }
        if entry.reason.trim().is_empty() {
            return Err(fail(
                "`reason` is empty: say why this is accepted".to_owned(),
            ));
        }
    }
    Ok(parsed.accepted)
}

/// Findings split by the accepted list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partition {
    /// Findings no entry accepts.
    pub remaining: Vec<Finding>,
    /// Accepted findings, with the entry's reason.
    pub accepted: Vec<(Finding, String)>,
    /// Entries that matched no finding (stale: delete them).
    pub stale: Vec<AcceptEntry>,
}

/// Splits `findings` into remaining and accepted, and lists entries that matched nothing.
pub fn partition(findings: Vec<Finding>, accepted: &[AcceptEntry]) -> Partition {
    let mut used = vec![false; accepted.len()];
    let mut out = Partition::default();
    for finding in findings {
        let hit = accepted
            .iter()
            .position(|e| e.rule == finding.rule.id() && e.pointer == finding.pointer);
        match hit {
            Some(i) => {
                used[i] = true;
                let reason = accepted[i].reason.clone();
                out.accepted.push((finding, reason));
            }
            None => out.remaining.push(finding),
        }
    }
    out.stale = accepted
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(entry, _)| entry.clone())
        .collect();
    out
}

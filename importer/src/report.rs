//! The list of reference lines the importer could not place.
//!
//! The importer never drops text silently: anything it does not understand is recorded here with
//! its line number and the reason, so that `spec/README.md` can account for every item.

use std::fmt;

use crate::lines::Line;

/// A line of the reference that did not find a place in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// 1-based line number in the rendered reference.
    pub line: usize,
    /// The line's text, trimmed.
    pub text: String,
    /// Why it could not be placed.
    pub reason: String,
}

impl fmt::Display for Unplaced {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "line {}: {} ({})",
            self.line, self.text, self.reason
        )
    }
}

/// Collects unplaced lines while the stages run.
#[derive(Debug, Default)]
pub(crate) struct Report {
    items: Vec<Unplaced>,
}

impl Report {
    /// Records `line` as unplaced for `reason`.
    pub(crate) fn unplaced(&mut self, line: &Line<'_>, reason: impl Into<String>) {
        self.items.push(Unplaced {
            line: line.number,
            text: line.text.to_owned(),
            reason: reason.into(),
        });
    }

    /// Records the line numbered `line` with `text` as unplaced for `reason`.
    pub(crate) fn unplaced_at(&mut self, line: usize, text: &str, reason: impl Into<String>) {
        self.items.push(Unplaced {
            line,
            text: text.to_owned(),
            reason: reason.into(),
        });
    }

    /// The items, sorted by line number (stages may report out of order).
    pub(crate) fn into_items(mut self) -> Vec<Unplaced> {
        self.items.sort_by_key(|item| item.line);
        self.items
    }
}

//! Splits the rendered reference into numbered, measured lines.
//!
//! Every later stage works on [`Line`]s rather than raw text so that it can report the exact line
//! number of anything it could not place, and so that indentation (which carries the nesting of
//! the property trees) is computed once.

/// One line of the rendered reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the reference.
    pub(crate) number: usize,
    /// Number of leading spaces.
    pub(crate) indent: usize,
    /// The text without leading or trailing whitespace; non-breaking spaces become plain spaces
    /// (the renderer puts them after `Method:`, `Path:`, `Tags:` and friends).
    pub(crate) text: &'a str,
    /// The line as written, without its line terminator.
    pub(crate) raw: &'a str,
}

impl Line<'_> {
    /// Whether the line holds nothing but whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// The text after a `• ` bullet, if the line is a bullet.
    pub(crate) fn bullet(&self) -> Option<&str> {
        self.text
            .strip_prefix("• ")
            .or_else(|| self.text.strip_prefix("•\u{a0}"))
    }
}

/// Splits `text` into lines numbered from 1.
pub(crate) fn split(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(index, raw)| {
            let indent = raw.len() - raw.trim_start_matches(' ').len();
            Line {
                number: index + 1,
                indent,
                text: raw.trim(),
                raw,
            }
        })
        .collect()
}

/// Replaces non-breaking spaces with plain spaces.
pub(crate) fn plain_spaces(text: &str) -> String {
    text.replace('\u{a0}', " ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap: a panic is a failed test.
mod tests {
    use super::*;

    #[test]
    fn measures_indent_and_numbers_from_one() {
        let lines = split("Title\n\n    • name (required)\n");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].number, 1);
        assert!(lines[1].is_blank());
        assert_eq!(lines[2].indent, 4);
        assert_eq!(lines[2].bullet(), Some("name (required)"));
    }

    #[test]
    fn bullet_with_non_breaking_space_is_recognised() {
        let lines = split("  •\u{a0}Method:\u{a0}GET");
        assert_eq!(lines[0].bullet(), Some("Method:\u{a0}GET"));
        assert_eq!(plain_spaces("Method:\u{a0}GET"), "Method: GET");
    }
}

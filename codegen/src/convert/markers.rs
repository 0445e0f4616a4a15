//! Reads the scopes and rate-limit label Zoom writes into each operation's description: the one
//! reader of these facts, used by `convert` (the operation table, the docs), the webhook reader and
//! `cargo xtask diff`, so that they cannot disagree about a description.
//!
//! Zoom does not put these in `security` or an extension: it writes them as Markdown inside each
//! operation's description, e.g.
//! ``**[Scopes](https://...):** `a:read:admin`,`b:read` `` and
//! ``**[Rate Limit Label](https://...):** `MEDIUM` ``; older downloads write `**Scopes:** ...`, and
//! some put several labels on one line separated by `<br>`. The parser is a small scanner rather
//! than a regex because it must accept all of those spellings, several labels on one line, and
//! values with or without backticks, and must never fail: a description it does not understand
//! simply yields nothing.

/// What the description says about authorisation and rate limiting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markers {
    /// Classic OAuth scopes, in the order written, each once.
    pub scopes: Vec<String>,
    /// Granular OAuth scopes, in the order written, each once.
    pub granular_scopes: Vec<String>,
    /// The rate-limit label as [`normalise_label`] spells it: `LIGHT`, `MEDIUM`, `HEAVY`,
    /// `RESOURCE-INTENSIVE`, or whatever else Zoom writes, trimmed.
    pub rate_limit_label: Option<String>,
}

/// The rate-limit labels Zoom documents, as its reference spells them.
pub const KNOWN_LABELS: &[&str] = &["LIGHT", "MEDIUM", "HEAVY", "RESOURCE-INTENSIVE"];

/// Zoom's spelling of a rate-limit label: case, surrounding blanks and the separator (`-`, `_` or
/// a space in `RESOURCE-INTENSIVE`) are ignored, because Zoom's document is not consistent (`LIGHT`
/// and `Light` both occur). A label none of [`KNOWN_LABELS`] matches is kept as written, trimmed.
///
/// The one rule for labels: the operation table is generated from its result, so the runtime
/// needs none of its own, and the diff compares labels after it.
pub fn normalise_label(label: &str) -> String {
    let squeezed = |text: &str| -> String {
        text.chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    let wanted = squeezed(label.trim());
    KNOWN_LABELS
        .iter()
        .find(|known| squeezed(known) == wanted)
        .map_or_else(|| label.trim().to_owned(), |known| (*known).to_owned())
}

#[derive(Debug, Clone, Copy)]
enum Label {
    Scopes,
    Granular,
    RateLimit,
}

/// Parses the markers out of an operation description; absent markers give empty values.
pub fn parse(description: &str) -> Markers {
    let mut markers = Markers::default();
    let mut text = description.to_owned();
    for br in ["<br />", "<br/>", "<br>", "<BR />", "<BR/>", "<BR>"] {
        text = text.replace(br, "\n");
    }
    // The label of the previous line, for a list that goes on after a `<br>` or a line break.
    let mut open: Option<Label> = None;
    for line in text.lines() {
        if is_value_list(line) {
            if let Some(label) = open {
                markers.add(label, values(line));
            }
            continue;
        }
        open = None;
        for (label, value) in labelled(line) {
            let Some(label) = classify_label(label) else {
                continue;
            };
            markers.add(label, values(value));
            open = Some(label);
        }
    }
    markers
}

impl Markers {
    fn add(&mut self, label: Label, values: Vec<String>) {
        let into = match label {
            Label::Scopes => &mut self.scopes,
            Label::Granular => &mut self.granular_scopes,
            Label::RateLimit => {
                if self.rate_limit_label.is_none() {
                    self.rate_limit_label = values.first().map(|v| normalise_label(v));
                }
                return;
            }
        };
        for value in values {
            if !into.contains(&value) {
                into.push(value);
            }
        }
    }
}

/// Whether a line holds nothing but backticked values and commas (`` `b:read`, `c:read` ``): the
/// rest of the list on the line before.
fn is_value_list(line: &str) -> bool {
    let outside: String = line.split('`').step_by(2).collect();
    line.contains('`')
        && line.matches('`').count().is_multiple_of(2)
        && outside.trim_matches([',', ' ', '\t']).is_empty()
}

/// The `(label, value)` pairs on one line: bold labels (`**Label:**`, `**[Label](url):**`,
/// `**Label**:`) anywhere, or a plain `Label:` at the start of the line.
fn labelled(line: &str) -> Vec<(&str, &str)> {
    let mut found: Vec<(&str, usize, usize)> = Vec::new(); // label, start of bold, start of value
    let mut at = 0;
    while let Some(open) = line[at..].find("**").map(|i| at + i) {
        let Some(close) = line[open + 2..].find("**").map(|i| open + 2 + i) else {
            break;
        };
        let inner = &line[open + 2..close];
        let after = close + 2;
        if let Some(label) = inner.strip_suffix(':') {
            found.push((label, open, after));
        } else if line[after..].starts_with(':') {
            found.push((inner, open, after + 1));
        }
        at = after;
    }
    if found.is_empty() {
        let trimmed = line.trim_start().trim_start_matches(['-', '*', ' ']);
        if let Some((label, value)) = trimmed.split_once(':') {
            return vec![(label, value)];
        }
    }
    let mut pairs = Vec::with_capacity(found.len());
    for (i, (label, _, value_start)) in found.iter().enumerate() {
        let value_end = found.get(i + 1).map_or(line.len(), |next| next.1);
        pairs.push((*label, &line[*value_start..value_end]));
    }
    pairs
}

fn classify_label(label: &str) -> Option<Label> {
    let label = label.trim();
    // `[Scopes](https://...)`: the link text is the label.
    let label = label
        .strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .map_or(label, |(text, _)| text);
    let words: Vec<String> = label
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    match words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["scopes" | "scope"] => Some(Label::Scopes),
        ["granular", "scopes" | "scope"] => Some(Label::Granular),
        ["rate", "limit", "label"] | ["rate", "limit"] => Some(Label::RateLimit),
        _ => None,
    }
}

/// Backticked values if there are any (`` `a`,`b` `` or `` `a,b` ``), else the comma- or
/// space-separated words.
fn values(value: &str) -> Vec<String> {
    let ticked: Vec<String> = value
        .split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|chunk| chunk.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if !ticked.is_empty() {
        return ticked;
    }
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| c == '.' || c == ';' || c == '*'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_linked_markers() {
        let text = "Return a list.\n\n**[Scopes](https://x/):** `contact_center_contact:read:admin`,`b:read`\n\n\
                    **[Granular Scopes](https://y/):** `contact_center:read:list_address_books:admin`\n\n\
                    **[Rate Limit Label](https://z/):** `MEDIUM`";
        let markers = parse(text);
        assert_eq!(
            markers.scopes,
            ["contact_center_contact:read:admin", "b:read"]
        );
        assert_eq!(
            markers.granular_scopes,
            ["contact_center:read:list_address_books:admin"]
        );
        assert_eq!(markers.rate_limit_label.as_deref(), Some("MEDIUM"));
    }

    #[test]
    fn reads_plain_markers_and_tolerates_absence() {
        let markers = parse("Do it.\n\n**Scopes:** `a:write`\n\n**Rate Limit Label:** `HEAVY`\n");
        assert_eq!(markers.scopes, ["a:write"]);
        assert!(markers.granular_scopes.is_empty());
        assert_eq!(markers.rate_limit_label.as_deref(), Some("HEAVY"));
        assert_eq!(parse("nothing here"), Markers::default());
    }

    #[test]
    fn plain_labels_on_one_line_with_br_and_no_backticks() {
        let markers = parse(
            "**Scopes:** a:read, b:write **Granular Scopes**: `g:x`<br>Rate Limit Label: HEAVY",
        );
        assert_eq!(markers.scopes, ["a:read", "b:write"]);
        assert_eq!(markers.granular_scopes, ["g:x"]);
        assert_eq!(markers.rate_limit_label.as_deref(), Some("HEAVY"));
    }

    #[test]
    fn a_br_separated_list_is_read_whole_and_values_once() {
        let markers = parse(
            "**Scopes:** `a:read`,`b:read`<br/>`c:read`, `a:read`<BR>**Rate Limit:** `Light`",
        );
        assert_eq!(markers.scopes, ["a:read", "b:read", "c:read"]);
        assert_eq!(markers.rate_limit_label.as_deref(), Some("LIGHT"));
        // A `<br>` ends the list: the next label's value is not a scope.
        let markers = parse("**Scopes:** `a:read`<br>Rate Limit Label: `HEAVY`");
        assert_eq!(markers.scopes, ["a:read"]);
        assert_eq!(markers.rate_limit_label.as_deref(), Some("HEAVY"));
        // Prose after a blank line is not part of the list.
        let markers = parse("**Scopes:** `a:read`\n\nThen call `b:read`.");
        assert_eq!(markers.scopes, ["a:read"]);
    }

    #[test]
    fn other_bold_text_and_odd_input_yield_nothing() {
        assert_eq!(
            parse("**Note:** scopes are `x`\n**unclosed `y`"),
            Markers::default()
        );
        assert_eq!(parse("**"), Markers::default());
        assert_eq!(parse("**Scopes:**"), Markers::default());
    }

    #[test]
    fn labels_normalise_in_any_spelling_and_unknown_ones_stay_as_written() {
        for (written, zoom) in [
            ("LIGHT", "LIGHT"),
            ("Light", "LIGHT"),
            (" medium ", "MEDIUM"),
            ("HEAVY", "HEAVY"),
            ("RESOURCE-INTENSIVE", "RESOURCE-INTENSIVE"),
            ("resource_intensive", "RESOURCE-INTENSIVE"),
            ("Resource Intensive", "RESOURCE-INTENSIVE"),
            ("ResourceIntensive", "RESOURCE-INTENSIVE"),
            (" Super ", "Super"),
        ] {
            assert_eq!(normalise_label(written), zoom, "{written:?}");
        }
    }
}

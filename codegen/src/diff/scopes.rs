//! Scopes, granular scopes and the rate-limit label, read from an operation's description.
//!
//! Zoom does not put these in `security` or an extension: it writes them as Markdown inside each
//! operation's description, e.g.
//! ``**[Scopes](https://...):** `a:read:admin`,`b:read` `` and
//! ``**[Rate Limit Label](https://...):** `MEDIUM` ``, sometimes as plain `**Scopes:**`, separated by
//! blank lines or `<br>`. The parser is a small scanner rather than a regex because it must accept all
//! of those spellings, several labels on one line, and values with or without backticks, and must
//! never fail: a description it does not understand simply yields nothing.

use std::collections::BTreeSet;

/// What the description says about access and rate limiting.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Access {
    pub(super) scopes: BTreeSet<String>,
    pub(super) granular: BTreeSet<String>,
    pub(super) label: Option<String>,
}

enum Label {
    Scopes,
    Granular,
    RateLimit,
}

/// Reads the labelled lines of an operation description.
pub(super) fn parse(description: &str) -> Access {
    let mut access = Access::default();
    let text = description
        .replace("<br />", "\n")
        .replace("<br/>", "\n")
        .replace("<br>", "\n")
        .replace("<BR>", "\n");
    for line in text.lines() {
        for (label, value) in labelled(line) {
            let Some(label) = classify_label(label) else {
                continue;
            };
            let values = values(value);
            match label {
                Label::Scopes => access.scopes.extend(values),
                Label::Granular => access.granular.extend(values),
                Label::RateLimit => {
                    if let Some(first) = values.into_iter().next() {
                        access.label.get_or_insert(first);
                    }
                }
            }
        }
    }
    access
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

/// Backticked tokens if there are any, else the comma- or space-separated words.
fn values(value: &str) -> Vec<String> {
    let ticked: Vec<String> = value
        .split('`')
        .skip(1)
        .step_by(2)
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
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn zoom_linked_labels() {
        let access = parse(
            "List queues.\n\n**[Scopes](https://developers.zoom.us/docs/integrations/oauth-scopes/):** \
             `contact_center_queue:read:admin`,`b:read`\n\n\
             **[Granular Scopes](https://developers.zoom.us/docs/integrations/oauth-scopes-granular/):** \
             `contact_center:read:list_queues:admin`\n\n\
             **[Rate Limit Label](https://developers.zoom.us/docs/api/rest/rate-limits/):** `MEDIUM`\n",
        );
        assert_eq!(
            access.scopes,
            set(&["contact_center_queue:read:admin", "b:read"])
        );
        assert_eq!(
            access.granular,
            set(&["contact_center:read:list_queues:admin"])
        );
        assert_eq!(access.label.as_deref(), Some("MEDIUM"));
    }

    #[test]
    fn plain_labels_on_one_line_with_br_and_no_backticks() {
        let access = parse(
            "**Scopes:** a:read, b:write **Granular Scopes**: `g:x`<br>Rate Limit Label: HEAVY",
        );
        assert_eq!(access.scopes, set(&["a:read", "b:write"]));
        assert_eq!(access.granular, set(&["g:x"]));
        assert_eq!(access.label.as_deref(), Some("HEAVY"));
    }

    #[test]
    fn other_bold_text_and_odd_input_yield_nothing() {
        assert_eq!(
            parse("**Note:** scopes are `x`\n**unclosed `y`"),
            Access::default()
        );
        assert_eq!(parse("**"), Access::default());
        assert_eq!(parse("**Scopes:**"), Access::default());
    }
}

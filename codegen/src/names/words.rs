//! The English words of Zoom's document, for splitting and checking method names.
//!
//! Zoom's operationIds lose word breaks (`Listaddressbookcustomfields`, `SendaMessage`,
//! `batchDeletecontact`), and no maintained crate splits run-together English. A general dictionary
//! would not help either: the words that matter are Zoom's own (`dnc`, `rtms`, `timecard`, `sms`).
//! So the vocabulary is read from the document itself, from the places where Zoom does separate words:
//! path segments (`address_books`, `{customFieldId}`), tag names (`Follow-up Tasks`) and summaries
//! (`List an address book's custom fields`). Each fact is read once, when the map is resolved or
//! checked; nothing here is a hand-kept word list except the rule's own verbs and articles.

use std::collections::BTreeSet;

use super::OperationFacts;

/// The words of a document's paths, tags and summaries, with their singular and plural forms.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    words: BTreeSet<String>,
}

impl Vocabulary {
    /// Collects the words of every operation's path, tags and summary.
    pub fn from_operations(operations: &[OperationFacts]) -> Self {
        let mut vocabulary = Vocabulary::default();
        for op in operations {
            for segment in op.path.split('/') {
                vocabulary.add_text(segment.trim_matches(|c| c == '{' || c == '}'));
            }
            for tag in &op.tags {
                vocabulary.add_text(tag);
            }
            if let Some(summary) = &op.summary {
                vocabulary.add_text(summary);
            }
        }
        vocabulary
    }

    /// Adds the words of a piece of text (any casing, any separators).
    pub fn add_text(&mut self, text: &str) {
        for word in split_words(text) {
            self.add_word(&word);
        }
    }

    /// Adds one lowercase word.
    pub fn add_word(&mut self, word: &str) {
        if !word.is_empty() {
            self.words.insert(word.to_owned());
        }
    }

    /// Whether `word` (lowercase) is a word of the document, allowing for singular and plural.
    pub fn knows(&self, word: &str) -> bool {
        self.words.contains(word)
            || self.words.contains(&plural(word))
            || singular(word).is_some_and(|s| self.words.contains(&s))
    }

    /// Whether `word` is, as spelled, one the document uses.
    pub fn has_exact(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Splits a run-together lowercase token (`listaddressbookcustomfields`) into the fewest words of
    /// the vocabulary (`list address book custom fields`); `None` when some part is no known word.
    ///
    /// Single letters are accepted only as the article `a` (`senda` -> `send a`), so that a stray
    /// letter cannot paper over an unknown word.
    pub fn segment(&self, token: &str) -> Option<Vec<String>> {
        let chars: Vec<char> = token.chars().collect();
        let n = chars.len();
        // best[i]: the fewest words covering chars[..i], and where the last word starts.
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        for end in 1..=n {
            for start in 0..end {
                let Some((count, _)) = best[start] else {
                    continue;
                };
                let piece: String = chars[start..end].iter().collect();
                let usable = if piece.len() == 1 {
                    piece == "a"
                } else {
                    self.knows(&piece)
                };
                if usable && best[end].is_none_or(|(c, _)| count + 1 < c) {
                    best[end] = Some((count + 1, start));
                }
            }
        }
        best[n]?;
        let mut words = Vec::new();
        let mut end = n;
        while end > 0 {
            let (_, start) = best[end]?;
            words.push(chars[start..end].iter().collect());
            end = start;
        }
        words.reverse();
        Some(words)
    }
}

/// Splits text into lowercase words: at separators, at camelCase humps, and dropping possessive `'s`
/// (`queue's` -> `queue`, `ListRegion'sUsers` -> `list region users`).
pub fn split_words(text: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '\'' | '\u{2019}') {
            if chars.peek().is_some_and(|n| *n == 's' || *n == 'S') {
                chars.next();
            }
            // A possessive ends a word: `Region'sUsers` is `Region Users`.
            cleaned.push(' ');
            continue;
        }
        cleaned.push(if c.is_ascii_alphanumeric() { c } else { ' ' });
    }
    let mut words = Vec::new();
    for chunk in cleaned.split_whitespace() {
        words.extend(split_camel(chunk));
    }
    words
}

/// `getRTMSStatus` -> `get rtms status`; `CreateTeam` -> `create team`; `users` -> `users`.
fn split_camel(chunk: &str) -> Vec<String> {
    let chars: Vec<char> = chunk.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let boundary = i > 0 && {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            (c.is_ascii_uppercase() && (prev.is_ascii_lowercase() || prev.is_ascii_digit()))
                || (c.is_ascii_uppercase() && prev.is_ascii_uppercase() && next_lower)
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Whether a word reads as plural (`queues`, `data`): what `list_*` names end with.
pub fn looks_plural(word: &str) -> bool {
    (word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us"))
        || matches!(word, "data" | "children" | "people" | "history")
}

/// Irregular plurals of the document's nouns (`/teams/{teamId}/children` is named
/// `list_team_child_teams`); other irregular plurals are simply not found in the vocabulary,
/// which makes the rule quiet rather than wrong.
const IRREGULAR: &[(&str, &str)] = &[("child", "children"), ("person", "people")];

/// The English plural of a singular noun (`queue` -> `queues`, `inbox` -> `inboxes`,
/// `category` -> `categories`, `child` -> `children`). Good enough for the nouns of an API.
pub fn plural(word: &str) -> String {
    if let Some((_, many)) = IRREGULAR.iter().find(|(one, _)| *one == word) {
        return (*many).to_owned();
    }
    if let Some(stem) = word.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
        && !stem.is_empty()
    {
        return format!("{stem}ies");
    }
    if word.ends_with(['s', 'x', 'z']) || word.ends_with("ch") || word.ends_with("sh") {
        return format!("{word}es");
    }
    format!("{word}s")
}

/// The singular of a plural noun, or `None` when the word does not end like an English plural.
pub fn singular(word: &str) -> Option<String> {
    if let Some((one, _)) = IRREGULAR.iter().find(|(_, many)| *many == word) {
        return Some((*one).to_owned());
    }
    if let Some(stem) = word.strip_suffix("ies")
        && !stem.is_empty()
    {
        return Some(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("es")
        && (stem.ends_with(['s', 'x', 'z']) || stem.ends_with("ch") || stem.ends_with("sh"))
    {
        return Some(stem.to_owned());
    }
    if let Some(stem) = word.strip_suffix('s')
        && !stem.ends_with('s')
        && !stem.is_empty()
    {
        return Some(stem.to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(text: &str) -> Vocabulary {
        let mut v = Vocabulary::default();
        v.add_text(text);
        v
    }

    #[test]
    fn splits_text_the_way_zoom_writes_it() {
        assert_eq!(split_words("getRTMSStatus"), ["get", "rtms", "status"]);
        assert_eq!(
            split_words("ListRegion'sUsers"),
            ["list", "region", "users"]
        );
        assert_eq!(
            split_words("List a queue's agents"),
            ["list", "a", "queue", "agents"]
        );
        assert_eq!(split_words("{customFieldId}"), ["custom", "field", "id"]);
        assert_eq!(
            split_words("opt_in_out_queues"),
            ["opt", "in", "out", "queues"]
        );
        assert_eq!(split_words("Follow-up Tasks"), ["follow", "up", "tasks"]);
    }

    #[test]
    fn segments_run_together_ids_into_document_words() {
        let v = vocabulary("List address books; custom_fields; Send a message; contacts; delete");
        assert_eq!(
            v.segment("listaddressbookcustomfields").unwrap(),
            ["list", "address", "book", "custom", "fields"]
        );
        assert_eq!(v.segment("senda").unwrap(), ["send", "a"]);
        assert_eq!(v.segment("deletecontact").unwrap(), ["delete", "contact"]);
        assert_eq!(v.segment("zoomphonetozcc"), None);
    }

    #[test]
    fn singular_and_plural_round_trip() {
        for (one, many) in [
            ("queue", "queues"),
            ("inbox", "inboxes"),
            ("category", "categories"),
            ("address", "addresses"),
            ("status", "statuses"),
            ("day", "days"),
            ("child", "children"),
        ] {
            assert_eq!(plural(one), many);
            assert_eq!(singular(many).as_deref(), Some(one));
        }
        let v = vocabulary("system_statuses");
        assert!(v.knows("status") && v.knows("statuses") && !v.knows("statu_"));
        assert!(looks_plural("queues") && looks_plural("sms") && looks_plural("data"));
        assert!(!looks_plural("status") && !looks_plural("address") && !looks_plural("queue"));
    }
}

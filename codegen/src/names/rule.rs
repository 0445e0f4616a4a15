//! The naming rule for client methods, as code: [`check`] says why a name breaks it, [`derive`] names
//! a new operation so that it keeps it.
//!
//! The rule (also written out in `spec/README.md`, "Method names"):
//!
//! 1. snake_case, made of English words split where English splits them: every word is one that
//!    Zoom's document uses in its paths, tags or summaries (singular or plural), or a verb below.
//! 2. The verb comes first, from a fixed vocabulary ([`VERBS`]): `list` (a collection), `get` (one
//!    item or a singleton), `create`, `update`, `delete`, `assign` / `unassign` (linking existing
//!    resources to a parent), `batch_create` / `batch_update` / `batch_delete` (many items in one
//!    call, where Zoom says "Batch" or the path ends in `/batch`), and the domain verbs `send`,
//!    `start`, `schedule`, `control`, `import`, `export`, `publish`, `duplicate`, `move`,
//!    `transfer`. Synonyms Zoom uses (`edit`, `add`, `remove`, `insert`, `patch`) are not verbs of
//!    the rule.
//! 3. No articles (`a`, `an`, `the`) and no HTTP methods as words (`patch`, `put`, `post`).
//! 4. The resource is named as Zoom's path and tags name it, parents first (`list_queue_agents` for
//!    `/queues/{queueId}/agents`): plural for `list_*` and `batch_*`, singular for an operation on one item
//!    (`get_queue` for `/queues/{queueId}`).
//! 5. Prefixes only where two operations would otherwise collide (`list_account_inbox_messages`
//!    for `/inboxes/messages` beside `list_inbox_messages` for `/inboxes/{inboxId}/messages`).
//!
//! All five are checked here. Rule 5 needs a definition sharp enough for code ([`prefixes`]): a
//! name's *resource words* are the words of its operation's path (literal segments after the prefix
//! every path shares, and parameter names: `{closureSetId}` gives `closure`, `set`) and of its tags,
//! singular or plural. A *prefix* is a word after the verb that is no resource word and stands
//! before one (`account` in `list_account_inbox_messages`, `call` in a
//! `list_historical_call_journey_logs` for `/analytics/log/historical/journey`). Words after the
//! last resource word are not prefixes: they are the noun Zoom's summary gives the resource
//! (`get_queue_interrupt_settings` for `/queues/{queueId}/interrupt`, the `*_data` of the
//! analytics datasets), which rules 1 and 4 govern. A prefix is allowed only when the name without
//! its prefixes is another operation's name: the prefix is what keeps the two apart.

use std::collections::BTreeSet;

use super::OperationFacts;
use super::words::{Vocabulary, looks_plural, plural, singular, split_words};

/// The verbs a method name may start with.
pub const VERBS: &[&str] = &[
    "list",
    "get",
    "create",
    "update",
    "delete",
    "assign",
    "unassign",
    "batch",
    "send",
    "start",
    "schedule",
    "control",
    "import",
    "export",
    "publish",
    "duplicate",
    "move",
    "transfer",
];

/// The verbs that may follow `batch_`.
pub const BATCH_VERBS: &[&str] = &["create", "update", "delete", "assign", "unassign"];

/// Words that are never part of a name.
const ARTICLES: &[&str] = &["a", "an", "the"];

/// HTTP methods that are not verbs of the rule (`get` and `delete` are).
const HTTP_WORDS: &[&str] = &["patch", "put", "post", "head", "options", "trace"];

/// Verbs (and Zoom's synonyms for them) that are never the resource, so never a name's last word.
/// `list`, `set`, `move` and `schedule` are left out: they are nouns too (`contact_list`).
const VERB_NOT_NOUN: &[&str] = &[
    "get", "create", "update", "delete", "assign", "unassign", "edit", "add", "remove", "insert",
];

/// Zoom's synonyms for the rule's verbs, mapped when a name is derived.
const SYNONYMS: &[(&str, &str)] = &[
    ("edit", "update"),
    ("modify", "update"),
    ("change", "update"),
    ("patch", "update"),
    ("put", "update"),
    ("set", "update"),
    ("add", "create"),
    ("insert", "create"),
    ("post", "create"),
    ("remove", "delete"),
    ("fetch", "get"),
    ("retrieve", "get"),
    ("poll", "get"),
    ("query", "get"),
];

/// Words a derived name leaves out: they join the summary's English but say nothing in a name.
const FILLERS: &[&str] = &[
    "a", "an", "the", "to", "of", "for", "from", "on", "into", "with", "by", "or", "and", "s",
];

/// How one name breaks the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation(pub String);

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the rule reads from the whole document, beyond the one operation a name is for.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The document's words (rule 1).
    pub vocabulary: &'a Vocabulary,
    /// The leading path segments every operation shares (`contact_center`): they name no resource,
    /// so they are neither derived into names nor resource words for rule 5.
    pub common_prefix: &'a [String],
    /// Whether a name is another operation's (rule 5, and a derived name's uniqueness).
    pub taken: &'a dyn Fn(&str) -> bool,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("common_prefix", &self.common_prefix)
            .finish_non_exhaustive()
    }
}

/// Every way `name`, given to operation `op`, breaks the rule (empty when it keeps it).
pub fn check(name: &str, op: &OperationFacts, context: &Context<'_>) -> Vec<Violation> {
    let vocabulary = context.vocabulary;
    let mut found = Vec::new();
    let mut say = |message: String| found.push(Violation(message));
    if !super::is_snake_identifier(name) || name.contains("__") || name.ends_with('_') {
        say(format!(
            "`{name}` is not snake_case words joined by single underscores"
        ));
        return found;
    }
    let words: Vec<&str> = name.split('_').collect();
    let first = words[0];
    if !VERBS.contains(&first) {
        let hint = words
            .iter()
            .find(|w| VERBS.contains(w) || synonym(w).is_some())
            .map(|w| format!(" (`{w}` belongs first)"))
            .unwrap_or_default();
        say(format!(
            "`{name}` does not start with a verb of the rule ({}){hint}",
            VERBS.join(", ")
        ));
    } else if first == "batch" && !words.get(1).is_some_and(|w| BATCH_VERBS.contains(w)) {
        say(format!(
            "`{name}`: `batch_` is followed by one of {}",
            BATCH_VERBS.join(", ")
        ));
    }
    if words.iter().skip(1).any(|w| *w == "batch") {
        say(format!(
            "`{name}`: `batch` is a prefix (`batch_update_...`), not a word inside"
        ));
    }
    if words.len() > 1
        && let Some(last) = words.last()
        && VERB_NOT_NOUN.contains(last)
    {
        say(format!(
            "`{name}` ends with the verb `{last}`; the verb goes first"
        ));
    }
    for word in &words {
        // A path segment is a resource name even when it is spelt like an article (`/a`).
        if ARTICLES.contains(word) && !is_path_segment(op, word) {
            say(format!("`{name}` contains the article `{word}`"));
        } else if HTTP_WORDS.contains(word) {
            say(format!(
                "`{name}` uses the HTTP method `{word}` as a word; say what it does (`update`)"
            ));
        } else if !VERBS.contains(word) && !vocabulary.knows(word) {
            let split = vocabulary
                .segment(word)
                .map(|parts| format!(": it splits as `{}`", parts.join("_")))
                .unwrap_or_default();
            say(format!(
                "`{name}`: `{word}` is not a word of Zoom's document (paths, tags, summaries){split}"
            ));
        }
    }
    let last = words[words.len() - 1];
    if (first == "list" || first == "batch")
        && !looks_plural(last)
        && vocabulary.has_exact(&plural(last))
    {
        say(format!(
            "`{name}` acts on a collection: name it in the plural (`{}`)",
            plural(last)
        ));
    }
    if let Some(segment) = item_segment(op)
        && matches!(first, "get" | "update" | "delete")
        && last == segment
        && let Some(one) = singular(last)
        && vocabulary.knows(&one)
    {
        say(format!(
            "`{name}` acts on one item of `{segment}`: name it in the singular (`{one}`)"
        ));
    }
    let extra = prefixes(name, op, context.common_prefix);
    if !extra.is_empty() {
        let bare = without(name, &extra);
        if !(context.taken)(&bare) {
            let listed: Vec<String> = extra.iter().map(|i| format!("`{}`", words[*i])).collect();
            let (is, it) = if extra.len() == 1 {
                ("is a prefix", "it")
            } else {
                ("are prefixes", "them")
            };
            say(format!(
                "`{name}`: {} {is} that neither the path nor the tags give (rule 5: allowed only \
                 where the name without {it} is another operation's name, and `{bare}` is not)",
                listed.join(", ")
            ));
        }
    }
    found
}

/// The positions (in `name.split('_')`) of the name's prefixes in the sense of rule 5: words after
/// the verb that are no resource word of the operation and stand before one.
pub fn prefixes(name: &str, op: &OperationFacts, common_prefix: &[String]) -> Vec<usize> {
    let words: Vec<&str> = name.split('_').collect();
    let verb_words = match words.first() {
        Some(&"batch") => 2,
        _ => 1,
    };
    let resources = resource_words(op, common_prefix);
    let is_resource = |word: &str| {
        resources.contains(word)
            || resources.contains(&plural(word))
            || singular(word).is_some_and(|one| resources.contains(&one))
    };
    let Some(last_resource) = words.iter().rposition(|w| is_resource(w)) else {
        return Vec::new();
    };
    (verb_words.min(words.len())..last_resource)
        .filter(|i| !is_resource(words[*i]))
        .collect()
}

/// The name with the words at `positions` left out.
fn without(name: &str, positions: &[usize]) -> String {
    name.split('_')
        .enumerate()
        .filter(|(i, _)| !positions.contains(i))
        .map(|(_, w)| w)
        .collect::<Vec<_>>()
        .join("_")
}

/// The path's segments after the prefix every operation shares (`/contact_center`).
fn segments_after<'a>(op: &'a OperationFacts, common_prefix: &[String]) -> Vec<&'a str> {
    let segments: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    let skip = common_prefix
        .iter()
        .zip(&segments)
        .take_while(|(a, b)| a.as_str() == **b)
        .count();
    segments[skip..].to_vec()
}

/// The words that name an operation's resource (rule 5): those of its path's literal segments after
/// the common prefix and of its parameter names, and those of its tags.
fn resource_words(op: &OperationFacts, common_prefix: &[String]) -> BTreeSet<String> {
    segments_after(op, common_prefix)
        .iter()
        .map(|s| s.trim_matches(|c| c == '{' || c == '}'))
        .chain(op.tags.iter().map(String::as_str))
        .flat_map(split_words)
        .collect()
}

/// The literal segment before a trailing `{param}`: `queues` for `/queues/{queueId}`.
fn item_segment(op: &OperationFacts) -> Option<&str> {
    let mut segments = op.path.rsplit('/');
    let last = segments.next()?;
    if !last.starts_with('{') {
        return None;
    }
    segments.next().filter(|s| !s.starts_with('{'))
}

/// Whether `word` is a whole literal segment of the operation's path.
fn is_path_segment(op: &OperationFacts, word: &str) -> bool {
    op.path.split('/').any(|segment| segment == word)
}

fn synonym(word: &str) -> Option<&'static str> {
    SYNONYMS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// A name for an operation the map does not know yet, or, when no candidate keeps the rule (or all
/// are taken), every candidate with the reason it was refused.
///
/// Candidates, in order: the operationId split into words (run-together ids split by the
/// vocabulary), the summary, then the HTTP method and the path's segments. A candidate refused for a
/// prefix (rule 5: `getAllQueues` -> `list_all_queues`) is tried again without its prefixes
/// (`list_queues`) before the next one.
pub fn derive(op: &OperationFacts, context: &Context<'_>) -> Result<String, Vec<String>> {
    let vocabulary = context.vocabulary;
    let mut refused = Vec::new();
    let candidates = [
        (
            "operationId",
            from_operation_id(&op.operation_id, vocabulary),
        ),
        ("summary", op.summary.as_deref().map(split_words)),
        ("path", Some(from_path(op, context.common_prefix))),
    ];
    for (source, words) in candidates {
        let Some(words) = words else {
            refused.push(format!("the {source} has no usable words"));
            continue;
        };
        let Some(name) = normalize(words, op, vocabulary) else {
            refused.push(format!("the {source} gives no name"));
            continue;
        };
        let extra = prefixes(&name, op, context.common_prefix);
        let bare = (!extra.is_empty()).then(|| without(&name, &extra));
        let tries = std::iter::once((name, String::new()))
            .chain(bare.map(|bare| (bare, " without its prefixes".to_owned())));
        for (name, how) in tries {
            let violations = check(&name, op, context);
            if !violations.is_empty() {
                let reasons: Vec<String> = violations.iter().map(|v| v.0.clone()).collect();
                refused.push(format!("from the {source}{how}: {}", reasons.join("; ")));
            } else if (context.taken)(&name) {
                refused.push(format!(
                    "from the {source}{how}: `{name}` is already another operation's name"
                ));
            } else {
                return Ok(name);
            }
        }
    }
    Err(refused)
}

/// The operationId's words; run-together ones split by the vocabulary. `None` when a part is no
/// known word, so that the summary is tried instead of guessing.
fn from_operation_id(id: &str, vocabulary: &Vocabulary) -> Option<Vec<String>> {
    let mut words = Vec::new();
    for token in split_words(id) {
        if VERBS.contains(&token.as_str()) || synonym(&token).is_some() || vocabulary.knows(&token)
        {
            words.push(token);
        } else {
            words.extend(vocabulary.segment(&token)?);
        }
    }
    (!words.is_empty()).then_some(words)
}

/// `METHOD` and the path's literal segments: `GET /queues/{queueId}/agents` -> `list queue agents`.
fn from_path(op: &OperationFacts, common_prefix: &[String]) -> Vec<String> {
    let mut words = vec![method_verb(op).to_owned()];
    let rest = segments_after(op, common_prefix);
    for (i, segment) in rest.iter().enumerate() {
        if segment.starts_with('{') {
            continue;
        }
        let followed_by_param = rest.get(i + 1).is_some_and(|s| s.starts_with('{'));
        let mut parts = split_words(segment);
        if followed_by_param && let Some(last) = parts.last_mut() {
            *last = singular(last).unwrap_or_else(|| last.clone());
        }
        words.extend(parts);
    }
    words
}

/// The verb an HTTP method implies for a path.
fn method_verb(op: &OperationFacts) -> &'static str {
    let on_item = op.path.ends_with('}');
    match op.method.as_str() {
        "GET" if on_item => "get",
        "GET" => "list",
        "POST" => "create",
        "PUT" | "PATCH" => "update",
        "DELETE" => "delete",
        _ => "get",
    }
}

/// Applies rules 2 to 4 to candidate words: verb first and from the vocabulary, no fillers,
/// plural for lists and singular for single items.
fn normalize(words: Vec<String>, op: &OperationFacts, vocabulary: &Vocabulary) -> Option<String> {
    let mut words: Vec<String> = words
        .into_iter()
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| !FILLERS.contains(&w.as_str()) || is_path_segment(op, w))
        .collect();
    if words.is_empty() {
        return None;
    }
    let to_verb = |w: &str| -> Option<String> {
        if VERBS.contains(&w) {
            Some(w.to_owned())
        } else {
            synonym(w).map(str::to_owned)
        }
    };
    // Verb last (`queueCreate`) moves to the front.
    if to_verb(&words[0]).is_none()
        && words.len() > 1
        && let Some(verb) = words.last().and_then(|w| to_verb(w))
    {
        words.pop();
        words.insert(0, verb);
    }
    // `batch` inside the words (`updateABatchOfContacts`) is the rule's `batch_` prefix.
    if words.iter().skip(1).any(|w| w == "batch") {
        words.retain(|w| w != "batch");
        if op.method != "GET" {
            words.insert(0, "batch".to_owned());
        }
    }
    match words.first().and_then(|w| to_verb(w)) {
        Some(verb) => words[0] = verb,
        // `EngagementRecordingStatus`: a GET of one thing, though its path ends in a literal.
        None if op.method == "GET" && words.last().is_some_and(|w| !looks_plural(w)) => {
            words.insert(0, "get".to_owned())
        }
        None => words.insert(0, method_verb(op).to_owned()),
    }
    if words[0] == "batch" {
        match words.get(1).and_then(|w| to_verb(w)) {
            Some(verb) if BATCH_VERBS.contains(&verb.as_str()) => words[1] = verb,
            _ => words.insert(1, method_verb(op).to_owned()),
        }
    }
    // Zoom's summaries say "Get ..." for collections and "List ..." for them too.
    let summary_lists = op
        .summary
        .as_deref()
        .is_some_and(|s| s.trim_start().to_ascii_lowercase().starts_with("list "));
    if words[0] == "get" && op.method == "GET" && summary_lists && !op.path.ends_with('}') {
        words[0] = "list".to_owned();
    }
    if words.len() < 2 {
        return None;
    }
    let last = words.len() - 1;
    if (words[0] == "list" || words[0] == "batch") && !looks_plural(&words[last]) {
        let many = plural(&words[last]);
        if vocabulary.has_exact(&many) {
            words[last] = many;
        }
    }
    if matches!(words[0].as_str(), "get" | "update" | "delete")
        && op.path.ends_with('}')
        && let Some(one) = singular(&words[last])
        && vocabulary.has_exact(&one)
    {
        words[last] = one;
    }
    let mut name = words.join("_");
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "op_");
    }
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: &str, path: &str, id: &str, summary: &str) -> OperationFacts {
        OperationFacts {
            key: super::super::operation_key(method, path),
            method: method.to_owned(),
            path: path.to_owned(),
            operation_id: id.to_owned(),
            summary: Some(summary.to_owned()),
            tags: Vec::new(),
        }
    }

    /// A slice of the real document: the operations behind the bad names of issue 13.
    fn operations() -> Vec<OperationFacts> {
        vec![
            op(
                "POST",
                "/contact_center/queues",
                "queueCreate",
                "Create a queue",
            ),
            op(
                "GET",
                "/contact_center/queues/{queueId}",
                "getAQueue",
                "Get a queue",
            ),
            op(
                "POST",
                "/contact_center/messages",
                "SendaMessage",
                "Send a message",
            ),
            op(
                "GET",
                "/contact_center/flows_entry_points",
                "ListentryPoints",
                "List entry points",
            ),
            op(
                "DELETE",
                "/contact_center/address_books/{addressBookId}/contacts/batch",
                "batchDeletecontact",
                "Batch delete address book contacts",
            ),
            op(
                "PATCH",
                "/contact_center/engagements/{engagementId}/follow_up_tasks/{taskId}",
                "engagementFollowUpTaskPatch",
                "Update a follow-up task",
            ),
            op(
                "GET",
                "/contact_center/analytics/log/historical/journey",
                "ListhistoricalZoomphonetozcccalljourneydata",
                "List historical Zoom Phone to Contact Center call journey data",
            ),
            op(
                "DELETE",
                "/contact_center/outbound_campaign/contact_lists/{contactListId}/contacts/{contactId}",
                "deleteCampaigncontactListContact",
                "Remove campaign contact list's contact",
            ),
            op(
                "POST",
                "/contact_center/closures",
                "closuresSetCreate",
                "Create a closure set",
            ),
            op(
                "DELETE",
                "/contact_center/inboxes/{inboxId}/messages",
                "inboxMessagesDelete",
                "Delete an inbox's messages",
            ),
            op(
                "PATCH",
                "/contact_center/flows/{flowId}",
                "EditFlow",
                "Edit a flow",
            ),
            op(
                "GET",
                "/contact_center/inboxes",
                "listInbox",
                "List inboxes",
            ),
            op(
                "GET",
                "/contact_center/system_statuses/{statusId}",
                "getAStatus",
                "Get a system status",
            ),
            op(
                "GET",
                "/contact_center/users/{userId}/skills",
                "ListAUserSkills",
                "List a user's skills",
            ),
            op(
                "GET",
                "/contact_center/address_books/custom_fields",
                "Listaddressbookcustomfields",
                "List an address book's custom fields",
            ),
        ]
    }

    fn find<'a>(ops: &'a [OperationFacts], id: &str) -> &'a OperationFacts {
        ops.iter().find(|o| o.operation_id == id).unwrap()
    }

    const PREFIX: &[String] = &[];

    fn nothing_taken(_: &str) -> bool {
        false
    }

    /// The rule's view of a document whose other operations have no names yet.
    fn context(v: &Vocabulary) -> Context<'_> {
        Context {
            vocabulary: v,
            common_prefix: PREFIX,
            taken: &nothing_taken,
        }
    }

    #[test]
    fn the_bad_names_of_issue_13_break_the_rule() {
        let ops = operations();
        let v = Vocabulary::from_operations(&ops);
        for (id, bad) in [
            ("queueCreate", "queue_create"),
            ("getAQueue", "get_a_queue"),
            ("SendaMessage", "senda_message"),
            ("ListentryPoints", "listentry_points"),
            ("batchDeletecontact", "batch_deletecontact"),
            (
                "engagementFollowUpTaskPatch",
                "engagement_follow_up_task_patch",
            ),
            (
                "ListhistoricalZoomphonetozcccalljourneydata",
                "listhistorical_zoomphonetozcccalljourneydata",
            ),
            (
                "deleteCampaigncontactListContact",
                "delete_campaigncontact_list_contact",
            ),
            ("closuresSetCreate", "closures_set_create"),
            ("inboxMessagesDelete", "inbox_messages_delete"),
            ("EditFlow", "edit_flow"),
            ("listInbox", "list_inbox"),
            ("getAStatus", "get_a_status"),
            ("ListAUserSkills", "list_a_user_skills"),
            ("getAQueue", "get_queues"),
            ("getAQueue", "get_queue_"),
        ] {
            let violations = check(bad, find(&ops, id), &context(&v));
            assert!(!violations.is_empty(), "{bad} should break the rule");
        }
        let why = |bad: &str, id: &str| {
            check(bad, find(&ops, id), &context(&v))
                .iter()
                .map(|x| x.0.clone())
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(why("senda_message", "SendaMessage").contains("it splits as `send_a`"));
        assert!(why("get_a_queue", "getAQueue").contains("article `a`"));
        assert!(
            why(
                "engagement_follow_up_task_patch",
                "engagementFollowUpTaskPatch"
            )
            .contains("HTTP method `patch`")
        );
        assert!(why("list_inbox", "listInbox").contains("plural (`inboxes`)"));
        assert!(why("get_queues", "getAQueue").contains("singular (`queue`)"));
        assert!(why("queue_create", "queueCreate").contains("`create` belongs first"));
        // `call` is in neither `/analytics/log/historical/journey` nor the tags.
        assert!(
            why(
                "list_historical_call_journey_logs",
                "ListhistoricalZoomphonetozcccalljourneydata"
            )
            .contains("`call` is a prefix that neither the path nor the tags give")
        );
    }

    #[test]
    fn good_names_keep_the_rule() {
        let ops = operations();
        let v = Vocabulary::from_operations(&ops);
        for (id, good) in [
            ("queueCreate", "create_queue"),
            ("getAQueue", "get_queue"),
            ("SendaMessage", "send_message"),
            ("ListentryPoints", "list_entry_points"),
            ("batchDeletecontact", "batch_delete_address_book_contacts"),
            (
                "engagementFollowUpTaskPatch",
                "update_engagement_follow_up_task",
            ),
            (
                "ListhistoricalZoomphonetozcccalljourneydata",
                "list_historical_journey_logs",
            ),
            ("EditFlow", "update_flow"),
            ("listInbox", "list_inboxes"),
            ("ListAUserSkills", "list_user_skills"),
        ] {
            assert_eq!(check(good, find(&ops, id), &context(&v)), [], "{good}");
        }
    }

    #[test]
    fn derived_names_keep_the_rule() {
        let ops = operations();
        let v = Vocabulary::from_operations(&ops);
        let prefix = ["contact_center".to_owned()];
        let context = Context {
            common_prefix: &prefix,
            ..context(&v)
        };
        let derived = |id: &str| derive(find(&ops, id), &context).unwrap();
        assert_eq!(derived("queueCreate"), "create_queue");
        assert_eq!(derived("getAQueue"), "get_queue");
        assert_eq!(derived("SendaMessage"), "send_message");
        assert_eq!(derived("ListentryPoints"), "list_entry_points");
        assert_eq!(derived("batchDeletecontact"), "batch_delete_contacts");
        assert_eq!(
            derived("engagementFollowUpTaskPatch"),
            "update_engagement_follow_up_task"
        );
        assert_eq!(derived("EditFlow"), "update_flow");
        assert_eq!(derived("listInbox"), "list_inboxes");
        assert_eq!(derived("getAStatus"), "get_status");
        assert_eq!(derived("ListAUserSkills"), "list_user_skills");
        assert_eq!(
            derived("Listaddressbookcustomfields"),
            "list_address_book_custom_fields"
        );
        assert_eq!(derived("closuresSetCreate"), "create_closures_set");
        // `zcc` is no word of the document: the summary is used instead, less the words it puts
        // before the path's (`zoom_phone_contact_center_call`), which would be prefixes (rule 5).
        assert_eq!(
            derived("ListhistoricalZoomphonetozcccalljourneydata"),
            "list_historical_journey_data"
        );
    }

    #[test]
    fn a_drop_adding_a_run_together_id_gets_a_rule_keeping_name() {
        let mut ops = operations();
        ops.push(op(
            "GET",
            "/contact_center/something_new",
            "Listsomethingnew",
            "List something new",
        ));
        let v = Vocabulary::from_operations(&ops);
        let prefix = ["contact_center".to_owned()];
        let new = ops.last().unwrap();
        let free = Context {
            common_prefix: &prefix,
            ..context(&v)
        };
        assert_eq!(derive(new, &free).unwrap(), "list_something_new");
        // Every candidate taken: the answer says why each was refused.
        let all_taken = Context {
            taken: &|_| true,
            ..free
        };
        let refused = derive(new, &all_taken).unwrap_err();
        assert_eq!(refused.len(), 3);
        assert!(refused[0].contains("`list_something_new` is already another operation's name"));
    }

    /// Operations for rule 5: two message listings a prefix keeps apart, and queues, whose names
    /// need none.
    fn prefix_operations() -> Vec<OperationFacts> {
        let mut ops = vec![
            op(
                "GET",
                "/contact_center/inboxes/messages",
                "listAccountInboxMessages",
                "List an account's inbox messages",
            ),
            op(
                "GET",
                "/contact_center/inboxes/{inboxId}/messages",
                "listInboxMessages",
                "List an inbox's messages",
            ),
            op(
                "GET",
                "/contact_center/queues",
                "listAllQueues",
                "List all queues",
            ),
            op(
                "GET",
                "/contact_center/queues/{queueId}",
                "getMyQueue",
                "Get my queue",
            ),
            op(
                "GET",
                "/contact_center/queues/{queueId}/interrupt",
                "getQueueInterruptSettings",
                "Get a queue's interrupt settings",
            ),
            op(
                "GET",
                "/contact_center/closures/{closureSetId}/flows",
                "listClosureSetFlows",
                "List the closures' flows",
            ),
            op(
                "GET",
                "/contact_center/teams/{teamId}/children",
                "getTeamChildTeams",
                "List a team's child teams",
            ),
        ];
        for op in &mut ops {
            op.tags = vec![if op.path.contains("inboxes") {
                "Inboxes".to_owned()
            } else {
                "Queues".to_owned()
            }];
        }
        ops
    }

    #[test]
    fn a_prefix_is_allowed_only_where_it_keeps_two_names_apart() {
        let ops = prefix_operations();
        let v = Vocabulary::from_operations(&ops);
        let prefix = ["contact_center".to_owned()];
        let others = |name: &str| name == "list_inbox_messages";
        let beside_inbox_messages = Context {
            vocabulary: &v,
            common_prefix: &prefix,
            taken: &others,
        };
        let alone = Context {
            taken: &nothing_taken,
            ..beside_inbox_messages
        };
        let account = find(&ops, "listAccountInboxMessages");
        assert_eq!(
            prefixes("list_account_inbox_messages", account, &prefix),
            [1]
        );
        // `account` keeps the account's listing apart from one inbox's `list_inbox_messages`.
        assert_eq!(
            check(
                "list_account_inbox_messages",
                account,
                &beside_inbox_messages
            ),
            []
        );
        // With no `list_inbox_messages` beside it, nothing needs keeping apart.
        let lone = check("list_account_inbox_messages", account, &alone);
        assert_eq!(lone.len(), 1, "{lone:?}");
        assert!(lone[0].0.contains("`account` is a prefix"));
        assert!(lone[0].0.contains("`list_inbox_messages` is not"));
        // Made-up prefixes, with their words in the document so that only rule 5 speaks.
        for (id, bad, word) in [
            ("listAllQueues", "list_all_queues", "all"),
            ("getMyQueue", "get_my_queue", "my"),
            ("listAllQueues", "list_queues_all_queues", "all"),
        ] {
            let found = check(bad, find(&ops, id), &beside_inbox_messages);
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert!(
                found[0].0.contains(&format!("`{word}` is a prefix")),
                "{found:?}"
            );
        }
        // Words after the last resource word are the resource's noun, not prefixes; parameter
        // names and irregular plurals are resource words.
        for (id, good) in [
            ("getQueueInterruptSettings", "get_queue_interrupt_settings"),
            ("listClosureSetFlows", "list_closure_set_flows"),
            ("getTeamChildTeams", "list_team_child_teams"),
            ("listAllQueues", "list_queues"),
        ] {
            assert_eq!(check(good, find(&ops, id), &alone), [], "{good}");
        }
    }

    #[test]
    fn derived_names_carry_a_prefix_only_where_it_keeps_two_names_apart() {
        let ops = prefix_operations();
        let v = Vocabulary::from_operations(&ops);
        let prefix = ["contact_center".to_owned()];
        let alone = Context {
            vocabulary: &v,
            common_prefix: &prefix,
            taken: &nothing_taken,
        };
        let derived = |id: &str, context: &Context<'_>| derive(find(&ops, id), context).unwrap();
        assert_eq!(derived("listAllQueues", &alone), "list_queues");
        assert_eq!(derived("getMyQueue", &alone), "get_queue");
        assert_eq!(
            derived("listAccountInboxMessages", &alone),
            "list_inbox_messages"
        );
        let others = |name: &str| name == "list_inbox_messages";
        let beside_inbox_messages = Context {
            taken: &others,
            ..alone
        };
        assert_eq!(
            derived("listAccountInboxMessages", &beside_inbox_messages),
            "list_account_inbox_messages"
        );
    }
}

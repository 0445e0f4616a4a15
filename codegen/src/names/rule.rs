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
//! 5. Prefixes only where two operations would otherwise collide (`list_historical_*` for the
//!    analytics datasets, `list_account_inbox_messages` beside `list_inbox_messages`).
//!
//! Rule 5 needs judgement and is kept by review; 1 to 4 are checked here.

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

/// Every way `name`, given to operation `op`, breaks rules 1 to 4 (empty when it keeps them).
pub fn check(name: &str, op: &OperationFacts, vocabulary: &Vocabulary) -> Vec<Violation> {
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
    found
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
/// vocabulary), the summary, then the HTTP method and the path's segments.
pub fn derive(
    op: &OperationFacts,
    vocabulary: &Vocabulary,
    common_prefix: &[String],
    taken: impl Fn(&str) -> bool,
) -> Result<String, Vec<String>> {
    let mut refused = Vec::new();
    let candidates = [
        (
            "operationId",
            from_operation_id(&op.operation_id, vocabulary),
        ),
        ("summary", op.summary.as_deref().map(split_words)),
        ("path", Some(from_path(op, common_prefix))),
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
        let violations = check(&name, op, vocabulary);
        if !violations.is_empty() {
            let reasons: Vec<String> = violations.iter().map(|v| v.0.clone()).collect();
            refused.push(format!("from the {source}: {}", reasons.join("; ")));
        } else if taken(&name) {
            refused.push(format!(
                "from the {source}: `{name}` is already another operation's name"
            ));
        } else {
            return Ok(name);
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
    let segments: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    let skip = common_prefix
        .iter()
        .zip(&segments)
        .take_while(|(a, b)| a.as_str() == **b)
        .count();
    let mut words = vec![method_verb(op).to_owned()];
    let rest = &segments[skip..];
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
            let violations = check(bad, find(&ops, id), &v);
            assert!(!violations.is_empty(), "{bad} should break the rule");
        }
        let why = |bad: &str, id: &str| {
            check(bad, find(&ops, id), &v)
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
                "list_historical_call_journey_logs",
            ),
            ("EditFlow", "update_flow"),
            ("listInbox", "list_inboxes"),
            ("ListAUserSkills", "list_user_skills"),
        ] {
            assert_eq!(check(good, find(&ops, id), &v), [], "{good}");
        }
    }

    #[test]
    fn derived_names_keep_the_rule() {
        let ops = operations();
        let v = Vocabulary::from_operations(&ops);
        let prefix = ["contact_center".to_owned()];
        let derived = |id: &str| derive(find(&ops, id), &v, &prefix, |_| false).unwrap();
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
        // `zcc` is no word of the document: the summary is used instead.
        assert_eq!(
            derived("ListhistoricalZoomphonetozcccalljourneydata"),
            "list_historical_zoom_phone_contact_center_call_journey_data"
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
        assert_eq!(
            derive(new, &v, &prefix, |_| false).unwrap(),
            "list_something_new"
        );
        // Every candidate taken: the answer says why each was refused.
        let refused = derive(new, &v, &prefix, |_| true).unwrap_err();
        assert_eq!(refused.len(), 3);
        assert!(refused[0].contains("`list_something_new` is already another operation's name"));
    }
}

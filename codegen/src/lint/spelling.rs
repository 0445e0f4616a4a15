//! One concept, several spellings: enum values and property names that are equal once case and
//! separators are ignored (`dateTime`/`date_time`, `whatsapp`/`whats_app`, `US`/`us`).
//!
//! Across operations this is a warning: two endpoints may really differ, and nothing says which
//! one is right. Within one operation, a request spelling a value one way and its own response
//! another is an error: a client cannot send back what it just read.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::walk::{Model, Side};
use super::{Finding, Rule};
use crate::pointer;
use crate::spellings::normalize;

/// Enum values and property names are compared separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    EnumValue,
    PropertyName,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Self::EnumValue => "enum value",
            Self::PropertyName => "property",
        }
    }
}

/// One spelling of one concept at one place.
#[derive(Debug)]
struct Occurrence<'a> {
    kind: Kind,
    spelling: &'a str,
    operation: &'a str,
    side: Side,
    pointer: String,
}

pub(super) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    let occurrences = collect(model);
    // (kind, normalized) -> spelling -> occurrences
    let mut groups: BTreeMap<(Kind, String), BTreeMap<&str, Vec<&Occurrence<'_>>>> =
        BTreeMap::new();
    for occurrence in &occurrences {
        groups
            .entry((occurrence.kind, normalize(occurrence.spelling)))
            .or_default()
            .entry(occurrence.spelling)
            .or_default()
            .push(occurrence);
    }
    for ((kind, _), spellings) in groups.iter().filter(|(_, s)| s.len() > 1) {
        across_operations(*kind, spellings, out);
        request_response(*kind, spellings, out);
    }
}

fn collect<'a>(model: &'a Model<'a>) -> Vec<Occurrence<'a>> {
    let mut occurrences = Vec::new();
    for site in &model.schemas {
        if let Some(values) = site.schema.get("enum").and_then(Value::as_array) {
            let base = pointer::push(&site.pointer, "enum");
            for (i, value) in values.iter().enumerate() {
                if let Some(spelling) = value.as_str() {
                    occurrences.push(Occurrence {
                        kind: Kind::EnumValue,
                        spelling,
                        operation: &site.operation,
                        side: site.side,
                        pointer: pointer::push_index(&base, i),
                    });
                }
            }
        }
        if let Some(properties) = site.schema.get("properties").and_then(Value::as_object) {
            let base = pointer::push(&site.pointer, "properties");
            for name in properties.keys() {
                occurrences.push(Occurrence {
                    kind: Kind::PropertyName,
                    spelling: name,
                    operation: &site.operation,
                    side: site.side,
                    pointer: pointer::push(&base, name),
                });
            }
        }
    }
    occurrences
}

/// Flags every occurrence of a minority spelling, when the spellings come from different
/// operations. The majority is the spelling used by the most operations (ties: the smallest).
fn across_operations(
    kind: Kind,
    spellings: &BTreeMap<&str, Vec<&Occurrence<'_>>>,
    out: &mut Vec<Finding>,
) {
    fn operations<'a>(occurrences: &[&Occurrence<'a>]) -> BTreeSet<&'a str> {
        occurrences.iter().map(|o| o.operation).collect()
    }
    let all: BTreeSet<&str> = spellings.values().flat_map(|o| operations(o)).collect();
    if all.len() < 2 {
        return;
    }
    let Some((majority, majority_ops)) = spellings
        .iter()
        .map(|(spelling, occurrences)| (*spelling, operations(occurrences).len()))
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
    else {
        return;
    };
    for (spelling, occurrences) in spellings.iter().filter(|(s, _)| **s != majority) {
        for occurrence in occurrences {
            out.push(Finding::new(
                Rule::SpellingAcrossOperations,
                occurrence.operation,
                occurrence.pointer.clone(),
                format!(
                    "{} `{spelling}` is spelled `{majority}` by {majority_ops} operation(s)",
                    kind.noun()
                ),
            ));
        }
    }
}

/// Within each operation, a request-side spelling that its responses never use while they use
/// another spelling of the same concept.
fn request_response(
    kind: Kind,
    spellings: &BTreeMap<&str, Vec<&Occurrence<'_>>>,
    out: &mut Vec<Finding>,
) {
    // operation -> side -> spelling -> first pointer
    let mut by_operation: BTreeMap<&str, BTreeMap<Side, BTreeMap<&str, &str>>> = BTreeMap::new();
    for (spelling, occurrences) in spellings {
        for o in occurrences {
            by_operation
                .entry(o.operation)
                .or_default()
                .entry(o.side)
                .or_default()
                .entry(spelling)
                .or_insert(&o.pointer);
        }
    }
    for (operation, sides) in &by_operation {
        let (Some(request), Some(response)) =
            (sides.get(&Side::Request), sides.get(&Side::Response))
        else {
            continue;
        };
        let only_response: Vec<&str> = response
            .keys()
            .filter(|s| !request.contains_key(*s))
            .copied()
            .collect();
        let Some(first_response) = only_response.first() else {
            continue;
        };
        for (spelling, ptr) in request.iter().filter(|(s, _)| !response.contains_key(*s)) {
            out.push(Finding::new(
                Rule::SpellingRequestResponse,
                operation,
                (*ptr).to_owned(),
                format!(
                    "request {} `{spelling}` is `{first_response}` in the response ({})",
                    kind.noun(),
                    response[first_response]
                ),
            ));
        }
    }
}

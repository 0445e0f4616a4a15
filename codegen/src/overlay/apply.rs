//! Applying parsed overlays to a spec, following the Overlay Specification 1.0.0 exactly.
//!
//! Semantics (<https://spec.openapis.org/overlay/v1.0.0.html>, section 4.4.3 "Action Object"):
//! - Actions run in order: overlays in the order given (callers pass them sorted by file name),
//!   actions in document order. Each action's `target` is evaluated against the document as the
//!   previous actions left it.
//! - `update` on an **object**: "the properties in the merge object replace properties in the target
//!   object with the same name and new properties are appended to the target object". Where both the
//!   existing property and the update's property are objects they are merged the same way,
//!   recursively (what the spec's examples and every major implementation do); any other value
//!   (a string, number, boolean, null, or an **array**) replaces the existing one. So to replace an
//!   `enum` wholesale, target the schema and update `{enum: [...]}`.
//! - `update` on an **array**: "the value of this field MUST be an entry to append to the array".
//! - `update` on a primitive or null: an error ("The result of the target JSONPath expression MUST be
//!   zero or more objects or arrays").
//! - `remove: true`: each selected node is removed from the object or array containing it; like
//!   `update`, it only applies to objects and arrays ("Primitive-valued items of an array cannot be
//!   replaced or removed individually, only the complete array can be replaced").
//! - Zero matches is *not* silently accepted (the spec allows it): the action is recorded as
//!   [`StaleAction`] in the report and the remaining actions still run, so one pass lists every
//!   stale action of a spec drop; [`ApplyReport::require_fresh`] turns a non-empty list into
//!   [`OverlayError::Stale`]. See the module docs of [`overlay`](super).

use serde_json::Value;
use serde_json_path::PathElement;

use super::{Modifier, Overlay, OverlayError};
use crate::pointer;

/// What [`apply`] did: one entry per action, in the order applied, and the actions that matched
/// nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// One entry per applied action.
    pub actions: Vec<ActionReport>,
    /// Actions whose target matched nothing (so changed nothing), in the order met.
    pub stale: Vec<StaleAction>,
}

impl ApplyReport {
    /// Fails with every stale action at once; the strict mode of `regenerate` and of CI.
    pub fn require_fresh(&self) -> Result<(), OverlayError> {
        if self.stale.is_empty() {
            Ok(())
        } else {
            Err(OverlayError::Stale {
                actions: self.stale.clone(),
            })
        }
    }
}

/// An action whose target matches nothing in the document: Zoom fixed or moved what it corrects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleAction {
    /// Overlay file name.
    pub file: String,
    /// Zero-based action index in that file.
    pub index: usize,
    /// The target as written.
    pub target: String,
    /// The first line of the action's description (which finding it fixed), for the report.
    pub summary: String,
}

impl std::fmt::Display for StaleAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: action {}: target `{}` matches nothing ({})",
            self.file, self.index, self.target, self.summary
        )
    }
}

/// What one action did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionReport {
    /// Overlay file name.
    pub file: String,
    /// Zero-based action index in that file.
    pub index: usize,
    /// The target as written.
    pub target: String,
    /// RFC 6901 pointers of the nodes it updated or removed, in document order.
    pub pointers: Vec<String>,
}

/// `file #index: target (n matches)`, as the reports list applied actions.
impl std::fmt::Display for ActionReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} #{}: {} ({} matches)",
            self.file,
            self.index,
            self.target,
            self.pointers.len()
        )
    }
}

/// One step of a normalized path, owned so the document can be mutated after the query.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Name(String),
    Index(usize),
}

/// Applies `overlays` to `doc` in slice order (callers sort by file name).
///
/// An action that matches nothing is recorded in [`ApplyReport::stale`] and the run goes on, so
/// one pass finds every stale action. Any other failure stops at that action; `doc` then holds
/// the changes of the actions before it, so callers that need all-or-nothing should apply to a
/// clone.
pub fn apply(doc: &mut Value, overlays: &[Overlay]) -> Result<ApplyReport, OverlayError> {
    let mut report = ApplyReport::default();
    for overlay in overlays {
        for action in &overlay.actions {
            let mut paths: Vec<Vec<Step>> = action
                .path
                .query_located(doc)
                .iter()
                .map(|node| node.location().iter().map(to_step).collect())
                .collect();
            if paths.is_empty() {
                report.stale.push(StaleAction {
                    file: overlay.file.clone(),
                    index: action.index,
                    target: action.target.clone(),
                    summary: first_line(&action.description),
                });
                continue;
            }
            // A query may reach the same node twice (`$..a` with nested matches, unions).
            paths.sort();
            paths.dedup();
            let fail = |pointer: String, message: &str| OverlayError::IncompatibleTarget {
                file: overlay.file.clone(),
                index: action.index,
                target: action.target.clone(),
                pointer,
                message: message.to_owned(),
            };
            let pointers: Vec<String> = paths.iter().map(|p| to_pointer(p)).collect();
            match &action.modifier {
                Modifier::Update(update) => {
                    // Check every node first so a bad action changes nothing.
                    for (path, ptr) in paths.iter().zip(&pointers) {
                        let node = resolve_mut(doc, path)
                            .ok_or_else(|| fail(ptr.clone(), "no longer exists"))?;
                        check_update(node, update).map_err(|message| fail(ptr.clone(), message))?;
                    }
                    for (path, ptr) in paths.iter().zip(&pointers) {
                        let node = resolve_mut(doc, path)
                            .ok_or_else(|| fail(ptr.clone(), "no longer exists"))?;
                        update_node(node, update).map_err(|message| fail(ptr.clone(), message))?;
                    }
                }
                Modifier::Remove => {
                    if paths.iter().any(Vec::is_empty) {
                        return Err(OverlayError::RemoveRoot {
                            file: overlay.file.clone(),
                            index: action.index,
                            target: action.target.clone(),
                        });
                    }
                    // Check every node first so a bad action changes nothing.
                    for (path, ptr) in paths.iter().zip(&pointers) {
                        match resolve_mut(doc, path) {
                            Some(Value::Object(_) | Value::Array(_)) => {}
                            _ => return Err(fail(ptr.clone(), "is not an object or array")),
                        }
                    }
                    // Deepest and highest-indexed first, so earlier removals never shift or
                    // orphan the locations of later ones.
                    for path in paths.iter().rev() {
                        remove_node(doc, path);
                    }
                }
            }
            report.actions.push(ActionReport {
                file: overlay.file.clone(),
                index: action.index,
                target: action.target.clone(),
                pointers,
            });
        }
    }
    Ok(report)
}

/// The first non-empty line of a description, for one-line reports; cut at a word boundary
/// when long (YAML's folded `>-` style makes the whole paragraph one line).
fn first_line(description: &str) -> String {
    const LIMIT: usize = 120;
    let line = description
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("no description");
    if line.chars().count() <= LIMIT {
        return line.to_owned();
    }
    let mut cut = String::new();
    for word in line.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > LIMIT {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    cut.push_str(" ...");
    cut
}

fn to_step(element: &PathElement<'_>) -> Step {
    match element {
        PathElement::Name(name) => Step::Name((*name).to_owned()),
        PathElement::Index(index) => Step::Index(*index),
    }
}

fn to_pointer(path: &[Step]) -> String {
    path.iter().fold(String::new(), |acc, step| match step {
        Step::Name(name) => pointer::push(&acc, name),
        Step::Index(index) => pointer::push_index(&acc, *index),
    })
}

fn resolve_mut<'a>(doc: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |node, step| match (node, step) {
        (Value::Object(map), Step::Name(name)) => map.get_mut(name),
        (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
        _ => None,
    })
}

fn remove_node(doc: &mut Value, path: &[Step]) {
    let Some((last, parent_path)) = path.split_last() else {
        return;
    };
    match (resolve_mut(doc, parent_path), last) {
        // `shift_remove` keeps the order of the remaining keys (the spec's order is meaningful).
        (Some(Value::Object(map)), Step::Name(name)) => {
            map.shift_remove(name);
        }
        (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
            items.remove(*index);
        }
        _ => {}
    }
}

/// Whether `update` can apply to `node` (see the module docs for the rules).
fn check_update(node: &Value, update: &Value) -> Result<(), &'static str> {
    match (node, update) {
        (Value::Array(_), _) | (Value::Object(_), Value::Object(_)) => Ok(()),
        (Value::Object(_), _) => Err("is an object, so `update` must be a mapping"),
        _ => Err("is not an object or array (Overlay 1.0.0 updates only objects and arrays)"),
    }
}

/// Applies one `update` to one selected node: append to an array, merge into an object.
fn update_node(node: &mut Value, update: &Value) -> Result<(), &'static str> {
    check_update(node, update)?;
    match node {
        Value::Array(items) => items.push(update.clone()),
        _ => merge(node, update),
    }
    Ok(())
}

/// Overlay 1.0.0 merge: properties replace same-named ones, new ones are appended; objects on both
/// sides merge recursively.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(existing), Value::Object(changes)) => {
            for (key, change) in changes {
                match existing.get_mut(key) {
                    Some(slot @ Value::Object(_)) if change.is_object() => merge(slot, change),
                    Some(slot) => *slot = change.clone(),
                    None => {
                        existing.insert(key.clone(), change.clone());
                    }
                }
            }
        }
        (slot, change) => *slot = change.clone(),
    }
}

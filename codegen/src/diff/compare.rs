//! Two normalised documents to a list of classified changes.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Api, Body, Operation, OperationKey};
use super::report::{Change, ChangeKind, Location, OperationRef, ScopeKind};
use super::schema::Fields;

/// Every change from `old` to `new`, unsorted (the [`super::Report`] sorts).
pub(super) fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut out = Vec::new();
    let mut removed: Vec<(&OperationKey, &Operation)> = Vec::new();
    for (key, old_op) in &old.operations {
        match new.operations.get(key) {
            Some(new_op) => compare_operation(old_op, new_op, key, &mut out),
            None => removed.push((key, old_op)),
        }
    }
    let mut added: Vec<(&OperationKey, &Operation)> = new
        .operations
        .iter()
        .filter(|(key, _)| !old.operations.contains_key(*key))
        .collect();
    // An operation that left one path and reappeared at another with the same method and
    // operationId has moved: its Rust method survives, so compare it rather than report churn.
    removed.retain(|(old_key, old_op)| {
        let Some(id) = &old_op.operation_id else {
            return true;
        };
        let found = added.iter().position(|(new_key, new_op)| {
            new_key.method == old_key.method && new_op.operation_id.as_ref() == Some(id)
        });
        let Some(index) = found else {
            return true;
        };
        let (new_key, new_op) = added.remove(index);
        compare_operation(old_op, new_op, new_key, &mut out);
        false
    });
    out.extend(feature_changes(old, new));
    for (key, op) in removed {
        let kind = ChangeKind::OperationRemoved;
        out.push(Change::new(
            &operation_ref(key, op),
            Location::Operation,
            None,
            kind,
        ));
    }
    for (key, op) in added {
        let kind = ChangeKind::OperationAdded;
        out.push(Change::new(
            &operation_ref(key, op),
            Location::Operation,
            None,
            kind,
        ));
    }
    out
}

/// Features (tags) one document has and the other does not, each reported once, on the first
/// operation that brings or had it.
fn feature_changes(old: &Api, new: &Api) -> Vec<Change> {
    let features = |api: &Api| -> BTreeMap<String, OperationRef> {
        let mut first = BTreeMap::new();
        for (key, op) in &api.operations {
            for feature in &op.features {
                first
                    .entry(feature.clone())
                    .or_insert_with(|| operation_ref(key, op));
            }
        }
        first
    };
    let (old_features, new_features) = (features(old), features(new));
    let mut out = Vec::new();
    for (feature, op) in &old_features {
        if !new_features.contains_key(feature) {
            let kind = ChangeKind::FeatureRemoved {
                feature: feature.clone(),
            };
            out.push(Change::new(op, Location::Operation, None, kind));
        }
    }
    for (feature, op) in &new_features {
        if !old_features.contains_key(feature) {
            let kind = ChangeKind::FeatureAdded {
                feature: feature.clone(),
            };
            out.push(Change::new(op, Location::Operation, None, kind));
        }
    }
    out
}

fn operation_ref(key: &OperationKey, op: &Operation) -> OperationRef {
    OperationRef {
        method: key.method.clone(),
        path: op.path.clone(),
        operation_id: op.operation_id.clone(),
    }
}

fn compare_operation(old: &Operation, new: &Operation, key: &OperationKey, out: &mut Vec<Change>) {
    let op = operation_ref(key, new);
    let mut push = |location: Location, field: Option<String>, kind: ChangeKind| {
        out.push(Change::new(&op, location, field, kind));
    };
    if old.operation_id != new.operation_id {
        let kind = ChangeKind::OperationRenamed {
            old: old.operation_id.clone(),
            new: new.operation_id.clone(),
        };
        push(Location::Operation, None, kind);
    }
    // Also true when only a path parameter's name changed: the committed name map is keyed by the
    // path as written, so the reviewer must see it.
    if old.path != new.path {
        let kind = ChangeKind::OperationMoved {
            old_path: old.path.clone(),
        };
        push(Location::Operation, None, kind);
    }
    if old.deprecated != new.deprecated {
        let kind = ChangeKind::DeprecatedChanged {
            deprecated: new.deprecated,
        };
        push(Location::Operation, None, kind);
    }
    if old.features != new.features {
        let kind = ChangeKind::FeaturesChanged {
            old: old.features.clone(),
            new: new.features.clone(),
        };
        push(Location::Operation, None, kind);
    }
    compare_access(old, new, &mut push);

    let keys: BTreeSet<_> = old.parameters.keys().chain(new.parameters.keys()).collect();
    for key in keys {
        let location = Location::Parameter {
            place: key.0.clone(),
            name: key.1.clone(),
        };
        match (old.parameters.get(key), new.parameters.get(key)) {
            (Some(_), None) => push(location, None, ChangeKind::ParameterRemoved),
            (None, Some(p)) => {
                let kind = ChangeKind::ParameterAdded {
                    required: p.required,
                };
                push(location, None, kind);
            }
            (Some(a), Some(b)) => compare_fields(&a.fields, &b.fields, &location, &mut push),
            (None, None) => {}
        }
    }

    match (&old.request, &new.request) {
        (Some(_), None) => push(Location::RequestBody, None, ChangeKind::BodyRemoved),
        (None, Some(body)) => {
            let kind = ChangeKind::BodyAdded {
                required: body.required,
            };
            push(Location::RequestBody, None, kind);
        }
        (Some(a), Some(b)) => {
            if a.required != b.required {
                let kind = ChangeKind::BodyRequiredChanged {
                    required: b.required,
                };
                push(Location::RequestBody, None, kind);
            }
            compare_bodies(a, b, &Location::RequestBody, &mut push);
        }
        (None, None) => {}
    }

    let statuses: BTreeSet<&String> = old.responses.keys().chain(new.responses.keys()).collect();
    for status in statuses {
        let location = Location::Response {
            status: status.clone(),
        };
        match (old.responses.get(status), new.responses.get(status)) {
            (Some(a), None) => {
                let kind = ChangeKind::ResponseRemoved {
                    had_body: a.is_some(),
                };
                push(location, None, kind);
            }
            (None, Some(b)) => {
                let kind = ChangeKind::ResponseAdded {
                    has_body: b.is_some(),
                };
                push(location, None, kind);
            }
            (Some(Some(_)), Some(None)) => push(location, None, ChangeKind::BodyRemoved),
            (Some(None), Some(Some(_))) => {
                push(location, None, ChangeKind::BodyAdded { required: true });
            }
            (Some(Some(a)), Some(Some(b))) => compare_bodies(a, b, &location, &mut push),
            (Some(None), Some(None)) | (None, None) => {}
        }
    }
}

type Push<'p> = dyn FnMut(Location, Option<String>, ChangeKind) + 'p;

fn compare_access(old: &Operation, new: &Operation, push: &mut Push<'_>) {
    let lists = [
        (ScopeKind::Scopes, &old.access.scopes, &new.access.scopes),
        (
            ScopeKind::GranularScopes,
            &old.access.granular,
            &new.access.granular,
        ),
    ];
    for (kind, a, b) in lists {
        let added: Vec<String> = b.difference(a).cloned().collect();
        let removed: Vec<String> = a.difference(b).cloned().collect();
        if !added.is_empty() || !removed.is_empty() {
            let kind = ChangeKind::ScopesChanged {
                kind,
                added,
                removed,
            };
            push(Location::Operation, None, kind);
        }
    }
    if old.access.label != new.access.label {
        let kind = ChangeKind::RateLimitLabelChanged {
            old: old.access.label.clone(),
            new: new.access.label.clone(),
        };
        push(Location::Operation, None, kind);
    }
}

fn compare_bodies(old: &Body, new: &Body, location: &Location, push: &mut Push<'_>) {
    if old.media_type != new.media_type {
        let kind = ChangeKind::MediaTypeChanged {
            old: old.media_type.clone(),
            new: new.media_type.clone(),
        };
        push(location.clone(), None, kind);
    }
    compare_fields(&old.fields, &new.fields, location, push);
}

/// Field-by-field comparison. Descendants of an added or removed field are not listed: the
/// reviewer needs "`queue` added", not every field inside it.
fn compare_fields(old: &Fields, new: &Fields, location: &Location, push: &mut Push<'_>) {
    let only = |a: &Fields, b: &Fields| -> BTreeMap<String, bool> {
        a.iter()
            .filter(|(path, _)| !b.contains_key(*path))
            .map(|(path, field)| (path.clone(), field.presence.required))
            .collect()
    };
    let removed = only(old, new);
    let added = only(new, old);
    let parent_listed = |fields: &Fields, set: &BTreeMap<String, bool>, path: &str| {
        fields
            .get(path)
            .and_then(|f| f.parent.as_ref())
            .is_some_and(|parent| set.contains_key(parent))
    };
    // The body's root has the empty path: it is the body itself, named by the location alone.
    let name = |path: &str| (!path.is_empty()).then(|| path.to_owned());
    for path in removed.keys() {
        if !parent_listed(old, &removed, path) {
            push(location.clone(), name(path), ChangeKind::FieldRemoved);
        }
    }
    for (path, required) in &added {
        if !parent_listed(new, &added, path) {
            let kind = ChangeKind::FieldAdded {
                required: *required,
            };
            push(location.clone(), name(path), kind);
        }
    }
    for (path, a) in old {
        let Some(b) = new.get(path) else {
            continue;
        };
        let mut kinds = Vec::new();
        if a.ty != b.ty {
            kinds.push(ChangeKind::TypeChanged {
                old: a.ty.clone(),
                new: b.ty.clone(),
            });
        }
        if a.format != b.format {
            kinds.push(ChangeKind::FormatChanged {
                ty: b.ty.clone(),
                old: a.format.clone(),
                new: b.format.clone(),
            });
        }
        if a.presence != b.presence {
            kinds.push(ChangeKind::PresenceChanged {
                old: a.presence,
                new: b.presence,
            });
        }
        match (&a.enum_values, &b.enum_values) {
            (None, Some(values)) => kinds.push(ChangeKind::EnumIntroduced {
                values: values.iter().cloned().collect(),
            }),
            (Some(values), None) => kinds.push(ChangeKind::EnumDropped {
                values: values.iter().cloned().collect(),
            }),
            (Some(x), Some(y)) => {
                let gained: Vec<String> = y.difference(x).cloned().collect();
                let lost: Vec<String> = x.difference(y).cloned().collect();
                if !gained.is_empty() {
                    kinds.push(ChangeKind::EnumValuesAdded { values: gained });
                }
                if !lost.is_empty() {
                    kinds.push(ChangeKind::EnumValuesRemoved { values: lost });
                }
            }
            (None, None) => {}
        }
        for kind in kinds {
            push(location.clone(), name(path), kind);
        }
    }
}

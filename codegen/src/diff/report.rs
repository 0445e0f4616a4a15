//! The result of a diff: classified changes in a stable order, the bump they imply, and renderings.

use serde::Serialize;
use serde_json::{Value, json};

use super::classify::{self, BUMP_RULE};
use super::markdown;

/// What a change means for code that uses the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Code that compiled against the old crate may stop compiling or behave differently.
    Breaking,
    /// New surface; existing code is unaffected.
    Additive,
    /// Worth a reviewer's attention, but the Rust API does not change.
    Informational,
}

/// The semver bump a set of changes implies for the 0.x crate (see [`BUMP_RULE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing a user can notice: no release needed.
    None,
    /// Additive changes only: `0.x.y` -> `0.x.(y+1)`.
    Patch,
    /// At least one breaking change: `0.x.y` -> `0.(x+1).0`.
    Minor,
}

/// Whether a value must be present and whether it may be `null`; together they decide whether its
/// Rust type is wrapped in `Option`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Presence {
    /// Listed in `required` (parameters: `required: true`).
    pub required: bool,
    /// `nullable: true`, `type: [.., "null"]` or a `null` alternative.
    pub nullable: bool,
}

/// The operation a change belongs to, as the new document names it (the old one for removals).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct OperationRef {
    /// HTTP method, upper case.
    pub method: String,
    /// Path template as written.
    pub path: String,
    /// `operationId`, when the document gives one.
    pub operation_id: Option<String>,
}

/// Where in an operation a change is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Location {
    /// The operation itself (its existence, id, deprecation, scopes, rate-limit label).
    Operation,
    /// A parameter.
    Parameter {
        /// `path`, `query`, `header` or `cookie`.
        #[serde(rename = "in")]
        place: String,
        /// The parameter's name.
        name: String,
    },
    /// The request body.
    RequestBody,
    /// One response, by status code (or `default`).
    Response {
        /// Status code as written in the document.
        status: String,
    },
}

/// Which list of scopes changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// Classic OAuth scopes (`**Scopes:**`).
    Scopes,
    /// Granular scopes (`**Granular Scopes:**`).
    GranularScopes,
}

/// What changed. Field-level kinds apply to the field named by [`Change::field`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new operation.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// Same method and path, different `operationId`.
    OperationRenamed {
        /// The old `operationId`.
        old: Option<String>,
        /// The new `operationId`.
        new: Option<String>,
    },
    /// A different path: same template with renamed parameters, or same method and `operationId`.
    OperationMoved {
        /// The path the operation had.
        old_path: String,
    },
    /// `deprecated` was switched on or off.
    DeprecatedChanged {
        /// The new value.
        deprecated: bool,
    },
    /// A new parameter.
    ParameterAdded {
        /// Whether callers must supply it.
        required: bool,
    },
    /// A parameter is gone.
    ParameterRemoved,
    /// A body appeared (request body, or content on an existing response).
    BodyAdded {
        /// Whether the request body is required (always true for responses).
        required: bool,
    },
    /// A body disappeared.
    BodyRemoved,
    /// The request body's `required` changed.
    BodyRequiredChanged {
        /// The new value.
        required: bool,
    },
    /// A new response status.
    ResponseAdded {
        /// Whether it has a body (and so a Rust type).
        has_body: bool,
    },
    /// A response status is gone.
    ResponseRemoved {
        /// Whether it had a body.
        had_body: bool,
    },
    /// The body's media type changed.
    MediaTypeChanged {
        /// The old media type.
        old: String,
        /// The new media type.
        new: String,
    },
    /// A new field.
    FieldAdded {
        /// Whether it is required within its parent.
        required: bool,
    },
    /// A field is gone.
    FieldRemoved,
    /// The JSON type changed.
    TypeChanged {
        /// The old type, e.g. `string` or `integer|string`.
        old: String,
        /// The new type.
        new: String,
    },
    /// The `format` changed.
    FormatChanged {
        /// The field's (new) type, which decides whether the format matters to Rust.
        ty: String,
        /// The old format.
        old: Option<String>,
        /// The new format.
        new: Option<String>,
    },
    /// Requiredness or nullability changed.
    PresenceChanged {
        /// Before.
        old: Presence,
        /// After.
        new: Presence,
    },
    /// Values were added to an enum.
    EnumValuesAdded {
        /// The new values.
        values: Vec<String>,
    },
    /// Values were removed from an enum.
    EnumValuesRemoved {
        /// The removed values.
        values: Vec<String>,
    },
    /// A free-form value became an enum.
    EnumIntroduced {
        /// The enum's values.
        values: Vec<String>,
    },
    /// An enum became a free-form value.
    EnumDropped {
        /// The values the enum had.
        values: Vec<String>,
    },
    /// Scopes in the description changed.
    ScopesChanged {
        /// Which list.
        kind: ScopeKind,
        /// Scopes now listed that were not.
        added: Vec<String>,
        /// Scopes no longer listed.
        removed: Vec<String>,
    },
    /// The client method's name changed in the committed name map (`spec/method-names.json`).
    MethodRenamed {
        /// The old Rust method name.
        old: String,
        /// The new Rust method name.
        new: String,
    },
    /// The operation's tags changed, so it belongs to other Cargo features of the crate.
    FeaturesChanged {
        /// The features it was compiled with.
        old: Vec<String>,
        /// The features it is compiled with now.
        new: Vec<String>,
    },
    /// A new operation brings a tag the old document did not have: a new Cargo feature.
    FeatureAdded {
        /// The feature's name.
        feature: String,
    },
    /// The last operation of a tag is gone: the Cargo feature no longer exists.
    FeatureRemoved {
        /// The feature's name.
        feature: String,
    },
    /// The rate-limit label in the description changed.
    RateLimitLabelChanged {
        /// The old label.
        old: Option<String>,
        /// The new label.
        new: Option<String>,
    },
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The operation it belongs to.
    pub operation: OperationRef,
    /// Where in the operation.
    pub location: Location,
    /// The field's readable path (`queues[].queue_id`), for field-level changes.
    pub field: Option<String>,
    /// What changed.
    pub kind: ChangeKind,
    /// What it means for Rust users.
    pub impact: Impact,
    /// Why it is classed so, in one sentence.
    pub reason: &'static str,
}

impl Change {
    /// Builds a change and classifies it.
    pub(super) fn new(
        operation: &OperationRef,
        location: Location,
        field: Option<String>,
        kind: ChangeKind,
    ) -> Self {
        let (impact, reason) = classify::classify(&location, &kind);
        Change {
            operation: operation.clone(),
            location,
            field,
            kind,
            impact,
            reason,
        }
    }
}

/// How many changes of each impact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Breaking changes.
    pub breaking: usize,
    /// Additive changes.
    pub additive: usize,
    /// Informational changes.
    pub informational: usize,
}

/// How the two documents are named in a rendered report (a path, a git revision...).
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// The old document's name.
    pub old: &'a str,
    /// The new document's name.
    pub new: &'a str,
}

/// What the compared documents describe, for the report's words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Subject {
    /// API operations, each a client method.
    #[default]
    Operations,
    /// Webhook events, each an `Event` variant with its payload type (`cargo xtask diff --webhooks`).
    Events,
}

/// Every change between two documents, sorted by path, method, location, field and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// What the documents describe.
    pub subject: Subject,
    /// `info.version` of the old document.
    pub old_version: Option<String>,
    /// `info.version` of the new document.
    pub new_version: Option<String>,
    /// The changes, in report order.
    pub changes: Vec<Change>,
}

impl Report {
    pub(super) fn new(
        old_version: Option<String>,
        new_version: Option<String>,
        mut changes: Vec<Change>,
    ) -> Self {
        changes.sort_by_cached_key(|c| {
            (
                c.operation.path.clone(),
                c.operation.method.clone(),
                c.location.clone(),
                c.field.clone(),
                c.kind.clone(),
            )
        });
        Report {
            subject: Subject::Operations,
            old_version,
            new_version,
            changes,
        }
    }

    /// How many changes of each impact.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for change in &self.changes {
            match change.impact {
                Impact::Breaking => counts.breaking += 1,
                Impact::Additive => counts.additive += 1,
                Impact::Informational => counts.informational += 1,
            }
        }
        counts
    }

    /// The bump the changes imply, per [`BUMP_RULE`].
    pub fn bump(&self) -> Bump {
        classify::bump(self.counts())
    }

    /// The report as Markdown: breaking, additive and informational changes grouped by operation,
    /// then the implied bump and the rule behind it. Deterministic: same inputs, same bytes.
    pub fn to_markdown(&self, labels: &Labels<'_>) -> String {
        markdown::render(self, labels)
    }

    /// The report as JSON, for tools: the same facts as the Markdown, one object per change.
    pub fn to_json(&self, labels: &Labels<'_>) -> Value {
        let changes: Vec<Value> = self
            .changes
            .iter()
            .map(|change| {
                json!({
                    "method": change.operation.method,
                    "path": change.operation.path,
                    "operation_id": change.operation.operation_id,
                    "location": change.location,
                    "field": change.field,
                    "kind": change.kind,
                    "impact": change.impact,
                    "reason": change.reason,
                    "description": markdown::describe(change, self.subject),
                })
            })
            .collect();
        json!({
            "old": {"label": labels.old, "version": self.old_version},
            "new": {"label": labels.new, "version": self.new_version},
            "summary": self.counts(),
            "bump": self.bump(),
            "rule": BUMP_RULE,
            "changes": changes,
        })
    }
}

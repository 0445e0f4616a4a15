//! The Markdown rendering of a [`Report`]: what a reviewer reads in the pull request.
//!
//! Breaking changes come first, grouped by operation, each line saying what changed and why it is
//! classed so; the report ends with the implied bump and the rule. No timestamps: the same inputs
//! give the same bytes, so the report can be snapshot-tested and committed.

use std::fmt::Write as _;

use super::classify::BUMP_RULE;
use super::report::{
    Bump, Change, ChangeKind, Impact, Labels, Location, Presence, Report, ScopeKind, Subject,
};

pub(super) fn render(report: &Report, labels: &Labels<'_>) -> String {
    let mut out = String::from("# API changes\n\n");
    let version = |v: &Option<String>| v.as_ref().map(|v| format!(" (API version {v})"));
    let _ = writeln!(
        out,
        "- Old: {}{}",
        code(labels.old),
        version(&report.old_version).unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "- New: {}{}\n",
        code(labels.new),
        version(&report.new_version).unwrap_or_default()
    );
    let counts = report.counts();
    if report.changes.is_empty() {
        out.push_str("No changes for the crate's users.\n\n");
    } else {
        let _ = writeln!(
            out,
            "{} breaking, {} additive, {} informational.\n",
            counts.breaking, counts.additive, counts.informational
        );
    }
    let sections = [
        (Impact::Breaking, "Breaking changes"),
        (Impact::Additive, "Additive changes"),
        (Impact::Informational, "Informational"),
    ];
    for (impact, title) in sections {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.impact == impact)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title} ({})\n", changes.len());
        let mut current = None;
        for change in changes {
            if current != Some(&change.operation) {
                if current.is_some() {
                    out.push('\n');
                }
                let op = &change.operation;
                let id = op
                    .operation_id
                    .as_deref()
                    .map(|id| format!(" ({})", code(id)))
                    .unwrap_or_default();
                // An event is named by its wire name alone (it is read as `POST <event>`).
                let heading = match report.subject {
                    Subject::Operations => format!("{} {}", op.method, op.path),
                    Subject::Events => op.path.clone(),
                };
                let _ = writeln!(out, "### {}{id}\n", code(&heading));
                current = Some(&change.operation);
            }
            let _ = writeln!(
                out,
                "- {}. _Why: {}._",
                describe(change, report.subject),
                change.reason
            );
        }
        out.push('\n');
    }
    let bump = match report.bump() {
        Bump::None => "none (no release needed)",
        Bump::Patch => "patch (0.x.y -> 0.x.(y+1))",
        Bump::Minor => "minor (0.x.y -> 0.(x+1).0)",
    };
    let _ = writeln!(
        out,
        "## Version bump\n\nImplied bump: **{bump}**.\n\n{BUMP_RULE}"
    );
    out
}

/// One sentence (without the final period) saying what changed where.
pub(super) fn describe(change: &Change, of: Subject) -> String {
    let subject = subject(&change.location, change.field.as_deref(), of);
    let what = what(&change.kind, &change.location, of);
    if subject.is_empty() {
        capitalise(&what)
    } else {
        format!("{}: {what}", capitalise(&subject))
    }
}

fn subject(location: &Location, field: Option<&str>, of: Subject) -> String {
    match (location, field) {
        (Location::Operation, _) => String::new(),
        // An event's envelope is read as its response: to a receiver it is the payload.
        (Location::Response { .. }, Some(field)) if of == Subject::Events => {
            format!("envelope field {}", code(field))
        }
        (Location::Response { .. }, None) if of == Subject::Events => "envelope".to_owned(),
        (Location::Parameter { place, name }, Some(field)) if field != name => {
            format!("{place} parameter {}, {}", code(name), code(field))
        }
        (Location::Parameter { place, name }, _) => format!("{place} parameter {}", code(name)),
        (Location::RequestBody, Some(field)) => format!("request field {}", code(field)),
        (Location::RequestBody, None) => "request body".to_owned(),
        (Location::Response { status }, Some(field)) => {
            format!("response {} field {}", code(status), code(field))
        }
        (Location::Response { status }, None) => format!("response {}", code(status)),
    }
}

fn what(kind: &ChangeKind, location: &Location, of: Subject) -> String {
    let noun = match of {
        Subject::Operations => "operation",
        Subject::Events => "event",
    };
    let response = matches!(location, Location::Response { .. });
    use ChangeKind as K;
    let opt = |v: &Option<String>| v.as_deref().map_or_else(|| "(none)".to_owned(), code);
    match kind {
        K::OperationAdded => format!("{noun} added"),
        K::OperationRemoved => format!("{noun} removed"),
        K::OperationRenamed { old, new } => {
            format!("renamed operationId from {} to {}", opt(old), opt(new))
        }
        K::OperationMoved { old_path } => format!("path changed from {}", code(old_path)),
        K::DeprecatedChanged { deprecated: true } => format!("{noun} deprecated"),
        K::DeprecatedChanged { deprecated: false } => format!("{noun} no longer deprecated"),
        K::BodyAdded { .. } if response => "body added".to_owned(),
        K::BodyRemoved if response => "body removed".to_owned(),
        K::ParameterAdded { required } | K::FieldAdded { required } | K::BodyAdded { required } => {
            format!(
                "added ({})",
                if *required { "required" } else { "optional" }
            )
        }
        K::ParameterRemoved | K::FieldRemoved | K::BodyRemoved => "removed".to_owned(),
        K::BodyRequiredChanged { required: true } => "now required".to_owned(),
        K::BodyRequiredChanged { required: false } => "now optional".to_owned(),
        K::ResponseAdded { has_body } => format!("status added{}", with_body(*has_body)),
        K::ResponseRemoved { had_body } => format!("status removed{}", with_body(*had_body)),
        K::MediaTypeChanged { old, new } => {
            format!("media type changed from {} to {}", code(old), code(new))
        }
        K::TypeChanged { old, new } => format!("type changed from {} to {}", code(old), code(new)),
        K::FormatChanged { old, new, .. } => {
            format!("format changed from {} to {}", opt(old), opt(new))
        }
        K::PresenceChanged { old, new } => {
            format!("changed from {} to {}", presence(*old), presence(*new))
        }
        K::EnumValuesAdded { values } => format!("enum values added: {}", list(values)),
        K::EnumValuesRemoved { values } => format!("enum values removed: {}", list(values)),
        K::EnumIntroduced { values } => format!("became an enum of {}", list(values)),
        K::EnumDropped { values } => format!("no longer an enum (was {})", list(values)),
        K::ScopesChanged {
            kind,
            added,
            removed,
        } => {
            let name = match kind {
                ScopeKind::Scopes => "scopes",
                ScopeKind::GranularScopes => "granular scopes",
            };
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("added {}", list(added)));
            }
            if !removed.is_empty() {
                parts.push(format!("removed {}", list(removed)));
            }
            format!("{name}: {}", parts.join("; "))
        }
        K::MethodRenamed { old, new } => {
            format!("client method renamed from {} to {}", code(old), code(new))
        }
        K::FeaturesChanged { old, new } => {
            let features =
                |all: &[String]| all.iter().map(|f| code(f)).collect::<Vec<_>>().join(", ");
            format!(
                "Cargo feature changed from {} to {}",
                features(old),
                features(new)
            )
        }
        K::FeatureAdded { feature } => format!("new Cargo feature {}", code(feature)),
        K::FeatureRemoved { feature } => format!("Cargo feature {} is gone", code(feature)),
        K::RateLimitLabelChanged { old, new } => {
            format!("rate-limit label changed from {} to {}", opt(old), opt(new))
        }
    }
}

fn with_body(body: bool) -> &'static str {
    if body { " (with a body)" } else { " (no body)" }
}

fn presence(p: Presence) -> &'static str {
    match (p.required, p.nullable) {
        (true, false) => "required",
        (true, true) => "required but nullable",
        (false, false) => "optional",
        (false, true) => "optional and nullable",
    }
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| code(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inline code that survives backticks and empty strings in the value.
fn code(text: &str) -> String {
    if text.is_empty() {
        "`\"\"`".to_owned()
    } else if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

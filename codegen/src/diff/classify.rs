//! The rules that decide whether a change breaks code using the generated crate.
//!
//! They are written from a Rust user's side, not a wire-protocol side, and rest on three facts about
//! how the crate is generated:
//! - progenitor's **builder** interface style: optional parameters and optional request-body fields
//!   are setters on a builder, so adding one (or relaxing a required one) leaves existing calls
//!   compiling; a new *required* one makes `send()`/`try_into()` fail where it used to succeed;
//! - a value's Rust type is `Option<T>` exactly when it is not required or is nullable, so in a
//!   response any change of that is a type change;
//! - generated enums are forward-compatible (an `Unknown` variant catches values the crate does not
//!   know), so a new enum value needs no code change, while a removed one deletes a variant.

use super::report::{Bump, ChangeKind, Counts, Impact, Location, Presence};
use Impact::{Additive, Breaking, Informational};

/// The versioning rule the report applies, stated once so the code and the report cannot disagree.
pub const BUMP_RULE: &str = "The crate is 0.x, so semver's \"major\" position is the minor number: \
any breaking change bumps the minor version (0.x.y -> 0.(x+1).0); otherwise any additive change bumps \
the patch version (0.x.y -> 0.x.(y+1)); informational changes alone need no release. \"Breaking\" \
assumes request types are built with progenitor's builders (optional fields and parameters are \
setters, so new optional ones break nothing) and that generated enums keep an `Unknown` variant \
(so new enum values break nothing).";

/// Whether the value travels to Zoom or from Zoom; the same change can break one and not the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
    Operation,
}

fn direction(location: &Location) -> Direction {
    match location {
        Location::Operation => Direction::Operation,
        Location::Parameter { .. } | Location::RequestBody => Direction::Request,
        Location::Response { .. } => Direction::Response,
    }
}

const REQUIRED_ADDED: &str = "callers must now supply it, and builders fail without it";
const OPTIONAL_ADDED: &str = "a new optional builder setter; existing calls compile unchanged";

/// `(impact, one-sentence reason)` for a change at `location`.
pub(super) fn classify(location: &Location, kind: &ChangeKind) -> (Impact, &'static str) {
    use ChangeKind as K;
    use Direction::{Operation, Request, Response};
    let dir = direction(location);
    match kind {
        K::OperationAdded => (Additive, "a new client method; existing code is unaffected"),
        K::OperationRemoved => (Breaking, "its client method disappears"),
        K::OperationRenamed { .. } => (
            Informational,
            "Rust method names come from the committed name map, keyed by `METHOD /path`, which \
             this does not change",
        ),
        K::OperationMoved { .. } => (
            Informational,
            "the name map is keyed by `METHOD /path`: carry the old entry over in \
             `spec/method-names.json` so the method keeps its name; then only its URL changes",
        ),
        K::DeprecatedChanged { .. } => (Informational, "a documentation change"),
        K::ParameterAdded { required: true } => (Breaking, REQUIRED_ADDED),
        K::BodyAdded { required: true } if dir == Request => (Breaking, REQUIRED_ADDED),
        K::ParameterAdded { required: false } => (Additive, OPTIONAL_ADDED),
        K::BodyAdded { required: false } if dir == Request => (Additive, OPTIONAL_ADDED),
        K::BodyAdded { .. } | K::BodyRemoved if dir == Response => (
            Breaking,
            "the method's return type is derived from the response bodies, so it changes",
        ),
        K::ParameterRemoved | K::BodyRemoved => (Breaking, "its builder setter disappears"),
        K::BodyAdded { .. } => (Breaking, "the method's signature changes"),
        K::BodyRequiredChanged { required: true } => (
            Breaking,
            "callers must now send a body, and builders fail without it",
        ),
        K::BodyRequiredChanged { required: false } => (
            Additive,
            "the body becomes optional; existing calls still compile",
        ),
        K::ResponseAdded { has_body: true } | K::ResponseRemoved { had_body: true } => (
            Breaking,
            "the method's success or error type is derived from the response bodies, so it changes",
        ),
        K::ResponseAdded { has_body: false } | K::ResponseRemoved { had_body: false } => (
            Informational,
            "a documented status without a body; no Rust type changes",
        ),
        K::MediaTypeChanged { .. } => (
            Breaking,
            "the body is encoded differently and its Rust type changes",
        ),
        K::FieldAdded { required: true } if dir == Request => (
            Breaking,
            "a new required request field: builders fail until it is set",
        ),
        K::FieldAdded { .. } if dir == Request => (
            Additive,
            "a new optional request field: progenitor builders leave it unset (struct literals \
             would break, builders do not)",
        ),
        K::FieldAdded { .. } => (
            Additive,
            "a new field on a response struct, which users read rather than build",
        ),
        K::FieldRemoved => (Breaking, "the struct field (or its setter) disappears"),
        K::TypeChanged { .. } => (Breaking, "the field's Rust type changes"),
        K::FormatChanged { ty, old, new } => {
            if format_picks_rust_type(ty, old.as_deref())
                || format_picks_rust_type(ty, new.as_deref())
            {
                (
                    Breaking,
                    "the format picks the Rust number type (int32/int64, float/double), so it changes",
                )
            } else {
                (
                    Informational,
                    "this format does not change the Rust type (a String either way)",
                )
            }
        }
        K::PresenceChanged { old, new } => presence(dir, *old, *new),
        K::EnumValuesAdded { .. } => match dir {
            Response | Operation => (
                Additive,
                "generated enums are forward-compatible (an `Unknown` variant), so existing code \
                 still compiles",
            ),
            Request => (Additive, "a new variant callers may send"),
        },
        K::EnumValuesRemoved { .. } => (Breaking, "the enum variant disappears"),
        K::EnumIntroduced { .. } => (Breaking, "a free-form value becomes an enum type"),
        K::EnumDropped { .. } => (Breaking, "an enum type becomes a free-form value"),
        K::ScopesChanged { .. } => (
            Informational,
            "no Rust API change, but apps may need their OAuth scopes updated",
        ),
        K::MethodRenamed { .. } => (
            Breaking,
            "the client method and the types named after it (`…Response`, `…Body`, its builder) \
             take the new name; list it in CHANGELOG.md",
        ),
        K::FeaturesChanged { .. } => (
            Breaking,
            "a crate that enables only the old feature no longer has the method",
        ),
        K::FeatureAdded { .. } => (
            Additive,
            "`cargo xtask regenerate` adds the feature (and `full` enables it); nothing to edit",
        ),
        K::FeatureRemoved { .. } => (
            Breaking,
            "a crate that names the feature in its Cargo.toml no longer builds",
        ),
        K::RateLimitLabelChanged { .. } => (
            Informational,
            "no Rust API change; the client's rate limiting may need retuning",
        ),
    }
}

/// Requests: demanding more of callers breaks them, relaxing does not. Responses: any change of
/// `Option`-ness is a type change users see.
fn presence(dir: Direction, old: Presence, new: Presence) -> (Impact, &'static str) {
    let is_option = |p: Presence| !p.required || p.nullable;
    match dir {
        Direction::Request | Direction::Operation => {
            if (!old.required && new.required) || (old.nullable && !new.nullable) {
                (
                    Breaking,
                    "callers must now send a (non-null) value; builders fail without it",
                )
            } else {
                (
                    Additive,
                    "the value becomes optional or nullable; builder calls still compile",
                )
            }
        }
        Direction::Response => {
            if is_option(old) == is_option(new) {
                (
                    Informational,
                    "the Rust type is the same (`Option` either way or neither)",
                )
            } else if is_option(new) {
                (Breaking, "the field's Rust type becomes `Option<T>`")
            } else {
                (Breaking, "the field's Rust type loses its `Option`")
            }
        }
    }
}

/// Whether `format` (on a value of JSON type `ty`) makes typify pick a type other than the plain
/// default for `ty`: any format on numbers does (`int32` -> `i32`, `double` -> `f64`...); on strings
/// none does, because `convert` drops every string format (the client is at least as lenient as
/// Zoom), so a `date-time` or `uuid` string is a `String` in the crate either way. `cargo xtask
/// diff` compares converted documents, where string formats no longer appear; this rule keeps a
/// comparison of documents as Zoom writes them in step with that.
fn format_picks_rust_type(ty: &str, format: Option<&str>) -> bool {
    format.is_some() && matches!(ty, "integer" | "number")
}

/// The bump for a set of counts, per [`BUMP_RULE`].
pub(super) fn bump(counts: Counts) -> Bump {
    if counts.breaking > 0 {
        Bump::Minor
    } else if counts.additive > 0 {
        Bump::Patch
    } else {
        Bump::None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    fn request() -> Location {
        Location::RequestBody
    }
    fn response() -> Location {
        Location::Response {
            status: "200".to_owned(),
        }
    }
    fn query() -> Location {
        Location::Parameter {
            place: "query".to_owned(),
            name: "page_size".to_owned(),
        }
    }
    fn impact(location: Location, kind: ChangeKind) -> Impact {
        classify(&location, &kind).0
    }
    const fn p(required: bool, nullable: bool) -> Presence {
        Presence { required, nullable }
    }

    #[test]
    fn removals_break_everywhere() {
        for location in [Location::Operation, request(), response(), query()] {
            let kind = match location {
                Location::Operation => ChangeKind::OperationRemoved,
                Location::Parameter { .. } => ChangeKind::ParameterRemoved,
                _ => ChangeKind::FieldRemoved,
            };
            assert_eq!(impact(location.clone(), kind), Breaking, "{location:?}");
            let values = vec!["A".to_owned()];
            let kind = ChangeKind::EnumValuesRemoved { values };
            assert_eq!(impact(location, kind), Breaking);
        }
    }

    #[test]
    fn additions_break_only_when_required_in_requests() {
        let added = |required| ChangeKind::FieldAdded { required };
        assert_eq!(impact(request(), added(true)), Breaking);
        assert_eq!(impact(request(), added(false)), Additive);
        assert_eq!(impact(response(), added(true)), Additive);
        assert_eq!(impact(response(), added(false)), Additive);
        let param = |required| ChangeKind::ParameterAdded { required };
        assert_eq!(impact(query(), param(true)), Breaking);
        assert_eq!(impact(query(), param(false)), Additive);
        let body = |required| ChangeKind::BodyAdded { required };
        assert_eq!(impact(request(), body(true)), Breaking);
        assert_eq!(impact(request(), body(false)), Additive);
        assert_eq!(impact(response(), body(true)), Breaking);
        assert_eq!(
            impact(Location::Operation, ChangeKind::OperationAdded),
            Additive
        );
    }

    #[test]
    fn presence_in_requests_breaks_when_demanding_more() {
        let change = |old, new| ChangeKind::PresenceChanged { old, new };
        assert_eq!(
            impact(query(), change(p(false, false), p(true, false))),
            Breaking
        );
        assert_eq!(
            impact(request(), change(p(true, true), p(true, false))),
            Breaking
        );
        assert_eq!(
            impact(request(), change(p(true, false), p(false, false))),
            Additive
        );
        assert_eq!(
            impact(request(), change(p(true, false), p(true, true))),
            Additive
        );
    }

    #[test]
    fn presence_in_responses_breaks_when_option_ness_changes() {
        let change = |old, new| ChangeKind::PresenceChanged { old, new };
        assert_eq!(
            impact(response(), change(p(true, false), p(false, false))),
            Breaking
        );
        assert_eq!(
            impact(response(), change(p(false, false), p(true, false))),
            Breaking
        );
        assert_eq!(
            impact(response(), change(p(true, false), p(true, true))),
            Breaking
        );
        // Nullable and required -> optional: `Option<T>` before and after.
        assert_eq!(
            impact(response(), change(p(true, true), p(false, true))),
            Informational
        );
    }

    #[test]
    fn enum_additions_are_additive_and_renames_informational() {
        let values = vec!["NEW".to_owned()];
        for location in [request(), response()] {
            let kind = ChangeKind::EnumValuesAdded {
                values: values.clone(),
            };
            assert_eq!(impact(location, kind), Additive);
        }
        let renamed = ChangeKind::OperationRenamed {
            old: Some("a".to_owned()),
            new: Some("b".to_owned()),
        };
        assert_eq!(impact(Location::Operation, renamed), Informational);
        let label = ChangeKind::RateLimitLabelChanged {
            old: Some("LIGHT".to_owned()),
            new: Some("HEAVY".to_owned()),
        };
        assert_eq!(impact(Location::Operation, label), Informational);
    }

    #[test]
    fn formats_break_only_when_they_pick_the_rust_type() {
        let format = |ty: &str, old: Option<&str>, new: Option<&str>| ChangeKind::FormatChanged {
            ty: ty.to_owned(),
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
        };
        assert_eq!(
            impact(response(), format("integer", Some("int32"), Some("int64"))),
            Breaking
        );
        // `convert` drops string formats: a `String` before and after.
        assert_eq!(
            impact(request(), format("string", None, Some("date-time"))),
            Informational
        );
        assert_eq!(
            impact(
                response(),
                format("string", Some("date-time"), Some("uuid"))
            ),
            Informational
        );
        assert_eq!(
            impact(response(), format("string", Some("email"), None)),
            Informational
        );
    }

    #[test]
    fn type_changes_break() {
        let kind = ChangeKind::TypeChanged {
            old: "string".to_owned(),
            new: "integer".to_owned(),
        };
        assert_eq!(impact(response(), kind.clone()), Breaking);
        assert_eq!(impact(request(), kind), Breaking);
    }

    #[test]
    fn bump_follows_the_worst_change() {
        let counts = |breaking, additive, informational| Counts {
            breaking,
            additive,
            informational,
        };
        assert_eq!(bump(counts(1, 5, 5)), Bump::Minor);
        assert_eq!(bump(counts(0, 1, 5)), Bump::Patch);
        assert_eq!(bump(counts(0, 0, 5)), Bump::None);
        assert_eq!(bump(counts(0, 0, 0)), Bump::None);
    }
}

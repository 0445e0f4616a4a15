//! Static facts about each API operation, generated from Zoom's document.
//!
//! The runtime needs to know, per request, what progenitor's hooks do not tell it: the HTTP
//! method's retry semantics and Zoom's rate-limit category. `cargo xtask regenerate` writes a
//! table of [`OperationMeta`] values (one struct literal per operation) into
//! `src/generated/operations.rs`; the hooks look the entry up by operation id and hand it to
//! [`Runtime::execute`](super::Runtime::execute).

use std::fmt;

/// Facts about one operation of Zoom's Contact Center API.
///
/// Built with a struct literal by generated code, so the fields are public and the set of
/// fields is part of the contract with the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationMeta {
    /// The client method's name, e.g. `list_queues`: the id progenitor's hooks see. Stable across
    /// Zoom's renames of its operationIds (see `spec/method-names.json`).
    pub operation_id: &'static str,
    /// The `operationId` in Zoom's document, e.g. `listQueues`.
    pub zoom_operation_id: &'static str,
    /// The HTTP method in upper case, e.g. `GET`.
    pub method: &'static str,
    /// The path template, e.g. `/contact_center/queues/{queueId}`.
    pub path: &'static str,
    /// Zoom's rate-limit category for the operation.
    pub rate_limit: RateLimitLabel,
    /// Classic OAuth scopes that grant access to the operation.
    pub scopes: &'static [&'static str],
    /// Granular OAuth scopes that grant access to the operation.
    pub granular_scopes: &'static [&'static str],
}

impl OperationMeta {
    /// The row for an operation id the table does not know: "not retried, not limited". Also what
    /// the generated table's array holds before its enabled rows are copied in (public for that
    /// generated code, which lives in another crate).
    #[doc(hidden)]
    pub const PLACEHOLDER: OperationMeta = OperationMeta {
        operation_id: "unknown",
        zoom_operation_id: "unknown",
        method: "POST",
        path: "",
        rate_limit: RateLimitLabel::Unknown,
        scopes: &[],
        granular_scopes: &[],
    };

    /// Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2).
    ///
    /// Only idempotent requests are retried after a 5xx answer or a transport failure, because a
    /// POST or PATCH may have been applied before the failure was observed.
    pub fn is_idempotent(&self) -> bool {
        is_idempotent_method(self.method)
    }
}

/// Whether an HTTP method (any case) is idempotent: GET, HEAD, PUT, DELETE, OPTIONS or TRACE.
pub(crate) fn is_idempotent_method(method: &str) -> bool {
    ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// Zoom's rate-limit category ("Rate Limit Label" in Zoom's reference).
///
/// Zoom's limits are per account and per category; the numbers per plan are in
/// [`Plan`](super::Plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RateLimitLabel {
    /// `LIGHT`: status checks, simple lookups.
    Light,
    /// `MEDIUM`: listings, user management.
    Medium,
    /// `HEAVY`: creating assets, complex updates.
    Heavy,
    /// `RESOURCE-INTENSIVE`: large imports, historical metrics (limited per minute).
    ResourceIntensive,
    /// The document gives no label (or one this crate does not know).
    Unknown,
}

impl RateLimitLabel {
    /// Zoom's spelling of the label (`UNKNOWN` for [`RateLimitLabel::Unknown`]).
    ///
    /// There is no parser: the generated operation table holds the variant, chosen by the code
    /// generator from the label as its one rule normalises it (`Light` and `LIGHT` both occur in
    /// Zoom's document).
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Light => "LIGHT",
            Self::Medium => "MEDIUM",
            Self::Heavy => "HEAVY",
            Self::ResourceIntensive => "RESOURCE-INTENSIVE",
            Self::Unknown => "UNKNOWN",
        }
    }
}

impl fmt::Display for RateLimitLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn idempotency_follows_the_method() {
        let meta = |method| OperationMeta {
            operation_id: "op",
            zoom_operation_id: "op",
            method,
            path: "/p",
            rate_limit: RateLimitLabel::Light,
            scopes: &[],
            granular_scopes: &[],
        };
        for method in ["GET", "get", "PUT", "DELETE", "HEAD", "OPTIONS"] {
            assert!(meta(method).is_idempotent(), "{method}");
        }
        for method in ["POST", "PATCH", "post"] {
            assert!(!meta(method).is_idempotent(), "{method}");
        }
    }
}

//! Zoom's error body and the crate's typed error.
//!
//! Every generated method fails with `progenitor_client::Error<ApiErrorBody>`; `?` turns that
//! into [`Error`], which names what callers act on: a Zoom error code, a rate limit with its
//! retry time, an expired page token, an authentication failure.

use std::fmt;
use std::time::SystemTime;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::{Deserialize, Deserializer, Serialize};

use super::auth::AuthError;
use super::hook_error;
use super::limiter::LimiterError;
use super::retry::RetryAfter;

/// Zoom's error body, `{"code": 124, "message": "Invalid access token."}`.
///
/// Lenient by design: `code` may arrive as a number or a string, either field may be missing,
/// and other fields (e.g. a validation `errors` list) are kept in `extra`. Decoding never fails
/// on a JSON object, and the runtime rewrites non-JSON error bodies into
/// `{"message": "<raw text>"}` (or `{}` when empty) before progenitor decodes them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    /// Zoom's error code (e.g. 124 invalid or expired token, 300 invalid field).
    #[serde(
        default,
        deserialize_with = "lenient_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<i64>,
    /// Human-readable message, or the raw body text when the body was not JSON.
    #[serde(
        default,
        deserialize_with = "lenient_message",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    /// Any other fields of the body, in their original order.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn lenient_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

fn lenient_message<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

/// Zoom's code for an invalid or expired access token.
pub const CODE_INVALID_ACCESS_TOKEN: i64 = 124;
/// Zoom's code for an invalid field, which Zoom also uses for an invalid or expired
/// `next_page_token`.
pub const CODE_INVALID_FIELD: i64 = 300;

/// The header Zoom puts on every answer to identify the request in support cases.
pub const TRACKING_ID_HEADER: &str = "x-zm-trackingid";

/// What a 429 answer said about the limit that was hit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimitInfo {
    /// `X-RateLimit-Category`, e.g. `Light`.
    pub category: Option<String>,
    /// `X-RateLimit-Type`, e.g. `QPS` or `Daily-limit`.
    pub limit_type: Option<String>,
    /// `X-RateLimit-Limit`.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`.
    pub remaining: Option<u64>,
    /// `Retry-After`, in either form.
    pub retry_after: Option<RetryAfter>,
}

impl RateLimitInfo {
    /// Reads the rate-limit headers; unreadable values become `None`.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        Self {
            category: header_str(headers, "x-ratelimit-category"),
            limit_type: header_str(headers, "x-ratelimit-type"),
            limit: header_str(headers, "x-ratelimit-limit").and_then(|v| v.parse().ok()),
            remaining: header_str(headers, "x-ratelimit-remaining").and_then(|v| v.parse().ok()),
            retry_after: header_str(headers, "retry-after").and_then(|v| RetryAfter::parse(&v)),
        }
    }
}

pub(crate) fn header_str(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The crate's error type.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Zoom answered with an error status.
    #[error("Zoom API error: HTTP {status}{}", describe(*code, message.as_deref(), tracking_id.as_deref()))]
    Api {
        /// HTTP status.
        status: StatusCode,
        /// Zoom's error code, if the body had one.
        code: Option<i64>,
        /// Zoom's message, or the raw body text.
        message: Option<String>,
        /// The `x-zm-trackingid` header.
        tracking_id: Option<String>,
    },
    /// Zoom answered 429 and retries were exhausted (or the wait was longer than allowed).
    #[error(
        "Zoom rate limit hit (category {}, type {}, limit {}, remaining {}){}",
        opt(&info.category), opt(&info.limit_type), opt(&info.limit), opt(&info.remaining),
        describe(*code, message.as_deref(), tracking_id.as_deref())
    )]
    RateLimited {
        /// The rate-limit headers of the last answer (boxed to keep `Error` small).
        info: Box<RateLimitInfo>,
        /// Zoom's error code, if the body had one.
        code: Option<i64>,
        /// Zoom's message.
        message: Option<String>,
        /// The `x-zm-trackingid` header.
        tracking_id: Option<String>,
    },
    /// A `next_page_token` was rejected; tokens expire 15 minutes after they are issued, so
    /// the listing has to start again from the first page.
    #[error("next_page_token invalid or expired; restart from the first page{}", describe(*code, message.as_deref(), tracking_id.as_deref()))]
    PageTokenExpired {
        /// HTTP status.
        status: StatusCode,
        /// Zoom's error code (usually 300).
        code: Option<i64>,
        /// Zoom's message.
        message: Option<String>,
        /// The `x-zm-trackingid` header.
        tracking_id: Option<String>,
    },
    /// A pagination stream received the token it had just sent, which would loop forever.
    #[error("pagination stalled: Zoom returned the same next_page_token again")]
    PaginationStalled,
    /// Getting an access token failed.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The rate limit could not be checked (a shared limiter in strict mode whose store is
    /// unreachable, slow or answering nonsense), so the request was not sent.
    #[error(transparent)]
    Limiter(#[from] LimiterError),
    /// The request could not be sent or the answer could not be read.
    #[error("transport error: {0}")]
    Transport(#[from] reqwest::Error),
    /// A successful answer's body did not match the documented schema.
    #[error("could not decode Zoom's answer: {message} (body starts with {body_excerpt:?})")]
    Decode {
        /// The decoder's complaint.
        message: String,
        /// The first bytes of the body, lossily decoded.
        body_excerpt: String,
    },
    /// An answer the document does not list. Progenitor hands it over unread and the
    /// conversion is synchronous, so only status and headers are known, never the body.
    #[error("unexpected answer from Zoom: HTTP {status}{}", describe(None, None, tracking_id.as_deref()))]
    UnexpectedResponse {
        /// HTTP status.
        status: StatusCode,
        /// The `x-zm-trackingid` header.
        tracking_id: Option<String>,
    },
    /// The request was rejected before sending (e.g. a parameter failed validation).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client was configured wrongly (e.g. the token URL is not a URL).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// An error raised by a client hook that only carries text.
    #[error("client hook failed: {0}")]
    Hook(String),
}

fn opt<T: fmt::Display>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map_or_else(|| "unknown".to_owned(), ToString::to_string)
}

fn describe(code: Option<i64>, message: Option<&str>, tracking_id: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(code) = code {
        out.push_str(&format!(", Zoom code {code}"));
    }
    if let Some(message) = message {
        out.push_str(&format!(": {message}"));
    }
    if let Some(tracking_id) = tracking_id {
        out.push_str(&format!(" (tracking id {tracking_id})"));
    }
    out
}

/// Whether a Zoom error means the `next_page_token` was rejected: code 300 with a message that
/// names the page token.
pub(crate) fn is_page_token_error(code: Option<i64>, message: Option<&str>) -> bool {
    code == Some(CODE_INVALID_FIELD)
        && message.is_some_and(|m| {
            let m = m.to_ascii_lowercase();
            m.contains("page token") || m.contains("page_token")
        })
}

impl Error {
    /// Classifies an error answer from its parts.
    pub fn from_response_parts(
        status: StatusCode,
        headers: &HeaderMap,
        body: Option<&ApiErrorBody>,
    ) -> Self {
        let code = body.and_then(|b| b.code);
        let message = body.and_then(|b| b.message.clone());
        let tracking_id = header_str(headers, TRACKING_ID_HEADER);
        if status == StatusCode::TOO_MANY_REQUESTS {
            Error::RateLimited {
                info: Box::new(RateLimitInfo::from_headers(headers)),
                code,
                message,
                tracking_id,
            }
        } else if is_page_token_error(code, message.as_deref()) {
            Error::PageTokenExpired {
                status,
                code,
                message,
                tracking_id,
            }
        } else {
            Error::Api {
                status,
                code,
                message,
                tracking_id,
            }
        }
    }

    /// The HTTP status, when the error came from an answer.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::PageTokenExpired { status, .. }
            | Error::UnexpectedResponse { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Error::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// Zoom's error code, when the body had one.
    pub fn zoom_code(&self) -> Option<i64> {
        match self {
            Error::Api { code, .. }
            | Error::RateLimited { code, .. }
            | Error::PageTokenExpired { code, .. } => *code,
            _ => None,
        }
    }

    /// The `x-zm-trackingid` of the answer, to quote to Zoom support.
    pub fn tracking_id(&self) -> Option<&str> {
        match self {
            Error::Api { tracking_id, .. }
            | Error::RateLimited { tracking_id, .. }
            | Error::PageTokenExpired { tracking_id, .. }
            | Error::UnexpectedResponse { tracking_id, .. } => tracking_id.as_deref(),
            _ => None,
        }
    }

    /// When a rate-limited call may be tried again, if Zoom said.
    pub fn retry_at(&self) -> Option<SystemTime> {
        match self {
            Error::RateLimited { info, .. } => info.retry_after.map(|r| match r {
                RetryAfter::At(at) => at,
                RetryAfter::Delay(d) => SystemTime::now() + d,
            }),
            _ => None,
        }
    }

    /// If this is a rejection of a page request that carried a token, the same error as
    /// [`Error::PageTokenExpired`]: the filters were accepted for the first page, so a code-300
    /// "invalid field" on a later page can only be about the token.
    pub(crate) fn on_page_token(self) -> Self {
        match self {
            Error::Api {
                status,
                code: code @ Some(CODE_INVALID_FIELD),
                message,
                tracking_id,
            } => Error::PageTokenExpired {
                status,
                code,
                message,
                tracking_id,
            },
            other => other,
        }
    }
}

fn excerpt(bytes: &[u8]) -> String {
    const MAX: usize = 256;
    String::from_utf8_lossy(&bytes[..bytes.len().min(MAX)]).into_owned()
}

impl From<progenitor_client::Error<ApiErrorBody>> for Error {
    fn from(error: progenitor_client::Error<ApiErrorBody>) -> Self {
        use progenitor_client::Error as P;
        match error {
            P::InvalidRequest(message) => Error::InvalidRequest(message),
            P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
                Error::Transport(e)
            }
            P::ErrorResponse(value) => {
                Error::from_response_parts(value.status(), value.headers(), Some(value.as_ref()))
            }
            P::InvalidResponsePayload(bytes, e) => Error::Decode {
                message: e.to_string(),
                body_excerpt: excerpt(&bytes),
            },
            P::UnexpectedResponse(response) => {
                let status = response.status();
                if status == StatusCode::TOO_MANY_REQUESTS {
                    Error::from_response_parts(status, response.headers(), None)
                } else {
                    Error::UnexpectedResponse {
                        status,
                        tracking_id: header_str(response.headers(), TRACKING_ID_HEADER),
                    }
                }
            }
            // The hook parked the typed error (`hook_error`); only an evicted entry, or text from
            // a hook of someone else's, is read by its prefix.
            P::Custom(message) => match hook_error::claim(&message) {
                Some(parked) => parked.into(),
                None => {
                    let text = hook_error::without_marker(&message);
                    if let Some(rest) = text.strip_prefix(AuthError::HOOK_PREFIX) {
                        Error::Auth(AuthError::Hook(rest.to_owned()))
                    } else if let Some(rest) = text.strip_prefix(LimiterError::HOOK_PREFIX) {
                        Error::Limiter(LimiterError::Hook(rest.to_owned()))
                    } else {
                        Error::Hook(text.to_owned())
                    }
                }
            },
        }
    }
}

/// For operations declared without an error body: the same mapping, with no Zoom code or
/// message available.
impl From<progenitor_client::Error<()>> for Error {
    fn from(error: progenitor_client::Error<()>) -> Self {
        use progenitor_client::Error as P;
        match error {
            P::ErrorResponse(value) => {
                Error::from_response_parts(value.status(), value.headers(), None)
            }
            P::InvalidRequest(message) => Error::InvalidRequest(message),
            P::CommunicationError(e) => Error::from(P::<ApiErrorBody>::CommunicationError(e)),
            P::InvalidUpgrade(e) => Error::from(P::<ApiErrorBody>::InvalidUpgrade(e)),
            P::ResponseBodyError(e) => Error::from(P::<ApiErrorBody>::ResponseBodyError(e)),
            P::InvalidResponsePayload(b, e) => {
                Error::from(P::<ApiErrorBody>::InvalidResponsePayload(b, e))
            }
            P::UnexpectedResponse(r) => Error::from(P::<ApiErrorBody>::UnexpectedResponse(r)),
            P::Custom(message) => Error::from(P::<ApiErrorBody>::Custom(message)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    fn body(json: &str) -> ApiErrorBody {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn decodes_code_as_number_or_string_and_keeps_extras() {
        let b = body(r#"{"code":124,"message":"Invalid access token."}"#);
        assert_eq!(b.code, Some(124));
        assert_eq!(b.message.as_deref(), Some("Invalid access token."));
        let b = body(r#"{"code":"300","message":"Validation failed.","errors":[{"field":"x"}]}"#);
        assert_eq!(b.code, Some(300));
        assert_eq!(b.extra["errors"][0]["field"], "x");
        let b = body(r#"{"code":null,"message":{"nested":true}}"#);
        assert_eq!(b.code, None);
        assert_eq!(b.message.as_deref(), Some(r#"{"nested":true}"#));
        assert_eq!(body("{}"), ApiErrorBody::default());
        let b = body(r#"{"code":"abc"}"#);
        assert_eq!(b.code, None);
    }

    #[test]
    fn classifies_page_token_errors_by_message() {
        assert!(is_page_token_error(
            Some(300),
            Some("The next page token is invalid or expired.")
        ));
        assert!(is_page_token_error(
            Some(300),
            Some("Invalid next_page_token")
        ));
        assert!(!is_page_token_error(Some(300), Some("Validation failed.")));
        assert!(!is_page_token_error(Some(124), Some("page token")));
    }

    #[test]
    fn parked_hook_errors_convert_to_the_original_typed_error() {
        let rejected = AuthError::Rejected {
            status: StatusCode::UNAUTHORIZED,
            error: Some("invalid_client".into()),
            reason: Some("Invalid client_id or client_secret".into()),
        };
        let text = hook_error::park(rejected);
        let e = Error::from(progenitor_client::Error::<ApiErrorBody>::Custom(text));
        assert!(
            matches!(e, Error::Auth(AuthError::Rejected { status, .. }) if status == StatusCode::UNAUTHORIZED),
            "{e:?}"
        );
        let limiter = LimiterError::Unreachable {
            store: "redis",
            reason: "connection refused".into(),
        };
        let text = hook_error::park(limiter.clone());
        let e = Error::from(progenitor_client::Error::<()>::Custom(text));
        assert!(
            matches!(e, Error::Limiter(ref back) if *back == limiter),
            "{e:?}"
        );
    }

    #[test]
    fn an_evicted_entry_falls_back_to_the_text_without_its_marker() {
        // No ticket this high is ever issued, so the entry is "gone", as after an eviction.
        let text = format!(
            "{}token endpoint said no [hook error #{}]",
            AuthError::HOOK_PREFIX,
            u64::MAX
        );
        let e = Error::from(progenitor_client::Error::<ApiErrorBody>::Custom(text));
        assert!(
            matches!(e, Error::Auth(AuthError::Hook(ref m)) if m == "token endpoint said no"),
            "{e:?}"
        );
        let text = format!("something else [hook error #{}]", u64::MAX);
        let e = Error::from(progenitor_client::Error::<ApiErrorBody>::Custom(text));
        assert!(
            matches!(e, Error::Hook(ref m) if m == "something else"),
            "{e:?}"
        );
    }

    #[test]
    fn custom_hook_errors_with_the_auth_prefix_become_auth_errors() {
        let text = format!("{}token endpoint said no", AuthError::HOOK_PREFIX);
        let e = Error::from(progenitor_client::Error::<ApiErrorBody>::Custom(text));
        assert!(matches!(e, Error::Auth(AuthError::Hook(ref m)) if m == "token endpoint said no"));
        let e = Error::from(progenitor_client::Error::<ApiErrorBody>::Custom("x".into()));
        assert!(matches!(e, Error::Hook(ref m) if m == "x"));
        let limiter = LimiterError::Unreachable {
            store: "redis",
            reason: "connection refused".into(),
        };
        let e = Error::from(progenitor_client::Error::<()>::Custom(limiter.to_string()));
        assert!(
            matches!(e, Error::Limiter(LimiterError::Hook(ref m)) if m == "redis: connection refused")
        );
    }
}

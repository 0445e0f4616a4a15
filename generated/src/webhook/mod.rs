//! Receiving Zoom Contact Center webhooks safely.
//!
//! Zoom signs every webhook request: `x-zm-signature` is `v0=` followed by the lowercase hex
//! HMAC-SHA256, keyed with your app's *secret token*, of `v0:{x-zm-request-timestamp}:{raw body}`.
//! A receiver that skips the check accepts data from anyone who knows its URL. This module:
//!
//! - verifies the signature over the **raw body bytes** (re-serialised JSON would differ),
//!   compares in constant time, and refuses timestamps more than a tolerance (default five
//!   minutes) in the past or future, so captured requests cannot be replayed
//!   ([`WebhookVerifier::verify`], errors in [`VerifyError`]);
//! - answers `endpoint.url_validation` challenges ([`WebhookVerifier::answer_url_validation`]);
//! - decodes the `{event, event_ts, payload}` envelope ([`WebhookEvent`], [`EventName`]);
//! - does all three in one call for any framework ([`WebhookVerifier::receive`]), and with the
//!   `axum` feature offers a ready route (`axum::webhook_route`).
//!
//! The secret token is held in a [`secrecy::SecretString`] and never appears in `Debug` output.
//! Time is an input (`now`, or a [`Clock`]) so that replay checks are testable.
//!
//! ```
//! use std::time::{Duration, SystemTime, UNIX_EPOCH};
//! use zoom_contact_center::webhook::{Delivery, EventName, WebhookVerifier};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let verifier = WebhookVerifier::new("my-secret-token".into())?;
//!
//! // What Zoom would send (here signed with the same secret to make the example self-contained).
//! let body = br#"{"event":"agent.logged_in","event_ts":1700000000123,"payload":{}}"#;
//! let mut headers = http::HeaderMap::new();
//! headers.insert("x-zm-request-timestamp", "1700000000".parse()?);
//! headers.insert("x-zm-signature", verifier.sign("1700000000", body).parse()?);
//!
//! let now = UNIX_EPOCH + Duration::from_secs(1_700_000_030); // in production: SystemTime::now()
//! match verifier.receive(&headers, body, now)? {
//!     Delivery::UrlValidation(answer) => { /* respond 200 with serde_json::to_vec(&answer)? */ }
//!     Delivery::Event(event) => assert_eq!(event.event, EventName::AgentLoggedIn),
//!     _ => {}
//! }
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "axum")]
pub mod axum;
mod clock;
mod event;
mod receive;
mod signature;
mod validation;

pub use clock::{Clock, FixedClock, SystemClock};
pub use event::{DecodeError, EventName, WebhookEvent};
pub use receive::{Delivery, ReceiveError};
pub use signature::{
    DEFAULT_TOLERANCE, EmptySecretToken, SIGNATURE_HEADER, TIMESTAMP_HEADER, VerifyError,
    WebhookVerifier,
};
pub use validation::{UrlValidationError, UrlValidationRequest, UrlValidationResponse};

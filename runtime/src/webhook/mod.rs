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
//! - answers `endpoint.url_validation` challenges ([`WebhookVerifier::answer_url_validation`]),
//!   with whichever of several secret tokens signed them ([`WebhookVerifier::with_secrets`]: several
//!   apps on one endpoint, or a secret being rotated);
//! - decodes the `{event, event_ts, payload}` envelope ([`WebhookEvent`]) and its payload into the
//!   typed event its name selects ([`EventKind`]): here the payload stays JSON (`String` names);
//!   `zoom_contact_center::webhook` (feature `webhooks` of that crate) plugs in the generated
//!   `Event`, one variant per event of Zoom's Contact Center webhook document;
//! - does all of it in one call for any framework ([`WebhookVerifier::receive`]), and with the
//!   `axum` feature offers a ready route (`axum::webhook_route`).
//!
//! The secret tokens are held in [`secrecy::SecretString`]s and never appear in `Debug` output.
//! Time is an input (`now`, or a [`Clock`]) so that replay checks are testable.
//!
//! ```
//! use std::time::{Duration, SystemTime, UNIX_EPOCH};
//! use zoom_contact_center_runtime::webhook::{Delivery, WebhookVerifier};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Untyped events (`String` names, JSON payloads); the typed verifier is
//! // `zoom_contact_center::webhook::WebhookVerifier`.
//! let verifier: WebhookVerifier = WebhookVerifier::new("my-secret-token".into())?;
//!
//! // What Zoom would send (here signed with the same secret to make the example self-contained).
//! let body = br#"{"event":"contact_center.user_login","event_ts":1700000000123,"payload":{"account_id":"acc"}}"#;
//! let mut headers = http::HeaderMap::new();
//! headers.insert("x-zm-request-timestamp", "1700000000".parse()?);
//! headers.insert("x-zm-signature", verifier.sign("1700000000", body).parse()?);
//!
//! let now = UNIX_EPOCH + Duration::from_secs(1_700_000_030); // in production: SystemTime::now()
//! match verifier.receive(&headers, body, now)? {
//!     Delivery::UrlValidation(answer) => { /* respond 200 with serde_json::to_vec(&answer)? */ }
//!     Delivery::Event(verified) => {
//!         assert_eq!(verified.envelope.event, "contact_center.user_login");
//!         assert_eq!(verified.event["account_id"], "acc");
//!     }
//!     Delivery::Undecoded(undecoded) => eprintln!("{undecoded}"),
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
pub use event::{DecodeError, EventKind, WebhookEvent};
pub use receive::{Delivery, ReceiveError, UndecodedEvent, VerifiedEvent};
pub use signature::{
    DEFAULT_TOLERANCE, EmptySecretToken, SIGNATURE_HEADER, TIMESTAMP_HEADER, VerifyError,
    WebhookVerifier,
};
pub use validation::{
    URL_VALIDATION_EVENT, UrlValidationError, UrlValidationRequest, UrlValidationResponse,
};

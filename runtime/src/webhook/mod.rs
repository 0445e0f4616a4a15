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
//! - answers `endpoint.url_validation` challenges ([`WebhookVerifier::answer_url_validation`]),
//!   with whichever of several secret tokens signed them ([`WebhookVerifier::with_secrets`]: several
//!   apps on one endpoint, or a secret being rotated);
//! - decodes the `{event, event_ts, payload}` envelope ([`WebhookEvent`]) and its payload into the
//!   typed [`Event`], one variant per event of Zoom's Contact Center webhook document, generated
//!   with its payload type in [`payloads`] and its name in [`EventName`]; an event name the
//!   document does not list arrives as [`Event::Unknown`] with its raw payload;
//! - does all of it in one call for any framework ([`WebhookVerifier::receive`]), and with the
//!   `axum` feature offers a ready route (`axum::webhook_route`).
//!
//! The secret tokens are held in [`secrecy::SecretString`]s and never appear in `Debug` output.
//! Time is an input (`now`, or a [`Clock`]) so that replay checks are testable.
//!
//! ```
//! use std::time::{Duration, SystemTime, UNIX_EPOCH};
//! use zoom_contact_center::webhook::{Delivery, Event, WebhookVerifier};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let verifier = WebhookVerifier::new("my-secret-token".into())?;
//!
//! // What Zoom would send (here signed with the same secret to make the example self-contained).
//! let body = br#"{"event":"contact_center.user_login","event_ts":1700000000123,"payload":{"account_id":"acc","object":{"user_id":"u1","display_name":"Ann","date_time_ms":"2023-11-14T22:13:20.123Z"}}}"#;
//! let mut headers = http::HeaderMap::new();
//! headers.insert("x-zm-request-timestamp", "1700000000".parse()?);
//! headers.insert("x-zm-signature", verifier.sign("1700000000", body).parse()?);
//!
//! let now = UNIX_EPOCH + Duration::from_secs(1_700_000_030); // in production: SystemTime::now()
//! match verifier.receive(&headers, body, now)? {
//!     Delivery::UrlValidation(answer) => { /* respond 200 with serde_json::to_vec(&answer)? */ }
//!     Delivery::Event(verified) => match verified.event {
//!         Event::UserLogin(login) => assert_eq!(login.account_id, "acc"),
//!         other => println!("{:?}", other.name()),
//!     },
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

pub use crate::generated::webhook_events::{Event, EventName, payloads};
pub use clock::{Clock, FixedClock, SystemClock};
pub use event::{DecodeError, WebhookEvent};
pub use receive::{Delivery, ReceiveError, UndecodedEvent, VerifiedEvent};
pub use signature::{
    DEFAULT_TOLERANCE, EmptySecretToken, SIGNATURE_HEADER, TIMESTAMP_HEADER, VerifyError,
    WebhookVerifier,
};
pub use validation::{
    URL_VALIDATION_EVENT, UrlValidationError, UrlValidationRequest, UrlValidationResponse,
};

//! Receiving Zoom Contact Center webhooks safely, decoded into the typed events generated from
//! Zoom's webhook document (feature `webhooks`).
//!
//! Hand-written wiring, not generated: the verification (signature over the raw body, replay
//! window, several secret tokens, URL validation, the raw envelope, the axum route) is the
//! runtime's [`runtime::webhook`](crate::runtime::webhook), written once for any event type; this
//! module plugs in the generated [`EventName`] and [`Event`] (`src/generated/webhook_events.rs`) by
//! implementing the runtime's [`EventKind`] for [`EventName`] (the orphan rule wants that impl
//! beside the generated type), and names the runtime's generic types with them. So
//! [`WebhookVerifier::receive`] hands back the typed [`Event`], one variant per event of the
//! document, each payload in [`payloads`]; an event name the document does not list arrives as
//! [`Event::Unknown`] with its raw payload.
//!
//! Zoom signs every webhook request: `x-zm-signature` is `v0=` followed by the lowercase hex
//! HMAC-SHA256, keyed with your app's *secret token*, of `v0:{x-zm-request-timestamp}:{raw body}`.
//! A receiver that skips the check accepts data from anyone who knows its URL; see
//! [`runtime::webhook`](crate::runtime::webhook) for what is checked and why.
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

use zoom_contact_center_runtime::webhook as runtime;

pub use crate::generated::webhook_events::{Event, EventName, payloads};
pub use runtime::{
    Clock, DEFAULT_TOLERANCE, DecodeError, EmptySecretToken, EventKind, FixedClock, ReceiveError,
    SIGNATURE_HEADER, SystemClock, TIMESTAMP_HEADER, URL_VALIDATION_EVENT, UrlValidationError,
    UrlValidationRequest, UrlValidationResponse, VerifyError,
};

/// Checks Zoom webhook signatures with one or more secret tokens and decodes verified events into
/// the generated [`Event`] (the runtime's verifier with the generated [`EventName`]).
pub type WebhookVerifier = runtime::WebhookVerifier<EventName>;
/// What a verified webhook request asks of the receiver: a URL-validation answer, a typed event,
/// or an event whose payload did not fit its type.
pub type Delivery = runtime::Delivery<EventName>;
/// A verified event, typed, with the envelope it was decoded from.
pub type VerifiedEvent = runtime::VerifiedEvent<EventName>;
/// A verified event whose payload did not decode into its typed variant.
pub type UndecodedEvent = runtime::UndecodedEvent<EventName>;
/// One webhook delivery as Zoom sends it, its name typed and its payload undecoded.
pub type WebhookEvent = runtime::WebhookEvent<EventName>;

/// The axum route (feature `axum`): verifies, answers URL validation, and hands the handler the
/// typed [`VerifiedEvent`] or the [`UndecodedEvent`].
#[cfg(feature = "axum")]
pub mod axum {
    pub use zoom_contact_center_runtime::webhook::axum::{webhook_route, webhook_route_with_clock};
}

impl EventKind for EventName {
    type Event = Event;

    fn as_str(&self) -> &str {
        EventName::as_str(self)
    }

    fn decode(&self, payload: &serde_json::Value) -> Result<Event, serde_json::Error> {
        Event::decode(self, payload)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn every_known_name_round_trips_through_its_wire_string() {
        assert!(!EventName::KNOWN.is_empty());
        for name in EventName::KNOWN {
            assert!(name.is_known());
            assert_eq!(&EventName::from(name.as_str()), name);
            assert_eq!(&EventName::from(name.as_str().to_owned()), name);
            assert_eq!(EventKind::as_str(name), name.as_str());
            let json = serde_json::to_string(name).unwrap();
            assert_eq!(json, format!("\"{}\"", name.as_str()));
            assert_eq!(&serde_json::from_str::<EventName>(&json).unwrap(), name);
        }
    }

    #[test]
    fn wire_names_are_unique() {
        let mut names: Vec<&str> = EventName::KNOWN.iter().map(EventName::as_str).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), EventName::KNOWN.len());
    }

    #[test]
    fn non_string_event_name_is_an_error() {
        assert!(serde_json::from_str::<EventName>("42").is_err());
    }
}

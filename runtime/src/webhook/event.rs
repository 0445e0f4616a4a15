//! The webhook event envelope as received, before typed decoding, and the seam typed events plug
//! into.
//!
//! Every Zoom webhook body is `{"event": "...", "event_ts": <ms>, "payload": {...}}`. This module
//! keeps that envelope with the payload as a [`serde_json::Value`], for callers who want the raw
//! data; [`WebhookEvent::typed`] decodes it into the event type its name type `N` selects through
//! [`EventKind`]. The runtime knows no event of Zoom's: `N = String` decodes nothing (the event is
//! the payload as JSON), and the generated crate implements [`EventKind`] for its `EventName`,
//! whose `Event` has one variant per event of Zoom's webhook document.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The type of an envelope's `event` name, and the typed event each name decodes its payload into.
///
/// Why a trait: verification, URL validation and the envelope are the same for every set of
/// events, while the events themselves are generated from Zoom's webhook document in another
/// crate (`zoom-contact-center`, which implements this for its `EventName`). `String` is the
/// untyped implementation: every name is accepted and the event is the payload as JSON.
pub trait EventKind:
    Clone + fmt::Debug + fmt::Display + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// The decoded event: the payload in the type the name selects.
    type Event: fmt::Debug + Clone + Send + Sync + 'static;

    /// The name as Zoom spells it on the wire (`contact_center.user_login`).
    fn as_str(&self) -> &str;

    /// Decodes an envelope's `payload` into the event this name selects.
    ///
    /// # Errors
    /// The decoder's error when the payload does not fit the event's type.
    fn decode(&self, payload: &serde_json::Value) -> Result<Self::Event, serde_json::Error>;
}

/// Untyped events: any name, the payload kept as JSON.
impl EventKind for String {
    type Event = serde_json::Value;

    fn as_str(&self) -> &str {
        self
    }

    fn decode(&self, payload: &serde_json::Value) -> Result<serde_json::Value, serde_json::Error> {
        Ok(payload.clone())
    }
}

/// One webhook delivery as Zoom sends it, payload undecoded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "N: EventKind")]
pub struct WebhookEvent<N: EventKind = String> {
    /// Which event this is.
    pub event: N,
    /// When Zoom produced the event, in milliseconds since the Unix epoch.
    pub event_ts: i64,
    /// The event's data, undecoded; see [`typed`](Self::typed) and [`payload_as`](Self::payload_as).
    pub payload: serde_json::Value,
}

/// A webhook body that is not a Zoom event envelope.
#[derive(Debug, thiserror::Error)]
#[error("webhook body is not a Zoom event envelope: {source}")]
pub struct DecodeError {
    #[from]
    source: serde_json::Error,
}

impl<N: EventKind> WebhookEvent<N> {
    /// Decodes a (verified) raw webhook body.
    ///
    /// # Errors
    /// [`DecodeError`] if the body is not JSON or lacks `event`, `event_ts` or `payload`.
    pub fn from_slice(body: &[u8]) -> Result<Self, DecodeError> {
        Ok(serde_json::from_slice(body)?)
    }

    /// Decodes the payload into the typed event the event name selects (for the generated
    /// `EventName`, `Event::Unknown` for a name Zoom's webhook document does not list).
    ///
    /// # Errors
    /// The decoder's error if the payload does not fit the event's payload type.
    pub fn typed(&self) -> Result<N::Event, serde_json::Error> {
        self.event.decode(&self.payload)
    }

    /// Decodes the payload into a caller-chosen type.
    ///
    /// # Errors
    /// The decoder's error if the payload does not fit `T`.
    pub fn payload_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.payload)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn untyped_envelope_keeps_any_name_and_the_payload_as_json() {
        let body = br#"{"event":"contact_center.something_new","event_ts":17,"payload":{"a":[1]}}"#;
        let envelope: WebhookEvent = WebhookEvent::from_slice(body).unwrap();
        assert_eq!(envelope.event, "contact_center.something_new");
        assert_eq!(envelope.event.as_str(), "contact_center.something_new");
        assert_eq!(envelope.event_ts, 17);
        assert_eq!(envelope.typed().unwrap(), serde_json::json!({"a": [1]}));
    }

    #[test]
    fn envelope_without_payload_is_an_error() {
        let body = br#"{"event":"contact_center.user_login","event_ts":17}"#;
        assert!(WebhookEvent::<String>::from_slice(body).is_err());
    }
}

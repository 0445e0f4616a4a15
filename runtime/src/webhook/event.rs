//! The webhook event envelope as received, before typed decoding.
//!
//! Every Zoom webhook body is `{"event": "...", "event_ts": <ms>, "payload": {...}}`. This module
//! keeps that envelope with the payload as a [`serde_json::Value`], for callers who want the raw
//! data; [`WebhookEvent::typed`] decodes it into the generated [`Event`], whose variants, payload
//! types and the [`EventName`] list come from Zoom's webhook document (`cargo xtask regenerate`).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::generated::webhook_events::{Event, EventName};

/// One webhook delivery as Zoom sends it, payload undecoded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookEvent {
    /// Which event this is.
    pub event: EventName,
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

impl WebhookEvent {
    /// Decodes a (verified) raw webhook body.
    ///
    /// # Errors
    /// [`DecodeError`] if the body is not JSON or lacks `event`, `event_ts` or `payload`.
    pub fn from_slice(body: &[u8]) -> Result<Self, DecodeError> {
        Ok(serde_json::from_slice(body)?)
    }

    /// Decodes the payload into the typed variant the event name selects ([`Event::Unknown`] for
    /// a name Zoom's webhook document does not list).
    ///
    /// # Errors
    /// The decoder's error if the payload does not fit the event's payload type.
    pub fn typed(&self) -> Result<Event, serde_json::Error> {
        Event::decode(&self.event, &self.payload)
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
    fn every_known_name_round_trips_through_its_wire_string() {
        assert!(!EventName::KNOWN.is_empty());
        for name in EventName::KNOWN {
            assert!(name.is_known());
            assert_eq!(&EventName::from(name.as_str()), name);
            assert_eq!(&EventName::from(name.as_str().to_owned()), name);
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

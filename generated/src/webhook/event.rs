//! The webhook event envelope and the Contact Center event names.
//!
//! Every Zoom webhook body is `{"event": "...", "event_ts": <ms>, "payload": {...}}`. The
//! payload's shape depends on the event and changes as Zoom adds fields, so it is kept as a
//! [`serde_json::Value`]; [`WebhookEvent::payload_as`] decodes it into a type of your own.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines [`EventName`] from one table so the variant, its wire name and the list of known
/// names cannot drift apart.
macro_rules! event_names {
    ($( $(#[$doc:meta])* $variant:ident => $wire:literal, )*) => {
        /// The name of a webhook event (`event` in the envelope).
        ///
        /// Names this crate knows (from Zoom's Contact Center developer guide) are variants;
        /// any other name is kept verbatim in [`EventName::Unknown`] rather than rejected, so a
        /// new Zoom event never breaks a receiver. Serialises to and from the plain wire string.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum EventName {
            $( $(#[$doc])* #[doc = concat!("`", $wire, "`")] $variant, )*
            /// A name this crate does not know, exactly as received. Decoding never puts a
            /// known name here.
            Unknown(String),
        }

        impl EventName {
            /// Every name with its own variant, in the order the guide lists them.
            pub const KNOWN: &'static [EventName] = &[ $( EventName::$variant, )* ];

            /// The name as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( EventName::$variant => $wire, )*
                    EventName::Unknown(name) => name,
                }
            }
        }

        impl From<&str> for EventName {
            fn from(name: &str) -> Self {
                match name {
                    $( $wire => EventName::$variant, )*
                    other => EventName::Unknown(other.to_owned()),
                }
            }
        }
    };
}

event_names! {
    /// Zoom's challenge to prove the endpoint knows the secret token.
    EndpointUrlValidation => "endpoint.url_validation",
    /// An engagement began.
    EngagementStarted => "engagement.started",
    /// An engagement ended.
    EngagementEnded => "engagement.ended",
    /// An engagement was transferred.
    EngagementTransferred => "engagement.transferred",
    /// An engagement entered a queue.
    EngagementQueued => "engagement.queued",
    /// An agent answered an engagement.
    EngagementAnswered => "engagement.answered",
    /// A recording is ready.
    RecordingCompleted => "contact_center.recording_completed",
    /// A recording's transcript is ready.
    RecordingTranscriptCompleted => "contact_center.recording_transcript_completed",
    /// A messaging engagement's transcript is ready.
    EngagementMessagingTranscriptCompleted => "contact_center.engagement_messaging_transcript_completed",
    /// An agent's status changed.
    AgentStatusChanged => "agent.status_changed",
    /// An agent logged in.
    AgentLoggedIn => "agent.logged_in",
    /// An agent logged out.
    AgentLoggedOut => "agent.logged_out",
    /// A queue breached its service level.
    QueueSlaBreached => "queue.sla_breached",
    /// A queue crossed an alert threshold.
    QueueThresholdAlert => "queue.threshold_alert",
    /// A quality-management evaluation (human or AI) finished.
    QualityManagementEvaluationCompleted => "quality_management.evaluation_completed",
}

impl EventName {
    /// Whether this name has its own variant.
    pub fn is_known(&self) -> bool {
        !matches!(self, EventName::Unknown(_))
    }
}

impl From<String> for EventName {
    fn from(name: String) -> Self {
        match EventName::from(name.as_str()) {
            EventName::Unknown(_) => EventName::Unknown(name),
            known => known,
        }
    }
}

impl fmt::Display for EventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(EventName::from)
    }
}

/// One webhook delivery as Zoom sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookEvent {
    /// Which event this is.
    pub event: EventName,
    /// When Zoom produced the event, in milliseconds since the Unix epoch.
    pub event_ts: i64,
    /// The event's data, undecoded; see [`payload_as`](Self::payload_as).
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
        for name in EventName::KNOWN {
            assert!(name.is_known());
            assert_eq!(&EventName::from(name.as_str()), name);
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

//! Answering Zoom's `endpoint.url_validation` challenge.
//!
//! When an endpoint URL is saved (and periodically afterwards) Zoom posts an
//! `endpoint.url_validation` event whose payload holds a random `plainToken`. The endpoint proves
//! it knows the secret token by answering, within three seconds, with that token and
//! `encryptedToken` = lowercase hex of HMAC-SHA256(secret token, plainToken).

use hmac::Mac;
use serde::{Deserialize, Serialize};

use super::event::EventKind;
use super::signature::WebhookVerifier;

/// The event name of Zoom's endpoint challenge. It belongs to every Zoom product's webhooks, so
/// the Contact Center webhook document does not list it among its events (and the generated
/// `EventName` has no variant for it); [`WebhookVerifier::receive`] answers it before typed
/// decoding.
pub const URL_VALIDATION_EVENT: &str = "endpoint.url_validation";

/// The payload of an `endpoint.url_validation` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlValidationRequest {
    /// The random token Zoom wants echoed back.
    #[serde(rename = "plainToken")]
    pub plain_token: String,
}

/// The JSON body to answer an `endpoint.url_validation` event with (HTTP 200).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlValidationResponse {
    /// The token Zoom sent, unchanged.
    #[serde(rename = "plainToken")]
    pub plain_token: String,
    /// Lowercase hex of HMAC-SHA256(secret token, plain token).
    #[serde(rename = "encryptedToken")]
    pub encrypted_token: String,
}

/// Why a URL-validation challenge was not answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlValidationError {
    /// The event payload had no string `plainToken`.
    #[error("`endpoint.url_validation` payload has no string `plainToken`: {message}")]
    MissingPlainToken {
        /// What the JSON decoder said.
        message: String,
    },
    /// The token starts like a signed message (`v0:`). Answering it would hand out a valid
    /// webhook signature for attacker-chosen content, so it is refused outright; Zoom's tokens
    /// are random alphanumerics and never look like this.
    #[error("`plainToken` starts with `v0:` and could be used to forge webhook signatures")]
    SignatureOracle,
    /// The verifier holds no secret token at this index.
    #[error("the webhook verifier has no secret token number {index}")]
    NoSuchSecret {
        /// The index asked for.
        index: usize,
    },
}

impl<N: EventKind> WebhookVerifier<N> {
    /// The answer to a URL-validation challenge carrying `plain_token`.
    ///
    /// Only call this for a request whose signature already passed [`verify`](Self::verify):
    /// an unauthenticated endpoint that answers challenges is an HMAC oracle for the secret.
    ///
    /// # Errors
    /// [`UrlValidationError::SignatureOracle`] for a token beginning with `v0:`.
    pub fn answer_url_validation(
        &self,
        plain_token: &str,
    ) -> Result<UrlValidationResponse, UrlValidationError> {
        self.answer_url_validation_with(0, plain_token)
    }

    /// The answer made with the secret token at `secret_index` (as
    /// [`secret_index`](Self::secret_index) reports it): a verifier holding several apps' tokens
    /// must answer each app's challenge with the token that app signed it with.
    ///
    /// # Errors
    /// As for [`answer_url_validation`](Self::answer_url_validation), and
    /// [`UrlValidationError::NoSuchSecret`] for an index the verifier does not have.
    pub fn answer_url_validation_with(
        &self,
        secret_index: usize,
        plain_token: &str,
    ) -> Result<UrlValidationResponse, UrlValidationError> {
        if plain_token.starts_with("v0:") {
            return Err(UrlValidationError::SignatureOracle);
        }
        if secret_index >= self.secret_count() {
            return Err(UrlValidationError::NoSuchSecret {
                index: secret_index,
            });
        }
        let mut mac = self.mac(secret_index);
        mac.update(plain_token.as_bytes());
        Ok(UrlValidationResponse {
            plain_token: plain_token.to_owned(),
            encrypted_token: hex::encode(mac.finalize().into_bytes()),
        })
    }
}

impl UrlValidationRequest {
    /// Reads the challenge out of an `endpoint.url_validation` event's `payload`.
    ///
    /// # Errors
    /// [`UrlValidationError::MissingPlainToken`] if the payload has no string `plainToken`.
    pub fn from_payload(payload: &serde_json::Value) -> Result<Self, UrlValidationError> {
        Self::deserialize(payload).map_err(|e| UrlValidationError::MissingPlainToken {
            message: e.to_string(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use secrecy::SecretString;

    use super::*;

    /// Untyped events: these tests check signatures, not payloads.
    type WebhookVerifier = super::WebhookVerifier<String>;

    #[test]
    fn response_serialises_with_zoom_field_names() {
        let v = WebhookVerifier::new(SecretString::from("s")).unwrap();
        let answer = v.answer_url_validation("abc").unwrap();
        let json = serde_json::to_value(&answer).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["plainToken", "encryptedToken"]);
        assert_eq!(json["plainToken"], "abc");
        assert_eq!(answer.encrypted_token.len(), 64);
        assert!(
            answer
                .encrypted_token
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        );
    }

    #[test]
    fn tokens_shaped_like_signed_messages_are_refused() {
        let v = WebhookVerifier::new(SecretString::from("s")).unwrap();
        assert_eq!(
            v.answer_url_validation("v0:1700000000:{}"),
            Err(UrlValidationError::SignatureOracle)
        );
    }

    #[test]
    fn payload_without_token_is_an_error() {
        for payload in [
            serde_json::json!({}),
            serde_json::json!({"plainToken": 5}),
            serde_json::json!(null),
        ] {
            assert!(matches!(
                UrlValidationRequest::from_payload(&payload),
                Err(UrlValidationError::MissingPlainToken { .. })
            ));
        }
    }
}

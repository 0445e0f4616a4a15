//! One call that turns a raw request into either a URL-validation answer or a verified, typed
//! event, for any web framework.

use std::time::SystemTime;

use super::event::{DecodeError, EventKind, WebhookEvent};
use super::signature::{VerifyError, WebhookVerifier};
use super::validation::{
    URL_VALIDATION_EVENT, UrlValidationError, UrlValidationRequest, UrlValidationResponse,
};

/// What a verified webhook request asks of the receiver.
#[derive(Debug)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "one value per webhook request, moved once to the handler: boxing the typed event would \
              cost an allocation per request and a `Box` in every caller's pattern for no gain"
)]
pub enum Delivery<N: EventKind = String> {
    /// Zoom is validating the endpoint URL: send this back as JSON with status 200.
    UrlValidation(UrlValidationResponse),
    /// An event whose signature and timestamp checked out, decoded into its typed variant:
    /// handle it, then answer 200 or 204.
    Event(VerifiedEvent<N>),
    /// An event whose signature and timestamp checked out but whose payload does not fit its
    /// typed variant (Zoom sent a shape its document does not describe). Nothing is lost: it
    /// carries the name, the raw body and the decoder's error.
    Undecoded(UndecodedEvent<N>),
}

/// A verified event, typed, with the envelope it was decoded from.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerifiedEvent<N: EventKind = String> {
    /// The event with its typed payload.
    pub event: N::Event,
    /// The envelope as received (name, timestamp, payload as JSON), for callers who want the raw
    /// data or fields the document does not describe.
    pub envelope: WebhookEvent<N>,
    /// Which of the verifier's secret tokens signed it (its index).
    pub secret_index: usize,
}

/// A verified event whose payload did not decode into its typed variant.
#[derive(Debug, thiserror::Error)]
#[error(
    "webhook event `{name}` is signed correctly but its payload does not fit its type: {error}"
)]
#[non_exhaustive]
pub struct UndecodedEvent<N: EventKind = String> {
    /// The event's name (for the generated `EventName`, a listed one: unlisted names never fail,
    /// they become `Event::Unknown`).
    pub name: N,
    /// The request body exactly as received and verified.
    pub body: Vec<u8>,
    /// The envelope, with the payload as JSON.
    pub envelope: WebhookEvent<N>,
    /// Why the payload did not decode.
    #[source]
    pub error: serde_json::Error,
    /// Which of the verifier's secret tokens signed it (its index).
    pub secret_index: usize,
}

/// Why a webhook request was not accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiveError {
    /// The signature or timestamp did not check out (answer 401).
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// The body was signed correctly but is not an event envelope (answer 400).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A URL-validation challenge could not be answered (answer 400).
    #[error(transparent)]
    UrlValidation(#[from] UrlValidationError),
}

impl<N: EventKind> WebhookVerifier<N> {
    /// Verifies the request, decodes its body and answers URL validation, in that order.
    ///
    /// The signature is checked before anything in the body is trusted — including the
    /// `plainToken` of a URL-validation challenge, because answering unauthenticated
    /// challenges would let anyone obtain HMACs made with the secret. The challenge is answered
    /// with the secret token that signed it.
    ///
    /// # Errors
    /// A [`ReceiveError`] saying which step refused the request. A verified envelope whose
    /// payload does not fit its type is not an error but [`Delivery::Undecoded`].
    pub fn receive(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Delivery<N>, ReceiveError> {
        let secret_index = self.secret_index(headers, body, now)?;
        self.dispatch_verified(body, secret_index)
    }

    /// Like [`receive`](Self::receive), with headers looked up through `header` (called with
    /// lowercase names), for frameworks that do not use `http::HeaderMap`.
    ///
    /// # Errors
    /// As for [`receive`](Self::receive).
    pub fn receive_with<'h, F>(
        &self,
        header: F,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Delivery<N>, ReceiveError>
    where
        F: Fn(&str) -> Option<&'h str>,
    {
        let secret_index = self.secret_index_with(header, body, now)?;
        self.dispatch_verified(body, secret_index)
    }

    fn dispatch_verified(
        &self,
        body: &[u8],
        secret_index: usize,
    ) -> Result<Delivery<N>, ReceiveError> {
        let envelope = WebhookEvent::<N>::from_slice(body)?;
        if envelope.event.as_str() == URL_VALIDATION_EVENT {
            let challenge = UrlValidationRequest::from_payload(&envelope.payload)?;
            return Ok(Delivery::UrlValidation(self.answer_url_validation_with(
                secret_index,
                &challenge.plain_token,
            )?));
        }
        Ok(match envelope.typed() {
            Ok(event) => Delivery::Event(VerifiedEvent {
                event,
                envelope,
                secret_index,
            }),
            Err(error) => Delivery::Undecoded(UndecodedEvent {
                name: envelope.event.clone(),
                body: body.to_vec(),
                envelope,
                error,
                secret_index,
            }),
        })
    }
}

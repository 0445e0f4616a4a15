//! One call that turns a raw request into either a URL-validation answer or a verified event,
//! for any web framework.

use std::time::SystemTime;

use super::event::{DecodeError, EventName, WebhookEvent};
use super::signature::{VerifyError, WebhookVerifier};
use super::validation::{UrlValidationError, UrlValidationRequest, UrlValidationResponse};

/// What a verified webhook request asks of the receiver.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Delivery {
    /// Zoom is validating the endpoint URL: send this back as JSON with status 200.
    UrlValidation(UrlValidationResponse),
    /// An event whose signature and timestamp checked out: handle it, then answer 200 or 204.
    Event(WebhookEvent),
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

impl WebhookVerifier {
    /// Verifies the request, decodes its body and answers URL validation, in that order.
    ///
    /// The signature is checked before anything in the body is trusted — including the
    /// `plainToken` of a URL-validation challenge, because answering unauthenticated
    /// challenges would let anyone obtain HMACs made with the secret.
    ///
    /// # Errors
    /// A [`ReceiveError`] saying which step refused the request.
    pub fn receive(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Delivery, ReceiveError> {
        self.verify(headers, body, now)?;
        self.dispatch_verified(body)
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
    ) -> Result<Delivery, ReceiveError>
    where
        F: Fn(&str) -> Option<&'h str>,
    {
        self.verify_with(header, body, now)?;
        self.dispatch_verified(body)
    }

    fn dispatch_verified(&self, body: &[u8]) -> Result<Delivery, ReceiveError> {
        let event = WebhookEvent::from_slice(body)?;
        if event.event == EventName::EndpointUrlValidation {
            let challenge = UrlValidationRequest::from_payload(&event.payload)?;
            return Ok(Delivery::UrlValidation(
                self.answer_url_validation(&challenge.plain_token)?,
            ));
        }
        Ok(Delivery::Event(event))
    }
}

//! An axum route that verifies Zoom webhooks, answers URL validation itself and hands only
//! verified, typed events to your handler. Enabled by the `axum` feature.
//!
//! The events are typed by the verifier's name type (see [`EventKind`]):
//! `zoom_contact_center::webhook::WebhookVerifier` hands the generated `Event` to the handler.

use std::future::Future;
use std::sync::Arc;

use ::axum::body::Bytes;
use ::axum::http::{HeaderMap, StatusCode, header};
use ::axum::response::{IntoResponse, Response};
use ::axum::routing::{MethodRouter, post};

use super::clock::{Clock, SystemClock};
use super::event::EventKind;
use super::receive::{Delivery, ReceiveError, UndecodedEvent, VerifiedEvent};
use super::signature::WebhookVerifier;

/// A `POST` route for Zoom webhooks using the system clock; see [`webhook_route_with_clock`].
pub fn webhook_route<N, S, F, Fut, R>(verifier: WebhookVerifier<N>, on_event: F) -> MethodRouter<S>
where
    N: EventKind,
    S: Clone + Send + Sync + 'static,
    F: Fn(Result<VerifiedEvent<N>, UndecodedEvent<N>>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
    R: IntoResponse,
{
    webhook_route_with_clock(verifier, SystemClock, on_event)
}

/// A `POST` route for Zoom webhooks that takes the current time from `clock`.
///
/// The handler reads the raw body bytes (never a re-serialised JSON value), then:
/// - a request whose signature or timestamp fails gets `401 Unauthorized`;
/// - a signed body that is not an event envelope gets `400 Bad Request`;
/// - a signed `endpoint.url_validation` challenge gets `200` with the JSON answer, without
///   calling `on_event`;
/// - any other signed event is passed to `on_event`: `Ok` with the typed event, or `Err` with
///   the name, raw body and decode error when its payload does not fit its type (so nothing is
///   lost; answering it 200 keeps Zoom from retrying a delivery that will never decode). The
///   handler's return value is the response (`()` gives an empty `200`). Zoom expects an answer
///   within three seconds, so hand long work to a task or queue.
///
/// axum's default body limit (2 MB) applies.
pub fn webhook_route_with_clock<N, S, C, F, Fut, R>(
    verifier: WebhookVerifier<N>,
    clock: C,
    on_event: F,
) -> MethodRouter<S>
where
    N: EventKind,
    S: Clone + Send + Sync + 'static,
    C: Clock,
    F: Fn(Result<VerifiedEvent<N>, UndecodedEvent<N>>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
    R: IntoResponse,
{
    let shared = Arc::new((verifier, clock));
    post(move |headers: HeaderMap, body: Bytes| {
        let shared = Arc::clone(&shared);
        let on_event = on_event.clone();
        async move {
            let (verifier, clock) = &*shared;
            match verifier.receive(&headers, &body, clock.now()) {
                Ok(Delivery::Event(event)) => on_event(Ok(event)).await.into_response(),
                Ok(Delivery::Undecoded(undecoded)) => {
                    tracing::warn!(error = %undecoded, "Zoom webhook payload did not decode");
                    on_event(Err(undecoded)).await.into_response()
                }
                Ok(Delivery::UrlValidation(answer)) => match serde_json::to_vec(&answer) {
                    Ok(json) => {
                        ([(header::CONTENT_TYPE, "application/json")], json).into_response()
                    }
                    Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                },
                Err(error) => refuse(&error),
            }
        }
    })
}

fn refuse(error: &ReceiveError) -> Response {
    let status = match error {
        ReceiveError::Verify(_) => StatusCode::UNAUTHORIZED,
        ReceiveError::Decode(_) | ReceiveError::UrlValidation(_) => StatusCode::BAD_REQUEST,
    };
    tracing::warn!(%error, "refused Zoom webhook request");
    (status, error.to_string()).into_response()
}

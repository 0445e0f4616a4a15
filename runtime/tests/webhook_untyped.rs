//! The webhook verifier with no typed events (`String` names): what a crate built without the
//! generated events gets. The typed path, through the generated `Event`, is tested with the
//! generated crate (`generated/tests/webhook.rs`).

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use std::time::{Duration, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use http::HeaderMap;
use sha2::Sha256;
use zoom_contact_center_runtime::webhook::{
    Delivery, ReceiveError, SIGNATURE_HEADER, TIMESTAMP_HEADER, VerifyError, WebhookEvent,
    WebhookVerifier,
};

const SECRET: &str = "untyped-secret";
const TS: &str = "1700000000";

/// Headers signed without the crate under test.
fn signed(secret: &str, body: &[u8]) -> HeaderMap {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("v0:{TS}:").as_bytes());
    mac.update(body);
    let signature = format!("v0={}", hex::encode(mac.finalize().into_bytes()));
    let mut headers = HeaderMap::new();
    headers.insert(TIMESTAMP_HEADER, TS.parse().unwrap());
    headers.insert(SIGNATURE_HEADER, signature.parse().unwrap());
    headers
}

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(SECRET.into()).unwrap()
}

fn now() -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_010)
}

#[test]
fn any_event_name_is_delivered_with_its_payload_as_json() {
    let body =
        br#"{"event":"contact_center.not_in_any_document","event_ts":5,"payload":{"x":{"y":1}}}"#;
    let Delivery::Event(verified) = verifier()
        .receive(&signed(SECRET, body), body, now())
        .unwrap()
    else {
        panic!("expected an event");
    };
    assert_eq!(
        verified.envelope.event,
        "contact_center.not_in_any_document"
    );
    assert_eq!(verified.envelope.event_ts, 5);
    assert_eq!(verified.event, serde_json::json!({"x": {"y": 1}}));
    assert_eq!(verified.secret_index, 0);
}

#[test]
fn url_validation_is_answered_with_the_token_that_signed_it() {
    let body =
        br#"{"event":"endpoint.url_validation","event_ts":5,"payload":{"plainToken":"abc"}}"#;
    let verifier = verifier().and_secret("second".into()).unwrap();
    let Delivery::UrlValidation(answer) = verifier
        .receive(&signed("second", body), body, now())
        .unwrap()
    else {
        panic!("expected a URL-validation answer");
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(b"second").unwrap();
    mac.update(b"abc");
    assert_eq!(answer.plain_token, "abc");
    assert_eq!(
        answer.encrypted_token,
        hex::encode(mac.finalize().into_bytes())
    );
}

#[test]
fn a_body_signed_with_another_secret_is_refused_before_it_is_read() {
    let body = br#"not even json"#;
    let error = verifier()
        .receive(&signed("someone-else", body), body, now())
        .unwrap_err();
    assert!(
        matches!(error, ReceiveError::Verify(VerifyError::SignatureMismatch)),
        "{error:?}"
    );
}

#[test]
fn the_untyped_envelope_round_trips() {
    let body = br#"{"event":"contact_center.user_login","event_ts":7,"payload":{"a":true}}"#;
    let envelope: WebhookEvent = WebhookEvent::from_slice(body).unwrap();
    let again: WebhookEvent =
        serde_json::from_slice(&serde_json::to_vec(&envelope).unwrap()).unwrap();
    assert_eq!(again, envelope);
    assert_eq!(envelope.typed().unwrap(), serde_json::json!({"a": true}));
}

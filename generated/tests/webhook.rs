//! Webhook signature verification, URL validation and event decoding, checked against
//! signatures computed independently of the crate (the `hmac`/`sha2` crates directly, and a
//! vector computed with Python's standard library).

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use http::HeaderMap;
use secrecy::SecretString;
use sha2::Sha256;
use zoom_contact_center::webhook::{
    DEFAULT_TOLERANCE, Delivery, Event, EventName, ReceiveError, SIGNATURE_HEADER,
    TIMESTAMP_HEADER, UrlValidationResponse, VerifyError, WebhookEvent, WebhookVerifier,
};

const SECRET: &str = "zoom-test-secret-token";
const TS: u64 = 1_700_000_000;
/// A `contact_center.engagement_started` event with the members its schema requires. Non-ASCII on
/// purpose: the HMAC must run over the UTF-8 bytes as sent.
const BODY: &str = r#"{"event":"contact_center.engagement_started","event_ts":1700000000123,"payload":{"account_id":"acc-1","object":{"engagement_id":"eng-1","engagement_direction":"inbound","channel":"voice","flow_name":"Zoë Ünïcødé 日本語 😀","date_time_ms":"2023-11-14T22:13:20.123Z"}}}"#;
const NON_ASCII: &str = "Zoë Ünïcødé 日本語 😀";

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(SecretString::from(SECRET)).unwrap()
}

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// `v0=` + hex(HMAC-SHA256(secret, "v0:{ts}:{body}")), computed without the crate under test.
fn independent_signature(secret: &str, ts: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("v0:{ts}:").as_bytes());
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

fn headers(signature: Option<&str>, ts: Option<&str>) -> HeaderMap {
    let mut map = HeaderMap::new();
    if let Some(s) = signature {
        map.insert(SIGNATURE_HEADER, s.parse().unwrap());
    }
    if let Some(t) = ts {
        map.insert(TIMESTAMP_HEADER, t.parse().unwrap());
    }
    map
}

fn signed_headers(body: &[u8], ts: u64) -> HeaderMap {
    let ts = ts.to_string();
    headers(Some(&independent_signature(SECRET, &ts, body)), Some(&ts))
}

#[test]
fn known_answer_vector_from_python() {
    // Computed once, outside Rust, and pasted here:
    //   python3 -c 'import hmac,hashlib; body=open("body.json","rb").read(); print("v0="+hmac.new(b"zoom-test-secret-token", b"v0:1700000000:"+body, hashlib.sha256).hexdigest())'
    // with body.json holding BODY's bytes exactly.
    const EXPECTED: &str = "v0=2466e7a57147a028d0fbf0a4f90e5b0b9565ebbeb73751d3c0e7606c14eb8d72";
    let v = verifier();
    assert_eq!(v.sign("1700000000", BODY.as_bytes()), EXPECTED);
    assert_eq!(
        independent_signature(SECRET, "1700000000", BODY.as_bytes()),
        EXPECTED
    );
    let h = headers(Some(EXPECTED), Some("1700000000"));
    assert_eq!(v.verify(&h, BODY.as_bytes(), at(TS + 1)), Ok(()));
}

#[test]
fn independently_signed_non_ascii_body_is_accepted() {
    let body = BODY.as_bytes();
    assert!(!BODY.is_ascii());
    assert_eq!(
        verifier().verify(&signed_headers(body, TS), body, at(TS)),
        Ok(())
    );
}

#[test]
fn signature_covers_raw_bytes_not_reserialised_json() {
    // Extra whitespace and key order that `serde_json` would not reproduce.
    let raw = "{ \"payload\" : {\"note\":\"caf\u{e9}\"},\n  \"event_ts\": 1, \"event\":\"agent.logged_in\" }";
    let h = signed_headers(raw.as_bytes(), TS);
    let v = verifier();
    assert_eq!(v.verify(&h, raw.as_bytes(), at(TS)), Ok(()));
    let reserialised =
        serde_json::to_vec(&serde_json::from_str::<serde_json::Value>(raw).unwrap()).unwrap();
    assert_ne!(reserialised, raw.as_bytes());
    assert_eq!(
        v.verify(&h, &reserialised, at(TS)),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn any_one_byte_change_in_body_is_rejected() {
    let body = BODY.as_bytes();
    let h = signed_headers(body, TS);
    let v = verifier();
    // Every position, including the bytes inside multi-byte UTF-8 characters.
    for i in 0..body.len() {
        let mut tampered = body.to_vec();
        tampered[i] ^= 0x01;
        assert_eq!(
            v.verify(&h, &tampered, at(TS)),
            Err(VerifyError::SignatureMismatch),
            "byte {i} changed but accepted"
        );
    }
    let mut longer = body.to_vec();
    longer.push(b' ');
    assert_eq!(
        v.verify(&h, &longer, at(TS)),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn signature_made_with_another_secret_is_rejected() {
    let body = BODY.as_bytes();
    let ts = TS.to_string();
    let h = headers(
        Some(&independent_signature("some-other-secret", &ts, body)),
        Some(&ts),
    );
    assert_eq!(
        verifier().verify(&h, body, at(TS)),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn timestamp_is_part_of_the_signed_message() {
    let body = BODY.as_bytes();
    // Signed at TS, but the header claims TS + 1 (still fresh): must not verify.
    let sig = independent_signature(SECRET, &TS.to_string(), body);
    let h = headers(Some(&sig), Some(&(TS + 1).to_string()));
    assert_eq!(
        verifier().verify(&h, body, at(TS)),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn old_timestamp_is_rejected_even_with_a_valid_signature() {
    let body = BODY.as_bytes();
    let h = signed_headers(body, TS);
    let v = verifier();
    let limit = DEFAULT_TOLERANCE.as_secs();
    assert_eq!(v.verify(&h, body, at(TS + limit)), Ok(()));
    assert_eq!(
        v.verify(&h, body, at(TS + limit + 1)),
        Err(VerifyError::StaleTimestamp {
            timestamp: TS,
            age_secs: limit + 1,
            tolerance_secs: limit
        })
    );
    assert!(matches!(
        v.verify(&h, body, at(TS + 86_400)),
        Err(VerifyError::StaleTimestamp { .. })
    ));
}

#[test]
fn future_timestamp_is_rejected_even_with_a_valid_signature() {
    let body = BODY.as_bytes();
    let h = signed_headers(body, TS);
    let v = verifier();
    let limit = DEFAULT_TOLERANCE.as_secs();
    assert_eq!(v.verify(&h, body, at(TS - limit)), Ok(()));
    assert_eq!(
        v.verify(&h, body, at(TS - limit - 1)),
        Err(VerifyError::FutureTimestamp {
            timestamp: TS,
            ahead_secs: limit + 1,
            tolerance_secs: limit
        })
    );
}

#[test]
fn tolerance_is_configurable() {
    let body = BODY.as_bytes();
    let h = signed_headers(body, TS);
    let strict = verifier().with_tolerance(Duration::from_secs(30));
    assert_eq!(strict.tolerance(), Duration::from_secs(30));
    assert_eq!(strict.verify(&h, body, at(TS + 30)), Ok(()));
    assert!(matches!(
        strict.verify(&h, body, at(TS + 31)),
        Err(VerifyError::StaleTimestamp { .. })
    ));
    assert!(matches!(
        strict.verify(&h, body, at(TS - 31)),
        Err(VerifyError::FutureTimestamp { .. })
    ));
}

#[test]
fn missing_headers_are_reported_by_name() {
    let body = BODY.as_bytes();
    let sig = independent_signature(SECRET, &TS.to_string(), body);
    let v = verifier();
    assert_eq!(
        v.verify(&headers(None, Some(&TS.to_string())), body, at(TS)),
        Err(VerifyError::MissingHeader {
            header: "x-zm-signature"
        })
    );
    assert_eq!(
        v.verify(&headers(Some(&sig), None), body, at(TS)),
        Err(VerifyError::MissingHeader {
            header: "x-zm-request-timestamp"
        })
    );
    assert!(matches!(
        v.verify(&HeaderMap::new(), body, at(TS)),
        Err(VerifyError::MissingHeader { .. })
    ));
}

#[test]
fn malformed_signature_header_is_its_own_error() {
    let body = BODY.as_bytes();
    let good = independent_signature(SECRET, &TS.to_string(), body);
    let hex_part = good.trim_start_matches("v0=");
    let v = verifier();
    for bad in [
        hex_part.to_owned(),                 // no prefix
        format!("v1={hex_part}"),            // unknown version
        format!("v0={}", &hex_part[..62]),   // too short
        format!("v0={hex_part}00"),          // too long
        format!("v0={}zz", &hex_part[..62]), // not hex
        "v0=".to_owned(),                    // empty digest
        format!("sha256={hex_part}"),        // another service's format
    ] {
        let h = headers(Some(&bad), Some(&TS.to_string()));
        assert!(
            matches!(
                v.verify(&h, body, at(TS)),
                Err(VerifyError::MalformedSignature { .. })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn malformed_timestamp_header_is_its_own_error() {
    let body = BODY.as_bytes();
    let v = verifier();
    for bad in [
        "",
        "soon",
        "1700000000.5",
        "+1700000000",
        "-1",
        "1700000000000000000000",
    ] {
        let sig = independent_signature(SECRET, bad, body);
        let h = headers(Some(&sig), Some(bad));
        assert_eq!(
            v.verify(&h, body, at(TS)),
            Err(VerifyError::MalformedTimestamp),
            "{bad:?}"
        );
    }
}

#[test]
fn header_lookup_closure_works_for_other_frameworks() {
    let body = BODY.as_bytes();
    let ts = TS.to_string();
    let sig = independent_signature(SECRET, &ts, body);
    let pairs = [
        ("x-zm-signature", sig.as_str()),
        ("x-zm-request-timestamp", ts.as_str()),
    ];
    let lookup = |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let v = verifier();
    assert_eq!(v.verify_with(lookup, body, at(TS)), Ok(()));
    let no_headers = |_: &str| -> Option<&str> { None };
    assert!(matches!(
        v.verify_with(no_headers, body, at(TS)),
        Err(VerifyError::MissingHeader { .. })
    ));
    assert!(matches!(
        v.receive_with(lookup, body, at(TS)),
        Ok(Delivery::Event(_))
    ));
}

#[test]
fn url_validation_answer_is_hmac_of_plain_token() {
    let plain = "qgg8vlvZRS6UYooatFL8Aw";
    let answer = verifier().answer_url_validation(plain).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(plain.as_bytes());
    let independent = hex::encode(mac.finalize().into_bytes());
    // Also computed with Python and pasted:
    //   python3 -c 'import hmac,hashlib; print(hmac.new(b"zoom-test-secret-token", b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest())'
    let python = "189bad60d71b25fc9705f43e5883e837f2d813ec93ba913b641fbe02d931744f";
    assert_eq!(answer.encrypted_token, independent);
    assert_eq!(answer.encrypted_token, python);
    assert_eq!(answer.plain_token, plain);
    assert_eq!(
        serde_json::to_value(&answer).unwrap(),
        serde_json::json!({"plainToken": plain, "encryptedToken": python})
    );
}

#[test]
fn signed_url_validation_event_is_answered_by_receive() {
    let body = br#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1700000000123,"event":"endpoint.url_validation"}"#;
    let delivery = verifier()
        .receive(&signed_headers(body, TS), body, at(TS))
        .unwrap();
    let Delivery::UrlValidation(answer) = delivery else {
        panic!("expected a URL-validation answer, got {delivery:?}");
    };
    assert_eq!(
        answer,
        UrlValidationResponse {
            plain_token: "qgg8vlvZRS6UYooatFL8Aw".to_owned(),
            encrypted_token: "189bad60d71b25fc9705f43e5883e837f2d813ec93ba913b641fbe02d931744f"
                .to_owned(),
        }
    );
}

#[test]
fn unsigned_url_validation_is_not_answered() {
    // Answering unauthenticated challenges would make the endpoint an HMAC oracle.
    let body =
        br#"{"payload":{"plainToken":"abc"},"event_ts":1,"event":"endpoint.url_validation"}"#;
    let forged = headers(
        Some(&format!("v0={}", "0".repeat(64))),
        Some(&TS.to_string()),
    );
    assert!(matches!(
        verifier().receive(&forged, body, at(TS)),
        Err(ReceiveError::Verify(VerifyError::SignatureMismatch))
    ));
}

#[test]
fn known_event_decodes_into_envelope_and_typed_variant() {
    let envelope = WebhookEvent::from_slice(BODY.as_bytes()).unwrap();
    assert_eq!(envelope.event, EventName::EngagementStarted);
    assert_eq!(envelope.event_ts, 1_700_000_000_123);
    assert_eq!(envelope.payload["object"]["flow_name"], NON_ASCII);
    let Event::EngagementStarted(started) = envelope.typed().unwrap() else {
        panic!("expected EngagementStarted");
    };
    assert_eq!(started.account_id, "acc-1");
    assert_eq!(started.object.engagement_id, "eng-1");
    assert_eq!(started.object.flow_name.as_deref(), Some(NON_ASCII));
    // Absent optional members are `None`, not a default.
    assert!(started.object.flow_id.is_none());
    assert!(started.object.channel_source.is_none());
    #[derive(serde::Deserialize)]
    struct Object {
        engagement_id: String,
    }
    #[derive(serde::Deserialize)]
    struct Payload {
        object: Object,
    }
    assert_eq!(
        envelope
            .payload_as::<Payload>()
            .unwrap()
            .object
            .engagement_id,
        "eng-1"
    );
}

#[test]
fn names_are_zooms_not_the_guides() {
    // The names the crate used to know from the operator's guide are not events Zoom sends.
    for guide in [
        "engagement.started",
        "agent.logged_in",
        "agent.status_changed",
    ] {
        assert!(!EventName::from(guide).is_known(), "{guide}");
    }
    assert_eq!(
        EventName::from("contact_center.engagement_started"),
        EventName::EngagementStarted
    );
    assert_eq!(
        EventName::from("contact_center.user_login"),
        EventName::UserLogin
    );
    assert_eq!(
        EventName::from("contact_center.user_status_changed"),
        EventName::UserStatusChanged
    );
    assert_eq!(
        EventName::UserStatusChanged.as_str(),
        "contact_center.user_status_changed"
    );
}

#[test]
fn unknown_event_name_is_received_with_its_raw_payload() {
    let body = br#"{"event":"contact_center.something_new","event_ts":5,"payload":{"x":[1,2]}}"#;
    let delivery = verifier()
        .receive(&signed_headers(body, TS), body, at(TS))
        .unwrap();
    let Delivery::Event(verified) = delivery else {
        panic!("expected an event, got {delivery:?}");
    };
    let Event::Unknown { name, payload } = &verified.event else {
        panic!("expected Event::Unknown, got {:?}", verified.event);
    };
    assert_eq!(name, "contact_center.something_new");
    assert_eq!(payload, &serde_json::json!({"x": [1, 2]}));
    assert_eq!(
        verified.event.name(),
        EventName::Unknown("contact_center.something_new".to_owned())
    );
    assert_eq!(verified.envelope.event_ts, 5);
    assert_eq!(verified.secret_index, 0);
}

#[test]
fn signed_payload_that_does_not_fit_its_type_is_delivered_undecoded() {
    // A listed event whose payload lacks the required `object` and has a number for a string.
    let body = br#"{"event":"contact_center.engagement_started","event_ts":7,"payload":{"account_id":42}}"#;
    let delivery = verifier()
        .receive(&signed_headers(body, TS), body, at(TS))
        .unwrap();
    let Delivery::Undecoded(undecoded) = delivery else {
        panic!("expected an undecoded event, got {delivery:?}");
    };
    assert_eq!(undecoded.name, EventName::EngagementStarted);
    assert_eq!(undecoded.body, body);
    assert_eq!(undecoded.envelope.payload["account_id"], 42);
    let message = undecoded.error.to_string();
    assert!(message.contains("invalid type"), "{message}");
    assert!(
        undecoded
            .to_string()
            .contains("contact_center.engagement_started"),
        "{undecoded}"
    );
    // The same body with a forged signature never gets that far.
    let forged = headers(
        Some(&format!("v0={}", "0".repeat(64))),
        Some(&TS.to_string()),
    );
    assert!(matches!(
        verifier().receive(&forged, body, at(TS)),
        Err(ReceiveError::Verify(VerifyError::SignatureMismatch))
    ));
}

#[test]
fn any_of_several_secrets_is_accepted_and_reported() {
    let rotating = WebhookVerifier::with_secrets([
        SecretString::from("new-secret"),
        SecretString::from(SECRET),
    ])
    .unwrap()
    .and_secret(SecretString::from("second-app-secret"))
    .unwrap();
    assert_eq!(rotating.secret_count(), 3);
    let body = BODY.as_bytes();
    let ts = TS.to_string();
    for (index, secret) in ["new-secret", SECRET, "second-app-secret"]
        .iter()
        .enumerate()
    {
        let h = headers(Some(&independent_signature(secret, &ts, body)), Some(&ts));
        assert_eq!(
            rotating.secret_index(&h, body, at(TS)),
            Ok(index),
            "{secret}"
        );
        assert_eq!(rotating.verify(&h, body, at(TS)), Ok(()));
        let Delivery::Event(verified) = rotating.receive(&h, body, at(TS)).unwrap() else {
            panic!("expected an event");
        };
        assert_eq!(verified.secret_index, index);
    }
    let other = headers(
        Some(&independent_signature("not-one-of-them", &ts, body)),
        Some(&ts),
    );
    assert_eq!(
        rotating.verify(&other, body, at(TS)),
        Err(VerifyError::SignatureMismatch)
    );
    // `sign` uses the first token.
    assert_eq!(
        rotating.sign(&ts, body),
        independent_signature("new-secret", &ts, body)
    );
}

#[test]
fn url_validation_is_answered_with_the_token_that_signed_it() {
    let verifier = WebhookVerifier::with_secrets([
        SecretString::from(SECRET),
        SecretString::from("second-app-secret"),
    ])
    .unwrap();
    let body = br#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1700000000123,"event":"endpoint.url_validation"}"#;
    let ts = TS.to_string();
    let h = headers(
        Some(&independent_signature("second-app-secret", &ts, body)),
        Some(&ts),
    );
    let Delivery::UrlValidation(answer) = verifier.receive(&h, body, at(TS)).unwrap() else {
        panic!("expected a URL-validation answer");
    };
    // Computed with Python:
    //   python3 -c 'import hmac,hashlib; print(hmac.new(b"second-app-secret", b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest())'
    assert_eq!(
        answer.encrypted_token,
        "519580a27157cd7686568a73375bc1d08b90c3ad7c511f0c3d7808cd49b5b94c"
    );
    // Signed with the first token, answered with the first token.
    let h = signed_headers(body, TS);
    let Delivery::UrlValidation(answer) = verifier.receive(&h, body, at(TS)).unwrap() else {
        panic!("expected a URL-validation answer");
    };
    assert_eq!(
        answer.encrypted_token,
        "189bad60d71b25fc9705f43e5883e837f2d813ec93ba913b641fbe02d931744f"
    );
}

#[test]
fn unknown_event_name_is_kept_and_round_trips() {
    let body = br#"{"event":"contact_center.something_new","event_ts":5,"payload":{"x":[1,2]}}"#;
    let event = WebhookEvent::from_slice(body).unwrap();
    assert_eq!(
        event.event,
        EventName::Unknown("contact_center.something_new".to_owned())
    );
    assert!(!event.event.is_known());
    assert_eq!(event.event.to_string(), "contact_center.something_new");
    let again: WebhookEvent = serde_json::from_slice(&serde_json::to_vec(&event).unwrap()).unwrap();
    assert_eq!(again, event);
    // Known names round-trip too, as their variants.
    let known = WebhookEvent::from_slice(BODY.as_bytes()).unwrap();
    let known_again: WebhookEvent =
        serde_json::from_slice(&serde_json::to_vec(&known).unwrap()).unwrap();
    assert_eq!(known_again, known);
}

#[test]
fn malformed_bodies_are_errors_not_panics() {
    for body in [
        &b""[..],
        b"not json",
        b"[]",
        b"{}",
        b"{\"event\":\"agent.logged_in\"}",
        b"{\"event\":7,\"event_ts\":1,\"payload\":{}}",
        b"{\"event\":\"agent.logged_in\",\"event_ts\":\"soon\",\"payload\":{}}",
        b"{\"event\":\"agent.logged_in\",\"event_ts\":1,\"payload\":{}",
        b"{\"event\":\"agent.\xff\",\"event_ts\":1,\"payload\":{}}",
    ] {
        assert!(WebhookEvent::from_slice(body).is_err(), "{body:?}");
        // Through `receive`, a correctly signed but malformed body is a decode error.
        assert!(matches!(
            verifier().receive(&signed_headers(body, TS), body, at(TS)),
            Err(ReceiveError::Decode(_))
        ));
    }
}

#[test]
fn secret_never_appears_in_debug_output() {
    let v = verifier();
    let debug = format!("{v:?} {:?}", SecretString::from(SECRET));
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("REDACTED"), "{debug}");
}

#[test]
fn empty_secret_is_refused() {
    assert!(WebhookVerifier::new(SecretString::from("")).is_err());
}

#[cfg(feature = "axum")]
mod axum_route {
    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;
    use zoom_contact_center::webhook::axum::webhook_route_with_clock;
    use zoom_contact_center::webhook::{FixedClock, UndecodedEvent, VerifiedEvent};

    use super::*;

    type Seen = Arc<Mutex<Vec<Result<VerifiedEvent, UndecodedEvent>>>>;

    fn app(seen: Seen) -> Router {
        Router::new().route(
            "/zoom/webhook",
            webhook_route_with_clock(verifier(), FixedClock(at(TS)), move |event| {
                let seen = Arc::clone(&seen);
                async move {
                    seen.lock().unwrap().push(event);
                    StatusCode::NO_CONTENT
                }
            }),
        )
    }

    fn request(body: &[u8], signature: &str, ts: &str) -> Request<Body> {
        Request::post("/zoom/webhook")
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, signature)
            .header(TIMESTAMP_HEADER, ts)
            .body(Body::from(body.to_vec()))
            .unwrap()
    }

    async fn body_bytes(response: axum::response::Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap()
            .to_vec()
    }

    #[tokio::test]
    async fn verified_event_reaches_the_handler() {
        let seen: Seen = Arc::new(Mutex::new(Vec::new()));
        let ts = TS.to_string();
        let sig = independent_signature(SECRET, &ts, BODY.as_bytes());
        let response = app(Arc::clone(&seen))
            .oneshot(request(BODY.as_bytes(), &sig, &ts))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        let Ok(verified) = &seen[0] else {
            panic!("expected a typed event, got {:?}", seen[0]);
        };
        let Event::EngagementStarted(started) = &verified.event else {
            panic!("expected EngagementStarted, got {:?}", verified.event);
        };
        assert_eq!(started.object.flow_name.as_deref(), Some(NON_ASCII));
        assert_eq!(verified.envelope.event, EventName::EngagementStarted);
    }

    #[tokio::test]
    async fn url_validation_is_answered_without_calling_the_handler() {
        let seen: Seen = Arc::new(Mutex::new(Vec::new()));
        let body = br#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1700000000123,"event":"endpoint.url_validation"}"#;
        let ts = TS.to_string();
        let sig = independent_signature(SECRET, &ts, body);
        let response = app(Arc::clone(&seen))
            .oneshot(request(body, &sig, &ts))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "application/json");
        let json: serde_json::Value = serde_json::from_slice(&body_bytes(response).await).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
                "encryptedToken": "189bad60d71b25fc9705f43e5883e837f2d813ec93ba913b641fbe02d931744f"
            })
        );
        assert!(seen.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn forged_and_stale_requests_get_401_and_never_reach_the_handler() {
        let seen: Seen = Arc::new(Mutex::new(Vec::new()));
        let stale_ts = (TS - 3_600).to_string();
        let cases = [
            // Signed over a different body.
            (
                independent_signature(SECRET, &TS.to_string(), b"{}"),
                TS.to_string(),
            ),
            // Correctly signed, but an hour old.
            (
                independent_signature(SECRET, &stale_ts, BODY.as_bytes()),
                stale_ts.clone(),
            ),
            ("v0=nothex".to_owned(), TS.to_string()),
        ];
        for (sig, ts) in cases {
            let response = app(Arc::clone(&seen))
                .oneshot(request(BODY.as_bytes(), &sig, &ts))
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{sig} {ts}");
        }
        assert!(seen.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn signed_garbage_gets_400() {
        let seen: Seen = Arc::new(Mutex::new(Vec::new()));
        let ts = TS.to_string();
        let sig = independent_signature(SECRET, &ts, b"not json");
        let response = app(Arc::clone(&seen))
            .oneshot(request(b"not json", &sig, &ts))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(seen.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn signed_payload_that_does_not_decode_reaches_the_handler_as_err() {
        let seen: Seen = Arc::new(Mutex::new(Vec::new()));
        let body = br#"{"event":"contact_center.user_login","event_ts":1,"payload":{"account_id":"a","object":{}}}"#;
        let ts = TS.to_string();
        let sig = independent_signature(SECRET, &ts, body);
        let response = app(Arc::clone(&seen))
            .oneshot(request(body, &sig, &ts))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let seen = seen.lock().unwrap();
        let Err(undecoded) = &seen[0] else {
            panic!("expected an undecoded event, got {:?}", seen[0]);
        };
        assert_eq!(undecoded.name, EventName::UserLogin);
        assert_eq!(undecoded.body, body);
        assert!(
            undecoded.error.to_string().contains("missing field"),
            "{undecoded}"
        );
    }

    /// The typed route end to end: a real server on 127.0.0.1, a real HTTP client, a request
    /// signed independently of the crate.
    #[tokio::test]
    async fn typed_route_end_to_end_on_loopback() {
        let seen: Seen = Arc::new(Mutex::new(Vec::new()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let router = app(Arc::clone(&seen));
        let server = tokio::spawn(async move { axum::serve(listener, router).await });

        let ts = TS.to_string();
        let client = reqwest::Client::new();
        let url = format!("http://{address}/zoom/webhook");
        let send = |body: &'static [u8], signature: String| {
            client
                .post(&url)
                .header("content-type", "application/json")
                .header(SIGNATURE_HEADER, signature)
                .header(TIMESTAMP_HEADER, ts.as_str())
                .body(body)
                .send()
        };
        let response = send(
            BODY.as_bytes(),
            independent_signature(SECRET, &ts, BODY.as_bytes()),
        )
        .await
        .unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::NO_CONTENT);
        let forged = send(BODY.as_bytes(), format!("v0={}", "0".repeat(64)))
            .await
            .unwrap();
        assert_eq!(forged.status(), reqwest::StatusCode::UNAUTHORIZED);
        server.abort();

        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1, "only the signed request reaches the handler");
        let Ok(verified) = &seen[0] else {
            panic!("expected a typed event, got {:?}", seen[0]);
        };
        let Event::EngagementStarted(started) = &verified.event else {
            panic!("expected EngagementStarted, got {:?}", verified.event);
        };
        assert_eq!(started.object.engagement_id, "eng-1");
        assert_eq!(started.object.flow_name.as_deref(), Some(NON_ASCII));
    }
}

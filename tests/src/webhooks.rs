//! The hand-written half of the webhook example test (`tests/tests/webhook_examples.rs`, generated
//! by `codegen::webhooks::testgen`): how one documented example is decoded and judged, and the
//! report.
//!
//! An ordinary module of this crate, so it is compiled and linted where it is written; the generated
//! file holds only the cases, one `check::<payloads::X>(..)` per event with an example, and the
//! events it cannot check.

use serde_json::Value;
use zoom_contact_center::webhook::{Event, EventName, WebhookEvent};

/// Decodes `example` (an envelope) as the event `expected`, through both the payload type `T`
/// (for a precise error path) and `Event::decode` (what `receive` uses), then re-serialises the
/// payload and compares. `None` when it round-trips; otherwise why not.
pub fn check<T>(expected: EventName, example: &str) -> Option<String>
where
    T: serde::de::DeserializeOwned,
{
    let name = expected.as_str().to_owned();
    let envelope = match WebhookEvent::from_slice(example.as_bytes()) {
        Ok(envelope) => envelope,
        Err(e) => return Some(format!("{name}: the example is not an event envelope: {e}")),
    };
    if envelope.event != expected {
        return Some(format!(
            "{name}: the example says it is `{}`",
            envelope.event
        ));
    }
    if let Err(e) = serde_path_to_error::deserialize::<_, T>(&envelope.payload) {
        return Some(format!(
            "{name}: the payload does not decode: at {}: {}",
            e.path(),
            e.inner()
        ));
    }
    let event = match Event::decode(&envelope.event, &envelope.payload) {
        Ok(event) => event,
        Err(e) => return Some(format!("{name}: `Event::decode` failed: {e}")),
    };
    if event.name() != expected {
        return Some(format!("{name}: decoded as `{}`", event.name()));
    }
    if matches!(event, Event::Unknown { .. }) {
        return Some(format!("{name}: decoded as `Event::Unknown`"));
    }
    match event.payload_json() {
        Ok(again) if equivalent(&envelope.payload, &again) => None,
        Ok(again) => Some(format!(
            "{name}: re-serialises differently\n    example: {}\n    again:   {again}",
            envelope.payload
        )),
        Err(e) => Some(format!("{name}: does not serialise: {e}")),
    }
}

/// JSON equality, except that numbers compare by value (`5` and `5.0` are the same number: a
/// `number` field is an `f64` in Rust and prints back with a fraction).
pub fn equivalent(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| equivalent(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equivalent(v, w)))
        }
        _ => a == b,
    }
}

/// Fails with every failing example at once, and checks that every known event is accounted for:
/// checked (one outcome each) or listed in `unchecked` as (event, why).
pub fn conclude(outcomes: &[Option<String>], unchecked: &[(&str, &str)]) {
    let failures: Vec<&String> = outcomes.iter().flatten().collect();
    assert!(
        failures.is_empty(),
        "{} of {} documented examples do not round-trip:\n{}",
        failures.len(),
        outcomes.len(),
        failures
            .iter()
            .map(|f| format!("  {f}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        outcomes.len() + unchecked.len(),
        EventName::KNOWN.len(),
        "every event is either checked or listed as unchecked"
    );
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::equivalent;

    #[test]
    fn numbers_compare_by_value_and_everything_else_exactly() {
        assert!(equivalent(&json!({"a": [5]}), &json!({"a": [5.0]})));
        assert!(!equivalent(&json!({"a": 5}), &json!({"a": 5, "b": null})));
        assert!(!equivalent(&json!(["x"]), &json!(["y"])));
    }
}

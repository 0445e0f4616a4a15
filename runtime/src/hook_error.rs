//! Keeps the runtime's typed errors intact across progenitor's `pre` hook.
//!
//! progenitor 0.15's `ClientHooks::pre` is generic over the operation's error body `E`, so the only
//! error it can build is `progenitor_client::Error::<E>::Custom(String)`: text. Sending
//! `AuthError::to_string()` through it loses the error's kind and fields (a caller could not match
//! `AuthError::Rejected { status, .. }`) and its `reqwest::Error` source. So the hook *parks* the
//! typed error here with [`park`], which returns the error's own message followed by a ticket marker
//! (`"Zoom authentication failed: ... [hook error #42]"`, so whoever prints progenitor's error still
//! reads the message), and the conversion into [`Error`] *claims* it back by the
//! ticket with [`claim`]. Hand-written because no crate carries a typed value through a `String`.
//!
//! The table is process-wide and bounded: at most [`CAPACITY`] entries, the oldest dropped first. A
//! progenitor error that is never converted (only printed, or dropped) leaves its entry behind until
//! later ones push it out; that bounds the memory, and an entry is claimed at most once. If the
//! entry is gone when the error is converted (more than [`CAPACITY`] hook errors were parked and not
//! claimed in between), the conversion falls back to reading the text: `AuthError::Hook(String)` and
//! `LimiterError::Hook(String)` exist for that case only.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use super::auth::AuthError;
use super::error::Error;
use super::limiter::LimiterError;

/// How many parked errors the process keeps; parking one more drops the oldest.
pub const CAPACITY: usize = 1024;

/// Starts the ticket marker that [`park`] appends to the message; a ticket number and `]` follow.
const MARKER_START: &str = " [hook error #";

/// A typed error of the `pre` hook, as parked by [`park`] and handed back by [`claim`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParkedError {
    /// Getting an access token failed.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The rate limit could not be checked.
    #[error(transparent)]
    Limiter(#[from] LimiterError),
}

impl From<ParkedError> for Error {
    fn from(parked: ParkedError) -> Self {
        match parked {
            ParkedError::Auth(e) => Error::Auth(e),
            ParkedError::Limiter(e) => Error::Limiter(e),
        }
    }
}

/// Parks `error` in the process-wide table and returns its message with the ticket marker, the
/// text to put into `progenitor_client::Error::Custom`.
pub fn park(error: impl Into<ParkedError>) -> String {
    PARKED.park(error.into())
}

/// Takes back the error parked under the ticket at the end of `message` (text made by [`park`]).
/// `None` when the message has no marker, or its entry was claimed already or evicted.
pub fn claim(message: &str) -> Option<ParkedError> {
    PARKED.claim(message)
}

/// `message` without the ticket marker [`park`] appended, for the text-only fallback.
pub(crate) fn without_marker(message: &str) -> &str {
    split_marker(message).map_or(message, |(text, _)| text)
}

/// The text before the marker and the ticket, if `message` ends with a marker.
fn split_marker(message: &str) -> Option<(&str, u64)> {
    let rest = message.strip_suffix(']')?;
    let start = rest.rfind(MARKER_START)?;
    let digits = &rest[start + MARKER_START.len()..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((&message[..start], digits.parse().ok()?))
}

/// The process-wide table.
static PARKED: Parking = Parking::new(CAPACITY);

/// A bounded table of parked errors by ticket. One static instance serves the crate; tests make
/// small ones of their own so that eviction does not depend on what other tests park.
#[derive(Debug)]
struct Parking {
    capacity: usize,
    next_ticket: AtomicU64,
    entries: Mutex<VecDeque<(u64, ParkedError)>>,
}

impl Parking {
    const fn new(capacity: usize) -> Self {
        Self {
            capacity,
            next_ticket: AtomicU64::new(0),
            entries: Mutex::new(VecDeque::new()),
        }
    }

    fn park(&self, error: ParkedError) -> String {
        let message = format!("{error}");
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        {
            // A panic while the lock was held cannot leave the queue inconsistent (each change
            // is one push or remove), so a poisoned lock is used as it is.
            let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            while entries.len() >= self.capacity {
                entries.pop_front();
            }
            entries.push_back((ticket, error));
        }
        format!("{message}{MARKER_START}{ticket}]")
    }

    fn claim(&self, message: &str) -> Option<ParkedError> {
        let (_, ticket) = split_marker(message)?;
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let index = entries.iter().position(|(t, _)| *t == ticket)?;
        entries.remove(index).map(|(_, error)| error)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use std::time::Duration;

    use reqwest::StatusCode;

    use super::*;

    fn rejected(status: u16, reason: &str) -> AuthError {
        AuthError::Rejected {
            status: StatusCode::from_u16(status).unwrap(),
            error: Some("invalid_client".into()),
            reason: Some(reason.into()),
        }
    }

    #[test]
    fn a_claim_gives_back_the_parked_error_once() {
        let message = park(rejected(401, "Invalid client_id or client_secret"));
        assert!(
            message.starts_with(
                "Zoom authentication failed: token endpoint answered HTTP 401 Unauthorized \
                 (invalid_client: Invalid client_id or client_secret) [hook error #"
            ),
            "{message}"
        );
        match claim(&message) {
            Some(ParkedError::Auth(AuthError::Rejected {
                status,
                error,
                reason,
            })) => {
                assert_eq!(status, StatusCode::UNAUTHORIZED);
                assert_eq!(error.as_deref(), Some("invalid_client"));
                assert_eq!(
                    reason.as_deref(),
                    Some("Invalid client_id or client_secret")
                );
            }
            other => panic!("expected the rejection back, got {other:?}"),
        }
        assert!(claim(&message).is_none(), "claimed twice");
    }

    #[test]
    fn limiter_errors_come_back_equal() {
        let error = LimiterError::Timeout {
            store: "redis",
            timeout: Duration::from_millis(200),
        };
        let message = park(error.clone());
        assert_eq!(without_marker(&message), error.to_string());
        match claim(&message) {
            Some(ParkedError::Limiter(back)) => assert_eq!(back, error),
            other => panic!("expected the limiter error back, got {other:?}"),
        }
    }

    #[test]
    fn messages_without_a_valid_marker_claim_nothing() {
        let parked = park(AuthError::NotRefreshable);
        let ticket = split_marker(&parked).unwrap().1;
        for message in [
            String::new(),
            "Zoom authentication failed: no marker".to_owned(),
            format!("[hook error #{ticket}]"),
            format!("text [hook error #{ticket}] trailing"),
            format!("text [hook error #{ticket}x]"),
            format!("text [hook error #+{ticket}]"),
            "text [hook error #]".to_owned(),
            "text [hook error #99999999999999999999999]".to_owned(),
        ] {
            assert!(claim(&message).is_none(), "{message:?}");
            assert_eq!(without_marker(&message), message);
        }
        // The entry was left alone by all of the above.
        assert!(matches!(
            claim(&parked),
            Some(ParkedError::Auth(AuthError::NotRefreshable))
        ));
    }

    #[test]
    fn the_oldest_entries_are_evicted_beyond_the_capacity() {
        let parking = Parking::new(4);
        let messages: Vec<String> = (0..6u16)
            .map(|i| parking.park(rejected(400 + i, "r").into()))
            .collect();
        assert!(parking.claim(&messages[0]).is_none());
        assert!(parking.claim(&messages[1]).is_none());
        for (i, message) in messages.iter().enumerate().skip(2) {
            match parking.claim(message) {
                Some(ParkedError::Auth(AuthError::Rejected { status, .. })) => {
                    assert_eq!(usize::from(status.as_u16()), 400 + i);
                }
                other => panic!("entry {i}: {other:?}"),
            }
        }
        assert!(parking.entries.lock().unwrap().is_empty());
    }

    #[test]
    fn the_process_table_is_bounded_by_its_capacity() {
        let parking = Parking::new(CAPACITY);
        let first = parking.park(AuthError::InvalidToken.into());
        for _ in 0..CAPACITY {
            parking.park(AuthError::NotRefreshable.into());
        }
        assert_eq!(parking.entries.lock().unwrap().len(), CAPACITY);
        assert!(parking.claim(&first).is_none());
    }

    #[test]
    fn concurrent_parkers_each_get_their_own_error_back() {
        const THREADS: u16 = 8;
        const EACH: u16 = 50;
        let parking = Parking::new(CAPACITY);
        std::thread::scope(|scope| {
            for t in 0..THREADS {
                let parking = &parking;
                scope.spawn(move || {
                    let messages: Vec<(String, String)> = (0..EACH)
                        .map(|i| {
                            let reason = format!("thread {t} error {i}");
                            (parking.park(rejected(401, &reason).into()), reason)
                        })
                        .collect();
                    for (message, expected) in messages.iter().rev() {
                        match parking.claim(message) {
                            Some(ParkedError::Auth(AuthError::Rejected { reason, .. })) => {
                                assert_eq!(reason.as_deref(), Some(expected.as_str()));
                            }
                            other => panic!("{expected}: {other:?}"),
                        }
                    }
                });
            }
        });
        assert!(parking.entries.lock().unwrap().is_empty());
        assert_eq!(
            parking.next_ticket.load(Ordering::Relaxed),
            u64::from(THREADS * EACH)
        );
    }

    #[test]
    fn a_poisoned_table_still_parks_and_claims() {
        let parking = Parking::new(4);
        let _ = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _guard = parking.entries.lock().unwrap();
                    panic!("poison the lock");
                })
                .join()
        });
        assert!(parking.entries.is_poisoned());
        let message = parking.park(AuthError::InvalidToken.into());
        assert!(matches!(
            parking.claim(&message),
            Some(ParkedError::Auth(AuthError::InvalidToken))
        ));
    }
}

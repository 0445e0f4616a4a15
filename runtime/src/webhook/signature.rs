//! Verifying the `x-zm-signature` header Zoom puts on every webhook request.
//!
//! Zoom signs `v0:{x-zm-request-timestamp}:{raw body}` with HMAC-SHA256 keyed by the app's
//! *secret token* and sends `v0=` followed by the lowercase hex digest. The three mistakes this
//! module exists to avoid are: hashing a re-serialised body instead of the bytes on the wire,
//! comparing digests in variable time, and accepting any timestamp (which lets a captured
//! request be replayed forever).

use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use super::event::EventKind;

/// Name of the header carrying `v0=<hex digest>`.
pub const SIGNATURE_HEADER: &str = "x-zm-signature";
/// Name of the header carrying the request time in whole seconds since the Unix epoch.
pub const TIMESTAMP_HEADER: &str = "x-zm-request-timestamp";
/// How far the request timestamp may drift from the receiver's clock, in either direction,
/// when no other tolerance is configured. Five minutes covers ordinary clock skew and
/// delivery delay while keeping the replay window short.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The only signature scheme Zoom uses today; both the header and the signed message carry it.
const VERSION_PREFIX: &str = "v0=";
/// SHA-256 digests are 32 bytes, 64 hex digits.
const DIGEST_LEN: usize = 32;

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// Why a webhook request was refused. Each failure is its own variant so callers can log
/// precisely and tests can tell a replay from a forgery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// A header the signature depends on was absent.
    #[error("webhook request has no `{header}` header")]
    MissingHeader {
        /// The header's (lowercase) name.
        header: &'static str,
    },
    /// `x-zm-signature` was present but not `v0=` followed by 64 hex digits.
    #[error("`x-zm-signature` header is malformed: {reason}")]
    MalformedSignature {
        /// What was wrong with it (never echoes the value itself).
        reason: &'static str,
    },
    /// `x-zm-request-timestamp` was present but not whole seconds since the Unix epoch.
    #[error(
        "`x-zm-request-timestamp` header is not a whole number of seconds since the Unix epoch"
    )]
    MalformedTimestamp,
    /// The request is older than the tolerance allows: possibly a replay.
    #[error(
        "webhook request timestamp {timestamp} is {age_secs}s old, more than the {tolerance_secs}s tolerance"
    )]
    StaleTimestamp {
        /// The timestamp the request carried (seconds since the Unix epoch).
        timestamp: u64,
        /// How many whole seconds before `now` it lies.
        age_secs: u64,
        /// The configured tolerance in whole seconds.
        tolerance_secs: u64,
    },
    /// The request claims to come from further in the future than the tolerance allows.
    #[error(
        "webhook request timestamp {timestamp} is {ahead_secs}s in the future, more than the {tolerance_secs}s tolerance"
    )]
    FutureTimestamp {
        /// The timestamp the request carried (seconds since the Unix epoch).
        timestamp: u64,
        /// How many whole seconds after `now` it lies.
        ahead_secs: u64,
        /// The configured tolerance in whole seconds.
        tolerance_secs: u64,
    },
    /// The signature is well formed but was not made with this secret token over this body
    /// and timestamp.
    #[error("webhook signature does not match the request body and timestamp")]
    SignatureMismatch,
}

/// A secret token was empty (or none was given), which would make every signature forgeable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the Zoom webhook secret token is empty")]
pub struct EmptySecretToken;

/// Checks Zoom webhook signatures and answers URL validation with one or more secret tokens.
///
/// Several tokens serve several apps posting to one endpoint, or one app whose secret is being
/// rotated (add the new token, switch the app over, drop the old one): a request signed with any
/// of them is accepted. The tokens are kept in [`SecretString`]s, so `Debug` output shows
/// `[REDACTED]` instead of them.
///
/// `N` is the type of the events' names, which selects the typed event
/// [`receive`](Self::receive) decodes into (see [`EventKind`]): `String` (the default) keeps
/// payloads as JSON; `zoom_contact_center::webhook::WebhookVerifier` is this type with the
/// generated `EventName`. Signature checks do not depend on it.
#[derive(Debug, Clone)]
pub struct WebhookVerifier<N: EventKind = String> {
    /// Never empty; the first is the one [`sign`](Self::sign) and
    /// [`answer_url_validation`](Self::answer_url_validation) use.
    secrets: Vec<SecretString>,
    tolerance: Duration,
    /// The verifier holds no event; `fn() -> N` keeps it `Send + Sync` whatever `N` is.
    events: PhantomData<fn() -> N>,
}

impl<N: EventKind> WebhookVerifier<N> {
    /// A verifier for the app whose *secret token* (Zoom App Marketplace, "Feature" page) is
    /// `secret`, with the [`DEFAULT_TOLERANCE`].
    ///
    /// # Errors
    /// [`EmptySecretToken`] if the token is empty: an unset environment variable read as `""`
    /// must not turn verification into a formality.
    pub fn new(secret: SecretString) -> Result<Self, EmptySecretToken> {
        Self::with_secrets([secret])
    }

    /// A verifier that accepts requests signed with any of `secrets` (see the type's docs), with
    /// the [`DEFAULT_TOLERANCE`]. The first token is the one [`sign`](Self::sign) uses; the
    /// index of each is the one [`secret_index`](Self::secret_index) reports.
    ///
    /// # Errors
    /// [`EmptySecretToken`] if there is no token or any token is empty.
    pub fn with_secrets(
        secrets: impl IntoIterator<Item = SecretString>,
    ) -> Result<Self, EmptySecretToken> {
        let secrets: Vec<SecretString> = secrets.into_iter().collect();
        if secrets.is_empty() || secrets.iter().any(|s| s.expose_secret().is_empty()) {
            return Err(EmptySecretToken);
        }
        Ok(Self {
            secrets,
            tolerance: DEFAULT_TOLERANCE,
            events: PhantomData,
        })
    }

    /// The same verifier also accepting requests signed with `secret` (appended last).
    ///
    /// # Errors
    /// [`EmptySecretToken`] if `secret` is empty.
    pub fn and_secret(mut self, secret: SecretString) -> Result<Self, EmptySecretToken> {
        if secret.expose_secret().is_empty() {
            return Err(EmptySecretToken);
        }
        self.secrets.push(secret);
        Ok(self)
    }

    /// How many secret tokens this verifier holds.
    pub fn secret_count(&self) -> usize {
        self.secrets.len()
    }

    /// The same verifier with another replay tolerance (applied both to old and to
    /// future timestamps).
    #[must_use]
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The replay tolerance in force.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Verifies a request from its headers and the raw body bytes exactly as received.
    ///
    /// `now` is the receiver's current time; pass `SystemTime::now()` in production and a fixed
    /// time in tests.
    ///
    /// # Errors
    /// A [`VerifyError`] naming the first check that failed: headers present, headers well
    /// formed, timestamp within tolerance, signature matching.
    pub fn verify(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), VerifyError> {
        self.secret_index(headers, body, now).map(|_| ())
    }

    /// Like [`verify`](Self::verify), answering which secret token (by its index in
    /// [`with_secrets`](Self::with_secrets) order) made the signature.
    ///
    /// # Errors
    /// As for [`verify`](Self::verify).
    pub fn secret_index(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<usize, VerifyError> {
        self.verify_raw(
            headers
                .get(SIGNATURE_HEADER)
                .map(http::HeaderValue::as_bytes),
            headers
                .get(TIMESTAMP_HEADER)
                .map(http::HeaderValue::as_bytes),
            body,
            now,
        )
    }

    /// Like [`verify`](Self::verify), for frameworks that do not use `http::HeaderMap`:
    /// `header` is called with a lowercase header name and returns that header's value.
    ///
    /// # Errors
    /// As for [`verify`](Self::verify).
    pub fn verify_with<'h, F>(
        &self,
        header: F,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), VerifyError>
    where
        F: Fn(&str) -> Option<&'h str>,
    {
        self.secret_index_with(header, body, now).map(|_| ())
    }

    /// Like [`secret_index`](Self::secret_index), with headers looked up through `header`.
    ///
    /// # Errors
    /// As for [`verify`](Self::verify).
    pub fn secret_index_with<'h, F>(
        &self,
        header: F,
        body: &[u8],
        now: SystemTime,
    ) -> Result<usize, VerifyError>
    where
        F: Fn(&str) -> Option<&'h str>,
    {
        self.verify_raw(
            header(SIGNATURE_HEADER).map(str::as_bytes),
            header(TIMESTAMP_HEADER).map(str::as_bytes),
            body,
            now,
        )
    }

    /// The `v0=<hex>` signature Zoom would send for `body` at `timestamp` (the header value,
    /// byte for byte), made with the first secret token. Useful for signing test requests
    /// against your own receiver.
    pub fn sign(&self, timestamp: &str, body: &[u8]) -> String {
        let mut mac = self.mac(0);
        update_signed_message(&mut mac, timestamp.as_bytes(), body);
        format!(
            "{VERSION_PREFIX}{}",
            hex::encode(mac.finalize().into_bytes())
        )
    }

    /// A fresh HMAC keyed with the secret token at `index` (the first one if out of range, which
    /// callers inside the crate never pass: indexes come from [`Self::verify_raw`]).
    pub(crate) fn mac(&self, index: usize) -> HmacSha256 {
        let secret = self.secrets.get(index).or_else(|| self.secrets.first());
        let key = secret.map_or(&b""[..], |s| s.expose_secret().as_bytes());
        match <HmacSha256 as Mac>::new_from_slice(key) {
            Ok(mac) => mac,
            // HMAC hashes over-long keys and pads short ones: no key length is ever rejected.
            Err(_) => unreachable!("HMAC-SHA256 accepts keys of any length"),
        }
    }

    fn verify_raw(
        &self,
        signature: Option<&[u8]>,
        timestamp: Option<&[u8]>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<usize, VerifyError> {
        let signature = signature.ok_or(VerifyError::MissingHeader {
            header: SIGNATURE_HEADER,
        })?;
        let timestamp_raw = timestamp.ok_or(VerifyError::MissingHeader {
            header: TIMESTAMP_HEADER,
        })?;
        let digest = parse_signature(signature)?;
        let timestamp = parse_timestamp(timestamp_raw)?;
        // Cheap replay check before spending an HMAC on the body.
        self.check_freshness(timestamp, now)?;
        // Every token is tried, even after one matched, so the time taken does not depend on
        // which one did; each `verify_slice` compares in constant time (via `subtle`), so timing
        // does not reveal how many leading bytes of a forged signature were right either.
        let mut matched = None;
        for index in 0..self.secrets.len() {
            let mut mac = self.mac(index);
            // The timestamp is signed as the header's bytes, never re-formatted from the number.
            update_signed_message(&mut mac, timestamp_raw, body);
            if mac.verify_slice(&digest).is_ok() && matched.is_none() {
                matched = Some(index);
            }
        }
        matched.ok_or(VerifyError::SignatureMismatch)
    }

    fn check_freshness(&self, timestamp: u64, now: SystemTime) -> Result<(), VerifyError> {
        let tolerance_secs = self.tolerance.as_secs();
        let Some(sent) = UNIX_EPOCH.checked_add(Duration::from_secs(timestamp)) else {
            return Err(VerifyError::MalformedTimestamp);
        };
        match now.duration_since(sent) {
            Ok(age) if age > self.tolerance => Err(VerifyError::StaleTimestamp {
                timestamp,
                age_secs: age.as_secs(),
                tolerance_secs,
            }),
            Ok(_) => Ok(()),
            Err(ahead) if ahead.duration() > self.tolerance => Err(VerifyError::FutureTimestamp {
                timestamp,
                ahead_secs: ahead.duration().as_secs(),
                tolerance_secs,
            }),
            Err(_) => Ok(()),
        }
    }
}

fn update_signed_message(mac: &mut HmacSha256, timestamp: &[u8], body: &[u8]) {
    mac.update(b"v0:");
    mac.update(timestamp);
    mac.update(b":");
    mac.update(body);
}

fn parse_signature(value: &[u8]) -> Result<[u8; DIGEST_LEN], VerifyError> {
    let hex_digits =
        value
            .strip_prefix(VERSION_PREFIX.as_bytes())
            .ok_or(VerifyError::MalformedSignature {
                reason: "expected the `v0=` prefix",
            })?;
    if hex_digits.len() != DIGEST_LEN * 2 {
        return Err(VerifyError::MalformedSignature {
            reason: "expected 64 hex digits after `v0=`",
        });
    }
    let mut digest = [0_u8; DIGEST_LEN];
    hex::decode_to_slice(hex_digits, &mut digest).map_err(|_| VerifyError::MalformedSignature {
        reason: "expected 64 hex digits after `v0=`",
    })?;
    Ok(digest)
}

fn parse_timestamp(value: &[u8]) -> Result<u64, VerifyError> {
    // Only plain ASCII digits: `str::parse` would also accept a leading `+`, which Zoom never
    // sends and which would sign differently from the value we check.
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(VerifyError::MalformedTimestamp);
    }
    std::str::from_utf8(value)
        .ok()
        .and_then(|digits| digits.parse::<u64>().ok())
        .ok_or(VerifyError::MalformedTimestamp)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    /// Untyped events: these tests check signatures, not payloads.
    type WebhookVerifier = super::WebhookVerifier<String>;

    fn verifier() -> WebhookVerifier {
        WebhookVerifier::new(SecretString::from("unit-secret")).unwrap()
    }

    #[test]
    fn empty_secret_is_refused() {
        assert_eq!(
            WebhookVerifier::new(SecretString::from("")).unwrap_err(),
            EmptySecretToken
        );
        assert!(WebhookVerifier::with_secrets([]).is_err());
        let two = [SecretString::from("a"), SecretString::from("")];
        assert!(WebhookVerifier::with_secrets(two).is_err());
        assert!(verifier().and_secret(SecretString::from("")).is_err());
    }

    #[test]
    fn signature_parser_rejects_wrong_shapes() {
        let good = format!("v0={}", "ab".repeat(32));
        assert!(parse_signature(good.as_bytes()).is_ok());
        for bad in [
            "".to_owned(),
            "ab".repeat(32),
            format!("v1={}", "ab".repeat(32)),
            format!("v0={}", "ab".repeat(31)),
            format!("v0={}", "ab".repeat(33)),
            format!("v0={}zz", "ab".repeat(31)),
            format!(" v0={}", "ab".repeat(32)),
        ] {
            assert!(
                matches!(
                    parse_signature(bad.as_bytes()),
                    Err(VerifyError::MalformedSignature { .. })
                ),
                "{bad:?} should be malformed"
            );
        }
    }

    #[test]
    fn timestamp_parser_accepts_only_digits() {
        assert_eq!(parse_timestamp(b"1700000000"), Ok(1_700_000_000));
        for bad in [
            &b""[..],
            b"+1700000000",
            b"-5",
            b"17e8",
            b" 1",
            b"99999999999999999999999",
        ] {
            assert_eq!(
                parse_timestamp(bad),
                Err(VerifyError::MalformedTimestamp),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn timestamp_exactly_at_tolerance_is_accepted_and_one_second_more_is_not() {
        let v = verifier().with_tolerance(Duration::from_secs(10));
        let now = UNIX_EPOCH + Duration::from_secs(1_000);
        assert_eq!(v.check_freshness(990, now), Ok(()));
        assert_eq!(v.check_freshness(1_010, now), Ok(()));
        assert!(matches!(
            v.check_freshness(989, now),
            Err(VerifyError::StaleTimestamp { age_secs: 11, .. })
        ));
        assert!(matches!(
            v.check_freshness(1_011, now),
            Err(VerifyError::FutureTimestamp { ahead_secs: 11, .. })
        ));
    }

    #[test]
    fn huge_timestamp_is_an_error_not_a_panic() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000);
        assert!(verifier().check_freshness(u64::MAX, now).is_err());
    }
}

//! Retry policy: when to try again and how long to wait.
//!
//! Written by hand rather than with a retry crate such as `backon` because the decision mixes
//! things those crates keep apart: a server-chosen delay (`Retry-After`, in two formats) that
//! overrides the backoff, a budget on the *total* wait that makes the runtime give up at once on
//! a daily limit, method-dependent retryability, and the final response being handed back to
//! progenitor instead of an error. The arithmetic itself is a few lines.

use std::time::{Duration, SystemTime};

use rand::Rng as _;

/// How often and how long [`Runtime::execute`](super::Runtime::execute) retries.
///
/// 429 answers are retried for every method (Zoom did not process the request); 5xx answers and
/// transport failures only for idempotent methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Most attempts per call, the first included (1 disables retries).
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubled for each further attempt.
    pub base_delay: Duration,
    /// Upper bound of one backoff step (a `Retry-After` is not capped by it).
    pub max_delay: Duration,
    /// Upper bound of the sum of all waits for one call. A wait that would exceed it is not
    /// started: the runtime gives up and returns the last response instead.
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    /// Four attempts, 500 ms base, 30 s step cap, 60 s total.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_total_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so that
    /// concurrent callers spread out but never retry immediately.
    ///
    /// `attempt` is the number of the attempt that just failed (1 for the first).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(31);
        let step = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let half = step / 2;
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = if jitter_nanos == 0 {
            Duration::ZERO
        } else {
            Duration::from_nanos(rand::rng().random_range(0..=jitter_nanos))
        };
        half + jitter
    }
}

/// The value of a `Retry-After` header (RFC 9110 §10.2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Delay(Duration),
    /// `Retry-After: <HTTP-date>` (Zoom uses this for daily limits); RFC 3339 date-times are
    /// accepted too.
    At(SystemTime),
}

impl RetryAfter {
    /// Parses the header value; `None` if it is neither form.
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Self::Delay(Duration::from_secs(seconds)));
        }
        if let Ok(at) = httpdate::parse_http_date(value) {
            return Some(Self::At(at));
        }
        chrono::DateTime::parse_from_rfc3339(value)
            .ok()
            .map(|at| Self::At(SystemTime::from(at)))
    }

    /// How long to wait from `now` (zero if the date has passed).
    pub fn delay_from(&self, now: SystemTime) -> Duration {
        match self {
            Self::Delay(delay) => *delay,
            Self::At(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn parses_delta_seconds() {
        assert_eq!(
            RetryAfter::parse(" 7 "),
            Some(RetryAfter::Delay(Duration::from_secs(7)))
        );
    }

    #[test]
    fn parses_http_date_and_rfc3339() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_784_000_000);
        let http = httpdate::fmt_http_date(at);
        assert_eq!(RetryAfter::parse(&http), Some(RetryAfter::At(at)));
        let rfc3339 = chrono::DateTime::<chrono::Utc>::from(at).to_rfc3339();
        assert_eq!(RetryAfter::parse(&rfc3339), Some(RetryAfter::At(at)));
        let delay = RetryAfter::At(at).delay_from(at - Duration::from_secs(90));
        assert_eq!(delay, Duration::from_secs(90));
        assert_eq!(
            RetryAfter::At(at).delay_from(at + Duration::from_secs(1)),
            Duration::ZERO
        );
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(RetryAfter::parse("soon"), None);
        assert_eq!(RetryAfter::parse("-3"), None);
        assert_eq!(RetryAfter::parse(""), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(400),
            max_total_wait: Duration::from_secs(10),
        };
        for _ in 0..50 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = policy.backoff(3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let late = policy.backoff(40);
            assert!(late >= Duration::from_millis(200) && late <= Duration::from_millis(400));
        }
    }
}

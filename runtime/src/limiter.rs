//! Client-side rate limiting per Zoom rate-limit category, so a busy process waits before
//! sending instead of collecting 429 answers.
//!
//! Zoom counts requests per account, shared by every app installed on it, so the in-process
//! [`RateLimiter`] can only keep *this process* within the account's budget; 429 handling in the
//! retry loop still covers the rest. A fleet of processes shares one budget through a
//! [`Limiter`] backed by a shared store instead (`RedisRateLimiter`, feature `redis`). The GCRA
//! bookkeeping of the in-process limiter is `governor`'s.

use std::fmt;
use std::num::NonZeroU32;
use std::time::Duration;

use futures::future::BoxFuture;
use governor::{DefaultDirectRateLimiter, Quota};

use super::meta::RateLimitLabel;

/// What the runtime asks before sending each request (and each retry): wait until a request of
/// this category may go, or say why the limit cannot be checked.
///
/// The runtime calls [`Limiter::acquire`] exactly once per request it sends, and sends nothing
/// it did not get a slot for, so an implementation sees every request and can refuse any.
/// Boxed futures keep the trait object-safe: a [`Runtime`](super::Runtime) holds an
/// `Arc<dyn Limiter>`.
pub trait Limiter: fmt::Debug + Send + Sync {
    /// Resolves when one request of category `label` may be sent; `Err` when the limit cannot
    /// be checked and the request must not be sent (a shared store in strict mode).
    fn acquire(&self, label: RateLimitLabel) -> BoxFuture<'_, Result<(), LimiterError>>;
}

/// A shared limiter is still one limiter: clones of the `Arc` draw from the same budget.
impl<L: Limiter + ?Sized> Limiter for std::sync::Arc<L> {
    fn acquire(&self, label: RateLimitLabel) -> BoxFuture<'_, Result<(), LimiterError>> {
        (**self).acquire(label)
    }
}

/// The limit could not be checked, so the request was not sent.
///
/// Through the generated client's hook it arrives as itself: the hook parks it
/// ([`hook_error`](crate::hook_error)). Every message starts with [`LimiterError::HOOK_PREFIX`],
/// which lets the conversion from progenitor's text-only hook error recover at least the kind
/// ([`LimiterError::Hook`]) when the parked error is no longer there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimiterError {
    /// The shared store did not answer in time (a slow store counts as an unreachable one).
    #[error("Zoom rate limiter unavailable: {store} did not answer within {timeout:?}")]
    Timeout {
        /// The store, e.g. `redis`.
        store: &'static str,
        /// The time allowed.
        timeout: Duration,
    },
    /// The shared store could not be reached or refused the command.
    #[error("Zoom rate limiter unavailable: {store}: {reason}")]
    Unreachable {
        /// The store, e.g. `redis`.
        store: &'static str,
        /// What failed.
        reason: String,
    },
    /// The shared store answered something the limiter cannot read.
    #[error("Zoom rate limiter unavailable: {store} gave an unreadable answer: {reason}")]
    BadReply {
        /// The store, e.g. `redis`.
        store: &'static str,
        /// What was wrong with the answer.
        reason: String,
    },
    /// A limiter failure that reached the caller through progenitor's hook, which only carries
    /// text, after its parked original had been evicted (see [`hook_error`](crate::hook_error));
    /// otherwise the caller gets the original variant.
    #[error("Zoom rate limiter unavailable: {0}")]
    Hook(String),
}

impl LimiterError {
    /// The prefix of every `LimiterError` message.
    pub const HOOK_PREFIX: &'static str = "Zoom rate limiter unavailable: ";
}

/// Zoom account plan, which sets the per-category limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Plan {
    /// Pro: LIGHT 20/s, MEDIUM 10/s, HEAVY 5/s, RESOURCE-INTENSIVE 5/min.
    Pro,
    /// Business and higher: LIGHT 40/s, MEDIUM 20/s, HEAVY 10/s, RESOURCE-INTENSIVE 10/min.
    BusinessPlus,
}

/// How many requests a category allows, and per what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowance {
    /// Requests per second.
    PerSecond(u32),
    /// Requests per minute.
    PerMinute(u32),
}

impl Plan {
    /// Zoom's published allowance for `label` on this plan; `None` for
    /// [`RateLimitLabel::Unknown`], which this crate does not limit rather than guess.
    pub fn allowance(&self, label: RateLimitLabel) -> Option<Allowance> {
        let (pro, business) = match label {
            RateLimitLabel::Light => (Allowance::PerSecond(20), Allowance::PerSecond(40)),
            RateLimitLabel::Medium => (Allowance::PerSecond(10), Allowance::PerSecond(20)),
            RateLimitLabel::Heavy => (Allowance::PerSecond(5), Allowance::PerSecond(10)),
            RateLimitLabel::ResourceIntensive => {
                (Allowance::PerMinute(5), Allowance::PerMinute(10))
            }
            RateLimitLabel::Unknown => return None,
        };
        Some(match self {
            Plan::Pro => pro,
            Plan::BusinessPlus => business,
        })
    }
}

impl Allowance {
    /// The number of requests per period, which is also the burst a fresh limiter allows.
    pub fn count(&self) -> u32 {
        match *self {
            Allowance::PerSecond(n) | Allowance::PerMinute(n) => n.max(1),
        }
    }

    /// The period the count is per.
    pub fn period(&self) -> Duration {
        match self {
            Allowance::PerSecond(_) => Duration::from_secs(1),
            Allowance::PerMinute(_) => Duration::from_secs(60),
        }
    }
}

/// The allowance of every rate-limit category: a [`Plan`]'s published numbers, optionally with
/// some categories changed (a lower share of the account's budget for one app, or test limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    plan: Plan,
    light: Allowance,
    medium: Allowance,
    heavy: Allowance,
    resource_intensive: Allowance,
}

impl Limits {
    /// Zoom's published numbers for `plan`.
    pub fn for_plan(plan: Plan) -> Self {
        let of = |label| {
            plan.allowance(label)
                .unwrap_or(Allowance::PerSecond(u32::MAX))
        };
        Self {
            plan,
            light: of(RateLimitLabel::Light),
            medium: of(RateLimitLabel::Medium),
            heavy: of(RateLimitLabel::Heavy),
            resource_intensive: of(RateLimitLabel::ResourceIntensive),
        }
    }

    /// The same limits with `label`'s allowance replaced (ignored for
    /// [`RateLimitLabel::Unknown`], which is never limited).
    #[must_use]
    pub fn with(mut self, label: RateLimitLabel, allowance: Allowance) -> Self {
        match label {
            RateLimitLabel::Light => self.light = allowance,
            RateLimitLabel::Medium => self.medium = allowance,
            RateLimitLabel::Heavy => self.heavy = allowance,
            RateLimitLabel::ResourceIntensive => self.resource_intensive = allowance,
            RateLimitLabel::Unknown => {}
        }
        self
    }

    /// The plan the limits started from.
    pub fn plan(&self) -> Plan {
        self.plan
    }

    /// The allowance for `label`; `None` for [`RateLimitLabel::Unknown`].
    pub fn allowance(&self, label: RateLimitLabel) -> Option<Allowance> {
        match label {
            RateLimitLabel::Light => Some(self.light),
            RateLimitLabel::Medium => Some(self.medium),
            RateLimitLabel::Heavy => Some(self.heavy),
            RateLimitLabel::ResourceIntensive => Some(self.resource_intensive),
            RateLimitLabel::Unknown => None,
        }
    }
}

impl From<Plan> for Limits {
    fn from(plan: Plan) -> Self {
        Self::for_plan(plan)
    }
}

fn quota(allowance: Allowance) -> Quota {
    match allowance {
        Allowance::PerSecond(n) => Quota::per_second(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)),
        Allowance::PerMinute(n) => Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)),
    }
}

/// One limiter per rate-limit category for a [`Plan`].
///
/// Shared by every clone of the [`Runtime`](super::Runtime) it is given to; requests wait
/// (asynchronously) until their category has capacity. The full burst is available at start.
pub struct RateLimiter {
    limits: Limits,
    light: DefaultDirectRateLimiter,
    medium: DefaultDirectRateLimiter,
    heavy: DefaultDirectRateLimiter,
    resource_intensive: DefaultDirectRateLimiter,
}

impl RateLimiter {
    /// Limiters with Zoom's published numbers for `plan`.
    pub fn new(plan: Plan) -> Self {
        Self::with_limits(Limits::for_plan(plan))
    }

    /// Limiters with the given allowances.
    pub fn with_limits(limits: Limits) -> Self {
        let make = |label| {
            let allowance = limits
                .allowance(label)
                .unwrap_or(Allowance::PerSecond(u32::MAX));
            DefaultDirectRateLimiter::direct(quota(allowance))
        };
        Self {
            limits,
            light: make(RateLimitLabel::Light),
            medium: make(RateLimitLabel::Medium),
            heavy: make(RateLimitLabel::Heavy),
            resource_intensive: make(RateLimitLabel::ResourceIntensive),
        }
    }

    /// The plan whose numbers are enforced (before any [`Limits::with`] change).
    pub fn plan(&self) -> Plan {
        self.limits.plan()
    }

    /// The allowances enforced.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn for_label(&self, label: RateLimitLabel) -> Option<&DefaultDirectRateLimiter> {
        match label {
            RateLimitLabel::Light => Some(&self.light),
            RateLimitLabel::Medium => Some(&self.medium),
            RateLimitLabel::Heavy => Some(&self.heavy),
            RateLimitLabel::ResourceIntensive => Some(&self.resource_intensive),
            RateLimitLabel::Unknown => None,
        }
    }

    /// Waits until a request of category `label` may be sent (at once for `Unknown`).
    pub async fn until_ready(&self, label: RateLimitLabel) {
        if let Some(limiter) = self.for_label(label) {
            limiter.until_ready().await;
        }
    }

    /// Takes one unit of capacity without waiting; `false` if the category is exhausted.
    pub fn try_acquire(&self, label: RateLimitLabel) -> bool {
        self.for_label(label)
            .is_none_or(|limiter| limiter.check().is_ok())
    }
}

/// The in-process limiter never fails: it only waits.
impl Limiter for RateLimiter {
    fn acquire(&self, label: RateLimitLabel) -> BoxFuture<'_, Result<(), LimiterError>> {
        Box::pin(async move {
            self.until_ready(label).await;
            Ok(())
        })
    }
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn plans_carry_the_guides_numbers() {
        use Allowance::*;
        use RateLimitLabel::*;
        let table = [
            (Light, PerSecond(20), PerSecond(40)),
            (Medium, PerSecond(10), PerSecond(20)),
            (Heavy, PerSecond(5), PerSecond(10)),
            (ResourceIntensive, PerMinute(5), PerMinute(10)),
        ];
        for (label, pro, business) in table {
            assert_eq!(Plan::Pro.allowance(label), Some(pro));
            assert_eq!(Plan::BusinessPlus.allowance(label), Some(business));
        }
        assert_eq!(Plan::Pro.allowance(Unknown), None);
    }

    #[test]
    fn resource_intensive_burst_is_exhausted_after_the_allowance() {
        // 5 per minute: the sixth immediate request must wait ~12 s, far longer than the test.
        let limiter = RateLimiter::new(Plan::Pro);
        for _ in 0..5 {
            assert!(limiter.try_acquire(RateLimitLabel::ResourceIntensive));
        }
        assert!(!limiter.try_acquire(RateLimitLabel::ResourceIntensive));
        // Other categories are independent, and unknown ones are not limited.
        assert!(limiter.try_acquire(RateLimitLabel::Heavy));
        for _ in 0..100 {
            assert!(limiter.try_acquire(RateLimitLabel::Unknown));
        }
    }

    #[test]
    fn changed_limits_apply_to_their_category_only() {
        let limits = Limits::for_plan(Plan::Pro)
            .with(RateLimitLabel::Heavy, Allowance::PerMinute(2))
            .with(RateLimitLabel::Unknown, Allowance::PerSecond(1));
        assert_eq!(limits.allowance(RateLimitLabel::Unknown), None);
        assert_eq!(
            limits.allowance(RateLimitLabel::Light),
            Some(Allowance::PerSecond(20))
        );
        let limiter = RateLimiter::with_limits(limits);
        assert!(limiter.try_acquire(RateLimitLabel::Heavy));
        assert!(limiter.try_acquire(RateLimitLabel::Heavy));
        assert!(!limiter.try_acquire(RateLimitLabel::Heavy));
        assert_eq!(limiter.plan(), Plan::Pro);
    }

    #[test]
    fn every_limiter_error_message_starts_with_the_hook_prefix() {
        let errors = [
            LimiterError::Timeout {
                store: "redis",
                timeout: Duration::from_millis(5),
            },
            LimiterError::Unreachable {
                store: "redis",
                reason: "connection refused".into(),
            },
            LimiterError::BadReply {
                store: "redis",
                reason: "x".into(),
            },
            LimiterError::Hook("x".into()),
        ];
        for e in errors {
            assert!(e.to_string().starts_with(LimiterError::HOOK_PREFIX), "{e}");
        }
    }
}

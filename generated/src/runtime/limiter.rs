//! Client-side rate limiting per Zoom rate-limit category, so a busy process waits before
//! sending instead of collecting 429 answers.
//!
//! Zoom counts requests per account, shared by every app installed on it, so this limiter can
//! only keep *this process* within the account's budget; 429 handling in the retry loop still
//! covers the rest. The GCRA bookkeeping is `governor`'s.

use std::fmt;
use std::num::NonZeroU32;

use governor::{DefaultDirectRateLimiter, Quota};

use super::meta::RateLimitLabel;

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
    plan: Plan,
    light: DefaultDirectRateLimiter,
    medium: DefaultDirectRateLimiter,
    heavy: DefaultDirectRateLimiter,
    resource_intensive: DefaultDirectRateLimiter,
}

impl RateLimiter {
    /// Limiters with Zoom's published numbers for `plan`.
    pub fn new(plan: Plan) -> Self {
        let make = |label| {
            let allowance = plan
                .allowance(label)
                .unwrap_or(Allowance::PerSecond(u32::MAX));
            DefaultDirectRateLimiter::direct(quota(allowance))
        };
        Self {
            plan,
            light: make(RateLimitLabel::Light),
            medium: make(RateLimitLabel::Medium),
            heavy: make(RateLimitLabel::Heavy),
            resource_intensive: make(RateLimitLabel::ResourceIntensive),
        }
    }

    /// The plan whose numbers are enforced.
    pub fn plan(&self) -> Plan {
        self.plan
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

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("plan", &self.plan)
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
}

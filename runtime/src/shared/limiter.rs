//! The fleet-wide limiter: one GCRA state per account and category in Redis, checked and
//! updated by one Lua script so that two processes can never both take the last slot.

use std::fmt;
use std::time::Duration;

use ::redis::Script;
use futures::future::BoxFuture;

use super::{FaultMode, RedisStore, STORE};
use crate::limiter::{Allowance, Limiter, LimiterError, Limits, RateLimiter};
use crate::meta::RateLimitLabel;

/// GCRA with reservation, on Redis's clock (`TIME`), so the processes' clocks do not matter.
///
/// The key holds the theoretical arrival time (TAT, microseconds). A request books the slot
/// at `max(TAT, now)` and moves TAT on by one emission interval; the reply is how long the
/// caller waits before sending (0 while the burst lasts). The key expires once TAT has passed,
/// when a missing key means the same as a stale one. One request = one round trip, and
/// callers queue instead of polling. Values are decimal strings (`%.0f`) because Lua's
/// default number formatting would round microsecond timestamps.
const GCRA: &str = r"
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '') or now
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', new_tat),
  'PX', math.floor((new_tat - now) / 1000) + 1)
return math.floor(wait)
";

/// A wait longer than this is taken for a corrupt reply rather than slept.
const MAX_PLAUSIBLE_WAIT: Duration = Duration::from_secs(3600);

/// A [`Limiter`] whose budget is shared by every process using the same Redis and account id.
///
/// Each request costs one Redis round trip (see BENCHMARKS.md). Keys are
/// `<prefix>:<account id>:<category>` (e.g. `zcc:abc123:light`) and expire when idle.
pub struct RedisRateLimiter {
    store: RedisStore,
    account_id: String,
    limits: Limits,
    mode: FaultMode,
    fallback: RateLimiter,
    script: Script,
}

impl RedisRateLimiter {
    /// A limiter for `account_id` (the Zoom account whose budget is shared) with `limits`
    /// (a [`Plan`](crate::Plan) or [`Limits`]), falling back to an in-process limiter
    /// with the same limits while Redis is unusable.
    pub fn new(
        store: RedisStore,
        account_id: impl Into<String>,
        limits: impl Into<Limits>,
    ) -> Self {
        let limits = limits.into();
        Self {
            store,
            account_id: account_id.into(),
            limits,
            mode: FaultMode::default(),
            fallback: RateLimiter::with_limits(limits),
            script: Script::new(GCRA),
        }
    }

    /// Sets what happens while Redis is unusable (default [`FaultMode::FallBack`]).
    #[must_use]
    pub fn fault_mode(mut self, mode: FaultMode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets the in-process limits used while Redis is unusable (default: the shared limits),
    /// e.g. the account's budget divided by the number of processes.
    #[must_use]
    pub fn fallback_limits(mut self, limits: impl Into<Limits>) -> Self {
        self.fallback = RateLimiter::with_limits(limits.into());
        self
    }

    /// The shared limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The Redis key of `label`'s budget.
    pub fn key(&self, label: RateLimitLabel) -> String {
        self.store.key(&self.account_id, category(label))
    }

    /// Books a slot in Redis and returns the wait before it.
    async fn reserve(
        &self,
        label: RateLimitLabel,
        allowance: Allowance,
    ) -> Result<Duration, LimiterError> {
        let (interval, tolerance) = gcra_parameters(allowance);
        let key = self.key(label);
        let wait: i64 = self
            .store
            .run(|mut connection| async move {
                self.script
                    .key(key)
                    .arg(interval)
                    .arg(tolerance)
                    .invoke_async(&mut connection)
                    .await
            })
            .await?;
        match u64::try_from(wait).map(Duration::from_micros) {
            Ok(wait) if wait <= MAX_PLAUSIBLE_WAIT => Ok(wait),
            _ => {
                let error = LimiterError::BadReply {
                    store: STORE,
                    reason: format!("the rate-limit script returned a wait of {wait} µs"),
                };
                self.store.trip(error.clone());
                Err(error)
            }
        }
    }
}

impl Limiter for RedisRateLimiter {
    fn acquire(&self, label: RateLimitLabel) -> BoxFuture<'_, Result<(), LimiterError>> {
        Box::pin(async move {
            let Some(allowance) = self.limits.allowance(label) else {
                return Ok(());
            };
            match self.reserve(label, allowance).await {
                Ok(wait) => {
                    if !wait.is_zero() {
                        tokio::time::sleep(wait).await;
                    }
                    Ok(())
                }
                Err(error) => match self.mode {
                    FaultMode::Strict => Err(error),
                    FaultMode::FallBack => {
                        tracing::debug!(%error, "shared rate limit unavailable; limiting in-process");
                        self.fallback.until_ready(label).await;
                        Ok(())
                    }
                },
            }
        })
    }
}

impl fmt::Debug for RedisRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimiter")
            .field("store", &self.store)
            .field("account_id", &self.account_id)
            .field("limits", &self.limits)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

/// The key segment of a category.
fn category(label: RateLimitLabel) -> &'static str {
    match label {
        RateLimitLabel::Light => "light",
        RateLimitLabel::Medium => "medium",
        RateLimitLabel::Heavy => "heavy",
        RateLimitLabel::ResourceIntensive => "resource-intensive",
        RateLimitLabel::Unknown => "unknown",
    }
}

/// GCRA's emission interval and burst tolerance in microseconds: `count` requests per
/// `period`, all of them available at once (the same burst as the in-process limiter).
fn gcra_parameters(allowance: Allowance) -> (u64, u64) {
    let count = u64::from(allowance.count());
    let period = u64::try_from(allowance.period().as_micros()).unwrap_or(u64::MAX);
    let interval = (period / count).max(1);
    (interval, interval * (count - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcra_parameters_allow_the_whole_count_as_burst() {
        assert_eq!(gcra_parameters(Allowance::PerSecond(50)), (20_000, 980_000));
        assert_eq!(
            gcra_parameters(Allowance::PerMinute(5)),
            (12_000_000, 48_000_000)
        );
        assert_eq!(gcra_parameters(Allowance::PerSecond(1)), (1_000_000, 0));
        // A zero allowance is read as one, never a division by zero.
        assert_eq!(gcra_parameters(Allowance::PerSecond(0)), (1_000_000, 0));
    }

    #[test]
    fn keys_are_namespaced_by_account_and_category() {
        let store = RedisStore::open("redis://127.0.0.1:1/").unwrap_or_else(|e| panic!("{e}"));
        let limiter = RedisRateLimiter::new(store.key_prefix("zcc"), "acct-1", crate::Plan::Pro);
        assert_eq!(limiter.key(RateLimitLabel::Light), "zcc:acct-1:light");
        assert_eq!(
            limiter.key(RateLimitLabel::ResourceIntensive),
            "zcc:acct-1:resource-intensive"
        );
    }
}

//! What the Redis-backed limiter adds per call: times `Limiter::acquire` against a Redis at
//! `REDIS_URL` (default `redis://127.0.0.1:6379/`), compared with the in-process limiter, with
//! limits high enough that nothing ever waits. Figures are recorded in BENCHMARKS.md.
//!
//! ```text
//! redis-server --port 6390 --save '' --appendonly no &
//! REDIS_URL=redis://127.0.0.1:6390/ cargo run --release -p zoom-contact-center \
//!     --features redis --example redis_round_trip
//! ```

use std::time::{Duration, Instant};

use zoom_contact_center::runtime::shared::{FaultMode, RedisRateLimiter, RedisStore};
use zoom_contact_center::runtime::{Allowance, Limiter, Limits, Plan, RateLimitLabel, RateLimiter};

const CALLS: usize = 20_000;

/// Sequential acquires: the latency one request pays (median and 99th percentile).
async fn sequential(
    limiter: &dyn Limiter,
) -> Result<(Duration, Duration), Box<dyn std::error::Error>> {
    let mut samples = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let started = Instant::now();
        limiter.acquire(RateLimitLabel::Light).await?;
        samples.push(started.elapsed());
    }
    samples.sort();
    Ok((samples[CALLS / 2], samples[CALLS * 99 / 100]))
}

/// 64 tasks acquiring concurrently: acquires per second through one multiplexed connection.
async fn concurrent(limiter: &'static dyn Limiter) -> Result<f64, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            tokio::spawn(async move {
                for _ in 0..CALLS / 64 {
                    limiter.acquire(RateLimitLabel::Light).await?;
                }
                Ok::<_, zoom_contact_center::runtime::LimiterError>(())
            })
        })
        .collect();
    for task in tasks {
        task.await??;
    }
    Ok((CALLS / 64 * 64) as f64 / started.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/".to_owned());
    let limits =
        Limits::for_plan(Plan::Pro).with(RateLimitLabel::Light, Allowance::PerSecond(u32::MAX / 2));
    let local: &'static RateLimiter = Box::leak(Box::new(RateLimiter::with_limits(limits)));
    // Strict, so that an unreachable Redis fails the run instead of timing the fallback.
    let store = RedisStore::open(&url)?;
    let shared: &'static RedisRateLimiter = Box::leak(Box::new(
        RedisRateLimiter::new(store, "bench-account", limits).fault_mode(FaultMode::Strict),
    ));
    shared.acquire(RateLimitLabel::Light).await?; // connect and load the script first
    for (name, limiter) in [
        ("in-process", local as &'static dyn Limiter),
        ("redis", shared),
    ] {
        let (median, p99) = sequential(limiter).await?;
        let rate = concurrent(limiter).await?;
        println!(
            "{name:>10}: sequential median {:.1} µs, p99 {:.1} µs; 64 concurrent: {:.0} acquires/s",
            median.as_secs_f64() * 1e6,
            p99.as_secs_f64() * 1e6,
            rate
        );
    }
    Ok(())
}

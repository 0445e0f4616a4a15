//! Per-call overhead of the generated client against plain `reqwest` + `serde_json`.
//!
//! ```sh
//! cargo bench -p zoom-contact-center --bench per_call
//! ```
//!
//! Both sides talk to the loopback server of `support/` on the same single-threaded tokio runtime
//! (client and server share one thread, so scheduling noise from the shared machine stays out),
//! get the same bytes back and decode them into the same generated type:
//!
//! * `reqwest`: what a hand-written wrapper does: build the request, bearer header, send, read the
//!   body, `serde_json::from_slice` into `types::ListQueuesResponse` (or `CreateUserResponse`).
//! * `client`: the generated client with a fixed bearer token, the default retry policy and the
//!   client-side rate limiter on: progenitor's builder, the auth hook, the limiter, the retry loop
//!   (which keeps a copy of the request), the tracing span (no subscriber installed) and
//!   progenitor's decoding.
//! * `client, no limiter`: the same without the limiter, to show what the limiter costs.
//!
//! Zoom's limits (MEDIUM, 20 requests a second on Business+) would make a benchmark of thousands
//! of calls a second measure waiting, not overhead. So the `client` side's limiter is the
//! runtime's own [`RateLimiter`] with every category's allowance raised ([`unwaited_limits`]):
//! every call takes its slot through the same code as a call within Zoom's budget does, and none
//! waits. (Until 2026-12-06 the side rotated through a pool of 4,096 clients with Zoom's limits
//! instead; each call then touched a client, limiter and token that were cold in the cache, which
//! cost more than the limiter itself.)
//!
//! After criterion's figures, an interleaved run (the three sides in rounds, their order rotating,
//! so that load from other processes hits all alike) prints the ratio `client / reqwest` and the
//! difference per call, in wall clock and in on-CPU time of the one thread, as a Markdown table
//! for BENCHMARKS.md. `PER_CALL_INTERLEAVED_ONLY=1` skips criterion's part.
//!
//! `PER_CALL_COUNT=<side>:<calls>` (side `get-reqwest`, `get-client`, `post-reqwest` or
//! `post-client`) makes only that many calls of one side after a short set-up and warm-up, for an
//! instruction count that load on the machine does not move:
//!
//! ```sh
//! PER_CALL_COUNT=get-client:1000 valgrind --tool=callgrind --collect-atstart=no \
//!   --toggle-collect='*per_call::counted*' target/release/deps/per_call-<hash> --bench
//! ```
//!
//! The instructions per call are callgrind's total (`Collected`) divided by the number of calls.

#![allow(clippy::unwrap_used, missing_docs)] // Benchmarks may unwrap.

mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion};
use reqwest::header::ACCEPT;
use tokio::runtime::Runtime as Tokio;
use zoom_contact_center::runtime::{
    Allowance, Credentials, Limits, Plan, RateLimitLabel, RateLimiter, RetryPolicy, Runtime,
    Timeouts, http_client,
};
use zoom_contact_center::{Client, types};

/// Business+'s limits with every category allowed far more requests a second than a benchmark
/// sends, so the limiter is checked on every call and never waits (see the module doc).
fn unwaited_limits() -> Limits {
    [
        RateLimitLabel::Light,
        RateLimitLabel::Medium,
        RateLimitLabel::Heavy,
        RateLimitLabel::ResourceIntensive,
    ]
    .into_iter()
    .fold(Limits::for_plan(Plan::BusinessPlus), |limits, label| {
        limits.with(label, Allowance::PerSecond(1_000_000_000))
    })
}
const TOKEN: &str = "bench-bearer-token";

struct Bench {
    server: support::Server,
    /// The `reqwest` side's client, with the same timeouts and user agent as the generated one.
    http: reqwest::Client,
    queues_url: String,
    users_url: String,
    limited: Client,
    unlimited: Client,
    user: types::CreateUserBody,
}

impl Bench {
    async fn new() -> Self {
        let spec = support::spec();
        let server = support::Server::start(&spec, 1).await;
        let base = server.base_url();
        let user: types::CreateUserBody = serde_json::from_value(support::example(
            &spec,
            "post",
            "/contact_center/users",
            None,
        ))
        .unwrap();
        let limited = Client::from_runtime_with_base_url(
            Runtime::builder(Credentials::bearer(TOKEN))
                .retry_policy(RetryPolicy::default())
                .rate_limiter(RateLimiter::with_limits(unwaited_limits()))
                .build()
                .unwrap(),
            &base,
        )
        .unwrap();
        let unlimited = Client::from_runtime_with_base_url(
            Runtime::builder(Credentials::bearer(TOKEN))
                .build()
                .unwrap(),
            &base,
        )
        .unwrap();
        Self {
            http: http_client(&Timeouts::default()).unwrap(),
            queues_url: format!("{base}/contact_center/queues"),
            users_url: format!("{base}/contact_center/users"),
            server,
            limited,
            unlimited,
            user,
        }
    }

    /// The client with the limiter on.
    fn limited(&self) -> &Client {
        &self.limited
    }

    async fn list_reqwest(&self) -> types::ListQueuesResponse {
        let response = self
            .http
            .get(&self.queues_url)
            .query(&[("page_size", 100)])
            .header(ACCEPT, "application/json")
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap();
        let bytes = response.bytes().await.unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    async fn list_client(client: &Client) -> types::ListQueuesResponse {
        client
            .list_queues()
            .page_size(100)
            .send()
            .await
            .unwrap()
            .into_inner()
    }

    async fn create_reqwest(&self, body: types::CreateUserBody) -> types::CreateUserResponse {
        let response = self
            .http
            .post(&self.users_url)
            .header(ACCEPT, "application/json")
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap();
        let bytes = response.bytes().await.unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    async fn create_client(
        client: &Client,
        body: types::CreateUserBody,
    ) -> types::CreateUserResponse {
        client
            .create_user()
            .body(body)
            .send()
            .await
            .unwrap()
            .into_inner()
    }
}

fn criterion_figures(tokio: &Tokio, bench: &Bench) {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8))
        .sample_size(100)
        .configure_from_args();

    let mut group = c.benchmark_group("list_queues GET, 100 queues");
    group.bench_function("reqwest + serde_json", |b| {
        b.to_async(tokio)
            .iter(|| async { black_box(bench.list_reqwest().await) });
    });
    group.bench_function("client", |b| {
        b.to_async(tokio)
            .iter(|| async { black_box(Bench::list_client(bench.limited()).await) });
    });
    group.bench_function("client, no limiter", |b| {
        b.to_async(tokio)
            .iter(|| async { black_box(Bench::list_client(&bench.unlimited).await) });
    });
    group.finish();

    // The body is cloned outside the timed region: both sides are handed a value to send.
    let mut group = c.benchmark_group("create_user POST, JSON body");
    group.bench_function("reqwest + serde_json", |b| {
        b.to_async(tokio).iter_batched(
            || bench.user.clone(),
            |body| async { black_box(bench.create_reqwest(body).await) },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("client", |b| {
        b.to_async(tokio).iter_batched(
            || bench.user.clone(),
            |body| async { black_box(Bench::create_client(bench.limited(), body).await) },
            BatchSize::SmallInput,
        );
    });
    group.finish();
    c.final_summary();
}

/// Microseconds per call of `calls` calls of `f`: (wall clock, on-CPU time of this thread).
async fn per_call<F, Fut, T>(calls: u32, mut f: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = T>,
{
    let (started, cpu) = (Instant::now(), support::thread_cpu_ns());
    for _ in 0..calls {
        black_box(f().await);
    }
    let wall = started.elapsed().as_secs_f64() * 1e6 / f64::from(calls);
    let cpu = (support::thread_cpu_ns() - cpu) as f64 / 1e3 / f64::from(calls);
    (wall, cpu)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Rounds of `calls` calls per side, the order of the sides alternating from round to round.
async fn interleaved(bench: &Bench, rounds: usize, calls: u32) {
    /// Per round, per side: (wall, on-CPU) microseconds per call of reqwest, client, client
    /// without limiter.
    type Rounds = [Vec<(f64, f64)>; 3];
    let mut get: Rounds = Default::default();
    let mut post: Rounds = Default::default();
    let sides = ["client", "client, no limiter"];
    for round in 0..rounds {
        // Rotate which side goes first, so that a change of load hits all alike.
        for k in 0..3 {
            let side = (round + k) % 3;
            let client = || match side {
                1 => bench.limited(),
                _ => &bench.unlimited,
            };
            get[side].push(match side {
                0 => per_call(calls, || bench.list_reqwest()).await,
                _ => per_call(calls, || Bench::list_client(client())).await,
            });
            let mut bodies = vec![bench.user.clone(); calls as usize].into_iter();
            post[side].push(match side {
                0 => per_call(calls, || bench.create_reqwest(bodies.next().unwrap())).await,
                _ => {
                    per_call(calls, || {
                        Bench::create_client(client(), bodies.next().unwrap())
                    })
                    .await
                }
            });
        }
    }
    println!("\nInterleaved: {rounds} rounds of {calls} calls per side, medians over rounds");
    println!(
        "| call | side | time | reqwest + serde_json | side | ratio side / reqwest (min–max over rounds) | difference per call |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (label, rounds) in [
        ("list_queues GET, 100 queues", &get),
        ("create_user POST, JSON body", &post),
    ] {
        for (side, name) in sides.iter().enumerate().map(|(i, n)| (i + 1, n)) {
            for (time, pick) in [
                (
                    "wall clock",
                    (|m: &(f64, f64)| m.0) as fn(&(f64, f64)) -> f64,
                ),
                ("on-CPU", |m: &(f64, f64)| m.1),
            ] {
                let reqwest: Vec<f64> = rounds[0].iter().map(pick).collect();
                let client: Vec<f64> = rounds[side].iter().map(pick).collect();
                let mut ratios: Vec<f64> =
                    client.iter().zip(&reqwest).map(|(c, r)| c / r).collect();
                let mut diffs: Vec<f64> = client.iter().zip(&reqwest).map(|(c, r)| c - r).collect();
                let (ratio, diff) = (median(&mut ratios), median(&mut diffs));
                println!(
                    "| {label} | {name} | {time} | {:.1} µs | {:.1} µs | {ratio:.3} ({:.3}–{:.3}) | {diff:+.1} µs |",
                    median(&mut reqwest.clone()),
                    median(&mut client.clone()),
                    ratios[0],
                    ratios[ratios.len() - 1],
                );
            }
        }
    }
}

/// `PER_CALL_COUNT=<side>:<calls>`: warm-up, then `calls` calls of one side in [`counted`].
fn count(tokio: &Tokio, side: &str, calls: usize) {
    let bench = tokio.block_on(Bench::new());
    // Warm-up: each side's connection and first allocations.
    calls_of(tokio, &bench, side, vec![bench.user.clone(); 20]);
    counted(tokio, &bench, side, vec![bench.user.clone(); calls]);
    println!("{side}: {calls} calls");
}

/// [`calls_of`], never inlined, so that `valgrind --tool=callgrind --collect-atstart=no
/// --toggle-collect='*per_call::counted*'` counts these calls and nothing else: the set-up (TLS
/// roots, the limiter clock's calibration, which loops for a time and not a count) and the
/// warm-up stay out.
#[inline(never)]
fn counted(tokio: &Tokio, bench: &Bench, side: &str, bodies: Vec<types::CreateUserBody>) {
    calls_of(tokio, bench, side, bodies);
}

/// One call of `side` per body in `bodies` (the bodies are cloned before, as criterion's batches
/// are; the GET sides just drop theirs).
fn calls_of(tokio: &Tokio, bench: &Bench, side: &str, bodies: Vec<types::CreateUserBody>) {
    tokio.block_on(async {
        for body in bodies {
            match side {
                "get-reqwest" => drop(black_box(bench.list_reqwest().await)),
                "get-client" => drop(black_box(Bench::list_client(bench.limited()).await)),
                "post-reqwest" => drop(black_box(bench.create_reqwest(body).await)),
                "post-client" => drop(black_box(Bench::create_client(bench.limited(), body).await)),
                other => panic!("PER_CALL_COUNT: unknown side {other}"),
            }
        }
    });
}

fn main() {
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    if let Some(spec) = std::env::var_os("PER_CALL_COUNT") {
        let spec = spec.to_string_lossy().into_owned();
        let (side, calls) = spec.split_once(':').expect("PER_CALL_COUNT=<side>:<calls>");
        count(
            &tokio,
            side,
            calls.parse().expect("PER_CALL_COUNT: calls is a number"),
        );
        return;
    }
    let bench = tokio.block_on(Bench::new());
    // Both sides decode the same answer, and the limited client is used once before timing.
    let direct = tokio.block_on(bench.list_reqwest());
    let generated = tokio.block_on(Bench::list_client(&bench.unlimited));
    assert_eq!(
        serde_json::to_value(&direct).unwrap(),
        serde_json::to_value(&generated).unwrap()
    );
    assert_eq!(direct.queues.map_or(0, |q| q.len()), support::PAGE_SIZE);
    tokio.block_on(Bench::list_client(bench.limited()));
    println!(
        "list_queues answer: {} bytes; machine load: {}",
        bench.server.page_bytes(),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );

    // `PER_CALL_INTERLEAVED_ONLY=1` skips criterion's part.
    if std::env::var_os("PER_CALL_INTERLEAVED_ONLY").is_none() {
        criterion_figures(&tokio, &bench);
    }

    // `cargo bench -- --test` (criterion's smoke run) and filtered runs skip the long part.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only_criterion = args.iter().any(|a| a == "--test" || a == "--list")
        || args.iter().any(|a| !a.starts_with('-'));
    if !only_criterion {
        tokio.block_on(interleaved(&bench, 20, 400));
        println!(
            "machine load after: {}",
            std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .trim()
        );
    }
}

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
//!   client-side rate limiter of `Plan::BusinessPlus` on: progenitor's builder, the auth hook, the
//!   limiter, the retry loop (which keeps a copy of the request), the tracing span (no
//!   subscriber installed) and progenitor's decoding.
//! * `client, no limiter`: the same without the limiter, to show what the limiter costs.
//!
//! Zoom's limits (MEDIUM, 20 requests a second on Business+) would make a benchmark of thousands
//! of calls a second measure waiting, not overhead. So the `client` side draws its clients in
//! turn from a pool of [`POOL`] clients, each with its own runtime and limiter and all sharing one
//! `reqwest::Client`: every call goes through a limiter that has capacity, as a call within
//! Zoom's budget does, and none waits.
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
    Credentials, Plan, RetryPolicy, Runtime, Timeouts, http_client,
};
use zoom_contact_center::{Client, types};

/// Clients in the pool the `client` side takes turns with (see the module doc). At 20,000 calls
/// a second each client sees 5 a second, well inside Business+'s 20 MEDIUM/LIGHT requests.
const POOL: usize = 4096;
const TOKEN: &str = "bench-bearer-token";

struct Bench {
    server: support::Server,
    /// The `reqwest` side's client, with the same timeouts and user agent as the generated one.
    http: reqwest::Client,
    queues_url: String,
    users_url: String,
    pool: Vec<Client>,
    next: std::cell::Cell<usize>,
    unlimited: Client,
    user: types::CreateUserBody,
}

impl Bench {
    async fn new(pool: usize) -> Self {
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
        let shared_http = http_client(&Timeouts::default()).unwrap();
        let pool = (0..pool)
            .map(|_| {
                let runtime = Runtime::builder(Credentials::bearer(TOKEN))
                    .retry_policy(RetryPolicy::default())
                    .rate_limit_plan(Plan::BusinessPlus)
                    .build()
                    .unwrap();
                Client::new_with_client(&base, shared_http.clone(), runtime)
            })
            .collect();
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
            pool,
            next: std::cell::Cell::new(0),
            unlimited,
            user,
        }
    }

    /// The next client of the pool.
    fn limited(&self) -> &Client {
        let i = self.next.get();
        self.next.set((i + 1) % self.pool.len());
        &self.pool[i]
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

/// Clients in the pool of a counting run: under valgrind a call takes milliseconds, and each client
/// starts with a burst of 20 (Business+, MEDIUM), so 128 clients serve 2,560 calls without waiting.
const COUNT_POOL: usize = 128;

/// `PER_CALL_COUNT=<side>:<calls>`: warm-up, then `calls` calls of one side in [`counted`].
fn count(tokio: &Tokio, side: &str, calls: usize) {
    let bench = tokio.block_on(Bench::new(COUNT_POOL));
    // Warm-up: every pooled client once, and each side's connection and first allocations.
    for _ in 0..COUNT_POOL {
        tokio.block_on(Bench::list_client(bench.limited()));
    }
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
    let bench = tokio.block_on(Bench::new(POOL));
    // Both sides decode the same answer, and the pool's clients are all used once before timing.
    let direct = tokio.block_on(bench.list_reqwest());
    let generated = tokio.block_on(Bench::list_client(&bench.unlimited));
    assert_eq!(
        serde_json::to_value(&direct).unwrap(),
        serde_json::to_value(&generated).unwrap()
    );
    assert_eq!(direct.queues.map_or(0, |q| q.len()), support::PAGE_SIZE);
    for _ in 0..POOL {
        tokio.block_on(Bench::list_client(bench.limited()));
    }
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

//! What a token renewal adds to a burst: 1,000 concurrent calls through one Server-to-Server
//! client whose token has just expired, against the same burst with a fresh token.
//!
//! ```sh
//! cargo bench -p zoom-contact-center --bench token_refresh
//! ```
//!
//! The loopback server of `support/` plays both Zoom's token endpoint and the API. Each call is
//! `list_queues` with `page_size=1` (a small answer, so the burst's time is the client's, not
//! decoding). No client-side rate limiter (it would make the burst wait seconds), default
//! retries.
//!
//! "Just expired": each measured client first gets a token valid for 2 s (renewed after 1 s, as
//! the runtime gives up at most half a lifetime), then the benchmark waits 1.1 s outside the
//! timed region, so the burst's first call finds the token due and renews it while the other
//! 999 wait. The token request goes over a new connection, as it does after an hour idle. Every
//! burst is checked to have made exactly one token request (the count is also a test,
//! `runtime_auth.rs`); this file only times it.
//!
//! Criterion's "time" here is on-CPU time of the benchmark's one thread (client and server), not
//! wall clock: on the shared machine, wall-clock bursts vary by more than a token request costs.

#![allow(clippy::unwrap_used, missing_docs)] // Benchmarks may unwrap.

mod support;

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use futures::future::join_all;
use zoom_contact_center::Client;
use zoom_contact_center::runtime::{Credentials, Runtime, Timeouts, http_client};

const CONCURRENT: usize = 1000;

fn client(server: &support::Server, api: &reqwest::Client) -> Client {
    let runtime = Runtime::builder(Credentials::server_to_server(
        "bench-account",
        "bench-client",
        "bench-secret",
    ))
    .token_url(server.token_url())
    .build()
    .unwrap();
    // One connection pool for the API across all clients, as in a long-running service.
    Client::new_with_client(&server.base_url(), api.clone(), runtime)
}

async fn burst(client: &Client) {
    let calls = (0..CONCURRENT).map(|_| async {
        let page = client.list_queues().page_size(1).send().await.unwrap();
        black_box(page.into_inner().queues.map_or(0, |q| q.len()))
    });
    let done = join_all(calls).await;
    assert_eq!(done.len(), CONCURRENT);
}

fn main() {
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let spec = support::spec();
    let server = tokio.block_on(support::Server::start(&spec, 1));
    let api = http_client(&Timeouts::default()).unwrap();
    let fresh = &client(&server, &api);
    // Opens the pool's connections and fetches the fresh client's token.
    tokio.block_on(burst(fresh));
    println!(
        "machine load: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8))
        .sample_size(10)
        .configure_from_args();
    let mut group = c.benchmark_group("1000 concurrent list_queues calls");
    group.bench_function("token fresh", |b| {
        b.to_async(&tokio).iter_custom(|iters| async move {
            let cpu = support::thread_cpu_ns();
            for _ in 0..iters {
                burst(fresh).await;
            }
            Duration::from_nanos(support::thread_cpu_ns() - cpu)
        });
    });
    group.bench_function("token just expired", |b| {
        b.to_async(&tokio).iter_custom(|iters| {
            let (server, api) = (server.clone(), api.clone());
            async move {
                let clients: Vec<Client> = (0..iters).map(|_| client(&server, &api)).collect();
                server.set_expires_in(2);
                for client in &clients {
                    client.list_queues().page_size(1).send().await.unwrap();
                }
                server.set_expires_in(3600);
                tokio::time::sleep(Duration::from_millis(1100)).await;
                let mut timed = 0;
                for client in &clients {
                    let before = server.token_requests();
                    let cpu = support::thread_cpu_ns();
                    burst(client).await;
                    timed += support::thread_cpu_ns() - cpu;
                    let requests = server.token_requests() - before;
                    assert_eq!(requests, 1, "a burst made {requests} token requests");
                }
                Duration::from_nanos(timed)
            }
        });
    });
    group.finish();
    c.final_summary();
}

//! Decode throughput: the largest response examples of Zoom's document, and a full `list_queues`
//! page, decoded into their generated types, against `serde_json::Value` as the baseline.
//!
//! ```sh
//! cargo bench -p zoom-contact-center --bench decode
//! ```
//!
//! Bodies are the document's examples serialised compactly (as Zoom sends them), read from
//! `spec/contact-center.json` at start. Criterion reports MB/s (`Throughput::Bytes`). The baseline
//! is this crate's `serde_json`, which is built with `preserve_order` (objects are `IndexMap`s).

#![allow(clippy::unwrap_used, missing_docs)] // Benchmarks may unwrap.

mod support;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use serde::de::DeserializeOwned;
use zoom_contact_center::types;

type Decode = fn(&[u8]) -> Result<(), serde_json::Error>;

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), serde_json::Error> {
    black_box(serde_json::from_slice::<T>(bytes)?);
    Ok(())
}

fn main() {
    let spec = support::spec();
    // The four largest 2xx response examples of the document (by compact size, 2.7 to 5.0 KB),
    // then a full list_queues page as the server of the other benchmarks sends it.
    let documented: [(&str, &str, &str, &str, Decode); 4] = [
        (
            "get_queue",
            "get",
            "/contact_center/queues/{queueId}",
            "200",
            decode::<types::GetQueueResponse>,
        ),
        (
            "create_queue_interrupt_menu",
            "post",
            "/contact_center/queues/{queueId}/interrupt_menu",
            "201",
            decode::<types::CreateQueueInterruptMenuResponse>,
        ),
        (
            "get_engagement",
            "get",
            "/contact_center/engagements/{engagementId}",
            "200",
            decode::<types::GetEngagementResponse>,
        ),
        (
            "list_voice_calls",
            "get",
            "/contact_center/voice_calls",
            "200",
            decode::<types::ListVoiceCallsResponse>,
        ),
    ];
    let mut bodies: Vec<(String, Vec<u8>, Decode)> = documented
        .into_iter()
        .map(|(name, method, path, status, f)| {
            let body = serde_json::to_vec(&support::example(&spec, method, path, Some(status)));
            (name.to_owned(), body.unwrap(), f)
        })
        .collect();
    bodies.push((
        "list_queues page of 100".to_owned(),
        support::full_page(&spec, 1000),
        decode::<types::ListQueuesResponse>,
    ));
    for (name, body, f) in &bodies {
        if let Err(error) = f(body) {
            panic!("{name}: the example does not decode into its generated type: {error}");
        }
    }

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    for (name, body, f) in &bodies {
        let mut group = c.benchmark_group(format!("decode {name} ({} bytes)", body.len()));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("generated type", |b| b.iter(|| f(black_box(body))));
        group.bench_function("serde_json::Value", |b| {
            b.iter(|| decode::<serde_json::Value>(black_box(body)))
        });
        group.finish();
    }
    c.final_summary();
}

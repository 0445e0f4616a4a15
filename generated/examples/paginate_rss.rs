//! Streams 100,000 queues (1,000 pages of 100) from a loopback server through
//! `list_queues().stream()` and prints the process's peak and current resident memory at
//! 1,000, 10,000 and 100,000 items, to show that the stream holds one page at a time.
//!
//! ```text
//! cargo run --release -p zoom-contact-center --example paginate_rss
//! cargo run --release -p zoom-contact-center --example paginate_rss -- --collect
//! ```
//!
//! `--collect` keeps every item in a `Vec` instead of dropping it, the contrast that shows the
//! measurement would see memory grow. The loopback server (`benches/support/`) runs in the same
//! process on the same single-threaded runtime, so its memory is in the figures too; it builds
//! each page as it is asked for. Linux only (`/proc/self/status`).

#![allow(clippy::unwrap_used)] // A measuring example: any failure should stop it loudly.

#[path = "../benches/support/mod.rs"]
mod support;

use futures::StreamExt as _;
use zoom_contact_center::Client;
use zoom_contact_center::runtime::{Credentials, Runtime};

const PAGES: usize = 1000;
const CHECKPOINTS: [usize; 3] = [1_000, 10_000, 100_000];

fn row(items: usize, page_bytes: usize) {
    let (hwm, rss) = support::rss_kib();
    println!(
        "| {items:>7} | {hwm:>8} | {rss:>8} | {:>5} |",
        page_bytes.div_ceil(1024)
    );
}

fn main() {
    let collect = std::env::args().any(|a| a == "--collect");
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tokio.block_on(async {
        let spec = support::spec();
        let server = support::Server::start(&spec, PAGES).await;
        drop(spec);
        let runtime = Runtime::builder(Credentials::bearer("bench-bearer-token"))
            .build()
            .unwrap();
        let client = Client::from_runtime_with_base_url(runtime, &server.base_url()).unwrap();
        let page_bytes = server.page_bytes();
        assert!(support::reset_peak_rss(), "cannot reset VmHWM");
        println!(
            "Streaming {} queues ({PAGES} pages of {}){}",
            PAGES * support::PAGE_SIZE,
            support::PAGE_SIZE,
            if collect { ", keeping every item" } else { "" }
        );
        println!("| items | VmHWM KiB | VmRSS KiB | one page's body KiB |");
        println!("|---:|---:|---:|---:|");
        row(0, page_bytes); // the peak was just reset to the current size
        let mut kept = Vec::new();
        let mut seen = 0;
        let stream = client.list_queues().page_size(100).stream();
        futures::pin_mut!(stream);
        while let Some(queue) = stream.next().await {
            let queue = queue.unwrap();
            seen += 1;
            if collect {
                kept.push(queue);
            }
            if seen == support::PAGE_SIZE || CHECKPOINTS.contains(&seen) {
                row(seen, page_bytes);
            }
        }
        assert_eq!(seen, PAGES * support::PAGE_SIZE, "the stream ended early");
        println!("kept {} items", kept.len());
    });
}

//! The loopback Zoom that the benchmarks and `examples/paginate_rss.rs` talk to: an axum server on
//! 127.0.0.1, spawned on the caller's tokio runtime, answering with bodies built from the examples
//! in `spec/contact-center.json`.
//!
//! Routes (under the `/v2` base path, as `https://api.zoom.us/v2`):
//! * `GET /v2/contact_center/queues`: a `list_queues` page of `page_size` queues (at most 100),
//!   each a copy of the document's example queue with its ids numbered; `next_page_token=page-N`
//!   asks for page N, and the last of `pages` pages has an empty token. The first page of 100 is
//!   serialised once, so the benchmarks time the client rather than the server.
//! * `POST /v2/contact_center/users`: reads the body and answers 201 with the document's example.
//! * `POST /oauth/token`: counts token requests and answers a token valid for
//!   [`Server::set_expires_in`] seconds.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)] // Each bench uses part; benches may unwrap.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value;

/// Queues per full page (Zoom's maximum `page_size` for `list_queues`).
pub const PAGE_SIZE: usize = 100;

/// Zoom's document, read from the repository at run time.
pub fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/contact-center.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
}

/// The `application/json` example of a response (`status`) or, with `status` `None`, of the
/// request body of `method path`.
pub fn example(spec: &Value, method: &str, path: &str, status: Option<&str>) -> Value {
    let operation = &spec["paths"][path][method];
    let content = match status {
        Some(status) => &operation["responses"][status]["content"],
        None => &operation["requestBody"]["content"],
    };
    let example = &content["application/json"]["example"];
    assert!(
        !example.is_null(),
        "no example for {method} {path} {status:?}"
    );
    example.clone()
}

/// The document's example queue (from `list_queues`' answer), serialised `PAGE_SIZE` times with
/// the ids and names numbered so that no two items are equal.
fn queue_items(spec: &Value) -> Vec<String> {
    let page = example(spec, "get", "/contact_center/queues", Some("200"));
    let template = &page["queues"][0];
    (0..PAGE_SIZE)
        .map(|i| {
            let mut item = template.clone();
            for key in ["cc_queue_id", "queue_name", "queue_id"] {
                if let Some(Value::String(s)) = item.get_mut(key) {
                    *s = format!("{s}-{i:03}");
                }
            }
            item.to_string()
        })
        .collect()
}

/// The body of the first of `pages` full `list_queues` pages, as the server sends it.
pub fn full_page(spec: &Value, pages: usize) -> Vec<u8> {
    page_body(&queue_items(spec), PAGE_SIZE, &next_token(0, pages), pages)
}

struct Shared {
    pages: usize,
    /// Each queue item, serialised.
    items: Vec<String>,
    /// Page 0 with `PAGE_SIZE` items, serialised once.
    first_page: Bytes,
    create_user: Bytes,
    token_requests: AtomicUsize,
    expires_in: AtomicU64,
}

/// A running loopback server; it lives as long as the runtime it was spawned on.
#[derive(Clone)]
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Server {
    /// Binds 127.0.0.1 on a free port and serves `pages` pages of queues (see the module doc).
    pub async fn start(spec: &Value, pages: usize) -> Self {
        let items = queue_items(spec);
        let shared = Arc::new(Shared {
            pages,
            first_page: Bytes::from(page_body(&items, PAGE_SIZE, &next_token(0, pages), pages)),
            items,
            create_user: Bytes::from(
                serde_json::to_vec(&example(spec, "post", "/contact_center/users", Some("201")))
                    .unwrap(),
            ),
            token_requests: AtomicUsize::new(0),
            expires_in: AtomicU64::new(3600),
        });
        let app = Router::new()
            .route("/v2/contact_center/queues", get(list_queues))
            .route("/v2/contact_center/users", post(create_user))
            .route("/oauth/token", post(token))
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { addr, shared }
    }

    /// The API base URL (`http://127.0.0.1:PORT/v2`).
    pub fn base_url(&self) -> String {
        format!("http://{}/v2", self.addr)
    }

    /// The OAuth token endpoint.
    pub fn token_url(&self) -> String {
        format!("http://{}/oauth/token", self.addr)
    }

    /// How many token requests have been answered so far.
    pub fn token_requests(&self) -> usize {
        self.shared.token_requests.load(Ordering::SeqCst)
    }

    /// The `expires_in` of the tokens issued from now on.
    pub fn set_expires_in(&self, seconds: u64) {
        self.shared.expires_in.store(seconds, Ordering::SeqCst);
    }

    /// The size of a full page's body in bytes.
    pub fn page_bytes(&self) -> usize {
        self.shared.first_page.len()
    }
}

fn next_token(page: usize, pages: usize) -> String {
    if page + 1 < pages {
        format!("page-{}", page + 1)
    } else {
        String::new()
    }
}

fn page_body(items: &[String], size: usize, next_page_token: &str, pages: usize) -> Vec<u8> {
    let queues = items[..size.min(items.len())].join(",");
    format!(
        r#"{{"next_page_token":"{next_page_token}","page_size":{size},"total_records":{},"queues":[{queues}]}}"#,
        pages * PAGE_SIZE
    )
    .into_bytes()
}

/// The value of `name` in a raw query string (the server only ever sees simple values).
fn query_param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

fn json(status: StatusCode, body: Bytes) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn list_queues(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let size = query_param(&query, "page_size")
        .and_then(|s| s.parse().ok())
        .unwrap_or(30)
        .min(PAGE_SIZE);
    let page = query_param(&query, "next_page_token")
        .and_then(|t| t.strip_prefix("page-")?.parse::<usize>().ok())
        .unwrap_or(0);
    if page >= shared.pages {
        return json(
            StatusCode::BAD_REQUEST,
            Bytes::from_static(br#"{"code":300,"message":"Invalid next_page_token."}"#),
        );
    }
    let body = if page == 0 && size == PAGE_SIZE {
        shared.first_page.clone()
    } else {
        Bytes::from(page_body(
            &shared.items,
            size,
            &next_token(page, shared.pages),
            shared.pages,
        ))
    };
    json(StatusCode::OK, body)
}

async fn create_user(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    assert!(!body.is_empty(), "create_user without a body");
    json(StatusCode::CREATED, shared.create_user.clone())
}

async fn token(State(shared): State<Arc<Shared>>) -> Response {
    let n = shared.token_requests.fetch_add(1, Ordering::SeqCst) + 1;
    let expires_in = shared.expires_in.load(Ordering::SeqCst);
    let body = format!(
        r#"{{"access_token":"bench-token-{n}","token_type":"bearer","expires_in":{expires_in},"scope":"contact_center:read:list_queues:admin"}}"#
    );
    json(StatusCode::OK, Bytes::from(body))
}

/// Resets this process's peak resident set size (`VmHWM`) to its current size (writing `5` to
/// `/proc/self/clear_refs`, Linux 4.0 and later), so that the peak of setting up (reading the
/// spec) does not hide the peak of what is measured. Returns whether the kernel accepted it.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Peak and current resident set size of this process in KiB (`VmHWM`, `VmRSS` of
/// `/proc/self/status`; Linux only).
pub fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Nanoseconds this thread has run on a CPU (`/proc/thread-self/schedstat`, Linux). Client and
/// server share the benchmarks' one thread, so this is the whole cost of a call without the time
/// other processes on the shared machine hold the CPU.
pub fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

//! A fleet sharing one account's rate limits and token through a real `redis-server` (the Debian
//! package; `.ci/run` installs it). Each test starts its own server on a free loopback port with
//! no persistence and stops it; the "processes" are separate runtimes, each with its own Redis
//! connection and nothing shared in memory, sending to a loopback mock that timestamps requests.
//!
//! Without `redis-server` on PATH the tests fail with a message saying so, never pass.

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::join_all;
use serde_json::json;
use tokio::time::Instant;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use zoom_contact_center::runtime::shared::{FaultMode, RedisRateLimiter, RedisStore};
use zoom_contact_center::runtime::{
    Allowance, Limiter, LimiterError, Limits, Plan, RateLimitLabel,
};
use zoom_contact_center::{Client, Credentials, Error, Runtime};

/// The test limit for `get_queue`'s category (LIGHT): small enough that a run takes seconds.
const PER_SECOND: u32 = 50;
const ACCOUNT: &str = "acct-fleet";

fn limits() -> Limits {
    Limits::for_plan(Plan::Pro).with(RateLimitLabel::Light, Allowance::PerSecond(PER_SECOND))
}

/// A `redis-server` child on a free loopback port, stopped on drop.
struct RedisServer {
    child: Option<Child>,
    port: u16,
}

impl RedisServer {
    fn start() -> Self {
        Self::start_on(free_port())
    }

    fn start_on(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(std::env::temp_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start redis-server ({e}): these tests need the Debian package \
                     redis-server on PATH (`apt-get install redis-server`; .ci/run installs it)"
                )
            });
        let server = Self {
            child: Some(child),
            port,
        };
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !ping(port) {
            assert!(
                std::time::Instant::now() < deadline,
                "redis-server did not answer PING on port {port}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// A plain connection of the test's own, to look at or tamper with the keys.
    async fn connection(&self) -> redis::aio::MultiplexedConnection {
        redis::Client::open(self.url())
            .unwrap()
            .get_multiplexed_async_connection()
            .await
            .unwrap()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut answer = [0u8; 7];
    stream.write_all(b"PING\r\n").is_ok()
        && stream.read_exact(&mut answer).is_ok()
        && &answer == b"+PONG\r\n"
}

/// One received API request: when, which queue id, which bearer token.
#[derive(Debug, Clone)]
struct Seen {
    at: Instant,
    id: String,
    authorization: String,
}

/// Answers `GET /contact_center/queues/{id}` and timestamps it; a request carrying the
/// rejected token (if any) gets Zoom's 401 with code 124 instead.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Seen>>>, Option<&'static str>);

impl Respond for Recorder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let id = request.url.path().rsplit('/').next().unwrap_or_default();
        let authorization = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if self
            .1
            .is_some_and(|rejected| authorization == format!("Bearer {rejected}"))
        {
            return ResponseTemplate::new(401)
                .set_body_json(json!({"code": 124, "message": "Invalid access token."}));
        }
        self.0.lock().unwrap().push(Seen {
            at: Instant::now(),
            id: id.to_owned(),
            authorization,
        });
        ResponseTemplate::new(200).set_body_json(json!({"queue_id": id, "queue_name": "Support"}))
    }
}

impl Recorder {
    fn seen(&self) -> Vec<Seen> {
        self.0.lock().unwrap().clone()
    }
}

async fn api_mock() -> (MockServer, Recorder) {
    api_mock_rejecting(None).await
}

async fn api_mock_rejecting(token: Option<&'static str>) -> (MockServer, Recorder) {
    let server = MockServer::start().await;
    let recorder = Recorder(Arc::default(), token);
    Mock::given(method("GET"))
        .and(path_regex("^/contact_center/queues/[^/]+$"))
        .respond_with(recorder.clone())
        .mount(&server)
        .await;
    (server, recorder)
}

/// One "process": a runtime with a Redis connection of its own.
fn limited_client(redis_url: &str, mode: FaultMode, base_url: &str) -> Client {
    let store = RedisStore::open(redis_url)
        .unwrap()
        .timeout(Duration::from_millis(200))
        .pause_after_failure(Duration::from_millis(200));
    let limiter = RedisRateLimiter::new(store, ACCOUNT, limits()).fault_mode(mode);
    let runtime = Runtime::builder(Credentials::bearer("tok"))
        .rate_limiter(limiter)
        .build()
        .unwrap();
    Client::from_runtime_with_base_url(runtime, base_url).unwrap()
}

/// Each client runs `workers` sequential loops of `per_worker` calls; the queue id names the
/// call, so duplicates and losses show. Returns every call's id and result.
async fn load(
    clients: &[Client],
    workers: usize,
    per_worker: usize,
) -> Vec<(String, Result<(), Error>)> {
    let mut loops = Vec::new();
    for (c, client) in clients.iter().enumerate() {
        for w in 0..workers {
            loops.push(async move {
                let mut results = Vec::new();
                for i in 0..per_worker {
                    let id = format!("c{c}-w{w}-{i}");
                    let result = client.get_queue().queue_id(&id).send().await;
                    results.push((id, result.map(drop).map_err(Error::from)));
                }
                results
            });
        }
    }
    join_all(loops).await.into_iter().flatten().collect()
}

/// The most requests seen in any one-second window.
fn busiest_second(seen: &[Seen]) -> usize {
    let mut times: Vec<Instant> = seen.iter().map(|s| s.at).collect();
    times.sort();
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| **t < times[i] + Duration::from_secs(1))
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// Every call that succeeded reached the server exactly once, and no failed call reached it.
fn assert_accounted(results: &[(String, Result<(), Error>)], seen: &[Seen]) {
    let received: Vec<&str> = seen.iter().map(|s| s.id.as_str()).collect();
    let unique: HashSet<&str> = received.iter().copied().collect();
    assert_eq!(unique.len(), received.len(), "a request was sent twice");
    let ok: HashSet<&str> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(ok, unique, "succeeded calls and received requests differ");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_stays_within_one_shared_budget() {
    let redis = RedisServer::start();
    let (server, recorder) = api_mock().await;
    let clients: Vec<Client> = (0..4)
        .map(|_| limited_client(&redis.url(), FaultMode::Strict, &server.uri()))
        .collect();

    // 4 clients x 5 workers x 10 calls = 200 requests: 50 at once (the burst), then 50/s.
    let results = load(&clients, 5, 10).await;

    assert_eq!(results.len(), 200);
    for (id, result) in &results {
        assert!(result.is_ok(), "{id}: {result:?}");
    }
    let seen = recorder.seen();
    assert_accounted(&results, &seen);
    // Four in-process limiters would let 4 x (50 + 50) through in the first second.
    let busiest = busiest_second(&seen);
    assert!(
        busiest <= 2 * PER_SECOND as usize,
        "{busiest} requests in one second; the shared limit plus burst is {}",
        2 * PER_SECOND
    );

    // The budget's key is namespaced by account and category, and expires.
    let mut connection = redis.connection().await;
    let ttl: i64 = redis::cmd("PTTL")
        .arg(format!("zcc:{ACCOUNT}:light"))
        .query_async(&mut connection)
        .await
        .unwrap();
    assert!((1..=2_000).contains(&ttl), "PTTL {ttl}");
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query_async(&mut connection)
        .await
        .unwrap();
    assert_eq!(keys, [format!("zcc:{ACCOUNT}:light")]);
}

/// Counts token requests and hands out `tok-1`, `tok-2`... living one second, slowly, so that
/// the other processes really are waiting while one refreshes.
#[derive(Clone, Default)]
struct TokenEndpoint(Arc<AtomicUsize>);

impl Respond for TokenEndpoint {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(json!({"access_token": format!("tok-{n}"), "token_type": "bearer", "expires_in": 1}))
            .set_delay(Duration::from_millis(150))
    }
}

async fn token_mock(server: &MockServer) -> TokenEndpoint {
    let endpoint = TokenEndpoint::default();
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(endpoint.clone())
        .mount(server)
        .await;
    endpoint
}

fn token_sharing_client(redis_url: &str, server: &MockServer) -> Client {
    let store = RedisStore::open(redis_url)
        .unwrap()
        .timeout(Duration::from_millis(200));
    let runtime = Runtime::builder(Credentials::server_to_server(ACCOUNT, "client-1", "secret"))
        .token_url(format!("{}/oauth/token", server.uri()))
        .token_refresh_margin(Duration::ZERO)
        .shared_token(store)
        .build()
        .unwrap();
    Client::from_runtime_with_base_url(runtime, &server.uri()).unwrap()
}

fn tokens_used(seen: &[Seen]) -> HashSet<String> {
    seen.iter().map(|s| s.authorization.clone()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_token_request_for_the_fleet_per_expiry() {
    let redis = RedisServer::start();
    let (server, recorder) = api_mock().await;
    let tokens = token_mock(&server).await;
    let clients: Vec<Client> = (0..4)
        .map(|_| token_sharing_client(&redis.url(), &server))
        .collect();

    let results = load(&clients, 3, 2).await;
    assert!(results.iter().all(|(_, r)| r.is_ok()), "{results:?}");
    assert_eq!(
        tokens.0.load(Ordering::SeqCst),
        1,
        "token requests for the first token"
    );
    assert_eq!(
        tokens_used(&recorder.seen()),
        HashSet::from(["Bearer tok-1".to_owned()])
    );

    // The token lives one second; in Redis it expires with it.
    let mut connection = redis.connection().await;
    let ttl: i64 = redis::cmd("PTTL")
        .arg(format!("zcc:{ACCOUNT}:token:client-1"))
        .query_async(&mut connection)
        .await
        .unwrap();
    assert!((1..=1_000).contains(&ttl), "PTTL {ttl}");

    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let before = recorder.seen().len();
    let results = load(&clients, 3, 2).await;
    assert!(results.iter().all(|(_, r)| r.is_ok()), "{results:?}");
    assert_eq!(
        tokens.0.load(Ordering::SeqCst),
        2,
        "token requests across one expiry"
    );
    assert_eq!(
        tokens_used(&recorder.seen()[before..]),
        HashSet::from(["Bearer tok-2".to_owned()])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_token_zoom_rejects_is_replaced_for_the_whole_fleet() {
    let redis = RedisServer::start();
    let (server, recorder) = api_mock_rejecting(Some("tok-1")).await;
    let tokens = token_mock(&server).await;
    let first = token_sharing_client(&redis.url(), &server);
    first.get_queue().queue_id("a").send().await.unwrap();
    // tok-1 was refused (code 124): the runtime dropped it from Redis, fetched tok-2, replayed.
    assert_eq!(tokens.0.load(Ordering::SeqCst), 2);
    let second = token_sharing_client(&redis.url(), &server);
    second.get_queue().queue_id("b").send().await.unwrap();
    assert_eq!(
        tokens.0.load(Ordering::SeqCst),
        2,
        "the replacement was not shared"
    );
    assert_eq!(
        tokens_used(&recorder.seen()),
        HashSet::from(["Bearer tok-2".to_owned()])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_that_cannot_reach_redis_fetches_its_own_token() {
    let nobody = format!("redis://127.0.0.1:{}/", free_port());
    let (server, recorder) = api_mock().await;
    let tokens = token_mock(&server).await;
    let clients: Vec<Client> = (0..2)
        .map(|_| token_sharing_client(&nobody, &server))
        .collect();

    let results = load(&clients, 2, 2).await;

    assert!(results.iter().all(|(_, r)| r.is_ok()), "{results:?}");
    assert_eq!(tokens.0.load(Ordering::SeqCst), 2, "one token per process");
    assert_eq!(tokens_used(&recorder.seen()).len(), 2);
}

/// 2 clients x 4 workers x 15 calls = 120 requests at 50/s after a burst of 50 (about 1.4 s);
/// Redis is stopped 0.5 s in. Returns the results, what the server saw, and how many calls
/// had finished before the stop.
async fn stop_redis_mid_run(
    mode: FaultMode,
) -> (Vec<(String, Result<(), Error>)>, Vec<Seen>, usize) {
    let mut redis = RedisServer::start();
    let (server, recorder) = api_mock().await;
    let clients: Vec<Client> = (0..2)
        .map(|_| limited_client(&redis.url(), mode, &server.uri()))
        .collect();
    let run = load(&clients, 4, 15);
    let stop = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let before = recorder.seen().len();
        redis.stop();
        before
    };
    let (results, before) = tokio::join!(run, stop);
    (results, recorder.seen(), before)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopped_mid_run_by_default_limits_in_process() {
    let (results, seen, before) = stop_redis_mid_run(FaultMode::FallBack).await;
    assert_eq!(results.len(), 120);
    for (id, result) in &results {
        assert!(result.is_ok(), "{id}: {result:?}");
    }
    assert_accounted(&results, &seen);
    assert!(before < 120, "Redis was stopped after the run");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopped_mid_run_in_strict_mode_fails_calls_with_the_typed_error() {
    let (results, seen, before) = stop_redis_mid_run(FaultMode::Strict).await;
    assert_eq!(results.len(), 120);
    let failed: Vec<&Error> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().err())
        .collect();
    assert!(!failed.is_empty(), "no call failed after Redis stopped");
    for error in &failed {
        // The store's own failure, not the text-only fallback (`LimiterError::Hook`).
        assert!(
            matches!(
                error,
                Error::Limiter(
                    LimiterError::Unreachable { store: "redis", .. }
                        | LimiterError::Timeout { store: "redis", .. }
                )
            ),
            "{error:?}"
        );
        assert!(
            error.to_string().starts_with(LimiterError::HOOK_PREFIX),
            "{error}"
        );
    }
    assert!(
        seen.len() >= before && before > 0,
        "{} seen, {before} before the stop",
        seen.len()
    );
    assert_accounted(&results, &seen);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_redis_counts_as_unreachable_and_a_restarted_one_is_used_again() {
    let mut redis = RedisServer::start();
    let store = || {
        RedisStore::open(&redis.url())
            .unwrap()
            .timeout(Duration::from_millis(100))
            .pause_after_failure(Duration::from_millis(300))
    };
    let strict = RedisRateLimiter::new(store(), ACCOUNT, limits()).fault_mode(FaultMode::Strict);
    let lenient = RedisRateLimiter::new(store(), ACCOUNT, limits());
    strict.acquire(RateLimitLabel::Light).await.unwrap();
    lenient.acquire(RateLimitLabel::Light).await.unwrap();

    // Redis stops answering (every client paused) for two seconds.
    let mut connection = redis.connection().await;
    let () = redis::cmd("CLIENT")
        .arg("PAUSE")
        .arg(2000)
        .arg("ALL")
        .query_async(&mut connection)
        .await
        .unwrap();
    let started = Instant::now();
    let error = strict.acquire(RateLimitLabel::Light).await.unwrap_err();
    assert!(matches!(error, LimiterError::Timeout { .. }), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_millis(1_500),
        "the deadline was not kept"
    );
    lenient.acquire(RateLimitLabel::Light).await.unwrap();
    // Within the pause after a failure the store is not even asked.
    let error = strict.acquire(RateLimitLabel::Light).await.unwrap_err();
    assert!(matches!(error, LimiterError::Timeout { .. }), "{error:?}");

    // A restarted Redis (same port, empty) is used again once the pause is over.
    let port = redis.port;
    redis.stop();
    let _restarted = RedisServer::start_on(port);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let mut ok = false;
    for _ in 0..20 {
        if strict.acquire(RateLimitLabel::Light).await.is_ok() {
            ok = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(350)).await;
    }
    assert!(
        ok,
        "the strict limiter did not recover after Redis restarted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_of_the_wrong_type_is_an_error_not_a_panic() {
    let redis = RedisServer::start();
    let mut connection = redis.connection().await;
    let key = format!("zcc:{ACCOUNT}:light");
    let () = redis::cmd("HSET")
        .arg(&key)
        .arg("field")
        .arg("value")
        .query_async::<i64>(&mut connection)
        .await
        .map(drop)
        .unwrap();
    let store = RedisStore::open(&redis.url()).unwrap();
    let strict =
        RedisRateLimiter::new(store.clone(), ACCOUNT, limits()).fault_mode(FaultMode::Strict);
    let error = strict.acquire(RateLimitLabel::Light).await.unwrap_err();
    assert!(
        matches!(error, LimiterError::Unreachable { .. }),
        "{error:?}"
    );

    // A value that is not a number is read as an empty budget, not a crash.
    let () = redis::cmd("SET")
        .arg(&key)
        .arg("not a number")
        .query_async(&mut connection)
        .await
        .unwrap();
    let fresh = RedisRateLimiter::new(RedisStore::open(&redis.url()).unwrap(), ACCOUNT, limits())
        .fault_mode(FaultMode::Strict);
    fresh.acquire(RateLimitLabel::Light).await.unwrap();
}

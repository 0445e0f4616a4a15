//! Retries in `Runtime::execute`: 429 with both `Retry-After` forms, 5xx only for idempotent
//! methods, giving up with the last answer and a typed rate-limit error.

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use std::time::{Duration, SystemTime};

use progenitor_client::ResponseValue;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_contact_center_runtime::{
    ApiErrorBody, Credentials, Error, OperationMeta, RateLimitLabel, RetryAfter, RetryPolicy,
    Runtime,
};

fn op(method: &'static str) -> OperationMeta {
    OperationMeta {
        operation_id: "someOperation",
        zoom_operation_id: "someOperation",
        method,
        path: "/contact_center/queues",
        rate_limit: RateLimitLabel::Light,
        scopes: &[],
        granular_scopes: &[],
    }
}

/// Short backoff so retries without `Retry-After` do not slow the tests down.
fn policy(max_attempts: u32, max_total_wait: Duration) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_total_wait,
    }
}

fn runtime(policy: RetryPolicy) -> Runtime {
    Runtime::builder(Credentials::bearer("tok"))
        .retry_policy(policy)
        .build()
        .unwrap()
}

async fn send(runtime: &Runtime, server: &MockServer, verb: &'static str) -> reqwest::Response {
    let http = runtime.http_client().unwrap();
    let url = format!("{}/contact_center/queues", server.uri());
    let builder = match verb {
        "GET" => http.get(url),
        "POST" => http.post(url).json(&json!({"queue_name": "Support"})),
        other => panic!("unsupported {other}"),
    };
    let mut request = builder.build().unwrap();
    runtime.authorize(&mut request).await.unwrap();
    runtime.execute(&http, request, &op(verb)).await.unwrap()
}

fn too_many(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("retry-after", retry_after)
        .insert_header("x-ratelimit-category", "Light")
        .insert_header("x-ratelimit-type", "QPS")
        .insert_header("x-ratelimit-limit", "20")
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-zm-trackingid", "v=2.0;clid=us06;rid=TRACK-429")
        .set_body_json(
            json!({"code": 429, "message": "You have reached the maximum per-second rate limit."}),
        )
}

async fn mount_then_ok(server: &MockServer, first: ResponseTemplate, verb: &str) {
    Mock::given(method(verb))
        .and(path("/contact_center/queues"))
        .respond_with(first)
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path("/contact_center/queues"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"queues": []})))
        .expect(1)
        .mount(server)
        .await;
}

/// Converts a final answer the way generated code does for a documented error status.
async fn typed_error(response: reqwest::Response) -> Error {
    let value = ResponseValue::<ApiErrorBody>::from_response::<ApiErrorBody>(response)
        .await
        .unwrap();
    Error::from(progenitor_client::Error::ErrorResponse(value))
}

#[tokio::test]
async fn a_429_with_retry_after_seconds_is_retried_even_for_post() {
    let server = MockServer::start().await;
    mount_then_ok(&server, too_many("1"), "POST").await;
    let runtime = runtime(policy(3, Duration::from_secs(10)));
    assert_eq!(send(&runtime, &server, "POST").await.status(), 200);
    server.verify().await;
}

#[tokio::test]
async fn a_429_with_retry_after_http_date_is_retried() {
    let server = MockServer::start().await;
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    mount_then_ok(&server, too_many(&at), "GET").await;
    let runtime = runtime(policy(3, Duration::from_secs(10)));
    assert_eq!(send(&runtime, &server, "GET").await.status(), 200);
    server.verify().await;
}

#[tokio::test]
async fn a_429_without_retry_after_backs_off_and_retries() {
    let server = MockServer::start().await;
    mount_then_ok(
        &server,
        ResponseTemplate::new(429).set_body_string(""),
        "GET",
    )
    .await;
    let runtime = runtime(policy(3, Duration::from_secs(10)));
    assert_eq!(send(&runtime, &server, "GET").await.status(), 200);
    server.verify().await;
}

#[tokio::test]
async fn a_503_is_retried_for_get() {
    let server = MockServer::start().await;
    mount_then_ok(&server, ResponseTemplate::new(503), "GET").await;
    let runtime = runtime(policy(3, Duration::from_secs(10)));
    assert_eq!(send(&runtime, &server, "GET").await.status(), 200);
    server.verify().await;
}

#[tokio::test]
async fn a_503_is_not_retried_for_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream unavailable"))
        .expect(1)
        .mount(&server)
        .await;
    let runtime = runtime(policy(3, Duration::from_secs(10)));
    let response = send(&runtime, &server, "POST").await;
    assert_eq!(response.status(), 503);
    let body: ApiErrorBody = response.json().await.unwrap();
    assert_eq!(body.message.as_deref(), Some("upstream unavailable"));
    server.verify().await;
}

#[tokio::test]
async fn gives_up_after_max_attempts_with_a_typed_rate_limit_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(too_many("0"))
        .expect(3)
        .mount(&server)
        .await;
    let runtime = runtime(policy(3, Duration::from_secs(10)));
    let response = send(&runtime, &server, "GET").await;
    assert_eq!(response.status(), 429);
    match typed_error(response).await {
        Error::RateLimited {
            info,
            code,
            tracking_id,
            ..
        } => {
            assert_eq!(info.category.as_deref(), Some("Light"));
            assert_eq!(info.limit_type.as_deref(), Some("QPS"));
            assert_eq!(info.limit, Some(20));
            assert_eq!(info.remaining, Some(0));
            assert_eq!(info.retry_after, Some(RetryAfter::Delay(Duration::ZERO)));
            assert_eq!(code, Some(429));
            assert_eq!(
                tracking_id.as_deref(),
                Some("v=2.0;clid=us06;rid=TRACK-429")
            );
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    server.verify().await;
}

#[tokio::test]
async fn a_daily_limit_beyond_the_wait_budget_gives_up_at_once() {
    let server = MockServer::start().await;
    let tomorrow = SystemTime::now() + Duration::from_secs(20 * 3600);
    Mock::given(method("GET"))
        .respond_with(
            too_many(&httpdate::fmt_http_date(tomorrow))
                .insert_header("x-ratelimit-type", "Daily-limit"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let runtime = runtime(policy(5, Duration::from_secs(30)));
    let response = send(&runtime, &server, "GET").await;
    assert_eq!(response.status(), 429);
    let error = typed_error(response).await;
    let Error::RateLimited { info, .. } = &error else {
        panic!("expected RateLimited, got {error:?}");
    };
    assert_eq!(info.limit_type.as_deref(), Some("Daily-limit"));
    assert!(matches!(info.retry_after, Some(RetryAfter::At(_))));
    let retry_at = error.retry_at().unwrap();
    assert!(retry_at > SystemTime::now() + Duration::from_secs(3600));
    server.verify().await;
}

#[tokio::test]
async fn a_connection_failure_surfaces_as_a_transport_error() {
    // Nothing listens on a port that was just released (wiremock pools its servers, so one
    // of those cannot be used).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let uri = format!("http://127.0.0.1:{port}");
    let runtime = runtime(policy(3, Duration::from_secs(10)));
    let http = runtime.http_client().unwrap();
    let request = http
        .get(format!("{uri}/contact_center/queues"))
        .build()
        .unwrap();
    let error = runtime
        .execute(&http, request, &op("GET"))
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert!(matches!(Error::from(error), Error::Transport(_)));
}

#[tokio::test]
async fn acquire_draws_on_the_client_side_limiter_of_the_operations_category() {
    use std::sync::Arc;
    use zoom_contact_center_runtime::{Plan, RateLimiter};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(5)
        .mount(&server)
        .await;
    let limiter = Arc::new(RateLimiter::new(Plan::Pro));
    let runtime = Runtime::builder(Credentials::bearer("tok"))
        .rate_limiter(Arc::clone(&limiter))
        .build()
        .unwrap();
    let http = runtime.http_client().unwrap();
    let report = OperationMeta {
        rate_limit: RateLimitLabel::ResourceIntensive,
        ..op("GET")
    };
    // Pro allows 5 resource-intensive calls per minute: after five, none is left.
    for _ in 0..5 {
        let request = http.get(server.uri()).build().unwrap();
        // The first attempt's slot is taken before `execute` (the `pre` hook's job).
        runtime.acquire(report.rate_limit).await.unwrap();
        let response = runtime.execute(&http, request, &report).await.unwrap();
        assert_eq!(response.status(), 200);
    }
    assert!(!limiter.try_acquire(RateLimitLabel::ResourceIntensive));
    assert!(limiter.try_acquire(RateLimitLabel::Light));
    server.verify().await;
}

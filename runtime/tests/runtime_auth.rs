//! Authentication through `Runtime::authorize` / `Runtime::execute` against a loopback mock of
//! Zoom's token endpoint and API.

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{basic_auth, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_contact_center_runtime::{
    ApiErrorBody, AuthError, Credentials, ExposeSecret, OperationMeta, RateLimitLabel, RetryPolicy,
    Runtime,
};

const LIST_QUEUES: OperationMeta = OperationMeta {
    operation_id: "listQueues",
    zoom_operation_id: "listQueues",
    method: "GET",
    path: "/contact_center/queues",
    rate_limit: RateLimitLabel::Medium,
    scopes: &["contact_center_queue:read:admin"],
    granular_scopes: &["contact_center:read:list_queues:admin"],
};

fn token(access_token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": 3600,
        "scope": "contact_center:read:list_queues:admin",
    }))
}

fn expired() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({
        "code": 124,
        "message": "Access token has expired."
    }))
}

fn runtime(server: &MockServer, credentials: Credentials) -> Runtime {
    Runtime::builder(credentials)
        .token_url(format!("{}/oauth/token", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn s2s() -> Credentials {
    Credentials::server_to_server("acct-1", "client-1", "client-secret-value")
}

fn get(http: &reqwest::Client, server: &MockServer) -> reqwest::Request {
    http.get(format!("{}/contact_center/queues", server.uri()))
        .build()
        .unwrap()
}

/// Sends one call the way the generated client's hooks do.
async fn call(runtime: &Runtime, http: &reqwest::Client, server: &MockServer) -> reqwest::Response {
    let mut request = get(http, server);
    runtime.authorize(&mut request).await.unwrap();
    runtime.execute(http, request, &LIST_QUEUES).await.unwrap()
}

#[tokio::test]
async fn fifty_concurrent_calls_make_exactly_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(basic_auth("client-1", "client-secret-value"))
        .and(body_string_contains("grant_type=account_credentials"))
        .and(body_string_contains("account_id=acct-1"))
        // Slow enough that every caller arrives while the request is in flight.
        .respond_with(token("tok-1").set_delay(Duration::from_millis(200)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contact_center/queues"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"queues": []})))
        .expect(50)
        .mount(&server)
        .await;

    let runtime = runtime(&server, s2s());
    let http = runtime.http_client().unwrap();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let runtime = runtime.clone();
            let http = http.clone();
            let uri = server.uri();
            tokio::spawn(async move {
                let mut request = http
                    .get(format!("{uri}/contact_center/queues"))
                    .build()
                    .unwrap();
                runtime.authorize(&mut request).await.unwrap();
                runtime.execute(&http, request, &LIST_QUEUES).await.unwrap()
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().status(), 200);
    }
    server.verify().await;
}

#[tokio::test]
async fn a_401_with_code_124_renews_once_and_replays_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("tok-1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("tok-2"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(expired())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"queues": []})))
        .expect(1)
        .mount(&server)
        .await;

    let runtime = runtime(&server, s2s());
    let http = runtime.http_client().unwrap();
    assert_eq!(call(&runtime, &http, &server).await.status(), 200);
    // The renewed token is cached for later calls.
    let mut request = get(&http, &server);
    runtime.authorize(&mut request).await.unwrap();
    assert_eq!(request.headers()["authorization"], "Bearer tok-2");
    // The cached header value stays marked sensitive, so hyper never logs it.
    assert!(request.headers()["authorization"].is_sensitive());
    server.verify().await;
}

#[tokio::test]
async fn a_second_401_is_handed_back_without_another_renewal() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("tok-1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("tok-2"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(expired())
        .expect(2)
        .mount(&server)
        .await;

    let runtime = runtime(&server, s2s());
    let http = runtime.http_client().unwrap();
    let response = call(&runtime, &http, &server).await;
    assert_eq!(response.status(), 401);
    let body: ApiErrorBody = response.json().await.unwrap();
    assert_eq!(body.code, Some(124));
    let token_requests = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .count();
    assert_eq!(token_requests, 2);
    server.verify().await;
}

#[tokio::test]
async fn a_401_with_another_code_is_not_replayed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("tok-1"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "code": 1002,
            "message": "The user associated with this access token was not found or is invalid."
        })))
        .expect(1)
        .mount(&server)
        .await;
    let runtime = runtime(&server, s2s());
    let http = runtime.http_client().unwrap();
    assert_eq!(call(&runtime, &http, &server).await.status(), 401);
    server.verify().await;
}

#[tokio::test]
async fn user_oauth_keeps_each_rotated_refresh_token() {
    let server = MockServer::start().await;
    let issue = |access: &str, refresh: &str| {
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": access,
            "token_type": "bearer",
            "expires_in": 3600,
            "refresh_token": refresh,
        }))
    };
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(basic_auth("client-1", "client-secret-value"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=refresh-1"))
        .respond_with(issue("access-1", "refresh-2"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("refresh_token=refresh-2"))
        .respond_with(issue("access-2", "refresh-3"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer access-1"))
        .respond_with(expired())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer access-2"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let persisted = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&persisted);
    let runtime = Runtime::builder(Credentials::user_oauth(
        "client-1",
        "client-secret-value",
        "refresh-1",
    ))
    .token_url(format!("{}/oauth/token", server.uri()))
    .on_refresh_token(move |token| sink.lock().unwrap().push(token.expose_secret().to_owned()))
    .build()
    .unwrap();
    let http = runtime.http_client().unwrap();

    let mut request = get(&http, &server);
    runtime.authorize(&mut request).await.unwrap();
    assert_eq!(
        runtime.refresh_token().await.unwrap().expose_secret(),
        "refresh-2"
    );
    // Zoom rejects access-1: the renewal must use the rotated refresh token.
    let response = runtime.execute(&http, request, &LIST_QUEUES).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        runtime.refresh_token().await.unwrap().expose_secret(),
        "refresh-3"
    );
    assert_eq!(*persisted.lock().unwrap(), vec!["refresh-2", "refresh-3"]);
    server.verify().await;
}

#[tokio::test]
async fn a_fixed_bearer_token_is_sent_and_never_renewed() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(token("never"))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer fixed-token"))
        .respond_with(expired())
        .expect(1)
        .mount(&server)
        .await;
    let runtime = runtime(&server, Credentials::bearer("fixed-token"));
    let http = runtime.http_client().unwrap();
    assert_eq!(call(&runtime, &http, &server).await.status(), 401);
    server.verify().await;
}

#[tokio::test]
async fn secrets_never_appear_in_debug_output_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("refresh_token=refresh-secret-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "access-secret-1",
            "expires_in": 3600,
            "refresh_token": "refresh-secret-2",
        })))
        .mount(&server)
        .await;
    let runtime = runtime(
        &server,
        Credentials::user_oauth("client-1", "client-secret-value", "refresh-secret-1"),
    );
    let http = runtime.http_client().unwrap();
    let mut request = get(&http, &server);
    runtime.authorize(&mut request).await.unwrap();
    assert!(request.headers()["authorization"].is_sensitive());
    let shown = format!("{runtime:?} {runtime:#?}");
    assert!(shown.contains("client-1"), "{shown}");
    for secret in ["client-secret-value", "refresh-secret", "access-secret"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }

    // A refused token request names the reason, not the secret.
    let refused = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "reason": "Invalid client_id or client_secret",
            "error": "invalid_client"
        })))
        .mount(&refused)
        .await;
    let runtime = self::runtime(&refused, s2s());
    let mut request = get(&http, &refused);
    let error = runtime.authorize(&mut request).await.unwrap_err();
    assert!(
        matches!(&error, AuthError::Rejected { status, error: Some(e), .. } if *status == 400 && e == "invalid_client"),
        "{error:?}"
    );
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("client-secret-value"), "{shown}");
    assert!(request.headers().get("authorization").is_none());
}

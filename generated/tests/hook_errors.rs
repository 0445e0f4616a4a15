//! Errors of the `pre` hook (authentication, a strict rate limiter) reach the caller of a generated
//! method typed: `Error::from` (or `?`) gives the runtime's original `AuthError` / `LimiterError`,
//! not the text progenitor's hook error carries. Everything talks to a loopback mock.

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use std::net::TcpListener;

use futures::future::BoxFuture;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_contact_center::runtime::{Limiter, LimiterError};
use zoom_contact_center::{
    AuthError, Client, Credentials, Error, RateLimitLabel, RetryPolicy, Runtime,
};

/// Any API request is a failure: the hook failed, so nothing may be sent.
async fn api_mock_expecting_nothing() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    server
}

fn client(runtime: Runtime, server: &MockServer) -> Client {
    Client::from_runtime_with_base_url(runtime, &server.uri()).unwrap()
}

fn server_to_server(token_url: String) -> Runtime {
    Runtime::builder(Credentials::server_to_server("acct", "cid", "wrong-secret"))
        .token_url(token_url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// What a user writes: `?` from the generated method's error into the crate's error.
async fn queue_name(client: &Client, id: &str) -> Result<Option<String>, Error> {
    Ok(client
        .get_queue()
        .queue_id(id)
        .send()
        .await?
        .into_inner()
        .queue_name)
}

#[tokio::test]
async fn a_rejected_token_request_arrives_as_the_typed_rejection() {
    let server = api_mock_expecting_nothing().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": "invalid_client",
            "reason": "Invalid client_id or client_secret"
        })))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(
        server_to_server(format!("{}/oauth/token", server.uri())),
        &server,
    );

    // `Error::from` on the generated method's error...
    let raw = client.get_queue().queue_id("q1").send().await.unwrap_err();
    // ...whose own text still reads as the runtime's message.
    let text = raw.to_string();
    assert!(
        text.contains("Zoom authentication failed: token endpoint answered HTTP 401"),
        "{text}"
    );
    match Error::from(raw) {
        Error::Auth(AuthError::Rejected {
            status,
            error,
            reason,
        }) => {
            assert_eq!(status.as_u16(), 401);
            assert_eq!(error.as_deref(), Some("invalid_client"));
            assert_eq!(
                reason.as_deref(),
                Some("Invalid client_id or client_secret")
            );
        }
        other => panic!("expected the token endpoint's rejection, got {other:?}"),
    }

    // ...and `?`.
    let error = queue_name(&client, "q1").await.unwrap_err();
    assert!(
        matches!(&error, Error::Auth(AuthError::Rejected { status, .. }) if status.as_u16() == 401),
        "{error:?}"
    );
    server.verify().await;
}

#[tokio::test]
async fn an_unreachable_token_endpoint_keeps_its_transport_error() {
    let server = api_mock_expecting_nothing().await;
    // A port that was free a moment ago: the connection is refused.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client(
        server_to_server(format!("http://127.0.0.1:{port}/oauth/token")),
        &server,
    );

    let error = queue_name(&client, "q1").await.unwrap_err();
    match &error {
        Error::Auth(AuthError::Transport(source)) => {
            assert!(source.is_connect() || source.is_request(), "{source:?}");
            assert!(
                std::error::Error::source(&error).is_some(),
                "the reqwest error is the source"
            );
        }
        other => panic!("expected the token request's transport error, got {other:?}"),
    }
    server.verify().await;
}

/// A strict shared limiter whose store is down.
#[derive(Debug)]
struct StoreDown;

impl Limiter for StoreDown {
    fn acquire(&self, _label: RateLimitLabel) -> BoxFuture<'_, Result<(), LimiterError>> {
        Box::pin(async { Err(store_down()) })
    }
}

fn store_down() -> LimiterError {
    LimiterError::Unreachable {
        store: "redis",
        reason: "connection refused".into(),
    }
}

#[tokio::test]
async fn a_strict_limiter_failure_arrives_as_the_typed_limiter_error() {
    let server = api_mock_expecting_nothing().await;
    let runtime = Runtime::builder(Credentials::bearer("tok"))
        .rate_limiter(StoreDown)
        .build()
        .unwrap();
    let client = client(runtime, &server);

    let error = queue_name(&client, "q1").await.unwrap_err();
    assert!(
        matches!(&error, Error::Limiter(e) if *e == store_down()),
        "{error:?}"
    );
    server.verify().await;
}

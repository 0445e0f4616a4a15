//! The runtime plugged into progenitor's hooks exactly as the generated client will do it, with
//! a hand-written stand-in for one generated method (same shape as progenitor 0.15's output).

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_contact_center_runtime::{
    ApiErrorBody, AuthError, Credentials, Error, OperationMeta, RateLimitLabel, RetryPolicy,
    Runtime, hook_error,
};

const OPERATIONS: &[OperationMeta] = &[OperationMeta {
    operation_id: "getQueue",
    zoom_operation_id: "getQueue",
    method: "GET",
    path: "/contact_center/queues/{queueId}",
    rate_limit: RateLimitLabel::Light,
    scopes: &["contact_center_queue:read:admin"],
    granular_scopes: &["contact_center:read:queue:admin"],
}];

/// Stand-in for `crate::generated::operations::lookup`.
fn lookup(operation_id: &str) -> &'static OperationMeta {
    OPERATIONS
        .iter()
        .find(|op| op.operation_id == operation_id)
        .unwrap()
}

/// Same fields as the generated client.
struct Client {
    baseurl: String,
    client: reqwest::Client,
    inner: Runtime,
}

impl ClientInfo<Runtime> for Client {
    fn api_version() -> &'static str {
        "2"
    }
    fn baseurl(&self) -> &str {
        &self.baseurl
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &Runtime {
        &self.inner
    }
}

/// The wiring the integrator writes.
impl ClientHooks<Runtime> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        self.inner
            .authorize(request)
            .await
            .map_err(|e| progenitor_client::Error::Custom(hook_error::park(e)))?;
        self.inner
            .acquire(lookup(info.operation_id).rate_limit)
            .await
            .map_err(|e| progenitor_client::Error::Custom(hook_error::park(e)))
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let meta = lookup(info.operation_id);
        self.inner.execute(&self.client, request, meta).await
    }
}

#[derive(Debug, Deserialize)]
struct Queue {
    queue_name: String,
}

impl Client {
    /// Shaped like progenitor's generated `send` for `GET /contact_center/queues/{queueId}`.
    async fn get_queue(
        &self,
        queue_id: &str,
    ) -> Result<ResponseValue<Queue>, progenitor_client::Error<ApiErrorBody>> {
        let url = format!(
            "{}/contact_center/queues/{}",
            self.baseurl,
            progenitor_client::encode_path(queue_id)
        );
        let mut request = self.client.get(url).build()?;
        let info = OperationInfo {
            operation_id: "getQueue",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200 => ResponseValue::from_response(response).await,
            400..=599 => Err(progenitor_client::Error::ErrorResponse(
                ResponseValue::from_response(response).await?,
            )),
            _ => Err(progenitor_client::Error::UnexpectedResponse(response)),
        }
    }
}

fn client(server: &MockServer) -> Client {
    let runtime = Runtime::builder(Credentials::server_to_server("acct", "cid", "secret"))
        .token_url(format!("{}/oauth/token", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    Client {
        baseurl: server.uri(),
        client: runtime.http_client().unwrap(),
        inner: runtime,
    }
}

/// What a user writes: `?` from the generated error into the crate's error.
async fn queue_name(client: &Client, id: &str) -> Result<String, Error> {
    Ok(client.get_queue(id).await?.into_inner().queue_name)
}

#[tokio::test]
async fn a_generated_call_authenticates_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok", "expires_in": 3600})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contact_center/queues/q1"))
        .and(header("authorization", "Bearer tok"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"queue_name": "Support"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contact_center/queues/missing"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-zm-trackingid", "track-1")
                .set_body_string(""),
        )
        .mount(&server)
        .await;

    let client = client(&server);
    assert_eq!(queue_name(&client, "q1").await.unwrap(), "Support");
    let error = queue_name(&client, "missing").await.unwrap_err();
    assert!(
        matches!(&error, Error::Api { status, code: None, tracking_id: Some(t), .. } if status.as_u16() == 404 && t == "track-1"),
        "{error:?}"
    );
    server.verify().await;
}

#[tokio::test]
async fn a_token_failure_in_the_pre_hook_arrives_as_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "reason": "Invalid client_id or client_secret",
            "error": "invalid_client"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;

    let error = queue_name(&client(&server), "q1").await.unwrap_err();
    match &error {
        Error::Auth(AuthError::Rejected {
            status,
            error,
            reason,
        }) => {
            assert_eq!(status.as_u16(), 400);
            assert_eq!(error.as_deref(), Some("invalid_client"));
            assert_eq!(
                reason.as_deref(),
                Some("Invalid client_id or client_secret")
            );
        }
        other => panic!("expected the token endpoint's rejection, got {other:?}"),
    }
    server.verify().await;
}

//! Error answers: `Runtime::execute` normalises their bodies so progenitor can always decode
//! them, and the conversion into the crate's `Error` keeps status, Zoom code, message and
//! tracking id.

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use progenitor_client::ResponseValue;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_contact_center_runtime::{
    ApiErrorBody, Credentials, Error, OperationMeta, RateLimitLabel, RetryPolicy, Runtime,
};

const GET_QUEUE: OperationMeta = OperationMeta {
    operation_id: "getQueue",
    zoom_operation_id: "getQueue",
    method: "GET",
    path: "/contact_center/queues/{queueId}",
    rate_limit: RateLimitLabel::Light,
    scopes: &[],
    granular_scopes: &[],
};

const TRACKING: &str = "v=2.0;clid=aw1;rid=WEB_abc123";

/// Serves `answer` once and returns what the generated client would see: the error converted
/// from progenitor's `ErrorResponse` after decoding the (normalised) body.
async fn error_for(answer: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(answer.insert_header("x-zm-trackingid", TRACKING))
        .expect(1)
        .mount(&server)
        .await;
    let runtime = Runtime::builder(Credentials::bearer("tok"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let http = runtime.http_client().unwrap();
    let mut request = http
        .get(format!("{}/contact_center/queues/q1", server.uri()))
        .build()
        .unwrap();
    runtime.authorize(&mut request).await.unwrap();
    let response = runtime.execute(&http, request, &GET_QUEUE).await.unwrap();
    let value = ResponseValue::<ApiErrorBody>::from_response::<ApiErrorBody>(response)
        .await
        .expect("normalised error bodies always decode");
    Error::from(progenitor_client::Error::ErrorResponse(value))
}

fn expect_api(error: Error) -> (u16, Option<i64>, Option<String>, Option<String>) {
    match error {
        Error::Api {
            status,
            code,
            message,
            tracking_id,
        } => (status.as_u16(), code, message, tracking_id),
        other => panic!("expected Api, got {other:?}"),
    }
}

#[tokio::test]
async fn a_json_error_body_is_decoded() {
    let error = error_for(
        ResponseTemplate::new(404)
            .set_body_json(json!({"code": 1001, "message": "Queue does not exist: q1."})),
    )
    .await;
    let text = error.to_string();
    assert!(text.contains("1001") && text.contains(TRACKING), "{text}");
    assert_eq!(
        expect_api(error),
        (
            404,
            Some(1001),
            Some("Queue does not exist: q1.".to_owned()),
            Some(TRACKING.to_owned())
        )
    );
}

#[tokio::test]
async fn a_string_code_is_accepted() {
    let error = error_for(
        ResponseTemplate::new(400).set_body_json(json!({"code": "2102", "message": "x"})),
    )
    .await;
    assert_eq!(expect_api(error).1, Some(2102));
}

#[tokio::test]
async fn an_empty_body_gives_status_and_tracking_id() {
    let error = error_for(ResponseTemplate::new(403)).await;
    assert_eq!(
        expect_api(error),
        (403, None, None, Some(TRACKING.to_owned()))
    );
}

#[tokio::test]
async fn an_html_body_becomes_the_message() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let error =
        error_for(ResponseTemplate::new(502).set_body_raw(html.as_bytes().to_vec(), "text/html"))
            .await;
    assert_eq!(
        expect_api(error),
        (502, None, Some(html.to_owned()), Some(TRACKING.to_owned()))
    );
}

#[tokio::test]
async fn a_json_body_that_is_not_an_object_becomes_the_message() {
    let error = error_for(ResponseTemplate::new(500).set_body_json(json!(["boom"]))).await;
    assert_eq!(expect_api(error).2.as_deref(), Some(r#"["boom"]"#));
}

#[tokio::test]
async fn an_expired_page_token_has_its_own_variant() {
    let error = error_for(ResponseTemplate::new(400).set_body_json(json!({
        "code": 300,
        "message": "The next page token is invalid or expired."
    })))
    .await;
    assert!(
        matches!(
            &error,
            Error::PageTokenExpired { code: Some(300), tracking_id: Some(t), .. } if t == TRACKING
        ),
        "{error:?}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn an_unexpected_answer_keeps_status_and_tracking_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(418).insert_header("x-zm-trackingid", TRACKING))
        .mount(&server)
        .await;
    let response = reqwest::get(server.uri()).await.unwrap();
    let error = Error::from(progenitor_client::Error::<ApiErrorBody>::UnexpectedResponse(response));
    assert!(
        matches!(&error, Error::UnexpectedResponse { status, tracking_id: Some(t) } if status.as_u16() == 418 && t == TRACKING),
        "{error:?}"
    );
    assert_eq!(error.tracking_id(), Some(TRACKING));
}

#[tokio::test]
async fn an_undecodable_success_body_is_a_decode_error() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Queue {
        queue_id: String,
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    let response = reqwest::get(server.uri()).await.unwrap();
    let Err(error) = ResponseValue::<Queue>::from_response::<ApiErrorBody>(response).await else {
        panic!("a non-JSON body cannot decode");
    };
    let error = Error::from(error);
    assert!(
        matches!(&error, Error::Decode { body_excerpt, .. } if body_excerpt == "not json"),
        "{error:?}"
    );
}

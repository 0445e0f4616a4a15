//! `paginate` driven by a stand-in for progenitor's request builder that sends real requests
//! through `Runtime::execute` to a loopback mock, as the generated streams will.

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use futures::StreamExt as _;
use progenitor_client::ResponseValue;
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_contact_center_runtime::{
    ApiErrorBody, Credentials, Error, OperationMeta, RateLimitLabel, RetryPolicy, Runtime, paginate,
};

const LIST_QUEUES: OperationMeta = OperationMeta {
    operation_id: "listQueues",
    zoom_operation_id: "listQueues",
    method: "GET",
    path: "/contact_center/queues",
    rate_limit: RateLimitLabel::Medium,
    scopes: &[],
    granular_scopes: &[],
};

#[derive(Debug, Deserialize)]
struct Queue {
    queue_id: String,
}

#[derive(Debug, Deserialize)]
struct QueuePage {
    queues: Option<Vec<Queue>>,
    next_page_token: Option<String>,
}

/// Mirrors progenitor's builder: `Clone`, carries filters, consumed by `send`.
#[derive(Clone)]
struct ListQueues {
    runtime: Runtime,
    http: reqwest::Client,
    base: String,
    page_size: u32,
    channel: String,
    next_page_token: Option<String>,
}

impl ListQueues {
    fn next_page_token(mut self, token: String) -> Self {
        self.next_page_token = Some(token);
        self
    }

    /// What generated `send` does: build, run the hooks, decode by status.
    async fn send(
        self,
    ) -> Result<ResponseValue<QueuePage>, progenitor_client::Error<ApiErrorBody>> {
        let mut query = vec![
            ("page_size", self.page_size.to_string()),
            ("channel", self.channel.clone()),
        ];
        if let Some(token) = &self.next_page_token {
            query.push(("next_page_token", token.clone()));
        }
        let mut request = self
            .http
            .get(format!("{}/contact_center/queues", self.base))
            .query(&query)
            .build()?;
        self.runtime
            .authorize(&mut request)
            .await
            .map_err(|e| progenitor_client::Error::Custom(e.to_string()))?;
        let response = self
            .runtime
            .execute(&self.http, request, &LIST_QUEUES)
            .await?;
        match response.status().as_u16() {
            200 => ResponseValue::from_response(response).await,
            400..=599 => Err(progenitor_client::Error::ErrorResponse(
                ResponseValue::from_response(response).await?,
            )),
            _ => Err(progenitor_client::Error::UnexpectedResponse(response)),
        }
    }
}

fn builder(server: &MockServer) -> ListQueues {
    let runtime = Runtime::builder(Credentials::bearer("tok"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    ListQueues {
        http: runtime.http_client().unwrap(),
        runtime,
        base: server.uri(),
        page_size: 2,
        channel: "voice".to_owned(),
        next_page_token: None,
    }
}

/// The closure generated code passes to `paginate`.
fn stream_queues(builder: ListQueues) -> impl futures::Stream<Item = Result<Queue, Error>> {
    paginate(builder, |builder, token| async move {
        let builder = match token {
            Some(token) => builder.next_page_token(token),
            None => builder,
        };
        let page = builder.send().await?.into_inner();
        Ok((page.queues.unwrap_or_default(), page.next_page_token))
    })
}

fn page(ids: &[&str], next: &str) -> ResponseTemplate {
    let queues: Vec<_> = ids.iter().map(|id| json!({"queue_id": id})).collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "page_size": 2,
        "next_page_token": next,
        "queues": queues,
    }))
}

/// A mock for one page that only matches if the filters are repeated.
fn page_mock(token: Option<&str>) -> wiremock::MockBuilder {
    let mock = Mock::given(method("GET"))
        .and(path("/contact_center/queues"))
        .and(query_param("page_size", "2"))
        .and(query_param("channel", "voice"));
    match token {
        Some(token) => mock.and(query_param("next_page_token", token)),
        None => mock.and(query_param_is_missing("next_page_token")),
    }
}

#[tokio::test]
async fn streams_three_pages_lazily_repeating_the_filters() {
    let server = MockServer::start().await;
    page_mock(None)
        .respond_with(page(&["q1", "q2"], "tok-2"))
        .expect(1)
        .mount(&server)
        .await;
    page_mock(Some("tok-2"))
        .respond_with(page(&["q3", "q4"], "tok-3"))
        .expect(1)
        .mount(&server)
        .await;
    page_mock(Some("tok-3"))
        .respond_with(page(&["q5"], ""))
        .expect(1)
        .mount(&server)
        .await;

    let stream = stream_queues(builder(&server));
    futures::pin_mut!(stream);
    let mut ids = Vec::new();
    for _ in 0..2 {
        ids.push(stream.next().await.unwrap().unwrap().queue_id);
    }
    let sent = server.received_requests().await.unwrap().len();
    assert_eq!(sent, 1, "the second page is fetched only when needed");
    while let Some(queue) = stream.next().await {
        ids.push(queue.unwrap().queue_id);
    }
    assert_eq!(ids, ["q1", "q2", "q3", "q4", "q5"]);
    // Everything that arrived matched a page mock, i.e. carried the filters.
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    server.verify().await;
}

#[tokio::test]
async fn an_expired_page_token_ends_the_stream_with_its_own_error() {
    let server = MockServer::start().await;
    page_mock(None)
        .respond_with(page(&["q1"], "stale"))
        .expect(1)
        .mount(&server)
        .await;
    page_mock(Some("stale"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": 300,
            "message": "The next page token is invalid or expired."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let items: Vec<_> = stream_queues(builder(&server)).collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().queue_id, "q1");
    assert!(
        matches!(
            items[1],
            Err(Error::PageTokenExpired {
                code: Some(300),
                ..
            })
        ),
        "{:?}",
        items[1]
    );
    server.verify().await;
}

#[tokio::test]
async fn a_missing_token_ends_after_one_page() {
    let server = MockServer::start().await;
    page_mock(None)
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"queues": [{"queue_id": "only"}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<_> = stream_queues(builder(&server)).collect().await;
    assert_eq!(items.len(), 1);
    server.verify().await;
}

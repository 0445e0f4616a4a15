//! The client sends only what the caller set and reports only what Zoom sent: the cases from
//! issue 12, through the real generated client against a loopback server that records requests.
//! (`tests/tests/fidelity.rs` covers every operation; these are the ones a reader checks first.)

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_contact_center::{Client, Credentials, RetryPolicy, Runtime};

async fn client(server: &MockServer) -> Client {
    let runtime = Runtime::builder(Credentials::bearer("test-token"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    Client::from_runtime_with_base_url(runtime, &server.uri()).unwrap()
}

#[tokio::test]
async fn renaming_a_queue_sends_only_the_new_name() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/contact_center/queues/q1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    // The setter takes the value itself; the other 40-odd optional fields stay unset.
    client
        .update_queue()
        .queue_id("q1")
        .body_map(|b| b.queue_name("Renamed"))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        String::from_utf8(requests[0].body.clone()).unwrap(),
        r#"{"queue_name":"Renamed"}"#
    );
}

#[tokio::test]
async fn an_optional_flag_left_alone_is_not_sent_as_false() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server).await;
    client
        .update_queue()
        .queue_id("q1")
        .body_map(|b| b.auto_close_message_enabled(true))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent, json!({"auto_close_message_enabled": true}));
}

/// `get_outbound_campaign` for campaign `c1`, answered by a loopback server with `body`.
async fn campaign_answered_with(
    body: Value,
) -> zoom_contact_center::types::GetOutboundCampaignResponse {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/contact_center/outbound_campaign/campaigns/c1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    client(&server)
        .await
        .get_outbound_campaign()
        .campaign_id("c1")
        .send()
        .await
        .unwrap()
        .into_inner()
}

#[tokio::test]
async fn a_response_holds_only_what_zoom_sent() {
    let campaign = campaign_answered_with(json!({
        "outbound_campaign_id": "c1",
        "outbound_campaign_name": "Spring",
    }))
    .await;
    // The document gives these defaults; Zoom did not send them, so the client does not invent them.
    assert!(campaign.assign_type.is_none());
    assert!(campaign.dial_sequence.is_none());
    assert!(campaign.enable_max_ring_time.is_none());
    assert!(campaign.max_ring_time.is_none());
    assert!(campaign.campaign_contact_list.is_none());
    let back = serde_json::to_value(&campaign).unwrap();
    assert_eq!(
        back,
        json!({"outbound_campaign_id": "c1", "outbound_campaign_name": "Spring"})
    );
}

#[tokio::test]
async fn null_for_any_optional_property_decodes_as_none() {
    // Zoom's document marks none of these nullable; a real answer may still hold `null`.
    let campaign = campaign_answered_with(json!({
        "outbound_campaign_id": "c1",
        "outbound_campaign_name": "Spring",
        "assign_type": null,
        "enable_max_ring_time": null,
        "max_ring_time": null,
        "campaign_contact_list": null,
        "dialing_method_settings": null,
        "business_hour_id": null,
    }))
    .await;
    assert!(campaign.assign_type.is_none());
    assert!(campaign.enable_max_ring_time.is_none());
    assert!(campaign.campaign_contact_list.is_none());
    assert!(campaign.dialing_method_settings.is_none());
    assert!(campaign.business_hour_id.is_none());
}

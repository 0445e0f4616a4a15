//! Lists the account's Contact Center queues, then streams the last day's engagements.
//!
//! ```text
//! ZOOM_ACCOUNT_ID=... ZOOM_CLIENT_ID=... ZOOM_CLIENT_SECRET=... \
//!     cargo run -p zoom-contact-center --example list_queues
//! ```
//!
//! Needs a Server-to-Server OAuth app with the scopes `contact_center_queue:read:admin` and
//! `contact_center_report:read:admin` (or the granular `contact_center:read:list_queues:admin`
//! and `contact_center:read:list_engagements:admin`). Set `ZOOM_PLAN=business` to use the
//! Business+ rate limits client-side (default: Pro). Set `RUST_LOG`-style tracing up yourself if
//! you want to see the per-request spans; this example keeps its dependencies minimal.

use std::process::ExitCode;

use futures::StreamExt as _;
use zoom_contact_center::Client;
use zoom_contact_center::runtime::{Credentials, Error, Plan, Runtime};

/// How many engagements to print before stopping the stream (the stream itself is unbounded).
const MAX_ENGAGEMENTS: usize = 20;

#[tokio::main]
async fn main() -> ExitCode {
    let names = ["ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"];
    let [account_id, client_id, client_secret] = names.map(env);
    let (Some(account_id), Some(client_id), Some(client_secret)) =
        (account_id, client_id, client_secret)
    else {
        let missing: Vec<_> = names
            .into_iter()
            .filter(|name| env(name).is_none())
            .collect();
        eprintln!(
            "error: missing environment variable(s): {}\n\
             Create a Server-to-Server OAuth app in the Zoom App Marketplace and export its \
             account id, client id and client secret as ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and \
             ZOOM_CLIENT_SECRET.",
            missing.join(", ")
        );
        return ExitCode::from(2);
    };
    let plan = match std::env::var("ZOOM_PLAN").as_deref() {
        Ok("business") | Ok("business+") => Plan::BusinessPlus,
        _ => Plan::Pro,
    };
    let credentials = Credentials::server_to_server(account_id, client_id, client_secret);
    match run(credentials, plan).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            if let Some(tracking_id) = error.tracking_id() {
                eprintln!("Zoom tracking id (quote it to Zoom support): {tracking_id}");
            }
            ExitCode::FAILURE
        }
    }
}

/// A set, non-blank environment variable.
fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

async fn run(credentials: Credentials, plan: Plan) -> Result<(), Error> {
    let runtime = Runtime::builder(credentials)
        .rate_limit_plan(plan)
        .build()?;
    let client = Client::from_runtime(runtime)?;

    println!("Queues:");
    let page = client
        .list_queues()
        .page_size(100)
        .send()
        .await?
        .into_inner();
    // An absent list is `None`, not an empty `Vec`: the client reports only what Zoom sent.
    for queue in page.queues.unwrap_or_default() {
        println!(
            "  {:<24} {:<10} {}",
            queue.queue_id.as_deref().unwrap_or("?"),
            queue
                .channel
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            queue.queue_name.as_deref().unwrap_or(""),
        );
    }

    let to = chrono::Utc::now();
    let from = to - chrono::Duration::days(1);
    println!("\nEngagements since {from} (first {MAX_ENGAGEMENTS}):");
    // `stream()` is the generated pagination helper over `runtime::paginate`: it fetches the
    // next page only when the current one is used up and repeats the filters on every page.
    let engagements = client
        .list_engagements()
        .from(from.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .to(to.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .page_size(100)
        .stream()
        .take(MAX_ENGAGEMENTS);
    futures::pin_mut!(engagements);
    while let Some(engagement) = engagements.next().await {
        let engagement = engagement?;
        println!(
            "  {:<40} {:<10} {}",
            engagement.engagement_id.as_deref().unwrap_or("?"),
            engagement
                .direction
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            engagement
                .start_time
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
    }
    Ok(())
}

//! A minimal Zoom Contact Center webhook receiver.
//!
//! ```text
//! ZOOM_WEBHOOK_SECRET_TOKEN=... cargo run -p zoom-contact-center --features axum --example webhook_receiver
//! ```
//!
//! It listens on 127.0.0.1 only (port from `PORT`, default 8080); put a TLS-terminating tunnel
//! or reverse proxy in front of it to receive Zoom's HTTPS deliveries. Requests are verified,
//! `endpoint.url_validation` is answered automatically, and verified events are matched by their
//! typed variant. `ZOOM_WEBHOOK_SECRET_TOKEN` may hold several tokens separated by commas (several
//! apps, or a secret being rotated); a request signed with any of them is accepted.

use std::process::ExitCode;

use axum::Router;
use axum::http::StatusCode;
use secrecy::SecretString;
use zoom_contact_center::webhook::axum::webhook_route;
use zoom_contact_center::webhook::{Event, UndecodedEvent, VerifiedEvent, WebhookVerifier};

const SECRET_VAR: &str = "ZOOM_WEBHOOK_SECRET_TOKEN";

#[tokio::main]
async fn main() -> ExitCode {
    let Some(secret) = std::env::var(SECRET_VAR).ok().filter(|s| !s.is_empty()) else {
        eprintln!(
            "error: {SECRET_VAR} is not set.\n\
             Set it to the Secret Token shown on your app's Feature page in the Zoom App \
             Marketplace, then run again."
        );
        return ExitCode::from(2);
    };
    let secrets = secret
        .split(',')
        .map(|s| SecretString::from(s.trim().to_owned()));
    let verifier = match WebhookVerifier::with_secrets(secrets) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let port: u16 = match std::env::var("PORT").map(|p| p.parse()) {
        Err(_) => 8080,
        Ok(Ok(port)) => port,
        Ok(Err(e)) => {
            eprintln!("error: PORT is not a port number: {e}");
            return ExitCode::from(2);
        }
    };

    let app = Router::new().route("/zoom/webhook", webhook_route(verifier, on_event));
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on http://127.0.0.1:{port}/zoom/webhook");
    if let Err(e) = axum::serve(listener, app).await {
        eprintln!("error: server stopped: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Called only for requests whose signature and timestamp checked out.
async fn on_event(delivery: Result<VerifiedEvent, UndecodedEvent>) -> StatusCode {
    let verified = match delivery {
        Ok(verified) => verified,
        Err(undecoded) => {
            // Signed by Zoom, but not in the shape its document describes: keep the raw body
            // (here: print it) and answer 200 so Zoom does not retry a delivery that cannot decode.
            eprintln!("{undecoded}: {}", String::from_utf8_lossy(&undecoded.body));
            return StatusCode::OK;
        }
    };
    let at = verified.envelope.event_ts;
    match &verified.event {
        Event::EngagementStarted(started) => println!(
            "{at}: engagement {} started on {}",
            started.object.engagement_id, started.object.channel
        ),
        Event::UserStatusChanged(changed) => println!(
            "{at}: {} went from {} to {}",
            changed.object.display_name,
            changed.object.previous_status_name,
            changed.object.current_status_name
        ),
        Event::TaskCreated(task) => println!(
            "{at}: task {} created for engagement {}",
            task.object.task_id, task.object.engagement_id
        ),
        Event::Unknown { name, payload } => {
            println!("{at}: {name} (not in Zoom's webhook document): {payload}");
        }
        other => println!("{at}: {}", other.name()),
    }
    StatusCode::OK
}

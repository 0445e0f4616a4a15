//! A minimal Zoom Contact Center webhook receiver.
//!
//! ```text
//! ZOOM_WEBHOOK_SECRET_TOKEN=... cargo run -p zoom-contact-center --features axum --example webhook_receiver
//! ```
//!
//! It listens on 127.0.0.1 only (port from `PORT`, default 8080); put a TLS-terminating tunnel
//! or reverse proxy in front of it to receive Zoom's HTTPS deliveries. Requests are verified,
//! `endpoint.url_validation` is answered automatically, and every verified event is printed.

use std::process::ExitCode;

use axum::Router;
use axum::http::StatusCode;
use secrecy::SecretString;
use zoom_contact_center::webhook::axum::webhook_route;
use zoom_contact_center::webhook::{WebhookEvent, WebhookVerifier};

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
    let verifier = match WebhookVerifier::new(SecretString::from(secret)) {
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
async fn on_event(event: WebhookEvent) -> StatusCode {
    println!(
        "{} at {} ms{}: {}",
        event.event,
        event.event_ts,
        if event.event.is_known() {
            ""
        } else {
            " (unknown event name)"
        },
        event.payload
    );
    StatusCode::OK
}

//! Typed async client for Zoom's Contact Center API (all 312 operations of API version 2).
//!
//! The methods, request builders and types in [`Client`], [`builder`] and [`types`] are generated from
//! Zoom's OpenAPI document by `cargo xtask regenerate`; everything that makes a call survive real Zoom
//! behaviour is hand-written beside them in [`runtime`]: Server-to-Server and user OAuth with one
//! token refresh in flight, `Retry-After`-aware retries, per-category rate limits, pagination streams
//! and typed errors. [`webhook`] verifies Zoom's webhook signatures.
//!
//! ```no_run
//! use futures::StreamExt;
//! use zoom_contact_center::{Client, Credentials, Runtime};
//!
//! # async fn run() -> Result<(), zoom_contact_center::Error> {
//! let runtime = Runtime::builder(Credentials::server_to_server("account", "id", "secret")).build()?;
//! let client = Client::from_runtime(runtime)?;
//! let queue = client.get_a_queue().queue_id("queue-id").send().await?;
//! let mut engagements = Box::pin(client.list_engagements().page_size(100).stream());
//! while let Some(engagement) = engagements.next().await {
//!     println!("{:?}", engagement?.engagement_id);
//! }
//! # let _ = queue;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

// Lint allowances for generated code sit here, on the `mod` line, not inside the generated file.
#[allow(
    clippy::all,
    unreachable_pub,
    missing_debug_implementations,
    rust_2018_idioms,
    unused_imports,
    dead_code
)]
mod generated;
mod hooks;
mod multipart;
pub mod runtime;
pub mod webhook;

pub use generated::operations::{OPERATIONS, lookup as operation};
pub use generated::{ByteStream, Client, ClientInfo, ResponseValue, builder, types};
pub use multipart::MultipartResponse;
pub use runtime::{
    ApiErrorBody, AuthError, Credentials, Error, OperationMeta, Plan, RateLimitLabel, RetryPolicy,
    Runtime, RuntimeBuilder, Timeouts,
};

/// The base URL of Zoom's REST API, from the document's `servers`.
pub const BASE_URL: &str = "https://api.zoom.us/v2";

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

//! The hand-written runtime behind the generated `zoom-contact-center` client: authentication,
//! retries, rate limits, error normalisation, pagination, the error type and webhook verification.
//!
//! Use it through `zoom-contact-center`, which re-exports it as `zoom_contact_center::runtime`
//! (and its main types at its root). It is a crate of its own so that what is written by hand and
//! what is generated from Zoom's document never share a folder, and so that it knows nothing of the
//! generated code: it depends on no generated item, and the generated crate plugs into it.
//!
//! The generated `Client` holds a [`Runtime`] as progenitor's "inner" value and calls it from
//! progenitor's hooks: [`Runtime::authorize`] and [`Runtime::acquire`] (the rate-limit slot)
//! before each request and [`Runtime::execute`] to send it, with the operation's
//! [`OperationMeta`] from the generated table. The slot is taken in the `pre` hook because only
//! that hook can fail with an error of our own; `exec` can only return `reqwest` errors. That error
//! can only be text, so the hook parks the typed [`AuthError`] or [`LimiterError`] with
//! [`hook_error::park`] and the conversion into [`Error`] takes it back ([`hook_error`]).
//!
//! With the `redis` feature, `shared` lets a fleet of processes share one account's rate
//! limits and Server-to-Server token through Redis.
//!
//! ```no_run
//! # async fn demo() -> Result<(), zoom_contact_center_runtime::Error> {
//! use zoom_contact_center_runtime::{Credentials, Plan, Runtime};
//! let runtime = Runtime::builder(Credentials::server_to_server("account", "client", "secret"))
//!     .rate_limit_plan(Plan::Pro)
//!     .build()?;
//! let http = runtime.http_client()?;
//! # let _ = http; Ok(()) }
//! ```

#![warn(missing_docs)]
// docs.rs (`--cfg docsrs`, see Cargo.toml) marks each item with the features it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod config;
mod error;
mod execute;
pub mod hook_error;
mod limiter;
mod meta;
pub mod pagination;
mod retry;
#[cfg(feature = "redis")]
pub mod shared;
// Called by the generated enums' serde impls (`crate::string_enum::deserialize` there, through a
// re-export in the generated crate's `lib.rs`); not an API of its own.
#[doc(hidden)]
pub mod string_enum;
pub mod webhook;

use std::fmt;
use std::sync::Arc;

pub use self::auth::{AuthError, Credentials, DEFAULT_TOKEN_URL, RefreshTokenCallback};
pub use self::config::{DEFAULT_REFRESH_MARGIN, RuntimeBuilder, Timeouts, http_client};
pub use self::error::{
    ApiErrorBody, CODE_INVALID_ACCESS_TOKEN, CODE_INVALID_FIELD, Error, RateLimitInfo,
    TRACKING_ID_HEADER,
};
pub use self::limiter::{Allowance, Limiter, LimiterError, Limits, Plan, RateLimiter};
pub use self::meta::{OperationMeta, RateLimitLabel};
pub use self::pagination::paginate;
pub use self::retry::{RetryAfter, RetryPolicy};
pub use secrecy::{ExposeSecret, SecretString};

/// Authentication, retry and rate-limit state shared by every clone of a client.
///
/// Cheap to clone (one `Arc`). `Debug` shows the configuration but never a secret or token.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

struct Inner {
    auth: auth::Authenticator,
    retry: RetryPolicy,
    limiter: Option<Arc<dyn Limiter>>,
    timeouts: Timeouts,
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("limiter", &self.inner.limiter)
            .field("timeouts", &self.inner.timeouts)
            .finish()
    }
}

impl Runtime {
    /// Starts building a runtime that authenticates with `credentials`.
    pub fn builder(credentials: Credentials) -> RuntimeBuilder {
        RuntimeBuilder::new(credentials)
    }

    pub(crate) fn from_parts(
        auth: auth::Authenticator,
        retry: RetryPolicy,
        limiter: Option<Arc<dyn Limiter>>,
        timeouts: Timeouts,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                auth,
                retry,
                limiter,
                timeouts,
            }),
        }
    }

    /// Sets the request's `Authorization` header, fetching or renewing the access token first
    /// if needed. Concurrent callers share one token request.
    pub async fn authorize(&self, request: &mut reqwest::Request) -> Result<(), AuthError> {
        let header = self.inner.auth.header().await?;
        request
            .headers_mut()
            .insert(reqwest::header::AUTHORIZATION, header);
        Ok(())
    }

    /// Waits until the rate limiter allows one request of category `label` and takes that slot.
    ///
    /// Call it once right before [`Runtime::execute`], which takes the slots of its retries
    /// itself (the generated client does this in its `pre` hook). Without a limiter it returns
    /// at once. Fails only when the limit cannot be checked and the configured limiter is
    /// strict; then the request must not be sent.
    pub async fn acquire(&self, label: RateLimitLabel) -> Result<(), LimiterError> {
        match &self.inner.limiter {
            Some(limiter) => limiter.acquire(label).await,
            None => Ok(()),
        }
    }

    /// The latest refresh token, for user OAuth (Zoom replaces it on every refresh; persist
    /// it). `None` for other modes.
    pub async fn refresh_token(&self) -> Option<SecretString> {
        self.inner.auth.refresh_token().await
    }

    /// A `reqwest::Client` with this runtime's timeouts, for the generated client.
    pub fn http_client(&self) -> Result<reqwest::Client, Error> {
        http_client(&self.inner.timeouts)
            .map_err(|e| Error::Config(format!("HTTP client for API calls: {e}")))
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The configured timeouts.
    pub fn timeouts(&self) -> Timeouts {
        self.inner.timeouts
    }
}

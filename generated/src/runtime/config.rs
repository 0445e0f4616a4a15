//! Building a [`Runtime`]: credentials, token URL, retries, rate limits, timeouts.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use super::Runtime;
use super::auth::{Authenticator, Credentials, DEFAULT_TOKEN_URL, RefreshTokenCallback};
use super::error::Error;
use super::limiter::{Plan, RateLimiter};
use super::retry::RetryPolicy;

/// Connection and request timeouts, used both for API calls (through [`http_client`]) and for
/// token requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Time allowed to open a connection (TCP and TLS).
    pub connect: Duration,
    /// Time allowed for a whole request, from sending to the end of the body.
    pub request: Duration,
}

impl Default for Timeouts {
    /// 10 s to connect, 60 s per request.
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(60),
        }
    }
}

/// A `reqwest::Client` with the given timeouts and this crate's user agent; pass it to the
/// generated client's `Client::new_with_client`.
pub fn http_client(timeouts: &Timeouts) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        .user_agent(concat!(
            env!("CARGO_PKG_NAME"),
            "/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
}

/// The default head start for renewing a token before Zoom's `expires_in` runs out.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// Builder for [`Runtime`]; start with [`Runtime::builder`].
#[must_use]
pub struct RuntimeBuilder {
    credentials: Credentials,
    token_url: String,
    retry: RetryPolicy,
    limiter: Option<Arc<RateLimiter>>,
    timeouts: Timeouts,
    refresh_margin: Duration,
    on_refresh_token: Option<RefreshTokenCallback>,
}

impl fmt::Debug for RuntimeBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuntimeBuilder")
            .field("credentials", &self.credentials)
            .field("token_url", &self.token_url)
            .field("retry", &self.retry)
            .field("limiter", &self.limiter)
            .field("timeouts", &self.timeouts)
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl RuntimeBuilder {
    pub(crate) fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            token_url: DEFAULT_TOKEN_URL.to_owned(),
            retry: RetryPolicy::default(),
            limiter: None,
            timeouts: Timeouts::default(),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            on_refresh_token: None,
        }
    }

    /// Overrides the OAuth token endpoint (default `https://zoom.us/oauth/token`).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    /// Sets the retry policy (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Limits requests client-side with Zoom's numbers for `plan`.
    pub fn rate_limit_plan(self, plan: Plan) -> Self {
        self.rate_limiter(Arc::new(RateLimiter::new(plan)))
    }

    /// Uses a limiter shared with other runtimes (e.g. several clients of one account).
    pub fn rate_limiter(mut self, limiter: Arc<RateLimiter>) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// Sets connect and request timeouts (default [`Timeouts::default`]).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// How long before expiry a token is renewed (default 5 minutes; at most half the
    /// token's lifetime is given up).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Called with each new refresh token Zoom issues (user OAuth), so it can be persisted.
    pub fn on_refresh_token(
        mut self,
        callback: impl Fn(&SecretString) + Send + Sync + 'static,
    ) -> Self {
        self.on_refresh_token = Some(Arc::new(callback));
        self
    }

    /// Builds the runtime; fails if the token URL is not an absolute http(s) URL or the HTTP
    /// client for token requests cannot be created.
    pub fn build(self) -> Result<Runtime, Error> {
        let token_url = reqwest::Url::parse(&self.token_url)
            .map_err(|e| Error::Config(format!("token URL {:?}: {e}", self.token_url)))?;
        if !matches!(token_url.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "token URL {:?} is not http(s)",
                self.token_url
            )));
        }
        if self.retry.max_attempts == 0 {
            return Err(Error::Config(
                "retry policy needs at least one attempt".to_owned(),
            ));
        }
        let http = http_client(&self.timeouts)
            .map_err(|e| Error::Config(format!("HTTP client for token requests: {e}")))?;
        let auth = Authenticator::new(
            self.credentials,
            token_url,
            http,
            self.refresh_margin,
            self.on_refresh_token,
        );
        Ok(Runtime::from_parts(
            auth,
            self.retry,
            self.limiter,
            self.timeouts,
        ))
    }
}

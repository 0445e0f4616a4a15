//! Building a [`Runtime`]: credentials, token URL, retries, rate limits, timeouts.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use super::Runtime;
use super::auth::{Authenticator, Credentials, DEFAULT_TOKEN_URL, RefreshTokenCallback};
use super::error::Error;
use super::limiter::{Limiter, Plan, RateLimiter};
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
    limiter: Option<Arc<dyn Limiter>>,
    timeouts: Timeouts,
    refresh_margin: Duration,
    on_refresh_token: Option<RefreshTokenCallback>,
    #[cfg(feature = "redis")]
    shared_token: Option<super::shared::RedisStore>,
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
            #[cfg(feature = "redis")]
            shared_token: None,
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
        self.rate_limiter(RateLimiter::new(plan))
    }

    /// Uses `limiter`: an `Arc<RateLimiter>` shared by several clients of one account in one
    /// process, a `runtime::shared::RedisRateLimiter` (feature `redis`) for a
    /// fleet of processes, or any other [`Limiter`].
    pub fn rate_limiter(mut self, limiter: impl Limiter + 'static) -> Self {
        self.limiter = Some(Arc::new(limiter));
        self
    }

    /// Shares the Server-to-Server access token with every process that uses the same Redis:
    /// one token request per expiry for the whole fleet, one refresh in flight (a short Redis
    /// lock). A process that cannot reach Redis fetches its own token. Only for
    /// [`Credentials::ServerToServer`]; [`RuntimeBuilder::build`] refuses other modes (a user
    /// OAuth refresh token rotates on every use and cannot be shared this way).
    ///
    /// The token is stored in Redis as is, so Redis must be as private as the client secret.
    #[cfg(feature = "redis")]
    pub fn shared_token(mut self, store: super::shared::RedisStore) -> Self {
        self.shared_token = Some(store);
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
        #[cfg(feature = "redis")]
        let shared_token = match (self.shared_token, &self.credentials) {
            (None, _) => None,
            (
                Some(store),
                Credentials::ServerToServer {
                    account_id,
                    client_id,
                    ..
                },
            ) => Some(super::shared::SharedToken::new(
                store, account_id, client_id,
            )),
            (Some(_), other) => {
                return Err(Error::Config(format!(
                    "a shared token needs Server-to-Server credentials, not {}",
                    other.mode()
                )));
            }
        };
        #[cfg_attr(not(feature = "redis"), allow(unused_mut))]
        let mut auth = Authenticator::new(
            self.credentials,
            token_url,
            http,
            self.refresh_margin,
            self.on_refresh_token,
        );
        #[cfg(feature = "redis")]
        if let Some(shared) = shared_token {
            auth = auth.with_shared(shared);
        }
        Ok(Runtime::from_parts(
            auth,
            self.retry,
            self.limiter,
            self.timeouts,
        ))
    }
}

//! One account's rate limits and Server-to-Server token shared by a fleet of processes through
//! Redis (feature `redis`).
//!
//! Zoom enforces its limits per account, across every process and app that calls it; N
//! processes with an in-process limiter each would send N times the budget. Pointing every
//! process at the same Redis makes them draw from one budget per account and category
//! ([`RedisRateLimiter`], a GCRA checked atomically in one Lua script on the server) and share
//! one access token ([`RuntimeBuilder::shared_token`](super::RuntimeBuilder::shared_token)).
//!
//! ```no_run
//! # async fn demo() -> Result<(), zoom_contact_center_runtime::Error> {
//! use zoom_contact_center_runtime::shared::{RedisRateLimiter, RedisStore};
//! use zoom_contact_center_runtime::{Credentials, Plan, Runtime};
//!
//! let redis = RedisStore::open("redis://10.0.0.5:6379/")?;
//! let limiter = RedisRateLimiter::new(redis.clone(), "account-id", Plan::Pro);
//! let runtime = Runtime::builder(Credentials::server_to_server("account-id", "id", "secret"))
//!     .rate_limiter(limiter)
//!     .shared_token(redis)
//!     .build()?;
//! // then `zoom_contact_center::Client::from_runtime(runtime)`
//! # let _ = runtime; Ok(()) }
//! ```
//!
//! Faults: every Redis call has a deadline ([`RedisStore::timeout`]); a slow Redis counts as an
//! unreachable one. After a failure the store is left alone for
//! [`RedisStore::pause_after_failure`] (one warning per pause, not one per request), and in
//! that time the limiter either limits in-process ([`FaultMode::FallBack`], the default) or
//! fails the call with [`Error::Limiter`] ([`FaultMode::Strict`]); the
//! token cache always falls back to fetching the process's own token. The Redis protocol,
//! reconnection and script caching are the `redis` crate's.

mod limiter;
mod token;

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::OnceCell;
use tokio::time::Instant;

use super::error::Error;
use super::limiter::LimiterError;

pub use self::limiter::RedisRateLimiter;
pub(crate) use self::token::SharedToken;

/// The store's name in [`LimiterError`]s.
const STORE: &str = "redis";

/// What a shared limiter does while its store is unreachable, slow or answering nonsense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FaultMode {
    /// Limit in-process with the same (or the configured fallback) limits and log a warning:
    /// calls carry on, but each process then has a budget of its own.
    #[default]
    FallBack,
    /// Fail the call with [`Error::Limiter`] without sending it, for
    /// fleets where overrunning the account's limit is worse than failing.
    Strict,
}

/// A Redis server shared by the processes of a fleet, with the deadline and key prefix used for
/// every call. Cheap to clone; clones share one connection (multiplexed, reconnecting) and one
/// record of the last failure.
#[derive(Clone)]
pub struct RedisStore {
    client: ::redis::Client,
    /// Created on first use, because the `redis` crate spawns its reconnect task on the Tokio
    /// runtime, which a synchronous constructor may not be running in.
    connection: Arc<OnceCell<ConnectionManager>>,
    timeout: Duration,
    pause_after_failure: Duration,
    prefix: String,
    token_lock: Duration,
    /// Until when the store is skipped after a failure, and what failed.
    down: Arc<Mutex<Option<(Instant, LimiterError)>>>,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The connection info may carry a password: only the address is shown.
        f.debug_struct("RedisStore")
            .field(
                "addr",
                &self.client.get_connection_info().addr().to_string(),
            )
            .field("timeout", &self.timeout)
            .field("pause_after_failure", &self.pause_after_failure)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Default deadline of one Redis call: generous for a Redis in the same data centre
    /// (loopback round trips are tens of microseconds, see BENCHMARKS.md), short next to a
    /// Zoom call.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(250);
    /// Default time a failed store is left alone before it is tried again.
    pub const DEFAULT_PAUSE_AFTER_FAILURE: Duration = Duration::from_secs(1);
    /// Default key prefix: keys are `zcc:<account id>:<category>` and
    /// `zcc:<account id>:token:<client id>`.
    pub const DEFAULT_PREFIX: &'static str = "zcc";
    /// Default lifetime of the token-refresh lock: longer than a token request normally takes,
    /// short enough that a process that died holding it delays the others only briefly.
    pub const DEFAULT_TOKEN_LOCK: Duration = Duration::from_secs(10);

    /// A store for the Redis at `url` (`redis://[:password@]host:port[/db]`). Does not connect:
    /// the connection is opened on first use, so a fleet starts even while Redis is down.
    pub fn open(url: &str) -> Result<Self, Error> {
        let client =
            ::redis::Client::open(url).map_err(|e| Error::Config(format!("Redis URL: {e}")))?;
        Ok(Self::from_client(client))
    }

    /// A store for an already configured `redis` client (TLS, credentials, RESP3...).
    pub fn from_client(client: ::redis::Client) -> Self {
        Self {
            client,
            connection: Arc::new(OnceCell::new()),
            timeout: Self::DEFAULT_TIMEOUT,
            pause_after_failure: Self::DEFAULT_PAUSE_AFTER_FAILURE,
            prefix: Self::DEFAULT_PREFIX.to_owned(),
            token_lock: Self::DEFAULT_TOKEN_LOCK,
            down: Arc::new(Mutex::new(None)),
        }
    }

    /// Sets the deadline of each Redis call (default [`Self::DEFAULT_TIMEOUT`]).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets how long a failed store is left alone (default
    /// [`Self::DEFAULT_PAUSE_AFTER_FAILURE`]), so an outage costs one timeout per pause, not
    /// one per request.
    #[must_use]
    pub fn pause_after_failure(mut self, pause: Duration) -> Self {
        self.pause_after_failure = pause;
        self
    }

    /// Sets the key prefix (default [`Self::DEFAULT_PREFIX`]), e.g. to keep staging and
    /// production apart in one Redis.
    #[must_use]
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Sets the lifetime of the token-refresh lock (default [`Self::DEFAULT_TOKEN_LOCK`]);
    /// processes waiting for another's refresh give up and fetch their own after it.
    #[must_use]
    pub fn token_lock(mut self, lifetime: Duration) -> Self {
        self.token_lock = lifetime;
        self
    }

    /// `<prefix>:<account id>:<rest>`.
    fn key(&self, account_id: &str, rest: &str) -> String {
        format!("{}:{account_id}:{rest}", self.prefix)
    }

    /// Runs `call` on the shared connection within the deadline. A failure (or a failure less
    /// than [`Self::pause_after_failure`] ago) is returned as a [`LimiterError`].
    async fn run<T, F, Fut>(&self, call: F) -> Result<T, LimiterError>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = ::redis::RedisResult<T>>,
    {
        if let Some(error) = self.paused() {
            return Err(error);
        }
        let attempt = async {
            let connection = self
                .connection
                .get_or_try_init(|| async {
                    let config = ConnectionManagerConfig::new()
                        .set_connection_timeout(Some(self.timeout))
                        .set_response_timeout(Some(self.timeout))
                        .set_number_of_retries(1)
                        .set_min_delay(Duration::from_millis(10))
                        .set_max_delay(self.timeout);
                    self.client.get_connection_manager_lazy(config)
                })
                .await?
                .clone();
            call(connection).await
        };
        let result = match tokio::time::timeout(self.timeout, attempt).await {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(error)) => classify(&error, self.timeout),
            Err(_) => LimiterError::Timeout {
                store: STORE,
                timeout: self.timeout,
            },
        };
        self.trip(result.clone());
        Err(result)
    }

    /// The failure being waited out, if the store is paused.
    fn paused(&self) -> Option<LimiterError> {
        let down = self
            .down
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match &*down {
            Some((until, error)) if Instant::now() < *until => Some(error.clone()),
            _ => None,
        }
    }

    /// Records a failure: the store is skipped for [`Self::pause_after_failure`], with one
    /// warning per pause.
    fn trip(&self, error: LimiterError) {
        tracing::warn!(
            %error,
            pause_ms = self.pause_after_failure.as_millis() as u64,
            "Redis unavailable: shared rate limits and token not used until the pause ends"
        );
        let mut down = self
            .down
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *down = Some((Instant::now() + self.pause_after_failure, error));
    }
}

/// A `redis` error as a [`LimiterError`]: answers of the wrong shape are bad replies, the
/// connection's own deadline (set to ours) is a timeout, anything else (refused connection,
/// I/O, a script error) means the store is not usable.
fn classify(error: &::redis::RedisError, timeout: Duration) -> LimiterError {
    use ::redis::ErrorKind;
    match error.kind() {
        ErrorKind::UnexpectedReturnType | ErrorKind::Parse => LimiterError::BadReply {
            store: STORE,
            reason: error.to_string(),
        },
        _ if error.is_timeout() => LimiterError::Timeout {
            store: STORE,
            timeout,
        },
        _ => LimiterError::Unreachable {
            store: STORE,
            reason: error.to_string(),
        },
    }
}

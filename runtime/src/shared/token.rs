//! The fleet-wide Server-to-Server token: cached in Redis until shortly before it expires, with
//! a short lock so that one process refreshes it while the others wait and read the result.
//!
//! Within a process the authenticator's mutex already keeps one refresh in flight; this adds
//! the same across processes. Every Redis failure degrades to the process fetching its own
//! token, so Redis can never stop a call from being authenticated. The token is never logged.

use std::future::Future;
use std::time::Duration;

use ::redis::Script;
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use super::RedisStore;
use crate::auth::{AccessToken, AuthError};
use crate::limiter::LimiterError;

/// How often a process waiting for another's refresh looks for the new token.
const POLL: Duration = Duration::from_millis(25);

/// Deletes `KEYS[1]` only if it still holds `ARGV[1]`: releasing our own lock (never one that
/// expired and was taken by another process), or dropping a token Zoom rejected (never the
/// replacement another process already stored).
const DELETE_IF_EQUAL: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

/// The shared token of one Server-to-Server app (account id + client id).
pub(crate) struct SharedToken {
    store: RedisStore,
    key: String,
    lock_key: String,
    delete_if_equal: Script,
}

impl SharedToken {
    pub(crate) fn new(store: RedisStore, account_id: &str, client_id: &str) -> Self {
        let key = store.key(account_id, &format!("token:{client_id}"));
        Self {
            lock_key: format!("{key}:lock"),
            key,
            store,
            delete_if_equal: Script::new(DELETE_IF_EQUAL),
        }
    }

    /// The shared token, or a new one from `fetch` (stored for the others) if there is none or
    /// it is `rejected`. Redis failures fall back to `fetch` for this process alone.
    pub(crate) async fn obtain<F, Fut>(
        &self,
        rejected: Option<&str>,
        fetch: F,
    ) -> Result<AccessToken, AuthError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<AccessToken, AuthError>>,
    {
        if let Some(rejected) = rejected
            && let Err(error) = self.delete_if_equal(&self.key, rejected).await
        {
            return own(fetch, &error).await;
        }
        let give_up_at = Instant::now() + self.store.token_lock;
        loop {
            match self.read(rejected).await {
                Ok(Some(access)) => return Ok(access),
                Ok(None) => {}
                Err(error) => return own(fetch, &error).await,
            }
            let nonce = format!("{:032x}", rand::random::<u128>());
            match self.lock(&nonce).await {
                Ok(true) => return self.refresh(&nonce, rejected, fetch).await,
                Ok(false) => {}
                Err(error) => return own(fetch, &error).await,
            }
            if Instant::now() >= give_up_at {
                tracing::warn!(
                    key = %self.key,
                    "another process held the token lock too long; fetching this process's own token"
                );
                return fetch().await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Holding the lock: reads once more (the holder before us may have just stored a token),
    /// else fetches and stores, then releases the lock.
    async fn refresh<F, Fut>(
        &self,
        nonce: &str,
        rejected: Option<&str>,
        fetch: F,
    ) -> Result<AccessToken, AuthError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<AccessToken, AuthError>>,
    {
        let result = match self.read(rejected).await {
            Ok(Some(access)) => Ok(access),
            Ok(None) | Err(_) => {
                let fetched = fetch().await;
                if let Ok(access) = &fetched
                    && let Err(error) = self.write(access).await
                {
                    tracing::warn!(%error, key = %self.key, "could not share the new token");
                }
                fetched
            }
        };
        // A lock that cannot be released expires on its own.
        let _ = self.delete_if_equal(&self.lock_key, nonce).await;
        result
    }

    /// The stored token and its remaining life, unless missing, expiring or `rejected`.
    async fn read(&self, rejected: Option<&str>) -> Result<Option<AccessToken>, LimiterError> {
        let key = self.key.clone();
        let (value, ttl_ms): (Option<String>, i64) = self
            .store
            .run(|mut connection| async move {
                ::redis::pipe()
                    .atomic()
                    .cmd("GET")
                    .arg(&key)
                    .cmd("PTTL")
                    .arg(&key)
                    .query_async(&mut connection)
                    .await
            })
            .await?;
        // PTTL is -2 for a missing key and -1 for one without expiry, which this code never
        // writes: both are treated as no token.
        let (Some(value), Ok(ttl_ms @ 1..)) = (value, u64::try_from(ttl_ms)) else {
            return Ok(None);
        };
        if value.is_empty() || rejected == Some(value.as_str()) {
            return Ok(None);
        }
        Ok(Some(AccessToken {
            value: SecretString::from(value),
            refresh_at: Instant::now() + Duration::from_millis(ttl_ms),
        }))
    }

    /// Stores `access` until its renewal time, which is before its expiry by the refresh
    /// margin, so a token read from Redis always has that margin left.
    async fn write(&self, access: &AccessToken) -> Result<(), LimiterError> {
        let ttl_ms = access
            .refresh_at
            .saturating_duration_since(Instant::now())
            .as_millis();
        let Ok(ttl_ms @ 1..) = u64::try_from(ttl_ms) else {
            return Ok(());
        };
        let key = self.key.clone();
        let value = access.value.expose_secret().to_owned();
        self.store
            .run(|mut connection| async move {
                ::redis::cmd("SET")
                    .arg(&key)
                    .arg(value)
                    .arg("PX")
                    .arg(ttl_ms)
                    .query_async::<()>(&mut connection)
                    .await
            })
            .await
    }

    /// Takes the refresh lock (`SET NX PX`); `false` if another process holds it.
    async fn lock(&self, nonce: &str) -> Result<bool, LimiterError> {
        let key = self.lock_key.clone();
        let nonce = nonce.to_owned();
        let ttl_ms = u64::try_from(self.store.token_lock.as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        let answer: Option<String> = self
            .store
            .run(|mut connection| async move {
                ::redis::cmd("SET")
                    .arg(&key)
                    .arg(nonce)
                    .arg("NX")
                    .arg("PX")
                    .arg(ttl_ms)
                    .query_async(&mut connection)
                    .await
            })
            .await?;
        Ok(answer.is_some())
    }

    async fn delete_if_equal(&self, key: &str, value: &str) -> Result<(), LimiterError> {
        let key = key.to_owned();
        let value = value.to_owned();
        self.store
            .run(|mut connection| async move {
                self.delete_if_equal
                    .key(key)
                    .arg(value)
                    .invoke_async::<i64>(&mut connection)
                    .await
            })
            .await
            .map(drop)
    }
}

/// Redis is unusable: this process fetches (and keeps) a token of its own.
async fn own<F, Fut>(fetch: F, error: &LimiterError) -> Result<AccessToken, AuthError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<AccessToken, AuthError>>,
{
    tracing::warn!(%error, "shared token unavailable; fetching this process's own token");
    fetch().await
}

//! Access tokens: Server-to-Server OAuth, user OAuth with a rotating refresh token, or a fixed
//! bearer token.
//!
//! Tokens are cached and renewed ahead of expiry. The cache sits behind one async mutex that is
//! held while a token is fetched, so however many calls arrive at once, exactly one token
//! request is in flight and the others wait for its result (and then find the cache fresh).
//! With a shared token (feature `redis`), the fetch under that mutex first looks in Redis and
//! takes a Redis lock before asking Zoom, which extends the guarantee to every process of a
//! fleet (see `shared::token`).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Zoom's OAuth token endpoint.
pub const DEFAULT_TOKEN_URL: &str = "https://zoom.us/oauth/token";

/// Zoom's documented access-token lifetime, assumed when a token answer omits `expires_in`.
const DEFAULT_EXPIRES_IN: Duration = Duration::from_secs(3600);

/// How the client authenticates. Secrets are [`SecretString`]s: they are zeroed on drop and
/// print as `[REDACTED]` in `Debug` output.
#[derive(Clone)]
pub enum Credentials {
    /// Server-to-Server OAuth app: `grant_type=account_credentials`.
    ServerToServer {
        /// The Zoom account id.
        account_id: String,
        /// The app's client id.
        client_id: String,
        /// The app's client secret.
        client_secret: SecretString,
    },
    /// User-managed OAuth app: `grant_type=refresh_token`. Zoom rotates the refresh token on
    /// every use; the runtime keeps the new one and reports it through
    /// [`RuntimeBuilder::on_refresh_token`](super::RuntimeBuilder::on_refresh_token).
    UserOAuth {
        /// The app's client id.
        client_id: String,
        /// The app's client secret.
        client_secret: SecretString,
        /// The current refresh token.
        refresh_token: SecretString,
    },
    /// A token obtained elsewhere, sent as is and never refreshed.
    BearerToken(SecretString),
}

impl Credentials {
    /// Server-to-Server OAuth credentials.
    pub fn server_to_server(
        account_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self::ServerToServer {
            account_id: account_id.into(),
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        }
    }

    /// User OAuth credentials with the refresh token obtained at consent time (or persisted
    /// from the last rotation).
    pub fn user_oauth(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        Self::UserOAuth {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
            refresh_token: SecretString::from(refresh_token.into()),
        }
    }

    /// A fixed bearer token.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::BearerToken(SecretString::from(token.into()))
    }

    /// The mode's name, for logs.
    pub fn mode(&self) -> &'static str {
        match self {
            Self::ServerToServer { .. } => "server-to-server",
            Self::UserOAuth { .. } => "user-oauth",
            Self::BearerToken(_) => "bearer-token",
        }
    }
}

/// Hand-written so that even the non-secret ids are the only fields shown.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ServerToServer {
                account_id,
                client_id,
                ..
            } => f
                .debug_struct("ServerToServer")
                .field("account_id", account_id)
                .field("client_id", client_id)
                .finish_non_exhaustive(),
            Self::UserOAuth { client_id, .. } => f
                .debug_struct("UserOAuth")
                .field("client_id", client_id)
                .finish_non_exhaustive(),
            Self::BearerToken(_) => f.write_str("BearerToken(..)"),
        }
    }
}

/// Called with the new refresh token each time Zoom rotates it, so the application can persist
/// it (the old one stops working). Runs while the token cache is locked: keep it quick.
pub type RefreshTokenCallback = Arc<dyn Fn(&SecretString) + Send + Sync>;

/// Failure to obtain or use an access token.
///
/// Through the generated client's hook it arrives as itself: the hook parks it
/// ([`hook_error`](crate::hook_error)). Every message starts with [`AuthError::HOOK_PREFIX`], which
/// lets the conversion from progenitor's text-only hook error recover at least the kind
/// ([`AuthError::Hook`]) when the parked error is no longer there.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint could not be reached or its answer not read.
    #[error("Zoom authentication failed: token request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// The token endpoint refused (e.g. `invalid_client`).
    #[error("Zoom authentication failed: token endpoint answered HTTP {status} ({}: {})",
        error.as_deref().unwrap_or("no error"), reason.as_deref().unwrap_or("no reason"))]
    Rejected {
        /// HTTP status of the token answer.
        status: StatusCode,
        /// OAuth `error` field.
        error: Option<String>,
        /// Zoom's `reason` field.
        reason: Option<String>,
    },
    /// The token answer was not the expected JSON.
    #[error("Zoom authentication failed: unreadable token answer: {0}")]
    InvalidResponse(String),
    /// The token contains characters that cannot go into an HTTP header.
    #[error("Zoom authentication failed: access token is not a valid header value")]
    InvalidToken,
    /// A fixed bearer token was rejected and cannot be renewed.
    #[error("Zoom authentication failed: the fixed bearer token cannot be refreshed")]
    NotRefreshable,
    /// An authentication failure that reached the caller through progenitor's hook, which only
    /// carries text, after its parked original had been evicted (see
    /// [`hook_error`](crate::hook_error)); otherwise the caller gets the original variant.
    #[error("Zoom authentication failed: {0}")]
    Hook(String),
}

impl AuthError {
    /// The prefix of every `AuthError` message.
    pub const HOOK_PREFIX: &'static str = "Zoom authentication failed: ";
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<String>,
}

#[derive(Deserialize, Default)]
struct TokenRejection {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// A token and when to renew it.
pub(crate) struct AccessToken {
    pub(crate) value: SecretString,
    pub(crate) refresh_at: Instant,
}

#[derive(Default)]
struct TokenState {
    access: Option<AccessToken>,
    /// `Bearer <access token>`, made when the token is stored rather than per request (`None`
    /// with `access`, or if the token cannot be a header value).
    header: Option<HeaderValue>,
    /// The latest refresh token (user OAuth only).
    refresh_token: Option<SecretString>,
}

/// Obtains, caches and renews access tokens.
pub(crate) struct Authenticator {
    credentials: Credentials,
    token_url: reqwest::Url,
    http: reqwest::Client,
    refresh_margin: Duration,
    on_refresh_token: Option<RefreshTokenCallback>,
    state: Mutex<TokenState>,
    /// `Bearer <token>` of [`Credentials::BearerToken`], made once (`None` for the other modes,
    /// or if the token cannot be a header value).
    fixed_header: Option<HeaderValue>,
    #[cfg(feature = "redis")]
    shared: Option<super::shared::SharedToken>,
}

impl fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authenticator")
            .field("credentials", &self.credentials)
            .field("token_url", &self.token_url.as_str())
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl Authenticator {
    pub(crate) fn new(
        credentials: Credentials,
        token_url: reqwest::Url,
        http: reqwest::Client,
        refresh_margin: Duration,
        on_refresh_token: Option<RefreshTokenCallback>,
    ) -> Self {
        let state = match &credentials {
            Credentials::UserOAuth { refresh_token, .. } => TokenState {
                refresh_token: Some(refresh_token.clone()),
                ..TokenState::default()
            },
            _ => TokenState::default(),
        };
        let fixed_header = match &credentials {
            Credentials::BearerToken(token) => bearer_header(token).ok(),
            _ => None,
        };
        Self {
            credentials,
            token_url,
            http,
            refresh_margin,
            on_refresh_token,
            state: Mutex::new(state),
            fixed_header,
            #[cfg(feature = "redis")]
            shared: None,
        }
    }

    /// Shares the token through Redis (Server-to-Server credentials only; checked by the
    /// builder).
    #[cfg(feature = "redis")]
    pub(crate) fn with_shared(mut self, shared: super::shared::SharedToken) -> Self {
        self.shared = Some(shared);
        self
    }

    /// Whether a rejected token can be replaced by a new one.
    pub(crate) fn can_refresh(&self) -> bool {
        !matches!(self.credentials, Credentials::BearerToken(_))
    }

    /// `Bearer <current access token>`, the token fetched if missing or due for renewal.
    ///
    /// The value is made once per token and cloned per request (a reference count), instead of
    /// copying the secret and formatting a new header for every call. Like every header value
    /// sent, it is not zeroed when dropped; there is now one such copy per token instead of one
    /// per request.
    pub(crate) async fn header(&self) -> Result<HeaderValue, AuthError> {
        if let Credentials::BearerToken(_) = &self.credentials {
            return self.fixed_header.clone().ok_or(AuthError::InvalidToken);
        }
        let mut state = self.state.lock().await;
        let fresh = state
            .access
            .as_ref()
            .is_some_and(|access| Instant::now() < access.refresh_at);
        if !fresh {
            self.fetch(&mut state, None).await?;
        }
        state.header.clone().ok_or(AuthError::InvalidToken)
    }

    /// A replacement for `rejected`, which Zoom refused. If another caller already replaced it,
    /// that token is returned without a new request.
    pub(crate) async fn replace(&self, rejected: &str) -> Result<SecretString, AuthError> {
        if !self.can_refresh() {
            return Err(AuthError::NotRefreshable);
        }
        let mut state = self.state.lock().await;
        if let Some(access) = &state.access
            && access.value.expose_secret() != rejected
        {
            return Ok(access.value.clone());
        }
        state.access = None;
        state.header = None;
        self.fetch(&mut state, Some(rejected)).await
    }

    /// The latest refresh token (user OAuth only).
    pub(crate) async fn refresh_token(&self) -> Option<SecretString> {
        self.state.lock().await.refresh_token.clone()
    }

    /// Sets `Authorization: Bearer <token>` (marked sensitive, so it is not logged by hyper).
    pub(crate) fn set_bearer(
        request: &mut reqwest::Request,
        token: &SecretString,
    ) -> Result<(), AuthError> {
        request
            .headers_mut()
            .insert(AUTHORIZATION, bearer_header(token)?);
        Ok(())
    }

    /// A new token (`rejected` is the one Zoom refused, if any), kept in `state`.
    async fn fetch(
        &self,
        state: &mut TokenState,
        rejected: Option<&str>,
    ) -> Result<SecretString, AuthError> {
        #[cfg(feature = "redis")]
        let access = match &self.shared {
            Some(shared) => shared.obtain(rejected, || self.request(state)).await?,
            None => self.request(state).await?,
        };
        #[cfg(not(feature = "redis"))]
        let access = {
            let _ = rejected;
            self.request(state).await?
        };
        let value = access.value.clone();
        state.header = bearer_header(&value).ok();
        state.access = Some(access);
        Ok(value)
    }

    /// Asks Zoom for a token, keeping a rotated refresh token in `state`.
    async fn request(&self, state: &mut TokenState) -> Result<AccessToken, AuthError> {
        let (client_id, client_secret, form) = match &self.credentials {
            Credentials::ServerToServer {
                account_id,
                client_id,
                client_secret,
            } => (
                client_id,
                client_secret,
                vec![
                    ("grant_type", "account_credentials".to_owned()),
                    ("account_id", account_id.clone()),
                ],
            ),
            Credentials::UserOAuth {
                client_id,
                client_secret,
                refresh_token,
            } => {
                let current = state.refresh_token.as_ref().unwrap_or(refresh_token);
                (
                    client_id,
                    client_secret,
                    vec![
                        ("grant_type", "refresh_token".to_owned()),
                        ("refresh_token", current.expose_secret().to_owned()),
                    ],
                )
            }
            Credentials::BearerToken(_) => return Err(AuthError::NotRefreshable),
        };
        let started = Instant::now();
        tracing::debug!(
            mode = self.credentials.mode(),
            "requesting Zoom access token"
        );
        let response = self
            .http
            .post(self.token_url.clone())
            .basic_auth(client_id, Some(client_secret.expose_secret()))
            .form(&form)
            .send()
            .await
            .map_err(AuthError::Transport)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(AuthError::Transport)?;
        if !status.is_success() {
            let rejection: TokenRejection = serde_json::from_slice(&bytes).unwrap_or_default();
            return Err(AuthError::Rejected {
                status,
                error: rejection.error,
                reason: rejection.reason,
            });
        }
        let answer: TokenAnswer = serde_json::from_slice(&bytes)
            .map_err(|e| AuthError::InvalidResponse(e.to_string()))?;
        let lifetime = answer
            .expires_in
            .map_or(DEFAULT_EXPIRES_IN, Duration::from_secs);
        // Renew `refresh_margin` early, but never use less than half the lifetime.
        let usable = lifetime
            .saturating_sub(self.refresh_margin)
            .max(lifetime / 2);
        let value = SecretString::from(answer.access_token);
        if let Some(rotated) = answer.refresh_token {
            let rotated = SecretString::from(rotated);
            if let Some(callback) = &self.on_refresh_token {
                callback(&rotated);
            }
            state.refresh_token = Some(rotated);
        }
        Ok(AccessToken {
            value,
            refresh_at: started + usable,
        })
    }
}

/// `Bearer <token>`, marked sensitive (so hyper does not log it).
fn bearer_header(token: &SecretString) -> Result<HeaderValue, AuthError> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
        .map_err(|_| AuthError::InvalidToken)?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn every_auth_error_message_starts_with_the_hook_prefix() {
        let errors = [
            AuthError::Rejected {
                status: StatusCode::UNAUTHORIZED,
                error: Some("invalid_client".into()),
                reason: None,
            },
            AuthError::InvalidResponse("x".into()),
            AuthError::InvalidToken,
            AuthError::NotRefreshable,
            AuthError::Hook("x".into()),
        ];
        for e in errors {
            assert!(e.to_string().starts_with(AuthError::HOOK_PREFIX), "{e}");
        }
    }

    #[test]
    fn credentials_debug_hides_secrets() {
        let all = [
            Credentials::server_to_server("acct", "cid", "s3cr3t-value"),
            Credentials::user_oauth("cid", "s3cr3t-value", "r3fr3sh-value"),
            Credentials::bearer("b3ar3r-value"),
        ];
        for c in all {
            let shown = format!("{c:?}");
            for secret in ["s3cr3t", "r3fr3sh", "b3ar3r"] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
    }
}

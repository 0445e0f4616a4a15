//! Sending one API call: client-side rate limit, retries on 429 / 5xx / transport failures, one
//! token renewal and replay on a 401 with Zoom code 124, and rewriting of non-JSON error bodies
//! so that progenitor can always decode them into [`ApiErrorBody`].

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Request, Response, StatusCode, Version};
use tracing::Instrument as _;

use super::Runtime;
use super::auth::Authenticator;
use super::error::{ApiErrorBody, CODE_INVALID_ACCESS_TOKEN, header_str};
use super::meta::OperationMeta;
use super::retry::RetryAfter;

impl Runtime {
    /// Sends `request` for operation `op` and returns Zoom's final answer.
    ///
    /// * The first attempt's rate-limit slot is the caller's: call [`Runtime::acquire`] first
    ///   (the generated client does, in its `pre` hook, so that a strict limiter's failure
    ///   reaches the caller as [`Error::Limiter`](super::Error::Limiter)). Each retry and
    ///   replay waits for a slot of its own here; if a strict limiter cannot give one, the
    ///   request is not sent again and the last answer (or transport error) is returned.
    /// * 429: waits for `Retry-After` (seconds or a date) or a jittered exponential backoff and
    ///   tries again, for any method, within the [`RetryPolicy`](super::RetryPolicy).
    /// * 500/502/503/504 and transport failures: the same, but only for idempotent methods.
    /// * 401 with Zoom code 124: renews the token once and replays the request once.
    /// * Gives up by returning the last answer (so progenitor still sees its status and
    ///   headers); non-2xx answers whose body is not a JSON object get the body
    ///   `{"message": "<raw text>"}` (or `{}` if empty) with `Content-Type: application/json`.
    ///   The rebuilt answer no longer knows its URL.
    ///
    /// Requests whose body cannot be cloned (streams) are sent once, without retry or replay.
    /// A transport error is returned as is once retries are exhausted.
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        request: Request,
        op: &OperationMeta,
    ) -> reqwest::Result<Response> {
        let span = tracing::info_span!(
            "zoom_request",
            operation = op.operation_id,
            method = op.method,
            path = op.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.execute_in_span(http, request, op)
            .instrument(span)
            .await
    }

    async fn execute_in_span(
        &self,
        http: &reqwest::Client,
        request: Request,
        op: &OperationMeta,
    ) -> reqwest::Result<Response> {
        let policy = &self.inner.retry;
        let idempotent = op.is_idempotent();
        // The pristine copy every retry is cloned from (bodies of generated calls are buffered).
        let mut template = request.try_clone();
        let mut request = request;
        let mut attempt: u32 = 0;
        let mut retries: u32 = 0;
        let mut waited = Duration::ZERO;
        let mut replayed = false;
        loop {
            attempt += 1;
            let span = tracing::Span::current();
            span.record("attempt", attempt);
            let response = match http.execute(request).await {
                Ok(response) => response,
                Err(error) => {
                    if idempotent && is_transient(&error) {
                        let delay = policy.backoff(retries + 1);
                        if let Some(next) = self.next_attempt(&template, retries, waited, delay) {
                            tracing::info!(%error, delay_ms = delay.as_millis() as u64, "transport error; retrying");
                            tokio::time::sleep(delay).await;
                            if !self.retry_slot(op).await {
                                return Err(error);
                            }
                            retries += 1;
                            waited += delay;
                            request = next;
                            continue;
                        }
                    }
                    tracing::warn!(%error, "transport error; giving up");
                    return Err(error);
                }
            };
            let status = response.status();
            span.record("status", status.as_u16());
            if status.is_success() {
                return Ok(response);
            }

            if status == StatusCode::UNAUTHORIZED && !replayed && self.inner.auth.can_refresh() {
                let parts = Parts::of(&response);
                let bytes = response.bytes().await?;
                let code = serde_json::from_slice::<ApiErrorBody>(&bytes)
                    .ok()
                    .and_then(|b| b.code);
                if code == Some(CODE_INVALID_ACCESS_TOKEN)
                    && let Some(next) = self.replay_with_new_token(&mut template).await
                    && self.retry_slot(op).await
                {
                    replayed = true;
                    request = next;
                    continue;
                }
                return Ok(parts.rebuild(&bytes));
            }

            let retryable = status == StatusCode::TOO_MANY_REQUESTS
                || (idempotent && is_retryable_server_error(status));
            if retryable {
                let server_delay = header_str(response.headers(), "retry-after")
                    .and_then(|v| RetryAfter::parse(&v))
                    .map(|r| r.delay_from(SystemTime::now()));
                let delay = server_delay.unwrap_or_else(|| policy.backoff(retries + 1));
                if let Some(next) = self.next_attempt(&template, retries, waited, delay) {
                    tracing::info!(
                        status = status.as_u16(),
                        delay_ms = delay.as_millis() as u64,
                        category = header_str(response.headers(), "x-ratelimit-category"),
                        "retrying"
                    );
                    // Kept (read, so the connection is free) in case no slot is given for
                    // the retry and this answer becomes the last one.
                    let last = Parts::of(&response);
                    let body = response.bytes().await.unwrap_or_default();
                    tokio::time::sleep(delay).await;
                    if !self.retry_slot(op).await {
                        return Ok(last.rebuild(&body));
                    }
                    retries += 1;
                    waited += delay;
                    request = next;
                    continue;
                }
                tracing::warn!(
                    status = status.as_u16(),
                    "giving up after {attempt} attempt(s)"
                );
            }
            return normalise(response).await;
        }
    }

    /// Takes the rate-limit slot of a retry or replay; `false` (logged) if a strict limiter
    /// cannot give one, in which case the request is not sent again.
    async fn retry_slot(&self, op: &OperationMeta) -> bool {
        match self.acquire(op.rate_limit).await {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!(%error, "no rate-limit slot for the retry; giving up");
                false
            }
        }
    }

    /// The next request to send, if the policy allows another attempt after waiting `delay`.
    fn next_attempt(
        &self,
        template: &Option<Request>,
        retries: u32,
        waited: Duration,
        delay: Duration,
    ) -> Option<Request> {
        let policy = &self.inner.retry;
        if retries + 1 >= policy.max_attempts
            || waited.saturating_add(delay) > policy.max_total_wait
        {
            return None;
        }
        template.as_ref().and_then(Request::try_clone)
    }

    /// Renews the token the template was sent with and returns a copy carrying the new one.
    async fn replay_with_new_token(&self, template: &mut Option<Request>) -> Option<Request> {
        let template = template.as_mut()?;
        let rejected = template
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default()
            .to_owned();
        match self.inner.auth.replace(&rejected).await {
            Ok(token) => {
                if let Err(error) = Authenticator::set_bearer(template, &token) {
                    tracing::warn!(%error, "cannot use renewed token");
                    return None;
                }
                tracing::debug!("access token rejected (code 124); renewed, replaying once");
                template.try_clone()
            }
            Err(error) => {
                tracing::warn!(%error, "access token rejected and renewal failed");
                None
            }
        }
    }
}

/// Connection failures and timeouts; not errors building the request or decoding the answer.
fn is_transient(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout() || error.is_request()
}

fn is_retryable_server_error(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// What is kept of an answer whose body has been read.
struct Parts {
    status: StatusCode,
    version: Version,
    headers: HeaderMap,
}

impl Parts {
    fn of(response: &Response) -> Self {
        Self {
            status: response.status(),
            version: response.version(),
            headers: response.headers().clone(),
        }
    }

    /// Rebuilds the answer; an error body that is not a JSON object is rewritten.
    fn rebuild(mut self, bytes: &Bytes) -> Response {
        let body = match normalised_error_body(bytes) {
            Some(replacement) => {
                self.headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                self.headers
                    .insert(CONTENT_LENGTH, HeaderValue::from(replacement.len()));
                Bytes::from(replacement)
            }
            None => bytes.clone(),
        };
        let mut rebuilt = http::Response::new(body);
        *rebuilt.status_mut() = self.status;
        *rebuilt.version_mut() = self.version;
        *rebuilt.headers_mut() = self.headers;
        Response::from(rebuilt)
    }
}

/// Reads a final non-2xx answer and rewrites its body if needed.
async fn normalise(response: Response) -> reqwest::Result<Response> {
    let parts = Parts::of(&response);
    let bytes = response.bytes().await?;
    Ok(parts.rebuild(&bytes))
}

/// `None` if the body is a JSON object (kept as is); otherwise `{"message": "<text>"}`, or `{}`
/// for a blank body.
fn normalised_error_body(bytes: &[u8]) -> Option<Vec<u8>> {
    if matches!(
        serde_json::from_slice::<serde_json::Value>(bytes),
        Ok(serde_json::Value::Object(_))
    ) {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    let mut object = serde_json::Map::new();
    if !text.is_empty() {
        object.insert("message".to_owned(), serde_json::Value::from(text));
    }
    serde_json::to_vec(&serde_json::Value::Object(object)).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use super::*;

    #[test]
    fn json_objects_are_kept_and_everything_else_wrapped() {
        assert_eq!(normalised_error_body(br#"{"code":300}"#), None);
        assert_eq!(normalised_error_body(b"").as_deref(), Some(&b"{}"[..]));
        assert_eq!(normalised_error_body(b"  \n").as_deref(), Some(&b"{}"[..]));
        assert_eq!(
            normalised_error_body(b"<html>Bad Gateway</html>").as_deref(),
            Some(&br#"{"message":"<html>Bad Gateway</html>"}"#[..])
        );
        assert_eq!(
            normalised_error_body(b"[1,2]").as_deref(),
            Some(&br#"{"message":"[1,2]"}"#[..])
        );
    }
}

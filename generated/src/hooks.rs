//! Plugs the hand-written [`Runtime`] (the `zoom-contact-center-runtime` crate) into progenitor's
//! generated client.
//!
//! Hand-written wiring, not generated: it stays in this crate, beside the generated [`Client`],
//! because Rust's orphan rule allows `impl ClientHooks for Client` (a foreign trait) and the inherent
//! `impl Client` below only in the crate that defines `Client`.
//!
//! progenitor calls `pre` before every request and `exec` to send it: `pre` adds the bearer token
//! and takes the request's rate-limit slot (only `pre` can fail with our own error, which a strict
//! shared limiter needs), `exec` hands the request to the runtime, which owns the retries (and
//! their slots), the 401 replay and error-body normalisation. The operation's row in the generated
//! table tells the runtime its rate-limit category and whether it may be retried.
//!
//! progenitor lets `pre` fail only with text (`Error::Custom(String)`), so it parks the typed
//! `AuthError` or `LimiterError` with [`hook_error::park`] and sends the message with its ticket;
//! `Error::from` claims the original back, and a caller matches `Error::Auth(AuthError::Rejected
//! { status, .. })` as if no hook had been in between.

use std::cell::Cell;

use progenitor_client::{ClientHooks, Error as ProgenitorError, OperationInfo};

use crate::generated::operations;
use crate::runtime::{OperationMeta, Runtime, hook_error};
use crate::{BASE_URL, Client};

/// The row used for an operation id the table does not know (cannot happen for generated methods;
/// kept so that a mismatch degrades to "not retried, not limited" instead of a panic).
static UNKNOWN_OPERATION: OperationMeta = OperationMeta::PLACEHOLDER;

thread_local! {
    /// The last id looked up on this thread and its row. `pre` and `exec` of one call pass the
    /// same `&'static str`, so the second lookup (and each call of a loop over one method) is a
    /// pointer comparison instead of a binary search of the table.
    static LAST: Cell<Option<(&'static str, &'static OperationMeta)>> = const { Cell::new(None) };
}

/// The table row of a client method. The id is `'static`, so the same address and length mean
/// the same text and the same row: the one-entry cache cannot answer differently from the table.
pub(crate) fn meta(operation_id: &'static str) -> &'static OperationMeta {
    LAST.with(|last| match last.get() {
        Some((id, row)) if std::ptr::eq(id, operation_id) => row,
        _ => {
            let row = operations::lookup(operation_id).unwrap_or(&UNKNOWN_OPERATION);
            last.set(Some((operation_id, row)));
            row
        }
    })
}

impl ClientHooks<Runtime> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), ProgenitorError<E>> {
        self.inner
            .authorize(request)
            .await
            .map_err(|e| ProgenitorError::Custom(hook_error::park(e)))?;
        self.inner
            .acquire(meta(info.operation_id).rate_limit)
            .await
            .map_err(|e| ProgenitorError::Custom(hook_error::park(e)))
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner
            .execute(&self.client, request, meta(info.operation_id))
            .await
    }
}

impl Client {
    /// A client for Zoom's API with the runtime's credentials, limits and timeouts.
    pub fn from_runtime(runtime: Runtime) -> Result<Self, crate::Error> {
        Self::from_runtime_with_base_url(runtime, BASE_URL)
    }

    /// As [`Client::from_runtime`], against another base URL (a proxy, a mock server).
    pub fn from_runtime_with_base_url(
        runtime: Runtime,
        base_url: &str,
    ) -> Result<Self, crate::Error> {
        let http = runtime.http_client()?;
        Ok(Self::new_with_client(base_url, http, runtime))
    }

    /// The runtime this client sends its requests through.
    pub fn runtime(&self) -> &Runtime {
        &self.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cached_row_is_always_the_tables_row() {
        // Alternating ids, repeated ids and an unknown one: a cache that answered with the
        // previous row would fail at the second id.
        let ids = [
            "list_queues",
            "create_user",
            "create_user",
            "list_queues",
            "no_such_operation",
            "no_such_operation",
            "list_queues",
        ];
        for id in ids {
            let expected = operations::lookup(id).unwrap_or(&UNKNOWN_OPERATION);
            assert!(std::ptr::eq(meta(id), expected), "{id}");
        }
    }
}

//! Hand-written methods for the operations whose bodies are `multipart/form-data`.
//!
//! Wiring, not generated, and not in the runtime crate: these are inherent methods of the generated
//! `Client`, which Rust allows only in the crate that defines it.
//!
//! progenitor 0.15 does not generate multipart request bodies, so the convert stage takes these
//! operations out of what it sees (the regenerate report lists them) and they are served here. They
//! take a [`reqwest::multipart::Form`] because Zoom's parts include files and nested item lists whose
//! field names the document does not pin down; the docs of each method list the fields. The call goes
//! through the same runtime as every generated method (token, rate limit, error decoding); a
//! multipart body cannot be replayed, so these calls are not retried.
//!
//! Each method sits in `hand_written! { name => ... }`, which the generated operation table
//! defines: the method is compiled when its operation is in the document and the feature of its tag
//! is on (`asset-library`, `flows`), like every generated method; `tests/tests/features.rs` checks
//! that every multipart operation of the document has its method here.

use reqwest::Method;
use reqwest::multipart::Form;

use crate::generated::operations::hand_written;
use crate::runtime::ApiErrorBody;
use crate::{Client, Error, hooks};

/// The answer to a multipart call: the status and Zoom's JSON body (`Null` when there is none).
#[derive(Debug, Clone)]
pub struct MultipartResponse {
    /// The HTTP status of the answer.
    pub status: reqwest::StatusCode,
    /// The decoded body, `Value::Null` for an empty one (`204 No Content`).
    pub body: serde_json::Value,
}

hand_written! { create_asset =>
    impl Client {
        /// Create an asset (`POST /contact_center/asset_library/assets`, `createAnAsset`).
        ///
        /// Form fields as documented by Zoom: `asset_name`, `asset_type`, `asset_description`,
        /// `category_id`, `asset_items` (each with `asset_item_language`, `asset_item_name`,
        /// `asset_item_content`, `asset_item_voice`, `is_default` and a file part). Answers `201` with the
        /// created asset.
        ///
        /// Scopes: `contact_center_asset:write:admin`; rate-limit label: see
        /// [`OPERATIONS`](crate::OPERATIONS).
        pub async fn create_asset(&self, form: Form) -> Result<MultipartResponse, Error> {
            self.send_multipart(
                "create_asset",
                Method::POST,
                "/contact_center/asset_library/assets",
                form,
            )
            .await
        }
    }
}

hand_written! { update_asset =>
    impl Client {
        /// Update an asset (`PATCH /contact_center/asset_library/assets/{assetId}`, `updateAnAsset`).
        ///
        /// Form fields as for [`Client::create_asset`], plus `asset_item_id` on items to update; items
        /// without it are added. Answers `204`.
        pub async fn update_asset(
            &self,
            asset_id: &str,
            form: Form,
        ) -> Result<MultipartResponse, Error> {
            let path = format!(
                "/contact_center/asset_library/assets/{}",
                progenitor_client::encode_path(asset_id)
            );
            self.send_multipart("update_asset", Method::PATCH, &path, form)
                .await
        }
    }
}

hand_written! { import_flow =>
    impl Client {
        /// Import a flow (`POST /contact_center/flows`, `ImportFlow`).
        ///
        /// Required form fields: `flow_file` (a `.json` export, at most 10 MB), `flow_name` (unique
        /// within a division), `import_mode` (`new` or `version`); optional `flow_description`,
        /// `flow_version_description`. Answers `201` with the imported flow.
        pub async fn import_flow(&self, form: Form) -> Result<MultipartResponse, Error> {
            self.send_multipart("import_flow", Method::POST, "/contact_center/flows", form)
                .await
        }
    }
}

impl Client {
    // Unused in a crate generated from a document that has a multipart operation but none of the
    // three above (each `hand_written!` then compiles nothing).
    #[allow(dead_code)]
    async fn send_multipart(
        &self,
        operation_id: &'static str,
        method: Method,
        path: &str,
        form: Form,
    ) -> Result<MultipartResponse, Error> {
        let url = format!("{}{path}", self.baseurl);
        let mut request = self
            .client
            .request(method, url)
            .multipart(form)
            .build()
            .map_err(Error::Transport)?;
        self.inner
            .authorize(&mut request)
            .await
            .map_err(Error::Auth)?;
        self.inner
            .acquire(hooks::meta(operation_id).rate_limit)
            .await
            .map_err(Error::Limiter)?;
        let response = self
            .inner
            .execute(&self.client, request, hooks::meta(operation_id))
            .await
            .map_err(Error::Transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(Error::Transport)?;
        if status.is_success() {
            let body = if bytes.is_empty() {
                serde_json::Value::Null
            } else {
                serde_json::from_slice(&bytes).map_err(|e| Error::Decode {
                    message: e.to_string(),
                    body_excerpt: String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
                        .into_owned(),
                })?
            };
            return Ok(MultipartResponse { status, body });
        }
        let body: Option<ApiErrorBody> = serde_json::from_slice(&bytes).ok();
        Err(Error::from_response_parts(status, &headers, body.as_ref()))
    }
}

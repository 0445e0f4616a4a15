//! Shared helpers of the workspace-level tests in `tests/tests/`, and the hand-written halves of the
//! tests `cargo xtask regenerate` writes to `tests/tests/generated/`: [`conformance`], [`contract`],
//! [`fidelity`] and [`webhooks`]. The generated files hold only the cases and call these modules,
//! so the judging code is compiled and linted where it is written.

pub mod conformance;
pub mod contract;
pub mod fidelity;
pub mod webhooks;

use std::path::{Path, PathBuf};

use codegen::pipeline::Inputs;
use codegen::webhooks::WebhookInputs;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Reads a workspace file; tests fail with the path when it is missing.
pub fn read(relative: &str) -> String {
    let path = root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The overlay files of a workspace directory as (file name, text), sorted by name, chosen by the
/// xtask's own rule ([`codegen::overlay::is_overlay_file`]: `lint-accepted.yaml` is not one).
pub fn overlay_files(relative_dir: &str) -> Vec<(String, String)> {
    let dir = root().join(relative_dir);
    let mut overlays = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let name = entry
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .unwrap_or_default();
        if codegen::overlay::is_overlay_file(&name) {
            let text = read(&format!("{relative_dir}/{name}"));
            overlays.push((name, text));
        }
    }
    overlays.sort();
    overlays
}

/// The inputs `cargo xtask regenerate` reads on the committed workspace.
pub fn committed_inputs() -> Inputs {
    Inputs {
        spec_file: "spec/contact-center.json".into(),
        spec_text: read("spec/contact-center.json"),
        overlays: overlay_files("overlays"),
        name_map: Some(read("spec/method-names.json")),
        manifest: read("generated/Cargo.toml"),
        readme: Some(read("generated/README.md")),
    }
}

/// The webhook inputs `cargo xtask regenerate` reads on the committed workspace (overlay names
/// prefixed with their folder, as the xtask does).
pub fn committed_webhook_inputs() -> WebhookInputs {
    WebhookInputs {
        spec_file: "spec/contact-center-webhooks.json".into(),
        spec_text: read("spec/contact-center-webhooks.json"),
        overlays: overlay_files("overlays/webhooks")
            .into_iter()
            .map(|(name, text)| (format!("webhooks/{name}"), text))
            .collect(),
    }
}

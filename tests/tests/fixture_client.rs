//! Real downloads from Zoom say `openapi: 3.0.0` and keep everything inline; a small hand-written
//! document in that style must regenerate into a client crate that compiles, hand-written runtime
//! included. The crate is assembled in a temporary workspace and checked with the same toolchain
//! and lock file, offline.

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use std::path::Path;
use std::process::Command;

use codegen::pipeline::{Inputs, regenerate};
use workspace_tests::{committed_webhook_inputs, read, root};

#[test]
fn zoom_style_3_0_fixture_regenerates_into_a_crate_that_compiles() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let client = ws.join("client");
    copy_tree(&root().join("generated"), &client, &["generated", "target"]);
    std::fs::write(ws.join("Cargo.toml"), standalone_workspace_manifest()).unwrap();
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();

    let inputs = Inputs {
        spec_file: "tests/fixtures/zoom-style-3.0.0.json".into(),
        spec_text: read("tests/fixtures/zoom-style-3.0.0.json"),
        overlays: Vec::new(),
        name_map: None,
        manifest: read("generated/Cargo.toml"),
    };
    let outputs = regenerate(&inputs).unwrap_or_else(|e| panic!("{e}"));
    // The crate's webhook module needs the typed events, which come from the webhook document.
    let webhooks = codegen::webhooks::regenerate(&committed_webhook_inputs())
        .unwrap_or_else(|e| panic!("{e}"));
    for (relative, content) in outputs.files.iter().chain(&webhooks.files) {
        let path = client.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    assert_eq!(outputs.converted.operations.len(), 6);
    assert_eq!(outputs.report.hand_written, ["upload_a_greeting"]);
    assert!(outputs.files["src/generated/client.rs"].contains("pub fn update_a_queues_name("));
    assert!(
        outputs.files["src/generated/pagination.rs"].contains("impl<'a> builder::ListQueues<'a>")
    );

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--lib", "--offline", "--quiet", "--manifest-path"])
        .arg(client.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join("target/fixture-client"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the fixture client does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The root manifest's workspace tables, without the path dependencies on this workspace's crates.
fn standalone_workspace_manifest() -> String {
    let manifest = read("Cargo.toml");
    let mut out = String::from("[workspace]\nresolver = \"3\"\nmembers = [\"client\"]\n");
    let mut keep = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            keep = line.starts_with("[workspace.") || line.starts_with("[profile");
            if keep {
                out.push('\n');
            }
        }
        if keep && !line.contains("path = ") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if skip.contains(&name.as_str()) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target, skip);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

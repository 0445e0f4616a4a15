//! The xtask finds the workspace when it runs: a built binary started in a copy of the checkout
//! reads and writes that copy, never the checkout it was built in (ARCHITECTURE.md, invariants).

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The checkout this test was built in.
fn built_in() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of what `cargo xtask regenerate` reads and writes, with the spec's version changed so
/// that the copy's output differs from the original's.
fn moved_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = built_in();
    std::fs::copy(root.join("Cargo.toml"), dir.path().join("Cargo.toml")).unwrap();
    for sub in ["spec", "overlays", "generated", "tests/tests"] {
        copy_tree(&root.join(sub), &dir.path().join(sub));
    }
    let spec_path = dir.path().join("spec/contact-center.json");
    let mut spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&spec_path).unwrap()).unwrap();
    spec["info"]["version"] = "99".into();
    std::fs::write(&spec_path, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
    dir
}

fn xtask(cwd: &Path, manifest_dir: Option<&Path>, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(args).current_dir(cwd);
    match manifest_dir {
        Some(dir) => command.env("CARGO_MANIFEST_DIR", dir),
        // The test runs under cargo, which sets it to this checkout's xtask: a binary started by
        // hand has none.
        None => command.env_remove("CARGO_MANIFEST_DIR"),
    };
    command.output().unwrap()
}

#[test]
fn a_binary_run_in_a_moved_copy_touches_only_the_copy() {
    let original_manifest = std::fs::read(built_in().join("generated/Cargo.toml")).unwrap();
    let copy = moved_copy();

    // Started by hand in a subdirectory of the copy: the root is found by walking up.
    let checked = xtask(&copy.path().join("spec"), None, &["regenerate", "--check"]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(
        !checked.status.success(),
        "the copy's changed spec must make it stale: {stderr}"
    );
    assert!(
        stderr.contains(&copy.path().display().to_string()),
        "the stale files named are the copy's: {stderr}"
    );

    // Through `cargo xtask`, which sets CARGO_MANIFEST_DIR to the copy's xtask directory.
    let written = xtask(
        Path::new("/"),
        Some(&copy.path().join("xtask")),
        &["regenerate"],
    );
    let stderr = String::from_utf8_lossy(&written.stderr);
    assert!(written.status.success(), "{stderr}");
    let manifest = std::fs::read_to_string(copy.path().join("generated/Cargo.toml")).unwrap();
    assert!(manifest.contains("+spec.99\""), "{manifest}");
    assert_eq!(
        std::fs::read(built_in().join("generated/Cargo.toml")).unwrap(),
        original_manifest,
        "the checkout the binary was built in is untouched"
    );
}

#[test]
fn outside_any_workspace_the_xtask_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = xtask(dir.path(), None, &["lint"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no Cargo.toml with a [workspace] table"),
        "{stderr}"
    );
}

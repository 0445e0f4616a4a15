//! Real downloads from Zoom say `openapi: 3.0.0` and keep everything inline. A small hand-written
//! document in that style, and one of Zoom's real downloads (`tests/fixtures/contact-center-2025-09.json`,
//! with no overlay and no hand edit: a spec drop as a maintainer makes it), must each regenerate
//! into a client crate that compiles with warnings denied, hand-written wiring included. Each
//! crate is assembled in a temporary workspace with the same toolchain, lock file, profiles and
//! lints, depends on this workspace's own `runtime/` crate by its absolute path, and is built
//! offline into this workspace's own target directory: the dependencies (the runtime among them)
//! the workspace build already compiled are reused, not built again. Warnings are denied through the
//! temporary workspace's `[workspace.lints]` rather than `RUSTFLAGS`, which would change every
//! dependency's fingerprint and rebuild them all.

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
    standalone_workspace(ws);

    let inputs = Inputs {
        spec_file: "tests/fixtures/zoom-style-3.0.0.json".into(),
        spec_text: read("tests/fixtures/zoom-style-3.0.0.json"),
        overlays: Vec::new(),
        name_map: None,
        manifest: read("generated/Cargo.toml"),
        readme: None,
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
    // `Uploadaqueuegreeting` at `/queues/{queueId}/greetings`: `upload` is no verb of the naming
    // rule and, as a word neither the path nor the tags give, no prefix it allows (rule 5).
    assert_eq!(outputs.report.hand_written, ["create_queue_greeting"]);
    assert!(outputs.files["src/generated/client.rs"].contains("pub fn update_queue_name("));
    assert!(
        outputs.files["src/generated/pagination.rs"].contains("impl<'a> builder::ListQueues<'a>")
    );

    let output = cargo(&client, &["check", "--lib"]);
    assert!(
        output.status.success(),
        "the fixture client does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The spec drop of issue 17: Zoom's September 2025 download, as downloaded, with no overlays and
/// no name map (every method is named by the naming rule). It must regenerate, its crate must
/// compile with warnings denied, and every example of the document (Zoom puts them on the
/// properties; convert composes the body examples from them) must round-trip through the
/// generated types, with the failures listed in
/// `tests/fixtures/contact-center-2025-09.conformance-exceptions.txt`.
#[test]
fn zoom_download_2025_09_regenerates_with_no_overlay_and_its_examples_round_trip() {
    const SPEC: &str = "tests/fixtures/contact-center-2025-09.json";
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let client = ws.join("client");
    // Without the runtime's own tests: only the conformance test generated from the download runs.
    copy_tree(
        &root().join("generated"),
        &client,
        &["generated", "target", "tests"],
    );
    standalone_workspace(ws);

    let inputs = Inputs {
        spec_file: SPEC.into(),
        spec_text: read(SPEC),
        overlays: Vec::new(),
        name_map: None,
        manifest: read("generated/Cargo.toml"),
        readme: None,
    };
    let outputs = regenerate(&inputs).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outputs.converted.operations.len(), 240);
    assert_eq!(outputs.report.names.added.len(), 240);
    // The crate's webhook module needs the typed events, which come from the webhook document.
    let webhooks = codegen::webhooks::regenerate(&committed_webhook_inputs())
        .unwrap_or_else(|e| panic!("{e}"));
    for (relative, content) in outputs.files.iter().chain(&webhooks.files) {
        let path = client.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    // The runtime's dev-dependencies (wiremock, tower) are not needed by the conformance test,
    // which needs its hand-written half (`ws/workspace-tests`, see `conformance_support`).
    let manifest = std::fs::read_to_string(client.join("Cargo.toml")).unwrap();
    let manifest = without_dev_dependencies(&manifest)
        + "\n[dev-dependencies]\nworkspace-tests = { path = \"../workspace-tests\" }\n";
    std::fs::write(client.join("Cargo.toml"), manifest).unwrap();
    let tests = client.join("tests");
    std::fs::create_dir_all(tests.join("generated")).unwrap();
    std::fs::write(
        tests.join("generated/conformance.rs"),
        &outputs.test_files["generated/conformance.rs"],
    )
    .unwrap();
    std::fs::write(
        tests.join("conformance.rs"),
        "#[path = \"generated/conformance.rs\"]\nmod conformance;\n",
    )
    .unwrap();
    // The generated test reads its exception list from `../../conformance-exceptions.txt`.
    std::fs::write(
        client.join("conformance-exceptions.txt"),
        read("tests/fixtures/contact-center-2025-09.conformance-exceptions.txt"),
    )
    .unwrap();

    // Building the conformance test compiles the library first, with warnings denied: a type
    // error or a warning (an undocumented public item...) fails here, before any example runs.
    // (A separate `cargo check` would compile the 240-operation crate a second time.) Every tag of
    // the download, without the typed webhook events: they come from the webhook document, not
    // from this drop, and the zoom-style fixture above already builds them with warnings denied;
    // left out, they cost this build 14,000 lines.
    let output = cargo(
        &client,
        &[
            "test",
            "--no-default-features",
            "--features",
            "rustls-tls,full",
            "--test",
            "conformance",
            "--",
            "--nocapture",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("could not compile `zoom-contact-center` (lib)"),
        "the client regenerated from {SPEC} does not compile with warnings denied:\n{stderr}"
    );
    assert!(
        output.status.success(),
        "the examples of {SPEC} do not round-trip:\n{stdout}\n{stderr}"
    );
    // The round trip ran over the document's examples, not over nothing.
    let summary = stdout
        .lines()
        .find(|line| line.contains(" examples round-trip"))
        .unwrap_or_else(|| panic!("no summary line in:\n{stdout}"));
    let passed: usize = summary
        .split(" of ")
        .next()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("unexpected summary {summary:?}"));
    assert!(passed >= 200, "{summary}");
}

/// `ws/workspace-tests`: a crate of that name whose `conformance` module is this workspace's
/// `tests/src/conformance.rs`, compiled from where it is written, so the generated conformance test
/// reaches its hand-written half as `workspace_tests::conformance` here too. The rest of the real
/// crate (and its dependency on this workspace's client) stays out.
fn conformance_support(ws: &Path) {
    let dir = ws.join("workspace-tests");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"workspace-tests\"\nversion = \"0.1.0\"\npublish = false\n\
         edition.workspace = true\n\n[dependencies]\nserde.workspace = true\n\
         serde_json.workspace = true\nserde_path_to_error.workspace = true\n\n\
         [lints]\nworkspace = true\n",
    )
    .unwrap();
    let module = root().join("tests/src/conformance.rs");
    std::fs::write(
        dir.join("src/lib.rs"),
        format!(
            "//! The conformance test's hand-written half, from the workspace under test.\n\
             #[path = {:?}]\npub mod conformance;\n",
            module.display().to_string()
        ),
    )
    .unwrap();
}

/// A temporary workspace around `ws/client`: this workspace's lock file and toolchain, and its
/// manifest's shared tables (dependency versions, profiles, lints) with warnings denied, and the
/// conformance test's hand-written half beside the client.
fn standalone_workspace(ws: &Path) {
    conformance_support(ws);
    let manifest = standalone_workspace_manifest().replace(
        "[workspace.lints.rust]\n",
        "[workspace.lints.rust]\nwarnings = \"deny\"\n",
    );
    assert!(manifest.contains("warnings = \"deny\""), "{manifest}");
    std::fs::write(ws.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();
    std::fs::copy(
        root().join("rust-toolchain.toml"),
        ws.join("rust-toolchain.toml"),
    )
    .unwrap();
}

/// Runs cargo on a fixture crate, offline, in this workspace's target directory (see the module
/// docs); `args` after `--` go to the test binary.
fn cargo(client: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(args.iter().take_while(|a| **a != "--"))
        .args(["--offline", "--quiet", "--manifest-path"])
        .arg(client.join("Cargo.toml"))
        .args(args.iter().skip_while(|a| **a != "--"))
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap()
}

/// The target directory of the build running this test: `CARGO_TARGET_DIR` when set, else the
/// workspace's `target/`.
fn target_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), Into::into)
}

/// A manifest without its `[dev-dependencies]` table and its test, bench and example targets (their
/// files are not copied into the temporary crate).
fn without_dev_dependencies(manifest: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            skip = matches!(
                line.trim(),
                "[dev-dependencies]" | "[[test]]" | "[[bench]]" | "[[example]]"
            );
        }
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The root manifest's workspace tables, without the path dependencies on this workspace's crates
/// but the runtime's, which points at this workspace's `runtime/` by its absolute path: the
/// temporary crate builds against the real runtime, not a copy.
fn standalone_workspace_manifest() -> String {
    let manifest = read("Cargo.toml");
    let mut out = String::from(
        "[workspace]\nresolver = \"3\"\nmembers = [\"client\", \"workspace-tests\"]\n",
    );
    let mut keep = false;
    let mut runtime = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            keep = line.starts_with("[workspace.") || line.starts_with("[profile");
            if keep {
                out.push('\n');
            }
        }
        if keep && line.starts_with("zoom-contact-center-runtime = ") {
            let path = root().join("runtime");
            out.push_str(&format!(
                "zoom-contact-center-runtime = {{ path = \"{}\" }}\n",
                path.display()
            ));
            runtime = true;
        } else if keep && !line.contains("path = ") {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(
        runtime,
        "no `zoom-contact-center-runtime` in [workspace.dependencies]"
    );
    // Here the runtime is not a member, so `[profile.dev.package."*"]` would optimise it; at the
    // workspace's own level its build is the one the workspace already made.
    out.push_str("\n[profile.dev.package.zoom-contact-center-runtime]\nopt-level = 0\n");
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

//! The invariants of ARCHITECTURE.md that a scan of the sources can check.

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use std::path::{Path, PathBuf};

use workspace_tests::root;

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `(file, line)` of every non-comment line under `dir` that mentions one of `needles`, except in
/// the files `allowed` names (paths relative to `dir`).
fn offenders(dir: &str, needles: &[&str], allowed: &[&str]) -> Vec<String> {
    let base = root().join(dir);
    let mut found = Vec::new();
    for file in rust_files(&base) {
        let relative = file
            .strip_prefix(&base)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if allowed.contains(&relative.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests may build fixtures however they like; the stage code above them may not.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            for needle in needles {
                if line.contains(needle) {
                    found.push(format!("{dir}/{relative}:{}: {needle}", number + 1));
                }
            }
        }
    }
    found
}

#[test]
fn codegen_never_touches_files_the_network_the_environment_or_the_wall_clock() {
    let found = offenders(
        "codegen/src",
        &[
            "std::fs",
            "std::net",
            "std::env",
            "std::process",
            "SystemTime",
        ],
        &[],
    );
    assert!(found.is_empty(), "{found:#?}");
    // No network client or runtime among its dependencies (the generated tests it writes name
    // them, as text, which is why the sources are not searched for these).
    let manifest = workspace_tests::read("codegen/Cargo.toml");
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    for network in ["reqwest", "tokio", "hyper", "ureq", "curl"] {
        assert!(
            !dependencies
                .lines()
                .any(|l| l.trim_start().starts_with(network)),
            "codegen depends on {network}"
        );
    }
}

#[test]
fn codegen_reads_the_monotonic_clock_only_for_timings_and_spawns_only_the_lint_thread() {
    let clock = offenders("codegen/src", &["Instant"], &["timings.rs"]);
    assert!(clock.is_empty(), "{clock:#?}");
    let threads = offenders(
        "codegen/src",
        &["thread::scope", "thread::spawn", "std::thread::Builder"],
        &["pipeline.rs"],
    );
    assert!(threads.is_empty(), "{threads:#?}");
}

#[test]
fn only_workspace_rs_reads_or_writes_files_or_runs_git_in_the_xtask() {
    let found = offenders(
        "xtask/src",
        &["std::fs", "fs::", "Command::new", "File::"],
        &["workspace.rs"],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_scan_sees_what_it_looks_for() {
    // The needles do occur where they are allowed: the scan reads the files it should.
    assert!(!offenders("xtask/src", &["std::fs"], &[]).is_empty());
    assert!(!offenders("codegen/src", &["Instant"], &[]).is_empty());
}

#[test]
fn overlay_files_follow_one_naming_rule() {
    // overlays/README.md: applied in byte order, so every name starts with three digits and a dash,
    // then says what it fixes; `lint-*.yaml` is the accepted list, not an overlay.
    for dir in ["overlays", "overlays/webhooks"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !name.ends_with(".yaml") || name.starts_with("lint-") {
                continue;
            }
            let (number, rest) = name.split_at(3.min(name.len()));
            assert!(
                number.chars().all(|c| c.is_ascii_digit())
                    && rest.starts_with('-')
                    && rest.len() > ".yaml".len() + 1,
                "{dir}/{name}: overlay files are named `NNN-what-it-fixes.yaml`"
            );
        }
    }
}

/// The `linguist-generated` patterns of `.gitattributes` (`dir/**` or a path).
fn generated_patterns() -> Vec<String> {
    std::fs::read_to_string(root().join(".gitattributes"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter(|l| l.contains("linguist-generated"))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

fn marked(patterns: &[String], relative: &str) -> bool {
    patterns.iter().any(|p| match p.strip_suffix("**") {
        Some(prefix) => relative.starts_with(prefix),
        None => relative == p,
    })
}

fn files_under(dir: &str) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root().join(dir), &mut paths);
    paths
        .iter()
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn gitattributes_marks_every_generated_file_and_nothing_hand_written() {
    // Written whole by `cargo xtask regenerate`, or accepted snapshots.
    let generated = [
        "generated/src/generated",
        "tests/tests/generated",
        "tests/tests/snapshots",
        "codegen/tests/snapshots",
    ];
    // Hand-written, beside or feeding generated code.
    let hand_written = [
        "tests/src",
        "codegen/src",
        "generated/src",
        "runtime/src",
        "overlays",
    ];
    let patterns = generated_patterns();
    for dir in generated {
        let files = files_under(dir);
        assert!(!files.is_empty(), "{dir} holds no file");
        for file in files {
            assert!(
                marked(&patterns, &file),
                "{file} is generated but not marked"
            );
        }
    }
    let mut hand_written_files: Vec<String> = hand_written
        .iter()
        .flat_map(|d| files_under(d))
        .filter(|f| !f.starts_with("generated/src/generated/"))
        .collect();
    hand_written_files.extend(
        [
            "generated/src/lib.rs",
            "generated/Cargo.toml",
            "tests/tests/contract.rs",
            "spec/method-names.json",
        ]
        .map(str::to_owned),
    );
    for file in hand_written_files {
        assert!(
            !marked(&patterns, &file),
            "{file} is hand-written but marked generated"
        );
    }
}

#[test]
fn generated_tests_hold_no_pasted_source() {
    // The hand-written halves of the generated tests are modules of `tests/src/`, compiled and
    // linted where they are written, never text a generator pastes into its output.
    let pasted: Vec<String> = files_under("codegen/src")
        .into_iter()
        .filter(|f| f.ends_with(".rs.in"))
        .collect();
    assert_eq!(pasted, Vec::<String>::new());
    let includes = offenders("codegen/src", &["include_str!(\""], &[]);
    assert_eq!(includes, Vec::<String>::new());
}

/// Files under `dir`, relative to it, sorted.
fn relative_rust_files(dir: &str) -> Vec<String> {
    let base = root().join(dir);
    rust_files(&base)
        .iter()
        .map(|f| {
            f.strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn everything_under_the_generated_leaf_is_written_by_regenerate() {
    // Hand-written code has its own crate (`runtime/`) or is one of the generated crate's few
    // wiring files; the leaf holds only what `cargo xtask regenerate` writes, each file saying so.
    let leaf = relative_rust_files("generated/src/generated");
    assert!(leaf.contains(&"client.rs".to_owned()), "{leaf:?}");
    for file in &leaf {
        let text =
            std::fs::read_to_string(root().join("generated/src/generated").join(file)).unwrap();
        assert!(
            text.starts_with(codegen::format::HEADER),
            "generated/src/generated/{file} does not start with the generated-by header"
        );
    }
}

#[test]
fn the_generated_crate_holds_only_its_wiring_by_hand() {
    // The orphan rule keeps these beside the generated `Client` and `EventName`; anything else
    // hand-written belongs in the runtime crate.
    let wiring = ["hooks.rs", "lib.rs", "multipart.rs", "webhook.rs"];
    let hand_written: Vec<String> = relative_rust_files("generated/src")
        .into_iter()
        .filter(|f| !f.starts_with("generated/"))
        .collect();
    assert_eq!(
        hand_written, wiring,
        "hand-written files beside the generated leaf"
    );
    for file in wiring {
        let text = std::fs::read_to_string(root().join("generated/src").join(file)).unwrap();
        let docs: String = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            docs.to_lowercase().contains("wiring"),
            "generated/src/{file}'s module docs do not say it is hand-written wiring"
        );
    }
}

#[test]
fn the_runtime_crate_knows_nothing_of_the_generated_crate() {
    // One direction: the generated crate depends on the runtime, never the other way round.
    let manifest = std::fs::read_to_string(root().join("runtime/Cargo.toml")).unwrap();
    for line in manifest.lines() {
        let key = line.split(['=', '.']).next().unwrap_or_default().trim();
        assert_ne!(key, "zoom-contact-center", "runtime/Cargo.toml: {line}");
    }
    let found = offenders(
        "runtime/src",
        &[
            "zoom_contact_center::",
            "crate::generated",
            "webhook_events",
        ],
        &[],
    );
    assert!(found.is_empty(), "{found:#?}");
    let found = offenders("runtime/tests", &["zoom_contact_center::"], &[]);
    assert!(found.is_empty(), "{found:#?}");
    // The scan reads the runtime's files: its own crate name does occur there.
    assert!(!offenders("runtime/tests", &["zoom_contact_center_runtime::"], &[]).is_empty());
}

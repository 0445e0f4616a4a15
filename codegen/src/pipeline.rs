//! The whole flow in one call: load -> overlay -> convert -> generate -> format.
//!
//! [`regenerate`] takes file contents and returns file contents; the xtask decides where they come
//! from and whether to write or compare them, so check and write share this one code path.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::convert::{self, Converted, Note};
use crate::error::Error;
use crate::generate::{self, GeneratedCode};
use crate::names::{NameChanges, NameMap};
use crate::timings::Timings;
use crate::{format, load, overlay};

/// Paths of the files the flow writes, relative to the client crate's directory.
pub mod paths {
    /// The committed method-name map, for messages (the xtask decides where it lives).
    pub const NAME_MAP: &str = "method-names.json";
    /// The client crate's manifest, whose version carries the spec version and whose
    /// `[features]` list the document's tags.
    pub const MANIFEST: &str = "Cargo.toml";
    /// The client crate's README, whose feature table lists the document's tags.
    pub const README: &str = "README.md";
    /// The directory of generated sources inside the client crate.
    pub const GENERATED_DIR: &str = "src/generated";
}

/// What the flow reads.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The spec's file name, for messages.
    pub spec_file: String,
    /// The spec's text (JSON or YAML, OpenAPI 3.0.x or 3.1.x).
    pub spec_text: String,
    /// Overlay files as (file name, text); applied in file-name order.
    pub overlays: Vec<(String, String)>,
    /// The committed name map, if there is one yet.
    pub name_map: Option<String>,
    /// The client crate's `Cargo.toml`.
    pub manifest: String,
    /// The client crate's README, when the run owns its feature table (a run into a scratch crate
    /// may leave it out).
    pub readme: Option<String>,
}

/// How strict a run is about the overlays.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Leave out overlay actions that match nothing instead of failing (for a spec drop: see the
    /// new crate, lint and change report before deciding each stale action's fate). They are
    /// listed in [`Report::stale_overlay_actions`]. `--check` and CI never set this.
    pub skip_stale: bool,
}

/// What the flow produces.
#[derive(Debug)]
pub struct Outputs {
    /// Path relative to the client crate -> full content, for every file of the crate the flow owns.
    pub files: BTreeMap<String, String>,
    /// The name map, with names for new operations added and gone ones dropped.
    pub name_map: String,
    /// Test files generated from the spec, by file name (they belong in `tests/tests/`).
    pub test_files: BTreeMap<String, String>,
    /// What happened, for the maintainer.
    pub report: Report,
    /// The converted document and its operation facts (for the surface listing and tests).
    pub converted: Converted,
    /// The generated syntax trees.
    pub code: GeneratedCode,
}

/// What a maintainer reads after a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Overlay actions applied, as `file #index: target (n matches)`.
    pub overlay_actions: Vec<String>,
    /// Overlay actions left out because they match nothing (only with [`Options::skip_stale`];
    /// otherwise they fail the run).
    pub stale_overlay_actions: Vec<overlay::StaleAction>,
    /// Names given to new operations and names of operations that are gone.
    pub names: NameChanges,
    /// Rewrites the convert stage made.
    pub notes: Vec<Note>,
    /// Paginated operations without a `stream()`, with the reason.
    pub skipped_pagination: Vec<(String, String)>,
    /// Operations served by hand-written methods.
    pub hand_written: Vec<String>,
    /// Number of operations in the document.
    pub operation_count: usize,
    /// Lint findings on the document as given and after overlays: (errors, warnings) each.
    /// `cargo xtask lint` lists them and applies the accepted list; regenerate only counts.
    pub lint_counts: [(usize, usize); 2],
    /// How many type names became aliases of a same-shaped type (`convert::shapes`).
    pub merged_types: usize,
    /// typify struct builders kept and removed (`prune`).
    pub builders: crate::prune::Pruned,
    /// Cargo features, one per tag of the document (`crate::features`).
    pub features: usize,
    /// What the feature gating gave a cfg.
    pub gated: crate::features::Gated,
    /// Wall time of each stage (`cargo xtask regenerate --timings` prints it).
    pub timings: Timings,
}

/// The one model of a run: the document as the generated client sees it, and what was left out
/// of it on the way. Built once per run by [`client_document`]; `regenerate` generates from it
/// (and lints its `overlaid` document), `cargo xtask diff` compares two of them, and the contract
/// test serves one to Prism.
#[derive(Debug)]
pub struct ClientDocument {
    /// The overlaid document after `convert`, and its facts: `converted.document` is exactly what
    /// the generated tests, pagination, the operation table and Prism read (OpenAPI 3.0.3, what
    /// convert drops gone, error statuses folded into `4XX`/`5XX`, multipart operations taken
    /// out; `generate` merges its same-shaped schemas for progenitor), `converted.operations` every
    /// operation's typed facts (method name, tags, scopes, rate-limit label, pagination).
    pub converted: Converted,
    /// The overlaid document before `convert`: Zoom's own shapes, with its documented error
    /// statuses one by one (the contract test asks Prism for them; the lint reads it).
    pub overlaid: Value,
    /// The overlays, parsed, in the order they were applied.
    pub overlays: Vec<overlay::Overlay>,
    /// What applying them did, action by action. Its stale actions (a target matching nothing)
    /// are left out here rather than failing, since the callers (the diff, on a document the
    /// overlays were not written for; `cargo xtask lint`) want a view anyway; [`regenerate`]
    /// fails on them unless told otherwise.
    pub applied: overlay::ApplyReport,
    /// Operations convert refused (or that have no name), left out of the document.
    pub refused: Vec<Error>,
    /// The name map with names derived for new operations and gone ones dropped.
    pub names: NameMap,
    /// What [`ClientDocument::names`] changed against the committed map.
    pub name_changes: NameChanges,
}

impl ClientDocument {
    /// The overlay actions whose target matched nothing.
    pub fn stale(&self) -> &[overlay::StaleAction] {
        &self.applied.stale
    }

    /// The converted document with the hand-written (multipart) operations put back: every
    /// operation the client has, each as converted. What the contract test serves to Prism.
    pub fn with_hand_written(&self) -> Value {
        let mut document = self.converted.document.clone();
        for op in &self.converted.hand_written {
            if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
                let item = paths
                    .entry(op.path.clone())
                    .or_insert_with(|| Value::Object(serde_json::Map::new()));
                if let Some(item) = item.as_object_mut() {
                    item.insert(op.method.clone(), op.operation.clone());
                }
            }
        }
        document
    }
}

/// load -> overlay -> names -> convert: the model every later stage reads, built without failing
/// on a stale action or a refused operation (both are in it, for the caller to judge).
/// `cargo xtask diff` compares two of these, so that a change `convert` removes (a string
/// `format`) is not reported as a change of the crate; the contract test serves one to Prism, so
/// that requests are judged against the document the client was generated from.
pub fn client_document(inputs: &Inputs) -> Result<ClientDocument, Error> {
    let document = load::parse(&inputs.spec_file, &inputs.spec_text)?;
    build(document, inputs, &mut Timings::default())
}

/// [`client_document`] from a loaded document, timing each stage.
fn build(
    document: load::Document,
    inputs: &Inputs,
    timings: &mut Timings,
) -> Result<ClientDocument, Error> {
    let mut document = document;
    let (overlays, applied) = timings.time("overlay", || {
        overlay::apply_files(&mut document.value, &inputs.overlays)
    })?;
    let mut names = name_map(inputs)?;
    // New operations get a derived name; one without any is refused by convert, and listed.
    let name_changes = timings.time("names", || {
        names.resolve(&convert::operation_facts(&document.value))
    });
    let (converted, refused) =
        timings.time("convert", || convert::convert_collecting(&document, &names))?;
    Ok(ClientDocument {
        converted,
        overlaid: document.value,
        overlays,
        applied,
        refused,
        names,
        name_changes,
    })
}

/// The committed name map of `inputs`, or an empty one (every method named by the rule).
fn name_map(inputs: &Inputs) -> Result<NameMap, Error> {
    match &inputs.name_map {
        Some(text) => Ok(NameMap::parse(paths::NAME_MAP, text)?),
        None => Ok(NameMap::default()),
    }
}

/// Runs the whole flow, strictly: a stale overlay action fails the run (all of them are listed).
pub fn regenerate(inputs: &Inputs) -> Result<Outputs, Error> {
    regenerate_with(inputs, Options::default())
}

/// Runs the whole flow with `options`.
pub fn regenerate_with(inputs: &Inputs, options: Options) -> Result<Outputs, Error> {
    let mut timings = Timings::default();
    let before = timings.time("load", || {
        crate::load::parse(&inputs.spec_file, &inputs.spec_text)
    })?;
    // The lint counts findings on the document as given, so the model is built from a copy.
    let model = build(before.clone(), inputs, &mut timings)?;
    if !options.skip_stale {
        model.applied.require_fresh()?;
    }
    if !model.name_changes.unnamed.is_empty() {
        return Err(Error::NameMap {
            file: paths::NAME_MAP.to_owned(),
            message: format!(
                "{} new operation(s) need a name:\n{}",
                model.name_changes.unnamed.len(),
                model.name_changes.unnamed.join("\n")
            ),
        });
    }
    if !model.refused.is_empty() {
        // Convert refused some operations and left them out; progenitor still runs on the rest,
        // so one run reports every problem of the document, not one per run.
        let mut errors = model.refused;
        errors.extend(generate::failures(&model.converted));
        return Err(Error::Refused { errors });
    }
    // The lint only counts findings here and nothing downstream reads them, so it runs on the
    // machine's other core beside generate instead of before it.
    let (lint_counts, generated) = std::thread::scope(|scope| {
        let lint = scope.spawn(|| {
            Timings::default().time_owned("lint (before and after overlays, in parallel)", || {
                [lint_count(&before.value), lint_count(&model.overlaid)]
            })
        });
        let generated = generate_files(inputs, &model, &mut timings);
        let lint = lint.join().map_err(|payload| Error::Internal {
            stage: "lint",
            message: generate::panic_message(&*payload),
        });
        (lint, generated)
    });
    let (lint_counts, lint_timings) = lint_counts?;
    timings.extend(lint_timings);
    let Generated {
        files,
        test_files,
        code,
    } = generated?;
    let ClientDocument {
        converted,
        applied,
        names,
        name_changes,
        ..
    } = model;
    let report = Report {
        overlay_actions: applied.actions.iter().map(ToString::to_string).collect(),
        stale_overlay_actions: applied.stale,
        names: name_changes,
        notes: converted.notes.clone(),
        skipped_pagination: code.skipped_pagination.clone(),
        hand_written: generate::hand_written(&converted)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        operation_count: converted.operations.len(),
        lint_counts,
        merged_types: code.aliases.len(),
        builders: code.pruned.clone(),
        features: code.features.tags.len(),
        gated: code.gated,
        timings,
    };
    Ok(Outputs {
        files,
        test_files,
        name_map: names.render(),
        report,
        converted,
        code,
    })
}

/// What [`generate_files`] hands back to [`regenerate`].
struct Generated {
    files: BTreeMap<String, String>,
    test_files: BTreeMap<String, String>,
    code: GeneratedCode,
}

/// generate -> format, and the tests derived from the generated code.
fn generate_files(
    inputs: &Inputs,
    model: &ClientDocument,
    timings: &mut Timings,
) -> Result<Generated, Error> {
    let converted = &model.converted;
    let mut code = generate::generate_timed(converted, timings)?;
    generate::gate_features(&mut code, timings)?;

    // Syntax trees hold proc_macro2 values, which are neither Send nor Sync: formatting and test
    // generation stay on this thread.
    let dir = paths::GENERATED_DIR;
    let mut files = BTreeMap::new();
    timings.time("format", || {
        files.insert(
            format!("{dir}/client.rs"),
            format::render(
                &code.client,
                "The client, its request builders and its types (progenitor).",
            ),
        );
        files.insert(
            format!("{dir}/operations.rs"),
            format::render(
                &code.operations,
                "Per-operation rate-limit labels and scopes.",
            ),
        );
        files.insert(
            format!("{dir}/pagination.rs"),
            format::render(&code.pagination, "Streams over paginated list operations."),
        );
    });
    let mut test_files = BTreeMap::new();
    timings.time("generate tests", || {
        test_files.insert(
            "generated/contract.rs".to_owned(),
            crate::testgen::contract::render(converted, &code),
        );
        test_files.insert(
            "generated/conformance.rs".to_owned(),
            crate::testgen::conformance::render(converted, &code),
        );
        test_files.insert(
            "generated/fidelity.rs".to_owned(),
            crate::testgen::fidelity::render(converted, &code),
        );
    });
    files.insert(format!("{dir}/mod.rs"), module_root());
    let version = model
        .overlaid
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or("unknown");
    files.insert(
        paths::MANIFEST.to_owned(),
        crate::features::listing::manifest(
            &manifest_with_spec_version(&inputs.manifest, version)?,
            &code.features,
            paths::MANIFEST,
        )?,
    );
    if let Some(readme) = &inputs.readme {
        files.insert(
            paths::README.to_owned(),
            crate::features::listing::readme(readme, &code.features, paths::README)?,
        );
    }

    Ok(Generated {
        files,
        test_files,
        code,
    })
}

/// Lint findings on a document as (errors, warnings); the webhook flow counts its document's too.
pub(crate) fn lint_count(document: &Value) -> (usize, usize) {
    let findings = crate::lint::lint(document);
    let errors = findings
        .iter()
        .filter(|f| f.severity == crate::lint::Severity::Error)
        .count();
    (errors, findings.len() - errors)
}

fn module_root() -> String {
    format!(
        "{}\n//! Code written by `cargo xtask regenerate`; `lib.rs` re-exports what users need.\n\n\
         mod client;\npub use client::*;\n\npub mod operations;\nmod pagination;\n\n\
         // Written by `codegen::webhooks` from the webhook document; `cargo xtask regenerate` runs both.\n\
         // Feature `webhooks`: the typed events are most of the build when only a few tags are on.\n\
         #[cfg(feature = \"webhooks\")]\n\
         pub mod webhook_events;\n",
        format::HEADER
    )
}

/// Sets the build metadata of the `[package]` version to the spec's version (`0.3.1+spec.2`).
pub fn manifest_with_spec_version(manifest: &str, spec_version: &str) -> Result<String, Error> {
    let metadata: String = spec_version
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut in_package = false;
    let mut replaced = false;
    let mut out = String::with_capacity(manifest.len() + 16);
    for line in manifest.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_package = trimmed.starts_with("[package]");
        }
        if in_package && !replaced && trimmed.starts_with("version = \"") {
            let value = trimmed
                .trim_start_matches("version = \"")
                .split('"')
                .next()
                .unwrap_or_default();
            let core = value.split('+').next().unwrap_or_default();
            let ending = if line.ends_with('\n') { "\n" } else { "" };
            out.push_str(&format!("version = \"{core}+spec.{metadata}\"{ending}"));
            replaced = true;
            continue;
        }
        out.push_str(line);
    }
    if !replaced {
        return Err(Error::Manifest {
            file: paths::MANIFEST.to_owned(),
            message: "no `version = \"...\"` line in [package]".to_owned(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_version_gets_spec_metadata() {
        let manifest = "[package]\nname = \"x\"\nversion = \"0.2.0+spec.1\"\n[dependencies]\nversion = \"1\"\n";
        let out = manifest_with_spec_version(manifest, "2").unwrap();
        assert!(out.contains("version = \"0.2.0+spec.2\"\n"));
        assert!(out.contains("[dependencies]\nversion = \"1\""));
        assert!(manifest_with_spec_version("[package]\nname = \"x\"\n", "2").is_err());
    }
}

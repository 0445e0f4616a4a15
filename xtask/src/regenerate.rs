//! `cargo xtask regenerate [--check]`: the main job. Reads the spec, overlays and name map, runs the
//! codegen flow, and writes (or, with `--check`, compares) the generated files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use codegen::pipeline::{self, Inputs, Options, Outputs};

use crate::workspace;

#[derive(Debug, clap::Args)]
pub(crate) struct RegenerateArgs {
    /// Compare instead of writing: exit non-zero with a summary when generated files are stale.
    #[arg(long)]
    check: bool,
    /// The OpenAPI document (JSON or YAML, 3.0.x or 3.1.x).
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// The directory of overlay files (`*.yaml`, applied in file-name order).
    #[arg(long, value_name = "DIR")]
    overlays: Option<PathBuf>,
    /// The client crate to write into (its `Cargo.toml` must exist).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The committed method-name map.
    #[arg(long, value_name = "FILE")]
    names: Option<PathBuf>,
    /// Where the tests generated from the spec go (default: `tests/tests` when `--out` is not
    /// given; no generated tests are written for another `--out` unless this is set).
    #[arg(long, value_name = "DIR")]
    tests_dir: Option<PathBuf>,
    /// Zoom's webhook document (OpenAPI 3.1 `webhooks:`), generated beside the client.
    #[arg(long, value_name = "FILE")]
    webhooks: Option<PathBuf>,
    /// The directory of the webhook document's own overlay files.
    #[arg(long, value_name = "DIR")]
    webhook_overlays: Option<PathBuf>,
    /// Print the wall time of each stage (for `BENCHMARKS.md` and slow-run hunting).
    #[arg(long)]
    timings: bool,
    /// For a spec drop only: leave out overlay actions that match nothing instead of failing,
    /// and list them, so the new crate, the lint and the change report can be read before each
    /// stale action is rewritten or retired. Never with `--check`: CI accepts no stale action.
    #[arg(long, conflicts_with = "check")]
    skip_stale: bool,
}

/// Whether a run writes the outputs or only compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Write,
    Check,
}

pub(crate) fn run(args: RegenerateArgs) -> Result<ExitCode> {
    let root = workspace::root()?;
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let spec = args
        .spec
        .unwrap_or_else(|| root.join("spec/contact-center.json"));
    let overlays = args.overlays.unwrap_or_else(|| root.join("overlays"));
    let tests_dir = match (&args.out, args.tests_dir) {
        (_, Some(dir)) => Some(dir),
        (None, None) => Some(root.join("tests/tests")),
        (Some(_), None) => None,
    };
    let out = args.out.unwrap_or_else(|| root.join("generated"));
    let names = args
        .names
        .unwrap_or_else(|| root.join("spec/method-names.json"));

    let inputs = Inputs {
        spec_file: spec.display().to_string(),
        spec_text: workspace::read(&spec)?,
        overlays: workspace::overlay_files(&overlays)?,
        name_map: workspace::read_optional(&names)?,
        manifest: workspace::read(&out.join(pipeline::paths::MANIFEST))?,
        readme: workspace::read_optional(&out.join(pipeline::paths::README))?,
    };
    let options = Options {
        skip_stale: args.skip_stale,
    };
    let webhook_spec = args
        .webhooks
        .unwrap_or_else(|| root.join("spec/contact-center-webhooks.json"));
    let webhook_inputs = codegen::webhooks::WebhookInputs {
        spec_file: webhook_spec.display().to_string(),
        spec_text: workspace::read(&webhook_spec)?,
        overlays: workspace::overlay_files(
            &args
                .webhook_overlays
                .unwrap_or_else(|| root.join("overlays/webhooks")),
        )?
        .into_iter()
        .map(|(name, text)| (format!("webhooks/{name}"), text))
        .collect(),
    };
    // The two documents' flows share nothing, so the webhook flow runs on the machine's other
    // core beside the API flow: the run takes as long as the longer of the two, not their sum.
    // Its syntax tree is not `Send` and the xtask only writes files, so the thread hands back the
    // files and the report.
    let (outputs, webhooks) = std::thread::scope(|scope| {
        let webhooks = scope.spawn(|| {
            let started = std::time::Instant::now();
            codegen::webhooks::regenerate(&webhook_inputs).map(|outputs| WebhookFiles {
                summary: webhook_summary(&outputs),
                files: outputs.files,
                test_files: outputs.test_files,
                elapsed: started.elapsed(),
            })
        });
        let outputs = pipeline::regenerate_with(&inputs, options);
        let webhooks = webhooks
            .join()
            .map_err(|_| anyhow::anyhow!("the webhook flow's thread panicked"));
        (outputs, webhooks)
    });
    let outputs = outputs.with_context(|| format!("regenerating from {}", spec.display()))?;
    let webhooks =
        webhooks?.with_context(|| format!("regenerating from {}", webhook_spec.display()))?;
    print_report(&outputs);
    eprintln!("{}", webhooks.summary);
    if args.timings {
        print_timings(&outputs.report.timings, webhooks.elapsed);
    }

    let mut planned: Vec<(PathBuf, &str)> = outputs
        .files
        .iter()
        .map(|(relative, content)| (out.join(relative), content.as_str()))
        .collect();
    planned.extend(
        webhooks
            .files
            .iter()
            .map(|(relative, content)| (out.join(relative), content.as_str())),
    );
    planned.push((names.clone(), outputs.name_map.as_str()));
    if let Some(dir) = &tests_dir {
        for (name, content) in outputs.test_files.iter().chain(&webhooks.test_files) {
            planned.push((dir.join(name), content.as_str()));
        }
    }
    let generated_dir = out.join(pipeline::paths::GENERATED_DIR);
    let leftovers = leftovers(&generated_dir, &planned)?;

    let code = match mode {
        Mode::Check => check(&planned, &leftovers)?,
        Mode::Write => {
            workspace::write_all(&planned, &leftovers)?;
            eprintln!("wrote {} files under {}", planned.len(), out.display());
            ExitCode::SUCCESS
        }
    };
    print_stale(&outputs.report.stale_overlay_actions);
    Ok(code)
}

fn check(planned: &[(PathBuf, &str)], leftovers: &[PathBuf]) -> Result<ExitCode> {
    let mut stale = Vec::new();
    for (path, content) in planned {
        let current = workspace::read_optional(path)?;
        match current {
            Some(current) if current == *content => {}
            Some(_) => stale.push(format!("differs: {}", path.display())),
            None => stale.push(format!("missing: {}", path.display())),
        }
    }
    stale.extend(
        leftovers
            .iter()
            .map(|p| format!("not generated any more: {}", p.display())),
    );
    if stale.is_empty() {
        eprintln!("generated files are up to date ({} checked)", planned.len());
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "generated files are stale ({} of {}):",
        stale.len(),
        planned.len()
    );
    for line in &stale {
        eprintln!("  {line}");
    }
    eprintln!("run `cargo xtask regenerate` and commit the result");
    Ok(ExitCode::FAILURE)
}

/// Rust files in the generated directory that this run would not write.
fn leftovers(dir: &Path, planned: &[(PathBuf, &str)]) -> Result<Vec<PathBuf>> {
    let planned: BTreeSet<&PathBuf> = planned.iter().map(|(p, _)| p).collect();
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    for path in workspace::list(dir)? {
        if path.extension().is_some_and(|e| e == "rs") && !planned.contains(&path) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

fn print_report(outputs: &Outputs) {
    let report = &outputs.report;
    eprintln!("operations: {}", report.operation_count);
    let stale = report.stale_overlay_actions.len();
    if stale == 0 {
        eprintln!("overlay actions applied: {}", report.overlay_actions.len());
    } else {
        eprintln!(
            "overlay actions applied: {}; STALE, left out (--skip-stale): {stale}, listed at the end",
            report.overlay_actions.len()
        );
    }
    let [(e0, w0), (e1, w1)] = report.lint_counts;
    eprintln!(
        "lint: {e0} errors, {w0} warnings before overlays; {e1} errors, {w1} warnings after \
         (details and the accepted list: `cargo xtask lint`)"
    );
    eprintln!(
        "types: {} names are aliases of a same-shaped type; builders: {} kept for requests, {} dropped",
        report.merged_types, report.builders.kept, report.builders.removed
    );
    eprintln!(
        "features: {} (one per tag, and `full`); cfg on {} methods and {} types, {} reached by no \
         operation (compiled with `full` only)",
        report.features, report.gated.methods, report.gated.types, report.gated.unreached
    );
    for (key, name) in &report.names.added {
        eprintln!("  new method name: {key} -> {name}");
    }
    for (key, name) in &report.names.removed {
        eprintln!("  operation gone: {key} (was {name})");
    }
    if !report.hand_written.is_empty() {
        eprintln!(
            "hand-written methods (multipart): {}",
            report.hand_written.join(", ")
        );
    }
    eprintln!("conversion rewrites: {}", report.notes.len());
    for note in &report.notes {
        eprintln!("  {}: {}", note.location, note.message);
    }
    for (method, reason) in &report.skipped_pagination {
        eprintln!("  no stream() for {method}: {reason}");
    }
}

/// Stale actions left out by `--skip-stale`, listed once, last, so they are the last thing read
/// (the report at the top gives their count).
fn print_stale(stale: &[codegen::overlay::StaleAction]) {
    if stale.is_empty() {
        return;
    }
    eprintln!(
        "\nWARNING: --skip-stale left out {} overlay action(s) that match nothing; this output is \
         for reviewing the drop, not for committing as is. Rewrite or delete each action \
         (`cargo xtask overlays` lists them per file), then run `cargo xtask regenerate` without \
         the flag:",
        stale.len()
    );
    for action in stale {
        eprintln!("  left out: {action}");
    }
}

/// What the webhook flow's thread hands back: everything the xtask writes or prints.
struct WebhookFiles {
    files: std::collections::BTreeMap<String, String>,
    test_files: std::collections::BTreeMap<String, String>,
    summary: String,
    elapsed: std::time::Duration,
}

fn webhook_summary(webhooks: &codegen::webhooks::WebhookOutputs) -> String {
    let report = &webhooks.report;
    let [(e0, w0), (e1, w1)] = report.lint_counts;
    format!(
        "webhook events: {}; overlay actions applied: {}; lint: {e0} errors, {w0} warnings before \
         overlays, {e1} errors, {w1} warnings after; conversion rewrites: {}; {} payload type names \
         are aliases of a same-shaped type",
        webhooks.events.len(),
        report.overlay_actions.len(),
        report.notes.len(),
        report.merged_types
    )
}

fn print_timings(timings: &codegen::timings::Timings, webhooks: std::time::Duration) {
    eprintln!("stage timings (wall):");
    for (stage, duration) in timings.stages() {
        eprintln!("  {:>8.1} ms  {stage}", duration.as_secs_f64() * 1e3);
    }
    eprintln!("  {:>8.1} ms  total", timings.total().as_secs_f64() * 1e3);
    eprintln!(
        "  {:>8.1} ms  webhook document, whole flow (on a second thread, beside the above)",
        webhooks.as_secs_f64() * 1e3
    );
}

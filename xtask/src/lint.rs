//! `cargo xtask lint`: the spec's inconsistencies before and after the overlays.
//!
//! Prints the per-rule counts for the raw spec and for the overlaid one, then every finding left
//! after overlays (accepted ones marked as such), then stale accept entries and stale overlay
//! actions (per overlay file, as `cargo xtask overlays` does), then every entry of the method-name
//! map that breaks the naming rule; then the same for the webhook document (as its flow reads it:
//! events under `paths`, Zoom's string examples decoded), with its own overlays and accepted list
//! in `overlays/webhooks/`. Exits non-zero when an error finding is neither fixed by an
//! overlay nor accepted, when an accept entry or an overlay action is stale, or when a method name
//! breaks the rule.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use codegen::lint::{self, Severity};

use crate::workspace;

/// The accepted-findings list, inside the overlays directory.
const ACCEPTED_FILE: &str = "lint-accepted.yaml";

#[derive(Debug, clap::Args)]
pub(crate) struct LintArgs {
    /// The spec to lint, relative to the workspace root.
    #[arg(long, default_value = "spec/contact-center.json")]
    spec: PathBuf,
    /// The overlays directory (also holds `lint-accepted.yaml`), relative to the workspace root.
    #[arg(long, default_value = "overlays")]
    overlays: PathBuf,
    /// The method-name map, relative to the workspace root.
    #[arg(long, default_value = "spec/method-names.json")]
    names: PathBuf,
    /// The webhook document, linted as its flow reads it, relative to the workspace root.
    #[arg(long, default_value = "spec/contact-center-webhooks.json")]
    webhooks: PathBuf,
    /// The webhook document's overlays directory (and its `lint-accepted.yaml`).
    #[arg(long, default_value = "overlays/webhooks")]
    webhook_overlays: PathBuf,
}

pub(crate) fn run(args: LintArgs) -> Result<ExitCode> {
    let root = workspace::root()?;
    let spec_name = args.spec.display().to_string();
    let api = crate::overlays::load(
        &root.join(&args.spec),
        &spec_name,
        &root.join(&args.overlays),
    )?;
    let api_outcome = lint_document(&spec_name, &api, &root.join(&args.overlays), |document| {
        Ok(document.clone())
    })?;

    // The same comparison as the spelling rule, as the alias sets the generated types decode.
    let spellings = codegen::spellings::Spellings::of(&api.overlaid);
    println!(
        "\n== alias sets the generated types accept on decode (each type sends its own spelling)"
    );
    for set in spellings.enum_sets() {
        println!("enum value: {}", join(set));
    }
    for set in spellings.property_sets() {
        println!("property:   {}", join(set));
    }
    let name_problems = check_names(&root.join(&args.names), &args.names, &api.overlaid)?;

    // The webhook document, as its flow reads it (events under `paths`, examples decoded).
    let webhook_name = args.webhooks.display().to_string();
    let webhooks = crate::overlays::load(
        &root.join(&args.webhooks),
        &webhook_name,
        &root.join(&args.webhook_overlays),
    )?;
    println!();
    let webhook_outcome = lint_document(
        &webhook_name,
        &webhooks,
        &root.join(&args.webhook_overlays),
        |document| {
            codegen::webhooks::read::lint_view(document)
                .with_context(|| format!("reading {webhook_name}"))
        },
    )?;

    if !api_outcome.passed() || !webhook_outcome.passed() || name_problems > 0 {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// What is left of one document's lint after its overlays and accepted list.
struct Outcome {
    errors: usize,
    stale_accepted: usize,
    stale_actions: usize,
}

impl Outcome {
    fn passed(&self) -> bool {
        self.errors == 0 && self.stale_accepted == 0 && self.stale_actions == 0
    }
}

/// Prints one document's findings before and after its overlays (read through `view`, the form
/// its flow lints), the accepted and stale entries of its `lint-accepted.yaml`, and its stale
/// overlay actions.
fn lint_document(
    name: &str,
    document: &crate::overlays::Overlaid,
    overlay_dir: &std::path::Path,
    view: impl Fn(&serde_json::Value) -> Result<serde_json::Value>,
) -> Result<Outcome> {
    let accepted_path = overlay_dir.join(ACCEPTED_FILE);
    let accepted = match workspace::read_optional(&accepted_path)? {
        Some(text) => lint::parse_accepted(ACCEPTED_FILE, &text)?,
        None => Vec::new(),
    };
    let before = lint::lint(&view(&document.raw)?);
    let after = lint::lint(&view(&document.overlaid)?);
    println!("== {name}, before overlays: {} findings", before.len());
    print!("{}", lint::render_counts(&before));
    println!(
        "\n== {name}, after {} overlay file(s), {} action(s): {} findings",
        document.overlays.len(),
        document.report.actions.len(),
        after.len()
    );
    print!("{}", lint::render_counts(&after));

    let partition = lint::partition(after, &accepted);
    println!("\n== {name}: findings after overlays");
    print!("{}", lint::render(&partition.remaining));
    for (finding, reason) in &partition.accepted {
        println!("accepted: {finding} -- {reason}");
    }
    for entry in &partition.stale {
        println!(
            "stale accept entry: {} {} matches no finding; delete it from {}",
            entry.rule,
            entry.pointer,
            accepted_path.display()
        );
    }
    if !document.report.stale.is_empty() {
        println!("\n== {name}: overlay actions");
        print!(
            "{}",
            codegen::overlay::render_by_file(&document.overlays, &document.report)
        );
    }
    let errors = partition
        .remaining
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = partition.remaining.len() - errors;
    println!(
        "\n{name}: {errors} error(s), {warnings} warning(s), {} accepted, {} stale accept \
         entr(ies), {} stale overlay action(s)",
        partition.accepted.len(),
        partition.stale.len(),
        document.report.stale.len()
    );
    Ok(Outcome {
        errors,
        stale_accepted: partition.stale.len(),
        stale_actions: document.report.stale.len(),
    })
}

fn join(set: &std::collections::BTreeSet<String>) -> String {
    set.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(" = ")
}

/// Checks the committed method names against the naming rule (spec/README.md, "Method names") for
/// the operations of the overlaid document; prints each problem and returns how many there are.
fn check_names(
    path: &std::path::Path,
    shown: &std::path::Path,
    document: &serde_json::Value,
) -> Result<usize> {
    let shown = shown.display().to_string();
    let Some(text) = workspace::read_optional(path)? else {
        println!("\n== {shown}: absent; regenerate derives every name by the naming rule");
        return Ok(0);
    };
    let map = codegen::names::NameMap::parse(&shown, &text)
        .with_context(|| format!("loading {shown}"))?;
    let problems = map.check(&codegen::convert::operation_facts(document));
    println!(
        "\n== {shown}: {} method name(s) breaking the naming rule (spec/README.md, \"Method names\")",
        problems.len()
    );
    for problem in &problems {
        println!("{problem}");
    }
    Ok(problems.len())
}

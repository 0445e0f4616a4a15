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
    // Each document is linted as its run's model holds it ([`codegen::pipeline::client_document`],
    // [`codegen::webhooks::client_document`]): overlaid the way regenerate overlays it, and the
    // alias sets listed are the ones the generated types were given (the converted document's).
    let spec_name = args.spec.display().to_string();
    let spec_text = workspace::read(&root.join(&args.spec))?;
    let api = codegen::pipeline::client_document(&codegen::pipeline::Inputs {
        spec_file: spec_name.clone(),
        spec_text: spec_text.clone(),
        overlays: workspace::overlay_files(&root.join(&args.overlays))?,
        name_map: None,
        manifest: String::new(),
        readme: None,
    })
    .with_context(|| format!("reading {spec_name} with its overlays"))?;
    let api_outcome = lint_document(
        &Linted {
            name: &spec_name,
            raw: &raw(&spec_name, &spec_text)?,
            overlaid: &api.overlaid,
            overlays: &api.overlays,
            applied: &api.applied,
        },
        &root.join(&args.overlays),
        |document| Ok(document.clone()),
    )?;

    let spellings = &api.converted.spellings;
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

    let webhook_name = args.webhooks.display().to_string();
    let webhook_text = workspace::read(&root.join(&args.webhooks))?;
    let webhooks = codegen::webhooks::client_document(&codegen::webhooks::WebhookInputs {
        spec_file: webhook_name.clone(),
        spec_text: webhook_text.clone(),
        overlays: workspace::overlay_files(&root.join(&args.webhook_overlays))?,
    })
    .with_context(|| format!("reading {webhook_name} with its overlays"))?;
    println!();
    let webhook_outcome = lint_document(
        &Linted {
            name: &webhook_name,
            raw: &raw(&webhook_name, &webhook_text)?,
            overlaid: &webhooks.overlaid,
            overlays: &webhooks.overlays,
            applied: &webhooks.applied,
        },
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

/// The document as given, as a run's model overlaid it, and what its overlays did.
struct Linted<'a> {
    name: &'a str,
    raw: &'a serde_json::Value,
    overlaid: &'a serde_json::Value,
    overlays: &'a [codegen::overlay::Overlay],
    applied: &'a codegen::overlay::ApplyReport,
}

/// The document as given, before its overlays.
fn raw(name: &str, text: &str) -> Result<serde_json::Value> {
    Ok(codegen::load::parse(name, text)
        .with_context(|| format!("loading {name}"))?
        .value)
}

/// Prints one document's findings before and after its overlays (read through `view`, the form
/// its flow lints), the accepted and stale entries of its `lint-accepted.yaml`, and its stale
/// overlay actions.
fn lint_document(
    document: &Linted<'_>,
    overlay_dir: &std::path::Path,
    view: impl Fn(&serde_json::Value) -> Result<serde_json::Value>,
) -> Result<Outcome> {
    let name = document.name;
    let accepted_path = overlay_dir.join(ACCEPTED_FILE);
    let accepted = match workspace::read_optional(&accepted_path)? {
        Some(text) => lint::parse_accepted(ACCEPTED_FILE, &text)?,
        None => Vec::new(),
    };
    let before = lint::lint(&view(document.raw)?);
    let after = lint::lint(&view(document.overlaid)?);
    println!("== {name}, before overlays: {} findings", before.len());
    print!("{}", lint::render_counts(&before));
    println!(
        "\n== {name}, after {} overlay file(s), {} action(s): {} findings",
        document.overlays.len(),
        document.applied.actions.len(),
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
    if !document.applied.stale.is_empty() {
        println!("\n== {name}: overlay actions");
        print!(
            "{}",
            codegen::overlay::render_by_file(document.overlays, document.applied)
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
        document.applied.stale.len()
    );
    Ok(Outcome {
        errors,
        stale_accepted: partition.stale.len(),
        stale_actions: document.applied.stale.len(),
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

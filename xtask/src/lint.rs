//! `cargo xtask lint`: the spec's inconsistencies before and after the overlays.
//!
//! Prints the per-rule counts for the raw spec and for the overlaid one, then every finding left
//! after overlays (accepted ones marked as such), then stale accept entries and stale overlay
//! actions (per overlay file, as `cargo xtask overlays` does), then every entry of the method-name
//! map that breaks the naming rule. Exits non-zero when an error finding is neither fixed by an
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
}

pub(crate) fn run(args: LintArgs) -> Result<ExitCode> {
    let root = workspace::root()?;
    let spec_path = root.join(&args.spec);
    let overlay_dir = root.join(&args.overlays);
    let spec_name = args.spec.display().to_string();
    let crate::overlays::Overlaid {
        raw,
        overlaid,
        overlays,
        report,
    } = crate::overlays::load(&spec_path, &spec_name, &overlay_dir)?;

    let accepted_path = overlay_dir.join(ACCEPTED_FILE);
    let accepted = match workspace::read_optional(&accepted_path)? {
        Some(text) => lint::parse_accepted(ACCEPTED_FILE, &text)?,
        None => Vec::new(),
    };

    let before = lint::lint(&raw);
    let after = lint::lint(&overlaid);
    println!("== {spec_name}, before overlays: {} findings", before.len());
    print!("{}", lint::render_counts(&before));
    println!(
        "\n== after {} overlay file(s), {} action(s): {} findings",
        overlays.len(),
        report.actions.len(),
        after.len()
    );
    print!("{}", lint::render_counts(&after));

    let partition = lint::partition(after, &accepted);
    println!("\n== findings after overlays");
    print!("{}", lint::render(&partition.remaining));
    for (finding, reason) in &partition.accepted {
        println!("accepted: {finding} -- {reason}");
    }
    for entry in &partition.stale {
        println!(
            "stale accept entry: {} {} matches no finding; delete it from {ACCEPTED_FILE}",
            entry.rule, entry.pointer
        );
    }

    // The same comparison as the spelling rule, as the alias sets the generated types decode.
    let spellings = codegen::spellings::Spellings::of(&overlaid);
    println!(
        "\n== alias sets the generated types accept on decode (each type sends its own spelling)"
    );
    for set in spellings.enum_sets() {
        println!("enum value: {}", join(set));
    }
    for set in spellings.property_sets() {
        println!("property:   {}", join(set));
    }

    if !report.stale.is_empty() {
        println!("\n== overlay actions");
        print!("{}", codegen::overlay::render_by_file(&overlays, &report));
    }

    let errors = partition
        .remaining
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = partition.remaining.len() - errors;
    println!(
        "\n{errors} error(s), {warnings} warning(s), {} accepted, {} stale accept entr(ies), \
         {} stale overlay action(s)",
        partition.accepted.len(),
        partition.stale.len(),
        report.stale.len()
    );
    let name_problems = check_names(&root.join(&args.names), &args.names, &overlaid)?;
    if errors > 0 || !partition.stale.is_empty() || !report.stale.is_empty() || name_problems > 0 {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
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

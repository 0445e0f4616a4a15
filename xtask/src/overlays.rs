//! `cargo xtask overlays`: per overlay file, how many actions apply to the spec and which are
//! stale. Never fails on stale actions: it is the planning view of a spec drop (regenerate and CI
//! are the strict ones).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use codegen::overlay::{self, ApplyReport, Overlay};
use serde_json::Value;

use crate::workspace;

#[derive(Debug, clap::Args)]
pub(crate) struct OverlaysArgs {
    /// The spec to apply the overlays to, relative to the workspace root.
    #[arg(long, default_value = "spec/contact-center.json")]
    spec: PathBuf,
    /// The overlays directory, relative to the workspace root.
    #[arg(long, default_value = "overlays")]
    overlays: PathBuf,
}

/// The spec as given, as overlaid, the parsed overlays and what applying them did. Shared by
/// `overlays` and `lint`, so both read the document and the overlays the same way.
pub(crate) struct Overlaid {
    pub(crate) raw: Value,
    pub(crate) overlaid: Value,
    pub(crate) overlays: Vec<Overlay>,
    pub(crate) report: ApplyReport,
}

pub(crate) fn load(spec: &Path, spec_name: &str, overlay_dir: &Path) -> Result<Overlaid> {
    let text = workspace::read(spec)?;
    let raw = codegen::load::parse(spec_name, &text)
        .with_context(|| format!("loading {spec_name}"))?
        .value;
    let mut overlaid = raw.clone();
    let (overlays, report) =
        overlay::apply_files(&mut overlaid, &workspace::overlay_files(overlay_dir)?)
            .context("applying overlays")?;
    Ok(Overlaid {
        raw,
        overlaid,
        overlays,
        report,
    })
}

pub(crate) fn run(args: OverlaysArgs) -> Result<ExitCode> {
    let root = workspace::root()?;
    let spec_name = args.spec.display().to_string();
    let loaded = load(
        &root.join(&args.spec),
        &spec_name,
        &root.join(&args.overlays),
    )?;
    println!("== overlays on {spec_name}");
    print!(
        "{}",
        overlay::render_by_file(&loaded.overlays, &loaded.report)
    );
    if !loaded.report.stale.is_empty() {
        println!(
            "\nStale actions change nothing: rewrite each against the new document or delete it. \
             `cargo xtask regenerate --skip-stale` regenerates without them meanwhile."
        );
    }
    Ok(ExitCode::SUCCESS)
}

//! `cargo xtask overlays`: per overlay file, how many actions apply to the spec and which are
//! stale. Never fails on stale actions: it is the planning view of a spec drop (regenerate and CI
//! are the strict ones).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use codegen::overlay;

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

pub(crate) fn run(args: OverlaysArgs) -> Result<ExitCode> {
    let root = workspace::root()?;
    let spec_name = args.spec.display().to_string();
    // The overlays as the run's model applies them (`codegen::pipeline::client_document`): the
    // same parse, order and targets as regenerate, stale actions listed instead of failing.
    let loaded = codegen::pipeline::client_document(&codegen::pipeline::Inputs {
        spec_file: spec_name.clone(),
        spec_text: workspace::read(&root.join(&args.spec))?,
        overlays: workspace::overlay_files(&root.join(&args.overlays))?,
        name_map: None,
        manifest: String::new(),
        readme: None,
    })
    .with_context(|| format!("reading {spec_name} with its overlays"))?;
    println!("== overlays on {spec_name}");
    print!(
        "{}",
        overlay::render_by_file(&loaded.overlays, &loaded.applied)
    );
    if !loaded.stale().is_empty() {
        println!(
            "\nStale actions change nothing: rewrite each against the new document or delete it. \
             `cargo xtask regenerate --skip-stale` regenerates without them meanwhile."
        );
    }
    Ok(ExitCode::SUCCESS)
}

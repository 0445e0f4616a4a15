//! `cargo xtask import-reference`: rebuilds `spec/contact-center.json` from Zoom's rendered API
//! reference and the operations table, and lists every reference line that found no place.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

/// Arguments of `cargo xtask import-reference`.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The rendered reference (e.g. `../shared/reference/contact-center-api-reference.txt`).
    reference: PathBuf,
    /// The operations table (e.g. `../shared/reference/operations.json`).
    operations: PathBuf,
    /// Where to write the document; relative paths are taken from the workspace root.
    #[arg(long, default_value = "spec/contact-center.json")]
    out: PathBuf,
}

pub(crate) fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let reference = std::fs::read_to_string(&args.reference)
        .with_context(|| format!("reading the reference {}", args.reference.display()))?;
    let operations = std::fs::read_to_string(&args.operations)
        .with_context(|| format!("reading the operations table {}", args.operations.display()))?;
    let imported = importer::import(&reference, &operations)
        .with_context(|| format!("importing {}", args.reference.display()))?;
    let text = imported
        .to_json_text()
        .context("serialising the document")?;
    let out = if args.out.is_absolute() {
        args.out.clone()
    } else {
        crate::workspace::root()?.join(&args.out)
    };
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(&out, text).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {}", out.display());
    eprintln!("unplaced lines: {}", imported.unplaced.len());
    for item in &imported.unplaced {
        eprintln!("  {item}");
    }
    Ok(ExitCode::SUCCESS)
}

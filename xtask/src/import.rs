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
    let reference = crate::workspace::read(&args.reference).context("reading the reference")?;
    let operations =
        crate::workspace::read(&args.operations).context("reading the operations table")?;
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
    crate::workspace::write_all(&[(out.clone(), text.as_str())], &[])?;
    eprintln!("wrote {}", out.display());
    eprintln!("unplaced lines: {}", imported.unplaced.len());
    for item in &imported.unplaced {
        eprintln!("  {item}");
    }
    Ok(ExitCode::SUCCESS)
}

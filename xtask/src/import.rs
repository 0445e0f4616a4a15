//! TODO

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {}

pub(crate) fn run(_args: ImportArgs) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("not implemented yet")
}

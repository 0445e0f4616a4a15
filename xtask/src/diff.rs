//! TODO

#[derive(Debug, clap::Args)]
pub(crate) struct DiffArgs {}

pub(crate) fn run(_args: DiffArgs) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("not implemented yet")
}

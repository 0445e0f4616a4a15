//! TODO

#[derive(Debug, clap::Args)]
pub(crate) struct RegenerateArgs {}

pub(crate) fn run(_args: RegenerateArgs) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("not implemented yet")
}

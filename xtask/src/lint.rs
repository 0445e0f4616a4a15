//! TODO

#[derive(Debug, clap::Args)]
pub(crate) struct LintArgs {}

pub(crate) fn run(_args: LintArgs) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("not implemented yet")
}

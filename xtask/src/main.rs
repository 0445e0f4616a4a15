//! `cargo xtask`: the workspace's command line. A thin clap shell: it reads and writes the workspace's
//! files and hands everything else to the `codegen` library.

mod diff;
mod import;
mod lint;
mod overlays;
mod regenerate;
mod workspace;

use clap::{Parser, Subcommand};

/// Code generation builds, parses and drops millions of small syntax-tree nodes (tokens, idents,
/// doc strings); mimalloc makes `regenerate` about a third faster than the system allocator (figures
/// in `BENCHMARKS.md`). The xtask is the only binary, so the choice stays out of the libraries.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(name = "xtask", about = "Workspace tasks for zoom-contact-center")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole flow (load -> overlay -> lint -> convert -> generate -> format) and write `generated/`.
    Regenerate(regenerate::RegenerateArgs),
    /// Report the spec's inconsistencies before and after overlays.
    Lint(lint::LintArgs),
    /// List, per overlay file, how many actions apply to the spec and which are stale (never fails on stale).
    Overlays(overlays::OverlaysArgs),
    /// Report what changed for the crate's users between two versions of the spec.
    Diff(diff::DiffArgs),
    /// Rebuild `spec/contact-center.json` from Zoom's rendered reference and the operations table.
    ImportReference(import::ImportArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regenerate(args) => regenerate::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Overlays(args) => overlays::run(args),
        Command::Diff(args) => diff::run(args),
        Command::ImportReference(args) => import::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

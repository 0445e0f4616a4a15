//! `cargo xtask diff [<old>] [<new>]`: what changed for the crate's users between two versions of the
//! spec, as a Markdown (or JSON) report ending with the semver bump it implies.
//!
//! Each side is a file path or a git revision: `HEAD~1` means `HEAD~1:spec/contact-center.json`, and
//! `rev:path` is passed to `git show` as written. By default the committed spec (`HEAD`) is compared
//! with the working-tree file, which is what a reviewer wants right after dropping a new download into
//! `spec/`. The report is information, so the exit code is 0 whatever it says; only errors (unreadable
//! input, unknown revision, malformed document) exit non-zero.
//!
//! Each API document is compared as the generated client sees it
//! ([`codegen::pipeline::client_document`]): with its overlays (those of the same revision for a
//! revision of the workspace's spec, the working tree's otherwise) and converted as `regenerate`
//! converts it, so a change that `convert` removes, such as a string `format`, is no change of the
//! crate. Overlay actions that match nothing and operations convert refuses are left out and named
//! on stderr. `--webhooks` compares the webhook document the same way
//! ([`codegen::webhooks::client_document`]): with its own overlays (`overlays/webhooks`), each
//! event's payload as converted for the generated types.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use codegen::diff::{Labels, diff_models};
use codegen::pipeline::{ClientDocument, Inputs, client_document};

/// The spec's place in the workspace, relative to its root.
const SPEC_PATH: &str = "spec/contact-center.json";
/// The webhook document's place, for `--webhooks`.
const WEBHOOKS_PATH: &str = "spec/contact-center-webhooks.json";

/// The method-name map's place in the workspace, relative to its root.
const NAMES_PATH: &str = "spec/method-names.json";
/// The API document's overlays, relative to the root.
const OVERLAYS_DIR: &str = "overlays";
/// The webhook document's own overlays.
const WEBHOOK_OVERLAYS_DIR: &str = "overlays/webhooks";

#[derive(Debug, clap::Args)]
pub(crate) struct DiffArgs {
    /// The old document: a file path, a git revision (`HEAD~1`, meaning
    /// `HEAD~1:spec/contact-center.json`) or `rev:path`. Default: `HEAD:spec/contact-center.json`.
    old: Option<String>,
    /// The new document, in the same forms. Default: the working tree's `spec/contact-center.json`.
    new: Option<String>,
    /// Also write the report to this file.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Compare two webhook documents (default files: `spec/contact-center-webhooks.json`): events
    /// added, removed and changed, classed as a receiver of their payloads sees them.
    #[arg(long)]
    webhooks: bool,
}

/// How the report is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// For people: grouped by impact and operation, ending with the version bump.
    Markdown,
    /// For tools: one object per change, plus summary and bump.
    Json,
}

/// Where one side of the comparison comes from.
#[derive(Debug, PartialEq, Eq)]
enum Source {
    /// A file on disk.
    File(PathBuf),
    /// An object `git show` understands (`rev:path`).
    Git(String),
}

pub(crate) fn run(args: DiffArgs) -> Result<ExitCode> {
    let root = crate::workspace::root()?;
    let spec = if args.webhooks {
        WEBHOOKS_PATH
    } else {
        SPEC_PATH
    };
    let old_arg = args.old.unwrap_or_else(|| format!("HEAD:{spec}"));
    let new_arg = args.new.unwrap_or_else(|| spec.to_owned());
    let report = if args.webhooks {
        let old = webhook_view(&root, &old_arg)
            .with_context(|| format!("loading the old spec `{old_arg}`"))?;
        let new = webhook_view(&root, &new_arg)
            .with_context(|| format!("loading the new spec `{new_arg}`"))?;
        codegen::webhooks::diff::diff_models(&old, &new)
    } else {
        // The method names live beside the spec: compare them too when both sides are the
        // workspace's spec (a revision or the working tree), so that renamed methods show.
        let (old_names, new_names) = (names_text(&root, &old_arg)?, names_text(&root, &new_arg)?);
        let old = client_view(&root, &old_arg, old_names.clone())
            .with_context(|| format!("loading the old spec `{old_arg}`"))?;
        let new = client_view(&root, &new_arg, new_names.clone())
            .with_context(|| format!("loading the new spec `{new_arg}`"))?;
        // Renames are reported only when both runs read their committed map: a side without
        // one derives every name, which is not a rename.
        let compare_names = old_names.is_some() && new_names.is_some();
        diff_models(&old, &new, compare_names)
    }
    .context("comparing the two specs")?;
    let labels = Labels {
        old: &old_arg,
        new: &new_arg,
    };
    let mut text = match args.format {
        Format::Markdown => report.to_markdown(&labels),
        Format::Json => serde_json::to_string_pretty(&report.to_json(&labels))
            .context("rendering the report as JSON")?,
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    print!("{text}");
    if let Some(out) = &args.out {
        crate::workspace::write_all(&[(out.clone(), text.as_str())], &[])?;
        eprintln!("report written to {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads one side's text.
fn load(root: &Path, arg: &str, spec: &str) -> Result<String> {
    match resolve(root, arg, spec, |p| p.is_file()) {
        Source::File(path) => crate::workspace::read(&path),
        Source::Git(object) => crate::workspace::git_show(root, &object),
    }
}

/// One side as the generated client sees it: its overlays applied and converted as `regenerate`
/// does (see the module docs). What was left out is named on stderr.
fn client_view(root: &Path, arg: &str, name_map: Option<String>) -> Result<ClientDocument> {
    let inputs = Inputs {
        spec_file: arg.to_owned(),
        spec_text: load(root, arg, SPEC_PATH)?,
        overlays: overlays_for(root, arg)?,
        name_map,
        manifest: String::new(),
        readme: None,
    };
    let view = client_document(&inputs)?;
    left_out(
        arg,
        "overlay action(s) match nothing and were left out",
        view.stale(),
    );
    left_out(
        arg,
        "operation(s) convert refuses are not compared",
        &view.refused,
    );
    Ok(view)
}

/// One side of `--webhooks` as the generated events see it: its own overlays applied (those of
/// the same revision, as for the API document) and the payloads converted. Stale overlay actions
/// are named on stderr and left out.
fn webhook_view(root: &Path, arg: &str) -> Result<codegen::webhooks::WebhookDocument> {
    let inputs = codegen::webhooks::WebhookInputs {
        spec_file: arg.to_owned(),
        spec_text: load(root, arg, WEBHOOKS_PATH)?,
        overlays: overlays_in(root, arg, WEBHOOKS_PATH, WEBHOOK_OVERLAYS_DIR)?
            .into_iter()
            .map(|(name, text)| (format!("webhooks/{name}"), text))
            .collect(),
    };
    let view = codegen::webhooks::client_document(&inputs)?;
    left_out(
        arg,
        "webhook overlay action(s) match nothing and were left out",
        view.stale(),
    );
    Ok(view)
}

/// Names on stderr what one side's view left out (`what` reads after the count).
fn left_out(arg: &str, what: &str, items: &[impl std::fmt::Display]) {
    if items.is_empty() {
        return;
    }
    eprintln!("`{arg}`: {} {what}:", items.len());
    for item in items {
        eprintln!("  {item}");
    }
}

/// The overlays that go with one side of the API document ([`overlays_in`]).
fn overlays_for(root: &Path, arg: &str) -> Result<Vec<(String, String)>> {
    overlays_in(root, arg, SPEC_PATH, OVERLAYS_DIR)
}

/// The overlays in `dir` that go with one side: those committed at the revision for a revision of
/// the workspace's document `spec`, the working tree's for anything else.
fn overlays_in(root: &Path, arg: &str, spec: &str, dir: &str) -> Result<Vec<(String, String)>> {
    match resolve(root, arg, spec, |p| p.is_file()) {
        Source::Git(object) => match object.strip_suffix(&format!(":{spec}")) {
            Some(rev) => crate::workspace::git_overlay_files(root, rev, dir),
            None => crate::workspace::overlay_files(&root.join(dir)),
        },
        Source::File(_) => crate::workspace::overlay_files(&root.join(dir)),
    }
}

/// The text of the name map that goes with one side, when that side is the workspace's spec (at a
/// revision or in the working tree) and the map exists there; `None` for other documents.
fn names_text(root: &Path, arg: &str) -> Result<Option<String>> {
    Ok(match resolve(root, arg, SPEC_PATH, |p| p.is_file()) {
        Source::File(path) if path == root.join(SPEC_PATH) || path == Path::new(SPEC_PATH) => {
            crate::workspace::read_optional(&root.join(NAMES_PATH))?
        }
        Source::Git(object) => match object.strip_suffix(SPEC_PATH) {
            // A revision from before the map existed: nothing to compare.
            Some(rev) => crate::workspace::git_show(root, &format!("{rev}{NAMES_PATH}")).ok(),
            None => None,
        },
        Source::File(_) => None,
    })
}

/// Decides where `arg` comes from. An existing file wins (relative to the current directory, then to
/// the workspace root); otherwise `rev:path` goes to git as written and a bare revision means `spec`
/// at that revision.
fn resolve(root: &Path, arg: &str, spec: &str, is_file: impl Fn(&Path) -> bool) -> Source {
    let as_given = PathBuf::from(arg);
    if is_file(&as_given) {
        return Source::File(as_given);
    }
    let from_root = root.join(arg);
    if is_file(&from_root) {
        return Source::File(from_root);
    }
    if arg.contains(':') {
        Source::Git(arg.to_owned())
    } else {
        Source::Git(format!("{arg}:{spec}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_files_win_then_revisions_name_the_spec() {
        let root = Path::new("/ws");
        let exists = |p: &Path| p == Path::new("local.yaml") || p == Path::new("/ws/spec/x.json");
        assert_eq!(
            resolve(root, "local.yaml", SPEC_PATH, exists),
            Source::File("local.yaml".into())
        );
        assert_eq!(
            resolve(root, "spec/x.json", SPEC_PATH, exists),
            Source::File("/ws/spec/x.json".into())
        );
        assert_eq!(
            resolve(root, "HEAD~1", SPEC_PATH, exists),
            Source::Git("HEAD~1:spec/contact-center.json".to_owned())
        );
        assert_eq!(
            resolve(root, "HEAD~1", WEBHOOKS_PATH, exists),
            Source::Git("HEAD~1:spec/contact-center-webhooks.json".to_owned())
        );
        assert_eq!(
            resolve(root, "v0.1.0:spec/old.yaml", SPEC_PATH, exists),
            Source::Git("v0.1.0:spec/old.yaml".to_owned())
        );
    }
}
